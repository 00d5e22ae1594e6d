"""The visitors' phone page under an office's peak, and how honest the wait band is.

``phone_pollers`` phones (each its own loopback address, so the per-address limits hold
as on a Wi-Fi) poll the page as its script does (``poll_ms`` from each answer) while the
``office_peak`` load of ``bench_share`` runs on a 10 ms share: kiosks issuing, counters
calling and finishing (their own processes), the page served by the TV as the product
serves it by default (``app.phone_serving.serve``: its own process, the TV's key opening
the survey-code key the visitors' codes are checked with) reading the same file. Figures:

* ``phone_called_to_page_p95_ms``: a counter's call committed -> the phone's page says
  "called" (page poll + the server's one-second reading);
* ``share_10ms_peak_touch_to_paper_p95_ms``: the kiosk's touch -> paper, with the phones
  polling (``bench_share`` gives it without them);
* ``phone_server_cpu_pct``: the serving process's CPU, percent of one core;
* ``phone_page_judged_p50_ms``: what each ticket adds to learn whether the page is
  served (``app.pulse.phone_page_now``: the keys read, the pulse folder listed), on a
  local file.

The band's honesty over families of office days: ``bench/bench_wait_band.py``.

``python bench/run.py --only phone [--quick]``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
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
POLLERS = 300

_SERVER = """
import sys, threading, time
from multiprocessing import Pipe
from pathlib import Path
from ult_desktop.app.phone_serving import listen, serve
path, station, key_folder = sys.argv[1], sys.argv[2], Path(sys.argv[3]) if sys.argv[3] else None
listener = listen("127.0.0.1", 0)
print(listener.getsockname()[1], flush=True)
ours, theirs = Pipe()
def stop():
    sys.stdin.read()  # until the bench closes it
    ours.send(("stop",))
