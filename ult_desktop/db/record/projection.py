"""The tables are projections of the signed event log.

A station's writes to the covered tables (:data:`ult_desktop.core.images.COVERED`) are
captured by TEMP triggers of its own connection into the event's ``rows``, which the chain
hash covers; ``check`` replays them, so a change made with plain ``sqlite3`` is named."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
from typing import Any

from ult_desktop.core.images import COVERED, add_sums, decoded, images_of, row_sum
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection

_TOUCH = "ult_touch"
_PAUSE = "ult_capture_paused"  # a server's


def install_capture(conn: Any) -> None:
    """Create this connection's TEMP capture triggers (again after a schema change: a
    rebuilt table loses them); each hands the row to :func:`_touch` (``conn.touched``, in
    memory: a rollback empties it). A server's are in its schema."""
    if not hasattr(conn, "capture_tables"):  # once: replacing it would meet a running read
        conn.create_function(_TOUCH, -1, functools.partial(_touch, conn))
    conn.touched, conn.capture_paused, conn.capture_tables = [], False, {}
    for cov in COVERED:
        cols = port.columns(conn, cov.table)
        if not cols:
            continue
        conn.capture_tables[cov.table] = (cols, [cols.index(c) for c in cov.key])
        for op, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")),
                         ("DELETE", ("OLD",))):
            name = f"ult_capture_{cov.table}_{op.lower()}"
            values = ", ".join(f'{r}."{c}"' for r in refs for c in cols)
            conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
            conn.execute(f"CREATE TEMP TRIGGER {name} AFTER {op} ON main.{cov.table} BEGIN "
                         f"SELECT {_TOUCH}('{cov.table}', '{op[0]}', {values}); END")
    conn.capturing = True


def _touch(conn: Any, table: str, op: str, *values) -> None:
    """One row written: ``(table, key, old, new)`` onto ``conn.touched``."""
    cols, keyidx = conn.capture_tables[table]
    old, row = values[:len(cols)], values[-len(cols):]  # an update: both
    if not conn.capture_paused:
        conn.touched.append((table, tuple(row[i] for i in keyidx),
                             dict(zip(cols, old, strict=True)) if op != "I" else None,
                             dict(zip(cols, row, strict=True)) if op != "D" else None))


@contextlib.contextmanager
def paused(conn: Any) -> Iterator[None]:
    """Writes inside this block are not captured (the retention purge: its erasure is
    one signed ``retention_applied`` cut-off, not an image per row)."""
    on = getattr(conn, "capturing", False)
    server = on and port.on_server(conn)
    if server:
        conn.execute(f"INSERT INTO {_PAUSE} VALUES (1)")
    elif on:
        conn.capture_paused = True
    try:
        yield
    finally:
        if server:
            conn.execute(f"DELETE FROM {_PAUSE}")
        elif on:
            conn.capture_paused = False


def note_value(conn: Connection, table: str, key: tuple, values: dict) -> None:
    """Record that the row *key* of *table* held *values* when it was used ("v")."""
    if not getattr(conn, "capturing", False):
        return
    if port.on_server(conn):
        conn.execute("INSERT INTO ult_touched (t, k, old, new) VALUES (?, ?, 'v', ?)",
                     (table, json.dumps(list(key)), json.dumps(values)))
    else:
        conn.touched.append((table, tuple(key), "v", dict(values)))  # type: ignore[attr-defined]


def take(conn: Connection) -> list[list]:
    """The images of what this transaction wrote since the last call (raw values),
    and forget them."""
    if not getattr(conn, "capturing", False):
        return []
    take_touched = getattr(conn, "take_touched", None)
    if take_touched is not None:  # a server: often with the last write's answer
        rows = [decoded(*row) for row in take_touched()]
    else:
        rows, conn.touched = conn.touched, []  # type: ignore[attr-defined]
    return images_of(rows) if rows else []


# -- the baseline of a file that existed before the log held the rows --------------------
BASELINE = "projection_baseline"
#: Rows per baseline event (a five-year office: a few hundred events of ~0.5 MB).
BASELINE_CHUNK = 1000


def baseline_images(conn: Connection):
    """Yield lists of ``"i"`` images of every covered row (counts for responses)."""
    for cov in COVERED:
        cols = port.columns(conn, cov.table)
        if not cols:
            continue
        if cov.mode == "count":
            # what the answers say is bound too when the file has every column of it
            bound = set(cov.content) <= set(cols)
            said = (*cov.content, *(c for c in cov.optional if c in cols)) if bound else ()
            read = (*cov.count_by, *said)
            batch: list[list[Any]] = []
            sums: dict[tuple, int] = {}
            for row in port.plain_rows(conn, f"SELECT {', '.join(read)} FROM {cov.table} "
                                       f"ORDER BY {', '.join((*cov.count_by, *cov.key))}"):
                group = tuple(row[:len(cov.count_by)])
                batch.append(["n", cov.table, list(group)])
                if bound:
                    content = dict(zip(said, row[len(cov.count_by):], strict=True))
                    sums[group] = add_sums(sums.get(group, 0), row_sum(cov, content))
                if len(batch) >= BASELINE_CHUNK:
                    yield batch + [["s", cov.table, list(g), f"{v:064x}"]
                                   for g, v in sums.items()]
                    batch, sums = [], {}
            if batch:
                yield batch + [["s", cov.table, list(g), f"{v:064x}"] for g, v in sums.items()]
            continue
        keyidx = [cols.index(c) for c in cov.key]
        batch = []
        for row in port.plain_rows(conn, f"SELECT * FROM {cov.table} ORDER BY "
                                         f"{', '.join(cov.key)}"):
            values = {c: v for c, v in zip(cols, row, strict=True)
                      if v is not None and c not in cov.derived}
            batch.append(["i", cov.table, [row[i] for i in keyidx], values])
            if len(batch) >= BASELINE_CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch
