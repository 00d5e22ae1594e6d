"""The change feed on a share: an idle poll costs one read and no lock, and a change by
another station is still seen at the next poll, in event order."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ult_desktop.db.house.setup import init_database
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.feed import ChangeFeed

OTHER_STATION = """
import sys
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
db = open_database(sys.argv[1], station="kiosk-2", mode="kiosk")
for _ in range(int(sys.argv[2])):
    issue_ticket(db, service="B")
db.close()
"""


def _other_station_issues(path, n: int) -> None:
    subprocess.run([sys.executable, "-c", OTHER_STATION, str(path), str(n)], check=True,
                   timeout=120)


def test_idle_poll_on_the_share_is_one_read_and_takes_no_lock(slow_share):
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="display-1", mode="display")
    try:
        feed = ChangeFeed(db)
        feed.poll()
        slow_share.reset_stats()
        assert feed.poll() == []
        ops = slow_share.stats()["ops"]
        assert "lock" not in ops  # a writer's commit never waits for an idle display
        assert sum(ops.values()) <= 1
    finally:
        db.close()


def test_each_commit_of_another_process_is_seen_at_the_next_poll_in_order(slow_share):
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="display-1", mode="display")
    try:
        feed = ChangeFeed(db)
        assert feed.poll() == []
        seen: list[int] = []
        for n in (1, 3, 1):
            _other_station_issues(path, n)
            got = feed.poll()  # at once: not only at the periodic full check
            assert [e.kind for e in got] == ["issued"] * n
            seen += [e.id for e in got]
        assert seen == sorted(seen) and len(set(seen)) == 5
        assert feed.poll() == []
    finally:
        db.close()


def test_own_writes_and_a_heartbeat_of_another_station_are_seen(db_path):
    db = open_database(db_path, station="counter-1", mode="counter")
    other = open_database(db_path, station="admin", mode="admin")
    try:
        feed = ChangeFeed(db)
        feed.poll()
        issue_ticket(db, service="A")  # own write: data_version ignores it
        assert [e.kind for e in feed.poll()] == ["issued"]
        assert heartbeat(other) is True  # no event, but the file changed: checked, empty
        assert feed.poll() == []
        issue_ticket(other, service="A")
        assert [e.kind for e in feed.poll()] == ["issued"]
    finally:
        db.close()
        other.close()


def test_heartbeat_gives_way_when_the_write_lock_is_held(db_path):
    """A heartbeat behind a long write is skipped quickly instead of holding up the
    station's next click for the whole busy budget."""
    import sqlite3
    import time

    db = open_database(db_path, station="kiosk-1", mode="kiosk")
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        t0 = time.monotonic()
        assert heartbeat(db) is False
        assert time.monotonic() - t0 < 3.0  # the busy budget is 10 s
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()


def test_a_new_file_at_the_same_path_is_followed_at_once(tmp_path):
    """A database file replaced at the same path (a restore by hand, a test reusing a
    path): a feed on a new connection reads the new file's header, not the old one's."""
    import shutil

    from ult_desktop.db.house.setup import init_database

    path = init_database(tmp_path / "ult.db", demo=True)
    first = open_database(path, station="display-1", mode="display")
    ChangeFeed(first).poll()
    first.close()
    path.unlink()
    shutil.copyfile(init_database(tmp_path / "fresh.db", demo=True), path)
    db = open_database(path, station="display-1", mode="display")
    other = open_database(path, station="kiosk-1", mode="kiosk")
    try:
        feed = ChangeFeed(db)
        assert feed.poll() == []
        issue_ticket(other, service="A")
        assert [e.kind for e in feed.poll()] == ["issued"]
    finally:
        db.close()
        other.close()


