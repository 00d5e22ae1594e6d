"""The visitors' phone page on the station the office names (Admin > Layar; the TV by
default): every counter, kiosk and display reads its settings at start and when they
change, and serves it when named (``app.phone_serving.Serving``); an address not bound yet
is tried again every 30 s, when the day's band counts are written too. A counter or kiosk
serving it hears the LAN calls while the file is away (``lan_ear``)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ult_desktop.app.phone_serving import RETRY_S, Serving
from ult_desktop.app.pulse import PAGE_KEYS, page_verdict
from ult_desktop.core.i18n import tr
from ult_desktop.core.phone import PAGE_SERVED, tickets_carry_page
from ult_desktop.db.house.office import get_settings
from ult_desktop.db.house.stations import record_phone_bands
from ult_desktop.ui.common.lan_ear import LanEar

log = logging.getLogger(__name__)

#: The station modes whose window may serve the page.
PHONE_MODES = ("counter", "kiosk", "display")
JUDGE_MS = 2000  # the office's verdict read again (the pulses move every second)


class PhoneDuty(QObject):
    """The page as *station* (a ``Station``) serves it, if the settings name it;
    ``changed`` when it starts, stops or cannot start here (the screen says so)."""

    changed = Signal()

    def __init__(self, station, station_id: str, mode: str, parent=None, *,
                 pulse=None) -> None:
        super().__init__(parent)
        self.station, self.mode = station, mode
        self.pulse = pulse  # the PC's pulse: the office's one judgement reads the page there
        self.serving = Serving(station.path, station_id, mode,
                               getattr(getattr(station, "signer", None), "folder", None))
        self.ear = None  # a counter's or kiosk's, while it serves (the TV has its own)
        self._read = False
        self._told: tuple | None = None
        self._retry = QTimer(self, interval=RETRY_S * 1000, timeout=self._try_again)
        self._retry.start()
        #: the office's verdict on the page, as the kiosks print by it (read while this
        #: station is the one named; None: not read yet)
        self.verdict: str | None = None
        self._judge = QTimer(self, interval=JUDGE_MS, timeout=self.judge)
        station.events_arrived.connect(self._on_events)
        station.connection_changed.connect(self._on_connection)
        self.reload()

    @property
    def server(self):
        return self.serving.server

    @property
    def problem(self) -> str | None:
        """Why the page is not served though it should be (the address, the port)."""
        return self.serving.problem

    @property
    def here(self) -> tuple[bool, str] | None:
        """(served now, address) when the settings name this station, else None."""
        at = self.serving.at
        return None if at is None else (self.serving.state == PAGE_SERVED,
                                        f"http://{at[0]}:{at[1]}")

    def _tell(self) -> None:
        if self.pulse is not None:
            self.pulse.phone(self.serving.state)
        if self.here is not None and not self._judge.isActive():
            self._judge.start()
            self.judge()
        elif self.here is None:
            self._judge.stop()
        told = (self.here, self.verdict)
        if told != self._told:
            self._told = told
            self.changed.emit()

    def judge(self) -> None:
        """Read the office's verdict again (the worker), as a kiosk does at each read."""
        self.station.run(page_verdict, done=self._judged, parent=self,
                         failed=lambda e: log.info("phone page verdict not read: %s", e))

    def _judged(self, verdict: str | None) -> None:
        self.verdict = verdict
        self._tell()

    def reload(self) -> None:
        self.station.run(get_settings, *PAGE_KEYS, done=self.follow, parent=self,
                         failed=lambda e: log.info("phone page settings not read: %s", e))

    def follow(self, settings: dict) -> None:
        self._read = True
        self.serving.follow(settings)
        self._listen()
        self._tell()

    def _listen(self) -> None:
        """The LAN ear open while this counter or kiosk serves the page, shut when not."""
        serving = self.serving.server is not None and self.mode != "display"
        if serving and self.ear is None:
            self.ear = LanEar(self.station, self, speaks=False)
            self.ear.heard.connect(self.heard_call)
        elif not serving and self.ear is not None:
            self.ear.stop()
            self.ear.deleteLater()  # no longer follows the station's connection
            self.ear = None

    def heard_call(self, number: str, counter: int) -> None:
        self.serving.heard_call(number, counter)

    def _try_again(self) -> None:
        self.serving.retry()
        self._listen()
        self._write_counts()
        self._tell()

    def _write_counts(self) -> None:
        while self.serving.ended:  # on the worker; kept for the next try if not written
            count = self.serving.ended.pop(0)
            self.station.run(record_phone_bands, *count, parent=self,
                             failed=lambda e, c=count: self.serving.ended.append(c))

    def _on_events(self, events: list) -> None:
        if any(e.kind == "settings_changed" for e in events):
            self.reload()

    def _on_connection(self, state: str, message: str) -> None:
        if state == "ok" and not self._read:  # started while the share was away
            self.reload()

    def stop(self) -> None:
        self._retry.stop()
        self._judge.stop()
        self.serving.stop()
        self._listen()
        self._write_counts()  # today's count, before the station's worker stops


class PageNote(QLabel):
    """One line on the serving station's own screen (the TV) while the page the office
    named it for is not served: where, why, and who to call; hidden otherwise."""

    def __init__(self, duty: PhoneDuty | None, parent=None) -> None:
        super().__init__(parent, objectName="phonePageNote", wordWrap=True,
                         styleSheet="background:#c62828;color:#fff;padding:6px;font-weight:bold;")
        self.duty = duty
        self.hide()
        if duty is not None:
            duty.changed.connect(self.follow)
            self.follow()

    @property
    def served(self) -> bool:
        """False only while this station should serve the page and does not."""
        here = self.duty.here if self.duty is not None else None
        return here is None or here[0]

    @property
    def carried(self) -> bool:
        """Do tickets point to the page? (``core.phone.tickets_carry_page``, by the
        verdict the kiosks print by; always, where this station is not the one named.)"""
        here = self.duty.here if self.duty is not None else None
        return here is None or tickets_carry_page(self.duty.verdict)

    def follow(self) -> None:
        here = self.duty.here if self.duty is not None else None
        if self.served and self.carried:
            self.hide()
            return
        reason = tr(f"phone.bind.{self.duty.serving.problem_kind}") \
            if self.duty.problem else tr("phone.page_stopped")
        key = "phone.page_not_served" if not self.carried else "phone.page_not_served_carried"
        self.setText(tr(key, address=here[1], reason=reason))
        self.setToolTip(self.duty.problem or "")  # Windows' own words, for IT
        self.show()
