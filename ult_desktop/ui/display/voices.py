"""Finding this PC's speech voices once, when the display starts.

Qt engines are looked at on the GUI thread (:class:`~ult_desktop.ui.display.speech.
QtSpeaker`, in-process, fast); espeak (Linux) needs a short process per language, so it
runs off the GUI thread through :meth:`~ult_desktop.ui.common.station.Station.off_gui`
(the screens' one way to do that). The database worker never does either: it only receives the
result (:meth:`VoiceFinder.voices`) when it builds the announcer from the settings.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from ult_desktop.devices.audio.voice import find_tts
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.display.speech import QtSpeaker

log = logging.getLogger(__name__)

LANGS = ("id", "en")


def find_voices() -> dict[str, object]:
    """lang -> espeak voice, for the languages this PC can speak (a pool thread)."""
    found = {}
    for lang in LANGS:
        try:
            voice = find_tts(lang)
        except Exception:  # a broken engine must not stop the display
            log.warning("speech check for %s failed", lang, exc_info=True)
            voice = None
        if voice is not None:
            found[lang] = voice
    return found


class VoiceFinder(QObject):
    """Speech voices by language; ``changed`` when more were found after start.

    ``checked`` is True once the external engines have answered (found or not)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, engines=None,
                 external: bool = True) -> None:
        super().__init__(parent)
        self.speaker = QtSpeaker(engines, self)
        self.speaker.voices_changed.connect(self.changed)
        self._external: dict[str, object] = {}
        self.checked = not external
        if external:  # answers to a display closed meanwhile are dropped
            Station.off_gui(find_voices, parent=self, done=self._on_found)

    def _on_found(self, found: dict) -> None:
        self.checked = True
        if found:
            self._external = found
            self.changed.emit()

    def voices(self) -> dict[str, object]:
        """lang -> voice: Qt's (in-process) where there is one, else espeak's."""
        out = dict(self._external)
        for lang in LANGS:
            voice = self.speaker.voice_for(lang)
            if voice is not None:
                out[lang] = voice
        return out
