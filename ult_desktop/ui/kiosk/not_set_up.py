"""The locked screen of a kiosk PC whose station file is missing or unreadable.

A kiosk never falls open: a truncated or missing ``station.json`` used to open the setup
wizard, with a file dialog, on the public screen. This screen stays fullscreen and
locked, tells visitors where to go, and opens the wizard only after an admin PIN (the
corner gesture) checked against the kept hashes (:mod:`ult_desktop.app.admin_pins`);
without them the admin runs ``ult-desktop setup`` from their own account."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ult_desktop.app import admin_pins
from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.boxes import vbox
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.kiosk.admin import PinKeys, check_kept
from ult_desktop.ui.kiosk.flow import PinDoor
from ult_desktop.ui.kiosk.pages import PinPage, fit_font, label, retranslate
from ult_desktop.ui.kiosk.style import stylesheet
from ult_desktop.ui.kiosk.widgets import CornerTapZone


class NotSetUpWindow(QWidget, PinKeys):
    """Locked until an admin PIN, then emits :attr:`unlocked` (open the wizard);
    *config_file*: the missing or unreadable station file (the kept hashes are by it)."""

    unlocked = Signal()

    def __init__(self, config_file: Path | None, *, locked: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WA_StyledBackground)
        self.setWindowTitle("ULT Desktop — Kiosk")
        self.locked = locked
        self._closing = False
        self.admins = admin_pins.load(config_file)
        self.keypad = PinDoor(max_failures=5, lockout_s=60.0)
        if locked:
            self.setWindowFlags(Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
        self.title = label(5.0, bold=True, name="notSetUpTitle")
        self.detail = label(3.0, name="notSetUpDetail")
        notice = QWidget()
        vbox(1, self.title, self.detail, 1, on=notice)
        self.pin_page = PinPage()
        retranslate(self.pin_page, tr)
        self.pages = QStackedWidget()
        self.pages.addWidget(notice)
        self.pages.addWidget(self.pin_page)
        QVBoxLayout(self).addWidget(self.pages)
        self.title.setText(tr("kiosk.not_set_up.title"))
        self.detail.setText(tr("kiosk.not_set_up.detail"))
        self.corner = CornerTapZone(self)
        self.corner.triggered.connect(self._open_keypad)
        self.pin_page.key_pressed.connect(self.digit)
        self.pin_page.erased.connect(self.clear)
        self.pin_page.submitted.connect(self.submit)
        self.pin_page.cancelled.connect(self._back)

    def t(self, key: str, **params) -> str:
        return tr(key, **params)

    def _open_keypad(self) -> None:
        self.keypad.reset()
        self.pages.setCurrentIndex(1)
        if not self.check_lockout():
            self._show("" if self.admins else tr("kiosk.not_set_up.no_pins"))

    def _back(self) -> None:
        self.keypad.reset()
        self.pages.setCurrentIndex(0)

    def submit(self) -> None:
        if not self.admins:
            self.keypad.clear()
            self._show(tr("kiosk.not_set_up.no_pins"))
            return
        check = self.keypad.submit()
        if check is None:
            self._answer((None, None))
            return
        self._checking()
        off_gui(check_kept, check[0], self.admins, check[1], done=self._answer,
                parent=self)

    def _answer(self, answer: tuple) -> None:
        if self._verdict(*answer) == "ok":
            self._back()
            self.unlocked.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        unit = max(1, min(self.width(), self.height())) / 100
        self.setStyleSheet(stylesheet(unit))
        for w in (self.title, self.detail, *self.pin_page.findChildren(QWidget)):
            fit_font(w, unit)
        self.corner.place(unit)

    def keyPressEvent(self, event) -> None:
        if self.pages.currentIndex() == 1:
            self.key(event)
        event.accept()  # Esc, Alt+F4 and friends do nothing

    def release(self) -> None:
        """Close for good (the wizard saved the station file, or a test ends)."""
        self._closing = True
        self.close()

    def closeEvent(self, event) -> None:
        if self.locked and not self._closing:
            event.ignore()
            return
        event.accept()


def main(config_file: Path | None, *, locked: bool = True) -> int:
    """Show the locked screen until an admin opened the wizard and it saved the station
    file: 0 then (start the configured mode), 1 if the application was quit."""
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.common.fit import fill_screen
    from ult_desktop.ui.setup.wizard import SetupWizard

    app = ensure_app()
    screen = NotSetUpWindow(config_file, locked=locked)
    saved: list[Path] = []

    def open_wizard() -> None:
        wizard = screen.wizard = SetupWizard(config_file)  # kept alive while shown
        wizard.setWindowFlag(Qt.WindowStaysOnTopHint, True)
        wizard.saved.connect(lambda path: (saved.append(path), screen.release()))
        wizard.finished.connect(wizard.deleteLater)
        wizard.show()

    screen.unlocked.connect(open_wizard)
    if locked:
        fill_screen(screen)
    else:
        screen.resize(540, 960)
        screen.show()
    app.exec()
    return 0 if saved else 1
