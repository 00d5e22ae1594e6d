"""The lobby display's worker-side functions (run on its Station worker, never on the
GUI thread)."""

from __future__ import annotations

from ult_desktop.app.paths import beside_database
from ult_desktop.db.office import get_settings
from ult_desktop.devices.audio import Announcer

#: The TV's record of the calls it spoke from the LAN while the file was away.
LAN_CALLS_SPOKEN = "lan_calls_spoken"


def lan_trust(db):
    """The office's root key, the registered keys with their roles, and the office's
    counter numbers and ticket prefixes: what the TV believes on the LAN while the file
    is away."""
    from ult_desktop.db.office import read_counters, read_services, read_settings
    from ult_desktop.db.record.station_keys import lan_trust as read

    pinned = (db.trust or {}).get("root")  # the root this TV was given, never the file's

    def trust(conn):
        root, keys = read(conn, pinned)
        prefixes = {s.prefix for s in read_services(conn)} | {
            str(read_settings(conn, ("priority_prefix",))["priority_prefix"])}
        return root, keys, {c.number for c in read_counters(conn) if c.active}, prefixes

    return db.read(trust)


def record_lan_calls(db, calls: list[dict]) -> int:
    """One signed event with the calls the TV spoke from the LAN while the file was away
    (number, counter, the calling key, when, its nonce); returns its id."""
    from ult_desktop.db.record.events import append_event

    return db.write(lambda conn: append_event(conn, db.station, LAN_CALLS_SPOKEN,
                                              data={"calls": calls}))


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
