"""Complaints as SP4N-LAPOR! knows them: the tracking ID on the
record, LAPOR!'s one clock on the office calendar (the plan in 5 working days, the outcome
by category), and the CSV the office's LAPOR! administrator uploads."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import run_cli

from ult_desktop.core.register import RecordInput
from ult_desktop.db.visit import cases, register
from ult_desktop.reports.lapor import LAPOR_COLUMNS, complaints, export_lapor

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

WIB = timezone(timedelta(hours=7))


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


def complaint(db, day: str, lapor_id: str = "", **more) -> int:
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
        topic="Pelayanan lambat", question="Menunggu dua jam", lapor_id=lapor_id, **more),
        channel="phone", service="A", now=at(day))
    return rec.id


def test_the_clocks_run_on_working_days_and_the_export_carries_the_lapor_id(db, tmp_path):
    # Friday 2 October 2026 (a month without holidays); the weekend does not count
    fast = complaint(db, "2026-10-02", "6123456")
    case = cases.open_case(db, record_id=fast, callback_needed=True, now=at("2026-10-02", 10))
    cases.answer_case(db, case_id=case.id, answer="Loket siang ditambah",
                      now=at("2026-10-06"))  # Tuesday: 2 working days
    cases.record_callback(db, case_id=case.id, reached=True, now=at("2026-10-09"))  # Friday: 5
    slow = complaint(db, "2026-10-05")
    case2 = cases.open_case(db, record_id=slow, now=at("2026-10-05", 10))
    cases.answer_case(db, case_id=case2.id, answer="Sudah dicek", now=at("2026-10-19"))
    desk = complaint(db, "2026-10-07", answer="Dijelaskan langsung")  # answered by phone
    found = {c["number"]: c for c in db.read(lambda conn: complaints(
        conn, date(2026, 10, 1), date(2026, 10, 31), "WIB", date(2026, 11, 20)))}
    f, s, d = found[f"P-{fast:05d}"], found[f"P-{slow:05d}"], found[f"P-{desk:05d}"]
    assert (f["lapor_id"], f["first_days"], f["done_days"], f["plan"], f["done"]) == (
        "6123456", 2, 5, "met", "met")
    assert f["category"] == "pengaduan" and f["done_due"] == date(2026, 10, 9)
    # answered on day 10 (a holiday-free fortnight), never told: the outcome overdue
    assert s["first_days"] == 10 and s["done_days"] is None
    assert (s["plan"], s["done"]) == ("late", "overdue")
    assert (d["first_days"], d["done_days"], d["plan"], d["done"]) == (0, 0, "met", "met")
    out = export_lapor(db, date(2026, 10, 1), date(2026, 10, 31), tmp_path / "lapor.csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert tuple(table[0]) == LAPOR_COLUMNS
    row = next(r for r in table[1:] if r[1] == "6123456")
    assert row[2] == "2026-10-02" and row[8:] == ["2", "5", "selesai"]
    assert "081234567001" not in out.read_text(encoding="utf-8-sig")  # no phone, no name
    assert "Ibu Marni" not in out.read_text(encoding="utf-8-sig")


def test_the_command_line_writes_the_lapor_sheet(db_path, tmp_path):
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station="counter", mode="test")
    complaint(db, "2026-03-13", "1000001")
    db.close()
    done = run_cli("report", "--db", str(db_path), "--from", "2026-03-01", "--to",
                   "2026-03-31", "--format", "lapor", "--out", str(tmp_path / "l.csv"))
    assert done.returncode == 0, done.stderr
    assert "1000001" in (tmp_path / "l.csv").read_text(encoding="utf-8-sig")


def test_the_register_form_asks_the_lapor_id_for_complaints_only(qtbot):
    from ult_desktop.ui.counter.register_form import RegisterForm

    form = RegisterForm()
    qtbot.addWidget(form)
    assert form.lapor_id.isHidden()
    form.request_type.setCurrentIndex(form.request_type.findData("pengaduan"))
    assert not form.lapor_id.isHidden()
    form.lapor_id.setText("7700077")
    assert form.value().lapor_id == "7700077"
    form.request_type.setCurrentIndex(form.request_type.findData("informasi"))
    assert form.lapor_id.isHidden() and form.value().lapor_id == ""
