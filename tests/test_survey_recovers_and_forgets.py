"""The survey tablet forgets a visitor who left after a failed send and loads the office
once the share is back."""

from __future__ import annotations

from tests.drivers import submit_survey
from ult_desktop.db import operations
from ult_desktop.ui.survey.app import SurveyWindow


def test_a_visitor_who_leaves_after_a_failed_send_is_forgotten(qtbot, db_path, db):
    w = SurveyWindow(db_path, station_name="survey-tab", poll_ms=50, idle_ms=300)
    qtbot.addWidget(w)
    ticket = operations.issue_ticket(db, service="A")
    operations.call_next(db, counter=1)
    operations.finish(db, counter=1)
    flow = w.flow
    flow.start_page.code_edit.setText(ticket.code)
    flow.begin()
    qtbot.waitUntil(lambda: flow.state.ticket is not None, timeout=5000)
    for score in [3] * 9:
        flow.answer(score)
    flow.suggestion_page.suggestion.setPlainText("Nomor HP saya 0812...")
    submit_survey(db, ticket_code=ticket.code, answers=[1] * 9)  # answered elsewhere
    flow.submit()
    qtbot.waitUntil(lambda: flow.suggestion_page.message.text() != "" and not flow.state.busy,
                    timeout=5000)
    # The visitor walks away: the next one must not find these answers and this text.
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.start_page, timeout=5000)
    assert flow.suggestion_page.suggestion.toPlainText() == ""
    w.close()


def test_started_while_the_share_is_gone_it_loads_the_office_when_back(qtbot, tmp_path,
                                                                        db_path):
    import shutil

    later = tmp_path / "share" / "office.db"
    w = SurveyWindow(later, station_name="survey-tab", poll_ms=50)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.station.state not in (None, "ok"), timeout=5000)
    later.parent.mkdir()
    shutil.copyfile(db_path, later)  # the share is back
    qtbot.waitUntil(lambda: w.settings is not None, timeout=5000)
    w.close()
