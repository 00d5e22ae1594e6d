"""The Windows bundle: signed (or loudly not), versioned folders, libusb hook, no font
claim. The signing tools are Windows/SDK programs: stand-ins on PATH
record how they are called (the boundary); the zip and the layout are real."""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import build_installer as bi
from tests.wine import wine_limit
from ult_desktop.app.paths import stable_program

pytestmark = pytest.mark.windows

ROOT = Path(__file__).resolve().parents[1]


def fake_tool(folder: Path, name: str, *, signed: set[str] | None = None) -> Path:
    """A stand-in for signtool/osslsigncode that logs its arguments; ``verify`` succeeds
    for file names in *signed*; osslsigncode's ``sign`` writes its -out file."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / (name + ".py" if os.name == "nt" else name)
    signed_names = sorted(signed or ())
    script.write_text(f"""#!{sys.executable}
import sys, pathlib
args = sys.argv[1:]
with open({str(folder / 'calls.log')!r}, 'a') as f:
    f.write(' '.join(args) + '\\n')
if args[0] == 'verify':
    sys.exit(0 if pathlib.Path(args[-1]).name in {signed_names!r} else 1)
if '-out' in args:
    src = pathlib.Path(args[args.index('-in') + 1])
    pathlib.Path(args[args.index('-out') + 1]).write_bytes(src.read_bytes() + b'SIGNED')
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    if os.name == "nt":  # Windows runs no #! script: a .cmd found through PATHEXT starts it
        launcher = folder / (name + ".cmd")
        launcher.write_text(f'@"{sys.executable}" "{script}" %*\r\n@exit /b %errorlevel%\r\n')
        return launcher
    return script


@pytest.fixture
def bundle(tmp_path) -> Path:
    folder = tmp_path / "dist" / "ult-desktop"
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    for name in ("ult-desktop.exe", "ult-desktopw.exe", "_internal/python311.dll",
                 "_internal/PySide6/Qt6Core.dll", "_internal/_sqlite3.pyd",
                 "_internal/base_library.zip"):
        (folder / name).write_bytes(b"MZ" + name.encode())
    return folder


def test_unsigned_build_says_so_loudly_and_marks_the_bundle(bundle):
    lines = []
    assert not bi.sign_bundle(bundle, {"PATH": ""}, log=lines.append)
    assert "UNSIGNED BUILD" in lines[0] and "Smart App Control" in lines[0]
    assert (bundle / "UNSIGNED.txt").exists()


def test_osslsigncode_signs_with_timestamp_when_signtool_is_absent(bundle, tmp_path):
    tools = tmp_path / "bin"
    fake_tool(tools, "osslsigncode", signed={"python311.dll", "Qt6Core.dll"})
    env = {"PATH": str(tools), "ULT_SIGN_PFX": str(tmp_path / "office.pfx"),
           "ULT_SIGN_PASSWORD": "secret"}
    (bundle / "UNSIGNED.txt").write_text("old")
    assert bi.sign_bundle(bundle, env, log=lambda text: None)
    calls = (tools / "calls.log").read_text().splitlines()
    signs = [c for c in calls if c.startswith("sign")]
    signed = sorted(Path(c.split(" -in ")[1].split(" -out ")[0]).name for c in signs)
    # exes always; DLLs their makers signed are left alone; our unsigned .pyd is signed
    assert signed == ["_sqlite3.pyd", "ult-desktop.exe", "ult-desktopw.exe"]
    assert all("-ts http://timestamp.digicert.com" in c and "-h sha256" in c for c in signs)
    assert (bundle / "ult-desktop.exe").read_bytes().endswith(b"SIGNED")
    assert not (bundle / "UNSIGNED.txt").exists()
    assert not list(bundle.rglob("*.signed"))


def test_signtool_uses_sha256_and_rfc3161_timestamp(bundle, tmp_path):
    tool = ("signtool", "signtool.exe")
    cmd = bi.sign_command(tool, bundle / "ult-desktop.exe",
                          {"ULT_SIGN_THUMBPRINT": "ABCD", "ULT_SIGN_TIMESTAMP_URL": "http://ts"})
    assert cmd[:2] == ["signtool.exe", "sign"]
    joined = " ".join(cmd)
    assert "/fd SHA256" in joined and "/tr http://ts /td SHA256" in joined
    assert "/sha1 ABCD" in joined and "/f" not in cmd


def test_zip_installs_each_version_into_its_own_folder(bundle):
    target = bi.make_zip(bundle.parent)
    with zipfile.ZipFile(target) as zf:
        tops = {Path(name).parts[0] for name in zf.namelist()}
    assert tops == {f"ult-desktop-{bi.version()}"}


