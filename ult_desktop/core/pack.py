"""An office's monthly pack (``.ultpack``) and the ministry's comparison of many.

A pack is one small JSON file: the figures the month's report prints (no personal data),
the proof they stand on (the chain head, the office's root key, the report's own
verification) and a signature by the office's admin key, with the registrations that
lead from that key to the office's root (docs/ministry.md). Whoever holds the root's
fingerprint (the directorate's registry of offices) can check it without the office's
file. :func:`open_pack` checks one; :func:`compare` puts many side by side and keeps
every pack that does not verify out of the figures, each named (:class:`Refusal`)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from ult_desktop.core.chain import (
    compact_json,
    hash_holds,
    key_id_of,
    parse_fingerprint,
    sig_message,
    verify_hex,
)
from ult_desktop.core.verifier import KEY_REVOKED

PACK_FORMAT = 1
SUFFIX = ".ultpack"
PACK_CONTEXT = b"ULT-PACK-1\n"
#: The figures in the order the comparison shows them; the LAPOR! ones follow
#: (``lapor.<category>.<received|on_time>``). Kind: n a count, m minutes, % a share,
#: i an index.
FIGURES = {"visitors": "n", "served": "n", "wait_median": "m", "wait_p90": "m",
           "promise_share": "%", "band_rate": "%", "ikm": "i", "respondents": "n",
           **{f"element_{n}": "i" for n in range(1, 10)}, "lapor_on_time": "%",
           "followups_came": "n", "followups_missed": "n", "outages": "n"}


def pack_message(pack: dict) -> bytes:
    """What the signature covers: every field of *pack* but the signature."""
    body = {k: v for k, v in pack.items() if k != "sig"}
    return PACK_CONTEXT + hashlib.sha256(compact_json(body).encode("utf-8")).digest()


def seal(body: dict, signer: Any, root_public: bytes, links: list[dict],
         revoked: Sequence[dict] = ()) -> dict:
    """*body* (office, month, figures, proof) signed by *signer* (``port.Signer``), with
    the office's root public key, the *links* (``db.record.key_links``) from the root to
    the signer and the root's revocations of keys (*revoked*)."""
    pack = {"format": PACK_FORMAT, **body, "root_public_key": bytes(root_public).hex(),
            "signer": {"key": signer.key_id, "public_key": bytes(signer.public_key).hex(),
                       "links": links}, "revocations": list(revoked)}
    return {**pack, "sig": signer.sign(pack_message(pack)).hex()}


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    province: str
    root: str       # the root key's id (16 hex digits)


#: Why a pack does not count (:class:`Refused`, :class:`Refusal`).
REFUSALS = ("unreadable", "newer", "unknown_office", "foreign_key", "edited",
            "not_verified", "revoked", "twice", "copy", "registry_row", "registry_twice")


class Refused(Exception):
    """A pack that does not count: *key* names why (``ministry.refused.<key>``)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Refusal:
    file: str
    key: str
    params: dict


_HEADS = {"code": ("kode", "code"), "name": ("nama", "name"),
          "province": ("provinsi", "province"),
          "root": ("sidik_jari", "sidik jari", "fingerprint", "root")}


def read_registry(text: str, name: str = "") -> tuple[dict[str, Office], list[Refusal]]:
    """The directorate's registry (CSV, comma or semicolon; a header naming kode, nama,
    provinsi, sidik_jari or their English names): root key id -> office, and each row
    left out, named (*name*: the file's): its fingerprint is none, or its code or key is
    an earlier row's (ValueError: no such header; IndexError: no row)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")),
                           delimiter="," if text.count(",") >= text.count(";") else ";"))
    head = [h.strip().lower() for h in rows[0]]  # (IndexError: no row)
    at = {k: next((i for i, h in enumerate(head) if h in names), -1)
          for k, names in _HEADS.items()}
    if -1 in at.values():
        raise ValueError("header")
    out: dict[str, Office] = {}
    bad = []
    for line, row in enumerate(rows[1:], 2):
        if not any(x.strip() for x in row):
            continue
        row = [*row, *[""] * (max(at.values()) + 1 - len(row))]
        root = parse_fingerprint(row[at["root"]])
        code, title, province = (row[at[k]].strip() for k in ("code", "name", "province"))
        if root is None or root in out or code in {o.code for o in out.values()}:
            bad.append(Refusal(f"{name}:{line}", "registry_twice" if root else "registry_row",
                               {"code": code or "?"}))
        else:
            out[root] = Office(code, title, province, root)
    return out, bad


