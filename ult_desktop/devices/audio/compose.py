"""Stitch chime + spoken phrase (repeated) into one WAV utterance."""

from __future__ import annotations

import logging
from array import array
from dataclasses import dataclass, field

from ult_desktop.core.spoken import Announcement, prompt_words, speakable
from ult_desktop.devices.audio.pcm import RATE, scale, silence, wav_bytes
from ult_desktop.devices.audio.voice import ClipVoice, SpeechVoice, TtsVoice, VoiceUnavailable

log = logging.getLogger(__name__)

#: Silence between a call's words, and at its pauses (after the number).
WORD_GAP_MS = 40
BREAK_MS = 260
AFTER_CHIME_MS = 250
BETWEEN_REPEATS_MS = 900
MAX_REPEAT = 5


@dataclass
class Utterance:
    """A ready-to-play announcement. ``parts``: (label, start_s, end_s) in playing order
    (``chime``, clip tokens or ``tts``, ``gap``/``pause``/``repeat`` silences);
    ``speech`` is False when only the chime could be produced."""

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
    #: For a spoken screen (:func:`compose_prompt`): the sentence written, and the words
    #: no clip and no speech engine could say (left out of the sound).
    text: str = ""
    unsaid: tuple[str, ...] = ()

    def spoken_labels(self) -> list[str]:
        return [label for label, _, _ in self.parts
                if label not in ("chime", "gap", "pause", "repeat", "lead")]


def compose(ann: Announcement | None, voice: ClipVoice | TtsVoice | SpeechVoice | None, *,
            chime: array,
            repeat: int = 1, volume: int = 100,
            engine: TtsVoice | SpeechVoice | None = None) -> Utterance:
    """Chime, then the phrase *repeat* times, at *volume* percent, as one WAV. Words the
    clips lack are said by *engine* as in :func:`compose_prompt`; speech that cannot be
    made leaves the chime alone (logged): the call is still signalled."""
    repeat = max(1, min(MAX_REPEAT, int(repeat)))
    pieces: list[tuple[str, array]] = [("chime", chime), ("lead", silence(AFTER_CHIME_MS))]
    speech = False
    say = ""
    gaps = ann is not None and isinstance(voice, ClipVoice) and engine is not None and \
        bool(voice.missing(ann.words))
    if gaps and isinstance(engine, SpeechVoice):
        voice = engine  # the whole sentence in the engine's voice
    if ann is not None and isinstance(voice, SpeechVoice):
        say, speech = ann.tts_text, True  # spoken by the player after the chime
    elif ann is not None and voice is not None:
        try:
            if isinstance(voice, TtsVoice):
                phrase = [("tts", voice.speak(ann.tts_text))]
            else:  # clips, a run of words they lack said by *engine* (*gaps*)
                lacking = voice.missing(ann.words)
                if lacking and not gaps:
                    raise VoiceUnavailable(f"voice pack {voice.name!r} lacks clips for {lacking}")
                phrase, unsaid = _phrase(ann.words, ann.breaks, voice, engine, ann.lang,
                                         WORD_GAP_MS)
                if unsaid:
                    raise VoiceUnavailable(f"no clip nor engine for {unsaid}")
        except VoiceUnavailable as exc:
            log.warning("announcement %s at counter %s: chime only (%s)",
                        ann.number, ann.counter, exc)
        else:
            speech = True
            for i in range(repeat):
                if i:
                    pieces.append(("repeat", silence(BETWEEN_REPEATS_MS)))
                pieces += phrase
    samples, parts = _stitch(pieces, volume)
    duration = len(samples) / RATE
    if say:
        spoken = voice.estimate_s(say) * repeat + BETWEEN_REPEATS_MS / 1000 * (repeat - 1)
        parts.append(("say", duration, duration + spoken))
        duration += spoken
    return Utterance(wav=wav_bytes(samples), duration_s=duration, parts=parts,
                     announcement=ann, voice=getattr(voice, "name", ""), speech=speech,
                     say=say, say_lang=getattr(ann, "lang", ""),
                     say_repeat=repeat if say else 0, say_volume=volume)


#: Between the words of a spoken screen: the clips carry 30 ms of air each side already,
#: and a visitor listens to whole menus (a call's 40 ms would add seconds).
PROMPT_GAP_MS = 5

#: Sentences a program engine already spoke: a kiosk says the same menu many times a day.
_SPOKEN_RUNS: dict[tuple[str, str], array] = {}


