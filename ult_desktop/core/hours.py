"""The opening-hours rule: may a ticket be taken at this local moment?

One rule for ``db.queue.issue_ticket`` and the kiosk's service buttons; pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from ult_desktop.core.numbering import local_time


def open_now(settings: Mapping[str, Any], local: datetime, *, opens: str | None = None,
             closes: str | None = None) -> bool:
    """True when tickets may be issued at *local* (office time) under *settings*
    (``enforce_hours`` ...); a service's own *opens*/*closes* ("HH:MM") replace the office's."""
    if not settings["enforce_hours"]:
        return True
    if local.weekday() not in settings["open_days"]:
        return False
    start = time.fromisoformat(opens or settings["open_time"])
    end = time.fromisoformat(closes or settings["close_time"])
    return start <= local.time() < end


def open_at(settings: Mapping[str, Any], now: datetime, *, opens: str | None = None,
            closes: str | None = None) -> bool:
    """:func:`open_now` at *now* (UTC) in the office's zone (``settings["timezone"]``)."""
    return open_now(settings, local_time(now, settings["timezone"]), opens=opens, closes=closes)
#: Where a follow-up visitor who checks in on the day joins the line (``followup_order``):
#: ahead of walk-ins who came after the window opened, ahead of every walk-in, or as one.
FOLLOWUP_ORDERS = ("window", "front", "walk_in")


def visit_fault(settings: Mapping[str, Any], working_day: bool, opens: str,
                closes: str) -> str | None:
    """Why a follow-up visit from *opens* to *closes* ("HH:MM") on a day (*working_day*:
    the office calendar's word, ``core.workdays``) may not be booked, as an error key,
    or None: a working day, an open weekday, inside the office's hours, opening first."""
    try:
        start, end = time.fromisoformat(opens), time.fromisoformat(closes)
    except ValueError:
        return "error.visit_time"
    if not working_day:
        return "error.visit_closed_day"
    if not start < end:
        return "error.visit_window"
    if start < time.fromisoformat(settings["open_time"]) or \
            end > time.fromisoformat(settings["close_time"]):
        return "error.visit_hours"
    return None


def visit_sort_at(order: str, now: datetime, window_opens: datetime,
                  day_starts: datetime) -> datetime:
    """The place in line (``tickets.sort_at``) of a follow-up visitor checking in at
    *now* on the day: by *order* (:data:`FOLLOWUP_ORDERS`), never later than *now*."""
    if order == "front":
        return day_starts
    if order == "window":
        return min(now, window_opens)
    return now
