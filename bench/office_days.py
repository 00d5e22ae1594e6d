"""A family of simulated office days for the wait band, driven through the real queue code.

Each scenario is a run of office days on ONE real SQLite file (a fresh demo office):
visitors arrive 08:00-15:00 (a Poisson stream, faster in the 08:00-10:00 rush) and take
a number with ``db.queue.issue_ticket``; the band on their paper is read as the kiosk
reads it (``db.queries.read_ticket_band``) and stored with the print result
(``record_print_result``); officers sign in at their counter (``record_session``), call
(``call_next``), serve and finish (log-normal service times), take their breaks
(``pause_counter`` / ``resume_counter``) and sign out. Every act carries its simulated
moment (``now=``): nothing sleeps. Afterwards the band's honesty is read from the file
the way the monthly report reads it (``db.queries.read_band_hits``, ``core.phone``).

Used by ``bench/bench_wait_band.py`` (20 days per scenario) and
``tests/test_wait_band_days.py`` (a few). By hand:
``python bench/office_days.py [--days 20] [--only demo]``.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The first simulated office day (a Monday) and the office's 08:00 in UTC (WIB).
FIRST_DAY, OPENS_UTC_HOUR = date(2026, 3, 2), 1
_OFFICERS = {1: "sari", 2: "budi", 3: "dewi"}


@dataclass(frozen=True)
class Scenario:
    """One kind of office day: arrivals an hour in the rush (08-10) and after, the mix
    of services and their median minutes, which counter serves what (None: the demo's:
    1 serves A and B, 2 B and C, 3 the priority desk all), the share of priority
    visitors, when each counter's officer signs in (hour), its breaks, slow officers
    (a factor on their service times) and when the counters sign out (hour)."""

    name: str
    rate: tuple[float, float] = (26.0, 14.0)
    mix: dict[str, float] = field(default_factory=lambda: {"A": 0.4, "B": 0.3, "C": 0.3})
    medians: dict[str, float] = field(default_factory=lambda: {"A": 4.0, "B": 9.0, "C": 6.0})
    layout: dict[int, list[str]] | None = None
    priority: float = 0.05
    starts: dict[int, float] = field(default_factory=dict)
    breaks: dict[int, tuple[float, float]] = field(default_factory=dict)
    slow: dict[int, float] = field(default_factory=dict)
    signs_out: float = 16.5
    #: counters nobody signs in at all day
    absent: tuple[int, ...] = ()
    #: the office's day as its settings say it (``core.schedule``): every desk pauses in
    #: the daily and the Friday break; only office days (Monday-Friday weeks) are run
    office: dict = field(default_factory=dict)
    weeks: bool = False
    #: a counter's officer signs out for a meeting (counter, from, until: hours), planned
    meeting: tuple[int, float, float] | None = None
    #: the share of A visits sent on to C at the desk
    transfer: float = 0.0
    #: visits of B booked for the next office day in one window (count, from, until)
    booked: tuple[int, float, float] | None = None
    #: from this hour on every visit takes this many times longer
    afternoon: tuple[float, float] | None = None
    #: this many visitors at the door when the office opens
    crowd: int = 0
    #: counters whose officer serves on through the office's breaks (Tetap melayani: the
    #: desk's recorded resume, ``keep``); the others pause as the desk does (a free desk
    #: at the break's start, a busy one after its visitor)
    keeps: tuple[int, ...] = ()


SCENARIOS = (
    Scenario("one_service", rate=(30.0, 18.0), mix={"A": 1.0}, medians={"A": 6.0},
             layout={1: ["A"], 2: ["A"], 3: ["A"]}),
    Scenario("demo"),
    Scenario("late_counter", starts={3: 9.0}),
    Scenario("ishoma", breaks={1: (12.0, 13.0), 2: (12.5, 13.5)}),
    Scenario("rush", rate=(40.0, 12.0)),
    Scenario("priority20", priority=0.2),
    Scenario("slow_officer", slow={2: 1.8}),
    Scenario("overload", rate=(34.0, 30.0), signs_out=16.0),
)
#: Office days the bench's first family did not have (each in the issue that asked for them).
BREAKS = {"break_daily": "12:00-13:00", "break_friday": "11:30-13:00"}
HARD_DAYS = (
    Scenario("fridays", office=BREAKS, weeks=True),
    Scenario("meeting", meeting=(2, 10.0, 11.5)),
    Scenario("transfers", transfer=0.2),
    Scenario("booked_block", booked=(8, 10.0, 11.0), weeks=True),
    Scenario("slow_afternoon", afternoon=(13.0, 1.6)),
    Scenario("crowd_at_opening", crowd=12),
    Scenario("kept_breaks", office=BREAKS, weeks=True, keeps=(2,)),
)
#: The demo office's day with nobody at the priority desk (Loket 3), for the promise.
NO_PRIORITY_DESK = Scenario("no_priority_desk", absent=(3,))


@dataclass
class Shown:
    """A ticket's paper: its id, the hour (local) it was issued, its band, the people
    ahead it printed and its minute of the day (from 08:00)."""

    ticket_id: int
    hour: int
    band: tuple[int, int] | None
    ahead: int = 0
    minute: float = 0.0


class OfficeDay:
    """One simulated day of *scenario* on the open database *db*."""

    def __init__(self, db, scenario: Scenario, day: date, rng: random.Random,
                 next_day: date | None = None, codes: list[str] | None = None):
        self.db, self.sc, self.rng = db, scenario, rng
        self.day, self.next_day = day, next_day
        #: the codes of the visits booked for this day; those booked for the next
        self.codes, self.booked_next = codes or [], []
        self.at_desk: dict[int, object] = {}
        self.t0 = datetime(day.year, day.month, day.day, OPENS_UTC_HOUR, tzinfo=timezone.utc)
        self.heap: list[tuple[float, int, str, int]] = []
        self.seq = 0
        self.counters = sorted(scenario.layout or _OFFICERS)
        self.staffed: set[int] = set()
        self.paused: set[int] = set()
        self.busy: set[int] = set()
        self.pending: dict[int, str] = {}  # counter -> break or sign-out once it is free
        self.shown: list[Shown] = []

    def at(self, minute: float) -> datetime:
        return self.t0 + timedelta(minutes=minute)

    def push(self, minute: float, kind: str, counter: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (minute, self.seq, kind, counter))

    def run(self) -> list[Shown]:
        sc, minute = self.sc, 0.0
        while True:
            minute += self.rng.expovariate((sc.rate[0] if minute < 120 else sc.rate[1]) / 60)
            if minute >= 420:
                break
            self.push(minute, "arrive")
        for n in range(sc.crowd):  # at the door when the desks open
            self.push(0.1 + 2.0 * n / max(sc.crowd, 1), "arrive")
        for code in self.codes:  # most booked visitors come, inside their window
            if self.rng.random() < 0.9:
                start, end = sc.booked[1:] if sc.booked else (10.0, 11.0)
                self.push((self.rng.uniform(start, end) - 8) * 60, "checkin", code)
        for c in self.counters:
            if c in sc.absent:
                continue
            self.push((sc.starts.get(c, 8.0) - 8) * 60, "signin", c)
            self.push((sc.signs_out - 8) * 60, "signout", c)
            for start, end, office in self._breaks(c):
                if office and c in sc.keeps:  # her officer serves on, and says so
                    self.push((start - 8) * 60, "keep", c)
                    continue
                self.push((start - 8) * 60, "pause", c)
                self.push((end - 8) * 60, "resume", c)
            if sc.meeting and sc.meeting[0] == c:
                self.push((sc.meeting[1] - 8) * 60, "signout", c)
                self.push((sc.meeting[2] - 8) * 60, "signin", c)
        while self.heap:
            minute, _, kind, counter = heapq.heappop(self.heap)
            getattr(self, kind)(minute, counter)
        return self.shown

    def _breaks(self, counter: int) -> list[tuple[float, float, bool]]:
        """The counter's own breaks and the office's (hours; is it the office's)."""
        from ult_desktop.core.schedule import pauses_on

        own = [(*self.sc.breaks[counter], False)] if counter in self.sc.breaks else []
        office = [(p.start.hour + p.start.minute / 60, p.end.hour + p.end.minute / 60, True)
                  for p in pauses_on(self.sc.office, self.day) if not p.counters]
        return own + office

    # -- the visitors ------------------------------------------------------------------
    def arrive(self, minute: float, _counter: int) -> None:
        from ult_desktop.db.queue.numbers import issue_ticket

        service = self.rng.choices(list(self.sc.mix), list(self.sc.mix.values()))[0]
        priority = self.rng.random() < self.sc.priority
        now = self.at(minute)
        self.paper(minute, issue_ticket(self.db, service=service, priority=priority,
                                        now=now))

    def checkin(self, minute: float, code) -> None:
        from ult_desktop.db.visit import visits

        self.paper(minute, visits.check_in(self.db, code=code, now=self.at(minute)))

    def paper(self, minute: float, ticket) -> None:
        """The band printed on *ticket*'s paper, kept with its print result."""
        from ult_desktop.db import queries
        from ult_desktop.db.queue.print_results import record_print_result

        now = self.at(minute)
        ahead, band = self.db.read(lambda conn: queries.read_ticket_band(conn, ticket, now))
        record_print_result(self.db, ticket_id=ticket.id, ok=True, printer="bench",
                            band=band, now=now)
        self.shown.append(Shown(ticket.id, 8 + int(minute // 60), band, ahead, minute))
        for c in self.counters:
            self.call(minute, c)

    # -- the counters ------------------------------------------------------------------
    def call(self, minute: float, counter: int) -> None:
        from ult_desktop.db.queue.desk import call_next, start_serving

        if counter not in self.staffed or counter in self.paused or counter in self.busy:
            return
        now = self.at(minute)
        ticket = call_next(self.db, counter=counter, now=now)
        if ticket is None:
            return
        start_serving(self.db, counter=counter, now=now)
        median = self.sc.medians[ticket.service_prefix] * self.sc.slow.get(counter, 1.0)
        if self.sc.afternoon and minute >= (self.sc.afternoon[0] - 8) * 60:
            median *= self.sc.afternoon[1]
        self.busy.add(counter)
        self.at_desk[counter] = ticket
        self.push(minute + self.rng.lognormvariate(math.log(median), 0.5), "finish", counter)

    def finish(self, minute: float, counter: int) -> None:
        from ult_desktop.db.queue.desk import finish, transfer

        ticket, now = self.at_desk.pop(counter), self.at(minute)
        if ticket.service_prefix == "A" and self.sc.transfer and \
                self.rng.random() < self.sc.transfer:
            transfer(self.db, counter=counter, to_service="C", now=now)
        elif ticket.service_prefix == "B" and self.sc.booked and self.next_day and \
                len(self.booked_next) < self.sc.booked[0]:
            self.book(ticket, now)
            finish(self.db, counter=counter, now=now)
        else:
            finish(self.db, counter=counter, now=now)
        self.busy.discard(counter)
        then = self.pending.pop(counter, None)
        if then:
            getattr(self, then)(minute, counter)
        else:
            self.call(minute, counter)

    def book(self, ticket, now) -> None:
        """The visitor at the desk comes back on the next office day in the block's window."""
        from ult_desktop.core.register import RecordInput
        from ult_desktop.db.errors import RuleViolation
        from ult_desktop.db.visit import cases, register, visits

        record = register.save_record(self.db, record=RecordInput(
            visitor_name="Pengunjung", topic="Berkas", question="Lanjutan"),
            channel="walk_in", ticket_id=ticket.id, now=now)
        case = cases.open_case(self.db, record_id=record.id, now=now)
        start, end = self.sc.booked[1:] if self.sc.booked else (10.0, 11.0)
        try:
            visit = visits.book_visit(self.db, case_id=case.id, day=self.next_day,
                                      opens=f"{int(start):02d}:{int(start % 1 * 60):02d}",
                                      closes=f"{int(end):02d}:{int(end % 1 * 60):02d}",
                                      now=now)
        except RuleViolation:  # a holiday: booked for no day
            return
        self.booked_next.append(visit.code)

    def signin(self, minute: float, counter: int) -> None:
        from ult_desktop.db.record import audit

        audit.record_session(self.db, audit.OFFICER_LOGIN, _OFFICERS.get(counter, "sari"),
                             counter=counter, now=self.at(minute), screen="counter")
        self.staffed.add(counter)
        self.call(minute, counter)

    def signout(self, minute: float, counter: int) -> None:
        from ult_desktop.db.record import audit

        if counter in self.busy:
            self.pending[counter] = "signout"
            return
        audit.record_session(self.db, audit.OFFICER_LOGOUT, _OFFICERS.get(counter, "sari"),
                             counter=counter, now=self.at(minute), screen="counter")
        self.staffed.discard(counter)

    def pause(self, minute: float, counter: int) -> None:
        from ult_desktop.db.queue.desk import pause_counter

        if counter in self.busy:
            self.pending[counter] = "pause"
            return
        pause_counter(self.db, counter=counter, reason="ishoma", now=self.at(minute))
        self.paused.add(counter)

    def keep(self, minute: float, counter: int) -> None:
        """Tetap melayani at the break's start: the desk's Jeda for the break, then its
        recorded resume (``keep``), as the counter screen writes them; a busy desk says
        so once its visitor is done."""
        from ult_desktop.db.queue.desk import pause_counter, resume_counter

        if counter in self.busy:
            self.pending[counter] = "keep"
            return
        now = self.at(minute)
        pause_counter(self.db, counter=counter, reason="ishoma", now=now)
        resume_counter(self.db, counter=counter, now=now, keep="ishoma")
        self.call(minute, counter)

    def resume(self, minute: float, counter: int) -> None:
        from ult_desktop.db.queue.desk import resume_counter

        if self.pending.get(counter) == "pause":  # the break never began
            del self.pending[counter]
            return
        resume_counter(self.db, counter=counter, now=self.at(minute))
        self.paused.discard(counter)
        self.call(minute, counter)


def prepare(path: Path, scenario: Scenario) -> None:
    """The demo office on *path* laid out for *scenario*, its day as its settings: the
    scenario's breaks, and the desks serving until its officers sign out."""
    from ult_desktop.db.house import office
    from ult_desktop.db.open import open_database

    db = open_database(path, station="admin", mode="admin")
    try:
        for number, prefixes in (scenario.layout or {}).items():
            office.set_counter_services(db, number=number, service_prefixes=prefixes)
        out = scenario.signs_out
        office.set_settings(db, serving_until=f"{int(out):02d}:{int(out % 1 * 60):02d}",
                            **scenario.office)
    finally:
        db.close()


def office_days(scenario: Scenario, days: int) -> list[date]:
    """The simulated days: in a row, or Monday-Friday weeks for *scenario.weeks*."""
    out, day = [], FIRST_DAY
    while len(out) < days:
        if not scenario.weeks or day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _plan_meeting(db, scenario: Scenario, day: date) -> None:
    """The admin's planned pause for the day's meeting (the desk and its return)."""
    from ult_desktop.db.house import office

    c, start, end = scenario.meeting  # type: ignore[misc]
    office.set_settings(db, planned_pause={
        "day": day.isoformat(), "counters": [c], "reason": "rapat",
        "span": f"{int(start):02d}:{int(start % 1 * 60):02d}-"
                f"{int(end):02d}:{int(end % 1 * 60):02d}"})


def run_days(scenario: Scenario, days: int, seed: int, folder: Path) -> tuple[Path, list[Shown]]:
    """*days* office days of *scenario* on a fresh demo file in *folder*: the file and
    every ticket's paper."""
    from bench._common import fresh_db
    from ult_desktop.db.open import open_database

    path = fresh_db(folder)
    prepare(path, scenario)
    rng = random.Random(f"{scenario.name}:{seed}")
    db = open_database(path, station="office-day", mode="counter")
    shown: list[Shown] = []
    dates, codes = office_days(scenario, days), []
    try:
        for n, day in enumerate(dates):
            if scenario.meeting:
                _plan_meeting(db, scenario, day)
            one = OfficeDay(db, scenario, day, rng, dates[n + 1] if n + 1 < len(dates)
                            else None, codes)
            shown += one.run()
            codes = one.booked_next
    finally:
        db.close()
    return path, shown


def honesty(path: Path, shown: list[Shown], days: int,
            closes: float = 16.5) -> dict[str, float]:
    """The band's figures on the file: the share called inside it (as the monthly report
    counts it), the worst hour's share, the share called after its end, the median
    band's width over the median wait, the share of tickets that showed a band; the
    median upper/lower end of the bands with 3 or more ahead ("kurang dari" counts as
    unbounded), the bands ending after *closes* (hour), the share told "not today" and
    how many of those were called before 14:00."""
    from ult_desktop.core.band import NOT_TODAY
    from ult_desktop.core.phone import band_hit, hit_rate
    from ult_desktop.db import queries
    from ult_desktop.db.open import open_database

    last = (FIRST_DAY + timedelta(days=2 * days + 7)).isoformat()
    db = open_database(path, station="report", mode="admin")
    try:
        pairs = db.read(lambda conn: queries.read_band_hits(conn, FIRST_DAY.isoformat(), last))
        waited = dict(db.read(lambda conn: conn.execute(
            "SELECT id, (julianday(COALESCE(first_called_at, called_at)) - "
            "julianday(issued_at)) * 1440 FROM tickets WHERE COALESCE(first_called_at, "
            "called_at) IS NOT NULL").fetchall()))
    finally:
        db.close()
    mine = [(s.hour, s.band, waited[s.ticket_id]) for s in shown
            if s.band and s.band not in ((0, 0), NOT_TODAY) and s.ticket_id in waited]
    hours: dict[int, list[bool]] = {}
    for hour, band, wait in mine:
        hours.setdefault(hour, []).append(band_hit(band, wait))
    worst = min((sum(h) / len(h) for h in hours.values() if len(h) >= 10), default=math.nan)
    widths = sorted(b[1] - b[0] for _, b, _ in mine)
    waits = sorted(w for _, _, w in mine)
    ratios = sorted(s.band[1] / s.band[0] if s.band[0] > 0 else math.inf for s in shown
                    if s.band and s.band not in ((0, 0), NOT_TODAY) and s.ahead >= 3)
    told = [s for s in shown if s.band == NOT_TODAY]
    return {"hit_rate": hit_rate(pairs) or math.nan, "worst_hour": worst,
            "late_share": sum(w > b[1] for _, b, w in mine) / len(mine) if mine else math.nan,
            "median_width_ratio": widths[len(widths) // 2] / max(waits[len(waits) // 2], 1)
            if mine else math.nan,
            "shown_share": sum(1 for s in shown if s.band is not None) / max(len(shown), 1),
            "upper_lower": ratios[len(ratios) // 2] if ratios else math.nan,
            "past_closing": float(sum(1 for s in shown if s.band and s.band[0] >= 0 and
                                      s.minute + s.band[1] > (closes - 8) * 60)),
            "not_today_share": len(told) / max(len(shown), 1),
            "not_today_called_before_14": float(sum(
                1 for s in told if s.ticket_id in waited and
                s.minute + waited[s.ticket_id] < 6 * 60)),
            "bands": float(len(pairs)), "own_count": float(len(mine)),
            "own_hit_rate": sum(band_hit(b, w) for _, b, w in mine) / len(mine)
            if mine else math.nan}


FIGURES = ("hit_rate", "worst_hour", "late_share", "upper_lower", "past_closing",
           "not_today_share", "not_today_called_before_14", "median_width_ratio",
           "shown_share")


def family(days: int, seed: int = 7, only: list[str] | None = None) -> dict[str, float]:
    """Every scenario's figures, named ``wait_band_<figure>_<scenario>``."""
    out: dict[str, float] = {}
    for sc in (*SCENARIOS, *HARD_DAYS):
        if only and sc.name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"ult-days-{sc.name}-") as tmp:
            path, shown = run_days(sc, days, seed, Path(tmp))
            figures = honesty(path, shown, days, sc.signs_out)
        for key in FIGURES:
            out[f"wait_band_{key}_{sc.name}"] = figures[key]
    return out


def priority_within(path: Path, minutes: float = 10.0) -> float:
    """The share of the file's priority visitors first called within *minutes* of taking
    their number (one never called: not within)."""
    from ult_desktop.db.open import open_database

    db = open_database(path, station="report", mode="admin")
    try:
        waits = [r[0] for r in db.query(
            "SELECT (julianday(COALESCE(first_called_at, called_at)) - julianday(issued_at))"
            " * 1440 FROM tickets WHERE priority = 1")]
    finally:
        db.close()
    return sum(1 for w in waits if w is not None and w <= minutes) / len(waits) \
        if waits else math.nan


def priority_figures(days: int, seed: int = 7) -> dict[str, float]:
    """``priority_called_within_10min_share`` on the demo office's days with someone at
    the priority desk (``_demo``) and with nobody there (``_no_priority_desk``)."""
    out: dict[str, float] = {}
    for sc in (next(s for s in SCENARIOS if s.name == "demo"), NO_PRIORITY_DESK):
        with tempfile.TemporaryDirectory(prefix=f"ult-days-{sc.name}-") as tmp:
            path, _ = run_days(sc, days, seed, Path(tmp))
            out[f"priority_called_within_10min_share_{sc.name}"] = priority_within(path)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", action="append")
    parser.add_argument("--priority", action="store_true",
                        help="only priority_called_within_10min_share")
    args = parser.parse_args()
    if args.priority:
        groups = [priority_figures(args.days, args.seed)]
    else:  # each scenario's figures as soon as it has run
        names = args.only or [s.name for s in (*SCENARIOS, *HARD_DAYS)]
        groups = (family(args.days, args.seed, [name]) for name in names)
    for figures in groups:
        for key, value in figures.items():
            print(f"{key}: {value:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
