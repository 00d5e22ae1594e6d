"""The storage layer on a flaky share: named errors during faults, recovery afterwards."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import HOOKS, open_database
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.feed import ChangeFeed


@pytest.fixture
def share_db(slow_share, _demo_template):
    path = slow_share.path / "office.db"
    shutil.copyfile(_demo_template, path)
    return slow_share, path


def test_write_during_outage_is_share_unavailable_then_recovers(share_db):
    share, path = share_db
    db = open_database(path, station="kiosk-1", mode="kiosk")
    issue_ticket(db, service="A")
    for name in ("EIO", "ENOTCONN", "ESTALE"):
        with share.down(name):
            with pytest.raises(errors.ShareUnavailable):
                issue_ticket(db, service="A")
            with pytest.raises(errors.ShareUnavailable):
                open_database(path, station="kiosk-2", mode="kiosk")
        # no explicit reconnect: the next action reopens the file by itself
        issue_ticket(db, service="A")
    numbers = [r["number"] for r in db.query("SELECT number FROM tickets ORDER BY id")]
    assert numbers == ["A-001", "A-002", "A-003", "A-004"]
    db.close()


def test_station_recovers_after_the_file_server_restarts(share_db):
    share, path = share_db
    db = open_database(path, station="counter-1", mode="counter")
    issue_ticket(db, service="A")
    share.crash()
    with pytest.raises(errors.ShareUnavailable):
        call_next(db, counter=1)
    share.remount()
    assert call_next(db, counter=1).number == "A-001"
    db.close()


@pytest.mark.parametrize("skip", range(0, 8))
def test_failed_read_is_never_reported_as_not_a_database(share_db, skip):
    """On Linux clients EIO on a read becomes SQLITE_IOERR_CORRUPTFS inside SQLite and can
    surface as SQLITE_CORRUPT ("database disk image is malformed"). That is a share
    problem, not a foreign file: a station must say "share unavailable, retrying", not
    "this is not a ULT Desktop database"."""
    share, path = share_db
    share.set_delay(0)
    writer = open_database(path, station="kiosk-1", mode="kiosk")
    for _ in range(30):  # a few pages of tickets and events
        issue_ticket(writer, service="B")
    writer.close()
    db = open_database(path, station="display-1", mode="display")
    share.fail("read", "EIO", count=-1, skip=skip, path="office.db")
    try:
        db.query("SELECT t.number, e.kind FROM tickets t JOIN events e ON e.ticket_id = t.id")
        db.query("SELECT COUNT(*) FROM events")
    except errors.UltError as exc:
        assert isinstance(exc, errors.ShareUnavailable), (type(exc).__name__, str(exc))
    share.clear()
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 30
    assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    db.close()


def test_feed_sees_an_event_written_while_the_share_was_gone(share_db):
    """After a reconnect the new connection's PRAGMA data_version starts again from its
    own first value; the feed must not mistake it for "nothing changed"."""
    share, path = share_db
    display = open_database(path, station="display-1", mode="display")
    feed = ChangeFeed(display)
    assert feed.poll() == []
    share.crash()
    with pytest.raises(errors.ShareUnavailable):
        feed.poll()
    share.remount()
    kiosk = open_database(path, station="kiosk-1", mode="kiosk")
    ticket = issue_ticket(kiosk, service="A")
    events = feed.poll()
    assert [(e.kind, e.ticket_number) for e in events] == [("issued", ticket.number)]
    kiosk.close()
    display.close()


KILLED_WRITER = """
    import sys
    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    db = open_database(sys.argv[1], station="kiosk-9", mode="kiosk")
    print("open", flush=True)
    while True:
        issue_ticket(db, service="C")
