"""A headset plugged into the kiosk: the spoken mode in it, nothing to the hall; the
visitor's volume keys, and the English screen spoken in English.

The PC's audio outputs are read through the kiosk's one seam (``audio_outputs``): the
test lists them, plugs and unplugs a headset by changing the list, and tells the kiosk
that the outputs changed, as Qt's ``audioOutputsChanged`` does. The sound goes through the
real :class:`QtSoundPlayer` onto fake Qt devices (tests/audio_fakes.py): where each
sentence was played is where its sink was opened."""

from __future__ import annotations

import re
from array import array
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT, FakeDevice, Player
from tests.drivers import FAST, WAIT, make_kiosk, shown_page, tickets_of_day
from tests.test_kiosk_spoken import SLOW, Ear, _services, _ticket
from ult_desktop.core.spoken import VOLUME_DEFAULT, VOLUME_FLOOR, VOLUME_MAX, volume_level
from ult_desktop.devices.audio.pcm import read_wav
from ult_desktop.ui.kiosk.flow import START
from ult_desktop.ui.kiosk.headset import Output

pytestmark = pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)

SPEAKER = Output(b"hall-speaker", "Speakers (Realtek Audio)", FakeDevice(b"hall-speaker"))
HEADSET = Output(b"usb-headset", "Headset Earphone (USB Audio)", FakeDevice(b"usb-headset"))


class RoutedPlayer(Player):
    """The real player on fake devices; ``played``: (device id, sentence) as each starts."""

    def __init__(self):
        super().__init__()
        self.device = SPEAKER.device  # the PC's default output: the hall's loudspeaker
        self.played: list[tuple[bytes, str]] = []

    def _on_start(self, utterance, done):
        self.played.append((self.output_device().id(), utterance.text))
        super()._on_start(utterance, done)


class Outputs:
    """The PC's outputs as the seam lists them; plug/unplug as a visitor does."""

    def __init__(self):
        self.now = [SPEAKER]
        self.kiosk = None

    def __call__(self) -> list[Output]:
        return list(self.now)

    def plug(self, output: Output = HEADSET) -> None:
        self.now.append(output)
        self.kiosk.spoken.control.headset.changed()  # Qt's audioOutputsChanged

    def unplug(self, output: Output = HEADSET) -> None:
        self.now.remove(output)
        self.kiosk.spoken.control.headset.changed()


def _kiosk(qtbot, request, db_path, tmp_path, timings=SLOW):
    outputs = Outputs()
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=timings,
                       audio_outputs=outputs)
    outputs.kiosk = kiosk
    ear = Ear(kiosk)
    player = kiosk.spoken.speaker.player = RoutedPlayer()
    request.addfinalizer(player.stop)
    return kiosk, ear, player, outputs


def test_a_headset_starts_speech_in_it_and_the_hall_hears_nothing_of_the_visit(
        qtbot, request, db, db_path, tmp_path):
    kiosk, ear, player, outputs = _kiosk(qtbot, request, db_path, tmp_path)
    assert not kiosk.spoken.active and player.played == []
    outputs.unplug(SPEAKER)  # the hall's output going and coming back (a monitor asleep)
    outputs.plug(SPEAKER)
    assert not kiosk.spoken.active and kiosk.spoken.control.headset.headset is None
    outputs.plug()
    greeting = ear.wait_for(qtbot, r"^Earphone tersambung, suara hanya terdengar di earphone "
                                   r"Anda\. Selamat datang\. .*Tekan garis miring untuk suara "
                                   r"lebih keras, minus untuk lebih pelan", since=0)
    assert kiosk.spoken.active and kiosk.spoken.control.keys.isVisible()
    qtbot.waitUntil(lambda: bool(player.played), timeout=WAIT)
    assert player.played[0] == (HEADSET.key, greeting.string)
    [(prefix, name)] = list(_services(db).items())[:1]
    since = ear.press(ear.key_for(qtbot, name, since=0))  # a ticket by ear, in the headset
    ear.wait_for(qtbot, rf"^Anda memilih {re.escape(name)}", since=since)
    since = ear.press("enter")
    ticket = _ticket(qtbot, db, ear, since)
    assert ticket.service_prefix == prefix
    qtbot.waitUntil(lambda: player.played[-1][1] == ear.heard[-1], timeout=WAIT)
    assert {device for device, _ in player.played} == {HEADSET.key}  # the hall: nothing
    assert {s.device.id() for s in player.sinks} == {HEADSET.key}