@wine_limit("junctions")
def test_shortcuts_point_through_current_in_a_versioned_install(tmp_path):
    root = tmp_path / "ULT Desktop"
    (root / "0.2.0").mkdir(parents=True)
    exe = root / "0.2.0" / "ult-desktopw.exe"
    exe.write_bytes(b"MZ")
    assert stable_program(str(exe)) == str(exe)  # no junction yet
    os.symlink(root / "0.2.0", root / "current", target_is_directory=True)  # junction
    assert stable_program(str(exe)) == str(root / "current" / "ult-desktopw.exe")


def test_spec_ships_the_report_fonts_and_keeps_windows_speech():
    """The fonts every report is written in (resources/fonts) travel with the bundle, and
    the spec names no font folder that is not there."""
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert '"fonts"' in spec and any((ROOT / "resources" / "fonts").glob("*.ttf"))
    assert '"QtTextToSpeech"' not in spec  # Qt speech is used on Windows now
    assert "winrt" in spec and "libusb-1.0.dll" in spec


def test_runtime_hook_adds_the_program_folder_to_the_dll_search(tmp_path, monkeypatch):
    folder = tmp_path / "ULT"
    folder.mkdir()
    (folder / "libusb-1.0.dll").write_bytes(b"MZ")
    added = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(folder / "ult-desktop.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)
    monkeypatch.setattr(os, "add_dll_directory", added.append, raising=False)
    monkeypatch.setenv("PATH", "/usr/bin")
    code = (ROOT / "scripts" / "pyi_rthook_ult.py").read_text(encoding="utf-8")
    exec(compile(code, "pyi_rthook_ult.py", "exec"), {"__name__": "rthook"})
    assert added == [str(folder)]
    assert os.environ["PATH"].startswith(str(folder))


def test_a_release_is_built_only_with_the_pinned_pyinstaller_and_python():
    """H2 and M1: an older PyInstaller reads the program through the install junction; a
    Python minor whose pathlib swallows share errors (3.14) must not build a release."""
    assert bi.pyinstaller_problem("6.22.2") is None
    assert "6.22.2" in bi.pyinstaller_problem("6.11.1")
    assert bi.python_problem((3, 11, 9)) is None and bi.python_problem((3, 12, 4)) is None
    refused = bi.python_problem((3, 14, 0))
    assert refused and "3.11 or 3.12" in refused


def test_a_bundle_without_the_server_engine_is_not_built():
    """The build extra brings psycopg, and the spec stops, in one sentence,
    on a build PC without it (a real interpreter with psycopg hidden), before PyInstaller
    is even asked."""
    import subprocess
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]
    assert any(dep.startswith("psycopg") for dep in extras["build"])
    spec = ROOT / "build_installer.spec"
    runner = ("import sys; sys.modules['psycopg'] = None; "  # import psycopg -> ImportError
              f"SPECPATH = {str(ROOT)!r}; "
              f"exec(compile(open({str(spec)!r}).read(), 'spec', 'exec'))")
    r = subprocess.run([sys.executable, "-c", runner], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.returncode == 1 and "psycopg is not installed" in r.stderr, r.stderr
    assert ".[build]" in r.stderr and "Traceback" not in r.stderr
    assert 'collect_submodules("psycopg")' in spec.read_text(encoding="utf-8")


def test_the_installer_script_is_signed_with_the_program_by_signtool(bundle, tmp_path):
    """The installer travels in the bundle and signtool signs it
    with the executables (a PC whose policy is AllSigned refuses an unsigned script);
    osslsigncode, which cannot, leaves it unsigned and says so."""
    (bundle / "install_windows.ps1").write_text("param()\n")
    tools = tmp_path / "bin"
    fake_tool(tools, "signtool", signed={"python311.dll", "Qt6Core.dll"})
    env = {"PATH": str(tools), "ULT_SIGN_THUMBPRINT": "ABCD"}
    assert bi.sign_bundle(bundle, env, log=lambda text: None)
    signs = [c for c in (tools / "calls.log").read_text().splitlines() if c.startswith("sign")]
    assert sorted(Path(c.split()[-1]).name for c in signs) == [
        "_sqlite3.pyd", "install_windows.ps1", "ult-desktop.exe", "ult-desktopw.exe"]
    other = tmp_path / "other"
    fake_tool(other, "osslsigncode", signed={"python311.dll", "Qt6Core.dll"})
    said = []
    assert bi.sign_bundle(bundle, {"PATH": str(other), "ULT_SIGN_PFX": "x.pfx"},
                          log=said.append)
    assert any("install_windows.ps1 left unsigned" in line for line in said)
