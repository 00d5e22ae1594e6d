"""The TV hears counters' calls on the LAN while the shared file is away (issue #33).

A counter that calls while the file cannot be reached also broadcasts the call, signed
with its PC's station key (``devices.lan``). The TV believes it only when the key is
registered in the office's record with a role that may call (read while the file was
there: the keys and the office's root), the message is recent and new; then the call is
shown and spoken as any other. A phone on the office Wi-Fi has no registered key.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from ult_desktop.devices import lan
from ult_desktop.ui.display import jobs

log = logging.getLogger(__name__)


class LanEar(QObject):
    """``heard(number, counter)``: a call the TV may believe."""

    heard = Signal(str, int)
    _datagram = Signal(bytes)  # from the listener's thread to this one

    def __init__(self, station, parent=None):
        super().__init__(parent)
        self.station = station
        self.root: str | None = None
        self.keys: dict[str, tuple[bytes, str]] = {}
        self.seen: set[str] = set()
        self._datagram.connect(self._judge)
        try:
            self.listener: lan.Listener | None = lan.Listener(self._datagram.emit)
        except OSError as exc:  # the port is taken (a second display on this PC)
            log.warning("LAN port %s not open: %s", lan.port(), exc)
            self.listener = None
        station.connection_changed.connect(self._connection)

    def _connection(self, state: str, _message: str) -> None:
        if state == "ok":  # who may say what, as the record has it now
            self.station.run(jobs.lan_trust, done=self._trust, failed=lambda _e: None,
                             parent=self)

    def _trust(self, trust) -> None:
        self.root, self.keys = trust

    def _judge(self, data: bytes) -> None:
        if self.root is None:
            return
        message = lan.heard(data, self.keys, office=self.root, seen=self.seen)
        if message is not None:
            self.heard.emit(str(message["number"]), int(message["counter"]))

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
