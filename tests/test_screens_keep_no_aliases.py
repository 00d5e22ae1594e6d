"""No surface kept for tests: a screen's class holds its own members only, so
the 300-line gate (tests/test_architecture.py) measures the real classes. Tests reach a
child's widget through the child, or by its ``objectName`` (tests/drivers.py)."""

from __future__ import annotations

import ast

from conftest import ROOT


def _aliases(source: str, where: str) -> list[str]:
    """``property(lambda ...)`` forwarders, ``setattr(self, n, getattr(child, n))`` copies
    and ``self.a = self.child.b`` second names for a child's member."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "property" and any(isinstance(a, ast.Lambda)
                                                  for a in node.args):
                found.append(f"{where}:{node.lineno} property(lambda)")
            if node.func.id == "setattr" and len(node.args) == 3 and \
                    isinstance(node.args[2], ast.Call) and \
                    isinstance(node.args[2].func, ast.Name) and \
                    node.args[2].func.id == "getattr":
                found.append(f"{where}:{node.lineno} setattr(..., getattr(...))")
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets
                       for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for target, value in zip(targets, values, strict=False):
                if _is_self_attr(target) and isinstance(value, ast.Attribute) and \
                        _is_self_attr(value.value):
                    found.append(f"{where}:{node.lineno} self.{target.attr} = "
                                 f"self.{value.value.attr}.{value.attr}")
    return found


def _is_self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
        node.value.id == "self"


def test_screens_keep_no_second_names_for_their_children():
    found = []
    for path in sorted((ROOT / "ult_desktop" / "ui").rglob("*.py")):
        found += _aliases(path.read_text(encoding="utf-8"),
                          path.relative_to(ROOT).as_posix())
    assert found == []


def test_the_alias_check_sees_each_form():
    source = (
        "class Panel:\n"
        "    number = property(lambda self: self.card.number)\n"
        "    def __init__(self):\n"
        "        for name in ('a', 'b'):\n"
        "            setattr(self, name, getattr(self.card, name))\n"
        "        self.form, self.save = self.visit.form, self.visit.save_btn\n"
        "        self.visit = VisitForm()\n"
    )
    assert sorted(f.split(" ", 1)[0] for f in _aliases(source, "x.py")) == [
        "x.py:2", "x.py:5", "x.py:6", "x.py:6"]
