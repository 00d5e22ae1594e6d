"""Selesai is kept in the counter's journal first (a signed finish act with its record)
and landed in the record behind it: the officer never waits behind another station's
write on the share, and nothing typed is lost when that write meets a held lock, a
closed window or a record that moved on.

Real files and a real lock: another "PC" holds the file's write lock with plain sqlite3
(``BEGIN EXCLUSIVE``), as a kiosk landing or a backup does on the share."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, get_record, login, queue_form
from ult_desktop.app import localfiles
from ult_desktop.app.trust_memory import journal_path
from ult_desktop.core.register import RecordInput
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import queries
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.queue.desk import call_next, cancel
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _at_desk(qtbot, w, db):
    ticket = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
    qtbot.waitUntil(lambda: w.queue.current() is not None and queue_form(w).isEnabled(),
                    timeout=WAIT)
    queue_form(w).name.setText("Bu Endang")
    queue_form(w).institution.setText("SMP Negeri 3")
    queue_form(w).question.setPlainText("Cara mengurus mutasi guru?")
    return ticket


def _press_finish(w, outcome: str = "answered") -> None:
    w.queue.buttons["finish"].click()
    w.queue.dialog.set_outcome(outcome)
    w.queue.dialog.accept()


class _HeldShare:
    """Another PC holding the file's write lock (a kiosk's landing, a backup)."""

    def __init__(self, path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")

    def state(self, ticket_id: int) -> str:
        return self.conn.execute("SELECT state FROM tickets WHERE id = ?",
                                 (ticket_id,)).fetchone()[0]

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_selesai_is_done_on_screen_while_another_station_holds_the_share(
        qtbot, make_window, db, db_path):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    ticket = _at_desk(qtbot, w, db)
    held = _HeldShare(db_path)
    try:
        pressed = datetime.now(timezone.utc)
        _press_finish(w)
        # done on screen at once: the desk is free, the officer is told, the form clears
        assert w.queue.current() is None
        assert "A-001 selesai" in w.status.label.text()
        assert w.queue.buttons["call_next"].isEnabled()
        (kept,) = w.session.journal.kept_finishes().values()
        assert kept["ticket_id"] == ticket.id
        assert kept["record"]["visitor_name"] == "Bu Endang"
        (act,) = w.session.journal.acts("pending")[-1:]
        assert (act.kind, act.outcome, act.number) == ("finish", "answered", "A-001")
        assert held.state(ticket.id) == "called"  # not in the record yet
        # the next call is pressed meanwhile: it goes after the Selesai
        qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
    finally:
        released = datetime.now(timezone.utc)
        held.release()
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=ticket.id).state
                    is TicketState.DONE, timeout=WAIT)
    done = queries.get_ticket(db, ticket_id=ticket.id)
    assert done.outcome == "answered"
    assert pressed <= done.finished_at <= released  # dated when pressed, not when written
    assert get_record(db, ticket_id=ticket.id).data.visitor_name == "Bu Endang"
    qtbot.waitUntil(lambda: not w.session.journal.kept_finishes(), timeout=WAIT)
    assert w.session.journal.draft(f"ticket:{ticket.id}") is None
    assert w.queue.current() is None  # nobody else waits: the call found nobody


def test_a_selesai_kept_when_the_window_closed_lands_at_the_next_start(
        qtbot, make_window, db, db_path, monkeypatch):
    import ult_desktop.db.engine.sqlite as engine

    monkeypatch.setattr(engine, "DEFAULT_BUSY_BUDGET_S", 0.5)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    ticket = _at_desk(qtbot, w, db)
    held = _HeldShare(db_path)
    try:
        _press_finish(w)
        assert w.queue.current() is None
        w.close()  # the PC is switched off before the share took it
    finally:
        held.release()
    assert queries.get_ticket(db, ticket_id=ticket.id).state is TicketState.CALLED

    again = make_window()  # the same PC, started again: the same journal
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=ticket.id).state
                    is TicketState.DONE, timeout=WAIT)
    assert get_record(db, ticket_id=ticket.id).data.visitor_name == "Bu Endang"
    qtbot.waitUntil(lambda: not again.session.journal.kept_finishes(), timeout=WAIT)


def test_a_kept_selesai_the_record_refuses_is_said_and_what_was_typed_stays(
        qtbot, make_window, db, db_path):
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    # this PC kept a Selesai and was switched off; meanwhile the admin cancelled the ticket
    journal = CounterJournal(journal_path(db_path, "counter-test-desk"),
                             seal=(localfiles.protect, localfiles.unprotect))
    journal.record(day=ticket.day, number=ticket.number, counter=1, officer_id=None,
                   kind="finish", outcome="answered", payload={
                       "ticket_id": ticket.id, "base": None,
                       "record": RecordInput(visitor_name="Pak Joko").as_dict()})
    journal.close()
    cancel(db, number=ticket.number, reason="tamu pulang")

    w = make_window()
    qtbot.waitUntil(lambda: "A-001 belum selesai" in w.status.label.text(),
                    timeout=WAIT)
    assert queries.get_ticket(db, ticket_id=ticket.id).state is TicketState.CANCELLED
    assert not w.session.journal.kept_finishes()
    assert w.session.journal.draft(f"ticket:{ticket.id}")["data"]["visitor_name"] == "Pak Joko"


def test_an_escalation_waits_for_the_record_it_needs_for_its_case_number(
        qtbot, make_window, db, db_path, monkeypatch):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    ticket = _at_desk(qtbot, w, db)
    held = _HeldShare(db_path)
    try:
        _press_finish(w, "escalated")
        assert w.queue.current() is not None  # the receipt needs the case's number
        assert not w.session.journal.kept_finishes()
    finally:
        held.release()
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=ticket.id).state
                    is TicketState.ESCALATED, timeout=WAIT)
