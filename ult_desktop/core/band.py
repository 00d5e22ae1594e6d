"""The wait band: a run of the real call order forward from the record, its ends
calibrated on the office's own recent visitors.

:func:`call_in` lets each desk that serves call by the rule ``call_next`` applies, booked
visits joining in their windows, each visit lasting its service's usual minutes, desks
pausing in the office's breaks and none starting after closing: in how many minutes a
ticket is called, or not before closing. :func:`band_of` turns that into the printed band
with the ratios :func:`calibrate` learnt from how long recent visitors really waited
against their run. Pure."""

from __future__ import annotations

import heapq
import math
from bisect import insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ult_desktop.core.queue import Candidate, CounterView, PriorityPolicy, eligible, order_key

#: The band of a visitor the run does not call before closing ("mungkin tidak terlayani
#: hari ini"): said in words, never as minutes.
NOT_TODAY = (-1, -1)
#: Minutes added to the run's and the real wait before their ratio: a two-minute run
#: and a four-minute wait are not "twice as long" in any way a visitor feels.
SLACK_MIN = 2.0
#: Fewer recent banded visitors than this: the calibration's default ratios.
MIN_SAMPLES = 20
DEFAULT_RATIOS = (0.3, 1.6)
#: Points of share kept inside beyond the office's target by the band of a run of
#: :data:`SHORT_RUN` minutes or more: the ends are learnt on days gone by, and the next
#: day's visitors are not the same sample.
MARGIN = 2
#: ... unless its band would then end more than :data:`WIDEST` times as late as it
#: begins: a band that wide tells a visitor nothing to plan by, and keeps one point less
#: inside at a time until it does not, down to :data:`LEAST_INSIDE` percent.
WIDEST, LEAST_INSIDE = 2.2, 70
#: Fewer recent visits in the office than this: no wait is promised, only the people ahead.
MIN_VISITS = 5
#: The run gives up on a day longer than this many calls (a file gone wrong).
MOST_CALLS = 5000
#: A desk that finds nobody it may call yet (a priority ticket held for its desk, a
#: transfer kept for another) looks again after this many minutes.
LOOK_AGAIN_MIN = 2.0


class Band(tuple):
    """A band ``(low, high)`` in minutes as printed, with the run's *expect* (minutes to
    the call) it came from: the print event keeps both, the calibration learns from them."""

    expect: float | None

    def __new__(cls, low, high: int | None = None, expect: float | None = None) -> Band:
        # Band(low, high, expect), or Band(iterable) as a copy (dataclasses.asdict)
        band = super().__new__(cls, (low, high) if high is not None else tuple(low))
        band.expect = expect
        return band


@dataclass(frozen=True)
class Desk:
    """A desk of the run: its *view* as the call rule sees it, minutes until its visitor
    is done (*free_in*) and until it serves (*back_in*: paused now, back at a known time)."""

    view: CounterView
    free_in: float = 0.0
    back_in: float = 0.0


@dataclass(frozen=True)
class Arrival:
    """A booked visit not checked in yet: its place in line and when it joins (minutes)."""

    candidate: Candidate
    in_min: float


@dataclass(frozen=True)
class BandDay:
    """What the run reads: the moment, the waiting candidates (as ``call_next`` reads
    them), the desks, the pauses ``(start, end, counters)`` in minutes from *now*
    (counters empty: every desk), minutes until closing, each service's usual minutes of
    a visit (*minutes*, *usual* for a service without), the booked visits to come."""

    now: datetime
    line: Sequence[Candidate]
    desks: Sequence[Desk]
    policy: PriorityPolicy
    closes_in: float
    minutes: Mapping[int, float]
    usual: float
    pauses: Sequence[tuple[float, float, frozenset[int]]] = ()
    arrivals: Sequence[Arrival] = ()
    #: the office's clock at *now*: minutes since its midnight (the calibration's)
    clock: float = 0.0


