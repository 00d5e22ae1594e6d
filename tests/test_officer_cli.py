"""``ult-desktop officer``: the first admin of a new file, then admin-only commands under
the same PIN policy and wrong-PIN lockout as the screens (each call a new process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli


def officer(db, *args: str, pins: str = "", lang: str = "en") -> subprocess.CompletedProcess:
    """Run ``officer ARGS`` with the PINs fed one per line on standard input."""
    return subprocess.run([sys.executable, "-m", "ult_desktop", "--lang", lang, "officer",
                           *args, "--db", str(db)], input=pins, capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={k: v for k, v in os.environ.items()
                               if k not in ("ULT_ADMIN", "ULT_ADMIN_PIN")})


@pytest.fixture
def new_file(tmp_path):
    path = tmp_path / "office.db"
    assert run_cli("init", "--db", str(path)).returncode == 0
    return path


def test_first_admin_of_a_new_file_must_meet_the_policy(new_file):
    short = officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                    pins="1234\n")
    assert short.returncode == 6 and "at least 6 digits" in short.stderr
    trivial = officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                      pins="123456\n")
    assert trivial.returncode == 6 and "run of digits" in trivial.stderr
    ok = officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                 pins="480916\n")
    assert ok.returncode == 0, ok.stderr
    # from now on an admin must sign in
    second = officer(new_file, "add", "--username", "x", "--name", "X", "--role", "admin",
                     pins="603917\n")
    assert second.returncode == 6 and "--admin" in second.stderr
    staff = officer(new_file, "add", "--admin", "it", "--username", "sari", "--name", "Sari",
                    "--role", "front_office", pins="480916\n517394\n")
    assert staff.returncode == 0, staff.stderr
    listed = officer(new_file, "list", "--admin", "it", "--json", pins="480916\n")
    assert {o["username"] for o in json.loads(listed.stdout)["officers"]} == {"it", "sari"}
    assert "480916" not in listed.stdout + staff.stdout + ok.stdout


def test_wrong_admin_pins_lock_the_admin_across_processes(new_file):
    assert officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                   pins="480916\n").returncode == 0
    assert officer(new_file, "add", "--admin", "it", "--username", "kepala", "--name", "K",
                   "--role", "admin", pins="480916\n731542\n").returncode == 0
    for _ in range(4):
        wrong = officer(new_file, "list", "--admin", "it", pins="111111\n")
        assert wrong.returncode == 6 and "Wrong admin username or PIN" in wrong.stderr
    locked = officer(new_file, "list", "--admin", "it", pins="111111\n")
    assert locked.returncode == 6 and "Too many wrong PINs for it" in locked.stderr
    right = officer(new_file, "list", "--admin", "it", pins="480916\n")  # a new process
    assert right.returncode == 6 and "try again at" in right.stderr
    repair = run_cli("--lang", "en", "repair", "--db", str(new_file), "--admin", "it",
                     env={"ULT_ADMIN_PIN": "480916"})  # every admin command, same lock
    assert repair.returncode == 6 and "Too many wrong PINs for it" in repair.stderr
    unlock = officer(new_file, "unlock", "--admin", "kepala", "--username", "it",
                     pins="731542\n")
    assert unlock.returncode == 0 and "lock was removed" in unlock.stdout
    assert officer(new_file, "list", "--admin", "it", pins="480916\n").returncode == 0


def test_reset_pin_applies_the_policy_of_the_officers_role(new_file):
    assert officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                   pins="480916\n").returncode == 0
    weak = officer(new_file, "reset-pin", "--admin", "it", "--username", "it",
                   pins="480916\n9999\n", lang="id")
    assert weak.returncode == 6 and "minimal 6 angka" in weak.stderr
    ok = officer(new_file, "reset-pin", "--admin", "it", "--username", "it",
                 pins="480916\n603917\n")
    assert ok.returncode == 0, ok.stderr
    assert officer(new_file, "list", "--admin", "it", pins="603917\n").returncode == 0


def test_no_pin_on_standard_input_is_one_sentence(new_file):
    result = officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin")
    assert result.returncode == 6 and "No PIN was read" in result.stderr
    assert "Traceback" not in result.stderr


def _root_of(path):
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    db = open_database(path, station="t")
    try:
        return station_keys.root_info(db)
    finally:
        db.close()


@pytest.fixture
def own_keys(tmp_path, monkeypatch):
    """This PC's key and trust memory in the test's own folder (processes inherit it)."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "keys"))


