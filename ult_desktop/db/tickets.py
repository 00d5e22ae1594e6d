"""Reading ticket rows into :class:`ult_desktop.core.tickets.Ticket`."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Mapping
from typing import Any

from ult_desktop.core.numbering import CODE_ALPHABET, CODE_RANDOM_LEN, code_ticket_id
from ult_desktop.core.skm import spent_code_hash
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.events import parse_iso, parse_iso_set

TICKET_SELECT = (
    "SELECT t.*, s.prefix AS service_prefix, s.name AS service_name "
    "FROM tickets t JOIN services s ON s.id = t.service_id"
)


def ticket_from_row(row: sqlite3.Row | Mapping[str, Any]) -> Ticket:
    return Ticket(
        id=row["id"], number=row["number"], prefix=row["prefix"], seq=row["seq"],
        day=row["day"], service_id=row["service_id"], service_prefix=row["service_prefix"],
        service_name=row["service_name"], priority=bool(row["priority"]),
        state=TicketState(row["state"]), issued_at=parse_iso_set(row["issued_at"]),
        sort_at=parse_iso_set(row["sort_at"]), code="",  # only its keyed hash is kept
        called_at=parse_iso(row["called_at"]), serving_at=parse_iso(row["serving_at"]),
        finished_at=parse_iso(row["finished_at"]), counter=row["counter_number"],
        officer_id=row["officer_id"], outcome=row["outcome"],
        target_counter=row["target_counter"], target_officer_id=row["target_officer_id"],
        transfer_count=row["transfer_count"], print_status=row["print_status"],
        print_error=row["print_error"], station=row["station"],
        priority_group=row["priority_group"] if "priority_group" in row.keys() else None,
        routed_at=parse_iso(row["routed_at"]) if "routed_at" in row.keys() else None,
    )


#: Codes printed before migration 10 (8 characters, no ticket id) are looked for among
#: this many days of tickets: a survey or a reprint is about a recent visit.
LEGACY_CODE_DAYS = 62


def code_lookup(code: str, salt: str | None) -> tuple[str, tuple]:
    """``WHERE`` clause and parameters (after :data:`TICKET_SELECT`) for the ticket with
    *code*: by the id the code carries (a rowid lookup; the code has no index), and the
    code's keyed hash (``core.skm.spent_code_hash`` with the office key *salt*, migration
    12: the file keeps no code in the clear) must match. A code from before ids were part
    of codes (exactly 8 characters of the code alphabet) is looked for among the last
    :data:`LEGACY_CODE_DAYS` days of tickets; anything else matches nothing, without
    reading the tickets at all."""
    clean = (code or "").strip().upper()
    if not salt:
        return " WHERE 0", ()
    digest = spent_code_hash(salt, clean)
    ticket_id = code_ticket_id(clean)
    if ticket_id is not None:
        return " WHERE t.id = ? AND t.code_hash = ?", (ticket_id, digest)
    if len(clean) == CODE_RANDOM_LEN and all(c in CODE_ALPHABET for c in clean):
        return (" WHERE t.day >= date('now', ?) AND t.code_hash = ?",
                (f"-{LEGACY_CODE_DAYS} days", digest))
    return " WHERE 0", ()


def code_salt(conn: Connection) -> str | None:
    """The office key of the survey-code hashes (``skm_code_salt``), None if not made yet."""
    row = conn.execute("SELECT value FROM settings WHERE key IN ('skm_code_salt')").fetchone()
    return json.loads(row[0]) if row else None


def survey_code_hash(conn: Connection, code: str) -> str:
    """Inside a write transaction: the keyed hash kept for *code* (the office key is made
    on first use; the insert is captured like any settings row)."""
    from ult_desktop.db.engine.config_cache import cached

    # kept between writes like the other settings a ticket reads (one lookup less per
    # ticket on the share); made once, never changed
    salt = cached(conn, ("settings", ("skm_code_salt",)), lambda: code_salt(conn))
    if salt is None:
        salt = code_salt(conn)  # not kept while missing: read afresh
    if salt is None:
        salt = secrets.token_hex(16)
        conn.execute("INSERT INTO settings (key, value) VALUES ('skm_code_salt', ?)",
                     (json.dumps(salt),))
        cache = getattr(conn, "config", None)
        if cache is not None:
            cache.forget()
    return spent_code_hash(salt, code)
