"""The back-office desk's list and detail widgets: they show what
:class:`~ult_desktop.ui.counter.backoffice_panel.BackOfficePanel` gives and say which button
was pressed; the panel runs the jobs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.register import mask_phone
from ult_desktop.core.sop import Handover, HandoverState
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.sop_steps import SopStepsTable
from ult_desktop.ui.common.tables import fill_rows, list_table
from ult_desktop.ui.counter.cases_panel import KeptText, esc

_STATE_COLOR = {HandoverState.SENT: "#fff8e1", HandoverState.RETURNED: "#e8f5e9"}


class DeskList(QWidget):
    """The desk's rows: ("ticket", Ticket) transferred to me, ("handover", Handover)."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, object]] = []
        self.timezone = "WIB"
        self.title = QLabel(objectName="bo_title", styleSheet="font-weight:bold;font-size:15px;")
        self.table = list_table([
            tr("backoffice.col.sent"), tr("backoffice.col.kind"), tr("backoffice.col.state"),
            tr("backoffice.col.who"), tr("backoffice.col.service"),
            tr("backoffice.col.officer")], object_name="bo_list")
        self.table.itemSelectionChanged.connect(self.selection_changed)
        self.steps = SopStepsTable(object_name="bo_steps")
        steps_box = QGroupBox(tr("backoffice.steps.title"))
        vbox(self.steps, on=steps_box)
        vbox(self.title, (self.table, 1), steps_box, on=self, margins=0)

    def _time(self, h_or_t) -> str:
        moment = h_or_t.times["sent_at"] if isinstance(h_or_t, Handover) \
            else h_or_t.sort_at
        return local_time(moment, self.timezone).strftime("%d-%m %H:%M")

    def show_state(self, s, *, back_office: bool) -> None:
        """Fill from a :class:`~ult_desktop.ui.counter.jobs.DeskState`,
        keeping the selected row selected."""
        keep = self.selected()
        self.timezone = s.timezone
        self.table.blockSignals(True)
        self.rows = [("ticket", t) for t in s.tickets] + \
            [("handover", h) for h in s.incoming] + \
            [("handover", h) for h in s.outgoing if h not in s.incoming]
        returned = sum(h.state is HandoverState.RETURNED for h in s.outgoing)
        self.title.setText(
            tr("backoffice.title_counts", tickets=len(s.tickets), incoming=len(s.incoming),
               returned=returned) if back_office else
            tr("backoffice.title_fo", sent=sum(h.state is not HandoverState.EXPLAINED
                                              for h in s.outgoing), returned=returned))
        cells = fill_rows(self.table, (self._cells(what, item) for what, item in self.rows))
        for r, (what, item) in enumerate(self.rows):
            color = "#fff8e1" if what == "ticket" else _STATE_COLOR.get(item.state)
            if color:
                for cell in cells[r]:
                    cell.setBackground(QColor(color))
            if keep is not None and keep[0] == what and keep[1].id == item.id:
                self.table.selectRow(r)
        self.table.blockSignals(False)
        self.steps.show_steps(s.steps)

    def _cells(self, what: str, item) -> list[str]:
        if what == "ticket":
            return [self._time(item), tr("backoffice.kind.transfer"),
                    tr("backoffice.state.waiting_desk"), item.number, item.service_prefix, ""]
        who = (item.ticket_number or item.online_ref or "") + \
            (" · " if item.ticket_number or item.online_ref else "") + \
            (item.visitor_name or tr(f"counter.channel.{item.channel}"))
        return [self._time(item), tr(f"backoffice.kind.{item.kind.value}"),
                tr(f"backoffice.state.{item.state.value}"), who, item.service_prefix,
                item.taken_name or item.from_name or ""]

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return None if not rows or rows[0].row() >= len(self.rows) else self.rows[rows[0].row()]

    def select_handover(self, handover_id: int) -> None:
        for r, (what, item) in enumerate(self.rows):
            if what == "handover" and item.id == handover_id:
                self.table.selectRow(r)
                return


