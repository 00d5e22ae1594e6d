"""The PostgreSQL adapter: the same record on a server (issue #26).

The shared file stays the embedded default (``db/engine/sqlite.py``); an office that
outgrows it points its stations at ``postgresql://...``. This module is the whole
difference, kept narrow:

- :class:`PgConnection` looks like the ``sqlite3`` connection the operations use
  (``execute``/``executemany``/``cursor``, rows by index and by name, ``lastrowid``),
  and runs each statement as written (``?`` marks become psycopg's, :func:`psycopg_sql`);
- :class:`PgDatabase` is ``Database`` with a server's transaction policy: one write =
  ``BEGIN`` + one advisory transaction lock (the chain has one writer at a time, as on
  the file) + the operation + ``COMMIT``; reads in a ``REPEATABLE READ`` snapshot; a lost
  connection is dropped and reopened on the next call;
- the projection capture is a trigger per covered table that writes into the session's
  temporary table while the app's sessions say so (``ult.capture``), so a change made
  with ``psql`` leaves no image and ``check`` names it, exactly as on the file;
- ``server_schema.create_schema`` makes the tables from the same migrations, the
  meta row, the per-day ticket counters, the capture and notify triggers, and the
  station role that may append events but never rewrite them.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import select
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.errors

from ult_desktop.db import errors
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.config_cache import ConfigCache
from ult_desktop.db.engine.port import Connection, hooks

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The channel every committed event is announced on (``LISTEN`` in ``db/record/feed.py``).
NOTIFY_CHANNEL = "ult_events"
#: The key of the one advisory lock every write takes: the chain (each event hashes
#: the previous one) and the event ids need one writer at a time, as on the file.
WRITE_LOCK_KEY = 0x554C54  # "ULT"
CONNECT_TIMEOUT_S = 5


def safe_url(url: str) -> str:
    """*url* without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


class Row(tuple):
    """A row by index and by column name, like ``sqlite3.Row``."""

    _names: tuple
    _index: dict

    def __new__(cls, values, names: tuple, index: dict):
        row = tuple.__new__(cls, values)
        row._names, row._index = names, index
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _plain(value):
    """Values as SQLite would give them: whole numbers as int, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _param(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def _params(params):
    if isinstance(params, dict):
        return {k: _param(v) for k, v in params.items()}
    return tuple(_param(v) for v in params)


#: What the capture triggers wrote since the transaction's last take (``seq`` above it).
_TOUCHED_SQL = "SELECT seq, t, k, old, new FROM pg_temp.ult_touched WHERE seq > {} ORDER BY seq"


@functools.lru_cache(maxsize=2048)
def psycopg_sql(sql: str, with_params: bool) -> str:
    """*sql* with psycopg's parameter marks: ``?`` -> ``%s`` outside quoted text, and a
    literal ``%`` doubled when parameters are bound. Nothing else is changed: ``db/``
    writes SQL both engines run, and asks ``port`` by name where they differ."""
    if sql.lstrip()[:6].upper() == "PRAGMA":
        raise NotImplementedError(f"{sql.strip()!r} is SQLite's: ask db.engine.port")
    if not with_params:
        return sql
    out = []
    quote = None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        else:
            out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
    return "".join(out)


class PgCursor:
    """The part of ``sqlite3.Cursor`` the db layer uses.

    Inside a write a statement is held (:meth:`PgConnection.defer`) until someone asks
    for an answer (a row, the row count, the description): then everything held goes in
    one round trip and each statement's answer is read whole into its cursor."""

    def __init__(self, conn: PgConnection):
        self._conn = conn
        self._cur = conn.cursor_raw()
        self.row_factory: object = "row"
        self._rows: list = []
        self._names: tuple | None = None
        self._description: Any = None
        #: waiting in the connection's next round trip
        self._held = False
        self._rowcount: int | None = None

    def _wait(self) -> None:
        if self._held:
            self._conn.flush()

    @property
    def rowcount(self) -> int:
        self._wait()
        return -1 if self._rowcount is None else self._rowcount

    @property
    def description(self) -> Any:
        self._wait()
        return self._description

    def _answer(self, rows: list | None, description: Any, rowcount: int | None) -> None:
        self._description = description
        self._names = None if description is None else tuple(d.name for d in description)
        self._rows = list(rows) if rows is not None else []
        self._rowcount = rowcount

    def _take(self, cur: psycopg.ClientCursor) -> None:
        """Keep the answer *cur* is on."""
        desc = cur.description
        self._answer(cur.fetchall() if desc is not None else None, desc, cur.rowcount)

    def execute(self, sql: str, params: Any = ()) -> PgCursor:
        has = bool(params)
        text = psycopg_sql(sql, has)
        self._answer(None, None, None)
        args = _params(params) if has else None
        if self._conn.deferring:
            self._conn.defer(self._cur.mogrify(text, args), self)
        else:
            self._conn.run(self, text, args)
        return self

    def executemany(self, sql: str, seq: Any) -> PgCursor:
        text = psycopg_sql(sql, True)
        self._answer(None, None, None)
        rows = [_params(p) for p in seq]
        if rows and self._conn.deferring:
            for row in rows:
                self._conn.defer(self._cur.mogrify(text, row), None)
        elif rows:
            self._conn.run_many(self._cur, text, rows)
        return self

    def _wrap(self, values: Any) -> Any:
        values = tuple(_plain(v) for v in values)
        if self.row_factory is None or self._names is None:
            return values
        return Row(values, self._names, {n: i for i, n in enumerate(self._names)})

    def fetchone(self) -> Any:
        self._wait()
        if not self._rows:
            return None
        row = self._rows.pop(0)
        return tuple(row) if self._names is None else self._wrap(row)

    def fetchall(self) -> list:
        self._wait()
        out, self._rows = self._rows, []
        if self._names is None:
            return [tuple(r) for r in out]
        return [self._wrap(r) for r in out]

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())

    def close(self) -> None:
        self._cur.close()


