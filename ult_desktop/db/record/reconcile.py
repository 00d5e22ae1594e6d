"""Reconcile: the tables against the signed event log they are projections of.

:func:`reconcile` replays the row images every event carries (``db.record.projection``) into a
fresh projection, in event-id order, and compares it with the tables row by row and
column by column. Every difference is named in a sentence a head of office can read
("ticket A-014 (2026-11-03): finished_at 10:42 in the table, 10:58 in the log"): a row
changed, added or deleted with plain ``sqlite3`` leaves no image, so it differs.

Also named: a login whose PIN hash is not the one the log set for that officer (a hash
swapped in and back around the login), a row the log changes without ever having
recorded it, and a personal value erased from a row dated after the last signed
``retention_applied`` cut-off (the purge's erasures are lawful, nothing else's is).

The log itself is verified by ``db.record.audit.verify_chain``: reconcile trusts the images
because the chain proves who wrote them.
"""

from __future__ import annotations

import functools
import multiprocessing
import sqlite3
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path

from ult_desktop.core.authority import Authority
from ult_desktop.core.images import BY_TABLE, COVERED, add_sums, values_sum
from ult_desktop.core.replay import Replay
from ult_desktop.core.verifier import RETENTION_APPLIED
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.station_keys import read_authority

CHUNK = 20_000
#: A log of at least this many events has its tables read by a second process while it
#: is replayed; a shorter one is over before that process would have started.
PARALLEL_FROM = 100_000
#: How long the second process waits for a writer before it gives up (then: read here).
READ_TIMEOUT_S = 10.0


def _table_rows(conn: Connection, table: str) -> tuple[tuple[str, ...], dict[tuple, tuple]]:
    """The table's columns, and its rows by key (each as its values, in that order)."""
    cov = BY_TABLE[table]
    cols = port.columns(conn, table)
    if not cols:
        return (), {}
    pick = itemgetter(*(cols.index(c) for c in cov.key))
    cur = conn.cursor()
    cur.row_factory = None
    rows = cur.execute(f"SELECT * FROM {table}")
    if len(cov.key) == 1:
        return tuple(cols), {(pick(row),): row for row in rows}
    return tuple(cols), {pick(row): row for row in rows}


def _tables(conn: Connection) -> tuple[int, dict, Counter, dict]:
    """The newest event's id, the rows of the tables kept as rows, and the counted tables'
    groups (how many rows, the sum of what they say), in the caller's one read."""
    top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    out = {c.table: _table_rows(conn, c.table) for c in COVERED if c.mode == "rows"}
    cur = conn.cursor()
    cur.row_factory = None
    counts: Counter[tuple] = Counter()
    sums: dict[tuple, int] = {}
    for cov in COVERED:
        columns = port.columns(conn, cov.table) if cov.mode == "count" else None
        if not columns:
            continue
        bound = set(cov.content) <= set(columns)
        said = (*cov.content, *(c for c in cov.optional if c in columns)) if bound else ()
        read = (*cov.count_by, *said)
        n, k = len(cov.count_by), len(cov.count_by) + len(cov.content)
        for row in cur.execute(f"SELECT {', '.join(read)} FROM {cov.table}"):
            group = (cov.table, tuple(row[:n]))
            counts[group] += 1
            if bound:
                sums[group] = add_sums(sums.get(group, 0),
                                       values_sum(list(row[n:k]), list(row[k:])))
    return top, out, counts, sums


def _read_file_tables(path: str) -> tuple[int, dict, Counter, dict]:
    """:func:`_tables` in one read transaction of a connection of its own (the second
    process's)."""
    if not Path(path).is_file():  # gone meanwhile: never make an empty one (read there)
        raise FileNotFoundError(path)
    conn = sqlite3.connect(path, timeout=READ_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("BEGIN")
        return _tables(conn)
    finally:
        conn.close()  # ends the read transaction


def _read_aside(db: Database) -> Future | None:
    """The tables, read by a second process while this one replays the log: a spawned one
    (the same on Windows), given the file's path; None for a server."""
    path = getattr(db, "path", None)
    if not isinstance(path, Path):
        return None
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = pool.submit(_read_file_tables, str(path))
    except (OSError, RuntimeError):  # no second process here: the tables are read here
        return None
    pool.shutdown(wait=False)  # its one task still runs; then the process ends
    return future


def reconcile(db: Database, *, progress: Callable[[int, int], None] | None = None,
              authority: Authority | None = None) -> dict:
    """Replay the log, compare with the tables; the report ``check --json`` prints under
    ``"reconcile"``. ``ok`` is False when any row differs (``differences``).

    Only what its signer was allowed to write is replayed (*authority*, by default read
    from the chain's registrations, ``station_keys.read_authority``): the rows of an event a
    kiosk, an unregistered key or nobody signed, but only the admin PC may write, are a
    difference of their own, and the table then differs from the log where they
    took effect."""
    replay = Replay(authority if authority is not None else db.read(read_authority))
    sql = ("SELECT id, kind, data, rows, station_key, station, actor FROM events WHERE id > ? AND "
           "(rows IS NOT NULL OR kind = ?) ORDER BY id LIMIT ?")
    total = db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
    aside = _read_aside(db) if total >= PARALLEL_FROM else None

    def chunk(conn: Connection, after: int) -> list[tuple]:
        cur = conn.cursor()
        cur.row_factory = None
        return cur.execute(sql, (after, RETENTION_APPLIED, CHUNK)).fetchall()

    with ThreadPoolExecutor(1) as reader:  # the next chunk is read while one is replayed
        rows = db.read(functools.partial(chunk, after=0))
        while True:
            ahead = reader.submit(db.read, functools.partial(chunk, after=rows[-1][0])) \
                if len(rows) == CHUNK else None
            replay.play(rows)
            if progress is not None and rows:
                progress(rows[-1][0], total)
            if ahead is None:
                break
            rows = ahead.result()

    # the tables and the newest events in one read: nothing written between the two; read
    # by the second process while the log was replayed unless it read them before an
    # event the replay holds (written meanwhile): then again, here
    try:
        read = aside.result() if aside is not None else None
    except Exception:  # the second process failed: read here
        read = None
    if read is None or read[0] < replay.head:
        read = db.read(_tables)
    top, actual, counts, sums = read
    if top > replay.head:
        extra = db.query(sql.replace("LIMIT ?", ""), (replay.head, RETENTION_APPLIED))
        replay.play(tuple(late) for late in extra if late[0] <= top)
    if replay.provable_from is None:
        # a file whose log holds no images (older than migration 11 and not migrated):
        # nothing to compare with
        return {"ok": True, "provable_from": None, "differences": [], "count": 0,
                "events": replay.events, "cutoff": replay.cutoff or None}
    for table, (columns, rows) in actual.items():
        replay.compare(table, columns, rows)
    replay.compare_counts(counts, sums)
    return replay.result()
