"""Text from the shared file is shown as plain text on every screen.

HTML planted in every text setting, every service name and every officer name points
an ``<img>`` at a probe file; the kernel (inotify) reports any open of that file. The
control label at the end, rendering the same HTML as rich text, proves the probe sees
an open when there is one (so the test can fail)."""

from __future__ import annotations

import ctypes
import os
import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel

from tests.drivers import WAIT, make_kiosk
from ult_desktop.core.settings import SETTINGS
from ult_desktop.db import errors
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.open import open_database

if not hasattr(os, "O_NONBLOCK") or not os.path.exists("/proc/self/fd"):
    pytest.skip("inotify is Linux only", allow_module_level=True)

IN_ACCESS, IN_OPEN = 0x1, 0x20


class Probe:
    """Reports every open of one file (inotify)."""

    def __init__(self, path: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, str(path).encode(), IN_OPEN | IN_ACCESS) >= 0

    def opens(self) -> int:
        n = 0
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return n
            pos = 0
            while pos < len(data):
                _wd, mask, _cookie, length = struct.unpack_from("iIII", data, pos)
                pos += 16 + length
                n += bool(mask & (IN_OPEN | IN_ACCESS))

    def close(self) -> None:
        os.close(self.fd)


def payload(probe: Path) -> str:
    return (f'X<img src="{probe}"><img src="file://{probe}">'
            '<a href="http://example.invalid/">a</a><style>*{color:red}</style>')


@pytest.fixture
def planted(db_path: Path, tmp_path: Path):
    short = Path(tempfile.mkdtemp(prefix="p"))  # the payload fits every name's cap
    probe = short / "p.png"
    img = QImage(16, 16, QImage.Format_RGB32)
    img.fill(QColor(1, 254, 3))
    assert img.save(str(probe))
    text = payload(probe)
    db = open_database(db_path, station="admin", mode="test")
    try:
        for key, s in SETTINGS.items():
            if s.type is not str or key in ("timezone", "language"):
                continue
            value = text if key != "qr_content" else text + "{code}"
            try:
                set_settings(db, **{key: value})
            except errors.UltError:
                pass  # a setting with a format of its own (a time, a choice)
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE services SET name = ?, description = ?", (text, text))
    conn.execute("UPDATE officers SET name = ?", (text,))
    conn.execute("UPDATE counters SET name = ?", (text,))
    conn.commit()
    conn.close()
    watcher = Probe(probe)
    yield probe, watcher
    watcher.close()
    shutil.rmtree(short, ignore_errors=True)


def _labels_plain(widget) -> None:
    for label in widget.findChildren(QLabel):
        if "<img" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def _settle(qtbot, ms: int = 600) -> None:
    qtbot.wait(ms)  # screens that refresh on timers have refreshed at least once


