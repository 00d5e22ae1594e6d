"""Speaking a call through Qt Text to Speech, in-process (no program started per call).

On Windows, Qt's ``winrt`` engine uses the OneCore voices (Settings → Time & language →
Speech → "Add voices"): Indonesian is "Microsoft Andika" (id-ID), which the classic SAPI 5
list does not show. ``sapi`` is tried next; macOS uses its own engine, Linux espeak. The office's recorded clips stay the default; speech is used
when the office chooses ``voice_pack = tts`` and this PC has a voice for the language.

:class:`QtSpeaker` lives on the GUI thread. It looks for voices once, when the display
starts (never on the database worker, never again per settings change), and then says
sentences when the sound player has played the chime.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable

from PySide6.QtCore import QLocale, QObject, QTimer, Signal, Slot

from ult_desktop.devices.audio import SpeechVoice

log = logging.getLogger(__name__)

#: Engines in order of preference. Linux uses espeak (devices/audio/voice.py): Qt's
#: speechd plugin logs a critical error where speech-dispatcher is missing. "mock" (Qt's
#: test engine) is never picked by default.
PREFERRED_ENGINES = {"win32": ("winrt", "sapi"), "darwin": ("darwin",)}.get(sys.platform, ())
LOCALES = {"id": QLocale.Language.Indonesian, "en": QLocale.Language.English}
GAP_MS = 900  # between repeats, as for the clips


class QtSpeaker(QObject):
    """One Qt speech engine with a voice per language it can speak.

    :param engines: engine names to try, in order (default :data:`PREFERRED_ENGINES`).
    """

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
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(self._give_up)
        self._say_requested.connect(self._say)
        self._engines = tuple(engines or PREFERRED_ENGINES)
        self._create()

    def rebuild(self, reason: str = "") -> None:
        """A new engine on the current default output: an engine keeps
        the audio device it opened at its creation, so after the TV's HDMI output was
        dropped and re-added it spoke into nothing. Called whenever the sound player
        rebuilds its output; a sentence being spoken is given up (the queue moves on)."""
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
        if voice is None:
            return None
        return SpeechVoice(f"qt-{self.engine_name}:{voice.name()}", lang)

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
                QTimer.singleShot(GAP_MS, self, self._next)
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
