"""The wait band's run (``core.band``): the call rule replayed forward, each desk by the
office's day, the ends calibrated on the office's own visitors. Pure; the run is judged
by plain arithmetic of the line here, and by real office days in tests/test_band_days.py."""

import math
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ult_desktop.core.band import (
    MARGIN,
    NOT_TODAY,
    Arrival,
    BandDay,
    Calibration,
    Desk,
    band_for,
    band_of,
    calibrate,
    call_in,
    ratios_for,
    said,
)
from ult_desktop.core.queue import (
    Candidate,
    CounterView,
    PriorityOrder,
    PriorityPolicy,
    choose_next,
)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
A, B, C = 1, 2, 3


def cand(i, service=A, minutes=-60.0, **kw):
    return Candidate(i, service, kw.pop("priority", False),
                     NOW + timedelta(minutes=minutes), **kw)


def desk(number, *services, **kw):
    return Desk(CounterView(number, frozenset(services)), **kw)


def day(line, desks, **kw):
    base = dict(now=NOW, line=line, desks=desks, policy=PriorityPolicy.FIRST_EVERYWHERE,
                closes_in=480.0, minutes={A: 5.0, C: 10.0}, usual=6.0)
    return BandDay(**{**base, **kw})


def test_a_desk_calls_the_oldest_across_its_services():
    line = [cand(1, A, -30), cand(2, C, -40), cand(3, A, -20), cand(4, C, -10)]
    both = day(line, [desk(1, A, C)])
    # C-2 (0), A-1 (10), A-3 (15), C-4 (20): each visit its service's minutes
    assert [call_in(both, i) for i in (2, 1, 3, 4)] == [0, 10, 15, 20]


def test_a_transfer_keeps_its_place_ahead_of_later_walk_ins():
    moved = cand(9, C, -90)  # sent on from A, its issue time kept
    line = [cand(1, C, -30), moved, cand(2, C, -20)]
    assert call_in(day(line, [desk(2, C)]), 1) == 10  # the transfer first


def test_a_booked_visit_joins_in_its_window_ahead_of_later_walk_ins():
    walk_ins = [cand(i, A, -50 + i) for i in range(1, 5)]
    booked = Arrival(cand(-7, A, 10), 10)  # window opens in 10 min: her place 10 min on
    plain = day(walk_ins, [desk(1, A)])
    with_visit = day(walk_ins + [cand(5, A, 30)], [desk(1, A)], arrivals=[booked])
    assert call_in(plain, 4) == 15
    assert call_in(with_visit, 5) == 25  # four walk-ins and the booked visit before her


def test_desks_pause_in_the_office_break():
    line = [cand(i, A, -60 + i) for i in range(1, 7)]
    breaking = day(line, [desk(1, A)], pauses=[(12.0, 102.0, frozenset())])
    # three called before the break (0, 5, 10), one started at 15 would be in it: 102
    assert [call_in(breaking, i) for i in (3, 4, 5)] == [10, 102, 107]
    meeting = day(line, [desk(1, A), desk(2, A)], pauses=[(0.0, 90.0, frozenset({2}))])
    assert call_in(meeting, 6) == 25  # desk 2 is away the whole time


def test_past_closing_the_run_says_not_today_never_hours():
    line = [cand(i, A, -60 + i) for i in range(1, 40)]
    late = day(line, [desk(1, A)], closes_in=60.0)
    assert math.isinf(call_in(late, 30))
    assert band_of(call_in(late, 30), (0.5, 1.5), 60.0) == NOT_TODAY
    assert said(NOT_TODAY, 0) == NOT_TODAY and said((0, 3), 0) == (0, 0)
    near = band_for(late, 10, Calibration(80))  # called at 45: the end at closing
    assert near[1] <= 60 and near[0] > 0
    assert call_in(day(line, [desk(1, C)]), 3) is None  # nobody serves A: not said


