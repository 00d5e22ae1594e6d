"""Admin page for the SKM cycle: a year's or semester's report, the follow-up plan for the
weakest unsur, the poster and publication, the paper/phone entry; files are made on the
station's worker (as ``ult-desktop report skm``), a busy bar meanwhile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGroupBox, QLabel, QProgressBar, QVBoxLayout

from ult_desktop.core import skm
from ult_desktop.core.dates import office_today
from ult_desktop.core.i18n import language, tr
from ult_desktop.db.house import office
from ult_desktop.db.survey import skm_followups
from ult_desktop.reports.fmt import fmt_dec, fmt_int
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import fill, hbox
from ult_desktop.ui.common.combos import combo, select
from ult_desktop.ui.common.tables import fill_rows, list_table


class SkmPage(base.Page):
    title_key = "admin.nav.skm"
    reload_kinds = frozenset({"survey_submitted", "survey_recorded", "survey_batch", "skm_followup_changed",
                              "database_restored"})

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self._fixed_today = today is not None
        self.today = today or office_today("WIB")  # refined from the file's time zone below
        self.data = None
        self.editing: int | None = None
        self.entry_dialog = None
        self.publish = True  # the Pimpinan prints the poster, the admin publishes it

        fill(self.body, self._period_group(), (_followup_group(self), 1))
        if not self._fixed_today:
            self.station.run(jobs.office_day_today, done=self._office_today,
                             failed=lambda _: None, parent=self)

    def _period_group(self) -> QGroupBox:
        """The period, its IKM, the reports made of it and the survey's settings."""
        group = QGroupBox(tr("admin.skm.period"))
        col = QVBoxLayout(group)
        self.year = base.spin(2000, 2100)
        self.part = combo([(tr("admin.skm.whole_year"), None),
                                (tr("admin.skm.semester1"), 1), (tr("admin.skm.semester2"), 2)])
        self._open_on(skm.last_closed_period(self.today))
        self.year.valueChanged.connect(lambda _: self.load())
        self.part.currentIndexChanged.connect(lambda _: self.load())
        self.summary = QLabel(styleSheet="font-size:16px;font-weight:bold;")
        col.addLayout(hbox(self.year, self.part, (self.summary, 1)))
        self.weakest = QLabel(wordWrap=True)
        col.addWidget(self.weakest)
        self.report_button = base.button(tr("admin.skm.report_pdf"), self.make_report,
                                         primary=True)
        self.poster_button = base.button(tr("admin.skm.poster"), self.make_poster)
        self.entry_button = base.button(tr("admin.skm.entry"), self.open_entry)
        self.open_button = base.button(tr("admin.reports.open"), self.open_file, enabled=False)
        col.addLayout(hbox(self.report_button, self.poster_button, self.entry_button,
                           self.open_button, 1))
        # busy: the report is being made on the worker
        self.progress = QProgressBar(minimum=0, maximum=0, maximumHeight=10, textVisible=False)
        self.progress.hide()
        self.display_enabled = QCheckBox(tr("admin.skm.display"), clicked=self._save_settings)
        self.spak_enabled = QCheckBox(tr("settings.spak_enabled"), clicked=self._save_settings)
        self.min_group = base.spin(skm.MIN_GROUP.low, skm.MIN_GROUP.high)
        self.min_group.editingFinished.connect(self._save_settings)
        # one setting a line: the page fits beside the menu on a 1366 px screen
        fill(col, self.progress, self.display_enabled, self.spak_enabled,
             hbox(QLabel(tr("admin.skm.min_group")), self.min_group, 1))
        return group

    def _open_on(self, period: skm.ReportPeriod) -> None:
        self.year.setValue(period.year)
        select(self.part, period.semester)

    def _office_today(self, day: date) -> None:
        """The period shown first is the latest closed one by the office's clock (it can
        differ from this PC's near midnight of 30 June and New Year's Eve)."""
        guessed, self.today = self.today, day
        first, now = skm.last_closed_period(guessed), skm.last_closed_period(day)
        if now != first and self.period == first:
            self._open_on(now)

    # -- loading -----------------------------------------------------------------------
    @property
    def period(self) -> skm.ReportPeriod:
        return skm.ReportPeriod(self.year.value(), self.part.currentData())

    fetch = staticmethod(jobs.fetch_skm)

    def fetch_args(self) -> tuple:
        return (self.period,)

    def show_data(self, loaded: dict) -> None:
        self.data = data = loaded["data"]
        self.display_enabled.setChecked(bool(loaded["settings"]["skm_display_enabled"]))
        self.spak_enabled.setChecked(bool(loaded["settings"]["spak_enabled"]))
        self.min_group.setValue(skm.min_group(loaded["settings"]))
        label = data.period.label()
        self.weakest.setText(tr("skmr.weakest", list=", ".join(
            f"U{e.number} {e.name()} ({fmt_dec(data.result.nrr_rounded()[e.number - 1], 2, language())})"
            for e in data.weakest())) if data.result else "")
        if data.result is None:
            why = {"open": "admin.skm.summary_open", "small": "admin.skm.summary_small"}.get(
                data.withheld, "admin.skm.summary_none")
            self.summary.setText(tr(why, period=label, n=fmt_int(data.respondents, language()),
                                    min=data.min_group))
        else:
            self.summary.setText(tr("admin.skm.summary", period=label,
                                    n=fmt_int(data.respondents, language()),
                                    ikm=fmt_dec(data.result.ikm, 2, language()),
                                    mutu=data.result.grade.mutu))
        fill_rows(self.table, ((f"U{fu.element} {skm.ELEMENTS[fu.element - 1].name()}", fu.action,
                                fu.owner, fu.target_period, tr(f"skm.followup.status.{fu.status}"))
                               for fu in data.followups))
        self.new_followup()

    def form_values(self):
        return self.field_values(), self.editing

    # -- follow-up plan ----------------------------------------------------------------
    def new_followup(self) -> None:
        self.editing = None
        self.table.clearSelection()
        weakest = self.data.weakest() if self.data else []
        planned = {f.element for f in self.data.followups} if self.data else set()
        first = next((e.number for e in weakest if e.number not in planned),
                     weakest[0].number if weakest else 1)
        self.show_fields({"element": first, "action": "", "owner": "",
                          "target_period": self.period.next().key, "status": "planned"})
        self.delete_button.setEnabled(False)
        self.mark_clean()

    def _pick(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.data is None:
            return
        fu = self.data.followups[rows[0].row()]
        self.editing = fu.id
        self.show_fields({key: getattr(fu, key) for key in self.fields})
        self.delete_button.setEnabled(self.publish)  # not the Pimpinan's
        self.mark_clean()

    def save(self) -> None:
        """Save the follow-up action in the form (Ctrl+S)."""
        self.save_with(skm_followups.save_followup, report_period=self.period.key,
                       **self.field_values(), followup_id=self.editing,
                       then=lambda _: self.load())

    def delete_followup(self) -> None:
        if self.editing is None:
            return
        self.run(skm_followups.delete_followup, followup_id=self.editing, done=lambda _: self.load())

    def _save_settings(self) -> None:
        self.run(office.set_settings, skm_display_enabled=self.display_enabled.isChecked(),
                 skm_min_group=self.min_group.value(),
                 spak_enabled=self.spak_enabled.isChecked(),
                 done=lambda _: self.set_status(tr("admin.saved"), base.OK_STYLE))

    # -- files -------------------------------------------------------------------------
    def ask_path(self, suggested: str) -> str:
        """Where to write (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(self, tr("admin.skm.heading"),
                                              str(Path.home() / suggested), "PDF (*.pdf)")
        return path

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        for b in (self.report_button, self.poster_button):
            b.setEnabled(not on)

    def make_report(self) -> None:
        out = self.ask_path(f"laporan-skm-{self.period.key}.pdf")
        if out:
            self._make(jobs.make_skm_files, out, "admin.skm.written")

    def make_poster(self) -> None:
        out = self.ask_path(f"poster-skm-{self.period.key}.pdf")
        if out:
            self._make(jobs.make_poster_and_publish, out, "admin.skm.published"
                       if self.publish else "admin.skm.written", publish=self.publish)

    def read_only(self) -> None:
        """The Pimpinan reads and prints the report, the poster and the RTL;
        planning, paper entry, settings and publishing stay the admin's."""
        self.publish = False
        for w in (self.entry_button, self.display_enabled, self.spak_enabled, self.min_group,
                  self.add_button,
                  self.save_button, self.delete_button, self.element, self.action,
                  self.owner, self.target, self.status_box):
            w.setEnabled(False)

    def _make(self, fn, out: str, done_key: str, **extra) -> None:
        self._busy(True)

        def done(files: list[Path]) -> None:
            self._busy(False)
            self.files = files
            self.open_button.setEnabled(True)
            self.set_status(tr(done_key, path=", ".join(str(f) for f in files),
                               period=self.period.label()), base.OK_STYLE)

        self.run(fn, period=self.period, out=out, lang=language(), **extra, done=done,
                 failed=lambda _e: self._busy(False), busy_text=tr("admin.skm.working"))
    def open_entry(self) -> None:
        from ult_desktop.ui.survey.paper_entry import PaperEntryDialog

        if self.entry_dialog is None:
            self.entry_dialog = PaperEntryDialog(self.station, self)
        self.entry_dialog.show()
        self.entry_dialog.raise_()


def _followup_group(page: SkmPage) -> QGroupBox:
    """The follow-up plan (RTL): its table and the form under it."""
    group = QGroupBox(tr("admin.skm.followups"))
    col = QVBoxLayout(group)
    labels = (tr("admin.skm.col.element"), tr("admin.skm.col.action"),
              tr("admin.skm.col.owner"), tr("admin.skm.col.target"), tr("admin.skm.col.status"))
    page.table = list_table(list(labels), stretch=(1,))
    page.table.itemSelectionChanged.connect(page._pick)
    page.element = page.field("element", combo(
        [(f"U{e.number} {e.name()}", e.number) for e in skm.ELEMENTS]))
    page.action = page.field("action", base.line(max_len=500))
    page.owner = page.field("owner", base.line(max_len=120))
    page.target = page.field("target_period", base.line(max_len=20))
    page.status_box = page.field("status", combo(
        [(tr(f"skm.followup.status.{s}"), s) for s in skm_followups.FOLLOWUP_STATES]))
    page.add_button = base.button(tr("admin.skm.add_followup"), page.new_followup)
    page.save_button = base.button(tr("admin.skm.save_followup"), page.save, primary=True)
    page.delete_button = base.button(tr("admin.skm.delete_followup"), page.delete_followup)
    fill(col, (page.table, 1), base.form(*zip(labels, (
        page.element, page.action, page.owner, page.target, page.status_box), strict=True)),
        hbox(page.add_button, page.save_button, page.delete_button, 1))
    return group
