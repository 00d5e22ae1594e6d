"""Working days as the government sets them: one calendar for every due date and report.

Not working days: weekends, national holidays and *cuti bersama* (``holidays`` package,
categories ``public`` and ``government``), and the office's ``extra_holidays``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from ult_desktop.core import i18n

#: The package's categories for Indonesia that close a government office.
CATEGORIES = ("public", "government")

_LANGUAGES = {"id": "id", "en": "en_US"}


@lru_cache(maxsize=32)
def _closed(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=CATEGORIES))


def official_holidays(year: int, lang: str | None = None,
                      categories: tuple[str, ...] = CATEGORIES) -> dict[date, str]:
    """National holidays and cuti bersama of *year* with their names ("id" or "en"; by
    default the screen's language, never the library's English)."""
    return dict(holidays.country_holidays("ID", years=year, categories=categories,
                                          language=_LANGUAGES.get(lang or i18n.language())))


def cuti_bersama(year: int, lang: str | None = None) -> dict[date, str]:
    """Only the cuti bersama (SKB 3 Menteri) days of *year*."""
    return official_holidays(year, lang, ("government",))


def parse_extra_days(value: object) -> dict[date, str]:
    """The ``extra_holidays`` setting as ``{day: name}``, whatever version wrote it;
    entries that are not dates are ignored rather than breaking every due date."""
    items: Iterable[Any]
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, Iterable):
        items = value
    else:
        items = ()  # unset, or a value no version wrote
    out: dict[date, str] = {}
    for item in items:
        if isinstance(item, tuple):
            raw, name = item
        elif isinstance(item, Mapping):
            raw, name = item.get("date"), item.get("name") or ""
        else:
            raw, name = item, ""
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            continue
        out[day] = str(name or "").strip()
    return out


def extra_days_setting(days: Mapping[date, str]) -> list[dict[str, str]]:
    """``{day: name}`` as the stored setting (sorted by date)."""
    return [{"date": d.isoformat(), "name": (n or "").strip()} for d, n in sorted(days.items())]


@dataclass(frozen=True)
class OfficeCalendar:
    """The office's working days: weekends, national holidays, cuti bersama, extra days."""

    extra: Mapping[date, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Mapping) -> OfficeCalendar:
        return cls(parse_extra_days(settings.get("extra_holidays")))

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday and neither a national holiday, cuti bersama nor an extra day."""
        return day.weekday() < 5 and day not in _closed(day.year) and day not in self.extra

    def closed_reason(self, day: date, lang: str | None = None) -> str | None:
        """Why *day* is not a working day (holiday name), or None when it is one."""
        if day in self.extra:
            return self.extra[day] or "-"
        if day in _closed(day.year):
            return official_holidays(day.year, lang)[day]
        return None

    def add_working_days(self, start: date, n: int) -> date:
        """The date *n* working days after *start* (``n == 0``: *start* or the next
        working day). "1 hari kerja" from a Friday request is the next working Monday."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while not self.is_working_day(day):
            day += timedelta(days=1)
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def rescheduled(self, today: date, due: date, n: int) -> date:
        """A case put off by *n* working days (SOP 000 step 5), from its tenggat when still
        ahead, else from *today*."""
        return self.add_working_days(max(today, due), max(1, n))

    def closed_between(self, start: date, end: date, lang: str | None = None
                       ) -> list[tuple[date, str]]:
        """The holidays and cuti bersama after *start* up to *end* (weekends left out):
        why a tenggat is later than the days counted."""
        return [(day, self.closed_reason(day, lang) or "-") for day in _days_after(start, end)
                if day.weekday() < 5 and not self.is_working_day(day)]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after *start* up to and including *end* (0 if end <= start)."""
        return sum(1 for day in _days_after(start, end) if self.is_working_day(day))


def _days_after(start: date, end: date) -> Iterator[date]:
    """The days after *start* up to and including *end* (none if end <= start)."""
    return (start + timedelta(days=n) for n in range(1, (end - start).days + 1))


#: How the office names an extra day that is a cuti bersama (the Holidays page asks it).
CUTI_BERSAMA_WORDS = ("cuti bersama",)


def cuti_bersama_unknown(today: date, extra_holidays: object = ()) -> int | None:
    """Next year, when it is November or December and its cuti bersama are not known yet
    (neither in the ``holidays`` package nor an office extra day named so), else None:
    without them January's tenggat are counted wrong."""
    if today.month < 11:
        return None
    year = today.year + 1
    named = any(day.year == year and any(w in name.casefold() for w in CUTI_BERSAMA_WORDS)
                for day, name in parse_extra_days(extra_holidays).items())
    return None if named or cuti_bersama(year) else year
