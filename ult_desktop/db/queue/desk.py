"""The desk: a counter's acts on a ticket and its breaks, each one short write moving the
ticket through :func:`~ult_desktop.db.queue.transition.move` and returning it as it now is.
``now`` (aware, UTC) is the station's clock, a parameter so tests can move through days."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from ult_desktop.core.priority import DEAF, assist_text
from ult_desktop.core.queue import (
    CALL_REASONS,
    PAUSE_ALIASES,
    PAUSE_REASONS,
    Candidate,
    CounterView,
    PriorityOrder,
    PriorityPolicy,
    choose_next,
    eligible,
    fallback_of,
    kept_for,
)
from ult_desktop.core.tickets import (
    QUEUED_STATES,
    RECLASSIFIABLE,
    EventKind,
    Outcome,
    Ticket,
    TicketState,
    returned_held,
)
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import acting_for, read_officers
from ult_desktop.db.queue.numbers import read_desks_by_service
from ult_desktop.db.queue.rows import (
    AT_COUNTER_WHERE,
    PAUSED_SELECT,
    active_counter,
    day_guess,
    day_settings,
    find_ticket,
    now_or_clock,
    priority_group_of,
    read_day_line,
    read_pauses,
    read_tickets,
    services_by_id,
    standing_rows,
    ticket_at_counter,
    ticket_read,
)
from ult_desktop.db.queue.serving import orphaned_services, serving_views
from ult_desktop.db.queue.transfers import transfer as transfer  # one of the desk's acts
from ult_desktop.db.queue.transition import event, move, note, on_ticket, refuse
from ult_desktop.db.record.events import append_event, iso
from ult_desktop.db.record.judged import put_back

S = TicketState


def call_next(db: Database, *, counter: int, officer_id: int | None = None,
              number: str | None = None, reason: str | None = None,
              instead_of: str | None = None, now: datetime | None = None) -> Ticket | None:
    """Call the next waiting ticket for *counter* (``core.queue.choose_next``), or ``None``.
    *number*: that ticket instead (out of turn with a *reason*: ``core.queue.CALL_REASONS``
    or ``"other: <text>"``). *instead_of*: the called visitor who did not come, marked a
    no-show in the same write.
    :raises RuleViolation: the counter still holds a visitor; out of turn without a
        reason; the ticket is not waiting."""
    now = now_or_clock(now)
    why = call_reason(reason) if reason else None

    def pick(conn: Connection) -> tuple:
        return _pick(conn, counter, officer_id, number, why, instead_of, now)

    def tx(conn: Connection) -> Ticket | None:
        chosen, queued, busy, instead, data = pick(conn)
        officer = data["officer_id"]
        if chosen is None:
            return None  # nobody else: the visitor at the desk stays called
        if instead and busy is not None:  # a no-show (its call's times kept), then the next
            move(db, conn, busy, S.SKIPPED, kind=EventKind.SKIPPED, at=now,
                 data={"instead": True, "calls": busy.calls})
        return move(db, conn, queued[chosen.ticket_id], S.CALLED, kind=EventKind.CALLED,
                    at=now, counter=counter, data=data, counter_number=counter,
                    officer_id=officer)

    if number is None and db.slow_file and db.read(lambda conn: pick(conn)[0]) is None:
        return None  # nobody waits: asked without the write lock the others land with
    day = day_guess(db, now)
    return db.write(tx, ahead=() if day is None else (
        ticket_read(AT_COUNTER_WHERE, (day, counter)), (PAUSED_SELECT, ()),
        ticket_read(_QUEUED, (day,)), (_RETURNED, (day,))))


def _pick(conn: Connection, counter: int, officer_id: int | None, number: str | None,
          why: dict | None, instead_of: str | None, now: datetime) -> tuple:
    """Who is called (None: nobody), the queue it came from, the visitor at the desk,
    whether that one is called instead, the event's data; raises what the call may not."""
    day, settings = day_settings(conn, now)
    ctr = active_counter(conn, counter)
    busy = ticket_at_counter(conn, day, counter)
    instead = busy is not None and busy.number == instead_of and busy.state is S.CALLED
    if busy is not None and not instead:
        raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                   number=busy.number)
    pauses = read_pauses(conn)
    if counter in pauses:
        raise errors.RuleViolation("error.counter_paused", counter=counter)
    queued = {t.id: t for t in read_tickets(conn, _QUEUED, (day,))}
    candidates = [Candidate.of(t) for t in queued.values()]
    chosen = choose_next(*_weighed(conn, day, settings, ctr, officer_id, now, candidates,
                                   pauses))
    data: dict = {"officer_id": officer_id}  # (credited: the officer signed in, never a row)
    if number is not None:
        wanted = find_ticket(conn, day, number)
        if wanted.id not in {c.ticket_id for c in candidates}:
            raise errors.RuleViolation("error.not_waiting", number=wanted.number)
        if chosen is None or chosen.ticket_id != wanted.id:
            if why is None:
                raise errors.RuleViolation("error.call_reason_needed", number=wanted.number)
            data["out_of_turn"] = {**why, "next": queued[chosen.ticket_id].number
                                   if chosen is not None else None}
        chosen = next(c for c in candidates if c.ticket_id == wanted.id)
    return chosen, queued, busy, instead, data


