"""Escalation cases: a register record sent to back office or a unit utama.

The due date counts working days (``target_resolution_days``); back office answers or
reschedules, the visitor is called back, the case is closed; each step appends its event."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from ult_desktop.core.dates import day_start_utc, stored_day, stored_time
from ult_desktop.core.evidence import LAPOR_DAYS, lapor_clock, lapor_steps
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.personal_data import privacy_notice
from ult_desktop.core.register import Case, CaseState, EscalationTarget, Record, RecordInput
from ult_desktop.core.tickets import Outcome, Ticket, TicketState
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import office_today, read_settings
from ult_desktop.db.queue.desk import finish, start_serving
from ult_desktop.db.queue.rows import load_or_none, read_by_id
from ult_desktop.db.record.events import append_event, iso, parse_iso, parse_iso_set
from ult_desktop.db.record.judged import judged_rows, put_back
from ult_desktop.db.visit.handover import SENT as HANDOVER_SENT
from ult_desktop.db.visit.handover import (
    callback_reached,
    case_answered,
    case_as_recorded,
    insert_handover,
    read_targets,
)
from ult_desktop.db.visit.register import load_record, save_record, walk_in_reads

#: Event kinds written by this module.
CASE_OPENED = "case_opened"
CASE_ANSWERED = "case_answered"
CASE_RESCHEDULED = "case_rescheduled"
CASE_CALLBACK = "case_callback"
CASE_CLOSED = "case_closed"




def _case(row: sqlite3.Row, record: Record) -> Case:
    return Case(
        id=row["id"], record=record,
        escalated_to=EscalationTarget(row["escalated_to"]), unit=row["unit"],
        state=CaseState(row["state"]), opened_at=parse_iso_set(row["opened_at"]),
        opened_by=row["opened_by"], due_day=date.fromisoformat(row["due_day"]),
        reschedule_count=row["reschedule_count"], reschedule_reason=row["reschedule_reason"],
        answer=row["answer"], answered_at=parse_iso(row["answered_at"]),
        answered_by=row["answered_by"], callback_needed=bool(row["callback_needed"]),
        callback_attempts=row["callback_attempts"],
        callback_done_at=parse_iso(row["callback_done_at"]), callback_note=row["callback_note"],
        closed_at=parse_iso(row["closed_at"]), lapor_category=row["lapor_category"])


def read_case(conn: Connection, case_id: int) -> Case:
    row = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise errors.NotFound("counter.error.case_not_found", case=case_id)
    return _case(row, load_record(conn, row["record_id"]))


def recorded_case(conn: Connection, case_id: int) -> Case:
    """Inside a write: case *case_id* as the record holds it (``handover.case_as_recorded``).
    :raises NotFound: the record holds no such case."""
    if case_as_recorded(conn, case_id) is None:
        raise errors.NotFound("counter.error.case_not_found", case=case_id)
    return read_case(conn, case_id)


def _event(db: Database, conn: Connection, kind: str, case: Case, now: datetime,
           officer_id: int | None, **data: object) -> None:
    r = case.record
    append_event(conn, db.station, kind, ticket_id=r.ticket_id, ticket_number=r.ticket_number,
                 service_prefix=r.service_prefix, at=now,
                 data={"case_id": case.id, "record_id": r.id, "channel": r.channel.value,
                       "officer_id": officer_id, **data})


def calendar_and_today(db: Database) -> tuple[OfficeCalendar, date]:
    """The office's calendar and its today, for a dialog that shows a new tenggat as the
    officer picks the days (computed on the GUI side from these, no read per click)."""
    return db.read(lambda conn: (office_calendar(conn), office_today(conn)))


def office_calendar(conn: Connection) -> OfficeCalendar:
    """The office's one working-day calendar (holidays, cuti bersama, extra days)."""
    return OfficeCalendar.from_settings(read_settings(conn, ("extra_holidays",)))


def _target_days(conn: Connection, record: Record) -> int:
    """The working days *record*'s case is given: its service's ``online_days`` for an
    online request (SOP 001), else its ``resolution_days``."""
    tg = read_targets(conn, record.service_id)
    return tg["online_days"] if record.channel.value == "online" else tg["resolution_days"]