def _linked(link: dict, trusted: dict[str, bytes]) -> tuple | None:
    """The fields of the event *link* carries, if its hash holds and a key of *trusted*
    (key id -> public key) signed it, as its fields name."""
    fields = tuple(link["fields"])
    digest = bytes.fromhex(link["hash"])
    prev, key_prev = bytes.fromhex(link["prev"]), bytes.fromhex(link["key_prev"])
    sound = hash_holds(digest, prev, key_prev, fields, link["rows"])
    return fields if sound and verify_hex(trusted.get(fields[9]), link["sig"],
                                          sig_message(digest)) else None


def _root_of(pack: dict, root: str) -> dict[str, bytes]:
    """The root key *pack* carries, if it is the registered *root* (else none)."""
    root_public = bytes.fromhex(pack["root_public_key"])
    return {root: root_public} if key_id_of(root_public) == root else {}


def _trusted_keys(pack: dict, root: str) -> dict[str, bytes]:
    """The admin keys the pack's links prove registered, from the root out (none: the
    root key it carries is not the registered one)."""
    trusted = _root_of(pack, root)
    for link in pack["signer"]["links"] if trusted else ():
        fields = _linked(link, trusted)
        if fields is None:
            continue
        data = json.loads(fields[7])
        public = bytes.fromhex(data["public_key"])
        if fields[0] == "station_key_registered" and key_id_of(public) == data["key"] and \
                (data.get("admin_station") is True or data.get("role") == "admin"):
            trusted[data["key"]] = public
    return trusted


def revocations(raw: bytes, registry: dict[str, Office]) -> tuple[str, dict[str, datetime]]:
    """The office (its code) of the pack in *raw* and the keys its root revoked, each when
    (the revocations it carries, each checked against the registered root; a revocation
    that does not verify, or a pack that cannot be read, gives none)."""
    out: dict[str, datetime] = {}
    try:
        pack = json.loads(raw.decode("utf-8"))
        office = registry[str(pack["office"]["root"])]
        root = _root_of(pack, office.root)
        links = pack.get("revocations", []) if root else []
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", out
    for link in links:
        try:
            fields = _linked(link, root)
            if fields is not None and fields[0] == KEY_REVOKED:
                key, at = json.loads(fields[7])["key"], datetime.fromisoformat(fields[6])
                out[key] = min(at, out.get(key, at))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            continue
    return office.code, out


def _sealed_before(pack: dict, revoked: datetime | None) -> bool:
    """Was *pack* sealed before its signer's key was *revoked* (never revoked: yes; a time
    that cannot be read or compared: no)?"""
    if revoked is None:
        return True
    try:
        return datetime.fromisoformat(pack["made_at"]) < revoked
    except (ValueError, KeyError, TypeError):
        return False


def _readable(pack: dict) -> bool:
    """Has *pack* the shape a comparison reads: an office, a month, numbers for figures
    (LAPOR!'s by category named so), a proof with its head?"""
    figures, proof = pack.get("figures"), pack.get("proof")
    return isinstance(pack.get("office"), dict) and isinstance(proof, dict) and \
        type(proof.get("head", 0)) is int and isinstance(figures, dict) and \
        re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(pack.get("month"))) is not None and \
        all((v is None or type(v) in (int, float) and math.isfinite(v)) and (
            not k.startswith("lapor.") or re.fullmatch(r"lapor\.\w+\.(received|on_time)", k))
            for k, v in figures.items())


