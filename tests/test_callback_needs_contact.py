"""A case the answer must reach by a call-back needs the visitor's phone or e-mail: the
counter refuses Selesai without one, in one sentence that says what to do, and the record
refuses such a case from any other road; the phone field's hint never looks filled in."""

from __future__ import annotations

import pytest

from tests.drivers import WAIT, login, queue_form
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import errors, queries
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SENTENCE = "Menghubungi kembali perlu nomor HP atau surel pengunjung"


def test_the_record_refuses_a_callback_case_nobody_can_be_reached_for(db):
    t = issue_ticket(db, service="B")
    rec = register.save_record(db, record=register.RecordInput(
        visitor_name="Pak Darmo", question="Sertifikat pendidik belum terbit"),
        channel="walk_in", ticket_id=t.id)
    with pytest.raises(errors.RuleViolation, match=SENTENCE):
        cases.open_case(db, record_id=rec.id, callback_needed=True)
    assert db.query("SELECT count(*) AS n FROM cases")[0]["n"] == 0
    assert cases.open_case(db, record_id=rec.id).callback_needed is False  # no call-back


def test_the_counter_asks_for_a_phone_or_email_before_a_callback_selesai(
        qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    t = issue_ticket(db, service="B")
    qtbot.waitUntil(lambda: w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
    w.queue.buttons["call_next"].click()
    qtbot.waitUntil(lambda: queue_form(w).isEnabled(), timeout=WAIT)
    form = queue_form(w)
    assert form.phone.text() == "" and "…" in form.phone.placeholderText()
    form.name.setText("Pak Darmo")
    form.question.setPlainText("Sertifikat pendidik belum terbit")
    w.queue.buttons["finish"].click()
    w.queue.dialog.set_outcome("escalated")
    w.queue.dialog.callback.setChecked(True)
    w.queue.dialog.accept()
    assert not form.error.isHidden() and SENTENCE in form.error.text()
    assert w.queue.current() is not None
    assert queries.get_ticket(db, ticket_id=t.id).state is TicketState.CALLED
    form.email.setText("darmo@example.sch.id")
    w.queue.buttons["finish"].click()
    w.queue.dialog.set_outcome("escalated")
    w.queue.dialog.callback.setChecked(True)
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=t.id).state is
                    TicketState.ESCALATED, timeout=WAIT)
    [case] = db.read(lambda c: cases.read_open_cases(c))
    assert case.callback_needed and case.record.data.email == "darmo@example.sch.id"
