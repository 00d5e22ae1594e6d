"""The SKM questionnaire's pages, each its own widget; :class:`~.flow.SurveyFlow` connects
them to the visit. Sizes come from stretch and maximum widths, never fixed pixels: at
150 % a 1366x768 tablet is about 900 logical pixels across."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.boxes import fill, hbox, vbox

#: Letters printed in ticket codes (no 0/O, 1/I), for the on-screen keypad.
CODE_KEYS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Worst to best: the colour of answer buttons 1-4.
ANSWER_COLORS = ("#c62828", "#ef6c00", "#2e7d32", "#1b5e20")

BIG = "font-size:30px;font-weight:bold;"
ERROR = "color:#b71c1c;font-size:20px;font-weight:bold;"
INFO = "color:#37474f;font-size:20px;"
PRIMARY = ("QPushButton{background:#1565c0;color:white;font-size:24px;font-weight:bold;"
           "padding:16px 32px;border-radius:10px;}QPushButton:disabled{background:#90a4ae;}")
PLAIN = ("QPushButton{background:#eceff1;color:#263238;font-size:20px;padding:12px 24px;"
         "border-radius:10px;border:1px solid #b0bec5;}")
KEY = ("QPushButton{background:white;color:#263238;font-size:24px;font-weight:bold;"
       "border:1px solid #b0bec5;border-radius:8px;min-height:48px;}"
       "QPushButton:pressed{background:#bbdefb;}")
#: The suggestion keyboard's keys: five rows must fit under the text on a 1366x768
#: tablet at 150 % (512 logical pixels high).
TYPING_KEY = ("QPushButton{background:white;color:#263238;font-size:20px;"
              "border:1px solid #b0bec5;border-radius:7px;min-height:32px;padding:0 4px;}"
              "QPushButton:pressed{background:#bbdefb;}")
#: The widest the code field and the keypad grow on a large screen (logical pixels).
CODE_MAX_WIDTH, KEYPAD_MAX_WIDTH = 560, 820
KEYBOARD_MAX_WIDTH = 1100
#: The widest a profile question gets beside its answers (it wraps).
PROFILE_LABEL_WIDTH = 150


def button(text: str, style: str) -> QPushButton:
    return QPushButton(text, styleSheet=style, focusPolicy=Qt.NoFocus)


def _centred(widget: QWidget, max_width: int, share: int) -> QHBoxLayout:
    """*widget* centred, taking up to *share* tenths of the row and *max_width*."""
    widget.setMaximumWidth(max_width)
    return hbox(10 - share, (widget, 2 * share), 10 - share)


class StartPage(QWidget):
    """The ticket code: typed, scanned (a scanner types and presses Enter) or tapped."""

    edited = Signal()         # typed, scanned or tapped into the field
    begun = Signal()          # Enter (a scanner's too) or "Mulai"

    def __init__(self) -> None:
        super().__init__()
        self.prompt = QLabel(styleSheet="font-size:28px;font-weight:bold;",
                             alignment=Qt.AlignCenter, wordWrap=True)
        # a scanned URL is longer than the code
        self.code_edit = QLineEdit(maxLength=200, alignment=Qt.AlignCenter, styleSheet=(
            "font-size:40px;font-weight:bold;letter-spacing:6px;padding:6px;"
            "border:2px solid #1565c0;border-radius:10px;"))
        col = vbox(self.prompt, _centred(self.code_edit, CODE_MAX_WIDTH, 6), on=self,
                   margins=(24, 12, 24, 12), spacing=8)
        keys = QGridLayout()
        keys.setSpacing(6)
        keys.setContentsMargins(0, 0, 0, 0)
        self.key_buttons: dict[str, QPushButton] = {}
        for i, ch in enumerate(CODE_KEYS):
            b = button(ch, KEY)
            b.setMinimumWidth(0)
            keys.addWidget(b, i // 11, i % 11)
            self.key_buttons[ch] = b
        self.backspace = button("⌫", KEY)
        keys.addWidget(self.backspace, 2, 10)
        self.keypad = QWidget()
        self.keypad.setLayout(keys)
        self.message = QLabel(alignment=Qt.AlignCenter, wordWrap=True, minimumHeight=30)
        self.go = button("", PRIMARY)
        self.anonymous = QLabel(alignment=Qt.AlignCenter, wordWrap=True,
                                styleSheet="color:#607d8b;font-size:16px;")
        fill(col, _centred(self.keypad, KEYPAD_MAX_WIDTH, 9), self.message,
             (self.go, 0, Qt.AlignHCenter), self.anonymous, 1)
        for ch, b in self.key_buttons.items():
            b.clicked.connect(lambda _=False, c=ch: self.tap(c))
        self.backspace.clicked.connect(lambda: self.tap(""))
        self.code_edit.textEdited.connect(self.edited)
        self.code_edit.returnPressed.connect(self.begun)
        self.go.clicked.connect(self.begun)

    def tap(self, ch: str) -> None:
        """A key of the on-screen keypad (``""``: ⌫) on the end of the code."""
        text = self.code_edit.text()
        self.code_edit.setText(text + ch if ch else text[:-1])
        self.edited.emit()

    def retranslate(self, lang: str) -> None:
        self.prompt.setText(tr("survey.start.prompt", lang))
        self.go.setText(tr("survey.start.go", lang))
        self.anonymous.setText(tr("survey.start.anonymous", lang))

    def say(self, text: str, style: str = ERROR) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)


class ProfilePage(QWidget):
    """The respondent profile: one row of large buttons per question, one tap each."""

    chosen = Signal(str, str)   # profile field, band
    cancelled = Signal()
    finished = Signal()         # "Lanjut"

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel(styleSheet=BIG + "color:#0d47a1;")
        self.hint = QLabel(styleSheet="color:#607d8b;font-size:17px;", wordWrap=True)
        col = vbox(self.heading, self.hint, on=self, margins=(24, 8, 24, 10), spacing=4)
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, dict[str, QPushButton]] = {}
        rows = QGridLayout()  # the question left of its answers: fits 150 % scaling
        rows.setHorizontalSpacing(10)
        rows.setVerticalSpacing(6)
        rows.setColumnStretch(1, 1)
        for r, (field, bands) in enumerate(skm.PROFILE.items()):
            label = QLabel(styleSheet="font-size:19px;font-weight:bold;color:#263238;",
                           wordWrap=True, maximumWidth=PROFILE_LABEL_WIDTH)
            label.setProperty("largeScale", 1.15)  # "Pendidikan" whole in its column
            rows.addWidget(label, r, 0)
            row = QHBoxLayout()
            row.setSpacing(6)
            buttons = {}
            for band in bands:
                b = QPushButton(focusPolicy=Qt.NoFocus, minimumHeight=56)
                b.setProperty("largeScale", 1.15)  # up to eight in a row at large text
                row.addWidget(b, 1)
                buttons[band] = b
            rows.addLayout(row, r, 1)
            self.labels[field] = label
            self.buttons[field] = buttons
        self.message = QLabel(styleSheet=ERROR, wordWrap=True)
        self.cancel = button("", PLAIN)
        self.next = button("", PRIMARY)
        fill(col, rows, self.message, 1, hbox(self.cancel, 1, self.next))
        for field, buttons in self.buttons.items():
            for band, b in buttons.items():
                b.clicked.connect(lambda _=False, f=field, x=band: self.chosen.emit(f, x))
        self.cancel.clicked.connect(self.cancelled)
        self.next.clicked.connect(self.finished)

    def retranslate(self, lang: str) -> None:
        self.heading.setText(tr("survey.profile.heading", lang))
        self.hint.setText(tr("survey.profile.hint", lang))
        self.next.setText(tr("survey.profile.next", lang))
        self.cancel.setText(tr("survey.cancel", lang))
        self.message.clear()

    def paint(self, profile: dict, lang: str) -> None:
        for field, buttons in self.buttons.items():
            self.labels[field].setText(tr(f"skm.profile.{field}", lang))
            for band, b in buttons.items():
                text = skm.profile_label(field, band, lang)
                b.setText(textwrap.fill(text, 9, break_long_words=False))
                chosen = profile.get(field) == band
                declined = band == skm.DECLINED
                bg = "#1565c0" if chosen else ("#eceff1" if declined else "white")
                fg = "white" if chosen else "#263238"
                border = "3px solid #0d47a1" if chosen else "1px solid #90a4ae"
                b.setStyleSheet(f"QPushButton{{background:{bg};color:{fg};font-size:15px;"
                                f"font-weight:bold;border:{border};border-radius:10px;"
                                "padding:2px 4px;}")


class QuestionPage(QWidget):
    """One of the nine questions: four coloured answer buttons, worst to best."""

    answered = Signal(int)   # the score touched
    back_pressed = Signal()
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.ticket_label = QLabel(styleSheet="color:#607d8b;font-size:18px;")
        self.progress = QLabel(styleSheet="color:#1565c0;font-size:20px;font-weight:bold;")
        self.element_name = QLabel(styleSheet=BIG + "color:#0d47a1;", wordWrap=True)
        self.question = QLabel(styleSheet="font-size:24px;", wordWrap=True, minimumHeight=60)
        col = vbox(hbox(self.ticket_label, 1, self.progress), self.element_name, self.question,
                   on=self, margins=(24, 10, 24, 12))
        col.addSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.answer_buttons: list[QPushButton] = []
        for score in range(skm.MIN_SCORE, skm.MAX_SCORE + 1):
            b = QPushButton(focusPolicy=Qt.NoFocus, minimumHeight=150)
            b.clicked.connect(lambda _=False, s=score: self.answered.emit(s))
            row.addWidget(b, 1)
            self.answer_buttons.append(b)
        self.back = button("", PLAIN)
        self.cancel = button("", PLAIN)
        fill(col, (row, 1), 1, hbox(self.back, 1, self.cancel))
        self.back.clicked.connect(self.back_pressed)
        self.cancel.clicked.connect(self.cancelled)

    def retranslate(self, lang: str) -> None:
        self.back.setText(tr("survey.back", lang))
        self.cancel.setText(tr("survey.cancel", lang))

    def paint(self, ticket, element: skm.Element, index: int, total: int,
              chosen: int | None, lang: str) -> None:
        self.ticket_label.setText(
            tr("survey.ticket_unchecked", lang, code=ticket.code) if not hasattr(
                ticket, "number") else tr("survey.ticket", lang, number=ticket.number,
                                          service=ticket.service_name))
        self.progress.setText(tr("survey.progress", lang, n=index + 1, total=total))
        self.element_name.setText(element.name(lang))
        self.question.setText(element.question(lang))
        for score, (b, label) in enumerate(zip(self.answer_buttons,
                                               element.answer_labels(lang), strict=True),
                                           start=1):
            b.setText(f"{score}\n{textwrap.fill(label, 15)}")
            color = ANSWER_COLORS[score - 1]
            border = "6px solid #0d47a1" if chosen == score else f"2px solid {color}"
            b.setStyleSheet(
                f"QPushButton{{background:{color};color:white;font-size:24px;"
                f"font-weight:bold;border-radius:14px;border:{border};padding:10px;}}"
                "QPushButton:pressed{background:#0d47a1;}")
        self.back.setVisible(True)


#: The suggestion keyboard: Indonesia types on the QWERTY layout; the
#: keys a suggestion needs, no more. ``⇧`` makes the next letter a capital.
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl-", "⇧zxcvbnm,.?")


class TouchKeyboard(QWidget):
    """An on-screen keyboard for a tablet with none: it types into *target* (keys never
    take the focus, so the cursor stays where the visitor put it), and the touch
    keyboard of Windows can stay switched off on survey PCs."""

    typed = Signal(str)

    def __init__(self, target: QPlainTextEdit) -> None:
        super().__init__()
        self.target = target
        self.shift = False
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(KEYBOARD_ROWS):
            for c, ch in enumerate(row):
                grid.addWidget(self._key(ch), r, c)
        self.backspace = self._key("⌫")
        grid.addWidget(self.backspace, 0, 10)
        self.enter = self._key("↵")
        grid.addWidget(self.enter, 1, 10, 2, 1)
        self.space = self._key(" ")
        self.space.setText(tr("survey.keyboard.space"))
        grid.addWidget(self.space, 4, 1, 1, 9)

    def _key(self, ch: str) -> QPushButton:
        b = button(ch, TYPING_KEY)
        b.setMinimumWidth(0)
        b.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        b.setMaximumHeight(72)
        b.clicked.connect(lambda _=False, c=ch: self.press(c))
        self.keys[ch] = b
        return b

    def press(self, ch: str) -> None:
        cursor = self.target.textCursor()
        if ch == "⇧":
            self.shift = not self.shift
            for key, b in self.keys.items():
                if key.isalpha():
                    b.setText(key.upper() if self.shift else key)
            return
        if ch == "⌫":
            cursor.deletePreviousChar()
        else:
            text = "\n" if ch == "↵" else ch.upper() if self.shift else ch
            cursor.insertText(text)
            if self.shift and ch.isalpha():
                self.press("⇧")  # a capital for one letter, as on a phone
        self.target.setTextCursor(cursor)
        self.typed.emit(ch)

    def retranslate(self, lang: str) -> None:
        self.space.setText(tr("survey.keyboard.space", lang))


class SuggestionPage(QWidget):
    """The optional suggestion, typed on the page's own keyboard, then send."""

    edited = Signal()
    back_pressed = Signal()
    sent = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(styleSheet=BIG)
        self.hint = QLabel(styleSheet="color:#607d8b;font-size:18px;", wordWrap=True)
        self.suggestion = QPlainTextEdit(styleSheet="font-size:22px;background:white;",
                                         minimumHeight=50, maximumHeight=160)
        self.keyboard = TouchKeyboard(self.suggestion)
        self.message = QLabel(wordWrap=True)
        self.back = button("", PLAIN)
        self.send = button("", PRIMARY)
        # the keys grow into the room the page has (up to a finger's comfort)
        vbox(self.label, self.hint, (self.suggestion, 3),
             (_centred(self.keyboard, KEYBOARD_MAX_WIDTH, 10), 4), self.message,
             hbox(self.back, 1, self.send), on=self, margins=(24, 10, 24, 12))
        self.suggestion.textChanged.connect(self.edited)
        self.back.clicked.connect(self.back_pressed)
        self.send.clicked.connect(self.sent)

    def retranslate(self, lang: str) -> None:
        self.back.setText(tr("survey.back", lang))
        self.label.setText(tr("survey.suggestion", lang))
        self.hint.setText(tr("survey.suggestion_hint", lang))
        self.send.setText(tr("survey.submit", lang))
        self.keyboard.retranslate(lang)


class ThanksPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.thanks = QLabel(alignment=Qt.AlignCenter, wordWrap=True,
                             styleSheet="font-size:40px;font-weight:bold;color:#1b5e20;")
        self.sub = QLabel(alignment=Qt.AlignCenter, wordWrap=True,
                          styleSheet="font-size:22px;color:#37474f;")
        vbox(1, self.thanks, self.sub, 1, on=self)

    def retranslate(self, lang: str) -> None:
        self.thanks.setText(tr("skm.thanks", lang))
        self.sub.setText(tr("survey.thanks_sub", lang))
