"""Colours and type of the lobby display, sized for reading from five metres.

Every size is given for a 1080-pixel-high screen and multiplied by the window's scale,
so 1366×768, 1920×1080 and 3840×2160 show the same layout."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

BG = QColor("#0a1a33")
PANEL = QColor("#10294d")
PANEL_EDGE = QColor("#1f4a85")
ACCENT = QColor("#ffb300")      # the latest call
TEXT = QColor("#ffffff")
MUTED = QColor("#a9c1e6")
SERVING = QColor("#4caf50")
#: a call whose visitor is Deaf: blinks white with red text in a thick red/white frame
STRONG = QColor("#ffffff")
STRONG_TEXT = QColor("#b71c1c")
STRONG_EDGE = QColor("#e53935")

FAMILIES = ["Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "Arial"]

# Pixel sizes at 1080 lines.
SIZE = {
    "office": 46, "clock": 64, "date": 30,
    "call_title": 44, "call_number": 250, "call_goto": 40, "call_counter": 96,
    "section": 34, "tile_name": 34, "tile_number": 86,
    "row": 42, "row_small": 30, "marquee": 40,
}


def font(key: str, scale: float, *, bold: bool = True) -> QFont:
    f = QFont()
    f.setFamilies(FAMILIES)
    f.setPixelSize(max(8, round(SIZE[key] * scale)))
    f.setBold(bold)
    return f


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Colour *t* of the way from *a* to *b* (0..1)."""
    t = max(0.0, min(1.0, t))
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def css(color: QColor) -> str:
    return color.name()
