"""A running station takes a release staged here inside the office's window, at its next safe
moment: every few seconds its screen is asked whether a visitor would notice (*quiet*); when a
release is ready and nobody would, the switch and the new version's start-up check run off the
screen's thread (``app/updates/station.py:switch_now``, seconds), then at the next quiet moment the
new version is started in this one's place and this one's windows close as at a shutdown (a kiosk's
print results, a desk's journal written first)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from ult_desktop.app.updates.station import ready_to_switch, relaunch, switch_now
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.shutdown import stop_stations

log = logging.getLogger(__name__)

#: How often a running station asks whether it may switch (ms): a cheap read of the
#: install's state file; the screen is asked only when a release is ready.
SWITCH_POLL_MS = 5_000


def always() -> bool:
    """The TV's safe moment: any (nobody touches it; it is back within seconds)."""
    return True


class UpdateSwitch(QObject):
    """The timer that hands a running station over to a staged release when *quiet*;
    *close*: what ends this one once the new version started (its windows closed)."""

    def __init__(self, quiet: Callable[[], bool], parent: QObject | None = None,
                 every_ms: int = SWITCH_POLL_MS, close: Callable[[], None] | None = None
                 ) -> None:
        super().__init__(parent)
        self.quiet = quiet
        self.close = close or (lambda: stop_stations(QApplication.instance()))
        self.switching = False  # the switch and the new version's check run off this thread
        self.switched_to: str | None = None  # ``current`` moved, checked: started when quiet
        self.started = None  # the new version's process
        self.timer = QTimer(self, interval=every_ms, timeout=self.tick)
        self.timer.start()

    def tick(self) -> bool:
        """Switch when a release is ready and the screen is quiet (the check off this
        thread), start it when quiet once checked; True when it was started."""
        if self.switching or self.started is not None:
            return False
        try:
            if self.switched_to is None:
                if ready_to_switch(self.quiet):
                    self.switching = True
                    off_gui(switch_now, done=self._switched, failed=self._failed,
                            parent=self)
                return False
            if not self.quiet():
                return False
            self.started = relaunch(self.switched_to)
        except Exception:  # the switch must never end the station: it runs on as it is
            log.exception("update switch failed")
            return False
        self.timer.stop()
        self.close()
        return True

    def _switched(self, version: str | None) -> None:
        self.switching, self.switched_to = False, version
        if version is not None:
            self.tick()  # at once while still quiet

    def _failed(self, error: BaseException) -> None:
        self.switching = False
        log.warning("update switch failed: %s", error)
