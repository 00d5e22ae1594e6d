"""One process per mode and station on a PC (a Startup shortcut plus a double-click made
two kiosks): a ``QLockFile`` taken before the log opens; a dead process's lock is taken over."""

from __future__ import annotations

import re

from PySide6.QtCore import QLockFile

from ult_desktop.app.paths import user_data_dir


def lock_path(mode: str, station: str = "") -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", station).strip("_")
    name = f"ult-desktop-{mode}" + (f"-{slug}" if slug else "") + ".lock"
    return str(user_data_dir() / name)


def hold_lock(mode: str, station: str = "", *, wait_ms: int = 0) -> QLockFile | None:
    """The lock of *mode* / *station*, held by this process until it ends (keep the
    returned object alive), or None when another running process holds it (after
    *wait_ms*: a new version started in its place waits for the old one to close)."""
    path = lock_path(mode, station)
    user_data_dir().mkdir(parents=True, exist_ok=True)
    lock = QLockFile(path)
    lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
    return lock if lock.tryLock(wait_ms) else None
