"""Admin sign-in: username and PIN, checked on the worker (scrypt is slow by design)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.db.house import officers
from ult_desktop.db.house.office import Officer
from ult_desktop.ui.admin.base import ERROR_STYLE, INFO_STYLE, error_text, pin_line, say
from ult_desktop.ui.common.boxes import fill, form, vbox
from ult_desktop.ui.common.station import Station


class LoginPage(QWidget):
    logged_in = Signal(object)  # Officer

    def __init__(self, station: Station, parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        outer = vbox(1, on=self)
        card = QFrame(objectName="loginCard")
        card.setStyleSheet("#loginCard{background:white;border:1px solid #cfd8dc;"
                           "border-radius:8px;}")
        card.setFixedWidth(420)
        inner = vbox(on=card, margins=(28, 24, 28, 24))
        # the card is 420 px: a long heading wraps, never cut
        heading = QLabel(tr("admin.login.heading"), objectName="login_heading",
                         styleSheet="font-size:22px;font-weight:bold;", wordWrap=True)
        heading.ensurePolished()  # its 22 px font, for the height it needs at that width
        # (a centred card gets no height-for-width from its layout: asked here)
        heading.setMinimumHeight(heading.heightForWidth(420 - 2 * 28))
        inner.addWidget(heading)
        self.username = QLineEdit(maxLength=40)
        self.pin = pin_line()
        self.submit = QPushButton(tr("admin.login.submit"), clicked=self.try_login, styleSheet=(
            "QPushButton{background:#1565c0;color:white;padding:8px;border-radius:4px;"
            "font-weight:bold;}QPushButton:disabled{background:#90a4ae;}"))
        self.username.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.try_login)
        self.message = QLabel(wordWrap=True)
        fill(inner, form((tr("admin.login.username"), self.username),
                         (tr("admin.login.pin"), self.pin)), self.submit, self.message)
        fill(outer, (card, 0, Qt.AlignHCenter), 2)

    def try_login(self) -> None:
        if not self.submit.isEnabled():  # Enter again while the PIN is being checked
            return
        username, pin = self.username.text().strip(), self.pin.text()
        if not username or not pin:
            say(self.message, tr("admin.login.empty"), ERROR_STYLE)
            return
        self.submit.setEnabled(False)
        say(self.message, tr("admin.login.checking"), INFO_STYLE)
        self.station.run(officers.admin_login, username=username, pin=pin,
                         roles=officers.ADMIN_WINDOW_ROLES,
                         done=self._checked, failed=self._failed, parent=self)

    def _checked(self, officer: Officer | None) -> None:
        self.submit.setEnabled(True)
        self.pin.clear()
        if officer is None:
            say(self.message, tr("admin.login.wrong"), ERROR_STYLE)
            self.pin.setFocus()
            return
        say(self.message, "", INFO_STYLE)
        self.logged_in.emit(officer)

    def _failed(self, error: BaseException) -> None:
        self.submit.setEnabled(True)
        self.pin.clear()
        say(self.message, error_text(error), ERROR_STYLE)

    def reset(self) -> None:
        self.pin.clear()
        say(self.message, "", INFO_STYLE)
        self.username.setFocus()
