"""The schema guard: the file's ``sqlite_master`` must be exactly what the code made.

Anyone with the share can plant a trigger (run inside every station's writes), view or
table. The expected schema is ``MIGRATIONS[:v]`` applied in memory; a difference is a
:class:`Drift`, refusing writes until :func:`repair` (a changed *table*: restore a
backup). SQLite's own objects are an exact allow-list (:func:`internal`)."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection, quote_name
from ult_desktop.db.errors import CHANGED, MISSING, UNKNOWN, Drift, SchemaDrift
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, migrate, schema_in_memory

#: Object types that only ever run code: never trusted, never kept by a repair.
CODE_TYPES = frozenset({"trigger", "view"})
#: Event kind of a repair.
SCHEMA_REPAIRED = "schema_repaired"


@dataclass(frozen=True)
class SchemaObject:
    type: str            # table, index, trigger, view
    name: str
    table: str           # tbl_name
    sql: str | None      # normalised (whitespace collapsed); None for automatic objects


#: SQLite's own tables, with the definitions SQLite itself gives them (analyze.c,
#: build.c); any other ``sqlite_`` object is compared like every other object.
INTERNAL_TABLES = {
    "sqlite_sequence": "CREATE TABLE sqlite_sequence(name,seq)",
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
_AUTOINDEX = re.compile(r"sqlite_autoindex_(.+)_([1-9][0-9]*)")


def reserved(name: str) -> bool:
    """A name SQLite keeps for itself (``sqlite_...``): no plain CREATE or DROP."""
    return name.lower().startswith("sqlite_")


def internal(obj: SchemaObject, tables: set[str]) -> bool:
    """True only for an object SQLite makes itself: ``sqlite_sequence``, ``sqlite_stat1``,
    ``sqlite_stat4`` as SQLite defines them, and ``sqlite_autoindex_<table>_<n>`` without
    SQL on the existing ``<table>`` (*tables*: the file's tables)."""
    if obj.type == "table":
        return INTERNAL_TABLES.get(obj.name) == obj.sql and obj.table == obj.name
    if obj.type == "index" and obj.sql is None:
        match = _AUTOINDEX.fullmatch(obj.name)
        return match is not None and match.group(1) == obj.table and obj.table in tables
    return False


def read_schema(conn: Connection) -> dict[str, SchemaObject]:
    """Every object in ``sqlite_master`` of *conn* but SQLite's own (:func:`internal`):
    a ``sqlite_``-named trigger, view, table or index is read like any other."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    objects = [SchemaObject(str(r[0]), str(r[1]), str(r[2]),
                            " ".join(r[3].split()) if r[3] else None) for r in rows]
    tables = {o.name for o in objects if o.type == "table"}
    return {o.name: o for o in objects if not internal(o, tables)}


@functools.cache
def expected_schema(version: int) -> dict[str, SchemaObject]:
    """What ``MIGRATIONS[:version]`` make, read back from an in-memory database."""
    if not 0 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema for version {version}")
    with schema_in_memory(version) as mem:
        return read_schema(mem)


def compare(actual: dict[str, SchemaObject], expected: dict[str, SchemaObject]) -> list[Drift]:
    """Differences, most dangerous first: code objects, then tables, then indexes."""
    out: list[Drift] = []
    for name, obj in actual.items():
        want = expected.get(name)
        if want is None:
            out.append(Drift(UNKNOWN, obj.type, name))
        elif want.type != obj.type:
            out.append(Drift(UNKNOWN, obj.type, name))
            out.append(Drift(MISSING, want.type, name))
        elif want.sql != obj.sql or want.table.lower() != obj.table.lower():
            out.append(Drift(CHANGED, obj.type, name))
    for name, want in expected.items():
        if name not in actual:
            out.append(Drift(MISSING, want.type, name))
    rank = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    return sorted(out, key=lambda d: (rank.get(d.type, 9), d.name))


def schema_drift(conn: Connection, version: int | None = None) -> list[Drift]:
    """How the file behind *conn* differs from the schema of its ``user_version``
    (or of *version*). A file newer than this station cannot be judged: ``[]``."""
    if port.on_server(conn):
        # a server: the stations' role cannot create or alter objects (DDL needs the
        # database owner); what the owner planted or removed is still looked for
        from ult_desktop.db.schemas.server_repair import server_drift

        return server_drift(conn)  # type: ignore[arg-type]  # on a server, conn is its PgConnection
    if version is None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION or version < 0:
        return []
    return compare(read_schema(conn), expected_schema(version))


# -- repair ---------------------------------------------------------------------------
def repair_connection(conn: Connection) -> list[dict]:
    """Inside the caller's write: drop unknown objects, recreate changed or missing indexes,
    triggers and views; returns what was done.
    :raises SchemaDrift: a changed or missing table (restore a backup).
    :raises SchemaTooNew: the file is newer than this station."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise errors.SchemaTooNew(file_version=version, our_version=SCHEMA_VERSION)
    drift = schema_drift(conn, version)
    for d in drift:
        if not d.repairable:
            raise d.error()
    expected = expected_schema(version)
    actual = read_schema(conn)
    done: list[dict] = []
    # code first: every trigger is gone before the first row is written
    for d in drift:
        obj = actual.get(d.name)
        if d.problem in (UNKNOWN, CHANGED) and obj is not None and obj.type == d.type:
            done.append({"action": drop_object(conn, d.type, d.name), "type": d.type,
                         "name": d.name})
    for d in drift:
        want = expected.get(d.name)
        if d.problem in (CHANGED, MISSING) and want is not None and want.type == d.type:
            conn.execute(_original_sql(version, d.name))
            done.append({"action": "recreated", "type": d.type, "name": d.name})
    left = schema_drift(conn, version)
    if left:
        raise left[0].error()
    return done


def repair(db, *, username: str | None = None, drop_unknown: bool = False) -> list[dict]:
    """Make the schema exactly the expected one again, in one write with a
    ``schema_repaired`` event (and *username*), then migrate; returns the actions. On a
    server: as the owner, dropping what the app did not make only with *drop_unknown*.
    :raises RuleViolation: on a server, not connected as its owner.
    :raises UnknownObjectsKept: on a server, objects the app did not make, and not
        *drop_unknown*."""
    from ult_desktop.db.record.events import append_event

    server = port.on_server(db)
    if server:
        from ult_desktop.db.schemas.server_repair import require_owner

        require_owner(db, "repair")

    def tx(conn: Connection) -> list[dict]:
        if server:
            from ult_desktop.db.schemas.server_repair import repair_server

            done = repair_server(conn, drop_unknown=drop_unknown)
        else:
            done = repair_connection(conn)
        if done:
            migrate(conn)  # a clean older file: the event is written in today's shape
            append_event(conn, db.station, SCHEMA_REPAIRED,
                         data={"actions": done, **({"username": username} if username else {})})
        return done

    with db.exclusive():
        saved = db.drift
        db.drift = []  # the repair itself must be able to write ...
        # ... past the in-transaction check too: the repair re-reads the schema itself
        db.schema_checked()
        try:
            result = db.write_schema(tx)
        except BaseException:
            db.drift = saved
            raise
        db.close()
        db.reconnect()  # guard again; an older file is migrated now that it is clean
    return result


def recheck(db) -> bool:
    """For a station refusing writes because of drift: look again if the schema changed
    (repaired elsewhere); True while drift remains. One cheap read when nothing changed."""
    with db.exclusive():
        if not db.schema_checked():
            return bool(db.drift)
        db.drift = db.read(lambda conn: schema_drift(conn))
        if not db.drift and db.schema_version < SCHEMA_VERSION:
            db.close()
            db.reconnect()  # an older file is migrated now that it is clean
        return bool(db.drift)


class BackupRefused(errors.UltError):
    """A backup's schema is not what its version says: it is never restored."""

    key, exit_code = "guard.backup_refused", 4

    def __init__(self, *, path: str, drift: Drift, version: int):
        self.drift = drift
        super().__init__(path=path, problem=drift.problem, type=drift.type, name=drift.name,
                         version=version)

    def message(self, lang: str | None = None) -> str:
        from ult_desktop.core.i18n import tr

        p = self.params
        reason = tr(f"guard.reason.{p['problem']}", lang, name=p["name"], version=p["version"],
                    kind=tr(f"guard.type.{p['type']}", lang))
        return tr(self.key, lang, path=p["path"], reason=reason)


class RestoreFailed(errors.UltError):
    """Preparing the restored copy failed; the live file was not touched."""

    key, exit_code = "guard.restore_failed", 4


def drop_object(conn: Connection, type: str, name: str) -> str:
    """Inside the caller's write: remove the object *name* of *type* (a ``sqlite_``-named
    one through ``writable_schema``, a table renamed first so its pages are freed; SQLite's
    own index naming another table gets its table back). ``"dropped"`` or ``"restored"``."""
    kind = type.lower()
    if kind not in ("table", "index", "trigger", "view"):
        raise ValueError(f"not a schema object type: {type!r}")
    if kind == "index" and reserved(name):
        owner = conn.execute(
            "SELECT m.name FROM sqlite_master AS m, pragma_index_list(m.name) AS i "
            "WHERE m.type = 'table' AND i.name = ? AND i.origin IN ('u', 'pk')",
            (name,)).fetchone()
        if owner is not None:
            with _writable_schema(conn):
                conn.execute("UPDATE sqlite_master SET tbl_name = ?, sql = NULL "
                             "WHERE type = 'index' AND name = ?", (owner[0], name))
            return "restored"
    if not reserved(name) or kind in ("trigger", "index"):
        conn.execute(f"DROP {kind.upper()} IF EXISTS {quote_name(name)}")
        return "dropped"
    row = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = ? AND name = ?",
                       (kind, name)).fetchone()
    if row is None:
        return "dropped"
    rootpage = row[0] or 0
    shared = rootpage and conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE rootpage = ? AND name != ?",
        (rootpage, name)).fetchone()[0]
    temp = None
    with _writable_schema(conn):
        if kind == "view" or not rootpage or shared:
            # no pages of its own (a view, a virtual table), or pages another object
            # claims too (never freed here): only the row goes
            conn.execute("DELETE FROM sqlite_master WHERE type = ? AND name = ?", (kind, name))
        else:
            temp = _rename_to_ordinary(conn, name)
    if temp is not None:
        conn.execute(f"DROP TABLE {quote_name(temp)}")
    return "dropped"

