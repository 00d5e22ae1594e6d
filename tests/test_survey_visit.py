"""The visitor's way through the SKM questionnaire, without widgets or a database
(ult_desktop/ui/survey/visit.py)."""

from __future__ import annotations

from types import SimpleNamespace

from ult_desktop.core import skm
from ult_desktop.ui.survey.visit import PROFILE, QUESTION, START, SUGGESTION, THANKS, SurveyVisit

TICKET = SimpleNamespace(number="A-001", service_name="Informasi")


def _at_questions() -> SurveyVisit:
    s = SurveyVisit(source="kiosk")
    token = s.check_code()
    assert s.ticket_found("K7QX", TICKET, token)
    for field, bands in skm.PROFILE.items():
        s.choose_profile(field, bands[0])
    assert s.profile_done()
    return s


def test_a_second_check_while_one_is_running_is_refused():
    s = SurveyVisit()
    assert s.check_code() == 0
    assert s.check_code() is None
    s.failed()
    assert s.check_code() == 0 and s.page == START


def test_a_ticket_found_after_a_reset_is_ignored():
    s = SurveyVisit()
    token = s.check_code()
    s.reset()
    assert not s.ticket_found("K7QX", TICKET, token)
    assert s.ticket is None and s.page == START and not s.busy


def test_the_questions_wait_for_every_profile_row():
    s = SurveyVisit()
    s.ticket_found("K7QX", TICKET, s.check_code())
    assert s.page == PROFILE
    s.choose_profile("gender", skm.DECLINED)
    assert not s.profile_done() and s.page == PROFILE


def test_nine_answers_lead_to_the_suggestion_and_back_walks_them_backwards():
    s = _at_questions()
    assert s.page == QUESTION
    for score in range(1, skm.ELEMENT_COUNT + 1):
        assert s.answer(score % 4 + 1)
    assert s.page == SUGGESTION and s.index == skm.ELEMENT_COUNT - 1
    s.back()
    assert s.page == QUESTION and s.index == skm.ELEMENT_COUNT - 1
    for _ in range(skm.ELEMENT_COUNT - 1):
        s.back()
    assert s.index == 0 and s.page == QUESTION
    s.back()
    assert s.page == PROFILE


def test_the_whole_response_is_sent_once():
    s = _at_questions()
    assert s.submission("") is None  # not all answered yet
    for _ in range(skm.ELEMENT_COUNT):
        s.answer(4)
    args = s.submission("  Antrean cepat  ")
    assert args == {"ticket_code": "K7QX", "answers": [4] * skm.ELEMENT_COUNT,
                    "profile": {f: b[0] for f, b in skm.PROFILE.items()},
                    "source": "kiosk", "suggestion": "Antrean cepat", "spak": None}
    assert s.submission("") is None  # already on its way
    s.sent()
    assert s.page == THANKS and not s.busy


def test_the_spak_items_follow_the_nine_when_the_office_asks_them():
    """Five anonymous items after the SKM, sent with the answer."""
    s = SurveyVisit(source="tablet")
    visit = s.check_code()
    assert s.ticket_found("K7QX", object(), visit, spak=True)
    for field, bands in skm.PROFILE.items():
        s.choose_profile(field, bands[0])
    assert s.profile_done()
    for n in range(skm.ELEMENT_COUNT + skm.SPAK_COUNT):
        assert s.page == QUESTION and s.element == (skm.ELEMENTS + skm.SPAK_ITEMS)[n]
        s.answer(3 if n < skm.ELEMENT_COUNT else 4)
    assert s.page == SUGGESTION
    args = s.submission("")
    assert args["answers"] == [3] * 9 and args["spak"] == [4] * skm.SPAK_COUNT


def test_reset_forgets_the_visitor_and_remembers_that_a_visit_ended():
    s = _at_questions()
    s.answer(3)
    s.reset()
    assert (s.ticket, s.code, s.index, s.page) == (None, "", 0, START)
    assert s.answers == [None] * skm.ELEMENT_COUNT and s.visit_done
    s.reset()
    assert not s.visit_done
    assert not SurveyVisit().answer(4)  # no visit: nothing recorded
