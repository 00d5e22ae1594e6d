"""Wrong-PIN lockout kept in the shared file: per username, on every screen
and command, surviving a restart and another process; an admin can lift it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import ROOT
from ult_desktop.db.house import office, officers, pinlock
from ult_desktop.db.house.pinlock import PinLocked
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.kiosk import jobs as kiosk_jobs

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

WRONG = "5174"
N = 5  # pin_max_failures default


def _fail(db, username: str, times: int) -> None:
    for _ in range(times):
        assert office.verify_pin(db, username, WRONG) is None


def _lock_row(db, subject: str):
    rows = db.query("SELECT * FROM pin_lockouts WHERE subject = ?", (subject,))
    return dict(rows[0]) if rows else None


def test_the_fifth_wrong_pin_locks_and_even_the_right_pin_is_refused(db):
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked) as info:
        office.verify_pin(db, "sari", WRONG)
    with pytest.raises(PinLocked) as again:
        office.verify_pin(db, "sari", DEMO_PINS["sari"])
    text = again.value.message("id")
    assert "sari" in text and "coba lagi pukul" in text and "menit" in text
    assert "try again at" in again.value.message("en")
    assert info.value.until == again.value.until
    assert timedelta(minutes=4) < info.value.until - datetime.now(timezone.utc) \
        <= timedelta(minutes=5)


def test_lockout_survives_a_restart_and_applies_in_another_process(db, db_target):
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked):
        office.verify_pin(db, "sari", WRONG)
    db.close()
    reopened = open_database(db_target, station="counter-2", mode="counter")  # a restart
    try:
        with pytest.raises(PinLocked):
            office.verify_pin(reopened, "sari", DEMO_PINS["sari"])
    finally:
        reopened.close()
    code = ("import json, sys\n"
            "from ult_desktop.db.house import office\n"
            "from ult_desktop.db.open import open_database\n"
            "from ult_desktop.db.house.pinlock import PinLocked\n"
            "db = open_database(sys.argv[1], station='other-pc', mode='counter')\n"
            "try:\n"
            "    office.verify_pin(db, 'sari', sys.argv[2]); print(json.dumps('in'))\n"
            "except PinLocked as exc:\n"
            "    print(json.dumps(exc.message('en')))\n")
    out = subprocess.run([sys.executable, "-c", code, db_target, DEMO_PINS["sari"]],
                         capture_output=True, text=True, timeout=60, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout).startswith("Too many wrong PINs for sari")


def test_a_right_pin_before_the_limit_clears_the_count(db):
    _fail(db, "sari", N - 1)
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]) is not None
    assert _lock_row(db, "sari") is None
    _fail(db, "sari", N - 1)  # a fresh count: still not locked
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]) is not None


def test_each_further_lock_doubles(db):
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked) as first:
        office.verify_pin(db, "sari", WRONG)
    _expire(db, "sari")
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked) as second:
        office.verify_pin(db, "sari", WRONG)
    now = datetime.now(timezone.utc)
    assert second.value.until - now > timedelta(minutes=9)
    assert first.value.until - now <= timedelta(minutes=5)
    _expire(db, "sari")
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]) is not None  # lock over
    assert _lock_row(db, "sari") is None  # and the doubling starts again


def _expire(db, subject: str) -> None:
    past = (datetime.now(timezone.utc) - timedelta(seconds=1)).isoformat(timespec="seconds")
    db.write(lambda conn: conn.execute(
        "UPDATE pin_lockouts SET locked_until = ? WHERE subject = ?", (past, subject)))


def test_unknown_usernames_are_counted_too(db):
    """The answer for a name that does not exist looks the same: no way to learn which
    usernames exist by trying them until one locks."""
    _fail(db, "nobody", N - 1)
    with pytest.raises(PinLocked):
        office.verify_pin(db, "nobody", WRONG)


def test_admin_can_unlock_from_the_officers_list(db):
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked):
        office.verify_pin(db, "sari", WRONG)
    sari = next(o for o in office.list_officers(db) if o.username == "sari")
    assert sari.locked_until is not None
    assert office.unlock_pin(db, username="sari")
    assert next(o for o in office.list_officers(db) if o.username == "sari").locked_until \
        is None
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]) is not None
    assert officers.audit_log(db)[0].data == {"officer": "sari", "pin_unlocked": True}


def test_a_pin_reset_lifts_the_lock(db):
    _fail(db, "sari", N - 1)
    with pytest.raises(PinLocked):
        office.verify_pin(db, "sari", WRONG)
    office.reset_pin(db, username="sari", pin="619384")
    assert office.verify_pin(db, "sari", "619384") is not None


def test_the_lock_applies_to_the_admin_login_and_the_counter_login(db):
    for _ in range(N - 1):
        assert officers.admin_login(db, username="admin", pin=WRONG) is None
    with pytest.raises(PinLocked):
        jobs.login(db, "admin", WRONG)  # the counter screen's login, same username
    with pytest.raises(PinLocked):
        officers.admin_login(db, username="admin", pin=DEMO_PINS["admin"])


def test_kiosk_keypad_failures_lock_the_kiosk_not_the_admins(db):
    for _ in range(N - 1):
        assert kiosk_jobs.check_admin_pin(db, WRONG) is None
    with pytest.raises(PinLocked) as info:
        kiosk_jobs.check_admin_pin(db, WRONG)
    assert info.value.key == "pin.locked_kiosk"
    with pytest.raises(PinLocked):
        kiosk_jobs.check_admin_pin(db, DEMO_PINS["admin"])
    assert _lock_row(db, f"kiosk:{db.station}")["locked_until"]
    # the admin can still sign in elsewhere, and unlock the kiosk
    assert officers.admin_login(db, username="admin", pin=DEMO_PINS["admin"]) is not None
    assert office.unlock_pin(db, username=f"kiosk:{db.station}")
    assert kiosk_jobs.check_admin_pin(db, DEMO_PINS["admin"]).username == "admin"


def test_the_failures_of_several_stations_add_up(db, db_target):
    other = open_database(db_target, station="counter-2", mode="counter")
    try:
        _fail(db, "budi", 2)
        _fail(other, "budi", 2)
        with pytest.raises(PinLocked):
            office.verify_pin(other, "budi", WRONG)
        with pytest.raises(PinLocked):
            office.verify_pin(db, "budi", DEMO_PINS["budi"])
    finally:
        other.close()


def test_planted_settings_cannot_switch_the_lock_off():
    policy = pinlock.Policy.from_settings({"pin_max_failures": 10**9,
                                           "pin_lockout_minutes": 0})
    assert policy.max_failures == 10 and policy.first_lock == timedelta(minutes=1)