def test_a_heartbeat_rides_with_the_stations_own_next_write(db_path):
    """After a heartbeat, the next one goes inside the station's own next write (no lock
    of its own at the busy hour); a station that wrote nothing meanwhile, or whose write
    rolled back, writes it alone."""
    from ult_desktop.app.pulse import Heartbeat
    from ult_desktop.db import errors

    db = open_database(db_path, station="kiosk-rides", mode="kiosk")
    try:
        def clock() -> str:
            return db.query("SELECT clock FROM stations WHERE id = 'kiosk-rides'")[0][0]

        beats = Heartbeat()
        writes = db.local_writes
        assert beats.beat(db)  # the first: alone
        assert db.local_writes == writes + 1
        first = clock()

        def refused(conn):
            conn.execute("UPDATE settings SET value = value")
            raise errors.RuleViolation("counter.error.bad_login")
        try:
            db.write(refused)
        except errors.RuleViolation:
            pass
        assert clock() == first and not beats.rode  # it went with the rolled-back write
        writes = db.local_writes
        assert beats.beat(db)  # so nothing rode: this beat writes alone, and arms again
        assert db.local_writes == writes + 1 and clock() > first
        first = clock()
        issue_ticket(db, service="A")  # the kiosk's own write carries it
        assert beats.rode and clock() > first
        writes, carried = db.local_writes, clock()
        assert beats.beat(db)  # it rode: nothing written now, the next one armed
        assert db.local_writes == writes and clock() == carried
        assert beats.beat(db)  # nothing written since: alone again
        assert db.local_writes == writes + 1 and clock() > carried
        assert db.clock_skew_s is not None
    finally:
        db.close()


def test_a_write_that_waited_for_the_lock_carries_no_heartbeat(db_path):
    """A heartbeat rides only with a write that found the lock free: one refused first
    (another station's write under way, others may queue behind it) lands its own work
    alone, and the station's next free write carries the beat the others see."""
    import sqlite3
    import threading

    from ult_desktop.app.pulse import Heartbeat

    db = open_database(db_path, station="kiosk-waits", mode="kiosk")
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    try:
        def clock() -> str:
            return db.query("SELECT clock FROM stations WHERE id = 'kiosk-waits'")[0][0]

        beats = Heartbeat()
        assert beats.beat(db)  # alone, and the next one armed
        first = clock()
        other.execute("BEGIN IMMEDIATE")  # another station writes
        releases = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
        releases.start()
        ticket = issue_ticket(db, service="A")  # refused at first, then written
        releases.join()
        assert db.last_write_times[0] >= 0.2  # it did wait for the lock
        assert db.query("SELECT id FROM tickets WHERE id = ?", (ticket.id,))
        assert not beats.rode and clock() == first  # nothing rode with it
        issue_ticket(db, service="A")  # the lock free: this one carries the beat
        assert beats.rode and clock() > first
    finally:
        other.close()
        db.close()


def test_a_busy_error_is_known_by_its_code_whatever_its_words():
    """SQLite says "busy" in other words too (a COMMIT while a read is open): the code
    decides, so the write waits and tries again instead of failing."""
    import sqlite3

    from ult_desktop.db.engine.sqlite_file import is_busy

    busy = sqlite3.OperationalError("cannot commit transaction - SQL statements in progress")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = sqlite3.SQLITE_IOERR
    assert is_busy(busy) and is_busy(sqlite3.OperationalError("database is locked"))
    assert not is_busy(io)


