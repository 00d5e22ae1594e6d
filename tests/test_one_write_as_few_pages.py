"""The one_write_few_pages migration and what it relies on: a ticket, a call and a "Selesai" touch
as few pages as bare SQLite does.

* the ticket code carries the ticket id and has no index: found by id, whole code checked;
* event ids without ``sqlite_sequence``: the high-water mark is in the file header;
* the first call's time and the register record's id are kept on the ticket row;
* the office configuration is kept between a station's writes and read again after
  any change another station makes (a real second process);
* an older file (as the fewer_index_pages migration left it) with history is migrated with nothing lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import run_cli

from tests.drivers import get_record
from ult_desktop.core.numbering import CODE_RANDOM_LEN, code_ticket_id, ticket_code
from ult_desktop.core.register import RecordInput
from ult_desktop.db import errors, queries
from ult_desktop.db.engine import port
from ult_desktop.db.engine.config_cache import MAX_AGE_S
from ult_desktop.db.keeping.maintenance import check
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, recall
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import services_by_id
from ult_desktop.db.record.events import append_event
from ult_desktop.db.schemas.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    apply_statements,
    version_after,
)
from ult_desktop.db.survey import skm
from ult_desktop.db.visit import register

ROOT = Path(__file__).resolve().parent.parent
VISITOR = RecordInput(visitor_name="Budi Santoso", institution="SMPN 3 Semarang",
                      phone="081234567890", question="Tunjangan profesi")


# -- codes ---------------------------------------------------------------------------------
def test_a_code_carries_its_ticket_id_and_nothing_else_reads_as_one():
    for ticket_id in (1, 31, 32, 1024, 987_654):
        code = ticket_code("ABCDEFGH", ticket_id)
        assert code.startswith("ABCDEFGH") and code_ticket_id(code) == ticket_id
        assert code_ticket_id(code.lower() + " ") == ticket_id  # typed loosely
    assert code_ticket_id("ABCDEFGH") is None        # a code from before version 10
    assert code_ticket_id("ABCDEFGH0") is None       # 0 is not in the alphabet
    assert code_ticket_id("") is None
    with pytest.raises(ValueError):
        ticket_code("SHORT", 5)


def test_a_ticket_is_found_by_its_code_and_only_by_the_whole_code(db):
    t = issue_ticket(db, service="A")
    assert len(t.code) > CODE_RANDOM_LEN and code_ticket_id(t.code) == t.id
    assert queries.get_ticket(db, code=t.code.lower()).id == t.id
    forged = ("Z" if t.code[0] != "Z" else "Y") + t.code[1:]  # same id, other secret
    with pytest.raises(errors.NotFound):
        queries.get_ticket(db, code=forged)
    with pytest.raises(errors.NotFound):
        skm.survey_ticket(db, ticket_code=forged)


# -- event ids ----------------------------------------------------------------------------
def test_event_ids_stay_above_every_id_the_file_gave_out(db, db_path):
    issue_ticket(db, service="A")
    top = db.query("SELECT MAX(id) FROM events")[0][0]
    assert db.read(port.high_water) == top
    sql = db.query("SELECT sql FROM sqlite_master WHERE name = 'events'")[0][0]
    assert "AUTOINCREMENT" not in sql
    with sqlite3.connect(db_path) as raw:  # the newest events removed behind our back
        raw.execute("DELETE FROM events WHERE id > ?", (top - 2,))
    t = issue_ticket(db, service="A")
    new_ids = [r[0] for r in db.query("SELECT id FROM events WHERE ticket_id = ?", (t.id,))]
    assert min(new_ids) == top + 1  # the removed ids are never given out again


# -- the ticket row keeps its first call and its record ----------------------------------
def test_first_call_and_record_are_on_the_ticket_row(db):
    t = issue_ticket(db, service="A")
    first = call_next(db, counter=1)
    assert first.id == t.id
    recall(db, counter=1)  # a recall is not the first call
    row = db.query("SELECT first_called_at, called_at, record_id FROM tickets WHERE id = ?",
                   (t.id,))[0]
    called_at = db.query("SELECT MIN(at) FROM events WHERE ticket_id = ? AND kind = 'called'",
                         (t.id,))[0][0]
    assert row["first_called_at"] == called_at < row["called_at"]
    first_at = row["first_called_at"]
    rec = register.save_record(db, record=VISITOR, channel="walk_in", ticket_id=t.id,
                               officer_id=None)
    again = register.save_record(db, record=VISITOR, channel="walk_in", ticket_id=t.id,
                                 officer_id=None)
    assert again.id == rec.id  # one record per ticket, found through the ticket row
    assert db.query("SELECT COUNT(*) FROM register_records")[0][0] == 1
    assert get_record(db, ticket_id=t.id).id == rec.id
    row = db.query("SELECT first_called_at, record_id FROM tickets WHERE id = ?", (t.id,))[0]
    assert (row["first_called_at"], row["record_id"]) == (first_at, rec.id)


# -- the kept configuration -----------------------------------------------------------------
def _other_station(db_path: Path, code: str) -> None:
    script = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
              "from ult_desktop.db.open import open_database\n"
              "from ult_desktop.db.house import office\n"
              f"db = open_database({str(db_path)!r}, station='admin-pc', mode='admin')\n"
              + code + "\ndb.close()\n")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_a_service_switched_off_elsewhere_is_refused_at_the_next_ticket(db, db_path):
    issue_ticket(db, service="A")  # the configuration is now kept
    issue_ticket(db, service="A")
    _other_station(db_path, "office.save_service(db, prefix='A', active=False)")
    with pytest.raises(errors.RuleViolation):
        issue_ticket(db, service="A")
    _other_station(db_path, "office.save_service(db, prefix='A', active=True)")
    assert issue_ticket(db, service="A").prefix == "A"


def test_a_counter_given_other_services_elsewhere_calls_from_them(db, db_path):
    b = issue_ticket(db, service="B")
    issue_ticket(db, service="A")
    _other_station(db_path, "office.set_counter_services(db, number=1, service_prefixes=['A'])")
    called = call_next(db, counter=1)
    assert called.prefix == "A"
    finish(db, counter=1)
    _other_station(db_path, "office.set_counter_services(db, number=1, service_prefixes=['B'])")
    assert call_next(db, counter=1).id == b.id


def test_a_change_without_an_event_changes_nothing_and_is_said(db, db_path):
    """An admin's own SQL (no event, no image) is a row the record does not let stand:
    neither the kept value nor a fresh read after the age limit acts on it."""
    from ult_desktop.db.record import judged

    issue_ticket(db, service="A")
    with sqlite3.connect(db_path) as raw:  # an admin's own SQL: no settings_changed event
        raw.execute("UPDATE services SET active = 0 WHERE prefix = 'A'")
    issue_ticket(db, service="A")  # the kept value ...
    cache = db.conn.config
    cache._clock = lambda: 1e9 + MAX_AGE_S  # ... and read again after the limit
    assert issue_ticket(db, service="A").prefix == "A"
    assert ("services", "(1,)") in judged.set_aside(db)


def test_a_rolled_back_write_keeps_nothing_it_read(db):
    issue_ticket(db, service="A")
    cache = db.conn.config

    def change_then_fail(conn):
        conn.execute("UPDATE services SET active = 0 WHERE prefix = 'A'")
        services_by_id(conn)  # read inside the failing transaction
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.write(change_then_fail)
    assert not cache._values
    assert issue_ticket(db, service="A").prefix == "A"


# -- an older file -------------------------------------------------------------------------
def _legacy_code(i: int) -> str:
    """An 8-character code as versions before 10 printed them."""
    digits = "ABCDEFGHJK"
    return f"LGCY{digits[i // 10]}{digits[i % 10]}XY"


def _fewer_index_pages_file(path: Path) -> dict:
    """A file as the fewer-index-pages migration left it, with a few days of history and a removed event tail."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    version = version_after("fewer_index_pages")
    for statements in MIGRATIONS[:version]:
        apply_statements(conn, statements)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO services (prefix, name) VALUES ('A', 'Informasi')")
    conn.execute("INSERT INTO officers (username, name, role, pin_hash) "
                 "VALUES ('sari', 'Sari', 'front_office', 'x')")
    day = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    t0 = datetime.fromisoformat(day + "T01:00:00+00:00")
    first_calls = {}
    for i in range(1, 31):
        at = (t0 + timedelta(minutes=i)).isoformat()
        conn.execute("INSERT INTO tickets (id, day, prefix, seq, number, code, service_id, "
                     "state, issued_at, sort_at, station) VALUES (?, ?, 'A', ?, ?, "
                     "?, 1, 'done', ?, ?, 'k')",
                     (i, day, i, f"A-{i:03d}", _legacy_code(i), at, at))
        conn.execute("INSERT INTO events (kind, ticket_id, station, at) VALUES "
                     "('issued', ?, 'k', ?)", (i, at))
        for n in (1, 2):  # called twice: the first call counts
            call = (t0 + timedelta(minutes=i + 5 * n)).isoformat()
            conn.execute("INSERT INTO events (kind, ticket_id, station, at) VALUES "
                         "('called', ?, 'c', ?)", (i, call))
            first_calls.setdefault(i, call)
    conn.execute("INSERT INTO register_records (ticket_id, channel, day, service_id, "
                 "visitor_name, created_at, updated_at, station) VALUES (7, 'walk_in', "
                 "?, 1, 'Budi', 'x', 'x', 'c')", (day,))
    top = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
    conn.execute("DELETE FROM events WHERE id > ?", (top - 3,))  # sqlite_sequence remembers
    conn.execute("COMMIT")
    first_calls = {i: first_calls[i] if conn.execute(
        "SELECT 1 FROM events WHERE ticket_id = ? AND kind = 'called'", (i,)).fetchone()
        else None for i in first_calls}
    codes = dict(conn.execute("SELECT id, code FROM tickets"))
    conn.close()
    return {"first_calls": first_calls, "codes": codes, "top": top}


