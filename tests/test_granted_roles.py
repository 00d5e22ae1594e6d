"""Roles are granted, never asked for; every decision reads the record's judgement.

The office of each test: the admin PC (root of trust, admin signed in), a kiosk and a
counter registered with their roles, on the file and on a PostgreSQL server. Each attack
is made as an insider would: a PC that asks for more than it is, a key used outside the
app's checks to write what it may not, an admin's PIN typed at a PC that is not the
admin's. Each must be refused with a sentence, or named by ``check`` (exit 9).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import run_cli
from test_authority import check_json, refused

from tests.drivers import admin_pc
from ult_desktop.app import station_key
from ult_desktop.core import pins
from ult_desktop.db import errors
from ult_desktop.db.house import officers
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.events import append_event

pytestmark = pytest.mark.engines

MONTH = datetime.now(timezone.utc).strftime("%Y-%m")


@pytest.fixture
def office(db_target: str, tmp_path: Path):
    admin, _ = admin_pc(db_target, tmp_path / "key-admin")
    dbs = {"admin": admin}
    for name, label in (("kiosk", "Kiosk 1"), ("counter", "Loket 1")):
        db = open_database(db_target, station=label, mode=name)
        db.set_signer(station_key.create_key(tmp_path / f"key-{name}")[0])
        station_keys.request_registration(db, label=label)
        station_keys.approve_key(admin, db.identity.signer.key_id, role=name)
        dbs[name] = db
    yield dbs
    for db in dbs.values():
        db.close()


def _stuff(conn, label: str, n: int = 20) -> None:
    """Answers from the kiosk and on paper, and budi made admin, in one event."""
    for i in range(n):
        conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, a3, "
                     "a4, a5, a6, a7, a8, a9) VALUES (?, 1, ?, ?, 4,4,4,4,4,4,4,4,4)",
                     (700_000 + i, MONTH, "kiosk" if i % 2 else "paper"))
    conn.execute("UPDATE officers SET role = 'admin' WHERE username = 'budi'")
    append_event(conn, label, "settings_changed", data={"keys": ["note"]})


def _env(folder: Path, pin: str | None = None) -> dict:
    return {"ULT_KEY_DIR": str(folder), **({"ULT_ADMIN_PIN": pin} if pin else {})}


def test_a_kiosk_pc_asking_for_admin_and_approved_routinely_is_not_admin(office, db_target,
                                                                         tmp_path):
    """A kiosk PC opened the file as ``admin`` and asked; the admin approved it without
    naming a role: it gets the least role, and the message says what was asked and what
    was granted. What it then signs (survey answers, an officer made admin) is named."""
    folder = tmp_path / "kiosk-2"
    made = json.loads(run_cli("station-key", "create", "--json", env=_env(folder)).stdout)
    sneaky = open_database(db_target, station="Kiosk 2", mode="admin")
    sneaky.set_signer(station_key.load_key(folder))
    station_keys.request_registration(sneaky, label="Kiosk 2")
    r = run_cli("--lang", "en", "station-key", "approve", made["key"], "--db", db_target,
                "--admin", "admin", env=_env(tmp_path / "key-admin", DEMO_PINS["admin"]))
    assert r.returncode == 0, r.stderr
    assert "registered as display (the station asked for: admin PC)" in r.stdout
    sneaky.write(lambda conn: _stuff(conn, "Kiosk 2"))
    code, report = check_json(db_target)
    assert code == 9
    assert {("skm_responses", "display"), ("officers", "display")} <= refused(report)
    sneaky.close()


def test_a_key_requested_without_a_role_gets_the_least_one(office, db_target, tmp_path):
    """``station-key request`` says no role; approved routinely, the key may not sign
    what a kiosk, a tablet and a counter may: 40 stuffed answers are named."""
    folder = tmp_path / "pc-3"
    made = json.loads(run_cli("station-key", "create", "--json", env=_env(folder)).stdout)
    r = run_cli("station-key", "request", "--db", db_target, "--label", "PC 3",
                env=_env(folder))
    assert r.returncode == 0, r.stderr
    r = run_cli("station-key", "approve", made["key"], "--db", db_target, "--admin", "admin",
                "--json", env=_env(tmp_path / "key-admin", DEMO_PINS["admin"]))
    assert r.returncode == 0, r.stderr
    approved = json.loads(r.stdout)
    assert (approved["role"], approved["requested"]) == ("display", None)
    pc = open_database(db_target, station="PC 3", mode="test")
    pc.set_signer(station_key.load_key(folder))
    pc.write(lambda conn: _stuff(conn, "PC 3", n=40))
    code, report = check_json(db_target)
    assert code == 9 and ("skm_responses", "display") in refused(report)
    pc.close()


def test_an_admin_station_only_for_a_key_an_admin_pcs_setup_asked_for(office, db_target,
                                                                     tmp_path):
    kiosk = open_database(db_target, station="Kiosk 3", mode="kiosk")
    kiosk.set_signer(station_key.create_key(tmp_path / "key-kiosk3")[0])
    station_keys.request_registration(kiosk, label="Kiosk 3")
    for how in ({"admin_station": True}, {"role": "admin"}):
        with pytest.raises(errors.RuleViolation) as info:
            station_keys.approve_key(office["admin"], kiosk.identity.signer.key_id, **how)
        assert info.value.key == "audit.error.admin_only_setup"
        assert "admin" in str(info.value)
    info = station_keys.approve_key(office["admin"], kiosk.identity.signer.key_id, role="kiosk")
    assert (info.role, info.requested) == ("kiosk", "kiosk")
    # another admin PC, set up as one, is made an admin station when the admin says so
    second = open_database(db_target, station="Admin 2", mode="admin")
    second.set_signer(station_key.create_key(tmp_path / "key-admin2")[0])
    station_keys.request_registration(second, label="Admin 2")
    info = station_keys.approve_key(office["admin"], second.identity.signer.key_id,
                             admin_station=True)
    assert (info.role, info.requested) == ("admin", "admin")
    kiosk.close()
    second.close()


def test_an_officer_made_admin_by_a_kiosks_key_cannot_sign_in_as_admin(office, db_target,
                                                                       tmp_path):
    """The kiosk's key makes budi admin (named by ``check``): before anyone runs it, budi
    neither opens the admin window nor runs an admin command."""
    office["kiosk"].write(lambda conn: _stuff(conn, "Kiosk 1", n=0))
    assert office["admin"].query("SELECT role FROM officers WHERE username = 'budi'")[0][0] \
        == "admin"
    assert officers.admin_login(office["admin"], username="budi",
                                pin=DEMO_PINS["budi"]) is None
    r = run_cli("officer", "unlock", "--username", "sari", "--db", db_target, "--admin",
                "budi", env=_env(tmp_path / "key-admin", DEMO_PINS["budi"]))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    events = office["admin"].query("SELECT kind FROM events ORDER BY id DESC LIMIT 1")
    assert events[0][0] == "admin_login_failed"
    # the real admin still signs in
    assert officers.admin_login(office["admin"], username="admin",
                                pin=DEMO_PINS["admin"]).role == "admin"


def test_a_pin_hash_a_counters_key_wrote_lets_nobody_in(office, db_target):
    """A counter's key sets the admin's PIN hash to one of a PIN it knows."""
    def plant(conn) -> None:
        conn.execute("UPDATE officers SET pin_hash = ? WHERE username = 'admin'",
                     (pins.hash_pin("999111"),))
        append_event(conn, "Loket 1", "settings_changed", data={"keys": ["note"]})

    office["counter"].write(plant)
    assert officers.admin_login(office["admin"], username="admin", pin="999111") is None


def test_an_admin_command_runs_only_on_an_admin_station(office, db_target, tmp_path):
    """The admin's own PIN, typed at the counter's PC: refused with the reason."""
    r = run_cli("--lang", "en", "officer", "unlock", "--username", "sari", "--db", db_target,
                "--admin", "admin", env=_env(tmp_path / "key-counter", DEMO_PINS["admin"]))
    assert r.returncode != 0
    assert "not an admin station" in r.stderr and "Traceback" not in r.stderr
    office["counter"].set_actor(None)
    with pytest.raises(errors.RuleViolation) as info:
        officers.admin_login(office["counter"], username="admin", pin=DEMO_PINS["admin"])
    assert info.value.key == "admin.error.not_admin_station"
    for _again in range(2):  # the first sign-in writes a stronger hash: it still counts
        r = run_cli("officer", "unlock", "--username", "sari", "--db", db_target, "--admin",
                    "admin", env=_env(tmp_path / "key-admin", DEMO_PINS["admin"]))
        assert r.returncode == 0, r.stderr
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]
