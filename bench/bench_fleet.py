"""A fleet of real stations takes a signed release in the middle of service.

What runs is the shipped program, not a model of it: each station is its own PC folder in
the install layout of docs/deployment.md (``<pc>/0.1.0/``, ``<pc>/current`` -> it, the
office's trusted ``root.json`` in ``<pc>/update-metadata``, ``station.json`` naming its
mode), started as its Start-menu shortcut starts it: ``<pc>/current/ult-desktop start
--mode <mode>``. A version folder holds the program as this bench ships it (no PyInstaller
bundle: ten minutes a build): this checkout's ``ult_desktop`` package, compiled, under
``lib/``, with ``ult-desktop``, the launcher the shortcut runs, which starts
``lib/ult-desktop.py`` from its own (resolved) folder on the office's Python with
``ULT_INSTALL_ROOT`` set to the PC folder (what a frozen program finds beside its .exe).
The release zip is that folder; ``build-info.json`` says its version and schema. The
time limits the program puts on real work (``install.START_CHECK_TIMEOUT_S``,
``gui_cmds.HANDOVER_WAIT_MS``) are stretched by the clock's speed in every copy, so that
they are the real seconds an office gives them.

Every station process and the admin share one office clock sped up ``--speed`` times
(libfaketime, preloaded with ``FAKETIME='@<a Monday 08:30> x<speed>'`` and
``FAKETIME_DONT_RESET=1``: one clock for the bench's office process and every process it
starts; the product reads
it as it reads the time: its looks, its timers, its heartbeats). Nothing of the update
path is stood in for: the stations look (``station.Looks``), stage, check from the staged
folder, switch at their own safe moment (``ui/common/update_switch.py``) and start the new
program (``station.hand_over``); the file migrates when ``db/house/fleet.py`` lets it.

Visitors and officers act on the screens meanwhile (``fleet_site/``, loaded into each
station's Python by ``PYTHONPATH``): a kiosk's visitors arrive at random (one each
``fleet_hand.KIOSK_GAP_S`` office seconds on average) and touch a service button; each
counter's officer signs in, calls, presses Selesai after ``SERVE_S`` and takes a break
after every ``SERVED_BEFORE_BREAK`` visitors. The admin (this bench) publishes 0.2.0,
which reads the next schema (its one new step records when it ran), a minute into service;
then 0.2.1, whose screens do not load. Figures (office seconds unless said):

* ``fleet_update_all_s``: from 0.2.0's publish until every station's running program is
  0.2.0, read from the processes (``/proc/<pid>/cmdline``: the version folder the
  launcher started), target <= 900;
* ``fleet_update_reached_s``: the same for the last station whose running program did
  become 0.2.0 (``fleet_update_all_s`` is None while one never did);
* ``fleet_left_behind``: stations not on 0.2.0 when the bench stopped waiting
  (``LIMIT_S`` after the publish), 0 the promise;
* ``fleet_state_new_program_old``: stations whose ``update-state.json`` says the new
  version runs while their running program is the old one;
* ``fleet_migrated``: times the file's new step ran (1), and ``fleet_migrated_after_last``
  1 when it ran after the last station had 0.2.0 staged and checked;
* ``fleet_old_after_migration_max_s``: the longest a station's running program was
  still the old one after the file migrated (it writes nothing meanwhile);
* ``fleet_failing_stayed``: stations that refused 0.2.1 by themselves and run 0.2.0
  (all of them), and ``fleet_failing_refused_s`` until the last did;
* ``fleet_checks_timed_out``: start-up checks that ran past their time limit and so
  marked a release failed (an artifact of too fast a clock on too busy a machine: 0);
* ``switch_delay_max_s``: the longest wait, in real seconds, of a visitor's touch whose
  wait met a switch of its kiosk (the old program closing, the new one starting),
  target <= 2; ``visit_wait_max_s`` the same for every touch; ``touches_lost``: visitors
  who came and were never served, plus touches with no ticket in the file;
  ``selesai_delay_max_s``: an officer's Selesai from when she meant to press it until
  she could (real seconds); ``fleet_switches`` and ``counter_switches``.

``python bench/bench_fleet.py --stations 30 --speed 1`` is the documented run (at x3 thirty
programs starve a 2-core machine); ``--quick`` (and
``bench/run.py --quick``) runs 4 stations. Measured figures: docs/updates.md.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from _common import Skipped, Stalled, end_children, popen  # noqa: E402

OLD, NEW, BROKEN = "0.1.0", "0.2.0", "0.2.1"
OFFICE_START = "2026-11-30 08:30:00"  # a Monday, before the doors open at 08:00+
PASSPHRASE = "bench fleet root passphrase"
LIMIT_S = 1800.0  # office seconds a release may take to reach every station (twice 15 min)
SERVICE_BEFORE_S = 60.0  # service runs this long before the admin publishes
MARK = "bench_fleet_migrated"
#: How much faster the office's clock runs. The product's own time limits run on it too
#: (a start-up check has ``install.START_CHECK_TIMEOUT_S`` office seconds): a check that
#: takes 12 real seconds on this shared 2-core machine is past them at x10 when ten
#: stations check at once (``fleet_checks_timed_out``), so ten stations run at x3.
SPEED, QUICK_SPEED = 3.0, 5.0


# -- the program as shipped -------------------------------------------------------------
LAUNCHER = """#!/bin/sh
# ULT Desktop {version}: the program in this folder on the office's Python (the bench's
# stand-in for ult-desktop.exe; a shortcut starts it through current/)
HERE=$(cd "$(dirname "$0")" && pwd -P)
ULT_INSTALL_ROOT=$(dirname "$HERE")
export ULT_INSTALL_ROOT
exec "{python}" "$HERE/lib/ult-desktop.py" "$@"
"""
ENTRY = 'import runpy\nrunpy.run_module("ult_desktop", run_name="__main__", alter_sys=True)\n'


def build(folder: Path, version: str, speed: float, *, next_schema: bool = False,
          broken: bool = False) -> Path:
    """A version folder of this checkout's program saying *version*; *next_schema*: one
    more migration step (it records when it ran); *broken*: its kiosk screen fails to
    load (its start-up check fails). The time limits the program puts on real work (a
    start-up check's process, the old version's closing) are *speed* times longer: on the
    sped-up clock they are the same real seconds as in an office."""
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    lib = folder / "lib"
    shutil.copytree(ROOT / "ult_desktop", lib / "ult_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    init = lib / "ult_desktop" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"',
                                             f'__version__ = "{version}"'))
    for rel, name in (("app/updates/install.py", "START_CHECK_TIMEOUT_S = "),
                      ("cli/gui_cmds.py", "HANDOVER_WAIT_MS = ")):
        path = lib / "ult_desktop" / rel
        text = path.read_text()
        found = re.search(rf"^{name}([0-9_.]+)", text, re.M)
        assert found, f"{rel} has no {name}"
        value = float(found[1].replace("_", "")) * speed
        longer = value if "." in found[1] else round(value)
        path.write_text(text[:found.start(1)] + repr(longer) + text[found.end(1):])
    if next_schema:
        schema = lib / "ult_desktop" / "db" / "schemas" / "schema.py"
        step = (f'NAMED_MIGRATIONS["{MARK}"] = [\n'
                f'    "CREATE TABLE {MARK} (at TEXT)",\n'
                f'    "INSERT INTO {MARK} VALUES (strftime(\'%Y-%m-%dT%H:%M:%f\', \'now\'))"]\n')
        text = schema.read_text()
        schema.write_text(text.replace("MIGRATION_NAMES = tuple(NAMED_MIGRATIONS)",
                                       step + "MIGRATION_NAMES = tuple(NAMED_MIGRATIONS)", 1))
    if broken:
        with open(lib / "ult_desktop" / "ui" / "kiosk" / "app.py", "a") as f:
            f.write('\nraise ImportError("a build whose kiosk screen does not load")\n')
    (lib / "ult-desktop.py").write_text(ENTRY)
    compileall.compile_dir(str(lib), quiet=2, workers=1)
    launcher = folder / "ult-desktop"
    launcher.write_text(LAUNCHER.format(version=version, python=sys.executable))
    launcher.chmod(0o755)
    (folder / "_internal").mkdir()
    (folder / "_internal" / "build-info.json").write_text(json.dumps(
        {"version": version, "schema": SCHEMA_VERSION + (1 if next_schema or broken else 0)}))
    return folder


# -- the stations -----------------------------------------------------------------------
def plan(n: int) -> list[tuple[str, str, int]]:
    """(station, mode, counter) of *n* stations: two TVs, two counters (the demo's
    officers), kiosks for the rest (fewer of each in a small fleet)."""
    tvs, counters = (1, 1) if n < 6 else (2, 2)
    modes = ["display"] * tvs + ["counter"] * counters
    modes += ["kiosk"] * (n - len(modes))
    out, seen = [], {}
    for mode in modes:
        seen[mode] = seen.get(mode, 0) + 1
        out.append((f"{mode}-{seen[mode]:02d}", mode, seen[mode]))
    return out


def install(pc: Path, builds: Path, trust: Path, db: Path, station: str, mode: str,
            counter: int) -> None:
    """What the setup program leaves on a PC: the version folder, ``current``, the
    trust, the station file."""
    from ult_desktop.app.updates import client
    from ult_desktop.app.updates import install as inst

    shutil.copytree(builds / OLD, pc / OLD, symlinks=True)
    inst.switch_current(pc, OLD)
    client.trust(pc, trust)
    (pc / "station.json").write_text(json.dumps({
        "version": 3, "mode": mode, "db": str(db), "station": station, "counter": counter,
        "printer": f"virtual://{pc / 'tickets'}"}))


def office_epoch() -> float:
    """:data:`OFFICE_START` in seconds since the epoch (local time, as libfaketime reads it)."""
    from datetime import datetime

    return datetime.strptime(OFFICE_START, "%Y-%m-%d %H:%M:%S").timestamp()


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(pc: Path, work: Path, station: str, mode: str, counter: int, lan: int):
    """The station started as its shortcut does."""
    env = {k: v for k, v in os.environ.items() if k not in ("ULT_DB", "ULT_STATION",
                                                             "PYTHONPATH")}
    env.update(QT_QPA_PLATFORM="offscreen", ULT_SOUND="off", PYTHONPATH=str(HERE / "fleet_site"),
               ULT_RESOURCES=str(ROOT / "resources"), ULT_STATION_CONFIG=str(pc / "station.json"),
               ULT_DATA_DIR=str(pc / "data"), ULT_JOURNAL_DIR=str(pc / "journal"),
               ULT_HOME=str(pc / "home"), APPDATA=str(pc / "home"),
               XDG_CONFIG_HOME=str(pc / "config"), XDG_DATA_HOME=str(pc / "share-data"),
               XDG_STATE_HOME=str(pc / "state"), ULT_LAN_PORT=str(lan),
               ULT_LAN_TARGETS="127.0.0.1", ULT_BENCH_FLEET=str(work),
               ULT_BENCH_OFFICE_PID=str(os.getpid()), ULT_BENCH_STATION=station,
               ULT_BENCH_SHARE_CLOCK="|".join((str(work / "share"), os.environ["ULT_BENCH_REAL0"],
                                               str(office_epoch()), os.environ["ULT_BENCH_SPEED"])),
               ULT_BENCH_COUNTER=str(counter))
    out = open(pc / "station.log", "ab")
    try:
        return popen([str(pc / "current" / "ult-desktop"), "start", "--mode", mode],
                     env=env, cwd=str(pc), stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    finally:
        out.close()


def running(pcs: Path) -> dict[str, dict[int, str]]:
    """{station: {pid: version}} of the station programs running now, each read from
    its process (the version folder in its command line)."""
    found: dict[str, dict[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if len(args) < 3 or state == "Z" or args[2] != b"start":
            continue
        script = Path(os.fsdecode(args[1]))
        if script.name == "ult-desktop.py" and script.parents[3] == pcs:
            found.setdefault(script.parents[2].name, {})[int(entry.name)] = \
                script.parents[1].name
    return found


def reap() -> None:
    """Programs started by a switch are this process's once their starter ended (it is
    their subreaper): their ends collected."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def subreaper() -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def end_fleet(pcs: Path) -> None:
    """Every station program ended (closed as at a shutdown, killed when it will not)."""
    for _ in range(3):
        live = [pid for pids in running(pcs).values() for pid in pids]
        for pid in live:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while live and time.monotonic() < deadline:
            reap()
            live = [pid for pid in live if alive(pid)]
            time.sleep(0.5)
        for pid in live:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    end_children(grace=5)
    reap()


