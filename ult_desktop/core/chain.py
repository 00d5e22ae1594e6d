"""The event chain's arithmetic: how an event is hashed, linked and signed.

No database here: the writer (:mod:`ult_desktop.db.record.events`) stores what these
compute, the verifier (:mod:`ult_desktop.core.verifier`) recomputes it. docs/security.md
says what the hash covers:

- ``hash`` = SHA-256 over the previous event's hash, the previous hash of the same
  station key (its own sub-chain), and the canonical JSON of the event's fields
  (:data:`HASHED_FIELDS`, values exactly as stored);
- ``sig`` = Ed25519 signature of the hash by the writing station's key, whose id and
  fingerprint are :func:`key_id_of` and :func:`fingerprint`.

A counter's act kept on its own disk while the share is away (:class:`DeskAct`) is
chained and signed the same way when it happens, in a domain of its own
(:data:`ACT_CONTEXT`); landing (``db.queue.offline``) believes only what verifies.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, fields
from typing import Any

from ult_desktop.core.personal_data import PERSONAL_DATA

#: The hash before the first event (and before a key's first event).
GENESIS = bytes(32)
LINK_BYTES = 8
SIG_CONTEXT = b"ULT-EVENT-1\n"
#: The columns the hash covers, in this order (docs/security.md).
HASHED_FIELDS = ("kind", "ticket_id", "ticket_number", "service_prefix", "counter_number",
                 "station", "at", "data", "actor", "station_key")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # tuple = list
_sha256 = hashlib.sha256


def event_hash(prev: bytes, key_prev: bytes | None, fields: tuple | list,
               rows: str | None = None) -> bytes:
    """The chain hash of one event whose :data:`HASHED_FIELDS` values are *fields*.

    *rows*: the event's projection images (``db.record.projection``, since migration 11), the
    JSON text as stored; an event without images hashes exactly as before."""
    if rows is not None:
        fields = (*fields, rows)
    return _sha256(b"".join((SIG_CONTEXT, prev, key_prev or b"",
                             _ENCODE(fields).encode("utf-8")))).digest()


#: Keys of an event's data the retention purge erases (core/personal_data.py): the hash
#: leaves them out, so a lawful purge does not look like tampering. They are still
#: tamper-evident until the purge: :func:`seal_data` adds a salted commitment to them
#: (``_pc``, which the hash covers) and its salt (``_ps``, erased with them), and the
#: verifier recomputes it (:func:`personal_tampered`). After the purge nothing of the
#: values is left to guess from: the salt is gone with them (docs/security.md).
PERSONAL_COMMIT, PERSONAL_SALT = "_pc", "_ps"
PERSONAL_KEYS = frozenset(k for p in PERSONAL_DATA if p.table == "events"
                          for k in p.json_keys) | {PERSONAL_SALT}
_PERSONAL_RE = re.compile('"(?:' + "|".join(sorted(map(re.escape, PERSONAL_KEYS))) + ')"')


def _without_personal(text: str) -> str:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in PERSONAL_KEYS}
    return _ENCODE(value)


def _commit(salt: str, personal: dict) -> str:
    return hashlib.sha256((salt + _ENCODE(personal)).encode("utf-8")).hexdigest()


def personal_values(data: dict) -> dict:
    return {k: data[k] for k in sorted(PERSONAL_KEYS - {PERSONAL_SALT}) if k in data}


def seal_data(data: dict | None, *, salt_needed: bool = False) -> dict:
    """*data* with a salted commitment to its personal values, when it has any (or when
    *salt_needed*: the event's projection images commit to personal values too)."""
    data = dict(data or {})
    personal = personal_values(data)
    if personal or salt_needed:
        salt = secrets.token_hex(16)
        data[PERSONAL_COMMIT], data[PERSONAL_SALT] = _commit(salt, personal), salt
    return data


def personal_tampered(text: str | None) -> bool:
    """True when an event's personal values no longer match its commitment: edited while
    the salt is there, present with the salt removed, or present without a commitment
    (added after the event was written). A purged event (values and salt gone) is fine."""
    if not text or not _PERSONAL_RE.search(text):
        return False  # nothing personal in it (most events): no parsing
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return False  # not JSON: the chain hash itself decides
    if not isinstance(data, dict):
        return False
    personal = personal_values(data)
    salt, commit = data.get(PERSONAL_SALT), data.get(PERSONAL_COMMIT)
    if salt is not None:
        return not isinstance(salt, str) or _commit(salt, personal) != commit
    return bool(personal)


def personal_erased(text: str | None) -> bool:
    """True when an event's personal values were removed with their salt (a purge, or
    someone doing what a purge does): only its commitment is left."""
    if not text or f'"{PERSONAL_COMMIT}"' not in text:
        return False
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return False
    return isinstance(data, dict) and PERSONAL_SALT not in data and not personal_values(data)


def hashed_data(text: str, *, canonical: bool = False) -> str:
    """An event's ``data`` as its hash covers it: the stored text, or, when it holds
    personal keys (or *canonical*), compact JSON without them. The purge's SQL leaves
    compact JSON without them, so the hash still matches after it."""
    if canonical or (text and _PERSONAL_RE.search(text)):
        return _without_personal(text)
    return text


def hashed_fields(fields: tuple, *, canonical: bool = False) -> tuple:
    """The :data:`HASHED_FIELDS` values as the hash covers them (``data`` is index 7)."""
    return (*fields[:7], hashed_data(fields[7], canonical=canonical), *fields[8:])


def sig_message(digest: bytes) -> bytes:
    return SIG_CONTEXT + digest


def verify_sig(public_key: bytes, digest: bytes, sig: bytes | None) -> bool:
    """True if *sig* is the Ed25519 signature of the event hash *digest*."""
    if not sig:
        return False
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(bytes(sig), sig_message(digest))
    except (InvalidSignature, ValueError):
        return False
    return True


def key_id_of(public_key: bytes) -> str:
    """A station key's id: the first 16 hex digits of SHA-256 of the raw public key."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:16]


def fingerprint(key_id: str) -> str:
    """The key id in groups of four, to read aloud and compare on two screens."""
    return " ".join(key_id[i:i + 4] for i in range(0, len(key_id), 4))


#: What the root's QR (admin page, monthly report) holds before the key id: a scanner
#: typing it into the setup wizard's field is read like the typed fingerprint.
ROOT_QR_PREFIX = "ULT-ROOT:"


def root_qr_text(key_id: str) -> str:
    return ROOT_QR_PREFIX + key_id


def parse_fingerprint(text: str) -> str | None:
    """The key id in a typed fingerprint ("9f3a 0c1b ...", any case, spaces or dashes) or
    a scanned root QR; None when it is not one."""
    key = text.strip()
    if key.upper().startswith(ROOT_QR_PREFIX):
        key = key[len(ROOT_QR_PREFIX):]
    key = "".join(key.split()).replace("-", "").lower()
    if len(key) != 16 or any(c not in "0123456789abcdef" for c in key):
        return None
    return key


#: Acts are hashed in their own domain (never mistaken for an event's hash).
ACT_CONTEXT = b"ULT-ACT-1\n"


@dataclass(frozen=True)
class DeskAct:
    """One act at a counter kept on its PC while the share was away (``db.journal``)."""

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

    #: what the hash covers, in this order
    SIGNED = ("request_id", "day", "number", "counter", "officer_id", "kind", "outcome", "at")


def act_digest(act: DeskAct, prev: str) -> bytes:
    """SHA-256 over the previous act's hash and the act's :attr:`DeskAct.SIGNED` fields."""
    body = json.dumps([getattr(act, f) for f in DeskAct.SIGNED], ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(ACT_CONTEXT + bytes.fromhex(prev) + body.encode("utf-8")).digest()


def sign_act(act: DeskAct, prev: str, signer: Any) -> DeskAct:
    """*act* chained after *prev* and signed by the station's key (when it has one), at
    the moment it happens: what landing later believes. *signer*: ``key_id`` and
    ``sign(bytes)`` (``db.engine.port.Signer``), or None."""
    digest = act_digest(act, prev)
    values = {f.name: getattr(act, f.name) for f in fields(act)}
    values.update(prev=prev, hash=digest.hex(),
                  key_id=signer.key_id if signer is not None else None,
                  sig=signer.sign(sig_message(digest)).hex() if signer is not None else None)
    return DeskAct(**values)
