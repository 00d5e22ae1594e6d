"""The app's schema on a PostgreSQL server, from the migrations every office file gets.

:func:`schema_statements` builds the schema in an in-memory SQLite database and
translates its DDL, so the engines cannot drift apart; beside the tables: foreign keys,
capture and notify triggers, SQLite's functions, the station role and its grants."""

from __future__ import annotations

import functools
import re

from ult_desktop.core import images
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.pg import (
    NOTIFY_CHANNEL,
    DriverError,
    RawConnection,
    connect_raw,
    pg_sql,
    safe_url,
)
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, schema_in_memory

_TYPE_MAP = ((re.compile(r"\bINTEGER PRIMARY KEY\b", re.I),
              # no sequence: an insert without an id gets the highest plus one, as
              # SQLite's rowid does (the trigger ult_rowid, schema_sql)
              "BIGINT PRIMARY KEY"),
             (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
             (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
             (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
             (re.compile(r"\)\s*WITHOUT ROWID\s*$", re.I), ")"),
             # declared references: made after every table exists, as named constraints
             # (:func:`foreign_key_statements`; events is created before tickets)
             (re.compile(r"\s+REFERENCES\s+\w+\s*\(\s*\w+\s*\)", re.I), ""),
             (re.compile(r"(\w+)\s+GLOB\s+'\[0-9\]\[0-9\]\[0-9\]\[0-9\]-\[01\]\[0-9\]'", re.I),
              r"\1 ~ '^[0-9]{4}-[01][0-9]$'"))


def _sqlite_schema() -> list[tuple[str, str, str]]:
    """(type, name, sql) of the current schema, made by the migrations in memory."""
    with schema_in_memory() as conn:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, "
            "rowid").fetchall()


@functools.lru_cache(maxsize=1)
def foreign_keys() -> dict[str, tuple[str, str, str, str]]:
    """The schema's declared references, by the server's constraint name
    (``ult_fk_<table>_<column>``): (table, column, parent table, parent column)."""
    out = {}
    with schema_in_memory() as conn:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall():
            for row in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
                parent, column, parent_column = row[2], row[3], row[4] or "id"
                out[f"ult_fk_{table}_{column}"] = (table, column, parent, parent_column)
    return out


def foreign_key_sql(name: str) -> str:
    """The constraint *name* of :func:`foreign_keys` as DDL, ``DEFERRABLE INITIALLY
    IMMEDIATE``: checked per statement as on the file, deferred by ``server_move``."""
    table, column, parent, parent_column = foreign_keys()[name]
    return (f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column}) "
            f"REFERENCES {parent} ({parent_column}) DEFERRABLE INITIALLY IMMEDIATE")


def translate_ddl(sql: str) -> str:
    for pattern, repl in _TYPE_MAP:
        sql = pattern.sub(repl, sql)
    return sql


@functools.lru_cache(maxsize=1)
def schema_tables() -> dict[str, bool]:
    """Every table of the schema, True when it has an ``id INTEGER PRIMARY KEY``."""
    out = {}
    for kind, name, sql in _sqlite_schema():
        if kind == "table":
            out[name] = bool(re.search(r"\bid INTEGER PRIMARY KEY\b", sql, re.I))
    return out


def schema_statements() -> list[str]:
    """The current schema's tables, indexes and declared references as PostgreSQL DDL."""
    return [*(translate_ddl(sql) for _kind, _name, sql in _sqlite_schema()),
            *(foreign_key_sql(name) for name in foreign_keys())]


STATION_ROLE = "ult_station"

_CAPTURE_FN = """
CREATE OR REPLACE FUNCTION ult_capture() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE r jsonb; k jsonb := '[]'::jsonb; c text;
BEGIN
  IF coalesce(current_setting('ult.capture', true), '') <> 'on' THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM pg_temp.ult_capture_paused) THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  FOREACH c IN ARRAY TG_ARGV LOOP k := k || jsonb_build_array(r -> c); END LOOP;
  INSERT INTO pg_temp.ult_touched (t, k, old, new) VALUES (TG_TABLE_NAME, k::text,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD)::text END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW)::text END);
  RETURN NULL;
END $f$"""

