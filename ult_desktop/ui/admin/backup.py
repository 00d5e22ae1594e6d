"""Backup (in the background, with progress; the daily automatic one in
``daily_backup.py``), restore (checked, confirmed), the schema guard's check and repair,
and retention (purge with progress, on the worker)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel, QProgressBar

from ult_desktop.app.paths import backup_base, beside_database
from ult_desktop.core.backup_plan import BackupStatus
from ult_desktop.core.i18n import tr
from ult_desktop.core.personal_data import privacy_notice
from ult_desktop.core.settings import SETTINGS
from ult_desktop.db.house import office
from ult_desktop.db.keeping import autobackup, backup
from ult_desktop.db.privacy import retention
from ult_desktop.db.schemas import schema_guard
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.admin.daily_backup import DailyBackupBox
from ult_desktop.ui.common.boxes import fill, hbox, path_row, vbox
from ult_desktop.ui.common.off_gui import Relay


class BackupPage(base.Page):
    title_key = "admin.page.backup"
    reload_kinds = frozenset({backup.BACKUP_MADE, backup.BACKUP_FAILED, "settings_changed",
                              "database_restored"})

    def __init__(self, station, parent=None):
        self.tz: str | None = None  # the office's zone, once read (names of backups)
        super().__init__(station, parent)
        self.checked: backup.BackupInfo | None = None
        self.progress = Relay(self._advance, self)  # (done, total) from the worker
        self.daily = DailyBackupBox(self)
        self.body.addWidget(self.daily)

        fill(self.body, self._backup_group(), self._restore_group(), self._schema_group(), 1)

    def _backup_group(self) -> QGroupBox:
        """A backup now, to the folder chosen."""
        group = QGroupBox(tr("admin.backup.heading"))
        self.target = base.line(max_len=1000)
        self.backup_button = base.button(tr("admin.backup.start"), self.start_backup,
                                         primary=True)
        self.bar = QProgressBar(minimum=0, maximum=100, value=0)
        vbox(base.form((tr("admin.backup.target"), path_row(
                 self.target, tr("admin.browse"), lambda shown: QFileDialog.getSaveFileName(
                     self, tr("admin.backup.heading"), shown, "SQLite (*.db)")[0]))),
             hbox(self.backup_button, (self.bar, 1)), on=group)
        return group

    def _restore_group(self) -> QGroupBox:
        """Restore: the backup checked first, then swapped in."""
        group = QGroupBox(tr("admin.restore.heading"))
        self.source = base.line(max_len=1000, textChanged=self._source_changed)
        self.source_info = QLabel(wordWrap=True)
        self.check_button = base.button(tr("admin.restore.check"), self.check_source)
        self.restore_button = base.button(tr("admin.restore.start"), self.start_restore,
                                          danger=True)
        self.restore_button.setEnabled(False)
        vbox(base.form((tr("admin.restore.source"), path_row(
                 self.source, tr("admin.browse"), lambda _shown: QFileDialog.getOpenFileName(
                     self, tr("admin.restore.heading"), str(beside_database(self.station.path)
                                                            / "backup"), "SQLite (*.db);;*")[0],
                 self.check_source))),
             self.source_info, hbox(self.check_button, self.restore_button, 1), on=group)
        return group

    def _schema_group(self) -> QGroupBox:
        """The file's schema checked, and repaired by an admin."""
        group = QGroupBox(tr("admin.schema.heading"))
        self.schema_info = QLabel(wordWrap=True)
        self.schema_check_button = base.button(tr("admin.schema.check"), self.check_schema)
        self.repair_button = base.button(tr("admin.schema.repair"), self.repair_schema,
                                         danger=True)
        self.repair_button.setEnabled(False)
        vbox(self.schema_info, hbox(self.schema_check_button, self.repair_button, 1), on=group)
        return group

    @staticmethod
    def fetch(db) -> tuple[str, BackupStatus]:
        """The office's time zone (backup names carry the office's clock) and the daily
        backup's status (whether its folder answers is looked at here, on the worker)."""
        return office.get_settings(db, "timezone")["timezone"], autobackup.backup_status(db)

    def form_values(self) -> str:
        return self.daily.folder.text().strip()

    def follow_daily(self, daily) -> None:
        """The status again when this PC's daily backup (``ThisPC``) ends."""
        daily.finished.connect(self._daily_done)

    def _daily_done(self, _outcome) -> None:
        self.refresh_status()

    def changed_elsewhere(self) -> None:
        """A backup or a setting changed: only the daily backup's lines are read again,
        so the status line keeps the outcome of what the admin just did here."""
        self.refresh_status()

    def refresh_status(self) -> None:
        """Show the backup status again (the status line keeps the last outcome; a
        folder the admin is typing is kept)."""
        self.run(autobackup.backup_status, done=self._status_read)

    def _status_read(self, status: BackupStatus) -> None:
        typing = self.dirty
        self.daily.show_status(status, folder=not typing)
        if not typing:
            self.mark_clean()

    # -- schema guard --------------------------------------------------------------------
    def check_schema(self) -> None:
        def shown(result: tuple[int, list[str]]) -> None:
            version, messages = result
            if messages:
                base.say(self.schema_info, tr("admin.schema.drift", n=len(messages),
                                              detail=" ".join(messages)), base.ERROR_STYLE)
            else:
                base.say(self.schema_info, tr("admin.schema.ok", version=version), base.OK_STYLE)
            self.repair_button.setEnabled(bool(messages))

        self.run(jobs.schema_drift, done=shown)

    def repair_schema(self) -> None:
        if not self.confirm(tr("admin.schema.confirm")):
            return
        self.repair_button.setEnabled(False)

        def repaired(actions: list[dict]) -> None:
            self.set_status(tr("admin.schema.repaired", n=len(actions)), base.OK_STYLE)
            self.check_schema()

        officer = getattr(self.window(), "officer", None)  # the admin signed in (AdminWindow)
        self.run(schema_guard.repair, username=officer and officer.username, done=repaired,
                 failed=lambda _: self.check_schema(), busy_text=tr("admin.saving"))

    def show_data(self, data: tuple[str, BackupStatus]) -> None:
        tz, status = data
        self.tz = tz
        self.daily.show_status(status)
        if not self.target.text():
            self.target.setText(str(backup.default_backup_path(backup_base(self.station.path), tz)))

    # -- backup ------------------------------------------------------------------------
    def start_backup(self) -> None:
        out = self.target.text().strip()  # empty: the worker names it by the office clock
        self.backup_button.setEnabled(False)
        self.bar.setValue(0)
        self.run(jobs.make_backup, out=out, progress=self.progress,
                 done=self._backed_up, failed=lambda _: self.backup_button.setEnabled(True),
                 busy_text=tr("admin.backup.running"))

    def _advance(self, done: int, total: int) -> None:
        self.bar.setValue(int(100 * done / total) if total else 100)

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.bar.setValue(100)
        self.set_status(tr("admin.backup.done", path=path), base.OK_STYLE)
        self.target.setText(str(backup.default_backup_path(backup_base(self.station.path), self.tz))
                            if self.tz else "")
        self.refresh_status()  # "Cadangan terakhir" is this one now

    # -- restore -----------------------------------------------------------------------
    def _source_changed(self) -> None:
        self.checked = None
        self.restore_button.setEnabled(False)
        self.source_info.clear()

    def check_source(self) -> None:
        path = self.source.text().strip()
        if not path:
            return

        def ok(info: backup.BackupInfo) -> None:
            self.checked = info
            base.say(self.source_info, tr("admin.restore.info", office=info.office_name,
                                          tickets=info.tickets, last=info.last_day or "–",
                                          version=info.schema_version), base.OK_STYLE)
            self.restore_button.setEnabled(True)
            self.set_status("")

        self.run(jobs.inspect_backup, path=path, done=ok)

    def start_restore(self) -> None:
        if self.checked is None:
            return
        if not self.confirm(tr("admin.restore.confirm")):
            self.set_status(tr("admin.restore.cancelled"))
            return
        self.restore_button.setEnabled(False)
        self.run(backup.restore_database, str(self.checked.path), done=self._restored,
                 busy_text=tr("admin.restore.running"))

    def _restored(self, kept: Path) -> None:
        self.set_status(tr("admin.restore.done", path=kept), base.OK_STYLE)
        self.source.clear()


