"""A counter's acts kept on its disk (``db/journals/desk_journal.py``) landing in the record: the
same :func:`~ult_desktop.db.queue.transition.move` as a click, the same rules, plus what
only offline needs (a number called at two counters), inside the counter's write."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ult_desktop.core.authority import CLOCK_TOLERANCE_S, SIGN_IN
from ult_desktop.core.chain import DeskAct, act_digest, json_dict, signed_fields, verify_sig
from ult_desktop.core.numbering import office_day, parse_number
from ult_desktop.core.tickets import (
    AT_COUNTER_STATES,
    FINAL_STATES,
    EventKind,
    Outcome,
    Ticket,
    TicketState,
    can_transition,
)
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import officer_row
from ult_desktop.db.queue.rows import (
    TICKET_SELECT,
    day_settings,
    now_or_clock,
    standing_rows,
    ticket_from_row,
)
from ult_desktop.db.queue.transition import event, move, note, refuse
from ult_desktop.db.record.events import append_event, iso
from ult_desktop.db.record.judged import desk_sessions
from ult_desktop.db.record.station_keys import act_key

S = TicketState

#: What an officer does at a counter while the share is away, and who signed in there.
DESK_ACTS = ("call", "serve", "finish", "skip")
ACT_KINDS = (*DESK_ACTS, "signin")
#: What an officer may choose on the outage strip's Selesai (no escalation: needs a case).
OFFLINE_OUTCOMES = ("answered", "consulted", "cancelled")
_STATES_AFTER = {"call": S.CALLED, "serve": S.SERVING, "skip": S.SKIPPED}
_KINDS = {"call": EventKind.CALLED, "serve": EventKind.SERVING, "skip": EventKind.SKIPPED}
CALL_CONFLICT = "call_conflict"
#: A conflict's rule: marked no-show at one counter offline, then called at another.
NO_SHOW = "no_show"
OFFICER_CREDITED = "officer_credited"
#: A journal whose chain broke at landing: that act and all after it refused.
JOURNAL_BROKEN = "journal_broken"
#: A landing's acts as their station signed them, in the journal's order (its chain).
JOURNAL_LANDED = "journal_landed"
#: A station's newest events read for the end of its last online write (an outage's start).
_RECENT_OWN = 50


def act_fault(conn: Connection, act: DeskAct, prev: str | None, *, signed: bool,
              own: Signer | None = None) -> str | None:
    """Why *act* is not what its station did, or None: ``chain``, ``edited``, ``unsigned``
    or ``signature``. *prev*: hash of the act before it (None: unknown); *signed*: the
    station signs; *own*: the landing station's key (``station_keys.act_key``)."""
    if prev is not None and act.prev != prev:
        return "chain"  # an act was taken out or put in between
    if not act.hash:  # written before acts were signed
        return "unsigned" if signed else None
    if act.hash != act_digest(act, act.prev).hex():
        return "edited"
    if act.sig is None:
        return "unsigned" if signed else None
    public = act_key(conn, act.key_id, own)
    if not public or not verify_sig(public, bytes.fromhex(act.hash), bytes.fromhex(act.sig)):
        return "signature"
    return None


def land_desk_acts(db: Database, conn: Connection, acts: list[DeskAct], *,
                   chain: dict[str, str] | None = None, signed: bool = False,
                   signed_in: list[DeskAct] | tuple = (), own: Signer | None = None,
                   before_finish: Callable[[Connection, Ticket, DeskAct], str] | None = None,
                   untried: frozenset[str] = frozenset(),
                   ) -> dict[str, tuple[str, int | None]]:
    """Inside a write: apply counters' offline acts, idempotent (by request id), each judged
    as a click would be (docs/network-share.md): an edited journal is refused; the officer
    is the one signed in at that counter that day; a number called at two counters goes to
    the one that finished it, else the earlier call, never to a no-show (the other's acts
    set aside); a move the rules refuse is set aside with its sentence, the acts after it
    land. *before_finish* writes what a Selesai carries first; *untried*: request ids never
    looked for among the events. Returns request id -> (``landed``/``pending``/
    ``set_aside``/``refused``, the counter that keeps the visitor[, the rule's sentence])."""
    out: dict[str, tuple] = {}
    if not acts:
        return out
    now = now_or_clock(None)
    today, settings = day_settings(conn, now)
    tz = settings["timezone"]
    # only an act older than the clock's tolerance can fall before this PC's last online
    # write: a Selesai landed a moment after it was kept never reads the station's events
    online = _last_online(conn, own) if any(
        (now - datetime.fromisoformat(a.at)).total_seconds() > CLOCK_TOLERANCE_S
        for a in acts) else None
    good, broken = _judged(db, conn, acts, out, chain, signed, own,
                           lambda act: _when_fault(conn, act, today, tz, now, online, own))
    if broken is not None:
        append_event(conn, db.station, JOURNAL_BROKEN, counter=broken.counter, data={
            "request_id": broken.request_id, "acts": sum(
                1 for a in acts if out[a.request_id][0] == "refused")})
    fresh = [a for a in acts if a.kind == "signin" and out[a.request_id][0] == "landed"]
    signins = sorted((a.day, a.counter, a.at, a.officer_id) for a in (*fresh, *(
        a for a in signed_in if act_fault(conn, a, None, signed=signed, own=own) is None)))
    finishing = {(a.day, a.number, a.counter) for a in good if a.kind == "finish"}
    last = {(a.day, a.number, a.counter): a.kind for a in good}  # each counter's last act
    for act in good:
        key = (act.day, act.number, act.counter)
        out[act.request_id] = _land_one(db, conn, act, signins, now, finished=key in finishing,
                                        skipped=last[key] == "skip",
                                        before_finish=before_finish,
                                        maybe_in=act.request_id not in untried)
    for act in fresh:
        _credit(db, conn, act, now)
    return out


