"""Help at the hall: a kiosk's *Butuh bantuan* call, taken by the first officer to answer
(events, no table), and the month of the hall's aids (:func:`read_hall_period`)."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime

from ult_desktop.core.chain import json_dict
from ult_desktop.core.hall_acts import TICKET_MARKS
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.core.priority import ASSISTS, SEAT
from ult_desktop.core.tickets import EventKind
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.queue.desk import DEAF_MARKED, FETCHED, INTERPRETER_REQUESTED
from ult_desktop.db.record.events import append_event, parse_iso_set

HELP_REQUESTED = "help_requested"
HELP_ANSWERED = "help_answered"
#: How far back a counter that just signed in looks for calls nobody answered (events,
#: newest first: never the whole log).
RECENT_EVENTS = 2000


@dataclass(frozen=True)
class HelpCall:
    event_id: int
    station: str        # the kiosk the visitor called from
    at: datetime


def request_help(db: Database, *, now: datetime | None = None) -> int:
    """The visitor at this kiosk asks for an officer; the event's id."""
    return db.write(lambda conn: append_event(conn, db.station, HELP_REQUESTED,
                                              at=now or utc_now(), data={"kiosk": db.station}))


def answer_help(db: Database, *, event_id: int, officer_id: int | None,
                now: datetime | None = None) -> float:
    """An officer goes to the kiosk of call *event_id*; the minutes since the call.
    :raises RuleViolation: another officer answered it already (or no such call)."""
    now = now or utc_now()

    def tx(conn: Connection) -> float:
        call = conn.execute("SELECT at, station FROM events WHERE id = ? AND kind = ?",
                            (event_id, HELP_REQUESTED)).fetchone()
        if call is None or event_id not in {c.event_id for c in read_open_calls(conn)}:
            raise errors.RuleViolation("counter.help.taken")
        minutes = round((now - parse_iso_set(call[0])).total_seconds() / 60, 2)
        append_event(conn, db.station, HELP_ANSWERED, at=now,
                     data={"call": event_id, "kiosk": call[1], "officer_id": officer_id,
                           "requested_at": call[0], "minutes": minutes})
        return minutes

    return db.write(tx)


def open_calls(db: Database) -> list[HelpCall]:
    """:func:`read_open_calls` in a read of its own (a counter that just signed in)."""
    return db.read(read_open_calls)


def read_open_calls(conn: Connection) -> list[HelpCall]:
    """The calls for help among the recent events that nobody answered yet, oldest first:
    only those a key the record registered may make (the table of acts: a kiosk's), named
    by that key's registered label, never by the words the event carries."""
    from ult_desktop.core.acts import may_sign
    from ult_desktop.db.record.station_keys import read_authority

    rows = conn.execute(
        "SELECT id, kind, station, at, data, station_key FROM events WHERE id > (SELECT "
        "COALESCE(MAX(id), 0) - ? FROM events) AND kind IN (?, ?) ORDER BY id",
        (RECENT_EVENTS, HELP_REQUESTED, HELP_ANSWERED)).fetchall()
    answered = {json.loads(r[4] or "{}").get("call") for r in rows if r[1] == HELP_ANSWERED}
    rows = [r for r in rows if r[1] == HELP_REQUESTED and r[0] not in answered]
    if not rows:
        return []  # (the registrations are a read through the log: only for a call)
    auth = read_authority(conn)
    calls = []
    for event_id, kind, station, at, _data, key in rows:
        if auth.first and event_id > auth.first:  # an office whose record is signed
            if not may_sign(auth.role_at(key, event_id), kind):
                continue
            station = auth.labels.get(key or "", station)
        calls.append(HelpCall(event_id, _plain(station), parse_iso_set(at)))
    return calls


def _plain(label: object) -> str:
    """A station's label as a line of plain text (markup shown as typed, at most 40)."""
    text = " ".join(str(label or "").split())
    text = text.replace("<", "‹").replace(">", "›")
    return text if len(text) <= 40 else text[:39] + "…"


