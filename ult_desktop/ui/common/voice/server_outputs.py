"""The audio outputs as the PC's sound server tells them (Linux).

Qt's PulseAudio list keeps a removed output and never announces it, while the server moves
its streams to another output at once: a headset unplugged, and the sentence goes on in the
hall. :class:`ServerOutputs` listens (``pactl subscribe``, PulseAudio and PipeWire) and says
``changed`` the moment an output goes. Elsewhere (Windows, no ``pactl``) it stays silent:
Qt hears WASAPI's notifications, and Windows invalidates a removed endpoint's stream."""

from __future__ import annotations

import logging
import re
import shutil
import sys

from PySide6.QtCore import QObject, QProcess, Signal

log = logging.getLogger(__name__)

_EVENT = re.compile(rb"Event '(\w+)' on sink #(\d+)")


class ServerOutputs(QObject):
    """``names``: the server's outputs by the ids Qt gives them (None: not known, Qt's
    list stands); ``changed`` when one comes or goes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sinks: dict[int, bytes] | None = None
        self._events: QProcess | None = None
        self._program = shutil.which("pactl") if sys.platform.startswith("linux") else None
        if self._program is None:
            return
        self._events = QProcess(self)
        self._events.readyReadStandardOutput.connect(self._heard)
        self._events.start(self._program, ["subscribe"])
        self._list()

    @property
    def names(self) -> set[bytes] | None:
        return None if self.sinks is None else set(self.sinks.values())

    def _heard(self) -> None:
        for line in bytes(self._events.readAllStandardOutput()).splitlines():
            found = _EVENT.search(line)
            if found is None:
                continue
            kind, index = found[1], int(found[2])
            if kind == b"remove" and self.sinks is not None and index in self.sinks:
                log.info("sound server: output %s removed", self.sinks.pop(index))
                self.changed.emit()  # now: its streams are being moved elsewhere
            elif kind == b"new":
                self._list()

    def _list(self) -> None:
        proc = QProcess(self)
        proc.finished.connect(lambda *_: self._listed(proc))
        proc.start(self._program, ["list", "short", "sinks"])

    def _listed(self, proc: QProcess) -> None:
        out, ok = bytes(proc.readAllStandardOutput()), proc.exitCode() == 0
        proc.deleteLater()
        sinks = {}
        for line in out.splitlines():
            index, _, rest = line.partition(b"\t")
            if index.isdigit() and rest:
                sinks[int(index)] = rest.split(b"\t")[0]
        if ok and sinks != self.sinks:
            self.sinks = sinks
            self.changed.emit()

    def stop(self) -> None:
        """End the listening process (the kiosk closing)."""
        if self._events is not None:
            self._events.kill()
            self._events.waitForFinished(1000)
            self._events = None