def _judged(db: Database, conn: Connection, acts: list[DeskAct], out: dict,
            chain: dict[str, str] | None, signed: bool, own: Signer | None,
            when_fault: Callable[[DeskAct], str | None]) -> tuple[list, DeskAct | None]:
    """Each act judged (*out*: request id -> landed or refused); the acts to write and the
    first after a broken link; the chain listed as it lands (``journal_landed``)."""
    good, broken, sound = [], None, []
    for act in acts:
        fault = act_fault(conn, act, None if chain is None else chain.get(act.request_id),
                          signed=signed, own=own)
        if broken is not None or fault == "chain":
            fault, broken = "chain", broken or act  # every act after the break, too
        if broken is None and act.hash:
            sound.append(signed_fields(act) if fault is None else
                         {"prev": act.prev, "hash": act.hash, "refused": fault})
        fault = fault or when_fault(act)
        out[act.request_id] = ("refused", None) if fault else ("landed", act.counter)
        if fault is None and act.kind != "signin":
            good.append(act)
    if sound:
        append_event(conn, db.station, JOURNAL_LANDED, data={"acts": sound})
    return good, broken


#: An act landed before, among its ticket's events: read from the ticket's birth on (the
#: log has no index by ticket: never the whole log under the write lock).
_LANDED_BEFORE = ("SELECT 1 FROM events WHERE id >= ? AND ticket_id = ? AND data LIKE ? "
                  "ORDER BY id DESC LIMIT 1")


def _land_one(db: Database, conn: Connection, act: DeskAct, signins: list[tuple],
              now: datetime, *,
              finished: bool, skipped: bool, before_finish: Callable | None,
              maybe_in: bool = True) -> tuple:
    """Write one judged act, credited to its counter's officer (*signins*); ``pending``
    while its ticket is not in the record. A refused move is raised before anything is
    written, so only that act is set aside (never the journal's whole write)."""
    at, signed = datetime.fromisoformat(act.at), _stamp(act, now)
    act = _credited(act, signins)
    prefix, seq = parse_number(act.number)
    row = next(iter(standing_rows(conn, conn.execute(
        TICKET_SELECT + " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
        (act.day, prefix, seq)).fetchall())), None)
    if row is None:
        return "pending", None  # not in the record yet (a row no act issued is not)
    ticket = ticket_from_row(row)
    said = json.dumps({"request_id": act.request_id})[1:-1]
    if maybe_in and conn.execute(_LANDED_BEFORE, (row["issue_event"] or 0, ticket.id,
                                                  f"%{said}%")).fetchone() is not None:
        return "landed", ticket.counter  # this act landed before: an act lands once
    try:
        if act.kind == "call":
            return _land_call(db, conn, ticket, act, signed, at, finished=finished,
                              skipped=skipped)
        return _land_act(db, conn, ticket, act, signed, at, before_finish)
    except errors.RuleViolation as exc:
        return "set_aside", ticket.counter, str(exc)


def _last_online(conn: Connection, own: Signer | None) -> datetime | None:
    """The time of this station's newest event written online (not a landed act)."""
    rows = () if own is None else conn.execute(
        "SELECT at, data FROM events WHERE station_key = ? ORDER BY id DESC LIMIT ?",
        (own.key_id, _RECENT_OWN))
    return next((datetime.fromisoformat(at) for at, data in rows
                 if '"offline": true' not in (data or "")), None)


