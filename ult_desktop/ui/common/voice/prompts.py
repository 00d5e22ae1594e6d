"""The TV's voice, lent to the kiosk and the survey tablet: :class:`PromptSpeaker` says a
sentence with the office's clips, kept in memory (a word none has by the PC's speech
engine), at the visitor's volume, on the output chosen (a headset: nothing to the hall);
``spoken`` carries each as it starts, ``history`` keeps them, ``last`` is the sound; the
spoken mode's number keys, the kiosk's and the survey's (docs/accessibility.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from ult_desktop.core.spoken import VOLUME_DEFAULT
from ult_desktop.devices.audio.compose import Utterance, compose_prompt
from ult_desktop.devices.audio.voice import (
    ClipVoice,
    office_voice_folders,
    program_voice,
    voice_dir,
)
from ult_desktop.ui.common.off_gui import off_gui

#: 1-9 choose the option said with that number; 0 or Enter confirms.
DIGITS = {getattr(Qt, f"Key_{n}"): n for n in range(1, 10)}
CONFIRM_KEYS = {Qt.Key_0, Qt.Key_Enter, Qt.Key_Return}


def compose(text: str, lang: str, clips: ClipVoice | list[Path], engine, find: bool,
            volume: int = 100) -> tuple[Utterance, ClipVoice]:
    """:func:`compose_prompt` in a pool thread, with espeak-ng for missing words when
    there is no in-process *engine* (and *find*); *clips* given as folders are read first
    (a language said for the first time). The sound and the clips it used."""
    if not isinstance(clips, ClipVoice):
        clips = ClipVoice(clips, name="default").preload()
    if engine is None and find:
        engine = program_voice(lang)
    return compose_prompt(text, lang, clips, engine, volume=volume), clips


class PromptSpeaker(QObject):
    """Says one sentence at a time; a new one cuts the one being said. *player*:
    ``play(utterance, done)`` (None: a :class:`QtSoundPlayer` made at the first sentence);
    *find_engine* False: clips only.

    ``volume``: percent of the clips' level. ``output``: the audio device to speak on
    (None: the PC's default, the hall's loudspeaker); ``private``: speak on ``output``
    only, and say nothing while there is none (a headset unplugged)."""

    spoken = Signal(str)

    def __init__(self, parent: QObject | None = None, *, lang: str = "id",
                 player: Callable[[Utterance, Callable[[], None]], None] | None = None,
                 find_engine: bool = True) -> None:
        super().__init__(parent)
        self.lang = lang
        self.player = player
        self.history: list[str] = []
        self.last: Utterance | None = None
        self.text = ""
        self.volume = VOLUME_DEFAULT
        self.output = None
        self.private = False
        self._token = 0
        self._setting: tuple[str, Path | None] | None = None
        self.clips = ClipVoice([voice_dir(lang)], name="default")
        #: the other languages' clips, read at their first sentence
        self.other_clips: dict[str, ClipVoice] = {}
        self._can_speak: dict[str, bool] = {}
        self.configure("default", None)
        self.find_engine = find_engine
        self.qt_speaker = None   # Windows' voices, made at the first sentence

    def configure(self, voice_pack: str, base_dir: Path | None) -> None:
        """The office's voice set (``voice_pack`` setting, the database's folder)."""
        if self._setting == (voice_pack, base_dir):
            return
        self._setting = (voice_pack, base_dir)
        self.other_clips.clear()
        # every clip read in a pool thread: the office's folder may be on the share
        off_gui(ClipVoice(self.folders(self.lang), name=voice_pack or "default").preload,
                parent=self, done=self._loaded)

    def folders(self, lang: str) -> list[Path]:
        """Where the clips of *lang* are: the office's recordings, then the shipped set."""
        pack, base_dir = self._setting or ("default", None)
        return [*office_voice_folders(pack, lang, base_dir), voice_dir(lang)]

    def _loaded(self, clips: ClipVoice) -> None:
        self.clips = clips

    def engine(self, lang: str | None = None):
        """This PC's in-process voice for *lang* (Windows), made once; None where
        espeak-ng is looked for instead (in the pool thread, :func:`compose`), and while
        speaking privately on an output that is not the PC's default (the in-process
        engine speaks on the default: the hall)."""
        if not self.find_engine or sys.platform != "win32":
            return None
        if self.private:
            from ult_desktop.ui.common.voice.sound import is_default_output

            if not is_default_output(self.output):
                return None
        if self.qt_speaker is None:
            from ult_desktop.ui.common.voice.speech import QtSpeaker

            self.qt_speaker = QtSpeaker(parent=self)
        return self.qt_speaker.voice_for(lang or self.lang)

    def can_speak(self, lang: str) -> bool:
        """Has this PC a voice for *lang*: its clips (shipped) or an engine? (Asked once.)"""
        if lang not in self._can_speak:
            self._can_speak[lang] = lang == self.lang or \
                ClipVoice([voice_dir(lang)]).has_clips() or self.engine(lang) is not None
        return self._can_speak[lang]

    def say(self, text: str, lang: str | None = None) -> None:
        """Say *text* (in *lang*, the speaker's own by default) now: what was being said stops."""
        lang = lang or self.lang
        self._token += 1
        token = self._token
        self.text = text
        self.history.append(text)
        self.spoken.emit(text)
        clips = self.clips if lang == self.lang else \
            self.other_clips.get(lang) or self.folders(lang)
        off_gui(compose, text, lang, clips, self.engine(lang), self.find_engine,
                self.volume, parent=self, done=lambda made: self._play(token, lang, *made))

    def say_lines(self, lines: list[str], lang: str | None = None) -> None:
        """:meth:`say` *lines*, each a sentence (a full stop where none ends it)."""
        self.say(" ".join(line if line[-1:] in ".:?!" else line + "."
                          for line in map(str.strip, lines) if line), lang)

    def _play(self, token: int, lang: str, utterance: Utterance, clips: ClipVoice) -> None:
        if lang != self.lang:
            self.other_clips[lang] = clips
        if token != self._token:
            return  # another sentence was asked for meanwhile
        self.last = utterance
        if self.private and self.output is None:
            return  # the headset is gone: nothing is said to the hall
        if self.player is None:
            from ult_desktop.ui.common.voice.sound import QtSoundPlayer

            self.player = QtSoundPlayer(self)
            self.player.speaker = self.qt_speaker
        if hasattr(self.player, "output"):
            self.player.output = self.output
        self.player(utterance, lambda: None)

    def stop(self) -> None:
        """Silence (the visitor left)."""
        self._token += 1
        self.text = ""
        stop = getattr(self.player, "stop", None)
        if stop is not None:
            stop()