def test_on_a_slow_share_a_counter_looks_unhurried_and_a_display_at_every_poll(slow_share):
    """On a share each look is a round trip and each read after a commit about ten: a
    counter looks at most every ``UNHURRIED_S["counter"]`` (no operation in between), a
    display at every poll; both see the other station's ticket."""
    import time

    from ult_desktop.db.engine.sqlite_file import SLOW_SAMPLES
    from ult_desktop.db.record.feed import UNHURRIED_S

    path = init_database(slow_share.path / "ult.db", demo=True)
    slow_share.set_delay(10)  # each look at the header now takes over SLOW_TRIP_S
    counter = open_database(path, station="counter-1", mode="counter")
    display = open_database(path, station="display-1", mode="display")
    try:
        feeds = {"counter": ChangeFeed(counter), "display": ChangeFeed(display)}
        for _ in range(SLOW_SAMPLES // 2 + 1):  # judged by its last looks, then paced
            for feed in feeds.values():
                feed.poll()
        assert counter.slow_file and display.slow_file
        for mode, feed in feeds.items():
            slow_share.reset_stats()
            feed.poll()
            looked = sum(slow_share.stats()["ops"].values())
            assert (looked == 0) == (mode == "counter"), (mode, looked)
        _other_station_issues(path, 1)
        for mode, feed in feeds.items():
            seen, began = [], time.monotonic()
            while not seen and time.monotonic() - began < 30:
                seen = feed.poll()
                time.sleep(0.05)
            assert [e.kind for e in seen] == ["issued"], mode
        assert UNHURRIED_S.get("display", 0.0) == 0.0
    finally:
        counter.close()
        display.close()


def test_a_counter_nobody_waits_for_looks_at_every_poll_and_hears_its_first_visitor(
        slow_share):
    """A counter's screen with nobody waiting makes its feed eager (``Station.news_soon``):
    on a slow share it looks at every poll, so the first visitor's ticket is seen at the
    first poll after it landed, not up to ``UNHURRIED_S`` later; with visitors waiting it
    goes back to the unhurried pace."""
    from ult_desktop.db.engine.sqlite_file import SLOW_SAMPLES

    path = init_database(slow_share.path / "ult.db", demo=True)
    slow_share.set_delay(10)
    counter = open_database(path, station="counter-1", mode="counter")
    try:
        feed = ChangeFeed(counter)
        for _ in range(SLOW_SAMPLES + 1):  # judged by its last looks
            feed.poll()
        assert counter.slow_file
        feed.eager = True
        for _ in range(3):  # idle: every poll is a look (a round trip at least)
            slow_share.reset_stats()
            assert feed.poll() == []
            assert sum(slow_share.stats()["ops"].values()) > 0
        _other_station_issues(path, 1)
        assert [e.kind for e in feed.poll()] == ["issued"]  # the very next poll
        feed.eager = False  # somebody waits now: the pace again
        feed.poll()
        slow_share.reset_stats()
        assert feed.poll() == []
        assert sum(slow_share.stats()["ops"].values()) == 0
    finally:
        counter.close()


def test_a_call_that_finds_nobody_on_a_slow_share_never_waits_for_the_write_lock(slow_share):
    """On a share every write holds the lock for dozens of round trips: an officer's Call
    with nobody waiting is answered from a read, so it neither waits for another station's
    write nor makes a kiosk's landing wait for it; with a visitor waiting it calls her."""
    import sqlite3

    from ult_desktop.db import errors
    from ult_desktop.db.engine.sqlite_file import SLOW_SAMPLES

    path = init_database(slow_share.path / "ult.db", demo=True)
    slow_share.set_delay(10)
    counter = open_database(path, station="counter-1", mode="counter")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        feed = ChangeFeed(counter)
        for _ in range(SLOW_SAMPLES + 1):  # judged by its last looks
            feed.poll()
        assert counter.slow_file
        counter.busy_budget_s = 1.0  # a write would give up after this
        other.execute("BEGIN IMMEDIATE")  # another station writes meanwhile
        writes = counter.local_writes
        assert call_next(counter, counter=1) is None
        assert counter.local_writes == writes
        with pytest.raises(errors.DatabaseBusy):  # (what a write would have met)
            counter.write(lambda conn: None)
        other.execute("ROLLBACK")
        _other_station_issues(path, 1)
        called = call_next(counter, counter=1)
        assert called is not None and counter.local_writes == writes + 1
        assert counter.query("SELECT state FROM tickets WHERE id = ?",
                             (called.id,))[0][0] == "called"
        with pytest.raises(errors.RuleViolation):  # still said without the write lock
            other.execute("BEGIN IMMEDIATE")
            call_next(counter, counter=1)
    finally:
        other.close()
        counter.close()


def _share_ops_with_history(share, tmp_path, name: str, history, rows: list[tuple],
                            action) -> int:
    """The file operations *action(counter_db, officer)* costs the share, another station
    having written just before (the counter's cache cold), on an office file whose past
    holds *rows* of *history* (an INSERT's values; or *history(connection, rows)* writes
    them) beside a called visitor and 4 waiting."""
    import shutil
    import sqlite3

    from ult_desktop.ui.counter import jobs

    local = init_database(tmp_path / name, demo=True)
    db = open_database(local, station="counter-1", mode="counter")
    officer = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    for _ in range(5):
        issue_ticket(db, service="A")
    call_next(db, counter=1, officer_id=officer)
    db.close()
    raw = sqlite3.connect(local, isolation_level=None)
    if callable(history):
        history(raw, rows)
    else:
        raw.executemany(history, rows)
    raw.close()
    shutil.copy(local, share.backing / name)
    counter = open_database(share.path / name, station="counter-1", mode="counter")
    kiosk = open_database(share.path / name, station="kiosk-1", mode="kiosk")
    try:
        jobs.counter_state(counter, counter=1, officer_id=officer)  # its screen, opened
        heartbeat(kiosk)  # another station wrote: the counter's cache is cold
        share.reset_stats()
        action(counter, officer)
        return sum(share.stats()["ops"].values())
    finally:
        counter.close()
        kiosk.close()


def test_a_counter_s_screen_reads_as_much_of_a_long_log_as_of_a_short_one(slow_share,
                                                                          tmp_path):
    """Every counter reads its screen again after each call and each news: on a share each
    page read is a round trip, and a read that walks the log holds the file's read lock
    for seconds while a kiosk's landing waits to commit. With the log four times longer
    the counter's screen costs the share the same file operations."""
    from ult_desktop.ui.counter import jobs

    def screen(db, officer) -> None:
        state = jobs.counter_state(db, counter=1, officer_id=officer)
        assert state.current is not None and len(state.waiting) == 4

    def past(events: int) -> list[tuple]:  # earlier papers and calls
        return [("printed" if i % 2 else "called", 100_000 + i, "kiosk-1",
                 "2026-01-05T02:00:00+00:00", '{"ok": true, "printer": "virtual"}')
                for i in range(events)]

    sql = "INSERT INTO events (kind, ticket_id, station, at, data) VALUES (?, ?, ?, ?, ?)"
    short = _share_ops_with_history(slow_share, tmp_path, "short.db", sql, past(2_000),
                                    screen)
    assert _share_ops_with_history(slow_share, tmp_path, "long.db", sql, past(8_000),
                                   screen) <= short + 3, short


def test_a_selesai_writes_as_much_with_years_of_handovers_as_with_a_few(slow_share, tmp_path):
    """A Selesai looks up its visit's handovers (a consultation answered, an escalation)
    three times under the office's write lock: with five times as many past handovers it
    costs the share the same file operations, not a walk through all of them."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases
    from ult_desktop.ui.counter import jobs

    record = RecordInput(visitor_name="Siti Aminah", institution="SDN 1 Semarang",
                         question="Kapan tunjangan cair?")

    def selesai(db, officer) -> None:
        current = jobs.counter_state(db, counter=1, officer_id=officer).current
        cases.finish_visit(db, counter=1, ticket_id=current.id, outcome="answered",
                           record=record, officer_id=officer)
        assert db.query("SELECT state FROM tickets WHERE id = ?", (current.id,))[0][0] == "done"

    def past(handovers: int) -> list[tuple]:  # earlier escalations, answered
        return [("escalation", 100_000 + i, 1, "2026-01-05", "answered", "Pertanyaan " * 20,
                 "2026-01-05T02:00:00+00:00") for i in range(handovers)]

    sql = ("INSERT INTO handovers (kind, ticket_id, service_id, day, state, question, "
           "sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    few = _share_ops_with_history(slow_share, tmp_path, "few.db", sql, past(300), selesai)
    assert _share_ops_with_history(slow_share, tmp_path, "many.db", sql, past(1_500),
                                   selesai) <= few + 3, few


def test_the_wait_band_reads_as_much_of_years_of_visits_as_of_a_few_months(slow_share,
                                                                          tmp_path):
    """The band (every kiosk touch, TV list and phone page) reads each service's last
    finished visits: with four times as many past visits, and services nobody used lately
    (only A was ever served), it costs the share the same file operations."""
    from datetime import date, timedelta

    from ult_desktop.core.numbering import utc_now
    from ult_desktop.db.queue.wait import read_band_day

    def band(db, officer) -> None:
        assert db.read(lambda conn: read_band_day(conn, utc_now())).desks

    def past(visits: int) -> list[tuple]:  # service A's visits, 150 a day
        first = date(2024, 1, 1)
        return [((day := (first + timedelta(days=i // 150)).isoformat()), "A", i % 150 + 1,
                 f"A-{i % 150 + 1:03d}", "x", 1, "done", f"{day}T01:00:00+00:00",
                 f"{day}T01:00:00+00:00", f"{day}T01:{i % 50:02d}:00+00:00",
                 f"{day}T01:{i % 50 + 9:02d}:00+00:00", "kiosk-1") for i in range(visits)]

    sql = ("INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, state, "
           "issued_at, sort_at, called_at, finished_at, station) VALUES "
           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    few = _share_ops_with_history(slow_share, tmp_path, "months.db", sql, past(3_000), band)
    assert _share_ops_with_history(slow_share, tmp_path, "years.db", sql, past(12_000),
                                   band) <= few + 3, few


def test_the_band_s_calibration_reads_its_ten_days_not_the_whole_log(slow_share, tmp_path):
    """Each station calibrates the band once a day from the papers of the last days that
    showed one (``read_ratios``): with the log before those days four times longer it costs
    the share the same file operations (it had walked the whole log for each day)."""
    from datetime import date, timedelta

    from ult_desktop.db.queue.wait import read_ratios

    today = date.today()

    def calibrate(db, officer) -> None:
        assert db.read(lambda conn: read_ratios(conn, today.isoformat())) is not None

    def write(raw, filler: list[tuple]) -> None:
        raw.executemany("INSERT INTO events (kind, ticket_id, station, at, data) "
                        "VALUES (?, ?, ?, ?, ?)", filler)  # the log of long ago
        for back in range(1, 11):  # the last ten days: five banded papers each
            day = (today - timedelta(days=back)).isoformat()
            for seq in range(1, 6):
                issued = raw.execute(
                    "INSERT INTO events (kind, station, at) VALUES ('issued', 'kiosk-1', ?)",
                    (f"{day}T01:00:00+00:00",)).lastrowid
                ticket = raw.execute(
                    "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                    "state, issued_at, sort_at, called_at, first_called_at, finished_at, "
                    "station, issue_event) VALUES (?, 'A', ?, ?, 'x', 1, 'done', ?, ?, ?, ?, "
                    "?, 'kiosk-1', ?)",
                    (day, seq, f"A-{seq:03d}", f"{day}T01:00:00+00:00",
                     f"{day}T01:00:00+00:00", f"{day}T01:12:00+00:00",
                     f"{day}T01:12:00+00:00", f"{day}T01:20:00+00:00", issued)).lastrowid
                raw.execute("INSERT INTO events (kind, ticket_id, station, at, data) VALUES "
                            "('printed', ?, 'kiosk-1', ?, ?)",
                            (ticket, f"{day}T01:00:01+00:00",
                             '{"ok": true, "band": [5, 15], "expect": 10}'))

    def past(events: int) -> list[tuple]:
        return [("printed", 100_000 + i, "kiosk-1", "2025-01-05T02:00:00+00:00",
                 '{"ok": true, "printer": "virtual"}') for i in range(events)]

    short = _share_ops_with_history(slow_share, tmp_path, "short.db", write, past(2_000),
                                    calibrate)
    assert _share_ops_with_history(slow_share, tmp_path, "long.db", write, past(8_000),
                                   calibrate) <= short + 3, short


def test_the_band_s_calibration_reads_each_day_not_the_days_after_it(slow_share, tmp_path):
    """Each of the ten days is read up to the next day's first ticket, not to the log's
    end: with today's log after its first ticket four times longer the calibration costs
    the share the same file operations (each day had read every later day again), and it
    still holds the fifty visitors the ten days' papers showed a band to."""
    from datetime import date, timedelta

    from ult_desktop.db.queue.wait import read_ratios

    today = date.today()
    held: list = []

    def calibrate(db, officer) -> None:
        held[:] = db.read(lambda conn: read_ratios(conn, today.isoformat())).samples

    def ticket(raw, day: str, seq: int, called: str | None) -> int:
        issued = raw.execute("INSERT INTO events (kind, station, at) VALUES ('issued', "
                             "'kiosk-1', ?)", (f"{day}T01:00:00+00:00",)).lastrowid
        return raw.execute(
            "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, state, "
            "issued_at, sort_at, called_at, first_called_at, station, issue_event) VALUES "
            "(?, 'B', ?, ?, 'x', 2, ?, ?, ?, ?, ?, 'kiosk-1', ?)",
            (day, seq, f"B-{seq:03d}", "called" if called else "waiting",
             f"{day}T01:00:00+00:00", f"{day}T01:00:00+00:00", called, called,
             issued)).lastrowid

    def write(raw, filler: list[tuple]) -> None:
        for back in range(10, 0, -1):  # the last ten days, oldest first: five papers each
            day = (today - timedelta(days=back)).isoformat()
            for seq in range(1, 6):
                raw.execute("INSERT INTO events (kind, ticket_id, station, at, data) VALUES "
                            "('printed', ?, 'kiosk-1', ?, ?)",
                            (ticket(raw, day, seq, f"{day}T01:12:00+00:00"),
                             f"{day}T01:00:01+00:00",
                             '{"ok": true, "band": [5, 15], "expect": 10}'))
        ticket(raw, today.isoformat(), 1, None)  # today's first visitor, then its day
        raw.executemany("INSERT INTO events (kind, ticket_id, station, at, data) "
                        "VALUES (?, ?, ?, ?, ?)", filler)

    def past(events: int) -> list[tuple]:
        return [("printed", 100_000 + i, "kiosk-1", f"{today}T02:00:00+00:00",
                 '{"ok": true, "printer": "virtual"}') for i in range(events)]

    short = _share_ops_with_history(slow_share, tmp_path, "short.db", write, past(2_000),
                                    calibrate)
    assert len(held) == 50  # every paper of the ten days, none of today's
    assert _share_ops_with_history(slow_share, tmp_path, "long.db", write, past(8_000),
                                   calibrate) <= short + 3, short
    assert len(held) == 50


def test_a_station_refused_the_lock_on_a_slow_share_is_judged_slow_at_once(slow_share):
    """A station refused the write lock on a slow share waits as a slow file's stations do
    from that refusal: judged only by its feed's looks (a kiosk's every 3 s), a kiosk started
    at the busy hour asked blindly for its first seconds. Opening alone looks at nothing (a
    one-off command keeps no descriptor on the file)."""
    import sqlite3
    import threading

    path = init_database(slow_share.path / "ult.db", demo=True)
    slow_share.set_delay(10)
    kiosk = open_database(path, station="kiosk-1", mode="kiosk")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        assert not kiosk.pace.trips  # opened: not judged, no look taken
        holder.execute("BEGIN IMMEDIATE")  # another station writes
        release = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
        release.start()
        try:
            issue_ticket(kiosk, service="A")
        finally:
            release.join()
        assert kiosk.slow_file  # judged at its refusal, no feed looked
    finally:
        holder.close()
        kiosk.close()


def _first_call_ops(share, tmp_path, name: str, between: int, upgraded: bool) -> int:
    """Share operations of a counter's first call (a new process), in a registered office
    where *between* signed events of another station lie between the kiosk's registration
    and its tickets (a kiosk idle for weeks, a new one, a morning after a busy month);
    *upgraded*: all of it written by the program before migration key_prev_hint."""
    import shutil
    import sqlite3
    import threading
    from datetime import datetime, timedelta, timezone

    from ult_desktop.app import station_key
    from ult_desktop.db.record import judged, station_keys
    from ult_desktop.db.record.events import advance_heads, append_event
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    local = init_database(tmp_path / name, demo=True)
    keys = {n: station_key.create_key(tmp_path / name.replace(".", "-") / n)[0]
            for n in ("admin", "kiosk-1", "counter-1", "counter-2")}
    dbs = {n: open_database(local, station=n, mode="test") for n in keys}
    for n, key in keys.items():
        dbs[n].set_signer(key)
    dbs["admin"].set_actor("admin")
    for n, role in (("admin", "admin"), ("kiosk-1", "kiosk"), ("counter-1", "counter"),
                    ("counter-2", "counter")):
        station_keys.request_registration(dbs[n], label=n)
        station_keys.approve_key(dbs["admin"], keys[n].key_id, role=role)

    def past(conn) -> None:  # another counter's acts of the month before, signed, chained
        month_ago = datetime.now(timezone.utc) - timedelta(days=30)
        for i in range(between):
            append_event(conn, "counter-2", "finished", counter=2, data={"n": i},
                         at=month_ago + timedelta(seconds=i))
        advance_heads(conn)  # (as the heartbeats keep them)
    dbs["counter-2"].write(past)
    for _ in range(4):
        issue_ticket(dbs["kiosk-1"], service="A")
    for db in dbs.values():
        heartbeat(db)
        db.close()
    if upgraded:  # the file as the program before migration key_prev_hint left it: its
        with sqlite3.connect(local) as raw:  # admin's PC migrates it (stations updated)
            raw.execute("ALTER TABLE events DROP COLUMN key_prev_id")
            raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        open_database(local, station="admin", mode="admin").close()
    shutil.copy(local, share.backing / name)
    counter = open_database(share.path / name, station="counter-1", mode="counter")
    counter.set_signer(keys["counter-1"])
    try:
        judged.authority_of(counter)  # the record judged up to now, as at a station's start
        for warm in [t for t in threading.enumerate() if t.name == "judged-warm"]:
            warm.join(30)  # (a long log's background judging: done)
        share.reset_stats()
        assert call_next(counter, counter=1).number == "A-001"
        return sum(share.stats()["ops"].values())
    finally:
        counter.close()


@pytest.mark.parametrize("upgraded", [False, True])
def test_a_counter_s_first_call_reads_as_much_whatever_lies_behind_the_kiosk_s_tickets(
        slow_share, tmp_path, upgraded):
    """A counter calls only a visitor whose ticket a standing act issued: it judges the
    ticket's signed event, which links to its kiosk's previous event. That event is found
    in one read (the writer names it), not by walking back through every other station's
    events to it: a walk read the whole log over the share under the write lock (20 s on a
    10 ms share after two months, every counter, every start). In an office the program
    before it wrote, its migration names them for the events already there."""
    few = _first_call_ops(slow_share, tmp_path, "few.db", 300, upgraded)
    assert _first_call_ops(slow_share, tmp_path, "many.db", 4_000, upgraded) <= few + 3, few
