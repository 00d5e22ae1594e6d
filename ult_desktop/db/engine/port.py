"""The seam between the storage engines and ``db/``: what happens inside a write is handed
to each opened database (:class:`Hooks`), so an engine imports nothing above it; who
writes travels with the connection (:class:`AuditIdentity`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ult_desktop.core.authority import MAX_HELD
from ult_desktop.core.numbering import format_number
from ult_desktop.db import errors

T = TypeVar("T")


class Signer(Protocol):
    """A station's signing key as the db layer sees it (``app/station_key.py``)."""

    key_id: str
    public_key: bytes  # raw Ed25519 public key, 32 bytes

    def sign(self, data: bytes) -> bytes: ...


@dataclass
class AuditIdentity:
    """Who writes through one Database: the officer and the station's key."""

    actor: str | None = None
    signer: Signer | None = None
    #: Hash of the last event this signer wrote through this identity (skips a verify).
    last_own: bytes | None = None
    #: ... and its id: the key's newest event is that one or one after it.
    last_own_id: int | None = None


class Connection(Protocol):
    """What ``db/`` may ask of a connection, whichever engine is under it (a subset of
    ``sqlite3.Connection``); which engine is asked through :func:`on_server`."""

    def execute(self, sql: str, params: Sequence[Any] | dict = ..., /) -> Any: ...

    def executemany(self, sql: str, seq: Any, /) -> Any: ...

    def cursor(self) -> Any: ...


@dataclass(frozen=True)
class Hooks:
    """What the rooms above the engine do inside every write and at open."""

    #: The schema version this code writes (``schema.SCHEMA_VERSION``).
    schema_version: int
    #: Bring a file/server of an older version up to date (inside the schema write).
    migrate: Callable[[Any], Any]
    #: The schema guard: findings (``errors.Drift``) for *conn* (and a version; a server's
    #: connection: the server's guard).
    drift: Callable[..., list]
    #: Install this connection's row capture (``record.projection``).
    install_capture: Callable[[Any], None]
    #: The event log's work at the start and end of every write (``record.events``).
    begin: Callable[[Any], None]
    finish: Callable[[Any, str], None]
    #: Reads the chain makes first in a write, sent ahead on a server.
    chain_reads: Callable[[Any], list]
    #: A restore's checked copy, before it replaces the office data: (db, copy, station)
    #: (``person``: every erasure on request made again in it).
    restoring: Callable[[Any, Any, str], None] | None = None
    #: Inside the migration's write, before it: the stations (seen lately, not *station*
    #: itself) a migration of (conn, station) would leave unable to write (``[]``: go on).
    migration_gate: Callable[[Any, str], list[str]] | None = None


def gated_migration(hooks: Hooks, conn: Any, station: str) -> Any:
    """*hooks*' migration of *conn* by *station*, unless their gate names stations it
    would leave behind: then nothing changes. :raises MigrationWaits: naming them."""
    waits = hooks.migration_gate(conn, station) if hooks.migration_gate else []
    if waits:
        raise errors.MigrationWaits(file_version=schema_version(conn),
                                    our_version=hooks.schema_version, stations=", ".join(waits))
    return hooks.migrate(conn)


def required(hooks: Hooks | None) -> Hooks:
    """*hooks*, or the refusal of an engine opened without them."""
    if hooks is None:
        raise RuntimeError("The engine was given no write hooks: open the office with "
                           "ult_desktop.db.open.open_database(path).")
    return hooks


# -- the few real differences between the engines: every other statement is plain SQL both
# run as written; a connection says its engine (``dialect``), a plain sqlite3 one is a file.
SERVER = "postgresql"
#: The server's table of counters SQLite keeps in the file header.
META = "ult_meta"


