"""A station's pulse from its screen (``PulseKeeper``: a frozen screen's frame ages while its
thread lives), the other stations judged by theirs (``HallWatch``: one sentence per station
stopped or frozen) and ``DeviceTestAnswer`` (the morning check's print or chime)."""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.app.pulse import READ_S, Pulse, PulseJudge, pulse_dir, pulse_keys, read_pulses
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import utc_now
from ult_desktop.db.house import stations
from ult_desktop.devices.audio.queue import CallRequest
from ult_desktop.ui.common.off_gui import Relay, off_gui

_SENTENCES = {("display", "stopped"): "pulse.stopped.display",
              ("display", "frozen"): "pulse.frozen.display",
              ("kiosk", "stopped"): "pulse.stopped.kiosk",
              ("kiosk", "frozen"): "pulse.frozen.other"}
#: A station's state while its record cannot be reached (``station.UNAVAILABLE``; named
#: here as well: the station module starts the pulse, so the pulse cannot import it).
SHARE_AWAY = "unavailable"
#: How often a watch reads the record's registered keys again (an admin approved one).
KEYS_EVERY_S = 30.0


def pulse_sentence(station: str, mode: str, kind: str, seconds: int) -> str:
    key = "pulse.missing" if kind == "missing" else _SENTENCES.get((mode, kind)) or \
        ("pulse.stopped.other" if kind == "stopped" else "pulse.frozen.other")
    return tr(key, station=station, n=seconds)


class PulseKeeper(QObject):
    """This station's pulse; ``shown(number)``: the TV's last call shown, ``spoken``: said."""

    def __init__(self, target, station_id: str, mode: str, parent=None, signer=None):
        super().__init__(parent)
        self.pulse = Pulse(target, station_id, mode, signer=signer)
        self.pulse.info["frame_at"] = round(time.time(), 2)
        self._frames = QTimer(self, timeout=self._frame)
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

    def phone(self, state: str | None) -> None:
        """What this station says of the phone page it should serve (None: not its)."""
        if state is None:
            self.pulse.info.pop("phone", None)
        else:
            self.pulse.info["phone"] = state

    def stop(self) -> None:
        self._frames.stop()
        self.pulse.stop()


class HallWatch(QObject):
    """The signed pulses of the stations of *modes* (all when None), every
    :data:`READ_S`; ``changed({station: sentence})`` when the set in trouble or a kiosk's
    printer state changes (:attr:`kiosk_printers`, told even while the lock is held)."""

    changed = Signal(dict)

    def __init__(self, station, *, modes: tuple[str, ...] | None = None, parent=None):
        super().__init__(parent)
        self.station = station
        self.folder = pulse_dir(station.path)
        self.modes = modes
        self.judge = PulseJudge()
        self.keys: dict[str, bytes] | None = None
        self.runs: dict[str, tuple] = {}  # the run each station's heartbeat names
        self._known = False  # the keys read at least once: pulses are judged from then on
        self._keys_next = 0.0  # when the keys are read again (monotonic)
        self.sentences: dict[str, str] = {}
        #: the stations alive by their pulse (None: not read yet)
        self.alive: frozenset[str] | None = None
        self.kiosk_printers: dict[str, str] = {}
        self._busy = False
        self._timer = QTimer(self, timeout=self.look, interval=int(READ_S * 1000))
        self.start()

    def start(self) -> None:
        if self.folder is not None and not self._timer.isActive():
            self._timer.start()
            self.look()

    @property
    def pulses(self) -> dict[str, dict]:
        """Each station's last believed pulse (its checked fields)."""
        return self.judge.last

    def look(self) -> None:
        if time.monotonic() >= self._keys_next:
            self._keys_next = time.monotonic() + KEYS_EVERY_S / (1 if self._known else 10)
            self.station.run(pulse_keys, done=self._got_keys, failed=lambda _e: None,
                             parent=self)
        if self._busy or not self._known:  # one listing at a time; the keys first
            return
        self._busy = True
        off_gui(read_pulses, self.folder, self.keys, None, self.runs, done=self._read,
                failed=self._failed, parent=self)

    def _got_keys(self, known: tuple[dict[str, bytes] | None, dict[str, tuple]]) -> None:
        (self.keys, self.runs), self._known = known, True

    def _failed(self, _error) -> None:
        self._busy = False

    def _read(self, pulses: dict | None) -> None:
        self._busy = False
        trouble = {s: t for s, t in self.judge.judge(pulses).items()
                   if self.modes is None or t[0] in self.modes}
        before, alive = self.sentences, self.alive
        # the share away (its folder unlistable, or the record gone): no news is not
        # "stopped" (an officer who restarts a running TV then makes it go dark)
        blind = pulses is None or getattr(self.station, "state", None) == SHARE_AWAY
        self.sentences = {s: tr("pulse.unknown", station=s) if blind and t[1] != "frozen"
                          else pulse_sentence(s, *t) for s, t in trouble.items()}
        self.alive = frozenset(self.judge.alive)
        printers = {s: d["printer"] for s, d in self.judge.last.items() if "printer" in d
                    and d["mode"] == "kiosk" and s not in trouble}  # running
        # new trouble, gone, its seconds grown, a station alive again, a printer's word
        if (before, alive, self.kiosk_printers) != (self.sentences, self.alive, printers):
            self.kiosk_printers = printers
            self.changed.emit(dict(self.sentences))

    def stop(self) -> None:
        self._timer.stop()


