"""Follow-up visits with a date: a rescheduled case (SOP 000 step 5) or an answer the
visitor collects in person (SOP 002 step 6) gets a day and a window inside the office's
hours and working days, and a code printed with its QR on the slip. On the day the
visitor checks in at the kiosk with the code and joins the line by the office's rule
(``followup_order``); a visit whose day passed without a check-in did not come."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from ult_desktop.core.dates import day_start_utc
from ult_desktop.core.hours import visit_fault, visit_sort_at
from ult_desktop.core.numbering import office_day, zone
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.register import CaseState, RecordInput
from ult_desktop.core.skm import code_hashes
from ult_desktop.core.tickets import S, Ticket
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import office_today, read_settings
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import (
    code_salt,
    load_ticket,
    services_by_id,
    standing_rows,
    survey_code_hash,
)
from ult_desktop.db.queue.transition import place_born
from ult_desktop.db.record.events import append_event, iso
from ult_desktop.db.visit.cases import office_calendar, recorded_case

#: The event a booked visit writes (a counter's; core.acts).
CASE_VISIT_BOOKED = "case_visit_booked"
#: A kiosk printing a visit's slip gives it a new code (the file keeps only its hash).
VISIT_CODE_RENEWED = "visit_code_renewed"
#: A counter without a printer asks a kiosk's for a visit's slip (its feed, like a reprint).
SLIP_PRINT_REQUESTED = "slip_print_requested"
#: Digits of a visit's code: typed on the kiosk's keypad or read from its QR.
CODE_DIGITS = 8


@dataclass(frozen=True)
class Visit:
    """A booked follow-up visit."""

    case_id: int
    ticket_number: str | None   # the visit the case came from
    service_id: int
    day: date
    opens: str                  # "HH:MM", office time
    closes: str
    #: the code on its slip: known only to the write that made it (the file keeps its
    #: keyed hash, as of a ticket's survey code); "" once read back
    code: str
    topic: str = ""
    checked_in: str | None = None   # the number its check-in took, once it did


def _new_code(conn: Connection) -> tuple[str, str]:
    """A visit's new code and the hash the file keeps of it: a ticket code's rule (the
    office's ``skm_code_salt``, :func:`db.queue.rows.survey_code_hash`), never the code."""
    while True:  # unique among the booked visits (10^8 codes: a clash is rare)
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        digest = survey_code_hash(conn, code)
        if conn.execute("SELECT 1 FROM cases WHERE visit_code = ?",
                        (digest,)).fetchone() is None:
            return code, digest


def book_visit(db: Database, *, case_id: int, day: date, opens: str, closes: str,
               officer_id: int | None = None, now: datetime | None = None) -> Visit:
    """Give case *case_id* a follow-up visit on *day* from *opens* to *closes*; booking
    again moves it (a new code). :raises RuleViolation: a closed day, outside the
    office's hours, a day already past, a closed case."""
    now = now or _utc_now()

    def tx(conn: Connection) -> Visit:
        case = recorded_case(conn, case_id)  # (its state as the record holds it)
        if case.state is CaseState.CLOSED:
            raise errors.RuleViolation("counter.error.case_closed", case=case_id)
        settings = read_settings(conn, ("timezone", "open_time", "close_time"))
        if day < office_day(now, settings["timezone"]):
            raise errors.RuleViolation("error.visit_past", day=day.isoformat())
        why = visit_fault(settings, office_calendar(conn).is_working_day(day), opens, closes)
        if why is not None:
            raise errors.RuleViolation(why, opens=settings["open_time"],
                                       closes=settings["close_time"], day=day.isoformat())
        code, digest = _new_code(conn)
        conn.execute("UPDATE cases SET visit_day = ?, visit_opens = ?, visit_closes = ?, "
                     "visit_code = ? WHERE id = ?",
                     (day.isoformat(), opens, closes, digest, case.id))
        r = case.record
        append_event(conn, db.station, CASE_VISIT_BOOKED, ticket_id=r.ticket_id,
                     ticket_number=r.ticket_number, service_prefix=r.service_prefix, at=now,
                     data={"case_id": case.id, "record_id": r.id, "officer_id": officer_id,
                           "day": day.isoformat(), "opens": opens, "closes": closes})
        return Visit(case_id=case.id, ticket_number=r.ticket_number,
                     service_id=r.service_id, day=day, opens=opens, closes=closes,
                     code=code, topic=r.data.topic)

    return db.write(tx)


_VISIT = ("SELECT c.id, c.visit_day, c.visit_opens, c.visit_closes, "
          "r.service_id, (SELECT o.number FROM tickets o WHERE o.id = r.ticket_id), r.topic "
          "FROM cases c JOIN register_records r ON r.id = c.record_id "
          "WHERE c.visit_code IS NOT NULL")


def _followups(conn: Connection, case_id: int) -> list:
    """The tickets the check-ins of case *case_id*'s visit took, oldest first: (id, number,
    state) of those an act brought in (a row no act issued checked nobody in)."""
    return standing_rows(conn, conn.execute(
        "SELECT id, number, state FROM tickets WHERE followup_case = ? ORDER BY id",
        (case_id,)).fetchall())


def _visit(conn: Connection, row) -> Visit:
    taken = _followups(conn, row[0])
    return Visit(case_id=row[0], day=date.fromisoformat(row[1]), opens=row[2], closes=row[3],
                 code="", service_id=row[4], ticket_number=row[5], topic=row[6] or "",
                 checked_in=taken[0]["number"] if taken else None)


def read_visit(conn: Connection, case_id: int) -> Visit | None:
    row = conn.execute(_VISIT + " AND c.id = ?", (case_id,)).fetchone()
    return _visit(conn, row) if row is not None else None


def find_visit(conn: Connection, code: str, codes: dict[str, int] | None = None
               ) -> Visit | None:
    """The visit booked under *code* (spaces and dashes a scanner or a hand adds ignored),
    found by its keyed hash: among *codes* (hash -> case, as the record lets them stand:
    ``db.record.judged.visit_codes``) when given, else in the rows as they are."""
    digits = "".join(ch for ch in code if ch.isdigit())
    salt = code_salt(conn)
    if len(digits) != CODE_DIGITS or salt is None:
        return None
    hashes = code_hashes(salt, digits)
    if codes is not None:
        case = next((codes[h] for h in hashes if h in codes), None)
        return read_visit(conn, case) if case is not None else None
    row = conn.execute(_VISIT + " AND c.visit_code IN (?, ?)", hashes).fetchone()
    return _visit(conn, row) if row is not None else None


def _find_visit(db: Database, conn: Connection, code: str) -> Visit | None:
    """:func:`find_visit` by the codes the record lets stand."""
    from ult_desktop.db.record.judged import visit_codes

    return find_visit(conn, code, visit_codes(db, conn))


def renew_code(db: Database, *, case_id: int, now: datetime | None = None) -> Visit | None:
    """The visit of case *case_id* with a new code, for its slip printed at a kiosk (the
    file keeps no code to print again; the old one stops working), or None: no slip of
    it asked of this kiosk that stands and is not printed yet (``core.slips``), no visit,
    checked in already, or its day is over."""
    from ult_desktop.db.record.judged import slip_asked

    now = now or _utc_now()

    def tx(conn: Connection) -> Visit | None:
        visit = read_visit(conn, case_id)
        if visit is None or visit.checked_in is not None or visit.day < office_today(conn, now) or \
                not slip_asked(db, conn, case_id):
            return None
        code, digest = _new_code(conn)
        conn.execute("UPDATE cases SET visit_code = ? WHERE id = ?", (digest, case_id))
        append_event(conn, db.station, VISIT_CODE_RENEWED, at=now, data={"case_id": case_id})
        return replace(visit, code=code)

    return db.write(tx)


def ask_kiosk_slip(db: Database, *, case_id: int, now: datetime | None = None) -> str:
    """Ask a kiosk's printer for case *case_id*'s slip (a counter without a printer): a
    kiosk whose printer was last fine, else any kiosk; an event on its feed. The kiosk's
    station. :raises RuleViolation: no visit booked; no kiosk in the office."""
    from ult_desktop.db.house.stations import kiosk_printers

    now = now or _utc_now()
    printers = kiosk_printers(db)
    if not printers:
        raise errors.RuleViolation("error.no_kiosk_printer")
    kiosk = min(printers, key=lambda s: (printers[s][0] != "ok", s))

    def tx(conn: Connection) -> str:
        if read_visit(conn, case_id) is None:
            raise errors.NotFound("error.visit_not_found")
        append_event(conn, db.station, SLIP_PRINT_REQUESTED, at=now,
                     data={"station": kiosk, "case_id": case_id})
        return kiosk

    return db.write(tx)


def looks_like_code(text: str) -> bool:
    """Whether *text* is a visit's code as typed or scanned (else a ticket's number)."""
    digits = [ch for ch in text if ch.isdigit()]
    return len(digits) == CODE_DIGITS and all(ch.isdigit() or ch in " -" for ch in text.strip())


def _checked_in(conn: Connection, case_id: int, number: str) -> errors.RuleViolation:
    """Why a visit already checked in gets no second number: its number still waits to
    be called, or the visit was already served."""
    taken = _followups(conn, case_id)
    waiting = not taken or taken[-1]["state"] in (S.WAITING, S.CALLED, S.TRANSFERRED,
                                                  S.SKIPPED)
    return errors.RuleViolation("error.visit_checked_in" if waiting else "error.visit_served",
                                number=number)


def check_in(db: Database, *, code: str, now: datetime | None = None) -> Ticket:
    """The visitor of the visit booked under *code* checks in on its day: a ticket of the
    case's service placed by ``followup_order`` (:func:`core.hours.visit_sort_at`).
    :raises RuleViolation: no such code; not its day (the day is said); checked in already."""
    now = now or _utc_now()
    visit, services = db.read(lambda conn: (_find_visit(db, conn, code), services_by_id(conn)))
    if visit is None:
        raise errors.NotFound("error.visit_not_found")
    if (number := visit.checked_in) is not None:
        raise db.read(lambda conn: _checked_in(conn, visit.case_id, number))

    def place(conn: Connection, ticket_id: int, day: str, settings: dict) -> dict:
        if day != visit.day.isoformat():
            raise errors.RuleViolation("error.visit_not_today", day=visit.day.isoformat())
        taken = _followups(conn, visit.case_id)
        if taken:
            raise _checked_in(conn, visit.case_id, taken[0]["number"])
        tz = settings["timezone"]
        opens = datetime.combine(visit.day, time.fromisoformat(visit.opens), zone(tz))
        sort_at = visit_sort_at(settings["followup_order"], now, opens,
                                day_start_utc(visit.day, tz))
        place_born(conn, ticket_id, sort_at=iso(sort_at), followup_case=visit.case_id)
        return {"followup_case": visit.case_id, "sort_at": iso(sort_at)}

    ticket = issue_ticket(db, service=services[visit.service_id].prefix,
                          channel="walk_in", now=now, also=place, followup=True)
    # as placed in line; its code is only the issuing write's (the file keeps its hash)
    return replace(db.read(lambda conn: load_ticket(conn, ticket.id)), code=ticket.code)


def visits_in(conn: Connection, first: date, last: date, today: date) -> dict[str, int]:
    """Follow-up visits booked for days *first*..*last*: booked, came (checked in), and
    did not come (their day before *today* and no check-in). Inside the caller's read."""
    rows = conn.execute(
        "SELECT c.visit_day, EXISTS (SELECT 1 FROM tickets t WHERE t.followup_case = c.id) "
        "FROM cases c WHERE c.visit_day BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat())).fetchall()
    came = sum(1 for _, c in rows if c)
    missed = sum(1 for d, c in rows if not c and d < today.isoformat())
    return {"booked": len(rows), "came": came, "missed": missed}


@dataclass(frozen=True)
class FollowUp:
    """Who a follow-up ticket brings back: her case, her name, what it was about (the
    counter names her before the call: she need not tell her story again)."""

    case_id: int
    name: str
    topic: str = ""
    #: who she is, as her case's record says: her guest book opens filled with it
    known: RecordInput | None = None


#: What the guest book of a follow-up visit takes from its case's record.
_KNOWN = ("visitor_name", "institution", "region_code", "region_name", "phone", "email",
          "id_number", "topic")


def read_followups(conn: Connection, tickets) -> dict[int, FollowUp]:
    """Ticket id -> :class:`FollowUp` of those of *tickets* checked in for a follow-up
    visit, in the caller's read (one query; an erased person's name is gone: "")."""
    cases = {t.followup_case: t.id for t in tickets if t is not None and t.followup_case}
    if not cases:
        return {}
    marks = ",".join("?" * len(cases))
    rows = conn.execute(
        f"SELECT c.id, {', '.join('r.' + k for k in _KNOWN)} FROM cases c JOIN "
        f"register_records r ON r.id = c.record_id WHERE c.id IN ({marks})",
        tuple(cases)).fetchall()
    out = {}
    for case_id, *values in rows:
        known = RecordInput.from_dict({k: str(v or "") for k, v in zip(_KNOWN, values,
                                                                      strict=True)})
        out[cases[case_id]] = FollowUp(case_id=case_id, name=known.visitor_name,
                                       topic=known.topic, known=known)
    return out


@dataclass(frozen=True)
class Found:
    """What a code scanned at the counter names: today's ticket, or a case (its visit)."""

    ticket: Ticket | None = None
    case_id: int | None = None
    visit: Visit | None = None


def find_code(db: Database, text: str) -> Found:
    """A code a USB scanner (or a hand) typed at the counter, in one read: a follow-up
    visit's code, a case number (``K-00042``), a ticket's code or today's number.
    :raises NotFound: none of them."""
    from ult_desktop.db.queue.rows import (
        TICKET_SELECT,
        code_lookup,
        find_ticket,
        standing_rows,
        ticket_from_row,
    )

    clean = (text or "").strip()

    def read(conn: Connection) -> Found:
        visit = _find_visit(db, conn, clean) if looks_like_code(clean) else None
        if visit is not None:
            return Found(case_id=visit.case_id, visit=visit)
        case = re.fullmatch(r"[Kk]-?0*(\d+)", clean)
        if case and conn.execute("SELECT 1 FROM cases WHERE id = ?",
                                 (int(case[1]),)).fetchone():
            return Found(case_id=int(case[1]), visit=read_visit(conn, int(case[1])))
        if re.fullmatch(r"[A-Za-z]+-?\d+", clean):
            return Found(ticket=find_ticket(conn, office_today(conn).isoformat(), clean.upper()))
        where, params = code_lookup(clean.split("=")[-1], code_salt(conn))
        row = next(iter(standing_rows(conn, conn.execute(TICKET_SELECT + where,
                                                         params).fetchall())), None)
        if row is None:
            raise errors.NotFound("error.code_not_found", code=clean)
        return Found(ticket=ticket_from_row(row))

    return db.read(read)
