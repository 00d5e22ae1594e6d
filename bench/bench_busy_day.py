"""A busy day: no screen's cost grows with the day.

The same office on a 200-ticket day and on a 2,000-ticket day (every ticket waiting at
the start, as at the top of a deadline week's morning):

* ``phone_answer_cpu_us_200`` / ``_2000`` and ``phone_answer_cpu_ratio_2000_200``: the
  page's CPU per answer (``PhonePage.answer`` over the day's codes, a counter's call
  every 200 answers, a second of 1,000 phones, the page reading the change), over a
  minute of them: the page's reading by the change and its whole-day reading once a
  minute included, its first reading at start not; the same 200 phones on both days;
* ``counter_stall_max_ms`` (2,000) and ``counter_stall_ratio_2000_200``: the longest time
  (past its 20 ms) the counter window's GUI thread did not run a 20 ms timer (and the
  99th percentile, ``counter_stall_p99_ms``) (a real ``CounterWindow`` in
  its own process, signed in at counter 1, serving the phone page), while counters 2 and
  3 call a ticket about every 0.6 s each and the phones poll;
* ``phone1000_*``: 1,000 phones (each its own loopback address, polling as the page's
  script does: ``poll_ms`` from each answer; four processes of 250) on the 2,000-ticket day, served by that
  counter's page process: ``called_to_page_p95_ms`` (a call committed -> the phone's
  page says "called", over ``calls_followed`` calls), ``server_cpu_pct`` (the page
  process, percent of one core, Linux ``/proc``), ``server_rss_mb`` (its peak memory),
  ``polls_failed`` (no answer, or "busy").

``python bench/run.py --only busy_day [--quick]``; ``python bench/bench_busy_day.py
counter DB LOG SECONDS`` is the counter window's process.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    from _common import popen
except ImportError:  # imported as bench.<name> (the tests)
    from bench._common import popen

ROOT = Path(__file__).resolve().parent.parent
PHONES = 1000
TICK_MS = 20


# -- the day ---------------------------------------------------------------------------
def _days(folder: Path) -> tuple[dict[int, Path], dict[str, str]]:
    """Two office files, 200 tickets waiting and the same with 2,000; the numbers and
    codes of the first ``PHONES`` (the front of the line: the ones called soon)."""
    from _common import fresh_db

    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    path = fresh_db(folder)
    db = open_database(path, station="kiosk-day", mode="kiosk")
    days, codes, rng = {}, {}, random.Random(3)
    for size in (200, 2000):
        while len(codes) < size:
            ticket = issue_ticket(db, service="ABC"[rng.randrange(3)],
                                  priority=rng.random() < 0.05)
            codes[ticket.number] = ticket.code
        days[size] = folder / f"day{size}.db"
        db.close()
        shutil.copyfile(path, days[size])
        db = open_database(path, station="kiosk-day", mode="kiosk")
    db.close()
    return days, dict(list(codes.items())[:PHONES])


def _front(codes: dict[str, str], size: int) -> dict[str, str]:
    """The phones of a day of *size* tickets (one per ticket, at most ``PHONES``)."""
    return dict(list(codes.items())[:min(size, PHONES)])


# -- the page's answers, in process ------------------------------------------------------
def answer_cpu_us(path: Path, codes: list[str], answers: int) -> float:
    """CPU microseconds per ``PhonePage.answer`` on *path*'s day (its refreshes in)."""
    from ult_desktop.app.phone_page import PhonePage
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish

    work = Path(tempfile.mkdtemp(prefix="ult-bench-answers-")) / "day.db"
    shutil.copyfile(path, work)
    clock = [0.0]
    page = PhonePage(lambda: open_database(work, station="tv", mode="phone"),
                     clock=lambda: clock[0])
    db = open_database(work, station="counter-2", mode="counter")
    rng, spent = random.Random(5), 0.0
    page.answer(codes[0], "id", "10.0.0.1")  # the page starts: its first reading
    for n in range(answers):
        if n % 200 == 0:  # a second of 1,000 phones: a call, and the page reads again
            with contextlib.suppress(Exception):
                finish(db, counter=2)
            call_next(db, counter=2)
            clock[0] += 1.0
        code = rng.choice(codes)
        started = time.thread_time()
        status, _ = page.answer(code, "id", f"10.0.{n % 200}.1")
        spent += time.thread_time() - started
        assert status == 200
    db.close()
    return spent / answers * 1e6


