"""Fakes of the two Qt Multimedia calls the display's sound player makes (no sound card
in CI): the default output device and a ``QAudioSink`` that plays only when told."""

from __future__ import annotations

from types import SimpleNamespace

from ult_desktop.ui.common.voice.sound import QtSoundPlayer

#: What Qt Multimedia logs, once per process at its first use, on a machine without a
#: sound server or video acceleration (CI, a container): the optional libraries it looks
#: for and the PulseAudio it cannot reach. Nothing else is let through: use with
#: ``pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)``.
QT_MULTIMEDIA_ABSENT = (
    r"^Couldn't (load|resolve) (pipewire|va)[-.\w() ]*(library|symbols)$",
    r"^PulseAudioService: pa_context_connect\(\) failed",
)


class FakeDevice:
    def __init__(self, ident: bytes | None):
        self.ident = ident

    def isNull(self) -> bool:
        return self.ident is None

    def id(self) -> bytes:
        return self.ident or b""


class FakeSink:
    """A QAudioSink that plays only when told (``play_all``), or never (a dead device)."""

    def __init__(self, device: FakeDevice):
        self.device = device
        self.buffer = None
        self.stopped = False
        self._state = "StoppedState"

    def start(self, buffer) -> None:
        self.buffer = buffer
        self._state = "ActiveState"

    def play_all(self) -> None:
        self.buffer.readAll()
        self._state = "IdleState"

    def state(self):
        return SimpleNamespace(name=self._state)

    def error(self):
        return SimpleNamespace(name="NoError")

    def reset(self) -> None:
        self._state = "StoppedState"

    def stop(self) -> None:
        self.stopped = True
        self._state = "StoppedState"

    def deleteLater(self) -> None:
        pass


class Player(QtSoundPlayer):
    def __init__(self):
        super().__init__()
        self.device = FakeDevice(b"hdmi-tv")
        self.sinks: list[FakeSink] = []
        self.unplugged: set[bytes] = set()  # the ids of outputs gone from the PC

    def default_device(self):
        return self.device

    def is_listed(self, device) -> bool:
        return device.id() not in self.unplugged

    def new_sink(self, device, rate, channels):
        sink = FakeSink(device)
        self.sinks.append(sink)
        return sink
