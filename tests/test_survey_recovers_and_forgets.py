"""The survey tablet forgets a visitor who left after a failed send and loads the office
once the share is back."""

from __future__ import annotations

from tests.drivers import WAIT, submit_survey
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.survey.app import SurveyWindow


def test_a_visitor_who_leaves_after_a_failed_send_is_forgotten(qtbot, db_path, db):
    w = SurveyWindow(db_path, station_name="survey-tab", poll_ms=50, idle_ms=300)
    qtbot.addWidget(w)
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    flow = w.flow
    flow.start_page.code_edit.setText(ticket.code)
    flow.begin()
    qtbot.waitUntil(lambda: flow.state.ticket is not None, timeout=WAIT)
    for score in [3] * 9:
        flow.answer(score)
    flow.suggestion_page.suggestion.setPlainText("Nomor HP saya 0812...")
    submit_survey(db, ticket_code=ticket.code, answers=[1] * 9)  # answered elsewhere
    flow.submit()
    qtbot.waitUntil(lambda: flow.suggestion_page.message.text() != "" and not flow.state.busy,
                    timeout=WAIT)
    # The visitor walks away: the next one must not find these answers and this text.
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.start_page, timeout=WAIT)
    assert flow.suggestion_page.suggestion.toPlainText() == ""
    w.close()


def test_started_while_the_share_is_gone_it_loads_the_office_when_back(qtbot, tmp_path,
                                                                        db_path):
    import shutil

    later = tmp_path / "share" / "office.db"
    w = SurveyWindow(later, station_name="survey-tab", poll_ms=50)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.station.state not in (None, "ok"), timeout=WAIT)
    later.parent.mkdir()
    shutil.copyfile(db_path, later)  # the share is back
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    w.close()


def test_the_public_never_reads_a_path_or_the_systems_words(qtbot, db_path):
    """The share went away while a visitor typed her code, or as her answers were sent:
    the tablet says so in one sentence for the public, without the share's path or
    "(Input/output error)" (the log keeps them)."""
    from ult_desktop.core.i18n import tr
    from ult_desktop.db.errors import ShareUnavailable

    w = SurveyWindow(db_path, station_name="survey-public", poll_ms=50)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    gone = ShareUnavailable(path=r"\\server\ult\ult.db", reason="[Errno 5] Input/output error")
    assert "server" in str(gone)  # what the officers' screens and the log say
    w.flow._ticket_bad(gone)
    assert w.flow.start_page.message.text() == tr("ui.error.public_unavailable")
    w.flow._submit_failed(gone)
    assert w.flow.suggestion_page.message.text() == tr("ui.error.public_unavailable")
    w.close()


def test_the_tablet_takes_a_code_while_the_share_is_away_and_judges_it_on_landing(
        qtbot, slow_share, tmp_path, monkeypatch):
    """The share went away: a visitor with a served ticket and one with a made-up code
    both answer; the answers wait on the tablet, and when the share is back the served
    visit's answer counts once and the made-up code's is dropped."""
    from PySide6.QtCore import Qt

    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.ui.survey.visit import UncheckedVisit

    monkeypatch.setenv("ULT_SURVEY_QUEUE_DIR", str(tmp_path / "queue"))
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="counter", mode="counter")
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    fake = ticket.code[:-1] + ("A" if ticket.code[-1] != "A" else "B")
    w = SurveyWindow(path, station_name="survey-away", poll_ms=50)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.settings is not None, timeout=WAIT)
    flow = w.flow
    slow_share.outage("EIO")
    try:
        for code in (ticket.code, fake):
            flow.start_page.code_edit.setText(code)
            qtbot.keyClick(flow.start_page.code_edit, Qt.Key_Return)
            qtbot.waitUntil(lambda: isinstance(flow.state.ticket, UncheckedVisit), timeout=WAIT)
            for field, band in {"gender": "p", "age_band": "30_39", "education": "d4_s1",
                                "occupation": "x"}.items():
                flow.choose_profile(field, band)
            flow.profile_done()
            for _ in range(9):
                flow.answer(4)
            flow.submit()
            qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.thanks_page,
                            timeout=WAIT)
            flow.reset()
        assert flow.queue.waiting() == 2
    finally:
        slow_share.restore()
    # the group is full (the office's minimum two): the batch lands and judges each code
    from datetime import datetime, timedelta, timezone

    from ult_desktop.db.house import office
    office.set_settings(db, skm_min_group=2)
    next_month = (datetime.now(timezone.utc).replace(day=28) + timedelta(days=7))
    assert flow.queue.flush(db, now=next_month) == 1
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 1
    w.close()
    db.close()
