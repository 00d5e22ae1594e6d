"""The event chain's arithmetic: how an event is hashed, linked and signed.

``db.record.events`` stores what these compute, ``core.verifier`` recomputes it; what the
hash and signature cover is in docs/security.md. A counter's offline act (:class:`DeskAct`)
and a kiosk's held-number touch are chained and signed the same way when they happen
(:func:`sign_act`), each in its own domain."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

from ult_desktop.core.personal_data import PERSONAL_DATA

#: The hash before the first event (and before a key's first event).
GENESIS = bytes(32)
LINK_BYTES = 8
SIG_CONTEXT = b"ULT-EVENT-1\n"
#: The columns the hash covers, in this order (docs/security.md).
HASHED_FIELDS = ("kind", "ticket_id", "ticket_number", "service_prefix", "counter_number",
                 "station", "at", "data", "actor", "station_key")
#: ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` (a tuple as a list), the
#: encoder made once (every event hashes through it; a five-year check sums its rows). The
#: standard library's public encoder: its C speed-up where the interpreter has one, its
#: pure-Python twin (the same text) where not.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
#: Its C encoder made once too (``encode`` makes one a call, the most of a short text's
#: time): the same arguments ``JSONEncoder.iterencode`` gives it, so the same text; used
#: while ``json.encoder`` has its C speed-up (as ``encode`` would).
_speedup = functools.partial(getattr, json.encoder, "c_make_encoder", None)  # (not in stubs)
_C_COMPACT = _speedup()(None, _COMPACT.default, json.encoder.encode_basestring, None, ":", ",",
                        False, False, True) if _speedup() is not None else None


def compact_json(value: Any) -> str:
    """The compact JSON text the record hashes and signs."""
    if _C_COMPACT is not None and _speedup() is not None:
        return "".join(_C_COMPACT(value, 0))
    return _COMPACT.encode(value)


_sha256 = hashlib.sha256


def event_hash(prev: bytes, key_prev: bytes | None, fields: tuple | list,
               rows: str | None = None) -> bytes:
    """The chain hash of one event whose :data:`HASHED_FIELDS` values are *fields*; *rows*:
    its projection images' JSON text as stored (None: hashed as before migration record_is_signed_events)."""
    if rows is not None:
        fields = (*fields, rows)
    return _sha256(b"".join((SIG_CONTEXT, prev, key_prev or b"",
                             compact_json(fields).encode("utf-8")))).digest()


#: Keys of an event's data the retention purge erases: the hash leaves them out, and a
#: salted commitment (``_pc``, hashed; salt ``_ps``, erased with them) keeps them
#: tamper-evident until the purge (docs/security.md).
PERSONAL_COMMIT, PERSONAL_SALT = "_pc", "_ps"
PERSONAL_KEYS = frozenset(k for p in PERSONAL_DATA if p.table == "events"
                          for k in p.json_keys) | {PERSONAL_SALT}
_PERSONAL_VALUES = tuple(sorted(PERSONAL_KEYS - {PERSONAL_SALT}))  # in the commitment's order
_PERSONAL_RE = re.compile('"(?:' + "|".join(sorted(map(re.escape, PERSONAL_KEYS))) + ')"')


def json_dict(text: str) -> dict:
    """An event's data text as a dict ({}: not JSON, or not an object)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _without_personal(text: str) -> str:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in PERSONAL_KEYS}
    return compact_json(value)


def _commit(salt: str, personal: dict) -> str:
    return hashlib.sha256((salt + compact_json(personal)).encode("utf-8")).hexdigest()


def personal_values(data: dict) -> dict:
    return {k: data[k] for k in _PERSONAL_VALUES if k in data}


def seal_data(data: dict | None, *, salt_needed: bool = False) -> dict:
    """*data* with a salted commitment to its personal values, if any (or *salt_needed*)."""
    data = dict(data or {})
    personal = personal_values(data)
    if personal or salt_needed:
        salt = secrets.token_hex(16)
        data[PERSONAL_COMMIT], data[PERSONAL_SALT] = _commit(salt, personal), salt
    return data


def personal_tampered(text: str | None) -> bool:
    """True when an event's personal values no longer match its commitment (or have none);
    a purged event (values and salt gone) is fine."""
    if not text or not _PERSONAL_RE.search(text):
        return False  # nothing personal in it (most events): no parsing
    data = json_dict(text)  # (not JSON: the chain hash itself decides)
    personal = personal_values(data)
    salt, commit = data.get(PERSONAL_SALT), data.get(PERSONAL_COMMIT)
    if salt is not None:
        return not isinstance(salt, str) or _commit(salt, personal) != commit
    return bool(personal)


def personal_erased(text: str | None) -> bool:
    """True when an event's personal values went with their salt: only the commitment."""
    if not text or f'"{PERSONAL_COMMIT}"' not in text:
        return False
    data = json_dict(text)
    return bool(data) and PERSONAL_SALT not in data and not personal_values(data)