def test_unplugged_mid_visit_speech_stops_at_once_and_the_kiosk_is_at_its_silent_start(
        qtbot, request, db, db_path, tmp_path):
    kiosk, ear, player, outputs = _kiosk(qtbot, request, db_path, tmp_path,
                                         timings=replace(FAST, idle_ms=1500))
    outputs.plug()
    name = _services(db)["B"]
    since = ear.press(ear.key_for(qtbot, name, since=0))
    chosen = ear.wait_for(qtbot, r"^Anda memilih", since=since).string
    qtbot.waitUntil(lambda: player.played[-1:] == [(HEADSET.key, chosen)], timeout=WAIT)
    outputs.unplug()
    played = len(player.played)
    assert shown_page(kiosk) == START and not kiosk.spoken.active  # at once, silent
    assert player.sinks[-1].stopped  # the sentence in the headset: cut
    assert tickets_of_day(db) == [] and not kiosk.spoken.speaker.private
    assert len(player.played) == played  # not a word to the hall
    since = ear.press("+")  # the next visitor, at the keypad: the kiosk's loudspeaker
    ear.wait_for(qtbot, r"^Selamat datang", since=since)
    qtbot.waitUntil(lambda: len(player.played) > played, timeout=WAIT)
    assert player.played[-1][0] == SPEAKER.key


def test_qt_announcing_the_headset_gone_stops_its_sound_and_plays_it_nowhere_else(qtbot):
    """The Windows path: Qt hears WASAPI's device removal and says ``audioOutputsChanged``;
    the sound playing in the headset stops, and no sink opens on another output (a sink
    asked for a missing device falls back to the default one: the hall)."""
    from ult_desktop.devices.audio.announcer import Announcer
    from ult_desktop.devices.audio.queue import CallRequest

    player = RoutedPlayer()
    player.output = HEADSET.device
    sound = Announcer(voice_pack="clips", tts=False).prepare(CallRequest(1, "A-001", 1))
    finished = []
    player(sound, lambda: finished.append(1))
    qtbot.waitUntil(lambda: len(player.sinks) == 1, timeout=WAIT)
    player.unplugged.add(HEADSET.key)
    player.outputs_changed()
    assert finished == [1] and player.sinks[0].stopped
    player(sound, lambda: finished.append(2))  # a sentence after it: nowhere
    qtbot.waitUntil(lambda: finished == [1, 2], timeout=WAIT)
    assert [s.device.id() for s in player.sinks] == [HEADSET.key]


def test_a_headset_plugged_in_after_a_ticket_returns_speech_to_the_next_visitor_default(
        qtbot, request, db, db_path, tmp_path):
    """The visitor turned it up; the next one, headset or keypad, starts at the default."""
    kiosk, ear, player, outputs = _kiosk(qtbot, request, db_path, tmp_path,
                                         timings=replace(SLOW, ticket_ms=300))
    speaker = kiosk.spoken.speaker
    outputs.plug()
    since = ear.press("/")
    ear.wait_for(qtbot, r"^Suara 6 dari 7\.$", since=since)
    name = _services(db)["A"]
    since = ear.press(ear.key_for(qtbot, name, since=0))
    since = ear.press("enter")
    _ticket(qtbot, db, ear, since)
    ear.press("0")  # done: the next visitor
    qtbot.waitUntil(lambda: shown_page(kiosk) == START and not kiosk.spoken.active,
                    timeout=WAIT)
    assert speaker.volume == VOLUME_DEFAULT
    assert speaker.private  # the headset still plugged: still no word to the hall
    outputs.unplug()
    assert not speaker.private
    outputs.plug()  # the next visitor's own headset
    ear.wait_for(qtbot, r"^Earphone tersambung", since=len(ear.heard) - 1)
    assert speaker.volume == VOLUME_DEFAULT


def _level(utterance) -> float:
    """The loudness of a sound: the mean of its samples' magnitudes."""
    samples: array = read_wav(utterance.wav)
    return sum(map(abs, samples)) / max(1, len(samples))


