"""The counter's code field and the follow-up visit's booking: a USB barcode scanner types
a code and Enter (here the keys themselves): a ticket's code picks the ticket in the
queue list, a visit's slip opens its case; "Jadwalkan kunjungan" books a day and a window
inside the office's hours and shows the slip with its QR, and says why it will not book
outside them. Real office file, real window (pytest-qt)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication

from tests.drivers import WAIT, login
from tests.test_followup_visits import _case
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import survey_code_hash
from ult_desktop.db.visit import visits
from ult_desktop.ui.counter.visit_booking import SlipDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _scan(qtbot, w, text: str) -> None:
    """F10, then the scanner's keys and Enter."""
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=WAIT)
    qtbot.keyClick(w, Qt.Key_F10)
    qtbot.waitUntil(lambda: w.scan.hasFocus() or QApplication.focusWidget() is w.scan,
                    timeout=WAIT)
    qtbot.keyClicks(w.scan, text)
    qtbot.keyClick(w.scan, Qt.Key_Return)


def test_a_scanned_ticket_code_picks_the_ticket(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "rahmat", counter=1)
    tickets = [issue_ticket(db, service="A") for _ in range(3)]
    qtbot.waitUntil(lambda: w.queue.lists.waiting.model().rowCount() == 3, timeout=WAIT)
    _scan(qtbot, w, tickets[1].code)
    qtbot.waitUntil(lambda: w.queue.lists.selected() is not None, timeout=WAIT)
    assert w.queue.lists.selected().number == tickets[1].number
    assert w.tabs.currentWidget() is w.queue
    _scan(qtbot, w, "ZZZZZZZZZZ")  # nothing: one sentence, nothing picked anew
    qtbot.waitUntil(lambda: "tidak dikenal" in w.status.label.text(), timeout=WAIT)


def test_a_visit_is_booked_its_slip_shown_and_its_code_opens_the_case(qtbot, make_window, db):
    case = _case(db, datetime.now(timezone.utc))
    w = make_window()
    login(qtbot, w, "rahmat", counter=1)
    w.tabs.setCurrentWidget(w.cases)
    w.cases.refresh()
    qtbot.waitUntil(lambda: w.cases.table.rowCount() >= 1, timeout=WAIT)
    w.cases.table.selectRow(0)
    qtbot.waitUntil(lambda: w.cases.visit.button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.cases.visit.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.cases.visit.dialog is not None and
                    w.cases.visit.dialog.isVisible(), timeout=WAIT)
    dialog = w.cases.visit.dialog
    dialog.opens.setTime(QTime(7, 0))  # before the office opens: refused, said
    dialog.accept()
    qtbot.waitUntil(lambda: "jam layanan" in w.status.label.text(), timeout=WAIT)
    assert db.query("SELECT visit_code FROM cases WHERE id = ?", (case,))[0][0] is None
    qtbot.mouseClick(w.cases.visit.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.cases.visit.dialog is not dialog and
                    w.cases.visit.dialog.isVisible(), timeout=WAIT)
    day = w.cases.visit.dialog.day.date()
    assert day > QDate.currentDate().addDays(-1)
    w.cases.visit.dialog.accept()
    qtbot.waitUntil(lambda: isinstance(w.cases.visit.dialog, SlipDialog), timeout=WAIT)
    slip = w.cases.visit.dialog
    code = slip.code.text().removeprefix("Kode: ").replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    kept = db.query("SELECT visit_code FROM cases WHERE id = ?", (case,))[0][0]
    assert kept == db.read(lambda conn: survey_code_hash(conn, code))  # its hash, not it
    assert not slip.picture.pixmap().isNull()  # the slip as it prints, its QR on it
    slip.accept()
    w.tabs.setCurrentWidget(w.queue)
    _scan(qtbot, w, code)
    qtbot.waitUntil(lambda: w.tabs.currentWidget() is w.cases, timeout=WAIT)
    assert w.cases.selected() is not None and w.cases.selected().id == case


def _slip(qtbot, w) -> SlipDialog:
    """Book the selected case's visit with the dialog's own day and window: its slip."""
    w.tabs.setCurrentWidget(w.cases)
    w.cases.refresh()
    qtbot.waitUntil(lambda: w.cases.table.rowCount() >= 1, timeout=WAIT)
    w.cases.table.selectRow(0)
    qtbot.waitUntil(lambda: w.cases.visit.button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.cases.visit.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.cases.visit.dialog is not None and
                    w.cases.visit.dialog.isVisible(), timeout=WAIT)
    w.cases.visit.dialog.accept()
    qtbot.waitUntil(lambda: isinstance(w.cases.visit.dialog, SlipDialog), timeout=WAIT)
    return w.cases.visit.dialog


def test_cetak_prints_the_slip_on_the_counters_printer(qtbot, make_window, db, tmp_path):
    _case(db, datetime.now(timezone.utc))
    w = make_window()
    w.session.printer = f"virtual://{tmp_path / 'slips'}"
    login(qtbot, w, "rahmat", counter=1)
    slip = _slip(qtbot, w)
    qtbot.mouseClick(slip.print, Qt.LeftButton)
    assert not slip.print.isEnabled()  # one slip per click, while the printer works
    qtbot.waitUntil(lambda: "tercetak" in slip.said.text(), timeout=WAIT)
    assert slip.print.isEnabled()
    printed = list((tmp_path / "slips").glob("*.png"))
    assert len(printed) == 1 and printed[0].stat().st_size > 0


def test_cetak_says_what_to_do_when_the_printer_fails_or_there_is_none(qtbot, make_window,
                                                                       db, tmp_path):
    _case(db, datetime.now(timezone.utc))
    w = make_window()  # no printer on this counter, no kiosk in the office
    login(qtbot, w, "rahmat", counter=1)
    slip = _slip(qtbot, w)
    qtbot.mouseClick(slip.print, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Belum ada anjungan" in slip.said.text(), timeout=WAIT)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the printer's folder should be")
    w.session.printer = f"virtual://{blocker}"
    qtbot.mouseClick(slip.print, Qt.LeftButton)
    qtbot.waitUntil(lambda: "belum tercetak" in slip.said.text(), timeout=WAIT)


def test_a_counter_without_a_printer_asks_the_kiosks(qtbot, request, make_window, db,
                                                    db_path, tmp_path):
    from tests.drivers import make_kiosk

    _case(db, datetime.now(timezone.utc))
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)  # prints into tmp_path/tickets
    w = make_window()
    login(qtbot, w, "rahmat", counter=1)
    slip = _slip(qtbot, w)
    qtbot.mouseClick(slip.print, Qt.LeftButton)
    qtbot.waitUntil(lambda: kiosk.station_name in slip.said.text(), timeout=WAIT)
    assert "anjungan" in slip.said.text()
    qtbot.waitUntil(lambda: any((tmp_path / "tickets").glob("*.escpos")), timeout=WAIT)
    assert db.query("SELECT count(*) FROM events WHERE kind = 'slip_print_requested'")[0][0] == 1
    # the file keeps no code to print again: the kiosk's slip carries a new one, which
    # finds the visit; the one the counter showed no longer does
    [sent] = (tmp_path / "tickets").glob("*.escpos")
    printed = re.search(rb"Kode: (\d{4}) (\d{4})", sent.read_bytes())
    shown = slip.code.text().removeprefix("Kode: ").replace(" ", "")
    assert printed and db.read(lambda conn: visits.find_visit(conn, b"".join(
        printed.groups()).decode())) is not None
    assert db.read(lambda conn: visits.find_visit(conn, shown)) is None
