"""Retention of personal data (UU 27/2022 Pelindungan Data Pribadi): NIK and phone numbers
emptied after the office's retention period, in the file, its backups and exports."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import add_months, day_start_utc
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.personal_data import PERSONAL_DATA, PersonalData
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import SQLITE_MAGIC, secure_connection
from ult_desktop.db.house.office import get_settings
from ult_desktop.db.keeping.backup import BACKUP_MADE, REQUIRED_TABLES, same_file
from ult_desktop.db.privacy import made_files
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import append_event
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import PAGE_SIZE, SCHEMA_VERSION

RETENTION_APPLIED = "retention_applied"

log = logging.getLogger(__name__)

# -- retention (UU 27/2022 Pelindungan Data Pribadi) ------------------------------------
@dataclass(frozen=True)
class _Target:
    table: str
    age: str
    columns: list[tuple[str, bool]]      # (column, NOT NULL)
    json_column: str | None
    json_keys: tuple[str, ...]

    def where(self) -> str:
        return f"{self.age} < ? AND {self.filled()}"

    def filled(self) -> str:
        """A row of it holds some of the declared data."""
        filled = [f"({c} IS NOT NULL AND {c} != '')" for c, _ in self.columns]
        if self.json_keys:
            # CASE keeps json_extract away from text that is not JSON (it would raise)
            j = self.json_column
            keys = " OR ".join(f"json_extract({j}, '$.\"{k}\"') IS NOT NULL"
                               for k in self.json_keys)
            filled.append(f"(CASE WHEN json_valid({j}) THEN ({keys}) ELSE {j} != '{{}}' END)")
        return f"({' OR '.join(filled)})"

    def sets(self) -> str:
        parts = [f"{c} = {EMPTY if notnull else 'NULL'}" for c, notnull in self.columns]
        if self.json_keys:
            paths = ", ".join(f"'$.\"{k}\"'" for k in self.json_keys)
            j = self.json_column
            parts.append(f"{j} = CASE WHEN json_valid({j}) THEN json_remove({j}, {paths}) "
                         f"ELSE '{{}}' END")
        return ", ".join(parts)


def _targets(conn, spec: tuple[PersonalData, ...]) -> list[_Target]:
    out = []
    for item in spec:
        existing = port.table_columns(conn, item.table)  # name -> NOT NULL
        if not existing:
            continue
        age = next((c for c in item.age_columns if c in existing), None)
        columns = [(c, existing[c]) for c in item.columns if c in existing]
        json_ok = item.json_column in existing and bool(item.json_keys)
        if age and (columns or json_ok):
            out.append(_Target(item.table, age, columns, item.json_column if json_ok else None,
                               item.json_keys if json_ok else ()))
    return out


EMPTY = "''"


def personal_data_due(db: Database, *, months: int, now: datetime | None = None,
                      spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, int]:
    """Rows per table whose personal data the retention would empty now."""
    cutoff = _cutoff(db, months, now)
    return db.read(lambda conn: {
        t.table: conn.execute(f"SELECT COUNT(*) FROM {t.table} WHERE {t.where()}",
                              (cutoff,)).fetchone()[0]
        for t in _targets(conn, spec)})


def _cutoff(db: Database, months: int, now: datetime | None) -> str:
    if months < 1:
        raise errors.RuleViolation("admin.error.retention_months")
    tz = get_settings(db)["timezone"]
    return add_months(office_day(now or _utc_now(), tz), -months).isoformat()


def empty_personal_columns(conn: Connection, cutoff: str,
                           spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, int]:
    """Inside the caller's transaction: empty the declared personal data of rows dated
    before *cutoff* (ISO day); rows per table."""
    counts: dict[str, int] = {}
    for t in _targets(conn, spec):
        if t.json_keys and port.on_server(conn):
            counts[t.table] = _erase_json_on_server(conn, t, cutoff)
            continue
        counts[t.table] = conn.execute(f"UPDATE {t.table} SET {t.sets()} WHERE {t.where()}",
                                       (cutoff,)).rowcount
    return counts


def empty_personal_rows(conn: Connection, ids: dict[str, list[int]],
                        spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, list[int]]:
    """Inside the caller's transaction: empty the personal data of the rows *ids* (table
    -> row ids) as the purge empties an old row; the ids that held some, per table."""
    out: dict[str, list[int]] = {}
    for t in _targets(conn, spec):
        wanted = sorted({int(i) for i in ids.get(t.table, ())})
        if not wanted:
            continue
        if port.on_server(conn):
            raise errors.RuleViolation("server.error.purge_not_yet")
        held: list[int] = []
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            marks = ", ".join("?" * len(part))
            held += [r[0] for r in conn.execute(
                f"SELECT id FROM {t.table} WHERE id IN ({marks}) AND {t.filled()}", part)]
            conn.execute(f"UPDATE {t.table} SET {t.sets()} WHERE id IN ({marks}) AND "
                         f"{t.filled()}", part)
        if held:
            out[t.table] = held
    return out


def _erase_json_on_server(conn, t: _Target, cutoff: str) -> int:
    """On a server the stations may not UPDATE ``events``: each event's data less its
    personal keys (compact, as ``json_remove`` leaves it) goes through the owner's
    ``ult_erase_personal``, which writes only exactly that (``server_schema``)."""
    if t.table != "events" or t.columns:
        raise errors.RuleViolation("server.error.purge_not_yet")
    rows = conn.execute(f"SELECT id, {t.json_column} FROM {t.table} WHERE {t.where()}",
                        (cutoff,)).fetchall()
    for row_id, text in rows:
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            value = None
        if isinstance(value, dict):
            new = json.dumps({k: v for k, v in value.items() if k not in t.json_keys},
                             ensure_ascii=False, separators=(",", ":"))
        else:
            new = "{}"
        conn.execute("SELECT ult_erase_personal(?, ?)", (row_id, new))
    return len(rows)


class PurgeReport(dict):
    """Rows emptied per table (a dict, as before) plus what happened to the files."""

    cutoff: str = ""
    rewritten: bool = False
    backups_deleted: list[Path]
    backups_purged: list[Path]
    backups_skipped: list[Path]
    #: unfinished copies (``*.partial``) deleted
    partials_deleted: list[Path]
    #: files exported for a period the purge reached, deleted here ...
    exports_deleted: list[str]
    #: ... and those this PC cannot reach (another PC's folder, a flash disk): the admin
    #: must delete them; each as named in its event
    exports_to_delete: list[str]
    #: files an act names that the office did not make (``made_files``): left as they are
    exports_not_made: list[str]

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__(counts)
        self.backups_deleted, self.backups_purged, self.backups_skipped = [], [], []
        self.partials_deleted = []


#: progress(step, done, total): step is "rows", "vacuum" or "backups".
Progress = Callable[[str, int, int], None]


def purge_personal_data(db: Database, *, months: int | None = None,
                        before_day: str | None = None, now: datetime | None = None,
                        spec: tuple[PersonalData, ...] = PERSONAL_DATA, rewrite: bool = True,
                        backup_dirs: list[Path] | None = None,
                        progress: Progress | None = None) -> PurgeReport:
    """The one retention purge: personal data older than *months* (or before *before_day*)
    emptied in one write (rows and timings kept) with a ``retention_applied`` event, the file
    rewritten (*rewrite*), older backups deleted and the rest purged the same way.
    Returns the counts per table. :raises RuleViolation: *months* is below 1."""
    cutoff = before_day if before_day is not None else _cutoff(db, months or 0, now)
    note = progress or (lambda _step, _done, _total: None)
    note("rows", 0, 1)

    def tx(conn: Connection) -> dict[str, int]:
        with projection.paused(conn):  # lawful erasures: the signed cut-off says which
            counts = empty_personal_columns(conn, cutoff, spec)
        data = {"months": months, "before": cutoff, "rows": counts}
        if months is None:
            data.pop("months")
        append_event(conn, db.station, RETENTION_APPLIED, at=now, data=data)
        return counts

    report = PurgeReport(db.write(tx))
    report.cutoff = cutoff
    note("rows", 1, 1)
    report.exports_deleted, report.exports_to_delete, report.exports_not_made = \
        _purge_exports(db, cutoff)
    if port.on_server(db):  # a server: no file to rewrite, no copies beside it
        return report
    if rewrite:
        note("vacuum", 0, 1)
        vacuum(db)
        report.rewritten = True
        note("vacuum", 1, 1)
    _purge_copies(db, report, spec, backup_dirs if backup_dirs is not None
                  else default_backup_dirs(db), note)
    return report


def _purge_copies(db: Database, report: PurgeReport, spec: tuple[PersonalData, ...],
                  dirs: list[Path], note: Progress) -> None:
    """Step 3 of the purge: unfinished copies deleted; a copy last written before the
    cut-off deleted, every other one purged the same way (or named as skipped)."""
    files = copies(db, dirs, deleted=report.partials_deleted, skipped=report.backups_skipped)
    # a copy last written before the office's midnight of the cut-off day, not the PC's
    limit = day_start_utc(date.fromisoformat(report.cutoff),
                          get_settings(db)["timezone"]).timestamp()
    for i, path in enumerate(files):
        note("backups", i, len(files))
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                report.backups_deleted.append(path)
            elif purge_file(path, report.cutoff, spec):
                report.backups_purged.append(path)
            else:
                report.backups_skipped.append(path)
        except (OSError, sqlite3.Error, errors.UltError):
            log.warning("retention: could not clean %s", path, exc_info=True)
            report.backups_skipped.append(path)
    note("backups", len(files), len(files))


def default_backup_dirs(db: Database) -> list[Path]:
    """Where the office's backups are: ``backup/`` next to the file and the daily backup
    folder when one is set (the retention purge covers both)."""
    dirs = [db.file.parent / "backup"]
    folder = get_settings(db, "backup_folder")["backup_folder"].strip()
    if folder and Path(folder) not in dirs:
        dirs.append(Path(folder))
    return dirs


def vacuum(db: Database) -> None:
    """Rewrite the whole file (VACUUM) under the write lock: it waits for every reader and
    takes as long as copying the file twice, so it retries for ten times the budget."""
    with db.exclusive() as conn:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # older files move to it here
        db.retrying(lambda: conn.execute("VACUUM"), budget_s=10 * db.busy_budget_s)


def _logged_paths(db: Database, kind: str, key: str) -> list[str]:
    values = [json_dict(text).get(key)
              for (text,) in db.query("SELECT data FROM events WHERE kind = ?", (kind,))]
    return [v for v in values if isinstance(v, str) and v]


def copies(db: Database, dirs: list[Path], *, deleted: list[Path],
           skipped: list[Path]) -> list[Path]:
    """The copies of the office file the purge and an erasure cover (:func:`backup_files`:
    in *dirs*, and those ``backup --out`` made), their unfinished copies (``*.partial``,
    the same personal data in pages nobody will read) deleted first: into *deleted*, or
    *skipped* when they cannot be."""
    named = [Path(p) for p in _logged_paths(db, BACKUP_MADE, "file")]  # `backup --out`
    partials: set[Path] = set()
    for folder in [*dirs, *{p.parent for p in named}]:
        try:
            partials |= {p for p in folder.iterdir() if p.is_file() and p.name.endswith(".partial")}
        except OSError:
            continue
    for path in sorted(partials):
        try:
            path.unlink(missing_ok=True)
            deleted.append(path)
        except OSError:
            log.warning("retention: could not delete %s", path, exc_info=True)
            skipped.append(path)
    return backup_files(db.file, dirs, extra=named)


def _purge_exports(db: Database, cutoff: str) -> tuple[list[str], list[str], list[str]]:
    """(deleted, not reached, not made here): the files the office exported (``made_files``)
    for a period starting before *cutoff* deleted; the others named."""
    if port.on_server(db):  # no export folder beside a file: the admin deletes them
        return [], db.read(lambda conn: made_files.named_paths(
            conn, made_files.period_before(cutoff))), []
    kept = made_files.kept_out(db, default_backup_dirs(db))
    plan = db.read(lambda conn: made_files.plan(db, conn, made_files.period_before(cutoff),
                                                kept))
    deleted, not_made, gone = made_files.remove(db, plan.remove, kept)
    return deleted, [*plan.gone, *gone], [*plan.not_made, *not_made]


def backup_files(live: Path, dirs: list[Path], extra: Sequence[Path] = ()) -> list[Path]:
    """Copies of the office file the retention must cover: SQLite files in *dirs*, the
    ``.before-restore-*`` copies beside *live*, and *extra* (``backup --out`` paths)."""
    found: list[Path] = []
    candidates = list(live.parent.glob(f"{live.stem}.before-restore-*"))
    candidates += [p for p in extra if p.is_file()]
    for folder in dirs:
        try:
            candidates += [p for p in folder.iterdir() if p.is_file()]
        except OSError:
            continue
    for path in sorted(set(candidates)):
        if path.name.endswith(("-journal", "-wal", "-shm", ".partial")) or \
                same_file(path, live):
            continue
        try:
            with open(path, "rb") as f:
                if f.read(16) != SQLITE_MAGIC:
                    continue
        except OSError:
            continue
        found.append(path)
    return found


def known_version(conn: Connection) -> int | None:
    """The schema version of the office file copy on *conn*, or None when this station
    does not understand it (no schema, a newer one, tables missing)."""
    version = port.schema_version(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return version if 1 <= version <= SCHEMA_VERSION and REQUIRED_TABLES <= tables else None


@contextlib.contextmanager
def open_copy(path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection
              ) -> Iterator[tuple[Any, int | None]]:
    """A copy of the office file at *path* opened to be purged or erased in (temporary
    tables in memory), with its :func:`known_version`; closed after."""
    with contextlib.closing(sqlite3.connect(str(path), isolation_level=None, timeout=5,
                                            factory=factory)) as conn:
        secure_connection(conn)
        yield conn, known_version(conn)


def purge_file(path: Path, cutoff: str, spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> bool:
    """Purge one copy of the office file in place (planted objects dropped first: their
    triggers would run); False if this station does not understand it (left as it is)."""
    with open_copy(path) as (conn, version):
        if version is None:
            return False

        def purge(conn: Connection) -> None:
            if schema_guard.schema_drift(conn, version):
                _drop_foreign(conn, version)
            empty_personal_columns(conn, cutoff, spec)

        port.in_transaction(conn, purge)
        conn.execute("VACUUM")
        return True


def _drop_foreign(conn: Connection, version: int) -> None:
    """In a backup: drop every trigger, view, table and index its version does not
    have (a shadow table of NIKs goes too); changed tables are left to the purge."""
    expected = schema_guard.expected_schema(version)
    rank = {"trigger": 0, "view": 1, "table": 2, "index": 3}  # no code left to fire
    for obj in sorted(schema_guard.read_schema(conn).values(),
                      key=lambda o: rank.get(o.type, 9)):
        want = expected.get(obj.name)
        code = obj.type in schema_guard.CODE_TYPES
        if want is None or want.type != obj.type or (code and want.sql != obj.sql):
            schema_guard.drop_object(conn, obj.type, obj.name)  # sqlite_x names too
