"""The survey (SKM) screen: ticket code, profile, nine answers, one anonymous response per
ticket."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, submit_survey, survey_responses
from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.ui.survey.app import SurveyWindow, open_demo_window
from ult_desktop.ui.survey.codes import extract_code

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

ANSWERS = [4, 3, 3, 4, 3, 4, 4, 2, 3]
PROFILE = {"gender": "p", "age_band": "30_39", "education": "d4_s1", "occupation": "x"}


@pytest.mark.parametrize("text,template,code", [
    ("K7M2QX9A", "{code}", "K7M2QX9A"),
    (" k7m2-qx9a ", "{code}", "K7M2QX9A"),
    ("https://ult.example.go.id/skm?t=k7m2qx9a", "https://ult.example.go.id/skm?t={code}",
     "K7M2QX9A"),
    ("https://other.example/x?ticket=K7M2QX9A", "https://ult.example.go.id/skm?t={code}",
     "K7M2QX9A"),
    ("", "{code}", ""),
    ("!!", "{code}", ""),
])
def test_extract_code(text, template, code):
    assert extract_code(text, template) == code


def served_ticket(db, service="A"):
    ticket = issue_ticket(db, service=service)
    counter = {"A": 1, "B": 1, "C": 2}[service]
    call_next(db, counter=counter)
    finish(db, counter=counter)
    return ticket


@pytest.fixture
def window(qtbot, db_target):
    w = SurveyWindow(db_target, station_name="survey-tab", poll_ms=50, thanks_ms=100)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    yield w
    w.close()


def start(qtbot, w, code):
    w.flow.start_page.code_edit.setText(code)
    qtbot.keyClick(w.flow.start_page.code_edit, Qt.Key_Return)


def test_a_visitor_answers_nine_questions_and_is_thanked(qtbot, window, db):
    ticket = served_ticket(db, "B")
    flow = window.flow
    for ch in ticket.code:  # typed on the on-screen keypad
        qtbot.mouseClick(flow.start_page.key_buttons[ch], Qt.LeftButton)
    assert flow.start_page.code_edit.text() == ticket.code
    qtbot.mouseClick(flow.start_page.go, Qt.LeftButton)
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.profile_page, timeout=WAIT)
    qtbot.mouseClick(flow.profile_page.next, Qt.LeftButton)  # nothing chosen yet: explained
    assert flow.profile_page.message.text() == tr("survey.profile.missing")
    assert flow.stack.currentWidget() is flow.profile_page
    for field, band in PROFILE.items():
        qtbot.mouseClick(flow.profile_page.buttons[field][band], Qt.LeftButton)
    qtbot.mouseClick(flow.profile_page.next, Qt.LeftButton)
    assert flow.stack.currentWidget() is flow.question_page
    assert flow.question_page.ticket_label.text() == tr("survey.ticket", number="B-001",
                                          service="Tunjangan Profesi & PAK")
    for i, score in enumerate(ANSWERS):
        element = skm.ELEMENTS[i]
        assert flow.question_page.element_name.text() == element.name()
        assert flow.question_page.progress.text() == tr("survey.progress", n=i + 1, total=9)
        labels = [b.text().split("\n", 1)[1].replace("\n", " ")
                  for b in flow.question_page.answer_buttons]
        assert labels == list(element.answer_labels())
        qtbot.mouseClick(flow.question_page.answer_buttons[score - 1], Qt.LeftButton)
    assert flow.stack.currentWidget() is flow.suggestion_page
    keyboard = flow.suggestion_page.keyboard  # typed on the page's own keyboard (N9)
    for ch in ["⇧", *"petugas", " ", *"ramahh", "⌫", "."]:
        qtbot.mouseClick(keyboard.keys[ch], Qt.LeftButton)
    assert flow.suggestion_page.suggestion.toPlainText() == "Petugas ramah."
    assert not keyboard.shift and keyboard.keys["p"].text() == "p"  # one capital only
    with qtbot.waitSignal(flow.submitted, timeout=WAIT) as sent:
        qtbot.mouseClick(flow.suggestion_page.send, Qt.LeftButton)
    assert sent.args[0].waiting == 1 and sent.args[0].written == 0  # waits for its batch
    assert flow.stack.currentWidget() is flow.thanks_page
    # nothing reached the file yet, not even the spend of the code
    assert not db.query("SELECT 1 FROM events WHERE station = 'survey-tab'")
    next_month = (datetime.now(timezone.utc).replace(day=1) + timedelta(days=32)).replace(day=2)
    from ult_desktop.db.house.office import set_settings

    set_settings(db, skm_min_group=1)  # a group of one: written (it never is alone)
    assert flow.queue.flush(db, now=next_month) == 1  # its month over
    [response] = survey_responses(db, date_from=ticket.day, date_to=ticket.day)
    assert response.answers == tuple(ANSWERS) and response.source == "tablet"
    assert response.profile == PROFILE
    assert response.suggestion == "Petugas ramah."
    # back to the start for the next visitor, answers forgotten
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.start_page, timeout=WAIT)
    assert flow.start_page.code_edit.text() == "" and flow.state.answers == [None] * 9


def test_one_response_per_ticket(qtbot, window, db):
    ticket = served_ticket(db)
    submit_survey(db, ticket_code=ticket.code, answers=ANSWERS)
    start(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: window.flow.start_page.message.text() ==
                    tr("skm.error.already_answered", number=ticket.number), timeout=WAIT)
    assert window.flow.stack.currentWidget() is window.flow.start_page


def test_a_ticket_not_yet_served_or_unknown_is_refused(qtbot, window, db):
    waiting = issue_ticket(db, service="A")
    start(qtbot, window, waiting.code)
    qtbot.waitUntil(lambda: window.flow.start_page.message.text() ==
                    tr("skm.error.not_served", number=waiting.number), timeout=WAIT)
    start(qtbot, window, "ZZZZ9999")
    qtbot.waitUntil(lambda: window.flow.start_page.message.text() ==
                    tr("skm.error.ticket_not_found", code="ZZZZ9999"), timeout=WAIT)
    start(qtbot, window, "")
    assert window.flow.start_page.message.text() == tr("survey.start.empty")


def test_a_scanned_qr_url_starts_the_survey(qtbot, window, db):
    office.set_settings(db, qr_content="https://ult.example.go.id/skm?t={code}")
    qtbot.waitUntil(lambda: window.flow.qr_template().startswith("https://"), timeout=WAIT)
    ticket = served_ticket(db)
    start(qtbot, window, f"https://ult.example.go.id/skm?t={ticket.code}")
    qtbot.waitUntil(lambda: window.flow.state.ticket is not None, timeout=WAIT)
    assert window.flow.state.ticket.id == ticket.id


def test_back_keeps_answers_and_cancel_stores_nothing(qtbot, window, db):
    ticket = served_ticket(db)
    flow = window.flow
    start(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: flow.state.ticket is not None, timeout=WAIT)
    flow.answer(4)
    flow.answer(2)
    qtbot.mouseClick(flow.question_page.back, Qt.LeftButton)
    assert flow.state.index == 1 and flow.state.answers[:2] == [4, 2]
    # the chosen answer shows
    assert "6px solid" in flow.question_page.answer_buttons[1].styleSheet()
    qtbot.mouseClick(flow.question_page.cancel, Qt.LeftButton)
    assert flow.stack.currentWidget() is flow.start_page and flow.state.ticket is None
    assert survey_responses(db, date_from="2000-01-01", date_to="2100-01-01") == []


def test_an_idle_visitor_is_forgotten(qtbot, db_target, db):
    """The idle time starts at the code's last key: long enough here for the code's lookup
    to answer first on a busy machine (at 200 ms the server's answer once came after it)."""
    w = SurveyWindow(db_target, station_name="survey-tab", poll_ms=50, idle_ms=2000)
    qtbot.addWidget(w)
    ticket = served_ticket(db)
    start(qtbot, w, ticket.code)
    qtbot.waitUntil(lambda: w.flow.state.ticket is not None, timeout=WAIT)
    w.flow.answer(3)
    qtbot.waitUntil(lambda: w.flow.stack.currentWidget() is w.flow.start_page, timeout=WAIT)
    assert w.flow.state.answers == [None] * 9
    assert survey_responses(db, date_from="2000-01-01", date_to="2100-01-01") == []
    w.close()


def test_answered_elsewhere_meanwhile_is_explained(qtbot, window, db):
    ticket = served_ticket(db)
    flow = window.flow
    start(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: flow.state.ticket is not None, timeout=WAIT)
    for score in ANSWERS:
        flow.answer(score)
    submit_survey(db, ticket_code=ticket.code, answers=[1] * 9)  # the kiosk, faster
    flow.submit()
    qtbot.waitUntil(lambda: flow.suggestion_page.message.text() ==
                    tr("skm.error.already_answered", number=ticket.number), timeout=WAIT)
    assert flow.stack.currentWidget() is flow.suggestion_page
    [response] = survey_responses(db, date_from=ticket.day, date_to=ticket.day)
    assert response.answers == (1,) * 9


def test_english_on_request(qtbot, window, db):
    ticket = served_ticket(db)
    qtbot.mouseClick(window.lang_button, Qt.LeftButton)
    assert window.flow.start_page.prompt.text() == tr("survey.start.prompt", "en")
    start(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: window.flow.state.ticket is not None, timeout=WAIT)
    assert window.flow.question_page.question.text() == skm.ELEMENTS[0].question("en")
    assert window.lang_button.text() == tr("ui.language.toggle", "en")


def test_admin_closing_the_survey_reaches_the_tablet(qtbot, window, db):
    assert window.stack.currentWidget() is window.flow
    office.set_settings(db, survey_enabled=False, office_name="ULT BPMP Bali")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.closed, timeout=WAIT)
    assert window.office.text() == "ULT BPMP Bali"
    assert window.closed.text() == tr("survey.disabled")


