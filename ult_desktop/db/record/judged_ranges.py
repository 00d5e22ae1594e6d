"""The number ranges kiosks hold as the judge lets them stand (``core.ranges``): a kiosk's
touches land only in these (``db.queue.numbers.touch_fault``), never in a row as it is,
so a range another key wrote over a kiosk's numbers, or a row a share writer changed,
sets none of its tickets aside. Read from the log's images of ``number_reserves`` since
the day before the oldest range held, each judged by its signer's registered role as
``check`` judges it (its numbers' place in the day is ``check``'s alone); kept per open
database and brought up to date from the last event read."""

from __future__ import annotations

import json
import logging
import threading
import weakref
from dataclasses import dataclass, field

from ult_desktop.core.authority import Acts, Authority
from ult_desktop.core.ranges import HeldRanges, range_fault
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.errors import UltError
from ult_desktop.db.record.judged import authority_of

_SQL = ("SELECT id, rows, station_key, station, at FROM events WHERE id > ? AND rows LIKE "
        "'%\"number_reserves\"%' ORDER BY id")
#: The first event of the day before the oldest range held or the day asked for (its first
#: ticket's birth: a day's ranges are claimed on that day).
_SINCE = ("SELECT MIN(issue_event) FROM tickets WHERE day = (SELECT MAX(day) FROM tickets "
          "WHERE day < COALESCE((SELECT MIN(day) FROM number_reserves WHERE day < ?), ?))")


class _Place:
    """What ``range_fault`` asks of the judge, as far as a station knows: the day, not
    the numbers' place in it."""

    near = staticmethod(Acts.near)

    @staticmethod
    def top_seq(day: object, prefix: object) -> int:
        return 1 << 62

    @staticmethod
    def sane_id(first: object, span: int) -> bool:
        return type(first) is int


@dataclass
class _Kept:
    authority: Authority
    head: int
    since: str  # the day whose ranges it holds on (and later days')
    ranges: HeldRanges
    said: set = field(default_factory=set)  # the rows said to differ from the judged


log = logging.getLogger(__name__)
_RAW = "SELECT day, prefix, first_seq, last_seq, first_id, station FROM number_reserves"
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_WARMED: weakref.WeakSet = weakref.WeakSet()  # once a database: at its first write


def held_ranges(db: Database, conn: Connection, day: str) -> HeldRanges | None:
    """Inside the caller's read or write: the ranges that stand, of office *day* and
    later at least; None when the office has registered no key (nothing to judge by: the
    rows as they are)."""
    authority = authority_of(db, conn)
    if not authority.first:
        return None
    with _LOCK:
        kept = _CACHE.get(db)
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        if kept is None or kept.authority is not authority or top < kept.head or \
                day < kept.since:
            since = conn.execute(_SINCE, (day, day)).fetchone()[0]
            kept = _Kept(authority, max(int(since or 1) - 1, 0), day, HeldRanges())
        for event_id, rows, key, station, at in conn.execute(_SQL, (kept.head,)).fetchall():
            _take(kept, event_id, rows, key, station, str(at))
            kept.head = event_id
        kept.head = max(kept.head, top)
        _CACHE[db] = kept
        _say_rows(kept, conn)
        return kept.ranges


def warm(db: Database, day: str, conn: Connection | None = None) -> None:
    """Read the ranges that stand once a database, before its first write (the first
    read walks the registrations and the log since *day*: not while holding the office's
    lock), in the caller's read (*conn*: the kiosk's start screen) or one of its own; a
    share away now is met by the write itself."""
    if db in _WARMED:
        return
    if conn is not None:
        held_ranges(db, conn, day)
        _WARMED.add(db)
        return
    _WARMED.add(db)
    try:
        db.read(lambda c: held_ranges(db, c, day))
    except UltError:
        pass


def _say_rows(kept: _Kept, conn: Connection) -> None:
    """Say once each row of ``number_reserves`` that is not a range as the judge lets it
    stand (written over another's numbers, moved, or a range removed): it changes
    nothing here; ``check`` names it."""
    raw = {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in conn.execute(_RAW).fetchall()}
    judged = {k: (v.get("last_seq"), v.get("first_id"), v.get("station"))
              for k, v in kept.ranges.rows.items()}
    for where in sorted(raw.keys() ^ judged.keys() | {k for k in raw.keys() & judged.keys()
                                                      if raw[k] != judged[k]}, key=str):
        if where not in kept.said:
            kept.said.add(where)
            log.warning("number range %s as written %s, as judged %s: the judged one "
                        "stands (check names it)", where, raw.get(where), judged.get(where))


def _take(kept: _Kept, event_id: int, rows: str, key: str | None, station: str | None,
          at: str) -> None:
    """An event's images of ``number_reserves``, each as the judge takes it."""
    try:
        images = json.loads(rows) if isinstance(rows, str) else rows
    except ValueError:
        return
    judged = event_id > kept.authority.first
    role = kept.authority.role_at(key, event_id) if judged else "admin"
    for image in images if type(images) is list else ():
        if type(image) is not list or len(image) < 3 or image[1] != "number_reserves" or \
                role is None or not kept.authority.may_write(role or None, image):
            continue
        if role != "admin" and (kept.ranges.fault(image, key) or range_fault(
                image, at, station, _Place)):
            continue
        kept.ranges.take(image, key)
