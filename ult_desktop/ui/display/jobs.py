"""The lobby display's worker-side functions (run on its Station worker, never on the
GUI thread)."""

from __future__ import annotations

from pathlib import Path

from ult_desktop.db.office import get_settings
from ult_desktop.devices.audio import Announcer


def build_announcer(db, voices: dict) -> Announcer:
    """Reads the settings and picks among the *voices* found at start (lang -> speech
    voice); it never looks for speech engines itself."""
    settings = get_settings(db)
    lang = str(settings.get("announce_language", "id"))
    return Announcer.from_settings(settings, base_dir=Path(db.path).parent,
                                   tts=voices.get(lang) or False)
