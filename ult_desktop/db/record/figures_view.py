"""The record the figures are read from: the tables as the acts the judge let stand left
them (``core.corrections``). On a clean record that is the tables themselves; where
``check`` named a difference, a report reads a connection of its own whose temporary
views, named as the tables, hide what no act made, restore what an act made and someone
removed, put back the values the acts gave, and leave out the events the judge refused.
Nothing is written to the file: the views live in the connection's memory (and with them
the restored rows), and the connection is read-only once they are made. A report on a
server reads the tables as they are (its NOT VERIFIED stamp says what differs)."""

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
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.engine.sqlite_file import is_busy, secure_connection

T = TypeVar("T")


class FiguresRecord:
    """A read-only :class:`Database` for a report's figures: :meth:`read` and
    :meth:`query` on the judged views; anything else is the record's own."""

    def __init__(self, db: Database, conn: sqlite3.Connection):
        self._db, self._conn, self._lock = db, conn, threading.RLock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def read(self, fn: Callable[[Any], T]) -> T:
        deadline = time.monotonic() + self._db.busy_budget_s
        with self._lock:
            while True:
                conn = self._conn
                try:
                    conn.execute("BEGIN")
                    try:
                        return fn(conn)
                    finally:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")  # (read only: nothing to keep)
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc) or time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)

    def query(self, sql: str, params: tuple | dict = ()) -> list:
        return self.read(lambda conn: conn.execute(sql, params).fetchall())


@contextmanager
def figures_record(db: Database, corrections: Corrections | None) -> Iterator[Any]:
    """The record to read figures from: *db* itself when nothing is to be corrected (or
    on a server), else a :class:`FiguresRecord` over the judged views, closed after."""
    if not corrections or getattr(db, "dialect", "sqlite") != "sqlite" or db.path is None:
        yield db
        return
    conn = sqlite3.connect(str(db.file), timeout=db.busy_budget_s, isolation_level=None,
                           check_same_thread=False, factory=AuditedConnection)
    try:
        conn.row_factory = sqlite3.Row
        secure_connection(conn)  # (temporary tables in memory: restored personal rows too)
        deadline = time.monotonic() + db.busy_budget_s
        while True:
            try:
                conn.execute("BEGIN")
                _judged_views(conn, corrections)
                conn.execute("COMMIT")
                break
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if not is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
        conn.execute("PRAGMA query_only = ON")
        yield FiguresRecord(db, conn)
    finally:
        conn.close()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql(value: object) -> object:
    """A logged value as SQLite holds it (a list or object as its JSON text)."""
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _judged_views(conn: sqlite3.Connection, c: Corrections) -> None:
    """One temporary view per corrected table, in this connection only."""
    for table in sorted(c.tables()):
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({_q(table)})")]
        if not columns:
            continue
        key = ("id",) if table == "events" else BY_TABLE[table].key
        if not set(key) <= set(columns):
            continue
        fix, restore = c.fix.get(table, {}), c.restore.get(table, {})
        hidden = ({(k,) for k in c.no_act} if table == "events" else
                  c.hide.get(table, set())) | set(fix) | set(restore)
        hidden = {k for k in hidden if len(k) == len(key) and None not in k}
        judged, gone = _q(f"judged_{table}"), _q(f"hidden_{table}")
        keys = ", ".join(map(_q, key))
        match = " AND ".join(f"{_q(k)} = ?" for k in key)
        conn.execute(f"CREATE TEMP TABLE {judged} AS SELECT * FROM main.{_q(table)} WHERE 0")
        conn.execute(f"CREATE TEMP TABLE {gone} ({keys})")
        conn.executemany(f"INSERT INTO temp.{gone} VALUES ({', '.join('?' * len(key))})",
                         sorted(hidden, key=repr))
        for k, values in fix.items():
            if len(k) != len(key):
                continue
            conn.execute(f"INSERT INTO temp.{judged} SELECT * FROM main.{_q(table)} "
                         f"WHERE {match}", k)
            sets = {col: _sql(v) for col, v in values.items()
                    if col in columns and col not in key}
            if sets:
                conn.execute(f"UPDATE temp.{judged} SET "
                             f"{', '.join(f'{_q(col)} = ?' for col in sets)} WHERE {match}",
                             (*sets.values(), *k))
        for k, row in restore.items():
            if len(k) != len(key):
                continue
            full = {col: _sql(v) for col, v in row.items() if col in columns} | \
                dict(zip(key, k, strict=True))
            conn.execute(f"INSERT INTO temp.{judged} ({', '.join(map(_q, full))}) VALUES "
                         f"({', '.join('?' * len(full))})", tuple(full.values()))
        kept = f"SELECT * FROM main.{_q(table)} WHERE ({keys}) NOT IN " \
            f"(SELECT * FROM temp.{gone})"
        conn.execute(f"CREATE TEMP VIEW {_q(table)} AS {kept}" if table == "events" else
                     f"CREATE TEMP VIEW {_q(table)} AS SELECT * FROM ({kept} UNION ALL "
                     f"SELECT * FROM temp.{judged}) ORDER BY {keys}")  # (the table's order:
        # a row put back is where it was)