def hashed_data(text: str, *, canonical: bool = False) -> str:
    """An event's ``data`` as its hash covers it: the stored text, or compact JSON without
    the personal keys (as the purge leaves it) when it has any, or *canonical*."""
    if canonical or (text and _PERSONAL_RE.search(text)):
        return _without_personal(text)
    return text


def hashed_fields(fields: tuple, *, canonical: bool = False) -> tuple:
    """The :data:`HASHED_FIELDS` values as the hash covers them (``data`` is index 7)."""
    return (*fields[:7], hashed_data(fields[7], canonical=canonical), *fields[8:])


def hash_holds(stored: bytes, prev: bytes, key_prev: bytes | None, fields: tuple,
               rows: str | None) -> bool:
    """Whether an event's :data:`HASHED_FIELDS` values *fields* and *rows* still give its
    hash *stored*: as written, or with its data as the purge may have rewritten it."""
    return event_hash(prev, key_prev, hashed_fields(fields), rows) == stored or \
        event_hash(prev, key_prev, hashed_fields(fields, canonical=True), rows) == stored


def sig_message(digest: bytes) -> bytes:
    return SIG_CONTEXT + digest


def _verified(public_key: bytes | None, sig: bytes, message: bytes) -> bool:
    """Whether *sig* is *public_key*'s Ed25519 signature of *message*."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not public_key or not sig:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(sig, message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify_hex(public_key: bytes | None, sig: object, message: bytes) -> bool:
    """Whether *sig* (hex text) is *public_key*'s Ed25519 signature of *message*."""
    try:
        return isinstance(sig, str) and _verified(public_key, bytes.fromhex(sig), message)
    except ValueError:
        return False


def verify_sig(public_key: bytes, digest: bytes, sig: bytes | None) -> bool:
    """True if *sig* is the Ed25519 signature of the event hash *digest*."""
    return bool(sig) and _verified(public_key, bytes(sig or b""), sig_message(digest))


def event_fault(fields: tuple, rows: str | None, links: tuple, stored: bytes | None,
                sig: bytes | None, prev: bytes | None, key_prev: bytes | None,
                public: bytes | None) -> str | None:
    """Why an event does not stand as written (``check``'s test of one event), or None:
    ``inserted`` (no hash), ``link`` (*prev*, its predecessor's hash, or *key_prev*, its
    key's previous one, is not what *links* (``prev_link``, ``key_link``) name), ``edited``
    (its :data:`HASHED_FIELDS` values *fields* and *rows* no longer give its hash),
    ``forged`` (not signed by *public*, its key's registered public key; None: no key)."""
    if not stored:
        return "inserted"
    stored, prev_link, key_link = bytes(stored), bytes(links[0] or b""), bytes(links[1] or b"")
    prev = bytes(prev) if prev else GENESIS
    key_prev = GENESIS if key_link == GENESIS[:LINK_BYTES] else bytes(key_prev or b"")
    if prev[:LINK_BYTES] != prev_link or key_prev[:LINK_BYTES] != key_link:
        return "link"
    if not hash_holds(stored, prev, key_prev, fields, rows):
        return "edited"
    if public is not None and not verify_sig(public, stored, bytes(sig) if sig else None):
        return "forged"
    return None


