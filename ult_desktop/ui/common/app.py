"""Creating the QApplication the same way in every mode."""

from __future__ import annotations

import os
import platform
import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ult_desktop import __version__


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("ULT Desktop")
        app.setApplicationVersion(__version__)
        app.setOrganizationName("ULT Desktop")
        from ult_desktop.ui.common.appearance import pin_light_appearance

        pin_light_appearance(app)  # Fusion + light scheme: Windows dark mode must not apply
        font = QFont(app.font())
        font.setPointSize(max(font.pointSize(), 11))
        app.setFont(font)
        from ult_desktop.ui.common import smoke

        smoke.install(app)  # ULT_SMOKE_EXIT_MS: bundle smoke test (start, first frame, quit)
        from ult_desktop.core.i18n import language
        from ult_desktop.ui.common.qt_translations import install_qt_translations

        install_qt_translations(app, language())  # Qt's dialogs in Indonesian
    from ult_desktop.ui.common import gc_guard

    gc_guard.install(app)  # cycles collected in the GUI thread only, never in a worker
    return app


def station_id(mode: str, explicit: str | None = None) -> str:
    return explicit or os.environ.get("ULT_STATION") or f"{mode}@{platform.node() or 'pc'}"
