"""Reconcile: the tables against the signed event log they are projections of.

:func:`reconcile` replays the row images every event carries (``db.record.projection``)
and names each difference column by column in a sentence a head of office can read (also
a PIN hash swapped in and back around a login, and a value erased after the signed
retention cut-off). The chain (``db.record.audit``) proves who wrote the images."""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path

from ult_desktop.core.authority import Authority, future_from
from ult_desktop.core.corrections import corrections
from ult_desktop.core.images import BY_TABLE, COVERED, add_sums, values_sum
from ult_desktop.core.replay import COUNTED, Replay
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import secure_connection
from ult_desktop.db.record.station_keys import read_authority

CHUNK = 20_000
#: A log this long is replayed by two processes (a shorter one is done before a second
#: would have started), the second waiting up to READ_TIMEOUT_S for a writer and answering
#: within ASIDE_TIMEOUT_S (else this process plays its part too).
PARALLEL_FROM, READ_TIMEOUT_S, ASIDE_TIMEOUT_S = 100_000, 10.0, 600.0


def _table_rows(conn: Connection, table: str) -> tuple[tuple[str, ...], dict[tuple, tuple]]:
    """The table's columns, and its rows by key (each as its values, in that order)."""
    cov = BY_TABLE[table]
    cols = port.columns(conn, table)
    if not cols:
        return (), {}
    pick = itemgetter(*(cols.index(c) for c in cov.key))
    rows = port.plain_rows(conn, f"SELECT * FROM {table}")
    if len(cov.key) == 1:
        return tuple(cols), {(pick(row),): row for row in rows}
    return tuple(cols), {pick(row): row for row in rows}


def _top(conn: Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]


def _row_tables(conn: Connection) -> dict:
    return {c.table: _table_rows(conn, c.table) for c in COVERED if c.mode == "rows"}


def _counted_tables(conn: Connection) -> list[tuple]:
    """The counted tables' rows, as ``(table, bound, n, k, rows)``, grouped after the read
    (:func:`_groups`): a read held while summing keeps writers waiting."""
    out = []
    for cov in COVERED:
        columns = port.columns(conn, cov.table) if cov.mode == "count" else None
        if not columns:
            continue
        bound = set(cov.content) <= set(columns)
        said = (*cov.content, *(c for c in cov.optional if c in columns)) if bound else ()
        read = (*cov.count_by, *said)
        n, k = len(cov.count_by), len(cov.count_by) + len(cov.content)
        out.append((cov.table, bound, n, k,
                    port.plain_rows(conn, f"SELECT {', '.join(read)} FROM {cov.table}"
                                    ).fetchall()))
    return out


def _groups(counted: list[tuple], replay: Replay) -> tuple[Counter, dict]:
    """The counted tables' groups: how many rows, and the sum of what they say where
    *replay* (the log's part played) bound a sum to compare with (``Replay.compare_counts``)."""
    counts: Counter[tuple] = Counter()
    sums: dict[tuple, int] = {}
    compared = replay.sums.keys() - replay.unbound
    for table, bound, n, k, rows in counted:
        for row in rows:
            group = (table, tuple(row[:n]))
            counts[group] += 1
            if bound and group in compared:
                sums[group] = add_sums(sums.get(group, 0),
                                       values_sum(list(row[n:k]), list(row[k:])))
    return counts, sums


#: The events that may hold a counted table's image, an officer's or a setting's: their
#: text names the table, escapes a character, or is no text.
_NAMES = sorted({'"skm_' if t.startswith("skm_") else f'"{t}"'
                 for t in COUNTED | {"officers", "settings"}})
_COUNTED_SQL = (
    "SELECT id, kind, data, rows, station_key, station, actor, at FROM events WHERE id > ? "
    "AND id <= ? AND (rows IS NOT NULL AND ("
    + " OR ".join(f"instr(rows, '{name}') > 0" for name in _NAMES)
    + " OR instr(rows, '\\') > 0 OR typeof(rows) != 'text') OR kind = 'report_issued') "
    "ORDER BY id")


def _counted_events(conn: Connection, after: int, top: int) -> list[tuple]:
    """Those events after *after* up to *top*, fetched in the read (played after it)."""
    return port.plain_rows(conn, _COUNTED_SQL, (after, top)).fetchall()


def _counted_part(conn: Connection, after: int = 0, rows: bool = False) -> tuple:
    """The newest event's id, the tables kept as rows (*rows*), the counted tables' rows
    and the events that may hold their images after *after* up to that id, in one read."""
    top = _top(conn)
    return (top, *((_row_tables(conn),) if rows else ()), _counted_tables(conn),
            _counted_events(conn, after, top))


