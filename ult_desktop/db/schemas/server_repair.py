"""The server's schema guard and ``repair``: what differs from the schema
``db.schemas.server_schema`` makes, and how the owner puts it back.

Inside the owner's write: our triggers, functions, grants and foreign keys made again; an
object the app did not make is dropped only with ``--drop-unknown`` (an IT officer's own
view is theirs); a missing table cannot be made again: restore a backup."""

from __future__ import annotations

import functools
import re

from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.pg import PgConnection
from ult_desktop.db.engine.port import quote_name
from ult_desktop.db.errors import CHANGED, MISSING, UNKNOWN, Drift
from ult_desktop.db.schemas.schema import MIGRATIONS, SCHEMA_VERSION
from ult_desktop.db.schemas.server_schema import (
    STATION_ROLE,
    foreign_key_sql,
    foreign_keys,
    owner_fns,
    role_sql,
    schema_sql,
    schema_tables,
    station_grants,
    table_triggers,
    translate_ddl,
)

_FUNCTION = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(\w+)\s*\(.*?\$f\$(.*)\$f\$",
                       re.DOTALL)
_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*? ON (\w+) .*?EXECUTE FUNCTION (\w+)\(",
                      re.DOTALL)


@functools.cache
def app_functions() -> dict[str, tuple[str, str]]:
    """The schema's own functions: name -> (``CREATE OR REPLACE`` statement, body)."""
    out = {}
    for sql in [*schema_sql(), *owner_fns()]:
        match = _FUNCTION.search(sql)
        if match and "CREATE TRIGGER" not in sql:
            create = re.sub(r"CREATE\s+FUNCTION", "CREATE OR REPLACE FUNCTION", sql, count=1)
            out[match.group(1)] = (create, match.group(2))
    return out


@functools.cache
def app_triggers() -> dict[str, tuple[str, str, str]]:
    """The schema's own triggers: name -> (``CREATE TRIGGER`` statement, table, function)."""
    out = {}
    for sql in schema_sql():
        match = _TRIGGER.match(sql.strip())
        if match:
            out[match.group(1)] = (sql, match.group(2), match.group(3))
    return out


def server_drift(conn: PgConnection) -> list:
    """The schema guard on a server: objects the schema does not have, our triggers gone,
    off or pointed elsewhere, our functions gone or rewritten."""
    tables = {*schema_tables(), port.META, "ticket_counters"}
    want_triggers = app_triggers()
    have_triggers = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(_TRIGGERS_SQL).fetchall()}
    want_functions = app_functions()
    have_functions = {r[0]: r[1] for r in conn.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = current_schema()").fetchall()}
    rules = [r[0] for r in conn.execute(_RULES_SQL).fetchall()]
    relations = {r[0]: r[1] for r in conn.execute(_RELATIONS_SQL).fetchall()}
    out = [Drift(UNKNOWN, "trigger", name) for name in sorted(set(have_triggers) -
                                                              set(want_triggers))]
    out += [Drift(UNKNOWN, "trigger", name) for name in sorted(rules)]
    # row-level security and its policies can hide rows from the stations
    out += [Drift(UNKNOWN, "policy", name) for name in sorted(_row_security(conn))]
    out += [Drift(UNKNOWN, "view" if kind in ("v", "m") else "table", name)
            for name, kind in sorted(relations.items())
            if name not in tables and name != "sqlite_master"]
    out += [Drift(CHANGED, "trigger", name) for name, (enabled, table, fn)
            in sorted(have_triggers.items()) if name in want_triggers and
            (enabled == "D" or (table, fn) != want_triggers[name][1:])]
    out += [Drift(CHANGED, "function", name) for name, (_sql, body)
            in sorted(want_functions.items())
            if name in have_functions and have_functions[name] != body]
    out += [Drift(MISSING, "trigger", name) for name in sorted(set(want_triggers) -
                                                               set(have_triggers))]
    out += [Drift(MISSING, "function", name) for name in sorted(set(want_functions) -
                                                                set(have_functions))]
    out += [Drift(MISSING, "table", name) for name in sorted(tables - set(relations))]
    return out


class UnknownObjectsKept(errors.UltError):
    """The server holds objects the app did not make, and the owner did not ask to drop
    them: nothing was changed; the message names them and how to remove them."""

    key, exit_code = "guard.server_unknown", 4


#: The schema's own catalogue: its triggers (name, enabled, table, function), rules
#: (name, table) and relations (name, kind), as the guard and the repair read them.
_TRIGGERS_SQL = (
    "SELECT t.tgname, t.tgenabled, c.relname, p.proname FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND NOT t.tgisinternal")
_RULES_SQL = "SELECT rulename, tablename FROM pg_rules WHERE schemaname = current_schema()"
_RELATIONS_SQL = (
    "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON "
    "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
    "AND c.relkind IN ('r', 'v', 'm', 'p', 'f')")
_POLICIES_SQL = (
    "SELECT p.polname, c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()")
_ROW_SECURITY_SQL = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND (c.relrowsecurity OR c.relforcerowsecurity)")


def _row_security(conn) -> dict[str, str]:
    """Row-level security the app never makes, by a name for people: each policy, and
    each table that has it switched on; -> the statement that removes it."""
    out = {f"{name} ON {table}": f"DROP POLICY {quote_name(name)} ON {quote_name(table)}"
           for name, table in conn.execute(_POLICIES_SQL).fetchall()}
    for (table,) in conn.execute(_ROW_SECURITY_SQL).fetchall():
        out[f"ROW LEVEL SECURITY ON {table}"] = (
            f"ALTER TABLE {quote_name(table)} NO FORCE ROW LEVEL SECURITY, "
            "DISABLE ROW LEVEL SECURITY")
    return out


def _catalogue(conn) -> dict[str, tuple[str, str]]:
    """Objects of the schema by name: (kind, the statement that removes it)."""
    out: dict[str, tuple[str, str]] = {
        name: ("policy", drop) for name, drop in _row_security(conn).items()}
    for name, _on, table, _fn in conn.execute(_TRIGGERS_SQL).fetchall():
        out[name] = ("trigger", f"DROP TRIGGER {quote_name(name)} ON {quote_name(table)}")
    for name, table in conn.execute(_RULES_SQL).fetchall():
        out[name] = ("rule", f"DROP RULE {quote_name(name)} ON {quote_name(table)}")
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
             "f": "FOREIGN TABLE"}
    for name, kind in conn.execute(_RELATIONS_SQL).fetchall():
        out.setdefault(name, (kinds[kind].lower(), f"DROP {kinds[kind]} {quote_name(name)}"))
    return out


