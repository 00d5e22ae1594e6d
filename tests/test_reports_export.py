"""CSV/XLSX exports and the ``report`` command, on a real office file."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone

import openpyxl
import pytest

from tests.conftest import run_cli
from tests.drivers import sheet_before_36, submit_survey
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish, recall, skip, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import register
from ult_desktop.reports.export import (
    REGISTER_COLUMNS,
    SKM_COLUMNS,
    TICKET_COLUMNS,
    export_csv,
    export_xlsx,
    header,
    skm_rows,
)

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)  # Monday 08:30 WIB
D = date(2026, 3, 2)


@pytest.fixture
def office(db):
    """Three tickets (one served, rated and registered; one skipped; one waiting) and a
    phone request."""
    a = issue_ticket(db, service="A", now=T0)
    issue_ticket(db, service="C", now=T0 + timedelta(minutes=2))
    assert call_next(db, counter=1, now=T0 + timedelta(minutes=4)).number == "A-001"
    p = issue_ticket(db, service="B", priority=True, now=T0 + timedelta(minutes=4.5))
    db.test_codes = {"A-001": a.code, "P-001": p.code}  # the file keeps only hashes
    recall(db, counter=1, now=T0 + timedelta(minutes=6))
    start_serving(db, counter=1, now=T0 + timedelta(minutes=7))
    register.save_record(db, record=RecordInput(visitor_name="Ibu Ani", phone="081234567890",
                                                id_number="3374012345670001"),
                         channel="walk_in", ticket_id=a.id, now=T0 + timedelta(minutes=8))
    finish(db, counter=1, now=T0 + timedelta(minutes=12))
    submit_survey(db, ticket_code=a.code, answers=[4, 3, 3, 4, 3, 4, 4, 3, 2],
                  now=T0 + timedelta(minutes=13))
    assert call_next(db, counter=3, now=T0 + timedelta(minutes=5)).number == "P-001"
    skip(db, counter=3, now=T0 + timedelta(minutes=8))
    register.save_record(db, record=RecordInput(visitor_name="Pak Budi", phone="08129999000"),
                         channel="phone", service="B", now=T0 + timedelta(hours=1))
    return db


def test_xlsx_opens_with_its_columns(office, tmp_path):
    set_settings(office, skm_min_group=1)  # the one answer is shown (the rule: below)
    out = export_xlsx(office, D, D, tmp_path / "ekspor.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tiket", "Register", "SKM", "Verifikasi"]
    tickets = list(book["Tiket"].values)
    assert list(tickets[0]) == header(TICKET_COLUMNS, "id")
    assert tickets[0][:3] == ("Tanggal", "Nomor", "Kode layanan")
    assert [r[1] for r in tickets[1:]] == ["A-001", "C-001", "P-001"]
    first = dict(zip(tickets[0], tickets[1], strict=True))
    assert first["Nomor"] == "A-001"
    assert first["Waktu ambil tiket"] == datetime(2026, 3, 2, 8, 30)  # office time, WIB
    assert first["Panggilan pertama"] == datetime(2026, 3, 2, 8, 34)  # not the recall
    assert first["Waktu tunggu (menit)"] == 4
    assert first["Waktu layanan (menit)"] == 5
    # whether a visitor answered the survey is not linkable to the visit
    assert "Mengisi SKM" not in first
    priority = dict(zip(tickets[0], tickets[3], strict=True))
    assert (priority["Nomor"], priority["Prioritas"], priority["Status"]) == ("P-001", "Ya",
                                                                            "skipped")
    assert priority["Waktu layanan (menit)"] is None
    reg = list(book["Register"].values)
    assert list(reg[0]) == header(REGISTER_COLUMNS, "id")
    rows = [dict(zip(reg[0], r, strict=True)) for r in reg[1:]]
    assert [(r["Kanal"], r["Nama"]) for r in rows] == [("walk_in", "Ibu Ani"),
                                                       ("phone", "Pak Budi")]
    assert rows[0]["NIK/NIP (disamarkan)"] == "3374********0001"
    assert "3374012345670001" not in json.dumps([list(map(str, r)) for r in reg])
    skm = list(book["SKM"].values)
    assert list(skm[0]) == header(SKM_COLUMNS, "id")
    assert skm[1][1:11] == ("A", 4, 3, 3, 4, 3, 4, 4, 3, 2)
    assert skm[1][11] == "tablet"  # source; no ticket, officer or day in this sheet


def test_skm_rows_each_stay_one_of_the_minimum_group(db):
    """The raw answers leave no row in a group under the minimum (5): a small
    month is left out, a small service is named "Lainnya (digabung)" with the next
    smallest, and the month still running is never exported."""
    ids = {r[0]: r[1] for r in db.query("SELECT prefix, id FROM services")}
    plan = {"2026-03": {"A": 4, "B": 1}, "2026-04": {"A": 6, "B": 2, "C": 3},
            "2026-05": {"A": 3}, "2026-06": {"A": 6}}
    for month, counts in plan.items():
        for prefix, n in counts.items():
            for _ in range(n):
                sheet_before_36(db, service_id=ids[prefix], period=month, source="paper",
                                answers=[3] * 9)
    june = datetime(2026, 6, 20, 3, tzinfo=timezone.utc)  # June has not ended yet
    rows = skm_rows(db, date(2026, 3, 1), date(2026, 6, 30), now=june)
    seen: dict = {}
    for r in rows:
        seen.setdefault(r["period"], {}).setdefault(r["service"], 0)
        seen[r["period"]][r["service"]] += 1
    assert seen == {"2026-03": {"Lainnya (digabung)": 5},
                    "2026-04": {"A": 6, "Lainnya (digabung)": 5}}
    later = skm_rows(db, date(2026, 3, 1), date(2026, 6, 30), lang="en",
                     now=june + timedelta(days=12))
    assert {(r["period"], r["service"]) for r in later} >= {("2026-06", "A"),
                                                            ("2026-04", "Other (merged)")}


def test_csv_tickets_and_register(office, tmp_path):
    files = export_csv(office, D, D, tmp_path / "tiket.csv", lang="en")
    assert [f.name for f in files] == ["tiket.csv", "tiket_register.csv"]
    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    # as Indonesian Excel opens it: ";" between values, decimal commas
    with open(files[0], encoding="utf-8-sig", newline="") as f:
        *rows, stamp = list(csv.DictReader(f, delimiter=";"))
    assert list(stamp.values())[0].startswith("NOT VERIFIED")  # the last line: verified or not
    assert [r["Number"] for r in rows] == ["A-001", "C-001", "P-001"]
    assert rows[0]["Issued at"] == "2026-03-02 08:30:00"
    assert rows[0]["Waiting (min)"] == "4,0" and rows[0]["Service (min)"] == "5,0"
    assert rows[2]["Priority"] == "1" and rows[1]["First call"] == ""
    with open(files[1], encoding="utf-8-sig", newline="") as f:
        reg = list(csv.DictReader(f, delimiter=";"))[:-1]
    assert [r["Channel"] for r in reg] == ["walk_in", "phone"]


def test_export_of_an_empty_period_has_headers_only(db, tmp_path):
    out = export_xlsx(db, date(2030, 1, 1), date(2030, 1, 31), tmp_path / "kosong.xlsx")
    book = openpyxl.load_workbook(out)
    assert [len(list(book[s].values)) for s in book.sheetnames] == [1, 1, 1, 1]
    files = export_csv(db, date(2030, 1, 1), date(2030, 1, 31), tmp_path / "kosong.csv")
    assert len(files) == 1  # no register file when the register is empty


def test_report_command_writes_each_format(office, db_target, tmp_path):
    office.close()
    for fmt in ("pdf", "csv", "xlsx"):
        out = tmp_path / f"laporan.{fmt}"
        result = run_cli("report", "--db", str(db_target), "--from", "2026-03-01", "--to",
                         "2026-03-31", "--format", fmt, "--out", str(out), "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["files"][0] == str(out) and out.stat().st_size > 0
    assert (tmp_path / "laporan.pdf").read_bytes().startswith(b"%PDF")


def test_report_command_errors_are_one_line(db_target, tmp_path):
    bad = run_cli("report", "--db", str(db_target), "--from", "2026-13-01", "--to",
                  "2026-03-31", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "TTTT-BB-HH" in bad.stderr
    nowhere = run_cli("report", "--db", str(db_target), "--from", "2026-03-01", "--to",
                      "2026-03-31", "--out", str(tmp_path / "no" / "x.pdf"))
    assert nowhere.returncode == 4 and "tidak dapat ditulis" in nowhere.stderr
    unknown = run_cli("report", "--db", str(db_target), "--from", "2026-03-01", "--to",
                      "2026-03-31", "--out", str(tmp_path / "x.doc"))
    assert unknown.returncode == 2


def test_skm_answer_command(office, db_target):
    skipped = office.test_codes["P-001"]
    now = datetime.now(timezone.utc).replace(hour=2, minute=30)  # 09:30 WIB
    now -= timedelta(days=1)
    while now.weekday() >= 5:  # a recent working morning: within the answer window
        now -= timedelta(days=1)
    ticket = issue_ticket(office, service="A", now=now)
    call_next(office, counter=1, now=now)
    finish(office, counter=1, now=now)
    office.close()
    ok = run_cli("skm-answer", "--db", str(db_target), "--code", ticket.code.lower(),
                 "--answers", "4, 3,3,4,3,4,4,3,2", "--json")
    assert ok.returncode == 0, ok.stderr
    result = json.loads(ok.stdout)
    assert result["waiting"] == 1 and result["written"] == 0  # waits for its batch
    again = run_cli("skm-answer", "--db", str(db_target), "--code", ticket.code, "--answers",
                    "4,4,4,4,4,4,4,4,4")
    assert again.returncode == 6 and "sudah diisi" in again.stderr
    not_served = run_cli("skm-answer", "--db", str(db_target), "--code", skipped, "--answers",
                         "4,4,4,4,4,4,4,4,4")
    assert not_served.returncode == 6 and "belum selesai" in not_served.stderr
    short = run_cli("skm-answer", "--db", str(db_target), "--code", skipped, "--answers", "4,4")
    assert short.returncode == 2 and "pilih satu jawaban" in short.stderr


def _held_open(monkeypatch, name: str) -> None:
    """Windows refuses to replace *name* while another program holds it (WinError 32, as
    CPython raises it there: PermissionError)."""
    import os as _os

    real = _os.replace

    def refuse(src, dst, *a, **k):
        if str(dst).endswith(name):
            exc = PermissionError(13, "The process cannot access the file because it is "
                                  "being used by another process", str(dst))
            exc.winerror = 32
            raise exc
        return real(src, dst, *a, **k)

    monkeypatch.setattr(_os, "replace", refuse)


def test_a_report_open_in_excel_says_close_it_in_excel(db, tmp_path, monkeypatch):
    """L3: Windows refuses to replace a workbook Excel holds; the person reads one
    sentence saying what to do."""
    from datetime import date as _date

    from ult_desktop.core.errors import ReportFileLocked
    from ult_desktop.core.i18n import set_language
    from ult_desktop.reports.export import write_csv

    _held_open(monkeypatch, "laporan.csv")
    set_language("en")
    with pytest.raises(ReportFileLocked) as info:
        write_csv(tmp_path / "laporan.csv", [("day", "text")], [{"day": str(_date.today())}])
    assert "close it in Excel" in str(info.value)
    assert not list(tmp_path.glob("*.part"))


def test_a_monthly_pdf_open_in_a_viewer_says_close_it(db, tmp_path, monkeypatch):
    """L3 for the monthly PDF too: a PDF viewer on Windows holds the file like Excel."""
    from ult_desktop.core.errors import ReportFileLocked
    from ult_desktop.core.i18n import set_language
    from ult_desktop.reports.pdf import build_pdf

    _held_open(monkeypatch, "bulanan.pdf")
    set_language("en")
    with pytest.raises(ReportFileLocked) as info:
        build_pdf(db, D, D, tmp_path / "bulanan.pdf")
    assert "close it in Excel (or the PDF viewer)" in str(info.value)
    assert not list(tmp_path.glob("*.part"))
