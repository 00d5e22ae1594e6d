"""The PDF copy of one person's data (``db.privacy.person.copy_of``): every place, as held, and
the processing record; nothing of anyone else."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import get_settings
from ult_desktop.reports.pdf_kit import (
    CONTENT_W,
    MARGIN,
    build_a4,
    esc,
    grid_style,
    letterhead,
    styles,
)

_SECTIONS = (("register_records", "person.pdf.records"), ("cases", "person.pdf.cases"),
             ("handovers", "person.pdf.handovers"),
             ("skm_suggestions", "person.pdf.suggestions"))


def _pairs(row: dict, s: dict) -> Table:
    body = [[Paragraph(esc(k), s["body"]), Paragraph(esc(v), s["body"])]
            for k, v in row.items() if v not in (None, "")]
    table = Table(body or [["", ""]], colWidths=[4.2 * 28.35, CONTENT_W - 4.2 * 28.35],
                  hAlign="LEFT")
    table.setStyle(TableStyle(grid_style(8)[4:]))
    return table


def _processing(items: list[dict], s: dict) -> list:
    head = ["at", "kind", "ticket", "counter", "station", "officer"]
    rows = [head] + [[str(e.get(k) or "") for k in head] for e in items]
    table = Table([[Paragraph(esc(c), s["body"]) for c in r] for r in rows], repeatRows=1,
                  colWidths=[CONTENT_W * w for w in (0.26, 0.2, 0.1, 0.08, 0.18, 0.18)],
                  hAlign="LEFT")
    table.setStyle(TableStyle(grid_style(7.5)))
    return [table]


def write_copy(db: Database, copy: dict, out: str | os.PathLike) -> None:
    """Write *copy* as a PDF to *out*."""
    s = styles()
    settings = get_settings(db)
    flow: list = letterhead(settings["office_name"], settings.get("office_address", ""),
                            settings.get("office_logo_png_b64", ""), s)
    flow += [Paragraph(esc(tr("person.pdf.title")), s["title"]),
             Paragraph(esc(tr("person.pdf.intro", office=settings["office_name"],
                              at=datetime.now(timezone.utc).isoformat(timespec="minutes"))),
                       s["body"])]
    for key, title in _SECTIONS:
        flow.append(Paragraph(esc(tr(title)), s["h2"]))
        rows = copy.get(key) or []
        if not rows:
            flow.append(Paragraph(esc(tr("person.pdf.none")), s["body"]))
        for row in rows:
            flow += [_pairs(row, s), Spacer(1, 4)]
    flow.append(Paragraph(esc(tr("person.pdf.processing")), s["h2"]))
    flow += _processing(copy.get("processing") or [], s)
    build_a4(out, flow, top=MARGIN, bottom=MARGIN)


def save_copy(db: Database, person: int, out: str | os.PathLike,
              received: str | None = None) -> Path:
    """Write the copy of *person*'s data to *out* (``.pdf`` or ``.json``), then note in the
    request register that a copy was given (an act of the admin station alone, as the
    record judges it). RuleViolation: another suffix, or not at the admin PC."""
    import json

    from ult_desktop.db import errors
    from ult_desktop.db.privacy import person as people
    from ult_desktop.db.record.judged import is_admin_station

    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".json"):
        raise errors.RuleViolation("person.error.out")
    if not is_admin_station(db):
        raise errors.RuleViolation("admin.error.not_admin_station")
    copy = people.copy_of(db, person)
    if suffix == ".json":
        path.write_text(json.dumps(copy, ensure_ascii=False, indent=2, default=str),
                        encoding="utf-8")
    else:
        write_copy(db, copy, path)
    people.note_copy_given(db, person, suffix[1:], received, file=path.resolve())
    return path
