"""What the kiosk asks of the shared file. These run on the Station worker thread.

Each function takes the :class:`~ult_desktop.db.engine.sqlite.Database` first (the
``Station.run`` convention) and returns plain frozen dataclasses the screens draw.
No Qt here."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ult_desktop.app.pulse import page_verdict
from ult_desktop.core.hours import open_at, open_now
from ult_desktop.core.numbering import local_time, office_day, utc_now
from ult_desktop.core.phone import VERDICT_KEY
from ult_desktop.core.priority import assist_text
from ult_desktop.core.queue import PriorityOrder, held_estimate, line_prefix
from ult_desktop.core.tickets import Ticket
from ult_desktop.db import queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.errors import UltError
from ult_desktop.db.house import office
from ult_desktop.db.journals.journal import KioskJournal
from ult_desktop.db.queue.desk import report_back
from ult_desktop.db.queue.numbers import (
    born,
    issue_ticket,
    read_desks_by_service,
    read_priority_desks,
)
from ult_desktop.db.queue.print_results import PrintOutbox
from ult_desktop.db.record import audit, judged_ranges

#: Why a service button is disabled.
QUOTA, HOURS = "quota", "hours"


@dataclass(frozen=True)
class ServiceTile:
    prefix: str
    name: str
    name_en: str | None
    description: str
    color: str
    waiting: int
    wait_band: tuple[int, int] | None   # for someone taking a number now (None: unknown)
    blocked: str | None = None          # None, QUOTA or HOURS
    opens: str | None = None
    closes: str | None = None
    service_id: int = 0
    go_to: tuple[int, ...] = ()         # where a priority ticket of it is sent
    priority_waiting: int = 0
    open_counters: int = 1              # counters serving it now (not paused)
    priority_order: str | None = None   # its own priority rule (None: the office's)

    def title(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def paper_settings(self, settings: dict) -> dict:
        """The office settings a ticket of this service is printed with: its own
        priority rule, if it has one, is the one the paper publishes."""
        return {**settings, "priority_order": self.priority_order} if self.priority_order \
            else settings


@dataclass(frozen=True)
class KioskState:
    office_name: str
    office_address: str
    logo_png_b64: str
    timezone: str
    language: str
    office_open: bool
    open_days: tuple[int, ...]
    open_time: str
    close_time: str
    services: tuple[ServiceTile, ...]
    survey_enabled: bool
    last_event_id: int
    #: the office settings the paper needs (a ticket issued from held numbers is
    #: printed with these, without reading the share)
    settings: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def any_available(self) -> bool:
        return self.office_open and any(s.blocked is None for s in self.services)

    def to_json(self) -> str:
        """What the kiosk keeps on its disk to start from while the share is away."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> KioskState:
        data = json.loads(text)
        tiles = tuple(ServiceTile(**{**s, "wait_band": tuple(s["wait_band"]) if s["wait_band"]
                                     else None, "go_to": tuple(s["go_to"])})
                      for s in data.pop("services"))
        return cls(**{**data, "services": tiles, "open_days": tuple(data["open_days"])})


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    ahead: int | None               # None: the share failed right after the commit
    wait_band: tuple[int, int] | None   # None: too few recent visits to say
    go_to: tuple[int, ...] = ()     # a priority ticket's priority counter(s)
    #: the start screen as it is with this ticket, and the office settings the paper
    #: needs: read in the same transaction as *ahead* (None: that read failed)
    state: KioskState | None = None
    settings: dict | None = None
    held: bool = False              # issued from held numbers: lands in the background

    @property
    def order(self) -> PriorityOrder | None:
        """When priority goes first, as the paper says it (None: settings not read)."""
        return PriorityOrder.of(self.settings)


def load_state(db: Database, *, now: datetime | None = None,
               journal: KioskJournal | None = None) -> KioskState:
    """The start screen's content: office header, opening rules and one tile per service,
    in one read transaction (:func:`read_state`); kept in *journal* too, so a kiosk
    restarted while the share is away starts from it."""
    since = ((now or utc_now()) - timedelta(days=1)).date().isoformat()

    def read(conn) -> KioskState:
        judged_ranges.warm(db, since, conn)  # (the ranges that stand: not at the first touch)
        return read_state(conn, now=now)

    state = with_verdict(db, db.read(read))
    if journal is not None:
        journal.keep("start", state.to_json())
    return state


