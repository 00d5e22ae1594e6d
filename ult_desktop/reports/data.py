"""Report figures for a period: :func:`collect` reads what it needs in a few plain queries
into a ``reports.figures.ReportData``, whose methods compute every table the PDF, CSV
and XLSX show (so all outputs agree). What each figure means: docs/reports.md."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from ult_desktop.core import skm
from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import stored_time
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.core.priority import promise_kept
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import read_settings, read_standins
from ult_desktop.db.queries import read_band_hits, read_phone_bands
from ult_desktop.db.record.standing import signers
from ult_desktop.db.survey.skm import read_published
from ult_desktop.db.visit.hall import read_hall_period, read_help_period
from ult_desktop.db.visit.handover import read_sop_report
from ult_desktop.db.visit.visits import visits_in
from ult_desktop.reports.desk_time import desk_time
from ult_desktop.reports.escalations import read_escalations
from ult_desktop.reports.figures import ReportData, ServiceInfo, TicketRow
from ult_desktop.reports.outages import read_outages

#: First call of each ticket of office days ? .. ?, kept on the ticket row (migration one_write_few_pages;
#: a call saved by an older station has none: its last call stands in).
FIRST_CALLS_SQL = ("SELECT id, COALESCE(first_called_at, called_at) FROM tickets "
                   "WHERE day BETWEEN ? AND ?")

# -- loading ---------------------------------------------------------------------------------

def _all(conn: Connection, sql: str, params: tuple = ()) -> list:
    return conn.execute(sql, params).fetchall()


def _dt(text: str | None) -> datetime | None:
    """A stored time (UTC ISO); None: none. ValueError or TypeError: not a time with its
    zone, so the row holding it is not read (:func:`read_tickets`)."""
    moment = stored_time(text)
    if moment is None and text:
        raise ValueError(text)
    return moment


def read_services(conn: Connection) -> dict[int, ServiceInfo]:
    return {r["id"]: ServiceInfo(r["id"], r["prefix"], r["name"], r["color"],
                                 r["target_wait_min"], r["target_service_min"],
                                 r["target_resolution_days"])
            for r in _all(conn, "SELECT * FROM services ORDER BY sort_order, prefix")}


def read_tickets(conn: Connection, d0: str, d1: str, services: dict) -> tuple[list[TicketRow], int]:
    """The tickets of office days *d0* .. *d1* as the figures read them, and how many rows
    were not readable (a time that is no time, a day that is no day, a service the office
    does not have: a row written outside the app, which ``check`` names): those are left
    out of every figure and counted, never a report that cannot be printed."""
    first_calls = {r[0]: r[1] for r in _all(conn, FIRST_CALLS_SQL, (d0, d1))}
    tickets, unread = [], 0
    for r in _all(conn, "SELECT * FROM tickets WHERE day BETWEEN ? AND ? ORDER BY id",
                  (d0, d1)):
        try:
            tickets.append(ticket_row(r, first_calls.get(r["id"]), services))
        except (ValueError, TypeError):
            unread += 1
    return tickets, unread


def ticket_row(r, first_called: str | None, services: dict) -> TicketRow:
    """The ticket row *r* (a table's row or the replay's, by column) as the figures read
    it. ValueError or TypeError: not readable (:func:`read_tickets`)."""
    if r["service_id"] not in services or not r["issued_at"]:
        raise ValueError(r["service_id"])
    return TicketRow(
        id=r["id"], day=date.fromisoformat(r["day"]), number=r["number"],
        service_id=r["service_id"], priority=bool(r["priority"]), state=r["state"],
        channel=r["channel"] or "walk_in", issued_at=_dt(r["issued_at"]),
        first_called_at=_dt(first_called or r["called_at"]),
        serving_at=_dt(r["serving_at"]), finished_at=_dt(r["finished_at"]),
        counter=r["counter_number"], officer_id=r["officer_id"], outcome=r["outcome"],
        transfer_count=r["transfer_count"], priority_group=r["priority_group"],
        returned=r["returned_at"] is not None)


def _register(conn: Connection, d0: str, d1: str) -> tuple[dict[tuple[date, str], int], int]:
    """Register records without a ticket per (day, channel), and all of the period's."""
    counts: dict[tuple[date, str], int] = {}
    total = 0
    for r in _all(conn, "SELECT day, channel, ticket_id IS NULL AS remote, COUNT(*) AS n "
                      "FROM register_records WHERE day BETWEEN ? AND ? "
                      "GROUP BY day, channel, remote", (d0, d1)):
        total += r["n"]
        if r["remote"]:
            key = (date.fromisoformat(r["day"]), r["channel"])
            counts[key] = counts.get(key, 0) + r["n"]
    return counts, total


def collect(db: Database, date_from: date, date_to: date, *,
            now: datetime | None = None) -> ReportData:
    """Everything a report of office days *date_from* .. *date_to* shows, read in one
    transaction; *now* decides which escalations are overdue."""
    return db.read(lambda conn: read_report(conn, date_from, date_to, now=now))


