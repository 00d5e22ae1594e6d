"""Read-side queries used by screens and the CLI (no writes)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ult_desktop.core.band import band_for
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.core.phone import PHONE_BAND_DAY
from ult_desktop.core.queue import Candidate, position_in_line
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import office_today, read_counters, read_services, read_settings
from ult_desktop.db.queue.rows import (
    TICKET_SELECT,
    code_lookup,
    code_salt,
    find_ticket,
    read_day_line,
    read_pauses,
    read_tickets,
    standing_rows,
    ticket_from_row,
)
from ult_desktop.db.queue.serving import read_serving
from ult_desktop.db.queue.wait import NEXT_ID, read_band, read_band_day, read_ratios, with_next
from ult_desktop.db.record.events import event_from_row
from ult_desktop.db.record.standing import signers


def today(db: Database, now: datetime | None = None) -> str:
    """The office day (ISO date) in the office's time zone."""
    return db.read(lambda conn: read_today(conn, now))


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
    return {r["id"]: (r["code_hash"], ticket_from_row(r)) for r in standing_rows(
        conn, conn.execute(TICKET_SELECT + f" WHERE t.day = ? AND t.id IN "
                           f"({','.join('?' * len(ids))})", (day, *ids)).fetchall())}


def get_ticket(db: Database, *, number: str | None = None, ticket_id: int | None = None,
               code: str | None = None, day: str | None = None) -> Ticket:
    """One ticket by id, by code, or by number on *day* (default: today), as the rows
    hold it. :raises NotFound: no such ticket."""
    def read(conn: Connection) -> Ticket:
        if ticket_id is None and code is None:
            return find_ticket(conn, day or read_today(conn), number or "", judged=False)
        where, params = (" WHERE t.id = ?", (ticket_id,)) if ticket_id is not None else \
            code_lookup(code or "", code_salt(conn))
        found = read_tickets(conn, where, params, judged=False)
        if not found:
            raise errors.NotFound(number=code or ticket_id)
        return found[0]

    return db.read(read)


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
    """:func:`waiting_ahead` inside the caller's read (the day's line kept on the
    connection by the change, ``db.queue.rows.read_day_line``)."""
    return position_in_line(Candidate.of(ticket), read_day_line(conn, ticket.day).candidates)


def read_ticket_band(conn: Connection, ticket: Ticket, now: datetime | None = None
                     ) -> tuple[int, tuple[int, int] | None]:
    """The people ahead of a ticket just issued and the band its paper shows (the kiosk's
    and the office-day bench's one reading: ``db.queue.wait.read_band``)."""
    ahead = read_waiting_ahead(conn, ticket)
    return ahead, read_band(conn, ticket, ahead, now or utc_now())


#: How many next numbers a service shows on the screens.
NEXT_SHOWN = 5


def queue_snapshot(db: Database, *, now: datetime | None = None) -> dict:
    """Everything a screen needs at a glance, no personal data: ``services``, ``counters``
    and ``last_calls`` (newest first), in one transaction, so a station following the feed
    from ``last_event_id`` neither skips nor repeats a change."""
    return db.read(lambda conn: read_snapshot(conn, now))


def read_snapshot(conn: Connection, now: datetime | None = None) -> dict:
    """:func:`queue_snapshot` inside the caller's read."""
    now = now or utc_now()
    tz = read_settings(conn, ("timezone",))["timezone"]
    day = office_day(now, tz).isoformat()
    # the day's line kept on this connection by the change, not the day read again
    waiting = [t for t in read_day_line(conn, day).ordered
               if t.state in (TicketState.WAITING, TicketState.TRANSFERRED)]
    active_counters = [c for c in read_counters(conn) if c.active]
    pauses = {n: p["reason"] for n, p in read_pauses(conn).items()}
    # a number called at two counters while the file was away: the record's decision
    # (call_conflict, at the counter that keeps the visit) is the latest word on it
    calls = conn.execute("SELECT * FROM events WHERE kind IN ('called', 'recalled', "
                         "'call_conflict') ORDER BY id DESC LIMIT 10").fetchall()
    last_calls = [e for e in map(event_from_row, calls)
                  if office_day(e.at, tz).isoformat() == day]
    return {"day": day,
            "services": _services_now(conn, day, tz, waiting, active_counters, pauses, now),
            "counters": _counters_now(conn, day, active_counters, pauses),
            "last_calls": [{"id": e.id, "ticket": e.ticket_number, "counter": call_counter(e),
                            "service": e.service_prefix, "kind": e.kind,
                            "time": e.at.isoformat()} for e in last_calls],
            "waiting_total": len(waiting), "last_event_id": read_last_event_id(conn)}


def _services_now(conn: Connection, day: str, tz: str, waiting: list[Ticket],
                  active_counters: list, pauses: dict, now: datetime) -> list[dict]:
    """Each active service: who waits, the next numbers, the wait band, its open counters."""
    services = [vars(s) for s in read_services(conn, active_only=True)]
    issued: dict[int, int] = {}  # (a row no act issued counts in no quota)
    for row in standing_rows(conn, conn.execute(
            "SELECT id, service_id FROM tickets WHERE day = ?", (day,)).fetchall()):
        issued[row["service_id"]] = issued.get(row["service_id"], 0) + 1
    # the counters open now: an officer serves there (``db.queue.serving``)
    now_in = read_serving(conn, day, tz, pauses)
    serving_ids = [c.service_ids for c in active_counters if c.number in now_in]
    band_day, ratios = read_band_day(conn, now), read_ratios(conn, day)
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
            "wait_band": band_for(with_next(band_day, svc["id"]), NEXT_ID, ratios)
            if mine else (0, 0),
            "open_counters": open_counters,
            "priority_order": svc["priority_order"],  # its own rule (None: the office's)
            "next": [t.number for t in mine[:NEXT_SHOWN]],
            "issued_today": issued.get(svc["id"], 0), "daily_quota": svc["daily_quota"],
            "opens": svc["opens"], "closes": svc["closes"],
        })
    return out


