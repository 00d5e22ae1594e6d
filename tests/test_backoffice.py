"""The back-office desk (SOP 003 steps 10-15) through the operations the screens use."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.drivers import case_of_record, get_record, handover_of, submit_survey
from ult_desktop.core.register import RecordInput
from ult_desktop.core.sop import DEFAULT_TARGETS, HandoverState
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.queue.desk import call_next, finish, start_serving, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas.schema import SCHEMA_VERSION
from ult_desktop.db.visit import cases, handover
from ult_desktop.ui.counter import jobs

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

# Monday 2026-03-02, 09:00 WIB
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def officer(db, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


def kinds(db) -> list[str]:
    return [r[0] for r in db.query("SELECT kind FROM events ORDER BY id")]


def visitor() -> RecordInput:
    return RecordInput(visitor_name="Siti Aminah", institution="SDN 1 Medan",
                       region_code="12.71", region_name="Kota Medan", phone="081234567890",
                       topic="Tunjangan profesi", question="Mengapa tunjangan belum cair?")


def test_schema_has_the_back_office_tables(db):
    assert db.read(port.schema_version) == SCHEMA_VERSION
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"handovers", "sop_targets"} <= tables


def test_sop_003_walk_through_from_walk_in_to_survey(db):
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    # 1-9: walk-in takes a number, FO calls, serves and records the visitor
    ticket = issue_ticket(db, service="B", now=at(0))
    called = call_next(db, counter=1, officer_id=sari, now=at(2))
    assert called.number == ticket.number
    start_serving(db, counter=1, now=at(3))
    rec = jobs.save_walk_in(db, ticket_id=ticket.id, record=visitor(), officer_id=sari)
    # 10: FO consults back office
    h = handover.consult(db, from_officer=sari, ticket_id=ticket.id,
                         question="Tunjangan belum cair sejak Januari", now=at(7))
    assert h.record_id == rec.id and h.state is HandoverState.SENT
    assert [x.id for x in db.read(lambda c: handover.read_back_office_list(c, dewi))] == [h.id]
    # 11-12: BO receives and studies it
    h = handover.take(db, handover_id=h.id, officer_id=dewi, now=at(9))
    # 13: BO coordinates with the unit utama
    h = handover.coordinate(db, handover_id=h.id, officer_id=dewi,
                            unit="Direktorat Jenderal GTK", now=at(12))
    # 14: the disposition comes back through BO to FO
    h = handover.answer(db, handover_id=h.id, officer_id=dewi,
                        disposition="Berkas lengkap; tunjangan cair bulan depan.", now=at(17))
    h = handover.hand_back(db, handover_id=h.id, officer_id=dewi, now=at(20))
    fo_view = db.read(lambda c: handover.read_front_office_list(c, sari, date(2026, 3, 2)))
    assert fo_view[0].id == h.id and fo_view[0].state is HandoverState.RETURNED
    assert fo_view[0].disposition.startswith("Berkas lengkap")
    assert db.read(lambda c: handover.read_back_office_list(c, dewi)) == []
    # 15: FO explains it to the visitor in person
    h = handover.explain(db, handover_id=h.id, officer_id=sari, mode="in_person", now=at(24))
    # 16: FO completes the record and finishes the visit; the visitor takes the survey
    done = finish(db, counter=1, outcome="answered", now=at(26))
    assert done.state.value == "done"
    assert get_record(db, record_id=rec.id).data.answer.startswith("Berkas lengkap")
    submit_survey(db, ticket_code=ticket.code, answers=[4] * 9, now=at(28))

    events = [k for k in kinds(db) if k.startswith("handover_")]
    assert events == ["handover_sent", "handover_taken", "handover_coordinating",
                      "handover_answered", "handover_returned", "handover_explained"]
    assert h.step_minutes() == {"consult": 4, "receive": 2, "study": 3, "coordinate": 5,
                                "disposition": 3, "explain": 4}
    report = handover.sop_report(db, date(2026, 3, 1), date(2026, 3, 31))
    by_key = {s.key: s for s in report.steps}
    assert by_key["study"].count == 1 and by_key["study"].within == 1
    assert by_key["coordinate"].target_min == DEFAULT_TARGETS["coordinate"] == 5
    assert report.requests == 1 and report.within_days == 1


def test_each_step_is_measured_against_the_services_own_standard_time(db):
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    service_b = db.query("SELECT id FROM services WHERE prefix = 'B'")[0][0]
    handover.set_step_targets(db, service_id=service_b, values={"study": 1})
    assert handover.step_targets(db, service_b)["study"] == 1
    ticket = issue_ticket(db, service="B", now=at(0))
    call_next(db, counter=1, officer_id=sari, now=at(1))
    start_serving(db, counter=1, now=at(1))
    h = handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="?", now=at(2))
    handover.take(db, handover_id=h.id, officer_id=dewi, now=at(3))
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Jawab", now=at(6))
    steps = {s.key: s for s in handover.sop_report(db, date(2026, 3, 2), date(2026, 3, 2)).steps}
    assert steps["study"].count == 1 and steps["study"].within == 0  # 3 min > 1 min
    assert steps["study"].target_min == 1
    assert steps["coordinate"].count == 0  # answered without the unit utama


def test_a_ticket_transferred_to_an_officer_without_a_counter_can_be_served(db):
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    ticket = issue_ticket(db, service="A", now=at(0))
    call_next(db, counter=1, officer_id=sari, now=at(1))
    start_serving(db, counter=1, now=at(2))
    transfer(db, counter=1, to_officer=dewi, now=at(4))
    # No counter calls it for someone else ...
    assert call_next(db, counter=2, officer_id=officer(db, "budi"), now=at(5)) is None
    # ... and dewi, who sits at no counter, takes it at her desk.
    waiting = db.read(lambda c: handover.read_tickets_for_officer(c, dewi, "2026-03-02"))
    assert [t.number for t in waiting] == [ticket.number]
    taken, h = handover.take_ticket(db, officer_id=dewi, now=at(6))
    assert taken.number == ticket.number and taken.state.value == "serving"
    assert taken.officer_id == dewi and taken.counter is None
    assert h.kind.value == "transfer" and h.times["sent_at"] == at(4)
    called = db.query("SELECT counter_number, data FROM events WHERE kind = 'called' "
                      "ORDER BY id DESC LIMIT 1")[0]
    assert called[0] is None and json.loads(called[1])["desk"] == "back_office"
    # BO answers and hands the visitor back: sari calls the ticket at her counter again.
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Sudah dijelaskan",
                    now=at(9))
    handover.hand_back(db, handover_id=h.id, officer_id=dewi, now=at(10))
    back = call_next(db, counter=1, officer_id=sari, now=at(11))
    assert back.number == ticket.number
    assert handover.take_ticket(db, officer_id=dewi, now=at(12)) is None


def test_an_escalated_phone_request_reaches_back_office_and_is_called_back(db):
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    rec = cases.save_remote(db, channel="phone", service="B", record=visitor(), officer_id=sari,
                           escalate_to="back_office", callback_needed=True)
    [h] = db.read(lambda c: handover.read_back_office_list(c, dewi))
    assert h.kind.value == "escalation" and h.record_id == rec.id and h.channel == "phone"
    handover.take(db, handover_id=h.id, officer_id=dewi)
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Cair bulan depan")
    case = case_of_record(db, rec.id)
    assert case.state.value == "answered" and case.answer == "Cair bulan depan"
    handover.hand_back(db, handover_id=h.id, officer_id=dewi)
    handover.explain(db, handover_id=h.id, officer_id=sari, mode="callback")
    case = cases.close_case(db, case_id=case.id, officer_id=sari)
    assert case.state.value == "closed" and case.callback_done_at is not None


def test_online_requests_are_due_in_two_working_days(db):
    sari = officer(db, "sari")
    rec = cases.save_remote(db, channel="online", service="A", record=visitor(),
                           officer_id=sari, escalate_to="back_office")
    case = case_of_record(db, rec.id)
    opened = case.opened_at.astimezone(timezone(timedelta(hours=7))).date()
    from ult_desktop.core.workdays import OfficeCalendar
    assert case.due_day == OfficeCalendar().add_working_days(opened, 2)


def test_handover_steps_go_in_order_and_belong_to_who_took_them(db):
    sari, dewi, rahmat = officer(db, "sari"), officer(db, "dewi"), officer(db, "rahmat")
    ticket = issue_ticket(db, service="A", now=at(0))
    h = handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="?",
                         to_officer=rahmat)
    with pytest.raises(errors.RuleViolation):
        handover.take(db, handover_id=h.id, officer_id=dewi)  # addressed to rahmat
    with pytest.raises(errors.RuleViolation):
        handover.hand_back(db, handover_id=h.id, officer_id=rahmat)  # not answered yet
    handover.take(db, handover_id=h.id, officer_id=rahmat)
    with pytest.raises(errors.RuleViolation):
        handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="x")
    with pytest.raises(errors.RuleViolation):
        handover.answer(db, handover_id=h.id, officer_id=rahmat, disposition=" ")
    with pytest.raises(errors.RuleViolation):
        handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="")


def test_a_visitor_answered_at_the_back_office_desk_can_finish_there(db):
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    ticket = issue_ticket(db, service="A", now=at(0))
    call_next(db, counter=1, officer_id=sari, now=at(1))
    transfer(db, counter=1, to_officer=dewi, now=at(2))
    _, h = handover.take_ticket(db, officer_id=dewi, now=at(3))
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Selesai", now=at(6))
    h = handover.finish_at_desk(db, handover_id=h.id, officer_id=dewi, now=at(7))
    assert h.state is HandoverState.EXPLAINED and h.explain_mode == "in_person"
    done = db.query("SELECT state, outcome FROM tickets WHERE id = ?", (ticket.id,))[0]
    assert tuple(done) == ("done", "answered")
    assert db.read(lambda c: handover.read_back_office_list(c, dewi)) == []
    # a consultation goes back through the front office instead
    t2 = issue_ticket(db, service="A", now=at(8))
    c = handover.consult(db, from_officer=sari, ticket_id=t2.id, question="?", now=at(9))
    handover.take(db, handover_id=c.id, officer_id=dewi, now=at(10))
    handover.answer(db, handover_id=c.id, officer_id=dewi, disposition="x", now=at(11))
    with pytest.raises(errors.RuleViolation):
        handover.finish_at_desk(db, handover_id=c.id, officer_id=dewi, now=at(12))


def test_a_case_answered_from_the_cases_view_answers_its_handover_too(db):
    """Back office may answer an escalation from the cases view instead of the desk; the
    SOP step times must still see the answer (was: the handover stayed 'sent')."""
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    rec = cases.save_remote(db, channel="phone", service="B", record=visitor(), officer_id=sari,
                           escalate_to="back_office", callback_needed=True)
    [h] = db.read(lambda c: handover.read_back_office_list(c, dewi))
    case = case_of_record(db, rec.id)
    cases.answer_case(db, case_id=case.id, answer="Cair bulan depan", officer_id=dewi)
    after = handover_of(db, h.id)
    assert after.state is HandoverState.ANSWERED and after.disposition == "Cair bulan depan"
    assert kinds(db)[-2:] == ["case_answered", "handover_answered"]
    # the front office now hands the answer on, as after a desk answer
    handover.hand_back(db, handover_id=h.id, officer_id=dewi)
    assert handover_of(db, h.id).state is HandoverState.RETURNED
