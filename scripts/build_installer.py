"""Build the ULT Desktop bundle with PyInstaller, on Linux or Windows.

    python -m pip install -e ".[build]"
    python scripts/build_installer.py                 # dist/ult-desktop/
    python scripts/build_installer.py --zip           # + dist/ult-desktop-0.1.0-windows-x64.zip
    python scripts/build_installer.py --measure       # + size and start time of each mode
    python scripts/build_installer.py --zip --require-signing   # release: refuse unsigned
    python scripts/build_installer.py --skip-build --setup  # + dist/ult-desktop-0.1.0-setup.exe

The folder ``dist/ult-desktop/`` (or the zip, whose top folder is ``ult-desktop-<version>``
so each version installs into its own folder) is what goes on the USB stick; see
docs/deployment.md. ``--setup`` makes the Windows setup program from the Windows bundle
with NSIS's ``makensis`` (Debian: ``apt-get install nsis``; it runs on Linux too):
``installer/ult-desktop.nsi``, given this version, the bundle and the ports by ``-D``.

Code signing (Windows bundles): Smart App Control on a clean Windows 11 refuses unsigned
executables and DLLs, and Defender flags unsigned PyInstaller launchers. The executables
and every unsigned ``.dll``/``.pyd`` of the bundle are signed with Authenticode (SHA-256,
RFC 3161 timestamp, so signatures stay valid after the certificate expires) by
``signtool`` (Windows SDK) or, where it is missing, ``osslsigncode``. The certificate
comes from the environment:

    ULT_SIGN_PFX            the code-signing certificate (.pfx / .p12 file)
    ULT_SIGN_PASSWORD       its password (optional)
    ULT_SIGN_THUMBPRINT     instead of a file: a certificate in the Windows store (signtool)
    ULT_SIGN_TIMESTAMP_URL  default http://timestamp.digicert.com
    ULT_SIGNTOOL            path of signtool.exe / osslsigncode when not on PATH

Without a certificate the build says loudly that it is unsigned and writes
``UNSIGNED.txt`` into the bundle; the setup program is signed the same way, or said to
be unsigned. ``--measure`` starts every GUI mode offscreen with
``ULT_SMOKE_EXIT_MS`` on a demo database, after evicting the bundle's files from the page
cache (Linux), and prints the time from process start to the first painted window.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
NAME = "ult-desktop"
GUI_MODES = ("kiosk", "counter", "display", "admin", "survey")
FRAME = re.compile(r"ult-smoke: first-frame (\d+) ms")


def version() -> str:
    text = (ROOT / "ult_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def schema_version() -> int:
    """The office-file schema the source reads (``db/schemas/schema.py``)."""
    sys.path.insert(0, str(ROOT))
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    return SCHEMA_VERSION


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x64").replace("x86_64", "x64")
    return f"{system}-{machine}"


def executable(dist: Path) -> Path:
    return dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))


def build(dist: Path, work: Path, *, clean: bool = True, quiet: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle's executable."""
    try:
        import PyInstaller
    except ImportError:
        sys.exit('PyInstaller is missing: python -m pip install -e ".[build]"')
    problem = pyinstaller_problem(PyInstaller.__version__) or python_problem(sys.version_info)
    if problem:
        sys.exit(problem)
    icon = ROOT / "resources" / "icons" / "ult-desktop.ico"
    if not icon.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_icon.py")], check=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
           "--workpath", str(work), "--log-level", "WARN" if quiet else "INFO", str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    subprocess.run(cmd, check=True, cwd=ROOT)
    exe = executable(dist)
    if not exe.exists():
        sys.exit(f"build finished but {exe} is missing")
    write_build_info(exe.parent / "_internal", PyInstaller.__version__)
    # the installer travels in the zip, signed with the program (an AllSigned policy
    # refuses an unsigned script)
    shutil.copy2(ROOT / "scripts" / "install_windows.ps1", exe.parent / "install_windows.ps1")
    return exe