def key_id_of(public_key: bytes) -> str:
    """A station key's id: the first 16 hex digits of SHA-256 of the raw public key."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:16]


def fingerprint(key_id: str) -> str:
    """The key id in groups of four, to read aloud and compare on two screens."""
    return " ".join(key_id[i:i + 4] for i in range(0, len(key_id), 4))


#: What the root's QR holds before the key id (a scanned QR reads as a typed fingerprint).
ROOT_QR_PREFIX = "ULT-ROOT:"


def root_qr_text(key_id: str) -> str:
    return ROOT_QR_PREFIX + key_id


def parse_fingerprint(text: str) -> str | None:
    """The key id in a typed fingerprint ("9f3a 0c1b ...") or a scanned root QR, or None."""
    key = text.strip()
    if key.upper().startswith(ROOT_QR_PREFIX):
        key = key[len(ROOT_QR_PREFIX):]
    key = "".join(key.split()).replace("-", "").lower()
    if len(key) != 16 or any(c not in "0123456789abcdef" for c in key):
        return None
    return key


#: Acts and a kiosk's touches are hashed each in a domain of its own.
ACT_CONTEXT = b"ULT-ACT-1\n"
TOUCH_CONTEXT = b"ULT-TOUCH-1\n"


@dataclass(frozen=True)
class DeskAct:
    """One act at a counter kept on its PC (``db.journals.desk_journal``): done while the share was
    away, or a Selesai (its record's digest in :attr:`body`)."""

    request_id: str
    day: str
    number: str
    counter: int
    officer_id: int | None
    kind: str
    outcome: str | None
    at: str
    state: str = "pending"
    winner: int | None = None
    prev: str = ""              # the hash of the journal's act before it (hex)
    hash: str = ""              # this act's hash (hex): :func:`act_digest`
    key_id: str | None = None   # the station key that signed it when it happened
    sig: str | None = None      # hex
    body: str | None = None     # a finish's payload (its record): SHA-256, signed with it
    why: str | None = None      # set aside by the ticket's rules: their sentence (unsigned)

    #: what the hash covers, in this order (and :attr:`body`, when there is one)
    SIGNED = ("request_id", "day", "number", "counter", "officer_id", "kind", "outcome", "at")


def act_digest(act: Any, prev: str) -> bytes:
    """SHA-256 over *prev* and the line's ``SIGNED`` fields, in its ``CONTEXT``."""
    body = getattr(act, "body", None)
    body = compact_json([getattr(act, f) for f in act.SIGNED] + ([body] if body else []))
    context = getattr(act, "CONTEXT", ACT_CONTEXT)
    return hashlib.sha256(context + bytes.fromhex(prev) + body.encode("utf-8")).digest()


def sign_act(act: Any, prev: str, signer: Any) -> Any:
    """*act* (a journal line dataclass with ``SIGNED``, ``prev``, ``hash``, ``key_id``,
    ``sig``) chained after *prev* and signed as it happens by *signer*
    (``db.engine.port.Signer``, or None): what landing later believes."""
    digest = act_digest(act, prev)
    return replace(act, prev=prev, hash=digest.hex(),
                   key_id=signer.key_id if signer is not None else None,
                   sig=signer.sign(sig_message(digest)).hex() if signer is not None else None)


def signed_fields(act: Any) -> dict:
    """*act* as its station signed it, as a landing event carries it (``data.act``)."""
    body = getattr(act, "body", None)
    return {**{f: getattr(act, f) for f in act.SIGNED}, "key": act.key_id,
            "hash": act.hash, "sig": act.sig, "prev": act.prev, **({"body": body} if body else {})}


def landed_act_fault(fields: Any, signer: str | None, public: bytes | None) -> str | None:
    """Why a landed act (*fields*: ``data.act``) is not what the event's *signer* (its
    registered *public* key) signed: ``act_edited`` or ``act_signature``; or None."""
    try:
        act = SimpleNamespace(SIGNED=DeskAct.SIGNED, body=fields.get("body"),
                              **{f: fields[f] for f in DeskAct.SIGNED})
        edited = fields["hash"] != act_digest(act, fields["prev"]).hex()
        key, sig = fields["key"], bytes.fromhex(fields["sig"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return "act_edited"
    if edited:
        return "act_edited"
    if key != signer or not public or not verify_sig(public, bytes.fromhex(fields["hash"]),
                                                    sig):
        return "act_signature"
    return None


def journal_fault(listed: dict[str, str], acts: object, key: str | None,
                  public: bytes | None) -> str | None:
    """Why a landing's *acts* (``db.queue.offline``) may not stand: each as its station
    signed it, each linked to one the record saw *listed* (hash -> the next act's hash;
    taken in here), a journal's first act linking to none (a station's first listing may
    link to acts landed before listings), never two acts after one: a link missing or a
    history rewritten is ``act_chain``."""
    if not isinstance(acts, list):
        return "act_edited"
    first = not listed
    for act in acts:
        fault = "act_edited" if not isinstance(act, dict) else None if "refused" in act \
            else landed_act_fault(act, key, public)
        if fault is not None:
            return fault
        assert isinstance(act, dict)  # (checked above)
        prev, digest = str(act.get("prev") or ""), str(act.get("hash"))
        if prev and (prev not in listed and not first or
                     listed.get(prev, digest) not in (digest, "")):
            return "act_chain"
        if prev:
            listed[prev] = digest
        listed.setdefault(digest, "")
        first = False
    return None
