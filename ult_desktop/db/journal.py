"""A kiosk's journal on its own disk: touch -> paper never waits for the share.

The kiosk holds a few numbers of each prefix for the day (``number_reserves`` in the
shared record, claimed inside its normal writes: ``queue.hold_numbers``). A touch
takes the next held number here, in a local SQLite file (``synchronous=FULL``: durable
before the paper), and the ticket is printed at once. The journal is the kiosk's
``PrintOutbox``: every write the kiosk makes to the shared record (the landing it asks
for right after a ticket, its heartbeat, its closing) also lands what the journal holds
(``queue.land_touches``: the ticket with its number, id, code and touch time, and
its print outcome), gives back ranges of earlier days and claims more numbers, in that
one transaction. A landing whose reply was lost is found by its request id next time:
nothing is written twice. While the share is away the kiosk keeps issuing from what it
holds; everything lands when the share returns.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ult_desktop.core.chain import DeskAct, sign_act
from ult_desktop.core.numbering import random_part, ticket_code
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.port import Connection, Signer, process_signer
from ult_desktop.db.engine.sqlite_file import sqlite_uri
from ult_desktop.db.queue.numbers import Held, Touch, hold_numbers, land_touches
from ult_desktop.db.queue.offline import ACT_KINDS, land_desk_acts
from ult_desktop.db.queue.printing import PrintOutbox, write_print_result, write_prints
from ult_desktop.db.record.events import iso

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
        landed_id INTEGER,                  -- the ticket's id in the record, once landed
        assist TEXT)                        -- tickets.assist (core.priority.assist_text)""",
)
#: Columns added to a station journal after it first shipped: (table, column, type);
#: an older journal file takes them when it is opened.
_ADDED = (("touches", "assist", "TEXT"),)
_TOUCH_COLUMNS = ("request_id", "day", "prefix", "seq", "ticket_id", "service", "priority",
                  "priority_group", "channel", "code", "touched_at", "assist", "print_status",
                  "print_error", "printer", "printed_at")


#: Which office's record a journal belongs to (:func:`office_identity`), set at its
#: first landing: a journal is found by it, not by how the database path was spelled.
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def _open_local(path: Path, schema: tuple[str, ...]) -> sqlite3.Connection:
    """A station's own journal file: every commit durable before the screen says so.

    :raises sqlite3.Error, OSError: the folder or file cannot be written (a full disk,
        an antivirus lock): the station issues on the share and says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous = FULL")
    for statement in (*schema, _META):
        conn.execute(statement)
    for table, column, kind in _ADDED:
        have = port.columns(conn, table)
        if have and column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    return conn


def office_identity(conn: Connection) -> str:
    """The office's record as a journal names it: a digest of its first event's hash.
    Every spelling of the file's path (the share by name or by address, a mapped drive
    letter) and every copy of it give the same; another office's file does not."""
    row = conn.execute("SELECT hash FROM events ORDER BY id LIMIT 1").fetchone()
    return hashlib.sha256(bytes(row[0])).hexdigest()[:24] if row and row[0] else ""


class _Stamped:
    """The office a journal belongs to, kept in the journal itself."""

    _conn: sqlite3.Connection
    _local: threading.RLock
    office: str | None = None
    #: the other journals of this office on the PC were looked for (once a process)
    adopted = False

    def _read_office(self) -> None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'office'").fetchone()
        self.office = row[0] if row else None

    def keep(self, key: str, value: str) -> None:
        """Keep *value* (what the station needs to start while the share is away)."""
        with self._local:
            if not getattr(self, "closed", False):
                self._conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT "
                                   "DO UPDATE SET value = excluded.value", (key, value))

    def kept(self, key: str) -> str | None:
        with self._local:
            row = None if getattr(self, "closed", False) else self._conn.execute(
                "SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def stamp(self, office: str) -> None:
        """Name the office this journal belongs to (once known: the record is there)."""
        if not office or office == self.office:
            return
        with self._local:
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('office', ?) "
                               "ON CONFLICT DO UPDATE SET value = excluded.value", (office,))
        self.office = office


def _journal_office(path: Path) -> tuple[str | None, str | None]:
    """(office, kind: ``kiosk`` or ``desk``) of the journal file at *path*, read-only."""
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            office = conn.execute("SELECT value FROM meta WHERE key = 'office'").fetchone() \
                if "meta" in tables else None
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None, None
    kind = "kiosk" if "touches" in tables else "desk" if "acts" in tables else None
    return (office[0] if office else None), kind


