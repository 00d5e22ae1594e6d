"""The hidden admin door of a locked kiosk: corner gesture, PIN keypad, station settings.

The PIN is checked with ``office.verify_pin`` on the worker; only an active admin gets
in. Without the shared file (down, failing, or no answer in ``Timings.pin_wait_ms``) it is
checked off the GUI thread against the kept hashes (:mod:`ult_desktop.app.admin_pins`).
Repeated wrong PINs lock the keypad for a while. The settings page writes the station
file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ult_desktop.app import admin_pins
from ult_desktop.app.station_config import (
    find_config,
    load_station_config,
    save_station_config,
    split_paper_width,
    user_config_path,
)
from ult_desktop.core.i18n import tr
from ult_desktop.db.house.pinlock import PinLocked
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import BUSY, UNAVAILABLE, error_sentence
from ult_desktop.ui.kiosk import jobs, paper
from ult_desktop.ui.kiosk.flow import PIN, PinDoor
from ult_desktop.ui.kiosk.pages import PinPage

log = logging.getLogger(__name__)


class PinKeys:
    """The keypad half of an admin door (the kiosk's :class:`AdminDoor`, the locked screen
    of a PC not set up): :attr:`pin_page` (:class:`~.pages.PinPage`) shows the state of
    :attr:`keypad` (:class:`~.flow.PinDoor`), its texts said by :meth:`t`; Enter and OK
    call :meth:`submit`."""

    pin_page: PinPage
    keypad: PinDoor

    def _show(self, text: str = "") -> None:
        """Dots for the digits typed (never the digits) and *text*."""
        self.pin_page.show_typed("●" * len(self.keypad.pin), text)

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
        self.keypad.digit(digit)
        self._show()

    def clear(self) -> None:
        self.keypad.clear()
        self._show()

    def check_lockout(self) -> bool:
        left = self.keypad.locked_for()
        self.pin_page.set_locked(bool(left))
        if left:
            self._show(self.t("kiosk.admin.locked_out", seconds=int(left) + 1))
        return bool(left)

    def _checking(self) -> None:
        self.pin_page.ok.setEnabled(False)
        self._show(self.t("kiosk.admin.checking"))

    def _verdict(self, token: int | None, admin) -> str | None:
        """The keypad's verdict on *admin* (None: a wrong PIN), said unless it is "ok"
        (:meth:`~.flow.PinDoor.answer`)."""
        verdict = self.keypad.answer(token, admin)
        self.pin_page.ok.setEnabled(True)
        if verdict == "locked":
            self.check_lockout()
        elif verdict == "wrong":
            self._show(self.t("kiosk.admin.pin_wrong"))
        return verdict


class AdminDoor(QObject, PinKeys):
    """The admin door of one kiosk: the keypad (*pin_page*; :class:`~.flow.PinDoor`
    holds its state), PIN checks, the station settings (*settings_page*) and the kept PIN
    hashes. *station_arg*: the station name given on the command line (None: the file's).
    Emits :attr:`unlocked` (the admin's name), :attr:`exit_requested` (after the audit)
    and :attr:`saved` (database, printer URL) once the station file was written."""

    unlocked = Signal(str)
    exit_requested = Signal()
    saved = Signal(str, str)

    def __init__(self, pin_page, settings_page, *, link, flow, timings,
                 config_file: Path | None, lang: Callable[[], str],
                 station_arg: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.pin_page, self.settings_page = pin_page, settings_page
        self.link, self.flow, self.lang = link, flow, lang
        self.config_file = config_file
        self.station_arg = station_arg
        self.pin_wait_ms = timings.pin_wait_ms
        self.unlocked_by: str | None = None
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
        pin_page.key_pressed.connect(self.digit)
        pin_page.erased.connect(self.clear)
        pin_page.submitted.connect(self.submit)
        settings_page.test_print_requested.connect(self._test_print)
        settings_page.save_requested.connect(self._save_settings)
        settings_page.exit_requested.connect(self._exit_by_admin)

    def t(self, key: str, **params) -> str:
        return tr(key, self.lang(), **params)

    def stop(self) -> None:
        self.wait_timer.stop()
        self.pins_timer.stop()

    # -- the keypad ------------------------------------------------------------------------
    def open(self) -> bool:
        """The corner gesture: the keypad, empty (not while the admin pages are open).
        True when the keypad is to be shown."""
        if not self.flow.open_admin():
            return False
        self.keypad.reset()  # answers to an abandoned keypad are ignored
        self.wait_timer.stop()
        self.pin_page.ok.setEnabled(True)
        self._show()
        return True

    def submit(self) -> None:
        if self.check_lockout() or not self.pin_page.ok.isEnabled():
            return
        check = self.keypad.submit()
        if check is None:  # too short: wrong at once
            self._result(None, None)
            return
        token, pin = check
        self._checking()
        if self.link.state in (UNAVAILABLE, BUSY) and self.admin_pins is not None:
            self._check_cached(token)  # known to be cut off: do not queue behind it
            return
        self.link.station.run(jobs.check_admin_pin, pin, done=partial(self._result, token),
                              failed=partial(self._failed, token), parent=self)
        self.wait_timer.start(self.pin_wait_ms)

    def _failed(self, token: int, error: BaseException) -> None:
        if not self.keypad.is_pending(token):
            return
        if isinstance(error, PinLocked):  # the shared file answered: locked, say until when
            self.keypad.give_up()
            self.wait_timer.stop()
            self.pin_page.ok.setEnabled(True)
            self._show(error_sentence(error, self.lang()))
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
        self.pin_page.ok.setEnabled(True)
        self._show(self.t("kiosk.admin.no_db"))

    def _check_cached(self, token: int) -> None:
        """scrypt against the kept hashes, on a pool thread (~50 ms per admin): not on the
        database worker, which may be the thing that hangs."""
        off_gui(check_kept, token, self.admin_pins, self.keypad.pending[1],
                done=lambda answer: self._result(*answer), parent=self)

    def _result(self, token: int | None, officer) -> None:
        """The answer to a PIN (an active admin or None), from the file or the kept hashes."""
        if token is not None and not self.keypad.is_pending(token):
            return  # already answered from the cached hashes, or abandoned
        self.wait_timer.stop()
        # said on the keypad even when it was left meanwhile (opening it says anew)
        if self._verdict(token, officer) == "ok" and self.flow.page == PIN:
            self.unlocked_by = officer.username
            self.unlocked.emit(officer.name)

    def _exit_by_admin(self) -> None:
        """Settings' exit button: audited (the job runs before the worker stops)."""
        # parent=None: an audit write as the kiosk exits; only a log line may follow it
        self.link.station.run(jobs.record_exit, self.unlocked_by,
                              failed=lambda exc: log.warning("kiosk exit not audited: %s",
                                                             exc), parent=None)
        self.exit_requested.emit()

    # -- admins' PIN hashes kept on this PC -------------------------------------------------
    def refresh_admin_pins(self) -> None:
        """Fetch the active admins' hashes (connected, or told of a settings change)."""
        station = self.link.station
        station.run(admin_pins.refresh, self.config_file,
                    done=partial(self._on_admin_pins, station),
                    failed=lambda exc: log.info("admin PIN hashes not read: %s", exc),
                    parent=self)

    def _on_admin_pins(self, station, admins: tuple) -> None:
        if station is self.link.station:  # not an answer from a database left behind
            self.admin_pins = admins

    # -- the settings page -------------------------------------------------------------
    def _test_print(self) -> None:
        st = self.settings_page
        url = st.printer_edit.text().strip() or paper.NO_PRINTER
        st.test_print.setEnabled(False)
        st.test_result.setText(self.t("kiosk.settings.testing"))
        off_gui(paper.test_print, url, self.lang(), done=self._on_test_print,
                failed=lambda e: self._on_test_print(paper.PrintOutcome(
                    ok=False, error=error_sentence(e))), parent=self)

    def _on_test_print(self, outcome: paper.PrintOutcome) -> None:
        st = self.settings_page
        st.test_print.setEnabled(True)
        st.test_result.setText(self.t("kiosk.settings.test_ok") if outcome.ok else
                               self.t("kiosk.settings.test_failed", error=outcome.error or ""))

    def _save_settings(self) -> None:
        st = self.settings_page
        db = st.db_edit.text().strip()
        printer = st.printer_edit.text().strip() or paper.NO_PRINTER
        if not db:
            st.save_result.setText(self.t("kiosk.settings.db_required"))
            return
        try:
            self._write_station_config(db, printer)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            st.save_result.setText(self.t("kiosk.settings.save_failed", error=reason))
            return
        self.saved.emit(db, printer)
        st.save_result.setText(self.t("kiosk.settings.saved"))

    def _write_station_config(self, db: str, printer: str) -> Path:
        """Database, printer and station name into this PC's station file (its other
        settings kept); :raises OSError, ValueError: not written, or a value refused."""
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


def check_kept(token: int, admins, pin: str) -> tuple[int, object]:
    """*pin* checked against the kept hashes of the *admins* (run off the GUI thread)."""
    return token, admin_pins.check(admins, pin)
