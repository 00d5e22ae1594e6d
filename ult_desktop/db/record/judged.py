"""What the record allows, now: the officers and the stations' roles as ``check`` judges them.

Sign-in and the admin commands decide with this, never with the raw tables (a row
written by a kiosk's key or plain ``sqlite3`` gives no power). The officers are
``check``'s replay (:class:`ult_desktop.core.replay.Replay`) of the events naming the
officers table, judged by the chain's registrations. Kept per open database and brought
up to date from the last event read; a new key registration, or a log restored or cut
below that event, makes it read again from the start."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from ult_desktop.core.authority import Authority
from ult_desktop.core.replay import Replay
from ult_desktop.core.verifier import KEY_REGISTERED
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.station_keys import read_authority

_SQL = ("SELECT id, kind, data, rows, station_key, station, actor, at FROM events WHERE id > ? "
        "AND (rows LIKE '%\"officers\"%' OR kind = ?) ORDER BY id")


@dataclass
class _Judged:
    head: int
    authority: Authority
    replay: Replay
    head_hash: bytes | None = None  # the log below it unchanged (not restored, not cut)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _head_hash(conn: Connection, event_id: int) -> bytes | None:
    row = conn.execute("SELECT hash FROM events WHERE id = ?", (event_id,)).fetchone()
    return bytes(row[0]) if row and row[0] else None


def _bring_up_to_date(conn: Connection, judged: _Judged | None) -> _Judged:
    top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    if judged is not None and (top < judged.head or
                               _head_hash(conn, judged.head) != judged.head_hash):
        judged = None  # the log was restored or cut below what was read: read it again
    if judged is not None and judged.head == top:
        return judged
    after = judged.head if judged is not None else 0
    new = conn.execute(_SQL, (after, KEY_REGISTERED)).fetchall()
    if judged is None or any(row[1] == KEY_REGISTERED for row in new):
        authority = read_authority(conn)
        judged = _Judged(0, authority, Replay(authority))
        new = conn.execute(_SQL, (0, KEY_REGISTERED)).fetchall()
    judged.replay.play(tuple(row) for row in new if row[0] <= top and row[3] is not None)
    judged.head, judged.head_hash = top, _head_hash(conn, top)
    return judged


def _judged(db: Database, conn: Connection | None = None) -> _Judged:
    """Kept per database and brought up to date, in the caller's read (*conn*) when it
    gives one, else in a read of its own."""
    with _LOCK:  # one thread brings it up to date at a time (it is changed in place)
        kept = _CACHE.get(db)
        judged = _bring_up_to_date(conn, kept) if conn is not None else \
            db.read(lambda c: _bring_up_to_date(c, kept))
        _CACHE[db] = judged
        return judged


def officers(db: Database, conn: Connection | None = None) -> dict[str, dict] | None:
    """The officers as the record allows them, by username (their row: role, active,
    pin_hash, ...); None when the log cannot judge (a file older than the row images)."""
    replay = _judged(db, conn).replay
    if replay.provable_from is None:
        return None
    return {str(row["username"]): row for row in replay.rows["officers"].values()
            if row.get("username")}


def allowed_rows(db: Database, rows: list, conn: Connection | None = None) -> list:
    """The officers' rows *rows* the record allows as they are (known officer, with the
    role, state and PIN hash it gave); a row written by a key that may not is left out."""
    known = officers(db, conn)
    if known is None:
        return list(rows)
    out = []
    for row in rows:
        logged = known.get(row["username"])
        if logged is not None and all(logged.get(c) == row[c] for c in
                                      ("role", "pin_hash", "active")):
            out.append(row)
    return out


def authority_of(db: Database, conn: Connection | None = None) -> Authority:
    """Who was registered as what, by the chain's registrations (kept up to date)."""
    return _judged(db, conn).authority


def is_admin_station(db: Database) -> bool:
    """Whether this station may run an admin command: the office has registered no key
    yet (nothing to judge by), or this station's key is registered as an admin station."""
    authority = _judged(db).authority
    if not authority.first:
        return True
    signer = db.identity.signer
    if signer is None:
        return False
    return authority.role_at(signer.key_id, 1 << 62) == "admin"


def may_upgrade_pin(db: Database, role: str) -> bool:
    """Whether a sign-in here may write a stronger PIN hash the record will count for
    *role*: anywhere before the first registration; else only an admin's, at an admin PC."""
    return not _judged(db).authority.first or (role == "admin" and is_admin_station(db))
