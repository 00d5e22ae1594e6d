"""One process per mode and station on a PC.

A Startup shortcut plus a double-click used to give two kiosks on one PC: two processes
taking numbers for one screen, and two writers of ``ult-desktop-kiosk.log``, which Windows
then can no longer rotate (a file another process holds open cannot be renamed). A
``QLockFile`` in the user's data folder, named after the mode and station, is taken
before the log is opened; a lock left by a process that died is taken over (QLockFile
checks whether its process still runs).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLockFile

from ult_desktop.app.paths import user_data_dir


def lock_path(mode: str, station: str = "") -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", station).strip("_")
    name = f"ult-desktop-{mode}" + (f"-{slug}" if slug else "") + ".lock"
    return str(user_data_dir() / name)


def hold_lock(mode: str, station: str = "") -> QLockFile | None:
    """The lock of *mode* / *station*, held by this process until it ends (keep the
    returned object alive), or None when another running process holds it."""
    path = lock_path(mode, station)
    user_data_dir().mkdir(parents=True, exist_ok=True)
    lock = QLockFile(path)
    lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
    return lock if lock.tryLock(0) else None