def test_demo_window(qtbot, db_path, tmp_path):
    w = open_demo_window(db_path, demo_dir=tmp_path)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    assert w.office.text() == "BPMP Provinsi Jawa Tengah"
    w.close()


def test_a_ticket_check_that_returns_after_a_reset_is_ignored(qtbot, window, db):
    ticket = served_ticket(db)
    flow = window.flow
    flow.start_page.code_edit.setText(ticket.code)
    flow.begin()
    flow.reset()  # e.g. Batal or the idle timer, before the answer came back
    qtbot.waitUntil(lambda: not flow.state.busy, timeout=WAIT)
    assert flow.stack.currentWidget() is flow.start_page and flow.state.ticket is None
    assert flow.start_page.go.isEnabled()


def test_a_tablet_the_admin_has_not_approved_says_so_and_starts_no_survey(
        qtbot, db_target, tmp_path):
    """In an office that registers its keys, a tablet whose key is not
    approved as a kiosk or survey tablet says so on its start page, and a code typed on
    it is refused before the visitor answers anything."""
    from tests.drivers import admin_pc
    from ult_desktop.app import station_key
    from ult_desktop.db.errors import RuleViolation
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    admin, _ = admin_pc(db_target, tmp_path / "key-admin")
    ticket = served_ticket(admin)
    key = station_key.create_key(tmp_path / "key-tablet")[0]
    try:
        w = SurveyWindow(db_target, station_name="Tablet SKM 2", poll_ms=50, signer=key)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.closed, timeout=WAIT)
        assert w.closed.text() == tr("survey.not_approved")
        w.close()
        tablet = open_database(db_target, station="Tablet SKM 2", mode="survey", signer=key)
        with pytest.raises(RuleViolation):
            skm_db.survey_ticket(tablet, ticket_code=ticket.code)
        # the admin approves it as a survey tablet: the next start shows the survey
        station_keys.request_registration(tablet, label="Tablet SKM 2")
        station_keys.approve_key(admin, key.key_id, role="survey")
        w = SurveyWindow(db_target, station_name="Tablet SKM 2", poll_ms=50, signer=key)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
        assert w.stack.currentWidget() is w.flow
        assert skm_db.survey_ticket(tablet, ticket_code=ticket.code).id == ticket.id
        w.close()
        tablet.close()
    finally:
        admin.close()


