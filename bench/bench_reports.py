"""Reports: the monthly PDF (and the XLSX export) of an office with 10,000 tickets.

The month is written straight into the file with SQL (tickets, their events, register
records, escalation cases and SKM answers shaped like the real operations write them),
because building it through 50,000 single transactions would measure the wrong thing.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from _common import fresh_db

WIB = timezone(timedelta(hours=7))
TICKETS = 10_000


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def fill_month(path: Path, tickets: int = TICKETS, year: int = 2026, month: int = 3,
               seed: int = 11) -> None:
    from ult_desktop.core.numbering import format_number
    from ult_desktop.core.workdays import OfficeCalendar

    calendar = OfficeCalendar()
    rng = random.Random(seed)
    days = []
    d = date(year, month, 1)
    while d.month == month:
        if calendar.is_working_day(d):
            days.append(d)
        d += timedelta(days=1)
    conn = sqlite3.connect(path, isolation_level=None)
    services = conn.execute("SELECT id, prefix, target_resolution_days FROM services").fetchall()
    officers = [r[0] for r in conn.execute("SELECT id FROM officers")]
    t_rows, e_rows, s_rows, r_rows, c_rows = [], [], [], [], []
    tid = conn.execute("SELECT COALESCE(MAX(id), 0) FROM tickets").fetchone()[0]
    rid = conn.execute("SELECT COALESCE(MAX(id), 0) FROM register_records").fetchone()[0]
    per_day = tickets // len(days)
    for n_day, day in enumerate(days):
        count = per_day + (tickets - per_day * len(days) if n_day == len(days) - 1 else 0)
        seqs: dict[str, int] = {}
        opening = datetime(day.year, day.month, day.day, 8, 0, tzinfo=WIB)
        for _ in range(count):
            tid += 1
            sid, sprefix, res_days = rng.choice(services)
            priority = rng.random() < 0.1
            prefix = "P" if priority else sprefix
            seqs[prefix] = seqs.get(prefix, 0) + 1
            number = format_number(prefix, seqs[prefix])
            issued = opening + timedelta(minutes=rng.uniform(0, 420))
            called = issued + timedelta(minutes=rng.expovariate(1 / 10))
            serving = called + timedelta(minutes=rng.uniform(0.5, 2))
            finished = serving + timedelta(minutes=rng.lognormvariate(2, 0.5))
            counter = rng.randint(1, 3)
            officer = rng.choice(officers)
            roll = rng.random()
            state = ("skipped" if roll < 0.07 else "cancelled" if roll < 0.09
                     else "escalated" if roll < 0.19 else "done")
            outcome = {"done": "answered", "escalated": "escalated",
                       "cancelled": "cancelled"}.get(state)
            t_rows.append((tid, day.isoformat(), prefix, seqs[prefix], number, f"C{tid:07d}",
                           sid, int(priority), state, "walk_in", _iso(issued), _iso(issued),
                           _iso(called) if state != "cancelled" else None,
                           _iso(serving) if state in ("done", "escalated") else None,
                           _iso(finished) if state != "skipped" else None,
                           counter, officer, outcome, "bench"))
            ev = [("issued", issued, None)]
            if state != "cancelled":
                ev.append(("called", called, counter))
            if state == "skipped":
                ev.append(("skipped", called + timedelta(minutes=2), counter))
            elif state in ("done", "escalated"):
                ev += [("serving", serving, counter),
                       ("escalated" if state == "escalated" else "finished", finished,
                        counter)]
            else:
                ev.append(("cancelled", finished, None))
            for kind, at, ctr in ev:
                e_rows.append((kind, tid, number, sprefix, ctr, "bench", _iso(at), "{}"))
            if state == "escalated":
                rid += 1
                r_rows.append((rid, tid, "walk_in", day.isoformat(), sid, officer,
                               f"Pengunjung {rid}", _iso(finished), _iso(finished), "bench"))
                due = calendar.add_working_days(day, res_days)
                answered = finished + timedelta(days=rng.choice([0, 1, 2, 5])) \
                    if rng.random() < 0.8 else None
                c_rows.append((rid, rid, "back_office", "answered" if answered else "open",
                               _iso(finished), due.isoformat(),
                               _iso(answered) if answered else None))
                e_rows.append(("case_opened", tid, number, sprefix, None, "bench",
                               _iso(finished), json.dumps({"case_id": rid,
                                                           "due_day": due.isoformat()})))
                if answered:
                    e_rows.append(("case_answered", tid, number, sprefix, None, "bench",
                                   _iso(answered), json.dumps({"case_id": rid})))
            if state in ("done", "escalated") and rng.random() < 0.4:
                s_rows.append((tid * 7919 + 13, sid, day.isoformat()[:7], "tablet",
                               *(rng.choices((1, 2, 3, 4), weights=(1, 3, 10, 8))[0]
                                 for _ in range(9))))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, priority, state, "
        "channel, issued_at, sort_at, called_at, serving_at, finished_at, counter_number, "
        "officer_id, outcome, station) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", t_rows)
    conn.executemany("INSERT INTO events (kind, ticket_id, ticket_number, service_prefix, "
                     "counter_number, station, at, data) VALUES (?,?,?,?,?,?,?,?)", e_rows)
    conn.executemany("INSERT INTO register_records (id, ticket_id, channel, day, service_id, "
                     "officer_id, visitor_name, created_at, updated_at, station) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?)", r_rows)
    conn.executemany("INSERT INTO cases (id, record_id, escalated_to, state, opened_at, "
                     "due_day, answered_at) VALUES (?,?,?,?,?,?,?)", c_rows)
    conn.executemany("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, a3, "
                     "a4, a5, a6, a7, a8, a9) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", s_rows)
    conn.execute("COMMIT")
    conn.close()


def recorded(path: Path):
    """The filled office opened, its rows made the record's own (a baseline, as a migration
    takes one): a clean record, whose report reads its tables as they are."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.events import record_baseline
    from ult_desktop.db.record.reconcile import reconcile

    db = open_database(path, station="bench", mode="report")
    db.write(lambda conn: record_baseline(conn, "bench"))
    assert reconcile(db)["ok"], "the bench's office must be a clean record (else its " \
        "report reads the record as the judge let it stand: another report)"
    return db


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.reports.export import export_xlsx
    from ult_desktop.reports.pdf import build_pdf

    path = fresh_db()
    fill_month(path)
    db = recorded(path)
    out = Path(tempfile.mkdtemp(prefix="ult-bench-report-"))
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    rounds = 1 if quick else 3
    pdf, xlsx = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        build_pdf(db, start, end, out / "laporan.pdf")
        pdf.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        export_xlsx(db, start, end, out / "tiket.xlsx")
        xlsx.append(time.perf_counter() - t0)
    db.close()
    figures = {"report_pdf_10k_s": min(pdf), "report_xlsx_10k_s": min(xlsx)}
    figures.update(month_of_five_years(quick, out))
    if not quick:  # the same month after a year of history (130,000 tickets in the file)
        history = fresh_db()
        for month in range(1, 13):
            fill_month(history, year=2025, month=month, seed=month)
        fill_month(history)
        db = recorded(history)
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            build_pdf(db, start, end, out / "laporan.pdf")
            times.append(time.perf_counter() - t0)
        db.close()
        figures["report_pdf_10k_after_year_s"] = min(times)
    return figures


