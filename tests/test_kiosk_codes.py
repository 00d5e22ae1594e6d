"""Codes at the kiosk: a QR scanner types a code and Enter on the start screen. A
follow-up visit's code checks the visitor in on the day (a number, printed); a missed
visitor's ticket code reports back (in line again after the office's numbers). The table
of acts lets a kiosk make that one move of a ticket not its own, and no other: ``check``
(a real process) names nothing for it, and names a kiosk calling a visitor."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, make_kiosk, shown_page
from tests.test_acts_judged import check_json, refused_acts
from tests.test_followup_visits import _case
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import call_next, finish, recall
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.kiosk import jobs
from ult_desktop.ui.kiosk.flow import MESSAGE, TICKET

CODE = "24681357"


def _missed(db, counter: int = 1) -> None:
    call_next(db, counter=counter)
    for _ in range(3):
        recall(db, counter=counter)


def _visit_today(db, case: int) -> None:
    """The visit booked for today, whatever day the test runs (the booking's own rules:
    tests/test_followup_visits.py)."""
    from ult_desktop.db.queue.rows import survey_code_hash

    today = db.query("SELECT max(day) FROM tickets")[0][0]
    db.write(lambda conn: conn.execute(
        "UPDATE cases SET visit_day = ?, visit_opens = '00:00', visit_closes = '23:59', "
        "visit_code = ? WHERE id = ?", (today, survey_code_hash(conn, CODE), case)))


def _scan(qtbot, window, text: str) -> None:
    qtbot.keyClicks(window, text)
    qtbot.keyClick(window, Qt.Key_Return)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def test_a_missed_visitor_reports_back_at_the_kiosk_and_the_judge_holds_it(office, db_path):
    kiosk, counter = office["kiosk"], office["c1"]
    ticket = issue_ticket(kiosk, service="A")
    issue_ticket(counter, service="A")  # another's ticket: the kiosk's move all the same
    _missed(counter)
    answer = jobs.code_at_kiosk(kiosk, f"https://ult.example/skm?t={ticket.code}")
    assert answer.back is not None and answer.back.state is TicketState.WAITING
    assert answer.after == 1  # one other waits: after her, not the rule's three
    with pytest.raises(Exception) as twice:  # once a day at the kiosk: an officer decides
        jobs.code_at_kiosk(kiosk, ticket.code)
    assert getattr(twice.value, "key", "") == "error.not_missed"
    kinds = [r[0] for r in kiosk.query(
        "SELECT data FROM events WHERE kind = 'reported_back'")]
    assert '"via":"kiosk"' in kinds[0].replace(" ", "")
    code, report = check_json(db_path)
    assert code == 0, report["reconcile"]["differences"]
    # the one move: a kiosk calling a visitor is still named
    assert call_next(kiosk, counter=1) is not None
    code, report = check_json(db_path)
    assert code == 9 and "kind" in {why for _, why in refused_acts(report)}, report


def test_a_follow_up_visitor_scans_the_slip_at_the_kiosk(qtbot, request, db, db_path,
                                                         tmp_path):
    case = _case(db, datetime.now(timezone.utc))
    finish(db, counter=1)
    _visit_today(db, case)
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    shown: list[str] = []
    window.ticket_shown.connect(shown.append)
    _scan(qtbot, window, f"{CODE[:4]} {CODE[4:]}")
    qtbot.waitUntil(lambda: bool(shown) and shown_page(window) == TICKET, timeout=WAIT)
    ticket = queries.get_ticket(db, number=shown[0])
    assert ticket.service_prefix == "A" and ticket.state is TicketState.WAITING
    assert db.query("SELECT followup_case FROM tickets WHERE id = ?", (ticket.id,))[0][0] == case
    qtbot.waitUntil(lambda: any((tmp_path / "tickets").glob("*.png")), timeout=WAIT)


def test_a_missed_visitor_scans_the_ticket_at_the_kiosk(qtbot, request, db, db_path,
                                                        tmp_path):
    ticket = issue_ticket(db, service="A")
    _missed(db)
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    _scan(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: shown_page(window) == MESSAGE, timeout=WAIT)
    heading = window.view.message_page.heading.text()
    assert ticket.number in heading and "antrean lagi" in heading
    # nobody else of her service waits: she is next, not "after 3 numbers"
    assert window.view.message_page.detail.text() == \
        "Nomor Anda dipanggil berikutnya di layanan Anda."
    assert queries.get_ticket(db, number=ticket.number).state is TicketState.WAITING
    # an unknown code is told in one sentence, nothing issued
    window.go_start()
    _scan(qtbot, window, "99999999")
    qtbot.waitUntil(lambda: "Kode tidak dikenal" in window.view.message_page.detail.text(),
                    timeout=WAIT)
    assert window.view.message_page.heading.text() == "Kode tidak dikenal"


def test_reported_back_she_hears_the_true_count_of_numbers_before_her(qtbot, request, db,
                                                                      db_path, tmp_path):
    ticket = issue_ticket(db, service="A")
    _missed(db)
    for _ in range(2):  # two others of her service wait; the office's rule says three
        issue_ticket(db, service="A")
    issue_ticket(db, service="B")  # another service's line is not hers
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    _scan(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: shown_page(window) == MESSAGE, timeout=WAIT)
    assert window.view.message_page.detail.text() == \
        "Nomor Anda dipanggil lagi setelah 2 nomor layanan Anda."


def test_a_visit_already_served_is_not_told_to_wait_for_its_call(qtbot, request, db,
                                                                 db_path, tmp_path):
    case = _case(db, datetime.now(timezone.utc))
    finish(db, counter=1)
    _visit_today(db, case)
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    shown: list[str] = []
    window.ticket_shown.connect(shown.append)
    _scan(qtbot, window, CODE)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    call_next(db, counter=1)
    finish(db, counter=1)  # her follow-up visit served
    window.go_start()
    qtbot.waitUntil(lambda: shown_page(window) != MESSAGE and shown_page(window) != TICKET,
                    timeout=WAIT)
    _scan(qtbot, window, CODE)
    qtbot.waitUntil(lambda: "sudah dilayani" in window.view.message_page.detail.text(),
                    timeout=WAIT)
    assert "tunggu panggilan" not in window.view.message_page.detail.text()
    assert shown[0] in window.view.message_page.detail.text()
