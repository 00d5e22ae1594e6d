"""The ministry's ULT procedure, kept by the program: a number is called three times,
the next call marks the visitor missed; a missed visitor who reports back is called
again after three more numbers of the same line, once a day unless an officer writes
why. Real office files; the command line as real processes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import run_cli

from ult_desktop.core.tickets import TicketState, returned_held
from ult_desktop.db import errors, queries
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish, mark_fetched, recall, report_back
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.reports.data import collect

S = TicketState


def _kinds(db, number: str) -> list[tuple[str, dict]]:
    return [(r["kind"], json.loads(r["data"] or "{}")) for r in db.query(
        "SELECT kind, data FROM events WHERE ticket_number = ? ORDER BY id", (number,))]


def _missed(db, counter: int = 1) -> str:
    """Call the next visitor three times, then once more: missed."""
    t = call_next(db, counter=counter)
    assert t.calls == 1
    assert [recall(db, counter=counter).calls for _ in range(2)] == [2, 3]
    after = recall(db, counter=counter)
    assert after.state is S.SKIPPED and after.calls == 3
    return after.number


def _serve_next(db, counter: int = 1) -> str:
    t = call_next(db, counter=counter)
    finish(db, counter=counter)
    return t.number


def test_three_calls_then_the_next_call_marks_the_visitor_missed(db):
    issue_ticket(db, service="A")
    number = _missed(db)
    kind, data = _kinds(db, number)[-1]
    assert (kind, data["missed"], data["calls"]) == ("skipped", True, 3)
    assert queries.get_ticket(db, number=number).state is S.SKIPPED
    # the desk is free: the next visitor is called at once
    issue_ticket(db, service="A")
    assert call_next(db, counter=1).number == "A-002"


def test_the_number_of_calls_is_the_offices(db):
    set_settings(db, missed_after_calls=1)
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    assert recall(db, counter=1).state is S.SKIPPED


def test_a_visitor_reporting_back_reenters_after_three_numbers_of_the_same_line(db):
    for service in ("A", "B", "A", "A", "A", "A"):  # A-001, B-001, A-002 .. A-005
        issue_ticket(db, service=service)
    assert _missed(db) == "A-001"
    back = report_back(db, number="A-001")
    assert back.state is S.WAITING and back.returned_at is not None and back.calls == 0
    # B-001 is another line: it does not count; A-002..A-004 do
    assert [_serve_next(db) for _ in range(6)] == ["B-001", "A-002", "A-003", "A-004",
                                                   "A-001", "A-005"]
    returned = queries.get_ticket(db, number="A-001")
    assert returned.state is S.DONE
    (kind, data), = [k for k in _kinds(db, "A-001") if k[0] == "reported_back"]
    assert data == {"via": "counter", "after": 3}
    # counted in the monthly report: one more missed and not back, one back and missed
    # again (counted once)
    issue_ticket(db, service="A")
    issue_ticket(db, service="A")
    assert _missed(db) == "A-006"
    report_back(db, number="A-006")
    assert _missed(db) == "A-007"
    assert _missed(db) == "A-006"  # nobody else of its line waits: next, and missed again
    day = returned.day if isinstance(returned.day, date) else date.fromisoformat(returned.day)
    totals = collect(db, day.replace(day=1), day).totals()
    assert (totals["missed"], totals["reported_back"], totals["served_after_return"]) == \
        (3, 2, 1)


def test_with_nobody_else_in_its_line_the_returned_visitor_is_next(db):
    issue_ticket(db, service="A")
    issue_ticket(db, service="C")  # counter 1 does not serve C
    _missed(db)
    report_back(db, number="A-001")
    assert call_next(db, counter=1).number == "A-001"


def test_once_a_day_unless_an_officer_writes_why(db):
    for _ in range(5):
        issue_ticket(db, service="A")
    _missed(db)
    report_back(db, number="A-001")
    set_settings(db, return_after_numbers=0)
    assert _missed(db) == "A-001"  # called first again (nobody to wait behind), missed again
    with pytest.raises(errors.RuleViolation) as refused:
        report_back(db, number="A-001")
    assert "sekali hari ini" in str(refused.value)
    assert queries.get_ticket(db, number="A-001").state is S.SKIPPED
    again = report_back(db, number="A-001", override="Ke toilet, antre lagi")
    assert again.state is S.WAITING
    assert _kinds(db, "A-001")[-1][1]["override"] == "Ke toilet, antre lagi"
    with pytest.raises(errors.RuleViolation, match="tidak sedang terlewat"):
        report_back(db, number="A-002")


def test_a_visitor_being_fetched_from_the_seat_is_never_marked_missed(db):

    issue_ticket(db, service="A", assist={"seat"})
    call_next(db, counter=1)
    for calls in (2, 3, 4):
        assert recall(db, counter=1).calls == calls
    mark_fetched(db, number="A-001")
    assert recall(db, counter=1).state is S.SKIPPED


def test_who_is_held_back_is_one_rule():
    # (ticket, service, numbers of its line called since it reported back)
    waiting = [(1, 10), (2, 10), (3, 20)]
    assert returned_held([(1, 10, 0)], waiting, 3) == {1}
    assert returned_held([(1, 10, 3)], waiting, 3) == frozenset()
    assert returned_held([(3, 20, 0)], waiting, 3) == frozenset()  # nobody else in line 20
    assert returned_held([(1, 10, 0), (2, 10, 0)], waiting, 3) == frozenset()


def test_report_back_on_the_command_line(db_path):
    db = str(db_path)
    for _ in range(3):
        assert run_cli("take", "--db", db, "--service", "A").returncode == 0
    assert run_cli("call", "--db", db, "--counter", "1").returncode == 0
    for _ in range(3):
        assert run_cli("recall", "--db", db, "--counter", "1").returncode == 0
    r = run_cli("report-back", "--db", db, "--ticket", "A-001", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["state"] == "waiting"
    r = run_cli("report-back", "--db", db, "--ticket", "A-001")
    assert r.returncode == 6 and "tidak sedang terlewat" in r.stderr
    report = json.loads(run_cli("check", "--db", db, "--json").stdout)
    assert report["reconcile"]["ok"] and report["reconcile"]["differences"] == []
    assert report["audit"]["findings"] == []
