"""What the lobby display shows, from snapshots and the change feed: only numbers,
counters and service names (no personal data reaches it). Calls apply from the events at
once; the waiting lists come from the snapshot asked for after each batch."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import QObject, Signal

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import SEAT
from ult_desktop.core.queue import PriorityOrder, order_text
from ult_desktop.core.tickets import Event, EventKind
from ult_desktop.db.queue.desk import FETCHED

log = logging.getLogger(__name__)

LAST_CALLS = 5  # the latest (shown large) and four before it
#: Minutes a call stays the one shown large (then it is history: nobody is called now).
CURRENT_MIN = 10
#: Ids of calls heard on the LAN, until the record's event takes their place (above any
#: event's id)
LAN_IDS = 10**15
#: The record's decision on a number called at two counters while the file was away
CALL_CONFLICT = "call_conflict"
#: A call heard on the LAN naming the record's act is taken back when the feed has not
#: brought that act after this long with the file there (s)
CONFIRM_S = 30.0
#: The feed's calls kept to know a LAN call heard after them (one per call)
_REMEMBERED = 256

NEXT_PER_SERVICE = 4

_LEAVES_COUNTER = frozenset({EventKind.FINISHED, EventKind.SKIPPED, EventKind.TRANSFERRED,
                             EventKind.ESCALATED, EventKind.CANCELLED})
#: Event kinds after which the waiting lists must be refreshed from a snapshot.
QUEUE_CHANGING = frozenset({EventKind.ISSUED, EventKind.CALLED, EventKind.RECALLED,
                            EventKind.CANCELLED, EventKind.TRANSFERRED, EventKind.RECLASSIFIED,
                            EventKind.SKIPPED, EventKind.FINISHED, EventKind.ESCALATED,
                            EventKind.SERVING, EventKind.COUNTER_PAUSED,
                            EventKind.COUNTER_RESUMED})


@dataclass(frozen=True)
class Call:
    """One call or recall as the display shows it."""

    event_id: int
    number: str
    counter: int
    service: str | None
    kind: str
    at: datetime | None = None
    #: how the visitor is met (``core.priority.ASSISTS``): fetched from the seat, Deaf
    assist: frozenset[str] = frozenset()


class DisplayModel(QObject):
    """State of the lobby display. ``changed`` fires after every update; ``called`` for
    each new call or recall event (in event order), which drives animation and voice."""

    changed = Signal()
    called = Signal(object)          # Call

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.day: str | None = None
        self.settings: dict[str, Any] = {}
        self.counters: dict[int, dict[str, Any]] = {}
        self.services: list[dict[str, Any]] = []
        self.last_calls: list[Call] = []
        self.last_event_id = 0
        self.loaded = False
        self.phone_served = True  # False while tickets do not point to the page
        self._lan_calls = 0  # calls heard on the LAN
        #: calls heard on the LAN naming the record's act, until the feed brings it:
        #: (number, counter, act) -> (the shown call, when heard: monotonic s)
        self.unconfirmed: dict[tuple, tuple[Call, float]] = {}
        self._fed: dict[tuple, int] = {}  # the feed's calls: (number, counter, act) -> id
        #: numbers an officer has fetched from their seat (no more "petugas menjemput")
        self.fetched: set[str] = set()
        #: "Istirahat 12.00–13.00" while the office's break is on or near (the clock's)
        self.break_note = ""
        #: the calls the first snapshot brought, made before this screen started: history
        #: (:meth:`current`), never the one being called
        self.before_start: frozenset[int] = frozenset()

    # -- queries -----------------------------------------------------------------------
    def fetching(self, call: Call | None) -> bool:
        """*call*'s visitor waits at the seat for an officer (not fetched yet)."""
        return call is not None and SEAT in call.assist and call.number not in self.fetched

    @property
    def latest(self) -> Call | None:
        return self.last_calls[0] if self.last_calls else None

    def current(self, now: datetime) -> Call | None:
        """The call the big panel shows: the latest, while it is news (made since this
        screen started and within :data:`CURRENT_MIN` minutes); a restarted TV shows the
        morning's last call in the history, not as the one being called."""
        call = self.latest
        if call is None or call.event_id in self.before_start:
            return None
        return call if call.at is None or now - call.at <= timedelta(minutes=CURRENT_MIN) \
            else None

    @property
    def office_name(self) -> str:
        return str(self.settings.get("office_name", ""))

    @property
    def priority_rule(self) -> str:
        """When priority goes first, in one line; "" before settings came."""
        order = PriorityOrder.of(self.settings)
        return order_text(order) if order else ""

    @property
    def running_text(self) -> str:
        """The office's break while it is on or near, the office's running text, and
        that a turn can be followed on a phone."""
        text = "   •   ".join(t for t in (self.break_note,
                                          str(self.settings.get("running_text", ""))) if t)
        if self.settings.get("phone_address") and self.phone_served:
            text = f"{text}   •   {tr('phone.follow_tv')}" if text else tr("phone.follow_tv")
        return text

    # -- updates -----------------------------------------------------------------------
    def apply_settings(self, settings: dict[str, Any]) -> None:
        self.settings = dict(settings)
        self.changed.emit()

    def apply_snapshot(self, snap: dict[str, Any]) -> None:
        """Replace counters, waiting lists and last calls with *snap* (``queue_snapshot``)."""
        self.day = snap["day"]
        self.counters = {c["number"]: {"name": c.get("name") or "", "ticket": c["ticket"],
                                       "state": c["state"], "service": c["service"],
                                       "paused": c.get("paused")}
                         for c in snap["counters"]}
        self.services = [{"prefix": s["prefix"], "name": s["name"],
                          "name_en": s.get("name_en"), "color": s.get("color"),
                          "waiting": s["waiting"], "next": list(s["next"][:NEXT_PER_SERVICE])}
                         for s in snap["services"]]
        calls = [Call(event_id=c["id"], number=c["ticket"], counter=c["counter"],
                      service=c["service"], kind=c["kind"],
                      at=datetime.fromisoformat(c["time"]) if c.get("time") else None)
                 for c in snap["last_calls"]]
        # Keep calls the feed already delivered but the snapshot has not seen yet, and
        # the LAN's calls the record does not have yet (those it has, it says better)
        landed = {c.number for c in calls}
        newer = [c for c in self.last_calls if c.event_id > snap["last_event_id"]
                 and not (c.event_id >= LAN_IDS and c.number in landed)]
        self.last_calls = self._unique(newer + calls)
        self.last_event_id = max(self.last_event_id, snap["last_event_id"])
        if not self.loaded:
            self.before_start = frozenset(c.event_id for c in calls)
        self.loaded = True
        self.changed.emit()

    def apply_events(self, events: list[Event]) -> tuple[list[Call], bool]:
        """Apply feed *events* in id order; returns (new calls, whether the queue changed,
        ``settings_changed`` included, so the caller re-reads settings and snapshot)."""
        calls: list[Call] = []
        refresh = False
        for ev in sorted(events, key=lambda e: e.id):
            refresh |= ev.kind in QUEUE_CHANGING or ev.kind == EventKind.SETTINGS_CHANGED
            # a call kept while the file was away lands later: history, not a call to speak
            if ev.kind in EventKind.ANNOUNCED and ev.ticket_number and ev.counter is not None \
                    and not (ev.data or {}).get("offline"):
                call = Call(event_id=ev.id, number=ev.ticket_number, counter=ev.counter,
                            service=ev.service_prefix, kind=ev.kind, at=ev.at,
                            assist=frozenset((ev.data or {}).get("assist") or ()))
                self.fetched.discard(ev.ticket_number)
                self._at_counter(ev.counter, ev.ticket_number, ev.service_prefix)
                for svc in self.services:  # a called number is no longer "next"
                    if ev.ticket_number in svc["next"]:
                        svc["next"].remove(ev.ticket_number)
                        svc["waiting"] = max(0, svc["waiting"] - 1)
                if self._confirmed(call):  # heard on the LAN: shown and spoken already
                    continue
                self.last_calls = self._unique([call, *self.last_calls])
                calls.append(call)
            elif ev.kind == FETCHED and ev.ticket_number:
                self.fetched.add(ev.ticket_number)
                refresh = True  # redraw: the number is no longer being fetched
            elif ev.kind == CALL_CONFLICT and ev.ticket_number:
                self._decided(ev)
            elif ev.kind == EventKind.SERVING and ev.counter in self.counters:
                self.counters[ev.counter]["state"] = "serving"
            elif ev.kind in _LEAVES_COUNTER:
                self._leaves(ev.ticket_number)
            self.last_event_id = max(self.last_event_id, ev.id)
        for call in calls:
            self.called.emit(call)
        if calls or refresh:
            self.changed.emit()
        return calls, refresh

    def _decided(self, ev: Event) -> None:
        """The record decided a number called at two counters while the file was away:
        the TV shows it at the counter that keeps the visit (never spoken again), not at
        the one whose call was set aside."""
        kept, aside = (ev.data or {}).get("kept_by"), (ev.data or {}).get("set_aside")
        if aside is not None:
            self._leaves(ev.ticket_number, aside)
        if kept is None:
            return
        self._at_counter(kept, ev.ticket_number, ev.service_prefix)
        self.last_calls = self._unique([
            Call(event_id=ev.id, number=ev.ticket_number, counter=kept,
                 service=ev.service_prefix, kind=ev.kind, at=ev.at),
            *(c for c in self.last_calls if not (c.event_id >= LAN_IDS
                                                  and c.number == ev.ticket_number))])

    def apply_lan_call(self, number: str, counter: int, *, at: datetime | None = None
                       ) -> Call:
        """A call heard on the LAN while the file is away (``lan_ear``): shown and spoken
        as any other; the record has it once the counter's journal lands."""
        self._lan_calls += 1
        call = Call(event_id=LAN_IDS + self._lan_calls, number=number, counter=counter,
                    service=number.split("-", 1)[0], kind=EventKind.CALLED,
                    at=at or datetime.now(timezone.utc))
        self._at_counter(counter, number, call.service)
        self.last_calls = self._unique([call, *self.last_calls])
        self.called.emit(call)
        self.changed.emit()
        return call

    def _confirmed(self, call: Call) -> bool:
        """The feed's *call* (already applied to its counter and lists) was heard on the
        LAN: it takes that call's place, not spoken again."""
        key = (call.number, call.counter, call.at)
        self._fed[key] = call.event_id
        while len(self._fed) > _REMEMBERED:
            del self._fed[next(iter(self._fed))]
        heard = self.unconfirmed.pop(key, None)
        if heard is None:
            return False
        self.last_calls = self._unique(
            [call, *(c for c in self.last_calls if c is not heard[0])])
        self.last_event_id = max(self.last_event_id, call.event_id)
        return True

    def apply_held_call(self, number: str, counter: int, act: datetime,
                        heard_at: float) -> None:
        """A call heard on the LAN while the file is there, naming the record's act at
        *act* (``lan_ear``): shown and spoken now, unless the feed brought it already;
        the feed's event for it confirms it (:meth:`withdraw_unconfirmed` otherwise)."""
        key = (number, counter, act)
        if key in self._fed or key in self.unconfirmed:
            return
        call = self.apply_lan_call(number, counter, at=act)
        self.unconfirmed[key] = (call, heard_at)

    def withdraw_unconfirmed(self, heard_before: float) -> list[Call]:
        """Take back the LAN's calls heard before *heard_before* (monotonic s) whose act
        the feed has not brought: the record does not hold them (a key calling what it
        never wrote). The caller asks only once its feed has read past them."""
        gone = [k for k, (_, at) in self.unconfirmed.items() if at < heard_before]
        calls = [self.unconfirmed.pop(k)[0] for k in gone]
        for call in calls:
            log.warning("LAN call %s at counter %s taken back: the record does not hold "
                        "it", call.number, call.counter)
            self.last_calls = [c for c in self.last_calls if c is not call]
            self._leaves(call.number, call.counter)
        if calls:
            self.changed.emit()
        return calls

    def _at_counter(self, counter: int, number: str, service: str | None) -> None:
        """*number* called at *counter* (one the last snapshot did not have: its tile made)."""
        self.counters.setdefault(counter, {"name": "", "ticket": None, "state": None,
                                           "service": None}).update(
            ticket=number, state="called", service=service)

    def _leaves(self, number: str, counter: int | None = None) -> None:
        """*number* no longer at its counter (*counter*: only if it is at that one)."""
        for at, slot in self.counters.items():
            if slot["ticket"] == number and counter in (None, at):
                slot.update(ticket=None, state=None, service=None)

    @staticmethod
    def _unique(calls: list[Call]) -> list[Call]:
        """Newest first, each ticket once (a recall moves it back to the top)."""
        seen: set[str] = set()
        out: list[Call] = []
        for call in sorted(calls, key=lambda c: c.event_id, reverse=True):
            if call.number not in seen:
                seen.add(call.number)
                out.append(call)
        return out[:LAST_CALLS]
