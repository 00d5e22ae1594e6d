"""Erasure reaches every copy the office made: every SQLite file the app opens for
writing (the office file, a station's journal, a backup, a copy being restored or moved,
a new office) has ``secure_delete`` on, whatever the SQLite build's default (off in
python.org's Windows build: what a deleted row held would stay in a freed page).

Read from the sources themselves: each ``sqlite3.connect`` of a file not opened
read-only goes through ``secure_connection`` (or sets the pragma) in the function that
opens it. And on a real journal file: a name deleted is gone from its bytes."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import ult_desktop
from ult_desktop.db.engine.sqlite_file import secure_connection

ROOT = Path(ult_desktop.__file__).parent


def _connects(tree: ast.AST):
    """(function, call) for each ``sqlite3.connect`` call, with its enclosing function."""
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "connect" and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "sqlite3":
                yield func, node


def _read_only_or_memory(call: ast.Call) -> bool:
    text = ast.unparse(call)
    return ":memory:" in text or ('mode="ro"' in text or "mode='ro'" in text) and \
        "uri=True" in text


def test_every_file_the_app_opens_for_writing_has_secure_delete_on():
    unsafe = []
    for path in sorted(ROOT.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "sqlite3.connect" not in source:
            continue
        tree = ast.parse(source)
        # the module's own functions that set it (an engine's policy step)
        setters = {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and
                   "secure_connection(" in ast.unparse(f)}
        for func, call in _connects(tree):
            body = ast.unparse(func)
            if _read_only_or_memory(call) or "secure_connection(" in body or \
                    "secure_delete" in body or any(f"{name}(" in body for name in setters):
                continue
            unsafe.append(f"{path.relative_to(ROOT.parent)}:{call.lineno} ({func.name})")
    assert not unsafe, unsafe


def test_a_journal_forgets_a_deleted_name_in_its_bytes(tmp_path):
    """A station's journal as ``db.journals.journal_files.open_local`` opens it: a draft
    with a name deleted leaves no trace of the name in the file, even where the build
    defaults secure_delete off (turned off here first, as such a build would be)."""
    from ult_desktop.db.journals.journal_files import open_local

    path = tmp_path / "desk.sqlite"
    plain = sqlite3.connect(path)
    plain.execute("PRAGMA secure_delete = OFF")
    plain.close()
    conn = open_local(path, ("CREATE TABLE IF NOT EXISTS drafts (id INTEGER PRIMARY KEY, "
                             "name TEXT)",))
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    name = "Siti Rahmawati Nurjanah " * 8
    conn.execute("INSERT INTO drafts (name) VALUES (?)", (name,))
    conn.execute("INSERT INTO drafts (name) VALUES ('kept')")
    conn.execute("DELETE FROM drafts WHERE name = ?", (name,))
    conn.close()
    assert b"Siti Rahmawati" not in path.read_bytes()


def test_secure_connection_turns_it_on_over_a_build_default_off(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("PRAGMA secure_delete = OFF")
    secure_connection(conn)
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    conn.close()
