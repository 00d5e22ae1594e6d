"""The connection policy for one SQLite file on a network share (sqlite.org, "SQLite Over a
Network"): a rollback journal (WAL needs one host), short ``BEGIN IMMEDIATE`` writes retried
with backoff, and a vanished share reported, never replaced by a new empty file."""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.config_cache import ConfigCache
from ult_desktop.db.engine.port import AuditIdentity, Connection, Hooks, Signer
from ult_desktop.db.engine.sqlite_file import (
    FilePace,
    HeaderPeek,
    await_turn,
    check_file,
    classify,
    fail,
    is_busy,
    is_server_url,
    let_write_commit,
    secure_connection,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Total time one action may wait for the write lock before DatabaseBusy.
DEFAULT_BUSY_BUDGET_S = float(os.environ.get("ULT_BUSY_TIMEOUT", "10"))
#: SQLite's own busy wait per attempt of a read (writes wait in our loops: its locks have
#: no queue); ``_retry``'s sleeps capped at ``_MAX_BACKOFF_S``.
_ATTEMPT_TIMEOUT_S = _MAX_BACKOFF_S = 0.05
_READ_BUSY_MS = int(_ATTEMPT_TIMEOUT_S * 1000)
_RETRY_PAUSES_S, _COMMIT_PAUSES_S = (0.005, _MAX_BACKOFF_S), (0.0001, 0.005)  # first, most
#: After its own commit, a station's next write leaves waiters a gap (else a calling counter
#: always beats a waiting kiosk): a fifth of its last hold, at most 0.15 s, on a slow file.
YIELD_FRACTION, YIELD_MAX_S, YIELD_MIN_HOLD_S = 0.2, 0.15, 0.05
#: Turns while others write: the pause between asks shrinks as the wait grows
#: (``TURN_PAUSE_HOLDS`` of the recent hold at first, none after ``TURN_LEAD_HOLDS`` holds),
#: so the longest waiter asks when the lock frees; within ``TURN_PAUSE_MIN_S`` (each ask
#: costs CPU) and ``TURN_PAUSE_MAX_S`` (ask within the last writer's gap).
TURN_PAUSE_HOLDS, TURN_LEAD_HOLDS = 0.25, 1.5
TURN_PAUSE_MAX_S, TURN_PAUSE_MIN_S = 0.25, 0.004
#: A lock held less than the shortest pause (a local disk): ask every ``TURN_PAUSE_FAST_S``
#: (each ask's shared lock can make the holder's COMMIT wait).
TURN_PAUSE_FAST_S = 0.012
TURN_HOLD_MAX_S = 2.0
_SLOW_READ_PAUSES_S = (0.02, 0.05)  # a read on a slow file: ours, not SQLite's busy wait

class AuditedConnection(sqlite3.Connection):
    """A sqlite3 connection that carries the writer's :class:`AuditIdentity`."""

    audit: AuditIdentity | None = None
    dialect = "sqlite"
    #: The station's kept office configuration (``db.config_cache``), absent on a one-off.
    config: ConfigCache


class Database:
    """One station's connection to the office file, one instance per thread. Every change
    is a :meth:`write` (one ``BEGIN IMMEDIATE``); after the share vanishes the connection is
    reopened on the next call, so a station recovers on its own."""

    #: The engine: "sqlite" (the shared file, this class) or "postgresql" (``pg.py``).
    dialect = "sqlite"

    def __init__(self, path: Path | None, *, station: str, mode: str, busy_budget_s: float,
                 hooks: Hooks, signer: Signer | None = None):
        #: The shared file (None on a server: :attr:`file` is for the file's own work).
        self.path = path
        self.station = station
        self.mode = mode
        self.busy_budget_s = busy_budget_s
        #: What the rooms above do inside every write and at open (``db/open.py``).
        self.hooks = hooks
        #: The engine's connection: an AuditedConnection here, a PgConnection on a server.
        self._conn: Any = None
        self._lock = threading.RLock()
        #: Bumped on each commit of ours: PRAGMA data_version ignores our own writes.
        self.local_writes = 0
        #: Bumped on each (re)connect: a new connection's data_version starts afresh.
        self.generation = 0
        self.kept_record: dict = {}  # (``ConfigCache.record``)
        self.schema_version = 0
        self.too_new = False
        #: Schema guard findings at open (``schema_guard.Drift``): writes are refused.
        self.drift: list = []
        #: Raised by every write when the station must not write (its pinned root differs).
        self.refusal: errors.UltError | None = None
        self._cookie: int | None = None
        self._rider: tuple[Callable, Callable | None] | None = None  # :meth:`ride`
        self._waited = False  # the write under way was refused the lock first
        #: What this PC remembers outside the file (``app/trust_memory``; ``reports/verified``).
        self.trust: dict | None = None
        #: This PC's clock minus the share's (server's), s, by the last heartbeat; or None.
        self.clock_skew_s: float | None = None
        #: The other stations' skews of the past hour (``queue/numbers.py:clock_problem``).
        self.peer_skews: list[float] = []
        #: Who writes: the logged-in officer and this station's key (db/record/events.py).
        self.identity = AuditIdentity(signer=signer)

        #: True while :meth:`write` runs its function: a nested write or read joins it.
        self._in_write = False
        #: True while :meth:`write_schema` runs (no foreign keys: a table may be rebuilt).
        self._schema_change = False
        self._last_commit = -1e9
        self._yield_s = 0.0
        self.last_write_times = (0.0, 0.0, 0.0)
        self._hold_avg = 0.0  # seconds this station holds the write lock, recent average
        self.pace = FilePace(path)  # is the file slow? by its share's round trips
        self._busy_ms = _READ_BUSY_MS  # SQLite's busy wait now set (``_busy``)

    @property
    def file(self) -> Path:
        """The shared file (a file's Database only)."""
        assert self.path is not None, "a server has no file"
        return self.path

    @property
    def source(self):  # what :meth:`open` was given: the file's path (a server: its URL)
        return self.path

    @property
    def target(self) -> str:
        """The database named for people and as a key in local memory (the file's path;
        a server: its URL without the password)."""
        return str(self.file)

    # -- who acts (every event names the officer and the signing station) --
    def set_actor(self, username: str | None) -> None:
        """The officer logged in on this station (``None`` at logout)."""
        self.identity.actor = username.strip().lower() if username else None

    actor = property(lambda self: self.identity.actor)

    def set_signer(self, signer: Signer | None) -> None:
        """The station key events are signed with (``None``: unsigned)."""
        self.identity.signer = signer
        self.identity.last_own = self.identity.last_own_id = None

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, *, hooks: Hooks | None = None, station: str = "cli",
             mode: str = "cli", busy_budget_s: float | None = None,
             signer: Signer | None = None) -> Database:
        """Open an existing office database (never creates one) with the rooms' *hooks* and
        this station's *signer*, as ``db/open.py:open_database`` gives them; *path* may be a
        ``postgresql://`` URL. Raises RuntimeError (no *hooks*), ShareUnavailable,
        DatabaseMissing, NotADatabase (file untouched), NotInitialized, WalRefused."""
        hooks = port.required(hooks)
        errors.check_length("limit.station", station, errors.LABEL_MAX)
        if is_server_url(path):
            from ult_desktop.db import engine

            make: Any = engine.server_database
        else:
            make, path = cls, Path(path)
        db = make(path, station=station, mode=mode, hooks=hooks, signer=signer, busy_budget_s=
                  DEFAULT_BUSY_BUDGET_S if busy_budget_s is None else busy_budget_s)
        db._connect()
        return db

    def _connect(self) -> Any:
        """A new connection of this engine, its policy applied, its schema checked."""
        conn = self._new_connection()
        conn.audit = self.identity
        conn.config = ConfigCache(record=self.kept_record)  # (kept between writes)
        try:
            self._apply_policy(conn)
            self._check_schema(conn)
        except BaseException as exc:
            self._conn = None  # set for the migration: never keep a closed one
            with contextlib.suppress(Exception):
                conn.close()
            if isinstance(exc, self._driver_error):
                self._fail(exc)
            raise
        self._conn = conn
        self.generation += 1
        self.pace.forget()  # after an outage the file is judged afresh
        return conn

    def _new_connection(self) -> Any:
        check_file(self.file)
        try:
            conn = sqlite3.connect(str(self.file), timeout=_ATTEMPT_TIMEOUT_S,
                                   isolation_level=None, check_same_thread=False,
                                   factory=AuditedConnection)
            secure_connection(conn)  # (before anything is read: no lock asked)
        except sqlite3.Error as exc:
            fail(exc, self.file)
        conn.row_factory = sqlite3.Row
        self._busy_ms = _READ_BUSY_MS
        return conn

    def _apply_policy(self, conn: sqlite3.Connection) -> None:
        deadline = time.monotonic() + self.busy_budget_s
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()
                if mode not in ("delete", "truncate"):
                    # WAL (or memory/off/persist) must never be used on a share: switch back.
                    mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0].lower()
                    if mode != "delete":
                        raise errors.WalRefused()
                    log.warning("%s was in another journal mode; forced back to DELETE",
                                self.file)
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute(f"PRAGMA foreign_keys={'OFF' if self._schema_change else 'ON'}")
                return
            except sqlite3.Error as exc:
                if not is_busy(exc):
                    fail(exc, self.file)
                if time.monotonic() >= deadline:
                    raise errors.WalRefused() from exc
                time.sleep(0.05)

    def _check_schema(self, conn: Any) -> None:
        """The schema version read (none: NotInitialized), guarded, an older one migrated."""
        version = self._stored_version(conn)
        if not version:
            raise errors.NotInitialized(path=self.target)
        self.too_new = version > self.hooks.schema_version
        self._guard_at_open(conn, version)
        if self.drift:
            log.info("%s: schema drift %s", self.target, self.drift)
        if version < self.hooks.schema_version and not self.drift:
            self._conn = conn
            try:
                self.write_schema(lambda c: port.gated_migration(self.hooks, c, self.station))
            except errors.ReadOnlyDatabase:
                if not port.on_server(self):
                    raise
                raise errors.ServerSchemaOld(server_version=version,  # the station role:
                                             our_version=self.hooks.schema_version) from None
            version = self._stored_version(conn) or 0
        self.schema_version = version

    def _stored_version(self, conn: Any) -> int | None:
        # The first real read of the file: another station may be committing right now.
        return self._retry(lambda: conn.execute("PRAGMA user_version").fetchone()[0],
                           time.monotonic() + self.busy_budget_s)

    def _guard_at_open(self, conn: Any, version: int) -> None:
        """The schema guard: a planted trigger/view/table stops every write until repaired;
        the cookie first, so a change between the two reads is seen in the next write."""
        self._cookie, self.drift = self._retry(
            lambda: (conn.execute("PRAGMA schema_version").fetchone()[0],
                     self.hooks.drift(conn, version)),
            time.monotonic() + self.busy_budget_s)

    @property
    def conn(self) -> AuditedConnection:
        return self._conn if self._conn is not None else self._connect()

    def kept(self, key):
        """A value kept from the last write (``db.config_cache``), or ``None``."""
        cache = getattr(self._conn, "config", None)
        return None if cache is None else cache.peek(key)

    connected = property(lambda self: self._conn is not None)  # (a failure drops it)

    def reconnect(self) -> None:
        """Open the file again after a failure dropped the connection (no-op if open).
        :raises ShareUnavailable: (and the other open errors) if it is still gone."""
        with self._lock:
            if self._conn is None:
                self._connect()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        """Forget a connection after an I/O failure so the next call reconnects."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    # -- for work that is neither a read nor a write (a backup, VACUUM, a restore) -----
    in_write = property(lambda self: self._in_write)  # :meth:`write` runs its function

    @contextmanager
    def exclusive(self) -> Iterator[sqlite3.Connection]:
        """This station's connection with no other call of this Database running meanwhile,
        for work outside our transactions (backup, VACUUM, restore, reopen). Reentrant."""
        with self._lock:
            yield self._busy(self.conn, _READ_BUSY_MS)

    def retrying(self, step: Callable[[], T], *, budget_s: float | None = None) -> T:
        """Run *step* (outside any transaction: ``VACUUM``, a backup into this file) again
        while another station holds a lock, up to *budget_s* (default ``busy_budget_s``)."""
        with self._lock:
            return self._retry(step, time.monotonic() + (
                self.busy_budget_s if budget_s is None else budget_s))

    def schema_checked(self) -> bool:
        """Remember ``PRAGMA schema_version``; True when it changed since the last check."""
        with self._lock:
            cookie = self.query(port.schema_cookie_sql(self))[0][0]
            changed, self._cookie = cookie != self._cookie, cookie
            return changed

    # -- using -------------------------------------------------------------------------
    def write_schema(self, fn: Callable[[Connection], T]) -> T:
        """:meth:`write` with foreign keys off (a migration rebuilding a table); on again after."""
        with self._lock:
            self._schema_change = True
            try:
                if self._conn is not None:
                    self._conn.execute("PRAGMA foreign_keys=OFF")
                return self.write(fn)
            finally:
                self._schema_change = False
                if self._conn is not None:
                    try:
                        self._conn.execute("PRAGMA foreign_keys=ON")
                    except sqlite3.Error:
                        self.close()  # the next use reconnects, with foreign keys on

    def write(self, fn: Callable[[Connection], T], *, budget_s: float | None = None,
              ahead: tuple | list = ()) -> T:
        """Run ``fn(conn)`` in one ``BEGIN IMMEDIATE`` transaction, all or nothing, waiting
        for the lock up to ``busy_budget_s`` (or *budget_s*); a nested call joins it.
        *ahead*: ``(sql, params)`` reads *fn* makes first (a server sends them with the
        ``BEGIN``). Both engines' skeleton: each has its ``_begin``, ``_ready``, ``_commit``,
        ``_failed``. Raises SchemaTooNew, DatabaseBusy, ShareUnavailable."""
        hook = self.hooks
        with self._lock:
            if self._in_write:
                return fn(self.conn)
            self._check_may_write()
            asked_at = time.monotonic()
            # the key's last own event, as before this write (kept if it rolls back)
            own = (self.identity.last_own, self.identity.last_own_id)
            conn, deadline = self._begin(budget_s, hook)
            locked_at = time.monotonic()
            try:
                self._in_write = True
                try:
                    conn.config.begin()
                    hook.begin(conn)
                    self._ready(conn, ahead, hook)
                    result = fn(conn)
                    rider, self._rider = (None, self._rider) if self._waited else \
                        (self._rider, None)  # :meth:`ride`
                    if rider is not None:
                        rider[0](conn)
                    hook.finish(conn, self.station)
                finally:
                    self._in_write = False
                    self._write_ended(conn)
                work_s = time.monotonic() - locked_at
                self._commit(conn, deadline)
            except BaseException as exc:
                self._rollback(conn, own)
                self._failed(exc)
                raise
            conn.config.end(committed=True)
            if rider is not None and rider[1] is not None:
                rider[1]()
            self.local_writes += 1
            self._last_commit = time.monotonic()
            #: Seconds of the last write: waiting for the lock, the work, the commit.
            self.last_write_times = (locked_at - asked_at, work_s,
                                     self._last_commit - locked_at - work_s)
            self._took_turn(self._last_commit - locked_at)
            return result

    # -- what a write does on the file (the server's engine has its own of each) --------
    def _begin(self, budget_s: float | None, hook) -> tuple[Any, float]:
        """This station's turn (``TURN_*``), then ``BEGIN IMMEDIATE``; the connection and
        the deadline of the lock's wait."""
        wait = self._last_commit + self._yield_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        deadline = time.monotonic() + (self.busy_budget_s if budget_s is None else budget_s)
        conn = self.conn
        self._begin_write(conn, deadline)
        return conn, deadline

    def _ready(self, conn, ahead, hook) -> None:
        """Under the lock, before the work: the schema re-checked, the capture installed."""
        self._guard_in_tx(conn)
        if not getattr(conn, "capturing", False) and \
                self.schema_version == hook.schema_version and not self._schema_change:
            self._install_capture(conn)

    def _write_ended(self, conn) -> None:
        """The work is done (committed or not): nothing on the file."""

    def _commit(self, conn, deadline: float) -> None:
        # a fast file: asked again after 0.1 ms, doubling (we hold PENDING, so no new
        # reader comes); a slow share: SQLite's own wait, as for reads
        fast = self._hold_avg < YIELD_MIN_HOLD_S
        self._busy(conn, 0 if fast else _READ_BUSY_MS)
        self._retry(lambda: conn.execute("COMMIT"), deadline,
                    _COMMIT_PAUSES_S if fast else _RETRY_PAUSES_S)

    def _failed(self, exc: BaseException) -> None:
        """What an error of the engine inside a write means (it raises), after the rollback."""
        if isinstance(exc, self._driver_error):
            self._fail(exc)

    def _took_turn(self, held: float) -> None:
        """The lock was held *held* seconds: the next write of ours yields a share of it."""
        self._yield_s = min(YIELD_MAX_S, YIELD_FRACTION * held) \
            if held >= YIELD_MIN_HOLD_S else 0.0
        if not self._schema_change:  # a migration's hold is no typical write
            held = min(held, TURN_HOLD_MAX_S)
            self._hold_avg = held if not self._hold_avg else \
                0.7 * self._hold_avg + 0.3 * held

    def ride(self, tx: Callable | None, *, then: Callable[[], None] | None = None) -> None:
        """``tx(conn)`` joins this station's next write that found the lock free, after its
        work (``app.pulse.Heartbeat``; one that waited carries nothing more: others may wait
        behind it), *then* runs after its commit; if that rolls back, nothing rode."""
        self._rider = (tx, then) if tx is not None else None

    def _install_capture(self, conn) -> None:
        """This connection's row capture (``record.projection``'s TEMP triggers)."""
        self.hooks.install_capture(conn)

    def _guard_in_tx(self, conn: Connection) -> None:
        """Under the write lock: re-check a schema changed since we last looked, so a trigger
        planted meanwhile never fires in our transaction."""
        cookie = int(conn.execute(port.schema_cookie_sql(conn)).fetchone()[0])
        if cookie == self._cookie:
            return
        version = port.schema_version(conn)
        hook = self.hooks
        if version > hook.schema_version:  # a newer station migrated the file meanwhile
            self.too_new, self.schema_version = True, version
            raise errors.SchemaTooNew(file_version=version, our_version=hook.schema_version)
        drift = hook.drift(conn)
        if drift:
            self.drift = drift
            raise drift[0].error()
        if version == hook.schema_version:  # a rebuilt table lost our capture triggers
            self._install_capture(conn)
        self._cookie = cookie

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Run a read-only statement outside any write transaction, retrying while busy."""
        if self.slow_file and not self._in_write:  # outside _lock: our own writes go on
            let_write_commit(self.file)
        with self._lock:
            if self._in_write:  # inside write(): its transaction, never a retry loop
                return self.conn.execute(sql, params).fetchall()
            deadline, (ms, pauses) = time.monotonic() + self.busy_budget_s, self._read_wait()
            return self._retry(lambda: self._busy(self.conn, ms).execute(
                sql, params).fetchall(), deadline, pauses)

    def read(self, fn: Callable[[Connection], T]) -> T:
        """Run read-only ``fn(conn)`` in one read transaction (one shared lock, consistent),
        retried while busy up to ``busy_budget_s``; inside a :meth:`write`, within it."""
        if self.slow_file and not self._in_write:  # outside _lock: our own writes go on
            let_write_commit(self.file)
        with self._lock:
            if self._in_write:
                return fn(self.conn)

            ms, pauses = self._read_wait()

            def once() -> T:
                conn = self._busy(self.conn, ms)
                try:
                    conn.execute("BEGIN")
                    result = fn(conn)
                    conn.execute("COMMIT")
                    return result
                except BaseException:
                    self._rollback(conn)
                    raise

            return self._retry(once, time.monotonic() + self.busy_budget_s, pauses)

    slow_file = property(lambda self: self.pace.slow)  # a share: waits for a lock paced

    def _read_wait(self) -> tuple[int, tuple[float, float]]:
        """A read's wait for its lock: SQLite's busy wait (ms), our pauses (first, most)."""
        return (0, _SLOW_READ_PAUSES_S) if self.slow_file else (_READ_BUSY_MS, _RETRY_PAUSES_S)

    def _begin_write(self, conn: sqlite3.Connection, deadline: float) -> None:
        """``BEGIN IMMEDIATE``, taking turns with the other stations (``TURN_*``): one look
        per attempt (a cache spill meeting a reader is put off by SQLite, not an error)."""
        asked, lost, moved, self._waited = time.monotonic(), 0, False, False
        self._busy(conn, 0)
        while True:
            # before the ask (a commit after it moves), never from before our own last commit
            known = HeaderPeek.known(self.file, since=self._last_commit) if self.slow_file else None
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                now, self._waited = time.monotonic(), True
                if not is_busy(exc) or now >= deadline:
                    self._fail(exc)
                self.pace.judge(self.file)  # refused: how to wait depends on the file
                if self.slow_file:  # the ask again after a commit (``await_turn``)
                    lost += moved  # asked once its committer let go: another waiter took it
                    hold = min(max(self._hold_avg, YIELD_MIN_HOLD_S), TURN_HOLD_MAX_S)
                    # past half its budget a waiter backs off no more (else one that lost
                    # often can lose until its budget is spent): it asks after every commit
                    late = now - asked >= self.busy_budget_s / 2
                    moved = await_turn(self.file, deadline, lost=0 if late else lost, hold=hold,
                                       seen=known)
                    continue
                time.sleep(min(self._turn_pause(now - asked), max(0.0, deadline - now)))

    def _busy(self, conn: sqlite3.Connection, ms: int) -> sqlite3.Connection:
        """*conn* with SQLite's busy wait set to *ms* (a PRAGMA only when it changes):
        none while it writes (our loops pace the asks), ``_ATTEMPT_TIMEOUT_S`` to read."""
        if self._busy_ms != ms:
            conn.execute(f"PRAGMA busy_timeout = {ms}")
            self._busy_ms = ms
        return conn

    def _check_may_write(self) -> None:
        """Raise why this station may not write now: older than the schema, the schema
        guard's finding, or its pinned root differs from the file's (``refusal``)."""
        if self.too_new:
            raise errors.SchemaTooNew(file_version=self.schema_version,
                                      our_version=self.hooks.schema_version)
        if self.drift:
            raise self.drift[0].error()
        if self.refusal is not None:
            raise self.refusal

    def _turn_pause(self, waited: float) -> float:
        """Seconds to pause before asking for the write lock again after *waited*."""
        hold = self._hold_avg
        if hold <= 0.0:
            return TURN_PAUSE_MIN_S
        if hold < TURN_PAUSE_MIN_S:
            return TURN_PAUSE_FAST_S
        left = max(0.0, 1.0 - waited / (TURN_LEAD_HOLDS * hold))
        return min(TURN_PAUSE_MAX_S, max(TURN_PAUSE_MIN_S, TURN_PAUSE_HOLDS * hold * left))

    def _retry(self, step: Callable[[], T], deadline: float,
               pauses: tuple[float, float] = _RETRY_PAUSES_S) -> T:
        delay, most = pauses
        while True:
            try:
                return step()
            except sqlite3.Error as exc:
                if is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(min(delay, max(0.0, deadline - time.monotonic())) *
                               random.uniform(0.5, 1.0))
                    delay = min(delay * 2, most)
                    continue
                self._fail(exc)

    #: The driver's errors, and the named ones that leave the connection unusable. Here
    #: ReadOnlyDatabase too: when SQLite's read-write open fails (a share hiccup) it
    #: quietly opens the file read-only, and that connection could never write again.
    _driver_error: type[Exception] = sqlite3.Error
    _dropped_by: tuple[type[errors.UltError], ...] = (
        errors.ShareUnavailable, errors.NotADatabase, errors.ReadOnlyDatabase)

    def _classify(self, exc: BaseException) -> errors.UltError | None:
        return classify(exc, self.file)  # type: ignore[arg-type]

    def _fail(self, exc: BaseException) -> NoReturn:
        """Raise what *exc* means, dropping the connection if it became unusable."""
        err = self._classify(exc)
        if isinstance(err, self._dropped_by):
            self._drop()
        if err is None:
            raise exc
        raise err from exc

    def _rollback(self, conn: Any, own: tuple | None = None) -> None:
        if own is not None:  # the events we signed are gone with the transaction
            self.identity.last_own, self.identity.last_own_id = own
        # the capture triggers made inside the transaction go with it: made again next time
        conn.capturing = False
        conn.config.end(committed=False)  # nor is anything it read kept
        try:
            self._undo(conn)
        except self._driver_error:
            # The share may be gone; the hot journal is rolled back on the next open.
            self._drop()

    def _undo(self, conn: Any) -> None:
        """The transaction under way rolled back (:meth:`_rollback`'s statement)."""
        if conn.in_transaction:
            conn.execute("ROLLBACK")
