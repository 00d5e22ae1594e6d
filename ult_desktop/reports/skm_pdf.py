"""The SKM report as a PDF in the regulation's shape (PermenPANRB 14/2017), same house
style as the period report (``reports/pdf.py``): office header, numbered sections,
blue table heads, a signature block for the head of office."""

from __future__ import annotations

import io
import os
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ult_desktop.core import skm
from ult_desktop.core.dates import long_datetime
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.reports import charts
from ult_desktop.reports.fmt import fmt_dec, fmt_pct, long_date
from ult_desktop.reports.fonts import BOLD, REGULAR
from ult_desktop.reports.pdf_kit import CONTENT_W, HEAD, LINE, TEXT, Writer, data_table, esc
from ult_desktop.reports.skm_data import SkmReportData, collect_skm
from ult_desktop.reports.verified import Verification, render_and_issue

WARN = colors.HexColor("#b71c1c")
OK = colors.HexColor("#1b5e20")
GRADE_COLORS = {"A": "#1b5e20", "B": "#1565c0", "C": "#ef6c00", "D": "#b71c1c"}


def dec(value: Fraction | None, places: int, lang: str) -> str:
    """A fraction rounded half up, with the reader's decimal comma."""
    if value is None:
        return "-"
    exact = Fraction(value)
    return fmt_dec(Decimal(exact.numerator) / Decimal(exact.denominator), places, lang)


