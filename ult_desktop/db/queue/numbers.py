"""Numbers: issuing a ticket (the next number of its prefix for the office day), the numbers
a kiosk holds to issue from its own disk (``db/journals/journal.py``), their landing and release,
riding inside its normal writes, and where a priority ticket is sent (docs/network-share.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from ult_desktop.core.chain import TOUCH_CONTEXT, DeskAct
from ult_desktop.core.hours import open_at
from ult_desktop.core.numbering import (
    code_ticket_id,
    format_number,
    office_day,
    random_part,
    ticket_code,
)
from ult_desktop.core.priority import GROUPS, assist_text, parse_assist
from ult_desktop.core.queue import PriorityPolicy, line_prefix
from ult_desktop.core.queue import priority_desks as queue_desks
from ult_desktop.core.ranges import ID_BOUND, HeldRanges
from ult_desktop.core.register import Channel
from ult_desktop.core.tickets import EventKind, Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import Service, read_settings
from ult_desktop.db.queue.offline import act_fault
from ult_desktop.db.queue.print_results import PrintOutbox, write_with_outbox
from ult_desktop.db.queue.rows import (
    day_settings,
    load_ticket,
    now_or_clock,
    priority_group_of,
    service_of,
    services_by_id,
    standing_rows,
    survey_code_hash,
)
from ult_desktop.db.queue.serving import orphaned_services, serving_views
from ult_desktop.db.queue.transition import note
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import append_event, iso, next_event_id
from ult_desktop.db.record.judged import judging, said_once
from ult_desktop.db.record.judged_ranges import held_ranges
from ult_desktop.db.record.standing import ticket_born

S = TicketState


_TICKET_COLUMNS = ("id", "day", "prefix", "code_hash", "service_id", "priority",
                   "priority_group", "state", "channel", "issued_at", "sort_at", "station",
                   "request_id", "issue_event", "assist")
#: The id the insert would take anyway (the table's last page; it goes into the ticket's
#: code, which needs no index), past the ids kiosks hold (``number_reserves``). An id is
#: taken after the highest one whose next is free, so a forged row near ``ID_BOUND`` (from
#: there up never the record's) is passed over once its next is used, never met again.
_NEXT_OWN_ID = (
    f"SELECT COALESCE((SELECT id + 1 FROM tickets t WHERE id < {ID_BOUND - 1} AND NOT EXISTS "
    "(SELECT 1 FROM tickets u WHERE u.id = t.id + 1) ORDER BY id DESC LIMIT 1), 1)")
_NEXT_TICKET_ID = (
    f"SELECT MAX(n) FROM ({_NEXT_OWN_ID} AS n UNION ALL SELECT MAX(first_id + last_seq - "
    "first_seq) + 1 "
    f"FROM number_reserves r WHERE first_id BETWEEN 1 AND {ID_BOUND} AND first_seq BETWEEN "
    f"1 AND {ID_BOUND} AND last_seq BETWEEN first_seq AND first_seq + {ID_BOUND} AND "
    f"first_id + last_seq - first_seq < {ID_BOUND - 1} AND NOT EXISTS (SELECT 1 FROM "
    "tickets u WHERE u.id = r.first_id + r.last_seq - r.first_seq + 1)) m")
_BY_REQUEST = "SELECT id FROM tickets WHERE request_id = ?"
#: A service's tickets of a day (its quota: those an act issued, ``rows.standing_rows``).
_USED = "SELECT id FROM tickets WHERE day = ? AND service_id = ?"


#: A PC whose clock is further than this from the share's (or server's) refuses to issue;
#: two minutes cover a file server's cached timestamps and a slow round trip.
CLOCK_TOLERANCE_S = 120.0


def clock_problem(db: Database) -> errors.ClockOff | None:
    """Why this PC may not issue tickets by its clock (last heartbeat's measure), or None
    (fine, not measured, or every station sees the share's clock off alike)."""
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
                 now: datetime | None = None, also=None, followup: bool = False) -> Ticket:
    """Take the next number of *service* for the office day, in the transaction (the unique
    index is the backstop); priority tickets take the priority sequence (``P-001``).

    :param priority_group: ``core.priority.GROUPS`` or an Indonesian word; makes it priority.
    :param request_id: a retry with the same key returns the ticket a lost reply hid.
    :param outbox: a kiosk's kept print results, written in the same transaction.
    :param assist: how the visitor is helped (``core.priority.ASSISTS``).
    :param also: ``(conn, ticket_id, day, settings) -> dict`` run in the birth's write
        before its event (a follow-up's check-in places and names it; the dict joins the
        event's data); raising undoes the ticket.
    :param followup: a follow-up visit's check-in: numbered under the follow-up prefix.
    :raises RuleViolation: unknown or switched-off service, quota used up, office closed."""
    group = priority_group_of(priority_group)
    priority = priority or group is not None
    now = now_or_clock(now)
    clock = clock_problem(db)
    if clock is not None:
        raise clock
    # the code's random part before the write lock (the id it ends with is read under it)
    secret, at = random_part(), iso(now)

    def tx(conn: Connection) -> Ticket | tuple:
        if request_id is not None:
            row = conn.execute(_BY_REQUEST, (request_id,)).fetchone()
            if row is not None and born_here(conn, row[0]):
                return load_ticket(conn, row[0])
        day, settings = day_settings(conn, now)
        svc = service_of(conn, service)
        if not svc.active:
            raise errors.RuleViolation("error.service_closed", service=svc.name)
        if not open_at(settings, now, opens=svc.opens, closes=svc.closes):
            raise errors.RuleViolation("error.office_closed")
        if svc.daily_quota is not None:
            used = len(standing_rows(conn, conn.execute(_USED, (day, svc.id)).fetchall()))
            if used >= svc.daily_quota:
                raise errors.RuleViolation("error.quota_reached", service=svc.name)
        prefix = line_prefix(settings, svc.prefix, priority, followup=followup, services={
            s.prefix for s in services_by_id(conn).values()})
        seq, ticket_id = _next_online(db, conn, day, prefix)
        touch = Touch(request_id or "", day, prefix, seq, ticket_id, svc.prefix, priority, group,
                      channel, ticket_code(secret, ticket_id), at, assist=assist_text(assist))
        return touch, svc, write_birth(
            db, conn, touch, svc, placed=None if also is None else
            (lambda conn, tid: also(conn, tid, day, settings)))

    # the first reads go with the BEGIN on a server; a kiosk's print results ride along
    ahead: list[tuple[str, tuple]] = [(_NEXT_TICKET_ID, ())]
    if request_id is not None:
        ahead.insert(0, (_BY_REQUEST, (request_id,)))
    done = write_with_outbox(db, tx, outbox, now, ahead=ahead)
    # the ticket is made after the commit: the lock is the office's
    return done if isinstance(done, Ticket) else born(
        done[0], service_id=done[1].id, service_name=done[1].name, station=db.station,
        seq=done[2])


def _next_online(db: Database, conn: Connection, day: str, prefix: str) -> tuple[int, int]:
    """The number (0: the record's next, ``port.insert_numbered``) and the ticket id of a
    ticket issued on the record: past the kiosks' ranges as the judge lets them stand
    (``db.record.judged_ranges``), never their rows as they are, so a range row deleted or
    forged with plain ``sqlite3`` gives no kiosk's printed number or id to a walk-in (an
    office with no key registered: the rows as they are)."""
    ranges = held_ranges(db, conn, day) if judging(conn) is not None else None
    if ranges is None:  # (no key registered, or a long log not judged yet)
        return 0, conn.execute(_NEXT_TICKET_ID).fetchone()[0]
    top_seq, top_id = ranges.top(day, prefix)
    held = sum(1 for d, p, _ in ranges.rows if (d, p) == (day, prefix))
    return (port.next_number(conn, day=day, prefix=prefix, past=top_seq, ranges=held),
            max(conn.execute(_NEXT_OWN_ID).fetchone()[0], top_id + 1))


# -- numbers a kiosk holds -------------------------------------------------------------
@dataclass(frozen=True)
class Touch:
    """A ticket as it is born: from a number a kiosk held, as its journal keeps it (signed
    as a counter's act is), or issued online (``seq`` 0: the record numbers it)."""

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
    prev: str = ""              # the hash of the journal's touch before it (hex)
    hash: str = ""              # this touch's hash (hex): core.chain.act_digest
    key_id: str | None = None   # the kiosk's key that signed it when it happened
    sig: str | None = None      # hex

    #: what the hash covers, in this order (the print outcome comes later: not signed)
    SIGNED = ("request_id", "day", "prefix", "seq", "ticket_id", "service", "priority",
              "priority_group", "channel", "code", "touched_at", "assist")
    CONTEXT = TOUCH_CONTEXT


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


def land_touches(db: Database, conn: Connection, touches: list[Touch], *,
                 chain: dict[str, str] | None = None, own: Signer | None = None,
                 now: datetime | None = None, held_as: str | None = None,
                 away: datetime | None = None) -> tuple[dict[str, int], dict[str, str]]:
    """Inside a kiosk's write: write the tickets it issued from held numbers. Returns
    (request id -> ticket id of every touch in the file, written before or now; request
    id -> why a touch was set aside, :func:`touch_fault`).

    A touch lands only as its paper says (its range, the id that implies), else it is set
    aside, never renumbered. *chain*: request id -> hash of the touch before it; *own*: the
    landing station's key; *held_as*: the name the journal held ranges under (believed
    only unsigned); *away*: when the kiosk last failed to reach the record."""
    out: dict[str, int] = {}
    aside: dict[str, str] = {}
    judged: list = []  # the ranges that stand, read once a touch asks
    for t in touches:
        row = conn.execute(_BY_REQUEST, (t.request_id,)).fetchone()
        if row is not None and born_here(conn, row[0]):  # landed before, the reply lost:
            # its paper's answer may not be
            out[t.request_id] = row[0]
            _land_print(db, conn, t, row[0])
            continue
        if not judged:
            judged.append(held_ranges(db, conn, min(
                (t.day for t in touches if isinstance(t.day, str)), default="9")))
        fault = touch_fault(db, conn, t, None if chain is None else chain.get(t.request_id),
                            own=own, now=now, held_as=held_as, ranges=judged[0])
        if fault is not None:
            aside[t.request_id] = fault
            continue
        out[t.request_id] = _land_touch(db, conn, t, now or now_or_clock(None), away)
    return out, aside


def _land_touch(db: Database, conn: Connection, t: Touch, now: datetime,
                away: datetime | None) -> int:
    # issued while the share was away (by the journal, not by how long it waited: a busy
    # share is no outage): its event says when it landed (``reports/outages.py``)
    at = datetime.fromisoformat(t.touched_at)
    late = away is not None and at <= away
    write_birth(db, conn, t, service_of(conn, t.service), held=True,
                **({"landed": iso(now)} if late else {}))
    _land_print(db, conn, t, t.ticket_id)
    return t.ticket_id


def _land_print(db: Database, conn: Connection, t: Touch, ticket_id: int) -> None:
    """The print answer the journal kept with touch *t* (ticket *ticket_id* in the
    record), unless the record has one already."""
    if t.print_status in ("printed", "failed"):
        ok = t.print_status == "printed"
        note(db, conn, ticket_id, print_status=t.print_status,
             print_error=None if ok else t.print_error,
             kind=EventKind.PRINTED if ok else EventKind.PRINT_FAILED,
             at=datetime.fromisoformat(t.touched_at), only_if="print_status IS NULL",
             data={"printer": t.printer, **({"printed_at": t.printed_at} if ok else
                                            {"error": t.print_error})})


def born(t: Touch, *, service_id: int, service_name: str, station: str,
         seq: int | None = None) -> Ticket:
    """The ticket *t* is born as (pure: a kiosk prints it from its own disk before the
    record has it), waiting; *seq*: the number the record gave it (``t.seq`` 0)."""
    seq = seq or t.seq
    at = datetime.fromisoformat(t.touched_at)
    return Ticket(id=t.ticket_id, number=format_number(t.prefix, seq) if seq else "",
                  prefix=t.prefix, seq=seq, day=t.day, service_id=service_id,
                  service_prefix=t.service, service_name=service_name, priority=t.priority,
                  state=S.WAITING, issued_at=at, sort_at=at, code=t.code, station=station,
                  priority_group=t.priority_group, assist=parse_assist(t.assist))


def write_birth(db: Database, conn: Connection, t: Touch, svc: Service, placed=None,
                **more) -> int:
    """Inside a write: the one birth of a ticket, online (``t.seq`` 0: the next number) or
    from held numbers, with its signed ``issued`` event (*more*: extra data). Returns seq.
    *placed*: ``(conn, ticket_id) -> dict`` sets its place before the event (its rows
    are the birth's) and gives the event's further data."""
    # the ticket names the id its 'issued' event will take (found without an index); the
    # file keeps only the code's keyed hash
    issue_event = next_event_id(conn)
    values = (t.ticket_id, t.day, t.prefix, survey_code_hash(conn, t.code), svc.id,
              int(t.priority), t.priority_group, S.WAITING.value, t.channel, t.touched_at,
              t.touched_at, db.station, t.request_id or None, issue_event, t.assist)
    row = port.insert_at(conn, "tickets", _TICKET_COLUMNS, values, prefix=t.prefix,
                         seq=t.seq) if t.seq else \
        port.insert_numbered(conn, "tickets", _TICKET_COLUMNS, values, day=t.day,
                             prefix=t.prefix)
    data = {"priority": t.priority, "channel": t.channel, **more}
    if placed is not None:
        data.update(placed(conn, t.ticket_id) or {})
    if t.priority_group:
        data["priority_group"] = t.priority_group
    if t.assist:
        data["assist"] = sorted(parse_assist(t.assist))
    event_id = append_event(conn, db.station, EventKind.ISSUED, ticket_id=t.ticket_id,
                            ticket_number=row["number"], service_prefix=t.service,
                            at=datetime.fromisoformat(t.touched_at), data=data)
    if event_id != issue_event:  # not expected: the row then says which it was
        note(None, conn, t.ticket_id, issue_event=event_id)
    return row["seq"]


#: The channels a kiosk's ticket may carry (``tickets.channel``).
_CHANNELS = frozenset(c.value for c in Channel)
_RANGE_OF = ("SELECT first_seq, first_id, station FROM number_reserves WHERE day = ? AND "
             "prefix = ? AND first_seq <= ? AND last_seq >= ?")


def touch_fault(db: Database, conn: Connection, t: Touch, prev: str | None, *,
                own: Signer | None, now: datetime | None = None,
                held_as: str | None = None, ranges: HeldRanges | None = None) -> str | None:
    """Why the kiosk's touch *t* may not land as it is, or None: as ``offline.act_fault``,
    then ``time``, ``day``, ``service``, ``prefix``, ``channel``, ``group``, ``assist``,
    ``range`` (a range that stands, *ranges*: ``db.record.judged_ranges``, held by its
    key; None: the rows as they are), ``id``, ``code`` or ``taken``."""
    fault = act_fault(conn, cast(DeskAct, t), prev, signed=own is not None, own=own)
    if fault is not None:
        return fault
    if not all(type(v) is int for v in (t.seq, t.ticket_id)) or not all(
            isinstance(v, str) for v in (t.day, t.prefix, t.service, t.code, t.touched_at)):
        return "edited"
    clock = max(now or now_or_clock(None), now_or_clock(None))
    try:
        at = datetime.fromisoformat(t.touched_at)
        late = at.tzinfo is None or at > clock + timedelta(seconds=CLOCK_TOLERANCE_S)
    except ValueError:
        late = True
    if late:
        return "time"
    _, settings = day_settings(conn, clock)
    if office_day(at, settings["timezone"]).isoformat() != t.day:
        return "day"
    svc = next((v for v in services_by_id(conn).values() if v.prefix == t.service), None)
    if svc is None:
        return "service"
    if t.prefix != line_prefix(settings, svc.prefix, t.priority):
        return "prefix"
    if t.channel not in _CHANNELS:
        return "channel"
    if t.priority_group is not None and (t.priority_group not in GROUPS or not t.priority):
        return "group"
    if t.assist is not None and assist_text(parse_assist(t.assist)) != t.assist:
        return "assist"
    held = conn.execute(_RANGE_OF, (t.day, t.prefix, t.seq, t.seq)).fetchone() \
        if ranges is None else ranges.holding(t.day, t.prefix, t.seq)
    names = _stations_of(db, conn, t.key_id) | ({held_as} if own is None and held_as else set())
    if held is None or held[2] not in names or ranges is not None and \
            held[3] not in (None, t.key_id):
        return "range"
    if t.ticket_id != held[1] + t.seq - held[0]:
        return "id"
    if code_ticket_id(t.code) != t.ticket_id:
        return "code"
    taken = {r[0] for r in conn.execute(_SEQ_TAKEN, (t.day, t.prefix, t.seq))} | {
        r[0] for r in conn.execute("SELECT id FROM tickets WHERE id = ?", (t.ticket_id,))}
    return "taken" if [tid for tid in sorted(taken) if born_here(conn, tid)] else None


def born_here(conn: Connection, ticket_id: int) -> bool:
    """Whether ticket *ticket_id*'s row was born by an act the record lets stand
    (``standing.ticket_born``). A row no act made (plain ``sqlite3``) takes no number, id
    or retry key of a paper: it is said once and removed in the caller's write, not
    imaged (never in the log, the table then holds what the log does)."""
    if ticket_born(conn, ticket_id):
        return True
    row = conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    said_once(conn, "tickets", (ticket_id,), dict(row) if row is not None else None)
    with projection.paused(conn):
        conn.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))
    return False