# -- the office ------------------------------------------------------------------------
def office(work: Path, n: int, speed: float) -> dict:
    """Runs under the sped-up clock: sets up the office, runs the fleet, returns figures."""
    from _common import fresh_db

    from ult_desktop.app.updates import install as inst
    from ult_desktop.app.updates import keys, publish

    subreaper()
    builds = work / "build"
    build(builds / OLD, OLD, speed)
    build(builds / NEW, NEW, speed, next_schema=True)
    build(builds / BROKEN, BROKEN, speed, broken=True)
    ceremony = keys.init_keys(work / "stick" / "root.key", work / "admin", PASSPHRASE)
    stick = [keys.root_signer(ceremony.root_key, PASSPHRASE)]  # the release's second key
    share = work / "share"
    share.mkdir()
    db = fresh_db(share)
    updates = share / "updates"
    publish.publish(builds / OLD, updates, ceremony.keys_dir, cosign=stick)
    pcs = work / "pcs"
    (work / "acts").mkdir()
    stations = plan(n)
    lan = free_udp_port()
    for station, mode, counter in stations:
        install(pcs / station, builds, ceremony.keys_dir / "1.root.json", db, station, mode,
                counter)
    for station, mode, counter in stations:
        start(pcs / station, work, station, mode, counter, lan)
    names = [s for s, _, _ in stations]
    wait(lambda: all(ready(work, s) for s in names), 180 * speed,
         lambda: f"stations not ready: {[s for s in names if not ready(work, s)]}", pcs)
    (work / "load").write_text(f"{time.time()}")
    time.sleep(SERVICE_BEFORE_S)
    figures: dict = {"fleet_stations": n, "speed": speed}
    published = time.time()
    publish.publish(builds / NEW, updates, ceremony.keys_dir, cosign=stick)
    seen = watch(pcs, names, NEW, published, LIMIT_S)
    figures["fleet_update_all_s"] = seen["all_at"] - published if seen["all_at"] else None
    figures["fleet_update_reached_s"] = max(seen["new_at"].values(), default=published) \
        - published  # the last station whose program did become the new one
    figures["fleet_left_behind"] = sum(v != {NEW} for v in seen["last"].values())
    figures["fleet_state_new_program_old"] = sum(  # the state file says so, the process not
        inst.read_state(pcs / s).get("running") == NEW and seen["last"][s] != {NEW}
        for s in names)
    figures["fleet_switches"] = seen["switches"]
    marks = migrated(db)
    figures["fleet_migrated"] = len(marks)
    last_ready = max(seen["ready"].values()) if len(seen["ready"]) == n else None
    figures["fleet_migrated_after_last"] = int(
        len(marks) == 1 and last_ready is not None and marks[0] >= last_ready)
    if marks and last_ready is not None:
        figures["fleet_migrated_at_s"] = marks[0] - published
        figures["fleet_last_ready_at_s"] = last_ready - published
    if marks:  # an old program on the migrated file writes nothing until it hands over
        figures["fleet_old_after_migration_max_s"] = max(
            [seen["new_at"].get(s, time.time()) - marks[0] for s in names] + [0.0])
    # a release whose screens do not load: every station refuses it and runs on
    failing = time.time()
    publish.publish(builds / BROKEN, updates, ceremony.keys_dir, cosign=stick)
    refused = {}
    while time.time() - failing < LIMIT_S and len(refused) < n:
        for s in names:
            if s not in refused and BROKEN in inst.read_state(pcs / s).get("failed", {}):
                refused[s] = time.time()
        reap()
        time.sleep(2)
    time.sleep(60)  # time enough for a station that would switch to it
    now_running = running(pcs)
    figures["fleet_failing_stayed"] = sum(
        s in refused and set(now_running.get(s, {}).values()) == {NEW} for s in names)
    figures["fleet_failing_refused_s"] = (max(refused.values()) - failing) if refused else None
    figures["fleet_checks_timed_out"] = sum(  # a check past its time counts as failed
        "TimeoutExpired" in why for s in names
        for why in inst.read_state(pcs / s).get("failed", {}).values())
    (work / "load").write_text(f"{(work / 'load').read_text()} {time.time()}")
    time.sleep(30)  # the last visitors served
    end_fleet(pcs)
    figures.update(load_figures(work, names, speed, db))
    return figures


