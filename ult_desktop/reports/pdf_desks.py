"""The period report's pages on the desks (counters, officers, hours, stand-ins, outages,
vulnerable groups) and on the SOP 003 steps: a part of :class:`reports.pdf._Report`."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle

from ult_desktop.core.numbering import local_time
from ult_desktop.core.queue import CALL_REASONS
from ult_desktop.core.sop import StepSummary
from ult_desktop.reports.fmt import long_date
from ult_desktop.reports.fonts import BOLD
from ult_desktop.reports.pdf_kit import (
    CONTENT_W,
    LATE,
    ZEBRA,
    Writer,
    data_table,
    grid_style,
    service_label,
)


class DeskPages(Writer):
    def desks(self) -> list:
        flow = self.h2("report.s.desks")
        for key, rows in (("report.c.counter", self.d.per_counter()),
                          ("report.c.officer", self.d.per_officer())):
            head = [self.t(key), *(self.t(f"report.c.{c}")
                                   for c in ("served", "mean", "median", "p90", "met"))]
            body = [[r.label, self.n(r.served), self.m(r.service_time.mean),
                     self.m(r.service_time.median), self.m(r.service_time.p90),
                     self.pct(r.within_target)] for r in rows]
            total = [self.t("report.total"), self.n(sum(r.served for r in rows)), *[""] * 4]
            widths = [6.2 * cm] + [(CONTENT_W - 6.2 * cm) / 5] * 5
            flow += [data_table([head, *body, total], widths, total_row=True), Spacer(1, 6)]
        for part in (self._officer_time, self._hours, self._out_of_turn, self._standins,
                     self._outages, self._vulnerable):
            flow += part()
        return [*flow, self.para(self.t("report.note.times"), "note")]

    def _officer_time(self) -> list:
        """Minutes at the desk."""
        if not self.d.officer_time:
            return []
        body = [[r.label, self.n(r.present), self.n(r.serving), self.n(r.idle),
                 self.n(r.idle_while_waiting), ", ".join(
                     f"{self.t(f'counter.pause.{k}')} {self.n(v)}"
                     for k, v in sorted(r.paused.items())) or "—"]
                for r in self.d.officer_time]
        return self.titled_table(
            "report.t.officer_time", [f"report.c.{c}" for c in (
                "officer", "present", "serving", "idle", "idle_waiting", "paused")],
            body, [4.6 * cm] + [2.0 * cm] * 4 + [CONTENT_W - 12.6 * cm])

    def _hours(self) -> list:
        """Counters open against the wait, per hour."""
        if not self.d.hours:
            return []
        body = [[f"{h.hour:02d}.00–{h.hour + 1:02d}.00", f"{h.open_counters:.1f}",
                 self.n(h.called), self.m(h.wait.mean)] for h in self.d.hours]
        return self.titled_table("report.t.hours", [f"report.c.{c}" for c in (
            "hour", "open_counters", "called", "mean")], body, [CONTENT_W / 4] * 4)

    def _out_of_turn(self) -> list:
        """Who called whom before their turn, and why."""
        if not self.d.out_of_turn:
            return []
        body = [[self.d.officers.get(o, "—"), self.n(sum(c.values())),
                 *(self.n(c[k]) for k in CALL_REASONS)]
                for o, c in sorted(self.d.out_of_turn.items())]
        return self.titled_table(
            "report.t.out_of_turn", ["report.c.officer", "report.c.out_of_turn",
                                     *(f"counter.call_reason.{k}" for k in CALL_REASONS)],
            body, [5.2 * cm] + [(CONTENT_W - 5.2 * cm) / 5] * 5)

    def _standins(self) -> list:
        """Who stood in for whom, under which letter."""
        if not self.d.standins:
            return []
        def day(d) -> str:
            return long_date(d, self.lang)

        body = [[s.absent_name, s.standin_name, f"{day(s.first_day)} – {day(s.last_day)}",
                 self.t("report.standin.oral") if s.letter_no is None else
                 f"{s.letter_no} ({day(s.letter_date)})"]
                for s in sorted(self.d.standins, key=lambda s: (s.first_day, s.id))]
        return self.titled_table("report.t.standins", [f"report.c.{c}" for c in (
            "absent", "standin", "days", "letter")], body,
            [4.0 * cm, 4.0 * cm, 5.0 * cm, CONTENT_W - 13.0 * cm])

    def _outages(self) -> list:
        """The shared file away: when, and what was done meanwhile."""
        if not self.d.outages:
            return []
        tz = self.d.timezone
        body = [[f"{long_date(local_time(o.since, tz).date(), self.lang)} "
                 f"{local_time(o.since, tz):%H.%M.%S}–{local_time(o.until, tz):%H.%M.%S}",
                 self.n(o.offline_acts), self.n(o.held_tickets)] for o in self.d.outages]
        return self.titled_table(
            "report.t.outages", ["report.c.outage", "report.c.offline_acts",
                                 "report.c.held_tickets"], body,
            [CONTENT_W - 8.0 * cm, 4.0 * cm, 4.0 * cm],
            self.para(self.t("report.note.outages"), "note"))

    def _vulnerable(self) -> list:
        """Layanan ramah kelompok rentan: help called from the kiosk, and each priority
        group's wait against everyone else's."""
        waits, aids = self.d.vulnerable_waits(), self.d.vulnerable_aids()
        if not any(n for _, n, _ in aids) and not any(g for g, _ in waits):
            return []
        body = [*([self.t(key), self.n(n), self.m(median)] for key, n, median in aids),
                *([self.t(f"priority.group.{g}") if g else self.t("report.vulnerable.rest"),
                   self.n(s.count), self.m(s.median)] for g, s in waits)]
        return self.titled_table(
            "report.t.vulnerable", ["report.c.vulnerable", "report.c.count",
                                    "report.c.median"], body,
            [CONTENT_W - 8.0 * cm, 4.0 * cm, 4.0 * cm])

    # -- SOP 003 ------------------------------------------------------------------------
    def _step_rows(self, steps: list[StepSummary], label: str,
                   targets: dict[str, str]) -> tuple[list[list[str]], list[int]]:
        """A group row naming *label*, then one row per SOP step; also which rows (in the
        returned list) carry a deviation."""
        rows = [[label, "", "", "", "", "", "", ""]]
        late = []
        for st in steps:
            if st.over:
                late.append(len(rows))
            rows.append([
                f"{st.number}. {self.t(f'backoffice.step.{st.key}')}", targets[st.key],
                self.n(st.count), self.m(st.mean_min if st.count else None),
                self.m(st.median_min), self.m(st.p90_min),
                self.pct(st.within / st.count if st.count else None),
                self.n(st.over) if st.count else "-"])
        return rows, late

    def _all_services_targets(self, served: dict, order: list) -> dict[str, str]:
        """Each step's mutu baku over all services: the one they share, or "-"."""
        per_step: dict[str, set[int]] = {}
        for sid in order:
            for st in served[sid]:
                if st.count:
                    per_step.setdefault(st.key, set()).add(st.target_min)
        return {st.key: (f"{min(per_step[st.key])} {self.t('report.minutes')}"
                         if len(per_step.get(st.key, ())) == 1 else "-")
                for st in self.d.sop.steps}

    def sop_steps(self) -> list:
        """Time per SOP 003 step (FO - BO - unit utama) against each service's mutu baku."""
        sop = self.d.sop
        served = {sid: steps for sid, steps in (sop.by_service if sop else {}).items()
                  if any(st.count for st in steps)}
        if not served and sop and (sop.requests or sop.unfinished):
            # cases forwarded (SOP 003 steps 11-15) are timed in working days, not minutes
            return [*self.h2("report.s.sop"), self.para(self.t(
                "report.sop.days_only", done=self.n(sop.requests),
                within=self.n(sop.within_days), open=self.n(sop.unfinished)))]
        if not served:
            return [*self.h2("report.s.sop"), self.para(self.t("report.sop.none"))]
        minutes = self.t("report.minutes")
        rows = [[self.t(f"report.c.{c}") for c in (
            "sop_step", "standard", "count", "mean", "median", "p90", "met", "over")]]
        groups, late = [], []
        order = [sid for sid in self.d.services if sid in served]
        parts = [(served[sid], service_label(self.d.services[sid]),
                  {st.key: f"{st.target_min} {minutes}" for st in served[sid]})
                 for sid in order]
        if len(order) > 1:
            parts.append((sop.steps, self.t("report.all_services"),
                          self._all_services_targets(served, order)))
        for steps, label, targets in parts:
            body, over = self._step_rows(steps, label, targets)
            groups.append(len(rows))
            late += [len(rows) + i for i in over]
            rows += body
        widths = [5.3 * cm, 1.6 * cm, 1.0 * cm] + [1.7 * cm] * 3 + [1.8 * cm]
        table = Table(rows, colWidths=[*widths, CONTENT_W - sum(widths)], repeatRows=1,
                      hAlign="LEFT")
        style = grid_style(7.5)
        for g in groups:  # a service and its six steps stay on one page
            style += [("SPAN", (0, g), (-1, g)), ("BACKGROUND", (0, g), (-1, g), ZEBRA),
                      ("NOSPLIT", (0, g), (-1, g + len(sop.steps))),
                      ("FONT", (0, g), (-1, g), BOLD, 7.5), ("ALIGN", (0, g), (-1, g), "LEFT")]
        for r in late:
            style += [("TEXTCOLOR", (-1, r), (-1, r), LATE), ("FONT", (-1, r), (-1, r), BOLD, 7.5)]
        table.setStyle(TableStyle(style))
        result = self.t("report.sop.result", over=self.n(sum(st.over for st in sop.steps)),
                        count=self.n(sum(st.count for st in sop.steps)),
                        done=self.n(sop.requests), within=self.n(sop.within_days),
                        open=self.n(sop.unfinished))
        return [*self.h2("report.s.sop"), table, Spacer(1, 5), self.para(result),
                self.para(self.t("report.note.sop"), "note")]
