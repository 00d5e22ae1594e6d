"""A Selesai is one act in the counter's journal, landed by the one landing of every act:
a counter PC killed at any point between keeping it and the record marking it landed
loses nothing the officer saw as done and writes nothing twice. Real processes, killed
(``Popen.kill``: TerminateProcess on Windows) at each point; a fresh one lands after."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.drivers import admin_pc, sit_at
from ult_desktop.app import station_key
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.keeping.maintenance import check
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.reports.outages import read_outages

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

#: The counter PC's process: keeps the Selesai of the visitor at counter 1 in its
#: journal (*stop* ``kept``: and stays there), lands it (``writing``: stays inside the
#: write; ``written``: stays after the write, before the journal marks it landed), or
#: (``land``) only lands what its journal holds, as the PC started again does.
_PC = r"""
import sys, time
from pathlib import Path
from ult_desktop.app import station_key
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database

db_path, key_dir, path, stop, number, ticket_id, day = sys.argv[1:]
key = station_key.load_key(Path(key_dir))
journal = CounterJournal(path, signer=key)


def say(what):
    print(what, flush=True)
    if what == stop:
        time.sleep(600)  # killed here


if stop != "land":
    journal.record(day=day, number=number, counter=1, officer_id=2, kind="finish",
                   outcome="answered", payload={"ticket_id": int(ticket_id), "base": None,
                   "record": {"visitor_name": "Bu Endang", "question": "Mutasi guru?"}})
    say("kept")
db = open_database(db_path, station="loket-1", mode="counter")
db.set_signer(key)
write = db.write


def inside(fn, **kwargs):
    def tx(conn):
        out = fn(conn)
        say("writing")
        return out
    out = write(tx, **kwargs)
    say("written")
    return out


db.write = inside
journal.land(db)
say("landed")
"""


@pytest.fixture
def counter_pc(db_path, tmp_path):
    """A counter PC whose key the admin registered, its officer signed in there (online
    and in its journal), and a visitor called at its counter 1 online."""
    admin, _root = admin_pc(str(db_path), tmp_path / "admin-key")
    key = station_key.create_key(tmp_path / "counter-key")[0]
    db = open_database(db_path, station="loket-1", mode="counter")
    db.set_signer(key)
    station_keys.request_registration(db, label="loket-1")
    station_keys.approve_key(admin, key.key_id, role="counter")
    admin.close()
    [(username,)] = db.query("SELECT username FROM officers WHERE id = 2")
    sit_at(db, 1, username)
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1, officer_id=2)
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=key)
    journal.signin(day=ticket.day, counter=1, officer_id=2)
    journal.close()
    yield db, ticket, tmp_path
    db.close()


def _pc(db, tmp_path, ticket, stop: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _PC, str(db.path), str(tmp_path / "counter-key"),
         str(tmp_path / "loket-1-desk.sqlite"), stop, ticket.number, str(ticket.id),
         ticket.day], stdout=subprocess.PIPE, text=True)


@pytest.mark.parametrize("killed_after", ["kept", "writing", "written", "landed"])
def test_a_counter_killed_between_keeping_and_landing_a_selesai_lands_it_once(
        counter_pc, killed_after):
    db, ticket, tmp_path = counter_pc
    pc = _pc(db, tmp_path, ticket, killed_after)
    try:
        said = []
        while killed_after not in said:  # the officer saw it done at "kept"
            line = pc.stdout.readline()
            assert line, f"the PC ended before {killed_after!r}: {said}"
            said.append(line.strip())
    finally:
        pc.kill()
        pc.wait(timeout=60)
        pc.stdout.close()
    again = _pc(db, tmp_path, ticket, "land")  # the PC started again: its journal lands
    assert again.communicate(timeout=120)[0].split()[-1] == "landed"
    assert again.returncode == 0

    row = db.query("SELECT state, outcome, officer_id FROM tickets WHERE id = ?",
                   (ticket.id,))[0]
    assert tuple(row) == ("done", "answered", 2)
    assert db.query("SELECT COUNT(*) FROM events WHERE ticket_id = ? AND kind = 'finished'",
                    (ticket.id,))[0][0] == 1
    records = db.query("SELECT visitor_name FROM register_records WHERE ticket_id = ?",
                       (ticket.id,))
    assert [r[0] for r in records] == ["Bu Endang"]
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite")
    try:
        assert journal.waiting()[0] == 0 and not journal.kept_finishes()
        assert [a.state for a in journal.acts() if a.kind == "finish"] == ["landed"]
    finally:
        journal.close()
    assert reconcile(db)["ok"]
    assert check(db)["ok"]
    # a Selesai kept first is no sign of an outage in the monthly report
    assert db.read(lambda conn: read_outages(conn, 0, {ticket.id})) == []
