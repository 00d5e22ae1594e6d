"""One translation mechanism for every text a person reads.

Texts live in catalogue modules next to this file (``errors.py``, ``kiosk.py``,
``counter.py`` ...), each defining ``TEXTS = {"key": _t("Indonesian", "English")}``: one
way of writing an entry, every key and text a literal (no loops, names or ``**``), so a
key can be found with grep and ``scripts/translations.py`` can carry the texts to a PO
file and back (docs/translating.md). Indonesian (``id``) is the default language; English
(``en``) is the option. A key the code builds at run time (``tr(f"state.{s}")``) has its
pattern declared in :mod:`.runtime_keys`; tests/test_translations.py checks both.

    >>> tr("error.db_busy")
    'Basis data sedang sibuk dipakai stasiun lain; coba lagi sebentar lagi.'
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_current = DEFAULT_LANGUAGE
_catalogue: dict[str, dict[str, str]] | None = None


def _load() -> dict[str, dict[str, str]]:
    global _catalogue
    if _catalogue is None:
        merged: dict[str, dict[str, str]] = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for key, texts in getattr(module, "TEXTS", {}).items():
                if key in merged:
                    raise ValueError(f"duplicate translation key {key!r} in {info.name}")
                merged[key] = texts
        _catalogue = merged
    return _catalogue


def set_language(lang: str) -> None:
    """Switch the process-wide language (``"id"`` or ``"en"``)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    _current = lang


def language() -> str:
    return _current


def tr(key: str, /, lang: str | None = None, **params: object) -> str:
    """Text for *key* in *lang* (default: the current language), formatted with *params*.

    A missing English text falls back to Indonesian; a missing key returns the key
    itself so a gap is visible on screen instead of crashing.
    """
    texts = _load().get(key)
    if texts is None:
        return key
    text = texts.get(lang or _current) or texts[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def keys() -> set[str]:
    return set(_load())


def finding_text(finding: dict, lang: str | None = None) -> str:
    """What an audit finding means (``db.record.audit`` findings): the verifier's precise
    detail in English, a plain sentence per kind of problem in Indonesian."""
    if (lang or language()) == "en":
        return str(finding.get("detail", ""))
    return tr(f"audit.explain.{finding.get('problem')}", lang)


def difference_text(diff: dict, lang: str | None = None) -> str:
    """One reconcile difference (``db.record.reconcile``) as the sentence a head of office reads."""
    def value(v) -> str:
        return tr("reconcile.empty", lang) if v is None or v == "" else str(v)

    column = diff["column"]
    if diff["problem"] == "authority":  # who signed it: a role, or no key anyone knows
        column = tr(f"reconcile.who.{column}", lang)
    return tr(f"reconcile.diff.{diff['problem']}", lang,
              table=tr(f"reconcile.table.{diff['table']}", lang), label=diff["label"],
              column=column, in_table=value(diff["in_table"]),
              in_log=value(diff["in_log"]), event=diff["event"]).strip()


def approved_text(fingerprint: str, label: str, role: str | None, requested: str | None,
                  lang: str | None = None) -> str:
    """"Key … registered as kiosk (the station asked for: admin)": the role granted, and
    what the station asked for (information only)."""
    return tr("audit.cli.approved", lang, fingerprint=fingerprint, label=label,
              role=tr(f"reconcile.who.{role or 'none'}", lang),
              requested=tr(f"reconcile.who.{requested}", lang) if requested
              else tr("audit.cli.asked_nothing", lang))
