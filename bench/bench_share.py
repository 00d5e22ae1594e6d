"""ULT Desktop on a simulated network share (tests/faultfs FUSE layer, no faults here).

For a 2 ms and a 10 ms round trip per file operation (SMB without client caching: every
read, write, lock, stat and fsync goes to the server):

* ``share_<d>ms_issue_p95_ms``: ``issue_ticket`` latency at a kiosk while a small office
  works on the same file (1 kiosk, 2 counters calling and finishing, 1 display following
  the feed, all separate processes): waiting for the write lock included.
* ``share_<d>ms_feed_p95_ms``: a counter's ``call_next`` returned -> the display's
  ``ChangeFeed`` delivered that call (poll every 200 ms), same office.
* ``share_<d>ms_issue_vs_raw_ratio``: issuance throughput of sequential single-writer
  ``issue_ticket`` divided by that of a bare sqlite3 transaction doing the same essential
  work (next number, ticket row, event row; rollback journal, synchronous=FULL) on the
  same share — the same sense as ``issue_vs_raw_ratio`` (1.0 = as fast as bare sqlite3;
  below 1 is the price of the real schema, settings lookup and policy).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RAW_SCHEMA = """
CREATE TABLE tickets (id INTEGER PRIMARY KEY, day TEXT, prefix TEXT, seq INTEGER,
                      number TEXT, issued_at TEXT, state TEXT, UNIQUE (day, prefix, seq));
CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT, ticket_id INTEGER, at TEXT);
"""


def _raw_issue(con: sqlite3.Connection, day: str) -> None:
    con.execute("BEGIN IMMEDIATE")
    seq = con.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE day = ? AND "
                      "prefix = 'A'", (day,)).fetchone()[0]
    cur = con.execute("INSERT INTO tickets (day, prefix, seq, number, issued_at, state) "
                      "VALUES (?, 'A', ?, ?, datetime('now'), 'waiting')",
                      (day, seq, f"A-{seq:03d}"))
    con.execute("INSERT INTO events (kind, ticket_id, at) VALUES ('issued', ?, "
                "datetime('now'))", (cur.lastrowid,))
    con.execute("COMMIT")


def _sequential(share, delay_ms: float, n: int) -> tuple[float, float]:
    """Mean seconds per issue: (ULT issue_ticket, raw sqlite3), one writer, no load."""
    from ult_desktop.db.connection import Database
    from ult_desktop.db.operations import issue_ticket
    from ult_desktop.db.setup import init_database

    share.set_delay(0)
    path = init_database(share.path / "seq.db", demo=True)
    raw_path = share.path / "raw.db"
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.execute("PRAGMA synchronous=FULL")
    raw.executescript(RAW_SCHEMA)
    db = Database.open(path, station="bench", mode="kiosk")
    issue_ticket(db, service="A")
    _raw_issue(raw, "2026-01-05")
    share.set_delay(delay_ms)
    t0 = time.perf_counter()
    for _ in range(n):
        issue_ticket(db, service="A")
    ult = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(n):
        _raw_issue(raw, "2026-01-05")
    bare = (time.perf_counter() - t0) / n
    db.close()
    raw.close()
    share.set_delay(0)
    return ult, bare


def run(quick: bool) -> dict[str, float]:
    from bench.office_day import Day, DayConfig
    from tests.faultfs import FaultShare, fuse_unavailable_reason

    reason = fuse_unavailable_reason()
    if reason:
        raise RuntimeError(f"the simulated share needs FUSE: {reason}")
    figures: dict[str, float] = {}
    for delay in (2, 10):
        tickets = {2: 20, 10: 8}[delay] if quick else {2: 100, 10: 30}[delay]
        seq_n = {2: 10, 10: 4}[delay] if quick else {2: 40, 10: 12}[delay]
        with tempfile.TemporaryDirectory(prefix="ult-bench-share-") as tmp:
            share = FaultShare(Path(tmp) / "fs").start()
            try:
                ult, bare = _sequential(share, delay, seq_n)
                run_dir = Path(tmp) / "run"
                run_dir.mkdir()
                cfg = DayConfig(tickets=tickets, kiosks=1, counters=2, displays=1,
                                delay_ms=delay, faults=[], kill_at=None, kiosk_pause_s=0.2,
                                service_s=0.2, recall_share=0.0, timeout_s=900)
                report = Day(share, cfg, run_dir).run()
            finally:
                share.stop()
        if not report["ok"]:
            raise RuntimeError(f"the office run at {delay} ms broke an invariant: {report}")
        figures[f"share_{delay}ms_issue_p95_ms"] = report["issue_ms_p95"]
        figures[f"share_{delay}ms_feed_p95_ms"] = report["feed_ms_p95"]
        figures[f"share_{delay}ms_issue_vs_raw_ratio"] = bare / ult
        figures[f"share_{delay}ms_issue_seq_ms"] = ult * 1000
        figures[f"share_{delay}ms_raw_seq_ms"] = bare * 1000
    return figures


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    for key, value in run(parser.parse_args().quick).items():
        print(f"{key}: {value:.3f}")
