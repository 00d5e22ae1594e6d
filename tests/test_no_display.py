"""A window mode started where there is no display (Linux, no X, no Wayland, no Qt
platform chosen) says what to do in one sentence and exits 2, instead of Qt's own abort
(exit 134); `demo --headless` needs no display."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the X/Wayland variables are Linux's")


def _no_display(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(ULT_DATA_DIR=str(tmp_path / "data"), ULT_KEY_DIR=str(tmp_path / "keys"),
               ULT_JOURNAL_DIR=str(tmp_path / "journal"))
    return subprocess.run([sys.executable, "-m", "ult_desktop", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


@pytest.mark.parametrize("lang, words", [("id", "tidak ada layar"), ("en", "no display")])
def test_demo_without_a_display_says_what_to_do(tmp_path, lang, words):
    done = _no_display(tmp_path, "--lang", lang, "demo")
    assert done.returncode == 2, done.stderr
    said = done.stderr.strip()
    assert said.count("\n") == 0 and said.startswith("ult-desktop: " + words)
    for way in ("xvfb-run", "QT_QPA_PLATFORM=offscreen", "demo --headless"):
        assert way in said
    assert not (tmp_path / "data" / "demo.db").exists()  # nothing made before it said so


def test_a_station_mode_without_a_display_says_so(tmp_path):
    done = _no_display(tmp_path, "--lang", "en", "kiosk", "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2 and "no display to open the kiosk window" in done.stderr


def test_the_headless_demo_needs_no_display(tmp_path):
    """`demo --headless` starts and prints the live status (stopped here after it did)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(ULT_DATA_DIR=str(tmp_path / "data"), ULT_KEY_DIR=str(tmp_path / "keys"),
               ULT_JOURNAL_DIR=str(tmp_path / "journal"), ULT_LANG="en")
    proc = subprocess.Popen([sys.executable, "-m", "ult_desktop", "demo", "--headless"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert any(line.startswith("ULT Desktop demo:") for line in lines), lines