def test_the_spak_items_follow_the_nine_when_the_office_turns_them_on(qtbot, window, db):
    """Five anonymous anti-corruption items after the nine unsur, sent
    with the answer (same batch, same rules), and the year's IPAK once the period is over
    and the group is big enough."""
    from ult_desktop.reports.skm_data import collect_skm

    office.set_settings(db, spak_enabled=True)
    ticket = served_ticket(db, "B")
    flow = window.flow
    start(qtbot, window, ticket.code)
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.profile_page, timeout=WAIT)
    for field, band in PROFILE.items():
        qtbot.mouseClick(flow.profile_page.buttons[field][band], Qt.LeftButton)
    qtbot.mouseClick(flow.profile_page.next, Qt.LeftButton)
    for score in ANSWERS:
        qtbot.mouseClick(flow.question_page.answer_buttons[score - 1], Qt.LeftButton)
    # the SPAK items come next, numbered on from the nine
    assert flow.stack.currentWidget() is flow.question_page
    assert flow.question_page.progress.text() == tr("survey.progress", n=10, total=14)
    assert flow.question_page.element_name.text() == skm.SPAK_ITEMS[0].name()
    for _ in range(skm.SPAK_COUNT):
        qtbot.mouseClick(flow.question_page.answer_buttons[3], Qt.LeftButton)
    assert flow.stack.currentWidget() is flow.suggestion_page
    with qtbot.waitSignal(flow.submitted, timeout=WAIT):
        qtbot.mouseClick(flow.suggestion_page.send, Qt.LeftButton)
    next_month = (datetime.now(timezone.utc).replace(day=1) + timedelta(days=32)).replace(day=2)
    from ult_desktop.db.house.office import set_settings

    set_settings(db, skm_min_group=1)  # a group of one: written (it never is alone)
    assert flow.queue.flush(db, now=next_month) == 1
    set_settings(db, skm_min_group=5)  # the report's minimum group again
    [response] = survey_responses(db, date_from=ticket.day, date_to=ticket.day)
    assert response.answers == tuple(ANSWERS) and response.spak == (4,) * skm.SPAK_COUNT
    year = int(ticket.day[:4])
    data = collect_skm(db, skm.ReportPeriod(year), now=datetime(year + 1, 1, 5, tzinfo=timezone.utc))
    assert data.ipak[0] == 1 and data.ipak[1] is None  # one respondent: under the minimum
    office.set_settings(db, skm_min_group=1)
    data = collect_skm(db, skm.ReportPeriod(year), now=datetime(year + 1, 1, 5, tzinfo=timezone.utc))
    assert data.ipak == (1, skm.round2(4), skm.round2(100))