def compose_prompt(text: str, lang: str, clips: ClipVoice | None,
                   engine: TtsVoice | SpeechVoice | None = None, *,
                   volume: int = 100) -> Utterance:
    """A spoken screen (*text*) as one WAV, no chime: the office's clips where it has
    them; a run of words without a clip is said by a program *engine* (espeak-ng), or the
    whole sentence by an in-process one (:class:`SpeechVoice`); with neither, a missing
    word is spelt out by its letters' clips (only a word that cannot even be spelt is
    left out, and named in ``unsaid``)."""
    words, breaks = prompt_words(text, lang)
    missing = clips.missing(words) if clips is not None else words
    if missing and isinstance(engine, SpeechVoice):
        say = speakable(text, lang)
        return Utterance(wav=wav_bytes(silence(40)), duration_s=engine.estimate_s(say),
                         parts=[("say", 0.0, engine.estimate_s(say))], voice=engine.name,
                         say=say, say_lang=lang, say_repeat=1, say_volume=volume, text=text)
    pieces, unsaid = _phrase(words, breaks, clips, engine, lang, PROMPT_GAP_MS)
    samples, parts = _stitch(pieces, volume)
    return Utterance(wav=wav_bytes(samples), duration_s=len(samples) / RATE, parts=parts,
                     voice=getattr(clips, "name", ""), speech=bool(parts), text=text,
                     unsaid=tuple(unsaid))


def _phrase(words, breaks, clips: ClipVoice | None, engine, lang: str,
            gap_ms: int) -> tuple[list[tuple[str, array]], list[str]]:
    """(label, samples) of *words*: a clip per word where *clips* has one, a run of words
    without one said by a program *engine* (``tts:<run>``); and the words left unsaid."""
    missing = set(clips.missing(words)) if clips is not None else set(words)
    pieces: list[tuple[str, array]] = []
    unsaid: list[str] = []
    i = 0
    while i < len(words):
        if pieces:
            gap = BREAK_MS if i in breaks else gap_ms
            pieces.append(("pause" if i in breaks else "gap", silence(gap)))
        if words[i] not in missing:
            pieces.append((words[i], clips.clip(words[i])))
            i += 1
            continue
        j = i
        while j < len(words) and words[j] in missing and (j == i or j not in breaks):
            j += 1
        run = " ".join(words[i:j])
        spoken = _engine_says(engine, speakable(run, lang)) if engine is not None else None
        if spoken is not None:
            pieces.append(("tts:" + run, spoken))
        else:  # no engine: each word spelt by its letters' clips, never left out silently
            for k, word in enumerate(words[i:j]):
                letters = spelt(word, clips)
                if letters is None:
                    unsaid.append(word)
                    continue
                if k:
                    pieces.append(("gap", silence(gap_ms)))
                pieces.append(("spell:" + word, letters))
            if pieces and pieces[-1][0] in ("gap", "pause"):
                pieces.pop()
        i = j
    return pieces, unsaid


def spelt(word: str, clips: ClipVoice | None) -> array | None:
    """*word* said letter by letter from the clips of the letters' names (the shipped
    voice has every one); None when a character has no clip (a digit, a symbol)."""
    letters = [c.upper() for c in word]
    if clips is None or not letters or any(not c.isalpha() for c in letters) \
            or clips.missing(letters):
        return None
    out = array("h")
    for n, letter in enumerate(letters):
        if n:
            out.extend(silence(PROMPT_GAP_MS))
        out.extend(clips.clip(letter))
    return out


def _engine_says(engine: TtsVoice | SpeechVoice, run: str) -> array | None:
    if not isinstance(engine, TtsVoice):
        return None
    key = (engine.name, run)
    if key not in _SPOKEN_RUNS:
        try:
            _SPOKEN_RUNS[key] = _trimmed(engine.speak(run))
        except VoiceUnavailable as exc:
            log.warning("spoken screen: %r not said (%s)", run, exc)
            return None
    return _SPOKEN_RUNS[key]


def _trimmed(samples: array, floor: int = 400) -> array:
    """An engine's sentence without the silence it pads around it (clips have none)."""
    loud = [i for i in range(len(samples)) if abs(samples[i]) > floor]
    if not loud:
        return samples
    return samples[max(0, loud[0] - RATE // 50):loud[-1] + RATE // 50]


def _stitch(pieces: list, volume: int) -> tuple[array, list[tuple[str, float, float]]]:
    """The *pieces* (label, samples) one after the other at *volume*, and where each
    label starts and ends (seconds)."""
    samples = array("h")
    parts: list[tuple[str, float, float]] = []
    for label, chunk in pieces:
        start = len(samples) / RATE
        samples.extend(chunk)
        parts.append((label, start, len(samples) / RATE))
    return scale(samples, volume), parts