def test_a_file_from_the_fewer_index_pages_migration_is_migrated_with_nothing_lost(tmp_path):
    path = tmp_path / "office.db"
    before = _fewer_index_pages_file(path)
    db = open_database(path, station="test", mode="test")
    try:
        assert db.schema_version == SCHEMA_VERSION
        assert db.query("PRAGMA foreign_keys")[0][0] == 1  # on again after the rebuild
        report = check(db)
        assert report["ok"], report
        # the unstuffable_survey migration keeps each code's keyed hash only
        from ult_desktop.core.skm import fast_code_hash
        from ult_desktop.db.queue.rows import code_salt
        salt = db.read(code_salt)
        assert dict(db.query("SELECT id, code_hash FROM tickets")) == {
            i: fast_code_hash(salt, c) for i, c in before["codes"].items()}
        got = dict(db.query("SELECT id, first_called_at FROM tickets"))
        assert got == before["first_calls"]
        assert db.query("SELECT record_id FROM tickets WHERE id = 7")[0][0] == 1
        assert db.query("SELECT COUNT(*) FROM tickets WHERE record_id IS NOT NULL")[0][0] == 1
        # a code from before is still found (8 characters: by a scan)
        old = before["codes"][5]
        assert len(old) == CODE_RANDOM_LEN
        assert queries.get_ticket(db, code=old).id == 5
        with pytest.raises(errors.NotFound):  # not a code at all: nothing is read
            queries.get_ticket(db, code="OLD0")
        with sqlite3.connect(path) as raw:  # a code from a visit months ago
            raw.execute("UPDATE tickets SET day = '2025-01-02' WHERE id = 5")
        with pytest.raises(errors.NotFound):
            queries.get_ticket(db, code=old)
        # the highest id ever given out came over from sqlite_sequence (migration record_is_signed_events
        # then recorded the rows as baseline events above it)
        baseline = db.query("SELECT MIN(id), MAX(id) FROM events WHERE kind = "
                            "'projection_baseline'")[0]
        assert baseline[0] == before["top"] + 1
        # (and the unstuffable_survey migration its code hashes)
        hashed = db.query("SELECT MAX(id) FROM events WHERE kind = 'skm_codes_hashed'")[0][0]
        assert hashed == baseline[1] + 1
        assert db.read(port.high_water) == hashed
        new = db.write(lambda conn: append_event(conn, "test", "note"))
        assert new == hashed + 1
        names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "sqlite_autoindex_tickets_2" not in names
        assert "sqlite_autoindex_register_records_1" not in names
        assert {"tickets_request", "register_records_day", "register_records_request"} <= names
    finally:
        db.close()


