"""The counter shows the call count and keeps the procedure's rule: called three times,
the next call marks the visitor missed; a missed visitor who came back is put in line
again with one button (F9), behind the office's numbers of the same line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.drivers import WAIT, login, waiting_list
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import finish
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _click(qtbot, w, name: str) -> None:
    qtbot.waitUntil(lambda: w.queue.buttons[name].isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons[name], Qt.LeftButton)


def _status(w) -> str:
    return w.queue.card.status.text()


def _shots(w, name: str) -> None:
    """``ULT_SCREENSHOTS=1``: the window at both sizes into docs/screenshots."""
    if os.environ.get("ULT_SCREENSHOTS") != "1":
        return
    out = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    for size in ((1366, 768), (1920, 1080)):
        w.resize(*size)
        QApplication.processEvents()
        w.grab().save(str(out / f"{name}-{size[0]}x{size[1]}.png"))


def test_the_desk_counts_the_calls_then_marks_missed_and_takes_the_return(
        qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    for _ in range(5):
        issue_ticket(db, service="A")
    _click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: _status(w) == "Dipanggil 1/3", timeout=WAIT)
    _click(qtbot, w, "recall")
    qtbot.waitUntil(lambda: _status(w) == "Dipanggil 2/3", timeout=WAIT)
    _click(qtbot, w, "recall")
    qtbot.waitUntil(lambda: _status(w) == "Dipanggil 3/3 · terakhir", timeout=WAIT)
    assert "Panggil ulang (F2) setelah panggilan ke-3 menandainya terlewat" in \
        w.queue.card.status.toolTip()
    _shots(w, "counter-call-count")
    _click(qtbot, w, "recall")  # the fourth: missed, the desk free
    qtbot.waitUntil(lambda: w.queue.current() is None, timeout=WAIT)
    assert "A-001 sudah dipanggil 3 kali dan ditandai terlewat" in w.status.label.text()
    assert queries.get_ticket(db, number="A-001").state is TicketState.SKIPPED
    # she came back: the officer picks her number and presses Lapor kembali
    row = next(r for r in range(waiting_list(w).rowCount())
               if waiting_list(w).text(r, 0) == "A-001")
    waiting_list(w).selectRow(row)
    _click(qtbot, w, "report_back")
    qtbot.waitUntil(lambda: "setelah 3 nomor" in w.status.label.text(), timeout=WAIT)
    assert queries.get_ticket(db, number="A-001").state is TicketState.WAITING
    qtbot.waitUntil(lambda: any("melapor kembali" in (waiting_list(w).text(r, 3))
                                for r in range(waiting_list(w).rowCount())), timeout=WAIT)
    called = []
    for _ in range(4):
        _click(qtbot, w, "call_next")
        qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
        called.append(w.queue.current().number)
        finish(db, counter=1)
        qtbot.waitUntil(lambda: w.queue.current() is None, timeout=WAIT)
    assert called == ["A-002", "A-003", "A-004", "A-001"]


def test_calling_while_a_visitor_is_at_the_desk_asks_and_keeps_the_first_visit(
        qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    for _ in range(3):
        issue_ticket(db, service="A")
    _click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    _click(qtbot, w, "serve")
    qtbot.waitUntil(lambda: w.queue.current().state is TicketState.SERVING, timeout=WAIT)
    first = queries.get_ticket(db, number="A-001")
    _click(qtbot, w, "call_next")  # serving A-001: asked, A-001 kept
    qtbot.waitUntil(lambda: w.queue.dialog is not None and w.queue.dialog.isVisible(),
                    timeout=WAIT)
    assert "A-001 sedang dilayani" in w.queue.dialog.text()
    qtbot.mouseClick(w.queue.dialog.keep, Qt.LeftButton)
    assert queries.get_ticket(db, number="A-001") == first  # its times as they were
    assert queries.get_ticket(db, number="A-002").state is TicketState.WAITING
    _click(qtbot, w, "call_next")  # this time: finish it first, Selesai asks the outcome
    qtbot.mouseClick(w.queue.dialog.other, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.queue.dialog is not None and
                    w.queue.dialog.objectName() != "keep_which", timeout=WAIT)
    w.queue.dialog.set_outcome("answered")
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: queries.get_ticket(db, number="A-001").state is TicketState.DONE,
                    timeout=WAIT)
    assert queries.get_ticket(db, number="A-001").serving_at == first.serving_at
    # a called visitor who has not come: the officer may skip them and call the next
    _click(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None and
                    w.queue.current().number == "A-002", timeout=WAIT)
    called = queries.get_ticket(db, number="A-002")
    _click(qtbot, w, "call_next")
    qtbot.mouseClick(w.queue.dialog.other, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.queue.current() is not None and
                    w.queue.current().number == "A-003", timeout=WAIT)
    skipped = queries.get_ticket(db, number="A-002")
    assert skipped.state is TicketState.SKIPPED and skipped.called_at == called.called_at