def in_transaction(conn: Any, fn: Callable[[Any], T], *, begin: str = "BEGIN IMMEDIATE",
                   keep: bool = True) -> T:
    """*fn(conn)* inside one transaction on a bare connection, kept (*keep*) or rolled
    back; rolled back on any error."""
    conn.execute(begin)
    try:
        result = fn(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT" if keep else "ROLLBACK")  # (a read: nothing to keep)
    return result


def quote_name(name: str) -> str:
    """*name* as an SQL identifier, quoted (both engines)."""
    return '"' + name.replace('"', '""') + '"'


def on_server(conn: Any) -> bool:
    return getattr(conn, "dialect", "sqlite") == SERVER


def schema_version(conn: Any) -> int:
    """The schema version the office was migrated to."""
    sql = (f"SELECT value FROM {META} WHERE key = 'schema_version'" if on_server(conn)
           else "PRAGMA user_version")
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def set_schema_version(conn: Any, version: int) -> None:
    conn.execute(f"UPDATE {META} SET value = {int(version)} WHERE key = 'schema_version'"
                 if on_server(conn) else f"PRAGMA user_version = {int(version)}")


#: A number that changes whenever the schema's objects change (the schema guard's cookie).
_SCHEMA_COOKIE_PG = (
    "SELECT hashtext(concat_ws('|', "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) || ':' || "
    "count(*) FILTER (WHERE tgenabled = 'D') FROM pg_trigger), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_rewrite), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_policy), "
    "(SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
    "AND (relrowsecurity OR relforcerowsecurity)), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_class "
    "WHERE relnamespace = current_schema()::regnamespace), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) || ':' || "
    "coalesce(sum(hashtext(prosrc)::bigint), 0) FROM pg_proc "
    "WHERE pronamespace = current_schema()::regnamespace)))")
SCHEMA_COOKIE_SQLITE = "PRAGMA schema_version"


def schema_cookie_sql(conn: Any) -> str:
    return _SCHEMA_COOKIE_PG if on_server(conn) else SCHEMA_COOKIE_SQLITE


#: The highest event id ever given out (file header ``application_id``; on a server a row
#: of ``ult_meta``): ids are never reused, and ``check`` sees events removed from the end.
def high_water(conn: Any) -> int:
    sql = (f"SELECT value FROM {META} WHERE key = 'event_high_water'" if on_server(conn)
           else "PRAGMA application_id")
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def record_write(conn: Any, sql: str, params: Sequence[Any] = ()) -> None:
    """A write to the record's own tables (events, meta row), not captured: on a server
    it rides with the next round trip, and the chain's read-ahead answers no more."""
    if on_server(conn):
        conn.record_write(sql, params)
    else:
        conn.execute(sql, params)


def set_high_water(conn: Any, event_id: int) -> None:
    if on_server(conn):  # the owner's function: it only raises it, to an event that is
        record_write(conn, "SELECT ult_raise_high_water(?)", (int(event_id),))
    else:
        conn.execute(f"PRAGMA application_id = {int(event_id)}")


#: The next number of a (day, prefix) in a file: past its tickets and the ranges kiosks
#: hold, passing over a number no day could reach (``core.authority.Acts.seqs``: one
#: forged row with a huge ``seq`` or ``last_seq`` stops no station). The bound counts the
#: day's tickets; it is counted only when the highest number passes what the day's ranges
#: alone allow (so at the busy hour a ticket reads two index ends, not the whole day).
_HIGHEST = ("(SELECT MAX((SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE day = :d AND "
            "prefix = :p{t}), (SELECT COALESCE(MAX(last_seq), 0) FROM number_reserves "
            "WHERE day = :d AND prefix = :p{r})))")
_TOP = "held + (SELECT COUNT(*) FROM tickets WHERE day = :d AND prefix = :p)"
_NEXT_SEQ = (
    f"WITH r AS (SELECT {MAX_HELD} * (1 + COUNT(*)) AS held FROM number_reserves WHERE "
    f"day = :d AND prefix = :p), h AS (SELECT {_HIGHEST.format(t='', r='')} AS hi) "
    f"SELECT CASE WHEN hi <= held THEN hi ELSE "
    f"{_HIGHEST.format(t=' AND seq <= ' + _TOP, r=' AND last_seq <= ' + _TOP)} END + 1 "
    "FROM r, h")


def insert_numbered(conn: Any, table: str, columns: Sequence[str], values: Sequence[Any], *,
                    day: str, prefix: str) -> Any:
    """Insert one row of *table* with the next ``seq`` of (*day*, *prefix*) and its number
    (``core.numbering.format_number``); its ``seq`` and ``number``. A file counts under the
    write lock, a server bumps a day counter row in the same statement (no gap)."""
    marks = ", ".join("?" * len(columns))
    if not on_server(conn):
        seq = conn.execute(_NEXT_SEQ, {"d": day, "p": prefix}).fetchone()[0]
        return insert_at(conn, table, columns, values, prefix=prefix, seq=seq)
    bump, params = _server_bump(day, prefix, 1)
    row = conn.execute(
        f"WITH c AS ({bump}) INSERT INTO {table} ({', '.join(columns)}, seq, number) "
        f"SELECT {marks}, c.last_seq, ? || '-' || CASE WHEN c.last_seq < 1000 "
        "THEN lpad(c.last_seq::text, 3, '0') ELSE c.last_seq::text END FROM c RETURNING seq, "
        "number",
        (*params, *values, prefix)).fetchone()
    if row["number"] != format_number(prefix, row["seq"]):
        raise RuntimeError(f"number {row['number']!r} is not "
                           f"{format_number(prefix, row['seq'])!r}")
    return row


