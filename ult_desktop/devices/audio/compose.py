"""Stitch chime + spoken phrase (repeated) into one WAV utterance."""

from __future__ import annotations

import logging
from array import array
from dataclasses import dataclass, field

from ult_desktop.core.spoken import Announcement
from ult_desktop.devices.audio.pcm import RATE, scale, silence, wav_bytes
from ult_desktop.devices.audio.voice import ClipVoice, SpeechVoice, TtsVoice, VoiceUnavailable

log = logging.getLogger(__name__)

AFTER_CHIME_MS = 250
BETWEEN_REPEATS_MS = 900
MAX_REPEAT = 5


@dataclass
class Utterance:
    """A ready-to-play announcement.

    ``parts`` lists (label, start_s, end_s) of each piece in playing order: ``chime``,
    then clip tokens (or ``tts``), with ``gap``/``pause``/``repeat`` silences between.
    ``speech`` is False when only the chime could be produced.
    """

    wav: bytes
    duration_s: float
    parts: list[tuple[str, float, float]] = field(default_factory=list)
    announcement: Announcement | None = None
    voice: str = ""
    speech: bool = True
    #: For a :class:`SpeechVoice`: the sentence the player speaks after the WAV (the
    #: chime), ``say_repeat`` times, in ``say_lang`` at ``say_volume`` percent.
    say: str = ""
    say_lang: str = ""
    say_repeat: int = 0
    say_volume: int = 100

    def spoken_labels(self) -> list[str]:
        return [label for label, _, _ in self.parts
                if label not in ("chime", "gap", "pause", "repeat", "lead")]


def compose(ann: Announcement | None, voice: ClipVoice | TtsVoice | SpeechVoice | None, *,
            chime: array,
            repeat: int = 1, volume: int = 100) -> Utterance:
    """Chime, then the phrase *repeat* times, at *volume* percent, as one WAV.

    Speech that cannot be produced (missing clips, failing TTS, no voice) leaves the chime
    alone and logs a warning: the call is still signalled.
    """
    repeat = max(1, min(MAX_REPEAT, int(repeat)))
    pieces: list[tuple[str, array]] = [("chime", chime), ("lead", silence(AFTER_CHIME_MS))]
    speech = False
    say = ""
    if ann is not None and isinstance(voice, SpeechVoice):
        say, speech = ann.tts_text, True  # spoken by the player after the chime
    elif ann is not None and voice is not None:
        try:
            phrase = voice.render(ann)
        except VoiceUnavailable as exc:
            log.warning("announcement %s at counter %s: chime only (%s)",
                        ann.number, ann.counter, exc)
        else:
            speech = True
            for i in range(repeat):
                if i:
                    pieces.append(("repeat", silence(BETWEEN_REPEATS_MS)))
                pieces += phrase
    samples = array("h")
    parts: list[tuple[str, float, float]] = []
    for label, chunk in pieces:
        start = len(samples) / RATE
        samples.extend(chunk)
        parts.append((label, start, len(samples) / RATE))
    samples = scale(samples, volume)
    duration = len(samples) / RATE
    if say:
        spoken = voice.estimate_s(say) * repeat + BETWEEN_REPEATS_MS / 1000 * (repeat - 1)
        parts.append(("say", duration, duration + spoken))
        duration += spoken
    return Utterance(wav=wav_bytes(samples), duration_s=duration, parts=parts,
                     announcement=ann, voice=getattr(voice, "name", ""), speech=speech,
                     say=say, say_lang=getattr(ann, "lang", ""),
                     say_repeat=repeat if say else 0, say_volume=volume)
