"""A follow-up visitor is known: the ticket her check-in gives has its survey code like any
other (its QR opens her phone page, the SKM takes it), the counter's list and desk name
her, her case and "kunjungan lanjutan" before she speaks, and the front office, at whose
desk she stands, may book her next visit."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from conftest import run_cli

from tests.drivers import WAIT, child, login, press, submit_survey, waiting_list
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import survey_code_hash
from ult_desktop.db.visit import cases, register

CODE = "40718265"


def _visit_today(db, name: str = "Ratna Dewi") -> int:
    """A case of *name* whose follow-up visit is today (whatever day it is), code CODE."""
    now = datetime.now(timezone.utc)
    t = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    rec = register.save_record(db, record=RecordInput(
        visitor_name=name, phone="081234567001", topic="Legalisir ijazah",
        question="Ijazah 1998 belum terdaftar"), channel="walk_in", ticket_id=t.id, now=now)
    case = cases.open_case(db, record_id=rec.id, now=now).id
    finish(db, counter=1)
    today = db.query("SELECT max(day) FROM tickets")[0][0]
    db.write(lambda conn: conn.execute(
        "UPDATE cases SET visit_day = ?, visit_opens = '00:00', visit_closes = '23:59', "
        "visit_code = ? WHERE id = ?", (today, survey_code_hash(conn, CODE), case)))
    return case


def test_the_checked_in_ticket_has_its_code_its_qr_and_its_phone_page(db, db_path):
    from ult_desktop.app.phone_page import PhonePage, PhoneServer
    from ult_desktop.app.print_service import ticket_print_data
    from ult_desktop.core.ticket_layout import QrCode, build_layout
    from ult_desktop.db.open import open_database
    from ult_desktop.ui.kiosk.jobs import code_at_kiosk
    from ult_desktop.ui.survey.codes import extract_code

    set_settings(db, phone_address="127.0.0.1")
    _visit_today(db)
    ticket = code_at_kiosk(db, CODE).issued.ticket  # as the kiosk checks her in
    assert ticket.code, "the follow-up ticket has no survey code"
    [page, _wifi] = [e.content for e in build_layout(ticket_print_data(db, ticket))
                     if isinstance(e, QrCode)] + [None]
    assert page == f"http://127.0.0.1:8080/t/{ticket.code}"
    server = PhoneServer(PhonePage(lambda: open_database(db_path, station="tv",
                                                         mode="phone")), "127.0.0.1", 0)
    try:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", f"/s/{ticket.code}")
        answer = json.loads(conn.getresponse().read())
        conn.close()
    finally:
        server.stop()
    assert (answer["status"], answer["number"]) == ("waiting", ticket.number)
    # served, she answers the survey with the code of the same QR
    assert call_next(db, counter=1).id == ticket.id
    finish(db, counter=1)
    submit_survey(db, ticket_code=extract_code(page, "{code}"),
                  answers=[4, 3, 4, 3, 4, 3, 4, 3, 2])
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 1


def test_the_kiosk_command_prints_the_code_it_checked_in_with(db, db_path):
    """``check-in`` (the kiosk's command, a real process) answers the ticket's code."""
    _visit_today(db)
    came = run_cli("check-in", "--db", str(db_path), "--json", "--code", CODE)
    assert came.returncode == 0, came.stderr
    got = json.loads(came.stdout)
    assert len(got["code"]) > 8
    [(state,)] = db.query("SELECT state FROM tickets WHERE number = ? AND followup_case "
                          "IS NOT NULL", (got["number"],))
    assert state == "waiting"
    from ult_desktop.db import queries
    assert queries.get_ticket(db, code=got["code"]).number == got["number"]


def test_the_counter_names_her_and_her_case_before_the_call(qtbot, make_window, db):
    from ult_desktop.db.visit import visits

    case = _visit_today(db)
    walk_in = issue_ticket(db, service="A")
    ticket = visits.check_in(db, code=CODE)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    words = f"Kunjungan lanjutan K-{case:05d}: Ratna Dewi"
    table = waiting_list(w)

    def row_of(number: str) -> int:
        return next(r for r in range(table.rowCount()) if table.text(r, 0) == number)

    qtbot.waitUntil(lambda: any(table.text(r, 0) == ticket.number
                                for r in range(table.rowCount())), timeout=WAIT)
    assert words in table.text(row_of(ticket.number), 3)
    assert "lanjutan" not in table.text(row_of(walk_in.number), 3)
    # placed at her window's opening (00:00), she waits since she came, not since then
    assert int(table.text(row_of(ticket.number), 2).split()[0]) <= 1
    press(qtbot, child(w, "btn_call_next"))  # her window opened at 00:00: she goes first
    card = child(w, "current_followup")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    assert w.queue.current().id == ticket.id
    assert card.text() == words and card.isVisibleTo(w)


def test_the_front_office_may_book_her_next_visit(qtbot, make_window, db):
    case = _visit_today(db)
    w = make_window()
    login(qtbot, w, "sari", counter=1)  # front office
    w.tabs.setCurrentWidget(w.cases)
    qtbot.waitUntil(lambda: w.cases.loads > 0, timeout=WAIT)
    table = w.cases.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=WAIT)
    row = next(r for r in range(table.rowCount())
               if table.item(r, 0).data(0x0100) == case)
    table.selectRow(row)
    button = child(w, "btn_visit")
    assert button.isVisibleTo(w) and button.isEnabled()
