"""The connection banner: hidden while the file is fine, a clear sentence otherwise."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel

from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.station import BUSY, CLOCK, OK, SCHEMA_DRIFT, TOO_NEW, TRUST, WAITS

_STYLE = {
    BUSY: "background:#f9a825;color:#000;",
    TOO_NEW: "background:#6a1b9a;color:#fff;",
    SCHEMA_DRIFT: "background:#6a1b9a;color:#fff;",
    WAITS: "background:#6a1b9a;color:#fff;",
}


class ConnectionBanner(QLabel):
    """Connect ``Station.connection_changed`` to :meth:`set_state`. A public screen (the
    kiosk) sets :attr:`lang`, :attr:`px` and :attr:`pad` and calls :meth:`redraw` as its
    language or size changes; *since* False: it never says since when the file is gone."""

    def __init__(self, parent=None, *, since: bool = True):
        super().__init__(parent, alignment=Qt.AlignCenter, wordWrap=True,
                         objectName="connectionBanner")
        self.since: str | None = None  # when the file went away (this PC's clock)
        self.says_since = since
        #: acts this station keeps until the file is back (a counter's journal)
        self.pending = 0
        self.lang: str | None = None   # None: the office's language
        self.px, self.pad = 18, 10     # the text's pixel size and the padding
        self.state, self.message = OK, ""
        self.hide()

    def redraw(self) -> None:
        """The state shown again (another language or size)."""
        self.set_state(self.state, self.message)

    @Slot(str, str)
    def set_state(self, state: str, message: str = "") -> None:
        self.state, self.message = state, message
        if state == OK:
            self.since = None
            self.hide()
            return
        key = {BUSY: "ui.banner.busy", TOO_NEW: "ui.banner.too_new",
               SCHEMA_DRIFT: "ui.banner.schema_drift"}.get(
            state, "ui.banner.unavailable")
        params = {}
        if self.says_since and key == "ui.banner.unavailable":  # the officers judge how long
            self.since = self.since or datetime.now().strftime("%H.%M")
            key, params = "ui.banner.unavailable_since", {"since": self.since}
            if self.pending:  # and that the office keeps serving
                key, params = "ui.banner.unavailable_pending", {"since": self.since,
                                                                "n": self.pending}
        # trust, clock, a waiting migration: the station's own sentence says what and the
        # way out
        self.setText(message if state in (TRUST, CLOCK, WAITS) and message
                     else tr(key, self.lang, **params))
        self.setToolTip(message)
        # the office keeps serving (a counter's journal): amber, not the alarm's red
        colour = "background:#ef6c00;color:#fff;" if key == "ui.banner.unavailable_pending" \
            else _STYLE.get(state, "background:#c62828;color:#fff;")
        self.setStyleSheet(colour + f"font-size:{self.px}px;font-weight:bold;"
                           f"padding:{self.pad}px;")
        self.show()