class _Line:
    """The waiting line of a run: per service its regular tickets and its priority ones,
    each oldest first (only the first of each can be a desk's choice among them: the call
    rule ranks a service's priority tickets by age, and an older one is never less
    callable), and the tickets sent to a counter or an officer apart, in calling order."""

    def __init__(self, candidates: Iterable[Candidate]):
        #: service id -> [(sort_at, ticket id, candidate)] and the index of the first left
        self.regular: dict[int, list[tuple]] = {}
        self.priority: dict[int, list[tuple]] = {}
        self.heads: dict[tuple[bool, int], int] = {}
        self.sent: list[Candidate] = []
        for c in candidates:
            if _sent(c):
                self.sent.append(c)
            else:
                (self.priority if c.priority else self.regular).setdefault(
                    c.service_id, []).append((c.sort_at, c.ticket_id, c))
        for first, kind in ((False, self.regular), (True, self.priority)):
            for sid, values in kind.items():
                values.sort()  # ids differ: the candidates are never compared
                self.heads[(first, sid)] = 0
        self.sent.sort(key=_in_order)

    def add(self, c: Candidate) -> None:
        if _sent(c):
            insort(self.sent, c, key=_in_order)
            return
        head = self.heads.setdefault((c.priority, c.service_id), 0)
        insort((self.priority if c.priority else self.regular).setdefault(c.service_id, []),
               (c.sort_at, c.ticket_id, c), lo=head)

    def special_left(self) -> bool:
        """Is a ticket some desk may only call later (sent, or priority) still waiting?"""
        return bool(self.sent) or any(self.heads[(True, sid)] < len(values)
                                      for sid, values in self.priority.items())

    def choose(self, view: CounterView, policy: PriorityPolicy) -> Candidate | None:
        """Whom *view* calls now: ``core.queue.choose_next`` over the tickets that can be
        its choice (each service's first regular and first priority one, every one sent)."""
        pool = [c for c in self.sent if eligible(c, view, policy)]
        first = []  # (sort_at, id, candidate): each service's first one
        for sid, values in self.priority.items():
            head = self.heads[(True, sid)]
            if head < len(values) and eligible(values[head][2], view, policy):
                first.append(values[head])
        plain = not pool and view.order.kind == "always" and not view.orders
        if plain and first:  # priority first, the oldest of them (``order_key``)
            return min(first)[2]
        for sid in view.service_ids:
            regular = self.regular.get(sid)
            if regular and self.heads[(False, sid)] < len(regular):
                first.append(regular[self.heads[(False, sid)]])
        if plain:  # nobody sent here, no priority: the oldest
            return min(first)[2] if first else None
        pool += [entry[2] for entry in first]
        return min(pool, key=lambda c: order_key(c, view, policy)) if pool else None

    def take(self, c: Candidate) -> None:
        if _sent(c):
            self.sent.remove(c)
        else:
            self.heads[(c.priority, c.service_id)] += 1


def _sent(c: Candidate) -> bool:
    """Was *c* sent to a counter or an officer?"""
    return c.target_counter is not None or c.target_officer_id is not None


def _in_order(c: Candidate) -> tuple:
    return (not c.priority, c.sort_at, c.ticket_id)


def _at(view: CounterView, now: datetime, run: int) -> CounterView:
    """*view* at moment *now* after *run* regular calls (a frozen view's copy made for
    each call of a run, without ``dataclasses.replace``'s cost)."""
    copy = object.__new__(CounterView)
    copy.__dict__.update(view.__dict__, now=now, regular_run=run)
    return copy


def _start(day: BandDay, number: int, at: float) -> float:
    """The first moment from *at* when desk *number* is not paused."""
    moved = True
    while moved:
        moved = False
        for start, end, counters in day.pauses:
            if start <= at < end and (not counters or number in counters):
                at, moved = end, True
    return at