def adopt_journals(db: Database, own: KioskJournal | CounterJournal,
                   folders: tuple[Path, ...] = (), *, office: str | None = None) -> int:
    """Stamp *own* with the office of *db* and land what every other journal of this
    office on the PC holds (kept under another spelling of the database path, another
    station name, or in *folders*: other accounts' journal folders): tickets a kiosk
    issued and a counter's acts, through the same landing. How many were waiting.
    *office*: :func:`office_identity`, when the caller read it already."""
    office = db.read(office_identity) if office is None else office
    own.stamp(office)
    own.adopted = True
    if not office:
        return 0
    kind = "kiosk" if isinstance(own, KioskJournal) else "desk"
    found = 0
    for folder in (own.path.parent, *folders):
        for path in sorted(folder.glob("*.sqlite")) if folder.is_dir() else ():
            if path.resolve() == own.path.resolve() or _journal_office(path) != (office, kind):
                continue
            other: KioskJournal | CounterJournal = (
                KioskJournal(path, station=own.station, hold=0) if isinstance(own, KioskJournal)
                else CounterJournal(path))
            try:
                waiting = other.waiting()[0]
                if waiting:
                    log.warning("landing %d waiting in %s (another spelling of this office's "
                                "path, or another station name)", waiting, path)
                    other.flush(db) if isinstance(other, KioskJournal) else other.land(db)
                found += waiting
            finally:
                other.close()
    return found


class KioskJournal(_Stamped, PrintOutbox):
    """One kiosk's journal (a local file per shared record and station). Thread-safe:
    the kiosk's touch thread takes numbers, its database worker lands them."""

    #: why the journal stopped taking writes while running (the share issues then)
    error: str | None = None

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
        self._read_office()
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
             request_id: str, assist: str | None = None,
             now: datetime | None = None) -> Touch | None:
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
            code = ticket_code(random_part(), ticket_id)
            conn.execute("UPDATE held SET next_seq = next_seq + 1 WHERE day = ? AND prefix = ? "
                         "AND first_seq = ?", (day, prefix, held["first_seq"]))
            touch = Touch(request_id=request_id, day=day, prefix=prefix, seq=seq,
                          ticket_id=ticket_id, service=service, priority=priority,
                          priority_group=priority_group, channel=channel, code=code,
                          touched_at=at, assist=assist)
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


class NoJournal(PrintOutbox):
    """Stands in for a kiosk journal that cannot be written (a full disk, an antivirus
    lock): no number is held, every ticket is issued on the share while it answers, and
    :attr:`error` says why (the kiosk reports it with its heartbeat)."""

    adopted = True
    office: str | None = None
    hold = 0

    def __init__(self, path: str | Path, *, station: str | None, error: str):
        super().__init__()
        self.path, self.station, self.error = Path(path), station, error

    def take(self, **_kwargs) -> Touch | None:
        return None

    def left(self, day: str) -> dict[str, int]:
        return {}

    def unlanded(self) -> list[Touch]:
        return []

    def waiting(self) -> tuple[int, str | None]:
        return 0, None

    def stamp(self, office: str) -> None:
        pass

    def keep(self, key: str, value: str) -> None:
        pass

    def kept(self, key: str) -> str | None:
        return None

    def close(self) -> None:
        pass


def _touch(row: sqlite3.Row) -> Touch:
    values = {c: row[c] for c in _TOUCH_COLUMNS}
    values["priority"] = bool(values["priority"])
    return Touch(**values)


# -- a counter's journal: serving through an outage ---------------------------------
_ACT_COLUMNS = ("request_id", "day", "number", "counter", "officer_id", "kind", "outcome", "at",
                "prev", "hash", "key_id", "sig")
_DESK_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS acts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL, number TEXT NOT NULL, counter INTEGER NOT NULL,
        officer_id INTEGER, kind TEXT NOT NULL, outcome TEXT, at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | landed | set_aside | refused
        winner INTEGER,                         -- set aside: the counter that keeps it
        prev TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '',  -- the acts' chain
        key_id TEXT, sig TEXT)                  -- signed by the station's key as it happened""",
)
#: Columns a journal from before the signed acts gets (its unsigned acts are refused
#: by a station that signs: they could have been written by anyone).
_DESK_ADDED = (("prev", "TEXT NOT NULL DEFAULT ''"), ("hash", "TEXT NOT NULL DEFAULT ''"),
               ("key_id", "TEXT"), ("sig", "TEXT"))