def ready(work: Path, station: str) -> bool:
    try:
        return '"ev": "ready"' in (work / "acts" / f"{station}.jsonl").read_text()
    except OSError:
        return False


def wait(done, limit: float, why, pcs: Path) -> None:
    end = time.time() + limit
    while not done():
        if time.time() > end:
            raise Stalled(why())
        reap()
        time.sleep(1)


def watch(pcs: Path, names: list[str], version: str, since: float, limit: float) -> dict:
    """Until every station runs *version* (or *limit* office seconds): when that was, the
    versions last seen, when each had it staged and checked, and the switches seen."""
    from ult_desktop.app.updates import install as inst

    all_at, staged, new_at, pids = None, {}, {}, {s: set() for s in names}
    last: dict[str, set] = {}
    while time.time() - since < limit:
        now, live = time.time(), running(pcs)
        for s in names:
            last[s] = set(live.get(s, {}).values())
            pids[s] |= set(live.get(s, {}))
            state = inst.read_state(pcs / s)
            ok = state.get("pending") == version and state.get("state") in ("staged", "waiting")
            if s not in staged and (ok or last[s] == {version}):
                staged[s] = now
            if s not in new_at and last[s] == {version}:
                new_at[s] = now
        if all(last[s] == {version} for s in names):
            all_at = now
            break
        reap()
        time.sleep(1)
    return {"all_at": all_at, "last": last, "ready": staged, "new_at": new_at,
            "switches": sum(len(p) - 1 for p in pids.values())}


