"""Verifying the audit trail, and writing what only it records (sessions, reports, breaks).

:func:`verify_chain` walks the log once in short reads and names every event **edited**,
**deleted**, **inserted** or **forged**, and every key registration rewritten or made by
an unregistered station (docs/security.md: what this can and cannot detect)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from ult_desktop.core import pins
from ult_desktop.core.chain import HASHED_FIELDS, LINK_BYTES, verify_sig
from ult_desktop.core.verifier import (
    CHAIN_BREAK,
    CHAIN_STARTED,
    KEY_REGISTERED,
    KEY_REQUESTED,
    REPINNED,
    REPORT_ISSUED,
    RESTORED,
    Verifier,
    json_dict,
    span,
)
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.events import append_event, iso
from ult_desktop.db.record.feed import latest_event
from ult_desktop.db.record.station_keys import is_admin

EXPORTED = "exported"
# Who sat at which screen. The PIN is never written.
OFFICER_LOGIN, OFFICER_LOGIN_FAILED, OFFICER_LOGOUT = (
    "officer_login", "officer_login_failed", "officer_logout")
KIOSK_UNLOCK, KIOSK_UNLOCK_FAILED, KIOSK_EXIT = "kiosk_unlock", "kiosk_unlock_failed", "kiosk_exit"
ADMIN_LOGOUT = "admin_logout"
_SIGN_IN = (OFFICER_LOGIN, KIOSK_UNLOCK)
_SIGN_OUT = (OFFICER_LOGOUT, ADMIN_LOGOUT, KIOSK_EXIT)
#: Event kinds the audit page lists with the administration ones.
SESSION_KINDS = (OFFICER_LOGIN, OFFICER_LOGIN_FAILED, OFFICER_LOGOUT, KIOSK_UNLOCK,
                 KIOSK_UNLOCK_FAILED, KIOSK_EXIT, ADMIN_LOGOUT, EXPORTED, REPORT_ISSUED,
                 KEY_REQUESTED, KEY_REGISTERED, CHAIN_STARTED, CHAIN_BREAK, REPINNED)
#: Rows read per read transaction while verifying (keeps the share's lock short).
CHUNK = 20_000
#: How far back a key's events are checked one by one after its last one failed.
MAX_WALK_BACK = 2_000

def record_session(db: Database, kind: str, username: str | None, *,
                   counter: int | None = None, now: datetime | None = None,
                   sign_in_key: bytes | None = None, **data) -> None:
    """A login, refused PIN, logout, kiosk unlock or exit as one event (*counter*: the
    desk); a sign-in makes *username* the actor, a sign-out clears it. *sign_in_key*: the
    officer's own key, opened by the PIN just typed (:func:`sign_in_proof`)."""
    user = username.strip().lower() if username else None
    if kind in _SIGN_IN:
        db.set_actor(user)
    db.write(lambda conn: _session(conn, db.station, kind, user, counter, now, sign_in_key,
                                   data))
    if kind in _SIGN_OUT:
        db.set_actor(None)


def login_hook(db: Database, ok_kind: str, failed_kind: str, username: str | None, *,
               counter: int | None = None, **data):
    """An ``on_result`` for ``office.verify_pin``: the attempt audited in the PIN
    bookkeeping's transaction (the PIN never is); *counter*: the desk."""

    def hook(conn: Connection, officer) -> None:
        user = officer.username if officer is not None else (
            username.strip().lower() if username else None)
        if officer is not None and ok_kind in _SIGN_IN:
            db.set_actor(officer.username)
        _session(conn, db.station, ok_kind if officer is not None else failed_kind, user,
                 counter, None, officer.sign_in_key if officer is not None else None, data)

    return hook


def _session(conn: Connection, station: str, kind: str, user: str | None,
             counter: int | None, now: datetime | None, sign_in_key: bytes | None,
             data: dict) -> int:
    at = now or datetime.now(timezone.utc)
    proof = {**({"desk": counter} if counter is not None else {}), **sign_in_proof(
        conn, sign_in_key, user, counter, at)} if kind == OFFICER_LOGIN else {}
    return append_event(conn, station, kind, counter=counter, at=at,
                        data={"username": user, **data, **proof})


