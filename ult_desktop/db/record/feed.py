"""The change feed: how stations learn what other stations did.

File-system watchers do not see changes made on other machines over SMB/NFS, so each
station polls ``PRAGMA data_version`` (one cheap read) and, only when it changed, reads
the events after the last one it has seen. Order is the event id, never a timestamp.
On a PostgreSQL server ``LISTEN``/``NOTIFY`` wakes the poll instead, and the id read
stays as the fallback (:meth:`ChangeFeed._poll_server`).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ult_desktop import __version__
from ult_desktop.core.chain import LINK_BYTES
from ult_desktop.core.dates import skews_of
from ult_desktop.core.tickets import Event
from ult_desktop.db import errors
from ult_desktop.db.engine import Database, port
from ult_desktop.db.record.events import HEADS_READS, advance_heads, event_from_row, iso

DEFAULT_POLL_MS = 200
_BATCH = 500
#: However quiet the header looks, a full (locked) check at least this often: a safety
#: net should a client cache ever serve a stale header.
FULL_CHECK_S = 5.0


class _HeaderPeek:
    """Reads the database header's *file change counter* (bytes 24-27) straight from the
    file: one read on the share, no lock. In rollback-journal mode every commit changes
    it before the writer lets go of its lock, so an unchanged counter means "nothing
    new" and the station need not take a lock at all (each lock is several round trips,
    and a reader holding one makes the writer's commit wait).

    POSIX drops *every* fcntl lock a process holds on a file when *any* descriptor of
    it is closed (sqlite.org, "How To Corrupt An SQLite Database File" 2.2): one
    descriptor per file and process, never closed while SQLite may hold locks; after a
    failure (share gone, file replaced) a new one is opened and the old one left alone
    (on Windows, where locks belong to the handle, it is closed).
    """

    _handles: dict[str, int] = {}
    _guard = threading.Lock()

    @classmethod
    def counter(cls, path: Path) -> bytes | None:
        key = os.fspath(path)
        with cls._guard:
            fd = cls._handles.get(key)
            try:
                if fd is None:
                    fd = os.open(key, os.O_RDONLY | getattr(os, "O_BINARY", 0))
                    cls._handles[key] = fd
                head = os.pread(fd, 4, 24) if hasattr(os, "pread") else cls._seek_read(fd)
            except OSError:
                cls._forget(key)
                return None
        return head if len(head) == 4 else None

    @classmethod
    def revalidate(cls, path: Path) -> None:
        """Drop the descriptor if *path* is now another file (replaced or recreated), so
        the next read opens the file the stations use. Two stats: call it rarely."""
        key = os.fspath(path)
        with cls._guard:
            fd = cls._handles.get(key)
            if fd is None:
                return
            try:
                mine, now = os.fstat(fd), os.stat(key)
                same = (mine.st_ino, mine.st_dev) == (now.st_ino, now.st_dev)
            except OSError:
                same = False
            if not same:
                cls._forget(key)

    @staticmethod
    def _seek_read(fd: int) -> bytes:
        os.lseek(fd, 24, os.SEEK_SET)
        return os.read(fd, 4)

    @classmethod
    def _forget(cls, key: str) -> None:
        fd = cls._handles.pop(key, None)
        if fd is not None and os.name == "nt":
            with contextlib.suppress(OSError):
                os.close(fd)


class ChangeFeed:
    """Events after *after_id*; ``after_id=None`` starts after the newest event now.

    Call :meth:`poll` every ``DEFAULT_POLL_MS`` (own writes through the same
    :class:`Database` are seen too). It first reads the file change counter from the
    header without a lock (one round trip, :class:`_HeaderPeek`): unchanged, ``[]``; only
    when it moved (or every ``FULL_CHECK_S``) it takes the shared lock, checks ``PRAGMA
    data_version`` and reads the events after the last id, in one read transaction.
    """

    def __init__(self, db: Database, after_id: int | None = None):
        self.db = db
        #: Hash of the event ``last_id`` (None: not known). The next events read must
        #: link to it: a log cut or rewritten below it is a break, seen
        #: from what the poll reads anyway, without one more read.
        self.last_hash: bytes | None = None
        if after_id is None:
            self.last_id, self.last_hash = latest_event(db)
        else:
            self.last_id = after_id
        #: Breaks seen: ``{"id", "expected", "found"}``; *on_break* is called with each.
        self.breaks: list[dict] = []
        self.on_break = None
        self._found: list[dict] = []
        self._version: tuple[int, int, int] | None = None
        self._stamp: tuple | None = None
        self._full_at = 0.0
        self._checked_generation = -1
        self._listener: Any = None  # a server's LISTEN connection (engine_pg.Listener)
        self._seen_writes = -1

    def poll(self) -> list[Event]:
        if port.on_server(self.db):
            return self._poll_server()
        if self.db.connected and self._checked_generation != self.db.generation:
            # a new connection may be to a new file at the same path: look once
            _HeaderPeek.revalidate(self.db.file)
            self._checked_generation = self.db.generation
        head = _HeaderPeek.counter(self.db.file) if self.db.connected else None
        stamp = None if head is None else (self.db.generation, head, self.db.local_writes)
        now = time.monotonic()
        if stamp is not None and stamp == self._stamp:
            if now < self._full_at:
                return []
            _HeaderPeek.revalidate(self.db.file)  # the periodic full check
        # One read transaction: the version check and the events share one lock, which
        # matters on a busy share where every lock waits behind the writers' commits.
        self._found = []
        events = self.db.read(self._poll)
        # The counter was read before the lock: every commit it reflects is seen now.
        self._stamp, self._full_at = stamp, now + FULL_CHECK_S
        for brk in self._found:  # outside the read: the handler may write
            self.breaks.append(brk)
            if self.on_break is not None:
                self.on_break(brk)
        return events

    def _poll_server(self) -> list[Event]:
        """On a server: ``LISTEN``/``NOTIFY`` says when events were committed (no round
        trip while nothing happens); the read by id still runs every ``FULL_CHECK_S``
        and after a reconnect, because a notification is not replayed."""
        if self._listener is None:
            from ult_desktop.db.engine.pg import Listener

            self._listener = Listener(self.db.source)
        woke = self._listener.pending()
        now = time.monotonic()
        generation = self.db.generation
        if not woke and now < self._full_at and generation == self._checked_generation \
                and self.db.local_writes == self._seen_writes:
            return []
        self._found = []
        self._version = None  # the id read decides: the version is only "anything new"
        events = self.db.read(self._poll)
        self._full_at, self._checked_generation = now + FULL_CHECK_S, generation
        self._seen_writes = self.db.local_writes
        for brk in self._found:
            self.breaks.append(brk)
            if self.on_break is not None:
                self.on_break(brk)
        return events

    def close(self) -> None:
        """Let go of the server's listening connection, and on Windows of the file's
        header handle: a handle open there stops anyone renaming, replacing or deleting
        the office file (a restore, a move by hand) while this process runs on."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if os.name == "nt" and not port.on_server(self.db):
            with _HeaderPeek._guard:
                _HeaderPeek._forget(os.fspath(self.db.file))

    def _poll(self, conn) -> list[Event]:
        version = (self.db.generation, port.change_counter(conn),
                   self.db.local_writes)
        if version == self._version:
            return []
        events: list[Event] = []
        last_id, last_hash = self.last_id, self.last_hash
        breaks = []
        while True:
            rows = conn.execute("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                (last_id, _BATCH)).fetchall()
            events.extend(event_from_row(r) for r in rows)
            if rows:
                link = rows[0]["prev_link"]
                if last_hash is not None and link is not None and \
                        bytes(link) != last_hash[:LINK_BYTES]:
                    now = conn.execute("SELECT hash FROM events WHERE id = ?",
                                       (last_id,)).fetchone()
                    breaks.append({"id": last_id, "expected": last_hash.hex(),
                                   "found": bytes(now[0]).hex() if now and now[0] else None})
                last_id = rows[-1]["id"]
                last_hash = bytes(rows[-1]["hash"]) if rows[-1]["hash"] else None
            if len(rows) < _BATCH:
                break
        # Only now: a poll that failed half-way is repeated in full, nothing is skipped.
        self.last_id, self.last_hash, self._version = last_id, last_hash, version
        self._found = breaks
        return events


def latest_event(db: Database) -> tuple[int, bytes | None]:
    """Id and hash of the newest event (one rowid seek): ``(0, None)`` when none."""
    rows = db.query("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")
    if not rows:
        return 0, None
    return rows[0][0], bytes(rows[0][1]) if rows[0][1] else None


#: A heartbeat waits at most this long for the write lock, then is skipped: it must
#: never hold up a click behind it on the station's worker (the next one comes anyway).
HEARTBEAT_BUDGET_S = 0.5


def heartbeat(db: Database, *, printer_state: str | None = None,
              detail: dict | None = None, seen_event: int | None = None,
              outbox=None, rode: Callable[[], None] | None = None) -> bool:
    """Record that this station is alive: mode, version, its clock, printer state.

    Off the hot path: when other stations hold the write lock it gives up after
    ``HEARTBEAT_BUDGET_S`` and returns False instead of queueing behind them (a busy
    office then sees slightly older heartbeats, never slower clicks). Other errors
    (share gone) are raised as usual. *outbox*: a kiosk's kept print results
    (``queue.PrintOutbox``), written in the same transaction. With *rode* it writes
    nothing now: it joins this station's next write (``Database.ride``) and *rode* is
    called once that committed (see :class:`Heartbeat`)."""
    now = datetime.now(timezone.utc)
    info = {"host": platform.node(), **(detail or {})}
    if db.clock_skew_s is not None:  # its clock against the share's, as last measured
        info["skew_s"] = round(db.clock_skew_s, 1)
    peers_read = (PEERS_SQL, (db.station,))  # the others' skews: read in this write
    peers: list = []

    def tx(conn):
        peers[:] = conn.execute(*peers_read).fetchall()
        conn.execute(
            "INSERT INTO stations (id, mode, version, clock, printer_state, detail, seen_event) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET mode = excluded.mode, "
            "version = excluded.version, clock = excluded.clock, "
            "printer_state = excluded.printer_state, detail = excluded.detail, "
            "seen_event = excluded.seen_event",
            (db.station, db.mode, __version__,
             iso(datetime.now(timezone.utc) if rode else now), printer_state,
             json.dumps(info, ensure_ascii=False), seen_event))
        advance_heads(conn)  # the key sub-chain's starting points (db/record/events.py)

    def measured() -> None:  # just after this station's write: the share's clock
        db.clock_skew_s = measure_clock(db)
        db.peer_skews = list(skews_of(peers, db.clock_skew_s).values())
        if rode is not None:
            rode()

    if rode is not None:
        db.ride(tx, then=measured)
        return True
    ahead = (*HEADS_READS, peers_read)  # a server sends them with the BEGIN
    try:
        if outbox is None:
            db.write(tx, budget_s=HEARTBEAT_BUDGET_S, ahead=ahead)
        else:  # the kiosk's kept print results ride along
            outbox.write_with(db, tx, now, budget_s=HEARTBEAT_BUDGET_S, ahead=ahead)
    except errors.DatabaseBusy:
        return False
    measured()
    return True


#: The other stations' heartbeat rows (their clock and measured skew).
PEERS_SQL = "SELECT id, clock, detail FROM stations WHERE id != ?"


def peer_skews(db: Database, *, within_s: float = 3600.0) -> dict[str, float]:
    """The clock skews the other stations measured with their heartbeats of the last
    *within_s*, by station (read now; a heartbeat reads them inside its write)."""
    try:
        rows = db.query(PEERS_SQL, (db.station,))
    except errors.UltError:
        return {}
    return skews_of(rows, db.clock_skew_s, within_s)


def measure_clock(db: Database) -> float | None:
    """This PC's clock minus the reference the office shares, just after
    this station wrote: the file's modification time, which the PC holding the share
    stamps with its own clock; on a server, the server's clock (half a round trip
    allowed for). None when it cannot be read. A PC whose hand-set wall clock sits in the
    wrong zone (WITA kept at UTC+7) is off by whole hours."""
    try:
        if port.on_server(db):
            t0 = time.time()
            server = float(db.query("SELECT extract(epoch FROM clock_timestamp())")[0][0])
            return (t0 + time.time()) / 2 - server
        return time.time() - os.stat(db.file).st_mtime
    except (OSError, errors.UltError, ValueError, TypeError):
        return None


def list_stations(db: Database) -> list[dict]:
    """Stations with their last heartbeat; admin compares ``clock`` for skew."""
    return [dict(r) for r in db.query("SELECT * FROM stations ORDER BY id")]


MORNING_CHECK = "morning_check"
#: How far back Admin > Stasiun looks for the last morning check (events, newest first:
#: never the whole log; a day of a busy office is far fewer).
MORNING_CHECK_RECENT = 20000


def record_morning_check(db: Database, result: dict) -> int:
    """Keep a morning check's outcome in the record (who ran it, when, each line's
    status and sentence): Admin > Stasiun shows the last one."""
    from ult_desktop.db.record.events import append_event

    return db.write(lambda conn: append_event(conn, db.station, MORNING_CHECK, data=result))


def last_morning_check(db: Database) -> tuple[datetime, dict] | None:
    """The newest morning check among the recent events: its time and outcome."""
    from ult_desktop.db.record.events import parse_iso_set

    rows = db.query("SELECT at, data FROM events WHERE id > (SELECT COALESCE(MAX(id), 0) - ? "
                    "FROM events) AND kind = ? ORDER BY id DESC LIMIT 1",
                    (MORNING_CHECK_RECENT, MORNING_CHECK))
    if not rows:
        return None
    try:
        return parse_iso_set(rows[0][0]), json.loads(rows[0][1] or "{}")
    except (TypeError, ValueError):
        return None
