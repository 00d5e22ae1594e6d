"""The PostgreSQL adapter: the same record on a server (docs/server.md). :class:`PgDatabase`
is ``Database`` with a server's policy (advisory-locked writes, ``REPEATABLE READ`` reads,
capture triggers on only in the app's sessions, so a ``psql`` change is named by ``check``)."""

from __future__ import annotations

import contextlib
import re
import select
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.errors
import psycopg.sql

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.pg_wire import CAPTURE_TABLES, PgConnection
from ult_desktop.db.engine.port import Connection, Hooks
from ult_desktop.db.engine.sqlite import Database

#: The driver as the rest of ``db`` sees it (psycopg is imported here and nowhere else).
pg_sql = psycopg.sql
RawConnection = psycopg.Connection
DriverError = psycopg.Error


def driver_facts() -> dict:
    """The driver's version, its implementation (``c``, ``binary``, ``python``) and the
    libpq it links."""
    return {"psycopg": psycopg.__version__, "impl": psycopg.pq.__impl__,
            "libpq": psycopg.pq.version()}

T = TypeVar("T")

#: The channel every committed event is announced on (``LISTEN`` in ``db/record/feed.py``).
NOTIFY_CHANNEL = "ult_events"
#: The one advisory lock every write takes: the chain and event ids need one writer.
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


#: A station gone mid-write must not hold the write lock for Windows' two-hour keepalive:
#: the server ends an idle transaction after this, and both ends probe a silent peer.
IDLE_IN_TRANSACTION_S = 60
KEEPALIVE_IDLE_S = 30
KEEPALIVE_INTERVAL_S = 10


def connect_raw(url: str, *, idle_in_transaction_s: int | None = None) -> psycopg.Connection:
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


def stored_schema_version(url: str) -> int | None:
    """The schema version the office on the server at *url* holds, read without opening
    it as a station (which would migrate it); None when it holds none."""
    with connect_raw(url) as raw:
        return stored_version(PgConnection(raw))


def stored_version(conn: PgConnection) -> int | None:
    """The schema version the office behind *conn* holds; None when it holds none."""
    try:
        row = conn.execute(f"SELECT value FROM {port.META} WHERE key = 'schema_version'"
                           ).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return None if row is None else int(row[0])


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


@contextlib.contextmanager
def named_errors(url: str) -> Iterator[None]:
    """psycopg's failures inside as the named errors (:func:`classify`) of the server at
    *url*; a bug in our SQL as itself."""
    try:
        yield
    except psycopg.Error as exc:
        err = classify(exc, url)
        if err is None:
            raise
        raise err from exc


#: A refused login (libpq gives no SQLSTATE): the server's words, and libpq's without password.
_LOGIN_REFUSED = re.compile(r"password authentication failed|authentication failed for user|"
                            r"no password supplied|role \S+ does not exist", re.IGNORECASE)


class PgDatabase(Database):
    """One station's connection to the office database on a PostgreSQL server."""

    dialect = "postgresql"

    def __init__(self, url: str, *, station: str, mode: str, busy_budget_s: float,
                 hooks: Hooks, signer=None):
        super().__init__(None, station=station, mode=mode, busy_budget_s=busy_budget_s,
                         hooks=hooks, signer=signer)
        self.url = url
        self.path = None
        #: False only while ``setup.seed_server`` writes the rows its baseline records.
        self.capture_rows = True

    def __repr__(self) -> str:
        return f"PgDatabase({safe_url(self.url)!r})"

    @property
    def target(self) -> str:
        return safe_url(self.url)

    @property
    def source(self) -> str:
        return self.url

    # -- opening (``Database._connect``) ----------------------------------------------------
    def _new_connection(self) -> PgConnection:
        try:
            return PgConnection(connect_raw(self.url))
        except psycopg.Error as exc:
            self._fail(exc)

    def _apply_policy(self, conn) -> None:
        """Nothing: every session's settings come with its connection (``connect_raw``)."""

    _stored_version = staticmethod(stored_version)

    def _guard_at_open(self, conn, version: int) -> None:
        """The schema guard (an older server's: after migrating)."""
        if version == self.hooks.schema_version:
            self.drift = self.hooks.drift(conn)

    _driver_error = psycopg.Error
    _dropped_by = (errors.ServerUnavailable,)

    def _classify(self, exc: BaseException) -> errors.UltError | None:
        return classify(exc, self.url)

    # -- using ------------------------------------------------------------------------
    def _pg(self) -> PgConnection:
        """This station's server connection (opened on first use)."""
        return cast(PgConnection, self.conn)

    def _install_capture(self, conn) -> None:
        conn.install_capture()  # the triggers are the schema's; the session's table

    def write_schema(self, fn):
        return self.write(fn)

    # -- what a write does on the server (the skeleton is Database.write) ---------------
    def _begin(self, budget_s: float | None, hook) -> tuple[Any, float]:
        """The ``BEGIN`` and the write lock held, sent with the operation's first read (one
        round trip less); ``lock_timeout`` is the wait's budget."""
        budget = self.busy_budget_s if budget_s is None else budget_s
        conn = self._pg()
        try:
            capture = "" if conn.capturing else CAPTURE_TABLES + "; "
            capture_on = self._capture_on(hook)
            conn.start_write(piggyback=capture_on)
            conn.defer(
                f"{capture}BEGIN; SET LOCAL lock_timeout = {max(1, int(budget * 1000))}; "
                f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"
                + ("; SET LOCAL ult.capture = 'on'" if capture_on else ""), None,
                (2 if capture else 0) + 3 + (1 if capture_on else 0))
            if capture_on:
                conn.capturing = True
        except BaseException as exc:
            self._rollback(conn)
            self._failed(exc)
            raise
        return conn, time.monotonic() + budget

    def _capture_on(self, hook) -> bool:
        return self.schema_version == hook.schema_version and self.capture_rows

    def _ready(self, conn, ahead, hook) -> None:
        """The reads every write makes first and those it declares (*ahead*) go with the
        ``BEGIN``; a trigger planted meanwhile never fires in our write."""
        if not self._capture_on(hook):
            return
        for sql, params in ((port.schema_cookie_sql(conn), ()),
                            conn.config.check_read(conn), *ahead):
            conn.read_ahead_sql(sql, params)
        for sql, params in hook.chain_reads(conn):
            conn.read_ahead_sql(sql, params, chain=True)
        self._guard_in_tx(conn)

    def _write_ended(self, conn) -> None:
        conn.end_write()

    def _commit(self, conn, deadline: float) -> None:
        conn.script("COMMIT")

    def _undo(self, conn: Any) -> None:
        conn.discard()
        if not conn.raw.closed and conn.in_transaction:
            conn.script("ROLLBACK")

    def _retry(self, step: Callable[[], T], deadline: float, pauses=()) -> T:
        """*step* once (the server queues lock waiters itself), its error named."""
        try:
            return step()
        except psycopg.Error as exc:
            self._fail(exc)

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
                self._fail(exc)


# -- the change feed's wake-up --------------------------------------------------------------
class Listener:
    """A connection that ``LISTEN``s for committed events (:meth:`pending`: no round trip);
    not replayed after a reconnect, so the feed still reads by id every ``feed.FULL_CHECK_S``."""

    def __init__(self, url: str):
        self.url = url
        self._raw: psycopg.Connection | None = None
        self._guard = threading.Lock()

    def _open(self) -> psycopg.Connection:
        raw = connect_raw(self.url)
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
