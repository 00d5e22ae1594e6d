"""``bench/run.py`` stopped by the system (SIGTERM) while a bench drives the product's
windows (whose own stop handler holds the signal then) ends at once, saying so, and leaves
no process of its own behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="/proc and POSIX signals")


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _has_socket(pid: int) -> bool:
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd).startswith("socket:"):
                return True
        except OSError:  # closed meanwhile
            pass
    return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_run_stopped_while_a_bench_drives_the_windows_ends_and_leaves_nothing(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ULT_DATA_DIR": str(tmp_path)}
    run = subprocess.Popen([sys.executable, "bench/run.py", "--quick", "--only",
                            "accessibility"], cwd=ROOT, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        maps = Path(f"/proc/{run.pid}/maps")
        while "libQt6Widgets" not in maps.read_text() or not _has_socket(run.pid):
            assert run.poll() is None and time.monotonic() < deadline  # the windows' stop
            time.sleep(0.05)  # handler is there once its wake-up socket is
        ours = _descendants(run.pid)
        run.send_signal(signal.SIGTERM)
        out, _ = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 1
    assert "accessibility: error signal 15" in out.splitlines()
    assert [pid for pid in ours if _alive(pid)] == []
