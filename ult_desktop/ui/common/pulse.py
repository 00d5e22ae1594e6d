"""A station's pulse from its screen, and the hall's stations judged by theirs.

``PulseKeeper``: the station's pulse (``app.pulse``, written off the GUI thread) with the
time of the screen's last frame, taken on the GUI thread each second: a frozen screen
keeps its pulse going (its thread lives) but its frame ages. ``HallWatch``: the pulses of
the other stations, read off the GUI thread every few seconds; ``changed`` carries one
sentence per station that stopped or froze (what happened and what to do).
``DeviceTestAnswer``: the morning check's request to print a test line (a kiosk) or play
the chime (a TV) answered by the running station, through the record.
"""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.app.pulse import (
    PULSE_S,
    Pulse,
    PulseJudge,
    kiosk_printers,
    pulse_dir,
    read_pulses,
)
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import utc_now
from ult_desktop.db import hall
from ult_desktop.devices.audio.queue import CallRequest

_SENTENCES = {("display", "stopped"): "pulse.stopped.display",
              ("display", "frozen"): "pulse.frozen.display",
              ("kiosk", "stopped"): "pulse.stopped.kiosk",
              ("kiosk", "frozen"): "pulse.frozen.other"}


def pulse_sentence(station: str, mode: str, kind: str, seconds: int) -> str:
    key = _SENTENCES.get((mode, kind)) or \
        ("pulse.stopped.other" if kind == "stopped" else "pulse.frozen.other")
    return tr(key, station=station, n=seconds)


class PulseKeeper(QObject):
    """This station's pulse; ``shown(number)``: the TV's last call shown, ``spoken``: said."""

    def __init__(self, target, station_id: str, mode: str, parent=None):
        super().__init__(parent)
        self.pulse = Pulse(target, station_id, mode)
        self.pulse.info["frame_at"] = round(time.time(), 2)
        self._frames = QTimer(self)
        self._frames.timeout.connect(self._frame)
        self._frames.start(1000)

    def _frame(self) -> None:
        self.pulse.info["frame_at"] = round(time.time(), 2)

    def shown(self, number: str) -> None:
        self.pulse.info["shown"] = [number, round(time.time(), 2)]

    def spoken(self, number: str, finished: bool) -> None:
        """The TV's last call said aloud (any thread); *finished* False: the sound output
        never said it ended (a speaker unplugged, a driver hung)."""
        self.pulse.info["spoken"] = [number, round(time.time(), 2), finished]

    def printer(self, state: str | None) -> None:
        self.pulse.info["printer"] = state

    def stop(self) -> None:
        self._frames.stop()
        self.pulse.stop()


class HallWatch(QObject):
    """The pulses of the stations of *modes* (all when None) but *own*, every
    *period_ms*; ``changed({station: sentence})`` when the set in trouble changes,
    ``printers({kiosk: state})`` when a running kiosk's printer says otherwise: read
    from its pulse, so a printer's trouble is named even while the record cannot be
    written (a station frozen mid-write holds the file's lock)."""

    changed = Signal(dict)
    printers = Signal(dict)

    def __init__(self, station, *, modes: tuple[str, ...] | None = None, own: str = "",
                 period_ms: int = int(PULSE_S * 1000), parent=None):
        super().__init__(parent)
        self.folder = pulse_dir(station.path)
        self.off_gui = station.off_gui
        self.modes, self.own = modes, own
        self.judge = PulseJudge()
        self.pulses: dict[str, tuple[float, dict]] = {}  # the last read, as written
        self.sentences: dict[str, str] = {}
        self.kiosk_printers: dict[str, str] = {}
        self._busy = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.look)
        self._timer.setInterval(period_ms)
        self.start()

    def start(self) -> None:
        if self.folder is not None and not self._timer.isActive():
            self._timer.start()
            self.look()

    def look(self) -> None:
        if self._busy:  # a slow share: one listing at a time
            return
        self._busy = True
        self.off_gui(read_pulses, self.folder, done=self._read, failed=self._failed,
                        parent=self)

    def _failed(self, _error) -> None:
        self._busy = False

    def _read(self, pulses: dict) -> None:
        self._busy = False
        self.pulses = pulses
        trouble = {s: t for s, t in self.judge.judge(pulses).items()
                   if s != self.own and (self.modes is None or t[0] in self.modes)}
        before = self.sentences
        self.sentences = {s: pulse_sentence(s, *t) for s, t in trouble.items()}
        if before != self.sentences:  # new trouble, gone, or its seconds grown
            self.changed.emit(dict(self.sentences))
        printers = kiosk_printers(pulses, leave_out={self.own, *trouble})
        if printers != self.kiosk_printers:
            self.kiosk_printers = printers
            self.printers.emit(dict(printers))

    def stop(self) -> None:
        self._timer.stop()


class DeviceTestAnswer(QObject):
    """This station's answer to the morning check (``hall.DEVICE_TEST``): a kiosk prints
    the test ticket on its printer (*printer*: its URL now), a TV plays its chime through
    its announcement queue (*sound*: the calls' own road; a TV set silent answers so,
    *silent*); each outcome is a ``device_tested`` event. A TV's queue also tells its
    pulse what it said aloud."""

    _played = Signal(int, bool)  # from the announcer's thread

    #: an older request (a station started later, the feed read again) is not answered
    FRESH = timedelta(minutes=2)

    #: the detail of a TV's answer when it runs without sound (``announce=False``)
    SILENT = "silent"

    def __init__(self, station, *, printer=None, sound=None, silent=False, parent=None):
        super().__init__(parent)
        self.printer, self.sound, self.silent = printer, sound, silent
        self._played.connect(self._sound_done)
        if sound is not None:
            sound.on_played = self._on_played
        self.follow(station)

    def follow(self, station) -> None:
        """Answer through *station* from now on (the kiosk opened another file)."""
        self.station = station
        station.events_arrived.connect(self._on_events)

    def _on_events(self, events: list) -> None:
        for e in events:
            if e.kind == hall.DEVICE_TEST and utc_now() - e.at < self.FRESH:
                self.test(e.id, tuple((e.data or {}).get("devices") or ()))

    def test(self, request: int, devices: tuple[str, ...]) -> None:
        if "printer" in devices and self.printer is not None:  # a kiosk, with or without
            from ult_desktop.app.station_check import test_printer

            self.station.off_gui(test_printer, self.printer() or "none", parent=self,
                                 done=lambda r: self._answer(request, "printer", r.ok,
                                                             r.message))
        if "sound" in devices and self.sound is not None:
            self.sound.submit(CallRequest(event_id=request, number="", counter=0,
                                          kind="test"))
        elif "sound" in devices and self.silent:
            self._answer(request, "sound", False, self.SILENT)

    def _on_played(self, request: CallRequest, finished: bool) -> None:
        if request.kind == "test":
            self._played.emit(request.event_id, finished)
        elif self.station.pulse is not None:
            self.station.pulse.spoken(request.number, finished)

    def _sound_done(self, request: int, finished: bool) -> None:
        self._answer(request, "sound", finished, "")

    def _answer(self, request: int, device: str, ok: bool, detail: str) -> None:
        self.station.run(hall.answer_device_test, request=request, device=device, ok=ok,
                         detail=detail, parent=self)
