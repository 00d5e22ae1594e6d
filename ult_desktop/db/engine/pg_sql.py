"""The dialect differences between SQLite and PostgreSQL, translated in one place.

The operations, the event log, the projections and ``check`` keep one SQL text each
(SQLite's). The PostgreSQL adapter (``db/engine/pg.py``) runs every statement through
:func:`translate`, which handles the small, closed set of differences the code uses:

====================================  ==================================================
SQLite                                PostgreSQL
====================================  ==================================================
``?`` placeholders                    ``%s`` (and a literal ``%`` becomes ``%%``)
``INSERT OR IGNORE INTO``             ``INSERT INTO ... ON CONFLICT DO NOTHING``
``temp.x`` / ``main.x``               ``pg_temp.x`` / ``x``
``NOT INDEXED``                       (nothing: the planner decides)
``json_extract(col, '$.k')``          ``(col::jsonb ->> 'k')``
``x IS ?``                            ``x IS NOT DISTINCT FROM %s``
``MIN(a, b)`` / ``MAX(a, b)``         ``LEAST(a, b)`` / ``GREATEST(a, b)``
``PRAGMA user_version``               ``ult_meta`` row ``schema_version``
``PRAGMA application_id``             ``ult_meta`` row ``event_high_water``
``PRAGMA table_info(t)``              ``pragma_table_info(t)``, a function of the schema
``PRAGMA data_version``               the newest event id
``PRAGMA schema_version``             a fingerprint of the schema's catalogue entries
other PRAGMAs (file policy)           nothing to do on a server: an empty result
``sqlite_master``                     a view of the same name (created by the schema)
``date('now', '-N days')``            a function of the same name (created by the schema)
``lastrowid`` of an INSERT            ``RETURNING id`` on tables with an ``id`` key
====================================  ==================================================

``BEGIN IMMEDIATE`` is not translated here: the adapter's ``write`` opens its own
transaction and takes the write lock (an advisory transaction lock).

The schema itself is derived from SQLite's: :func:`schema_statements` builds the current
schema in a throw-away in-memory SQLite database with the very migrations every file
gets and translates its DDL (types, ``WITHOUT ROWID``, ``GLOB``), so the two engines
cannot drift apart column by column; the declared references become named foreign keys
(``ult_fk_<table>_<column>``, :func:`foreign_keys`), checked per statement as on the file.
"""

from __future__ import annotations

import functools
import re

#: The key of the one advisory lock every write takes: the chain (each event hashes
#: the previous one) and the event ids need one writer at a time, as on the file.
WRITE_LOCK_KEY = 0x554C54  # "ULT"

_PRAGMA = re.compile(r"^\s*PRAGMA\s+(?:main\.)?(\w+)\s*(?:\(\s*'?(\w+)'?\s*\)|=\s*(\S+))?\s*;?\s*$",
                     re.IGNORECASE)
_INSERT_TABLE = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:main\.)?(\w+)",
                           re.IGNORECASE)
_JSON_EXTRACT = re.compile(r"json_extract\(\s*(\w+)\s*,\s*'\$\.(\w+)'\s*\)", re.IGNORECASE)

META = "ult_meta"


class Translated:
    """One statement ready for psycopg: ``sql`` (``None``: nothing to run) and, for a
    PRAGMA that reads, a fixed ``result``."""

    __slots__ = ("sql", "returning_id", "result", "pragma")

    def __init__(self, sql: str | None, *, returning_id: bool = False,
                 result: list | None = None, pragma: str | None = None):
        self.sql = sql
        self.returning_id = returning_id
        self.result = result
        self.pragma = pragma


def _gives_id(sql: str, at: int) -> bool:
    """True when the INSERT's column list (from *at*) names ``id``: the caller knows it
    and reads no ``lastrowid``, so the statement can wait for the next round trip."""
    rest = sql[at:].lstrip()
    if not rest.startswith("("):
        return False
    cols = rest[1:rest.find(")")].split(",")
    return any(c.strip().strip('"').lower() == "id" for c in cols)


def _placeholders(sql: str, with_params: bool) -> str:
    """``?`` -> ``%s`` outside quoted text; ``%`` doubled when parameters are bound."""
    if not with_params:
        return sql
    out = []
    quote = None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
            if ch == "%":
                ch = "%%"
            out.append(ch)
            continue
        if ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