def migrated(db: Path) -> list[float]:
    """When the release's new step ran in the office file (office epoch seconds)."""
    from datetime import datetime, timezone

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        rows = conn.execute(f"SELECT at FROM {MARK}").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()
    return [datetime.fromisoformat(at).replace(tzinfo=timezone.utc).timestamp()
            for (at,) in rows]


def load_figures(work: Path, names: list[str], speed: float, db: Path) -> dict:
    """What the visitors and officers met, from the stations' own lines and the file."""
    from fleet_site.fleet_hand import arrivals

    start, _, end = (work / "load").read_text().partition(" ")
    waits, switch_waits, lost, touches, delays, counter_switches = [], [], 0, 0, [], 0
    for s in names:
        acts = [json.loads(x) for x in (work / "acts" / f"{s}.jsonl").read_text().splitlines()]
        ups = [a["t"] for a in acts if a["ev"] == "up"][1:]
        overs = [a["t"] for a in acts if a["ev"] == "handover"]
        switches = list(zip(overs, ups, strict=False))  # a last hand-over may not be up
        if s.startswith("counter"):
            counter_switches += len(ups)
            delays += [a["t"] - a["due"] for a in acts if a["ev"] == "selesai"]
            continue
        touched = {a["id"]: a for a in acts if a["ev"] == "touch"}
        touches += len(touched)
        if s.startswith("kiosk"):
            came = arrivals(s, float(start), float(end) - 30)
            lost += sum(i not in touched for i, _ in came)
        for a in touched.values():
            wait_s = (a["t"] - a["arrived"]) / speed
            waits.append(wait_s)
            if any(a["arrived"] <= up and a["t"] >= over for over, up in switches):
                switch_waits.append(wait_s)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    finally:
        conn.close()
    return {"touches": touches, "touches_lost": lost + max(0, touches - tickets),
            "visit_wait_max_s": max(waits, default=0.0),
            "switch_delay_max_s": max(switch_waits, default=0.0),
            "touches_met_a_switch": len(switch_waits),
            "selesai": len(delays), "selesai_delay_max_s": max(delays, default=0.0) / speed,
            "counter_switches": counter_switches}


