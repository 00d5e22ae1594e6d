"""The number ranges kiosks hold as the judge lets them stand (``core.ranges``): a kiosk's
touches land only in these (``db.queue.numbers.touch_fault``), never in a row as it is,
so a range another key wrote over a kiosk's numbers, or a row a share writer changed,
sets none of its tickets aside. Read from the log's images of ``number_reserves`` since
the day before the oldest range held, each judged by its signer's registered role as
``check`` judges it (its numbers' place in the day is ``check``'s alone); kept per open
database and brought up to date from the last event read."""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass

from ult_desktop.core.authority import Acts, Authority
from ult_desktop.core.ranges import HeldRanges, range_fault
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.judged import authority_of

_SQL = ("SELECT id, rows, station_key, station, at FROM events WHERE id > ? AND rows LIKE "
        "'%\"number_reserves\"%' ORDER BY id")
#: The first event of the day before the oldest range held (its first ticket's birth).
_SINCE = ("SELECT MIN(issue_event) FROM tickets WHERE day = (SELECT MAX(day) FROM tickets "
          "WHERE day < (SELECT MIN(day) FROM number_reserves))")


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
    ranges: HeldRanges


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def held_ranges(db: Database, conn: Connection) -> HeldRanges | None:
    """Inside the caller's read or write: the ranges that stand; None when the office has
    registered no key (nothing to judge by: the rows as they are)."""
    authority = authority_of(db, conn)
    if not authority.first:
        return None
    with _LOCK:
        kept = _CACHE.get(db)
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        if kept is None or kept.authority is not authority or top < kept.head:
            since = conn.execute(_SINCE).fetchone()[0]
            kept = _Kept(authority, max(int(since or 1) - 1, 0), HeldRanges())
        for event_id, rows, key, station, at in conn.execute(_SQL, (kept.head,)).fetchall():
            _take(kept, event_id, rows, key, station, str(at))
            kept.head = event_id
        kept.head = max(kept.head, top)
        _CACHE[db] = kept
        return kept.ranges


def _take(kept: _Kept, event_id: int, rows: str, key: str | None, station: str | None,
          at: str) -> None:
    """An event's images of ``number_reserves``, each as the judge takes it."""
    try:
        images = json.loads(rows)
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
