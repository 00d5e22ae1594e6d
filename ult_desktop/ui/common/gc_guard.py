"""Python's cyclic garbage collector runs in the GUI thread only: a cycle holding a GUI
thread's Qt object collected in a worker deadlocks on the signal lock and the GIL (seen in
our tests). The usual PySide remedy: automatic collection off, run from a GUI timer."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the allocation counts (collects past a threshold).
CHECK_MS = 500


class GuiThreadCollector(QObject):
    """Owns automatic collection while it lives; install once per QApplication."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, timeout=self.check)
        self.timer.start(CHECK_MS)

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; returns how
        many objects were unreachable."""
        found = 0
        count0, count1, count2 = gc.get_count()
        if count0 > self.threshold[0]:
            found += gc.collect(0)
            if count1 > self.threshold[1]:
                found += gc.collect(1)
                if count2 > self.threshold[2]:
                    found += gc.collect(2)
        return found


def install(app: QObject) -> GuiThreadCollector:
    """The application's collector (created on first call)."""
    collector = app.findChild(GuiThreadCollector)
    if collector is None:
        collector = GuiThreadCollector(app)
    return collector