def call_in(day: BandDay, ticket_id: int) -> float | None:
    """Minutes until the run calls *ticket_id* (one of ``day.line``); ``math.inf``: not
    before closing; None: no desk of the run may ever call it (nobody serves it today)."""
    target = next((c for c in day.line if c.ticket_id == ticket_id), None)
    if target is None or not any(
            target.service_id in d.view.service_ids or target.target_counter == d.view.number
            for d in day.desks):
        return None
    line = _Line(day.line)
    arrivals = sorted(day.arrivals, key=lambda a: a.in_min)
    came = 0
    runs = [d.view.regular_run for d in day.desks]
    heap = [(_start(day, d.view.number, max(d.free_in, d.back_in)), i)
            for i, d in enumerate(day.desks)]
    heapq.heapify(heap)
    for _ in range(MOST_CALLS):
        if not heap:
            break
        at, i = heapq.heappop(heap)
        if at >= day.closes_in:
            break
        while came < len(arrivals) and arrivals[came].in_min <= at:
            line.add(arrivals[came].candidate)
            came += 1
        desk = day.desks[i]
        view = _at(desk.view, day.now + timedelta(minutes=at), runs[i])
        chosen = line.choose(view, day.policy)
        if chosen is None:  # nobody for it now: later, when someone may come
            later = [arrivals[came].in_min] if came < len(arrivals) else []
            if line.special_left():
                later.append(at + LOOK_AGAIN_MIN)
            if later:
                heapq.heappush(heap, (_start(day, view.number, min(later)), i))
            continue
        if chosen.ticket_id == ticket_id:
            return at
        line.take(chosen)
        runs[i] = 0 if chosen.priority else runs[i] + 1
        took = day.minutes.get(chosen.service_id, day.usual)
        heapq.heappush(heap, (_start(day, view.number, at + took), i))
    return math.inf


def _quantile(values: Sequence[float], q: float) -> float:
    """The *q* quantile of sorted *values* (linear between neighbours)."""
    pos = q * (len(values) - 1)
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


@dataclass(frozen=True)
class Calibration:
    """What the band's ends are learnt from: the office's recent banded visitors, each as
    (service id, log of its run + :data:`SLACK_MIN`, the clock of its issue, waited /
    run, both plus the slack), and the share of them to keep inside (percent)."""

    target: int
    samples: tuple[tuple[int, float, float, float], ...] = ()


#: The recent visitors whose runs were most like a band's that set its ends: alike in
#: length (a factor of e ** :data:`LIKE_RUN`), in the hour of the day (:data:`LIKE_CLOCK`
#: minutes) and in service (another service counts as :data:`LIKE_SERVICE` of either).
NEAREST, LIKE_RUN, LIKE_CLOCK, LIKE_SERVICE = 80, 0.35, 90.0, 1.0
#: A run shorter than this (minutes) keeps :data:`SHORT_MARGIN` points more inside than
#: the target, a longer one :data:`MARGIN`: the few minutes of a short wait are widened
#: cheaply, and its share of misses is the larger (one visit more or less ahead).
SHORT_RUN, SHORT_MARGIN = 10.0, 18


def calibrate(samples: Iterable[tuple[int, float, float, float]], target: int
              ) -> Calibration:
    """The :class:`Calibration` of the recent banded visitors in *samples* (service id,
    the run's minutes, minutes really waited, the clock at issue: minutes since the
    office's midnight) for *target* percent inside."""
    return Calibration(target, tuple(
        (sid, math.log(max(expect, 0.0) + SLACK_MIN), clock,
         (max(waited, 0.0) + SLACK_MIN) / (max(expect, 0.0) + SLACK_MIN))
        for sid, expect, waited, clock in samples))