def sign_in_proof(conn: Connection, sign_in_key: bytes | None, user: str | None,
                  counter: int | None, at: datetime) -> dict:
    """Proof a sign-in was made with the officer's PIN at this PC: her key (opened by the
    PIN) signs station key, name, desk and time (``core.pins.sign_in_message``), which
    the judge verifies knowing no PIN. None without a key."""
    ident = getattr(conn, "audit", None)
    station_key = ident.signer.key_id if ident is not None and ident.signer else None
    if not sign_in_key or user is None:
        return {}
    message = pins.sign_in_message(station_key, user, counter, iso(at))
    return {"desk": counter, "proof": pins.sign(sign_in_key, message)}


def issue_report(db: Database, *, report: str, fmt: str, date_from, date_to, files: list,
                 verified: dict | None = None) -> int:
    """Audit one report or export in one signed ``report_issued`` event; its id. If it
    cannot be written the files are removed: no personal data leaves without a trace."""
    data = {"report": report, "format": fmt, "from": str(date_from), "to": str(date_to),
            "files": [{"name": Path(f).name, **h}
                      for f, h in zip(files, hashed(files), strict=True)],
            **(verified or {})}
    try:
        return db.write(lambda conn: append_event(conn, db.station, REPORT_ISSUED, data=data))
    except BaseException:
        for f in files:
            with contextlib.suppress(OSError):
                os.unlink(f)
        raise


def hashed(paths) -> list[dict]:
    """Each file's place (resolved) and SHA-256, as an act records the files it made (an
    erasure removes one only while its hash is the one recorded)."""
    return [{"path": str(Path(p).resolve()), "sha256": sha256_of(Path(p))} for p in paths]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def witness_break(db: Database, seen: dict | None) -> dict | None:
    """Does the chain still pass through *seen* (``{"id", "hash"}``)? One row read. A
    break: ``{"id", "expected", "found", "at"}`` (``found`` None: the event is gone)."""
    if not seen or not seen.get("id") or not seen.get("hash"):
        return None
    event_id = int(seen["id"])
    rows = db.query("SELECT hash FROM events WHERE id = ?", (event_id,))
    found = bytes(rows[0][0]).hex() if rows and rows[0][0] else None
    if found == seen["hash"]:
        return None
    return {"id": event_id, "expected": str(seen["hash"]), "found": found,
            "at": iso(datetime.now(timezone.utc))}


def record_chain_break(db: Database, brk: dict) -> int:
    """A station's signed word that the chain no longer passes through an event it had
    verified (``chain_break``): what disappeared, expected and found hash."""
    return db.write(lambda conn: append_event(conn, db.station, CHAIN_BREAK, data={
        "id": brk.get("id"), "expected": brk.get("expected"), "found": brk.get("found")}))


def record_repin(db: Database, *, root: str, before: str | None, breaks: list,
                 witness: dict | None = None) -> int:
    """An admin told this PC to trust the file's root *root*: the *breaks* it had seen and
    its *witness* (id and hash) are acknowledged by name, nothing else.
    :raises RuleViolation: no admin logged in."""
    def tx(conn: Connection) -> int:
        if not is_admin(conn, db.actor):
            raise errors.RuleViolation("audit.error.need_admin")
        seen = {"id": witness.get("id"), "hash": witness.get("hash")} if witness else None
        return append_event(conn, db.station, REPINNED, data={
            "root": root, "before": before, "witness": seen,
            "acknowledged": [b.get("id") for b in breaks][:100]})

    return db.write(tx)


def chain_head(db: Database) -> tuple[int, str] | None:
    """``(id, hash hex)`` of the newest event: what a printed report was computed from."""
    event_id, digest = latest_event(db)
    return (event_id, digest.hex() if digest else "") if event_id else None


def verify_chain(db: Database, anchors: Sequence[tuple[int, str]] = (), *,
                 pinned_root: str | None = None, pinned_keys: dict[str, str] | None = None,
                 witness: dict | None = None, breaks: Sequence[dict] = ()) -> dict:
    """Walk the whole event log (``check --json``'s ``"audit"``). ``ok`` is False when
    anything was tampered with; legacy events and writes before the first key registration
    are reported, not tampering. *anchors*: ``(event id, hash prefix)`` printed earlier;
    *pinned_root*, *pinned_keys*, *witness*, *breaks*: what this PC remembers
    (``app/trust_memory.py``), named when gone or changed."""
    v = _walked(db)
    # A registration found forged by the signature check is no longer trusted: its
    # key's events are then judged again without it.
    for _ in range(3):
        flagged = len(v.flagged)
        registry = v.registry()
        _check_signatures(db, v, registry)
        if len(v.flagged) == flagged:
            break
    v.check_erasures(registry)
    _check_skipped(db, v, registry)
    named_unsigned = v.check_suspects(registry)
    v.check_unregistered(registry)
    high_water_ahead = _check_tail(db, v, registry)
    _check_key_table(db, v, registry)
    _check_anchors(db, v, anchors)
    root = next(((k, r) for k, r in registry.items() if r["root"]), None)
    v.check_pins(registry, root, pinned_root, pinned_keys or {})
    _check_witness(db, v, registry, witness, breaks)
    return v.report(registry, root, named_unsigned, high_water_ahead)