def test_check_names_rows_that_point_at_nothing(db, db_path):
    issue_ticket(db, service="A")
    assert check(db)["references_ok"]
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE tickets SET service_id = 999")
    report = check(db)
    assert not report["ok"] and not report["references_ok"]
    assert any("tickets.service_id" in line for line in report["references"])


def test_the_check_command_says_which_rows_point_at_nothing(db_path):
    db = open_database(db_path, station="k", mode="kiosk")
    issue_ticket(db, service="A")
    db.close()
    assert run_cli("check", "--db", str(db_path)).returncode == 11  # sound; no root
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE tickets SET officer_id = 4242")
    r = run_cli("check", "--db", str(db_path))
    assert r.returncode != 0
    assert "tickets.officer_id" in r.stdout and "cadangan" in r.stdout


# -- turns at the write lock ---------------------------------------------------------------
def test_the_longest_waiter_asks_most_often(db):
    from ult_desktop.db.engine.sqlite import (
        TURN_LEAD_HOLDS,
        TURN_PAUSE_FAST_S,
        TURN_PAUSE_HOLDS,
        TURN_PAUSE_MAX_S,
        TURN_PAUSE_MIN_S,
    )

    assert db._turn_pause(0.0) == pytest.approx(TURN_PAUSE_MIN_S)  # no write yet: no pacing
    db._hold_avg = 0.6  # a slow share: writes hold the lock 0.6 s
    fresh, waited, long = db._turn_pause(0.0), db._turn_pause(0.4), db._turn_pause(2.0)
    assert fresh == pytest.approx(TURN_PAUSE_HOLDS * 0.6)
    assert fresh > waited > long
    assert db._turn_pause(TURN_LEAD_HOLDS * 0.6) == pytest.approx(TURN_PAUSE_MIN_S)
    db._hold_avg = 30.0  # after a long purge: still asks a few times a second
    assert db._turn_pause(0.0) == pytest.approx(TURN_PAUSE_MAX_S)
    db._hold_avg = 0.005  # a fast LAN file: pauses of a few milliseconds at most
    assert db._turn_pause(0.0) == pytest.approx(TURN_PAUSE_MIN_S)
    db._hold_avg = 0.001  # a local disk: no gap to catch, fewer asks
    assert db._turn_pause(0.0) == db._turn_pause(2.0) == TURN_PAUSE_FAST_S