def _rename_to_ordinary(conn: Connection, name: str) -> str:
    """With ``writable_schema`` on: rename the ``sqlite_``-named table *name*'s row (and
    its planted indexes') to a fresh ordinary name, returned for a plain ``DROP TABLE``."""
    taken = {r[0].lower() for r in conn.execute("SELECT name FROM sqlite_master")}
    temp = next(f"ult_guard_dropped_{i}" for i in range(1, 10**6)
                if f"ult_guard_dropped_{i}" not in taken)
    for i, (index,) in enumerate(conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND name != ?", (name, name)).fetchall()):
        conn.execute("UPDATE sqlite_master SET name = ?, tbl_name = ?, sql = ? "
                     "WHERE type = 'index' AND name = ?",
                     (f"{temp}_i{i}", temp, f"CREATE INDEX {quote_name(f'{temp}_i{i}')} ON "
                      f"{quote_name(temp)}(x)", index))
    conn.execute("UPDATE sqlite_master SET name = ?, tbl_name = ?, sql = ? "
                 "WHERE type = 'table' AND name = ?",
                 (temp, temp, f"CREATE TABLE {quote_name(temp)}(x)", name))
    return temp



@contextlib.contextmanager
def _writable_schema(conn: Connection) -> Iterator[None]:
    """Changes to ``sqlite_master`` itself, then the schema reloaded everywhere."""
    cookie = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema=ON")
    try:
        yield
        conn.execute(f"PRAGMA schema_version = {int(cookie) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema=OFF")


def _original_sql(version: int, name: str) -> str:
    """The CREATE statement of *name* as the migrations wrote it (unnormalised)."""
    with schema_in_memory(version) as mem:
        row = mem.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    if row is None or not row[0]:
        raise SchemaDrift(problem=MISSING, type="object", name=name, repairable=False)
    return row[0]
