"""Nothing fails silently: faults injected into a running office, and how long until each
is named on the screen where somebody acts on it.

A small office on the simulated share (``tests/faultfs``, 10 ms a file operation) when
FUSE is there, else on a local file: two TVs and two kiosks as real processes
(``ult-desktop display`` / ``kiosk``, offscreen), one kiosk with a loopback ESC/POS
printer. The counters' hall strip and Admin > Stasiun are watched in this process with
what those screens run: the stations' pulses read and judged every ``READ_S`` on a
thread of their own (``ui/common/pulse.HallWatch``) and the change feed followed every ``DEFAULT_POLL_MS``
(the strip's printer line). Faults, and where each counts as named:

* printer paper out (kiosk-1's idle probe, every 4 s) -> the counters' strip;
* printer offline mid-ticket (accepts the ticket, then never answers) -> the kiosk tells
  the visitor and the ticket is recorded not printed (the counters' unprinted strip);
* a stale ``win32://`` spooler job (simulated at the ``win32print`` boundary on Linux):
  deleted by the kiosk's next probe while the printer is away -> the kiosk's log;
  ``stale_tickets_printed``: what came out when the printer returned;
* the TV killed, the TV frozen (SIGSTOP: alive, draws nothing), a kiosk killed -> the
  counters' strip and Admin > Stasiun (a pulse every second, read every half second,
  stopped after 3 s without a new signed pulse);
* the journal folder unwritable, the disk full (the free-space threshold raised above
  the share's free space), a clock 5 minutes off, no backup for 2 days -> the morning
  check (until its red line is on the screen: lines show as they come, the stations'
  first).

Figures: ``faults_injected``, ``faults_named``, ``faults_named_p95_s``, ``faults_silent``,
``stale_tickets_printed``, ``fault_<name>_s`` each, and ``first_visitor_alert_p95_ms``:
a ticket issued by a kiosk process (the touch) until the counter, following the feed
and reading its state as its screen does, rings the first-visitor chime (nobody waited
for its desk, now somebody does).
"""

from __future__ import annotations

import json
import os
import random
import signal
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
for path in (ROOT, ROOT / "bench", ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: A fault not named within this long is silent.
SILENT_AFTER_S = 60.0
FIRST_VISITORS = {True: 6, False: 20}


def _spawn(mode: str, name: str, db_path: Path, work: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen", ULT_SOUND="off", ULT_HOME=str(work / name),
               APPDATA=str(work / name), XDG_CONFIG_HOME=str(work / name / "config"),
               XDG_DATA_HOME=str(work / name / "data"))
    err = open(work / f"{name}.log", "ab")
    try:
        return popen([sys.executable, "-m", "ult_desktop", mode, "--db", str(db_path),
                                 "--station", name, "--windowed", *extra],
                                stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env,
                                cwd=str(ROOT))
    finally:
        err.close()


class HallEyes:
    """The counters' strip and Admin > Stasiun, as their screens see the hall: pulses
    judged every READ_S on a thread of their own (with the kiosks' printers they carry;
    as HallWatch, never behind the record's lock), the feed followed for the kiosks'
    printers the record has."""

    def __init__(self, db_path: Path):
        from ult_desktop.app.pulse import PulseJudge, pulse_dir, registered_keys
        from ult_desktop.db.open import open_database
        from ult_desktop.db.record.feed import ChangeFeed

        self.folder = pulse_dir(db_path)
        self.judge = PulseJudge()
        self.db = open_database(db_path, station="counter-eyes", mode="counter")
        self.keys = self.db.read(registered_keys)
        self.feed = ChangeFeed(self.db)
        self.named: dict[str, tuple[float, str]] = {}  # station: (when, what)
        self.alive: set[str] = set()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._pulses, daemon=True),
                         threading.Thread(target=self._run, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _name(self, what: str, kind: str) -> None:
        self.named.setdefault(what, (time.monotonic(), kind))

    def _pulses(self) -> None:
        from ult_desktop.app.pulse import READ_S, read_pulses
        from ult_desktop.db.house import stations

        while not self._stop.is_set():
            trouble = self.judge.judge(read_pulses(self.folder, self.keys))
            self.alive |= self.judge.alive
            for station, (_mode, kind, _s) in trouble.items():
                self._name(station, kind)
            for station, d in self.judge.last.items():  # as HallWatch
                state = d.get("printer") if d["mode"] == "kiosk" and station not in trouble \
                    else None
                if state and state not in stations.PRINTER_FINE:
                    self._name(f"printer:{station}", state)
            self._stop.wait(READ_S)

    def _run(self) -> None:
        from ult_desktop.db.house import stations
        from ult_desktop.db.record.feed import DEFAULT_POLL_MS

        while not self._stop.is_set():
            try:
                for e in self.feed.poll():
                    if e.kind == stations.PRINTER_STATE and \
                            e.data.get("state") not in stations.PRINTER_FINE:
                        self._name(f"printer:{e.station}", str(e.data.get("state")))
            except Exception:  # the share busy a moment: the next poll
                pass
            self._stop.wait(DEFAULT_POLL_MS / 1000)

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)
        self.feed.close()
        self.db.close()


