"""The one transition of a ticket: every change of its state, online or landed from a
station's journal, goes through :func:`move`. It checks the move is allowed from the
state the record has, writes the row and appends the signed event, in the caller's
write transaction. Changes that are not a move of state (the print outcome, the
priority flag, the record it is linked to, the survey code spent) go through
:func:`note`, so the ticket's row is written here and nowhere else."""

from __future__ import annotations

from datetime import datetime

from ult_desktop.core.tickets import (
    FINAL_STATES,
    InvalidTransition,
    Ticket,
    TicketState,
    check_transition,
)
from ult_desktop.db import errors
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.queue.rows import _written_ticket
from ult_desktop.db.record.events import append_event, iso

S = TicketState

#: Columns a move may set besides those its new state implies.
_MOVABLE = frozenset({"counter_number", "officer_id", "service_id", "target_counter",
                      "target_officer_id", "routed_at", "outcome"})
#: Columns :func:`note` may set (no state change).
_NOTED = frozenset({"print_status", "print_error", "priority", "priority_group",
                    "record_id", "code_hash", "issue_event", "counter_number", "officer_id",
                    "called_at", "first_called_at", "assist", "fetched_at"})


def refuse(ticket: Ticket, wanted: TicketState) -> None:
    """Raise the officer's sentence unless *ticket* may move to *wanted*.

    :raises RuleViolation: the move is not allowed from the ticket's state."""
    try:
        check_transition(ticket.number, ticket.state, wanted)
    except InvalidTransition as exc:
        from ult_desktop.core.i18n import tr
        raise errors.RuleViolation("error.invalid_transition", number=ticket.number,
                                   current=tr(f"state.{exc.current.value}"),
                                   wanted=tr(f"state.{exc.wanted.value}")) from exc


def move(db: Database, conn: Connection, ticket: Ticket, wanted: TicketState, *,
         kind: str, at: datetime, counter: int | None = None, data: dict | None = None,
         **columns) -> Ticket:
    """Move *ticket* (as read in this transaction) to *wanted*, and append the event
    *kind* at *at* for *counter* (the ticket's counter before the move when not given).

    The new state sets what it implies: called (``called_at``, the first call's time,
    no target any more), serving (``serving_at``), transferred (off the counter, one
    more transfer), a final state (``finished_at``; done and escalated start the
    service at the call when it was never started). *columns* may add
    :data:`_MOVABLE` ones (the counter, the officer, the target, the outcome ...).

    :raises RuleViolation: the move is not allowed from the state the record has.
    :returns: the ticket as written."""
    refuse(ticket, wanted)
    bad = set(columns) - _MOVABLE
    if bad:
        raise ValueError(f"not a column a move sets: {sorted(bad)}")
    when = iso(at)
    sets = ["state = ?"]
    params: list = [wanted.value]
    if wanted is S.CALLED:
        sets += ["called_at = ?", "first_called_at = COALESCE(first_called_at, ?)",
                 "target_counter = NULL", "target_officer_id = NULL"]
        params += [when, when]
    elif wanted is S.SERVING:
        sets.append("serving_at = ?")
        params.append(when)
    elif wanted is S.TRANSFERRED:
        sets += ["counter_number = NULL", "called_at = NULL", "serving_at = NULL",
                 "transfer_count = transfer_count + 1"]
    elif wanted in FINAL_STATES:
        sets.append("finished_at = ?")
        params.append(when)
        if wanted is not S.CANCELLED:
            sets.append("serving_at = COALESCE(serving_at, called_at)")
    for column, value in columns.items():
        sets.append(f"{column} = ?")
        params.append(value)
    row = conn.execute(f"UPDATE tickets SET {', '.join(sets)} WHERE id = ? AND state = ? "
                       "RETURNING *", (*params, ticket.id, ticket.state.value)).fetchone()
    if row is None:  # the row is not in the state it was read in: never under the lock
        raise errors.RuleViolation("error.not_waiting", number=ticket.number)
    after = _written_ticket(conn, row)
    if wanted is S.CALLED and after.assist:  # the TV fetches or flashes longer by it
        data = {**(data or {}), "assist": sorted(after.assist)}
    event(db, conn, kind, after, at, counter=counter if counter is not None else ticket.counter,
          data=data)
    return after


def note(db: Database | None, conn: Connection, ticket_id: int, *, kind: str | None = None,
         at: datetime | None = None, data: dict | None = None, only_if: str | None = None,
         **columns) -> Ticket | None:
    """Write *columns* (:data:`_NOTED`: not the state) of ticket *ticket_id* and, with a
    *kind*, append its event. *only_if*: a condition on the row (``print_status IS
    NULL``) that must hold, else nothing is written and None returned."""
    bad = set(columns) - _NOTED
    if bad or not columns:
        raise ValueError(f"not a column a note sets: {sorted(bad) or 'none'}")
    where = "id = ?" + (f" AND {only_if}" if only_if else "")
    row = conn.execute(f"UPDATE tickets SET {', '.join(f'{c} = ?' for c in columns)} "
                       f"WHERE {where} RETURNING *", (*columns.values(), ticket_id)).fetchone()
    if row is None:
        return None
    after = _written_ticket(conn, row)
    if kind is not None:
        assert db is not None and at is not None
        event(db, conn, kind, after, at, data=data)
    return after


def event(db: Database, conn: Connection, kind: str, ticket: Ticket, at: datetime, *,
          counter: int | None = None, data: dict | None = None) -> int:
    """Append the signed event *kind* about *ticket*; its id."""
    return append_event(conn, db.station, kind, ticket_id=ticket.id,
                        ticket_number=ticket.number, service_prefix=ticket.service_prefix,
                        counter=counter if counter is not None else ticket.counter, at=at,
                        data=data)