def read_report(conn: Connection, date_from: date, date_to: date, *,
                now: datetime | None = None) -> ReportData:
    """:func:`collect` inside the caller's read."""
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    settings, d0, d1 = read_settings(conn), date_from.isoformat(), date_to.isoformat()
    tz = settings["timezone"]
    services = read_services(conn)
    tickets, unread = read_tickets(conn, d0, d1, services)
    extra = OfficeCalendar.from_settings(settings)  # the one calendar of due dates
    floor = period_floor(conn, d0)
    data = ReportData(
        office_name=settings["office_name"], office_address=settings["office_address"],
        logo_b64=settings.get("office_logo_png_b64") or "", timezone=tz,
        date_from=date_from, date_to=date_to, generated_at=now or utc_now(),
        services=services, tickets=tickets,
        counters={r["number"]: r["name"] for r in _all(conn, "SELECT number, name FROM counters")},
        officers={r["id"]: r["name"] for r in _all(conn, "SELECT id, name FROM officers")},
        escalations=read_escalations(conn, floor, d0, d1, tz, services, extra),
        extra_holidays=extra, promise_min=int(settings["priority_promise_min"]),
        unreadable_rows=unread)
    data.register_counts, data.register_total = _register(conn, d0, d1)
    data.regions = [(r[0] or "", r[1]) for r in _all(conn,
        "SELECT region_name, COUNT(*) FROM register_records WHERE day BETWEEN ? AND ? "
        "GROUP BY region_name ORDER BY COUNT(*) DESC, region_name", (d0, d1))]
    data.request_types = {r[0] or "": r[1] for r in _all(conn,
        "SELECT request_type, COUNT(*) FROM register_records WHERE day BETWEEN ? AND ? "
        "GROUP BY request_type", (d0, d1))}
    received, done = _all(conn,
        "SELECT COUNT(*), COUNT(CASE WHEN c.state IN ('answered', 'closed') OR "
        "(c.id IS NULL AND r.answer IS NOT NULL AND r.answer != '') THEN 1 END) "
        "FROM register_records r LEFT JOIN cases c ON c.record_id = r.id "
        "WHERE r.day BETWEEN ? AND ? AND r.request_type = 'pengaduan'", (d0, d1))[0]
    data.complaints = (received, done, received - done)
    data.head = tuple(settings.get(f"head_{k}") or "" for k in ("title", "name", "nip"))
    data.sop = read_sop_report(conn, date_from, date_to)  # as the back-office desk shows
    data.standins, data.followups = read_standins(conn, first=date_from, last=date_to), \
        visits_in(conn, date_from, date_to, office_day(data.generated_at, tz))
    data.out_of_turn = _out_of_turn(conn, floor, {t.id for t in tickets})
    data.officer_time, data.hours = desk_time(conn, floor, d0, d1, tz, tickets, data.officers)
    data.outages = read_outages(conn, floor, {t.id for t in tickets})
    data.help_minutes = read_help_period(conn, floor, d0, d1, tz)
    data.hall = read_hall_period(conn, floor, d0, d1, tz)
    data.band_hits, data.band_target = read_band_hits(conn, d0, d1), settings["wait_band_target"]
    data.phone_bands = read_phone_bands(conn, floor, d0, d1)
    _add_skm(conn, data, d0, d1, settings)
    return data


def read_promise(conn: Connection, date_from: date, date_to: date) -> tuple[int, int, int]:
    """The office's promise to priority visitors over office days *date_from* ..
    *date_to*, as :meth:`ReportData.priority_promise` gives it, reading only their
    tickets (Admin > Profil, the evidence pack)."""
    minutes = int(read_settings(conn, ("priority_promise_min",))["priority_promise_min"])
    waits = []
    for issued, called in _all(conn, "SELECT issued_at, COALESCE(first_called_at, called_at) "
                               "FROM tickets WHERE day BETWEEN ? AND ? AND priority = 1",
                               (date_from.isoformat(), date_to.isoformat())):
        waits.append(None if not called else max(0.0, (
            _dt(called) - _dt(issued)).total_seconds() / 60))
    return (minutes, *promise_kept(waits, minutes))


def period_floor(conn: Connection, d0: str) -> int:
    """An event id everything of the period starting *d0* comes after (the last earlier
    ticket's issue, events being append-only), so years of history are not read."""
    return int(min(_all(conn,
        "SELECT COALESCE((SELECT issue_event FROM tickets WHERE "
        "id = (SELECT MAX(id) FROM tickets WHERE day < ?)), 0), "
        "COALESCE((SELECT issue_event - 1 FROM tickets WHERE "
        "id = (SELECT MIN(id) FROM tickets WHERE day >= ?)), 1e18)",
        (d0, d0))[0]))


def _out_of_turn(conn: Connection, floor: int, ticket_ids: set[int]) -> dict[int, Counter]:
    """Calls out of turn of the period's tickets: officer id -> reasons (a call signed by a
    key that may not call, a kiosk's, is none)."""
    stands = signers(conn)
    out: dict[int, Counter] = defaultdict(Counter)
    for ev in _all(conn, "SELECT id, station_key, ticket_id, data FROM events WHERE id > ? "
                         "AND kind = 'called' AND data LIKE '%out_of_turn%'", (floor,)):
        data = json_dict(ev["data"])
        why = data.get("out_of_turn")
        if ev["ticket_id"] in ticket_ids and isinstance(why, dict) and \
                stands(ev["station_key"], ev["id"], "called"):
            out[data.get("officer_id") or 0][str(why.get("reason"))] += 1
    return dict(out)


def _add_skm(conn: Connection, data: ReportData, d0: str, d1: str, settings: dict) -> None:
    # Answers know only their month: the closed months the range touches.
    today = office_day(data.generated_at, data.timezone)
    data.skm_open_month = d1[:7] > skm.last_closed_month(today)
    data.skm_min_group = skm.min_group(settings)
    shown = read_published(conn, d0, d1, today, data.skm_min_group)
    data.skm, data.skm_withheld = shown.total, shown.withheld
    data.skm_by_service, data.skm_by_month = shown.by_service, shown.by_month
