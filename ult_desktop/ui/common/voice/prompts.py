"""The TV's voice, lent to the kiosk and the survey tablet: :class:`PromptSpeaker` says a
sentence with the office's clips, kept in memory (a word none has by the PC's speech
engine); ``spoken`` carries each as it starts, ``history`` keeps them, ``last`` is the sound."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ult_desktop.devices.audio import ClipVoice, Utterance, compose_prompt
from ult_desktop.devices.audio.resources import voice_dir
from ult_desktop.devices.audio.voice import office_voice_folders, program_voice
from ult_desktop.ui.common.station import Station

log = logging.getLogger(__name__)


def load_clips(folders: list[Path], name: str) -> ClipVoice:
    """The voice set with every clip read (a pool thread: the office's folder may be on
    the share)."""
    return ClipVoice(folders, name=name).preload()


def compose(text: str, lang: str, clips: ClipVoice, engine, find: bool) -> Utterance:
    """:func:`compose_prompt` in a pool thread, with espeak-ng for missing words when
    there is no in-process *engine* (and *find*)."""
    if engine is None and find:
        engine = program_voice(lang)
    return compose_prompt(text, lang, clips, engine)


class PromptSpeaker(QObject):
    """Says one sentence at a time; a new one cuts the one being said. *player*:
    ``play(utterance, done)`` (None: a :class:`QtSoundPlayer` made at the first sentence);
    *engines*: Qt engines to try on Windows; *find_engine* False: clips only."""

    spoken = Signal(str)

    def __init__(self, parent: QObject | None = None, *, lang: str = "id",
                 player: Callable[[Utterance, Callable[[], None]], None] | None = None,
                 engines=None, find_engine: bool = True) -> None:
        super().__init__(parent)
        self.lang = lang
        self.player = player
        self.history: list[str] = []
        self.last: Utterance | None = None
        self.text = ""
        self._token = 0
        self._setting: tuple[str, Path | None] | None = None
        self.clips = ClipVoice([voice_dir(lang)], name="default")
        self.configure("default", None)
        self.find_engine = find_engine
        self.engines = engines
        self.qt_speaker = None   # Windows' voices, made at the first sentence

    def configure(self, voice_pack: str, base_dir: Path | None) -> None:
        """The office's voice set (``voice_pack`` setting, the database's folder)."""
        if self._setting == (voice_pack, base_dir):
            return
        self._setting = (voice_pack, base_dir)
        folders = [*office_voice_folders(voice_pack, self.lang, base_dir), voice_dir(self.lang)]
        Station.off_gui(load_clips, folders, voice_pack or "default", parent=self,
                        done=self._loaded)

    def _loaded(self, clips: ClipVoice) -> None:
        self.clips = clips

    def engine(self):
        """This PC's in-process voice for the language (Windows), made once; None where
        espeak-ng is looked for instead (in the pool thread, :func:`compose`)."""
        if not self.find_engine or sys.platform != "win32":
            return None
        if self.qt_speaker is None:
            from ult_desktop.ui.common.voice.speech import QtSpeaker

            self.qt_speaker = QtSpeaker(self.engines, self)
        return self.qt_speaker.voice_for(self.lang)

    def say(self, text: str) -> None:
        """Say *text* now (what was being said stops)."""
        self._token += 1
        token = self._token
        self.text = text
        self.history.append(text)
        self.spoken.emit(text)
        Station.off_gui(compose, text, self.lang, self.clips, self.engine(), self.find_engine,
                        parent=self, done=lambda u: self._play(token, u))

    def _play(self, token: int, utterance: Utterance) -> None:
        if token != self._token:
            return  # another sentence was asked for meanwhile
        self.last = utterance
        if self.player is None:
            from ult_desktop.ui.common.voice.sound import QtSoundPlayer

            self.player = QtSoundPlayer(self)
            self.player.speaker = self.qt_speaker
        self.player(utterance, lambda: None)

    def stop(self) -> None:
        """Silence (the visitor left)."""
        self._token += 1
        self.text = ""
        stop = getattr(self.player, "stop", None)
        if stop is not None:
            stop()
