"""Every text a person reads is in every language's catalogue, from the code's side and
the translator's.

The code is read (ast), not run, so a key on a screen no test opens is checked too:
whole keys must exist in every language; keys built at run time must follow a pattern
declared in ``ult_desktop/core/i18n/runtime_keys.py`` whose every value has its texts;
every language has the same keys; no text is left in Python (docs/translating.md).
"""

from __future__ import annotations

import enum
import importlib
import itertools
from collections.abc import Iterable, Mapping

import pytest
from conftest import ROOT

from scripts import translations as T
from ult_desktop.core.i18n import _load, languages
from ult_desktop.core.i18n.runtime_keys import RUNTIME_KEYS

#: Literals shaped like keys that are not keys: the selftest's check names (printed as
#: they are, next to their translated result).
NOT_KEYS = {
    "printer.installed", "printer.print", "printer.queue", "printer.status",
    "share.change_seen", "share.folder", "share.journal", "share.locks", "share.open",
    "share.read_only", "share.sqlite", "share.clock", "share.key", "share.other_clocks",
    "share.server", "share.server_engine", "share.server_listen", "share.server_rtt",
    "share.server_slots", "share.server_version", "share.zone", "share.drive_letter",
}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict[str, str]]:
    return _load()


@pytest.fixture(scope="module")
def found(catalogue):
    return T.scan(ROOT / "ult_desktop", set(catalogue))


def _both(catalogue, key: str) -> bool:
    """*key* has a text in every language that has a catalogue."""
    texts = catalogue.get(key) or {}
    return all(texts.get(lang) for lang in languages())


def test_indonesian_and_english_are_offered():
    assert languages()[:1] == ("id",) and "en" in languages()


def test_every_language_has_every_key_and_no_other():
    """A language is complete: the same keys as Indonesian, each with a text, the same
    ``{placeholders}``; nothing left fuzzy (a fuzzy text is not shown)."""
    source = T.load("id")
    for lang in languages():
        po = T.load(lang)
        fuzzy = sorted(e.msgid for e in po if "fuzzy" in e.flags)
        assert fuzzy == [], f"{lang}: texts to review"
        own = T.texts(lang)
        assert sorted(set(T.texts("id")) ^ set(own)) == [], f"{lang}: keys differ from id"
        bad = [e.msgid for e in source
               if T.placeholders(own[e.msgid]) != T.placeholders(e.msgstr)]
        assert bad == [], f"{lang}: placeholders differ from the Indonesian"


def test_every_key_the_code_names_has_both_languages(catalogue, found):
    missing = [f"{key} ({', '.join(sites[:2])})" for key, sites in sorted(found.uses.items())
               if key not in NOT_KEYS and not _both(catalogue, key)]
    assert missing == [], "keys the code uses but the catalogue lacks"


def test_every_key_built_at_run_time_follows_a_declared_pattern(found):
    undeclared = [f"{pattern} ({', '.join(sites[:2])})"
                  for pattern, sites in sorted(found.patterns.items())
                  if pattern not in RUNTIME_KEYS]
    assert undeclared == [], ("declare these in ult_desktop/core/i18n/runtime_keys.py, "
                              "with where their values come from")
    unused = sorted(set(RUNTIME_KEYS) - set(found.patterns))
    assert unused == [], "declared patterns the code no longer builds"


def _resolve(source: object) -> list[object]:
    """The values of one source of runtime_keys (see its docstring)."""
    if isinstance(source, tuple):
        return [v for part in source for v in _resolve(part)]
    if not isinstance(source, str) or ":" not in source:
        return [source]
    module, _, name = source.partition(":")
    name, _, attr = name.partition(".")
    value = getattr(importlib.import_module(module), name)
    if isinstance(value, type) and issubclass(value, enum.Enum):
        return [m.value for m in value]
    if isinstance(value, Mapping):
        return list(value)
    items = list(value)
    if attr:
        return [getattr(item, attr) for item in items]
    return [item[0] if isinstance(item, tuple) else item for item in items]


def expansions(pattern: str, source: object) -> list[str]:
    holes = pattern.count("{}")
    if holes == 1:
        return [pattern.format(v) for v in _resolve(source)]
    if isinstance(source, tuple):
        return [pattern.format(*pair)
                for pair in itertools.product(*(_resolve(s) for s in source))]
    assert isinstance(source, str), pattern
    module, _, name = source.partition(":")
    mapping: Mapping[str, Iterable[object]] = getattr(importlib.import_module(module), name)
    return [pattern.format(k, v) for k, values in mapping.items() for v in values]


@pytest.mark.parametrize("pattern", sorted(RUNTIME_KEYS))
def test_every_value_of_a_declared_pattern_has_both_languages(catalogue, pattern):
    source = RUNTIME_KEYS[pattern]
    if source is None:
        pytest.skip("the code falls back when the key is missing")
    keys = expansions(pattern, source)
    assert keys, f"{pattern}: its source gives no values"
    missing = [k for k in keys if not _both(catalogue, k)]
    assert missing == []


def test_every_text_in_the_catalogue_is_used(catalogue, found):
    """A text no code shows costs a translator time; delete it with the code."""
    used = set(found.uses)
    for pattern, source in RUNTIME_KEYS.items():
        if source is None:
            head, _, tail = pattern.partition("{}")
            used |= {k for k in catalogue if k.startswith(head) and k.endswith(tail.split("{}")[-1])}
        else:
            used |= set(expansions(pattern, source))
    unused = sorted(set(catalogue) - used)
    assert unused == []


def test_no_text_is_left_in_python():
    """A dict of texts (the old way, from a branch merged later) goes into the PO files
    with ``python scripts/translations.py move``."""
    assert [p.name for p in T.catalogue_paths()] == []


def test_the_catalogues_are_as_the_script_writes_them():
    """Sorted by key, wrapped as polib writes: a rerun of ``move`` changes no byte."""
    for lang in languages():
        path = T.po_path(lang)
        assert T.as_text(T.load(lang)) == path.read_text(encoding="utf-8"), path


def test_the_scan_sees_keys_wherever_the_code_names_them(found):
    # tr("..."), a help text, a RuleViolation's key, and keys built from values
    assert "officer.cli.username" in found.uses  # the --help that printed its key
    assert "officer.cli.no_pin" in found.uses  # RuleViolation("officer.cli.no_pin")
    assert {"state.{}", "counter.role.{}", "setup.mode.{}.title"} <= set(found.patterns)
    assert "station.json" not in found.uses  # a file name, not a key
