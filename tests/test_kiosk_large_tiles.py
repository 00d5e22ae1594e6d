"""The visitor's large text ("Aa Besar") never makes the start page's service tiles
smaller, on a landscape kiosk (1366x768, 1920x1080) or a portrait one; nothing on them is
cut. Real kiosk window (pytest-qt) on a real office file."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.drivers import make_kiosk
from ult_desktop.ui.kiosk.app import DEMO_SIZE
from ult_desktop.ui.kiosk.widgets import ServiceButton


def _tiles(window) -> list[tuple[int, int]]:
    QApplication.processEvents()
    return [(t.width(), t.height()) for t in window.view.start_page.findChildren(ServiceButton)
            if t.isVisible()]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920)])
def test_large_text_never_shrinks_the_tiles(qtbot, request, db_path, tmp_path, size):
    window = make_kiosk(qtbot, request, db_path, tmp_path, size=size)
    normal = _tiles(window)
    assert normal
    window.spoken.set_large(True)
    qtbot.waitUntil(lambda: window.view.large, timeout=2000)
    large = _tiles(window)
    assert len(large) == len(normal)
    assert all(h >= n_h and w >= n_w for (w, h), (n_w, n_h) in zip(large, normal, strict=True)), \
        (normal, large)
    for tile in window.view.start_page.findChildren(ServiceButton):
        tile.cut.clear()
        tile.repaint()
        assert tile.cut == [], tile.cut


@pytest.mark.parametrize("size", [DEMO_SIZE, (720, 1280), (1080, 1920), (1024, 768),
                                  (1366, 768), (1920, 1080)])
def test_the_priority_banner_says_every_group_whole(qtbot, request, db_path, tmp_path, size):
    """The banner's groups ("... anak-anak, korban bencana") and its title are never cut,
    in the demo's window (``ult-desktop demo``) nor on a kiosk's screen, large text or not
    (its five pictograms stand in a row only where the words keep their room)."""
    window = make_kiosk(qtbot, request, db_path, tmp_path, size=size)
    banner = window.view.start_page.priority
    for large in (False, True):
        window.spoken.set_large(large)
        qtbot.waitUntil(lambda large=large: window.view.large is large, timeout=2000)
        QApplication.processEvents()
        banner.cut.clear()
        banner.repaint()
        assert banner.cut == [], (size, large, banner.cut)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920)])
def test_large_text_is_really_larger_on_the_tiles(qtbot, request, db_path, tmp_path, size):
    """Each service tile's name is drawn at least 1.3 times as large in the large-text
    mode (not shrunk back to fit the same box), its waiting line (a sentence, on
    1366x768 too) larger as well, and both stay whole."""
    window = make_kiosk(qtbot, request, db_path, tmp_path, size=size)
    tiles = [t for t in window.view.start_page.findChildren(ServiceButton) if t.isVisible()]

    def drawn() -> list[tuple[int, int]]:
        QApplication.processEvents()
        out = []
        for tile in tiles:
            tile.repaint()
            assert tile.cut == [] or not window.view.large, (size, tile.cut)
            out.append((tile.drawn[tile.title], tile.drawn[tile.status]))
        return out

    normal = drawn()
    window.spoken.set_large(True)
    seen = []

    def larger() -> bool:  # once the tiles are laid out again
        seen[:] = drawn()
        return window.view.large and all(
            lt >= 1.3 * nt and ls >= 1.15 * ns
            for (lt, ls), (nt, ns) in zip(seen, normal, strict=True))
    try:
        qtbot.waitUntil(larger, timeout=3000)
    except Exception:
        raise AssertionError((size, normal, seen)) from None
