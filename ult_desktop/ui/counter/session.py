"""Who is at this desk: the counter session the panels share instead of the window.

:class:`CounterSession` holds the officer, the counter, the office info, the online
state, the local drafts and the station, runs jobs with the counter's failure rule,
and tells the panels what happened through signals. A panel never reaches into the
window or into another panel; the window listens to the session and arranges tabs.

:class:`Finishes` is the desk's Selesai: kept on this PC first and written to the record
a moment later, so the officer never waits for the share at the busy hour.

:class:`DraftedSave` is the one draft-and-save cycle of a register form (the walk-in
form of the queue, the phone/online form): a draft written shortly after each edit, a
save that waits for the share when it is gone and is sent again when it is back, and
never twice for one click.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import utc_now
from ult_desktop.core.register import RecordInput, can
from ult_desktop.core.tickets import FOLLOW_UP
from ult_desktop.ui.common.station import OK, Station, report_failure, state_of
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.drafts import FINISH, DraftStore


class CounterSession(QObject):
    """The desk's shared state (see module docstring)."""

    message = Signal(str, bool)      # one sentence for the status line, is it an error
    started = Signal(list)           # an officer signed in (with the services chosen)
    online_changed = Signal(bool)
    queue_moved = Signal()           # the queue may look different now: refresh it
    cases_changed = Signal()         # cases may look different now
    desk_changed = Signal()          # the queue panel's state arrived: who is at the desk

    def __init__(self, station: Station, drafts: DraftStore, *, preferred_counter=None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.station = station
        self.drafts = drafts
        self.preferred_counter = preferred_counter
        self.officer = None
        self.counter: int | None = None
        self.info: jobs.OfficeInfo | None = None
        self.online = False
        #: the queue panel's last state (who is at the desk), read by other panels
        self.queue_state: jobs.CounterState | None = None

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

    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def notify(self, text: str, *, error: bool = False) -> None:
        self.message.emit(text, error)

    def _say_error(self, sentence: str) -> None:
        self.notify(sentence, error=True)

    def refresh_cases(self) -> None:
        if self.may("cases_view"):
            self.cases_changed.emit()

    def run(self, fn, *args, parent: QObject | None, done=None, failed=None,
            **kwargs) -> None:
        """Run a job for *parent* (the panel whose callbacks these are: nothing is called
        once it is gone; ``None`` spelled out when the answer belongs to no widget); on
        failure *failed* (if given), then the screens' one failure handling
        (:func:`~ult_desktop.ui.common.station.report_failure`: logged, its sentence on
        the status line) and a refresh of the queue, which may have moved on meanwhile."""
        def on_failed(error) -> None:
            if failed is not None:
                failed(error)
            report_failure(error, self._say_error)
            if self.officer is not None:
                self.queue_moved.emit()
        self.station.run(fn, *args, done=done, failed=on_failed, parent=parent, **kwargs)


class Finishes(QObject):
    """The desk's Selesai, kept on this PC's disk first (``DraftStore.keep_finish``: sealed, with the
    visit's record), then written to the record by the station's worker in the order
    pressed (``jobs.finish_visit``, dated when pressed): the officer waits for the local
    disk, never behind the other stations' writes on the share. The next call goes to
    the same worker after it, so the record sees them in the order done.

    One that meets a busy or vanished share stays kept and is sent again when the share
    is back or the counter starts again (:meth:`send_kept`); one the record refuses (the
    visitor was moved meanwhile) is said on the status line, and what was typed stays as
    a draft."""

    landed = Signal(object)  # jobs.Acted: the record has it (either way)

    #: what a kept Selesai keeps of ``jobs.finish_visit``'s arguments
    ARGS = ("counter", "ticket_id", "outcome", "officer_id", "unit", "callback_needed")

    def __init__(self, session: CounterSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        #: kept and not yet in the record: no longer at the desk on this screen
        self.pending: set[int] = set()
        self._sending: set[int] = set()

    def finish(self, number: str, record: RecordInput | None, base: RecordInput | None,
               **finish: Any) -> bool:
        """One Selesai (*finish*: :attr:`ARGS`): kept here and done at once (True); or
        sent and waited for (False): an escalation, whose receipt needs its case's number
        from the record, or a disk that did not take it."""
        outcome, ticket_id = finish["outcome"], finish["ticket_id"]
        said = tr("counter.msg.finished", number=number, outcome=tr(f"counter.outcome.{outcome}"))
        kept = {**finish, "number": number, "at": utc_now().isoformat(),
                "base": base.as_dict() if base is not None else None}
        if outcome not in FOLLOW_UP and self.session.drafts.keep_finish(
                ticket_id, record.as_dict() if record is not None else None, kept):
            self.pending.add(ticket_id)
            self._send(kept, record)
            self.session.notify(said)
            return True
        if record is not None:  # kept until the visit is finished in the file
            self.session.drafts.put(f"ticket:{ticket_id}", record.as_dict())

        def done(acted: jobs.Acted) -> None:
            self.session.drafts.drop(f"ticket:{ticket_id}")
            self.session.notify(tr("counter.msg.finished", number=number, outcome=tr(
                f"counter.outcome.{acted.result.outcome}")))
            self.landed.emit(acted)
        self.session.run(jobs.act, jobs.finish_visit, desk=(finish["counter"],
                         finish["officer_id"]), record=record, base=base, done=done,
                         parent=self, **finish)
        return False

    def send_kept(self) -> None:
        """Send every Selesai still kept (the share is back; the counter started)."""
        for ticket_id, draft in self.session.drafts.finishes().items():
            self.pending.add(ticket_id)
            data = draft.get("data")
            self._send(draft["meta"][FINISH], RecordInput.from_dict(data) if data else None)

    def _send(self, finish: dict, record: RecordInput | None) -> None:
        ticket_id = finish["ticket_id"]
        if ticket_id in self._sending:
            return
        self._sending.add(ticket_id)

        def done(acted: jobs.Acted) -> None:
            self._sending.discard(ticket_id)
            self.pending.discard(ticket_id)
            self.session.drafts.drop(f"ticket:{ticket_id}")
            self.landed.emit(acted)

        def failed(error: BaseException) -> None:
            self._sending.discard(ticket_id)
            if state_of(error) == OK:  # the record's rules refused it
                self.pending.discard(ticket_id)
                self.session.drafts.unkeep_finish(ticket_id)
                report_failure(error, lambda reason: self.session.notify(tr(
                    "counter.msg.finish_refused", number=finish["number"], reason=reason),
                    error=True))
            else:  # the share is busy or away: sent again when it is back
                report_failure(error, self.session._say_error)
            if self.session.officer is not None:
                self.session.queue_moved.emit()

        base = finish.get("base")
        self.session.station.run(
            jobs.act, jobs.finish_visit, desk=(finish["counter"], finish["officer_id"]),
            record=record, base=RecordInput.from_dict(base) if base else None,
            now=datetime.fromisoformat(finish["at"]), done=done, failed=failed, parent=self,
            **{k: finish[k] for k in self.ARGS})


class DraftedSave(QObject):
    """A form's draft-and-save cycle (see module docstring).

    :param write_draft: writes the form's draft now (called 300 ms after the last edit,
        before every save, and by :meth:`flush`).
    :param note: shows one short line under the form ("kept as draft", "waiting").
    """

    def __init__(self, session: CounterSession, *, write_draft: Callable[[], None],
                 note: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.write_draft = write_draft
        self.note = note
        self.pending = False   # a save waits for the share
        self.saving = False    # a save is on its way: a second click must not repeat it
        self.timer = QTimer(self, singleShot=True, interval=300)
        self.timer.timeout.connect(self.write_draft)

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
