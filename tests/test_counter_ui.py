"""The counter window through pytest-qt, on a real database file, with another
"station" (a second Database connection) acting as the kiosk and other counters."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt

from tests.drivers import (
    WAIT,
    child,
    get_case,
    get_record,
    login,
    queue_form,
    save_button,
    waiting_list,
)
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import errors, queries
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.queue.desk import call_next, skip
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session
from ult_desktop.db.record.feed import FULL_CHECK_S
from ult_desktop.db.visit import cases, register
from ult_desktop.ui.counter.queue_panel import ACTIONS
from ult_desktop.ui.counter.window import CounterWindow

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py), but for the tests
#: of the file's own lock (they take it with plain sqlite3).
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.engines]

#: An idle station notices a lock held by another PC at its next full feed check (every
#: FULL_CHECK_S; idle polls read the header without a lock), after its busy budget
#: (ULT_BUSY_TIMEOUT=5 in tests): the busy banner may take that long, plus scheduling.
BUSY_SEEN = int((FULL_CHECK_S + 5 + 5) * 1000)


def waiting_numbers(w: CounterWindow) -> list[str]:
    return [waiting_list(w).text(r, 0) for r in range(waiting_list(w).rowCount())]


def current(w: CounterWindow):
    return w.queue.current()


def click(qtbot, w: CounterWindow, name: str):
    btn = w.queue.buttons[name]
    assert btn.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(btn, Qt.LeftButton)


def events(db, kind: str) -> list[dict]:
    return [json.loads(r["data"]) | {"ticket": r["ticket_number"]}
            for r in db.query("SELECT * FROM events WHERE kind = ? ORDER BY id", (kind,))]


# -- login -----------------------------------------------------------------------------
def test_wrong_pin_is_refused_then_login_shows_the_counter(qtbot, make_window):
    w = make_window()
    w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
    w.login.pin.setText("9999")
    qtbot.mouseClick(w.login.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "PIN salah" in w.login.error.text(), timeout=WAIT)
    assert w.session.officer is None and w.pages.currentIndex() == 0
    login(qtbot, w, "sari", counter=1)
    assert w.pages.currentIndex() == 1
    assert "Sari Wulandari" in w.who.text() and "Loket 1" in w.who.text()


def test_counter_services_chosen_at_login_are_saved(qtbot, make_window, db):
    w = make_window()
    w.login.officer.setCurrentIndex(w.login.officer.findData("budi"))
    w.login.counter.setCurrentIndex(w.login.counter.findData(2))
    assert w.login.service_checks["B"].isChecked() and w.login.service_checks["C"].isChecked()
    assert not w.login.service_checks["A"].isChecked()
    w.login.service_checks["A"].setChecked(True)
    w.login.service_checks["C"].setChecked(False)
    login(qtbot, w, "budi", counter=2)
    qtbot.waitUntil(lambda: [s.prefix for s in w.queue.state.services] == ["A", "B"],
                    timeout=WAIT)
    ids = json.loads(db.query("SELECT service_ids FROM counters WHERE number = 2")[0][0])
    assert sorted(ids) == [1, 2]


# -- the queue -------------------------------------------------------------------------
def test_live_waiting_list_call_serve_finish(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=3)  # the priority counter
    a1 = issue_ticket(db, service="A")
    p1 = issue_ticket(db, service="B", priority=True)
    # another station's ticket appears here through the change feed
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["P-001", "A-001"], timeout=WAIT)
    assert child(w, "service_summary").item(1, 2).text() == "1"  # B: one priority ticket waiting
    assert "prioritas" in waiting_list(w).text(0, 3)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: current(w) is not None, timeout=WAIT)
    assert current(w).number == p1.number and child(w, "current_number").text() == "P-001"
    click(qtbot, w, "serve")
    qtbot.waitUntil(lambda: current(w).state is TicketState.SERVING, timeout=WAIT)
    assert "target 10:00" in child(w, "service_timer").text()
    click(qtbot, w, "finish")
    dialog = w.queue.dialog
    dialog.set_outcome("answered")
    dialog.accept()
    assert current(w) is None  # done on screen at once; the record has it a moment later
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=p1.id).state
                    is TicketState.DONE, timeout=WAIT)
    t = queries.get_ticket(db, ticket_id=p1.id)
    assert t.state is TicketState.DONE and t.outcome == "answered"
    # a call at another counter shows here at once
    call_next(db, counter=1)
    qtbot.waitUntil(lambda: waiting_numbers(w) == [], timeout=WAIT)
    assert queries.get_ticket(db, ticket_id=a1.id).counter == 1


def test_a_counter_nobody_waits_for_looks_for_its_first_visitor_at_every_poll(
        qtbot, make_window, db):
    """With nobody waiting for the desk its station asks the feed for news at every poll
    (on a share, not at the unhurried pace: the first visitor's chime comes at once);
    once somebody waits, the pace again (``Station.news_soon``)."""
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    worker = w.session.station._worker
    qtbot.waitUntil(lambda: worker.eager, timeout=WAIT)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    assert not worker.eager
    call_next(db, counter=3)  # served elsewhere: nobody waits here again
    qtbot.waitUntil(lambda: waiting_numbers(w) == [], timeout=WAIT)
    assert worker.eager


def test_keyboard_shortcuts_drive_the_queue(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=WAIT)
    qtbot.keyClick(w, Qt.Key_F1)
    qtbot.waitUntil(lambda: current(w) is not None, timeout=WAIT)
    qtbot.keyClick(w, Qt.Key_F2)
    qtbot.waitUntil(lambda: len(events(db, "recalled")) == 1, timeout=WAIT)
    qtbot.keyClick(w, Qt.Key_F5)
    qtbot.waitUntil(lambda: current(w).state is TicketState.SERVING, timeout=WAIT)
    qtbot.keyClick(w, Qt.Key_F6)
    qtbot.waitUntil(lambda: w.queue.dialog is not None and w.queue.dialog.isVisible(),
                    timeout=WAIT)
    w.queue.dialog.reject()
    shortcuts = {name: sc for name, (_, sc) in ACTIONS.items()}
    assert shortcuts == {"call_next": "F1", "recall": "F2", "skip": "F3", "transfer": "F4",
                         "serve": "F5", "finish": "F6", "reclassify": "F7", "call_this": "F8",
                         "report_back": "F9"}


def test_skip_then_recall_the_skipped_ticket(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: current(w) is not None, timeout=WAIT)
    click(qtbot, w, "recall")
    qtbot.waitUntil(lambda: len(events(db, "recalled")) == 1, timeout=WAIT)
    click(qtbot, w, "skip")
    qtbot.waitUntil(lambda: current(w) is None and waiting_numbers(w) == ["A-001"],
                    timeout=WAIT)
    assert "dilewati" in waiting_list(w).text(0, 3)
    assert not w.queue.buttons["recall"].isEnabled()
    waiting_list(w).selectRow(0)
    click(qtbot, w, "recall")
    qtbot.waitUntil(lambda: current(w) is not None, timeout=WAIT)
    assert current(w).id == a1.id and current(w).state is TicketState.CALLED
    assert len(events(db, "recalled")) == 2


def test_transfer_to_another_service_keeps_the_number(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: current(w) is not None, timeout=WAIT)
    click(qtbot, w, "transfer")
    d = w.queue.dialog
    d._try_accept()
    assert not d.error.isHidden() and d.result() == 0  # a destination is required
    d.service.setCurrentIndex(d.service.findData("C"))
    d.reason.setText("Masalah Dapodik")
    d._try_accept()
    qtbot.waitUntil(lambda: current(w) is None, timeout=WAIT)
    t = queries.get_ticket(db, ticket_id=a1.id)
    assert t.state is TicketState.TRANSFERRED and t.service_prefix == "C"
    assert t.number == "A-001" and t.sort_at == a1.sort_at
    # counter 1 does not serve C: it left this list
    qtbot.waitUntil(lambda: waiting_numbers(w) == [], timeout=WAIT)
    assert events(db, "transferred")[0]["reason"] == "Masalah Dapodik"


def test_transfer_to_a_counter_and_to_an_officer(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    issue_ticket(db, service="A")
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: len(waiting_numbers(w)) == 2, timeout=WAIT)
    record_session(db, OFFICER_LOGIN, "rahmat", counter=3, screen="counter")  # serves
    qtbot.waitUntil(lambda: 3 in w.queue.state.serving, timeout=WAIT)
    waiting_list(w).selectRow(0)
    click(qtbot, w, "transfer")
    d = w.queue.dialog
    d.counter.setCurrentIndex(d.counter.findData(3))
    d._try_accept()
    # still in this desk's list: kept for Loket 3, until when
    qtbot.waitUntil(lambda: "Loket 3" in waiting_list(w).text(0, 3), timeout=WAIT)
    assert queries.get_ticket(db, number="A-001").target_counter == 3
    waiting_list(w).selectRow(1)
    click(qtbot, w, "transfer")
    d = w.queue.dialog
    budi = next(o.id for o in w.session.info.officers if o.username == "budi")
    d.officer.setCurrentIndex(d.officer.findData(budi))
    d._try_accept()
    qtbot.waitUntil(lambda: queries.get_ticket(db, number="A-002").target_officer_id == budi,
                    timeout=WAIT)
    t = call_next(db, counter=2, officer_id=budi)
    assert t.number == "A-002"


def test_reclassify_priority_needs_a_reason_and_is_logged(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    waiting_list(w).selectRow(0)
    click(qtbot, w, "reclassify")
    d = w.queue.dialog
    assert d.priority.isChecked()  # proposes the opposite of the current flag
    d._try_accept()
    assert not d.error.isHidden()
    d.reason.setText("Pengunjung lanjut usia")
    d._try_accept()
    qtbot.waitUntil(lambda: queries.get_ticket(db, number="A-001").priority, timeout=WAIT)
    assert events(db, "reclassified")[0]["reason"] == "Pengunjung lanjut usia"
    qtbot.waitUntil(lambda: "prioritas" in (waiting_list(w).text(0, 3)
                                            if waiting_list(w).rowCount() else ""),
                    timeout=WAIT)


def test_calling_out_of_turn_needs_a_reason_kept_with_the_call(qtbot, make_window, db):
    """The next visitor is the default; another waiting ticket is called only
    with a reason from the short list (or typed words), kept with the call."""
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    for _ in range(3):
        issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001", "A-002", "A-003"], timeout=WAIT)
    assert not w.queue.buttons["call_this"].isEnabled()  # nothing selected
    waiting_list(w).selectRow(2)
    click(qtbot, w, "call_this")
    d = w.queue.dialog
    d.choice.setCurrentIndex(d.choice.findData("other"))
    d._try_accept()
    assert not d.error.isHidden()  # "other" needs the officer's words
    d.note.setText("Tamu dari dinas, sudah diatur kepala")
    d._try_accept()
    qtbot.waitUntil(lambda: current(w) is not None and current(w).number == "A-003",
                    timeout=WAIT)
    [call] = events(db, "called")
    assert call["out_of_turn"] == {"reason": "other", "next": "A-001",
                                   "note": "Tamu dari dinas, sudah diatur kepala"}


def test_an_out_of_turn_call_without_a_reason_is_refused(db):
    for _ in range(2):
        issue_ticket(db, service="A")
    with pytest.raises(errors.RuleViolation, match="belum gilirannya"):
        call_next(db, counter=1, number="A-002")
    assert queries.get_ticket(db, number="A-002").state is TicketState.WAITING
    # the next one needs no reason, and none is recorded
    assert call_next(db, counter=1, number="A-001").number == "A-001"
    skip(db, counter=1)
    called = call_next(db, counter=1, number="A-002", reason="appointment")
    assert called.number == "A-002"
    assert [e.get("out_of_turn") for e in events(db, "called")] == [None, None]
    with pytest.raises(errors.RuleViolation, match="tidak sedang menunggu"):
        call_next(db, counter=2, number="A-002", reason="returning")


# -- register and escalation ----------------------------------------------------------
def fill_visitor(form, **kw):
    form.name.setText(kw.get("name", "Siti Aminah"))
    form.institution.setText("SDN 1 Semarang")
    form.region.setText("Kota Semarang, Jawa Tengah")
    form.phone.setText(kw.get("phone", "0812-3456-7890"))
    form.email.setText("siti@example.sch.id")
    form.id_number.setText("3374012345670001")
    form.topic.setText("Tunjangan profesi")
    form.question.setPlainText(kw.get("question", "Kapan tunjangan triwulan IV cair?"))


def test_register_form_saves_masks_and_checks(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    assert not queue_form(w).isEnabled()  # nobody at the desk
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: queue_form(w).isEnabled(), timeout=WAIT)
    form = queue_form(w)
    fill_visitor(form, phone="12")
    form.region.setText("Kota Atlantis")
    w.queue.visit.save()
    assert not form.error.isHidden() and "telepon" in form.error.text().lower()
    assert "kabupaten/kota" in form.error.text().lower()
    form.region.setText("Kota Semarang, Jawa Tengah")
    form.phone.setText("0812-3456-7890")
    form.on_behalf.setChecked(True)
    form.on_behalf_of.setText("Kepala SDN 1 Semarang")
    form.letter_type.setCurrentIndex(form.letter_type.findData("surat_tugas"))
    form.letter_number.setText("421/017/2025")
    qtbot.mouseClick(save_button(w), Qt.LeftButton)
    qtbot.waitUntil(lambda: w.session.journal.draft(f"ticket:{a1.id}") is None, timeout=WAIT)
    rec = get_record(db, ticket_id=a1.id)
    assert rec.data.region_code == "33.74" and rec.data.region_name == "Kota Semarang"
    assert rec.data.letter_type == "surat_tugas" and rec.data.id_number == "3374012345670001"
    # shown again (next login at this counter): the ID number is masked
    w.logout()
    login(qtbot, w, "sari", counter=1)
    qtbot.waitUntil(lambda: queue_form(w).id_number.text() == "3374********0001", timeout=WAIT)
    assert queue_form(w).value().id_number == "3374012345670001"


def test_region_completer_finds_every_kabupaten_kota(qtbot, make_window):
    from ult_desktop.ui.counter import regions

    assert len(regions.regencies()) == 514
    w = make_window()
    completer = queue_form(w).region.completer()
    completer.setCompletionPrefix("semarang")
    found = []
    for i in range(completer.completionCount()):
        completer.setCurrentRow(i)
        found.append(completer.currentCompletion())
    assert found == ["Kabupaten Semarang, Jawa Tengah", "Kota Semarang, Jawa Tengah"]


def test_finish_escalated_opens_a_case_back_office_answers_and_closes(
        qtbot, make_window, db):
    fo = make_window()
    login(qtbot, fo, "sari", counter=1)
    b1 = issue_ticket(db, service="B")
    qtbot.waitUntil(lambda: waiting_numbers(fo) == ["B-001"], timeout=WAIT)
    click(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: queue_form(fo).isEnabled(), timeout=WAIT)
    click(qtbot, fo, "finish")
    fo.queue.dialog.set_outcome("escalated")
    fo.queue.dialog.callback.setChecked(True)
    fo.queue.dialog.accept()  # an empty register: refused, nothing finished
    assert not queue_form(fo).error.isHidden()
    fill_visitor(queue_form(fo))
    click(qtbot, fo, "finish")
    fo.queue.dialog.set_outcome("escalated")
    fo.queue.dialog.callback.setChecked(True)
    fo.queue.dialog.accept()
    qtbot.waitUntil(lambda: fo.queue.current() is None, timeout=WAIT)
    assert queries.get_ticket(db, ticket_id=b1.id).state is TicketState.ESCALATED
    assert fo.session.journal.draft(f"ticket:{b1.id}") is None
    assert get_record(db, ticket_id=b1.id).data.visitor_name == "Siti Aminah"
    [case] = db.read(lambda c: cases.read_open_cases(c))
    assert case.record.ticket_id == b1.id and case.callback_needed
    assert case.due_day.isoformat() > queries.today(db)  # B targets 3 working days

    bo = make_window(station_id="backoffice-test")
    login(qtbot, bo, "dewi", counter=None)
    assert not bo.tabs.isTabVisible(0) and bo.tabs.isTabVisible(2)
    assert bo.tabs.currentWidget() is bo.backoffice  # back office starts at its desk
    bo.tabs.setCurrentWidget(bo.cases)
    qtbot.waitUntil(lambda: bo.cases.table.rowCount() == 1, timeout=WAIT)
    assert bo.cases.table.item(0, 5).text() == "Tunjangan profesi"  # the Topik column
    bo.cases.table.selectRow(0)
    assert "3374********0001" in bo.cases.detail.text()
    assert "3374012345670001" not in bo.cases.detail.text()
    assert not bo.cases.btn_close.isEnabled()
    bo.cases.answer.setPlainText("Tunjangan cair pekan depan.")
    qtbot.mouseClick(bo.cases.btn_answer, Qt.LeftButton)
    qtbot.waitUntil(lambda: bo.cases.btn_reached.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(bo.cases.btn_unreached, Qt.LeftButton)
    qtbot.waitUntil(lambda: get_case(db, case.id).callback_attempts == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: bo.cases.btn_reached.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(bo.cases.btn_reached, Qt.LeftButton)
    qtbot.waitUntil(lambda: bo.cases.btn_close.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(bo.cases.btn_close, Qt.LeftButton)
    qtbot.waitUntil(lambda: get_case(db, case.id).state.value == "closed", timeout=WAIT)
    kinds = [r[0] for r in db.query("SELECT kind FROM events WHERE kind LIKE 'case_%' "
                                    "ORDER BY id")]
    assert kinds == ["case_opened", "case_answered", "case_callback", "case_callback",
                     "case_closed"]
    # the front office sees the case change live
    qtbot.waitUntil(lambda: fo.cases.cases and fo.cases.cases[0].state.value == "closed",
                    timeout=WAIT)


def test_reschedule_from_the_cases_view(qtbot, make_window, db):
    rec = register.save_record(db, record=register.RecordInput(
        visitor_name="Andi", phone="081234567890", question="Akun Dapodik terkunci"),
        channel="phone", service="C")
    case = cases.open_case(db, record_id=rec.id)
    w = make_window()
    login(qtbot, w, "rahmat", counter=None)
    qtbot.waitUntil(lambda: w.cases.table.rowCount() == 1, timeout=WAIT)
    w.cases.table.selectRow(0)
    qtbot.keyClicks(w.cases.answer, "Sedang dicek")
    loads = w.cases.loads
    w.cases.refresh()  # a live refresh must not wipe what is being typed
    qtbot.waitUntil(lambda: w.cases.loads > loads, timeout=WAIT)
    assert w.cases.answer.toPlainText() == "Sedang dicek"
    old_due = get_case(db, case.id).due_day
    qtbot.mouseClick(w.cases.btn_reschedule, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.cases.dialog is not None, timeout=WAIT)  # calendar read first
    d = w.cases.dialog
    d.days.setValue(3)
    assert "Tenggat baru" in d.preview.text()  # the new date shown before it is saved
    previewed = d.preview.text()
    d.reason.setText("Menunggu pusat data")
    d._try_accept()
    qtbot.waitUntil(lambda: get_case(db, case.id).reschedule_count == 1, timeout=WAIT)
    new_due = get_case(db, case.id).due_day
    assert new_due > old_due
    from ult_desktop.core.dates import long_date

    assert long_date(new_due) in previewed
    qtbot.waitUntil(lambda: "dijadwalkan ulang 1" in w.cases.table.item(0, 1).text(),
                    timeout=WAIT)
    assert w.cases.answer.toPlainText() == "Sedang dicek"
    w.cases.filter.setCurrentIndex(w.cases.filter.findData("overdue"))
    assert w.cases.table.rowCount() == 0
    w.cases.filter.setCurrentIndex(w.cases.filter.findData("rescheduled"))
    assert w.cases.table.rowCount() == 1


def test_the_cases_view_warns_when_next_years_cuti_bersama_are_missing(
        qtbot, make_window, db, monkeypatch):
    """From November the officers read that next year's working-day due
    dates may be wrong until the admin enters the cuti bersama (the package has none for
    2028), and the note goes once they are entered."""
    from ult_desktop.core.i18n import tr
    from ult_desktop.db import queries
    from ult_desktop.db.house import office

    monkeypatch.setattr(queries, "read_today", lambda conn: "2027-11-15")
    w = make_window()
    login(qtbot, w, "rahmat", counter=None)
    note = w.cases.holiday_note
    qtbot.waitUntil(lambda: not note.isHidden(), timeout=WAIT)
    assert note.text() == tr("counter.cases.cuti_unknown", year=2028)
    office.set_settings(db, extra_holidays=[{"date": "2028-05-12",
                                             "name": "Cuti bersama Waisak"}])
    w.cases.refresh()
    qtbot.waitUntil(lambda: note.isHidden(), timeout=WAIT)


@pytest.mark.parametrize("channel", ["phone", "online"])
def test_phone_and_online_requests_without_a_ticket(qtbot, make_window, db, channel):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    w.tabs.setCurrentWidget(w.remote)
    panel = w.remote
    (panel.phone_radio if channel == "phone" else panel.online_radio).setChecked(True)
    panel.service.setCurrentIndex(panel.service.findData("C"))
    fill_visitor(panel.form, name="Pak Joko", phone="" if channel == "online" else
                 "024-7460123")
    if channel == "online":
        panel.form.email.setText("joko@example.sch.id")
        panel.online_ref.setText("DR-2025-0042")
    panel.outcome.setCurrentIndex(panel.outcome.findData("back_office"))
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
    day = queries.today(db)
    [rec] = db.read(lambda c: register.read_records_of_day(c, day, channel=channel))
    assert rec.ticket_id is None and rec.service_prefix == "C"
    assert rec.data.visitor_name == "Pak Joko"
    assert rec.data.online_ref == ("DR-2025-0042" if channel == "online" else "")
    [case] = db.read(lambda c: cases.read_open_cases(c))
    assert case.record.id == rec.id and case.callback_needed
    assert panel.form.name.text() == ""  # ready for the next call
    if channel == "online":  # the request number stays in view after saving
        assert "DR-2025-0042" in panel.table.item(0, 0).text()
        assert "DR-2025-0042" in w.status.label.text()
    assert w.session.journal.draft("remote") is None


# -- roles -----------------------------------------------------------------------------
def test_each_role_sees_what_it_may_do(qtbot, make_window):
    w = make_window()
    login(qtbot, w, "kepala", counter=None)
    assert w.tabs.isTabVisible(0) and not w.tabs.isTabVisible(1) and w.tabs.isTabVisible(2)
    assert w.queue.buttons["call_next"].isHidden()
    assert w.cases.btn_answer.isHidden() and not w.cases.btn_close.isHidden()
    w.logout()
    login(qtbot, w, "sari", counter=1)
    assert w.tabs.isTabVisible(0) and w.tabs.isTabVisible(1) and w.tabs.isTabVisible(2)
    assert w.cases.btn_answer.isHidden() and w.cases.btn_close.isHidden()
    assert not w.cases.btn_reached.isHidden()
    w.logout()
    login(qtbot, w, "dewi", counter=1)  # back office never gets a counter
    assert w.session.counter is None and not w.tabs.isTabVisible(0)
    assert not w.cases.btn_answer.isHidden()


# -- the database busy or gone --------------------------------------------------------
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_busy_database_banner_keeps_the_draft_and_recovers(qtbot, make_window, db, db_path,
                                                           monkeypatch, tmp_path):
    import ult_desktop.db.engine.sqlite as connection

    monkeypatch.setattr(connection, "DEFAULT_BUSY_BUDGET_S", 0.3)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: queue_form(w).isEnabled(), timeout=WAIT)

    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE settings SET value = value")
    try:
        qtbot.waitUntil(lambda: w.banner.isVisibleTo(w), timeout=BUSY_SEEN)
        assert "sibuk" in w.banner.text()
        assert not any(b.isEnabled() for b in w.queue.buttons.values())
        assert not save_button(w).isEnabled()
        fill_visitor(queue_form(w), name="Ibu Ratna")
        qtbot.keyClick(queue_form(w).name, Qt.Key_Space)  # a real keystroke: draft timer
        qtbot.waitUntil(lambda: w.session.journal.draft(f"ticket:{a1.id}") is not None, timeout=WAIT)
        w.queue.visit.save()
        assert w.queue.visit.drafting.pending
        draft = w.session.journal.draft(f"ticket:{a1.id}")
        assert draft["data"]["visitor_name"].startswith("Ibu Ratna")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: not w.banner.isVisibleTo(w), timeout=WAIT)
    qtbot.waitUntil(lambda: get_record(db, ticket_id=a1.id) is not None, timeout=WAIT)
    assert get_record(db, ticket_id=a1.id).data.visitor_name.startswith("Ibu Ratna")
    qtbot.waitUntil(lambda: w.session.journal.draft(f"ticket:{a1.id}") is None, timeout=WAIT)
    assert w.queue.buttons["finish"].isEnabled()


def test_draft_survives_a_restart(qtbot, make_window, db, tmp_path):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["A-001"], timeout=WAIT)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: queue_form(w).isEnabled(), timeout=WAIT)
    qtbot.keyClicks(queue_form(w).name, "Pak Hadi")
    qtbot.keyClicks(queue_form(w).question, "Cara mengurus PAK?")
    qtbot.waitUntil(lambda: (w.session.journal.draft(f"ticket:{a1.id}") or {}).get("data", {})
                    .get("question") == "Cara mengurus PAK?", timeout=WAIT)
    w.close()  # the station is closed without saving (crash, power cut ...)

    again = make_window()  # the same PC: the same journal
    login(qtbot, again, "sari", counter=1)
    qtbot.waitUntil(lambda: queue_form(again).name.text() == "Pak Hadi", timeout=WAIT)
    assert queue_form(again).question.toPlainText() == "Cara mengurus PAK?"
    assert "Draf" in child(again, "form_note").text()
    assert get_record(db, ticket_id=a1.id) is None


# -- entry points ----------------------------------------------------------------------
def test_demo_window_opens_at_the_login(qtbot, db_path, tmp_path):
    from ult_desktop.ui.counter.app import open_demo_window

    w = open_demo_window(db_path, demo_dir=tmp_path)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.login.officer.count() == 6, timeout=WAIT)
    assert w.session.officer is None and w.pages.currentIndex() == 0
    assert w.login.counter.currentData() == 1
    assert (w.width(), w.height()) == (1366, 768)
    assert w.session.prefs.parent == tmp_path


def test_counter_command_needs_a_database(capsys):
    from types import SimpleNamespace

    from ult_desktop.ui.counter.app import main

    assert main(SimpleNamespace(db=None, station=None, counter=None, windowed=True)) == 2
    assert "ult-desktop" in capsys.readouterr().err


def test_english_texts(qtbot, db_path, tmp_path):
    from ult_desktop.core.i18n import set_language

    set_language("en")
    try:
        w = CounterWindow(db_path, data_dir=tmp_path, poll_ms=50)
        qtbot.addWidget(w)
        assert w.login.button.text() == "Sign in"
        assert w.queue.buttons["call_next"].text().startswith("Call next")
    finally:
        set_language("id")


def test_share_gone_keeps_the_draft_and_recovers_without_restart(qtbot, tmp_path):
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database

    share = tmp_path / "share"
    share.mkdir()
    path = init_database(share / "office.db", demo=True)
    other = open_database(path, station="kiosk", mode="kiosk")
    a1 = issue_ticket(other, service="A")
    other.close()
    w = CounterWindow(path, station_id="counter-gone", data_dir=tmp_path / "data",
                      poll_ms=50)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.session.online, timeout=WAIT)
    login(qtbot, w, "sari", counter=1)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: queue_form(w).isEnabled(), timeout=WAIT)

    gone = tmp_path / "share-gone"
    share.rename(gone)  # the share vanishes (server rebooted, cable pulled)
    try:
        fill_visitor(queue_form(w), name="Pak Darto")
        w.queue.visit.save()  # the write cannot reach the file
        qtbot.waitUntil(lambda: w.banner.isVisibleTo(w) and not w.session.online, timeout=WAIT)
        assert "tidak dapat dijangkau sejak pukul " in w.banner.text()  # since when
        qtbot.waitUntil(lambda: w.queue.visit.drafting.pending, timeout=WAIT)  # kept
        assert not any(b.isEnabled() for b in w.queue.buttons.values())
        assert w.session.journal.draft(f"ticket:{a1.id}")["data"]["visitor_name"] == "Pak Darto"
    finally:
        gone.rename(share)  # the share is back
    qtbot.waitUntil(lambda: w.session.online and not w.banner.isVisibleTo(w), timeout=WAIT)
    back = open_database(path, station="check", mode="check")
    try:
        qtbot.waitUntil(lambda: get_record(back, ticket_id=a1.id) is not None,
                        timeout=WAIT)
        assert get_record(back, ticket_id=a1.id).data.visitor_name == "Pak Darto"
    finally:
        back.close()
    qtbot.waitUntil(lambda: w.queue.buttons["finish"].isEnabled(), timeout=WAIT)


def test_a_username_locked_elsewhere_is_refused_with_the_time_to_retry(qtbot, make_window,
                                                                       db):
    from ult_desktop.db.house import office
    from ult_desktop.db.house.pinlock import PinLocked

    for _ in range(4):  # wrong PINs typed at another station or before a restart
        assert office.verify_pin(db, "sari", "9999") is None
    with pytest.raises(PinLocked):
        office.verify_pin(db, "sari", "9999")
    w = make_window()
    w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
    w.login.pin.setText(DEMO_PINS["sari"])
    qtbot.mouseClick(w.login.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "coba lagi pukul" in w.login.error.text(), timeout=WAIT)
    assert w.session.officer is None and w.login.button.isEnabled()


def test_a_counter_whose_list_holds_only_priority_tickets_for_loket_3_says_why(
        qtbot, make_window, db):
    """A counter whose list shows two priority tickets
    held for the priority counter (an officer serves there) said "Tidak ada antrean untuk
    loket ini"; it says they wait there, and for how they still come to it."""
    from tests.drivers import sit_at

    w = make_window()
    login(qtbot, w, "sari", counter=1)
    sit_at(db, 3, "dewi")  # Loket 3 serves (nobody there: no one is held for it)
    for _ in range(2):
        issue_ticket(db, service="A", priority=True)
    qtbot.waitUntil(lambda: waiting_numbers(w) == ["P-001", "P-002"], timeout=WAIT)
    click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: "ditahan untuk" in w.status.label.text(), timeout=WAIT)
    # for which counter and until when (the held priority ticket's message)
    assert w.status.label.text().startswith("P-001 ditahan untuk Loket 3")
    assert "sampai pukul" in w.status.label.text() and current(w) is None


