"""Keep the screen on and the PC awake while a kiosk, lobby display or survey runs.

Nobody touches the lobby PC: without this Windows blanks the TV after a few minutes and
then sleeps, and the queue disappears from the wall. ``SetThreadExecutionState`` with
``ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED`` tells Windows "in use" for
as long as the calling thread says so (documented: kernel32, Windows XP and later); the
state is reset with ``ES_CONTINUOUS`` alone when the mode ends. It must be called on the
thread that lives as long as the screen: the GUI thread that runs the event loop.

Elsewhere nothing is done (Linux kiosks turn blanking off in the session; see
docs/deployment.md). Power plans can still override this on some PCs, so
docs/deployment.md also gives the ``powercfg`` settings.
"""

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
    """While the block runs, keep display and system awake if *mode* is unattended.

    Yields True when Windows accepted the request. *setter* is the Windows call
    (True: the real one; None/False: do nothing; tests pass a fake).
    """
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
