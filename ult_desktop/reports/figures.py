"""The figures of a period and every table computed from them: :class:`ReportData`,
filled by ``reports.data.collect``, whose methods compute what the PDF, CSV and XLSX show
(so all outputs agree). What each figure means: docs/reports.md."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from ult_desktop.core import skm
from ult_desktop.core.numbering import office_day, zone
from ult_desktop.core.priority import GROUPS as PRIORITY_GROUPS
from ult_desktop.core.priority import promise_kept
from ult_desktop.core.skm import DEFAULT_MIN_GROUP
from ult_desktop.core.stats import Summary, summarize
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.house.office import Standin
from ult_desktop.db.visit.hall import HallMonth
from ult_desktop.db.visit.handover import SopReport
from ult_desktop.reports.desk_time import HourRow, OfficerTime
from ult_desktop.reports.escalations import ESCALATION_STATUSES, Escalation
from ult_desktop.reports.outages import Outage

CHANNELS = ("walk_in", "phone", "online")
SERVED_STATES = ("done", "escalated")
OPEN_STATES = ("waiting", "called", "serving", "transferred")
#: The columns of the per-service and the per-day tables.
SERVICE_COLUMNS = ("tickets", "priority", "served", "no_show", "cancelled", "escalated")
DAY_COLUMNS = ("tickets", "priority", "served", "no_show", "cancelled", "phone", "online")


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
    #: marked missed, then reported back (in line again behind some numbers)
    returned: bool = False

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
    register_counts: dict[tuple[date, str], int] = field(default_factory=dict)
    register_total: int = 0
    skm: skm.IkmResult | None = None
    skm_by_service: dict[int, skm.IkmResult] = field(default_factory=dict)
    #: IKM per calendar month ("2026-03"), in order
    skm_by_month: dict[str, skm.IkmResult] = field(default_factory=dict)
    #: the range reaches the running month, whose answers are left out
    skm_open_month: bool = False
    #: answers there are, but a month holds fewer than the minimum group
    skm_withheld: bool = False
    skm_min_group: int = DEFAULT_MIN_GROUP
    extra_holidays: OfficeCalendar = field(default_factory=OfficeCalendar)
    #: time per SOP 003 step against its mutu baku (None: this file has no back office)
    sop: SopReport | None = None
    #: follow-up visits booked for the period's days: booked, came, did not come
    #: (``db.visit.visits.visits_in``)
    followups: dict[str, int] = field(default_factory=dict)
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
    #: (wait band printed on the ticket, minutes to its first call) per ticket that had one
    band_hits: list[tuple[list, float]] = field(default_factory=list)
    band_target: int = 80
    #: (bands shown on the phone page, of them held) over the period
    phone_bands: tuple[int, int] = (0, 0)
    #: the office's promise: priority visitors called within this many minutes
    promise_min: int = 10
    #: ticket rows left out of every figure: a value no act of the app writes
    unreadable_rows: int = 0

    def vulnerable_aids(self) -> list[tuple[str, int, float | None]]:
        """The hall's aids for the vulnerable-groups page: (key, count, median min or None)."""
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
        """The wait of each priority group's visitors (None: everyone else)."""
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
        every = (self.date_from + timedelta(days=n)
                 for n in range((self.date_to - self.date_from).days + 1))
        return [day for day in every if day in busy or self.extra_holidays.is_working_day(day)]

    @cached_property
    def _tally(self) -> Counter:
        """How many visits count in each figure: the tickets (:func:`ticket_keys`), and the
        register's records without a ticket in their channel's and day's."""
        n = Counter(k for t in self.tickets for k in ticket_keys(t, self))
        for (d, channel), count in self.register_counts.items():
            n["visits"] += count
            n[f"channel.{channel if channel in CHANNELS else 'walk_in'}"] += count
            if channel in ("phone", "online"):
                n[f"day.{d}.{channel}"] += count
        return n

    def totals(self) -> dict[str, int]:
        n = self._tally
        return {
            **{k: n[k] for k in ("tickets", "visits", "served", "priority", "no_show",
                                 "cancelled", "unfinished")},
            "escalated": len(self.escalations),
            # the procedure's late return: missed (no-shows at the end of the day and
            # those who came back), reported back, served after returning
            **{k: n[k] for k in ("transferred", "missed", "reported_back",
                                 "served_after_return")},
            **{f"followups_{k}": self.followups.get(k, 0) for k in ("booked", "came",
                                                                     "missed")},
        }

    def per_day(self) -> list[dict[str, Any]]:
        return [{"day": d, **{c: self._tally[f"day.{d}.{c}"] for c in DAY_COLUMNS}}
                for d in self.days()]

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
        return [{"service": s, **{c: self._tally[f"service.{s.prefix}.{c}"]
                                  for c in SERVICE_COLUMNS}} for s in self.services.values()]

    def per_channel(self) -> dict[str, int]:
        """Visits per channel: tickets by their channel plus register-only records."""
        return {c: self._tally[f"channel.{c}"] for c in CHANNELS}

    def per_hour(self) -> dict[int, int]:
        """Tickets issued per local hour of day (office time zone)."""
        counts = {int(k[5:]): n for k, n in self._tally.items() if k.startswith("hour.")}
        if not counts:
            return {h: 0 for h in range(8, 16)}
        return {h: counts.get(h, 0) for h in range(min(counts), max(counts) + 1)}

    # -- times ---------------------------------------------------------------------------
    def times(self) -> list[TimeRow]:
        """Waiting/service time figures per service, then all services (service None)."""
        by_service: dict[int, list[TicketRow]] = defaultdict(list)
        for t in self.tickets:
            by_service[t.service_id].append(t)
        rows = [TimeRow(svc, self.time_summary(ts, "wait"), self.time_summary(ts, "service_time"))
                for sid, svc in self.services.items() if (ts := by_service.get(sid))]
        return [*rows, TimeRow(None, self.time_summary(self.tickets, "wait"),
                               self.time_summary(self.tickets, "service_time"))]

    def time_summary(self, tickets: list[TicketRow], kind: str) -> Summary:
        """The waits (*kind* ``wait``) or service times (``service_time``) of *tickets*,
        the share measured against each ticket's own service's target."""
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
        """Priority visitors per kelompok rentan group (every one, then ``None`` when used:
        not recorded), with served and mean waiting time."""
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

    def priority_promise(self) -> tuple[int, int, int]:
        """(minutes promised, priority visitors first called within them, priority
        visitors): a visitor never called is not within."""
        return (self.promise_min, *promise_kept(
            (t.wait_min for t in self.tickets if t.priority), self.promise_min))

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
        """Served visits per officer, those never credited in a row of their own (the rows
        add up to what the counters served)."""
        from ult_desktop.core.i18n import tr

        return self._desk_rows(lambda t: t.officer_id if t.officer_id is not None else 0,
                               lambda k: self.officers.get(k, f"#{k}") if k
                               else tr("report.no_officer"))

    # -- escalations -----------------------------------------------------------------------
    def escalation_counts(self) -> list[dict[str, Any]]:
        """Per service and in total: opened, resolved on time / late, open, overdue."""
        today = self.today
        blank = {"opened": 0, "rescheduled": 0, **dict.fromkeys(ESCALATION_STATUSES, 0)}
        rows: dict[int | None, dict[str, Any]] = {None: {"service": None, **blank}}
        for e in self.escalations:
            for key in (e.service_id, None):
                row = rows.setdefault(key, {"service": self.services.get(key), **blank})
                row["opened"] += 1
                row["rescheduled"] += e.rescheduled
                row[e.status(today)] += 1
        total = rows.pop(None)
        return [*(rows[sid] for sid in self.services if sid in rows), total]


