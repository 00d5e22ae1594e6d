"""Voices that turn an :class:`~ult_desktop.core.spoken.Announcement` into sound.

* :class:`ClipVoice` (the default): folders of WAV clips named after the tokens, an
  office's own recordings overriding the shipped pack clip by clip.
* :class:`SpeechVoice`: an engine the ui layer drives in-process (Qt Text to Speech, e.g.
  Windows' Indonesian "Andika"); the utterance carries the chime and the sentence text.
* :class:`TtsVoice`: espeak-ng as a program, one process per call (none on Windows).

:func:`select_voice` prefers recordings; finding an engine is slow, so callers do it once."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path

from ult_desktop.core.localpaths import PathProblem, folder_problem, resources_dir
from ult_desktop.devices.audio.pcm import AudioFormatError, read_wav

log = logging.getLogger(__name__)

TTS_TIMEOUT_S = 10.0
# A lobby PC runs the console-less executable: a speech process must not flash a window.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def voice_dir(lang: str) -> Path:
    """The shipped voice set of *lang* (``resources/voice/<lang>``)."""
    return resources_dir() / "voice" / lang


class VoiceUnavailable(RuntimeError):
    """The voice cannot speak this announcement (missing clips, TTS failed)."""


class ClipVoice:
    """A voice pack made of one WAV clip per token, searched across *folders* in order."""

    kind = "clips"

    def __init__(self, folders: Iterable[str | Path], *, name: str = "clips") -> None:
        self.folders = [Path(f) for f in folders]
        self.name = name
        self._index: dict[str, Path] | None = None
        self._cache: dict[str, array] = {}

    def _files(self) -> dict[str, Path]:
        # Case-insensitive: "Loket.WAV" recorded on Windows still matches token "loket".
        if self._index is None:
            index: dict[str, Path] = {}
            for folder in reversed(self.folders):
                if folder.is_dir():
                    for path in folder.iterdir():
                        if path.suffix.lower() == ".wav":
                            index[path.stem.lower()] = path
            self._index = index
        return self._index

    def has_clips(self) -> bool:
        return bool(self._files())

    def missing(self, tokens: Iterable[str]) -> list[str]:
        files = self._files()
        return [t for t in tokens if t.lower() not in files]

    def clip(self, token: str) -> array:
        """Samples of *token*'s clip. :raises VoiceUnavailable: if it is missing or broken."""
        key = token.lower()
        if key not in self._cache:
            path = self._files().get(key)
            if path is None:
                raise VoiceUnavailable(f"voice pack {self.name!r} has no clip for {token!r}")
            try:
                self._cache[key] = read_wav(path)
            except (OSError, AudioFormatError) as exc:
                raise VoiceUnavailable(f"clip {path} unusable: {exc}") from exc
        return self._cache[key]

    def preload(self) -> ClipVoice:
        """Read every clip now (then it speaks with its folders gone: the share away)."""
        for token in list(self._files()):
            try:
                self.clip(token)
            except VoiceUnavailable as exc:
                log.warning("%s", exc)
        return self


class TtsVoice:
    """A system speech engine. *command* is the argv that writes a WAV to ``{out}``."""

    kind = "tts"

    def __init__(self, command: list[str], *, name: str) -> None:
        self.command = command
        self.name = name

    def speak(self, text: str) -> array:
        with tempfile.TemporaryDirectory(prefix="ult-tts-") as tmp:
            out = Path(tmp) / "speech.wav"
            argv = [*(a.replace("{out}", str(out)) for a in self.command), text]
            try:
                subprocess.run(argv, capture_output=True, timeout=TTS_TIMEOUT_S, check=True,
                               creationflags=_NO_WINDOW)
                return read_wav(out)
            except (OSError, subprocess.SubprocessError, AudioFormatError) as exc:
                raise VoiceUnavailable(f"speech engine {self.name} failed: {exc}") from exc


#: A speech engine's speaking time per character, for the queue's wait.
SECONDS_PER_CHAR = 0.075


class SpeechVoice:
    """A speech engine in the player's process. *name*: engine and voice for logs;
    :data:`SECONDS_PER_CHAR`: a speaking-time estimate, so the queue waits long enough."""

    kind = "speech"

    def __init__(self, name: str, lang: str) -> None:
        self.name = name
        self.lang = lang

    def estimate_s(self, text: str) -> float:
        return 1.0 + len(text) * SECONDS_PER_CHAR


_ESPEAK_VOICE = {"id": "id", "en": "en"}


def _espeak_has_voice(exe: str, voice: str) -> bool:
    try:
        done = subprocess.run([exe, f"--voices={voice}"], capture_output=True, text=True,
                              timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split()[1:2] == [voice] for line in done.stdout.splitlines()[1:])


