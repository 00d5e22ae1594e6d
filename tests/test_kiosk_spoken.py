"""The spoken kiosk: a visitor who cannot see the screen takes the right ticket alone.

The audio-only runs never read the screen: they follow the text of what the kiosk says
(``speaker.spoken``) and press keys on the keypad, as a blind visitor does.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.drivers import FAST, WAIT, make_kiosk, tickets_of_day, update_service
from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import GROUPS
from ult_desktop.db import queries
from ult_desktop.db.errors import UltError

#: a blind visitor listens longer than the kiosk's idle time in the other tests
SLOW = replace(FAST, idle_ms=60_000)
KEYS = {str(n): getattr(Qt, f"Key_{n}") for n in range(10)}


class Ear:
    """What a visitor hears: each sentence's text, and the sound the kiosk made of it."""

    def __init__(self, kiosk):
        self.kiosk = kiosk
        self.heard: list[str] = []
        self.sounds = []
        speaker = kiosk.spoken.speaker
        speaker.spoken.connect(self.heard.append)
        speaker.player = lambda utterance, done: (self.sounds.append(utterance), done())

    def press(self, key: str) -> int:
        """Press *key*; the index of the first sentence said after it."""
        since = len(self.heard)
        self._key(key)
        return since

    def _key(self, key: str) -> None:
        QTest.keyClick(self.kiosk, {"+": Qt.Key_Plus, "*": Qt.Key_Asterisk, "/": Qt.Key_Slash,
                                    "-": Qt.Key_Minus, ".": Qt.Key_Period,
                                    "enter": Qt.Key_Enter}.get(key) or KEYS[key])

    def wait_for(self, qtbot, pattern: str, *, since: int) -> re.Match:
        """The first sentence said after *since* that matches *pattern*."""
        found: list[re.Match] = []

        def said() -> bool:
            for text in self.heard[since:]:
                m = re.search(pattern, text)
                if m:
                    found.append(m)
                    return True
            return False

        try:
            qtbot.waitUntil(said, timeout=WAIT)
        except Exception:
            raise AssertionError(f"{pattern!r} not said; heard: {self.heard[since:]}") from None
        return found[0]

    def key_for(self, qtbot, name: str, *, since: int) -> str:
        """The number said with option *name*."""
        return self.wait_for(qtbot, rf"\b(\d), {re.escape(name)}(?:, layanan [A-Z]+)?\.",
                             since=since)[1]

    def start(self, qtbot) -> int:
        """A new visitor presses + until the welcome is said (a number said before
        leaves with 0 first)."""
        def welcomed() -> bool:
            self.press("0")
            n = self.press("+")
            return any(t.startswith("Selamat datang") for t in self.heard[n:])

        qtbot.waitUntil(welcomed, timeout=WAIT)
        return len(self.heard) - 1


def _landed(db, number: str):
    try:
        return queries.get_ticket(db, number=number)
    except UltError:
        return None


def _ticket(qtbot, db, ear, since: int):
    """The number said back once printed, and its ticket in the office's file."""
    m = ear.wait_for(qtbot, r"Nomor antrean Anda ([A-Z]+-\d+), .*Tiket sudah tercetak",
                     since=since)
    qtbot.waitUntil(lambda: _landed(db, m[1]) is not None, timeout=WAIT)
    return _landed(db, m[1])


def _services(db) -> dict[str, str]:
    return {r["prefix"]: r["name"] for r in db.query(
        "SELECT prefix, name FROM services WHERE active = 1 ORDER BY sort_order, prefix")}


