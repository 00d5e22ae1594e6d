"""The period report as a PDF (reportlab), Indonesian by default, with the office header."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ult_desktop.core import skm
from ult_desktop.core.dates import long_datetime
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.phone import hit_rate
from ult_desktop.core.priority import group_key
from ult_desktop.core.register import REQUEST_TYPES
from ult_desktop.core.stats import Summary
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.audit import chain_head
from ult_desktop.reports import charts
from ult_desktop.reports.data import collect
from ult_desktop.reports.escalations import ESCALATION_STATUSES
from ult_desktop.reports.figures import CHANNELS, DAY_COLUMNS, SERVICE_COLUMNS, ReportData
from ult_desktop.reports.fmt import fmt_dec, long_date, month_name, short_day
from ult_desktop.reports.fonts import BOLD, REGULAR
from ult_desktop.reports.pdf_desks import DeskPages
from ult_desktop.reports.pdf_kit import CONTENT_W, LINE, color, data_table, esc, service_label
from ult_desktop.reports.verified import Verification, render_and_issue

#: Longer periods are shown per month instead of per day.
MAX_DAY_ROWS = 62


class _Report(DeskPages):
    def __init__(self, data: ReportData, lang: str, chain_head: tuple[int, str] | None = None,
                 verification: Verification | None = None):
        super().__init__(data, lang, verification)
        self.chain_head = chain_head

    # -- page furniture ----------------------------------------------------------------
    def header(self) -> list:
        d = self.d
        when = long_datetime(local_time(d.generated_at, d.timezone), self.lang)
        return self.head(self.t("report.title"),
                         self.t("report.period", start=long_date(d.date_from, self.lang),
                                end=long_date(d.date_to, self.lang)),
                         self.t("report.generated", when=f"{when} {d.timezone}"))

    def on_page(self, canvas, doc) -> None:
        verified = self.verification is None or self.verification.ok
        self.foot(canvas, self.t("report.footer", office=self.d.office_name,
                                 start=long_date(self.d.date_from, self.lang),
                                 end=long_date(self.d.date_to, self.lang)),
                  self.t("report.page", n=doc.page),
                  # a later rewrite of the log no longer matches
                  self.t("audit.report.chain_head", id=self.chain_head[0],
                         hash=self.chain_head[1][:16]) if self.chain_head and verified else "",
                  y=0.45 * cm if verified else 0.75 * cm)

    # -- sections ----------------------------------------------------------------------
    def summary(self) -> list:
        totals = self.d.totals()
        times = self.d.times()[-1]
        ikm = self.d.skm
        left = [*((k, self.n(totals[k.rpartition(".")[2]])) for k in (
                    "report.k.visits", "report.k.tickets", "report.k.served",
                    "report.k.priority", "report.k.no_show", "report.k.cancelled")),
                ("report.k.missed_back", f"{self.n(totals['missed'])} / "
                                         f"{self.n(totals['reported_back'])}"),
                ("report.k.followups", f"{self.n(totals['followups_booked'])} / "
                                       f"{self.n(totals['followups_came'])}")]
        minutes = self.t("report.minutes")
        right = [("report.k.unfinished", self.n(totals["unfinished"])),
                 ("report.k.escalated", self.n(totals["escalated"])),
                 ("report.k.wait_mean", f"{self.m(times.wait.mean)} {minutes}"),
                 ("report.k.service_mean", f"{self.m(times.service_time.mean)} {minutes}"),
                 ("report.k.respondents", self.n(ikm.respondents if ikm else 0)),
                 ("report.k.ikm", f"{fmt_dec(ikm.ikm, 2, self.lang)} ({ikm.grade.mutu})"
                  if ikm else "-"),
                 ("report.k.served_after_return", self.n(totals["served_after_return"])),
                 ("report.k.followups_missed", self.n(totals["followups_missed"]))]
        rows = [[self.t(a), va, self.t(b), vb]
                for (a, va), (b, vb) in zip(left, right, strict=True)]
        table = Table(rows, colWidths=[5.6 * cm, 2.4 * cm, 5.6 * cm, 1.8 * cm + 0.6 * cm],
                      hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
            ("FONT", (1, 0), (1, -1), BOLD, 8.5), ("FONT", (3, 0), (3, -1), BOLD, 8.5),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE), ("LEFTPADDING", (2, 0), (2, -1), 18)]))
        unread = [self.para(self.t("report.note.unreadable", n=self.n(
            self.d.unreadable_rows)))] if self.d.unreadable_rows else []
        return [*self.h2("report.s.summary"), table, *unread]

    def per_day(self) -> list:
        """Per day; per month when the period is longer than two months."""
        rows = self.d.per_day()
        if not rows:
            return [*self.h2("report.s.per_day"), self.para(self.t("report.none"))]
        cols = DAY_COLUMNS
        if len(rows) > MAX_DAY_ROWS:
            rows = self.d.per_month()
            bars = [f"{month_name(r['month'].month, self.lang)[:3]} {r['month']:%y}"
                    for r in rows]
            labels = [f"{month_name(r['month'].month, self.lang)} {r['month'].year}"
                      for r in rows]
            heading, first_col, chart_title = ("report.s.per_month", "report.c.month",
                                               "report.chart.per_month")
        else:
            bars = [str(r["day"].day) for r in rows]
            labels = [short_day(r["day"], self.lang) for r in rows]
            heading, first_col, chart_title = ("report.s.per_day", "report.c.day",
                                               "report.chart.per_day")
        chart = charts.vertical_bars(bars, [[r["tickets"] for r in rows]],
                                     title=self.t(chart_title), width=CONTENT_W,
                                     height=5.2 * cm, sep=self.sep)
        head = [self.t(first_col), *(self.t(f"report.c.{c}") for c in cols)]
        body = [[label, *(self.n(r[c]) for c in cols)] for label, r in zip(labels, rows,
                                                                            strict=True)]
        total = [self.t("report.total"), *(self.n(sum(r[c] for r in rows)) for c in cols)]
        widths = [3.6 * cm] + [(CONTENT_W - 3.6 * cm) / len(cols)] * len(cols)
        return [*self.h2(heading), chart, Spacer(1, 4),
                data_table([head, *body, total], widths, total_row=True)]

    def per_service(self) -> list:
        rows = self.d.per_service()
        cols = SERVICE_COLUMNS
        head = [self.t("report.c.service"), *(self.t(f"report.c.{c}") for c in cols)]
        body = [[service_label(r["service"]), *(self.n(r[c]) for c in cols)] for r in rows]
        total = [self.t("report.total"), *(self.n(sum(r[c] for r in rows)) for c in cols)]
        widths = [6.4 * cm] + [(CONTENT_W - 6.4 * cm) / len(cols)] * len(cols)
        flow = [*self.h2("report.s.per_service"),
                data_table([head, *body, total], widths, total_row=True)]
        if rows:
            flow += [Spacer(1, 6), charts.horizontal_bars(
                [service_label(r["service"]) for r in rows], [r["tickets"] for r in rows],
                title=self.t("report.chart.per_service"), width=CONTENT_W,
                height=1.6 * cm + 0.7 * cm * len(rows),
                bar_colors=[color(r["service"].color) for r in rows], label_width=170,
                value_format=charts.thousands(self.sep))]
        return flow

    def regions(self) -> list:
        """Sebaran by kabupaten/kota of the guest book (the ten most, then the rest)."""
        rows = self.d.regions
        total = sum(n for _, n in rows)
        if not total:
            return []
        shown, rest = rows[:10], sum(n for _, n in rows[10:])
        body = [[esc(name) or self.t("report.region.unknown"), self.n(n), self.pct(n / total)]
                for name, n in shown]
        if rest:
            body.append([self.t("report.region.other", n=len(rows) - 10), self.n(rest),
                         self.pct(rest / total)])
        return [*self.h2("report.s.regions"), self._shares("report.c.region", body, total)]

    def _shares(self, first: str, body: list, total: int,
                widths: tuple = (CONTENT_W - 6 * cm, 3 * cm, 3 * cm)) -> Table:
        """Counts and their shares of *total* (column *first* names them), a total row."""
        head = [self.t(first), self.t("report.c.total"), self.t("report.c.share")]
        return data_table([head, *body, [self.t("report.total"), self.n(total),
                                         self.pct(1 if total else None)]],
                          widths, total_row=True)

    def request_types(self) -> list:
        """What visitors came for (SOP 003), and the complaints apart (PermenPANRB
        15/2014: complaints are handled and reported on their own)."""
        counts = self.d.request_types
        total = sum(counts.values())
        if not total:
            return []
        kinds = [*REQUEST_TYPES, *([""] if counts.get("") else [])]
        body = [[self.t(f"counter.request.{k}") if k else self.t("report.request.unknown"),
                 self.n(counts.get(k, 0)), self.pct(counts.get(k, 0) / total)] for k in kinds]
        received, done, still = self.d.complaints
        return [*self.h2("report.s.request_types"),
                self._shares("report.c.request_type", body, total), Spacer(1, 4),
                self.para(self.t("report.complaints", received=self.n(received),
                                 done=self.n(done), still=self.n(still)))]

    def signature(self) -> list:
        """"Mengetahui, Kepala …" with room to sign, the name and the NIP."""
        title, name, nip = self.d.head
        lines = [self.t("report.sign.known"), esc(title) or self.t("report.sign.title"),
                 "<br/><br/><br/>", f"<b>{esc(name) or '.' * 40}</b>",
                 self.t("report.sign.nip", nip=esc(nip) or "." * 30)]
        style = ParagraphStyle("sign", parent=self.s["body"], leftIndent=CONTENT_W * 0.55)
        block = [Paragraph("<br/>".join(lines), style)]
        root = self.verification.root if self.verification and self.verification.ok else None
        if root:  # verified against this PC's pinned root: the QR a new station scans
            side = CONTENT_W * 0.55 - 2.6 * cm
            block = [Table([[_root_qr(root), Paragraph(self.t("report.root_qr", root=root),
                                                       self.s["note"]),
                             Paragraph("<br/>".join(lines), self.s["body"])]],
                           colWidths=[2.6 * cm, side, CONTENT_W - 2.6 * cm - side],
                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)])]
        return [Spacer(1, 24), KeepTogether(block)]

    def channel_hour(self) -> list:
        channels = self.d.per_channel()
        total = sum(channels.values())
        body = [[self.t(f"report.channel.{c}"), self.n(channels[c]),
                 self.pct(channels[c] / total if total else None)] for c in CHANNELS]
        chan = self._shares("report.c.channel", body, total, (3.4 * cm, 1.9 * cm, 2.1 * cm))
        hours = self.d.per_hour()
        hour_rows = [[self.t("report.c.hour"), self.t("report.c.tickets")]] + [
            [f"{h:02d}.00-{h:02d}.59", self.n(v)] for h, v in hours.items()]
        hour_table = data_table(hour_rows, [3.4 * cm, 1.9 * cm])
        chart = charts.vertical_bars([f"{h:02d}" for h in hours], [list(hours.values())],
                                     title=self.t("report.chart.per_hour"),
                                     width=CONTENT_W - 7.8 * cm, height=6 * cm, sep=self.sep)
        layout = Table([[[chan, Spacer(1, 8), hour_table], chart]],
                       colWidths=[7.8 * cm, CONTENT_W - 7.8 * cm],
                       style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        return [*self.h2("report.s.channel_hour"), layout]

    def _time_table(self, rows, attr: str, target_attr: str) -> Table:
        head = self.heads("report.c.", "service", "target", "count", "mean", "median", "p90", "met")
        body = []
        for r in rows:
            s: Summary = getattr(r, attr)
            if r.service is None:
                label, target = self.t("report.all_services"), "-"
            else:
                label = service_label(r.service)
                target = f"{getattr(r.service, target_attr)} {self.t('report.minutes')}"
            body.append([label, target, self.n(s.count), self.m(s.mean), self.m(s.median),
                         self.m(s.p90), self.pct(s.within_target)])
        widths = [6.2 * cm, 1.8 * cm, 1.3 * cm] + [(CONTENT_W - 9.3 * cm) / 4] * 4
        return data_table([head, *body], widths, total_row=True)

    def times(self) -> list:
        rows = self.d.times()
        wait = self._time_table(rows, "wait", "target_wait_min")
        service = self._time_table(rows, "service_time", "target_service_min")
        prio, other = self.d.priority_times()
        flow = [*self.h2("report.s.times"),
                self.para(f"<b>{self.t('report.t.wait')}</b>"), wait, Spacer(1, 6),
                self.para(f"<b>{self.t('report.t.service')}</b>"), service, Spacer(1, 5),
                self.para(self.t("report.note.priority", p=self.m(prio.mean), pn=prio.count,
                                 o=self.m(other.mean), on=other.count)),
                self.promise(), *self.priority_groups(), *self._band(),
                self.para(self.t("report.note.times"), "note")]
        svc_rows = [r for r in rows if r.service is not None]
        if svc_rows:
            flow += [Spacer(1, 4), charts.vertical_bars(
                [r.service.prefix for r in svc_rows],
                [[r.wait.mean or 0 for r in svc_rows], [r.wait.p90 or 0 for r in svc_rows],
                 [r.service.target_wait_min for r in svc_rows]],
                title=self.t("report.chart.wait"), width=CONTENT_W, height=5 * cm,
                series_colors=(charts.PRIMARY, charts.MUTED, charts.ACCENT),
                legend=(self.t("report.c.mean"), self.t("report.c.p90"),
                        self.t("report.c.target")), integer=False, sep=self.sep)]
        return flow

    def _band(self) -> list:
        """How often the wait band held: printed on the ticket (``core.phone.hit_rate``),
        shown on the phone page, and both together."""
        paper, phone = self.d.band_hits, self.d.phone_bands
        lines = [("report.note.band", hit_rate(paper), len(paper)) if paper else None,
                 ("report.note.band_phone", hit_rate((), phone), phone[0]) if phone[0]
                 else None,
                 ("report.note.band_all", hit_rate(paper, phone), len(paper) + phone[0])
                 if paper and phone[0] else None]
        return [self.para(self.t(key, share=self.pct(x), n=self.n(n), target=self.d.band_target))
                for key, x, n in filter(None, lines)]

    def promise(self) -> Paragraph:
        """The office's published promise to priority visitors, and how it was kept."""
        minutes, within, total = self.d.priority_promise()
        return self.para(self.t("report.note.promise", min=minutes, n=self.n(within),
                                total=self.n(total),
                                share=self.pct(within / total if total else None)))

    def priority_groups(self) -> list:
        """Priority visitors by kelompok rentan group (SOP 004, UU 25/2009 Ps. 29)."""
        rows = self.d.per_priority_group()
        head = self.heads("report.c.", "priority_group", "tickets", "served", "mean")
        body = [[self.t(group_key(r["group"])), self.n(r["tickets"]), self.n(r["served"]),
                 self.m(r["wait"].mean)] for r in rows]
        total = [self.t("report.total"), self.n(sum(r["tickets"] for r in rows)),
                 self.n(sum(r["served"] for r in rows)), ""]
        return [Spacer(1, 4), self.para(f"<b>{self.t('report.t.priority_groups')}</b>"),
                data_table([head, *body, total], [6.2 * cm, 2.2 * cm, 2.2 * cm, 2.6 * cm],
                       total_row=True), Spacer(1, 4)]

    def escalations(self) -> list:
        rows = self.d.escalation_counts()
        cols = ("opened", *ESCALATION_STATUSES, "rescheduled")
        head = [self.t("report.c.service"),
                *(self.t(f"report.c.{c}").replace(" ", "\n", 1) for c in cols)]
        body = [[service_label(r["service"]) if r["service"] else self.t("report.total"),
                 *(self.n(r[c]) for c in cols)] for r in rows]
        widths = [5.2 * cm] + [(CONTENT_W - 5.2 * cm) / len(cols)] * len(cols)
        table = data_table([head, *body], widths, total_row=True, font_size=7.5)
        today = long_date(self.d.today, self.lang)
        return [*self.h2("report.s.escalations"), table,
                self.para(self.t("report.note.escalations", today=today), "note")]

    def survey(self) -> list:
        flow = self.h2("report.s.skm")
        result = self.d.skm
        if result is None:
            key = "report.skm.withheld" if self.d.skm_withheld else "report.skm.none"
            notes = [self.para(self.t(key, n=self.n(self.d.skm_min_group)))]
            if self.d.skm_open_month:
                notes.append(self.para(self.t("report.skm.open_month")))
            return [*flow, *notes]
        grade = result.grade
        flow.append(self.para(self.t("report.skm.result", ikm=fmt_dec(result.ikm, 2, self.lang),
                                     mutu=grade.mutu, kinerja=grade.kinerja(self.lang),
                                     n=self.n(result.respondents)), "big"))
        head = ["No", *self.heads("report.c.", "element", "nrr", "nrr_conv")]
        body = [[str(e.number), e.name(self.lang), fmt_dec(result.nrr_rounded()[i], 2,
                                                          self.lang),
                 fmt_dec(result.element_ikm(e.number), 2, self.lang)]
                for i, e in enumerate(skm.ELEMENTS)]
        # the index on the 1-4 scale with four decimals, as in the regulation's bands
        body.append(["", self.t("report.k.ikm"), fmt_dec(result.ni.numerator /
                                                         result.ni.denominator, 4, self.lang),
                     fmt_dec(result.ikm, 2, self.lang)])
        table = data_table([head, *body], [1 * cm, 9 * cm, 2.5 * cm, 3 * cm], total_row=True,
                       left_cols=2)
        chart = charts.horizontal_bars(
            [f"{e.number}. {e.name(self.lang)}" for e in skm.ELEMENTS],
            [float(v) for v in result.nrr], title=self.t("report.chart.nrr"),
            width=CONTENT_W, height=7 * cm, value_min=1, value_max=4, value_step=0.5,
            value_format=charts.decimal_comma(2, self.sep), marker=float(skm.GRADES[1].ni_min),
            label_width=190, sep=self.sep)
        flow += [table, Spacer(1, 6), chart]
        # the IKM per service, then per month ("2026-03") when there are several
        per_service = [(service_label(self.d.services[sid]), r) for sid, r in sorted(
            self.d.skm_by_service.items(), key=lambda kv: list(self.d.services).index(kv[0]))]
        per_month = [(f"{month_name(int(key[5:]), self.lang)} {key[:4]}", r)
                     for key, r in self.d.skm_by_month.items()]
        for first, rows in (("report.c.service", per_service),
                            ("report.c.month", per_month if len(per_month) > 1 else [])):
            if rows:
                head = [self.t(first), *(self.t(k) for k in ("report.c.respondents",
                                                             "report.k.ikm", "report.c.mutu",
                                                             "report.c.kinerja"))]
                body = [[label, self.n(r.respondents), fmt_dec(r.ikm, 2, self.lang),
                         r.grade.mutu, r.grade.kinerja(self.lang)] for label, r in rows]
                flow += [Spacer(1, 6), data_table(
                    [head, *body], [6.4 * cm, 2.4 * cm, 2.2 * cm, 1.6 * cm, 2.8 * cm])]
        flow.append(self.para(self.t("report.note.skm"), "note"))
        return flow

    def story(self) -> list:
        parts = [self.header(), self.summary(), self.per_day(), self.per_service(),
                 self.channel_hour(), self.regions(), self.request_types(), self.times(),
                 self.desks(), self.escalations(), self.sop_steps(), self.survey(),
                 self.signature()]
        return [flowable for part in parts for flowable in part]


