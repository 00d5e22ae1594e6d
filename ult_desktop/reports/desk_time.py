"""Minutes at the desk, minute by minute, from the tickets' calls and finishes and the log's
sign-ins, sign-outs and breaks: per officer, and counters open per hour of the day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from ult_desktop.core.chain import json_dict
from ult_desktop.core.numbering import local_time
from ult_desktop.core.stats import Summary, summarize
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.standing import signers

_DESK_KINDS = ("officer_login", "officer_logout", "counter_paused", "counter_resumed")
#: (office day, counter, officer id, reason, since, until: None while still on the break,
#: the event that began it, the one that ended it: None while still on it)
Pause = tuple[date, int, int | None, str, datetime, datetime | None, int, int | None]
#: sign-ins and -outs at a counter per (office day, officer id): (time, kind, event id)
Sessions = dict[tuple[date, int], list[tuple[datetime, str, int]]]


@dataclass(frozen=True)
class OfficerTime:
    """One officer's minutes in the period: at the desk (signed in, or from
    the first call to the last finish), serving (call to finish), on a break by reason,
    idle, and idle while a visitor of the services they served that day waited."""

    officer_id: int
    label: str
    present: int
    serving: int
    paused: dict[str, int]
    idle: int
    idle_while_waiting: int


@dataclass(frozen=True)
class HourRow:
    """One hour of the office day over the period: counters open on average (a counter
    is open from its first call to its last finish of a day, less its breaks), the
    visitors first called in it and their wait."""

    hour: int
    open_counters: float
    called: int
    wait: Summary


def day_minutes(start: datetime | None, end: datetime | None, day: date, tz: str) -> set[int]:
    """The minutes of office day *day* (local, 0..1439) from *start* up to *end*."""
    if start is None or end is None or end <= start:
        return set()
    a, b = local_time(start, tz), local_time(end, tz)
    first = 0 if a.date() < day else a.hour * 60 + a.minute
    last = 1440 if b.date() > day else b.hour * 60 + b.minute
    return set(range(first, last))


def read_marks(conn: Connection, floor: int, tz: str) -> tuple[Sessions, list[Pause]]:
    """Sign-ins and -outs at a counter per (day, officer), and the breaks, after event
    *floor* as the record lets them stand, each with its events."""
    by_name = {r[0]: r[1] for r in conn.execute("SELECT username, id FROM officers")}
    sessions: Sessions = defaultdict(list)
    pauses: list[Pause] = []
    open_pause: dict[int, tuple[datetime, int | None, str, int]] = {}
    stands = signers(conn)  # a sign-in a display's key signed moves no one's minutes
    signed_in: set[tuple] = set()  # (key, username) of each sign-in read
    for ev in conn.execute("SELECT kind, counter_number, at, data, id, station_key FROM "
                           f"events WHERE id > ? AND kind IN ({', '.join('?' * len(_DESK_KINDS))})"
                           " ORDER BY id", (floor, *_DESK_KINDS)).fetchall():
        if not stands(ev["station_key"], ev["id"], ev["kind"]):
            continue
        at, data = datetime.fromisoformat(ev["at"]), json_dict(ev["data"])
        if ev["kind"] in ("officer_login", "officer_logout"):
            name = data.get("username")
            if ev["kind"] == "officer_login":
                signed_in.add((ev["station_key"], name))
            elif (ev["station_key"], name) not in signed_in:
                continue  # a sign-out closes only a sign-in at its own station
            oid = by_name.get(name)
            if oid is not None and data.get("screen", "counter") == "counter":
                sessions[(local_time(at, tz).date(), oid)].append((at, ev["kind"], ev["id"]))
        elif ev["kind"] == "counter_paused" and ev["counter_number"] is not None:
            open_pause[ev["counter_number"]] = (at, data.get("officer_id"), data.get("reason"),
                                                ev["id"])
        elif ev["counter_number"] in open_pause:
            since, oid, reason, began = open_pause.pop(ev["counter_number"])
            pauses.append((local_time(since, tz).date(), ev["counter_number"], oid,
                           str(reason), since, at, began, ev["id"]))
    for counter, (since, oid, reason, began) in open_pause.items():  # still on a break
        pauses.append((local_time(since, tz).date(), counter, oid, str(reason), since, None,
                       began, None))
    return sessions, pauses


def _present(marks: list[tuple[datetime, str, int]], serving: set[int], day: date,
             day_end: datetime | None, tz: str) -> set[int]:
    """An officer's minutes at the desk: signed in, or first call to last finish."""
    if not marks:
        return set(range(min(serving), max(serving) + 1)) if serving else set()
    present: set[int] = set()
    since = None
    for at, kind, _ in sorted(marks):
        if kind == "officer_login" and since is None:
            since = at
        elif kind == "officer_logout" and since is not None:
            present |= day_minutes(since, at, day, tz)
            since = None
    return present | day_minutes(since, day_end, day, tz)