def _welcome(qtbot, ear):
    """The start screen said (+) and the sound made of it."""
    made = len(ear.sounds)
    ear.press("+")
    qtbot.waitUntil(lambda: len(ear.sounds) > made and
                    ear.sounds[-1].text.startswith("Selamat"), timeout=WAIT)
    return ear.sounds[-1]


def test_volume_keys_step_within_bounds_say_the_level_and_reset_for_the_next_visitor(
        qtbot, request, db, db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    speaker = kiosk.spoken.speaker
    speaker.find_engine = False  # the shipped clips alone: the same sound on every PC
    since = ear.start(qtbot)
    start, top = volume_level(VOLUME_DEFAULT)
    for i in range(top - start + 1):  # up to the loudest, and again: it stays there
        since = ear.press("/")
        level = min(start + i + 1, top)
        ear.wait_for(qtbot, rf"^Suara {level} dari {top}" + (", paling keras" if level == top
                                                              else "") + r"\.$", since=since)
    assert speaker.volume == VOLUME_MAX
    loud = _level(_welcome(qtbot, ear))
    for _ in range(10):  # down to the floor, which stays audible
        since = ear.press("-")
        ear.wait_for(qtbot, rf"^Suara \d dari {top}", since=since)
    assert ear.heard[-1] == f"Suara 1 dari {top}, paling pelan."
    assert speaker.volume == VOLUME_FLOOR
    soft = _level(_welcome(qtbot, ear))
    assert 0 < soft < loud
    assert abs(soft / loud - (VOLUME_FLOOR / VOLUME_MAX) ** 2) < 0.01  # pcm.scale's curve
    keys = kiosk.spoken.control.keys  # the same on the spoken mode's screen keys
    assert keys.isVisible() and not kiosk.spoken.listen_button.isVisible()
    since = len(ear.heard)
    qtbot.mouseClick(keys.buttons["louder"], Qt.LeftButton)
    ear.wait_for(qtbot, rf"^Suara 2 dari {top}\.$", since=since)
    qtbot.mouseClick(keys.buttons["again"], Qt.LeftButton)
    ear.wait_for(qtbot, r"^Selamat datang", since=since)
    qtbot.mouseClick(keys.buttons["stop"], Qt.LeftButton)
    assert speaker.text == ""
    since = ear.press("/")
    ear.wait_for(qtbot, rf"^Suara 3 dari {top}\.$", since=since)
    ear.press(".")  # stop, on the keypad
    assert speaker.text == ""
    name = _services(db)["A"]  # the visitor's ticket, then the next visitor
    since = ear.press("+")
    since = ear.press(ear.key_for(qtbot, name, since=since))
    since = ear.press("enter")
    _ticket(qtbot, db, ear, since)
    ear.press("0")
    qtbot.waitUntil(lambda: shown_page(kiosk) == START and not kiosk.spoken.active,
                    timeout=WAIT)
    assert speaker.volume == VOLUME_DEFAULT and not keys.isVisible()
    ear.start(qtbot)
    assert abs(_level(_welcome(qtbot, ear)) / loud - (VOLUME_DEFAULT / VOLUME_MAX) ** 2) < 0.01


def test_the_english_screen_is_spoken_in_english(qtbot, request, db, db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    kiosk.spoken.speaker.find_engine = False  # the shipped clips alone
    since = ear.start(qtbot)
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)  # English, mid-visit: said again
    ear.wait_for(qtbot, r"^Welcome\. Press the number of your choice\. 1, priority service",
                 since=since)
    qtbot.waitUntil(lambda: bool(ear.sounds) and ear.sounds[-1].text.startswith("Welcome"),
                    timeout=WAIT)
    labels = ear.sounds[-1].spoken_labels()
    assert {"welcome", "press", "number", "priority", "service"} <= set(labels)
    assert not {"selamat", "tekan", "layanan"} & set(labels)
    since = ear.press("/")
    ear.wait_for(qtbot, r"^Volume 6 of 7\.$", since=since)
    [(prefix, _name)] = list(_services(db).items())[:1]
    english = kiosk.view.state.services[0].title("en")
    since = ear.press(ear.wait_for(qtbot, rf"\b(\d), {re.escape(english)}, service {prefix}",
                                   since=0)[1])
    ear.wait_for(qtbot, rf"^You chose {re.escape(english)}, service {prefix}, regular queue\. "
                        r"Press 0 or Enter to print the ticket\.", since=since)
    since = ear.press("enter")
    said = ear.wait_for(qtbot, r"^Your queue number is ([A-Z]+-\d+), .*The ticket is printed",
                        since=since)
    assert said[1].startswith(prefix)
    qtbot.waitUntil(lambda: ear.sounds[-1].text == said.string, timeout=WAIT)
    assert {"your", "queue", "number", "ticket", "printed"} <= set(
        ear.sounds[-1].spoken_labels())
    ear.press("0")  # the next visitor: the office's language again, spoken in it
    qtbot.waitUntil(lambda: shown_page(kiosk) == START and kiosk.view.lang == "id",
                    timeout=WAIT)
    since = ear.press("+")
    ear.wait_for(qtbot, r"^Selamat datang", since=since)


def _speech_line(qtbot, db_path, station: str):
    """The morning check's line for *station*'s voices, asked through the record."""
    import threading

    from ult_desktop.app.selftest import office

    done: list = []
    t = threading.Thread(target=lambda: done.append(office.morning_check(
        str(db_path), do_print=False, do_sound=False, station="admin-pc",
        stations_test=("speech",))))
    t.start()
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    t.join()
    return {c.id: c for c in done[0][0].checks}[f"office.speech_test.{station}"]


def test_a_pc_with_no_english_voice_guides_the_english_screen_in_indonesian_and_says_so(
        qtbot, request, db, db_path, tmp_path, monkeypatch):
    """No English recordings and no English engine: the English screen is guided in
    Indonesian, the kiosk says so first (never silently), and the morning check says it."""
    from ult_desktop.core.localpaths import resources_dir

    shipped = resources_dir()
    bare = tmp_path / "resources"
    (bare / "voice").mkdir(parents=True)
    for part in ("sounds", "fonts", "icons", "translations"):
        (bare / part).symlink_to(shipped / part)
    (bare / "voice" / "id").symlink_to(shipped / "voice" / "id")  # Indonesian only
    monkeypatch.setenv("ULT_RESOURCES", str(bare))
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW,
                       station_id="kiosk-tanpa-en")
    ear = Ear(kiosk)
    kiosk.spoken.speaker.find_engine = False  # no espeak-ng, no Windows voice
    line = _speech_line(qtbot, db_path, "kiosk-tanpa-en")
    assert line.status == "fail"
    assert "bahasa Inggris: tidak ada suara" in line.sentence()
    assert "bahasa Indonesia: rekaman saja" in line.sentence()
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)
    since = ear.press("+")
    ear.wait_for(qtbot, r"^Suara bahasa Inggris tidak tersedia, panduan dalam bahasa "
                        r"Indonesia\. Selamat datang\.", since=since)


