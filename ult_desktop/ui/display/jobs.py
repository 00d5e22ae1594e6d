"""The lobby display's worker-side functions (run on its Station worker, never on the
GUI thread)."""

from __future__ import annotations

from ult_desktop.app.paths import beside_database
from ult_desktop.db.office import get_settings
from ult_desktop.devices.audio import Announcer


def lan_trust(db):
    """The office's root key and the registered keys with their roles: what the TV
    believes on the LAN while the file is away (issue #33)."""
    from ult_desktop.db.record.audit import lan_trust as read

    return db.read(read)


def display_settings(db, voices: dict | None) -> tuple[dict, Announcer | None]:
    """The office settings (one read) and, when the display speaks (*voices* given), the
    announcer built from them, picking among the *voices* found at start (lang -> speech
    voice); it never looks for speech engines itself."""
    settings = get_settings(db)
    if voices is None:
        return settings, None
    lang = str(settings.get("announce_language", "id"))
    return settings, Announcer.from_settings(settings, base_dir=beside_database(db.path),
                                             tts=voices.get(lang) or False)