#: The first PyInstaller whose bootloader resolves the ``current`` junction instead of
#: reading (and lazily re-reading) the program through it: older bundles pick up the next
#: version's files when an update switches ``current`` under a running kiosk.
MIN_PYINSTALLER = "6.22.2"


def pyinstaller_problem(found: str) -> str | None:
    """Why this PyInstaller must not build a release, or None."""
    sys.path.insert(0, str(ROOT))
    from ult_desktop.core.versions import parse_version

    if parse_version(found) < parse_version(MIN_PYINSTALLER):
        return (f"PyInstaller {found} is too old: {MIN_PYINSTALLER} or newer resolves the "
                f"install junction (python -m pip install 'pyinstaller>={MIN_PYINSTALLER}')")
    return None


#: The Python minors a release is built with: the share checks pass
#: ``os.stat``'s winerror on, and from 3.14 ``pathlib`` swallows every reason, so a new
#: minor is added here only after the self-test's share checks have run on it.
RELEASE_PYTHONS = ((3, 11), (3, 12))


def python_problem(found) -> str | None:
    """Why this Python must not build a release, or None."""
    if tuple(found[:2]) in RELEASE_PYTHONS:
        return None
    allowed = " or ".join(f"{a}.{b}" for a, b in RELEASE_PYTHONS)
    return (f"Python {found[0]}.{found[1]} is not a release Python: build with {allowed} "
            "(the share checks are verified on those; see docs/windows.md, M1)")


def write_build_info(internal: Path, pyinstaller_version: str) -> None:
    """``_internal/build-info.json``: what ``ult-desktop selftest`` reports and checks, and
    the office-file schema this build reads (``release publish`` signs it into the release,
    for the stations' migration gate: docs/updates.md)."""
    import json

    internal.mkdir(parents=True, exist_ok=True)
    import psycopg
    import PySide6

    (internal / "build-info.json").write_text(json.dumps(
        {"version": version(), "schema": schema_version(),
         "pyinstaller": pyinstaller_version,
         "python": platform.python_version(), "qt": PySide6.__version__,
         "psycopg": psycopg.__version__}, indent=1), encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and
               not p.is_symlink())


def make_zip(dist: Path) -> Path:
    """The zip for the USB stick. Its top folder is ``ult-desktop-<version>``: each version
    is installed beside the others and ``current`` is switched (docs/deployment.md), so an
    update never overwrites the files of a program that is running."""
    target = dist / f"{NAME}-{version()}-{platform_tag()}.zip"
    top = f"{NAME}-{version()}"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted((dist / NAME).rglob("*")):
            zf.write(path, Path(top) / path.relative_to(dist / NAME))
    return target


# --- code signing -------------------------------------------------------------------------

TIMESTAMP_URL = "http://timestamp.digicert.com"
SIGNED_SUFFIXES = (".exe", ".dll", ".pyd", ".ps1")


def signing_tool(env: dict | None = None) -> tuple[str, str] | None:
    """("signtool"|"osslsigncode", path) or None when neither is available."""
    env = os.environ if env is None else env
    explicit = env.get("ULT_SIGNTOOL")
    if explicit:
        kind = "osslsigncode" if "osslsigncode" in Path(explicit).name.lower() else "signtool"
        return kind, explicit
    for kind in ("signtool", "osslsigncode"):
        found = shutil.which(kind, path=env.get("PATH"))
        if found:
            return kind, found
    return None


