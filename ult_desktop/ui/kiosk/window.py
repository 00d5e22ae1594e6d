"""The kiosk window: the visitor touches a service and gets a number.

It wires plain parts together: :class:`~ult_desktop.ui.kiosk.flow.VisitorFlow`
decides what a touch does, :class:`~ult_desktop.ui.kiosk.screen.KioskScreen` draws,
:class:`~ult_desktop.ui.kiosk.admin.AdminDoor` is the hidden admin door, and
:class:`~ult_desktop.ui.kiosk.link.KioskLink` reaches the shared file and the printer
through Station workers, so the screen never freezes on a slow or vanished share and a
slow printer never delays the next visitor's number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.db.connection import db_location
from ult_desktop.db.errors import UltError
from ult_desktop.db.feed import DEFAULT_POLL_MS
from ult_desktop.ui.common.app import station_id as default_station_id
from ult_desktop.ui.common.station import OK, state_of
from ult_desktop.ui.kiosk import model, printing
from ult_desktop.ui.kiosk.admin import AdminDoor
from ult_desktop.ui.kiosk.flow import (  # noqa: F401 (page numbers re-exported for tests)
    MESSAGE,
    PIN,
    PRIORITY,
    RETRY_SAME_REQUEST_S,
    SETTINGS,
    START,
    SURVEY,
    TICKET,
    VisitorFlow,
)
from ult_desktop.ui.kiosk.link import KioskLink
from ult_desktop.ui.kiosk.screen import KioskScreen
from ult_desktop.ui.kiosk.widgets import CornerTapZone, ServiceButton

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timings:
    """How long things stay on screen (tests shorten them)."""

    ticket_ms: int = 6_000          # number shown after a successful print
    not_printed_ms: int = 20_000    # number shown when the ticket did not print
    error_ms: int = 6_000           # "could not make a number" message
    guard_ms: int = 800             # touches ignored after a ticket (bouncing screens)
    return_guard_ms: int = 1_200    # ... and after the number leaves (a late "Selesai")
    idle_ms: int = 30_000           # a half-finished visit returns to the start
    admin_idle_ms: int = 90_000     # the admin pages lock again
    refresh_ms: int = 30_000        # re-read opening hours even without events
    print_wait_ms: int = 30_000     # longest wait for the printer's answer
    pin_wait_ms: int = 8_000        # then an admin PIN is checked against the kept hashes
    gesture_taps: int = 5
    gesture_window_s: float = 3.0
    max_pin_failures: int = 5
    lockout_s: float = 60.0


class KioskWindow(KioskScreen):
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
        self.printer_url = printer_url or printing.NO_PRINTER
        self.station_name = default_station_id("kiosk", station_id)
        self.station_arg = station_id
        self.locked = locked
        self.timings = timings or Timings()
        self.config_file = config_file
        self.poll_ms = poll_ms
        self.default_lang = "id"
        self._unlocked = False
        self.flow = VisitorFlow(self.station_name, guard_s=self.timings.guard_ms / 1000)
        if locked:
            self.setWindowFlags(Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
            self.setCursor(Qt.BlankCursor)
        self.corner = CornerTapZone(self, taps=self.timings.gesture_taps,
                                    window_s=self.timings.gesture_window_s)
        self._timers()
        self.door = AdminDoor(self, config_file)
        self.corner.triggered.connect(self.door.open)
        sp, pp = self.start_page, self.priority_page
        sp.priority.clicked.connect(self._open_priority)
        for kind, btn in pp.group_buttons.items():
            btn.clicked.connect(partial(self._pick_group, kind))
        pp.back.clicked.connect(self._priority_back)
        self.ticket_page.done.clicked.connect(self._leave_ticket)
        self.message_page.back.clicked.connect(self._leave_ticket)
        self.lang_button.clicked.connect(self._toggle_language)
        self.survey_button.clicked.connect(self._show_survey_info)
        self.link = KioskLink(db_location(db_path), station_name=self.station_name, poll_ms=poll_ms,
                              print_wait_ms=self.timings.print_wait_ms, parent=self)
        self.link.connection_changed.connect(self._on_connection)
        self.link.state_loaded.connect(self._on_state)
        self.link.state_failed.connect(self.update_services)
        self.link.settings_changed.connect(lambda: self.door.pins_timer.start(200))
        self.link.printed.connect(self._on_printed)
        self.retranslate()

    def _timers(self) -> None:
        self.clock_timer = QTimer(self, interval=1000, timeout=self.tick)
        self.refresh_timer = QTimer(self, interval=self.timings.refresh_ms,
                                    timeout=self.refresh)
        self.return_timer = QTimer(self, singleShot=True, timeout=self._return_to_start)
        self.idle_timer = QTimer(self, singleShot=True, timeout=self._on_idle)
        self.clock_timer.start()
        self.refresh_timer.start()

    # -- what the flow and the screen ask ------------------------------------------------
    @property
    def online(self) -> bool:
        return self.connection == OK

    station = property(lambda self: self.link.station)
    db_path = property(lambda self: self.link.path)

    @property
    def admin_pins(self):
        return self.door.admin_pins

    issued = property(lambda self: self.flow.issued)
    print_outcome = property(lambda self: self.flow.print_outcome)
    ignored_touches = property(lambda self: self.flow.ignored_touches)

    def can_issue(self) -> bool:
        return self.flow.can_issue(self.online, self.state)

    def accepting(self) -> bool:
        """May a touch issue a ticket now? (one touch = one ticket)"""
        return self.flow.accepting(self.online, self.state)

    def shown_ticket(self):
        return self.flow.issued, self.flow.print_outcome

    def show_page(self) -> None:
        """Show the page the flow is on."""
        self.priority_page.steps.setCurrentIndex(self.flow.priority_step)
        self.pages.setCurrentIndex(self.flow.page)

    def touched(self, *_args) -> None:
        admin = self.flow.page in (PIN, SETTINGS)
        self.idle_timer.start(self.timings.admin_idle_ms if admin else self.timings.idle_ms)

    # -- the shared file -------------------------------------------------------------
    def refresh(self) -> None:
        self.link.refresh()

    def reconnect(self, path: Path) -> None:
        """Another database file (saved on the settings page)."""
        self.link.reopen(path)
        self.state = None
        self.connection = None
        self.retranslate()

    def _on_connection(self, state: str, message: str) -> None:
        was, self.connection = self.connection, state
        self.banner.set_state(state, message)
        if state != OK:
            self.style_banner()
        if state == OK and was != OK:
            self.door.refresh_admin_pins()
        self.update_services()

    def _on_state(self, state: model.KioskState) -> None:
        first = self.state is None
        self.state = state
        if first or self.default_lang != state.language:
            self.default_lang = state.language
            if first and self.flow.page == START:
                self.lang = state.language
        self.retranslate()
        if self.flow.page == PRIORITY and not state.any_available:
            self.go_start()  # closed (or everything full) while a visitor was choosing
        self.state_loaded.emit()

    # -- a visitor's touch ---------------------------------------------------------------
    def touch_service(self, prefix: str, priority: bool = False) -> None:
        """A service button was touched: issue one ticket, unless one is on its way."""
        request_id = self.flow.touch(prefix, priority, online=self.online, state=self.state)
        if request_id is None:
            return
        self.station.run(model.take_ticket, service=prefix, priority=priority,
                         priority_group=self.flow.priority_group if priority else None,
                         request_id=request_id, done=self._on_issued,
                         failed=self._on_issue_failed, parent=self)

    def _on_issued(self, issued: model.IssuedTicket) -> None:
        self.flow.issued_ok(issued)
        self.idle_timer.stop()
        self.draw_ticket()
        self.show_page()
        self.ticket_shown.emit(issued.ticket.number)
        self.link.print_ticket(issued, self.printer_url, self.lang)
        self.refresh()

    def _on_printed(self, ticket_id: int, outcome: printing.PrintOutcome) -> None:
        if self.flow.printed(ticket_id, outcome):
            self.draw_ticket()
            self.return_timer.start(self.timings.ticket_ms if outcome.ok
                                    else self.timings.not_printed_ms)

    def _on_issue_failed(self, error: BaseException) -> None:
        connection_problem = isinstance(error, UltError) and state_of(error) != OK
        self.flow.issue_failed(connection_problem=connection_problem)
        if not isinstance(error, UltError):
            log.error("issuing failed: %r", error)
        self._message(self.t("kiosk.ticket.failed"),
                      error.message(self.lang) if isinstance(error, UltError)
                      else tr("ui.error.unexpected", self.lang),
                      self.t("kiosk.ticket.retry") if connection_problem else "")
        self.return_timer.start(self.timings.error_ms)
        self.refresh()

    def _message(self, heading: str, detail: str, hint: str = "") -> None:
        mp = self.message_page
        mp.heading.setText(heading)
        mp.detail.setText(detail)
        mp.hint.setText(hint)
        mp.hint.setVisible(bool(hint))
        self.flow.page = MESSAGE
        self.show_page()

    def _leave_ticket(self) -> None:
        if self.flow.leave_ticket():
            self._return_to_start()

    def _return_to_start(self) -> None:  # a late tap on "Selesai" must open nothing
        self.go_start(guard_s=self.timings.return_guard_ms / 1000)

    def go_start(self, *, guard_s: float = 0.0) -> None:
        """Back to the start screen, in the office's language, ready for the next visitor
        (*guard_s*: touches ignored that long, see ``VisitorFlow.go_start``)."""
        self.return_timer.stop()
        self.idle_timer.stop()
        self.flow.go_start(guard_s=guard_s)
        self.door.keypad.clear()
        self.show_page()
        if self.lang != self.default_lang:
            self.lang = self.default_lang
            self.retranslate()
        self.refresh()

    def _on_idle(self) -> None:
        if self.flow.idle():
            self.go_start()

    def _toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.retranslate()
        self.touched()

    # -- priority path ---------------------------------------------------------------
    def _open_priority(self) -> None:
        if self.flow.open_priority(online=self.online, state=self.state):
            self.show_page()
            self.touched()

    def _pick_group(self, kind: str) -> None:
        self.touched()
        available = [s.prefix for s in (self.state.services if self.state else ())
                     if s.blocked is None]
        only = self.flow.pick_group(kind, available)
        if only is not None:
            self.touch_service(only, priority=True)
        else:
            self.show_page()

    def _priority_back(self) -> None:
        self.touched()
        if self.flow.priority_back():
            self.go_start()
        else:
            self.show_page()

    def _show_survey_info(self) -> None:
        if self.flow.page != START:
            return
        if self.online and self.state is not None:  # the survey itself, on this screen
            self._open_survey()
            return
        self._message(self.t("kiosk.survey.button"), self.t("kiosk.survey.info"))
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
        self.flow.page = SURVEY
        self.pages.setCurrentWidget(page)
        page.start(lang=self.lang)  # a scanned URL: its last code-like part is the code

    # -- locked down -------------------------------------------------------------------
    def apply_scale(self) -> None:
        super().apply_scale()
        side = round(12 * self._unit)
        self.corner.setGeometry(0, 0, side, side)
        self.corner.raise_()

    def exit_kiosk(self) -> None:
        """Leave the kiosk (only reachable behind the admin PIN when locked)."""
        self._unlocked = True
        self.close()

    def shutdown(self) -> None:
        """Close for good (tests, demo)."""
        self.exit_kiosk()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.flow.page == PIN:
            self.door.key(event)
        elif self.locked:
            event.accept()  # Esc, Alt+F4 and friends do nothing on a kiosk
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.locked and not self._unlocked:
            event.ignore()
            return
        for t in (self.clock_timer, self.refresh_timer, self.return_timer, self.idle_timer):
            t.stop()
        self.door.stop()
        self.link.close()
        event.accept()

    # -- for tests and the benchmark --------------------------------------------------
    def current_page(self) -> int:
        return self.pages.currentIndex()

    def service_button(self, prefix: str, *, priority: bool = False) -> ServiceButton:
        page = self.priority_page if priority else self.start_page
        return page.buttons[prefix]
