"""What runs on this PC beside its screen, built right after its
:class:`~ult_desktop.ui.common.station.Station`: its share of the daily backup
(``DailyBackup``), its pulse (``PulseKeeper``), its heartbeat and trust check
(``PCDuties``) and, where the office says so, the phone page (``PhoneDuty``). They ride on
the station and stop when it closes."""

from __future__ import annotations

from collections.abc import Callable

from ult_desktop.ui.common.daily_backup import DailyBackup
from ult_desktop.ui.common.phone_duty import PHONE_MODES, PhoneDuty
from ult_desktop.ui.common.pulse import PulseKeeper
from ult_desktop.ui.common.station import Station


class ThisPC:
    """The daily backup, pulse, heartbeat and phone duty of the PC *station* runs on; *pending*
    and *journal_problem*: what the screen's journal tells each heartbeat."""

    def __init__(self, station: Station, *,
                 pending: Callable[[], tuple[int, str | None]] | None = None,
                 journal_problem: Callable[[], str | None] | None = None):
        sid, mode = station.station_id, station.mode
        self.station, self.duties = station, station.duties
        self.daily_backup = DailyBackup(station)
        self.pulse = PulseKeeper(station.path, sid, mode, station, signer=station.signer)  # 30 s
        self.duties.report(pulse_note=self.pulse.pulse.note, pending=pending,
                           journal_problem=journal_problem)
        #: the visitors' phone page, where the office says (None: never on this mode)
        self.phone = (PhoneDuty(station, sid, mode, station, pulse=self.pulse)
                      if mode in PHONE_MODES else None)
        station.closing.connect(self.close)

    def set_printer_state(self, state: str | None) -> None:
        """In the pulse at once and in the next heartbeat (admin sees which printers are
        down); a printer that goes wrong, or right again, is written at once."""
        self.pulse.printer(state)
        if self.duties.printer(state):
            self.station.beat_now()

    def close(self) -> None:
        """A daily backup still copying is let finish first (a torn copy helps nobody)."""
        self.daily_backup.close()
        self.pulse.stop()
        if self.phone is not None:
            self.phone.stop()
