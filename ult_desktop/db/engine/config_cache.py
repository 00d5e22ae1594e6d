"""The office configuration kept between a station's writes (each page read on a share is a
round trip), re-read after a ``settings_changed`` event, a gap, a rollback, a restart,
:data:`MAX_AGE_S` seconds or :data:`MAX_EVENTS_BETWEEN` events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from ult_desktop.db.engine.port import Connection

T = TypeVar("T")

#: Event kinds after which the kept configuration is read again.
CONFIG_EVENT_KINDS = ("settings_changed", "database_restored", "schema_repaired")
MAX_EVENTS_BETWEEN = 40
MAX_AGE_S = 120.0

_CHANGED_SQL = (f"SELECT 1 FROM events WHERE id > ? AND kind IN "
                f"({', '.join('?' * len(CONFIG_EVENT_KINDS))}) LIMIT 1")


_NEVER = 2 ** 62
_BOTH_SQL = (f"SELECT (SELECT id FROM events ORDER BY id DESC LIMIT 1), EXISTS ("
             f"{_CHANGED_SQL})")


class ConfigCache:
    """One connection's kept configuration values, keyed by what was asked for."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, *,
                 record: dict | None = None) -> None:
        self._clock = clock
        #: what the record lets stand, kept by ``db.record.judged`` for the database's life
        #: (shared by its connections: a reconnect does not judge the log again)
        self.record: dict = {} if record is None else record
        self._values: dict[Any, Any] = {}
        self._upto: int | None = None   # no configuration event up to this event id
        self._since = 0.0               # when the kept values were first read
        self._active = False            # inside a write transaction
        self._checked = False           # ... and the log was asked in it
        #: the day's open tickets read by the change (``db.queue.rows.read_open_tickets``)
        self.line: Any = None
        #: the day's sign-ins and sign-outs read by the change (``db.queue.serving``)
        self.desk_marks: Any = None

    @property
    def active(self) -> bool:
        """Inside a write transaction (its newest event may still gain rows)."""
        return self._active

    def begin(self) -> None:
        """A write transaction started (``Database.write``, under the write lock)."""
        self._active, self._checked = True, False

    def end(self, *, committed: bool) -> None:
        """The write transaction ended; after a rollback nothing it read is kept."""
        self._active = False
        if not committed:
            self.forget()

    def forget(self) -> None:
        self._values.clear()
        self._upto = None
        self.line = None
        self.desk_marks = None

    def peek(self, key: Any) -> Any:
        """The value kept for *key*, maybe stale, without asking: ``None`` if none."""
        return self._values.get(key)

    def get(self, conn: Connection, key: Any, load: Callable[[], T]) -> T:
        """The value for *key*: kept, or ``load()`` (inside the transaction). Outside a
        write transaction nothing is kept: ``load()`` every time."""
        if not self._active:
            return load()
        if not self._checked:
            self._check(conn)
        if key not in self._values:
            self._values[key] = load()
        return self._values[key]

    def check_read(self, conn: Connection) -> tuple[str, tuple]:
        """The server's check (``_check``) as ``(sql, params)``, to read ahead."""
        # nothing kept: whether anything changed needs no look through the log
        upto = self._upto if self._upto is not None else _NEVER
        return _BOTH_SQL, (upto, *CONFIG_EVENT_KINDS)

    def _check(self, conn: Connection) -> None:
        self._checked = True
        now = self._clock()
        upto = self._upto
        # both questions in one read (a server: one round trip)
        top, changed = conn.execute(*self.check_read(conn)).fetchone()
        top = top or 0
        fresh = (upto is not None and 0 <= top - upto <= MAX_EVENTS_BETWEEN
                 and now - self._since <= MAX_AGE_S and not changed)
        if not fresh:
            self._values.clear()
            self._since = now
        self._upto = top


def cached(conn: Connection, key: Any, load: Callable[[], T]) -> T:
    """``load()``, or its kept value when *conn* carries a :class:`ConfigCache`."""
    cache = getattr(conn, "config", None)
    return load() if cache is None else cache.get(conn, key, load)


def config_changed(conn: Connection, kind: str) -> None:
    """An event of *kind* is being written on *conn*: a configuration change forgets
    the kept values at once (the rest of this transaction reads them afresh)."""
    cache = getattr(conn, "config", None)
    if cache is not None and kind in CONFIG_EVENT_KINDS:
        cache.forget()
