"""SKM survey responses in the shared file, anonymous by construction (docs/skm.md).

A visitor proves a visit by the code on the ticket. A response stores no ticket, officer,
station or exact time. A second answer is refused through ``skm_spent_codes`` (hashes keyed
apart from the tickets'), which joins nothing back to a response: random response ids, no
time, codes spent only in the shuffled batch that writes the answers (:func:`write_batch`)."""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ult_desktop.core import skm
from ult_desktop.core.dates import month_range
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import (
    code_ticket_id,
    is_record_code,
    office_day,
    random_part,
    remote_code,
    ticket_code,
)
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.skm import code_hashes, spent_code_hash
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import office_today, read_services, read_settings, write_settings
from ult_desktop.db.queue.rows import (
    TICKET_SELECT,
    code_lookup,
    code_salt,
    standing_rows,
    survey_code_hash,
    ticket_from_row,
)
from ult_desktop.db.queue.transition import note
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.judged import judging, put_back, standing
from ult_desktop.db.record.projection import paused
from ult_desktop.db.record.station_keys import station_role

#: A reprinted ticket got a new survey code (no code in the event): :func:`renew_code`.
SURVEY_CODE_RENEWED = "survey_code_renewed"
#: A visit still waiting or at a counter: a reprint may give it a new survey code.
RENEWABLE_STATES = frozenset({TicketState.WAITING, TicketState.TRANSFERRED,
                              TicketState.CALLED, TicketState.SERVING,
                              TicketState.SKIPPED})
#: A shuffled batch of kiosk/tablet answers was written (data: the batch id only).
SURVEY_BATCH = "survey_batch"
#: Roles of a key registration that may write survey answers.
SURVEY_ROLES = ("kiosk", "survey")
#: Event kind written when an officer records a paper or phone questionnaire.
SURVEY_RECORDED = "survey_recorded"
#: Ticket states in which the visit was served, so the survey may be taken.
SERVED_STATES = frozenset({TicketState.DONE, TicketState.ESCALATED})
#: Where an answer came from (each has its words: ``skm.source.*``).
SOURCES = ("kiosk", "tablet", "paper", "phone", "online")
#: A phone or online requester got their survey code (no code in the event).
SURVEY_CODE_GIVEN = "survey_code_given"

_ANSWER_COLUMNS = tuple(f"a{i}" for i in range(1, skm.ELEMENT_COUNT + 1))
_PROFILE_COLUMNS = tuple(skm.PROFILE)


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
    #: the SPAK items' scores when they were asked, else None
    spak: tuple[int, ...] | None = None


def _response(row: sqlite3.Row) -> SurveyResponse:
    spak = tuple(row[c] for c in skm.SPAK_COLUMNS) if skm.SPAK_COLUMNS[0] in row.keys() \
        and row[skm.SPAK_COLUMNS[0]] is not None else None
    return SurveyResponse(
        id=row["id"], service_id=row["service_id"], period=row["period"],
        source=row["source"], answers=tuple(row[c] for c in _ANSWER_COLUMNS),
        suggestion=row["suggestion"], profile={c: row[c] for c in _PROFILE_COLUMNS},
        spak=spak)


#: The spent set's own key: a spent code's hash is not the ticket's, so the
#: spent set and the tickets cannot be joined; the ticket's hash is cleared once spent.
SPENT_KEY = "skm_spent_salt"


def _spent_key(conn: Connection) -> str | None:
    rows = standing(conn, "settings", conn.execute(  # (as the record lets it stand)
        "SELECT key, value FROM settings WHERE key = ?", (SPENT_KEY,)).fetchall(),
        only=(SPENT_KEY,))
    return json.loads(rows[0]["value"]) if rows else None


def _spent(conn: Connection, code: str, ticket_hash: str | None) -> bool:
    """Whether the visit of *code* was rated: its hash under the spent set's key is in
    the spent set, or (spent by an older version) the ticket's own hash is."""
    key = _spent_key(conn)
    return any(conn.execute("SELECT 1 FROM skm_spent_codes WHERE code_hash = ?",
                            (h,)).fetchone() is not None
               for h in (*(code_hashes(key, code) if key else ()), ticket_hash) if h)