def _weighed(conn: Connection, day: str, settings: dict, ctr, officer_id: int | None,
             now: datetime, candidates: list[Candidate], pauses: dict | None = None
             ) -> tuple[list[Candidate], CounterView, PriorityPolicy]:
    """What a call at counter *ctr* weighs: the *candidates* but those who reported back
    and wait behind the numbers of their line still due (``core.tickets.returned_held``),
    the counter as the policy sees it (its officer's, unless *officer_id*), the policy."""
    officer = officer_id if officer_id is not None else ctr.officer_id
    view = counter_view(conn, day, settings, ctr, officer, now, candidates, pauses)
    returned = _returned(conn, day)
    held = returned_held(returned, [(c.ticket_id, c.service_id) for c in candidates],
                         settings["return_after_numbers"]) if returned else frozenset()
    return ([c for c in candidates if c.ticket_id not in held], view,
            PriorityPolicy(settings["priority_policy"]))


def counter_view(conn: Connection, day: str, settings: dict, ctr, officer: int | None,
                 now: datetime, candidates: list[Candidate],
                 pauses: dict | None = None, views: list[CounterView] | None = None
                 ) -> CounterView:
    """Counter *ctr* as the queue policy sees it now: services, priority desks serving now
    and order, regular calls since the last priority one, whom *officer* stands in for."""
    if views is None:  # the counters that serve now (a caller building many reads once)
        views = serving_views(conn, day, settings["timezone"], pauses)
    desks = frozenset().union(*(v.service_ids for v in views if v.priority_counter))
    orphaned = orphaned_services(conn, views)
    order = PriorityOrder.parse(settings["priority_order"])
    orders = {svc.id: PriorityOrder.parse(svc.priority_order)
              for svc in services_by_id(conn).values() if svc.priority_order}
    ratios = [o.n for o in (order, *orders.values()) if o.kind == "ratio"]
    run = 0
    if ratios:  # regular calls here since the last priority one
        for row in _last_calls(conn, day, ctr.number, max(ratios)):
            if row["priority"]:
                break
            run += 1
    view = CounterView(number=ctr.number, service_ids=frozenset(ctr.service_ids),
                       priority_counter=ctr.priority_counter, officer_id=officer,
                       priority_desk_services=desks, now=now, order=order,
                       regular_run=run, orders=orders,
                       route_wait=timedelta(minutes=settings["route_wait_min"]),
                       fallback=fallback_of(settings), orphaned=orphaned,
                       serving=frozenset(v.number for v in views))
    if officer is not None and any(c.target_officer_id not in (None, officer)
                                   for c in candidates):
        # sent to another officer: this one may stand in for them today
        view = dataclasses.replace(view, covers=frozenset(acting_for(conn, officer)[1:]))
    return view


@dataclasses.dataclass(frozen=True)
class DeskQueue:
    """Today's open tickets and which waiting ones a counter may call now."""

    day: str
    tickets: list[Ticket]
    #: ids of the waiting tickets the counter may call, judged as :func:`call_next` does
    callable: frozenset[int]
    settings: dict
    #: the counters that serve now (``db.queue.serving``; read for a counter's queue)
    serving: frozenset[int] = frozenset()

    @property
    def missed_after(self) -> int:
        """The office's calls before a visitor is marked missed."""
        return self.settings["missed_after_calls"]

    @property
    def return_after(self) -> int:
        """The numbers of its line a visitor who reported back waits behind."""
        return self.settings["return_after_numbers"]


