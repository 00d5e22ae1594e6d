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
#: The demo office's day with nobody at the priority desk (Loket 3), for the promise.
NO_PRIORITY_DESK = Scenario("no_priority_desk", absent=(3,))


@dataclass
class Shown:
    """A ticket's paper: its id, the hour (local) it was issued, its band."""

    ticket_id: int
    hour: int
    band: tuple[int, int] | None


class OfficeDay:
    """One simulated day of *scenario* on the open database *db*."""

    def __init__(self, db, scenario: Scenario, day: date, rng: random.Random):
        self.db, self.sc, self.rng = db, scenario, rng
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
        for c in self.counters:
            if c in sc.absent:
                continue
            self.push((sc.starts.get(c, 8.0) - 8) * 60, "signin", c)
            self.push((sc.signs_out - 8) * 60, "signout", c)
            if c in sc.breaks:
                self.push((sc.breaks[c][0] - 8) * 60, "pause", c)
                self.push((sc.breaks[c][1] - 8) * 60, "resume", c)
        while self.heap:
            minute, _, kind, counter = heapq.heappop(self.heap)
            getattr(self, kind)(minute, counter)
        return self.shown

    # -- the visitors ------------------------------------------------------------------
    def arrive(self, minute: float, _counter: int) -> None:
        from ult_desktop.db import queries, queue

        service = self.rng.choices(list(self.sc.mix), list(self.sc.mix.values()))[0]
        priority = self.rng.random() < self.sc.priority
        now = self.at(minute)
        ticket = queue.issue_ticket(self.db, service=service, priority=priority, now=now)
        _, band = self.db.read(lambda conn: queries.read_ticket_band(conn, ticket, now))
        queue.record_print_result(self.db, ticket_id=ticket.id, ok=True, printer="bench",
                                  band=band, now=now)
        self.shown.append(Shown(ticket.id, 8 + int(minute // 60), band))
        for c in self.counters:
            self.call(minute, c)

    # -- the counters ------------------------------------------------------------------
    def call(self, minute: float, counter: int) -> None:
        from ult_desktop.db import queue

        if counter not in self.staffed or counter in self.paused or counter in self.busy:
            return
        now = self.at(minute)
        ticket = queue.call_next(self.db, counter=counter, now=now)
        if ticket is None:
            return
        queue.start_serving(self.db, counter=counter, now=now)
        median = self.sc.medians[ticket.service_prefix] * self.sc.slow.get(counter, 1.0)
        self.busy.add(counter)
        self.push(minute + self.rng.lognormvariate(math.log(median), 0.5), "finish", counter)

    def finish(self, minute: float, counter: int) -> None:
        from ult_desktop.db import queue

        queue.finish(self.db, counter=counter, now=self.at(minute))
        self.busy.discard(counter)
        then = self.pending.pop(counter, None)
        if then:
            getattr(self, then)(minute, counter)
        else:
            self.call(minute, counter)

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
        from ult_desktop.db import queue

        if counter in self.busy:
            self.pending[counter] = "pause"
            return
        queue.pause_counter(self.db, counter=counter, reason="ishoma", now=self.at(minute))
        self.paused.add(counter)

    def resume(self, minute: float, counter: int) -> None:
        from ult_desktop.db import queue

        if self.pending.get(counter) == "pause":  # the break never began
            del self.pending[counter]
            return
        queue.resume_counter(self.db, counter=counter, now=self.at(minute))
        self.paused.discard(counter)
        self.call(minute, counter)


def prepare(path: Path, scenario: Scenario) -> None:
    """The demo office on *path* laid out for *scenario*."""
    from ult_desktop.db.house import office
    from ult_desktop.db.open import open_database

    db = open_database(path, station="admin", mode="admin")
    try:
        for number, prefixes in (scenario.layout or {}).items():
            office.set_counter_services(db, number=number, service_prefixes=prefixes)
    finally:
        db.close()


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
    try:
        for n in range(days):
            shown += OfficeDay(db, scenario, FIRST_DAY + timedelta(days=n), rng).run()
    finally:
        db.close()
    return path, shown


def honesty(path: Path, shown: list[Shown], days: int) -> dict[str, float]:
    """The band's figures on the file: the share called inside it (as the monthly report
    counts it), the worst hour's share, the share called after its end, the median
    band's width over the median wait, the share of tickets that showed a band."""
    from ult_desktop.core.phone import band_hit, hit_rate
    from ult_desktop.db import queries
    from ult_desktop.db.open import open_database

    last = (FIRST_DAY + timedelta(days=days - 1)).isoformat()
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
            if s.band and s.band != (0, 0) and s.ticket_id in waited]
    hours: dict[int, list[bool]] = {}
    for hour, band, wait in mine:
        hours.setdefault(hour, []).append(band_hit(band, wait))
    worst = min((sum(h) / len(h) for h in hours.values() if len(h) >= 10), default=math.nan)
    widths = sorted(b[1] - b[0] for _, b, _ in mine)
    waits = sorted(w for _, _, w in mine)
    return {"hit_rate": hit_rate(pairs) or math.nan, "worst_hour": worst,
            "late_share": sum(w > b[1] for _, b, w in mine) / len(mine) if mine else math.nan,
            "median_width_ratio": widths[len(widths) // 2] / max(waits[len(waits) // 2], 1)
            if mine else math.nan,
            "shown_share": sum(1 for s in shown if s.band is not None) / max(len(shown), 1),
            "bands": float(len(pairs)), "own_count": float(len(mine)),
            "own_hit_rate": sum(band_hit(b, w) for _, b, w in mine) / len(mine)
            if mine else math.nan}


def family(days: int, seed: int = 7, only: list[str] | None = None) -> dict[str, float]:
    """Every scenario's figures, named ``wait_band_<figure>_<scenario>``."""
    out: dict[str, float] = {}
    for sc in SCENARIOS:
        if only and sc.name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"ult-days-{sc.name}-") as tmp:
            path, shown = run_days(sc, days, seed, Path(tmp))
            figures = honesty(path, shown, days)
        for key in ("hit_rate", "worst_hour", "late_share", "median_width_ratio",
                    "shown_share"):
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
    figures = priority_figures(args.days, args.seed) if args.priority else \
        family(args.days, args.seed, args.only)
    for key, value in figures.items():
        print(f"{key}: {value:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
