"""Admin work on the shared file: audit list, officer edits, backup, restore, retention.

Every change appends an event in the same transaction, so the event log stays the
audit trail and other stations learn of the change through the change feed.
"""

from __future__ import annotations

import calendar
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.tickets import EventKind
from ult_desktop.db import errors
from ult_desktop.db.connection import SQLITE_MAGIC, Database
from ult_desktop.db.events import append_event, event_from_row
from ult_desktop.db.maintenance import backup
from ult_desktop.db.office import (
    ROLES,
    Officer,
    get_settings,
    read_settings,
    service_by_prefix,
    verify_pin,
)
from ult_desktop.db.schema import SCHEMA_VERSION, migrate

ADMIN_LOGIN = "admin_login"
ADMIN_LOGIN_FAILED = "admin_login_failed"
BACKUP_MADE = "backup_made"
DATABASE_RESTORED = "database_restored"
RETENTION_APPLIED = "retention_applied"

#: Event kinds that are office administration (the audit list's default filter).
ADMIN_KINDS = (EventKind.SETTINGS_CHANGED, ADMIN_LOGIN, ADMIN_LOGIN_FAILED, BACKUP_MADE,
               DATABASE_RESTORED, RETENTION_APPLIED)

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


def audit_log(db: Database, *, kinds: tuple[str, ...] | None = ADMIN_KINDS,
              limit: int = 300, before_id: int | None = None) -> list[AuditEntry]:
    """Newest events first (by id, never by clock); *kinds* ``None`` means every kind."""
    sql, params = "SELECT * FROM events WHERE 1 = 1", []
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
                              counter=ev.counter, data=ev.data))
    return out


def record_login(db: Database, *, username: str, ok: bool) -> None:
    """Note an admin login (or a refused one) so later changes from this station are
    attributable to a person. The PIN is never written."""
    kind = ADMIN_LOGIN if ok else ADMIN_LOGIN_FAILED
    db.write(lambda conn: append_event(conn, db.station, kind,
                                       data={"username": username.strip().lower()}))


def admin_login(db: Database, *, username: str, pin: str) -> Officer | None:
    """The officer if *username* / *pin* match an active admin, else ``None``.

    Every attempt is audited (the PIN never is).

    :raises RuleViolation: the PIN is right but the officer is not an admin.
    """
    officer = verify_pin(db, username, pin)
    record_login(db, username=username, ok=officer is not None and officer.role == "admin")
    if officer is not None and officer.role != "admin":
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
def backup_database(db: Database, out: str | os.PathLike,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """A consistent copy of the office file at *out* (see ``maintenance.backup``), audited.

    :raises DatabaseExists: *out* already exists.
    :raises ShareUnavailable: the target folder cannot be reached.
    """
    target = backup(db, out, progress=progress)
    size = target.stat().st_size
    db.write(lambda conn: append_event(conn, db.station, BACKUP_MADE,
                                       data={"file": str(target), "size": size}))
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

    Opened read-only: the file is never changed.

    :raises NotADatabase: not SQLite, damaged, or not a ULT Desktop database.
    :raises SchemaTooNew: written by a newer version of ULT Desktop.
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
        conn = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise errors.NotADatabase(path=str(src)) from exc
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise errors.NotADatabase(path=str(src))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not REQUIRED_TABLES <= tables or version < 1:
            raise errors.NotADatabase(path=str(src))
        if version > SCHEMA_VERSION:
            raise errors.SchemaTooNew(file_version=version, our_version=SCHEMA_VERSION)
        conn.row_factory = sqlite3.Row
        settings = read_settings(conn)
        tickets, last_day = conn.execute("SELECT COUNT(*), MAX(day) FROM tickets").fetchone()
    except sqlite3.Error as exc:
        raise errors.NotADatabase(path=str(src)) from exc
    finally:
        conn.close()
    return BackupInfo(path=src, schema_version=version, office_name=settings["office_name"],
                      tickets=tickets, last_day=last_day, size_bytes=src.stat().st_size)


def restore_database(db: Database, source: str | os.PathLike, *,
                     now: datetime | None = None) -> Path:
    """Replace the office data with the backup *source*; returns the kept copy's path.

    The current file is first copied next to it as ``<name>.before-restore-<stamp>.db``.
    The backup's pages are then written into the live file through SQLite's backup API,
    under SQLite's locks, so stations that keep the file open see a consistent database
    (a plain file copy over an open database on a share could corrupt it). Event ids
    continue above the old ones, so every station's change feed goes on; a
    ``database_restored`` and a ``settings_changed`` event tell the stations to reload.

    :raises NotADatabase: *source* is not a sound ULT Desktop database (nothing changed).
    :raises SchemaTooNew: *source* comes from a newer version (nothing changed).
    :raises RuleViolation: *source* is the office file itself.
    :raises DatabaseBusy: another station held the lock for too long.
    """
    info = inspect_backup(source)
    if info.path.resolve() == db.path.resolve():
        raise errors.RuleViolation("admin.error.restore_same")
    moment = now or _utc_now()
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    kept = db.path.with_name(f"{db.path.stem}.before-restore-{stamp}{db.path.suffix}")
    backup(db, kept)
    old_max = db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
    src = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with db._lock:
            conn = db.conn
            db._retry(lambda: src.backup(conn), _deadline(db), in_tx=False)
    finally:
        src.close()

    def tx(conn: sqlite3.Connection) -> None:
        migrate(conn)
        conn.execute("PRAGMA journal_mode")  # stays DELETE: the source was checked
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        if top < old_max:
            conn.execute("DELETE FROM sqlite_sequence WHERE name = 'events'")
            conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)",
                         (old_max,))
        append_event(conn, db.station, DATABASE_RESTORED, at=moment,
                     data={"file": str(info.path), "kept": str(kept)})
        append_event(conn, db.station, EventKind.SETTINGS_CHANGED, at=moment,
                     data={"keys": ["*"], "restored": True})

    db.write(tx)
    return kept


