"""A kiosk PC without a valid station file stays locked: a "not set up" screen, never the
setup wizard on the public screen; only an admin PIN opens the wizard."""

from __future__ import annotations

from argparse import Namespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.drivers import WAIT
from ult_desktop.app import admin_pins
from ult_desktop.cli.setup_cmds import cmd_start
from ult_desktop.core.pins import hash_pin
from ult_desktop.ui.kiosk.not_set_up import NotSetUpWindow
from ult_desktop.ui.setup.wizard import SetupWizard

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ADMIN_PIN = "246813"


def keep_admin_pin(config_file) -> None:
    admin_pins.save((admin_pins.CachedAdmin("admin", "Admin Kantor", hash_pin(ADMIN_PIN)),),
                    config_file)


def shown_windows() -> list[str]:
    """The locked screen and the wizard among the visible windows (other tests' windows
    may still be waiting for deletion)."""
    return sorted(type(w).__name__ for w in QApplication.topLevelWidgets()
                  if w.isVisible() and isinstance(w, NotSetUpWindow | SetupWizard))


@pytest.fixture
def started(qapp, monkeypatch, tmp_path):
    """Run ``ult-desktop start`` and report which windows it showed."""
    monkeypatch.setenv("ULT_STATION_CONFIG", str(tmp_path / "station.json"))
    seen: list[list[str]] = []

    def fake_exec():
        seen.append(shown_windows())
        for w in QApplication.topLevelWidgets():
            if isinstance(w, NotSetUpWindow):
                w.release()
            elif w.isVisible():
                w.close()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)

    def start(**kwargs):
        args = Namespace(config=str(tmp_path / "station.json"), mode=None, windowed=False)
        for key, value in kwargs.items():
            setattr(args, key, value)
        assert cmd_start(args) == 0
        return seen[0]

    return start


def test_kiosk_shortcut_without_station_file_shows_the_locked_screen(started):
    assert started(mode="kiosk") == ["NotSetUpWindow"]


def test_truncated_station_file_on_a_kiosk_pc_shows_the_locked_screen(started, tmp_path):
    (tmp_path / "station.json").write_text('{"mode": "kio', encoding="utf-8")
    keep_admin_pin(tmp_path / "station.json")  # this PC has been a kiosk
    assert started() == ["NotSetUpWindow"]


def test_a_fresh_pc_still_starts_with_the_wizard(started):
    assert started() == ["SetupWizard"]


def _tap_and_type(qtbot, w: NotSetUpWindow, pin: str) -> None:
    for _ in range(5):
        qtbot.mouseClick(w.corner, Qt.LeftButton)
    for digit in pin:
        qtbot.mouseClick(w.pin_page.keys[digit], Qt.LeftButton)
    qtbot.mouseClick(w.pin_page.ok, Qt.LeftButton)


def test_only_an_admin_pin_unlocks_and_nothing_closes_it(qtbot, tmp_path):
    keep_admin_pin(tmp_path / "station.json")
    w = NotSetUpWindow(tmp_path / "station.json")
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    assert "belum siap" in w.title.text()
    qtbot.keyClick(w, Qt.Key_Escape)
    qtbot.keyClick(w, Qt.Key_F4, Qt.AltModifier)
    assert not w.close() and w.isVisible()
    opened = []
    w.unlocked.connect(lambda: opened.append(True))
    _tap_and_type(qtbot, w, "135790")
    qtbot.waitUntil(lambda: w.pin_page.message.text().startswith("PIN salah"), timeout=WAIT)
    assert not opened
    for digit in ADMIN_PIN:
        qtbot.mouseClick(w.pin_page.keys[digit], Qt.LeftButton)
    qtbot.mouseClick(w.pin_page.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: opened == [True], timeout=WAIT)
    assert w.pages.currentIndex() == 0  # the keypad is gone again
    w.release()


def test_without_kept_admin_pins_nothing_opens_the_wizard(qtbot, tmp_path):
    w = NotSetUpWindow(tmp_path / "station.json")
    qtbot.addWidget(w)
    w.show()
    opened = []
    w.unlocked.connect(lambda: opened.append(True))
    _tap_and_type(qtbot, w, "1234")
    assert "ult-desktop setup" in w.pin_page.message.text()
    assert not opened
    w.release()


def test_the_wizard_opens_after_the_admin_pin(qtbot, monkeypatch, tmp_path):
    """The whole path: locked screen, admin PIN, the wizard on top of it."""
    from ult_desktop.ui.kiosk import not_set_up

    keep_admin_pin(tmp_path / "station.json")
    seen = []

    def fake_exec():
        w = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, NotSetUpWindow) and w.isVisible())
        _tap_and_type(qtbot, w, ADMIN_PIN)
        qtbot.waitUntil(lambda: any(isinstance(x, SetupWizard) and x.isVisible()
                                    for x in QApplication.topLevelWidgets()), timeout=WAIT)
        seen.append(shown_windows())
        for x in QApplication.topLevelWidgets():
            if isinstance(x, SetupWizard):
                x.reject()
        w.release()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)
    assert not_set_up.main(tmp_path / "station.json") == 1  # cancelled: nothing saved
    assert seen == [["NotSetUpWindow", "SetupWizard"]]
