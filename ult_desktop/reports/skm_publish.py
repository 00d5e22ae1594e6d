"""Publishing the SKM result: the raw anonymous answers as XLSX, a one-page poster (PDF for
the notice board, PNG for the website) and the summary the lobby display shows.

The poster is drawn from one :func:`poster_facts` in one layout (:func:`_draw_poster`) by
reportlab and by Pillow."""

from __future__ import annotations

import os
import textwrap
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as pdf_canvas

from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.reports.export import SKM_COLUMNS, skm_rows, write_sheet
from ult_desktop.reports.fmt import fmt_dec, fmt_int, write_atomically
from ult_desktop.reports.fonts import BOLD, ITALIC, REGULAR
from ult_desktop.reports.skm_data import SkmReportData
from ult_desktop.reports.skm_pdf import GRADE_COLORS
from ult_desktop.reports.verified import judged

#: How many follow-up actions the poster lists.
POSTER_ACTIONS = 3


def export_skm_xlsx(db: Database, period: skm.ReportPeriod, out: str | os.PathLike, *,
                    lang: str = "id", now: datetime | None = None) -> Path:
    """The raw anonymous answers of *period* (month, service, source, nine scores, profile
    bands, suggestion after the personal-data filter) as one XLSX sheet."""
    with judged(db) as record:  # (the answers the acts gave)
        rows = skm_rows(record, period.date_from, period.date_to, lang=lang, now=now)
    labels = {("source", s): tr(f"skm.source.{s}", lang) for s in ("kiosk", "tablet", "paper",
                                                                    "phone")}
    labels |= {(fld, band): skm.profile_label(fld, band, lang)
               for fld, bands in skm.PROFILE.items() for band in (*bands, None)}
    for row in rows:
        for fld in ("source", *skm.PROFILE):
            row[fld] = labels.get((fld, row[fld]), row[fld])
    book = Workbook(write_only=True)
    write_sheet(book, tr("skmr.sheet.answers", lang), SKM_COLUMNS, rows, lang)
    return write_atomically(Path(out), book.save)


def poster_facts(data: SkmReportData, lang: str = "id") -> dict:
    """What the poster and the lobby display show (also stored as the published result)."""
    r = data.result
    actions = [f.action for f in data.followups if f.status != "dropped"][:POSTER_ACTIONS]
    return {
        "period_key": data.period.key,
        "period": data.period.label(lang),
        "office": data.office_name,
        "respondents": data.respondents,
        "ikm": fmt_dec(r.ikm, 2, lang) if r else "-",
        "mutu": r.grade.mutu if r else "-",
        "kinerja": r.grade.kinerja(lang) if r else "",
        "kinerja_en": r.grade.kinerja("en") if r else "",
        "actions": actions,
        "published_at": data.generated_at.isoformat(timespec="seconds"),
        # the report's caveat, said on the poster too: never more than happened
        "caveat": _caveat(data, lang) if r else "",
    }


def _caveat(data: SkmReportData, lang: str) -> str:
    if data.over_served or data.respondents > data.served:
        return tr("skmp.caveat_impossible", lang, n=fmt_int(data.respondents, lang),
                  served=fmt_int(data.served, lang))
    if not data.sample_ok:
        return tr("skmp.caveat_short", lang, n=fmt_int(data.respondents, lang),
                  min=fmt_int(data.min_sample, lang))
    return ""


