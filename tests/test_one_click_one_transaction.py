"""One user action is one write transaction: the counter's "Selesai" and a
phone/online save are single ``BEGIN IMMEDIATE`` transactions, all or nothing, and safe
to run again after a reply lost on the share."""

from __future__ import annotations

import sqlite3

import pytest

from ult_desktop.core.register import RecordInput
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas.schema import SCHEMA_VERSION
from ult_desktop.db.visit import cases


def _visitor(**kw) -> RecordInput:
    base = dict(visitor_name="Siti Aminah", institution="SDN 1 Semarang",
                phone="0812-3456-7890", topic="Tunjangan profesi",
                question="Kapan tunjangan cair?")
    base.update(kw)
    return RecordInput(**base)


def _count(db: Database, sql: str, params: tuple = ()) -> int:
    return db.query(sql, params)[0][0]


def _kinds(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT kind FROM events ORDER BY id")]


def _called(db: Database, counter: int = 1):
    issue_ticket(db, service="A")
    return call_next(db, counter=counter)


def test_escalating_selesai_is_one_write_transaction(db):
    ticket = _called(db)
    before = db.local_writes
    done = cases.finish_visit(db, counter=1, ticket_id=ticket.id, outcome="escalated",
                             record=_visitor(), officer_id=None)
    assert db.local_writes - before == 1  # was 4: record, case, serving, finish
    assert done.state.value == "escalated"
    assert _count(db, "SELECT COUNT(*) FROM register_records WHERE ticket_id = ?",
                  (ticket.id,)) == 1
    assert _count(db, "SELECT COUNT(*) FROM cases") == 1
    # opening the case also hands it to the back-office desk, same transaction
    assert _kinds(db)[-5:] == ["register_created", "case_opened", "handover_sent", "serving",
                               "escalated"]


def test_selesai_that_fails_at_the_end_leaves_nothing_half_done(db):
    """The visit cannot be ended (the ticket is at counter 1, the request names counter
    2): the register record and the case written before in the same action are undone
    too, instead of an escalation case for a visit that is still open."""
    ticket = _called(db)
    before = _kinds(db)
    with pytest.raises(errors.RuleViolation):
        cases.finish_visit(db, counter=2, ticket_id=ticket.id, outcome="escalated",
                          record=_visitor(), officer_id=None)
    assert _count(db, "SELECT COUNT(*) FROM register_records") == 0
    assert _count(db, "SELECT COUNT(*) FROM cases") == 0
    assert _kinds(db) == before


def test_selesai_run_again_after_it_was_saved_changes_nothing(db):
    ticket = _called(db)
    first = cases.finish_visit(db, counter=1, ticket_id=ticket.id, outcome="answered",
                              record=_visitor(), officer_id=None)
    events = _kinds(db)
    again = cases.finish_visit(db, counter=1, ticket_id=ticket.id, outcome="answered",
                              record=_visitor(), officer_id=None)
    assert again.id == first.id and again.state.value == "done"
    assert _kinds(db) == events


def test_nested_write_joins_the_outer_transaction_and_rolls_back_with_it(db):
    def outer(conn: sqlite3.Connection) -> None:
        issue_ticket(db, service="A")  # a whole operation, inside
        raise RuntimeError("the action fails after the inner operation")

    with pytest.raises(RuntimeError):
        db.write(outer)
    assert _count(db, "SELECT COUNT(*) FROM tickets") == 0
    ticket = issue_ticket(db, service="A")  # the connection is usable again
    assert ticket.number == "A-001"


def test_selesai_retried_after_a_lost_reply_on_the_share_ends_the_visit_once(slow_share):
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="counter-1", mode="counter")
    try:
        ticket = _called(db)
        # The commit reaches the file, but the journal's deletion (its last step) is
        # reported as failed: the counter is told "failed" about a saved action.
        slow_share.fail("unlink", "EIO", after=True, path="ult.db-journal")
        with pytest.raises(errors.UltError):
            cases.finish_visit(db, counter=1, ticket_id=ticket.id, outcome="escalated",
                              record=_visitor(), officer_id=None)
        done = cases.finish_visit(db, counter=1, ticket_id=ticket.id, outcome="escalated",
                                 record=_visitor(), officer_id=None)
        assert done.state.value == "escalated"
        assert _count(db, "SELECT COUNT(*) FROM register_records") == 1
        assert _count(db, "SELECT COUNT(*) FROM cases") == 1
        assert _kinds(db).count("escalated") == 1
    finally:
        db.close()


def test_phone_record_saved_again_after_a_lost_reply_is_not_doubled(slow_share):
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="counter-1", mode="counter")
    try:
        slow_share.fail("unlink", "EIO", after=True, path="ult.db-journal")
        kwargs = dict(channel="phone", service="A", record=_visitor(), officer_id=None,
                      escalate_to="back_office", request_id="form-1")
        before = db.local_writes
        with pytest.raises(errors.UltError):
            cases.save_remote(db, **kwargs)
        rec = cases.save_remote(db, **{**kwargs, "record": _visitor(answer="Dicek BO")})
        assert _count(db, "SELECT COUNT(*) FROM register_records") == 1
        assert _count(db, "SELECT COUNT(*) FROM cases") == 1
        assert rec.data.answer == "Dicek BO"  # the retry's edits are kept
        assert db.local_writes - before == 1  # the failed attempt counts no commit
    finally:
        db.close()


def test_the_index_pruning_migrations_leave_only_the_indexes_that_are_read(db):
    assert db.schema_version == SCHEMA_VERSION
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    # gone: never read, or read through something every action touches anyway
    assert not names & {"tickets_day_number", "events_ticket", "events_ticket_issued",
                        "events_ticket_called", "tickets_day_state",
                        "sqlite_autoindex_tickets_2"}
    def plan(sql: str, params: tuple = ()) -> str:
        return " ".join(r[3] for r in db.query("EXPLAIN QUERY PLAN " + sql, params))
    # today's queue through (day, prefix, seq), never a scan of every ticket
    assert "sqlite_autoindex_tickets_1" in plan(
        "SELECT id FROM tickets WHERE day = ? AND state IN ('waiting', 'transferred')",
        ("2026-01-05",))
    # a code is found by the ticket id it carries
    assert "INTEGER PRIMARY KEY" in plan("SELECT * FROM tickets t WHERE t.id = ? AND "
                                         "t.code_hash = ?", (1, "X"))
    # the reports' first calls come from the ticket rows of the period
    assert "sqlite_autoindex_tickets_1" in plan(
        "SELECT id, first_called_at FROM tickets WHERE day BETWEEN ? AND ?", ("a", "b"))