def render_pdf(data: ReportData, out: str | os.PathLike | io.BytesIO, *,
               lang: str = "id", chain_head: tuple[int, str] | None = None,
               verification: Verification | None = None) -> None:
    """Write the PDF of collected *data* to *out* (a path or a buffer); *chain_head*:
    ``(event id, hash hex)`` it was computed from; *verification*: ``reports.verified``."""
    _Report(data, lang, chain_head, verification).build(
        out, f"{tr('report.title', lang)} {data.date_from} - {data.date_to}")


def _root_qr(fingerprint_text: str, size: float = 2.4 * cm):
    """The office's root of trust as a QR (``audit.root_qr_text``): the setup wizard of a
    new station reads it from a scanner like the typed fingerprint."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    from ult_desktop.core.chain import root_qr_text

    widget = QrCodeWidget(root_qr_text(fingerprint_text.replace(" ", "")), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def build_pdf(db: Database, date_from: date, date_to: date, out: str | os.PathLike, *,
              lang: str = "id", now: datetime | None = None) -> Path:
    """Make the report of office days *date_from* .. *date_to* as a PDF at *out*, renamed
    into place (never half a report); returns the path (OSError: cannot be written)."""
    def render(tmp: Path, verification: Verification, record: Database) -> None:
        data = collect(record, date_from, date_to, now=now)  # (reconciled first)
        head = chain_head(db)  # read after the data: every event it used is at or below it
        render_pdf(data, tmp, lang=lang, chain_head=head, verification=verification)

    return render_and_issue(db, Path(out), render, report="monthly", fmt="pdf",
                            date_from=date_from, date_to=date_to)
