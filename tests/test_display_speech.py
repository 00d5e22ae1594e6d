"""Speech through Qt Text to Speech, clips by default, no process per call.

Qt's own "mock" speech engine (shipped with Qt Text to Speech for exactly this) stands in
for Windows' OneCore engine: it lists English voices and no Indonesian one, speaks word
by word on timers, and reports Speaking/Ready like a real engine.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT, Player
from tests.drivers import WAIT
from ult_desktop.core.spoken import build_announcement
from ult_desktop.devices.audio import voice as voice_module
from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.chime import synth_chime
from ult_desktop.devices.audio.compose import compose
from ult_desktop.devices.audio.queue import CallRequest
from ult_desktop.devices.audio.voice import SpeechVoice, select_voice
from ult_desktop.ui.common.voice import speech as voices_module
from ult_desktop.ui.common.voice.speech import QtSpeaker

pytestmark = pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)


@pytest.fixture
def no_processes(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a process was started: {args[:1]}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)


def test_qt_speaker_finds_voices_per_language(qtbot):
    speaker = QtSpeaker(engines=("mock",))
    assert speaker.engine_name == "mock"
    assert speaker.voice_for("en") is not None
    assert speaker.voice_for("id") is None  # the mock has no Indonesian: clips then
    assert speaker.voice_for("en").name.startswith("qt-mock:")


def test_recorded_clips_are_the_default_even_with_a_speech_engine():
    engine = SpeechVoice("qt-winrt:Microsoft Andika", "id")
    assert select_voice("default", "id", tts=engine).kind == "clips"
    assert select_voice("tts", "id", tts=engine) is engine
    assert select_voice("tts", "id", tts=None).kind == "clips"  # no voice on this PC


def test_speech_voice_utterance_is_the_chime_then_the_sentence(no_processes):
    engine = SpeechVoice("qt-winrt:Microsoft Andika", "id")
    utt = compose(build_announcement("A-012", 2, "id"), engine, chime=synth_chime(),
                  repeat=2, volume=70)
    assert utt.speech and utt.say.startswith("Nomor antrean")
    assert (utt.say_lang, utt.say_repeat, utt.say_volume) == ("id", 2, 70)
    assert [p[0] for p in utt.parts] == ["chime", "lead", "say"]
    assert utt.duration_s > 1.5 + 2 * engine.estimate_s(utt.say)  # the queue waits for it


def test_windows_never_starts_powershell_for_speech(monkeypatch, no_processes):
    monkeypatch.setattr(sys, "platform", "win32")
    assert voice_module.find_tts("id") is None


def test_player_speaks_after_the_chime_in_process(qtbot, no_processes):
    speaker = QtSpeaker(engines=("mock",))
    player = Player()
    player.speaker = speaker
    announcer = Announcer(voice_pack="tts", lang="en", tts=speaker.voice_for("en"))
    utt = announcer.prepare(CallRequest(1, "B-020", 3))
    assert utt.say
    finished = []
    player(utt, lambda: finished.append(True))
    qtbot.waitUntil(lambda: player.sinks and player.sinks[-1].buffer is not None)
    player.sinks[-1].play_all()  # the chime has played
    from PySide6.QtTextToSpeech import QTextToSpeech
    qtbot.waitUntil(lambda: speaker._tts.state() == QTextToSpeech.State.Speaking,
                    timeout=WAIT)
    assert finished == []  # still speaking: the next call waits
    qtbot.waitUntil(lambda: finished == [True], timeout=WAIT)
    player.stop()


def _thread_ident(db) -> int:
    return threading.get_ident()


def test_voice_check_runs_once_off_the_gui_thread_never_on_the_database_worker(
        qtbot, db_path, tmp_path, monkeypatch):
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.open import open_database
    from ult_desktop.ui.display.window import DisplayWindow

    calls: list[str] = []

    def fake_find_tts(lang):
        calls.append((lang, threading.get_ident()))
        return None

    monkeypatch.setattr(voices_module, "find_tts", fake_find_tts)
    monkeypatch.setattr(voice_module, "find_tts", fake_find_tts)
    played = []
    w = DisplayWindow(db_path, station_id="test-display", tts=True, poll_ms=50,
                      player=lambda utt, done: (played.append(utt), done()),
                      media_dir=tmp_path / "none")
    try:
        qtbot.waitUntil(lambda: w.announcer is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: w.voice_finder.checked, timeout=WAIT)
        worker = []
        w.station.run(_thread_ident, done=worker.append)
        qtbot.waitUntil(lambda: bool(worker), timeout=WAIT)
        first = w.announcer
        db = open_database(db_path, station="test", mode="admin")
        try:
            set_settings(db, voice_pack="tts")
        finally:
            db.close()
        qtbot.waitUntil(lambda: w.announcer is not first, timeout=WAIT)
        assert [lang for lang, _ in calls] == ["id", "en"]  # once, on one pool thread
        assert len({ident for _, ident in calls}) == 1
        assert calls[0][1] not in (threading.main_thread().ident, worker[0])
    finally:
        w.shutdown()
        w.deleteLater()


def test_speech_engine_is_rebuilt_whenever_the_sound_output_is(qtbot):
    """M2: an engine keeps the device it opened; when the player rebuilds its output (TV
    off and on), the speaker makes a new engine on the current default output."""
    player = Player()
    speaker = QtSpeaker(engines=("mock",))
    player.speaker = speaker
    player.rebuilt.connect(speaker.rebuild)
    first = speaker._tts
    player.rebuilt.emit("outputs changed")
    assert speaker._tts is not None and speaker._tts is not first
    assert speaker.engine_name == "mock" and speaker.voice_for("en") is not None
