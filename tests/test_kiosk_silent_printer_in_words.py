"""A printer that never answers is reported on the kiosk in words, in the visitor's
language."""

from __future__ import annotations

import socket
from dataclasses import replace

from PySide6.QtCore import Qt

from tests.drivers import FAST, WAIT, make_kiosk, service_button, shown_page
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
                    timeout=WAIT)
    assert not w.flow.print_outcome.ok
    assert w.flow.print_outcome.error == tr("printer.status.no_answer")


def test_an_idle_kiosk_tells_the_office_its_printer_cover_is_open(qtbot, request, db_path,
                                                                   tmp_path):
    """Asked between visitors, the printer's own state (the cover, not a guess) reaches
    the stations table at once, where Admin > Stasiun and the morning check read it;
    closed again, the kiosk says it is ready."""
    from printer_fixtures import LoopbackPrinter

    from ult_desktop.db.open import open_database

    printer = LoopbackPrinter("cover_open")
    request.addfinalizer(printer.close)
    w = make_kiosk(qtbot, request, db_path, tmp_path, printer_url=printer.url)
    seen = []
    w.link.printer.checked.connect(seen.append)
    office = open_database(db_path, station="admin", mode="admin")
    request.addfinalizer(office.close)

    def recorded() -> str | None:
        rows = office.query("SELECT printer_state FROM stations WHERE mode = 'kiosk'")
        return rows[0][0] if rows else None

    w.link.printer.probe()
    qtbot.waitUntil(lambda: recorded() == "cover_open", timeout=WAIT)
    assert set(seen) == {"cover_open"} and set(printer.tickets()) <= {b""}  # nothing printed
    notice = w.printer_notice.label  # said on the kiosk too: the officer passing by
    assert notice.isVisible() and tr("printer.status.cover_open") in notice.text()
    assert "tetap tampil di layar dan dipanggil" in notice.text()
    printer.mode = "ok"
    w.link.printer.probe()
    qtbot.waitUntil(lambda: recorded() == "ok", timeout=WAIT)
    assert not notice.isVisible()


def test_the_idle_probe_waits_for_the_one_under_way_instead_of_queueing_more(
        qtbot, request, db_path, tmp_path, monkeypatch):
    """A printer that never answers (a hung Windows spooler looks the same to the kiosk):
    while one probe waits for it, the watch's ticks start no other (before, each tick
    started one more, each holding a pool thread); once it answered, the next tick asks
    again."""
    from ult_desktop.ui.kiosk import paper

    silent = socket.socket()  # accepts the connection, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    request.addfinalizer(silent.close)
    asked = []
    real = paper.probe_printer
    monkeypatch.setattr(paper, "probe_printer", lambda url: asked.append(url) or real(url))
    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   printer_url=f"tcp://127.0.0.1:{silent.getsockname()[1]}?timeout=4")
    watch, ticks, answers = w.link.printer, [], []
    watch.checked.connect(answers.append)
    watch.timer.timeout.connect(lambda: ticks.append(1))
    watch.timer.setInterval(50)
    qtbot.waitUntil(lambda: len(ticks) >= 10 and bool(asked), timeout=WAIT)
    assert len(asked) == 1 and watch.asking and not answers  # ten ticks, still one probe
    qtbot.waitUntil(lambda: answers == ["no_answer"], timeout=WAIT)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=WAIT)  # asked again after the answer
