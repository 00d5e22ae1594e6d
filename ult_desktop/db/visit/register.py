"""The service register (digital guest book): one record per visit, each save with an
event without personal data in the same transaction."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.register import (
    Channel,
    Record,
    RecordInput,
    merge_record,
    normalized,
    validate,
)
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.queue.rows import day_settings, service_of
from ult_desktop.db.queue.transition import note
from ult_desktop.db.record.events import append_event, iso, parse_iso_set

#: Event kinds written by this module.
RECORD_CREATED = "register_created"
RECORD_UPDATED = "register_updated"

_SELECT = (
    "SELECT r.*, t.number AS ticket_number, t.outcome AS ticket_outcome, "
    "s.prefix AS service_prefix, "
    "s.name AS service_name FROM register_records r "
    "JOIN services s ON s.id = r.service_id LEFT JOIN tickets t ON t.id = r.ticket_id"
)
_FIELDS = ("visitor_name", "institution", "region_code", "region_name", "phone", "email",
           "id_number", "on_behalf", "on_behalf_of", "letter_type", "letter_number", "topic",
           "question", "answer", "online_ref", "request_type", "lapor_id")


def record_from_row(row: sqlite3.Row) -> Record:
    data = RecordInput.from_dict({k: ("" if row[k] is None else row[k]) for k in _FIELDS})
    data.on_behalf = bool(row["on_behalf"])
    return Record(id=row["id"], ticket_id=row["ticket_id"], ticket_number=row["ticket_number"],
                  channel=Channel(row["channel"]), day=row["day"],
                  service_id=row["service_id"], service_prefix=row["service_prefix"],
                  service_name=row["service_name"], officer_id=row["officer_id"], data=data,
                  created_at=parse_iso_set(row["created_at"]),
                  updated_at=parse_iso_set(row["updated_at"]),
                  ticket_outcome=row["ticket_outcome"] if "ticket_outcome" in row.keys()
                  else None)


def load_record(conn: Connection, record_id: int) -> Record:
    row = conn.execute(_SELECT + " WHERE r.id = ?", (record_id,)).fetchone()
    if row is None:
        raise errors.NotFound("counter.error.record_not_found", record=record_id)
    return record_from_row(row)


def _check(record: RecordInput, channel: Channel) -> dict:
    problems = validate(record, channel=channel)
    if problems:
        from ult_desktop.core.i18n import tr
        field, key = next(iter(problems.items()))
        raise errors.RuleViolation("error.bad_input", detail=tr(key))
    return normalized(record)


def save_record(db: Database, *, record: RecordInput, channel: str | Channel,
                ticket_id: int | None = None, service: str | None = None,
                officer_id: int | None = None, record_id: int | None = None,
                base: RecordInput | None = None, now: datetime | None = None) -> Record:
    """Create (or with *record_id* update) a register record; returns it as stored. An
    update writes only what the form changed since *base* (``core.register.merge_record``).
    A walk-in names its *ticket_id*, phone/online their *service* prefix.
    :raises RuleViolation: missing name, malformed phone/e-mail/NIK, unknown ticket or
        service, a walk-in record without a ticket."""
    chan = Channel(channel)
    values = _check(record, chan)
    now = now or _utc_now()

    def tx(conn: Connection) -> Record:
        service_id, day, ticket_number, prefix, existing = _target(
            conn, chan, ticket_id, service, record_id, now)
        cols = list(_FIELDS)
        params = [values[k] for k in cols]
        if existing is None:
            cur = conn.execute(
                f"INSERT INTO register_records (ticket_id, channel, day, service_id, "
                f"officer_id, {', '.join(cols)}, created_at, updated_at, station) VALUES "
                f"(?, ?, ?, ?, ?, {', '.join('?' * len(cols))}, ?, ?, ?) RETURNING id",
                (ticket_id, chan.value, day, service_id, officer_id, *params, iso(now),
                 iso(now), db.station))
            rid, kind = port.inserted_id(cur), RECORD_CREATED
            if ticket_id is not None:
                note(None, conn, ticket_id, record_id=rid)
                _adopt_consultations(conn, rid, ticket_id, now)
        else:
            rid, kind = existing["id"], RECORD_UPDATED
            stored = load_record(conn, rid).data
            params = [_check(merge_record(base, record, stored), chan)[k] for k in cols]
            sets = ", ".join(f"{k} = ?" for k in cols)
            conn.execute(f"UPDATE register_records SET {sets}, service_id = ?, updated_at = ?, "
                         f"officer_id = COALESCE(?, officer_id) WHERE id = ?",
                         (*params, service_id, iso(now), officer_id, rid))
        append_event(conn, db.station, kind, ticket_id=ticket_id, ticket_number=ticket_number,
                     service_prefix=prefix, at=now,
                     data={"record_id": rid, "channel": chan.value, "officer_id": officer_id})
        return load_record(conn, rid)

    return db.write(tx)


def _target(conn: Connection, chan: Channel, ticket_id: int | None, service: str | None,
            record_id: int | None, now: datetime) -> tuple:
    """What a record is written for: (service id, day, ticket number, prefix, the existing
    record's row or None): a walk-in's ticket, or a phone or online record's service."""
    if chan is Channel.WALK_IN:
        if ticket_id is None:
            raise errors.RuleViolation("error.walk_in_needs_ticket")
        t = conn.execute(_WALK_IN_TICKET, (ticket_id,)).fetchone()
        if t is None:
            raise errors.NotFound(number=ticket_id)
        existing = None if t["record_id"] is None else conn.execute(
            "SELECT id FROM register_records WHERE id = ?", (t["record_id"],)).fetchone()
        return t["service_id"], t["day"], t["number"], t["prefix"], existing
    if not service:
        raise errors.RuleViolation("counter.error.service_required")
    svc = service_of(conn, service)
    existing = None
    if record_id is not None:
        existing = conn.execute("SELECT id FROM register_records WHERE id = ?",
                                (record_id,)).fetchone()
        if existing is None:
            raise errors.NotFound("counter.error.record_not_found", record=record_id)
    return svc.id, day_settings(conn, now)[0], None, svc.prefix, existing


_WALK_IN_TICKET = ("SELECT t.id, t.number, t.day, t.service_id, s.prefix, t.record_id "
                   "FROM tickets t JOIN services s ON s.id = t.service_id WHERE t.id = ?")
_CONSULTATION_ANSWER = ("SELECT disposition FROM handovers WHERE ticket_id = ? AND "
                        "disposition IS NOT NULL ORDER BY answered_at DESC, id DESC LIMIT 1")


def walk_in_reads(ticket_id: int) -> list[tuple[str, tuple]]:
    """The reads :func:`save_record` of a walk-in makes before it writes (``ahead`` of
    ``Database.write``)."""
    return [(_WALK_IN_TICKET, (ticket_id,)), (_CONSULTATION_ANSWER, (ticket_id,))]


def _adopt_consultations(conn: Connection, record_id: int, ticket_id: int,
                         now: datetime) -> None:
    """A visit's first record names the consultations asked for its ticket before it
    existed; their answer becomes the record's when the form had none."""
    row = conn.execute(_CONSULTATION_ANSWER, (ticket_id,)).fetchone()  # naming it changes no answer
    conn.execute("UPDATE handovers SET record_id = ? WHERE ticket_id = ? AND record_id IS NULL",
                 (record_id, ticket_id))
    if row is not None:
        conn.execute("UPDATE register_records SET answer = ?, updated_at = ? WHERE id = ? "
                     "AND (answer IS NULL OR answer = '')", (row[0], iso(now), record_id))


def record_of_ticket(conn: Connection, ticket_id: int) -> Record | None:
    """Inside the caller's read: the register record of ticket *ticket_id*, or None."""
    row = conn.execute(_SELECT + " WHERE r.id = (SELECT record_id FROM tickets WHERE id = ?)",
                       (ticket_id,)).fetchone()
    return record_from_row(row) if row else None


def read_records_of_day(conn: Connection, day: str, *,
                        channel: str | None = None) -> list[Record]:
    """The register records of office *day* (of one *channel* if given), in order."""
    sql, params = _SELECT + " WHERE r.day = ?", [day]
    if channel:
        sql += " AND r.channel = ?"
        params.append(channel)
    return [record_from_row(r) for r in conn.execute(sql + " ORDER BY r.id", tuple(params))]
