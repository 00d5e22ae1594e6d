"""The kiosk's pages: layout and drawing only; touches leave as signals (their meaning:
:mod:`.flow` and :mod:`.window`). Text sizes are *units* (1 % of the window's shorter
side, :func:`scaled`), applied at each resize, so one layout serves both orientations."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from ult_desktop.core.priority import DEAF, SEAT
from ult_desktop.core.queue import order_text, wait_text
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.kiosk.flow import CONFIRM, MESSAGE, PIN, PRIORITY, SETTINGS, START, TICKET
from ult_desktop.ui.kiosk.pictograms import GROUPS
from ult_desktop.ui.kiosk.widgets import PRIORITY_COLOR, GroupButton, PriorityButton, ServiceButton

__all__ = ["CONFIRM", "MESSAGE", "PIN", "PRIORITY", "SETTINGS", "START", "TICKET"]
UNITS = "kioskUnits"
TEXT = "kioskText"  # the text's key, said again in each language (retranslate)


def scaled(widget: QWidget, units: float, bold: bool = False, text: str = "") -> QWidget:
    """Mark *widget*'s font size as *units* (see module docstring); *text*: the key of a
    text that never changes but with the language (:func:`retranslate`)."""
    widget.setProperty(UNITS, float(units))
    widget.setProperty(TEXT, text)
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)
    return widget


def fit_font(widget: QWidget, unit: float) -> None:
    """*widget*'s font at its size in units (:func:`scaled`, if it has one) of *unit* px."""
    units = widget.property(UNITS)
    if units:
        font = QFont(widget.font())
        font.setPixelSize(max(8, round(float(units) * unit)))
        widget.setFont(font)


def label(units: float, *, bold: bool = False, name: str = "", wrap: bool = True,
          align=Qt.AlignCenter, text: str = "") -> QLabel:
    return scaled(QLabel(alignment=align, wordWrap=wrap, objectName=name), units, bold, text)


def button(units: float, name: str = "", text: str = "") -> QPushButton:
    b = QPushButton(focusPolicy=Qt.NoFocus, objectName=name)
    b.setCursor(Qt.PointingHandCursor)
    return scaled(b, units, bold=True, text=text)


def retranslate(page: QWidget, t) -> None:
    """Every text of *page* made with a key (``text=``) in the language of *t*."""
    for widget in page.findChildren(QWidget):
        if widget.property(TEXT):
            widget.setText(t(widget.property(TEXT)))


def toggle(units: float, name: str, text: str) -> QPushButton:
    """A button that stays pressed (a choice the visitor switches on and off)."""
    b = button(units, name, text)
    b.setCheckable(True)
    return b


def sync_services(page, tiles, cols: int, *, touched, priority: bool, cap: int,
                  office_open: bool, status, lang: str) -> None:
    """Draw one button per service tile on *page* (StartPage or PriorityPage), *cols*
    to a row; buttons are rebuilt only when the services or the columns changed.
    *touched(prefix, priority)* is called when a button is touched; *status(tile)* is the
    line under its name."""
    if list(page.buttons) != [t.prefix for t in tiles] or page.cols != cols:
        for btn in page.buttons.values():
            page.grid.removeWidget(btn)
            btn.deleteLater()
        for r in range(page.grid.rowCount()):  # rows of the old layout keep stretch
            page.grid.setRowStretch(r, 0)
        page.buttons = {}
        for i, tile in enumerate(tiles):
            btn = ServiceButton(tile.prefix)
            btn.clicked.connect(lambda _=False, p=tile.prefix: touched(p, priority))
            page.grid.addWidget(btn, i // cols, i % cols)
            page.buttons[tile.prefix] = btn
        for r in range((len(tiles) + cols - 1) // cols):
            page.grid.setRowStretch(r, 1)
        page.cols = cols
    for tile in tiles:
        btn = page.buttons[tile.prefix]
        btn.setMaximumHeight(cap)
        btn.set_content(title=tile.title(lang), description=tile.description,
                        status=status(tile), color=PRIORITY_COLOR if priority else tile.color,
                        enabled=office_open and tile.blocked is None)


class StartPage(QWidget):
    """Title, closed/connecting notice, one button per service, the priority button."""

    service_touched = Signal(str, bool)   # prefix, priority (always False here)
    priority_opened = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.6, bold=True, name="title", text="kiosk.subtitle")
        self.notice = label(3.2, bold=True, name="notice")
        self.notice_detail = label(2.8, name="noticeDetail")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, ServiceButton] = {}
        self.cols = 1
        self.priority = PriorityButton()
        self.priority.setObjectName("priorityButton")
        self.priority.clicked.connect(self.priority_opened)
        vbox(self.title, self.notice, self.notice_detail, (self.grid_host, 1), self.priority,
             on=self, margins=0)


