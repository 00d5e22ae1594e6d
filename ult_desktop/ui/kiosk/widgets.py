"""Touch widgets of the kiosk, painted by hand so they scale to any screen.

Every size is derived from the widget's own rectangle, so the same widget reads well
on a 1080 x 1920 portrait kiosk and a 1920 x 1080 landscape one."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QApplication, QSizePolicy, QWidget

from ult_desktop.ui.kiosk.pictograms import GROUPS, draw_pictogram

PRIORITY_COLOR = "#6a1b9a"
DISABLED_COLOR = "#9e9e9e"
#: The large-text mode's high contrast: yellow on black, as the kiosk's style sheet.
CONTRAST_FG, CONTRAST_BG = "#ffeb3b", "#000000"
#: How much larger the tiles' texts are in the large-text mode.
LARGE_TILE_TEXT = 1.4


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on *background*."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    return QColor("#000000") if 0.299 * r + 0.587 * g + 0.114 * b > 0.62 else QColor("#ffffff")


def _flag_value(flags) -> int:
    return flags if isinstance(flags, int) else flags.value


def fitted_font(base: QFont, px: float, text: str, rect: QRectF, flags, min_px: float = 10
                ) -> QFont:
    """*base* at *px* pixels, shrunk until *text* fits *rect* with *flags* (the largest
    whole pixel size that fits, not a coarse step below it)."""
    font = QFont(base)

    def fits(size: float) -> bool:
        font.setPixelSize(max(1, round(size)))
        used = QFontMetricsF(font).boundingRect(rect, _flag_value(flags), text)
        return used.height() <= rect.height() + 0.5 and used.width() <= rect.width() + 0.5

    high = max(min_px, px)
    low = high
    for _ in range(12):  # coarse steps down to a size that fits
        if fits(low) or low <= min_px:
            break
        high, low = low, max(min_px, low * 0.88)
    while round(high) - round(low) > 1:  # then the largest that fits between
        middle = (low + high) / 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    fits(low)
    return font


def _draw_text(p: QPainter, rect: QRectF, text: str, px: float, *, bold: bool = False,
               flags=Qt.AlignLeft | Qt.AlignVCenter, wrap: bool = True,
               color: QColor | None = None, min_scale: float = 0.75) -> tuple[bool, int]:
    """Draw *text* in *rect*: whether it fitted whole (not cut or elided), and the pixel
    size it was drawn at."""
    if not text or rect.width() <= 0 or rect.height() <= 0:
        return not text, 0
    f = _flag_value(flags) | (Qt.TextWordWrap.value if wrap else 0)
    base = QFont(p.font())
    base.setBold(bold)
    # Wrapped text shrinks to fit; a single line shrinks a little, then is elided.
    font = fitted_font(base, px, text, rect, f, min_px=10 if wrap else max(10.0, px * min_scale))
    p.setFont(font)
    if color is not None:
        p.setPen(color)
    used = QFontMetricsF(font).boundingRect(rect, f, text)
    whole = used.width() <= rect.width() + 0.5 and used.height() <= rect.height() + 0.5
    if not wrap:
        text = QFontMetricsF(font).elidedText(text, Qt.ElideRight, rect.width())
    p.drawText(rect, f, text)
    return whole, font.pixelSize()


class TileButton(QAbstractButton):
    """A big rounded touch target in one colour; subclasses paint the content."""

    inset = 3  # pixels between the widget's edge and the painted tile

    def __init__(self, color: str = PRIORITY_COLOR, parent: QWidget | None = None):
        super().__init__(parent)
        self.color = QColor(color)
        self.setFocusPolicy(Qt.NoFocus)
        self.setCursor(Qt.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.large = False   # the visitor's large text and high contrast
        #: texts the last paint could not show whole (tests: nothing is cut), and the
        #: pixel size each text was drawn at
        self.cut: list[str] = []
        self.drawn: dict[str, int] = {}

    def text(self, p: QPainter, rect: QRectF, text: str, px: float, **kwargs) -> None:
        """:func:`_draw_text`, larger in the large-text mode; a cut text is noted."""
        if self.large:
            px *= LARGE_TILE_TEXT
            kwargs["wrap"] = True
            kwargs["color"] = QColor(CONTRAST_FG if kwargs.get("bold") else "#ffffff")
        whole, self.drawn[text] = _draw_text(p, rect, text, px, **kwargs)
        if not whole:
            self.cut.append(text)

    def background(self) -> QColor:
        if self.large:
            return QColor("#424242") if self.isDown() else QColor(CONTRAST_BG)
        if not self.isEnabled():
            return QColor(DISABLED_COLOR)
        return self.color.darker(135) if self.isDown() else self.color

    def outline(self) -> QPen | None:
        if self.large:
            return QPen(QColor(CONTRAST_FG if self.isEnabled() else DISABLED_COLOR), 5)
        return QPen(self.color.darker(150), 2) if self.isEnabled() else None

    def paint_tile(self, p: QPainter) -> QRectF:
        rect = QRectF(self.rect()).adjusted(self.inset, self.inset, -self.inset, -self.inset)
        radius = min(28.0, min(rect.width(), rect.height()) * 0.08)
        path = QPainterPath()
        path.addRoundedRect(rect, radius, radius)
        p.fillPath(path, self.background())
        pen = self.outline()
        if pen is not None:
            p.setPen(pen)
            p.drawPath(path)
        return rect

    def paintEvent(self, event) -> None:
        self.cut, self.drawn = [], {}
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.setRenderHint(QPainter.TextAntialiasing)
        rect = self.paint_tile(p)
        self.paint_content(p, rect, text_color_on(self.background()))
        p.end()

    def paint_content(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        raise NotImplementedError

    def sizeHint(self) -> QSize:
        return QSize(200, 120)


class ServiceButton(TileButton):
    """One service: letter badge, name, description and the live waiting line."""

    def __init__(self, prefix: str, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.prefix = prefix
        self.title = self.description = self.status = ""

    def set_content(self, *, title: str, description: str, status: str, color: str,
                    enabled: bool) -> None:
        self.title, self.description, self.status = title, description, status
        self.color = QColor(color)
        self.setEnabled(enabled)
        self.setAccessibleName(f"{self.prefix} {title}")
        self.update()

    def paint_content(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        w, h = rect.width(), rect.height()
        pad = min(w, h) * 0.08
        inner = rect.adjusted(pad, pad, -pad, -pad)
        if w / max(1.0, h) < 2.0:
            self._paint_tall(p, inner, fg)
        else:
            self._paint_wide(p, inner, fg)

    def _badge(self, p: QPainter, box: QRectF) -> None:
        p.save()
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("#ffffff") if self.isEnabled() else QColor("#eeeeee"))
        p.drawEllipse(box)
        p.restore()
        color = self.color if self.isEnabled() else QColor(DISABLED_COLOR).darker(130)
        _draw_text(p, box.adjusted(box.width() * 0.12, 0, -box.width() * 0.12, 0), self.prefix,
                   box.height() * 0.55, bold=True, flags=Qt.AlignCenter, wrap=False,
                   color=color)

    def _paint_wide(self, p: QPainter, r: QRectF, fg: QColor) -> None:
        # large text: a smaller badge and no description, the name and the line larger
        d = min(r.height() * (0.35 if self.large else 0.7), r.width() * 0.2)
        self._badge(p, QRectF(r.left(), r.center().y() - d / 2, d, d))
        x = r.left() + d + r.height() * (0.12 if self.large else 0.18)
        tw = r.right() - x
        unit = min(r.height() * 0.2, tw * 0.075)
        h = r.height()
        # a tile the screen's width (portrait) has room for the name on two lines
        title_h = (0.68 if r.width() > 3 * h else 0.56) if self.large else 0.46
        status_at = title_h + 0.02 if self.large else 0.74
        self.text(p, QRectF(x, r.top(), tw, h * title_h), self.title, unit * 1.2,
                   bold=True, flags=Qt.AlignLeft | Qt.AlignBottom, color=fg)
        if not self.large:
            self.text(p, QRectF(x, r.top() + h * 0.48, tw, h * 0.24), self.description,
                      unit * 0.7, flags=Qt.AlignLeft | Qt.AlignVCenter, wrap=False, color=fg)
        self.text(p, QRectF(x, r.top() + h * status_at, tw, h * (1 - status_at)),
                   self.status, unit * 0.8, bold=True, flags=Qt.AlignLeft | Qt.AlignVCenter,
                   wrap=False, color=fg, min_scale=0.55)

    def _paint_tall(self, p: QPainter, r: QRectF, fg: QColor) -> None:
        d = min(r.width() * 0.42, r.height() * (0.14 if self.large else 0.3))
        self._badge(p, QRectF(r.center().x() - d / 2, r.top(), d, d))
        top = r.top() + d + r.height() * 0.04
        rest = r.bottom() - top
        unit = min(r.width() * 0.085, rest * 0.16)
        title_h, status_at = (0.6, 0.62) if self.large else (0.42, 0.72)
        self.text(p, QRectF(r.left(), top, r.width(), rest * title_h), self.title,
                  unit * 1.15, bold=True, flags=Qt.AlignHCenter | Qt.AlignVCenter, color=fg)
        if not self.large:  # large text: the name and the line larger, no description
            self.text(p, QRectF(r.left(), top + rest * 0.43, r.width(), rest * 0.28),
                      self.description, unit * 0.72, flags=Qt.AlignHCenter | Qt.AlignTop,
                      color=fg)
        self.text(p, QRectF(r.left(), top + rest * status_at, r.width(),
                            rest * (1 - status_at)), self.status, unit * 0.8, bold=True,
                  flags=Qt.AlignHCenter | Qt.AlignVCenter, color=fg)


class PriorityButton(TileButton):
    """The clearly marked door to the priority path, with a pictogram for each of the
    five groups its subtitle names (in a row when the button is wide, else 3 over 2)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(PRIORITY_COLOR, parent)
        self.title = self.subtitle = ""

    def set_content(self, *, title: str, subtitle: str, enabled: bool) -> None:
        self.title, self.subtitle = title, subtitle
        self.setEnabled(enabled)
        self.setAccessibleName(title)
        self.update()

    def paint_content(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        pad = rect.height() * 0.1
        r = rect.adjusted(pad, pad, -pad, -pad)
        icon = r.height()
        wide = r.width() / max(1.0, r.height()) > 11  # five icons leave the words room
        if wide:  # every group's icon in a row on the left
            box = QRectF(r.left(), r.top(), icon * len(GROUPS), icon)
            for i, kind in enumerate(GROUPS):
                draw_pictogram(p, QRectF(box.left() + i * icon, box.top(), icon, icon), kind, fg)
        else:  # three over two, as wide as the 2 x 2 block it replaced (room for the title)
            cell = icon / 3
            box = QRectF(r.left(), r.top() + (icon - 2 * cell) / 2, cell * 3, cell * 2)
            for i, kind in enumerate(GROUPS):
                row, col = divmod(i, 3)
                left = box.left() + col * cell + (cell / 2 if row else 0)
                draw_pictogram(p, QRectF(left, box.top() + row * cell, cell, cell), kind, fg)
        x = box.right() + pad * 1.5
        tw = r.right() - x
        self.text(p, QRectF(x, r.top(), tw, r.height() * 0.55), self.title,
                   r.height() * 0.4, bold=True, flags=Qt.AlignLeft | Qt.AlignVCenter,
                   wrap=False, color=fg)
        self.text(p, QRectF(x, r.top() + r.height() * 0.55, tw, r.height() * 0.45),
                   self.subtitle, r.height() * 0.2, flags=Qt.AlignLeft | Qt.AlignVCenter,
                   color=fg)


class GroupButton(TileButton):
    """One priority group (kelompok rentan): a large pictogram and its name."""

    inset = 4

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__("#ffffff", parent)
        self.kind = kind
        self.label = ""

    def set_label(self, label: str) -> None:
        self.label = label
        self.setAccessibleName(label)
        self.update()

    def background(self) -> QColor:
        if self.large:
            return super().background()
        return QColor("#e1bee7") if self.isDown() else QColor("#ffffff")

    def ink(self) -> str:
        return CONTRAST_FG if self.large else PRIORITY_COLOR

    def outline(self) -> QPen:
        return QPen(QColor(self.ink()), 5)

    def paint_content(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        pad = min(rect.width(), rect.height()) * 0.07
        r = rect.adjusted(pad, pad, -pad, -pad)
        draw_pictogram(p, QRectF(r.left(), r.top(), r.width(), r.height() * 0.7), self.kind,
                       QColor(self.ink()))
        self.text(p, QRectF(r.left(), r.top() + r.height() * 0.72, r.width(),
                             r.height() * 0.28), self.label,
                   min(r.height() * 0.11, r.width() * 0.09), bold=True,
                   flags=Qt.AlignCenter, color=QColor("#212121"))


class CornerTapZone(QWidget):
    """An invisible corner: *taps* presses within *window_s* seconds emit ``triggered``
    (the hidden gesture to the admin PIN)."""

    triggered = Signal()

    def __init__(self, parent: QWidget, *, taps: int = 5, window_s: float = 3.0):
        super().__init__(parent)
        self.taps, self.window_s, self.clock = taps, window_s, time.monotonic
        self._times: list[float] = []

    def place(self, unit: float) -> None:
        """In the top-left corner, 12 units wide, above everything (the screen's scale)."""
        side = round(12 * unit)
        self.setGeometry(0, 0, side, side)
        self.raise_()
        self.setAttribute(Qt.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.NoFocus)

    def mousePressEvent(self, event) -> None:
        now = self.clock()
        self._times = [t for t in self._times if now - t <= self.window_s] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            self.triggered.emit()
        event.accept()

    def paintEvent(self, event) -> None:  # invisible on purpose
        pass


class HeldTouch(QObject):
    """A finger held *ms* on any widget of *window* calls ``held()``; when that returns
    True the touch chooses nothing. Keys pressed on *window* go to ``key(event)`` (True:
    used). One filter on the application: it sees every widget's events."""

    def __init__(self, window: QWidget, *, held: Callable[[], bool],
                 key: Callable[[QKeyEvent], bool], ms: int) -> None:
        super().__init__(window)
        self.window, self.held, self.key = window, held, key
        self._long = False
        self.timer = QTimer(self, singleShot=True, interval=ms, timeout=self._held)
        QApplication.instance().installEventFilter(self)
        window.destroyed.connect(self._forget)

    def _forget(self, *_args) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _held(self) -> None:
        self._long = bool(self.held())

    def eventFilter(self, obj, event) -> bool:  # Qt name
        kind = event.type()
        if kind == QEvent.KeyPress and obj is self.window:
            return self.key(event)
        if kind not in (QEvent.MouseButtonPress, QEvent.MouseButtonRelease) or \
                not obj.isWidgetType() or obj.window() is not self.window:
            return False
        if kind == QEvent.MouseButtonPress:
            if not self.timer.isActive():
                self._long = False
                self.timer.start()
            return False
        self.timer.stop()
        if self._long:  # the finger was held to listen: the touch chooses nothing
            if isinstance(obj, QAbstractButton):
                obj.setDown(False)
            self._long = False
            return True
        return False
