"""What every PDF of the office shares: the page, the colours, the styles, the plain table,
the letterhead, the verification line at a page's foot and a writer's helpers (texts,
numbers in the reader's language, the head and foot of a report's pages)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ult_desktop.core.i18n import tr
from ult_desktop.reports import charts
from ult_desktop.reports.fmt import fmt_dec, fmt_int, fmt_pct
from ult_desktop.reports.fonts import BOLD, REGULAR, sample_styles
from ult_desktop.reports.verified import CHANGE_LINE, Verification, foot_room

PAGE_W, PAGE_H = A4
MARGIN = 1.8 * cm
CONTENT_W = PAGE_W - 2 * MARGIN
HEAD = colors.HexColor("#1565c0")
ZEBRA = colors.HexColor("#f3f6fa")
LINE = colors.HexColor("#cfd8dc")
TEXT = colors.HexColor("#263238")
LATE = colors.HexColor("#c62828")
FOOT = colors.HexColor("#78909c")


def build_a4(out, story: list, *, title: str = "", author: str = "", top: float = 1.5 * cm,
             bottom: float = 1.7 * cm, on_page=None) -> None:
    """Lay *story* out on A4 pages with the office's margins into *out* (a path or a
    buffer); *on_page(canvas, doc)* draws each page's foot."""
    doc = SimpleDocTemplate(out if isinstance(out, io.BytesIO) else str(out), pagesize=A4,
                            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=top,
                            bottomMargin=bottom, title=title, author=author,
                            creator="ULT Desktop")
    pages = {} if on_page is None else {"onFirstPage": on_page, "onLaterPages": on_page}
    doc.build(story, **pages)


def styles():
    base = sample_styles()
    return {
        "office": ParagraphStyle("office", parent=base["Title"], fontSize=15, leading=18,
                                 alignment=TA_CENTER, spaceAfter=0, textColor=TEXT),
        "address": ParagraphStyle("address", parent=base["Normal"], fontSize=9,
                                  alignment=TA_CENTER, textColor=colors.HexColor("#546e7a")),
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=12.5, leading=15,
                                alignment=TA_CENTER, spaceBefore=6, spaceAfter=2,
                                textColor=HEAD),
        "period": ParagraphStyle("period", parent=base["Normal"], fontSize=9.5,
                                 alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11.5, leading=14,
                             spaceBefore=10, spaceAfter=5, textColor=HEAD),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=8.5, leading=11),
        "note": ParagraphStyle("note", parent=base["Normal"], fontSize=7.5, leading=9.5,
                               textColor=colors.HexColor("#546e7a"), spaceBefore=3),
        "big": ParagraphStyle("big", parent=base["Normal"], fontSize=13, leading=17,
                              textColor=TEXT, fontName=BOLD, spaceBefore=2,
                              spaceAfter=6),
    }


def grid_style(font_size: float) -> list:
    """A table's blue head row, right-aligned figures and thin rules."""
    return [("FONT", (0, 0), (-1, -1), REGULAR, font_size),
            ("FONT", (0, 0), (-1, 0), BOLD, font_size),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]


def data_table(rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               total_row: bool = False, left_cols: int = 1, font_size: float = 8) -> Table:
    table = Table([[str(c) for c in r] for r in rows], colWidths=list(widths),
                  repeatRows=1, hAlign="LEFT")
    style = [*grid_style(font_size), ("ALIGN", (0, 0), (left_cols - 1, -1), "LEFT")]
    style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)]
    if total_row:
        style += [("FONT", (0, -1), (-1, -1), BOLD, font_size),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT)]
    table.setStyle(TableStyle(style))
    return table


def verified_line(canvas, verification: Verification | None, lang: str, *, y: float,
                  above: float) -> None:
    """The verification line at the foot of a page (at *y*), or the NOT VERIFIED stamp
    across it; the statement of changes to a reported month each on a line of its own
    above *above*, the page's highest footer line (the body leaves them
    ``reports.verified.foot_room``)."""
    if verification is None:
        return
    canvas.saveState()
    canvas.setFont(BOLD, 7)
    lines = verification.change_lines(lang)  # a reported month changed: read top down
    for n, line in enumerate(lines):
        canvas.drawString(MARGIN, above + CHANGE_LINE * (len(lines) - n), line)
    if verification.ok:
        canvas.setFont(REGULAR, 6.5)
        canvas.setFillColor(FOOT)
        canvas.drawString(MARGIN, y, verification.footer(lang))
    else:
        text = verification.footer(lang)
        canvas.setFillColor(LATE)
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - 0.9 * cm, text)
        canvas.drawCentredString(PAGE_W / 2, y, text)
        if verification.unpinned and not verification.differences:
            canvas.restoreState()  # figures sound, only never checked against a known
            return  # root: the red line on top and foot, no watermark across them
        canvas.setFillAlpha(0.12)
        canvas.setFont(BOLD, 40)
        canvas.translate(PAGE_W / 2, PAGE_H / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, tr("reconcile.stamp_short", lang))
    canvas.restoreState()


