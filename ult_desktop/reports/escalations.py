"""Escalations of a period, read from the event log: back-office cases and tickets
escalated without a case, with their due day and the day the answer reached the visitor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import stored_day, stored_time
from ult_desktop.core.numbering import local_time
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.standing import signers
from ult_desktop.db.visit.cases import CASE_ANSWERED, CASE_OPENED, CASE_RESCHEDULED

ESCALATION_STATUSES = ("on_time", "late", "open", "overdue")


@dataclass(frozen=True)
class Escalation:
    """One escalated request: a back-office case, or a ticket escalated without a case.

    *due*: the first due date (a reschedule does not make a late answer on time);
    *resolved*: the day the answer reached the visitor (told, not merely written)."""

    case_id: int | None
    ticket_id: int | None
    service_id: int
    channel: str
    opened: date
    due: date
    resolved: date | None
    rescheduled: bool = False

    def status(self, today: date) -> str:
        """``on_time``, ``late`` (resolved after due), ``open`` (not due yet) or ``overdue``."""
        if self.resolved is not None:
            return "on_time" if self.resolved <= self.due else "late"
        return "open" if today <= self.due else "overdue"


def _cases(conn: Connection) -> tuple[dict[int, tuple[int, str]], set[int], dict]:
    """Each case's (service, channel), the rescheduled ones, and when its answer reached the
    visitor: a call-back that reached them, the front office's explanation (SOP 003 step
    15) or the case closed."""
    info: dict[int, tuple[int, str]] = {}
    rescheduled: set[int] = set()
    told: dict[int, datetime] = {}
    explained = dict(conn.execute("SELECT case_id, MIN(explained_at) FROM handovers WHERE "
                                  "case_id IS NOT NULL GROUP BY case_id").fetchall())
    for r in conn.execute("SELECT c.id, r.service_id, r.channel, t.outcome, "
                          "c.callback_done_at, c.closed_at FROM cases c "
                          "JOIN register_records r ON r.id = c.record_id "
                          "LEFT JOIN tickets t ON t.id = r.ticket_id").fetchall():
        info[r[0]] = (r[1], r[2])
        if r[3] == "rescheduled":  # kept by the helpdesk: rescheduled, not passed on
            rescheduled.add(r[0])
        reached = [t for t in map(stored_time, (r[4], r[5], explained.get(r[0]))) if t]
        if reached:
            told[r[0]] = min(reached)
    return info, rescheduled, told


def _moved(rows: str | None, table: str, key: object) -> bool:
    """Whether an event's row images (``events.rows``) write row *key* of *table*: an act
    counts for the thing it names only when it moved it (a kind signed about a case or a
    ticket it left as it was moves no figure)."""
    try:
        images = json.loads(rows) if rows else []
    except ValueError:
        return False
    return any(isinstance(i, list) and len(i) > 2 and i[1] == table and
               isinstance(i[2], list) and i[2][:1] == [key] for i in images)


def _events(conn: Connection, floor: int, rescheduled: set[int]) -> tuple[dict, dict, dict]:
    """Cases opened and answered, and tickets escalated, after event *floor*, each by the
    act that moved its case or ticket (:func:`_moved`) and whose key may sign it; a
    reschedule joins *rescheduled*."""
    opened: dict[int, tuple[datetime, dict, int | None]] = {}
    answered: dict[int, datetime] = {}
    escalated: dict[int, datetime] = {}
    stands = signers(conn)  # an act signed by a key that may not sign it moves nothing
    for ev in conn.execute("SELECT kind, ticket_id, at, data, rows, id, station_key FROM "
                           "events WHERE id > ? AND kind IN (?, ?, ?, 'escalated') ORDER BY id",
                           (floor, CASE_OPENED, CASE_ANSWERED, CASE_RESCHEDULED)).fetchall():
        if not stands(ev["station_key"], ev["id"], ev["kind"]):
            continue
        kind, at = ev["kind"], datetime.fromisoformat(ev["at"])
        data = json_dict(ev["data"])
        case_id = data.get("case_id")
        if kind == "escalated":
            if ev["ticket_id"] is not None and _moved(ev["rows"], "tickets", ev["ticket_id"]):
                escalated.setdefault(ev["ticket_id"], at)
        elif not isinstance(case_id, int) or not _moved(ev["rows"], "cases", case_id):
            continue
        elif kind == CASE_OPENED:
            opened.setdefault(case_id, (at, data, ev["ticket_id"]))
        elif kind == CASE_ANSWERED:
            answered.setdefault(case_id, at)
        else:
            rescheduled.add(case_id)
    return opened, answered, escalated


def read_escalations(conn: Connection, floor: int, d0: str, d1: str, tz: str,
                     services: dict, extra: OfficeCalendar) -> list[Escalation]:
    """Escalations opened on office days *d0* .. *d1*; the log is read after event
    *floor* (``data.period_floor``). A ticket finished as escalated without a case counts
    too: due by its service's target, never resolved as far as the file knows."""
    start, end = date.fromisoformat(d0), date.fromisoformat(d1)
    info, rescheduled, told = _cases(conn)
    opened, answered, escalated = _events(conn, floor, rescheduled)
    out: list[Escalation] = []
    for case_id, (at, data, ticket_id) in opened.items():
        day = local_time(at, tz).date()
        if not start <= day <= end or case_id not in info:
            continue
        service_id, channel = info[case_id]
        due = stored_day(data.get("due_day")) or extra.add_working_days(
            day, services[service_id].target_resolution_days)
        done = answered.get(case_id)
        done = max(done, told[case_id]) if done and case_id in told else None
        out.append(Escalation(case_id, ticket_id, service_id, channel, day, due,
                              local_time(done, tz).date() if done else None,
                              case_id in rescheduled))
    with_case = {ticket_id for _, _, ticket_id in opened.values()}
    loose = [t for t in escalated if t not in with_case]
    rows = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT id, service_id, channel FROM tickets WHERE id IN ({','.join('?' * len(loose))})",
        tuple(loose)).fetchall()} if loose else {}
    for ticket_id in loose:
        day = local_time(escalated[ticket_id], tz).date()
        if start <= day <= end and ticket_id in rows:
            service_id, channel = rows[ticket_id]
            due = extra.add_working_days(day, services[service_id].target_resolution_days)
            out.append(Escalation(None, ticket_id, service_id, channel or "walk_in", day, due,
                                  None))
    return out