def test_the_first_visitor_of_a_quiet_queue_is_heard_and_seen(qtbot, make_window, db):
    """Nobody waited for counter 1; a kiosk issues A-001: the counter says so (a chime
    and the taskbar when the officer chose it) without anybody looking at the list; a
    second visitor does not ring again. The choice is the officer's, kept on the PC."""
    from tests.drivers import WAIT, login
    from ult_desktop.core.i18n import tr

    w = make_window(station_id="counter-quiet")
    login(qtbot, w, "sari", 1)
    assert w.chime.isChecked()  # on unless the officer switched it off
    heard, rung = [], []
    w.queue.lists.first_visitor.connect(heard.append)
    w.chime.play = lambda: rung.append(True)  # the chime, without a sound card
    first = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: len(heard) == 1, timeout=WAIT)
    assert heard[0].number == first.number and rung == [True]
    assert w.status.label.text() == tr("counter.first_visitor.now", number=first.number,
                                  service=first.service_name)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: w.queue.state is not None and len(w.queue.state.waiting) == 2,
                    timeout=WAIT)
    assert len(heard) == 1 and rung == [True]
    w.chime.setChecked(False)  # sari switches it off: kept for her on this PC
    w2 = make_window(station_id="counter-quiet-2")
    login(qtbot, w2, "sari", 1)
    assert not w2.chime.isChecked()


