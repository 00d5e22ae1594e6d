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

import html
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.dates import month_range
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.register import can
from ult_desktop.core.sop import HandoverState, StepSummary
from ult_desktop.core.tickets import Ticket
from ult_desktop.db import handover, queries
from ult_desktop.db.connection import Database
from ult_desktop.db.office import get_settings
from ult_desktop.ui.common.sop_steps import SopStepsTable

_STATE_COLOR = {HandoverState.SENT: "#fff8e1", HandoverState.RETURNED: "#e8f5e9"}


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
    day = date.fromisoformat(queries.today(db))
    state = DeskState(day=day, timezone=get_settings(db, "timezone")["timezone"])
    # Whoever a visitor was transferred to may serve them here, counter or not.
    state.tickets = handover.tickets_for_officer(db, officer_id, day.isoformat())
    if back_office:
        state.incoming = handover.back_office_list(db, officer_id)
    if front_office:
        state.outgoing = handover.front_office_list(db, officer_id, day)
    state.steps = handover.sop_report(db, *month_range(day)).steps
    return state


def _esc(text: str | None) -> str:
    return html.escape(text or "-")


class BackOfficePanel(QWidget):
    def __init__(self, win, parent=None):
        super().__init__(parent)
        self.win = win
        self.state: DeskState | None = None
        self.loads = 0  # how many times the desk arrived (tests wait on it)
        self.rows: list[tuple[str, object]] = []  # ("ticket", Ticket) | ("handover", H)

        self.title = QLabel(objectName="bo_title")
        self.title.setStyleSheet("font-weight:bold;font-size:15px;")
        self.table = QTableWidget(0, 6, objectName="bo_list")
        self.table.setHorizontalHeaderLabels([
            tr("backoffice.col.sent"), tr("backoffice.col.kind"), tr("backoffice.col.state"),
            tr("backoffice.col.who"), tr("backoffice.col.service"),
            tr("backoffice.col.officer")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.steps = SopStepsTable(object_name="bo_steps")

        self.detail = QLabel(objectName="bo_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.RichText)
        self.detail.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.unit = QLineEdit(objectName="bo_unit")
        self.unit.setPlaceholderText(tr("backoffice.unit_hint"))
        self.disposition = QPlainTextEdit(objectName="bo_disposition")
        self.disposition.setPlaceholderText(tr("backoffice.disposition_hint"))
        self.disposition.setMaximumHeight(90)
        self.question = QPlainTextEdit(objectName="bo_question")
        self.question.setPlaceholderText(tr("backoffice.question_hint"))
        self.question.setMaximumHeight(70)

        def btn(key: str, name: str, slot) -> QPushButton:
            b = QPushButton(tr(key), objectName=name)
            b.clicked.connect(slot)
            return b

        self.btn_take = btn("backoffice.take", "btn_bo_take", self.do_take)
        self.btn_coordinate = btn("backoffice.coordinate", "btn_bo_coordinate",
                                  self.do_coordinate)
        self.btn_answer = btn("backoffice.answer", "btn_bo_answer", self.do_answer)
        self.btn_return = btn("backoffice.hand_back", "btn_bo_return", self.do_hand_back)
        self.btn_finish = btn("backoffice.finish_here", "btn_bo_finish", self.do_finish_here)
        self.btn_consult = btn("backoffice.consult", "btn_bo_consult", self.do_consult)
        self.btn_in_person = btn("backoffice.explained_in_person", "btn_bo_in_person",
                                 lambda: self.do_explain("in_person"))
        self.btn_callback = btn("backoffice.explained_callback", "btn_bo_callback",
                                lambda: self.do_explain("callback"))

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.table, 1)
        steps_box = QGroupBox(tr("backoffice.steps.title"))
        sl = QVBoxLayout(steps_box)
        sl.addWidget(self.steps)
        left.addWidget(steps_box)
        box = QGroupBox(tr("backoffice.detail"))
        dl = QVBoxLayout(box)
        dl.addWidget(self.detail, 1)
        self.bo_box = QWidget()
        bl = QVBoxLayout(self.bo_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.btn_take)
        row = QHBoxLayout()
        row.addWidget(self.unit, 1)
        row.addWidget(self.btn_coordinate)
        bl.addLayout(row)
        bl.addWidget(QLabel(tr("backoffice.disposition")))
        bl.addWidget(self.disposition)
        row = QHBoxLayout()
        row.addWidget(self.btn_answer)
        row.addWidget(self.btn_return)
        bl.addLayout(row)
        bl.addWidget(self.btn_finish)
        dl.addWidget(self.bo_box)
        self.fo_box = QWidget()
        fl = QVBoxLayout(self.fo_box)
        fl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.btn_in_person)
        row.addWidget(self.btn_callback)
        fl.addLayout(row)
        self.consult_label = QLabel(objectName="bo_consult_label")
        self.consult_label.setWordWrap(True)
        fl.addWidget(self.consult_label)
        fl.addWidget(self.question)
        fl.addWidget(self.btn_consult)
        dl.addWidget(self.fo_box)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(box, 2)
        self.update_actions()

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
                             done=self._apply, failed=lambda _: None)

    def _apply(self, state: DeskState) -> None:
        self.state = state
        self.loads += 1
        self._fill()

    def _time(self, h_or_t) -> str:
        moment = h_or_t.times["sent_at"] if isinstance(h_or_t, handover.Handover) \
            else h_or_t.sort_at
        return local_time(moment, self.state.timezone).strftime("%d-%m %H:%M")

    def _fill(self) -> None:
        if self.state is None:
            return
        keep = self.selected()
        s = self.state
        self.rows = [("ticket", t) for t in s.tickets] + \
            [("handover", h) for h in s.incoming] + \
            [("handover", h) for h in s.outgoing if h not in s.incoming]
        returned = sum(h.state is HandoverState.RETURNED for h in s.outgoing)
        self.title.setText(
            tr("backoffice.title_counts", tickets=len(s.tickets), incoming=len(s.incoming),
               returned=returned) if self.back_office() else
            tr("backoffice.title_fo", sent=sum(h.state is not HandoverState.EXPLAINED
                                              for h in s.outgoing), returned=returned))
        self.table.setRowCount(len(self.rows))
        for r, (what, item) in enumerate(self.rows):
            if what == "ticket":
                cells = [self._time(item), tr("backoffice.kind.transfer"),
                         tr("backoffice.state.waiting_desk"), item.number,
                         item.service_prefix, ""]
                color = "#fff8e1"
            else:
                who = (item.ticket_number + " · " if item.ticket_number else "") + \
                    (item.visitor_name or tr(f"counter.channel.{item.channel}"))
                cells = [self._time(item), tr(f"backoffice.kind.{item.kind.value}"),
                         tr(f"backoffice.state.{item.state.value}"), who,
                         item.service_prefix, item.taken_name or item.from_name or ""]
                color = _STATE_COLOR.get(item.state)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if color:
                    cell.setBackground(QColor(color))
                self.table.setItem(r, col, cell)
            if keep is not None and self._same(keep, (what, item)):
                self.table.selectRow(r)
        self.steps.show_steps(s.steps)
        self._show_selected()

    @staticmethod
    def _same(a, b) -> bool:
        return a[0] == b[0] and a[1].id == b[1].id

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select_handover(self, handover_id: int) -> None:
        for r, (what, item) in enumerate(self.rows):
            if what == "handover" and item.id == handover_id:
                self.table.selectRow(r)
                return

    def _show_selected(self) -> None:
        sel = self.selected()
        if sel is None:
            self.detail.setText(tr("backoffice.none_selected"))
        elif sel[0] == "ticket":
            t = sel[1]
            self.detail.setText(tr("backoffice.ticket_detail", number=_esc(t.number),
                                   service=_esc(t.service_name)))
        else:
            h = sel[1]
            lines = [f"<b>{_esc(h.visitor_name or h.ticket_number)}</b> — "
                     f"{_esc(h.institution)}",
                     f"{tr('backoffice.col.kind')}: {tr(f'backoffice.kind.{h.kind.value}')}"
                     f" · {tr(f'counter.channel.{h.channel}')} · {_esc(h.service_name)}",
                     f"{tr('backoffice.from')}: {_esc(h.from_name)}",
                     f"<b>{tr('backoffice.question')}:</b> {_esc(h.question or h.topic)}"]
            if h.unit:
                lines.append(f"<b>{tr('backoffice.unit')}:</b> {_esc(h.unit)}")
            if h.disposition:
                lines.append(f"<b>{tr('backoffice.disposition')}:</b> {_esc(h.disposition)}")
            self.detail.setText("<br>".join(lines))
            if not self.disposition.document().isModified():
                self.disposition.setPlainText(h.disposition or "")
        self.update_actions()

    def _current_ticket(self) -> Ticket | None:
        state = self.win.queue_state  # self.win: the CounterSession
        return state.current if state is not None else None

    def update_actions(self) -> None:
        online = self.win.online and self.win.officer is not None
        sel = self.selected()
        h = sel[1] if sel and sel[0] == "handover" else None
        bo, fo = self.back_office(), self.front_office()
        ticket_row = sel is not None and sel[0] == "ticket"
        self.bo_box.setVisible(bo or bool(self.state and self.state.tickets))
        self.fo_box.setVisible(fo)
        st = h.state if h else None
        self.btn_take.setEnabled(online and (ticket_row or (bo and st is HandoverState.SENT)))
        self.btn_coordinate.setEnabled(online and bo and st is HandoverState.TAKEN)
        self.btn_answer.setEnabled(online and bo and st in (
            HandoverState.TAKEN, HandoverState.COORDINATING, HandoverState.ANSWERED))
        self.btn_return.setEnabled(online and bo and st is HandoverState.ANSWERED)
        self.btn_finish.setVisible(h is not None and h.kind.value == "transfer")
        self.btn_finish.setEnabled(online and st is HandoverState.ANSWERED)
        mine = h is not None and self.win.officer is not None and \
            h.from_officer == self.win.officer.id
        self.btn_in_person.setEnabled(online and fo and mine and st is HandoverState.RETURNED)
        self.btn_callback.setEnabled(online and fo and mine and st is HandoverState.RETURNED)
        current = self._current_ticket()
        self.consult_label.setText(tr("backoffice.consult_for", number=current.number)
                                   if current else tr("backoffice.consult_none"))
        self.btn_consult.setEnabled(online and fo and current is not None)

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
                         done=self._done("backoffice.msg.taken"))
        else:
            self.win.run(handover.take, handover_id=sel[1].id, officer_id=me,
                         done=self._done("backoffice.msg.taken"))

    def do_coordinate(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.coordinate, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, unit=self.unit.text(),
                     done=self._done("backoffice.msg.coordinating"))

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
                     disposition=text, done=done)

    def do_hand_back(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.hand_back, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, done=self._done("backoffice.msg.returned"))

    def do_finish_here(self) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.finish_at_desk, handover_id=sel[1].id,
                     officer_id=self.win.officer.id, done=self._done("backoffice.msg.finished"))

    def do_consult(self) -> None:
        current = self._current_ticket()
        if current is None:
            return
        question = self.question.toPlainText()

        def done(h) -> None:
            self.question.clear()
            self._done("backoffice.msg.sent")(h)
        self.win.run(handover.consult, from_officer=self.win.officer.id, ticket_id=current.id,
                     question=question, done=done)

    def do_explain(self, mode: str) -> None:
        sel = self.selected()
        if sel is None or sel[0] != "handover":
            return
        self.win.run(handover.explain, handover_id=sel[1].id, officer_id=self.win.officer.id,
                     mode=mode, done=self._done("backoffice.msg.explained"))

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
