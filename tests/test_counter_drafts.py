"""Counter drafts hold NIK and phone numbers (issue #12): kept protected, only for the
office day they were typed on; a plain file of an older version is migrated once."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import datetime, timedelta, timezone

import pytest

from ult_desktop.app import admin_pins, localfiles
from ult_desktop.core import pins
from ult_desktop.ui.counter.drafts import FILE_NAME, DraftStore

NIK, PHONE = "3374012345670001", "081234567890"
#: 10:00 WIB on a Tuesday, and the same time the next day
TODAY = datetime(2026, 3, 3, 3, 0, tzinfo=timezone.utc)
TOMORROW = TODAY + timedelta(days=1)


def _store(tmp_path, now: datetime, tz: str = "WIB") -> DraftStore:
    return DraftStore(tmp_path, timezone=tz, now=lambda: now)


def _visit() -> dict:
    return {"visitor_name": "Ibu Ratna", "id_number": NIK, "phone": PHONE}


def test_a_draft_is_not_readable_as_plain_json_and_is_private(tmp_path):
    _store(tmp_path, TODAY).put("ticket:1", _visit())
    raw = (tmp_path / FILE_NAME).read_bytes()
    with pytest.raises(ValueError):
        json.loads(raw)
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(tmp_path / FILE_NAME).st_mode) == 0o600
    assert _store(tmp_path, TODAY).get("ticket:1")["data"]["id_number"] == NIK
    assert not list(tmp_path.glob("*.tmp"))


def test_drafts_of_yesterday_are_gone(tmp_path):
    _store(tmp_path, TODAY).put("ticket:1", _visit())
    _store(tmp_path, TODAY).put("remote", {"phone": PHONE})
    later = _store(tmp_path, TOMORROW)
    assert later.get("ticket:1") is None and later.keys() == []
    assert not (tmp_path / FILE_NAME).exists()  # nothing of the visitor left on disk
    later.put("ticket:7", {"visitor_name": "Pak Darto"})
    assert later.keys() == ["ticket:7"]
    assert NIK.encode() not in (tmp_path / FILE_NAME).read_bytes()


def test_the_office_day_decides_not_the_clock_date(tmp_path):
    """16:30 UTC is 23:30 WIB: the draft lives until midnight in the office zone."""
    evening = datetime(2026, 3, 3, 16, 30, tzinfo=timezone.utc)
    _store(tmp_path, evening, "WIB").put("ticket:1", _visit())
    assert _store(tmp_path, evening + timedelta(minutes=20), "WIB").get("ticket:1")
    assert _store(tmp_path, evening + timedelta(minutes=40), "WIB").get("ticket:1") is None


def test_an_old_plain_draft_file_is_read_once_and_rewritten_protected(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"ticket:1": {"data": _visit(), "meta": {},
                                             "saved_at": TODAY.isoformat()},
                                "ticket:0": {"data": _visit(), "meta": {},
                                             "saved_at": (TODAY - timedelta(days=2))
                                             .isoformat()}}), encoding="utf-8")
    store = _store(tmp_path, TODAY)
    assert store.get("ticket:1")["data"]["visitor_name"] == "Ibu Ratna"
    assert store.get("ticket:0") is None  # of an earlier day
    with pytest.raises(ValueError):
        json.loads(path.read_bytes())
    assert list(json.loads(localfiles.read_private(path))) == ["ticket:1"]


def test_a_file_of_another_user_or_garbage_starts_empty(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"ULTDPAPI1\n\x01\x02garbage")
    assert _store(tmp_path, TODAY).get("ticket:1") is None


# -- the kiosk's admin PIN cache ---------------------------------------------------------
def test_an_old_plain_admin_pin_cache_is_rewritten_protected(tmp_path):
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