def open_case(db: Database, *, record_id: int, escalated_to: str = "back_office",
              unit: str | None = None, callback_needed: bool = False,
              officer_id: int | None = None, keep: bool = False,
              now: datetime | None = None) -> Case:
    """Escalate register record *record_id*, due by the service's target; *keep*: on the
    officer's own desk (SOP 000 step 5). A record with a case already returns it.
    :raises NotFound: no such record. :raises RuleViolation: a unit utama escalation
        without the unit's name; a call-back for a visitor with no phone nor e-mail."""
    target = EscalationTarget(escalated_to)
    if target is EscalationTarget.UNIT_UTAMA and not (unit or "").strip():
        raise errors.RuleViolation("counter.error.unit_required")
    now = now or _utc_now()

    def tx(conn: Connection) -> Case:
        record = load_record(conn, record_id)
        if (found := _case_of(conn, record_id)) is not None:
            return read_case(conn, found)
        if callback_needed and not (record.data.phone or record.data.email):
            raise errors.RuleViolation("counter.invalid.callback_contact")
        due = office_calendar(conn).add_working_days(office_today(conn, now),
                                                     _target_days(conn, record))
        cur = conn.execute(
            "INSERT INTO cases (record_id, escalated_to, unit, state, opened_at, opened_by, "
            "due_day, callback_needed) VALUES (?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
            (record_id, target.value, (unit or "").strip() or None, iso(now), officer_id,
             due.isoformat(), int(callback_needed)))
        case = read_case(conn, port.inserted_id(cur))
        _event(db, conn, CASE_OPENED, case, now, officer_id, escalated_to=target.value,
               due_day=due.isoformat())
        # The back-office desk gets it as a handover (SOP 003 steps 10-15). A consultation
        # about this visitor still open on the desk becomes that escalation (one row per
        # visitor on the desk, its times kept), never a second row.
        open_consult = conn.execute(
            "SELECT id FROM handovers WHERE kind = 'consultation' AND state IN ('sent', "
            "'taken', 'coordinating') AND (record_id = ? OR ticket_id = ?) ORDER BY id LIMIT 1",
            (record_id, record.ticket_id)).fetchone()
        if open_consult is not None:
            hid = open_consult[0]
            conn.execute("UPDATE handovers SET kind = 'escalation', case_id = ?, "
                         "record_id = ? WHERE id = ?", (case.id, record_id, hid))
        else:
            taken = keep and officer_id is not None  # the officer keeps it: already taken
            hid = insert_handover(conn, kind="escalation", service_id=record.service_id,
                                  channel=record.channel.value, now=now,
                                  from_officer=officer_id, ticket_id=record.ticket_id,
                                  record_id=record_id, case_id=case.id,
                                  question=record.data.question or record.data.topic,
                                  state="taken" if taken else "sent",
                                  to_officer=officer_id if taken else None)
        append_event(conn, db.station, HANDOVER_SENT, ticket_id=record.ticket_id,
                     ticket_number=record.ticket_number, service_prefix=record.service_prefix,
                     at=now, data={"handover_id": hid, "handover_kind": "escalation",
                                   "officer_id": officer_id, "from_officer": officer_id,
                                   "to_officer": None, "case_id": case.id})
        return case

    return db.write(tx)


def _case_of(conn: Connection, record_id: int) -> int | None:
    """Inside a write: the case of record *record_id* the record holds; none: a raw row
    there (a share writer's) is put out of the way of the new one (``judged.put_back``)."""
    judged = judged_rows(conn, "cases")
    if judged is None:
        row = conn.execute("SELECT id FROM cases WHERE record_id = ?", (record_id,)).fetchone()
        return row[0] if row is not None else None
    found = next((k[0] for k, r in judged.items() if r.get("record_id") == record_id), None)
    if found is None:
        put_back(conn, "cases", "record_id", record_id)
    return found


def _change(db: Database, case_id: int, now: datetime | None, work) -> Case:
    now = now or _utc_now()

    def tx(conn: Connection) -> Case:
        case = recorded_case(conn, case_id)
        if case.state is CaseState.CLOSED:
            raise errors.RuleViolation("counter.error.case_closed", case=case_id)
        work(conn, case, now)
        return read_case(conn, case_id)

    return db.write(tx)


def answer_case(db: Database, *, case_id: int, answer: str, callback_needed: bool | None = None,
                officer_id: int | None = None, now: datetime | None = None) -> Case:
    """Enter (or correct) the answer; the case waits for a call-back if one is needed."""
    if not (answer or "").strip():
        raise errors.RuleViolation("counter.error.answer_required")

    def work(conn, case: Case, now: datetime) -> None:
        needed = case.callback_needed if callback_needed is None else callback_needed
        conn.execute("UPDATE cases SET state = 'answered', answer = ?, answered_at = ?, "
                     "answered_by = ?, callback_needed = ? WHERE id = ?",
                     (answer.strip(), iso(now), officer_id, int(needed), case.id))
        conn.execute("UPDATE register_records SET answer = ?, updated_at = ? WHERE id = ?",
                     (answer.strip(), iso(now), case.record.id))
        _event(db, conn, CASE_ANSWERED, case, now, officer_id, callback_needed=needed)
        case_answered(db, conn, case_id=case.id, text=answer.strip(), officer_id=officer_id,
                      now=now)

    return _change(db, case_id, now, work)


