"""The lobby display's worker-side functions (run on its Station worker, never on the
GUI thread)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from ult_desktop.app.paths import beside_database, user_data_dir
from ult_desktop.db.house.office import get_settings
from ult_desktop.devices.audio.announcer import Announcer

log = logging.getLogger(__name__)

#: The settings a TV keeps on its disk to come back with (its header and rule line).
SCREEN_KEYS = ("office_name", "timezone", "running_text", "office_logo_png_b64")


def screen_file(station_id: str) -> Path:
    """Where this TV keeps what it last showed (this PC's own data folder)."""
    name = re.sub(r"[^\w.@-]", "_", station_id)
    return user_data_dir() / f"display-{name}.json"


def keep_screen(path: Path, target: str, settings: dict, snap: dict | None) -> None:
    """Keep the record's settings and last snapshot read cleanly from *target*: a TV
    restarted while the share is away comes back with its office, tiles and clock."""
    from ult_desktop.app.localfiles import write_atomic

    kept = {k: v for k, v in settings.items() if k in SCREEN_KEYS or k.startswith("priority")}
    try:
        write_atomic(path, json.dumps({"target": target, "settings": kept, "snapshot": snap},
                                      default=str))
    except (OSError, TypeError, ValueError) as exc:
        log.warning("what the TV shows not kept on its disk: %s", exc)


def kept_screen(path: Path, target: str) -> tuple[dict, dict | None] | None:
    """(settings, snapshot) this TV kept from *target*, or None; the snapshot of a day other than
    today by the kept time zone keeps its counters' tiles, empty (its calls and queues are over)."""
    from ult_desktop.core.numbering import office_day, utc_now

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings, snap = dict(data["settings"]), data.get("snapshot")
        today = office_day(utc_now(), str(settings.get("timezone") or "WIB")).isoformat()
        if data.get("target") != target:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(snap, dict):
        return settings, None
    if snap.get("day") != today:
        snap = {**snap, "last_calls": [],
                "counters": [{**c, "ticket": None, "state": None, "service": None}
                             for c in snap.get("counters") or ()],
                "services": [{**s, "waiting": 0, "next": []} for s in snap.get("services") or ()]}
    return settings, snap


def display_settings(db, voices: dict | None) -> tuple[dict, Announcer | None]:
    """The office settings (one read) and, when the TV speaks, the announcer built from them with
    the *voices* found at start (lang -> speech voice); it never looks for engines itself."""
    settings = get_settings(db)
    if voices is None:
        return settings, None
    lang = str(settings.get("announce_language", "id"))
    return settings, Announcer.from_settings(settings, base_dir=beside_database(db.path),
                                             tts=voices.get(lang) or False)
