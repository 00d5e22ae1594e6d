"""The survey-code key out of reach of the stations that must not answer: sealed to each
station whose role hashes codes (kiosk, counter, survey tablet, admin, TV) when the admin
approves its key, never on the share in clear (the TV too: it serves the phone page unless
the admin names another station). A share reader (plain
``sqlite3`` on the file) cannot compute a ticket's code hash, so it can neither check a
code nor plant one; the honest survey still finds the visit by its code. A file that kept
the key as a settings row has it sealed to its stations at the admin's next approval and
the row removed; the codes printed before stay good. Real files, real keys."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.drivers import judged_office
from tests.test_acts_judged import officer_id
from tests.test_desk_sessions_judged import serve
from ult_desktop.core.skm import code_hashes
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import code_salt
from ult_desktop.db.record import station_keys
from ult_desktop.db.survey.skm import survey_ticket

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def share_reader_can_hash(db_path: Path, ticket_id: int, code: str) -> bool:
    """Whether anything the file holds in its settings, taken as the key, gives the
    ticket's stored hash of its own (true) code: what planting or checking a code needs."""
    with sqlite3.connect(db_path) as raw:
        stored = raw.execute("SELECT code_hash FROM tickets WHERE id = ?",
                             (ticket_id,)).fetchone()[0]
        values = [v for (v,) in raw.execute("SELECT value FROM settings")]
    keys = set(values) | {json.loads(v) for v in values if v and v.startswith('"')}
    return any(stored in code_hashes(str(k), code) for k in keys)


def served(office) -> object:
    ticket = issue_ticket(office["kiosk"], service="A")
    serve(office["c1"], 1, officer_id(office["admin"], "sari"))
    return ticket


def test_a_share_reader_cannot_compute_a_code_and_the_survey_still_finds_it(
        judged_pcs, db_path):
    office = judged_pcs
    t = served(office)
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM settings WHERE key = 'skm_code_salt'"
                           ).fetchone()[0] == 0
    assert not share_reader_can_hash(db_path, t.id, t.code)
    assert survey_ticket(office["tablet"], ticket_code=t.code).id == t.id
    # the TV serves the phone page unless the admin names another station: it answers codes
    assert office["tv"].read(code_salt) == office["kiosk"].read(code_salt) is not None


def test_a_file_s_settings_row_is_sealed_to_its_stations_and_removed(db_path, tmp_path,
                                                                      monkeypatch):
    """An office whose stations were approved before the key was sealed (it lay in the
    settings row): the admin approves a key again, every station that hashes codes gets
    it, the row goes, and a code printed before is still found by the survey tablet."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    with sqlite3.connect(db_path) as raw:  # (the demo file's, as every file before)
        assert raw.execute("SELECT COUNT(*) FROM settings WHERE key = 'skm_code_salt'"
                           ).fetchone()[0] == 1
    with monkeypatch.context() as before:  # (as versions before the sealed key did)
        before.setattr(station_keys, "CODE_ROLES", ())
        before.setattr(station_keys, "_code_key_off_the_share", lambda db: None)
        office = judged_office(db_path, tmp_path)
    try:
        old = served(office)
        assert share_reader_can_hash(db_path, old.id, old.code)  # (the row: in clear)
        station_keys.approve_key(office["admin"], office["kiosk"].identity.signer.key_id,
                                 role="kiosk")
        assert not share_reader_can_hash(db_path, old.id, old.code)
        assert survey_ticket(office["tablet"], ticket_code=old.code).id == old.id
        new = served(office)
        assert survey_ticket(office["tablet"], ticket_code=new.code).id == new.id
        assert not share_reader_can_hash(db_path, new.id, new.code)
        assert office["tv"].read(code_salt) == office["kiosk"].read(code_salt)
    finally:
        for db in office.values():
            db.close()


def test_a_tv_registered_before_tvs_held_the_key_gets_it_at_the_admin_s_next_approval(
        db_path, tmp_path, monkeypatch):
    """Offices whose TV was approved when TVs held no survey-code key (its phone page told
    every visitor "not found"): the admin's next approval of any key seals it to the TV."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    monkeypatch.setattr(station_keys, "_TRY_EVERY_S", 0)  # (the TV asks at once, not in a minute)
    with monkeypatch.context() as before:
        before.setattr(station_keys, "CODE_ROLES", ("admin", "counter", "kiosk", "survey"))
        office = judged_office(db_path, tmp_path)
    try:
        assert office["tv"].read(code_salt) is None
        station_keys.approve_key(office["admin"], office["kiosk"].identity.signer.key_id,
                                 role="kiosk")
        assert office["tv"].read(code_salt) == office["kiosk"].read(code_salt) is not None
    finally:
        for db in office.values():
            db.close()
