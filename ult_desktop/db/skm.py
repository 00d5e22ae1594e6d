"""SKM survey responses in the shared file: one response per served ticket.

The visitor identifies the visit by the ticket code printed on the ticket (and in its
QR code). Responses are anonymous by default: reports never join them to the
service register.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ult_desktop.core import skm
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.connection import Database
from ult_desktop.db.events import append_event, iso, parse_iso
from ult_desktop.db.office import read_settings
from ult_desktop.db.tickets import TICKET_SELECT, ticket_from_row

#: Event kind written when a survey is submitted.
SURVEY_SUBMITTED = "survey_submitted"
#: Ticket states in which the visit was served, so the survey may be taken.
SERVED_STATES = frozenset({TicketState.DONE, TicketState.ESCALATED})

_ANSWER_COLUMNS = tuple(f"a{i}" for i in range(1, skm.ELEMENT_COUNT + 1))


@dataclass(frozen=True)
class SurveyResponse:
    id: int
    ticket_id: int
    service_id: int
    day: str
    answers: tuple[int, ...]
    anonymous: bool
    created_at: datetime
    suggestion: str | None = None


def _response(row: sqlite3.Row) -> SurveyResponse:
    return SurveyResponse(
        id=row["id"], ticket_id=row["ticket_id"], service_id=row["service_id"], day=row["day"],
        answers=tuple(row[c] for c in _ANSWER_COLUMNS), anonymous=bool(row["anonymous"]),
        created_at=parse_iso(row["created_at"]), suggestion=row["suggestion"])


def _ticket_by_code(conn: sqlite3.Connection, code: str) -> Ticket:
    clean = (code or "").strip().upper()
    row = conn.execute(TICKET_SELECT + " WHERE t.code = ?", (clean,)).fetchone()
    if row is None:
        raise errors.NotFound("skm.error.ticket_not_found", code=clean or "-")
    return ticket_from_row(row)


def _check_open(conn: sqlite3.Connection, ticket: Ticket) -> None:
    if ticket.state not in SERVED_STATES:
        raise errors.RuleViolation("skm.error.not_served", number=ticket.number)
    if conn.execute("SELECT 1 FROM skm_responses WHERE ticket_id = ?", (ticket.id,)).fetchone():
        raise errors.RuleViolation("skm.error.already_answered", number=ticket.number)


def survey_ticket(db: Database, *, ticket_code: str) -> Ticket:
    """The ticket a survey is about, checked before the questions are shown.

    :func:`submit_survey` checks again under the write lock.

    :raises NotFound: no ticket has this code.
    :raises RuleViolation: the visit is not finished yet, or was already rated.
    """
    clean = (ticket_code or "").strip().upper()
    rows = db.query(TICKET_SELECT + " WHERE t.code = ?", (clean,))
    if not rows:
        raise errors.NotFound("skm.error.ticket_not_found", code=clean or "-")
    ticket = ticket_from_row(rows[0])
    if ticket.state not in SERVED_STATES:
        raise errors.RuleViolation("skm.error.not_served", number=ticket.number)
    if db.query("SELECT 1 FROM skm_responses WHERE ticket_id = ?", (ticket.id,)):
        raise errors.RuleViolation("skm.error.already_answered", number=ticket.number)
    return ticket


def submit_survey(db: Database, *, ticket_code: str, answers: Sequence[int],
                  anonymous: bool = True, suggestion: str | None = None,
                  now: datetime | None = None) -> SurveyResponse:
    """Store the nine answers (1-4, unsur 1 first) for the visit with *ticket_code*.

    One transaction: the response row and a ``survey_submitted`` event (which names the
    ticket and service, never the answers or the person).

    :raises InvalidAnswers: not nine scores from 1 to 4 (nothing is stored).
    :raises NotFound: no ticket has this code.
    :raises RuleViolation: the visit was not served (yet), or already has a response.
    """
    scores = skm.validate_answers(answers)
    now = now or _utc_now()
    text = (suggestion or "").strip() or None

    def tx(conn: sqlite3.Connection) -> SurveyResponse:
        ticket = _ticket_by_code(conn, ticket_code)
        _check_open(conn, ticket)
        day = office_day(now, read_settings(conn)["timezone"]).isoformat()
        cur = conn.execute(
            f"INSERT INTO skm_responses (ticket_id, service_id, day, {', '.join(_ANSWER_COLUMNS)},"
            " suggestion, anonymous, created_at, station) "
            f"VALUES ({', '.join('?' * (7 + skm.ELEMENT_COUNT))})",
            (ticket.id, ticket.service_id, day, *scores, text, int(anonymous), iso(now),
             db.station))
        append_event(conn, db.station, SURVEY_SUBMITTED, ticket_id=ticket.id,
                     ticket_number=ticket.number, service_prefix=ticket.service_prefix, at=now,
                     data={"response_id": cur.lastrowid, "anonymous": anonymous})
        row = conn.execute("SELECT * FROM skm_responses WHERE id = ?",
                           (cur.lastrowid,)).fetchone()
        return _response(row)

    return db.write(tx)


def survey_responses(db: Database, *, date_from: str, date_to: str,
                     service_id: int | None = None) -> list[SurveyResponse]:
    """Responses given on office days *date_from* .. *date_to* (ISO dates, inclusive)."""
    sql = "SELECT * FROM skm_responses WHERE day BETWEEN ? AND ?"
    params: tuple = (date_from, date_to)
    if service_id is not None:
        sql += " AND service_id = ?"
        params += (service_id,)
    return [_response(r) for r in db.query(sql + " ORDER BY id", params)]


def survey_result(db: Database, *, date_from: str, date_to: str,
                  service_id: int | None = None) -> skm.IkmResult | None:
    """IKM of the responses in the period (optionally of one service); None if none."""
    return skm.compute_ikm(r.answers for r in survey_responses(
        db, date_from=date_from, date_to=date_to, service_id=service_id))


def survey_result_by_service(db: Database, *, date_from: str,
                             date_to: str) -> dict[int, skm.IkmResult]:
    """IKM per service id for the period (services without responses are absent)."""
    rows = survey_responses(db, date_from=date_from, date_to=date_to)
    return skm.ikm_by(rows, key=lambda r: r.service_id, answers=lambda r: r.answers)
