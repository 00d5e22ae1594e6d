"""The one way a screen runs work on the office's record: ``Station``'s worker owns the
Database::

    station.run(issue_ticket, service="A", parent=self,
                done=self.show_ticket, failed=self.show_error)

Jobs run in order as ``fn(db, *args, **kwargs)``; ``done``/``failed`` (an ``UltError``
whose ``str()`` is the sentence) come on the GUI thread, dropped if *parent* is gone, else
:attr:`Station.job_failed`. Work without a database: ``ui/common/off_gui.py:off_gui``. A
widget's method is refused as a job (it would touch the widget from the worker)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from ult_desktop.app.updates.station import hand_over
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import db_location
from ult_desktop.db.open import open_database
from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed
from ult_desktop.db.record.station_keys import announce_key
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION
from ult_desktop.ui.common import shutdown
from ult_desktop.ui.common.off_gui import Callbacks, log_failure, plain_function
from ult_desktop.ui.common.pc_duties import HEARTBEAT_MS, PCDuties

log = logging.getLogger(__name__)

OK, BUSY, UNAVAILABLE, TOO_NEW = "ok", "busy", "unavailable", "too_new"
#: The schema guard found foreign objects in the file: reads work, writes are refused.
SCHEMA_DRIFT = "schema_drift"
#: The root of trust is not the one this PC pinned, or the chain no longer passes through
#: an event this station verified; the message is the sentence to show.
TRUST = "trust"
#: This PC's clock is off from the share's: the kiosk refuses to issue (message: the fix).
CLOCK = "clock"
#: This version would migrate the file, but stations seen lately read only its schema
#: (``db/house/fleet.py``): nothing opened; the message names them and what to do. The
#: poll tries again, so the station starts once the last of them is updated.
WAITS = "migration_waits"


def error_sentence(error: BaseException, lang: str | None = None) -> str:
    """The one sentence a person reads for *error* (never a traceback), in *lang*
    (default: the current language)."""
    from ult_desktop.core.i18n import tr

    message = getattr(error, "message", None)  # UltError and the core's own errors
    if callable(message):
        try:
            return str(message(lang))
        except Exception:  # fall back to the generic sentence
            log.warning("no sentence for %r", error, exc_info=True)
    return tr("ui.error.unexpected", lang)


def public_sentence(error: BaseException, lang: str | None = None) -> str:
    """:func:`error_sentence` for public screens: never a path, address or system words."""
    from ult_desktop.core.i18n import tr

    if isinstance(error, errors.ShareUnavailable | errors.DatabaseBusy | OSError):
        log_failure(error)
        return tr("ui.error.public_unavailable", lang)
    return error_sentence(error, lang)


def report_failure(error: BaseException, show: Callable[[str], None]) -> None:
    """The screens' one default failure handling: log *error*, then *show* its sentence."""
    log_failure(error)
    show(error_sentence(error))


def state_of(error: BaseException) -> str:
    if isinstance(error, errors.DatabaseBusy):
        return BUSY
    if isinstance(error, errors.SchemaTooNew):
        return TOO_NEW
    if isinstance(error, errors.MigrationWaits):
        return WAITS
    if isinstance(error, schema_guard.SchemaDrift):
        return SCHEMA_DRIFT
    if isinstance(error, errors.ShareUnavailable | errors.DatabaseMissing |
                  errors.NotADatabase | errors.ReadOnlyDatabase | errors.NotInitialized |
                  errors.WalRefused):
        return UNAVAILABLE
    return OK


def banner_sentence(error: errors.UltError) -> str:
    """What the banner says for *error* that stopped the file from opening: for a
    migration that waits, which stations and what to do, in one sentence."""
    from ult_desktop.core.i18n import tr

    if isinstance(error, errors.MigrationWaits):
        return tr("ui.banner.migration_waits", stations=error.params.get("stations", ""))
    return str(error)


def _unusable(error: errors.UltError) -> str:
    """The connection state after *error* stopped the file from being read at all."""
    state = state_of(error)
    return UNAVAILABLE if state == OK else state