def _draw_poster(facts: dict, lang: str, text, box) -> None:
    """One A4 page under its blue band: office, heading, the IKM very large, mutu,
    respondents, actions. ``text(x, y, line, font, points, colour)`` draws a line from *x*
    (None: centred) at its baseline *y*, ``box(top, bottom, half, radius, colour)`` a box
    *half* wide either side of the middle, its corners rounded by *radius* points; all in
    cm from the page's top."""
    grade = GRADE_COLORS.get(facts["mutu"], "#1565c0")
    text(None, 2.2, facts["office"], BOLD, 20, "#ffffff")
    text(None, 3.4, tr("skmp.heading", lang), BOLD, 17, "#ffffff")
    text(None, 4.3, facts["period"], REGULAR, 14, "#ffffff")
    text(None, 7, tr("skmr.ikm", lang), REGULAR, 16, "#263238")
    text(None, 10.6, facts["ikm"], BOLD, 96, grade)
    box(11.6, 13.6, 5.5, 10, grade)
    text(None, 12.85, tr("skmp.mutu", lang, mutu=facts["mutu"], kinerja=facts["kinerja"]),
         BOLD, 20, "#ffffff")
    text(None, 15, tr("skmp.respondents", lang, n=fmt_int(facts["respondents"], lang)),
         REGULAR, 15, "#37474f")
    for i, line in enumerate(textwrap.wrap(facts.get("caveat") or "", 80)[:2]):
        text(None, 15.8 + 0.55 * i, line, BOLD, 12, "#b71c1c")
    if facts["actions"]:
        y = 17.2
        text(2.5, y, tr("skmp.actions", lang), BOLD, 15, "#0d47a1")
        for action in facts["actions"]:
            y += 0.9
            text(2.5, y, "•", REGULAR, 12.5, "#263238")
            for line in textwrap.wrap(action, 70)[:3]:
                text(3.1, y, line, REGULAR, 12.5, "#263238")
                y += 0.6
            y -= 0.6
    text(None, 27.3, tr("skmp.thanks", lang), ITALIC, 12, "#546e7a")
    text(None, 28.2, tr("skmp.basis", lang, office=facts["office"]), REGULAR, 8, "#546e7a")


def render_poster_pdf(facts: dict, out, *, lang: str = "id") -> None:
    """The poster as one A4 page of PDF for the notice board."""
    w, h = A4
    c = pdf_canvas.Canvas(str(out), pagesize=A4)
    c.setTitle(f"{tr('skmp.heading', lang)} {facts['period']}")
    c.setAuthor(facts["office"])

    def text(x: float | None, y: float, line: str, font: str, size: float, fill: str) -> None:
        c.setFillColor(colors.HexColor(fill))
        c.setFont(font, size)
        if x is None:
            c.drawCentredString(w / 2, h - y * cm, line)
        else:
            c.drawString(x * cm, h - y * cm, line)

    def box(top: float, bottom: float, half: float, radius: float, fill: str) -> None:
        c.setFillColor(colors.HexColor(fill))
        c.roundRect(w / 2 - half * cm, h - bottom * cm, 2 * half * cm, (bottom - top) * cm,
                    radius, stroke=0, fill=1)

    c.setFillColor(colors.HexColor("#0d47a1"))
    c.rect(0, h - 5 * cm, w, 5 * cm, stroke=0, fill=1)
    _draw_poster(facts, lang, text, box)
    c.showPage()
    c.save()


def render_poster_png(facts: dict, out, *, lang: str = "id", width: int = 1240) -> None:
    """The same poster as a PNG (A4 proportions, *width* pixels wide) for the website, in
    reportlab's Vera fonts."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    u = width / 21.0  # pixels per centimetre of the A4 page
    img = Image.new("RGB", (width, round(width * 297 / 210)), "white")
    d = ImageDraw.Draw(img)
    folder = Path(reportlab.__file__).parent / "fonts"

    def text(x: float | None, y: float, line: str, font: str, size: float, fill: str) -> None:
        px = round(size * u / cm)
        try:
            face = ImageFont.truetype(str(folder / {BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf"}
                                          .get(font, "Vera.ttf")), px)
        except OSError:  # a bundle without reportlab's fonts: Pillow's own scalable font
            face = ImageFont.load_default(px)
        d.text((width / 2 if x is None else x * u, y * u), line, font=face, fill=fill,
               anchor="ms" if x is None else "ls")

    def box(top: float, bottom: float, half: float, radius: float, fill: str) -> None:
        d.rounded_rectangle((width / 2 - half * u, top * u, width / 2 + half * u, bottom * u),
                            radius=round(radius * u / cm), fill=fill)

    d.rectangle((0, 0, width, 5 * u), fill="#0d47a1")
    _draw_poster(facts, lang, text, box)
    img.save(out, format="PNG")


def build_poster(data: SkmReportData, out: str | os.PathLike, *, lang: str = "id") -> Path:
    """The poster at *out*: PDF or PNG by the file's suffix; returns the path."""
    target = Path(out)
    facts = poster_facts(data, lang)
    if target.suffix.lower() == ".png":
        return write_atomically(target, lambda tmp: render_poster_png(facts, tmp, lang=lang))
    return write_atomically(target, lambda tmp: render_poster_pdf(facts, tmp, lang=lang))


