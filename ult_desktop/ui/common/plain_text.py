"""Text from the shared file or from a visitor is shown as plain text.

A ``QLabel`` (and a message box's label) left at ``Qt.AutoText`` renders its text as
HTML when it looks like HTML: an office name ``<img src="\\\\host\\share\\x.png">``
would make every kiosk, tablet and counter open that file (on Windows, sending the PC's
login hash to that host). :func:`install` puts an application-wide filter in place that
switches every such label to ``Qt.PlainText`` before it is first laid out or shown.
A label that formats its own HTML says so with ``setTextFormat(Qt.RichText)`` and
escapes every value it inserts (``html.escape``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel

_WATCHED = (QEvent.Type.Polish, QEvent.Type.Show, QEvent.Type.ChildPolished)


def force_plain(label: QLabel) -> None:
    if label.textFormat() == Qt.TextFormat.AutoText:
        label.setTextFormat(Qt.TextFormat.PlainText)


class PlainTextGuard(QObject):
    def eventFilter(self, obj, event) -> bool:
        if event.type() in _WATCHED and isinstance(obj, QLabel):
            force_plain(obj)
        return False


def install(app: QApplication) -> None:
    if getattr(app, "_ult_plain_text", None) is None:
        guard = PlainTextGuard(app)
        app.installEventFilter(guard)
        app._ult_plain_text = guard  # type: ignore[attr-defined]
