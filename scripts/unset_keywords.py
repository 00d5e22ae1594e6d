"""Keyword-only parameters of ult_desktop/ that no call ever sets: knobs nobody turns.

    python scripts/unset_keywords.py          # one line each: file:line Function param

A parameter counts as set when a call in ult_desktop/, tests/, bench/ or scripts/ names it
as a keyword: on the function (or, for ``__init__``, the class) by its name, through
``functools.partial``, or as a job's keyword (``station.run(jobs.fn, kw=...)``). A call
that spreads ``**kwargs`` into the function is not followed, so read each line before
removing the parameter: the list is where to look, not a verdict.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLERS = ("ult_desktop", "tests", "bench", "scripts")


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def keyword_only(package: Path) -> list[tuple[str, int, str, str, str]]:
    """(file, line, shown name, called name, parameter) of every keyword-only parameter."""
    found = []
    for path in sorted(package.rglob("*.py")):
        where = str(path.relative_to(ROOT))

        def visit(node: ast.AST, cls: ast.ClassDef | None = None, where=where) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    visit(child, child)
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    init = cls is not None and child.name == "__init__"
                    called = cls.name if init and cls is not None else child.name
                    shown = f"{cls.name}.{child.name}" if cls is not None else child.name
                    found.extend((where, child.lineno, shown, called, a.arg)
                                 for a in child.args.kwonlyargs)
                    visit(child)
                else:
                    visit(child, cls)

        visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def keywords_set() -> dict[str, set[str]]:
    """Called name -> the keywords some call gives it."""
    given: dict[str, set[str]] = defaultdict(set)
    for top in CALLERS:
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                names = {_name(node.func)}
                if node.args:  # partial(fn, kw=...), station.run(jobs.fn, kw=...)
                    names.add(_name(node.args[0]))
                for name in names - {None}:
                    given[str(name)].update(k.arg for k in node.keywords if k.arg)
    return given


def main() -> int:
    given = keywords_set()
    for where, line, shown, called, param in keyword_only(ROOT / "ult_desktop"):
        if param not in given.get(called, ()):
            print(f"{where}:{line} {shown} {param}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
