from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ult_desktop.core import pins
from ult_desktop.core.numbering import format_number, office_day, parse_number
from ult_desktop.core.queue import (
    Candidate,
    CounterView,
    PriorityPolicy,
    choose_next,
    position_in_line,
    wait_text,
)
from ult_desktop.core.tickets import InvalidTransition, Ticket, can_transition, check_transition
from ult_desktop.core.tickets import TicketState as S
from ult_desktop.core.workdays import OfficeCalendar, parse_extra_days

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


def cand(i, service=1, priority=False, minutes=0, **kw):
    return Candidate(ticket_id=i, service_id=service, priority=priority,
                     sort_at=T0 + timedelta(minutes=minutes), **kw)


def test_transitions_follow_the_sop():
    assert can_transition(S.WAITING, S.CALLED)
    assert can_transition(S.CALLED, S.CALLED)  # recall
    assert can_transition(S.SKIPPED, S.CALLED)  # recalled later the same day
    assert can_transition(S.SERVING, S.ESCALATED)
    assert not can_transition(S.WAITING, S.SERVING)
    assert not can_transition(S.DONE, S.CALLED)
    with pytest.raises(InvalidTransition):
        check_transition("A-001", S.CANCELLED, S.WAITING)


def test_numbers_have_three_digits_and_parse_back():
    assert format_number("A", 1) == "A-001"
    assert format_number("P", 1234) == "P-1234"
    assert parse_number("a-12") == ("A", 12)
    assert parse_number("B007") == ("B", 7)
    with pytest.raises(ValueError):
        parse_number("12")


def test_office_day_follows_the_office_zone():
    late_utc = datetime(2026, 3, 2, 16, 30, tzinfo=timezone.utc)  # 23:30 WIB, 00:30 WITA
    assert office_day(late_utc, "WIB") == date(2026, 3, 2)
    assert office_day(late_utc, "WITA") == date(2026, 3, 3)
    assert office_day(late_utc, "WIT") == date(2026, 3, 3)


def test_priority_first_then_oldest():
    counter = CounterView(number=1, service_ids=frozenset({1, 2}))
    pool = [cand(1, minutes=0), cand(2, minutes=5, priority=True), cand(3, service=3)]
    assert choose_next(pool, counter).ticket_id == 2
    assert choose_next([cand(4, minutes=9), cand(5, minutes=1)], counter).ticket_id == 5
    assert choose_next([cand(6, service=3)], counter) is None


def test_priority_counter_only_policy():
    normal = CounterView(number=1, service_ids=frozenset({1}),
                         priority_desk_services=frozenset({1}))
    prio = CounterView(number=3, service_ids=frozenset({1}), priority_counter=True)
    pool = [cand(1, minutes=3), cand(2, priority=True)]
    policy = PriorityPolicy.PRIORITY_COUNTER_ONLY
    assert choose_next(pool, normal, policy).ticket_id == 1
    assert choose_next(pool, prio, policy).ticket_id == 2
    # no priority counter serves the service now: she goes first at any desk
    nobody = CounterView(number=1, service_ids=frozenset({1}))
    assert choose_next(pool, nobody, policy).ticket_id == 2


def test_transfer_to_a_counter_goes_only_there_and_first():
    one = CounterView(number=1, service_ids=frozenset({1}))
    two = CounterView(number=2, service_ids=frozenset({1}))
    pool = [cand(1), cand(2, minutes=30, target_counter=2)]
    assert choose_next(pool, one).ticket_id == 1
    assert choose_next(pool, two).ticket_id == 2


def test_waiting_ahead_and_estimate():
    waiting = [cand(1), cand(2, minutes=1), cand(3, minutes=2, priority=True), cand(4, service=2)]
    assert position_in_line(cand(2, minutes=1), waiting) == 2  # 1 and priority 3
    assert position_in_line(cand(3, minutes=2, priority=True), waiting) == 0



def test_the_band_is_said_in_words():
    assert wait_text((5, 20)) == "sekitar 5–20 menit"
    assert wait_text((0, 5)) == "kurang dari 5 menit"
    assert wait_text(None) == wait_text((0, 0)) == ""
    assert wait_text((-1, -1)) == "mungkin tidak terlayani hari ini"
    assert wait_text((-1, -1), lambda k, **p: k, ticket=True) == "wait.ticket.not_today"


def test_working_days_skip_weekends_and_national_holidays():
    # 2026-12-23 is a Wednesday; 24 Dec cuti bersama, 25 Dec Christmas; 26-27 weekend.
    calendar = OfficeCalendar()
    assert calendar.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert not calendar.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan
    assert OfficeCalendar(parse_extra_days([date(2026, 12, 29)])).add_working_days(
        date(2026, 12, 28), 1) == \
        date(2026, 12, 30)
    assert calendar.add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 23)  # Saturday -> Monday


def test_pins_are_hashed_slowly_and_verified():
    stored = pins.hash_pin("1234")
    # a slow KDF hash, never the PIN in the clear (a random salt may contain "1234")
    assert stored.startswith("scrypt$") and "1234" not in stored.split("$")[:4]
    assert pins.verify_pin("1234", stored)
    assert not pins.verify_pin("1235", stored)
    assert not pins.verify_pin("1234", "garbage")
    with pytest.raises(ValueError):
        pins.hash_pin("12")


_ROW = st.tuples(st.integers(1, 3), st.booleans(), st.integers(0, 30), st.sampled_from(list(S)))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ROW, max_size=30),
       st.lists(st.tuples(st.integers(0, 40), _ROW), max_size=15))
def test_the_lines_kept_by_the_change_give_each_ticket_its_own_count(rows, changes):
    """Lines read at once, then moved by changes (a new ticket, or one that changed its
    state, priority, service or time): each waiting ticket's people ahead is always the
    count walked over the whole day."""
    from dataclasses import replace

    from ult_desktop.core.phone import Lines, people_ahead

    day = datetime(2025, 3, 3, 1, tzinfo=timezone.utc)

    def ticket(n, svc, priority, m, state):
        return Ticket(id=n + 1, number=f"A{n + 1:03d}", prefix="A", seq=n + 1,
                      day="2025-03-03", service_id=svc, service_prefix="A",
                      service_name="A", priority=priority, state=state, issued_at=day,
                      sort_at=day + timedelta(minutes=m), code="")

    tickets = {n + 1: ticket(n, *row) for n, row in enumerate(rows)}
    lines = Lines(tickets.values())
    for step in [None, *changes]:
        if step is not None:
            n, row = step
            before = tickets.get(n + 1)
            after = ticket(n, *row) if before is None else replace(
                before, service_id=row[0], priority=row[1], state=row[3])
            tickets[after.id] = after
            lines = lines.changed([(before, after)])
        for t in tickets.values():
            if t.state in (S.WAITING, S.TRANSFERRED):
                assert lines.ahead(t) == people_ahead(t, tickets.values())
