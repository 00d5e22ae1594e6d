"""Queue operations. Each is one short write transaction that changes a ticket and
appends its event, and returns the ticket as it now is.

All take the :class:`Database` first and keyword arguments after; ``now`` (aware,
UTC) is the station's clock and exists so tests can move through days.
"""

from __future__ import annotations

import dataclasses
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from ult_desktop.core.hours import open_now
from ult_desktop.core.numbering import (
    CODE_ALPHABET,
    CODE_RANDOM_LEN,
    format_number,
    local_time,
    office_day,
    parse_number,
    ticket_code,
)
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.priority import parse_group
from ult_desktop.core.queue import (
    CALL_REASONS,
    PAUSE_ALIASES,
    PAUSE_REASONS,
    Candidate,
    CounterView,
    PriorityOrder,
    PriorityPolicy,
    choose_next,
)
from ult_desktop.core.queue import priority_desks as queue_desks
from ult_desktop.core.register import RecordInput
from ult_desktop.core.tickets import (
    AT_COUNTER_STATES,
    QUEUED_STATES,
    EventKind,
    InvalidTransition,
    Outcome,
    Ticket,
    TicketState,
    check_transition,
)
from ult_desktop.db import errors
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.config_cache import cached
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.office import (
    Counter,
    Service,
    acting_for,
    counter_by_number,
    counter_from_row,
    read_settings,
    service_by_prefix,
    service_from_row,
)
from ult_desktop.db.record.events import append_event, iso, next_event_id
from ult_desktop.db.tickets import TICKET_SELECT, survey_code_hash, ticket_from_row

S = TicketState
T = TypeVar("T")



def _now(now: datetime | None) -> datetime:
    return now or _utc_now()


#: The settings the queue operations need (read by key: never the logo).
_OPERATION_SETTINGS = ("timezone", "enforce_hours", "open_days", "open_time", "close_time",
                       "priority_prefix", "priority_policy", "priority_order",
                       "route_wait_min", "outage_reserve")


def _today(conn: Connection, now: datetime) -> tuple[str, dict]:
    # kept between this station's writes while the event log shows no settings change
    settings = dict(cached(conn, ("settings", _OPERATION_SETTINGS),
                           lambda: read_settings(conn, _OPERATION_SETTINGS)))
    return office_day(now, settings["timezone"]).isoformat(), settings


def _services(conn: Connection) -> dict[int, Service]:
    """Every service by id (one page), kept like the settings (``db.config_cache``)."""
    return cached(conn, "services", lambda: {
        row["id"]: service_from_row(row) for row in conn.execute("SELECT * FROM services")})


def _service(conn: Connection, prefix: str) -> Service:
    wanted = prefix.strip().upper()
    for svc in _services(conn).values():
        if svc.prefix == wanted:
            return svc
    return service_by_prefix(conn, prefix)  # not there: its error names the known ones


def _counters(conn: Connection) -> dict[int, Counter]:
    """Every counter by number (one page), kept like the services."""
    return cached(conn, "counters", lambda: {
        row["number"]: counter_from_row(row)
        for row in conn.execute(f"SELECT * FROM counters{port.not_indexed(conn)}")})


def _priority_views(conn: Connection, pauses: dict | None = None) -> list[CounterView]:
    """The active priority counters not on a break, as the queue policy sees them."""
    pauses = read_pauses(conn) if pauses is None else pauses
    return [CounterView(number=c.number, service_ids=frozenset(c.service_ids),
                        priority_counter=True)
            for c in _counters(conn).values()
            if c.active and c.priority_counter and c.number not in pauses]


def _counter(conn: Connection, number: int) -> Counter:
    """Active counter *number*; every counter (one page) kept like the services."""
    ctr = _counters(conn).get(number)
    if ctr is None or not ctr.active:
        return counter_by_number(conn, number)  # its error says which counter
    return ctr


def _tickets(conn: Connection, where: str, params: tuple) -> list[Ticket]:
    """Tickets read without the join to ``services``: the kept services name them."""
    services = _services(conn)
    out = []
    for row in conn.execute("SELECT t.* FROM tickets t" + where, params).fetchall():
        svc = services.get(row["service_id"])
        if svc is None:  # a service added since the services were kept: read it all
            return [ticket_from_row(r) for r in conn.execute(TICKET_SELECT + where, params)]
        out.append(ticket_from_row({**dict(row), "service_prefix": svc.prefix,
                                    "service_name": svc.name}))
    return out


def _written_ticket(conn: Connection, row) -> Ticket:
    """The ticket of a row a write returned (``RETURNING *``)."""
    svc = _services(conn).get(row["service_id"])
    if svc is None:
        return _load(conn, row["id"])
    return ticket_from_row({**dict(row), "service_prefix": svc.prefix,
                            "service_name": svc.name})


def _load(conn: Connection, ticket_id: int) -> Ticket:
    return _tickets(conn, _BY_ID, (ticket_id,))[0]


def _load_or_none(conn: Connection, ticket_id: int) -> Ticket | None:
    found = _tickets(conn, _BY_ID, (ticket_id,))
    return found[0] if found else None


