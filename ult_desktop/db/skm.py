"""SKM survey responses in the shared file, anonymous by construction.

A visitor proves a visit by the ticket code printed on the ticket (and in its QR code).
The response stores no ticket, no officer, no station and no exact time: the service,
the month of the visit, how the answer came in (kiosk, tablet, paper, phone), the nine
scores, the suggestion and the respondent's profile in bands. A second answer for the
same ticket is refused through ``skm_spent_codes``, a set of salted hashes of the codes
already used, which holds nothing that joins back to a response:

* response ids are random (not in insertion order), so the id says nothing about when
  the answer came relative to the tickets finished that day;
* the spent-code table is WITHOUT ROWID, ordered by hash, with no time column;
* the ``survey_submitted`` event written for the change feed names neither the ticket
  nor the response nor the service (the event's own id and clock are all it has).

The salt lives in the office settings (key ``skm_code_salt``, made on first use).
The follow-up plan (rencana tindak lanjut) and the published result live here too.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ult_desktop.core import skm
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.connection import Database
from ult_desktop.db.events import append_event, iso
from ult_desktop.db.office import read_settings, write_settings
from ult_desktop.db.tickets import TICKET_SELECT, code_lookup, ticket_from_row

#: Event kind written when a survey is submitted (carries no ticket, response or service).
SURVEY_SUBMITTED = "survey_submitted"
#: Event kind written when an officer records a paper or phone questionnaire.
SURVEY_RECORDED = "survey_recorded"
#: Event kind when the follow-up plan changes.
FOLLOWUP_CHANGED = "skm_followup_changed"
#: Ticket states in which the visit was served, so the survey may be taken.
SERVED_STATES = frozenset({TicketState.DONE, TicketState.ESCALATED})
#: Where an answer came from.
SOURCES = ("kiosk", "tablet", "paper", "phone")
#: Status of a follow-up action.
FOLLOWUP_STATES = ("planned", "in_progress", "done", "dropped")

_ANSWER_COLUMNS = tuple(f"a{i}" for i in range(1, skm.ELEMENT_COUNT + 1))
_PROFILE_COLUMNS = tuple(skm.PROFILE)
_SALT_KEY = "skm_code_salt"


@dataclass(frozen=True)
class SurveyResponse:
    """One anonymous answer sheet."""

    id: int
    service_id: int
    period: str                  # 'YYYY-MM', the month of the visit
    source: str                  # kiosk | tablet | paper | phone
    answers: tuple[int, ...]
    suggestion: str | None = None
    profile: dict[str, str | None] = field(default_factory=dict)


def _response(row: sqlite3.Row) -> SurveyResponse:
    return SurveyResponse(
        id=row["id"], service_id=row["service_id"], period=row["period"],
        source=row["source"], answers=tuple(row[c] for c in _ANSWER_COLUMNS),
        suggestion=row["suggestion"], profile={c: row[c] for c in _PROFILE_COLUMNS})


def _salt(conn: sqlite3.Connection, *, create: bool) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (_SALT_KEY,)).fetchone()
    if row is not None:
        return json.loads(row[0])
    salt = secrets.token_hex(16)
    if create:
        write_settings(conn, {_SALT_KEY: salt})
    return salt


def _spent(conn: sqlite3.Connection, code: str, *, create: bool = False) -> bool:
    digest = skm.spent_code_hash(_salt(conn, create=create), code)
    return conn.execute("SELECT 1 FROM skm_spent_codes WHERE code_hash = ?",
                        (digest,)).fetchone() is not None


def _ticket_by_code(conn: sqlite3.Connection, code: str) -> Ticket:
    clean = (code or "").strip().upper()
    where, params = code_lookup(clean)
    row = conn.execute(TICKET_SELECT + where, params).fetchone()
    if row is None:
        raise errors.NotFound("skm.error.ticket_not_found", code=clean or "-")
    return ticket_from_row(row)


def _check_open(conn: sqlite3.Connection, ticket: Ticket, *, create: bool = False) -> None:
    if ticket.state not in SERVED_STATES:
        raise errors.RuleViolation("skm.error.not_served", number=ticket.number)
    if _spent(conn, ticket.code, create=create):
        raise errors.RuleViolation("skm.error.already_answered", number=ticket.number)


def survey_ticket(db: Database, *, ticket_code: str) -> Ticket:
    """The ticket a survey is about, checked before the questions are shown.

    :func:`submit_survey` checks again under the write lock.

    :raises NotFound: no ticket has this code.
    :raises RuleViolation: the visit is not finished yet, or was already rated.
    """
    def read(conn: sqlite3.Connection) -> Ticket:
        ticket = _ticket_by_code(conn, ticket_code)
        _check_open(conn, ticket)
        return ticket

    return db.read(read)


def _insert(conn: sqlite3.Connection, *, service_id: int, period: str, source: str,
            answers: tuple[int, ...], suggestion: str | None,
            profile: dict[str, str | None]) -> SurveyResponse:
    while True:  # random ids: the row order must not follow the order of the visits
        rid = secrets.randbelow(2**53 - 1) + 1
        if conn.execute("SELECT 1 FROM skm_responses WHERE id = ?", (rid,)).fetchone() is None:
            break
    cols = ("id", "service_id", "period", "source", *_ANSWER_COLUMNS, "suggestion",
            *_PROFILE_COLUMNS)
    values = (rid, service_id, period, source, *answers, suggestion,
              *(profile[c] for c in _PROFILE_COLUMNS))
    conn.execute(f"INSERT INTO skm_responses ({', '.join(cols)}) "
                 f"VALUES ({', '.join('?' * len(cols))})", values)
    return SurveyResponse(id=rid, service_id=service_id, period=period, source=source,
                          answers=answers, suggestion=suggestion, profile=profile)


def submit_survey(db: Database, *, ticket_code: str, answers: Sequence[int],
                  suggestion: str | None = None, profile: dict[str, str | None] | None = None,
                  source: str = "tablet", now: datetime | None = None) -> SurveyResponse:
    """Store a visitor's answers (nine scores 1-4, unsur 1 first) for the visit *ticket_code*.

    One transaction: the code's hash joins the spent set, the response row is written
    under a random id with the month of the visit, and a ``survey_submitted`` event with
    no ticket, response or service tells other stations that results changed.

    :param profile: jenis kelamin, usia, pendidikan, pekerjaan as bands of
        :data:`ult_desktop.core.skm.PROFILE` (``"x"``: did not want to answer).
    :raises InvalidAnswers: not nine scores from 1 to 4, or an unknown profile band.
    :raises NotFound: no ticket has this code.
    :raises RuleViolation: the visit was not served (yet), or already has a response.
    """
    scores = skm.validate_answers(answers)
    bands = skm.validate_profile(profile)
    if source not in ("kiosk", "tablet"):
        raise errors.RuleViolation("error.bad_input", detail=f"source {source!r}")
    text = (suggestion or "").strip() or None
    now = now or _utc_now()

    def tx(conn: sqlite3.Connection) -> SurveyResponse:
        ticket = _ticket_by_code(conn, ticket_code)
        _check_open(conn, ticket, create=True)
        conn.execute("INSERT INTO skm_spent_codes (code_hash) VALUES (?)",
                     (skm.spent_code_hash(_salt(conn, create=True), ticket.code),))
        response = _insert(conn, service_id=ticket.service_id, period=ticket.day[:7],
                           source=source, answers=scores, suggestion=text, profile=bands)
        append_event(conn, db.station, SURVEY_SUBMITTED, at=now)
        return response

    return db.write(tx)


def record_response(db: Database, *, service_id: int, period: str, source: str,
                    answers: Sequence[int], suggestion: str | None = None,
                    profile: dict[str, str | None] | None = None,
                    now: datetime | None = None) -> SurveyResponse:
    """Store a questionnaire collected on paper or by phone, typed in by an officer.

    There is no ticket to spend: the officer keeps the paper sheets. The event names the
    source only (never the response), so the audit shows who typed sheets in, not which.

    :param period: the month the questionnaire was filled in, ``'YYYY-MM'``.
    :raises InvalidAnswers: not nine scores from 1 to 4, or an unknown profile band.
    :raises RuleViolation: unknown service, a source other than paper/phone, a bad month.
    """
    scores = skm.validate_answers(answers)
    bands = skm.validate_profile(profile)
    if source not in ("paper", "phone"):
        raise errors.RuleViolation("error.bad_input", detail=f"source {source!r}")
    if not isinstance(period, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise errors.RuleViolation("error.bad_input", detail=f"period {period!r}")
    text = (suggestion or "").strip() or None
    now = now or _utc_now()

    def tx(conn: sqlite3.Connection) -> SurveyResponse:
        if conn.execute("SELECT 1 FROM services WHERE id = ?", (service_id,)).fetchone() is None:
            raise errors.RuleViolation("error.bad_input", detail=f"service {service_id}")
        response = _insert(conn, service_id=service_id, period=period, source=source,
                           answers=scores, suggestion=text, profile=bands)
        append_event(conn, db.station, SURVEY_RECORDED, at=now, data={"source": source})
        return response

    return db.write(tx)


def responses_in_months(db: Database, *, first_month: str, last_month: str,
                        service_id: int | None = None) -> list[SurveyResponse]:
    """Responses of the months *first_month* .. *last_month* ('YYYY-MM', inclusive)."""
    sql = "SELECT * FROM skm_responses WHERE period BETWEEN ? AND ?"
    params: tuple = (first_month, last_month)
    if service_id is not None:
        sql += " AND service_id = ?"
        params += (service_id,)
    return [_response(r) for r in db.query(sql + " ORDER BY period, service_id, id", params)]


def results_by_service(db: Database, *, first_month: str,
                       last_month: str) -> dict[int, skm.IkmResult]:
    """IKM per service id of the months *first_month* .. *last_month*, summed in SQL
    (one pass over the period's index range; no row leaves the database)."""
    sums = ", ".join(f"SUM({c})" for c in _ANSWER_COLUMNS)
    rows = db.query(f"SELECT service_id, COUNT(*), {sums} FROM skm_responses "
                    "WHERE period BETWEEN ? AND ? GROUP BY service_id",
                    (first_month, last_month))
    return {r[0]: skm.ikm_from_sums(r[1], tuple(r[2:])) for r in rows}


def result_in_months(db: Database, *, first_month: str, last_month: str) -> skm.IkmResult | None:
    """IKM of every response of the months *first_month* .. *last_month* (None if none)."""
    sums = ", ".join(f"COALESCE(SUM({c}), 0)" for c in _ANSWER_COLUMNS)
    row = db.query(f"SELECT COUNT(*), {sums} FROM skm_responses WHERE period BETWEEN ? AND ?",
                   (first_month, last_month))[0]
    return skm.ikm_from_sums(row[0], tuple(row[1:]))


def survey_responses(db: Database, *, date_from: str, date_to: str,
                     service_id: int | None = None) -> list[SurveyResponse]:
    """Responses of the months that the office days *date_from* .. *date_to* touch.

    Answers only know their month, so a range inside a month gives that whole month.
    """
    return responses_in_months(db, first_month=date_from[:7], last_month=date_to[:7],
                               service_id=service_id)


def survey_result(db: Database, *, date_from: str, date_to: str,
                  service_id: int | None = None) -> skm.IkmResult | None:
    """IKM of the responses in the period (optionally of one service); None if none."""
    return skm.compute_ikm(r.answers for r in survey_responses(
        db, date_from=date_from, date_to=date_to, service_id=service_id))


def survey_result_by_service(db: Database, *, date_from: str, date_to: str,
                             min_group: int | None = None) -> dict[int, skm.IkmResult]:
    """IKM per service id for the period (services without responses are absent).

    Services with fewer respondents than *min_group* (default: the office setting
    ``skm_min_group``) are left out, with the next smallest when those alone could be
    worked out from the total (see :func:`ult_desktop.core.skm.merge_small_groups`).
    """
    rows = survey_responses(db, date_from=date_from, date_to=date_to)
    groups = skm.ikm_by(rows, key=lambda r: r.service_id, answers=lambda r: r.answers)
    if min_group is None:
        min_group = int(db.read(lambda c: read_settings(c, ("skm_min_group",)))[
            "skm_min_group"])
    kept = skm.merge_small_groups({str(k): r.respondents for k, r in groups.items()},
                                  max(1, min_group))
    return {k: r for k, r in groups.items() if str(k) in kept}


# -- follow-up plan (rencana tindak lanjut) ----------------------------------------------

@dataclass(frozen=True)
class FollowUp:
    """One action the office plans for a weak unsur."""

    id: int
    report_period: str          # the report it answers: '2026' or '2026-S1'
    service_id: int | None      # None: the whole office
    element: int                # 1..9
    action: str
    owner: str
    target_period: str
    status: str                 # planned | in_progress | done | dropped
    note: str


def _followup(row: sqlite3.Row) -> FollowUp:
    return FollowUp(id=row["id"], report_period=row["report_period"],
                    service_id=row["service_id"], element=row["element"],
                    action=row["action"], owner=row["owner"],
                    target_period=row["target_period"], status=row["status"], note=row["note"])


def save_followup(db: Database, *, report_period: str, element: int, action: str,
                  owner: str = "", target_period: str = "", status: str = "planned",
                  note: str = "", service_id: int | None = None, followup_id: int | None = None,
                  now: datetime | None = None) -> int:
    """Add (or, with *followup_id*, change) a follow-up action; returns its id.

    :raises RuleViolation: an empty action, an unknown unsur, status or period.
    """
    action = (action or "").strip()
    if not action or not 1 <= int(element) <= skm.ELEMENT_COUNT or status not in FOLLOWUP_STATES:
        raise errors.RuleViolation("skm.error.followup_invalid")
    skm.ReportPeriod.parse(report_period)
    stamp = iso(now or _utc_now())
    values = {"report_period": report_period, "service_id": service_id,
              "element": int(element), "action": action, "owner": owner.strip(),
              "target_period": target_period.strip(), "status": status, "note": note.strip()}

    def tx(conn: sqlite3.Connection) -> int:
        if followup_id is None:
            cur = conn.execute(
                f"INSERT INTO skm_followups ({', '.join(values)}, created_at, updated_at) "
                f"VALUES ({', '.join('?' * len(values))}, ?, ?)", (*values.values(), stamp, stamp))
            fid = cur.lastrowid
        else:
            cur = conn.execute(
                f"UPDATE skm_followups SET {', '.join(f'{k} = ?' for k in values)}, "
                "updated_at = ? WHERE id = ?", (*values.values(), stamp, followup_id))
            if cur.rowcount == 0:
                raise errors.NotFound("skm.error.followup_missing")
            fid = followup_id
        append_event(conn, db.station, FOLLOWUP_CHANGED, at=now,
                     data={"id": fid, "status": status, "element": int(element)})
        return fid

    return db.write(tx)


def delete_followup(db: Database, *, followup_id: int) -> None:
    """Remove a follow-up action recorded by mistake."""
    def tx(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM skm_followups WHERE id = ?", (followup_id,))
        append_event(conn, db.station, FOLLOWUP_CHANGED, data={"id": followup_id,
                                                             "deleted": True})
    db.write(tx)


def list_followups(db: Database, *, report_period: str | None = None) -> list[FollowUp]:
    """Follow-up actions, of one report period or all, oldest first."""
    sql, params = "SELECT * FROM skm_followups", ()
    if report_period is not None:
        sql, params = sql + " WHERE report_period = ?", (report_period,)
    return [_followup(r) for r in db.query(sql + " ORDER BY report_period, element, id", params)]


# -- publication ---------------------------------------------------------------------------

def publish_result(db: Database, *, result: dict) -> None:
    """Mark *result* (period, IKM, mutu, respondents, actions) as the published one.

    Kept in the office setting ``skm_published``; the lobby display shows it between
    calls when ``skm_display_enabled`` is on.
    """
    def tx(conn: sqlite3.Connection) -> None:
        write_settings(conn, {"skm_published": result})
        append_event(conn, db.station, "settings_changed", data={"keys": ["skm_published"]})
    db.write(tx)
