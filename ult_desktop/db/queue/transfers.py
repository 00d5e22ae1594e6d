"""Alihkan: a ticket sent to another service, counter or officer, in one short write. A
counter nobody serves now takes no visitor (refused with the reason); one whose desk
stops serving later is back in her line at once (``core.queue.routed``)."""

from __future__ import annotations

from datetime import datetime

from ult_desktop.core.tickets import EventKind, Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import officer_row
from ult_desktop.db.queue.rows import active_counter, day_settings, service_of
from ult_desktop.db.queue.serving import read_serving
from ult_desktop.db.queue.transition import move, on_ticket, refuse
from ult_desktop.db.record.events import iso

S = TicketState


def transfer(db: Database, *, number: str | None = None, counter: int | None = None,
             to_service: str | None = None, to_counter: int | None = None,
             to_officer: int | None = None, reason: str | None = None,
             now: datetime | None = None) -> Ticket:
    """Send a ticket elsewhere; it keeps its number and ``sort_at`` (not to the back).
    :raises RuleViolation: no destination; *to_counter* serves nobody now; an unknown
        officer; the ticket may not move."""
    if to_service is None and to_counter is None and to_officer is None:
        raise errors.RuleViolation("error.transfer_needs_destination")

    def work(conn: Connection, ticket: Ticket, now: datetime) -> Ticket:
        day, settings = day_settings(conn, now)
        refuse(ticket, S.TRANSFERRED)
        svc = service_of(conn, to_service) if to_service else None
        if to_counter is not None:
            desk = active_counter(conn, to_counter)
            if to_counter not in read_serving(conn, day, settings["timezone"]):
                raise errors.RuleViolation("error.transfer_desk_not_serving",
                                           counter=desk.name, number=ticket.number)
        if to_officer is not None and not (officer_row(conn, to_officer) or {}).get("active"):
            raise errors.RuleViolation("error.unknown_officer")  # nobody could call it
        data = {"from_service": ticket.service_prefix,
                "to_service": svc.prefix if svc else ticket.service_prefix,
                "to_counter": to_counter, "to_officer": to_officer, "reason": reason}
        routed = to_counter is not None or to_officer is not None
        return move(db, conn, ticket, S.TRANSFERRED, kind=EventKind.TRANSFERRED, at=now,
                    data=data, service_id=svc.id if svc else ticket.service_id,
                    target_counter=to_counter, target_officer_id=to_officer,
                    routed_at=iso(now) if routed else None)

    return on_ticket(db, now, work, number=number, counter=counter)