def _find(conn: Connection, day: str, number: str) -> Ticket:
    try:
        prefix, seq = parse_number(number)
    except ValueError as exc:
        raise errors.RuleViolation("error.bad_input", detail=str(exc)) from exc
    found = _tickets(conn, " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                     (day, prefix, seq))
    if not found:
        raise errors.NotFound(number=format_number(prefix, seq))
    return found[0]


_AT_COUNTER = (" WHERE t.day = ? AND t.counter_number = ? AND t.state IN "
               "('called', 'serving') ORDER BY t.called_at DESC LIMIT 1")
_BY_ID = " WHERE t.id = ?"


def _at_counter(conn: Connection, day: str, counter: int) -> Ticket | None:
    found = _tickets(conn, _AT_COUNTER, (day, counter))
    return found[0] if found else None


def _ticket_read(where: str, params: tuple) -> tuple[str, tuple]:
    """``(sql, params)`` of the read ``_tickets(conn, where, params)`` makes (to read
    ahead: ``Database.write``)."""
    return "SELECT t.* FROM tickets t" + where, params


def _day_guess(db: Database, now: datetime) -> str | None:
    """The office day under the settings this station kept from its last write: what a
    write will most likely ask first. Only a guess: on a server a read ahead is used
    only when the write asks exactly that."""
    settings = db.kept(("settings", _OPERATION_SETTINGS))
    return None if settings is None else office_day(now, settings["timezone"]).isoformat()


def _target(conn: Connection, day: str, *, counter: int | None,
            number: str | None) -> Ticket:
    """The ticket named by *number*, or the one currently at *counter*."""
    if number:
        return _find(conn, day, number)
    if counter is None:
        raise errors.RuleViolation("error.need_counter_or_ticket")
    _counter(conn, counter)
    ticket = _at_counter(conn, day, counter)
    if ticket is None:
        raise errors.RuleViolation("error.counter_idle", counter=counter)
    return ticket


def _check(ticket: Ticket, wanted: TicketState) -> None:
    try:
        check_transition(ticket.number, ticket.state, wanted)
    except InvalidTransition as exc:
        from ult_desktop.core.i18n import tr
        raise errors.RuleViolation("error.invalid_transition", number=ticket.number,
                                   current=tr(f"state.{exc.current.value}"),
                                   wanted=tr(f"state.{exc.wanted.value}")) from exc


def _event(db: Database, conn, kind: str, ticket: Ticket, now: datetime, *,
           counter: int | None = None, data: dict | None = None) -> int:
    return append_event(conn, db.station, kind, ticket_id=ticket.id, ticket_number=ticket.number,
                 service_prefix=ticket.service_prefix,
                 counter=counter if counter is not None else ticket.counter, at=now, data=data)


def _priority_group(text: str | None) -> str | None:
    try:
        return parse_group(text)
    except ValueError as exc:
        raise errors.RuleViolation("error.unknown_priority_group", group=text) from exc


# -- issuing ---------------------------------------------------------------------------
_TICKET_COLUMNS = ("id", "day", "prefix", "code_hash", "service_id", "priority",
                   "priority_group", "state", "channel", "issued_at", "sort_at", "station",
                   "request_id", "issue_event")
#: The id the insert would take anyway (the table's last page): it goes into the
#: ticket's code, so the code needs no index of its own.
#: Past the ids a kiosk holds for the numbers it holds (number_reserves, one page).
_NEXT_TICKET_ID = ("SELECT COALESCE(MAX(n), 0) + 1 FROM (SELECT MAX(id) AS n FROM tickets "
                   "UNION ALL SELECT MAX(first_id + last_seq - first_seq) FROM number_reserves) m")
_BY_REQUEST = "SELECT id FROM tickets WHERE request_id = ?"


def insert_ticket(conn: Connection, values: dict) -> sqlite3.Row:
    """Write a ticket of *values* (``_TICKET_COLUMNS``) with the next number of its
    prefix on its office day, inside the issuing transaction; the row as written."""
    return port.insert_numbered(conn, "tickets", _TICKET_COLUMNS,
                                tuple(values[c] for c in _TICKET_COLUMNS),
                                day=values["day"], prefix=values["prefix"])


#: A PC whose clock is further than this from the share's (or the server's) gives wrong
#: days and times: it refuses to issue (issue #34 N2). Two minutes cover a file server's
#: cached timestamps and a slow round trip.
CLOCK_TOLERANCE_S = 120.0


def clock_problem(db: Database) -> errors.ClockOff | None:
    """Why this PC may not issue tickets by its clock (the last heartbeat's measure), or
    None: fine, not measured yet, or the other stations see the share's (server's)
    clock off the same way (then that clock is the odd one: the self-test says so, and
    the office is not stopped for it)."""
    skew = db.clock_skew_s
    if skew is None or abs(skew) <= CLOCK_TOLERANCE_S:
        return None
    peers = sorted(db.peer_skews)
    if peers and abs(peers[(len(peers) - 1) // 2] - skew) <= CLOCK_TOLERANCE_S:
        return None
    return errors.ClockOff(skew_s=skew, server=port.on_server(db))


def issue_ticket(db: Database, *, service: str, priority: bool = False,
                 priority_group: str | None = None,
                 channel: str = "walk_in", request_id: str | None = None,
                 outbox: PrintOutbox | None = None, now: datetime | None = None) -> Ticket:
    """Take the next number of *service* (its prefix, e.g. ``"A"``) for the office day.

    Priority tickets are numbered in the office's priority sequence (``P-001``) and
    still belong to *service*. The number is taken inside the transaction, and the
    unique index (day, prefix, seq) is the backstop.

    :param priority_group: who the priority ticket is for (``core.priority.GROUPS``, or
        an Indonesian word such as ``"lansia"``); naming a group makes it priority.

    :param request_id: a key the caller keeps while it retries one visitor's request.
        On a flaky share a COMMIT can succeed while its reply is lost; the retry with
        the same key returns that ticket instead of issuing a second one.
    :param outbox: a kiosk's kept print results (:class:`PrintOutbox`), written in the
        same transaction.
    :raises RuleViolation: unknown or switched-off service, quota used up, office closed.
    """
    group = _priority_group(priority_group)
    priority = priority or group is not None
    now = _now(now)
    clock = clock_problem(db)
    if clock is not None:
        raise clock

    def tx(conn: Connection) -> Ticket:
        if request_id is not None:
            row = conn.execute(_BY_REQUEST, (request_id,)).fetchone()
            if row is not None:
                return _load(conn, row[0])
        day, settings = _today(conn, now)
        svc = _service(conn, service)
        if not svc.active:
            raise errors.RuleViolation("error.service_closed", service=svc.name)
        if not open_now(settings, local_time(now, settings["timezone"]), opens=svc.opens,
                        closes=svc.closes):
            raise errors.RuleViolation("error.office_closed")
        if svc.daily_quota is not None:
            used = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND service_id = ?",
                                (day, svc.id)).fetchone()[0]
            if used >= svc.daily_quota:
                raise errors.RuleViolation("error.quota_reached", service=svc.name)
        prefix = settings["priority_prefix"] if priority else svc.prefix
        ticket_id = conn.execute(_NEXT_TICKET_ID).fetchone()[0]
        code = ticket_code("".join(secrets.choice(CODE_ALPHABET)
                                   for _ in range(CODE_RANDOM_LEN)), ticket_id)
        # the reports find the issue event without an index: the ticket names the id its
        # 'issued' event is about to take
        issue_event = next_event_id(conn)
        # the file keeps only the code's keyed hash (issue #22): the code itself is on
        # the paper and in the QR, and in the returned ticket for printing
        row = insert_ticket(conn, {
            "id": ticket_id, "day": day, "prefix": prefix,
            "code_hash": survey_code_hash(conn, code), "service_id": svc.id,
            "priority": int(priority), "priority_group": group, "state": S.WAITING.value,
            "channel": channel, "issued_at": iso(now), "sort_at": iso(now),
            "station": db.station, "request_id": request_id, "issue_event": issue_event})
        ticket = dataclasses.replace(_written_ticket(conn, row), code=code)
        data = {"priority": priority, "channel": channel}
        if group:
            data["priority_group"] = group
        event_id = _event(db, conn, EventKind.ISSUED, ticket, now, data=data)
        if event_id != issue_event:  # not expected: the row then says which it was
            conn.execute("UPDATE tickets SET issue_event = ? WHERE id = ?", (event_id, ticket.id))
        return ticket

    # what the transaction reads first goes with its BEGIN on a server; a kiosk's
    # previous tickets' print results ride along (one write per kiosk ticket)
    ahead: list[tuple[str, tuple]] = [(_NEXT_TICKET_ID, ())]
    if request_id is not None:
        ahead.insert(0, (_BY_REQUEST, (request_id,)))
    return _write(db, tx, outbox, now, ahead=ahead)


# -- numbers a kiosk holds (issue #33) ----------------------------------------------------
# A kiosk issues from numbers it claimed before (``db/journal.py`` keeps them and the
# tickets it issued on its own disk): the paper never waits for the share. The claims,
# the landing of what it issued and the release of what it did not use all ride inside
# its normal writes (its next ticket's landing, its heartbeat).
@dataclass(frozen=True)
class Touch:
    """A ticket a kiosk issued from a held number, as its journal keeps it."""

    request_id: str
    day: str
    prefix: str                 # the ticket's (the priority prefix for priority)
    seq: int
    ticket_id: int
    service: str                # the service's prefix
    priority: bool
    priority_group: str | None
    channel: str
    code: str
    touched_at: str             # iso, the kiosk's clock when the visitor touched
    print_status: str | None = None     # 'printed' / 'failed' / None (not known yet)
    print_error: str | None = None
    printer: str | None = None
    printed_at: str | None = None


@dataclass(frozen=True)
class Held:
    """A range of numbers (and their ticket ids) held by one kiosk for one day."""

    day: str
    prefix: str
    first_seq: int
    last_seq: int
    first_id: int               # the ticket id of first_seq; ids run with the numbers


_SEQ_TAKEN = "SELECT id FROM tickets WHERE day = ? AND prefix = ? AND seq = ?"
_OTHER_KIOSKS = "SELECT 1 FROM stations WHERE mode = 'kiosk' AND id != ? AND clock > ? LIMIT 1"
#: A kiosk alone in the office holds this many times more numbers.
ALONE_FACTOR = 3


def land_touches(db: Database, conn: Connection, touches: list[Touch]) -> dict[str, int]:
    """Inside a kiosk's write: write the tickets it issued from held numbers, each with
    its number, id, code and touch time, and its print outcome when known; request id ->
    ticket id of every touch now in the file (one written before is found, not doubled).

    A held number found taken (the range was released meanwhile by an admin's repair) is
    not lost: the ticket takes the next free number and its event keeps the printed one."""
    out: dict[str, int] = {}
    for t in touches:
        row = conn.execute(_BY_REQUEST, (t.request_id,)).fetchone()
        if row is not None:
            out[t.request_id] = row[0]
            continue
        svc = _service(conn, t.service)
        at = datetime.fromisoformat(t.touched_at)
        values = {"id": t.ticket_id, "day": t.day, "prefix": t.prefix,
                  "code_hash": survey_code_hash(conn, t.code), "service_id": svc.id,
                  "priority": int(t.priority), "priority_group": t.priority_group,
                  "state": S.WAITING.value, "channel": t.channel, "issued_at": t.touched_at,
                  "sort_at": t.touched_at, "station": db.station, "request_id": t.request_id,
                  "issue_event": next_event_id(conn)}
        data: dict = {"priority": t.priority, "channel": t.channel, "held": True}
        if t.priority_group:
            data["priority_group"] = t.priority_group
        taken = (conn.execute(_SEQ_TAKEN, (t.day, t.prefix, t.seq)).fetchone()
                 or conn.execute("SELECT 1 FROM tickets WHERE id = ?", (t.ticket_id,)).fetchone())
        if taken is None:
            row = port.insert_at(conn, "tickets", _TICKET_COLUMNS,
                                 tuple(values[c] for c in _TICKET_COLUMNS), prefix=t.prefix,
                                 seq=t.seq)
        else:
            values["id"] = conn.execute(_NEXT_TICKET_ID).fetchone()[0]
            data["printed_as"] = format_number(t.prefix, t.seq)
            row = insert_ticket(conn, values)
        ticket = _written_ticket(conn, row)
        event_id = _event(db, conn, EventKind.ISSUED, ticket, at, data=data)
        if event_id != values["issue_event"]:
            conn.execute("UPDATE tickets SET issue_event = ? WHERE id = ?", (event_id, ticket.id))
        if t.print_status in ("printed", "failed"):
            ok = t.print_status == "printed"
            row = conn.execute("UPDATE tickets SET print_status = ?, print_error = ? WHERE id = ? "
                               "RETURNING *", (t.print_status, None if ok else t.print_error,
                                               ticket.id)).fetchone()
            _event(db, conn, EventKind.PRINTED if ok else EventKind.PRINT_FAILED,
                   _written_ticket(conn, row), at,
                   data={"printer": t.printer, **({"printed_at": t.printed_at} if ok else
                                                  {"error": t.print_error})})
        out[t.request_id] = ticket.id
    return out


def hold_numbers(db: Database, conn: Connection, *, held: list[Held], used: dict,
                 hold: int, now: datetime, reserves: frozenset = frozenset()
                 ) -> tuple[list[Held], list[Held], list[Held]]:
    """Inside a kiosk's write: keep *hold* numbers of every open prefix for today.

    *held*: the ranges the kiosk's journal holds; *used*: range -> how many of its
    numbers it issued. Ranges of earlier days, and today's once used up, are given
    back (their row goes; the unused numbers are named in a ``numbers_released``
    event, so every gap of a day is explained); prefixes with fewer than half of *hold*
    left get a new range (one ``numbers_reserved`` event for all; a kiosk alone in the
    office, no other kiosk's heartbeat for 10 minutes, holds ``ALONE_FACTOR`` times
    more). The office's ``outage_reserve`` (issue #33): a range of that many numbers per
    prefix a day, kept apart (*reserves*: the ranges held as such) and taken only when
    the usual ones run out, i.e. through a long outage. Returns (claimed, gone, the
    reserve ranges among claimed). Outside opening hours nothing new is claimed."""
    if hold <= 0 and not held:  # a kiosk that issues every ticket on the share
        return [], [], []
    day, settings = _today(conn, now)
    held = list(held)
    claimed: list[Held] = []
    for row in conn.execute("SELECT day, prefix, first_seq, last_seq, first_id FROM "
                            "number_reserves WHERE station = ?", (db.station,)).fetchall():
        h = Held(*row)
        if h not in used:  # claimed by a write whose reply was lost: the kiosk's again
            held.append(h)
            claimed.append(h)
    gone, released = [], []
    for h in held:
        n_used = used.get(h, 0)
        if h.day < day or n_used > h.last_seq - h.first_seq:
            there = conn.execute("DELETE FROM number_reserves WHERE day = ? AND prefix = ? "
                                 "AND first_seq = ? RETURNING first_seq",
                                 (h.day, h.prefix, h.first_seq)).fetchone()
            gone.append(h)
            if there is not None and h.first_seq + n_used <= h.last_seq:
                released.append([h.day, h.prefix, h.first_seq + n_used, h.last_seq])
    if released:
        append_event(conn, db.station, EventKind.NUMBERS_RELEASED, at=now,
                     data={"ranges": released})
    left: dict[str, int] = {}
    for h in held:
        if h.day == day and h not in gone and h not in reserves:
            left[h.prefix] = left.get(h.prefix, 0) + h.last_seq - h.first_seq + 1 - used.get(h, 0)
    if not open_now(settings, local_time(now, settings["timezone"])):
        return [h for h in claimed if h not in gone], gone, []
    prefixes = _open_prefixes(conn, settings)
    # the only kiosk: its numbers stay in order however many it holds, and more of
    # them carry it through a longer outage (asked only when some prefix runs low even
    # for a kiosk alone: most writes claim nothing and read nothing more)
    prefixes = [p for p in prefixes if left.get(p, 0) * 2 < hold * ALONE_FACTOR]
    if prefixes and not conn.execute(
            _OTHER_KIOSKS, (db.station, iso(now - timedelta(minutes=10)))).fetchone():
        hold *= ALONE_FACTOR
    next_id: list[int] = []  # the first ticket id of the next range, read once if needed

    def claim(prefix: str, count: int) -> Held:
        if not next_id:
            next_id.append(conn.execute(_NEXT_TICKET_ID).fetchone()[0])
        first = port.claim_numbers(conn, day=day, prefix=prefix, count=count)
        h = Held(day, prefix, first, first + count - 1, next_id[0])
        conn.execute("INSERT INTO number_reserves (day, prefix, first_seq, last_seq, first_id, "
                     "station) VALUES (?, ?, ?, ?, ?, ?)",
                     (h.day, h.prefix, h.first_seq, h.last_seq, h.first_id, db.station))
        next_id[0] += count
        return h

    fresh = [claim(prefix, hold) for prefix in prefixes if left.get(prefix, 0) * 2 < hold]
    spare = int(settings.get("outage_reserve") or 0)
    have = {h.prefix for h in reserves if h.day == day}
    reserve_fresh = [claim(prefix, spare) for prefix in
                     (_open_prefixes(conn, settings) if spare > 0 else []) if prefix not in have]
    fresh += reserve_fresh
    if fresh:
        append_event(conn, db.station, EventKind.NUMBERS_RESERVED, at=now,
                     data={"ranges": [[h.day, h.prefix, h.first_seq, h.last_seq, h.first_id]
                                      for h in fresh]})
    return [*(h for h in claimed if h not in gone), *fresh], gone, reserve_fresh


def _open_prefixes(conn: Connection, settings: dict) -> list[str]:
    prefixes = [svc.prefix for svc in _services(conn).values() if svc.active]
    return [*prefixes, settings["priority_prefix"]] if prefixes else []


def priority_desks(db: Database, ticket: Ticket) -> list[int]:
    """Where a priority *ticket* is sent: the numbers of the active priority counters
    that will call it under the office's policy (``core.queue.priority_desks``); empty
    for a normal ticket, or when every counter calls priority tickets."""
    if not ticket.priority:
        return []
    return db.read(lambda conn: read_priority_desks(conn, ticket))


def read_priority_desks(conn: Connection, ticket: Ticket) -> list[int]:
    """:func:`priority_desks` inside the caller's read."""
    if not ticket.priority:
        return []
    _, settings = _today(conn, _now(None))
    return _desks(conn, ticket.service_id, settings)


def read_desks_by_service(conn: Connection) -> dict[int, list[int]]:
    """Inside a read: where a priority ticket of each active service is sent (a kiosk
    prints it on the paper of a ticket it issues from held numbers)."""
    _, settings = _today(conn, _now(None))
    views = _priority_views(conn)
    policy = PriorityPolicy(settings["priority_policy"])
    return {svc.id: queue_desks(views, svc.id, policy) for svc in _services(conn).values()}


def _desks(conn: Connection, service_id: int, settings: dict) -> list[int]:
    return queue_desks(_priority_views(conn), service_id,
                       PriorityPolicy(settings["priority_policy"]))


# -- at the counter --------------------------------------------------------------------
def call_next(db: Database, *, counter: int, officer_id: int | None = None,
              number: str | None = None, reason: str | None = None,
              now: datetime | None = None) -> Ticket | None:
    """Call the next waiting ticket for *counter*, or return ``None`` if nobody waits.

    The choice (priority, oldest, transfers addressed to this counter) is
    :func:`ult_desktop.core.queue.choose_next`; taking it happens under the write lock,
    so two counters calling at the same moment never get the same visitor.

    *number*: call that waiting ticket instead (issue #35). When it is not the one the
    queue gives, a *reason* is required (``core.queue.CALL_REASONS``, or ``"other:
    <text>"``); it is kept with the call with the number that was next.

    :raises RuleViolation: the counter still holds a called or serving ticket; a ticket
        called out of turn without a reason, or one that is not waiting.
    """
    now = _now(now)
    why = call_reason(reason) if reason else None

    def tx(conn: Connection) -> Ticket | None:
        day, settings = _today(conn, now)
        ctr = _counter(conn, counter)
        busy = _at_counter(conn, day, counter)
        if busy is not None:
            raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                       number=busy.number)
        pauses = read_pauses(conn)
        if counter in pauses:
            raise errors.RuleViolation("error.counter_paused", counter=counter)
        officer = officer_id if officer_id is not None else ctr.officer_id
        desks = frozenset().union(*(v.service_ids for v in _priority_views(conn, pauses)))
        order = PriorityOrder.parse(settings["priority_order"])
        orders = {svc.id: PriorityOrder.parse(svc.priority_order)
                  for svc in _services(conn).values() if svc.priority_order}
        ratios = [o.n for o in (order, *orders.values()) if o.kind == "ratio"]
        run = 0
        if ratios:  # regular calls here since the last priority one
            for (was_priority,) in conn.execute(_LAST_CALLS, (day, counter, max(ratios))):
                if was_priority:
                    break
                run += 1
        view = CounterView(number=counter, service_ids=frozenset(ctr.service_ids),
                           priority_counter=ctr.priority_counter, officer_id=officer,
                           priority_desk_services=desks, now=now, order=order,
                           regular_run=run, orders=orders,
                           route_wait=timedelta(minutes=settings["route_wait_min"]))
        rows = conn.execute(_CANDIDATES, (day,))
        candidates = [Candidate(ticket_id=r[0], service_id=r[1], priority=bool(r[2]),
                                sort_at=datetime.fromisoformat(r[3]), target_counter=r[4],
                                target_officer_id=r[5],
                                routed_at=datetime.fromisoformat(r[6]) if r[6] else None)
                      for r in rows]
        if officer is not None and any(c.target_officer_id not in (None, officer)
                                       for c in candidates):
            # sent to another officer: this one may stand in for them today (#36)
            view = dataclasses.replace(view, covers=frozenset(acting_for(conn, officer)[1:]))
        chosen = choose_next(candidates, view, PriorityPolicy(settings["priority_policy"]))
        data: dict = {"officer_id": officer}
        if number is not None:
            wanted = _find(conn, day, number)
            if wanted.id not in {c.ticket_id for c in candidates}:
                raise errors.RuleViolation("error.not_waiting", number=wanted.number)
            if chosen is None or chosen.ticket_id != wanted.id:
                if why is None:
                    raise errors.RuleViolation("error.call_reason_needed", number=wanted.number)
                data["out_of_turn"] = {**why, "next": _load(conn, chosen.ticket_id).number
                                       if chosen is not None else None}
            chosen = next(c for c in candidates if c.ticket_id == wanted.id)
        if chosen is None:
            return None
        conn.execute("UPDATE tickets SET state = 'called', called_at = ?, counter_number = ?, "
                     "officer_id = ?, target_counter = NULL, target_officer_id = NULL, "
                     "first_called_at = COALESCE(first_called_at, ?) WHERE id = ?",
                     (iso(now), counter, officer, iso(now), chosen.ticket_id))
        ticket = _load(conn, chosen.ticket_id)
        _event(db, conn, EventKind.CALLED, ticket, now, data=data)
        return ticket

    day = _day_guess(db, now)
    return db.write(tx, ahead=() if day is None else (
        _ticket_read(_AT_COUNTER, (day, counter)), (_PAUSED, ()), (_CANDIDATES, (day,))))


def call_reason(text: str) -> dict:
    """A reason for calling out of turn: ``{"reason": key}`` for a key of
    ``core.queue.CALL_REASONS``, ``{"reason": "other", "note": text}`` for ``"other:
    <text>"`` (or any other words typed).

    :raises RuleViolation: "other" with no words."""
    text = (text or "").strip()
    key, _, note = text.partition(":")
    if key in CALL_REASONS and key != "other" and not note.strip():
        return {"reason": key}
    note = note.strip() if key == "other" else text
    if not note:
        raise errors.RuleViolation("error.call_reason_needed_text")
    return {"reason": "other", "note": note[:200]}


def request_reprint(db: Database, *, number: str, now: datetime | None = None) -> Ticket:
    """Ask the kiosk that issued ticket *number* to print it again (a counter's button
    for a ticket whose print failed, issue #35): an event the kiosk hears on its feed.

    :raises RuleViolation: the ticket is no longer waiting."""
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        day, _ = _today(conn, now)
        ticket = _find(conn, day, number)
        if ticket.state not in QUEUED_STATES:
            raise errors.RuleViolation("error.not_waiting", number=ticket.number)
        _event(db, conn, EventKind.REPRINT_REQUESTED, ticket, now,
               data={"station": ticket.station})
        return ticket

    return db.write(tx)


# -- a counter on a break (issue #35) ----------------------------------------------------
_PAUSED = "SELECT counter, reason, note, officer_id, since FROM counter_pauses"


def read_pauses(conn: Connection) -> dict[int, dict]:
    """Counters on a break now: number -> {reason, note, officer_id, since}."""
    return {r[0]: {"reason": r[1], "note": r[2], "officer_id": r[3], "since": r[4]}
            for r in conn.execute(_PAUSED).fetchall()}


def pause_reason(text: str) -> tuple[str, str | None]:
    """(reason key, words) of what an officer gave: a key of ``PAUSE_REASONS``, an alias
    ("istirahat"), ``"other:<words>"`` or just words (other).

    :raises RuleViolation: nothing given."""
    text = (text or "").strip()
    key, _, note = text.partition(":")
    key = PAUSE_ALIASES.get(key.lower(), key.lower())
    if key in PAUSE_REASONS and key != "other" and not note.strip():
        return key, None
    note = note.strip() if key == "other" else text
    if not note:
        raise errors.RuleViolation("error.pause_reason_needed")
    return "other", note[:200]


def pause_counter(db: Database, *, counter: int, reason: str, officer_id: int | None = None,
                  now: datetime | None = None) -> None:
    """Put *counter* on a break with its *reason* (:func:`pause_reason`): it calls
    nobody, priority tickets are sent elsewhere, the TV and the kiosk say so.

    :raises RuleViolation: a visitor is still at the counter; already paused."""
    now = _now(now)
    key, note = pause_reason(reason)

    def tx(conn: Connection) -> None:
        day, _ = _today(conn, now)
        _counter(conn, counter)
        busy = _at_counter(conn, day, counter)
        if busy is not None:
            raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                       number=busy.number)
        if counter in read_pauses(conn):
            raise errors.RuleViolation("error.counter_already_paused", counter=counter)
        conn.execute("INSERT INTO counter_pauses (counter, reason, note, officer_id, since) "
                     "VALUES (?, ?, ?, ?, ?)", (counter, key, note, officer_id, iso(now)))
        append_event(conn, db.station, EventKind.COUNTER_PAUSED, counter=counter, at=now,
                     data={"reason": key, "note": note, "officer_id": officer_id})

    db.write(tx)


