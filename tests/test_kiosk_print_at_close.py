"""A kiosk closed while its printer is still printing a ticket from its held numbers
waits for that print (at most a printer's wait) before it closes its journal: the
ticket's print outcome is kept, never "journal closed" (a test session's kiosk printed
on after the session ended). Real kiosk window, real journal file, virtual printer."""

from __future__ import annotations

import logging
import sqlite3

from tests.drivers import WAIT, make_kiosk


def test_a_kiosk_closed_while_printing_keeps_the_print_outcome(qtbot, request, db_path,
                                                               tmp_path, caplog):
    window = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: bool(window.link.journal.held()), timeout=WAIT)
    shown: list[str] = []
    window.ticket_shown.connect(shown.append)
    window.touch_service("A")
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    with caplog.at_level(logging.WARNING):
        window.shutdown()  # at once: the print is on its way
    assert "journal closed" not in caplog.text
    office = sqlite3.connect(db_path)
    try:
        rows = office.execute("SELECT number, print_status FROM tickets").fetchall()
    finally:
        office.close()
    assert rows == [(shown[0], "printed")]  # kept: written as the kiosk closed
