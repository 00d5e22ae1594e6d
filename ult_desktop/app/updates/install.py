"""The versioned folders of an install and the start that switches between them.

An install root holds one folder per version and the ``current`` link the shortcuts go
through (``C:\\Program Files\\ULT Desktop\\0.2.0``, ``...\\current``; docs/deployment.md).
A verified release is unpacked beside the running version and marked *pending*; the
next start (:func:`at_start`) points ``current`` at it and runs the new version's own
start-up check; when that fails, ``current`` goes back to the version that worked and the
new one is marked failed, never offered again. ``update-state.json`` in the root keeps
what happened for the morning check and Admin > Stasiun."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ult_desktop.app.localfiles import read_json, write_atomic

log = logging.getLogger(__name__)

STATE_FILE = "update-state.json"
CURRENT = "current"
#: Held by the one switch under way on this PC (:func:`one_switch`).
SWITCH_LOCK = ".switch.lock"
#: How long the new version's start-up check may take before it counts as failed.
START_CHECK_TIMEOUT_S = 120.0


def install_root() -> Path | None:
    """The folder holding the version folders and ``current``: ``ULT_INSTALL_ROOT`` if
    set, else the parent of the running program's folder when it has a ``current``
    beside it; None when this program is not a versioned install (a source checkout)."""
    env = os.environ.get("ULT_INSTALL_ROOT")
    if env:
        return Path(env)
    if not getattr(sys, "frozen", False):
        return None
    root = Path(sys.executable).parent.parent
    return root if (root / CURRENT).exists() or (root / STATE_FILE).exists() else None


def version_dir(root: Path, version: str) -> Path:
    """The folder of *version* in *root*; :raises ValueError: a name that is no version."""
    if not version or any(ch in version for ch in '/\\:*?"<>|') or version.startswith("."):
        raise ValueError(f"not a version folder name: {version!r}")
    return root / version


# -- the state file ------------------------------------------------------------------------
def read_state(root: Path) -> dict:
    """What the root's state file says (an empty state when it is missing or broken)."""
    return read_json(root / STATE_FILE)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_NOTING = threading.Lock()


def note(root: Path, **changes) -> dict:
    """Merge *changes* into the state file (a None value removes its key); the new state.
    One thread of this program at a time (the look, the worker, the safe moment's switch
    each note): none loses another's change."""
    with _NOTING:
        state = read_state(root)
        for key, value in changes.items():
            if value is None:
                state.pop(key, None)
            else:
                state[key] = value
        write_atomic(root / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1))
    return state


_SWITCHING = threading.Lock()


@contextlib.contextmanager
def one_switch(root: Path):
    """One switch at a time on this PC: a thread of this program (the safe moment's
    switch, the worker's hand-over when the file moved on) or another program waits
    while the first switches and checks, then finds what it did, never its trial under
    way (which it would take for a start that died). A lock on a file in *root*, which
    the system lets go when its holder dies; none where this account may not write
    (nothing can be switched there: the switch says so)."""
    with _SWITCHING:
        try:
            handle = open(root / SWITCH_LOCK, "a+b")
        except OSError:
            handle = None
        if handle is None:
            yield
            return
        with handle:
            _lock_file(handle, True)
            try:
                yield
            finally:
                _lock_file(handle, False)


