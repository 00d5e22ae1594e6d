"""The admin window acts once per request: Enter pressed twice opens one workspace, and
a page left behind stops polling the share."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, signed_in
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.ui.admin.app import AdminWindow


def test_enter_pressed_twice_opens_one_workspace(qtbot, db_path):
    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    w.login.username.setText("admin")
    w.login.pin.setText(DEMO_PINS["admin"])
    qtbot.keyClick(w.login.pin, Qt.Key_Return)
    qtbot.keyClick(w.login.pin, Qt.Key_Return)  # impatient: scrypt takes a moment
    qtbot.waitUntil(lambda: w.workspace is not None and w.login.submit.isEnabled(),
                    timeout=WAIT)
    flushed = []  # jobs run in order: once this one is back, a second login is too
    w.station.run(lambda _db: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT)
    assert w.stack.count() == 2  # the login page and one workspace
    w.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen: the window is shown
def test_the_stations_page_stops_polling_once_left(qtbot, db_path):
    from ult_desktop.ui.admin.profile import ProfilePage
    from ult_desktop.ui.admin.stations import StationsPage

    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    signed_in(qtbot, w)
    page = w.workspace.open(StationsPage)
    qtbot.waitUntil(lambda: page.timer.isActive() and page.table.rowCount() > 0,
                    timeout=WAIT)
    w.workspace.open(ProfilePage)
    assert not page.timer.isActive()  # no polling of the share for a page nobody sees
    w.workspace.open(StationsPage)
    assert page.timer.isActive()
    w.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_sign_in_heading_is_read_whole(qtbot, admin_window):
    """"Masuk sebagai admin atau pi" was cut at the
    card's edge; the heading wraps inside it."""
    from PySide6.QtWidgets import QLabel

    admin_window.resize(1366, 768)
    admin_window.show()
    qtbot.waitExposed(admin_window)
    heading = admin_window.login.findChild(QLabel, "login_heading")
    qtbot.waitUntil(lambda: heading.width() > 0)
    needed = heading.fontMetrics().boundingRect(
        0, 0, heading.width(), 10_000, 0x1000, heading.text()).height()  # Qt.TextWordWrap
    assert heading.wordWrap() and heading.height() >= needed
    assert heading.fontMetrics().horizontalAdvance(heading.text()) > heading.width()  # wraps
