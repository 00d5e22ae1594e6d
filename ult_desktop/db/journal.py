"""A kiosk's journal on its own disk: touch -> paper never waits for the share (issue #33).

The kiosk holds a few numbers of each prefix for the day (``number_reserves`` in the
shared record, claimed inside its normal writes: ``operations.hold_numbers``). A touch
takes the next held number here, in a local SQLite file (``synchronous=FULL``: durable
before the paper), and the ticket is printed at once. The journal is the kiosk's
``PrintOutbox``: every write the kiosk makes to the shared record (the landing it asks
for right after a ticket, its heartbeat, its closing) also lands what the journal holds
(``operations.land_touches``: the ticket with its number, id, code and touch time, and
its print outcome), gives back ranges of earlier days and claims more numbers, in that
one transaction. A landing whose reply was lost is found by its request id next time:
nothing is written twice. While the share is away the kiosk keeps issuing from what it
holds; everything lands when the share returns.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ult_desktop.core.numbering import CODE_ALPHABET, CODE_RANDOM_LEN, parse_number, ticket_code
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.tickets import EventKind, Outcome, Ticket, TicketState, can_transition
from ult_desktop.db.engine import Database
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.operations import (
    Held,
    PrintOutbox,
    Touch,
    hold_numbers,
    land_touches,
    write_print_result,
    write_prints,
)
from ult_desktop.db.record.events import append_event, iso
from ult_desktop.db.tickets import TICKET_SELECT, ticket_from_row

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Numbers held per prefix: enough for a burst at one kiosk between two landings, few
#: enough that several kiosks' numbers stay close to arrival order.
HOLD = 4

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS held (
        day TEXT NOT NULL, prefix TEXT NOT NULL, first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL, first_id INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,          -- the next number to issue from this range
        reserve INTEGER NOT NULL DEFAULT 0, -- the office's outage reserve: taken last
        PRIMARY KEY (day, prefix, first_seq))""",
    """CREATE TABLE IF NOT EXISTS touches (
        request_id TEXT PRIMARY KEY, day TEXT NOT NULL, prefix TEXT NOT NULL,
        seq INTEGER NOT NULL, ticket_id INTEGER NOT NULL, service TEXT NOT NULL,
        priority INTEGER NOT NULL, priority_group TEXT, channel TEXT NOT NULL,
        code TEXT NOT NULL, touched_at TEXT NOT NULL, print_status TEXT, print_error TEXT,
        printer TEXT, printed_at TEXT,
        landed_id INTEGER)                  -- the ticket's id in the record, once landed""",
)
_TOUCH_COLUMNS = ("request_id", "day", "prefix", "seq", "ticket_id", "service", "priority",
                  "priority_group", "channel", "code", "touched_at", "print_status",
                  "print_error", "printer", "printed_at")