@dataclass
class _Held:
    """A statement waiting for the next round trip (``PgConnection.defer``)."""

    text: str
    cursor: PgCursor | None
    #: how many statements *text* is (the answer is its last one's)
    statements: int = 1
    #: a read the write declared ahead: its answer is kept for the first to ask it
    ahead: bool = False
    #: ... or, a read of the chain's head: for every ask until the record is written
    chain: bool = False


class PgConnection:
    """A psycopg connection dressed as the ``sqlite3`` connection the db layer uses.

    Autocommit at the driver: transactions are the statements ``BEGIN``/``COMMIT`` the
    :class:`PgDatabase` sends, as with SQLite's ``isolation_level=None``.

    Inside a write, round trips are saved by what the operation does and declares, never
    by reading its SQL: a statement is held until someone wants an answer (a row, a row
    count), so writes nobody asks about ride with the next question or the ``COMMIT``;
    the reads the write declares it makes first (``read_ahead``: the configuration check,
    the chain's head, the request id) go with the ``BEGIN`` and answer the first time
    they are asked (the chain's head: until the record is written, :func:`port.record_write`);
    and the capture's new rows come back with every answer, asked again only if a
    statement other than the record's own went out since."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw
        self.audit: Any = None
        self.config: ConfigCache = ConfigCache()
        self.capturing = False
        self.last_event: Any = None
        #: Round trips to the server since the connection opened (the bench reads it).
        self.round_trips = 0
        self._trace: Callable[[str], None] | None = None
        #: True inside a write: statements wait in ``_pending`` for an answer wanted.
        self.deferring = False
        self._pending: list[_Held] = []
        #: answers read ahead in this write and not asked for yet:
        #: text -> [(rows, description, a chain read)]
        self.ahead: dict[str, list[tuple[list, Any, bool]]] = {}
        #: this write's capture is on: its new rows ride with every round trip
        self.piggyback = False
        self._touched: list | None = None
        #: a statement that may write a covered table was held since ``_touched`` came
        self._stale = False
        self._taken = 0

    def cursor_raw(self) -> psycopg.ClientCursor:
        return cast(psycopg.ClientCursor, self.raw.cursor())

    def start_write(self, *, piggyback: bool) -> None:
        self.deferring, self.piggyback = True, piggyback
        self.ahead, self._touched, self._taken, self._stale = {}, None, 0, False

    def end_write(self) -> None:
        self.deferring = self.piggyback = False
        self.ahead, self._touched = {}, None

    def defer(self, text: str, cursor: PgCursor | None, statements: int = 1, *,
              record: bool = False) -> None:
        """Hold *text* (SQL with its values in it) until the next round trip; *cursor*
        gets its answer then, or now if the write read it ahead. *record*: a write to
        the record's own tables (``port.record_write``)."""
        if cursor is not None:
            kept = self.ahead.get(text)
            if kept:
                rows, description, chain = kept[0]
                if not chain:
                    kept.pop(0)
                cursor._answer(rows, description, len(rows))
                return
            cursor._held = True
            for held in self._pending:
                if held.ahead and held.cursor is None and held.text == text:
                    if not held.chain:
                        held.cursor = cursor
                        return
                    self.flush()  # kept for the asks after this one
                    return self.defer(text, cursor, statements)
        if record:  # the chain's head moves: its reads ahead answer no more
            self.ahead = {k: [a for a in v if not a[2]] for k, v in self.ahead.items()}
        else:
            self._stale = True
        self._pending.append(_Held(text, cursor, statements))

    def read_ahead(self, text: str, *, chain: bool = False) -> None:
        """Send the read *text* (values in it) with the next round trip; its answer is
        kept for the first statement of this write that asks it (*chain*: for every one
        until the record is written)."""
        self._pending.append(_Held(text, None, 1, ahead=True, chain=chain))

    def read_ahead_sql(self, sql: str, params: Any = (), *, chain: bool = False) -> None:
        """:meth:`read_ahead` of the *sql* the operation will run."""
        self.read_ahead(self.cursor_raw().mogrify(psycopg_sql(sql, bool(params)),
                                                  _params(params) if params else None),
                        chain=chain)

    def record_write(self, sql: str, params: Any = ()) -> None:
        """``port.record_write`` on a server: held like any write, without making the
        capture's answer stale (the capture does not cover the record's tables)."""
        if not self.deferring:
            self.execute(sql, params)
            return
        args = _params(params) if params else None
        self.defer(self.cursor_raw().mogrify(psycopg_sql(sql, bool(params)), args), None,
                   record=True)

    def discard(self) -> None:
        """A rolled-back transaction: what was held is dropped with it."""
        for held in self._pending:
            if held.cursor is not None:
                held.cursor._held = False
        self._pending = []
        self.end_write()

    def _send(self, *, touched: bool = True) -> None:
        """Everything held, in one round trip: each statement's answer to its cursor (or
        kept, for a read ahead nobody asked yet); the capture's new rows come along."""
        held, self._pending = self._pending, []
        piggy = touched and self.piggyback
        parts = [h.text for h in held]
        if piggy:
            parts.append(_TOUCHED_SQL.format(self._taken))
        if not parts:
            return
        self.round_trips += 1
        if self._trace is not None:
            for part in parts:
                self._trace(part)
        cur = self.cursor_raw()
        try:
            cur.execute(("; ".join(parts)).encode())
        finally:
            for h in held:
                if h.cursor is not None:
                    h.cursor._held = False
        for h in held:
            for i in range(h.statements):
                if i == h.statements - 1:
                    if h.cursor is not None:
                        h.cursor._take(cur)
                    elif h.ahead and self.deferring:  # not after the write ended
                        rows = cur.fetchall() if cur.description is not None else []
                        self.ahead.setdefault(h.text, []).append(
                            (rows, cur.description, h.chain))
                cur.nextset()
        self._touched = cur.fetchall() if piggy else None
        self._stale = False

    def flush(self) -> None:
        """Send what is held now (someone wants an answer)."""
        if self._pending:
            self._send()

    def set_trace_callback(self, fn: Callable[[str], None] | None) -> None:
        """Like ``sqlite3``'s: *fn* sees each statement sent (tests, the bench)."""
        self._trace = fn

    def run(self, into: PgCursor, sql: str, params: Any) -> None:
        """*sql* at once (outside a write)."""
        cur = into._cur
        self.round_trips += 1
        if self._trace is not None:
            self._trace(sql)
        cur.execute(sql, params)
        into._take(cur)

    def run_many(self, cur: psycopg.ClientCursor, sql: str, rows: list) -> None:
        self.round_trips += 1
        cur.executemany(sql, rows)

    def cursor(self) -> PgCursor:
        return PgCursor(self)

    def execute(self, sql: str, params: Any = ()) -> PgCursor:
        return PgCursor(self).execute(sql, params)

    def executemany(self, sql: str, seq: Any) -> PgCursor:
        return PgCursor(self).executemany(sql, seq)

    def script(self, sql: str) -> None:
        """Several statements in one round trip (no parameters), after what is held."""
        self._pending.append(_Held(sql, None))
        self._send(touched=False)

    def take_touched(self) -> list[tuple]:
        """(t, k, old, new) the capture wrote since the last take, oldest first: from the
        last round trip's answer when only the record was written since, else asked now."""
        if self._stale or self._touched is None:
            into = PgCursor(self)
            self.defer(_TOUCHED_SQL.format(self._taken), into)
            self._send(touched=False)
            rows = into._rows
        else:
            rows = self._touched
        self._touched = []
        if not rows:
            return []
        self._taken = rows[-1][0]
        # held; not a write the capture sees, nor one that moves the chain
        self._pending.append(_Held(f"DELETE FROM pg_temp.ult_touched WHERE seq <= {self._taken}",
                                   None))
        return [tuple(r[1:]) for r in rows]

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def install_capture(self) -> None:
        """This session's capture table; the triggers themselves are in the schema."""
        self.script(
            "CREATE TEMP TABLE IF NOT EXISTS ult_touched (seq BIGSERIAL PRIMARY KEY, "
            "t TEXT NOT NULL, k TEXT NOT NULL, old TEXT, new TEXT); "
            "CREATE TEMP TABLE IF NOT EXISTS ult_capture_paused (x INTEGER)")
        self.capturing = True  # PgDatabase.write switches the triggers on per transaction

    def close(self) -> None:
        self.raw.close()


