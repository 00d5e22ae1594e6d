"""The counter's code field: a USB barcode scanner is a keyboard that types the code it
reads and Enter. F10 puts the cursor in the field; a ticket's QR, code or number picks the
ticket in the queue list, a follow-up visit's slip or a case number opens the case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit

from ult_desktop.core.i18n import tr
from ult_desktop.core.receipt import case_number
from ult_desktop.db.visit import visits


class ScanField(QLineEdit):
    """The field on the officer's bar; *window*: the counter window (its tabs, lists)."""

    def __init__(self, window, session) -> None:
        super().__init__(objectName="scan_field", placeholderText=tr("counter.scan.hint"),
                         clearButtonEnabled=True, minimumWidth=220)
        self.window, self.session = window, session
        self.returnPressed.connect(self.find)
        QShortcut(QKeySequence(Qt.Key_F10), window, activated=self.setFocus)

    def find(self) -> None:
        text = self.text().strip()
        self.clear()
        if text:
            self.session.run(visits.find_code, text, done=self._found, parent=self)

    def _found(self, found: visits.Found) -> None:
        w = self.window
        if found.ticket is not None:
            t = found.ticket
            w.tabs.setCurrentWidget(w.queue)
            w.queue.lists.select(t.id)
            self.session.notify(tr("counter.scan.ticket", number=t.number,
                                   state=tr(f"state.{t.state.value}")))
            return
        w.tabs.setCurrentWidget(w.cases)
        table = w.cases.table
        for row in range(table.rowCount()):
            if table.item(row, 0).data(Qt.UserRole) == found.case_id:
                table.selectRow(row)
        self.session.notify(tr("counter.scan.case", case=case_number(found.case_id or 0)))
