"""The hidden admin door of a locked kiosk: corner gesture, PIN keypad, station settings.

Mixed into :class:`~ult_desktop.ui.kiosk.window.KioskWindow`; the PIN is checked with
``office.verify_pin`` on the Station worker and only an active **admin** gets in.
Repeated wrong PINs lock the keypad for a while.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ult_desktop.ui.kiosk import model, printing
from ult_desktop.ui.kiosk.config import KioskConfig, config_path, save_config
from ult_desktop.ui.kiosk.pages import PIN, SETTINGS


class BackgroundCall(QObject):
    """Run a function without the database on a pool thread; result on the GUI thread."""

    finished = Signal(object)

    def start(self, fn, *args) -> None:
        call = self

        class _Job(QRunnable):
            def run(self) -> None:
                call.finished.emit(fn(*args))

        QThreadPool.globalInstance().start(_Job())


class AdminDoorMixin:
    """PIN and settings behaviour; needs the window's pages, station and timers."""

    # -- the hidden admin door -----------------------------------------------------------
    def _on_gesture(self) -> None:
        if self.pages.currentIndex() in (PIN, SETTINGS):
            return
        self.return_timer.stop()
        self._pin = ""
        self._show_pin_message("")
        self.pages.setCurrentIndex(PIN)
        self._touched()
        self._check_lockout()

    def _check_lockout(self) -> bool:
        left = self._locked_until - time.monotonic()
        locked = left > 0
        for btn in (*self.pin_page.digits.values(), self.pin_page.ok, self.pin_page.clear):
            btn.setEnabled(not locked)
        if locked:
            self._show_pin_message(self.t("kiosk.admin.locked_out", seconds=int(left) + 1))
        return locked

    def _show_pin_message(self, text: str) -> None:
        self.pin_page.message.setText(text)
        self.pin_page.dots.setText("●" * len(self._pin) if self._pin else "–")

    def _pin_digit(self, digit: str) -> None:
        self._touched()
        if len(self._pin) < 12:
            self._pin += digit
        self._show_pin_message("")

    def _pin_clear(self) -> None:
        self._touched()
        self._pin = ""
        self._show_pin_message("")

    def _pin_submit(self) -> None:
        self._touched()
        if self._check_lockout() or not self.pin_page.ok.isEnabled():
            return
        pin, self._pin = self._pin, ""
        if len(pin) < 4:
            self._pin_result(None)
            return
        self.pin_page.ok.setEnabled(False)
        self._show_pin_message(self.t("kiosk.admin.checking"))
        self.station.run(model.check_admin_pin, pin, done=self._pin_result,
                         failed=self._pin_failed)

    def _pin_result(self, officer) -> None:
        self.pin_page.ok.setEnabled(True)
        if self.pages.currentIndex() != PIN:
            return
        if officer is None:
            self._pin_failures += 1
            if self._pin_failures >= self.timings.max_pin_failures:
                self._pin_failures = 0
                self._locked_until = time.monotonic() + self.timings.lockout_s
                self._check_lockout()
            else:
                self._show_pin_message(self.t("kiosk.admin.pin_wrong"))
            return
        self._pin_failures = 0
        self._open_settings(officer.name)

    def _pin_failed(self, error: BaseException) -> None:
        self.pin_page.ok.setEnabled(True)
        self._show_pin_message(self.t("kiosk.admin.no_db"))

    def _open_settings(self, who: str) -> None:
        st = self.settings_page
        st.who.setText(self.t("kiosk.settings.who", name=who))
        st.db_edit.setText(str(self.db_path))
        st.printer_edit.setText(self.printer_url)
        st.test_result.setText("")
        st.save_result.setText("")
        self.pages.setCurrentIndex(SETTINGS)
        self._touched()

    def _test_print(self) -> None:
        self._touched()
        url = self.settings_page.printer_edit.text().strip() or printing.NO_PRINTER
        self.settings_page.test_print.setEnabled(False)
        self.settings_page.test_result.setText(self.t("kiosk.settings.testing"))
        self._test_call.start(printing.test_print, url, self.lang)

    def _on_test_print(self, outcome: printing.PrintOutcome) -> None:
        st = self.settings_page
        st.test_print.setEnabled(True)
        st.test_result.setText(self.t("kiosk.settings.test_ok") if outcome.ok else
                               self.t("kiosk.settings.test_failed", error=outcome.error or ""))

    def _save_settings(self) -> None:
        self._touched()
        st = self.settings_page
        db = st.db_edit.text().strip()
        printer = st.printer_edit.text().strip() or printing.NO_PRINTER
        if not db:
            st.save_result.setText(self.t("kiosk.settings.db_required"))
            return
        try:
            save_config(KioskConfig(db=db, printer=printer, station=self.station_name),
                        self.config_file or config_path())
        except OSError as exc:
            st.save_result.setText(self.t("kiosk.settings.save_failed", error=exc.strerror or
                                          type(exc).__name__))
            return
        self.printer_url = printer
        if Path(db) != self.db_path:
            self._disconnect()
            self.state = None
            self.connection = None
            self._connect(Path(db))
            self._retranslate()
        st.save_result.setText(self.t("kiosk.settings.saved"))