def _open(name: str, qtbot, request, db_path: Path, tmp_path: Path):
    if name == "kiosk":
        w = make_kiosk(qtbot, request, db_path, tmp_path)
        qtbot.waitUntil(lambda: "<img" in w.view.office_name.text(), timeout=WAIT)
    elif name == "survey":
        from ult_desktop.ui.survey.app import SurveyWindow
        w = SurveyWindow(db_path, station_name="tablet", poll_ms=50)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: "<img" in w.office.text(), timeout=WAIT)
    elif name == "counter":
        from ult_desktop.ui.counter.window import CounterWindow
        w = CounterWindow(db_path, station_id="counter-test", data_dir=tmp_path / "d",
                          poll_ms=50)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.login.officer.count() > 0, timeout=WAIT)
    elif name == "display":
        from ult_desktop.ui.display.window import DisplayWindow
        w = DisplayWindow(db_path, station_id="display-test", tts=False, poll_ms=50,
                          media_dir=tmp_path / "no-media",
                          player=lambda _utterance, done: done())
        qtbot.waitUntil(lambda: w.model.loaded and bool(w.model.settings), timeout=WAIT)

        def close() -> None:
            w.shutdown()
            w.deleteLater()
            qtbot.wait(10)
        request.addfinalizer(close)
    else:
        from ult_desktop.ui.admin.app import AdminWindow
        w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
        qtbot.addWidget(w)
    if name in ("survey", "counter", "admin"):
        request.addfinalizer(w.close)  # stops the window's station thread
    _settle(qtbot)
    return w


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("screen", ["kiosk", "survey", "counter", "display", "admin"])
def test_no_screen_opens_a_file_named_in_shared_text(qtbot, request, db_path: Path,
                                                     tmp_path: Path, planted, screen):
    probe, watcher = planted
    w = _open(screen, qtbot, request, db_path, tmp_path)
    w.grab()  # paint everything once
    _labels_plain(w)
    QApplication.processEvents()
    assert watcher.opens() == 0, f"the {screen} opened the file named in shared text"

    # the control: the same text rendered as rich text does open it (the probe works)
    control = QLabel()
    control.setTextFormat(Qt.TextFormat.RichText)
    control.setText(payload(probe))
    qtbot.addWidget(control)
    control.show()
    control.grab()
    QApplication.processEvents()
    assert watcher.opens() > 0


def _tip_label():
    return next((w for w in QApplication.topLevelWidgets()
                 if w.metaObject().className() == "QTipLabel" and w.isVisible()), None)


def _show_tooltip(qtbot, widget, pos):
    """Send *widget* the tooltip event a resting mouse sends; paint the tip Qt shows."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: _tip_label() is not None, timeout=WAIT)
    tip = _tip_label()
    tip.grab()
    QApplication.processEvents()
    return tip


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                           "This plugin does not support raise()")
def test_tooltips_of_shared_text_load_nothing(qtbot, tmp_path: Path):
    """A visitor's name cut in a list keeps its full text in the tooltip.
    Qt shows a tooltip in a label of its own (QTipLabel, a QLabel): the application-wide
    guard makes it plain text like every other label, so the tooltip shows the text as
    typed and opens nothing; without the guard the same tooltip opens the file."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem, QToolTip

    from ult_desktop.ui.common import plain_text

    app = QApplication.instance()
    plain_text.install(app)
    short = Path(tempfile.mkdtemp(prefix="t"))
    probe = short / "p.png"
    img = QImage(16, 16, QImage.Format_RGB32)
    img.fill(QColor(1, 254, 3))
    assert img.save(str(probe))
    watcher = Probe(probe)
    try:
        text = payload(probe)
        table = QTableWidget(1, 1)
        item = QTableWidgetItem("Ibu Ani")
        item.setToolTip(text)
        table.setItem(0, 0, item)
        button = QPushButton("Pak Budi")
        button.setToolTip(text)
        for w in (table, button):
            qtbot.addWidget(w)
            w.show()
            qtbot.waitExposed(w)
        cell = table.visualItemRect(item).center()
        for widget, pos in ((table.viewport(), cell), (button, QPoint(5, 5))):
            tip = _show_tooltip(qtbot, widget, pos)
            assert tip.text() == text and tip.textFormat() == Qt.TextFormat.PlainText
            assert watcher.opens() == 0
            QToolTip.hideText()
            qtbot.waitUntil(lambda: _tip_label() is None, timeout=WAIT)
        # the control: without the guard the same tooltip opens the file (the probe works)
        app.removeEventFilter(app._ult_plain_text)
        try:
            _show_tooltip(qtbot, button, QPoint(5, 5))
            qtbot.waitUntil(lambda: watcher.opens() > 0, timeout=WAIT)
        finally:
            QToolTip.hideText()
            qtbot.waitUntil(lambda: _tip_label() is None, timeout=WAIT)
            app.installEventFilter(app._ult_plain_text)
    finally:
        watcher.close()
        shutil.rmtree(short, ignore_errors=True)
