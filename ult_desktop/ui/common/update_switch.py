"""A running station takes a release staged here at its next safe moment: every few
seconds its screen is asked whether a visitor would notice (*quiet*); when a release is
ready and nobody would, the new version is switched to and started in this one's place
(``app/updates/station.py:take_if_ready``), and this one's windows close as at a
shutdown (a kiosk's print results, a desk's journal written first)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from ult_desktop.app.updates.station import take_if_ready
from ult_desktop.ui.common.shutdown import stop_stations

log = logging.getLogger(__name__)

#: How often a running station asks whether it may switch (ms): a cheap read of the
#: install's state file; the screen is asked only when a release is ready.
SWITCH_POLL_MS = 5_000


def always() -> bool:
    """The TV's safe moment: any (nobody touches it; it is back within seconds)."""
    return True


class UpdateSwitch(QObject):
    """The timer that hands a running station over to a staged release when *quiet*."""

    def __init__(self, quiet: Callable[[], bool], parent: QObject | None = None,
                 every_ms: int = SWITCH_POLL_MS) -> None:
        super().__init__(parent)
        self.quiet = quiet
        self.timer = QTimer(self, interval=every_ms, timeout=self.tick)
        self.timer.start()

    def tick(self) -> bool:
        """Switch now if a release is ready and the screen is quiet; True when it did."""
        try:
            started = take_if_ready(self.quiet)
        except Exception:  # the switch must never end the station: it runs on as it is
            log.exception("update switch failed")
            return False
        if started is None:
            return False
        self.timer.stop()
        stop_stations(QApplication.instance())
        return True
