"""House rules the tools check inside the test command (with tests/test_architecture.py
and tests/test_translations.py): types in the two lower layers, and tests that do not
hide Qt's warnings wholesale."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

#: A message no pattern of a test should swallow unless it swallows everything.
_ANY_MESSAGE = "QtWarningMsg: an unexpected warning, 42"


def test_no_test_ignores_every_qt_warning():
    """``qt_log_level_fail = "WARNING"`` (pyproject) makes a Qt warning fail the test that
    emits it; a test lets through only the messages it names (``propagateSizeHints`` of
    the offscreen platform, tests/audio_fakes.py's QT_MULTIMEDIA_ABSENT), never
    ``qt_log_ignore(".*")``."""
    blanket = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "qt_log_ignore"):
                for arg in node.args:
                    if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                            and re.search(arg.value, _ANY_MESSAGE)):
                        blanket.append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno} "
                                       f"{arg.value!r}")
    assert blanket == []


def test_core_and_db_type_check():
    """mypy on ``ult_desktop/core`` and ``ult_desktop/db`` (settings: [tool.mypy] in
    pyproject.toml); an ignore names its error code and says why on its line."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_refusal_may_fill_in_a_placeholder_named_key():
    """Found by mypy: ``RuleViolation("audit.error.unknown_key", key=...)`` (approving a
    station key nobody requested) raised TypeError, not the sentence."""
    from ult_desktop.db import errors

    refusal = errors.RuleViolation("audit.error.unknown_key", key="ab12:cd34")
    assert "ab12:cd34" in str(refusal) and refusal.key == "audit.error.unknown_key"


def test_no_issue_numbers_in_the_code_or_the_tests():
    """History lives in the commits: no '#NN', 'issue NN' or ``issue_NN`` in ult_desktop/,
    nor in tests/, bench/ and scripts/ (a test says what it tests, not which issue
    asked for it)."""
    import re

    from tests.conftest import ROOT

    number = re.compile(r"(?<![\w&])#\d{2}\b|\bissues? #?\d{1,3}\b|\bissue_\d+", re.I)
    found = [f"{p.relative_to(ROOT)}:{n}"
             for folder in ("ult_desktop", "tests", "bench", "scripts")
             for p in (ROOT / folder).rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if number.search(line)]
    assert found == []


def test_the_ticket_row_is_written_in_its_room_and_never_read_by_a_screen():
    """Every change of a ticket's row is ``db/queue/transition.py``'s (the frozen
    migrations aside), and no screen holds ticket SQL of its own: it asks ``db``."""
    from tests.conftest import ROOT

    package = ROOT / "ult_desktop"
    room = {"db/queue/transition.py", "db/schemas/schema.py", "db/schemas/schema_steps.py"}
    writes = [f"{p.relative_to(package).as_posix()}:{n}" for p in package.rglob("*.py")
              if p.relative_to(package).as_posix() not in room
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"UPDATE\s+tickets\b", line, re.I)]
    reads = [f"{p.relative_to(package).as_posix()}:{n}" for p in (package / "ui").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\b(FROM|JOIN|INTO|UPDATE)\s+tickets\b|TICKET_SELECT", line, re.I)]
    assert (writes, reads) == ([], [])


def test_a_ticket_is_born_in_one_place():
    """A ticket is made from its row (``rows.ticket_from_row``) or at its one birth
    (``numbers.born``: issued online, held at a kiosk, landed from held numbers), and its
    row inserted only there (``numbers.write_birth``): no screen builds one by hand."""
    from tests.conftest import ROOT

    package = ROOT / "ult_desktop"
    found = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                   if re.search(r"(?<![\w.])Ticket\(|INSERT\s+INTO\s+tickets\b|"
                                r"port\.insert_(numbered|at)\(", p.read_text(encoding="utf-8")))
    assert found == ["db/queue/numbers.py", "db/queue/rows.py"]


def test_no_private_name_is_imported_from_another_module():
    """A name with a leading underscore is its module's own: another module imports only
    public names. No private module either (``_json`` and the like)."""
    import ast

    from tests.conftest import ROOT

    allowed: set[tuple[str, str]] = set()
    found = []
    for path in (ROOT / "ult_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = [(module, a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                names = [(a.name, "") for a in node.names]
            else:
                continue
            found += [f"{path.relative_to(ROOT).as_posix()}:{node.lineno}: {m} {n}"
                      for m, n in names if (m, n) not in allowed and
                      any(p.startswith("_") and not p.startswith("__")
                          for p in [*m.split("."), n] if p)]
    assert found == []


def test_every_room_of_the_db_is_imported_the_same_way():
    """A room's ``__init__.py`` (``db/queue``, ``db/engine`` ...) imports nothing at its
    top level: no face re-exports names, so a name is imported from the module it lives
    in, the same in every room."""
    faces = sorted((ROOT / "ult_desktop" / "db").glob("*/__init__.py"))
    assert len(faces) >= 9
    found = [f.parent.name for f in faces
             if any(isinstance(n, ast.Import | ast.ImportFrom) and
                    getattr(n, "module", None) != "__future__" or
                    isinstance(n, ast.Assign | ast.AnnAssign)
                    for n in ast.parse(f.read_text(encoding="utf-8")).body)]
    assert found == []


def test_no_screen_reads_a_ticket_rule_setting():
    """The ticket's rules (the priority policy and prefix, how long a routed ticket is kept,
    when a visitor is missed or waits again, the hours) are read in ``core`` and ``db``;
    a screen shows what they decided. Only the admin's forms, which edit them, name them."""
    from tests.conftest import ROOT

    rules = ("priority_policy", "priority_order", "priority_prefix", "route_wait_min",
             "return_after_numbers", "missed_after_calls", "enforce_hours")
    key = "|".join(rules)
    read = re.compile(rf"settings(?:\[|\.get\()\s*[\"']({key})[\"']|read_settings\([^)]*[\"']({key})[\"']")
    ui = ROOT / "ult_desktop" / "ui"
    found = [f"{p.relative_to(ui).as_posix()}:{n}" for p in ui.rglob("*.py")
             if p.relative_to(ui).parts[0] != "admin"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if read.search(line)]
    assert found == []
