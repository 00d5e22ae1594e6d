"""Start-and-quit for smoke tests of a built bundle (``ULT_SMOKE_EXIT_MS=N``): logs the first
painted window on stderr, closes every window N ms later as a person would, and quits; exit
code 3 when a window refuses, 1 with no frame within ``ULT_SMOKE_TIMEOUT_MS`` (60 s).
``ULT_SMOKE_FAULT=1`` plants an error in a Qt timer after the first frame: the run shows
that it reaches the station's log (app/logsetup.py) and the station keeps going."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "ULT_SMOKE_EXIT_MS"
_IMPORTED = time.monotonic()


def process_age_ms() -> float:
    """Milliseconds since this process was created (since this module was imported when
    the platform does not say)."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as f:
                start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
            with open("/proc/uptime", encoding="ascii") as f:
                uptime = float(f.read().split()[0])
            return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            k32 = ctypes.windll.kernel32
            k32.GetCurrentProcess.restype = wintypes.HANDLE
            k32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(
                wintypes.FILETIME)] * 4
            created, now, dummy = wintypes.FILETIME(), wintypes.FILETIME(), wintypes.FILETIME()
            if not k32.GetProcessTimes(k32.GetCurrentProcess(), ctypes.byref(created),
                                       ctypes.byref(dummy), ctypes.byref(dummy),
                                       ctypes.byref(dummy)):
                raise OSError("GetProcessTimes failed")
            k32.GetSystemTimeAsFileTime(ctypes.byref(now))

            def ticks(ft):
                return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

            return (ticks(now) - ticks(created)) / 10_000
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return (time.monotonic() - _IMPORTED) * 1000


class _SmokeExit(QObject):
    def __init__(self, app: QApplication, exit_ms: int, timeout_ms: int):
        super().__init__(app)
        self.app, self.exit_ms = app, exit_ms
        self.seen = False
        QTimer.singleShot(timeout_ms, self._no_frame)

    def eventFilter(self, obj, event):
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            self.seen = True
            name = type(obj.window()).__name__
            print(f"ult-smoke: first-frame {process_age_ms():.0f} ms (process age) "
                  f"window={name}", file=sys.stderr, flush=True)
            if os.environ.get("ULT_SMOKE_FAULT"):
                QTimer.singleShot(0, _planted_fault)
            QTimer.singleShot(self.exit_ms, self._quit)
        return False

    def _quit(self) -> None:
        # A locked kiosk refuses close() from people; its shutdown() is the way out.
        for widget in self.app.topLevelWidgets():
            if widget.isVisible():
                getattr(widget, "shutdown", widget.close)()
        QTimer.singleShot(0, self.app.quit)
        QTimer.singleShot(5000, self._refused)

    def _refused(self) -> None:
        print("ult-smoke: a window refused to close", file=sys.stderr, flush=True)
        self.app.exit(3)

    def _no_frame(self) -> None:
        if not self.seen:
            print("ult-smoke: no window was shown", file=sys.stderr, flush=True)
            self.app.exit(1)


def _planted_fault() -> None:
    raise RuntimeError("ult-smoke: planted error in a Qt timer")


def install(app: QApplication) -> None:
    """Arm the smoke exit when ``ULT_SMOKE_EXIT_MS`` is set (no-op otherwise)."""
    raw = os.environ.get(ENV)
    if not raw or getattr(app, "_ult_smoke", None) is not None:
        return
    try:
        exit_ms = max(0, int(raw))
        timeout_ms = int(os.environ.get("ULT_SMOKE_TIMEOUT_MS", "60000"))
    except ValueError:
        return
    watcher = _SmokeExit(app, exit_ms, timeout_ms)
    app.installEventFilter(watcher)
    app._ult_smoke = watcher