# -- the counter window ---------------------------------------------------------------
def counter_main(db_path: str, log_path: str, seconds: float) -> int:
    """A counter window signed in at counter 1, serving the phone page; logs ``ready``
    (with the page's process id) once its queue shows, then the event loop's gaps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("ULT_SOUND", "off")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.ui.counter.window import CounterWindow

    app = QApplication([])
    w = CounterWindow(db_path, station_id="counter-bench",
                      data_dir=Path(log_path).with_suffix(".data"))
    w.resize(1366, 768)
    w.show()
    log = open(log_path, "a", encoding="utf-8")  # open until the loop ends
    gaps: list[float] = []
    state = {"phase": "login", "last": time.perf_counter(), "end": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        if state["phase"] == "measure":
            gaps.append((now - state["last"]) * 1000 - TICK_MS)
            if now >= state["end"]:
                log.write(json.dumps({"ev": "stalls", "max_ms": max(gaps),
                                      "p99_ms": sorted(gaps)[int(len(gaps) * 0.99)],
                                      "ticks": len(gaps)}) + "\n")
                log.flush()
                app.quit()
        elif state["phase"] == "login" and w.login.officer.count() and w.session.online:
            w.login.officer.setCurrentIndex(w.login.officer.findData("budi"))
            w.login.counter.setCurrentIndex(w.login.counter.findData(1))
            w.login.pin.setText(DEMO_PINS["budi"])
            w.login.button.click()
            state["phase"] = "signing"
        elif state["phase"] == "signing" and w.queue.state is not None and \
                w.pc.phone.server is not None:
            log.write(json.dumps({"ev": "ready", "page_pid":
                                  w.pc.phone.server.process.pid}) + "\n")
            log.flush()
            state["phase"], state["end"] = "measure", now + seconds
        state["last"] = now

    timer = QTimer(interval=TICK_MS, timeout=tick)
    timer.start()
    app.exec()
    w.close()
    return 0


def _wait_log(path: Path, ev: str, seconds: float) -> dict:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        with contextlib.suppress(OSError):
            for line in path.read_text().splitlines():
                if json.loads(line)["ev"] == ev:
                    return json.loads(line)
        time.sleep(0.2)
    raise RuntimeError(f"the counter window did not log {ev!r} in {seconds:.0f} s")


# -- the phones -------------------------------------------------------------------------
class Phones:
    """The pollers: each its own address and ticket code; when each first saw "called"."""

    def __init__(self, codes: dict[str, str], port: int, first: int = 0) -> None:
        self.codes, self.port, self.first = codes, port, first
        self.seen: dict[str, float] = {}
        self.answers = {"ok": 0, "failed": 0}
        self.stop = threading.Event()

    def start(self) -> None:
        for n, (number, code) in enumerate(self.codes.items(), self.first):
            threading.Thread(target=self._poll, args=(n, number, code), daemon=True).start()

    def _poll(self, n: int, number: str, code: str) -> None:
        source = (f"127.0.{1 + n // 250}.{1 + n % 250}", 0)
        self.stop.wait(random.uniform(0, 5))  # phones opened at different moments
        while not self.stop.is_set():
            wait = 5.0
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                  source_address=source)
                conn.request("GET", f"/s/{code}")
                response = conn.getresponse()
                body = json.loads(response.read())
                conn.close()
                if response.status != 200:
                    self.answers["failed"] += 1
                else:
                    self.answers["ok"] += 1
                    wait = body.get("poll_ms", 60_000) / 1000
                    if body.get("status") == "called":
                        self.seen.setdefault(number, time.time())

            except (OSError, ValueError, http.client.HTTPException):
                self.answers["failed"] += 1
            self.stop.wait(wait)


def phones_main(port: int, codes_json: str, first: int, out: str) -> int:
    """One group of phones (a process of its own, as phones are: one interpreter for all
    1,000 would time the load client, not the page) polling until stdin closes."""
    phones = Phones(json.loads(Path(codes_json).read_text()), port, first)
    phones.start()
    sys.stdin.read()
    phones.stop.set()
    Path(out).write_text(json.dumps({"seen": phones.seen, **phones.answers}))
    return 0


class PhoneGroups:
    """The phones in *groups* processes of up to 250 each."""

    def __init__(self, codes: dict[str, str], port: int, work: Path, size: int = 250):
        items = list(codes.items())
        self.procs, self.outs = [], []
        for first in range(0, len(items), size):
            path, out = work / f"phones-{first}.json", work / f"phones-{first}.out"
            path.write_text(json.dumps(dict(items[first:first + size])))
            self.outs.append(out)
            self.procs.append(popen(
                [sys.executable, str(Path(__file__)), "phones", str(port), str(path),
                 str(first), str(out)], stdin=subprocess.PIPE, cwd=str(ROOT)))

    def finish(self) -> tuple[dict[str, float], int, int]:
        """Stop them: when each phone first saw "called", polls answered, polls failed."""
        seen, ok, failed = {}, 0, 0
        for proc, out in zip(self.procs, self.outs, strict=True):
            proc.stdin.close()
            proc.wait(timeout=60)
            got = json.loads(out.read_text())
            seen.update(got["seen"])
            ok, failed = ok + got["ok"], failed + got["failed"]
        return seen, ok, failed


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process *pid* (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def busy_counter(path: Path, codes: dict[str, str], seconds: float,
                 work: Path) -> dict[str, float]:
    """The counter window on *path*'s day with its phones polling and two counters
    calling: its longest stall and the phones' figures."""
    from bench.office_day import _percentile
    from tests.drivers import free_tcp_port
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish

    port = free_tcp_port()
    db = open_database(path, station="counter-2", mode="counter")
    set_settings(db, phone_address="127.0.0.1", phone_port=port,
                 phone_station="counter-bench")
    log = work / f"counter-{path.stem}.log"
    window = popen([sys.executable, str(Path(__file__)), "counter", str(path),
                               str(log), str(seconds + 12)], cwd=str(ROOT))
    try:
        pid = _wait_log(log, "ready", 120)["page_pid"]
        phones = PhoneGroups(codes, port, work)
        time.sleep(6)  # every phone opened its page
        cpu0, t0 = _cpu_s(pid), time.monotonic()
        calls: dict[str, float] = {}
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for counter in (2, 3):
                with contextlib.suppress(Exception):  # nobody at it yet
                    finish(db, counter=counter)
                ticket = call_next(db, counter=counter)
                if ticket is not None:
                    calls[ticket.number] = time.time()
            time.sleep(0.6)
        time.sleep(3)  # the last calls reach their phones
        cpu = (_cpu_s(pid) - cpu0) / (time.monotonic() - t0) * 100
        rss = _rss_mb(pid)
        seen, ok, failed = phones.finish()
        stalls = _wait_log(log, "stalls", 60)
    finally:
        window.wait(timeout=60) if window.poll() is None else None
        if window.poll() is None:
            window.kill()
        db.close()
    lag = [(seen[n] - t) * 1000 for n, t in calls.items() if n in seen]

    return {"stall_max_ms": stalls["max_ms"], "stall_p99_ms": stalls["p99_ms"],
            "calls_followed": float(len(lag)),
            "called_to_page_p95_ms": _percentile(lag, 95), "server_cpu_pct": cpu,
            "server_rss_mb": rss, "polls_failed": float(failed),
            "polls": float(ok + failed)}


