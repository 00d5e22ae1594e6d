"""Working-day arithmetic with Indonesian national holidays.

National holidays come from the maintained ``holidays`` package; an office adds its own
days (cuti bersama, local holidays) as *extra_holidays*.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _national(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year))


def national_holidays(year: int, lang: str | None = None) -> dict[date, str]:
    """Indonesian national holidays of *year* with their names (in *lang*: "id" or "en")."""
    language = {"id": "id", "en": "en_US"}.get(lang or "")
    return dict(holidays.country_holidays("ID", years=year, language=language))


def is_working_day(day: date, extra_holidays: Iterable[date] = ()) -> bool:
    """Monday–Friday and neither a national holiday nor one of *extra_holidays*."""
    return day.weekday() < 5 and day not in _national(day.year) and day not in set(extra_holidays)


def add_working_days(start: date, n: int, extra_holidays: Iterable[date] = ()) -> date:
    """The date *n* working days after *start* (``n == 0``: *start* or the next working day).

    "1 hari kerja" from a Friday request is the next Monday (if it is not a holiday).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    extra = frozenset(extra_holidays)
    day = start
    while not is_working_day(day, extra):
        day += timedelta(days=1)
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, extra):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, extra_holidays: Iterable[date] = ()) -> int:
    """Working days after *start* up to and including *end* (0 if end <= start)."""
    extra = frozenset(extra_holidays)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, extra):
            count += 1
    return count