def resume_counter(db: Database, *, counter: int, officer_id: int | None = None,
                   now: datetime | None = None) -> None:
    """End *counter*'s break (the event keeps when it began and why).

    :raises RuleViolation: the counter is not paused."""
    now = _now(now)

    def tx(conn: Connection) -> None:
        row = conn.execute("DELETE FROM counter_pauses WHERE counter = ? RETURNING reason, note, "
                           "since, officer_id", (counter,)).fetchone()
        if row is None:
            raise errors.RuleViolation("error.counter_not_paused", counter=counter)
        append_event(conn, db.station, EventKind.COUNTER_RESUMED, counter=counter, at=now,
                     data={"reason": row[0], "note": row[1], "since": row[2],
                           "paused_by": row[3], "officer_id": officer_id})

    db.write(tx)


#: The last tickets a counter called today, newest first (the ``ratio`` order's count).
_LAST_CALLS = ("SELECT priority FROM tickets WHERE day = ? AND counter_number = ? AND "
               "first_called_at IS NOT NULL ORDER BY first_called_at DESC LIMIT ?")
#: A ticket whose print failed is not called until it is on paper (issue #35).
_CANDIDATES = ("SELECT id, service_id, priority, sort_at, target_counter, target_officer_id, "
               "routed_at FROM tickets WHERE day = ? AND state IN ('waiting', 'transferred') AND "
               "(print_status IS NULL OR print_status != 'failed')")


