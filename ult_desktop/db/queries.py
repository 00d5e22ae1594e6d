"""Read-side queries used by screens and the CLI (no writes)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from ult_desktop.core.numbering import format_number, office_day, parse_number, utc_now
from ult_desktop.core.phone import PHONE_BAND_DAY, people_ahead
from ult_desktop.core.queue import SHARE_CALLS, ServiceRate, desk_shares, widening
from ult_desktop.core.queue import wait_band as band_of
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.house.office import get_settings, office_today, read_settings
from ult_desktop.db.queue import TICKET_SELECT, code_lookup, code_salt, ticket_from_row
from ult_desktop.db.queue.rows import read_day_line
from ult_desktop.db.queue.serving import read_serving
from ult_desktop.db.record.events import event_from_row

_RECENT_SERVICES = 20


def today(db: Database, now: datetime | None = None) -> str:
    """The office day (ISO date) in the office's time zone."""
    return office_day(now or utc_now(), get_settings(db, "timezone")["timezone"]).isoformat()


def read_today(conn: Connection, now: datetime | None = None) -> str:
    """:func:`today` inside the caller's read."""
    return office_today(conn, now).isoformat()


def read_last_event_id(conn: Connection) -> int:
    """The newest event's id (one rowid seek): a state read in the same transaction
    includes every change up to it, so a screen skips feed events at or below it."""
    return conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]


def read_last_ticket_id(conn: Connection) -> int:
    """The newest ticket's id (0: none yet): a code naming a later one is not known yet."""
    return conn.execute("SELECT MAX(id) FROM tickets").fetchone()[0] or 0


def read_phone_tickets(conn: Connection, day: str, ids) -> dict[int, tuple]:
    """The tickets *ids* of *day* as :func:`read_phone_day` gives them (id: code's keyed
    hash and ticket), for a reading kept up to date by the change."""
    ids = sorted(ids)
    return {r["id"]: (r["code_hash"], ticket_from_row(r)) for r in conn.execute(
        TICKET_SELECT + f" WHERE t.day = ? AND t.id IN ({','.join('?' * len(ids))})",
        (day, *ids))}


