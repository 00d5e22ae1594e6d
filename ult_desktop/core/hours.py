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