def recall(db: Database, *, counter: int | None = None, number: str | None = None,
           now: datetime | None = None) -> Ticket:
    """Call again the ticket at *counter*, or a skipped ticket *number* (same day) to it."""
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        day, _ = _today(conn, now)
        ticket = _target(conn, day, counter=counter, number=number)
        _check(ticket, S.CALLED)
        to_counter = counter if counter is not None else ticket.counter
        if ticket.state is S.SKIPPED:
            if counter is None:
                raise errors.RuleViolation("error.recall_needs_counter", number=ticket.number)
            busy = _at_counter(conn, day, counter)
            if busy is not None:
                raise errors.RuleViolation("error.counter_occupied", counter=counter,
                                           number=busy.number)
        elif ticket.counter != to_counter:
            raise errors.RuleViolation("error.counter_idle", counter=to_counter)
        conn.execute("UPDATE tickets SET state = 'called', called_at = ?, counter_number = ? "
                     "WHERE id = ?", (iso(now), to_counter, ticket.id))
        ticket = _load(conn, ticket.id)
        _event(db, conn, EventKind.RECALLED, ticket, now)
        return ticket

    return db.write(tx)


def _simple(db: Database, kind: str, wanted: TicketState, sql: str, *,
            counter: int | None, number: str | None, now: datetime | None,
            data: dict | None = None, params: tuple = ()) -> Ticket:
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        day, _ = _today(conn, now)
        ticket = _target(conn, day, counter=counter, number=number)
        _check(ticket, wanted)
        conn.execute(sql, (*params, ticket.id))
        after = _load(conn, ticket.id)
        _event(db, conn, kind, after, now, counter=ticket.counter, data=data)
        return after

    return db.write(tx)