class _SkmReport(Writer):
    # -- page furniture ------------------------------------------------------------------
    def header(self) -> list:
        d = self.d
        return self.head(self.t("skmr.title"),
                         f"{d.period.label(self.lang)} ({long_date(d.period.date_from, self.lang)}"
                         f" – {long_date(d.period.date_to, self.lang)})", self.t("skmr.basis"))

    def on_page(self, canvas, doc) -> None:
        when = long_datetime(local_time(self.d.generated_at, self.d.timezone), self.lang)
        self.foot(canvas, f"{self.d.office_name} · {self.d.period.label(self.lang)} · "
                          f"{self.t('skmr.generated', when=when)}",
                  self.t("skmr.page", n=doc.page), y=0.75 * cm)

    # -- sections ------------------------------------------------------------------------
    def summary(self) -> list:
        d, r = self.d, self.d.result
        flow = self.h2("skmr.s.summary")
        if r is None:
            return [*flow, self._no_result()]
        grade = r.grade
        color = colors.HexColor(GRADE_COLORS[grade.mutu])
        big = Table([[fmt_dec(r.ikm, 2, self.lang), grade.mutu],
                     [self.t("skmr.ikm"), self.t("skmr.mutu") + ": " + grade.kinerja(self.lang)]],
                    colWidths=[CONTENT_W * 0.55, CONTENT_W * 0.45], rowHeights=[1.5 * cm, 0.6 * cm])
        big.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), BOLD, 30),
            ("TEXTCOLOR", (0, 0), (-1, 0), color),
            ("FONT", (0, 1), (-1, 1), REGULAR, 9),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BOX", (0, 0), (-1, -1), 1, color), ("LINEBEFORE", (1, 0), (1, -1), 0.6, LINE),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f8fafc")),
        ]))
        rows = [[self.t("skmr.respondents"), self.n(d.respondents)],
                [self.t("skmr.served"), self.n(d.served)],
                [self.t("skmr.min_sample"), self.n(d.min_sample)],
                [self.t("skmr.sample_status"), self._status(d.respondents, d.min_sample,
                                                            d.served)],
                [self.t("skmr.kinerja"), grade.kinerja(self.lang)]]
        facts = Table(rows, colWidths=[7 * cm, 4 * cm], hAlign="LEFT")
        facts.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 9),
            ("FONT", (1, 0), (1, -1), BOLD, 9),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
            ("TEXTCOLOR", (1, 3), (1, 3), OK if d.sample_ok else WARN),
        ]))
        weakest = ", ".join(f"U{e.number} {e.name(self.lang)} ({dec(r.nrr[e.number - 1], 2, self.lang)})"
                            for e in d.weakest())
        note = [] if d.sample_ok else [self._sample_note()]  # a shortfall is said up front
        return [*flow, big, Spacer(1, 6), facts, Spacer(1, 4), *note,
                self.para(self.t("skmr.weakest", list=weakest))]

    def _no_result(self) -> Paragraph:
        """Why there is no IKM: no answers, the period still open, or a small month."""
        key = {"open": "skmr.withheld_open", "small": "skmr.withheld_small"}.get(
            self.d.withheld, "skmr.no_answers")
        return self.para(self.t(key, n=self.d.min_group))

    def _status(self, respondents: int, minimum: int, served: int | None = None) -> str:
        if served is not None and respondents > served:  # impossible: never "Memenuhi"
            return self.t("skmr.sample_impossible")
        short = max(0, minimum - respondents)
        return self.t("skmr.sample_ok") if not short else self.t("skmr.sample_short",
                                                                  n=self.n(short))

    def _sample_note(self) -> Paragraph:
        d = self.d
        if d.sample_ok:  # (never with more respondents than served)
            return self.para(self.t("skmr.sample_note_ok"))
        if d.over_served or d.respondents > d.served:
            bad = d.over_served
            text = self.t("skm.report.over_served",
                          respondents=self.n(sum(s.respondents for s in bad) if bad
                                             else d.respondents),
                          served=self.n(sum(s.served for s in bad) if bad else d.served),
                          services=", ".join(f"{s.prefix} - {s.name}" for s in bad) or "-")
        else:
            text = self.t("skmr.sample_note_short", n=self.n(d.respondents),
                          min=self.n(d.min_sample), pop=self.n(d.served))
        return self.para(f'<font color="#b71c1c"><b>{esc(text)}</b></font>')

    def sample(self) -> list:
        d = self.d
        head = self.heads("skmr.col.", "service", "respondents", "served", "min", "status")
        body = [[f"{s.prefix} - {s.name}", self.n(s.respondents), self.n(s.served),
                 self.n(s.min_sample), self._status(s.respondents, s.min_sample, s.served)]
                for s in d.samples]
        total = [self.t("skmr.total"), self.n(d.respondents), self.n(d.served),
                 self.n(d.min_sample), self._status(d.respondents, d.min_sample, d.served)
                 if not d.over_served else self.t("skmr.sample_impossible")]
        w = CONTENT_W - 6.6 * cm
        table = data_table([head, *body, total], [6.6 * cm, w * 0.2, w * 0.2, w * 0.25, w * 0.35],
                       total_row=True)
        electronic, paper = d.by_source
        return [*self.h2("skmr.s.sample"), table, self.para(self.t("skmr.sample_formula"), "note"),
                self.para(self.t("skm.report.sources", electronic=self.n(electronic),
                                 paper=self.n(paper)), "note"),
                Spacer(1, 3), self._sample_note()]

    def profile(self) -> list:
        d = self.d
        tables = []
        total = d.respondents
        for fld, counts in d.profile.items():
            head = [self.t(f"skm.profile.{fld}"), self.t("skmr.col.count"), self.t("skmr.col.share")]
            body = [[skm.profile_label(fld, code, self.lang, min_group=d.min_group), self.n(n),
                     fmt_pct(n / total if total else None, self.lang)] for code, n in counts.items()]
            tables.append(data_table([head, *body], [4.6 * cm, 1.6 * cm, 1.6 * cm], font_size=7.5))
        grid = Table([[tables[0], tables[1]], [tables[2], tables[3]]],
                     colWidths=[CONTENT_W / 2] * 2, hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [*self.h2("skmr.s.profile"), grid,
                self.para(self.t("skmr.merged_note", n=d.min_group), "note")]

    def elements(self) -> list:
        r = self.d.result
        flow = self.h2("skmr.s.elements")
        if r is None:
            return [*flow, self._no_result()]
        head = ["U", *self.heads("skmr.col.", "element", "nrr", "nrr_w", "ikm_unsur", "mutu")]
        body = []
        for e in skm.ELEMENTS:
            v = r.nrr[e.number - 1]
            body.append([f"U{e.number}", e.name(self.lang), dec(v, 2, self.lang),
                         dec(v / skm.ELEMENT_COUNT, 3, self.lang),
                         fmt_dec(r.element_ikm(e.number), 2, self.lang),
                         skm.grade_for(v * skm.CONVERSION).mutu])
        total = ["", self.t("skmr.col.ikm"), "", dec(r.ni, 3, self.lang),
                 fmt_dec(r.ikm, 2, self.lang), r.grade.mutu]
        w = CONTENT_W - 0.9 * cm - 7.2 * cm
        table = data_table([head, *body, total], [0.9 * cm, 7.2 * cm, w / 4, w / 4, w / 4, w / 4],
                       total_row=True, left_cols=2)
        chart = charts.horizontal_bars(
            [f"U{e.number} {e.name(self.lang)}" for e in skm.ELEMENTS],
            [float(v) for v in r.nrr], title=self.t("skmr.col.nrr"), width=CONTENT_W,
            height=7 * cm, label_width=200, value_format=charts.decimal_comma(2, self.sep))
        return [*flow, table, self.para(self.t("skmr.ikm_formula"), "note"), Spacer(1, 4), chart]

    def services(self) -> list:
        d = self.d
        flow = self.h2("skmr.s.services")
        if d.result is None:
            return [*flow, self._no_result()]
        if not d.services:
            return [*flow, self.para(self.t("skmr.services_withheld", n=d.min_group))]
        head = self.heads("skmr.col.", "service", "respondents", "ikm", "mutu")
        body = [[s.label or self.t("skmr.service_withheld", n=d.min_group),
                 self.n(s.result.respondents), fmt_dec(s.result.ikm, 2, self.lang),
                 s.result.grade.mutu] for s in d.services]
        w = CONTENT_W - 8.6 * cm
        return [*flow, data_table([head, *body], [8.6 * cm, w / 3, w / 3, w / 3]),
                self.para(self.t("skmr.merged_note", n=d.min_group), "note")]

    def trend(self) -> list:
        d = self.d
        flow = self.h2("skmr.s.trend")
        if len(d.trend) < 2:
            return [*flow, self.para(self.t("skmr.no_trend"))]
        head = self.heads("skmr.col.", "period", "respondents", "ikm", "mutu", "change")
        body, prev = [], None
        for p, r in d.trend:
            change = "-" if prev is None else _signed(r.ikm - prev.ikm, self.lang)
            body.append([p.label(self.lang), self.n(r.respondents), fmt_dec(r.ikm, 2, self.lang),
                         r.grade.mutu, change])
            prev = r
        w = CONTENT_W - 5.6 * cm
        return [*flow, data_table([head, *body], [5.6 * cm, w / 4, w / 4, w / 4, w / 4])]

    def spak(self) -> list:
        """Survei Persepsi Anti Korupsi, when the office asked it."""
        n, value, index = self.d.ipak
        if not n:
            return []
        text = self.t("skmr.spak", n=self.n(n), ipak=fmt_dec(value, 2, self.lang),
                      index=fmt_dec(index, 2, self.lang)) if value is not None else \
            self.t("skmr.spak_withheld", n=self.n(n), min=self.d.min_group)
        return [*self.h2("skmr.s.spak"), self.para(text)]

    def suggestions(self) -> list:
        d = self.d
        flow = self.h2("skmr.s.suggestions")
        if not d.suggestions:
            return [*flow, self.para(self.t("skmr.no_suggestions"))]
        shown = d.suggestions_shown
        items = [self.para(f"{i}. {esc(text)}") for i, text in enumerate(shown, 1)]
        if len(d.suggestions) > len(shown):
            items.append(self.para(self.t("skm.report.suggestions_more",
                                          n=self.n(len(d.suggestions) - len(shown)))))
        return [*flow, *items, self.para(self.t("skmr.suggestions_note"), "note")]

    def followup(self) -> list:
        d = self.d
        flow = self.h2("skmr.s.followup")
        cols = self.heads("skmr.col.", "element", "action", "owner", "target", "fstatus")
        if d.reviews:
            title = self.para("<b>" + esc(self.t(
                "skmr.previous_followups", period=d.period.previous().label(self.lang))) + "</b>")
            rows = [[*cols, self.t("skmr.col.moved")], *(
                [*self._plan_row(rv.followup),
                 f"{dec(rv.nrr_before, 2, self.lang)} → {dec(rv.nrr_now, 2, self.lang)}"]
                for rv in d.reviews)]
            flow += [KeepTogether([title, self._plan_table(rows, with_move=True)]), Spacer(1, 6)]
        title = self.para("<b>" + esc(self.t("skmr.current_followups")) + "</b>")
        planned = {f.element for f in d.followups}
        rows = [cols, *map(self._plan_row, d.followups)]
        rows += [[self._cell(f"U{e.number} {e.name(self.lang)}"),
                  self._cell(self.t("skmr.no_followups")), "", "", ""]
                 for e in d.weakest() if e.number not in planned]
        if len(rows) == 1:
            return [*flow, title, self.para(self.t("skmr.no_followups"))]
        return [*flow, KeepTogether([title, self._plan_table(rows, with_move=False)])]

    def _cell(self, text: str) -> Paragraph:
        return self.para(esc(text))

    def _plan_row(self, f) -> list:
        """A follow-up action: its unsur, the action, owner, target period and status."""
        return [self._cell(f"U{f.element} {skm.ELEMENTS[f.element - 1].name(self.lang)}"),
                self._cell(f.action), self._cell(f.owner), f.target_period,
                self._cell(self.t(f"skm.followup.status.{f.status}"))]

    def _plan_table(self, rows: list, *, with_move: bool) -> Table:
        head = ParagraphStyle("planhead", parent=self.s["body"], fontName=BOLD,
                              textColor=colors.white, fontSize=8, leading=9.5)
        rows = [[Paragraph(esc(str(c)), head) for c in rows[0]], *rows[1:]]
        widths = [3.6 * cm, 6.0 * cm, 2.8 * cm, 2.0 * cm, 3.0 * cm]
        if with_move:
            widths = [3.2 * cm, 4.6 * cm, 2.4 * cm, 1.8 * cm, 2.4 * cm, 3.0 * cm]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 8),
            ("FONT", (0, 0), (-1, 0), BOLD, 8),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white), ("BACKGROUND", (0, 0), (-1, 0), HEAD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ]))
        return table

    def signature(self) -> list:
        d = self.d
        today = local_time(d.generated_at, d.timezone).date()
        city = (d.office_address.split(",")[-1].strip() or "") if d.office_address else ""
        place = self.t("skmr.sign_place", city=city, date=long_date(today, self.lang)).lstrip(", ")
        title, name, nip = d.head
        role = (title if d.office_name in title else f"{title} {d.office_name}") if title \
            else self.t("skmr.sign_role", office=d.office_name)
        block = Table([[""], [place], [role],
                       [""], [""], [""], [name or self.t("skmr.sign_name")],
                       [self.t("report.sign.nip", nip=nip or "." * 30)]],
                      colWidths=[7.5 * cm], hAlign="RIGHT")
        block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9),
                                   ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("TEXTCOLOR", (0, 0), (-1, -1), TEXT)]))
        return [Spacer(1, 14), KeepTogether([block])]

    def story(self) -> list:
        flow: list = []
        for part in (self.header(), self.summary(), self.sample(), self.profile(),
                     self.elements(), self.services(), self.trend(), self.spak(),
                     self.suggestions(),
                     self.followup(), self.signature()):
            flow.extend(part)
        return flow


def _signed(value, lang: str) -> str:
    text = fmt_dec(abs(value), 2, lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def render_skm_pdf(data: SkmReportData, out: str | os.PathLike | io.BytesIO, *,
                   lang: str = "id", verification: Verification | None = None) -> None:
    """Write the SKM report of already collected *data* to *out* (path or buffer);
    *verification*: what reconciling the file found (``reports.verified``)."""
    _SkmReport(data, lang, verification).build(
        out, f"{tr('skmr.title', lang)} {data.period.label(lang)}")


def build_skm_pdf(db: Database, period: skm.ReportPeriod, out: str | os.PathLike, *,
                  lang: str = "id", now: datetime | None = None) -> Path:
    """Make the SKM report of *period* as a PDF at *out*, its figures read from the record
    as the judge let it stand; returns the path (or OSError)."""
    def render(tmp: Path, verification: Verification, record: Database) -> None:
        render_skm_pdf(collect_skm(record, period, now=now), tmp, lang=lang,
                       verification=verification)

    return render_and_issue(db, Path(out), render, report="skm", fmt="pdf",
                            date_from=period.date_from, date_to=period.date_to)
