"""The lobby display's sound survives the TV being switched off and on.

No sound card here: the two Qt Multimedia calls of the player (the default output device
and a new ``QAudioSink``) are replaced by fakes that behave like them; the device change
arrives through the real ``QMediaDevices.audioOutputsChanged`` signal.
"""

from __future__ import annotations

import pytest

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT, FakeDevice, Player
from tests.drivers import WAIT
from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.queue import CallRequest
from ult_desktop.ui.common.voice import sound

pytestmark = pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)


@pytest.fixture(scope="module")
def utterance():
    return Announcer(voice_pack="clips", tts=False).prepare(CallRequest(1, "A-001", 1))


def play(qtbot, player, utterance):
    finished = []
    player(utterance, lambda: finished.append(True))
    qtbot.waitUntil(lambda: player.sinks and player.sinks[-1].buffer is not None)
    return finished


def test_one_output_is_kept_while_the_device_stays(qtbot, utterance):
    player = Player()
    for _ in range(2):
        finished = play(qtbot, player, utterance)
        player.sinks[-1].play_all()
        qtbot.waitUntil(lambda f=finished: f == [True])
    assert len(player.sinks) == 1 and player.rebuilds == 0
    player.stop()


def test_tv_off_and_on_during_a_call_replays_it_on_the_new_device(qtbot, utterance):
    player = Player()
    finished = play(qtbot, player, utterance)
    old = player.sinks[0]
    player.device = FakeDevice(b"hdmi-tv-readded")  # Windows re-adds the HDMI device
    with qtbot.waitSignal(player.rebuilt) as signal:
        player._devices.audioOutputsChanged.emit()  # what QMediaDevices sends
    assert signal.args == ["device change"]
    assert old.stopped
    new = player.sinks[-1]
    assert new.device.ident == b"hdmi-tv-readded" and new.buffer.pos() == 0
    new.play_all()
    qtbot.waitUntil(lambda: finished == [True])
    # the next call goes to the new device without another rebuild
    finished = play(qtbot, player, utterance)
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    assert len(player.sinks) == 2 and player.rebuilds == 1
    player.stop()


def test_a_default_device_swapped_between_calls_gets_a_new_output(qtbot, utterance):
    player = Player()
    finished = play(qtbot, player, utterance)
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.device = FakeDevice(b"speakers")  # no signal seen (e.g. missed while busy)
    finished = play(qtbot, player, utterance)
    assert player.sinks[-1].device.ident == b"speakers"
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.stop()


def test_a_stalled_write_rebuilds_the_output_and_replays_the_call(qtbot, utterance,
                                                                  monkeypatch):
    monkeypatch.setattr(sound, "STALL_MS", 300)
    player = Player()
    finished = play(qtbot, player, utterance)  # the first sink never plays: stalled
    with qtbot.waitSignal(player.rebuilt, timeout=WAIT) as signal:
        pass
    assert signal.args == ["stall"]
    assert len(player.sinks) == 2 and player.sinks[0].stopped
    player.sinks[1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.stop()


def test_a_device_that_stays_dead_gives_up_the_call_and_starts_fresh_next_time(
        qtbot, utterance, monkeypatch):
    monkeypatch.setattr(sound, "STALL_MS", 200)
    player = Player()
    finished = play(qtbot, player, utterance)
    qtbot.waitUntil(lambda: finished == [True], timeout=WAIT)  # replayed once, then given up
    assert len(player.sinks) == 2
    finished = play(qtbot, player, utterance)
    assert len(player.sinks) == 3  # a fresh output for the next call
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.stop()


def test_tv_off_means_no_device_then_back_means_sound_again(qtbot, utterance):
    player = Player()
    finished = play(qtbot, player, utterance)
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.device = FakeDevice(None)  # TV off: no output at all
    gone = []
    player(utterance, lambda: gone.append(True))
    qtbot.waitUntil(lambda: gone == [True])
    assert player.available is False and player.sinks[0].stopped
    player.device = FakeDevice(b"hdmi-tv")
    finished = play(qtbot, player, utterance)
    assert player.available is True and len(player.sinks) == 2
    player.sinks[-1].play_all()
    qtbot.waitUntil(lambda: finished == [True])
    player.stop()


def test_sound_missing_is_added_to_the_title_once(qtbot):
    """L9: a device that goes missing again and again marks the title once."""
    from PySide6.QtWidgets import QWidget

    from ult_desktop.core.i18n import tr
    from ult_desktop.ui.display.window import mark_sound_missing

    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowTitle("ULT")
    for _ in range(3):
        mark_sound_missing(window)
    assert window.windowTitle() == f"ULT — {tr('display.sound_missing')}"
