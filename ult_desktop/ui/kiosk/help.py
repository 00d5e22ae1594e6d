"""*Butuh bantuan*: a key on the kiosk's access row that calls an officer to the kiosk
(``db.hall``). Every counter sees the call until one officer answers it; the visitor is
told an officer is coming, or, when the call cannot reach the office's record, to go to
the nearest counter."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton

from ult_desktop.db import hall
from ult_desktop.ui.kiosk.pages import scaled


class HelpKey(QObject):
    """The key, beside *Dengar* on the access row of a :class:`KioskWindow`."""

    def __init__(self, window, row) -> None:
        super().__init__(window)
        self.window = window
        self.button = scaled(QPushButton(objectName="helpButton"), 2.4, bold=True)
        self.button.setFocusPolicy(Qt.NoFocus)
        row.layout().insertWidget(1, self.button)
        self.button.clicked.connect(self.call)
        self.calls = 0  # calls this kiosk made (the tests count them)
        window.view.language_toggled.connect(self.retranslate)
        window.view.rescaled.connect(  # as tall as its neighbours on the row
            lambda unit: self.button.setMinimumHeight(round(6.5 * unit)))
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.window.view.t("kiosk.help.button"))

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
        self.window._message(t("kiosk.help.title"), t(heading), t(hint) if hint else "")
        self.window.return_timer.start(self.window.timings.error_ms * 2)