#: A station that stops answering mid-write (switched off, frozen, its cable pulled) must
#: not hold the office's write lock for the two hours of Windows' TCP keepalive (issue #34
#: N6): the server ends a session idle inside a transaction after this many seconds (a
#: station's writes take milliseconds between statements), and both ends probe a silent
#: peer after KEEPALIVE_IDLE_S, every KEEPALIVE_INTERVAL_S (Windows: ten probes).
IDLE_IN_TRANSACTION_S = 60
KEEPALIVE_IDLE_S = 30
KEEPALIVE_INTERVAL_S = 10


def _connect_raw(url: str, *, idle_in_transaction_s: int | None = None) -> psycopg.Connection:
    """A connection as every station makes it (``idle_in_transaction_s=0``: none, for the
    owner's long copies in ``server_move``)."""
    idle = IDLE_IN_TRANSACTION_S if idle_in_transaction_s is None else idle_in_transaction_s
    options = (f"-c idle_in_transaction_session_timeout={int(idle * 1000)} "
               f"-c tcp_keepalives_idle={KEEPALIVE_IDLE_S} "
               f"-c tcp_keepalives_interval={KEEPALIVE_INTERVAL_S}")
    return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                           cursor_factory=psycopg.ClientCursor,
                           application_name="ult-desktop", options=options,
                           keepalives=1, keepalives_idle=KEEPALIVE_IDLE_S,
                           keepalives_interval=KEEPALIVE_INTERVAL_S, keepalives_count=3)


