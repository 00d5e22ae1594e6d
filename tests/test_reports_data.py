"""Report figures at period edges: cases across months, early phone calls, time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import (
    call_next,
    finish,
    pause_counter,
    resume_counter,
    start_serving,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register
from ult_desktop.reports.data import collect

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = [pytest.mark.engines, pytest.mark.windows]

WIB = timezone(timedelta(hours=7))


def at(day: str, hhmm: str, tz=WIB) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=tz)


def escalate(db, service: str, when: datetime):
    ticket = issue_ticket(db, service=service, now=when)
    call_next(db, counter=3, now=when + timedelta(minutes=1))
    start_serving(db, counter=3, now=when + timedelta(minutes=2))
    record = register.save_record(db, record=RecordInput(visitor_name="Ibu Sri"),
                                  channel="walk_in", ticket_id=ticket.id,
                                  now=when + timedelta(minutes=5))
    case = cases.open_case(db, record_id=record.id, now=when + timedelta(minutes=6))
    finish(db, counter=3, outcome="escalated", now=when + timedelta(minutes=6))
    return case


def test_cases_belong_to_the_period_they_were_opened_in(db):
    feb = escalate(db, "A", at("2026-02-27", "10:00"))  # Friday; due Monday 2 March
    assert feb.due_day == date(2026, 3, 2)
    # a phone request escalated on 2 March at 07:30, before the first ticket of March
    phone = register.save_record(db, record=RecordInput(visitor_name="Pak Dedi",
                                                        phone="081298765432"),
                                 channel="phone", service="B", now=at("2026-03-02", "07:30"))
    cases.open_case(db, record_id=phone.id, now=at("2026-03-02", "07:31"))
    issue_ticket(db, service="A", now=at("2026-03-02", "08:00"))
    cases.answer_case(db, case_id=feb.id, answer="Sudah dijawab", now=at("2026-03-02", "11:00"))
    now = at("2026-03-10", "09:00")
    # answered, but the visitor not told yet: not resolved
    february = collect(db, date(2026, 2, 1), date(2026, 2, 28), now=now)
    assert [(e.case_id, e.status(february.today)) for e in february.escalations] == [
        (feb.id, "overdue")]
    cases.record_callback(db, case_id=feb.id, reached=True, now=at("2026-03-02", "14:00"))

    february = collect(db, date(2026, 2, 1), date(2026, 2, 28), now=now)
    assert [(e.case_id, e.status(february.today)) for e in february.escalations] == [
        (feb.id, "on_time")]
    march = collect(db, date(2026, 3, 1), date(2026, 3, 31), now=now)
    assert [(e.channel, e.opened, e.resolved) for e in march.escalations] == [
        ("phone", date(2026, 3, 2), None)]
    # due 3 March (1 working day), not answered by 10 March
    assert march.escalation_counts()[-1]["overdue"] == 1
    assert march.per_channel() == {"walk_in": 1, "phone": 1, "online": 0}


def test_office_day_decides_the_period_not_utc(db):
    set_settings(db, timezone="WIT")  # UTC+9: 07:30 on 2 March is still 1 March in UTC
    issue_ticket(db, service="A", now=at("2026-03-02", "07:30",
                                              timezone(timedelta(hours=9))))
    feb = collect(db, date(2026, 2, 1), date(2026, 3, 1))
    march = collect(db, date(2026, 3, 2), date(2026, 3, 2))
    assert (feb.totals()["tickets"], march.totals()["tickets"]) == (0, 1)
    assert march.per_hour() == {7: 1}


def test_a_late_answer_after_a_reschedule_stays_late(db):
    case = escalate(db, "A", at("2026-03-02", "09:00"))  # due 3 March
    cases.reschedule_case(db, case_id=case.id, reason="menunggu unit utama", days=5,
                          now=at("2026-03-03", "15:00"))
    cases.answer_case(db, case_id=case.id, answer="Selesai", now=at("2026-03-06", "10:00"))
    cases.record_callback(db, case_id=case.id, reached=True, now=at("2026-03-06", "11:00"))
    data = collect(db, date(2026, 3, 1), date(2026, 3, 31), now=at("2026-03-10", "09:00"))
    row = data.escalation_counts()[-1]
    assert (row["opened"], row["late"], row["on_time"], row["rescheduled"]) == (1, 1, 0, 1)


def test_a_case_is_done_when_its_answer_reached_the_visitor(db):
    """A rescheduled case answered on time counted as
    "Selesai tepat waktu" while its call-back was still open; it is open until the
    visitor is told, and resolved on the day they were (here: after the due day)."""
    case = escalate(db, "A", at("2026-03-02", "09:00"))  # due 3 March
    cases.reschedule_case(db, case_id=case.id, reason="menunggu unit utama", days=5,
                          now=at("2026-03-02", "15:00"))
    cases.answer_case(db, case_id=case.id, answer="Sudah ada", callback_needed=True,
                      now=at("2026-03-03", "10:00"))
    march = (date(2026, 3, 1), date(2026, 3, 31))
    [e] = collect(db, *march, now=at("2026-03-03", "11:00")).escalations
    assert (e.resolved, e.status(date(2026, 3, 3))) == (None, "open")
    cases.record_callback(db, case_id=case.id, reached=False, now=at("2026-03-04", "09:00"))
    [e] = collect(db, *march, now=at("2026-03-05", "09:00")).escalations
    assert e.status(date(2026, 3, 5)) == "overdue"
    cases.record_callback(db, case_id=case.id, reached=True, now=at("2026-03-05", "10:00"))
    data = collect(db, *march, now=at("2026-03-10", "09:00"))
    [e] = data.escalations
    assert e.resolved == date(2026, 3, 5) and e.status(data.today) == "late"
    assert data.escalation_counts()[-1]["on_time"] == 0


def test_long_period_is_shown_per_month_with_ikm_per_month(db, tmp_path):
    from tests.drivers import submit_survey
    from tests.reports_month import pdf_text, row
    from ult_desktop.reports.pdf import build_pdf

    for day, answers in (("2026-01-05", [4] * 9), ("2026-01-06", None),
                         ("2026-02-03", [3] * 9), ("2026-04-07", [2] * 9)):
        ticket = issue_ticket(db, service="A", now=at(day, "09:00"))
        call_next(db, counter=1, now=at(day, "09:05"))
        finish(db, counter=1, now=at(day, "09:10"))
        if answers:
            submit_survey(db, ticket_code=ticket.code, answers=answers, now=at(day, "09:12"))
    # by default a month of one respondent is not shown on its own (minimum group)
    out = tmp_path / "tahunan.pdf"
    build_pdf(db, date(2026, 1, 1), date(2026, 4, 30), out, now=at("2026-05-04", "08:00"))
    withheld = pdf_text(out)
    survey = withheld[withheld.index("9. Survei"):]
    with pytest.raises(AssertionError):
        row(survey, "Januari 2026")  # no row of its own
    set_settings(db, skm_min_group=1)
    build_pdf(db, date(2026, 1, 1), date(2026, 4, 30), out, now=at("2026-05-04", "08:00"))
    text = pdf_text(out)
    assert "2. Pengunjung per Bulan" in text and "Pengunjung per Hari" not in text
    months = text[text.index("2. Pengunjung per Bulan"):text.index("3. Pengunjung")]
    assert [int(c) for c in row(months, "Januari 2026")[:3]] == [2, 0, 2]
    assert row(months, "Maret 2026")[0] == "0"
    assert row(months, "April 2026")[0] == "1"
    skm = text[text.index("9. Survei"):]
    assert row(skm[skm.index("Bulan"):], "Januari 2026")[:4] == ["1", "100,00", "A",
                                                                 "Sangat Baik"]
    assert row(skm[skm.index("Bulan"):], "April 2026")[:3] == ["1", "50,00", "D"]
    assert "IKM 75,00 - Mutu C (Kurang Baik), 3 responden" in text


class _Sent:
    """The transactions a Database's connection begins, on either engine: reads
    (``BEGIN`` / ``BEGIN ISOLATION LEVEL REPEATABLE READ``) and writes."""

    def __init__(self, db):
        self.db, self.reads, self.writes = db, 0, 0

    def _trace(self, sql: str) -> None:
        for part in sql.split(";"):
            head = part.strip().upper()
            if head.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")) or head == "BEGIN":
                # the file's reads begin with a plain BEGIN too: told apart by the lock
                self.writes += head != "BEGIN" or self.db.dialect == "postgresql"
                self.reads += head == "BEGIN" and self.db.dialect != "postgresql"
            elif head.startswith("BEGIN ISOLATION"):
                self.reads += 1

    def __enter__(self):
        self.db.conn.set_trace_callback(self._trace)
        return self

    def __exit__(self, *exc):
        self.db.conn.set_trace_callback(None)


def test_the_monthly_and_skm_reports_read_once_and_write_once(db, tmp_path):
    """Every figure of a report comes from one read transaction (the same
    moment of the record), and issuing it is one write with one report_issued event,
    made by db/ (the reports layer appends nothing)."""
    import json

    from ult_desktop.core import skm
    from ult_desktop.reports.pdf import build_pdf
    from ult_desktop.reports.skm_data import collect_skm
    from ult_desktop.reports.skm_pdf import build_skm_pdf

    escalate(db, "A", at("2026-03-03", "10:00"))
    with _Sent(db) as sent:
        data = collect(db, date(2026, 3, 1), date(2026, 3, 31))
    assert sent.reads == 1 and sent.writes == 0 and len(data.tickets) == 1
    period = skm.ReportPeriod(2026, 1)
    with _Sent(db) as sent:
        collect_skm(db, period)
    assert sent.reads == 1 and sent.writes == 0
    top = db.query("SELECT MAX(id) FROM events")[0][0]
    for build in (lambda: build_pdf(db, date(2026, 3, 1), date(2026, 3, 31),
                                    tmp_path / "m.pdf"),
                  lambda: build_skm_pdf(db, period, tmp_path / "skm.pdf")):
        with _Sent(db) as sent:
            build()
        assert sent.writes == 1
        rows = db.query("SELECT kind, data FROM events WHERE id > ? ORDER BY id", (top,))
        assert [r[0] for r in rows] == ["report_issued"]
        files = json.loads(rows[0][1])["files"]
        assert len(files) == 1 and len(files[0]["sha256"]) == 64
        top = db.query("SELECT MAX(id) FROM events")[0][0]


def test_calls_out_of_turn_are_counted_per_officer_and_reason(db):
    """The report's out-of-turn figures equal what the counters did."""
    sari, dewi = (db.query("SELECT id FROM officers WHERE username = ?", (u,))[0][0]
                  for u in ("sari", "dewi"))
    day = "2026-03-02"
    for i in range(4):
        issue_ticket(db, service="A", now=at(day, f"08:0{i}"))
    call_next(db, counter=1, officer_id=sari, number="A-003", reason="appointment",
                   now=at(day, "08:10"))
    finish(db, counter=1, now=at(day, "08:15"))
    call_next(db, counter=2, officer_id=dewi, number="A-004",
                   reason="other:tamu dinas", now=at(day, "08:11"))
    finish(db, counter=2, now=at(day, "08:16"))
    call_next(db, counter=1, officer_id=sari, now=at(day, "08:20"))  # in turn
    finish(db, counter=1, now=at(day, "08:25"))
    call_next(db, counter=1, officer_id=sari, number="A-002", now=at(day, "08:30"))
    data = collect(db, date(2026, 3, 1), date(2026, 3, 31))
    assert {o: dict(c) for o, c in data.out_of_turn.items()} == {
        sari: {"appointment": 1}, dewi: {"other": 1}}
    # another month's report counts none of them
    assert collect(db, date(2026, 4, 1), date(2026, 4, 30)).out_of_turn == {}