def _lock_file(handle, lock: bool) -> None:
    """Take (waiting as long as it is held) or let go of the lock on *handle*'s file."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        if not lock:
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
            return
        while True:
            try:  # (LK_LOCK gives up after ten tries, a second apart: wait on)
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if lock else fcntl.LOCK_UN)


# -- the current link ----------------------------------------------------------------------
def current_version(root: Path) -> str | None:
    """The version folder ``current`` points at (None: no link yet)."""
    link = root / CURRENT
    try:
        return Path(os.path.realpath(link)).name if link.exists() else None
    except OSError:
        return None


def switch_current(root: Path, version: str) -> None:
    """Point ``current`` at *version*'s folder: a new link under another name, then the
    old link (only the link) removed and the new one renamed, as the installer does.
    Windows: a directory junction (``mklink /J``); elsewhere a symlink replaced in one
    step. :raises FileNotFoundError: no such version folder; OSError: no link made."""
    target = version_dir(root, version)
    if not target.is_dir():
        raise FileNotFoundError(target)
    link, spare = root / CURRENT, root / f"{CURRENT}.next"
    if sys.platform == "win32":
        if spare.exists():
            subprocess.run(["cmd", "/c", "rmdir", str(spare)], check=False)
        made = subprocess.run(["cmd", "/c", "mklink", "/J", str(spare), str(target)],
                              capture_output=True, creationflags=getattr(
                                  subprocess, "CREATE_NO_WINDOW", 0))
        if made.returncode != 0 or not spare.exists():
            raise OSError(f"mklink /J {spare} made no junction (exit {made.returncode})")
        if link.exists():
            subprocess.run(["cmd", "/c", "rmdir", str(link)], check=True, capture_output=True)
        os.replace(spare, link)
        return
    if spare.is_symlink() or spare.exists():
        spare.unlink()
    os.symlink(target, spare, target_is_directory=True)
    os.replace(spare, link)


# -- staging ---------------------------------------------------------------------------------
def _members(archive: zipfile.ZipFile) -> tuple[list[zipfile.ZipInfo], str]:
    """The archive's files, and the one top folder they share ("" if none).
    :raises ValueError: a member outside the archive (absolute, ``..``)."""
    infos = archive.infolist()
    for info in infos:
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if not parts or info.filename.startswith(("/", "\\")) or ".." in parts \
                or ":" in parts[0]:
            raise ValueError(f"unsafe path in the release archive: {info.filename!r}")
    paths = [PurePosixPath(i.filename.replace("\\", "/")).parts for i in infos]
    tops = {parts[0] for parts in paths}
    nested = len(tops) == 1 and all(len(parts) > 1 or info.is_dir()
                                    for parts, info in zip(paths, infos, strict=True))
    return infos, (tops.pop() if nested else "")


def stage(root: Path, version: str, archive: Path, *, schema: int | None = None) -> Path:
    """Unpack the verified *archive* into ``<root>/<version>`` beside the running one
    (first into a ``.partial`` folder, renamed once whole) and mark it pending with the
    *schema* it reads; a folder already there is kept. :raises ValueError: an unsafe archive."""
    final = version_dir(root, version)
    if not final.is_dir():
        partial = root / f"{version}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        with zipfile.ZipFile(archive) as zf:
            infos, top = _members(zf)
            for info in infos:
                name = info.filename.replace("\\", "/")
                rel = PurePosixPath(name).relative_to(top) if top else PurePosixPath(name)
                if not rel.parts or info.is_dir():
                    (partial / rel).mkdir(parents=True, exist_ok=True)
                    continue
                out = partial.joinpath(*rel.parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                if info.external_attr >> 16 & 0o111:
                    out.chmod(0o755)
        os.replace(partial, final)
    fresh = {"state": "staged"} if read_state(root).get("pending") != version else {}
    note(root, pending=version, pending_schema=schema, staged_at=now_iso(), **fresh)
    log.info("update %s staged in %s; it starts at the next start", version, final)
    return final


# -- the start ---------------------------------------------------------------------------
class NotYet(str):
    """A start-up check's answer that is no failure: the new version may not run *yet*
    (the office file waits for other stations, ``db/house/fleet.py``). The start goes back
    to the version that works and tries again at the next start."""


#: The exit code of ``update start-check`` for :class:`NotYet` (``MigrationWaits``'s).
NOT_YET_EXIT = 5


class Retry(str):
    """A start-up check that could not read what it checks (the office file held by a
    long write, the program still being written, a temporary file that went away): no
    verdict on the release, which stays staged and is checked again at the next look or
    start. Only a check that ran and failed marks a release failed here."""


#: The exit code of ``update start-check`` for :class:`Retry`.
RETRY_EXIT = 6


@dataclass(frozen=True)
class StartDecision:
    """What the start did: ``run`` the version in ``current`` (*version*), having
    ``switched`` to a new one, ``went_back`` from a failed one, or changed nothing."""

    version: str | None
    switched: bool = False
    went_back: bool = False
    reason: str = ""


def program(root: Path, version: str) -> Path:
    """The console program inside *version*'s folder."""
    exe = "ult-desktop.exe" if sys.platform == "win32" else "ult-desktop"
    return version_dir(root, version) / exe


