"""The lobby display finds the TV and follows it.

A real display process on two Qt screens (the offscreen platform's screen file: the PC's
own 1366×768 monitor as primary, a 1920×1080 TV beside it in "Extend"): with no setting
it opens fullscreen on the TV, with ``--screen`` on the screen named; when the TV
reports another size (switched on after boot) the window re-fits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.windows

ROOT = Path(__file__).resolve().parent.parent

SCREENS = {"screens": [
    {"name": "Monitor", "x": 0, "y": 0, "width": 1366, "height": 768,
     "logicalDpi": 96, "physicalDpi": 96},
    {"name": "TV", "x": 1366, "y": 0, "width": 1920, "height": 1080,
     "logicalDpi": 96, "physicalDpi": 96}]}

DRIVER = """
import argparse, json, sys, time
from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication
from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.display import app as display

seen = {}
deadline = time.monotonic() + 30

def window():
    return next((w for w in QApplication.topLevelWidgets() if hasattr(w, "follower")), None)

def fitted(w):  # fullscreen on the screen it was given, whole
    screen = w.follower.screen
    return screen is not None and w.isFullScreen() and w.geometry() == screen.geometry()

def look(w, when):
    seen[when] = [w.follower.screen.name(), list(w.geometry().getRect()), w.isFullScreen()]

def step():
    w = window()
    if time.monotonic() > deadline:
        print(json.dumps({"timeout": seen}), flush=True)
        QApplication.quit()
    elif w is None or not fitted(w):
        return
    elif "first" not in seen:
        look(w, "first")
        w.setGeometry(QRect(1366, 0, 1024, 768))  # the TV as it reported itself at boot
        tv = next(s for s in QApplication.screens() if s.name() == "TV")
        tv.geometryChanged.emit(tv.geometry())  # what Qt says when the TV reports its size
    else:  # fitted again: re-fitted after the change
        look(w, "after")
        print(json.dumps(seen), flush=True)
        QApplication.quit()

ensure_app()
poll = QTimer(interval=20)
poll.timeout.connect(step)
poll.start()
display.main(argparse.Namespace(db=sys.argv[1], station="tv", windowed=False,
                                screen=sys.argv[2]))
"""


@pytest.fixture
def screens(tmp_path) -> dict:
    """The child's environment; it runs in *tmp_path*, where its screens.json is: Qt
    splits QT_QPA_PLATFORM at each ':', so a path with a drive letter (C:\\...) breaks it."""
    (tmp_path / "screens.json").write_text(json.dumps(SCREENS))
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen:configfile=screens.json",
            "ULT_KEY_DIR": str(tmp_path / "keys"), "PYTHONPATH": path}


@pytest.mark.parametrize(("setting", "screen", "rect"), [
    ("", "TV", [1366, 0, 1920, 1080]),          # automatic: the largest non-primary
    ("monitor", "Monitor", [0, 0, 1366, 768]),  # named (any case)
])
def test_the_display_opens_on_its_screen_and_refits(db_path, screens, setting, screen, rect,
                                                    tmp_path):
    done = subprocess.run([sys.executable, "-c", DRIVER, str(db_path), setting],
                          capture_output=True, text=True, timeout=60, env=screens, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "timeout" not in seen, seen
    assert seen["first"] == [screen, rect, True]
    assert seen["after"][0] == screen and seen["after"][1] == rect  # re-fitted


def test_the_self_test_says_which_screen_the_display_takes(screens, tmp_path):
    """With a setting naming a screen that is not there (the TV off), the self-test says
    so and which screen the display would use instead."""
    code = ("import json; from ult_desktop.app.selftest import Options; "
            "from ult_desktop.ui.selftest_checks import screens; "
            "print(json.dumps([(c.id, c.status, c.sentence('en')) for c in "
            "screens(Options(mode='display', screen=__import__('sys').argv[1]))]))")
    checks = {}
    for setting in ("", "Samsung"):
        done = subprocess.run([sys.executable, "-c", code, setting], capture_output=True,
                              text=True, timeout=60, env=screens, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        checks[setting] = {i: (s, text) for i, s, text in json.loads(done.stdout)}
    assert checks[""]["screens.display"] == (
        "pass", "The lobby display will show on TV (1920×1080).")
    status, text = checks["Samsung"]["screens.display"]
    assert status == "fail" and "'Samsung'" in text and "uses TV" in text
