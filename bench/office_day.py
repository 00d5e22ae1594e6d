"""A simulated office day on a slow, flaky network share.

Headless station processes (kiosks issuing, counters calling and finishing, displays
following the change feed) drive the real ``ult_desktop.db.queue`` on ONE database
file that lives on the fault-injecting FUSE share (``tests/faultfs``). While they work, the
share disappears a few times (every operation failing with EIO / ENOTCONN / ESTALE, or the
file server killed and the share mounted again) and one kiosk is killed with SIGKILL in the
middle of a write. Afterwards the invariants are checked and reported:

* no ticket number issued twice (in the stations' logs and in the file);
* no ticket lost: every ticket whose ``issue_ticket`` returned is in the file;
* every call (``called``/``recalled`` event) seen by every display, in event order;
* ``PRAGMA integrity_check`` ok;
* each station back to normal (a successful database action) within 5 s after the share
  returned.

Used by ``tests/test_office_day.py`` (invariants) and ``bench/bench_share.py`` (figures).
Run by hand: ``python bench/office_day.py --tickets 1000 --delay-ms 2``.

Each station is its own process (``python bench/office_day.py station ...``) and writes a
JSON-lines log on the local disk; the orchestrator reads those logs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

try:
    from _common import popen
except ImportError:  # imported as bench.<name> (the tests)
    from bench._common import popen

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RECOVERY_LIMIT_S = 5.0


# --------------------------------------------------------------------------------------
# configuration and report
# --------------------------------------------------------------------------------------
@dataclass
class Fault:
    """At *at* (fraction of the day's tickets issued) the share goes away for *seconds*.

    *kind* is an errno name (every operation fails with it, open files work again after)
    or ``"crash"`` (the file server process is killed: the mount is dead, every lock is
    gone, and stations must reopen the file after it is mounted again), or
    ``"lost-reply"``: the next commit's final step (deleting the journal) is carried out
    but reported as failed, so a station is told "failed" about a change that was saved."""

    at: float
    kind: str
    seconds: float


@dataclass
class DayConfig:
    tickets: int = 1000
    kiosks: int = 2
    counters: int = 4
    displays: int = 2
    delay_ms: float = 1.0
    faults: list[Fault] = field(default_factory=lambda: [
        Fault(0.2, "EIO", 2.0), Fault(0.3, "lost-reply", 0), Fault(0.45, "crash", 2.0),
        Fault(0.6, "lost-reply", 0), Fault(0.7, "ENOTCONN", 2.0), Fault(0.85, "ESTALE", 1.5)])
    kill_at: float | None = 0.35        # SIGKILL kiosk 2 mid-write at this fraction
    kiosk_pause_s: float = 0.02         # between two visitors at one kiosk
    service_s: float = 0.01             # time a counter "serves" a visitor
    priority_share: float = 0.1
    recall_share: float = 0.05          # counters recall some calls once
    poll_ms: int = 200                  # display feed poll interval
    heartbeat_s: float = 10.0
    timeout_s: float = 1200.0

    @classmethod
    def quick(cls, **over) -> DayConfig:
        base = dict(tickets=150, delay_ms=0.5, faults=[
            Fault(0.25, "EIO", 1.5), Fault(0.35, "lost-reply", 0), Fault(0.55, "crash", 1.5),
            Fault(0.8, "ENOTCONN", 1.5)],
            kill_at=0.4, timeout_s=420.0)
        base.update(over)
        return cls(**base)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# --------------------------------------------------------------------------------------
# station processes
# --------------------------------------------------------------------------------------
class Log:
    """Append-only JSON lines on the local disk (survives SIGKILL up to the last line)."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, ev: str, **data) -> None:
        os.write(self.fd, (json.dumps({"t": time.time(), "ev": ev, **data}) + "\n").encode())


def read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:  # a line cut by SIGKILL
            pass
    return out


def _tail(path: Path) -> list[dict]:
    """The last complete records of a log, cheaply."""
    try:
        with open(path, "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 2048))
            lines = f.read().split(b"\n")
    except OSError:
        return []
    out = []
    for line in lines[1:]:
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


class StationRunner:
    def __init__(self, role: str, name: str, db_path: Path, run_dir: Path, cfg: dict):
        from ult_desktop.db import errors

        self.errors = errors
        self.role, self.name, self.db_path, self.run_dir, self.cfg = (
            role, name, db_path, run_dir, cfg)
        self.log = Log(run_dir / f"{name}.log")
        self.db = None
        self.backoff = 0.05
        self.last_beat = 0.0
        self.rng = random.Random(hash(name) ^ os.getpid())

    def flag(self, name: str) -> bool:
        return (self.run_dir / name).exists()

    def ok(self, op: str, **data) -> None:
        self.backoff = 0.05
        self.log("ok", op=op, **data)

    def failed(self, op: str, exc: BaseException) -> None:
        if isinstance(exc, self.errors.UltError):
            self.log("err", op=op, error=type(exc).__name__, msg=str(exc))
        else:  # not a named error: a defect the day must report
            self.log("bug", op=op, error=type(exc).__name__, msg=str(exc),
                     tb=traceback.format_exc())
        time.sleep(self.backoff * self.rng.uniform(0.5, 1.0))
        self.backoff = min(self.backoff * 2, 0.5)

    def database(self):
        from ult_desktop.db.open import open_database

        if self.db is None:
            self.db = open_database(self.db_path, station=self.name, mode=self.role)
        return self.db

    def beat(self, seen: int | None = None) -> None:
        from ult_desktop.db.house.stations import heartbeat

        if time.monotonic() - self.last_beat < self.cfg["heartbeat_s"]:
            return
        heartbeat(self.database(), detail={"sim": True}, seen_event=seen)
        self.last_beat = time.monotonic()

    # -- kiosk -----------------------------------------------------------------------
    def kiosk(self) -> None:
        from ult_desktop.db.queue.numbers import issue_ticket

        quota = self.cfg["quota"]
        done = sum(1 for r in read_log(self.run_dir / f"{self.name}.log") if r["ev"] == "issued")
        self.log("start", already=done)
        visitor = None
        while done < quota and not self.flag("stop"):
            if visitor is None:
                visitor = (self.rng.choice("ABC"), self.rng.random() < self.cfg["priority_share"])
            self.log("try", op="issue")
            t0 = time.perf_counter()
            try:
                ticket = issue_ticket(self.database(), service=visitor[0], priority=visitor[1])
            except Exception as exc:  # the visitor presses again after the message
                self.failed("issue", exc)
                continue
            ms = (time.perf_counter() - t0) * 1000
            self.log("issued", number=ticket.number, id=ticket.id, day=ticket.day, ms=ms,
                     parts_ms=[round(x * 1000) for x in self.database().last_write_times])
            self.ok("issue")
            done += 1
            visitor = None
            try:
                self.beat()
            except Exception as exc:
                self.failed("heartbeat", exc)
            time.sleep(self.cfg["kiosk_pause_s"])
        self.log("exit", issued=done)

    # -- counter ---------------------------------------------------------------------
    def counter(self) -> None:
        from ult_desktop.db.queue.desk import call_next, finish, recall

        number = self.cfg["counter"]
        self.log("start", counter=number)
        current = None
        while not self.flag("stop"):
            if current is None:
                self.log("try", op="call")
                t0 = time.perf_counter()
                try:
                    ticket = call_next(self.database(), counter=number)
                except self.errors.RuleViolation as exc:
                    if exc.key == "error.counter_occupied":  # its call was saved after all
                        current = exc.params.get("number")
                        self.log("called", number=current, adopted=True)
                        continue
                    self.failed("call", exc)
                    continue
                except Exception as exc:
                    self.failed("call", exc)
                    continue
                self.ok("call")
                if ticket is None:
                    if self.flag("kiosks_done"):
                        break
                    time.sleep(0.1)
                    continue
                current = ticket.number
                self.log("called", number=ticket.number, id=ticket.id,
                         ms=(time.perf_counter() - t0) * 1000)
                time.sleep(self.cfg["service_s"])
                if self.rng.random() < self.cfg["recall_share"]:
                    self._until_done("recall", lambda: recall(self.database(), counter=number))
                    self.log("recalled", number=current)
            self._until_done("finish", lambda: finish(self.database(), counter=number))
            self.log("finished", number=current)
            current = None
            try:
                self.beat()
            except Exception as exc:
                self.failed("heartbeat", exc)
        self.log("exit")

    def _until_done(self, op: str, action) -> None:
        failed_before = False
        while True:
            try:
                action()
            except self.errors.RuleViolation as exc:
                if failed_before:
                    # A retry after a "failed" attempt finds the change already made:
                    # the first attempt was saved but its reply got lost.
                    self.log("already_done", op=op, key=exc.key)
                    self.ok(op)
                    return
                self.log("bug", op=op, error="RuleViolation", msg=str(exc), tb="")
                return
            except Exception as exc:
                failed_before = True
                self.failed(op, exc)
                continue
            self.ok(op)
            return

    # -- display ---------------------------------------------------------------------
    def display(self) -> None:
        from ult_desktop.core.tickets import EventKind
        from ult_desktop.db.record.feed import ChangeFeed

        self.log("start")
        feed = None
        finishing = False
        while True:
            last_round = finishing
            try:
                if feed is None:
                    feed = ChangeFeed(self.database(), after_id=0)
                events = feed.poll()
            except Exception as exc:
                self.failed("poll", exc)
                continue
            now = time.time()
            self.ok("poll")
            for e in events:
                if e.kind in EventKind.ANNOUNCED:
                    self.log("seen", id=e.id, kind=e.kind, number=e.ticket_number,
                             counter=e.counter, at=now)
            if last_round:
                break
            finishing = self.flag("counters_done")  # one more good poll after this flag
            try:
                self.beat(seen=feed.last_id)
            except Exception as exc:
                self.failed("heartbeat", exc)
            time.sleep(self.cfg["poll_ms"] / 1000)
        self.log("exit", last_id=feed.last_id)


def station_main(argv: list[str]) -> int:
    role, name, db_path, run_dir, cfg_json = argv
    runner = StationRunner(role, name, Path(db_path), Path(run_dir), json.loads(cfg_json))
    getattr(runner, role)()
    if runner.db is not None:
        try:
            runner.db.close()
        except Exception:  # the share may be gone at exit; nothing to keep
            pass
    return 0


# --------------------------------------------------------------------------------------
# orchestrator
# --------------------------------------------------------------------------------------
class Day:
    def __init__(self, share, cfg: DayConfig, run_dir: Path):
        self.share, self.cfg, self.run_dir = share, cfg, run_dir
        self.db_path = share.path / "ult.db"
        self.procs: dict[str, subprocess.Popen] = {}
        self.roles: dict[str, tuple[str, dict]] = {}
        self.timeline: list[dict] = []   # faults with start/end wall times
        self.kills: list[dict] = []
        self._offsets: dict[str, int] = {}
        self._issued = 0

    # -- stations --------------------------------------------------------------------
    def spawn(self, role: str, name: str, extra: dict) -> None:
        cfg = {"heartbeat_s": self.cfg.heartbeat_s, "kiosk_pause_s": self.cfg.kiosk_pause_s,
               "service_s": self.cfg.service_s, "priority_share": self.cfg.priority_share,
               "recall_share": self.cfg.recall_share, "poll_ms": self.cfg.poll_ms, **extra}
        self.roles[name] = (role, extra)
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        err = open(self.run_dir / f"{name}.stderr", "ab")  # the child owns it
        try:
            self.procs[name] = popen(
                [sys.executable, str(Path(__file__).resolve()), "station", role, name,
                 str(self.db_path), str(self.run_dir), json.dumps(cfg)],
                stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env, cwd=str(ROOT))
        finally:
            err.close()

    def names(self, role: str) -> list[str]:
        return [n for n, (r, _) in self.roles.items() if r == role]

    def issued_count(self) -> int:
        """Tickets issued so far (reads only what the kiosks appended since last time)."""
        for n in self.names("kiosk"):
            path = self.run_dir / f"{n}.log"
            offset = self._offsets.get(n, 0)
            if not path.exists():
                continue
            with open(path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            complete = chunk[:chunk.rfind(b"\n") + 1]
            self._offsets[n] = offset + len(complete)
            self._issued += complete.count(b'"ev": "issued"')
        return self._issued

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            rc = proc.poll()
            if rc not in (None, 0):
                stderr = (self.run_dir / f"{name}.stderr").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"station {name} died with code {rc}: {stderr}")

    # -- faults ----------------------------------------------------------------------
    def fault(self, f: Fault) -> None:
        start = time.time()
        if f.kind == "lost-reply":
            self.share.fail("unlink", "EIO", after=True, path="ult.db-journal")
            deadline = time.monotonic() + 30
            while self.share.stats()["rules_left"] and time.monotonic() < deadline:
                time.sleep(0.05)
        elif f.kind == "crash":
            self.share.crash()
            time.sleep(f.seconds)
            self.share.remount()
        else:
            self.share.outage(f.kind)
            time.sleep(f.seconds)
            self.share.restore()
        self.timeline.append({"kind": f.kind, "start": start, "end": time.time(),
                              "seconds": f.seconds})

    def kill_mid_write(self, name: str) -> None:
        """SIGKILL *name* while it is inside issue_ticket (its last log line is "try")."""
        log_path = self.run_dir / f"{name}.log"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            records = _tail(log_path)
            if records and records[-1]["ev"] == "try":
                time.sleep(random.uniform(0.0, 0.005))
                again = _tail(log_path)  # still inside it (a quick write may be done)
                if again and again[-1]["ev"] == "try":
                    break
            time.sleep(0.002)
        journal = self.share.backing / "ult.db-journal"
        proc = self.procs[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        records = _tail(log_path)
        self.kills.append({"station": name, "at": time.time(),
                           "mid_write": bool(records) and records[-1]["ev"] == "try",
                           "journal_left": journal.exists()})
        time.sleep(0.3)
        role, extra = self.roles[name]
        self.spawn(role, name, extra)

    # -- the day ---------------------------------------------------------------------
    def run(self) -> dict:
        from ult_desktop.db.house.office import save_counter
        from ult_desktop.db.house.setup import init_database
        from ult_desktop.db.open import open_database

        cfg = self.cfg
        init_database(self.db_path, demo=True)
        setup = open_database(self.db_path, station="setup", mode="admin")
        for n in range(4, cfg.counters + 1):
            save_counter(setup, number=n, name=f"Loket {n}")
        setup.close()
        self.share.set_delay(cfg.delay_ms)
        t_start = time.time()

        for i in range(1, cfg.displays + 1):
            self.spawn("display", f"display-{i}", {})
        for i in range(1, cfg.counters + 1):
            self.spawn("counter", f"counter-{i}", {"counter": i})
        per_kiosk = [cfg.tickets // cfg.kiosks + (1 if i < cfg.tickets % cfg.kiosks else 0)
                     for i in range(cfg.kiosks)]
        for i in range(1, cfg.kiosks + 1):
            self.spawn("kiosk", f"kiosk-{i}", {"quota": per_kiosk[i - 1]})

        actions: list[tuple[float, str, object]] = [(f.at, "fault", f) for f in cfg.faults]
        if cfg.kill_at is not None:
            actions.append((cfg.kill_at, "kill", f"kiosk-{min(2, cfg.kiosks)}"))
        actions.sort(key=lambda a: a[0])
        deadline = time.monotonic() + cfg.timeout_s
        try:
            while any(self.procs[n].poll() is None for n in self.names("kiosk")):
                if time.monotonic() > deadline:
                    raise TimeoutError("the office day did not finish in time")
                self.check_alive()
                issued = self.issued_count()
                while actions and issued >= actions[0][0] * cfg.tickets:
                    _, kind, arg = actions.pop(0)
                    if kind == "fault":
                        self.fault(arg)
                    else:
                        self.kill_mid_write(arg)
                time.sleep(0.05)
            for _, kind, arg in actions:  # faults not reached yet still happen
                if kind == "fault":
                    self.fault(arg)
            self.check_alive()
            (self.run_dir / "kiosks_done").touch()
            self._wait(self.names("counter"), deadline)
            (self.run_dir / "counters_done").touch()
            self._wait(self.names("display"), deadline)
        finally:
            (self.run_dir / "stop").touch()
            for proc in self.procs.values():
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=60)
        elapsed = time.time() - t_start
        self.share.set_delay(0)
        return self.verify(elapsed)

    def _wait(self, names: list[str], deadline: float) -> None:
        for n in names:
            while self.procs[n].poll() is None:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"station {n} did not finish")
                self.check_alive()
                time.sleep(0.05)

    # -- invariants ------------------------------------------------------------------
    def verify(self, elapsed: float, db_path: Path | None = None) -> dict:
        """Check the invariants on the logs and the file (*db_path*: another copy)."""
        import sqlite3

        from ult_desktop.db.engine.sqlite_file import sqlite_uri

        logs = {n: read_log(self.run_dir / f"{n}.log") for n in self.roles}
        con = sqlite3.connect(sqlite_uri(db_path or self.db_path, mode="ro"), uri=True)
        try:
            integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
            rows = con.execute("SELECT id, day, number, state FROM tickets").fetchall()
            calls = [r[0] for r in con.execute(
                "SELECT id FROM events WHERE kind IN ('called', 'recalled') ORDER BY id")]
            call_numbers = {r[0]: r[1] for r in con.execute(
                "SELECT id, ticket_number FROM events WHERE kind IN ('called', 'recalled')")}
            db_dups = con.execute("SELECT day, number, COUNT(*) FROM tickets "
                                  "GROUP BY day, number HAVING COUNT(*) > 1").fetchall()
            journal_mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            con.close()
        by_id = {r[0]: r for r in rows}

        issued = [(r["day"], r["number"], r["id"]) for n in self.names("kiosk")
                  for r in logs[n] if r["ev"] == "issued"]
        seen_numbers: dict[tuple[str, str], int] = {}
        dup_issued = []
        for day, number, tid in issued:
            if (day, number) in seen_numbers:
                dup_issued.append(number)
            seen_numbers[(day, number)] = tid
        lost = [number for day, number, tid in issued
                if tid not in by_id or by_id[tid][2] != number or by_id[tid][1] != day]
        logged_ids = {tid for _, _, tid in issued}
        unlogged = sorted(r[2] for r in rows if r[0] not in logged_ids)

        displays = {}
        call_time: dict[str, float] = {}
        for n in self.names("counter"):
            for r in logs[n]:
                if r["ev"] == "called" and not r.get("adopted"):
                    call_time.setdefault(r["number"], r["t"])
        feed_ms = []
        for n in self.names("display"):
            seen = [r for r in logs[n] if r["ev"] == "seen"]
            ids = [r["id"] for r in seen]
            displays[n] = {"seen": len(ids), "in_order": ids == calls,
                           "missing": len(set(calls) - set(ids)),
                           "repeated": len(ids) - len(set(ids))}
            for r in seen:
                if r["kind"] == "called" and r["number"] in call_time:
                    feed_ms.append((r["at"] - call_time[r["number"]]) * 1000)
        counter_calls = sorted(n for c in self.names("counter") for n in
                               [r["number"] for r in logs[c] if r["ev"] == "called"])
        first_calls = sorted({call_numbers[i] for i in calls})

        recovery: dict[str, float] = {}
        for fault in self.timeline:
            for n, records in logs.items():
                oks = [r["t"] for r in records if r["ev"] == "ok" and r["t"] >= fault["end"]]
                exits = [r["t"] for r in records if r["ev"] == "exit"]
                if not oks:
                    if exits and exits[-1] < fault["end"] + RECOVERY_LIMIT_S:
                        continue  # it had finished its work
                    recovery[f"{n}@{fault['kind']}"] = float("inf")
                    continue
                recovery[f"{n}@{fault['kind']}"] = oks[0] - fault["end"]
        worst = max(recovery.values(), default=0.0)

        errors_seen = sum(1 for rs in logs.values() for r in rs if r["ev"] == "err")
        bugs = [{"station": n, **{k: r[k] for k in ("op", "error", "msg", "tb")}}
                for n, rs in logs.items() for r in rs if r["ev"] == "bug"]
        issue_ms = [r["ms"] for n in self.names("kiosk") for r in logs[n] if r["ev"] == "issued"]
        call_ms = [r["ms"] for n in self.names("counter") for r in logs[n]
                   if r["ev"] == "called" and "ms" in r]
        left_waiting = sum(1 for r in rows if r[3] in ("waiting", "transferred"))

        report = {
            "tickets_target": self.cfg.tickets,
            "tickets_issued": len(issued),
            "tickets_in_file": len(rows),
            "duplicate_numbers_logged": dup_issued,
            "duplicate_numbers_in_file": [list(d) for d in db_dups],
            "lost_tickets": lost,
            "in_file_not_logged": unlogged,
            "calls": len(calls),
            "counter_calls_match_file": counter_calls == first_calls,
            "displays": displays,
            "integrity": integrity[:5],
            "journal_mode": journal_mode,
            "faults": self.timeline,
            "kills": self.kills,
            "recovery_s": recovery,
            "worst_recovery_s": worst,
            "errors_seen": errors_seen,
            "bugs": bugs,
            "left_waiting": left_waiting,
            "issue_ms_p50": _percentile(issue_ms, 50),
            "issue_ms_p95": _percentile(issue_ms, 95),
            "call_ms_p95": _percentile(call_ms, 95),
            "feed_ms_p50": _percentile(feed_ms, 50),
            "feed_ms_p95": _percentile(feed_ms, 95),
            "feed_ms_max": max(feed_ms, default=float("nan")),
            "elapsed_s": elapsed,
            "delay_ms": self.cfg.delay_ms,
        }
        report["ok"] = invariants_ok(report)
        return report


def invariants_ok(report: dict) -> bool:
    return (not report["duplicate_numbers_logged"] and not report["duplicate_numbers_in_file"]
            and not report["lost_tickets"] and report["integrity"] == ["ok"]
            and all(d["in_order"] for d in report["displays"].values())
            and report["counter_calls_match_file"]
            and report["worst_recovery_s"] <= RECOVERY_LIMIT_S
            and not report["bugs"]
            and report["tickets_issued"] == report["tickets_target"]
            and len(report["in_file_not_logged"]) <= len(report["kills"]) + sum(
                1 for f in report["faults"] if f["kind"] == "lost-reply"))


def run_office_day(cfg: DayConfig, workdir: str | os.PathLike | None = None, *,
                   share=None) -> dict:
    """Run one simulated day and return the report (``report["ok"]``: all invariants hold).

    Mounts its own fault share under *workdir* unless *share* (a started
    ``tests.faultfs.FaultShare``) is given."""
    from tests.faultfs import FaultShare

    own = share is None
    base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="ult-day-"))
    run_dir = base / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    if own:
        share = FaultShare(base / "fs", delay_ms=0).start()
    try:
        report = Day(share, cfg, run_dir).run()
    finally:
        if own:
            share.stop()
    report["run_dir"] = str(run_dir)
    return report


