"""The dialect translation of the server adapter (db/engine/pg_sql.py), without a server: each
difference the code relies on, and the schema derived from the file's migrations."""

from __future__ import annotations

import pytest

from ult_desktop.db import server_schema
from ult_desktop.db.engine import pg_sql

IDS = frozenset({"tickets", "services"})


def tr(sql: str, params: bool = True) -> pg_sql.Translated:
    return pg_sql.translate(sql, params, IDS)


def test_placeholders_and_percent_signs_outside_and_inside_quotes():
    out = tr("SELECT * FROM t WHERE a = ? AND b LIKE '%x?%' AND c = ?").sql
    assert out == "SELECT * FROM t WHERE a = %s AND b LIKE '%%x?%%' AND c = %s"
    assert tr("SELECT '%' FROM t", params=False).sql == "SELECT '%' FROM t"


@pytest.mark.parametrize("sql, wanted", [
    ("INSERT OR IGNORE INTO skm_spent_codes (code_hash) VALUES (?)",
     "INSERT INTO skm_spent_codes (code_hash) VALUES (%s) ON CONFLICT DO NOTHING"),
    ("SELECT * FROM counters NOT INDEXED WHERE number = ?",
     "SELECT * FROM counters WHERE number = %s"),
    ("INSERT INTO temp.ult_capture_paused VALUES (1)",
     "INSERT INTO pg_temp.ult_capture_paused VALUES (1)"),
    ("SELECT 1 FROM events WHERE json_extract(data, '$.nonce') = ?",
     "SELECT 1 FROM events WHERE (data::jsonb ->> 'nonce') = %s"),
    ("SELECT MIN(COALESCE(a, 0), ?), MAX(id) FROM t",
     "SELECT LEAST(COALESCE(a, 0), %s), MAX(id) FROM t"),
    ("SELECT 1 FROM t WHERE ticket_id IS ?", "SELECT 1 FROM t WHERE ticket_id IS NOT DISTINCT FROM %s"),
])
def test_each_dialect_difference(sql, wanted):
    assert tr(sql).sql == wanted


def test_an_insert_into_a_table_with_an_id_returns_it():
    assert tr("INSERT INTO services (prefix, name) VALUES (?, ?)").returning_id
    assert tr("INSERT INTO services (prefix, name) VALUES (?, ?)").sql.endswith("RETURNING id")
    assert not tr("INSERT INTO settings (key, value) VALUES (?, ?)").returning_id


def test_pragmas_become_meta_rows_functions_or_nothing():
    assert tr("PRAGMA user_version", False).sql == \
        "SELECT value FROM ult_meta WHERE key = 'schema_version'"
    assert tr("PRAGMA application_id = 42", False).sql == \
        "UPDATE ult_meta SET value = 42 WHERE key = 'event_high_water'"
    assert tr("PRAGMA main.table_info(tickets)", False).sql == \
        "SELECT * FROM pragma_table_info('tickets')"
    assert tr("PRAGMA integrity_check", False).result == [("ok",)]
    assert tr("PRAGMA synchronous=FULL", False).sql is None
    with pytest.raises(NotImplementedError):
        tr("INSERT OR REPLACE INTO chain_heads VALUES (?, ?)")


def test_the_server_schema_is_the_files_schema_translated():
    statements = server_schema.schema_statements()
    tickets = next(s for s in statements if s.startswith("CREATE TABLE tickets"))
    assert "id BIGINT PRIMARY KEY" in tickets and "IDENTITY" not in tickets  # no sequence
    assert "priority_group TEXT" in tickets and "UNIQUE (day, prefix, seq)" in tickets
    assert not any("WITHOUT ROWID" in s or " GLOB " in s or "BLOB" in s for s in statements)
    assert server_schema.schema_tables()["events"] and not server_schema.schema_tables()["settings"]


def test_an_insert_that_names_its_id_returns_nothing_and_can_wait():
    out = tr("INSERT INTO tickets (id, day) VALUES (?, ?)")
    assert not out.returning_id and not out.sql.endswith("RETURNING id")
