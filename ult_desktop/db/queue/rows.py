"""The ticket's rows: reading them into :class:`ult_desktop.core.tickets.Ticket`, the
office day, services and counters kept between writes, and the survey code's keyed
hash. Every module of the ticket's room reads through these."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ult_desktop.core.numbering import (
    CODE_ALPHABET,
    CODE_RANDOM_LEN,
    code_ticket_id,
    format_number,
    office_day,
    parse_number,
)
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.priority import parse_assist, parse_group
from ult_desktop.core.queue import Candidate
from ult_desktop.core.skm import code_hashes, spent_code_hash
from ult_desktop.core.tickets import QUEUED_STATES, Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine.config_cache import cached
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import (
    Counter,
    Service,
    counter_by_number,
    read_counters,
    read_services,
    read_settings,
    service_by_prefix,
)
from ult_desktop.db.record.events import parse_iso, parse_iso_set
from ult_desktop.db.record.judged import put_back, standing, unborn
from ult_desktop.db.record.station_keys import CodeKeeper, station_code_key

TICKET_SELECT = (
    "SELECT t.*, s.prefix AS service_prefix, s.name AS service_name "
    "FROM tickets t JOIN services s ON s.id = t.service_id"
)


def ticket_from_row(row: sqlite3.Row | Mapping[str, Any], code: str = "") -> Ticket:
    return Ticket(
        id=row["id"], number=row["number"], prefix=row["prefix"], seq=row["seq"],
        day=row["day"], service_id=row["service_id"], service_prefix=row["service_prefix"],
        service_name=row["service_name"], priority=bool(row["priority"]),
        state=TicketState(row["state"]), issued_at=parse_iso_set(row["issued_at"]),
        sort_at=parse_iso_set(row["sort_at"]), code=code,  # the file keeps its keyed hash
        called_at=parse_iso(row["called_at"]), serving_at=parse_iso(row["serving_at"]),
        finished_at=parse_iso(row["finished_at"]), counter=row["counter_number"],
        officer_id=row["officer_id"], outcome=row["outcome"],
        target_counter=row["target_counter"], target_officer_id=row["target_officer_id"],
        transfer_count=row["transfer_count"], print_status=row["print_status"],
        print_error=row["print_error"], station=row["station"],
        priority_group=row["priority_group"] if "priority_group" in row.keys() else None,
        routed_at=parse_iso(row["routed_at"]) if "routed_at" in row.keys() else None,
        assist=parse_assist(row["assist"]) if "assist" in row.keys() else frozenset(),
        fetched_at=parse_iso(row["fetched_at"]) if "fetched_at" in row.keys() else None,
        calls=(row["calls"] or 0) if "calls" in row.keys() else 0,
        returned_at=parse_iso(row["returned_at"]) if "returned_at" in row.keys() else None,
        followup_case=row["followup_case"] if "followup_case" in row.keys() else None,
    )


#: Codes from before migration one_write_few_pages (8 characters) are looked for among this many days.
LEGACY_CODE_DAYS = 62


def code_lookup(code: str, salt: str | None) -> tuple[str, tuple]:
    """``WHERE`` clause and parameters for the ticket with *code*: by the id it carries,
    with its keyed hash (``core.skm.code_hashes``, office key *salt*) matching; a legacy
    8-character code among the last :data:`LEGACY_CODE_DAYS` days; else nothing, unread."""
    clean = (code or "").strip().upper()
    if not salt:
        return " WHERE 0", ()
    ticket_id = code_ticket_id(clean)
    if ticket_id is not None:
        return " WHERE t.id = ? AND t.code_hash IN (?, ?)", (ticket_id,
                                                            *code_hashes(salt, clean))
    if len(clean) == CODE_RANDOM_LEN and all(c in CODE_ALPHABET for c in clean):
        return (" WHERE t.day >= date('now', ?) AND t.code_hash IN (?, ?)",
                (f"-{LEGACY_CODE_DAYS} days", *code_hashes(salt, clean)))
    return " WHERE 0", ()


def code_salt(conn: Connection) -> str | None:
    """The office key of the survey-code hashes: sealed at this PC
    (``station_keys.station_code_key``), else the settings row ``skm_code_salt`` of an
    office without a root of trust; None."""
    kept = station_code_key(conn, look=False)
    if kept:
        return kept
    rows = standing(conn, "settings", conn.execute(  # (as the record lets it stand)
        "SELECT key, value FROM settings WHERE key IN ('skm_code_salt')").fetchall(),
        only=("skm_code_salt",))
    return json.loads(rows[0]["value"]) if rows else station_code_key(conn)


def survey_code_hash(conn: Connection, code: str) -> str:
    """Inside a write: the keyed hash kept for *code* under :func:`code_salt` (a PC with
    none makes a settings row on first use; its codes are good nowhere else)."""
    salt = station_code_key(conn, look=False) or cached(  # (one lookup less per ticket)
        conn, ("settings", ("skm_code_salt",)), lambda: code_salt(conn))
    if salt is None:
        salt = code_salt(conn)  # not kept while missing: read afresh
    if salt is None:
        salt = secrets.token_hex(16)
        put_back(conn, "settings", "key", "skm_code_salt")  # (a share writer's: not ours)
        conn.execute("INSERT INTO settings (key, value) VALUES ('skm_code_salt', ?)",
                     (json.dumps(salt),))
        cache = getattr(conn, "config", None)
        if cache is not None:
            cache.forget()
    return spent_code_hash(salt, code)


def warm_code_hashes(db: object, codes) -> None:
    """Hash *codes* before a write that stores them (``core.skm.spent_code_hash`` keeps
    them), so the write holds no lock through a slow hash each."""
    kept = getattr(db, "kept", None)
    signer = getattr(getattr(db, "identity", None), "signer", None)
    salt = signer.code_key() if isinstance(signer, CodeKeeper) else None
    salt = salt or (kept(("settings", ("skm_code_salt",))) if kept is not None else None)
    if isinstance(salt, str) and salt:
        for code in codes:
            spent_code_hash(salt, code)


def now_or_clock(now: datetime | None) -> datetime:
    return now or _utc_now()


#: The settings the queue operations need (read by key: never the logo).
_OPERATION_SETTINGS = ("timezone", "enforce_hours", "open_days", "open_time", "close_time",
                       "priority_prefix", "followup_prefix", "priority_policy", "priority_order",
                       "route_wait_min", "priority_promise_min", "outage_reserve", "missed_after_calls",
                       "return_after_numbers", "followup_order")


def day_settings(conn: Connection, now: datetime) -> tuple[str, dict]:
    # kept between this station's writes while the event log shows no settings change
    settings = dict(cached(conn, ("settings", _OPERATION_SETTINGS),
                           lambda: read_settings(conn, _OPERATION_SETTINGS)))
    return office_day(now, settings["timezone"]).isoformat(), settings


def services_by_id(conn: Connection) -> dict[int, Service]:
    """Every service by id (one page), kept like the settings (``db.config_cache``)."""
    return cached(conn, "services", lambda: {svc.id: svc for svc in read_services(conn)})


def service_of(conn: Connection, prefix: str) -> Service:
    wanted = prefix.strip().upper()
    for svc in services_by_id(conn).values():
        if svc.prefix == wanted:
            return svc
    return service_by_prefix(conn, prefix)  # not there: its error names the known ones


def counters_by_number(conn: Connection) -> dict[int, Counter]:
    """Every counter by number (one page), kept like the services."""
    return cached(conn, "counters", lambda: {ctr.number: ctr for ctr in read_counters(conn)})


def active_counter(conn: Connection, number: int) -> Counter:
    """Active counter *number*; every counter (one page) kept like the services."""
    ctr = counters_by_number(conn).get(number)
    if ctr is None or not ctr.active:
        return counter_by_number(conn, number)  # its error says which counter
    return ctr


#: Tickets made from rows read before, by the row's values and its service's words: a
#: screen that reads the day's line again makes only the changed rows into tickets.
_MADE: dict[tuple, Ticket] = {}
_MADE_MAX = 20_000


def read_tickets(conn: Connection, where: str, params: tuple, *,
                 judged: bool = True) -> list[Ticket]:
    """Tickets read without the join to ``services``, only those an act that stands
    brought in (``judged.unborn``; *judged* False: as they are)."""
    services = services_by_id(conn)
    out = []
    if len(_MADE) > _MADE_MAX:
        _MADE.clear()
    def kept(rows: list) -> list:
        return standing_rows(conn, rows) if judged else rows

    for row in kept(conn.execute("SELECT t.* FROM tickets t" + where, params).fetchall()):
        svc = services.get(row["service_id"])
        if svc is None:  # a service added since the services were kept: read it all
            return [ticket_from_row(r)
                    for r in kept(conn.execute(TICKET_SELECT + where, params).fetchall())]
        key = (*row, svc.prefix, svc.name)
        ticket = _MADE.get(key)
        if ticket is None:
            ticket = _MADE[key] = ticket_from_row({**dict(row), "service_prefix": svc.prefix,
                                                  "service_name": svc.name})
        out.append(ticket)
    return out


def standing_rows(conn: Connection, rows: list) -> list:
    """Of *rows* read from ``tickets`` (with their ``id``), those an act that stands brought
    in (``judged.unborn``; judged once per ticket and open database)."""
    forged = unborn(conn, [r["id"] for r in rows]) if rows else set()
    return [r for r in rows if r["id"] not in forged]


#: The states of the day's open tickets: the counter's line and its desks.
OPEN_WHERE = (" WHERE t.day = ? AND t.state IN ('waiting', 'transferred', 'skipped', "
              "'called', 'serving')")
#: The open tickets kept on a connection are read in full at least this often (seconds),
#: when more than this many tickets changed since, and the tickets of this many events
#: before the newest kept are read again (a server's writers commit out of id order).
LINE_FULL_S, LINE_MOST, LINE_SLACK = 30.0, 400, 32


@dataclass
class DayLine:
    """A day's open tickets as read up to event *upto*: in calling order, and the waiting
    ones as the queue's policy reads them (each made again only when its ticket changed)."""

    day: str
    tickets: dict[int, Ticket]
    upto: int
    since: float
    ordered: list[Ticket]
    candidates: list[Candidate]
    _made: dict[int, tuple[Ticket, Candidate]]

    @classmethod
    def of(cls, day: str, tickets: dict[int, Ticket], upto: int, since: float,
           before: DayLine | None = None) -> DayLine:
        ordered = sorted(tickets.values(), key=lambda t: (not t.priority, t.sort_at, t.id))
        was = before._made if before is not None else {}
        made = {}
        for t in ordered:
            if t.state in QUEUED_STATES:
                kept = was.get(t.id)
                made[t.id] = kept if kept is not None and kept[0] is t else (t, Candidate.of(t))
        return cls(day, tickets, upto, since, ordered, [c for _, c in made.values()], made)