class RetentionPage(base.Page):
    title_key = "admin.page.retention"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.due_total: int | None = None
        self.body.addWidget(QLabel(tr("admin.retention.explain"), wordWrap=True))
        months = SETTINGS["retention_months"]
        self.months = self.field("retention_months", base.spin(
            months.low, months.high, tr("admin.retention.unit")))
        self.notice = self.field("privacy_notice", base.line(
            "", SETTINGS["privacy_notice"].max_length or 400, objectName="retention_notice",
            toolTip=tr("admin.retention.notice_hint")))
        self.contact = self.field("privacy_contact", base.line(
            "", SETTINGS["privacy_contact"].max_length or 300, objectName="retention_contact"))
        f = base.form((tr("admin.retention.months"), self.months),
                      (tr("admin.retention.notice"), self.notice),
                      (tr("admin.retention.contact"), self.contact))
        self.save_button = base.button(tr("admin.save"), self.save, primary=True)
        self.body.addLayout(hbox(f, self.save_button, 1))
        self.count_button = base.button(tr("admin.retention.check"), self.count)
        self.purge_button = base.button(tr("admin.retention.run"), self.purge, danger=True)
        self.body.addLayout(hbox(self.count_button, self.purge_button, 1))
        self.due = QLabel()
        self.body.addWidget(self.due)
        self.steps = Relay(self._step, self)  # (step, done, total) from the worker
        self.step_label = QLabel()
        self.bar = QProgressBar(minimum=0, maximum=100)
        self.bar.hide()
        fill(self.body, self.step_label, self.bar, 1)

    @staticmethod
    def fetch(db) -> dict:
        return office.get_settings(db, "retention_months", "privacy_notice", "privacy_contact")

    def show_data(self, data: dict) -> None:
        self.show_fields(data)
        self.notice.setPlaceholderText(privacy_notice("", self.months.value()))

    def save(self) -> None:
        self.save_with(office.set_settings, **self.field_values())

    def count(self, then=None) -> None:
        months = self.months.value()

        def done(due: dict[str, int]) -> None:
            self.due_total = sum(due.values())
            self.due.setText(tr("admin.retention.due", n=self.due_total, months=months))
            if then is not None:
                then()

        self.run(retention.personal_data_due, months=months, done=done)

    def purge(self) -> None:
        def ask() -> None:
            if not self.due_total:
                return
            if not self.confirm(tr("admin.retention.confirm", n=self.due_total)):
                return
            self.purge_button.setEnabled(False)
            self.bar.show()
            # on the Station worker: the VACUUM and the backups can take minutes
            self.run(retention.purge_personal_data, months=self.months.value(), done=purged,
                     failed=finished, busy_text=tr("admin.saving"), progress=self.steps)

        def finished(_=None) -> None:
            self.purge_button.setEnabled(True)
            self.bar.hide()
            self.step_label.clear()

        def purged(report: retention.PurgeReport) -> None:
            finished()
            self.set_status(tr("admin.retention.done_full", n=sum(report.values()),
                               deleted=len(report.backups_deleted),
                               purged=len(report.backups_purged)), base.OK_STYLE)
            self.count()

        self.count(then=ask)

    def _step(self, step: str, done: int, total: int) -> None:
        if step == "vacuum" and done < total:
            self.bar.setRange(0, 0)  # VACUUM gives no progress: a busy bar
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(int(100 * done / total) if total else 100)
        self.step_label.setText(tr(f"admin.retention.step.{step}", done=done, total=total))
