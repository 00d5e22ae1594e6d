"""The officer's day: a front office and a back office on one file, walked
through the real screens as the SOP hands a visitor over. Each test failed on the main
of the round before: the record must be what happened."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.drivers import (
    WAIT,
    back_office_answers,
    child,
    fkey,
    get_case,
    get_record,
    login,
    press,
    queue_form,
    save_button,
)
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import register
from ult_desktop.ui.counter.window import CounterWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_back_office_answer_survives_the_front_office_selesai(qtbot, station_window, db):
    """The disposition reaches the open guest-book form at the counter, and F6 Selesai
    files the visit as answered with the back office, its answer kept."""
    ticket = issue_ticket(db, service="B")
    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: fo.queue.current() is not None, timeout=WAIT)
    fkey(qtbot, fo, "serve")
    form = queue_form(fo)
    qtbot.waitUntil(form.isEnabled, timeout=WAIT)
    form.name.setText("Siti Aminah")
    form.topic.setText("Tunjangan profesi")
    form.question.setPlainText("Tunjangan belum cair sejak Januari")
    qtbot.mouseClick(save_button(fo), Qt.LeftButton)
    qtbot.waitUntil(lambda: get_record(db, ticket_id=ticket.id) is not None,
                    timeout=WAIT)
    fo.tabs.setCurrentWidget(fo.backoffice)
    fo.backoffice.details.question.setPlainText("Kapan tunjangan Siti cair?")
    press(qtbot, fo.backoffice.details.btn_consult)

    bo = station_window("bo")
    login(qtbot, bo, "dewi", counter=None)
    back_office_answers(qtbot, bo, "Cair bulan depan; berkas lengkap.")
    assert get_record(db, ticket_id=ticket.id).data.answer.startswith("Cair")

    # the front office's open form shows it, without anyone touching the form
    qtbot.waitUntil(lambda: form.answer.toPlainText().startswith("Cair bulan depan"),
                    timeout=WAIT)
    assert form.name.text() == "Siti Aminah"
    fo.tabs.setCurrentWidget(fo.queue)
    fkey(qtbot, fo, "finish")
    fo.queue.dialog.accept()  # "answered" as the officer would choose it
    qtbot.waitUntil(lambda: fo.queue.current() is None, timeout=WAIT)
    # kept on the counter PC first: the record has it a moment later
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=ticket.id).outcome is not None,
                    timeout=WAIT)
    record = get_record(db, ticket_id=ticket.id)
    assert record.data.answer == "Cair bulan depan; berkas lengkap."
    assert queries.get_ticket(db, ticket_id=ticket.id).outcome == "consulted"


def test_a_form_open_while_the_answer_arrives_never_blanks_it(qtbot, station_window, db):
    """Even when the feed is slow (the answer not yet shown), a save from the old form
    writes only what the officer changed."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import handover

    ticket = issue_ticket(db, service="A")
    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    fkey(qtbot, fo, "call_next")
    form = queue_form(fo)
    qtbot.waitUntil(form.isEnabled, timeout=WAIT)
    form.name.setText("Budi")
    form.question.setPlainText("Legalisir ijazah?")
    qtbot.mouseClick(save_button(fo), Qt.LeftButton)
    qtbot.waitUntil(lambda: get_record(db, ticket_id=ticket.id) is not None,
                    timeout=WAIT)
    qtbot.waitUntil(lambda: fo.queue.visit.base is not None, timeout=WAIT)
    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    h = handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="?")
    handover.take(db, handover_id=h.id, officer_id=dewi)
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Bisa, bawa asli.")
    # the officer corrects the name from the form that was loaded before the answer
    from ult_desktop.ui.counter import jobs

    base = RecordInput.from_dict(fo.queue.visit.base.as_dict())
    base.answer = ""
    mine = RecordInput.from_dict(base.as_dict())
    mine.visitor_name = "Budi Santoso"
    jobs.save_walk_in(db, ticket_id=ticket.id, record=mine, officer_id=sari, base=base)
    rec = get_record(db, ticket_id=ticket.id)
    assert rec.data.visitor_name == "Budi Santoso"
    assert rec.data.answer == "Bisa, bawa asli."


