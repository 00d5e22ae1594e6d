"""SKM: the yearly SKM report on a 5-year database, and taps to finish the survey.

``skm_report_5y_s``: the yearly SKM report (figures + PDF) on a file holding five years
of served tickets, phone records and anonymous answers (written straight with SQL,
shaped like the real operations write them); ``skm_xlsx_5y_s``: that year's raw answers
as XLSX (openpyxl writes about 30,000 cells a second without lxml). ``survey_taps_to_finish``: the real survey screen driven in
offscreen Qt, counting every tap from the first screen to the thank-you page.
Every suggestion is at the 1,000-character cap. ``survey_tap_p95_ms``:
the 95th percentile of the time one tap takes on the survey screen (click to the screen
updated) over ten visitors, while the tablet's worker writes a shuffled batch (every
fifth answer) and another station keeps writing batches to the same file.
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from _common import fresh_db

YEARS = (2022, 2023, 2024, 2025, 2026)
SERVED_PER_YEAR = 12_000


def fill_years(path: Path, years=YEARS, served_per_year: int = SERVED_PER_YEAR,
               response_rate: float = 0.3, seed: int = 16, capped: bool = False) -> None:
    """Served tickets, phone register records, answers and follow-ups for *years*."""
    from ult_desktop.core import skm
    from ult_desktop.core.workdays import OfficeCalendar

    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    services = [r[0] for r in conn.execute("SELECT id FROM services ORDER BY id")]
    prefixes = dict(conn.execute("SELECT id, prefix FROM services"))
    t_rows, r_rows, s_rows = [], [], []
    ids = set()
    tid = 0
    for year in years:
        days = [d for d in (date(year, 1, 1) + timedelta(n) for n in range(366))
                if d.year == year and OfficeCalendar().is_working_day(d)]
        bias = (year - years[0]) * 0.15  # answers get a little better each year
        for i in range(served_per_year):
            day = days[i * len(days) // served_per_year]
            sid = rng.choice(services)
            if rng.random() < 0.1:
                r_rows.append((sid, day.isoformat()))
            else:
                tid += 1
                seq = tid
                at = datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc).isoformat()
                t_rows.append((tid, day.isoformat(), prefixes[sid], seq,
                               f"{prefixes[sid]}-{seq:06d}", f"{tid:064x}", sid, "done", at, at,
                               at, "bench"))
            if rng.random() < response_rate:
                rid = rng.randrange(1, 2**53)
                while rid in ids:
                    rid = rng.randrange(1, 2**53)
                ids.add(rid)
                scores = [min(4, max(1, round(rng.gauss(3.0 + bias, 0.7)))) for _ in range(9)]
                scores[2] = max(1, scores[2] - 1)  # waktu: the weak unsur
                profile = [rng.choice(bands) for bands in skm.PROFILE.values()]
                text = rng.choice([None] * 8 + ["Ruang tunggu kurang nyaman",
                                                "Petugas ramah, hubungi saya 081234567890"])
                if capped:  # every suggestion at the paper form's cap
                    text = (f"Saran {rid} " + "antrean terlalu lama, silakan tambah loket. "
                            * 40)[:skm.SUGGESTION_MAX]
                s_rows.append((rid, sid, f"{day:%Y-%m}", rng.choice(("tablet", "paper")),
                               *scores, text, *profile))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, state, "
                     "issued_at, sort_at, finished_at, station) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     t_rows)
    conn.executemany("INSERT INTO register_records (channel, day, service_id, visitor_name, "
                     "created_at, updated_at, station) VALUES ('phone', ?2, ?1, 'x', ?2, ?2, "
                     "'bench')", r_rows)
    cols = ", ".join(f"a{i}" for i in range(1, 10))
    conn.executemany(f"INSERT INTO skm_responses (id, service_id, period, source, {cols}, "
                     "suggestion, gender, age_band, education, occupation) "
                     f"VALUES ({', '.join('?' * 18)})", s_rows)
    now = datetime.now(timezone.utc).isoformat()
    conn.executemany("INSERT INTO skm_followups (report_period, element, action, owner, "
                     "target_period, status, created_at, updated_at) "
                     "VALUES (?, 3, ?, 'Koordinator ULT', ?, ?, ?, ?)",
                     [(str(y), "Tambah petugas loket pada jam sibuk", str(y + 1),
                       "done" if y < years[-1] else "planned", now, now) for y in years])
    conn.execute("COMMIT")
    conn.close()


def report_seconds(quick: bool) -> dict[str, float]:
    from ult_desktop.core.skm import ReportPeriod
    from ult_desktop.db.open import open_database
    from ult_desktop.reports.skm_data import collect_skm
    from ult_desktop.reports.skm_pdf import build_skm_pdf
    from ult_desktop.reports.skm_publish import export_skm_xlsx

    path = fresh_db()
    fill_years(path, served_per_year=3_000 if quick else SERVED_PER_YEAR, capped=True)
    db = open_database(path, station="bench", mode="report")
    out = Path(tempfile.mkdtemp(prefix="ult-bench-skm-"))
    period = ReportPeriod(YEARS[-1])
    # made after the year has closed: SKM figures exist for closed periods only
    after = datetime(YEARS[-1] + 1, 1, 8, 3, tzinfo=timezone.utc)
    runs, xlsx = [], []
    assert collect_skm(db, period, now=after).result is not None, \
        "the benchmark year must print its IKM"
    for _ in range(1 if quick else 3):
        started = time.perf_counter()
        build_skm_pdf(db, period, out / "skm.pdf", now=after)
        runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        export_skm_xlsx(db, period, out / "skm.xlsx", now=after)
        xlsx.append(time.perf_counter() - started)
    db.close()
    return {"skm_report_5y_s": min(runs), "skm_xlsx_5y_s": min(xlsx)}


def survey_taps() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench.survey_taps import taps_to_finish

    return taps_to_finish(fresh_db())


def survey_tap_p95() -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import threading

    from bench.survey_taps import tap_latencies_ms
    from ult_desktop.db.open import open_database
    from ult_desktop.db.survey import skm as skm_db

    path = fresh_db()

    def meanwhile(sid: int):  # another tablet writing batches to the same file
        stop = threading.Event()

        def other() -> None:
            db = open_database(path, station="tablet-2", mode="survey")
            month = time.strftime("%Y-%m", time.gmtime())
            try:
                while not stop.is_set():
                    skm_db.write_batch(db, [{"service_id": sid, "period": month,
                                             "source": "tablet", "answers": [3] * 9,
                                             "suggestion": "x" * 1000}] * 5,
                                       batch_id=f"b{time.monotonic_ns()}")
                    time.sleep(0.05)
            finally:
                db.close()

        thread = threading.Thread(target=other, daemon=True)
        thread.start()
        return lambda: (stop.set(), thread.join(timeout=30))

    times = sorted(tap_latencies_ms(path, meanwhile=meanwhile))
    return times[int(0.95 * (len(times) - 1))]


def run(quick: bool) -> dict[str, float]:
    return {**report_seconds(quick), "survey_taps_to_finish": survey_taps(),
            "survey_tap_p95_ms": survey_tap_p95()}


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv))
