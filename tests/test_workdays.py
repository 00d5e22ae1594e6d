"""Working days as the government sets them: national holidays, cuti bersama (SKB 3
Menteri) and the office's own named days, one calendar for due dates and reports."""

from __future__ import annotations

from datetime import date

import pytest

from ult_desktop.core.workdays import (
    OfficeCalendar,
    cuti_bersama,
    extra_days_setting,
    parse_extra_days,
)

#: The calendar of an office with no days of its own.
CALENDAR = OfficeCalendar()

# Cuti bersama ASN as published in the SKB 3 Menteri (Menag, Menaker, MenPANRB) of each
# year, with the later changes (2025: 18 August added in August 2025).
SKB_CUTI_BERSAMA = {
    2025: ["2025-01-28", "2025-03-28", "2025-04-02", "2025-04-03", "2025-04-04",
           "2025-04-07", "2025-05-13", "2025-05-30", "2025-06-09", "2025-08-18",
           "2025-12-26"],
    2026: ["2026-02-16", "2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24",
           "2026-05-15", "2026-05-28", "2026-12-24"],
    2027: ["2027-02-05", "2027-03-09", "2027-03-12", "2027-03-15", "2027-03-25",
           "2027-05-18", "2027-05-19", "2027-12-24"],
}


@pytest.mark.parametrize("year", sorted(SKB_CUTI_BERSAMA))
def test_cuti_bersama_of_the_skb_are_not_working_days(year):
    expected = [date.fromisoformat(d) for d in SKB_CUTI_BERSAMA[year]]
    assert sorted(cuti_bersama(year)) == expected
    for day in expected:
        assert not CALENDAR.is_working_day(day), day


def test_a_request_before_lebaran_2025_is_due_after_the_whole_break():
    # Thu 27 Mar 2025 + 1 hari kerja: 28 Mar cuti bersama Nyepi, 29 Nyepi, 31 Mar-1 Apr
    # Idul Fitri, 2-4 and 7 Apr cuti bersama: due Tue 8 Apr.
    assert CALENDAR.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)
    assert CALENDAR.working_days_between(date(2025, 3, 27), date(2025, 4, 8)) == 1


def test_national_holidays_still_count_and_plain_days_work():
    assert not CALENDAR.is_working_day(date(2026, 8, 17))       # Hari Kemerdekaan
    assert not CALENDAR.is_working_day(date(2025, 12, 25))      # Natal
    assert CALENDAR.is_working_day(date(2025, 12, 29))          # a Monday between the holidays
    assert CALENDAR.add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)


def test_office_extra_days_have_names_and_the_old_format_is_still_read():
    old = parse_extra_days(["2026-01-02", "not a date"])
    assert old == {date(2026, 1, 2): ""}
    new = parse_extra_days([{"date": "2026-01-02", "name": "HUT Kota"}])
    assert new == {date(2026, 1, 2): "HUT Kota"}
    assert extra_days_setting(new) == [{"date": "2026-01-02", "name": "HUT Kota"}]
    cal = OfficeCalendar.from_settings({"extra_holidays": [{"date": "2026-01-02",
                                                            "name": "HUT Kota"}]})
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.closed_reason(date(2026, 1, 2)) == "HUT Kota"
    assert "Cuti Bersama" in cal.closed_reason(date(2026, 3, 20), "id")
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert OfficeCalendar(parse_extra_days([date(2026, 1, 2)])).add_working_days(
        date(2025, 12, 31), 1) == date(2026, 1, 5)
