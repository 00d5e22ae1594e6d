"""The kiosk's link to the shared file and to its printer.

:class:`KioskLink` owns the two Station workers (one for the database and the change
feed, one that only prints, so a slow printer never delays the next number) and the
kiosk's :class:`~ult_desktop.db.journals.journal.KioskJournal` (tickets issued from held numbers
and successful prints, kept for the next write: the landing after a ticket, the
heartbeat's, the last one at closing). It reads
the start screen's data coalesced (one read at a time, one more if asked meanwhile),
applies the one that comes with a ticket (:meth:`apply`) and skips feed events that
state already includes; it waits for the printer's answer no longer than
``print_wait_ms``."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.app.print_service import PrintsUnderWay
from ult_desktop.app.trust_memory import journal_path, other_journal_folders
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.core.tickets import EventKind
from ult_desktop.db.engine.sqlite_file import db_location
from ult_desktop.db.house import stations
from ult_desktop.db.journals.journal import HOLD, KioskJournal, NoJournal
from ult_desktop.db.visit.visits import SLIP_PRINT_REQUESTED
from ult_desktop.devices.printer.url import DEFAULT_TIMEOUT_S as PRINT_JOB_S
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import BUSY, OK, UNAVAILABLE, Station
from ult_desktop.ui.common.this_pc import ThisPC
from ult_desktop.ui.kiosk import jobs, paper

log = logging.getLogger(__name__)

_PRINTER_POLL_MS = 3_600_000  # the printer worker does not follow the feed
LAND_RETRY_MS = 5_000
#: An idle kiosk asks its printer how it is this often (paper, cover, cutter).
PROBE_MS = 4_000
#: Events that change nothing the start screen shows (no re-read for them).
_NOT_ON_SCREEN = frozenset({EventKind.PRINTED, EventKind.PRINT_FAILED,
                            EventKind.REPRINT_REQUESTED, "help_requested", "help_answered",
                            stations.PRINTER_STATE, SLIP_PRINT_REQUESTED})
#: What a counter asks this kiosk to print: a ticket again (its number), a visit's slip (its case).
_ASKED = (EventKind.REPRINT_REQUESTED, SLIP_PRINT_REQUESTED)


class KioskLink(QObject):
    """Signals arrive on the GUI thread."""

    connection_changed = Signal(str, str)   # state, message (ok / busy / unavailable)
    state_loaded = Signal(object)           # jobs.KioskState
    state_failed = Signal()
    settings_changed = Signal()             # admins, services or opening hours changed
    printed = Signal(int, object)           # ticket id, paper.PrintOutcome
    journal_changed = Signal()              # tickets landed (or not yet)
    reprint_requested = Signal(object)  # a counter asks (the event): a ticket again, a slip

    def __init__(self, path: Path, *, station_name: str, poll_ms: int, print_wait_ms: int,
                 hold: int = HOLD, printer: str | None = None, signer=None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.station_name, self.signer = station_name, signer  # signer: this PC's key
        self.hold = hold  # numbers held per prefix (0: every ticket is issued on the share)
        self.poll_ms = poll_ms
        self.state: str | None = None
        self._loading = self._reload = False
        self._printing: int | None = None
        #: the newest event the shown start screen includes (feed events up to it are
        #: already on screen)
        self.applied_id = 0
        self._pending_news = 0  # the newest event a scheduled read is for
        self.feed_timer = QTimer(self, singleShot=True)   # coalesces bursts of events
        self.feed_timer.timeout.connect(self.refresh)
        #: held tickets still printing on the pool (their outcomes go into the journal)
        self._held_prints = PrintsUnderWay()
        self.print_timer = QTimer(self, singleShot=True, interval=print_wait_ms)
        self.print_timer.timeout.connect(self._print_wait_over)
        #: tickets issued from held numbers land again after this while the share is away
        self.land_timer = QTimer(self, singleShot=True, interval=LAND_RETRY_MS)
        self.land_timer.timeout.connect(self.land)
        self.printer = PrinterWatch(self, printer)
        self.open(path)
        if len(self.journal):  # left by a kiosk stopped (or crashed) before: tickets
            self.land()       # issued while away, prints not written

    @property
    def online(self) -> bool:
        return self.state == OK

    def holds_numbers(self) -> bool:
        """May a visitor take a number though the share is away? (numbers held for
        today, and the start screen's data to print with)"""
        state = self.last_state
        if state is None or not state.settings:
            return False
        return any(self.journal.left(office_day(utc_now(), state.timezone).isoformat())
                   .values())

    def can_issue(self) -> bool:
        """Connected, or the share away (gone, busy) while numbers are held; never while
        the file is refused (trust, clock, schema)."""
        return self.online or (self.state in (UNAVAILABLE, BUSY) and self.holds_numbers())

    # -- a touch ---------------------------------------------------------------------------
    def take(self, *, service: str, priority: bool, priority_group: str | None,
             request_id: str, done: Callable, failed: Callable, assist=()) -> None:
        """Issue a ticket: from the numbers this kiosk holds (its own disk, no wait for
        the share), else on the share; *done(IssuedTicket)* / *failed(error)*."""
        def taken(issued: jobs.IssuedTicket | None) -> None:
            if issued is not None:
                done(issued)
                self.land()
            else:
                self.station.run(jobs.take_ticket, service=service, priority=priority,
                                 priority_group=priority_group, request_id=request_id,
                                 outbox=self.journal, assist=assist, done=done, failed=failed,
                                 parent=self)

        def unheld(error: BaseException) -> None:
            if not isinstance(error, sqlite3.Error | OSError):
                failed(error)
                return
            # the journal stopped taking writes (the disk filled up): the share issues
            log.error("kiosk journal cannot be written: %s", error)
            self.journal.error = str(error)
            taken(None)

        off_gui(jobs.held_ticket, self.journal, self.last_state, service=service,
                priority=priority, priority_group=priority_group,
                request_id=request_id, assist=assist, done=taken, failed=unheld,
                parent=self)

    def land(self) -> None:
        """Write what the journal holds to the share (one write; again later while it
        is away). Coalesced: one landing at a time, one more if asked meanwhile."""
        self.land_timer.stop()
        if self._landing:
            self._land_again = True
            return
        self._landing = True
        journal = self.journal
        self.station.run(jobs.land, journal, done=partial(self._landed, journal),
                         failed=partial(self._land_failed, journal), parent=self)

    def _news(self, newest: int = 0) -> None:
        """Events the screen does not show yet (up to *newest*): one read soon
        (coalesced); none when a state read meanwhile already shows them."""
        self._pending_news = max(self._pending_news, newest)
        if not self.feed_timer.isActive():
            self.feed_timer.start(60)

    def _landed(self, journal: KioskJournal, answer: tuple) -> None:
        self._landing = False
        if journal is not self.journal:
            return
        waiting, state = answer
        # with the tickets just landed: the feed adds no read
        self.apply(state) if state is not None else self.refresh()
        if self._news_id > self.applied_id:  # news the landing's read did not include
            self._news(self._news_id)
        self._news_id = 0
        if self._land_again or waiting:
            self._land_again = False
            self.land_timer.start(0 if not waiting else LAND_RETRY_MS)
        self.journal_changed.emit()

    def _land_failed(self, journal: KioskJournal, error: BaseException) -> None:
        self._landing = self._land_again = False
        if self._news_id > self.applied_id:
            self._news(self._news_id)
        self._news_id = 0
        if journal is self.journal:
            log.info("journal not landed yet: %s", error)
            self.land_timer.start(LAND_RETRY_MS)
            self.journal_changed.emit()

    def open(self, path: Path) -> None:
        self.path = db_location(path)
        # this file's tickets issued from held numbers, and its kept print results
        self.journal = _open_journal(journal_path(self.path, self.station_name),
                                     self.station_name, self.hold, self.signer)
        self.last_state: jobs.KioskState | None = None
        kept = self.journal.kept("start")  # the start screen as it was last read
        if kept:
            try:
                self.last_state = jobs.KioskState.from_json(kept)
            except (ValueError, TypeError, KeyError) as exc:  # from another version
                log.info("kept start screen not used: %s", exc)
        self._landing = self._land_again = False
        self._news_id = 0  # the newest event heard while a landing was in flight
        self.station = Station(path, station_id=self.station_name, mode="kiosk",
                               poll_ms=self.poll_ms, outbox=self.journal, signer=self.signer)
        # what runs on this PC beside the screen; the admin sees a journal that cannot
        # be written (a kiosk that issues only while the share answers)
        self.pc = ThisPC(self.station, journal_problem=self.journal.problem)
        self.station.connection_changed.connect(self._on_connection)
        self.station.events_arrived.connect(self._on_events)
        # Printing blocks for the printer's timeout: its own worker, which writes only
        # the print outcome (the heartbeat and the feed are the first station's).
        self.printer_station = self.station.helper(poll_ms=_PRINTER_POLL_MS)

    def close(self) -> None:
        self.printer.timer.stop()
        self.feed_timer.stop()
        self.print_timer.stop()
        self.land_timer.stop()
        self._held_prints.wait(PRINT_JOB_S)  # their outcomes before what keeps them
        self.printer_station.close()  # (its worker finishes the print it is at)
        self.station.close()  # (writes the print results kept for the next write)
        self.journal.close()

    def reopen(self, path: Path) -> None:
        """Another database file: forget the old one's state."""
        self.close()
        self.state = None
        self._loading = self._reload = False
        self.applied_id = 0
        self.open(path)

    def _on_connection(self, state: str, message: str) -> None:
        was, self.state = self.state, state
        if state != OK and self.applied_id == 0 and self.last_state is not None:
            # started while the share is away: the start screen it kept on its disk
            self.apply(self.last_state)
        self.connection_changed.emit(state, message)
        if state == OK and was != OK:
            # back: the journals land now (not at the next touch), with the state; what
            # it issued until now was issued while away (the report's outage line)
            if was == UNAVAILABLE and isinstance(self.journal, KioskJournal):  # not busy
                self.journal.away = utc_now()
            self.land() if isinstance(self.journal, KioskJournal) else self.refresh()

    def _on_events(self, events: list) -> None:
        for e in events:  # a counter asks this kiosk to print a ticket again, or a slip
            what = e.ticket_number or (e.data or {}).get("case_id")
            if e.kind in _ASKED and what and (e.data or {}).get("station") == self.station_name:
                self.reprint_requested.emit(e)
        # a print's outcome, a reprint asked, a help call: nothing of the start screen
        newest = max((e.id for e in events if e.kind not in _NOT_ON_SCREEN), default=0)
        if self._landing:  # the landing in flight brings the state with it: news waits
            self._news_id = max(self._news_id, newest)
        elif newest > self.applied_id:  # not on screen yet
            self._news(newest)
        if any(e.kind == EventKind.SETTINGS_CHANGED for e in events):
            self.settings_changed.emit()

    # -- the start screen's data ---------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the start screen's data (coalesced: one read at a time)."""
        if self._loading:
            self._reload = True
            return
        self._loading = True
        station = self.station
        self.station.run(jobs.load_state, journal=self.journal,
                         done=partial(self._loaded, station),
                         failed=partial(self._failed, station), parent=self)

    def _loaded(self, station: Station, state: jobs.KioskState) -> None:
        if station is self.station:  # not an answer from a database left behind
            self._done()
            self.apply(state)

    def apply(self, state: jobs.KioskState) -> None:
        """Show *state* (a refresh's, or the one read with a ticket) unless the screen
        already shows a newer one."""
        if state.last_event_id >= self.applied_id:
            self.applied_id = state.last_event_id
            self.last_state = state
            if self.feed_timer.isActive() and self._pending_news <= self.applied_id:
                self.feed_timer.stop()  # the news it waits for are in this state
            self.state_loaded.emit(state)

    def _failed(self, station: Station, error: BaseException) -> None:
        if station is self.station:
            log.info("kiosk state not loaded: %s", error)
            self._done()
            self.state_failed.emit()

    def _done(self) -> None:
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh()

    # -- a ticket --------------------------------------------------------------------
    def issued(self, issued: jobs.IssuedTicket, lang: str) -> None:
        """A ticket was issued: print it, and show the start screen read with it (no
        second read; a new read only when that one failed)."""
        self.print_ticket(issued, lang)
        if issued.state is not None:
            self.apply(issued.state)
        elif not issued.held:  # a held ticket's landing brings the state with it
            self.refresh()

    # -- printing ----------------------------------------------------------------------
    def print_ticket(self, issued: jobs.IssuedTicket, lang: str) -> None:
        """Print on :attr:`printer` in the background; :attr:`printed` says how it went (at
        the latest after ``print_wait_ms``: no answer)."""
        ticket, printer_url = issued.ticket, self.printer.url
        self._printing = ticket.id
        if not paper.has_printer(printer_url):
            self._answer(ticket.id, paper.PrintOutcome(ok=False, skipped=True))
            return
        common = dict(outbox=self.journal, waiting_ahead=issued.ahead, lang=lang,
                      settings=issued.settings, wait_band=issued.wait_band,
                      done=partial(self._answer, ticket.id),
                      failed=partial(self._error, ticket.id))
        if issued.held:  # nothing to read or write on the share: the journal keeps it
            off_gui(paper.print_held, self._held_prints, self._held_prints.start(),
                    ticket, printer_url, go_to=issued.go_to, parent=self, **common)
        else:
            self.printer_station.run(paper.print_ticket, ticket, printer_url, **common,
                                     go_to=issued.go_to if issued.state is not None else None,
                                     parent=self)
        self.print_timer.start()

    def reprint(self, asked) -> None:
        """What a counter asked (event *asked*, once it stands: ``paper.asked``): today's
        ticket again (its print had failed; the outcome is written with it, it joins the
        queue once on paper), or a case's visit slip (``paper.print_visit_slip``)."""
        self.printer_station.run(paper.asked, asked, self.printer.url, parent=self,
                                 done=lambda outcome: outcome.skipped or
                                 self.pc.set_printer_state(
                                     "ok" if outcome.ok else f"error: {outcome.error}"[:200]))

    def _error(self, ticket_id: int, error: BaseException) -> None:
        self._answer(ticket_id, paper.PrintOutcome(ok=False, error=str(error)))

    def _print_wait_over(self) -> None:
        if self._printing is not None:
            self._answer(self._printing, paper.PrintOutcome(
                ok=False, error=tr("printer.status.no_answer")))

    def _answer(self, ticket_id: int, outcome: paper.PrintOutcome) -> None:
        if ticket_id != self._printing:
            return  # a late answer about an earlier visitor; it is recorded already
        self._printing = None
        self.print_timer.stop()
        if not outcome.skipped:
            self.pc.set_printer_state("ok" if outcome.ok else
                                      f"error: {outcome.error or ''}"[:200])
        self.printed.emit(ticket_id, outcome)
        if not outcome.ok and not outcome.skipped:
            self.land()  # the journal keeps the failure: the counters and admin see it now


def quiet(link: KioskLink) -> bool:
    """Nothing printing and no ticket from a held number waiting to land."""
    return (link._printing is None and not link._held_prints.busy()
            and link.journal.waiting()[0] == 0)


def _open_journal(where: Path, station: str, hold: int,
                  signer=None) -> KioskJournal | NoJournal:
    """The kiosk's journal at *where*; one that cannot be written stands in (the kiosk
    issues on the share, and says so)."""
    try:
        journal = KioskJournal(where, station=station, hold=hold, signer=signer)
    except (sqlite3.Error, OSError) as exc:
        log.error("kiosk journal %s cannot be written: %s", where, exc)
        return NoJournal(where, station=station, error=str(exc))
    journal.folders = other_journal_folders()
    return journal


class PrinterWatch(QObject):
    """The kiosk's printer, asked how it is between visitors (every :data:`PROBE_MS`):
    paper, cover and cutter are known before a visitor meets them, written to the
    stations table at once when it goes wrong (Admin > Stasiun, the morning check)."""

    checked = Signal(str)  # the printer's state, as it said it

    def __init__(self, link: KioskLink, url: str | None):
        super().__init__(link)
        self.link = link
        self.timer = QTimer(self, interval=PROBE_MS)
        self.timer.timeout.connect(self.probe)
        self.url: str | None = None
        self.fine = True  # as far as anybody was told
        self.asking = False  # a probe under way (a hung spooler): ticks skip, never queue
        self.watch(url)

    def watch(self, url: str | None) -> None:
        """Print on and watch *url* from now on (the kiosk's one printer address)."""
        self.url = url
        if url and paper.can_probe(url):
            self.timer.start()
        else:
            self.timer.stop()

    def probe(self) -> None:
        url = self.url
        if self.asking or self.link._printing is not None or not paper.can_probe(url):
            return  # one probe at a time; a ticket printing says how the printer is
        self.asking = True
        off_gui(paper.probe_printer, url, parent=self,
                done=lambda state: self._seen(state, url), failed=self._seen)

    def _seen(self, state, url: str | None = None) -> None:
        self.asking = False
        if not isinstance(state, str) or url != self.url:
            return  # no printer, an error, or another printer by now
        if state != "unknown":  # a printer that does not say keeps its last print's state
            fine = state in stations.PRINTER_FINE
            if fine != self.fine:  # wrong, or right again: every counter is told (once
                # the record has it; else again at the next probe)
                self.link.station.run(stations.record_printer_state, state, parent=self,
                                      done=lambda _id: setattr(self, "fine", fine))
            self.link.pc.set_printer_state(state)
        self.checked.emit(state)