def test_the_band_is_calibrated_on_the_office_s_own_visitors():
    # 80 visitors waited 0.8 to 1.7 times what their run said (+ the slack)
    ratios = [0.8 + 0.9 * k / 79 for k in range(80)]
    samples = [(A, 18.0, 20 * r - 2, 600.0) for r in ratios]
    calibration = calibrate(samples, 80)
    # a run over 10 minutes keeps 80 % and the margin inside, the misses halved each way
    miss = (100 - 80 - MARGIN) / 200
    expected = (0.8 + 0.9 * miss, 0.8 + 0.9 * (1 - miss))
    assert ratios_for(calibration, A, 18.0, 600.0) == pytest.approx(expected, abs=0.01)
    assert ratios_for(calibrate(samples[:5], 80), A, 18.0) == (0.3, 1.6)  # too few
    low, high = band_of(28.0, ratios_for(calibration, A, 28.0, 600.0), 480.0)
    inside = sum(low <= (28 + 2) * r - 2 <= high for r in ratios)
    assert inside / 80 >= (80 + MARGIN) / 100 and high / low <= 2.5


def test_the_band_learns_from_the_visitors_whose_runs_were_alike():
    """Mornings the run said too much (visitors waited 0.6 to 0.8 of it), afternoons too
    little (1.3 to 1.5 of it): a morning's band is drawn from the mornings, an
    afternoon's from the afternoons, each from runs of its length."""
    morning = [(A, 20.0, 22 * (0.6 + 0.002 * k) - 2, 540.0 + k % 60) for k in range(100)]
    afternoon = [(A, 20.0, 22 * (1.3 + 0.002 * k) - 2, 840.0 + k % 60) for k in range(100)]
    calibration = calibrate(morning + afternoon, 80)
    low, high = ratios_for(calibration, A, 20.0, 560.0)
    assert 0.6 <= low < high <= 0.8
    low, high = ratios_for(calibration, A, 20.0, 860.0)
    assert 1.3 <= low < high <= 1.5


@pytest.mark.parametrize("waiting", [200, 2000])
def test_the_run_costs_little_on_a_long_line(waiting):
    line = [cand(i, (A, C)[i % 2], -600 + i * 0.2) for i in range(waiting)]
    desks = [desk(n, A, C) for n in range(1, 6)]
    assert call_in(day(line, desks, closes_in=10_000), waiting - 1) > 0


POLICIES = list(PriorityPolicy)
ORDERS = [PriorityOrder(), PriorityOrder("ratio", 2), PriorityOrder("after", 10)]
TICKET = st.tuples(st.sampled_from([A, B, C]), st.booleans(), st.integers(-120, 0),
                   st.sampled_from([None, None, None, 1, 2]), st.integers(-30, 0))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(tickets=st.lists(TICKET, min_size=1, max_size=30), policy=st.sampled_from(POLICIES),
       order=st.sampled_from(ORDERS), services=st.sampled_from([(A,), (A, B), (A, B, C)]),
       priority_desk=st.booleans())
def test_the_run_calls_in_the_order_call_next_would(tickets, policy, order, services,
                                                    priority_desk):
    """One desk, every visit a minute: the run's calls are ``core.queue.choose_next``'s,
    asked again before each call over the tickets left, until it finds nobody."""
    line = [Candidate(i, sid, prio, NOW + timedelta(minutes=age), target,
                      routed_at=NOW + timedelta(minutes=sent) if target else None)
            for i, (sid, prio, age, target, sent) in enumerate(tickets, 1)]
    view = CounterView(1, frozenset(services), priority_counter=priority_desk,
                       priority_desk_services=frozenset({A}), order=order)
    run = day(line, [Desk(view)], policy=policy, minutes={A: 1.0, B: 1.0, C: 1.0})
    expected, left, streak = [], list(line), 0
    while left:
        at = replace(view, now=NOW + timedelta(minutes=len(expected)), regular_run=streak)
        chosen = choose_next(left, at, policy)
        if chosen is None:
            break
        expected.append(chosen.ticket_id)
        left.remove(chosen)
        streak = 0 if chosen.priority else streak + 1
    called = {c.ticket_id: call_in(run, c.ticket_id) for c in line}
    assert sorted((t for t in called if called[t] is not None and called[t] < len(expected)),
                  key=called.get) == expected
