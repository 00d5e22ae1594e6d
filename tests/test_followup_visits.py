"""A follow-up visit with a date: a rescheduled case gets a working day and a window inside
the office's hours, a code for its slip's QR; on the day the visitor checks in with it
(the kiosk's command as a real process) and joins the line by the office's rule; visits
that do not come are counted in the month's report and the evidence pack."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from ult_desktop.core.hours import visit_fault, visit_sort_at
from ult_desktop.core.numbering import local_time
from ult_desktop.core.register import RecordInput
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db import errors
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register, visits
from ult_desktop.reports.data import collect
from ult_desktop.reports.evidence import build_evidence

WIB = timezone(timedelta(hours=7))
HOURS = {"open_time": "08:00", "close_time": "15:00"}
#: Monday 16 March 2026 (Nyepi on the 19th, Idul Fitri's cuti bersama 18-24 March)
MONDAY = date(2026, 3, 16)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def _case(db, when: datetime) -> int:
    t = issue_ticket(db, service="A", now=when)
    call_next(db, counter=1, now=when)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Bu Sari", phone="081234567001", topic="Ijazah",
        question="Legalisir"), channel="walk_in", ticket_id=t.id, now=when)
    return cases.open_case(db, record_id=rec.id, now=when).id


def test_a_visit_is_booked_only_on_a_working_day_inside_the_hours(db):
    set_settings(db, open_time="08:00", close_time="15:00")
    case = _case(db, at(MONDAY, 9))
    now = at(MONDAY, 10)
    for day, opens, closes, key in (
            (date(2026, 3, 19), "09:00", "10:00", "error.visit_closed_day"),  # Nyepi
            (date(2026, 3, 21), "09:00", "10:00", "error.visit_closed_day"),  # Saturday
            (date(2026, 3, 17), "07:00", "09:00", "error.visit_hours"),
            (date(2026, 3, 17), "14:00", "15:30", "error.visit_hours"),
            (date(2026, 3, 17), "11:00", "10:00", "error.visit_window"),
            (date(2026, 3, 13), "09:00", "10:00", "error.visit_past")):
        with pytest.raises(errors.RuleViolation) as got:
            visits.book_visit(db, case_id=case, day=day, opens=opens, closes=closes, now=now)
        assert got.value.key == key, (day, opens, closes)
    v = visits.book_visit(db, case_id=case, day=date(2026, 3, 17), opens="09:00",
                          closes="10:00", now=now)
    assert len(v.code) == visits.CODE_DIGITS and v.code.isdigit()
    assert v.ticket_number == "A-001" and v.checked_in is None
    kinds = [r[0] for r in db.query("SELECT kind FROM events ORDER BY id")]
    assert kinds[-1] == visits.CASE_VISIT_BOOKED


@settings(max_examples=200, derandomize=True, deadline=None)
@given(day=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
       start=st.integers(0, 23 * 60), length=st.integers(-60, 600))
def test_a_booked_visit_is_always_on_a_working_day_within_hours(day, start, length):
    cal = OfficeCalendar.from_settings({})
    end = max(0, min(23 * 60 + 59, start + length))
    opens, closes = f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"
    why = visit_fault(HOURS, cal.is_working_day(day), opens, closes)
    if why is None:
        assert cal.is_working_day(day) and day.weekday() < 5
        assert "08:00" <= opens < closes <= "15:00"


def test_the_rule_places_a_checked_in_visitor():
    opens, midnight = at(MONDAY, 9), at(MONDAY, 0)
    late, early = at(MONDAY, 9, 40), at(MONDAY, 8, 30)
    assert visit_sort_at("window", late, opens, midnight) == opens
    assert visit_sort_at("window", early, opens, midnight) == early  # before its window
    assert visit_sort_at("front", late, opens, midnight) == midnight
    assert visit_sort_at("walk_in", late, opens, midnight) == late


def test_on_its_day_the_visitor_goes_ahead_of_walk_ins_who_came_after_the_window_opened(db):
    case = _case(db, at(MONDAY, 9))
    finish(db, counter=1, now=at(MONDAY, 9, 5))
    day = date(2026, 3, 17)
    v = visits.book_visit(db, case_id=case, day=day, opens="09:00", closes="10:00",
                          now=at(MONDAY, 10))
    with pytest.raises(errors.RuleViolation) as early:  # not its day
        visits.check_in(db, code=v.code, now=at(MONDAY, 11))
    assert early.value.key == "error.visit_not_today"
    before = issue_ticket(db, service="A", now=at(day, 8, 50)).number
    after = [issue_ticket(db, service="A", now=at(day, 9, m)).number for m in (5, 20)]
    got = visits.check_in(db, code=f"{v.code[:4]}-{v.code[4:]}", now=at(day, 9, 30))
    with pytest.raises(errors.RuleViolation) as twice:
        visits.check_in(db, code=v.code, now=at(day, 9, 31))
    assert twice.value.key == "error.visit_checked_in"
    called = []
    for i in range(4):
        called.append(call_next(db, counter=1, now=at(day, 10, 2 * i)).number)
        finish(db, counter=1, now=at(day, 10, 2 * i + 1))
    assert called == [before, got.number, *after]
    assert db.read(lambda c: visits.read_visit(c, case)).checked_in == got.number


def test_the_office_may_put_a_visitor_behind_the_walk_ins(db):
    set_settings(db, followup_order="walk_in")
    case = _case(db, at(MONDAY, 9))
    finish(db, counter=1, now=at(MONDAY, 9, 5))
    day = date(2026, 3, 17)
    v = visits.book_visit(db, case_id=case, day=day, opens="09:00", closes="10:00",
                          now=at(MONDAY, 10))
    walk_in = issue_ticket(db, service="A", now=at(day, 9, 5)).number
    got = visits.check_in(db, code=v.code, now=at(day, 9, 30))
    assert call_next(db, counter=1, now=at(day, 10)).number == walk_in
    assert got.state.value == "waiting"


def test_visits_that_did_not_come_are_counted_in_the_report_and_the_evidence(db, tmp_path):
    first = _case(db, at(MONDAY, 9))
    finish(db, counter=1, now=at(MONDAY, 9, 5))
    second = _case(db, at(MONDAY, 9, 10))
    day = date(2026, 3, 17)
    came = visits.book_visit(db, case_id=first, day=day, opens="09:00", closes="10:00",
                             now=at(MONDAY, 10))
    visits.book_visit(db, case_id=second, day=day, opens="10:00", closes="11:00",
                      now=at(MONDAY, 10))
    visits.check_in(db, code=came.code, now=at(day, 9, 10))
    totals = collect(db, date(2026, 3, 1), date(2026, 3, 31), now=at(date(2026, 3, 31), 16)
                     ).totals()
    assert (totals["followups_booked"], totals["followups_came"],
            totals["followups_missed"]) == (2, 1, 1)
    # on the day itself the one not yet come is not counted missed
    assert collect(db, day, day, now=at(day, 10, 30)).totals()["followups_missed"] == 0
    files = build_evidence(db, 2026, tmp_path / "pack", now=at(date(2026, 4, 2), 9))
    [item] = [f for f in files if f.name == "5.5 Kunjungan lanjutan.csv"]
    with open(item, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert ["2026-03", "2", "1", "1"] in rows


def test_a_follow_up_visit_checked_in_at_the_kiosk_on_its_day(db, db_path, tmp_path):
    """The counter books with ``visit`` and prints its slip, the kiosk checks in with
    ``check-in``: real processes, the real clock (the visit is today's)."""
    case = _case(db, datetime.now(timezone.utc))
    finish(db, counter=1)
    today = date.fromisoformat(db.query("SELECT max(day) FROM tickets")[0][0])
    booked = run_cli("visit", "--db", str(db_path), "--json", "--case", str(case),
                     "--day", today.isoformat(), "--from", "08:00", "--to", "15:00",
                     "--printer", f"virtual://{tmp_path / 'paper'}")
    if not OfficeCalendar.from_settings({}).is_working_day(today):
        assert booked.returncode != 0 and "hari kerja" in booked.stderr
        pytest.skip("today is not a working day: a visit cannot be booked for it")
    assert booked.returncode == 0, booked.stderr
    code = json.loads(booked.stdout)["code"]
    assert json.loads(booked.stdout)["printed"] is True
    [sent] = (tmp_path / "paper").glob("*.escpos")
    assert f"Kode: {code[:4]} {code[4:]}".encode() in sent.read_bytes()
    assert list((tmp_path / "paper").glob("*.png"))  # the slip as it looks, with its QR
    walk_in = issue_ticket(db, service="A")
    came = run_cli("check-in", "--db", str(db_path), "--json", "--code", code)
    assert came.returncode == 0, came.stderr
    number = json.loads(came.stdout)["number"]
    assert walk_in.number != number
    # ahead of a walk-in who came after the visit's window opened (08:00); one who came
    # before it (the suite run after midnight) keeps their place ahead
    opened = local_time(walk_in.issued_at, "WIB").hour >= 8
    assert call_next(db, counter=1).number == (number if opened else walk_in.number)
    again = run_cli("check-in", "--db", str(db_path), "--code", code)
    assert again.returncode != 0 and number in again.stderr


def test_the_judge_holds_a_booked_visit_and_the_kiosks_check_in(db_path, tmp_path,
                                                                 monkeypatch):
    """The counter's booking and the kiosk's check-in (placed ahead in line) are acts the
    table holds: ``check`` (a real process) names nothing."""
    from tests.drivers import book_visit_on, judged_office
    from tests.test_acts_judged import check_json

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    office = judged_office(db_path, tmp_path)
    try:
        now = datetime.now(timezone.utc)
        case = _case(office["c1"], now)
        today = date.fromisoformat(office["c1"].query("SELECT max(day) FROM tickets")[0][0])
        book_visit_on(office["c1"], case, today.isoformat(), code="12345678")  # any day
        issue_ticket(office["kiosk"], service="A")
        got = visits.check_in(office["kiosk"], code="12345678")
        assert got.sort_at < got.issued_at
        code, report = check_json(db_path)
        assert code == 0, report["reconcile"]["differences"]
    finally:
        for one in office.values():
            one.close()


def test_the_file_keeps_no_visit_code_only_its_hash(db, db_path):
    """Whoever reads the shared file finds no visit's code (the table and the signed
    record keep its keyed hash, as of a ticket's code); the code still checks in."""
    set_settings(db, **HOURS)
    case = _case(db, at(MONDAY, 9))
    v = visits.book_visit(db, case_id=case, day=MONDAY + timedelta(days=1), opens="09:00",
                          closes="10:00", now=at(MONDAY, 10))
    assert v.code.encode() not in db_path.read_bytes()
    assert db.read(lambda conn: visits.find_visit(conn, v.code)).case_id == case
    assert db.read(lambda conn: visits.read_visit(conn, case)).code == ""
    got = visits.check_in(db, code=v.code, now=at(MONDAY + timedelta(days=1), 9, 5))
    assert db.read(lambda conn: visits.read_visit(conn, case)).checked_in == got.number


def test_a_file_with_codes_in_clear_is_migrated_to_their_hashes(db, db_path):
    """A file of the version before (its visit's code in clear) opened by this version:
    the code becomes its hash, logged (``visit_codes_hashed``), and the kiosk (a real
    process) still checks the visitor in with it."""
    import sqlite3

    from ult_desktop.db.schemas.schema import SCHEMA_VERSION, version_after
    from ult_desktop.db.schemas.schema_guard import expected_schema, schema_in_memory

    case = _case(db, datetime.now(timezone.utc))
    today = db.query("SELECT max(day) FROM tickets")[0][0]
    db.write(lambda conn: conn.execute(
        "UPDATE cases SET visit_day = ?, visit_opens = '00:00', visit_closes = '23:59' "
        "WHERE id = ?", (today, case)))
    db.close()
    with sqlite3.connect(db_path) as raw:  # as the version before kept it
        raw.execute("UPDATE cases SET visit_code = '87654321' WHERE id = ?", (case,))
        before = version_after("followup_visits")
        kept_then = expected_schema(before)
        for (index,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                    "AND name NOT LIKE 'sqlite_%'").fetchall():
            if index not in kept_then:  # came after
                raw.execute(f"DROP INDEX {index}")
        with schema_in_memory(before) as then:  # ... and the columns that came after
            for table in ("events", "cases", "tickets"):
                had = {r[1] for r in then.execute(f"PRAGMA table_info({table})")}
                for (column,) in raw.execute(f"SELECT name FROM pragma_table_info('{table}')"
                                             ).fetchall():
                    if column not in had:
                        raw.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        raw.execute(f"PRAGMA user_version = {before}")
    raw.close()
    came = run_cli("check-in", "--db", str(db_path), "--json", "--code", "8765-4321")
    assert came.returncode == 0, came.stderr
    with sqlite3.connect(db_path) as raw:
        kept = raw.execute("SELECT visit_code FROM cases WHERE id = ?", (case,)).fetchone()[0]
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        logged = raw.execute("SELECT rows FROM events WHERE kind = 'visit_codes_hashed'"
                             ).fetchone()[0]
    raw.close()
    assert version == SCHEMA_VERSION
    assert kept != "87654321" and len(kept) == 64 and json.loads(logged) == [
        ["u", "cases", [case], {"visit_code": kept}]]


def test_a_check_in_is_numbered_in_its_own_line_not_past_the_kiosks_numbers(
        db_path, tmp_path, monkeypatch):
    """A kiosk holds the morning's first numbers of each service; a follow-up visitor
    checks in by code before the next walk-in: her number is the follow-up line's first
    ("L-001", as the office's follow-up letter), never a number past those the kiosk holds
    (A-013 before the walk-in's A-002). No number is called out of its line's order;
    ``check`` names nothing."""
    from tests.drivers import book_visit_on, judged_office
    from tests.test_acts_judged import check_json
    from ult_desktop.db.journals.journal import KioskJournal

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    office = judged_office(db_path, tmp_path)
    opens = datetime.now(timezone.utc)  # the acts' own clock: the judge holds them
    today = local_time(opens, "WIB").date().isoformat()
    try:
        case = _case(office["c1"], opens)  # A-001, her first visit (booked for today)
        finish(office["c1"], counter=1, now=opens)
        book_visit_on(office["c1"], case, today, code="12345678")
        kiosk = office["kiosk"]
        journal = KioskJournal(tmp_path / "kiosk.journal", station=kiosk.station,
                               signer=kiosk.identity.signer)
        journal.write_with(kiosk, lambda conn: None, opens)  # the day's numbers held
        assert journal.left(today)["A"] > 0
        got = visits.check_in(kiosk, code="12345678")
        touch = journal.take(day=today, service="A", prefix="A", request_id="w1",
                             now=datetime.now(timezone.utc))
        journal.write_with(kiosk, lambda conn: None, datetime.now(timezone.utc))
        assert (got.number, f"A-{touch.seq:03d}") == ("L-001", "A-002")
        assert got.followup_case == case and got.service_prefix == "A"
        called = []
        for _ in range(2):
            called.append(call_next(office["c1"], counter=1).number)
            finish(office["c1"], counter=1)
        assert sorted(called) == ["A-002", "L-001"]
        code, report = check_json(db_path)
        assert code == 0, report["reconcile"]["differences"]
    finally:
        for one in office.values():
            one.close()


def test_the_admin_sets_the_follow_up_letter_and_a_check_in_takes_it(qtbot, admin_ws, db):
    """Admin > Loket: the follow-up line's letter refuses a service's letter, the priority
    letter and a non-letter, each in words; "K" is saved and the next day's check-in by
    code is K-001."""
    from tests.drivers import WAIT, open_page
    from ult_desktop.core.i18n import tr
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.ui.admin.counters import CountersPage

    page = open_page(qtbot, admin_ws, CountersPage)
    assert page.followup_prefix.text() == "L"
    for typed, key in (("A", "admin.counters.letter_taken"), ("P", "admin.counters.letter_taken"),
                       ("7", "admin.counters.bad_letter")):
        page.followup_prefix.setText(typed)
        page.save()
        assert page.status.text() == tr(key, prefix=typed)
        assert get_settings(db)["followup_prefix"] == "L"
    page.followup_prefix.setText("k")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    assert get_settings(db)["followup_prefix"] == "K"
    case = _case(db, at(MONDAY, 9))
    finish(db, counter=1, now=at(MONDAY, 9, 5))
    day = date(2026, 3, 17)
    v = visits.book_visit(db, case_id=case, day=day, opens="09:00", closes="10:00",
                          now=at(MONDAY, 10))
    issue_ticket(db, service="A", now=at(day, 9, 5))  # the day's first walk-in: A-001
    assert visits.check_in(db, code=v.code, now=at(day, 9, 30)).number == "K-001"