def read_desk_queue(conn: Connection, *, counter: int | None, officer_id: int | None,
                    now: datetime) -> DeskQueue:
    """The counter panel's queue, in the caller's read: the panel keeps no rule of its
    own about whom it may call (none callable when *counter* is None)."""
    day, settings = day_settings(conn, now)
    line = read_day_line(conn, day)
    tickets = list(line.ordered)
    callable_: frozenset[int] = frozenset()
    serving: frozenset[int] = frozenset()
    if counter is not None:
        free, view, policy = _weighed(conn, day, settings, active_counter(conn, counter),
                                      officer_id, now, line.candidates)
        callable_ = frozenset(c.ticket_id for c in free if eligible(c, view, policy))
        serving = view.serving or frozenset()
    return DeskQueue(day, tickets, callable_, settings, serving)


@dataclasses.dataclass(frozen=True)
class Kept:
    """A waiting ticket a counter may not call yet (:func:`core.queue.kept_for`): why, for
    whom ("" for none) and until when (None: as long as the rule keeps it)."""

    number: str
    why: str
    whom: str
    until: datetime | None


def read_kept(conn: Connection, desk: DeskQueue, held: list[Ticket], counters: list
              ) -> list[Kept]:
    """Inside the caller's read: why each of *held* (waiting tickets of *desk* its counter
    may not call yet) is kept (what is read, is read only when a ticket needs it)."""
    names = {c.number: c.name for c in counters}
    policy = PriorityPolicy(desk.settings["priority_policy"])
    route_wait = timedelta(minutes=desk.settings["route_wait_min"])
    fallback = fallback_of(desk.settings)
    officers: dict[int, str] = {}
    by_service: dict[int, list[int]] | None = None
    out = []
    for t in held:
        kept = kept_for(t, policy, route_wait, fallback)
        if kept is None:
            continue
        why, until = kept
        whom = ""
        if why == "counter":
            whom = names.get(t.target_counter, str(t.target_counter))
        elif why == "officer":
            officers = officers or {o.id: o.name for o in read_officers(conn)}
            whom = officers.get(t.target_officer_id or 0, "?")
        elif why == "priority":
            by_service = by_service if by_service is not None else read_desks_by_service(conn)
            whom = ", ".join(names.get(d, str(d)) for d in by_service.get(t.service_id, []))
        out.append(Kept(t.number, why, whom, until))
    return out


