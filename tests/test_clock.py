"""Time is the office's, and a PC whose clock is off says so.

Two stations an hour apart on one file: this process (the PC holding the right time)
and a real kiosk process whose clock ``faketime`` moves an hour ahead, as a WITA PC kept
at UTC+7 with a hand-set wall clock is. The file's modification time, stamped by the
share's PC, is the reference.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ult_desktop.db import errors
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket

ROOT = Path(__file__).resolve().parent.parent
WORKERS = str(ROOT / "tests" / "workers.py")

needs_faketime = pytest.mark.skipif(shutil.which("faketime") is None,
                                    reason="faketime (Debian package) is installed by .ci/run")


def an_hour_ahead(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["faketime", "-f", "+1h", sys.executable, *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **(env or {})})


@needs_faketime
def test_a_kiosk_an_hour_ahead_refuses_to_issue_and_says_what_to_set(db_path):
    here = open_database(db_path, station="kiosk-2", mode="kiosk")
    assert heartbeat(here) and abs(here.clock_skew_s) < 5  # the right time: it issues
    assert issue_ticket(here, service="A").number == "A-001"
    done = an_hour_ahead(WORKERS, "kiosk_by_its_clock", str(db_path))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert 3590 < seen["skew_s"] < 3610 and seen["number"] is None
    assert "60 menit lebih cepat" in seen["error"] and "zona" in seen["error"]
    assert seen["error"].count("\n") == 0
    assert issue_ticket(here, service="A").number == "A-002"  # nothing taken
    here.clock_skew_s = -3600.0  # what the next heartbeat of a PC an hour behind finds
    with pytest.raises(errors.ClockOff) as info:
        issue_ticket(here, service="A")
    assert "lebih lambat" in str(info.value)
    here.close()


@needs_faketime
def test_the_self_test_names_a_clock_an_hour_off(db_path, tmp_path):
    env = {"ULT_DATA_DIR": str(tmp_path / "data"), "ULT_KEY_DIR": str(tmp_path / "keys"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "TZ": "Asia/Jakarta"}
    done = an_hour_ahead("-m", "ult_desktop", "selftest", "--json", "--only", "share",
                         "--db", str(db_path), env=env)
    assert done.returncode == 10, done.stdout + done.stderr
    checks = {c["id"]: c for c in json.loads(done.stdout.strip().splitlines()[-1])["checks"]}
    assert checks["share.clock"]["status"] == "fail"
    assert "60 menit lebih cepat" in checks["share.clock"]["message"]
    assert checks["share.zone"]["status"] == "pass"  # the zone is right, the clock is not


@needs_faketime
def test_the_other_stations_see_a_clock_an_hour_off(db_path):
    """The kiosk an hour ahead writes what it measured with its next heartbeat: the
    self-test of any other PC and the admin's Stations page name it."""
    from ult_desktop.app.selftest import Options, share
    from ult_desktop.ui.admin.stations import HeartbeatTracker

    done = an_hour_ahead(WORKERS, "kiosk_by_its_clock", str(db_path))
    assert done.returncode == 0, done.stderr
    here = open_database(db_path, station="admin-pc", mode="admin")
    rows = [dict(r) for r in here.query("SELECT * FROM stations")]
    [view] = HeartbeatTracker().observe(rows)
    assert view.id == "kiosk-by-the-door" and 3590 < view.skew_s < 3610 and view.skew_warning
    here.close()
    [other] = [c for c in share.checks(Options(db=str(db_path), station="admin-pc"))
               if c.id == "share.other_clocks"]
    assert other.status == "fail" and "kiosk-by-the-door (+60 min)" in other.sentence("en")


@needs_faketime
def test_when_the_shares_clock_is_the_odd_one_the_office_is_not_stopped(db_path):
    """Two kiosks both an hour ahead of the share: the share's PC is the one that is
    off (every station sees it so), and the second kiosk still issues; the self-test
    names the share's clock."""
    first = json.loads(an_hour_ahead(WORKERS, "kiosk_by_its_clock", str(db_path)).stdout)
    assert first["number"] is None  # alone, it cannot tell: it refuses
    second = an_hour_ahead(WORKERS, "kiosk_by_its_clock", str(db_path), "kiosk-2")
    seen = json.loads(second.stdout)
    assert seen["number"] == "A-001" and seen["error"] is None, second.stderr
    checks = json.loads(an_hour_ahead("-m", "ult_desktop", "selftest", "--json", "--only",
                                      "share", "--db", str(db_path)).stdout.splitlines()[-1])
    clock = next(c for c in checks["checks"] if c["id"] == "share.clock")
    assert clock["status"] == "fail" and "yang menyimpan berkas bersama" in clock["message"]
    assert "stasiun lain melihat hal yang sama" in clock["message"]