class DeskDetail(QGroupBox):
    """The selected row in words, and the back-office / front-office actions."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(tr("backoffice.detail"), parent)
        self.detail = QLabel(objectName="bo_detail", wordWrap=True, textFormat=Qt.RichText,
                             alignment=Qt.AlignTop | Qt.AlignLeft,
                             textInteractionFlags=Qt.TextSelectableByMouse)
        self.unit = QLineEdit(objectName="bo_unit", placeholderText=tr("backoffice.unit_hint"))
        self.disposition = KeptText(objectName="bo_disposition")
        self.disposition.setPlaceholderText(tr("backoffice.disposition_hint"))
        self.disposition.setMaximumHeight(90)
        self.question = QPlainTextEdit(objectName="bo_question")
        self.question.setPlaceholderText(tr("backoffice.question_hint"))
        self.question.setMaximumHeight(70)

        def btn(key: str, name: str) -> QPushButton:
            return QPushButton(tr(key), objectName=name)

        self.btn_take = btn("backoffice.take", "btn_bo_take")
        self.btn_coordinate = btn("backoffice.coordinate", "btn_bo_coordinate")
        self.btn_answer = btn("backoffice.answer", "btn_bo_answer")
        self.btn_return = btn("backoffice.hand_back", "btn_bo_return")
        self.btn_finish = btn("backoffice.finish_here", "btn_bo_finish")
        self.btn_consult = btn("backoffice.consult", "btn_bo_consult")
        self.btn_in_person = btn("backoffice.explained_in_person", "btn_bo_in_person")
        self.btn_callback = btn("backoffice.explained_callback", "btn_bo_callback")
        self.consult_label = QLabel(objectName="bo_consult_label", wordWrap=True)

        self.bo_box = QWidget()
        vbox(self.btn_take, _row(self.unit, self.btn_coordinate, stretch_first=True),
             QLabel(tr("backoffice.disposition")), self.disposition,
             _row(self.btn_answer, self.btn_return), self.btn_finish, on=self.bo_box, margins=0)
        self.fo_box = QWidget()
        vbox(_row(self.btn_in_person, self.btn_callback), self.consult_label, self.question,
             self.btn_consult, on=self.fo_box, margins=0)
        vbox((self.detail, 1), self.bo_box, self.fo_box, on=self)

    def show_row(self, sel) -> None:
        """Describe the selected row (None: nothing selected); another row shows its own
        unit and disposition, never the last case's."""
        h = sel[1] if sel is not None and sel[0] == "handover" else None
        if (h and h.id) != self.disposition.row:
            self.unit.setText((h.unit if h else "") or "")
        self.disposition.show_row(h and h.id, h and h.disposition)
        if sel is None:
            self.detail.setText(tr("backoffice.none_selected"))
            return
        if h is None:  # a ticket transferred to me
            t = sel[1]
            self.detail.setText(tr("backoffice.ticket_detail", number=esc(t.number),
                                   service=esc(t.service_name)))
            return
        lines = [f"<b>{esc(h.visitor_name or h.ticket_number)}</b> — {esc(h.institution)}",
                 f"{tr('backoffice.col.kind')}: {tr(f'backoffice.kind.{h.kind.value}')}"
                 f" · {tr(f'counter.channel.{h.channel}')} · {esc(h.service_name)}" + (
                     f" · {tr('counter.remote.online_ref')} {esc(h.online_ref)}"
                     if h.online_ref else ""),
                 f"{tr('backoffice.from')}: {esc(h.from_name)}",
                 f"<b>{tr('backoffice.question')}:</b> {esc(h.question or h.topic)}"]
        if h.due_day:
            lines.insert(2, f"<b>{tr('backoffice.due')}:</b> "
                            f"{esc(long_date(date.fromisoformat(h.due_day)))}")
        if h.phone:
            lines.insert(2, f"<b>{tr('backoffice.phone')}:</b> {esc(mask_phone(h.phone))}")
        if h.unit:
            lines.append(f"<b>{tr('backoffice.unit')}:</b> {esc(h.unit)}")
        if h.disposition:
            lines.append(f"<b>{tr('backoffice.disposition')}:</b> {esc(h.disposition)}")
        self.detail.setText("<br>".join(lines))

    def enable(self, *, online: bool, sel, back_office: bool, front_office: bool,
               has_tickets: bool, officer_id: int | None, current) -> None:
        """Show and enable the actions the selected row allows this officer now."""
        h = sel[1] if sel and sel[0] == "handover" else None
        bo, fo = back_office, front_office
        ticket_row = sel is not None and sel[0] == "ticket"
        self.bo_box.setVisible(bo or has_tickets)
        self.fo_box.setVisible(fo)
        st = h.state if h else None
        self.btn_take.setEnabled(online and (ticket_row or (bo and st is HandoverState.SENT)))
        self.btn_coordinate.setEnabled(online and bo and st is HandoverState.TAKEN)
        self.btn_answer.setEnabled(online and bo and st in (
            HandoverState.TAKEN, HandoverState.COORDINATING, HandoverState.ANSWERED))
        self.btn_return.setEnabled(online and bo and st is HandoverState.ANSWERED)
        self.btn_finish.setVisible(h is not None and h.kind.value == "transfer")
        self.btn_finish.setEnabled(online and st is HandoverState.ANSWERED)
        mine = h is not None and officer_id is not None and h.from_officer == officer_id
        self.btn_in_person.setEnabled(online and fo and mine and st is HandoverState.RETURNED)
        self.btn_callback.setEnabled(online and fo and mine and st is HandoverState.RETURNED)
        self.consult_label.setText(tr("backoffice.consult_for", number=current.number)
                                   if current else tr("backoffice.consult_none"))
        self.btn_consult.setEnabled(online and fo and current is not None)


def _row(first: QWidget, second: QWidget, *, stretch_first: bool = False) -> QHBoxLayout:
    return hbox((first, 1 if stretch_first else 0), second)
