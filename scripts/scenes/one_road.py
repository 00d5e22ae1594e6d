#!/usr/bin/env python3
"""Screenshots of the outage's edges and of what no longer fails silently, as they run,
for docs/screenshots/:

    python scripts/screenshots.py --only one-road

One demo office in a temp folder: the counter whose visitor was at the desk when the share
went (the strip names her, with the outcome to choose), the counter told of the first
visitor of a quiet queue with a ticket that did not print marked in its list, and Admin >
Stations naming a kiosk whose journal cannot be written, and a visitor's call for help
from the kiosk as every counter shows it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]


from screens import counter_signed_in, grab, wait  # noqa: E402

from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.house.stations import heartbeat  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.queue.print_results import record_print_result  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = init_database(folder / "ult.db", demo=True)
        db = open_database(path, station="kiosk-pintu", mode="kiosk")

        # the first visitor of a quiet queue; the second one's ticket did not print
        w = counter_signed_in(path, 1, "sari", folder / "d")
        issue_ticket(db, service="A")
        wait(lambda: w.queue.state is not None and len(w.queue.state.waiting) == 1)
        unprinted = issue_ticket(db, service="A")
        record_print_result(db, ticket_id=unprinted.id, ok=False,
                            error="kertas habis", printer="tcp://192.168.1.50:9100")
        wait(lambda: w.queue.state is not None and len(w.queue.state.waiting) == 2)
        grab(out, "counter_first_visitor_unprinted_1366x768_openbox.png")

        # a visitor at the kiosk asks for an officer: every counter sees it
        from ult_desktop.db.visit import hall

        hall.request_help(db)
        wait(lambda: not w.help.isHidden())
        grab(out, "counter_help_request_1366x768_openbox.png")
        w.help.answer()
        wait(lambda: w.help.isHidden())

        # she is at the desk when the share goes: the strip finishes her
        w.queue.do_call_next()
        wait(lambda: w.queue.state is not None and w.queue.state.current is not None)
        from ult_desktop.ui.common.station import UNAVAILABLE

        w.session.station.connection_changed.emit(UNAVAILABLE, "")
        wait(lambda: not w.offline.isHidden() and w.offline.current.text() != "")
        w.offline.outcome.setCurrentIndex(w.offline.outcome.findData("consulted"))
        grab(out, "counter_share_away_visitor_at_desk_1366x768_openbox.png")
        w.close()

        # a kiosk whose journal cannot be written, as the admin reads it
        heartbeat(db, detail={"journal_error": "database or disk is full"})
        from PySide6.QtWidgets import QMainWindow

        from ult_desktop.ui.admin.stations import StationsPage

        class _Read:  # the page's data handed to it, as Admin > Stasiun reads it
            path = "postgresql://shots/office"  # no pulse folder to watch

            def run(self, *args, **kwargs):
                return None

        admin = QMainWindow()
        page = StationsPage(_Read(), poll_ms=60_000)
        admin.setCentralWidget(page)
        admin.setWindowTitle("ULT Desktop - Admin - Stasiun")
        admin.showMaximized()
        page.show_data(StationsPage.fetch(db))
        wait(lambda: any(v.journal_error for v in page.views))
        grab(out, "admin_stations_journal_error_1366x768_openbox.png")
        admin.close()
        db.close()