def classify(exc: BaseException, url: str) -> errors.UltError | None:
    """The named error for a psycopg failure; ``None`` for a bug in our SQL."""
    if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled |
                  psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure):
        return errors.DatabaseBusy()
    if isinstance(exc, psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction):
        return errors.ReadOnlyDatabase(path=safe_url(url))
    if isinstance(exc, psycopg.errors.InvalidCatalogName):
        return errors.DatabaseMissing(path=safe_url(url))
    if isinstance(exc, psycopg.errors.UndefinedTable) and "ult_meta" in str(exc):
        return errors.NotInitialized(path=safe_url(url))
    if isinstance(exc, psycopg.OperationalError) and _LOGIN_REFUSED.search(str(exc)):
        return errors.ServerLoginRefused(url=safe_url(url))
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return errors.ServerUnavailable(url=safe_url(url))
    return None


#: A refused login (libpq gives no SQLSTATE for a connection that never opened): the
#: server's words in English, and libpq's own when no password was given.
_LOGIN_REFUSED = re.compile(r"password authentication failed|authentication failed for user|"
                            r"no password supplied|role \S+ does not exist", re.IGNORECASE)


class PgDatabase(Database):
    """One station's connection to the office database on a PostgreSQL server."""

    dialect = "postgresql"

    def __init__(self, url: str, *, station: str, mode: str, busy_budget_s: float):
        super().__init__(None, station=station, mode=mode,
                         busy_budget_s=busy_budget_s)
        self.url = url
        self.path = None
        #: False only while ``setup.init_server`` writes the rows its baseline records.
        self.capture_rows = True

    def __repr__(self) -> str:
        return f"PgDatabase({safe_url(self.url)!r})"

    @property
    def target(self) -> str:
        return safe_url(self.url)

    @property
    def source(self) -> str:
        return self.url

    # -- opening ----------------------------------------------------------------------
    def _connect(self) -> PgConnection:
        try:
            raw = _connect_raw(self.url)
        except psycopg.Error as exc:
            self._raise(exc)
        conn = PgConnection(raw)
        conn.audit = self.identity
        conn.config = ConfigCache()
        try:
            version = self._meta(conn, "schema_version")
            if version is None:
                raise errors.NotInitialized(path=safe_url(self.url))
            hook = hooks()
            self.too_new = version > hook.schema_version
            if version == hook.schema_version:  # the schema guard (older: after migrating)
                self.drift = hook.server_drift(conn)
            if version < hook.schema_version:
                self._conn = conn
                try:
                    self.write(hook.migrate)
                except errors.ReadOnlyDatabase:  # the station role: the owner upgrades
                    raise errors.ServerSchemaOld(server_version=version,
                                                 our_version=hook.schema_version) from None
                version = self._meta(conn, "schema_version") or 0
            self.schema_version = version
        except psycopg.Error as exc:
            self._conn = None
            with contextlib.suppress(Exception):
                conn.close()
            self._raise(exc)
        except BaseException:
            self._conn = None
            with contextlib.suppress(Exception):
                conn.close()
            raise
        self._conn = conn
        self.generation += 1
        return conn

    @staticmethod
    def _meta(conn: PgConnection, key: str) -> int | None:
        try:
            row = conn.execute(f"SELECT value FROM {port.META} WHERE key = ?",
                               (key,)).fetchone()
        except psycopg.errors.UndefinedTable:
            return None
        return None if row is None else int(row[0])

    def _raise(self, exc: BaseException) -> NoReturn:
        err = classify(exc, self.url)
        if isinstance(err, errors.ServerUnavailable):
            self._drop()
        if err is None:
            raise exc
        raise err from exc

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def close(self) -> None:
        with self._lock:
            self._drop()

    # -- using ------------------------------------------------------------------------
    def _pg(self) -> PgConnection:
        """This station's server connection (opened on first use)."""
        return cast(PgConnection, self.conn)

    def _install_capture(self, conn) -> None:
        conn.install_capture()  # the triggers are the schema's; the session's table

    def write_schema(self, fn):
        return self.write(fn)

    def write(self, fn: Callable[[Connection], T], *, budget_s: float | None = None,
              ahead: tuple | list = ()) -> T:
        """``fn(conn)`` in one transaction holding the write lock; all or nothing.

        Nested calls join the outer transaction, as on the file. A connection lost
        before the COMMIT was sent rolls the transaction back on the server and raises
        ``ServerUnavailable`` (the next call reconnects); a kiosk's retry with the same
        request id then finds its ticket if the COMMIT had landed after all.

        *ahead*: ``(sql, params)`` reads *fn* makes before it writes (a request id):
        they go with the ``BEGIN``, with the reads every write makes (the configuration
        check, the chain's head), in the transaction's first round trip."""
        hook = hooks()
        with self._lock:
            if self._in_write:
                return fn(self.conn)
            self._check_may_write()
            asked_at = time.monotonic()
            budget = self.busy_budget_s if budget_s is None else budget_s
            conn = self._pg()
            own = (self.identity.last_own, self.identity.last_own_id)
            try:
                capture = "" if conn.capturing else (
                    "CREATE TEMP TABLE IF NOT EXISTS ult_touched (seq BIGSERIAL PRIMARY KEY, "
                    "t TEXT NOT NULL, k TEXT NOT NULL, old TEXT, new TEXT); "
                    "CREATE TEMP TABLE IF NOT EXISTS ult_capture_paused (x INTEGER); ")
                capture_on = self.schema_version == hook.schema_version and self.capture_rows
                conn.start_write(piggyback=capture_on)
                # held, and sent with the operation's first read: one round trip less
                conn.defer(
                    f"{capture}BEGIN; SET LOCAL lock_timeout = {max(1, int(budget * 1000))}; "
                    f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"
                    + ("; SET LOCAL ult.capture = 'on'" if capture_on else ""), None,
                    (2 if capture else 0) + 3 + (1 if capture_on else 0))
                if capture_on:
                    conn.capturing = True
                locked_at = time.monotonic()
                self._in_write = True
                conn.config.begin()
                hook.begin(conn)
                if capture_on:
                    for sql, params in ((port.schema_cookie_sql(conn), ()),
                                        conn.config.check_read(conn), *ahead):
                        conn.read_ahead_sql(sql, params)
                    for sql, params in hook.chain_reads(conn):
                        conn.read_ahead_sql(sql, params, chain=True)
                try:
                    if capture_on:  # a trigger planted meanwhile never fires in our write
                        self._guard_in_tx(conn)
                    result = fn(conn)
                    hook.finish(conn, self.station)
                finally:
                    self._in_write = False
                    conn.end_write()
                work_s = time.monotonic() - locked_at
                conn.script("COMMIT")
            except BaseException as exc:
                self._rollback(conn, own)
                if isinstance(exc, psycopg.Error):
                    self._raise(exc)
                raise
            conn.config.end(committed=True)
            self.local_writes += 1
            self._last_commit = time.monotonic()
            self.last_write_times = (locked_at - asked_at, work_s,
                                     self._last_commit - locked_at - work_s)
            return result

    def _rollback(self, conn: Any, own: tuple | None = None) -> None:
        if own is not None:
            self.identity.last_own, self.identity.last_own_id = own
        # the session's capture tables may have been made in this transaction
        conn.capturing = False
        conn.discard()
        conn.config.end(committed=False)
        try:
            if not conn.raw.closed and conn.in_transaction:
                conn.script("ROLLBACK")
        except psycopg.Error:
            self._drop()

    def query(self, sql: str, params: tuple | dict = ()) -> list:
        with self._lock:
            if self._in_write:
                return self.conn.execute(sql, params).fetchall()
            try:
                return self.conn.execute(sql, params).fetchall()
            except psycopg.Error as exc:
                self._raise(exc)

    def read(self, fn: Callable[[Connection], T]) -> T:
        """``fn(conn)`` in one ``REPEATABLE READ`` snapshot: a consistent view."""
        with self._lock:
            if self._in_write:
                return fn(self.conn)
            conn = self._pg()
            try:
                conn.script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                try:
                    result = fn(conn)
                finally:
                    if not conn.raw.closed and conn.in_transaction:
                        conn.script("COMMIT")
                return result
            except psycopg.Error as exc:
                self._raise(exc)

    def data_version(self) -> tuple[int, int, int]:
        top = self.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
        return self.generation, top, self.local_writes