class DeviceTestAnswer(QObject):
    """This station's answer to the morning check (``stations.DEVICE_TEST``): a kiosk's test
    print and its voices (*speech*: ``speech(answer)``, answered ``answer(ok, detail)``)
    or a TV's chime (or "silent"), each a ``device_tested`` event."""

    #: an older request (a station started later, the feed read again) is not answered
    FRESH = timedelta(minutes=2)

    #: the detail of a TV's answer when it runs without sound (``announce=False``)
    SILENT = "silent"

    def __init__(self, station, *, printer=None, sound=None, silent=False, speech=None,
                 pulse: PulseKeeper | None = None, parent=None):
        super().__init__(parent)
        self.printer, self.sound, self.silent, self.speech = printer, sound, silent, speech
        self.pulse = pulse  # what was said aloud, in this PC's pulse
        self._played = Relay(self._sound_done, self)  # from the announcer's thread
        if sound is not None:
            sound.on_played = self._on_played
        self.follow(station)

    def follow(self, station) -> None:
        """Answer through *station* from now on (the kiosk opened another file)."""
        self.station = station
        station.events_arrived.connect(self._on_events)

    def _on_events(self, events: list) -> None:
        for e in events:
            if e.kind == stations.DEVICE_TEST and utc_now() - e.at < self.FRESH:
                self.test(e.id, tuple((e.data or {}).get("devices") or ()))

    def test(self, request: int, devices: tuple[str, ...]) -> None:
        if "printer" in devices and self.printer is not None:  # a kiosk, with or without
            from ult_desktop.app.station_check import test_printer

            off_gui(test_printer, self.printer() or "none", parent=self,
                    done=lambda r: self._answer(request, "printer", r.ok,
                                                r.message))
        if "speech" in devices and self.speech is not None:
            self.speech(lambda ok, detail: self._answer(request, "speech", ok, detail))
        if "sound" in devices and self.sound is not None:
            self.sound.submit(CallRequest(event_id=request, number="", counter=0,
                                          kind="test"))
        elif "sound" in devices and self.silent:
            self._answer(request, "sound", False, self.SILENT)

    def _on_played(self, request: CallRequest, finished: bool) -> None:
        if request.kind == "test":
            self._played(request.event_id, finished)
        elif self.pulse is not None:
            self.pulse.spoken(request.number, finished)

    def _sound_done(self, request: int, finished: bool) -> None:
        self._answer(request, "sound", finished, "")

    def _answer(self, request: int, device: str, ok: bool, detail: str) -> None:
        self.station.run(stations.answer_device_test, request=request, device=device, ok=ok,
                         detail=detail, parent=self)