def test_a_blind_visitor_takes_each_service_and_each_priority_group_by_ear(
        qtbot, request, db, db_path, tmp_path):
    from tests.drivers import sit_at

    sit_at(db, 3, "dewi")  # the priority counter serves: her ticket names it
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    services = _services(db)
    assert len(services) >= 3
    for prefix, name in services.items():  # a regular ticket of every service
        since = ear.start(qtbot)
        since = ear.press(ear.key_for(qtbot, name, since=since))
        ear.wait_for(qtbot, rf"^Anda memilih {re.escape(name)}, layanan {prefix}, antrean umum\. "
                            r"Tekan 0 atau Enter untuk mencetak tiket\.", since=since)
        since = ear.press("enter")
        ticket = _ticket(qtbot, db, ear, since)
        assert (ticket.service_prefix, ticket.priority) == (prefix, False)
        assert "Silakan menunggu di kursi ruang tunggu" in ear.heard[-1]
    prefixes = list(services)
    for i, group in enumerate(GROUPS):  # a priority ticket for every group
        prefix = prefixes[i % len(prefixes)]
        since = ear.start(qtbot)
        since = ear.press(ear.wait_for(qtbot, r"\b(\d), layanan prioritas",
                                       since=since)[1])
        since = ear.press(ear.key_for(qtbot, tr(f"kiosk.group.{group}", "id"), since=since))
        ear.wait_for(qtbot, r"^Tekan angka layanan Anda\.", since=since)
        since = ear.press(ear.key_for(qtbot, services[prefix], since=since))
        said = ear.wait_for(qtbot, rf"^Anda memilih {re.escape(services[prefix])}, layanan "
                                   rf"{prefix}, "
                                   r"prioritas: (.+?)\.", since=since)
        assert said[1] == tr(f"kiosk.group.{group}", "id").lower()
        since = ear.press("enter")
        ticket = _ticket(qtbot, db, ear, since)
        assert (ticket.service_prefix, ticket.priority, ticket.priority_group) == (
            prefix, True, group)
        assert re.search(r"Anda akan dipanggil ke loket \d", ear.heard[-1])
    assert len(tickets_of_day(db)) == len(services) + len(GROUPS)
    # every sentence played was made into sound with the office's clips (a sentence cut by
    # the next key press is never played: the start menu is heard out to the end)
    since = ear.start(qtbot)
    ear.wait_for(qtbot, r"\b(\d), layanan prioritas", since=since)

    def words() -> set[str]:
        return {label for u in ear.sounds for label, _, _ in u.parts}
    qtbot.waitUntil(lambda: "prioritas" in words(), timeout=20_000)
    assert ear.sounds and all(u.duration_s > 1 for u in ear.sounds)
    assert {"tekan", "nomor", "antrean", "loket", "prioritas"} <= words()


def test_a_kiosk_with_no_indonesian_voice_still_says_every_service(qtbot, request, db,
                                                                   db_path, tmp_path):
    """A Windows PC with no Indonesian voice (and no espeak-ng): every word of each
    service's own name is a shipped clip (or spelt by its letters), and each service is
    also said by its queue letter: a blind visitor tells them apart and chooses by ear."""
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    kiosk.spoken.speaker.find_engine = False  # the shipped clips only
    services = _services(db)
    since = ear.start(qtbot)
    qtbot.waitUntil(lambda: any(u.text.startswith("Selamat datang") for u in ear.sounds),
                    timeout=WAIT)
    welcome = next(u for u in reversed(ear.sounds) if u.text.startswith("Selamat datang"))
    labels = [label for label, _, _ in welcome.parts]
    for n, prefix in enumerate(services, start=2):  # 1 is the priority path
        said = ear.key_for(qtbot, services[prefix], since=since)
        assert said == str(n)
        i = labels.index(prefix)  # "<n>, <name>, layanan <letter>"
        assert labels[i - 2] == "layanan", labels
    assert welcome.unsaid == ()  # no word of a name left out
    assert {"informasi", "umum", "tunjangan", "profesi", "pak", "dapodik",
            "helpdesk"} <= set(labels)