# -- the change feed's wake-up --------------------------------------------------------------
class Listener:
    """A connection of its own that ``LISTEN``s for committed events.

    :meth:`pending` says, without a round trip, whether a notification arrived since the
    last call. A notification is not replayed after a reconnect, so the feed still reads
    by id on its own every few seconds (``feed.FULL_CHECK_S``) and after any failure."""

    def __init__(self, url: str):
        self.url = url
        self._raw: psycopg.Connection | None = None
        self._guard = threading.Lock()

    def _open(self) -> psycopg.Connection:
        raw = _connect_raw(self.url)
        raw.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._raw = raw
        return raw

    def pending(self) -> bool:
        """True when a notification came, or when the listening connection was (re)made
        (anything may have been missed meanwhile)."""
        with self._guard:
            raw = self._raw
            try:
                if raw is None or raw.closed:
                    self._open()
                    return True
                pg = raw.pgconn
                ready, _, _ = select.select([pg.socket], [], [], 0)
                if not ready:
                    return False
                pg.consume_input()
                got = False
                while pg.notifies() is not None:
                    got = True
                if pg.status != psycopg.pq.ConnStatus.OK:
                    raise psycopg.OperationalError("listener connection lost")
                return got
            except (psycopg.Error, OSError):
                self.close()
                return True

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            with contextlib.suppress(Exception):
                raw.close()


# -- the schema ------------------------------------------------------------------------------
def open_url(url: str, *, station: str, mode: str, busy_budget_s: float) -> PgDatabase:
    db = PgDatabase(url, station=station, mode=mode, busy_budget_s=busy_budget_s)
    db._connect()
    return db
