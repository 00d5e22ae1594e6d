"""A counter's hall strip naming a kiosk's printer out of paper and a TV that stopped, and
the kiosk itself saying its printer is out of paper, on a real X server (1366x768,
openbox)::

    Xvfb :63 -screen 0 1366x768x24 & DISPLAY=:63 openbox &
    DISPLAY=:63 python scripts/hall_faults_screens.py docs/screenshots

A demo office whose kiosk's printer said "paper out" (its printer_state event and its
heartbeat, as the kiosk writes them) and whose TV's pulse stopped changing (killed)."""

from __future__ import annotations

import json
import sys
import tempfile
import time
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


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
