"""Screens audit who unlocked and left them: the kiosk's admin door."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.drivers import WAIT, enter_pin, shown_page, tap_corner
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.ui.kiosk.flow import SETTINGS


def test_kiosk_unlock_refused_pin_and_exit_are_audited(qtbot, kiosk, db_path):
    tap_corner(qtbot, kiosk)
    for pin in ("999999", DEMO_PINS["admin"]):
        enter_pin(qtbot, kiosk, pin)
        qtbot.waitUntil(lambda: kiosk.view.pin_page.ok.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)
    qtbot.mouseClick(kiosk.view.settings_page.exit, Qt.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.isVisible())
    db = open_database(db_path)
    rows = db.query("SELECT kind, actor, data FROM events WHERE kind LIKE 'kiosk_%' "
                    "ORDER BY id")
    db.close()
    assert [(r["kind"], r["actor"], json.loads(r["data"])["username"]) for r in rows] == [
        ("kiosk_unlock_failed", None, None), ("kiosk_unlock", "admin", "admin"),
        ("kiosk_exit", "admin", "admin")]