def _wait(condition, timeout_s: float, step: float = 0.2) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def live_faults(db_path: Path, work: Path, quick: bool) -> dict[str, float | None]:
    """TV killed, TV frozen, kiosk killed, paper out: seconds until named (None: silent)."""
    from printer_fixtures import LoopbackPrinter

    printer = LoopbackPrinter("ok")
    procs = {"tv-lobi": _spawn("display", "tv-lobi", db_path, work),
             "tv-beku": _spawn("display", "tv-beku", db_path, work),
             "kiosk-pintu": _spawn("kiosk", "kiosk-pintu", db_path, work, "--printer",
                                   printer.url),
             "kiosk-dua": _spawn("kiosk", "kiosk-dua", db_path, work)}
    eyes = HallEyes(db_path)
    out: dict[str, float | None] = {}
    try:
        if not _wait(lambda: set(procs) <= eyes.alive, 120):
            raise RuntimeError(f"stations did not start: {sorted(set(procs) - eyes.alive)}; "
                               f"see {work}/*.log")
        time.sleep(random.uniform(0, 5))  # any phase of the pulses and probes
        t0 = time.monotonic()
        procs["tv-lobi"].send_signal(signal.SIGKILL)
        procs["tv-beku"].send_signal(signal.SIGSTOP)
        procs["kiosk-dua"].send_signal(signal.SIGKILL)
        printer.mode = "paper_out"
        keys = {"tv_killed": "tv-lobi", "tv_frozen": "tv-beku", "kiosk_killed": "kiosk-dua",
                "paper_out": "printer:kiosk-pintu"}
        _wait(lambda: all(k in eyes.named for k in keys.values()), SILENT_AFTER_S)
        for fault, key in keys.items():
            out[fault] = round(eyes.named[key][0] - t0, 2) if key in eyes.named else None
    finally:
        eyes.close()
        procs["tv-beku"].send_signal(signal.SIGCONT)
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        for p in procs.values():
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
        printer.close()
    return out


def offline_mid_ticket(db_path: Path) -> float | None:
    """A ticket sent to a printer that took the connection, then never answered: seconds
    until the kiosk has the outcome (the visitor told) and the record says not printed."""
    from printer_fixtures import LoopbackPrinter

    from ult_desktop.app.print_service import print_and_record
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    printer = LoopbackPrinter("hang")
    db = open_database(db_path, station="kiosk-cetak", mode="kiosk")
    try:
        ticket = issue_ticket(db, service="A")
        t0 = time.monotonic()
        result = print_and_record(db, ticket, printer.url)
        took = time.monotonic() - t0
        status = db.query("SELECT print_status FROM tickets WHERE id = ?", (ticket.id,))[0][0]
        return round(took, 2) if not result.ok and status == "failed" else None
    finally:
        db.close()
        printer.close()


