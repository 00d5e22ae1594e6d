"""This PC's station key is replaced only when it truly is gone or can never be read
again: a file that cannot be read now (an antivirus holding it, access denied) keeps the
key as it is (a new one would no longer be heard by the TV nor match the record), and a
damaged key is set aside and reported, never overwritten in silence. Real files: a
folder where a key file should be gives the same OSError a locked file does."""

from __future__ import annotations

import json

import pytest

from ult_desktop.app import station_key
from ult_desktop.app.selftest import local

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _block(path):
    """*path* cannot be read now: a folder in its place (reading it is an OSError, as
    root too, where chmod 000 would not stop a read)."""
    saved = path.read_bytes()
    path.unlink()
    path.mkdir()
    return saved


def _unblock(path, saved):
    path.rmdir()
    path.write_bytes(saved)


def test_a_private_key_that_cannot_be_read_now_is_kept(tmp_path):
    folder = tmp_path / "keys"
    key, _ = station_key.create_key(folder)
    saved = _block(folder / station_key.PRIVATE_NAME)
    before = _files(folder)
    assert station_key.this_pc_key(folder) is None  # unsigned for now, not replaced
    assert station_key.this_pc_key(folder, create=True) is None
    assert _files(folder) == before and station_key.replaced_note(folder) is None
    assert not list(folder.glob("*.unreadable-*"))
    _unblock(folder / station_key.PRIVATE_NAME, saved)
    assert station_key.this_pc_key(folder).key_id == key.key_id  # the same key again


def test_a_public_file_that_cannot_be_read_now_is_kept(tmp_path, monkeypatch):
    folder = tmp_path / "keys"
    key, _ = station_key.create_key(folder)
    saved = _block(folder / station_key.PUBLIC_NAME)
    private = (folder / station_key.PRIVATE_NAME).read_bytes()
    assert station_key.this_pc_key(folder, create=True) is None
    assert (folder / station_key.PRIVATE_NAME).read_bytes() == private  # not overwritten
    assert station_key.replaced_note(folder) is None
    monkeypatch.setenv("ULT_KEY_DIR", str(folder))
    [check] = [c for c in local._station_key() if c.id == "local.station_key"]
    assert check.status == "fail" and "error" in check.data  # told, not "no key"
    _unblock(folder / station_key.PUBLIC_NAME, saved)
    assert station_key.this_pc_key(folder, create=True).key_id == key.key_id


def test_a_damaged_key_is_set_aside_and_reported(tmp_path):
    folder = tmp_path / "keys"
    station_key.create_key(folder)
    private = (folder / station_key.PRIVATE_NAME).read_bytes()
    (folder / station_key.PUBLIC_NAME).write_text("{not json", encoding="utf-8")
    new, created = station_key.create_key(folder)
    assert created
    note = station_key.replaced_note(folder)
    assert note is not None and "damaged" in note["reason"]
    [kept] = folder.glob(f"{station_key.PRIVATE_NAME}.unreadable-*")
    assert kept.read_bytes() == private  # the old key is kept for an expert
    assert json.loads((folder / station_key.PUBLIC_NAME).read_text())["key_id"] == new.key_id

