"""The complaints' one LAPOR! clock (``reports.lapor.complaints``: the plan within 5
working days, the outcome by the category's deadline, each met, late, running, close to
its deadline or overdue) with the acts behind it, for ``reports.provenance``: each
complaint whose guest-book record the replay holds (only acts the judge lets stand),
listed with its record's and case's acts (received, answered, told, closed)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.port import Connection
from ult_desktop.reports.figures import ReportData
from ult_desktop.reports.lapor import complaints
from ult_desktop.reports.provenance_times import Measured, Thing

#: Where each of the two deadlines can stand (``core.evidence.lapor_clock``).
STATES = ("met", "late", "running", "warn", "overdue")
CLOCKS = ("plan", "done")


def lapor_figures(conn: Connection, data: ReportData, first: date, last: date,
                  records: dict[int, list[int]]) -> dict[str, Measured]:
    """The month's complaints on the clock (``lapor.<plan|done>.<state>``, and
    ``lapor.received``), as the LAPOR! export reads them; *records*: the replayed
    guest-book records' and their cases' acts by record id (those the judge lets stand)."""
    found = complaints(conn, first, last, data.timezone, data.today)
    printed: dict[str, int] = defaultdict(int)
    counted: dict[str, list[Thing]] = defaultdict(list)
    for c in found:
        record_id = int(c["number"].removeprefix("P-"))
        keys = ["lapor.received", *(f"lapor.{clock}.{c[clock]}" for clock in CLOCKS)]
        for key in keys:
            printed[key] += 1
        if record_id in records:
            thing = (tr("prov.thing.record", id=record_id), records[record_id], ())
            for key in keys:
                counted[key].append(thing)
    every = ["lapor.received", *(f"lapor.{c}.{s}" for c in CLOCKS for s in STATES)]
    return {key: Measured(len(counted[key]), printed[key], "", counted[key]) for key in every}


def label(key: str, data: ReportData) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    head, _, rest = key.partition(".")
    if head != "lapor":
        return None
    if rest == "received":
        return tr("prov.k.lapor.received")
    clock, _, state = rest.partition(".")
    return f"{tr(f'prov.k.lapor.{clock}')} · {tr(f'evidence.lapor.st.{state}')}"
