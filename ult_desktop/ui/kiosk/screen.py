"""What the kiosk shows: header, connection banner, the page stack and the footer, in the
visitor's language at the screen's size. :class:`KioskScreen` only draws and signals
touches; the window decides (with :mod:`.flow`) what they do."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.queue import wait_text
from ult_desktop.core.schedule import break_near
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.logo import logo_pixmap
from ult_desktop.ui.common.station import OK
from ult_desktop.ui.kiosk import jobs
from ult_desktop.ui.kiosk.pages import (
    ConfirmPage,
    MessagePage,
    PinPage,
    PriorityPage,
    SettingsPage,
    StartPage,
    TicketPage,
    button,
    fit_font,
    label,
    retranslate,
    scaled,
    sync_services,
)
from ult_desktop.ui.kiosk.style import LARGE_TEXT, stylesheet
from ult_desktop.ui.kiosk.widgets import TileButton


def days_text(days: tuple[int, ...], lang: str) -> str:
    """Opening days as people write them: "Senin–Jumat", or "Senin, Rabu"."""
    names = tr("ui.day_names", lang).split(",")
    ordered = sorted(set(d for d in days if 0 <= d <= 6))
    if not ordered:
        return "-"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{names[ordered[0]]}–{names[ordered[-1]]}"
    return ", ".join(names[d] for d in ordered)


class KioskScreen(QWidget):
    """The kiosk's widgets and their drawing: the office's :attr:`state`, the
    :attr:`connection`, in the visitor's :attr:`lang`, with the number *flow* (a
    :class:`~ult_desktop.ui.kiosk.flow.VisitorFlow`) issued. Its owner sets those three
    and calls :meth:`retranslate` or :meth:`update_services`."""

    service_touched = Signal(str, bool)   # prefix, priority
    language_toggled = Signal()           # the visitor switched the language
    survey_requested = Signal()
    rescaled = Signal(float)              # the unit (1 % of the shorter side), in px
    retranslated = Signal()               # the texts were set anew (the language, the office)

    def __init__(self, flow, issuing: Callable[[], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WA_StyledBackground)
        self.flow = flow
        #: connected, or the share away while this kiosk holds numbers (``KioskLink.can_issue``)
        self.issuing = issuing
        self.state: jobs.KioskState | None = None
        self.connection: str | None = None
        self.lang = "id"
        self.large = False   # large text and high contrast, the visitor's choice
        self.unit = 10.0
        self._portrait = True
        self._build()

    def _build(self) -> None:
        self.header = QWidget(objectName="header")
        self.header.setAttribute(Qt.WA_StyledBackground)
        self.logo = QLabel(alignment=Qt.AlignCenter)
        self.office_name = label(3.0, bold=True, name="officeName", align=Qt.AlignLeft)
        self.office_address = label(1.7, name="officeAddress", align=Qt.AlignLeft)
        self.date_label = label(1.9, name="dateLabel", wrap=False, align=Qt.AlignRight)
        self.clock_label = label(4.4, bold=True, name="clockLabel", wrap=False,
                                 align=Qt.AlignRight)
        names = vbox(1, self.office_name, self.office_address, 1)
        when = vbox(1, self.clock_label, self.date_label, 1)
        hbox(self.logo, (names, 1), when, on=self.header)

        self.banner = ConnectionBanner(since=False)  # visitors: no hour
        scaled(self.banner, 2.0, bold=True)
        self.pages = QStackedWidget()
        self.start_page, self.priority_page = StartPage(), PriorityPage()
        self.ticket_page, self.message_page = TicketPage(), MessagePage()
        self.pin_page, self.settings_page = PinPage(), SettingsPage()
        self.confirm_page = ConfirmPage()
        for page in (self.start_page, self.priority_page, self.ticket_page, self.message_page,
                     self.pin_page, self.settings_page, self.confirm_page):
            self.pages.addWidget(page)
        for page in (self.start_page, self.priority_page):
            page.service_touched.connect(self.service_touched)

        self.footer = QWidget(objectName="footer")
        self.lang_button = button(2.4, "langButton", "ui.language.toggle")
        self.free_note = label(1.9, name="freeNote", text="kiosk.free_note")
        self.survey_button = button(2.2, "surveyButton", "kiosk.survey.button")
        self.survey_button.setVisible(False)
        self.lang_button.clicked.connect(self._toggle_language)
        self.survey_button.clicked.connect(self.survey_requested)
        hbox(self.lang_button, (self.free_note, 1), self.survey_button, on=self.footer, margins=0)

        self.body = QWidget()
        vbox((self.pages, 1), self.footer, on=self.body)
        lay = QVBoxLayout(self)
        # The window's size is the screen's: never push layout minimums onto it.
        lay.setSizeConstraint(QLayout.SetNoConstraint)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        fill(lay, self.header, self.banner, (self.body, 1))

    # -- texts -------------------------------------------------------------------------
    def t(self, key: str, **params) -> str:
        return tr(key, self.lang, **params)

    def _toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.retranslate()
        self.language_toggled.emit()

    def can_issue(self) -> bool:
        return self.flow.can_issue(self.issuing(), self.state)

    def retranslate(self) -> None:
        s, t = self.state, self.t
        self.office_name.setText(s.office_name if s else "ULT Desktop")
        self.office_address.setText(s.office_address if s else "")
        self.office_address.setVisible(bool(s and s.office_address))
        retranslate(self, t)  # every page's texts made with a key
        self.survey_button.setVisible(bool(s and s.survey_enabled
                                            and importlib.util.find_spec("ult_desktop.db.survey.skm")))
        self.start_page.priority.set_content(title=t("kiosk.priority.button"),
                                             subtitle=t("kiosk.priority.who"),
                                             enabled=self.can_issue())
        self.priority_page.retranslate(t)
        # (in t(): a bare "….db" is not read as a key by the catalogue's scan)
        self.settings_page.db_label.setText(t("kiosk.settings.db"))
        self.draw_ticket()
        self.redraw()
        self.retranslated.emit()

    def redraw(self) -> None:
        """Everything that depends on the size, the connection and the state."""
        if self.connection not in (None, OK):
            self.style_banner()
        self._set_logo()
        self.tick()
        self.update_services()

    def style_banner(self) -> None:
        """The shared banner, in the kiosk's language and at the kiosk's scale."""
        banner = self.banner
        banner.lang, banner.px = self.lang, max(10, round(2.6 * self.unit))
        banner.pad = round(1.5 * self.unit)
        banner.redraw()

    def _set_logo(self) -> None:
        side = max(16, round(self.unit * 8))
        pix = logo_pixmap(self.state.logo_png_b64 if self.state else None, side)
        if pix.isNull():
            pix = QPixmap(side, side)
            pix.fill(Qt.transparent)
            p = QPainter(pix)
            p.setRenderHint(QPainter.Antialiasing)
            p.setPen(Qt.NoPen)
            p.setBrush(QColor("#0d47a1"))
            p.drawEllipse(QRectF(1, 1, side - 2, side - 2))
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(max(1, round(side * 0.3)))
            p.setFont(font)
            p.setPen(QColor("#ffffff"))
            p.drawText(QRectF(0, 0, side, side), Qt.AlignCenter, "ULT")
            p.end()
        self.logo.setPixmap(pix)
        self.logo.setFixedSize(side, side)

    def tick(self) -> None:
        local = local_time(utc_now(), self.state.timezone if self.state else "WIB")
        self.clock_label.setText(f"{local:%H:%M}")
        self.date_label.setText(long_date(local.date(), self.lang))

    # -- sizes -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.apply_scale()

    def apply_scale(self) -> None:
        """1 unit = 1 % of the shorter side; portrait and landscape lay out differently."""
        w, h = max(1, self.width()), max(1, self.height())
        self.unit = u = min(w, h) / 100
        self._portrait = h >= w
        text = u * (LARGE_TEXT if self.large else 1.0)
        for widget in self.findChildren(QWidget):
            # the header (office, clock) keeps its size: the tiles keep theirs
            fit_font(widget, u if self.header.isAncestorOf(widget) else text)
        self.setStyleSheet(stylesheet(u, contrast=self.large))
        side, ends = round(2.5 * u), round((1.2 if self.large else 2.5) * u)
        self.body.layout().setContentsMargins(side, ends, side, ends)  # the title's room
        self.body.layout().setSpacing(round(1.5 * u))
        self.header.layout().setContentsMargins(round(2.5 * u), round(1.2 * u),
                                                round(2.5 * u), round(1.2 * u))
        # large text never shrinks the tiles: the banner grows only where there is room
        self.start_page.priority.setFixedHeight(round(
            (15 * (1.25 if self.large else 1) if self._portrait else 14) * u))
        self.start_page.layout().setSpacing(round(1.5 * u))
        self.priority_page.arrange_groups(3 if self._portrait else 5)
        for grid in (self.start_page.grid, self.priority_page.grid):
            grid.setSpacing(round(1.6 * u))
        self.ticket_page.done.setMinimumSize(round(30 * u), round(8 * u))
        self._size_number()
        for back in (self.priority_page.back, self.message_page.back):
            back.setMinimumSize(round(24 * u), round(7.5 * u))
        self.pin_page.size_keys(u)
        # the footer's keys and the access row's (listen, speech, help), one height
        for row in (self.footer, self.body.findChild(QWidget, "accessRow")):
            for btn in row.findChildren(QPushButton) if row is not None else ():
                btn.setMinimumHeight(round(6.5 * u))
        self.redraw()
        self.rescaled.emit(u)

    def _size_number(self) -> None:
        self.ticket_page.size_number(self.unit, self.width(), portrait=self._portrait,
                                     large=self.large)

    # -- what the visitor can touch ------------------------------------------------------
    def draw_ticket(self) -> None:
        issued, outcome = self.flow.issued, self.flow.print_outcome
        if issued is None:
            return
        ticket = issued.ticket
        tile = next((s for s in (self.state.services if self.state else ())
                     if s.prefix == ticket.service_prefix), None)
        self.ticket_page.show_ticket(issued, outcome,
                                     tile.title(self.lang) if tile else ticket.service_name,
                                     self.t)
        if self.large and "background" not in self.ticket_page.status.styleSheet():
            self.ticket_page.status.setStyleSheet("color:#ffeb3b;")  # high contrast
        self._size_number()

    def _columns(self, count: int) -> int:
        if self._portrait:
            return 1 if count <= 5 else 2
        if count <= 3:
            return max(1, count)
        return 2 if count == 4 else 3 if count <= 9 else 4

    def update_services(self) -> None:
        tiles = self.state.services if self.state else ()
        office_open = self.issuing() and self.state is not None and self.state.office_open
        cols = self._columns(len(tiles))
        for page, priority in ((self.start_page, False), (self.priority_page, True)):
            cap = round(32 * self.unit) if self._portrait and cols == 1 else 16_777_215
            sync_services(page, tiles, cols, touched=page.service_touched.emit,
                          priority=priority,
                          cap=cap, office_open=office_open, status=self._status_text,
                          lang=self.lang)
        for tile in self.findChildren(TileButton):
            tile.large = self.large
        sp = self.start_page
        sp.priority.setEnabled(self.can_issue())
        notice = detail = ""
        if self.state is None:
            notice = "" if self.connection not in (None, OK) else self.t("kiosk.connecting")
        elif not self.state.office_open:
            s = self.state
            notice = self.t("kiosk.closed")
            detail = (self.t("kiosk.closed_hours", days=days_text(s.open_days, self.lang),
                             opens=s.open_time, closes=s.close_time) + "\n" +
                      self.t("kiosk.closed_come_back"))
        elif not tiles:
            notice = self.t("kiosk.no_services")
        sp.notice.setText(notice)
        sp.notice.setVisible(bool(notice))
        sp.notice_detail.setText(detail)
        sp.notice_detail.setVisible(bool(detail))

    def _status_text(self, tile: jobs.ServiceTile) -> str:
        if tile.blocked == jobs.QUOTA:
            return self.t("kiosk.quota_full")
        if tile.blocked == jobs.HOURS:
            return self.t("kiosk.service_hours", opens=tile.opens or self.state.open_time,
                          closes=tile.closes or self.state.close_time)
        waiting = self.t("kiosk.waiting", count=tile.waiting)
        # the office's break, while it is on or near: the desks will pause
        rest = break_near(self.state.settings, local_time(utc_now(), self.state.timezone),
                          self.t)
        if not tile.open_counters:  # said before the visitor takes a number
            said = self.t("kiosk.no_open_counter")
        elif tile.wait_band == (0, 0):
            said = self.t("kiosk.no_wait")
        else:
            said = wait_text(tile.wait_band, self.t)
        return " · ".join(part for part in (waiting, said, rest) if part)