def upgrade_server(conn) -> int:
    """Inside the owner's opening write on an older server: the migrations since, the new
    tables' capture and grants; returns the version.
    :raises ServerSchemaOld: a step only a file can take, or not the owner."""
    current = port.schema_version(conn)
    if current >= SCHEMA_VERSION:
        return current
    steps = [s for v in range(current + 1, SCHEMA_VERSION + 1) for s in MIGRATIONS[v - 1]]
    if any(callable(s) and not getattr(s, "on_server", False) for s in steps):
        raise errors.ServerSchemaOld(server_version=current, our_version=SCHEMA_VERSION)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS[version - 1]:
            if isinstance(statement, str):  # SQL text, or a step both engines take
                conn.execute(translate_ddl(statement))
            else:
                statement(conn)
        port.set_schema_version(conn, version)
    have = {r[0] for r in conn.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()}
    for name, sql in table_triggers().items():
        if name not in have:
            conn.execute(sql)
    if _has_station_role(conn):
        for statement in role_sql():
            conn.execute(statement)
    return SCHEMA_VERSION


def repair_server(conn, *, drop_unknown: bool = False) -> list[dict]:
    """Inside the owner's write: put the app's schema objects back; returns what was done.
    :raises UnknownObjectsKept: objects the app did not make, and not *drop_unknown*.
    :raises SchemaDrift: a missing table (restore a backup); nothing is changed then."""
    drift = server_drift(conn)
    for d in drift:
        if not d.repairable:
            raise d.error()
    found = _catalogue(conn)  # (name, removing statement) of each object we did not make
    unknown = [(d.name, found[d.name][1]) for d in drift
               if d.problem == UNKNOWN and d.name in found]
    if unknown and not drop_unknown:
        raise UnknownObjectsKept(names=", ".join(name for name, _ in unknown),
                                 statements="; ".join(sql for _, sql in unknown))
    done: list[dict] = []
    for name, sql in unknown:  # code first: no planted trigger runs in what follows
        conn.execute(sql)
        done.append({"action": "dropped", "type": next(
            d.type for d in drift if d.name == name), "name": name})
    functions = app_functions()
    triggers = app_triggers()
    for d in drift:
        if d.type == "function" and d.problem in (CHANGED, MISSING):
            conn.execute(functions[d.name][0])
            done.append({"action": "recreated", "type": "function", "name": d.name})
    for d in drift:
        if d.type == "trigger" and d.problem in (CHANGED, MISSING) and d.name in triggers:
            sql, table, _fn = triggers[d.name]
            conn.execute(f"DROP TRIGGER IF EXISTS {quote_name(d.name)} ON {quote_name(table)}")
            conn.execute(sql)
            done.append({"action": "recreated", "type": "trigger", "name": d.name})
    have = {r[0] for r in conn.execute("SELECT conname FROM pg_constraint c JOIN pg_namespace n "
                                       "ON n.oid = c.connamespace WHERE c.contype = 'f' AND "
                                       "n.nspname = current_schema()").fetchall()}
    for name in foreign_keys():
        if name not in have:  # a server made before the foreign keys were declared on it
            conn.execute(foreign_key_sql(name))
            done.append({"action": "recreated", "type": "constraint", "name": name})
    if any(a["type"] == "function" for a in done) and _has_station_role(conn):
        for statement in station_grants():  # a function made again lost its EXECUTE grants
            conn.execute(statement)
    left = server_drift(conn)
    if left:
        raise left[0].error()
    return done


def _has_station_role(conn) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?",
                        (STATION_ROLE,)).fetchone() is not None


def require_owner(db, command: str) -> None:
    """Refuse *command* (``restore``, ``repair``) on a server unless connected as its owner.
    :raises RuleViolation: another role (the message asks for the owner's URL)."""
    row = db.query("SELECT pg_has_role(current_user, tableowner, 'USAGE'), current_user "
                   "FROM pg_tables WHERE schemaname = current_schema() "
                   "AND tablename = 'events'")
    if not row or not row[0][0]:
        raise errors.RuleViolation("server.error.owner_only", command=command,
                                   user=row[0][1] if row else "?")
