#!/usr/bin/env python3
"""Screenshots of the fair queue as it runs, for docs/screenshots/.

    python scripts/screenshots.py --only fair-queue

One demo office in a temp folder, several stations on its file: the priority rule set
to "1 priority after every 2 regular", Loket 2 on a break, a morning of served visits
(so the wait is a band), a ticket whose print failed. Each screen is shown full-screen
in turn and the whole X screen is grabbed with ``import -window root`` (window manager,
frames and all): the TV (rule line, paused tile), the kiosk's ticket (band and rule),
the counter (Jeda/Lanjutkan in the top bar, the unprinted ticket with its reprint
button, the held priority ticket's message).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]


from screens import counter_signed_in, grab, wait  # noqa: E402

from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish, pause_counter, start_serving  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.queue.print_results import record_print_result  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def office(folder: Path) -> Path:
    path = init_database(folder / "ult.db", demo=True)
    db = open_database(path, station="setup", mode="admin")
    set_settings(db, priority_order="ratio:2", priority_policy="first_everywhere",
                 enforce_hours=False)
    start = datetime.now(timezone.utc) - timedelta(hours=2)
    for i, minutes in enumerate((4, 6, 5, 7, 9, 6, 8)):  # served this morning
        at = start + timedelta(minutes=12 * i)
        issue_ticket(db, service="A", now=at)
        called = call_next(db, counter=1, now=at + timedelta(minutes=1))
        start_serving(db, number=called.number, now=at + timedelta(minutes=2))
        finish(db, number=called.number, now=at + timedelta(minutes=2 + minutes))
    for service in "AABA":
        issue_ticket(db, service=service)
    issue_ticket(db, service="A", priority_group="lansia")
    failed = issue_ticket(db, service="B")
    record_print_result(db, ticket_id=failed.id, ok=False, error="Kertas habis")
    pause_counter(db, counter=2, reason="ishoma")
    db.close()
    return path


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    with tempfile.TemporaryDirectory(prefix="ult-fair-") as tmp:
        folder = Path(tmp)
        path = office(folder)
        from ult_desktop.ui.display.window import DisplayWindow

        tv = DisplayWindow(path, station_id="tv", tts=False, announce=False,
                           media_dir=folder / "none")
        tv.showFullScreen()
        wait(lambda: tv.model.loaded and bool(tv.model.priority_rule))
        grab(out, "display_priority_rule_and_break_1366x768.png")
        tv.shutdown()

        from ult_desktop.ui.kiosk.window import KioskWindow

        kiosk = KioskWindow(path, printer_url=f"virtual://{folder / 'paper'}", locked=False,
                            station_id="kiosk-1", config_file=folder / "k.json")
        kiosk.showFullScreen()
        wait(lambda: kiosk.link.online and kiosk.view.state is not None)
        kiosk.touch_service("A")
        wait(lambda: kiosk.flow.print_outcome is not None)
        grab(out, "kiosk_ticket_wait_band_and_rule_1366_no_wm.png")
        kiosk.shutdown()

        w = counter_signed_in(path, 3, "sari", folder / "d")
        grab(out, "counter_unprinted_and_pause_1366x768_openbox.png")
        w.queue.card.pause.toggle()
        wait(lambda: w.queue.card.pause.dialog is not None)
        grab(out, "counter_pause_dialog_1366x768_openbox.png")
        w.queue.card.pause.dialog.accept()
        wait(lambda: w.queue.card.pause.paused is not None)
        grab(out, "counter_paused_1366x768_openbox.png")
        w.close()
    app.quit()