def test_a_blind_visitor_asks_by_keys_alone_to_wait_seated_and_be_fetched(
        qtbot, request, db, db_path, tmp_path):
    """On the priority path the check before printing offers waiting seated and Deaf as
    options said with their number (also when one service is open), the choice is said
    back with them, and after printing the visitor is told to stay seated: an officer
    comes, no counter to walk to."""
    from ult_desktop.core.priority import DEAF, ELDERLY, SEAT

    services = _services(db)
    for prefix in list(services)[1:]:  # one service open: the question is still asked
        update_service(db, prefix, active=0)
    [(prefix, name)] = list(services.items())[:1]
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    qtbot.waitUntil(lambda: list(kiosk.view.start_page.buttons) == [prefix], timeout=WAIT)
    since = ear.start(qtbot)
    since = ear.press(ear.wait_for(qtbot, r"\b(\d), layanan prioritas", since=since)[1])
    since = ear.press(ear.key_for(qtbot, tr(f"kiosk.group.{ELDERLY}", "id"), since=since))
    since = ear.press(ear.key_for(qtbot, name, since=since))
    chosen = rf"^Anda memilih {re.escape(name)}, layanan [A-Z]+, prioritas: lanjut usia"
    ear.wait_for(qtbot, chosen + r"\. Tekan 0 atau Enter untuk mencetak tiket\. Bila perlu: ",
                 since=since)
    seat = ear.key_for(qtbot, "menunggu duduk, dijemput petugas", since=since)
    deaf = ear.key_for(qtbot, "tuli atau sulit mendengar", since=since)
    since = ear.press(deaf)  # said back with the choice, and how to undo it
    ear.wait_for(qtbot, chosen + r", tuli atau sulit mendengar\. .*"
                 rf"{deaf}, tuli atau sulit mendengar, sudah dipilih\. "
                 rf"Tekan {deaf} lagi untuk membatalkan\.", since=since)
    since = ear.press(deaf)  # undone
    ear.wait_for(qtbot, chosen + r"\. Tekan 0", since=since)
    since = ear.press(seat)
    ear.wait_for(qtbot, chosen + r", menunggu duduk, petugas akan menjemput anda\. "
                 r"Tekan 0 atau Enter untuk mencetak tiket\. .*"
                 rf"{seat}, menunggu duduk, dijemput petugas, sudah dipilih\.", since=since)
    assert tickets_of_day(db) == []  # nothing printed before it is confirmed
    since = ear.press("enter")
    ticket = _ticket(qtbot, db, ear, since)
    assert (ticket.service_prefix, ticket.priority, ticket.priority_group) == (
        prefix, True, ELDERLY)
    assert SEAT in ticket.assist and DEAF not in ticket.assist
    said = ear.heard[-1]
    assert "Silakan tetap duduk di kursi ruang tunggu, tidak perlu ke loket: petugas akan " \
           "menjemput Anda." in said
    assert "menuju" not in said and not re.search(r"dipanggil ke loket \d", said)
    words = {label for u in ear.sounds for label, _, _ in u.parts}
    assert {"duduk", "menjemput", "petugas"} <= words  # the office's voice set, no engine


