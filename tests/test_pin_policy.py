"""PIN policy: length per role, trivial PINs refused, hashes carry their cost
and old ones are upgraded at the next login; the production cost cannot be lowered."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from ult_desktop.core import pins
from ult_desktop.core.i18n import tr
from ult_desktop.db import errors
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import DEMO_OFFICERS, DEMO_PINS


@pytest.fixture(autouse=True)
def _keep_cost():
    """Tests here change the hashing cost; give the next test the suite's cost back."""
    saved = pins.current_cost()
    yield
    pins.set_cost_for_tests(saved)


def _refused(pin: str, role: str = "admin", username: str = "", settings=None) -> str | None:
    problem = pins.pin_problem(pin, role=role, username=username, settings=settings)
    return problem.key if problem else None


# -- the pure rule -----------------------------------------------------------------------
@pytest.mark.parametrize("pin", ["1234", "12345", "4829"])
@pytest.mark.parametrize("role", ["admin", "supervisor"])
def test_admin_and_supervisor_pins_need_six_digits(pin, role):
    assert _refused(pin, role) == "pin.too_short"


@pytest.mark.parametrize("role", ["front_office", "back_office", "helpdesk"])
def test_other_roles_need_six_digits_too(role):
    assert _refused("4829", role) == "pin.too_short"
    assert _refused("48291", role) == "pin.too_short"
    assert _refused("482917", role) is None


@pytest.mark.parametrize("pin, why", [
    ("111111", "pin.repeated"), ("000000", "pin.repeated"), ("7777777", "pin.repeated"),
    ("123456", "pin.sequence"), ("654321", "pin.sequence"), ("1234567", "pin.sequence"),
    ("789012", "pin.sequence"), ("098765", "pin.sequence"), ("890123", "pin.sequence"),
    ("3210987", "pin.sequence"), ("123456789012", "pin.sequence"),
    ("121212", "pin.pattern"), ("123123", "pin.pattern"), ("12121212", "pin.pattern"),
    ("100100", "pin.pattern"), ("4545454", "pin.pattern"),
    ("147258", "pin.common"), ("112233", "pin.common"), ("159357", "pin.common"),
    ("1234", "pin.too_short"), ("2580", "pin.too_short"), ("1985", "pin.too_short"),
    ("12a4", "pin.not_digits"), ("", "pin.not_digits"), ("١٢٣٤٥٦", "pin.not_digits"),
    ("4829175036284", "pin.too_long"),
])
def test_trivial_pins_are_refused(pin, why):
    assert _refused(pin, "helpdesk") == why
    assert _refused(pin, "admin") == why


def test_the_usernames_digits_are_refused():
    assert _refused("198703", "helpdesk", "budi198703") == "pin.username"
    assert _refused("519873", "admin", "budi1987") == "pin.username"  # contains 1987
    assert _refused("198735", "helpdesk", "budi41987352") == "pin.username"  # part of it
    assert _refused("519873", "helpdesk", "budi") is None


def test_office_settings_raise_the_minimum_but_never_lower_it():
    assert _refused("480916", "admin", settings={"pin_min_length_admin": 8}) == "pin.too_short"
    assert _refused("48091637", "admin", settings={"pin_min_length_admin": 8}) is None
    # a value planted in the shared file below the default does not weaken the rule
    assert _refused("4829", "admin", settings={"pin_min_length_admin": 4}) == "pin.too_short"
    assert _refused("482917", "helpdesk", settings={"pin_min_length": 2}) is None
    assert _refused("4829", "helpdesk", settings={"pin_min_length": 4}) == "pin.too_short"
    assert _refused("482917", "helpdesk", settings={"pin_min_length": 7}) == "pin.too_short"
    assert pins.min_length("admin", {"pin_min_length_admin": "junk"}) == 6


def test_every_demo_pin_meets_the_policy():
    for username, _name, role, pin in DEMO_OFFICERS:
        assert pins.pin_problem(pin, role=role, username=username) is None, username


def test_refusal_messages_are_one_sentence_in_both_languages():
    for key in ("pin.too_short", "pin.repeated", "pin.sequence", "pin.pattern",
                "pin.username", "pin.common", "pin.locked"):
        for lang in ("id", "en"):
            text = tr(key, lang, min=6, role_name="Admin", max=12, username="x",
                      until="10:00", minutes=5)
            assert text != key and text.endswith(".") and "{" not in text


