"""A station plays only events that verify as ``check`` verifies them: the hash from the
event's content and its predecessor's hash, the signature of the registered key it names.
A share writer with plain ``sqlite3`` inserts an event claiming the admin's key (no hash,
or a correct hash with a signature copied from the admin's real event), or edits a signed
event's rows: no station reads the setting it carries, ``check`` (a real process) names
the event, the morning check lists it; the admin's own change is read at once before and
after. Real files, real keys."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from tests.test_acts_judged import check_json
from ult_desktop.core.chain import HASHED_FIELDS, LINK_BYTES, event_hash, hashed_fields
from ult_desktop.db.house.office import get_settings, set_settings
from ult_desktop.db.record import judged
from ult_desktop.db.record.events import iso

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

_ALL_DAY = '[["u","settings",["break_daily"],{"value":"\\"08:00-16:00\\""}]]'


def _last_settings_event(raw) -> int:
    return raw.execute("SELECT MAX(id) FROM events WHERE kind = 'settings_changed'"
                       ).fetchone()[0]


def _forge(db_path, how: str) -> int:
    """The share writer's event setting a whole-day break under the admin's key, and the
    settings row with it; its id."""
    with sqlite3.connect(db_path) as raw:
        honest = _last_settings_event(raw)
        raw.execute("UPDATE settings SET value = ? WHERE key = 'break_daily'",
                    (json.dumps("08:00-16:00"),))
        if how == "edited":  # the admin's signed event itself says the whole-day break
            raw.execute("UPDATE events SET rows = ? WHERE id = ?", (_ALL_DAY, honest))
            return honest
        row = raw.execute(f"SELECT {', '.join(HASHED_FIELDS)}, sig FROM events WHERE id = ?",
                          (honest,)).fetchone()
        fields = (*row[:6], iso(datetime.now(timezone.utc)), *row[7:10])
        top, prev = raw.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        key_prev = raw.execute("SELECT hash FROM events WHERE station_key = ? ORDER BY id DESC "
                               "LIMIT 1", (fields[9],)).fetchone()[0]
        digest = event_hash(prev, key_prev, hashed_fields(fields), _ALL_DAY)
        raw.execute(f"INSERT INTO events (id, {', '.join(HASHED_FIELDS)}, prev_link, key_link, "
                    "hash, sig, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (top + 1, *fields, prev[:LINK_BYTES], key_prev[:LINK_BYTES],
                     *((None, None) if how == "no_hash" else (digest, row[10])), _ALL_DAY))
        return top + 1


@pytest.mark.parametrize("how", ["no_hash", "copied_sig", "edited"])
def test_an_event_forged_under_the_admin_s_key_changes_no_station_s_schedule(
        judged_pcs, db_path, how):
    from ult_desktop.db.open import open_database

    set_settings(judged_pcs["admin"], break_daily="12:00-13:00")
    forged = _forge(db_path, how)
    fresh = open_database(db_path, station="Kiosk 9", mode="kiosk")  # (judges from the start)
    try:
        for db in (judged_pcs["kiosk"], judged_pcs["tv"], fresh):
            seen = get_settings(db, "break_daily")["break_daily"]
            # (the admin's change edited: it stands no more, the break before it does)
            assert seen == ("" if how == "edited" else "12:00-13:00"), seen
        assert ("events", str(forged)) in judged.set_aside(fresh)
    finally:
        fresh.close()
    code, report = check_json(db_path)
    assert code != 0 and forged in {f["event"] for f in report["audit"]["findings"]}, report
    # the admin's own change after it is read at once (its chain passes over the forgery)
    set_settings(judged_pcs["admin"], break_daily="11:00-12:00")
    assert get_settings(judged_pcs["kiosk"], "break_daily")["break_daily"] == "11:00-12:00"


def test_a_registration_forged_under_the_root_s_key_gives_no_power(judged_pcs, db_path,
                                                                   tmp_path):
    """A share writer copies the TV's approval for a key of its own, as an admin station
    (the root's signature copied, the hash made right): a PC with that key is no admin
    station, and ``check`` names the row."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database

    tv = judged_pcs["tv"]
    mine = station_key.create_key(tmp_path / "key-mine")[0]
    with sqlite3.connect(db_path) as raw:
        row = raw.execute(f"SELECT id, {', '.join(HASHED_FIELDS)}, sig FROM events WHERE kind = "
                          "'station_key_registered' AND data LIKE ? ORDER BY id DESC LIMIT 1",
                          (f'%{tv.identity.signer.key_id}%',)).fetchone()
        data = {**json.loads(row[8]), "key": mine.key_id, "admin_station": True,
                "public_key": bytes(mine.public_key).hex()}
        fields = (*row[1:7], iso(datetime.now(timezone.utc)), json.dumps(data), *row[9:11])
        top, prev = raw.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        key_prev = raw.execute("SELECT hash FROM events WHERE station_key = ? ORDER BY id DESC "
                               "LIMIT 1", (fields[9],)).fetchone()[0]
        digest = event_hash(prev, key_prev, hashed_fields(fields))
        raw.execute(f"INSERT INTO events (id, {', '.join(HASHED_FIELDS)}, prev_link, key_link, "
                    "hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (top + 1, *fields, prev[:LINK_BYTES], key_prev[:LINK_BYTES], digest,
                     row[11]))
    pc = open_database(db_path, station="Admin 2", mode="admin")
    try:
        pc.set_signer(mine)
        assert not judged.is_admin_station(pc)
        assert judged.is_admin_station(judged_pcs["admin"])
    finally:
        pc.close()
    code, report = check_json(db_path)
    assert code != 0 and top + 1 in {f["event"] for f in report["audit"]["findings"]}, report


