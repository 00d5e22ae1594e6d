"""Kiosk figures (offscreen Qt, 1080 x 1920, real database file, virtual printer).

* ``kiosk_touch_p95_ms``: a touch on a service button -> the new number painted on
  the ticket screen (the issuing transaction on the Station worker, people ahead and
  wait estimate, the screen switch and a synchronous repaint of the number), 95th
  percentile. Target: 150 ms or less.
* ``kiosk_touch_p50_ms``: the same, median.

Between touches the benchmark waits for the ticket to be printed (a visitor's pace),
so printing never overlaps the measured part; the printer has its own worker anyway.
"""

from __future__ import annotations

import os
import time

from _common import fresh_db, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _wait(app, condition, timeout_s: float = 30.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("kiosk did not answer in time")
        app.processEvents(QEventLoop.AllEvents, 5)


def run(quick: bool) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.kiosk.flow import START, TICKET
    from ult_desktop.ui.kiosk.window import KioskWindow, Timings

    app = ensure_app()
    db_path = fresh_db()
    timings = Timings(guard_ms=0, ticket_ms=600_000, not_printed_ms=600_000,
                      idle_ms=600_000, refresh_ms=600_000)
    window = KioskWindow(db_path, printer_url=f"virtual://{db_path.parent / 'tickets'}",
                         station_id="bench-kiosk", locked=False, timings=timings,
                         config_file=db_path.parent / "station.json")
    window.resize(1080, 1920)
    window.show()
    samples: list[float] = []
    try:
        _wait(app, lambda: window.link.online and window.view.state is not None)
        for i in range(30 if quick else 150):
            prefix = "ABC"[i % 3]
            _wait(app, lambda: window.view.pages.currentIndex() == START and window.accepting())
            button = window.view.start_page.buttons[prefix]
            started = time.perf_counter()
            QTest.mouseClick(button, Qt.LeftButton)
            _wait(app, lambda: window.view.pages.currentIndex() == TICKET)
            window.view.ticket_page.number.repaint()
            samples.append((time.perf_counter() - started) * 1000)
            _wait(app, lambda: window.flow.print_outcome is not None)
            window.go_start()
    finally:
        window.shutdown()
        window.deleteLater()
        app.processEvents()
    return {"kiosk_touch_p95_ms": percentile(samples, 95),
            "kiosk_touch_p50_ms": percentile(samples, 50)}


if __name__ == "__main__":
    for key, value in run(quick=True).items():
        print(f"{key}: {value:.3f}")