def month_of_five_years(quick: bool, out: Path) -> dict[str, float]:
    """One month's PDF in an office with five years of history (60 months of tickets,
    their events, cases and answers): ``report_month_5y_s``, and how many read
    transactions its figures took (``report_month_5y_transactions``: one); the evidence
    pack of one of its years (``evidence_year_s``)."""
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import build_pdf

    per_month = 300 if quick else 2000
    path = fresh_db()
    for n in range(60):
        fill_month(path, tickets=per_month, year=2021 + n // 12, month=n % 12 + 1, seed=n)
    db = recorded(path)
    start, end = date(2025, 3, 1), date(2025, 3, 31)
    reads = []

    def trace(sql: str) -> None:
        if sql.lstrip().upper().startswith("BEGIN"):
            reads.append(sql)

    db.conn.set_trace_callback(trace)
    collect(db, start, end)
    db.conn.set_trace_callback(None)
    t0 = time.perf_counter()
    build_pdf(db, start, end, out / "laporan-5y.pdf")
    elapsed = time.perf_counter() - t0
    # the year's evidence pack (target <= 10 s), the same office
    from ult_desktop.reports.evidence import build_evidence

    t0 = time.perf_counter()
    build_evidence(db, 2025, out / "bukti-2025")
    evidence = time.perf_counter() - t0
    # the same month after a ticket of it was changed outside the app: its figures are
    # read from the record as the judge let it stand (db/record/figures_view.py)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE tickets SET state = 'done' WHERE id = (SELECT MIN(id) FROM tickets "
                "WHERE day >= ?)", (start.isoformat(),))
    raw.commit()
    raw.close()
    t0 = time.perf_counter()
    build_pdf(db, start, end, out / "laporan-5y-tampered.pdf")
    tampered = time.perf_counter() - t0
    db.close()
    return {"report_month_5y_s": elapsed, "report_month_5y_transactions": len(reads),
            "evidence_year_s": evidence, "report_month_5y_tampered_s": tampered}


if __name__ == "__main__":
    for key, value in run(quick=False).items():
        print(f"{key}: {value:.3f}")
