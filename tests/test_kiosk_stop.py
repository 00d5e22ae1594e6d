"""A kiosk told to stop the way a PC shuts down keeps what it holds: a real kiosk process
prints a ticket on a LAN printer (the loopback ESC/POS socket), is sent SIGTERM (or
killed outright, the power cut) and the record says the ticket printed, at once or once
the kiosk has started again."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.drivers import tickets_of_day, until
from tests.printer_fixtures import LoopbackPrinter

_KIOSK = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.kiosk.window import KioskWindow
app = ensure_app()
db, printer, config, take = sys.argv[1:5]
w = KioskWindow(Path(db), printer_url=printer, station_id="kiosk-1", locked=True,
                config_file=Path(config))
w.resize(540, 960)
w.show()
w.link.printed.connect(lambda ticket, outcome: print("printed", ticket, int(outcome.ok),
                                                     flush=True))
def ready():
    if w.link.online and w.view.state is not None:
        timer.stop()
        print("ready", flush=True)
        if take == "take":
            QTest.mouseClick(w.view.start_page.buttons["A"], Qt.LeftButton)
timer = QTimer()
timer.timeout.connect(ready)
timer.start(50)
sys.exit(app.exec())
"""


class Kiosk:
    """A kiosk process on *db_path* printing to *printer_url*; its lines in ``lines``."""

    def __init__(self, db_path: Path, tmp_path: Path, printer_url: str, *, take: bool):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _KIOSK, str(db_path), printer_url,
             str(tmp_path / "station.json"), "take" if take else "wait"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=_env())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def has(self, start: str) -> bool:
        return any(line.startswith(start) for line in self.lines)

    def stop(self, how: int) -> int:
        self.proc.send_signal(how)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


def _env() -> dict:
    import os

    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _printed(db) -> bool:
    tickets = tickets_of_day(db)
    return bool(tickets) and tickets[0].print_status == "printed"


@pytest.fixture
def loopback_printer():
    printer = LoopbackPrinter()
    yield printer
    printer.close()


#: (Windows has no SIGKILL: there this module is only collected, never run)
@pytest.mark.parametrize("how", [signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)],
                         ids=["sigterm", "killed"])
def test_a_kiosk_stopped_after_printing_keeps_the_print_in_the_record(
        how, db, db_path, tmp_path, loopback_printer):
    kiosk = Kiosk(db_path, tmp_path, loopback_printer.url, take=True)
    try:
        until(lambda: kiosk.has("printed "), timeout_s=60)
        assert any(line.startswith("printed ") and line.endswith(" 1")
                   for line in kiosk.lines), kiosk.lines
        assert len(loopback_printer.wait_closed(1)) >= 1  # the paper is out
    finally:
        code = kiosk.stop(how)
    if how == signal.SIGTERM:  # closed as an officer would: written at once
        assert code == 0, kiosk.lines
        assert _printed(db), kiosk.lines
        return
    again = Kiosk(db_path, tmp_path, loopback_printer.url, take=False)  # the next start
    try:
        until(lambda: again.has("ready"), timeout_s=60)
        until(lambda: _printed(db), timeout_s=30)
    finally:
        assert again.stop(signal.SIGTERM) == 0, again.lines
    assert [t.number for t in tickets_of_day(db)] == ["A-001"]