_NOTIFY_FN = f"""
CREATE OR REPLACE FUNCTION ult_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_notify('{NOTIFY_CHANNEL}', ''); RETURN NULL; END $f$"""

_SQLITE_MASTER_VIEW = """
CREATE VIEW sqlite_master AS
  SELECT 'table'::text AS type, tablename::text AS name, tablename::text AS tbl_name,
         NULL::text AS sql FROM pg_tables WHERE schemaname = current_schema()
  UNION ALL
  SELECT 'index', indexname::text, tablename::text, indexdef::text FROM pg_indexes
  WHERE schemaname = current_schema()"""


_TABLE_INFO_FN = """
CREATE FUNCTION pragma_table_info(p_table TEXT) RETURNS TABLE (cid INTEGER, name TEXT,
  type TEXT, "notnull" INTEGER, dflt_value TEXT, pk INTEGER) LANGUAGE sql STABLE AS $f$
  SELECT (ordinal_position - 1)::int, column_name::text, data_type::text,
         CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END, column_default::text, 0
  FROM information_schema.columns WHERE table_schema = current_schema()
  AND table_name = p_table ORDER BY ordinal_position $f$"""


#: SQLite's ``date(moment, modifier)`` for the one form the code uses:
#: ``date('now', '-30 days')`` (UTC), as ISO text.
_DATE_FN = """
CREATE FUNCTION date(p_moment TEXT, p_modifier TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $f$
  SELECT to_char((CASE WHEN p_moment = 'now' THEN now() AT TIME ZONE 'UTC'
                       ELSE p_moment::timestamp END) + p_modifier::interval, 'YYYY-MM-DD') $f$"""


#: SQLite's JSON functions the retention count reads (``db.privacy.retention._Target``): whether a
#: text is JSON, and one key of it (``'$.key'`` or ``'$."key"'``).
_JSON_FNS = ["""
CREATE FUNCTION json_valid(p TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN PERFORM p::json; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $f$""", """
CREATE FUNCTION json_extract(p TEXT, path TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $f$
  SELECT p::json ->> trim(both '"' from substr(path, 3)) $f$"""]

#: SQLite's ``INTEGER PRIMARY KEY``: an id-less insert takes the highest id plus one (under
#: the write lock), no sequence, so the file, the server and a copied office agree.
_ROWID_FN = """
CREATE FUNCTION ult_rowid() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.id IS NULL THEN
    EXECUTE format('SELECT COALESCE(MAX(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
  END IF;
  RETURN NEW;
END $f$"""


def schema_sql() -> list[str]:
    """Every statement of a new office database on the server (as its owner)."""
    out = list(schema_statements())
    out += [
        f"CREATE TABLE {port.META} (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        f"INSERT INTO {port.META} VALUES ('schema_version', {SCHEMA_VERSION}), "
        "('event_high_water', 0)",
        # gapless numbering: one row per (office day, prefix), locked by the issuing
        # transaction (never a sequence: nextval is not rolled back)
        "CREATE TABLE ticket_counters (day TEXT NOT NULL, prefix TEXT NOT NULL, "
        "last_seq BIGINT NOT NULL, PRIMARY KEY (day, prefix))",
        _CAPTURE_FN,
        _NOTIFY_FN,
        "CREATE TRIGGER ult_events_notify AFTER INSERT ON events "
        "FOR EACH STATEMENT EXECUTE FUNCTION ult_notify()",
        _SQLITE_MASTER_VIEW,
        _TABLE_INFO_FN,
        _DATE_FN,
        _ROWID_FN,
        *_JSON_FNS,
    ]
    return out + list(table_triggers().values())


