"""Who is at this desk: the counter session the panels share instead of the window.

:class:`CounterSession` holds the officer, the counter, the office info, the online
state, the local drafts and the station, runs jobs with the counter's failure rule,
and tells the panels what happened through signals. A panel never reaches into the
window or into another panel; the window listens to the session and arranges tabs.

:class:`DraftedSave` is the one draft-and-save cycle of a register form (the walk-in
form of the queue, the phone/online form): a draft written shortly after each edit, a
save that waits for the share when it is gone and is sent again when it is back, and
never twice for one click.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ult_desktop.core.i18n import tr
from ult_desktop.core.register import can
from ult_desktop.ui.common.station import OK, Station, report_failure, state_of
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.drafts import DraftStore


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
