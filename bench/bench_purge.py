"""Retention purge on a synthetic five-year office database, local disk.

* ``purge_5y_s``: ``retention.purge_personal_data`` with the default 24-month retention:
  emptying every declared personal column (register, cases, event reasons) of three
  years of rows, then VACUUM (the page rewrite), then the backup folder (empty here).
* ``purge_5y_rows_s`` / ``purge_5y_vacuum_s``: the two parts on their own (a second
  copy of the same file), to see what the rewrite costs.
* ``purge_5y_mb``: the file's size before the purge.

Five years of a busy ULT: 1,250 office days x 80 visitors = 100,000 tickets, each with
a register record and five events; one in twenty escalated to a case; one event in ten
carries a typed reason. ``--quick``: one year.
"""

from __future__ import annotations

import shutil
import time
from datetime import date, datetime, timedelta, timezone

from _common import fresh_db

PER_DAY = 80


def _days(years: int) -> list[str]:
    out, day = [], date(2021, 3, 1)
    while len(out) < years * 250:
        if day.weekday() < 5:
            out.append(day.isoformat())
        day += timedelta(days=1)
    return out


def _fill(path, years: int) -> str:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA secure_delete=0")  # as a Windows station wrote it
    conn.execute("BEGIN")
    tid = 0
    days = _days(years)
    for day in days:
        at = day + "T02:00:00.000000+00:00"
        tickets, records, events, cases = [], [], [], []
        for n in range(1, PER_DAY + 1):
            tid += 1
            tickets.append((tid, day, n, f"A-{n:03d}", f"C{tid:09d}", at, at))
            records.append((tid, tid, day, f"Pengunjung Nomor {tid}", f"0812{tid:08d}",
                            f"p{tid}@contoh.id", f"3374{tid:012d}", f"Pertanyaan {tid} tentang "
                            "tunjangan profesi dan angka kredit", "Jawaban lengkap " * 4, at, at))
            for kind in ("issued", "called", "serving", "finished", "register_created"):
                data = '{"reason": "lansia, datang bersama anak"}' if (
                    kind == "called" and tid % 10 == 0) else '{"counter": 1}'
                events.append((kind, tid, day + "T02:00:00+00:00", data))
            if tid % 20 == 0:
                cases.append((tid, at, day, "Menunggu unit utama", "Jawaban kasus", "Sudah"))
        conn.executemany(
            "INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, state, "
            "issued_at, sort_at, station) VALUES (?, ?, 'A', ?, ?, ?, 1, 'done', ?, ?, 'k')",
            tickets)
        conn.executemany(
            "INSERT INTO register_records (id, ticket_id, channel, day, service_id, "
            "visitor_name, phone, email, id_number, question, answer, created_at, updated_at, "
            "station) VALUES (?, ?, 'walk_in', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'c')", records)
        conn.executemany("INSERT INTO events (kind, ticket_id, station, at, data) "
                         "VALUES (?, ?, 'c', ?, ?)", events)
        conn.executemany(
            "INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day, "
            "reschedule_reason, answer, callback_note) VALUES (?, 'back_office', 'closed', ?, "
            "?, ?, ?, ?)", cases)
    conn.execute("COMMIT")
    conn.close()
    return days[-1]


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.privacy import retention

    years = 1 if quick else 5
    path = fresh_db()
    last = _fill(path, years)
    (path.parent / "backup").mkdir()
    copy = path.with_name("copy.db")
    shutil.copyfile(path, copy)
    now = datetime.fromisoformat(last).replace(hour=3, tzinfo=timezone.utc)
    months = 6 if quick else 24
    figures = {"purge_5y_mb": path.stat().st_size / 1e6}

    db = open_database(path, station="bench-purge", mode="admin")
    figures["purge_5y_s"] = _seconds(lambda: retention.purge_personal_data(db, months=months,
                                                                       now=now))
    db.close()

    db = open_database(copy, station="bench-purge", mode="admin")
    figures["purge_5y_rows_s"] = _seconds(lambda: retention.purge_personal_data(
        db, months=months, now=now, rewrite=False, backup_dirs=[]))
    figures["purge_5y_vacuum_s"] = _seconds(lambda: retention.vacuum(db))
    db.close()
    shutil.rmtree(path.parent, ignore_errors=True)
    return figures
