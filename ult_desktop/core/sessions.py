"""Officers' sessions at the desk as the record holds them: a sign-in that stood opens one
(key, officer, desk, office day); her sign-out at that key or the day's end closes it.
A desk act stands only inside its officer's open session at that key and a desk
registered to it (:meth:`Sessions.desk_fault`); likewise a counter's services
(:meth:`Sessions.services_fault`). No database here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ult_desktop.core.dates import seconds_of
from ult_desktop.core.desks import SIGN_IN, SIGN_OUT, DeskMark
from ult_desktop.core.moves import day_of

#: How far (s) an offline act may be dated before its session opened (two clock reads).
_SLACK_S = 15 * 60


@dataclass
class Session:
    """One officer's sign-in at one station's key: its desk (None: the sign-in named
    none), when it opened and closed ("": not signed out). Its office day is the day it
    opened, in the office's zone as the record holds it when an act is judged."""

    key: str | None
    officer: str
    desk: int | None
    opened: str
    closed: str = ""


@dataclass
class Sessions:
    """Every session the record opened, by key (in chain order), and those open now;
    (key, username) of every sign-in seen; the desks each key's registrations name (key
    -> [(registration event, desks or None)]) and those officers signed in at there with
    their PIN's proof (key -> desks). *settings*: the replayed settings (the office's
    time zone: its day)."""

    settings: dict[tuple, dict] = field(default_factory=dict)
    registered: dict[str, list[tuple[int, frozenset[int] | None]]] = field(
        default_factory=dict)
    open: dict[tuple, Session] = field(default_factory=dict)
    by_key: dict[str | None, list[Session]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)
    proven: dict[str, set] = field(default_factory=dict)
    _days: dict[tuple, str] = field(default_factory=dict, repr=False)

    def setting(self, name: str) -> object:
        """The replayed office setting *name* (its JSON value read), or None."""
        value = (self.settings.get((name,)) or {}).get("value")
        try:
            return json.loads(value) if isinstance(value, str) else value
        except ValueError:
            return value

    def day(self, at: str) -> str:
        """The office day of event time *at* in the office's zone."""
        return day_of(at, self.setting("timezone"))

    def of_day(self, session: Session | None, day: str) -> Session | None:
        """*session* if it opened on office *day* (an earlier day's has ended)."""
        if session is None:
            return None
        zone = (self.settings.get(("timezone",)) or {}).get("value")
        opened = self._days.get((session.opened, zone))
        if opened is None:
            opened = self._days[(session.opened, zone)] = self.day(session.opened)
        return session if opened == day else None

    def sign_in_fault(self, key: str | None, data: object, event_id: int) -> str | None:
        """Why a sign-in may not stand here: it names a desk its key's registration does
        not (``desk``; a registration naming none: any)."""
        desk, registered = desk_of(data), self.registered_at(key, event_id)
        return "desk" if desk is not None and registered and desk not in registered else None

    def took(self, kind: str, key: str | None, actor: str | None, data: object,
             at: str) -> None:
        """An online event of *kind* stood: a sign-in opens a session, a sign-out closes
        one (anything else: nothing)."""
        if kind == SIGN_IN and actor:
            self.sign_in(key, actor, data, at)
        elif kind == SIGN_OUT and isinstance(data, dict):
            self.sign_out(key, data.get("username") or actor, at)

    def sign_in(self, key: str | None, officer: str, data: object, at: str) -> None:
        """A sign-in stood: her session there opens (one she had open there closes)."""
        self.seen.add((key or "", officer))
        self.sign_out(key, officer, at)
        session = Session(key, officer, desk_of(data), at)
        self.open[(key, officer)] = session
        self.by_key.setdefault(key, []).append(session)
        if isinstance(data, dict) and "proof" in data:
            self.proven.setdefault(key or "", set()).add(data.get("desk"))

    def sign_out(self, key: str | None, officer: str | None, at: str) -> None:
        """A sign-out stood: her session at that key closes (no name: every one there)."""
        for was in [k for k in self.open if k[0] == key and officer in (None, k[1])]:
            self.open.pop(was).closed = at

    def marks(self, day: str, labels: dict[str, str]) -> list[DeskMark]:
        """The sign-ins and sign-outs of the sessions that opened on office *day*, in
        time order, each at its key's registered label (``core.desks.serving`` reads
        them: the desks that serve)."""
        out = []
        for key, sessions in self.by_key.items():
            station = labels.get(key or "", "")
            for s in reversed(sessions):
                if self.of_day(s, day) is None:
                    break  # (a key's sessions in chain order: the day's are its last)
                out.append(DeskMark(SIGN_IN, s.desk, station, s.officer,
                                    seconds_of(s.opened) or 0.0))
                if s.closed:
                    out.append(DeskMark(SIGN_OUT, s.desk, station, s.officer,
                                        seconds_of(s.closed) or 0.0))
        return sorted(out, key=lambda m: (m.at, m.kind == SIGN_IN))  # (out, then in)

    def registered_at(self, key: str | None, event_id: int) -> frozenset | None:
        """The desks *key*'s registration names at *event_id* (None: it names none)."""
        history = self.registered.get(key or "")
        return next((d for at, d in reversed(history) if at <= event_id), history[0][1]) \
            if history else None

    def held(self, key: str | None, officer: str, desk: object, day: str,
             at: str) -> Session | None:
        """The session an offline act at *key* and *desk* dated *at* belongs to, if it is
        *officer*'s: as the landing credits it (``db.queue.offline``), the last session
        opened there that day before the act, or (a visit kept before anyone could sign in
        there) the first after it; or hers, opened just after (one PC's two clock reads)."""
        at_s = seconds_of(at)
        if at_s is None:
            return None
        mine = [(seconds_of(s.opened) or 0.0, s) for s in self.by_key.get(key, ())
                if self.of_day(s, day) and (desk is None or s.desk in (None, desk))]
        before = [s for opened, s in mine if opened <= at_s]
        for s in before[-1:] or [s for _, s in mine[:1]]:
            if s.officer == officer:
                return s
        return next((s for opened, s in mine if s.officer == officer and
                     at_s < opened <= at_s + _SLACK_S), None)

    def desk_fault(self, key: str | None, desk: object, officer: object, officers: dict,
                   at: str, offline: bool, event_id: int) -> str | None:
        """Why a counter's act at *desk* crediting officer id *officer* (None: no one)
        may not stand: a desk not registered to the key, nor one an officer signed in at
        there with her PIN, nor her session's (``counter``); no session of hers open at
        that key that office day, or (*offline*) none she had then (``officer``)."""
        registered, proven = self.registered_at(key, event_id), self.proven.get(key or "")
        if desk is not None and (registered and desk not in registered or
                                 proven and desk not in proven):
            return "counter"
        if officer is None:
            return None
        name = str((officers.get((officer,)) or {}).get("username") or "")
        day = self.day(at)
        session = self.held(key, name, desk, day, at) if offline else self.of_day(
            self.open.get((key, name)), day)
        if session is None:
            return "officer"
        return "counter" if desk is not None and session.desk not in (None, desk) else None

    def services_fault(self, key: str | None, row: dict | None, at: str,
                       event_id: int) -> str | None:
        """Why a counter's key may not set counter *row*'s services at *at*: not a desk
        registered to it (``counter``), or no session open there at that desk that office
        day (``services``)."""
        desk, registered = (row or {}).get("number"), self.registered_at(key, event_id)
        if registered and desk not in registered:
            return "counter"
        day = self.day(at)
        return None if any(k == key and s.desk in (None, desk) and self.of_day(s, day)
                           for (k, _), s in self.open.items()) else "services"


def desk_of(data: object) -> int | None:
    """The desk a sign-in names (None: none, or not a desk number)."""
    desk = data.get("desk") if isinstance(data, dict) else None
    return desk if type(desk) is int else None


def registered_desks(desks: object) -> frozenset[int] | None:
    """The desks a counter key's registration names (None: it names none)."""
    if not isinstance(desks, list) or not desks:
        return None
    return frozenset(d for d in desks if type(d) is int) or None