def run(quick: bool) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="ult-bench-busy-"))
    days, codes = _days(work)
    answers = 12_000  # a minute of 1,000 phones: the minute's full reading included
    phones = list(_front(codes, 200).values())  # the same phones asking on both days
    cpu = {size: answer_cpu_us(days[size], phones, answers) for size in (200, 2000)}
    seconds = 45 if quick else 180  # two desks calling every 0.6 s: >= 100 calls either way
    small = busy_counter(days[200], _front(codes, 200), seconds, work)
    big = busy_counter(days[2000], _front(codes, 2000), seconds, work)
    return {
        "phone_answer_cpu_us_200": cpu[200], "phone_answer_cpu_us_2000": cpu[2000],
        "phone_answer_cpu_ratio_2000_200": cpu[2000] / cpu[200],
        "counter_stall_max_ms_200": small["stall_max_ms"],
        "counter_stall_max_ms": big["stall_max_ms"],
        "counter_stall_ratio_2000_200": big["stall_max_ms"] / max(small["stall_max_ms"], 1),
        "counter_stall_p99_ms_200": small["stall_p99_ms"],
        "counter_stall_p99_ms": big["stall_p99_ms"],
        **{f"phone1000_{k}": v for k, v in big.items() if not k.startswith("stall")},
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    if len(sys.argv) > 1 and sys.argv[1] == "counter":
        raise SystemExit(counter_main(sys.argv[2], sys.argv[3], float(sys.argv[4])))
    if len(sys.argv) > 1 and sys.argv[1] == "phones":
        raise SystemExit(phones_main(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]),
                                     sys.argv[5]))
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key}: {value:.3f}")
