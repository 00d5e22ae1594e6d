"""The psycopg connection shaped like ``sqlite3``'s (:class:`PgConnection`, :class:`PgCursor`,
:class:`Row`): ``?`` parameters, rows by name and index, and statements sent ahead with
the write that asks them first. ``engine/pg.py`` is the engine around it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import psycopg
import psycopg.errors

from ult_desktop.db.engine.config_cache import ConfigCache


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


#: A session's capture tables (two statements): what the triggers wrote, and their pause.
CAPTURE_TABLES = ("CREATE TEMP TABLE IF NOT EXISTS ult_touched (seq BIGSERIAL PRIMARY KEY, "
                  "t TEXT NOT NULL, k TEXT NOT NULL, old TEXT, new TEXT); "
                  "CREATE TEMP TABLE IF NOT EXISTS ult_capture_paused (x INTEGER)")
#: What the capture triggers wrote since the transaction's last take (``seq`` above it).
_TOUCHED_SQL = "SELECT seq, t, k, old, new FROM pg_temp.ult_touched WHERE seq > {} ORDER BY seq"


@functools.lru_cache(maxsize=2048)
def psycopg_sql(sql: str, with_params: bool) -> str:
    """*sql* with psycopg's parameter marks: ``?`` -> ``%s`` outside quoted text, and a
    literal ``%`` doubled when parameters are bound; nothing else is changed."""
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
    """The part of ``sqlite3.Cursor`` the db layer uses; inside a write a statement is held
    until an answer is asked for, then all held go in one round trip."""

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
    """A psycopg connection dressed as ``sqlite3``'s (autocommit; :class:`PgDatabase` sends
    ``BEGIN``/``COMMIT``). In a write, statements wait until an answer is wanted and the
    declared reads (``read_ahead``) go with the ``BEGIN``."""

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
        #: answers read ahead and not asked for yet: text -> [(rows, description, chain read)]
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
        """Hold *text* (SQL with its values) until the next round trip, when *cursor* gets
        its answer (now, if read ahead). *record*: see ``port.record_write``."""
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
        """Send the read *text* (values in it) with the next round trip; its answer waits
        for the write's first statement asking it (*chain*: every one until the record)."""
        self._pending.append(_Held(text, None, 1, ahead=True, chain=chain))

    def read_ahead_sql(self, sql: str, params: Any = (), *, chain: bool = False) -> None:
        """:meth:`read_ahead` of the *sql* the operation will run."""
        self.read_ahead(self._with_values(sql, params), chain=chain)

    def _with_values(self, sql: str, params: Any) -> str:
        """*sql* with its *params* in it, as it will be sent."""
        return self.cursor_raw().mogrify(psycopg_sql(sql, bool(params)),
                                         _params(params) if params else None)

    def record_write(self, sql: str, params: Any = ()) -> None:
        """``port.record_write`` on a server: held like any write, without making the
        capture's answer stale (the capture does not cover the record's tables)."""
        if not self.deferring:
            self.execute(sql, params)
            return
        self.defer(self._with_values(sql, params), None, record=True)

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
        self.script(CAPTURE_TABLES)
        self.capturing = True  # PgDatabase.write switches the triggers on per transaction

    def close(self) -> None:
        self.raw.close()
