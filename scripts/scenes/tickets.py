"""Tickets as the kiosk's printer draws them (``devices.printer.preview``, the elements the
ESC/POS path prints), issued in a demo office with the product's own functions::

    python scripts/screenshots.py --only tickets

58 mm: Monday's first, ticket 24,817, whose code (8 random characters and the id) is as
long as an office's year makes it (the year before stood in for by moving Friday's one
ticket's id, raw SQL). 80 mm: the fourth visitor of the morning (three waiting ahead).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(out: Path) -> None:
    from ult_desktop.app.print_service import ticket_print_data
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.devices.printer.jobs import elements_of
    from ult_desktop.devices.printer.preview import save_preview

    path = init_database(Path(tempfile.mkdtemp(prefix="ult-shots-")) / "ult.db", demo=True)
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    morning = datetime(2026, 11, 23, 1, 5, tzinfo=timezone.utc)  # Monday 08:05 WIB
    friday = issue_ticket(kiosk, service="A", now=morning - timedelta(days=3))
    raw = sqlite3.connect(path, isolation_level=None)  # the year's tickets before it
    raw.execute("UPDATE tickets SET id = 24816 WHERE id = ?", (friday.id,))
    raw.close()
    first = issue_ticket(kiosk, service="A", now=morning)
    assert first.id == 24817 and len(first.code) == 11, (first.id, first.code)
    print(save_preview(elements_of(ticket_print_data(kiosk, first)),
                       out / "ticket_58mm_code_with_id.png", width_mm=58))
    for minute in (2, 4):
        issue_ticket(kiosk, service="A", now=morning + timedelta(minutes=minute))
    fourth = issue_ticket(kiosk, service="A", now=morning + timedelta(minutes=7))
    print(save_preview(elements_of(ticket_print_data(kiosk, fourth)),
                       out / "ticket_preview_80mm.png", width_mm=80))
    kiosk.close()
