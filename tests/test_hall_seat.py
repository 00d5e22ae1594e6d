"""Served at the seat and Deaf visitors seen (db.visit.hall): the kiosk's choices, the paper,
the counter's notice and buttons, the TV (no walk-up expected, a longer and stronger
flash), and every one of them on the monthly page *Layanan ramah kelompok rentan*."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.drivers import WAIT, child, login, make_kiosk, press, service_button, shown_page
from ult_desktop.app.print_service import ticket_print_data
from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import DEAF, ELDERLY, LARGE, SEAT, SPOKEN
from ult_desktop.core.ticket_layout import BigNumber, Line, build_layout
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import (
    DEAF_MARKED,
    FETCHED,
    INTERPRETER_REQUESTED,
    call_next,
    finish,
    mark_fetched,
    recall,
    request_interpreter,
    set_deaf,
    skip,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import hall
from ult_desktop.ui.kiosk.flow import TICKET


def _landed(db, number: str):
    return [tuple(r) for r in db.query("SELECT assist FROM tickets WHERE number = ?",
                                       (number,))]


def test_a_visitor_asks_to_be_fetched_and_is_never_a_no_show_meanwhile(
        qtbot, request, db, db_path, tmp_path, station_window, open_display, player):
    tv = open_display(flash_ms=40)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    pp = kiosk.view.priority_page
    qtbot.mouseClick(pp.group_buttons[ELDERLY], Qt.LeftButton)
    qtbot.mouseClick(pp.seat, Qt.LeftButton)  # "I will wait seated, please fetch me"
    assert pp.seat.isChecked()
    qtbot.mouseClick(service_button(kiosk, "B", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    page = kiosk.view.ticket_page
    assert page.assist_note.text() == "Silakan duduk, petugas akan menjemput Anda"
    paper = build_layout(ticket_print_data(None, kiosk.flow.issued.ticket))
    assert "Silakan duduk, petugas akan menjemput Anda" in [
        e.text for e in paper if isinstance(e, Line | BigNumber)]
    qtbot.waitUntil(lambda: _landed(db, "P-001") == [(SEAT,)], timeout=WAIT)
    kiosk.go_start()  # the next visitor starts without it
    qtbot.waitUntil(kiosk.flow.leave_ticket, timeout=WAIT)
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(pp.group_buttons[ELDERLY], Qt.LeftButton)
    assert not pp.seat.isChecked()
    kiosk.go_start()

    desk = station_window("counter-prioritas")
    login(qtbot, desk, "sari", 3)
    waiting = child(desk, "waiting_list")
    qtbot.waitUntil(lambda: waiting.rowCount() == 1 and "Jemput di kursi" in
                    waiting.text(0, 3), timeout=WAIT)
    press(qtbot, child(desk, "btn_call_next"))
    card = desk.queue.card
    qtbot.waitUntil(lambda: card.assist.notice.text() == tr("counter.assist.fetching"),
                    timeout=WAIT)
    assert not child(desk, "btn_skip").isEnabled()  # fetched, never skipped meanwhile
    assert child(desk, "btn_skip").toolTip() == tr("counter.skip.fetching")
    assert not child(desk, "btn_fetched").isHidden()
    # the TV: the number, and that an officer is coming (no "go to counter 3")
    qtbot.waitUntil(lambda: "PETUGAS MENJEMPUT" in tv.call_panel.texts(), timeout=WAIT)
    assert tv.call_panel.texts()[1] == "P-001" and "LOKET 3" not in tv.call_panel.texts()
    # ... and says so: the number and that an officer is coming, in the office's clips
    qtbot.waitUntil(lambda: bool(player.utterances), timeout=WAIT)
    said = player.utterances[-1]
    assert said.announcement.text == ("Nomor antrean P satu, silakan tetap duduk, petugas "
                                      "akan datang ke kursi Anda.")
    assert said.spoken_labels() == ["nomor", "antrean", "P", "satu", "silakan", "tetap",
                                     "duduk", "petugas", "akan", "datang", "ke", "kursi",
                                     "anda"]

    press(qtbot, child(desk, "btn_fetched"))
    qtbot.waitUntil(lambda: desk.status.label.text() == "P-001 dijemput dari kursinya.",
                    timeout=WAIT)
    qtbot.waitUntil(lambda: child(desk, "btn_skip").isEnabled(), timeout=WAIT)
    assert child(desk, "btn_fetched").isHidden()
    assert card.assist.notice.text().startswith("🪑 Dijemput pukul ")
    [(at, data)] = db.query("SELECT at, data FROM events WHERE kind = ?", (FETCHED,))
    assert "minutes" in json.loads(data)
    ticket = queries.get_ticket(db, number="P-001")
    assert ticket.fetched_at is not None and not ticket.fetching
    qtbot.waitUntil(lambda: "PETUGAS MENJEMPUT" not in tv.call_panel.texts(), timeout=WAIT)
    assert "LOKET 3" in tv.call_panel.texts()


def test_the_tvs_words_for_a_seated_visitor_without_a_clip_go_to_the_speech_engine(
        tmp_path):
    """An office's voice set without "duduk" (or English, with no "coming" clip): those
    words are said by the speech engine the kiosk uses for a service's name, the rest
    with the clips; never "go to counter"."""
    import shutil

    from ult_desktop.core.spoken import build_announcement
    from ult_desktop.devices.audio.announcer import Announcer
    from ult_desktop.devices.audio.chime import synth_chime
    from ult_desktop.devices.audio.compose import compose
    from ult_desktop.devices.audio.pcm import silence
    from ult_desktop.devices.audio.queue import CallRequest
    from ult_desktop.devices.audio.voice import ClipVoice, TtsVoice, voice_dir

    class Engine(TtsVoice):  # a speech engine that says each run as a short tone
        def __init__(self):
            super().__init__([], name="engine")
            self.said: list[str] = []

        def speak(self, text):
            self.said.append(text)
            tone = silence(200)
            tone[::2] = type(tone)("h", [3000] * len(tone[::2]))
            return tone

    office = tmp_path / "pack"  # the office's own recordings, "duduk" not among them
    shutil.copytree(voice_dir("id"), office)
    (office / "duduk.wav").unlink()
    engine = Engine()
    utt = compose(build_announcement("P-001", 3, fetch=True), ClipVoice([office]),
                  chime=synth_chime(), engine=engine)
    assert utt.speech and "tts:duduk" in utt.spoken_labels()
    assert "loket" not in utt.spoken_labels() and engine.said == ["duduk"]
    seated = CallRequest(1, "P-001", 3, fetch=True)
    english = Announcer(lang="en", tts=False, fallback=engine).prepare(seated)
    assert english.announcement.text == ("Queue number P one, please stay seated, an officer "
                                         "is coming to your seat.")
    assert english.speech and "tts:coming" in english.spoken_labels()
    assert {"officer", "your", "seat"} <= set(english.spoken_labels())
    assert "counter" not in english.spoken_labels()
    # no engine at all: the chime, as any call whose words cannot be said
    assert not Announcer(lang="en", tts=False, fallback=False).prepare(seated).speech


def test_a_deaf_visitor_is_waved_at_and_flashed_longer(
        qtbot, request, db, db_path, tmp_path, station_window, open_display):
    tv = open_display(flash_ms=40)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    page = kiosk.view.ticket_page
    assert page.deaf.isVisible() and page.deaf.text() == "Saya tuli / sulit mendengar"
    qtbot.mouseClick(page.deaf, Qt.LeftButton)  # said on the number's page
    qtbot.waitUntil(lambda: tr("kiosk.deaf.ticket") in page.assist_note.text(), timeout=WAIT)
    assert not page.deaf.isVisible()
    assert _landed(db, "A-001") == [(DEAF,)]

    desk = station_window("counter-satu")
    login(qtbot, desk, "budi", 1)
    press(qtbot, child(desk, "btn_call_next"))
    card = desk.queue.card
    qtbot.waitUntil(lambda: card.assist.notice.text() ==
                    "🧏 Pengunjung tuli/sulit mendengar: lambaikan tangan atau hampiri",
                    timeout=WAIT)
    assert child(desk, "btn_skip").isEnabled()  # a Deaf visitor is not fetched
    # the TV: a stronger flash (white and red, a thick frame), more than twice as long
    qtbot.waitUntil(lambda: tv.call_panel.call is not None and tv.call_panel.strong,
                    timeout=WAIT)
    turn = tv.spotlight.turns[-1]
    assert turn.call.number == "A-001"
    assert turn.needed_s == tv.spotlight.hold_ms(turn.call) / 1000 > 2 * 0.040 * 5
    assert tv.call_panel.texts()[0] == tr("display.deaf")

    press(qtbot, child(desk, "btn_interpreter"))  # juru bahasa isyarat
    qtbot.waitUntil(lambda: desk.status.label.text() ==
                    "Permintaan juru bahasa isyarat untuk A-001 dicatat.", timeout=WAIT)
    assert len(db.query("SELECT id FROM events WHERE kind = ?",
                        (INTERPRETER_REQUESTED,))) == 1
    press(qtbot, child(desk, "btn_deaf"))  # not Deaf after all: the officer clears it
    qtbot.waitUntil(lambda: card.assist.notice.isHidden(), timeout=WAIT)
    assert _landed(db, "A-001") == [(None,)]
    assert child(desk, "btn_deaf").text() == tr("counter.action.deaf")


def test_an_officer_marks_a_visitor_deaf_at_the_desk(db):
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    ticket = set_deaf(db, number="A-001", deaf=True, officer_id=2)
    assert DEAF in ticket.assist
    [(data,)] = db.query("SELECT data FROM events WHERE kind = ?", (DEAF_MARKED,))
    assert json.loads(data)["by"] == "officer"
    # the next call of the number carries it to the TV
    recall(db, counter=1)
    [(data,)] = db.query("SELECT data FROM events WHERE kind = 'recalled'")
    assert json.loads(data)["assist"] == [DEAF]


def test_only_a_visitor_waiting_at_the_seat_is_fetched(db):
    import pytest

    from ult_desktop.db.errors import RuleViolation

    issue_ticket(db, service="A")
    call_next(db, counter=1)
    with pytest.raises(RuleViolation) as refused:
        mark_fetched(db, number="A-001")
    assert str(refused.value) == "A-001 tidak sedang menunggu dijemput di kursi."


def test_every_help_and_seat_side_event_is_on_the_monthly_page(db, tmp_path):
    """Help calls, seats asked and fetched, spoken and large-text tickets, Deaf flags
    (the visitor's and the officer's) and interpreter requests: counted on the page
    *Layanan ramah kelompok rentan* (data, PDF) and in the evidence pack."""
    from datetime import date, datetime, timedelta, timezone

    from pypdf import PdfReader

    from tests.conftest import clear_of_midnight
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import build_pdf

    now = clear_of_midnight(datetime.now(timezone.utc))
    for minutes in (4, 6):
        call = hall.request_help(db, now=now - timedelta(minutes=minutes))
        hall.answer_help(db, event_id=call, officer_id=2, now=now)
    first = issue_ticket(db, service="B", priority_group="lansia",
                         assist={SEAT, SPOKEN}, now=now)
    issue_ticket(db, service="B", priority_group="disabilitas",
                 assist={SEAT, DEAF, LARGE}, now=now)
    issue_ticket(db, service="A", assist={LARGE}, now=now)
    issue_ticket(db, service="A", now=now)
    call_next(db, counter=3, now=now + timedelta(minutes=1))
    mark_fetched(db, number=first.number, officer_id=2, now=now + timedelta(minutes=4))
    finish(db, counter=3, now=now + timedelta(minutes=9))
    call_next(db, counter=3, now=now + timedelta(minutes=10))
    mark_fetched(db, number="P-002", officer_id=2, now=now + timedelta(minutes=12))
    request_interpreter(db, number="P-002", officer_id=2, now=now + timedelta(minutes=13))
    call_next(db, counter=1, now=now + timedelta(minutes=11))
    set_deaf(db, number="A-001", deaf=True, officer_id=2, now=now + timedelta(minutes=12))

    day = date.fromisoformat(first.day)
    data = collect(db, day, day)
    aids = {key: (n, median) for key, n, median in data.vulnerable_aids()}
    assert aids == {
        "report.vulnerable.help": (2, 5.0),
        "report.vulnerable.seat": (2, None),
        "report.vulnerable.fetched": (2, 2.5),        # 3 and 2 minutes from the call
        "report.vulnerable.spoken": (1, None),
        "report.vulnerable.large": (2, None),
        "report.vulnerable.deaf": (2, None),          # the kiosk's and the officer's
        "report.vulnerable.deaf_officer": (1, None),
        "report.vulnerable.interpreter": (1, None),
    }
    out = build_pdf(db, day, day, tmp_path / "r.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    page = text[text.index("Layanan ramah kelompok rentan"):]
    for key, (n, _) in aids.items():
        assert f"{tr(key)} {n}" in " ".join(page.split()), key

    from ult_desktop.reports.evidence import _rentan

    item = _rentan(db, day.year, "id", collect(db, date(day.year, 1, 1),
                                               date(day.year, 12, 31)))
    rows = {r[0]: r[1] for r in item.rows}
    assert rows[tr("report.vulnerable.fetched")] == "2"
    assert rows[tr("report.vulnerable.interpreter")] == "1"


def test_a_visitor_being_fetched_is_never_a_no_show_on_any_road(db, db_path):
    """The counter screen greys out Lewati while the officer walks to the seat; the rule
    is the ticket's, so the library and ``ult-desktop skip`` refuse it with the same
    sentence, and once fetched the visitor may be skipped like any other."""
    import pytest

    from tests.conftest import run_cli
    from ult_desktop.db.errors import RuleViolation

    issue_ticket(db, service="B", priority_group=ELDERLY, assist=(SEAT,))
    called = call_next(db, counter=3)
    assert called.fetching
    with pytest.raises(RuleViolation) as refused:
        skip(db, counter=3)
    assert str(refused.value) == (f"{called.number} menunggu dijemput di kursinya, bukan "
                                  "tidak hadir: jemput dulu, lalu tekan Dijemput.")
    cli = run_cli("skip", "--db", str(db_path), "--counter", "3")
    assert cli.returncode == RuleViolation.exit_code, cli.stdout + cli.stderr
    assert "menunggu dijemput di kursinya" in cli.stdout + cli.stderr
    assert queries.get_ticket(db, number=called.number).state.value == "called"
    mark_fetched(db, number=called.number)
    assert skip(db, counter=3).state.value == "skipped"