def stale_spool_job() -> tuple[float | None, int]:
    """A ticket job of ours left in the Windows queue (its kiosk stopped mid-ticket) while
    the printer is away: seconds until the kiosk's probe (every 4 s, any phase) deletes
    it, and how many stale tickets came out when the printer returned."""
    from datetime import datetime, timedelta, timezone

    from ult_desktop.devices.printer import win32spool
    from ult_desktop.devices.printer.errors import PrinterError
    from ult_desktop.ui.kiosk.link import PROBE_MS

    class Spooler:  # win32print's calls the probe makes, and a printer that returns
        def __init__(self):
            submitted = datetime.now(timezone.utc) - timedelta(seconds=45)
            self.queue = [{"JobId": 9, "pDocument": win32spool.DOC_NAME, "Status": 0,
                           "pUserName": os.environ.get("USERNAME", ""),
                           "Submitted": submitted.replace(tzinfo=None)}]
            self.printed_later: list[int] = []

        def EnumPrinters(self, flags, name, level):
            return [{"pPrinterName": "POS-80"}]

        def OpenPrinter(self, name):
            return object()

        def ClosePrinter(self, handle):
            pass

        def GetPrinter(self, handle, level):
            return {"Status": 0, "Attributes": win32spool.PRINTER_ATTRIBUTE_WORK_OFFLINE}

        def EnumJobs(self, handle, first, count, level):
            return tuple(self.queue)

        def SetJob(self, handle, job, level, info, command):
            assert command == win32spool.JOB_CONTROL_DELETE
            self.queue = [j for j in self.queue if j["JobId"] != job]

    fake = Spooler()
    t0 = time.monotonic()
    phase = random.uniform(0, PROBE_MS / 1000)  # the next probe comes within PROBE_MS
    try:
        win32spool.read_status("POS-80", wp=fake)
    except PrinterError:
        pass  # still away: said
    named = phase + time.monotonic() - t0 if not fake.queue else None
    fake.printed_later += [j["JobId"] for j in fake.queue]  # the printer returns
    return (round(named, 2) if named is not None else None), len(fake.printed_later)


def morning_faults(db_path: Path, work: Path) -> dict[str, float | None]:
    """The journal folder unwritable, the disk full, a clock 5 minutes off, no backup for
    two days: each named by the morning check? Seconds until its red line, or None."""
    from ult_desktop.app.pulse import Pulse
    from ult_desktop.app.selftest import office
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database

    journal = work / "kiosk-jurnal" / "journal"
    journal.mkdir(parents=True)
    journal.chmod(0o500)
    try:
        (journal / "probe").write_text("x")
        problem = None if os.geteuid() != 0 else "Permission denied (simulated as root)"
    except OSError as exc:
        problem = str(exc)
    finally:
        journal.chmod(0o700)
    kiosk = open_database(db_path, station="kiosk-jurnal", mode="kiosk")
    heartbeat(kiosk, detail={"journal_error": problem or "unwritable"})
    kiosk.close()
    pulse = Pulse(db_path, "kiosk-jurnal", "kiosk")  # the kiosk runs: its pulse moves
    late = open_database(db_path, station="counter-jam", mode="counter")
    late.clock_skew_s = 300.0  # as its heartbeat measured it against the share
    heartbeat(late)
    late.close()
    # no backup: the office's record has none (a backup two days old is as bad)
    full = office.DISK_FULL_BYTES
    office.DISK_FULL_BYTES = 1 << 62  # the share's disk "full"
    seen: dict[str, float] = {}  # a line's id -> seconds until the screen showed it red
    t0 = time.monotonic()

    def shown(check) -> None:
        if check.status == "fail":
            seen[check.id] = round(time.monotonic() - t0, 2)

    try:
        office.morning_check(str(db_path), do_print=False, do_sound=False, progress=shown)
    finally:
        office.DISK_FULL_BYTES = full
        pulse.stop()
    return {"journal_unwritable": seen.get("office.journal.kiosk-jurnal"),
            "disk_full": seen.get("office.disk"),
            "clock_5min_off": seen.get("share.other_clocks"),
            "no_backup_2_days": seen.get("office.backup")}


