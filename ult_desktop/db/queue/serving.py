"""Which counters serve now (``core.desks``), from the day's sessions as the record holds
them, the breaks and the heartbeats (for the call rule, the TV and the phone page)."""

from __future__ import annotations

import time
from datetime import date, datetime

from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import day_start_utc, heartbeat_age_s
from ult_desktop.core.desks import SIGN_IN, SIGN_OUT, DeskMark, StationLife, serving
from ult_desktop.core.numbering import office_day
from ult_desktop.core.queue import CounterView
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.queue.rows import counters_by_number, read_pauses
from ult_desktop.db.record.events import iso
from ult_desktop.db.record.judged import desk_sessions

#: The office day's first events lie between the day before's last ticket and the day's
#: first: searched there by time in a few point reads (a night of heartbeats is thousands).
_BOUNDS = ("SELECT (SELECT MAX(issue_event) FROM tickets WHERE day = (SELECT MAX(day) FROM "
           "tickets WHERE day < ?)), (SELECT MIN(issue_event) FROM tickets WHERE day = ?), "
           "(SELECT id FROM events ORDER BY id DESC LIMIT 1)")
_AT = "SELECT at FROM events WHERE id >= ? ORDER BY id LIMIT 1"
#: Events read before the one the search finds: an act landed late (dated the day
#: before, written after a sign-in of the day) may sit where the search looks.
_MARGIN = 64
_MARKS = ("SELECT id, kind, counter_number, station, at, data, station_key FROM events "
          "WHERE id > ? AND kind IN (?, ?, 'called') ORDER BY id")
#: The roles whose call counts for a desk nobody signed in at (driven from the CLI).
_CALLERS = ("counter", "admin")


def read_marks(conn: Connection, day: str, tz: str) -> tuple[list[DeskMark], set[int]]:
    """The sign-ins and sign-outs of office *day*, and the counters that called that day, as
    the record holds them (``db.record.judged.desk_sessions``: a forged sign-in opens no
    desk); before the first key (or while a long log is judged), the events as they are."""
    marks, called = _raw_marks(conn, day, tz)
    judged = desk_sessions(conn)
    if judged is None:
        return marks, {counter for counter, _ in called}
    sessions, authority = judged
    return sessions.marks(day, authority.labels), {  # (a call by a key that may call)
        counter for counter, key in called if authority.role_at(key, 1 << 62) in _CALLERS}


def _raw_marks(conn: Connection, day: str, tz: str) -> tuple[list[DeskMark], set[tuple]]:
    cache = getattr(conn, "config", None)
    kept = getattr(cache, "desk_marks", None)
    if kept is not None and kept[0] == day:
        _, upto, marks, called = kept
    else:
        upto = day_floor(conn, day, tz)
        marks, called = (), frozenset()
    marks, called = list(marks), set(called)
    for eid, kind, counter, station, at, data, key in conn.execute(_MARKS, (upto, SIGN_IN,
                                                                            SIGN_OUT)):
        upto = eid
        when = datetime.fromisoformat(at)
        if office_day(when, tz).isoformat() != day:
            continue
        if kind == "called":
            called.add((counter, key))
            continue
        info = json_dict(data)
        if info.get("screen", "counter") != "counter":
            continue
        name = info.get("username")
        marks.append(DeskMark(kind, counter, station, name if isinstance(name, str) else None,
                              when.timestamp()))
    if cache is not None:
        cache.desk_marks = (day, upto, tuple(marks), frozenset(called))
    return marks, called


def day_floor(conn: Connection, day: str, tz: str) -> int:
    """An event id before office *day*'s first event (0: the log's start)."""
    low, first_ticket, top = conn.execute(_BOUNDS, (day, day)).fetchone()
    low, high = low or 0, first_ticket or top or 0
    starts = iso(day_start_utc(date.fromisoformat(day), tz))
    while low < high:  # the first event dated in the day (by its UTC ISO text)
        middle = (low + high) // 2
        row = conn.execute(_AT, (middle + 1,)).fetchone()
        if row is None or str(row[0]) >= starts:
            high = middle
        else:
            low = middle + 1
    return max(0, low - _MARGIN)


def station_lives(conn: Connection, now: float | None = None) -> dict[str, StationLife]:
    """Each station's heartbeat row: its age (by this PC's clock) and its run's start."""
    out = {}
    for sid, clock, detail in conn.execute("SELECT id, clock, detail FROM stations"):
        info = json_dict(detail)
        pulse = info.get("pulse")
        started = pulse.get("started") if isinstance(pulse, dict) else None
        out[sid] = StationLife(heartbeat_age_s(clock, info, None, now),
                               float(started) if isinstance(started, int | float) else None)
    return out


def read_serving(conn: Connection, day: str, tz: str, pauses: dict | None = None
                 ) -> frozenset[int]:
    """The counters that serve now on office *day* (``core.desks.serving``)."""
    marks, called = read_marks(conn, day, tz)
    active = [c.number for c in counters_by_number(conn).values() if c.active]
    return serving(marks, active=active,
                   paused=read_pauses(conn) if pauses is None else pauses,
                   stations=station_lives(conn, time.time()), called=called)


def serving_views(conn: Connection, day: str, tz: str, pauses: dict | None = None
                  ) -> list[CounterView]:
    """The counters that serve now, as the queue policy sees them (a priority counter
    flagged as one only while it serves)."""
    now_in = read_serving(conn, day, tz, pauses)
    return [CounterView(number=c.number, service_ids=frozenset(c.service_ids),
                        priority_counter=c.priority_counter)
            for c in counters_by_number(conn).values() if c.number in now_in]


def orphaned_services(conn: Connection, views: list[CounterView]) -> frozenset[int]:
    """The services an active priority counter is there for that no priority counter
    serving now (in *views*) covers: any desk that serves calls their priority visitors."""
    covered = frozenset().union(*(v.service_ids for v in views if v.priority_counter))
    return frozenset().union(*(c.service_ids for c in counters_by_number(conn).values()
                               if c.active and c.priority_counter)) - covered