threading.Thread(target=stop, daemon=True).start()
serve(path, station, listener, theirs, key_folder)
print(time.process_time(), flush=True)
"""


class Phones:
    """The pollers: each its own address and ticket code; when each first saw "called"."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self.seen: dict[str, float] = {}
        self.answers: dict[str, int] = {"ok": 0, "busy": 0}
        self.stop = threading.Event()
        self.port = 0

    def start(self, db_path: Path, station: str = "tv", key_folder: Path | None = None) -> None:
        """The page served as *station* serves it (``app.phone_serving.serve``), opening
        the survey-code key with its key in *key_folder* (None: an office with no keys)."""
        self.server = popen([sys.executable, "-c", _SERVER, str(db_path), station,
                             str(key_folder or "")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
        self.port = int(self.server.stdout.readline())
        self.started, self.opened_at = time.monotonic(), time.time()
        for n, (number, code) in enumerate(self.codes.items()):
            threading.Thread(target=self._poll, args=(n, number, code), daemon=True).start()

    def _poll(self, n: int, number: str, code: str) -> None:
        source = (f"127.0.{1 + n // 250}.{1 + n % 250}", 0)
        time.sleep(random.uniform(0, 5))  # phones opened at different moments
        while not self.stop.is_set():
            wait = 5.0
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                  source_address=source)
                conn.request("GET", f"/s/{code}")
                response = conn.getresponse()
                body = json.loads(response.read())
                conn.close()
                if response.status == 429:
                    self.answers["busy"] += 1
                else:
                    self.answers["ok"] += 1
                    wait = body.get("poll_ms", 60_000) / 1000
                    if body.get("status") == "called":
                        self.seen.setdefault(number, time.time())
            except (OSError, ValueError, http.client.HTTPException) as exc:
                name = f"error_{type(exc).__name__}"
                self.answers[name] = self.answers.get(name, 0) + 1
            self.stop.wait(wait)

    def lag(self, calls: dict[str, float]) -> list[float]:
        """Call -> page (ms) of the calls made once every phone had its page open."""
        opened = self.opened_at + 5
        return [(self.seen[n] - t) * 1000 for n, t in calls.items()
                if n in self.seen and t > opened]

    def finish(self) -> float:
        """Stop polling; the server's CPU in percent of one core while they polled."""
        self.stop.set()
        wall = time.monotonic() - self.started
        out, _ = self.server.communicate("", timeout=30)
        return float(out.split()[-1]) / wall * 100


def _phones_in(codes: dict[str, str]):
    def prepare(path: Path, keys: Path | None = None) -> None:
        """*keys*: the office's registered keys (the peak's office); None: an office that
        registered none."""
        from ult_desktop.app.station_key import load_key
        from ult_desktop.db.open import open_database
        from ult_desktop.db.queue.numbers import issue_ticket

        db = open_database(path, station="kiosk-day", mode="kiosk")
        if keys is not None:
            db.set_signer(load_key(keys / "kiosk-day"))  # (a registered kiosk's key)
        for n in range(POLLERS):
            ticket = issue_ticket(db, service="ABC"[n % 3])
            codes[ticket.number] = ticket.code
        db.close()
    return prepare


def peak_with_phones(quick: bool) -> dict[str, float]:
    from bench.bench_share import PEAK_QUICK, PEAK_SECONDS, office_peak
    from bench.office_day import _percentile
    from tests.faultfs import FaultShare, fuse_unavailable_reason

    reason = fuse_unavailable_reason()
    if reason:
        raise RuntimeError(f"the simulated share needs FUSE: {reason}")
    codes: dict[str, str] = {}
    phones = Phones(codes)
    with tempfile.TemporaryDirectory(prefix="ult-bench-phone-") as tmp:
        share = FaultShare(Path(tmp) / "fs").start()
        db_path = share.path / "peak.db"

        def follow() -> None:  # the phones open their pages once the kiosks are at work
            # (their first claim made: the kiosks start at 07:30, the phones come later)
            give_up = time.monotonic() + 60
            while time.monotonic() < give_up and not all(
                    (Path(tmp) / f"kiosk-{n}.log").is_file() and
                    (Path(tmp) / f"kiosk-{n}.log").stat().st_size for n in (1, 2)):
                time.sleep(0.05)
            # the page served by the TV, as an office serves it unless the admin names
            # another station: its key opens the survey-code key sealed to it
            phones.start(db_path, "display-1", Path(tmp) / "keys" / "display-1")
        threading.Thread(target=follow, daemon=True).start()
        try:
            peak = office_peak(share, 10, PEAK_SECONDS[quick], Path(tmp),
                               load=PEAK_QUICK if quick else None, prepare=_phones_in(codes))
            cpu = phones.finish()
        finally:
            share.stop()
        calls = {r["number"]: r["t"] for log in Path(tmp).glob("counter-*.log")
                 for r in map(json.loads, log.read_text().splitlines()) if r["ev"] == "called"}
    lag = phones.lag(calls)
    return {"phone_pollers": POLLERS, "phone_peak_calls_followed": float(len(lag)),
            "phone_peak_called_to_page_p95_ms": _percentile(lag, 95),
            **{f"phone_peak_answers_{k}": float(v) for k, v in phones.answers.items()},
            "phone_server_cpu_pct": cpu,
            "share_10ms_peak_touch_to_paper_p95_ms": peak["touch_to_paper_p95_ms"]}


def calls_with_phones(quick: bool) -> dict[str, float]:
    """A counter calling a ticket every second on a 10 ms share while the phones poll:
    enough calls for a percentile (the peak's counters call a few a minute)."""
    from bench.office_day import _percentile
    from tests.faultfs import FaultShare
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish

    codes: dict[str, str] = {}
    phones = Phones(codes)
    calls: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ult-bench-phone-calls-") as tmp:
        share = FaultShare(Path(tmp) / "fs").start()
        try:
            from bench._common import fresh_db
            local = fresh_db(Path(tmp))
            _phones_in(codes)(local)
            (share.backing / "calls.db").write_bytes(local.read_bytes())
            share.set_delay(10)
            db = open_database(share.path / "calls.db", station="counter-1", mode="counter")
            phones.start(share.path / "calls.db")
            time.sleep(8)  # every phone opened its page
            end = time.monotonic() + (30 if quick else 120)
            while time.monotonic() < end:
                for counter in (1, 2, 3):
                    with contextlib.suppress(UltError):  # nobody at it yet
                        finish(db, counter=counter)
                    ticket = call_next(db, counter=counter)
                    if ticket is not None:
                        calls[ticket.number] = time.time()
                time.sleep(1.0)
            time.sleep(3)  # the last calls reach their phones
            phones.finish()
            db.close()
        finally:
            share.stop()
    lag = phones.lag(calls)
    return {"phone_calls_followed": float(len(lag)),
            "phone_called_to_page_p95_ms": _percentile(lag, 95),
            "phone_called_to_page_p50_ms": _percentile(lag, 50)}


def page_judged(quick: bool) -> dict[str, float]:
    """The one judgement of "the page is served" as a ticket asks it, the TV's pulse
    saying so beside the record."""
    from bench.office_day import _percentile
    from ult_desktop.app.pulse import Pulse, phone_page_now
    from ult_desktop.db.house.office import get_settings, set_settings
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = init_database(Path(folder) / "ult.db", demo=True)
        db = open_database(path, station="kiosk-bench", mode="kiosk")
        set_settings(db, phone_address="10.0.0.5", phone_port=8080)
        settings = get_settings(db, "phone_address", "phone_port", "phone_station")
        tv = Pulse(path, "tv-bench", "display", period_s=0.2)
        tv.info["phone"] = "served"
        while phone_page_now(db, settings)[0] != "served":
            time.sleep(0.05)
        took = []
        for _ in range(50 if quick else 300):
            started = time.perf_counter()
            phone_page_now(db, settings)
            took.append((time.perf_counter() - started) * 1000)
        tv.stop()
        db.close()
    return {"phone_page_judged_p50_ms": _percentile(took, 50)}


def run(quick: bool) -> dict[str, float]:
    figures = page_judged(quick)
    figures.update(calls_with_phones(quick))
    figures.update(peak_with_phones(quick))
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key}: {value:.3f}")