def ticket_keys(t: TicketRow, data: ReportData) -> Iterator[str]:
    """Every figure ticket *t* counts in (``day.<day>.<column>``, ``service.<prefix>.
    <column>``, ``channel.<channel>``, ``hour.<HH>``, ``group.<group>.<column>``, the
    totals' ...): the one rule of :class:`ReportData`'s tables and of the same figures
    counted from the replayed record (``reports.provenance``)."""
    day, svc = f"day.{t.day}", f"service.{data.services[t.service_id].prefix}"
    yield from ("tickets", "visits", f"{day}.tickets", f"{svc}.tickets",
                f"channel.{t.channel if t.channel in CHANNELS else 'walk_in'}",
                f"hour.{t.issued_at.astimezone(zone(data.timezone)).hour:02d}")
    if t.channel in ("phone", "online"):
        yield f"{day}.{t.channel}"
    if t.priority:
        group = t.priority_group if t.priority_group in PRIORITY_GROUPS else "-"
        yield from ("priority", f"{day}.priority", f"{svc}.priority", f"group.{group}.tickets",
                    "promise.priority")
        if t.wait_min is not None and t.wait_min <= data.promise_min:
            yield "promise.kept"
        if t.served:
            yield f"group.{group}.served"
    if t.served:
        yield from ("served", f"{day}.served", f"{svc}.served",
                    served_at("officer", t.officer_id if t.officer_id is not None else 0))
        if t.counter is not None:
            yield served_at("counter", t.counter)
    named = {"skipped": "no_show", "cancelled": "cancelled"}.get(t.state)
    if named:
        yield from (named, f"{day}.{named}", f"{svc}.{named}")
    if t.state in OPEN_STATES:
        yield "unfinished"
    if t.state == "escalated":
        yield f"{svc}.escalated"
    if t.transfer_count:
        yield "transferred"
    if t.state == "skipped" or t.returned:
        yield "missed"
    if t.returned:
        yield "reported_back"
        if t.served:
            yield "served_after_return"


def served_at(desk: str, key: object) -> str:
    """The key of a desks' table figure: served at counter or by officer *key*
    ("counter.2.served")."""
    return f"{desk}.{key}.served"