def sign_command(tool: tuple[str, str], file: Path, env: dict, out: Path | None = None) -> list[str]:
    """The command that signs *file* (osslsigncode writes to *out*)."""
    kind, exe = tool
    stamp = env.get("ULT_SIGN_TIMESTAMP_URL") or TIMESTAMP_URL
    pfx, password = env.get("ULT_SIGN_PFX"), env.get("ULT_SIGN_PASSWORD")
    if kind == "signtool":
        cmd = [exe, "sign", "/fd", "SHA256", "/tr", stamp, "/td", "SHA256",
               "/d", "ULT Desktop"]
        if env.get("ULT_SIGN_THUMBPRINT"):
            cmd += ["/sha1", env["ULT_SIGN_THUMBPRINT"]]
        else:
            cmd += ["/f", pfx] + (["/p", password] if password else [])
        return cmd + [str(file)]
    cmd = [exe, "sign", "-pkcs12", pfx, "-h", "sha256", "-ts", stamp, "-n", "ULT Desktop"]
    if password:
        cmd += ["-pass", password]
    return cmd + ["-in", str(file), "-out", str(out or file.with_suffix(file.suffix + ".signed"))]


def is_signed(tool: tuple[str, str], file: Path) -> bool:
    """True when *file* already carries a valid Authenticode signature (Python's and Qt's
    DLLs usually do: they are left as their makers signed them)."""
    kind, exe = tool
    cmd = [exe, "verify", "/pa", "/q", str(file)] if kind == "signtool" else \
        [exe, "verify", "-in", str(file)]
    return subprocess.run(cmd, capture_output=True).returncode == 0


def files_to_sign(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.suffix.lower() in SIGNED_SUFFIXES
                  and p.is_file())


def sign_bundle(bundle: Path, env: dict | None = None, *, log=print) -> bool:
    """Sign the bundle's executables and unsigned libraries. Returns True when signed;
    False (after a loud warning and ``UNSIGNED.txt`` in the bundle) when no certificate or
    tool is configured.

    :raises subprocess.CalledProcessError: a configured signing failed (never ship that).
    """
    env = dict(os.environ if env is None else env)
    tool = signing_tool(env)
    marker = bundle / "UNSIGNED.txt"
    why = unsigned_reason(env, tool)
    if why is not None or tool is None:
        log(unsigned_banner("BUILD", why or "", "bundle"))
        marker.write_text("This build of ULT Desktop is not code-signed (" + why + ").\n",
                          encoding="utf-8")
        return False
    marker.unlink(missing_ok=True)
    count = 0
    for file in files_to_sign(bundle):
        if file.suffix.lower() == ".ps1" and tool[0] != "signtool":
            log(f"{file.name} left unsigned: only signtool signs PowerShell scripts (a PC "
                "with the AllSigned policy then refuses it)")
            continue
        if file.suffix.lower() not in (".exe", ".ps1") and is_signed(tool, file):
            continue
        sign_file(tool, file, env)
        count += 1
    log(f"signed {count} files with {tool[0]}")
    return True


def sign_file(tool: tuple[str, str], file: Path, env: dict) -> None:
    """Sign *file* in place. :raises subprocess.CalledProcessError: the tool failed."""
    if tool[0] == "osslsigncode":
        out = file.with_suffix(file.suffix + ".signed")
        subprocess.run(sign_command(tool, file, env, out), check=True, capture_output=True)
        os.replace(out, file)
    else:
        subprocess.run(sign_command(tool, file, env), check=True, capture_output=True)


def unsigned_banner(what: str, why: str, thing: str) -> str:
    """The loud lines an unsigned *what* ("BUILD") prints: *thing* is not for offices."""
    banner = "!" * 78
    return (f"{banner}\n!! UNSIGNED {what}: {why}.\n!! Smart App Control blocks unsigned "
            f"programs on clean Windows 11 PCs and\n!! antivirus often flags them. Do not "
            f"ship this {thing} to offices.\n{banner}")


def unsigned_reason(env: dict, tool: tuple[str, str] | None) -> str | None:
    """Why nothing can be signed with *env* and *tool*, or None when it can."""
    if not (env.get("ULT_SIGN_PFX") or env.get("ULT_SIGN_THUMBPRINT")):
        return "no certificate (ULT_SIGN_PFX / ULT_SIGN_THUMBPRINT)"
    if tool is None:
        return "neither signtool nor osslsigncode found (ULT_SIGNTOOL)"
    return None


# --- the Windows setup program (NSIS) ---------------------------------------------------

