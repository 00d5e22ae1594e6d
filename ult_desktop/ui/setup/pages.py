"""The setup wizard's pages: mode, database (and the office's first admin), printer, counter,
finish; the checks that take seconds run off the GUI thread (:func:`in_background`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ult_desktop.app import db_secret, station_check
from ult_desktop.app.station_config import MODES, PAPER_WIDTHS, StationConfig
from ult_desktop.core.chain import fingerprint, parse_fingerprint
from ult_desktop.core.i18n import tr
from ult_desktop.db.errors import share_error
from ult_desktop.ui.common.boxes import ERROR_STYLE, INFO_STYLE, fill, form, path_row, say, vbox
from ult_desktop.ui.common.combos import combo, select
from ult_desktop.ui.common.off_gui import off_gui

PAGE_MODE, PAGE_DB, PAGE_PRINTER, PAGE_COUNTER, PAGE_FINISH = range(5)

OK_STYLE = "color:#1b5e20;font-weight:bold;"  # (a check passed: bold, as its failure)


def in_background(fn: Callable[[], Any], done: Callable[[Any], None], parent: QObject) -> None:
    """``fn()`` off the GUI thread (``off_gui``), then *done* with its result, or with a
    failed ``CheckResult`` of one sentence: nothing a check raises ends the wizard."""

    def failed(exc: BaseException) -> None:
        if isinstance(exc, OSError):  # a share refusing: Windows' reason and what to do
            done(station_check.CheckResult(False, str(share_error("", exc))))
        else:
            done(station_check.CheckResult(False, tr("setup.check.unexpected",
                                                     error=type(exc).__name__)))

    off_gui(fn, done=done, failed=failed, parent=parent)


def status_label(name: str) -> QLabel:
    return QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse, minimumHeight=48,
                  objectName=name)


class Page(QWizardPage):
    """A page of the wizard: its title and subtitle (their keys), then the page
    :attr:`after` it (-1: the last)."""

    after = PAGE_FINISH

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(tr(title))
        self.setSubTitle(tr(subtitle))

    def nextId(self) -> int:
        return self.after


class ModePage(Page):
    after = PAGE_DB

    def __init__(self, config: StationConfig):
        super().__init__("setup.mode.page_title", "setup.mode.page_sub")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for mode in MODES:
            button = QRadioButton(tr(f"setup.mode.{mode}.title"), objectName=f"mode_{mode}")
            hint = QLabel(tr(f"setup.mode.{mode}.hint"), wordWrap=True,
                          styleSheet="color:#546e7a;margin-left:24px;margin-bottom:4px;")
            self.group.addButton(button)
            self.buttons[mode] = button
            fill(layout, button, hint)
        self.buttons.get(config.mode, self.buttons["kiosk"]).setChecked(True)
        self.language = combo([("Bahasa Indonesia", "id"), ("English", "en")])
        select(self.language, config.language)
        fill(layout, form((tr("setup.language"), self.language)), 1)

    def mode(self) -> str:
        return next(m for m, b in self.buttons.items() if b.isChecked())


class FirstAdminBox(QWidget):
    """The office's first admin, asked only when this (admin) PC creates the file: that
    admin's PIN approves this PC's key as the office's root of trust."""

    def __init__(self):
        super().__init__(objectName="first_admin")
        self.username = QLineEdit("admin", objectName="admin_username", maxLength=32)
        self.name = QLineEdit(objectName="admin_name", maxLength=80)
        self.pin, self.pin2 = (QLineEdit(objectName=name, echoMode=QLineEdit.Password,
                                         maxLength=32) for name in ("admin_pin", "admin_pin2"))
        form((QLabel(tr("setup.db.admin_title"), wordWrap=True, styleSheet="color:#37474f;"),),
             (tr("setup.db.admin_username"), self.username),
             (tr("setup.db.admin_name"), self.name), (tr("setup.db.admin_pin"), self.pin),
             (tr("setup.db.admin_pin2"), self.pin2),
             on=self).setContentsMargins(24, 0, 0, 0)

    def admin(self) -> station_check.FirstAdmin | str:
        """The admin typed, or why not (one sentence)."""
        if self.pin.text() != self.pin2.text():
            return tr("setup.root.pin_mismatch")
        admin = station_check.FirstAdmin(self.username.text().strip().lower(),
                                         self.name.text().strip(), self.pin.text())
        return admin.problem() or admin

    def forget_pins(self) -> None:
        self.pin.clear()
        self.pin2.clear()


