"""Report figures for a period, read from the shared file in a few plain SQL queries.

:func:`collect` loads what the period needs (tickets, first calls, escalations, the
service register when the counter module made one, SKM responses) into a
:class:`ReportData`; its methods compute the tables the PDF, CSV and XLSX show. All
figures come from here, so every output agrees.

Times: a ticket's *waiting time* runs from issue to its first call (from the event
log, because a recall overwrites ``called_at``); its *service time* from the start of
service to the end at the counter that finished it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ult_desktop.core import skm
from ult_desktop.core.numbering import local_time, office_day, utc_now, zone
from ult_desktop.core.priority import GROUPS as PRIORITY_GROUPS
from ult_desktop.core.stats import Summary, summarize
from ult_desktop.core.workdays import OfficeCalendar, add_working_days, is_working_day
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.hall import HallMonth, read_hall_period, read_help_period
from ult_desktop.db.handover import SopReport, read_sop_report
from ult_desktop.db.office import Standin, read_settings, read_standins

CHANNELS = ("walk_in", "phone", "online")
#: First call of each ticket of office days ? .. ?: kept on the ticket row (migration 10),
#: so the events are not read at all. (A call saved by a station still running the
#: previous version has no first call on the row: its last call stands in.)
FIRST_CALLS_SQL = ("SELECT id, COALESCE(first_called_at, called_at) FROM tickets "
                   "WHERE day BETWEEN ? AND ?")
SERVED_STATES = ("done", "escalated")
OPEN_STATES = ("waiting", "called", "serving", "transferred")
#: Event kinds of escalation cases (written by ``db.cases``).
CASE_OPENED, CASE_ANSWERED, CASE_RESCHEDULED = "case_opened", "case_answered", "case_rescheduled"


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    prefix: str
    name: str
    color: str
    target_wait_min: int
    target_service_min: int
    target_resolution_days: int


@dataclass(frozen=True)
class TicketRow:
    id: int
    day: date
    number: str
    service_id: int
    priority: bool
    state: str
    channel: str
    issued_at: datetime
    first_called_at: datetime | None
    serving_at: datetime | None
    finished_at: datetime | None
    counter: int | None
    officer_id: int | None
    outcome: str | None
    transfer_count: int
    priority_group: str | None = None   # core.priority.GROUPS; None: not recorded

    @property
    def served(self) -> bool:
        return self.state in SERVED_STATES

    @property
    def wait_min(self) -> float | None:
        """Minutes from issue to first call (None if never called)."""
        if self.first_called_at is None:
            return None
        return max(0.0, (self.first_called_at - self.issued_at).total_seconds() / 60)

    @property
    def service_min(self) -> float | None:
        """Minutes from start of service to finish, for served tickets."""
        if not self.served or self.serving_at is None or self.finished_at is None:
            return None
        return max(0.0, (self.finished_at - self.serving_at).total_seconds() / 60)


@dataclass(frozen=True)
class Escalation:
    """One escalated request: a back-office case, or a ticket escalated without a case.

    *due* is the first due date (a reschedule does not make a late answer on time);
    *resolved* is the day the answer reached the visitor: the call-back that
    reached them, the front office's explanation of the answer handed back, or the case
    closed; an answer not yet told is not a resolved case.
    """

    case_id: int | None
    ticket_id: int | None
    service_id: int
    channel: str
    opened: date
    due: date
    resolved: date | None
    rescheduled: bool = False

    def status(self, today: date) -> str:
        """``on_time``, ``late`` (resolved after due), ``open`` (not due yet) or ``overdue``."""
        if self.resolved is not None:
            return "on_time" if self.resolved <= self.due else "late"
        return "open" if today <= self.due else "overdue"


ESCALATION_STATUSES = ("on_time", "late", "open", "overdue")


@dataclass(frozen=True)
class TimeRow:
    """Waiting and service time figures of one service (or all: ``service is None``)."""

    service: ServiceInfo | None
    wait: Summary
    service_time: Summary


@dataclass(frozen=True)
class DeskRow:
    """Served visits at one counter or by one officer."""

    key: Any
    label: str
    served: int
    service_time: Summary
    within_target: float | None  # share of visits within their own service's target


@dataclass(frozen=True)
class OfficerTime:
    """One officer's minutes in the period: at the desk (signed in, or from
    the first call to the last finish), serving (call to finish), on a break by reason,
    idle, and idle while a visitor of the services they served that day waited."""

    officer_id: int
    label: str
    present: int
    serving: int
    paused: dict[str, int]
    idle: int
    idle_while_waiting: int


@dataclass(frozen=True)
class HourRow:
    """One hour of the office day over the period: counters open on average (a counter
    is open from its first call to its last finish of a day, less its breaks), the
    visitors first called in it and their wait."""

    hour: int
    open_counters: float
    called: int
    wait: Summary


@dataclass
class Outage:
    """The shared file away: the first and last act done meanwhile, and how many."""

    since: datetime
    until: datetime
    offline_acts: int = 0       # counters' acts kept on their PCs, landed afterwards
    held_tickets: int = 0       # tickets kiosks issued from the numbers they held


@dataclass
class ReportData:
    office_name: str
    office_address: str
    logo_b64: str
    timezone: str
    date_from: date
    date_to: date
    generated_at: datetime
    services: dict[int, ServiceInfo]
    tickets: list[TicketRow]
    counters: dict[int, str]
    officers: dict[int, str]
    escalations: list[Escalation]
    #: register records without a ticket (phone, online) per (office day, channel)
    register_counts: dict[tuple[date, str], int] = field(default_factory=dict)
    #: all register records of the period, walk-in included
    register_total: int = 0
    skm: skm.IkmResult | None = None
    skm_by_service: dict[int, skm.IkmResult] = field(default_factory=dict)
    #: IKM per calendar month ("2026-03"), in order
    skm_by_month: dict[str, skm.IkmResult] = field(default_factory=dict)
    #: the range reaches the running month, whose answers are left out
    skm_open_month: bool = False
    #: answers there are, but a month holds fewer than the minimum group
    skm_withheld: bool = False
    skm_min_group: int = 5
    extra_holidays: OfficeCalendar = field(default_factory=OfficeCalendar)
    #: time per SOP 003 step against its mutu baku (None: this file has no back office)
    sop: SopReport | None = None
    #: register records per kabupaten/kota, most first ("" : not given)
    regions: list[tuple[str, int]] = field(default_factory=list)
    #: register records per request type ("" : not noted, older records)
    request_types: dict[str, int] = field(default_factory=dict)
    #: complaints (pengaduan) of the period: received, answered or closed, still open
    complaints: tuple[int, int, int] = (0, 0, 0)
    #: calls out of turn per officer id (0: none signed in), by reason
    out_of_turn: dict[int, Counter] = field(default_factory=dict)
    #: per officer: serving, idle, idle while visitors waited, breaks
    officer_time: list[OfficerTime] = field(default_factory=list)
    #: the shared file's outages in the period, as facts (:func:`_outages`)
    outages: list[Outage] = field(default_factory=list)
    #: minutes to help of each call for help from a kiosk answered in the period
    help_minutes: list[float] = field(default_factory=list)
    #: service at the seat, spoken and large-text tickets, Deaf flags, interpreters
    hall: HallMonth = field(default_factory=HallMonth)

    def vulnerable_aids(self) -> list[tuple[str, int, float | None]]:
        """The hall's aids on the page on service friendly to vulnerable groups: (catalogue
        key, how many, median minutes or None), in the order the page lists them."""
        h = self.hall
        return [("report.vulnerable.help", len(self.help_minutes),
                 summarize(self.help_minutes).median),
                ("report.vulnerable.seat", h.tickets["seat"], None),
                ("report.vulnerable.fetched", h.fetched, h.fetch_median),
                ("report.vulnerable.spoken", h.tickets["spoken"], None),
                ("report.vulnerable.large", h.tickets["large"], None),
                ("report.vulnerable.deaf", h.tickets["deaf"], None),
                ("report.vulnerable.deaf_officer", h.deaf_by_officer, None),
                ("report.vulnerable.interpreter", h.interpreter_requests, None)]

    def vulnerable_waits(self) -> list[tuple[str | None, Summary]]:
        """The wait of each priority group's visitors (None: everyone else), for the
        page on service friendly to vulnerable groups."""
        groups: dict[str | None, list] = defaultdict(list)
        for t in self.tickets:
            if t.wait_min is not None:
                groups[t.priority_group if t.priority else None].append(t.wait_min)
        return [(g, summarize(v)) for g, v in sorted(groups.items(), key=lambda kv:
                                                      (kv[0] is not None, kv[0] or ""))]
    #: per hour of the day: counters open against the wait
    hours: list[HourRow] = field(default_factory=list)
    #: who signs: (title, name, NIP) of the head of office (the "Mengetahui" block)
    head: tuple[str, str, str] = ("", "", "")
    #: stand-ins (penugasan) whose days meet the period
    standins: list[Standin] = field(default_factory=list)

    # -- basic counts ------------------------------------------------------------------
    @property
    def today(self) -> date:
        return office_day(self.generated_at, self.timezone)

    def days(self) -> list[date]:
        """Every day of the period that is a working day or had visitors."""
        busy = {t.day for t in self.tickets} | {d for d, _ in self.register_counts}
        out, day = [], self.date_from
        while day <= self.date_to:
            if day in busy or is_working_day(day, self.extra_holidays):
                out.append(day)
            day += timedelta(days=1)
        return out

    def totals(self) -> dict[str, int]:
        states = Counter(t.state for t in self.tickets)
        channels = self.per_channel()
        return {
            "tickets": len(self.tickets),
            "visits": sum(channels.values()),
            "served": states["done"] + states["escalated"],
            "priority": sum(1 for t in self.tickets if t.priority),
            "no_show": states["skipped"],
            "cancelled": states["cancelled"],
            "unfinished": sum(states[s] for s in OPEN_STATES),
            "escalated": len(self.escalations),
            "transferred": sum(1 for t in self.tickets if t.transfer_count),
        }

    def per_day(self) -> list[dict[str, Any]]:
        rows: dict[date, dict[str, Any]] = {
            d: {"day": d, "tickets": 0, "priority": 0, "served": 0, "no_show": 0,
                "cancelled": 0, "phone": 0, "online": 0} for d in self.days()}
        for t in self.tickets:
            row = rows[t.day]
            row["tickets"] += 1
            row["priority"] += t.priority
            row["served"] += t.served
            row["no_show"] += t.state == "skipped"
            row["cancelled"] += t.state == "cancelled"
            if t.channel in ("phone", "online"):
                row[t.channel] += 1
        for (d, channel), n in self.register_counts.items():
            if channel in ("phone", "online"):
                rows[d][channel] += n
        return list(rows.values())

    def per_month(self) -> list[dict[str, Any]]:
        """The per-day rows summed per calendar month (``month`` = first day of it)."""
        months: dict[date, dict[str, Any]] = {}
        for row in self.per_day():
            key = row["day"].replace(day=1)
            acc = months.setdefault(key, {k: 0 for k in row if k != "day"} | {"month": key})
            for k, v in row.items():
                if k != "day":
                    acc[k] += v
        return list(months.values())

    def per_service(self) -> list[dict[str, Any]]:
        rows = {sid: {"service": s, "tickets": 0, "priority": 0, "served": 0, "no_show": 0,
                      "cancelled": 0, "escalated": 0} for sid, s in self.services.items()}
        for t in self.tickets:
            row = rows[t.service_id]
            row["tickets"] += 1
            row["priority"] += t.priority
            row["served"] += t.served
            row["no_show"] += t.state == "skipped"
            row["cancelled"] += t.state == "cancelled"
            row["escalated"] += t.state == "escalated"
        return list(rows.values())

    def per_channel(self) -> dict[str, int]:
        """Visits per channel: tickets by their channel plus register-only records."""
        counts = {c: 0 for c in CHANNELS}
        for t in self.tickets:
            counts[t.channel if t.channel in counts else "walk_in"] += 1
        for (_, channel), n in self.register_counts.items():
            counts[channel if channel in counts else "walk_in"] += n
        return counts

    def per_hour(self) -> dict[int, int]:
        """Tickets issued per local hour of day (office time zone)."""
        tz = zone(self.timezone)
        counts = Counter(t.issued_at.astimezone(tz).hour for t in self.tickets)
        if not counts:
            return {h: 0 for h in range(8, 16)}
        return {h: counts.get(h, 0) for h in range(min(counts), max(counts) + 1)}

    # -- times ---------------------------------------------------------------------------
    def times(self) -> list[TimeRow]:
        """Waiting/service time figures per service, then all services (service None)."""
        by_service: dict[int, list[TicketRow]] = defaultdict(list)
        for t in self.tickets:
            by_service[t.service_id].append(t)
        rows = []
        for sid, svc in self.services.items():
            ts = by_service.get(sid, [])
            if not ts:
                continue
            rows.append(TimeRow(svc, summarize([t.wait_min for t in ts], svc.target_wait_min),
                                summarize([t.service_min for t in ts], svc.target_service_min)))
        rows.append(TimeRow(None, self._overall(self.tickets, "wait"),
                            self._overall(self.tickets, "service")))
        return rows

    def _overall(self, tickets: list[TicketRow], kind: str) -> Summary:
        """Summary over services, the share measured against each ticket's own target."""
        values, met, counted = [], 0, 0
        for t in tickets:
            v = t.wait_min if kind == "wait" else t.service_min
            if v is None:
                continue
            values.append(v)
            svc = self.services[t.service_id]
            counted += 1
            met += v <= (svc.target_wait_min if kind == "wait" else svc.target_service_min)
        s = summarize(values)
        return Summary(s.count, s.mean, s.median, s.p90, None, met / counted if counted else None)

    def per_priority_group(self) -> list[dict[str, Any]]:
        """Priority visitors per kelompok rentan group (``core.priority.GROUPS`` in order,
        then ``None``: the group was not recorded), with served and mean waiting time.
        Every group is listed (0 when nobody came); the unrecorded row only when used."""
        by_group: dict[str | None, list[TicketRow]] = {g: [] for g in PRIORITY_GROUPS}
        for t in self.tickets:
            if t.priority:
                key = t.priority_group if t.priority_group in by_group else None
                by_group.setdefault(key, []).append(t)
        return [{"group": g, "tickets": len(ts), "served": sum(t.served for t in ts),
                 "wait": summarize([t.wait_min for t in ts])}
                for g, ts in by_group.items() if g is not None or ts]

    def priority_times(self) -> tuple[Summary, Summary]:
        """Waiting time of priority visitors and of the others."""
        return (summarize([t.wait_min for t in self.tickets if t.priority]),
                summarize([t.wait_min for t in self.tickets if not t.priority]))

    def _desk_rows(self, key_of, label_of) -> list[DeskRow]:
        groups: dict[Any, list[TicketRow]] = defaultdict(list)
        for t in self.tickets:
            if t.served and key_of(t) is not None:
                groups[key_of(t)].append(t)
        rows = []
        for key in sorted(groups, key=lambda k: (label_of(k), str(k))):
            ts = groups[key]
            timed = [t for t in ts if t.service_min is not None]
            met = sum(t.service_min <= self.services[t.service_id].target_service_min
                      for t in timed)
            rows.append(DeskRow(key, label_of(key), len(ts),
                                summarize([t.service_min for t in ts]),
                                met / len(timed) if timed else None))
        return rows

    def per_counter(self) -> list[DeskRow]:
        return self._desk_rows(lambda t: t.counter,
                               lambda k: self.counters.get(k, f"Loket {k}"))

    def per_officer(self) -> list[DeskRow]:
        """Served visits per officer; those no officer was signed in for (served while the
        share was away at a PC nobody could sign in to, never credited) in a row of their
        own, so the rows add up to what the counters served."""
        from ult_desktop.core.i18n import tr

        return self._desk_rows(lambda t: t.officer_id if t.officer_id is not None else 0,
                               lambda k: self.officers.get(k, f"#{k}") if k
                               else tr("report.no_officer"))

    # -- escalations -----------------------------------------------------------------------
    def escalation_counts(self) -> list[dict[str, Any]]:
        """Per service and in total: opened, resolved on time / late, open, overdue."""
        today = self.today
        rows: dict[int | None, dict[str, Any]] = {}
        for e in self.escalations:
            for key in (e.service_id, None):
                row = rows.setdefault(key, {"service": self.services.get(key) if key else None,
                                            "opened": 0, "rescheduled": 0,
                                            **{s: 0 for s in ESCALATION_STATUSES}})
                row["opened"] += 1
                row["rescheduled"] += e.rescheduled
                row[e.status(today)] += 1
        total = rows.pop(None, {"service": None, "opened": 0, "rescheduled": 0,
                                **{s: 0 for s in ESCALATION_STATUSES}})
        ordered = [rows[sid] for sid in self.services if sid in rows]
        return [*ordered, total]


