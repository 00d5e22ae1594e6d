"""What the counter screen asks of the shared file: functions run on the Station worker as
``fn(db, ...)``, returning plain data, no Qt. A refresh is ONE ``db.read`` (one shared
lock); a queue action is its one write then that read (:func:`act`), and the feed's copy of
its own event is skipped (:func:`queue_news`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ult_desktop.app.trust_memory import other_journal_folders
from ult_desktop.core.dates import month_range
from ult_desktop.core.desks import SIGN_IN, SIGN_OUT
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.register import Case, Channel, Record, RecordInput
from ult_desktop.core.sop import StepSummary
from ult_desktop.core.tickets import MISSED_AFTER_CALLS, RETURN_AFTER_NUMBERS, Ticket, TicketState
from ult_desktop.db import errors, queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.journals.journal import adopt_journals
from ult_desktop.db.privacy.person import PERSON_CORRECTED, PERSON_ERASED
from ult_desktop.db.queue.breaks import DeskBreak, read_desk_break
from ult_desktop.db.queue.desk import HALL_MARKS, Kept, read_desk_queue, read_kept
from ult_desktop.db.queue.rows import read_pauses
from ult_desktop.db.queue.wait import read_told_not_today
from ult_desktop.db.record import audit, judged, station_keys
from ult_desktop.db.visit import cases, handover, register, visits

log = logging.getLogger(__name__)


@dataclass
class OfficeInfo:
    officers: list[office.Officer]
    counters: list[office.Counter]
    services: list[office.Service]
    settings: dict
    #: the office's root key id: its name on the LAN while the file is away
    root: str | None = None
    #: the desks this PC's key is registered for (None: any): the sign-in offers those
    desks: frozenset[int] | None = None


@dataclass
class CounterState:
    """One refresh of the queue panel."""

    day: str
    current: Ticket | None
    record: Record | None
    waiting: list[Ticket]          # waiting / transferred, in calling order
    skipped: list[Ticket]          # no-shows of today that may be recalled
    services: list[office.Service]  # the services this panel shows
    counters: dict[int, str] = field(default_factory=dict)
    #: the back office's answer about the visitor at the desk before its guest-book record
    desk_answer: str | None = None
    #: the newest event this state includes: the feed's events up to it are on screen
    last_event_id: int = 0
    #: this counter's break now ({reason, note, officer_id, since}), or None
    paused: dict | None = None
    #: today's tickets whose print failed: not waiting until printed again
    unprinted: list[Ticket] = field(default_factory=list)
    #: waiting tickets this counter may not call yet: (number, for whom, until "HH.MM")
    held: list[tuple[str, str, str]] = field(default_factory=list)
    #: ids of the waiting tickets this counter may call now (the queue's judgement)
    callable: frozenset[int] = frozenset()
    #: per service id: (waiting, of them priority, the longest waiting's sort time)
    summary: dict[int, tuple[int, int, datetime | None]] = field(default_factory=dict)
    #: ticket id: its row in the list (waiting, then skipped)
    rows: dict[int, int] = field(default_factory=dict)
    #: the office's calls before a visitor is marked missed (the desk shows "2 of 3")
    missed_after: int = MISSED_AFTER_CALLS
    #: the office's numbers a visitor who reported back waits behind
    return_after: int = RETURN_AFTER_NUMBERS
    #: ticket id -> who a follow-up visit brings back (``db.visit.visits.FollowUp``)
    followups: dict[int, Any] = field(default_factory=dict)
    #: the visitor at the desk and the first waiting ones whose paper said she may not be
    #: served today: the counter offers her a booked visit
    not_today: frozenset[int] = frozenset()
    #: the office's break that holds this desk now, and whether its officer serves on
    desk_break: DeskBreak | None = None
    #: the counters that serve now (``db.queue.serving``): Alihkan marks the others
    serving: frozenset[int] = frozenset()
    #: visitors sent to a desk or an officer and kept for them: number -> (whom, until)
    sent: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """The counts and rows, made where the state is read (the worker), so the screen
        shows them without walking the list."""
        if self.rows or not (self.waiting or self.skipped):
            return
        self.rows = {t.id: n for n, t in enumerate(self.waiting + self.skipped)}
        for t in self.waiting:
            count, priority, oldest = self.summary.get(t.service_id, (0, 0, None))
            self.summary[t.service_id] = (count + 1, priority + bool(t.priority),
                                          t.waiting_since if oldest is None else
                                          min(oldest, t.waiting_since))


@dataclass(frozen=True)
class Acted:
    """A queue action done: what its operation returned, and the queue after it."""

    result: Any               # the Ticket (None: nobody was waiting)
    state: CounterState


#: Event kinds that change the queue panel's lists (a sign-in: who serves, whom she calls).
QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "skipped", "serving", "finished",
                          "transferred", "escalated", "cancelled", "reclassified",
                          "settings_changed", "counter_paused", "counter_resumed",
                          "print_failed", "printed", SIGN_IN, SIGN_OUT, *HALL_MARKS})


#: A person erased or corrected at another station: every tab reads what it shows again.
PERSON_EVENTS = frozenset({PERSON_ERASED, PERSON_CORRECTED})


def office_info(db: Database) -> OfficeInfo:
    return db.read(lambda conn: OfficeInfo(
        officers=[o for o in office.read_officers(conn) if o.active],
        counters=[c for c in office.read_counters(conn) if c.active],
        services=office.read_services(conn, active_only=True),
        settings=office.read_settings(conn), root=station_keys.lan_trust(conn)[0],
        desks=judged.own_desks(conn)))


def lan_call(number: str, counter: int, root: str | None, db_path, *,
             act: datetime | None = None) -> bool:
    """Send the call signed with this PC's key for the office *root* (None: the root this PC pinned
    for *db_path*); *act*: the time of the call the record holds (None: kept on this PC while the
    file is away). False when there is no key or no root to send it with."""
    from ult_desktop.app import trust_memory
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.core.numbering import is_office_number
    from ult_desktop.devices import lan

    key = this_pc_key()
    root = root or trust_memory.load(db_path).root
    if key is None or not root or not is_office_number(number):
        return False
    lan.send(lan.signed_call(key, number=number, counter=counter, office=root, act=act))
    return True


def say_call(root: str | None, db_path) -> Callable[[Any], None]:
    """What :func:`act` does with its result: a call the record now holds goes out on
    the LAN too, so the TVs show it before their feed reads it."""
    def say(result: Any) -> None:
        if not (isinstance(result, Ticket) and result.state is TicketState.CALLED and
                result.called_at is not None and result.counter is not None):
            return
        try:  # the call is in the record: the LAN is only quicker news of it
            lan_call(result.number, result.counter, root, db_path, act=result.called_at)
        except Exception:  # a key or network fault never undoes the call
            log.exception("call %s not said on the LAN", result.number)
    return say


def login(db: Database, username: str, pin: str, counter: int | None = None
          ) -> office.Officer:
    """Sign in at *counter* (None: no desk, back office only).

    :raises RuleViolation: wrong name or PIN (one message for both)."""
    audited = audit.login_hook(db, audit.OFFICER_LOGIN, audit.OFFICER_LOGIN_FAILED, username,
                               counter=counter, screen="counter")
    covers: list = []

    def on_result(conn, officer) -> None:
        audited(conn, officer)
        if officer is not None:  # who they stand in for today, in the same write
            covers.extend(office.covers_today(conn, officer.id))

    officer = office.verify_pin(db, username, pin, on_result=on_result)
    if officer is None:
        raise errors.RuleViolation("counter.error.bad_login")
    # that officer's role and work are theirs too for those days
    return replace(officer, covers=tuple(covers)) if covers else officer


def land_desk(db: Database, journal) -> list:
    """The counter's acts kept while the file was away, written in one step;
    the acts set aside because another counter keeps that visitor."""
    told = journal.land(db)
    if not journal.adopted:  # this office's acts kept under another path or name
        adopt_journals(db, journal, other_journal_folders())
    return told


def logout(db: Database, username: str, counter: int | None = None) -> None:
    audit.record_session(db, audit.OFFICER_LOGOUT, username, counter=counter,
                         screen="counter")


def set_services(db: Database, counter: int, prefixes: list[str]) -> None:
    office.set_counter_services(db, number=counter, service_prefixes=prefixes)


def counter_state(db: Database, *, counter: int | None, officer_id: int | None) -> CounterState:
    """Today's queue as *counter* sees it (all services when *counter* is None): one
    read transaction."""
    return db.read(lambda conn: read_counter_state(conn, counter=counter,
                                                   officer_id=officer_id))


#: How many of the line (the desk's visitor first) the counter asks about their paper.
NOT_TODAY_READ = 300


def read_counter_state(conn, *, counter: int | None, officer_id: int | None) -> CounterState:
    """:func:`counter_state` inside the caller's read; a waiting ticket it may not call yet
    is listed with whom it is kept for and until when."""
    now = utc_now()
    desk = read_desk_queue(conn, counter=counter, officer_id=officer_id, now=now)
    all_services = office.read_services(conn, active_only=True)
    counters = office.read_counters(conn)
    ctr = next((c for c in counters if c.number == counter), None)
    mine = set(ctr.service_ids) if ctr else {s.id for s in all_services}
    tickets = desk.tickets

    def for_me(t: Ticket) -> bool:  # callable here, or of its services (one sent to
        return t.id in desk.callable or t.service_id in mine  # another desk: kept, until)

    current = None
    if counter is not None:
        current = next((t for t in tickets if t.counter == counter and
                        t.state in (TicketState.CALLED, TicketState.SERVING)), None)
    record, desk_answer = _at_desk(conn, current) if current else (None, None)
    waiting = [t for t in tickets if t.state in (TicketState.WAITING, TicketState.TRANSFERRED)
               and for_me(t)]
    skipped = [t for t in tickets if t.state is TicketState.SKIPPED and for_me(t)]
    routed = [t for t in tickets if t.state is TicketState.TRANSFERRED and t.routed_at and
              t.id not in desk.callable] if counter is not None else []
    return CounterState(
        day=desk.day, current=current, record=record,
        waiting=waiting, callable=desk.callable,
        held=_held(read_kept(conn, desk, [t for t in waiting if t.id not in desk.callable],
                             counters), desk.return_after, desk.settings["timezone"])
        if counter is not None else [],
        sent={n: (whom, until) for n, whom, until in _held(read_kept(
            conn, desk, routed, counters), desk.return_after, desk.settings["timezone"])},
        unprinted=[t for t in tickets if t.state in (TicketState.WAITING,
                                                     TicketState.TRANSFERRED)
                   and t.print_status == "failed"],
        skipped=skipped, followups=visits.read_followups(conn, [current, *waiting, *skipped]),
        not_today=read_told_not_today(conn, [t.id for t in [current, *waiting][:NOT_TODAY_READ]
                                             if t is not None]),
        services=[s for s in all_services if s.id in mine],
        counters={c.number: c.name for c in counters if c.active}, serving=desk.serving,
        desk_answer=desk_answer, last_event_id=queries.read_last_event_id(conn),
        missed_after=desk.missed_after, return_after=desk.return_after,
        paused=read_pauses(conn).get(counter) if counter is not None else None,
        desk_break=read_desk_break(conn, counter, now) if counter is not None else None)


def _held(kept: list[Kept], return_after: int, tz: str) -> list[tuple[str, str, str]]:
    """The desk's lines for the tickets it may not call yet: for whom, until when."""
    words = {"returned": tr("counter.held.returned", n=return_after),
             "priority": tr("counter.held.priority_counter")}
    return [(k.number, k.whom or words.get(k.why, ""),
             local_time(k.until, tz).strftime("%H.%M") if k.until else "") for k in kept]


