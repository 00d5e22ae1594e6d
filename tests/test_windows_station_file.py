"""The station file on Windows: local folder, migrated once, retried, errors shown
. Windows paths are checked as text (``PureWindowsPath``); the folder
choice by setting ``sys.platform`` and the environment as Windows would."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from ult_desktop.app import station_config as sc
from ult_desktop.core.i18n import set_language

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.windows]


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("id")


@pytest.fixture
def windows(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("ULT_STATION_CONFIG", raising=False)
    for name in ("APPDATA", "LOCALAPPDATA", "PROGRAMDATA"):
        monkeypatch.setenv(name, str(tmp_path / name))
    return tmp_path


def test_hand_typed_unc_path_gets_the_backslash_hint(tmp_path):
    path = tmp_path / "station.json"
    path.write_text('{\n  "mode": "kiosk",\n  "db": "\\\\server\\ult\\ult.db"\n}\n'
                    .replace("\\\\server", "\\server"))  # one backslash, as typed
    with pytest.raises(sc.StationConfigError) as info:
        sc.load_station_config(path)
    message = str(info.value)
    assert "line 3" in message and "//server/ult/ult.db" in message
    assert info.value.exit_code == 2


def test_a_backslash_that_happens_to_be_a_json_escape_is_caught_too(tmp_path):
    path = tmp_path / "station.json"
    path.write_text('{"db": "D:\\tiket\\baru.db"}')  # \t and \b: valid JSON, wrong path
    with pytest.raises(sc.StationConfigError, match="forward slashes"):
        sc.load_station_config(path)


def test_other_json_errors_say_where(tmp_path):
    path = tmp_path / "station.json"
    path.write_text('{"mode": "kiosk",, }')
    with pytest.raises(sc.StationConfigError, match="line 1, column 18"):
        sc.load_station_config(path)


def test_forward_slashes_are_accepted_and_written_the_windows_way():
    assert sc.db_path_text("//server/ult/ult.db", windows=True) == r"\\server\ult\ult.db"
    assert sc.db_path_text("Z:/ULT data/ult.db", windows=True) == r"Z:\ULT data\ult.db"
    assert sc.db_path_text(r"\\server\ult\ult.db", windows=True) == r"\\server\ult\ult.db"
    assert sc.db_path_text("/srv/ult/ult.db", windows=False) == "/srv/ult/ult.db"


def test_station_file_lives_in_localappdata_and_the_roaming_one_moves_once(windows):
    roaming = windows / "APPDATA" / "ULTDesktop" / "station.json"
    roaming.parent.mkdir(parents=True)
    roaming.write_text(json.dumps({"mode": "display", "db": "//nas/ult/ult.db"}))
    local = windows / "LOCALAPPDATA" / "ULTDesktop" / "station.json"
    assert sc.user_config_path() == local
    assert sc.find_config() == local
    config = sc.load_station_config()
    assert config.mode == "display" and config.db == r"\\nas\ult\ult.db"
    assert not roaming.exists() and roaming.with_name("station.json.moved").exists()
    # once: a later roaming file (another PC's sync) does not overwrite the local one
    roaming.write_text(json.dumps({"mode": "kiosk", "db": "x.db"}))
    assert sc.load_station_config().mode == "display"


def test_saving_retries_while_another_program_holds_the_file(tmp_path, monkeypatch):
    path = tmp_path / "station.json"
    real_replace, attempts = os.replace, []

    def held(src, dst):  # antivirus scanning the new file: WinError 32 twice
        if Path(dst) != path:  # another test's station still beating (its pulse file)
            return real_replace(src, dst)
        attempts.append(dst)
        if len(attempts) <= 2:
            err = PermissionError(13, "The process cannot access the file")
            err.winerror = 32
            raise err
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", held)
    sc.save_station_config(sc.StationConfig(mode="counter", db="x.db", counter=2), path)
    assert len(attempts) == 3
    assert sc.load_station_config(path).counter == 2
    assert [p.name for p in tmp_path.iterdir()] == ["station.json"]  # no temp file left


def test_cli_shows_the_parse_error_instead_of_defaults(tmp_path):
    path = tmp_path / "station.json"
    path.write_text('{"db": "\\server\\ult\\ult.db"}'.replace("\\\\", "\\"))
    done = run_cli("--lang", "en", "setup", "--show", env={"ULT_STATION_CONFIG": str(path)})
    assert done.returncode == 2, done.stderr
    assert "forward slashes" in done.stderr and str(path) in done.stderr
    done = run_cli("--lang", "en", "display", env={"ULT_STATION_CONFIG": str(path),
                                                   "ULT_DB": ""})
    assert done.returncode == 2 and "forward slashes" in done.stderr


def test_wizard_shows_why_the_old_file_was_not_used(qtbot, tmp_path):
    from ult_desktop.ui.setup.wizard import SetupWizard

    path = tmp_path / "station.json"
    path.write_text("{ half a file")
    wizard = SetupWizard(path, make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    wizard.show()
    from PySide6.QtWidgets import QLabel

    label = wizard.mode_page.findChild(QLabel, "config_error")
    assert label is not None and label.isVisible()
    assert str(path) in label.text() and "Saving this wizard replaces them" in label.text()