def test_the_consult_tab_follows_the_visitor_at_the_desk(qtbot, station_window, db):
    """After F1 the Back Office tab names the visitor called, and after the next F1 the
    next one: no sign-out needed (the tab was stale on the last round's main)."""
    first = issue_ticket(db, service="A")
    second = issue_ticket(db, service="A")
    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    fo.tabs.setCurrentWidget(fo.backoffice)
    desk = fo.backoffice
    assert not desk.details.btn_consult.isEnabled()
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: first.number in desk.details.consult_label.text(), timeout=WAIT)
    fkey(qtbot, fo, "serve")
    qtbot.waitUntil(desk.details.btn_consult.isEnabled, timeout=WAIT)
    fkey(qtbot, fo, "finish")
    fo.queue.dialog.accept()
    qtbot.waitUntil(lambda: fo.queue.current() is None, timeout=WAIT)
    qtbot.waitUntil(lambda: not desk.details.btn_consult.isEnabled(), timeout=WAIT)
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: second.number in desk.details.consult_label.text(), timeout=WAIT)
    assert first.number not in desk.details.consult_label.text()


def test_the_desk_never_shows_the_last_cases_unit_and_answer(qtbot, station_window, db):
    from ult_desktop.db.visit import handover

    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    for service in ("A", "B"):
        t = issue_ticket(db, service=service)
        handover.consult(db, from_officer=sari, ticket_id=t.id, question=f"soal {service}")
    bo = station_window("bo")
    login(qtbot, bo, "dewi", counter=None)
    desk = bo.backoffice
    qtbot.waitUntil(lambda: desk.list.table.rowCount() == 2, timeout=WAIT)
    desk.list.table.selectRow(0)
    desk.details.unit.setText("Ditjen GTK")
    desk.details.disposition.setPlainText("Jawaban untuk A")
    desk.list.table.selectRow(1)
    assert desk.details.unit.text() == "" and desk.details.disposition.toPlainText() == ""


def escalate_with_callback(qtbot, fo: CounterWindow, db, service: str = "B"):
    from ult_desktop.db.visit import cases

    ticket = issue_ticket(db, service=service)
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: fo.queue.current() is not None and
                    fo.queue.current().id == ticket.id, timeout=WAIT)
    form = queue_form(fo)
    qtbot.waitUntil(form.isEnabled, timeout=WAIT)
    form.name.setText("Siti Aminah")
    form.phone.setText("0812-3456-7890")
    form.topic.setText("Tunjangan profesi")
    form.question.setPlainText("Tunjangan belum cair sejak Januari")
    fkey(qtbot, fo, "finish")
    fo.queue.dialog.set_outcome("escalated")
    fo.queue.dialog.callback.setChecked(True)
    fo.queue.dialog.accept()
    qtbot.waitUntil(lambda: fo.queue.current() is None, timeout=WAIT)
    [case] = [c for c in db.read(lambda c: cases.read_open_cases(c)) if c.record.ticket_id == ticket.id]
    return ticket, case


