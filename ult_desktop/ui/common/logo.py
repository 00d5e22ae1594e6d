"""The office's logo as every screen shows it: the ``office_logo_png_b64`` setting."""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def logo_pixmap(b64: str | None, side: int | None = None) -> QPixmap:
    """The logo, fitted in *side* × *side*; a null pixmap when none is set or it is no image."""
    try:
        pixmap = QPixmap.fromImage(QImage.fromData(base64.b64decode(b64 or "")))
    except binascii.Error:
        return QPixmap()
    if side is None or pixmap.isNull():
        return pixmap
    return pixmap.scaled(side, side, Qt.KeepAspectRatio, Qt.SmoothTransformation)
