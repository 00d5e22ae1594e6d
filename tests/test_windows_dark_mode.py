"""Windows dark mode cannot make text unreadable.

Offscreen Qt has no Windows theme, so dark mode is forced the way Windows applies it to
a Qt 6.7+ app: a dark colour scheme hint and a dark palette. Then the app-start pinning
runs and the text colours the screens use must stay readable on their backgrounds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit

from ult_desktop.ui.common.appearance import contrast, light_palette, pin_light_appearance

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.windows]
STYLESHEET_TEXT = QColor("#37474f")  # the dark text the screens' stylesheets hard-code


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.Window, "#202020"), (QPalette.WindowText, "#ffffff"),
                         (QPalette.Base, "#1b1b1b"), (QPalette.Text, "#ffffff"),
                         (QPalette.Button, "#2d2d2d"), (QPalette.ButtonText, "#ffffff")):
        pal.setColor(role, QColor(colour))
    return pal


@pytest.fixture
def dark_windows(qapp):
    hints = qapp.styleHints()
    before_scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    before_palette, before_style = QPalette(qapp.palette()), qapp.style().name()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark)
    qapp.setPalette(dark_palette())
    yield qapp
    if before_scheme is not None:
        hints.setColorScheme(before_scheme)
    qapp.setStyle(before_style)
    qapp.setPalette(before_palette)


def backgrounds(widget) -> list[QColor]:
    pal = widget.palette()
    return [pal.color(QPalette.Window), pal.color(QPalette.Base)]


def test_dark_mode_unpinned_makes_stylesheet_text_unreadable(qtbot, dark_windows):
    label = QLabel("Nomor antrean")
    qtbot.addWidget(label)
    assert min(contrast(STYLESHEET_TEXT, bg) for bg in backgrounds(label)) < 2.5


def test_pinned_light_scheme_keeps_every_text_readable(qtbot, dark_windows):
    pin_light_appearance(dark_windows)
    assert dark_windows.style().name().lower() == "fusion"
    hints = dark_windows.styleHints()
    if hasattr(hints, "colorScheme"):  # offscreen has no theme and reports Unknown
        assert hints.colorScheme() in (Qt.ColorScheme.Light, Qt.ColorScheme.Unknown)
    label, edit = QLabel("Nomor antrean"), QLineEdit("A-001")
    for w in (label, edit):
        qtbot.addWidget(w)
    pal = edit.palette()
    for text, bg in ((QPalette.WindowText, QPalette.Window), (QPalette.Text, QPalette.Base),
                     (QPalette.ButtonText, QPalette.Button),
                     (QPalette.HighlightedText, QPalette.Highlight)):
        assert contrast(pal.color(text), pal.color(bg)) >= 4.5, (text, bg)
    for bg in backgrounds(label) + backgrounds(edit):
        assert contrast(STYLESHEET_TEXT, bg) >= 4.5


def test_setup_wizard_in_dark_mode_is_light(qtbot, dark_windows, tmp_path):
    from ult_desktop.ui.setup.wizard import SetupWizard

    pin_light_appearance(dark_windows)
    wizard = SetupWizard(tmp_path / "station.json", make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.currentPage()
    assert contrast(STYLESHEET_TEXT, page.palette().color(QPalette.Window)) >= 4.5
    image = wizard.grab().toImage()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.lightness() > 180  # the page is light, not Windows' dark grey


def test_light_palette_disabled_text_is_still_legible():
    pal = light_palette()
    assert contrast(pal.color(QPalette.Disabled, QPalette.Text),
                    pal.color(QPalette.Disabled, QPalette.Base)) >= 2.5


def test_every_mode_starts_pinned_light(tmp_path):
    """ensure_app (what every mode calls) pins style and palette in a fresh process."""
    code = ("from ult_desktop.ui.common.app import ensure_app\n"
            "from PySide6.QtGui import QPalette\n"
            "app = ensure_app()\n"
            "print(app.style().name(), app.palette().color(QPalette.Window).name(),"
            " app.palette().color(QPalette.WindowText).name())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    style, window, text = done.stdout.split()
    assert style.lower() == "fusion"
    assert contrast(QColor(window), QColor(text)) >= 7
    assert contrast(QColor(window), STYLESHEET_TEXT) >= 4.5
