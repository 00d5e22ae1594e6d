"""``repair`` on a PostgreSQL server: the app's own schema objects put back, nothing of
anyone else's dropped silently (issue #26).

The server's schema guard (``engine_pg.server_drift``) names what differs. Inside the
caller's write transaction (the database owner's, ``schema_guard.repair``):

- our triggers and functions that are missing, switched off or rewritten are made again
  from the very statements that made the schema (``engine_pg.app_triggers`` /
  ``app_functions``), and the station role's grants given again;
- the declared foreign keys an older server lacks are added (``pg_sql.foreign_keys``);
- a trigger, rule, table or view the app did not make is never dropped unless the owner
  asks for it (``--drop-unknown``): an IT officer's own view or audit table on the office
  database is theirs. Without the flag nothing is changed and the error names each object
  with the statement that removes it.

A missing table cannot be made again with its rows: restore a backup.
"""

from __future__ import annotations

from ult_desktop.db import engine_pg, errors, pg_sql
from ult_desktop.db.schema_guard import CHANGED, MISSING, UNKNOWN, Drift, quote_name


class UnknownObjectsKept(errors.UltError):
    """The server holds objects the app did not make, and the owner did not ask to drop
    them: nothing was changed; the message names them and how to remove them."""

    key, exit_code = "guard.server_unknown", 4


def _catalogue(conn) -> dict[str, tuple[str, str]]:
    """Objects of the schema by name: (kind, the statement that removes it)."""
    out: dict[str, tuple[str, str]] = {}
    for name, table in conn.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND NOT t.tgisinternal").fetchall():
        out[name] = ("trigger", f"DROP TRIGGER {quote_name(name)} ON {quote_name(table)}")
    for name, table in conn.execute("SELECT rulename, tablename FROM pg_rules "
                                    "WHERE schemaname = current_schema()").fetchall():
        out[name] = ("rule", f"DROP RULE {quote_name(name)} ON {quote_name(table)}")
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
             "f": "FOREIGN TABLE"}
    for name, kind in conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON "
            "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind IN ('r', 'v', 'm', 'p', 'f')").fetchall():
        out.setdefault(name, (kinds[kind].lower(), f"DROP {kinds[kind]} {quote_name(name)}"))
    return out


def unknown_objects(conn, drift: list[Drift]) -> list[tuple[str, str]]:
    """(name, removing statement) of every object in *drift* the app did not make."""
    found = _catalogue(conn)
    return [(d.name, found[d.name][1]) for d in drift
            if d.problem == UNKNOWN and d.name in found]


def repair_server(conn, *, drop_unknown: bool = False) -> list[dict]:
    """Inside the caller's write transaction on the server (as its owner): put the app's
    schema objects back; returns what was done.

    :raises UnknownObjectsKept: objects the app did not make, and not *drop_unknown*.
    :raises SchemaDrift: a missing table (restore a backup); nothing is changed then.
    """
    drift = engine_pg.server_drift(conn)
    for d in drift:
        if not d.repairable:
            raise d.error()
    unknown = unknown_objects(conn, drift)
    if unknown and not drop_unknown:
        raise UnknownObjectsKept(names=", ".join(name for name, _ in unknown),
                                 statements="; ".join(sql for _, sql in unknown))
    done: list[dict] = []
    for name, sql in unknown:  # code first: no planted trigger runs in what follows
        conn.execute(sql)
        done.append({"action": "dropped", "type": next(
            d.type for d in drift if d.name == name), "name": name})
    functions = engine_pg.app_functions()
    triggers = engine_pg.app_triggers()
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
    for name in pg_sql.foreign_keys():
        if name not in have:  # a server made before the foreign keys were declared on it
            conn.execute(pg_sql.foreign_key_sql(name))
            done.append({"action": "recreated", "type": "constraint", "name": name})
    if any(a["type"] == "function" for a in done):
        role = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?",
                            (engine_pg.STATION_ROLE,)).fetchone()
        if role is not None:  # a function made again has lost its EXECUTE grants
            for statement in engine_pg.station_grants():
                conn.execute(statement)
    left = engine_pg.server_drift(conn)
    if left:
        raise left[0].error()
    return done
