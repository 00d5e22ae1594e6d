"""Reports from admin: the period PDF or CSV/XLSX exports, and the period's IKM at a glance.

The files are made by ``ult_desktop.reports`` (the same code as ``ult-desktop report``),
on the station's worker so the window stays responsive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QGroupBox, QLabel, QVBoxLayout

from ult_desktop.app.paths import beside_database
from ult_desktop.core.dates import month_range, office_today
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.localpaths import EXPORT_FOLDER
from ult_desktop.db.visit.handover import sop_report
from ult_desktop.reports.fmt import fmt_dec
from ult_desktop.reports.make import FORMATS
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import fill, hbox, path_row, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.sop_steps import SopStepsTable
from ult_desktop.ui.common.tables import fill_rows, list_table


class ReportsPage(base.Page):
    title_key = "admin.page.reports"
    reload_kinds = frozenset({"survey_submitted", "survey_recorded", "survey_batch",
                              "database_restored"})

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self._fixed_today = today is not None
        self.today = today or office_today("WIB")  # refined from the file's time zone below
        fill(self.body, self._make_group(), (self._ikm_group(), 1))
        group = QGroupBox(tr("backoffice.steps.title_period"))
        col = QVBoxLayout(group)
        self.steps = SopStepsTable()
        col.addWidget(self.steps)
        self.body.addWidget(group)
        self.preset_month(0)
        if not self._fixed_today:
            self.station.run(jobs.office_day_today, done=self._office_today,
                             failed=lambda _: None, parent=self)

    def _make_group(self) -> QGroupBox:
        """The period, the format, the file and the buttons that make a report."""
        group = QGroupBox(tr("admin.reports.make"))
        presets = hbox(*(base.button(label, lambda _=False, m=months_back: self.preset_month(m))
                         for label, months_back in ((tr("admin.reports.this_month"), 0),
                                                    (tr("admin.reports.last_month"), 1))),
                       base.button(tr("admin.reports.this_year"), self.preset_year), 1)
        self.date_from, self.date_to = (base.date_edit(dateChanged=self._period_changed)
                                        for _ in range(2))
        self.format = combo([(tr(f"admin.reports.format.{k}"), k) for k in FORMATS])
        self.format.setFixedWidth(320)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self.out = base.line(max_len=1000)
        self.make_button = base.button(tr("admin.reports.start"), self.make, primary=True)
        self.open_button = base.button(tr("admin.reports.open"), self.open_file)
        self.open_button.setEnabled(False)
        vbox(base.form((tr("admin.reports.period"), presets),
                       ("", hbox(self.date_from, QLabel("–"), self.date_to, 1)),
                       (tr("admin.reports.format"), self.format),
                       (tr("admin.backup.target"), path_row(
                           self.out, tr("admin.browse"), lambda shown:
                           QFileDialog.getSaveFileName(self, tr("admin.reports.make"), shown)[0]))),
             hbox(self.make_button, self.open_button, 1), on=group)
        return group

    def _ikm_group(self) -> QGroupBox:
        """The period's IKM per service."""
        group = QGroupBox(tr("admin.reports.ikm"))
        self.ikm = QLabel(styleSheet="font-size:16px;font-weight:bold;")
        self.table = list_table([tr("admin.services.basic"), tr("admin.reports.respondents"),
                                 "IKM", tr("admin.reports.grade")], fit_contents=False,
                                stretch=(0,), selection=QAbstractItemView.NoSelection)
        vbox(self.ikm, self.table, on=group)
        return group

    def _office_today(self, day: date) -> None:
        """"This month" is the office's month: re-apply the preset if it was the guess."""
        guessed, self.today = self.today, day
        if day != guessed and self.period() == month_range(guessed, 0):
            self.preset_month(0)

    # -- period ------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        a, b = self.date_from.date().toPython(), self.date_to.date().toPython()
        return (a, b) if a <= b else (b, a)

    def set_period(self, start: date, end: date) -> None:
        for edit, d in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(d)
            edit.blockSignals(False)
        self._period_changed()

    def preset_month(self, months_back: int) -> None:
        self.set_period(*month_range(self.today, months_back))

    def preset_year(self) -> None:
        self.set_period(date(self.today.year, 1, 1), date(self.today.year, 12, 31))

    def _period_changed(self) -> None:
        self._suggest_name()
        if self.isVisible() or self._snapshot is not None:
            self.load()

    def _suggest_name(self) -> None:
        start, end = self.period()
        fmt = self.format.currentData()
        folder = Path(self.out.text()).parent if self.out.text() else \
            beside_database(self.station.path) / EXPORT_FOLDER
        name = f"bukti-pekppp-zi-{start.year}" if fmt == "evidence" else \
            f"pengaduan-lapor-{start:%Y%m%d}-{end:%Y%m%d}.csv" if fmt == "lapor" else \
            f"paket-ult-{start:%Y-%m}.ultpack" if fmt == "ultpack" else \
            f"laporan-ult-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
        self.out.setText(str(folder / name))

    # -- IKM at a glance ---------------------------------------------------------------
    def load(self) -> None:
        start, end = self.period()
        self.run(jobs.ikm_summary, date_from=start, date_to=end, done=self._loaded)
        self.station.run(sop_report, start, end, done=lambda r: self.steps.show_steps(r.steps),
                         failed=lambda _: None, parent=self.steps)  # dropped once it is gone

    def show_data(self, data) -> None:
        total, by_service, services = data
        lang = language()
        if total is None:
            self.ikm.setText(tr("admin.reports.no_survey"))
        else:
            self.ikm.setText(tr("admin.reports.ikm_total", n=total.respondents,
                                ikm=fmt_dec(total.ikm, 2, lang), mutu=total.grade.mutu,
                                kinerja=total.grade.kinerja()))
        fill_rows(self.table, ([f"{s.prefix} · {s.name}" if s else str(sid), result.respondents,
                                fmt_dec(result.ikm, 2, lang),
                                f"{result.grade.mutu} · {result.grade.kinerja()}"]
                               for sid, result in sorted(by_service.items())
                               for s in [services.get(sid)]), fit=(1, 2, 3))

    # -- files -------------------------------------------------------------------------
    def make(self) -> None:
        start, end = self.period()
        out = self.out.text().strip()
        if not out:
            self._suggest_name()
            out = self.out.text()
        self.make_button.setEnabled(False)
        self.open_button.setEnabled(False)

        fmt = self.format.currentData()

        def done(files: list[Path]) -> None:
            self.make_button.setEnabled(True)
            self.files = files
            self.open_button.setEnabled(bool(files))
            self.set_status(tr("evidence.cli.written", n=len(files), path=out)
                            if fmt == "evidence" else
                            "\n".join(tr("report.cli.written", path=f) for f in files),
                            base.OK_STYLE)

        self.run(jobs.make_report, fmt=fmt, date_from=start, date_to=end,
                 out=out, lang=language(), done=done,
                 failed=lambda _: self.make_button.setEnabled(True),
                 busy_text=tr("admin.reports.running"))
