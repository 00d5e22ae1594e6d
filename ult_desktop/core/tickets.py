"""Tickets, their states and the transitions the queue allows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class TicketState(str, Enum):
    WAITING = "waiting"          # menunggu
    CALLED = "called"            # dipanggil
    SERVING = "serving"          # dilayani
    DONE = "done"                # selesai
    SKIPPED = "skipped"          # dilewati (no-show; may be recalled the same day)
    TRANSFERRED = "transferred"  # dialihkan: waiting again at another service/counter/officer
    ESCALATED = "escalated"      # eskalasi to back office / unit utama
    CANCELLED = "cancelled"      # dibatalkan

    def __str__(self) -> str:
        return self.value


S = TicketState

#: States in which a ticket is in line to be called.
QUEUED_STATES = frozenset({S.WAITING, S.TRANSFERRED})
#: States in which a ticket occupies a counter.
AT_COUNTER_STATES = frozenset({S.CALLED, S.SERVING})
#: States that end a ticket's day.
FINAL_STATES = frozenset({S.DONE, S.ESCALATED, S.CANCELLED})
#: States in which a ticket's priority may be corrected (in line, at a counter, missed).
RECLASSIFIABLE = QUEUED_STATES | AT_COUNTER_STATES | {S.SKIPPED}

TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    S.WAITING: frozenset({S.CALLED, S.TRANSFERRED, S.CANCELLED}),
    S.TRANSFERRED: frozenset({S.CALLED, S.TRANSFERRED, S.CANCELLED}),
    # called -> called is a recall
    S.CALLED: frozenset({S.CALLED, S.SERVING, S.SKIPPED, S.TRANSFERRED, S.CANCELLED,
                         S.DONE}),
    S.SERVING: frozenset({S.DONE, S.ESCALATED, S.TRANSFERRED, S.CANCELLED}),
    # skipped -> waiting: the visitor reported back (re-enters after some numbers)
    S.SKIPPED: frozenset({S.CALLED, S.WAITING, S.CANCELLED}),
    S.DONE: frozenset(),
    S.ESCALATED: frozenset(),
    S.CANCELLED: frozenset(),
}
#: A visitor handed to the counter the record gives an offline call conflict to (also
#: one marked no-show at another counter offline, then called there).
HANDOVERS: dict[TicketState, frozenset[TicketState]] = {
    state: frozenset({S.CALLED}) for state in (S.CALLED, S.SERVING, S.SKIPPED)}


#: The ministry's ULT procedure: a number is called three times, then the officer moves
#: on; a visitor who reports back later is called again after three more numbers.
MISSED_AFTER_CALLS = 3
RETURN_AFTER_NUMBERS = 3


def returned_held(returned: list[tuple[int, int, int]], candidates: list[tuple[int, int]],
                  after: int) -> frozenset[int]:
    """Ids of visitors who reported back and wait their turn again: *returned* holds
    (ticket id, service id, numbers of its service called since it reported back), each
    held until *after* numbers were called, or nobody else of its line waits;
    *candidates*: (ticket id, service id) of everyone waiting."""
    held = {tid: svc for tid, svc, since in returned if since < after}
    others = {svc for tid, svc in candidates if tid not in held}
    return frozenset(tid for tid, svc in held.items() if svc in others)


class InvalidTransition(ValueError):
    """A ticket was asked to move to a state its current state does not allow."""

    def __init__(self, number: str, current: TicketState, wanted: TicketState):
        super().__init__(f"{number}: {current.value} -> {wanted.value} is not allowed")
        self.number, self.current, self.wanted = number, current, wanted


#: The moves :data:`TRANSITIONS` allows, as (state, state) texts; those of a handover.
_MOVES = frozenset((a.value, b.value) for a, to in TRANSITIONS.items() for b in to)
_HANDED = frozenset((a.value, b.value) for a, to in HANDOVERS.items() for b in to)


def may_move(current: object, wanted: object, offline: bool) -> bool:
    """Whether a ticket may go from state *current* to *wanted*, as texts (the record's
    judge: a handover only when landing offline acts; a state kept: no move)."""
    return current == wanted or (current, wanted) in _MOVES or (
        offline and (current, wanted) in _HANDED)


def can_transition(current: TicketState, wanted: TicketState, *,
                   handover: bool = False) -> bool:
    """Whether *current* -> *wanted* is allowed (a *handover*: :data:`HANDOVERS`)."""
    return wanted in (HANDOVERS if handover else TRANSITIONS).get(TicketState(current), ())


def check_transition(number: str, current: TicketState, wanted: TicketState, *,
                     handover: bool = False) -> None:
    """Raise :class:`InvalidTransition` unless *current* -> *wanted* is allowed."""
    if not can_transition(current, wanted, handover=handover):
        raise InvalidTransition(number, TicketState(current), TicketState(wanted))


class Outcome(str, Enum):
    """How a served visit ended (Selesai)."""

    ANSWERED = "answered"    # dijawab langsung di front office
    CONSULTED = "consulted"  # dijawab di front office dengan jawaban back office (konsultasi)
    RESCHEDULED = "rescheduled"  # helpdesk: belum selesai, dijadwalkan ulang (SOP 000 l. 5)
    ESCALATED = "escalated"  # dieskalasi ke back office / unit utama
    REFERRED = "referred"    # dirujuk ke unit utama
    CANCELLED = "cancelled"  # dibatalkan

    def final_state(self) -> TicketState:
        return {Outcome.ESCALATED: S.ESCALATED, Outcome.CANCELLED: S.CANCELLED}.get(self, S.DONE)


#: Outcomes that leave a case to follow up (a tenggat, a receipt for the visitor).
FOLLOW_UP = frozenset({Outcome.ESCALATED.value, Outcome.REFERRED.value,
                       Outcome.RESCHEDULED.value})


class EventKind:
    """Kinds of rows in the append-only event log (also the change feed)."""

    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    SKIPPED = "skipped"
    SERVING = "serving"
    FINISHED = "finished"
    TRANSFERRED = "transferred"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"
    RECLASSIFIED = "reclassified"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    SETTINGS_CHANGED = "settings_changed"
    #: a kiosk claimed numbers to issue from its own disk / released the unused ones
    NUMBERS_RESERVED = "numbers_reserved"
    NUMBERS_RELEASED = "numbers_released"
    #: a counter went on a break (reason in data) / came back
    COUNTER_PAUSED = "counter_paused"
    COUNTER_RESUMED = "counter_resumed"
    #: a counter asks the issuing kiosk to print a ticket again (its print failed)
    REPRINT_REQUESTED = "reprint_requested"
    #: a visitor marked missed reported back (waits again behind some numbers)
    REPORTED_BACK = "reported_back"

    #: Events that make the lobby display announce a number.
    ANNOUNCED = frozenset({CALLED, RECALLED})


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    prefix: str
    seq: int
    day: str
    service_id: int
    service_prefix: str
    service_name: str
    priority: bool
    state: TicketState
    issued_at: datetime
    sort_at: datetime
    code: str
    called_at: datetime | None = None
    serving_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None
    officer_id: int | None = None
    outcome: str | None = None
    target_counter: int | None = None
    target_officer_id: int | None = None
    transfer_count: int = 0
    print_status: str | None = None
    print_error: str | None = None
    station: str | None = None
    #: the kelompok rentan group (``core.priority.GROUPS``); None: unknown or not priority
    priority_group: str | None = None
    #: when it was sent to a counter or an officer (it waits for them a while)
    routed_at: datetime | None = None
    #: how the visitor is helped (``core.priority.ASSISTS``: seat, deaf, spoken, large)
    assist: frozenset[str] = frozenset()
    #: when an officer fetched the visitor from the seat (served at the seat)
    fetched_at: datetime | None = None
    #: how many times it was called since it last waited (the desk shows "2 of 3")
    calls: int = 0
    #: when the visitor, marked missed, reported back (None: never today)
    returned_at: datetime | None = None
    #: the case whose follow-up visit this ticket checked in for (None: a walk-in)
    followup_case: int | None = None

    @property
    def waiting_since(self) -> datetime:
        """Since when the visitor waits: her place in line (``sort_at``), never before
        she came (a follow-up visitor is placed at her window's opening)."""
        return max(self.issued_at, self.sort_at)

    @property
    def fetching(self) -> bool:
        """Called to be fetched from the seat, not fetched yet: no no-show meanwhile."""
        return "seat" in self.assist and self.state is TicketState.CALLED and \
            self.fetched_at is None


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    ticket_id: int | None
    ticket_number: str | None
    service_prefix: str | None
    counter: int | None
    station: str
    at: datetime
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "ticket": self.ticket_number,
            "service": self.service_prefix,
            "counter": self.counter,
            "station": self.station,
            "time": self.at.isoformat(),
            **({"data": self.data} if self.data else {}),
        }