def table_triggers() -> dict[str, str]:
    """The schema's triggers of each table by name: an id for an id-less insert, and the
    row capture of each covered table (an upgrade adds those a new table lacks)."""
    out = {f"ult_rowid_{table}": f"CREATE TRIGGER ult_rowid_{table} BEFORE INSERT ON "
           f"{table} FOR EACH ROW EXECUTE FUNCTION ult_rowid()"
           for table, has_id in schema_tables().items() if has_id}
    for cov in images.COVERED:
        args = ", ".join(f"'{c}'" for c in cov.key)
        out[f"ult_capture_{cov.table}"] = (
            f"CREATE TRIGGER ult_capture_{cov.table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {cov.table} FOR EACH ROW EXECUTE FUNCTION ult_capture({args})")
    return out


def role_sql(role: str = STATION_ROLE) -> list[str]:
    """Grants of the station role: read and write the projections, append events, never
    UPDATE or DELETE them (the re-seal of a transaction's last event runs through
    ``ult_reseal``, owned by the database owner, touching only the caller's own event)."""
    tables = [*schema_tables(), "ticket_counters"]
    rest = [t for t in tables if t != "events"]
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(rest)} TO {role}",
        # the high-water mark only rises, through the owner's function
        f"GRANT SELECT ON {port.META} TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {port.META} FROM {role}",
        f"GRANT SELECT, INSERT ON events TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON events FROM {role}",
        f"GRANT SELECT ON sqlite_master TO {role}",
        f"GRANT EXECUTE ON FUNCTION pragma_table_info(TEXT) TO {role}",
        f"GRANT EXECUTE ON FUNCTION date(TEXT, TEXT) TO {role}",
        f"GRANT EXECUTE ON FUNCTION json_valid(TEXT) TO {role}",
        f"GRANT EXECUTE ON FUNCTION json_extract(TEXT, TEXT) TO {role}",
    ]


_RESEAL_FN = """
CREATE OR REPLACE FUNCTION ult_reseal(p_id BIGINT, p_data TEXT, p_rows TEXT, p_hash BYTEA,
                                      p_sig BYTEA) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
  -- only an event inserted by the calling transaction (xmin = its own transaction id)
  UPDATE events SET data = p_data, rows = p_rows, hash = p_hash, sig = p_sig
   WHERE id = p_id AND xmin::text::bigint = txid_current() % 4294967296;
  IF NOT FOUND THEN RAISE EXCEPTION 'ult_reseal: event % is not this transaction''s', p_id
    USING ERRCODE = 'insufficient_privilege'; END IF;
END $f$"""


_HIGH_WATER_FN = f"""
CREATE OR REPLACE FUNCTION ult_raise_high_water(p_id BIGINT) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
  -- the highest event id ever given out: raised, never lowered (a station role that
  -- could lower it would make a cut invisible; one that could raise it, a false alarm)
  UPDATE {port.META} SET value = GREATEST(value, p_id)
   WHERE key = 'event_high_water' AND p_id <= (SELECT COALESCE(MAX(id), 0) FROM events)
$f$"""


def owner_fns() -> list[str]:
    """The owner's functions the station role calls instead of writing itself."""
    return [_RESEAL_FN, _erase_fn(), _HIGH_WATER_FN]


def _erase_fn() -> str:
    from ult_desktop.core.personal_data import PERSONAL_DATA

    keys = sorted({k for p in PERSONAL_DATA if p.table == "events" for k in p.json_keys})
    array = "ARRAY[" + ", ".join(f"'{k}'" for k in keys) + "]::text[]"
    return f"""
CREATE OR REPLACE FUNCTION ult_erase_personal(p_id BIGINT, p_data TEXT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
  -- the retention purge: the event's data less its personal keys, nothing else changed
  UPDATE events SET data = p_data
   WHERE id = p_id AND p_data::jsonb = (data::jsonb - {array});
  IF NOT FOUND THEN RAISE EXCEPTION 'ult_erase_personal: % is not event % less its personal data',
    p_data, p_id USING ERRCODE = 'insufficient_privilege'; END IF;
END $f$"""


