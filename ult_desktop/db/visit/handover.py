"""The back-office desk: handovers between front office and back office (SOP 003, 10-15).

Back office writes the disposition of a consultation, escalation or transfer and hands it
back; every move appends its ``handover_*`` event, timed per SOP step (``core.sop``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from ult_desktop.core.images import PERSONAL_COLUMNS
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.sop import (
    ExplainMode,
    Handover,
    HandoverKind,
    HandoverState,
    StepSummary,
    can_move,
    summarize,
    summarize_by_service,
    targets,
)
from ult_desktop.core.tickets import EventKind, Ticket, TicketState
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import (
    acting_for,
    office_today,
    officer_row,
    read_services,
    read_settings,
)
from ult_desktop.db.queue.rows import (
    TICKET_SELECT,
    load_ticket,
    read_tickets,
    standing_rows,
    ticket_from_row,
)
from ult_desktop.db.queue.transition import move
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import append_event, iso, parse_iso
from ult_desktop.db.record.judged import judged_rows, standing, written_whole

SENT, TAKEN, COORDINATING = "handover_sent", "handover_taken", "handover_coordinating"
ANSWERED, RETURNED, EXPLAINED = "handover_answered", "handover_returned", "handover_explained"
#: Case events written here too (same names as db/visit/cases.py, which imports this module).
CASE_ANSWERED, CASE_CALLBACK = "case_answered", "case_callback"
#: Every event kind this module writes (the counter listens for them).
EVENT_KINDS = frozenset({SENT, TAKEN, COORDINATING, ANSWERED, RETURNED, EXPLAINED})
_TIMES = ("served_at", "sent_at", "taken_at", "coordinating_at", "answered_at",
          "returned_at", "explained_at")

_SELECT = (
    "SELECT h.*, s.prefix AS service_prefix, s.name AS service_name, t.number AS "
    "ticket_number, r.visitor_name, r.institution, r.topic, r.phone AS visitor_phone, "
    "r.online_ref, "
    "c.due_day AS due_day, fo.name AS from_name, "
    "bo.name AS taken_name FROM handovers h JOIN services s ON s.id = h.service_id "
    "LEFT JOIN tickets t ON t.id = h.ticket_id "
    "LEFT JOIN register_records r ON r.id = h.record_id "
    "LEFT JOIN cases c ON c.id = h.case_id "
    "LEFT JOIN officers fo ON fo.id = h.from_officer "
    "LEFT JOIN officers bo ON bo.id = h.taken_by"
)




def _handover(row: sqlite3.Row) -> Handover:
    return Handover(
        id=row["id"], kind=HandoverKind(row["kind"]), state=HandoverState(row["state"]),
        ticket_id=row["ticket_id"], ticket_number=row["ticket_number"],
        record_id=row["record_id"], case_id=row["case_id"], service_id=row["service_id"],
        service_prefix=row["service_prefix"], service_name=row["service_name"],
        channel=row["channel"], day=row["day"], from_officer=row["from_officer"],
        from_name=row["from_name"], to_officer=row["to_officer"], taken_by=row["taken_by"],
        taken_name=row["taken_name"], visitor_name=row["visitor_name"],
        institution=row["institution"], topic=row["topic"], question=row["question"],
        unit=row["unit"], disposition=row["disposition"], explain_mode=row["explain_mode"],
        times={k: parse_iso(row[k]) for k in _TIMES}, phone=row["visitor_phone"],
        due_day=row["due_day"], online_ref=row["online_ref"])


def read_handover(conn: Connection, handover_id: int) -> Handover:
    row = conn.execute(_SELECT + " WHERE h.id = ?", (handover_id,)).fetchone()
    if row is None:
        raise errors.NotFound("backoffice.error.not_found", handover=handover_id)
    return _handover(row)


def _event(db: Database, conn: Connection, kind: str, h: Handover, now: datetime,
           officer_id: int | None, **data: object) -> None:
    append_event(conn, db.station, kind, ticket_id=h.ticket_id, ticket_number=h.ticket_number,
                 service_prefix=h.service_prefix, at=now,
                 data={"handover_id": h.id, "handover_kind": h.kind.value,
                       "officer_id": officer_id, "from_officer": h.from_officer,
                       "to_officer": h.to_officer, **data})


def insert_handover(conn: Connection, *, kind: str, service_id: int, channel: str,
                    now: datetime, from_officer: int | None, to_officer: int | None = None,
                    ticket_id: int | None = None, record_id: int | None = None,
                    case_id: int | None = None, question: str = "",
                    state: str = "sent", served_at: str | None = None,
                    sent_at: datetime | None = None) -> int:
    """Insert a handover row inside the caller's transaction; returns its id."""
    if served_at is None and ticket_id is not None:
        row = conn.execute("SELECT COALESCE(serving_at, called_at) FROM tickets WHERE id = ?",
                           (ticket_id,)).fetchone()
        served_at = row[0] if row else None
    tz = read_settings(conn, ("timezone",))["timezone"]
    sent = sent_at or now
    cur = conn.execute(
        "INSERT INTO handovers (kind, ticket_id, record_id, case_id, service_id, channel, day, "
        "from_officer, to_officer, state, question, served_at, sent_at, taken_at, taken_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (kind, ticket_id, record_id, case_id, service_id, channel,
         office_day(sent, tz).isoformat(), from_officer, to_officer, state,
         (question or "").strip(), served_at, iso(sent),
         iso(now) if state == "taken" else None, to_officer if state == "taken" else None))
    return port.inserted_id(cur)