class DatabasePage(Page):
    def __init__(self, config: StationConfig):
        super().__init__("setup.db.page_title", "setup.db.page_sub")
        self._stored = config.db
        # a server's password stays sealed: the field shows the URL without it
        self.path = QLineEdit(db_secret.split(config.db)[0] if config.db else config.db,
                              objectName="db_path", placeholderText=r"\\server\ult\ult.db")
        self.create = QCheckBox(tr("setup.db.create"), objectName="db_create")
        self.create_note = QLabel(tr("setup.db.create_admin_only"), objectName="db_create_note",
                                  wordWrap=True, styleSheet="color:#546e7a;margin-left:24px;")
        self.first_admin = FirstAdminBox()
        self.first_admin.setVisible(False)
        self.create.toggled.connect(self.first_admin.setVisible)
        # the office's root, given by its admin PC (typed, or a scanner reading the QR on
        # the admin page or the monthly report): never taken from the file
        self.root_row = QWidget(objectName="root_row")
        self.root = QLineEdit(fingerprint(config.root_key) if config.root_key else "",
                              objectName="root_fingerprint", placeholderText="cb6f bb8e 3f19 aa01",
                              maxLength=64)
        form((QLabel(tr("setup.db.root_hint"), wordWrap=True, styleSheet="color:#37474f;"),),
             (tr("setup.db.root"), self.root), on=self.root_row).setContentsMargins(0, 0, 0, 0)
        self.create.toggled.connect(lambda on: self.root_row.setVisible(not on))
        self.check_button = QPushButton(tr("setup.db.check"), objectName="db_check",
                                        clicked=self.check)
        self.status = status_label("db_status")
        vbox(path_row(self.path, tr("setup.browse"), lambda shown: QFileDialog.getSaveFileName(
                 self, tr("setup.db.page_title"), shown.strip() or str(Path.home()),
                 "ULT database (*.db);;*", options=QFileDialog.DontConfirmOverwrite)[0]),
             self.create, self.create_note, self.first_admin, self.root_row,
             (self.check_button, 0, Qt.AlignLeft), self.status,
             QLabel(tr("setup.db.note"), wordWrap=True, styleSheet="color:#546e7a;"), 1, on=self)
        self.checked_path: str | None = None
        self.result: station_check.CheckResult | None = None
        self.path.textChanged.connect(self._edited)
        self.create.toggled.connect(self._edited)
        self.root.textChanged.connect(self._edited)

    def initializePage(self) -> None:
        # A new office file is made on the admin PC only, with its first admin: that is
        # where the root of trust is created (never by a station approving itself).
        admin_pc = self.wizard().mode_page.mode() == "admin"
        self.create.setEnabled(admin_pc)
        self.create_note.setVisible(not admin_pc)
        if not admin_pc:
            self.create.setChecked(False)
        self.root_row.setVisible(not self.create.isChecked())

    def _edited(self) -> None:
        if self.checked_path is not None:
            self.checked_path = None
            self.status.clear()
            self.completeChanged.emit()

    def given_root(self) -> str | None:
        """The root's key id in the field ("" when empty), None when it is not one."""
        text = self.root.text().strip()
        return parse_fingerprint(text) if text else ""

    def check(self) -> None:
        path, create = self.target(), self.create.isChecked()
        first = self.first_admin.admin() if create else None
        if isinstance(first, str):  # said at once; nothing made
            say(self.status, first, ERROR_STYLE)
            return
        given = None if create else self.given_root()
        if not create and given is None:
            say(self.status, tr("setup.root.unreadable", value=self.root.text().strip()),
                  ERROR_STYLE)
            return
        if given:  # a scanned "ULT-ROOT:..." shown as the fingerprint people read aloud
            self.root.setText(fingerprint(given))
        self.check_button.setEnabled(False)
        say(self.status, tr("setup.db.checking"), INFO_STYLE)
        extra = {"first_admin": first} if first is not None else {}
        in_background(lambda: station_check.check_database(path, create=create, **extra),
                      lambda result: self._checked(path, result), self)

    def _checked(self, path: str, result: station_check.CheckResult) -> None:
        self.check_button.setEnabled(True)
        self.result = result
        refusal = None if result.created or not result.ok else self._root_refusal(result)
        if refusal:
            say(self.status, refusal, ERROR_STYLE)
            self.completeChanged.emit()
            return
        message = result.message
        if result.ok and result.root and not result.created:
            message += " " + tr("setup.root.matches", fingerprint=fingerprint(result.root))
        say(self.status, message, OK_STYLE if result.ok else ERROR_STYLE)
        if result.ok:
            self.checked_path = path
            if result.created:
                self.first_admin.forget_pins()
                self.create.blockSignals(True)
                self.create.setChecked(False)
                self.create.blockSignals(False)
                self.first_admin.setVisible(False)
        self.completeChanged.emit()

    def _root_refusal(self, result: station_check.CheckResult) -> str | None:
        """Why this station cannot join the checked office with the root typed, or None:
        the file's root must be the one the admin PC gave (a forged file, or another
        office's, has another); a file with no root yet needs none."""
        given = self.given_root()
        if not result.root:
            return None
        if not given:
            return tr("setup.root.needed")
        if given != result.root:
            return tr("setup.root.mismatch", given=fingerprint(given),
                      found=fingerprint(result.root), label=result.root_label)
        return None

    def isComplete(self) -> bool:
        return self.checked_path is not None and self.checked_path == self.target()

    def target(self) -> str:
        """The database the field names: the stored URL, with its sealed password, while
        the field still shows it without."""
        text = self.path.text().strip()
        return self._stored if self._stored and text == db_secret.split(self._stored)[0] else text

    def nextId(self) -> int:
        mode = self.wizard().mode_page.mode()
        if mode == "kiosk":
            return PAGE_PRINTER
        if mode == "counter":
            return PAGE_COUNTER
        return PAGE_FINISH