def _when_fault(conn: Connection, act: DeskAct, today: str, tz: str, now: datetime,
                online: datetime | None, own: Signer | None) -> str | None:
    """Why *act* may not have happened when and by whom it says: ``day``, ``future``,
    ``no_outage`` or ``officer``."""
    at = datetime.fromisoformat(act.at)
    if office_day(at, tz).isoformat() != act.day or act.day[:7] < today[:7]:
        return "day"
    if (at - now).total_seconds() > CLOCK_TOLERANCE_S:
        return "future"
    if online is not None and (online - at).total_seconds() > CLOCK_TOLERANCE_S:
        return "no_outage"
    if act.kind == "signin" and own is not None and not _signed_in_here(conn, own,
                                                                         act.officer_id):
        return "officer"
    return None


def _signed_in_here(conn: Connection, own: Signer, officer_id: int | None) -> bool:
    """Whether the officer signed in online at this PC's key before, by a sign-in the
    record lets stand (``judged.desk_sessions``; before any key: the event as it is)."""
    judged = desk_sessions(conn)
    if judged is None:
        return conn.execute(
            "SELECT 1 FROM events WHERE station_key = ? AND kind = ? AND actor = (SELECT "
            "username FROM officers WHERE id = ?) LIMIT 1",
            (own.key_id, SIGN_IN, officer_id)).fetchone() is not None
    row = officer_row(conn, officer_id) if officer_id is not None else None  # (judged)
    return row is not None and (own.key_id, row["username"]) in judged[0].seen


def _credit(db: Database, conn: Connection, signin: DeskAct, now: datetime) -> None:
    """The officer who signed in at a counter is credited with the visits it served that
    day before, while nobody could sign in there."""
    rows = conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.counter_number = ? AND "
                        "t.officer_id IS NULL AND t.called_at <= ?",
                        (signin.day, signin.counter, signin.at)).fetchall()
    for row in standing_rows(conn, rows):
        note(db, conn, row["id"], officer_id=signin.officer_id, kind=OFFICER_CREDITED,
             at=datetime.fromisoformat(signin.at),
             data=_data(signin, _stamp(signin, now)))


def _credited(act: DeskAct, signins: list[tuple]) -> DeskAct:
    """*act* with the officer of its counter's sign-in that day (before it, else the
    first after it), None when nobody signed in there."""
    mine = [s for s in signins if s[0] == act.day and s[1] == act.counter]
    before = [s for s in mine if s[2] <= act.at]
    officer = (before[-1] if before else mine[0])[3] if mine else None
    return replace(act, officer_id=officer)


def _stamp(act: DeskAct, now: datetime) -> dict:
    """What every event of a landed *act* carries: the act as signed
    (``core.chain.signed_fields``) and when it landed (the outage window closes there)."""
    return {"act": signed_fields(act), "landed": iso(now)}


def _data(act: DeskAct, stamp: dict, **more) -> dict:
    """A landed act's event data: the officer credited, its *stamp* (:func:`_stamp`), and
    that it was offline."""
    return {"request_id": act.request_id, "officer_id": act.officer_id, "offline": True,
            **stamp, **more}


def _land_call(db: Database, conn: Connection, ticket: Ticket, act: DeskAct, signed: dict,
               at: datetime, *, finished: bool, skipped: bool) -> tuple[str, int | None]:
    held_by = ticket.counter
    if held_by == act.counter and ticket.state is not S.SKIPPED:
        return "landed", act.counter  # a retry whose first landing was saved
    if ticket.state is S.SKIPPED and held_by not in (None, act.counter) and \
            _skipped_offline(conn, ticket):
        # called and marked no-show at another counter offline, then called here: a call
        # conflict (whether or not this counter finished yet); the wait counts to the call
        # that served
        after = move(db, conn, ticket, S.CALLED, kind=EventKind.CALLED, at=at,
                     counter=act.counter, data=_data(act, signed), handover=True,
                     counter_number=act.counter, officer_id=act.officer_id)
        event(db, conn, CALL_CONFLICT, after, at, data=_data(
            act, signed, kept_by=act.counter, set_aside=held_by, rule=NO_SHOW))
        return "landed", act.counter
    if can_transition(ticket.state, S.CALLED) and ticket.state not in AT_COUNTER_STATES:
        move(db, conn, ticket, S.CALLED, kind=EventKind.CALLED, at=at, counter=act.counter,
             data=_data(act, signed), counter_number=act.counter, officer_id=act.officer_id)
        return "landed", act.counter
    if ticket.state in FINAL_STATES or not _arbitrable(conn, ticket):
        # ended at another counter, or called there online: never taken from it ("finished"
        # and "first" arbitrate only between two counters' offline calls)
        rule, mine = ("finished" if ticket.state in FINAL_STATES else "online"), False
    elif finished:  # the counter that finished the visit keeps it
        rule, mine = "finished", True
    elif skipped:  # marked no-show here: the other counter's call stands
        rule, mine = NO_SHOW, False
    else:
        rule, mine = "first", ticket.called_at is not None and (at, act.counter) < (
            ticket.called_at, held_by or 0)
    if not mine:
        event(db, conn, CALL_CONFLICT, ticket, at, counter=act.counter,
              data=_data(act, signed, kept_by=held_by, set_aside=act.counter, rule=rule))
        return "set_aside", held_by
    # the visitor is this counter's; the other counter's call is set aside
    move(db, conn, ticket, S.CALLED, kind=CALL_CONFLICT, at=at, counter=act.counter,
         handover=True, counter_number=act.counter, officer_id=act.officer_id,
         data=_data(act, signed, kept_by=act.counter, set_aside=held_by, rule=rule))
    return "landed", act.counter


