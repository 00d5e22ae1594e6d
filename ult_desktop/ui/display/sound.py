"""Playing announcement WAVs through Qt Multimedia (the devices layer only makes them).

:class:`QtSoundPlayer` is the ``play(utterance, done)`` callable the
:class:`~ult_desktop.devices.audio.AnnouncementQueue` needs. The queue calls it from its
own thread; the sound is started on the GUI thread. With no sound device (or no Qt
Multimedia) the call is logged once and reported done at once, so calls keep flowing
on screen and the display never crashes for want of speakers.
"""

from __future__ import annotations

import io
import logging
import wave
from collections.abc import Callable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QElapsedTimer,
    QIODevice,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from ult_desktop.devices.audio import Utterance

log = logging.getLogger(__name__)

STALL_MS = 4000  # no progress this long: the device is stuck, move on


def _name(value) -> str:
    return getattr(value, "name", str(value))


class QtSoundPlayer(QObject):
    """Plays one utterance at a time on the default audio output."""

    _start = Signal(object, object)
    device_missing = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start.connect(self._on_start)
        self._sink = None
        self._buffer: QBuffer | None = None
        self._done: Callable[[], None] | None = None
        self._warned = False
        self.available: bool | None = None
        self._elapsed = QElapsedTimer()
        self._sink_format: tuple[int, int] | None = None
        self._limit_ms = 0
        self._last_pos, self._stalled_since = -1, 0
        self._watch = QTimer(self)
        self._watch.setInterval(100)
        self._watch.timeout.connect(self._check)

    def __call__(self, utterance: Utterance, done: Callable[[], None]) -> None:
        self._start.emit(utterance, done)  # queued to the GUI thread

    def _missing(self, why: str, done: Callable[[], None]) -> None:
        if not self._warned:
            log.warning("no sound output (%s); calls are shown on screen only", why)
            self._warned = True
            self.device_missing.emit()
        self.available = False
        done()

    @Slot(object, object)
    def _on_start(self, utterance: Utterance, done: Callable[[], None]) -> None:
        try:
            from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
        except ImportError:
            return self._missing("Qt Multimedia is not installed", done)
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            return self._missing("no audio output device", done)
        with wave.open(io.BytesIO(utterance.wav)) as wav:
            fmt = QAudioFormat()
            fmt.setSampleRate(wav.getframerate())
            fmt.setChannelCount(wav.getnchannels())
            fmt.setSampleFormat(QAudioFormat.Int16)
            pcm = wav.readframes(wav.getnframes())
        self._finish_current()
        self.available = True
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pcm))
        self._buffer.open(QIODevice.ReadOnly)
        # One sink for the whole session: opening a new audio stream for every call adds
        # a start-up delay on some systems (seen with PulseAudio).
        if self._sink is None or self._sink_format != (fmt.sampleRate(), fmt.channelCount()):
            if self._sink is not None:
                self._sink.stop()
                self._sink.deleteLater()
            self._sink = QAudioSink(device, fmt, self)
            self._sink.setVolume(1.0)  # the utterance already carries the office's volume
            self._sink_format = (fmt.sampleRate(), fmt.channelCount())
        self._done = done
        self._limit_ms = int(utterance.duration_s * 2000) + 10_000
        self._last_pos, self._stalled_since = -1, 0
        self._elapsed.start()
        # Polled rather than connected to stateChanged: PySide cannot convert the
        # QAudio/QtAudio state argument of that signal in some 6.x releases.
        self._watch.start()
        self._sink.start(self._buffer)

    def _check(self) -> None:
        sink, buffer = self._sink, self._buffer
        if sink is None or buffer is None or self._done is None:
            self._watch.stop()
            return
        state, error = _name(sink.state()), _name(sink.error())
        now = self._elapsed.elapsed()
        if buffer.pos() != self._last_pos:
            self._last_pos, self._stalled_since = buffer.pos(), now
        stalled = now - self._stalled_since > STALL_MS
        if state in ("IdleState", "StoppedState") or stalled or now > self._limit_ms:
            if error not in ("NoError", "UnderrunError") or stalled:
                log.warning("sound output %s (%s); continuing with the next call",
                            "stalled" if stalled else "error", error)
            self._finish_current()

    def _finish_current(self) -> None:
        done, self._done = self._done, None
        self._watch.stop()
        if self._sink is not None and done is not None:
            self._sink.reset()  # drop anything left of this call, keep the stream open
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if done is not None:
            done()

    def stop(self) -> None:
        self._finish_current()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