def test_a_ticket_kept_for_the_priority_counter_is_marked_in_the_list(qtbot, make_window,
                                                                      db):
    """Kept for the priority counter by the office's policy: listed at another counter
    with whom it is kept for, so nobody wonders why Panggil berikutnya passes it."""
    from tests.drivers import sit_at
    from ult_desktop.db.house.office import set_settings

    set_settings(db, priority_policy="priority_counter_only")
    sit_at(db, 3, "dewi")  # the priority counter serves
    kept = issue_ticket(db, service="A", priority=True)
    desk = make_window()
    login(qtbot, desk, "budi", 1)
    waiting = child(desk, "waiting_list")
    qtbot.waitUntil(lambda: waiting.rowCount() == 1 and "ditahan untuk" in
                    waiting.text(0, 3), timeout=WAIT)
    assert waiting.text(0, 0) == kept.number


def test_the_selected_visitor_stays_selected_when_the_list_moves_under_it(
        qtbot, make_window, db):
    """The officer picked a visitor; a priority ticket arrives and one ahead is called
    elsewhere: the list is refreshed, the same visitor stays selected (on its new row),
    and the summary counts the day's line."""
    w = make_window()
    login(qtbot, w, "sari", counter=3)
    picked = [issue_ticket(db, service="A") for _ in range(4)][2]
    qtbot.waitUntil(lambda: len(waiting_numbers(w)) == 4, timeout=WAIT)
    waiting_list(w).selectRow(2)
    assert w.queue.selected_ticket().number == picked.number
    issue_ticket(db, service="A", priority=True)  # goes first
    issue_ticket(db, service="A", priority=True)
    call_next(db, counter=1)  # the first of the line, elsewhere
    qtbot.waitUntil(lambda: len(waiting_numbers(w)) == 5, timeout=WAIT)
    assert waiting_numbers(w).index(picked.number) == 3
    assert w.queue.selected_ticket().number == picked.number
    assert w.queue.buttons["call_this"].isEnabled()
    summary = child(w, "service_summary")
    assert (summary.item(0, 1).text(), summary.item(0, 2).text()) == ("5", "2")