"""


def test_station_killed_mid_write_leaves_a_sound_file(share_db):
    share, path = share_db
    share.set_delay(2)  # make every write transaction long enough to be caught in it
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(KILLED_WRITER), str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "open"
        journal = share.backing / "office.db-journal"
        for _ in range(2000):  # wait until it is inside a commit (journal on the server)
            if journal.exists():
                break
        proc.kill()
        proc.wait()
    finally:
        proc.kill()
        proc.wait()
    share.set_delay(0)
    db = open_database(path, station="kiosk-1", mode="kiosk")
    before = db.query("SELECT COUNT(*) FROM tickets")[0][0]
    ticket = issue_ticket(db, service="C")
    assert ticket.number == f"C-{before + 1:03d}"
    assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    assert not (share.backing / "office.db-journal").exists()
    db.close()


def test_open_failing_once_does_not_leave_a_read_only_station(share_db):
    """When opening the file read-write fails (EIO), SQLite silently opens it read-only
    instead. That connection can never write: the station must reopen, not stay stuck
    saying "read-only" after the share is fine again."""
    share, path = share_db
    share.set_delay(0)
    # the first open is our own header check; the second is SQLite's O_RDWR open
    share.fail("open", "EIO", count=1, skip=1, path="office.db")
    db = open_database(path, station="kiosk-1", mode="kiosk")
    try:
        issue_ticket(db, service="A")
    except errors.ReadOnlyDatabase:
        pass  # the failed open may show once ...
    ticket = issue_ticket(db, service="A")  # ... but the next action must work
    assert ticket.number.startswith("A-")
    db.close()


def test_lost_reply_on_commit_gives_no_duplicate_number(share_db):
    """The journal delete that completes a commit reaches the server but its reply is
    lost: the kiosk sees "share unavailable" although the ticket is saved. Pressing again
    takes the next number; the file stays sound and no number is given twice. (The first
    ticket was never shown or printed; it will be skipped when called.)"""
    share, path = share_db
    share.set_delay(0)
    db = open_database(path, station="kiosk-1", mode="kiosk")
    share.fail("unlink", "EIO", after=True, path="office.db-journal")
    with pytest.raises(errors.ShareUnavailable):
        issue_ticket(db, service="A")
    again = issue_ticket(db, service="A")
    numbers = [r["number"] for r in db.query("SELECT number FROM tickets ORDER BY id")]
    assert numbers == ["A-001", "A-002"] and again.number == "A-002"
    assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    db.close()


def test_lost_commit_reply_retried_with_its_request_id_gives_the_same_ticket(share_db):
    """The kiosk keeps one request id per visitor touch while it retries: the ticket whose
    COMMIT reply was lost is returned, not a second one (no ghost ticket in the line)."""
    share, path = share_db
    share.set_delay(0)
    db = open_database(path, station="kiosk-1", mode="kiosk")
    share.fail("unlink", "EIO", after=True, path="office.db-journal")
    with pytest.raises(errors.ShareUnavailable):
        issue_ticket(db, service="A", request_id="kiosk-1:touch-1")
    again = issue_ticket(db, service="A", request_id="kiosk-1:touch-1")
    numbers = [r["number"] for r in db.query("SELECT number FROM tickets ORDER BY id")]
    assert numbers == ["A-001"] and again.number == "A-001"
    db.close()


HOLD_EXCLUSIVE = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("COMMIT")
"""


def test_open_waits_for_a_writer_instead_of_failing(db_path):
    """Opening while another station is in the middle of a commit (EXCLUSIVE lock) must
    wait like any other read, not fail with a raw "database is locked" (seen with eight
    stations starting at once). The other station takes its lock at the worst moment:
    right after the journal-mode check, before the schema version is read."""
    holders = []

    class UnluckyOpen(Database):
        def _apply_policy(self, conn):
            super()._apply_policy(conn)
            if not holders:
                holder = subprocess.Popen(
                    [sys.executable, "-c", textwrap.dedent(HOLD_EXCLUSIVE), str(db_path), "1.0"],
                    stdout=subprocess.PIPE, text=True)
                holders.append(holder)
                assert holder.stdout.readline().strip() == "held"

    try:
        db = UnluckyOpen.open(db_path, hooks=HOOKS, station="kiosk-2", mode="kiosk",
                              busy_budget_s=10)
        assert db.schema_version >= 1
        db.close()
    finally:
        for holder in holders:
            holder.wait(timeout=30)
