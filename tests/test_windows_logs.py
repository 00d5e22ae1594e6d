"""Station logs rotate and a hard crash leaves its stack in crash.log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ult_desktop.app import logsetup

pytestmark = pytest.mark.windows

ROOT = Path(__file__).resolve().parents[1]


def test_log_rotates_and_keeps_a_bounded_number_of_files(tmp_path):
    root = logging.getLogger()
    level = root.level
    try:
        path = logsetup.setup_logging("display", folder=tmp_path, max_bytes=2000, backups=2)
        log = logging.getLogger("ult_desktop.test")
        for i in range(200):
            log.info("call A-%03d at counter 1", i)
        names = sorted(p.name for p in tmp_path.iterdir())
        assert path.name == "ult-desktop-display.log"
        assert names == ["crash.log", "ult-desktop-display.log", "ult-desktop-display.log.1",
                         "ult-desktop-display.log.2"]
        assert all(p.stat().st_size <= 2100 for p in tmp_path.glob("ult-desktop-*"))
        assert "A-199" in path.read_text(encoding="utf-8")
    finally:
        for h in [h for h in root.handlers if h.get_name() == "ult-desktop-file"]:
            root.removeHandler(h)
            h.close()
        root.setLevel(level)
        import faulthandler
        faulthandler.enable(file=sys.stderr)


def test_a_hard_crash_writes_the_stack_to_crash_log(tmp_path):
    code = ("from ult_desktop.app.logsetup import setup_logging\n"
            "import faulthandler\n"
            "setup_logging('kiosk')\n"
            "faulthandler._sigsegv()\n")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("LOCALAPPDATA", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          timeout=60)
    assert done.returncode != 0
    crash = (tmp_path / "ult-desktop" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error" in crash and "line 4" in crash


def test_unwritable_log_folder_does_not_stop_the_station(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logsetup.setup_logging("kiosk", folder=blocker / "logs") is None


def test_crash_log_over_1_mb_is_moved_aside_at_start(tmp_path):
    """L1: every start appends to crash.log; it never grows without end."""
    from ult_desktop.app.logsetup import rotate_crash_log, setup_logging

    crash = tmp_path / "crash.log"
    crash.write_bytes(b"x" * 1_000_001)
    setup_logging("display", folder=tmp_path)
    assert (tmp_path / "crash.log.1").stat().st_size == 1_000_001
    assert crash.stat().st_size == 0
    assert rotate_crash_log(crash) is False  # small: left alone


@pytest.mark.qt_log_ignore("ult selftest marker")
def test_qt_warnings_reach_the_station_log(qapp, caplog):
    """L2: Qt's own messages are routed to the log, the earlier handler still called."""
    from PySide6.QtCore import qWarning

    from ult_desktop.ui.common import app as common_app

    common_app._routed = False  # install now, inside this test (pytest-qt's handler chained)
    common_app.route_qt_messages()
    with caplog.at_level("WARNING"):
        qWarning("ult selftest marker")
    assert any("ult selftest marker" in r.getMessage() for r in caplog.records)
