"""SP4N-LAPOR!'s clock by category, on the office's holiday calendar: information or a
complaint 5 working days, a dispute without a field check 14, with one 60, a follow-up
plan 5; the back-office desk is warned before each deadline (never counting the cuti
bersama in between), and the year's record goes into the evidence pack."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone

import pytest

from ult_desktop.core.evidence import LAPOR_DAYS, lapor_clock
from ult_desktop.core.register import RecordInput
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db import errors
from ult_desktop.db.visit import cases, register
from ult_desktop.reports.evidence import build_evidence

WIB = timezone(timedelta(hours=7))
#: Monday 16 March 2026: Nyepi and Idul Fitri's cuti bersama close 18-24 March.
RECEIVED = date(2026, 3, 16)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


def _report(db, category: str, lapor_id: str) -> int:
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Pak Harun", phone="081234567002", request_type="pengaduan",
        topic="LAPOR!", question="Tunjangan tidak cair", lapor_id=lapor_id),
        channel="online", service="B", now=at(RECEIVED))
    case = cases.open_case(db, record_id=rec.id, now=at(RECEIVED))
    cases.set_lapor_category(db, case_id=case.id, category=category, now=at(RECEIVED))
    return case.id


def test_the_deadlines_skip_the_cuti_bersama():
    cal = OfficeCalendar.from_settings({})
    clocks = {c: lapor_clock(cal, RECEIVED, c, RECEIVED) for c in LAPOR_DAYS}
    # 17 March, then 25, 26, 27 and 30 March: five working days past the closed week
    assert {c["plan_due"] for c in clocks.values()} == {date(2026, 3, 30)}
    assert clocks["informasi"]["done_due"] == clocks["pengaduan"]["done_due"] == \
        date(2026, 3, 30)
    assert clocks["sengketa"]["done_due"] == date(2026, 4, 13)  # 3 April is Good Friday
    assert clocks["sengketa_lapangan"]["done_due"] > date(2026, 6, 1)
    late = lapor_clock(cal, RECEIVED, "pengaduan", date(2026, 4, 1),
                       plan_on=date(2026, 3, 27))
    assert (late["plan"], late["done"]) == ("met", "overdue")


def test_each_category_is_warned_before_its_deadline(db):
    ids = {c: _report(db, c, f"40000{i}") for i, c in enumerate(LAPOR_DAYS)}
    # Friday 20 March (cuti bersama): 4 working days to the plan, nothing warned yet
    assert db.read(lambda conn: cases.read_lapor_warnings(conn, date(2026, 3, 20))) == []
    warned = {w["case_id"]: w for w in db.read(
        lambda conn: cases.read_lapor_warnings(conn, date(2026, 3, 26)))}
    assert set(warned) == set(ids.values())  # every plan due on 30 March
    assert all(w["plan"] == "warn" for w in warned.values())
    assert warned[ids["pengaduan"]]["done"] == "warn"
    assert warned[ids["sengketa"]]["done"] == "running"
    cases.answer_case(db, case_id=ids["sengketa"], answer="Rencana: cek data Dapodik",
                      now=at(date(2026, 3, 27)))
    warned = {w["case_id"]: w for w in db.read(
        lambda conn: cases.read_lapor_warnings(conn, date(2026, 4, 9)))}
    assert warned[ids["sengketa"]]["plan"] == "met"
    assert warned[ids["sengketa"]]["done"] == "warn"  # 10 and 13 April left
    assert warned[ids["informasi"]]["done"] == "overdue"
    assert ids["sengketa_lapangan"] in warned and \
        warned[ids["sengketa_lapangan"]]["done"] == "running"  # only its plan is late
    with pytest.raises(errors.RuleViolation, match="Kategori LAPOR! tidak dikenal"):
        cases.set_lapor_category(db, case_id=ids["informasi"], category="keluhan")


def test_the_years_lapor_record_is_in_the_evidence_pack_on_one_clock(db, tmp_path):
    """The pack gives each complaint and LAPOR! report one clock (the plan in 5 working
    days, the outcome by category), in one item, and numbers every item once."""
    _report(db, "sengketa", "4000077")
    desk = register.save_record(db, record=RecordInput(  # a complaint with no category
        visitor_name="Bu Nani", phone="081234567005", request_type="pengaduan",
        topic="Antrean", question="Lama", answer="Dijelaskan langsung"),
        channel="phone", service="B", now=at(RECEIVED))
    written = build_evidence(db, 2026, tmp_path / "bukti", now=at(date(2026, 4, 20)))
    names = [p.stem for p in written if p.suffix == ".pdf" and p.stem != "00 Daftar isi"]
    numbers = [n.split(" ")[0] for n in names]
    assert len(numbers) == len(set(numbers)), sorted(numbers)
    [sheet] = [p for p in written if p.name == "5.1 Pengaduan dan waktu penanganan.csv"]
    text = sheet.read_text(encoding="utf-8-sig")
    assert "3/5/10" not in text and "≤ 3 hari" not in text
    assert not [p for p in written if "LAPOR" in p.name]  # no second item for the same reports
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    [row] = [r for r in rows if "4000077" in r]
    assert "sengketa tanpa cek lapangan (14 hari kerja)" in row
    assert row.count("lewat tenggat") == 2  # neither a plan nor an answer by 20 April
    [walk_in] = [r for r in rows if r and r[0] == f"P-{desk.id:05d}"]
    assert "pengaduan (5 hari kerja)" in walk_in and walk_in.count("tepat waktu") == 2


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_back_office_desk_shows_the_warnings(qtbot, make_window, db):
    from tests.drivers import WAIT, login

    now = datetime.now(timezone.utc)
    old = register.save_record(db, record=RecordInput(
        visitor_name="Bu Ratna", phone="081234567003", question="Ijazah tertahan",
        lapor_id="400009"), channel="online", service="B", now=now - timedelta(days=30))
    fresh = register.save_record(db, record=RecordInput(
        visitor_name="Pak Yusuf", phone="081234567004", question="Sengketa lahan sekolah",
        lapor_id="4000010"), channel="online", service="B", now=now)
    for rec, category in ((old, "pengaduan"), (fresh, "sengketa_lapangan")):
        case = cases.open_case(db, record_id=rec.id)
        cases.set_lapor_category(db, case_id=case.id, category=category)
    bo = make_window(station_id="backoffice-test")
    login(qtbot, bo, "dewi", counter=None)
    bo.tabs.setCurrentWidget(bo.backoffice)
    bo.backoffice.refresh()
    qtbot.waitUntil(lambda: bo.backoffice.lapor.isVisibleTo(bo), timeout=WAIT)
    text = bo.backoffice.lapor.text()
    assert "LAPOR! 400009 (Bu Ratna): rencana tindak lanjut paling lambat" in text
    assert "lewat tenggat" in text
    assert "4000010" not in text  # its plan is 5 working days away


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_an_officer_marks_a_case_a_lapor_report_of_its_category(qtbot, make_window, db):
    from tests.drivers import WAIT, login

    rec = register.save_record(db, record=RecordInput(
        visitor_name="Bu Sinta", phone="081234567005", question="Sertifikasi tertunda",
        lapor_id="4000011"), channel="online", service="B")
    case = cases.open_case(db, record_id=rec.id)
    w = make_window(station_id="backoffice-test")
    login(qtbot, w, "dewi", counter=None)
    w.tabs.setCurrentWidget(w.cases)
    qtbot.waitUntil(lambda: w.cases.table.rowCount() == 1, timeout=WAIT)
    w.cases.table.selectRow(0)
    qtbot.waitUntil(lambda: w.cases.lapor.isEnabled(), timeout=WAIT)
    w.cases.lapor.setCurrentIndex(w.cases.lapor.findData("sengketa"))
    w.cases.lapor.activated.emit(w.cases.lapor.currentIndex())
    qtbot.waitUntil(lambda: db.read(lambda c: cases.read_case(c, case.id)).lapor_category
                    == "sengketa", timeout=WAIT)
    [event] = db.query("SELECT data FROM events WHERE kind = 'case_lapor_category'")
    assert '"category": "sengketa"' in event["data"] or '"category":"sengketa"' in event["data"]


def test_the_desk_and_the_reports_read_one_clock_for_each_report(db):
    """A report whose complainant was told by a call-back is done on the desk as in the
    LAPOR! sheet and the evidence pack, though the case is not closed yet; day by day the
    desk's clocks equal the reports'."""
    from ult_desktop.reports.lapor import complaints

    told = _report(db, "pengaduan", "4000101")  # answered, called back, left open
    cases.answer_case(db, case_id=told, answer="Sudah cair", callback_needed=True,
                      now=at(date(2026, 3, 17)))
    cases.record_callback(db, case_id=told, reached=True, now=at(date(2026, 3, 26)))
    late = _report(db, "pengaduan", "4000102")  # answered at once, closed after its day
    cases.answer_case(db, case_id=late, answer="Diproses", now=at(date(2026, 3, 17)))
    cases.close_case(db, case_id=late, now=at(date(2026, 4, 2)))
    _report(db, "sengketa", "4000103")  # nothing done
    for day in (date(2026, 3, 26), date(2026, 3, 31), date(2026, 4, 9), date(2026, 4, 20)):
        desk = {c["lapor_id"]: (c["plan"], c["done"]) for c in db.read(
            lambda conn, day=day: cases.read_lapor_clocks(conn, day))}
        sheet = {c["lapor_id"]: (c["plan"], c["done"]) for c in db.read(
            lambda conn, day=day: complaints(conn, RECEIVED, RECEIVED, "WIB", day))}
        assert desk == sheet, day
    assert desk["4000101"] == ("met", "met")  # told on 26 March, due 30 March
    assert desk["4000102"] == ("met", "late")  # closed 2 April
    assert desk["4000103"] == ("overdue", "overdue")
    assert told not in {w["case_id"] for w in db.read(
        lambda conn: cases.read_lapor_warnings(conn, date(2026, 3, 31)))}
