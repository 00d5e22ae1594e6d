"""The rules the codebase keeps are checked by tools, inside the test command."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "ult_desktop", "tests",
                             "bench", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_point_downward():
    # Through the interpreter, not the console script: a fresh machine's PATH (pyenv shims)
    # may not have `lint-imports` yet.
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_headless_commands_never_load_qt(db_path):
    code = (
        "import sys; from ult_desktop.cli import main; "
        f"rc = main(['status', '--db', {str(db_path)!r}, '--json']); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
        "print(bad, file=sys.stderr); sys.exit(1 if bad else rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr


def test_every_text_has_indonesian_and_english():
    from ult_desktop.core.i18n import _load

    missing = [k for k, v in _load().items() if not v.get("id") or not v.get("en")]
    assert missing == []


#: The most lines a class in ult_desktop/ui may span: a screen that grows past
#: it splits its pages or widgets into their own classes and its state into a plain
#: object (ui/kiosk/flow.py, ui/survey/visit.py).
MAX_UI_CLASS_LINES = 300
MAX_MODULE_LINES = 600
#: Modules that are not code and may grow past the limit (none: the texts are PO files).
NOT_CODE: tuple[str, ...] = ()


def test_no_module_is_over_600_lines():
    too_long = [f"{name} ({n} lines)"
                for p in sorted((ROOT / "ult_desktop").rglob("*.py"))
                if not (name := p.relative_to(ROOT).as_posix()).startswith(NOT_CODE)
                and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert too_long == []


#: The most lines a function may span. Kept whole: the event replay's one walk over
#: half a million events (a call per event would slow the five-year check).
MAX_FUNCTION_LINES = 60
LONG_FUNCTIONS_KEPT = {"ult_desktop/core/replay.py:play"}


def test_no_function_is_over_60_lines():
    too_long = []
    for path in sorted((ROOT / "ult_desktop").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            lines = getattr(node, "end_lineno", 0) - getattr(node, "lineno", 0) + 1
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and lines > MAX_FUNCTION_LINES \
                    and f"{name}:{node.name}" not in LONG_FUNCTIONS_KEPT:
                too_long.append(f"{name}:{node.name} ({lines} lines)")
    assert too_long == []


def test_every_class_in_the_screens_stays_under_300_lines():
    too_long = []
    for path in sorted((ROOT / "ult_desktop" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                lines = node.end_lineno - node.lineno + 1
                if lines >= MAX_UI_CLASS_LINES:
                    too_long.append(f"{path.relative_to(ROOT).as_posix()}:{node.name} "
                                    f"({lines} lines)")
    assert too_long == []