class CounterJournal(_Stamped):
    """One counter's acts while the share was away, on its own disk, in order; landed in
    one write when it returns (:func:`land_desk_acts`). Thread-safe."""

    def __init__(self, path: str | Path, *, signer: Signer | None = None):
        self.path = Path(path)
        #: the station's key that signs each act as it happens (None: this process's)
        self.signer = signer
        self._conn = _open_local(self.path, _DESK_SCHEMA)
        self._local = threading.RLock()
        self.closed = False
        self._read_office()
        columns = {d[0] for d in self._conn.execute("SELECT * FROM acts LIMIT 0").description}
        for name, kind in _DESK_ADDED:
            if name not in columns:
                self._conn.execute(f"ALTER TABLE acts ADD COLUMN {name} {kind}")

    def close(self) -> None:
        with self._local:
            self.closed = True
            self._conn.close()

    def record(self, *, day: str, number: str, counter: int, officer_id: int | None,
               kind: str, outcome: str | None = None, now: datetime | None = None) -> DeskAct:
        """Keep one act on disk (before the officer is told it is done)."""
        if kind not in ACT_KINDS:
            raise ValueError(f"unknown act {kind!r}")
        act = DeskAct(secrets.token_hex(8), day, number.strip().upper(), counter, officer_id,
                      kind, outcome, iso(now or _utc_now()))
        signer = self.signer if self.signer is not None else process_signer()
        with self._local:
            last = self._conn.execute("SELECT hash FROM acts ORDER BY seq DESC LIMIT 1"
                                      ).fetchone()
            act = sign_act(act, last[0] if last else "", signer)
            self._conn.execute(
                f"INSERT INTO acts ({', '.join(_ACT_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(_ACT_COLUMNS))})",
                tuple(getattr(act, c) for c in _ACT_COLUMNS))
        return act

    def signin(self, *, day: str, counter: int, officer_id: int,
               now: datetime | None = None) -> DeskAct:
        """The officer signed in at *counter* on this PC (checked against the record):
        the acts of that counter that day are theirs, also those done before it."""
        return self.record(day=day, number="", counter=counter, officer_id=officer_id,
                           kind="signin", now=now)

    def acts(self, state: str | None = None) -> list[DeskAct]:
        with self._local:
            if self.closed:  # a late question from the screen
                return []
            rows = self._conn.execute(
                "SELECT * FROM acts" + (" WHERE state = ?" if state else "") + " ORDER BY seq",
                (state,) if state else ()).fetchall()
        return [DeskAct(**{c: r[c] for c in (*_ACT_COLUMNS, "state", "winner")}) for r in rows]

    def waiting(self) -> tuple[int, str | None]:
        """How many acts wait to be written to the record, and the oldest one's time."""
        with self._local:
            if self.closed:
                return 0, None
            row = self._conn.execute("SELECT COUNT(*), MIN(at) FROM acts WHERE state = "
                                     "'pending' AND kind != 'signin'").fetchone()
        return int(row[0]), row[1]

    def current(self, counter: int) -> DeskAct | None:
        """The visitor this counter called last and has not finished or skipped (its own
        acts only: what the officer sees while the share is away)."""
        open_call = None
        for act in self.acts():
            if act.counter != counter or act.state in ("set_aside", "refused"):
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
        every = self.acts()
        pending = [a for a in every if a.state == "pending"]
        if not pending:
            return []
        chain, prev = {}, ""  # each act names the one before it: none taken out or added
        for act in every:
            chain[act.request_id], prev = prev, act.hash
        signed_in = [a for a in every if a.kind == "signin" and a.state == "landed"]
        own = db.identity.signer if getattr(db, "identity", None) is not None else None
        outcome = db.write(lambda conn: land_desk_acts(db, conn, pending, chain=chain,
                                                       signed=own is not None,
                                                       signed_in=signed_in, own=own))
        with self._local:
            if self.closed:  # closed meanwhile: a later landing finds them written
                return []
            self._conn.executemany("UPDATE acts SET state = ?, winner = ? WHERE request_id = ?",
                                   [(state, winner, rid) for rid, (state, winner)
                                    in outcome.items() if state != "pending"])
        return [a for a in self.acts() if a.state in ("set_aside", "refused")
                and a.request_id in outcome]
