"""The ministry's view of many offices (``core.pack``): a folder of packs compared against
the directorate's registry, each figure's words and how it is written, and the PDF and
XLSX the directorate reports from (docs/ministry.md)."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, TableStyle

from ult_desktop.core import pack as packs
from ult_desktop.core import skm
from ult_desktop.core.i18n import language, tr
from ult_desktop.reports import charts
from ult_desktop.reports.fmt import fmt_dec, fmt_int, fmt_pct, month_name, write_atomically
from ult_desktop.reports.fonts import BOLD, REGULAR
from ult_desktop.reports.pdf_kit import CONTENT_W, build_a4, data_table, esc, styles

#: The figures a table over the months is printed for (the elements: one table of the
#: newest month).
PRINTED = [k for k in packs.FIGURES if not k.startswith("element_")]
MEDIAN_ROWS = colors.HexColor("#fff3e0")
#: The most a pack may weigh: anything bigger is no pack (never read whole).
MAX_PACK_BYTES = 1 << 20


class CannotRead(Exception):
    """The registry cannot be read or names no office, or the folder is none (one
    sentence)."""


def compare_folder(folder: str | Path, registry: str | Path) -> packs.Comparison:
    """Every ``*.ultpack`` in *folder* (and its subfolders) against *registry*; a file that
    cannot be read is refused as unreadable, a registry row left out is named.
    :raises CannotRead:"""
    try:
        offices, bad = packs.read_registry(Path(registry).read_text(encoding="utf-8-sig"),
                                           Path(registry).name)
    except (OSError, UnicodeDecodeError, ValueError, IndexError):
        offices, bad = {}, []
    if not offices:
        raise CannotRead(tr("ministry.error.registry", path=registry))
    if not Path(folder).is_dir():
        raise CannotRead(tr("ministry.error.folder", path=folder))
    files = []
    for path in sorted(Path(folder).rglob(f"*{packs.SUFFIX}")):
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_PACK_BYTES else b""
        except OSError:
            raw = b""
        files.append((path.relative_to(folder).as_posix(), raw))
    return packs.compare(files, offices, bad)


def label(key: str, lang: str | None = None) -> str:
    """A figure's name (``lapor.<category>.<what>``: the category's)."""
    if key.startswith("element_"):
        n = int(key.removeprefix("element_"))
        return f"U{n} {skm.ELEMENTS[n - 1].name(lang or 'id')}"
    if key.startswith("lapor."):
        _, category, what = key.split(".")
        return tr("ministry.fig.lapor_received" if what == "received" else
                  "ministry.fig.lapor_on_time_cat", lang, category=category)
    return tr(f"ministry.fig.{key}", lang)


def shown(key: str, value: float | None, lang: str = "id") -> str:
    kind = packs.FIGURES.get(key, "n")
    if value is None:
        return "-"
    if kind == "%":
        return fmt_pct(value, lang)
    if kind in "mi":
        return fmt_dec(value, 1 if kind == "m" else 2, lang)
    return fmt_dec(value, 1, lang) if value != int(value) else fmt_int(int(value), lang)


def month_label(month: str, lang: str = "id") -> str:
    year, m = month.split("-")
    return f"{month_name(int(m), lang)[:3]} {year[2:]}"


def summary(c: packs.Comparison, lang: str | None = None) -> str:
    """How many offices, packs counted and not, and the months from first to last."""
    lang = lang or language()
    span = " – ".join(month_label(m, lang) for m in c.months[::max(1, len(c.months) - 1)])
    return tr("ministry.summary", lang, offices=len(c.offices), packs=len(c.figures),
              refused=len(c.refused), span=span or "-")


def refusal(r: packs.Refusal, lang: str | None = None) -> str:
    return tr(f"ministry.refused.{r.key}", lang, file=r.file, **r.params)


def rows(c: packs.Comparison, key: str, lang: str = "id", *,
         as_text: bool = True) -> list[list]:
    """*key* per office (province, code, name) and month, then each province's median and
    the national one: what the window's table, the PDF and (*as_text* false: the numbers)
    the XLSX show."""
    def show(v: float | None) -> object:
        return shown(key, v, lang) if as_text else v

    out = [[o.province, o.code, o.name, *(show(c.value(o.code, m, key)) for m in c.months)]
           for o in c.offices]
    return out + [[p or "", "", tr("ministry.median_province", lang, province=p) if p else
                   tr("ministry.median_national", lang),
                   *(show(c.median(key, m, p)) for m in c.months)]
                  for p in [*c.provinces(), None]]


def _chart(c: packs.Comparison, key: str, lang: str) -> Drawing:
    """Each office over the months (thin, grey), the national median (bold)."""
    d = Drawing(CONTENT_W, 4.2 * cm)
    lines = [[(i, v) for i, m in enumerate(c.months) if (v := get(m)) is not None]
             for get in [*(lambda m, o=o: c.value(o.code, m, key) for o in c.offices),
                         lambda m: c.median(key, m)]]
    median = lines[-1]
    lines = [line for line in lines[:-1] if len(line) > 1]
    if len(median) < 2:
        return d
    chart = LinePlot()
    chart.x, chart.y, chart.width, chart.height = 36, 16, CONTENT_W - 46, 4.2 * cm - 34
    chart.data = [*lines, median]
    x, y = chart.xValueAxis, chart.yValueAxis
    x.valueMin, x.valueMax, x.valueStep = 0, len(c.months) - 1, 1
    x.labelTextFormat = lambda i: month_label(c.months[int(i)], lang)
    y.valueMin = 0
    y.labelTextFormat = lambda v: shown(key, v, lang)
    y.visibleGrid, y.gridStrokeColor = True, charts.GRID
    for axis in (x, y):
        axis.labels.fontName, axis.labels.fontSize = REGULAR, 6
    for i in range(len(chart.data)):
        last = i == len(chart.data) - 1
        chart.lines[i].strokeColor = charts.ACCENT if last else charts.MUTED
        chart.lines[i].strokeWidth = 2 if last else 0.5
    d.add(chart)
    charts._title(d, tr("ministry.chart_legend", lang), CONTENT_W, 4.2 * cm)
    return d


def _table(c: packs.Comparison, key: str, lang: str) -> list:
    body = [r[1:] for r in rows(c, key, lang)]
    head = [tr("ministry.col.code", lang), tr("ministry.col.office", lang),
            *(month_label(m, lang) for m in c.months)]
    first = 1.3 * cm
    name = min(5.5 * cm, CONTENT_W - first - 1.05 * cm * len(c.months))
    rest = (CONTENT_W - first - name) / max(1, len(c.months))
    size = 6.5 if len(c.months) > 8 else 7.5
    table = data_table([head, *body], [first, name, *[rest] * len(c.months)],
                       font_size=size, left_cols=2)
    medians = len(c.offices) + 1  # (the head row first): the medians' rows stand out
    table.setStyle(TableStyle([("FONT", (0, medians), (-1, -1), BOLD, size),
                               ("BACKGROUND", (0, medians), (-1, -1), MEDIAN_ROWS),
                               ("LINEABOVE", (0, medians), (-1, medians), 0.8, charts.ACCENT)]))
    return [table]


def build_pdf(c: packs.Comparison, out: str | Path, *, lang: str = "id") -> Path:
    """The directorate's report of *c*: the refused packs named, then each figure's chart
    and table over the months, and the newest month's nine elements."""
    s = styles()
    story = [Paragraph(tr("ministry.title", lang), s["title"]),
             Paragraph(esc(summary(c, lang)), s["period"])]
    if c.refused:
        story += [Paragraph(tr("ministry.refused_title", lang), s["h2"])]
        story += [Paragraph("• " + esc(refusal(r, lang)), s["body"]) for r in c.refused]
    for key in [*PRINTED, *(k for k in c.keys() if k.startswith("lapor."))]:
        story += [Paragraph(esc(label(key, lang)), s["h2"])]
        if len(c.months) > 1:
            story += [_chart(c, key, lang), Spacer(1, 3)]
        story += _table(c, key, lang)
    if c.months:
        newest = c.months[-1]
        story += [Paragraph(tr("ministry.elements", lang, month=month_label(newest, lang)),
                            s["h2"])]
        keys = [*(f"element_{n}" for n in range(1, 10)), "ikm", "respondents"]
        head = [tr("ministry.col.office", lang), *(f"U{n}" for n in range(1, 10)), "IKM", "n"]
        body = [[o.name, *(shown(k, c.value(o.code, newest, k), lang) for k in keys)]
                for o in c.offices]
        body.append([tr("ministry.median_national", lang),
                     *(shown(k, c.median(k, newest), lang) for k in keys)])
        story.append(data_table([head, *body], [5 * cm, *[(CONTENT_W - 5 * cm) / 11] * 11],
                                font_size=7, total_row=True))
    return write_atomically(Path(out), lambda tmp: build_a4(
        tmp, story, title=tr("ministry.title", lang), author=tr("ministry.author", lang),
        on_page=lambda canvas, doc: _foot(canvas, doc, lang)))