def ratios_for(calibration: Calibration, service_id: int, expect: float,
               clock: float = 0.0) -> tuple[float, float]:
    """The band's ratios ``(low, high)`` for a run of *expect* minutes for *service_id*
    at *clock*: the quantiles of waited / run among the :data:`NEAREST` most alike
    recent visitors that leave the target (and its margin) inside, fewer where the band
    would be wider than :data:`WIDEST`, the misses shared evenly between early and late;
    :data:`DEFAULT_RATIOS` with fewer than :data:`MIN_SAMPLES`."""
    if len(calibration.samples) < MIN_SAMPLES:
        return DEFAULT_RATIOS
    length = math.log(max(expect, 0.0) + SLACK_MIN)
    near = heapq.nsmallest(NEAREST, calibration.samples, key=lambda x: (
        abs(x[1] - length) / LIKE_RUN + abs(x[2] - clock) / LIKE_CLOCK +
        (x[0] != service_id) * LIKE_SERVICE))
    values = sorted(x[3] for x in near)
    inside = min(calibration.target + (SHORT_MARGIN if expect < SHORT_RUN else MARGIN), 99)
    while True:
        miss = (1 - inside / 100) / 2
        low, high = _quantile(values, miss), _quantile(values, 1 - miss)
        start = (expect + SLACK_MIN) * low - SLACK_MIN
        if expect < SHORT_RUN or inside <= LEAST_INSIDE or (
                start > 0 and ((expect + SLACK_MIN) * high - SLACK_MIN) / start <= WIDEST):
            return low, high
        inside -= 1


def _round(minutes: float, up: bool) -> int:
    """To the nearest whole minute under 20; above, to fives outward (*up*: the end)."""
    if minutes < 20:
        return int(round(minutes))
    return int(math.ceil(minutes / 5) * 5 if up else math.floor(minutes / 5) * 5)


def band_of(expect: float | None, ratios: tuple[float, float], closes_in: float
            ) -> tuple[int, int] | None:
    """The band printed for a run of *expect* minutes with the calibrated *ratios*, never
    ending after closing (*closes_in* minutes): a :class:`Band`, :data:`NOT_TODAY` when
    the run does not call before closing, None when it cannot say."""
    if expect is None:
        return None
    if math.isinf(expect) or expect >= closes_in:
        return NOT_TODAY
    low = max(0.0, (expect + SLACK_MIN) * ratios[0] - SLACK_MIN)
    high = max(low + 1, (expect + SLACK_MIN) * ratios[1] - SLACK_MIN)
    last = math.floor(closes_in)
    low_r, high_r = _round(low, False), min(_round(high, True), last)
    if high_r <= low_r:
        low_r = max(0, min(low_r, high_r - 1))
    return Band(low_r, max(high_r, 1), round(expect, 1))


def band_for(day: BandDay, ticket_id: int, calibration: Calibration
             ) -> tuple[int, int] | None:
    """:func:`band_of` the run for *ticket_id* with the ratios of the visitors alike."""
    target = next((c for c in day.line if c.ticket_id == ticket_id), None)
    if target is None or day.usual <= 0:
        return None
    expect = call_in(day, ticket_id)
    if expect is None or math.isinf(expect):
        return band_of(expect, DEFAULT_RATIOS, day.closes_in)
    mine = ratios_for(calibration, target.service_id, expect, day.clock)
    return band_of(expect, mine, day.closes_in)


def said(band: tuple[int, int] | None, ahead: int) -> tuple[int, int] | None:
    """The band a visitor with *ahead* people before her is told: ``(0, 0)`` with nobody
    ahead (unless the run does not call her today), else *band*."""
    if ahead > 0 or band is None or band == NOT_TODAY:
        return band
    return (0, 0)


def usual_minutes(samples: Mapping[int, Sequence[float]]) -> tuple[dict[int, float], float]:
    """Each service's usual minutes of a visit (the mean of its recent ones) and the
    office's for a service without any (0: fewer than :data:`MIN_VISITS` in all)."""
    out: dict[int, float] = {}
    every: list[float] = []
    for sid, values in samples.items():
        kept = [v for v in values if v > 0]
        if kept:
            out[sid] = sum(kept) / len(kept)
            every += kept
    return out, sum(every) / len(every) if len(every) >= MIN_VISITS else 0.0
