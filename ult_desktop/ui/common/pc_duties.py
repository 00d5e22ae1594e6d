"""This PC's duties on the record, done by its station's worker with the worker's own
``Database`` (no Qt): the trust check at the first open, before any write, and the
heartbeat, riding with the station's own writes, told the rest by ``ThisPC``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ult_desktop.app import trust_memory
from ult_desktop.app.pulse import Heartbeat
from ult_desktop.app.updates.station import remember_window
from ult_desktop.app.updates.station import summary as update_summary
from ult_desktop.core.i18n import tr
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import stations
from ult_desktop.db.queue.numbers import clock_problem
from ult_desktop.db.record.audit import record_chain_break, witness_break
from ult_desktop.db.record.feed import ChangeFeed

log = logging.getLogger(__name__)

#: One heartbeat write per station per minute: on a slow share every write holds the
#: lock the other stations wait for (10 stations at 30 s were 15 % of it).
HEARTBEAT_MS = 60_000


class PCDuties:
    """One worker's share on the file at *path*: trust checked at its open; the station's own
    (*beats*) beats and witnesses the chain; *outbox*: a kiosk's kept print results."""

    def __init__(self, path, *, beats: bool, outbox=None):
        self.path, self.beats, self.outbox = path, beats, outbox
        self.heartbeat = Heartbeat()
        self.memory: trust_memory.Memory | None = None  # what this PC remembers of the file
        #: the banner's sentence: the file is not to be trusted, the clock is off (or None)
        self.trust_message: str | None = None
        self.clock_message: str | None = None
        self.printer_state: str | None = None
        self.pulse_note = self.pending = self.journal_problem = None  # told by :meth:`report`

    def report(self, *, pulse_note: Callable[[], dict],
               pending: Callable[[], tuple[int, str | None]] | None,
               journal_problem: Callable[[], str | None] | None) -> None:
        """What each heartbeat says beside the printer (``ThisPC``)."""
        self.pulse_note, self.pending, self.journal_problem = (pulse_note, pending,
                                                               journal_problem)

    def printer(self, state: str | None) -> bool:
        """The printer's *state* for the next heartbeat; True: it went wrong, or right
        again, and is to be written at once, not in a minute."""
        before, self.printer_state = self.printer_state, state
        fine = (None, *stations.PRINTER_FINE)  # a change among these waits for the heartbeat
        return state != before and not (state in fine and before in fine)

    def check_trust(self, db: Database, show: Callable[[str], None]) -> None:
        """Is the file's root of trust the one this PC pinned (else writes are refused),
        does the chain still pass through the newest event it verified (else *show*)?"""
        try:
            self.memory = trust_memory.load(self.path)
            problem = trust_memory.trust_problem(db, self.memory)
            db.refusal = problem
            if problem is not None:
                self.trust_message = str(problem)
                log.warning("%s", problem)
                return
            brk = witness_break(db, self.memory.seen)  # the newest event this PC verified
        except errors.UltError as exc:
            log.warning("trust check skipped: %s", exc)
            return
        if brk is not None:
            self.chain_broken(db, brk, show)

    def chain_broken(self, db: Database, brk: dict, show: Callable[[str], None]) -> None:
        """The chain no longer passes through an event this station verified: the banner
        (*show*), this PC's memory and a signed ``chain_break`` event say so."""
        log.error("audit chain break: %s", brk)
        if self.memory is not None:
            trust_memory.remember_break(self.memory, brk)
            trust_memory.save(self.memory)
        self.trust_message = tr("trust.banner.chain_break", id=brk["id"], what=tr(
            "trust.break.changed" if brk.get("found") else "trust.break.gone"))
        show(self.trust_message)
        try:
            if db.refusal is None:
                record_chain_break(db, brk)
        except errors.UltError as exc:
            log.warning("chain_break not written: %s", exc)

    def beat(self, db: Database, feed: ChangeFeed | None) -> bool:
        """The heartbeat; True when the clock's sentence changed (look at the banner)."""
        self.remember_seen(feed)
        if db.refusal is not None:
            return False
        try:  # the office's update window, kept for the switch while a release is staged
            remember_window(db)
        except (errors.UltError, OSError) as exc:
            log.warning("update window not read: %s", exc)
        try:
            count, since = self.pending() if self.pending is not None else (0, None)
            detail = {"pending": count, "pending_since": since} if count else {}
            problem = self.journal_problem() if self.journal_problem is not None else None
            if problem:
                detail["journal_error"] = problem
            if self.pulse_note is not None:
                detail.update(self.pulse_note())
            update = update_summary()
            if update:
                detail["update"] = update
            wrote = self.heartbeat.beat(db, printer_state=self.printer_state,
                                        seen_event=feed.last_id if feed else None,
                                        outbox=self.outbox, detail=detail or None)
        except errors.UltError as exc:
            log.warning("heartbeat failed: %s", exc)
            return False
        if not wrote:
            return False
        # the clock was measured against the share's (or the server's)
        problem = clock_problem(db)
        if (str(problem) if problem else None) == self.clock_message:
            return False
        self.clock_message = str(problem) if problem else None
        if problem is not None:
            log.warning("clock: %s (%.0f s)", problem, db.clock_skew_s or 0)
        return True

    def remember_seen(self, feed: ChangeFeed | None) -> None:
        """This station is a witness: the newest event its feed read, linked to the one
        before, is kept on this PC (once a minute and at the end, not per poll)."""
        if self.memory is None or feed is None or feed.last_hash is None:
            return
        seen = self.memory.seen or {}
        if seen.get("id") == feed.last_id:
            return
        trust_memory.remember_seen(self.memory, feed.last_id, feed.last_hash)
        trust_memory.save(self.memory)

    def closing(self, db: Database | None, feed: ChangeFeed | None) -> None:
        """The last event seen kept; the print results kept for the next write written."""
        if self.beats:
            self.remember_seen(feed)
        if db is None or self.outbox is None or not db.connected or db.too_new:
            return
        try:
            self.outbox.flush(db, budget_s=stations.HEARTBEAT_BUDGET_S)
        except errors.UltError as exc:
            log.warning("print results not written: %s", exc)
