"""The painted parts of the lobby display, sized from the window's scale (1366×768 to
4K alike); the texts each shows are kept in plain attributes (``texts()``) for the tests."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Property, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import DEAF
from ult_desktop.core.tickets import EventKind
from ult_desktop.ui.display import theme
from ult_desktop.ui.display.model import Call

RADIUS = 18


class Panel(QWidget):
    """A rounded panel whose colour can be animated through the ``flash`` property."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = 1.0
        self._flash = 0.0
        self.setAttribute(Qt.WA_OpaquePaintEvent, False)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def _get_flash(self) -> float:
        return self._flash

    def _set_flash(self, value: float) -> None:
        # a blink, not a fade: half-way colours put grey text on gold (the
        # officers' walk); each frame is either the panel's colours or gold with dark text,
        # so the panel is drawn again only when it turns (twice a blink, not each of the
        # animation's 60 steps a second: the big panel's text is most of a TV PC's work)
        lit = 1.0 if value >= 0.5 else 0.0
        if lit != self._flash:
            self._flash = lit
            self.update()

    flash = Property(float, _get_flash, _set_flash)

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.update()

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale))

    def paint_panel(self, p: QPainter, color: QColor | None = None) -> QRectF:
        p.setRenderHint(QPainter.Antialiasing)
        rect = QRectF(self.rect()).adjusted(self.px(6), self.px(6), -self.px(6), -self.px(6))
        p.setPen(theme.PANEL_EDGE)
        p.setBrush(color or theme.PANEL)
        p.drawRoundedRect(rect, self.px(RADIUS), self.px(RADIUS))
        return rect.adjusted(self.px(22), self.px(14), -self.px(22), -self.px(14))

    def paint_title(self, p: QPainter, inner: QRectF, title: str) -> int:
        """*title* at the top of *inner*; its row's height."""
        title_h = self.px(50)
        draw_text(p, theme.MUTED, theme.font("section", self.scale),
                  QRectF(inner.left(), inner.top(), inner.width(), title_h),
                  Qt.AlignLeft | Qt.AlignVCenter, title)
        return title_h

    def texts(self) -> list[str]:
        return []


def draw_text(p: QPainter, pen, font: QFont, box: QRectF, flags, text: str) -> None:
    p.setPen(pen)
    p.setFont(font)
    p.drawText(box, flags, text)


def fit_font(key: str, scale: float, text: str, width: float, height: float | None = None):
    """The display font *key*, shrunk until *text* fits *width* (and *height*)."""
    f = theme.font(key, scale)
    size = f.pixelSize()
    while size > 10:
        fm = QFontMetrics(f)
        if fm.horizontalAdvance(text) <= width and (height is None or fm.height() <= height):
            break
        size = int(size * 0.92)
        f.setPixelSize(size)
    return f


@dataclass(frozen=True)
class Text:
    """One text as painted: what, in which font, in which box, aligned how."""

    text: str
    font: QFont
    rect: QRectF
    flags: int
    color: QColor

    def fits(self) -> bool:
        """Does the whole text lie inside its box (nothing cut, no ellipsis)?"""
        used = QFontMetrics(self.font).boundingRect(self.rect.toRect(), int(self.flags),
                                                    self.text)
        return "…" not in self.text and self.rect.toRect().adjusted(-1, -1, 1, 1).contains(used)


#: The smallest a text block is shrunk to, in pixels.
MIN_BLOCK_PX = 8


def fit_block(font: QFont, text: str, box: QRectF) -> tuple[QFont, int]:
    """*font* shrunk until *text* fits *box*: on one line while the font stays at least
    70 % of its size, else wrapped onto several lines (shrinking further if needed)."""
    one = Qt.AlignLeft | Qt.AlignVCenter
    wrap = one | Qt.TextWordWrap
    f = QFont(font)
    start = f.pixelSize()
    rect = box.toRect()
    size = start
    while size > MIN_BLOCK_PX:
        fm = QFontMetrics(f)
        if size >= start * 0.7 and fm.horizontalAdvance(text) <= box.width() and \
                fm.height() <= box.height():
            return f, one
        used = fm.boundingRect(rect, int(wrap), text)
        if size < start * 0.7 or fm.horizontalAdvance(text) > box.width():
            if used.width() <= rect.width() and used.height() <= rect.height():
                return f, wrap
        size = max(MIN_BLOCK_PX, int(size * 0.92))
        f.setPixelSize(size)
    return f, wrap


