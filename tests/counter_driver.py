"""Drivers of the counter window for tests that walk an officer's day through the real
screens (issue #25): a window per station on one file, sign-in, F-keys, the back
office's answer. Registered as a plugin in conftest.py, so the ``make_window`` fixture
is there without importing it; the helpers are imported from here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ult_desktop.db.setup import DEMO_PINS
from ult_desktop.ui.counter.window import CounterWindow

WAIT = 10_000


@pytest.fixture
def station_window(db_path, tmp_path, qtbot):
    def make(station_id: str) -> CounterWindow:
        w = CounterWindow(db_path, station_id=station_id, poll_ms=50,
                          draft_dir=tmp_path / station_id)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.online, timeout=WAIT)
        return w
    return make


def login(qtbot, w: CounterWindow, username: str, counter: int | None) -> None:
    w.login.officer.setCurrentIndex(w.login.officer.findData(username))
    idx = w.login.counter.findData(counter) if counter is not None \
        else w.login.counter.count() - 1
    w.login.counter.setCurrentIndex(idx)
    w.login.pin.setText(DEMO_PINS[username])
    qtbot.mouseClick(w.login.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.officer is not None, timeout=WAIT)


def press(qtbot, button) -> None:
    qtbot.waitUntil(button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(button, Qt.LeftButton)


def fkey(qtbot, w: CounterWindow, name: str) -> None:
    press(qtbot, w.queue.buttons[name])


def back_office_answers(qtbot, bo: CounterWindow, text: str) -> None:
    desk = bo.backoffice
    qtbot.waitUntil(lambda: desk.table.rowCount() >= 1, timeout=WAIT)
    desk.table.selectRow(0)
    press(qtbot, desk.btn_take)
    qtbot.waitUntil(desk.btn_answer.isEnabled, timeout=WAIT)
    desk.disposition.setPlainText(text)
    press(qtbot, desk.btn_answer)
    press(qtbot, desk.btn_return)
