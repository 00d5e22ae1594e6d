"""The latest published SKM result as a strip on the lobby display, between calls
(``skm_display_enabled``): it steps aside at every call and comes back when the lobby is
quiet; sized for 1080 lines and scaled with the window's height."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ult_desktop.core.i18n import language, tr
from ult_desktop.reports.fmt import fmt_int
from ult_desktop.ui.display import theme

#: How long the strip stays hidden after a call.
QUIET_MS = 20_000
#: Height of the strip at 1080 lines.
HEIGHT = 70
GRADE = {"A": "#43a047", "B": "#1e88e5", "C": "#fb8c00", "D": "#e53935"}


class SkmSlot(QWidget):
    """See module docstring."""

    def __init__(self, parent: QWidget | None = None, *, quiet_ms: int = QUIET_MS):
        super().__init__(parent)
        self.facts: dict = {}
        self.enabled = False
        self.scale = 1.0
        self.quiet = QTimer(self, singleShot=True, interval=quiet_ms,
                            timeout=self._update_visibility)
        self.setFixedHeight(HEIGHT)
        self.hide()

    def set_scale(self, scale: float) -> None:
        """The window's scale (as its painted panels'): the strip's height follows it."""
        self.scale = scale or 1.0
        self.setFixedHeight(max(24, round(HEIGHT * self.scale)))

    def apply_settings(self, settings: dict) -> None:
        """Office settings arrived (at start and after every change)."""
        self.enabled = bool(settings.get("skm_display_enabled"))
        self.facts = dict(settings.get("skm_published") or {})
        self._update_visibility()

    def pause(self) -> None:
        """A number was called: step aside for a while."""
        self.quiet.start()
        self._update_visibility()

    @property
    def wanted(self) -> bool:
        return self.enabled and bool(self.facts.get("ikm")) and not self.quiet.isActive()

    def _update_visibility(self) -> None:
        self.setVisible(self.wanted)
        self.update()

    def texts(self) -> list[str]:
        """What the strip says (tests read it; empty when hidden)."""
        if not self.wanted:
            return []
        f = self.facts
        lang = language()
        kinerja = f.get("kinerja_en") if lang == "en" and f.get("kinerja_en") else f.get("kinerja")
        return [tr("display.skm.title", lang), str(f.get("ikm", "")),
                tr("display.skm.detail", lang, period=f.get("period", ""),
                   n=fmt_int(f.get("respondents", 0), lang), mutu=f.get("mutu", ""), kinerja=kinerja or "")]

    def paintEvent(self, event) -> None:
        texts = self.texts()
        if not texts:
            return
        s = self.scale
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), theme.PANEL)
        grade = QColor(GRADE.get(self.facts.get("mutu", ""), "#1e88e5"))
        p.fillRect(QRectF(0, 0, 12 * s, self.height()), grade)
        pad = 28 * s
        x = pad
        for text, font, pen in ((texts[0], theme.font("row_small", s), theme.MUTED),
                                (texts[1], theme.font("row", s * 1.15), grade.lighter(130))):
            p.setFont(font)  # the title, then the IKM: each as wide as it is
            p.setPen(pen)
            width = p.fontMetrics().horizontalAdvance(text)
            p.drawText(QRectF(x, 0, width + 4, self.height()), Qt.AlignVCenter, text)
            x += width + pad
        p.setFont(theme.font("row_small", s, bold=False))
        p.setPen(theme.TEXT)
        p.drawText(QRectF(x, 0, self.width() - x - pad, self.height()),
                   Qt.AlignVCenter | Qt.TextSingleLine, texts[2])
        p.end()
