"""Nothing fails silently, as it looks on a real X server (1366x768, openbox): a counter's
hall strip naming a kiosk's printer out of paper and a TV that stopped, the kiosk itself
saying its printer is out of paper, and Admin > Stasiun after the morning check (a
running kiosk whose printer fails the test ticket, a running TV that plays the chime and
shows its last call, a TV switched off two hours ago, no backup folder)::

    python scripts/screenshots.py --only hall-faults --only hall-pulse

The counter's office: its kiosk's printer said "paper out" (its printer_state event and
its heartbeat, as the kiosk writes them) and its TV's pulse stopped changing (killed)."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from screens import grab_root

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))
sys.path.insert(0, str(ROOT / "tests"))

from screens import counter_signed_in, grab, spin, wait  # noqa: E402


def main(out: Path) -> None:
    from ult_desktop.app import pulse
    from ult_desktop.db.house import stations
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database
    from ult_desktop.ui.common.app import ensure_app

    app = ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    heartbeat(kiosk, printer_state="paper_out")
    kiosk.close()
    folder = pulse.pulse_dir(path)
    folder.mkdir()
    (folder / "tv-lobi.json").write_text(json.dumps({"mode": "display", "at": time.time()}))
    pulse.STOPPED_AFTER_S = 1.0  # the 15 s of the office, shortened for the picture
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    stations.record_printer_state(kiosk, "paper_out")
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

    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database
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
        db = open_database(path, station=name, mode=mode)
        heartbeat(db, printer_state=printer)
        db.close()
    db = open_database(path, station="setup", mode="cli")
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


def pulse_screens(out: Path) -> None:
    """At the screen's own size: a counter whose strip names a kiosk's paper out from the
    kiosk's pulse while another station holds the record's write lock, and a TV whose
    pulse a kill left empty; Admin > Stasiun naming a kiosk whose pulse a kill left
    empty before anyone read it; the TV in the lit half of a call's blink (the scenes
    ``hall-pulse-1366x768`` and ``hall-pulse-1920x1080``)."""
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMainWindow

    from ult_desktop.app import pulse
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.common.station import Station
    from ult_desktop.ui.display.window import DisplayWindow

    app = ensure_app()
    size = app.primaryScreen().size()
    tag = f"{size.width()}x{size.height()}_openbox"
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    pulse.STOPPED_AFTER_S = 1.0  # the 3 s of the office, shortened for the picture
    folder = pulse.pulse_dir(path)
    folder.mkdir()
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    wait(lambda: w.session.officer is not None)  # signed in before the lock is taken
    kiosk = pulse.Pulse(path, "kiosk-pintu", "kiosk", period_s=0.2)
    kiosk.info["printer"] = "paper_out"
    tv = folder / "tv-lobi.json"
    tv.write_text(json.dumps({"mode": "display", "at": time.time()}))
    wait(lambda: (w.help.watch.look(), "tv-lobi" in w.help.watch.pulses)[1])
    tv.write_text("")  # killed between the truncation and the new content
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a station frozen mid-write: nobody else writes

    def named() -> bool:
        w.help.watch.look()
        text = w.help.label.text()
        return "tv-lobi" in text and "kiosk-pintu" in text

    wait(named)
    grab(out, f"counter_hall_strip_printer_from_pulse_record_held_{tag}.png")
    w.close()
    holder.execute("ROLLBACK")
    holder.close()
    kiosk.stop()

    db = open_database(path, station="kiosk@dua", mode="kiosk")
    heartbeat(db)
    db.close()
    (folder / "kiosk@dua.json").write_text("")  # killed before anyone read it whole
    station = Station(path, station_id="admin@pc-admin", mode="admin")
    window = QMainWindow()
    page = StationsPage(station)
    window.setCentralWidget(page)
    window.setWindowTitle("ULT Desktop - Admin - Stasiun")
    window.showMaximized()
    page.shown()
    page.load()
    wait(lambda: "kiosk@dua" in page.watch.sentences and
         "kiosk@dua" in {v.id for v in page.views})
    page.load()
    grab(out, f"admin_stations_unreadable_pulse_stopped_{tag}.png")
    window.close()
    station.close()

    display = DisplayWindow(path, station_id="tv@lobi", tts=False,
                            player=lambda utterance, done: done())
    display.showFullScreen()
    wait(lambda: display.model.loaded)
    db = open_database(path, station="counter-1", mode="counter")
    for _ in range(3):
        issue_ticket(db, service="A")
    call_next(db, counter=1)  # the TV hears it through the record, as in the office
    db.close()
    wait(lambda: display.spotlight.current is not None and display.call_panel.flash == 1.0)
    spin(50)
    grab_root(out / f"display_call_flash_lit_{tag}.png")
    display.shutdown()
    QApplication.processEvents()
