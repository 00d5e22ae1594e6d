"""Queue policy: which waiting ticket a counter calls next (the database selects the
candidates, the choice is one rule here); the wait band's run replays it (``core.band``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any


class PriorityPolicy(str, Enum):
    #: Priority tickets go before normal ones at every counter that serves the service.
    FIRST_EVERYWHERE = "first_everywhere"
    #: Priority tickets are called only at counters marked as priority counters (while
    #: one serves their service; none serving, any counter calls them first).
    PRIORITY_COUNTER_ONLY = "priority_counter_only"
    #: SOP 004: a priority ticket goes to the priority counter serving its service; if
    #: none serves now, or after :data:`PRIORITY_FALLBACK` there, any counter calls it first.
    PRIORITY_COUNTER_FIRST = "priority_counter_first"


#: How long a priority ticket waits for a busy priority counter before any may call it:
#: half the office's promise (``priority_promise_min``, 10 by default).
PRIORITY_FALLBACK = timedelta(minutes=5)


def fallback_of(settings: Mapping[str, Any] | None) -> timedelta:
    """Half the office's priority promise (:data:`PRIORITY_FALLBACK` when not read)."""
    promise = (settings or {}).get("priority_promise_min")
    return timedelta(minutes=promise / 2) if isinstance(promise, int) and promise > 0 \
        else PRIORITY_FALLBACK


@dataclass(frozen=True)
class PriorityOrder:
    """When a priority ticket goes before regular ones: ``"always"``; ``"ratio:2"`` (one
    after every 2 regular calls at a counter); ``"after:10"`` (first once it waited 10 min)."""

    kind: str = "always"
    n: int = 0
    #: the office's promise (``priority_promise_min``): a priority visitor is called
    #: within these minutes, published with the rule (0: not said)
    promise: int = 0

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
        """The rule office *settings* publish; None: none read yet, or no rule in them."""
        try:
            order = cls.parse(settings.get("priority_order")) if settings else None
        except ValueError:
            return None
        promise = settings.get("priority_promise_min") if settings else None
        return replace(order, promise=promise) if order and type(promise) is int else order

    def __str__(self) -> str:
        return self.kind if self.kind == "always" else f"{self.kind}:{self.n}"


ORDER_KINDS = ("always", "ratio", "after")


def order_text(order: PriorityOrder, t=None) -> str:
    """The rule in one line, as the TV, the kiosk and the ticket publish it."""
    if t is None:
        from ult_desktop.core.i18n import tr as t
    rule = t(f"priority.rule.{order.kind}", n=order.n)  # (:data:`ORDER_KINDS`)
    return rule + t("priority.promise", min=order.promise) if order.promise else rule


@dataclass(frozen=True)
class Candidate:
    """What the policy needs to know about a waiting ticket."""

    ticket_id: int
    service_id: int
    priority: bool
    sort_at: datetime  # original issue time; transfers keep it
    target_counter: int | None = None
    target_officer_id: int | None = None
    #: when it was sent to that counter or officer (None: not sent, or not kept)
    routed_at: datetime | None = None

    @classmethod
    def of(cls, t) -> Candidate:
        """What the policy reads of ticket *t* (``core.tickets.Ticket``)."""
        return cls(ticket_id=t.id, service_id=t.service_id, priority=t.priority,
                   sort_at=t.sort_at, target_counter=t.target_counter,
                   target_officer_id=t.target_officer_id, routed_at=t.routed_at)


def kept_for(t, policy: PriorityPolicy, route_wait: timedelta,
             fallback: timedelta = PRIORITY_FALLBACK) -> tuple[str, datetime | None] | None:
    """Why waiting ticket *t* (``core.tickets.Ticket``), which a counter may not call yet,
    is kept, and until when: sent to a counter or an officer (``"counter"``,
    ``"officer"``: for *route_wait*), reported back (``"returned"``: behind some numbers
    of its line), kept for the priority desks (``"priority"``: until the fallback when
    *policy* is priority-counter-first, else as long as the policy keeps it)."""
    if t.target_counter is not None and t.routed_at:
        return "counter", t.routed_at + route_wait
    if t.target_officer_id is not None and t.routed_at:
        return "officer", t.routed_at + route_wait
    if t.returned_at is not None:
        return "returned", None
    if t.priority:
        return "priority", t.sort_at + fallback \
            if policy == PriorityPolicy.PRIORITY_COUNTER_FIRST else None
    return None


#: How long a ticket sent to a counter or officer waits for them (``route_wait_min``).
ROUTE_WAIT = timedelta(minutes=15)


@dataclass(frozen=True)
class CounterView:
    number: int
    service_ids: frozenset[int]
    priority_counter: bool = False
    officer_id: int | None = None
    #: the services some priority counter that serves now (``core.desks``) calls
    priority_desk_services: frozenset[int] = frozenset()
    #: PRIORITY_COUNTER_FIRST: the moment of the call (for the fallback)
    now: datetime | None = None
    #: when priority goes first; for ``ratio``, regular calls since the last priority one
    order: PriorityOrder = PriorityOrder()
    regular_run: int = 0
    #: services with a rule of their own (service id -> order), over the office's
    orders: dict = field(default_factory=dict)
    #: how long a routed ticket waits for its counter or officer
    route_wait: timedelta = ROUTE_WAIT
    #: the officers the one at this counter stands in for today
    covers: frozenset[int] = frozenset()
    #: how long a busy priority desk holds a priority ticket (:func:`fallback_of`)
    fallback: timedelta = PRIORITY_FALLBACK
    #: the services an active priority counter nobody serves now was there for (and no
    #: priority counter that serves): any desk that serves calls their priority visitors
    orphaned: frozenset[int] = frozenset()
    #: the counters that serve now (None: not known): a visitor sent to a desk nobody
    #: serves is not kept for it, she is back in her line at once
    serving: frozenset[int] | None = None