@pytest.mark.parametrize("hint", ["older_own", "nowhere", "another_key"])
def test_the_key_s_previous_event_a_share_writer_renames_decides_nothing(judged_pcs, db_path,
                                                                          hint):
    """Each signed event names its key's previous event (``key_prev_id``, not hashed: a
    shortcut for the reader). A share writer points the admin's change at another event
    (an older one of the admin's, none, another station's): every station still reads the
    change (the chain is found as before), a forged one still changes nothing, and
    ``check`` still passes the file."""
    from ult_desktop.db.open import open_database

    admin = judged_pcs["admin"]
    set_settings(admin, break_daily="10:00-10:30")
    set_settings(admin, break_daily="12:00-13:00")
    with sqlite3.connect(db_path) as raw:
        honest = _last_settings_event(raw)
        key = raw.execute("SELECT station_key FROM events WHERE id = ?", (honest,)).fetchone()[0]
        named = {"older_own": raw.execute(
                     "SELECT MIN(id) FROM events WHERE station_key = ?", (key,)).fetchone()[0],
                 "nowhere": 10 ** 9,
                 "another_key": raw.execute(
                     "SELECT MAX(id) FROM events WHERE station_key <> ? AND id < ?",
                     (key, honest)).fetchone()[0]}[hint]
        raw.execute("UPDATE events SET key_prev_id = ? WHERE id = ?", (named, honest))
    fresh = open_database(db_path, station="Kiosk 9", mode="kiosk")  # (judges from the start)
    try:
        assert get_settings(fresh, "break_daily")["break_daily"] == "12:00-13:00"
        assert not judged.set_aside(fresh)
    finally:
        fresh.close()
    code, report = check_json(db_path)
    assert code == 0, report
    forged = _forge(db_path, "copied_sig")
    fresh = open_database(db_path, station="Kiosk 8", mode="kiosk")
    try:
        assert get_settings(fresh, "break_daily")["break_daily"] == "12:00-13:00"
        assert ("events", str(forged)) in judged.set_aside(fresh)
    finally:
        fresh.close()


def test_a_registered_office_one_schema_behind_migrates_and_its_acts_still_stand(
        db_path, tmp_path, monkeypatch):
    """An office whose file the program before migration key_prev_hint wrote (registered
    keys, signed acts, no hints): the admin's open migrates it (the gate reads the
    registrations as that file holds them), the waiting visitor is called, the acts before
    and after stand at every station, and ``check`` passes the file."""
    from tests.drivers import judged_office
    from ult_desktop.app.station_key import load_key
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    dbs = judged_office(db_path, tmp_path)
    waiting = issue_ticket(dbs["kiosk"], service="A")
    set_settings(dbs["admin"], break_daily="12:00-13:00")
    for db in dbs.values():
        heartbeat(db)  # (every station already runs this program: nobody is waited for)
        db.close()
    with sqlite3.connect(db_path) as raw:  # as the program before the hint left it
        raw.execute("ALTER TABLE events DROP COLUMN key_prev_id")
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    admin = open_database(db_path, station="Admin", mode="admin")
    counter = open_database(db_path, station="Loket 1", mode="counter")
    counter.set_signer(load_key(tmp_path / "key-c1"))
    try:
        assert admin.schema_version == SCHEMA_VERSION
        assert get_settings(counter, "break_daily")["break_daily"] == "12:00-13:00"
        called = call_next(counter, counter=1)
        assert called is not None and called.number == waiting.number
        assert not judged.set_aside(counter)
    finally:
        admin.close()
        counter.close()
    code, report = check_json(db_path)
    assert code == 0, report
