"""The hall every visitor can use alone (docs/accessibility.md): the TV without sound, and
help called from a kiosk.

* ``display_silent_calls_missed``: the lobby TV with its sound off (offscreen Qt, a real
  office file) follows 30 calls made by three counters in bursts (each counter finishes
  and calls the next at once), every fourth visitor marked Deaf. A call is *missed* when
  it did not keep the big panel for its whole flash (the display's own timings: one
  blink, ``ui/display/spotlight.FLASH_MS``, times ``FLASH_LOOPS`` blinks, or
  ``DEAF_FLASH_LOOPS`` for a Deaf visitor), or never got it. Target: 0. The full run
  uses the office's blink (700 ms: about two and a half minutes); ``--quick`` a 60 ms one.
* ``help_request_to_ack_p95_s``: a visitor presses *Butuh bantuan* at a kiosk (its own
  process, ``db.visit.hall.request_help``) until a counter has acknowledged it in the record
  (``answer_help`` committed), the counter following the change feed as the counter
  screen does (every ``DEFAULT_POLL_MS``) and answering as soon as the call reaches it:
  the system's part of the time to help (the officer's walk is not in it). On the
  simulated share with a 10 ms round trip per file operation (``tests/faultfs``) when
  FUSE is there, else on a local file (``help_request_to_ack_local_p95_s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from _common import popen
except ImportError:  # imported as bench.<name> (the tests)
    from bench._common import popen

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CALLS = 30
HELP_CALLS = {False: 30, True: 8}


def make_calls(db, n: int = CALLS, *, deaf_every: int = 4) -> list[tuple[str, bool]]:
    """*n* calls from counters 1-3 in bursts (each counter finishes and calls again at
    once), every *deaf_every*-th visitor marked Deaf; (number, Deaf) in call order."""
    from ult_desktop.core.priority import DEAF
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    for i in range(n):
        issue_ticket(db, service="ABC"[i % 3],
                     assist={DEAF} if i % deaf_every == 0 else ())
    made: list[tuple[str, bool]] = []
    busy: set[int] = set()
    while len(made) < n:
        before = len(made)
        for counter in (1, 2, 3):
            if counter in busy:
                finish(db, counter=counter)
                busy.discard(counter)
            called = call_next(db, counter=counter)
            if called is not None:
                busy.add(counter)
                made.append((called.number, DEAF in called.assist))
        if len(made) == before:
            raise RuntimeError("nobody left to call")
    return made[:n]


def silent_calls_missed(blink_ms: int) -> tuple[int, float]:
    """(calls missed, seconds until the last call's turn ended) on a silent TV."""
    from _common import fresh_db
    from PySide6.QtCore import QEventLoop

    from ult_desktop.db.open import open_database
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.display.spotlight import DEAF_FLASH_LOOPS
    from ult_desktop.ui.display.window import DisplayWindow

    app = ensure_app()
    db_path = fresh_db()
    db = open_database(db_path, station="bench", mode="cli")
    tv = DisplayWindow(db_path, station_id="bench-tv", announce=False, tts=False, poll_ms=50,
                       media_dir=db_path.parent / "no-media", flash_ms=blink_ms)
    tv.resize(1920, 1080)
    tv.show()

    def wait(condition, timeout_s: float) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                return
            app.processEvents(QEventLoop.AllEvents, 5)

    try:
        wait(lambda: tv.model.loaded, 30)
        started = time.perf_counter()
        make_calls(db)
        wait(lambda: len(tv.spotlight.turns) == CALLS and not tv.spotlight.busy,
             CALLS * DEAF_FLASH_LOOPS * blink_ms / 1000 + 30)
        missed = tv.spotlight.missed() + (CALLS - len(tv.spotlight.turns))
        return missed, time.perf_counter() - started
    finally:
        tv.shutdown()
        db.close()


def kiosk_help(db_path: str, n: int, log_path: str) -> None:
    """The kiosk's process: *n* calls for help, one every second or so; each logged
    with the wall clock just before its write."""
    from bench_share import _BenchKey

    from ult_desktop.db.open import open_database
    from ult_desktop.db.visit import hall

    db = open_database(db_path, station="kiosk-pintu", mode="kiosk")
    db.set_signer(_BenchKey())
    with open(log_path, "a", encoding="utf-8") as log:
        for _ in range(n):
            t = time.time()
            event_id = hall.request_help(db)
            log.write(json.dumps({"id": event_id, "t": t}) + "\n")
            log.flush()
            time.sleep(1.0)
    db.close()


def help_to_ack(db_path: Path, n: int, work: Path) -> list[float]:
    """Seconds from each kiosk call to the counter's acknowledgement committed."""
    from bench_share import _BenchKey

    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed
    from ult_desktop.db.visit import hall

    desk = open_database(db_path, station="counter-1", mode="counter")
    desk.set_signer(_BenchKey())
    feed = ChangeFeed(desk)
    log = work / "kiosk.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    kiosk = popen([sys.executable, str(Path(__file__).resolve()), "kiosk-help",
                              str(db_path), str(n), str(log)], stdin=subprocess.DEVNULL,
                             env=env, cwd=str(ROOT))
    acked: dict[int, float] = {}
    deadline = time.time() + n * 1.0 + 120
    try:
        while len(acked) < n and time.time() < deadline:
            if any(e.kind == hall.HELP_REQUESTED for e in feed.poll()):
                for call in hall.open_calls(desk):  # what the counter's strip shows
                    hall.answer_help(desk, event_id=call.event_id, officer_id=2)
                    acked[call.event_id] = time.time()
            time.sleep(DEFAULT_POLL_MS / 1000)
    finally:
        kiosk.wait(timeout=120)
        desk.close()
    asked = {r["id"]: r["t"] for r in map(json.loads, log.read_text().splitlines())}
    return [acked[i] - t for i, t in asked.items() if i in acked] + \
        [float("inf")] * sum(1 for i in asked if i not in acked)


def run(quick: bool) -> dict[str, float]:
    from _common import fresh_db, percentile

    from tests.faultfs import FaultShare, fuse_unavailable_reason

    missed, took = silent_calls_missed(60 if quick else 700)
    figures: dict[str, float] = {"display_silent_calls_missed": missed,
                                 "display_silent_30_calls_s": round(took, 1)}
    n = HELP_CALLS[quick]
    with tempfile.TemporaryDirectory(prefix="ult-bench-hall-") as tmp:
        work = Path(tmp)
        if fuse_unavailable_reason() is None:
            share = FaultShare(work / "fs").start()
            try:
                share.set_delay(0)
                db_path = share.path / "office.db"
                db_path.write_bytes(fresh_db().read_bytes())
                share.set_delay(10)
                waits = help_to_ack(db_path, n, work)
            finally:
                share.set_delay(0)
                share.stop()
            figures["help_request_to_ack_p95_s"] = round(percentile(waits, 95), 2)
        else:
            waits = help_to_ack(fresh_db(work), n, work)
            figures["help_request_to_ack_local_p95_s"] = round(percentile(waits, 95), 2)
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["kiosk-help"]:
        kiosk_help(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        for key, value in run("--quick" in sys.argv).items():
            print(f"{key}: {value}")