def read_day_line(conn: Connection, day: str,
                  clock: Callable[[], float] = time.monotonic) -> DayLine:
    """The open tickets of office *day* in calling order, read by the change: only the
    tickets the events since the connection's last reading name (in full on a new day, a
    configuration change, a rollback, over :data:`LINE_MOST` or :data:`LINE_FULL_S`)."""
    cache = getattr(conn, "config", None)
    top = conn.execute("SELECT id FROM events ORDER BY id DESC LIMIT 1").fetchone()
    top, now = (top[0] if top else 0) or 0, clock()
    kept: DayLine | None = getattr(cache, "line", None)
    if kept is not None and kept.day == day and now - kept.since <= LINE_FULL_S and \
            kept.upto <= top:
        line = kept if top == kept.upto else _moved(conn, kept, top)
    else:
        line = None
    if line is None:
        line = DayLine.of(day, {t.id: t for t in read_tickets(conn, OPEN_WHERE, (day,))},
                          top, now)
    if cache is not None:
        cache.line = line
    return line


def _moved(conn: Connection, kept: DayLine, top: int) -> DayLine | None:
    """*kept* with the tickets named since its reading read again; None: too many."""
    ids = sorted({r[0] for r in conn.execute(
        "SELECT DISTINCT ticket_id FROM events WHERE id > ? AND ticket_id IS NOT NULL "
        "LIMIT ?", (max(0, kept.upto - LINE_SLACK), LINE_MOST + 1))})
    if len(ids) > LINE_MOST:
        return None
    tickets = dict(kept.tickets)
    for tid in ids:
        tickets.pop(tid, None)
    if ids:
        tickets.update((t.id, t) for t in read_tickets(
            conn, OPEN_WHERE + f" AND t.id IN ({','.join('?' * len(ids))})",
            (kept.day, *ids)))
    return DayLine.of(kept.day, tickets, top, kept.since, kept)


