"""The desk's breaks: Jeda / Lanjutkan with a reason, and the office's break (ISHOMA, the
Friday break, a planned pause: ``core.schedule``) kept at the desk as the paper says it.
At the break's start a free desk pauses with the break as its reason and says so; a desk
with a visitor pauses once she is done; F1 calls nobody meanwhile. The officer serves on
only by saying so (Tetap melayani: her resume, recorded with the break's reason)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.schedule import Pause, pause_at
from ult_desktop.db.queue import desk
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.dialogs import ChoiceReasonDialog


def _span(pause: Pause) -> dict[str, str]:
    return {"start": pause.start.strftime("%H.%M"), "end": pause.end.strftime("%H.%M")}


class PauseControl(QWidget):
    """Jeda / Lanjutkan with a reason (the TV and kiosk show it; the counter calls nobody);
    during the office's break the button reads Tetap melayani and the line says the break."""

    def __init__(self, session, status: QLabel, parent=None):
        super().__init__(parent)
        self.session, self.paused, self.dialog = session, None, None
        self.state: jobs.CounterState | None = None
        self.may_act = False  # the officer works this counter's queue
        #: the office's break this desk is pausing for, or its officer said she serves
        #: through (kept here until the record says so)
        self._pausing: Pause | None = None
        self._said: Pause | None = None
        self._asked: Pause | None = None  # the break a refresh was asked for
        self.status = status  # the desk card's line under the number
        self.label = QLabel(objectName="pause_state", wordWrap=True,
                            styleSheet="color:#ef6c00;font-weight:bold;")
        self.button = QPushButton(tr("counter.action.pause"), objectName="btn_pause",
                                  clicked=self.toggle)
        hbox((self.label, 1), self.button, on=self, margins=0)

    # -- the office's break --------------------------------------------------------
    def office_break(self) -> Pause | None:
        """The office's pause that holds this desk now, by the counter's clock."""
        s = self.session
        settings = s.info.settings if s.info else None
        if not settings or s.counter is None:
            return None
        return pause_at(settings, s.counter, local_time(jobs.utc_now(), settings["timezone"]))

    def on_break(self) -> Pause | None:
        """The office's pause holding this desk now that its officer has not said she
        serves through (None: the desk serves as usual)."""
        pause = self.office_break()
        brk = self.state.desk_break if self.state else None
        if pause is None or pause == self._said or (brk is not None and brk.kept and
                                                    brk.pause == pause):
            return None
        return pause

    def keep_break(self) -> None:
        """At a break's start (the desk's clock asks each second): a free desk pauses for it
        (once), a busy one after its visitor; the state read before the break began is read
        again first."""
        pause, state = self.office_break(), self.state
        may_act, online = self.may_act, self.session.online
        if pause != self._said:
            self._said = None  # that break is over
        if state is None or not may_act or not online:
            return
        known = state.desk_break.pause if state.desk_break else None
        if pause != known and pause != self._asked:
            self._asked = pause
            self.session.queue_moved.emit()  # read again: has she said she serves on?
            return
        pause = self.on_break()
        if pause is None or state.paused or state.current is not None or self._pausing:
            return
        self.pause_for(pause)

    def pause_for(self, pause: Pause) -> None:
        """Pause the desk for the office's *pause*, as the officer's Jeda would."""
        s, self._pausing = self.session, pause

        def done(_=None) -> None:  # (pausing until a state read says so)
            s.notify(tr("counter.msg.break_paused", counter=self._name(), **_span(pause)))
            s.queue_moved.emit()

        def failed(_error) -> None:
            self._pausing = None
        s.run(desk.pause_counter, counter=s.counter, reason=pause.reason,
              officer_id=s.officer.id, now=jobs.utc_now(), parent=self, done=done,
              failed=failed)

    def holds_call(self, busy: bool) -> bool:
        """F1 during the office's break: True (nobody called) unless its officer said
        she serves on; a free desk pauses for it then."""
        pause = self.on_break()
        if pause is None:
            return False
        self.session.notify(tr("counter.msg.break_no_call", **_span(pause)), error=True)
        if not busy and not self._pausing and not self.paused:
            self.pause_for(pause)
        return True

    # -- the control ---------------------------------------------------------------
    def show_paused(self, state: jobs.CounterState | None, may_act: bool, *,
                    free: bool) -> None:
        """*may_act*: the officer works this counter's queue (else hidden); *free*:
        online, nobody at the desk."""
        self.state, self.may_act = state, may_act
        paused = self.paused = state.paused if state else None
        if paused:
            self._pausing = None
        self.setVisible(may_act)
        brk = self.on_break() if state is not None else None
        self.button.setText(tr("counter.action.keep_serving" if paused and brk else
                               "counter.action.resume" if paused else "counter.action.pause"))
        self.button.setEnabled(may_act and free)
        self.label.setText(self._words(paused, brk, state))
        if paused and may_act and free:  # not "press F1": F1 waits for Lanjutkan
            self.status.setText(tr("counter.queue.break_paused" if brk else
                                   "counter.queue.paused"))
        self.keep_break()

    def _words(self, paused: dict | None, brk: Pause | None, state) -> str:
        if brk is not None and paused:
            return tr("counter.break.paused", **_span(brk))
        if brk is not None and state.current is not None:
            return tr("counter.break.after_visitor", **_span(brk))
        kept = state.desk_break if state else None
        if kept is not None and kept.kept and not paused:
            return tr("counter.break.kept", **_span(kept.pause))
        return tr(f"counter.pause.{paused['reason']}") if paused else ""

    def _name(self) -> str:
        s = self.session
        return next((c.name for c in s.info.counters if c.number == s.counter), "")

    def toggle(self) -> None:
        s, name = self.session, self._name()

        def done(key: str, reason: str = "") -> None:
            s.notify(tr(key, counter=name, reason=reason))
            s.queue_moved.emit()
        if self.paused:
            brk = self.on_break()  # said during the office's break: she serves through it
            self._said = brk
            s.run(desk.resume_counter, counter=s.counter, officer_id=s.officer.id,
                  keep=brk.reason if brk else None, now=jobs.utc_now(), parent=self,
                  done=lambda _: done("counter.msg.kept_serving" if brk else
                                      "counter.msg.resumed"))
            return
        self.dialog = dialog = ChoiceReasonDialog.pause(name, parent=self)

        def accepted() -> None:  # read now: the dialog is gone once closed
            label = dialog.choice.currentText()
            s.run(desk.pause_counter, counter=s.counter, reason=dialog.reason(),
                  officer_id=s.officer.id, parent=self,
                  done=lambda _: done("counter.msg.paused", label))
        dialog.then(accepted)