# -- the bench ------------------------------------------------------------------------
def libfaketime() -> Path | None:
    """libfaketime's library (Debian's ``faketime`` package), None when not installed."""
    if not sys.platform.startswith("linux"):
        return None
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1")) + \
        sorted(Path("/usr/lib/faketime").glob("libfaketime.so.1"))
    return found[0] if found else None


def fleet(stations: int, speed: float, *, limit_s: float = 3000, keep: bool = False) -> dict:
    """The office process under the sped-up clock (libfaketime preloaded: it and every
    process it starts share one clock); its figures. Its folder (the PCs' installs and
    logs, up to a gigabyte) is removed after a run that gave them, unless *keep*; a run
    that failed keeps it and names it."""
    lib = libfaketime()
    if lib is None:
        raise Skipped("libfaketime is not installed (apt install faketime)")
    work = Path(tempfile.mkdtemp(prefix="ult-fleet-"))
    env = dict(os.environ, LD_PRELOAD=str(lib), FAKETIME=f"@{OFFICE_START} x{speed:g}",
               FAKETIME_DONT_RESET="1", QT_QPA_PLATFORM="offscreen",
               ULT_BENCH_REAL0=str(time.time()), ULT_BENCH_SPEED=f"{speed:g}")
    with open(work / "office.log", "wb") as out:
        proc = popen([sys.executable, __file__, "--office", str(work), "--stations",
                      str(stations), "--speed", str(speed)], env=env, stdout=out, stderr=out,
                     stdin=subprocess.DEVNULL)
    try:
        code = proc.wait(timeout=limit_s)
    except subprocess.TimeoutExpired:
        raise Stalled(f"the office did not end in {limit_s:.0f} s ({work}/office.log)") from None
    finally:
        end_children()
        for name in (f"faketime_shm_{proc.pid}", f"sem.faketime_sem_{proc.pid}"):
            (Path("/dev/shm") / name).unlink(missing_ok=True)  # libfaketime's, if killed
    figures = work / "figures.json"
    if code != 0 or not figures.exists():
        tail = (work / "office.log").read_text(errors="replace").strip().splitlines()[-3:]
        raise Stalled(f"the office ended with {code}: {' | '.join(tail)} ({work})")
    result = json.loads(figures.read_text())
    if keep:
        print(f"# the fleet's folder: {work}", flush=True)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return result


def run(quick: bool) -> dict:
    return fleet(4, QUICK_SPEED) if quick else fleet(10, SPEED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stations", type=int, default=10)
    parser.add_argument("--speed", type=float, default=SPEED)
    parser.add_argument("--quick", action="store_true", help="4 stations")
    parser.add_argument("--keep", action="store_true", help="keep the PCs' folders and logs")
    parser.add_argument("--office", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.office:
        work = Path(args.office)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the fleet ended too
        try:
            figures = office(work, args.stations, args.speed)
        finally:
            end_fleet(work / "pcs")
        (work / "figures.json").write_text(json.dumps(figures))
        return 0
    figures = fleet(4 if args.quick else args.stations, QUICK_SPEED if args.quick else args.speed,
                    limit_s=max(3000.0, 150.0 * args.stations), keep=args.keep)
    for key, value in figures.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