def _reason(text: str, keys: tuple[str, ...], needed: str,
            aliases: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(key, words) of an officer's *text*: a key of *keys* (with *aliases*: any case, or
    an alias), ``"other:<words>"`` or just words; :raises RuleViolation *needed*: none."""
    text = (text or "").strip()
    key, _, note = text.partition(":")
    if aliases is not None:
        key = aliases.get(key.lower(), key.lower())
    if key in keys and key != "other" and not note.strip():
        return key, None
    note = note.strip() if key == "other" else text
    if not note:
        raise errors.RuleViolation(needed)
    return "other", note[:200]


def call_reason(text: str) -> dict:
    """``{"reason": key}`` for a key of ``core.queue.CALL_REASONS``, else ``{"reason":
    "other", "note": text}``; :raises RuleViolation: "other" with no words."""
    key, note = _reason(text, CALL_REASONS, "error.call_reason_needed_text")
    return {"reason": key} if note is None else {"reason": key, "note": note}


def request_reprint(db: Database, *, number: str, now: datetime | None = None) -> Ticket:
    """Ask the kiosk that issued ticket *number* to print it again (an event on its feed);
    :raises RuleViolation: the ticket is no longer waiting."""
    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        if ticket.state not in QUEUED_STATES:
            raise errors.RuleViolation("error.not_waiting", number=ticket.number)
        event(db, conn, EventKind.REPRINT_REQUESTED, ticket, now, data={"station": ticket.station})
        return ticket

    return on_ticket(db, now, work, number=number)


# -- a counter on a break ----------------------------------------------------
def pause_reason(text: str) -> tuple[str, str | None]:
    """(reason key, words): a key of ``PAUSE_REASONS``, an alias ("istirahat"),
    ``"other:<words>"`` or just words; :raises RuleViolation: nothing given."""
    return _reason(text, PAUSE_REASONS, "error.pause_reason_needed", PAUSE_ALIASES)


def pause_counter(db: Database, *, counter: int, reason: str, officer_id: int | None = None,
                  now: datetime | None = None) -> None:
    """Put *counter* on a break with its *reason* (:func:`pause_reason`); :raises
    RuleViolation: a visitor is still at the counter, or already paused."""
    now = now_or_clock(now)
    key, note = pause_reason(reason)

    def tx(conn: Connection) -> None:
        day, _ = day_settings(conn, now)
        active_counter(conn, counter)
        busy = ticket_at_counter(conn, day, counter)
        if busy is not None:
            raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                       number=busy.number)
        if counter in read_pauses(conn):  # (as the record holds them)
            raise errors.RuleViolation("error.counter_already_paused", counter=counter)
        put_back(conn, "counter_pauses", "counter", counter)  # (a share writer's: not ours)
        conn.execute("INSERT INTO counter_pauses (counter, reason, note, officer_id, since) "
                     "VALUES (?, ?, ?, ?, ?)", (counter, key, note, officer_id, iso(now)))
        append_event(conn, db.station, EventKind.COUNTER_PAUSED, counter=counter, at=now,
                     data={"reason": key, "note": note, "officer_id": officer_id})

    db.write(tx)


def resume_counter(db: Database, *, counter: int, officer_id: int | None = None,
                   now: datetime | None = None, keep: str | None = None) -> None:
    """End *counter*'s break (*keep*: the office's break it serves through); :raises
    RuleViolation: the counter is not paused."""
    now = now_or_clock(now)

    def tx(conn: Connection) -> None:
        gone = conn.execute("DELETE FROM counter_pauses WHERE counter = ? RETURNING reason, "
                            "note, since, officer_id", (counter,)).fetchone()
        row = read_pauses(conn).get(counter) or gone and dict(  # (the record's, else the row)
            zip(("reason", "note", "since", "officer_id"), gone, strict=True))
        if not row:
            raise errors.RuleViolation("error.counter_not_paused", counter=counter)
        append_event(conn, db.station, EventKind.COUNTER_RESUMED, counter=counter, at=now,
                     images=None if gone else [["d", "counter_pauses", [counter]]],
                     data={"reason": row["reason"], "note": row["note"], "since": row["since"],
                           "paused_by": row["officer_id"], "officer_id": officer_id,
                           **({"keep": keep} if keep else {})})

    db.write(tx)


#: The last tickets a counter called today, newest first (the ``ratio`` order's count).
_LAST_CALLS = ("SELECT id, priority FROM tickets WHERE day = ? AND counter_number = ? AND "
               "first_called_at IS NOT NULL ORDER BY first_called_at DESC LIMIT ?")
#: Every waiting ticket, on paper or not (a number copied from the kiosk's screen is called).
_QUEUED = " WHERE t.day = ? AND t.state IN ('waiting', 'transferred')"
#: Who reported back and waits again: (id, service, when).
_RETURNED = ("SELECT id, service_id, returned_at FROM tickets WHERE day = ? AND "
             "state = 'waiting' AND returned_at IS NOT NULL")
#: The day's tickets called since a time: (id, service, first call).
_CALLED_SINCE = ("SELECT id, service_id, first_called_at FROM tickets WHERE day = ? AND "
                 "first_called_at > ?")


def _last_calls(conn: Connection, day: str, counter: int, n: int) -> list:
    """The last *n* tickets *counter* called on *day* that an act brought in, newest first
    (a row no act issued is no call: the ``ratio`` order counts past it)."""
    rows = conn.execute(_LAST_CALLS, (day, counter, n)).fetchall()
    kept = standing_rows(conn, rows)
    if len(kept) < len(rows):
        kept = standing_rows(conn, conn.execute(_LAST_CALLS, (day, counter, 1 << 30)).fetchall())
    return kept[:n]


def _returned(conn: Connection, day: str) -> list[tuple[int, int, int]]:
    """Who reported back and waits again: (id, service, numbers of its line an act brought
    in called since)."""
    rows = conn.execute(_RETURNED, (day,)).fetchall()
    if not rows:
        return []
    called = standing_rows(conn, conn.execute(
        _CALLED_SINCE, (day, min(r["returned_at"] for r in rows))).fetchall())
    return [(r["id"], r["service_id"], sum(
        1 for c in called if c["service_id"] == r["service_id"] and c["id"] != r["id"]
        and c["first_called_at"] > r["returned_at"])) for r in rows]


def recall(db: Database, *, counter: int | None = None, number: str | None = None,
           now: datetime | None = None) -> Ticket:
    """Call again the ticket at *counter*, or a skipped ticket *number* of the day to it;
    after ``missed_after_calls`` calls (not fetching) it is marked missed instead."""
    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        day, settings = day_settings(conn, now)
        if ticket.state is S.CALLED and not ticket.fetching and \
                ticket.calls >= settings["missed_after_calls"]:
            return move(db, conn, ticket, S.SKIPPED, kind=EventKind.SKIPPED, at=now,
                        data={"missed": True, "calls": ticket.calls})
        refuse(ticket, S.CALLED)
        to_counter = counter if counter is not None else ticket.counter
        if ticket.state is S.SKIPPED:
            if counter is None:
                raise errors.RuleViolation("error.recall_needs_counter", number=ticket.number)
            busy = ticket_at_counter(conn, day, counter)
            if busy is not None:
                raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                           number=busy.number)
        elif ticket.counter != to_counter:
            raise errors.RuleViolation("error.counter_idle", counter=to_counter)
        return move(db, conn, ticket, S.CALLED, kind=EventKind.RECALLED, at=now,
                    counter=to_counter, counter_number=to_counter)

    return on_ticket(db, now, work, number=number, counter=counter)


def report_back(db: Database, *, number: str, via: str = "counter",
                override: str | None = None, now: datetime | None = None) -> Ticket:
    """A missed visitor reports back (*via* counter, kiosk or command line): in line again
    after ``return_after_numbers`` numbers of her line; once a day, again with *override*.
    :raises RuleViolation: not missed; reported back before today without a reason."""
    why = (override or "").strip()[:200] or None

    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        if ticket.state is not S.SKIPPED:
            raise errors.RuleViolation("error.not_missed", number=ticket.number)
        if ticket.returned_at is not None and why is None:
            raise errors.RuleViolation("error.reported_back_once", number=ticket.number)
        data = {"via": via, "after": day_settings(conn, now)[1]["return_after_numbers"],
                **({"override": why} if ticket.returned_at is not None else {})}
        return move(db, conn, ticket, S.WAITING, kind=EventKind.REPORTED_BACK, at=now,
                    data=data, returned_at=iso(now))

    return on_ticket(db, now, work, number=number)


def _simple(db: Database, kind: str, wanted: TicketState, *, counter: int | None,
            number: str | None, now: datetime | None, data: dict | None = None,
            **columns) -> Ticket:
    """Move today's ticket *number* (else the one at *counter*) to *wanted* by *kind*."""
    return on_ticket(db, now, lambda conn, ticket, now: move(
        db, conn, ticket, wanted, kind=kind, at=now, data=data, **columns),
        number=number, counter=counter)


