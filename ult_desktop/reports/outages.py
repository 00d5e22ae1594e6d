"""The shared file's outages in a period, as the record shows them: when the share was
away, and the acts counters kept on their PCs and tickets kiosks issued from held numbers.

Acts kept offline and kiosk tickets that landed late are the signs; the last live write
before them and the first after bound the outage, and what lies inside is counted once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ult_desktop.core.acts import ACTS_CARRIED_FROM, OFFLINE_KINDS
from ult_desktop.core.chain import json_dict, landed_act_fault
from ult_desktop.core.tickets import EventKind
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.events import iso

#: The one event a kiosk's ticket issued from held numbers lands as (``db.queue.numbers``).
ISSUED = EventKind.ISSUED
#: Two signs of an outage this far apart belong to two outages.
OUTAGE_GAP = timedelta(minutes=30)
#: How far before and after its signs the live writes that bound an outage are looked for.
_REACH = timedelta(hours=2)
_SIGNS = ("SELECT ticket_id, at, data, id, station_key, kind FROM events WHERE id > ? AND "
          "ticket_id IS NOT NULL AND (data LIKE '%\"offline\": true%' OR data LIKE "
          "'%\"held\": true%') ORDER BY id")
_LIVE = ("data IS NULL OR (data NOT LIKE '%\"offline\": true%' AND data NOT LIKE "
         "'%\"landed\": %')")


@dataclass
class Outage:
    """The shared file away: after the last live write *since*, back by *until*."""

    since: datetime
    until: datetime
    offline_acts: int = 0       # counters' acts kept on their PCs, landed afterwards
    held_tickets: int = 0       # tickets kiosks issued from the numbers they held
    #: its signs: (event id, ticket id, "offline" or "held"), in the log's order
    signs: list[tuple[int, int, str]] = field(default_factory=list)


def read_outages(conn: Connection, floor: int, ticket_ids: set[int]) -> list[Outage]:
    """The outages after event *floor*, counting the acts and tickets of *ticket_ids* (an
    act signed by a key that may not sign its kind is no sign)."""
    from ult_desktop.db.record.standing import signers
    from ult_desktop.db.record.station_keys import read_authority

    stands, public = signers(conn), read_authority(conn).public
    acts: list[tuple[datetime, int, int]] = []  # (time, event, ticket) of acts kept offline
    late: list[tuple[datetime, datetime, int, int]] = []  # (touched, landed, event, ticket)
    for ev in conn.execute(_SIGNS, (floor,)).fetchall():
        if ev[0] not in ticket_ids or not stands(ev[4], ev[3], ev[5]):
            continue
        data, at = json_dict(ev[2]), datetime.fromisoformat(ev[1])
        if data.get("offline"):
            act = data.get("act")  # a Selesai kept first (its record's digest): no sign
            if _landed(ev[5], ev[1], ev[4], act, public) and not (
                    isinstance(act, dict) and act.get("body")):
                acts.append((at, ev[3], ev[0]))
            continue
        landed = _time(data.get("landed"))
        if landed is not None and ev[5] == ISSUED:  # landed late: issued while away
            late.append((at, landed, ev[3], ev[0]))
    out: list[Outage] = []
    for at in sorted([*(t for t, _, _ in acts), *(t for t, _, _, _ in late)]):
        if not out or at - out[-1].until > OUTAGE_GAP:
            out.append(Outage(since=at, until=at))
        out[-1].until = at
    for outage in out:
        first, last = outage.since, outage.until
        back = min((landed for t, landed, _, _ in late if first <= t <= last), default=None)
        outage.since = _live(conn, floor, "MAX", first - _REACH, first) or first
        after = _live(conn, floor, "MIN", last, last + _REACH)
        outage.until = max(last, min(x for x in (after, back, last + _REACH) if x is not None))
        within = [(e, tid, "offline") for at, e, tid in acts
                  if outage.since <= at <= outage.until]
        held = [(e, tid, "held") for at, _, e, tid in late if outage.since <= at <= outage.until]
        outage.offline_acts, outage.held_tickets = len(within), len(held)
        outage.signs = sorted(within + held)
    return out


def _live(conn: Connection, floor: int, which: str, lo: datetime, hi: datetime
          ) -> datetime | None:
    """The latest (MAX) or earliest (MIN) event written live between *lo* and *hi*."""
    row = conn.execute(f"SELECT {which}(at) FROM events WHERE id > ? AND at > ? AND at < ? "
                       f"AND ({_LIVE})", (floor, iso(lo), iso(hi))).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def _landed(kind: str, at: str, key: str | None, act: object, public: dict) -> bool:
    """Whether an event marked offline is a counter's act landed from its journal: a kind
    a journal lands, with the act its station signed (before acts were carried: none)."""
    if kind not in OFFLINE_KINDS:
        return False  # (a device test, or any online event, marked so: no sign)
    if act is None and at < ACTS_CARRIED_FROM or not public:
        return True  # (landed before acts were carried, or a file with no keys)
    return landed_act_fault(act, key, public.get(key or "")) is None


def _time(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