def skip(db: Database, *, counter: int | None = None, number: str | None = None,
         now: datetime | None = None) -> Ticket:
    """Mark a called ticket as a no-show (dilewati); it can be recalled the same day."""
    return _simple(db, EventKind.SKIPPED, S.SKIPPED,
                   "UPDATE tickets SET state = 'skipped' WHERE id = ?",
                   counter=counter, number=number, now=now)


def start_serving(db: Database, *, counter: int | None = None, number: str | None = None,
                  now: datetime | None = None) -> Ticket:
    """The called visitor arrived at the counter: start the service timer."""
    now_ = _now(now)
    return _simple(db, EventKind.SERVING, S.SERVING,
                   "UPDATE tickets SET state = 'serving', serving_at = ? WHERE id = ?",
                   counter=counter, number=number, now=now_, params=(iso(now_),))


def finish(db: Database, *, counter: int | None = None, number: str | None = None,
           outcome: str = Outcome.ANSWERED.value, now: datetime | None = None) -> Ticket:
    """End the visit with *outcome*: answered, escalated, referred or cancelled."""
    try:
        result = Outcome(outcome)
    except ValueError as exc:
        raise errors.RuleViolation("error.bad_input", detail=f"outcome {outcome!r}") from exc
    now_ = _now(now)
    kind = EventKind.ESCALATED if result is Outcome.ESCALATED else EventKind.FINISHED
    return _simple(db, kind, result.final_state(),
                   "UPDATE tickets SET state = ?, outcome = ?, finished_at = ?, "
                   "serving_at = COALESCE(serving_at, called_at) WHERE id = ?",
                   counter=counter, number=number, now=now_, data={"outcome": result.value},
                   params=(result.final_state().value, result.value, iso(now_)))


