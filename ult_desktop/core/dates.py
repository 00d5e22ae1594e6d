"""The office clock, and dates as people in the office read them
("Senin, 1 Desember 2025 15:00").

Every "today", printed date and cut-off goes through these, in the office's ``timezone``
(never the PC's: a laptop from another province still reports the office's day); the
instant is :func:`ult_desktop.core.numbering.utc_now`, looked up at call time (tests)."""

from __future__ import annotations

import calendar
import functools
import json
import time as _time
from datetime import date, datetime, time, timedelta, timezone

from ult_desktop.core import numbering
from ult_desktop.core.i18n import tr


def office_now(tz: str, now: datetime | None = None) -> datetime:
    """The office's wall-clock time (aware, in *tz*) at *now* (default: this instant)."""
    return numbering.local_time(now or numbering.utc_now(), tz)


def office_today(tz: str, now: datetime | None = None) -> date:
    """The office's calendar day: what "today" means on every screen and report."""
    return office_now(tz, now).date()


def day_start_utc(day: date, tz: str) -> datetime:
    """The UTC instant at which office day *day* begins (local midnight in *tz*): the
    cut-off to compare with times stored in UTC."""
    return datetime.combine(day, time(0), numbering.zone(tz)).astimezone(timezone.utc)


def add_months(day: date, months: int) -> date:
    """The same day *months* later (earlier when negative); the month's last day when it
    is shorter (31 March less a month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_range(day: date, months_back: int = 0) -> tuple[date, date]:
    """First and last day of the month *months_back* before *day*'s month."""
    first = add_months(day.replace(day=1), -months_back)
    return first, add_months(first, 1) - timedelta(days=1)


def file_stamp(tz: str, now: datetime | None = None) -> str:
    """``20260401-003000``: the office's wall-clock time at *now* (default: this instant)
    for file names (backups, copies kept before a restore), so that names sort and read
    as the office's day and hour whatever zone the PC is set to."""
    return office_now(tz, now).strftime("%Y%m%d-%H%M%S")


def long_date(d: date, lang: str | None = None) -> str:
    days = tr("ui.day_names", lang).split(",")
    months = tr("ui.month_names", lang).split(",")
    return f"{days[d.weekday()]}, {d.day} {months[d.month - 1]} {d.year}"


def long_datetime(moment: datetime, lang: str | None = None, tz: str | None = None) -> str:
    """*moment* as the office reads it; an aware *moment* is shown in office zone *tz*."""
    if tz is not None and moment.tzinfo is not None:
        moment = numbering.local_time(moment, tz)
    return f"{long_date(moment.date(), lang)} {moment:%H:%M}"


# -- the stations' clocks, from their heartbeat rows ------------------------------------
def skews_of(rows, own_skew: float | None, within_s: float = 3600.0) -> dict[str, float]:
    """Stations' skews from their rows, of heartbeats written in the last *within_s* by
    the share's clock (their own clock less their skew, against ours less ours)."""
    out: dict[str, float] = {}
    now = _time.time()
    for station, clock, detail in rows:
        try:
            skew = json.loads(detail or "{}").get("skew_s")
        except (ValueError, TypeError, AttributeError):
            continue
        age = heartbeat_age_s(clock, detail, own_skew, now)
        if isinstance(skew, int | float) and age is not None and 0 <= age <= within_s:
            out[station] = float(skew)
    return out


def heartbeat_age_s(clock: str, detail: str | dict | None, own_skew: float | None,
                    now: float | None = None) -> float | None:
    """Seconds since a station's heartbeat row was written, by the share's clock (its
    clock less the skew it measured, against ours less ours): judged at once, with no
    second read. None when the row cannot be read."""
    try:
        info = json.loads(detail or "{}") if not isinstance(detail, dict) else detail
        at = datetime.fromisoformat(clock).timestamp()
    except (TypeError, ValueError, AttributeError):
        return None
    skew = info.get("skew_s") if isinstance(info, dict) else None
    theirs = at - (skew if isinstance(skew, int | float) else 0.0)
    return (_time.time() if now is None else now) - (own_skew or 0.0) - theirs


def month_before(month: str) -> str:
    """The month (``YYYY-MM``) before *month*."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def whole_months(first: str, last: str) -> list[str]:
    """The months wholly inside ``first`` .. ``last`` (ISO days)."""
    out, month = [], first[:7]
    while month <= last[:7]:
        end = f"{month}-{calendar.monthrange(int(month[:4]), int(month[5:7]))[1]:02d}"
        if first <= f"{month}-01" and end <= last:
            out.append(month)
        year, mon = int(month[:4]), int(month[5:7])
        month = f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"
    return out


@functools.lru_cache(maxsize=64)
def days_around(day: str) -> tuple[str, str]:
    """The ISO days before and after ISO day *day* ("\uffff", "": unreadable)."""
    moment = stored_day(day)
    if moment is None:
        return "\uffff", ""
    return (moment - timedelta(days=1)).isoformat(), (moment + timedelta(days=1)).isoformat()


@functools.lru_cache(maxsize=64)
def answer_months(day: str, days: int) -> tuple[str, str]:
    """The months a survey answer given on ISO day *day* may be for: a visit at most
    *days* days before (plus one for the time zone), up to the day after ("\uffff", "":
    unreadable)."""
    moment = stored_day(day)
    if moment is None:
        return "\uffff", ""
    return ((moment - timedelta(days=days + 1)).isoformat()[:7],
            (moment + timedelta(days=2)).isoformat()[:7])


def seconds_of(at: object) -> float | None:
    """An event time (ISO text) in seconds since the epoch; None when unreadable."""
    try:
        return datetime.fromisoformat(str(at)).timestamp()
    except ValueError:
        return None


def stored_time(value: object) -> datetime | None:
    """A time the app stored (ISO; without its zone: UTC, as the app writes every time);
    None when empty, or when it is no time: a value no act writes (a word, a number,
    bytes), which ``check`` names and no reader may crash on."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def stored_day(value: object) -> date | None:
    """A day the app stored (ISO date); None when empty or no such day."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