# -- enforced wherever a PIN is set ------------------------------------------------------
@pytest.mark.parametrize("pin", ["1234", "12345", "111111", "123456", "147258"])
def test_a_short_or_trivial_admin_pin_is_refused_by_add_and_reset(db, pin):
    with pytest.raises(errors.RuleViolation) as info:
        office.add_officer(db, username="it", name="IT", role="admin", pin=pin)
    assert "PIN" in str(info.value)
    with pytest.raises(errors.RuleViolation):
        office.reset_pin(db, username="admin", pin=pin)
    assert not [o for o in office.list_officers(db) if o.username == "it"]
    assert office.verify_pin(db, "admin", DEMO_PINS["admin"]) is not None  # unchanged


def test_the_refusal_names_the_role_and_length(db):
    with pytest.raises(errors.RuleViolation) as info:
        office.reset_pin(db, username="kepala", pin="4829")
    assert "6" in info.value.message("en") and "Pimpinan" in info.value.message("en")


def test_the_office_can_demand_longer_pins(db):
    office.set_settings(db, pin_min_length=7)
    with pytest.raises(errors.RuleViolation):
        office.add_officer(db, username="tono", name="Tono", role="helpdesk", pin="482917")
    office.add_officer(db, username="tono", name="Tono", role="helpdesk", pin="4829175")
    with pytest.raises(errors.RuleViolation):  # cannot be set below the default
        office.set_settings(db, pin_min_length_admin=4)
    with pytest.raises(errors.RuleViolation):
        office.set_settings(db, pin_max_failures=0)


# -- hashes ------------------------------------------------------------------------------
def test_hash_carries_its_parameters_and_verifies_at_any_cost():
    pins.set_cost_for_tests(pins.Cost(2**8, 8, 1))
    cheap = pins.hash_pin("480916")
    pins.set_cost_for_tests(None)
    assert cheap.startswith("scrypt$256$8$1$")
    assert pins.verify_pin("480916", cheap) and not pins.verify_pin("480917", cheap)
    assert pins.needs_rehash(cheap)  # below the production cost


def test_production_cost_is_at_least_four_times_the_old_one():
    assert pins.PRODUCTION_COST.n * pins.PRODUCTION_COST.r >= 4 * 2**14 * 8
    legacy = "scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * 32
    pins.set_cost_for_tests(None)
    assert pins.needs_rehash(legacy)


def test_a_stronger_hash_is_never_downgraded():
    strong = "scrypt$131072$8$1$" + "00" * 16 + "$" + "00" * 32 + "$" + "00" * 32
    assert not pins.needs_rehash(strong)
    pins.set_cost_for_tests(pins.Cost(2**8, 8, 1))
    try:  # a hash without a sign-in seal is remade, at its own higher cost
        unsealed = pins.hash_pin("480916").rsplit("$", 1)[0].replace("$256$", "$512$")
        assert pins.needs_rehash(unsealed)
        assert pins.hash_pin("480916", floor=pins.hash_cost(unsealed)).startswith(
            "scrypt$512$8$1$")
    finally:
        pins.set_cost_for_tests(None)


@pytest.mark.parametrize("planted", [
    "scrypt$1073741824$8$1$" + "00" * 16 + "$" + "00" * 32,  # 1 TiB of memory
    "scrypt$1000$8$1$" + "00" * 16 + "$" + "00" * 32,        # N not a power of two
    "scrypt$1024$8$1$" + "00" * 16 + "$",                     # no digest
    "plain$1234", "", "scrypt$x$8$1$00$00",
])
def test_a_planted_or_broken_hash_never_matches_and_returns_at_once(planted):
    started = time.perf_counter()
    assert not pins.verify_pin("480916", planted)
    assert time.perf_counter() - started < 1


def _officer_hash(db, username: str) -> str:
    return db.query("SELECT pin_hash FROM officers WHERE username = ?", (username,))[0][0]


def test_an_old_hash_is_upgraded_to_the_production_cost_at_login(db):
    """A hash of the old cost (N=2^14, as stations wrote before the PIN policy) still lets the
    officer in, and that login stores one at today's production cost."""
    pins.set_cost_for_tests(pins.Cost(2**14, 8, 1))
    old = pins.hash_pin(DEMO_PINS["sari"])
    db.write(lambda conn: conn.execute(
        "UPDATE officers SET pin_hash = ? WHERE username = 'sari'", (old,)))
    pins.set_cost_for_tests(None)  # this station runs at the production cost
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]).username == "sari"
    new = _officer_hash(db, "sari")
    assert new != old and new.startswith(f"scrypt${pins.PRODUCTION_COST.n}$8$1$")
    assert pins.verify_pin(DEMO_PINS["sari"], new)