def reschedule_case(db: Database, *, case_id: int, reason: str, days: int | None = None,
                    officer_id: int | None = None, now: datetime | None = None) -> Case:
    """Not solved in time: a new due date, *days* working days (default the service's
    target) after the old tenggat or today, whichever is later, and why."""
    if not (reason or "").strip():
        raise errors.RuleViolation("error.reason_required")

    def work(conn, case: Case, now: datetime) -> None:
        n = days if days is not None else _target_days(conn, case.record)
        due = office_calendar(conn).rescheduled(office_today(conn, now), case.due_day, n)
        if due <= case.due_day:  # cannot happen; never record a reschedule that is not
            raise errors.RuleViolation("counter.error.reschedule_not_later",
                                       due=case.due_day.isoformat())
        conn.execute("UPDATE cases SET due_day = ?, reschedule_count = reschedule_count + 1, "
                     "reschedule_reason = ?, state = 'open' WHERE id = ?",
                     (due.isoformat(), reason.strip(), case.id))
        _event(db, conn, CASE_RESCHEDULED, case, now, officer_id, due_day=due.isoformat(),
               was=case.due_day.isoformat(), reason=reason.strip())

    return _change(db, case_id, now, work)


def record_callback(db: Database, *, case_id: int, reached: bool, note: str = "",
                    officer_id: int | None = None, now: datetime | None = None) -> Case:
    """Log a call-back attempt; *reached* marks the visitor as told the answer."""

    def work(conn, case: Case, now: datetime) -> None:
        if case.state is not CaseState.ANSWERED:
            raise errors.RuleViolation("counter.error.answer_first")
        if case.callback_done_at is not None:  # told already (here or at the desk)
            raise errors.RuleViolation("counter.error.callback_done")
        conn.execute("UPDATE cases SET callback_attempts = callback_attempts + 1, "
                     "callback_note = ?, callback_done_at = ? WHERE id = ?",
                     (note.strip() or None, iso(now) if reached else None, case.id))
        _event(db, conn, CASE_CALLBACK, case, now, officer_id, reached=reached,
               attempt=case.callback_attempts + 1)
        if reached:
            callback_reached(db, conn, case_id=case.id, officer_id=officer_id, now=now)

    return _change(db, case_id, now, work)


def close_case(db: Database, *, case_id: int, officer_id: int | None = None,
               now: datetime | None = None) -> Case:
    """Close an answered case (after the call-back, when one is needed)."""

    def work(conn, case: Case, now: datetime) -> None:
        if case.state is not CaseState.ANSWERED:
            raise errors.RuleViolation("counter.error.answer_first")
        if case.callback_needed and case.callback_done_at is None:
            raise errors.RuleViolation("counter.error.callback_first")
        conn.execute("UPDATE cases SET state = 'closed', closed_at = ?, closed_by = ? "
                     "WHERE id = ?", (iso(now), officer_id, case.id))
        _event(db, conn, CASE_CLOSED, case, now, officer_id)

    return _change(db, case_id, now, work)


def read_open_cases(conn: Connection, *,
                    include_closed_since: date | None = None) -> list[Case]:
    """Cases not yet closed (and those closed since the office day
    *include_closed_since*, in the office's time zone, not UTC), due first."""
    query = "SELECT * FROM cases WHERE state != 'closed'"
    params: tuple[str, ...] = ()
    if include_closed_since is not None:
        tz = read_settings(conn, ("timezone",))["timezone"]
        query += " OR closed_at >= ?"
        params = (iso(day_start_utc(include_closed_since, tz)),)
    rows = conn.execute(query + " ORDER BY due_day, id", params).fetchall()
    return [_case(r, load_record(conn, r["record_id"])) for r in rows]


def read_cases_of_records(conn: Connection, records: list[Record]) -> dict[int, Case]:
    """Inside the caller's read: the case of each of *records* that has one, by record
    id (one statement, whatever the number of records)."""
    by_id = {r.id: r for r in records}
    return {row["record_id"]: _case(row, by_id[row["record_id"]]) for row in port.rows_in(
        conn, "SELECT * FROM cases WHERE record_id IN ({marks})", list(by_id))}


