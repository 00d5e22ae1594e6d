"""Desk time (``reports.desk_time``) and the shared file's outages (``reports.outages``)
with the acts behind them, for ``reports.provenance``. The minutes are counted as the
report counts them, from the replayed tickets and the sign-ins, sign-outs and breaks the
record lets stand; each figure lists its acts (a ticket's first call and finish, the
officer's sign-ins and sign-outs, the break's start and end)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.db.engine.port import Connection
from ult_desktop.reports.data import period_floor
from ult_desktop.reports.desk_time import Pause, Sessions, day_minutes, desk_minutes, read_marks
from ult_desktop.reports.figures import ReportData, TicketRow
from ult_desktop.reports.provenance_times import Measured, Thing, ticket_name


def desk_figures(conn: Connection, data: ReportData,
                 timed: list[tuple[TicketRow, str, list[int]]]) -> dict[str, Measured]:
    """Every officer's minutes (``desk.<officer id>.<column>``, ``.paused.<reason>``),
    from the replayed *timed* tickets, beside what *data* (read from the tables) prints."""
    d0, d1 = data.date_from.isoformat(), data.date_to.isoformat()
    read = read_marks(conn, period_floor(conn, d0), data.timezone)
    people, hours = desk_minutes(read, d0, d1, data.timezone, [t for t, _, _ in timed],
                                 data.officers)
    printed = {}
    for r in data.officer_time:
        printed |= {f"desk.{r.officer_id}.{c}": v for c, v in _columns(r).items()}
    serving: dict[int, list[Thing]] = defaultdict(list)
    for t, name, events in timed:
        if t.officer_id is not None and t.first_called_at and t.finished_at:
            serving[t.officer_id].append((name, events, (t.first_called_at, t.finished_at)))
    marks, breaks, counter_breaks = _marks(read, data)
    out = _open_counters(hours, data, timed, counter_breaks)
    for r in people:
        oid = r.officer_id
        mine = serving.get(oid, [])
        for col, value in _columns(r).items():
            key = f"desk.{oid}.{col}"
            if col == "serving":
                things = mine
            elif col.startswith("paused."):
                things = breaks.get((oid, col.split(".", 1)[1]), [])
            elif col == "present":
                things = marks.get(oid, []) + mine
            else:
                things = marks.get(oid, []) + mine + [t for (o, _), ts in breaks.items()
                                                       if o == oid for t in ts]
            out[key] = Measured(value, printed.get(key), tr(f"prov.how.desk.{col.split('.')[0]}",
                                                           n=len({t[0] for t in things})),
                                things)
    return out


def _open_counters(hours: list, data: ReportData, timed: list[tuple[TicketRow, str, list[int]]],
                   counter_breaks: dict[tuple[int, date], list[tuple[Thing, datetime,
                                                                 datetime | None]]]
                   ) -> dict[str, Measured]:
    """The hours table's counters open on average (``hourly.<HH>.open_counters``), from
    the replayed tickets: each counter's day (its first call to its last finish) listed in
    the hours it covers, by the call that opened it and the finish that closed it, and its
    breaks in those hours."""
    days: dict[tuple[int, date], list[tuple[TicketRow, str, list[int]]]] = defaultdict(list)
    for t, name, events in timed:
        if t.counter is not None and day_minutes(t.first_called_at, t.finished_at, t.day,
                                                 data.timezone):
            days[(t.counter, t.day)].append((t, name, events))
    things: dict[int, list[Thing]] = defaultdict(list)
    for (counter, day), mine in days.items():
        first = min(mine, key=lambda x: x[0].first_called_at)
        last = max(mine, key=lambda x: x[0].finished_at)
        span = set().union(*(day_minutes(t.first_called_at, t.finished_at, day, data.timezone)
                             for t, _, _ in mine))
        hours_open = set(range(min(span) // 60, max(span) // 60 + 1))
        for hour in hours_open:
            things[hour] += [(first[1], first[2], (first[0].first_called_at,)),
                             (last[1], last[2], (last[0].finished_at,))]
        for thing, since, until in counter_breaks.get((counter, day), []):
            spent = day_minutes(since, until or last[0].finished_at, day, data.timezone)
            for hour in {m // 60 for m in spent} & hours_open:
                things[hour].append(thing)
    printed = {r.hour: r.open_counters for r in data.hours}
    replayed = {r.hour: r.open_counters for r in hours}
    n_days = len({d for _, d in days})
    return {f"hourly.{hour:02d}.open_counters": Measured(
        replayed.get(hour, 0.0), printed.get(hour),
        tr("prov.how.open_counters", n=len({t[0] for t in things.get(hour, [])}), days=n_days),
        things.get(hour, [])) for hour in sorted(replayed.keys() | printed.keys())
        if replayed.get(hour) or printed.get(hour)}


def _columns(r) -> dict[str, int]:
    return {"present": r.present, "serving": r.serving, "idle": r.idle,
            "idle_waiting": r.idle_while_waiting,
            **{f"paused.{reason}": v for reason, v in r.paused.items()}}


def _marks(read: tuple[Sessions, list[Pause]], data: ReportData
           ) -> tuple[dict[int, list[Thing]], dict[tuple[int, str], list[Thing]], dict]:
    """The sign-ins and -outs at a counter standing in the period, per officer (each a
    thing: the officer's day at the desk), the breaks per (officer, reason), and per
    (counter, day) each with its start and end (None: still on it); *read*: the desk's
    marks as ``reports.desk_time`` counts them."""
    sessions, pauses = read
    first, last = data.date_from, data.date_to
    marks: dict[int, list[Thing]] = defaultdict(list)
    breaks: dict[tuple[int, str], list[Thing]] = defaultdict(list)
    at_counter: dict[tuple[int, date], list] = defaultdict(list)
    for (day, oid), mine in sessions.items():
        if first <= day <= last:
            who = data.officers.get(oid, f"#{oid}")
            marks[oid] += [(tr("prov.thing.desk_day", who=who, day=day.isoformat()),
                            [event_id], ()) for _, _, event_id in mine]
    for day, counter, oid, reason, since, until, began, ended in pauses:
        if first <= day <= last:
            thing = (tr("prov.thing.break", counter=counter, day=day.isoformat()),
                     [began, *([ended] if ended is not None else [])], ())
            if oid is not None:
                breaks[(oid, reason)].append(thing)
            at_counter[(counter, day)].append((thing, since, until))
    return marks, breaks, at_counter


def label(key: str, data: ReportData) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    head, _, rest = key.partition(".")
    if head == "outages":
        return f"{tr('report.t.outages')} · " + (tr(f"report.c.{rest}") if rest in (
            "offline_acts", "held_tickets") else tr(f"prov.k.outages.{rest}"))
    if head != "desk":
        return None
    oid, _, col = rest.partition(".")
    who = data.officers.get(int(oid), f"#{oid}")
    if col.startswith("paused."):
        name = f"{tr('report.c.paused')}: {tr('counter.pause.' + col.split('.', 1)[1])}"
    else:
        name = tr(f"report.c.{col}")
    return f"{tr('report.t.officer_time')}: {who} · {name}"


def outage_figures(data: ReportData, tickets: dict[tuple, dict],
                   history: dict[tuple, list[int]]) -> dict[str, Measured]:
    """The shared file's outages (``reports.outages``): how many, their minutes, the acts
    counters kept offline and the tickets kiosks issued from held numbers, each sign of an
    outage listed when the replay let it stand on its ticket (*tickets*, *history*: the
    replayed tickets and their acts)."""
    counted: dict[str, list[Thing]] = defaultdict(list)
    minutes = 0.0
    for o in data.outages:
        stood = [(e, tid, sign) for e, tid, sign in o.signs if e in history.get((tid,), ())]
        if not stood:
            continue  # (no act of it stands: behind no figure)
        since, until = local_time(o.since, data.timezone), local_time(o.until, data.timezone)
        outage = (tr("prov.thing.outage", since=f"{since:%Y-%m-%d %H.%M.%S}",
                     until=f"{until:%H.%M.%S}"), [e for e, _, _ in stood], ())
        counted["outages.count"].append(outage)
        counted["outages.minutes"].append(outage)
        minutes += (o.until - o.since).total_seconds() / 60
        for e, tid, sign in stood:
            t = tickets.get((tid,), {})
            counted[f"outages.{sign}"].append((ticket_name(t), [e], ()))
    acts = counted["outages.offline"]
    return {
        "outages.count": Measured(len(counted["outages.count"]), len(data.outages), "",
                                  counted["outages.count"]),
        "outages.minutes": Measured(minutes, sum((o.until - o.since).total_seconds() / 60
                                                 for o in data.outages),
                                    tr("prov.how.outage_minutes",
                                       n=len(counted["outages.minutes"])),
                                    counted["outages.minutes"]),
        "outages.offline_acts": Measured(len(acts), sum(o.offline_acts for o in data.outages),
                                         tr("prov.how.offline_acts", n=len(acts)), acts),
        "outages.held_tickets": Measured(len(counted["outages.held"]),
                                         sum(o.held_tickets for o in data.outages), "",
                                         counted["outages.held"])}
