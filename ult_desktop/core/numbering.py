"""Queue numbers (``A-001``) and the office day in the office's time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

#: Indonesia's three zones have no daylight saving, so fixed offsets are exact.
OFFICE_ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7), "WIB"),
    "WITA": timezone(timedelta(hours=8), "WITA"),
    "WIT": timezone(timedelta(hours=9), "WIT"),
}


def zone(name: str) -> timezone:
    try:
        return OFFICE_ZONES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown office time zone {name!r}; use WIB, WITA or WIT") from None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_time(now_utc: datetime, tz: str) -> datetime:
    """*now_utc* (aware) as wall-clock time in the office zone *tz*."""
    return now_utc.astimezone(zone(tz))


def office_day(now_utc: datetime, tz: str) -> date:
    """The office's calendar day at *now_utc*: numbering restarts when it changes."""
    return local_time(now_utc, tz).date()


def format_number(prefix: str, seq: int) -> str:
    """``format_number("A", 7) == "A-007"``; numbers past 999 keep all digits."""
    if seq < 1:
        raise ValueError("queue numbers start at 1")
    return f"{prefix}-{seq:03d}"


def parse_number(number: str) -> tuple[str, int]:
    """``parse_number("a-7") == ("A", 7)``; also accepts ``A007``."""
    text = number.strip().upper().replace(" ", "")
    prefix, _, digits = text.partition("-")
    if not digits:
        prefix = text.rstrip("0123456789")
        digits = text[len(prefix):]
    if not prefix.isalpha() or not digits.isdigit():
        raise ValueError(f"not a queue number: {number!r} (expected e.g. A-012)")
    return prefix, int(digits)


def is_valid_prefix(prefix: str) -> bool:
    return len(prefix) in (1, 2) and prefix.isascii() and prefix.isalpha() and prefix.isupper()
