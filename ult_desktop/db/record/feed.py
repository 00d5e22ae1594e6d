"""The change feed: how stations learn what other stations did. File watchers do not see changes
made over SMB/NFS, so each station polls and reads the events after the last one it saw, in event-id
order. On a server ``LISTEN``/``NOTIFY`` wakes the poll (:meth:`ChangeFeed._poll_server`)."""

from __future__ import annotations

import os
import time
from typing import Any

from ult_desktop.core.chain import LINK_BYTES
from ult_desktop.core.tickets import Event
from ult_desktop.db.engine import port
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import HeaderPeek
from ult_desktop.db.record.events import event_from_row

DEFAULT_POLL_MS = 200
#: On a slow file a station whose screen can wait looks at most this often (s, by mode):
#: each look is a round trip, a read after a commit about ten (in a hall of 51 stations
#: looks were 30 % of the share's operations; docs/sizing.md). TVs, the admin page and an
#: idle counter (``ChangeFeed.eager``) look at every poll.
UNHURRIED_S = {"counter": 2.0, "kiosk": 3.0}
_BATCH = 500
#: However quiet the header looks, a full (locked) check at least this often: a safety
#: net should a client cache ever serve a stale header.
FULL_CHECK_S = 5.0


class ChangeFeed:
    """Events after *after_id* (None: after the newest now). :meth:`poll` peeks at the
    header's change counter without a lock and reads only when it moved (or every
    ``FULL_CHECK_S``)."""

    def __init__(self, db: Database, after_id: int | None = None):
        self.db = db
        #: Hash of the event ``last_id`` (None: not known). The next events read must
        #: link to it: a log cut or rewritten below it is a break, seen
        #: from what the poll reads anyway, without one more read.
        self.last_hash: bytes | None = None
        if after_id is None:
            self.last_id, self.last_hash = latest_event(db)
        else:
            self.last_id = after_id
        #: Breaks seen: ``{"id", "expected", "found"}``; *on_break* is called with each.
        self.breaks: list[dict] = []
        self.on_break = None
        self._found: list[dict] = []
        self._version: tuple[int, int, int] | None = None
        self._stamp: tuple | None = None
        self._full_at = 0.0
        self._checked_generation = -1
        self._listener: Any = None  # a server's LISTEN connection (engine_pg.Listener)
        self._seen_writes = -1
        self._next_look = 0.0  # a slow file: no look before this (``UNHURRIED_S``)
        #: Looks at every poll on a slow file too: a counter waiting for its first visitor
        #: (its screen says when: ``Station.news_soon``).
        self.eager = False

    def poll(self) -> list[Event]:
        if port.on_server(self.db):
            return self._poll_server()
        now = time.monotonic()
        if now < self._next_look and not self.eager:
            return []
        try:
            return self._poll_file(now)
        finally:
            if self.db.slow_file:
                self._next_look = now + UNHURRIED_S.get(self.db.mode, 0.0)

    def _poll_file(self, now: float) -> list[Event]:
        if self.db.connected and self._checked_generation != self.db.generation:
            # a new connection may be to a new file at the same path: look once
            HeaderPeek.revalidate(self.db.file)
            self._checked_generation = self.db.generation
        head = HeaderPeek.counter(self.db.file) if self.db.connected else None
        stamp = None if head is None else (self.db.generation, head, self.db.local_writes)
        if stamp is not None and stamp == self._stamp:
            if now < self._full_at:
                return []
            HeaderPeek.revalidate(self.db.file)  # the periodic full check
        # One read transaction: the version check and the events share one lock, which
        # matters on a busy share where every lock waits behind the writers' commits.
        self._found = []
        events = self.db.read(self._poll)
        # The counter was read before the lock: every commit it reflects is seen now.
        self._stamp, self._full_at = stamp, now + FULL_CHECK_S
        return self._told(events)

    def _poll_server(self) -> list[Event]:
        """On a server ``LISTEN``/``NOTIFY`` says when events were committed; the read by
        id still runs every ``FULL_CHECK_S`` and after a reconnect (no replay)."""
        if self._listener is None:
            from ult_desktop.db.engine.pg import Listener

            self._listener = Listener(self.db.source)
        woke = self._listener.pending()
        now = time.monotonic()
        generation = self.db.generation
        if not woke and now < self._full_at and generation == self._checked_generation \
                and self.db.local_writes == self._seen_writes:
            return []
        self._found = []
        self._version = None  # the id read decides: the version is only "anything new"
        events = self.db.read(self._poll)
        self._full_at, self._checked_generation = now + FULL_CHECK_S, generation
        self._seen_writes = self.db.local_writes
        return self._told(events)

    def _told(self, events: list[Event]) -> list[Event]:
        for brk in self._found:  # outside the read: the handler may write
            self.breaks.append(brk)
            if self.on_break is not None:
                self.on_break(brk)
        return events

    def close(self) -> None:
        """Let go of the server's listening connection, and on Windows of the header
        handle, which would stop anyone renaming or replacing the office file."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if os.name == "nt" and not port.on_server(self.db):
            with HeaderPeek._guard:
                HeaderPeek._forget(os.fspath(self.db.file))

    def _poll(self, conn) -> list[Event]:
        version = (self.db.generation, port.change_counter(conn),
                   self.db.local_writes)
        if version == self._version:
            return []
        events: list[Event] = []
        last_id, last_hash = self.last_id, self.last_hash
        breaks = []
        while True:
            rows = conn.execute("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                (last_id, _BATCH)).fetchall()
            events.extend(event_from_row(r) for r in rows)
            if rows:
                link = rows[0]["prev_link"]
                if last_hash is not None and link is not None and \
                        bytes(link) != last_hash[:LINK_BYTES]:
                    now = conn.execute("SELECT hash FROM events WHERE id = ?",
                                       (last_id,)).fetchone()
                    breaks.append({"id": last_id, "expected": last_hash.hex(),
                                   "found": bytes(now[0]).hex() if now and now[0] else None})
                last_id = rows[-1]["id"]
                last_hash = bytes(rows[-1]["hash"]) if rows[-1]["hash"] else None
            if len(rows) < _BATCH:
                break
        # Only now: a poll that failed half-way is repeated in full, nothing is skipped.
        self.last_id, self.last_hash, self._version = last_id, last_hash, version
        self._found = breaks
        return events


def latest_event(db: Database) -> tuple[int, bytes | None]:
    """Id and hash of the newest event (one rowid seek): ``(0, None)`` when none."""
    rows = db.query("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")
    if not rows:
        return 0, None
    return rows[0][0], bytes(rows[0][1]) if rows[0][1] else None