def _ticket_by_code(conn: Connection, code: str) -> sqlite3.Row:
    clean = (code or "").strip().upper()
    where, params = code_lookup(clean, code_salt(conn))
    row = next(iter(standing_rows(conn, conn.execute(TICKET_SELECT + where,
                                                     params).fetchall())), None)
    if row is None:  # the ticket whose id the code carries (codes printed since migration
        # one_write_few_pages)
        ticket_id = code_ticket_id(clean)
        spent = None if ticket_id is None else conn.execute(
            TICKET_SELECT + " WHERE t.id = ?", (ticket_id,)).fetchone()
        if spent is not None and _spent(conn, clean, None):  # its hash cleared when spent
            raise errors.RuleViolation("skm.error.already_answered", number=spent["number"])
        raise errors.NotFound("skm.error.ticket_not_found", code=clean or "-")
    return row


def _check_open(conn: Connection, row: sqlite3.Row, now: datetime | None, code: str) -> Ticket:
    """The visit was served, within the office's answer window (at *now*; None: an answer
    given then, queued since), and not rated yet."""
    ticket = ticket_from_row(row)
    if ticket.state not in SERVED_STATES:
        raise errors.RuleViolation("skm.error.not_served", number=ticket.number)
    if now is not None:
        days = int(read_settings(conn, ("skm_answer_days",))["skm_answer_days"])
        if (office_today(conn, now) - date.fromisoformat(ticket.day)).days > days:
            raise errors.RuleViolation("skm.error.too_late", number=ticket.number, days=days)
    if _spent(conn, code.strip().upper(), row["code_hash"]):
        raise errors.RuleViolation("skm.error.already_answered", number=ticket.number)
    return ticket


def read_may_take_answers(conn: Connection) -> bool:
    """Survey answers come only from stations registered as kiosk or survey tablet; an
    office that registered no key proves nothing and is not refused (docs/skm.md). The
    role is the record's (``judged.judging``), never a ``station_keys`` row's alone."""
    ident = getattr(conn, "audit", None)
    signer = ident.signer if ident is not None else None
    key = signer.key_id if signer else None
    authority = judging(conn)
    if authority is not None:
        return authority.role_at(key, 1 << 62) in SURVEY_ROLES
    if conn.execute("SELECT 1 FROM station_keys WHERE state = 'registered' "
                    "LIMIT 1").fetchone() is None:
        return True
    return station_role(conn, key) in SURVEY_ROLES


def _check_survey_station(conn: Connection) -> None:
    if not read_may_take_answers(conn):
        raise errors.RuleViolation("skm.error.not_survey_station")


def survey_ticket(db: Database, *, ticket_code: str, now: datetime | None = None
                  ) -> Ticket | RemoteVisit:
    """The ticket a survey is about, checked before the questions (and again on writing).
    :raises NotFound: no ticket has this code.
    :raises RuleViolation: this station may not take answers; the visit is not finished
        yet, too long ago, or already rated."""
    now = now or _utc_now()
    return db.read(lambda conn: read_survey_ticket(conn, ticket_code, now))


def read_survey_ticket(conn: Connection, ticket_code: str, now: datetime
                       ) -> Ticket | RemoteVisit:
    """:func:`survey_ticket` inside the caller's read."""
    _check_survey_station(conn)
    return _open_visit(conn, (ticket_code or "").strip().upper(), now)


def _open_visit(conn: Connection, code: str, now: datetime | None) -> Ticket | RemoteVisit:
    """The served visit of *code* whose survey is not answered yet (a ticket's within the
    answer window at *now*, :func:`_check_open`). :raises NotFound, RuleViolation: why not."""
    if is_record_code(code):  # a phone or online requester
        visit = _remote_visit(conn, code)
        if visit is None or _spent(conn, code, None):
            if _spent(conn, code, None):
                raise errors.RuleViolation("skm.error.already_answered",
                                           number=visit.number if visit else code)
            raise errors.NotFound("skm.error.ticket_not_found", code=code or "-")
        return visit
    return _check_open(conn, _ticket_by_code(conn, code), now, code)


