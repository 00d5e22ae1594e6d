"""The suite's own hygiene: a test's windows are gone when the next test starts
(tests/conftest.py ``pytest_runtest_teardown``), so no window is destroyed in the middle
of another test's events. The first test leaves a counter window as most screen tests
do (registered with qtbot) and a window nobody registered (as a mode's ``main`` makes
one); the second starts with none."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_test_leaves_a_counter_and_a_stray_window(make_window, qtbot):
    counter = make_window()
    counter.show()
    stray = QWidget()
    stray.show()
    qtbot.waitUntil(stray.isVisible)
    QApplication.instance().setProperty("stray_window_left", True)
    assert len(QApplication.allWidgets()) > 100


def test_the_next_test_starts_with_no_window(qtbot):
    assert QApplication.instance().property("stray_window_left")
    assert QApplication.topLevelWidgets() == []
    assert QApplication.allWidgets() == []