def test_a_migration_or_a_long_write_does_not_slow_the_turns_down(db):
    from ult_desktop.db.engine.sqlite import TURN_HOLD_MAX_S

    db.write_schema(lambda conn: None)  # a migration: not a typical write
    assert db._hold_avg == 0.0
    db._hold_avg = 0.5
    db.write(lambda conn: None)  # a quick write pulls the average down
    assert 0.0 < db._hold_avg < 0.5 <= TURN_HOLD_MAX_S


def test_a_write_behind_another_station_gets_the_lock_when_it_comes_free(db, db_path):
    """A real second process holds the write lock; the waiting write asks once per
    attempt, paced, and gets through once the other lets go."""
    import threading

    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "workers.py"), "hold_lock", str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        db._hold_avg = 0.3  # as after writes on a slow share: paced attempts
        db.pace = SlowShare()
        released = threading.Event()

        def release() -> None:
            released.set()
            holder.stdin.close()

        threading.Timer(0.5, release).start()
        t = issue_ticket(db, service="A")
        assert released.is_set() and t.prefix == "A"
        assert db._busy_ms == 50  # SQLite's loop was back for COMMIT
        # a read on a slow file waits in our paced loop, not SQLite's (an ask every few ms)
        assert db.query("PRAGMA busy_timeout")[0][0] == 0
    finally:
        holder.kill()
        holder.wait()


