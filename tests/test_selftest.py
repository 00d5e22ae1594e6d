"""``ult-desktop selftest`` on this Linux machine: every Linux branch for real.

Real processes, a real demo database file, the loopback TCP printer (real socket), real
folders; Qt offscreen. The Windows branches are in test_selftest_windows.py.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from printer_fixtures import LoopbackPrinter
from PySide6.QtCore import QTimer

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT
from tests.wine import wine_limit
from ult_desktop.app.selftest import Options, local, power, run_checks, save_report, share
from ult_desktop.app.selftest import printer as printer_area

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints", *QT_MULTIMEDIA_ABSENT), pytest.mark.windows]


@pytest.fixture
def printer():
    loopback = LoopbackPrinter()
    yield loopback
    loopback.close()


@pytest.fixture
def station_home(tmp_path, monkeypatch):
    """A PC of its own: data, config, log and key folders in tmp, a station key made."""
    from ult_desktop.app import station_key

    env = {"ULT_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "ULT_KEY_DIR": str(tmp_path / "keys"),
           # Windows keeps the station file in LOCALAPPDATA: this PC's own, in tmp
           "LOCALAPPDATA": str(tmp_path / "local") if os.name == "nt" else "",
           # a PC in the office's zone (WIB), in the POSIX form Windows' C runtime reads too
           "TZ": "WIB-7"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("ULT_STATION_CONFIG", raising=False)
    station_key.create_key(tmp_path / "keys")
    return env


def by_id(checks):
    return {c.id: c for c in checks}


@wine_limit("printers")
def test_selftest_json_passes_against_the_demo_db_and_a_network_printer(
        db_path, station_home, printer):
    result = run_cli("selftest", "--json", "--db", str(db_path), "--printer",
                     printer.url, "--print", env=station_home, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    checks = {c["id"]: c for c in report["checks"]}
    assert report["ok"] and report["counts"]["fail"] == 0
    for ident in ("share.folder", "share.open", "share.journal", "share.locks",
                  "share.read_only", "share.sqlite", "share.change_seen", "share.clock",
                  "share.zone", "local.station_key", "local.secrets", "printer.status",
                  "printer.print", "screens.0"):
        assert checks[ident]["status"] == "pass", checks[ident]
    assert checks["power.windows"]["status"] == "skip"  # restarts, sleep, NIC: Windows only
    assert len(checks["share.locks"]["data"]["ms"]) == 10
    assert "SECURE_DELETE" in " ".join(checks["share.sqlite"]["data"]["compile_options"]) or \
        checks["share.sqlite"]["data"]["secure_delete"] == 1
    assert any(c.ticket_bytes() for c in printer.wait_closed(2))  # the ticket went out
    saved = Path(report["report"])
    assert saved.parent == Path(station_home["ULT_DATA_DIR"]) and saved.exists()
    assert json.loads(saved.read_text(encoding="utf-8"))["checks"][0]["id"] == "bundle.version"


def test_lines_are_indonesian_by_default_and_a_failure_exits_10(tmp_path, station_home):
    result = run_cli("selftest", "--no-qt", "--db", str(tmp_path / "nowhere" / "ult.db"),
                     env=station_home)
    assert result.returncode == 10, result.stdout + result.stderr
    assert "GAGAL  share.open:" in result.stdout and "LULUS  local.secrets" in result.stdout
    assert "lulus" in result.stdout.splitlines()[-1]
    english = run_cli("--lang", "en", "selftest", "--no-qt", "--only", "local",
                      env=station_home)
    assert "PASS   local.data_folder" in english.stdout, english.stdout


def test_output_into_a_pipe_in_a_code_page_without_arrows_is_whole(tmp_path, station_home):
    """Windows writes a pipe or a file (``> selftest.txt``, ``| findstr``, a scheduled
    task) in the ANSI code page, which has no arrow; the bundle ignores
    PYTHONIOENCODING. Here the pipe gets cp1252 as there, strict."""
    result = run_cli("selftest", "--no-qt", "--db", str(tmp_path / "nowhere" / "ult.db"),
                     env={**station_home, "PYTHONIOENCODING": "cp1252"})
    assert "Traceback" not in result.stderr and "UnicodeEncodeError" not in result.stderr
    assert result.returncode == 10, result.stdout + result.stderr
    assert "GAGAL  share.open:" in result.stdout
    assert "lulus" in result.stdout.splitlines()[-1]
    assert "->" in result.stdout and "?" not in result.stdout  # the arrows written plainly


def test_unwritable_data_folder_fails_with_what_to_do(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    check = local._folder("local.data_folder", blocker / "sub")
    assert check.status == "fail" and "write permission" in check.sentence("en")


def test_unreadable_station_key_and_its_replacement_are_told(station_home, tmp_path):
    from ult_desktop.app import localfiles, station_key

    folder = Path(station_home["ULT_KEY_DIR"])
    localfiles.write_private(folder / station_key.PRIVATE_NAME, b"\0" * 32)  # another key
    found = by_id(local._station_key())
    assert found["local.station_key"].status == "fail"
    new = station_key.this_pc_key(folder)  # unsealed and replaced, never this process's
    assert new is not None and station_key.replaced_note(folder) is not None
    found = by_id(local._station_key())
    assert found["local.station_key"].status == "pass"
    assert found["local.key_replaced"].status == "fail"
    assert found["local.key_replaced"].params["old"] != new.fingerprint


def test_share_folder_error_keeps_errno_and_strerror(tmp_path):
    check = share._folder(tmp_path / "missing" / "ult.db")
    assert check.status == "fail" and check.data["errno"] == 2 and check.data["strerror"]


def test_no_printer_is_skip_except_on_a_kiosk():
    assert by_id(printer_area.checks(Options()))["printer.status"].status == "skip"
    kiosk = by_id(printer_area.checks(Options(mode="kiosk")))
    assert kiosk["printer.status"].status == "fail"


def test_virtual_printer_prints_a_preview(tmp_path):
    found = by_id(printer_area.checks(Options(printer=f"virtual://{tmp_path}",
                                                  do_print=True)))
    assert found["printer.print"].status == "pass"
    assert Path(found["printer.print"].data["output"]).exists()


def test_xset_answer_is_read():
    text = ("Screen Saver:\n  prefer blanking:  yes    allow exposures:  yes\n"
            "  timeout:  0    cycle:  600\nDPMS (Energy Star):\n  DPMS is Disabled\n")
    assert power.parse_xset(text) == {"saver_timeout": 0, "dpms": "disabled"}


def test_a_crashing_area_is_a_fail_line_not_a_crash(tmp_path):
    def boom(options):
        raise RuntimeError("kaput")

    report = run_checks(Options(only=("screens",)), extra={"screens": boom})
    assert [c.status for c in report.checks] == ["fail"] and "kaput" in report.lines("en")[0]
    assert save_report(report, tmp_path).exists()


def test_qt_areas_list_screens_and_play_on_the_default_output(qtbot, qapp):
    from audio_fakes import Player

    from ult_desktop.ui import selftest_checks

    found = by_id(selftest_checks.screens(Options()))
    assert found["screens.0"].data["width"] > 0 and "screens.scheme" in found
    player = Player()
    timer = QTimer()
    timer.timeout.connect(lambda: [s.play_all() for s in player.sinks if s.buffer is not None
                                   and s._state == "ActiveState"])
    timer.start(20)
    played = by_id(selftest_checks.play_sounds(Options(do_sound=True, sound_wait_s=5),
                                               player=player))
    timer.stop()
    assert played["sound.chime"].status == "pass" and played["sound.call"].status == "pass"
    assert played["sound.chime"].data["device"] == "hdmi-tv"


@wine_limit("printers")
def test_json_report_has_no_qt_when_asked(db_path, station_home):
    code = ("import sys; from ult_desktop.cli import main; "
            f"rc = main(['selftest', '--no-qt', '--json', '--db', {str(db_path)!r}]); "
            "bad = [m for m in sys.modules if m.startswith('PySide6')]; "
            "sys.exit(3 if bad else rc)")
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **station_home}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_selftest_on_a_server_station_asks_the_server_and_keeps_its_password(
        pg_cluster, pg_url, station_home, tmp_path):
    """A ``postgresql://`` station is not a folder: the share area logs in,
    times round trips, reads the server's version and free connections and hears a write
    through LISTEN; the station's password is in no line, no JSON report and no log."""
    password = "station-pw"  # the station role's, in the test cluster's demo office
    url = pg_cluster.url(pg_url.rsplit("/", 1)[1], user="ult_station", password=password)
    result = run_cli("selftest", "--json", "--only", "share", "--db", url,
                     env=station_home, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    checks = {c["id"]: c for c in report["checks"]}
    assert [c["id"] for c in report["checks"]] == [
        "share.server_engine", "share.open", "share.server_rtt", "share.server_version",
        "share.server_slots", "share.server_listen", "share.clock", "share.other_clocks",
        "share.zone", "share.key"]
    assert all(c["status"] == "pass" for c in report["checks"][:-1]), report["checks"]
    assert checks["share.key"]["status"] == "skip"  # the demo office registers no keys
    assert len(checks["share.server_rtt"]["data"]["ms"]) == 10
    assert checks["share.server_slots"]["data"]["max_connections"] > 0
    assert checks["share.server_listen"]["data"]["heard"] is True
    assert "ult_station@127.0.0.1" in report["options"]["db"]
    text = run_cli("selftest", "--only", "share", "--db", url, env=station_home, timeout=120)
    assert "LULUS  share.server_listen" in text.stdout, text.stdout + text.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "keys" not in p.parts]
    assert any(p.name.startswith("selftest-") for p in written)
    for out in [result.stdout, result.stderr, text.stdout, text.stderr,
                *(p.read_text(encoding="utf-8", errors="replace") for p in written)]:
        assert password not in out