def esc(text: object) -> str:
    """*text* safe inside a reportlab Paragraph (None: empty)."""
    text = "" if text is None else str(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def logo(b64: str):
    """The office logo as a flowable, or None if unset or unreadable (never fails a report)."""
    if not b64:
        return None
    try:
        raw = base64.b64decode(b64)
        width, height = ImageReader(io.BytesIO(raw)).getSize()
        scale = min(2 * cm / width, 2 * cm / height)
        return Image(io.BytesIO(raw), width=width * scale, height=height * scale)
    except Exception:  # a broken logo setting must not cost the head of office his report
        return None


def letterhead(name: str, address: str, logo_b64: str, s: dict) -> list:
    """The office's name, address and logo over a blue rule."""
    office = [Paragraph(esc(name), s["office"])]
    if address:
        office.append(Paragraph(esc(address), s["address"]))
    image = logo(logo_b64)
    flow: list = office
    if image is not None:
        flow = [Table([[image, office]], colWidths=[2.2 * cm, CONTENT_W - 2.2 * cm],
                      style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")])]
    return [*flow, Spacer(1, 4), Table([[""]], colWidths=[CONTENT_W], rowHeights=[2],
                                       style=[("LINEABOVE", (0, 0), (-1, 0), 1.5, HEAD)])]


def color(hex_color: str):
    try:
        return colors.HexColor(hex_color)
    except (ValueError, TypeError):
        return charts.PRIMARY


def service_label(service) -> str:
    return f"{service.prefix} - {service.name}"


class Writer:
    """A report's sections: its data *d*, language, styles and number formats, and what
    reconciling the file found (*verification*: ``reports.verified``)."""

    def __init__(self, data, lang: str, verification: Verification | None = None):
        self.d, self.lang, self.s = data, lang, styles()
        self.sep = "," if lang == "id" else "."
        self.verification = verification

    def build(self, out, title: str) -> None:
        """The report (``story()``) on A4 pages into *out*, each page's foot by
        ``on_page(canvas, doc)``, the stated changes given room above it."""
        build_a4(out, self.story(), bottom=1.7 * cm + foot_room(self.verification),
                 title=title, author=self.d.office_name, on_page=self.on_page)

    def head(self, title: str, period: str, note: str) -> list:
        """The letterhead, the report's *title*, its *period* and a *note* under them."""
        d, s = self.d, self.s
        return [*letterhead(d.office_name, d.office_address, d.logo_b64, s),
                Paragraph(title, s["title"]), Paragraph(period, s["period"]),
                Paragraph(note, s["note"])]

    def foot(self, canvas, left: str, right: str, under: str = "", *, y: float) -> None:
        """A page's grey foot: *left*, *right* at the right margin, *under* below them;
        the verification line at *y* (:func:`verified_line`)."""
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(FOOT)
        canvas.drawString(MARGIN, 1.1 * cm, left)
        canvas.drawRightString(PAGE_W - MARGIN, 1.1 * cm, right)
        if under:
            canvas.drawString(MARGIN, 0.75 * cm, under)
        canvas.restoreState()
        verified_line(canvas, self.verification, self.lang, y=y, above=1.1 * cm)

    def t(self, key: str, **params: object) -> str:
        return tr(key, self.lang, **params)

    def heads(self, group: str, *names: str) -> list[str]:
        """A table's heads: the texts ``<group><name>`` (*group* ends in a dot)."""
        return [self.t(group + name) for name in names]

    def n(self, value: int | None) -> str:
        return fmt_int(value, self.lang)

    def m(self, value: float | None) -> str:
        """Minutes with one decimal."""
        return fmt_dec(value, 1, self.lang)

    def pct(self, share: float | None) -> str:
        return fmt_pct(share, self.lang)

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.s[style])

    def h2(self, key: str) -> list:
        return [CondPageBreak(4 * cm), Paragraph(self.t(key), self.s["h2"])]

    def titled_table(self, title_key: str, head_keys: Sequence[str], body: list,
                     widths: Sequence[float], *extra) -> list:
        """A bold title, a small table with the texts of *head_keys* over *body*, *extra*."""
        return [self.para(f"<b>{self.t(title_key)}</b>"),
                data_table([[self.t(k) for k in head_keys], *body], widths, font_size=7.5),
                *extra, Spacer(1, 6)]
