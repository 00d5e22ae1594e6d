"""The kiosk's numbers held in reserve and its journal on its own disk.

One record (a real SQLite file, and the same office on a PostgreSQL server) with several
stations: kiosks holding numbers, a counter issuing on the share, the record's check.
The crash test kills a real kiosk process after the paper and before the landing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import ROOT
from ult_desktop.core.numbering import office_day
from ult_desktop.db import queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.journals.journal import KioskJournal
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import ALONE_FACTOR, issue_ticket
from ult_desktop.db.queue.rows import load_or_none
from ult_desktop.db.record import reconcile
from ult_desktop.db.record.audit import verify_chain

pytestmark = [pytest.mark.engines, pytest.mark.windows]

#: 10:00 WIB on a Monday: the demo office is open.
OPEN = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def _day(now: datetime) -> str:
    return office_day(now, "WIB").isoformat()


def _kiosk(db_target: str, tmp_path, name: str) -> tuple[Database, KioskJournal]:
    db = open_database(db_target, station=name, mode="kiosk")
    return db, KioskJournal(tmp_path / f"{name}.journal", station=name)


def _take(journal: KioskJournal, service: str, n: int, now: datetime) -> list[str]:
    out = []
    for i in range(n):
        touch = journal.take(day=_day(now), service=service, prefix=service,
                             request_id=f"{journal.station}-{service}-{now.isoformat()}-{i}",
                             now=now + timedelta(seconds=i))
        assert touch is not None, "the kiosk holds numbers"
        out.append(f"{service}-{touch.seq:03d}")
    return out


def _numbers(db: Database, day: str) -> list[str]:
    return [r[0] for r in db.query("SELECT number FROM tickets WHERE day = ? ORDER BY sort_at",
                                   (day,))]


def test_two_kiosks_and_a_counter_never_share_a_number(db_target, tmp_path):
    k1, j1 = _kiosk(db_target, tmp_path, "kiosk-1")
    k2, j2 = _kiosk(db_target, tmp_path, "kiosk-2")
    desk = open_database(db_target, station="counter-1", mode="counter")
    try:
        heartbeat(k1)  # two kiosks in the office: each holds few numbers
        heartbeat(k2)
        j1.write_with(k1, lambda conn: None, OPEN)  # first heartbeat: numbers claimed
        j2.write_with(k2, lambda conn: None, OPEN)
        assert j1.left(_day(OPEN))["A"] == j2.left(_day(OPEN))["A"] == 4
        a = _take(j1, "A", 3, OPEN)
        b = _take(j2, "A", 2, OPEN + timedelta(minutes=1))
        c = issue_ticket(desk, service="A", now=OPEN + timedelta(minutes=2)).number
        assert (a, b, c) == (["A-001", "A-002", "A-003"], ["A-005", "A-006"], "A-009")
        # the landings, each with a top-up: kiosk 1 had 1 left of 4 (claims 4 more)
        j1.write_with(k1, lambda conn: None, OPEN + timedelta(minutes=3))
        j2.write_with(k2, lambda conn: None, OPEN + timedelta(minutes=3))
        assert j1.left(_day(OPEN))["A"] == 5 and j2.left(_day(OPEN))["A"] == 2
        d = _take(j1, "A", 2, OPEN + timedelta(minutes=4))
        assert d == ["A-004", "A-010"]
        j1.flush(k1)
        numbers = _numbers(desk, _day(OPEN))
        assert sorted(numbers) == sorted({*a, *b, c, *d}) and len(numbers) == 8
        # called in arrival order, whichever kiosk numbered them
        assert numbers == [*a, *b, c, *d]
        # each ticket once, with its touch time
        ticket = queries.get_ticket(desk, number="A-005", day=_day(OPEN))
        assert ticket.issued_at == OPEN + timedelta(minutes=1) and ticket.station == "kiosk-2"
        assert verify_chain(desk)["ok"] and reconcile.reconcile(desk)["ok"]
    finally:
        for x in (j1, j2):
            x.close()
        for x in (k1, k2, desk):
            x.close()


def test_a_landing_whose_reply_was_lost_is_not_written_twice(db_target, tmp_path):
    k, j = _kiosk(db_target, tmp_path, "kiosk-1")
    try:
        j.write_with(k, lambda conn: None, OPEN)
        [number] = _take(j, "B", 1, OPEN)
        touches = j.unlanded()
        j.flush(k)
        # the kiosk did not hear the answer: its journal still says "not landed"
        j._tx(lambda conn: conn.execute("UPDATE touches SET landed_id = NULL"))
        assert j.unlanded() == touches
        j.flush(k)
        assert _numbers(k, _day(OPEN)) == [number] and j.waiting() == (0, None)
        kinds = [r[0] for r in k.query("SELECT kind FROM events WHERE kind = 'issued'")]
        assert kinds == ["issued"]
    finally:
        j.close()
        k.close()


def test_a_touch_made_while_the_landing_waits_for_the_lock_lands_with_it(db_path, tmp_path):
    """At a busy hour a kiosk's landing often waits for another station's write: a visitor
    who touches meanwhile lands in that same write (the journal is read once the lock is
    the kiosk's), not one write later."""
    import sqlite3
    import threading

    k, j = _kiosk(str(db_path), tmp_path, "kiosk-1")
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        j.write_with(k, lambda conn: None, OPEN)  # numbers held
        first = _take(j, "A", 1, OPEN)
        other.execute("BEGIN IMMEDIATE")  # another station's write holds the lock
        writes = k.local_writes
        landing = threading.Thread(target=j.flush, args=(k,))
        landing.start()
        until = time.monotonic() + 30  # the landing is in its write, waiting for the lock
        while k._lock.acquire(blocking=False) and time.monotonic() < until:
            k._lock.release()
            time.sleep(0.005)
        second = _take(j, "A", 1, OPEN + timedelta(seconds=5))  # while it waits
        other.execute("ROLLBACK")
        landing.join(60)
        assert not landing.is_alive()
        assert k.local_writes == writes + 1 and j.waiting() == (0, None)
        assert _numbers(k, _day(OPEN)) == first + second
    finally:
        other.close()
        j.close()
        k.close()


def test_a_touch_made_while_the_landing_works_lands_with_it(db_path, tmp_path):
    """A visitor who touches while the kiosk's landing is already writing (its journal read,
    its tickets going in) lands in that same write, not one write and a wait later: the
    touch is made from inside the write, as the first ticket goes in."""
    k, j = _kiosk(str(db_path), tmp_path, "kiosk-1")
    try:
        j.write_with(k, lambda conn: None, OPEN)  # numbers held
        first = _take(j, "A", 1, OPEN)
        second: list[str] = []

        def touch_meanwhile(sql: str) -> None:
            if sql.lstrip().upper().startswith("INSERT INTO TICKETS") and not second:
                second.extend(_take(j, "A", 1, OPEN + timedelta(seconds=5)))

        writes = k.local_writes
        k.conn.set_trace_callback(touch_meanwhile)
        try:
            j.flush(k)
        finally:
            k.conn.set_trace_callback(None)
        assert second, "the touch was made during the landing"
        assert k.local_writes == writes + 1 and j.waiting() == (0, None)
        assert _numbers(k, _day(OPEN)) == first + second
        assert verify_chain(k)["ok"] and reconcile.reconcile(k)["ok"]
    finally:
        j.close()
        k.close()


def test_unused_numbers_are_given_back_the_next_day_and_named(db_target, tmp_path):
    k, j = _kiosk(db_target, tmp_path, "kiosk-1")
    try:
        j.write_with(k, lambda conn: None, OPEN)
        _take(j, "C", 1, OPEN)
        j.write_with(k, lambda conn: None, OPEN)  # landed that day, whatever day it is now
        tomorrow = OPEN + timedelta(days=1)
        j.write_with(k, lambda conn: None, tomorrow)  # the next day's first write
        released = [json.loads(r[0]) for r in k.query(
            "SELECT data FROM events WHERE kind = 'numbers_released'")]
        ranges = [r for e in released for r in e["ranges"]]
        # a kiosk alone holds 3 x 4: C-002..C-012 held, never issued
        assert [_day(OPEN), "C", 2, 4 * ALONE_FACTOR] in ranges
        assert all(r[0] == _day(OPEN) for r in ranges)
        held_days = {r[0] for r in k.query("SELECT day FROM number_reserves")}
        assert held_days == {_day(tomorrow)}
        assert j.left(_day(OPEN)) == {} and j.left(_day(tomorrow))["C"] == 4 * ALONE_FACTOR
        # a ticket issued on the share that day takes the numbers given back? no: a
        # day's numbers are never reused; tomorrow starts again at 1 for the kiosk
        assert _take(j, "C", 1, tomorrow) == ["C-001"]
        assert verify_chain(k)["ok"] and reconcile.reconcile(k)["ok"]
    finally:
        j.close()
        k.close()


def test_a_counter_key_may_not_hold_numbers(db_path, tmp_path):
    """Only a kiosk's registered key may write number_reserves (who may say what)."""
    from ult_desktop.core.authority import may_write

    image = ["i", "number_reserves", ["2026-11-23", "A", 1], {"station": "x"}]
    assert may_write("kiosk", image)
    assert not may_write("counter", image) and not may_write("survey", image)
    assert not may_write("display", image)


_KIOSK_DIES = """
import os, sys
from datetime import datetime, timezone
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.journals.journal import KioskJournal
db = open_database(sys.argv[1], station="kiosk-1", mode="kiosk")
j = KioskJournal(sys.argv[2], station="kiosk-1")
now = datetime.now(timezone.utc)
j.flush(db)
from ult_desktop.core.numbering import office_day
from ult_desktop.db.house.office import get_settings
day = office_day(now, get_settings(db)["timezone"]).isoformat()
t = j.take(day=day, service="A", prefix="A", request_id="kiosk-1:one", now=now)
j.note_print(t.ticket_id, ok=True, printer="virtual")
print(f"A-{t.seq:03d}", flush=True)
os._exit(0)  # the power goes: nothing closed, nothing landed
"""


def test_a_kiosk_killed_after_the_paper_lands_it_when_it_starts_again(db_path, tmp_path):
    journal = tmp_path / "kiosk-1.journal"
    out = subprocess.run([sys.executable, "-c", _KIOSK_DIES, str(db_path), str(journal)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    number = out.stdout.strip()
    db = open_database(db_path, station="kiosk-1", mode="kiosk")
    j = KioskJournal(journal, station="kiosk-1")
    try:
        day = j.unlanded()[0].day
        assert _numbers(db, day) == []  # the paper is out, the record does not know yet
        j.flush(db)  # the kiosk started again: its first write lands it
        ticket = queries.get_ticket(db, number=number, day=day)
        assert ticket.print_status == "printed" and j.waiting()[0] == 0
        j.flush(db)
        assert _numbers(db, day) == [number]
    finally:
        j.close()
        db.close()


def test_the_outage_reserve_is_taken_only_when_the_usual_numbers_run_out(db_target,
                                                                         tmp_path):
    """The admin's outage reserve (here 6 per service) is held apart;
    the kiosk issues from its usual few while the share answers, from the reserve only
    when they are gone (the share away), and every number lands once."""
    from ult_desktop.db.house.office import set_settings

    admin = open_database(db_target, station="admin", mode="admin")
    set_settings(admin, outage_reserve=6)
    admin.close()
    kiosk, journal = _kiosk(db_target, tmp_path, "kiosk-1")
    other, _j2 = _kiosk(db_target, tmp_path, "kiosk-2")
    try:
        heartbeat(other)  # another kiosk about: the usual hold stays small (4)
        journal.write_with(kiosk, lambda conn: None, OPEN)
        reserve = [h for h in journal.reserves() if h.prefix == "A"]
        assert len(reserve) == 1 and reserve[0].last_seq - reserve[0].first_seq == 5
        usual = _take(journal, "A", 4, OPEN)
        assert all(int(n[2:]) < reserve[0].first_seq for n in usual)  # not the reserve
        # the share goes away: no more landings; the reserve carries the kiosk on
        away = _take(journal, "A", 6, OPEN + timedelta(minutes=5))
        assert [int(n[2:]) for n in away] == list(range(reserve[0].first_seq,
                                                        reserve[0].last_seq + 1))
        assert journal.take(day=_day(OPEN), service="A", prefix="A", request_id="none",
                            now=OPEN + timedelta(minutes=9)) is None  # all of it used
        journal.write_with(kiosk, lambda conn: None, OPEN + timedelta(minutes=30))  # back
        numbers = _numbers(kiosk, _day(OPEN))
        assert sorted(numbers) == sorted(usual + away) and len(set(numbers)) == 10
        assert reconcile.reconcile(kiosk)["ok"]
    finally:
        journal.close()
        kiosk.close()
        other.close()


def test_a_journal_from_before_the_outage_reserve_opens_with_its_numbers(tmp_path):
    """A kiosk updated in the middle of a day keeps the numbers its journal held: the
    older ``held`` table (no reserve column) gains one, and the range is an ordinary one."""
    import sqlite3

    path = tmp_path / "old.journal"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE held (day TEXT NOT NULL, prefix TEXT NOT NULL, first_seq "
                "INTEGER NOT NULL, last_seq INTEGER NOT NULL, first_id INTEGER NOT NULL, "
                "next_seq INTEGER NOT NULL, PRIMARY KEY (day, prefix, first_seq))")
    old.execute("INSERT INTO held VALUES ('2026-11-23', 'A', 11, 15, 40, 12)")
    old.commit()
    old.close()
    journal = KioskJournal(path, station="kiosk-old")
    try:
        held = journal.held()
        assert [(h.prefix, h.first_seq, h.last_seq, used) for h, used in held.items()] == \
            [("A", 11, 15, 1)]
        assert journal.reserves() == frozenset()
    finally:
        journal.close()


def test_a_journal_kept_under_another_spelling_of_the_path_lands(db_target, tmp_path):
    """The IT officer re-pointed the kiosk during an outage (``\\\\server\\ult\\ult.db`` became
    ``\\\\192.168.1.10\\ult\\ult.db``) and renamed the station: the paper tickets in the
    old journal land with their numbers at the first landing of the new one, not
    "released" the next day."""
    from ult_desktop.db.journals.journal import adopt_journals

    folder = tmp_path / "journals"
    db, _ = _kiosk(db_target, tmp_path, "kiosk-old")
    old = KioskJournal(folder / "kiosk-old-1a2b.sqlite", station="kiosk-old")
    old.write_with(db, lambda conn: None, OPEN)  # numbers claimed while the share was there
    adopt_journals(db, old)  # stamped with the office it belongs to
    paper = _take(old, "A", 2, OPEN + timedelta(minutes=5))  # the share went away
    old.close()
    db.close()
    db, _ = _kiosk(db_target, tmp_path, "kiosk-renamed")
    new = KioskJournal(folder / "kiosk-renamed-9f8e.sqlite", station="kiosk-renamed")
    assert adopt_journals(db, new) == 2
    landed = [r[0] for r in db.query("SELECT number FROM tickets WHERE day = ? AND "
                                     "station = 'kiosk-renamed'", (_day(OPEN),))]
    assert sorted(landed) == paper
    assert KioskJournal(folder / "kiosk-old-1a2b.sqlite").waiting()[0] == 0
    assert adopt_journals(db, new) == 0  # nothing twice
    assert reconcile.reconcile(db)["ok"]
    new.close()
    db.close()


def test_a_journal_of_another_office_is_left_alone(db_target, tmp_path):
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.journals.journal import adopt_journals

    folder = tmp_path / "journals"
    other_path = init_database(tmp_path / "other.db", demo=True)
    other = open_database(other_path, station="k", mode="kiosk")
    theirs = KioskJournal(folder / "k-other.sqlite", station="k")
    theirs.write_with(other, lambda conn: None, OPEN)
    adopt_journals(other, theirs)
    _take(theirs, "A", 1, OPEN)
    db, _ = _kiosk(db_target, tmp_path, "kiosk-1")
    mine = KioskJournal(folder / "kiosk-1-x.sqlite", station="kiosk-1")
    assert adopt_journals(db, mine) == 0
    assert theirs.waiting()[0] == 1
    for j in (theirs, mine):
        j.close()
    other.close()
    db.close()


def test_a_second_journal_of_the_kiosk_never_prints_a_number_the_first_did(db_target,
                                                                          tmp_path):
    """A kiosk started with another spelling of the path keeps another journal, under the
    same station name: its first write lands what the first journal printed, and it
    prints only numbers nobody printed (it used to take the first journal's ranges from
    their first number: A-002 printed twice, the second stored as another number)."""
    db = open_database(db_target, station="kiosk-1", mode="kiosk")
    first = KioskJournal(tmp_path / "j" / "kiosk-1-a.sqlite", station="kiosk-1")
    first.write_with(db, lambda conn: None, OPEN)
    paper = _take(first, "A", 2, OPEN + timedelta(minutes=1))  # the share went away
    first.close()
    second = KioskJournal(tmp_path / "j" / "kiosk-1-b.sqlite", station="kiosk-1")
    try:
        second.write_with(db, lambda conn: None, OPEN + timedelta(minutes=5))
        assert sorted(_numbers(db, _day(OPEN))) == paper  # landed at its first write
        more = _take(second, "A", 3, OPEN + timedelta(minutes=6))
        assert not set(more) & set(paper), (paper, more)
        more.append(issue_ticket(db, service="A", now=OPEN + timedelta(minutes=7)).number)
        assert not set(more) & set(paper), (paper, more)
        second.flush(db)
        stored = _numbers(db, _day(OPEN))
        assert sorted(stored) == sorted([*paper, *more])  # each as printed, once
        assert reconcile.reconcile(db)["ok"]
    finally:
        second.close()
        db.close()


def test_a_ticket_is_born_one_way_held_issued_online_and_landed(db_target, tmp_path):
    """The ticket a kiosk prints from a held number, the one issued online, and both as
    the record keeps them are one birth (``born``): the same ticket field by field
    (the record keeps the code's keyed hash, not the code)."""
    from dataclasses import replace

    from ult_desktop.ui.kiosk import jobs

    db, journal = _kiosk(db_target, tmp_path, "kiosk-1")
    try:
        journal.write_with(db, lambda conn: None, OPEN)
        state = jobs.load_state(db, now=OPEN)
        held = jobs.held_ticket(journal, state, service="A", priority=True,
                                priority_group="elderly", request_id="r-1", assist=("seat",),
                                now=OPEN).ticket
        online = issue_ticket(db, service="B", priority_group="elderly",
                              assist=("seat",), now=OPEN + timedelta(minutes=1))
        journal.write_with(db, lambda conn: None, OPEN + timedelta(minutes=2))
        for printed in (held, online):
            kept = db.read(lambda conn, t=printed: load_or_none(conn, t.id))
            assert replace(printed, code="") == kept
            assert printed.number == f"P-{printed.seq:03d}" and printed.assist == {"seat"}
    finally:
        journal.close()
        db.close()