def _count_day(day: date, mine: list, sessions: Sessions, pauses: list[Pause],
               tz: str, totals: dict, open_minutes: dict[int, int]) -> None:
    """Add one office day's minutes to *totals* (per officer) and *open_minutes*."""
    ends = [t.finished_at for t in mine if t.finished_at is not None]
    day_end = max(ends) if ends else None
    serving: dict[int, set[int]] = defaultdict(set)
    services: dict[int, set[int]] = defaultdict(set)
    counters: dict[int, set[int]] = defaultdict(set)
    for t in mine:
        spent = day_minutes(t.first_called_at, t.finished_at, day, tz)
        if t.officer_id is not None:
            serving[t.officer_id] |= spent
            services[t.officer_id].add(t.service_id)
        if t.counter is not None:
            counters[t.counter] |= spent
    paused: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    counter_paused: dict[int, set[int]] = defaultdict(set)
    for p_day, counter, oid, reason, since, until, *_ in pauses:
        if p_day == day:
            span = day_minutes(since, until or day_end, day, tz)
            counter_paused[counter] |= span
            if oid is not None:
                paused[oid][reason] |= span
    for counter, spent in counters.items():  # open: first call to last finish
        span = set(range(min(spent), max(spent) + 1)) if spent else set()
        for minute in span - counter_paused[counter]:
            open_minutes[minute // 60] += 1
    for oid in set(serving) | {o for d, o in sessions if d == day} | set(paused):
        present = _present(sessions.get((day, oid), []), serving[oid], day, day_end, tz)
        idle = present - serving[oid] - set().union(*paused[oid].values())
        waited: set[int] = set()
        for t in mine:
            if t.service_id in services[oid]:
                waited |= day_minutes(t.issued_at, t.first_called_at or day_end, day, tz)
        row = totals[oid]
        row["present"] += len(present)
        row["serving"] += len(serving[oid])
        row["idle"] += len(idle)
        row["idle_waiting"] += len(idle & waited)
        for reason, span in paused[oid].items():
            row[f"paused:{reason}"] += len(span)


def desk_time(conn: Connection, floor: int, d0: str, d1: str, tz: str,
              tickets: list, officers: dict[int, str]
              ) -> tuple[list[OfficerTime], list[HourRow]]:
    """Minutes per officer and counters open per hour of office days *d0* .. *d1*, from
    *tickets* (``figures.TicketRow``) and the log after event *floor* (``data.period_floor``)."""
    return desk_minutes(read_marks(conn, floor, tz), d0, d1, tz, tickets, officers)


def desk_minutes(marks: tuple[Sessions, list[Pause]], d0: str, d1: str, tz: str,
                 tickets: list, officers: dict[int, str]
                 ) -> tuple[list[OfficerTime], list[HourRow]]:
    """:func:`desk_time` of the sign-ins, sign-outs and breaks *marks* (:func:`read_marks`)."""
    sessions, pauses = marks
    start, end = date.fromisoformat(d0), date.fromisoformat(d1)
    days = sorted(d for d in {t.day for t in tickets} | {d for d, _ in sessions}
                  | {p[0] for p in pauses} if start <= d <= end)
    totals: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    open_minutes: dict[int, int] = defaultdict(int)
    for day in days:
        _count_day(day, [t for t in tickets if t.day == day], sessions, pauses, tz, totals,
                   open_minutes)
    people = [OfficerTime(oid, officers.get(oid, f"#{oid}"), r["present"], r["serving"],
                          {k.split(":", 1)[1]: v for k, v in r.items()
                           if k.startswith("paused:")}, r["idle"], r["idle_waiting"])
              for oid, r in sorted(totals.items(), key=lambda kv: officers.get(kv[0], ""))]
    called_hour = {t.id: local_time(t.first_called_at, tz).hour
                   for t in tickets if t.first_called_at}
    hours = []
    for hour in sorted(set(open_minutes) | set(called_hour.values())):
        called = [t for t in tickets if called_hour.get(t.id) == hour]
        hours.append(HourRow(hour, open_minutes[hour] / 60 / max(1, len(days)), len(called),
                             summarize([t.wait_min for t in called])))
    return people, hours
