"""Plain PCM sound in one house format: mono, 16 kHz, signed 16-bit samples.

Clips from any source (the shipped pack, an office's own recordings in 44.1 kHz stereo,
a TTS engine) are converted to this format once, so stitching is concatenation. Only the
standard library is used (``wave`` and ``array``)."""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from pathlib import Path

RATE = 16_000
WIDTH = 2
CHANNELS = 1


class AudioFormatError(ValueError):
    """A file is not a PCM WAV file this module can read."""


def _to_int16(raw: bytes, width: int) -> array:
    """Little-endian PCM samples of *width* bytes -> signed 16-bit samples."""
    out = array("h")
    if width == 2:
        out.frombytes(raw)
        if sys.byteorder == "big":
            out.byteswap()
    elif width == 1:  # unsigned 8-bit
        out.extend((b - 128) << 8 for b in raw)
    elif width in (3, 4):
        out.extend(int.from_bytes(raw[i:i + width], "little", signed=True) >> (8 * (width - 2))
                   for i in range(0, len(raw) - width + 1, width))
    else:
        raise AudioFormatError(f"unsupported sample width {width}")
    return out


def _downmix(samples: array, channels: int) -> array:
    if channels == 1:
        return samples
    frames = len(samples) // channels
    return array("h", (sum(samples[i * channels:(i + 1) * channels]) // channels
                       for i in range(frames)))


def resample(samples: array, rate: int, target: int = RATE) -> array:
    """Linear-interpolation resampling; good enough for speech clips."""
    if rate == target or not samples:
        return samples
    n_out = max(1, int(len(samples) * target / rate))
    ratio = rate / target
    last = len(samples) - 1
    out = array("h", bytes(2 * n_out))
    for i in range(n_out):
        pos = i * ratio
        j = int(pos)
        if j >= last:
            out[i] = samples[last]
            continue
        frac = pos - j
        out[i] = int(samples[j] + (samples[j + 1] - samples[j]) * frac)
    return out


def read_wav(source: str | Path | bytes) -> array:
    """Samples of a PCM WAV file (path or bytes), converted to mono 16 kHz 16-bit;
    :raises AudioFormatError: not a readable PCM WAV file."""
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
        with stream, wave.open(stream, "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioFormatError(f"not a PCM WAV file: {exc}") from exc
    return resample(_downmix(_to_int16(raw, width), channels), rate)


def wav_bytes(samples: array, rate: int = RATE) -> bytes:
    """A complete mono 16-bit WAV file holding *samples*."""
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(WIDTH)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())
    return buf.getvalue()


def write_wav(path: str | Path, samples: array, rate: int = RATE) -> None:
    Path(path).write_bytes(wav_bytes(samples, rate))


def silence(ms: float, rate: int = RATE) -> array:
    return array("h", bytes(2 * int(rate * ms / 1000)))


def scale(samples: array, volume: int) -> array:
    """*samples* at *volume* percent (0-100, clamped); 100 returns them unchanged."""
    volume = max(0, min(100, int(volume)))
    if volume == 100:
        return samples
    # Perceived loudness is roughly logarithmic: map 0-100 onto a gentle curve.
    factor = 0.0 if volume == 0 else (volume / 100) ** 2
    return array("h", (int(s * factor) for s in samples))


def tone(freq: float, ms: float, *, amplitude: float = 0.5, decay: float = 4.0,
         rate: int = RATE) -> array:
    """A sine tone with a soft attack and an exponential decay (a bell-like note)."""
    n = int(rate * ms / 1000)
    attack = max(1, int(rate * 0.008))
    peak = 32767 * amplitude
    out = array("h", bytes(2 * n))
    for i in range(n):
        t = i / rate
        env = min(1.0, i / attack) * math.exp(-decay * t)
        # A quiet octave overtone makes the note sound like a chime, not a test tone.
        value = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
        out[i] = int(peak * env * value / 1.3)
    return out


def mix_into(base: array, add: array, offset: int) -> None:
    """Add *add* into *base* starting at sample *offset*, clipping to 16 bits."""
    for i, s in enumerate(add):
        j = offset + i
        if j >= len(base):
            break
        base[j] = max(-32768, min(32767, base[j] + s))