def _walked(db: Database) -> Verifier:
    """A verifier that has read every event, in chunks (each row hashed and linked)."""
    v = Verifier()

    def lookup(key: str, before: int, link: bytes):
        rows = db.query("SELECT id, hash FROM events WHERE station_key = ? AND id < ? AND "
                        "substr(hash, 1, ?) = ? ORDER BY id DESC LIMIT 1",
                        (key, before, LINK_BYTES, link))
        if not rows:
            return None
        between = db.query("SELECT id, hash FROM events WHERE station_key = ? AND id > ? "
                           "AND id < ? ORDER BY id", (key, rows[0][0], before))
        return rows[0][0], bytes(rows[0][1]), [(r[0], bytes(r[1] or b"")) for r in between]

    v.lookup = lookup
    cols = ", ".join(HASHED_FIELDS)
    has_rows = bool(db.query("SELECT 1 FROM pragma_table_info('events') WHERE name = 'rows'"))
    sql = (f"SELECT id, {cols}, prev_link, key_link, hash, sig{', rows' if has_rows else ''} "
           "FROM events WHERE id > ? ORDER BY id LIMIT ?")

    def chunk(conn: Connection, after: int) -> list[tuple]:
        return port.plain_rows(conn, sql, (after, CHUNK)).fetchall()

    started = db.query("SELECT data FROM events WHERE kind = ? ORDER BY id LIMIT 1",
                       (CHAIN_STARTED,))
    if started:
        v.legacy_until = int(json_dict(started[0][0]).get("last_legacy_id", 0))
    after = 0
    while True:
        rows = db.read(functools.partial(chunk, after=after))
        for row in rows:
            v.row(row)
        if len(rows) < CHUNK:
            return v
        after = rows[-1][0]



def _check_signatures(db: Database, v: Verifier, registry: dict[str, dict]) -> None:
    """One signature per key: its newest event's. Its hash commits to the key's whole
    own chain (checked link by link above), so one verify covers all its events."""
    for key, ks in v.keys.items():
        reg = registry.get(key)
        if reg is None or not ks.count:
            continue
        before, checked = ks.last_id + 1, 0
        while checked < MAX_WALK_BACK:
            rows = db.query("SELECT id, hash, sig FROM events WHERE station_key = ? AND id < ? "
                            "ORDER BY id DESC LIMIT 1", (key, before))
            if not rows or not rows[0][1]:
                break
            event_id, digest, sig = rows[0][0], bytes(rows[0][1]), rows[0][2]
            if verify_sig(reg["public_key"], digest, sig):
                break
            v.flag(event_id, "forged", f"its signature does not verify with the registered "
                                       f"key {key} of station '{reg['label']}' (edited and "
                                       "re-hashed, or written by another station)")
            before, checked = event_id, checked + 1


def _check_tail(db: Database, v: Verifier, registry: dict[str, dict]) -> int | None:
    """Events cut from the end leave the chain whole, and the high-water mark is a hint
    anyone can raise: only a registered station's signed event naming a higher id than
    the log holds accuses; else the id is returned to mention (``seen_event`` rows can
    be planted: stations keep their *witness*)."""
    def read(conn: Connection) -> tuple[int, int]:
        seq = port.high_water(conn)
        # Events written while the check ran are not missing ones.
        now = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        return seq, max(now, v.max_id)

    reached, top = db.read(read)
    named_all = v.named_ids(registry)
    for before, after in v.gaps:
        if any(before < n < after for n in named_all):
            v.flag(before + 1, "deleted", f"event(s) {span(before, after)} were removed "
                                          f"before event {after} was written (a signed event "
                                          "names them)")
        else:
            v.gap_notes.append([before + 1, after - 1])
    if reached <= top:
        return None
    named = [n for n in named_all if n > top]
    if not named:
        return reached
    v.flag(top + 1, "deleted", f"the log ends at event {top} but a signed event names event "
                               f"{max(named)}: the newest events were removed")
    return None


