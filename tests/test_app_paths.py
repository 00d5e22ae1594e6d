"""The one place that says where ULT Desktop keeps its files on this PC."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from ult_desktop.app import paths
from ult_desktop.app.station_config import user_config_path
from ult_desktop.app.trust_memory import journal_path
from ult_desktop.cli.gui_cmds import demo_dir

pytestmark = pytest.mark.windows

posix_only = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG folders")


@posix_only
def test_data_dir_follows_xdg_and_ult_data_dir_wins(monkeypatch, tmp_path):
    monkeypatch.delenv("ULT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.user_data_dir() == tmp_path / "xdg" / "ult-desktop"
    monkeypatch.setenv("XDG_DATA_HOME", "")  # set but empty: as if unset
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.user_data_dir() == tmp_path / "home" / ".local" / "share" / "ult-desktop"
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "mine"))
    assert paths.user_data_dir() == tmp_path / "mine"


def test_demo_and_counter_journals_use_the_same_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ULT_JOURNAL_DIR", raising=False)
    assert demo_dir() == tmp_path / "data"
    assert journal_path(tmp_path / "x.db", "counter-desk").parent == tmp_path / "data" / "journal"


@posix_only
def test_config_dir_is_where_the_station_file_lives(monkeypatch, tmp_path):
    monkeypatch.delenv("ULT_STATION_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert paths.user_config_dir() == tmp_path / "cfg" / "ult-desktop"
    assert user_config_path().parent == paths.user_config_dir()


@pytest.mark.skipif(sys.platform != "win32", reason="the Windows profile folders")
def test_tests_never_touch_this_pcs_profile():
    """On Windows the station file, the demo office and the Startup folder are under
    LOCALAPPDATA/APPDATA: a test run has its own (conftest), never the developer's."""
    temp = Path(tempfile.gettempdir()).resolve()
    for name in ("LOCALAPPDATA", "APPDATA"):
        assert Path(os.environ[name]).resolve().is_relative_to(temp), name
    assert paths.user_config_dir().resolve().is_relative_to(temp)