def test_one_call_back_is_one_attempt_whichever_view_logs_it(qtbot, station_window, db):
    """Two calls (one unanswered, one reached) are two attempts, not three: the cases
    view's "reached" explains the desk's handover too, and the desk cannot log it again."""
    from ult_desktop.db.visit import cases, handover

    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    _, case = escalate_with_callback(qtbot, fo, db)
    bo = station_window("bo")
    login(qtbot, bo, "dewi", counter=None)
    back_office_answers(qtbot, bo, "Cair bulan depan.")
    qtbot.waitUntil(lambda: get_case(db, case.id).state.value == "answered",
                    timeout=WAIT)

    fo.tabs.setCurrentWidget(fo.cases)
    qtbot.waitUntil(lambda: fo.cases.table.rowCount() >= 1, timeout=WAIT)
    fo.cases.table.selectRow(0)
    press(qtbot, fo.cases.btn_unreached)
    qtbot.waitUntil(lambda: get_case(db, case.id).callback_attempts == 1, timeout=WAIT)
    press(qtbot, fo.cases.btn_reached)
    qtbot.waitUntil(lambda: get_case(db, case.id).callback_done_at is not None,
                    timeout=WAIT)
    # the desk's handover is explained by that call: nothing left to log there
    today = office_day(utc_now(), "WIB")  # the office's day, not this machine's (UTC)
    [h] = [h for h in db.read(lambda c: handover.read_front_office_list(
        c, fo.session.officer.id, today)) if h.case_id == case.id]
    assert h.state.value == "explained" and h.explain_mode == "callback"
    fo.tabs.setCurrentWidget(fo.backoffice)
    qtbot.waitUntil(lambda: fo.backoffice.state is not None and all(
        x.state.value == "explained" for x in fo.backoffice.state.outgoing), timeout=WAIT)
    fo.backoffice.list.table.selectRow(0)
    assert not fo.backoffice.details.btn_callback.isEnabled()
    with pytest.raises(Exception, match="sudah dihubungi|already reached"):
        cases.record_callback(db, case_id=case.id, reached=True)
    assert get_case(db, case.id).callback_attempts == 2


def test_a_desk_call_back_then_the_cases_view_counts_once(db):
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, handover

    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    t = issue_ticket(db, service="B")
    call_next(db, counter=1, officer_id=sari)
    cases.finish_visit(db, counter=1, ticket_id=t.id, outcome="escalated",
                            record=RecordInput(visitor_name="Siti", phone="081234567890",
                                               question="Tunjangan?"),
                            officer_id=sari, callback_needed=True)
    [h] = db.read(lambda c: handover.read_back_office_list(c, dewi))
    handover.take(db, handover_id=h.id, officer_id=dewi)
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Cair.")
    handover.hand_back(db, handover_id=h.id, officer_id=dewi)
    handover.explain(db, handover_id=h.id, officer_id=sari, mode="callback")
    case = get_case(db, h.case_id)
    assert case.callback_attempts == 1 and case.callback_done_at is not None
    with pytest.raises(Exception, match="sudah dihubungi|already reached"):
        cases.record_callback(db, case_id=case.id, reached=True)
    assert get_case(db, case.id).callback_attempts == 1


def test_put_off_two_working_days_is_later_than_before(db):
    """On Tuesday 17 March 2026 (the day before Nyepi and the Idul Fitri cuti bersama), a
    case due on its tenggat put off by 2 working days gets a later date, never the old
    one; the holidays in between are named."""
    from datetime import datetime, timezone

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases

    tuesday = datetime(2026, 3, 17, 2, 0, tzinfo=timezone.utc)  # 09:00 WIB
    rec = register.save_record(db, record=RecordInput(visitor_name="Andi",
                                                      phone="081234567890",
                                                      question="Akun?"),
                               channel="phone", service="B", now=tuesday)
    case = cases.open_case(db, record_id=rec.id, now=tuesday)
    later = cases.reschedule_case(db, case_id=case.id, reason="Menunggu pusat data", days=2,
                                  now=tuesday)
    assert later.due_day > case.due_day
    calendar, _ = cases.calendar_and_today(db)
    assert calendar.working_days_between(case.due_day, later.due_day) == 2
    assert calendar.closed_between(date(2026, 3, 17), case.due_day)  # Nyepi, Idul Fitri


