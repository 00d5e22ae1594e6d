"""Backups and restores of the whole office: a consistent copy made while stations write,
its inspection, and a restore that keeps the chain going (file and server)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ult_desktop.core.dates import file_stamp
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.tickets import EventKind
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import AuditIdentity, Connection
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.engine.sqlite_file import (
    SQLITE_MAGIC,
    open_readonly,
    rollback_journal,
    secure_connection,
)
from ult_desktop.db.house.office import get_settings, read_settings, write_settings
from ult_desktop.db.keeping.maintenance import backup, office_stem
from ult_desktop.db.record.events import append_event
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, migrate

BACKUP_MADE = "backup_made"
#: The daily automatic backup (db/keeping/autobackup.py): a station claimed today's copy, or
#: could not make it.
BACKUP_STARTED = "backup_started"
BACKUP_FAILED = "backup_failed"
DATABASE_RESTORED = "database_restored"

#: Tables a valid ULT Desktop database must hold (restore refuses anything else).
REQUIRED_TABLES = frozenset({"settings", "services", "counters", "officers", "tickets",
                             "events", "stations"})



# -- backup and restore ----------------------------------------------------------------
def default_backup_path(db_path: str | os.PathLike, tz: str,
                        now: datetime | None = None) -> Path:
    """Where a backup goes when nobody chose: ``backup/<name>-<office time>.db`` next to
    the office file, stamped with the office's clock (*tz*), not the PC's."""
    path = Path(db_path)
    return path.parent / "backup" / f"{path.stem}-{file_stamp(tz, now)}.db"


def backup_database(db: Database, out: str | os.PathLike,
                    progress: Callable[[int, int], None] | None = None, *,
                    auto: bool = False, now: datetime | None = None) -> Path:
    """A consistent copy of the office file at *out*, with a ``backup_made`` event (also
    today's daily copy when *out* is in the daily folder; *auto*: made by the schedule).
    :raises DatabaseExists: *out* already exists.
    :raises ShareUnavailable: the target folder cannot be reached."""
    target = backup(db, out, progress=progress)
    size = target.stat().st_size
    moment = now or _utc_now()

    def tx(conn: Connection) -> None:
        settings = read_settings(conn, ("backup_state", "backup_folder", "timezone"))
        state = dict(settings["backup_state"])
        state["last"] = {"at": moment.isoformat(), "file": str(target), "size": size,
                         "station": db.station, "auto": auto}
        folder = settings["backup_folder"].strip()
        if folder and same_file(target.parent, Path(folder)):
            state["done_day"] = office_day(moment, settings["timezone"]).isoformat()
            state.pop("claim", None)
            state.pop("failed", None)
        images = write_settings(conn, {"backup_state": state})
        data = {"file": str(target), "size": size}
        if auto:
            data["auto"] = True
        append_event(conn, db.station, BACKUP_MADE, at=moment, data=data, images=images or None)

    db.write(tx)
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    office_name: str
    tickets: int
    last_day: str | None
    size_bytes: int


def inspect_backup(path: str | os.PathLike) -> BackupInfo:
    """Check, read-only, that *path* is a sound office file this station can restore
    (quick_check, and the schema guard against its claimed version).
    :raises NotADatabase: not SQLite, damaged, or not a ULT Desktop database.
    :raises SchemaTooNew: written by a newer version of ULT Desktop.
    :raises BackupRefused: its schema is not the one of its version.
    :raises DatabaseMissing: there is no such file."""
    src = Path(path)
    if not src.is_file():
        raise errors.DatabaseMissing(path=str(src))
    with open(src, "rb") as f:
        head = f.read(100)
    # bytes 18-19 are 2 for WAL: such a file must never be put on the share.
    if len(head) < 100 or head[:16] != SQLITE_MAGIC or head[18] != 1 or head[19] != 1:
        raise errors.NotADatabase(path=str(src))
    try:
        conn = open_readonly(src)
    except sqlite3.Error as exc:
        raise errors.NotADatabase(path=str(src)) from exc
    try:
        return _inspect_connection(conn, src)
    finally:
        conn.close()


def _inspect_connection(conn: sqlite3.Connection, src: Path) -> BackupInfo:
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise errors.NotADatabase(path=str(src))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = port.schema_version(conn)
        if not REQUIRED_TABLES <= tables or version < 1:
            raise errors.NotADatabase(path=str(src))
        if version > SCHEMA_VERSION:
            raise errors.SchemaTooNew(file_version=version, our_version=SCHEMA_VERSION)
        drift = schema_guard.schema_drift(conn, version)
        if drift:
            raise schema_guard.BackupRefused(path=str(src), drift=drift[0], version=version)
        conn.row_factory = sqlite3.Row
        settings = read_settings(conn)
        tickets, last_day = conn.execute("SELECT COUNT(*), MAX(day) FROM tickets").fetchone()
    except sqlite3.Error as exc:
        raise errors.NotADatabase(path=str(src)) from exc
    return BackupInfo(path=src, schema_version=version, office_name=settings["office_name"],
                      tickets=tickets, last_day=last_day, size_bytes=src.stat().st_size)


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def restore_database(db: Database, source: str | os.PathLike, *,
                     now: datetime | None = None) -> Path:
    """Replace the office data with the backup *source*; returns the kept copy's path
    (``<name>.before-restore-<stamp>.db``). Nothing touches the live data until a checked
    copy exists; its event ids continue above the live office's and (in a file) the
    recorded erasures are made again in it. A file takes its pages through SQLite's backup
    API under the live lock, so nobody sees a mix (``os.replace`` is unsafe: Windows and
    SMB keep the old file); a server every row in one transaction under the write lock.
    :raises NotADatabase, SchemaTooNew, BackupRefused, RestoreFailed: *source* refused
        (nothing changed). :raises RuleViolation: *source* is the office file itself, or
        not the server's owner. :raises DatabaseBusy: the lock stayed busy (nothing changed)."""
    server = port.on_server(db)
    if server:
        from ult_desktop.db.schemas import server_repair

        server_repair.require_owner(db, "restore")
    info = inspect_backup(source)
    if not server and same_file(info.path, db.file):
        raise errors.RuleViolation("admin.error.restore_same")
    moment = now or _utc_now()
    stamp = file_stamp(get_settings(db)["timezone"], moment)  # the office's clock
    kept = info.path.with_name(f"{office_stem(db)}.before-restore-{stamp}.db") if server \
        else db.file.with_name(f"{db.file.stem}.before-restore-{stamp}{db.file.suffix}")
    swapped = False
    # the copy's events (a migration's, the restore's) name the admin and are signed by
    # this station's key like every event written through db's own connection
    ident = AuditIdentity(actor=db.actor, signer=db.identity.signer)
    with tempfile.TemporaryDirectory(prefix="ult-restore-") if server else \
            contextlib.nullcontext("") as folder:
        tmp = Path(folder) / "restore.db" if server else \
            db.file.with_name(f".{db.file.stem}.restore-{stamp}-{os.getpid()}.tmp")
        try:
            copy = _prepared_copy(info.path, tmp, ident)
            try:
                restoring = db.hooks.restoring  # an erased person never comes back
                if restoring is not None and not server:
                    restoring(db, copy, db.station)
                backup(db, kept)

                _swap_in(db, copy, ident, lambda top: _continue_events(
                    copy, db.station, top, moment, info.path, kept))
                swapped = True
            finally:
                copy.close()
        except BaseException:
            if not swapped:
                kept.unlink(missing_ok=True)
            raise
        finally:
            if not server:
                for leftover in (tmp, rollback_journal(tmp)):
                    leftover.unlink(missing_ok=True)
    with db.exclusive():  # open it afresh: version, guard, settings of the restored office
        db.close()
        db.reconnect()
    return kept


def _swap_in(db: Database, copy: AuditedConnection, ident: AuditIdentity,
             go_on: Callable[[int], None]) -> None:
    """The prepared *copy* in place of the live office, its events going on above the
    newest id the live one gave out (``go_on(top)``); this station's own calls wait."""
    with db.exclusive() as conn:
        if port.on_server(db):
            from ult_desktop.db.keeping import server_move

            server_move.restore_on_server(db.source, copy, go_on,
                                          budget_s=max(30.0, db.busy_budget_s))
        else:
            go_on(db.read(lambda c: max(c.execute(
                "SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0], port.high_water(c))))
            db.retrying(lambda: copy.backup(conn))
        if ident.signer is not None:  # our newest event is now the copy's
            db.identity.last_own = ident.last_own
            db.identity.last_own_id = ident.last_own_id


def _prepared_copy(source: Path, tmp: Path,
                   ident: AuditIdentity | None = None) -> AuditedConnection:
    """*source* copied to *tmp*, guarded, migrated and checked; the open connection,
    writing events as *ident* (who acts, which key signs)."""
    tmp.unlink(missing_ok=True)
    src = open_readonly(source)
    try:
        copy = sqlite3.connect(str(tmp), isolation_level=None, factory=AuditedConnection)
        copy.audit = ident
    except sqlite3.Error as exc:
        src.close()
        raise errors.ShareUnavailable(path=str(tmp.parent)) from exc
    try:
        try:
            src.backup(copy)
        finally:
            src.close()
        secure_connection(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        version = port.schema_version(copy)
        drift = schema_guard.schema_drift(copy, version)
        if drift:  # the file changed since it was inspected
            raise schema_guard.BackupRefused(path=str(source), drift=drift[0], version=version)
        try:
            port.in_transaction(copy, migrate)
        except sqlite3.Error as exc:
            raise schema_guard.RestoreFailed(reason=tr(
                "guard.restore_migrate_failed", version=SCHEMA_VERSION, detail=exc)) from exc
        drift = schema_guard.schema_drift(copy)
        if drift:
            raise schema_guard.BackupRefused(path=str(source), drift=drift[0],
                                             version=SCHEMA_VERSION)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise schema_guard.RestoreFailed(reason=tr("guard.restore_damaged"))
        return copy
    except sqlite3.Error as exc:
        copy.close()
        raise schema_guard.RestoreFailed(reason=str(exc)) from exc
    except BaseException:
        copy.close()
        raise


def _continue_events(copy: AuditedConnection, station: str, old_max: int, moment: datetime,
                     source: Path, kept: Path) -> None:
    """In the prepared copy: event ids go on above the live file's, and the restore is
    the first thing the stations read after it."""
    def go_on(copy: AuditedConnection) -> None:
        top = copy.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        if top < old_max:
            port.set_high_water(copy, max(old_max, port.high_water(copy)))
        append_event(copy, station, DATABASE_RESTORED, at=moment,
                     data={"file": str(source), "kept": str(kept)})
        append_event(copy, station, EventKind.SETTINGS_CHANGED, at=moment,
                     data={"keys": ["*"], "restored": True})

    port.in_transaction(copy, go_on)