class SlowShare:
    """A station's judgement that its file is a slow share (this machine's disk is not)."""

    slow = True

    def forget(self) -> None:
        pass

    def judge(self, path) -> None:  # already judged: slow
        pass


def _asks_while_held(db, db_path, end: str, hold_s: float, held_s: float) -> tuple[list, float]:
    """A real second process holds the write lock for *held_s*, then *end*s; *db* (its
    writes holding the lock *hold_s* on average) issues a ticket meanwhile: its asks for the
    lock (each ``BEGIN IMMEDIATE`` it ran) and the seconds the ticket took."""
    import threading
    import time

    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "workers.py"), "hold_lock", str(db_path), end],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    asks: list[str] = []
    try:
        assert holder.stdout.readline().strip() == "locked"
        db._hold_avg = hold_s
        db.pace = SlowShare()
        db.conn.set_trace_callback(lambda sql: asks.append(sql) if sql.startswith(
            "BEGIN IMMEDIATE") else None)
        threading.Timer(held_s, holder.stdin.close).start()
        began = time.monotonic()
        assert issue_ticket(db, service="A").prefix == "A"
        return asks, time.monotonic() - began
    finally:
        db.conn.set_trace_callback(None)
        holder.kill()
        holder.wait()


def test_a_writer_waiting_on_a_slow_file_does_not_ask_while_nothing_moves(db, db_path):
    """On a slow file each ask for the write lock is round trips every other station's
    operations queue behind: a waiting write peeks at the header's change counter (no lock)
    and, while no commit moves it, asks again only every ``ASK_AFTER_HOLDS`` holds."""
    from ult_desktop.db.engine.sqlite_file import ASK_AFTER_HOLDS

    asks, took = _asks_while_held(db, db_path, "ROLLBACK", hold_s=0.3, held_s=1.5)
    assert took >= 1.4
    # the first ask, then one per 2 holds (0.6 s) at most: not one every few milliseconds
    assert 2 <= len(asks) <= 2 + int(took / (ASK_AFTER_HOLDS * 0.3))


def test_a_writer_waiting_on_a_slow_file_asks_once_a_commit_let_the_lock_go(db, db_path):
    """The other station commits: the header's counter moves and the waiting write asks
    then, long before its two holds (4 s here) are up."""
    from ult_desktop.db.engine.sqlite_file import ASK_AFTER_HOLDS

    asks, took = _asks_while_held(db, db_path, "COMMIT", hold_s=2.0, held_s=0.5)
    assert len(asks) <= 3
    assert took < ASK_AFTER_HOLDS * 2.0


def test_a_writer_waiting_on_a_slow_file_asks_soon_after_a_station_died_mid_write(
        db, db_path):
    """The other station dies holding the lock: its hot journal is rolled back by the next
    to ask, and no commit ever moves the header's counter. A waiter whose holds are long
    (two of them: 4 s) still asks again within ``QUIET_MAX_S`` of its last ask, and its
    ticket is written."""
    from ult_desktop.db.engine.sqlite_file import ASK_AFTER_HOLDS, QUIET_MAX_S

    asks, took = _asks_while_held(db, db_path, "DIE", hold_s=2.0, held_s=0.5)
    assert QUIET_MAX_S <= 1.0
    # died at 0.5 s, asked again by the quiet's end (1 s), not after two holds (4 s)
    assert took < ASK_AFTER_HOLDS * 2.0 - 1.0
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1
    assert not Path(f"{db_path}-journal").exists() or \
        Path(f"{db_path}-journal").stat().st_size == 0  # rolled back


