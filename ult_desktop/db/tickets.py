"""Reading ticket rows into :class:`ult_desktop.core.tickets.Ticket`."""

from __future__ import annotations

import sqlite3

from ult_desktop.core.numbering import code_ticket_id
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db.events import parse_iso

TICKET_SELECT = (
    "SELECT t.*, s.prefix AS service_prefix, s.name AS service_name "
    "FROM tickets t JOIN services s ON s.id = t.service_id"
)


def ticket_from_row(row: sqlite3.Row) -> Ticket:
    return Ticket(
        id=row["id"], number=row["number"], prefix=row["prefix"], seq=row["seq"],
        day=row["day"], service_id=row["service_id"], service_prefix=row["service_prefix"],
        service_name=row["service_name"], priority=bool(row["priority"]),
        state=TicketState(row["state"]), issued_at=parse_iso(row["issued_at"]),
        sort_at=parse_iso(row["sort_at"]), code=row["code"],
        called_at=parse_iso(row["called_at"]), serving_at=parse_iso(row["serving_at"]),
        finished_at=parse_iso(row["finished_at"]), counter=row["counter_number"],
        officer_id=row["officer_id"], outcome=row["outcome"],
        target_counter=row["target_counter"], target_officer_id=row["target_officer_id"],
        transfer_count=row["transfer_count"], print_status=row["print_status"],
        print_error=row["print_error"], station=row["station"],
    )


def code_lookup(code: str) -> tuple[str, tuple]:
    """``WHERE`` clause and parameters (after :data:`TICKET_SELECT`) for the ticket with
    *code*: by the id the code carries (a rowid lookup; the code has no index), and the
    whole code must match. Codes from before ids were part of them (8 characters) are
    looked for by a scan of the tickets."""
    clean = (code or "").strip().upper()
    ticket_id = code_ticket_id(clean)
    if ticket_id is None:
        return " WHERE t.code = ?", (clean,)
    return " WHERE t.id = ? AND t.code = ?", (ticket_id, clean)