def find_tts(lang: str) -> TtsVoice | None:
    """An espeak voice for *lang*, or None (always None on Windows, where speech goes
    through Qt's engines in-process: :class:`SpeechVoice`). Runs a short process: call it
    once, off the GUI and database threads."""
    if sys.platform == "win32":
        return None
    for exe_name in ("espeak-ng", "espeak"):
        exe = shutil.which(exe_name)
        if exe and _espeak_has_voice(exe, _ESPEAK_VOICE[lang]):
            return TtsVoice([exe, "-v", _ESPEAK_VOICE[lang], "-s", "150", "-w", "{out}"],
                            name=exe_name)
    return None


#: espeak-ng's voice per language, looked for once per process (:func:`program_voice`).
_PROGRAM_VOICES: dict[str, TtsVoice | None] = {}


def program_voice(lang: str) -> TtsVoice | None:
    """:func:`find_tts` once per language and process: the engine for the words no clip
    has (the kiosk's names, the TV's words an office's voice set lacks). Off the GUI and
    database threads."""
    if lang not in _PROGRAM_VOICES:
        _PROGRAM_VOICES[lang] = find_tts(lang)
    return _PROGRAM_VOICES[lang]


def speech_report(folders: dict[str, list[Path]], engines: dict[str, str | None], *,
                  find: bool = True) -> dict[str, tuple[bool, str]]:
    """What a spoken screen can say in each language: lang -> (every fixed word of the
    spoken screens recorded in *folders*, the engine for the rest: *engines*' in-process
    voice, else espeak-ng when *find*; ``""`` none). Lists folders and may run espeak-ng:
    a pool thread."""
    from ult_desktop.core.spoken import prompt_tokens

    report = {}
    for lang, where in folders.items():
        clips = ClipVoice(where)
        recorded = clips.has_clips() and not clips.missing(prompt_tokens(lang))
        engine = engines.get(lang) or ""
        if not engine and find:
            found = program_voice(lang)
            engine = found.name if found is not None else ""
        report[lang] = (recorded, engine)
    return report


def spelled_names(folders: dict[str, list[Path]],
                  names: dict[str, list[str]]) -> dict[str, list[str]]:
    """lang -> the service names (*names*: lang -> names) with a word that has no clip
    in *folders*: said letter by letter where no engine speaks them. Lists folders: a
    pool thread."""
    from ult_desktop.core.spoken import prompt_words

    out = {}
    for lang, where in folders.items():
        clips = ClipVoice(where)
        out[lang] = [name for name in names.get(lang, ())
                     if clips.missing(prompt_words(name, lang)[0])]
    return out


def voice_folder_problem(setting: str, base_dir: Path | None) -> PathProblem | None:
    """Why the ``voice_pack`` folder *setting* must not be opened (a UNC or remote path,
    ``..``), ``None`` for a keyword or an allowed folder."""
    if setting in ("default", "tts", "clips", ""):
        return None
    return folder_problem(setting, str(base_dir) if base_dir is not None else None)


def office_voice_folders(setting: str, lang: str, base_dir: Path | None) -> list[Path]:
    """Folders with an office's own recordings for *setting* (see :func:`select_voice`)."""
    if voice_folder_problem(setting, base_dir) is not None:
        log.warning("voice_pack folder %r refused (not on this PC nor inside the database's "
                    "folder); it is not opened, the default voice is used", setting)
        setting = "default"
    if setting not in ("default", "tts", "clips", ""):
        root = Path(os.path.expanduser(setting))
        if not root.is_absolute() and base_dir is not None:
            root = base_dir / root
        return [root / lang, root]
    return [base_dir / "voice" / lang] if base_dir is not None else []


def select_voice(setting: str, lang: str, *, base_dir: Path | None = None,
                 tts: TtsVoice | SpeechVoice | None | bool = False
                 ) -> ClipVoice | TtsVoice | SpeechVoice:
    """The voice to use for office setting ``voice_pack`` = *setting* in *lang*.

    ``default``/``clips``: ``<base_dir>/voice/<lang>/`` over the shipped pack (speech
    only with no clips at all); ``tts``: the engine *tts* if any, else the clips; else a
    folder of recordings (relative to *base_dir*), or its ``<lang>/`` subfolder. *tts*:
    the engine found, falsy for none, True to look for espeak now (slow)."""
    shipped = voice_dir(lang)
    recorded = office_voice_folders(setting, lang, base_dir)
    clips = ClipVoice([*recorded, shipped], name=setting or "default")
    if setting == "clips" or (setting != "tts" and clips.has_clips()):
        return clips
    engine = find_tts(lang) if tts is True else (tts or None)
    if engine is not None:
        return engine
    if not clips.has_clips():
        log.warning("no voice for language %s: no clips in %s and no speech engine", lang,
                    shipped)
    return clips
