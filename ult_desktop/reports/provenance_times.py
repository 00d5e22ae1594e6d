"""The report's statistics with the acts behind them, for ``reports.provenance``: waiting
and service minutes per service, the escalations' timeliness, the hours table. A time
figure lists for each ticket the acts that started and ended its minutes and says how the
number is made of them (a median of the 37 waits listed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ult_desktop.core.i18n import language, tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.stats import Summary, summarize
from ult_desktop.reports.escalations import ESCALATION_STATUSES
from ult_desktop.reports.figures import ReportData, TicketRow
from ult_desktop.reports.fmt import fmt_dec, fmt_int, fmt_pct

#: The statistics of a time figure, as the report's table of times prints them.
STATS = ("count", "mean", "median", "p90", "within")
#: Each measure: the ``TicketRow`` times its minutes run between, and its minutes.
MEASURES: dict[str, tuple[str, str, Callable[[TicketRow], float | None]]] = {
    "wait": ("issued_at", "first_called_at", lambda t: t.wait_min),
    "service_time": ("serving_at", "finished_at", lambda t: t.service_min)}
_LABELS = {"count": "report.c.count", "mean": "report.c.mean", "median": "report.c.median",
           "p90": "report.c.p90", "within": "report.c.met"}
#: One measured or counted thing: its name, its candidate acts, the times whose acts
#: make it (empty: every act of it).
Thing = tuple[str, list[int], tuple[datetime, ...]]


@dataclass
class Measured:
    """A figure made of things' acts: its value (a statistic or a count), what the report
    prints, and how the value is computed from the things (empty: their number)."""

    value: float | int | None
    printed: float | int | None
    how: str = ""
    things: list[Thing] = field(default_factory=list)


def time_figures(timed: list[tuple[TicketRow, str, list[int]]],
                 data: ReportData) -> dict[str, Measured]:
    """Every time statistic of the report, from the replayed *timed* tickets (each with
    its name and acts), beside what *data* (read from the tables) prints."""
    printed = printed_times(data)
    by_service: dict[int, list] = defaultdict(list)
    for item in timed:
        by_service[item[0].service_id].append(item)
    out: dict[str, Measured] = {}
    for sid, svc in data.services.items():
        for measure in MEASURES:
            if by_service.get(sid):
                out |= _stats(f"{measure}.{svc.prefix}", measure, by_service[sid], data,
                              printed)
    for measure in MEASURES:
        out |= _stats(f"{measure}.all", measure, timed, data, printed)
    return out


def _stats(head: str, measure: str, items: list, data: ReportData,
           printed: dict) -> dict[str, Measured]:
    start, end, minutes = MEASURES[measure]
    things = [(name, events, (getattr(t, start), getattr(t, end)))
              for t, name, events in items if minutes(t) is not None]
    made = _values(data.time_summary([t for t, _, _ in items], measure))
    what = tr(f"prov.how.{measure}")
    return {f"{head}.{stat}": Measured(made[stat], printed.get(f"{head}.{stat}"),
                                       tr(f"prov.how.{stat}", n=len(things), what=what),
                                       things) for stat in STATS}


def _values(s: Summary) -> dict[str, float | int | None]:
    """A table of times' row by :data:`STATS`."""
    return dict(zip(STATS, (s.count, s.mean, s.median, s.p90, s.within_target), strict=True))


def hour_figures(timed: list[tuple[TicketRow, str, list[int]]],
                 data: ReportData) -> dict[str, Measured]:
    """The hours table's visitors first called in each hour of the day (office time) and
    their mean wait (``hourly.<HH>.called``, ``.mean``: ``ReportData.hours``), each
    ticket listed with its first call (and, for the wait, its issue)."""
    by_hour: dict[int, list] = defaultdict(list)
    for t, name, events in timed:
        if t.first_called_at is not None:
            by_hour[local_time(t.first_called_at, data.timezone).hour].append(
                (t, name, events))
    printed = {h.hour: h for h in data.hours}
    out: dict[str, Measured] = {}
    for hour in sorted(by_hour.keys() | {h for h, r in printed.items() if r.called}):
        items, shown = by_hour.get(hour, []), printed.get(hour)
        waits = [t.wait_min for t, _, _ in items]
        out[f"hourly.{hour:02d}.called"] = Measured(
            len(items), shown.called if shown else None, "",
            [(name, events, (t.first_called_at,)) for t, name, events in items])
        out[f"hourly.{hour:02d}.mean"] = Measured(
            summarize(waits).mean, shown.wait.mean if shown else None,
            tr("prov.how.mean", n=len(waits), what=tr("prov.how.wait")),
            [(name, events, (t.issued_at, t.first_called_at)) for t, name, events in items])
    return out


