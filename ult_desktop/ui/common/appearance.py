"""One look on every PC: Fusion style, a light colour scheme and palette pinned, since Qt
6.7+ follows Windows' dark mode under the screens' dark text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_LIGHT = {
    QPalette.Window: "#f5f7fa",
    QPalette.WindowText: "#1c2430",
    QPalette.Base: "#ffffff",
    QPalette.AlternateBase: "#eef1f5",
    QPalette.ToolTipBase: "#ffffdc",
    QPalette.ToolTipText: "#1c2430",
    QPalette.PlaceholderText: "#6b7785",
    QPalette.Text: "#1c2430",
    QPalette.Button: "#e9edf2",
    QPalette.ButtonText: "#1c2430",
    QPalette.BrightText: "#ffffff",
    QPalette.Light: "#ffffff",
    QPalette.Midlight: "#e3e7ec",
    QPalette.Mid: "#b8c0ca",
    QPalette.Dark: "#8b95a1",
    QPalette.Shadow: "#4a525c",
    QPalette.Highlight: "#1565c0",
    QPalette.HighlightedText: "#ffffff",
    QPalette.Link: "#0d47a1",
    QPalette.LinkVisited: "#4a148c",
}
_DISABLED = {
    QPalette.WindowText: "#8a939e",
    QPalette.Text: "#8a939e",
    QPalette.ButtonText: "#8a939e",
    QPalette.Base: "#f0f2f5",
    QPalette.Button: "#eef0f3",
}


def light_palette() -> QPalette:
    """The palette every mode uses: dark text on light backgrounds."""
    palette = QPalette()
    for role, colour in _LIGHT.items():
        palette.setColor(QPalette.All, role, QColor(colour))
    for role, colour in _DISABLED.items():
        palette.setColor(QPalette.Disabled, role, QColor(colour))
    return palette


def pin_light_appearance(app: QApplication) -> None:
    """Fusion style, light colour scheme and the light palette on *app*."""
    app.setStyle("Fusion")
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(Qt.ColorScheme.Light)
    app.setPalette(light_palette())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is readable body text)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + \
            0.0722 * channel(c.blueF())
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
