"""Every environment variable the program reads is named in docs/deployment.md's one
table ("Environment variables"), and the table names no variable the program no longer
reads: an IT officer finds each `ULT_` setting in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "deployment.md"
#: a `ULT_` name as the program spells it (``DEFAULT_POLL_MS`` holds no variable)
_NAME = re.compile(r"(?<![A-Za-z0-9_])ULT_[A-Z0-9_]*[A-Z0-9]")


def read_by_program(package: Path = ROOT / "ult_desktop") -> dict[str, set[str]]:
    """Every `ULT_` name in the string constants of the program's modules (the names it
    reads: ``os.environ.get("ULT_DB")``, ``PASSPHRASE_ENV = "ULT_ROOT_PASSPHRASE"``,
    a help text that names one), with the modules that hold it."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for name in _NAME.findall(node.value):
                    found.setdefault(name, set()).add(str(path.relative_to(package)))
    return found


def documented(text: str) -> set[str]:
    """The names in the first column of the "Environment variables" table."""
    parts = text.split("\n## Environment variables\n", 1)
    section = parts[1].split("\n## ", 1)[0] if len(parts) == 2 else ""
    return {m.group(1) for m in re.finditer(r"^\| `(ULT_[A-Z0-9_]+)` \|", section, re.M)}


def test_every_variable_the_program_reads_is_documented():
    table = documented(TABLE.read_text(encoding="utf-8"))
    missing = {name: sorted(where) for name, where in read_by_program().items()
               if name not in table}
    assert not missing, f"read by the program, not in docs/deployment.md's table: {missing}"


def test_the_table_names_only_variables_the_program_reads():
    stale = documented(TABLE.read_text(encoding="utf-8")) - set(read_by_program())
    assert not stale, f"in docs/deployment.md's table, read nowhere: {sorted(stale)}"


def test_a_new_variable_is_found(tmp_path):
    """The finder sees a read written any of the usual ways, and no constant's name."""
    (tmp_path / "m.py").write_text(
        'import os\nA = os.environ.get("ULT_NEW_ONE")\nKEY = "ULT_OTHER"\n'
        'B = os.getenv(KEY)\nDEFAULT_POLL_MS = 200\n', encoding="utf-8")
    assert set(read_by_program(tmp_path)) == {"ULT_NEW_ONE", "ULT_OTHER"}