def counter_label(number: int | None) -> str:
    return "" if number is None else tr("display.counter", number=number)


class CallPanel(Panel):
    """The latest call, very large; flashes when a new call arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call: Call | None = None
        self.fetching = False   # an officer walks to the visitor's seat
        self.strong = False     # the visitor is Deaf: a stronger, longer flash

    def set_call(self, call: Call | None, *, fetching: bool = False) -> None:
        self.call = call
        self.fetching = fetching
        self.strong = call is not None and DEAF in call.assist
        self.update()

    def _lines(self) -> list[str]:
        """What the panel says and paints, from the top: title, number, the line under it,
        the last line (where to go, or who comes), and a recall's word ("" for a call)."""
        recall = tr("display.recall") if self.call.kind == EventKind.RECALLED else ""
        if self.fetching:
            return [tr("display.now_calling"), self.call.number, tr("display.fetching_hint"),
                    tr("display.fetching"), recall]
        return [tr("display.deaf") if self.strong else tr("display.now_calling"),
                self.call.number, tr("display.go_to"), counter_label(self.call.counter), recall]

    def texts(self) -> list[str]:
        return [t for t in self._lines() if t] if self.call else [tr("display.no_call_yet")]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        t = self._flash
        # a Deaf visitor's number: white and red blinks with a thick frame, not gold
        lit = theme.STRONG if self.strong else theme.ACCENT
        inner = self.paint_panel(p, theme.mix(theme.PANEL, lit, t))
        if self.strong:
            p.setPen(QPen(theme.STRONG_EDGE if t < 0.5 else theme.TEXT, self.px(14)))
            p.setBrush(Qt.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(
                self.px(10), self.px(10), -self.px(10), -self.px(10)),
                self.px(RADIUS), self.px(RADIUS))
        w, h = inner.width(), inner.height()
        if self.call is None:
            empty = tr("display.no_call_yet")
            draw_text(p, theme.MUTED, fit_font("call_goto", self.scale, empty, w), inner,
                      Qt.AlignCenter, empty)
            return
        dark = theme.STRONG_TEXT if self.strong else theme.BG
        rows = (  # each line's (font key, colour, share of the height)
            ("call_title", theme.mix(theme.MUTED, dark, t), 0.14),
            ("call_number", theme.mix(theme.ACCENT, dark, t), 0.42),
            ("call_goto", theme.mix(theme.MUTED, dark, t), 0.10),
            ("call_counter", theme.mix(theme.TEXT, dark, t), 0.22),
            ("call_goto", theme.mix(theme.ACCENT, theme.BG, t), 0.12))
        y = inner.top()
        for (key, color, share), text in zip(rows, self._lines(), strict=True):
            box = QRectF(inner.left(), y, w, h * share)
            y += h * share
            if not text:
                continue
            draw_text(p, color, fit_font(key, self.scale, text, w, box.height() * 1.15), box,
                      Qt.AlignCenter, text)