def test_a_secret_in_any_check_is_scrubbed_before_it_is_shown_or_saved():
    """Whatever a check says (an error repeating the URL, a path), the password of the
    station's server URL is replaced before any line, report or log sees it."""
    from ult_desktop.app.selftest import Check, failed, scrub

    check = failed("share.open", "selftest.crashed", {"url": "postgresql://u:p%40ss@h/db",
                   "errors": [ValueError("login p@ss refused")]}, area="share",
                   error="postgresql://u:p%40ss@h/db")
    clean = scrub(check, ("p%40ss", "p@ss"))
    assert isinstance(clean, Check) and "p@ss" not in repr(clean) and "p%40ss" not in repr(clean)
    assert clean.data["url"] == "postgresql://u:***@h/db"
    assert clean.data["errors"] == ["login *** refused"]


def test_the_self_test_says_whether_this_pcs_key_may_sign_for_its_mode(db_path, tmp_path,
                                                                        monkeypatch):
    """Pending, registered with another role, registered as it should
    be: what this station signs counts only in the last case."""
    from tests.drivers import admin_pc
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    admin, _ = admin_pc(db_path, tmp_path / "admin-key")
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "kiosk-pc"))
    key = station_key.this_pc_key(create=True)
    kiosk = open_database(db_path, station="Kiosk", mode="kiosk")
    kiosk.set_signer(key)
    station_keys.request_registration(kiosk, label="Kiosk")

    def seen() -> tuple[str, str]:
        [check] = [c for c in share.checks(Options(db=str(db_path), mode="kiosk"))
                   if c.id == "share.key"]
        return check.status, check.sentence("en")

    assert seen()[0] == "fail" and "awaits approval" in seen()[1]
    station_keys.approve_key(admin, key.key_id, role="counter")
    assert seen()[0] == "fail" and "registered as counter, not kiosk" in seen()[1]
    station_keys.approve_key(admin, key.key_id, role="kiosk")
    assert seen() == ("pass", f"This PC's key ({key.fingerprint}) is registered as kiosk.")
    kiosk.close()
    admin.close()


