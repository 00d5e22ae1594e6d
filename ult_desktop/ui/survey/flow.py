"""The SKM questionnaire as one widget: ticket code, profile, nine questions, suggestion,
thanks.

Used by ``ult-desktop survey`` (a tablet at the counter) and embeddable in the kiosk.
The visitor identifies the visit by the code on the ticket (typed, or scanned: a
scanner types the QR content and Enter). Answers stay on this screen until sent: one
``submit_survey`` call writes the whole response, anonymous by default. A visitor who
walks away is forgotten after the idle time, and nothing partial is stored.

The respondent profile (PermenPANRB 14/2017 part two: jenis kelamin, usia, pendidikan,
pekerjaan) is one page of large buttons, one tap per row, each row with "Tidak ingin
menjawab"; it is stored in bands with the answers, never with the ticket.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.db import skm as skm_db
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.survey.codes import extract_code

#: Letters printed in ticket codes (no 0/O, 1/I), for the on-screen keypad.
CODE_KEYS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Worst to best: the colour of answer buttons 1-4.
ANSWER_COLORS = ("#c62828", "#ef6c00", "#2e7d32", "#1b5e20")
IDLE_MS = 90_000
THANKS_MS = 8_000

_BIG = "font-size:30px;font-weight:bold;"
_ERROR = "color:#b71c1c;font-size:20px;font-weight:bold;"
_INFO = "color:#37474f;font-size:20px;"


def _error_text(error: BaseException, lang: str) -> str:
    message = getattr(error, "message", None)
    if callable(message):
        try:
            return str(message(lang))
        except Exception:  # noqa: BLE001 - fall back to the generic sentence
            pass
    return tr("ui.error.unexpected", lang)


def _button(text: str, style: str) -> QPushButton:
    b = QPushButton(text)
    b.setStyleSheet(style)
    b.setFocusPolicy(Qt.NoFocus)
    return b


PRIMARY = ("QPushButton{background:#1565c0;color:white;font-size:24px;font-weight:bold;"
           "padding:16px 32px;border-radius:10px;}QPushButton:disabled{background:#90a4ae;}")
PLAIN = ("QPushButton{background:#eceff1;color:#263238;font-size:20px;padding:12px 24px;"
         "border-radius:10px;border:1px solid #b0bec5;}")
KEY = ("QPushButton{background:white;color:#263238;font-size:24px;font-weight:bold;"
       "border:1px solid #b0bec5;border-radius:8px;min-height:56px;}"
       "QPushButton:pressed{background:#bbdefb;}")


class SurveyFlow(QWidget):
    """See module docstring. ``submitted`` carries the stored response."""

    submitted = Signal(object)

    def __init__(self, station: Station, *, lang: str = "id", qr_template: str = "{code}",
                 idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS, source: str = "tablet",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        self.source = source  # "tablet" (survey mode) or "kiosk" (embedded in the kiosk)
        self.profile: dict[str, str | None] = dict.fromkeys(skm.PROFILE)
        self.lang = lang
        self.qr_template = qr_template
        self.ticket = None
        self.code = ""
        self.answers: list[int | None] = [None] * skm.ELEMENT_COUNT
        self.index = 0
        self.busy = False
        self.visit = 0  # bumped by reset(): late answers of an earlier visit are ignored
        self.visit_done = False  # reset() ended a visit that had got past the code
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(self.reset)
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(thanks_ms)
        self.thanks_timer.timeout.connect(self.reset)

        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._build_start()
        self._build_profile()
        self._build_question()
        self._build_suggestion()
        self._build_thanks()
        self.retranslate()
        self.stack.setCurrentWidget(self.start_page)

    # -- building ----------------------------------------------------------------------
    def _build_start(self) -> None:
        page = self.start_page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(40, 20, 40, 20)
        self.prompt = QLabel()
        self.prompt.setStyleSheet("font-size:28px;font-weight:bold;")
        self.prompt.setAlignment(Qt.AlignCenter)
        self.prompt.setWordWrap(True)
        col.addWidget(self.prompt)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(200)  # a scanned URL is longer than the code
        self.code_edit.setAlignment(Qt.AlignCenter)
        self.code_edit.setStyleSheet("font-size:40px;font-weight:bold;letter-spacing:6px;"
                                     "padding:10px;border:2px solid #1565c0;"
                                     "border-radius:10px;")
        self.code_edit.setFixedWidth(560)
        self.code_edit.returnPressed.connect(self.begin)
        self.code_edit.textEdited.connect(lambda _: self.touch())
        col.addWidget(self.code_edit, 0, Qt.AlignHCenter)
        keys = QGridLayout()
        keys.setSpacing(8)
        self.key_buttons: dict[str, QPushButton] = {}
        for i, ch in enumerate(CODE_KEYS):
            b = _button(ch, KEY)
            b.clicked.connect(lambda _=False, c=ch: self.type_key(c))
            keys.addWidget(b, i // 11, i % 11)
            self.key_buttons[ch] = b
        self.backspace = _button("⌫", KEY)
        self.backspace.clicked.connect(self.erase)
        keys.addWidget(self.backspace, 2, 10)
        holder = QWidget()
        holder.setLayout(keys)
        holder.setFixedWidth(820)
        col.addWidget(holder, 0, Qt.AlignHCenter)
        self.start_message = QLabel()
        self.start_message.setAlignment(Qt.AlignCenter)
        self.start_message.setWordWrap(True)
        self.start_message.setMinimumHeight(34)
        col.addWidget(self.start_message)
        self.go = _button("", PRIMARY)
        self.go.clicked.connect(self.begin)
        col.addWidget(self.go, 0, Qt.AlignHCenter)
        self.anonymous = QLabel()
        self.anonymous.setAlignment(Qt.AlignCenter)
        self.anonymous.setStyleSheet("color:#607d8b;font-size:16px;")
        col.addWidget(self.anonymous)
        col.addStretch(1)
        self.stack.addWidget(page)

    def _build_profile(self) -> None:
        page = self.profile_page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(40, 12, 40, 16)
        col.setSpacing(6)
        self.profile_heading = QLabel()
        self.profile_heading.setStyleSheet(_BIG + "color:#0d47a1;")
        col.addWidget(self.profile_heading)
        self.profile_hint = QLabel()
        self.profile_hint.setStyleSheet("color:#607d8b;font-size:17px;")
        self.profile_hint.setWordWrap(True)
        col.addWidget(self.profile_hint)
        self.profile_labels: dict[str, QLabel] = {}
        self.profile_buttons: dict[str, dict[str, QPushButton]] = {}
        for field, bands in skm.PROFILE.items():
            label = QLabel()
            label.setStyleSheet("font-size:20px;font-weight:bold;color:#263238;")
            col.addWidget(label)
            row = QHBoxLayout()
            row.setSpacing(8)
            buttons = {}
            for band in bands:
                b = QPushButton()
                b.setFocusPolicy(Qt.NoFocus)
                b.setMinimumHeight(64)
                b.clicked.connect(lambda _=False, f=field, v=band: self.choose_profile(f, v))
                row.addWidget(b, 1)
                buttons[band] = b
            col.addLayout(row)
            self.profile_labels[field] = label
            self.profile_buttons[field] = buttons
        self.profile_message = QLabel()
        self.profile_message.setStyleSheet(_ERROR)
        self.profile_message.setWordWrap(True)
        col.addWidget(self.profile_message)
        col.addStretch(1)
        bottom = QHBoxLayout()
        self.profile_cancel = _button("", PLAIN)
        self.profile_cancel.clicked.connect(self.reset)
        self.profile_next = _button("", PRIMARY)
        self.profile_next.clicked.connect(self.profile_done)
        bottom.addWidget(self.profile_cancel)
        bottom.addStretch(1)
        bottom.addWidget(self.profile_next)
        col.addLayout(bottom)
        self.stack.addWidget(page)

    def _paint_profile(self) -> None:
        t = self.lang
        for field, buttons in self.profile_buttons.items():
            self.profile_labels[field].setText(tr(f"skm.profile.{field}", t))
            for band, b in buttons.items():
                text = skm.profile_label(field, band, t)
                b.setText(textwrap.fill(text, 12, break_long_words=False))
                chosen = self.profile.get(field) == band
                declined = band == skm.DECLINED
                bg = "#1565c0" if chosen else ("#eceff1" if declined else "white")
                fg = "white" if chosen else "#263238"
                border = "3px solid #0d47a1" if chosen else "1px solid #90a4ae"
                b.setStyleSheet(f"QPushButton{{background:{bg};color:{fg};font-size:17px;"
                                f"font-weight:bold;border:{border};border-radius:10px;"
                                "padding:4px;}")

    def _build_question(self) -> None:
        page = self.question_page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(40, 16, 40, 20)
        top = QHBoxLayout()
        self.ticket_label = QLabel()
        self.ticket_label.setStyleSheet("color:#607d8b;font-size:18px;")
        self.progress = QLabel()
        self.progress.setStyleSheet("color:#1565c0;font-size:20px;font-weight:bold;")
        top.addWidget(self.ticket_label)
        top.addStretch(1)
        top.addWidget(self.progress)
        col.addLayout(top)
        self.element_name = QLabel()
        self.element_name.setStyleSheet(_BIG + "color:#0d47a1;")
        self.element_name.setWordWrap(True)
        col.addWidget(self.element_name)
        self.question = QLabel()
        self.question.setStyleSheet("font-size:24px;")
        self.question.setWordWrap(True)
        self.question.setMinimumHeight(70)
        col.addWidget(self.question)
        col.addSpacing(10)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.answer_buttons: list[QPushButton] = []
        for score in range(skm.MIN_SCORE, skm.MAX_SCORE + 1):
            b = QPushButton()
            b.setFocusPolicy(Qt.NoFocus)
            b.setMinimumHeight(170)
            b.clicked.connect(lambda _=False, s=score: self.answer(s))
            row.addWidget(b, 1)
            self.answer_buttons.append(b)
        col.addLayout(row)
        col.addStretch(1)
        bottom = QHBoxLayout()
        self.back = _button("", PLAIN)
        self.back.clicked.connect(self.go_back)
        self.cancel = _button("", PLAIN)
        self.cancel.clicked.connect(self.reset)
        bottom.addWidget(self.back)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel)
        col.addLayout(bottom)
        self.stack.addWidget(page)

    def _build_suggestion(self) -> None:
        page = self.suggestion_page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(40, 16, 40, 20)
        self.suggestion_label = QLabel()
        self.suggestion_label.setStyleSheet(_BIG)
        col.addWidget(self.suggestion_label)
        self.suggestion_hint = QLabel()
        self.suggestion_hint.setStyleSheet("color:#607d8b;font-size:18px;")
        self.suggestion_hint.setWordWrap(True)
        col.addWidget(self.suggestion_hint)
        self.suggestion = QPlainTextEdit()
        self.suggestion.setStyleSheet("font-size:22px;background:white;")
        self.suggestion.setFixedHeight(240)
        self.suggestion.textChanged.connect(self.touch)
        col.addWidget(self.suggestion)
        self.submit_message = QLabel()
        self.submit_message.setWordWrap(True)
        col.addWidget(self.submit_message)
        col.addStretch(1)
        bottom = QHBoxLayout()
        self.back2 = _button("", PLAIN)
        self.back2.clicked.connect(self.go_back)
        self.send = _button("", PRIMARY)
        self.send.clicked.connect(self.submit)
        bottom.addWidget(self.back2)
        bottom.addStretch(1)
        bottom.addWidget(self.send)
        col.addLayout(bottom)
        self.stack.addWidget(page)

    def _build_thanks(self) -> None:
        page = self.thanks_page = QWidget()
        col = QVBoxLayout(page)
        col.addStretch(1)
        self.thanks = QLabel()
        self.thanks.setAlignment(Qt.AlignCenter)
        self.thanks.setWordWrap(True)
        self.thanks.setStyleSheet("font-size:40px;font-weight:bold;color:#1b5e20;")
        self.thanks_sub = QLabel()
        self.thanks_sub.setAlignment(Qt.AlignCenter)
        self.thanks_sub.setStyleSheet("font-size:22px;color:#37474f;")
        col.addWidget(self.thanks)
        col.addWidget(self.thanks_sub)
        col.addStretch(1)
        self.stack.addWidget(page)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.stack.currentWidget() is self.start_page:
            self.code_edit.setFocus()  # a scanner types into whatever has the focus

    # -- texts -------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        t = self.lang
        self.prompt.setText(tr("survey.start.prompt", t))
        self.go.setText(tr("survey.start.go", t))
        self.anonymous.setText(tr("survey.start.anonymous", t))
        self.back.setText(tr("survey.back", t))
        self.back2.setText(tr("survey.back", t))
        self.cancel.setText(tr("survey.cancel", t))
        self.suggestion_label.setText(tr("survey.suggestion", t))
        self.suggestion_hint.setText(tr("survey.suggestion_hint", t))
        self.send.setText(tr("survey.submit", t))
        self.thanks.setText(tr("skm.thanks", t))
        self.thanks_sub.setText(tr("survey.thanks_sub", t))
        self.profile_heading.setText(tr("survey.profile.heading", t))
        self.profile_hint.setText(tr("survey.profile.hint", t))
        self.profile_next.setText(tr("survey.profile.next", t))
        self.profile_cancel.setText(tr("survey.cancel", t))
        self.profile_message.clear()
        self._paint_profile()
        if self.ticket is not None:
            self._show_question()

    def _show_question(self) -> None:
        element = skm.ELEMENTS[self.index]
        t = self.lang
        self.ticket_label.setText(tr("survey.ticket", t, number=self.ticket.number,
                                     service=self.ticket.service_name))
        self.progress.setText(tr("survey.progress", t, n=self.index + 1,
                                 total=skm.ELEMENT_COUNT))
        self.element_name.setText(element.name(t))
        self.question.setText(element.question(t))
        chosen = self.answers[self.index]
        for score, (b, label) in enumerate(zip(self.answer_buttons, element.answer_labels(t),
                                               strict=True), start=1):
            b.setText(f"{score}\n{textwrap.fill(label, 15)}")
            color = ANSWER_COLORS[score - 1]
            border = "6px solid #0d47a1" if chosen == score else f"2px solid {color}"
            b.setStyleSheet(
                f"QPushButton{{background:{color};color:white;font-size:24px;"
                f"font-weight:bold;border-radius:14px;border:{border};padding:10px;}}"
                "QPushButton:pressed{background:#0d47a1;}")
        self.back.setVisible(True)

    # -- flow --------------------------------------------------------------------------
    def touch(self) -> None:
        """Any interaction: the visitor is still here."""
        if self.stack.currentWidget() is not self.thanks_page:
            self.idle.start()

    def type_key(self, ch: str) -> None:
        self.code_edit.setText(self.code_edit.text() + ch)
        self.touch()

    def erase(self) -> None:
        self.code_edit.setText(self.code_edit.text()[:-1])
        self.touch()

    def _say_start(self, text: str, style: str = _ERROR) -> None:
        self.start_message.setText(text)
        self.start_message.setStyleSheet(style)

    def begin(self) -> None:
        """Check the ticket code, then show the first question."""
        if self.busy:
            return
        code = extract_code(self.code_edit.text(), self.qr_template)
        if not code:
            self._say_start(tr("survey.start.empty", self.lang))
            return
        self.touch()
        self.busy = True
        self.go.setEnabled(False)
        self._say_start(tr("survey.start.checking", self.lang), _INFO)
        visit = self.visit
        self.station.run(skm_db.survey_ticket, ticket_code=code,
                         done=lambda ticket: self._ticket_ok(code, ticket, visit),
                         failed=self._ticket_bad)

    def _ticket_ok(self, code: str, ticket, visit: int) -> None:
        self.busy = False
        if visit != self.visit:  # the screen was reset meanwhile (idle, cancel)
            self.go.setEnabled(True)
            return
        self.go.setEnabled(True)
        self.code, self.ticket = code, ticket
        self.answers = [None] * skm.ELEMENT_COUNT
        self.index = 0
        self.profile = dict.fromkeys(skm.PROFILE)
        self._say_start("")
        self._paint_profile()
        self._show_question()  # ready behind the profile page
        self.profile_message.clear()
        self.stack.setCurrentWidget(self.profile_page)

    def choose_profile(self, field: str, band: str) -> None:
        """One tap on a profile row: that band is chosen (tap another to change it)."""
        self.touch()
        self.profile[field] = band
        self.profile_message.clear()
        self._paint_profile()

    def profile_done(self) -> None:
        """On to the nine questions once every row has an answer."""
        self.touch()
        missing = [f for f, v in self.profile.items() if v is None]
        if missing:
            self.profile_message.setText(tr("survey.profile.missing", self.lang))
            return
        self._show_question()
        self.stack.setCurrentWidget(self.question_page)

    def _ticket_bad(self, error: BaseException) -> None:
        self.busy = False
        self.go.setEnabled(True)
        self._say_start(_error_text(error, self.lang))
        self.code_edit.selectAll()

    def answer(self, score: int) -> None:
        if self.ticket is None:
            return
        self.touch()
        self.answers[self.index] = score
        if self.index + 1 < skm.ELEMENT_COUNT:
            self.index += 1
            self._show_question()
        else:
            self.submit_message.clear()
            self.stack.setCurrentWidget(self.suggestion_page)

    def go_back(self) -> None:
        self.touch()
        if self.stack.currentWidget() is self.suggestion_page:
            self.stack.setCurrentWidget(self.question_page)
            self._show_question()
        elif self.index > 0:
            self.index -= 1
            self._show_question()
        else:
            self.stack.setCurrentWidget(self.profile_page)

    def submit(self) -> None:
        if self.busy or self.ticket is None or None in self.answers:
            return
        self.busy = True
        self.idle.stop()  # the answers are on their way: never reset under them
        self.send.setEnabled(False)
        self.submit_message.setText(tr("survey.sending", self.lang))
        self.submit_message.setStyleSheet(_INFO)
        self.station.run(skm_db.submit_survey, ticket_code=self.code,
                         answers=list(self.answers), profile=dict(self.profile),
                         source=self.source,
                         suggestion=self.suggestion.toPlainText().strip() or None,
                         done=self._submitted, failed=self._submit_failed)

    def _submitted(self, response) -> None:
        self.busy = False
        self.send.setEnabled(True)
        self.idle.stop()
        self.stack.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()
        self.submitted.emit(response)

    def _submit_failed(self, error: BaseException) -> None:
        self.busy = False
        self.send.setEnabled(True)
        self.touch()  # a visitor who walks away now is still forgotten
        self.submit_message.setText(_error_text(error, self.lang))
        self.submit_message.setStyleSheet(_ERROR)

    def reset(self) -> None:
        """Back to the code entry, forgetting the visitor's answers."""
        self.visit_done = self.ticket is not None
        self.visit += 1
        self.idle.stop()
        self.thanks_timer.stop()
        self.ticket, self.code = None, ""
        self.profile = dict.fromkeys(skm.PROFILE)
        self.answers = [None] * skm.ELEMENT_COUNT
        self.index = 0
        self.code_edit.clear()
        self.suggestion.clear()
        self.submit_message.clear()
        self._say_start("")
        self.stack.setCurrentWidget(self.start_page)
        self.code_edit.setFocus()