def test_the_morning_check_names_the_kiosks_voices(qtbot, request, db, db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-bersuara")
    kiosk.spoken.speaker.find_engine = False
    line = _speech_line(qtbot, db_path, "kiosk-bersuara")
    assert line.status == "pass"
    assert "bahasa Indonesia: rekaman saja" in line.sentence()
    assert "bahasa Inggris: rekaman saja, tidak ada suara bahasa Inggris di PC ini" in \
        line.sentence()


def test_the_volume_and_stop_keys_work_in_the_kiosks_survey_too(qtbot, request, db, db_path,
                                                                 tmp_path):
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    since = ear.press("+")
    qtbot.mouseClick(kiosk.view.survey_button, Qt.LeftButton)
    ear.wait_for(qtbot, r"^Survei kepuasan\. Ketik kode", since=since)
    flow = kiosk.survey_page.flow
    QTest.keyClicks(flow.start_page.code_edit, ticket.code)
    QTest.keyClick(flow.start_page.code_edit, Qt.Key_Return)
    since = ear.press("-")
    ear.wait_for(qtbot, r"^Suara 4 dari 7\.$", since=since)
    assert kiosk.spoken.speaker.volume == VOLUME_DEFAULT - 10
    ear.press(".")
    assert kiosk.spoken.speaker.text == ""
    since = ear.press("+")  # the survey's own key: its page said again
    ear.wait_for(qtbot, r"Tekan angka jawaban Anda\. 1, ", since=since)
