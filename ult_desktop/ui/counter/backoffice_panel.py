"""The back-office desk (SOP 003 steps 10-15), a tab of the counter window.

Back office (and helpdesk) officers see the visitors transferred to them and the
consultations and escalations handed to back office; they take one, study it, note the
unit utama they coordinated with, write the disposition and hand it back. Front-office
officers consult back office about the visitor at their counter and see the answers
come back (the change feed tells them at once), then mark them explained, in person or
by call-back. Everyone who may see it gets the time per SOP step of this month against
its mutu baku.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QWidget

from ult_desktop.core.dates import month_range
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import can
from ult_desktop.core.sop import StepSummary
from ult_desktop.core.tickets import Ticket
from ult_desktop.db import handover, queries
from ult_desktop.db.connection import Database
from ult_desktop.db.office import read_settings
from ult_desktop.ui.counter.backoffice_view import DeskDetail, DeskList


@dataclass
class DeskState:
    """One refresh of the desk."""

    day: date
    timezone: str
    tickets: list[Ticket] = field(default_factory=list)      # transferred to me
    incoming: list[handover.Handover] = field(default_factory=list)  # for back office
    outgoing: list[handover.Handover] = field(default_factory=list)  # I handed over
    steps: list[StepSummary] = field(default_factory=list)


def desk_state(db: Database, *, officer_id: int, back_office: bool,
               front_office: bool) -> DeskState:
    """One refresh of the desk: one read transaction."""
    return db.read(lambda conn: _desk_state(conn, officer_id=officer_id,
                                            back_office=back_office,
                                            front_office=front_office))


def _desk_state(conn, *, officer_id: int, back_office: bool, front_office: bool) -> DeskState:
    day = date.fromisoformat(queries.read_today(conn))
    state = DeskState(day=day, timezone=read_settings(conn, ("timezone",))["timezone"])
    # Whoever a visitor was transferred to may serve them here, counter or not.
    state.tickets = handover.read_tickets_for_officer(conn, officer_id, day.isoformat())
    if back_office:
        state.incoming = handover.read_back_office_list(conn, officer_id)
    if front_office:
        state.outgoing = handover.read_front_office_list(conn, officer_id, day)
    state.steps = handover.read_sop_report(conn, *month_range(day)).steps
    return state


class BackOfficePanel(QWidget):
    """The desk: :class:`DeskList` on the left, :class:`DeskDetail` on the right; the
    panel loads the desk and runs the actions (``self.win``: the CounterSession)."""

    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.state: DeskState | None = None
        self.loads = 0  # how many times the desk arrived (tests wait on it)
        self.list = DeskList()
        self.list.selection_changed.connect(self._show_selected)
        self.details = DeskDetail()
        for name in ("title", "table", "steps"):
            setattr(self, name, getattr(self.list, name))
        for name in ("detail", "unit", "disposition", "question", "bo_box", "fo_box",
                     "consult_label", "btn_take", "btn_coordinate", "btn_answer",
                     "btn_return", "btn_finish", "btn_consult", "btn_in_person",
                     "btn_callback"):
            setattr(self, name, getattr(self.details, name))
        for button, slot in ((self.btn_take, self.do_take),
                             (self.btn_coordinate, self.do_coordinate),
                             (self.btn_answer, self.do_answer),
                             (self.btn_return, self.do_hand_back),
                             (self.btn_finish, self.do_finish_here),
                             (self.btn_consult, self.do_consult),
                             (self.btn_in_person, lambda: self.do_explain("in_person")),
                             (self.btn_callback, lambda: self.do_explain("callback"))):
            button.clicked.connect(slot)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.details, 2)
        self.update_actions()

    @property
    def rows(self) -> list[tuple[str, object]]:
        return self.list.rows

    # -- who is looking ------------------------------------------------------------
    def _role(self) -> str:
        return self.win.officer.role if self.win.officer else ""

    def back_office(self) -> bool:
        return can(self._role(), "answer")

    def front_office(self) -> bool:
        return can(self._role(), "queue")

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        if self.win.officer is None:
            return
        self.win.station.run(desk_state, officer_id=self.win.officer.id,
                             back_office=self.back_office(), front_office=self.front_office(),
                             done=self._apply, failed=lambda _: None, parent=self)

    def _apply(self, state: DeskState) -> None:
        self.state = state
        self.loads += 1
        self._fill()

    def _fill(self) -> None:
        if self.state is None:
            return
        self.list.show_state(self.state, back_office=self.back_office())
        self._show_selected()

    def selected(self):
        return self.list.selected()

    def select_handover(self, handover_id: int) -> None:
        self.list.select_handover(handover_id)

    def _show_selected(self) -> None:
        self.details.show_row(self.selected())
        self.update_actions()

    def _current_ticket(self) -> Ticket | None:
        state = self.win.queue_state  # self.win: the CounterSession
        return state.current if state is not None else None

    def update_actions(self) -> None:
        officer = self.win.officer
        self.details.enable(
            online=self.win.online and officer is not None, sel=self.selected(),
            back_office=self.back_office(), front_office=self.front_office(),
            has_tickets=bool(self.state and self.state.tickets),
            officer_id=officer.id if officer is not None else None,
            current=self._current_ticket())

    # -- actions -------------------------------------------------------------------
    def _done(self, key: str):
        def done(result) -> None:
            h = result[1] if isinstance(result, tuple) else result
            if h is None:
                self.win.notify(tr("backoffice.msg.nobody"))
            else:
                self.win.notify(tr(key, who=h.ticket_number or h.visitor_name or ""))
            self.refresh()
            if isinstance(result, tuple) or key == "backoffice.msg.returned":
                self.win.queue_moved.emit()
        return done

    def do_take(self) -> None:
        sel = self.selected()
        if sel is None:
            return
        me = self.win.officer.id
        if sel[0] == "ticket":
            self.win.run(handover.take_ticket, officer_id=me, ticket_id=sel[1].id,
                         done=self._done("backoffice.msg.taken"), parent=self)
        else:
            self.win.run(handover.take, handover_id=sel[1].id, officer_id=me,
                         done=self._done("backoffice.msg.taken"), parent=self)

    def do_coordinate(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.coordinate, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, unit=self.unit.text(),
                     done=self._done("backoffice.msg.coordinating"), parent=self)

    def do_answer(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        text = self.disposition.toPlainText()

        def done(h) -> None:
            if self.disposition.toPlainText() == text:
                self.disposition.document().setModified(False)
            self._done("backoffice.msg.answered")(h)
        self.win.run(handover.answer, handover_id=sel[1].id, officer_id=self.win.officer.id,
                     disposition=text, done=done, parent=self)

    def do_hand_back(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.hand_back, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, done=self._done("backoffice.msg.returned"),
                     parent=self)

    def do_finish_here(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.finish_at_desk, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, done=self._done("backoffice.msg.finished"),
                     parent=self)

    def do_consult(self) -> None:
        current = self._current_ticket()
        if current is None:
            return
        question = self.question.toPlainText()

        def done(h) -> None:
            self.question.clear()
            self._done("backoffice.msg.sent")(h)
        self.win.run(handover.consult, from_officer=self.win.officer.id, ticket_id=current.id,
                     question=question, done=done, parent=self)

    def do_explain(self, mode: str) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.explain, handover_id=sel[1].id, officer_id=self.win.officer.id,
                     mode=mode, done=self._done("backoffice.msg.explained"), parent=self)

    # -- the feed ------------------------------------------------------------------
    def on_events(self, events: list) -> None:
        """Refresh on any handover; tell a FO officer when an answer came back to them."""
        mine = self.win.officer.id if self.win.officer else None
        relevant = False
        for e in events:
            if e.kind in handover.EVENT_KINDS:
                relevant = True
                if e.kind == handover.RETURNED and e.data.get("from_officer") == mine:
                    self.win.notify(tr("backoffice.msg.arrived",
                                       who=e.ticket_number or tr("backoffice.kind.escalation")))
            elif e.kind == "transferred" and e.data.get("to_officer") == mine:
                relevant = True
        if relevant:
            self.refresh()
