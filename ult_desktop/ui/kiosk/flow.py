"""The kiosk's flows as plain objects (no Qt, no database): what a touch does, the admin door.

The window asks the flow what to do, runs the work it names, tells it the answer and
draws its page. :class:`VisitorFlow`: one touch, one ticket; touches in the short guard
after a ticket are ignored; a retry after a connection failure repeats the *same* request
(the first may have committed with the reply lost); the number stays until the printer
answered. :class:`PinDoor`: the admin keypad; wrong PINs lock it a while, and answers to
an abandoned check are ignored."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The kiosk's pages, in the order of the window's page stack (the SKM survey page is
#: added last, when a visitor first opens it). CONFIRM: the spoken mode's "you chose ...".
START, PRIORITY, TICKET, MESSAGE, PIN, SETTINGS, CONFIRM, SURVEY = range(8)
#: The touch keypad for a visit's code or a ticket's number (added to the stack when
#: first opened, like the survey: shown by its widget, not its index).
KEYPAD = 8

#: A touch on the same service this soon after a connection failure is a retry of the
#: same request (its ticket may already be committed).
RETRY_SAME_REQUEST_S = 120
MAX_PIN_LENGTH = 12
MIN_PIN_LENGTH = 4


@dataclass(frozen=True)
class PendingRequest:
    service: str
    priority: bool
    since: float
    request_id: str


class WrongTries:
    """Wrong tries in a row (codes typed or scanned, admin PINs): after *allowed* of them
    none is taken for *lock_s* seconds, so nobody can try one after another; *clock*:
    monotonic seconds (tests pass their own)."""

    def __init__(self, allowed: int, lock_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.allowed, self.lock_s, self.clock = allowed, lock_s, clock
        self.wrong = 0
        self.until = 0.0

    def locked_for(self) -> float:
        """Seconds before a try is taken again (0: now)."""
        return max(0.0, self.until - self.clock())

    def wait_s(self) -> int:
        """:meth:`locked_for` in whole seconds, rounded up."""
        return int(self.locked_for() + 0.999)

    def failed(self) -> bool:
        """A wrong try (a code named nothing, a PIN no admin's): True when it locked."""
        self.wrong += 1
        if self.wrong < self.allowed:
            return False
        self.wrong = 0
        self.until = self.clock() + self.lock_s
        return True


class VisitorFlow:
    """The visitor's path through the kiosk: choose, issue, print, show, back to start.
    *station_name* prefixes request ids; touches within *guard_s* after a ticket or an
    error are ignored; *clock*: monotonic seconds (tests pass their own)."""

    def __init__(self, station_name: str, *, guard_s: float, retry_s: float =
                 RETRY_SAME_REQUEST_S, clock: Callable[[], float] = time.monotonic):
        self.station_name = station_name
        self.guard_s = guard_s
        self.retry_s = retry_s
        self.clock = clock
        self.page = START
        self.in_flight = False
        self.guard_until = 0.0
        self.pending: PendingRequest | None = None
        self.issued: Any = None             # model.IssuedTicket on screen
        self.print_outcome: Any = None      # paper.PrintOutcome, None while printing
        self.ignored_touches = 0
        self.priority_group: str | None = None
        self.priority_step = 0              # 0: who is it for, 1: which service
        self.choice: tuple[str, bool] | None = None   # (service, priority) to confirm

    # -- may a visitor act? ----------------------------------------------------------------
    @staticmethod
    def can_issue(online: bool, state: Any) -> bool:
        """Connected, the start screen's data read, the office open with a service free."""
        return online and state is not None and state.any_available

    def guarded(self) -> bool:
        return self.clock() < self.guard_until

    def accepting(self, online: bool, state: Any) -> bool:
        """May a touch issue a ticket now? (one touch = one ticket)"""
        return (not self.in_flight and not self.guarded() and self.can_issue(online, state)
                and self.page in (START, PRIORITY, CONFIRM))

    # -- issuing -------------------------------------------------------------------------
    def touch(self, service: str, priority: bool, *, online: bool, state: Any) -> str | None:
        """A service was touched: the request id to issue with, or None (ignored)."""
        if not self.accepting(online, state):
            self.ignored_touches += 1
            return None
        self.in_flight = True
        return self._request_id(service, priority)

    def _request_id(self, service: str, priority: bool) -> str:
        now, p = self.clock(), self.pending
        if p and (p.service, p.priority) == (service, priority) and now - p.since < self.retry_s:
            return p.request_id
        self.pending = PendingRequest(service, priority, now,
                                      f"{self.station_name}:{uuid.uuid4().hex}")
        return self.pending.request_id

    def issued_ok(self, issued: Any) -> None:
        """The ticket is committed: show it, wait for the printer."""
        self.in_flight = False
        self.pending = None
        self.guard_until = self.clock() + self.guard_s
        self.issued = issued
        self.print_outcome = None
        self.page = TICKET

    def issue_failed(self, *, connection_problem: bool) -> None:
        """No ticket shown. After a connection problem the same touch is a retry of the
        same request; a refusal by a rule (closed, quota) issued nothing to retry."""
        self.in_flight = False
        self.guard_until = self.clock() + self.guard_s
        if not connection_problem:
            self.pending = None
        self.page = MESSAGE

    def printed(self, ticket_id: int, outcome: Any) -> bool:
        """The printer answered for *ticket_id*; False if that visitor has gone already."""
        if self.issued is None or self.issued.ticket.id != ticket_id:
            return False
        self.print_outcome = outcome
        return True

    def waiting_for_printer(self) -> bool:
        return self.issued is not None and self.print_outcome is None

    # -- moving between pages ----------------------------------------------------------------
    def leave_ticket(self) -> bool:
        """"Selesai" on the ticket or "Kembali" on a message: True to go back to start."""
        if self.guarded():
            if self.page == TICKET:
                self.ignored_touches += 1
            return False
        return True

    def go_start(self, *, guard_s: float = 0.0) -> None:
        """Back to the start page. *guard_s*: leaving a number or a message, on its own or
        by "Selesai", touches for that long are ignored, so a late tap where "Selesai" was
        (the start page's priority banner lies under it) opens nothing."""
        self.guard_until = max(self.guard_until, self.clock() + guard_s)
        self.page = START
        self.issued = None
        self.priority_group = None
        self.priority_step = 0
        self.choice = None

    def between_visitors(self) -> bool:
        """On the start page with nothing under way: no touch being issued or guarded
        against, no number shown (a running kiosk's safe moment to switch versions)."""
        return (self.page == START and not self.in_flight and self.pending is None
                and self.issued is None and not self.guarded())

    def idle(self) -> bool:
        """Nobody touched for a while: True to go back to start (a number stays shown;
        the survey keeps its own, longer idle time)."""
        return self.page not in (TICKET, SURVEY)  # KEYPAD: back to start like the others

    def open_priority(self, *, online: bool, state: Any) -> bool:
        if not self.accepting(online, state):
            self.ignored_touches += 1
            return False
        self.page = PRIORITY
        self.priority_step = 0
        return True

    def pick_group(self, kind: str) -> None:
        """Who the priority ticket is for; then how the visitor is met (waiting seated,
        Deaf) and the service, even when only one is open."""
        self.priority_group = kind
        self.priority_step = 1

    def confirm(self, service: str, priority: bool) -> None:
        """The spoken mode: the choice is said back before a ticket is printed."""
        self.choice = (service, priority)
        self.page = CONFIRM

    def confirm_back(self) -> None:
        """Back from the confirmation to where the service was chosen."""
        priority = self.choice is not None and self.choice[1]
        self.choice = None
        self.page = PRIORITY if priority else START
        if not priority:
            self.priority_group = None

    def priority_back(self) -> bool:
        """Back on the priority page: True when it leaves the page altogether."""
        if self.priority_step == 1:
            self.priority_step = 0
            return False
        return True

    def open_admin(self) -> bool:
        """The corner gesture: False while the admin pages are already open."""
        if self.page in (PIN, SETTINGS):
            return False
        self.page = PIN
        return True


class PinDoor(WrongTries):
    """The admin keypad's state: digits, failures, lockout, the check running. Each PIN
    gets a token; an answer counts only while its token is pending (a late database
    answer after the kept hashes decided is ignored)."""

    def __init__(self, *, max_failures: int, lockout_s: float,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(max_failures, lockout_s, clock)
        self.pin = ""
        self._token = 0
        self.pending: tuple[int, str] | None = None

    def reset(self) -> None:
        """A fresh keypad (answers to the previous one will be ignored)."""
        self.pin = ""
        self.pending = None

    def digit(self, d: str) -> None:
        if len(self.pin) < MAX_PIN_LENGTH:
            self.pin += d

    def clear(self) -> None:
        self.pin = ""

    def submit(self) -> tuple[int, str] | None:
        """The (token, PIN) to check, or None when the PIN is too short (a wrong PIN
        at once: call :meth:`answer` with no token) or the keypad is locked."""
        pin, self.pin = self.pin, ""
        if self.locked_for() or len(pin) < MIN_PIN_LENGTH:
            return None
        self._token += 1
        self.pending = (self._token, pin)
        return self.pending

    def is_pending(self, token: int) -> bool:
        return self.pending is not None and self.pending[0] == token

    def answer(self, token: int | None, admin: Any) -> str | None:
        """Record the answer: ``"ok"``, ``"wrong"``, ``"locked"`` (too many wrong), or
        None when the answer is stale (ignored)."""
        if token is not None:
            if not self.is_pending(token):
                return None
            self.pending = None
        if admin is not None:
            self.wrong = 0
            return "ok"
        return "locked" if self.failed() else "wrong"

    def give_up(self) -> None:
        """No way to check the pending PIN (no database, no kept hashes)."""
        self.pending = None
