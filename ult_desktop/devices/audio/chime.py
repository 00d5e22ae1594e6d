"""The attention chime: three descending bell notes, synthesised in pure Python.

The shipped ``resources/sounds/chime.wav`` is made by this function (see
``scripts/make_voice_pack.py``); if that file is missing or unreadable the chime is
synthesised on the fly, so a call is never silent."""

from __future__ import annotations

import logging
from array import array
from functools import lru_cache
from pathlib import Path

from ult_desktop.core.localpaths import resources_dir
from ult_desktop.devices.audio.pcm import AudioFormatError, mix_into, read_wav, silence, tone

log = logging.getLogger(__name__)

# G5, E5, C5: the familiar "ding-dong-dong" of Indonesian offices and stations.
_NOTES = ((783.99, 0), (659.25, 380), (523.25, 760))
CHIME_MS = 1700


def chime_path() -> Path:
    """The shipped chime (``resources/sounds/chime.wav``)."""
    return resources_dir() / "sounds" / "chime.wav"


def synth_chime() -> array:
    """A 1.7 s chime as house-format samples."""
    out = silence(CHIME_MS)
    for freq, start_ms in _NOTES:
        note = tone(freq, CHIME_MS - start_ms, amplitude=0.42, decay=3.2)
        mix_into(out, note, int(16 * start_ms))
    return out


@lru_cache(maxsize=4)
def load_chime(path: Path | None) -> array:
    """The chime from *path*, or the synthesised chime if there is no usable file."""
    if path is not None:
        try:
            return read_wav(path)
        except (OSError, AudioFormatError) as exc:
            log.warning("chime file %s unusable (%s); using the built-in chime", path, exc)
    return synth_chime()