def receipt_for(db: Database, *, record_id: int | None = None,
                ticket_id: int | None = None):
    """The escalation receipt (:class:`~ult_desktop.core.receipt.Receipt`) of the case of
    a register record (or of a ticket's record); ``None`` when it was not escalated."""
    from ult_desktop.core.receipt import Receipt

    def read(conn: Connection):
        row = conn.execute("SELECT id FROM cases WHERE record_id = COALESCE(?, (SELECT "
                           "record_id FROM tickets WHERE id = ?))", (record_id, ticket_id)
                           ).fetchone()
        if row is None:
            return None
        case = read_case(conn, row[0])
        calendar = office_calendar(conn)
        settings = read_settings(conn, ("timezone", "privacy_notice", "retention_months"))
        opened = office_day(case.opened_at, settings["timezone"])
        return Receipt(
            case_id=case.id, ticket_number=case.record.ticket_number,
            channel=case.record.channel.value,
            topic=case.record.data.subject,
            opened=opened, due=case.due_day,
            days=calendar.working_days_between(opened, case.due_day),
            holidays=calendar.closed_between(opened, case.due_day),
            callback_phone=case.record.data.phone if case.callback_needed else None,
            unit=case.unit, rescheduled=case.rescheduled,
            online_ref=case.record.data.online_ref or None,
            notice=privacy_notice(settings["privacy_notice"], settings["retention_months"]))

    return db.read(read)


# -- one click, one transaction: the counter's Selesai, a phone or online request ------
def finish_visit(db: Database, *, counter: int, ticket_id: int, outcome: str,
                 record: RecordInput | None = None, officer_id: int | None = None,
                 unit: str | None = None, callback_needed: bool = False,
                 base: RecordInput | None = None, now: datetime | None = None) -> Ticket:
    """The counter's "Selesai": save the record, open the case when escalated or referred,
    end the visit, in ONE write; run again after a failure, it writes nothing.
    :raises RuleViolation: an escalation without a record, an invalid record, a ticket
        that is no longer at the counter."""
    result = Outcome(outcome)
    escalating = result in (Outcome.ESCALATED, Outcome.REFERRED, Outcome.RESCHEDULED)
    has_record = record is not None and not record.is_empty()
    if escalating and not has_record:
        raise errors.RuleViolation("counter.error.record_required")
    now = (now or _utc_now())

    def tx(conn: Connection) -> Ticket:
        ticket = load_or_none(conn, ticket_id)
        if ticket is None:
            raise errors.NotFound(number=ticket_id)
        same = {result.value} | ({Outcome.CONSULTED.value} if result is Outcome.ANSWERED
                                 else set())
        if (ticket.state is result.final_state() and ticket.outcome in same
                and ticket.counter == counter):  # this counter's first attempt was saved
            return ticket
        outcome_, rec = finish_record(db, conn, ticket_id, result, record, base=base,
                                      officer_id=officer_id, now=now)
        if escalating:
            target = EscalationTarget.UNIT_UTAMA if result is Outcome.REFERRED \
                else EscalationTarget.BACK_OFFICE
            assert rec is not None  # an escalation without a record was refused above
            open_case(db, record_id=rec.id, escalated_to=target.value, unit=unit,
                            callback_needed=callback_needed, officer_id=officer_id,
                            keep=result is Outcome.RESCHEDULED, now=now)
        if ticket.state is TicketState.CALLED and result is Outcome.ESCALATED:
            start_serving(db, counter=counter, now=now)
        return finish(db, counter=counter, outcome=outcome_.value, now=now)

    ahead = [read_by_id(ticket_id), (_CONSULTED, (ticket_id,))]
    if has_record:
        ahead += walk_in_reads(ticket_id)
    return db.write(tx, ahead=ahead)


def finish_record(db: Database, conn: Connection, ticket_id: int, result: Outcome,
                  record: RecordInput | None, *, base: RecordInput | None,
                  officer_id: int | None, now: datetime) -> tuple[Outcome, Record | None]:
    """Inside a Selesai's write (online, or landing from the counter's journal): the
    visit's record saved, and its outcome (consulted, when back office answered it)."""
    # asked before the writes (they do not change it): with the BEGIN on a server
    consulted = result is Outcome.ANSWERED and conn.execute(
        _CONSULTED, (ticket_id,)).fetchone() is not None
    rec = None
    if record is not None and not record.is_empty():
        rec = save_record(db, record=record, channel="walk_in", ticket_id=ticket_id,
                          officer_id=officer_id, base=base, now=now)
    return (Outcome.CONSULTED if consulted else result), rec


