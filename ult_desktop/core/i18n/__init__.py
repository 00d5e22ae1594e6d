"""One translation mechanism for every text a person reads.

Catalogue modules next to this file define ``TEXTS = {"key": _t("Indonesian", "English")}``,
every key and text a literal (found by grep, carried to PO files: docs/translating.md).
Keys built at run time are declared in :mod:`.runtime_keys`.

    >>> tr("error.db_busy")
    'Basis data sedang sibuk dipakai stasiun lain; coba lagi sebentar lagi.'"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_current = DEFAULT_LANGUAGE
_catalogue: dict[str, dict[str, str]] | None = None


def _t(id_: str, en: str) -> dict[str, str]:
    """One catalogue entry: its Indonesian and English text."""
    return {"id": id_, "en": en}


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
    itself so a gap is visible on screen instead of crashing."""
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
    label = diff["label"]
    if diff["problem"] == "authority":  # who signed it: a role, or no key anyone knows
        column = tr(f"reconcile.who.{column}", lang)
    elif diff["problem"] == "act":  # why the act may not stand; a row-less event by kind
        column = tr(f"reconcile.act.{column}", lang)
        if diff["table"] == label:
            label = tr(f"reconcile.rowless.{label}", lang)
    return tr(f"reconcile.diff.{diff['problem']}", lang,
              table=tr(f"reconcile.table.{diff['table']}", lang), label=label,
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