def test_a_station_stops_writing_once_a_newer_version_migrated_the_file(db, db_path):
    issue_ticket(db, service="A")
    with sqlite3.connect(db_path) as raw:  # a newer station's migration, meanwhile
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        raw.execute("CREATE TABLE newer_feature (id INTEGER PRIMARY KEY)")
    with pytest.raises(errors.SchemaTooNew):
        issue_ticket(db, service="A")
    assert db.too_new
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1


def test_a_waiter_on_a_slow_file_never_outstays_its_deadline_nor_its_quiet(tmp_path):
    """Whatever the moves it lost and its pauses, a waiter between two asks returns by its
    deadline, or once nothing moved for its quiet time (a writer that rolled back), with no
    commit made meanwhile: False, ask again. A commit meanwhile: True, before the quiet."""
    import threading
    import time

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ult_desktop.db.engine.sqlite_file import await_commit

    path = tmp_path / "quiet.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")

    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(lost=st.integers(0, 40), first=st.floats(0.001, 0.02),
           most=st.floats(0.001, 0.05), quiet=st.floats(0.0, 0.1), budget=st.floats(0.0, 0.2))
    def waits(lost, first, most, quiet, budget):
        began = time.monotonic()
        assert not await_commit(path, began + budget, lost=lost,
                                pauses=(first, most, quiet))
        longest = quiet + 1.5 * min(most, first * 2 ** lost)
        assert time.monotonic() - began <= min(budget, longest) + 0.25  # the machine's slack

    waits()

    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another station's write under way (its journal)
    holder.execute("INSERT INTO t VALUES (1)")
    commit = threading.Timer(0.1, lambda: holder.execute("COMMIT"))
    commit.start()
    began = time.monotonic()
    try:
        assert await_commit(path, began + 30, lost=0, pauses=(0.01, 0.05, 20.0))
        assert time.monotonic() - began < 20  # the move, not the quiet time, ended the wait
    finally:
        commit.join()
        holder.close()
    # a holder that rolls back moves nothing: once its journal is gone the waiter asks,
    # its quiet time unspent
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (2)")
    rollback = threading.Timer(0.1, lambda: holder.execute("ROLLBACK"))
    rollback.start()
    began = time.monotonic()
    try:
        assert not await_commit(path, began + 30, lost=0, pauses=(0.01, 0.05, 20.0))
        assert time.monotonic() - began < 20
    finally:
        rollback.join()
        holder.close()


def test_a_file_is_slow_by_its_least_round_trip_and_judged_afresh_after_an_outage(db):
    """A loaded CPU makes some peeks at the header slow, a share's round trips all of them:
    one quick peek among slow ones is a fast file (judged by holds and reads, a 0.5 ms share
    beside a full load counted as slow, and a station there lost its turn until its budget
    ran out). A new connection judges again from nothing."""
    from ult_desktop.db.engine.sqlite_file import SLOW_SAMPLES, SLOW_TRIP_S, HeaderPeek

    for _ in range(SLOW_SAMPLES):
        HeaderPeek.counter(db.file)  # this machine's disk: far quicker than a share
    assert len(db.pace.trips) == SLOW_SAMPLES and not db.slow_file
    db.pace.trips.extend([SLOW_TRIP_S * 2] * (SLOW_SAMPLES - 1))
    assert not db.slow_file  # one quick round trip among them
    db.pace.trips.append(SLOW_TRIP_S * 3)
    assert db.slow_file
    db._drop()  # as an I/O failure does
    db.reconnect()
    assert not db.slow_file


def test_a_waiter_counts_every_commit_between_two_peeks(tmp_path):
    """The commits a waiter lets pass are counted by the header's own counter: twenty
    commits between two peeks are twenty, not one (one a peek let a waiter that lost four
    times sit out up to fifteen peeks, 6 s on a busy file, past its budget)."""
    import threading
    import time

    from ult_desktop.db.engine.sqlite_file import await_commit

    path = tmp_path / "busy.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")

    def burst() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        for i in range(20):
            other.execute("INSERT INTO t VALUES (?)", (i,))
        other.close()

    for _ in range(5):
        threading.Timer(0.05, burst).start()
        began = time.monotonic()
        moved = await_commit(path, began + 10, lost=4, pauses=(0.3, 0.3, 3.0))
        assert moved and time.monotonic() - began < 2.0