class PrinterPage(Page):
    def __init__(self, config: StationConfig):
        super().__init__("setup.printer.page_title", "setup.printer.page_sub")
        self.url = QLineEdit(config.printer, objectName="printer_url",
                             placeholderText="usb://0x0416:0x5011  tcp://192.168.1.50:9100  none")
        # Windows printer queues (win32://Name), filled in the background when there are any.
        self.installed = QComboBox(objectName="printer_installed")
        self.installed.activated.connect(self._picked)
        self.installed_label = QLabel(tr("setup.printer.installed"))
        self.installed.hide()
        self.installed_label.hide()
        self.width = combo((f"{mm} mm", mm) for mm in PAPER_WIDTHS)
        select(self.width, config.paper_width)
        self.test_button = QPushButton(tr("setup.printer.test"), objectName="printer_test",
                                       clicked=self.test)
        self.status = status_label("printer_status")
        vbox(form((tr("setup.printer.url"), self.url), (self.installed_label, self.installed),
                  (tr("setup.printer.width"), self.width)),
             QLabel(tr("setup.printer.examples"), wordWrap=True, styleSheet="color:#546e7a;"),
             (self.test_button, 0, Qt.AlignLeft), self.status, 1, on=self)
        self.result: station_check.CheckResult | None = None

    def initializePage(self) -> None:
        from ult_desktop.devices.printer.win32spool import installed_printers

        if self.installed.count() == 0:
            in_background(installed_printers, self._listed, self)

    def _listed(self, names) -> None:
        if not isinstance(names, list) or not names:
            return
        self.installed.clear()
        self.installed.addItem(tr("setup.printer.pick"), "")
        for name in names:
            self.installed.addItem(name, f"win32://{name}")
        self.installed.show()
        self.installed_label.show()

    def _picked(self, index: int) -> None:
        url = self.installed.itemData(index)
        if url:
            self.url.setText(url)

    def test(self) -> None:
        url, width = self.url.text().strip() or "none", self.width.currentData()
        self.test_button.setEnabled(False)
        say(self.status, tr("setup.printer.testing"), INFO_STYLE)
        in_background(lambda: station_check.test_printer(url, paper_width=width),
                      self._tested, self)

    def _tested(self, result: station_check.CheckResult) -> None:
        self.test_button.setEnabled(True)
        self.result = result
        say(self.status, result.message, OK_STYLE if result.ok else ERROR_STYLE)