def test_sop_003_minutes_count_only_the_visitor_waiting_at_the_desk(db):
    """A walk-in escalation taken three hours later and a phone escalation are measured
    in working days, not against SOP 003's 3-minute mutu baku; a consultation is."""
    from datetime import datetime, timedelta, timezone

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, handover

    t0 = datetime(2026, 3, 17, 2, 0, tzinfo=timezone.utc)
    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    who = RecordInput(visitor_name="Andi", phone="081234567890", question="Akun?")
    rec = register.save_record(db, record=who, channel="phone", service="B", now=t0)
    cases.open_case(db, record_id=rec.id, officer_id=sari, now=t0)
    t = issue_ticket(db, service="B", now=t0)
    call_next(db, counter=1, officer_id=sari, now=t0)
    cases.finish_visit(db, counter=1, ticket_id=t.id, outcome="escalated", record=who,
                            officer_id=sari, now=t0)
    for h in db.read(lambda c: handover.read_back_office_list(c, dewi)):  # both taken three hours later
        handover.take(db, handover_id=h.id, officer_id=dewi, now=t0 + timedelta(hours=3))
    consult_ticket = issue_ticket(db, service="A", now=t0)
    call_next(db, counter=2, officer_id=sari, now=t0)
    c = handover.consult(db, from_officer=sari, ticket_id=consult_ticket.id, question="?",
                         now=t0 + timedelta(minutes=1))
    handover.take(db, handover_id=c.id, officer_id=dewi, now=t0 + timedelta(minutes=3))
    report = handover.sop_report(db, date(2026, 3, 1), date(2026, 3, 31))
    receive = next(s for s in report.steps if s.key == "receive")
    assert receive.count == 1 and receive.over == 0  # only the consultation
    assert report.unfinished == 3  # every handover still counts for the working days


def test_a_consultation_then_an_escalation_is_one_row_on_the_desk(qtbot, station_window, db):
    """The front office consults, the back office has not answered yet, and the visit is
    escalated at Selesai: the desk shows the visitor once, as the escalation."""
    from ult_desktop.db.visit import handover

    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    ticket = issue_ticket(db, service="B")
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: fo.queue.current() is not None, timeout=WAIT)
    fkey(qtbot, fo, "serve")
    fo.tabs.setCurrentWidget(fo.backoffice)
    fo.backoffice.details.question.setPlainText("Berkas PAK?")
    press(qtbot, fo.backoffice.details.btn_consult)
    qtbot.waitUntil(lambda: db.query("SELECT COUNT(*) FROM handovers")[0][0] == 1,
                    timeout=WAIT)
    fo.tabs.setCurrentWidget(fo.queue)
    form = queue_form(fo)
    form.name.setText("Siti Aminah")
    form.phone.setText("0812-3456-7890")
    form.question.setPlainText("Berkas PAK belum diproses")
    fkey(qtbot, fo, "finish")
    fo.queue.dialog.set_outcome("escalated")
    fo.queue.dialog.accept()
    qtbot.waitUntil(lambda: fo.queue.current() is None, timeout=WAIT)
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    [row] = db.read(lambda c: handover.read_back_office_list(c, dewi))
    assert row.kind.value == "escalation" and row.ticket_id == ticket.id and row.case_id
    bo = station_window("bo")
    login(qtbot, bo, "dewi", counter=None)
    qtbot.waitUntil(lambda: bo.backoffice.state is not None, timeout=WAIT)
    assert bo.backoffice.list.table.rowCount() == 1


