"""The seam between the engines (db/engine/port.py): SQL is written once and run as
written on both; the few real differences are asked for by name. Without a server: the
server adapter's parameter marks, the refusal of SQLite's PRAGMAs, the schema derived
from the file's migrations, and a house rule that keeps SQLite-only SQL out of ``db/``.
(The named differences run against a real server in every module marked ``engines``.)"""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import ROOT

from ult_desktop.db.engine import port
from ult_desktop.db.schemas import server_schema


def test_parameter_marks_outside_quotes_and_percent_signs():
    pg_wire = pytest.importorskip("ult_desktop.db.engine.pg_wire")
    out = pg_wire.psycopg_sql("SELECT * FROM t WHERE a = ? AND b LIKE '%x?%' AND c = ?", True)
    assert out == "SELECT * FROM t WHERE a = %s AND b LIKE '%%x?%%' AND c = %s"
    assert pg_wire.psycopg_sql("SELECT '%' FROM t", False) == "SELECT '%' FROM t"


def test_a_pragma_never_reaches_a_server():
    pg_wire = pytest.importorskip("ult_desktop.db.engine.pg_wire")
    with pytest.raises(NotImplementedError, match="port"):
        pg_wire.psycopg_sql("PRAGMA user_version", False)


def test_the_named_differences_on_the_file(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT NOT NULL, note TEXT)")
    port.set_schema_version(conn, 7)
    port.set_high_water(conn, 42)
    assert (port.schema_version(conn), port.high_water(conn)) == (7, 42)
    assert port.table_columns(conn, "t") == {"id": False, "data": True, "note": False}
    assert port.columns(conn, "missing") == []
    new = port.inserted_id(conn.execute("INSERT INTO t (data) VALUES (?) RETURNING id",
                                        ('{"k": "v"}',)))
    assert conn.execute(f"SELECT {port.json_text(conn, 'data', 'k')} FROM t WHERE id = ?",
                        (new,)).fetchone() == ("v",)
    assert conn.execute(f"SELECT id FROM t{port.not_indexed(conn)}").fetchall() == [(new,)]
    assert port.integrity_problems(conn) == ["ok"] and port.foreign_key_violations(conn) == []
    with pytest.raises(ValueError):
        port.json_text(conn, "data", "k') OR 1=1 --")


def test_the_server_schema_is_the_files_schema_translated():
    statements = server_schema.schema_statements()
    tickets = next(s for s in statements if s.startswith("CREATE TABLE tickets"))
    assert "id BIGINT PRIMARY KEY" in tickets and "IDENTITY" not in tickets  # no sequence
    assert "priority_group TEXT" in tickets and "UNIQUE (day, prefix, seq)" in tickets
    assert not any("WITHOUT ROWID" in s or " GLOB " in s or "BLOB" in s for s in statements)
    assert server_schema.schema_tables()["events"] and not server_schema.schema_tables()["settings"]


#: SQLite's words a server does not know, written literally in ``db/`` outside the engines
#: (``port`` gives each by name).
_SQLITE_ONLY = re.compile(r"INSERT OR IGNORE|NOT INDEXED|\bIS \?|PRAGMA (user_version|"
                          r"application_id|data_version|table_info)|"
                          r"json_extract\(\w+, '\$\.\w+'\)")


def test_no_sqlite_only_sql_in_the_office_rooms():
    offenders = []
    for path in sorted((ROOT / "ult_desktop" / "db").rglob("*.py")):
        if "engine" in path.parts or path.name in ("schema.py", "schema_steps.py",
                                                   "schema_guard.py"):
            continue  # the engines; the file's own migrations and guard
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _SQLITE_ONLY.search(line) and not line.lstrip().startswith("#") \
                    and "``" not in line:  # prose in a docstring
                offenders.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert offenders == []
