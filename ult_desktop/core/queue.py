"""Queue policy: which waiting ticket a counter calls next, and wait estimates.

The database layer selects the candidates (waiting tickets of the counter's services);
the choice among them is made here so that it is one rule, tested without SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum


class PriorityPolicy(str, Enum):
    #: Priority tickets go before normal ones at every counter that serves the service.
    FIRST_EVERYWHERE = "first_everywhere"
    #: Priority tickets are called only at counters marked as priority counters.
    PRIORITY_COUNTER_ONLY = "priority_counter_only"
    #: SOP 004: a priority ticket goes to the priority counter (loket prioritas) that
    #: serves its service; where the office has none for that service, or the ticket has
    #: waited :data:`PRIORITY_FALLBACK` without being called there (nobody at the
    #: priority counter), any counter calls it first.
    PRIORITY_COUNTER_FIRST = "priority_counter_first"


#: How long a priority ticket waits for its priority counter before any counter may call
#: it (PRIORITY_COUNTER_FIRST): a vulnerable visitor never waits longer because the
#: priority counter is unattended.
PRIORITY_FALLBACK = timedelta(minutes=10)


@dataclass(frozen=True)
class PriorityOrder:
    """When a priority ticket is called before regular ones, as an office
    says it: ``always`` first; ``ratio`` one priority after every *n* regular calls at a
    counter; ``after`` in turn like everyone, and first once it waited *n* minutes.
    Stored as text: ``"always"``, ``"ratio:2"``, ``"after:10"``."""

    kind: str = "always"
    n: int = 0

    @classmethod
    def parse(cls, text: str | None) -> PriorityOrder:
        """:raises ValueError: not one of the three forms (n from 1 to 120)."""
        kind, _, n = (text or "always").strip().lower().partition(":")
        if kind == "always" and not n:
            return cls()
        if kind in ("ratio", "after") and n.isdigit() and 1 <= int(n) <= 120:
            return cls(kind, int(n))
        raise ValueError(f"not a priority order: {text!r}")

    @classmethod
    def of(cls, settings: dict | None) -> PriorityOrder | None:
        """The rule office *settings* (or a ticket's paper settings) publish; None: no
        settings read yet, or no rule in them."""
        try:
            return cls.parse(settings.get("priority_order")) if settings else None
        except ValueError:
            return None

    def __str__(self) -> str:
        return self.kind if self.kind == "always" else f"{self.kind}:{self.n}"


ORDER_KINDS = ("always", "ratio", "after")


def order_text(order: PriorityOrder, t=None) -> str:
    """The rule in one line, as the TV, the kiosk and the ticket publish it."""
    if t is None:
        from ult_desktop.core.i18n import tr as t
    if order.kind == "ratio":
        return t("priority.rule.ratio", n=order.n)
    if order.kind == "after":
        return t("priority.rule.after", n=order.n)
    return t("priority.rule.always")


@dataclass(frozen=True)
class Candidate:
    """What the policy needs to know about a waiting ticket."""

    ticket_id: int
    service_id: int
    priority: bool
    sort_at: datetime  # original issue time; transfers keep it
    target_counter: int | None = None
    target_officer_id: int | None = None
    #: when it was sent to that counter or officer (None: not sent, or before this was
    #: kept: it waits for them as before)
    routed_at: datetime | None = None


#: How long a ticket sent to a counter or an officer waits for them before any counter
#: of its service may call it (the office's ``route_wait_min``).
ROUTE_WAIT = timedelta(minutes=15)


@dataclass(frozen=True)
class CounterView:
    number: int
    service_ids: frozenset[int]
    priority_counter: bool = False
    officer_id: int | None = None
    #: PRIORITY_COUNTER_FIRST: the services some active priority counter serves
    priority_desk_services: frozenset[int] = frozenset()
    #: PRIORITY_COUNTER_FIRST: the moment of the call (for the fallback)
    now: datetime | None = None
    #: when priority goes first and, for ``ratio``, the regular calls made
    #: at this counter since its last priority call
    order: PriorityOrder = PriorityOrder()
    regular_run: int = 0
    #: services with a rule of their own (service id -> order), over the office's
    orders: dict = field(default_factory=dict)
    #: how long a routed ticket waits for its counter or officer
    route_wait: timedelta = ROUTE_WAIT
    #: the officers the one at this counter stands in for today
    covers: frozenset[int] = frozenset()


def routed(c: Candidate, counter: CounterView) -> bool:
    """Is *c* still waiting for the counter or officer it was sent to? (after
    ``route_wait`` it is back with its service)"""
    if c.target_counter is None and c.target_officer_id is None:
        return False
    return c.routed_at is None or counter.now is None or \
        counter.now - c.routed_at < counter.route_wait


def eligible(c: Candidate, counter: CounterView, policy: PriorityPolicy) -> bool:
    """May *counter* call candidate *c* at all?"""
    if routed(c, counter):
        if c.target_counter is not None:
            return c.target_counter == counter.number
        return c.target_officer_id == counter.officer_id or \
            c.target_officer_id in counter.covers
    if c.service_id not in counter.service_ids:
        return False
    if c.priority and policy is PriorityPolicy.PRIORITY_COUNTER_ONLY:
        return counter.priority_counter
    if c.priority and policy is PriorityPolicy.PRIORITY_COUNTER_FIRST \
            and not counter.priority_counter \
            and c.service_id in counter.priority_desk_services:
        return counter.now is not None and counter.now - c.sort_at >= PRIORITY_FALLBACK
    return True


def priority_desks(counters: Iterable[CounterView], service_id: int,
                   policy: PriorityPolicy) -> list[int]:
    """The numbers of the priority counters a priority ticket of *service_id* is sent to
    (what its ticket says: "Silakan menuju Loket Prioritas (Loket 3)"); empty when the
    policy calls priority tickets at every counter or no priority counter serves it."""
    if policy is PriorityPolicy.FIRST_EVERYWHERE:
        return []
    return sorted(c.number for c in counters
                  if c.priority_counter and service_id in c.service_ids)


def order_key(c: Candidate, counter: CounterView, policy: PriorityPolicy):
    """Sort key: tickets sent to this counter/officer first, then priority as the
    office's order says (:class:`PriorityOrder`), then oldest."""
    directed = routed(c, counter)
    order = counter.orders.get(c.service_id, counter.order)
    first = c.priority
    if order.kind == "after":
        first = c.priority and counter.now is not None and \
            counter.now - c.sort_at >= timedelta(minutes=order.n)
    elif order.kind == "ratio":
        first = c.priority == (counter.regular_run >= order.n)
    return (not directed, not first, c.sort_at, c.ticket_id)


def choose_next(candidates: Iterable[Candidate], counter: CounterView,
                policy: PriorityPolicy = PriorityPolicy.FIRST_EVERYWHERE) -> Candidate | None:
    """The ticket *counter* should call next, or ``None`` if nobody is waiting for it."""
    pool = [c for c in candidates if eligible(c, counter, policy)]
    if not pool:
        return None
    return min(pool, key=lambda c: order_key(c, counter, policy))


def position_in_line(ticket: Candidate, waiting: Sequence[Candidate]) -> int:
    """How many of *waiting* (same service) will be called before *ticket*.

    Priority tickets ahead count; a normal ticket does not count priority tickets
    issued after it only if they are not priority (they jump the line by policy).
    """
    ahead = 0
    for other in waiting:
        if other.ticket_id == ticket.ticket_id or other.service_id != ticket.service_id:
            continue
        if (not other.priority, other.sort_at, other.ticket_id) < (
                not ticket.priority, ticket.sort_at, ticket.ticket_id):
            ahead += 1
    return ahead


#: Why a counter may call a ticket out of turn: kept with the call, counted
#: per officer in the report. "other" carries the officer's words.
CALL_REASONS = ("appointment", "returning", "specialist", "other")

#: Why a counter is paused: ISHOMA (istirahat, sholat, makan), a meeting,
#: duty outside the office, or the officer's words.
PAUSE_REASONS = ("ishoma", "rapat", "tugas_luar", "other")
#: Words an officer may type for a reason of the list (the CLI's ``--reason istirahat``).
PAUSE_ALIASES = {"istirahat": "ishoma", "break": "ishoma", "meeting": "rapat",
                 "tugas": "tugas_luar", "lainnya": "other"}

#: Fewer recent visits of a service than this: no wait is promised, only the people ahead.
MIN_RECENT_VISITS = 5
#: A band's ends are rounded out to this many minutes.
BAND_STEP_MIN = 5


def wait_band(ahead: int, recent_service_minutes: Sequence[float],
              open_counters: int = 1) -> tuple[int, int] | None:
    """How long someone with *ahead* people before them may wait, as a band of minutes
    ``(low, high)`` (never a single false minute), or None when it cannot be
    said honestly: too few recent visits of the same service (``MIN_RECENT_VISITS``), or
    no counter serving it now. ``(0, 0)``: nobody ahead.

    The band spreads the middle half of the recent service times (their quartiles) over
    the counters serving the service, rounded out to ``BAND_STEP_MIN``; ``low`` 0 reads
    "less than *high* minutes"."""
    if open_counters < 1:
        return None
    if ahead <= 0:
        return (0, 0)
    sample = sorted(m for m in recent_service_minutes if m > 0)
    if len(sample) < MIN_RECENT_VISITS:
        return None
    q1, q3 = sample[len(sample) // 4], sample[(3 * len(sample)) // 4]
    low = ahead * q1 / open_counters
    high = max(ahead * q3 / open_counters, low + 1)
    step = BAND_STEP_MIN
    low_r = int(low // step) * step
    high_r = max(-(-int(high) // step) * step, low_r + step)
    return (low_r, high_r)


def wait_text(band: tuple[int, int] | None, t=None, *, ticket: bool = False) -> str:
    """*band* in words ("sekitar 10–20 menit", "kurang dari 5 menit"); "" for none.
    *t*: the screen's translator (``t(key, **params)``; default: the program's language);
    *ticket*: the sentence for the ticket ("Perkiraan waktu tunggu: ...")."""
    if t is None:
        from ult_desktop.core.i18n import tr as t
    if band is None or band == (0, 0):
        return ""
    low, high = band
    if low <= 0:
        return t("wait.ticket.under" if ticket else "wait.band.under", high=high)
    return t("wait.ticket" if ticket else "wait.band", low=low, high=high)
