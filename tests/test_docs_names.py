"""Every code path and `path.py:Name` that README.md and docs/*.md name resolves.

A doc that names `ui/kiosk/link.py:KioskLink.take` promises that the file exists and
that `KioskLink` is defined at its top level with `take` in its body; a newcomer opens
the name as written. Paths are read from the repository root or from `ult_desktop/`.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ult_desktop"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_NAMED = re.compile(r"([\w./-]*\w\.py):([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)")
_PATH = re.compile(r"(?<![\w./<-])((?:[\w-]+/)+[\w-]+\.py)\b")
_DOTTED = re.compile(r"(?<![\w./<-])((?:[\w-]+/)+[\w-]+)\.(?!py\b)([A-Za-z_]\w*)\b")
_BARE = re.compile(r"`([\w-]+\.py)[`:]")
_ROOM_ROW = re.compile(r"^\| `((?:[\w-]+/)+)` \|(.*)$", re.MULTILINE)


def _named(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _NAMED.finditer(text)]


def _paths(text: str) -> list[str]:
    """Paths with a folder, bare `name.py` in backticks, and the bare names in a table
    row that starts with a folder (`queue/` | ... `desk.py` ...) read inside it."""
    found = [m.group(1) for m in _PATH.finditer(text)]
    found += [m.group(1) for m in _BARE.finditer(text)]
    for m in _ROOM_ROW.finditer(text):
        found += [_in_room(m.group(1), name) for name in _BARE.findall(m.group(2))]
    return found


def _in_room(room: str, name: str) -> str:
    for base in (ROOT, PACKAGE, PACKAGE / "db"):
        if (base / room).is_dir():
            return str((base / room / name).relative_to(ROOT))
    return room + name


def _dotted(text: str) -> list[tuple[str, str]]:
    """`ui/kiosk/paper.print_ticket`: a module's path with a name after a dot, read as
    `ui/kiosk/paper.py:print_ticket` when that module exists."""
    return [
        (m.group(1) + ".py", m.group(2))
        for m in _DOTTED.finditer(text)
        if _resolve(m.group(1) + ".py")
    ]


def _resolve(path: str) -> list[Path]:
    """The files a doc's path can mean: from the root, from the package, or by its
    bare name anywhere in the repository when it carries no folder."""
    found = [base / path for base in (ROOT, PACKAGE) if (base / path).is_file()]
    if found or "/" in path:
        return found
    return [p for p in _repo_files() if p.name == path]


@functools.cache
def _repo_files() -> tuple[Path, ...]:
    return tuple(
        p
        for top in ("ult_desktop", "tests", "scripts", "bench")
        for p in (ROOT / top).rglob("*.py")
    )


@functools.cache
def _defined(path: Path) -> frozenset[str]:
    """Top-level names (def, class, assignment, import) and Class.member names."""
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        names.update(_bound(node))
        if isinstance(node, ast.ClassDef):
            for member in ast.walk(node):
                for name in _bound(member) | _self_attributes(member):
                    names.add(f"{node.name}.{name}")
    return frozenset(names)


def _bound(node: ast.AST) -> set[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.If | ast.Try):
        return {n for child in ast.iter_child_nodes(node) for n in _bound(child)}
    return set()


def _self_attributes(node: ast.AST) -> set[str]:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return {
        t.attr
        for t in targets
        if isinstance(t, ast.Attribute)
        and isinstance(t.value, ast.Name)
        and t.value.id == "self"
    }


def _unresolved() -> list[str]:
    bad: list[str] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        where = doc.relative_to(ROOT)
        for path in _paths(text):
            if not _resolve(path):
                bad.append(f"{where}: {path} does not exist")
        for path, name in _named(text) + _dotted(text):
            files = _resolve(path)
            if files and not any(name in _defined(f) for f in files):
                bad.append(f"{where}: {path}:{name} is not defined there")
            elif not files and "/" not in path:
                bad.append(f"{where}: {path} does not exist")
    return sorted(set(bad))


def test_every_path_and_name_a_doc_names_resolves():
    assert _unresolved() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("`ui/kiosk/link.py:KioskLink.take`", [("ui/kiosk/link.py", "KioskLink.take")]),
        ("`feed.py:UNHURRIED_S`", [("feed.py", "UNHURRIED_S")]),
    ],
)
def test_names_are_read_as_written(text, expected):
    assert _named(text) == expected


def test_a_name_that_is_not_there_is_found(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("class A:\n    def f(self):\n        self.x = 1\n\nB = 2\n")
    assert {"A", "A.f", "A.x", "B"} <= _defined(module)
    assert "A.g" not in _defined(module)


_LINK = re.compile(r"\]\(([^)\s#]*)#([^)\s]+)\)")


def _anchors(doc: Path) -> set[str]:
    """The anchors of *doc*'s headings as GitHub makes them (lower case, punctuation
    dropped, spaces as hyphens, a repeated heading numbered)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"#{1,6} (.*)", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def test_every_anchor_a_doc_links_to_is_a_heading():
    """A heading renamed (say, its history taken out) leaves no link pointing nowhere."""
    bad = []
    for doc in DOCS:
        for target, anchor in _LINK.findall(doc.read_text(encoding="utf-8")):
            page = doc.parent / target if target else doc
            if page.suffix == ".md" and anchor not in _anchors(page):
                bad.append(f"{doc.relative_to(ROOT)}: {target}#{anchor}")
    assert bad == []
