"""The evidence pack's own registers with the acts behind them, for ``reports.provenance``:
the requests about a person's data (UU 27/2022; answered within 3 x 24 hours) and the SKM
result's publications. A request counts in the period it came in, a publication on its day."""

from __future__ import annotations

from datetime import date

from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.privacy.requests import read_requests
from ult_desktop.reports.evidence import skm_publications
from ult_desktop.reports.provenance_times import Measured, Thing

#: The figures of this module, by key: their names.
LABELS = {"privacy.requests": "prov.k.privacy.requests",
          "privacy.in_time": "prov.k.privacy.in_time",
          "publication.skm": "prov.k.publication.skm"}


def evidence_figures(conn: Connection, first: date, last: date) -> dict[str, Measured]:
    """The requests that came in *first*..*last* and those answered in time, and the
    publications of the SKM result in it, each listed with its act."""
    d0, d1 = first.isoformat(), last.isoformat()
    requests: list[Thing] = []
    in_time: list[Thing] = []
    years = range(first.year, last.year + 1)
    for r in (r for year in years for r in read_requests(conn, year)):
        if not d0 <= r["received"][:10] <= d1:
            continue
        thing = (tr("prov.thing.request", act=tr(f"evidence.requests.{r['act']}"),
                    day=r["received"][:10]), [r["event"]], ())
        requests.append(thing)
        if r["within_72h"]:
            in_time.append(thing)
    published = [(tr("prov.thing.publication", day=day), [event], ())
                 for day, event in skm_publications(conn, first, last)]
    # the pack prints them for a whole year (read as above); a month's report does not
    year = first == date(first.year, 1, 1) and last == date(first.year, 12, 31)
    return {key: Measured(len(things), len(things) if year else None, "", things)
            for key, things in (("privacy.requests", requests), ("privacy.in_time", in_time),
                                ("publication.skm", published)) if things}


def label(key: str) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    return tr(LABELS[key]) if key in LABELS else None
