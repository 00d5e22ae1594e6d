"""Station processes for concurrency and crash tests: ``python tests/workers.py CMD ...``.

Each is a real process with its own connection, as on another office PC.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket


def wait_for(path: str) -> None:
    """Start barrier: spin until *path* exists, so processes start at the same moment."""
    while not Path(path).exists():
        time.sleep(0.001)


def issue(db_path: str, count: str, station: str, barrier: str = "") -> None:
    db = open_database(db_path, station=station, mode="kiosk")
    if barrier:
        wait_for(barrier)
    out = []
    for _ in range(int(count)):
        out.append(issue_ticket(db, service="A").number)
    print(json.dumps(out))


def issue_forever(db_path: str, station: str) -> None:
    db = open_database(db_path, station=station, mode="kiosk")
    print("ready", flush=True)
    while True:
        t = issue_ticket(db, service="B")
        call_next(db, counter=2)
        finish(db, counter=2)
        print(t.number, flush=True)


def call_all(db_path: str, counter: str, barrier: str) -> None:
    db = open_database(db_path, station=f"counter-{counter}", mode="counter")
    wait_for(barrier)
    got = []
    while True:
        t = call_next(db, counter=int(counter))
        if t is None:
            break
        got.append(t.number)
        finish(db, counter=int(counter))
    print(json.dumps(got))


def hold_lock(db_path: str, end: str = "ROLLBACK") -> None:
    """Take the write lock like a stuck station and keep it until stdin closes; then
    *end* (``COMMIT``: a change committed, the header's change counter moves; ``DIE``:
    the process ends mid-write, its journal left hot)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    if end in ("COMMIT", "DIE"):  # a page changed and back (the same bytes again change nothing)
        conn.execute("UPDATE settings SET value = ' ' || value WHERE key = 'timezone'")
        conn.execute("UPDATE settings SET value = substr(value, 2) WHERE key = 'timezone'")
    print("locked", flush=True)
    sys.stdin.read()
    if end == "DIE":  # the PC switched off mid-write: a hot journal left, nothing moved
        os._exit(0)
    conn.execute(end)


def freeze_mid_write(url: str, idle_s: str) -> None:
    """A server station that stops answering inside a write (a PC frozen or switched off
    with its socket still open), after the app's idle-in-transaction limit was set to
    *idle_s* seconds."""
    from ult_desktop.db.engine import pg

    pg.IDLE_IN_TRANSACTION_S = int(idle_s)
    db = open_database(url, station="frozen", mode="kiosk")

    def tx(conn):
        conn.execute("SELECT 1").fetchone()  # BEGIN and the office's write lock are taken
        print("locked", flush=True)
        sys.stdin.read()  # silent from here on

    db.write(tx)


def kiosk_by_its_clock(db_path: str, station: str = "kiosk-by-the-door") -> None:
    """A kiosk's start: its heartbeat (which measures its clock against the share's),
    then a visitor's touch; prints the measured skew and what happened."""
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.house.stations import heartbeat

    db = open_database(db_path, station=station, mode="kiosk")
    heartbeat(db)
    try:
        number, error = issue_ticket(db, service="A").number, None
    except UltError as exc:
        number, error = None, str(exc)
    heartbeat(db)  # a minute later: its heartbeat carries what it measured
    print(json.dumps({"skew_s": db.clock_skew_s, "number": number, "error": error}))


def hold_wal(db_path: str) -> None:
    """Another tool that switched the file to WAL and keeps it open."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN")
    conn.execute("SELECT COUNT(*) FROM tickets").fetchone()
    print("wal", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
