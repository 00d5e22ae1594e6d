"""The record the figures are read from: the tables as the acts the judge let stand left
them (``core.corrections``). Where ``check`` named a difference, a report reads its own
connection whose temporary views, named as the tables, hide what no act made and restore
what the acts gave; nothing is written to the file (a server: its temporary schema)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ult_desktop.core.corrections import Corrections
from ult_desktop.core.images import BY_TABLE
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import quote_name as _q
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.engine.sqlite_file import classify, is_busy, secure_connection

T = TypeVar("T")


class FiguresRecord:
    """A read-only :class:`Database` for a report's figures: :meth:`read` and
    :meth:`query` on the judged views; anything else is the record's own."""

    def __init__(self, db: Database, conn: Any):
        self._db, self._conn, self._lock = db, conn, threading.RLock()
        self._begin = "BEGIN" if conn.dialect == "sqlite" else \
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def read(self, fn: Callable[[Any], T]) -> T:
        with self._lock:
            return _retried(self._db, lambda: port.in_transaction(
                self._conn, fn, begin=self._begin, keep=False))

    def query(self, sql: str, params: tuple | dict = ()) -> list:
        return self.read(lambda conn: conn.execute(sql, params).fetchall())


def _retried(db: Database, step: Callable[[], T]) -> T:
    """*step* again while another station holds the file's lock (as the record's own reads
    wait); a file gone or damaged is said as the record says it (``sqlite_file.classify``)."""
    deadline = time.monotonic() + db.busy_budget_s
    while True:
        try:
            return step()
        except sqlite3.Error as exc:
            if is_busy(exc) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            err = classify(exc, db.file) if db.dialect == "sqlite" else None
            if err is None:
                raise
            raise err from exc


def _open(db: Database) -> Any:
    """A connection of its own to *db*'s record, as its stations open one."""
    if db.dialect != "sqlite":
        from ult_desktop.db.engine.pg import PgConnection, connect_raw

        return PgConnection(connect_raw(db.source))
    conn = sqlite3.connect(str(db.file), timeout=db.busy_budget_s, isolation_level=None,
                           check_same_thread=False, factory=AuditedConnection)
    conn.row_factory = sqlite3.Row
    secure_connection(conn)  # (temporary tables in memory: restored personal rows too)
    return conn


@contextmanager
def figures_record(db: Database, corrections: Corrections | None) -> Iterator[Any]:
    """The record to read figures from: *db* itself when nothing is to be corrected, else
    a :class:`FiguresRecord` over the judged views, closed after."""
    if not corrections:
        yield db
        return
    conn = _retried(db, lambda: _open(db))
    try:
        _retried(db, lambda: port.in_transaction(conn, lambda c: _judged_views(
            c, corrections), begin="BEGIN"))
        conn.execute("PRAGMA query_only = ON" if conn.dialect == "sqlite" else
                     "SET default_transaction_read_only = on")
        yield FiguresRecord(db, conn)
    finally:
        conn.close()


def _sql(value: object) -> object:
    """A logged value as the record holds it (a list or object as its JSON text)."""
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _judged_views(conn: Any, c: Corrections) -> None:
    """One temporary view per corrected table, in this connection only. (Each names the
    table itself before its view exists: a server binds it then, a file reads ``main``.)"""
    sqlite = conn.dialect == "sqlite"
    main, tmp = ("main.", "temp.") if sqlite else ("", "pg_temp.")
    for table in sorted(c.tables()):
        columns = port.columns(conn, table)
        key = ("id",) if table == "events" else BY_TABLE[table].key
        if not columns or not set(key) <= set(columns):
            continue
        fix, restore = c.fix.get(table, {}), c.restore.get(table, {})
        hidden = ({(k,) for k in c.no_act} if table == "events" else
                  c.hide.get(table, set())) | set(fix) | set(restore)
        hidden = {k for k in hidden if len(k) == len(key) and None not in k}
        real, judged, gone = main + _q(table), _q(f"judged_{table}"), _q(f"hidden_{table}")
        keys = ", ".join(map(_q, key))
        match = " AND ".join(f"{_q(k)} = ?" for k in key)
        conn.execute(f"CREATE TEMP TABLE {judged} AS SELECT * FROM {real} WHERE 1 = 0")
        conn.execute(f"CREATE TEMP TABLE {gone} AS SELECT {keys} FROM {real} WHERE 1 = 0")
        if hidden:
            conn.executemany(f"INSERT INTO {tmp}{gone} VALUES ({', '.join('?' * len(key))})",
                             sorted(hidden, key=repr))
        for k, values in fix.items():
            if len(k) != len(key):
                continue
            conn.execute(f"INSERT INTO {tmp}{judged} SELECT * FROM {real} WHERE {match}", k)
            sets = {col: _sql(v) for col, v in values.items()
                    if col in columns and col not in key}
            if sets:
                conn.execute(f"UPDATE {tmp}{judged} SET "
                             f"{', '.join(f'{_q(col)} = ?' for col in sets)} WHERE {match}",
                             (*sets.values(), *k))
        for k, row in restore.items():
            if len(k) != len(key):
                continue
            full = {col: _sql(v) for col, v in row.items() if col in columns} | \
                dict(zip(key, k, strict=True))
            conn.execute(f"INSERT INTO {tmp}{judged} ({', '.join(map(_q, full))}) VALUES "
                         f"({', '.join('?' * len(full))})", tuple(full.values()))
        kept = f"SELECT * FROM {real} WHERE ({keys}) NOT IN (SELECT * FROM {tmp}{gone})"
        conn.execute(f"CREATE TEMP VIEW {_q(table)} AS {kept}" if table == "events" else
                     f"CREATE TEMP VIEW {_q(table)} AS SELECT * FROM ({kept} UNION ALL "
                     f"SELECT * FROM {tmp}{judged}) AS judged ORDER BY {keys}")  # (the
        # table's order: a row put back is where it was)
