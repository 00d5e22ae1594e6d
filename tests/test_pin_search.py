"""A PIN proof no share reader can search: the office's PIN key (a secret each PC keeps
sealed, handed to a station sealed to its key when the admin registers it) is mixed into
every PIN hash an admin PC makes, so the file alone verifies no PIN guess and opens no
officer's sign-in key; a proof made from the file alone is named by ``check``; staff PINs
have 6 digits at least; honest sign-ins stay clean. Real files, real keys, a real
``check`` process."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.test_acts_judged import check_json, refused_acts
from ult_desktop.core import pins
from ult_desktop.db import errors
from ult_desktop.db.house import office as house
from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session
from ult_desktop.ui.counter.jobs import login

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

NEW_PIN = "640273"  # sari's PIN, set by the admin at the admin PC


@pytest.fixture
def office(judged_pcs):
    house.reset_pin(judged_pcs["admin"], username="sari", pin=NEW_PIN)
    return judged_pcs  # (tests/conftest.py)


def on_the_share(target: Path, username: str) -> str:
    """What a share reader copies: the officer's PIN hash, read with plain sqlite3."""
    conn = sqlite3.connect(target)
    try:
        return conn.execute("SELECT pin_hash FROM officers WHERE username = ?",
                            (username,)).fetchone()[0]
    finally:
        conn.close()


def searched(stored: str, guesses) -> bytes | None:
    """An offline search with the file alone: each guess through scrypt with the hash's
    own salt and cost; the sign-in key whose public half is the hash's seal, if found."""
    _, n, r, p, salt, digest, seal, *_ = stored.split("$")
    for guess in guesses:
        got = hashlib.scrypt(guess.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=64, maxmem=2**29)
        if got[:32].hex() == digest or pins._public(got[32:]).hex() == seal:
            return got[32:]
    return None


def test_a_staff_pin_of_four_digits_is_refused(db):
    for role in ("front_office", "back_office", "helpdesk"):
        assert pins.pin_problem("5173", role=role).key == "pin.too_short"
        assert pins.pin_problem("517394", role=role) is None
    with pytest.raises(errors.RuleViolation):
        house.add_officer(db, username="tono", name="Tono", role="helpdesk", pin="5183")
    with pytest.raises(errors.RuleViolation):
        house.reset_pin(db, username="sari", pin="5183")


def test_the_share_alone_verifies_no_pin_guess(office, db_path):
    """The stored hash, with the right PIN among the guesses, verifies nothing through the
    product's own check, and a search through scrypt finds nothing; the counter PC (which
    keeps the office's PIN key) lets sari in. The key itself is nowhere in the file."""
    stored = on_the_share(db_path, "sari")
    guesses = ["517394", "000001", NEW_PIN]
    assert not any(pins.verify_pin(g, stored) for g in guesses)
    assert pins.open_pin(NEW_PIN, stored) is None
    assert searched(stored, guesses) is None
    c1 = office["c1"]
    assert house.verify_pin(c1, "sari", NEW_PIN).username == "sari"
    from ult_desktop.db.record.station_keys import office_pin_key

    secret = office_pin_key(c1)
    assert secret is not None and secret == office_pin_key(office["admin"])
    assert secret not in Path(db_path).read_bytes()
    assert office_pin_key(office["tv"]) is None  # a TV checks no PIN: it was given none


def test_a_proof_made_from_the_share_alone_is_named(office, db_path):
    """Counter 2's key signs sari in at desk 2 with a proof made from what the file holds
    (her PIN even guessed right): ``check`` names it; sari's own sign-in at counter 1,
    with her PIN typed there, is clean."""
    c1, c2 = office["c1"], office["c2"]
    login(c1, "sari", NEW_PIN, counter=1)
    code, report = check_json(db_path)
    assert code == 0, report["reconcile"]["differences"]
    stored = on_the_share(db_path, "sari")
    _, n, r, p, salt, *_ = stored.split("$")
    made = hashlib.scrypt(NEW_PIN.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                          p=int(p), dklen=64, maxmem=2**29)[32:]
    record_session(c2, OFFICER_LOGIN, "sari", counter=2, screen="counter", sign_in_key=made)
    code, report = check_json(db_path)
    assert code == 9, report["reconcile"]["differences"]
    assert ("officer_login", "sign_in_proof") in refused_acts(report)


def test_honest_sign_ins_pin_changes_and_lockout_stay_clean(office, db_path):
    """The admin signs in at the admin PC (her old hash rewritten with the office's key),
    sari and budi at their counters, sari's PIN changed and a wrong PIN counted: ``check``
    stays 0 and every hash the admin PC made since needs the office's key."""
    admin, c1, c2 = office["admin"], office["c1"], office["c2"]
    from ult_desktop.db.house.setup import DEMO_PINS

    assert house.verify_pin(admin, "admin", DEMO_PINS["admin"]).username == "admin"
    assert pins.keyed_by(on_the_share(db_path, "admin")) is not None
    assert house.verify_pin(c1, "sari", "111111") is None  # counted towards her lock
    login(c1, "sari", NEW_PIN, counter=1)
    login(c2, "budi", DEMO_PINS["budi"], counter=2)
    house.reset_pin(admin, username="sari", pin="902716")
    assert house.verify_pin(c1, "sari", NEW_PIN) is None
    assert login(c1, "sari", "902716", counter=1).username == "sari"
    logins = [json.loads(d) for (d,) in c1.query(
        "SELECT data FROM events WHERE kind = 'officer_login' ORDER BY id")]
    assert all("proof" in d for d in logins)
    code, report = check_json(db_path)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def test_the_morning_check_names_the_pins_hashed_without_the_office_s_key(office):
    """Sari's PIN was set with the office's PIN key, the other demo officers' were made
    before it: the self-test names them (their hashes can be searched from the file)."""
    from ult_desktop.app.selftest.office import seal_check

    [line] = seal_check(office["admin"])
    assert line.status == "warn"
    assert "budi" in line.sentence("en") and "sari" not in line.sentence("en")
    assert "kunci PIN kantor" in line.sentence("id")


def test_a_pc_without_the_office_s_pin_key_says_so_and_counts_nothing(office):
    """The TV was given no PIN key (it checks no PIN): a PIN typed there is not checked,
    is not counted towards sari's lock, and the sentence says what to do."""
    with pytest.raises(errors.RuleViolation) as info:
        house.verify_pin(office["tv"], "sari", NEW_PIN)
    assert info.value.key == "pin.no_office_key"
    assert not office["admin"].query("SELECT 1 FROM pin_lockouts WHERE subject = 'sari'")
