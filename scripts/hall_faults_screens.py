"""Nothing fails silently, as it looks on a real X server (1366x768, openbox): a counter's
hall strip naming a kiosk's printer out of paper and a TV that stopped, the kiosk itself
saying its printer is out of paper, and Admin > Stasiun after the morning check (a
running kiosk whose printer fails the test ticket, a running TV that plays the chime and
shows its last call, a TV switched off two hours ago, no backup folder)::

    Xvfb :63 -screen 0 1366x768x24 & DISPLAY=:63 openbox &
    DISPLAY=:63 python scripts/hall_faults_screens.py docs/screenshots

The counter's office: its kiosk's printer said "paper out" (its printer_state event and
its heartbeat, as the kiosk writes them) and its TV's pulse stopped changing (killed)."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from screens import counter_signed_in, grab, wait  # noqa: E402


def main(out: Path) -> None:
    from ult_desktop.app import pulse
    from ult_desktop.db import hall
    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.record.feed import heartbeat
    from ult_desktop.db.setup import init_database
    from ult_desktop.ui.common.app import ensure_app

    app = ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    kiosk = Database.open(path, station="kiosk-pintu", mode="kiosk")
    heartbeat(kiosk, printer_state="paper_out")
    kiosk.close()
    folder = pulse.pulse_dir(path)
    folder.mkdir()
    (folder / "tv-lobi.json").write_text(json.dumps({"mode": "display", "at": time.time()}))
    pulse.STOPPED_AFTER_S = 1.0  # the 15 s of the office, shortened for the picture
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    kiosk = Database.open(path, station="kiosk-pintu", mode="kiosk")
    hall.record_printer_state(kiosk, "paper_out")
    kiosk.close()

    def named() -> bool:
        w.help.watch.look()
        return "tv-lobi" in w.help.label.text() and "kiosk-pintu" in w.help.label.text()

    wait(named)
    grab(out, "counter_hall_strip_printer_and_tv_stopped_1366x768_openbox.png")
    w.close()
    kiosk_paper_out(path, tmp, out)
    stations_page(out)
    app.quit()


def kiosk_paper_out(path: Path, tmp: Path, out: Path) -> None:
    """The kiosk whose printer (a loopback ESC/POS printer) said "paper out" when asked
    between visitors: the line under its banner."""
    from printer_fixtures import LoopbackPrinter

    from ult_desktop.ui.kiosk.window import KioskWindow

    printer = LoopbackPrinter("paper_out")
    kiosk = KioskWindow(path, printer_url=printer.url, station_id="kiosk-pintu",
                        locked=False, config_file=tmp / "station.json")
    kiosk.showMaximized()
    wait(lambda: kiosk.link.online and kiosk.view.state is not None)
    kiosk.link.printer.probe()
    wait(lambda: kiosk.printer_notice.label.isVisible())
    grab(out, "kiosk_printer_paper_out_1366x768_openbox.png")
    kiosk.close()
    printer.close()


def stations_page(out: Path) -> None:
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

    ensure_app()
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


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