# -- loading ---------------------------------------------------------------------------------

def _all(conn: Connection, sql: str, params: tuple = ()) -> list:
    return conn.execute(sql, params).fetchall()


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _register(conn: Connection, d0: str, d1: str) -> tuple[dict[tuple[date, str], int], int]:
    """Register records without a ticket (phone, online) per (day, channel), and all
    records of the period (walk-in included)."""
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
    """Everything a report of office days *date_from* .. *date_to* (inclusive) shows,
    read in one transaction: every figure comes from the same moment of the record.

    :param now: the moment the report is made (decides which escalations are overdue).
    """
    return db.read(lambda conn: read_report(conn, date_from, date_to, now=now))


def read_report(conn: Connection, date_from: date, date_to: date, *,
                now: datetime | None = None) -> ReportData:
    """:func:`collect` inside the caller's read."""
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    settings = read_settings(conn)
    tz = settings["timezone"]
    d0, d1 = date_from.isoformat(), date_to.isoformat()
    services = {r["id"]: ServiceInfo(r["id"], r["prefix"], r["name"], r["color"],
                                     r["target_wait_min"], r["target_service_min"],
                                     r["target_resolution_days"])
                for r in _all(conn, "SELECT * FROM services ORDER BY sort_order, prefix")}
    first_calls = {r[0]: r[1] for r in _all(conn, FIRST_CALLS_SQL, (d0, d1))}
    tickets = [
        TicketRow(id=r["id"], day=date.fromisoformat(r["day"]), number=r["number"],
                  service_id=r["service_id"], priority=bool(r["priority"]), state=r["state"],
                  channel=r["channel"] or "walk_in", issued_at=_dt(r["issued_at"]),
                  first_called_at=_dt(first_calls.get(r["id"]) or r["called_at"]),
                  serving_at=_dt(r["serving_at"]), finished_at=_dt(r["finished_at"]),
                  counter=r["counter_number"], officer_id=r["officer_id"], outcome=r["outcome"],
                  transfer_count=r["transfer_count"],
                  priority_group=r["priority_group"])
        for r in _all(conn, "SELECT * FROM tickets WHERE day BETWEEN ? AND ? ORDER BY id",
                          (d0, d1))]
    extra = OfficeCalendar.from_settings(settings)  # the one calendar of due dates
    data = ReportData(
        office_name=settings["office_name"], office_address=settings["office_address"],
        logo_b64=settings.get("office_logo_png_b64") or "", timezone=tz,
        date_from=date_from, date_to=date_to, generated_at=now or utc_now(),
        services=services, tickets=tickets,
        counters={r["number"]: r["name"] for r in _all(conn, "SELECT number, name FROM counters")},
        officers={r["id"]: r["name"] for r in _all(conn, "SELECT id, name FROM officers")},
        escalations=_escalations(conn, d0, d1, tz, services, extra), extra_holidays=extra)
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
    data.head = (settings.get("head_title") or "", settings.get("head_name") or "",
                 settings.get("head_nip") or "")
    data.sop = read_sop_report(conn, date_from, date_to)  # as the back-office desk shows
    data.standins = read_standins(conn, first=date_from, last=date_to)
    data.out_of_turn = _out_of_turn(conn, d0, {t.id for t in tickets})
    data.officer_time, data.hours = _desk_time(conn, d0, d1, tz, tickets, data.officers)
    data.outages = _outages(conn, d0, {t.id for t in tickets})
    floor = _period_floor(conn, d0)
    data.help_minutes = read_help_period(conn, floor, d0, d1, tz)
    data.hall = read_hall_period(conn, floor, d0, d1, tz)
    _add_skm(conn, data, d0, d1, settings)
    return data


