"""The kiosk window: the visitor touches a service and gets a number.

It wires plain parts: :class:`~.flow.VisitorFlow` decides, :class:`~.screen.KioskScreen`
draws, :class:`~.admin.AdminDoor` is the admin door and :class:`~.link.KioskLink` reaches
the file and the printer on workers, so neither a slow share nor a slow printer freezes
the screen or delays the next number."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from ult_desktop.db.engine.sqlite_file import db_location
from ult_desktop.db.errors import UltError
from ult_desktop.db.journals.journal import HOLD
from ult_desktop.db.record.feed import DEFAULT_POLL_MS
from ult_desktop.ui.common.app import station_id as default_station_id
from ult_desktop.ui.common.pulse import DeviceTestAnswer
from ult_desktop.ui.common.station import BUSY, OK, UNAVAILABLE, public_sentence, state_of
from ult_desktop.ui.kiosk import jobs, paper
from ult_desktop.ui.kiosk.admin import AdminDoor
from ult_desktop.ui.kiosk.code_pad import CodePad
from ult_desktop.ui.kiosk.codes import CodeReader
from ult_desktop.ui.kiosk.flow import MESSAGE, PIN, PRIORITY, SETTINGS, START, SURVEY, VisitorFlow
from ult_desktop.ui.kiosk.headset import qt_outputs
from ult_desktop.ui.kiosk.help import DeafKey, HelpKey, PrinterNotice
from ult_desktop.ui.kiosk.link import KioskLink, quiet
from ult_desktop.ui.kiosk.screen import KioskScreen
from ult_desktop.ui.kiosk.spoken import SpokenKiosk
from ult_desktop.ui.kiosk.widgets import CornerTapZone

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


class KioskWindow(QWidget):
    """The kiosk. ``locked`` makes it frameless, refuse to close and ignore the keyboard.
    *config_file*: the station file the settings page saves to (the admins' PIN hashes
    by it; None: this PC's); *audio_outputs*: how the PC's audio outputs are listed (a
    headset plugged in starts the spoken mode; ``headset.qt_outputs``, or a test's list). Parts: :attr:`view` (draws), :attr:`flow` (what a touch
    does), :attr:`link` (the shared file and the printer), :attr:`door` (admin pages)."""

    ticket_shown = Signal(str)        # the number, once it is on screen
    state_loaded = Signal()           # the start screen got fresh data

    def __init__(self, db_path: str | Path, *, printer_url: str = "none",
                 station_id: str | None = None, locked: bool = True,
                 timings: Timings | None = None, config_file: Path | None = None,
                 poll_ms: int = DEFAULT_POLL_MS, hold_numbers: int = HOLD,
                 audio_outputs=qt_outputs, signer=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle("ULT Desktop — Kiosk")
        self.station_name = default_station_id("kiosk", station_id)
        self.locked = locked
        self.timings = timings or Timings()
        self.default_lang = "id"
        self._unlocked = False
        self.flow = VisitorFlow(self.station_name, guard_s=self.timings.guard_ms / 1000)
        self.view = view = KioskScreen(self.flow, issuing=lambda: self.link.can_issue())
        lay = QVBoxLayout(self)
        # The window's size is the screen's: never push layout minimums onto it.
        lay.setSizeConstraint(QLayout.SetNoConstraint)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(view)
        if locked:
            self.setWindowFlags(Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
            self.setCursor(Qt.BlankCursor)
        self.corner = CornerTapZone(self, taps=self.timings.gesture_taps,
                                    window_s=self.timings.gesture_window_s)
        self.link = KioskLink(db_location(db_path), station_name=self.station_name,
                              poll_ms=poll_ms, hold=hold_numbers,
                              printer=printer_url or paper.NO_PRINTER,
                              print_wait_ms=self.timings.print_wait_ms, signer=signer,
                              parent=self)
        self._timers()
        self.door = AdminDoor(view.pin_page, view.settings_page, link=self.link,
                              flow=self.flow, timings=self.timings, config_file=config_file,
                              lang=lambda: view.lang, station_arg=station_id, parent=self)
        self._connect()
        # the spoken mode (a headset, the keypad) and large text (docs/accessibility.md)
        self.spoken = SpokenKiosk(self, outputs=audio_outputs)
        self.help = HelpKey(self, self.spoken.row)  # "Butuh bantuan": an officer comes
        self.deaf = DeafKey(self)  # "Saya tuli" on the number; the ticket's assist flags
        self.printer_notice = PrinterNotice(self)  # the printer needs an officer: said here
        self.codes = CodeReader(self)  # a follow-up's code, a missed visitor reporting back
        self.pad = CodePad(self)  # ... typed on a touch keypad (no scanner)
        self.tests = DeviceTestAnswer(self.link.station, printer=lambda: self.link.printer.url,
                                      speech=self.spoken.control.speech_check)
        view.retranslate()

    def _timers(self) -> None:
        self.clock_timer = QTimer(self, interval=1000, timeout=self.view.tick)
        self.refresh_timer = QTimer(self, interval=self.timings.refresh_ms,
                                    timeout=self.link.refresh)
        self.return_timer = QTimer(self, singleShot=True, timeout=self._return_to_start)
        self.idle_timer = QTimer(self, singleShot=True, timeout=self._on_idle)
        self.clock_timer.start()
        self.refresh_timer.start()

    def _connect(self) -> None:
        """What each part says, to whom."""
        view, door, link = self.view, self.door, self.link
        self.corner.triggered.connect(self._open_admin)
        view.rescaled.connect(self.corner.place)
        view.service_touched.connect(self.touch_service)
        view.language_toggled.connect(self.touched)
        view.survey_requested.connect(self._show_survey_info)
        view.start_page.priority_opened.connect(self._open_priority)
        view.priority_page.group_picked.connect(self._pick_group)
        view.priority_page.back_pressed.connect(self._priority_back)
        view.ticket_page.finished.connect(self._leave_ticket)
        view.message_page.back_pressed.connect(self._leave_ticket)
        pin, settings = view.pin_page, view.settings_page
        for activity in (pin.key_pressed, pin.erased, pin.submitted,
                         settings.test_print_requested, settings.save_requested,
                         settings.edited):
            activity.connect(self.touched)
        pin.cancelled.connect(self.go_start)
        settings.back_pressed.connect(self.go_start)
        door.unlocked.connect(self._open_settings)
        door.exit_requested.connect(self.shutdown)
        door.saved.connect(self._settings_saved)
        link.connection_changed.connect(self._on_connection)
        link.state_loaded.connect(self._on_state)
        link.state_failed.connect(view.update_services)
        link.settings_changed.connect(lambda: door.pins_timer.start(200))
        link.printed.connect(self._on_printed)
        link.reprint_requested.connect(link.reprint)
        link.journal_changed.connect(lambda: self._on_connection(  # still numbers held?
            link.state or OK, link.station.message))

    def accepting(self) -> bool:
        """May a touch issue a ticket now? (one touch = one ticket)"""
        return self.flow.accepting(self.link.can_issue(), self.view.state)

    def show_page(self) -> None:
        """Show the page the flow is on."""
        self.view.priority_page.steps.setCurrentIndex(self.flow.priority_step)
        self.view.pages.setCurrentIndex(self.flow.page)

    def touched(self, *_args) -> None:
        admin = self.flow.page in (PIN, SETTINGS)
        self.idle_timer.start(self.timings.admin_idle_ms if admin else self.timings.idle_ms)

    # -- the shared file -------------------------------------------------------------
    def reconnect(self, path: Path) -> None:
        """Another database file (saved on the settings page)."""
        self.link.reopen(path)
        self.tests.follow(self.link.station)
        self.view.state = None
        self.view.connection = None
        self.view.retranslate()

    def _on_connection(self, state: str, message: str) -> None:
        view = self.view
        was, view.connection = view.connection, state
        # numbers held: visitors keep taking them, calmly (the officers see the outage)
        calm = state in (UNAVAILABLE, BUSY) and self.link.holds_numbers()
        view.banner.set_state(OK if calm else state, message)
        if state != OK and not calm:
            view.style_banner()
        if state == OK and was != OK:
            self.door.refresh_admin_pins()
        view.update_services()

    def _on_state(self, state: jobs.KioskState) -> None:
        view = self.view
        first = view.state is None
        view.state = state
        if first or self.default_lang != state.language:
            self.default_lang = state.language
            if first and self.flow.page == START:
                view.lang = state.language
        view.retranslate()
        if self.flow.page == PRIORITY and not state.any_available:
            self.go_start()  # closed (or everything full) while a visitor was choosing
        self.state_loaded.emit()

    # -- a visitor's touch ---------------------------------------------------------------
    def touch_service(self, prefix: str, priority: bool = False) -> None:
        """A service was touched: one ticket, unless one is on its way (spoken: confirm)."""
        if self.spoken.to_confirm(prefix, priority):
            return
        request_id = self.flow.touch(prefix, priority, online=self.link.can_issue(),
                                     state=self.view.state)
        if request_id is None:
            return
        self.link.take(service=prefix, priority=priority, assist=self.deaf.assist(priority),
                       priority_group=self.flow.priority_group if priority else None,
                       request_id=request_id, done=self.on_issued, failed=self._on_issue_failed)

    def on_issued(self, issued: jobs.IssuedTicket) -> None:
        self.flow.issued_ok(issued)
        self.idle_timer.stop()
        self.view.draw_ticket()
        self.show_page()
        self.ticket_shown.emit(issued.ticket.number)
        self.link.issued(issued, self.view.lang)

    def _on_printed(self, ticket_id: int, outcome: paper.PrintOutcome) -> None:
        if self.flow.printed(ticket_id, outcome):
            self.view.draw_ticket()
            self.return_timer.start(self.timings.ticket_ms if outcome.ok
                                    else self.timings.not_printed_ms)

    def _on_issue_failed(self, error: BaseException) -> None:
        connection_problem = isinstance(error, UltError) and state_of(error) != OK
        self.flow.issue_failed(connection_problem=connection_problem)
        if not isinstance(error, UltError):
            log.error("issuing failed: %r", error)
        t = self.view.t
        self.message(t("kiosk.ticket.failed"), public_sentence(error, self.view.lang),
                     t("kiosk.ticket.retry") if connection_problem else "",
                     ms=self.timings.error_ms)
        self.link.refresh()

    def message(self, heading: str, detail: str, hint: str = "", *, ms: int) -> None:
        """A message page, back to the start after *ms* (or its "Kembali")."""
        self.view.message_page.show_message(heading, detail, hint)
        self.flow.page = MESSAGE
        self.show_page()
        self.return_timer.start(ms)

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
        if self.view.lang != self.default_lang:
            self.view.lang = self.default_lang
            self.view.retranslate()
        self.link.refresh()

    def _on_idle(self) -> None:
        if self.flow.idle():
            self.go_start()

    # -- priority path ---------------------------------------------------------------
    def _open_priority(self) -> None:
        if self.flow.open_priority(online=self.link.can_issue(), state=self.view.state):
            self.show_page()
            self.touched()

    def _pick_group(self, kind: str) -> None:
        """The group, then how the visitor is met and the service (one open or more)."""
        self.touched()
        self.view.priority_page.clear_assist()  # each visitor starts without them
        self.flow.pick_group(kind)
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
        if self.link.online and self.view.state is not None:  # the survey, on this screen
            self._open_survey()
            return
        self.message(self.view.t("kiosk.survey.button"), self.view.t("kiosk.survey.info"),
                     ms=self.timings.error_ms * 2)

    def _open_survey(self) -> None:
        """The SKM survey as a kiosk page (ui/survey/kiosk_page.py)."""
        from ult_desktop.ui.survey.kiosk_page import KioskSurveyPage

        self.survey_page = page = KioskSurveyPage.on(
            self.view.pages, getattr(self, "survey_page", None), self.link.station, self.go_start)
        self.idle_timer.stop()  # the survey keeps its own, longer idle time
        self.flow.page = SURVEY
        self.view.pages.setCurrentWidget(page)
        # a scanned URL: its last code-like part is the code
        page.start(lang=self.view.lang, large=self.view.large, speaker=self.spoken.speaker,
                   spoken=self.spoken.active)

    # -- the admin door ----------------------------------------------------------------
    def _open_admin(self) -> None:
        if self.door.open():
            self.return_timer.stop()
            self.show_page()
            self.touched()
            self.door.check_lockout()

    def _open_settings(self, who: str) -> None:
        self.view.settings_page.show_settings(self.view.t("kiosk.settings.who", name=who),
                                                str(self.link.path), self.link.printer.url)
        self.flow.page = SETTINGS
        self.show_page()
        self.touched()

    def _settings_saved(self, db: str, printer: str) -> None:
        self.link.printer.watch(printer)
        if db_location(db) != self.link.path:
            self.reconnect(db_location(db))

    # -- locked down -------------------------------------------------------------------
    def shutdown(self) -> None:
        """Leave the kiosk for good (only behind the admin PIN when locked; tests, demo)."""
        self._unlocked = True
        self.close()

    def keyPressEvent(self, event) -> None:  # Qt name
        if self.flow.page == PIN:
            self.door.key(event)
        elif self.locked:
            event.accept()  # Esc, Alt+F4 and friends do nothing on a kiosk
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.locked and not self._unlocked:
            event.ignore()
            return
        for t in (self.clock_timer, self.refresh_timer, self.return_timer, self.idle_timer):
            t.stop()
        self.door.stop()
        self.spoken.control.headset.stop()
        self.link.close()
        event.accept()


def between_visitors(window: KioskWindow) -> bool:
    """A release staged here may start now (``ui/common/update_switch.py``): nobody at the
    kiosk (the start page, untouched since the last visitor) and nothing printing or held."""
    return (window.flow.between_visitors() and not window.idle_timer.isActive()
            and not window.return_timer.isActive() and quiet(window.link))
