"""The survey's figures (SKM/IKM) with the acts behind them, for ``reports.provenance``.
The answers are anonymous, bound to the log only by their number per group (service,
month, source) and a sum; so each figure lists the acts that landed the month's answers,
each with how many it added, and the index is computed from those answers (``core.skm``)."""

from __future__ import annotations

from collections import defaultdict

from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.reports.figures import ReportData
from ult_desktop.reports.provenance_times import Measured, Thing

#: The counted table of the survey's answers (``core.images``: one image per answer).
SURVEY_TABLE = "skm_responses"
ELEMENTS = 9


def survey_figures(surveys: dict[tuple, list[tuple[int, int]]], data: ReportData,
                   month: str) -> dict[str, Measured]:
    """The SKM figures of *month* (``ikm.<service prefix or all>.<respondents, ikm,
    element.N>``) from the answers' acts (*surveys*: group -> [(event, +1
    or -1)], the replay's), beside what *data* prints (None: not printed, the month still
    running or fewer answers than the minimum group)."""
    closed = skm.last_closed_month(data.today)
    if month > closed:
        return {}  # (the running month: no SKM figure is printed)
    landed: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for group, acts in surveys.items():  # (*month* a year: its closed months)
        if len(group) >= 2 and isinstance(group[1], str) and group[1].startswith(month) \
                and group[1] <= closed and group[0] in data.services:
            for event_id, step in acts:
                landed[group[0]][event_id] += step
    out: dict[str, Measured] = {}
    every: list[Thing] = []
    for sid, acts in landed.items():
        prefix = data.services[sid].prefix
        things = [(tr("prov.thing.answers", n=n, service=prefix, event=e), [e], ())
                  for e, n in sorted(acts.items()) if n]
        every += things
        shown = data.skm_by_service.get(sid)
        out |= _figures(f"ikm.{prefix}", sum(acts.values()), things, shown)
    return out | _figures("ikm.all", sum(sum(a.values()) for a in landed.values()), every,
                          data.skm)


def _figures(head: str, respondents: int, things: list[Thing],
             shown: skm.IkmResult | None) -> dict[str, Measured]:
    how = tr("prov.how.skm.respondents", n=len(things))
    out = {f"{head}.respondents": Measured(respondents,
                                           shown.respondents if shown else None, how, things)}
    if shown is None or shown.respondents != respondents:
        return out  # (an index of other answers than the acts landed is none of theirs)
    made = tr("prov.how.skm.index", n=respondents)
    out[f"{head}.ikm"] = Measured(float(shown.ikm), float(shown.ikm), made, things)
    for number, nrr in enumerate(shown.nrr_rounded(), start=1):
        out[f"{head}.element.{number}"] = Measured(float(nrr), float(nrr), made, things)
    return out


def label(key: str, data: ReportData) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    head, _, rest = key.partition(".")
    if head != "ikm":
        return None
    where, _, col = rest.partition(".")
    svc = next((s for s in data.services.values() if s.prefix == where), None)
    place = f"{svc.prefix} {svc.name}" if svc else tr("prov.all_services")
    if col.startswith("element."):
        name = f"{tr('report.c.element')} {col.split('.', 1)[1]} (NRR)"
    else:
        name = "IKM" if col == "ikm" else tr("report.c.respondents")
    return f"SKM: {place} · {name}"
