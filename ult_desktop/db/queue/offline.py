"""Acts a counter did while the share was away, landing in the record: the same
transition as a click (:func:`ult_desktop.db.queue.transition.move`), judged by the same
rules, plus what only offline needs (a number called at two counters).

The acts themselves are kept on the counter PC's disk by ``db/journal.py``; this module
only judges and writes them, inside the counter's write transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ult_desktop.core.chain import DeskAct, act_digest, verify_sig
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
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.queue.rows import TICKET_SELECT, _now, _today, ticket_from_row
from ult_desktop.db.queue.transition import event, move, note

S = TicketState

#: What an officer does at a counter while the share is away: call the number on the
#: visitor's paper (the kiosk kept issuing), start serving, finish, or mark a no-show;
#: and who signed in at the counter (the acts' officer is taken from it, never typed).
DESK_ACTS = ("call", "serve", "finish", "skip")
ACT_KINDS = (*DESK_ACTS, "signin")
#: What an officer may choose on the outage strip's Selesai (an escalation needs the
#: guest-book record and its case: the desk's own form once the file is back).
OFFLINE_OUTCOMES = ("answered", "consulted", "cancelled")
_STATES_AFTER = {"call": S.CALLED, "serve": S.SERVING, "skip": S.SKIPPED}
_KINDS = {"call": EventKind.CALLED, "serve": EventKind.SERVING, "skip": EventKind.SKIPPED}
CALL_CONFLICT = "call_conflict"
OFFICER_CREDITED = "officer_credited"


def act_fault(conn: Connection, act: DeskAct, prev: str | None, *, signed: bool,
              own: Signer | None = None) -> str | None:
    """Why *act* is not what its station did, or None: ``chain``, ``edited``, ``unsigned``
    or ``signature``.

    *prev*: the hash of the act before it in its journal (None: not known here); *signed*:
    the landing station signs its events, so its acts must be signed too; *own*: the
    landing station's key (its own acts verify against it even before the admin
    registered it; another station's acts only against a key the record holds)."""
    if prev is not None and act.prev != prev:
        return "chain"  # an act was taken out or put in between
    if not act.hash:  # written before acts were signed
        return "unsigned" if signed else None
    if act.hash != act_digest(act, act.prev).hex():
        return "edited"
    if act.sig is None:
        return "unsigned" if signed else None
    if own is not None and act.key_id == own.key_id:
        public = bytes(own.public_key)
    else:
        row = conn.execute("SELECT public_key FROM station_keys WHERE key_id = ? AND state "
                           "!= 'revoked'", (act.key_id,)).fetchone()
        public = bytes(row[0]) if row is not None else b""
    if not public or not verify_sig(public, bytes.fromhex(act.hash), bytes.fromhex(act.sig)):
        return "signature"
    return None


def land_desk_acts(db: Database, conn: Connection, acts: list[DeskAct], *,
                   chain: dict[str, str] | None = None, signed: bool = False,
                   signed_in: list[DeskAct] | tuple = (), own: Signer | None = None,
                   ) -> dict[str, tuple[str, int | None]]:
    """Inside a write: apply counters' offline acts to the tickets, idempotent (an act
    already on its ticket changes nothing; its event carries the request id).

    Each act is judged as a click would be (the move allowed from the record's state):

    - refused (``refused``: an edited journal, not a visit): a hash, chain (*chain*:
      request id -> the hash of the act before it in its journal) or signature that does
      not hold, unsigned where the station signs (*signed*), an act of another office day
      than its own time's, or of a month before the current one (its report may be out);
    - the officer is the one signed in at that counter that day (the journal's ``signin``
      acts, those landed before in *signed_in*: before the act, else the first after),
      never the one typed; a sign-in landing credits that day's visits its counter served
      before it with nobody signed in;
    - a call never takes a visit another counter already ended: set aside, and a
      ``call_conflict`` event names both counters (``rule``: ``finished``);
    - a number called at two counters while the share was away (or at one that lost the
      reply to its call as it went), whichever lands first: the counter that finished it
      keeps it; both or neither: the earlier call (same second: the lower counter), rule
      ``finished`` or ``first``. The other counter's acts for it are set aside.

    Returns request id -> (``landed``, ``pending``, ``set_aside`` or ``refused``, the
    counter that keeps the visitor)."""
    out: dict[str, tuple[str, int | None]] = {}
    if not acts:
        return out
    today, settings = _today(conn, _now(None))
    tz = settings["timezone"]
    good = []
    for act in acts:
        fault = act_fault(conn, act, None if chain is None else chain.get(act.request_id),
                          signed=signed, own=own)
        at = datetime.fromisoformat(act.at)
        if fault is None and (office_day(at, tz).isoformat() != act.day
                              or act.day[:7] < today[:7]):
            fault = "day"
        out[act.request_id] = ("refused", None) if fault else ("landed", act.counter)
        if fault is None and act.kind != "signin":
            good.append(act)
    fresh = [a for a in acts if a.kind == "signin" and out[a.request_id][0] == "landed"]
    signins = sorted((a.day, a.counter, a.at, a.officer_id) for a in (*fresh, *(
        a for a in signed_in if act_fault(conn, a, None, signed=signed, own=own) is None)))
    finishing = {(a.day, a.number, a.counter) for a in good if a.kind == "finish"}
    for act in good:
        at = datetime.fromisoformat(act.at)
        act = _credited(act, signins)
        prefix, seq = parse_number(act.number)
        row = conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                           (act.day, prefix, seq)).fetchone()
        if row is None:
            out[act.request_id] = ("pending", None)  # not in the record yet
            continue
        ticket = ticket_from_row(row)
        if act.kind == "call":
            out[act.request_id] = _land_call(db, conn, ticket, act, at, finished=(
                act.day, act.number, act.counter) in finishing)
        else:
            out[act.request_id] = _land_act(db, conn, ticket, act, at)
    for act in fresh:
        _credit(db, conn, act)
    return out