def _stations_of(db: Database, conn: Connection, key_id: str | None) -> set[str]:
    """The names a kiosk's ranges may be held under: the landing station's, and the
    name its key was registered with (a kiosk started under another name)."""
    row = conn.execute("SELECT label FROM station_keys WHERE key_id = ? AND state = "
                       "'registered'", (key_id,)).fetchone() if key_id else None
    return {db.station, *((row[0],) if row else ())}


def hold_numbers(db: Database, conn: Connection, *, held: list[Held], used: dict,
                 hold: int, now: datetime, reserves: frozenset = frozenset()
                 ) -> tuple[list[Held], list[Held], list[Held]]:
    """Inside a kiosk's write: keep *hold* numbers of every open prefix for today.

    *held*: the journal's ranges; *used*: range -> numbers issued. Earlier days' and used-up
    ranges are released (``numbers_released``); prefixes under half of *hold* get a new
    range (``numbers_reserved``; a lone kiosk holds ``ALONE_FACTOR`` times more). The
    ``outage_reserve`` ranges (*reserves*) are taken only when the usual ones run out.
    Returns (claimed, gone, reserve ranges claimed); nothing new outside opening hours or
    with *hold* 0. A range the record holds that the journal does not is never issued from."""
    if hold <= 0 and not held:  # a kiosk that issues every ticket on the share
        return [], [], []
    day, settings = day_settings(conn, now)
    held, used, gone = _release(db, conn, held, used, day, now)
    left: dict[str, int] = {}
    for h in held:
        if h.day == day and h not in gone and h not in reserves:
            left[h.prefix] = left.get(h.prefix, 0) + h.last_seq - h.first_seq + 1 - used.get(h, 0)
    if hold <= 0 or not open_at(settings, now):
        return [], gone, []
    prefixes = _open_prefixes(conn, settings)
    # the only kiosk: more numbers carry it through a longer outage
    prefixes = [p for p in prefixes if left.get(p, 0) * 2 < hold * ALONE_FACTOR]
    if prefixes and not conn.execute(
            _OTHER_KIOSKS, (db.station, iso(now - timedelta(minutes=10)))).fetchone():
        hold *= ALONE_FACTOR
    next_id: list[int] = []  # the first ticket id of the next range, read once if needed
    judged: list = []  # the ranges that stand, read once a claim asks

    def claim(prefix: str, count: int) -> Held:
        if not judged:
            judged.append(held_ranges(db, conn, day))
        top = judged[0].top(day, prefix) if judged[0] is not None else (0, 0)
        if not next_id:  # past the ids and numbers of the ranges that stand, as rows or not
            next_id.append(max(conn.execute(_NEXT_TICKET_ID).fetchone()[0], top[1] + 1))
        first = port.claim_numbers(conn, day=day, prefix=prefix, count=count)
        if first <= top[0]:  # (a server's day counter moved past them too)
            port.claim_numbers(conn, day=day, prefix=prefix, count=top[0] + 1 - first)
            first = top[0] + 1
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
    return fresh, gone, reserve_fresh

