"""Verifying the audit trail, and the station keys it trusts.

The writer side is :mod:`ult_desktop.db.record.events`; docs/security.md ("Audit trail and
threat model") says what this can and cannot detect. :func:`verify_chain` walks the
whole event log once, in id order, in short read transactions (it never holds the
share's lock for long), and names every event that was **edited** (its fields no longer
give its hash), **deleted** (the next event links to a hash that is gone),
**inserted** (the next event links past it, or it carries no hash), **forged** (it
claims a station key but is not in that key's own signed chain, or its signature does
not verify with the registered public key) and every **key registration** that was
rewritten or made by a station that was not itself registered.

Keys: a station creates its key pair (``app/station_key.py``) and asks for
registration (:func:`request_registration`, signed by the new key: proof it holds it);
an admin, from a registered station, approves (:func:`approve_key`). The first key an
office approves is its own admin station's (the root of trust); every other PC is given
its fingerprint (the setup wizard, ``check --root``) and never takes it from
the file; `check` names it so the office can compare it with the admin PC's.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ult_desktop.core.authority import (
    LEAST_ROLE,
    NOT_ADMIN_PC_MODES,
    ROLE_OF_MODE,
    ROLES,
    Authority,
)
from ult_desktop.core.chain import (
    GENESIS,
    HASHED_FIELDS,
    LINK_BYTES,
    event_hash,
    fingerprint,
    hashed_fields,
    key_id_of,
    verify_sig,
)
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
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.events import append_event, iso

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

# -- registration ----------------------------------------------------------------------
@dataclass(frozen=True)
class StationKeyInfo:
    key_id: str
    label: str
    state: str            # pending / registered / revoked
    requested_at: str
    decided_at: str | None
    decided_by: str | None
    #: approve_key: the role granted, and what the station asked for (information only)
    role: str | None = None
    requested: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def list_keys(db: Database) -> list[StationKeyInfo]:
    rows = db.query("SELECT key_id, label, state, requested_at, decided_at, decided_by "
                    "FROM station_keys ORDER BY state = 'registered', requested_at")
    return [StationKeyInfo(**dict(r)) for r in rows]


def request_registration(db: Database, *, label: str) -> StationKeyInfo:
    """This station asks an admin to register its key (signed by that key).

    :raises RuleViolation: this station has no key (create one first).
    """
    errors.check_length("limit.station", label, errors.LABEL_MAX)
    signer = db.identity.signer
    if signer is None:
        raise errors.RuleViolation("audit.error.no_key")
    now = iso(datetime.now(timezone.utc))

    def tx(conn: Connection) -> None:
        conn.execute("INSERT INTO station_keys (key_id, public_key, label, state, requested_at) "
                     "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT(key_id) DO UPDATE SET "
                     "label = excluded.label WHERE station_keys.state = 'pending'",
                     (signer.key_id, bytes(signer.public_key), label, now))
        role = ROLE_OF_MODE.get(db.mode)
        if role and _has_role_column(conn):  # what the station says it is
            conn.execute("UPDATE station_keys SET role = ? WHERE key_id = ? AND "
                         "state = 'pending'", (role, signer.key_id))
        append_event(conn, label, KEY_REQUESTED,
                     data={"key": signer.key_id, "public_key": bytes(signer.public_key).hex(),
                           "label": label, **({"role": role} if role else {})})

    db.write(tx)
    return next(k for k in list_keys(db) if k.key_id == signer.key_id)


def announce_key(db: Database) -> None:
    """Ask for this station's key to be registered, once, if nobody has seen it yet.

    Never fails the caller: a station that cannot write now asks on its next start.
    """
    signer = db.identity.signer
    if signer is None or db.too_new:
        return
    try:
        known = db.query("SELECT 1 FROM station_keys WHERE key_id = ?", (signer.key_id,))
        if not known:
            request_registration(db, label=db.station)
    except errors.UltError:
        pass


def _is_admin(conn: Connection, username: str | None) -> bool:
    if not username:
        return False
    return conn.execute("SELECT 1 FROM officers WHERE username = ? AND role = 'admin' AND "
                        "active = 1", (username,)).fetchone() is not None


def _has_role_column(conn: Connection) -> bool:
    return conn.execute("SELECT 1 FROM pragma_table_info('station_keys') "
                        "WHERE name = 'role'").fetchone() is not None


def approve_key(db: Database, key_id: str, *, admin_station: bool = False,
                role: str | None = None) -> StationKeyInfo:
    """Register the pending key *key_id*: one ``station_key_registered`` event, signed
    by this station, which must be a registered admin station, with an admin logged in
    (``db.actor``, set after the admin's PIN was checked). The office's first approval
    may only be this station's own key, on an admin PC (not a kiosk, counter, display or
    survey station): the root of trust (an admin station).

    *role*: what the station is (:data:`ROLES`), as the approving admin names it; none
    named: :data:`LEAST_ROLE`. What the station asked for is kept as information only
    (the returned ``requested``), never granted by itself. *admin_station* (or role
    ``admin``): another admin PC, which may register keys in turn; only a key whose
    request came from an admin PC's own setup (it asked as ``admin``) may be one.
    Approving a registered key again records its new role.

    :raises RuleViolation: unknown key, no admin logged in, an unknown role, an admin
        station asked for a key that did not come from an admin PC's setup, or this
        station may not approve keys.
    """
    if role is not None and role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    signer = db.identity.signer
    key_id = key_id.replace(" ", "").lower()
    asked: dict[str, str | None] = {}

    def tx(conn: Connection) -> None:
        row = conn.execute("SELECT * FROM station_keys WHERE key_id = ?", (key_id,)).fetchone()
        if row is None:
            raise errors.RuleViolation("audit.error.unknown_key", key=fingerprint(key_id))
        if not _is_admin(conn, db.actor):
            raise errors.RuleViolation("audit.error.need_admin")
        admins = _admin_keys(conn)
        root = not admins and signer is not None and signer.key_id == key_id
        if root and db.mode in NOT_ADMIN_PC_MODES:
            raise errors.RuleViolation("audit.error.root_not_here")
        if signer is None or not (root or signer.key_id in admins):
            raise errors.RuleViolation("audit.error.not_trusted")
        has_role = _has_role_column(conn)
        requested = row["role"] if has_role and row["state"] == "pending" else None
        admin = admin_station or role == "admin" or root
        if admin and not root and requested != "admin":
            raise errors.RuleViolation("audit.error.admin_only_setup",
                                       key=fingerprint(key_id), requested=requested or "-")
        given = "admin" if admin else (role or LEAST_ROLE)
        asked.update(requested=requested, given=given)
        event_id = append_event(conn, row["label"], KEY_REGISTERED, data={
            "key": key_id, "public_key": bytes(row["public_key"]).hex(), "label": row["label"],
            "admin_station": admin, "role": given,
            **({"requested": requested} if requested else {})})
        conn.execute("UPDATE station_keys SET state = 'registered', decided_at = ?, "
                     "decided_by = ?, event_id = ? WHERE key_id = ?",
                     (iso(datetime.now(timezone.utc)), db.actor, event_id, key_id))
        if has_role:
            conn.execute("UPDATE station_keys SET role = ? WHERE key_id = ?", (given, key_id))

    db.write(tx)
    info = next(k for k in list_keys(db) if k.key_id == key_id)
    return replace(info, role=asked["given"], requested=asked["requested"])


def make_root(db: Database, *, label: str | None = None) -> StationKeyInfo:
    """This admin PC's own key becomes the office's root of trust (``init``, ``setup``,
    the wizard, the demo): requested if it was not, then approved by the logged-in
    admin (``db.actor``). Already registered: returned as it is.

    :raises RuleViolation: no key, no admin logged in, or the office has a root already.
    """
    signer = db.identity.signer
    if signer is None:
        raise errors.RuleViolation("audit.error.no_key")
    known = {k.key_id: k for k in list_keys(db)}
    mine = known.get(signer.key_id)
    if mine is not None and mine.state == "registered":
        return mine
    if mine is None:
        request_registration(db, label=label or db.station)
    return approve_key(db, signer.key_id)


def record_session(db: Database, kind: str, username: str | None, **data) -> None:
    """A login, a refused PIN, a logout, a kiosk unlock or exit, as one event.

    A sign-in makes *username* the actor of this station's next events; a sign-out
    clears it after the event is written.
    """
    user = username.strip().lower() if username else None
    if kind in _SIGN_IN:
        db.set_actor(user)
    db.write(lambda conn: append_event(conn, db.station, kind,
                                       data={"username": user, **data}))
    if kind in _SIGN_OUT:
        db.set_actor(None)


def login_hook(db: Database, ok_kind: str, failed_kind: str, username: str | None, **data):
    """An ``on_result`` for ``office.verify_pin`` / ``verify_admin_pin``: the attempt is
    audited in the same transaction as the PIN bookkeeping (the PIN never is)."""

    def hook(conn: Connection, officer) -> None:
        user = officer.username if officer is not None else (
            username.strip().lower() if username else None)
        if officer is not None and ok_kind in _SIGN_IN:
            db.set_actor(officer.username)
        append_event(conn, db.station, ok_kind if officer is not None else failed_kind,
                     data={"username": user, **data})

    return hook


def issue_report(db: Database, *, report: str, fmt: str, date_from, date_to, files: list,
                 verified: dict | None = None) -> int:
    """Audit one report or export (UI and CLI alike) in one write and one signed
    ``report_issued`` event: what, which period, where each file went and its SHA-256
    (so a printed paper can be matched with the log later), and what the report found
    when it verified the chain and the tables (*verified*: ``verified``, ``differences``,
    ``head``, ``head_hash``, ``root``). Returns the event's id.

    If the event cannot be written the files are removed again and the error raised:
    personal data never leaves the office file without a trace.
    """
    data = {"report": report, "format": fmt, "from": str(date_from), "to": str(date_to),
            "files": [{"name": Path(f).name, "path": str(f), "sha256": _sha256(Path(f))}
                      for f in files], **(verified or {})}
    try:
        return db.write(lambda conn: append_event(conn, db.station, REPORT_ISSUED, data=data))
    except BaseException:
        for f in files:
            with contextlib.suppress(OSError):
                os.unlink(f)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _admin_keys(conn: Connection) -> set[str]:
    """Keys registered as admin stations, as the chain's registrations say (the root, the
    first self-registration made with an admin logged in, is one). Read only when a key
    is approved: a scan is fine."""
    admins: set[str] = set()
    for data, signer, actor in conn.execute(
            "SELECT data, station_key, actor FROM events WHERE kind = ? ORDER BY id",
            (KEY_REGISTERED,)):
        reg = json_dict(data)
        key = reg.get("key")
        if not isinstance(key, str):
            continue  # a registration without a key names no admin
        if (not admins and signer == key and actor) or (
                signer in admins and reg.get("admin_station") is True):
            admins.add(key)
    return admins


def read_authority(conn: Connection) -> Authority:
    """Who may say what (:class:`Authority`) from the chain's registrations, read without
    walking the log: a forged or rewritten registration is ``check``'s finding."""
    v = Verifier()
    v.registrations = [(r[0], r[1], json_dict(r[2]), r[3]) for r in conn.execute(
        "SELECT id, station_key, data, actor FROM events WHERE kind = ? ORDER BY id",
        (KEY_REGISTERED,)).fetchall()]
    return Authority.of(v.registry())


