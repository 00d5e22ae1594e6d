"""The Windows setup program (installer/ult-desktop.nsi, built by
``scripts/build_installer.py --setup``): given everything by the build, compiled by
NSIS's makensis (a Linux program too), signed or loudly not. Installing it is the
Windows lane's part (scripts/windows_lane.py, tests/test_windows_lane.py)."""

from __future__ import annotations

import re
import shutil
import sys
import uuid
from pathlib import Path

import pytest

from scripts import build_installer as bi
from tests.test_windows_bundle import fake_tool

needs_makensis = pytest.mark.skipif(shutil.which("makensis") is None,
                                    reason="no makensis (Debian: apt-get install nsis)")


@pytest.fixture
def dist(tmp_path) -> Path:
    """A stand-in Windows bundle: the files the script names, none of them a program."""
    bundle = tmp_path / "dist" / "ult-desktop"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("ult-desktop.exe", "ult-desktopw.exe", "_internal/base_library.zip"):
        (bundle / name).write_bytes(b"MZ" + name.encode())
    (bundle / "_internal" / "build-info.json").write_text('{"version": "0.2.0rc1"}')
    return bundle.parent


@pytest.mark.parametrize("version, four", [("0.2.0", "0.2.0.0"), ("0.3.0rc1", "0.3.0.0"),
                                           ("1.2.3.4.5", "1.2.3.4"), ("2", "2.0.0.0")])
def test_the_file_version_is_four_numbers(version, four):
    assert bi.four_numbers(version) == four


def test_the_script_is_given_what_the_program_declares(dist):
    from ult_desktop.app.station_config import FILE_VERSION
    from ult_desktop.core.settings import SETTINGS
    from ult_desktop.devices.lan import LAN_PORT

    found = bi.setup_defines(dist / "ult-desktop", dist / "x.exe", "0.2.0")
    assert found["LAN_PORT"] == str(LAN_PORT)
    assert found["STATION_FILE_VERSION"] == str(FILE_VERSION)
    assert found["PHONE_PORT"] == str(SETTINGS["phone_port"].default)


def test_the_script_holds_no_version_of_its_own():
    """Never edited per release: every value comes from ``makensis -D``."""
    script = bi.NSI.read_text(encoding="utf-8")
    assert not re.search(r"!define\s+(VERSION|BUNDLE|OUTFILE)\b", script)
    assert "VIProductVersion \"${VIVERSION}\"" in script
    for name in bi.setup_defines(Path("b"), Path("o"), "1.0").keys():
        assert "${" + name + "}" in script and f"REQUIRE {name}" in script


def test_only_a_windows_bundle_makes_a_setup_program(tmp_path):
    (tmp_path / "ult-desktop").mkdir()
    (tmp_path / "ult-desktop" / "ult-desktop").write_bytes(b"\x7fELF")
    with pytest.raises(SystemExit, match="Windows bundle"):
        bi.build_setup(tmp_path, {"PATH": ""})


@needs_makensis
def test_makensis_compiles_it_and_an_unsigned_one_says_so(dist):
    lines = []
    setup, signed = bi.build_setup(dist, {"PATH": "/usr/bin:/bin"}, log=lines.append)
    assert setup == dist / "ult-desktop-0.2.0rc1-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ" and not signed
    assert "UNSIGNED SETUP PROGRAM" in lines[0] and "Smart App Control" in lines[0]


@needs_makensis
def test_a_given_certificate_signs_the_setup_program(dist, tmp_path):
    tools = tmp_path / "bin"
    fake_tool(tools, "osslsigncode")
    env = {"PATH": f"{tools}:/usr/bin:/bin", "ULT_SIGN_PFX": str(tmp_path / "office.pfx")}
    setup, signed = bi.build_setup(dist, env, log=lambda text: None)
    assert signed and setup.read_bytes().endswith(b"SIGNED")
    calls = (tools / "calls.log").read_text().splitlines()
    assert len(calls) == 1 and f"-in {setup}" in calls[0] and "-ts " in calls[0]


def test_every_message_of_the_setup_program_is_indonesian_and_english():
    script = bi.NSI.read_text(encoding="utf-8")
    said = re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\} ", script, re.M)
    indonesian = [name for name, lang in said if lang == "INDONESIAN"]
    english = [name for name, lang in said if lang == "ENGLISH"]
    assert indonesian and indonesian == english
    used = set(re.findall(r"\$\((\w+)\)", script))
    assert used == set(indonesian)
    assert script.index('MUI_LANGUAGE "Indonesian"') < script.index('MUI_LANGUAGE "English"')


def test_the_station_account_is_given_the_install_folder_only_by_its_sid():
    """What the updater needs as a standard user (docs/updates.md, "Hak tulis"): Modify
    on the install folder, inherited; never a folder above it, never a localized name;
    the uninstaller, which an administrator runs, only the administrators' to change."""
    script = bi.NSI.read_text(encoding="utf-8")
    grants = re.findall(r'icacls\.exe" "([^"]+)" (.*?)\'', script.replace("\\\n", " "))
    assert [target for target, _ in grants] == ["$INSTDIR", "$INSTDIR\\uninstall.exe"]
    assert '/grant "*$StationUser:(OI)(CI)M"' in grants[0][1]
    assert "/inheritance:r" in grants[1][1] and "$StationUser" not in grants[1][1]
    for _target, rights in grants:  # every account and group by SID
        assert not re.search(r"(Users|Administrators|SYSTEM|Pengguna):", rights)
    assert 'StrCpy $StationUser "S-1-5-32-545"' in script  # the Users group by default
    assert '"$Target\\ult-desktop.exe" update trust --root "$Root"' in script


@pytest.mark.windows
@pytest.mark.skipif(sys.platform != "win32", reason="the registry is Windows'")
def test_a_switch_names_its_version_in_apps_and_features(monkeypatch):
    """``install.show_version`` (called by a switch whose check passed) writes the
    version Apps & features shows, where the setup program wrote its entry."""
    import winreg

    from ult_desktop.app.updates import install

    name = rf"Software\ULT Desktop test {uuid.uuid4().hex[:8]}"
    access = winreg.KEY_ALL_ACCESS | winreg.KEY_WOW64_64KEY
    try:
        key = winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, name, 0, access)
    except PermissionError:
        pytest.skip("not an administrator: the setup program writes the entry as one")
    try:
        winreg.SetValueEx(key, "DisplayVersion", 0, winreg.REG_SZ, "0.1.0")
        monkeypatch.setattr(install, "UNINSTALL_KEY", name)
        install.show_version("0.2.0")
        assert winreg.QueryValueEx(key, "DisplayVersion")[0] == "0.2.0"
    finally:
        key.Close()
        winreg.DeleteKeyEx(winreg.HKEY_LOCAL_MACHINE, name, access, 0)
