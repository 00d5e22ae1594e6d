"""Moving an office between its file and a PostgreSQL server, whole signed history kept.

``migrate-to-server`` copies every row into a new schema on the server, the events byte
for byte, so ``check`` passes on both sides (the file is left untouched);
``migrate-from-server`` is the way back: a new file from the same migrations, with the
event high-water mark kept. Nothing is captured or signed: it is the same record."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ult_desktop.db import errors
from ult_desktop.db.engine import pg as engine_pg
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite_file import check_file, open_readonly
from ult_desktop.db.house.setup import new_office_file
from ult_desktop.db.schemas import server_schema
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

_BATCH = 500


@contextlib.contextmanager
def _copy_errors(url: str):
    """A whole-office copy's failures as the named errors (a row naming a row that is
    not there: the file's broken reference, said with the server's detail)."""
    with engine_pg.named_errors(url):
        try:
            yield
        except engine_pg.psycopg.errors.ForeignKeyViolation as exc:
            raise errors.RuleViolation("server.error.broken_references",
                                       detail=exc.diag.message_detail or str(exc)) from exc


def migrate_to_server(path: str | os.PathLike, url: str, *,
                      station_password: str | None = None,
                      progress: Callable[[str, int], None] | None = None) -> dict:
    """Copy the office file at *path* into the empty database at *url* (as its owner) in
    one transaction; returns rows copied per table and the event high-water mark.
    :raises SchemaTooNew / RuleViolation: the file is not at this schema version.
    :raises DatabaseExists: the server database already holds an office.
    :raises RuleViolation: a row names a row that is not there."""
    path = Path(path)
    check_file(path)
    src = open_readonly(path)
    try:
        version = port.schema_version(src)
        if version != SCHEMA_VERSION:
            if version > SCHEMA_VERSION:
                raise errors.SchemaTooNew(file_version=version, our_version=SCHEMA_VERSION)
            raise errors.RuleViolation("server.error.migrate_first", version=version,
                                       wanted=SCHEMA_VERSION)
        raw = _connect(url)
        try:
            with _copy_errors(url), raw.transaction():
                server_schema.create_schema_in(raw, url, station_password=station_password)
                counts, top = copy_office(src, raw, progress)
        finally:
            raw.close()
    finally:
        src.close()
    return {"tables": counts, "event_high_water": top}


def _connect(url: str):
    with engine_pg.named_errors(url):
        return engine_pg.connect_raw(url, idle_in_transaction_s=0)


def copy_office(src: Connection, raw,
                progress: Callable[[str, int], None] | None = None) -> tuple[dict, int]:
    """Inside the caller's transaction on *raw*: every row of the office file *src* into the
    empty tables, byte for byte, and the high-water mark (references checked at COMMIT);
    returns rows copied per table and the event high-water mark."""
    raw.execute("SET CONSTRAINTS ALL DEFERRED")
    counts: dict[str, int] = {}
    high = port.high_water(src)
    for table in server_schema.schema_tables():
        cols = port.columns(src, table)
        if not cols:
            continue
        names = ", ".join(f'"{c}"' for c in cols)
        sql = (f"INSERT INTO {table} ({names}) VALUES "
               f"({', '.join(['%s'] * len(cols))})")
        with raw.cursor() as pc:
            n = counts[table] = _copy_rows(src.execute(f"SELECT {names} FROM {table}"),
                                           pc.executemany, sql)
        if progress is not None:
            progress(table, n)
    top = max(high, src.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
    raw.execute(f"UPDATE {port.META} SET value = %s WHERE key = 'event_high_water'", (top,))
    # the per-day ticket counters the numbering locks (ids need none: highest plus one)
    raw.execute("INSERT INTO ticket_counters (day, prefix, last_seq) SELECT day, prefix, "
                "MAX(seq) FROM (SELECT day, prefix, seq FROM tickets UNION ALL SELECT day, "
                "prefix, last_seq FROM number_reserves) n GROUP BY day, prefix")
    return counts, top


def restore_on_server(url: str, copy: Connection,
                      before_copy: Callable[[int], None], *, budget_s: float = 30) -> dict:
    """Replace every row of the office at *url* with those of the file *copy* in one
    transaction under the write lock (never a mix); ``before_copy(top)`` gets the server's
    newest event id, so the copy's events continue above.
    :raises SchemaDrift: ``repair`` first (a planted trigger would run in the copy).
    :raises DatabaseBusy: the lock or a table stayed held for *budget_s*.
    :raises RuleViolation: the copy holds rows naming a row that is not there."""
    from ult_desktop.db.schemas.schema_guard import schema_drift

    raw = _connect(url)
    try:
        with _copy_errors(url), raw.transaction():
            raw.execute(f"SET LOCAL lock_timeout = {max(1, int(budget_s * 1000))}")
            raw.execute(f"SELECT pg_advisory_xact_lock({engine_pg.WRITE_LOCK_KEY})")
            drift = schema_drift(engine_pg.PgConnection(raw))
            if drift:
                raise drift[0].error()
            old = raw.execute(f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM events), "
                              f"(SELECT value FROM {port.META} "
                              "WHERE key = 'event_high_water'))").fetchone()[0]
            before_copy(int(old))
            tables = [*server_schema.schema_tables(), "ticket_counters"]
            raw.execute(f"TRUNCATE {', '.join(tables)}")
            counts, top = copy_office(copy, raw)
    finally:
        raw.close()
    return {"tables": counts, "event_high_water": top}


def migrate_from_server(url: str, path: str | os.PathLike) -> dict:
    """Copy the office at *url* into a new file at *path* (never overwrites one).
    :raises DatabaseExists, ShareUnavailable: (``setup.new_office_file``)."""

    def fill(dst: sqlite3.Connection) -> dict:
        raw = _connect(url)
        try:
            raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            version = engine_pg.stored_version(engine_pg.PgConnection(raw))
            if version is None:
                raise errors.NotInitialized(path="server")
            if version != SCHEMA_VERSION:
                raise errors.SchemaTooNew(file_version=version, our_version=SCHEMA_VERSION)
            high = port.high_water(engine_pg.PgConnection(raw))
            counts: dict[str, int] = {}
            for table in server_schema.schema_tables():
                cols = port.columns(dst, table)
                names = ", ".join(f'"{c}"' for c in cols)
                dst.execute(f"DELETE FROM {table}")  # a new file: nothing but defaults
                counts[table] = _copy_rows(
                    raw.execute(f"SELECT {names} FROM {table}"), dst.executemany,
                    f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})")
            top = dst.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
            port.set_high_water(dst, max(high, top))
            raw.execute("COMMIT")
        finally:
            raw.close()
        return {"tables": counts, "event_high_water": max(high, top)}

    with engine_pg.named_errors(url):
        return new_office_file(Path(path), fill, suffix=".from-server-tmp")


def _copy_rows(cur, executemany: Callable[[str, list], object], sql: str) -> int:
    """Every row *cur* reads, written by ``executemany(sql, rows)`` a batch at a time (a
    server's bytes as bytes); how many there were."""
    n = 0
    while rows := cur.fetchmany(_BATCH):
        executemany(sql, [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                          for r in rows])
        n += len(rows)
    return n