def test_back_on_the_keypad_and_nothing_printed_without_confirming(qtbot, request, db,
                                                                   db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    name = _services(db)["B"]
    since = ear.start(qtbot)
    since = ear.press(ear.key_for(qtbot, name, since=since))
    ear.wait_for(qtbot, r"^Anda memilih", since=since)
    since = ear.press("*")  # back: the services are said again, nothing was issued
    ear.wait_for(qtbot, r"^Selamat datang", since=since)
    assert tickets_of_day(db) == []
    since = ear.press("9")  # no option 9: the screen is said again
    ear.wait_for(qtbot, r"^Selamat datang", since=since)
    assert tickets_of_day(db) == []


def test_a_long_press_anywhere_says_the_screen_and_touches_nothing(qtbot, request, db,
                                                                    db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    tile = kiosk.view.start_page.buttons["A"]
    QTest.mousePress(tile, Qt.LeftButton)
    qtbot.waitUntil(lambda: any(t.startswith("Selamat datang") for t in ear.heard),
                    timeout=WAIT)
    QTest.mouseRelease(tile, Qt.LeftButton)
    assert not tile.isDown()
    qtbot.mouseClick(kiosk.spoken.listen_button, Qt.LeftButton)  # the Dengar key
    qtbot.waitUntil(lambda: len(ear.heard) >= 2, timeout=WAIT)
    assert ear.heard[-1].startswith("Selamat datang")
    # a touch in the spoken mode is said back before anything is printed
    qtbot.mouseClick(tile, Qt.LeftButton)
    qtbot.waitUntil(lambda: ear.heard[-1].startswith("Anda memilih"), timeout=WAIT)
    assert tickets_of_day(db) == []


def test_speech_keeps_working_with_the_share_gone(qtbot, request, db, db_path, tmp_path):
    """The office's own recordings (``voice/id/`` beside the database, on the share: here
    the word of a service's name) are read into memory when the kiosk connects: with that
    folder gone the kiosk still says the screen with them."""
    import shutil

    from ult_desktop.devices.audio.voice import voice_dir

    office = db_path.parent / "voice" / "id"
    office.mkdir(parents=True)
    shutil.copy(voice_dir("id") / "layanan.wav", office / "zonasi.wav")  # its own word
    update_service(db, "C", name="Zonasi")  # a word the shipped voice has no clip for
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    kiosk.spoken.speaker.find_engine = False  # no espeak-ng: the clips alone
    ear = Ear(kiosk)
    speaker = kiosk.spoken.speaker
    qtbot.waitUntil(lambda: speaker.clips.folders[0] == office, timeout=WAIT)
    shutil.rmtree(office)  # the share went away
    ear.press("+")
    qtbot.waitUntil(lambda: bool(ear.sounds), timeout=WAIT)
    assert {"selamat", "tekan", "pilihan", "zonasi"} <= set(ear.sounds[-1].spoken_labels())


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_large_text_and_high_contrast_keep_everything_whole(qtbot, request, db, db_path,
                                                            tmp_path, size):
    from tests.test_screens_fit import LONG_NAMES
    from ult_desktop.db.house.office import save_service
    from ult_desktop.ui.common.fit import fully_visible
    from ult_desktop.ui.kiosk.widgets import TileButton

    for prefix, long_name in LONG_NAMES.items():
        save_service(db, prefix=prefix, name=long_name)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, size=size, timings=SLOW)
    Ear(kiosk)  # no sound card here
    qtbot.waitUntil(lambda: kiosk.view.start_page.buttons["A"].title == LONG_NAMES["A"],
                    timeout=WAIT)
    normal = kiosk.view.start_page.title.font().pixelSize()
    qtbot.mouseClick(kiosk.spoken.large_button, Qt.LeftButton)
    assert kiosk.view.large
    assert kiosk.view.start_page.title.font().pixelSize() >= normal * 1.25

    def whole(page: str) -> list[str]:
        """What is still cut on the page shown once the layout settled (a second)."""
        seen: list[list[str]] = []
        try:
            qtbot.waitUntil(lambda: not seen.append(cut_now(page)) and seen[-1] == [],
                            timeout=1000)
        except Exception:  # still cut: say what
            pass
        return seen[-1]

    def cut_now(page: str) -> list[str]:
        """What is cut: a tile's text, a button or a text out of view, a label's text
        taller or wider than the label."""
        kiosk.grab()  # paints the tiles
        cut = [f"{page}:{t.cut}" for t in kiosk.findChildren(TileButton)
               if t.isVisible() and t.cut]
        for w in [*kiosk.view.findChildren(QPushButton), *kiosk.view.findChildren(QLabel)]:
            if not w.isVisible() or not w.text():
                continue
            if not fully_visible(w):
                cut.append(f"{page}:{w.objectName() or w.text()[:20]} out of view")
            elif isinstance(w, QLabel) and (
                    w.heightForWidth(w.width()) > w.height() if w.wordWrap()
                    else w.sizeHint().width() > w.width() or
                    w.fontMetrics().height() > w.contentsRect().height()):
                cut.append(f"{page}:{w.objectName() or w.text()[:20]} cut")
        return cut

    assert whole("start") == []
    qtbot.mouseClick(kiosk.spoken.large_button, Qt.LeftButton)  # back to normal, and again
    assert not kiosk.view.large
    assert [c for c in whole("normal") if "out of view" in c] == []  # the two keys fit too
    qtbot.mouseClick(kiosk.spoken.large_button, Qt.LeftButton)
    kiosk.spoken.listen()
    QTest.keyClick(kiosk, Qt.Key_1)  # the priority path
    qtbot.waitUntil(lambda: kiosk.view.pages.currentIndex() == 1, timeout=WAIT)
    assert whole("groups") == []
    QTest.keyClick(kiosk, Qt.Key_1)
    assert whole("services") == []
    QTest.keyClick(kiosk, Qt.Key_1)
    QTest.keyClick(kiosk, Qt.Key_1)  # waiting seated: said back on the check, and shown
    assert kiosk.view.priority_page.seat.isChecked()
    assert whole("confirm") == []
    QTest.keyClick(kiosk, Qt.Key_Enter)
    qtbot.waitUntil(lambda: kiosk.flow.print_outcome is not None, timeout=WAIT)
    assert whole("ticket") == []


def test_the_kiosks_survey_is_said_and_answered_by_keypad_in_large_text(
        qtbot, request, db, db_path, tmp_path):
    from ult_desktop.core import skm
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, timings=SLOW)
    ear = Ear(kiosk)
    qtbot.mouseClick(kiosk.spoken.large_button, Qt.LeftButton)
    since = ear.press("+")
    qtbot.mouseClick(kiosk.view.survey_button, Qt.LeftButton)
    ear.wait_for(qtbot, r"^Survei kepuasan\. Ketik kode", since=since)
    flow = kiosk.survey_page.flow
    assert flow.large and "background:#000000" in flow.stack.styleSheet()
    since = len(ear.heard)
    QTest.keyClicks(flow.start_page.code_edit, ticket.code)
    QTest.keyClick(flow.start_page.code_edit, Qt.Key_Return)
    for _field in skm.PROFILE:
        ear.wait_for(qtbot, r"Tekan angka jawaban Anda\. 1, ", since=since)
        since = ear.press("1")
    for i in range(skm.ELEMENT_COUNT):
        ear.wait_for(qtbot, rf"^Pertanyaan {i + 1} dari 9\.", since=since)
        since = ear.press("3")
    ear.wait_for(qtbot, r"^Saran", since=since)
    since = ear.press("enter")
    ear.wait_for(qtbot, r"^Terima kasih", since=since)
    assert [a["answers"] for a in flow.queue._load()["answers"]] == [[3] * 9]


