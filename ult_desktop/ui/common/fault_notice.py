"""What a station shows after an uncaught error (app/logsetup.py logs it): one line on
its window, "something went wrong, it has been recorded", that hides by itself. Never a
dialog: a kiosk or TV has nobody to close one."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ult_desktop.app.logsetup import on_uncaught
from ult_desktop.core.i18n import tr

SHOWN_MS = 20_000
NAME = "faultNotice"


class FaultNotice(QObject):
    """Told from any thread (a queued signal); shows the line on the largest visible
    window of the station."""

    raised = Signal()

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.raised.connect(self.show_notice, Qt.ConnectionType.QueuedConnection)
        self._hide = QTimer(self, singleShot=True, interval=SHOWN_MS, timeout=self._hide_all)

    def show_notice(self) -> None:
        windows = [w for w in self.app.topLevelWidgets()
                   if w.isVisible() and w.windowType() == Qt.WindowType.Window]
        if not windows:
            return
        window = max(windows, key=lambda w: w.width() * w.height())
        label = window.findChild(QLabel, NAME) or _label(window)
        label.setText(tr("ui.fault.recorded"))
        label.setFixedWidth(min(window.width(), max(360, window.width() // 2)))
        label.adjustSize()
        label.move((window.width() - label.width()) // 2, window.height() - label.height() - 12)
        label.raise_()
        label.show()
        self._hide.start()

    def _hide_all(self) -> None:
        for window in self.app.topLevelWidgets():
            label = window.findChild(QLabel, NAME)
            if label is not None:
                label.hide()


def _label(window: QWidget) -> QLabel:
    label = QLabel(window, objectName=NAME, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.setStyleSheet("background:#ef6c00;color:#fff;font-size:16px;font-weight:bold;"
                        "padding:8px;border-radius:6px;")
    return label


def install(app: QApplication) -> FaultNotice:
    """Once per application: every uncaught error the log records is shown."""
    notice = getattr(app, "_ult_fault_notice", None)
    if notice is None:
        notice = FaultNotice(app)
        app._ult_fault_notice = notice
        on_uncaught(notice.raised.emit)
    return notice