def claim_numbers(conn: Any, *, day: str, prefix: str, count: int) -> int:
    """Take the next *count* numbers of (*day*, *prefix*) for a kiosk to hold, in the
    caller's write; the first of them."""
    if not on_server(conn):
        return int(conn.execute(_NEXT_SEQ, {"d": day, "p": prefix}).fetchone()[0])
    last = conn.execute(*_server_bump(day, prefix, count)).fetchone()[0]
    return int(last) - count + 1


def next_number(conn: Any, *, day: str, prefix: str, past: int, ranges: int) -> int:
    """The next number of (*day*, *prefix*) for a ticket issued on the record: past its
    tickets and *past* (the highest the standing *ranges* hold), passing over a number no
    day could reach; a server's day counter moved on."""
    if on_server(conn):
        first = claim_numbers(conn, day=day, prefix=prefix, count=1)
        if first <= past:
            claim_numbers(conn, day=day, prefix=prefix, count=past + 1 - first)
        return max(first, past + 1)
    where = {"d": day, "p": prefix, "held": MAX_HELD * (1 + ranges)}
    high = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE day = :d AND "
                        "prefix = :p", where).fetchone()[0]
    if high > where["held"]:
        high = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE day = :d AND "
                            "prefix = :p AND seq <= :held + (SELECT COUNT(*) FROM tickets "
                            "WHERE day = :d AND prefix = :p)", where).fetchone()[0]
    return max(high, past) + 1


def _server_bump(day: str, prefix: str, step: int) -> tuple[str, tuple]:
    """A server's day counter of (*day*, *prefix*) moved on by *step*, ``RETURNING
    last_seq``: from its last number, or, for a new row or a number past what the day
    could reach (a forged row: ``_NEXT_SEQ``'s bound), from the highest believed one."""
    where = "day = ? AND prefix = ?"
    top = (f"({MAX_HELD} * (1 + (SELECT COUNT(*) FROM number_reserves WHERE {where})) + "
           f"(SELECT COUNT(*) FROM tickets WHERE {where}))")
    believed = (f"GREATEST((SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE {where} AND "
                f"seq <= {top}), (SELECT COALESCE(MAX(last_seq), 0) FROM number_reserves "
                f"WHERE {where} AND last_seq <= {top}))")
    highest = f"(SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE {where})"
    key, tops = (day, prefix), (day, prefix) * 2
    sql = (f"INSERT INTO ticket_counters AS c (day, prefix, last_seq) VALUES (?, ?, CASE "
           f"WHEN {highest} <= {MAX_HELD} THEN {highest} ELSE {believed} END + ?) ON CONFLICT "
           f"(day, prefix) DO UPDATE SET last_seq = CASE WHEN c.last_seq <= {MAX_HELD} THEN "
           f"c.last_seq WHEN c.last_seq <= {top} THEN c.last_seq ELSE {believed} END + ? "
           "RETURNING last_seq")
    believed_params = (*key, *tops, *key, *tops)
    return sql, (*key, *key, *key, *believed_params, step, *tops, *believed_params, step)


def insert_at(conn: Any, table: str, columns: Sequence[str], values: Sequence[Any], *,
              prefix: str, seq: int) -> Any:
    """Insert one row of *table* with the number *seq* (a kiosk held it, or the file's
    next: no counter moves; the unique index stays the backstop); its ``seq`` and
    ``number``."""
    marks = ", ".join("?" * (len(columns) + 2))
    number = format_number(prefix, seq)
    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}, seq, number) VALUES ({marks})",
                 (*values, seq, number))
    return {"seq": seq, "number": number}


def reseal_event(conn: Any, event_id: int, data: str, rows: Any, digest: bytes,
                 sig: bytes | None) -> None:
    """Rewrite the event this transaction appended with more row images (on a server
    through the owner's function, which re-seals only the caller's own event)."""
    if on_server(conn):
        conn.execute("SELECT ult_reseal(?, ?, ?, ?, ?)", (event_id, data, rows, digest, sig))
    else:
        conn.execute("UPDATE events SET data = ?, rows = ?, hash = ?, sig = ? WHERE id = ?",
                     (data, rows, digest, sig, event_id))


