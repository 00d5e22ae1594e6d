"""Who is at this desk: :class:`CounterSession` (officer, counter, office, online state,
journal, station; runs jobs and signals the panels, which never reach into the window or
each other), :class:`Finishes` (the Selesai, kept in the journal first and landed a moment
later) and :class:`DraftedSave` (a register form's draft-and-save cycle: a draft shortly
after each edit, a save that waits for the share and is sent once per click)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.app.paths import user_data_dir
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import RecordInput, can
from ult_desktop.core.tickets import FOLLOW_UP
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.visit import cases
from ult_desktop.ui.common.station import OK, Station, report_failure, state_of
from ult_desktop.ui.counter import jobs

log = logging.getLogger(__name__)


class CounterSession(QObject):
    """The desk's shared state (see module docstring)."""

    message = Signal(str, bool)      # one sentence for the status line, is it an error
    started = Signal(list)           # an officer signed in (with the services chosen)
    queue_moved = Signal()           # the queue may look different now: refresh it
    cases_changed = Signal()         # cases may look different now
    desk_changed = Signal()          # the queue panel's state arrived: who is at the desk

    def __init__(self, station: Station, journal: CounterJournal, *,
                 data_dir: Path | None = None, preferred_counter=None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.station = station
        #: this PC's acts and the forms' drafts (``db.journals.desk_journal``)
        self.journal = journal
        #: where this PC keeps the officers' choices (the user's data folder)
        self.prefs = (data_dir or user_data_dir()) / "counter-prefs.json"
        self.preferred_counter = preferred_counter
        #: this counter's receipt printer (the station's ``printer``; "none": it has none)
        self.printer = "none"
        self.officer = None
        self.counter: int | None = None
        self.info: jobs.OfficeInfo | None = None
        self.online = False  # the shared file there (the window follows the station)
        #: the queue panel's last state (who is at the desk), read by other panels
        self.queue_state: jobs.CounterState | None = None

    @property
    def officer_id(self) -> int | None:
        """The signed-in officer's id (None: nobody signed in)."""
        return self.officer.id if self.officer is not None else None

    def may(self, action: str) -> bool:
        return self.officer is not None and can(self.officer.acting_role, action)

    def start(self, officer, counter: int | None, services: list[str]) -> None:
        self.officer = officer
        self.counter = counter if can(officer.acting_role, "queue") else None
        self.started.emit(services)

    def end(self) -> None:
        self.officer = None
        self.counter = None
        self.queue_state = None

    def notify(self, text: str, *, error: bool = False) -> None:
        self.message.emit(text, error)

    def refresh_cases(self) -> None:
        if self.may("cases_view"):
            self.cases_changed.emit()

    def run(self, fn, *args, parent: QObject | None, done=None, failed=None,
            **kwargs) -> None:
        """Run a job for *parent* (``None``: no widget); on failure *failed*, then
        ``station.report_failure`` and a queue refresh."""
        def on_failed(error) -> None:
            if failed is not None:
                failed(error)
            report_failure(error, lambda sentence: self.notify(sentence, error=True))
            if self.officer is not None:
                self.queue_moved.emit()
        self.station.run(fn, *args, done=done, failed=on_failed, parent=parent, **kwargs)

    def say_calls(self) -> Callable[[Any], None]:
        """For ``jobs.act``: a call the record now holds goes out on the LAN too."""
        return jobs.say_call(self.info.root if self.info else None, self.station.path)


class Finishes(QObject):
    """The desk's Selesai: a signed ``finish`` act kept in the counter's journal, then
    landed by the worker with every act the journal holds (``jobs.land_desk``), so the
    officer waits only for the local disk; the next call queues after it. A busy or gone
    share keeps it for later (:meth:`land`); one set aside is said and its text is a draft
    again. An escalation is sent and waited for (its receipt needs the case number)."""

    landed = Signal(object)  # jobs.Acted: an escalation's Selesai is in the record
    acts_landed = Signal()   # the journal's acts landed: what the screens show may change

    def __init__(self, session: CounterSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.journal = session.journal
        #: kept and not yet in the record: no longer at the desk on this screen
        self.pending: set[int] = self._kept()

    def _kept(self) -> set[int]:
        return {p.get("ticket_id") for p in self.journal.kept_finishes().values()}

    def finish(self, number: str, record: RecordInput | None, base: RecordInput | None,
               **finish: Any) -> bool:
        """One Selesai (``cases.finish_visit``'s arguments): kept and done at once (True), or
        sent and waited for (False: an escalation, or a disk that refused it)."""
        outcome, ticket_id = finish["outcome"], finish["ticket_id"]
        if outcome not in FOLLOW_UP:
            try:
                self.journal.record(
                    day=self.journal.today(), number=number, counter=finish["counter"],
                    officer_id=finish["officer_id"], kind="finish", outcome=outcome,
                    payload={"ticket_id": ticket_id, "base": base and base.as_dict(),
                             "record": record and record.as_dict()})
            except (sqlite3.Error, OSError) as exc:
                log.warning("Selesai of %s not kept on this PC (%s): sent", number, exc)
            else:
                self.pending.add(ticket_id)
                self.journal.drop_draft(f"ticket:{ticket_id}")
                self.land()
                self.session.notify(tr("counter.msg.finished", number=number,
                                       outcome=tr(f"counter.outcome.{outcome}")))
                return True
        if record is not None:  # kept until the visit is finished in the file
            self.journal.put_draft(f"ticket:{ticket_id}", record.as_dict())

        def done(acted: jobs.Acted) -> None:
            self.journal.drop_draft(f"ticket:{ticket_id}")
            self.session.notify(tr("counter.msg.finished", number=number, outcome=tr(
                f"counter.outcome.{acted.result.outcome}")))
            self.landed.emit(acted)
        self.session.run(jobs.act, cases.finish_visit, desk=(finish["counter"],
                         finish["officer_id"]), record=record, base=base, done=done,
                         parent=self, **finish)
        return False

    def land(self) -> None:
        """Land what the journal holds (a Selesai, the outage's acts), in one write; and,
        once a run, this office's journals kept under another path or station name."""
        if self.journal.acts("pending") or not self.journal.adopted:
            self.session.station.run(jobs.land_desk, self.journal, parent=self,
                                     done=self._landed, failed=lambda _e: None)

    def _landed(self, told: list) -> None:
        # call conflicts are told by the record's event; refused acts, set-aside Selesai and
        # acts a ticket's rule set aside (with its sentence) here
        for act in told:
            if act.body is not None and act.state == "set_aside":
                self.session.notify(tr("counter.msg.finish_refused", number=act.number,
                                       reason=act.why or tr("counter.msg.moved_on")),
                                    error=True)
            elif act.why:
                self.session.notify(tr("counter.offline.set_aside_rule", number=act.number,
                                       reason=act.why), error=True)
            elif act.state == "refused" and act.kind != "signin":
                self.session.notify(tr("counter.offline.refused", number=act.number),
                                    error=True)
        self.pending = self._kept()
        self.acts_landed.emit()


class DraftedSave(QObject):
    """A form's draft-and-save cycle. *write_draft* writes the draft now (300 ms after the
    last edit, before every save, on :meth:`flush`); *note* shows one line under the form."""

    def __init__(self, session: CounterSession, *, write_draft: Callable[[], None],
                 note: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.write_draft = write_draft
        self.note = note
        self.pending = False   # a save waits for the share
        self.saving = False    # a save is on its way: a second click must not repeat it
        self.timer = QTimer(self, singleShot=True, interval=300, timeout=self.write_draft)

    def edited(self) -> None:
        self.timer.start()

    def flush(self) -> None:
        """Write a draft still waiting on its timer (logout, close)."""
        if self.timer.isActive():
            self.timer.stop()
            self.write_draft()

    def stop(self) -> None:
        self.timer.stop()

    def save(self, job: Callable, *, done: Callable[[Any], None], **kwargs: Any) -> None:
        """Keep the draft, then send ``job(**kwargs)``; offline (or cut off on the way)
        the save waits and :meth:`retry` sends it again."""
        if self.saving:
            return
        self.timer.stop()
        self.write_draft()
        if not self.session.online:
            self._wait()
            return

        def ok(result) -> None:
            self.saving = False
            self.pending = False
            done(result)

        def bad(error) -> None:
            self.saving = False
            if state_of(error) != OK:
                self._wait()

        self.saving = True
        # parent=self: this helper is a child of its panel and goes with it
        self.session.run(job, done=ok, failed=bad, parent=self, **kwargs)

    def _wait(self) -> None:
        self.pending = True
        self.note(tr("counter.form.pending"))

    def retry(self, resend: Callable[[], None], *, when: bool) -> None:
        """The share is back: *resend* the save that waited, if *when* still holds."""
        if self.pending and when:
            self.pending = False
            resend()
