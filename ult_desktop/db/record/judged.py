"""What the record allows, now: the officers, the stations' roles and the counters' services
as ``check`` judges them.

Sign-in and the admin commands decide with this, never with the raw tables (a row
written by a kiosk's key or plain ``sqlite3`` gives no power). The officers are
``check``'s replay (:class:`ult_desktop.core.replay.Replay`) of the events naming the
officers table (and the counters', the settings', the sign-ins and -outs that judge a
counter's services), judged by the chain's registrations. Kept per open database and brought
up to date from the last event read; a new key registration, or a log restored or cut
below that event, makes it read again from the start."""

from __future__ import annotations

import json
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
        "AND (rows LIKE '%\"officers\"%' OR kind = ? OR rows LIKE '%\"counters\"%' OR rows "
        "LIKE '%\"settings\"%' OR kind IN ('officer_login', 'officer_logout')) ORDER BY id")
#: Row-less events the replay takes in: the sign-ins and -outs (a desk's sessions).
_ROWLESS = frozenset({"officer_login", "officer_logout"})


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
    judged.replay.play(tuple(row) for row in new if row[0] <= top and (
        row[3] is not None or row[1] in _ROWLESS))
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


def _judged_in(conn: Connection) -> _Judged:
    """As :func:`_judged`, kept per connection (a read that has no database to hand)."""
    with _LOCK:
        judged = _CACHE[conn] = _bring_up_to_date(conn, _CACHE.get(conn))
        return judged


def officers(db: Database, conn: Connection | None = None) -> dict[str, dict] | None:
    """The officers as the record allows them, by username (their row: role, active,
    pin_hash, ...); None when the log cannot judge (a file older than the row images)."""
    replay = _judged(db, conn).replay
    if replay.provable_from is None:
        return None
    return {str(row["username"]): row for row in replay.rows["officers"].values()
            if row.get("username")}


def counter_services(conn: Connection) -> dict[int, tuple[int, ...]]:
    """Each counter's services (by its number) as the judge lets them stand, inside the
    caller's read: a row no act made (a counter's key setting another desk's) changes
    nothing. Empty when the log cannot judge."""
    replay = _judged_in(conn).replay
    if replay.provable_from is None:
        return {}
    out = {}
    for row in replay.rows["counters"].values():
        try:
            out[int(row["number"])] = tuple(json.loads(row["service_ids"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def own_desks(conn: Connection) -> frozenset[int] | None:
    """The desks this station's key is registered for, as the record holds it (None: its
    registration names none: any desk)."""
    ident = getattr(conn, "audit", None)
    key = ident.signer.key_id if ident is not None and ident.signer is not None else None
    history = _judged_in(conn).authority.desks.get(key or "")
    return history[-1][1] if history else None


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
