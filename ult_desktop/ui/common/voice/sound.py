"""Playing announcement WAVs through Qt Multimedia: :class:`QtSoundPlayer` is the ``play``
the ``AnnouncementQueue`` calls; without a device a call is logged once and reported done.
The ``QAudioSink`` is rebuilt when outputs change, the default device differs or a write
stalls :data:`STALL_MS` (a TV off and on drops its HDMI audio and a stream stalls silently)."""

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

from ult_desktop.devices.audio.compose import Utterance

log = logging.getLogger(__name__)

STALL_MS = 4000  # no progress this long: the device is stuck, move on


def _name(value) -> str:
    return getattr(value, "name", str(value))


def device_key(device) -> bytes:
    ident = device.id()
    return bytes(ident.data()) if hasattr(ident, "data") else bytes(ident)


def is_default_output(device) -> bool:
    """Is *device* (a ``QAudioDevice``; None: the default) the PC's default output?"""
    if device is None:
        return True
    try:
        from PySide6.QtMultimedia import QMediaDevices

        return device_key(device) == device_key(QMediaDevices.defaultAudioOutput())
    except (ImportError, AttributeError, TypeError):
        return False


class QtSoundPlayer(QObject):
    """Plays one utterance at a time on the default audio output, or on ``output`` when
    one is set (a visitor's headset)."""

    _start = Signal(object, object)
    device_missing = Signal()
    #: Emitted with the reason each time the audio output is rebuilt (tests, logs).
    rebuilt = Signal(str)

    def __init__(self, parent: QObject | None = None, *, watch_devices: bool = True) -> None:
        super().__init__(parent)
        self._start.connect(self._on_start)
        self._sink = None
        self._buffer: QBuffer | None = None
        self._done: Callable[[], None] | None = None
        self._warned = False
        self.available: bool | None = None
        self._elapsed = QElapsedTimer()
        self._sink_key: tuple | None = None   # (device id, rate, channels)
        self._stale: str | None = None  # why the sink must be rebuilt before the next use
        self._pcm = b""
        self._format: tuple[int, int] = (0, 0)
        self._replayed = False
        self._limit_ms = 0
        self._last_pos, self._stalled_since = -1, 0
        self.rebuilds = 0
        self._watch = QTimer(self, interval=100, timeout=self._check)
        #: Speaks an utterance's ``say`` sentence after its chime (a QtSpeaker), if any.
        self.speaker = None
        #: The device to play on (a ``QAudioDevice``); None: the default output.
        self.output = None
        self._devices = None
        if watch_devices:
            try:
                from PySide6.QtMultimedia import QMediaDevices
            except ImportError:
                pass
            else:
                self._devices = QMediaDevices(self)
                self._devices.audioOutputsChanged.connect(self.outputs_changed)

    # -- the Qt Multimedia boundary ---------------------------------------------------------
    def default_device(self):
        """The default audio output (a ``QAudioDevice``; ``isNull()`` when there is none)."""
        from PySide6.QtMultimedia import QMediaDevices

        return QMediaDevices.defaultAudioOutput()

    def output_device(self):
        """Where the next sound goes: ``output`` if set, else the default output."""
        return self.output if self.output is not None else self.default_device()

    def is_listed(self, device) -> bool:
        """Is *device* among the PC's outputs now? (A headset unplugged is not.)"""
        from PySide6.QtMultimedia import QMediaDevices

        return device_key(device) in {device_key(d) for d in QMediaDevices.audioOutputs()}

    def _gone(self) -> bool:
        """The chosen ``output`` (a headset) is no longer there: its sound must stop, and
        never go to another output (a sink opened on a missing device falls back to the
        default one: the hall)."""
        return self.output is not None and not self.is_listed(self.output)

    def new_sink(self, device, rate: int, channels: int):
        """A ``QAudioSink`` on *device* for 16-bit PCM at *rate* / *channels*."""
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink

        fmt = QAudioFormat()
        fmt.setSampleRate(rate)
        fmt.setChannelCount(channels)
        fmt.setSampleFormat(QAudioFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setVolume(1.0)  # the utterance already carries the office's volume
        return sink

    # -- playing ------------------------------------------------------------------------------
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
        if utterance.say and self.speaker is not None:  # chime first, then the sentence
            finished = done

            def done() -> None:
                self.speaker.say(utterance.say, utterance.say_lang, utterance.say_repeat,
                                 utterance.say_volume, finished)
        try:
            device = self.output_device()
        except ImportError:
            return self._missing("Qt Multimedia is not installed", done)
        if self._gone():
            self._drop_sink()
            return done()
        if device is None or device.isNull():
            if self._sink is not None:  # the TV is off: start afresh when it is back
                self._stale = "device change"
            self._drop_sink()
            return self._missing("no audio output device", done)
        with wave.open(io.BytesIO(utterance.wav)) as wav:
            self._format = (wav.getframerate(), wav.getnchannels())
            self._pcm = wav.readframes(wav.getnframes())
        self._finish_current()
        if self.available is False:
            log.info("sound output is back")
            self._warned = False
        self.available = True
        self._replayed = False
        self._done = done
        self._limit_ms = int(utterance.duration_s * 2000) + 10_000
        self._elapsed.start()
        self._play_current(device)

    def _play_current(self, device=None) -> None:
        device = device if device is not None else self.output_device()
        key = (device_key(device), *self._format)
        # One sink per device and format (a stream per call adds a start-up delay on some
        # systems, e.g. PulseAudio); a new device needs a new sink.
        if self._sink is None or self._stale or key != self._sink_key:
            reason = self._stale or ("device change" if self._sink_key is not None and
                                     key[0] != self._sink_key[0] else
                                     "format" if self._sink is not None else "first call")
            self._drop_sink()
            self._sink = self.new_sink(device, *self._format)
            self._sink_key, self._stale = key, None
            if reason != "first call":
                self.rebuilds += 1
                log.info("audio output rebuilt (%s)", reason)
                self.rebuilt.emit(reason)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._pcm))
        self._buffer.open(QIODevice.ReadOnly)
        self._last_pos, self._stalled_since = -1, self._elapsed.elapsed()
        # Polled rather than connected to stateChanged: PySide cannot convert the
        # QAudio/QtAudio state argument of that signal in some 6.x releases.
        self._watch.start()
        self._sink.start(self._buffer)

    @Slot()
    def outputs_changed(self) -> None:
        """The audio devices changed (TV off/on, headset plugged): rebuild the output; a
        sound playing on a chosen output that went stops there and goes nowhere else."""
        log.info("audio outputs changed; the sound output will be rebuilt")
        self._stale = "device change"
        if self._done is not None:  # a call is playing into the old device: replay it
            device = self.output_device()
            if self._gone():
                self.stop()
            elif device is None or device.isNull():
                self._finish_current()
            else:
                self._play_current(device)

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
        if stalled and not self._replayed:
            log.warning("sound output stalled; rebuilding it and replaying the call")
            self._replayed = True
            self._stale = "stall"
            self._play_current()
            return
        if state in ("IdleState", "StoppedState") or stalled or now > self._limit_ms:
            if error not in ("NoError", "UnderrunError") or stalled:
                log.warning("sound output %s (%s); continuing with the next call",
                            "stalled" if stalled else "error", error)
            if stalled:
                self._stale = "stall"  # the next call gets a fresh output
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

    def _drop_sink(self) -> None:
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
            self._sink_key = None

    def stop(self) -> None:
        self._finish_current()
        self._drop_sink()