@dataclass(frozen=True)
class RemoteVisit:
    """A phone or online request whose requester answers the SKM with the code they were
    given: counted under its channel (source ``phone`` or ``online``)."""

    id: int
    number: str            # the web form's request number, or the channel's name
    service_id: int
    service_name: str
    day: str
    source: str


def _remote_visit(conn: Connection, code: str) -> RemoteVisit | None:
    """The answered request whose code *code* is, None when no unspent code matches.

    :raises RuleViolation: the request has no answer yet."""
    salt = code_salt(conn)
    if not salt:
        return None
    row = conn.execute(  # by the code's keyed hash: a code names no record
        "SELECT r.id, r.channel, r.day, r.code_hash, r.answer, r.online_ref, r.service_id, "
        "s.name AS service_name, c.state AS case_state FROM register_records r JOIN services s "
        "ON s.id = r.service_id LEFT JOIN cases c ON c.record_id = r.id "
        "WHERE r.code_hash IN (?, ?)", code_hashes(salt, code)).fetchone()
    if row is None:
        return None
    number = row["online_ref"] or tr(f"counter.channel.{row['channel']}")
    if not (row["answer"] or row["case_state"] in ("answered", "closed")):
        raise errors.RuleViolation("skm.error.not_served", number=number)
    return RemoteVisit(row["id"], number, row["service_id"], row["service_name"], row["day"],
                       "online" if row["channel"] == "online" else "phone")


def remote_survey_code(db: Database, *, record_id: int,
                       now: datetime | None = None) -> str | None:
    """A survey code for the phone or online requester of record *record_id*; None for a
    walk-in or a record that got one already (a second would be a second chance)."""
    now = now or _utc_now()

    def tx(conn: Connection) -> str | None:
        row = conn.execute("SELECT channel, code_hash FROM register_records WHERE id = ?",
                           (record_id,)).fetchone()
        if row is None or row["channel"] not in ("phone", "online") or row["code_hash"]:
            return None
        code = remote_code(secrets.choice)  # random only: never the record's id
        conn.execute("UPDATE register_records SET code_hash = ? WHERE id = ?",
                     (survey_code_hash(conn, code), record_id))
        append_event(conn, db.station, SURVEY_CODE_GIVEN, at=now)
        return code

    return db.write(tx)


def renew_code(db: Database, *, ticket_id: int, now: datetime | None = None) -> str | None:
    """A new survey code for a reprinted ticket still waiting (only hashes are kept), or
    None: a visit over gets none (a second chance to answer)."""
    now = now or _utc_now()

    def tx(conn: Connection) -> str | None:
        row = conn.execute("SELECT id, state, code_hash, number FROM tickets WHERE id = ?",
                           (ticket_id,)).fetchone()
        if row is None or TicketState(row["state"]) not in RENEWABLE_STATES:
            return None
        if conn.execute("SELECT 1 FROM skm_spent_codes WHERE code_hash = ?",
                        (row["code_hash"],)).fetchone():
            return None
        code = ticket_code(random_part(), ticket_id)
        note(None, conn, ticket_id, code_hash=survey_code_hash(conn, code))
        append_event(conn, db.station, SURVEY_CODE_RENEWED, ticket_id=ticket_id,
                     ticket_number=row["number"], at=now)
        return code

    return db.write(tx)


def _insert(conn: Connection, *, service_id: int, period: str, source: str,
            answers: tuple[int, ...], suggestion: str | None,
            profile: dict[str, str | None],
            spak: tuple[int, ...] | None = None) -> SurveyResponse:
    while True:  # random ids: the row order must not follow the order of the visits
        rid = secrets.randbelow(2**53 - 1) + 1
        if conn.execute("SELECT 1 FROM skm_responses WHERE id = ?", (rid,)).fetchone() is None:
            break
    cols = ("id", "service_id", "period", "source", *_ANSWER_COLUMNS, "suggestion",
            *_PROFILE_COLUMNS, *(skm.SPAK_COLUMNS if spak else ()))
    values = (rid, service_id, period, source, *answers, suggestion,
              *(profile[c] for c in _PROFILE_COLUMNS), *(spak or ()))
    conn.execute(f"INSERT INTO skm_responses ({', '.join(cols)}) "
                 f"VALUES ({', '.join('?' * len(cols))})", values)
    return SurveyResponse(id=rid, service_id=service_id, period=period, source=source,
                          answers=answers, suggestion=suggestion, profile=profile, spak=spak)


