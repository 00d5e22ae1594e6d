"""Near closing the kiosk says "mungkin tidak terlayani hari ini" whole: on the start
screen's service tiles and on the ticket's page ("... silakan tanyakan kunjungan
terjadwal kepada petugas"), at 1366x768 and 1920x1080, large text or not; the words wrap
to more lines, never shrink to small print, and the ticket's number stays big. Real
kiosk window (pytest-qt) on a real office file."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.drivers import WAIT, make_kiosk, service_button, shown_page
from ult_desktop.core.band import NOT_TODAY
from ult_desktop.core.i18n import tr
from ult_desktop.ui.kiosk.flow import TICKET
from ult_desktop.ui.kiosk.widgets import ServiceButton

SIZES = [(1366, 768), (1920, 1080)]


def _near_closing(window) -> None:
    """Every service's tile as near closing: 23 waiting, not served today."""
    view = window.view
    services = tuple(dataclasses.replace(s, wait_band=NOT_TODAY, waiting=23,
                                         open_counters=2)
                     for s in view.state.services)
    view.state = dataclasses.replace(view.state, services=services)
    view.update_services()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("large", [False, True])
def test_the_tiles_say_not_today_whole(qtbot, request, db_path, tmp_path, size, large):
    window = make_kiosk(qtbot, request, db_path, tmp_path, size=size)
    window.spoken.set_large(large)
    qtbot.waitUntil(lambda: window.view.large is large, timeout=2000)
    _near_closing(window)

    def tiles() -> list[ServiceButton]:
        QApplication.processEvents()
        return [t for t in window.view.start_page.findChildren(ServiceButton)
                if t.isVisible()]
    qtbot.waitUntil(lambda: bool(tiles()), timeout=3000)
    said = tr("wait.not_today")
    for tile in tiles():
        assert said in tile.status
        QApplication.processEvents()
        tile.repaint()
        assert tile.status not in tile.cut, (size, large, tile.cut)
        # read as a line, not small print: at least the size of the tile's description
        assert tile.drawn[tile.status] >= 14, (size, large, tile.drawn)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("large", [False, True])
def test_the_ticket_says_not_today_whole(qtbot, request, db_path, tmp_path, size, large):
    window = make_kiosk(qtbot, request, db_path, tmp_path, size=size, printer_url="none")
    window.spoken.set_large(large)
    qtbot.waitUntil(lambda: window.view.large is large, timeout=2000)
    qtbot.mouseClick(service_button(window, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(window) == TICKET and
                    window.view.flow.issued is not None, timeout=WAIT)
    view = window.view
    view.flow.issued = dataclasses.replace(view.flow.issued, wait_band=NOT_TODAY, ahead=23)
    view.draw_ticket()
    page = view.ticket_page
    assert page.estimate.text() == tr("wait.ticket.not_today")
    words = [w for w in (page.service, page.go_to, page.ahead, page.estimate, page.status)
             if w.isVisible() and w.text()]
    seen = {}

    def whole() -> bool:
        QApplication.processEvents()
        seen.update({w.objectName(): (w.height(), w.heightForWidth(w.width()),
                                      w.fontMetrics().horizontalAdvance(w.text()), w.width())
                     for w in words})
        return all(w.height() >= w.heightForWidth(w.width()) for w in words) and \
            page.number.contentsRect().height() >= page.number.fontMetrics().height()
    try:
        qtbot.waitUntil(whole, timeout=3000)
    except Exception:
        raise AssertionError((size, large, page.number.font().pixelSize(), seen)) from None
    # the number stays big: a tenth of the screen's height or more, whole
    assert page.number.font().pixelSize() >= size[1] // 10, page.number.font().pixelSize()
    assert page.number.width() >= page.number.fontMetrics().horizontalAdvance(
        page.number.text())
    # the sentence at the size of the ticket's other words, not small print
    assert page.estimate.font().pixelSize() >= page.ahead.font().pixelSize()


@pytest.mark.parametrize("width_mm", [58, 80])
def test_the_paper_says_not_today_whole(width_mm):
    """The printed ticket carries the whole sentence, wrapped on words to the paper's
    lines (58 and 80 mm), the number on its own."""
    from datetime import datetime, timezone

    from ult_desktop.core.ticket_layout import TicketPrintData, build_layout
    from ult_desktop.devices.printer.escpos_render import media_for, render_escpos

    data = TicketPrintData(number="A-023", service_name="Tunjangan Profesi",
                           issued_at=datetime(2025, 12, 1, 8, 0, tzinfo=timezone.utc),
                           timezone="WIB", priority=False, waiting_ahead=23,
                           wait_band=NOT_TODAY, code="QX7K2M9A", day="2025-12-01")
    printed = render_escpos(build_layout(data), width_mm=width_mm).decode("cp437")
    said = tr("wait.ticket.not_today")
    at = printed.index(said.split(":")[0])
    text = printed[at:at + len(said) + 8]
    assert text.replace("\n", " ").startswith(said), text
    columns = media_for(width_mm).columns
    assert all(len(row) <= columns for row in text.split("\n")[:-1]), text