def test_a_case_without_a_topic_shows_its_question_in_the_topic_column(qtbot, make_window,
                                                                       db):
    from ult_desktop.core.register import RecordInput

    t = issue_ticket(db, service="A")
    call_next(db, counter=1)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Bu Sari", phone="081234567001",
        question="Legalisir ijazah  untuk\nmelamar PPPK, berapa lama prosesnya di kantor ini?"),
        channel="walk_in", ticket_id=t.id)
    cases.open_case(db, record_id=rec.id)
    bo = make_window(station_id="backoffice-test")
    login(qtbot, bo, "dewi", counter=None)
    bo.tabs.setCurrentWidget(bo.cases)
    qtbot.waitUntil(lambda: bo.cases.table.rowCount() == 1, timeout=WAIT)
    assert bo.cases.table.item(0, 5).text() == \
        "Legalisir ijazah untuk melamar PPPK, berapa lama prosesnya di kantor ini?"


def test_the_finish_dialogs_digits_choose_without_alt(qtbot):
    from ult_desktop.ui.counter.dialogs import FinishDialog

    dialog = FinishDialog("A-001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    names = list(dialog.radios)
    for digit in (2, 4, 3, 1):
        qtbot.keyClick(dialog, getattr(Qt, f"Key_{digit}"))
        assert dialog.outcome() == names[digit - 1]
    qtbot.keyClick(dialog, getattr(Qt, f"Key_{names.index('referred') + 1}"))
    dialog.unit.setFocus()
    qtbot.keyClicks(dialog.unit, "Unit 2")  # a digit typed in the field is text there
    assert dialog.unit.text() == "Unit 2" and dialog.outcome() == "referred"
