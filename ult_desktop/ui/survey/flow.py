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

What a tap does is decided by :class:`~ult_desktop.ui.survey.visit.SurveyVisit` (a plain
object); the pages are in :mod:`ult_desktop.ui.survey.pages`. This widget connects the
two and runs the database calls.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ult_desktop.app.survey_queue import AnswerQueue
from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.db import skm as skm_db
from ult_desktop.ui.common.station import Station, error_sentence
from ult_desktop.ui.survey import visit as v
from ult_desktop.ui.survey.codes import extract_code
from ult_desktop.ui.survey.pages import (
    ERROR,
    INFO,
    ProfilePage,
    QuestionPage,
    StartPage,
    SuggestionPage,
    ThanksPage,
)

IDLE_MS = 90_000
THANKS_MS = 8_000
#: How often the station writes answers whose day or month ended (and batches cut short).
FLUSH_MS = 300_000


def _visit_attr(name: str) -> property:
    return property(lambda self: getattr(self.state, name))


class SurveyFlow(QWidget):
    """See module docstring. ``submitted`` carries the stored response."""

    submitted = Signal(object)

    ticket = _visit_attr("ticket")
    code = _visit_attr("code")
    answers = _visit_attr("answers")
    index = _visit_attr("index")
    profile = _visit_attr("profile")
    busy = _visit_attr("busy")
    visit = _visit_attr("visit")
    visit_done = _visit_attr("visit_done")

    def __init__(self, station: Station, *, lang: str = "id", qr_template: str = "{code}",
                 idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS, source: str = "tablet",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        self.source = source
        #: answers wait on this station and reach the file in shuffled batches (#22)
        self.queue = AnswerQueue()
        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(FLUSH_MS)
        self.flush_timer.timeout.connect(self.flush)
        self.flush_timer.start()
        self.state = v.SurveyVisit(source=source)
        self.lang = lang
        self.qr_template = qr_template
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(self.reset)
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(thanks_ms)
        self.thanks_timer.timeout.connect(self.reset)

        self.start_page, self.profile_page = StartPage(), ProfilePage()
        self.question_page, self.suggestion_page = QuestionPage(), SuggestionPage()
        self.thanks_page = ThanksPage()
        self.pages = {v.START: self.start_page, v.PROFILE: self.profile_page,
                      v.QUESTION: self.question_page, v.SUGGESTION: self.suggestion_page,
                      v.THANKS: self.thanks_page}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._name_controls()
        self._connect()
        self.retranslate()
        self.stack.setCurrentWidget(self.start_page)

    def _name_controls(self) -> None:
        """The pages' controls under the names screens and tests use."""
        s, p, q, g = self.start_page, self.profile_page, self.question_page, \
            self.suggestion_page
        self.prompt, self.code_edit, self.key_buttons = s.prompt, s.code_edit, s.key_buttons
        self.backspace, self.start_message, self.go = s.backspace, s.message, s.go
        self.anonymous = s.anonymous
        self.profile_buttons, self.profile_message = p.buttons, p.message
        self.profile_next, self.profile_cancel = p.next, p.cancel
        self.ticket_label, self.progress, self.element_name = q.ticket_label, q.progress, \
            q.element_name
        self.question, self.answer_buttons = q.question, q.answer_buttons
        self.back, self.cancel = q.back, q.cancel
        self.suggestion, self.submit_message = g.suggestion, g.message
        self.back2, self.send = g.back, g.send
        self.thanks = self.thanks_page.thanks

    def _connect(self) -> None:
        self.code_edit.returnPressed.connect(self.begin)
        self.code_edit.textEdited.connect(lambda _: self.touch())
        for ch, b in self.key_buttons.items():
            b.clicked.connect(lambda _=False, c=ch: self.type_key(c))
        self.backspace.clicked.connect(self.erase)
        self.go.clicked.connect(self.begin)
        for field, buttons in self.profile_buttons.items():
            for band, b in buttons.items():
                b.clicked.connect(lambda _=False, f=field, x=band: self.choose_profile(f, x))
        self.profile_cancel.clicked.connect(self.reset)
        self.profile_next.clicked.connect(self.profile_done)
        for score, b in enumerate(self.answer_buttons, start=skm.MIN_SCORE):
            b.clicked.connect(lambda _=False, s=score: self.answer(s))
        self.back.clicked.connect(self.go_back)
        self.cancel.clicked.connect(self.reset)
        self.suggestion.textChanged.connect(self.touch)
        self.back2.clicked.connect(self.go_back)
        self.send.clicked.connect(self.submit)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.start_page:
            self.code_edit.setFocus()  # a scanner types into whatever has the focus

    # -- texts -------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        for page in self.pages.values():
            page.retranslate(self.lang)
        self.profile_page.paint(self.state.profile, self.lang)
        if self.state.ticket is not None:
            self._show_question()

    def _show_question(self) -> None:
        s = self.state
        self.question_page.paint(s.ticket, s.index, s.answers[s.index], self.lang)

    def _show_page(self) -> None:
        self.stack.setCurrentWidget(self.pages[self.state.page])

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

    def begin(self) -> None:
        """Check the ticket code, then show the first question."""
        if self.state.busy:
            return
        code = extract_code(self.code_edit.text(), self.qr_template)
        if not code:
            self.start_page.say(tr("survey.start.empty", self.lang))
            return
        self.touch()
        visit = self.state.check_code()
        self.go.setEnabled(False)
        self.start_page.say(tr("survey.start.checking", self.lang), INFO)
        self.station.run(skm_db.survey_ticket, ticket_code=code, parent=self,
                         done=lambda ticket: self._ticket_ok(code, ticket, visit),
                         failed=self._ticket_bad)

    def _ticket_ok(self, code: str, ticket, visit: int) -> None:
        self.go.setEnabled(True)
        if not self.state.ticket_found(code, ticket, visit):
            return  # the screen was reset meanwhile (idle, cancel)
        self.start_page.say("")
        self.profile_page.paint(self.state.profile, self.lang)
        self._show_question()  # ready behind the profile page
        self.profile_message.clear()
        self._show_page()

    def choose_profile(self, field: str, band: str) -> None:
        """One tap on a profile row: that band is chosen (tap another to change it)."""
        self.touch()
        self.state.choose_profile(field, band)
        self.profile_message.clear()
        self.profile_page.paint(self.state.profile, self.lang)

    def profile_done(self) -> None:
        """On to the nine questions once every row has an answer."""
        self.touch()
        if not self.state.profile_done():
            self.profile_message.setText(tr("survey.profile.missing", self.lang))
            return
        self._show_question()
        self._show_page()

    def _ticket_bad(self, error: BaseException) -> None:
        self.state.check_failed()
        self.go.setEnabled(True)
        self.start_page.say(error_sentence(error, self.lang))
        self.code_edit.selectAll()

    def answer(self, score: int) -> None:
        if self.state.ticket is None:
            return
        self.touch()
        self.state.answer(score)
        if self.state.page == v.SUGGESTION:
            self.submit_message.clear()
        else:
            self._show_question()
        self._show_page()

    def go_back(self) -> None:
        self.touch()
        self.state.back()
        self._show_question()
        self._show_page()

    def submit(self) -> None:
        args = self.state.submission(self.suggestion.toPlainText())
        if args is None:
            return
        self.idle.stop()  # the answers are on their way: never reset under them
        self.send.setEnabled(False)
        self.submit_message.setText(tr("survey.sending", self.lang))
        self.submit_message.setStyleSheet(INFO)
        # the answer is kept on this station and written with its batch (issue #22)
        self.station.run(self.queue.submit, **args, parent=self,
                         done=self._submitted, failed=self._submit_failed)

    def _submitted(self, response) -> None:
        self.state.sent()
        self.send.setEnabled(True)
        self.idle.stop()
        self._show_page()
        self.thanks_timer.start()
        self.submitted.emit(response)

    def _submit_failed(self, error: BaseException) -> None:
        self.state.send_failed()
        self.send.setEnabled(True)
        self.touch()  # a visitor who walks away now is still forgotten
        self.submit_message.setText(error_sentence(error, self.lang))
        self.submit_message.setStyleSheet(ERROR)

    def flush(self) -> None:
        """Write waiting answers whose day or month ended, or a batch cut short (worker)."""
        self.station.run(self.queue.flush, parent=self, failed=lambda _e: None)

    def reset(self) -> None:
        """Back to the code entry, forgetting the visitor's answers."""
        self.state.reset()
        self.idle.stop()
        self.thanks_timer.stop()
        self.code_edit.clear()
        self.suggestion.clear()
        self.submit_message.clear()
        self.start_page.say("")
        self._show_page()
        self.code_edit.setFocus()