def _open_local(path: Path, schema: tuple[str, ...]) -> sqlite3.Connection:
    """A station's own journal file: every commit durable before the screen says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous = FULL")
    for statement in schema:
        conn.execute(statement)
    return conn


class KioskJournal(PrintOutbox):
    """One kiosk's journal (a local file per shared record and station). Thread-safe:
    the kiosk's touch thread takes numbers, its database worker lands them."""

    def __init__(self, path: str | Path, *, station: str | None = None, hold: int = HOLD):
        super().__init__()
        self.station = station
        #: print answers that came while their ticket was landing (ticket id, ok, ...)
        self._late: list[tuple[int, bool, str | None, str | None]] = []
        self.path = Path(path)
        self.hold = hold
        self._conn = _open_local(self.path, _SCHEMA)
        self._local = threading.RLock()
        self.closed = False
        with self._local:
            columns = {d[0] for d in self._conn.execute("SELECT * FROM held LIMIT 0")
                       .description}
            if "reserve" not in columns:  # a journal from before the outage reserve
                self._conn.execute("ALTER TABLE held ADD COLUMN reserve INTEGER NOT NULL "
                                   "DEFAULT 0")

    def close(self) -> None:
        with self._local:
            self.closed = True
            self._conn.close()

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """A read; nothing once closed (a late question from the screen)."""
        with self._local:
            return [] if self.closed else self._conn.execute(sql, params).fetchall()

    def _tx(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._local:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                out = fn(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return out

    # -- the touch -----------------------------------------------------------------------
    def take(self, *, day: str, service: str, prefix: str, priority: bool = False,
             priority_group: str | None = None, channel: str = "walk_in",
             request_id: str, now: datetime | None = None) -> Touch | None:
        """Issue the next held number of *prefix* for *day* to this touch and keep it on
        disk before returning; None when none is held (the caller issues on the share).
        The same *request_id* again returns the same ticket (a retried touch)."""
        at = iso(now or _utc_now())

        def tx(conn: sqlite3.Connection) -> Touch | None:
            row = conn.execute("SELECT * FROM touches WHERE request_id = ?",
                               (request_id,)).fetchone()
            if row is not None:
                return _touch(row)
            held = conn.execute("SELECT * FROM held WHERE day = ? AND prefix = ? AND "
                                "next_seq <= last_seq ORDER BY reserve, first_seq LIMIT 1",
                                (day, prefix)).fetchone()
            if held is None:
                return None
            seq = held["next_seq"]
            ticket_id = held["first_id"] + seq - held["first_seq"]
            code = ticket_code("".join(secrets.choice(CODE_ALPHABET)
                                       for _ in range(CODE_RANDOM_LEN)), ticket_id)
            conn.execute("UPDATE held SET next_seq = next_seq + 1 WHERE day = ? AND prefix = ? "
                         "AND first_seq = ?", (day, prefix, held["first_seq"]))
            touch = Touch(request_id=request_id, day=day, prefix=prefix, seq=seq,
                          ticket_id=ticket_id, service=service, priority=priority,
                          priority_group=priority_group, channel=channel, code=code,
                          touched_at=at)
            conn.execute(f"INSERT INTO touches ({', '.join(_TOUCH_COLUMNS)}) VALUES "
                         f"({', '.join('?' * len(_TOUCH_COLUMNS))})",
                         tuple(getattr(touch, c) for c in _TOUCH_COLUMNS[:-4])
                         + (None, None, None, None))
            return touch

        return self._tx(tx)

    def left(self, day: str) -> dict[str, int]:
        """Numbers still held for *day*, by prefix."""
        rows = self._rows("SELECT prefix, SUM(last_seq - next_seq + 1) FROM held "
                          "WHERE day = ? GROUP BY prefix", (day,))
        return {r[0]: int(r[1]) for r in rows}

    # -- what is not in the shared record yet ---------------------------------------------
    def note_print(self, ticket_id: int, *, ok: bool, error: str | None = None,
                   printer: str | None = None, now: datetime | None = None) -> bool:
        """The printer answered: for a ticket not landed yet the outcome is kept with it
        (it lands with the ticket); else as any kiosk's outbox (True: kept)."""
        def tx(conn: sqlite3.Connection) -> bool:
            return conn.execute(
                "UPDATE touches SET print_status = ?, print_error = ?, printer = ?, "
                "printed_at = ? WHERE ticket_id = ? AND landed_id IS NULL",
                ("printed" if ok else "failed", None if ok else error, printer,
                 iso(now or _utc_now()), ticket_id)).rowcount > 0

        try:
            kept = self._tx(tx)
        except sqlite3.ProgrammingError:  # the kiosk closed while its printer answered
            log.warning("print outcome of ticket %s not kept: journal closed", ticket_id)
            return True
        if kept or super().note_print(ticket_id, ok=ok, error=error, printer=printer, now=now):
            return True
        with self._lock:  # a failure of a landed ticket: written with the next write
            self._late.append((ticket_id, False, error, printer))
        return True

    def unlanded(self) -> list[Touch]:
        rows = self._rows("SELECT * FROM touches WHERE landed_id IS NULL ORDER BY touched_at")
        return [_touch(r) for r in rows]

    def waiting(self) -> tuple[int, str | None]:
        """How many tickets wait to land, and the oldest one's touch time (iso)."""
        rows = self._rows("SELECT COUNT(*), MIN(touched_at) FROM touches "
                          "WHERE landed_id IS NULL")
        return (int(rows[0][0]), rows[0][1]) if rows else (0, None)

    def held(self) -> dict[Held, int]:
        """Every range held, with how many of its numbers were issued."""
        rows = self._rows("SELECT * FROM held")
        return {Held(r["day"], r["prefix"], r["first_seq"], r["last_seq"], r["first_id"]):
                r["next_seq"] - r["first_seq"] for r in rows}

    def reserves(self) -> frozenset[Held]:
        """The ranges held as the office's outage reserve (taken when the rest is gone)."""
        return frozenset(Held(r["day"], r["prefix"], r["first_seq"], r["last_seq"],
                              r["first_id"])
                         for r in self._rows("SELECT * FROM held WHERE reserve = 1"))

    def __len__(self) -> int:
        return super().__len__() + self.waiting()[0]

    # -- riding in the kiosk's writes -------------------------------------------------------
    def write_with(self, db: Database, tx: Callable[[Connection], T],
                   now: datetime | None = None, *, budget_s: float | None = None,
                   ahead: list | tuple = ()) -> T:
        """``db.write(tx)`` that also lands the journal's tickets, writes the kept print
        results, gives back old ranges and claims new ones, in the same transaction."""
        if db.in_write:
            return db.write(tx, budget_s=budget_s, ahead=ahead)
        with self._local:  # one consistent picture: what is issued and from which ranges
            touches, held, reserves = self.unlanded(), self.held(), self.reserves()
        entries = self.entries()
        with self._lock:
            late, self._late = self._late, []
        moment = now or _utc_now()
        out: dict = {}

        def all_of_it(conn: Connection) -> T:
            result = tx(conn)
            out["landed"] = land_touches(db, conn, touches)
            write_prints(db, conn, entries, moment)
            for ticket_id, ok, error, printer in late:
                write_print_result(db, conn, ticket_id=ticket_id, ok=ok, error=error,
                                   printer=printer, now=moment)
            out["claimed"], out["gone"], out["reserves"] = hold_numbers(
                db, conn, held=list(held), used=held, hold=self.hold, now=moment,
                reserves=reserves)
            return result

        try:
            result = db.write(all_of_it, budget_s=budget_s, ahead=ahead)
        except BaseException:
            with self._lock:
                self._late[:0] = late
            raise
        self._forget(entries)
        self._after(out["landed"], out["claimed"], out["gone"],
                    {t.ticket_id for t in touches if t.print_status}, out["reserves"])
        return result

    def flush(self, db: Database, *, budget_s: float | None = None) -> int:
        count = len(self)
        self.write_with(db, lambda conn: None, budget_s=budget_s)
        return count

    def _after(self, landed: dict[str, int], claimed: list[Held], gone: list[Held],
               printed_before: set[int], reserves: list[Held] | None = None) -> None:
        reserves = reserves or []
        def tx(conn: sqlite3.Connection) -> None:
            conn.executemany("UPDATE touches SET landed_id = ? WHERE request_id = ?",
                             [(tid, rid) for rid, tid in landed.items()])
            conn.executemany("DELETE FROM held WHERE day = ? AND prefix = ? AND first_seq = ?",
                             [(h.day, h.prefix, h.first_seq) for h in gone])
            conn.executemany("INSERT INTO held (day, prefix, first_seq, last_seq, first_id, "
                             "next_seq, reserve) VALUES (?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT DO NOTHING",
                             [(h.day, h.prefix, h.first_seq, h.last_seq, h.first_id,
                               h.first_seq, int(h in reserves)) for h in claimed])
            # a printer that answered while the ticket was landing: its answer rides
            # with the next write
            marks = ",".join("?" * len(landed))
            late = conn.execute(
                "SELECT ticket_id, landed_id, print_status, print_error, printer FROM touches "
                f"WHERE request_id IN ({marks}) AND print_status IS NOT NULL",
                [*landed]).fetchall() if landed else []
            answers = [(r["landed_id"], r["print_status"] == "printed", r["print_error"],
                        r["printer"]) for r in late if r["ticket_id"] not in printed_before]
            with self._lock:
                self._late.extend(answers)
            # landed tickets of earlier days are the record's now
            conn.execute("DELETE FROM touches WHERE landed_id IS NOT NULL AND day < "
                         "(SELECT MAX(day) FROM touches)")

        self._tx(tx)


def _touch(row: sqlite3.Row) -> Touch:
    values = {c: row[c] for c in _TOUCH_COLUMNS}
    values["priority"] = bool(values["priority"])
    return Touch(**values)


# -- a counter's journal: serving through an outage (issue #33 items 4 and 5) -------------
#: What an officer does at a counter while the share is away: call the number on the
#: visitor's paper (the kiosk kept issuing), start serving, finish, or mark a no-show.
DESK_ACTS = ("call", "serve", "finish", "skip")
_DESK_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS acts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL, number TEXT NOT NULL, counter INTEGER NOT NULL,
        officer_id INTEGER, kind TEXT NOT NULL, outcome TEXT, at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | landed | set_aside
        winner INTEGER)                         -- set aside: the counter that keeps it""",
)


@dataclass(frozen=True)
class DeskAct:
    request_id: str
    day: str
    number: str
    counter: int
    officer_id: int | None
    kind: str
    outcome: str | None
    at: str
    state: str = "pending"
    winner: int | None = None


class CounterJournal:
    """One counter's acts while the share was away, on its own disk, in order; landed in
    one write when it returns (:func:`land_desk_acts`). Thread-safe."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._conn = _open_local(self.path, _DESK_SCHEMA)
        self._local = threading.RLock()
        self.closed = False

    def close(self) -> None:
        with self._local:
            self.closed = True
            self._conn.close()

    def record(self, *, day: str, number: str, counter: int, officer_id: int | None,
               kind: str, outcome: str | None = None, now: datetime | None = None) -> DeskAct:
        """Keep one act on disk (before the officer is told it is done)."""
        if kind not in DESK_ACTS:
            raise ValueError(f"unknown act {kind!r}")
        act = DeskAct(secrets.token_hex(8), day, number.strip().upper(), counter, officer_id,
                      kind, outcome, iso(now or _utc_now()))
        with self._local:
            self._conn.execute(
                "INSERT INTO acts (request_id, day, number, counter, officer_id, kind, outcome, "
                "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (act.request_id, act.day, act.number, act.counter, act.officer_id, act.kind,
                 act.outcome, act.at))
        return act

    def acts(self, state: str | None = None) -> list[DeskAct]:
        with self._local:
            if self.closed:  # a late question from the screen
                return []
            rows = self._conn.execute(
                "SELECT * FROM acts" + (" WHERE state = ?" if state else "") + " ORDER BY seq",
                (state,) if state else ()).fetchall()
        return [DeskAct(r["request_id"], r["day"], r["number"], r["counter"], r["officer_id"],
                        r["kind"], r["outcome"], r["at"], r["state"], r["winner"])
                for r in rows]

    def waiting(self) -> tuple[int, str | None]:
        """How many acts wait to be written to the record, and the oldest one's time."""
        with self._local:
            if self.closed:
                return 0, None
            row = self._conn.execute("SELECT COUNT(*), MIN(at) FROM acts WHERE state = "
                                     "'pending'").fetchone()
        return int(row[0]), row[1]

    def current(self, counter: int) -> DeskAct | None:
        """The visitor this counter called last and has not finished or skipped (its own
        acts only: what the officer sees while the share is away)."""
        open_call = None
        for act in self.acts():
            if act.counter != counter or act.state == "set_aside":
                continue
            if act.kind == "call":
                open_call = act
            elif open_call is not None and act.number == open_call.number and \
                    act.kind in ("finish", "skip"):
                open_call = None
        return open_call

    def land(self, db: Database) -> list[DeskAct]:
        """Write the pending acts in one transaction; returns the acts set aside by it
        (another counter keeps that visitor: its officer is told). An act whose ticket
        has not reached the record yet (the kiosk's journal lands it) stays pending."""
        pending = self.acts("pending")
        if not pending:
            return []
        outcome = db.write(lambda conn: land_desk_acts(db, conn, pending))
        with self._local:
            if self.closed:  # closed meanwhile: a later landing finds them written
                return []
            self._conn.executemany("UPDATE acts SET state = ?, winner = ? WHERE request_id = ?",
                                   [(state, winner, rid) for rid, (state, winner)
                                    in outcome.items() if state != "pending"])
        return [a for a in self.acts("set_aside") if a.request_id in outcome]


