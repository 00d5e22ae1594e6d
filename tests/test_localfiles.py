"""Local files are replaced whole, kept private, and survive a briefly locked file."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from ult_desktop.app import localfiles


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
