"""The kiosk window: the visitor touches a service and gets a number.

Every database call goes through :class:`~ult_desktop.ui.common.station.Station`
(a worker thread), so the screen never freezes on a slow or vanished share. Printing
runs on a second Station worker so a slow or dead printer never delays the next
visitor's number or the change feed.
"""

from __future__ import annotations

import base64
import logging
import time
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.app import admin_pins
from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.tickets import EventKind
from ult_desktop.db.errors import UltError
from ult_desktop.db.feed import DEFAULT_POLL_MS
from ult_desktop.ui.common.app import station_id as default_station_id
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.station import BUSY, OK, TOO_NEW, UNAVAILABLE, Station, state_of
from ult_desktop.ui.kiosk import model, printing
from ult_desktop.ui.kiosk.admin import AdminDoorMixin, BackgroundCall
from ult_desktop.ui.kiosk.pages import (
    MESSAGE,
    PIN,
    PRIORITY,
    SETTINGS,
    START,
    TICKET,
    UNITS,
    MessagePage,
    PinPage,
    PriorityPage,
    SettingsPage,
    StartPage,
    TicketPage,
    label,
    scaled,
)
from ult_desktop.ui.kiosk.style import stylesheet
from ult_desktop.ui.kiosk.widgets import PRIORITY_COLOR, CornerTapZone, ServiceButton

log = logging.getLogger(__name__)

_BANNER_KEYS = {BUSY: "ui.banner.busy", TOO_NEW: "ui.banner.too_new",
                UNAVAILABLE: "ui.banner.unavailable", "schema_drift": "ui.banner.schema_drift"}
_PRINTER_POLL_MS = 3_600_000  # the printer worker does not follow the feed
#: A touch on the same service this soon after a connection failure is a retry of the
#: same request (its ticket may already be committed).
RETRY_SAME_REQUEST_S = 120


@dataclass(frozen=True)
class Timings:
    """How long things stay on screen (tests shorten them)."""

    ticket_ms: int = 6_000          # number shown after a successful print
    not_printed_ms: int = 20_000    # number shown when the ticket did not print
    error_ms: int = 6_000           # "could not make a number" message
    guard_ms: int = 800             # touches ignored after a ticket (bouncing screens)
    idle_ms: int = 30_000           # a half-finished visit returns to the start
    admin_idle_ms: int = 90_000     # the admin pages lock again
    refresh_ms: int = 30_000        # re-read opening hours even without events
    print_wait_ms: int = 30_000     # longest wait for the printer's answer
    pin_wait_ms: int = 8_000        # then an admin PIN is checked against the kept hashes
    gesture_taps: int = 5
    gesture_window_s: float = 3.0
    max_pin_failures: int = 5
    lockout_s: float = 60.0


def _days_text(days: tuple[int, ...], lang: str) -> str:
    names = tr("ui.day_names", lang).split(",")
    ordered = sorted(set(d for d in days if 0 <= d <= 6))
    if not ordered:
        return "-"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{names[ordered[0]]}–{names[ordered[-1]]}"
    return ", ".join(names[d] for d in ordered)


