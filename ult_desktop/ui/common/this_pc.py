"""What runs on this PC beside its screen, built by each mode's main window right after
its :class:`~ult_desktop.ui.common.station.Station` (docs/architecture.md): its share of
the daily backup (``DailyBackup``), its pulse beside the record (``PulseKeeper``) and,
where the office says so, the visitors' phone page (``PhoneDuty``). The station is only
the worker and the feed; these ride on it and stop when it closes."""

from __future__ import annotations

from ult_desktop.ui.common.daily_backup import DailyBackup
from ult_desktop.ui.common.phone_duty import PHONE_MODES, PhoneDuty
from ult_desktop.ui.common.pulse import PulseKeeper
from ult_desktop.ui.common.station import Station


class ThisPC:
    """The daily backup, the pulse and the phone duty of the PC *station* runs on."""

    def __init__(self, station: Station):
        sid, mode = station.station_id, station.mode
        self.daily_backup = DailyBackup(station)
        self.pulse = PulseKeeper(station.path, sid, mode, station, signer=station.signer)  # 30 s
        station.report_pulse(self.pulse.pulse.note)
        station.printer_changed.connect(self.pulse.printer)
        #: the visitors' phone page, where the office says (None: never on this mode)
        self.phone = (PhoneDuty(station, sid, mode, station, pulse=self.pulse)
                      if mode in PHONE_MODES else None)
        station.closing.connect(self.close)

    def close(self) -> None:
        """A daily backup still copying is let finish first (a torn copy helps nobody)."""
        self.daily_backup.close()
        self.pulse.stop()
        if self.phone is not None:
            self.phone.stop()
