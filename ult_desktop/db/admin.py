"""Admin work on the shared file: audit list, officer edits, backup, restore, retention.

Every change appends an event in the same transaction, so the event log stays the
audit trail and other stations learn of the change through the change feed.
"""

from __future__ import annotations

import calendar
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ult_desktop.core.dates import day_start_utc, file_stamp
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.personal_data import PERSONAL_DATA, PersonalData
from ult_desktop.core.tickets import EventKind
from ult_desktop.db import errors, schema_guard
from ult_desktop.db.engine.sqlite import SQLITE_MAGIC, Database, open_readonly, secure_connection
from ult_desktop.db.maintenance import backup
from ult_desktop.db.office import (
    ROLES,
    Officer,
    get_settings,
    read_settings,
    service_by_prefix,
    verify_pin,
    write_settings,
)
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import (
    AuditedConnection,
    AuditIdentity,
    append_event,
    event_from_row,
    event_high_water,
    set_event_high_water,
)
from ult_desktop.db.schema import PAGE_SIZE, SCHEMA_VERSION, migrate

ADMIN_LOGIN = "admin_login"
ADMIN_LOGIN_FAILED = "admin_login_failed"
BACKUP_MADE = "backup_made"
#: The daily automatic backup (db/autobackup.py): a station claimed today's copy, or
#: could not make it.
BACKUP_STARTED = "backup_started"
BACKUP_FAILED = "backup_failed"
DATABASE_RESTORED = "database_restored"
RETENTION_APPLIED = "retention_applied"

log = logging.getLogger(__name__)

#: Event kinds that are office administration (the audit list's default filter).
ADMIN_KINDS = (EventKind.SETTINGS_CHANGED, ADMIN_LOGIN, ADMIN_LOGIN_FAILED, BACKUP_MADE,
               BACKUP_STARTED, BACKUP_FAILED, DATABASE_RESTORED, RETENTION_APPLIED, schema_guard.SCHEMA_REPAIRED)

#: Tables a valid ULT Desktop database must hold (restore refuses anything else).
REQUIRED_TABLES = frozenset({"settings", "services", "counters", "officers", "tickets",
                             "events", "stations"})


# -- audit -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditEntry:
    id: int
    kind: str
    at: datetime
    station: str
    ticket_number: str | None
    service_prefix: str | None
    counter: int | None
    data: dict
    actor: str | None = None  # the officer logged in on the writing station (issue #12)


def audit_log(db: Database, *, kinds: tuple[str, ...] | None = ADMIN_KINDS,
              limit: int = 300, before_id: int | None = None) -> list[AuditEntry]:
    """Newest events first (by id, never by clock); *kinds* ``None`` means every kind."""
    sql = "SELECT * FROM events WHERE 1 = 1"
    params: list[str | int] = []
    if kinds is not None:
        sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    if before_id is not None:
        sql += " AND id < ?"
        params.append(before_id)
    rows = db.query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
    out = []
    for row in rows:
        ev = event_from_row(row)
        out.append(AuditEntry(id=ev.id, kind=ev.kind, at=ev.at, station=ev.station,
                              ticket_number=ev.ticket_number, service_prefix=ev.service_prefix,
                              counter=ev.counter, data=ev.data, actor=row["actor"]))
    return out


def record_login(db: Database, *, username: str, ok: bool) -> None:
    """Note an admin login (or a refused one) so later changes from this station are
    attributable to a person. The PIN is never written."""
    kind = ADMIN_LOGIN if ok else ADMIN_LOGIN_FAILED
    db.write(lambda conn: append_event(conn, db.station, kind,
                                       data={"username": username.strip().lower()}))


#: Who may sign in to the admin window: admins to everything, the Pimpinan (role
#: ``supervisor``) to the reports only, read-only, with their own PIN (issue #25).
ADMIN_WINDOW_ROLES = ("admin", "supervisor")


def admin_login(db: Database, *, username: str, pin: str,
                roles: tuple[str, ...] = ("admin",)) -> Officer | None:
    """The officer if *username* / *pin* match an active officer of *roles* (default: an
    admin), else ``None``.

    Every attempt is audited (the PIN never is).

    :raises RuleViolation: the PIN is right but the officer's role is not one of *roles*.
    """
    officer = verify_pin(db, username, pin)
    allowed = officer is not None and officer.role in roles
    if officer is not None and allowed:
        db.set_actor(officer.username)  # the admin's changes name them (issue #12)
    try:
        record_login(db, username=username, ok=allowed)
    except schema_guard.SchemaDrift:
        # a drifted file refuses every write, this one too; the admin must still get in
        # to repair it (the repair event names them)
        if officer is None or officer.role != "admin":
            raise
    if officer is not None and not allowed:
        raise errors.RuleViolation("admin.error.not_admin")
    return officer