_STATES_AFTER = {"call": "called", "serve": "serving", "skip": "skipped"}


def land_desk_acts(db: Database, conn: Connection, acts: list[DeskAct]
                   ) -> dict[str, tuple[str, int | None]]:
    """Inside a write: apply counters' offline acts to the tickets, idempotent (an act
    already on its ticket changes nothing; its event carries the request id). One rule
    decides a number called at two counters while the share was away (or at one that
    lost the reply to its call as the share went), whichever lands first: the counter
    that finished the visit keeps it; when both or neither did, the earlier call (the
    same second: the lower counter number). The other counter's acts for it are set aside
    and a ``call_conflict`` event names both and the reason (``rule``: ``finished`` or
    ``first``). Returns request id -> (``landed``, ``pending`` or ``set_aside``, the
    counter that keeps the visitor)."""
    out: dict[str, tuple[str, int | None]] = {}
    finishing = {(a.day, a.number, a.counter) for a in acts if a.kind == "finish"}
    for act in acts:
        prefix, seq = parse_number(act.number)
        row = conn.execute(TICKET_SELECT + " WHERE t.day = ? AND t.prefix = ? AND t.seq = ?",
                           (act.day, prefix, seq)).fetchone()
        if row is None:
            out[act.request_id] = ("pending", None)  # not in the record yet
            continue
        # a retry (the reply was lost) finds its act done on the ticket: nothing twice
        out[act.request_id] = _land_one(db, conn, ticket_from_row(row), act,
                                        finished=(act.day, act.number, act.counter) in finishing)
    return out