#: The newest event and the high-water mark in one read (a server's round trip).
LAST_AND_HIGH_PG = (f"SELECT e.hash, e.id, m.value FROM {META} m LEFT JOIN (SELECT hash, id "
                    "FROM events ORDER BY id DESC LIMIT 1) e ON true "
                    "WHERE m.key = 'event_high_water'")


def change_counter(conn: Any) -> int:
    """A number that changes when another connection commits (the change feed's cheap
    look): SQLite's ``data_version``; on a server the newest event id."""
    sql = ("SELECT COALESCE(MAX(id), 0) FROM events" if on_server(conn)
           else "PRAGMA data_version")
    return int(conn.execute(sql).fetchone()[0])


def table_columns(conn: Any, table: str) -> dict[str, bool]:
    """The columns of *table* of the office, in order, each with whether it is NOT NULL
    (empty: no such table)."""
    if on_server(conn):
        return {r[0]: r[1] == "NO" for r in conn.execute(
            "SELECT column_name, is_nullable FROM information_schema.columns WHERE "
            "table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,))}
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    return {r[1]: bool(r[3]) for r in conn.execute(f"PRAGMA main.table_info({table})")}


def columns(conn: Any, table: str) -> list[str]:
    """The column names of *table* of the office (none: no such table)."""
    return list(table_columns(conn, table))


def integrity_problems(conn: Any) -> list[str]:
    """``["ok"]`` or what is damaged: SQLite's ``integrity_check`` of the file; a server
    checks its own pages (nothing for a station to run)."""
    if on_server(conn):
        return ["ok"]
    return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def journal_mode(conn: Any) -> str:
    """The file's journal mode (``delete`` on a share); ``server`` on a server."""
    return "server" if on_server(conn) else \
        str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def foreign_key_violations(conn: Any) -> list[tuple]:
    """(table, rowid, parent) of rows naming a missing parent through a declared
    reference. A server enforces its declared references on every statement: none."""
    if on_server(conn):
        return []
    return [tuple(r[:3]) for r in conn.execute("PRAGMA foreign_key_check")]


def size_bytes(conn: Any) -> int:
    """How much disk the office takes (the file, or the server's database)."""
    sql = ("SELECT pg_database_size(current_database())" if on_server(conn) else
           "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
    return int(conn.execute(sql).fetchone()[0])


def json_text(conn: Any, column: str, key: str) -> str:
    """An SQL expression: the text of *key* in the JSON object held in *column*."""
    if not (column.isidentifier() and key.isidentifier()):
        raise ValueError(f"not a plain name: {column!r}, {key!r}")
    return f"({column}::jsonb ->> '{key}')" if on_server(conn) \
        else f"json_extract({column}, '$.{key}')"


def not_indexed(conn: Any) -> str:
    """SQLite's ``NOT INDEXED`` (a small table read whole, no index pages fetched over a
    slow share); a server's planner decides alone."""
    return "" if on_server(conn) else " NOT INDEXED"


def secure_delete(conn: Any, on: bool | None = None) -> bool:
    """SQLite overwrites deleted content with zeros (set *on*, or read it); a server's
    storage is not ours to shape: always "on" there, nothing to set."""
    if on_server(conn):
        return True
    if on is not None:
        conn.execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")
    return bool(conn.execute("PRAGMA secure_delete").fetchone()[0])


def plain_rows(conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    """The cursor of *sql* run on *conn* with its rows as plain tuples (no names: a long
    read of the whole log or a table made lighter)."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params)


#: The most ids one ``IN`` list binds (SQLite's limit on bound parameters).
IN_PART = 500


def rows_in(conn: Any, sql: str, ids: list[int]) -> list:
    """The rows of *sql* for *ids*, its ``{marks}`` a bound parameter for each, asked in
    parts of :data:`IN_PART`."""
    out: list = []
    for n in range(0, len(ids), IN_PART):
        part = ids[n:n + IN_PART]
        out += conn.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
    return out


def insert_row(conn: Any, table: str, values: dict[str, Any]) -> int:
    """Insert *values* (column -> value; the columns are the code's own names) as one row
    of *table*; its id (both engines)."""
    return inserted_id(conn.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))}) "
        "RETURNING id", tuple(values.values())))


def inserted_id(cur: Any) -> int:
    """The id an ``INSERT ... RETURNING id`` just run on *cur* made (both engines)."""
    rows = cur.fetchall()  # to the end: the statement is done with on the file too
    if not rows:
        raise RuntimeError("no row was inserted")
    return int(rows[0][0])
