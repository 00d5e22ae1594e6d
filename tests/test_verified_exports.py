"""Every export verifies before it claims: the LAPOR! sheet, the CSV exports and the
evidence pack's CSVs carry the same verified / NOT VERIFIED line as the PDFs (their
last line), and each is recorded as issued (a signed ``report_issued`` event). The
attack: a file changed with plain ``sqlite3`` gave a LAPOR! sheet with no mark and no
trace, and evidence CSVs with no verification line."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.drivers import admin_pc
from ult_desktop.core.register import RecordInput
from ult_desktop.db.visit import register
from ult_desktop.reports.evidence import build_evidence
from ult_desktop.reports.export import export_csv
from ult_desktop.reports.lapor import export_lapor

#: the office's day (WIB) may be tomorrow in UTC: a period wide enough for both
TODAY = datetime.now(timezone.utc).date()
PERIOD = (TODAY.replace(day=1) - timedelta(days=1), TODAY + timedelta(days=1))


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    """The admin PC (the office's root, pinned here) and a complaint in the guest book."""
    admin, _ = admin_pc(db_path, tmp_path / "key-admin")
    register.save_record(admin, record=RecordInput(
        visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
        topic="Pelayanan lambat", question="Menunggu dua jam"), channel="phone", service="A")
    yield admin
    admin.close()


def last_line(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))[-1]


def issued(db) -> dict[str, dict]:
    """The newest ``report_issued`` event of each report."""
    out = {}
    for (data,) in db.query("SELECT data FROM events WHERE kind = 'report_issued' "
                            "ORDER BY id"):
        d = json.loads(data)
        out[d["report"]] = d
    return out


def exports(db, folder: Path) -> list[Path]:
    folder.mkdir()
    files = [*export_csv(db, *PERIOD, folder / "tiket.csv"),
             export_lapor(db, *PERIOD, folder / "lapor.csv")]
    pack = build_evidence(db, TODAY.year, folder / "bukti")
    return files + [p for p in pack if p.suffix == ".csv"]


def test_every_csv_says_whether_its_figures_were_verified(office, db_path, tmp_path):
    clean = exports(office, tmp_path / "clean")
    assert len(clean) >= 8
    for path in clean:
        line = last_line(path)
        assert len(line) == 1 and line[0].startswith("Direkonsiliasi dengan jejak audit"), path
    assert issued(office)["lapor"]["verified"] is True
    with sqlite3.connect(db_path) as conn:  # an insider's edit, past the app
        conn.execute("UPDATE register_records SET topic = 'Sudah beres' WHERE id = "
                     "(SELECT MIN(id) FROM register_records)")
    tampered = exports(office, tmp_path / "tampered")
    for path in tampered:
        assert last_line(path)[0].startswith("TIDAK TERVERIFIKASI"), path
    reports = issued(office)
    assert reports["lapor"]["verified"] is False and reports["lapor"]["differences"] >= 1
    assert reports["lapor"]["files"][0]["name"] == "lapor.csv"
    assert {"csv", "evidence"} <= set(reports)
    assert reports["evidence"]["verified"] is False


def test_the_lapor_sheet_reads_as_before_with_its_line_last(office, tmp_path):
    out = export_lapor(office, *PERIOD, tmp_path / "lapor.csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))  # as Indonesian Excel reads it
    assert table[0][0] == "nomor_ult" and len(table[1]) == len(table[0])
    assert table[1][5] == "Pelayanan lambat"
    assert date.fromisoformat(table[1][2]) <= PERIOD[1]
