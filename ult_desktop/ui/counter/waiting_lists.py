"""What waits at this counter: per service, then every ticket in calling order."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import mark as priority_mark
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db import operations
from ult_desktop.ui.counter import jobs


def minutes_since(since: datetime | None, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60)) if since else 0


class UnprintedStrip(QWidget):
    """Tickets whose print failed (issue #35): they wait nowhere until on paper; one
    button each asks the kiosk that issued it to print it again."""

    MAX_SHOWN = 4

    def __init__(self, session, parent=None):
        super().__init__(parent, objectName="unprinted")
        self.session = session
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(tr("counter.unprinted"), wordWrap=True)
        self.label.setStyleSheet("color:#c62828;font-weight:bold;")
        self.row.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_tickets(self, tickets: list[Ticket]) -> None:
        for b in self.buttons:
            b.deleteLater()
        self.buttons = []
        for t in tickets[:self.MAX_SHOWN]:
            b = QPushButton(tr("counter.reprint", number=t.number),
                            objectName=f"btn_reprint_{t.number}")
            b.clicked.connect(lambda _=False, n=t.number: self.reprint(n))
            self.row.addWidget(b)
            self.buttons.append(b)
        self.setVisible(bool(tickets))

    def reprint(self, number: str) -> None:
        self.session.run(operations.request_reprint, number=number, parent=self,
                         done=lambda t: self.session.notify(
                             tr("counter.msg.reprint_asked", number=t.number)))


class WaitingLists(QWidget):
    """The service summary, the waiting title and the waiting list (selectable); the
    tickets whose print failed above it."""

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.unprinted = UnprintedStrip(session)
        self.summary = QTableWidget(0, 4, objectName="service_summary")
        self.summary.setHorizontalHeaderLabels([tr("counter.col.service"),
                                                tr("counter.col.waiting"),
                                                tr("counter.col.priority"),
                                                tr("counter.col.longest")])
        self.waiting = QTableWidget(0, 4, objectName="waiting_list")
        self.waiting.setHorizontalHeaderLabels([tr("counter.col.number"),
                                                tr("counter.col.service"),
                                                tr("counter.col.wait"),
                                                tr("counter.col.note")])
        for table in (self.summary, self.waiting):
            table.verticalHeader().hide()
            table.setEditTriggers(QAbstractItemView.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectRows)
            table.setSelectionMode(QAbstractItemView.SingleSelection)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.summary.setMaximumHeight(124)
        self.summary.setFocusPolicy(Qt.NoFocus)
        self.title = QLabel(objectName="waiting_title")
        self.title.setStyleSheet("font-weight:bold;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.unprinted)
        lay.addWidget(self.title)
        lay.addWidget(self.waiting, 1)

    def selected(self) -> Ticket | None:
        rows = self.waiting.selectionModel().selectedRows() if self.waiting.selectionModel() \
            else []
        if not rows:
            return None
        return self.waiting.item(rows[0].row(), 0).data(Qt.UserRole)

    def show_state(self, st: jobs.CounterState) -> None:
        now = datetime.now(timezone.utc)
        self.unprinted.show_tickets(st.unprinted)
        self.summary.setRowCount(len(st.services))
        for row, svc in enumerate(st.services):
            mine = [t for t in st.waiting if t.service_id == svc.id]
            longest = max((minutes_since(t.sort_at, now) for t in mine), default=0)
            cells = [f"{svc.prefix} - {svc.name}", str(len(mine)),
                     str(sum(t.priority for t in mine)),
                     tr("counter.minutes", n=longest) if mine else "-"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3 and mine and longest > svc.target_wait_min:
                    item.setForeground(QColor("#c62828"))
                self.summary.setItem(row, col, item)
        selected = self.selected()
        tickets = st.waiting + st.skipped
        self.title.setText(tr("counter.queue.waiting_title", n=len(st.waiting),
                              skipped=len(st.skipped)))
        self.waiting.setRowCount(len(tickets))
        for row, t in enumerate(tickets):
            for col, text in enumerate(self._cells(t, st, now)):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.UserRole, t)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if t.priority:
                    item.setBackground(QColor("#fff3e0"))
                if t.state is TicketState.SKIPPED:
                    item.setForeground(QColor("#78909c"))
                self.waiting.setItem(row, col, item)
            if selected is not None and t.id == selected.id:
                self.waiting.selectRow(row)

    @staticmethod
    def _cells(t: Ticket, st: jobs.CounterState, now: datetime) -> list[str]:
        note = []
        if t.priority:
            note.append(priority_mark(t.priority_group))
        if t.state is TicketState.SKIPPED:
            note.append(tr("state.skipped"))
        if t.state is TicketState.TRANSFERRED:
            dest = ""
            if t.target_counter is not None:
                dest = st.counters.get(t.target_counter, str(t.target_counter))
            note.append(tr("counter.queue.transferred", dest=dest).strip())
        return [t.number, t.service_prefix,
                tr("counter.minutes", n=minutes_since(t.sort_at, now)), ", ".join(note)]