def _check_skipped(db: Database, v: Verifier, registry: dict[str, dict]) -> None:
    """An event its key's chain skips is forged unless it verifies with that key's public
    key: then its writer started from an older own event (``chain_heads`` is a hint)."""
    for skipped_id, key, by, digest in v.skipped:
        reg = registry.get(key)
        if reg is not None and digest:
            rows = db.query("SELECT sig FROM events WHERE id = ?", (skipped_id,))
            if rows and verify_sig(reg["public_key"], digest, rows[0][0]):
                continue
        v.flag(skipped_id, "forged", f"it claims station key {key} but that station's next "
                                     f"event {by} skips it, and its signature does not prove "
                                     "it is that station's")


def _check_witness(db: Database, v: Verifier, registry: dict[str, dict],
                   witness: dict | None, breaks) -> None:
    """The newest event this PC verified must still be in the chain with its hash, and so
    must the ones a station saw go missing (``chain_break`` events, this PC's record)."""
    seen = []
    if witness and witness.get("id"):
        seen.append((int(witness["id"]), str(witness.get("hash", "")),
                     f"this PC verified it on {witness.get('at', '?')}", None))
    for b in breaks:
        seen.append((int(b.get("id", 0)), str(b.get("expected", "")),
                     f"a station of this PC saw it on {b.get('at', '?')}", b.get("after", 0)))
    for event_id, key, data in v.breaks:
        if event_id in v.flagged or key not in registry:
            continue
        if v.acknowledged(registry, event_id, int(data.get("id", 0) or 0)):
            continue
        v.flag(int(data.get("id", 0)) or event_id, "deleted" if not data.get("found")
               else "edited",
               f"station '{registry[key]['label']}' reported at event {event_id} that event "
               f"{data.get('id')} (hash {str(data.get('expected', ''))[:16]}) "
               + ("was gone" if not data.get("found") else
                  f"had become {str(data.get('found'))[:16]}"))
    for event_id, expected, when, after in seen:
        if not event_id or not expected:
            continue
        if after is not None and v.acknowledged(registry, after, event_id):
            continue
        rows = db.query("SELECT hash FROM events WHERE id = ?", (event_id,))
        found = bytes(rows[0][0]).hex() if rows and rows[0][0] else None
        if found == expected:
            continue
        if after is None and v.acknowledged(registry, 0, event_id, expected):
            continue
        restored = db.query("SELECT id, station_key, actor FROM events WHERE kind = ? AND "
                            "id > ? ORDER BY id LIMIT 1", (RESTORED, event_id))
        if restored and v.admin_act(registry, *restored[0]):
            continue  # an admin restored the office on purpose (audited)
        if found is None:
            v.flag(event_id, "deleted", f"event {event_id} (hash {expected[:16]}) is gone; "
                                        f"{when}: the log was cut")
        else:
            v.flag(event_id, "edited", f"event {event_id} had hash {expected[:16]} ({when}); "
                                       f"it now has {found[:16]}: the log was rewritten")


def _check_anchors(db: Database, v: Verifier, anchors) -> None:
    for event_id, prefix in anchors:
        prefix = prefix.strip().lower()
        rows = db.query("SELECT hash FROM events WHERE id = ?", (event_id,))
        if not rows or not rows[0][0]:
            v.flag(event_id, "deleted", f"event {event_id}, printed as a chain head "
                                        f"({prefix}), is no longer in the log")
        elif not bytes(rows[0][0]).hex().startswith(prefix):
            v.flag(event_id, "edited", f"event {event_id} no longer has the hash printed as "
                                       f"a chain head ({prefix}): the log was rewritten since")


def _check_key_table(db: Database, v: Verifier, registry: dict[str, dict]) -> None:
    """The admin page shows ``station_keys``; it must say what the chain says."""
    for row in db.query("SELECT key_id, public_key, state, event_id FROM station_keys "
                        "WHERE state = 'registered'"):
        reg = registry.get(row["key_id"])
        if reg is None or bytes(row["public_key"]) != reg["public_key"]:
            v.flag(row["event_id"] or 0, "registration",
                   f"the station key table lists key {row['key_id']} as registered, but "
                   "no valid registration of that public key is in the chain")

