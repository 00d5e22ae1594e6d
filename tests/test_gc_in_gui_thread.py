"""Cycles are collected in the GUI thread only (ui/common/gc_guard.py)."""

from __future__ import annotations

import gc
import threading

from ult_desktop.ui.common import gc_guard
from ult_desktop.ui.common.app import ensure_app


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_app_switches_automatic_collection_off_and_collects_on_its_timer(qtbot):
    app = ensure_app()
    collector = gc_guard.install(app)
    assert gc_guard.install(app) is collector  # one per application
    assert not gc.isenabled()
    threshold0 = collector.threshold[0]
    # a worker thread allocating far past the threshold collects nothing itself ...
    gc.collect()
    made = []
    worker = threading.Thread(target=lambda: made.extend(_Cycle() for _ in range(threshold0 * 3)))
    worker.start()
    worker.join()
    assert gc.get_count()[0] > threshold0
    made.clear()  # now garbage, in cycles
    # ... the GUI thread's timer does
    qtbot.waitUntil(lambda: gc.get_count()[0] < threshold0, timeout=3000)
