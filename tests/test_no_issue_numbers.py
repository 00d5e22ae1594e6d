"""History lives in commit messages: no issue number ("issue NN", "#NN") in the docs, the
README, pyproject.toml or the package's other text files (its Python, with the tests',
is ``test_house_rules.py``'s). The why stays in the text; which ticket asked for it goes
with the commit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: "issue NN", "issue #NN", "Issue NN:" and a bare "#NN" (not an event's "#812", not a
#: colour, not "Loket#1").
_ISSUE = re.compile(r"\bissues?\s*#\s?\d+|\bissues?\s+\d+\b|(?<![\w&])#\d{2}\b",
                    re.IGNORECASE)
_TEXT = {".py", ".md", ".toml", ".txt", ".cfg", ".ini", ".json", ".po", ".spec"}


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "pyproject.toml", *(ROOT / "docs").rglob("*.md")]
    found += [p for p in (ROOT / "ult_desktop").rglob("*")
              if p.is_file() and p.suffix in _TEXT - {".py"}]
    return found


def issue_numbers(text: str) -> list[str]:
    return [m.group(0) for m in _ISSUE.finditer(text)]


def test_no_issue_numbers_in_docs_config_or_code():
    found = []
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {hit}"
                      for hit in issue_numbers(line)]
    assert found == []


N = 77  # the examples are built, so this file holds no issue number itself


@pytest.mark.parametrize("text", [f"see issue {N}", f"(issue #{N})", f"fixed in #{N}",
                                  f"## Issue {N}: what was fixed", f"issues #{N} and #{N}"])
def test_an_issue_number_is_found(text):
    assert issue_numbers(text)


@pytest.mark.parametrize("text", ["event #812 was signed", "colour #000000",
                                  "sandi-Loket#1", "the kiosk issued 5 tickets",
                                  "HTTP 404", "Pasal 12 ayat (2)"])
def test_what_is_not_an_issue_number_passes(text):
    assert not issue_numbers(text)
