"""What the record allows, now: the officers and the stations' roles as ``check`` judges them.

Sign-in and the admin commands decide with this, never with the raw tables (a row
written by a kiosk's key or plain ``sqlite3`` gives no power). The officers are
``check``'s replay (:class:`ult_desktop.core.replay.Replay`) of the events naming the
officers table, judged by the chain's registrations; a follow-up visit's code and the
slips asked of a kiosk likewise (a check-in and a kiosk's new code decide with them), from
the events naming the cases and the slips asked. Kept per open database and brought up to
date from the last event read; a new key registration, or a log restored or cut below
that event, makes it read again from the start."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from ult_desktop.core.authority import Authority
from ult_desktop.core.replay import Replay
from ult_desktop.core.slips import SLIP_ASKED
from ult_desktop.core.verifier import KEY_REGISTERED
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.station_keys import read_authority

_SQL = ("SELECT id, kind, data, rows, station_key, station, actor, at FROM events WHERE id > ? "
        "AND (rows LIKE '%\"officers\"%' OR kind = ?) ORDER BY id")
#: The events that set a visit's code, and the slips asked of a kiosk (:func:`visit_codes`).
_CODES_SQL = ("SELECT id, kind, data, rows, station_key, station, actor, at FROM events "
              "WHERE id > ? AND (rows LIKE '%\"cases\"%' OR kind = ? OR kind = "
              f"'{SLIP_ASKED}') ORDER BY id")


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


def _bring_up_to_date(conn: Connection, judged: _Judged | None, sql: str = _SQL) -> _Judged:
    top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    if judged is not None and (top < judged.head or
                               _head_hash(conn, judged.head) != judged.head_hash):
        judged = None  # the log was restored or cut below what was read: read it again
    if judged is not None and judged.head == top:
        return judged
    after = judged.head if judged is not None else 0
    new = conn.execute(sql, (after, KEY_REGISTERED)).fetchall()
    if judged is None or any(row[1] == KEY_REGISTERED for row in new):
        authority = read_authority(conn)
        judged = _Judged(0, authority, Replay(authority))
        new = conn.execute(sql, (0, KEY_REGISTERED)).fetchall()
    judged.replay.play(tuple(row) for row in new if row[0] <= top and (
        row[3] is not None or row[1] == SLIP_ASKED))
    judged.head, judged.head_hash = top, _head_hash(conn, top)
    return judged


def _judged(db: Database, conn: Connection | None = None, sql: str = _SQL) -> _Judged:
    """Kept per database and brought up to date, in the caller's read (*conn*) when it
    gives one, else in a read of its own (*sql*: the events it replays, one cache each)."""
    with _LOCK:  # one thread brings it up to date at a time (it is changed in place)
        cache = _CACHE.setdefault(db, {})
        kept = cache.get(sql)
        judged = _bring_up_to_date(conn, kept, sql) if conn is not None else \
            db.read(lambda c: _bring_up_to_date(c, kept, sql))
        cache[sql] = judged
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


def _codes(db: Database, conn: Connection) -> Replay | None:
    """The replay of the visits' codes and slips, or None: nothing to judge by (no key
    registered yet): the rows as they are."""
    judged = _judged(db, conn, _CODES_SQL)
    return judged.replay if judged.authority.first else None


def visit_codes(db: Database, conn: Connection) -> dict[str, int] | None:
    """A booked visit's code hash -> its case, as the record lets them stand (a code no
    act of the table set checks nobody in); None: the rows as they are (:func:`_codes`)."""
    replay = _codes(db, conn)
    if replay is None:
        return None
    return {str(row["visit_code"]): key[0] for key, row in replay.rows["cases"].items()
            if row.get("visit_code")}


def slip_asked(db: Database, conn: Connection, case_id: int) -> bool:
    """Whether a slip of case *case_id*'s visit asked of this kiosk stands and is not
    printed yet (a kiosk renews a code for nothing else)."""
    replay = _codes(db, conn)
    return replay is None or replay.slips.standing(case_id, db.station) is not None
