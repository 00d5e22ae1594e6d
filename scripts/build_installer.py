"""Build the ULT Desktop bundle with PyInstaller, on Linux or Windows.

    python -m pip install -e ".[build]"
    python scripts/build_installer.py                 # dist/ult-desktop/
    python scripts/build_installer.py --zip           # + dist/ult-desktop-0.1.0-windows-x64.zip
    python scripts/build_installer.py --measure       # + size and start time of each mode

The folder ``dist/ult-desktop/`` (or the zip) is what goes on the USB stick; see
docs/deployment.md. ``--measure`` starts every GUI mode offscreen with
``ULT_SMOKE_EXIT_MS`` on a demo database, after evicting the bundle's files from the page
cache (Linux), and prints the time from process start to the first painted window.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
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


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x64").replace("x86_64", "x64")
    return f"{system}-{machine}"


def executable(dist: Path) -> Path:
    return dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))


def build(dist: Path, work: Path, *, clean: bool = True, quiet: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle's executable."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is missing: python -m pip install -e ".[build]"')
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
    return exe


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and
               not p.is_symlink())


def make_zip(dist: Path) -> Path:
    target = dist / f"{NAME}-{version()}-{platform_tag()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted((dist / NAME).rglob("*")):
            zf.write(path, path.relative_to(dist))
    return target


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
    args = parser.parse_args(argv)

    exe = executable(args.dist) if args.skip_build else build(args.dist, args.work,
                                                              clean=not args.no_clean)
    check = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    print(f"built: {exe} ({check.stdout.strip() or check.stderr.strip()})")
    print(f"bundle size: {folder_size(exe.parent) / 1e6:.0f} MB")
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