# -- front office ------------------------------------------------------------------------
def consult(db: Database, *, from_officer: int, question: str, ticket_id: int | None = None,
            record_id: int | None = None, to_officer: int | None = None,
            now: datetime | None = None) -> Handover:
    """SOP 003 step 10: the FO officer consults back office about a visitor (ticket) or a
    phone/online request (record); the visitor stays with the FO officer.
    :raises RuleViolation: no question, or neither a ticket nor a record named."""
    if not (question or "").strip():
        raise errors.RuleViolation("backoffice.error.question_required")
    if ticket_id is None and record_id is None:
        raise errors.RuleViolation("backoffice.error.nothing_to_consult")
    now = now or _utc_now()

    def tx(conn: Connection) -> Handover:
        if to_officer is not None and not (officer_row(conn, to_officer) or {}).get("active"):
            raise errors.RuleViolation("error.unknown_officer")  # (as the record holds her)
        rec_id = record_id
        if record_id is not None:
            row = conn.execute("SELECT service_id, channel, ticket_id FROM register_records "
                               "WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                raise errors.NotFound("counter.error.record_not_found", record=record_id)
            service_id, channel, tid = row[0], row[1], ticket_id or row[2]
        else:
            row = conn.execute("SELECT service_id, channel, record_id FROM tickets "
                               "WHERE id = ?", (ticket_id,)).fetchone()
            if row is None:
                raise errors.NotFound(number=ticket_id)
            service_id, channel, tid = row[0], row[1] or "walk_in", ticket_id
            rec_id = row[2]
        hid = insert_handover(conn, kind=HandoverKind.CONSULTATION.value, service_id=service_id,
                              channel=channel, now=now, from_officer=from_officer,
                              to_officer=to_officer, ticket_id=tid, record_id=rec_id,
                              question=question)
        h = read_handover(conn, hid)
        _event(db, conn, SENT, h, now, from_officer)
        return h

    return db.write(tx)


def case_as_recorded(conn: Connection, case_id: int) -> dict | None:
    """Inside a write: case *case_id*'s row, its state, days and marks as the record holds
    them (its texts as the table has them); a raw row that says otherwise (written with
    plain ``sqlite3``) put back so first, without an image (the table then holds what the
    log does): the write images all it changes from the record's. None: the record (or
    the table) holds no such case."""
    judged = judged_rows(conn, "cases")
    row = None if judged is None else judged.get((case_id,))
    raw = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    if raw is None or judged is not None and row is None:
        return None
    columns = set(port.columns(conn, "cases")) - set(PERSONAL_COLUMNS["cases"])
    plain = {c: v for c, v in (row or {}).items() if c in columns}
    if any(raw[c] != v for c, v in plain.items()):
        with projection.paused(conn):
            conn.execute(f"UPDATE cases SET {', '.join(f'{c} = ?' for c in plain)} "
                         "WHERE id = ?", (*plain.values(), case_id))
    return {**dict(raw), **plain}


def explain(db: Database, *, handover_id: int, officer_id: int | None, mode: str,
            now: datetime | None = None) -> Handover:
    """SOP 003 step 15: the FO officer explained the disposition to the visitor, in
    person or by call-back; a case waiting for its call-back is marked as called back."""
    how = ExplainMode(mode)

    def work(conn, h: Handover, now: datetime) -> None:
        conn.execute("UPDATE handovers SET explain_mode = ? WHERE id = ?", (how.value, h.id))
        if h.case_id is not None and how is ExplainMode.CALLBACK:
            case = case_as_recorded(conn, h.case_id)
            # one call, one attempt: a call already logged as reached in the cases view
            # is not counted again here
            if case is not None and case["state"] == "answered" and \
                    case["callback_done_at"] is None:
                conn.execute("UPDATE cases SET callback_attempts = callback_attempts + 1, "
                             "callback_done_at = ? WHERE id = ?", (iso(now), h.case_id))
                append_event(conn, db.station, CASE_CALLBACK, ticket_id=h.ticket_id,
                             ticket_number=h.ticket_number, service_prefix=h.service_prefix,
                             at=now, data={"case_id": h.case_id, "record_id": h.record_id,
                                           "officer_id": officer_id, "reached": True,
                                           "attempt": case["callback_attempts"] + 1})

    return _move(db, handover_id, HandoverState.EXPLAINED, EXPLAINED, officer_id, now, work,
                 data={"mode": how.value})


# -- back office -------------------------------------------------------------------------
def _move(db: Database, handover_id: int, wanted: HandoverState, kind: str,
          officer_id: int | None, now: datetime | None, work=None, *,
          data: dict | None = None) -> Handover:
    """One step: check the transition, run *work* in the transaction, stamp the state's
    time (``<state>_at``) and append the *kind* event."""
    now = now or _utc_now()
    column = f"{wanted.value}_at"  # a HandoverState value, never outside text

    def tx(conn: Connection) -> Handover:
        h = read_handover(conn, handover_id)
        if not can_move(h.state, wanted):
            raise errors.RuleViolation("backoffice.error.invalid_step",
                                       state=h.state.value, wanted=wanted.value)
        if work is not None:
            work(conn, h, now)
        keep = h.state is wanted  # a corrected disposition keeps its first time
        conn.execute(f"UPDATE handovers SET state = ?, {column} = COALESCE({column}, ?) "
                     f"WHERE id = ?" if keep else
                     f"UPDATE handovers SET state = ?, {column} = ? WHERE id = ?",
                     (wanted.value, iso(now), h.id))
        after = read_handover(conn, h.id)
        _event(db, conn, kind, after, now, officer_id, **(data or {}))
        return after

    return db.write(tx)


def take(db: Database, *, handover_id: int, officer_id: int,
         now: datetime | None = None) -> Handover:
    """SOP 003 step 11: a back-office officer takes the handover (receives the report).
    :raises RuleViolation: it was addressed to another officer, or already taken."""
    def work(conn, h: Handover, now: datetime) -> None:
        if h.to_officer is not None and h.to_officer not in acting_for(conn, officer_id):
            raise errors.RuleViolation("backoffice.error.not_yours")
        conn.execute("UPDATE handovers SET taken_by = ? WHERE id = ?", (officer_id, h.id))

    return _move(db, handover_id, HandoverState.TAKEN, TAKEN, officer_id, now, work)


def _mine(conn: Connection, h: Handover, officer_id: int | None) -> None:
    """Taken by *officer_id*, or by one they stand in for today."""
    if officer_id is not None and h.taken_by is not None and h.taken_by != officer_id and \
            h.taken_by not in acting_for(conn, officer_id):
        raise errors.RuleViolation("backoffice.error.taken_by_other", name=h.taken_name or "")


def coordinate(db: Database, *, handover_id: int, officer_id: int | None, unit: str,
               now: datetime | None = None) -> Handover:
    """SOP 003 step 13: back office coordinates with the unit utama named *unit*."""
    if not (unit or "").strip():
        raise errors.RuleViolation("counter.error.unit_required")

    def work(conn, h: Handover, now: datetime) -> None:
        _mine(conn, h, officer_id)
        conn.execute("UPDATE handovers SET unit = ? WHERE id = ?", (unit.strip(), h.id))

    return _move(db, handover_id, HandoverState.COORDINATING, COORDINATING, officer_id, now,
                 work, data={"unit": unit.strip()})


def answer(db: Database, *, handover_id: int, officer_id: int | None, disposition: str,
           now: datetime | None = None) -> Handover:
    """SOP 003 steps 12-14: back office writes the disposition (its own, or the unit
    utama's direction). An escalated case gets it as its answer in the same transaction."""
    if not (disposition or "").strip():
        raise errors.RuleViolation("backoffice.error.disposition_required")
    text = disposition.strip()

    def work(conn, h: Handover, now: datetime) -> None:
        _mine(conn, h, officer_id)
        conn.execute("UPDATE handovers SET disposition = ? WHERE id = ?", (text, h.id))
        if h.case_id is not None:
            case = case_as_recorded(conn, h.case_id)
            if case is not None and case["state"] != "closed":
                conn.execute("UPDATE cases SET state = 'answered', answer = ?, answered_at = ?, "
                             "answered_by = ? WHERE id = ?",
                             (text, iso(now), officer_id, h.case_id))
                append_event(conn, db.station, CASE_ANSWERED, ticket_id=h.ticket_id,
                             ticket_number=h.ticket_number, service_prefix=h.service_prefix,
                             at=now, data={"case_id": h.case_id, "record_id": h.record_id,
                                           "channel": h.channel, "officer_id": officer_id,
                                           "callback_needed": bool(case["callback_needed"])})
        if h.record_id is not None:
            conn.execute("UPDATE register_records SET answer = ?, updated_at = ? WHERE id = ?",
                         (text, iso(now), h.record_id))

    return _move(db, handover_id, HandoverState.ANSWERED, ANSWERED, officer_id, now, work)


def case_answered(db: Database, conn: Connection, *, case_id: int, text: str,
                  officer_id: int | None, now: datetime) -> None:
    """Inside the caller's transaction: a case answered from the cases view moves its open
    escalation handover to "answered" with the same text (SOP steps 12-14)."""
    rows = conn.execute("SELECT id FROM handovers WHERE case_id = ? AND state IN "
                        "('sent', 'taken', 'coordinating')", (case_id,)).fetchall()
    for (handover_id,) in rows:
        conn.execute("UPDATE handovers SET state = 'answered', answered_at = ?, "
                     "disposition = ? WHERE id = ?", (iso(now), text, handover_id))
        _event(db, conn, ANSWERED, read_handover(conn, handover_id), now, officer_id,
               via="cases")


def callback_reached(db: Database, conn: Connection, *, case_id: int,
                     officer_id: int | None, now: datetime) -> None:
    """Inside the caller's transaction: a call-back logged in the cases view explains the
    escalation handed back (SOP 003 step 15); no second call is counted."""
    rows = conn.execute("SELECT id FROM handovers WHERE case_id = ? AND state = 'returned'",
                        (case_id,)).fetchall()
    for (handover_id,) in rows:
        conn.execute("UPDATE handovers SET state = 'explained', explained_at = ?, "
                     "explain_mode = 'callback' WHERE id = ?", (iso(now), handover_id))
        _event(db, conn, EXPLAINED, read_handover(conn, handover_id), now, officer_id,
               mode="callback", via="cases")


def hand_back(db: Database, *, handover_id: int, officer_id: int | None,
              now: datetime | None = None) -> Handover:
    """Hand the disposition back to the FO officer (end of step 14). A visitor who was
    transferred to back office goes back in line for that FO officer, keeping the place."""

    def work(conn, h: Handover, now: datetime) -> None:
        _mine(conn, h, officer_id)
        if h.kind is not HandoverKind.TRANSFER or h.ticket_id is None:
            return
        t = load_ticket(conn, h.ticket_id)
        if t.state not in (TicketState.CALLED, TicketState.SERVING) or h.from_officer is None:
            return
        move(db, conn, t, TicketState.TRANSFERRED, kind=EventKind.TRANSFERRED, at=now,
             counter=None, target_counter=None, target_officer_id=h.from_officer,
             data={"from_service": t.service_prefix, "to_service": t.service_prefix,
                   "to_counter": None, "to_officer": h.from_officer, "reason": "back_office"})

    return _move(db, handover_id, HandoverState.RETURNED, RETURNED, officer_id, now, work)


def finish_at_desk(db: Database, *, handover_id: int, officer_id: int | None,
                   now: datetime | None = None) -> Handover:
    """A visitor transferred to back office and answered there in person: the visit
    ends at the BO desk (ticket done) instead of going back to the front office."""
    def work(conn, h: Handover, now: datetime) -> None:
        _mine(conn, h, officer_id)
        if h.kind is not HandoverKind.TRANSFER or h.ticket_id is None:
            raise errors.RuleViolation("backoffice.error.hand_back_instead")
        t = load_ticket(conn, h.ticket_id)
        conn.execute("UPDATE handovers SET explain_mode = 'in_person', returned_at = ? "
                     "WHERE id = ?", (iso(now), h.id))
        if t.state in (TicketState.CALLED, TicketState.SERVING):
            move(db, conn, t, TicketState.DONE, kind=EventKind.FINISHED, at=now, counter=None,
                 outcome="answered", data={"outcome": "answered", "officer_id": officer_id,
                                           "desk": "back_office"})

    return _move(db, handover_id, HandoverState.EXPLAINED, EXPLAINED, officer_id, now, work,
                 data={"mode": "in_person", "desk": "back_office"})


def take_ticket(db: Database, *, officer_id: int, ticket_id: int | None = None,
                now: datetime | None = None) -> tuple[Ticket, Handover] | None:
    """*officer_id* serves a visitor transferred to them at the desk (not announced):
    *ticket_id*, or the longest-waiting one (theirs, or of one they stand in for today, as
    :func:`read_tickets_for_officer` lists them); a ``transfer`` handover starts.
    ``None``: nobody."""
    now = now or _utc_now()

    def tx(conn: Connection):
        day = office_today(conn, now).isoformat()
        marks, ids = _ids(conn, officer_id)
        sql = TICKET_SELECT + (" WHERE t.state IN ('waiting', 'transferred') AND "
                               f"t.target_officer_id IN {marks} AND t.day = ?")
        params: tuple = (*ids, day)
        if ticket_id is not None:
            sql, params = sql + " AND t.id = ?", (*params, ticket_id)
        row = next(iter(standing_rows(conn, conn.execute(
            sql + " ORDER BY t.priority DESC, t.sort_at, t.id", params).fetchall())), None)
        if row is None:
            if ticket_id is not None:
                raise errors.RuleViolation("backoffice.error.not_for_you")
            return None
        t = ticket_from_row(row)
        sent = conn.execute("SELECT at FROM events WHERE ticket_id = ? AND kind = ? "
                            "ORDER BY id DESC LIMIT 1",
                            (t.id, EventKind.TRANSFERRED)).fetchone()
        desk = {"officer_id": officer_id, "desk": "back_office"}
        called = move(db, conn, t, TicketState.CALLED, kind=EventKind.CALLED, at=now,
                      counter=None, data=desk, counter_number=None, officer_id=officer_id)
        after = move(db, conn, called, TicketState.SERVING, kind=EventKind.SERVING, at=now,
                     counter=None, data=desk)
        hid = insert_handover(conn, kind=HandoverKind.TRANSFER.value, service_id=t.service_id,
                              channel="walk_in", now=now, from_officer=t.officer_id,
                              to_officer=officer_id, ticket_id=t.id,
                              record_id=row["record_id"], state="taken",  # t.* above
                              served_at=iso(t.serving_at) if t.serving_at else None,
                              sent_at=parse_iso(sent[0]) if sent else now)
        h = read_handover(conn, hid)
        _event(db, conn, TAKEN, h, now, officer_id)
        return after, h

    return db.write(tx)


# -- what each desk sees -----------------------------------------------------------------
def _ids(conn: Connection, officer_id: int) -> tuple[str, tuple[int, ...]]:
    """``(?, ?)`` and the ids: the officer and those they stand in for today."""
    ids = tuple(acting_for(conn, officer_id))
    return "(" + ", ".join("?" * len(ids)) + ")", ids


def read_back_office_list(conn: Connection, officer_id: int) -> list[Handover]:
    """Handovers back office still has to act on: new ones for anyone or this officer,
    and those this officer (or one they stand in for today) took and has not handed back."""
    marks, ids = _ids(conn, officer_id)
    rows = conn.execute(_SELECT + " WHERE (h.state = 'sent' AND (h.to_officer IS NULL OR "
                        f"h.to_officer IN {marks})) OR (h.state IN ('taken', 'coordinating', "
                        f"'answered') AND (h.taken_by IS NULL OR h.taken_by IN {marks})) "
                        # the work list by tenggat: due first, consultations (the visitor
                        # is waiting at the desk: due today) with them, then by arrival
                        "ORDER BY COALESCE(c.due_day, h.day), h.id", ids + ids)
    return [_handover(r) for r in rows]


def read_front_office_list(conn: Connection, officer_id: int,
                           since_day: date) -> list[Handover]:
    """What this FO officer (or one they stand in for today) handed over: still open, or
    explained on/after *since_day*."""
    marks, ids = _ids(conn, officer_id)
    rows = conn.execute(_SELECT + f" WHERE h.from_officer IN {marks} AND (h.state != "
                        "'explained' OR h.day >= ?) ORDER BY (h.state = 'returned') DESC, h.id",
                        (*ids, since_day.isoformat()))
    return [_handover(r) for r in rows]


def read_tickets_for_officer(conn: Connection, officer_id: int,
                             day: str) -> list[Ticket]:
    """Visitors transferred to *officer_id* (or to one they stand in for today) on
    office day *day*, waiting to be taken."""
    marks, ids = _ids(conn, officer_id)
    return read_tickets(conn, f" WHERE t.day = ? AND t.target_officer_id IN {marks} AND "
                        "t.state IN ('waiting', 'transferred') ORDER BY t.priority DESC, "
                        "t.sort_at, t.id", (day, *ids))


# -- standard times ----------------------------------------------------------------------
def read_targets(conn: Connection, service_id: int) -> dict[str, int]:
    """Defaults, then the service's Standar Pelayanan days, then its own mutu baku."""
    row = [s for s in read_services(conn) if s.id == service_id]
    own = {"resolution_days": row[0].target_resolution_days} if row else {}
    own.update({r["step"]: r["value"] for r in standing(conn, "sop_targets", conn.execute(
        "SELECT * FROM sop_targets WHERE service_id = ?", (service_id,)).fetchall(),
        only=(service_id,))})
    return targets(own)


def step_targets(db: Database, service_id: int) -> dict[str, int]:
    """The mutu baku of *service_id*: SOP 003 defaults with the service's own values."""
    return db.read(lambda conn: read_targets(conn, service_id))


def set_step_targets(db: Database, *, service_id: int, values: dict[str, int]) -> dict[str, int]:
    """Set a service's standard times (minutes per step, working days per request)."""
    known = targets()
    bad = [k for k, v in values.items() if k not in known or int(v) < 0]
    if bad:
        raise errors.RuleViolation("error.bad_input", detail=f"mutu baku {bad}")

    def tx(conn: Connection) -> None:
        images = written_whole(conn, "sop_targets", conn.execute(
            "SELECT * FROM sop_targets WHERE service_id = ?", (service_id,)).fetchall(),
            {(service_id, k): {"value": int(v)} for k, v in values.items()})
        conn.executemany("INSERT INTO sop_targets (service_id, step, value) VALUES (?, ?, ?) "
                         "ON CONFLICT(service_id, step) DO UPDATE SET value = excluded.value",
                         [(service_id, k, int(v)) for k, v in values.items()])
        append_event(conn, db.station, "settings_changed", images=images or None,
                     data={"keys": ["sop_targets"], "service_id": service_id})

    db.write(tx)
    return step_targets(db, service_id)  # (as the record now lets them stand)


@dataclass(frozen=True)
class SopReport:
    steps: list[StepSummary]
    requests: int          # handovers explained in the period
    within_days: int       # ... explained within their working-day target
    #: the same figures per service id (each against its own mutu baku)
    by_service: dict[int, list[StepSummary]] = field(default_factory=dict)
    #: handovers of the period not yet explained to the visitor (still with BO or FO)
    unfinished: int = 0


def face_to_face(h: Handover) -> bool:
    """SOP 003 times in minutes what the visitor waits for at the desk (a consultation or a
    transfer); escalations and phone/online requests count working days (SOP 000/001)."""
    return h.channel == "walk_in" and h.kind is not HandoverKind.ESCALATION


def sop_report(db: Database, date_from: date, date_to: date) -> SopReport:
    """Time per SOP step of the face-to-face handovers of *date_from*..*date_to* against the
    mutu baku, and how many requests were finished within their working days."""
    return db.read(lambda conn: read_sop_report(conn, date_from, date_to))


def read_sop_report(conn: Connection, date_from: date, date_to: date) -> SopReport:
    """:func:`sop_report` inside the caller's read."""
    rows = conn.execute(_SELECT + " WHERE h.day BETWEEN ? AND ? ORDER BY h.id",
                        (date_from.isoformat(), date_to.isoformat())).fetchall()
    tz = read_settings(conn, ("timezone",))["timezone"]
    cal = OfficeCalendar.from_settings(read_settings(conn, ("extra_holidays",)))
    cache: dict[int, dict[str, int]] = {}
    samples, done, within = [], 0, 0
    for row in rows:
        h = _handover(row)
        tg = cache.setdefault(h.service_id, read_targets(conn, h.service_id))
        if face_to_face(h):  # SOP 003's minutes: the visitor waits at the desk
            samples.append((h.service_id, h.step_minutes(), tg))
        end = h.times["explained_at"]
        if end is not None:
            done += 1
            days = tg["online_days"] if h.channel == "online" else tg["resolution_days"]
            took = cal.working_days_between(date.fromisoformat(h.day), office_day(end, tz))
            within += took <= days
    return SopReport(summarize([(m, tg) for _, m, tg in samples]), done, within,
                     summarize_by_service(samples), unfinished=len(rows) - done)