def _counters_now(conn: Connection, day: str, active_counters: list,
                  pauses: dict) -> list[dict]:
    """Each active counter with the visit it calls or serves now, or its break."""
    current: dict[int, Ticket] = {}
    for row in standing_rows(conn, conn.execute(
            TICKET_SELECT + " WHERE t.day = ? AND t.state IN ('called', 'serving') AND "
            "t.counter_number IS NOT NULL ORDER BY t.called_at DESC", (day,)).fetchall()):
        current.setdefault(row["counter_number"], ticket_from_row(row))
    return [{"number": ctr.number, "name": ctr.name,
             "ticket": at.number if at else None, "state": at.state.value if at else None,
             "service": at.service_prefix if at else None, "paused": pauses.get(ctr.number)}
            for ctr in active_counters for at in [current.get(ctr.number)]]


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


_BAND_HITS = ("SELECT e.data, t.issued_at, COALESCE(t.first_called_at, t.called_at), e.id, "
              "e.station_key, t.id FROM tickets t JOIN events e ON e.ticket_id = t.id AND "
              "e.kind = 'printed' WHERE COALESCE(t.first_called_at, t.called_at) IS NOT NULL")


def read_band_hits(conn: Connection, first: str, last: str) -> list[tuple[list, float]]:
    """Each ticket of office days *first* to *last* whose paper showed a wait band: (the
    band its first standing paper showed, minutes from issue to its first call)."""
    stands, seen = signers(conn), set()
    pairs = []
    for r in sorted(conn.execute(_BAND_HITS + " AND t.day BETWEEN ? AND ?", (first, last)),
                    key=lambda r: r[3]):  # (sorted here: ordered by the event, the file
        # would walk every event of five years)
        if r[5] not in seen and stands(r[4], r[3], "printed") and \
                (band := json.loads(r[0] or "{}").get("band")):
            if tuple(band) != (0, 0):  # (a paper without a band: the next may show one)
                seen.add(r[5])
            pairs.append((band, (datetime.fromisoformat(r[2]) - datetime.fromisoformat(r[1])
                                 ).total_seconds() / 60))
    return pairs


def read_phone_bands(conn: Connection, floor: int, first: str, last: str) -> tuple[int, int]:
    """Bands shown on the phone page in the office days *first* to *last*, and those that
    held (the serving stations' counts after event *floor*, ``core.phone.PHONE_BAND_DAY``)."""
    stands = signers(conn)  # a count signed by a key that may not count (a tablet's): none
    mine = [(c.get("shown"), c.get("inside")) for r in conn.execute(
        "SELECT data, id, station_key FROM events WHERE id > ? AND kind = ?",
        (floor, PHONE_BAND_DAY)) if stands(r[2], r[1], PHONE_BAND_DAY) and
        first <= str((c := json.loads(r[0] or "{}")).get("day")) <= last]
    return sum(int(s or 0) for s, _ in mine), sum(int(i or 0) for _, i in mine)


#: The settings the phone page reads with the day (never the logo).
PHONE_SETTINGS = ("timezone", "missed_call_rule", "survey_enabled", "wait_band_target",
                  "break_daily", "break_friday", "planned_pause", "priority_promise_min")


def read_phone_day(conn: Connection, now: datetime | None = None,
                   config: dict | None = None) -> dict:
    """Everything the phone page answers from, for every ticket of the day in one read: the
    tickets by id with their code's hash, the counters' names, the band's day; and the
    slower *config* (settings, code key, ratios, English names) unless the caller kept it."""
    now = now or utc_now()
    config = read_phone_config(conn, now) if config is None else config
    day = office_day(now, config["settings"]["timezone"]).isoformat()
    tickets = {r["id"]: (r["code_hash"], ticket_from_row(r)) for r in standing_rows(
        conn, conn.execute(TICKET_SELECT + " WHERE t.day = ?", (day,)).fetchall())}
    return {**config, **read_phone_desks(conn, now), "day": day, "tickets": tickets}


def read_phone_config(conn: Connection, now: datetime | None = None) -> dict:
    """The phone page's slower part of :func:`read_phone_day` (its settings, the survey
    codes' office key, the band's ratios, English names)."""
    settings = read_settings(conn, PHONE_SETTINGS)
    day = office_day(now or utc_now(), settings["timezone"]).isoformat()
    return {"settings": settings, "salt": code_salt(conn), "ratios": read_ratios(conn, day),
            "names_en": {s.id: s.name_en for s in read_services(conn, active_only=True)
                         if s.name_en}}


def read_phone_desks(conn: Connection, now: datetime) -> dict:
    """The counters' names and what the band's run reads at *now*, as
    :func:`read_phone_day` gives them."""
    return {"counters": {c.number: c.name for c in read_counters(conn) if c.active},
            "band_day": read_band_day(conn, now)}
