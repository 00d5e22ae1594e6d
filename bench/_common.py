"""Helpers for benchmarks: a fresh demo database, percentiles, and the processes a bench
starts (each ends with its parent; every wait on one is bounded; none outlives the bench)."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

_TEMPLATE: Path | None = None
#: the processes this bench started (``popen``, ``process``): ended by ``end_children``
_CHILDREN: list = []


class Stalled(RuntimeError):
    """A bench that cannot go on: its one-line reason (``bench/run.py`` prints it)."""


class Skipped(RuntimeError):
    """A bench this machine cannot run (no FUSE, no PostgreSQL, no bundle built): why."""


def fresh_db(folder: Path | None = None) -> Path:
    """A new demo office database in *folder* (a temp dir by default)."""
    global _TEMPLATE
    from ult_desktop.db.house.setup import init_database

    if _TEMPLATE is None:
        _TEMPLATE = init_database(Path(tempfile.mkdtemp(prefix="ult-bench-tpl-")) / "t.db",
                                  demo=True)
    folder = folder or Path(tempfile.mkdtemp(prefix="ult-bench-"))
    target = folder / "office.db"
    shutil.copyfile(_TEMPLATE, target)
    return target


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# -- processes ---------------------------------------------------------------------------
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when *parent* (its parent's pid) is gone: the kernel's signal on
    Linux, and a watching thread everywhere (a parent killed leaves no worker spinning)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, 9)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(70)

    if os.getppid() != parent:
        os._exit(70)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _pdeathsig(parent: int):
    def child() -> None:  # between fork and exec: the kernel's signal only
        _PRCTL(_PR_SET_PDEATHSIG, 9)
        if os.getppid() != parent:
            os._exit(70)
    return child


def popen(args, **kw) -> subprocess.Popen:
    """``subprocess.Popen`` of a station or helper that is killed when this process ends
    (Linux), and ended by :func:`end_children`. The kernel's signal follows the thread
    that started the child: started from another thread (which may end before the child
    should), a child ends with its parent by its own means (its stdin closing)."""
    if _PRCTL is not None and "preexec_fn" not in kw and \
            threading.current_thread() is threading.main_thread():
        kw["preexec_fn"] = _pdeathsig(os.getpid())
    proc = subprocess.Popen(args, **kw)
    _CHILDREN.append(proc)
    return proc


def _guarded(parent: int, target, args: tuple) -> None:
    die_with_parent(parent)
    target(*args)


def process(ctx, target, *args):
    """A started ``multiprocessing`` process (of *ctx*) running ``target(*args)`` that
    ends when this process does, ended by :func:`end_children`."""
    proc = ctx.Process(target=_guarded, args=(os.getpid(), target, args), daemon=True)
    proc.start()
    _CHILDREN.append(proc)
    return proc


def collect(q, count: int, what: str, procs: list, timeout: float) -> list:
    """*count* answers from queue *q*, given by *procs* within *timeout* seconds; a
    worker that died, or a deadline passed, stops the bench with the reason."""
    got, deadline = [], time.monotonic() + timeout
    while len(got) < count:
        try:
            got.append(q.get(timeout=0.5))
            continue
        except queue.Empty:
            pass
        dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
        if dead:
            raise Stalled(f"{what}: a worker exited with code {dead[0]} "
                          f"({len(got)} of {count} answered)")
        if time.monotonic() > deadline:
            raise Stalled(f"{what}: {len(got)} of {count} answered in {timeout:.0f} s")
    return got


def _alive(proc) -> bool:
    return proc.poll() is None if isinstance(proc, subprocess.Popen) else proc.is_alive()


def end_children(grace: float = 5.0) -> list[int]:
    """End every process this bench started that is still running (terminated, killed
    after *grace* seconds), and any other child of this process (Linux ``/proc``) but
    ``multiprocessing``'s own helper; the pids that had to be ended."""
    ended = [p.pid for p in _CHILDREN if _alive(p)]
    for p in _CHILDREN:
        if _alive(p):
            p.terminate()
    deadline = time.monotonic() + grace
    for p in _CHILDREN:
        left = max(0.0, deadline - time.monotonic())
        if isinstance(p, subprocess.Popen):
            try:
                p.wait(timeout=left)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=grace)
        else:
            p.join(left)
            if p.is_alive():
                p.kill()
                p.join(grace)
    _CHILDREN.clear()
    for pid in _strays():
        ended.append(pid)
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    return ended


def _strays() -> list[int]:
    """This process's children still running (Linux), but multiprocessing's tracker."""
    if not Path("/proc").is_dir():
        return []
    try:
        from multiprocessing import resource_tracker

        tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    except ImportError:
        tracker = None
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in (me, tracker):
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == me and stat[0] != "Z":
            found.append(int(entry.name))
    return found
