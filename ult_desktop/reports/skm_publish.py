"""Publishing the SKM result: the raw anonymous answers as XLSX, a one-page poster (PDF for
the notice board, PNG for the website) and the summary the lobby display shows.

The poster is drawn from one :func:`poster_facts` by reportlab and by Pillow, both with
reportlab's Vera fonts (the same on every PC)."""

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


def render_poster_pdf(facts: dict, out, *, lang: str = "id") -> None:
    """One A4 page: office, heading, the IKM very large, mutu, respondents, actions."""
    w, h = A4
    c = pdf_canvas.Canvas(str(out), pagesize=A4)
    c.setTitle(f"{tr('skmp.heading', lang)} {facts['period']}")
    c.setAuthor(facts["office"])

    def centre(y: float, text: str, font: str, size: float, fill: str) -> None:
        c.setFillColor(colors.HexColor(fill))
        c.setFont(font, size)
        c.drawCentredString(w / 2, y, text)

    c.setFillColor(colors.HexColor("#0d47a1"))
    c.rect(0, h - 5 * cm, w, 5 * cm, stroke=0, fill=1)
    centre(h - 2.2 * cm, facts["office"], BOLD, 20, "#ffffff")
    centre(h - 3.4 * cm, tr("skmp.heading", lang), BOLD, 17, "#ffffff")
    centre(h - 4.3 * cm, facts["period"], REGULAR, 14, "#ffffff")
    centre(h - 7 * cm, tr("skmr.ikm", lang), REGULAR, 16, "#263238")
    centre(h - 10.6 * cm, facts["ikm"], BOLD, 96, GRADE_COLORS.get(facts["mutu"], "#1565c0"))
    c.roundRect(w / 2 - 5.5 * cm, h - 13.6 * cm, 11 * cm, 2 * cm, 10, stroke=0, fill=1)
    centre(h - 12.85 * cm, tr("skmp.mutu", lang, mutu=facts["mutu"], kinerja=facts["kinerja"]),
           BOLD, 20, "#ffffff")
    centre(h - 15 * cm, tr("skmp.respondents", lang, n=fmt_int(facts["respondents"], lang)),
           REGULAR, 15, "#37474f")
    for i, line in enumerate(textwrap.wrap(facts.get("caveat") or "", 80)[:2]):
        centre(h - (15.8 + 0.55 * i) * cm, line, BOLD, 12, "#b71c1c")
    if facts["actions"]:
        y = h - 17.2 * cm
        c.setFillColor(colors.HexColor("#0d47a1"))
        c.setFont(BOLD, 15)
        c.drawString(2.5 * cm, y, tr("skmp.actions", lang))
        c.setFillColor(colors.HexColor("#263238"))
        c.setFont(REGULAR, 12.5)
        for action in facts["actions"]:
            lines = textwrap.wrap(action, 70)[:3]
            y -= 0.9 * cm
            c.drawString(2.5 * cm, y, "•")
            for line in lines:
                c.drawString(3.1 * cm, y, line)
                y -= 0.6 * cm
            y += 0.6 * cm
    centre(2.4 * cm, tr("skmp.thanks", lang), ITALIC, 12, "#546e7a")
    centre(1.5 * cm, tr("skmp.basis", lang, office=facts["office"]), REGULAR, 8, "#546e7a")
    c.showPage()
    c.save()


def _font(bold: bool, size: int):
    import reportlab
    from PIL import ImageFont

    folder = Path(reportlab.__file__).parent / "fonts"
    try:
        return ImageFont.truetype(str(folder / ("VeraBd.ttf" if bold else "Vera.ttf")), size)
    except OSError:  # a bundle without reportlab's fonts: Pillow's own scalable font
        return ImageFont.load_default(size)


def render_poster_png(facts: dict, out, *, lang: str = "id", width: int = 1240) -> None:
    """The same poster as a PNG (A4 proportions, *width* pixels wide) for the website."""
    from PIL import Image, ImageDraw

    height = round(width * 297 / 210)
    u = width / 21.0  # pixels per centimetre of the A4 page
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    grade = GRADE_COLORS.get(facts["mutu"], "#1565c0")

    def centre(y_cm: float, text: str, font, fill) -> None:
        box = d.textbbox((0, 0), text, font=font)
        d.text(((width - (box[2] - box[0])) / 2, y_cm * u), text, font=font, fill=fill)

    d.rectangle((0, 0, width, 5 * u), fill="#0d47a1")
    centre(1.2, facts["office"], _font(True, round(0.75 * u)), "white")
    centre(2.5, tr("skmp.heading", lang), _font(True, round(0.62 * u)), "white")
    centre(3.5, facts["period"], _font(False, round(0.52 * u)), "white")
    centre(6.3, tr("skmr.ikm", lang), _font(False, round(0.6 * u)), "#263238")
    centre(7.6, facts["ikm"], _font(True, round(3.4 * u)), grade)
    d.rounded_rectangle((width / 2 - 5.5 * u, 11.6 * u, width / 2 + 5.5 * u, 13.6 * u),
                        radius=round(0.35 * u), fill=grade)
    centre(12.25, tr("skmp.mutu", lang, mutu=facts["mutu"], kinerja=facts["kinerja"]),
           _font(True, round(0.72 * u)), "white")
    centre(14.5, tr("skmp.respondents", lang, n=fmt_int(facts["respondents"], lang)),
           _font(False, round(0.56 * u)), "#37474f")
    for i, line in enumerate(textwrap.wrap(facts.get("caveat") or "", 80)[:2]):
        centre(15.4 + 0.55 * i, line, _font(True, round(0.4 * u)), "#b71c1c")
    if facts["actions"]:
        y = 16.6
        d.text((2.5 * u, y * u), tr("skmp.actions", lang), font=_font(True, round(0.56 * u)),
               fill="#0d47a1")
        body = _font(False, round(0.46 * u))
        for action in facts["actions"]:
            y += 0.95
            d.text((2.5 * u, y * u), "•", font=body, fill="#263238")
            for line in textwrap.wrap(action, 70)[:3]:
                d.text((3.1 * u, y * u), line, font=body, fill="#263238")
                y += 0.62
            y -= 0.62
    centre(26.6, tr("skmp.thanks", lang), _font(False, round(0.46 * u)), "#546e7a")
    centre(27.9, tr("skmp.basis", lang, office=facts["office"]), _font(False, round(0.3 * u)),
           "#78909c")
    img.save(out, format="PNG")


def build_poster(data: SkmReportData, out: str | os.PathLike, *, lang: str = "id") -> Path:
    """The poster at *out*: PDF or PNG by the file's suffix; returns the path."""
    target = Path(out)
    facts = poster_facts(data, lang)
    if target.suffix.lower() == ".png":
        return write_atomically(target, lambda tmp: render_poster_png(facts, tmp, lang=lang))
    return write_atomically(target, lambda tmp: render_poster_pdf(facts, tmp, lang=lang))


