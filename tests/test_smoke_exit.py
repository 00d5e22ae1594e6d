"""``ULT_SMOKE_EXIT_MS``: every GUI mode starts as a real process, shows a window, logs its
first frame and closes cleanly by itself (what the bundle smoke test relies on)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli

MODES = ("kiosk", "counter", "display", "admin", "survey")
ENV = {"ULT_SMOKE_EXIT_MS": "100", "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.parametrize("mode", MODES)
def test_mode_starts_fullscreen_and_quits_by_itself(mode, db_path):
    proc = run_cli(mode, "--db", str(db_path), "--printer", "none", "--counter", "1",
                   env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "ult-smoke: first-frame" in proc.stderr
    assert "Traceback" not in proc.stderr and "QThread: Destroyed" not in proc.stderr


def test_an_app_that_never_shows_a_window_fails_the_smoke_run():
    code = ("from ult_desktop.ui.common.app import ensure_app; "
            "raise SystemExit(ensure_app().exec())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=ROOT,
                          env={**os.environ, **ENV, "ULT_SMOKE_TIMEOUT_MS": "300"})
    assert proc.returncode == 1
    assert "ult-smoke: no window was shown" in proc.stderr