def act(db: Database, operation: Callable[..., Any], *, desk: tuple[int | None, int | None],
        say: Callable[[Any], None] | None = None, **kwargs: Any) -> Acted:
    """A queue action: ``operation(db, **kwargs)`` (one write), said on the LAN (*say*:
    :func:`say_call`), then *desk*'s queue as it now is (one read)."""
    result = operation(db, **kwargs)
    if say is not None:
        say(result)
    counter, officer_id = desk
    return Acted(result, counter_state(db, counter=counter, officer_id=officer_id))


def queue_news(events: list, state: CounterState | None) -> bool:
    """Do the feed's *events* change the queue panel? Not its own action's (already in
    *state*); otherwise a queue event, or one about the visitor at the desk."""
    seen = state.last_event_id if state is not None else 0
    fresh = [e for e in events if e.id > seen]
    at_desk = state.current if state is not None else None
    return any(e.kind in QUEUE_EVENTS or (at_desk is not None and e.ticket_id == at_desk.id)
               for e in fresh)


def _at_desk(conn, current: Ticket) -> tuple[Record | None, str | None]:
    """The visitor at the desk's record and, while that has no answer, the back office's
    answer to a consultation about them: one read."""
    record = register.record_of_ticket(conn, current.id)
    if record is not None and record.data.answer:
        return record, None
    row = conn.execute("SELECT disposition FROM handovers WHERE ticket_id = ? AND "
                       "disposition IS NOT NULL ORDER BY id DESC LIMIT 1",
                       (current.id,)).fetchone()
    return record, row[0] if row else None


