"""An admin can unlock the kiosk while the shared file is gone: the kiosk keeps the
active admins' PIN hashes (memory and admin-pins.json next to the station file)."""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tests.drivers import FAST, WAIT, enter_pin, make_kiosk, shown_page, tap_corner
from ult_desktop.app import admin_pins, localfiles
from ult_desktop.core import pins
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.ui.common.station import UNAVAILABLE
from ult_desktop.ui.kiosk.flow import PIN, SETTINGS

#: the admin idle timeout must not close the keypad while scrypt runs in a slow test
SLOW_IDLE = replace(FAST, admin_idle_ms=60_000)


def _refused(qtbot, w, pin: str) -> None:
    enter_pin(qtbot, w, pin)
    qtbot.waitUntil(lambda: w.view.pin_page.ok.isEnabled() and
                    w.view.pin_page.message.text().startswith("PIN salah"), timeout=WAIT)
    assert shown_page(w) == PIN


def _cache_file(tmp_path):
    return tmp_path / "admin-pins.json"


def _kept_once(qtbot, request, db_path, tmp_path) -> None:
    """A kiosk that reached the database once on this PC (it writes the cache)."""
    first = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: first.door.admin_pins is not None, timeout=WAIT)
    qtbot.waitUntil(_cache_file(tmp_path).is_file, timeout=WAIT)
    first.shutdown()


def test_connected_kiosk_keeps_the_admins_hashes_and_never_a_pin(qtbot, request, db_path,
                                                                 tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: w.door.admin_pins is not None, timeout=WAIT)
    assert [a.username for a in w.door.admin_pins] == ["admin"]  # admins only, active only
    raw = _cache_file(tmp_path).read_bytes()
    with pytest.raises(ValueError):  # protected like the station key, not plain JSON
        json.loads(raw)
    data = json.loads(localfiles.read_private(_cache_file(tmp_path)))
    assert data["database"] == str(db_path)
    (entry,) = data["admins"]
    assert set(entry) == {"username", "name", "pin_hash"}
    assert entry["username"] == "admin" and entry["pin_hash"].startswith("scrypt$")
    assert pins.verify_pin(DEMO_PINS["admin"], entry["pin_hash"])
    assert DEMO_PINS["admin"] not in entry["pin_hash"].split("$")[:4]  # no plain PIN field anywhere
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(_cache_file(tmp_path)).st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete or rename a "
                    "file a connection holds open (WinError 32): the share vanishing is "
                    "simulated on Linux")
def test_kiosk_started_without_the_database_unlocks_with_the_kept_hashes(qtbot, request,
                                                                          db_path, tmp_path):
    _kept_once(qtbot, request, db_path, tmp_path)
    db_path.rename(tmp_path / "moved-away.db")  # the share is gone when the kiosk starts
    w = make_kiosk(qtbot, request, db_path, tmp_path, wait_ready=False, timings=SLOW_IDLE)
    # (its banner stays calm when it holds numbers: it starts from its disk and issues)
    qtbot.waitUntil(lambda: w.view.connection == UNAVAILABLE, timeout=WAIT)
    assert [a.username for a in w.door.admin_pins] == ["admin"]  # read from the file
    tap_corner(qtbot, w)
    _refused(qtbot, w, "9999")          # wrong PIN
    _refused(qtbot, w, DEMO_PINS["sari"])          # a front-office officer's PIN, not an admin
    enter_pin(qtbot, w, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(w) == SETTINGS, timeout=WAIT)
    assert w.view.settings_page.who.text() == "Masuk sebagai Admin ULT"
    qtbot.mouseClick(w.view.settings_page.exit, Qt.LeftButton)
    qtbot.waitUntil(lambda: not w.isVisible())


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete or rename a "
                    "file a connection holds open (WinError 32): the share vanishing is "
                    "simulated on Linux")
def test_wrong_pins_lock_the_keypad_while_offline_too(qtbot, request, db_path, tmp_path):
    _kept_once(qtbot, request, db_path, tmp_path)
    db_path.unlink()
    w = make_kiosk(qtbot, request, db_path, tmp_path, wait_ready=False,
                   timings=replace(SLOW_IDLE, max_pin_failures=2))
    qtbot.waitUntil(lambda: w.view.connection == UNAVAILABLE, timeout=WAIT)
    tap_corner(qtbot, w)
    _refused(qtbot, w, "0000")
    enter_pin(qtbot, w, "0001")
    qtbot.waitUntil(lambda: "Terlalu banyak" in w.view.pin_page.message.text(), timeout=WAIT)
    assert not w.view.pin_page.ok.isEnabled()
    enter_pin(qtbot, w, DEMO_PINS["admin"])  # ignored while locked out
    assert shown_page(w) == PIN


def test_without_kept_hashes_the_offline_kiosk_says_why(qtbot, request, tmp_path):
    w = make_kiosk(qtbot, request, tmp_path / "gone" / "office.db", tmp_path,
                   wait_ready=False)
    qtbot.waitUntil(lambda: w.view.connection == UNAVAILABLE)
    assert w.door.admin_pins is None
    tap_corner(qtbot, w)
    enter_pin(qtbot, w, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: w.view.pin_page.message.text().startswith("PIN tidak dapat diperiksa"),
                    timeout=WAIT)
    assert w.view.pin_page.ok.isEnabled() and shown_page(w) == PIN


def test_a_settings_change_refreshes_the_kept_hashes(qtbot, request, db_path, tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: w.door.admin_pins is not None, timeout=WAIT)
    before = w.door.admin_pins
    db = open_database(db_path, station="admin-pc", mode="admin")
    try:
        office.reset_pin(db, username="admin", pin="562938")
        office.add_officer(db, username="wati", name="Wati", role="admin", pin="864297")
    finally:
        db.close()
    qtbot.waitUntil(lambda: w.door.admin_pins != before and len(w.door.admin_pins) == 2,
                    timeout=WAIT)
    kept = {a.username: a.pin_hash for a in admin_pins.load(tmp_path / "station.json")}
    assert set(kept) == {"admin", "wati"}
    assert pins.verify_pin("562938", kept["admin"]) and not pins.verify_pin(DEMO_PINS["admin"], kept["admin"])
    assert admin_pins.check(w.door.admin_pins, "864297").name == "Wati"
    assert admin_pins.check(w.door.admin_pins, DEMO_PINS["admin"]) is None


def test_a_broken_cache_file_is_ignored(tmp_path):
    path = _cache_file(tmp_path)
    path.write_text("{not json", encoding="utf-8")
    assert admin_pins.load(tmp_path / "station.json") is None
    path.write_text(json.dumps({"admins": [{"username": "x", "pin_hash": "plain"},
                                           {"username": "y", "pin_hash": "scrypt$1"}]}),
                    encoding="utf-8")
    assert [a.username for a in admin_pins.load(tmp_path / "station.json")] == ["y"]


@pytest.mark.parametrize("pin", ["", "12", "abcd", "1234567890123"])
def test_check_refuses_malformed_pins_without_hashing(pin):
    admin = admin_pins.CachedAdmin("admin", "Admin", pins.hash_pin(DEMO_PINS["admin"]))
    assert admin_pins.check((admin,), pin) is None