NSI = ROOT / "installer" / "ult-desktop.nsi"


def source_value(relative: str, pattern: str) -> str:
    """The first group of *pattern* in the project's file *relative*: the ports and the
    station file's version are read from where the program declares them, once."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    found = re.search(pattern, text, re.M)
    if found is None:
        raise SystemExit(f"{relative}: no {pattern!r} (the setup program needs it)")
    return found.group(1)


def four_numbers(text: str) -> str:
    """A version as Windows' file version wants it: ``0.3.0rc1`` -> ``0.3.0.0``."""
    numbers = re.findall(r"\d+", re.match(r"[\d.]*", text).group(0))[:4]
    return ".".join(numbers + ["0"] * (4 - len(numbers)))


def bundle_version(bundle: Path) -> str:
    """The version the bundle was built as (its build-info.json), else the source's."""
    import json

    try:
        return json.loads((bundle / "_internal" / "build-info.json").read_text(
            encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return version()


def setup_name(ver: str) -> str:
    return f"{NAME}-{ver}-setup.exe"


def setup_defines(bundle: Path, out: Path, ver: str) -> dict[str, str]:
    """What ``installer/ult-desktop.nsi`` is given: it holds no version of its own."""
    return {"VERSION": ver, "VIVERSION": four_numbers(ver), "BUNDLE": str(bundle),
            "OUTFILE": str(out), "ICON": str(ROOT / "resources" / "icons" / "ult-desktop.ico"),
            "STATION_FILE_VERSION": source_value("ult_desktop/app/station_config.py",
                                                 r"^FILE_VERSION = (\d+)"),
            "LAN_PORT": source_value("ult_desktop/devices/lan.py", r"^LAN_PORT = (\d+)"),
            "PHONE_PORT": source_value("ult_desktop/core/settings.py",
                                       r'_s\("phone_port", int, (\d+)')}


def makensis_command(defines: dict[str, str], env: dict) -> list[str]:
    tool = env.get("ULT_MAKENSIS") or shutil.which("makensis", path=env.get("PATH")) or \
        sys.exit("makensis is missing: apt-get install nsis (Debian), or NSIS 3 on Windows "
                 "(ULT_MAKENSIS names it when not on PATH)")
    return [tool, "-V2", "-NOCD", *(f"-D{k}={v}" for k, v in defines.items()), str(NSI)]


def build_setup(dist: Path, env: dict | None = None, *, log=print) -> tuple[Path, bool]:
    """``dist/ult-desktop-<version>-setup.exe`` from the Windows bundle in *dist*, and
    whether it is signed: it is when a certificate is given, else said loudly not to be.

    :raises subprocess.CalledProcessError: makensis or a configured signing failed."""
    env = dict(os.environ if env is None else env)
    bundle = dist / NAME
    if not (bundle / f"{NAME}.exe").is_file():
        sys.exit(f"no {bundle / (NAME + '.exe')}: the setup program is made from the "
                 "Windows bundle (build it on Windows, or with the Windows lane)")
    ver = bundle_version(bundle)
    out = dist / setup_name(ver)
    out.unlink(missing_ok=True)
    if not (ROOT / "resources" / "icons" / "ult-desktop.ico").exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_icon.py")], check=True)
    subprocess.run(makensis_command(setup_defines(bundle, out, ver), env), check=True,
                   cwd=ROOT)
    tool = signing_tool(env)
    why = unsigned_reason(env, tool)
    if why is None and tool is not None:
        sign_file(tool, out, env)
        log(f"signed {out.name} with {tool[0]}")
        return out, True
    log(unsigned_banner("SETUP PROGRAM", why or "", "setup program"))
    return out, False


def evict_from_cache(folder: Path) -> bool:
    """Drop the bundle's files from the OS page cache, so the next start reads them from
    disk like the first start after a reboot (Linux; False where not possible)."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def smoke_env(**extra: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "ULT_SMOKE_EXIT_MS": "300", **extra}
    env.pop("ULT_DB", None)
    return env


def start_mode(exe: Path, mode: str, db: Path, *, cold: bool = False,
               timeout: float = 120) -> dict:
    """Start *mode* offscreen and let it quit by itself. Returns exit code, the app's own
    first-frame figure (ms since process start) and the wall time until it logged it."""
    if cold:
        evict_from_cache(exe.parent)
    args = [str(exe), mode, "--db", str(db)]  # fullscreen, locked: as on the station
    if mode == "kiosk":
        args += ["--printer", "none"]
    if mode == "counter":
        args += ["--counter", "1"]
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=smoke_env(), cwd=db.parent)
    frame_ms = wall_ms = None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        match = FRAME.search(line)
        if match and frame_ms is None:
            wall_ms = (time.perf_counter() - started) * 1000
            frame_ms = int(match.group(1))
    out = proc.stdout.read()
    code = proc.wait(timeout)
    return {"mode": mode, "code": code, "frame_ms": frame_ms, "wall_ms": wall_ms,
            "stderr": "".join(lines), "stdout": out}


def measure(exe: Path) -> dict:
    """Bundle size and cold/warm start of each GUI mode on a fresh demo database."""
    results = {"size_mb": folder_size(exe.parent) / 1e6}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ult.db"
        subprocess.run([str(exe), "init", "--db", str(db), "--demo"], check=True,
                       capture_output=True, env=smoke_env())
        for mode in GUI_MODES:
            cold = start_mode(exe, mode, db, cold=True)
            warm = start_mode(exe, mode, db)
            results[mode] = {"cold": cold, "warm": warm}
    return results


def foreign_bundle(dist: Path) -> bool:
    """A Windows bundle in *dist* seen from another OS (made on Windows or under Wine):
    its programs are not started here."""
    return sys.platform != "win32" and (dist / NAME / f"{NAME}.exe").is_file()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache")
    parser.add_argument("--zip", action="store_true", help="also make a zip for the USB stick")
    parser.add_argument("--measure", action="store_true",
                        help="print size and start time of each mode")
    parser.add_argument("--skip-build", action="store_true",
                        help="use the bundle already in --dist")
    parser.add_argument("--setup", action="store_true",
                        help="also make the Windows setup program (NSIS makensis)")
    parser.add_argument("--require-signing", action="store_true",
                        help="fail instead of building an unsigned Windows bundle")
    args = parser.parse_args(argv)

    exe = executable(args.dist) if args.skip_build else build(args.dist, args.work,
                                                              clean=not args.no_clean)
    if foreign_bundle(args.dist):
        print(f"bundle: {args.dist / NAME} (a Windows bundle: not started on this OS)")
    else:
        check = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
        print(f"built: {exe} ({check.stdout.strip() or check.stderr.strip()})")
    if sys.platform == "win32" or os.environ.get("ULT_SIGN_PFX"):
        signed = sign_bundle(exe.parent, log=lambda text: print(text, file=sys.stderr))
        if not signed and args.require_signing:
            return 3
    print(f"bundle size: {folder_size(exe.parent) / 1e6:.0f} MB")
    if args.setup:
        setup, signed = build_setup(args.dist, log=lambda text: print(text, file=sys.stderr))
        print(f"setup program: {setup} ({setup.stat().st_size / 1e6:.0f} MB)")
        if not signed and args.require_signing:
            return 3
    if args.zip:
        target = make_zip(args.dist)
        print(f"zip: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    if args.measure:
        results = measure(exe)
        for mode in GUI_MODES:
            for kind in ("cold", "warm"):
                r = results[mode][kind]
                if r["frame_ms"] is None:
                    last = r["stderr"].strip().splitlines()[-1:] or ["no output"]
                    print(f"start_{mode}_{kind}: failed (exit {r['code']}: {last[0]})")
                else:
                    print(f"start_{mode}_{kind}_ms: {r['frame_ms']} "
                          f"(seen by the launcher after {r['wall_ms']:.0f} ms, exit {r['code']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