#: ``PRAGMA schema_version`` (the schema guard's cookie, ``schema_guard.recheck``): a
#: number that changes when a trigger, rule, relation or function of the schema is made,
#: dropped, switched off or rewritten (catalogue counts, newest oids, function bodies).
_SCHEMA_COOKIE = (
    "SELECT hashtext(concat_ws('|', "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) || ':' || "
    "count(*) FILTER (WHERE tgenabled = 'D') FROM pg_trigger), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_rewrite), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_class "
    "WHERE relnamespace = current_schema()::regnamespace), "
    "(SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) || ':' || "
    "coalesce(sum(hashtext(prosrc)::bigint), 0) FROM pg_proc "
    "WHERE pronamespace = current_schema()::regnamespace)))")


def _pragma(match: re.Match) -> Translated:
    name = match.group(1).lower()
    arg = match.group(2)
    value = match.group(3)
    if name in ("user_version", "application_id"):
        key = "schema_version" if name == "user_version" else "event_high_water"
        if value is not None:
            return Translated(f"UPDATE {META} SET value = {int(value)} WHERE key = '{key}'")
        return Translated(f"SELECT value FROM {META} WHERE key = '{key}'")
    if name == "table_info":
        # a function of the same name and columns, made with the schema (engine_pg)
        return Translated(f"SELECT * FROM pragma_table_info('{arg}')")
    if name == "data_version":
        return Translated("SELECT COALESCE(MAX(id), 0) FROM events")
    if name == "integrity_check":
        return Translated(None, result=[("ok",)])
    if name == "journal_mode":
        return Translated(None, result=[("server",)])
    if name == "schema_version" and value is None:
        return Translated(_SCHEMA_COOKIE)
    if name in ("schema_version", "foreign_keys", "secure_delete"):
        return Translated(None, result=[] if value is not None else [(1,)])
    if name == "foreign_key_check":
        return Translated(None, result=[])
    # synchronous, trusted_schema, temp_store, busy_timeout, page_size ...: file policy
    return Translated(None, result=[], pragma=name)


_MIN_MAX = re.compile(r"\b(MIN|MAX)\s*\(", re.IGNORECASE)


def _scalar_min_max(sql: str) -> str:
    """SQLite's scalar ``MIN(a, b)`` / ``MAX(a, b)`` (two or more arguments) are
    ``LEAST`` / ``GREATEST``; the one-argument aggregates stay."""
    out, pos = [], 0
    for match in _MIN_MAX.finditer(sql):
        depth, commas, i = 1, 0, match.end()
        while i < len(sql) and depth:
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 1:
                commas += 1
            elif ch == "'":
                i = sql.index("'", i + 1)
            i += 1
        if commas:
            name = "LEAST" if match.group(1).upper() == "MIN" else "GREATEST"
            out.append(sql[pos:match.start()] + name + "(")
            pos = match.end()
    out.append(sql[pos:])
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def translate(sql: str, with_params: bool, id_tables: frozenset[str]) -> Translated:
    """SQLite's *sql* as PostgreSQL runs it (see the module's table)."""
    match = _PRAGMA.match(sql)
    if match:
        return _pragma(match)
    text = sql
    upper = text.lstrip().upper()
    conflict = False
    if upper.startswith("INSERT OR IGNORE"):
        text = re.sub(r"INSERT\s+OR\s+IGNORE", "INSERT", text, count=1, flags=re.IGNORECASE)
        conflict = True
    elif upper.startswith("INSERT OR REPLACE"):
        raise NotImplementedError("INSERT OR REPLACE has no PostgreSQL translation: "
                                  "write ON CONFLICT (...) DO UPDATE")
    text = re.sub(r"\btemp\.", "pg_temp.", text)
    text = re.sub(r"\bmain\.", "", text)
    text = re.sub(r"\s+NOT INDEXED\b", "", text, flags=re.IGNORECASE)
    text = _JSON_EXTRACT.sub(r"(\1::jsonb ->> '\2')", text)
    text = re.sub(r"\bIS\s+\?", "IS NOT DISTINCT FROM ?", text)
    text = _scalar_min_max(text)
    text = text.rstrip().rstrip(";")
    if conflict:
        text += " ON CONFLICT DO NOTHING"
    returning = False
    insert = _INSERT_TABLE.match(text)
    if insert and insert.group(1) in id_tables and "RETURNING" not in text.upper() \
            and not _gives_id(text, insert.end()):
        text += " RETURNING id"
        returning = True
    return Translated(_placeholders(text, with_params), returning_id=returning)


# -- the schema ---------------------------------------------------------------------------