def open_pack(raw: bytes, registry: dict[str, Office]) -> tuple[Office, dict]:
    """The office and the pack in *raw*, checked: readable, of a format this program
    knows, from a registered office, signed by a key its root vouches for, unchanged
    since, and verified by the office's own record. :raises Refused: which is not."""
    try:
        pack = json.loads(raw.decode("utf-8"))
        newer = pack["format"] > PACK_FORMAT
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Refused("unreadable") from None
    if newer:
        raise Refused("newer", version=pack.get("program", "?"))
    if not _readable(pack):
        raise Refused("unreadable")
    office, month = pack["office"], pack["month"]
    known = registry.get(str(office.get("root")))
    if known is None:
        raise Refused("unknown_office", office=office.get("name", "?"),
                      root=office.get("root", "?"))
    try:
        trusted = _trusted_keys(pack, known.root)
        signer = pack["signer"]
        public = trusted.get(signer["key"])
        vouched = public is not None and public.hex() == signer["public_key"]
        signed = vouched and verify_hex(public, pack.get("sig"), pack_message(pack))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        vouched = signed = False
    if not vouched:
        raise Refused("foreign_key", office=known.name, month=month)
    if not signed:
        raise Refused("edited", office=known.name, month=month)
    if not pack["proof"].get("verified"):
        raise Refused("not_verified", office=known.name, month=month)
    return known, pack


@dataclass
class Comparison:
    """Offices (every registered one, by province and code: one that sent no pack that
    counts shows no figure) and months side by side."""

    offices: list[Office] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    #: (office code, month) -> the pack's figures
    figures: dict[tuple[str, str], dict] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)

    def keys(self) -> list[str]:
        lapor = sorted({k for f in self.figures.values() for k in f if k.startswith("lapor.")})
        return [*FIGURES, *lapor]

    def value(self, code: str, month: str, key: str) -> float | None:
        return self.figures.get((code, month), {}).get(key)

    def median(self, key: str, month: str, province: str | None = None) -> float | None:
        """The median of *key* over the offices (of *province*) with a figure in *month*."""
        values = [v for o in self.offices if province in (None, o.province)
                  if (v := self.value(o.code, month, key)) is not None]
        return median(values) if values else None

    def provinces(self) -> list[str]:
        return sorted({o.province for o in self.offices})


def compare(files: list[tuple[str, bytes]], registry: dict[str, Office],
            refused: list[Refusal] | tuple = ()) -> Comparison:
    """Every pack of *files* (name, content) checked (:func:`open_pack`); one its signer's
    key sealed at or after the office's root revoked it (as any of the office's packs
    carries that) is named; two for one office and month: the one made on the later
    record counts (of two copies, the first), the other is named. *refused*: the
    registry's rows left out, named first."""
    out = Comparison(refused=list(refused))
    made: dict[tuple[str, str], int] = {}
    revoked: dict[str, dict[str, datetime]] = {}
    for _name, raw in files:
        code, found = revocations(raw, registry)
        for key_id, when in found.items():
            mine = revoked.setdefault(code, {})
            mine[key_id] = min(when, mine.get(key_id, when))
    for name, raw in sorted(files):
        try:
            office, pack = open_pack(raw, registry)
        except Refused as no:
            out.refused.append(Refusal(name, no.key, no.params))
            continue
        at = revoked.get(office.code, {}).get(pack["signer"]["key"])
        if not _sealed_before(pack, at):
            out.refused.append(Refusal(name, "revoked", {
                "office": office.name, "month": pack["month"],
                "at": at.astimezone().strftime("%Y-%m-%d %H:%M") if at else "?"}))
            continue
        key, head = (office.code, pack["month"]), pack["proof"].get("head", 0)
        if key in out.files:
            same = head == made[key] and pack["figures"] == out.figures[key]
            older, newer = (name, out.files[key]) if head <= made[key] else \
                (out.files[key], name)
            out.refused.append(Refusal(older, "copy" if same else "twice", {
                "office": office.name, "month": pack["month"], "kept": newer}))
            if older == name:
                continue
        out.files[key], made[key] = name, head
        out.figures[key] = pack["figures"]
    out.offices = sorted(registry.values(), key=lambda o: (o.province, o.code))
    out.months = sorted({m for _, m in out.figures})
    return out
