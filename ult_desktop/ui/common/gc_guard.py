"""Python's cyclic garbage collector runs in the GUI thread only.

Left to itself, Python collects cycles in whichever thread happens to allocate when a
threshold is crossed: often a station's database or printer worker. If that cycle holds
a Qt object made in the GUI thread (a closed dialog, a widget a test threw away), Qt
destroys it there, takes the object's signal lock and waits for the GIL, while the GUI
thread holds the GIL and waits for that same lock to connect a signal: both freeze
(seen in this project's test run, a worker collecting while the kiosk laid out its
screen). The usual PySide/PyQt remedy, also used by Anki and Spyder: switch automatic
collection off and collect from a timer in the GUI thread, by the same generation
thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the allocation counts (a look costs nothing; a
#: collection only runs when a threshold is crossed, as Python's own would).
CHECK_MS = 500


class GuiThreadCollector(QObject):
    """Owns automatic collection while it lives; install once per QApplication."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
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
