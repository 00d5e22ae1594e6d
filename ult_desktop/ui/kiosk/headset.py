"""A headset plugged into the kiosk starts its spoken mode there (docs/accessibility.md).

:class:`HeadsetWatch` reads the PC's audio outputs through one seam, ``outputs`` (Qt's
``QMediaDevices.audioOutputs()``; a test feeds its own list) each time Qt announces a
change (``audioOutputsChanged``): an output that was not there when the kiosk started is a
visitor's headset (a USB headset, or a 3.5 mm jack the PC reports as its own output), one
that goes is unplugged. The outputs there at the start are the hall's (the loudspeaker, a
monitor's HDMI): one of them coming back is never taken for a headset. A PC whose jack is
switched inside one output reports nothing: there the keypad remains the way in.

:class:`SpeechKeys` are the spoken mode's screen keys: louder, softer, again, stop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.kiosk.pages import scaled

log = logging.getLogger(__name__)


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
    from ult_desktop.ui.common.voice.sound import _device_key

    return [Output(_device_key(d), d.description(), d) for d in QMediaDevices.audioOutputs()]


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

    def _read(self) -> list[Output]:
        try:
            return list(self.outputs())
        except Exception:  # a sound system that cannot list its outputs: no headset
            log.warning("audio outputs could not be listed", exc_info=True)
            return []

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
            btn = scaled(QPushButton(objectName=f"speech_{name}"), 1.9, bold=True)
            btn.setFocusPolicy(Qt.NoFocus)
            btn.clicked.connect(lambda _=False, n=name: self.pressed.emit(n))
            self.buttons[name] = btn
        hbox(*self.buttons.values(), on=self, margins=0)

    def retranslate(self, lang: str) -> None:
        for name, btn in self.buttons.items():
            btn.setText(tr(f"speak.key.{name}", lang))

    def set_height(self, height: int) -> None:
        for btn in self.buttons.values():
            btn.setMinimumHeight(height)
