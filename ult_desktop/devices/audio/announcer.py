"""Office settings -> a ready voice and chime -> utterances for call requests."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ult_desktop.core.spoken import SPOKEN_LANGUAGES, build_announcement
from ult_desktop.devices.audio.chime import chime_path, load_chime
from ult_desktop.devices.audio.compose import Utterance, compose
from ult_desktop.devices.audio.queue import CallRequest
from ult_desktop.devices.audio.voice import (
    ClipVoice,
    SpeechVoice,
    TtsVoice,
    program_voice,
    select_voice,
    voice_folder_problem,
)

log = logging.getLogger(__name__)


class Announcer:
    """Builds the utterance for a call from the office's voice settings.

    :param voice_pack: office setting ``voice_pack`` (``default``, ``tts``, ``clips`` or a
        folder of recordings).
    :param lang: ``announce_language`` (``id`` or ``en``).
    :param repeat: ``announce_repeat``, times the phrase is spoken (1-5).
    :param volume: ``announce_volume``, 0-100.
    :param base_dir: the database's folder; relative voice folders are found there.
    :param tts: the speech engine found for *lang* (:class:`SpeechVoice`/:class:`TtsVoice`),
        False/None for none, True to look for espeak now (slow; never on the database
        worker).
    :param fallback: the engine for words the clips lack (a seated visitor's "an officer
        is coming" in a voice set without those words); None: *tts* when it is an engine,
        else espeak-ng looked for at the first such call (the kiosk's fallback); False:
        none (chime only)."""

    def __init__(self, *, voice_pack: str = "default", lang: str = "id", repeat: int = 1,
                 volume: int = 80, base_dir: Path | None = None,
                 tts: TtsVoice | SpeechVoice | bool | None = False, chime_file: Path | None = None,
                 fallback: TtsVoice | SpeechVoice | bool | None = None) -> None:
        if lang not in SPOKEN_LANGUAGES:
            log.warning("unknown announce language %r; speaking Indonesian", lang)
            lang = "id"
        self.lang = lang
        self.repeat = repeat
        self.volume = volume
        self.chime = load_chime(chime_file if chime_file is not None else chime_path())
        #: why the office's voice folder was refused (never opened), or None
        self.voice_problem = voice_folder_problem(voice_pack, base_dir)
        self.voice: ClipVoice | TtsVoice | SpeechVoice = select_voice(
            voice_pack, lang, base_dir=base_dir, tts=tts)
        log.info("announcements: language %s, voice %s (%s)", lang, self.voice.name,
                 self.voice.kind)
        self.fallback = tts if fallback is None and not isinstance(tts, bool) else fallback

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], **kwargs: Any) -> Announcer:
        """An announcer for the office *settings* dict (``get_settings(db)``)."""
        return cls(voice_pack=str(settings.get("voice_pack", "default")),
                   lang=str(settings.get("announce_language", "id")),
                   repeat=int(settings.get("announce_repeat", 1) or 1),
                   volume=int(settings.get("announce_volume", 80)), **kwargs)

    def prepare(self, request: CallRequest) -> Utterance:
        """The utterance for *request*; chime only if the number cannot be spoken (or
        for the morning check's sound test, kind ``test``)."""
        if request.kind == "test":
            return compose(None, None, chime=self.chime, volume=self.volume)
        try:
            ann = build_announcement(request.number, request.counter, self.lang,
                                     fetch=request.fetch)
        except ValueError as exc:
            log.warning("cannot speak call %s at counter %s (%s); chime only",
                        request.number, request.counter, exc)
            ann = None
        engine = None
        if ann is not None and isinstance(self.voice, ClipVoice) and \
                self.voice.missing(ann.words) and self.fallback is not False:
            engine = self.fallback or program_voice(self.lang)
        return compose(ann, self.voice, chime=self.chime, repeat=self.repeat,
                       volume=self.volume, engine=engine)