def _whole(kiosk) -> bool:
    """Nothing on the ticket page cut or out of view."""
    from ult_desktop.ui.common.fit import fully_visible

    tp = kiosk.view.ticket_page
    kiosk.grab()
    return all(fully_visible(w) and (not isinstance(w, QLabel) or w.wordWrap() or
                                     w.fontMetrics().height() <= w.contentsRect().height())
               for w in (tp.number, tp.service, tp.go_to, tp.assist_note, tp.status, tp.done)
               if w.isVisible() and (not isinstance(w, QLabel) or w.text()))


@pytest.mark.parametrize("priority", [False, True])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (768, 1366)])
def test_large_text_makes_the_ticket_number_larger_not_smaller(qtbot, request, db_path,
                                                                tmp_path, size, priority):
    """"Aa Besar" on the ticket page: the number grows (it once halved on a 1366x768
    landscape kiosk), a priority ticket's too, and nothing on the page is cut or out of
    view; on a 1366x768 kiosk, either way up, it is strictly larger once laid out."""
    from tests.drivers import service_button, shown_page
    from ult_desktop.ui.kiosk.flow import TICKET

    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, size=size, timings=SLOW)
    Ear(kiosk)
    if priority:  # the longest priority page: the counter to go to and both notes
        qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
        pp = kiosk.view.priority_page
        qtbot.mouseClick(pp.group_buttons["elderly"], Qt.LeftButton)
        qtbot.mouseClick(pp.deaf, Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "A", priority=priority), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    tp = kiosk.view.ticket_page
    qtbot.waitUntil(lambda: _whole(kiosk), timeout=WAIT)
    normal = tp.number.font().pixelSize()
    kiosk.spoken.large_button.setChecked(True)
    assert kiosk.view.large
    assert tp.number.font().pixelSize() >= normal
    qtbot.waitUntil(lambda: _whole(kiosk), timeout=WAIT)
    qtbot.wait(50)  # any later fitting of the laid-out card has run
    qtbot.waitUntil(lambda: _whole(kiosk), timeout=WAIT)
    large = tp.number.font().pixelSize()
    assert large >= normal, (normal, large)  # once laid out, too
    if size in ((1366, 768), (768, 1366)):
        assert large > normal, (normal, large)


def test_the_device_test_names_the_service_names_that_would_be_spelt(tmp_path):
    """The morning check's speech line of a kiosk with the shipped clips only: a name
    with a word not recorded is named (the office records it); the others are not."""
    from ult_desktop.devices.audio.voice import spelled_names, voice_dir
    from ult_desktop.ui.kiosk.headset import speech_answer

    folders = {"id": [voice_dir("id")]}
    names = {"id": ["Layanan Informasi Umum", "Zonasi Sekolah", "Dapodik & Helpdesk"]}
    spelled = spelled_names(folders, names)
    assert spelled == {"id": ["Zonasi Sekolah"]}
    ok, sentence = speech_answer({"id": (True, "")}, spelled)
    assert ok
    assert sentence.endswith("; " + tr("selftest.office.speech_spelled", names="Zonasi Sekolah",
                                       language=tr("selftest.office.speech_lang.id")))
    assert "dieja huruf demi huruf" in sentence and "Zonasi Sekolah" in sentence
    assert "dieja" not in speech_answer({"id": (True, "espeak-ng")}, spelled)[1]


def test_the_next_visitor_finds_the_large_text_key_in_the_offices_language(
        qtbot, request, db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    large = kiosk.spoken.large_button
    assert large.text() == tr("speak.large", "id")
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)  # a visitor reads English
    assert large.text() == tr("speak.large", "en") != tr("speak.large", "id")
    kiosk.go_start()  # the visitor left: every text back in the office's language
    assert kiosk.view.lang == "id" and large.text() == tr("speak.large", "id")