def with_verdict(db: Database, state: KioskState) -> KioskState:
    """*state* with the office's phone page verdict among its settings: a ticket from
    held numbers carries the page's QR by the same rule as one printed after a read
    (``core.phone.tickets_carry_page``), the rule the TV's line about the page reads."""
    return dataclasses.replace(state, settings={
        **state.settings, VERDICT_KEY: page_verdict(db, state.settings)})


def read_state(conn, *, now: datetime | None = None) -> KioskState:
    """Inside the caller's read: the start screen, with the office settings it came from
    (``state.settings``, what the paper needs).

    Counts and wait estimates come from :func:`queries.read_snapshot`; the opening rule
    is the one :func:`issue_ticket` enforces (``core.hours.open_now``)."""
    now = now or utc_now()
    settings = office.read_settings(conn)
    local = local_time(now, settings["timezone"])
    snapshot = queries.read_snapshot(conn, now)
    desks = read_desks_by_service(conn)
    tiles = []
    for snap in snapshot["services"]:
        blocked = None
        if not open_now(settings, local, opens=snap["opens"], closes=snap["closes"]):
            blocked = HOURS
        elif snap["daily_quota"] is not None and snap["issued_today"] >= snap["daily_quota"]:
            blocked = QUOTA
        tiles.append(ServiceTile(
            prefix=snap["prefix"], name=snap["name"], name_en=snap["name_en"],
            description=snap["description"] or "", color=snap["color"] or "#455a64",
            waiting=snap["waiting"], wait_band=snap["wait_band"],
            blocked=blocked, opens=snap["opens"], closes=snap["closes"],
            service_id=snap["id"], go_to=tuple(desks.get(snap["id"], ())),
            priority_waiting=snap["priority_waiting"], open_counters=snap["open_counters"],
            priority_order=snap["priority_order"]))
    return KioskState(
        office_name=settings["office_name"], office_address=settings["office_address"],
        logo_png_b64=settings["office_logo_png_b64"] or "", timezone=settings["timezone"],
        language=settings["language"] if settings["language"] in ("id", "en") else "id",
        office_open=open_now(settings, local),
        open_days=tuple(settings["open_days"]), open_time=settings["open_time"],
        close_time=settings["close_time"], services=tuple(tiles),
        survey_enabled=bool(settings["survey_enabled"]),
        last_event_id=snapshot["last_event_id"], settings=settings)


def take_ticket(db: Database, *, service: str, priority: bool = False,
                priority_group: str | None = None, request_id: str | None = None,
                outbox: PrintOutbox | None = None, assist=()) -> IssuedTicket:
    """Issue one ticket (one write, carrying the kiosk's kept print results from
    *outbox*), then one read: how many are ahead, how long the wait may be, a priority
    ticket's counters, the start screen as it now is and the settings for the paper.

    *request_id* identifies the visitor's touch: a retry after a lost reply returns the
    ticket already committed instead of a second one.

    Once the ticket is committed it is always returned: if the share fails during the
    follow-up read, the number is shown without people ahead and estimate.

    :raises RuleViolation: office closed, service off, quota used up (nothing issued)."""
    ticket = issue_ticket(db, service=service, priority=priority,
                               priority_group=priority_group if priority else None,
                               request_id=request_id, outbox=outbox, assist=assist)
    return _shown(db, ticket)


def _shown(db: Database, ticket: Ticket) -> IssuedTicket:
    """A committed *ticket* as the ticket page shows and prints it (one read)."""
    def after(conn) -> IssuedTicket:
        ahead, band = queries.read_ticket_band(conn, ticket)
        state = read_state(conn)
        tile = next((t for t in state.services if t.prefix == ticket.service_prefix), None)
        settings = tile.paper_settings(state.settings) if tile else state.settings
        return IssuedTicket(
            ticket=ticket, ahead=ahead, wait_band=band,
            go_to=tuple(read_priority_desks(conn, ticket)),
            state=state, settings=settings)

    try:
        issued = db.read(after)
    except UltError:  # the ticket is committed: show it anyway, without the extras
        return IssuedTicket(ticket=ticket, ahead=None, wait_band=None)
    state = with_verdict(db, issued.state)
    verdict = {VERDICT_KEY: state.settings[VERDICT_KEY]}
    return dataclasses.replace(issued, state=state, settings={**issued.settings, **verdict})


