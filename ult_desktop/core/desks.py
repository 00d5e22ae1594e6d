"""Which counters serve now: the one rule every screen and the call rule read.

A counter serves while an officer is signed in there (her ``officer_login`` at that
counter not closed by her own station's ``officer_logout``) and it is not on a break. A
sign-in goes stale when its station is gone: its heartbeat unmoved for
:data:`GONE_AFTER_S`, or its program started again since. A counter with no sign-in or
sign-out that day (the command line) serves once it has called. A priority counter
nobody serves is no priority desk. Pure: ``db.queue.serving`` reads the acts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SIGN_IN, SIGN_OUT = "officer_login", "officer_logout"
#: A station whose heartbeat row (written once a minute) is older than this is gone.
GONE_AFTER_S = 180.0


@dataclass(frozen=True)
class DeskMark:
    """One sign-in or sign-out: its kind, the counter (None: no desk), the station that
    wrote it, the officer's user name and its time (epoch seconds, that station's clock)."""

    kind: str
    counter: int | None
    station: str
    username: str | None
    at: float


@dataclass(frozen=True)
class StationLife:
    """What a station's heartbeat row says: seconds since it was written (None: not
    known) and when its running program started (its own clock; None: not said)."""

    age_s: float | None = None
    started: float | None = None


def seated(marks: Iterable[DeskMark]) -> dict[int, DeskMark]:
    """The sign-in standing at each counter after *marks* (in record order)."""
    at: dict[int, DeskMark] = {}
    for m in marks:
        for number, was in list(at.items()):
            same_station = was.station == m.station
            same_officer = m.username is not None and was.username == m.username
            if m.kind == SIGN_IN and (same_officer or number == m.counter):
                del at[number]  # one officer at one desk
            elif m.kind == SIGN_OUT and same_station and (
                    m.username is None or was.username == m.username) and (
                    m.counter is None or m.counter == number):
                del at[number]
        if m.kind == SIGN_IN and m.counter is not None:
            at[m.counter] = m
    return at


def gone(mark: DeskMark, life: StationLife | None) -> bool:
    """Is the station of sign-in *mark* gone (no heartbeat for long, or started again
    after it)? Not known: not gone."""
    if life is None:
        return False
    if life.age_s is not None and life.age_s > GONE_AFTER_S:
        return True
    # started again within the day after it (one PC's clock: a simulated day's marks
    # from months before say nothing of a program started now)
    return life.started is not None and mark.at < life.started < mark.at + 86400


def serving(marks: Iterable[DeskMark], *, active: Iterable[int], paused: Iterable[int],
            stations: Mapping[str, StationLife], called: Iterable[int] = ()
            ) -> frozenset[int]:
    """The *active* counters that serve now: an officer's sign-in stands there (its
    station not gone) and it is not *paused*; one with no mark at all in *marks* serves
    when it is among those that *called* that day."""
    marks = list(marks)
    sits = seated(marks)
    marked = {m.counter for m in marks}
    called, paused = set(called), set(paused)
    out = set()
    for number in active:
        if number in paused:
            continue
        mark = sits.get(number)
        if mark is not None and not gone(mark, stations.get(mark.station)) or \
                mark is None and number not in marked and number in called:
            out.add(number)
    return frozenset(out)
