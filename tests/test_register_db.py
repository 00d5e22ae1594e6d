"""Service register and escalation cases on a real database file."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from tests.drivers import get_record
from ult_desktop.core.register import (
    CaseBucket,
    Channel,
    RecordInput,
    can,
    mask_id_number,
    mask_phone,
    valid_phone,
    validate,
)
from ult_desktop.db import errors
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.privacy import retention
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register

# Friday 2025-12-19, 09:00 WIB
FRIDAY = datetime(2025, 12, 19, 2, 0, tzinfo=timezone.utc)


def _events(db, kind=None):
    rows = db.query("SELECT kind, ticket_id, data FROM events ORDER BY id")
    out = [(r["kind"], r["ticket_id"], json.loads(r["data"])) for r in rows]
    return [e for e in out if kind is None or e[0] == kind]


def _visitor(**kw) -> RecordInput:
    base = dict(visitor_name="Siti Aminah", institution="SDN 1 Semarang",
                region_code="33.74", region_name="Kota Semarang", phone="0812-3456-7890",
                email="siti@example.sch.id", id_number="3374012345670001",
                topic="Tunjangan profesi", question="Kapan tunjangan cair?")
    base.update(kw)
    return RecordInput(**base)


def test_mask_and_validate_personal_data():
    assert mask_id_number("3374012345670001") == "3374********0001"
    assert mask_id_number("") == ""
    assert mask_phone("081234567890") == "0812****7890"
    assert valid_phone("+62 812 3456 7890") and valid_phone("024-7460123")
    assert not valid_phone("12345")
    problems = validate(_visitor(visitor_name=" ", email="nope", id_number="123"),
                        channel=Channel.WALK_IN)
    assert set(problems) == {"visitor_name", "email", "id_number"}
    assert "phone" in validate(_visitor(phone="", email=""), channel=Channel.PHONE)
    assert "letter_number" in validate(_visitor(on_behalf=True, on_behalf_of="Kepala SD",
                                                letter_type="surat_kuasa"),
                                       channel=Channel.WALK_IN)


def test_roles_see_what_they_may_do():
    assert can("front_office", "queue") and not can("front_office", "answer")
    assert can("back_office", "answer") and not can("back_office", "queue")
    assert can("supervisor", "queue_view") and not can("supervisor", "queue")
    assert can("helpdesk", "reschedule") and can("admin", "close")


def test_walk_in_record_is_one_per_ticket_and_logged(db):
    t = issue_ticket(db, service="A", now=FRIDAY)
    r1 = register.save_record(db, record=_visitor(), channel="walk_in", ticket_id=t.id,
                              officer_id=2, now=FRIDAY)
    r2 = register.save_record(db, record=_visitor(answer="Sudah dijawab"), channel="walk_in",
                              ticket_id=t.id, officer_id=2, now=FRIDAY)
    assert r1.id == r2.id and r2.data.answer == "Sudah dijawab"
    assert r2.ticket_number == t.number and r2.data.phone == "081234567890"
    kinds = [k for k, _, _ in _events(db) if k.startswith("register")]
    assert kinds == ["register_created", "register_updated"]
    # no personal data in the feed
    assert "3374" not in json.dumps(_events(db))


@pytest.mark.parametrize("channel", ["phone", "online"])
def test_phone_and_online_records_without_ticket(db, channel):
    rec = register.save_record(db, record=_visitor(online_ref="ULT-2025-0042"),
                               channel=channel, service="B", officer_id=2, now=FRIDAY)
    assert rec.ticket_id is None and rec.channel.value == channel
    assert rec.day == "2025-12-19" and rec.service_prefix == "B"
    assert [r.id for r in db.read(lambda c: register.read_records_of_day(c, "2025-12-19", channel=channel))] == [rec.id]
    with pytest.raises(errors.RuleViolation):
        register.save_record(db, record=_visitor(phone="", email=""), channel=channel,
                             service="B", now=FRIDAY)


def test_invalid_record_is_refused_and_nothing_written(db):
    with pytest.raises(errors.RuleViolation):
        register.save_record(db, record=_visitor(visitor_name=""), channel="phone",
                             service="A", now=FRIDAY)
    assert db.query("SELECT COUNT(*) FROM register_records")[0][0] == 0


def test_case_due_date_counts_working_days_and_office_holidays(db):
    # Service B targets 3 working days. Friday 19 Dec + 3 working days, skipping the
    # weekend, Christmas (25th, national) and the office's own cuti bersama (24th, 26th).
    set_settings(db, extra_holidays=["2025-12-24", "2025-12-26"])
    rec = register.save_record(db, record=_visitor(), channel="phone", service="B",
                               now=FRIDAY)
    case = cases.open_case(db, record_id=rec.id, callback_needed=True, officer_id=2,
                           now=FRIDAY)
    assert case.due_day == date(2025, 12, 29)  # 22, 23, then 29
    again = cases.open_case(db, record_id=rec.id, now=FRIDAY)
    assert again.id == case.id
    assert [k for k, *_ in _events(db, "case_opened")] == ["case_opened"]


def test_case_lifecycle_answer_callback_close_each_an_event(db):
    rec = register.save_record(db, record=_visitor(), channel="phone", service="A",
                               now=FRIDAY)
    case = cases.open_case(db, record_id=rec.id, callback_needed=True, now=FRIDAY)
    assert case.bucket(date(2025, 12, 19)) is CaseBucket.OPEN
    assert case.bucket(date(2025, 12, 23)) is CaseBucket.OVERDUE
    with pytest.raises(errors.RuleViolation):
        cases.close_case(db, case_id=case.id, now=FRIDAY)  # no answer yet
    case = cases.reschedule_case(db, case_id=case.id, reason="Menunggu unit utama", days=2,
                                 now=FRIDAY)
    # put off from its tenggat (Mon 22), not from today: a later date, always
    assert case.reschedule_count == 1 and case.due_day == date(2025, 12, 24)
    case = cases.answer_case(db, case_id=case.id, answer="Cair bulan depan", officer_id=4,
                             now=FRIDAY)
    assert case.bucket(date(2025, 12, 19)) is CaseBucket.CALLBACK
    assert get_record(db, record_id=rec.id).data.answer == "Cair bulan depan"
    with pytest.raises(errors.RuleViolation):
        cases.close_case(db, case_id=case.id, now=FRIDAY)  # call-back still owed
    case = cases.record_callback(db, case_id=case.id, reached=False, note="tidak diangkat",
                                 now=FRIDAY)
    assert case.callback_attempts == 1 and case.callback_done_at is None
    case = cases.record_callback(db, case_id=case.id, reached=True, now=FRIDAY)
    case = cases.close_case(db, case_id=case.id, officer_id=4, now=FRIDAY)
    assert case.state.value == "closed"
    assert db.read(lambda c: cases.read_open_cases(c)) == []
    kinds = [k for k, *_ in _events(db) if k.startswith("case")]
    assert kinds == ["case_opened", "case_rescheduled", "case_answered", "case_callback",
                     "case_callback", "case_closed"]
    with pytest.raises(errors.RuleViolation):
        cases.answer_case(db, case_id=case.id, answer="lagi", now=FRIDAY)


def test_unit_utama_needs_a_unit_name(db):
    rec = register.save_record(db, record=_visitor(), channel="online", service="C",
                               now=FRIDAY)
    with pytest.raises(errors.RuleViolation):
        cases.open_case(db, record_id=rec.id, escalated_to="unit_utama", now=FRIDAY)
    case = cases.open_case(db, record_id=rec.id, escalated_to="unit_utama",
                           unit="Ditjen GTK", now=FRIDAY)
    assert case.unit == "Ditjen GTK" and case.escalated_to.value == "unit_utama"


def test_purge_personal_data_keeps_what_reports_count(db):
    old = register.save_record(db, record=_visitor(), channel="phone", service="A",
                               now=FRIDAY)
    new = register.save_record(db, record=_visitor(), channel="phone", service="A",
                               now=datetime(2025, 12, 22, 2, 0, tzinfo=timezone.utc))
    assert retention.purge_personal_data(db, before_day="2025-12-22")["register_records"] == 1
    gone = get_record(db, record_id=old.id).data
    assert gone.visitor_name == "" and gone.phone == "" and gone.id_number == ""
    assert gone.region_code == "33.74" and gone.topic == "Tunjangan profesi"
    assert get_record(db, record_id=new.id).data.phone == "081234567890"
    assert retention.purge_personal_data(db, before_day="2025-12-22")["register_records"] == 0