def _deadline(db: Database) -> float:
    return time.monotonic() + db.busy_budget_s


# -- retention (UU 27/2022 Pelindungan Data Pribadi) ------------------------------------
@dataclass(frozen=True)
class PersonalData:
    """Columns of *table* that identify or describe a person.

    Rows older than the retention period keep their anonymous columns (service,
    channel, times, outcome, kabupaten/kota), so counts and reports stay right; the
    personal columns are emptied. Columns a table does not have are ignored, so the
    declaration also covers tables that other parts of the app add later.
    """

    table: str
    age_columns: tuple[str, ...]  # the first existing one dates a row (ISO text)
    columns: tuple[str, ...]


PERSONAL_DATA: tuple[PersonalData, ...] = (
    # The service register: who came, how to reach them, what they asked. Kept:
    # channel, day, service, officer, institution, kabupaten/kota, topic, times.
    PersonalData(
        table="register_records",
        age_columns=("day",),
        columns=("visitor_name", "phone", "email", "id_number", "on_behalf_of",
                 "letter_number", "question", "answer"),
    ),
    PersonalData(table="cases", age_columns=("opened_at",),
                 columns=("answer", "callback_note")),
    PersonalData(table="skm_responses", age_columns=("period", "day"),
                 columns=("suggestion",)),
)


def months_before(day: date, months: int) -> date:
    """The same day *months* earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _targets(query: Callable[[str], list], spec: tuple[PersonalData, ...]):
    for item in spec:
        info = query(f"PRAGMA table_info({item.table})")
        if not info:
            continue
        existing = {r[1]: bool(r[3]) for r in info}  # name -> NOT NULL
        age = next((c for c in item.age_columns if c in existing), None)
        columns = [c for c in item.columns if c in existing]
        if age and columns:
            yield item.table, age, [(c, existing[c]) for c in columns]


EMPTY = "''"


def _where_personal(age: str, columns: list[tuple[str, bool]]) -> str:
    filled = " OR ".join(f"({c} IS NOT NULL AND {c} != '')" for c, _ in columns)
    return f"{age} < ? AND ({filled})"


def personal_data_due(db: Database, *, months: int, now: datetime | None = None,
                      spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, int]:
    """Rows per table whose personal columns the retention would empty now."""
    cutoff = _cutoff(db, months, now)
    out: dict[str, int] = {}
    for table, age, columns in _targets(db.query, spec):
        out[table] = db.query(f"SELECT COUNT(*) FROM {table} WHERE "
                              f"{_where_personal(age, columns)}", (cutoff,))[0][0]
    return out


def _cutoff(db: Database, months: int, now: datetime | None) -> str:
    if months < 1:
        raise errors.RuleViolation("admin.error.retention_months")
    tz = get_settings(db)["timezone"]
    return months_before(office_day(now or _utc_now(), tz), months).isoformat()


def purge_personal_data(db: Database, *, months: int, now: datetime | None = None,
                        spec: tuple[PersonalData, ...] = PERSONAL_DATA) -> dict[str, int]:
    """Empty the personal columns of rows older than *months*; returns rows per table.

    Rows are kept (anonymous counts stay); one ``retention_applied`` event records the
    cut-off date and the counts, never the removed values.

    :raises RuleViolation: *months* is below 1.
    """
    cutoff = _cutoff(db, months, now)

    def tx(conn: sqlite3.Connection) -> dict[str, int]:
        counts: dict[str, int] = {}
        for table, age, columns in _targets(lambda sql: conn.execute(sql).fetchall(), spec):
            # NOT NULL columns get an empty string, the others NULL.
            sets = ", ".join(f"{c} = {EMPTY if notnull else 'NULL'}" for c, notnull in columns)
            cur = conn.execute(f"UPDATE {table} SET {sets} WHERE "
                               f"{_where_personal(age, columns)}", (cutoff,))
            counts[table] = cur.rowcount
        append_event(conn, db.station, RETENTION_APPLIED,
                     data={"months": months, "before": cutoff, "rows": counts})
        return counts

    return db.write(tx)
