"""A counter opens a question for every Selesai, transfer, priority change, break and
out-of-turn call, hundreds a day: each is gone once answered or cancelled, so a counter
that serves all day holds no more of them at closing than it did at opening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.drivers import WAIT, login, waiting_list
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _live_dialogs() -> int:
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    return sum(isinstance(w, QDialog) for w in QApplication.allWidgets())


def _click(qtbot, w, name: str) -> None:
    qtbot.waitUntil(lambda: w.queue.buttons[name].isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons[name], Qt.LeftButton)


def test_fifty_visits_leave_no_dialog_behind(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    before = _live_dialogs()
    for n in range(50):
        issue_ticket(db, service="A")
        issue_ticket(db, service="A")
        qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 2, timeout=WAIT)
        waiting_list(w).selectRow(1)
        _click(qtbot, w, "reclassify")  # asked, then cancelled
        w.queue.dialog.reject()
        _click(qtbot, w, "call_this")  # the second one, out of turn, with a reason
        w.queue.dialog.reject()
        _click(qtbot, w, "transfer")
        w.queue.dialog.reject()
        _click(qtbot, w, "call_next")
        qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
        for _ in range(2):  # the visitor at the desk, then the one still waiting
            _click(qtbot, w, "finish")
            w.queue.dialog.set_outcome("answered")
            w.queue.dialog.accept()
            qtbot.waitUntil(lambda: w.queue.current() is None, timeout=WAIT)
            if n % 10 == 0 and waiting_list(w).rowCount():
                w.queue.card.pause.toggle()  # a break asked for, then not taken
                w.queue.card.pause.dialog.reject()
            if waiting_list(w).rowCount():
                _click(qtbot, w, "call_next")
                qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
        assert _live_dialogs() <= before + 1, f"visit {n + 1}"
    qtbot.waitUntil(lambda: _live_dialogs() == before, timeout=WAIT)
    # the last Selesai is written by the station's worker after the desk clears: wait for it
    qtbot.waitUntil(lambda: db.query("SELECT count(*) AS n FROM tickets WHERE state = "
                                     "'done'")[0]["n"] == 100, timeout=WAIT)
