"""The tables are projections of the signed event log.

Every fact a figure, a permission or a queue decision reads lives in a table this module
covers (:data:`ult_desktop.core.images.COVERED`). Whatever a station writes to those tables inside a write
transaction is captured, as it happens, by TEMP triggers of its own connection (they live
in the connection's memory, never in the shared file, so the schema guard and the other
stations never see them), and travels inside the transaction's event, in its ``rows``
column, which the chain hash covers. ``check`` (``db.record.reconcile``) replays those images
into a fresh projection and names every row that differs from the table: a change made
with plain ``sqlite3`` leaves no image and is named.

The images' format, and how personal values stay out of the log, is
:mod:`ult_desktop.core.images`.
"""

from __future__ import annotations

import json
from typing import Any

from ult_desktop.core.images import COVERED, add_sums, images_of, row_sum
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection

_TOUCHED = "ult_touched"
_PAUSE = "ult_capture_paused"


def install_capture(conn: Connection) -> None:
    """Create this connection's TEMP capture table and triggers (again after a schema
    change: a TEMP trigger on a table that was rebuilt is gone with it). On a server the
    triggers are part of the schema and its session makes its own table
    (``PgConnection.install_capture``)."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_TOUCHED} (seq INTEGER PRIMARY KEY, "
                 "t TEXT NOT NULL, k TEXT NOT NULL, old TEXT, new TEXT)")
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_PAUSE} (x)")
    for cov in COVERED:
        cols = port.columns(conn, cov.table)
        if not cols:
            continue
        for op, old, new in (("INSERT", None, "NEW"), ("UPDATE", "OLD", "NEW"),
                             ("DELETE", "OLD", None)):
            ref = new or old
            key = "json_array(" + ", ".join(f"{ref}.{c}" for c in cov.key) + ")"
            images = [_json_row(cols, r) if r else "NULL" for r in (old, new)]
            name = f"ult_capture_{cov.table}_{op.lower()}"
            conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
            conn.execute(
                f"CREATE TEMP TRIGGER {name} AFTER {op} ON main.{cov.table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM temp.{_PAUSE}) BEGIN "
                f"INSERT INTO {_TOUCHED} (t, k, old, new) VALUES "
                f"('{cov.table}', {key}, {images[0]}, {images[1]}); END")
    conn.capturing = True  # type: ignore[attr-defined]


def _json_row(cols: list[str], ref: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {ref}.\"{c}\"" for c in cols) + ")"


class paused:
    """Writes inside this block are not captured (the retention purge: its erasure is
    one signed ``retention_applied`` cut-off, not an image per row)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.on = bool(getattr(conn, "capturing", False))

    def __enter__(self):
        if self.on:
            self.conn.execute(f"INSERT INTO {_PAUSE} VALUES (1)")
        return self

    def __exit__(self, *exc):
        if self.on:
            self.conn.execute(f"DELETE FROM {_PAUSE}")
        return False


def note_value(conn: Connection, table: str, key: tuple, values: dict) -> None:
    """Record that the row *key* of *table* held *values* when it was used ("v")."""
    if getattr(conn, "capturing", False):
        conn.execute(f"INSERT INTO {_TOUCHED} (t, k, old, new) VALUES (?, ?, 'v', ?)",
                     (table, json.dumps(list(key)), json.dumps(values)))


def take(conn: Connection) -> list[list]:
    """The images of what this transaction wrote since the last call (raw values),
    and forget them."""
    if not getattr(conn, "capturing", False):
        return []
    take_touched = getattr(conn, "take_touched", None)
    if take_touched is not None:  # a server: often with the last write's answer
        rows = take_touched()
    else:
        cur = conn.cursor()
        cur.row_factory = None
        rows = cur.execute(f"SELECT t, k, old, new FROM temp.{_TOUCHED} ORDER BY seq").fetchall()
        if rows:
            conn.execute(f"DELETE FROM temp.{_TOUCHED}")
    if not rows:
        return []
    return images_of(rows)


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
        cur = conn.cursor()
        cur.row_factory = None
        if cov.mode == "count":
            # what the answers say is bound too when the file has every column of it
            bound = set(cov.content) <= set(cols)
            said = (*cov.content, *(c for c in cov.optional if c in cols)) if bound else ()
            read = (*cov.count_by, *said)
            batch: list[list[Any]] = []
            sums: dict[tuple, int] = {}
            for row in cur.execute(f"SELECT {', '.join(read)} FROM {cov.table} "
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
        for row in cur.execute(f"SELECT * FROM {cov.table} ORDER BY "
                               f"{', '.join(cov.key)}"):
            values = {c: v for c, v in zip(cols, row, strict=True)
                      if v is not None and c not in cov.derived}
            batch.append(["i", cov.table, [row[i] for i in keyidx], values])
            if len(batch) >= BASELINE_CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch
