"""The office's day as settings: the daily break, the Friday break, a planned pause,
closing; validated on write, said on the paper."""

from datetime import date, time

import pytest

from ult_desktop.core.schedule import break_text, closing, pauses_on
from ult_desktop.core.settings import defaults, validate
from ult_desktop.db import errors
from ult_desktop.db.house import office

THURSDAY, FRIDAY = date(2026, 3, 5), date(2026, 3, 6)


def _office(**kw) -> dict:
    return {**defaults(), "break_daily": "12:00-13:00", "break_friday": "11:30-13:00", **kw}


def test_friday_has_its_own_break_and_the_paper_says_it():
    s = _office()
    assert [(p.start, p.end, p.reason) for p in pauses_on(s, FRIDAY)] == [
        (time(11, 30), time(13), "jumatan")]
    assert [(p.start, p.end) for p in pauses_on(s, THURSDAY)] == [(time(12), time(13))]
    assert break_text(s, FRIDAY) == "Istirahat 11.30–13.00"
    assert break_text(_office(break_friday=""), FRIDAY) == "Istirahat 12.00–13.00"
    assert break_text(defaults(), FRIDAY) == ""


def test_a_planned_pause_holds_its_desks_on_its_day_only():
    s = _office(planned_pause={"day": THURSDAY.isoformat(), "span": "10:00-11:30",
                               "counters": [2], "reason": "rapat"})
    meeting = pauses_on(s, THURSDAY)[-1]
    assert (meeting.start, meeting.end, meeting.holds(2), meeting.holds(1)) == (
        time(10), time(11, 30), True, False)
    assert len(pauses_on(s, FRIDAY)) == 1


def test_closing_is_never_before_the_last_ticket():
    assert closing(defaults()) == time(16)
    assert closing({"serving_until": "14:00", "close_time": "15:00"}) == time(15)


@pytest.mark.parametrize("bad", [{"break_daily": "13:00-12:00"}, {"break_friday": "11.30"},
                                 {"serving_until": "25:00"},
                                 {"planned_pause": {"day": "x", "span": "10:00-11:00"}},
                                 {"planned_pause": {"day": "2026-03-05", "span": ""}}])
def test_a_wrong_schedule_is_refused(bad, db):
    assert validate(bad)
    with pytest.raises(errors.UltError):
        office.set_settings(db, **bad)


def test_the_schedule_is_kept_in_the_file(db):
    office.set_settings(db, break_friday="11:30-13:00", serving_until="16:30")
    kept = office.get_settings(db)
    assert (kept["break_friday"], kept["serving_until"]) == ("11:30-13:00", "16:30")