#: Two acts done while the share was away this far apart belong to two outages.
OUTAGE_GAP = timedelta(minutes=30)


def _outages(conn: Connection, d0: str, ticket_ids: set[int]) -> list[Outage]:
    """The period's outages of the shared file, as facts: from the first to the last act
    a counter did while it was away (kept on its PC, landed afterwards), with how many,
    and how many tickets kiosks issued from their held numbers meanwhile (a kiosk issues
    from its held numbers at all times: only those touched inside an outage count)."""
    acts: list[datetime] = []
    held: list[datetime] = []
    for ev in _all(conn, "SELECT ticket_id, at, data FROM events WHERE id > ? AND "
                         "ticket_id IS NOT NULL AND (data LIKE '%\"offline\": true%' OR "
                         "data LIKE '%\"held\": true%') ORDER BY id", (_period_floor(conn, d0),)):
        if ev["ticket_id"] in ticket_ids:
            data = _json(ev["data"])
            (acts if data.get("offline") else held).append(datetime.fromisoformat(ev["at"]))
    out: list[Outage] = []
    for at in sorted(acts):
        if not out or at - out[-1].until > OUTAGE_GAP:
            out.append(Outage(since=at, until=at))
        out[-1].until = at
        out[-1].offline_acts += 1
    for outage in out:
        outage.held_tickets = sum(outage.since <= at <= outage.until for at in held)
    return out