# -- officers --------------------------------------------------------------------------
def update_officer(db: Database, *, username: str, name: str | None = None,
                   role: str | None = None, active: bool | None = None) -> None:
    """Change an officer's name, role or on/off state (the PIN has :func:`reset_pin`).

    :raises RuleViolation: unknown officer or role, or the last active admin would go.
    """
    if role is not None and role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    errors.check_length("limit.officer_name", name, errors.NAME_MAX)
    user = username.strip().lower()
    changes = {k: v for k, v in (("name", name), ("role", role),
                                 ("active", None if active is None else int(active)))
               if v is not None}

    def tx(conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT * FROM officers WHERE username = ?", (user,)).fetchone()
        if row is None:
            raise errors.RuleViolation("error.bad_input", detail=f"officer {username!r}")
        if changes:
            conn.execute(f"UPDATE officers SET {', '.join(f'{k} = ?' for k in changes)} "
                         "WHERE username = ?", (*changes.values(), user))
        admins = conn.execute("SELECT COUNT(*) FROM officers WHERE role = 'admin' "
                              "AND active = 1").fetchone()[0]
        if admins == 0:
            raise errors.RuleViolation("admin.error.last_admin")
        append_event(conn, db.station, EventKind.SETTINGS_CHANGED,
                     data={"officer": user, "keys": sorted(changes)})

    db.write(tx)


def set_service_counters(db: Database, *, prefix: str, counters: list[int]) -> None:
    """Make exactly the counters numbered *counters* serve the service *prefix*.

    One transaction and one ``settings_changed`` event; the other services of each
    counter are left as they are.

    :raises RuleViolation: unknown service.
    """

    def tx(conn: sqlite3.Connection) -> None:
        sid = service_by_prefix(conn, prefix).id
        wanted = set(counters)
        for row in conn.execute("SELECT number, service_ids FROM counters").fetchall():
            ids = json.loads(row["service_ids"])
            has = sid in ids
            if row["number"] in wanted and not has:
                ids.append(sid)
            elif row["number"] not in wanted and has:
                ids.remove(sid)
            else:
                continue
            conn.execute("UPDATE counters SET service_ids = ? WHERE number = ?",
                         (json.dumps(ids), row["number"]))
        append_event(conn, db.station, EventKind.SETTINGS_CHANGED, service_prefix=prefix.upper(),
                     data={"service": prefix.upper(), "counters": sorted(wanted)})

    db.write(tx)


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
    """A consistent copy of the office file at *out* (see ``maintenance.backup``), audited.

    The ``backup_made`` event's transaction also keeps it as the office's last backup
    (setting ``backup_state``, what "Cadangan terakhir" shows), and, when *out* is in the
    daily backup folder, as today's daily copy. *auto*: made by the daily schedule.

    :raises DatabaseExists: *out* already exists.
    :raises ShareUnavailable: the target folder cannot be reached.
    """
    target = backup(db, out, progress=progress)
    size = target.stat().st_size
    moment = now or _utc_now()

    def tx(conn: sqlite3.Connection) -> None:
        settings = read_settings(conn, ("backup_state", "backup_folder", "timezone"))
        state = dict(settings["backup_state"])
        state["last"] = {"at": moment.isoformat(), "file": str(target), "size": size,
                         "station": db.station, "auto": auto}
        folder = settings["backup_folder"].strip()
        if folder and _same_file(target.parent, Path(folder)):
            state["done_day"] = office_day(moment, settings["timezone"]).isoformat()
            state.pop("claim", None)
            state.pop("failed", None)
        write_settings(conn, {"backup_state": state})
        data = {"file": str(target), "size": size}
        if auto:
            data["auto"] = True
        append_event(conn, db.station, BACKUP_MADE, at=moment, data=data)

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
    """Check that *path* is a sound ULT Desktop database this station can restore.

    Opened read-only: the file is never changed. Besides SQLite's quick_check, the
    schema guard compares its ``sqlite_master`` with what its claimed version should
    hold: a planted trigger, view or table, or a version that lies about its columns,
    is refused with the object named.

    :raises NotADatabase: not SQLite, damaged, or not a ULT Desktop database.
    :raises SchemaTooNew: written by a newer version of ULT Desktop.
    :raises BackupRefused: its schema is not the one of its version.
    :raises DatabaseMissing: there is no such file.
    """
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
        version = conn.execute("PRAGMA user_version").fetchone()[0]
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


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def restore_database(db: Database, source: str | os.PathLike, *,
                     now: datetime | None = None) -> Path:
    """Replace the office data with the backup *source*; returns the kept copy's path.

    Nothing touches the live file until a complete, checked copy exists:

    1. *source* is inspected (:func:`inspect_backup`: quick_check, schema guard).
    2. It is copied into a temporary file in the live file's own folder (the share), and
       that copy is guarded again, migrated to this station's schema version, guarded
       once more and integrity-checked. Any failure: the copy is deleted, the live file
       is byte-for-byte untouched, and the error says why.
    3. The current file is copied next to it as ``<name>.before-restore-<stamp>.db``.
    4. Event ids are continued above the live file's in the copy, which gets the
       ``database_restored`` and ``settings_changed`` events (stations reload).
    5. The copy's pages are written into the live file with SQLite's backup API in one
       step, i.e. one write transaction under the live file's lock with its rollback
       journal: other stations, which keep the file open, see either the old or the
       restored database, never a mix. (Replacing the file with ``os.replace`` is not
       safe: Windows refuses to replace an open file, and over SMB the other stations'
       open handles would keep reading the old one.) If the share dies during that step,
       the journal rolls the live file back on the next open.

    On a server (the owner's URL): steps 1 and 2 are the same, the copy made in this
    PC's temporary folder; the server is copied into ``<database>.before-restore-<stamp>.db``
    next to *source* (an office file, as ``backup`` makes); then, in one server
    transaction holding the write lock, the copy's events are continued above the
    server's newest id and every table is replaced by the copy's rows
    (``server_move.restore_on_server``): the same events, the same result, and a failure
    leaves the server as it was.

    :raises NotADatabase: *source* is not a sound ULT Desktop database (nothing changed).
    :raises SchemaTooNew: *source* comes from a newer version (nothing changed).
    :raises BackupRefused: *source*'s schema does not match its version (nothing changed).
    :raises RestoreFailed: the copy could not be migrated or checked (nothing changed).
    :raises RuleViolation: *source* is the office file itself.
    :raises DatabaseBusy: another station held the lock for too long (nothing changed).
    :raises RuleViolation: on a server, not connected as the database's owner.
    """
    if db.dialect == "postgresql":
        return _restore_on_server(db, source, now=now)
    info = inspect_backup(source)
    if _same_file(info.path, db.path):
        raise errors.RuleViolation("admin.error.restore_same")
    moment = now or _utc_now()
    stamp = file_stamp(get_settings(db)["timezone"], moment)  # the office's clock
    kept = db.path.with_name(f"{db.path.stem}.before-restore-{stamp}{db.path.suffix}")
    tmp = db.path.with_name(f".{db.path.stem}.restore-{stamp}-{os.getpid()}.tmp")
    swapped = False
    # the copy's events (a migration's, the restore's) name the admin and are signed by
    # this station's key like every event written through db's own connection
    ident = AuditIdentity(actor=db.actor, signer=db.identity.signer)
    try:
        copy = _prepared_copy(info.path, tmp, ident)
        try:
            backup(db, kept)
            old_max = db.read(lambda c: max(c.execute(
                "SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0], event_high_water(c)))
            _continue_events(copy, db.station, old_max, moment, info.path, kept)
            with db.exclusive() as conn:
                db.retrying(lambda: copy.backup(conn))
                swapped = True
                if ident.signer is not None:  # our newest event is now the copy's
                    db.identity.last_own = ident.last_own
                    db.identity.last_own_id = ident.last_own_id
        finally:
            copy.close()
    except BaseException:
        if not swapped:
            kept.unlink(missing_ok=True)
        raise
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    with db.exclusive():  # open it afresh: version, guard and cookie of the restored file
        db.close()
        db.reconnect()
    return kept


def _restore_on_server(db: Database, source: str | os.PathLike, *,
                       now: datetime | None = None) -> Path:
    """:func:`restore_database` for an office on a PostgreSQL server."""
    import tempfile

    from ult_desktop.db import server_move, server_schema
    from ult_desktop.db.maintenance import office_stem

    server_schema.require_owner(db, "restore")
    info = inspect_backup(source)
    moment = now or _utc_now()
    stamp = file_stamp(get_settings(db)["timezone"], moment)
    kept = info.path.with_name(f"{office_stem(db)}.before-restore-{stamp}.db")
    ident = AuditIdentity(actor=db.actor, signer=db.identity.signer)
    done = False
    with tempfile.TemporaryDirectory(prefix="ult-restore-") as folder:
        copy = _prepared_copy(info.path, Path(folder) / "restore.db", ident)
        try:
            backup(db, kept)
            with db.exclusive():  # this station's own calls wait for the swap
                server_move.restore_on_server(
                    db.source, copy, lambda top: _continue_events(
                        copy, db.station, top, moment, info.path, kept),
                    budget_s=max(30.0, db.busy_budget_s))
                done = True
                if ident.signer is not None:  # our newest event is now the copy's
                    db.identity.last_own = ident.last_own
                    db.identity.last_own_id = ident.last_own_id
        finally:
            copy.close()
            if not done:
                kept.unlink(missing_ok=True)
    with db.exclusive():  # open it afresh: version, guard, settings of the restored office
        db.close()
        db.reconnect()
    return kept


def _prepared_copy(source: Path, tmp: Path,
                   ident: AuditIdentity | None = None) -> sqlite3.Connection:
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
        version = copy.execute("PRAGMA user_version").fetchone()[0]
        drift = schema_guard.schema_drift(copy, version)
        if drift:  # the file changed since it was inspected
            raise schema_guard.BackupRefused(path=str(source), drift=drift[0], version=version)
        try:
            copy.execute("BEGIN IMMEDIATE")
            migrate(copy)
            copy.execute("COMMIT")
        except sqlite3.Error as exc:
            if copy.in_transaction:
                copy.execute("ROLLBACK")
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


def _continue_events(copy: sqlite3.Connection, station: str, old_max: int, moment: datetime,
                     source: Path, kept: Path) -> None:
    """In the prepared copy: event ids go on above the live file's, and the restore is
    the first thing the stations read after it."""
    copy.execute("BEGIN IMMEDIATE")
    try:
        top = copy.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        if top < old_max:
            set_event_high_water(copy, max(old_max, event_high_water(copy)))
        append_event(copy, station, DATABASE_RESTORED, at=moment,
                     data={"file": str(source), "kept": str(kept)})
        append_event(copy, station, EventKind.SETTINGS_CHANGED, at=moment,
                     data={"keys": ["*"], "restored": True})
        copy.execute("COMMIT")
    except BaseException:
        if copy.in_transaction:
            copy.execute("ROLLBACK")
        raise


# -- retention (UU 27/2022 Pelindungan Data Pribadi) ------------------------------------
def months_before(day: date, months: int) -> date:
    """The same day *months* earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class _Target:
    table: str
    age: str
    columns: list[tuple[str, bool]]      # (column, NOT NULL)
    json_column: str | None
    json_keys: tuple[str, ...]

    def where(self) -> str:
        filled = [f"({c} IS NOT NULL AND {c} != '')" for c, _ in self.columns]
        if self.json_keys:
            # CASE keeps json_extract away from text that is not JSON (it would raise)
            j = self.json_column
            keys = " OR ".join(f"json_extract({j}, '$.\"{k}\"') IS NOT NULL"
                               for k in self.json_keys)
            filled.append(f"(CASE WHEN json_valid({j}) THEN ({keys}) ELSE {j} != '{{}}' END)")
        return f"{self.age} < ? AND ({' OR '.join(filled)})"

    def sets(self) -> str:
        parts = [f"{c} = {EMPTY if notnull else 'NULL'}" for c, notnull in self.columns]
        if self.json_keys:
            paths = ", ".join(f"'$.\"{k}\"'" for k in self.json_keys)
            j = self.json_column
            parts.append(f"{j} = CASE WHEN json_valid({j}) THEN json_remove({j}, {paths}) "
                         f"ELSE '{{}}' END")
        return ", ".join(parts)


def _targets(query: Callable[[str], list], spec: tuple[PersonalData, ...]) -> list[_Target]:
    out = []
    for item in spec:
        info = query(f"PRAGMA table_info({item.table})")
        if not info:
            continue
        existing = {r[1]: bool(r[3]) for r in info}  # name -> NOT NULL
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
    return {t.table: db.query(f"SELECT COUNT(*) FROM {t.table} WHERE {t.where()}",
                              (cutoff,))[0][0]
            for t in _targets(db.query, spec)}


def _cutoff(db: Database, months: int, now: datetime | None) -> str:
    if months < 1:
        raise errors.RuleViolation("admin.error.retention_months")
    tz = get_settings(db)["timezone"]
    return months_before(office_day(now or _utc_now(), tz), months).isoformat()


def empty_personal_columns(conn: sqlite3.Connection, cutoff: str,
                           spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, int]:
    """Inside the caller's transaction: empty the declared personal data of rows dated
    before *cutoff* (ISO day); rows per table."""
    counts: dict[str, int] = {}
    for t in _targets(lambda sql: conn.execute(sql).fetchall(), spec):
        if t.json_keys and getattr(conn, "dialect", "sqlite") == "postgresql":
            counts[t.table] = _erase_json_on_server(conn, t, cutoff)
            continue
        counts[t.table] = conn.execute(f"UPDATE {t.table} SET {t.sets()} WHERE {t.where()}",
                                       (cutoff,)).rowcount
    return counts


def _erase_json_on_server(conn, t: _Target, cutoff: str) -> int:
    """On a server the stations may not UPDATE ``events``: each event's data without its
    personal keys (compact JSON, as SQLite's ``json_remove`` leaves it, so its hash still
    matches) goes through ``ult_erase_personal``, a function of the owner that writes it
    only if it is the stored data less exactly those keys (``engine_pg``)."""
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
    #: unfinished copies (``*.partial``) deleted (issue #22)
    partials_deleted: list[Path]
    #: files exported for a period the purge reached: the app cannot reach them, the
    #: admin must delete them (issue #22); each as named in its ``exported`` event
    exports_to_delete: list[str]


#: progress(step, done, total): step is "rows", "vacuum" or "backups".
Progress = Callable[[str, int, int], None]


def purge_personal_data(db: Database, *, months: int | None = None,
                        before_day: str | None = None, now: datetime | None = None,
                        spec: tuple[PersonalData, ...] = PERSONAL_DATA, rewrite: bool = True,
                        backup_dirs: list[Path] | None = None,
                        progress: Progress | None = None) -> PurgeReport:
    """The one retention purge: personal data older than *months* (or dated before the
    ISO day *before_day*) is removed from the file, its free pages and its backups.

    1. One write transaction empties every column declared in
       :data:`~ult_desktop.core.personal_data.PERSONAL_DATA` (rows are kept, so counts
       and timings stay) and appends one ``retention_applied`` event with the cut-off
       and the counts, never the values. ``secure_delete`` is on for the connection.
    2. ``VACUUM`` rewrites the whole file (unless *rewrite* is false), so nothing of the
       old values survives in free pages or freed cell space, including what stations
       without ``secure_delete`` (the Windows default) left behind earlier.
    3. The backup folders (default: ``backup/`` next to the file, plus the
       ``*.before-restore-*`` copies beside it) are rotated: a copy last written before
       the cut-off is deleted (everything personal in it is past retention); every other
       copy is guarded (planted objects dropped), purged the same way and vacuumed.
       The daily backup folder (setting ``backup_folder``) is one of the default folders.

    Returns the counts per table (``PurgeReport``, a dict) with the files handled.

    :raises RuleViolation: *months* is below 1.
    """
    cutoff = before_day if before_day is not None else _cutoff(db, months or 0, now)
    note = progress or (lambda _step, _done, _total: None)
    note("rows", 0, 1)

    def tx(conn: sqlite3.Connection) -> dict[str, int]:
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
    if db.dialect != "sqlite":  # a server: no file to rewrite, no copies beside it
        report.backups_deleted, report.backups_purged, report.backups_skipped = [], [], []
        report.partials_deleted = []
        report.exports_to_delete = exports_reaching(db, cutoff)
        return report
    if rewrite:
        note("vacuum", 0, 1)
        vacuum(db)
        report.rewritten = True
        note("vacuum", 1, 1)
    dirs = backup_dirs if backup_dirs is not None else default_backup_dirs(db)
    named = _logged_paths(db, BACKUP_MADE, "file")  # `backup --out` copies anywhere
    files = backup_files(db.path, dirs, extra=[Path(p) for p in named])
    report.backups_deleted, report.backups_purged, report.backups_skipped = [], [], []
    report.partials_deleted = []
    for path in partial_files(dirs, [Path(p) for p in named]):
        try:  # an unfinished copy: personal data in pages nobody will read
            path.unlink()
            report.partials_deleted.append(path)
        except OSError:
            log.warning("retention: could not delete %s", path, exc_info=True)
            report.backups_skipped.append(path)
    report.exports_to_delete = exports_reaching(db, cutoff)
    # a copy last written before the office's midnight of the cut-off day, not the PC's
    limit = day_start_utc(date.fromisoformat(cutoff), get_settings(db)["timezone"]).timestamp()
    for i, path in enumerate(files):
        note("backups", i, len(files))
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                report.backups_deleted.append(path)
            elif purge_file(path, cutoff, spec):
                report.backups_purged.append(path)
            else:
                report.backups_skipped.append(path)
        except (OSError, sqlite3.Error, errors.UltError):
            log.warning("retention: could not clean %s", path, exc_info=True)
            report.backups_skipped.append(path)
    note("backups", len(files), len(files))
    return report


def default_backup_dirs(db: Database) -> list[Path]:
    """Where the office's backups are: ``backup/`` next to the file and the daily backup
    folder when one is set (the retention purge covers both)."""
    dirs = [db.path.parent / "backup"]
    folder = get_settings(db, "backup_folder")["backup_folder"].strip()
    if folder and Path(folder) not in dirs:
        dirs.append(Path(folder))
    return dirs


def vacuum(db: Database) -> None:
    """Rewrite the whole file (VACUUM) under the write lock, waiting for readers.

    VACUUM needs every other station's read to finish and temporary space of about the
    file's size (in the local temp folder); on a share it takes as long as copying the
    file twice. Retried while busy for up to ten times the usual budget.
    """
    with db.exclusive() as conn:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # older files move to it here
        db.retrying(lambda: conn.execute("VACUUM"), budget_s=10 * db.busy_budget_s)


def _logged_paths(db: Database, kind: str, key: str) -> list[str]:
    out = []
    for (text,) in db.query("SELECT data FROM events WHERE kind = ?", (kind,)):
        try:
            value = json.loads(text).get(key)
        except (TypeError, ValueError, AttributeError):
            continue
        if isinstance(value, str) and value:
            out.append(value)
    return out


def partial_files(dirs: list[Path], named: list[Path]) -> list[Path]:
    """Unfinished backup copies (``*.partial``) in *dirs* and next to the *named*
    backups (issue #22: they hold the same personal data as a finished copy)."""
    found = set()
    for folder in [*dirs, *{p.parent for p in named}]:
        try:
            found |= {p for p in folder.iterdir() if p.is_file() and p.name.endswith(".partial")}
        except OSError:
            continue
    return sorted(found)


def exports_reaching(db: Database, cutoff: str) -> list[str]:
    """Files exported (reports, CSV, XLSX) for a period that starts before *cutoff*:
    personal data the purge cannot reach; the admin is told their paths."""
    out: list[str] = []
    for (text,) in db.query("SELECT data FROM events WHERE kind = 'exported'"):
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict) or str(data.get("from", "9999")) >= cutoff:
            continue
        out += [f for f in data.get("files", []) if isinstance(f, str)]
    return sorted(set(out))


def backup_files(live: Path, dirs: list[Path], extra: Sequence[Path] = ()) -> list[Path]:
    """Copies of the office file the retention must cover: SQLite files in *dirs*, the
    ``<name>.before-restore-*`` copies next to *live*, and the *extra* copies (the paths
    named in ``backup_made`` events: ``backup --out`` anywhere)."""
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
                _same_file(path, live):
            continue
        try:
            with open(path, "rb") as f:
                if f.read(16) != SQLITE_MAGIC:
                    continue
        except OSError:
            continue
        found.append(path)
    return found


def purge_file(path: Path, cutoff: str, spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> bool:
    """Purge one copy of the office file in place: drop planted objects first (their
    triggers would otherwise run), empty the personal data before *cutoff*, VACUUM.
    False if it is not a ULT file this station understands (left as it is)."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    try:
        secure_connection(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'")}
        if version < 1 or version > SCHEMA_VERSION or not REQUIRED_TABLES <= tables:
            return False
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_guard.schema_drift(conn, version):
                _drop_foreign(conn, version)
            empty_personal_columns(conn, cutoff, spec)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("VACUUM")
        return True
    finally:
        conn.close()


def _drop_foreign(conn: sqlite3.Connection, version: int) -> None:
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