def routed(c: Candidate, counter: CounterView) -> bool:
    """Is *c* still waiting for the counter or officer it was sent to (within route_wait)?"""
    if c.target_counter is None and c.target_officer_id is None:
        return False
    if c.target_counter is not None and counter.serving is not None and \
            c.target_counter not in counter.serving:
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
        # the priority desk nobody serves was there for her: any desk that serves calls her
        return c.priority and c.service_id in counter.orphaned and \
            policy is not PriorityPolicy.FIRST_EVERYWHERE
    if c.priority and policy is PriorityPolicy.PRIORITY_COUNTER_ONLY:
        # a priority desk nobody serves keeps no one: she goes first at any desk
        return counter.priority_counter or c.service_id not in counter.priority_desk_services
    if c.priority and policy is PriorityPolicy.PRIORITY_COUNTER_FIRST \
            and not counter.priority_counter \
            and c.service_id in counter.priority_desk_services:
        return counter.now is not None and counter.now - c.sort_at >= counter.fallback
    return True


def priority_desks(counters: Iterable[CounterView], service_id: int,
                   policy: PriorityPolicy, orphaned: frozenset[int] = frozenset()
                   ) -> list[int]:
    """Where a priority ticket of *service_id* is called, given the *counters* that serve
    now (``core.desks``; printed on it, said on the TV and the phone): the priority
    counters among them that serve it, else every one that serves it, or every one when
    the service is *orphaned* (its priority desk nobody serves: she goes first there);
    empty when the policy calls priority everywhere or no desk serves it."""
    if policy is PriorityPolicy.FIRST_EVERYWHERE:
        return []
    mine = [c for c in counters if service_id in c.service_ids or service_id in orphaned]
    return sorted(c.number for c in mine if c.priority_counter) or \
        sorted(c.number for c in mine)


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
    return min((c for c in candidates if eligible(c, counter, policy)),
               key=lambda c: order_key(c, counter, policy), default=None)


def line_prefix(settings: Mapping[str, Any], service: str, priority: bool, *,
                followup: bool = False, services: Iterable[str] = ()) -> str:
    """The prefix a ticket of *service* (its prefix) is numbered under: the office's
    priority prefix for a priority visitor; for a follow-up visit's check-in the office's
    follow-up prefix (its own numbers from 1: never a number past those the kiosks hold
    for the day's walk-ins), unless a service (of *services*) or priority uses it."""
    own = settings.get("followup_prefix") if followup else None
    if priority:
        return settings["priority_prefix"]
    return own if own and own not in services and own != settings["priority_prefix"] \
        else service


def held_estimate(in_line: tuple[int, int], band: tuple[int, int] | None, unlanded: Iterable,
                  touch) -> tuple[int, tuple[int, int] | None]:
    """People ahead of a ticket a kiosk made from its held numbers (*touch*) and its wait
    band: the start screen's count of its line (*in_line*: regular, priority) and the
    kiosk's own touches of that line made before it, not landed yet; the start screen's
    *band* only for a regular visitor with none of those ahead."""
    ahead = in_line[1 if touch.priority else 0] + sum(
        1 for t in unlanded if t.service == touch.service and t.priority == touch.priority
        and t.touched_at < touch.touched_at)
    return ahead, band if ahead == in_line[0] and not touch.priority else None


def position_in_line(ticket: Candidate, waiting: Sequence[Candidate]) -> int:
    """How many of *waiting* (same service) will be called before *ticket*."""
    mine = (not ticket.priority, ticket.sort_at, ticket.ticket_id)
    return sum(1 for o in waiting if o.ticket_id != ticket.ticket_id and o.service_id ==
               ticket.service_id and (not o.priority, o.sort_at, o.ticket_id) < mine)


#: Why a counter may call a ticket out of turn (counted per officer; "other": typed).
CALL_REASONS = ("appointment", "returning", "specialist", "other")

#: Why a counter is paused: ISHOMA, a meeting, duty outside, or the officer's words.
PAUSE_REASONS = ("ishoma", "rapat", "tugas_luar", "other")
#: Words an officer may type for a reason of the list (the CLI's ``--reason istirahat``).
PAUSE_ALIASES = {"istirahat": "ishoma", "break": "ishoma", "jumatan": "ishoma", "meeting": "rapat",
                 "tugas": "tugas_luar", "lainnya": "other"}

def wait_text(band: tuple[int, int] | None, t=None, *, ticket: bool = False) -> str:
    """*band* in words ("sekitar 10–20 menit"; "mungkin tidak terlayani hari ini" for a
    band ``(-1, -1)``, ``core.band.NOT_TODAY``); "" for none. *t*: the screen's translator;
    *ticket*: the ticket's sentence ("Perkiraan waktu tunggu: ...")."""
    if t is None:
        from ult_desktop.core.i18n import tr as t
    if band is None or tuple(band) == (0, 0):
        return ""
    low, high = band
    if low < 0:
        return t("wait.ticket.not_today" if ticket else "wait.not_today")
    if low <= 0:
        return t("wait.ticket.under" if ticket else "wait.band.under", high=high)
    return t("wait.ticket" if ticket else "wait.band", low=low, high=high)
