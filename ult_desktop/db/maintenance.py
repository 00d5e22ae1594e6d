"""Integrity check and consistent backups of the shared file."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ult_desktop.db import errors
from ult_desktop.db.connection import Database, fail
from ult_desktop.db.schema import SCHEMA_VERSION

COUNTED_TABLES = ("tickets", "events", "services", "counters", "officers", "stations")


def check(db: Database) -> dict:
    """Integrity, journal mode, schema version and row counts, for ``check --json``."""
    integrity = [r[0] for r in db.query("PRAGMA integrity_check")]
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        "path": str(db.path),
        "ok": integrity == ["ok"],
        "integrity": integrity[:20],
        "journal_mode": db.query("PRAGMA journal_mode")[0][0],
        "schema_version": db.schema_version,
        "station_schema_version": SCHEMA_VERSION,
        "counts": {t: db.query(f"SELECT COUNT(*) FROM {t}")[0][0]
                   for t in COUNTED_TABLES if t in tables},
        "size_bytes": db.path.stat().st_size,
    }


def backup(db: Database, out: str | os.PathLike,
           progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the database to *out* with SQLite's online backup API.

    The copy is consistent (one read transaction) while other stations keep working;
    it is written next to *out* first and renamed into place only when complete.
    *progress(copied_pages, total_pages)*, if given, is called as the copy advances.

    :raises DatabaseExists: *out* already exists (a backup never overwrites).
    """
    target = Path(out)
    if target.exists():
        raise errors.DatabaseExists(path=str(target))
    if not target.parent.is_dir():
        raise errors.ShareUnavailable(path=str(target.parent))
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            with db._lock:
                if progress is None:
                    db.conn.backup(dest)
                else:
                    db.conn.backup(dest, pages=256, sleep=0,
                                   progress=lambda _s, left, total: progress(total - left, total))
            dest.execute("PRAGMA journal_mode=DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if not ok:
            raise errors.NotADatabase(path=str(tmp))
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        fail(exc, db.path)
    finally:
        tmp.unlink(missing_ok=True)
    return target