class CountersGrid(Panel):
    """Every counter with the number it is calling or serving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counters: dict[int, dict] = {}
        self.highlight: int | None = None

    def set_counters(self, counters: dict[int, dict], highlight: int | None) -> None:
        self.counters = counters
        self.highlight = highlight
        self.update()

    def texts(self) -> list[str]:
        return [f"{counter_label(n)} {self._shown(c)}" for n, c in sorted(self.counters.items())]

    @staticmethod
    def _shown(c: dict) -> str:
        """The ticket, "tutup sementara: istirahat" on a break, or idle."""
        if c["ticket"]:
            return c["ticket"]
        if c.get("paused"):
            return tr("display.paused", reason=tr(f"counter.pause.{c['paused']}"))
        return tr("display.idle")

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        items = sorted(self.counters.items())
        if not items:
            return
        cols = 1 if len(items) <= 4 else 2 if len(items) <= 10 else 3
        rows = math.ceil(len(items) / cols)
        gap = self.px(10)
        cw = (self.width() - gap * (cols - 1)) / cols
        ch = (self.height() - gap * (rows - 1)) / rows
        for i, (number, c) in enumerate(items):
            r, k = divmod(i, cols)
            box = QRectF(k * (cw + gap), r * (ch + gap), cw, ch).adjusted(3, 3, -3, -3)
            hot = number == self.highlight
            t = self._flash if hot else 0.0
            p.setPen(theme.ACCENT if hot else theme.PANEL_EDGE)
            p.setBrush(theme.mix(theme.PANEL, theme.ACCENT, t))
            p.drawRoundedRect(box, self.px(14), self.px(14))
            stripe = {"called": theme.ACCENT, "serving": theme.SERVING}.get(c["state"])
            if stripe is not None:
                p.setPen(Qt.NoPen)
                p.setBrush(stripe)
                p.drawRoundedRect(QRectF(box.left(), box.top(), self.px(12), box.height()),
                                  self.px(6), self.px(6))
            inner = box.adjusted(self.px(28), self.px(6), -self.px(16), -self.px(6))
            name = counter_label(number)
            scale = self.scale * min(1.0, ch / (180 * self.scale))
            draw_text(p, theme.mix(theme.MUTED, theme.BG, t),
                      fit_font("tile_name", scale, name, inner.width() * 0.45), inner,
                      Qt.AlignLeft | Qt.AlignVCenter, name)
            ticket = self._shown(c)
            draw_text(p, theme.mix(theme.TEXT if c["ticket"] else theme.MUTED, theme.BG, t),
                      fit_font("tile_number", scale, ticket, inner.width() * 0.55,
                               inner.height() * 1.2), inner, Qt.AlignRight | Qt.AlignVCenter,
                      ticket)


class LastCalls(Panel):
    """The calls before the latest one: number and counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls: list[Call] = []

    def set_calls(self, calls: list[Call]) -> None:
        self.calls = calls
        self.update()

    def texts(self) -> list[str]:
        return [tr("display.last_calls")] + [f"{c.number} {counter_label(c.counter)}"
                                             for c in self.calls]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        inner = self.paint_panel(p)
        title_h = self.paint_title(p, inner, tr("display.last_calls"))
        rows = max(1, len(self.calls))
        row_h = min(self.px(64), (inner.height() - title_h) / max(rows, 4))
        scale = self.scale * min(1.0, row_h / self.px(64))
        for i, call in enumerate(self.calls):
            box = QRectF(inner.left(), inner.top() + title_h + i * row_h, inner.width(), row_h)
            draw_text(p, theme.TEXT, theme.font("row", scale), box, Qt.AlignLeft | Qt.AlignVCenter,
                      call.number)
            draw_text(p, theme.MUTED, theme.font("row", scale, bold=False), box,
                      Qt.AlignRight | Qt.AlignVCenter, counter_label(call.counter))


