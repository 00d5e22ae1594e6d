"""Every station looks now and then whether today's backup is made, and the first makes it
(``db.keeping.autobackup``): one read on its worker, the copy on a second worker of its own."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.db.keeping import autobackup

log = logging.getLogger(__name__)

#: The first look a minute after the station starts, then every quarter of an hour.
FIRST_LOOK_MS = 60_000
LOOK_EVERY_MS = 15 * 60_000


class DailyBackup(QObject):
    """One station's share of the daily backup (built by ``ThisPC``)."""

    #: the ``DailyOutcome`` of a copy this station tried
    finished = Signal(object)

    def __init__(self, station):
        super().__init__(station)
        self.station = station
        self.busy = False
        self.worker = None
        self.timer = QTimer(self, timeout=self.look)
        QTimer.singleShot(FIRST_LOOK_MS, self, self._start)

    def _start(self) -> None:
        self.look()
        self.timer.start(LOOK_EVERY_MS)

    def look(self) -> None:
        """Ask the file (on the station's worker) whether today's copy is due here."""
        if self.busy:
            return
        self.busy = True
        self.station.run(autobackup.daily_backup_due, done=self._due, failed=self._idle,
                         parent=self)

    def _idle(self, _error=None) -> None:
        self.busy = False

    def _due(self, due: bool) -> None:
        if not due:
            self.busy = False
            return
        if self.worker is None:
            self.worker = self.station.helper(parent=self)
        self.worker.run(autobackup.run_daily_backup, done=self._made, failed=self._failed,
                        parent=self)

    def _made(self, outcome: autobackup.DailyOutcome) -> None:
        self.busy = False
        if outcome.outcome == autobackup.MADE:
            log.info("daily backup made: %s", outcome.path)
        elif outcome.outcome == autobackup.FAILED:
            log.warning("daily backup failed: %s", outcome.error)
        self.finished.emit(outcome)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        log.warning("daily backup not made: %s", error)

    def close(self) -> None:
        self.timer.stop()
        if self.worker is not None:
            self.worker.close()
            self.worker = None