def save_walk_in(db: Database, *, ticket_id: int, record: RecordInput,
                 officer_id: int | None, base: RecordInput | None = None) -> Record:
    return register.save_record(db, record=record, channel=Channel.WALK_IN,
                                ticket_id=ticket_id, officer_id=officer_id, base=base)


def remote_records(db: Database) -> list[tuple[Record, Case | None]]:
    """Today's phone and online requests with their cases: one read."""
    def read(conn) -> list[tuple[Record, Case | None]]:
        day = queries.read_today(conn)
        records = [r for r in register.read_records_of_day(conn, day)
                   if r.channel is not Channel.WALK_IN]
        found = cases.read_cases_of_records(conn, records)
        return [(r, found.get(r.id)) for r in records]

    return db.read(read)


def case_list(db: Database) -> tuple[date, list[Case], int | None]:
    """Today, the open cases (and today's closed), and from November the year whose cuti
    bersama the office has not entered yet (due dates would be wrong), or None."""
    from ult_desktop.core.workdays import cuti_bersama_unknown

    def read(conn) -> tuple[date, list[Case], int | None]:
        day = date.fromisoformat(queries.read_today(conn))
        missing = None if day.month < 11 else cuti_bersama_unknown(
            day, cases.office_calendar(conn).extra)
        return day, cases.read_open_cases(conn, include_closed_since=day), missing

    return db.read(read)


