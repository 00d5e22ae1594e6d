"""The station's local config file, the setup checks and shortcuts (no Qt)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.wine import wine_limit
from ult_desktop.app import localfiles, shortcuts, station_check
from ult_desktop.app.station_config import (
    STATION_SETTINGS,
    StationConfig,
    apply_station_config,
    find_config,
    is_configured,
    load_station_config,
    printer_url,
    save_station_config,
    user_config_path,
)

pytestmark = pytest.mark.windows


@pytest.fixture
def config_env(tmp_path, monkeypatch):
    monkeypatch.delenv("ULT_STATION_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))  # where 0.1 kept it (Windows)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cfg"))  # the station file (Windows)
    return tmp_path / "cfg"


def test_every_key_is_declared_once_with_its_default():
    assert [f.name for f in fields(StationConfig)] == list(STATION_SETTINGS)
    assert StationConfig().to_dict() == {k: d for k, (d, _) in STATION_SETTINGS.items()}


def test_missing_file_gives_defaults_and_is_not_configured(config_env):
    assert find_config() is None or not str(find_config()).startswith(str(config_env))
    assert load_station_config(config_env / "nothing.json") == StationConfig()
    assert not is_configured(config_env / "nothing.json")


def test_save_then_load_round_trips_in_the_user_folder(config_env):
    # the system's own form of the path (Windows keeps \\srv\\ult\\ult.db)
    config = StationConfig(mode="counter", db=str(Path("/srv/ult/ult.db")), counter=3,
                           language="en")
    path = save_station_config(config)
    assert path == user_config_path()
    assert str(path).startswith(str(config_env))
    assert find_config() == path
    assert load_station_config() == config
    assert is_configured()
    assert not path.with_name(path.name + ".tmp").exists()


def test_env_variable_names_the_file(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "station.json"
    monkeypatch.setenv("ULT_STATION_CONFIG", str(target))
    save_station_config(StationConfig(mode="display", db="x.db"))
    assert json.loads(target.read_text())["mode"] == "display"
    assert load_station_config().mode == "display"


def test_bad_values_fall_back_to_defaults_and_unknown_keys_are_ignored(tmp_path):
    path = tmp_path / "station.json"
    path.write_text(json.dumps({"mode": "toaster", "db": "a.db", "paper_width": 72,
                                "counter": 0, "language": "fr", "colour": "blue"}))
    config = load_station_config(path)
    assert config == StationConfig(db="a.db")


def test_a_broken_file_is_reported_not_silently_replaced_by_defaults(tmp_path):
    # A kiosk that silently forgot its database looked like a dead share.
    from ult_desktop.app.station_config import StationConfigError

    path = tmp_path / "station.json"
    path.write_text("{ half a file")
    with pytest.raises(StationConfigError) as info:
        load_station_config(path)
    assert str(path) in str(info.value) and "setup" in str(info.value)
    assert not is_configured(path)  # "start" opens the wizard, which shows the reason


def test_save_refuses_bad_values_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "station.json"
    save_station_config(StationConfig(db="good.db"), path)
    with pytest.raises(ValueError):
        save_station_config(StationConfig(db="x.db", paper_width=100), path)
    assert load_station_config(path).db == "good.db"


def test_printer_url_gets_the_paper_width_unless_it_names_one():
    assert printer_url(StationConfig(printer="tcp://10.0.0.5:9100", paper_width=58)) == \
        "tcp://10.0.0.5:9100?width=58"
    assert printer_url(StationConfig(printer="usb://0x0416:0x5011?profile=TM-T20II")) == \
        "usb://0x0416:0x5011?profile=TM-T20II&width=80"
    assert printer_url(StationConfig(printer="tcp://h:9100?width=80", paper_width=58)) == \
        "tcp://h:9100?width=80"
    assert printer_url(StationConfig(printer="none")) == "none"


def test_command_line_options_win_over_the_file():
    config = StationConfig(mode="counter", db="file.db", printer="tcp://p:9100", counter=2,
                           station="loket-2")
    given = argparse.Namespace(db="cli.db", printer=None, counter=None, station=None)
    apply_station_config(given, config)
    assert (given.db, given.printer, given.counter, given.station) == \
        ("cli.db", "tcp://p:9100?width=80", 2, "loket-2")
    given = argparse.Namespace(db=None, printer="none", counter=5, station="x")
    apply_station_config(given, config)
    assert (given.db, given.printer, given.counter, given.station) == ("file.db", "none", 5, "x")


# --- the setup checks -------------------------------------------------------------


def test_check_accepts_a_ult_database_in_a_writable_folder(db_path):
    result = station_check.check_database(db_path)
    assert result.ok, result.message
    assert result.journal_mode == "delete"
    assert result.office
    assert not list(db_path.parent.glob(".ult-setup-*"))  # the probe file is gone


def test_check_refuses_a_missing_file_and_creates_only_when_asked(tmp_path):
    target = tmp_path / "new.db"
    result = station_check.check_database(target)
    assert not result.ok and "new.db" in result.message
    assert not target.exists()
    result = station_check.check_database(target, create=True)
    assert result.ok and result.created, result.message
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


def test_check_refuses_a_missing_folder_and_an_empty_path(tmp_path):
    assert not station_check.check_database(tmp_path / "gone" / "ult.db").ok
    assert not station_check.check_database("  ").ok


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux")
def test_a_folder_that_cannot_be_written_is_reported():
    # /proc refuses new files even for root, like a share without modify permission.
    assert localfiles.folder_writable(Path("/proc")) is not None
    result = station_check.check_database("/proc/ult.db")
    assert not result.ok
    assert "/proc" in result.message


def test_check_refuses_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not sqlite at all " * 100)
    result = station_check.check_database(bogus)
    assert not result.ok


def test_a_wal_file_is_switched_back_and_said_so(db_path):
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    result = station_check.check_database(db_path)
    assert result.ok, result.message
    assert result.journal_mode == "delete"
    assert "WAL" in result.message
    assert not station_check._header_is_wal(db_path)


def test_a_wal_file_held_open_elsewhere_is_refused(db_path):
    holder = sqlite3.connect(db_path)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds a read lock
    try:
        result = station_check.check_database(db_path)
        assert not result.ok
    finally:
        holder.rollback()
        holder.close()


def test_printer_none_and_a_bad_url_and_a_virtual_printer(tmp_path):
    assert station_check.test_printer("none").ok
    bad = station_check.test_printer("gopher://x")
    assert not bad.ok and bad.message
    result = station_check.test_printer(f"virtual://{tmp_path}", paper_width=58)
    assert result.ok, result.message
    assert list(tmp_path.glob("*.png"))


def test_a_dead_network_printer_fails_with_a_sentence():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = station_check.test_printer(f"tcp://127.0.0.1:{port}?timeout=3")
    assert not result.ok
    assert f"127.0.0.1:{port}" in result.message and "Traceback" not in result.message


# --- shortcuts ------------------------------------------------------------------------


def test_linux_shortcuts_and_autostart_entries(tmp_path, monkeypatch):
    if sys.platform == "win32":
        pytest.skip("Linux entries")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("XDG_DESKTOP_DIR", raising=False)
    written = shortcuts.create_shortcuts("kiosk", autostart=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "Desktop/ult-desktop-kiosk.desktop", "cfg/autostart/ult-desktop-kiosk.desktop",
        "data/applications/ult-desktop-kiosk.desktop"]
    entry = (tmp_path / "cfg/autostart/ult-desktop-kiosk.desktop").read_text()
    assert "start --mode kiosk" in entry and "Type=Application" in entry
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert sys.executable in exec_line
    assert shortcuts.remove_autostart("kiosk") == [
        tmp_path / "cfg/autostart/ult-desktop-kiosk.desktop"]
    assert (tmp_path / "Desktop/ult-desktop-kiosk.desktop").exists()


def test_windows_shortcut_script_quotes_paths():
    item = shortcuts.Launcher(program=r"C:\Program Files\ULT Desktop\ult-desktop.exe",
                              arguments=["start", "--mode", "display"], name="ULT",
                              comment="it's", icon=r"C:\x\ult-desktop.ico", work_dir=r"C:\x")
    script = shortcuts.powershell_script(item, ["Desktop", "Startup"], "ULT Desktop display")
    assert script.count("$lnk.Save()") == 2
    assert r"$lnk.TargetPath = 'C:\Program Files\ULT Desktop\ult-desktop.exe'" in script
    assert "$lnk.Arguments = 'start --mode display'" in script
    assert "'it''s'" in script
    assert "GetFolderPath('Startup')" in script


# --- the commands ---------------------------------------------------------------------


def test_setup_show_prints_the_config_without_qt(tmp_path):
    path = tmp_path / "station.json"
    save_station_config(StationConfig(mode="counter", db="/x/ult.db", counter=2), path)
    proc = run_cli("setup", "--show", "--json", "--config", str(path))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["mode"] == "counter" and data["counter"] == 2 and data["file"] == str(path)


def test_start_runs_the_configured_mode_with_the_configured_database(tmp_path, db_path):
    path = tmp_path / "station.json"
    save_station_config(StationConfig(mode="display", db=str(db_path)), path)
    proc = run_cli("start", "--config", str(path), "--windowed",
                   env={"ULT_SMOKE_EXIT_MS": "50", "QT_QPA_PLATFORM": "offscreen"},
                   timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "ult-smoke: first-frame" in proc.stderr


FAKE_POWERSHELL = r'''#!{python}
"""powershell.exe as create_shortcuts meets it: -EncodedCommand (base64 UTF-16LE), runs
the script's GetFolderPath/Save lines; Save writes a .lnk unless the folder is read-only
for this account (then it fails like WScript.Shell: exception, exit code 1)."""
import base64, os, re, sys
args = sys.argv[1:]
if "-EncodedCommand" not in args:
    sys.exit("stdin scripts are not accepted by this fake")
script = base64.b64decode(args[args.index("-EncodedCommand") + 1]).decode("utf-16-le")
base = os.environ["FAKE_SPECIAL"]
deny = os.environ.get("FAKE_DENY", "")
for folder in re.findall(r"GetFolderPath\('(\w+)'\)", script):
    name = re.search(r"Join-Path \$dir '([^']+\.lnk)'", script).group(1)
    path = os.path.join(base, folder, name)
    if folder == deny:
        print(path)  # the old stdin script went on and printed what it never wrote
        continue
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(b"L\0\0\0")
    print(path)
'''


def _fake_powershell(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "powershell"
    exe.write_text(FAKE_POWERSHELL.replace("{python}", sys.executable), encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SPECIAL", str(tmp_path / "special"))
    monkeypatch.setattr(sys, "platform", "win32")


@wine_limit("powershell")
def test_windows_shortcuts_are_made_with_an_encoded_command_and_checked(tmp_path,
                                                                       monkeypatch):
    """M7: a real process stands in for powershell.exe; only .lnk files that exist count."""
    _fake_powershell(tmp_path, monkeypatch)
    made = shortcuts.create_shortcuts("kiosk", autostart=True)
    assert [p.parent.name for p in made] == ["Desktop", "Programs", "Startup"]
    assert all(p.is_file() for p in made)
    monkeypatch.setenv("FAKE_DENY", "Startup")
    with pytest.raises(OSError) as info:
        shortcuts.create_shortcuts("display", autostart=True)
    assert "2" in str(info.value) and "3" in str(info.value)


def test_frozen_windows_shortcut_icon_is_the_program_itself(tmp_path, monkeypatch):
    """L6: the icon must not point into _internal, which goes with its version."""
    exe = tmp_path / "0.2.0" / "ult-desktop.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "platform", "win32")
    item = shortcuts.launcher("kiosk")
    assert item.icon == f"{item.program},0" and "_internal" not in item.icon
