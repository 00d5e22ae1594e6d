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


def test_an_idle_kiosk_tells_the_office_its_printer_cover_is_open(qtbot, request, db_path,
                                                                   tmp_path):
    """Asked between visitors, the printer's own state (the cover, not a guess) reaches
    the stations table at once, where Admin > Stasiun and the morning check read it;
    closed again, the kiosk says it is ready."""
    from printer_fixtures import LoopbackPrinter

    from ult_desktop.db.engine.sqlite import Database

    printer = LoopbackPrinter("cover_open")
    request.addfinalizer(printer.close)
    w = make_kiosk(qtbot, request, db_path, tmp_path, printer_url=printer.url)
    seen = []
    w.link.printer.checked.connect(seen.append)
    office = Database.open(db_path, station="admin", mode="admin")
    request.addfinalizer(office.close)

    def recorded() -> str | None:
        rows = office.query("SELECT printer_state FROM stations WHERE mode = 'kiosk'")
        return rows[0][0] if rows else None

    w.link.printer.probe()
    qtbot.waitUntil(lambda: recorded() == "cover_open", timeout=10_000)
    assert set(seen) == {"cover_open"} and set(printer.tickets()) <= {b""}  # nothing printed
    notice = w.printer_notice.label  # said on the kiosk too: the officer passing by
    assert notice.isVisible() and tr("printer.status.cover_open") in notice.text()
    assert "tetap tampil di layar dan dipanggil" in notice.text()
    printer.mode = "ok"
    w.link.printer.probe()
    qtbot.waitUntil(lambda: recorded() == "ok", timeout=10_000)
    assert not notice.isVisible()
