#!/usr/bin/env python3
"""Served at the seat and Deaf visitors (docs/accessibility.md), offscreen grabs:

    QT_QPA_PLATFORM=offscreen python scripts/hall_screenshots.py docs/screenshots

Writes ``kiosk_seat_ticket_portrait.png`` (a priority visitor who waits seated and is
Deaf: the number's page, 1080×1920) and ``counter_seat_deaf_notice_1366x768.png`` (that
visitor called at the priority counter: fetch from the seat, wave or walk over).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from screens import wait  # noqa: E402

from ult_desktop.db.setup import DEMO_PINS, init_database  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def main(out: Path) -> None:
    from ult_desktop.ui.counter.window import CounterWindow
    from ult_desktop.ui.kiosk.flow import START, TICKET
    from ult_desktop.ui.kiosk.window import KioskWindow

    out.mkdir(parents=True, exist_ok=True)
    ensure_app()
    folder = Path(tempfile.mkdtemp(prefix="ult-hall-shots-"))
    path = init_database(folder / "office.db", demo=True)
    kiosk = KioskWindow(path, printer_url=f"virtual://{folder / 'tickets'}",
                        station_id="kiosk-pintu", locked=False,
                        config_file=folder / "station.json")
    kiosk.resize(1080, 1920)
    kiosk.show()
    wait(lambda: kiosk.link.online and kiosk.view.state is not None
         and kiosk.view.pages.currentIndex() == START)
    view = kiosk.view
    view.start_page.priority.click()
    view.priority_page.group_buttons["elderly"].click()
    view.priority_page.seat.click()
    view.priority_page.deaf.click()
    view.priority_page.buttons["B"].click()
    wait(lambda: view.pages.currentIndex() == TICKET and kiosk.flow.print_outcome is not None)
    kiosk.grab().save(str(out / "kiosk_seat_ticket_portrait.png"))
    print(out / "kiosk_seat_ticket_portrait.png")
    wait(lambda: not kiosk.link.journal.unlanded())

    w = CounterWindow(path, station_id="counter-3", counter=3, draft_dir=folder / "d")
    w.resize(1366, 768)
    w.show()
    wait(lambda: w.login.officer.count() > 0 and w.session.online)
    w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
    w.login.pin.setText(DEMO_PINS["sari"])
    w.login.submit()
    wait(lambda: w.session.officer is not None and w.queue.state is not None
         and w.queue.state.waiting)
    w.queue.do_call_next()
    wait(lambda: w.queue.state is not None and w.queue.state.current is not None
         and not w.queue.card.assist.notice.isHidden())
    w.grab().save(str(out / "counter_seat_deaf_notice_1366x768.png"))
    print(out / "counter_seat_deaf_notice_1366x768.png")
    kiosk.shutdown()
    w.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
