"""Admin > Stasiun with the morning check run, on a real X server (1366x768, openbox)::

    Xvfb :62 -screen 0 1366x768x24 & DISPLAY=:62 openbox &
    DISPLAY=:62 python scripts/morning_check_screens.py docs/screenshots

A demo office whose kiosk (running, its loopback printer out of paper) fails the test
ticket, whose lobby TV (running) plays the test chime and shows its last call, whose
other TV was switched off two hours ago and whose backup folder was never set; the
stations write their heartbeats and pulses as they do."""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from screens import grab, wait  # noqa: E402


def main(out: Path) -> None:
    from printer_fixtures import LoopbackPrinter
    from PySide6.QtWidgets import QMainWindow

    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.record.feed import heartbeat
    from ult_desktop.db.setup import init_database
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.common.station import Station
    from ult_desktop.ui.display.model import Call
    from ult_desktop.ui.display.window import DisplayWindow
    from ult_desktop.ui.kiosk.window import KioskWindow

    app = ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    for name, mode, printer in (("counter@loket1", "counter", None),
                                ("counter@loket2", "counter", None),
                                ("tv@aula", "display", None)):
        db = Database.open(path, station=name, mode=mode)
        heartbeat(db, printer_state=printer)
        db.close()
    db = Database.open(path, station="setup", mode="cli")
    off = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    db.write(lambda c: c.execute("UPDATE stations SET clock = ? WHERE id = 'tv@aula'", (off,)))
    db.close()
    printer = LoopbackPrinter("paper_out")
    kiosk = KioskWindow(path, printer_url=printer.url, station_id="kiosk@lobi", locked=False,
                        config_file=tmp / "station.json")
    tv = DisplayWindow(path, station_id="tv@lobi", tts=False,
                       player=lambda utterance, done: done())
    wait(lambda: kiosk.link.online and tv.station.online)
    tv.model.called.emit(Call(event_id=1, number="B-014", counter=2, service="B",
                              kind="called"))
    station = Station(path, station_id="admin@pc-admin", mode="admin")
    window = QMainWindow()
    page = StationsPage(station)
    window.setCentralWidget(page)
    window.setWindowTitle("ULT Desktop - Admin - Stasiun")
    window.showMaximized()
    page.shown()
    page.load()
    wait(lambda: {"kiosk@lobi", "tv@lobi"} <= {v.id for v in page.views}, 30_000)
    page.morning.button.click()
    wait(lambda: page.morning.button.isEnabled() and page.morning.lines.count() > 0, 60_000)
    wait(lambda: "Cek pagi terakhir" in page.morning.summary.text())
    grab(out, "admin_stations_morning_check_1366x768_openbox.png")
    window.close()
    station.close()
    kiosk.close()
    tv.shutdown()
    printer.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
