"""Creating the QApplication the same way in every mode."""

from __future__ import annotations

import logging
import os
import platform
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ult_desktop import __version__
from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.fit import show_within_screen


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
        route_qt_messages()
        from ult_desktop.ui.common import fault_notice

        fault_notice.install(app)  # an uncaught error: logged, and one line on the screen
        from ult_desktop.ui.common import shutdown

        shutdown.install(app)  # SIGTERM, a session ending: windows closed, data written
    from ult_desktop.ui.common import gc_guard, plain_text

    gc_guard.install(app)  # cycles collected in the GUI thread only, never in a worker
    plain_text.install(app)  # shared-file text is never HTML
    return app


def run_window(args, make_window, *, full_screen: bool = False) -> int:
    """A mode's ``main``: the window *make_window* builds on ``args.db`` (exit 2 without
    one), maximized, full screen or (``--windowed``) as it is, until it closes."""
    if not getattr(args, "db", None):
        print(f"ult-desktop: {tr('cli.need_db')}", file=sys.stderr)
        return 2
    app = ensure_app()
    window = make_window()
    if getattr(args, "windowed", False):
        show_within_screen(window)
    elif full_screen:
        window.showFullScreen()
    else:
        window.showMaximized()
    return app.exec()


def station_id(mode: str, explicit: str | None = None) -> str:
    return explicit or os.environ.get("ULT_STATION") or f"{mode}@{platform.node() or 'pc'}"


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
_previous_handler = None
_routed = False


def _qt_message(kind, context, message) -> None:
    category = getattr(context, "category", None) or "qt"
    logging.getLogger(f"qt.{category}" if not category.startswith("qt") else category).log(
        _QT_LEVELS.get(kind, logging.WARNING), "%s", message)
    if _previous_handler is not None:  # keep whoever listened before (pytest-qt, stderr)
        _previous_handler(kind, context, message)


def route_qt_messages() -> None:
    """Qt's own warnings also go to the station's log (the previous handler still gets
    them); installed once per process."""
    global _previous_handler, _routed
    if _routed:
        return
    _routed = True
    previous = qInstallMessageHandler(_qt_message)
    if getattr(previous, "__name__", "") != _qt_message.__name__:  # never ourselves
        _previous_handler = previous
