"""A kiosk's journal on its own disk: touch -> paper never waits for the share.

The kiosk holds a few numbers per prefix (``number_reserves``, claimed in its normal
writes: ``queue/numbers.py:hold_numbers``). A touch takes the next held number in a local SQLite
file (``synchronous=FULL``: durable before the paper), chained and signed at once. Every
write the kiosk makes to the shared record also lands what the journal holds
(``queue/numbers.py:land_touches``), by request id so nothing is written twice; while the share is
away the kiosk keeps issuing. A touch the record refuses is set aside and named, never
renumbered. What every journal on the PC shares is in ``db/journals/journal_files.py``;
docs/network-share.md tells the whole road."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import format_number, random_part, ticket_code
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.errors import ShareUnavailable
from ult_desktop.db.journals.journal_files import (
    SET_META,
    Stamped,
    adopt_journals,
    office_identity,
    other_journals,
    signer_of,
)
from ult_desktop.db.queue.numbers import Held, Touch, hold_numbers, land_touches
from ult_desktop.db.queue.print_results import PrintOutbox, write_print_result, write_prints
from ult_desktop.db.queue.rows import warm_code_hashes
from ult_desktop.db.record import judged_ranges
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
        assist TEXT,                        -- tickets.assist (core.priority.assist_text)
        prev TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '',  -- the touches' chain
        key_id TEXT, sig TEXT,              -- signed by the kiosk's key as it happened
        set_aside TEXT)                     -- why the record would not take it""",
    # print answers about tickets of the record, not written to it yet (a kiosk stopped
    # or killed in between lands them at its next start)
    """CREATE TABLE IF NOT EXISTS prints (
        ticket_id INTEGER PRIMARY KEY, printer TEXT, printed_at TEXT NOT NULL,
        band TEXT,                          -- the wait band the paper showed (JSON)
        ok INTEGER NOT NULL DEFAULT 1, error TEXT)""",
)
#: Columns added to a station journal after it first shipped: (table, column, type);
#: an older journal file takes them when it is opened (its unsigned touches are set
#: aside by a kiosk that signs: anyone could have written them).
_ADDED = (("touches", "assist", "TEXT"), ("touches", "prev", "TEXT NOT NULL DEFAULT ''"),
          ("touches", "hash", "TEXT NOT NULL DEFAULT ''"), ("touches", "key_id", "TEXT"),
          ("touches", "sig", "TEXT"), ("touches", "set_aside", "TEXT"),
          ("held", "reserve", "INTEGER NOT NULL DEFAULT 0"))
_SIGNED_COLUMNS = ("request_id", "day", "prefix", "seq", "ticket_id", "service", "priority",
                   "priority_group", "channel", "code", "touched_at", "assist", "prev", "hash",
                   "key_id", "sig")
_TOUCH_COLUMNS = (*_SIGNED_COLUMNS, "print_status", "print_error", "printer", "printed_at")
#: The touches not landed, in the order they were made (the chain's order)
_UNLANDED = "SELECT * FROM touches WHERE landed_id IS NULL AND set_aside IS NULL"


