"""The back-office desk (SOP 003 steps 10-15), a tab of the counter window: handovers taken
and answered with a disposition, front office's consultations answered by feed, and this
month's time per SOP step against its mutu baku."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import tr
from ult_desktop.core.tickets import Ticket
from ult_desktop.db.visit import handover
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.backoffice_view import DeskDetail, DeskList


def lapor_line(c: dict) -> str:
    """One LAPOR! report's warning: which deadline, by when, near or past."""
    plan = c["plan"] in ("warn", "overdue")
    return tr("backoffice.lapor." + ("plan" if plan else "done"),
              lapor=c["lapor_id"] or f"K-{c['case_id']:05d}", visitor=c["visitor"],
              due=long_date(c["plan_due" if plan else "done_due"]),
              state=tr(f"evidence.lapor.st.{c['plan' if plan else 'done']}"))


class BackOfficePanel(QWidget):
    """The desk: :class:`DeskList` on the left, :class:`DeskDetail` on the right; the
    panel loads the desk and runs the actions (*session*: the CounterSession)."""

    def __init__(self, session, parent=None):
        super().__init__(parent, objectName="backoffice_panel")
        self.session = session
        self.state: jobs.DeskState | None = None
        self.loads = 0  # how many times the desk arrived (tests wait on it)
        self.list = DeskList()
        self.list.selection_changed.connect(self._show_selected)
        self.details = DeskDetail()
        d = self.details
        for button, slot in ((d.btn_take, self.do_take),
                             (d.btn_coordinate, self.do_coordinate),
                             (d.btn_answer, self.do_answer),
                             (d.btn_return, self.do_hand_back),
                             (d.btn_finish, self.do_finish_here),
                             (d.btn_consult, self.do_consult),
                             (d.btn_in_person, lambda: self.do_explain("in_person")),
                             (d.btn_callback, lambda: self.do_explain("callback"))):
            button.clicked.connect(slot)
        #: SP4N-LAPOR! deadlines near or past (hidden when none)
        self.lapor = QLabel(objectName="lapor_warnings", wordWrap=True, visible=False,
                            styleSheet="color:#ffffff;background:#e65100;padding:4px;"
                                       "font-weight:bold;border-radius:4px;")
        vbox(self.lapor, (hbox((self.list, 3), (self.details, 2)), 1), on=self, margins=0)
        self.update_actions()

    # -- who is looking ------------------------------------------------------------
    def back_office(self) -> bool:
        return self.session.may("answer")

    def front_office(self) -> bool:
        return self.session.may("queue")

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session.officer is None:
            return
        self.session.station.run(jobs.desk_state, officer_id=self.session.officer.id,
                             back_office=self.back_office(), front_office=self.front_office(),
                             done=self._apply, failed=lambda _: None, parent=self)

    def _apply(self, state: jobs.DeskState) -> None:
        self.state = state
        self.loads += 1
        self._fill()

    def _fill(self) -> None:
        if self.state is None:
            return
        self.lapor.setText("\n".join(lapor_line(c) for c in self.state.lapor))
        self.lapor.setVisible(bool(self.state.lapor))
        self.list.show_state(self.state, back_office=self.back_office())
        self._show_selected()

    def _show_selected(self) -> None:
        self.details.show_row(self.list.selected())
        self.update_actions()

    def _current_ticket(self) -> Ticket | None:
        state = self.session.queue_state
        return state.current if state is not None else None

    def update_actions(self) -> None:
        self.details.enable(
            online=self.session.online and self.session.officer is not None,
            sel=self.list.selected(), officer_id=self.session.officer_id,
            back_office=self.back_office(), front_office=self.front_office(),
            has_tickets=bool(self.state and self.state.tickets), current=self._current_ticket())

    # -- actions -------------------------------------------------------------------
    def _done(self, key: str):
        def done(result) -> None:
            h = result[1] if isinstance(result, tuple) else result
            if h is None:
                self.session.notify(tr("backoffice.msg.nobody"))
            else:
                self.session.notify(tr(key, who=h.ticket_number or h.visitor_name or ""))
            self.refresh()
            if isinstance(result, tuple) or key == "backoffice.msg.returned":
                self.session.queue_moved.emit()
        return done

    def _handover(self, fn, key: str | None = None, *, done=None, **kwargs) -> None:
        """Run *fn* on the selected handover as this officer (nothing selected: nothing)."""
        sel = self.list.selected()
        if sel is None or sel[0] != "handover":
            return
        self.session.run(fn, handover_id=sel[1].id, officer_id=self.session.officer.id,
                         done=done or self._done(key), parent=self, **kwargs)

    def do_take(self) -> None:
        sel = self.list.selected()
        if sel is None:
            return
        me = self.session.officer.id
        if sel[0] == "ticket":
            self.session.run(handover.take_ticket, officer_id=me, ticket_id=sel[1].id,
                             done=self._done("backoffice.msg.taken"), parent=self)
        else:
            self._handover(handover.take, "backoffice.msg.taken")

    def do_coordinate(self) -> None:
        self._handover(handover.coordinate, "backoffice.msg.coordinating",
                       unit=self.details.unit.text())

    def do_answer(self) -> None:
        text = self.details.disposition.toPlainText()

        def done(h) -> None:
            self.details.disposition.saved(text)
            self._done("backoffice.msg.answered")(h)
        self._handover(handover.answer, disposition=text, done=done)

    def do_hand_back(self) -> None:
        self._handover(handover.hand_back, "backoffice.msg.returned")

    def do_finish_here(self) -> None:
        self._handover(handover.finish_at_desk, "backoffice.msg.finished")

    def do_consult(self) -> None:
        current = self._current_ticket()
        if current is None:
            return
        question = self.details.question.toPlainText()

        def done(h) -> None:
            self.details.question.clear()
            self._done("backoffice.msg.sent")(h)
        self.session.run(handover.consult, from_officer=self.session.officer.id,
                         ticket_id=current.id, question=question, done=done, parent=self)

    def do_explain(self, mode: str) -> None:
        self._handover(handover.explain, "backoffice.msg.explained", mode=mode)

    # -- the feed ------------------------------------------------------------------
    def on_events(self, events: list) -> None:
        """Refresh on any handover; tell a FO officer when an answer came back to them."""
        mine = self.session.officer_id
        relevant = False
        for e in events:
            if e.kind in handover.EVENT_KINDS:
                relevant = True
                if e.kind == handover.RETURNED and e.data.get("from_officer") == mine:
                    self.session.notify(tr("backoffice.msg.arrived",
                                       who=e.ticket_number or tr("backoffice.kind.escalation")))
            elif e.kind == "transferred" and e.data.get("to_officer") == mine:
                relevant = True
        if relevant:
            self.refresh()
