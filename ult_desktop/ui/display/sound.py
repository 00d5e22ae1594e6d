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

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal, Slot

from ult_desktop.devices.audio import Utterance

log = logging.getLogger(__name__)


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
            from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices
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
        sink = QAudioSink(device, fmt, self)
        sink.setVolume(1.0)  # the utterance already carries the office's volume
        self._sink, self._done = sink, done

        def on_state(state) -> None:
            if sink is not self._sink:
                return  # a finished sink reporting its own stop
            error = sink.error()
            if state == QAudio.IdleState or (state == QAudio.StoppedState and
                                             error != QAudio.NoError):
                if error not in (QAudio.NoError, QAudio.UnderrunError):
                    log.warning("sound output error %s", error)
                self._finish_current()

        sink.stateChanged.connect(on_state)
        sink.start(self._buffer)

    def _finish_current(self) -> None:
        sink, done = self._sink, self._done
        self._sink, self._done = None, None
        if sink is not None:
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if done is not None:
            done()

    def stop(self) -> None:
        self._finish_current()
