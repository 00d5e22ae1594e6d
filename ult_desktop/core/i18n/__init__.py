"""One translation mechanism for every text a person reads.

The texts live in gettext PO catalogues shipped in the package
(``ult_desktop/locale/<lang>/LC_MESSAGES/ult.po``, ``msgid`` the key; docs/translating.md).
The code names keys only; a language with a catalogue is offered. Keys built at run time
are declared in :mod:`.runtime_keys`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

#: Where the catalogues are: ``<lang>/LC_MESSAGES/ult.po`` under it.
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "ult"
DEFAULT_LANGUAGE = "id"

_current = DEFAULT_LANGUAGE
_catalogues: dict[str, dict[str, str]] = {}


def languages() -> tuple[str, ...]:
    """The languages offered: every one with a catalogue, Indonesian first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda lang: lang != DEFAULT_LANGUAGE))


def _texts(lang: str) -> dict[str, str]:
    """Key -> text of *lang*, read once; an entry marked fuzzy or left empty is not
    taken (the Indonesian text shows instead); no catalogue: empty."""
    texts = _catalogues.get(lang)
    if texts is None:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        texts = {}
        if path.is_file():
            with path.open("rb") as file:
                texts = {str(m.id): str(m.string) for m in read_po(file)
                         if m.id and m.string and not m.fuzzy}
        _catalogues[lang] = texts
    return texts


def reload() -> None:
    """Forget the catalogues read so far (a test that points :data:`LOCALE_DIR` elsewhere)."""
    _catalogues.clear()


def _load() -> dict[str, dict[str, str]]:
    """Every key with its text in each language that has one."""
    merged: dict[str, dict[str, str]] = {}
    for lang in languages():
        for key, text in _texts(lang).items():
            merged.setdefault(key, {})[lang] = text
    return merged


def set_language(lang: str) -> None:
    """Switch the process-wide language (``"id"``, ``"en"`` or any other with a catalogue).

    :raises ValueError: *lang* has no catalogue."""
    global _current
    offered = languages()
    if lang not in offered:
        raise ValueError(f"unknown language {lang!r}; use one of {offered}")
    _current = lang


def language() -> str:
    return _current


def tr(key: str, /, lang: str | None = None, **params: object) -> str:
    """Text for *key* in *lang* (default: the current language), formatted with *params*.

    A text missing in *lang* falls back to Indonesian; a key missing there too returns
    the key itself so a gap is visible on screen instead of crashing."""
    text = _texts(lang or _current).get(key) or _texts(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return key
    return text.format(**params) if params else text


def keys() -> set[str]:
    """Every key of the source (Indonesian) catalogue."""
    return set(_texts(DEFAULT_LANGUAGE))


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
