"""SKM responses in a real office database file: one per served ticket, anonymous event."""

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tests.drivers import submit_survey, survey_responses, survey_result, survey_result_by_service
from ult_desktop.core.skm import InvalidAnswers
from ult_desktop.db import errors
from ult_desktop.db.queue.desk import call_next, cancel, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.survey.skm import SURVEY_BATCH, survey_ticket

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB


def served(db, service="A", *, at=T0, outcome="answered"):
    ticket = issue_ticket(db, service=service, now=at)
    call_next(db, counter=3, now=at + timedelta(minutes=5))
    start_serving(db, counter=3, now=at + timedelta(minutes=6))
    finish(db, counter=3, outcome=outcome, now=at + timedelta(minutes=10))
    return ticket


def test_submit_survey_stores_answers_and_an_event_naming_neither_ticket_nor_response(db):
    ticket = served(db)
    response = submit_survey(db, ticket_code=ticket.code.lower(),
                             answers=[4, 3, 3, 4, 3, 4, 4, 3, 3], now=T0 + timedelta(minutes=12))
    assert response.service_id == ticket.service_id
    assert response.answers == (4, 3, 3, 4, 3, 4, 4, 3, 3)
    assert response.period == "2026-03" and response.source == "tablet"
    # one event spends the code and writes the answer: no spend of its own
    events = db.query("SELECT * FROM events WHERE id > (SELECT MAX(id) FROM events "
                      "WHERE kind = 'finished') ORDER BY id")
    assert [e["kind"] for e in events] == [SURVEY_BATCH]
    for e in events:
        assert e["ticket_id"] is None and e["ticket_number"] is None
        assert e["service_prefix"] is None
    assert set(json.loads(events[0]["data"])) == {"batch"}


def test_one_response_per_ticket(db):
    ticket = served(db)
    submit_survey(db, ticket_code=ticket.code, answers=[4] * 9, now=T0 + timedelta(hours=1))
    with pytest.raises(errors.RuleViolation) as info:
        submit_survey(db, ticket_code=ticket.code, answers=[1] * 9, now=T0 + timedelta(hours=1))
    assert "sudah diisi" in str(info.value) and ticket.number in str(info.value)
    with pytest.raises(errors.RuleViolation):
        survey_ticket(db, ticket_code=ticket.code, now=T0 + timedelta(hours=2))
    assert len(db.query("SELECT * FROM skm_responses")) == 1


def test_unserved_and_unknown_tickets_are_refused(db):
    waiting = issue_ticket(db, service="B", now=T0)
    with pytest.raises(errors.RuleViolation) as info:
        submit_survey(db, ticket_code=waiting.code, answers=[4] * 9, now=T0)
    assert "belum selesai" in str(info.value)
    with pytest.raises(errors.NotFound) as info:
        submit_survey(db, ticket_code="ZZZZ9999", answers=[4] * 9, now=T0)
    assert "ZZZZ9999" in str(info.value)
    cancelled = issue_ticket(db, service="B", now=T0)
    cancel(db, number=cancelled.number, now=T0)
    with pytest.raises(errors.RuleViolation):
        survey_ticket(db, ticket_code=cancelled.code)
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 0


def test_invalid_answers_store_nothing(db):
    ticket = served(db)
    with pytest.raises(InvalidAnswers):
        submit_survey(db, ticket_code=ticket.code, answers=[4] * 8, now=T0)
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 0
    assert survey_ticket(db, ticket_code=ticket.code, now=T0 + timedelta(hours=2)).id == ticket.id


def test_escalated_visit_may_be_rated(db):
    ticket = served(db, outcome="escalated")
    assert submit_survey(db, ticket_code=ticket.code, answers=[3] * 9, now=T0).period == "2026-03"


def test_ikm_per_period_and_service(db):
    a1 = served(db, "A")
    a2 = served(db, "A", at=T0 + timedelta(minutes=20))
    b1 = served(db, "B", at=T0 + timedelta(days=31))  # April
    submit_survey(db, ticket_code=a1.code, answers=[4] * 9, now=T0 + timedelta(hours=1))
    submit_survey(db, ticket_code=a2.code, answers=[3] * 9, now=T0 + timedelta(hours=1))
    submit_survey(db, ticket_code=b1.code, answers=[2] * 9, now=T0 + timedelta(days=32))
    # answers know only their month: a day inside March gives March
    march = survey_result(db, date_from="2026-03-02", date_to="2026-03-02")
    assert march.respondents == 2 and march.ikm == Decimal("87.50")
    both = survey_result(db, date_from="2026-03-01", date_to="2026-04-30")
    assert both.respondents == 3 and both.ikm == Decimal("75.00")
    assert survey_result(db, date_from="2026-05-01", date_to="2026-05-31") is None
    # groups of 2 and 1 respondents: withheld by default (minimum group 5)
    assert survey_result_by_service(db, date_from="2026-03-01", date_to="2026-04-30") == {}
    per_service = survey_result_by_service(db, date_from="2026-03-01", date_to="2026-04-30",
                                           min_group=1)
    assert per_service[a1.service_id].ikm == Decimal("87.50")
    assert per_service[b1.service_id].ikm == Decimal("50.00")
    assert len(survey_responses(db, date_from="2026-04-03", date_to="2026-04-03")) == 1
