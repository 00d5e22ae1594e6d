"""Numbers: issuing a ticket (the next number of its prefix for the office day, taken in
the issuing transaction), the numbers a kiosk holds to issue from its own disk, their
landing and release, and where a priority ticket is sent.

A kiosk issues from numbers it claimed before (its journal, ``db/journal.py``, keeps them
and the tickets it issued on its own disk): the paper never waits for the share. The
claims, the landing of what it issued and the release of what it did not use all ride
inside its normal writes (its next ticket's landing, its heartbeat).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from ult_desktop.core.hours import open_now
from ult_desktop.core.numbering import format_number, local_time, random_part, ticket_code
from ult_desktop.core.priority import assist_text, parse_assist
from ult_desktop.core.queue import PriorityPolicy
from ult_desktop.core.queue import priority_desks as queue_desks
from ult_desktop.core.tickets import EventKind, Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.queue.printing import PrintOutbox, write_with_outbox
from ult_desktop.db.queue.rows import (
    _load,
    _now,
    _priority_group,
    _priority_views,
    _service,
    _services,
    _today,
    _written_ticket,
    survey_code_hash,
    ticket_from_row,
)
from ult_desktop.db.queue.transition import event, note
from ult_desktop.db.record.events import append_event, iso, next_event_id

S = TicketState


_TICKET_COLUMNS = ("id", "day", "prefix", "code_hash", "service_id", "priority",
                   "priority_group", "state", "channel", "issued_at", "sort_at", "station",
                   "request_id", "issue_event", "assist")
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
#: days and times: it refuses to issue. Two minutes cover a file server's
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
                 outbox: PrintOutbox | None = None, assist=(),
                 now: datetime | None = None) -> Ticket:
    """Take the next number of *service* (its prefix, e.g. ``"A"``) for the office day.

    Priority tickets are numbered in the office's priority sequence (``P-001``) and
    still belong to *service*. The number is taken inside the transaction; the unique
    index (day, prefix, seq) is the backstop.
    :param priority_group: who the priority ticket is for (``core.priority.GROUPS``, or
        an Indonesian word such as ``"lansia"``); naming a group makes it priority.
    :param request_id: a key the caller keeps while it retries one visitor's request.
        On a flaky share a COMMIT can succeed while its reply is lost; the retry with
        the same key returns that ticket instead of issuing a second one.
    :param outbox: a kiosk's kept print results (:class:`PrintOutbox`), written in the
        same transaction.
    :param assist: how the visitor is helped (``core.priority.ASSISTS``: waits seated to
        be fetched, Deaf, taken in spoken mode or large text).
    :raises RuleViolation: unknown or switched-off service, quota used up, office closed.
    """
    group = _priority_group(priority_group)
    priority = priority or group is not None
    now = _now(now)
    clock = clock_problem(db)
    if clock is not None:
        raise clock
    # the code's random part before the write lock (the id it ends with is read under it)
    secret, at = random_part(), iso(now)

    def tx(conn: Connection) -> Ticket | tuple:
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
        # the reports find the issue event without an index: the ticket names the id its
        # 'issued' event is about to take
        issue_event = next_event_id(conn)
        # the file keeps the code's keyed hash; the code is on the paper, the QR, the return
        row = insert_ticket(conn, {
            "id": ticket_id, "day": day, "prefix": prefix,
            "code_hash": survey_code_hash(conn, ticket_code(secret, ticket_id)),
            "service_id": svc.id,
            "priority": int(priority), "priority_group": group, "state": S.WAITING.value,
            "channel": channel, "issued_at": at, "sort_at": at,
            "station": db.station, "request_id": request_id, "issue_event": issue_event,
            "assist": assist_text(assist)})
        data = {"priority": priority, "channel": channel}
        if group:
            data["priority_group"] = group
        if row["assist"]:
            data["assist"] = sorted(parse_assist(row["assist"]))
        event_id = append_event(conn, db.station, EventKind.ISSUED, ticket_id=ticket_id,
                                ticket_number=row["number"], service_prefix=svc.prefix,
                                at=now, data=data)
        if event_id != issue_event:  # not expected: the row then says which it was
            note(None, conn, ticket_id, issue_event=event_id)
        return row, svc  # the ticket is made after the commit: the lock is the office's

    # what the transaction reads first goes with its BEGIN on a server; a kiosk's
    # previous tickets' print results ride along (one write per kiosk ticket)
    ahead: list[tuple[str, tuple]] = [(_NEXT_TICKET_ID, ())]
    if request_id is not None:
        ahead.insert(0, (_BY_REQUEST, (request_id,)))
    done = write_with_outbox(db, tx, outbox, now, ahead=ahead)
    return done if isinstance(done, Ticket) else ticket_from_row(
        {**dict(done[0]), "service_prefix": done[1].prefix, "service_name": done[1].name},
        ticket_code(secret, done[0]["id"]))


# -- numbers a kiosk holds -------------------------------------------------------------
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
    assist: str | None = None   # tickets.assist (core.priority.assist_text)


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
                  "issue_event": next_event_id(conn), "assist": t.assist}
        data: dict = {"priority": t.priority, "channel": t.channel, "held": True}
        if t.priority_group:
            data["priority_group"] = t.priority_group
        if t.assist:
            data["assist"] = sorted(parse_assist(t.assist))
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
        event_id = event(db, conn, EventKind.ISSUED, ticket, at, data=data)
        if event_id != values["issue_event"]:
            note(None, conn, ticket.id, issue_event=event_id)
        if t.print_status in ("printed", "failed"):
            ok = t.print_status == "printed"
            note(db, conn, ticket.id, print_status=t.print_status,
                 print_error=None if ok else t.print_error,
                 kind=EventKind.PRINTED if ok else EventKind.PRINT_FAILED, at=at,
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
    more). The office's ``outage_reserve``: a range of that many numbers per
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