class PriorityPage(QWidget):
    """Step 1: touch your group's picture. Step 2: how you are met (waiting seated, Deaf)
    and the service, even when only one is open."""

    service_touched = Signal(str, bool)   # prefix, priority (always True here)
    group_picked = Signal(str)
    back_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps = QStackedWidget()
        # step 1
        self.groups_page = QWidget()
        self.group_title = label(3.4, bold=True, name="priorityTitle",
                                 text="kiosk.priority.pick_group")
        self.group_buttons = {kind: GroupButton(kind) for kind in GROUPS}
        for kind, btn in self.group_buttons.items():
            btn.clicked.connect(lambda _=False, k=kind: self.group_picked.emit(k))
        grid = self.group_grid = QGridLayout()
        self.arrange_groups(2)
        self.note = label(2.2, name="priorityNote", text="kiosk.priority.note")
        vbox(self.group_title, (grid, 1), self.note, on=self.groups_page, margins=0)
        # step 2
        self.services_page = QWidget()
        self.service_title = label(3.4, bold=True, name="priorityTitle",
                                   text="kiosk.priority.pick_service")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, ServiceButton] = {}
        self.cols = 1
        # how this visitor is met: seated and fetched, Deaf (chosen before the service)
        self.seat = toggle(2.6, "seatToggle", "kiosk.seat.toggle")
        self.deaf = toggle(2.6, "deafToggle", "kiosk.deaf.toggle")
        s = vbox(self.service_title, on=self.services_page, margins=0)
        toggles = hbox((self.seat, 1), (self.deaf, 1))
        fill(s, toggles, (self.grid_host, 1))
        self.steps.addWidget(self.groups_page)
        self.steps.addWidget(self.services_page)
        self.back = button(2.8, "backButton", "kiosk.back")
        self.back.clicked.connect(self.back_pressed)
        vbox((self.steps, 1), (self.back, 0, Qt.AlignLeft), on=self, margins=0)


    def retranslate(self, t) -> None:
        """The groups' names (under their pictures)."""
        for kind, btn in self.group_buttons.items():
            btn.set_label(t(f"kiosk.group.{kind}"))

    def assist(self) -> set[str]:
        """What the visitor asked for on this page (``core.priority.ASSISTS``)."""
        return {flag for flag, b in ((SEAT, self.seat), (DEAF, self.deaf)) if b.isChecked()}

    def clear_assist(self) -> None:
        self.seat.setChecked(False)
        self.deaf.setChecked(False)

    def arrange_groups(self, cols: int) -> None:
        """Rows of *cols*: 3 + 2 on a portrait screen, one row of five on a landscape one."""
        for i, kind in enumerate(GROUPS):
            self.group_grid.addWidget(self.group_buttons[kind], i // cols, i % cols)
        rows = (len(GROUPS) + cols - 1) // cols
        for r in range(4):
            self.group_grid.setRowStretch(r, 1 if r < rows else 0)


class TicketPage(QWidget):
    """The number, very large, and what happens next."""

    finished = Signal()   # the visitor touched "Selesai"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = QWidget()
        self.card.setObjectName("ticketCard")
        self.heading = label(4.0, bold=True, name="ticketHeading", text="kiosk.ticket.heading")
        self.badge = label(2.6, bold=True, name="priorityBadge", text="kiosk.ticket.priority")
        self.number = label(20, bold=True, name="ticketNumber", wrap=False)
        self._planned = 8  # the number's pixel size before the card is laid out
        self.service = label(3.8, bold=True, name="ticketService")
        self.go_to = label(3.4, bold=True, name="ticketGoTo")
        self.ahead = label(3.4, name="ticketAhead")
        self.estimate = label(3.4, name="ticketEstimate")
        self.status = label(3.8, bold=True, name="ticketStatus")
        # seated and fetched / Deaf: said on the ticket; Deaf can be said here too
        self.assist_note = label(3.0, bold=True, name="ticketAssist")
        self.deaf = button(2.6, "deafButton", "kiosk.deaf.toggle")
        self.done = button(3.0, "doneButton", "kiosk.ticket.done")
        self.done.clicked.connect(self.finished)
        # the number and its heading; the words on what happens next under it, or beside it
        self.lead = vbox(2, self.heading, (self.badge, 0, Qt.AlignHCenter), self.number, 0,
                         margins=0)
        self.words = vbox(self.service, self.go_to, self.assist_note, margins=0)
        self.words.addSpacing(12)
        fill(self.words, self.ahead, self.estimate, 1, self.status, 2)
        self.columns = fill(QBoxLayout(QBoxLayout.TopToBottom, self.card), self.lead,
                            self.words)
        vbox((self.card, 1), hbox(1, self.deaf, self.done, 1), on=self, margins=0)

    def size_number(self, unit: float, width: int, *, portrait: bool, large: bool) -> None:
        """The number as large as the card allows (portrait screens allow more). Large
        text makes it larger: it takes more of a portrait screen's width; on a landscape
        screen the words go beside it, and it takes the card's height."""
        beside = large and not portrait
        self.columns.setDirection(QBoxLayout.LeftToRight if beside else QBoxLayout.TopToBottom)
        self.columns.setStretch(0, 3 if beside else 2)  # widths beside, the free height under
        self.columns.setStretch(1, 2 if beside else 3)
        self.lead.setStretch(self.lead.count() - 1, 2 if beside else 0)
        chars = max(5, len(self.number.text()))
        share = 0.55 if beside else 0.92 if large else 0.78  # of the window's width
        px = min((26 if portrait else 22) * unit * (1.3 if large else 1),
                 width * share / (chars * 0.72))
        font = QFont(self.number.font())
        font.setPixelSize(max(8, round(px)))
        self.number.setFont(font)
        self._planned = font.pixelSize()
        self._fit_number()

    def words_short(self) -> int:
        """Pixels the words under the number lack to be read whole (0: none cut)."""
        return sum(max(0, w.heightForWidth(w.width()) - w.height()) for w in (
            self.service, self.go_to, self.ahead, self.estimate, self.status)
            if not w.isHidden() and w.text())

    def _lay_out(self) -> None:
        """The window down to the card laid out now, not at the next turn of the loop."""
        chain, w = [], self.number.parentWidget()
        while w is not None:
            chain.append(w)
            w = w.parentWidget()
        for w in reversed(chain):
            if w.layout() is not None:
                w.layout().activate()

    def _fit_number(self) -> None:
        """The number shrunk to the height the laid-out card gave it, if it got less; with
        the words under it (not beside), also by the height its words lack to be whole
        ("... mungkin tidak terlayani hari ini; silakan tanyakan ... kepada petugas" near
        closing), never below two thirds of its planned size: the words wrap, the number
        stays big. Done at once (the card laid out after each step), so what the screen
        shows is settled when the ticket is drawn."""
        under = self.columns.direction() == QBoxLayout.TopToBottom
        floor = (2 * self._planned) // 3 if under else 8
        font = QFont(self.number.font())
        for _ in range(8):
            self._lay_out()
            room, needed = self.number.contentsRect().height(), self.number.fontMetrics().height()
            short = self.words_short() if under else 0
            if room <= 0 or (room >= needed and not short):
                return
            px = max(floor, font.pixelSize() * max(1, min(room, needed) - short) // needed)
            if px >= font.pixelSize():
                return
            font.setPixelSize(px)
            self.number.setFont(font)

    def show_ticket(self, issued, outcome, service_title: str, t) -> None:
        """The number, what happens next and how printing went (None: still printing)."""
        ticket = issued.ticket
        self.number.setText(ticket.number)
        self.badge.setVisible(ticket.priority)
        self.service.setText(service_title)
        rule = order_text(issued.order, t) if issued.order else ""
        self.go_to.setText(t("priority.go_to", counters=", ".join(
            t("priority.counter", number=n) for n in issued.go_to)) if ticket.priority
            else rule)  # a regular visitor: who may be called first
        self.go_to.setVisible(bool(issued.go_to) and SEAT not in ticket.assist  # fetched
                              if ticket.priority else bool(rule))
        if issued.ahead:
            self.ahead.setText(t("kiosk.ticket.ahead", count=issued.ahead))
            # a band from the service's recent visits, or nothing
            self.estimate.setText(wait_text(issued.wait_band, t, ticket=True))
        elif issued.ahead == 0:
            self.ahead.setText(t("kiosk.ticket.next"))
            self.estimate.setText("")
        notes = [t("kiosk.seat.ticket")] if SEAT in ticket.assist else []
        if DEAF in ticket.assist:
            notes.append(t("kiosk.deaf.ticket"))
        self.assist_note.setText("\n".join(notes))
        self.assist_note.setVisible(bool(notes))
        self.deaf.setVisible(DEAF not in ticket.assist)
        self.ahead.setVisible(issued.ahead is not None)
        self.estimate.setVisible(bool(issued.ahead))
        if outcome is None or outcome.ok:
            text, style = t("kiosk.ticket.take"), "color:#1b5e20;"
        elif outcome.skipped:
            text, style = t("kiosk.ticket.no_printer"), "color:#0d47a1;"
        else:
            text, style = (t("kiosk.ticket.not_printed"),
                           "color:#ffffff;background:#c62828;border-radius:12px;padding:12px;")
        self.status.setText(text)
        self.status.setStyleSheet(style)
        self.done.setVisible(outcome is not None)


class MessagePage(QWidget):
    """A short message (a ticket could not be made, survey information) and Back."""

    back_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = label(4.0, bold=True, name="messageHeading")
        self.detail = label(2.8, name="messageDetail")
        self.hint = label(2.4, name="messageHint")
        self.back = button(2.8, "backButton", "kiosk.back")
        self.back.clicked.connect(self.back_pressed)
        vbox(1, self.heading, self.detail, self.hint, 1, (self.back, 0, Qt.AlignHCenter), on=self)

    def show_message(self, heading: str, detail: str, hint: str = "") -> None:
        self.heading.setText(heading)
        self.detail.setText(detail)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


class ConfirmPage(QWidget):
    """The spoken mode's check before printing: the service and the queue (regular, or
    priority and the group), with Print and Back (keys 0/Enter and *)."""

    confirmed = Signal()
    back_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = label(4.0, bold=True, name="confirmHeading", text="speak.confirm.title")
        self.service = label(4.4, bold=True, name="confirmService")
        self.kind = label(3.4, bold=True, name="confirmKind")
        self.keys = label(2.6, name="confirmKeys", text="speak.confirm.keys")
        self.ok = button(3.4, "doneButton", "speak.confirm.print")
        self.back = button(2.8, "backButton", "kiosk.back")
        self.ok.clicked.connect(self.confirmed)
        self.back.clicked.connect(self.back_pressed)
        vbox(1, self.heading, self.service, self.kind, self.keys, 1,
             (self.ok, 0, Qt.AlignHCenter), (self.back, 0, Qt.AlignLeft), on=self)

    def show_choice(self, service: str, kind: str) -> None:
        self.service.setText(service)
        self.kind.setText(kind)


class Keypad(QWidget):
    """A touch keypad (a kiosk has no keyboard): a title and a prompt (the keys of their
    texts), what was typed, a message, the keys (:meth:`key`) in :attr:`grid`, erase
    (*erase*: its text's key), OK and cancel. The code pad's words are a step (*step*
    units) larger than the PIN pad's: its buttons are in a row, not among the keys."""

    key_pressed = Signal(str)
    erased = Signal()
    submitted = Signal()
    cancelled = Signal()

    def __init__(self, title: str, prompt: str, erase: str, *, step: float = 0.0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.6, bold=True, name="pinTitle", text=title)
        self.prompt = label(2.4, name="pinPrompt", text=prompt)
        self.typed = label(5.0, bold=True, name="pinDots", wrap=False)
        self.message = label(2.2 + step, bold=True, name="pinMessage")
        self.keys: dict[str, QPushButton] = {}
        self.grid = QGridLayout()
        self.pad = QWidget()
        self.pad.setLayout(self.grid)
        self.erase = button(2.4 + step, "keypadClear", erase)
        self.ok = button(2.8 + step, "keypadOk", "kiosk.admin.ok")
        self.cancel = button(2.6, "backButton", "kiosk.admin.cancel")
        self.erase.clicked.connect(self.erased)
        self.ok.clicked.connect(self.submitted)
        self.cancel.clicked.connect(self.cancelled)

    def key(self, ch: str) -> QPushButton:
        """The key that types *ch* (made the first time it is asked for)."""
        key = self.keys.get(ch)
        if key is None:
            key = self.keys[ch] = button(4.0, "keypad")
            key.setText(ch)
            key.clicked.connect(lambda _=False, c=ch: self.key_pressed.emit(c))
        return key

    def show_typed(self, typed: str, message: str = "") -> None:
        self.typed.setText(typed or "–")
        self.message.setText(message)


class PinPage(Keypad):
    """Admin PIN on a touch keypad: dots for the digits typed (never the digits)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("kiosk.admin.pin_title", "kiosk.admin.pin_prompt", "kiosk.admin.clear",
                         parent=parent)
        for i, d in enumerate("123456789"):
            self.grid.addWidget(self.key(d), i // 3, i % 3)
        for col, btn in enumerate((self.erase, self.key("0"), self.ok)):
            self.grid.addWidget(btn, 3, col)
        vbox(self.title, self.prompt, self.typed, self.message, (self.pad, 1, Qt.AlignHCenter),
             (self.cancel, 0, Qt.AlignHCenter), on=self)

    def set_locked(self, locked: bool) -> None:
        for btn in (*self.keys.values(), self.ok, self.erase):
            btn.setEnabled(not locked)

    def size_keys(self, u: float) -> None:
        """Touch targets at the kiosk's scale (*u*: 1 % of the shorter side)."""
        self.cancel.setMinimumSize(round(24 * u), round(7 * u))
        for btn in (*self.keys.values(), self.erase, self.ok):
            btn.setFixedSize(round(13 * u), round(9.5 * u))


class SettingsPage(QWidget):
    """Station settings behind the admin PIN: database, printer, test print, exit."""

    test_print_requested = Signal()
    save_requested = Signal()
    exit_requested = Signal()
    back_pressed = Signal()
    edited = Signal()   # a field was typed in

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(3.4, bold=True, name="settingsTitle", text="kiosk.settings.title")
        self.who = label(2.0, name="settingsWho")
        self.db_label = label(2.2, bold=True, align=Qt.AlignLeft)
        self.db_edit = scaled(QLineEdit(objectName="dbEdit"), 2.2)
        self.printer_label = label(2.2, bold=True, align=Qt.AlignLeft,
                                   text="kiosk.settings.printer")
        self.printer_edit = scaled(QLineEdit(objectName="printerEdit"), 2.2)
        self.printer_help = label(1.7, align=Qt.AlignLeft, name="help",
                                  text="kiosk.settings.printer_help")
        self.test_print = button(2.4, "settingsButton", "kiosk.settings.test_print")
        self.test_result = label(2.0, align=Qt.AlignLeft, name="settingsResult")
        self.save = button(2.4, "settingsButton", "kiosk.settings.save")
        self.save_result = label(2.0, align=Qt.AlignLeft, name="settingsResult")
        self.exit = button(2.4, "exitButton", "kiosk.settings.exit")
        self.back = button(2.4, "backButton", "kiosk.settings.back")
        from ult_desktop.ui.selftest_panel import SelftestPanel

        # the self-test and this PC's key fingerprint (M9), behind the PIN
        self.selftest = SelftestPanel(self._selftest_options, self)
        lay = vbox(self.title, self.who, on=self)
        lay.addSpacing(12)
        fill(lay, self.db_label, self.db_edit, self.printer_label, self.printer_edit,
             self.printer_help, hbox(self.test_print, (self.test_result, 1)),
             hbox(self.save, (self.save_result, 1)), (self.selftest, 1),
             hbox(self.back, 1, self.exit))
        for btn, signal in ((self.test_print, self.test_print_requested),
                            (self.save, self.save_requested), (self.exit, self.exit_requested),
                            (self.back, self.back_pressed)):
            btn.clicked.connect(signal)
        for edit in (self.db_edit, self.printer_edit):
            edit.textEdited.connect(self.edited)

    def show_settings(self, who: str, db: str, printer: str) -> None:
        """What the station uses now, for *who* (the admin who unlocked)."""
        self.who.setText(who)
        self.db_edit.setText(db)
        self.printer_edit.setText(printer)
        self.test_result.setText("")
        self.save_result.setText("")

    def _selftest_options(self):
        from ult_desktop.app.selftest import Options

        return Options(db=self.db_edit.text().strip() or None, mode="kiosk",
                       printer=self.printer_edit.text().strip() or None)