def cancel(db: Database, *, number: str, reason: str | None = None,
           now: datetime | None = None) -> Ticket:
    """Cancel a ticket that is waiting, called, skipped or being served."""
    now_ = _now(now)
    return _simple(db, EventKind.CANCELLED, S.CANCELLED,
                   "UPDATE tickets SET state = 'cancelled', outcome = 'cancelled', "
                   "finished_at = ? WHERE id = ?", counter=None, number=number, now=now_,
                   data={"reason": reason} if reason else None, params=(iso(now_),))


def transfer(db: Database, *, number: str | None = None, counter: int | None = None,
             to_service: str | None = None, to_counter: int | None = None,
             to_officer: int | None = None, reason: str | None = None,
             now: datetime | None = None) -> Ticket:
    """Send a ticket to another service, counter or officer, keeping its place in time.

    The ticket keeps its number and original issue time (``sort_at``), so the visitor
    does not go to the back of the line.
    """
    if to_service is None and to_counter is None and to_officer is None:
        raise errors.RuleViolation("error.transfer_needs_destination")
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        day, _ = _today(conn, now)
        ticket = _target(conn, day, counter=counter, number=number)
        _check(ticket, S.TRANSFERRED)
        service_id = _service(conn, to_service).id if to_service else ticket.service_id
        if to_counter is not None:
            _counter(conn, to_counter)
        if to_officer is not None and conn.execute(
                "SELECT 1 FROM officers WHERE id = ? AND active = 1", (to_officer,)).fetchone() \
                is None:  # nobody could ever call the ticket
            raise errors.RuleViolation("error.unknown_officer")
        conn.execute(
            "UPDATE tickets SET state = 'transferred', service_id = ?, target_counter = ?, "
            "target_officer_id = ?, counter_number = NULL, called_at = NULL, "
            "serving_at = NULL, transfer_count = transfer_count + 1, routed_at = ? "
            "WHERE id = ?",
            (service_id, to_counter, to_officer,
             iso(now) if to_counter is not None or to_officer is not None else None,
             ticket.id))
        after = _load(conn, ticket.id)
        _event(db, conn, EventKind.TRANSFERRED, after, now, counter=ticket.counter,
               data={"from_service": ticket.service_prefix, "to_service": after.service_prefix,
                     "to_counter": to_counter, "to_officer": to_officer, "reason": reason})
        return after

    return db.write(tx)