def _period_floor(conn: Connection, d0: str) -> int:
    """An event id everything of the period starting *d0* comes after (see
    :func:`_escalations`)."""
    return int(min(_all(conn,
        "SELECT COALESCE((SELECT issue_event FROM tickets WHERE "
        "id = (SELECT MAX(id) FROM tickets WHERE day < ?)), 0), "
        "COALESCE((SELECT issue_event - 1 FROM tickets WHERE "
        "id = (SELECT MIN(id) FROM tickets WHERE day >= ?)), 1e18)",
        (d0, d0))[0]))


def _out_of_turn(conn: Connection, d0: str, ticket_ids: set[int]) -> dict[int, Counter]:
    """Calls out of turn of the period's tickets: officer id -> reasons."""
    out: dict[int, Counter] = defaultdict(Counter)
    for ev in _all(conn, "SELECT ticket_id, data FROM events WHERE id > ? AND kind = 'called' "
                         "AND data LIKE '%out_of_turn%'", (_period_floor(conn, d0),)):
        data = _json(ev["data"])
        why = data.get("out_of_turn")
        if ev["ticket_id"] in ticket_ids and isinstance(why, dict):
            out[data.get("officer_id") or 0][str(why.get("reason"))] += 1
    return dict(out)


# -- minutes at the desk -----------------------------------------------------
_DESK_KINDS = ("officer_login", "officer_logout", "counter_paused", "counter_resumed")


