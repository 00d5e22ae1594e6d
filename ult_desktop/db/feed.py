"""The change feed: how stations learn what other stations did.

File-system watchers do not see changes made on other machines over SMB/NFS, so each
station polls ``PRAGMA data_version`` (one cheap read) and, only when it changed, reads
the events after the last one it has seen. Order is the event id, never a timestamp.
"""

from __future__ import annotations

import json
import platform
from datetime import datetime, timezone

from ult_desktop import __version__
from ult_desktop.core.tickets import Event
from ult_desktop.db.connection import Database
from ult_desktop.db.events import event_from_row, iso

DEFAULT_POLL_MS = 200
_BATCH = 500


class ChangeFeed:
    """Events after *after_id*; ``after_id=None`` starts after the newest event now.

    Call :meth:`poll` every ``DEFAULT_POLL_MS``; it returns ``[]`` without reading the
    events table when nothing changed. Own writes through the same :class:`Database`
    are seen too.
    """

    def __init__(self, db: Database, after_id: int | None = None):
        self.db = db
        self.last_id = latest_event_id(db) if after_id is None else after_id
        self._version: tuple[int, int, int] | None = None

    def poll(self) -> list[Event]:
        # One read transaction: the version check and the events share one lock, which
        # matters on a busy share where every lock waits behind the writers' commits.
        return self.db.read(self._poll)

    def _poll(self, conn) -> list[Event]:
        version = (self.db.generation, conn.execute("PRAGMA data_version").fetchone()[0],
                   self.db.local_writes)
        if version == self._version:
            return []
        events: list[Event] = []
        last_id = self.last_id
        while True:
            rows = conn.execute("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                (last_id, _BATCH)).fetchall()
            events.extend(event_from_row(r) for r in rows)
            if rows:
                last_id = rows[-1]["id"]
            if len(rows) < _BATCH:
                break
        # Only now: a poll that failed half-way is repeated in full, nothing is skipped.
        self.last_id, self._version = last_id, version
        return events


def latest_event_id(db: Database) -> int:
    return db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]


def heartbeat(db: Database, *, printer_state: str | None = None,
              detail: dict | None = None, seen_event: int | None = None) -> None:
    """Record that this station is alive: mode, version, its clock, printer state."""
    now = datetime.now(timezone.utc)
    info = {"host": platform.node(), **(detail or {})}

    def tx(conn):
        conn.execute(
            "INSERT INTO stations (id, mode, version, clock, printer_state, detail, seen_event) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET mode = excluded.mode, "
            "version = excluded.version, clock = excluded.clock, "
            "printer_state = excluded.printer_state, detail = excluded.detail, "
            "seen_event = excluded.seen_event",
            (db.station, db.mode, __version__, iso(now), printer_state,
             json.dumps(info, ensure_ascii=False), seen_event))

    db.write(tx)


def list_stations(db: Database) -> list[dict]:
    """Stations with their last heartbeat; admin compares ``clock`` for skew."""
    return [dict(r) for r in db.query("SELECT * FROM stations ORDER BY id")]
