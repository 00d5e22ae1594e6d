"""Uncaught exceptions reach the station's log with their traceback, from a Qt timer of a
real kiosk process and from any thread, and the station shows one line saying so."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QLabel, QMainWindow

from tests.conftest import ROOT, run_cli
from ult_desktop.core.i18n import tr


def log_env(tmp_path) -> dict:
    logs = tmp_path / "state"
    return {"XDG_STATE_HOME": str(logs), "LOCALAPPDATA": "", "QT_QPA_PLATFORM": "offscreen"}


def test_a_planted_error_in_the_kiosks_timer_is_in_its_log(db_path, tmp_path):
    env = {**log_env(tmp_path), "ULT_SMOKE_EXIT_MS": "1500", "ULT_SMOKE_FAULT": "1"}
    proc = run_cli("kiosk", "--db", str(db_path), "--printer", "none", env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr  # the kiosk kept going and closed as asked
    log = (tmp_path / "state" / "ult-desktop" / "ult-desktop-kiosk.log").read_text()
    assert "ERROR ult_desktop.uncaught [MainThread] uncaught exception" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: ult-smoke: planted error in a Qt timer" in log


def test_without_the_planted_error_the_log_has_none(db_path, tmp_path):
    env = {**log_env(tmp_path), "ULT_SMOKE_EXIT_MS": "300"}
    proc = run_cli("kiosk", "--db", str(db_path), "--printer", "none", env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    log = (tmp_path / "state" / "ult-desktop" / "ult-desktop-kiosk.log").read_text()
    assert "uncaught" not in log


THREAD = """
import threading
from ult_desktop.app.logsetup import setup_logging
setup_logging("kiosk")
def work():
    raise ValueError("a worker's planted error")
t = threading.Thread(target=work, name="printer-worker")
t.start(); t.join()
"""


def test_an_error_in_any_thread_is_logged_with_its_thread(tmp_path):
    proc = subprocess.run([sys.executable, "-c", THREAD], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, **log_env(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    log = (tmp_path / "state" / "ult-desktop" / "ult-desktop-kiosk.log").read_text()
    assert "uncaught exception in thread printer-worker" in log
    assert "ValueError: a worker's planted error" in log
    assert "ValueError" in proc.stderr  # the console still gets it when there is one


def test_the_station_shows_one_line_and_no_dialog(qtbot):
    from ult_desktop.ui.common import fault_notice
    from ult_desktop.ui.common.app import ensure_app

    window = QMainWindow()
    window.resize(1366, 768)
    qtbot.addWidget(window)
    window.show()
    notice = fault_notice.install(ensure_app())
    notice.raised.emit()  # as the log's hook does, from whatever thread raised
    qtbot.waitUntil(lambda: window.findChild(QLabel, fault_notice.NAME) is not None
                    and window.findChild(QLabel, fault_notice.NAME).isVisible())
    label = window.findChild(QLabel, fault_notice.NAME)
    assert label.text() == tr("ui.fault.recorded")
    assert label.text().startswith("Terjadi kesalahan, sudah dicatat")
    assert label.geometry().bottom() <= window.height()
    assert ensure_app().activeModalWidget() is None
