"""The SKM questionnaire as one widget: ticket code, profile, nine questions, suggestion,
thanks (``ult-desktop survey`` on a tablet, or inside the kiosk).

The visit is named by the ticket's code (typed, or a scanner typing the QR and Enter).
Answers stay on screen until one ``submit_survey`` writes the whole response, anonymous by
default; a visitor who walks away is forgotten after the idle time. The profile
(PermenPANRB 14/2017) is one page of one-tap rows, each with "Tidak ingin menjawab", kept
in bands with the answers, never with the ticket. What a tap does:
:class:`~ult_desktop.ui.survey.visit.SurveyVisit`; the pages: :mod:`.pages`."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ult_desktop.app.survey_queue import AnswerQueue
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import code_ticket_id, is_record_code
from ult_desktop.db.errors import DatabaseBusy, ShareUnavailable
from ult_desktop.ui.common.boxes import vbox
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import Station, public_sentence
from ult_desktop.ui.survey import jobs
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
from ult_desktop.ui.survey.spoken import SurveySpeech, restyle

IDLE_MS = 90_000
THANKS_MS = 8_000
#: How often the station writes answers whose day or month ended (and batches cut short).
FLUSH_MS = 300_000


class SurveyFlow(QWidget):
    """See module docstring. ``submitted`` carries the stored response."""

    submitted = Signal(object)

    def __init__(self, station: Station, *, idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS,
                 source: str = "tablet", make_speaker=None,
                 qr_template: Callable[[], str] = lambda: "{code}",
                 parent: QWidget | None = None):
        """*qr_template*: how the ticket's QR wraps its code now (the office's
        ``qr_content``), asked at each code read."""
        super().__init__(parent)
        self.station = station
        #: said aloud and answered with number keys (ui/survey/spoken.py)
        self.speech = SurveySpeech(self, make_speaker)
        self.large = False
        self.source = source
        #: answers wait on this station and reach the file in shuffled batches
        self.queue = AnswerQueue()
        self.flush_timer = QTimer(self, interval=FLUSH_MS, timeout=self.flush)
        self.flush_timer.start()
        self.state = v.SurveyVisit(source=source)
        self.lang = "id"
        self.qr_template = qr_template
        self.idle = QTimer(self, singleShot=True, interval=idle_ms, timeout=self.reset)
        self.thanks_timer = QTimer(self, singleShot=True, interval=thanks_ms, timeout=self.reset)

        self.start_page, self.profile_page = StartPage(), ProfilePage()
        self.question_page, self.suggestion_page = QuestionPage(), SuggestionPage()
        self.thanks_page = ThanksPage()
        self.pages = {v.START: self.start_page, v.PROFILE: self.profile_page,
                      v.QUESTION: self.question_page, v.SUGGESTION: self.suggestion_page,
                      v.THANKS: self.thanks_page}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        vbox(self.stack, on=self, margins=0)
        self._connect()
        self.retranslate()
        self.stack.setCurrentWidget(self.start_page)

    def _connect(self) -> None:
        """What each page says, to whom (the pages only say what was touched)."""
        start, profile = self.start_page, self.profile_page
        question, suggestion = self.question_page, self.suggestion_page
        start.edited.connect(self.touch)
        start.begun.connect(self.begin)
        profile.chosen.connect(self.choose_profile)
        profile.cancelled.connect(self.reset)
        profile.finished.connect(self.profile_done)
        question.answered.connect(self.answer)
        question.back_pressed.connect(self.go_back)
        question.cancelled.connect(self.reset)
        suggestion.edited.connect(self.touch)
        suggestion.back_pressed.connect(self.go_back)
        suggestion.sent.connect(self.submit)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.start_page:
            self.start_page.code_edit.setFocus()  # a scanner types into whatever has the focus

    # -- texts -------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        for page in self.pages.values():
            page.retranslate(self.lang)
        self.profile_page.paint(self.state.profile, self.lang)
        restyle(self, self.large)
        if self.state.ticket is not None:
            self._show_question()

    def set_large(self, on: bool) -> None:
        """Large text and high contrast (white and yellow on black), or back."""
        self.large = on
        self.stack.setStyleSheet("QStackedWidget{background:#000000;}QLabel{color:#ffffff;}"
                                 if on else "")
        restyle(self, on)

    def _show_question(self) -> None:
        s = self.state
        self.question_page.paint(s.ticket, s.element, s.index, len(s.questions),
                                 s.answers[s.index], self.lang)
        if self.large:  # shorter lines for the larger text: four answers side by side
            for b in self.question_page.answer_buttons:
                score, _, label = b.text().partition("\n")
                b.setText(score + "\n" + textwrap.fill(label.replace("\n", " "), 10))
        restyle(self.question_page, self.large)

    def _show_page(self) -> None:
        page = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.pages[self.state.page])
        if page is not self.stack.currentWidget() or self.state.page == v.QUESTION:
            self.speech.changed()

    # -- flow --------------------------------------------------------------------------
    def touch(self) -> None:
        """Any interaction: the visitor is still here."""
        if self.stack.currentWidget() is not self.thanks_page:
            self.idle.start()

    def begin(self) -> None:
        """Check the ticket code, then show the first question."""
        if self.state.busy:
            return
        code = extract_code(self.start_page.code_edit.text(), self.qr_template())
        if not code:
            self.start_page.say(tr("survey.start.empty", self.lang))
            return
        self.touch()
        visit = self.state.check_code()
        self.start_page.go.setEnabled(False)
        self.start_page.say(tr("survey.start.checking", self.lang), INFO)
        self.station.run(jobs.survey_start, ticket_code=code, parent=self,
                         done=lambda found: self._ticket_ok(code, found, visit),
                         failed=lambda error: self._ticket_bad(error, code, visit))

    def _ticket_ok(self, code: str, found, visit: int) -> None:
        self.start_page.go.setEnabled(True)
        ticket, spak = found
        if not self.state.ticket_found(code, ticket, visit, spak=spak):
            return  # the screen was reset meanwhile (idle, cancel)
        self.start_page.say("")
        self.profile_page.paint(self.state.profile, self.lang)
        self._show_question()  # ready behind the profile page
        self.profile_page.message.clear()
        self._show_page()

    def choose_profile(self, field: str, band: str) -> None:
        """One tap on a profile row: that band is chosen (tap another to change it)."""
        self.touch()
        self.state.choose_profile(field, band)
        self.profile_page.message.clear()
        self.profile_page.paint(self.state.profile, self.lang)
        restyle(self.profile_page, self.large)

    def profile_done(self) -> None:
        """On to the nine questions once every row has an answer."""
        self.touch()
        if not self.state.profile_done():
            self.profile_page.message.setText(tr("survey.profile.missing", self.lang))
            return
        self._show_question()
        self._show_page()

    def _ticket_bad(self, error: BaseException, code: str = "", visit: int = -1) -> None:
        if code and isinstance(error, ShareUnavailable | DatabaseBusy) and (
                code_ticket_id(code) is not None or is_record_code(code)):
            # the share is away: the visitor answers now, the code is judged on landing
            self._ticket_ok(code, (v.UncheckedVisit(code), False), visit)
            return
        self.state.failed()
        self.start_page.go.setEnabled(True)
        self.start_page.say(public_sentence(error, self.lang))
        self.start_page.code_edit.selectAll()

    def answer(self, score: int) -> None:
        if self.state.ticket is None:
            return
        self.touch()
        self.state.answer(score)
        if self.state.page == v.SUGGESTION:
            self.suggestion_page.message.clear()
        else:
            self._show_question()
        self._show_page()

    def go_back(self) -> None:
        self.touch()
        self.state.back()
        self._show_question()
        self._show_page()

    def submit(self) -> None:
        args = self.state.submission(self.suggestion_page.suggestion.toPlainText())
        if args is None:
            return
        self.idle.stop()  # the answers are on their way: never reset under them
        self.suggestion_page.send.setEnabled(False)
        self.suggestion_page.message.setText(tr("survey.sending", self.lang))
        self.suggestion_page.message.setStyleSheet(INFO)
        # the answer is kept on this station and written with its batch
        self.station.run(self.queue.submit, **args, parent=self, done=self._submitted,
                         failed=lambda error: self._submit_failed(error, args))

    def _submitted(self, response) -> None:
        self.state.sent()
        self.suggestion_page.send.setEnabled(True)
        self.idle.stop()
        self._show_page()
        self.thanks_timer.start()
        self.submitted.emit(response)

    def _submit_failed(self, error: BaseException, args: dict | None = None) -> None:
        if args is not None and isinstance(error, ShareUnavailable | DatabaseBusy):
            # the share is away: the answer is kept on this tablet all the same
            off_gui(self.queue.submit, None, **args, parent=self,
                    done=self._submitted, failed=self._submit_failed)
            return
        self.state.failed()
        self.suggestion_page.send.setEnabled(True)
        self.touch()  # a visitor who walks away now is still forgotten
        self.suggestion_page.message.setText(public_sentence(error, self.lang))
        self.suggestion_page.message.setStyleSheet(ERROR)

    def flush(self) -> None:
        """Write waiting answers whose day or month ended, or a batch cut short (worker)."""
        self.station.run(self.queue.flush, parent=self, failed=lambda _e: None)

    def reset(self) -> None:
        """Back to the code entry, forgetting the visitor's answers (and their spoken mode)."""
        self.state.reset()
        self.speech.active, self.speech.field = False, 0
        self.idle.stop()
        self.thanks_timer.stop()
        self.start_page.code_edit.clear()
        self.suggestion_page.suggestion.clear()
        self.suggestion_page.message.clear()
        self.start_page.say("")
        self._show_page()
        self.start_page.code_edit.setFocus()
