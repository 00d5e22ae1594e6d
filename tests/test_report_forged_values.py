"""A value no act of the app writes never stops the office's reports.

Someone with write access to the share puts into one column of one figure-bearing table a
value the app never writes (a word where a time goes, a month 13, a time without its zone,
a number, bytes, a service that does not exist). The month's PDF, its XLSX and CSV, and
the year's evidence pack must still be made (``check`` names the write: tested elsewhere).
Generated over every column of the tables the figures read, judged by what the office
sees: every file is written."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests import test_figures_oracle as oracle
from tests import test_judge_properties as judged

office_template, rich_template = judged.office_template, oracle.rich_template  # (fixtures)

TABLES = ("tickets", "register_records", "cases", "handovers", "skm_responses", "services",
          "counters", "officers")
#: What the app never writes where a figure reads a time, a day, a number or a name.
FORGED = ("'garbage'", "12345", "'2026-13-45T99:00'", "'2026-11-27T10:00'", "-1",
          "X'00ff'", "'2026-02-30'", "''", "1e308")


def _columns(path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return [(t, r[1]) for t in TABLES for r in conn.execute(f"PRAGMA table_info({t})")
                if r[1] != "id"]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def columns(rich_template):
    return _columns(rich_template / "office.db")


@pytest.fixture(scope="module")
def period_end(rich_template) -> date:
    conn = sqlite3.connect(rich_template / "office.db")
    try:
        return date.fromisoformat(conn.execute("SELECT max(day) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def _make_every_file(path, out, day: date) -> list:
    from ult_desktop.db.open import open_database
    from ult_desktop.reports.evidence import build_evidence
    from ult_desktop.reports.export import export_csv, export_xlsx
    from ult_desktop.reports.pdf import build_pdf

    db = open_database(path, station="admin", mode="report")
    try:
        first = day.replace(day=1)
        return [build_pdf(db, first, day, out / "bulan.pdf", lang="id"),
                export_xlsx(db, first, day, out / "bulan.xlsx", lang="id"),
                *export_csv(db, first, day, out / "bulan.csv", lang="id"),
                *build_evidence(db, day.year, out / "bukti", lang="id")]
    finally:
        db.close()


@seed(20261127)
@settings(max_examples=60, deadline=None, derandomize=False, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_a_value_no_act_writes_never_stops_a_report(rich_template, columns, period_end,
                                                    tmp_path_factory, data):
    table, column = data.draw(st.sampled_from(columns), label="column")
    value = data.draw(st.sampled_from(FORGED), label="value")
    folder = tmp_path_factory.mktemp("forged")
    path = folder / "office.db"
    shutil.copyfile(rich_template / "office.db", path)
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"UPDATE {table} SET {column} = {value}")  # outside the app: no event
        conn.commit()
    except sqlite3.DatabaseError:
        return  # the schema itself refuses it (NOT NULL, CHECK, a foreign key)
    finally:
        conn.close()
    files = _make_every_file(path, folder, period_end)
    assert files and all(f.exists() and f.stat().st_size > 0 for f in files)


def test_words_written_over_two_tickets_times_leave_the_month_as_the_acts_made_it(
        rich_template, period_end, tmp_path):
    """Two tickets' times overwritten with words outside the app: the month's PDF is
    stamped NOT VERIFIED and still counts every ticket the acts issued, at the times the
    acts gave (the figures are read from the record as the judge let it stand); the same
    words read from the tables as they are (a server's report) are two rows the month says
    it could not read, and two tickets fewer."""
    import subprocess

    from ult_desktop.db.open import open_database
    from ult_desktop.reports.data import collect

    path = tmp_path / "office.db"
    shutil.copyfile(rich_template / "office.db", path)

    def pdf_text() -> str:
        [pdf] = [f for f in _make_every_file(path, tmp_path, period_end) if f.name == "bulan.pdf"]
        return " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                                       capture_output=True, text=True, check=True
                                       ).stdout.split())

    before = pdf_text()
    assert "tidak pernah ditulis aplikasi" not in before and "TIDAK TERVERIFIKASI" not in before
    conn = sqlite3.connect(path)
    n = conn.execute("SELECT COUNT(*) FROM tickets WHERE day BETWEEN ? AND ?",
                     (period_end.replace(day=1).isoformat(), period_end.isoformat())
                     ).fetchone()[0]
    conn.execute("UPDATE tickets SET issued_at = 'kemarin' WHERE id IN (SELECT id FROM tickets "
                 "WHERE day BETWEEN ? AND ? ORDER BY id LIMIT 2)",
                 (period_end.replace(day=1).isoformat(), period_end.isoformat()))
    conn.commit()
    conn.close()
    after = pdf_text()
    assert "TIDAK TERVERIFIKASI" in after and "tidak pernah ditulis aplikasi" not in after
    tickets = f"Tiket antrean diterbitkan {n} "
    assert tickets in before and tickets in after  # (the words in the tables: none read)
    db = open_database(path, station="admin", mode="report")
    try:
        raw = collect(db, period_end.replace(day=1), period_end)
    finally:
        db.close()
    assert raw.unreadable_rows == 2 and len(raw.tickets) == n - 2
