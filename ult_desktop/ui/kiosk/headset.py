"""A headset plugged into the kiosk starts its spoken mode there (docs/accessibility.md).

:class:`HeadsetWatch` reads the PC's audio outputs through one seam, ``outputs`` (Qt's
``QMediaDevices.audioOutputs()``; a test feeds its own list) each time Qt announces a
change (``audioOutputsChanged``): an output that was not there when the kiosk started is a
visitor's headset (a USB headset, or a 3.5 mm jack the PC reports as its own output), one
that goes is unplugged. The outputs there at the start are the hall's (the loudspeaker, a
monitor's HDMI): one of them coming back is never taken for a headset. A PC whose jack is
switched inside one output reports nothing: there the keypad remains the way in. On Linux
the sound server's own word (:class:`ServerOutputs`) is heard too: Qt's PulseAudio list
never says that an output went, while the server moves its stream to the hall.

:class:`SpeechControl` is what the visitor controls of the spoken mode: a headset plugged
in or out, the volume (the level said, an audible floor, the default for the next
visitor), stop, and the morning check's question about this kiosk's voices;
:class:`SpeechKeys` are its screen keys: louder, softer, again, stop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.spoken import SPOKEN_LANGUAGES, VOLUME_DEFAULT, volume_level, volume_step
from ult_desktop.devices.audio.voice import speech_report, spelled_names
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.voice.server_outputs import ServerOutputs
from ult_desktop.ui.kiosk.flow import PIN, SETTINGS, START, SURVEY, TICKET
from ult_desktop.ui.kiosk.pages import button

log = logging.getLogger(__name__)

#: The keypad's (and a keyboard's media) keys for the volume and for stopping speech.
LOUDER_KEYS = {Qt.Key_Slash, Qt.Key_VolumeUp}
SOFTER_KEYS = {Qt.Key_Minus, Qt.Key_VolumeDown}
STOP_KEYS = {Qt.Key_Period, Qt.Key_Comma, Qt.Key_MediaStop}  # "," on a comma keypad
CONTROL_KEYS = LOUDER_KEYS | SOFTER_KEYS | STOP_KEYS


@dataclass(frozen=True)
class Output:
    """One audio output: its id, its name, and the ``QAudioDevice`` to play on."""

    key: bytes
    name: str
    device: object = None


def qt_outputs() -> list[Output]:
    """The PC's audio outputs, as Qt Multimedia lists them (none without it)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    from ult_desktop.ui.common.voice.sound import device_key

    return [Output(device_key(d), d.description(), d) for d in QMediaDevices.audioOutputs()]


class HeadsetWatch(QObject):
    """``plugged(Output)`` when an output appears that the kiosk did not start with,
    ``unplugged()`` when that one goes. *outputs*: the seam the device list is read
    through; *watch* False: no Qt announcements (the caller calls :meth:`changed`)."""

    plugged = Signal(object)
    unplugged = Signal()

    def __init__(self, parent: QObject | None = None, *,
                 outputs: Callable[[], list[Output]] = qt_outputs, watch: bool = True) -> None:
        super().__init__(parent)
        self.outputs = outputs
        self.server: ServerOutputs | None = None
        self.hall = {o.key for o in self._read()}
        self.headset: Output | None = None
        self._devices = None
        if watch:
            try:
                from PySide6.QtMultimedia import QMediaDevices
            except ImportError:
                return
            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self.changed)
            self.server = ServerOutputs(self)
            self.server.changed.connect(self.changed)

    def _read(self) -> list[Output]:
        try:
            outputs = list(self.outputs())
        except Exception:  # a sound system that cannot list its outputs: no headset
            log.warning("audio outputs could not be listed", exc_info=True)
            return []
        names = self.server.names if self.server is not None else None
        return outputs if names is None else [o for o in outputs if o.key in names]

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def changed(self) -> None:
        """The outputs changed: a headset plugged or unplugged (or nothing of ours)."""
        now = self._read()
        keys = {o.key for o in now}
        if self.headset is not None and self.headset.key not in keys:
            log.info("headset unplugged: %s", self.headset.name)
            self.headset = None
            self.unplugged.emit()
        new = [o for o in now if o.key not in self.hall]
        if self.headset is None and new:
            self.headset = new[-1]
            log.info("headset plugged: %s", self.headset.name)
            self.plugged.emit(self.headset)


#: The spoken mode's screen keys, in their order on the row.
SPEECH_KEYS = ("softer", "louder", "again", "stop")


class SpeechKeys(QWidget):
    """Louder, softer, say again, stop: shown in the spoken mode beside *Dengar*."""

    pressed = Signal(str)

    def __init__(self) -> None:
        super().__init__(objectName="speechKeys")
        self.buttons: dict[str, QPushButton] = {}
        for name in SPEECH_KEYS:
            btn = button(1.9, f"speech_{name}", f"speak.key.{name}")
            btn.clicked.connect(lambda _=False, n=name: self.pressed.emit(n))
            self.buttons[name] = btn
        hbox(*self.buttons.values(), on=self, margins=0)


