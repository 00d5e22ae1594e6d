"""The kiosk's access row: *Butuh bantuan* calls an officer to the kiosk (``db.visit.hall``;
every counter sees it until one answers; unreachable record: "go to the nearest
counter"); :class:`DeafKey` shows how the visitor is met (``core.priority.ASSISTS``);
:class:`PrinterNotice` says on the kiosk when its printer needs an officer."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from ult_desktop.core.i18n import keys
from ult_desktop.core.priority import DEAF, LARGE, SPOKEN
from ult_desktop.db.house import stations
from ult_desktop.db.queue.desk import set_deaf
from ult_desktop.db.visit import hall
from ult_desktop.ui.kiosk.pages import button, scaled


class HelpKey(QObject):
    """The key, beside *Dengar* on the access row of a :class:`KioskWindow`."""

    def __init__(self, window, row) -> None:
        super().__init__(window)
        self.window = window
        self.button = button(2.4, "helpButton", "kiosk.help.button")
        row.layout().insertWidget(1, self.button)
        self.button.clicked.connect(self.call)
        self.calls = 0  # calls this kiosk made (the tests count them)

    def call(self) -> None:
        """Ask for an officer (one call at a time; the key waits for the answer)."""
        self.window.touched()
        self.button.setEnabled(False)
        self.window.link.station.run(hall.request_help, parent=self, done=self._called,
                                     failed=self._failed)

    def _called(self, _event_id: int) -> None:
        self.calls += 1
        self._tell("kiosk.help.called", "kiosk.help.wait")

    def _failed(self, _error: BaseException) -> None:
        self._tell("kiosk.help.go_to_counter", "")

    def _tell(self, heading: str, hint: str) -> None:
        t = self.window.view.t
        self.button.setEnabled(True)
        self.window.message(t("kiosk.help.title"), t(heading), t(hint) if hint else "",
                            ms=self.window.timings.error_ms * 2)


class DeafKey(QObject):
    """"Saya tuli / sulit mendengar" on the number's page of a :class:`KioskWindow`, and the
    ticket's assist flags at the touch."""

    #: a ticket issued from held numbers reaches the record a moment later: asked again
    RETRY_MS = 1500

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.page = window.view.ticket_page
        self.page.deaf.clicked.connect(lambda: self.say())
        self._retried = False

    def assist(self, priority: bool) -> set[str]:
        """How this visitor is met and took the ticket (``core.priority.ASSISTS``)."""
        w = self.window
        flags = w.view.priority_page.assist() if priority else set()
        if w.spoken.active:
            flags.add(SPOKEN)
        if w.view.large:
            flags.add(LARGE)
        return flags

    def say(self, *, retry: bool = False) -> None:
        """The ticket on screen says its visitor is Deaf (the counter and the TV see it)."""
        issued = self.window.flow.issued
        if issued is None:
            return
        self.window.touched()
        self._retried = retry
        self.page.deaf.setEnabled(False)
        self.window.link.station.run(set_deaf, ticket_id=issued.ticket.id, deaf=True,
                                     parent=self, done=self._said, failed=self._failed)

    def _said(self, ticket) -> None:
        issued = self.window.flow.issued
        if issued is not None and issued.ticket.id == ticket.id:
            self.window.flow.issued = dataclasses.replace(issued, ticket=dataclasses.replace(
                issued.ticket, assist=issued.ticket.assist | {DEAF}))
            self.window.view.draw_ticket()
        self.page.deaf.setEnabled(True)

    def _failed(self, _error: BaseException) -> None:
        issued = self.window.flow.issued
        if not self._retried and issued is not None and issued.held:
            self.window.link.land()  # not in the record yet: it lands, then again
            QTimer.singleShot(self.RETRY_MS, lambda: self.say(retry=True))
            return
        self.page.deaf.setEnabled(True)
        self.page.assist_note.setText(self.window.view.t("kiosk.deaf.failed"))
        self.page.assist_note.setVisible(True)


class PrinterNotice(QObject):
    """A line under the kiosk's banner while its printer needs an officer (paper, cover,
    cutter, offline; from the idle kiosk's probe): the officer passing by sees what to
    fix, the visitor that the number is still shown and called."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.state: str | None = None
        self.label = scaled(QLabel(objectName="printerNotice", wordWrap=True,
                                   alignment=Qt.AlignCenter), 1.9, bold=True)
        self.label.setStyleSheet("background:#fff3e0;color:#bf360c;padding:6px;")
        self.label.hide()
        window.view.layout().insertWidget(2, self.label)  # under the connection banner
        window.link.printer.checked.connect(self.show_state)
        window.view.retranslated.connect(self.retranslate)

    def show_state(self, state: str) -> None:
        if state == "unknown":  # a printer that does not say: its last print says
            return
        self.state = None if state in stations.PRINTER_FINE else state
        self.retranslate()

    def retranslate(self) -> None:
        if self.state is not None:
            t, key = self.window.view.t, f"printer.status.{self.state}"
            self.label.setText(t("kiosk.printer.notice",
                                 state=t(key) if key in keys() else self.state))
        self.label.setVisible(self.state is not None)
