"""The office's day as its settings say it: when the desks pause (the daily break, the
Friday break, a planned pause with its expected return) and when they stop serving.
Every estimate reads it; the kiosk, the TV and the phone page say the break; a station
switches to a new release inside the office's update window. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ult_desktop.core.versions import parse_version

#: ``date.weekday()`` of a Friday: the Friday break replaces the daily one.
FRIDAY = 4
#: The kiosk's tiles and the TV say the break from this many minutes before it begins.
SAY_BEFORE_MIN = 60


@dataclass(frozen=True)
class Pause:
    """Desks pause from *start* to *end* (office time); *counters*: the desks it holds
    (empty: every desk); *reason*: ``"ishoma"``, ``"jumatan"`` or the planner's word."""

    start: time
    end: time
    counters: frozenset[int] = frozenset()
    reason: str = "ishoma"

    def holds(self, counter: int) -> bool:
        """Does this pause hold desk *counter*?"""
        return not self.counters or counter in self.counters


def span(text: str) -> tuple[time, time] | None:
    """``"11:30-13:00"`` as two times; None for "" (validated by ``core.settings``)."""
    if not text:
        return None
    start, _, end = text.partition("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def pauses_on(settings: Mapping[str, Any], day: date) -> list[Pause]:
    """The pauses of office *day*: the Friday break on a Friday (else the daily break),
    and the planned pause when it is that day's."""
    out = []
    friday = day.weekday() == FRIDAY and settings.get("break_friday")
    daily = span(settings["break_friday"] if friday else settings.get("break_daily") or "")
    if daily:
        out.append(Pause(*daily, reason="jumatan" if friday else "ishoma"))
    planned = settings.get("planned_pause") or {}
    if planned.get("day") == day.isoformat() and (when := span(planned.get("span", ""))):
        out.append(Pause(*when, frozenset(planned.get("counters") or ()),
                         planned.get("reason") or "rapat"))
    return out


def closing(settings: Mapping[str, Any]) -> time:
    """When the desks stop serving (``serving_until``), never before the last ticket."""
    return max(time.fromisoformat(settings.get("serving_until") or "16:00"),
               time.fromisoformat(settings.get("close_time") or "00:00"))


def break_text(settings: Mapping[str, Any], day: date, t=None, after=None) -> str:
    """"Istirahat 11.30–13.00": the office-wide break of *day* ("" for none); *after* (an
    office time): only a break not over by then (a paper says no break that has passed)."""
    if t is None:
        from ult_desktop.core.i18n import tr as t
    whole = [p for p in pauses_on(settings, day) if not p.counters and
             (after is None or p.end > after)]
    if not whole:
        return ""
    return t("hours.break", start=whole[0].start.strftime("%H.%M"),
             end=whole[0].end.strftime("%H.%M"))


def break_near(settings: Mapping[str, Any], local: datetime, t=None,
               before: float = SAY_BEFORE_MIN) -> str:
    """:func:`break_text` while the office-wide break of *local*'s day (office time) is on
    or begins within *before* minutes; "" otherwise."""
    whole = [p for p in pauses_on(settings, local.date()) if not p.counters]
    if not whole:
        return ""
    now = local.replace(tzinfo=None)  # (as moments of the day: *before* may pass midnight)
    start, end = (datetime.combine(now.date(), t) for t in (whole[0].start, whole[0].end))
    if not start <= now + timedelta(minutes=before) or not now < end:
        return ""
    return break_text(settings, local.date(), t)


def pause_at(settings: Mapping[str, Any], counter: int, local: datetime) -> Pause | None:
    """The pause of the office's day that holds desk *counter* at *local* (office time),
    or None: the desk pauses for it when free, and serves on only as its officer says."""
    now = local.replace(tzinfo=None).time()
    return next((p for p in pauses_on(settings, local.date())
                 if p.holds(counter) and p.start <= now < p.end), None)


def update_windows() -> list[tuple[str, str]]:
    """The office's update windows as the admin picks one: (words, ``update_window``)."""
    from ult_desktop.core.i18n import tr

    return [(tr("admin.profile.update_window_any"), "any"),
            (tr("admin.profile.update_window_break"), "break"),
            (tr("admin.profile.update_window_after_closing"), "after_closing")]


def update_window_open(settings: Mapping[str, Any], local: datetime, version: str) -> bool:
    """May a station switch to release *version* at *local* (office time)? The office's
    ``update_window``: ``any`` moment; ``break``: the office-wide pause of the day (the
    daily or Friday break, a planned pause of every desk) or after closing;
    ``after_closing``: from closing to the next opening and on closed weekdays. An
    ``update_now`` naming *version* or a newer one opens it at once (an urgent fix)."""
    urgent = settings.get("update_now") or ""
    if urgent and parse_version(version) <= parse_version(urgent):
        return True
    kind = settings.get("update_window") or "any"
    if kind == "any":
        return True
    now = local.replace(tzinfo=None).time()
    opening = time.fromisoformat(settings.get("open_time") or "08:00")
    if local.weekday() not in settings.get("open_days", range(5)) or now < opening \
            or now >= closing(settings):
        return True
    return kind == "break" and any(p.start <= now < p.end for p in
                                   pauses_on(settings, local.date()) if not p.counters)
