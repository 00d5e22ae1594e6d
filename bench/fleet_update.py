"""A fleet of stations takes a signed release from one share folder, on one machine.

N station processes (``--stations``, default 30), each with its own install root (version
folders, ``current`` link, the office's trusted root) and a heartbeat in one office file,
look at one update folder (``app/updates/client.py``) every few office minutes. The admin
publishes 0.2.0, whose build says it reads the next schema; a station that stages it runs
its own start-up check at once (``install.precheck``) and restarts at its next idle
moment (``install.at_start``: switch, the check again, back on failure). One station's
0.2.0 fails its start-up check (``--broken``): it stays on 0.1.0 by itself, and the office
file waits for it, since it reads only the old schema. The admin sees it (``update
fleet``, the morning check) and publishes the fix, 0.2.1, which every station takes the
same way. Every heartbeat carries the schema the station reads and its update state; a
station on a new version migrates the office (here: a marker written once, under the
office's write lock) when ``db/house/fleet.py``'s gate says nobody is left behind; a
station with a new version staged hands over to it when it finds the file migrated.

The office's clock runs ``--speed`` times faster (default 60: one real second is an
office minute). Figures:

* ``fleet_update_all_s``: office seconds from the publish until every station whose
  0.2.0 passes its start-up check runs a version that reads the new schema;
* ``fleet_left_behind``: stations that ever ran a schema older than the migrated file
  (each would refuse to write): 0 is the promise;
* ``fleet_went_back``: stations whose 0.2.0 failed its start-up check and that stayed on
  0.1.0 by themselves (1 planted);
* ``fleet_fixed_s``: office seconds from the fix's publish until that station runs it;
* ``fleet_migrated``: 1 when the gate let the file migrate (once: a second migration
  would find the marker), and ``fleet_migrated_after_last``: 1 when that came after the
  last station was ready for the new schema (running it, or staged with its check passed).

Measured figures: docs/updates.md, the developer summary.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OLD, NEW, FIX = "0.1.0", "0.2.0", "0.2.1"
PASSPHRASE = "bench fleet root passphrase"
LOOK_EVERY_OFFICE_S = 300.0  # a station looks at the share every 5 office minutes (± half)
IDLE_WAIT_OFFICE_S = 120.0  # ... and restarts within 2 office minutes of staging
BEAT_EVERY_OFFICE_S = 300.0  # a heartbeat every 5 office minutes (the real one: a minute)
OFFICE_LIMIT_S = 3600.0


def make_bundle(folder: Path, version: str, schema: int) -> Path:
    """A stand-in bundle whose ``build-info.json`` says its version and schema, as the
    build writes them."""
    (folder / "_internal").mkdir(parents=True, exist_ok=True)
    (folder / "_internal" / "build-info.json").write_text(
        json.dumps({"version": version, "schema": schema}))
    (folder / "ult-desktop").write_text("#!/bin/sh\nexit 0\n")
    (folder / "_internal" / "payload.bin").write_bytes(os.urandom(256 * 1024))
    return folder


def worker(args) -> int:
    """One station: heartbeats, looks, restarts when staged, migrates when the gate opens."""
    from ult_desktop.app.updates import client, install
    from ult_desktop.app.updates.station import summary
    from ult_desktop.db.house import fleet, stations
    from ult_desktop.db.open import open_database
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    logging.disable(logging.WARNING)  # the refusals are counted, not printed 30 times
    root, work, target = Path(args.root), Path(args.work), SCHEMA_VERSION + 1
    schema_of = {OLD: SCHEMA_VERSION, NEW: target, FIX: target}
    name = f"station-{args.station:02d}"
    db = open_database(args.db, station=name, mode="kiosk", busy_budget_s=30.0)
    stations.heartbeat(db, detail={"schema": SCHEMA_VERSION, "update": {}})  # ran for days
    (work / f"{name}.ready").write_text("")
    while not (work / "t0").exists():  # the office day starts for all at once
        time.sleep(0.05)
    start = float((work / "t0").read_text())
    office = lambda: (time.time() - start) * args.speed  # noqa: E731
    rng = random.Random(args.station)
    broken = args.station == args.broken

    def check(_root, version) -> str:  # the new version's own start-up check
        return "planted failure" if broken and version == NEW else ""

    next_look = office() + rng.uniform(0, LOOK_EVERY_OFFICE_S)
    next_beat = office() + rng.uniform(0, BEAT_EVERY_OFFICE_S)
    restart_at = ready_at = None
    left_behind = False
    log = []
    migrated = work / "migrated"

    def gate(conn) -> None:
        if not fleet.migration_waits_for(conn, target, own=name):
            with open(migrated, "x") as f:  # under the write lock: one station, once
                f.write(f"{name} {office():.3f}")

    def start_staged(why: str) -> None:
        decision = install.at_start(root, check=check)
        log.append((round(office()), why, decision.version, decision.reason))

    while office() < OFFICE_LIMIT_S and not (work / "stop").exists():
        running = install.current_version(root)
        if migrated.exists() and schema_of[running] < target:
            if install.read_state(root).get("pending") in (NEW, FIX):  # the file moved on:
                start_staged("start for the schema")  # the staged version, never the old
                restart_at = None
            running = install.current_version(root)
            left_behind = left_behind or schema_of[running] < target
        if office() >= next_beat:
            next_beat = office() + BEAT_EVERY_OFFICE_S
            update = summary(root)
            stations.heartbeat(db, detail={"schema": schema_of[running], "update": update})
            if ready_at is None and (schema_of[running] == target
                                     or fleet.ready_for(fleet.StationVersion(
                                         name, "kiosk", running, None, "", update), target)):
                ready_at = office()
            if schema_of[running] == target and not migrated.exists():
                try:
                    db.write(gate)
                except FileExistsError:
                    pass
        if office() >= next_look:
            result = client.check(root, Path(args.share), running)
            log.append((round(office()), "look", result.outcome, result.reason))
            if result.outcome == client.STAGED:
                failed = install.precheck(root, result.version, check=check)
                restart_at = None if failed else office() + rng.uniform(0, IDLE_WAIT_OFFICE_S)
            next_look = office() + LOOK_EVERY_OFFICE_S * rng.uniform(0.5, 1.5)
        if restart_at is not None and office() >= restart_at:
            restart_at = None
            start_staged("start")
        time.sleep(0.25)
    db.close()
    (work / f"{name}.json").write_text(json.dumps({"left_behind": left_behind,
                                                   "ready_at": ready_at, "log": log}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=30)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--station", type=int)
    for name in ("root", "work", "share", "db"):
        parser.add_argument(f"--{name}")
    parser.add_argument("--broken", type=int, default=7)
    args = parser.parse_args()
    if args.station is not None:
        return worker(args)
    return run(args)


def setup(work: Path, n: int) -> tuple[Path, Path, Path]:
    from _common import fresh_db

    from ult_desktop.app.updates import client, install, keys
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    ceremony = keys.init_keys(work / "stick" / "root.key", work / "admin", PASSPHRASE)
    share = work / "share" / "updates"
    db = fresh_db(work)
    for i in range(n):
        root = work / "pcs" / f"pc{i:02d}"
        make_bundle(root / OLD, OLD, SCHEMA_VERSION)
        install.switch_current(root, OLD)
        client.trust(root, ceremony.keys_dir / "1.root.json")
    return ceremony.keys_dir, share, db


def run(args) -> int:
    from ult_desktop.app.updates import install, keys, publish
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    work = Path(tempfile.mkdtemp(prefix="ult-fleet-"))
    keys_dir, share, db = setup(work, args.stations)
    stick = [keys.root_signer(work / "stick" / "root.key", PASSPHRASE)]  # second signature
    publish.publish(make_bundle(work / "b-old", OLD, SCHEMA_VERSION), share, keys_dir,
                    cosign=stick)
    procs = [subprocess.Popen([sys.executable, __file__, "--station", str(i), "--root",
                               str(work / "pcs" / f"pc{i:02d}"), "--work", str(work),
                               "--share", str(share), "--db", str(db), "--speed",
                               str(args.speed), "--broken", str(args.broken)])
             for i in range(args.stations)]
    while len(list(work.glob("*.ready"))) < args.stations:
        time.sleep(0.1)
    start = time.time()
    office = lambda: (time.time() - start) * args.speed  # noqa: E731
    (work / "t0").write_text(str(start))
    publish.publish(make_bundle(work / "b-new", NEW, SCHEMA_VERSION + 1), share, keys_dir,
                    cosign=stick)
    published = office()
    roots = [work / "pcs" / f"pc{i:02d}" for i in range(args.stations)]
    healthy = [r for i, r in enumerate(roots) if i != args.broken]
    all_new = fix_at = fixed = None
    while office() < OFFICE_LIMIT_S:
        if all_new is None and all(install.current_version(r) in (NEW, FIX) for r in healthy):
            all_new = office() - published
        if fix_at is None and any(install.read_state(r).get("failed") for r in roots):
            # the admin sees the station that stayed behind and publishes the fix
            publish.publish(make_bundle(work / "b-fix", FIX, SCHEMA_VERSION + 1), share,
                            keys_dir, cosign=stick)
            fix_at = office()
        if fix_at is not None and fixed is None and 0 <= args.broken < len(roots) \
                and install.current_version(roots[args.broken]) == FIX:
            fixed = office() - fix_at
        everyone = all(install.current_version(r) in (NEW, FIX) for r in roots)
        if everyone and (work / "migrated").exists():
            break
        time.sleep(0.2)
    time.sleep(2 * BEAT_EVERY_OFFICE_S / args.speed)  # the last heartbeats, written
    (work / "stop").write_text("")
    for p in procs:
        p.wait(timeout=120)
    report(work, args, roots, all_new, fixed)
    return 0


def report(work: Path, args, roots: list[Path], all_new, fixed) -> None:
    from ult_desktop.app.updates import install

    kept = [work / f"station-{i:02d}.json" for i in range(args.stations)]
    results = [json.loads(path.read_text()) for path in kept if path.exists()]
    went_back = sum(NEW in install.read_state(r).get("failed", {}) for r in roots)
    marker = work / "migrated"
    migrated_at = float(marker.read_text().split()[1]) if marker.exists() else None
    ready = [r["ready_at"] for r in results]
    after_last = migrated_at is not None and None not in ready and migrated_at >= max(ready)
    print(f"fleet_update_all_s: {all_new if all_new is None else round(all_new)}")
    print(f"fleet_left_behind: {sum(r['left_behind'] for r in results)}")
    print(f"fleet_went_back: {went_back}")
    print(f"fleet_fixed_s: {fixed if fixed is None else round(fixed)}")
    print(f"fleet_migrated: {int(marker.exists())}")
    print(f"fleet_migrated_after_last: {int(after_last)}")
    print(f"fleet_stations_ended_early: {args.stations - len(results)}")  # a crash: 0
    if migrated_at is not None:
        print(f"fleet_migrated_at_s: {round(migrated_at)} "
              f"(last station ready at {round(max(r for r in ready if r is not None))})")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
