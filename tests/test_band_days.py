"""The wait band on real office files driven through a simulated day by the real queue
code: the band printed is judged by when the visitor was really called (the desks call
every five minutes by ``call_next``, pause in the office's break, stop at closing), not
by the code that made it. The Friday break, a transfer, a booked visit and a line that
runs past closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ult_desktop.core.band import NOT_TODAY
from ult_desktop.core.i18n import tr
from ult_desktop.core.phone import band_hit, page_state
from ult_desktop.core.queue import wait_text
from ult_desktop.core.register import RecordInput
from ult_desktop.db import queries
from ult_desktop.db.house import office
from ult_desktop.db.queue import wait
from ult_desktop.db.queue.desk import (
    call_next,
    finish,
    pause_counter,
    resume_counter,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.print_results import record_print_result
from ult_desktop.db.record import audit
from ult_desktop.db.visit import cases, register, visits

VISIT = timedelta(minutes=5)
MONDAY, FRIDAY = date(2026, 3, 2), date(2026, 3, 6)
OFFICERS = {1: "sari", 2: "budi", 3: "dewi"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """*hour*:*minute* WIB of *day*, in UTC."""
    return datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _fresh_ratios():
    wait._ratios.clear()  # each test's file calibrates on its own (none: the default)
    yield
    wait._ratios.clear()


def _layout(db, **services) -> None:
    """Counters serving *services* (``c1=["A"]``), the rest serving nothing today."""
    for number in (1, 2, 3):
        office.set_counter_services(db, number=number,
                                    service_prefixes=services.get(f"c{number}", ["A"]))


class Desks:
    """The officers at *counters*: signed in at 08:00, each finishing its visit and
    calling the next every five minutes, pausing in the office's *breaks* ((from, until)
    as datetimes), never calling at or after *closes*. ``called``: ticket id -> when."""

    def __init__(self, db, counters, start: datetime, closes: datetime, breaks=()):
        self.db, self.counters, self.now = db, counters, start
        self.closes, self.breaks, self.paused = closes, breaks, set()
        self.called: dict[int, datetime] = {}
        for c in counters:
            audit.record_session(db, audit.OFFICER_LOGIN, OFFICERS[c], counter=c,
                                 now=start, screen="counter")

    def tick(self) -> None:
        for c in self.counters:
            held = self.db.query("SELECT 1 FROM tickets WHERE counter_number = ? AND "
                                 "state IN ('called', 'serving')", (c,))
            if held:
                finish(self.db, counter=c, now=self.now)
            in_break = any(s <= self.now < e for s, e in self.breaks)
            if in_break and c not in self.paused:
                pause_counter(self.db, counter=c, reason="ishoma", now=self.now)
                self.paused.add(c)
            elif not in_break and c in self.paused:
                resume_counter(self.db, counter=c, now=self.now)
                self.paused.discard(c)
            if in_break or self.now >= self.closes:
                continue
            ticket = call_next(self.db, counter=c, now=self.now)
            if ticket is not None:
                start_serving(self.db, counter=c, now=self.now)
                self.called[ticket.id] = self.now
        self.now += VISIT

    def until(self, moment: datetime) -> None:
        while self.now < moment:
            self.tick()


def _warm_up(db, desks: Desks, services, visits_each: int = 6) -> None:
    """The morning's visits (five minutes each): the office's recent service times."""
    for _ in range(visits_each):
        for s in services:
            issue_ticket(db, service=s, now=desks.now)
        desks.tick()
    desks.until(desks.now + 4 * VISIT)


def _band(db, ticket, now):
    ahead, band = db.read(lambda conn: queries.read_ticket_band(conn, ticket, now))
    record_print_result(db, ticket_id=ticket.id, ok=True, printer="test",
                        band=band, now=now)
    return ahead, band


def _waited(desks: Desks, ticket, issued: datetime) -> float | None:
    called = desks.called.get(ticket.id)
    return None if called is None else (called - issued).total_seconds() / 60


def test_a_ticket_taken_before_the_friday_break_is_told_the_desks_will_pause(db):
    """11:10 on a Friday, 5 ahead, one desk: two are called before 11:30, the desk pauses
    for Jumatan until 13:00, and she is called after it. The band knows the break."""
    office.set_settings(db, break_daily="12:00-13:00", break_friday="11:30-13:00")
    _layout(db, c1=["A"], c2=["B"], c3=["C"])
    desks = Desks(db, (1,), at(FRIDAY, 8), at(FRIDAY, 16),
                  breaks=[(at(FRIDAY, 11, 30), at(FRIDAY, 13))])
    _warm_up(db, desks, ["A"])
    desks.until(at(FRIDAY, 11, 10))
    for _ in range(5):
        issue_ticket(db, service="A", now=desks.now)
    issued = desks.now
    ticket = issue_ticket(db, service="A", now=issued)
    ahead, band = _band(db, ticket, issued)
    desks.until(at(FRIDAY, 14))
    waited = _waited(desks, ticket, issued)
    assert ahead == 5 and waited is not None and waited > 100, waited
    assert band_hit(band, waited), (band, waited)


def test_a_walk_in_behind_transfers_is_called_by_the_oldest_across_the_desk_s_services(db):
    """Counter 2 serves B and C and has called only B all morning. Three visitors of A
    are sent on to C (keeping their places); a visitor of C takes a number after four
    of B: the desk calls the transfers, the four of B and then her."""
    _layout(db, c1=["A"], c2=["B", "C"], c3=["A"])
    desks = Desks(db, (1, 2), at(MONDAY, 8), at(MONDAY, 16))
    _warm_up(db, desks, ["A", "B"], visits_each=6)
    for _ in range(3):
        issue_ticket(db, service="A", now=desks.now)
    desks.tick()  # counter 1 calls one of them
    for _ in range(3):  # ... and sends each on to C
        transfer(db, counter=1, to_service="C", now=desks.now)
        call_next(db, counter=1, now=desks.now)
    issued = desks.now
    for _ in range(4):
        issue_ticket(db, service="B", now=issued)
    ticket = issue_ticket(db, service="C", now=issued)
    ahead, band = _band(db, ticket, issued)
    desks.until(issued + timedelta(hours=2))
    waited = _waited(desks, ticket, issued)
    assert ahead == 3 and waited is not None and waited >= 30, waited
    assert band_hit(band, waited), (band, waited)


def _book(db, now: datetime, day: date, opens: str, closes: str) -> str:
    """A visitor served now whose case comes back on *day* from *opens* to *closes*."""
    ticket = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    record = register.save_record(db, record=RecordInput(
        visitor_name="Ratna", topic="Legalisir", question="Ijazah"), channel="walk_in",
        ticket_id=ticket.id, now=now)
    case = cases.open_case(db, record_id=record.id, now=now)
    finish(db, counter=1, now=now)
    return visits.book_visit(db, case_id=case.id, day=day, opens=opens, closes=closes,
                             now=now).code


def test_booked_visits_whose_window_is_open_go_before_a_later_walk_in(db):
    """Six visits of A are booked 09:30-10:30; a walk-in at 09:45 has four ahead. The
    booked visitors check in at 10:00 and, placed at their window's start, go before
    her: she is called after ten visits, and her band knew they were coming."""
    _layout(db, c1=["A"], c2=["B"], c3=["C"])
    codes = [_book(db, at(MONDAY - timedelta(days=3), 9), MONDAY, "09:30", "10:30")
             for _ in range(6)]
    desks = Desks(db, (1,), at(MONDAY, 8), at(MONDAY, 16))
    _warm_up(db, desks, ["A"])
    desks.until(at(MONDAY, 9, 45))
    for _ in range(4):
        issue_ticket(db, service="A", now=desks.now)
    issued = desks.now
    ticket = issue_ticket(db, service="A", now=issued)
    ahead, band = _band(db, ticket, issued)
    desks.until(at(MONDAY, 10))
    for code in codes:
        visits.check_in(db, code=code, now=desks.now)
    desks.until(at(MONDAY, 12))
    waited = _waited(desks, ticket, issued)
    assert ahead == 4 and waited is not None and waited >= 45, waited
    assert band_hit(band, waited), (band, waited)


def test_a_line_past_closing_is_told_in_words_and_no_band_ends_after_closing(db):
    """15:00, the desk serves until 16:00, five minutes a visit: the sixth in line is
    called before closing inside a band that ends by 16:00; the twentieth is not called
    today, and her paper and phone say so in words, never "7-17 jam"."""
    office.set_settings(db, serving_until="16:00")
    _layout(db, c1=["A"], c2=["B"], c3=["C"])
    closes = at(MONDAY, 16)
    desks = Desks(db, (1,), at(MONDAY, 8), closes)
    _warm_up(db, desks, ["A"])
    desks.until(at(MONDAY, 15))
    issued = desks.now
    line = [issue_ticket(db, service="A", now=issued) for _ in range(20)]
    (near_ahead, near), (far_ahead, far) = (_band(db, line[5], issued),
                                           _band(db, line[19], issued))
    desks.until(at(MONDAY, 17))
    waited = _waited(desks, line[5], issued)
    assert near_ahead == 5 and band_hit(near, waited) and near[1] <= 60, (near, waited)
    assert far_ahead == 19 and _waited(desks, line[19], issued) is None
    assert far == NOT_TODAY
    assert "mungkin tidak terlayani hari ini" in wait_text(far, ticket=True)
    assert wait_text(far, lambda k, **p: tr(k, "en")) == "may not be served today"
    phone = page_state(line[19], lambda k, **p: tr(k, "id", **p), ahead=19, band=far)
    assert phone["lines"][-1] == "mungkin tidak terlayani hari ini"


def test_the_phone_says_the_friday_break_and_the_paper_s_band(db, db_path):
    """The phone page of a ticket taken before the Friday break says the break and the
    same band as the paper at the same moment."""
    from ult_desktop.app.phone_page import PhonePage
    from ult_desktop.db.open import open_database

    office.set_settings(db, break_daily="12:00-13:00", break_friday="11:30-13:00")
    _layout(db, c1=["A"], c2=["B"], c3=["C"])
    desks = Desks(db, (1,), at(FRIDAY, 8), at(FRIDAY, 16))
    _warm_up(db, desks, ["A"])
    desks.until(at(FRIDAY, 11, 10))
    for _ in range(5):
        issue_ticket(db, service="A", now=desks.now)
    ticket = issue_ticket(db, service="A", now=desks.now)
    _, band = _band(db, ticket, desks.now)
    page = PhonePage(lambda: open_database(db_path, station="tv", mode="phone"),
                     now=lambda: desks.now)
    status, answer = page.answer(ticket.code, "id", "10.0.0.9")
    assert status == 200 and answer["lines"][-1] == "Istirahat 11.30–13.00"
    assert answer["lines"][-2] == wait_text(band)


def test_a_desk_away_for_ishoma_outside_the_office_s_breaks_counts_as_back_in_its_hour(db):
    """No break in the settings; the only desk pauses for ISHOMA at 12:00 and is back at
    13:00. A visitor at 12:10 with two ahead is called at 13:10, and her band knew the
    desk would come back (not "no band", not a band as if it served on)."""
    _layout(db, c1=["A"], c2=["B"], c3=["C"])
    desks = Desks(db, (1,), at(MONDAY, 8), at(MONDAY, 16),
                  breaks=[(at(MONDAY, 12), at(MONDAY, 13))])
    _warm_up(db, desks, ["A"])
    desks.until(at(MONDAY, 12, 10))
    for _ in range(2):
        issue_ticket(db, service="A", now=desks.now)
    issued = desks.now
    ticket = issue_ticket(db, service="A", now=issued)
    ahead, band = _band(db, ticket, issued)
    desks.until(at(MONDAY, 14))
    waited = _waited(desks, ticket, issued)
    assert ahead == 2 and waited == pytest.approx(60, abs=5), waited
    assert band is not None and band_hit(band, waited), (band, waited)