class NextWaiting(Panel):
    """Per service: its letter, name, the next numbers and how many wait."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services: list[dict] = []
        self.lang = "id"
        self.rule = ""  # the office's priority rule, in one line

    def set_services(self, services: list[dict], lang: str, rule: str = "") -> None:
        self.services = services
        self.lang = lang
        self.rule = rule
        self.update()

    def _name(self, svc: dict) -> str:
        return (svc.get("name_en") if self.lang == "en" else None) or svc["name"]

    def texts(self) -> list[str]:
        return [tr("display.next"), self.rule] + [
            f"{s['prefix']} {self._name(s)}: {' '.join(s['next'])} "
            f"({tr('display.waiting', count=s['waiting'])})" for s in self.services]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        inner = self.paint_panel(p)
        title = tr("display.next")
        title_h = self.paint_title(p, inner, title)
        if self.rule:  # beside the title, right-aligned, shrunk to fit its line
            left = QFontMetrics(p.font()).horizontalAdvance(title) + self.px(32)
            box = QRectF(inner.left() + left, inner.top(), inner.width() - left, title_h)
            draw_text(p, theme.ACCENT, fit_font("row_small", self.scale, self.rule, box.width()),
                      box, Qt.AlignRight | Qt.AlignVCenter, self.rule)
        for svc, cell, scale, with_name in self._cells(inner, title_h):
            self._paint_service(p, svc, cell, scale, with_name=with_name)

    def _cells(self, inner: QRectF, title_h: float):
        """(service, its row's box, text scale, show its name?) for each service."""
        if not self.services:
            return
        # Up to four services in one column; more go into two, so text stays large.
        cols = 1 if len(self.services) <= 4 else 2
        rows = math.ceil(len(self.services) / cols)
        row_h = min(self.px(72), (inner.height() - title_h) / rows)
        scale = self.scale * min(1.0, row_h / self.px(72))
        gap = self.px(24)
        cell_w = (inner.width() - gap * (cols - 1)) / cols
        for i, svc in enumerate(self.services):
            c, r = divmod(i, rows)
            cell = QRectF(inner.left() + c * (cell_w + gap), inner.top() + title_h + r * row_h,
                          cell_w, row_h)
            yield svc, cell, scale, cols == 1 or cell_w > 700 * self.scale

    def _paint_service(self, p: QPainter, svc: dict, cell: QRectF, scale: float, *,
                       with_name: bool) -> None:
        row_h, top = cell.height(), cell.top()
        badge = row_h * 0.8
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(svc.get("color") or "#1e88e5"))
        b = QRectF(cell.left(), top + (row_h - badge) / 2, badge, badge)
        p.drawRoundedRect(b, badge * 0.2, badge * 0.2)
        draw_text(p, theme.TEXT, theme.font("row", scale), b, Qt.AlignCenter, svc["prefix"])
        for text in self.service_texts(svc, cell, scale, with_name=with_name):
            draw_text(p, text.color, text.font, text.rect, text.flags, text.text)

    def service_texts(self, svc: dict, cell: QRectF, scale: float, *,
                      with_name: bool) -> list[Text]:
        """Where a service row's texts go. Every text fits its box: a long service name
        is shrunk, then wrapped onto two lines; never cut with an ellipsis."""
        row_h, top = cell.height(), cell.top()
        x = cell.left() + row_h * 0.8 + self.px(16)
        rest = cell.right() - x
        small = theme.font("row_small", scale, bold=False)
        out: list[Text] = []
        if with_name:
            name_box = QRectF(x, top, rest * 0.40, row_h)
            font, flags = fit_block(small, self._name(svc), name_box)
            out.append(Text(self._name(svc), font, name_box, flags, theme.MUTED))
            x += rest * 0.40 + self.px(16)
        count = tr("display.waiting", count=svc["waiting"])
        count_w = QFontMetrics(small).horizontalAdvance(count)
        out.append(Text(count, small, QRectF(cell.right() - count_w, top, count_w, row_h),
                        Qt.AlignRight | Qt.AlignVCenter, theme.MUTED))
        nums_font = theme.font("row", scale, bold=bool(svc["next"]))
        fm = QFontMetrics(nums_font)
        nums_box = QRectF(x, top, cell.right() - count_w - self.px(16) - x, row_h)
        shown = list(svc["next"])  # whole numbers only: a cut "A-0…" misleads
        while len(shown) > 1 and fm.horizontalAdvance("  ".join(shown)) > nums_box.width():
            shown.pop()
        nums = "  ".join(shown) or tr("display.none_waiting")
        font, flags = fit_block(nums_font, nums, nums_box)
        out.append(Text(nums, font, nums_box, flags, theme.TEXT if svc["next"] else theme.MUTED))
        return out

    def laid_out(self) -> list[Text]:
        """Every service text as it is painted now (tests check that each fits)."""
        inner = QRectF(self.rect()).adjusted(self.px(28), self.px(20), -self.px(28),
                                             -self.px(20))
        out: list[Text] = []
        for svc, cell, scale, with_name in self._cells(inner, self.px(50)):
            out += self.service_texts(svc, cell, scale, with_name=with_name)
        return out


