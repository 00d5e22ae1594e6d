"""Read-side queries used by screens and the CLI (no writes)."""

from __future__ import annotations

import json
from datetime import datetime

from ult_desktop.core.numbering import format_number, office_day, parse_number, utc_now
from ult_desktop.core.queue import Candidate, estimate_wait_minutes, position_in_line
from ult_desktop.core.tickets import Ticket
from ult_desktop.db import errors
from ult_desktop.db.connection import Database
from ult_desktop.db.events import event_from_row
from ult_desktop.db.office import get_settings
from ult_desktop.db.tickets import TICKET_SELECT, ticket_from_row

_RECENT_SERVICES = 20


def today(db: Database, now: datetime | None = None) -> str:
    """The office day (ISO date) in the office's time zone."""
    return office_day(now or utc_now(), get_settings(db, "timezone")["timezone"]).isoformat()


def get_ticket(db: Database, *, number: str | None = None, ticket_id: int | None = None,
               code: str | None = None, day: str | None = None) -> Ticket:
    """One ticket by id, by code, or by number on *day* (default: today).

    :raises NotFound: no such ticket.
    """
    if ticket_id is not None:
        rows = db.query(TICKET_SELECT + " WHERE t.id = ?", (ticket_id,))
    elif code is not None:
        rows = db.query(TICKET_SELECT + " WHERE t.code = ?", (code.strip().upper(),))
    else:
        try:
            prefix, seq = parse_number(number or "")
        except ValueError as exc:
            raise errors.RuleViolation("error.bad_input", detail=str(exc)) from exc
        rows = db.query(TICKET_SELECT + " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                        (day or today(db), prefix, seq))
        number = format_number(prefix, seq)
    if not rows:
        raise errors.NotFound(number=number or code or ticket_id)
    return ticket_from_row(rows[0])


def tickets_of_day(db: Database, day: str | None = None) -> list[Ticket]:
    rows = db.query(TICKET_SELECT + " WHERE t.day = ? ORDER BY t.id", (day or today(db),))
    return [ticket_from_row(r) for r in rows]


def _candidate(t: Ticket) -> Candidate:
    return Candidate(ticket_id=t.id, service_id=t.service_id, priority=t.priority,
                     sort_at=t.sort_at, target_counter=t.target_counter,
                     target_officer_id=t.target_officer_id)


def waiting_tickets(db: Database, day: str | None = None) -> list[Ticket]:
    rows = db.query(TICKET_SELECT + " WHERE t.day = ? AND t.state IN ('waiting', "
                    "'transferred') ORDER BY t.priority DESC, t.sort_at, t.id",
                    (day or today(db),))
    return [ticket_from_row(r) for r in rows]


def waiting_ahead(db: Database, ticket: Ticket) -> int:
    """People of the same service who will be called before *ticket*."""
    waiting = [_candidate(t) for t in waiting_tickets(db, ticket.day)]
    return position_in_line(_candidate(ticket), waiting)


def recent_service_minutes(db: Database, service_id: int) -> list[float]:
    rows = db.query("SELECT serving_at, finished_at FROM tickets WHERE service_id = ? AND "
                    "state = 'done' AND serving_at IS NOT NULL AND finished_at IS NOT NULL "
                    "ORDER BY id DESC LIMIT ?", (service_id, _RECENT_SERVICES))
    return [(datetime.fromisoformat(r[1]) - datetime.fromisoformat(r[0])).total_seconds() / 60
            for r in rows]


def wait_estimate_minutes(db: Database, service_prefix: str, ahead: int) -> int:
    svc = db.query("SELECT id, target_service_min FROM services WHERE prefix = ?",
                   (service_prefix,))
    if not svc:
        return 0
    counters = [json.loads(r[0]) for r in db.query(
        "SELECT service_ids FROM counters WHERE active = 1")]
    open_counters = sum(1 for ids in counters if svc[0][0] in ids)
    return estimate_wait_minutes(ahead, recent_service_minutes(db, svc[0][0]),
                                 svc[0][1], open_counters)


def queue_snapshot(db: Database, *, now: datetime | None = None, next_n: int = 5) -> dict:
    """Everything a screen needs at a glance, with no personal data.

    ``services``: per service the waiting count, priority count, estimated wait and
    the next numbers; ``counters``: the number each counter is calling or serving;
    ``last_calls``: the latest calls and recalls, newest first.
    """
    tz = get_settings(db, "timezone")["timezone"]
    day = office_day(now or utc_now(), tz).isoformat()
    waiting = waiting_tickets(db, day)
    services = []
    for svc in db.query("SELECT * FROM services WHERE active = 1 ORDER BY sort_order, prefix"):
        mine = [t for t in waiting if t.service_id == svc["id"]]
        services.append({
            "prefix": svc["prefix"], "name": svc["name"], "name_en": svc["name_en"],
            "description": svc["description"], "color": svc["color"],
            "waiting": len(mine), "priority_waiting": sum(t.priority for t in mine),
            "estimated_wait_min": wait_estimate_minutes(db, svc["prefix"], len(mine)),
            "next": [t.number for t in mine[:next_n]],
            "issued_today": db.query("SELECT COUNT(*) FROM tickets WHERE day = ? AND "
                                     "service_id = ?", (day, svc["id"]))[0][0],
            "daily_quota": svc["daily_quota"],
        })
    counters = []
    for ctr in db.query("SELECT * FROM counters WHERE active = 1 ORDER BY number"):
        row = db.query(TICKET_SELECT + " WHERE t.day = ? AND t.counter_number = ? AND "
                       "t.state IN ('called', 'serving') ORDER BY t.called_at DESC LIMIT 1",
                       (day, ctr["number"]))
        current = ticket_from_row(row[0]) if row else None
        counters.append({"number": ctr["number"], "name": ctr["name"],
                         "ticket": current.number if current else None,
                         "state": current.state.value if current else None,
                         "service": current.service_prefix if current else None})
    calls = db.query("SELECT * FROM events WHERE kind IN ('called', 'recalled') "
                     "ORDER BY id DESC LIMIT 10")
    last_calls = [e for e in map(event_from_row, calls)
                  if office_day(e.at, tz).isoformat() == day]
    return {
        "day": day,
        "services": services,
        "counters": counters,
        "last_calls": [{"id": e.id, "ticket": e.ticket_number, "counter": e.counter,
                        "service": e.service_prefix, "kind": e.kind, "time": e.at.isoformat()}
                       for e in last_calls],
        "waiting_total": len(waiting),
        "last_event_id": db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0],
    }