_CONSULTED = ("SELECT 1 FROM handovers WHERE ticket_id = ? AND kind = 'consultation' AND "
              "disposition IS NOT NULL")


def save_remote(db: Database, *, channel: str, service: str, record: RecordInput,
                officer_id: int | None, record_id: int | None = None,
                escalate_to: str | None = None, unit: str | None = None,
                callback_needed: bool = False, request_id: str | None = None,
                now: datetime | None = None):
    """A phone or online request: the record and, when asked, its case, in ONE write;
    returns the record. *request_id*: a retry's key, so a retry adds no second one."""
    now = (now or _utc_now())

    def tx(conn: Connection):
        rid = record_id
        if rid is None and request_id is not None:
            row = conn.execute("SELECT id FROM register_records WHERE request_id = ?",
                               (request_id,)).fetchone()
            rid = row[0] if row is not None else None
        rec = save_record(db, record=record, channel=channel, service=service,
                                   officer_id=officer_id, record_id=rid, now=now)
        if request_id is not None and rid is None:
            conn.execute("UPDATE register_records SET request_id = ? WHERE id = ?",
                         (request_id, rec.id))
        if escalate_to:
            open_case(db, record_id=rec.id, escalated_to=escalate_to, unit=unit,
                            callback_needed=callback_needed, officer_id=officer_id, now=now)
        return rec

    return db.write(tx)


# -- SP4N-LAPOR!'s clock --------------------------------------------------------------
CASE_LAPOR_CATEGORY = "case_lapor_category"


def set_lapor_category(db: Database, *, case_id: int, category: str,
                       officer_id: int | None = None, now: datetime | None = None) -> Case:
    """Mark case *case_id* a LAPOR! report of *category* (``core.evidence.LAPOR_DAYS``):
    its deadlines run from the day it was received. :raises RuleViolation: no such
    category; the case is closed."""
    if category not in LAPOR_DAYS:
        raise errors.RuleViolation("error.lapor_category", choices=", ".join(LAPOR_DAYS))

    def work(conn, case: Case, now: datetime) -> None:
        conn.execute("UPDATE cases SET lapor_category = ? WHERE id = ?", (category, case.id))
        _event(db, conn, CASE_LAPOR_CATEGORY, case, now, officer_id, category=category)

    return _change(db, case_id, now, work)


def read_lapor_clocks(conn: Connection, today: date, *, since: date | None = None
                      ) -> list[dict]:
    """Inside the caller's read: the LAPOR! reports received from *since* with their clocks
    (``core.evidence.lapor_clock``) as of office day *today*."""
    tz = read_settings(conn, ("timezone",))["timezone"]
    calendar = office_calendar(conn)

    def day(stamp: str | None) -> date | None:
        moment = stored_time(stamp)  # (a value no act writes: no step taken)
        return office_day(moment, tz) if moment else None

    rows = conn.execute(
        "SELECT c.id, c.lapor_category, c.answered_at, c.closed_at, r.day, r.lapor_id, "
        "r.visitor_name, c.callback_done_at, (SELECT MIN(h.explained_at) FROM handovers h "
        "WHERE h.case_id = c.id) FROM cases c JOIN register_records r ON r.id = c.record_id "
        "WHERE c.lapor_category IS NOT NULL AND r.day >= ? ORDER BY r.day, c.id",
        ((since or date.min).isoformat(),)).fetchall()
    out = []
    for r in rows:
        if r[1] not in LAPOR_DAYS or not stored_day(r[4]):
            continue
        received = date.fromisoformat(r[4])
        plan, done = lapor_steps(received, day(r[2]), (day(r[7]), day(r[8]), day(r[3])))
        out.append({"case_id": r[0], "received": received, "lapor_id": r[5] or "",
                    "visitor": r[6] or "", **lapor_clock(calendar, received, r[1], today,
                                                         plan_on=plan, done_on=done)})
    return out


def read_lapor_warnings(conn: Connection, today: date) -> list[dict]:
    """The LAPOR! reports whose plan or finish is due within the warning days or past
    it on office day *today* (the back-office desk's warnings), in the caller's read."""
    return [c for c in read_lapor_clocks(conn, today)
            if {c["plan"], c["done"]} & {"warn", "overdue"}]
