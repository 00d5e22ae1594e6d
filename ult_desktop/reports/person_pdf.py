"""The copy of one person's data given on request (UU 27/2022 Pasal 32): a PDF she can
read and a JSON file, both in the words of ``reports.person_copy`` (the JSON with the data
as held beside them), nothing of anyone else. One request is one entry in the request
register, whatever formats it is given in."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from reportlab.platypus import ListFlowable, ListItem, Paragraph

from ult_desktop.core.i18n import language, tr
from ult_desktop.core.numbering import utc_now
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import get_settings
from ult_desktop.reports.pdf_kit import MARGIN, build_a4, esc, letterhead, styles
from ult_desktop.reports.person_copy import SECTIONS, local_times, readable

FORMATS = (".pdf", ".json")


def write_pdf(words: dict, settings: dict, out: str | os.PathLike, lang: str) -> None:
    """Write the copy's *words* (:func:`reports.person_copy.readable`) as a PDF to *out*."""
    s = styles()
    flow: list = letterhead(settings["office_name"], settings.get("office_address", ""),
                            settings.get("office_logo_png_b64", ""), s)
    flow += [Paragraph(esc(words["title"]), s["title"]), Paragraph(esc(words["intro"]),
                                                                   s["body"])]
    for section in SECTIONS:
        flow.append(Paragraph(esc(tr(f"person.copy.h.{section}", lang)), s["h2"]))
        lines = words.get(section) or [tr("person.pdf.none", lang)]
        flow.append(ListFlowable([ListItem(Paragraph(esc(line), s["body"]), leftIndent=10)
                                  for line in lines], bulletType="bullet", start="•",
                                 leftIndent=10, bulletFontSize=7))
    build_a4(out, flow, title=words["title"], top=MARGIN, bottom=MARGIN)


def write_json(words: dict, copy: dict, settings: dict, out: str | os.PathLike,
               lang: str) -> None:
    """Write the copy's *words* and the data as held (times on the office's clock)."""
    body = {"language": lang, **words,
            "data_as_held": local_times(copy, settings.get("timezone") or "WIB")}
    Path(out).write_text(json.dumps(body, ensure_ascii=False, indent=2, default=str),
                         encoding="utf-8")


def save_copy(db: Database, person: int, out: str | os.PathLike | Iterable[str | os.PathLike],
              received: str | None = None, *, lang: str | None = None,
              now: datetime | None = None) -> list[Path]:
    """Write the copy of *person*'s data to each path of *out* (``.pdf`` or ``.json``) in
    *lang* (the screen's language when None), then note the request once in the request
    register, whatever the formats (an act of the admin station alone, as the record
    judges it). RuleViolation: another suffix, or not at the admin PC."""
    from ult_desktop.db import errors
    from ult_desktop.db.privacy import person as people
    from ult_desktop.db.record.judged import is_admin_station

    paths = [Path(out)] if isinstance(out, (str, os.PathLike)) else [Path(p) for p in out]
    if not paths or any(p.suffix.lower() not in FORMATS for p in paths):
        raise errors.RuleViolation("person.error.out")
    if not is_admin_station(db):
        raise errors.RuleViolation("admin.error.not_admin_station")
    lang = lang or language()
    copy, settings = people.copy_of(db, person), get_settings(db)
    words = readable(copy, settings, lang, now or utc_now())
    for path in paths:
        if path.suffix.lower() == ".json":
            write_json(words, copy, settings, path, lang)
        else:
            write_pdf(words, settings, path, lang)
    people.note_copy_given(db, person, [p.suffix.lower()[1:] for p in paths], received,
                           files=[p.resolve() for p in paths], lang=lang)
    return paths
