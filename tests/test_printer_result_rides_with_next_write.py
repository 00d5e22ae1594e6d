"""A kiosk ticket costs the shared file one write transaction: a successful print is
kept in the kiosk's PrintOutbox and written with the station's next write (its next
ticket, its heartbeat, the kiosk closing); a failed print is written at once. Real files; the state is read by a
second process, as admin on another PC would read it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ult_desktop.db import errors, queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import save_service
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result


def other_process_reads(path: Path, ticket_id: int) -> dict:
    """print_status and the print events of one ticket, read by a separate process."""
    code = textwrap.dedent(f"""
        import json, sqlite3
        con = sqlite3.connect({str(path)!r})
        status = con.execute("SELECT print_status FROM tickets WHERE id = ?",
                             ({ticket_id},)).fetchone()[0]
        kinds = [r[0] for r in con.execute(
            "SELECT kind FROM events WHERE ticket_id = ? AND kind LIKE 'print%' ORDER BY id",
            ({ticket_id},))]
        print(json.dumps({{"status": status, "events": kinds}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    return json.loads(out.stdout)


@pytest.fixture
def kiosk_db(db_path):
    database = open_database(db_path, station="kiosk-1", mode="kiosk")
    yield database
    database.close()


@pytest.fixture
def outbox():
    return PrintOutbox()


@pytest.fixture
def writes(monkeypatch):
    """Counts the outermost write transactions (BEGIN IMMEDIATE ... COMMIT)."""
    counted: list[str] = []
    original = Database.write

    def write(self, fn, **kw):
        if not self.in_write:
            counted.append(self.station)
        return original(self, fn, **kw)

    monkeypatch.setattr(Database, "write", write)
    return counted


def test_a_printed_ticket_is_confirmed_by_the_next_ticket_in_one_write(
        kiosk_db, db_path, writes, outbox):
    first = issue_ticket(kiosk_db, service="A", outbox=outbox)
    record_print_result(kiosk_db, ticket_id=first.id, ok=True,
                             printer="virtual", outbox=outbox)
    # not written yet: another PC sees "not confirmed", never "failed"
    assert other_process_reads(db_path, first.id) == {"status": None, "events": []}
    writes.clear()
    second = issue_ticket(kiosk_db, service="B", outbox=outbox)
    assert writes == ["kiosk-1"], "the print result took a write of its own"
    assert other_process_reads(db_path, first.id) == {"status": "printed",
                                                      "events": ["printed"]}
    assert other_process_reads(db_path, second.id)["status"] is None
    assert outbox.entries() == []


def test_the_printer_worker_and_the_issuing_connection_share_the_kiosks_outbox(
        kiosk_db, db_path, outbox):
    # the kiosk prints on a worker with its own Database of the same file and station;
    # the outbox, owned by the kiosk's link, is handed to both
    printer_db = open_database(db_path, station="kiosk-1", mode="kiosk")
    try:
        first = issue_ticket(kiosk_db, service="A", outbox=outbox)
        record_print_result(printer_db, ticket_id=first.id, ok=True,
                                 outbox=outbox)
        issue_ticket(kiosk_db, service="A", outbox=outbox)
    finally:
        printer_db.close()
    assert queries.get_ticket(kiosk_db, ticket_id=first.id).print_status == "printed"


def test_a_write_without_the_outbox_leaves_its_results_alone(kiosk_db, db_path, outbox):
    # no side channel: another station of the same name in this process writing
    # without the kiosk's outbox does not write (or lose) what the kiosk keeps
    first = issue_ticket(kiosk_db, service="A", outbox=outbox)
    record_print_result(kiosk_db, ticket_id=first.id, ok=True, outbox=outbox)
    issue_ticket(kiosk_db, service="A")
    assert other_process_reads(db_path, first.id)["status"] is None
    assert len(outbox) == 1


def test_a_failed_print_is_written_at_once_with_the_kept_successes(kiosk_db, db_path, writes,
                                                                    outbox):
    ok = issue_ticket(kiosk_db, service="A", outbox=outbox)
    record_print_result(kiosk_db, ticket_id=ok.id, ok=True, outbox=outbox)
    bad = issue_ticket(kiosk_db, service="A")
    writes.clear()
    record_print_result(kiosk_db, ticket_id=bad.id, ok=False,
                             error="printer offline", outbox=outbox)
    assert writes == ["kiosk-1"]
    assert other_process_reads(db_path, bad.id) == {"status": "failed",
                                                    "events": ["print_failed"]}
    assert other_process_reads(db_path, ok.id)["status"] == "printed"
    stored = queries.get_ticket(kiosk_db, ticket_id=bad.id)
    assert stored.print_error == "printer offline"


def test_the_heartbeat_writes_a_kept_result_when_no_ticket_follows(kiosk_db, db_path, writes,
                                                                     outbox):
    last = issue_ticket(kiosk_db, service="C")
    record_print_result(kiosk_db, ticket_id=last.id, ok=True, outbox=outbox)
    writes.clear()
    assert heartbeat(kiosk_db, printer_state="ok", outbox=outbox)
    assert writes == ["kiosk-1"]
    assert other_process_reads(db_path, last.id) == {"status": "printed", "events": ["printed"]}


def test_closing_the_station_writes_the_kept_results(kiosk_db, db_path, outbox):
    last = issue_ticket(kiosk_db, service="A")
    record_print_result(kiosk_db, ticket_id=last.id, ok=True, outbox=outbox)
    assert outbox.flush(kiosk_db) == 1
    assert outbox.flush(kiosk_db) == 0   # nothing left, nothing written
    assert other_process_reads(db_path, last.id)["status"] == "printed"


def test_a_refused_ticket_keeps_the_result_for_the_next_write(kiosk_db, db_path, outbox):
    save_service(kiosk_db, prefix="A", daily_quota=1)
    first = issue_ticket(kiosk_db, service="A", outbox=outbox)
    record_print_result(kiosk_db, ticket_id=first.id, ok=True, outbox=outbox)
    with pytest.raises(errors.RuleViolation):
        issue_ticket(kiosk_db, service="A", outbox=outbox)  # quota: rolled back
    assert other_process_reads(db_path, first.id)["status"] is None
    assert len(outbox) == 1
    issue_ticket(kiosk_db, service="B", outbox=outbox)
    assert other_process_reads(db_path, first.id) == {"status": "printed", "events": ["printed"]}


def test_writing_a_kept_result_twice_adds_no_second_event(kiosk_db, db_path, outbox):
    # a commit whose reply was lost on the share is retried with the same entries
    first = issue_ticket(kiosk_db, service="A")
    record_print_result(kiosk_db, ticket_id=first.id, ok=True, outbox=outbox)
    entries = outbox.entries()
    issue_ticket(kiosk_db, service="A", outbox=outbox)
    for entry in entries:
        outbox.add(entry[0], printer=entry[1])
    issue_ticket(kiosk_db, service="A", outbox=outbox)
    assert other_process_reads(db_path, first.id) == {"status": "printed", "events": ["printed"]}


def test_a_later_failure_is_not_overwritten_by_a_kept_success(kiosk_db, db_path, outbox):
    first = issue_ticket(kiosk_db, service="A")
    record_print_result(kiosk_db, ticket_id=first.id, ok=False, error="paper out")
    outbox.add(first.id)
    issue_ticket(kiosk_db, service="A", outbox=outbox)
    assert other_process_reads(db_path, first.id)["status"] == "failed"


CRASH = textwrap.dedent("""
    import os, sys
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.open import open_database
    db = open_database(sys.argv[1], station="kiosk-1", mode="kiosk")
    outbox = PrintOutbox()
    ticket = issue_ticket(db, service="A", outbox=outbox)
    record_print_result(db, ticket_id=ticket.id, ok=True, outbox=outbox)
    print(ticket.id, flush=True)
    os._exit(9)   # the kiosk PC loses power before its next write
""")


def test_a_crash_before_the_next_write_leaves_the_ticket_not_confirmed(db_path):
    out = subprocess.run([sys.executable, "-c", CRASH, str(db_path)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 9, out.stderr
    ticket_id = int(out.stdout.split()[0])
    # the ticket is there, its print is not confirmed (NULL), and never shown as failed
    assert other_process_reads(db_path, ticket_id) == {"status": None, "events": []}
    # the restarted kiosk (same station name) writes nothing it does not know
    again = open_database(db_path, station="kiosk-1", mode="kiosk")
    try:
        issue_ticket(again, service="A", outbox=PrintOutbox())
        ticket = queries.get_ticket(again, ticket_id=ticket_id)
        assert ticket.print_status is None and ticket.state.value == "waiting"
        assert again.query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        again.close()
