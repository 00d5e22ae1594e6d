"""The hidden admin door of a locked kiosk: corner gesture, PIN keypad, station settings.

An :class:`AdminDoor` object belongs to each kiosk window; the PIN is checked with
``office.verify_pin`` on the Station worker and only an active **admin** gets in.
When the shared file cannot be reached (the connection is down, the check fails, or no
answer comes within ``Timings.pin_wait_ms``), the PIN is checked on a pool thread
against the admins' hashes the kiosk keeps (:mod:`ult_desktop.app.admin_pins`), so an
admin can still leave the kiosk. Repeated wrong PINs lock the keypad for a while.
The settings page writes the station file (:mod:`ult_desktop.app.station_config`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from PySide6.QtCore import QObject, Qt, QTimer

from ult_desktop.app import admin_pins
from ult_desktop.app.station_config import (
    PAPER_WIDTHS,
    find_config,
    load_station_config,
    save_station_config,
    user_config_path,
)
from ult_desktop.db.connection import db_location
from ult_desktop.db.pinlock import PinLocked
from ult_desktop.ui.common.station import BUSY, UNAVAILABLE, Station, error_sentence
from ult_desktop.ui.kiosk import model, printing
from ult_desktop.ui.kiosk.flow import PIN, SETTINGS, PinDoor

log = logging.getLogger(__name__)


class AdminDoor(QObject):
    """The admin door of one kiosk window: keypad (:class:`~.flow.PinDoor` holds its
    state), PIN checks, the station settings page and the kept PIN hashes.

    :param kiosk: the :class:`~ult_desktop.ui.kiosk.window.KioskWindow` it belongs to
        (its pages, its station, its flow).
    """

    def __init__(self, kiosk, config_file: Path | None):
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.config_file = config_file
        timings = kiosk.timings
        self.keypad = PinDoor(max_failures=timings.max_pin_failures,
                              lockout_s=timings.lockout_s)
        #: the active admins' PIN hashes: from the shared file once connected, until
        #: then from the copy kept on this PC (None: never connected from here)
        self.admin_pins: tuple[admin_pins.CachedAdmin, ...] | None = \
            admin_pins.load(config_file)
        self.wait_timer = QTimer(self, singleShot=True)
        self.wait_timer.timeout.connect(self._wait_over)
        self.pins_timer = QTimer(self, singleShot=True)  # coalesces settings events
        self.pins_timer.timeout.connect(self.refresh_admin_pins)
        pin, st = kiosk.pin_page, kiosk.settings_page
        for digit, btn in pin.digits.items():
            btn.clicked.connect(partial(self.digit, digit))
        pin.clear.clicked.connect(self.clear)
        pin.ok.clicked.connect(self.submit)
        pin.cancel.clicked.connect(kiosk.go_start)
        st.test_print.clicked.connect(self._test_print)
        st.save.clicked.connect(self._save_settings)
        st.exit.clicked.connect(self._exit_by_admin)
        st.back.clicked.connect(kiosk.go_start)
        st.db_edit.textEdited.connect(kiosk.touched)
        st.printer_edit.textEdited.connect(kiosk.touched)

    def stop(self) -> None:
        self.wait_timer.stop()
        self.pins_timer.stop()

    # -- the keypad ------------------------------------------------------------------------
    def open(self) -> None:
        """The corner gesture: show the keypad (not while the admin pages are open)."""
        k = self.kiosk
        if not k.flow.open_admin():
            return
        k.return_timer.stop()
        self.keypad.reset()  # answers to an abandoned keypad are ignored
        self.wait_timer.stop()
        k.pin_page.ok.setEnabled(True)
        self._show("")
        k.show_page()
        k.touched()
        self._check_lockout()

    def _check_lockout(self) -> bool:
        left = self.keypad.locked_for()
        self.kiosk.pin_page.set_locked(bool(left))
        if left:
            self._show(self.kiosk.t("kiosk.admin.locked_out", seconds=int(left) + 1))
        return bool(left)

    def _show(self, text: str) -> None:
        self.kiosk.pin_page.show_state(len(self.keypad.pin), text)

    def key(self, event) -> None:
        """A keyboard on the keypad page: digits, Enter, Backspace; nothing else."""
        if event.text().isdigit():
            self.digit(event.text())
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.submit()
        elif event.key() == Qt.Key_Backspace:
            self.clear()
        event.accept()

    def digit(self, digit: str) -> None:
        self.kiosk.touched()
        self.keypad.digit(digit)
        self._show("")

    def clear(self) -> None:
        self.kiosk.touched()
        self.keypad.clear()
        self._show("")

    def submit(self) -> None:
        k = self.kiosk
        k.touched()
        if self._check_lockout() or not k.pin_page.ok.isEnabled():
            return
        check = self.keypad.submit()
        if check is None:  # too short: wrong at once
            self._result(None, None)
            return
        token, pin = check
        k.pin_page.ok.setEnabled(False)
        self._show(k.t("kiosk.admin.checking"))
        if k.connection in (UNAVAILABLE, BUSY) and self.admin_pins is not None:
            self._check_cached(token)  # known to be cut off: do not queue behind it
            return
        k.station.run(model.check_admin_pin, pin, done=partial(self._result, token),
                      failed=partial(self._failed, token), parent=self)
        self.wait_timer.start(k.timings.pin_wait_ms)

    def _failed(self, token: int, error: BaseException) -> None:
        if not self.keypad.is_pending(token):
            return
        if isinstance(error, PinLocked):  # the shared file answered: locked, say until when
            self.keypad.give_up()
            self.wait_timer.stop()
            self.kiosk.pin_page.ok.setEnabled(True)
            self._show(error.message(self.kiosk.lang))
            return
        log.info("admin PIN not checked against the database: %s", error)
        self._database_gone()

    def _wait_over(self) -> None:
        if self.keypad.pending is not None:
            log.info("no answer from the database for the admin PIN; using the cached hashes")
            self._database_gone()

    def _database_gone(self) -> None:
        self.wait_timer.stop()
        if self.admin_pins is not None:
            self._check_cached(self.keypad.pending[0])
            return
        self.keypad.give_up()
        self.kiosk.pin_page.ok.setEnabled(True)
        self._show(self.kiosk.t("kiosk.admin.no_db"))

    def _check_cached(self, token: int) -> None:
        """scrypt against the kept hashes, on a pool thread (~50 ms per admin): not on the
        database worker, which may be the thing that hangs."""
        Station.off_gui(_check_cached, token, self.admin_pins, self.keypad.pending[1],
                        done=self._on_cached_pin, parent=self)

    def _on_cached_pin(self, answer: tuple) -> None:
        self._result(*answer)

    def _result(self, token: int | None, officer) -> None:
        """The answer to a PIN (an active admin or None), from the file or the kept hashes."""
        k = self.kiosk
        if token is not None and not self.keypad.is_pending(token):
            return  # already answered from the cached hashes, or abandoned
        self.wait_timer.stop()
        verdict = self.keypad.answer(token, officer)
        k.pin_page.ok.setEnabled(True)
        if k.flow.page != PIN:
            return
        if verdict == "locked":
            self._check_lockout()
        elif verdict == "wrong":
            self._show(k.t("kiosk.admin.pin_wrong"))
        elif verdict == "ok":
            self.unlocked_by = officer.username
            self._open_settings(officer.name)

    def _exit_by_admin(self) -> None:
        """Settings' exit button: audited (the job runs before the worker stops)."""
        # parent=None: an audit write as the kiosk exits; only a log line may follow it
        self.kiosk.station.run(model.record_exit, getattr(self, "unlocked_by", None),
                               failed=lambda exc: log.warning("kiosk exit not audited: %s",
                                                              exc), parent=None)
        self.kiosk.exit_kiosk()

    # -- admins' PIN hashes kept on this PC -------------------------------------------------
    def refresh_admin_pins(self) -> None:
        """Fetch the active admins' hashes (connected, or told of a settings change)."""
        station = self.kiosk.station
        station.run(admin_pins.refresh, self.config_file,
                    done=partial(self._on_admin_pins, station),
                    failed=lambda exc: log.info("admin PIN hashes not read: %s", exc),
                    parent=self)

    def _on_admin_pins(self, station, admins: tuple) -> None:
        if station is self.kiosk.station:  # not an answer from a database left behind
            self.admin_pins = admins

    # -- the settings page -------------------------------------------------------------
    def _open_settings(self, who: str) -> None:
        k, st = self.kiosk, self.kiosk.settings_page
        st.who.setText(k.t("kiosk.settings.who", name=who))
        st.db_edit.setText(str(k.db_path))
        st.printer_edit.setText(k.printer_url)
        st.test_result.setText("")
        st.save_result.setText("")
        k.flow.page = SETTINGS
        k.show_page()
        k.touched()

    def _test_print(self) -> None:
        k, st = self.kiosk, self.kiosk.settings_page
        k.touched()
        url = st.printer_edit.text().strip() or printing.NO_PRINTER
        st.test_print.setEnabled(False)
        st.test_result.setText(k.t("kiosk.settings.testing"))
        Station.off_gui(printing.test_print, url, k.lang, done=self._on_test_print,
                        failed=lambda e: self._on_test_print(printing.PrintOutcome(
                            ok=False, error=error_sentence(e))), parent=self)

    def _on_test_print(self, outcome: printing.PrintOutcome) -> None:
        k, st = self.kiosk, self.kiosk.settings_page
        st.test_print.setEnabled(True)
        st.test_result.setText(k.t("kiosk.settings.test_ok") if outcome.ok else
                               k.t("kiosk.settings.test_failed", error=outcome.error or ""))

    def _save_settings(self) -> None:
        k, st = self.kiosk, self.kiosk.settings_page
        k.touched()
        db = st.db_edit.text().strip()
        printer = st.printer_edit.text().strip() or printing.NO_PRINTER
        if not db:
            st.save_result.setText(k.t("kiosk.settings.db_required"))
            return
        try:
            self._write_station_config(db, printer)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            st.save_result.setText(k.t("kiosk.settings.save_failed", error=reason))
            return
        k.printer_url = printer
        if db_location(db) != k.db_path:
            k.reconnect(db_location(db))
        st.save_result.setText(k.t("kiosk.settings.saved"))

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
                         station=self.kiosk.station_arg or base.station)
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