def test_an_unattended_station_without_autostart_is_named(tmp_path, monkeypatch):
    """A kiosk that does not start by itself after Windows restarts
    waits for someone to find it; its start-at-login entry is looked for."""
    from ult_desktop.app.shortcuts import autostart_entries

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    kiosk = Options(mode="kiosk")
    [missing] = [c for c in local.checks(kiosk) if c.id == "local.autostart"]
    assert missing.status == "fail" and "shortcuts --autostart" in missing.sentence("en")
    [entry] = autostart_entries("kiosk")
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\n")
    [found] = [c for c in local.checks(kiosk) if c.id == "local.autostart"]
    assert found.status == "pass" and str(entry) in found.sentence("en")
    assert not [c for c in local.checks(Options(mode="counter")) if c.id == "local.autostart"]


def test_a_pc_with_no_indonesian_voice_is_told_which_voice_the_kiosk_uses(tmp_path,
                                                                          station_home):
    """No Indonesian voice and no espeak-ng on PATH (a Windows PC without the voice
    pack): not a skipped line but a warning that names what the kiosk and the TV will
    say instead (the shipped clips, a word without one spelt) and how to add the voice."""
    import json
    import shutil

    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    env = {**station_home, "PATH": str(bare)}
    assert shutil.which("espeak-ng", path=str(bare)) is None
    result = run_cli("selftest", "--json", "--only", "speech", env=env, timeout=120)
    [check] = [c for c in json.loads(result.stdout)["checks"] if c["id"] == "speech.voices"]
    assert check["status"] == "warn", check
    text = run_cli("selftest", "--only", "speech", env=env, timeout=120).stdout
    assert "rekaman bawaan" in text and "dieja huruf demi huruf" in text, text
    assert "Pengaturan" in text and "Waktu & bahasa" in text and "Ucapan" in text, text
