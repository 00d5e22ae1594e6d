"""Two counters pressing Panggil berikutnya at the same moment, from two real
processes on one database file: never the same visitor."""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter

import pytest

from tests.drivers import waiting_tickets
from ult_desktop.db.house import office
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

ROUNDS = 25


def _counter_process(path: str, counter: int, barrier, out) -> None:
    """Runs in its own process: the counter screen's own call-next job, ROUNDS times."""
    db = open_database(path, station=f"counter-{counter}", mode="counter")
    called = []
    for _ in range(ROUNDS):
        barrier.wait(timeout=60)
        ticket = call_next(db, counter=counter)
        if ticket is None:
            continue
        called.append(ticket.id)
        finish(db, counter=counter, outcome="answered")
    db.close()
    out.put((counter, called))


def test_simultaneous_call_next_never_gives_the_same_ticket(db_path, db):
    for number in (1, 2):
        office.set_counter_services(db, number=number, service_prefixes=["A", "B", "C"])
    issued = [issue_ticket(db, service="ABC"[i % 3]).id for i in range(60)]

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    out = ctx.Queue()
    procs = [ctx.Process(target=_counter_process, args=(str(db_path), n, barrier, out))
             for n in (1, 2)]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    all_called = results[1] + results[2]
    assert len(all_called) == 2 * ROUNDS  # 60 waiting: every press got somebody
    duplicates = [t for t, n in Counter(all_called).items() if n > 1]
    assert duplicates == []
    assert set(all_called) <= set(issued)
    # each call is in the event log exactly once, at the counter that made it
    rows = db.query("SELECT ticket_id, counter_number FROM events WHERE kind = 'called'")
    assert sorted(r[0] for r in rows) == sorted(all_called)
    by_counter = {r[0]: r[1] for r in rows}
    assert all(by_counter[t] == 1 for t in results[1])
    assert all(by_counter[t] == 2 for t in results[2])
    assert len(waiting_tickets(db)) == 60 - 2 * ROUNDS