def test_only_a_station_that_may_write_officers_upgrades_a_hash(db, db_path):
    """A counter's (or kiosk's) key may not sign an officer's PIN hash, so a
    login there leaves an old hash as it is; the next login at the admin PC upgrades it."""
    from ult_desktop.db.open import open_database

    pins.set_cost_for_tests(pins.Cost(2**14, 8, 1))
    old = pins.hash_pin(DEMO_PINS["sari"])
    db.write(lambda conn: conn.execute(
        "UPDATE officers SET pin_hash = ? WHERE username = 'sari'", (old,)))
    pins.set_cost_for_tests(None)
    counter = open_database(db_path, station="Loket 1", mode="counter")
    try:
        assert office.verify_pin(counter, "sari", DEMO_PINS["sari"]).username == "sari"
        assert _officer_hash(db, "sari") == old
    finally:
        counter.close()
    assert office.verify_pin(db, "sari", DEMO_PINS["sari"]).username == "sari"  # admin/test
    assert _officer_hash(db, "sari") != old


def test_a_wrong_pin_never_rewrites_the_hash(db):
    pins.set_cost_for_tests(pins.Cost(2**8, 8, 1))
    old = pins.hash_pin(DEMO_PINS["sari"])
    pins.set_cost_for_tests(pins.Cost(2**10, 8, 1))  # above the old one: an upgrade is due
    db.write(lambda conn: conn.execute(
        "UPDATE officers SET pin_hash = ? WHERE username = 'sari'", (old,)))
    assert office.verify_pin(db, "sari", "5174") is None
    assert _officer_hash(db, "sari") == old


def test_the_upgrade_is_written_in_the_login_bookkeeping_transaction(db):
    """If the login's bookkeeping fails (here: the audit hook raises), neither the new
    hash nor the cleared failure count is written."""
    pins.set_cost_for_tests(pins.Cost(2**8, 8, 1))
    old = pins.hash_pin(DEMO_PINS["sari"])
    pins.set_cost_for_tests(pins.Cost(2**10, 8, 1))  # above the old one: an upgrade is due
    db.write(lambda conn: conn.execute(
        "UPDATE officers SET pin_hash = ? WHERE username = 'sari'", (old,)))
    assert office.verify_pin(db, "sari", "5174") is None  # one failure on the books

    def audit_fails(conn, officer):
        raise RuntimeError("audit write failed")

    with pytest.raises(RuntimeError):
        office.verify_pin(db, "sari", DEMO_PINS["sari"], on_result=audit_fails)
    assert _officer_hash(db, "sari") == old
    assert db.query("SELECT failures FROM pin_lockouts WHERE subject = 'sari'")[0][0] == 1
    office.verify_pin(db, "sari", DEMO_PINS["sari"])
    assert _officer_hash(db, "sari") != old
    assert not db.query("SELECT 1 FROM pin_lockouts WHERE subject = 'sari'")


def test_a_pin_below_todays_policy_is_flagged_at_login(db):
    pins_weak = pins.hash_pin("1234")  # set before the policy existed
    db.write(lambda conn: conn.execute(
        "UPDATE officers SET pin_hash = ? WHERE username = 'admin'", (pins_weak,)))
    assert office.verify_pin(db, "admin", "1234") is not None  # still lets them in
    assert next(o for o in office.list_officers(db) if o.username == "admin").pin_weak
    office.reset_pin(db, username="admin", pin="903417")
    assert not next(o for o in office.list_officers(db) if o.username == "admin").pin_weak


def test_production_never_reads_a_lower_cost_from_the_environment():
    """Only tests/conftest.py lowers the cost; a station with ULT_PIN_COST_TEST set (or
    any other variable) still hashes at the production cost."""
    package = ROOT / "ult_desktop"
    for path in package.rglob("*.py"):
        assert "ULT_PIN_COST" not in path.read_text(encoding="utf-8"), path
    code = ("from ult_desktop.core import pins; "
            "assert pins.current_cost() == pins.PRODUCTION_COST; "
            "print(pins.hash_pin('480916').split('$')[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "ULT_PIN_COST_TEST": "4"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(pins.PRODUCTION_COST.n)