def test_minutes_at_the_desk_and_counters_open_per_hour_equal_what_was_done(db):
    """Serving, idle, idle while visitors waited and breaks per officer, and
    the counters open per hour against the wait, minute for minute."""
    from ult_desktop.db.record.events import append_event

    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    day = "2026-03-02"

    def session(kind: str, hhmm: str) -> None:
        db.write(lambda conn: append_event(conn, "counter-1", kind, at=at(day, hhmm),
                                           data={"username": "sari", "screen": "counter"}))

    session("officer_login", "08:00")
    for hhmm in ("08:00", "08:05"):
        issue_ticket(db, service="A", now=at(day, hhmm))
    call_next(db, counter=1, officer_id=sari, now=at(day, "08:10"))
    finish(db, counter=1, now=at(day, "08:20"))
    call_next(db, counter=1, officer_id=sari, now=at(day, "08:30"))
    finish(db, counter=1, now=at(day, "08:40"))
    pause_counter(db, counter=1, reason="ishoma", officer_id=sari,
                       now=at(day, "08:40"))
    issue_ticket(db, service="A", now=at(day, "08:45"))
    resume_counter(db, counter=1, officer_id=sari, now=at(day, "08:50"))
    call_next(db, counter=1, officer_id=sari, now=at(day, "08:55"))
    finish(db, counter=1, now=at(day, "09:00"))
    session("officer_logout", "09:10")
    data = collect(db, date(2026, 3, 1), date(2026, 3, 31))
    [mine] = data.officer_time
    assert (mine.officer_id, mine.present, mine.serving, mine.paused) == \
        (sari, 70, 25, {"ishoma": 10})
    # idle 08:00-08:10, 08:20-08:30, 08:50-08:55 (visitors waiting) and 09:00-09:10
    assert (mine.idle, mine.idle_while_waiting) == (35, 25)
    [eight] = [h for h in data.hours if h.hour == 8]
    # Loket 1 open 08:10-09:00 less its 10-minute break; waits 10, 25 and 10 minutes
    assert eight.open_counters == pytest.approx(40 / 60)
    assert (eight.called, eight.wait.mean) == (3, pytest.approx(15.0))


