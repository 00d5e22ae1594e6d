"""The day's line kept by the change (the counter's lists, the TV's services) is, after
any sequence of desk acts by other stations and by itself, what a reading of the whole
day from scratch gives."""

from __future__ import annotations

import contextlib
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ult_desktop.db import errors, queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    cancel,
    finish,
    recall,
    reclassify_priority,
    report_back,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import OPEN_WHERE, read_day_line, read_tickets
from ult_desktop.ui.counter import jobs

_NUMBER = st.integers(0, 12)
ACTS = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from("ABC"), st.booleans()),
    st.tuples(st.sampled_from(["call", "finish", "skip", "recall", "serve"]),
              st.integers(1, 3)),
    st.tuples(st.sampled_from(["cancel", "report_back", "make_priority", "to_counter"]),
              _NUMBER),
)


def _act(db: Database, act: tuple, numbers: list[str]) -> None:
    kind, arg = act[0], act[1]
    number = numbers[arg % len(numbers)] if numbers and isinstance(arg, int) else None
    with contextlib.suppress(errors.UltError):  # nobody there, or not in that state
        if kind == "issue":
            numbers.append(issue_ticket(db, service=arg, priority=act[2]).number)
        elif kind == "call":
            call_next(db, counter=arg)
        elif kind == "finish":
            finish(db, counter=arg)
        elif kind == "skip":
            skip(db, counter=arg)
        elif kind == "recall":
            recall(db, counter=arg)
        elif kind == "serve":
            start_serving(db, counter=arg)
        elif number is None:
            return
        elif kind == "cancel":
            cancel(db, number=number)
        elif kind == "report_back":
            report_back(db, number=number)
        elif kind == "make_priority":
            reclassify_priority(db, number=number, priority=True, reason="lansia")
        elif kind == "to_counter":
            transfer(db, number=number, to_counter=2)


def _the_tv_says(snap: dict, whole: list) -> None:
    """The TV's services: each one's waiting count and next numbers as the whole day
    read from scratch gives them."""
    for svc in snap["services"]:
        line = [t.number for t in whole if t.service_id == svc["id"]
                and t.state.value in ("waiting", "transferred")]
        assert (svc["waiting"], svc["next"]) == (len(line), line[:5]), svc["prefix"]
    assert snap["waiting_total"] == sum(s["waiting"] for s in snap["services"])


def _from_scratch(db: Database, day: str) -> list:
    return db.read(lambda conn: read_tickets(
        conn, OPEN_WHERE + " ORDER BY t.priority DESC, t.sort_at, t.id", (day,)))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(ACTS, st.booleans()), min_size=1, max_size=18))
def test_the_line_kept_by_the_change_is_the_day_read_again(tmp_path_factory, _demo_template,
                                                           acts):
    """Acts by another station (the kept line learns them from the events) and by the
    reading station itself (its own writes, on its own connection): after each, the
    counter's state and the kept line equal the day read in full."""
    path = tmp_path_factory.mktemp("line") / "office.db"
    shutil.copyfile(_demo_template, path)
    other = open_database(path, station="counter-2", mode="counter")
    mine = open_database(path, station="counter-1", mode="counter")
    numbers: list[str] = []
    try:
        for act, by_me in acts:
            _act(mine if by_me else other, act, numbers)
            state = jobs.counter_state(mine, counter=1, officer_id=None)
            line = mine.read(lambda conn, day=state.day: read_day_line(conn, day))
            whole = _from_scratch(other, state.day)
            assert line.ordered == whole
            assert [c.ticket_id for c in line.candidates] == [
                t.id for t in whole if t.state.value in ("waiting", "transferred")]
            waiting = [t for t in whole if t.id in {w.id for w in state.waiting}]
            assert state.waiting == waiting  # in calling order, each as the file has it
            _the_tv_says(queries.queue_snapshot(mine), whole)
    finally:
        other.close()
        mine.close()
