"""The office's break kept at the desk (``core.schedule``): the pause that holds a desk now,
and whether its officer said she serves on through it (a resume during the break, recorded
with ``keep``); the band counts such a desk as one that serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ult_desktop.core.chain import json_dict
from ult_desktop.core.numbering import local_time
from ult_desktop.core.schedule import Pause, pause_at
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.queue.serving import day_floor
from ult_desktop.db.record.events import iso

#: The settings that say the office's day.
BREAK_SETTINGS = ("timezone", "break_daily", "break_friday", "planned_pause")
_KEPT = ("SELECT counter_number, data FROM events WHERE id > ? AND kind = 'counter_resumed' "
         "AND at >= ?")


@dataclass(frozen=True)
class DeskBreak:
    """The office's *pause* that holds a desk now, since *starts* (UTC), and whether its
    officer keeps serving through it (*kept*)."""

    pause: Pause
    starts: datetime
    kept: bool


def started(pause: Pause, local: datetime) -> datetime:
    """When *pause* began on *local*'s day (office time), in UTC."""
    return datetime.combine(local.date(), pause.start, local.tzinfo).astimezone(timezone.utc)


def read_kept_serving(conn: Connection, day: str, tz: str, since: datetime) -> frozenset[int]:
    """The desks whose officer said, since *since* on office *day*, that she keeps
    serving through the office's break (read only from the day's own events)."""
    return frozenset(counter for counter, data in conn.execute(
        _KEPT, (day_floor(conn, day, tz), iso(since))) if json_dict(data).get("keep"))


def read_desk_break(conn: Connection, counter: int, now: datetime) -> DeskBreak | None:
    """The office's pause that holds desk *counter* at *now* (aware UTC), or None."""
    settings = read_settings(conn, BREAK_SETTINGS)
    local = local_time(now, settings["timezone"])
    pause = pause_at(settings, counter, local)
    if pause is None:
        return None
    starts = started(pause, local)
    return DeskBreak(pause, starts, counter in read_kept_serving(
        conn, local.date().isoformat(), settings["timezone"], starts))