def get_ticket(db: Database, *, number: str | None = None, ticket_id: int | None = None,
               code: str | None = None, day: str | None = None) -> Ticket:
    """One ticket by id, by code, or by number on *day* (default: today).
    :raises NotFound: no such ticket."""
    if ticket_id is not None:
        rows = db.query(TICKET_SELECT + " WHERE t.id = ?", (ticket_id,))
    elif code is not None:
        def read(conn):
            where, params = code_lookup(code, code_salt(conn))
            return conn.execute(TICKET_SELECT + where, params).fetchall()
        rows = db.read(read)
    else:
        try:
            prefix, seq = parse_number(number or "")
        except ValueError as exc:
            raise errors.RuleViolation("error.bad_input", detail=str(exc)) from exc
        rows = db.query(TICKET_SELECT + " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                        (day or today(db), prefix, seq))
        number = format_number(prefix, seq)
    if not rows:
        raise errors.NotFound(number=number or code or ticket_id)
    return ticket_from_row(rows[0])


def waiting_ahead(db: Database, ticket: Ticket) -> int:
    """People of the same service who will be called before *ticket*."""
    return db.read(lambda conn: read_waiting_ahead(conn, ticket))


def others_in_line(db: Database, ticket: Ticket) -> int:
    """Others of *ticket*'s service waiting now: a visitor who reported back is called
    after the office's numbers of her line, or as soon as none of them waits
    (``core.tickets.returned_held``)."""
    return db.read(lambda conn: conn.execute(
        "SELECT COUNT(*) FROM tickets WHERE day = ? AND service_id = ? AND id != ? AND "
        "state IN ('waiting', 'transferred')", (ticket.day, ticket.service_id, ticket.id)
    ).fetchone()[0])


def read_waiting_ahead(conn: Connection, ticket: Ticket) -> int:
    """:func:`waiting_ahead` inside the caller's read."""
    rows = conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.state IN ('waiting', "
                        "'transferred') ORDER BY t.priority DESC, t.sort_at, t.id",
                        (ticket.day,))
    return people_ahead(ticket, map(ticket_from_row, rows))


def read_wait_band(conn: Connection, service_prefix: str, ahead: int, *,
                   priority: bool = False, now: datetime | None = None
                   ) -> tuple[int, int] | None:
    """Inside the caller's read: how long a visitor of *service_prefix* with *ahead*
    people before them may wait (``core.queue.wait_band`` on the desks staffed now,
    :func:`read_service_rates`, widened by :func:`read_widening`)."""
    svc = conn.execute("SELECT id FROM services WHERE prefix = ?", (service_prefix,)).fetchall()
    if not svc:
        return None
    day = office_day(now or utc_now(), read_settings(conn, ("timezone",))["timezone"])
    rates = read_service_rates(conn, day.isoformat(), [svc[0][0]])
    return band_of(ahead, rates[svc[0][0]], read_widening(conn, day.isoformat()),
                   priority=priority)


def read_ticket_band(conn: Connection, ticket: Ticket, now: datetime | None = None
                     ) -> tuple[int, tuple[int, int] | None]:
    """The people ahead of a ticket just issued and the band its paper shows (the kiosk's
    and the office-day bench's one reading)."""
    ahead = read_waiting_ahead(conn, ticket)
    return ahead, read_wait_band(conn, ticket.service_prefix, ahead,
                                 priority=ticket.priority, now=now)


#: A service's last calls that say how many of its visitors go before the line.
_PRIORITY_CALLS = 30


#: Each counter's and each service's newest calls of a day, newest first: what the rates
#: read of the day's calls, however many the day had (the walk stays in the engine).
_RECENT_CALLS = (
    "SELECT counter_number, service_id, priority, nth_here, nth_of_service FROM (SELECT "
    "counter_number, service_id, priority, id, COALESCE(first_called_at, called_at) AS at, "
    "ROW_NUMBER() OVER (PARTITION BY counter_number ORDER BY COALESCE(first_called_at, "
    "called_at) DESC, id DESC) AS nth_here, ROW_NUMBER() OVER (PARTITION BY service_id "
    "ORDER BY COALESCE(first_called_at, called_at) DESC, id DESC) AS nth_of_service "
    "FROM tickets WHERE day = ? AND counter_number IS NOT NULL AND "
    "COALESCE(first_called_at, called_at) IS NOT NULL) AS recent "
    "WHERE nth_here <= ? OR nth_of_service <= ? ORDER BY at DESC, id DESC")


def read_service_rates(conn: Connection, day: str, service_ids: list[int] | None = None,
                       minutes: dict[int, list[float]] | None = None
                       ) -> dict[int, ServiceRate]:
    """Per active service (or *service_ids*) on office *day*, how fast the counters
    staffed now clear it (``core.queue.ServiceRate``): a counter counts while it serves
    (``db.queue.serving``: an officer signed in, not on a break), its time shared by its recent calls (``core.queue.desk_shares``).
    *minutes*: the recent service times when the caller kept them."""
    active = [r[0] for r in conn.execute("SELECT id FROM services WHERE active = 1")]
    service_ids = active if service_ids is None else service_ids
    calls: dict[int, list[int]] = {}
    by_service: dict[int, list[bool]] = {}
    for counter, sid, priority, nth_here, nth_of_service in conn.execute(
            _RECENT_CALLS, (day, SHARE_CALLS, _PRIORITY_CALLS)):
        if nth_here <= SHARE_CALLS:
            calls.setdefault(counter, []).append(sid)
        if nth_of_service <= _PRIORITY_CALLS:
            by_service.setdefault(sid, []).append(bool(priority))
    if minutes is None:  # every service's: a counter's time is weighed by all it serves
        minutes = _recent_minutes(conn, sorted({*active, *service_ids}))
    means = {sid: sum(m) / len(m) for sid, m in minutes.items() if m}
    now_in = read_serving(conn, day, read_settings(conn, ("timezone",))["timezone"])
    desks: dict[int, float] = {}
    for number, ids in conn.execute("SELECT number, service_ids FROM counters "
                                    "WHERE active = 1"):
        if number not in now_in:
            continue
        for sid, share in desk_shares(json.loads(ids), calls.get(number, []), means).items():
            desks[sid] = desks.get(sid, 0.0) + share
    out = {}
    for sid in service_ids:
        lately = by_service.get(sid, [])[:_PRIORITY_CALLS]
        out[sid] = ServiceRate(tuple(minutes.get(sid, ())), desks.get(sid, 0.0),
                               sum(lately) / len(lately) if lately else 0.0)
    return out


#: How many next numbers a service shows on the screens.
NEXT_SHOWN = 5


def queue_snapshot(db: Database, *, now: datetime | None = None) -> dict:
    """Everything a screen needs at a glance, with no personal data: ``services`` (waiting,
    priority, estimated wait, next numbers), ``counters`` (the number each is calling or serving)
    and ``last_calls`` (newest first). Read in one transaction with a handful of statements: a
    station following the feed from ``last_event_id`` neither skips nor repeats a change."""
    return db.read(lambda conn: read_snapshot(conn, now))


def read_snapshot(conn: Connection, now: datetime | None = None) -> dict:
    """:func:`queue_snapshot` inside the caller's read."""
    return _snapshot(conn, now or utc_now(), NEXT_SHOWN)


def _recent_minutes(conn: Connection, service_ids: list[int]) -> dict[int, list[float]]:
    """The last service durations (call to finish: the desk's time) of each service, in
    one statement (each part walks back from the newest ticket, so a five-year file costs
    what a new one does)."""
    if not service_ids:
        return {}
    part = ("SELECT * FROM (SELECT service_id, COALESCE(called_at, serving_at), finished_at "
            "FROM tickets WHERE service_id = ? AND state = 'done' AND COALESCE(called_at, "
            "serving_at) IS NOT NULL AND finished_at IS NOT NULL ORDER BY id DESC LIMIT ?) "
            "AS recent")
    sql = " UNION ALL ".join([part] * len(service_ids))
    params = [p for sid in service_ids for p in (sid, _RECENT_SERVICES)]
    out: dict[int, list[float]] = {sid: [] for sid in service_ids}
    for sid, serving, finished in conn.execute(sql, params):
        out[sid].append((datetime.fromisoformat(finished) -
                         datetime.fromisoformat(serving)).total_seconds() / 60)
    return out


def _snapshot(conn: Connection, now: datetime, next_n: int) -> dict:
    tz = read_settings(conn, ("timezone",))["timezone"]
    day = office_day(now, tz).isoformat()
    # the day's line kept on this connection by the change, not the day read again
    waiting = [t for t in read_day_line(conn, day).ordered
               if t.state in (TicketState.WAITING, TicketState.TRANSFERRED)]
    active_counters = conn.execute("SELECT number, name, service_ids FROM counters "
                                   "WHERE active = 1 ORDER BY number").fetchall()
    pauses = {r[0]: r[1] for r in conn.execute("SELECT counter, reason FROM counter_pauses")}
    # a number called at two counters while the file was away: the record's decision
    # (call_conflict, at the counter that keeps the visit) is the latest word on it
    calls = conn.execute("SELECT * FROM events WHERE kind IN ('called', 'recalled', "
                         "'call_conflict') ORDER BY id DESC LIMIT 10").fetchall()
    last_calls = [e for e in map(event_from_row, calls)
                  if office_day(e.at, tz).isoformat() == day]
    return {"day": day,
            "services": _services_now(conn, day, waiting, active_counters, pauses, next_n),
            "counters": _counters_now(conn, day, active_counters, pauses),
            "last_calls": [{"id": e.id, "ticket": e.ticket_number, "counter": call_counter(e),
                            "service": e.service_prefix, "kind": e.kind,
                            "time": e.at.isoformat()} for e in last_calls],
            "waiting_total": len(waiting), "last_event_id": read_last_event_id(conn)}


def _services_now(conn: Connection, day: str, waiting: list[Ticket], active_counters: list,
                  pauses: dict, next_n: int) -> list[dict]:
    """Each active service: who waits, the next numbers, the wait band, its open counters."""
    services = conn.execute("SELECT * FROM services WHERE active = 1 "
                            "ORDER BY sort_order, prefix").fetchall()
    issued = dict(conn.execute("SELECT service_id, COUNT(*) FROM tickets WHERE day = ? "
                               "GROUP BY service_id", (day,)).fetchall())
    # the counters open now: an officer serves there (``db.queue.serving``)
    now_in = read_serving(conn, day, read_settings(conn, ("timezone",))["timezone"], pauses)
    serving_ids = [json.loads(c["service_ids"]) for c in active_counters
                   if c["number"] in now_in]
    rates = read_service_rates(conn, day, [svc["id"] for svc in services])
    widen = read_widening(conn, day)
    by_service: dict[int, list[Ticket]] = {}
    for t in waiting:
        by_service.setdefault(t.service_id, []).append(t)
    out = []
    for svc in services:
        mine = by_service.get(svc["id"], [])
        open_counters = sum(1 for ids in serving_ids if svc["id"] in ids)
        out.append({
            "id": svc["id"], "prefix": svc["prefix"], "name": svc["name"],
            "name_en": svc["name_en"], "description": svc["description"], "color": svc["color"],
            "waiting": len(mine), "priority_waiting": sum(t.priority for t in mine),
            "wait_band": band_of(len(mine), rates[svc["id"]], widen),
            "open_counters": open_counters,
            "priority_order": svc["priority_order"],  # its own rule (None: the office's)
            "next": [t.number for t in mine[:next_n]],
            "issued_today": issued.get(svc["id"], 0), "daily_quota": svc["daily_quota"],
            "opens": svc["opens"], "closes": svc["closes"],
        })
    return out


def _counters_now(conn: Connection, day: str, active_counters: list,
                  pauses: dict) -> list[dict]:
    """Each active counter with the visit it calls or serves now, or its break."""
    current: dict[int, Ticket] = {}
    for row in conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.state IN ('called', "
                            "'serving') AND t.counter_number IS NOT NULL "
                            "ORDER BY t.called_at DESC", (day,)):
        current.setdefault(row["counter_number"], ticket_from_row(row))
    return [{"number": ctr["number"], "name": ctr["name"],
             "ticket": at.number if at else None, "state": at.state.value if at else None,
             "service": at.service_prefix if at else None, "paused": pauses.get(ctr["number"])}
            for ctr in active_counters for at in [current.get(ctr["number"])]]


def call_counter(event) -> int | None:
    """Where the visitor of a call event is: its counter, or for a ``call_conflict`` the
    counter that keeps the visit."""
    return (event.data or {}).get("kept_by") if event.kind == "call_conflict" else event.counter


def service_staff(db: Database, *, days: int = 30,
                  now: datetime | None = None) -> dict[int, tuple[int, int]]:
    """The Standar Pelayanan's *jumlah pelaksana*: per service, how many officers served
    its visitors and at how many counters, over the last *days* office days."""
    since = (office_day(now or utc_now(), "WIB") - timedelta(days=days)).isoformat()
    rows = db.query("SELECT service_id, COUNT(DISTINCT officer_id), COUNT(DISTINCT "
                    "counter_number) FROM tickets WHERE day >= ? AND state IN ('done', "
                    "'escalated') AND officer_id IS NOT NULL GROUP BY service_id", (since,))
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


_BAND_HITS = ("SELECT e.data, t.issued_at, COALESCE(t.first_called_at, t.called_at), t.id FROM "
              "tickets t JOIN events e ON e.ticket_id = t.id AND e.kind = 'printed' WHERE "
              "COALESCE(t.first_called_at, t.called_at) IS NOT NULL")


def read_band_hits(conn: Connection, first: str, last: str) -> list[tuple[list, float]]:
    """Each ticket of the office days *first* to *last* whose paper showed a wait band:
    (that band, minutes from issue to its first call)."""
    return _band_pairs(r[:3] for r in conn.execute(_BAND_HITS +
                                                   " AND t.day BETWEEN ? AND ?", (first, last)))


def read_phone_bands(conn: Connection, floor: int, first: str, last: str) -> tuple[int, int]:
    """Bands shown on the phone page in the office days *first* to *last*, and those that
    held (the serving stations' counts after event *floor*, ``core.phone.PHONE_BAND_DAY``)."""
    mine = [(c.get("shown"), c.get("inside")) for r in conn.execute(
        "SELECT data FROM events WHERE id > ? AND kind = ?", (floor, PHONE_BAND_DAY))
        if first <= str((c := json.loads(r[0] or "{}")).get("day")) <= last]
    return sum(int(s or 0) for s, _ in mine), sum(int(i or 0) for _, i in mine)


def _band_pairs(rows) -> list[tuple[list, float]]:
    return [(band, (datetime.fromisoformat(called) - datetime.fromisoformat(issued)
                    ).total_seconds() / 60) for data, issued, called in rows
            if (band := json.loads(data or "{}").get("band"))]


#: The visitors before today whose bands decide how much today's band widens
#: (``core.queue.widening``): the most recently called, enough for a share, few enough
#: to read on a slow share; at most :data:`HIT_DAYS` office days back.
HIT_SAMPLE, HIT_DAYS = 100, 10
_widths: dict[tuple, float] = {}


def read_widening(conn: Connection, day: str) -> float:
    """The factor today's bands widen by (1: as they are): what the misses of the last
    :data:`HIT_SAMPLE` visitors called before *day* whose paper showed a band (newest
    call first, then newest ticket) and the phone page's counts of their days ask for
    to hold for ``wait_band_target`` percent; read once a day per office file."""
    key = (code_salt(conn), day, *conn.execute(
        "SELECT MAX(id), MAX(COALESCE(first_called_at, called_at)) FROM tickets "
        "WHERE day = (SELECT MAX(day) FROM tickets WHERE day < ?)", (day,)).fetchone())
    if key not in _widths:
        if len(_widths) > 50:
            _widths.clear()
        paper, days = recent_band_hits(conn, day)
        target = read_settings(conn, ("wait_band_target",))["wait_band_target"]
        floor = conn.execute("SELECT MIN(issue_event) FROM tickets WHERE day = ?",
                             (days[-1],)).fetchone()[0] if days else None
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        phone = read_phone_bands(conn, (floor or 1) - 1, days[-1], before) if days else (0, 0)
        _widths[key] = widening(paper, phone, target)
    return _widths[key]


def recent_band_hits(conn: Connection, day: str, sample: int = HIT_SAMPLE
                     ) -> tuple[list[tuple[list, float]], list[str]]:
    """The (band, minutes to the first call) of the *sample* visitors called last before
    office *day* whose paper showed a band, newest call first (ties: newest ticket), and
    the office days they were read from (newest first)."""
    rows: list[tuple] = []
    days: list[str] = []
    while len(rows) < sample and len(days) < HIT_DAYS:
        prev = conn.execute("SELECT MAX(day) FROM tickets WHERE day < ?",
                            (days[-1] if days else day,)).fetchone()[0]
        if prev is None:
            break
        days.append(prev)
        rows += conn.execute(_BAND_HITS + " AND t.day = ?",
                             (prev,)).fetchall()
    pairs = [(p, called, tid) for (data, issued, called, tid) in rows
             for p in _band_pairs([(data, issued, called)])]
    pairs.sort(key=lambda r: (r[1], r[2]), reverse=True)
    return [p for p, _, _ in pairs[:sample]], days


#: The settings the phone page reads with the day (never the logo).
PHONE_SETTINGS = ("timezone", "missed_call_rule", "survey_enabled", "wait_band_target")


def read_phone_day(conn: Connection, now: datetime | None = None,
                   config: dict | None = None) -> dict:
    """Everything the visitors' phone page answers from, for every ticket of the day at
    once (one read serves every phone): the tickets by id with their code's keyed hash,
    the counters' names, per service how fast its staffed desks clear it
    (:func:`read_service_rates`); and the page's slower *config* (its settings, the
    survey codes' office key, the bands' widening, per service its recent service
    minutes, the services' English names), read too unless the caller kept it from an
    earlier read."""
    config = read_phone_config(conn, now) if config is None else config
    day = office_day(now or utc_now(), config["settings"]["timezone"]).isoformat()
    tickets = {r["id"]: (r["code_hash"], ticket_from_row(r)) for r in
               conn.execute(TICKET_SELECT + " WHERE t.day = ?", (day,))}
    return {**config, **read_phone_desks(conn, day, config), "day": day, "tickets": tickets}


def read_phone_config(conn: Connection, now: datetime | None = None) -> dict:
    """The phone page's slower part of :func:`read_phone_day` (its settings, the survey
    codes' office key, the bands' widening, recent service minutes, English names)."""
    settings = read_settings(conn, PHONE_SETTINGS)
    day = office_day(now or utc_now(), settings["timezone"]).isoformat()
    rows = conn.execute("SELECT id, name_en FROM services WHERE active = 1").fetchall()
    return {"settings": settings, "salt": code_salt(conn), "widen": read_widening(conn, day),
            "recent": _recent_minutes(conn, [r[0] for r in rows]),
            "names_en": {r[0]: r[1] for r in rows if r[1]}}


def read_phone_desks(conn: Connection, day: str, config: dict) -> dict:
    """The counters' names and per service how fast its staffed desks clear it, as
    :func:`read_phone_day` gives them."""
    counters = conn.execute("SELECT number, name FROM counters WHERE active = 1").fetchall()
    return {"counters": {c["number"]: c["name"] for c in counters},
            "bands": read_service_rates(conn, day, list(config["recent"]), config["recent"])}