def _foot(canvas, doc, lang: str) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 7)
    canvas.drawString(doc.leftMargin, 1.1 * cm, tr("ministry.foot", lang))
    canvas.setFont(BOLD, 7)
    canvas.drawRightString(doc.leftMargin + doc.width, 1.1 * cm,
                           tr("report.page", lang, n=doc.page))
    canvas.restoreState()


def build_xlsx(c: packs.Comparison, out: str | Path, *, lang: str = "id") -> Path:
    """One sheet per figure (offices and medians by month), and the refused packs."""
    from openpyxl import Workbook

    def render(tmp: Path) -> None:
        book = Workbook(write_only=True)
        for n, key in enumerate(c.keys(), 1):
            sheet = book.create_sheet(f"{n:02d} {key}"[:31])
            sheet.append([label(key, lang)])
            sheet.append([tr("ministry.col.province", lang), tr("ministry.col.code", lang),
                          tr("ministry.col.office", lang), *c.months])
            for row in rows(c, key, lang, as_text=False):
                sheet.append(row)
        sheet = book.create_sheet(tr("ministry.refused_sheet", lang))
        sheet.append([tr("ministry.col.file", lang), tr("ministry.col.why", lang)])
        for r in c.refused:
            sheet.append([r.file, refusal(r, lang)])
        book.save(tmp)

    return write_atomically(Path(out), render, tmp=Path(out).with_suffix(".part.xlsx"))
