"""Log files of a running station: rotated, and a crash leaves a trace.

Each GUI mode writes ``ult-desktop-<mode>.log`` in :func:`~ult_desktop.app.paths.user_log_dir`
(one per mode: Windows cannot rename a log another process writes), rotated at 1 MB with
5 kept, so months of running never fill the disk. ``faulthandler`` writes every thread's
stack to ``crash.log`` on a hard fault (Qt, a driver); a ``crash.log`` over
:data:`MAX_BYTES` is moved to ``crash.log.1`` first, unless another mode holds it open."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
from pathlib import Path

from ult_desktop.app.paths import user_log_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_crash_file = None  # kept open for faulthandler for the life of the process


def setup_logging(mode: str, *, folder: Path | None = None, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS, level: int = logging.INFO) -> Path | None:
    """Send this process's log to a rotating file and arm faulthandler; returns the file,
    or None when the folder cannot be written (a station starts on a read-only profile)."""
    global _crash_file
    folder = folder or user_log_dir()
    path = folder / f"ult-desktop-{mode}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.set_name("ult-desktop-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "ult-desktop-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    rotate_crash_log(folder / "crash.log", max_bytes)
    try:
        crash = open(folder / "crash.log", "a", encoding="utf-8")
    except OSError:
        crash = None
    if crash is not None:
        if _crash_file is not None:
            _crash_file.close()
        _crash_file = crash
        faulthandler.enable(file=crash, all_threads=True)
    return path


def rotate_crash_log(path: Path, max_bytes: int = MAX_BYTES) -> bool:
    """Move *path* to ``<path>.1`` when it is larger than *max_bytes*; True if moved."""
    try:
        if path.stat().st_size <= max_bytes:
            return False
        os.replace(path, path.with_name(path.name + ".1"))
    except OSError:  # missing, or held open by another process (WinError 32)
        return False
    return True