def skip(db: Database, *, counter: int | None = None, number: str | None = None,
         now: datetime | None = None) -> Ticket:
    """Mark a called ticket as a no-show (dilewati); it can be recalled the same day."""
    return _simple(db, EventKind.SKIPPED, S.SKIPPED, counter=counter, number=number, now=now)


def start_serving(db: Database, *, counter: int | None = None, number: str | None = None,
                  now: datetime | None = None) -> Ticket:
    """The called visitor arrived at the counter: start the service timer."""
    return _simple(db, EventKind.SERVING, S.SERVING, counter=counter, number=number, now=now)


def finish(db: Database, *, counter: int | None = None, number: str | None = None,
           outcome: str = Outcome.ANSWERED.value, now: datetime | None = None) -> Ticket:
    """End the visit with *outcome*: answered, escalated, referred or cancelled."""
    try:
        result = Outcome(outcome)
    except ValueError as exc:
        raise errors.RuleViolation("error.bad_input", detail=f"outcome {outcome!r}") from exc
    kind = EventKind.ESCALATED if result is Outcome.ESCALATED else EventKind.FINISHED
    return _simple(db, kind, result.final_state(), counter=counter, number=number, now=now,
                   data={"outcome": result.value}, outcome=result.value)


def cancel(db: Database, *, number: str, reason: str | None = None,
           now: datetime | None = None) -> Ticket:
    """Cancel a ticket that is waiting, called, skipped or being served."""
    return _simple(db, EventKind.CANCELLED, S.CANCELLED, counter=None, number=number, now=now,
                   data={"reason": reason} if reason else None, outcome="cancelled")


