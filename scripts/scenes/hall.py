#!/usr/bin/env python3
"""Served at the seat and Deaf visitors (docs/accessibility.md), offscreen grabs:

    python scripts/screenshots.py --only hall

Writes ``kiosk_seat_ticket_portrait.png`` (a priority visitor who waits seated and is
Deaf: the number's page, 1080×1920), ``counter_seat_deaf_notice_1366x768.png`` (that
visitor called at the priority counter: fetch from the seat, wave or walk over) and
``report_vulnerable_page.png``: the monthly report's page *Layanan ramah kelompok rentan*
of a demo office whose month so far had help calls, seats, Deaf flags and interpreter
requests (seeded through ``db.queue`` and ``db.visit.hall``), rendered by ``ult-desktop report``
and ``pdftoppm -png -r 80`` (poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]

from screens import wait  # noqa: E402

from ult_desktop.db.house.setup import DEMO_PINS, init_database  # noqa: E402
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

    w = CounterWindow(path, station_id="counter-3", counter=3, data_dir=folder / "d")
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


def seed_month(path: Path, today: datetime) -> tuple[str, str]:
    """Six mornings of the month so far (each 09:00 WIB): two help calls answered, two
    seated priority visitors fetched (one Deaf, an interpreter asked), regular visitors,
    one marked Deaf at the desk; tickets taken in spoken mode and large text. Returns the
    report's first and last day."""
    from ult_desktop.app import station_key
    from ult_desktop.core.priority import DEAF, LARGE, SEAT, SPOKEN
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import (
        call_next,
        finish,
        mark_fetched,
        request_interpreter,
        set_deaf,
        start_serving,
    )
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import hall

    # signed with this PC's key, as every station's acts are
    db = open_database(path, station="demo-seed", mode="cli", signer=station_key.this_pc_key())
    first = today.replace(day=1)
    days = [first + timedelta(days=d) for d in range(today.day - 1)
            if (first + timedelta(days=d)).weekday() < 5][-6:]
    try:
        for i, day in enumerate(days):
            at = day.replace(hour=2, minute=0, second=0, microsecond=0, tzinfo=timezone.utc)

            def m(minutes: float, at=at) -> datetime:
                return at + timedelta(minutes=minutes)

            for k, wait_min in enumerate((2 + i % 3, 4 + i % 2)):
                call = hall.request_help(db, now=m(k * 20))
                hall.answer_help(db, event_id=call, officer_id=2, now=m(k * 20 + wait_min))
            seated = issue_ticket(db, service="B", priority_group="lansia",
                                  assist={SEAT, SPOKEN}, now=m(1))
            deaf = issue_ticket(db, service="A", priority_group="disabilitas",
                                assist={SEAT, DEAF, LARGE} if i % 2 else {DEAF},
                                now=m(2))
            regular = [issue_ticket(db, service=s, assist={LARGE} if s == "C" else (),
                                    now=m(3 + n)) for n, s in enumerate("ABCA")]
            t = 5
            for ticket in (seated, deaf):
                call_next(db, counter=3, number=ticket.number, officer_id=2,
                          now=m(t))
                if SEAT in (ticket.assist or ()):
                    mark_fetched(db, number=ticket.number, officer_id=2,
                                now=m(t + 2 + i % 3))
                if ticket is deaf and i % 3 == 0:
                    request_interpreter(db, number=ticket.number, officer_id=2,
                                       now=m(t + 3))
                start_serving(db, counter=3, now=m(t + 5))
                finish(db, counter=3, now=m(t + 12))
                t += 13
            t = 8
            for n in range(len(regular)):  # counter 1 serves A and B, counter 2 B and C
                desk = 1
                ticket = call_next(db, counter=desk, officer_id=3, now=m(t))
                if ticket is None:
                    desk = 2
                    ticket = call_next(db, counter=desk, officer_id=5, now=m(t))
                if n == 1 and i % 2 == 0:
                    set_deaf(db, number=ticket.number, deaf=True, officer_id=2,
                            now=m(t + 1))
                start_serving(db, counter=desk, now=m(t + 1))
                finish(db, counter=desk, now=m(t + 9))
                t += 10
    finally:
        db.close()
    return first.date().isoformat(), days[-1].date().isoformat()


def report_page(out: Path) -> Path:
    """The month's report from the CLI, the page *Layanan ramah kelompok rentan* as PNG."""
    from pypdf import PdfReader

    folder = Path(tempfile.mkdtemp(prefix="ult-hall-report-"))
    os.environ["ULT_KEY_DIR"] = str(folder / "keys")  # this run's own PC key and memory
    path = folder / "office.db"  # the demo office, its root of trust this PC's key
    subprocess.run([sys.executable, "-m", "ult_desktop", "init", "--db", str(path), "--demo"],
                   check=True)
    d0, d1 = seed_month(path, datetime.now(timezone.utc))
    pdf = folder / "report.pdf"
    subprocess.run([sys.executable, "-m", "ult_desktop", "report", "--db", str(path),
                    "--from", d0, "--to", d1, "--out", str(pdf)], check=True)
    pages = [i + 1 for i, p in enumerate(PdfReader(str(pdf)).pages)
             if "Layanan ramah kelompok rentan" in (p.extract_text() or "")]
    png = out / "report_vulnerable_page.png"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(pages[0]),
                    "-l", str(pages[0]), str(pdf), str(png.with_suffix(""))], check=True)
    print(png)
    return png


def scene(out: Path) -> None:
    """The kiosk's and the counter's windows, then the report's page."""
    main(out)
    report_page(out)