def _credit(db: Database, conn: Connection, signin: DeskAct) -> None:
    """The officer who signed in at a counter is credited with the visits it served that
    day before, while nobody could sign in there."""
    rows = conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.counter_number = ? AND "
                        "t.officer_id IS NULL AND t.called_at <= ?",
                        (signin.day, signin.counter, signin.at)).fetchall()
    for row in rows:
        note(db, conn, row["id"], officer_id=signin.officer_id, kind=OFFICER_CREDITED,
             at=datetime.fromisoformat(signin.at),
             data={"officer_id": signin.officer_id, "request_id": signin.request_id,
                   "offline": True})


def _credited(act: DeskAct, signins: list[tuple]) -> DeskAct:
    """*act* with the officer of its counter's sign-in that day (before it, else the
    first after it), None when nobody signed in there."""
    mine = [s for s in signins if s[0] == act.day and s[1] == act.counter]
    before = [s for s in mine if s[2] <= act.at]
    officer = (before[-1] if before else mine[0])[3] if mine else None
    return replace(act, officer_id=officer)


def _data(act: DeskAct, **more) -> dict:
    return {"request_id": act.request_id, "officer_id": act.officer_id, "offline": True,
            **more}


def _land_call(db: Database, conn: Connection, ticket: Ticket, act: DeskAct, at: datetime,
               *, finished: bool) -> tuple[str, int | None]:
    held_by = ticket.counter
    if held_by == act.counter and ticket.state is not S.SKIPPED:
        return "landed", act.counter  # a retry whose first landing was saved
    if can_transition(ticket.state, S.CALLED) and ticket.state not in AT_COUNTER_STATES:
        move(db, conn, ticket, S.CALLED, kind=EventKind.CALLED, at=at, counter=act.counter,
             data=_data(act), counter_number=act.counter, officer_id=act.officer_id)
        return "landed", act.counter
    if ticket.state in FINAL_STATES:  # ended at another counter: never taken from it
        event(db, conn, CALL_CONFLICT, ticket, at, counter=act.counter,
              data=_data(act, kept_by=held_by, set_aside=act.counter, rule="finished"))
        return "set_aside", held_by
    if finished:  # the counter that finished the visit keeps it
        rule, mine = "finished", True
    else:
        rule, mine = "first", ticket.called_at is not None and (at, act.counter) < (
            ticket.called_at, held_by or 0)
    if not mine:
        event(db, conn, CALL_CONFLICT, ticket, at, counter=act.counter,
              data=_data(act, kept_by=held_by, set_aside=act.counter, rule=rule))
        return "set_aside", held_by
    # the visitor is this counter's; the other counter's call is set aside
    note(db, conn, ticket.id, counter_number=act.counter, officer_id=act.officer_id,
         called_at=act.at, first_called_at=act.at, kind=CALL_CONFLICT, at=at,
         data=_data(act, kept_by=act.counter, set_aside=held_by, rule=rule))
    return "landed", act.counter


def _land_act(db: Database, conn: Connection, ticket: Ticket, act: DeskAct, at: datetime
              ) -> tuple[str, int | None]:
    if ticket.counter != act.counter:
        return "set_aside", ticket.counter
    if act.kind == "finish":
        result = Outcome(act.outcome or Outcome.ANSWERED.value)
        wanted = result.final_state()
        kind = EventKind.ESCALATED if result is Outcome.ESCALATED else EventKind.FINISHED
        columns: dict = {"outcome": result.value}
        data = _data(act, outcome=result.value)
    else:
        wanted, kind, columns, data = _STATES_AFTER[act.kind], _KINDS[act.kind], {}, _data(act)
    if ticket.state is wanted or not can_transition(ticket.state, wanted):
        return "landed", act.counter  # already there (a retry), or moved on online
    move(db, conn, ticket, wanted, kind=kind, at=at, counter=act.counter, data=data,
         **columns)
    return "landed", act.counter