def reclassify_priority(db: Database, *, number: str, priority: bool, reason: str,
                        priority_group: str | None = None,
                        now: datetime | None = None) -> Ticket:
    """Correct a ticket's priority flag with the officer's reason; only the calling order
    changes. Made priority it keeps its group (or takes *priority_group*); normal loses it."""
    if not reason or not reason.strip():
        raise errors.RuleViolation("error.reason_required")
    wanted_group = priority_group_of(priority_group)

    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        if ticket.state not in RECLASSIFIABLE:
            refuse(ticket, S.WAITING)  # raises with the state named
        group = (wanted_group or ticket.priority_group) if priority else None
        data = {"priority": priority, "was": ticket.priority, "reason": reason.strip()}
        if group != ticket.priority_group:
            data.update(priority_group=group, was_group=ticket.priority_group)
        after = note(db, conn, ticket.id, priority=int(priority), priority_group=group,
                     kind=EventKind.RECLASSIFIED, at=now, data=data)
        assert after is not None  # read above in this transaction
        return after

    return on_ticket(db, now, work, number=number)


# -- the hall's marks on a ticket: fetched from the seat, Deaf, an interpreter ---------
#: an officer fetched a visitor served at the seat
FETCHED = "fetched"
#: the Deaf flag set or cleared (data: deaf, who)
DEAF_MARKED = "deaf_marked"
#: an officer asked for a sign language interpreter (juru bahasa isyarat)
INTERPRETER_REQUESTED = "interpreter_requested"
#: the events of the hall's aids about a ticket (the counter and the TV react to them)
HALL_MARKS = frozenset({FETCHED, DEAF_MARKED, INTERPRETER_REQUESTED})


def mark_fetched(db: Database, *, number: str, officer_id: int | None = None,
                 now: datetime | None = None) -> Ticket:
    """The officer fetched the seated visitor of *number*: the time on the ticket and a
    ``fetched`` event with the minutes since the call.
    :raises RuleViolation: the ticket is not a called seat-side visitor, or was fetched."""
    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        if not ticket.fetching:
            raise errors.RuleViolation("error.not_fetching", number=ticket.number)
        since = ticket.called_at or now
        after = note(db, conn, ticket.id, fetched_at=iso(now), kind=FETCHED, at=now,
                     data={"officer_id": officer_id, "minutes": round(
                         (now - since).total_seconds() / 60, 2)})
        assert after is not None
        return after

    return on_ticket(db, now, work, number=number)


def set_deaf(db: Database, *, deaf: bool, ticket_id: int | None = None,
             number: str | None = None, officer_id: int | None = None,
             now: datetime | None = None) -> Ticket:
    """Mark the visitor of a ticket Deaf or hard of hearing (or no longer): by the
    visitor at the kiosk (*ticket_id*) or an officer at the desk (*number*, today's).
    :raises NotFound: no such ticket (a kiosk's ticket not in the record yet)."""
    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        flags = (ticket.assist | {DEAF}) if deaf else (ticket.assist - {DEAF})
        if flags == ticket.assist:
            return ticket
        after = note(db, conn, ticket.id, assist=assist_text(flags), kind=DEAF_MARKED, at=now,
                     data={"deaf": deaf, "officer_id": officer_id,
                           "by": "officer" if officer_id is not None else "visitor"})
        assert after is not None
        return after

    return on_ticket(db, now, work, ticket_id=ticket_id, number=number)


def request_interpreter(db: Database, *, number: str, officer_id: int | None = None,
                        now: datetime | None = None) -> Ticket:
    """Record that the visitor of *number* needs a sign language interpreter (an event
    about the ticket: the office's request, counted on the monthly page)."""
    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        event(db, conn, INTERPRETER_REQUESTED, ticket, now, data={"officer_id": officer_id})
        return ticket

    return on_ticket(db, now, work, number=number)
