"""Every office database is opened through one door (``db/open.py:open_database``), which
hands the engine what each write does; the engine opened any other way refuses (a test
subclassing the engine passes ``hooks=HOOKS`` itself)."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT

from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.record import audit

THE_DOOR = "ult_desktop/db/open.py"
THIS_FILE = "tests/test_open_door.py"


def test_the_door_opens_and_writes_in_an_interpreter_that_imported_nothing_else(db_path):
    code = ("import sys\n"
            "from ult_desktop.db.open import open_database\n"
            "db = open_database(sys.argv[1], station='fresh-pc', mode='admin')\n"
            "db.write(lambda c: c.execute(\"UPDATE settings SET value = '\\\"Kantor Baru\\\"' "
            "WHERE key = 'office_name'\"))\n"
            "db.close()\n")
    result = subprocess.run([sys.executable, "-c", code, str(db_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db_path) as conn:
        kind, station, rows = conn.execute(
            "SELECT kind, station, rows FROM events ORDER BY id DESC LIMIT 1").fetchone()
    # the write ran the record's hooks: the changed row sealed into its own event
    assert (kind, station) == ("rows_recorded", "fresh-pc")
    assert "Kantor Baru" in rows
    db = open_database(db_path, station="check", mode="test")
    try:
        assert audit.verify_chain(db)["ok"]
    finally:
        db.close()


def test_the_engine_opened_without_hooks_refuses_in_one_sentence(db_path):
    before = db_path.read_bytes()
    assert "ult_desktop.db.open" in sys.modules  # imported, yet nothing was installed
    with pytest.raises(RuntimeError) as refused:
        Database.open(db_path, station="bare", mode="test")
    message = str(refused.value)
    assert "ult_desktop.db.open.open_database" in message
    assert message.endswith(".") and message.count(". ") == 0
    assert db_path.read_bytes() == before


def _opens_past_the_door(path) -> list[str]:
    """Where *path* calls ``Database.open`` (or a subclass's) without hooks, or carries
    such a call in a code string."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    engines = {"Database"} | {node.name for node in ast.walk(tree)
                              if isinstance(node, ast.ClassDef) and any(
                                  ast.unparse(base).endswith("Database") for base in node.bases)}
    found = []
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if isinstance(node, ast.Call) and isinstance(func, ast.Attribute) and \
                func.attr == "open" and ast.unparse(func.value).split(".")[-1] in engines \
                and not any(k.arg == "hooks" for k in node.keywords):
            found.append(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                "Database.open(" in node.value:
            found.append(node.lineno)
    return [f"{path.relative_to(ROOT).as_posix()}:{n}" for n in found]


def test_nothing_opens_a_database_past_the_door():
    found = [where for folder in ("ult_desktop", "tests", "bench", "scripts")
             for path in sorted((ROOT / folder).rglob("*.py"))
             if path.relative_to(ROOT).as_posix() not in (THE_DOOR, THIS_FILE)
             for where in _opens_past_the_door(path)]
    assert found == []