def reclassify_priority(db: Database, *, number: str, priority: bool, reason: str,
                        priority_group: str | None = None,
                        now: datetime | None = None) -> Ticket:
    """Correct a ticket's priority (kelompok rentan) flag, with the officer's reason.

    The visitor keeps the printed number; only the order of calling changes. A ticket
    made priority keeps the group it had (or takes *priority_group*); one made normal
    loses its group.
    """
    if not reason or not reason.strip():
        raise errors.RuleViolation("error.reason_required")
    wanted_group = _priority_group(priority_group)
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        day, _ = _today(conn, now)
        ticket = _find(conn, day, number)
        if ticket.state not in QUEUED_STATES | AT_COUNTER_STATES | {S.SKIPPED}:
            _check(ticket, S.WAITING)  # raises with the state named
        group = (wanted_group or ticket.priority_group) if priority else None
        conn.execute("UPDATE tickets SET priority = ?, priority_group = ? WHERE id = ?",
                     (int(priority), group, ticket.id))
        after = _load(conn, ticket.id)
        data = {"priority": priority, "was": ticket.priority, "reason": reason.strip()}
        if group != ticket.priority_group:
            data.update(priority_group=group, was_group=ticket.priority_group)
        _event(db, conn, EventKind.RECLASSIFIED, after, now, data=data)
        return after

    return db.write(tx)