def kiosk_touches(db_path: str, n: str, log_path: str, go_path: str) -> None:
    """The kiosk's process: a ticket of service A each time the bench asks (a line in
    *go_path*), logged with the wall clock at the touch."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    db = open_database(db_path, station="kiosk-sentuh", mode="kiosk")
    done = 0
    with open(log_path, "a", encoding="utf-8") as log:
        while done < int(n):
            asked = Path(go_path).read_text().count("\n") if Path(go_path).exists() else 0
            if asked <= done:
                time.sleep(0.01)
                continue
            t = time.time()
            ticket = issue_ticket(db, service="A")
            log.write(json.dumps({"n": ticket.number, "t": t}) + "\n")
            log.flush()
            done += 1
    db.close()


def first_visitor_alerts(db_path: Path, work: Path, n: int) -> list[float]:
    """ms from each kiosk touch to the counter's chime (its refresh on the feed's news
    finds one waiting where nobody waited), the queue emptied between visitors."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed
    from ult_desktop.ui.counter.jobs import counter_state, queue_news

    desk = open_database(db_path, station="counter-1", mode="counter")
    feed = ChangeFeed(desk)
    log, go = work / "touch.log", work / "touch.go"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    kiosk = popen([sys.executable, str(Path(__file__).resolve()), "kiosk-touches",
                              str(db_path), str(n), str(log), str(go)],
                             stdin=subprocess.DEVNULL, env=env, cwd=str(ROOT))
    waits: list[float] = []
    state = counter_state(desk, counter=1, officer_id=2)
    try:
        for i in range(n):
            while state.waiting:  # the desk serves everybody: nobody waits again
                call_next(desk, counter=1, officer_id=2)
                finish(desk, counter=1)
                state = counter_state(desk, counter=1, officer_id=2)
            feed.eager = not state.waiting  # as the counter's screen: Station.news_soon
            feed.poll()
            time.sleep(random.uniform(0, DEFAULT_POLL_MS / 1000))
            with open(go, "a") as f:
                f.write("go\n")
            rang = None
            end = time.monotonic() + 30
            while rang is None and time.monotonic() < end:
                events = feed.poll()
                if events and queue_news(events, state):
                    before = len(state.waiting)
                    state = counter_state(desk, counter=1, officer_id=2)
                    if before == 0 and state.waiting:  # WaitingLists.first_visitor
                        rang = time.time()
                        break
                time.sleep(DEFAULT_POLL_MS / 1000)
            _wait(lambda i=i: log.exists() and log.read_text().count("\n") > i, 10, 0.01)
            touched = json.loads(log.read_text().splitlines()[i])["t"]
            waits.append((rang - touched) * 1000 if rang else float("inf"))
    finally:
        kiosk.wait(timeout=60)
        feed.close()
        desk.close()
    return waits


def run(quick: bool) -> dict[str, float]:
    from _common import fresh_db, percentile

    from tests.faultfs import FaultShare, fuse_unavailable_reason

    with tempfile.TemporaryDirectory(prefix="ult-bench-faults-") as tmp:
        work = Path(tmp)
        share = None
        if fuse_unavailable_reason() is None:
            share = FaultShare(work / "fs").start()
            share.set_delay(0)
            db_path = share.path / "office.db"
            db_path.write_bytes(fresh_db().read_bytes())
            share.set_delay(10)
        else:
            db_path = fresh_db(work)
        try:
            named: dict[str, float | None] = live_faults(db_path, work, quick)
            named["printer_offline_mid_ticket"] = offline_mid_ticket(db_path)
            named["stale_spooler_job"], stale_printed = stale_spool_job()
            named.update(morning_faults(db_path, work))
            alerts = first_visitor_alerts(db_path, work, FIRST_VISITORS[quick])
        finally:
            if share is not None:
                share.set_delay(0)
                share.stop()
    times = [t for t in named.values() if t is not None and t <= SILENT_AFTER_S]
    figures: dict[str, float] = {
        "faults_injected": len(named), "faults_named": len(times),
        "faults_named_p95_s": round(percentile(times, 95), 2),
        "faults_silent": len(named) - len(times), "stale_tickets_printed": stale_printed,
        "first_visitor_alert_p95_ms": round(percentile(alerts, 95), 1)}
    for fault, t in named.items():
        figures[f"fault_{fault}_s"] = float("nan") if t is None else t
    if share is None:
        figures["share_simulated"] = 0
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["kiosk-touches"]:
        kiosk_touches(*sys.argv[2:6])
    else:
        for key, value in run("--quick" in sys.argv).items():
            print(f"{key}: {value}")
