"""Serving while the shared file is away: the officer calls the number on the visitor's
paper, serves and finishes, each act kept on this PC's disk (``db.journals.desk_journal``) first and
written to the record in one step when the file is back (docs/network-share.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import parse_number
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.queue.offline import OFFLINE_OUTCOMES
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.combos import combo


class OfflineDesk(QWidget):
    """Shown while the share is away, above the tabs or the sign-in (an officer who
    cannot sign in now serves at this PC's counter; the acts name no officer)."""

    acted = Signal()  # an act was kept: the banner's count changes

    def __init__(self, session, journal: CounterJournal, *, announce=None, parent=None):
        super().__init__(parent, objectName="offline_desk", styleSheet=(
            "#offline_desk{background:#fff8e1;border-bottom:2px solid #ffb300;}"))
        self.session = session
        self.journal = journal
        #: says a call on the LAN, for the TV (``announce(number, counter)``)
        self.announce = announce
        #: the visitor at this desk when the file went away (called or served online)
        self.at_desk: str | None = None
        self.setAttribute(Qt.WA_StyledBackground, True)  # its own background, not the parent's
        self.number = QLineEdit(objectName="offline_number",
                                placeholderText=tr("counter.offline.number_hint"), maxLength=8)
        self.number.returnPressed.connect(self.call)
        self.buttons: dict[str, QPushButton] = {}
        self.outcome = combo(((tr(f"counter.outcome.{key}"), key) for key in OFFLINE_OUTCOMES),
                             objectName="offline_outcome", toolTip=tr("counter.offline.outcome"))
        # chosen for each visit: none until the officer picks one (never the last one's)
        self.outcome.setPlaceholderText(tr("counter.offline.outcome_pick"))
        self.outcome.setCurrentIndex(-1)
        for kind in ("call", "serve", "finish", "skip"):
            b = QPushButton(tr(f"counter.offline.{kind}"), objectName=f"offline_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.act(k))
            self.buttons[kind] = b
        self.current = QLabel(objectName="offline_current",
                              styleSheet="font-size:18px;font-weight:bold;")
        acts = self.buttons
        vbox(QLabel(tr("counter.offline.hint"), wordWrap=True),
             hbox(self.number, acts["call"], acts["serve"], self.outcome, acts["finish"],
                  acts["skip"], (self.current, 1, Qt.AlignRight)), on=self, margins=(10, 6, 10, 6))
        self.refresh()

    def call(self) -> None:
        self.act("call")

    def counter(self) -> int | None:
        """This desk's counter: the signed-in officer's, else this PC's own (an officer
        who could not sign in while the file is away serves by the paper too)."""
        return self.session.counter if self.session.officer is not None else \
            self.session.preferred_counter

    def act(self, kind: str) -> None:
        """Keep the act on disk, then say so (the record gets it when the file is back)."""
        counter = self.counter()
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
            if kind == "finish" and self.outcome.currentData() is None:
                self.session.notify(tr("counter.offline.outcome_needed", number=number),
                                    error=True)
                return
        self.journal.record(day=self.journal.today(), number=number, counter=counter,
                            officer_id=self.session.officer_id, kind=kind,
                            outcome=self.outcome.currentData() if kind == "finish" else None)
        if kind == "call" or (kind in ("finish", "skip") and number == self.at_desk):
            self.at_desk = None  # the visitor at the desk is done with (or another called)
        if kind == "call" and self.announce is not None:
            self.announce(number, counter)
        self.number.clear()
        if kind in ("call", "finish", "skip"):  # the next visit's outcome is its own
            self.outcome.setCurrentIndex(-1)
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


class StatusLine(QWidget):
    """The counter's status line: a message clears after 8 s; one to acknowledge stays with its
    button until pressed (then *acknowledged* says its key, if it has one)."""

    acknowledged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        # wraps: a long error never widens the window
        self.label = QLabel(objectName="status_message", wordWrap=True)
        # two lines, always: a message coming or going never moves the page (missed clicks)
        self.label.setFixedHeight(2 * self.label.fontMetrics().lineSpacing() + 4)
        self.ack = QPushButton(tr("counter.ack"), objectName="status_ack", clicked=self.acknowledge)
        self.ack.hide()
        hbox((self.label, 1), self.ack, on=self, margins=0)
        self.unacked: list[tuple[str, bool, object]] = []
        self.timer = QTimer(self, singleShot=True, interval=8000, timeout=self._settle)

    def say(self, text: str, *, error: bool = False, until_ack: bool = False,
            key: object = None) -> None:
        if until_ack and all(u[:2] != (text, error) and (key is None or u[2] != key)
                             for u in self.unacked):
            self.unacked.append((text, error, key))
        self._show(text, error)
        if not until_ack:
            self.timer.start()

    def acknowledge(self) -> None:
        key = self.unacked.pop(0)[2] if self.unacked else None
        if key is not None:
            self.acknowledged.emit(key)
        self._settle()

    def _show(self, text: str, error: bool) -> None:
        self.label.setText(text)
        self.label.setStyleSheet("color:#c62828;font-weight:bold;" if error else
                                 "color:#1b5e20;")
        self.ack.setVisible(bool(self.unacked))

    def _settle(self) -> None:
        self._show(*self.unacked[0][:2]) if self.unacked else self._show("", False)

