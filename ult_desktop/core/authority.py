"""Who may say what: the rows (``db.record.projection`` images) each registered station
role may sign, and which role each key had when (:class:`Authority`). No database here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ult_desktop.core import moves
from ult_desktop.core.acts import (
    ACTS_CARRIED_FROM,
    BORN,
    COUNTED_KINDS,
    LANDS_AS,
    OFFLINE_KINDS,
    TICKET_COLUMNS,
    kiosk_reported_back,
    may_sign,
)
from ult_desktop.core.chain import journal_fault, landed_act_fault
from ult_desktop.core.dates import answer_months, days_around, month_before, whole_months
from ult_desktop.core.hall_acts import DESK_KINDS, DeskActs
from ult_desktop.core.phone import PHONE_BAND_DAY, phone_count_fault
from ult_desktop.core.ranges import ID_BOUND, MAX_HELD, HeldRanges, range_fault
from ult_desktop.core.sessions import Sessions, registered_desks
from ult_desktop.core.tickets import may_move
from ult_desktop.core.verifier import REPORT_ISSUED

#: Modes that never create the root of trust nor sign officers' rows (docs/security.md).
NOT_ADMIN_PC_MODES = ("kiosk", "counter", "display", "survey")


#: A key registration's role: what the station may sign (:data:`AUTHORITY`).
ROLES = ("admin", "counter", "kiosk", "survey", "display")
#: The role an approval grants when the admin names none: the one that may sign least.
LEAST_ROLE = "display"
ROLE_OF_MODE = {mode: mode for mode in ROLES}  # (each mode signs as the role of its name)


# -- who may say what ------------------------------------------------------
#: What each role may write, judged by an event's row images, never by its kind: table ->
#: True (any row) or a test of the image. The admin may write everything; whatever is not
#: listed is the admin's. Any station may note the daily backup in ``backup_state``.
BACKUP_SETTING = "backup_state"


def _column_only(*columns: str) -> Callable[[list], bool]:
    return lambda image: image[0] == "u" and isinstance(image[3], dict) and \
        set(image[3]) <= set(columns)


def _row_only(*keys: str) -> Callable[[list], bool]:
    return lambda image: image[0] == "i" and list(image[2]) in ([k] for k in keys)


def _settings(*inserted: str) -> Callable[[list], bool]:
    """Settings a role may make (*inserted*, once: a salt), and the daily backup's note."""
    made = _row_only(*inserted, BACKUP_SETTING)
    return lambda image: made(image) or (
        image[0] == "u" and list(image[2]) == [BACKUP_SETTING] and isinstance(image[3], dict)
        and set(image[3]) <= {"value"})


def _sources(*sources: str) -> Callable[[list], bool]:
    return lambda image: len(image[2]) > 2 and image[2][2] in sources


_EVERY_STATION: dict[str, object] = {
    "pin_lockouts": True,                   # a wrong PIN typed at any station
    "officers": _column_only("pin_weak"),   # a login notes whether the PIN is weak
    "settings": _settings(),
}
AUTHORITY: dict[str, dict[str, object]] = {
    "kiosk": {**_EVERY_STATION, "tickets": True, "number_reserves": True,
              "settings": _settings("skm_code_salt", "skm_spent_salt"),
              "register_records": _column_only("code_hash"),  # a requester's code spent
              "cases": _column_only("visit_code"),  # a visit's new code on its slip
              "skm_spent_codes": True,
              "skm_responses": _sources("kiosk", "tablet", "online", "phone")},
    "survey": {**_EVERY_STATION, "skm_spent_codes": True,
               "settings": _settings("skm_spent_salt"),
               "tickets": _column_only("code_hash"),  # a spent code's hash cleared
               "register_records": _column_only("code_hash"),
               "skm_responses": _sources("kiosk", "tablet", "online", "phone")},
    "counter": {**_EVERY_STATION, "tickets": True,
                "settings": _settings("skm_code_salt"),
                "counter_pauses": True,
                "counters": _column_only("service_ids"),  # the services chosen at sign-in
                "register_records": True, "cases": True, "handovers": True,
                "skm_responses": _sources("paper", "phone")},
    "display": dict(_EVERY_STATION),
}
#: What the admin PC may also sign with the head of office signed in: stand-ins.
HEAD_MAY_SIGN = frozenset({"standins"})
#: A key registered before roles existed (no role, not an admin station): any station's.
_UNNAMED: dict[str, object] = {
    t: (lambda image, t=t: any(_allows(r.get(t), image) for r in AUTHORITY.values()))
    for r in AUTHORITY.values() for t in r}


