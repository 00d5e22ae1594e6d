#!/usr/bin/env python3
"""Render the kiosk's main screens to PNG files for the documentation.

    python scripts/screenshots.py --only kiosk

Writes ``kiosk_<screen>_<portrait|landscape>.png`` at 1080 x 1920 and 1920 x 1080 from a
throw-away demo database (some visitors already waiting)."""

from __future__ import annotations

import dataclasses
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop

from ult_desktop.core.band import NOT_TODAY
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.db.house.office import save_service, set_settings
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.common.station import UNAVAILABLE
from ult_desktop.ui.kiosk.flow import CONFIRM, PRIORITY, START, TICKET
from ult_desktop.ui.kiosk.window import KioskWindow, Timings

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def _wait(app, condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the expected screen")
        app.processEvents(QEventLoop.AllEvents, 20)
    app.processEvents()


def _dead_printer() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"tcp://127.0.0.1:{port}?timeout=3"


def render(out: Path) -> list[Path]:
    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ult-kiosk-shots-"))
    db_path = init_database(work / "office.db", demo=True)
    db = open_database(db_path, station="screenshots", mode="cli")
    for service in "AAAABBC":
        issue_ticket(db, service=service)
    long = Timings(ticket_ms=600_000, not_printed_ms=600_000, error_ms=600_000,
                   idle_ms=600_000, refresh_ms=600_000, guard_ms=0)
    window = KioskWindow(db_path, printer_url=f"virtual://{work / 'tickets'}",
                         station_id="kiosk-screenshots", locked=False, timings=long,
                         config_file=work / "station.json", poll_ms=50)
    written: list[Path] = []

    def shot(name: str, orientation: str) -> None:
        app.processEvents()
        path = out / f"kiosk_{name}_{orientation}.png"
        window.grab().save(str(path))
        written.append(path)

    try:
        window.show()
        _wait(app, lambda: window.link.online and window.view.state is not None)
        for orientation, size in SIZES.items():
            window.resize(*size)
            _service_shots(app, window, lambda name, o=orientation: shot(name, o))
            _closed_and_away(app, window, db, lambda name, o=orientation: shot(name, o))
            _accessible(app, window, shot, orientation)
        for orientation, size in (*SIZES.items(), ("1366x768", (1366, 768))):
            window.resize(*size)
            _not_today(app, window, lambda name, o=orientation: shot(name, o))
        _five_services(app, window, db, lambda name: shot(name, "1366x768"))
    finally:
        window.shutdown()
        db.close()
    return written


def _ticket_shot(app, window, name: str, shot, press) -> None:
    """From the start page, *press* a service; shoot the ticket page once printed."""
    window.go_start()
    _wait(app, lambda: window.accepting())
    press()
    _wait(app, lambda: window.view.pages.currentIndex() == TICKET and
          window.flow.print_outcome is not None)
    shot(name)


def _service_shots(app, window, shot) -> None:
    """The start and priority pages, a priority and a regular ticket, one not printed."""
    window.go_start()
    _wait(app, lambda: window.view.pages.currentIndex() == START and window.accepting())
    shot("start")
    window.view.start_page.priority.click()
    _wait(app, lambda: window.view.pages.currentIndex() == PRIORITY)
    shot("priority")
    window.view.priority_page.group_buttons["elderly"].click()
    window.view.priority_page.buttons["B"].click()
    _wait(app, lambda: window.view.pages.currentIndex() == TICKET and
          window.flow.print_outcome is not None)
    shot("ticket_priority")
    _ticket_shot(app, window, "ticket", shot, window.view.start_page.buttons["A"].click)
    printer = window.link.printer  # the dead one prints; nothing is probed meanwhile
    good_printer, printer.url = printer.url, _dead_printer()
    printer.timer.stop()
    _ticket_shot(app, window, "ticket_not_printed", shot,
                 window.view.start_page.buttons["C"].click)
    printer.watch(good_printer)


def _not_today(app, window, shot) -> None:
    """A ticket near closing: the band says the visitor may not be served today."""
    _ticket_shot(app, window, "", lambda name: None, window.view.start_page.buttons["A"].click)
    window.flow.issued = dataclasses.replace(window.flow.issued, wait_band=NOT_TODAY, ahead=23)
    window.view.draw_ticket()
    shot("ticket_not_today")


def _five_services(app, window, db, shot) -> None:
    """Five services on a 1366x768 kiosk before any desk is staffed: each tile two rows
    high says "belum ada loket yang melayani, nomor tetap dapat diambil" whole."""
    from ult_desktop.ui.kiosk.widgets import ServiceButton

    for prefix, name in (("D", "Kepegawaian & Mutasi"), ("E", "Penjaminan Mutu")):
        save_service(db, prefix=prefix, name=name)
    window.go_start()
    _wait(app, lambda: window.accepting() and len(
        [t for t in window.view.start_page.findChildren(ServiceButton) if t.isVisible()]) == 5)
    shot("start_five_services")


def _closed_and_away(app, window, db, shot) -> None:
    """The office closed today, then the share gone."""
    window.go_start()
    today = local_time(utc_now(), "WIB").weekday()
    set_settings(db, enforce_hours=True,  # a realistic week that skips today
                 open_days=sorted((today + k) % 7 for k in range(1, 6)))
    _wait(app, lambda: window.view.start_page.notice.isVisible())
    shot("closed")
    set_settings(db, enforce_hours=False, open_days=[0, 1, 2, 3, 4])
    _wait(app, lambda: window.accepting())
    # The share vanishing reaches the window as this signal from the Station.
    window._on_connection(UNAVAILABLE, "")
    shot("database_unavailable")
    window._on_connection("ok", "")
    _wait(app, lambda: window.accepting())


def _accessible(app, window, shot, orientation: str) -> None:
    """The spoken mode's check before printing and large text with high contrast
    (docs/accessibility.md): ``kiosk_spoken_confirm``, ``kiosk_large_start``,
    ``kiosk_large_priority``, ``kiosk_large_spoken_ticket``."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    spoken = window.spoken
    spoken.speaker.player = lambda _utterance, done: done()  # pictures, no sound
    spoken.speaker.find_engine = False
    window.go_start()
    _wait(app, lambda: window.accepting())
    for key in (Qt.Key_Plus, Qt.Key_2):  # listen; the first service
        QTest.keyClick(window, key)
    _wait(app, lambda: window.view.pages.currentIndex() == CONFIRM)
    shot("spoken_confirm", orientation)
    QTest.keyClick(window, Qt.Key_Asterisk)
    window.go_start()
    _wait(app, lambda: window.accepting())
    spoken.large_button.click()
    shot("large_start", orientation)
    window.view.start_page.priority.click()
    _wait(app, lambda: window.view.pages.currentIndex() == PRIORITY)
    shot("large_priority", orientation)
    for key in (Qt.Key_Plus, Qt.Key_2, Qt.Key_2, Qt.Key_Enter):  # elderly, service B
        QTest.keyClick(window, key)
    _wait(app, lambda: window.view.pages.currentIndex() == TICKET and
          window.flow.print_outcome is not None)
    shot("large_spoken_ticket", orientation)
    window.go_start()
    _wait(app, lambda: window.accepting() and not window.view.large)


def main(out: Path) -> None:
    for path in render(out):
        print(path)


def clock_off(out: Path) -> None:
    """The kiosk on a PC whose clock runs an hour ahead of the share's (the scene runs under
    ``faketime``): it refuses to issue and says what to set (kiosk_clock_off_1366_no_wm.png)."""
    from PySide6.QtWidgets import QLabel
    from screens import grab_root

    app = ensure_app()
    work = Path(tempfile.mkdtemp(prefix="ult-kiosk-clock-"))
    db_path = init_database(work / "office.db", demo=True)
    window = KioskWindow(db_path, printer_url=f"virtual://{work / 'tickets'}",
                         station_id="kiosk-pintu", locked=False,
                         config_file=work / "station.json", poll_ms=200)
    window.resize(1366, 768)
    window.show()
    _wait(app, lambda: any("lebih cepat" in label.text()
                           for label in window.findChildren(QLabel) if label.isVisible()),
          timeout_s=120)
    for _ in range(40):  # let the page settle
        app.processEvents()
        time.sleep(0.02)
    grab_root(out / "kiosk_clock_off_1366_no_wm.png")
    print(out / "kiosk_clock_off_1366_no_wm.png")
    window.shutdown()
