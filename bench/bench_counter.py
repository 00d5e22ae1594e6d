"""Counter station figures (real database file, the jobs the screen runs on its worker).

* ``counter_refresh_p95_ms``: one live refresh of the queue panel (``jobs.counter_state``)
  with 200 tickets of the day waiting, 95th percentile. It runs on every change-feed
  batch, so it bounds how fast a call at another counter shows here.
* ``counter_call_next_p95_ms``: Panggil berikutnya (the write transaction) followed by
  Selesai, 95th percentile.
* ``register_save_p50_ms``: saving a walk-in register record, median.
* ``cases_list_ms``: loading the back-office view with 100 open cases.
"""

from __future__ import annotations

import time

from _common import fresh_db, percentile


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import cases, register
    from ult_desktop.ui.counter import jobs

    db = open_database(fresh_db(), station="bench-counter", mode="counter")
    rounds = 20 if quick else 100
    for i in range(200 + 2 * rounds):
        issue_ticket(db, service="AB"[i % 2], priority=i % 17 == 0)
    visitor = RecordInput(visitor_name="Siti Aminah", institution="SDN 1", phone="081234567890",
                          region_code="33.74", region_name="Kota Semarang",
                          question="Kapan tunjangan cair?")
    for _ in range(100):
        rec = register.save_record(db, record=visitor, channel="phone", service="B")
        cases.open_case(db, record_id=rec.id, callback_needed=True)

    refresh = [_ms(lambda: jobs.counter_state(db, counter=1, officer_id=2))
               for _ in range(rounds)]
    calls, saves = [], []
    for _ in range(rounds):
        calls.append(_ms(lambda: call_next(db, counter=1, officer_id=2)))
        ticket = jobs.counter_state(db, counter=1, officer_id=2).current
        saves.append(_ms(lambda t=ticket: jobs.save_walk_in(db, ticket_id=t.id, record=visitor,
                                                            officer_id=2)))
        calls[-1] += _ms(lambda: finish(db, counter=1, outcome="answered"))
    case_ms = _ms(lambda: jobs.case_list(db))
    db.close()
    return {
        "counter_refresh_p95_ms": round(percentile(refresh, 95), 2),
        "counter_call_next_p95_ms": round(percentile(calls, 95), 2),
        "register_save_p50_ms": round(percentile(saves, 50), 2),
        "cases_list_ms": round(case_ms, 2),
    }
