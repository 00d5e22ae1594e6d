"""Integrity check, schema drift report, consistent backups, SQLite URIs for any path."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import fail, secure_connection
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, UNDECLARED_REFERENCES


def office_stem(db: Database) -> str:
    """The name an office's backup files are made under: the office file's name without
    its suffix, or for a server the database's name (``postgresql://.../ult`` -> ``ult``)."""
    if db.path is not None:
        return db.path.stem
    return urlsplit(db.target).path.strip("/") or "ult"


COUNTED_TABLES = ("tickets", "events", "services", "counters", "officers", "stations")


def check(db: Database) -> dict:
    """Integrity, journal mode, schema version, schema drift and row counts, for
    ``check --json``. ``ok`` is false when the file is damaged or its schema drifted."""
    integrity = db.read(port.integrity_problems)
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    drift = db.read(lambda conn: schema_guard.schema_drift(conn))
    broken: list[str] = []
    if integrity == ["ok"] and not drift:  # a damaged file says so, nothing more
        try:
            broken = broken_references(db, tables)
        except (sqlite3.DatabaseError, errors.UltError) as exc:
            broken = [str(exc)]
    return {
        "path": db.target,
        "ok": integrity == ["ok"] and not drift and not broken,
        "integrity_ok": integrity == ["ok"],
        "references_ok": not broken,
        "references": broken[:20],
        "schema_ok": not drift,
        "schema_drift": [d.as_dict() for d in drift],
        "schema_messages": [str(d.error()) for d in drift],
        "integrity": integrity[:20],
        "journal_mode": db.read(port.journal_mode),
        "schema_version": db.schema_version,
        "station_schema_version": SCHEMA_VERSION,
        "counts": {t: db.query(f"SELECT COUNT(*) FROM {t}")[0][0]
                   for t in COUNTED_TABLES if t in tables},
        "size_bytes": db.path.stat().st_size if db.path is not None else
        db.read(port.size_bytes),
    }


def broken_references(db: Database, tables: set[str]) -> list[str]:
    """Rows pointing at a row that is not there: the declared foreign keys and the
    references migration one_write_few_pages no longer declares (``schema.UNDECLARED_REFERENCES``)."""
    out = [f"{r[0]} row {r[1]}: no {r[2]} row" for r in db.read(port.foreign_key_violations)]
    have = db.read(lambda conn: {t: port.columns(conn, t) for t, _c, _p in UNDECLARED_REFERENCES})
    for table, column, parent in UNDECLARED_REFERENCES:
        if table not in tables or parent not in tables or column not in have[table]:
            continue  # an older file
        n = db.query(f"SELECT COUNT(*) FROM {table} c WHERE c.{column} IS NOT NULL AND NOT "
                     f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = c.{column})")[0][0]
        if n:
            out.append(f"{table}.{column}: {n} rows name no {parent} row")
    return out


def backup(db: Database, out: str | os.PathLike,
           progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the database to *out* with SQLite's online backup API (consistent while others
    work; renamed when complete), calling *progress(copied, total)*. On a server: an office
    file from one snapshot (``server_move.migrate_from_server``).
    :raises DatabaseExists: *out* already exists (a backup never overwrites)."""
    target = Path(out)
    if port.on_server(db):
        from ult_desktop.db.keeping.server_move import migrate_from_server

        done = migrate_from_server(db.source, target)
        if progress is not None:
            total = sum(done["tables"].values())
            progress(total, total)
        return target
    if target.exists():
        raise errors.DatabaseExists(path=str(target))
    try:  # os.stat keeps Windows' reason (access denied, no such share ...), is_dir hid it
        os.stat(target.parent)
    except OSError as exc:
        raise errors.share_error(str(target.parent), exc) from exc
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(tmp))
        secure_connection(dest)  # (a copy erased later zeroes what it deletes)
        try:
            with db.exclusive() as conn:
                if progress is None:
                    conn.backup(dest)
                else:
                    conn.backup(dest, pages=256, sleep=0,
                                   progress=lambda _s, left, total: progress(total - left, total))
            dest.execute("PRAGMA journal_mode=DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if not ok:
            raise errors.NotADatabase(path=str(tmp))
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        fail(exc, db.file)
    finally:
        tmp.unlink(missing_ok=True)
    return target
