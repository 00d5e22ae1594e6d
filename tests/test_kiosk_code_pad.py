"""A visitor without a scanner at the kiosk: "Punya kode kunjungan / nomor antrean?" on
the start screen opens a touch keypad; the code typed there goes the scanner's way (a
follow-up visit checks in and prints, a missed visitor reports back), a wrong one is said
in one sentence, and after five wrong codes the kiosk takes none for a while. Real kiosk
window (pytest-qt) on a real office file, taps on the keypad."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt

from tests.drivers import WAIT, make_kiosk, shown_page
from tests.test_followup_visits import _case
from tests.test_kiosk_codes import CODE, _missed, _visit_today
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.kiosk.flow import KEYPAD, MESSAGE, START, TICKET


def _type(qtbot, window, text: str) -> None:
    """Open the keypad from the start screen and tap *text* and OK."""
    pad = window.pad
    qtbot.waitUntil(lambda: window.flow.page == START and pad.button.isVisible() and
                    not window.flow.guarded(), timeout=WAIT)  # a number's guard over
    qtbot.mouseClick(pad.button, Qt.LeftButton)
    assert window.flow.page == KEYPAD and window.view.pages.currentWidget() is pad.page
    for ch in text:
        qtbot.mouseClick(pad.page.keys[ch], Qt.LeftButton)
    assert pad.page.typed.text() == text
    qtbot.mouseClick(pad.page.ok, Qt.LeftButton)


def test_a_follow_up_visitor_types_the_code_on_the_keypad(qtbot, request, db, db_path,
                                                          tmp_path):
    case = _case(db, datetime.now(timezone.utc))
    finish(db, counter=1)
    _visit_today(db, case)
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    shown: list[str] = []
    window.ticket_shown.connect(shown.append)
    _type(qtbot, window, CODE)
    qtbot.waitUntil(lambda: bool(shown) and shown_page(window) == TICKET, timeout=WAIT)
    ticket = queries.get_ticket(db, number=shown[0])
    assert ticket.state is TicketState.WAITING
    assert db.query("SELECT followup_case FROM tickets WHERE id = ?", (ticket.id,))[0][0] == case
    qtbot.waitUntil(lambda: any((tmp_path / "tickets").glob("*.png")), timeout=WAIT)
    # the same code again: already used, said in one sentence
    window.go_start()
    _type(qtbot, window, CODE)
    qtbot.waitUntil(lambda: shown_page(window) == MESSAGE, timeout=WAIT)
    assert shown[0] in window.view.message_page.detail.text()


def test_a_missed_visitor_types_the_number_and_is_in_line_again(qtbot, request, db, db_path,
                                                                tmp_path):
    ticket = issue_ticket(db, service="A")
    _missed(db)
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    assert set("A-") <= set(window.pad._letters() + "-")
    _type(qtbot, window, ticket.number)
    qtbot.waitUntil(lambda: shown_page(window) == MESSAGE, timeout=WAIT)
    assert ticket.number in window.view.message_page.heading.text()
    assert queries.get_ticket(db, number=ticket.number).state is TicketState.WAITING


def test_wrong_codes_are_said_and_five_lock_the_keypad_a_while(qtbot, request, db, db_path,
                                                               tmp_path):
    issue_ticket(db, service="A")
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    page = window.view.message_page
    for i in range(5):
        window.go_start()
        _type(qtbot, window, f"9999999{i}")
        qtbot.waitUntil(lambda: shown_page(window) == MESSAGE and not window.codes.busy,
                        timeout=WAIT)
        assert "Kode tidak dikenal" in page.detail.text()
    assert window.codes.wrong.wait_s() > 0
    window.go_start()
    _type(qtbot, window, "A-001")  # a real number, refused while locked: nothing touched
    assert shown_page(window) == MESSAGE and "Terlalu banyak kode salah" in page.detail.text()
    assert not db.query("SELECT 1 FROM events WHERE kind = 'reported_back'")
    # the keypad's own checks: delete, too short, Batal back to the start
    window.go_start()
    qtbot.mouseClick(window.pad.button, Qt.LeftButton)
    pad = window.pad.page
    for ch in "A-":
        qtbot.mouseClick(pad.keys[ch], Qt.LeftButton)
    qtbot.mouseClick(pad.erase, Qt.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.LeftButton)
    assert window.flow.page == KEYPAD and "Ketik kode" in pad.message.text()
    qtbot.mouseClick(pad.cancel, Qt.LeftButton)
    assert window.flow.page == START and shown_page(window) == START


def test_the_button_and_keypad_speak_english_and_the_next_visitor_indonesian(qtbot, request,
                                                                             db_path, tmp_path):
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    pad = window.pad
    assert pad.button.text() == "Punya kode kunjungan / nomor antrean?"
    qtbot.mouseClick(window.view.lang_button, Qt.LeftButton)
    assert pad.button.text() == "Have a visit code / queue number?"
    qtbot.mouseClick(pad.button, Qt.LeftButton)
    assert pad.page.title.text() == "Type your visit code or queue number"
    assert pad.page.cancel.text() == "Cancel"
    # left alone: back to the start after the kiosk's idle time, in the office's language
    qtbot.waitUntil(lambda: window.flow.page == START and shown_page(window) == START,
                    timeout=WAIT)
    assert pad.button.text() == "Punya kode kunjungan / nomor antrean?"