def lan_trust(conn: Connection, pinned_root: str | None = None
              ) -> tuple[str | None, dict[str, tuple[bytes, str]]]:
    """What a station needs to believe a LAN message while the file is away: the
    office's root key id (the office's name on the LAN) and every registered key's public
    key and current role. Read through the ``station_keys`` rows and the registration
    each points to (a few rows, never the whole log), and only what the chain vouches
    for: each registration's hash is recomputed from its fields and its neighbours' hashes
    and its signature verified with the key that signed it, which must be the root (its
    own self-registration, made with an admin signed in) or an admin station so verified.
    A planted key row and registration event (no key needed, write access to the share)
    are not believed. *pinned_root*: the root this PC was given; a file whose root is
    another gives nothing to trust."""
    rows = conn.execute(
        "SELECT k.key_id, k.public_key, e.id, e.station_key, e.actor, e.data FROM station_keys k "
        "JOIN events e ON e.id = k.event_id WHERE k.state = 'registered' AND e.kind = ? "
        "ORDER BY e.id", (KEY_REGISTERED,)).fetchall()
    root: str | None = None
    keys: dict[str, tuple[bytes, str]] = {}
    admins: set[str] = set()
    pending = [tuple(r) for r in rows]
    while pending:  # a key re-approved later may have approved others before: again
        left = []
        for key_id, public, event_id, signer, actor, data_text in pending:
            public = bytes(public)
            if key_id_of(public) != key_id:
                continue
            own = root is None and signer == key_id and bool(actor) and \
                pinned_root in (None, key_id)
            if not own and signer not in admins:
                left.append((key_id, public, event_id, signer, actor, data_text))
                continue
            if not _registration_sound(conn, event_id, public if own else keys[signer][0]):
                continue
            data = json_dict(data_text)
            root = key_id if own else root
            admin = own or data.get("admin_station") is True
            if admin:
                admins.add(key_id)
            keys[key_id] = (public, "admin" if admin else str(data.get("role") or ""))
        if len(left) == len(pending) or root is None:
            break
        pending = left
    return (root, keys) if root is not None else (None, {})