def receipt(db: Database, *, record_id: int | None = None,
            ticket_id: int | None = None) -> list[str] | None:
    """The escalation receipt's lines for the screen (None: nothing went on)."""
    from ult_desktop.core.receipt import receipt_lines

    found = cases.receipt_for(db, record_id=record_id, ticket_id=ticket_id)
    return receipt_lines(found) if found is not None else None


# -- the back-office desk (backoffice_panel.py) -------------------------------------
@dataclass
class DeskState:
    """One refresh of the desk."""

    day: date
    timezone: str
    tickets: list[Ticket] = field(default_factory=list)      # transferred to me
    incoming: list[handover.Handover] = field(default_factory=list)  # for back office
    outgoing: list[handover.Handover] = field(default_factory=list)  # I handed over
    steps: list[StepSummary] = field(default_factory=list)
    #: LAPOR! reports due soon or late (``db.visit.cases.read_lapor_warnings``), for back office
    lapor: list[dict] = field(default_factory=list)


def desk_state(db: Database, *, officer_id: int, back_office: bool,
               front_office: bool) -> DeskState:
    """One refresh of the desk: one read transaction."""
    return db.read(lambda conn: read_desk_state(conn, officer_id=officer_id,
                                                back_office=back_office,
                                                front_office=front_office))


def read_desk_state(conn, *, officer_id: int, back_office: bool,
                    front_office: bool) -> DeskState:
    """:func:`desk_state` inside the caller's read."""
    day = date.fromisoformat(queries.read_today(conn))
    state = DeskState(day=day, timezone=office.read_settings(conn, ("timezone",))["timezone"])
    # Whoever a visitor was transferred to may serve them here, counter or not.
    state.tickets = handover.read_tickets_for_officer(conn, officer_id, day.isoformat())
    if back_office:
        state.incoming = handover.read_back_office_list(conn, officer_id)
        state.lapor = cases.read_lapor_warnings(conn, day)
    if front_office:
        state.outgoing = handover.read_front_office_list(conn, officer_id, day)
    state.steps = handover.read_sop_report(conn, *month_range(day)).steps
    return state