def create_schema(url: str, *, station_password: str | None = None,
                  role: str = STATION_ROLE) -> None:
    """Create the office schema (and, with *station_password*, the station role) in the
    empty database at *url*, as its owner. Refuses a database that already has one."""
    raw = connect_raw(url)
    try:
        with raw.transaction():
            create_schema_in(raw, url, station_password=station_password, role=role)
    finally:
        raw.close()


def create_schema_in(raw: RawConnection, url: str, *,
                     station_password: str | None = None, role: str = STATION_ROLE) -> None:
    """:func:`create_schema` inside the caller's transaction on *raw* (``server_move``
    creates and fills the schema in one transaction: a failed copy leaves nothing)."""
    exists = raw.execute("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
                         f"AND tablename = '{port.META}'").fetchone()
    if exists:
        raise errors.DatabaseExists(path=safe_url(url))
    for statement in [*schema_sql(), *owner_fns()]:
        raw.execute(statement.encode())
    if station_password is not None:
        ensure_role(raw, role, station_password)


def ensure_role(raw: RawConnection, role: str, password: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", role):
        raise errors.RuleViolation("server.error.role_name", role=role)
    have = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    verb = "ALTER" if have else "CREATE"
    may = raw.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE "
                      "rolname = current_user").fetchone()
    if not (may and may[0]):  # to make the role or set its password
        raise errors.RuleViolation("server.error.need_createrole", role=role)
    # the server gets the SCRAM verifier, never the password: a statement log shows no
    # password; libpq makes the verifier here, as psql's \password does
    verifier = raw.pgconn.encrypt_password(password.encode(), role.encode(),
                                           b"scram-sha-256").decode()
    raw.execute(pg_sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
        pg_sql.SQL(verb), pg_sql.Identifier(role), pg_sql.Literal(verifier)))
    (db,) = raw.execute("SELECT current_database()").fetchone() or ("",)
    raw.execute(pg_sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
        pg_sql.Identifier(db), pg_sql.Identifier(role)))
    # only the app's roles connect to the office database
    raw.execute(pg_sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(
        pg_sql.Identifier(db)))
    for statement in station_grants(role):
        raw.execute(statement.encode())
    close_other_databases(raw, role)


def close_other_databases(raw: RawConnection, role: str) -> list[str]:
    """No other database of the cluster lets *role* (the stations') in: CONNECT is revoked from
    PUBLIC on each, after granting it by name to the other login roles that had it. A database the
    owner may not change is returned: the superuser closes it (docs/server.md, step 3)."""
    ident = pg_sql.Identifier
    reachable = "SELECT datname FROM pg_database WHERE datallowconn AND datname <> " \
        "current_database() AND has_database_privilege(%s, datname, 'CONNECT')"
    for (name,) in raw.execute(reachable, (role,)).fetchall():
        try:
            with raw.transaction():
                for (other,) in raw.execute(
                        "SELECT rolname FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND "
                        "rolname <> %s AND has_database_privilege(rolname, %s, 'CONNECT')",
                        (role, name)).fetchall():
                    raw.execute(pg_sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                        ident(name), ident(other)))
                raw.execute(pg_sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC")
                            .format(ident(name)))
        except DriverError:
            continue  # not this owner's to change: named below
    return [r[0] for r in raw.execute(reachable, (role,)).fetchall()]


def station_grants(role: str = STATION_ROLE) -> list[str]:
    """Every grant of the station role (:func:`role_sql` and the owner's functions it may
    call); ``repair`` gives them again after recreating a function."""
    return [*role_sql(role),
            f"GRANT EXECUTE ON FUNCTION ult_reseal(BIGINT, TEXT, TEXT, BYTEA, BYTEA) TO {role}",
            f"GRANT EXECUTE ON FUNCTION ult_erase_personal(BIGINT, TEXT) TO {role}",
            f"GRANT EXECUTE ON FUNCTION ult_raise_high_water(BIGINT) TO {role}"]
