"""The kiosk's screens (layout only; :mod:`ult_desktop.ui.kiosk.window` drives them).

Text sizes are given in *units* (1 unit = 1 % of the window's shorter side) with
:func:`scaled`; the window applies them on every resize, so one layout serves portrait
and landscape screens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.ui.kiosk.pictograms import GROUPS
from ult_desktop.ui.kiosk.widgets import GroupButton, PriorityButton, ServiceButton

UNITS = "kioskUnits"
#: The kiosk's pages, in the order of its QStackedWidget.
START, PRIORITY, TICKET, MESSAGE, PIN, SETTINGS = range(6)


def scaled(widget: QWidget, units: float, bold: bool = False) -> QWidget:
    """Mark *widget*'s font size as *units* (see module docstring)."""
    widget.setProperty(UNITS, float(units))
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)
    return widget


def label(units: float, *, bold: bool = False, name: str = "", wrap: bool = True,
          align=Qt.AlignCenter) -> QLabel:
    w = QLabel()
    w.setAlignment(align)
    w.setWordWrap(wrap)
    if name:
        w.setObjectName(name)
    return scaled(w, units, bold)


def button(units: float, name: str = "") -> QPushButton:
    b = QPushButton()
    b.setFocusPolicy(Qt.NoFocus)
    b.setCursor(Qt.PointingHandCursor)
    if name:
        b.setObjectName(name)
    return scaled(b, units, bold=True)


class StartPage(QWidget):
    """Title, closed/connecting notice, one button per service, the priority button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.6, bold=True, name="title")
        self.notice = label(3.2, bold=True, name="notice")
        self.notice_detail = label(2.8, name="noticeDetail")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, ServiceButton] = {}
        self.priority = PriorityButton()
        self.priority.setObjectName("priorityButton")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.notice)
        lay.addWidget(self.notice_detail)
        lay.addWidget(self.grid_host, 1)
        lay.addWidget(self.priority)


class PriorityPage(QWidget):
    """Step 1: touch your group's picture. Step 2: touch the service."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps = QStackedWidget()
        # step 1
        self.groups_page = QWidget()
        self.group_title = label(3.4, bold=True, name="priorityTitle")
        self.group_buttons = {kind: GroupButton(kind) for kind in GROUPS}
        grid = self.group_grid = QGridLayout()
        self.arrange_groups(2)
        self.note = label(2.2, name="priorityNote")
        g = QVBoxLayout(self.groups_page)
        g.setContentsMargins(0, 0, 0, 0)
        g.addWidget(self.group_title)
        g.addLayout(grid, 1)
        g.addWidget(self.note)
        # step 2
        self.services_page = QWidget()
        self.service_title = label(3.4, bold=True, name="priorityTitle")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, ServiceButton] = {}
        s = QVBoxLayout(self.services_page)
        s.setContentsMargins(0, 0, 0, 0)
        s.addWidget(self.service_title)
        s.addWidget(self.grid_host, 1)
        self.steps.addWidget(self.groups_page)
        self.steps.addWidget(self.services_page)
        self.back = button(2.8, "backButton")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.steps, 1)
        lay.addWidget(self.back, 0, Qt.AlignLeft)


    def arrange_groups(self, cols: int) -> None:
        """2 x 2 on a portrait screen, one row of four on a landscape one."""
        for i, kind in enumerate(GROUPS):
            self.group_grid.addWidget(self.group_buttons[kind], i // cols, i % cols)
        rows = (len(GROUPS) + cols - 1) // cols
        for r in range(4):
            self.group_grid.setRowStretch(r, 1 if r < rows else 0)


class TicketPage(QWidget):
    """The number, very large, and what happens next."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = QWidget()
        self.card.setObjectName("ticketCard")
        self.heading = label(4.0, bold=True, name="ticketHeading")
        self.badge = label(2.6, bold=True, name="priorityBadge")
        self.number = label(20, bold=True, name="ticketNumber", wrap=False)
        self.service = label(3.8, bold=True, name="ticketService")
        self.ahead = label(3.4, name="ticketAhead")
        self.estimate = label(3.4, name="ticketEstimate")
        self.status = label(3.8, bold=True, name="ticketStatus")
        self.done = button(3.0, "doneButton")
        c = QVBoxLayout(self.card)
        c.addStretch(2)
        c.addWidget(self.heading)
        c.addWidget(self.badge, 0, Qt.AlignHCenter)
        c.addWidget(self.number)
        c.addWidget(self.service)
        c.addSpacing(12)
        c.addWidget(self.ahead)
        c.addWidget(self.estimate)
        c.addStretch(1)
        c.addWidget(self.status)
        c.addStretch(2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.card, 1)
        lay.addWidget(self.done, 0, Qt.AlignHCenter)


class MessagePage(QWidget):
    """A short message (a ticket could not be made, survey information) and Back."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = label(4.0, bold=True, name="messageHeading")
        self.detail = label(2.8, name="messageDetail")
        self.hint = label(2.4, name="messageHint")
        self.back = button(2.8, "backButton")
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.heading)
        lay.addWidget(self.detail)
        lay.addWidget(self.hint)
        lay.addStretch(1)
        lay.addWidget(self.back, 0, Qt.AlignHCenter)