def _rewrite_months(conn: Connection, months: set[str]) -> None:
    """The responses of *months* written again in random order under new random ids, the
    old cells overwritten, so nothing keeps their order (counts unchanged: not captured)."""
    if not months:
        return
    marks = ", ".join("?" * len(months))
    cols = ("service_id", "period", "source", *_ANSWER_COLUMNS, "suggestion", *_PROFILE_COLUMNS,
            *(c for c in skm.SPAK_COLUMNS if c in port.columns(conn, "skm_responses")))
    rows = port.plain_rows(conn, f"SELECT {', '.join(cols)} FROM skm_responses WHERE period "
                           f"IN ({marks})", tuple(months)).fetchall()
    rng = secrets.SystemRandom()
    rng.shuffle(rows)
    secure = port.secure_delete(conn)
    with paused(conn):
        port.secure_delete(conn, True)
        try:
            conn.execute(f"DELETE FROM skm_responses WHERE period IN ({marks})", tuple(months))
            ids = rng.sample(range(1, 2**53), len(rows))
            out = [(rid, *r) for rid, r in zip(ids, rows, strict=True)]
            conn.executemany(f"INSERT INTO skm_responses (id, {', '.join(cols)}) VALUES "
                             f"({', '.join('?' * (len(cols) + 1))})", out)
        finally:
            port.secure_delete(conn, secure)


def batch_written(db: Database, batch_id: str, *, after_event: int = 0) -> bool:
    """Whether the batch *batch_id* was committed (its event after *after_event*)."""
    return bool(db.query(_batch_sql(db), (after_event, SURVEY_BATCH, batch_id)))


def _batch_sql(conn) -> str:
    return ("SELECT 1 FROM events WHERE id > ? AND kind = ? AND "
            f"{port.json_text(conn, 'data', 'batch')} = ?")


def write_batch(db: Database, answers: Sequence[dict], *, batch_id: str,
                after_event: int = 0, now: datetime | None = None) -> list[SurveyResponse]:
    """Write a station's waiting answers (``code``, ``source``, ``answers``, ``suggestion``,
    ``profile``, ``spak``) as one shuffled batch, spending their codes in it (a spent code
    or a gone visit is dropped); the responses written. The ``survey_batch`` event names
    only the batch id, so no answer's time is in the log."""
    rows = []
    for a in answers:
        if a.get("source") not in ("kiosk", "tablet"):
            raise errors.RuleViolation("error.bad_input", detail=f"source {a.get('source')!r}")
        code = str(a.get("code") or "").strip().upper()
        visit: str | tuple[int, str] = code or (int(a["service_id"]), _month(a["period"]))
        rows.append((visit, a["source"], skm.validate_answers(a["answers"]),
                     skm.validate_suggestion(a.get("suggestion")),
                     skm.validate_profile(a.get("profile")), skm.validate_spak(a.get("spak"))))
    now = now or _utc_now()
    rng = secrets.SystemRandom()
    rng.shuffle(rows)

    def tx(conn: Connection) -> list[SurveyResponse]:
        _check_survey_station(conn)
        if conn.execute(_batch_sql(conn), (after_event, SURVEY_BATCH, batch_id)).fetchone():
            return []
        keys = [_spent_key(conn)]
        written = []
        for visit_or_code, source, scores, text, bands, spak in rows:
            spent = _spend(conn, visit_or_code, keys)
            if spent is None:
                continue
            service_id, period, own_source = spent
            source = own_source or source
            written.append(_insert(conn, service_id=service_id, period=period,
                                   source=source, answers=scores, suggestion=text,
                                   profile=bands, spak=spak))
        _rewrite_months(conn, {r.period for r in written})
        append_event(conn, db.station, SURVEY_BATCH, at=now, data={"batch": batch_id})
        return written

    if not rows:
        return []
    return db.write(tx)


