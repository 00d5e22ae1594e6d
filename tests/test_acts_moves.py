"""An act is judged against the thing it moves, as the record holds it at the act's time:
a key may sign an act its PC really makes, but not about something that never happened.

Each attack is signed by a registered station's real key (kiosk, counter, survey tablet)
through its own writer, the app's checks bypassed, with the event kind the app would
write; ``check`` (a real process) names each (exit 9) and the month's report is stamped
NOT VERIFIED, while the same PCs' honest acts in the same record are not named. Real
files, real keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.drivers import book_visit_on
from tests.test_acts_judged import (
    check_json,
    forge,
    forged_ticket,
    not_verified,
    refused_acts,
    ticket_row,
)
from tests.test_followup_visits import _case
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, report_back, skip
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.events import iso

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def _today(db) -> date:
    from ult_desktop.core.numbering import office_day

    return office_day(datetime.now(timezone.utc), db.query(
        "SELECT value FROM settings WHERE key = 'timezone'")[0][0].strip('"'))


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


@pytest.fixture
def history(db_path):
    """Before any station was registered (the office's history, not judged): three
    visitors who did not come, two days ago, and a visit with its guest-book record and
    case 40 days ago (a month that is closed now)."""
    db = open_database(db_path, station="Loket 1", mode="counter")
    try:
        past = datetime.now(timezone.utc) - timedelta(days=2)
        missed = []
        for i in range(3):
            t = issue_ticket(db, service="A", now=past + timedelta(minutes=i))
            call_next(db, counter=1, now=past + timedelta(minutes=5 + i))
            skip(db, counter=1, now=past + timedelta(minutes=6 + i))
            missed.append(t.id)
        old = datetime.now(timezone.utc) - timedelta(days=40)
        case = _served_case(db, old)
        record = db.query("SELECT record_id FROM cases WHERE id = ?", (case,))[0][0]
        return {"missed": missed, "old_case": case, "old_record": record,
                "old_day": old.date().isoformat()}
    finally:
        db.close()


def _served_case(db, when: datetime) -> int:
    """A visit at counter 1 escalated to a case, the counter free again."""
    case = _case(db, when)
    finish(db, counter=1, now=when)
    return case


def _reason(report: dict, label: str) -> set[str]:
    return {reason for lab, reason in refused_acts(report) if lab == label}


def test_a_kiosk_reports_back_only_its_own_day_s_missed_visitor_once(history, office,
                                                                     db_path):
    """The kiosk's key makes its one move (skipped -> waiting) on the no-shows of two days
    ago, and on today's visitor a second time; today's first report-back stands."""
    kiosk, c1 = office["kiosk"], office["c1"]
    now = datetime.now(timezone.utc)
    back = ("UPDATE tickets SET state = 'waiting', counter_number = NULL, called_at = NULL, "
            "calls = 0, returned_at = ? WHERE id = ?")
    for tid in history["missed"]:
        forge(kiosk, back, (iso(now), tid), "reported_back", at=now, ticket_id=tid,
              data={"via": "kiosk"})
    t = issue_ticket(kiosk, service="B")
    assert call_next(c1, counter=1).number == t.number
    skip(c1, counter=1)
    report_back(kiosk, number=t.number, via="kiosk")  # honest: stands
    assert call_next(c1, counter=1).number == t.number
    skip(c1, counter=1)
    later = datetime.now(timezone.utc)
    forge(kiosk, back, (iso(later), t.id), "reported_back", at=later, ticket_id=t.id,
          data={"via": "kiosk"})
    code, report = check_json(db_path)
    assert code == 9
    for tid in history["missed"]:
        row = ticket_row(kiosk, tid)
        assert _reason(report, f"{row['number']} ({row['day']})") & {"not_today",
                                                                      "closed_month"}
    assert _reason(report, f"{t.number} ({t.day})") == {"once"}, refused_acts(report)
    not_verified(office["admin"], t.day)


def test_a_follow_up_ticket_is_born_only_for_its_day_s_visit_placed_by_the_rule(
        office, db_path):
    """The kiosk's key gives a ticket to a visit booked for another day, a second ticket
    to a visit checked in already, and places a follow-up visitor and a walk-in where it
    likes; the counter books a visit on a past day. The honest check-in stands."""
    from ult_desktop.db.visit import visits

    kiosk, c1 = office["kiosk"], office["c1"]
    now = datetime.now(timezone.utc)
    today = _today(c1)
    later = _served_case(c1, now)
    today_case = _served_case(c1, now)
    book_visit_on(c1, today_case, today.isoformat(), code="12345678")  # (any hour today)
    book_visit_on(c1, later, (today + timedelta(days=5)).isoformat(), opens="08:00",
                  closes="09:00", code="87654321")
    got = visits.check_in(kiosk, code="12345678")  # honest
    like = dict(ticket_row(kiosk, got.id))
    line = like["prefix"]  # the follow-up line ("L"): the forged tickets join it
    top = kiosk.query("SELECT (SELECT max(id) FROM tickets), max(seq) FROM tickets "
                      "WHERE prefix = ? AND day = ?", (line, like["day"]))[0]
    issued = iso(datetime.now(timezone.utc))
    forged_ticket(kiosk, like, id=top[0] + 1, seq=top[1] + 1, number=f"{line}-{top[1] + 1:03d}",
                  followup_case=later, issued_at=issued, sort_at=issued, issue_event=None,
                  request_id=None)
    forged_ticket(kiosk, like, id=top[0] + 2, seq=top[1] + 2, number=f"{line}-{top[1] + 2:03d}",
                  followup_case=today_case, issued_at=issued, sort_at=like["sort_at"],
                  issue_event=None, request_id=None)
    forged_ticket(kiosk, like, id=top[0] + 3, seq=top[1] + 3, number=f"{line}-{top[1] + 3:03d}",
                  followup_case=None, issued_at=issued, sort_at=like["sort_at"],
                  issue_event=None, request_id=None)
    yesterday = (today - timedelta(days=1)).isoformat()
    forge(c1, "UPDATE cases SET visit_day = ?, visit_opens = '08:00', visit_closes = "
              "'09:00' WHERE id = ?", (yesterday, later), "case_visit_booked", at=now,
          data={"case_id": later})
    code, report = check_json(db_path)
    assert code == 9
    day = like["day"]
    assert _reason(report, f"{line}-{top[1] + 1:03d} ({day})") == {"followup"}
    assert _reason(report, f"{line}-{top[1] + 2:03d} ({day})") == {"followup_taken"}
    assert _reason(report, f"{line}-{top[1] + 3:03d} ({day})") == {"place"}
    assert _reason(report, str(later)) == {"visit_day"}, refused_acts(report)
    assert not _reason(report, f"{got.number} ({got.day})")
    not_verified(office["admin"], day)


def test_a_closed_month_s_guest_book_and_cases_keep_what_they_said(history, office,
                                                                   db_path):
    """The counter's key renames a visitor of a closed month, adds a visit and a closed
    case to it, and books that month's case a visit in it; answering the old case today
    (the office's own road) stands."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, register

    c1 = office["c1"]
    now = datetime.now(timezone.utc)
    old_day, record, case = history["old_day"], history["old_record"], history["old_case"]
    forge(c1, "UPDATE register_records SET visitor_name = 'Orang Lain', updated_at = ? "
              "WHERE id = ?", (iso(now), record), "register_updated", at=now)
    t = issue_ticket(office["kiosk"], service="C")
    call_next(c1, counter=1)
    fresh = register.save_record(c1, record=RecordInput(visitor_name="Pak Budi",
                                                        topic="Dapodik"),
                                 channel="walk_in", ticket_id=t.id)
    forge(c1, "UPDATE register_records SET day = ? WHERE id = ?", (old_day, fresh.id),
          "register_updated", at=now)
    forge(c1, "INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day, "
              "closed_at) VALUES (?, 'back_office', 'closed', ?, ?, ?)",
          (fresh.id, old_day + "T03:00:00.000000+00:00", old_day, iso(now)),
          "case_closed", at=now)  # born closed, of the closing act: kind_move
    phoned = register.save_record(c1, record=RecordInput(visitor_name="Bu Ani", topic="Dapodik",
                                                         phone="081234567002"),
                                  channel="phone", service="C")
    forge(c1, "INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day) "
              "VALUES (?, 'back_office', 'open', ?, ?)",
          (phoned.id, old_day + "T04:00:00.000000+00:00", old_day), "case_opened", at=now)
    cases.answer_case(c1, case_id=case, answer="Sudah dijawab")  # honest: stands
    forge(c1, "UPDATE cases SET visit_day = ?, visit_opens = '08:00', visit_closes = '09:00' "
              "WHERE id = ?", (old_day, case), "case_visit_booked", at=now,
          data={"case_id": case})
    code, report = check_json(db_path)
    assert code == 9
    closed, added = (c1.query("SELECT id FROM cases WHERE record_id = ?", (r,))[0][0]
                     for r in (fresh.id, phoned.id))
    differences: dict[tuple, str] = {}
    for d in report["reconcile"]["differences"]:
        if d["problem"] == "act":
            assert differences.setdefault((d["table"], d["label"]), d["column"]) == \
                d["column"], d  # one reason each: the honest answer is not named
    assert differences.get(("register_records", str(record))) == "closed_month"
    assert differences.get(("register_records", str(fresh.id))) == "born"  # (its day)
    assert differences.get(("cases", str(closed))) == "kind_move", differences
    assert differences.get(("cases", str(added))) == "closed_month", differences
    assert differences.get(("cases", str(case))) == "visit_day", differences
    not_verified(office["admin"], old_day)


def test_a_survey_code_is_only_cleared_or_renewed_by_the_act_that_gives_one(office,
                                                                            db_path):
    """The kiosk's and the tablet's keys set a code hash on a served visitor who left
    without answering (to answer for them); renewing a waiting ticket's code stands."""
    from ult_desktop.db.survey.skm import renew_code

    kiosk, c1, tablet = office["kiosk"], office["c1"], office["tablet"]
    served = issue_ticket(kiosk, service="A")
    waiting = issue_ticket(kiosk, service="A")
    other = issue_ticket(kiosk, service="A")
    call_next(c1, counter=1)
    finish(c1, counter=1)
    assert renew_code(kiosk, ticket_id=waiting.id)  # honest
    now = datetime.now(timezone.utc)
    forge(kiosk, "UPDATE tickets SET code_hash = ? WHERE id = ?", ("ab" * 32, served.id),
          "survey_code_renewed", at=now, ticket_id=served.id)
    forge(tablet, "UPDATE tickets SET code_hash = ? WHERE id = ?", ("cd" * 32, other.id),
          "survey_recorded", at=now, ticket_id=other.id)
    code, report = check_json(db_path)
    assert code == 9
    assert _reason(report, f"{served.number} ({served.day})") == {"code"}
    assert _reason(report, f"{other.number} ({other.day})") == {"code"}
    assert not _reason(report, f"{waiting.number} ({waiting.day})")
    not_verified(office["admin"], served.day)
