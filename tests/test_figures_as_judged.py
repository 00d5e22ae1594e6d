"""A report's figures are the acts', not the tables': a write the judge names moves no
printed figure, even before anyone reads ``check``.

An honest office day (tickets issued at the kiosk, served, a no-show, a priority corrected,
a break, a help call answered) is printed. Then, one at a time, a write the app never makes
(plain ``sqlite3`` on the share, or a PC's own key signing an act on the wrong thing)
changes the tables. The oracle is the honest report printed before the write, never the
judge: every figure of the month's report, its CSV and its PDF must be what they were, the
report stamped NOT VERIFIED; and the same figures read from the tables as they are must
differ (the write did move the tables: the test can fail). Real files, real keys."""

from __future__ import annotations

import csv
import dataclasses
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from tests.test_acts_moved import officer_id


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _figures(data) -> dict:
    """Every figure of the month's report (what the PDF prints is computed from these)."""
    out = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    out.pop("generated_at")
    return out


def printed(db, around, now) -> dict:
    """The figures as the month's report reads them (the record verified first)."""
    from ult_desktop.db.record.figures_view import figures_record
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.verified import verify

    verification = verify(db, *around)
    with figures_record(db, verification.corrections) as record:
        return _figures(collect(record, *around, now=now))


def raw(db, around, now) -> dict:
    from ult_desktop.reports.data import collect

    return _figures(collect(db, *around, now=now))


def _pdf_figures(db, around, path) -> list[str]:
    """The PDF's figure lines: not those about the report itself (made when, verified,
    the office's root of trust printed only on a verified one)."""
    from ult_desktop.reports.pdf import build_pdf

    build_pdf(db, *around, path)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    end = next(i for i, line in enumerate(lines) if line in ("Mengetahui,",
                                                              "Akar kepercayaan kantor:"))
    return [line for line in lines[:end] if line and line.replace(" ", "") not in STAMP and not any(
        w in line for w in ("TERVERIFIKASI", "Terverifikasi", "Dibuat", "Halaman", "rekonsiliasi",
                            "Rekonsiliasi", "jejak audit", "sidik jari", "Diubah"))]


#: The NOT VERIFIED stamp across a page, as its pieces come out of the PDF's text.
STAMP = "TIDAKTERVERIFIKASI"