def run_start_check(root: Path, version: str) -> str:
    """Run *version*'s own start-up check (``ult-desktop update start-check`` from its
    folder, a separate process): "" when it passed, else why not. Its output goes to a file,
    not a pipe: a process it leaves behind (or one Windows starts for it) holding the pipe
    would keep this waiting past the check's end and past its time limit."""
    exe = program(root, version)
    if not exe.is_file():
        return f"{exe.name}: not in {exe.parent.name}"
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said:
            proc = subprocess.Popen([str(exe), "update", "start-check"], stdout=said,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            try:
                code = proc.wait(timeout=START_CHECK_TIMEOUT_S)
            except subprocess.TimeoutExpired as exc:
                proc.kill()
                return _timed_out(root, version, f"{type(exc).__name__}: {exc}")
            said.seek(0)
            text = said.read()
    except OSError as exc:  # not started, or its output not kept: no verdict
        return Retry(f"{type(exc).__name__}: {exc}")
    if code != 0:
        why = (text or f"exit {code}").strip()[-300:]
        return {NOT_YET_EXIT: NotYet, RETRY_EXIT: Retry}.get(code, str)(why)
    return ""


#: A check past its time limit is a slow PC (a busy disk, an antivirus scanning the new
#: folder), no verdict, until it is this many times in a row: then a failure.
TIMEOUTS_BEFORE_BAN = 3


def _timed_out(root: Path, version: str, why: str) -> str:
    """*version*'s check ran past its time limit: :class:`Retry`, or a failure the
    :data:`TIMEOUTS_BEFORE_BAN`-th time for that version here."""
    counts = read_state(root).get("timed_out") or {}
    times = int(counts.get(version, 0)) + 1
    note(root, timed_out={**counts, version: times})
    return why if times >= TIMEOUTS_BEFORE_BAN else Retry(why)


def at_start(root: Path, *, check: Callable[[Path, str], str] = run_start_check
             ) -> StartDecision:
    """The start of a station: a trial the last start left unfinished goes back; a
    pending version (never failed here) is switched to and its start-up check run
    (*check*: "" when it passed, else why); when it fails ``current`` goes back to the
    version that worked (a :class:`NotYet` or :class:`Retry` keeps it pending). Returns
    what ``current`` now runs. One at a time on this PC (:func:`one_switch`)."""
    with one_switch(root):
        return _start(root, check)


def _start(root: Path, check: Callable[[Path, str], str]) -> StartDecision:
    state = read_state(root)
    running = current_version(root)
    trial = state.get("trial")
    if trial:  # a start died between the switch and the verdict: the old one worked
        return _go_back(root, trial["version"], trial.get("previous"), "interrupted")
    pending = state.get("pending")
    if not pending or pending == running or pending in state.get("failed", {}) \
            or not version_dir(root, pending).is_dir():
        if pending:
            note(root, pending=None)
        return StartDecision(running)
    note(root, trial={"version": pending, "previous": running, "at": now_iso()})
    try:
        switch_current(root, pending)
    except OSError:  # no link made (no right on the root): no trial, still pending
        note(root, trial=None)
        raise
    why = check(root, pending)
    if isinstance(why, NotYet | Retry):
        return _wait(root, pending, running, why)
    if why:
        return _go_back(root, pending, running, why)
    note(root, trial=None, pending=None, pending_schema=None, ready=None, previous=running,
         running=pending, switched_at=now_iso(), state="running")
    log.info("update: switched to %s (was %s)", pending, running)
    prune(root)
    show_version(pending)
    return StartDecision(pending, switched=True)


def prune(root: Path) -> list[str]:
    """After a switch: the version folders other than the one running, the one before
    (the way back) and one staged are removed, with any half-unpacked one; a folder still
    held (a program of it running) stays for the next switch. Returns those removed."""
    state = read_state(root)
    keep = {current_version(root), state.get("previous"), state.get("pending")}
    removed = []
    for folder in sorted(root.iterdir()):
        name = folder.name.removesuffix(".partial")
        if folder.name in (CURRENT, f"{CURRENT}.next") or folder.is_symlink() \
                or not folder.is_dir() or name in keep or not name[:1].isdigit() \
                or not (folder.name.endswith(".partial") or program(root, name).is_file()):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            log.info("update: %s still held; removed at the next switch", folder.name)
        else:
            removed.append(folder.name)
    if removed:
        log.info("update: old versions removed: %s", ", ".join(removed))
    return removed


#: The Apps & features entry the setup program writes (``installer/ult-desktop.nsi``), on
#: which it grants the station account the right to set values.
UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\ULT Desktop"


def show_version(version: str) -> None:
    """Apps & features names *version* after a switch (Windows; the entry of a setup
    program's install, none for a zip install): a refusal is logged, never raised."""
    if sys.platform != "win32":
        return
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, UNINSTALL_KEY, 0,
                            winreg.KEY_SET_VALUE | winreg.KEY_WOW64_64KEY) as key:
            winreg.SetValueEx(key, "DisplayVersion", 0, winreg.REG_SZ, version)
    except OSError as exc:
        log.warning("update: Apps & features still names the old version (%s)", exc)


