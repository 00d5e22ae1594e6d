"""Counter drafts hold NIK and phone numbers: kept in the counter's journal, sealed
(DPAPI for this Windows account; the seal the screens give), and only for the office
day they were typed on."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from datetime import datetime, timedelta, timezone

import pytest

from ult_desktop.app import admin_pins, localfiles
from ult_desktop.core import pins
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.journals.journal import KioskJournal

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

NIK, PHONE = "3374012345670001", "081234567890"
#: 10:00 WIB on a Tuesday, and the same time the next day
TODAY = datetime(2026, 3, 3, 3, 0, tzinfo=timezone.utc)
TOMORROW = TODAY + timedelta(days=1)
SEAL = (localfiles.protect, localfiles.unprotect)


def _journal(tmp_path, now: datetime, tz: str = "WIB") -> CounterJournal:
    journal = CounterJournal(tmp_path / "desk.sqlite", seal=SEAL, clock=lambda: now)
    journal.timezone = tz
    return journal


def _visit() -> dict:
    return {"visitor_name": "Ibu Ratna", "id_number": NIK, "phone": PHONE}


def _stored(tmp_path) -> list[bytes]:
    raw = sqlite3.connect(tmp_path / "desk.sqlite")
    try:
        return [bytes(r[0]) for r in raw.execute("SELECT data FROM drafts")]
    finally:
        raw.close()


def test_a_draft_is_kept_sealed_and_read_back(tmp_path):
    _journal(tmp_path, TODAY).put_draft("ticket:1", _visit())
    (blob,) = _stored(tmp_path)
    assert localfiles.unprotect(blob)  # sealed as every private file of this PC
    if sys.platform == "win32":
        assert NIK.encode() not in (tmp_path / "desk.sqlite").read_bytes()
    else:
        assert stat.S_IMODE(os.stat(tmp_path / "desk.sqlite").st_mode) == 0o600
    assert _journal(tmp_path, TODAY).draft("ticket:1")["data"]["id_number"] == NIK


def test_drafts_of_yesterday_are_gone(tmp_path):
    _journal(tmp_path, TODAY).put_draft("ticket:1", _visit())
    _journal(tmp_path, TODAY).put_draft("remote", {"phone": PHONE})
    later = _journal(tmp_path, TOMORROW)
    assert later.draft("ticket:1") is None and later.draft("remote") is None
    assert _stored(tmp_path) == []  # nothing of the visitor left on disk
    later.put_draft("ticket:7", {"visitor_name": "Pak Darto"})
    assert later.draft("ticket:7")["data"] == {"visitor_name": "Pak Darto"}


def test_the_office_day_decides_not_the_clock_date(tmp_path):
    """16:30 UTC is 23:30 WIB: the draft lives until midnight in the office zone."""
    evening = datetime(2026, 3, 3, 16, 30, tzinfo=timezone.utc)
    _journal(tmp_path, evening, "WIB").put_draft("ticket:1", _visit())
    assert _journal(tmp_path, evening + timedelta(minutes=20), "WIB").draft("ticket:1")
    assert _journal(tmp_path, evening + timedelta(minutes=40), "WIB").draft("ticket:1") is None


def test_a_draft_sealed_for_another_user_is_not_shown(tmp_path):
    _journal(tmp_path, TODAY).put_draft("ticket:1", _visit())
    raw = sqlite3.connect(tmp_path / "desk.sqlite")
    raw.execute("UPDATE drafts SET data = ?", (b"ULTDPAPI1\n\x01\x02garbage",))
    raw.commit()
    raw.close()
    assert _journal(tmp_path, TODAY).draft("ticket:1") is None


@pytest.mark.parametrize("open_journal", [
    lambda path: CounterJournal(path / "desk.sqlite"),
    lambda path: KioskJournal(path / "kiosk.sqlite", station="kiosk-1")])
def test_journals_zero_what_they_delete_whatever_the_sqlite_build(tmp_path, monkeypatch,
                                                                  open_journal):
    """On a SQLite built with secure delete off (python.org's Windows build), a dropped
    draft's NIK is not left in a freed cell of the journal's file."""
    plain = sqlite3.connect

    def build_default_off(*args, **kwargs):
        conn = plain(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", build_default_off)
    journal = open_journal(tmp_path)
    assert journal._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    if isinstance(journal, CounterJournal):
        journal.put_draft("ticket:1", _visit())
        journal.drop_draft("ticket:1")
    journal.close()
    assert NIK.encode() not in journal.path.read_bytes()


# -- the kiosk's admin PIN cache ---------------------------------------------------------
def test_an_old_plain_admin_pin_cache_is_rewritten_protected(tmp_path):
    import json

    path = tmp_path / admin_pins.FILE_NAME
    hashed = pins.hash_pin("480916")
    path.write_text(json.dumps({"version": 1, "database": "x.db", "admins": [
        {"username": "admin", "name": "Admin", "pin_hash": hashed}]}), encoding="utf-8")
    (admin,) = admin_pins.load(tmp_path / "station.json")
    assert admin.pin_hash == hashed
    with pytest.raises(ValueError):
        json.loads(path.read_bytes())
    assert json.loads(localfiles.read_private(path))["admins"][0]["username"] == "admin"
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert admin_pins.load(tmp_path / "station.json") == (admin,)  # and read again
