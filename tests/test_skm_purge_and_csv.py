"""The purge covers every copy it can reach and names the ones it
cannot; CSV cells a spreadsheet could read as a formula stay text."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.drivers import admin_pc
from ult_desktop.db.keeping import backup
from ult_desktop.db.privacy import retention
from ult_desktop.db.record.audit import issue_report
from ult_desktop.reports.export import _formula_like, csv_value

NIK = "3374990112345678"


def _plant(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO register_records (day, channel, service_id, visitor_name, "
                 "id_number, created_at, updated_at, station) VALUES ('2025-01-06', "
                 "'walk_in', 1, 'Rahasiawati Zulkarnaen', ?, '2025-01-06T02:00:00+00:00', "
                 "'2025-01-06T02:00:00+00:00', 'x')", (NIK,))
    conn.commit()
    conn.close()


def test_purge_covers_partial_copies_and_backups_made_anywhere(db_path: Path, tmp_path: Path):
    _plant(db_path)
    (db_path.parent / "backup").mkdir()
    elsewhere = tmp_path / "flashdisk"
    elsewhere.mkdir()
    db, _ = admin_pc(str(db_path), tmp_path / "key-admin", station="admin-pc")
    try:
        out = backup.backup_database(db, elsewhere / "copy.db")  # `backup --out`
        partial = db_path.parent / "backup" / "office-x.db.partial"
        shutil.copyfile(out, partial)  # a copy cut short
        shutil.copyfile(out, elsewhere / "copy2.db.partial")
        exports = db_path.parent / "laporan"  # the office's export folder
        exports.mkdir()
        csv = exports / "register-2025.csv"
        csv.write_text(f"Rahasiawati Zulkarnaen;{NIK}\n")
        issue_report(db, report="csv", fmt="csv", date_from="2025-01-01",
                     date_to="2025-01-31", files=[csv])
        gone = exports / "moved-away" / "register-2025-02.csv"
        gone.parent.mkdir()
        gone.write_text(f"Rahasiawati Zulkarnaen;{NIK}\n")
        issue_report(db, report="csv", fmt="csv", date_from="2025-02-01",
                     date_to="2025-02-28", files=[gone])
        shutil.rmtree(gone.parent)  # moved away: not reachable from this PC
        future = exports / "future.csv"
        future.write_text("kosong\n")
        issue_report(db, report="csv", fmt="csv", date_from="2099-01-01",
                     date_to="2099-01-31", files=[future])
        report = retention.purge_personal_data(db, before_day="2026-01-01")
    finally:
        db.close()
    assert out in report.backups_purged or out in report.backups_deleted
    assert not partial.exists() and not (elsewhere / "copy2.db.partial").exists()
    assert set(report.partials_deleted) == {partial, elsewhere / "copy2.db.partial"}
    if out.exists():
        assert NIK.encode() not in out.read_bytes()
    # deleted with the purge; one this PC cannot reach is named instead
    assert report.exports_deleted == [str(csv.resolve())] and not csv.exists()
    assert report.exports_to_delete == [str(gone.resolve())] and future.exists()


@pytest.mark.parametrize("text", ["=1+1", " =1+1", "\n=HYPERLINK(\"x\")", "\t=1", "\u200b=1",
                                  "\ufeff=1", "＝1+1", " \u200b ＠SUM(A1)", "@SUM(A1)",
                                  "+1+cmd", "-1+cmd", "\u3000=1",
                                  # every format character, the direction marks too
                                  "\u200e=1", "\u200f=1", "\u202a=1", "\u2066=1",
                                  "\u00ad=1", "\u180e=1", " \u200e\u200b @x"])
def test_csv_formula_after_trimming_and_width_normalising_stays_text(text):
    assert _formula_like(text)
    assert csv_value(text, "text").startswith("'")


@pytest.mark.parametrize("text", ["Antrean lama", "+62 812-3456-7890", "-5", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert csv_value(text, "text") == text