def _registration_sound(conn: Connection, event_id: int, signer_public: bytes) -> bool:
    """Whether event *event_id* still gives its stored hash (from its fields, the previous
    event's hash and its signer's previous one) and carries that signer's signature."""
    row = conn.execute(f"SELECT {', '.join(HASHED_FIELDS)}, prev_link, key_link, hash, sig, "
                       "rows FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None or not row[12]:
        return False
    fields, (prev_link, key_link, stored, sig, images) = tuple(row[:10]), tuple(row[10:15])
    stored = bytes(stored)
    before = conn.execute("SELECT hash FROM events WHERE id < ? ORDER BY id DESC LIMIT 1",
                          (event_id,)).fetchone()
    prev = bytes(before[0]) if before and before[0] else GENESIS
    key_prev = GENESIS
    if bytes(key_link or b"") != GENESIS[:LINK_BYTES]:
        mine = conn.execute("SELECT hash FROM events WHERE station_key = ? AND id < ? AND "
                            "substr(hash, 1, ?) = ? ORDER BY id DESC LIMIT 1",
                            (fields[9], event_id, LINK_BYTES, bytes(key_link))).fetchone()
        key_prev = bytes(mine[0]) if mine and mine[0] else b""
    if prev[:LINK_BYTES] != bytes(prev_link or b"") or \
            key_prev[:LINK_BYTES] != bytes(key_link or b""):
        return False
    if stored not in (event_hash(prev, key_prev, hashed_fields(fields), images),
                      event_hash(prev, key_prev, hashed_fields(fields, canonical=True),
                                 images)):
        return False
    return verify_sig(signer_public, stored, bytes(sig) if sig else None)


def root_info(db: Database) -> tuple[str, str, int] | None:
    """``(key id, label, registration event id)`` of the office's root of trust as the
    file names it: the first key that registered itself with an admin logged in, its
    registration signed by that key (what the admin PC pins, ``app/trust_memory.py``).

    Found through the ``station_keys`` rows (a hint: only the events they point to are
    believed, each one checked), so a station's start reads a few rows, not the log."""
    def read(conn: Connection):
        return conn.execute(
            "SELECT e.id, e.data, e.station_key, e.actor, e.hash, e.sig FROM station_keys k "
            "JOIN events e ON e.id = k.event_id WHERE k.state = 'registered' AND e.kind = ? "
            "ORDER BY e.id", (KEY_REGISTERED,)).fetchall()

    for _id, data, signer, actor, digest, sig in db.read(read):
        reg = json_dict(data)
        key = str(reg.get("key", ""))
        try:
            public = bytes.fromhex(str(reg.get("public_key", "")))
        except ValueError:
            continue
        if signer == key and actor and key_id_of(public) == key and digest and \
                verify_sig(public, bytes(digest), sig):
            return key, str(reg.get("label", "")), _id
    return None


def witness_break(db: Database, seen: dict | None) -> dict | None:
    """Does the chain still pass through *seen* (``{"id", "hash"}``, the newest event a
    station verified)? One row read. A break: ``{"id", "expected", "found", "at"}``
    (``found`` None: the event is gone)."""
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
    """An admin told this PC to trust the file's root of trust *root* (audited; the
    admin is ``db.actor``): the breaks this PC had seen, and the newest event it had
    verified (*witness*: id and hash), are acknowledged by name; nothing else is.

    :raises RuleViolation: no admin logged in."""
    def tx(conn: Connection) -> int:
        if not _is_admin(conn, db.actor):
            raise errors.RuleViolation("audit.error.need_admin")
        seen = {"id": witness.get("id"), "hash": witness.get("hash")} if witness else None
        return append_event(conn, db.station, REPINNED, data={
            "root": root, "before": before, "witness": seen,
            "acknowledged": [b.get("id") for b in breaks][:100]})

    return db.write(tx)


def chain_head(db: Database) -> tuple[int, str] | None:
    """``(id, hash hex)`` of the newest event: what a printed report was computed from."""
    rows = db.query("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")
    if not rows:
        return None
    return rows[0][0], bytes(rows[0][1]).hex() if rows[0][1] else ""


def verify_chain(db: Database, anchors: Sequence[tuple[int, str]] = (), *,
                 pinned_root: str | None = None, pinned_keys: dict[str, str] | None = None,
                 witness: dict | None = None, breaks: Sequence[dict] = ()) -> dict:
    """Walk the whole event log; the report ``check --json`` prints under ``"audit"``.

    ``ok`` is False when anything was tampered with (``findings``); legacy events, and
    unsigned events and keys nobody registered written before the office's first key
    registration, are reported but are not tampering. *anchors*: ``(event id, hash
    prefix)`` pairs printed earlier (a monthly report's chain head): an event that is
    gone or hashes differently now is named.

    What this PC remembers, outside the file (``app/trust_memory.py``): *pinned_root*,
    the root of trust's key id it pinned (a different root is named); *pinned_keys*,
    key id -> public key hex of the registrations it saw (one gone or changed is named);
    *witness*, ``{"id", "hash", "at"}`` of the newest event it verified (gone or changed:
    named); *breaks*, chain breaks its stations saw (named until an admin re-pins).
    """
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
        cur = conn.cursor()
        cur.row_factory = None
        return cur.execute(sql, (after, CHUNK)).fetchall()

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
            break
        after = rows[-1][0]
    # A registration found forged by the signature check is no longer trusted: its
    # key's events are then judged again without it.
    for _ in range(3):
        flagged = len(v.flagged)
        registry = v.registry()
        _check_signatures(db, v, registry)
        if len(v.flagged) == flagged:
            break
    v.check_erasures()
    _check_skipped(db, v, registry)
    named_unsigned = v.check_suspects(registry)
    v.check_unregistered(registry)
    high_water_ahead = _check_tail(db, v, registry)
    _check_key_table(db, v, registry)
    _check_anchors(db, v, anchors)
    root = next(((k, r) for k, r in registry.items() if r["root"]), None)
    v.check_pins(registry, root, pinned_root, pinned_keys or {})
    _check_witness(db, v, registry, witness, breaks)
    v.findings.sort(key=lambda f: f["event"])
    for station, n in named_unsigned.items():
        left = v.unsigned.get(station, 0) - n
        if left > 0:
            v.unsigned[station] = left
        else:
            v.unsigned.pop(station, None)
    keys = [{"key": k, "fingerprint": fingerprint(k), "label": r["label"],
             "registered_at_event": r["event"], "root": r["root"],
             "admin_station": r["admin"],
             "events": v.keys[k].count if k in v.keys else 0}
            for k, r in registry.items()]
    unverified = {k: {"label": s.label, "events": s.count}
                  for k, s in v.keys.items() if k not in registry}
    return {
        "ok": not v.findings,
        "events": v.count,
        "head": {"id": v.head[0], "hash": v.head[1].hex()} if v.head else None,
        "findings": v.findings,
        "legacy_events": v.legacy,
        "baseline_events": v.baseline,
        "unsigned_events": v.unsigned,
        "unverified_keys": unverified,
        "keys": keys,
        "last_signed_event": v.last_signed,
        # the file's counter names events no signed event names: a hint, not a finding
        "high_water_ahead": high_water_ahead,
        "skipped_ids": v.gap_notes,
        "root": {"key": root[0], "fingerprint": fingerprint(root[0]),
                 "label": root[1]["label"], "event": root[1]["event"]} if root else None,
    }


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
    """Events removed from the end leave the chain whole; the file remembers the highest
    id it gave out (its header, ``engine.port.high_water``). That counter is a hint
    anyone who can write the file can raise: it accuses only when a signed
    event of a registered station names a higher id than the log holds (a station's
    ``chain_break``, a re-pin's witness, a report's head). Otherwise the id it names is
    returned, for ``check`` to mention. ``stations.seen_event`` is not believed: any
    row of that table can be planted. What the stations saw is kept on the stations
    themselves (*witness* of :func:`verify_chain`)."""
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
    """An event its own key's chain skips is forged unless its own signature verifies
    with that key's registered public key: then the writer merely started from an older
    event of its own (``chain_heads`` is a hint anyone can edit), which accuses nobody."""
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
    """The newest event this PC verified must still be in the chain, with its hash; so
    must the ones a station saw go missing (``chain_break`` events, and this PC's own
    record of them)."""
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