def test_a_rescheduled_helpdesk_visit_is_never_called_passed_on(db):
    """The helpdesk's "belum selesai, dijadwalkan ulang"
    (SOP 000 step 5) read "diteruskan" on the receipt, the case list and the report."""
    from ult_desktop.core.receipt import receipt_lines

    when = at("2026-03-03", "09:00")
    ticket = issue_ticket(db, service="C", now=when)
    call_next(db, counter=3, now=when + timedelta(minutes=1))
    start_serving(db, counter=3, now=when + timedelta(minutes=2))
    cases.finish_visit(db, counter=3, ticket_id=ticket.id, outcome="rescheduled",
                            record=RecordInput(visitor_name="Pak Joko",
                                               question="Akun Dapodik terkunci"),
                            now=when + timedelta(minutes=9))
    [case] = db.read(lambda conn: cases.read_open_cases(conn))
    assert case.rescheduled  # the case list: "Dijadwalkan ulang (petugas sendiri)"
    receipt = cases.receipt_for(db, ticket_id=ticket.id)
    assert receipt.rescheduled
    assert receipt_lines(receipt)[0] == "Tanda terima: permintaan Anda dijadwalkan ulang"
    [row] = [r for r in collect(db, date(2026, 3, 1), date(2026, 3, 31)).escalation_counts()
             if r["service"] is None]
    assert (row["opened"], row["rescheduled"]) == (1, 1)
