"""The Backup page's daily automatic backup: the second folder, who makes the copy, "Cadangan
terakhir: <when>, <where>", and what the admin should act on (no folder, a folder out of reach, a
backup older than two days, December without next year's cuti bersama)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel

from ult_desktop.core import backup_plan
from ult_desktop.core.i18n import tr
from ult_desktop.db.keeping import autobackup
from ult_desktop.ui.admin import base
from ult_desktop.ui.common.boxes import fill, path_row, vbox


class DailyBackupBox(QGroupBox):
    """Shown on :class:`~ult_desktop.ui.admin.backup.BackupPage`, which loads and saves."""

    def __init__(self, page: base.Page):
        super().__init__(tr("backup.daily.heading"))
        self.page = page
        self.folder = base.line(max_len=1000, objectName="backupFolder")
        self.save_button = base.button(tr("backup.daily.save"), self.save, primary=True,
                                       objectName="saveBackupFolder")
        self.who, self.last, self.warnings = (QLabel(objectName=name, wordWrap=True) for name in (
            "backupWho", "lastBackup", "backupWarnings"))
        self.warnings.setStyleSheet(base.ERROR_STYLE)
        vbox(QLabel(tr("backup.daily.explain"), wordWrap=True),
             base.form((tr("backup.daily.folder"), fill(path_row(
                 self.folder, tr("backup.daily.browse"), lambda shown:
                 QFileDialog.getExistingDirectory(self, tr("backup.daily.pick"), shown)),
                 self.save_button))),
             self.who, self.last, self.warnings, on=self)

    def show_status(self, status: backup_plan.BackupStatus, *, folder: bool = True) -> None:
        """Fill the lines from *status*; *folder* False keeps the folder being typed."""
        if folder:
            self.folder.setText(status.folder)
        if not status.folder:
            self.who.setText(tr("backup.daily.off"))
        elif status.host:
            self.who.setText(tr("backup.daily.by_host", host=status.host))
        else:
            self.who.setText(tr("backup.daily.by_any"))
        self.last.setText(backup_plan.last_text(status.last, status.timezone))
        lines = [backup_plan.warning_text(w) for w in status.warnings]
        failed = backup_plan.failed_text(status.failed, status.timezone)
        if failed:
            lines.insert(0, failed)
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    def save(self) -> None:
        self.page.save_with(autobackup.set_backup_folder, folder=self.folder.text().strip(),
                            then=lambda _: self.page.refresh_status())