def _release(db: Database, conn: Connection, held: list[Held], used: dict, day: str,
             now: datetime) -> tuple[list[Held], dict, list[Held]]:
    """Give back earlier days' and used-up ranges (``numbers_released``); returns the
    ranges looked at, what each used, and those gone."""
    held = list(held)
    for row in conn.execute("SELECT day, prefix, first_seq, last_seq, first_id FROM "
                            "number_reserves WHERE station = ? AND day < ?",
                            (db.station, day)).fetchall():
        h = Held(*row)
        if h not in used:
            # not this journal's, of an earlier day: given back past its last landed ticket;
            # today's stay, unused, so what another journal printed still lands in them
            top = conn.execute("SELECT MAX(seq) FROM tickets WHERE day = ? AND prefix = ? "
                               "AND seq BETWEEN ? AND ?", (h.day, h.prefix, h.first_seq,
                                                           h.last_seq)).fetchone()[0]
            held.append(h)
            used = {**used, h: (top or h.first_seq - 1) - h.first_seq + 1}
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
    return held, used, gone



def read_line_prefixes(conn: Connection) -> set[str]:
    """Inside the caller's read: every prefix a ticket of this office may carry (its
    services', the priority and the follow-up prefix)."""
    settings = read_settings(conn, ("priority_prefix", "followup_prefix"))
    return {svc.prefix for svc in services_by_id(conn).values()} | {
        line_prefix(settings, "", True), settings["followup_prefix"]}