#: Per role (None: no role), the tables it may write any row of.
_ANY_ROW: dict[str | None, frozenset[str]] = {
    **{role: frozenset(t for t, rule in rules.items() if rule is True)
       for role, rules in AUTHORITY.items()},
    None: frozenset(t for rules in AUTHORITY.values() for t, rule in rules.items()
                    if rule is True)}


def _allows(rule: object, image: list) -> bool:
    return rule is True or (callable(rule) and bool(rule(image)))


def may_write(role: str | None, image: list) -> bool:
    """May a station of *role* sign the row image *image* (``[op, table, key, ...]``)?"""
    if role == "admin" or image[0] == "v":
        return True
    rules = AUTHORITY.get(role, {}) if role else _UNNAMED
    try:
        return _allows(rules.get(image[1]), image)
    except (IndexError, TypeError):
        return False


def _shape(image: list) -> tuple:
    """What :func:`may_write`'s rules read of an image; images of one shape are judged
    alike (a five-year log has a few hundred shapes, not a million images)."""
    op, table, key = image[0], image[1], image[2]
    columns = tuple(sorted(image[3])) if op == "u" and len(image) > 3 and \
        isinstance(image[3], dict) else None
    named = key[0] if op in ("i", "u") and len(key) == 1 and isinstance(key[0], str) \
        else None
    source = key[2] if len(key) > 2 and isinstance(key[2], str) else None
    return op, table, columns, named, source


@dataclass
class Authority:
    """Who was registered as what: after the first registration an event's rows count only
    when its signer was registered and its role allows them (:func:`may_write`)."""

    #: the first valid registration's event id (0: none yet: every row counts)
    first: int = 0
    #: key -> [(registration event, role: "admin", a role, or "" for none)]
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: key -> its registered public key (a landed offline act verifies against it)
    public: dict[str, bytes] = field(default_factory=dict)
    desks: dict[str, list[tuple[int, frozenset[int] | None]]] = field(default_factory=dict)
    _judged: dict[tuple, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, registry: dict[str, dict]) -> Authority:
        out = cls(first=min((r["event"] for r in registry.values()), default=0))
        for key, reg in registry.items():
            out.roles[key] = sorted(reg["roles"])
            out.labels[key] = str(reg["label"])
            out.public[key] = bytes(reg.get("public_key") or b"")
            out.desks[key] = [(at, registered_desks(d)) for at, d in reg.get("desks", ())]
        return out

    def role_at(self, key: str | None, event_id: int) -> str | None:
        """The role *key* had at *event_id* (its first one for events before it was
        registered: the approval vouches for them); None: unsigned or never registered."""
        history = self.roles.get(key or "")
        if not history:
            return None
        return next((role for at, role in reversed(history) if at <= event_id), history[0][1])

    def any_row(self, role: str | None) -> frozenset[str]:
        """The tables *role* may write any row of, unjudged."""
        return _ANY_ROW.get(role, frozenset()) if role else _ANY_ROW[None]

    def may_write(self, role: str | None, image: list) -> bool:
        """:func:`may_write`, judged once per role and image shape (:func:`_shape`)."""
        try:
            if role == "admin" or image[1] in self.any_row(role):
                return True  # any row of that table (a kiosk's tickets): no shape to judge
            shape = (role, *_shape(image))
        except (IndexError, TypeError):
            return may_write(role, image)
        judged = self._judged.get(shape)
        if judged is None:
            judged = self._judged[shape] = may_write(role, image)
        return judged