def _spend(conn: Connection, visit_or_code: str | tuple[int, str],
           keys: list) -> tuple[int, str, str | None] | None:
    """An answer's (service id, month, source), its code spent now; None when not to be
    written. *keys*: the spent set's key, made at the first spend."""
    if isinstance(visit_or_code, tuple):  # spent by an older version, queued since
        return (*visit_or_code, None) if _unanswered_spends(conn) else None
    try:
        visit = _open_visit(conn, visit_or_code, None)
    except errors.RuleViolation:  # (NotFound too) a spent code or a gone visit
        return None
    own_source = visit.source if isinstance(visit, RemoteVisit) else None
    if not keys[0]:  # the spent set's key, made on the first spend
        keys[0] = secrets.token_hex(16)
        put_back(conn, "settings", "key", SPENT_KEY)  # (a share writer's row: not ours)
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                     (SPENT_KEY, json.dumps(keys[0])))
    # the visit's own row is not touched: an image of it in the batch's event would name
    # the visitor whose code was spent (the spent set, under its own key, refuses a
    # second answer)
    conn.execute("INSERT INTO skm_spent_codes (code_hash) VALUES (?)",
                 (spent_code_hash(keys[0], visit_or_code),))
    return visit.service_id, visit.day[:7], own_source


def _unanswered_spends(conn: Connection) -> bool:
    """Whether some spent code has no kiosk or tablet answer yet: an answer queued with
    its visit's service and month by a station that spent the code in an older version
    (spend first, answer later) is written only against such a spend."""
    spent = conn.execute("SELECT COUNT(*) FROM skm_spent_codes").fetchone()[0]
    answered = conn.execute("SELECT COUNT(*) FROM skm_responses WHERE source IN "
                            "('kiosk', 'tablet')").fetchone()[0]
    return spent > answered