def _land_one(db: Database, conn: Connection, ticket: Ticket, act: DeskAct, *,
              finished: bool) -> tuple[str, int | None]:
    data = {"request_id": act.request_id, "officer_id": act.officer_id, "offline": True}
    at = datetime.fromisoformat(act.at)
    held_by = ticket.counter
    if act.kind == "call":
        if ticket.state in (TicketState.WAITING, TicketState.TRANSFERRED, TicketState.SKIPPED):
            conn.execute("UPDATE tickets SET state = 'called', called_at = ?, counter_number = ?, "
                         "officer_id = ?, target_counter = NULL, target_officer_id = NULL, "
                         "first_called_at = COALESCE(first_called_at, ?) WHERE id = ?",
                         (act.at, act.counter, act.officer_id, act.at, ticket.id))
            _ticket_event(db, conn, EventKind.CALLED, ticket, at, act.counter, data)
            return "landed", act.counter
        if held_by == act.counter:
            return "landed", act.counter
        theirs = ticket.state in (TicketState.DONE, TicketState.ESCALATED)
        if finished != theirs:  # the counter that finished the visit keeps it
            rule, mine = "finished", finished
        else:
            rule, mine = "first", ticket.called_at is not None and (at, act.counter) < (
                ticket.called_at, held_by or 0)
        if mine:  # the visitor is this counter's; the other's call is set aside
            conn.execute("UPDATE tickets SET counter_number = ?, officer_id = ?, called_at = ?, "
                         "first_called_at = ? WHERE id = ?",
                         (act.counter, act.officer_id, act.at, act.at, ticket.id))
            _ticket_event(db, conn, "call_conflict", ticket, at, act.counter,
                          {**data, "kept_by": act.counter, "set_aside": held_by, "rule": rule})
            return "landed", act.counter
        _ticket_event(db, conn, "call_conflict", ticket, at, act.counter,
                      {**data, "kept_by": held_by, "set_aside": act.counter, "rule": rule})
        return "set_aside", held_by
    if held_by != act.counter:
        return "set_aside", held_by
    if act.kind == "finish":
        result = Outcome(act.outcome or Outcome.ANSWERED.value)
        if ticket.state not in (TicketState.CALLED, TicketState.SERVING):
            return "landed", act.counter  # already finished there (or moved on)
        conn.execute("UPDATE tickets SET state = ?, outcome = ?, finished_at = ?, "
                     "serving_at = COALESCE(serving_at, called_at) WHERE id = ?",
                     (result.final_state().value, result.value, act.at, ticket.id))
        kind = EventKind.ESCALATED if result is Outcome.ESCALATED else EventKind.FINISHED
        _ticket_event(db, conn, kind, ticket, at, act.counter,
                      {**data, "outcome": result.value})
        return "landed", act.counter
    wanted = TicketState(_STATES_AFTER[act.kind])
    if ticket.state is wanted or not can_transition(ticket.state, wanted):
        return "landed", act.counter
    conn.execute(f"UPDATE tickets SET state = ?{', serving_at = ?' if act.kind == 'serve' else ''} "
                 "WHERE id = ?", (wanted.value, *((act.at,) if act.kind == "serve" else ()),
                                  ticket.id))
    _ticket_event(db, conn, EventKind.SERVING if act.kind == "serve" else EventKind.SKIPPED,
                  ticket, at, act.counter, data)
    return "landed", act.counter


def _ticket_event(db: Database, conn: Connection, kind: str, ticket: Ticket, at: datetime,
                  counter: int, data: dict) -> None:
    append_event(conn, db.station, kind, ticket_id=ticket.id, ticket_number=ticket.number,
                 service_prefix=ticket.service_prefix, counter=counter, at=at, data=data)