# -- acts: what a station's key may do to a ticket, and when -----------------------------
#: How far (s) a station's clock may be off the office's before its acts are not believed.
CLOCK_TOLERANCE_S = 15 * 60
#: States in which a ticket is held by the counter that called it (no other may move it);
#: a ticket's times a counter's act sets (each is the act's own time).
HELD = frozenset({"called", "serving", "done", "escalated", "cancelled"})
_TIMES = frozenset({"called_at", "first_called_at", "serving_at", "finished_at", "fetched_at", "returned_at"})
_DEVICE_OF = {"kiosk": ("printer", "speech"), "display": ("sound",)}  # (its device tests)
#: A counter journal's acts listed as they land (``db.queue.offline.JOURNAL_LANDED``).
JOURNAL_LANDED = "journal_landed"
#: The event of an officer's sign-in at a station (``db.record.audit.OFFICER_LOGIN``): the
#: only one that makes its actor an officer an offline act may credit there.
SIGN_IN = "officer_login"
#: What a ticket a kiosk issues holds: no officer, no counter, no times of a call.
_UNCALLED = ("officer_id", "counter_number", "called_at", "serving_at", "finished_at", "calls",
             "fetched_at", "first_called_at", "target_counter", "target_officer_id", "outcome",
             "returned_at")


def _seconds(at: str) -> float:
    """An event's ``at`` (UTC ISO) in seconds; 0 when unreadable."""
    try:
        return datetime.fromisoformat(str(at)).timestamp()
    except ValueError:
        return 0.0


def _before(at: str, than: str) -> bool:
    """Whether time *at* is more than the clock tolerance before *than* (UTC ISO texts,
    compared as texts first: most events come in time order and need no arithmetic)."""
    return at < than and _seconds(at) < _seconds(than) - CLOCK_TOLERANCE_S


def future_from(now: datetime) -> str:
    """The time (UTC ISO, as events store it) after which an event dated now is in the
    future: *now* plus the clock tolerance."""
    return (now + timedelta(seconds=CLOCK_TOLERANCE_S)).astimezone(timezone.utc).isoformat(
        timespec="microseconds")