def printed_times(data: ReportData) -> dict[str, float | int | None]:
    """The report's table of times (``ReportData.times``) by figure key."""
    out: dict[str, float | int | None] = {}
    for row in data.times():
        head = row.service.prefix if row.service is not None else "all"
        for measure, s in (("wait", row.wait), ("service_time", row.service_time)):
            out |= {f"{measure}.{head}.{stat}": v for stat, v in _values(s).items()}
    return out


def escalation_figures(escalated: list[tuple[str, list[int]]], data: ReportData,
                       thing_of: Callable[[int | None, int | None], str]
                       ) -> dict[str, Measured]:
    """The escalations' timeliness per service and in all (opened, on time, late, open,
    overdue, rescheduled): each escalation the report reads whose case or ticket the
    replay holds (*escalated*: the things of the ``escalated`` figure), with its acts;
    *thing_of* (case id, ticket id) names it as they are named there."""
    acts = {name: events for name, events in escalated}
    today = data.today
    counted: dict[str, list[Thing]] = defaultdict(list)
    for e in data.escalations:
        name = thing_of(e.case_id, e.ticket_id)
        if name not in acts:
            continue  # (no act of it stands: behind no figure)
        thing = (name, acts[name], ())
        prefix = data.services[e.service_id].prefix
        cols = ["opened", e.status(today)] + (["rescheduled"] if e.rescheduled else [])
        for head in (prefix, "all"):
            for col in cols:
                counted[f"escalations.{head}.{col}"].append(thing)
    printed: dict[str, int] = {}
    for row in data.escalation_counts():
        head = row["service"].prefix if row["service"] is not None else "all"
        printed |= {f"escalations.{head}.{c}": row[c]
                    for c in ("opened", "rescheduled", *ESCALATION_STATUSES)}
    return count_figures(counted, printed)


def count_figures(things: dict[str, list[Thing]], printed: dict) -> dict[str, Measured]:
    """A figure for each key of *things* or *printed*: the number of its things, beside
    what the report prints."""
    return {key: Measured(len(things.get(key, [])), printed.get(key), "", things.get(key, []))
            for key in printed.keys() | things.keys()}


def ticket_name(row: dict) -> str:
    """A replayed ticket as a figure lists it: "A-014 (2026-11-03)"."""
    return f"{row.get('number')} ({row.get('day')})"


def label(key: str, data: ReportData) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    head, _, rest = key.partition(".")
    if head == "hourly":
        hour, _, col = rest.partition(".")
        return f"{tr('report.t.hours')}: {hour}.00 · {tr(f'report.c.{col}')}"
    if head not in (*MEASURES, "escalations"):
        return None
    row, _, col = rest.rpartition(".")
    svc = next((s for s in data.services.values() if s.prefix == row), None)
    where = f"{svc.prefix} {svc.name}" if svc else tr("prov.all_services")
    colname = tr(_LABELS[col]) if col in _LABELS else tr(f"report.c.{col}")
    return f"{tr(f'prov.k.{head}')}: {where} · {colname}"


def shown(key: str, value: float | int | None) -> str:
    """A figure's value as the page and the CLI show it, as the report writes numbers in
    the language shown (``12,50`` and ``1.234`` in Indonesian)."""
    if value is None:
        return "–"
    if key.endswith(".within"):
        return fmt_pct(value, language())
    if isinstance(value, float):
        return fmt_dec(value, 2, language())
    return fmt_int(value, language())