def summary(report: dict) -> str:
    lines = [
        f"office day: {'OK' if report['ok'] else 'FAILED'} in {report['elapsed_s']:.1f} s "
        f"on a {report['delay_ms']} ms share",
        f"  tickets issued {report['tickets_issued']}/{report['tickets_target']}, in file "
        f"{report['tickets_in_file']}, duplicates {len(report['duplicate_numbers_logged'])}"
        f"/{len(report['duplicate_numbers_in_file'])}, lost {len(report['lost_tickets'])}, "
        f"in file but not logged {len(report['in_file_not_logged'])}",
        f"  calls {report['calls']}; displays: " + ", ".join(
            f"{n} {d['seen']} seen, in order {d['in_order']}"
            for n, d in report["displays"].items()),
        f"  integrity {report['integrity']}, journal {report['journal_mode']}",
        "  faults: " + ", ".join(f"{f['kind']} {f['seconds']}s" for f in report["faults"]),
        "  kills: " + ", ".join(f"{k['station']} mid-write={k['mid_write']} "
                                f"journal-left={k['journal_left']}" for k in report["kills"]),
        f"  worst recovery {report['worst_recovery_s']:.2f} s (limit {RECOVERY_LIMIT_S} s); "
        f"errors shown to stations {report['errors_seen']}; defects {len(report['bugs'])}",
        f"  issue p50 {report['issue_ms_p50']:.0f} ms p95 {report['issue_ms_p95']:.0f} ms; "
        f"call->display p50 {report['feed_ms_p50']:.0f} ms p95 {report['feed_ms_p95']:.0f} ms",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "station":
        return station_main(argv[1:])
    # SIGTERM ends the day through the normal clean-up (stations stopped, share unmounted).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description="Simulated office day on a flaky share")
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--delay-ms", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--workdir")
    args = parser.parse_args(argv)
    cfg = DayConfig.quick() if args.quick else DayConfig(tickets=args.tickets)
    if not args.quick:
        cfg.delay_ms = args.delay_ms
    report = run_office_day(cfg, args.workdir)
    print(json.dumps(report, indent=1, default=str) if args.json else summary(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