# -- print results: a successful print rides along with the station's next write -------
# On a slow share every write transaction holds the file's lock for most of a second, so
# a kiosk that wrote its print result in a transaction of its own would use the lock
# twice per visitor. A *successful* print is therefore kept in the kiosk's PrintOutbox
# (owned by its link, ``ui/kiosk/link.py``) and written inside the station's next write
# transaction anyway (its next ticket, at the latest its heartbeat one minute later, or
# the kiosk closing). A *failed* print is written at once (admin and the counters must
# see it), together with any successes still kept.
#
# Until written, the ticket's print_status stays NULL ("not confirmed"), never 'failed'.
# A crash before the write loses only that confirmation: print_status stays NULL and no
# 'printed' event is added; the ticket itself was committed when it was issued.
class PrintOutbox:
    """One kiosk's successful prints not written yet: (ticket id, printer, when).

    Explicit: whoever writes them is handed the outbox (``issue_ticket``,
    ``record_print_result``, ``feed.heartbeat``, :meth:`flush`). Thread-safe: the
    kiosk's printer worker adds, its database worker writes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple[int, str | None, str]] = []

    def add(self, ticket_id: int, *, printer: str | None = None,
            now: datetime | None = None) -> None:
        """Keep "ticket *ticket_id* printed" for the next write."""
        with self._lock:
            self._entries.append((ticket_id, printer, iso(_now(now))))

    def note_print(self, ticket_id: int, *, ok: bool, error: str | None = None,
                   printer: str | None = None, now: datetime | None = None) -> bool:
        """Keep a print outcome for the next write: True when kept (a success here; a
        kiosk's journal also keeps any outcome of a ticket not landed yet)."""
        if ok:
            self.add(ticket_id, printer=printer, now=now)
        return ok

    def entries(self) -> list[tuple[int, str | None, str]]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _forget(self, written: list) -> None:
        with self._lock:
            self._entries = [e for e in self._entries if e not in written]

    def write_with(self, db: Database, tx: Callable[[Connection], T],
                   now: datetime | None = None, *, budget_s: float | None = None,
                   ahead: list | tuple = ()) -> T:
        """``db.write(tx)`` that also writes the kept results in the same transaction
        and forgets them once committed. Inside another write (a nested call) they are
        left for the outer station write."""
        entries = [] if db.in_write else self.entries()
        if not entries:
            return db.write(tx, budget_s=budget_s, ahead=ahead)
        moment = _now(now)

        def both(conn: Connection) -> T:
            out = tx(conn)
            write_prints(db, conn, entries, moment)
            return out

        out = db.write(both, budget_s=budget_s, ahead=ahead)
        self._forget(entries)
        return out

    def flush(self, db: Database, *, budget_s: float | None = None) -> int:
        """Write the kept results now (the kiosk closing); returns how many."""
        count = len(self)
        if count:
            self.write_with(db, lambda conn: None, budget_s=budget_s)
        return count


def write_prints(db: Database, conn, entries: list, now: datetime) -> None:
    """Inside a write transaction: record *entries* (idempotent: a ticket whose print
    status is already set, e.g. by a commit whose reply was lost, is left alone)."""
    for ticket_id, printer, printed_at in entries:
        row = conn.execute("UPDATE tickets SET print_status = 'printed', print_error = NULL "
                           "WHERE id = ? AND print_status IS NULL RETURNING *",
                           (ticket_id,)).fetchone()
        if row is not None:
            _event(db, conn, EventKind.PRINTED, _written_ticket(conn, row), now,
                   data={"printer": printer, "printed_at": printed_at})


def _write(db: Database, tx: Callable[[Connection], T], outbox: PrintOutbox | None,
           now: datetime | None = None, *, ahead: list | tuple = ()) -> T:
    if outbox is None:
        return db.write(tx, ahead=ahead)
    return outbox.write_with(db, tx, now, ahead=ahead)


def record_print_result(db: Database | None, *, ticket_id: int, ok: bool,
                        error: str | None = None, printer: str | None = None,
                        now: datetime | None = None,
                        outbox: PrintOutbox | None = None) -> None:
    """Store the outcome of printing a ticket (admin sees failures; reprint is possible).

    With an *outbox* (the kiosk) a success is kept there and written with the station's
    next write; a failure is always written at once, with what the outbox holds."""
    if outbox is not None and outbox.note_print(ticket_id, ok=ok, error=error, printer=printer,
                                                now=now):
        return  # kept: a success for the next write (a kiosk's ticket not landed: both)
    if db is None:
        raise ValueError("a print result without a database needs an outbox that keeps it")
    now = _now(now)
    _write(db, lambda conn: write_print_result(db, conn, ticket_id=ticket_id, ok=ok,
                                               error=error, printer=printer, now=now),
           outbox, now)


def write_print_result(db: Database, conn: Connection, *, ticket_id: int, ok: bool,
                       error: str | None, printer: str | None, now: datetime) -> None:
    """Inside a write: a ticket's print outcome and its event."""
    conn.execute("UPDATE tickets SET print_status = ?, print_error = ? WHERE id = ?",
                 ("printed" if ok else "failed", None if ok else error, ticket_id))
    ticket = _load(conn, ticket_id)
    _event(db, conn, EventKind.PRINTED if ok else EventKind.PRINT_FAILED, ticket, now,
           data={"printer": printer, **({"error": error} if error else {})})


# -- one click, one transaction --------------------------------------------------------
def finish_visit(db: Database, *, counter: int, ticket_id: int, outcome: str,
                 record: RecordInput | None = None, officer_id: int | None = None,
                 unit: str | None = None, callback_needed: bool = False,
                 base: RecordInput | None = None, now: datetime | None = None) -> Ticket:
    """The counter's "Selesai": save the visit's register record, open the escalation
    case when the outcome is escalated or referred, and end the visit, all in ONE write
    transaction (one lock, one journal, one commit on the share; never half done).

    Idempotent: run again after a failure (for instance a reply lost on the share after
    the commit), it finds the visit already ended with this outcome and returns the
    ticket without writing anything.

    :raises RuleViolation: an escalation without a record, an invalid record, a ticket
        that is no longer at the counter.
    """
    from ult_desktop.core.register import EscalationTarget
    from ult_desktop.db import cases, register

    result = Outcome(outcome)
    escalating = result in (Outcome.ESCALATED, Outcome.REFERRED, Outcome.RESCHEDULED)
    has_record = record is not None and not record.is_empty()
    if escalating and not has_record:
        raise errors.RuleViolation("counter.error.record_required")
    now = _now(now)

    def tx(conn: Connection) -> Ticket:
        ticket = _load_or_none(conn, ticket_id)
        if ticket is None:
            raise errors.NotFound(number=ticket_id)
        same = {result.value} | ({Outcome.CONSULTED.value} if result is Outcome.ANSWERED
                                 else set())
        if ticket.state is result.final_state() and ticket.outcome in same:
            return ticket  # the first attempt was saved: nothing left to do
        # asked before the writes (they do not change it): with the BEGIN on a server
        consulted = result is Outcome.ANSWERED and conn.execute(
            _CONSULTED, (ticket_id,)).fetchone() is not None
        rec = None
        if record is not None and has_record:
            rec = register.save_record(db, record=record, channel="walk_in",
                                       ticket_id=ticket_id, officer_id=officer_id,
                                       base=base, now=now)
        if escalating:
            target = EscalationTarget.UNIT_UTAMA if result is Outcome.REFERRED \
                else EscalationTarget.BACK_OFFICE
            assert rec is not None  # an escalation without a record was refused above
            cases.open_case(db, record_id=rec.id, escalated_to=target.value, unit=unit,
                            callback_needed=callback_needed, officer_id=officer_id,
                            keep=result is Outcome.RESCHEDULED, now=now)
        if ticket.state is S.CALLED and result is Outcome.ESCALATED:
            start_serving(db, counter=counter, now=now)
        outcome_ = result
        if consulted:
            outcome_ = Outcome.CONSULTED  # the back office's share of the work is kept
        return finish(db, counter=counter, outcome=outcome_.value, now=now)

    ahead = [_ticket_read(_BY_ID, (ticket_id,)), (_CONSULTED, (ticket_id,))]
    if has_record:
        ahead += register.walk_in_reads(ticket_id)
    return db.write(tx, ahead=ahead)


_CONSULTED = ("SELECT 1 FROM handovers WHERE ticket_id = ? AND kind = 'consultation' AND "
              "disposition IS NOT NULL")


def save_remote(db: Database, *, channel: str, service: str, record: RecordInput,
                officer_id: int | None, record_id: int | None = None,
                escalate_to: str | None = None, unit: str | None = None,
                callback_needed: bool = False, request_id: str | None = None,
                now: datetime | None = None):
    """A phone or online request (no ticket): the register record and, when asked, its
    escalation case, in ONE write transaction.

    :param request_id: a key the caller keeps while it retries one form: a retry whose
        first attempt was saved (reply lost) updates that record instead of adding a
        second one, and finds its case instead of opening another.
    :returns: the register record as stored.
    """
    from ult_desktop.db import cases, register

    now = _now(now)

    def tx(conn: Connection):
        rid = record_id
        if rid is None and request_id is not None:
            row = conn.execute("SELECT id FROM register_records WHERE request_id = ?",
                               (request_id,)).fetchone()
            rid = row[0] if row is not None else None
        rec = register.save_record(db, record=record, channel=channel, service=service,
                                   officer_id=officer_id, record_id=rid, now=now)
        if request_id is not None and rid is None:
            conn.execute("UPDATE register_records SET request_id = ? WHERE id = ?",
                         (request_id, rec.id))
        if escalate_to:
            cases.open_case(db, record_id=rec.id, escalated_to=escalate_to, unit=unit,
                            callback_needed=callback_needed, officer_id=officer_id, now=now)
        return rec

    return db.write(tx)
