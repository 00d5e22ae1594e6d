"""Two stations (real processes on one file) notice at the same moment
that today's backup is missing; exactly one makes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from ult_desktop.db.keeping import autobackup
from ult_desktop.db.open import open_database

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

#: One station: opens the file and, for each day, waits for that day's start file (a
#: barrier, so both look at the same moment), runs the daily backup with that day's
#: clock and prints the outcome; the test opens the next day's gate when both answered.
STATION = r"""
import sys, time
from datetime import datetime
from pathlib import Path
from ult_desktop.db.keeping import autobackup
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database

path, name, gate, *days = sys.argv[1:]
db = open_database(path, station=name, mode="test")
print("ready", flush=True)
for day in days:
    go = Path(f"{gate}-{day[:10]}")
    while not go.exists():
        time.sleep(0.001)
    done = autobackup.run_daily_backup(db, now=datetime.fromisoformat(day), host="ADMIN-PC")
    print(done.outcome, done.error or "", flush=True)
db.close()
"""

DAYS = [f"2026-11-{d}T07:30:00+07:00" for d in range(23, 28)]


def test_two_stations_racing_make_one_backup_a_day(db_path: Path, tmp_path: Path):
    folder = tmp_path / "cadangan"
    folder.mkdir()
    db = open_database(db_path, station="admin", mode="test")
    autobackup.set_backup_folder(db, folder=str(folder), host="ADMIN-PC")
    db.close()
    gate = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", STATION, str(db_path), name, str(gate),
                               *DAYS], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT)
             for name in ("Loket 1", "Loket 2")]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready"
        for day in DAYS:  # both wait on the same gate: open it, then read both answers
            Path(f"{gate}-{day[:10]}").touch()
            outcomes = sorted(p.stdout.readline().strip() for p in procs)
            # the loser found the winner's claim, or (a little later) the copy
            assert outcomes[0] in ("claimed", "done_today") and outcomes[1] == "made", \
                (day, outcomes)
        for p in procs:
            assert p.wait(timeout=60) == 0, p.stderr.read()
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    copies = sorted(folder.glob("office-*.db"))
    assert [c.name[7:15] for c in copies] == [f"202611{d}" for d in range(23, 28)]
    db = open_database(db_path, station="check", mode="test")
    made = db.query("SELECT station, data FROM events WHERE kind = 'backup_made'")
    started = db.query("SELECT COUNT(*) FROM events WHERE kind = 'backup_started'")[0][0]
    db.close()
    assert len(made) == started == len(DAYS)
    assert sorted(json.loads(r["data"])["file"] for r in made) == [str(c) for c in copies]
    checked = run_cli("check", "--db", str(db_path), "--json")
    assert checked.returncode == 11, checked.stdout + checked.stderr  # sound; no root
    assert json.loads(checked.stdout)["reconcile"]["ok"]