def _month(period: object) -> str:
    if not isinstance(period, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise errors.RuleViolation("error.bad_input", detail=f"period {period!r}")
    return period


def served_counts(conn: Connection, date_from: date, date_to: date,
                  service_id: int | None = None) -> dict[int, int]:
    """People served per service from *date_from* to *date_to*: visits finished at a
    counter and phone or online requests in the guest book (the SKM's population)."""
    d0, d1 = date_from.isoformat(), date_to.isoformat()
    only, args = ("", ()) if service_id is None else (" AND service_id = ?", (service_id,))
    counts: dict[int, int] = {}
    for sql in ("SELECT service_id, COUNT(*) FROM tickets WHERE day BETWEEN ? AND ? "
                "AND state IN ('done', 'escalated')",
                "SELECT service_id, COUNT(*) FROM register_records WHERE day BETWEEN ? AND ? "
                "AND channel IN ('phone', 'online')"):
        for sid, n in conn.execute(sql + only + " GROUP BY service_id", (d0, d1, *args)):
            counts[sid] = counts.get(sid, 0) + n
    return counts


def record_response(db: Database, *, service_id: int, period: str, source: str,
                    answers: Sequence[int], suggestion: str | None = None,
                    profile: dict[str, str | None] | None = None,
                    sheet_no: int | None = None,
                    now: datetime | None = None) -> SurveyResponse:
    """Store a paper or phone questionnaire of month *period* (``'YYYY-MM'``) typed in by
    an officer: *sheet_no* unique in its month, never more answers than people served.
    :raises InvalidAnswers: bad scores, profile band or suggestion length.
    :raises RuleViolation: unknown service, bad source or month, a sheet number used."""
    scores = skm.validate_answers(answers)
    bands = skm.validate_profile(profile)
    text = skm.validate_suggestion(suggestion)
    if source not in ("paper", "phone"):
        raise errors.RuleViolation("error.bad_input", detail=f"source {source!r}")
    period = _month(period)
    if sheet_no is not None and (isinstance(sheet_no, bool) or not isinstance(sheet_no, int)
                                 or not 0 < sheet_no < 10**7):
        raise errors.RuleViolation("skm.error.sheet_number", sheet=sheet_no)
    now = now or _utc_now()

    def tx(conn: Connection) -> SurveyResponse:
        service = next(({"prefix": s.prefix, "name": s.name} for s in read_services(conn)
                        if s.id == service_id), None)
        if service is None:
            raise errors.RuleViolation("error.bad_input", detail=f"service {service_id}")
        if sheet_no is not None and conn.execute(
                "SELECT 1 FROM skm_paper_sheets WHERE period = ? AND sheet_no = ?",
                (period, sheet_no)).fetchone():
            raise errors.RuleViolation("skm.error.sheet_used", sheet=sheet_no, period=period)
        first, last = month_range(date.fromisoformat(period + "-01"))
        served = served_counts(conn, first, last, service_id).get(service_id, 0)
        answered = conn.execute("SELECT COUNT(*) FROM skm_responses WHERE service_id = ? AND "
                                "period = ?", (service_id, period)).fetchone()[0]
        if answered >= served:
            raise errors.RuleViolation("skm.error.beyond_served", answered=answered,
                                       served=served, period=period,
                                       service=f"{service['prefix']} - {service['name']}")
        if sheet_no is not None:
            conn.execute("INSERT INTO skm_paper_sheets (period, sheet_no, service_id, source) "
                         "VALUES (?, ?, ?, ?)", (period, sheet_no, service_id, source))
        response = _insert(conn, service_id=service_id, period=period, source=source,
                           answers=scores, suggestion=text, profile=bands)
        append_event(conn, db.station, SURVEY_RECORDED, at=now, data={"source": source})
        return response

    return db.write(tx)


def read_responses(conn: Connection, *, first_month: str, last_month: str,
                   service_id: int | None = None) -> list[SurveyResponse]:
    """Responses of the months *first_month* .. *last_month* ('YYYY-MM', inclusive)."""
    sql = "SELECT * FROM skm_responses WHERE period BETWEEN ? AND ?"
    params: tuple = (first_month, last_month)
    if service_id is not None:
        sql += " AND service_id = ?"
        params += (service_id,)
    return [_response(r) for r in
            conn.execute(sql + " ORDER BY period, service_id, id", params).fetchall()]


# -- publication ---------------------------------------------------------------------------

def publish_result(db: Database, *, result: dict) -> None:
    """Mark *result* (period, IKM, mutu, respondents, actions) as the published one
    (setting ``skm_published``; the lobby display shows it when ``skm_display_enabled``)."""
    def tx(conn: Connection) -> None:
        images = write_settings(conn, {"skm_published": result})
        append_event(conn, db.station, "settings_changed", data={"keys": ["skm_published"]},
                     images=images or None)
    db.write(tx)


def published_results(db: Database, *, date_from: str, date_to: str,
                      now: datetime | None = None
                      ) -> tuple[skm.IkmResult | None, dict[int, skm.IkmResult]]:
    """The SKM figures a screen may show for the office days *date_from* .. *date_to*
    (:func:`read_published`)."""
    def read(conn: Connection) -> skm.Published:
        settings = read_settings(conn, ("skm_min_group", "timezone"))
        return read_published(conn, date_from, date_to, office_day(
            now or _utc_now(), settings["timezone"]), skm.min_group(settings))

    shown = db.read(read)
    return shown.total, shown.by_service


def read_published(conn: Connection, date_from: str, date_to: str, today: date,
                   minimum: int) -> skm.Published:
    """The SKM figures of the office days *date_from* .. *date_to* a screen or report may
    show (*today*: the office's): closed months only, and a figure only when every month
    it sums holds no answer or the *minimum* group (``core.skm.months_publishable``),
    small services merged away."""
    last = min(date_to[:7], skm.last_closed_month(today))
    rows = read_responses(conn, first_month=date_from[:7], last_month=last) \
        if date_from[:7] <= last else []
    return skm.publishable([(r.service_id, r.period, r.answers) for r in rows], minimum)
