"""The append-only event log: audit trail, report timings and the change feed."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from ult_desktop.core.tickets import Event


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with fixed precision, so stored times sort as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def append_event(conn: sqlite3.Connection, station: str, kind: str, *,
                 ticket_id: int | None = None, ticket_number: str | None = None,
                 service_prefix: str | None = None, counter: int | None = None,
                 at: datetime | None = None, data: dict | None = None) -> int:
    """Append one event inside the caller's transaction; returns its id."""
    cur = conn.execute(
        "INSERT INTO events (kind, ticket_id, ticket_number, service_prefix, counter_number, "
        "station, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, ticket_id, ticket_number, service_prefix, counter, station,
         iso(at or datetime.now(timezone.utc)), json.dumps(data or {}, ensure_ascii=False)))
    return cur.lastrowid


def event_from_row(row: sqlite3.Row) -> Event:
    return Event(id=row["id"], kind=row["kind"], ticket_id=row["ticket_id"],
                 ticket_number=row["ticket_number"], service_prefix=row["service_prefix"],
                 counter=row["counter_number"], station=row["station"],
                 at=datetime.fromisoformat(row["at"]), data=json.loads(row["data"]))