def settle() -> None:
    """Let Qt apply every pending layout change (posted events) before measuring."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _where(w: CounterWindow, widget):
    from PySide6.QtCore import QPoint, QRect

    return QRect(widget.mapTo(w, QPoint(0, 0)), widget.size())


def test_the_counter_holds_still_at_1366x768(qtbot, station_window, db):
    """The buttons and the guest book stay where they are whatever the desk shows, and a
    status message appearing or clearing never moves the back-office desk (on the last
    round's main the left column went 724 -> 659 -> 798 px and the desk moved 18 px)."""
    fo = station_window("fo")
    fo.show()
    qtbot.waitExposed(fo)
    login(qtbot, fo, "sari", counter=1)
    q = fo.queue
    watched = [q.buttons[n] for n in ("call_next", "serve", "finish")] + [q.visit, q.lists]

    def places():
        return [_where(fo, x) for x in watched]

    qtbot.waitUntil(lambda: q.state is not None, timeout=WAIT)
    idle = places()
    issue_ticket(db, service="B")
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: q.current() is not None, timeout=WAIT)
    settle()
    assert places() == idle
    fkey(qtbot, fo, "serve")
    timer = child(fo, "service_timer")
    qtbot.waitUntil(lambda: "target" in timer.text(), timeout=WAIT)
    settle()
    assert places() == idle
    assert timer.heightForWidth(timer.width()) <= timer.height()

    fo.tabs.setCurrentWidget(fo.backoffice)
    desk = [fo.backoffice, fo.backoffice.details.btn_consult]
    before = [_where(fo, x) for x in desk]
    for text in ("Pesan yang panjang sekali " * 12, "Singkat", ""):
        fo.notify(text)
        settle()
        assert [_where(fo, x) for x in desk] == before


def test_the_escalated_visitor_leaves_with_a_receipt(qtbot, station_window, db):
    """F6 "diteruskan": the officer gets the case number, the topic and the tenggat (and
    why holidays stretch it) to read out; a forwarded phone request gets one too."""
    from ult_desktop.core.dates import long_date
    from ult_desktop.core.receipt import case_number

    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    _, case = escalate_with_callback(qtbot, fo, db)
    qtbot.waitUntil(lambda: fo.queue.receipt is not None and fo.queue.receipt.isVisible(),
                    timeout=WAIT)
    text = fo.queue.receipt.text.text()
    assert case_number(case.id) in text and "Tunjangan profesi" in text
    assert f"Jawaban paling lambat {long_date(case.due_day)}" in text
    assert "0812****7890" in text or "7890" in text  # the call-back number, masked
    assert "3456" not in text

    fo.tabs.setCurrentWidget(fo.remote)
    panel = fo.remote
    panel.phone_radio.setChecked(True)
    panel.service.setCurrentIndex(panel.service.findData("C"))
    panel.form.name.setText("Pak Joko")
    panel.form.phone.setText("024-7460123")
    panel.form.question.setPlainText("Akun Dapodik terkunci")
    panel.outcome.setCurrentIndex(panel.outcome.findData("back_office"))
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.receipt is not None and panel.receipt.isVisible(),
                    timeout=WAIT)
    assert "Jawaban paling lambat" in panel.receipt.text.text()


def test_the_receipt_says_why_holidays_stretch_the_tenggat(db):
    """Escalated on Tuesday 17 March 2026: Nyepi and the Idul Fitri days push the answer
    out, and the receipt names them."""
    from datetime import datetime, timezone

    from ult_desktop.core.receipt import receipt_lines
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases

    tuesday = datetime(2026, 3, 17, 2, 0, tzinfo=timezone.utc)
    rec = register.save_record(db, record=RecordInput(visitor_name="Andi", topic="PAK",
                                                      phone="081234567890",
                                                      question="Berkas PAK?"),
                               channel="phone", service="B", now=tuesday)
    cases.open_case(db, record_id=rec.id, callback_needed=True, now=tuesday)
    receipt = cases.receipt_for(db, record_id=rec.id)
    assert receipt.holidays and receipt.due > date(2026, 3, 20)
    lines = receipt_lines(receipt, "id")
    assert any("Nyepi" in line for line in lines), lines