def read_help_period(conn: Connection, after: int, d0: str, d1: str, tz: str) -> list[float]:
    """Minutes to help of the calls answered on office days *d0* .. *d1* (after event
    *after*) as the judge lets them stand (``core.hall_acts``), by the events' own times."""
    from ult_desktop.core.hall_acts import standing_help
    from ult_desktop.db.record.standing import signers

    answers = conn.execute("SELECT id, data FROM events WHERE id > ? AND kind = ?",
                           (after, HELP_ANSWERED)).fetchall()
    if not answers:
        return []
    named = [call for event_id, data in answers
             if type(call := json_dict(data).get("call")) is int and 0 < call < event_id]
    start = min([after, *(call - 1 for call in named)])  # each call answered, and after it
    events = [(r[0], r[1], r[2], r[3], json_dict(r[4])) for r in conn.execute(
        "SELECT id, kind, at, station_key, data FROM events WHERE id > ? AND kind IN (?, ?) "
        "ORDER BY id", (start, HELP_REQUESTED, HELP_ANSWERED))]
    return [minutes for at, minutes, _, _ in standing_help(events, signers(conn))
            if d0 <= office_day(parse_iso_set(at), tz).isoformat() <= d1]


@dataclass
class HallMonth:
    """The hall's aids in a period, for the page *Layanan ramah kelompok rentan*."""

    #: tickets of the period per flag (``core.priority.ASSISTS``)
    tickets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASSISTS, 0))
    #: visitors fetched from their seat, and the minutes from their call to the fetch
    fetched_minutes: list[float] = field(default_factory=list)
    #: Deaf flags set by an officer at the desk (the rest the visitor set)
    deaf_by_officer: int = 0
    #: visitors an interpreter was asked for, on their day (asked twice: one request)
    interpreter_requests: int = 0

    @property
    def fetched(self) -> int:
        return len(self.fetched_minutes)

    @property
    def fetch_median(self) -> float | None:
        return statistics.median(self.fetched_minutes) if self.fetched_minutes else None


def read_hall_period(conn: Connection, after: int, d0: str, d1: str, tz: str) -> HallMonth:
    """The tickets of office days *d0* .. *d1* by how their visitors were helped, the
    fetches, the Deaf flags and interpreter requests (events after id *after*)."""
    out = HallMonth()
    day_of: dict[int, str] = {}  # the period's tickets: their office day
    seated: set[int] = set()  # a fetch is of a visitor who waited seated (``core.moves.fetch``)
    for (ticket, day, assist) in conn.execute("SELECT id, day, assist FROM tickets WHERE day "
                                              "BETWEEN ? AND ?", (d0, d1)):
        day_of[ticket] = day
        for flag in (assist if isinstance(assist, str) else "").split(","):
            if flag in out.tickets:
                out.tickets[flag] += 1
            if flag == SEAT:
                seated.add(ticket)
    from ult_desktop.db.record.standing import signers

    stands = signers(conn)  # a mark a key may not sign (a TV's fetch) counts in none
    called: dict[int, datetime] = {}  # each ticket's last call that stands, so far
    asked: set[int] = set()  # the visitors an interpreter was asked for
    for (kind, at, data, event_id, key, ticket, moved) in conn.execute(
            "SELECT kind, at, data, id, station_key, ticket_id, CASE WHEN kind IN (?, ?) THEN "
            "rows LIKE ? END FROM events WHERE id > ? AND kind IN (?, ?, ?, ?) ORDER BY id",
            (*sorted(TICKET_MARKS), '%"tickets"%', after, EventKind.CALLED, FETCHED,
             DEAF_MARKED, INTERPRETER_REQUESTED)):
        if ticket is None or not stands(key, event_id, kind) or \
                kind in TICKET_MARKS and not moved:
            continue  # (a mark is a move of a visitor's ticket: one that moved none is none)
        when = parse_iso_set(at)
        if kind == EventKind.CALLED:
            called[ticket] = when
            continue
        day = office_day(when, tz).isoformat()
        if not d0 <= day <= d1:
            continue
        info = json.loads(data or "{}")
        if kind == FETCHED:  # the minutes from the call to the fetch, by their own times
            if ticket in called and ticket in seated:
                out.fetched_minutes.append(
                    round(max(0.0, (when - called.pop(ticket)).total_seconds() / 60), 2))
        elif kind == INTERPRETER_REQUESTED:
            if day_of.get(ticket) == day:  # (asked at the desk, for the day's visitor)
                asked.add(ticket)
        elif info.get("deaf") and info.get("by") == "officer":
            out.deaf_by_officer += 1
    out.interpreter_requests = len(asked)
    return out