class _Worker(QObject):
    finished = Signal(int, object, object)        # token, result, error
    events = Signal(list)
    connection = Signal(str, str)                 # state, message

    def __init__(self, path: Path, station_id: str, mode: str, poll_ms: int,
                 duties: PCDuties, signer=None):
        super().__init__()
        self.signer = signer
        self.duties = duties  # the trust check at open, the heartbeat (pc_duties.py)
        self.path, self.station_id, self.mode = path, station_id, mode
        self.poll_ms = poll_ms
        self.db: Database | None = None
        self.feed: ChangeFeed | None = None
        self.state = None
        self.open_error: errors.UltError | None = None
        self.eager = False  # :meth:`Station.news_soon`

    @Slot()
    def start(self) -> None:
        self.poll_timer = QTimer(self, timeout=self.poll)
        self.beat_timer = QTimer(self, timeout=self.beat)
        if not self.duties.beats:  # a helper worker (printing): jobs only, nothing written
            return
        self.poll_timer.start(self.poll_ms)
        self.beat_timer.start(HEARTBEAT_MS)
        self.ensure_open()
        self.beat()

    def _set_state(self, state: str, message: str = "") -> None:
        if state == TOO_NEW and (self.state or ("",))[0] != TOO_NEW:
            if self._hand_over():
                return
            log.warning("this version cannot write the office file: %s", message)
        if (state, message) != self.state:
            self.state = (state, message)
            self.connection.emit(state, message)

    def _hand_over(self) -> bool:
        """The release staged here that reads the newer file started in this one's place
        (True), whatever the window."""
        if hand_over(anytime=True) is None:
            return False
        shutdown.ask_stop()  # the staged version that reads the file runs instead
        return True

    def _too_new(self, db: Database) -> None:
        """This version may no longer write the file: hand over, else the banner says it
        (and the log, once); tried again at every heartbeat (a release staged since)."""
        if (self.state or ("",))[0] == TOO_NEW:
            self._hand_over()
            return
        self._set_state(TOO_NEW, str(errors.SchemaTooNew(
            file_version=db.schema_version, our_version=SCHEMA_VERSION)))

    def ensure_open(self) -> Database | None:
        if self.db is not None and self.db.connected:
            return self.db
        try:
            if self.db is None:
                self.db = open_database(self.path, station=self.station_id, mode=self.mode,
                                        signer=self.signer)
                announce_key(self.db)  # a new station's key shows up on the admin page
                self.duties.check_trust(self.db, self._show_trust)  # before any write
            else:
                self.db.reconnect()  # the share came back
            if self.feed is None:
                self.feed = ChangeFeed(self.db)
                self.feed.on_break = lambda brk: self.duties.chain_broken(
                    self.db, brk, self._show_trust)
            if self.duties.trust_message is not None:
                self._set_state(TRUST, self.duties.trust_message)
            elif self.db.too_new:
                self._too_new(self.db)
            elif self.db.drift:
                self._set_state(SCHEMA_DRIFT, str(self.db.drift[0].error()))
            else:
                self._set_state(OK)
            self.open_error = None
            return self.db
        except errors.UltError as exc:
            self.open_error = exc
            self._set_state(_unusable(exc), banner_sentence(exc))
            return None

    def _show_trust(self, message: str) -> None:
        self._set_state(TRUST, message)

    def _fine(self, db: Database) -> None:
        if self.duties.trust_message is not None:
            self._set_state(TRUST, self.duties.trust_message)
        elif db.too_new or db.drift:
            return
        elif self.duties.clock_message is not None:
            self._set_state(CLOCK, self.duties.clock_message)
        else:
            self._set_state(OK)

    @Slot(int, object, object, object)
    def run_job(self, token: int, fn: Callable, args: tuple, kwargs: dict) -> None:
        db = self.ensure_open()
        if db is None:  # the reason the file cannot be opened, as the banner shows it
            self.finished.emit(token, None, self.open_error)
            return
        try:
            result = fn(db, *args, **kwargs)
        except errors.UltError as exc:
            state = state_of(exc)
            if state != OK:
                self._set_state(state, str(exc))
            self.finished.emit(token, None, exc)
            return
        except Exception as exc:  # a bug: log it, show a one-line message
            log.exception("job %s failed", getattr(fn, "__name__", fn))
            self.finished.emit(token, None, exc)
            return
        self._fine(db)
        self.finished.emit(token, result, None)

    @Slot()
    def poll(self) -> None:
        db = self.ensure_open()
        if db is None or self.feed is None:
            return
        try:
            if db.drift:  # repaired elsewhere? (one cheap read while drifted)
                schema_guard.recheck(db)
            self.feed.eager = self.eager
            new = self.feed.poll()
        except errors.UltError as exc:
            self._set_state(_unusable(exc), str(exc))
            return
        self._fine(db)
        if new:
            self.events.emit(new)

    @Slot()
    def beat_now(self) -> None:
        """A heartbeat written now, not riding with a later write (the printer changed)."""
        self.duties.heartbeat.rode = False
        self.beat()

    @Slot()
    def beat(self) -> None:
        db = self.ensure_open()
        if db is not None and not db.too_new and self.duties.beat(db, self.feed):
            self._fine(db)
        if db is not None and db.too_new:  # migrated under it: hand over, or say so
            self._too_new(db)

    @Slot()
    def stop(self) -> None:
        self.poll_timer.stop()
        self.beat_timer.stop()
        self.duties.closing(self.db, self.feed)
        if self.db is not None:
            if self.feed is not None:  # its listener; on Windows the file's header handle
                self.feed.close()
            self.db.close()


