"""The office's day as settings: the daily break, the Friday break, a planned pause,
closing; validated on write, said on the paper."""

from datetime import date, datetime, time

import pytest

from ult_desktop.core.schedule import break_near, break_text, closing, pauses_on
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


def test_a_break_that_is_on_is_said_whatever_the_hour_of_the_day():
    """Said from an hour before it begins until it ends, at every minute of the day: also
    late in the evening, when an hour ahead is tomorrow (a break on at 23.05 went unsaid).
    The oracle: minutes since midnight, compared here."""
    def said(at: datetime, settings: dict) -> bool:
        return break_near(settings, at, t=lambda _key, **_kw: "x") == "x"

    for start in range(0, 24 * 60 - 30, 7):
        settings = {"break_daily": f"{start // 60:02d}:{start % 60:02d}-"
                                   f"{(start + 30) // 60:02d}:{(start + 30) % 60:02d}",
                    "break_friday": ""}
        for minute in range(0, 24 * 60, 11):
            at = datetime(2026, 11, 26, minute // 60, minute % 60)  # a Thursday
            assert said(at, settings) == (start - 60 <= minute < start + 30), (start, minute)