@contextlib.contextmanager
def _unswept() -> Iterator[None]:
    """Automatic cyclic garbage collection paused (as it was after): a replay makes
    millions of lists and dicts and no cycle (their counts free them), and each sweep
    would walk all the replay keeps (a fifth of a five-year check's time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_file_counted(path: str, authority: Authority,
                       horizon: str = "") -> tuple[int, Counter, dict, Replay]:
    """:func:`_counted_part` in a read of its own (the second process's), then replayed."""
    with _unswept():
        return _counted_read(path, authority, horizon)


def _counted_read(path: str, authority: Authority, horizon: str) -> tuple:
    if not Path(path).is_file():  # gone meanwhile: never make an empty one (read there)
        raise FileNotFoundError(path)
    # (its close ends the read transaction)
    with contextlib.closing(sqlite3.connect(path, timeout=READ_TIMEOUT_S,
                                            isolation_level=None)) as conn:
        secure_connection(conn)
        conn.execute("BEGIN")
        top, counted_rows, events = _counted_part(conn)
    counted = Replay(authority, "counted", horizon=horizon)
    counted.play(events)
    return (top, *_groups(counted_rows, counted), counted)


def _read_aside(db: Database, authority: Authority, horizon: str) -> Future | None:
    """:func:`_read_file_counted` by a spawned process (so on Windows too); None: a server."""
    path = getattr(db, "path", None)
    if not isinstance(path, Path):
        return None
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = pool.submit(_read_file_counted, str(path), authority, horizon)
    except (OSError, RuntimeError):  # no second process here: all is done here
        return None
    # shut once it answered, never before: a pool shut right after the submit can lose
    # the answer (seen with Windows Python under Wine), and check would wait for ever
    future.add_done_callback(lambda _done: pool.shutdown(wait=False))
    return future


def log_chunks(db: Database, after: int, upto: int) -> Iterator[list[tuple]]:
    """All events after *after* up to *upto*, a chunk a read (the next read meanwhile)."""
    sql = ("SELECT id, kind, data, rows, station_key, station, actor, at FROM events WHERE "
           "id > ? AND id <= ? ORDER BY id LIMIT ?")  # every event: each kind is an act

    def chunk(conn: Connection, after: int) -> list[tuple]:
        return port.plain_rows(conn, sql, (after, upto, CHUNK)).fetchall()

    with ThreadPoolExecutor(1) as reader:
        rows = db.read(functools.partial(chunk, after=after))
        while True:
            ahead = reader.submit(db.read, functools.partial(chunk, after=rows[-1][0])) \
                if len(rows) == CHUNK else None
            yield rows
            if ahead is None:
                return
            rows = ahead.result()


def corrections_against(conn: Connection, replay: Replay):
    """The tables as read in *conn* compared with *replay* (played up to the same event):
    the corrections that make them the record as the judge let it stand
    (``core.corrections``; the survey's counted tables: their refused acts only)."""
    for table, (columns, rows) in _row_tables(conn).items():
        replay.compare(table, columns, rows)
    return corrections(replay.diffs, replay.rows)


def reconcile(db: Database, *, progress: Callable[[int, int], None] | None = None,
              authority: Authority | None = None, corrected: bool = False) -> dict:
    """Replay the log, compare with the tables (``check --json``'s ``"reconcile"``; ``ok``
    False when any row differs). Only acts their signer may do are replayed (*authority*).
    A long log is replayed by two processes (the counted tables in a second one); unless
    both saw the same newest event, this process plays both. *corrected*: also
    ``"corrections"``, the tables as the judge let them stand (a report's figures)."""
    with _unswept():
        return _reconcile(db, progress, authority, corrected)


def _reconcile(db: Database, progress: Callable[[int, int], None] | None,
               authority: Authority | None, corrected: bool = False) -> dict:
    auth = authority if authority is not None else db.read(read_authority)
    total = db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
    horizon = future_from(datetime.now(timezone.utc))  # later than this: the future
    aside = _read_aside(db, auth, horizon) if total >= PARALLEL_FROM else None
    if aside is not None:  # this part's tables first (the second process reads its own)
        total, actual = db.read(lambda conn: (_top(conn), _row_tables(conn)))
    replay = Replay(auth, "rows" if aside is not None else None, horizon=horizon)
    for rows in log_chunks(db, 0, total):
        replay.play(rows)
        if progress is not None and rows:
            progress(rows[-1][0], total)

    counted = counted_rows = None
    if aside is None:  # the tables and the newest events in one read (nothing between)
        top, actual, counted_rows = db.read(
            lambda conn: (_top(conn), _row_tables(conn), _counted_tables(conn)))
    else:
        try:
            top, counts, sums, counted = aside.result(timeout=ASIDE_TIMEOUT_S)
        except Exception:  # the second process failed or hung: its part is played here
            top = -1
        if top != total:  # read at another event (or not at all): all again, here
            if counted is None:
                counted = Replay(auth, "counted", horizon=horizon)
            top, actual, counted_rows, events = db.read(
                functools.partial(_counted_part, after=counted.head, rows=True))
            if counted.head > top:  # the file went back meanwhile (a restore): anew
                counted = Replay(auth, "counted", horizon=horizon)
                events = db.read(functools.partial(_counted_events, after=0, top=top))
            counted.play(events)
    if top > replay.head:  # written meanwhile, before the tables were read
        for rows in log_chunks(db, replay.head, top):
            replay.play(rows)
    if counted is not None:
        replay.join(counted)
    if counted_rows is not None:  # (summed once the log's sums are known)
        counts, sums = _groups(counted_rows, replay)
    if replay.provable_from is None:  # a log without images (older than migration record_is_signed_events)
        return {"ok": True, "provable_from": None, "differences": [], "count": 0,
                "events": replay.events, "cutoff": replay.cutoff or None}
    for table, (columns, rows) in actual.items():
        replay.compare(table, columns, rows)
    replay.compare_counts(counts, sums)
    result = replay.result()
    if corrected:
        result["corrections"] = corrections(replay.diffs, replay.rows)
    return result
