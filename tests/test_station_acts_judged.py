"""A station acts only on what the record lets stand (the pattern of
``tests/test_station_reads_judged.py``): the admin PINs a kiosk keeps, the tickets it
prints again, the survey's spent codes, the officers the desks and Admin list.

Each attack is made as an insider would: a share writer changes a table with plain
``sqlite3`` (no key, no event), or a registered key that may not signs the change through
its own writer. The station does not act on it; the same change made by the rightful
station moves it (so the observation can fail). Real files, real keys.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ult_desktop.core import pins
from ult_desktop.db.house import office as office_db
from ult_desktop.db.record import judged

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _share_writer(db_path: Path, sql: str, params: tuple) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute(sql, params)


def test_an_admin_no_admin_made_opens_no_locked_kiosk(office, db_path):
    """A share writer adds an active admin with a PIN hash of their own, and swaps the
    real admin's hash for one they know: the admin PINs the kiosk keeps (to open while the
    share is away) hold neither; an admin the admin PC adds is kept at once."""
    known = pins.hash_pin("90817263")
    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('mallory', 'Mallory', 'admin', ?, 1)", (known,))
    _share_writer(db_path, "UPDATE officers SET pin_hash = ? WHERE username = 'admin'",
                  (known,))
    kept = office_db.admin_pin_hashes(office["kiosk"])
    assert [u for u, _, _ in kept] == ["admin"], kept
    assert kept[0][2] != known
    assert ("officers", str((office["kiosk"].query(
        "SELECT id FROM officers WHERE username = 'mallory'")[0][0],))) in \
        judged.set_aside(office["kiosk"])

    office_db.add_officer(office["admin"], username="wati", name="Wati", role="admin",
                          pin="90817263")
    assert [u for u, _, _ in office_db.admin_pin_hashes(office["kiosk"])] == ["admin", "wati"]
