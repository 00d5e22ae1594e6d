"""A printer that never answers is reported on the kiosk in words, in the visitor's
language."""

from __future__ import annotations

import socket
from dataclasses import replace

from PySide6.QtCore import Qt

from tests.drivers import FAST, make_kiosk, service_button, shown_page
from ult_desktop.core.i18n import tr
from ult_desktop.ui.kiosk.flow import TICKET


def test_a_printer_that_never_answers_is_reported_in_words(qtbot, request, db_path, tmp_path):
    silent = socket.socket()  # accepts the connection, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    request.addfinalizer(silent.close)
    port = silent.getsockname()[1]
    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   printer_url=f"tcp://127.0.0.1:{port}?timeout=2",
                   timings=replace(FAST, print_wait_ms=200, not_printed_ms=60_000))
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET and w.flow.print_outcome is not None,
                    timeout=10_000)
    assert not w.flow.print_outcome.ok
    assert w.flow.print_outcome.error == tr("printer.status.no_answer")
