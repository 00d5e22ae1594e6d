"""Build the PyInstaller bundle and run it: headless commands and every GUI mode.

Slow (about a minute to build): ``python -m pytest -m slow tests/test_bundle.py``.
Needs the build extra: ``python -m pip install -e ".[build]"``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import build_installer as bi

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exe(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller")
    root = tmp_path_factory.mktemp("bundle")
    return bi.build(root / "dist", root / "work", clean=False, quiet=True)


@pytest.fixture(scope="module")
def office(exe, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("office") / "ult.db"
    proc = run(exe, "init", "--db", str(db), "--demo")
    assert proc.returncode == 0, proc.stderr
    return db


def run(exe: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout,
                          env=bi.smoke_env())


def test_version(exe):
    proc = run(exe, "--version")
    assert proc.returncode == 0
    from ult_desktop import __version__
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    assert proc.stdout.strip() == f"ult-desktop {__version__} (schema {SCHEMA_VERSION})"


def test_headless_commands_work_from_the_bundle(exe, office):
    proc = run(exe, "take", "--db", str(office), "--service", "A", "--json")
    assert proc.returncode == 0, proc.stderr
    ticket = json.loads(proc.stdout)
    assert ticket["number"].startswith("A-") and ticket["state"] == "waiting"
    status = json.loads(run(exe, "status", "--db", str(office), "--json").stdout)
    assert status["services"]
    # check reads the national holidays (the backup status' cuti bersama) from the bundle
    proc = run(exe, "check", "--db", str(office), "--json")
    assert proc.returncode == 0, proc.stderr
    check = json.loads(proc.stdout)
    assert check["journal_mode"] == "delete"
    # the period report's PDF: reportlab imports its barcode modules by name (the root's QR)
    pdf = office.parent / "laporan.pdf"
    proc = run(exe, "report", "--db", str(office), "--from", "2026-01-01", "--to", "2026-01-31",
               "--out", str(pdf))
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_translations_and_exit_codes_survive_freezing(exe, office):
    proc = run(exe, "--lang", "en", "take", "--db", str(office), "--service", "Z")
    assert proc.returncode == 6
    assert proc.stderr.startswith("ult-desktop: ") and "Traceback" not in proc.stderr
    assert "Unknown service 'Z'" in proc.stderr  # the English catalogue, not a bare key
    proc = run(exe, "take", "--db", str(office), "--service", "Z")
    assert "Layanan 'Z' tidak dikenal" in proc.stderr
    missing = run(exe, "status", "--db", str(office.parent / "nope.db"))
    assert missing.returncode == 4


def test_printing_to_a_preview_file(exe, office, tmp_path):
    proc = run(exe, "take", "--db", str(office), "--service", "B",
               "--printer", f"virtual://{tmp_path}")
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.rglob("*.png"))


@pytest.mark.parametrize("mode", bi.GUI_MODES)
def test_each_gui_mode_starts_offscreen_and_closes_cleanly(exe, office, mode):
    result = bi.start_mode(exe, mode, office)
    assert result["frame_ms"] is not None, result["stderr"]
    assert result["code"] == 0, result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert "QThread: Destroyed while thread" not in result["stderr"]


def test_the_setup_wizard_starts_from_the_bundle(exe, tmp_path):
    proc = run(exe, "setup", "--config", str(tmp_path / "station.json"))
    assert "ult-smoke: first-frame" in proc.stderr, proc.stderr
    assert proc.returncode == 1  # closed without saving
    assert not (tmp_path / "station.json").exists()


def test_resources_are_bundled_and_unused_qt_left_out(exe):
    internal = exe.parent / "_internal"
    assert (internal / "resources" / "sounds" / "chime.wav").is_file()
    assert len(list((internal / "resources" / "voice" / "id").glob("*.wav"))) > 30
    assert (internal / "resources" / "icons" / "ult-desktop.png").is_file()
    assert (internal / "resources" / "phone" / "page.html").is_file()  # the phone page
    names = [p.relative_to(internal).as_posix().lower() for p in internal.rglob("*")]
    # speech plugins: only Windows' (winrt, sapi) and macOS' engines, never the mock
    plugins = [n for n in names if "plugins/texttospeech/" in n]
    assert all(any(k in n.rsplit("/", 1)[-1] for k in ("winrt", "sapi", "darwin"))
               for n in plugins), plugins
    # the national holidays' names (core/workdays.py), or check and due dates die
    assert list(internal.glob("holidays/locale/*/LC_MESSAGES/ID.mo"))
    assert not [n for n in names if "webengine" in n or "qt6quick" in n or "qt63d" in n]
    qm = [n for n in names if n.endswith(".qm")]
    assert all(n.endswith(("_id.qm", "_en.qm")) for n in qm), qm
    if sys.platform == "win32":
        assert (exe.parent / "ult-desktopw.exe").is_file()


def test_start_runs_the_mode_of_the_station_file(exe, office, tmp_path):
    from ult_desktop.app.station_config import StationConfig, save_station_config

    config = save_station_config(StationConfig(mode="display", db=str(office)),
                                 tmp_path / "station.json")
    proc = run(exe, "start", "--config", str(config), "--windowed")
    assert proc.returncode == 0, proc.stderr
    assert "window=DisplayWindow" in proc.stderr


def test_demo_opens_its_windows_from_the_bundle(exe, tmp_path):
    env = bi.smoke_env(XDG_DATA_HOME=str(tmp_path), LOCALAPPDATA=str(tmp_path))
    proc = subprocess.run([str(exe), "demo"], capture_output=True, text=True, timeout=120,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert "ult-smoke: first-frame" in proc.stderr
    assert list(tmp_path.rglob("demo.db"))
