"""A fleet of stations takes a signed release from one share folder, on one machine.

N station processes (``--stations``, default 30), each with its own install root (version
folders, ``current`` link, the office's trusted root) and a heartbeat in one office file,
look at one update folder (``app/updates/client.py``) every few office minutes. The admin
publishes 0.2.0, whose program reads the next schema; a station that staged it restarts
at its next idle moment (``install.at_start``: switch, its own start-up check, back on
failure). One station's start-up check is made to fail: it goes back to 0.1.0 by itself.
Every heartbeat carries the schema the station reads and its update state; a station on
the new version migrates the office (here: a marker written once, under the office's
write lock) when ``db/house/fleet.py``'s gate says nobody is left behind.

The office's clock runs ``--speed`` times faster (default 60: one real second is an
office minute). Figures:

* ``fleet_update_all_s``: office seconds from the publish until every station whose
  start-up check passes runs 0.2.0;
* ``fleet_left_behind``: stations that ever ran a schema older than the migrated file
  (each would refuse to write): 0 is the promise;
* ``fleet_went_back``: stations back on 0.1.0 by themselves (1 planted);
* ``fleet_migrated``: 1 when the gate let the file migrate, 0 while it waits (for the
  station whose new version failed: the gate waits for it, as it should).

On the 2-core development VM, 30 stations at 60x (about a minute of real time): 424-440,
0, 1, 0;
``--broken -1`` (no planted failure) migrates once, after the last station.
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

OLD, NEW = "0.1.0", "0.2.0"
PASSPHRASE = "bench fleet root passphrase"
LOOK_EVERY_OFFICE_S = 300.0  # a station looks at the share every 5 office minutes (± half)
IDLE_WAIT_OFFICE_S = 120.0  # ... and restarts within 2 office minutes of staging
BEAT_EVERY_OFFICE_S = 300.0  # a heartbeat every 5 office minutes (the real one: a minute)
OFFICE_LIMIT_S = 3600.0


def make_bundle(folder: Path, version: str) -> Path:
    (folder / "_internal").mkdir(parents=True, exist_ok=True)
    (folder / "_internal" / "build-info.json").write_text(json.dumps({"version": version}))
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
    root, work = Path(args.root), Path(args.work)
    schema_of = {OLD: SCHEMA_VERSION, NEW: SCHEMA_VERSION + 1}
    name = f"station-{args.station:02d}"
    db = open_database(args.db, station=name, mode="kiosk", busy_budget_s=30.0)
    (work / f"{name}.ready").write_text("")
    while not (work / "t0").exists():  # the office day starts for all at once
        time.sleep(0.05)
    start = float((work / "t0").read_text())
    office = lambda: (time.time() - start) * args.speed  # noqa: E731
    rng = random.Random(args.station)
    broken = args.station == args.broken
    next_look = office() + rng.uniform(0, LOOK_EVERY_OFFICE_S)
    next_beat = office() + rng.uniform(0, BEAT_EVERY_OFFICE_S)
    restart_at = None
    left_behind = False
    log = []

    def beat() -> str:
        running = install.current_version(root)
        stations.heartbeat(db, detail={"schema": schema_of[running], "update": summary(root)})
        return running

    migrated = work / "migrated"

    def gate(conn) -> None:
        waits = fleet.migration_waits_for(conn, SCHEMA_VERSION + 1, own=name)
        if not waits:  # under the write lock: one station migrates, once
            with open(migrated, "x") as f:
                f.write(f"{name} {office():.0f}")

    while office() < OFFICE_LIMIT_S and not (work / "stop").exists():
        running = install.current_version(root)
        if migrated.exists() and schema_of[running] < SCHEMA_VERSION + 1:
            if install.read_state(root).get("pending") == NEW:  # the file moved on: start
                decision = install.at_start(  # the staged version now, never write old
                    root, check=lambda r, v: "planted failure" if broken else "")
                log.append((round(office()), "start for the schema", decision.version))
                restart_at = None
            running = install.current_version(root)
            left_behind = left_behind or schema_of[running] < SCHEMA_VERSION + 1
        if office() >= next_beat:
            next_beat = office() + BEAT_EVERY_OFFICE_S
            running = beat()
            if running == NEW and not migrated.exists():
                try:
                    db.write(gate)
                except FileExistsError:
                    pass
        if office() >= next_look:
            result = client.check(root, Path(args.share), running)
            log.append((round(office()), "look", result.outcome, result.reason))
            if result.outcome == client.STAGED:
                restart_at = office() + rng.uniform(0, IDLE_WAIT_OFFICE_S)
            next_look = office() + LOOK_EVERY_OFFICE_S * rng.uniform(0.5, 1.5)
        if restart_at is not None and office() >= restart_at:
            restart_at = None
            decision = install.at_start(
                root, check=lambda r, v: "planted failure" if broken else "")
            log.append((round(office()), "start", decision.version, decision.reason))
        time.sleep(0.25)
    db.close()
    (work / f"{name}.json").write_text(json.dumps({"left_behind": left_behind, "log": log}))
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

    ceremony = keys.init_keys(work / "stick" / "root.key", work / "admin", PASSPHRASE)
    share = work / "share" / "updates"
    db = fresh_db(work)
    for i in range(n):
        root = work / "pcs" / f"pc{i:02d}"
        make_bundle(root / OLD, OLD)
        install.switch_current(root, OLD)
        client.trust(root, ceremony.keys_dir / "1.root.json")
    return ceremony.keys_dir, share, db


def run(args) -> int:
    from ult_desktop.app.updates import install, publish

    work = Path(tempfile.mkdtemp(prefix="ult-fleet-"))
    keys_dir, share, db = setup(work, args.stations)
    publish.publish(make_bundle(work / "b-old", OLD), share, keys_dir)  # what they run
    procs = [subprocess.Popen([sys.executable, __file__, "--station", str(i), "--root",
                               str(work / "pcs" / f"pc{i:02d}"), "--work", str(work),
                               "--share", str(share), "--db", str(db), "--speed",
                               str(args.speed), "--broken", str(args.broken)])
             for i in range(args.stations)]
    while len(list(work.glob("*.ready"))) < args.stations:
        time.sleep(0.1)
    start = time.time()
    (work / "t0").write_text(str(start))
    publish.publish(make_bundle(work / "b-new", NEW), share, keys_dir)
    published = (time.time() - start) * args.speed
    healthy = [i for i in range(args.stations) if i != args.broken]
    all_new = None
    while (time.time() - start) * args.speed < OFFICE_LIMIT_S:
        running = [install.current_version(work / "pcs" / f"pc{i:02d}") for i in healthy]
        if all_new is None and all(v == NEW for v in running):
            all_new = (time.time() - start) * args.speed - published
        if all_new is not None and (time.time() - start) * args.speed > published + all_new \
                + 2 * LOOK_EVERY_OFFICE_S:
            break
        time.sleep(0.2)
    (work / "stop").write_text("")
    for p in procs:
        p.wait(timeout=120)
    results = [json.loads((work / f"station-{i:02d}.json").read_text())
               for i in range(args.stations)]
    went_back = sum(install.read_state(work / "pcs" / f"pc{i:02d}").get("state") == "went_back"
                    for i in range(args.stations))
    print(f"fleet_update_all_s: {all_new if all_new is None else round(all_new)}")
    print(f"fleet_left_behind: {sum(r['left_behind'] for r in results)}")
    print(f"fleet_went_back: {went_back}")
    print(f"fleet_migrated: {int((work / 'migrated').exists())}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
