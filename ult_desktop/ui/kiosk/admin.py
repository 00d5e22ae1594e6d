"""The hidden admin door of a locked kiosk: corner gesture, PIN keypad, station settings.

Mixed into :class:`~ult_desktop.ui.kiosk.window.KioskWindow`; the PIN is checked with
``office.verify_pin`` on the Station worker and only an active **admin** gets in.
When the shared file cannot be reached (the connection is down, the check fails, or no
answer comes within ``Timings.pin_wait_ms``), the PIN is checked on a pool thread
against the admins' hashes the kiosk keeps (:mod:`ult_desktop.app.admin_pins`), so an
admin can still leave the kiosk. Repeated wrong PINs lock the keypad for a while.
The settings page writes the station file (:mod:`ult_desktop.app.station_config`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ult_desktop.app import admin_pins
from ult_desktop.app.station_config import (
    PAPER_WIDTHS,
    find_config,
    load_station_config,
    save_station_config,
    user_config_path,
)
from ult_desktop.db.pinlock import PinLocked
from ult_desktop.ui.common.station import BUSY, UNAVAILABLE
from ult_desktop.ui.kiosk import model, printing
from ult_desktop.ui.kiosk.pages import PIN, SETTINGS

log = logging.getLogger(__name__)


class BackgroundCall(QObject):
    """Run a function without the database on a pool thread; result on the GUI thread."""

    finished = Signal(object)

    def start(self, fn, *args) -> None:
        call = self

        class _Job(QRunnable):
            def run(self) -> None:
                result = fn(*args)
                try:
                    call.finished.emit(result)
                except RuntimeError:  # the window was closed meanwhile
                    pass

        QThreadPool.globalInstance().start(_Job())


class AdminDoorMixin:
    """PIN and settings behaviour; needs the window's pages, station and timers."""

    # -- the hidden admin door -----------------------------------------------------------
    def _on_gesture(self) -> None:
        if self.pages.currentIndex() in (PIN, SETTINGS):
            return
        self.return_timer.stop()
        self._pin = ""
        self._pin_pending = None  # answers to an abandoned keypad are ignored
        self.pin_wait_timer.stop()
        self.pin_page.ok.setEnabled(True)
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
        self._pin_token += 1
        token = self._pin_token
        self._pin_pending = (token, pin)
        if self.connection in (UNAVAILABLE, BUSY) and self.admin_pins is not None:
            self._check_cached_pin(token)  # known to be cut off: do not queue behind it
            return
        self.station.run(model.check_admin_pin, pin, done=partial(self._pin_answer, token),
                         failed=partial(self._pin_failed, token))
        self.pin_wait_timer.start(self.timings.pin_wait_ms)

    def _pin_is_pending(self, token: int) -> bool:
        return self._pin_pending is not None and self._pin_pending[0] == token

    def _pin_answer(self, token: int, officer) -> None:
        """The shared file's answer (an active admin or None)."""
        if not self._pin_is_pending(token):
            return  # already answered from the cached hashes, or abandoned
        self._pin_pending = None
        self.pin_wait_timer.stop()
        self._pin_result(officer)

    def _pin_failed(self, token: int, error: BaseException) -> None:
        if not self._pin_is_pending(token):
            return
        if isinstance(error, PinLocked):  # the shared file answered: locked, say until when
            self._pin_pending = None
            self.pin_wait_timer.stop()
            self.pin_page.ok.setEnabled(True)
            self._show_pin_message(error.message(self.lang))
            return
        log.info("admin PIN not checked against the database: %s", error)
        self._pin_database_gone()

    def _pin_wait_over(self) -> None:
        if self._pin_pending is not None:
            log.info("no answer from the database for the admin PIN; using the cached hashes")
            self._pin_database_gone()

    def _pin_database_gone(self) -> None:
        self.pin_wait_timer.stop()
        token = self._pin_pending[0]
        if self.admin_pins is not None:
            self._check_cached_pin(token)
            return
        self._pin_pending = None
        self.pin_page.ok.setEnabled(True)
        self._show_pin_message(self.t("kiosk.admin.no_db"))

    def _check_cached_pin(self, token: int) -> None:
        """scrypt against the kept hashes, on a pool thread (~50 ms per admin)."""
        self._pin_call.start(_check_cached, token, self.admin_pins, self._pin_pending[1])

    def _on_cached_pin(self, answer: tuple) -> None:
        token, admin = answer
        if not self._pin_is_pending(token):
            return
        self._pin_pending = None
        self._pin_result(admin)

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
        self._unlocked_by = officer.username
        self._open_settings(officer.name)

    def _exit_by_admin(self) -> None:
        """Settings' exit button: audited (the job runs before the worker stops)."""
        self.station.run(model.record_exit, getattr(self, "_unlocked_by", None),
                         failed=lambda exc: log.warning("kiosk exit not audited: %s", exc))
        self.exit_kiosk()

    # -- admins' PIN hashes kept on this PC -------------------------------------------------
    def _refresh_admin_pins(self) -> None:
        """Fetch the active admins' hashes (connected, or told of a settings change)."""
        self.station.run(admin_pins.refresh, self.config_file,
                         done=partial(self._on_admin_pins, self.station),
                         failed=lambda exc: log.info("admin PIN hashes not read: %s", exc))

    def _on_admin_pins(self, station, admins: tuple) -> None:
        if station is self.station:  # not an answer from a database left behind
            self.admin_pins = admins

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
            self._write_station_config(db, printer)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            st.save_result.setText(self.t("kiosk.settings.save_failed", error=reason))
            return
        self.printer_url = printer
        if Path(db) != self.db_path:
            self._disconnect()
            self.state = None
            self.connection = None
            self._connect(Path(db))
            self._retranslate()
        st.save_result.setText(self.t("kiosk.settings.saved"))

    def _write_station_config(self, db: str, printer: str) -> Path:
        """Database, printer and station name into the station file this PC uses (the
        one the setup wizard writes); its other settings are kept.

        :raises OSError: no station file could be written.
        :raises ValueError: a value the station file refuses.
        """
        target = Path(self.config_file) if self.config_file else \
            (find_config() or user_config_path())
        base = load_station_config(target) if target.is_file() else load_station_config()
        url, width = split_paper_width(printer)
        config = replace(base, db=db, printer=url, paper_width=width or base.paper_width,
                         station=self.station_arg or base.station)
        try:
            return save_station_config(config, target)
        except OSError:
            if self.config_file or target == user_config_path():
                raise
            # the machine-wide file is read-only for this account: the user's file is
            # read first, so writing it is enough
            return save_station_config(config, user_config_path())


def split_paper_width(url: str) -> tuple[str, int | None]:
    """The printer URL without a ``width=58|80`` the station file keeps as ``paper_width``
    (the running kiosk's URL has it added), and that width."""
    base, sep, query = url.partition("?")
    if not sep:
        return url, None
    params = parse_qsl(query, keep_blank_values=True)
    width = None
    rest = []
    for key, value in params:
        if key.lower() == "width" and value.isdigit() and int(value) in PAPER_WIDTHS:
            width = int(value)
        else:
            rest.append((key, value))
    if width is None:
        return url, None
    return (f"{base}?{urlencode(rest)}" if rest else base), width


def _check_cached(token: int, admins: tuple, pin: str) -> tuple[int, object]:
    return token, admin_pins.check(admins, pin)
