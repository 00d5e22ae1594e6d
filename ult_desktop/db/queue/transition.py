"""The one transition of a ticket: every change of its state goes through :func:`move`,
other changes (print outcome, priority, record, survey code) through :func:`note`: the
ticket's row is written here and nowhere else."""

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
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.queue.rows import (
    day_settings,
    load_or_none,
    now_or_clock,
    target_ticket,
    written_ticket,
)
from ult_desktop.db.record.events import append_event, iso

S = TicketState

#: Columns a move may set besides those its new state implies.
_MOVABLE = frozenset({"counter_number", "officer_id", "service_id", "target_counter",
                      "target_officer_id", "routed_at", "outcome", "returned_at"})
#: Columns :func:`note` may set: never the counter, the call nor the wait (only
#: :func:`move` does); who served only filled in where the record has nobody.
_NOTED = frozenset({"print_status", "print_error", "priority", "priority_group",
                    "record_id", "code_hash", "issue_event", "officer_id", "assist",
                    "fetched_at"})
_FILLED_IN = frozenset({"officer_id"})


def refuse(ticket: Ticket, wanted: TicketState, *, handover: bool = False) -> None:
    """Raise the officer's sentence unless *ticket* may move to *wanted*: not allowed from
    its state, or a no-show of a visitor being fetched from her seat (on every road)."""
    if wanted is S.SKIPPED and ticket.fetching:
        raise errors.RuleViolation("error.skip_fetching", number=ticket.number)
    try:
        check_transition(ticket.number, ticket.state, wanted, handover=handover)
    except InvalidTransition as exc:
        from ult_desktop.core.i18n import tr
        raise errors.RuleViolation("error.invalid_transition", number=ticket.number,
                                   current=tr(f"state.{exc.current.value}"),
                                   wanted=tr(f"state.{exc.wanted.value}")) from exc


def move(db: Database, conn: Connection, ticket: Ticket, wanted: TicketState, *,
         kind: str, at: datetime, counter: int | None = None, data: dict | None = None,
         handover: bool = False, **columns) -> Ticket:
    """Move *ticket* (as read in this transaction) to *wanted*, appending event *kind* at
    *at* for *counter* (default: its counter before), with the times the state implies;
    *columns* may add :data:`_MOVABLE` ones; a *handover* calls as if first called there.
    Returns the ticket as written. :raises RuleViolation: the move is not allowed."""
    refuse(ticket, wanted, handover=handover)
    bad = set(columns) - _MOVABLE
    if bad:
        raise ValueError(f"not a column a move sets: {sorted(bad)}")
    when = iso(at)
    sets = ["state = ?"]
    params: list = [wanted.value]
    if wanted is S.CALLED:
        sets += ["called_at = ?", "first_called_at = " + ("?" if handover else
                                                           "COALESCE(first_called_at, ?)"),
                 "target_counter = NULL", "target_officer_id = NULL"]
        sets += ["serving_at = NULL"] if handover else []
        # calls since it last waited: a recall counts on, a missed visitor called anew
        sets.append("calls = 1" if ticket.state is S.SKIPPED else "calls = COALESCE(calls, 0) + 1")
        params += [when, when]
    elif wanted is S.SERVING:
        sets.append("serving_at = ?")
        params.append(when)
    elif wanted is S.TRANSFERRED:
        sets += ["counter_number = NULL", "called_at = NULL", "serving_at = NULL",
                 "transfer_count = transfer_count + 1", "calls = 0"]
    elif wanted is S.WAITING:  # reported back: in line again, its calls counted anew
        sets += ["counter_number = NULL", "called_at = NULL", "calls = 0"]
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
    after = written_ticket(conn, row)
    if wanted is S.CALLED and after.assist:  # the TV fetches or flashes longer by it
        data = {**(data or {}), "assist": sorted(after.assist)}
    event(db, conn, kind, after, at, counter=counter if counter is not None else ticket.counter,
          data=data)
    return after


def note(db: Database | None, conn: Connection, ticket_id: int, *, kind: str | None = None,
         at: datetime | None = None, data: dict | None = None, only_if: str | None = None,
         **columns) -> Ticket | None:
    """Write *columns* (:data:`_NOTED`; who served never changed, only filled in) of
    ticket *ticket_id*, with a *kind* its event too; unless the row meets *only_if* (``print_status IS NULL``): nothing written, None."""
    bad = set(columns) - _NOTED
    if bad or not columns:
        raise ValueError(f"not a column a note sets: {sorted(bad) or 'none'}")
    where = "id = ?" + (f" AND {only_if}" if only_if else "")
    sets = ", ".join(f"{c} = COALESCE({c}, ?)" if c in _FILLED_IN else f"{c} = ?"
                     for c in columns)
    row = conn.execute(f"UPDATE tickets SET {sets} WHERE {where} RETURNING *",
                       (*columns.values(), ticket_id)).fetchone()
    if row is None:
        return None
    after = written_ticket(conn, row)
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


def on_ticket(db: Database, now: datetime | None, work, *, number: str | None = None,
              counter: int | None = None, ticket_id: int | None = None) -> Ticket:
    """One write of *work* ``(conn, ticket, now) -> ticket`` on today's ticket *number*,
    else the one at *counter* (``rows.target_ticket``), or on ticket *ticket_id* (a
    kiosk's)."""
    now = now_or_clock(now)

    def tx(conn: Connection) -> Ticket:
        if ticket_id is None:
            return work(conn, target_ticket(conn, day_settings(conn, now)[0], counter=counter,
                                            number=number), now)
        found = load_or_none(conn, ticket_id)
        if found is None:
            raise errors.NotFound(number=str(ticket_id))
        return work(conn, found, now)

    return db.write(tx)


def place_born(conn: Connection, ticket_id: int, *, sort_at: str, followup_case: int) -> None:
    """Inside a ticket's birth, before its event: a follow-up visitor's place in line and
    the case it came for (a born ticket's place never changes after its event)."""
    conn.execute("UPDATE tickets SET sort_at = ?, followup_case = ? WHERE id = ?",
                 (sort_at, followup_case, ticket_id))
