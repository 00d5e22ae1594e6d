"""Many stations, one file: real processes, real SQLite locking."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.keeping.maintenance import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.windows

WORKERS = str(Path(__file__).with_name("workers.py"))


def spawn(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, WORKERS, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


#: The file and the server (tests/pg_cluster.py): the same stations, the same guarantees.
both_engines = pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@both_engines
def test_eight_processes_issue_distinct_numbers_without_gaps(db_target, tmp_path):
    barrier = tmp_path / "go"
    procs = [spawn("issue", db_target, "50", f"kiosk-{i}", str(barrier)) for i in range(8)]
    barrier.touch()
    numbers = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        numbers += json.loads(out)
    assert len(numbers) == 400 and len(set(numbers)) == 400
    assert sorted(numbers) == [f"A-{i:03d}" for i in range(1, 401)]
    db = open_database(db_target, station="check", mode="check")
    assert db.query("SELECT COUNT(*) FROM events WHERE kind = 'issued'")[0][0] == 400
    assert db.query("SELECT COUNT(DISTINCT ticket_id) FROM events "
                    "WHERE kind = 'issued'")[0][0] == 400
    db.close()


def test_two_counters_calling_at_once_never_get_the_same_visitor(db, db_path, tmp_path):
    for _ in range(60):
        issue_ticket(db, service="B")  # counters 1 and 2 both serve B
    barrier = tmp_path / "go"
    procs = [spawn("call_all", str(db_path), c, str(barrier)) for c in ("1", "2")]
    barrier.touch()
    got = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        got.append(json.loads(out))
    assert not set(got[0]) & set(got[1])
    assert sorted(got[0] + got[1]) == [f"B-{i:03d}" for i in range(1, 61)]


@both_engines
def test_writer_killed_mid_write_leaves_a_consistent_file(db_target):
    rng = random.Random(7)
    for _ in range(12):
        p = spawn("issue_forever", db_target, "victim")
        assert p.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, 0.15))  # kill at an arbitrary point of its work
        p.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        p.wait(timeout=10)
    db = open_database(db_target, station="check", mode="check")  # rolls back a hot journal
    assert db.read(port.integrity_problems) == ["ok"]
    rows = db.query("SELECT seq FROM tickets WHERE prefix = 'B' ORDER BY seq")
    seqs = [r[0] for r in rows]
    assert seqs == list(range(1, len(seqs) + 1)), "no gaps and no duplicates"
    orphans = db.query("SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM "
                       "events e WHERE e.ticket_id = t.id AND e.kind = 'issued')")[0][0]
    assert orphans == 0, "every ticket has its issued event (same transaction)"
    assert len(seqs) > 0
    # and the file still works for everyone
    assert issue_ticket(db, service="B").seq == len(seqs) + 1


def test_lock_held_too_long_gives_busy_then_recovers(db_path):
    holder = spawn("hold_lock", str(db_path), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "locked"
        db = open_database(db_path, station="k", mode="kiosk", busy_budget_s=1.0)
        started = time.monotonic()
        with pytest.raises(errors.DatabaseBusy) as info:
            issue_ticket(db, service="A")
        assert time.monotonic() - started < 3.0
        assert "sibuk" in str(info.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert issue_ticket(db, service="A").number == "A-001"


def test_commit_waits_for_a_reader_instead_of_failing(db, db_path):
    reader = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM tickets").fetchone()  # shared lock held
    import threading

    threading.Timer(0.3, lambda: reader.execute("COMMIT")).start()
    # BEGIN IMMEDIATE succeeds (RESERVED); COMMIT needs EXCLUSIVE and must be retried.
    assert issue_ticket(db, service="A").number == "A-001"


def test_backup_is_consistent_while_another_station_writes(db_path, tmp_path):
    writer = spawn("issue_forever", str(db_path), "busy-kiosk")
    try:
        assert writer.stdout.readline().strip() == "ready"
        db = open_database(db_path, station="admin", mode="admin")
        out = backup(db, tmp_path / "copy.db")
    finally:
        writer.kill()
        writer.wait(timeout=10)
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    tickets = copy.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    issued = copy.execute("SELECT COUNT(*) FROM events WHERE kind='issued'").fetchone()[0]
    assert tickets == issued
    with pytest.raises(errors.DatabaseExists):
        backup(db, out)  # never overwrites


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_wal_switched_by_another_tool_is_forced_back(db_path):
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    db = open_database(db_path, station="k", mode="kiosk")
    assert db.query("PRAGMA journal_mode")[0][0] == "delete"
    assert not Path(str(db_path) + "-wal").exists()
    issue_ticket(db, service="A")


def test_wal_held_open_by_another_tool_is_refused_not_used(db_path):
    holder = spawn("hold_wal", str(db_path), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "wal"
        with pytest.raises(errors.WalRefused):
            open_database(db_path, station="k", mode="kiosk", busy_budget_s=0.5)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    db = open_database(db_path, station="k", mode="kiosk")
    assert db.query("PRAGMA journal_mode")[0][0] == "delete"


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_server_station_frozen_mid_write_frees_the_office_lock(db_target):
    """The app sets keepalives and an idle-in-transaction limit on every
    connection, so a station that goes silent inside a write (here: a real process
    blocked after taking the lock, its socket open) holds the office's write lock for
    that limit, not for the hours of TCP keepalive; the other stations then write."""
    db = open_database(db_target, station="k", mode="kiosk", busy_budget_s=1.0)
    settings = {name: db.query(f"SHOW {name}")[0][0] for name in (
        "idle_in_transaction_session_timeout", "tcp_keepalives_idle")}
    assert settings == {"idle_in_transaction_session_timeout": "1min",
                        "tcp_keepalives_idle": "30"}
    frozen = spawn("freeze_mid_write", db_target, "2", stdin=subprocess.PIPE)
    try:
        assert frozen.stdout.readline().strip() == "locked", frozen.stderr.read()
        with pytest.raises(errors.DatabaseBusy):  # held: the lock is really taken
            issue_ticket(db, service="A")
        deadline = time.monotonic() + 30
        while True:
            try:
                ticket = issue_ticket(db, service="A")
                break
            except errors.DatabaseBusy:
                assert time.monotonic() < deadline, "the frozen station kept the lock"
        assert ticket.number == "A-001"
    finally:
        frozen.kill()
        frozen.wait(timeout=10)
