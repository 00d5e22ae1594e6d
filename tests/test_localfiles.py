"""Local files are replaced whole, kept private, and survive a briefly locked file."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from ult_desktop.app import localfiles

pytestmark = pytest.mark.windows


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "sub" / "station.json"
    localfiles.write_atomic(target, "{}")
    localfiles.write_atomic(target, '{"a": 1}')
    assert target.read_text() == '{"a": 1}'
    assert [p.name for p in target.parent.iterdir()] == ["station.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_file_is_readable_by_owner_only_and_round_trips(tmp_path):
    target = tmp_path / "keys" / "station.key"
    localfiles.write_private(target, b"secret")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert localfiles.read_private(target) == b"secret"


def test_unprotect_refuses_foreign_bytes(tmp_path):
    with pytest.raises(ValueError):
        localfiles.unprotect(b"plain json")


def test_transient_windows_lock_is_retried_then_succeeds(monkeypatch):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            err = PermissionError(13, "sharing violation")
            err.winerror = 32  # what Windows reports while the indexer holds the file
            raise err
        return "ok"

    assert localfiles.retry_transient(flaky, total_s=2.0, step_s=0.001) == "ok"
    assert len(calls) == 3


def test_non_transient_error_is_raised_at_once():
    calls = []

    def missing():
        calls.append(1)
        raise FileNotFoundError(2, "gone")

    with pytest.raises(FileNotFoundError):
        localfiles.retry_transient(missing, total_s=2.0)
    assert len(calls) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="replace over an open file works on POSIX")
def test_failed_write_cleans_its_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "drafts.json"

    def refuse(src, dst):
        raise OSError(28, "no space left")

    monkeypatch.setattr(localfiles.os, "replace", refuse)
    with pytest.raises(OSError):
        localfiles.write_atomic(target, "x")
    assert list(tmp_path.iterdir()) == []


class FakeDpapi:
    """pywin32's ``win32crypt`` as Windows answers: a blob sealed under one account's (or
    the machine's) key unseals only there; otherwise ``pywintypes.error`` with
    NTE_BAD_KEY_STATE, as CryptUnprotectData raises it."""

    class error(Exception):  # pywintypes.error: (winerror, funcname, strerror)
        pass

    def __init__(self, account: str):
        self.account, self.flags = account, []

    def CryptProtectData(self, data, description, entropy, reserved, prompt, flags):
        self.flags.append(flags)
        owner = "MACHINE" if flags & localfiles.CRYPTPROTECT_LOCAL_MACHINE else self.account
        return owner.encode() + b"|" + data

    def CryptUnprotectData(self, blob, entropy, reserved, prompt, flags):
        owner, _, data = bytes(blob).partition(b"|")
        if owner.decode() not in ("MACHINE", self.account):
            raise self.error(-2146893813, "CryptUnprotectData",
                             "Key not valid for use in specified state.")
        return "ULT Desktop", data


def test_a_secret_for_every_account_is_sealed_with_the_machine_key(tmp_path, monkeypatch):
    """``setup --all-users`` seals the server password with DPAPI's machine
    scope, so the kiosk's own account reads what the IT officer's account set up; a
    password sealed for one account is, for another, a sentence saying what to do."""
    from ult_desktop.app import station_config

    machine_file = tmp_path / "ProgramData" / "ULTDesktop" / "station.json"
    monkeypatch.setattr(station_config, "machine_config_path", lambda: machine_file)
    monkeypatch.setattr(sys, "platform", "win32")
    it_officer = FakeDpapi("it-officer")
    monkeypatch.setitem(sys.modules, "win32crypt", it_officer)
    url = "postgresql://ult_station:S3cret@server/ult"
    user_file = tmp_path / "it-officer" / "station.json"
    config = station_config.StationConfig(mode="kiosk", db=url)
    station_config.save_station_config(config, machine_file)
    station_config.save_station_config(config, user_file)
    assert it_officer.flags == [0x05, 0x01]  # machine scope, then the account's own
    assert "S3cret" not in machine_file.read_text() + user_file.read_text()
    monkeypatch.setitem(sys.modules, "win32crypt", FakeDpapi("kiosk"))  # another account
    assert station_config.load_station_config(machine_file).db == url
    with pytest.raises(station_config.StationConfigError) as info:
        station_config.load_station_config(user_file)
    assert "akun Windows lain" in str(info.value) and "ult-desktop setup" in str(info.value)
    assert "S3cret" not in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_secret_for_every_account_is_readable_by_every_local_account_elsewhere(tmp_path):
    target = tmp_path / "etc" / "station.json.db-password"
    localfiles.write_private(target, b"pw", machine=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert localfiles.read_private(target) == b"pw"
    with pytest.raises(localfiles.SealedElsewhere):  # what a Windows account left here
        localfiles.unprotect(b"ULTDPAPI1\n" + b"\x01\x00\x00\x00")
