"""A scripted SOP 000-004 day through the screens on one file: walk-in,
priority, consultation, escalation and back with a call-back, a phone complaint put off,
an online request, the helpdesk's reschedule, and the survey; it ends with a monthly
report whose every figure equals what was done, step by step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, back_office_answers, fkey, get_case, login, press, queue_form
from ult_desktop.db import queries
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def fill(form, name, *, phone="", question="", kind="informasi", region=""):
    form.name.setText(name)
    form.phone.setText(phone)
    if region:
        form.region.setText(region)
    form.question.setPlainText(question)
    form.request_type.setCurrentIndex(form.request_type.findData(kind))


def finish(qtbot, w, outcome="answered", callback=False):
    fkey(qtbot, w, "finish")
    w.queue.dialog.set_outcome(outcome)
    if callback:
        w.queue.dialog.callback.setChecked(True)
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: w.queue.current() is None, timeout=WAIT)
    qtbot.waitUntil(lambda: not w.queue.finishes.pending, timeout=WAIT)  # in the record
    if w.queue.receipt is not None:
        w.queue.receipt.accept()


def call(qtbot, w, number):
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None and
                    w.queue.current().number == number, timeout=WAIT)
    qtbot.waitUntil(queue_form(w).isEnabled, timeout=WAIT)


def test_an_sop_day_ends_in_a_report_that_equals_what_was_done(qtbot, station_window, db):
    from ult_desktop.reports.data import collect

    # the kiosk's tickets of the morning
    a1 = issue_ticket(db, service="A")
    p1 = issue_ticket(db, service="A", priority=True, priority_group="lansia")
    b1 = issue_ticket(db, service="B")
    b2 = issue_ticket(db, service="B")
    c1 = issue_ticket(db, service="C")

    fo = station_window("fo")
    login(qtbot, fo, "sari", counter=1)
    hd = station_window("hd")
    login(qtbot, hd, "rahmat", counter=3)
    bo = station_window("bo")
    login(qtbot, bo, "dewi", counter=None)

    # SOP 003 walk-in, answered at the desk
    call(qtbot, fo, a1.number)
    fill(queue_form(fo), "Siti", region="Kota Semarang, Jawa Tengah")
    finish(qtbot, fo)
    # the priority visitor goes to the priority counter (Loket 3)
    call(qtbot, hd, p1.number)
    fill(queue_form(hd), "Mbah Karto", region="Kota Semarang, Jawa Tengah")
    finish(qtbot, hd)
    # a consultation: the back office answers while the visitor waits
    call(qtbot, fo, b1.number)
    fkey(qtbot, fo, "serve")
    fill(queue_form(fo), "Budi", question="Tunjangan belum cair", kind="konsultasi",
         region="Kabupaten Semarang, Jawa Tengah")
    fo.tabs.setCurrentWidget(fo.backoffice)
    fo.backoffice.details.question.setPlainText("Kapan tunjangan Budi cair?")
    press(qtbot, fo.backoffice.details.btn_consult)
    back_office_answers(qtbot, bo, "Cair bulan depan.")
    qtbot.waitUntil(lambda: queue_form(fo).answer.toPlainText() == "Cair bulan depan.",
                    timeout=WAIT)
    fo.tabs.setCurrentWidget(fo.queue)
    finish(qtbot, fo)
    # escalated with a call-back: answered at the desk, told by phone
    call(qtbot, fo, b2.number)
    fill(queue_form(fo), "Ani", phone="0812-3456-7890", question="Berkas PAK hilang",
         kind="permohonan", region="Kota Semarang, Jawa Tengah")
    finish(qtbot, fo, "escalated", callback=True)
    back_office_answers(qtbot, bo, "Berkas ditemukan, diproses.")
    [esc] = [c for c in db.read(lambda c: cases.read_open_cases(c)) if c.record.ticket_id == b2.id]
    fo.tabs.setCurrentWidget(fo.cases)
    qtbot.waitUntil(lambda: any(c.id == esc.id and c.state.value == "answered"
                                for c in fo.cases.cases), timeout=WAIT)
    fo.cases.table.selectRow(next(i for i in range(fo.cases.table.rowCount())
                                  if fo.cases.table.item(i, 0).data(Qt.UserRole) == esc.id))
    press(qtbot, fo.cases.btn_reached)
    qtbot.waitUntil(lambda: get_case(db, esc.id).callback_done_at is not None,
                    timeout=WAIT)
    # SOP 000: the helpdesk cannot solve it today and reschedules
    call(qtbot, hd, c1.number)
    fill(queue_form(hd), "Pak Joko", phone="024-7460123", question="Data tidak sinkron",
         region="Kabupaten Demak, Jawa Tengah")
    finish(qtbot, hd, "rescheduled")
    # SOP 001/002: a phone complaint forwarded, and an online request answered
    fo.tabs.setCurrentWidget(fo.remote)
    panel = fo.remote
    panel.phone_radio.setChecked(True)
    panel.service.setCurrentIndex(panel.service.findData("A"))
    fill(panel.form, "Ibu Rina", phone="0813-1111-2222", question="Petugas tidak ramah",
         kind="pengaduan", region="Kota Semarang, Jawa Tengah")
    panel.outcome.setCurrentIndex(panel.outcome.findData("back_office"))
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.receipt is not None, timeout=WAIT)
    panel.receipt.accept()
    panel.online_radio.setChecked(True)
    panel.service.setCurrentIndex(panel.service.findData("C"))
    fill(panel.form, "Pak Dedi", question="Reset akun", region="Kabupaten Demak, Jawa Tengah")
    panel.form.email.setText("dedi@example.sch.id")
    panel.online_ref.setText("DR-2026-000777")
    panel.form.answer.setPlainText("Sudah direset.")
    panel.outcome.setCurrentIndex(0)
    qtbot.mouseClick(panel.save_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WAIT)
    # the complaint is put off by the back office: 2 working days
    [complaint] = [c for c in db.read(lambda c: cases.read_open_cases(c)) if c.record.data.request_type == "pengaduan"]
    cases.reschedule_case(db, case_id=complaint.id, reason="Menunggu klarifikasi",
                          days=2, officer_id=bo.session.officer.id)

    # SOP 004: the survey, on the tablet (four visitors, by the code on their ticket)
    # and on a numbered paper sheet (one)
    from ult_desktop.app.survey_queue import AnswerQueue
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.survey import skm as skm_db

    set_settings(db, skm_min_group=4)  # this office's smallest group: four answers
    tablet = AnswerQueue()
    for t, mark in ((a1, 4), (p1, 4), (b1, 3), (b2, 3)):
        tablet.submit(db, ticket_code=t.code, answers=[mark] * 9)
    assert tablet.waiting() == 0  # the fourth answer completed the batch
    today = date.fromisoformat(queries.today(db))
    c_service = db.query("SELECT id FROM services WHERE prefix = 'C'")[0][0]
    skm_db.record_response(db, service_id=c_service, period=f"{today:%Y-%m}",
                           source="paper", answers=[2] * 9, sheet_no=1)

    # the monthly report: every figure is what was done above
    data = collect(db, today.replace(day=1), today)
    totals = data.totals()
    assert totals["tickets"] == 5 and totals["priority"] == 1
    assert totals["served"] == 5 and totals["unfinished"] == 0
    assert data.per_channel() == {"walk_in": 5, "phone": 1, "online": 1}
    outcomes = {t.number: t.outcome for t in data.tickets}
    assert outcomes == {a1.number: "answered", p1.number: "answered",
                        b1.number: "consulted", b2.number: "escalated",
                        c1.number: "rescheduled"}
    [group] = [g for g in data.per_priority_group() if g["tickets"]]
    assert group["group"] == "elderly" and group["served"] == 1  # kiosk: lansia
    esc_total = data.escalation_counts()[-1]
    # rescheduled: the complaint the back office put off, and the helpdesk's own visit
    # (SOP 000 step 5: counted as rescheduled, never as passed on)
    assert esc_total["opened"] == 3 and esc_total["rescheduled"] == 2
    assert data.request_types == {"informasi": 4, "konsultasi": 1, "permohonan": 1,
                                  "pengaduan": 1}
    assert data.complaints == (1, 0, 1)
    assert dict(data.regions) == {"Kota Semarang": 4, "Kabupaten Semarang": 1,
                                  "Kabupaten Demak": 2}
    consult = next(s for s in data.sop.steps if s.key == "consult")
    assert consult.count == 1  # only the consultation is timed in SOP 003's minutes
    assert get_case(db, esc.id).callback_attempts == 1
    # the SKM of the month is published only once the month is closed ...
    assert data.skm is None
    from datetime import datetime, timedelta, timezone

    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    closed = collect(db, today.replace(day=1), next_month - timedelta(days=1),
                     now=datetime.combine(next_month, datetime.min.time(),
                                          tzinfo=timezone.utc) + timedelta(hours=3))
    # ... then: five respondents (four tablet, one paper) for five people served
    assert closed.skm is not None and closed.skm.respondents == 5
    assert float(closed.skm.ikm) == pytest.approx((4 * 2 + 3 * 2 + 2) / 5 * 25, abs=0.01)


def test_a_permit_request_is_its_own_kind_in_the_guest_book_and_the_report(db, tmp_path):
    """SOP 003 step 2 names four kinds (informasi, pengaduan, perizinan, pengurusan):
    perizinan is one the officer can choose, and the monthly report counts it apart."""
    from datetime import date, datetime, timezone

    from pypdf import PdfReader

    from ult_desktop.core.register import REQUEST_TYPES, RecordInput
    from ult_desktop.db.visit import register
    from ult_desktop.reports.data import read_report
    from ult_desktop.reports.pdf import build_pdf

    assert "perizinan" in REQUEST_TYPES
    day = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
    register.save_record(db, record=RecordInput(visitor_name="Tamu", request_type="perizinan",
                                                phone="081234567890",
                                                question="Izin penelitian?"),
                         channel="phone", service="A", now=day)
    data = db.read(lambda conn: read_report(conn, date(2026, 3, 1), date(2026, 3, 31)))
    assert data.request_types == {"perizinan": 1}
    pdf = build_pdf(db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / "maret.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Perizinan" in text