def conflict_sentence(data: dict, number: str, counter: int | None
                      ) -> tuple[str, bool] | None:
    """What *counter* is told of a ``call_conflict`` (its event's *data*) about *number*,
    and whether it keeps the visit; None: not one of the two counters."""
    from ult_desktop.core.i18n import tr

    kept_by, aside = data.get("kept_by"), data.get("set_aside")
    if counter is None or counter not in (kept_by, aside):
        return None
    kept = kept_by == counter
    key = ("kept" if kept else "set_aside") + {
        "finished": "_finished", NO_SHOW: "_no_show"}.get(str(data.get("rule")), "")
    return tr(f"counter.offline.conflict_{key}", number=number,
              counter=aside if kept else kept_by), kept


def day_conflicts(db: Database) -> list:
    """Today's ``call_conflict`` events (a counter started after one landed still tells it)."""
    from ult_desktop.db.house.office import office_today
    from ult_desktop.db.record.events import event_from_row

    return db.read(lambda conn: [event_from_row(row) for row in conn.execute(
        "SELECT e.* FROM tickets t JOIN events e ON e.ticket_id = t.id WHERE t.day = ? AND "
        "e.kind = ? ORDER BY e.id", (office_today(conn).isoformat(), CALL_CONFLICT))])


def _skipped_offline(conn: Connection, ticket: Ticket) -> bool:
    """Was *ticket*'s last no-show an act kept while the share was away?"""
    row = conn.execute("SELECT data FROM events WHERE ticket_id = ? AND kind = ? ORDER BY id "
                       "DESC LIMIT 1", (ticket.id, EventKind.SKIPPED)).fetchone()
    return row is not None and json_dict(row[0]).get("offline") is True


def _arbitrable(conn: Connection, ticket: Ticket) -> bool:
    """Whether the call that put *ticket* at its counter may yield to an offline act: an
    offline act itself, or its station's last online write (a reply maybe lost)."""
    row = conn.execute("SELECT id, data, station_key FROM events WHERE ticket_id = ? AND "
                       "kind IN (?, ?) ORDER BY id DESC LIMIT 1",
                       (ticket.id, EventKind.CALLED, CALL_CONFLICT)).fetchone()
    if row is None or '"offline": true' in (row[1] or ""):
        return True
    return ticket.state is S.CALLED and all(
        '"offline": true' in (data or "") for (data,) in conn.execute(
            "SELECT data FROM events WHERE station_key = ? AND id > ?", (row[2], row[0])))


def _land_act(db: Database, conn: Connection, ticket: Ticket, act: DeskAct, signed: dict,
              at: datetime, before_finish: Callable | None) -> tuple[str, int | None]:
    if ticket.counter != act.counter:
        return "set_aside", ticket.counter
    result = Outcome(act.outcome or Outcome.ANSWERED.value)
    wanted = result.final_state() if act.kind == "finish" else _STATES_AFTER[act.kind]
    if ticket.state is wanted or not can_transition(ticket.state, wanted):
        # already there (a retry), or moved on online (a kept Selesai: its officer is told)
        moved_on = ticket.state is not wanted and act.body is not None
        return ("set_aside" if moved_on else "landed"), act.counter
    refuse(ticket, wanted)  # (before a Selesai's record is written)
    if act.kind == "finish":
        if before_finish is not None and act.body is not None:
            result = Outcome(before_finish(conn, ticket, act))
        kind = EventKind.ESCALATED if result is Outcome.ESCALATED else EventKind.FINISHED
        columns: dict = {"outcome": result.value}
        data = _data(act, signed, outcome=result.value)
    else:
        kind, columns, data = _KINDS[act.kind], {}, _data(act, signed)
    move(db, conn, ticket, wanted, kind=kind, at=at, counter=act.counter, data=data,
         **columns)
    return "landed", act.counter
