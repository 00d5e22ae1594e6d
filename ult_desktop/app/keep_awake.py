"""Keep the screen on and the PC awake while a kiosk, lobby display or survey runs.

Else Windows blanks the lobby TV and sleeps. ``SetThreadExecutionState(ES_CONTINUOUS |
ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED)`` holds while its thread says so, so it is
called on the GUI thread and reset with ``ES_CONTINUOUS`` alone at the end. Elsewhere
nothing is done; docs/deployment.md gives the session and ``powercfg`` settings."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
ES_CONTINUOUS = 0x80000000
#: Modes with nobody at the keyboard: they must never blank or sleep.
UNATTENDED_MODES = ("kiosk", "display", "survey")

Setter = Callable[[int], int]


def windows_setter() -> Setter | None:
    """kernel32's ``SetThreadExecutionState`` (None off Windows)."""
    if sys.platform != "win32":
        return None
    import ctypes  # pragma: no cover - Windows only
    from ctypes import wintypes  # pragma: no cover

    fn = ctypes.WinDLL("kernel32", use_last_error=True).SetThreadExecutionState  # pragma: no cover
    fn.argtypes = [wintypes.DWORD]  # pragma: no cover
    fn.restype = wintypes.DWORD  # pragma: no cover
    return fn  # pragma: no cover


@contextlib.contextmanager
def keep_awake(mode: str, *, setter: Setter | None | bool = True) -> Iterator[bool]:
    """While the block runs, keep display and system awake if *mode* is unattended;
    yields True when Windows accepted. *setter*: True the real call, falsy none, or a
    test's fake."""
    fn = windows_setter() if setter is True else (setter or None)
    if fn is None or mode not in UNATTENDED_MODES:
        yield False
        return
    previous = fn(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED)
    if not previous:  # NULL: the call failed
        log.warning("SetThreadExecutionState refused; the screen may sleep (see "
                    "docs/deployment.md, power settings)")
    else:
        log.info("%s: display and system kept awake while running", mode)
    try:
        yield bool(previous)
    finally:
        fn(ES_CONTINUOUS)  # back to normal: the screen may sleep again
