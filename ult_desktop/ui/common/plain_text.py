"""Text from the shared file or from a visitor is shown as plain text: an AutoText label
renders HTML, and ``<img src="\\\\host\\x.png">`` would make every PC fetch that file (on
Windows, sending its login hash). :func:`install` switches every label to ``PlainText``;
one that wants HTML sets ``Qt.RichText`` and escapes every value (``html.escape``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel

_WATCHED = (QEvent.Type.Polish, QEvent.Type.Show, QEvent.Type.ChildPolished)


class PlainTextGuard(QObject):
    def eventFilter(self, obj, event) -> bool:
        if event.type() in _WATCHED and isinstance(obj, QLabel) and \
                obj.textFormat() == Qt.TextFormat.AutoText:
            obj.setTextFormat(Qt.TextFormat.PlainText)
        return False


def install(app: QApplication) -> None:
    if getattr(app, "_ult_plain_text", None) is None:
        guard = PlainTextGuard(app)
        app.installEventFilter(guard)
        app._ult_plain_text = guard  # type: ignore[attr-defined]