def test_the_monthly_report_spreads_by_region_and_is_signed_by_the_head(db, tmp_path):
    """The guest book's kabupaten/kota, counted as entered, and the 'Mengetahui, Kepala
    …, NIP' block with the head of office set in the profile."""
    from datetime import datetime, timezone

    from tests.reports_month import pdf_text, row
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.house import office
    from ult_desktop.reports.pdf import build_pdf

    office.set_settings(db, head_title="Kepala BPMP Provinsi Jawa Tengah",
                        head_name="Dr. Siti Rahayu, M.Pd.", head_nip="197001011995122001")
    day = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
    where = [("33.74", "Kota Semarang")] * 3 + [("33.22", "Kabupaten Semarang")] + [("", "")]
    kinds = ["informasi", "pengaduan", "pengaduan", "konsultasi", "permohonan"]
    for i, (code, name) in enumerate(where):
        rec = register.save_record(db, record=RecordInput(
            visitor_name=f"Tamu {i}", region_code=code, region_name=name,
            phone="081234567890", question="?", request_type=kinds[i],
            answer="Dijawab" if i == 1 else ""), channel="phone", service="A", now=day)
        if i == 2:  # the second complaint goes on and is still open
            from ult_desktop.db.visit import cases

            cases.open_case(db, record_id=rec.id, now=day)
    out = build_pdf(db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / "maret.pdf")
    text = pdf_text(out)
    assert row(text, "Kota Semarang")[:2] == ["3", "60,0%"]
    assert row(text, "Kabupaten Semarang")[:1] == ["1"]
    assert row(text, "Pengaduan")[:2] == ["2", "40,0%"]
    assert row(text, "Informasi")[:1] == ["1"]
    assert "2 diterima, 1 dijawab atau selesai, 1 masih ditindaklanjuti" in \
        " ".join(text.split())
    assert "Mengetahui," in text and "Kepala BPMP Provinsi Jawa Tengah" in text
    assert "Dr. Siti Rahayu, M.Pd." in text and "NIP 197001011995122001" in text


def test_the_helpdesk_reschedules_what_it_cannot_solve_today(qtbot, station_window, db):
    """SOP 000 step 5: "jika tidak dapat diselesaikan, dijadwalkan ulang". The helpdesk
    keeps the case on its own desk with a tenggat, the visitor leaves with the date, and
    nothing waits in the back office's list."""
    from ult_desktop.db.visit import cases, handover

    ticket = issue_ticket(db, service="C")
    hd = station_window("hd")
    login(qtbot, hd, "rahmat", counter=3)
    fkey(qtbot, hd, "call_next")
    qtbot.waitUntil(lambda: hd.queue.current() is not None, timeout=WAIT)
    form = queue_form(hd)
    form.name.setText("Pak Joko")
    form.phone.setText("024-7460123")
    form.question.setPlainText("Data siswa tidak sinkron")
    fkey(qtbot, hd, "finish")
    assert "rescheduled" in hd.queue.dialog.radios
    hd.queue.dialog.set_outcome("rescheduled")
    hd.queue.dialog.callback.setChecked(True)
    hd.queue.dialog.accept()
    qtbot.waitUntil(lambda: hd.queue.current() is None, timeout=WAIT)
    assert queries.get_ticket(db, ticket_id=ticket.id).outcome == "rescheduled"
    [case] = [c for c in db.read(lambda c: cases.read_open_cases(c)) if c.record.ticket_id == ticket.id]
    rahmat = hd.session.officer.id
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    assert [h.case_id for h in db.read(lambda c: handover.read_back_office_list(c, rahmat))] == [case.id]
    assert db.read(lambda c: handover.read_back_office_list(c, dewi)) == []  # not thrown over the wall
    qtbot.waitUntil(lambda: hd.queue.receipt is not None, timeout=WAIT)
    assert "Jawaban paling lambat" in hd.queue.receipt.text.text()

    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    issue_ticket(db, service="A")
    fkey(qtbot, fo, "call_next")
    qtbot.waitUntil(lambda: fo.queue.current() is not None, timeout=WAIT)
    fkey(qtbot, fo, "finish")
    assert "rescheduled" not in fo.queue.dialog.radios  # the front office escalates
    fo.queue.dialog.reject()