class PinPage(QWidget):
    """Admin PIN on a touch keypad (a kiosk has no keyboard)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.6, bold=True, name="pinTitle")
        self.prompt = label(2.4, name="pinPrompt")
        self.dots = label(5.0, bold=True, name="pinDots", wrap=False)
        self.message = label(2.2, bold=True, name="pinMessage")
        self.digits: dict[str, QPushButton] = {}
        pad = QGridLayout()
        for i, d in enumerate("123456789"):
            self.digits[d] = button(4.0, "keypad")
            self.digits[d].setText(d)
            pad.addWidget(self.digits[d], i // 3, i % 3)
        self.clear = button(2.4, "keypadClear")
        self.digits["0"] = button(4.0, "keypad")
        self.digits["0"].setText("0")
        self.ok = button(2.8, "keypadOk")
        pad.addWidget(self.clear, 3, 0)
        pad.addWidget(self.digits["0"], 3, 1)
        pad.addWidget(self.ok, 3, 2)
        self.pad_host = QWidget()
        self.pad_host.setLayout(pad)
        self.cancel = button(2.6, "backButton")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.prompt)
        lay.addWidget(self.dots)
        lay.addWidget(self.message)
        lay.addWidget(self.pad_host, 1, Qt.AlignHCenter)
        lay.addWidget(self.cancel, 0, Qt.AlignHCenter)


class SettingsPage(QWidget):
    """Station settings behind the admin PIN: database, printer, test print, exit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.4, bold=True, name="settingsTitle")
        self.who = label(2.0, name="settingsWho")
        self.db_label = label(2.2, bold=True, align=Qt.AlignLeft)
        self.db_edit = scaled(QLineEdit(), 2.2)
        self.db_edit.setObjectName("dbEdit")
        self.printer_label = label(2.2, bold=True, align=Qt.AlignLeft)
        self.printer_edit = scaled(QLineEdit(), 2.2)
        self.printer_edit.setObjectName("printerEdit")
        self.printer_help = label(1.7, align=Qt.AlignLeft, name="help")
        self.test_print = button(2.4, "settingsButton")
        self.test_result = label(2.0, align=Qt.AlignLeft, name="settingsResult")
        self.save = button(2.4, "settingsButton")
        self.save_result = label(2.0, align=Qt.AlignLeft, name="settingsResult")
        self.exit = button(2.4, "exitButton")
        self.back = button(2.4, "backButton")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.who)
        lay.addSpacing(12)
        lay.addWidget(self.db_label)
        lay.addWidget(self.db_edit)
        lay.addWidget(self.printer_label)
        lay.addWidget(self.printer_edit)
        lay.addWidget(self.printer_help)
        row = QHBoxLayout()
        row.addWidget(self.test_print)
        row.addWidget(self.test_result, 1)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.save)
        row2.addWidget(self.save_result, 1)
        lay.addLayout(row2)
        lay.addStretch(1)
        row3 = QHBoxLayout()
        row3.addWidget(self.back)
        row3.addStretch(1)
        row3.addWidget(self.exit)
        lay.addLayout(row3)