class KioskJournal(Stamped, PrintOutbox):
    """One kiosk's journal (a local file per shared record and station). Thread-safe:
    the kiosk's touch thread takes numbers, its database worker lands them."""

    KIND = "kiosk"
    _WAITING = ("SELECT COUNT(*), MIN(touched_at) FROM touches WHERE landed_id IS NULL AND "
                "set_aside IS NULL")

    #: why the journal stopped taking writes while running (the share issues then)
    error: str | None = None
    #: other accounts' journal folders on this PC (``app.trust_memory``), looked in once
    folders: tuple[Path, ...] = ()

    def __init__(self, path: str | Path, *, station: str | None = None, hold: int = HOLD,
                 signer: Signer | None = None):
        super().__init__()
        self.station = station
        self.signer = signer
        self.hold = hold
        self._open(path, _SCHEMA, _ADDED)
        if station and not self.kept("station"):  # the name its ranges are held under
            self.keep("station", station)

    def other(self, path: Path, signer: Signer | None) -> KioskJournal:
        """This kiosk's journal at *path* (another path spelling): it holds no numbers."""
        return KioskJournal(path, station=self.station, hold=0, signer=signer)

    def land_all(self, db: Database) -> int:
        """Land everything; issue from none of its numbers again (this kiosk's journal
        under its new path or name claims its own)."""
        count = self.flush(db)
        self._tx(lambda conn: conn.execute("DELETE FROM held"))
        return count

    # -- the touch -----------------------------------------------------------------------
    @property
    def away(self) -> datetime | None:
        """When a write last found the share away (not merely busy: another station's
        write), kept in the journal: its touches before that were issued while away (the
        report's outage line), known to the next run too (a kiosk started again after)."""
        kept = self.kept("away")
        return datetime.fromisoformat(kept) if kept else None

    @away.setter
    def away(self, at: datetime) -> None:
        self.keep("away", iso(at))

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
            return self._append(conn, "touches", touch, _SIGNED_COLUMNS,
                                self.kept("touch_base") or "")

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
        # a failure of a landed ticket: written with the next write
        self._tx(lambda conn: _keep_answer(conn, ticket_id, False, error, printer, now))
        return True

    def add(self, ticket_id: int, *, printer: str | None = None,
            now: datetime | None = None) -> None:
        """Keep "ticket *ticket_id* printed" on disk (durable before the next write)."""
        with self._lock:
            band = self._bands.pop(ticket_id, None)
        try:
            self._tx(lambda conn: _keep_answer(conn, ticket_id, True, None, printer, now, band))
        except sqlite3.ProgrammingError:  # closed meanwhile: kept in memory at least
            with self._lock:
                self._entries.append((ticket_id, printer, iso(now or _utc_now()), band))

    def entries(self) -> list[tuple]:
        kept = [(r["ticket_id"], r["printer"], r["printed_at"],
                 tuple(json.loads(r["band"])) if r["band"] else None)
                for r in self._rows("SELECT * FROM prints WHERE ok = 1 ORDER BY rowid")]
        return kept + super().entries()

    def _failures(self) -> list[tuple[int, bool, str | None, str | None]]:
        """Print failures of landed tickets, for the next write."""
        return [(r["ticket_id"], False, r["error"], r["printer"])
                for r in self._rows("SELECT * FROM prints WHERE ok = 0 ORDER BY rowid")]

    def _forget(self, written: list) -> None:
        super()._forget(written)
        with self._local:
            if not self.closed:
                self._tx(lambda conn: conn.executemany(
                    "DELETE FROM prints WHERE ticket_id = ?", [(e[0],) for e in written]))

    def unlanded(self) -> list[Touch]:
        return [_touch(r) for r in self._rows(_UNLANDED + " ORDER BY rowid")]

    def set_aside(self) -> list[tuple[str, str]]:
        """The touches the record would not take: (the number as printed, why)."""
        return [(format_number(r["prefix"], r["seq"]), r["set_aside"]) for r in self._rows(
            "SELECT prefix, seq, set_aside FROM touches WHERE set_aside IS NOT NULL "
            "ORDER BY rowid")]

    def problem(self) -> str | None:
        """What the admin must know of this journal (with each heartbeat): why it takes
        no writes, or which tickets the record would not take (set aside, kept on this PC
        and in :attr:`aside_path`)."""
        aside = self.set_aside()
        if self.error or not aside:
            return self.error
        return tr("kiosk.journal.set_aside", count=len(aside),
                  numbers=", ".join(n for n, _ in aside[-5:]), file=str(self.aside_path))

    @property
    def aside_path(self) -> Path:
        return self.path.with_suffix(".set-aside.jsonl")

    def _chain(self) -> dict[str, str]:
        """Request id -> the hash of the touch before it in this journal (the first kept
        one's: ``touch_base``, touches landed on earlier days are deleted from the front)."""
        with self._local:
            if self.closed:
                return {}
            prev, chain = self.kept("touch_base") or "", {}
            for rid, digest in self._conn.execute("SELECT request_id, hash FROM touches "
                                                  "ORDER BY rowid"):
                chain[rid], prev = prev, digest
        return chain

    def held(self) -> dict[Held, int]:
        """Every range held, with how many of its numbers were issued."""
        return {_held(r): r["next_seq"] - r["first_seq"]
                for r in self._rows("SELECT * FROM held")}

    def reserves(self) -> frozenset[Held]:
        """The ranges held as the office's outage reserve (taken when the rest is gone)."""
        return frozenset(_held(r) for r in self._rows("SELECT * FROM held WHERE reserve = 1"))

    def __len__(self) -> int:
        return len(self.entries()) + self.waiting()[0]

    # -- riding in the kiosk's writes -------------------------------------------------------
    def write_with(self, db: Database, tx: Callable[[Connection], T],
                   now: datetime | None = None, *, budget_s: float | None = None,
                   ahead: list | tuple = ()) -> T:
        """``db.write(tx)`` that also lands the journal's tickets, writes the kept print
        results, gives back old ranges and claims new ones, in the same transaction."""
        if db.in_write:
            return db.write(tx, budget_s=budget_s, ahead=ahead)
        adopting = not self.adopted
        own = db.identity.signer if getattr(db, "identity", None) is not None else None
        warm_code_hashes(db, (t.code for t in self.unlanded()))  # (slow: outside the lock)
        entries, late = self.entries(), self._failures()
        moment = now or _utc_now()
        judged_ranges.warm(db, (moment - timedelta(days=1)).date().isoformat())
        out: dict = {"touches": []}

        def all_of_it(conn: Connection) -> T:
            result = tx(conn)
            # one consistent picture (what is issued and from which ranges), taken once the
            # write lock is ours: a touch made while this write waited lands with it
            with self._local:
                out["touches"] = touches = self.unlanded()
                held, reserves = self.held(), self.reserves()
                chain, held_as = self._chain(), self.kept("station")
            if adopting:  # the kiosk's other journals on the PC land (and give back what
                # they hold) before this one claims numbers: no number issued twice
                out["office"] = office = office_identity(conn)
                out["others"] = bool(office) and bool(other_journals(
                    self, office, self._key(db), self.folders))
            out["landed"], out["aside"] = land_touches(db, conn, touches, chain=chain, own=own,
                                                       now=moment, held_as=held_as,
                                                       away=self.away)
            write_prints(db, conn, entries, moment)
            for ticket_id, ok, error, printer in late:
                write_print_result(db, conn, ticket_id=ticket_id, ok=ok, error=error,
                                   printer=printer, now=moment)
            self._land_later(db, conn, out, own, moment)
            out["claimed"], out["gone"], out["reserves"] = ([], [], []) if out.get(
                "others") else hold_numbers(db, conn, held=list(held), used=held,
                                            hold=self.hold, now=moment, reserves=reserves)
            return result

        try:
            result = db.write(all_of_it, budget_s=budget_s, ahead=ahead)
        except BaseException as exc:
            if isinstance(exc, ShareUnavailable):  # busy is no outage
                self.away = _utc_now()  # the touches before this were issued while away
            raise
        self._forget(entries + late)
        touches = out["touches"]
        self._after(out["landed"], out["claimed"], out["gone"],
                    {t.ticket_id for t in touches if t.print_status}, out["reserves"])
        if out["aside"]:
            self._put_aside({t.request_id: t for t in touches}, out["aside"])
        if adopting:
            adopt_journals(db, self, self.folders, office=out["office"])
            if out["others"]:  # their numbers given back: this journal claims its own
                self.write_with(db, lambda conn: None, now, budget_s=budget_s)
        return result

    def _key(self, db: Database) -> str | None:
        signer = signer_of(db, self)
        return signer.key_id if signer is not None else None

    def _put_aside(self, touches: dict[str, Touch], why: dict[str, str]) -> None:
        """Touches the record would not take: kept here and in :attr:`aside_path`, named
        with the heartbeat (:meth:`problem`); they never stop the kiosk's next writes."""
        log.error("kiosk journal %s: %d ticket(s) set aside: %s", self.path, len(why), why)
        with open(self.aside_path, "a", encoding="utf-8") as kept:
            for rid, reason in why.items():
                kept.write(json.dumps({"why": reason, **asdict(touches[rid])},
                                      ensure_ascii=False, default=str) + "\n")
        self._tx(lambda conn: conn.executemany(
            "UPDATE touches SET set_aside = ? WHERE request_id = ?",
            [(reason, rid) for rid, reason in why.items()]))

    def _land_later(self, db: Database, conn: Connection, out: dict, own, moment) -> None:
        """Inside :meth:`write_with`: touches made while it worked land in it too (from
        ranges the picture held; their counts catch up with the next write)."""
        seen = {t.request_id for t in out["touches"]}
        with self._local:
            later = [t for t in self.unlanded() if t.request_id not in seen]
            chain = self._chain() if later else {}
        if later:
            landed, aside = land_touches(db, conn, later, chain=chain, own=own, now=moment,
                                         held_as=self.kept("station"), away=self.away)
            out["touches"] = out["touches"] + later
            out["landed"], out["aside"] = out["landed"] | landed, out["aside"] | aside

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
            for r in late:
                if r["ticket_id"] not in printed_before:
                    _keep_answer(conn, r["landed_id"], r["print_status"] == "printed",
                                 r["print_error"], r["printer"], None)
            # landed (or set aside) tickets of earlier days are the record's now (or in
            # the set-aside file): from the front, the chain goes on from the last one
            done = conn.execute(
                "SELECT rowid, hash FROM touches WHERE rowid < COALESCE((SELECT MIN(rowid) "
                "FROM touches WHERE (landed_id IS NULL AND set_aside IS NULL) OR day >= "
                "(SELECT MAX(day) FROM touches)), 0) ORDER BY rowid DESC LIMIT 1").fetchone()
            if done is not None:
                conn.execute("DELETE FROM touches WHERE rowid <= ?", (done[0],))
                conn.execute(SET_META, ("touch_base", done[1]))

        self._tx(tx)


class NoJournal(PrintOutbox):
    """Stands in for a kiosk journal that cannot be written (full disk, antivirus): no
    number is held, tickets are issued on the share, :attr:`error` says why."""

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

    def problem(self) -> str | None:
        return self.error

    def close(self) -> None:
        pass


def _keep_answer(conn: sqlite3.Connection, ticket_id: int, ok: bool, error: str | None,
                 printer: str | None, now: datetime | None,
                 band: tuple[int, int] | None = None) -> None:
    """Keep a print answer about ticket *ticket_id* of the record until it is written."""
    conn.execute("INSERT OR REPLACE INTO prints (ticket_id, printer, printed_at, band, ok, "
                 "error) VALUES (?, ?, ?, ?, ?, ?)",
                 (ticket_id, printer, iso(now or _utc_now()), json.dumps(band) if band else None,
                  int(ok), None if ok else error))


def _held(row: sqlite3.Row) -> Held:
    return Held(row["day"], row["prefix"], row["first_seq"], row["last_seq"], row["first_id"])


def _touch(row: sqlite3.Row) -> Touch:
    values = {c: row[c] for c in _TOUCH_COLUMNS}
    values["priority"] = bool(values["priority"])
    return Touch(**values)