class Station(QObject):
    """A screen's handle on the shared file (see module docstring)."""

    events_arrived = Signal(list)
    connection_changed = Signal(str, str)
    #: the sentence of a failed job that had no ``failed`` callback (already logged)
    job_failed = Signal(str)
    #: :meth:`close` began: what rides on this station stops first (``ThisPC``)
    closing = Signal()
    _submit = Signal(int, object, object, object)
    _beat_now = Signal()

    def __init__(self, path: str | Path, *, station_id: str, mode: str,
                 poll_ms: int | None = None, follow: bool = True, outbox=None,
                 signer=None, parent: QObject | None = None):
        """*poll_ms*: the feed's pace (None: ``DEFAULT_POLL_MS``); *follow* False: a second
        worker (the kiosk's printer) that only runs jobs, no feed, no heartbeat; *outbox*:
        written with each heartbeat and when closing;
        *signer*: this PC's key, handed with the open (``app/station_key.py``). The
        worker does :attr:`duties` (``pc_duties.py``) with its own ``Database``: built
        here, so the trust check comes before any write; ``ThisPC`` tells them the rest."""
        super().__init__(parent)
        self.path = db_location(path)  # a file, or a server URL kept as text
        self.station_id, self.mode, self.signer = station_id, mode, signer
        self.state = None
        self.message = ""
        self._callbacks: dict[int, Callbacks] = {}
        self._tokens = itertools.count(1)
        self._thread = QThread(objectName=f"station-{mode}")
        self.duties = PCDuties(self.path, beats=follow, outbox=outbox)
        self._worker = _Worker(self.path, station_id, mode, poll_ms or DEFAULT_POLL_MS,
                               self.duties, signer)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._submit.connect(self._worker.run_job)
        self._beat_now.connect(self._worker.beat_now)
        self._worker.finished.connect(self._on_finished)
        self._worker.events.connect(self.events_arrived)
        self._worker.connection.connect(self._on_connection)
        self._thread.start()

    def helper(self, *, poll_ms: int = DEFAULT_POLL_MS, parent: QObject | None = None
               ) -> Station:
        """A second worker on this station's file, name, mode and key that only runs jobs
        (no feed, no heartbeat): the kiosk's printer, the TV's lists, the daily backup."""
        return Station(self.path, station_id=self.station_id, mode=self.mode, poll_ms=poll_ms,
                       follow=False, signer=self.signer, parent=parent)

    @property
    def online(self) -> bool:
        return self.state == OK

    def run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None,
            parent: QObject | None = None, **kwargs: Any) -> int:
        """Run ``fn(db, *args, **kwargs)`` on the worker; callbacks on the GUI thread,
        none once *parent* is destroyed; no *failed*: logged and :attr:`job_failed`."""
        token = next(self._tokens)
        self._callbacks[token] = Callbacks(done, failed, parent, self._default_failure)
        self._submit.emit(token, plain_function(fn), args, kwargs)
        return token

    def _default_failure(self, error: BaseException) -> None:
        report_failure(error, self.job_failed.emit)

    def beat_now(self) -> None:
        """The heartbeat written now, not in a minute (``ThisPC``: the printer changed)."""
        self._beat_now.emit()

    def news_soon(self, eager: bool) -> None:
        """Look for news at every poll even on a slow file (a counter nobody waits for:
        its first visitor's chime), or at the feed's unhurried pace again."""
        self._worker.eager = eager

    @Slot(int, object, object)
    def _on_finished(self, token: int, result: Any, error: Any) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is not None:
            callbacks.deliver(result, error)

    @Slot(str, str)
    def _on_connection(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.connection_changed.emit(state, message)

    def close(self) -> None:
        """Stop the worker thread (call from the window's closeEvent), after what rides
        on it (:attr:`closing`)."""
        self.closing.emit()
        if self._thread.isRunning():
            QMetaObject.invokeMethod(self._worker, "stop", Qt.BlockingQueuedConnection)
            self._thread.quit()
            self._thread.wait(5000)
