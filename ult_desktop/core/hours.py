"""The opening-hours rule: may a ticket be taken at this local moment?

One rule for the two places that ask: ``db.queue.issue_ticket`` refuses a ticket
outside it, and the kiosk greys out a service button by it (``ui/kiosk/jobs.py``).
Pure: the office settings and the local time in, a yes or no out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any


def open_now(settings: Mapping[str, Any], local: datetime, *, opens: str | None = None,
             closes: str | None = None) -> bool:
    """True when tickets may be issued at *local* (the office's local time).

    *settings* holds ``enforce_hours``, ``open_days`` (0 = Monday), ``open_time`` and
    ``close_time``; *opens*/*closes* ("HH:MM") are a service's own hours, which replace
    the office's when set. Without ``enforce_hours`` it is always open.
    """
    if not settings["enforce_hours"]:
        return True
    if local.weekday() not in settings["open_days"]:
        return False
    start = time.fromisoformat(opens or settings["open_time"])
    end = time.fromisoformat(closes or settings["close_time"])
    return start <= local.time() < end