class CounterPage(Page):
    def __init__(self, config: StationConfig):
        super().__init__("setup.counter.page_title", "setup.counter.page_sub")
        self.counter = QSpinBox(objectName="counter_number", minimum=1, maximum=99,
                                value=config.counter, maximumWidth=120)
        self.known = QLabel(wordWrap=True)
        form((tr("setup.counter.number"), self.counter), (self.known,), on=self)
        self.numbers: set[int] = set()
        self.counter.valueChanged.connect(self._update)

    def initializePage(self) -> None:
        result = self.wizard().db_page.result
        counters = result.counters if result is not None and result.ok else ()
        self.numbers = {number for number, _ in counters}
        if counters:
            names = ", ".join(f"{n}: {name}" if name else str(n) for n, name in counters)
            self.known.setText(tr("setup.counter.known", counters=names))
        else:
            self.known.setText(tr("setup.counter.none_yet"))
        if self.numbers and self.counter.value() not in self.numbers:
            self.counter.setValue(min(self.numbers))
        self._update()

    def _update(self) -> None:
        self.known.setStyleSheet("color:#546e7a;" if self.isComplete() else ERROR_STYLE)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.numbers or self.counter.value() in self.numbers


class FinishPage(Page):
    after = -1

    def __init__(self, config: StationConfig):
        super().__init__("setup.finish.page_title", "setup.finish.page_sub")
        self.summary = QLabel(objectName="summary", wordWrap=True, textFormat=Qt.RichText)
        self.station = QLineEdit(config.station, placeholderText=tr("setup.finish.station_hint"))
        # the lobby TV's screen (display mode): automatic, or one by name
        self.screen = combo([(tr("setup.finish.screen_auto"), "")] + [
            (f"{screen.name()} ({screen.geometry().width()}×{screen.geometry().height()})",
             screen.name()) for screen in QGuiApplication.screens()
            if screen.name()], objectName="display_screen")  # one asked for again by name
        if config.screen and self.screen.findData(config.screen) < 0:
            self.screen.addItem(config.screen, config.screen)  # a TV switched off just now
        select(self.screen, config.screen)
        self.screen_label = QLabel(tr("setup.finish.screen"))
        self.shortcut = QCheckBox(tr("setup.finish.shortcut"), checked=True)
        self.autostart = QCheckBox(tr("setup.finish.autostart"))
        self.status = status_label("finish_status")
        from ult_desktop.ui.selftest_panel import SelftestPanel

        self.selftest = SelftestPanel(self._selftest_options, self)
        vbox(self.summary, form((tr("setup.finish.station"), self.station),
                                (self.screen_label, self.screen)),
             self.shortcut, self.autostart, self.status, (self.selftest, 1), on=self)

    def _selftest_options(self):
        from ult_desktop.app.selftest import config_options

        return config_options(self.wizard().collected())

    def initializePage(self) -> None:
        wizard = self.wizard()
        config = wizard.collected()
        self.autostart.setChecked(config.mode in ("kiosk", "display", "survey"))
        self.screen.setVisible(config.mode == "display")
        self.screen_label.setVisible(config.mode == "display")
        rows = [(tr("setup.finish.mode"), tr(f"setup.mode.{config.mode}.title")),
                (tr("setup.finish.db"), db_secret.split(config.db)[0])]  # no password
        if config.mode == "kiosk":
            rows.append((tr("setup.printer.url"), f"{config.printer} ({config.paper_width} mm)"))
        if config.mode == "counter":
            rows.append((tr("setup.counter.number"), str(config.counter)))
        rows.append((tr("setup.finish.root_key"), _root_text(wizard.db_page.result, config.root_key)))
        rows.append((tr("setup.finish.file"), str(wizard.config_path)))
        self.summary.setText("<table cellspacing=6>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{html.escape(v, quote=False)}</td></tr>"
            for k, v in rows) + "</table>")


def _root_text(result: station_check.CheckResult | None, root: str) -> str:
    """The root of trust this station pins at setup, as the admin reads it aloud."""
    if not root:
        return tr("setup.finish.root_none")
    label = result.root_label if result is not None and result.root == root else ""
    return f"{fingerprint(root)} ({label})" if label else fingerprint(root)