def precheck(root: Path, version: str, *,
             check: Callable[[Path, str], str] = run_start_check) -> str:
    """Right after staging, *version*'s own start-up check from its folder, the running
    version untouched: "" or a wait (:class:`NotYet`) keep it staged, and only then does
    the office count this station ready for the schema it reads (``db/house/fleet.py``);
    one that passed is ``ready``: a running station takes it at its next safe moment
    (``station.ready_to_switch``), one that waits is looked at again at the next look;
    a failure marks it failed here before the file could migrate for it, and the station
    stays on the version that works. Returns why it failed ("" when it did not)."""
    why = check(root, version)
    if isinstance(why, Retry):  # no verdict: checked again at the next look
        note(root, ready=None, retry={"version": version, "why": why[:300], "at": now_iso()})
        log.info("update: %s could not be checked (%s); again at the next look", version, why)
        return ""
    if not why or isinstance(why, NotYet):  # passed: a running station may take it now
        note(root, ready=None if why else version, retry=None)
        return ""
    _mark_failed(root, version, current_version(root), why)
    log.warning("update: %s failed its start-up check before its start (%s)", version, why)
    return why


def lift_bans(root: Path, only: dict[str, str] | None = None) -> list[str]:
    """The IT officer's word (``update look --again``, or Admin's button for the versions
    in *only*, each with when it was asked, taken once): the versions marked failed here
    may be offered, staged and checked again (a newer release needs none: it was never
    banned). Returns the versions lifted."""
    state = read_state(root)
    failed, taken = state.get("failed", {}), state.get("lifted", {})
    lifted = sorted(v for v in failed if only is None or (
        v in only and taken.get(v) != only[v]))
    if lifted:
        left = {v: why for v, why in failed.items() if v not in lifted}
        gone = (state.get("went_back") or {}).get("from") in lifted
        note(root, failed=left or None, went_back=None if gone else state.get("went_back"),
             lifted={**taken, **{v: (only or {}).get(v, now_iso()) for v in lifted}},
             state=None if gone and state.get("state") == "went_back" else state.get("state"))
        log.info("update: failed mark lifted from %s", ", ".join(lifted))
    return lifted


def _go_back(root: Path, failed: str, previous: str | None, why: str) -> StartDecision:
    """Point ``current`` back at *previous* and never offer *failed* again."""
    if previous and version_dir(root, previous).is_dir():
        switch_current(root, previous)
    _mark_failed(root, failed, previous, why, trial=None)
    log.warning("update: went back from %s to %s: it failed its start-up check (%s)",
                failed, previous, why)
    return StartDecision(previous, went_back=True, reason=why)


def _mark_failed(root: Path, version: str, to: str | None, why: str, **more) -> None:
    """*version* failed here (never offered again; *why*), the station back on *to*."""
    note(root, pending=None, pending_schema=None, state="went_back",
         failed={**read_state(root).get("failed", {}), version: why[:300]},
         went_back={"from": version, "to": to, "why": why[:300], "at": now_iso()}, **more)


def _wait(root: Path, pending: str, previous: str | None, why: str) -> StartDecision:
    """Back on *previous*; *pending* stays staged for the next start (no failure) and
    ready again only once the next look's check passes: it waits for the file
    (:class:`NotYet`) or could not be checked (:class:`Retry`)."""
    if previous and version_dir(root, previous).is_dir():
        switch_current(root, previous)
    entry = {"version": pending, "why": why[:300], "at": now_iso()}
    if isinstance(why, Retry):
        note(root, trial=None, state="staged", ready=None, retry=entry)
    else:
        note(root, trial=None, state="waiting", ready=None, waiting=entry)
    log.info("update: %s waits (%s); %s runs meanwhile", pending, why, previous)
    return StartDecision(previous, reason=why)