@dataclass
class Acts:
    """The record's acts judged as moves, fed in chain order by ``core.replay.Replay``:
    may a kiosk's or counter's key make each ticket change, survey answer and row-less
    event? A refusal is a reason (``reconcile.act.<reason>``); None: the act stands."""

    #: the newest time the chain has shown (online events; UTC ISO), and the newest that
    #: two keys agree on: a back-dated act is judged against it (``saw``), so one key's
    #: event dated ahead, inside the tolerance, makes no other station's acts look late
    high: str = ""
    agreed: str = ""
    high_key: str | None = None
    #: an event dated after it (``check``'s now plus the tolerance) is in the future; its
    #: time moves nothing ("": not judged)
    horizon: str = ""
    #: key -> the time and the id of its newest online event (an outage starts after it)
    online: dict[str, str] = field(default_factory=dict)
    last_id: dict[str, int] = field(default_factory=dict)
    #: the event being judged
    event_id: int = 0
    #: the officers' sessions at the desk their sign-ins (``SIGN_IN``) opened
    sessions: Sessions = field(default_factory=Sessions)
    #: ticket -> its issuing key; -> (holding key, held offline, the call's event)
    issuer: dict[tuple, str | None] = field(default_factory=dict)
    holder: dict[tuple, tuple[str | None, bool, int]] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)
    #: the highest ticket id the record gave so far (tickets and kiosks' ranges)
    top_id: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # key -> its registered label
    #: (day, prefix) -> [tickets, ranges held, the highest number believed: one at most
    #: MAX_HELD per range, plus one, past the tickets; issuing passes over any higher]
    seqs: dict[tuple, list[int]] = field(default_factory=dict)
    #: key -> its registered public key (a landed act verifies against it)
    public: dict[str, bytes] = field(default_factory=dict)
    #: key -> (the newest landing before this one, this landing's time)
    landings: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: key -> its journals' acts listed at landing: hash -> the next act's hash ("": none)
    journals: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (request id, kind, ticket) of every act landed: each lands once
    landed: set[tuple[str, str, object]] = field(default_factory=set)
    event_ticket: tuple = (None, None)  # the ticket the event judged writes, its row
    #: the office day -> its tickets; (key, day) -> the bands its phone counts showed
    day_tickets: dict[str, int] = field(default_factory=dict)
    phone_shown: dict[tuple, int] = field(default_factory=dict)
    #: the replayed cases (``Replay.rows``; its settings: the sessions'); the event's kind;
    #: the cases a follow-up ticket was born for
    cases: dict[tuple, dict] = field(default_factory=dict)
    officers: dict[tuple, dict] = field(default_factory=dict)
    kind: str = ""
    followups: set[object] = field(default_factory=set)
    desk: DeskActs = field(default_factory=DeskActs)  # help calls, sign-outs, claims
    ranges: HeldRanges = field(default_factory=HeldRanges)  # the kiosks' ranges held
    _floor: dict[str, str] = field(default_factory=dict, repr=False)

    def event(self, event_id: int, kind: str, at: str, key: str | None, role: str | None,
              actor: str | None, data: dict | None, label: str | None, station: str | None,
              offline: bool) -> str | None:
        """Take in one event; why it may not stand as a whole, or None. The table of acts
        (``core.acts``) first: a kind its role may not sign never stands, nor an offline
        shape without the act its station signed."""
        self.event_id = event_id
        at = str(at)
        if role is not None and not may_sign(role or None, kind):
            return "kind"
        reason = None
        if offline:
            reason = self._offline(kind, at, key, data)
        elif self.horizon and at > self.horizon:
            return None if role == "admin" else "future"  # (the admin's clock: not moved)
        if reason is None and kind in COUNTED_KINDS and role != "admin":
            reason = self._rowless(kind, at, key, role, data, label, station)
        if reason is None and kind in DESK_KINDS and role != "admin":  # (core.hall_acts)
            reason = self.desk.judge(kind, event_id, at, key, role, data, self.sessions.seen)
        if reason is None and kind == SIGN_IN and role not in (None, "admin"):
            reason = moves.sign_in_fault(data, at, key, actor, self.officers) or \
                self.sessions.sign_in_fault(key, data, event_id)
        if reason is None and not offline:
            self.saw(at, key)
            if key is not None:
                if at > self.online.get(key, ""):
                    self.online[key] = at
                self.last_id[key] = event_id
                self.sessions.took(kind, key, actor, data, at)  # (a sign-in or -out)
        if kind == REPORT_ISSUED and role == "admin" and isinstance(data, dict) and \
                reason is None:
            first, last = str(data.get("from") or ""), str(data.get("to") or "")
            if len(first) >= 10 and len(last) >= 10:  # a month closes once it has ended
                self.reported.update(m for m in whole_months(first[:10], last[:10])
                                     if at[:7] > m)
        return reason

    def _offline(self, kind: str, at: str, key: str | None, data: dict | None) -> str | None:
        """Why a landed act may not stand: a kind no journal lands, the act not as its
        station signed it (key, hash, signature; the event's own time), landed twice, dated
        after the newest time the chain showed, or outside its station's outage (after
        its last online write and its last landing, before this landing)."""
        if kind not in OFFLINE_KINDS or not isinstance(data, dict):
            return "offline_kind"
        act = data.get("act")
        if act is None and at < ACTS_CARRIED_FROM:
            act = {}  # landed before events carried their act: the other rules judge it
        else:
            fault = landed_act_fault(act, key, self.public.get(key or ""))
            if fault is not None:
                return fault
            assert isinstance(act, dict)  # (verified above)
            if _seconds(str(act.get("at"))) != _seconds(at) or \
                    kind not in LANDS_AS.get(str(act.get("kind")), ()):
                return "act_edited"
        listed = self.journals.get(key or "")
        if listed and str(act.get("hash")) not in listed:
            return "unlisted"  # its station lists what it lands: this act it did not
        why, once = moves.landed_once(act, data, kind, *self.event_ticket)
        if why is not None or once in self.landed:
            return why or "repeated"
        landed = str(data.get("landed") or at)
        if self.high and _before(self.high, at) or landed < at and _before(landed, at):
            return "future"
        if key is not None:
            window = self.landings.get(key)
            if window is None or window[1] != landed:  # a new landing: the last one closed
                window = self.landings[key] = (max(window or ("", "")), landed)
            if _before(at, max(self.online.get(key, ""), window[0])):
                return "no_outage"
        self.landed.add(once)
        return None

    def saw(self, at: str, key: str | None) -> None:
        """An online event of *key* dated *at* stands: the newest time, and the newest
        time of a key other than the newest's (``agreed``), move on."""
        if at > self.high:
            if key != self.high_key:
                self.agreed, self.high_key = self.high, key
            self.high = at
        elif key != self.high_key and at > self.agreed:
            self.agreed = at

    def _rowless(self, kind: str, at: str, key: str | None, role: str | None,
                 data: dict | None, label: str | None, station: str | None) -> str | None:
        if role not in COUNTED_KINDS[kind] or kind == "deaf_marked" and role == "kiosk" and \
                isinstance(data, dict) and data.get("by") == "officer":
            return "role"  # (a kiosk marks only its visitor's own word, never an officer's)
        if _before(at, self.agreed):
            return "backdated"
        if kind == "device_tested" and (station != label or not isinstance(data, dict) or
                                        data.get("device") not in _DEVICE_OF.get(role or "", ())):
            return "label"
        if kind == PHONE_BAND_DAY:
            return phone_count_fault(data, at, (key, label), role, self.setting(
                "phone_station"), self.phone_shown, self.day_tickets)
        return self._journal(key, data) if kind == JOURNAL_LANDED else None

    def _journal(self, key: str | None, data: dict | None) -> str | None:
        return journal_fault(self.journals.setdefault(key or "", {}), data.get("acts") if
                             isinstance(data, dict) else None, key, self.public.get(key or ""))

    def setting(self, name: str) -> object:
        """The replayed office setting *name* (its JSON value read), or None."""
        return self.sessions.setting(name)

    def closed(self, day: object, at: str) -> bool:
        """Whether *day*'s month is closed at *at*: reported, or before the month of the
        day before *at* (open on its next month's first day, whatever the time zone)."""
        if type(day) is not str or len(day) < 7:
            return False
        month = day[:7]
        if month in self.reported:
            return True
        floor = self._floor.get(at[:10])
        if floor is None:
            floor = self._floor[at[:10]] = at[:7] if at[8:10] != "01" else month_before(
                at[:7])
        return month < floor

    def answerable(self, period: str, at: str, days: int) -> bool:
        """Whether an answer for month *period* may be given at *at*: at most *days* days
        (plus one for the time zone) after a visit of that month."""
        first, last = answer_months(at[:10], days)
        return first <= period <= last

    def ticket(self, role: str, key: str | None, image: list, tid: tuple, row: dict | None,
               at: str, offline: bool, officers: dict, station: str | None) -> str | None:
        """Why a kiosk's or counter's *image* of ticket *tid* (*row*: before) may not
        stand, or None (then it is taken in). Hot: kept to a few lookups."""
        op = image[0]
        if role == "survey":  # a spent code's hash cleared, nothing else
            return moves.code_hash(self.kind, row, image[3]) if op == "u" and \
                type(image[3]) is dict else None
        if op != "u":
            if op == "d":  # no station deletes a ticket: its month's figures keep it
                return "closed_month" if row is not None and self.closed(row.get("day"),
                                                                         at) else "born"
            return self._born(tid, image[3], key, at, station) if op == "i" and \
                type(image[3]) is dict else None
        values = image[3]
        if type(values) is not dict:
            return None
        if "code_hash" in values:  # only cleared (spent: any month), or renewed
            why = moves.code_hash(self.kind, row, values)
            if why is not None or len(values) == 1:
                return why
        day = row.get("day") if row is not None else None
        if type(day) is str and (day[:7] in self.reported or day[:7] < at[:7]) and \
                self.closed(day, at):
            return "closed_month"
        if values.keys() & BORN:
            return "born"  # a born ticket's day, number, station and times are its own
        if row is not None and row.get("state") == "skipped" and \
                values.get("state") == "waiting":  # a report-back: its day's, once
            if role == "kiosk" and not kiosk_reported_back(values, row, at):
                return "column"
            why = moves.report_back(row, at, self.setting("timezone"), role)
            if why is not None or role == "kiosk":
                return why
        elif role == "kiosk" and "state" in values:  # the one move a kiosk makes
            return "column"
        if not values.keys() <= TICKET_COLUMNS.get(role, frozenset()):
            return "column"
        if moves.kind_fits(self.kind, values) is not None:  # (what the act's kind moves)
            return "kind_move"
        if (why := moves.act_on(self.kind, values, row, at, self.setting("timezone"))):
            return why  # (the thing as it stood: a fetch's seated visitor, a priority's visit)
        if role == "kiosk":
            return None if self.issuer.get(tid) == key else "not_own_ticket"
        return self._counter_move(key, values, tid, row, at, offline, officers)

    def _counter_move(self, key: str | None, values: dict, tid: tuple, row: dict | None,
                      at: str, offline: bool, officers: dict) -> str | None:
        """Why a counter's update *values* of ticket *tid* may not stand (its time, moves)."""
        if not offline and at < self.agreed and _before(at, self.agreed):
            return "backdated"
        if values.keys() & _TIMES:
            for column in _TIMES:
                value = values.get(column)
                if value is not None and value != at and not (
                        column == "serving_at" and row is not None and
                        value == row.get("called_at")):
                    return "time"
        state = values.get("state")
        if state is not None and row is not None and not may_move(row.get("state"), state,
                                                                offline):
            return "transition"
        if row is not None and row.get("finished_at") is not None and \
                values.keys() & _TIMES and state in (None, row.get("state")):
            return "final"  # a finished visit's times are final
        held = self.holder.get(tid)
        if held is not None and held[0] != key and row is not None and \
                row.get("state") in HELD and not (offline and self._arbitrable(held, row)):
            return "other_counter"
        why = self.sessions.desk_fault(key, values.get("counter_number"), values.get(
            "officer_id"), officers, at, offline, self.event_id)
        if why is not None:
            return why
        if values.get("counter_number") is not None or values.get("state") == "called":
            self.holder[tid] = (key, offline, self.event_id)
        return None

    def _born(self, tid: tuple, values: dict, key: str | None, at: str, station: str | None):
        if self.closed(values.get("day"), at):
            return "closed_month"
        why = self._issued(tid, values, at, self.labels.get(key or "") or station) or \
            self.ranges.others(values, key)
        if why is None:
            self.issuer[tid] = key
            if values.get("followup_case") is not None:
                self.followups.add(values["followup_case"])
        return why

    def _issued(self, tid: tuple, values: dict, at: str, name: str | None) -> str | None:
        """Why a kiosk's (or ``ult-desktop take`` on a counter PC's) new ticket *tid* may
        not stand: born waiting, uncalled, under its key's registered label (*name*; none
        registered: the event's station), on its day, with the next id or one of a range
        the record gave."""
        if values.get("state") != "waiting" or any(values.get(c) is not None
                                                   for c in _UNCALLED):
            return "not_waiting"
        if values.get("station") != name:
            return "station"
        if not self.near(values.get("day"), at):
            return "day"
        case = values.get("followup_case")
        why = moves.walk_in_place(values) if case is None else moves.followup_birth(
            values, self.cases.get((case,)), self.followups, self.setting("timezone"),
            self.setting("followup_order"))
        if why is not None:
            return why
        seq = values.get("seq")  # the next number of its day, or one of a range held
        return None if self.sane_id(tid[0] if tid else None, 0) and type(seq) is int and \
            0 < seq <= self.top_seq(values.get("day"), values.get("prefix")) + 1 \
            else "ticket_id"

    def top_seq(self, day: object, prefix: object) -> int:
        held = self.seqs.get((day, prefix)) if type(prefix) is str else None
        return held[2] if held else 0

    def pause(self, key: str | None, image: list, officers: dict, at: str) -> str | None:
        """Why a counter's break (its ``counter_pauses`` *image*) may not stand: as a
        ticket's move, at its PC's desk in its officer's open session (``core.sessions``)."""
        values = image[3] if len(image) > 3 and type(image[3]) is dict else {}
        desk = image[2][0] if type(image[2]) is list and image[2] else -1
        return self.sessions.desk_fault(key, desk, values.get("officer_id"), officers, at,
                                        False, self.event_id)

    def reserve(self, image: list, at: str, station: str | None, key: str | None) -> str | None:
        """Why a kiosk's image of ``number_reserves`` may not stand (``core.ranges``)."""
        why = self.ranges.fault(image, key) or range_fault(image, at, station, self)
        if why is None:
            self.ranges.take(image, key)
        return why

    def sane_id(self, first: object, span: int) -> bool:
        """Whether ids *first* .. *first* + *span* are ones the record gives next or gave
        a range (nothing past the highest id it gave, plus one)."""
        return type(first) is int and 0 < first <= self.top_id + 1 and \
            first + span < ID_BOUND

    def took(self, table: str, key: tuple, values: dict) -> None:
        """Note the ids and numbers a ticket or a kiosk's range written takes (beyond
        their bounds: none, as the office's issuing passes over them)."""
        if table == "tickets":
            top = key[0] if key else None
            day, prefix, seq = values.get("day"), values.get("prefix"), values.get("seq")
        else:
            first, last = values.get("first_id"), values.get("last_seq")
            top = first + last - key[2] if type(first) is int and type(last) is int and \
                len(key) > 2 and type(key[2]) is int else None
            day, prefix, seq = (*key[:2], last) if len(key) > 2 else (None, None, None)
        if type(top) is int and self.top_id < top < ID_BOUND:
            self.top_id = top
        if type(day) is str and type(prefix) is str:
            if table == "tickets":
                self.day_tickets[day] = self.day_tickets.get(day, 0) + 1
            held = self.seqs.setdefault((day, prefix), [0, 0, 0])
            held[table != "tickets"] += 1
            if type(seq) is int and held[2] < seq <= held[0] + MAX_HELD * (1 + held[1]):
                held[2] = seq

    @staticmethod
    def near(day: object, at: str) -> bool:
        """Whether office day *day* is the day of *at* (UTC), give or take one."""
        first, last = days_around(at[:10])
        return type(day) is str and first <= day <= last

    def _arbitrable(self, held: tuple[str | None, bool, int], row: dict) -> bool:
        """Whether a visit held by *held* may yield to another counter's offline act: it
        was called offline too, or its call was its station's last online write
        (``db.queue.offline``)."""
        return held[1] or (row.get("state") == "called" and
                           self.last_id.get(held[0] or "") == held[2])