class SpeechControl(QObject):
    """The visitor's control of the spoken mode of *spoken* (a ``SpokenKiosk``): the
    headset (:class:`HeadsetWatch` on *outputs*), the volume and stop, with their screen
    keys on its access row."""

    def __init__(self, spoken, outputs: Callable[[], list[Output]]) -> None:
        super().__init__(spoken)
        self.spoken, self.speaker, self.window = spoken, spoken.speaker, spoken.window
        self.keys = SpeechKeys()
        self.keys.hide()
        spoken.row.layout().insertWidget(1, self.keys, 2)
        self.keys.pressed.connect(self._screen_key)
        self.headset = HeadsetWatch(self, outputs=outputs, watch=outputs is qt_outputs)
        self.headset.plugged.connect(self._plugged)
        self.headset.unplugged.connect(self._unplugged)
        self.window.link.state_loaded.connect(self._voice)

    def _voice(self, state) -> None:
        """The office's voice set (its setting, recordings beside the database)."""
        path = self.window.link.path
        self.speaker.configure(str(state.settings.get("voice_pack", "default")),
                               path.parent if isinstance(path, Path) else None)

    def volume(self, louder: bool) -> None:
        """One step louder or softer (never below an audible floor), the level said."""
        speaker, spoken = self.speaker, self.spoken
        speaker.volume = volume_step(speaker.volume, louder)
        level, levels = volume_level(speaker.volume)
        key = "speak.volume_max" if level == levels else "speak.volume_min" if level == 1 \
            else "speak.volume"
        speaker.say(spoken.t(key, level=level, levels=levels), spoken.lang)

    def key(self, key: int) -> bool:
        """Louder, softer or stop on the keypad (True: it was one of them)."""
        if key in STOP_KEYS:
            self.speaker.stop()
        elif key in LOUDER_KEYS or key in SOFTER_KEYS:
            self.volume(key in LOUDER_KEYS)
        return key in CONTROL_KEYS

    def _screen_key(self, name: str) -> None:
        """The spoken mode's screen keys: as the keypad's / - + ."""
        self.window.touched()
        if name in ("louder", "softer"):
            self.volume(name == "louder")
        elif name == "again":
            self.spoken.say_screen()
        else:
            self.speaker.stop()

    def next_visitor(self) -> None:
        """Silence and the default volume; speech stays private while a headset is
        still plugged in."""
        self.speaker.stop()
        self.speaker.volume = VOLUME_DEFAULT
        self.speaker.private = self.headset.headset is not None

    def _plugged(self, output: Output) -> None:
        """A headset: the spoken mode in it, for a new visitor, greeted there; the hall
        hears nothing of it."""
        speaker, spoken, page = self.speaker, self.spoken, self.window.flow.page
        speaker.stop()
        speaker.output, speaker.private = output.device, True
        if page in (PIN, SETTINGS):
            return  # an officer at the admin pages: the visitor's greeting waits for a key
        if page not in (START, SURVEY) and not spoken.active:
            self.window.go_start()  # a visit left half-done: this visitor starts afresh
        if not spoken.active:
            speaker.volume = VOLUME_DEFAULT
        spoken.set_active(True)
        self.window.touched()
        spoken.say_screen(greet=True)

    def _unplugged(self) -> None:
        """The headset went: silence at once (nothing to the hall) and the kiosk's silent
        start; a printed number stays its time, unspoken."""
        self.speaker.stop()
        self.speaker.output = None
        page = self.window.flow.page
        self.spoken.reset()
        if page not in (START, TICKET, PIN, SETTINGS):
            self.window.go_start()

    def speech_check(self, answer: Callable[[bool, str], None]) -> None:
        """The morning check: which voices this kiosk has, each language (a pool thread
        lists the folders and asks espeak-ng); ``answer(ok, detail)``."""
        speaker = self.speaker
        folders = {lang: speaker.folders(lang) for lang in SPOKEN_LANGUAGES}
        engines = {lang: getattr(speaker.engine(lang), "name", None) for lang in folders}
        state = self.spoken.view.state
        names = {lang: [tile.title(lang) for tile in (state.services if state else ())]
                 for lang in folders}
        off_gui(_speech_and_names, folders, engines, names, speaker.find_engine, parent=self,
                done=lambda found: answer(*speech_answer(*found)))


def _speech_and_names(folders, engines, names, find) -> tuple[dict, dict]:
    return speech_report(folders, engines, find=find), spelled_names(folders, names)


def speech_answer(report: dict[str, tuple[bool, str]],
                  spelled: dict[str, list[str]] | None = None) -> tuple[bool, str]:
    """(ok, the sentence) of :func:`speech_report`: every language said in its own
    recordings, its engine named or its lack said; not ok where one has no voice at all.
    Where no engine speaks them, the service names said letter by letter (*spelled*:
    ``spelled_names``) are named, for the office to record their words."""
    parts, ok = [], True
    for lang, (recorded, engine) in report.items():
        language = tr(f"selftest.office.speech_lang.{lang}")
        if engine:
            parts.append(tr("selftest.office.speech_full", language=language, engine=engine))
        elif recorded:
            parts.append(tr("selftest.office.speech_clips", language=language))
        else:
            ok = False
            parts.append(tr("selftest.office.speech_none", language=language))
        if not engine and (spelled or {}).get(lang):
            parts.append(tr("selftest.office.speech_spelled", language=language,
                            names=", ".join(spelled[lang])))
    return ok, "; ".join(parts)
