"""The counter never loses what an officer typed (logout, close, typing on while saving)
and a double click saves or logs once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, get_case, login, queue_form, waiting_list
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.counter.window import CounterWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")



def _serving(qtbot, w: CounterWindow, db):
    login(qtbot, w, "sari", 1)
    ticket = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
    qtbot.waitUntil(lambda: queue_form(w).isEnabled() and w.queue.visit.shown_ticket == ticket.id,
                    timeout=WAIT)
    return ticket


def test_typing_right_before_logout_is_kept_as_draft(qtbot, make_window, db):
    w = make_window()
    ticket = _serving(qtbot, w, db)
    qtbot.keyClicks(queue_form(w).name, "Bu Rina")
    w.logout()  # within the draft timer's 300 ms
    draft = w.session.journal.draft(f"ticket:{ticket.id}")
    assert draft is not None and draft["data"]["visitor_name"] == "Bu Rina"


def test_typing_right_before_close_is_kept_as_draft(qtbot, make_window, db):
    w = make_window()
    ticket = _serving(qtbot, w, db)
    qtbot.keyClicks(queue_form(w).name, "Pak Budi")
    qtbot.keyClicks(w.remote.form.name, "Bu Sinta")
    w.close()
    kept = CounterJournal(w.journal.path, seal=w.journal.seal)  # as the next start reads it
    try:
        draft = kept.draft(f"ticket:{ticket.id}")
        assert draft is not None and draft["data"]["visitor_name"] == "Pak Budi"
        remote = kept.draft("remote")
        assert remote is not None and remote["data"]["visitor_name"] == "Bu Sinta"
    finally:
        kept.close()


def test_double_click_on_save_makes_one_phone_record(qtbot, make_window, db):
    from ult_desktop.db import queries
    from ult_desktop.db.visit import register

    w = make_window()
    login(qtbot, w, "sari", 1)
    w.tabs.setCurrentWidget(w.remote)
    panel = w.remote
    panel.phone_radio.setChecked(True)
    panel.service.setCurrentIndex(panel.service.findData("C"))
    panel.form.name.setText("Pak Joko")
    panel.form.institution.setText("SMA 1")
    panel.form.region.setText("Kota Semarang, Jawa Tengah")
    panel.form.phone.setText("024-7460123")
    panel.form.question.setPlainText("Kapan tunjangan cair?")
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)  # an impatient second click
    qtbot.waitUntil(lambda: panel.table.rowCount() >= 1 and panel.form.name.text() == "",
                    timeout=WAIT)
    flushed = []  # jobs run in order: once this one is back, any second save is too
    w.session.station.run(lambda _db: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT)
    day = queries.today(db)
    assert len(db.read(lambda c: register.read_records_of_day(c, day, channel="phone"))) == 1


def test_enter_pressed_twice_signs_in_once(qtbot, make_window):
    w = make_window()
    sessions = []
    w.session.started.connect(sessions.append)  # once per session the officer starts
    w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
    w.login.counter.setCurrentIndex(w.login.counter.findData(1))
    w.login.pin.setText(DEMO_PINS["sari"])
    qtbot.keyClick(w.login.pin, Qt.Key_Return)
    qtbot.keyClick(w.login.pin, Qt.Key_Return)  # impatient: the check takes a moment
    qtbot.waitUntil(lambda: w.session.officer is not None and w.login.button.isEnabled(),
                    timeout=WAIT)
    flushed = []
    w.session.station.run(lambda _db: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT)
    assert len(sessions) == 1


def _answerable_case(qtbot, make_window, db, **case_kw):
    from ult_desktop.db.visit import cases, register

    rec = register.save_record(db, record=register.RecordInput(
        visitor_name="Andi", phone="081234567890", question="Akun Dapodik terkunci"),
        channel="phone", service="C")
    case = cases.open_case(db, record_id=rec.id, **case_kw)
    w = make_window()
    login(qtbot, w, "rahmat", None)
    qtbot.waitUntil(lambda: w.cases.table.rowCount() == 1,
                    timeout=WAIT)
    w.cases.table.selectRow(0)
    return w, case


def test_typing_on_while_the_answer_is_saved_is_kept(qtbot, make_window, db):
    w, case = _answerable_case(qtbot, make_window, db)
    qtbot.keyClicks(w.cases.answer, "Akun sudah dibuka")
    loads = w.cases.loads
    qtbot.mouseClick(w.cases.btn_answer, Qt.LeftButton)
    qtbot.keyClicks(w.cases.answer, ", silakan masuk lagi.")  # before the save is back
    qtbot.waitUntil(lambda: w.cases.loads > loads and
                    w.cases.selected().state.value == "answered", timeout=WAIT)
    assert w.cases.answer.toPlainText() == "Akun sudah dibuka, silakan masuk lagi."


def test_double_click_on_not_reached_logs_one_attempt(qtbot, make_window, db):
    from ult_desktop.db.visit import cases

    w, case = _answerable_case(qtbot, make_window, db, callback_needed=True)
    cases.answer_case(db, case_id=case.id, answer="Sudah dibuka")
    qtbot.waitUntil(lambda: w.cases.btn_unreached.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.cases.btn_unreached, Qt.LeftButton)
    if w.cases.btn_unreached.isEnabled():
        qtbot.mouseClick(w.cases.btn_unreached, Qt.LeftButton)
    flushed = []
    w.session.station.run(lambda _db: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT)
    assert get_case(db, case.id).callback_attempts == 1
    qtbot.waitUntil(lambda: w.cases.btn_unreached.isEnabled(), timeout=WAIT)  # may try again


def test_a_pending_phone_record_waits_for_an_officer_after_logout(qtbot, make_window, db):
    from ult_desktop.db import queries
    from ult_desktop.db.visit import register

    w = make_window()
    login(qtbot, w, "sari", 1)
    panel = w.remote
    panel.form.name.setText("Pak Joko")
    panel.form.phone.setText("024-7460123")
    panel.form.question.setPlainText("Kapan tunjangan cair?")
    w.session.online = False  # the share went away: Simpan keeps it pending
    panel.save()
    assert panel.drafting.pending
    w.logout()
    w.session.station.connection_changed.emit("ok", "")  # back while nobody is signed in
    flushed = []
    w.session.station.run(lambda _db: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT)
    day = queries.today(db)
    assert db.read(lambda c: register.read_records_of_day(c, day, channel="phone")) == []
    assert panel.form.name.text() == "Pak Joko" and w.session.journal.draft("remote") is not None
