"""An event's details as the sentences an office reads in the audit log.

"Prioritas: ya (sebelumnya: tidak). Alasan: lansia."; keys starting with ``_`` (the salt)
are never shown, an unknown key keeps its name (nothing is hidden). Beside them, what a
chain check reports that is not tampering (:func:`chain_notes`)."""

from __future__ import annotations

from ult_desktop.core.chain import fingerprint
from ult_desktop.core.i18n import keys as catalogue_keys
from ult_desktop.core.i18n import tr
from ult_desktop.core.settings import SETTINGS

#: data keys whose value is another key of the catalogue: key -> catalogue prefix
_VALUE_KEYS = {"outcome": "counter.outcome.", "channel": "audit.words.channel.",
               "priority_group": "priority.group.", "was_group": "priority.group.",
               "status": "skm.followup.status."}
#: data keys shown as "was" beside the key they belong to
_WAS = {"was": "priority", "was_group": "priority_group"}


def _value(key: str, value: object, lang: str | None) -> str:
    if value is None or value == "":
        return tr("audit.words.none", lang)
    if isinstance(value, bool):
        return tr("audit.words.yes" if value else "audit.words.no", lang)
    prefix = _VALUE_KEYS.get(key)
    if prefix and f"{prefix}{value}" in catalogue_keys():
        return tr(f"{prefix}{value}", lang)
    if key == "keys" and isinstance(value, list):  # settings sharing a label: named once
        return ", ".join(dict.fromkeys(_setting_name(k, lang) for k in value))
    if isinstance(value, list):  # a list of records (a report's files): each in words
        return "; ".join(_value(key, v, lang) if isinstance(v, dict) else str(v)
                         for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_label(k, lang)} {_value(k, v, lang)}" for k, v in value.items())
    return str(value)


def _setting_name(key: str, lang: str | None) -> str:
    if key == "*":
        return tr("audit.words.all_settings", lang)
    setting = SETTINGS.get(key)
    if setting is not None and setting.label in catalogue_keys():
        return tr(setting.label, lang).lower()
    return key


def _label(key: str, lang: str | None) -> str:
    name = f"audit.words.key.{key}"
    return tr(name, lang) if name in catalogue_keys() else key.replace("_", " ")


def describe_data(data: dict, lang: str | None = None) -> str:
    """*data* of one event as sentences, e.g. "Alasan: lansia. Prioritas: ya."."""
    parts = []
    for key, value in data.items():
        if key.startswith("_") or key in _WAS:
            continue
        text = f"{_label(key, lang)}: {_value(key, value, lang)}"
        was = next((w for w, of in _WAS.items() if of == key and w in data), None)
        if was is not None:
            text += " " + tr("audit.words.was", lang, value=_value(was, data[was], lang))
        parts.append(text[:1].upper() + text[1:] + ".")
    return " ".join(parts)


def chain_notes(result: dict, pinned: str | None = None, unpinned: bool = False,
                lang: str | None = None) -> list[str]:
    """What a verified chain *result* (``db.record.audit.verify_chain``) reports that is not
    tampering: the root of trust (*pinned* by this PC, or none, *unpinned*), events before
    signing, ids ahead or skipped, unsigned events, keys not verified. ``check`` prints
    these lines; Admin > Audit shows them under its verdict."""
    lines = [tr("audit.cli.root", lang, fingerprint=k["fingerprint"], label=k["label"],
                event=k["registered_at_event"]) for k in result["keys"] if k["root"]]
    if pinned:
        lines.append(tr("audit.cli.pinned", lang, fingerprint=fingerprint(pinned)))
    elif unpinned:
        lines.append(tr("audit.cli.unpinned", lang))
    if result["legacy_events"]:
        lines.append(tr("audit.cli.legacy", lang, count=result["legacy_events"]))
    if result.get("high_water_ahead"):
        lines.append(tr("audit.cli.high_water", lang, id=result["high_water_ahead"]))
    lines += [tr("audit.cli.skipped_ids", lang, first=lo, last=hi)
              for lo, hi in result.get("skipped_ids", [])]
    lines += [tr("audit.cli.unsigned", lang, count=n, station=s)
              for s, n in result["unsigned_events"].items()]
    return lines + [tr("audit.cli.unverified", lang, count=u["events"], label=u["label"],
                       fingerprint=fingerprint(k)) for k, u in result["unverified_keys"].items()]