def test_a_new_file_has_no_root_until_its_first_admin(tmp_path, own_keys):
    """``init`` alone makes no root of trust and says how one is made; the first admin,
    added on the admin PC, makes that PC's key the root."""
    from ult_desktop.app import trust_memory
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.core import chain

    path = tmp_path / "office.db"
    made = run_cli("--lang", "en", "init", "--db", str(path))
    assert made.returncode == 0 and "officer add --role admin" in made.stdout
    assert _root_of(path) is None
    ok = officer(path, "add", "--username", "it", "--name", "IT", "--role", "admin",
                 pins="480916\n")
    assert ok.returncode == 0, ok.stderr
    mine = this_pc_key(create=True).key_id
    assert _root_of(path)[0] == mine
    assert chain.fingerprint(mine) in ok.stdout
    assert trust_memory.load(path).root == mine
    checked = run_cli("check", "--db", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_with_admin_founds_the_office_on_this_pc(tmp_path, own_keys):
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.core import chain, pins
    from ult_desktop.db.open import open_database

    path = tmp_path / "office.db"
    weak = subprocess.run([sys.executable, "-m", "ult_desktop", "--lang", "en", "init",
                           "--db", str(path), "--admin", "rina", "--admin-name", "Rina K"],
                          input="123456\n", capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert weak.returncode == 6 and "not created" in weak.stderr
    assert not path.exists()  # refused before any file exists
    made = subprocess.run([sys.executable, "-m", "ult_desktop", "--lang", "en", "init",
                           "--db", str(path), "--admin", "rina", "--admin-name", "Rina K"],
                          input="480916\n", capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert made.returncode == 0, made.stderr
    mine = this_pc_key(create=True).key_id
    assert chain.fingerprint(mine) in made.stdout
    assert _root_of(path)[0] == mine
    db = open_database(path, station="t")
    try:
        # read only: a sign-in here would write an unsigned event after the registration
        name, role, hashed = db.query("SELECT name, role, pin_hash FROM officers "
                                      "WHERE username = 'rina'")[0]
        assert (name, role) == ("Rina K", "admin") and pins.verify_pin("480916", hashed)
    finally:
        db.close()
    again = officer(path, "add", "--username", "x", "--name", "X", "--role", "admin",
                    pins="603917\n")
    assert again.returncode == 6  # the office has its admin: no second founding
    checked = run_cli("check", "--db", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_kiosk_pc_cannot_become_the_root_by_adding_the_first_admin(tmp_path, own_keys,
                                                                      monkeypatch):
    """After a plain ``init`` the first admin makes the PC that adds it the
    root of trust; a PC set up as a kiosk (or counter, display, survey) is refused."""
    path = tmp_path / "office.db"
    assert run_cli("init", "--db", str(path)).returncode == 0
    config = tmp_path / "station.json"
    config.write_text(json.dumps({"mode": "kiosk", "db": str(path)}))
    monkeypatch.setenv("ULT_STATION_CONFIG", str(config))
    refused = officer(path, "add", "--username", "it", "--name", "IT", "--role", "admin",
                      pins="480916\n")
    assert refused.returncode == 6 and "admin PC" in refused.stderr, refused.stderr
    assert _root_of(path) is None
    config.write_text(json.dumps({"mode": "admin", "db": str(path)}))
    ok = officer(path, "add", "--username", "it", "--name", "IT", "--role", "admin",
                 pins="480916\n")
    assert ok.returncode == 0, ok.stderr
    assert _root_of(path) is not None


def test_a_plain_init_leaves_no_root_for_another_pc_to_take(tmp_path, monkeypatch):
    """After a plain ``init`` only the PC that ran it may add the first
    admin (and so become the root); another PC on the share is refused in one sentence."""
    path = tmp_path / "office.db"
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "it-pc"))
    assert run_cli("init", "--db", str(path)).returncode == 0
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "insider-pc"))
    taken = officer(path, "add", "--username", "budi", "--name", "Budi", "--role", "admin",
                    pins="480916\n")
    assert taken.returncode == 6 and "made on another PC" in taken.stderr, taken.stderr
    assert taken.stderr.strip().count("\n") == 0
    assert _root_of(path) is None
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "it-pc"))
    ok = officer(path, "add", "--username", "it", "--name", "IT", "--role", "admin",
                 pins="480916\n")
    assert ok.returncode == 0, ok.stderr
    assert _root_of(path) is not None


def test_an_admin_a_share_writer_set_inactive_still_asks_for_an_admin(new_file):
    """The file's only admin set inactive with plain ``sqlite3``: a new admin is still
    added only by an admin who signs in (the record holds her, active)."""
    import sqlite3

    assert officer(new_file, "add", "--username", "it", "--name", "IT", "--role", "admin",
                   pins="480916\n").returncode == 0
    with sqlite3.connect(new_file) as raw:
        raw.execute("UPDATE officers SET active = 0")
    second = officer(new_file, "add", "--username", "x", "--name", "X", "--role", "admin",
                     pins="603917\n")
    assert second.returncode == 6 and "--admin" in second.stderr
