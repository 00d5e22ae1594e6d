"""The survey said aloud and answered with number keys, without reading the screen; and
its large text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.drivers import WAIT
from tests.test_survey_ui import served_ticket
from ult_desktop.core import skm
from ult_desktop.ui.common.voice.prompts import PromptSpeaker
from ult_desktop.ui.survey.app import SurveyWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ANSWERS = [4, 3, 3, 4, 3, 4, 4, 2, 3]


@pytest.fixture
def window(qtbot, db_path):
    heard: list[str] = []

    def speaker() -> PromptSpeaker:
        s = PromptSpeaker(w, player=lambda _u, done: done(), find_engine=False)
        s.spoken.connect(heard.append)
        return s

    w = SurveyWindow(db_path, station_name="survey-ear", poll_ms=50, thanks_ms=60_000)
    w.flow.speech.make_speaker = speaker
    w.heard = heard
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    yield w
    w.close()


def _said(qtbot, w, pattern: str, since: int) -> re.Match:
    found = []
    qtbot.waitUntil(lambda: any(found.append(m) or True for t in w.heard[since:]
                                if (m := re.search(pattern, t))), timeout=WAIT)
    return found[0]


def test_a_blind_visitor_answers_the_survey_by_ear_and_keypad(qtbot, window, db):
    w = window
    ticket = served_ticket(db, "A")
    qtbot.mouseClick(w.listen_button, Qt.LeftButton)  # "Dengar"
    _said(qtbot, w, r"^Survei kepuasan\. Ketik kode pada tiket Anda", 0)
    w.flow.start_page.code_edit.setFocus()
    since = len(w.heard)
    QTest.keyClicks(w.flow.start_page.code_edit, ticket.code)  # typed by the visitor
    QTest.keyClick(w.flow.start_page.code_edit, Qt.Key_Return)
    for field in skm.PROFILE:  # each profile question, one at a time: the first answer
        m = _said(qtbot, w, r"Tekan angka jawaban Anda\. 1, ([^.]+)\.", since)
        assert m[1] == skm.profile_label(field, skm.PROFILE[field][0], "id")
        since = len(w.heard)
        QTest.keyClick(w, Qt.Key_1)
    for i, score in enumerate(ANSWERS):
        m = _said(qtbot, w, rf"^Pertanyaan {i + 1} dari 9\. .* {score}, ([^.]+)\.",
                  since)
        assert m[1] == skm.ELEMENTS[i].answer_labels("id")[score - 1]
        since = len(w.heard)
        QTest.keyClick(w, getattr(Qt, f"Key_{score}"))
    _said(qtbot, w, r"^Saran, boleh dikosongkan", since)
    since = len(w.heard)
    QTest.keyClick(w, Qt.Key_Enter)
    _said(qtbot, w, r"^Terima kasih", since)
    waiting = w.flow.queue._load()["answers"]
    assert [a["answers"] for a in waiting] == [ANSWERS]


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_large_text_on_the_survey_keeps_every_control_whole(qtbot, window, db, size):
    from ult_desktop.ui.common.fit import fully_visible

    w, f = window, window.flow
    w.resize(*size)
    before = f.question_page.question.font().pixelSize()
    qtbot.mouseClick(w.large_button, Qt.LeftButton)
    assert f.large and "font-size:36px" in f.start_page.prompt.styleSheet()
    ticket = served_ticket(db, "A")
    f.start_page.code_edit.setText(ticket.code)
    f.begin()
    qtbot.waitUntil(lambda: f.stack.currentWidget() is f.profile_page, timeout=WAIT)
    for field, bands in skm.PROFILE.items():
        f.choose_profile(field, bands[0])
    qtbot.wait(50)
    hidden = [n for n, b in f.profile_page.buttons["gender"].items() if not fully_visible(b)]
    hidden += [field for field, label in f.profile_page.labels.items()  # no word cut
               if max(label.fontMetrics().horizontalAdvance(word) for word in
                      label.text().split()) > label.contentsRect().width()]
    f.profile_done()
    qtbot.wait(50)
    hidden += [str(i) for i, b in enumerate(f.question_page.answer_buttons, 1)
               if not fully_visible(b)]
    assert "font-size:31px" in f.question_page.answer_buttons[0].styleSheet()  # 24 px x 1.3
    assert "background:#000000" in f.stack.styleSheet()  # high contrast
    assert f.question_page.question.font().pixelSize() >= before
    assert hidden == []
    assert w.minimumSizeHint().width() <= size[0] and w.minimumSizeHint().height() <= size[1]