def _minutes(start: datetime | None, end: datetime | None, day: date, tz: str) -> set[int]:
    """The minutes of office day *day* (local, 0..1439) from *start* up to *end*."""
    if start is None or end is None or end <= start:
        return set()
    a, b = local_time(start, tz), local_time(end, tz)
    first = 0 if a.date() < day else a.hour * 60 + a.minute
    last = 1440 if b.date() > day else b.hour * 60 + b.minute
    return set(range(first, last))


def _desk_time(conn: Connection, d0: str, d1: str, tz: str, tickets: list[TicketRow],
               officers: dict[int, str]) -> tuple[list[OfficerTime], list[HourRow]]:
    """Minutes per officer and counters open per hour, from the tickets' calls and
    finishes, the sign-ins and -outs and the breaks of the log (minute by minute)."""
    by_name = {r[0]: r[1] for r in _all(conn, "SELECT username, id FROM officers")}
    sessions: dict[tuple[date, int], list[tuple[datetime, str]]] = defaultdict(list)
    pauses: list[tuple[date, int, int | None, str, datetime, datetime | None]] = []
    open_pause: dict[int, tuple[datetime, int | None, str]] = {}
    start, end = date.fromisoformat(d0), date.fromisoformat(d1)
    for ev in _all(conn, "SELECT kind, counter_number, at, data FROM events WHERE id > ? AND "
                         f"kind IN ({', '.join('?' * len(_DESK_KINDS))}) ORDER BY id",
                   (_period_floor(conn, d0), *_DESK_KINDS)):
        at, data = datetime.fromisoformat(ev["at"]), _json(ev["data"])
        day = local_time(at, tz).date()
        if ev["kind"] in ("officer_login", "officer_logout"):
            oid = by_name.get(data.get("username"))
            if oid is not None and data.get("screen", "counter") == "counter":
                sessions[(day, oid)].append((at, ev["kind"]))
        elif ev["kind"] == "counter_paused" and ev["counter_number"] is not None:
            open_pause[ev["counter_number"]] = (at, data.get("officer_id"), data.get("reason"))
        elif ev["counter_number"] in open_pause:
            since, oid, reason = open_pause.pop(ev["counter_number"])
            pauses.append((local_time(since, tz).date(), ev["counter_number"], oid,
                           str(reason), since, at))
    for counter, (since, oid, reason) in open_pause.items():  # still on a break
        pauses.append((local_time(since, tz).date(), counter, oid, str(reason), since, None))
    days = sorted({t.day for t in tickets} | {d for d, _ in sessions} | {p[0] for p in pauses})
    totals: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    open_minutes: dict[int, int] = defaultdict(int)
    for day in (d for d in days if start <= d <= end):
        mine = [t for t in tickets if t.day == day]
        ends = [t.finished_at for t in mine if t.finished_at is not None]
        day_end = max(ends) if ends else None
        serving: dict[int, set[int]] = defaultdict(set)
        services: dict[int, set[int]] = defaultdict(set)
        counters: dict[int, set[int]] = defaultdict(set)
        for t in mine:
            spent = _minutes(t.first_called_at, t.finished_at, day, tz)
            if t.officer_id is not None:
                serving[t.officer_id] |= spent
                services[t.officer_id].add(t.service_id)
            if t.counter is not None:
                counters[t.counter] |= spent
        paused: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        counter_paused: dict[int, set[int]] = defaultdict(set)
        for p_day, counter, oid, reason, since, until in pauses:
            if p_day == day:
                span = _minutes(since, until or day_end, day, tz)
                counter_paused[counter] |= span
                if oid is not None:
                    paused[oid][reason] |= span
        for counter, spent in counters.items():  # open: first call to last finish
            if not spent:
                continue
            span = set(range(min(spent), max(spent) + 1)) - counter_paused[counter]
            for minute in span:
                open_minutes[minute // 60] += 1
        for oid in set(serving) | {o for d, o in sessions if d == day} | set(paused):
            present: set[int] = set()
            marks = sorted(sessions.get((day, oid), []))
            since = None
            for at, kind in marks:
                if kind == "officer_login" and since is None:
                    since = at
                elif kind == "officer_logout" and since is not None:
                    present |= _minutes(since, at, day, tz)
                    since = None
            if since is not None:
                present |= _minutes(since, day_end, day, tz)
            if not marks and serving[oid]:
                present = set(range(min(serving[oid]), max(serving[oid]) + 1))
            on_break = set().union(*paused[oid].values()) if paused[oid] else set()
            idle = present - serving[oid] - on_break
            waited: set[int] = set()
            for t in mine:
                if t.service_id in services[oid]:
                    waited |= _minutes(t.issued_at, t.first_called_at or day_end, day, tz)
            row = totals[oid]
            row["present"] += len(present)
            row["serving"] += len(serving[oid])
            row["idle"] += len(idle)
            row["idle_waiting"] += len(idle & waited)
            for reason, span in paused[oid].items():
                row[f"paused:{reason}"] += len(span)
    people = [OfficerTime(oid, officers.get(oid, f"#{oid}"), r["present"], r["serving"],
                          {k.split(":", 1)[1]: v for k, v in r.items()
                           if k.startswith("paused:")}, r["idle"], r["idle_waiting"])
              for oid, r in sorted(totals.items(), key=lambda kv: officers.get(kv[0], ""))]
    n_days = max(1, len([d for d in days if start <= d <= end]))
    hours = []
    for hour in sorted(set(open_minutes) | {local_time(t.first_called_at, tz).hour
                                            for t in tickets if t.first_called_at}):
        called = [t for t in tickets if t.first_called_at
                  and local_time(t.first_called_at, tz).hour == hour]
        hours.append(HourRow(hour, open_minutes[hour] / 60 / n_days, len(called),
                             summarize([t.wait_min for t in called])))
    return people, hours


def _escalations(conn: Connection, d0: str, d1: str, tz: str, services: dict[int, ServiceInfo],
                 extra: OfficeCalendar) -> list[Escalation]:
    """Escalations opened on office days *d0* .. *d1*, read from the event log.

    Cases come from ``case_opened`` / ``case_answered`` / ``case_rescheduled`` events;
    a ticket finished as escalated without a case counts too (its due date from the
    service's target, never resolved as far as the file knows).
    """
    start, end = date.fromisoformat(d0), date.fromisoformat(d1)
    case_info: dict[int, tuple[int, str]] = {}
    rescheduled: set[int] = set()
    # a case is resolved when its answer reached the visitor: a call-back that
    # reached them, the front office's explanation (SOP 003 step 15) or the case closed
    told: dict[int, datetime] = {}
    explained = dict(_all(conn, "SELECT case_id, MIN(explained_at) FROM handovers WHERE "
                                "case_id IS NOT NULL GROUP BY case_id"))
    for r in _all(conn, "SELECT c.id, r.service_id, r.channel, t.outcome, c.callback_done_at, "
                        "c.closed_at FROM cases c "
                        "JOIN register_records r ON r.id = c.record_id "
                        "LEFT JOIN tickets t ON t.id = r.ticket_id"):
        case_info[r[0]] = (r[1], r[2])
        if r[3] == "rescheduled":  # kept by the helpdesk: rescheduled, not passed on
            rescheduled.add(r[0])
        reached = [datetime.fromisoformat(v) for v in (r[4], r[5], explained.get(r[0])) if v]
        if reached:
            told[r[0]] = min(reached)
    opened: dict[int, tuple[datetime, dict, int | None]] = {}
    answered: dict[int, datetime] = {}
    ticket_escalated: dict[int, datetime] = {}
    # Events are append-only: everything of the period comes after the issue of the last
    # ticket of an earlier day, so years of history need not be read. (The first ticket
    # of the period bounds it too, should rows ever have been written out of order.)
    # (The ticket row keeps the id of its issue event: tickets.issue_event.)
    floor = _period_floor(conn, d0)
    for ev in _all(conn, "SELECT kind, ticket_id, at, data FROM events WHERE id > ? AND kind IN "
                       "(?, ?, ?, 'escalated') ORDER BY id",
                       (floor, CASE_OPENED, CASE_ANSWERED, CASE_RESCHEDULED)):
        kind, at = ev["kind"], datetime.fromisoformat(ev["at"])
        if kind == "escalated":
            if ev["ticket_id"] is not None:
                ticket_escalated.setdefault(ev["ticket_id"], at)
            continue
        data = _json(ev["data"])
        case_id = data.get("case_id")
        if not isinstance(case_id, int):
            continue
        if kind == CASE_OPENED:
            opened.setdefault(case_id, (at, data, ev["ticket_id"]))
        elif kind == CASE_ANSWERED:
            answered.setdefault(case_id, at)
        else:
            rescheduled.add(case_id)
    out: list[Escalation] = []
    tickets_with_case: set[int] = set()
    for case_id, (at, data, ticket_id) in opened.items():
        if ticket_id is not None:
            tickets_with_case.add(ticket_id)
        day = local_time(at, tz).date()
        if not start <= day <= end or case_id not in case_info:
            continue
        service_id, channel = case_info[case_id]
        due = _iso_day(data.get("due_day")) or add_working_days(
            day, services[service_id].target_resolution_days, extra)
        done = answered.get(case_id)
        done = max(done, told[case_id]) if done and case_id in told else None
        out.append(Escalation(case_id, ticket_id, service_id, channel, day, due,
                              local_time(done, tz).date() if done else None,
                              case_id in rescheduled))
    loose = [t for t in ticket_escalated if t not in tickets_with_case]
    if loose:
        marks = ",".join("?" * len(loose))
        rows = {r[0]: (r[1], r[2]) for r in _all(conn,
            f"SELECT id, service_id, channel FROM tickets WHERE id IN ({marks})", tuple(loose))}
        for ticket_id in loose:
            day = local_time(ticket_escalated[ticket_id], tz).date()
            if not start <= day <= end or ticket_id not in rows:
                continue
            service_id, channel = rows[ticket_id]
            due = add_working_days(day, services[service_id].target_resolution_days, extra)
            out.append(Escalation(None, ticket_id, service_id, channel or "walk_in", day, due,
                                  None))
    return out


def _json(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _iso_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _add_skm(conn: Connection, data: ReportData, d0: str, d1: str, settings: dict) -> None:
    cols = ", ".join(f"a{i}" for i in range(1, skm.ELEMENT_COUNT + 1))
    # Answers know only their month (anonymous): the months the range touches.
    # closed months only: never month-to-date figures
    today = office_day(data.generated_at, data.timezone)
    last = min(d1[:7], skm.last_closed_month(today))
    data.skm_open_month = d1[:7] > last
    rows = _all(conn, f"SELECT service_id, period, {cols} FROM skm_responses "
                    "WHERE period BETWEEN ? AND ? ORDER BY period, service_id, id",
                    (d0[:7], last))
    answers = [(r[0], r[1], tuple(r[2:])) for r in rows]
    # every figure rests on whole months of at least the office's minimum group, and no
    # cell can be recovered from the others (core.skm.publishable)
    minimum = max(1, int(settings["skm_min_group"] or 1))
    shown = skm.publishable(answers, minimum)
    data.skm = shown.total
    data.skm_withheld = shown.withheld
    data.skm_min_group = minimum
    data.skm_by_service = shown.by_service
    data.skm_by_month = shown.by_month