def _csv_rows(db, around, path) -> list[list[str]]:
    from ult_desktop.reports.export import export_csv

    [tickets, *_] = export_csv(db, *around, path)
    with open(tickets, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[:-1]  # (the last line: verified or not)


def _sqlite(path, sql: str, params=()) -> None:
    conn = sqlite3.connect(path)
    try:
        if params:
            conn.execute(sql, params)
        else:
            conn.executescript(sql)
        conn.commit()
    finally:
        conn.close()


def _honest_day(office, now):
    from ult_desktop.db.queue.desk import (
        call_next,
        finish,
        pause_counter,
        reclassify_priority,
        resume_counter,
        skip,
    )
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import hall

    admin, kiosk, c1, c2 = office["admin"], office["kiosk"], office["c1"], office["c2"]
    sari, budi = officer_id(admin, "sari"), officer_id(admin, "budi")
    tickets = [issue_ticket(kiosk, service=s) for s in ("A", "A", "B", "A", "B", "A")]
    reclassify_priority(c1, number=tickets[3].number, priority=True, reason="lansia",
                        priority_group="lansia")
    call_next(c1, counter=1, officer_id=sari)
    finish(c1, counter=1)
    call_next(c2, counter=2, officer_id=budi)
    skip(c2, counter=2)
    call_next(c2, counter=2, officer_id=budi)
    finish(c2, counter=2)
    call_next(c1, counter=1, officer_id=sari)
    finish(c1, counter=1, outcome="referred")
    pause_counter(c1, counter=1, reason="ishoma", officer_id=sari, now=now)
    resume_counter(c1, counter=1, officer_id=sari, now=now + timedelta(minutes=2))
    call = hall.request_help(kiosk, now=now - timedelta(minutes=6))
    hall.answer_help(c1, event_id=call, officer_id=sari, now=now - timedelta(minutes=3))
    return tickets


def test_a_write_the_judge_names_moves_no_printed_figure(office, db_path, tmp_path):
    from ult_desktop.db.queue.desk import pause_counter, resume_counter
    from ult_desktop.db.queue.transition import note
    from ult_desktop.reports.provenance import explain_month

    admin, c1 = office["admin"], office["c1"]
    now = datetime.now(timezone.utc)
    day = now.astimezone(timezone(timedelta(hours=7))).date()
    around = (day - timedelta(days=1), day + timedelta(days=1))
    later = now + timedelta(minutes=5)  # (the figures' "now": the same on both sides)
    tickets = _honest_day(office, now)
    honest = printed(admin, around, later)
    assert honest == raw(admin, around, later)  # a clean record: the tables are the acts
    pdf, rows = _pdf_figures(admin, around, tmp_path / "a.pdf"), _csv_rows(
        admin, around, tmp_path / "a.csv")
    assert len(honest["tickets"]) == 6 and honest["help_minutes"] == [3.0]

    [(top,)] = admin.query("SELECT MAX(id) FROM tickets")
    budi = officer_id(admin, "budi")

    done, waiting = ([r[0] for r in admin.query(
        "SELECT id FROM tickets WHERE state = ? AND priority = 0 ORDER BY id", (state,))]
        for state in ("done", "waiting"))  # (as the honest day left them)
    assert len(done) >= 2 and waiting

    writes = {
        "a served ticket deleted": lambda: _sqlite(
            db_path, "DELETE FROM tickets WHERE id = ?", (done[0],)),
        "a waiting ticket made served": lambda: _sqlite(
            db_path, "UPDATE tickets SET state = 'done', outcome = 'answered', counter_number = 1, "
            "called_at = issued_at, first_called_at = issued_at, finished_at = issued_at "
            "WHERE id = ?", (waiting[0],)),
        "a ticket that was never issued": lambda: _sqlite(db_path, (
            f"CREATE TEMP TABLE t AS SELECT * FROM tickets WHERE id = {tickets[1].id};"
            f"UPDATE t SET id = {top + 1}, seq = seq + 50, number = 'A-099', code_hash = 'x', "
            "request_id = NULL, issue_event = NULL; INSERT INTO tickets SELECT * FROM t;")),
        "a served visitor made a priority one by the counter's key": lambda: c1.write(
            lambda conn: note(c1, conn, done[1], priority=1,
                              priority_group="disabilitas", kind="reclassified",
                              at=datetime.now(timezone.utc),
                              data={"priority": True, "was": False, "reason": "x"})),
        "a break in another officer's name at another desk": lambda: (
            pause_counter(c1, counter=2, reason="ishoma", officer_id=budi,
                          now=now + timedelta(minutes=3)),
            resume_counter(c1, counter=2, officer_id=budi, now=now + timedelta(minutes=4))),
    }
    for what, write in writes.items():
        tables = raw(admin, around, later)
        write()
        assert raw(admin, around, later) != tables, what  # the write did move the tables
        after = printed(admin, around, later)
        assert after == honest, (what, {k: (honest[k], after[k]) for k in honest
                                        if honest[k] != after[k]})
    assert _pdf_figures(admin, around, tmp_path / "b.pdf") == pdf
    assert _csv_rows(admin, around, tmp_path / "b.csv") == rows
    # Admin > Asal angka: each figure the page prints is the one its acts make
    explained = explain_month(admin, f"{day:%Y-%m}", now=later).figures
    assert explained["served"].printed == explained["served"].value == 3
    assert not [(k, f.value, f.printed) for k, f in explained.items()
                if f.printed is not None and f.printed != f.value]