def test_a_commit_made_before_the_waiters_first_look_still_ends_its_wait(tmp_path):
    """The holder may commit between a waiter's refused ask and its first peek (the holder
    was already committing): judged from the counter known before the ask, that commit is
    a move and the waiter asks at once. Read only after the ask, the counter already held
    it, and the waiter sat out its whole quiet time beside a free lock (a Selesai of the
    office peak waited a second so, the lock free)."""
    import time

    from ult_desktop.db.engine.sqlite_file import HeaderPeek, await_commit

    path = tmp_path / "missed.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
    began = time.monotonic()
    HeaderPeek.counter(path)  # the feed's last look, before the waiter asked
    known = HeaderPeek.known(path, since=began)  # no round trip: the look is new enough
    with sqlite3.connect(path) as raw:  # the holder's commit, before the waiter looks
        raw.execute("INSERT INTO t VALUES (1)")
    began = time.monotonic()
    assert await_commit(path, began + 30, lost=0, pauses=(0.01, 0.05, 20.0),
                        seen=known)
    assert time.monotonic() - began < 20  # the move, not the quiet time, ended the wait
    assert HeaderPeek.known(path, since=began) != known  # its own peek is known from now on
    # a look older than the station's own last commit is no baseline: the counter is read
    assert HeaderPeek.known(path, since=time.monotonic()) == HeaderPeek.counter(path)


def test_after_a_move_a_waiter_asks_once_the_committer_let_go(tmp_path):
    """The move is seen when the committer writes page 1; it deletes its journal and lets go
    some round trips later. The waiter looks for the journal until it is gone (no lock),
    never past its limit; with no journal there, it asks at once."""
    import threading
    import time

    from ult_desktop.db.engine.sqlite_file import await_release

    path = tmp_path / "tail.db"
    sqlite3.connect(path).close()
    journal = tmp_path / "tail.db-journal"
    began = time.monotonic()
    await_release(path, began + 20, 0.01)
    assert time.monotonic() - began < 5  # nobody committing: no wait

    journal.write_bytes(b"\0" * 512)  # a committer still letting go
    threading.Timer(0.3, journal.unlink).start()
    began = time.monotonic()
    await_release(path, began + 20, 0.01)
    waited = time.monotonic() - began
    assert not journal.exists()  # asked only once the committer let go
    assert waited < 10  # the journal's going, not the limit, ended the wait

    journal.write_bytes(b"\0" * 512)  # a committer that never lets go: the limit holds
    began = time.monotonic()
    await_release(path, began + 0.2, 0.01)
    assert journal.exists() and time.monotonic() - began < 5


def test_a_read_on_a_slow_file_lets_a_write_under_way_commit_first(db):
    """A write's commit waits for every reader's shared lock to go, so on a slow file a
    read that finds another station's write under way (its journal there) lets it commit
    first: the reader then reads what that write made."""
    import threading

    from ult_desktop.db.engine.sqlite_file import SLOW_SAMPLES, SLOW_TRIP_S

    db.pace.trips.extend([SLOW_TRIP_S * 2] * SLOW_SAMPLES)  # a share's round trips
    assert db.slow_file
    read = "SELECT name FROM counters WHERE number = 1"
    assert db.query(read)[0][0] != "Loket Baru"
    other = sqlite3.connect(db.file, isolation_level=None, timeout=30, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another station's write, a page already changed
    other.execute("UPDATE counters SET name = 'Loket Baru' WHERE number = 1")
    assert Path(f"{db.file}-journal").exists()
    commit = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    commit.start()
    try:
        assert db.query(read)[0][0] == "Loket Baru"
    finally:
        commit.join()
        other.close()