class KioskWindow(AdminDoorMixin, QWidget):
    """The kiosk. ``locked`` makes it frameless, refuse to close and ignore the keyboard.

    :param db_path: the shared office database.
    :param printer_url: where tickets print (``none``: the visitor notes the number).
    :param config_file: the station file the settings page saves to, with the admins'
        PIN hashes kept next to it (``admin-pins.json``); ``None``: the station file this
        PC uses (:mod:`ult_desktop.app.station_config`).
    """

    ticket_shown = Signal(str)        # the number, once it is on screen
    state_loaded = Signal()           # the start screen got fresh data

    def __init__(self, db_path: str | Path, *, printer_url: str = "none",
                 station_id: str | None = None, locked: bool = True,
                 timings: Timings | None = None, config_file: Path | None = None,
                 poll_ms: int = DEFAULT_POLL_MS, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WA_StyledBackground)
        self.setWindowTitle("ULT Desktop — Kiosk")
        self.db_path = Path(db_path)
        self.printer_url = printer_url or printing.NO_PRINTER
        self.station_name = default_station_id("kiosk", station_id)
        self.station_arg = station_id
        self.locked = locked
        self.timings = timings or Timings()
        self.config_file = config_file
        self.poll_ms = poll_ms
        self.default_lang = "id"
        self.lang = "id"
        self.state: model.KioskState | None = None
        self.connection = None
        self.issued: model.IssuedTicket | None = None
        self.print_outcome: printing.PrintOutcome | None = None
        self.ignored_touches = 0
        self._unlocked = False
        self._in_flight = False
        self._pending_request: tuple[tuple[str, bool], float, str] | None = None
        self._guard_until = 0.0
        self._loading = self._reload = False
        self._pin = ""
        self._pin_failures = 0
        self._locked_until = 0.0
        self._pin_token = 0
        self._pin_pending: tuple[int, str] | None = None
        #: the active admins' PIN hashes: from the shared file once connected, until
        #: then from the copy kept on this PC (None: never connected from here)
        self.admin_pins: tuple[admin_pins.CachedAdmin, ...] | None = \
            admin_pins.load(config_file)
        self._priority_group: str | None = None
        self._unit = 10.0
        self._portrait = True
        self._cols = {START: 1, PRIORITY: 1}
        if locked:
            self.setWindowFlags(Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
            self.setCursor(Qt.BlankCursor)
        self._build()
        self._timers()
        self._connect(self.db_path)
        self._retranslate()

    # -- building --------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QWidget(objectName="header")
        self.header.setAttribute(Qt.WA_StyledBackground)
        self.logo = QLabel()
        self.logo.setAlignment(Qt.AlignCenter)
        self.office_name = label(3.0, bold=True, name="officeName", align=Qt.AlignLeft)
        self.office_address = label(1.7, name="officeAddress", align=Qt.AlignLeft)
        self.date_label = label(1.9, name="dateLabel", wrap=False, align=Qt.AlignRight)
        self.clock_label = label(4.4, bold=True, name="clockLabel", wrap=False,
                                 align=Qt.AlignRight)
        names = QVBoxLayout()
        names.addStretch(1)
        names.addWidget(self.office_name)
        names.addWidget(self.office_address)
        names.addStretch(1)
        when = QVBoxLayout()
        when.addStretch(1)
        when.addWidget(self.clock_label)
        when.addWidget(self.date_label)
        when.addStretch(1)
        h = QHBoxLayout(self.header)
        h.addWidget(self.logo)
        h.addLayout(names, 1)
        h.addLayout(when)

        self.banner = ConnectionBanner()
        scaled(self.banner, 2.0, bold=True)

        self.pages = QStackedWidget()
        self.start_page = StartPage()
        self.priority_page = PriorityPage()
        self.ticket_page = TicketPage()
        self.message_page = MessagePage()
        self.pin_page = PinPage()
        self.settings_page = SettingsPage()
        for page in (self.start_page, self.priority_page, self.ticket_page, self.message_page,
                     self.pin_page, self.settings_page):
            self.pages.addWidget(page)

        self.footer = QWidget(objectName="footer")
        self.lang_button = scaled(QPushButton(objectName="langButton"), 2.4, bold=True)
        self.lang_button.setFocusPolicy(Qt.NoFocus)
        self.free_note = label(1.9, name="freeNote")
        self.survey_button = scaled(QPushButton(objectName="surveyButton"), 2.2, bold=True)
        self.survey_button.setFocusPolicy(Qt.NoFocus)
        self.survey_button.setVisible(False)
        f = QHBoxLayout(self.footer)
        f.setContentsMargins(0, 0, 0, 0)
        f.addWidget(self.lang_button)
        f.addWidget(self.free_note, 1)
        f.addWidget(self.survey_button)

        self.body = QWidget()
        b = QVBoxLayout(self.body)
        b.addWidget(self.pages, 1)
        b.addWidget(self.footer)
        lay = QVBoxLayout(self)
        # The window's size is the screen's: never push layout minimums onto it.
        lay.setSizeConstraint(QLayout.SetNoConstraint)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(self.banner)
        lay.addWidget(self.body, 1)

        self.corner = CornerTapZone(self, taps=self.timings.gesture_taps,
                                    window_s=self.timings.gesture_window_s)
        self.corner.triggered.connect(self._on_gesture)

        sp, pp, tp, mp, pin, st = (self.start_page, self.priority_page, self.ticket_page,
                                   self.message_page, self.pin_page, self.settings_page)
        sp.priority.clicked.connect(self._open_priority)
        for kind, btn in pp.group_buttons.items():
            btn.clicked.connect(partial(self._pick_group, kind))
        pp.back.clicked.connect(self._priority_back)
        tp.done.clicked.connect(self._ticket_done)
        mp.back.clicked.connect(self._message_back)
        self.lang_button.clicked.connect(self._toggle_language)
        self.survey_button.clicked.connect(self._show_survey_info)
        for digit, btn in pin.digits.items():
            btn.clicked.connect(partial(self._pin_digit, digit))
        pin.clear.clicked.connect(self._pin_clear)
        pin.ok.clicked.connect(self._pin_submit)
        pin.cancel.clicked.connect(self.go_start)
        st.test_print.clicked.connect(self._test_print)
        st.save.clicked.connect(self._save_settings)
        st.exit.clicked.connect(self._exit_by_admin)
        st.back.clicked.connect(self.go_start)
        st.db_edit.textEdited.connect(self._touched)
        st.printer_edit.textEdited.connect(self._touched)
        self._test_call = BackgroundCall(self)
        self._test_call.finished.connect(self._on_test_print)
        self._pin_call = BackgroundCall(self)
        self._pin_call.finished.connect(self._on_cached_pin)

    def _timers(self) -> None:
        def timer(slot, *, single: bool = True) -> QTimer:
            t = QTimer(self)
            t.setSingleShot(single)
            t.timeout.connect(slot)
            return t

        self.clock_timer = timer(self._tick, single=False)
        self.clock_timer.start(1000)
        self.refresh_timer = timer(self.refresh, single=False)
        self.refresh_timer.start(self.timings.refresh_ms)
        self.return_timer = timer(self.go_start)
        self.idle_timer = timer(self._on_idle)
        self.feed_timer = timer(self.refresh)  # coalesces bursts of events
        self.print_wait_timer = timer(self._print_wait_over)
        self.pin_wait_timer = timer(self._pin_wait_over)
        self.admin_pins_timer = timer(self._refresh_admin_pins)  # coalesces settings events

    # -- the shared file -------------------------------------------------------------
    def _connect(self, path: Path) -> None:
        self.db_path = path
        self.station = Station(path, station_id=self.station_name, mode="kiosk",
                               poll_ms=self.poll_ms)
        self.station.connection_changed.connect(self._on_connection)
        self.station.events_arrived.connect(self._on_events)
        # Printing blocks for the printer's timeout: its own worker, which writes only
        # the print outcome (the heartbeat and the feed are the first station's).
        self.printer_station = Station(path, station_id=self.station_name, mode="kiosk",
                                       poll_ms=_PRINTER_POLL_MS, follow=False)
        self.printer_station.connection_changed.connect(lambda *_: None)

    def _disconnect(self) -> None:
        for station in (getattr(self, "station", None), getattr(self, "printer_station", None)):
            if station is not None:
                station.close()

    @property
    def online(self) -> bool:
        return self.connection == OK

    def _on_connection(self, state: str, message: str) -> None:
        was = self.connection
        self.connection = state
        self.banner.set_state(state, message)
        if state != OK:
            self._style_banner()
        if state == OK and was != OK:
            self.refresh()
            self._refresh_admin_pins()
        self._update_services()

    def _on_events(self, events: list) -> None:
        if not self.feed_timer.isActive():
            self.feed_timer.start(60)
        if any(e.kind == EventKind.SETTINGS_CHANGED for e in events):
            self.admin_pins_timer.start(200)

    def refresh(self) -> None:
        """Re-read the start screen's data (coalesced: one read at a time)."""
        if self._loading:
            self._reload = True
            return
        self._loading = True
        self.station.run(model.load_state, done=self._on_state, failed=self._on_state_failed)

    def _on_state(self, state: model.KioskState) -> None:
        self._loading = False
        first = self.state is None
        self.state = state
        if first or self.default_lang != state.language:
            self.default_lang = state.language
            if first and self.pages.currentIndex() == START:
                self.lang = state.language
        self._retranslate()
        if self.pages.currentIndex() == PRIORITY and not state.any_available:
            self.go_start()  # closed (or everything full) while a visitor was choosing
        self.state_loaded.emit()
        if self._reload:
            self._reload = False
            self.refresh()

    def _on_state_failed(self, error: BaseException) -> None:
        self._loading = False
        log.info("kiosk state not loaded: %s", error)
        self._update_services()
        if self._reload:
            self._reload = False
            self.refresh()

    # -- texts and sizes ---------------------------------------------------------------
    def t(self, key: str, **params) -> str:
        return tr(key, self.lang, **params)

    def _retranslate(self) -> None:
        s, t = self.state, self.t
        self.office_name.setText(s.office_name if s else "ULT Desktop")
        self.office_address.setText(s.office_address if s else "")
        self.office_address.setVisible(bool(s and s.office_address))
        self.lang_button.setText(tr("ui.language.toggle", self.lang))
        self.free_note.setText(t("kiosk.free_note"))
        self.survey_button.setText(t("kiosk.survey.button"))
        self.survey_button.setVisible(bool(s and s.survey_enabled and _survey_available()))
        sp, pp, tp = self.start_page, self.priority_page, self.ticket_page
        sp.title.setText(t("kiosk.subtitle"))
        sp.priority.set_content(title=t("kiosk.priority.button"),
                                subtitle=t("kiosk.priority.who"),
                                enabled=self._can_issue())
        pp.group_title.setText(t("kiosk.priority.pick_group"))
        pp.service_title.setText(t("kiosk.priority.pick_service"))
        pp.note.setText(t("kiosk.priority.note"))
        for kind, btn in pp.group_buttons.items():
            btn.set_label(t(f"kiosk.group.{kind}"))
        pp.back.setText(t("kiosk.back"))
        tp.heading.setText(t("kiosk.ticket.heading"))
        tp.done.setText(t("kiosk.ticket.done"))
        tp.badge.setText(t("kiosk.ticket.priority"))
        if self.issued is not None:
            self._fill_ticket()
        self.message_page.back.setText(t("kiosk.back"))
        pin = self.pin_page
        pin.title.setText(t("kiosk.admin.pin_title"))
        pin.prompt.setText(t("kiosk.admin.pin_prompt"))
        pin.clear.setText(t("kiosk.admin.clear"))
        pin.ok.setText(t("kiosk.admin.ok"))
        pin.cancel.setText(t("kiosk.admin.cancel"))
        st = self.settings_page
        st.title.setText(t("kiosk.settings.title"))
        st.db_label.setText(t("kiosk.settings.db"))
        st.printer_label.setText(t("kiosk.settings.printer"))
        st.printer_help.setText(t("kiosk.settings.printer_help"))
        st.test_print.setText(t("kiosk.settings.test_print"))
        st.save.setText(t("kiosk.settings.save"))
        st.exit.setText(t("kiosk.settings.exit"))
        st.back.setText(t("kiosk.settings.back"))
        if self.connection not in (None, OK):
            self._style_banner()
        self._set_logo()
        self._tick()
        self._update_services()

    def _style_banner(self) -> None:
        """The shared banner, in the kiosk's language and at the kiosk's scale."""
        state = self.connection
        self.banner.setText(tr(_BANNER_KEYS.get(state, "ui.banner.unavailable"), self.lang))
        colors = {BUSY: "background:#f9a825;color:#000000;",
                  TOO_NEW: "background:#6a1b9a;color:#ffffff;"}
        self.banner.setStyleSheet(
            colors.get(state, "background:#c62828;color:#ffffff;") +
            f"font-size:{max(10, round(2.6 * self._unit))}px;font-weight:bold;"
            f"padding:{round(1.5 * self._unit)}px;")

    def _set_logo(self) -> None:
        side = max(16, round(self._unit * 8))
        pix = QPixmap()
        if self.state and self.state.logo_png_b64:
            try:
                pix.loadFromData(base64.b64decode(self.state.logo_png_b64))
            except ValueError:
                pix = QPixmap()
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
        else:
            pix = pix.scaled(side, side, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.logo.setPixmap(pix)
        self.logo.setFixedSize(side, side)

    def _tick(self) -> None:
        local = local_time(utc_now(), self.state.timezone if self.state else "WIB")
        self.clock_label.setText(f"{local:%H:%M}")
        self.date_label.setText(long_date(local.date(), self.lang))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        self._unit = min(w, h) / 100
        self._portrait = h >= w
        u = self._unit
        for widget in self.findChildren(QWidget):
            units = widget.property(UNITS)
            if units:
                font = QFont(widget.font())
                font.setPixelSize(max(8, round(float(units) * u)))
                widget.setFont(font)
        self.setStyleSheet(stylesheet(u))
        self.body.layout().setContentsMargins(*[round(2.5 * u)] * 4)
        self.body.layout().setSpacing(round(1.5 * u))
        self.header.layout().setContentsMargins(round(2.5 * u), round(1.2 * u),
                                                round(2.5 * u), round(1.2 * u))
        self.start_page.priority.setFixedHeight(round((15 if self._portrait else 14) * u))
        self.start_page.layout().setSpacing(round(1.5 * u))
        self.priority_page.arrange_groups(2 if self._portrait else 4)
        for grid in (self.start_page.grid, self.priority_page.grid):
            grid.setSpacing(round(1.6 * u))
        self.ticket_page.done.setMinimumSize(round(30 * u), round(8 * u))
        self._size_number()
        self.priority_page.back.setMinimumSize(round(24 * u), round(7.5 * u))
        self.message_page.back.setMinimumSize(round(24 * u), round(7.5 * u))
        self.pin_page.cancel.setMinimumSize(round(24 * u), round(7 * u))
        for btn in (*self.pin_page.digits.values(), self.pin_page.clear, self.pin_page.ok):
            btn.setFixedSize(round(13 * u), round(9.5 * u))
        self.lang_button.setMinimumHeight(round(6.5 * u))
        self.survey_button.setMinimumHeight(round(6.5 * u))
        side = round(12 * u)
        self.corner.setGeometry(0, 0, side, side)
        self.corner.raise_()
        if self.connection not in (None, OK):
            self._style_banner()
        self._set_logo()
        self._update_services()

    def _size_number(self) -> None:
        """The number as large as the card allows (portrait screens allow more)."""
        label_ = self.ticket_page.number
        chars = max(5, len(label_.text()))
        px = min((26 if self._portrait else 22) * self._unit,
                 (self.width() * 0.78) / (chars * 0.72))
        font = QFont(label_.font())
        font.setPixelSize(max(8, round(px)))
        label_.setFont(font)

    # -- services ----------------------------------------------------------------------
    def _can_issue(self) -> bool:
        return self.online and self.state is not None and self.state.any_available

    def _columns(self, count: int) -> int:
        if self._portrait:
            return 1 if count <= 5 else 2
        if count <= 3:
            return max(1, count)
        return 2 if count == 4 else 3 if count <= 9 else 4

    def _update_services(self) -> None:
        tiles = self.state.services if self.state else ()
        self._sync_grid(self.start_page, START, tiles, priority=False)
        self._sync_grid(self.priority_page, PRIORITY, tiles, priority=True)
        sp = self.start_page
        can = self._can_issue()
        sp.priority.setEnabled(can)
        notice = detail = ""
        if self.state is None:
            notice = "" if self.connection not in (None, OK) else self.t("kiosk.connecting")
        elif not self.state.office_open:
            s = self.state
            notice = self.t("kiosk.closed")
            detail = (self.t("kiosk.closed_hours", days=_days_text(s.open_days, self.lang),
                             opens=s.open_time, closes=s.close_time) + "\n" +
                      self.t("kiosk.closed_come_back"))
        elif not tiles:
            notice = self.t("kiosk.no_services")
        sp.notice.setText(notice)
        sp.notice.setVisible(bool(notice))
        sp.notice_detail.setText(detail)
        sp.notice_detail.setVisible(bool(detail))

    def _sync_grid(self, page, which: int, tiles, *, priority: bool) -> None:
        cols = self._columns(len(tiles))
        if list(page.buttons) != [t.prefix for t in tiles] or self._cols[which] != cols:
            for btn in page.buttons.values():
                page.grid.removeWidget(btn)
                btn.deleteLater()
            for r in range(page.grid.rowCount()):  # rows of the old layout keep stretch
                page.grid.setRowStretch(r, 0)
            page.buttons = {}
            for i, tile in enumerate(tiles):
                btn = ServiceButton(tile.prefix)
                btn.clicked.connect(partial(self.touch_service, tile.prefix, priority))
                page.grid.addWidget(btn, i // cols, i % cols)
                page.buttons[tile.prefix] = btn
            for r in range((len(tiles) + cols - 1) // cols):
                page.grid.setRowStretch(r, 1)
            self._cols[which] = cols
        cap = round(32 * self._unit) if self._portrait and cols == 1 else 16_777_215
        office_open = self.online and self.state is not None and self.state.office_open
        for tile in tiles:
            btn = page.buttons[tile.prefix]
            btn.setMaximumHeight(cap)
            btn.set_content(title=tile.title(self.lang), description=tile.description,
                            status=self._status_text(tile),
                            color=PRIORITY_COLOR if priority else tile.color,
                            enabled=office_open and tile.blocked is None)

    def _status_text(self, tile: model.ServiceTile) -> str:
        if tile.blocked == model.QUOTA:
            return self.t("kiosk.quota_full")
        if tile.blocked == model.HOURS:
            state = self.state
            return self.t("kiosk.service_hours", opens=tile.opens or state.open_time,
                          closes=tile.closes or state.close_time)
        wait = (self.t("kiosk.estimate", minutes=tile.estimated_wait_min)
                if tile.waiting else self.t("kiosk.no_wait"))
        return f"{self.t('kiosk.waiting', count=tile.waiting)} · {wait}"

    # -- a visitor's touch ---------------------------------------------------------------
    def _touched(self, *_args) -> None:
        admin = self.pages.currentIndex() in (PIN, SETTINGS)
        self.idle_timer.start(self.timings.admin_idle_ms if admin else self.timings.idle_ms)

    def accepting(self) -> bool:
        """May a touch issue a ticket now? (one touch = one ticket)"""
        return (not self._in_flight and time.monotonic() >= self._guard_until
                and self._can_issue() and self.pages.currentIndex() in (START, PRIORITY))

    def touch_service(self, prefix: str, priority: bool = False) -> None:
        """A service button was touched: issue one ticket, unless one is on its way."""
        if not self.accepting():
            self.ignored_touches += 1
            return
        self._in_flight = True
        if priority:  # the group is not stored with the ticket (no such field yet)
            log.info("priority ticket for %s (group: %s)", prefix, self._priority_group)
        self.station.run(model.take_ticket, service=prefix, priority=priority,
                         request_id=self._request_id(prefix, priority),
                         done=self._on_issued, failed=self._on_issue_failed)

    def _request_id(self, prefix: str, priority: bool) -> str:
        """The same id while a visitor retries the same service after a connection
        failure (the first attempt may have been committed with its reply lost)."""
        pending = self._pending_request
        if pending and pending[0] == (prefix, priority) and \
                time.monotonic() - pending[1] < RETRY_SAME_REQUEST_S:
            return pending[2]
        self._pending_request = ((prefix, priority), time.monotonic(),
                                 f"{self.station_name}:{uuid.uuid4().hex}")
        return self._pending_request[2]

    def _on_issued(self, issued: model.IssuedTicket) -> None:
        self._in_flight = False
        self._pending_request = None
        self._guard_until = time.monotonic() + self.timings.guard_ms / 1000
        self.issued = issued
        self.print_outcome = None
        self.idle_timer.stop()
        self._fill_ticket()
        self.pages.setCurrentIndex(TICKET)
        self.ticket_shown.emit(issued.ticket.number)
        if printing.has_printer(self.printer_url):
            self.printer_station.run(printing.print_ticket, issued.ticket, self.printer_url,
                                     waiting_ahead=issued.ahead, lang=self.lang,
                                     done=partial(self._on_printed, issued.ticket.id),
                                     failed=partial(self._on_print_error, issued.ticket.id))
            self.print_wait_timer.start(self.timings.print_wait_ms)
        else:
            self._on_printed(issued.ticket.id, printing.PrintOutcome(ok=False, skipped=True))
        self.refresh()

    def _fill_ticket(self) -> None:
        issued, tp, t = self.issued, self.ticket_page, self.t
        ticket = issued.ticket
        tp.number.setText(ticket.number)
        self._size_number()
        tp.badge.setVisible(ticket.priority)
        tile = next((s for s in (self.state.services if self.state else ())
                     if s.prefix == ticket.service_prefix), None)
        tp.service.setText(tile.title(self.lang) if tile else ticket.service_name)
        if issued.ahead:
            tp.ahead.setText(t("kiosk.ticket.ahead", count=issued.ahead))
            tp.estimate.setText(t("kiosk.ticket.estimate", minutes=issued.estimated_wait_min))
        elif issued.ahead == 0:
            tp.ahead.setText(t("kiosk.ticket.next"))
            tp.estimate.setText("")
        tp.ahead.setVisible(issued.ahead is not None)
        tp.estimate.setVisible(bool(issued.ahead))
        outcome = self.print_outcome
        if outcome is None:
            text, style = t("kiosk.ticket.take"), "color:#1b5e20;"
        elif outcome.ok:
            text, style = t("kiosk.ticket.take"), "color:#1b5e20;"
        elif outcome.skipped:
            text, style = t("kiosk.ticket.no_printer"), "color:#0d47a1;"
        else:
            text, style = (t("kiosk.ticket.not_printed"),
                           "color:#ffffff;background:#c62828;border-radius:12px;padding:12px;")
        tp.status.setText(text)
        tp.status.setStyleSheet(style)
        tp.done.setVisible(outcome is not None)

    def _on_printed(self, ticket_id: int, outcome: printing.PrintOutcome) -> None:
        if self.issued is None or self.issued.ticket.id != ticket_id:
            return  # a late answer about an earlier visitor; it is recorded already
        self.print_wait_timer.stop()
        self.print_outcome = outcome
        if not outcome.skipped:
            state = "ok" if outcome.ok else f"error: {outcome.error or ''}"[:200]
            self.station.set_printer_state(state)
            self.printer_station.set_printer_state(state)
        self._fill_ticket()
        self.return_timer.start(self.timings.ticket_ms if outcome.ok
                                else self.timings.not_printed_ms)

    def _on_print_error(self, ticket_id: int, error: BaseException) -> None:
        self._on_printed(ticket_id, printing.PrintOutcome(ok=False, error=str(error)))

    def _print_wait_over(self) -> None:
        if self.issued is not None and self.print_outcome is None:
            self._on_printed(self.issued.ticket.id,
                             printing.PrintOutcome(ok=False,
                                                    error=tr("printer.status.no_answer")))

    def _on_issue_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._guard_until = time.monotonic() + self.timings.guard_ms / 1000
        mp = self.message_page
        mp.heading.setText(self.t("kiosk.ticket.failed"))
        if isinstance(error, UltError):
            mp.detail.setText(error.message(self.lang))
        else:
            log.error("issuing failed: %r", error)
            mp.detail.setText(tr("ui.error.unexpected", self.lang))
        connection_problem = isinstance(error, UltError) and state_of(error) != OK
        if not connection_problem:
            self._pending_request = None  # refused by a rule: nothing was issued
        mp.hint.setText(self.t("kiosk.ticket.retry") if connection_problem else "")
        mp.hint.setVisible(connection_problem)
        self.pages.setCurrentIndex(MESSAGE)
        self.return_timer.start(self.timings.error_ms)
        self.refresh()

    def _ticket_done(self) -> None:
        if time.monotonic() < self._guard_until:
            self.ignored_touches += 1
            return
        self.go_start()

    def _message_back(self) -> None:
        if time.monotonic() < self._guard_until:
            return
        self.go_start()

    def go_start(self) -> None:
        """Back to the start screen, in the office's language, ready for the next visitor."""
        self.return_timer.stop()
        self.idle_timer.stop()
        self.print_wait_timer.stop()
        self.issued = None
        self._pin = ""
        self._priority_group = None
        self.priority_page.steps.setCurrentIndex(0)
        self.pages.setCurrentIndex(START)
        if self.lang != self.default_lang:
            self.lang = self.default_lang
            self._retranslate()
        self.refresh()

    def _on_idle(self) -> None:
        if self.pages.currentIndex() == TICKET or (
                self.pages.currentWidget() is getattr(self, "survey_page", None)):
            return
        self.go_start()

    def _toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self._retranslate()
        self._touched()

    # -- priority path ---------------------------------------------------------------
    def _open_priority(self) -> None:
        if not self.accepting():
            self.ignored_touches += 1
            return
        self.priority_page.steps.setCurrentIndex(0)
        self.pages.setCurrentIndex(PRIORITY)
        self._touched()

    def _pick_group(self, kind: str) -> None:
        self._priority_group = kind
        self._touched()
        available = [s for s in (self.state.services if self.state else ())
                     if s.blocked is None]
        if len(available) == 1:
            self.touch_service(available[0].prefix, priority=True)
            return
        self.priority_page.steps.setCurrentIndex(1)

    def _priority_back(self) -> None:
        self._touched()
        if self.priority_page.steps.currentIndex() == 1:
            self.priority_page.steps.setCurrentIndex(0)
        else:
            self.go_start()

    def _show_survey_info(self) -> None:
        if self.pages.currentIndex() != START:
            return
        if self.online and self.state is not None:  # the survey itself, on this screen
            self._open_survey()
            return
        mp = self.message_page
        mp.heading.setText(self.t("kiosk.survey.button"))
        mp.detail.setText(self.t("kiosk.survey.info"))
        mp.hint.setVisible(False)
        self.pages.setCurrentIndex(MESSAGE)
        self.return_timer.start(self.timings.error_ms * 2)

    def _open_survey(self) -> None:
        """The SKM survey as a kiosk page (issue #16; ui/survey/kiosk_page.py)."""
        from ult_desktop.ui.survey.kiosk_page import KioskSurveyPage

        page = getattr(self, "survey_page", None)
        if page is None or page.station is not self.station:  # (re)connected meanwhile
            if page is not None:
                self.pages.removeWidget(page)
                page.deleteLater()
            page = self.survey_page = KioskSurveyPage(self.station)
            page.leave.connect(self.go_start)
            self.pages.addWidget(page)
        self.idle_timer.stop()  # the survey keeps its own, longer idle time
        self.pages.setCurrentWidget(page)
        page.start(lang=self.lang)  # a scanned URL: its last code-like part is the code

    # -- locked down -------------------------------------------------------------------
    def exit_kiosk(self) -> None:
        """Leave the kiosk (only reachable behind the admin PIN when locked)."""
        self._unlocked = True
        self.close()

    def shutdown(self) -> None:
        """Close for good (tests, demo)."""
        self.exit_kiosk()

    def keyPressEvent(self, event) -> None:
        if self.pages.currentIndex() == PIN:
            key = event.text()
            if key.isdigit():
                self._pin_digit(key)
            elif event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self._pin_submit()
            elif event.key() == Qt.Key_Backspace:
                self._pin_clear()
            event.accept()
            return
        if self.locked:
            event.accept()  # Esc, Alt+F4 and friends do nothing on a kiosk
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.locked and not self._unlocked:
            event.ignore()
            return
        for t in (self.clock_timer, self.refresh_timer, self.return_timer, self.idle_timer,
                  self.feed_timer, self.print_wait_timer, self.pin_wait_timer,
                  self.admin_pins_timer):
            t.stop()
        self._disconnect()
        event.accept()

    # -- for tests and the benchmark --------------------------------------------------
    def current_page(self) -> int:
        return self.pages.currentIndex()

    def service_button(self, prefix: str, *, priority: bool = False) -> ServiceButton:
        page = self.priority_page if priority else self.start_page
        return page.buttons[prefix]


def _survey_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ult_desktop.db.skm") is not None
