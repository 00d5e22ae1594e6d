"""Speaking a call through Qt Text to Speech, in-process. On Windows the ``winrt`` engine
has the OneCore voices (Indonesian: "Microsoft Andika"), then ``sapi``; used when the office
chooses ``voice_pack = tts`` and this PC has a voice. :class:`QtSpeaker` (GUI thread) looks
for voices once at start via :class:`VoiceFinder` and speaks after the chime."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable

from PySide6.QtCore import QLocale, QObject, QTimer, Signal, Slot

from ult_desktop.core.spoken import SPOKEN_LANGUAGES
from ult_desktop.devices.audio.compose import BETWEEN_REPEATS_MS
from ult_desktop.devices.audio.voice import SpeechVoice, find_tts
from ult_desktop.ui.common.off_gui import off_gui

log = logging.getLogger(__name__)

#: Engines in order of preference; Linux uses espeak (devices/audio/voice.py), never "mock".
PREFERRED_ENGINES = {"win32": ("winrt", "sapi"), "darwin": ("darwin",)}.get(sys.platform, ())
LOCALES = {"id": QLocale.Language.Indonesian, "en": QLocale.Language.English}


class QtSpeaker(QObject):
    """One Qt speech engine with a voice per language; *engines*: names to try, in order."""

    voices_changed = Signal()
    _say_requested = Signal(str, str, int, int, object)

    def __init__(self, engines: Iterable[str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_name = ""
        self.voices: dict[str, object] = {}   # lang -> QVoice
        self._tts = None
        self._left = 0
        self._text = ""
        self._done: Callable[[], None] | None = None
        self._spoke = False
        self._guard = QTimer(self, singleShot=True, timeout=self._give_up)
        self._say_requested.connect(self._say)
        self._engines = tuple(engines or PREFERRED_ENGINES)
        self._create()

    def rebuild(self, reason: str = "") -> None:
        """A new engine on the current default output (an engine keeps the device it opened,
        so after HDMI was re-added it spoke into nothing); a sentence being said is dropped."""
        if self._tts is None and not self.engine_name:
            return
        self.stop()
        old, self._tts, self.engine_name = self._tts, None, ""
        if old is not None:
            old.stateChanged.disconnect(self._state_changed)
            old.deleteLater()
        self._create()
        log.info("speech engine rebuilt on the current output (%s): %s", reason or "-",
                 self.engine_name or "none")

    def _create(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            log.info("Qt Text to Speech is not installed; calls use the recorded clips")
            return
        available = QTextToSpeech.availableEngines()
        for engine in (e for e in self._engines if e in available):
            tts = QTextToSpeech(engine, self)
            if tts.state() == QTextToSpeech.State.Error:
                tts.deleteLater()
                continue
            self._tts, self.engine_name = tts, engine
            tts.stateChanged.connect(self._state_changed)
            self._find_voices()
            if self.voices:
                break
            if tts.state() != QTextToSpeech.State.Ready:
                break  # still loading: voices are looked for again when it is ready
            tts.stateChanged.disconnect(self._state_changed)
            tts.deleteLater()
            self._tts, self.engine_name = None, ""

    def _find_voices(self) -> None:
        found = {}
        every = self._tts.allVoices(None)  # all locales (findVoices is not in PySide)
        for lang, language in LOCALES.items():
            voices = [v for v in every if v.locale().language() == language]
            if voices:
                found[lang] = voices[0]
        if found != self.voices:
            self.voices = found
            log.info("speech engine %s: voices %s", self.engine_name,
                     {k: v.name() for k, v in found.items()} or "none")
            self.voices_changed.emit()

    def voice_for(self, lang: str) -> SpeechVoice | None:
        """A :class:`SpeechVoice` for *lang* if this PC has one, else None."""
        voice = self.voices.get(lang)
        return None if voice is None else SpeechVoice(f"qt-{self.engine_name}:{voice.name()}", lang)

    # -- speaking -----------------------------------------------------------------------------
    def say(self, text: str, lang: str, repeat: int, volume: int,
            done: Callable[[], None]) -> None:
        """Speak *text* *repeat* times, then call *done* (from any thread)."""
        self._say_requested.emit(text, lang, repeat, volume, done)

    @Slot(str, str, int, int, object)
    def _say(self, text: str, lang: str, repeat: int, volume: int, done) -> None:
        self._finish()  # never two sentences at once
        voice = self.voices.get(lang)
        if self._tts is None or voice is None:
            done()
            return
        self._tts.setVoice(voice)
        self._tts.setVolume(max(0.0, min(1.0, volume / 100)))
        self._text, self._left, self._done = text, max(1, repeat), done
        # Never wait forever on an engine: speaking time estimate, generously.
        self._guard.start(int((2 + len(text) * 0.2) * 1000 * self._left) + 5000)
        self._next()

    def _next(self) -> None:
        self._left -= 1
        self._spoke = False
        self._tts.say(self._text)

    @Slot(object)
    def _state_changed(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._done is None:
            if state == QTextToSpeech.State.Ready and not self.voices:
                self._find_voices()
            return
        if state == QTextToSpeech.State.Speaking:
            self._spoke = True
        elif state == QTextToSpeech.State.Ready and self._spoke:
            if self._left > 0:
                QTimer.singleShot(BETWEEN_REPEATS_MS, self, self._next)  # as the clips
            else:
                self._finish()
        elif state == QTextToSpeech.State.Error:
            log.warning("speech engine error: %s", self._tts.errorString())
            self._finish()

    def _give_up(self) -> None:
        if self._done is not None:
            log.warning("speech did not finish in time; continuing with the next call")
            if self._tts is not None:
                self._tts.stop()
        self._finish()

    def _finish(self) -> None:
        done, self._done = self._done, None
        self._guard.stop()
        if done is not None:
            done()

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()
        self._finish()


def find_voices() -> dict[str, object]:
    """lang -> espeak voice, for the languages this PC can speak (a pool thread)."""
    found = {}
    for lang in SPOKEN_LANGUAGES:
        try:
            voice = find_tts(lang)
        except Exception:  # a broken engine must not stop the display
            log.warning("speech check for %s failed", lang, exc_info=True)
            voice = None
        if voice is not None:
            found[lang] = voice
    return found


class VoiceFinder(QObject):
    """Speech voices by language; ``changed`` when more were found after start, ``checked``
    once the external engines have answered."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = QtSpeaker(parent=self)
        self.speaker.voices_changed.connect(self.changed)
        self._external: dict[str, object] = {}
        self.checked = False
        # answers to a display closed meanwhile are dropped
        off_gui(find_voices, parent=self, done=self._on_found)

    def _on_found(self, found: dict) -> None:
        self.checked = True
        if found:
            self._external = found
            self.changed.emit()

    def voices(self) -> dict[str, object]:
        """lang -> voice: Qt's (in-process) where there is one, else espeak's."""
        out = dict(self._external)
        for lang in SPOKEN_LANGUAGES:
            voice = self.speaker.voice_for(lang)
            if voice is not None:
                out[lang] = voice
        return out