class Header(Panel):
    """Logo, office name, date and clock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = ""
        self.date = ""
        self.clock = ""
        self.logo: QPixmap | None = None
        #: the share is away: a small amber dot before the date, nothing louder
        self.offline = False

    def texts(self) -> list[str]:
        return [self.office, self.date, self.clock]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.setRenderHint(QPainter.SmoothPixmapTransform)
        inner = QRectF(self.rect()).adjusted(self.px(24), self.px(8), -self.px(24), -self.px(8))
        x = inner.left()
        if self.logo is not None and not self.logo.isNull():
            h = inner.height()
            logo = self.logo.scaledToHeight(int(h), Qt.SmoothTransformation)
            p.drawPixmap(int(x), int(inner.top()), logo)
            x += logo.width() + self.px(20)
        clock_font = theme.font("clock", self.scale)
        date_font = theme.font("date", self.scale, bold=False)
        clock_w = QFontMetrics(clock_font).horizontalAdvance("00:00:00") + self.px(4)
        date_w = QFontMetrics(date_font).horizontalAdvance(self.date) + self.px(4)
        clock_box = QRectF(inner.right() - clock_w, inner.top(), clock_w, inner.height())
        date_box = QRectF(clock_box.left() - self.px(24) - date_w, inner.top(), date_w,
                          inner.height())
        office_box = QRectF(x, inner.top(), date_box.left() - self.px(30) - x, inner.height())
        draw_text(p, theme.TEXT, fit_font("office", self.scale, self.office, office_box.width()),
                  office_box, Qt.AlignLeft | Qt.AlignVCenter, self.office)
        draw_text(p, theme.TEXT, clock_font, clock_box, Qt.AlignRight | Qt.AlignVCenter,
                  self.clock)
        draw_text(p, theme.MUTED, date_font, date_box, Qt.AlignRight | Qt.AlignVCenter, self.date)
        if self.offline:
            r = self.px(9)
            p.setPen(Qt.NoPen)
            p.setBrush(theme.ACCENT)
            p.drawEllipse(QPointF(date_box.left() - self.px(20), date_box.center().y()), r, r)


class Marquee(Panel):
    """The running text, scrolling right to left: rendered once into a pixmap that each
    tick only moves (the TV PC's idle CPU stays low)."""

    FPS = 25
    SPEED_PX_S = 110  # at 1080 lines

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self._pixmap: QPixmap | None = None
        self._offset = 0.0
        self._timer = QTimer(self, interval=1000 // self.FPS, timeout=self._tick)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self._pixmap = None
            self._offset = float(self.width())
            self.update()
        self._timer.start() if text else self._timer.stop()

    def set_scale(self, scale: float) -> None:
        self._pixmap = None
        super().set_scale(scale)

    def stop(self) -> None:
        self._timer.stop()

    def texts(self) -> list[str]:
        return [self.text]

    def _render(self) -> QPixmap:
        f = theme.font("marquee", self.scale, bold=False)
        fm = QFontMetrics(f)
        text = self.text + "     •     "
        ratio = self.devicePixelRatioF()
        pm = QPixmap(int((fm.horizontalAdvance(text) + 2) * ratio),
                     int(max(1, self.height()) * ratio))
        pm.setDevicePixelRatio(ratio)
        pm.fill(theme.BG)
        p = QPainter(pm)
        p.setFont(f)
        p.setPen(theme.TEXT)
        p.drawText(QRectF(0, 0, pm.width() / ratio, self.height()), Qt.AlignVCenter, text)
        p.end()
        return pm

    def _tick(self) -> None:
        if self._pixmap is None:
            return self.update()
        width = self._pixmap.width() / self._pixmap.devicePixelRatio()
        self._offset -= self.SPEED_PX_S * self.scale / self.FPS
        if self._offset < -width:
            self._offset += width
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), theme.BG)
        if not self.text:
            return
        if self._pixmap is None or self._pixmap.height() / self._pixmap.devicePixelRatio() \
                != self.height():
            self._pixmap = self._render()
        width = self._pixmap.width() / self._pixmap.devicePixelRatio()
        x = self._offset
        while x < self.width():  # repeat the text to fill the strip
            p.drawPixmap(int(x), 0, self._pixmap)
            x += width