def written_ticket(conn: Connection, row) -> Ticket:
    """The ticket of a row a write returned (``RETURNING *``)."""
    svc = services_by_id(conn).get(row["service_id"])
    if svc is None:
        return load_ticket(conn, row["id"])
    return ticket_from_row({**dict(row), "service_prefix": svc.prefix,
                            "service_name": svc.name})


def load_ticket(conn: Connection, ticket_id: int) -> Ticket:
    return read_tickets(conn, _BY_ID, (ticket_id,), judged=False)[0]


def load_or_none(conn: Connection, ticket_id: int) -> Ticket | None:
    """Ticket *ticket_id* as the record has it, or None."""
    return next(iter(read_tickets(conn, _BY_ID, (ticket_id,), judged=False)), None)


def read_by_id(ticket_id: int) -> tuple[str, tuple]:
    """The read :func:`load_or_none` makes (for a write's read-ahead)."""
    return ticket_read(_BY_ID, (ticket_id,))


def find_ticket(conn: Connection, day: str, number: str, *, judged: bool = True) -> Ticket:
    """Ticket *number* of office *day* (*judged* False: the rows as they are, as
    :func:`read_tickets`). :raises RuleViolation: not a number; NotFound: none."""
    try:
        prefix, seq = parse_number(number)
    except ValueError as exc:
        raise errors.RuleViolation("error.bad_input", detail=str(exc)) from exc
    found = read_tickets(conn, " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                         (day, prefix, seq), judged=judged)
    if not found:
        raise errors.NotFound(number=format_number(prefix, seq))
    return found[0]


AT_COUNTER_WHERE = (" WHERE t.day = ? AND t.counter_number = ? AND t.state IN "
               "('called', 'serving') ORDER BY t.called_at DESC LIMIT 1")
_BY_ID = " WHERE t.id = ?"


def ticket_at_counter(conn: Connection, day: str, counter: int) -> Ticket | None:
    return next(iter(read_tickets(conn, AT_COUNTER_WHERE, (day, counter))), None)


def ticket_read(where: str, params: tuple) -> tuple[str, tuple]:
    """``(sql, params)`` of the read ``read_tickets(conn, where, params)`` makes (to read
    ahead: ``Database.write``)."""
    return "SELECT t.* FROM tickets t" + where, params


def day_guess(db: Database, now: datetime) -> str | None:
    """The office day under this station's kept settings: what a write likely asks first."""
    settings = db.kept(("settings", _OPERATION_SETTINGS))
    return None if settings is None else office_day(now, settings["timezone"]).isoformat()


def target_ticket(conn: Connection, day: str, *, counter: int | None,
            number: str | None) -> Ticket:
    """The ticket named by *number*, or the one currently at *counter*."""
    if number:
        return find_ticket(conn, day, number)
    if counter is None:
        raise errors.RuleViolation("error.need_counter_or_ticket")
    active_counter(conn, counter)
    ticket = ticket_at_counter(conn, day, counter)
    if ticket is None:
        raise errors.RuleViolation("error.counter_idle", counter=counter)
    return ticket


def priority_group_of(text: str | None) -> str | None:
    try:
        return parse_group(text)
    except ValueError as exc:
        raise errors.RuleViolation("error.unknown_priority_group", group=text) from exc


PAUSED_SELECT = "SELECT counter, reason, note, officer_id, since FROM counter_pauses"


def read_pauses(conn: Connection) -> dict[int, dict]:
    """Counters on a break now: number -> {reason, note, officer_id, since} (a column
    NULL in the record is absent from a row whose raw row was deleted)."""
    return {r["counter"]: {c: r.get(c) for c in ("reason", "note", "officer_id", "since")}
            for r in standing(conn, "counter_pauses", conn.execute(PAUSED_SELECT).fetchall())}
