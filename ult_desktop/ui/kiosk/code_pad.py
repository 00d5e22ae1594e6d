"""The touch way to a code at the kiosk, for a visitor without a scanner: the start
screen's "Punya kode kunjungan / nomor antrean?" opens a keypad (digits, the letters of
the office's ticket numbers, the dash, delete, OK, Batal); OK sends what was typed the
scanner's way (:meth:`.codes.CodeReader.send`): a follow-up visit checks in, a missed
visitor reports back, anything else is said in one sentence."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.kiosk.flow import KEYPAD, START
from ult_desktop.ui.kiosk.pages import Keypad, button, retranslate

#: The longest code or number typed (a visit's code with spaces, a long number).
MAX_TYPED = 14
_DIGITS = "1234567890"


class CodePadPage(Keypad):
    """The keypad's page: what was typed (shown: a code is the visitor's own), the keys."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("kiosk.code.title", "kiosk.code.prompt", "kiosk.code.erase", step=0.2,
                         parent=parent)
        self.setObjectName("codePadPage")
        for i, ch in enumerate(_DIGITS):
            self.grid.addWidget(self.key(ch), i // 5, i % 5)
        self.letters_row: list[QPushButton] = []
        vbox(self.title, self.prompt, self.typed, self.message, (self.pad, 1, Qt.AlignCenter),
             hbox(1, self.cancel, self.erase, self.ok, 1, margins=0), on=self)

    def set_letters(self, letters: str) -> None:
        """The row of letters and the dash (the office's ticket numbers: "A-012")."""
        for key in self.letters_row:
            self.grid.removeWidget(key)
            key.hide()
        self.letters_row = [self.key(ch) for ch in (*letters[:9], "-")]
        for i, key in enumerate(self.letters_row):
            self.grid.addWidget(key, 2 + i // 5, i % 5)
            key.show()

    def size_keys(self, u: float, portrait: bool) -> None:
        """Touch targets at the kiosk's scale (*u*: 1 % of the shorter side; a portrait
        screen has the height for taller keys)."""
        for key in self.keys.values():
            key.setFixedSize(round((15 if portrait else 11) * u),
                             round((12 if portrait else 8.5) * u))
        for btn in (self.erase, self.ok, self.cancel):
            btn.setMinimumSize(round(22 * u), round(8 * u))
        self.grid.setSpacing(round(1.2 * u))


class CodePad(QObject):
    """The start screen's code button and its keypad page on the kiosk *window*."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.typed = ""
        self.page: CodePadPage | None = None
        view = window.view
        self.button = button(2.4, "codeButton", "kiosk.code.button")
        self.button.clicked.connect(self.open)
        view.start_page.layout().addWidget(self.button)  # under the priority banner
        view.rescaled.connect(self._rescale)
        view.pages.currentChanged.connect(self._follow_page)
        view.retranslated.connect(self.retranslate)

    def retranslate(self) -> None:
        if self.page is not None:
            retranslate(self.page, self.window.view.t)
            self._draw()

    def _rescale(self, u: float) -> None:
        self.button.setFixedHeight(round(8 * u))  # large text never takes the tiles' room
        if self.page is not None:
            self.page.size_keys(u, self.window.view._portrait)

    def _follow_page(self, _index: int) -> None:
        if self.window.view.pages.currentWidget() is not self.page and \
                self.window.flow.page == KEYPAD:
            self.window.flow.page = START  # the stack left the keypad by another road

    def _letters(self) -> str:
        state = self.window.view.state
        if state is None:
            return "AB"
        found = {t.prefix for t in state.services} | {
            (state.settings or {}).get(k) or "" for k in ("priority_prefix", "followup_prefix")}
        return "".join(sorted(ch for ch in "".join(found) if ch.isalpha()))

    def _build(self) -> CodePadPage:
        page = CodePadPage()
        page.key_pressed.connect(self.key)
        page.erased.connect(self.erase)
        page.submitted.connect(self.submit)
        page.cancelled.connect(self.window.go_start)
        self.window.view.pages.addWidget(page)
        return page

    def open(self) -> None:
        """The button on the start screen: an empty keypad in the visitor's language."""
        w = self.window
        if w.flow.page != START or w.flow.in_flight or w.flow.guarded():
            w.flow.ignored_touches += 1  # a late tap after a number, as on the tiles
            return
        if self.page is None:
            self.page = self._build()
        self.typed = ""
        self.page.set_letters(self._letters())
        w.view.apply_scale()  # its text and keys at the kiosk's scale (and large text)
        w.flow.page = KEYPAD
        w.view.pages.setCurrentWidget(self.page)
        self.retranslate()
        w.touched()

    def key(self, ch: str) -> None:
        self.window.touched()
        if len(self.typed) < MAX_TYPED:
            self.typed += ch
        self._draw()

    def erase(self) -> None:
        self.window.touched()
        self.typed = self.typed[:-1]
        self._draw()

    def submit(self) -> None:
        """OK: the scanner's road (a code or a ticket's number)."""
        self.window.touched()
        if len(self.typed.replace("-", "")) < 2:
            self._draw(self.window.view.t("kiosk.code.too_short"))
            return
        typed, self.typed = self.typed, ""
        self.window.flow.page = START  # the answer's page replaces the keypad
        self.window.codes.send(typed)

    def _draw(self, message: str = "") -> None:
        if self.page is not None:
            self.page.show_typed(self.typed, message)
