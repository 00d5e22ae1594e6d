"""Help at the hall: a visitor who cannot manage the kiosk alone calls an officer from it
(*Butuh bantuan*), and the officer who goes says so. Both are events of the record (no
table): every counter sees the call, the first officer to answer takes it, and the time
to help is kept with the answer for the monthly report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.db import errors
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection
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
    """The calls for help among the recent events that nobody answered yet, oldest first."""
    rows = conn.execute(
        "SELECT id, kind, station, at, data FROM events WHERE id > (SELECT COALESCE(MAX(id), "
        "0) - ? FROM events) AND kind IN (?, ?) ORDER BY id",
        (RECENT_EVENTS, HELP_REQUESTED, HELP_ANSWERED)).fetchall()
    answered = {json.loads(r[4] or "{}").get("call") for r in rows if r[1] == HELP_ANSWERED}
    return [HelpCall(r[0], r[2], parse_iso_set(r[3])) for r in rows
            if r[1] == HELP_REQUESTED and r[0] not in answered]


def read_help_period(conn: Connection, after: int, d0: str, d1: str, tz: str) -> list[float]:
    """Minutes to help of the calls answered on office days *d0* .. *d1* (events after id
    *after*: the period's floor, the log before it is never read)."""
    out = []
    for (at, data) in conn.execute("SELECT at, data FROM events WHERE id > ? AND kind = ? "
                                   "ORDER BY id", (after, HELP_ANSWERED)):
        if d0 <= office_day(parse_iso_set(at), tz).isoformat() <= d1:
            out.append(float(json.loads(data or "{}").get("minutes") or 0))
    return out