@dataclass(frozen=True)
class CodeAnswer:
    """What a code read or typed at the kiosk did: a follow-up visit checked in
    (*issued*: its new number, printed as any) or a missed visitor back in line."""

    issued: IssuedTicket | None = None
    back: Ticket | None = None
    after: int = 0                      # numbers of its line before it is called


def code_at_kiosk(db: Database, text: str) -> CodeAnswer:
    """A code scanned (a QR) or typed at the kiosk: a follow-up visit's code checks it in;
    a ticket's code or number of today's missed visitor reports back (``via`` kiosk).
    :raises RuleViolation: neither, or what refused it (said to the visitor)."""
    from ult_desktop.db.visit import visits

    if visits.looks_like_code(text or ""):
        return CodeAnswer(issued=_shown(db, visits.check_in(db, code=text)))
    words = re.findall(r"[A-Za-z0-9-]+", text or "")
    word = words[-1] if words else ""  # a URL's code is its last word (qr_content)
    if re.fullmatch(r"[A-Za-z]+-?\d+", word):
        number = word.upper()
    else:
        number = queries.get_ticket(db, code=word).number
    back = report_back(db, number=number, via="kiosk")
    after = office.get_settings(db, "return_after_numbers")["return_after_numbers"]
    return CodeAnswer(back=back, after=min(after, queries.others_in_line(db, back)))


def held_ticket(journal: KioskJournal, state: KioskState | None, *, service: str,
                priority: bool = False, priority_group: str | None = None,
                request_id: str, assist=(), now: datetime | None = None
                ) -> IssuedTicket | None:
    """A ticket from the numbers this kiosk holds, kept on its own disk and
    never waiting for the share; None when none is held for it (issue on the share).
    People ahead: the start screen's count plus this kiosk's tickets not landed yet."""
    tile = next((t for t in state.services if t.prefix == service), None) if state else None
    if state is None or tile is None or not state.settings:
        return None
    now = now or utc_now()
    if not open_at(state.settings, now, opens=tile.opens, closes=tile.closes):
        return None  # closed meanwhile: the share says so in its own words
    group = priority_group if priority else None
    touch = journal.take(day=office_day(now, state.timezone).isoformat(), service=service,
                         prefix=line_prefix(state.settings, service, priority),
                         priority=priority, priority_group=group,
                         request_id=request_id, assist=assist_text(assist), now=now)
    if touch is None:
        return None
    ahead, band = held_estimate((tile.waiting, tile.priority_waiting), tile.wait_band,
                                journal.unlanded(), touch)
    ticket = born(touch, service_id=tile.service_id, service_name=tile.name,
                  station=journal.station)
    return IssuedTicket(ticket=ticket, ahead=ahead, wait_band=band,
                        go_to=tile.go_to if priority else (), state=None,
                        settings=tile.paper_settings(state.settings), held=True)


def land(db: Database, journal: KioskJournal) -> tuple[int, KioskState | None]:
    """Write what the journal holds (tickets, print outcomes), give back old ranges and
    claim more numbers: one write (the first of a run also lands this kiosk's other
    journals on the PC: ``KioskJournal.write_with``); then the start screen as it now is
    (one read, None when it failed). How many tickets still wait to land, and that
    state."""
    journal.flush(db)
    try:
        state = with_verdict(db, db.read(read_state))
    except UltError:
        state = None
    if state is not None:
        journal.keep("start", state.to_json())
    return journal.waiting()[0], state


def check_admin_pin(db: Database, pin: str) -> office.Officer | None:
    """The active admin whose PIN is *pin*, or ``None`` (deliberately slow: scrypt).

    Wrong PINs count against this kiosk (``kiosk:<station>``) in the shared file; every
    attempt is audited in the same transaction.

    :raises PinLocked: too many wrong PINs on this kiosk."""
    return office.verify_admin_pin(db, pin, subject=f"kiosk:{db.station}",
                                   on_result=audit.login_hook(
                                       db, audit.KIOSK_UNLOCK, audit.KIOSK_UNLOCK_FAILED, None,
                                       screen="kiosk"))


def record_exit(db: Database, username: str | None) -> None:
    """The kiosk program is being closed by an admin (after the PIN)."""
    audit.record_session(db, audit.KIOSK_EXIT, username, screen="kiosk")