def _open_prefixes(conn: Connection, settings: dict) -> list[str]:
    prefixes = [svc.prefix for svc in services_by_id(conn).values() if svc.active]
    return [*prefixes, settings["priority_prefix"]] if prefixes else []


def priority_desks(db: Database, ticket: Ticket) -> list[int]:
    """Where a priority *ticket* is called (``core.queue.priority_desks``): the priority
    counters that serve her service now, else every desk that serves it now; empty for a
    normal one or when every counter calls them."""
    return db.read(lambda conn: read_priority_desks(conn, ticket)) if ticket.priority else []


def read_priority_desks(conn: Connection, ticket: Ticket) -> list[int]:
    """:func:`priority_desks` inside the caller's read."""
    if not ticket.priority:
        return []
    now = now_or_clock(None)  # a ticket of another day (simulated, reprinted): its own
    day, _ = day_settings(conn, now)
    at = now if ticket.day == day else ticket.issued_at
    return read_desks_by_service(conn, at).get(ticket.service_id, [])


def read_desks_by_service(conn: Connection, now: datetime | None = None
                          ) -> dict[int, list[int]]:
    """Inside a read: where a priority ticket of each active service is called now (a
    kiosk prints it on the paper of a ticket it issues from held numbers)."""
    day, settings = day_settings(conn, now_or_clock(now))
    views = serving_views(conn, day, settings["timezone"])
    policy, orphaned = PriorityPolicy(settings["priority_policy"]), orphaned_services(conn, views)
    return {svc.id: queue_desks(views, svc.id, policy, orphaned)
            for svc in services_by_id(conn).values()}
