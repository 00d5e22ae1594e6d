"""Lobby display figures.

* ``display_call_p95_ms``: a call committed by another process -> the display model
  shows it (feed poll + event handling), 95th percentile.
* ``display_rss_growth_mb``: resident memory growth of the display process over a
  simulated day of 2,000 calls made at full speed by another process (announcements
  composed for every call, played by a stand-in that finishes at once); ``--quick``: 600.
* ``display_idle_cpu_pct``: CPU of the display process (all threads) while nothing
  happens, in percent of one core: clock, running text and feed polling.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import fresh_db, percentile, popen

ROOT = Path(__file__).resolve().parents[1]

# Another process plays the counters: issue a ticket, call it, print "number commit-time".
_WRITER = r"""
import random, sys, time
sys.path.insert(0, sys.argv[1])
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
db = open_database(sys.argv[2], station="bench-counter", mode="counter")
n, pause = int(sys.argv[3]), float(sys.argv[4])
busy = set()
for c in (1, 2, 3):  # counters still holding a ticket from an earlier run
    try:
        finish(db, counter=c)
    except Exception:
        pass
for i in range(n):
    counter = 1 + i % 3
    if counter in busy:
        finish(db, counter=counter)
    issue_ticket(db, service="ABC"[i % 3] if counter != 3 else "A")
    t = call_next(db, counter=counter)
    busy.add(counter)
    print(t.number, time.time(), flush=True)
    if pause:
        time.sleep(pause * (0.5 + random.random()))
print("done", flush=True)
"""


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import psutil  # other systems

        return psutil.Process().memory_info().rss / 2**20


def _spin(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def _writer(db_path: Path, n: int, pause: float) -> subprocess.Popen:
    return popen([sys.executable, "-c", _WRITER, str(ROOT), str(db_path), str(n),
                             str(pause)], stdout=subprocess.PIPE, text=True)


def _wait_for(app, cond, timeout: float) -> None:
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("display did not catch up")
        app.processEvents()
        time.sleep(0.001)


def run(quick: bool) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.display.window import DisplayWindow

    app = ensure_app()
    results: dict[str, float] = {}

    # 1. Latency: calls from another process at a human pace.
    db_path = fresh_db()
    seen: dict[str, float] = {}
    w = DisplayWindow(db_path, station_id="bench-display", player=lambda u, done: done(),
                      tts=False, media_dir=db_path.parent / "none")
    w.model.called.connect(lambda call: seen.setdefault(call.number, time.time()))
    w.resize(1920, 1080)
    w.show()
    _wait_for(app, lambda: w.model.loaded, 10)
    n_calls = 30 if quick else 120
    proc = _writer(db_path, n_calls, 0.25)
    committed: dict[str, float] = {}
    for line in proc.stdout:
        if line.startswith("done"):
            break
        number, at = line.split()
        committed[number] = float(at)
        _wait_for(app, lambda n=number: n in seen, 10)
    proc.wait(timeout=60)
    lat = [(seen[n] - committed[n]) * 1000 for n in committed]
    results["display_call_p95_ms"] = round(percentile(lat, 95), 1)

    # 2. Idle CPU: nothing happens for a while (after the last call's flash has ended:
    # the calls still waiting for the big panel, 3.5 s each, are let go first).
    w.spotlight.waiting.clear()
    _wait_for(app, lambda: not w.spotlight.busy, 30)
    _spin_idle(app, 5.0)
    idle_s = 5.0 if quick else 15.0
    c0, t0 = time.process_time(), time.perf_counter()
    _spin_idle(app, idle_s)
    results["display_idle_cpu_pct"] = round(
        100 * (time.process_time() - c0) / (time.perf_counter() - t0), 2)
    w.shutdown()
    w.deleteLater()
    _spin(app, 0.2)

    # 3. Memory over a day of 2,000 calls at full speed.
    db_path = fresh_db()
    w = DisplayWindow(db_path, station_id="bench-display", player=lambda u, done: done(),
                      tts=False, media_dir=db_path.parent / "none")
    w.resize(1920, 1080)
    w.show()
    _wait_for(app, lambda: w.model.loaded, 10)
    calls = [0]
    w.model.called.connect(lambda call: calls.__setitem__(0, calls[0] + 1))

    def day(n: int) -> None:
        target = calls[0] + n
        proc = _writer(db_path, n, 0.0)
        while proc.poll() is None:
            app.processEvents()
            time.sleep(0.005)
        if proc.returncode:
            raise RuntimeError("the counter process failed")
        _wait_for(app, lambda: calls[0] >= target and w.queue.pending == 0
                  and not w.lists.busy, 120)

    day(100 if quick else 200)  # warm-up: caches, fonts, the first snapshots
    gc.collect()
    _spin(app, 0.5)
    before = _rss_mb()
    day(500 if quick else 1800)
    gc.collect()
    _spin(app, 0.5)
    results["display_rss_growth_mb"] = round(_rss_mb() - before, 2)
    w.shutdown()
    w.deleteLater()
    _spin(app, 0.2)
    return results


def _spin_idle(app, seconds: float) -> None:
    """Run the event loop the way a real display does (blocking, not busy-polling)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
