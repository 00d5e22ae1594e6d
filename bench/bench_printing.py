"""Ticket printing: from the issue call to the last byte received by a loopback TCP
printer (real socket, python-escpos Network backend, status read before printing).

Printer mechanics are excluded: the loopback printer answers status at once and reads
as fast as the socket delivers. Figures: ``print_p50_ms``, ``print_p95_ms`` (issue ->
last byte), ``print_issue_p50_ms`` (the part the visitor's touch waits for: the kiosk's
take_ticket; the kiosk prints on its printer worker), ``print_bytes`` (size of one ticket).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from _common import fresh_db, percentile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def run(quick: bool) -> dict[str, float]:
    from printer_fixtures import LoopbackPrinter

    from ult_desktop.app.print_service import print_and_record
    from ult_desktop.db.open import open_database
    from ult_desktop.devices.printer.jobs import PrintSpooler
    from ult_desktop.devices.printer.url import parse_printer_url
    from ult_desktop.ui.kiosk.jobs import take_ticket

    rounds = 20 if quick else 100
    printer = LoopbackPrinter()
    db = open_database(fresh_db(), station="bench-kiosk", mode="kiosk")
    config = parse_printer_url(printer.url)
    try:
        # Warm up: imports, profile cache, first connection.
        PrintSpooler(config).submit(_warm_data()).wait(10)
        printer.wait_closed(1)
        total, returned, sizes = [], [], []
        for i in range(rounds):
            start = time.perf_counter()
            issued = take_ticket(db, service="ABC"[i % 3])
            returned.append((time.perf_counter() - start) * 1000)
            result = print_and_record(db, issued.ticket, config, waiting_ahead=issued.ahead,
                                      settings=issued.settings)
            if not result.ok:
                raise RuntimeError(f"print failed: {result}")
            conn = printer.wait_closed(i + 2)[-1]
            total.append((conn.last_byte_at - start) * 1000)
            sizes.append(len(conn.ticket_bytes()))
    finally:
        db.close()
        printer.close()
    return {
        "print_p50_ms": percentile(total, 50),
        "print_p95_ms": percentile(total, 95),
        "print_issue_p50_ms": percentile(returned, 50),
        "print_bytes": float(sum(sizes) / len(sizes)),
    }


def _warm_data():
    from datetime import datetime, timezone

    from ult_desktop.core.ticket_layout import TicketPrintData

    return TicketPrintData(number="A-000", service_name="warm-up",
                           issued_at=datetime.now(timezone.utc))


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key}: {value:.3f}")
