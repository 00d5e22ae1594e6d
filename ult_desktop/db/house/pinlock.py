"""Wrong-PIN lockout kept in the shared file (table ``pin_lockouts``).

Counted per *subject* (the username; ``kiosk:<station>`` for a kiosk's keypad) in the file,
so moving to the next station undoes nothing. After ``pin_max_failures`` in a row the
subject is locked for ``pin_lockout_minutes``, doubling per further lock up to a day; a
right PIN, a PIN reset or an admin's unlock clears it."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ult_desktop.core.dates import stored_time
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record import projection
from ult_desktop.db.record.judged import standing

#: The longest a single lock lasts, however many came before it.
LOCK_CAP = timedelta(days=1)
SUBJECT_MAX = 64
KIOSK_PREFIX = "kiosk:"
#: The settings a login reads besides the officer row.
SETTINGS = ("pin_max_failures", "pin_lockout_minutes", "timezone", "pin_min_length",
            "pin_min_length_admin")


class PinLocked(errors.RuleViolation):
    """Too many wrong PINs: refused (even a right PIN) until *until* (aware UTC)."""

    def __init__(self, *, subject: str, until: datetime, tz: str = "WIB",
                 now: datetime | None = None):
        now = now or utc_now()
        self.subject, self.until = subject, until
        minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        try:
            clock = local_time(until, tz).strftime("%H:%M")
        except ValueError:
            clock = until.strftime("%H:%M UTC")
        kiosk = subject.startswith(KIOSK_PREFIX)
        super().__init__("pin.locked_kiosk" if kiosk else "pin.locked", username=subject,
                         until=clock, minutes=minutes)


@dataclass(frozen=True)
class Policy:
    max_failures: int
    first_lock: timedelta

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Policy:
        """Clamped: a value planted in the shared file cannot switch the lock off."""
        return cls(max_failures=_clamp(settings.get("pin_max_failures"), 3, 10, 5),
                   first_lock=timedelta(minutes=_clamp(settings.get("pin_lockout_minutes"),
                                                       1, 60, 5)))


def _clamp(value: object, low: int, high: int, default: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]  # any value: TypeError is caught
    except (TypeError, ValueError):
        return default
    return min(high, max(low, number))


def subject_for(username: str) -> str:
    return username.strip().lower()[:SUBJECT_MAX]


def locked_until(conn: Connection, subject: str, now: datetime) -> datetime | None:
    """When the lock on *subject* ends, ``None`` if it is not locked at *now*."""
    try:
        row = _row(conn, subject)
    except sqlite3.OperationalError:
        if port.columns(conn, "pin_lockouts"):
            raise
        return None  # a file the schema guard keeps below migration pin_lockout (drifted, not migrated)
    until = stored_time(row["locked_until"]) if row else None
    return until if until is not None and until > now else None


def record_failure(conn: Connection, subject: str, now: datetime,
                   policy: Policy) -> datetime | None:
    """Count one wrong PIN (inside the caller's write transaction); returns the end of
    the lock it started, or ``None``."""
    row = _as_recorded(conn, subject)
    failures, lockouts = (row["failures"] or 0, row["lockouts"] or 0) if row else (0, 0)
    failures += 1
    until = None
    if failures >= policy.max_failures:
        lockouts += 1
        until = (now + min(LOCK_CAP, policy.first_lock * 2 ** min(lockouts - 1, 16))
                 ).replace(microsecond=0)  # as stored
        failures = 0
    conn.execute(
        "INSERT INTO pin_lockouts (subject, failures, lockouts, locked_until, last_failed_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(subject) DO UPDATE SET "
        "failures = excluded.failures, lockouts = excluded.lockouts, "
        "locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at",
        (subject, failures, lockouts, until.isoformat(timespec="seconds") if until else (
            row["locked_until"] if row else None), now.isoformat(timespec="seconds")))
    return until


def clear(conn: Connection, subject: str) -> bool:
    """Forget *subject*'s wrong PINs and lock; True if the record held any (the caller's
    event carries their end, ``db.record.judged``; a row of them deleted with plain
    ``sqlite3`` too)."""
    _as_recorded(conn, subject)
    return conn.execute("DELETE FROM pin_lockouts WHERE subject = ?",
                        (subject,)).rowcount > 0


def _as_recorded(conn: Connection, subject: str) -> dict | None:
    """*subject*'s row as the record lets it stand (:func:`_row`); a raw row that is not
    it (written, edited or deleted with plain ``sqlite3``) put back as it first, without
    an image (the table then holds what the log does): the caller's write images all it
    changes from the record's, a value the forged row already held too."""
    rows = conn.execute("SELECT * FROM pin_lockouts WHERE subject = ?", (subject,)).fetchall()
    found = standing(conn, "pin_lockouts", rows, only=(subject,))
    held, raw = found[0] if found else None, dict(rows[0]) if rows else None
    if raw == held or raw is not None and held is not None and all(
            v == held.get(c) for c, v in raw.items()):
        return held
    with projection.paused(conn):
        conn.execute("DELETE FROM pin_lockouts WHERE subject = ?", (subject,))
        if held is not None:
            cols = [c for c in port.columns(conn, "pin_lockouts") if held.get(c) is not None]
            conn.execute(f"INSERT INTO pin_lockouts ({', '.join(cols)}) VALUES "
                         f"({', '.join('?' * len(cols))})", tuple(held[c] for c in cols))
    return held


def locks(conn: Connection, now: datetime) -> dict[str, datetime]:
    """Every subject locked at *now*, with the end of its lock."""
    out: dict[str, datetime] = {}
    if not port.columns(conn, "pin_lockouts"):
        return out
    for row in standing(conn, "pin_lockouts", conn.execute(
            "SELECT * FROM pin_lockouts").fetchall()):
        subject, until = row["subject"], stored_time(row["locked_until"])
        if until is not None and until > now:
            out[subject] = until
    return out


def _row(conn: Connection, subject: str) -> dict | None:
    """*subject*'s wrong PINs and lock as the record lets them stand (a row deleted or
    edited with plain ``sqlite3`` unlocks nobody)."""
    found = standing(conn, "pin_lockouts", conn.execute(
        "SELECT * FROM pin_lockouts WHERE subject = ?", (subject,)).fetchall(), only=(subject,))
    return found[0] if found else None
