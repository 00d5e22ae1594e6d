"""Serving while the shared file is away: the officer calls the
number printed on the visitor's paper (the kiosk keeps issuing from the numbers it
holds), serves and finishes, and every act is kept on this PC's own disk
(``db.journal.CounterJournal``) before the screen says it is done. When the file is back
the acts are written to the record in one step; a number two counters called meanwhile
stays with the counter that called it first, and the other officer is told.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time, parse_number
from ult_desktop.db.journal import CounterJournal
from ult_desktop.db.queue.offline import OFFLINE_OUTCOMES


class OfflineDesk(QWidget):
    """Shown while the share is away, above the tabs or the sign-in (an officer who
    cannot sign in now serves at this PC's counter; the acts name no officer)."""

    acted = Signal()  # an act was kept: the banner's count changes

    def __init__(self, session, journal: CounterJournal, *, announce=None, parent=None):
        super().__init__(parent, objectName="offline_desk")
        self.session = session
        self.journal = journal
        #: says a call on the LAN, for the TV (``announce(number, counter)``)
        self.announce = announce
        #: the visitor at this desk when the file went away (called or served online)
        self.at_desk: str | None = None
        self.setAttribute(Qt.WA_StyledBackground, True)  # its own background, not the parent's
        self.setStyleSheet("#offline_desk{background:#fff8e1;border-bottom:2px solid #ffb300;}")
        col = QVBoxLayout(self)
        col.setContentsMargins(10, 6, 10, 6)
        hint = QLabel(tr("counter.offline.hint"))
        hint.setWordWrap(True)
        col.addWidget(hint)
        row = QHBoxLayout()
        self.number = QLineEdit(objectName="offline_number")
        self.number.setPlaceholderText(tr("counter.offline.number_hint"))
        self.number.setMaxLength(8)
        self.number.returnPressed.connect(self.call)
        row.addWidget(self.number)
        self.buttons: dict[str, QPushButton] = {}
        self.outcome = QComboBox(objectName="offline_outcome")
        self.outcome.setToolTip(tr("counter.offline.outcome"))
        for key in OFFLINE_OUTCOMES:
            self.outcome.addItem(tr(f"counter.outcome.{key}"), key)
        for kind in ("call", "serve", "finish", "skip"):
            if kind == "finish":
                row.addWidget(self.outcome)
            b = QPushButton(tr(f"counter.offline.{kind}"), objectName=f"offline_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.act(k))
            row.addWidget(b)
            self.buttons[kind] = b
        self.current = QLabel(objectName="offline_current")
        self.current.setStyleSheet("font-size:18px;font-weight:bold;")
        row.addWidget(self.current, 1, Qt.AlignRight)
        col.addLayout(row)
        self.refresh()

    def _day(self) -> str:
        info = self.session.info  # the office's time zone, as read while the file was there
        tz = info.settings.get("timezone", "WIB") if info is not None else "WIB"
        return local_time(datetime.now(timezone.utc), tz).date().isoformat()

    def call(self) -> None:
        self.act("call")

    def counter(self) -> int | None:
        """This desk's counter: the signed-in officer's, else this PC's own (an officer
        who could not sign in while the file is away serves by the paper too)."""
        return self.session.counter if self.session.officer is not None else \
            self.session.preferred_counter

    def act(self, kind: str) -> None:
        """Keep the act on disk, then say so (the record gets it when the file is back)."""
        officer, counter = self.session.officer, self.counter()
        if counter is None:
            return
        if kind == "call":
            number = self.number.text().strip().upper()
            try:
                prefix, seq = parse_number(number)
            except ValueError:
                self.session.notify(tr("counter.offline.bad_number", number=number or "-"),
                                    error=True)
                return
            number = f"{prefix}-{seq:03d}"
        else:
            number = self.current_number(counter)
            if number is None:
                self.session.notify(tr("counter.offline.nobody"), error=True)
                return
        self.journal.record(day=self._day(), number=number, counter=counter,
                            officer_id=officer.id if officer is not None else None, kind=kind,
                            outcome=self.outcome.currentData() if kind == "finish" else None)
        if kind == "call" or (kind in ("finish", "skip") and number == self.at_desk):
            self.at_desk = None  # the visitor at the desk is done with (or another called)
        if kind == "call" and self.announce is not None:
            self.announce(number, counter)
        self.number.clear()
        self.session.notify(tr(f"counter.offline.done_{kind}", number=number))
        self.refresh()
        self.acted.emit()

    def current_number(self, counter: int | None) -> str | None:
        """Who is at this desk: the last number called here while the file was away, else
        the visitor who was being called or served when it went."""
        open_call = self.journal.current(counter) if counter is not None else None
        return open_call.number if open_call is not None else self.at_desk

    def refresh(self) -> None:
        number = self.current_number(self.counter())
        self.current.setText(tr("counter.offline.current", number=number) if number else "")
        for kind in ("serve", "finish", "skip"):
            self.buttons[kind].setEnabled(number is not None)
        self.outcome.setEnabled(number is not None)
