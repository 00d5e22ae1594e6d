"""A station told to stop (shutdown, logoff, a service manager) closes its windows as an
officer would, so what it holds is written first (a kiosk's print results, a desk's
journal); without this a SIGTERM ends Python at once.

- Linux/macOS: SIGTERM and SIGHUP, woken inside Qt's loop by ``signal.set_wakeup_fd``.
- Windows: ``commitDataRequest`` (the session ending) and, for a console station, the
  console's close, logoff and shutdown events (``SetConsoleCtrlHandler``: Windows ends the
  process once the handler returns, so it waits for the windows, at most
  :data:`CONSOLE_WAIT_S`).

What is not written by then is still on the station's disk and lands at its next start."""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys

from PySide6.QtCore import QObject, QSemaphore, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

CONSOLE_WAIT_S = 4.0  # Windows kills a console process 5 s after its close event
_CONSOLE_EVENTS = {2: "close", 5: "logoff", 6: "shutdown"}  # CTRL_*_EVENT


def stop_stations(app: QApplication) -> None:
    """Close every window for good (a locked kiosk too: ``shutdown``), then quit."""
    for window in app.topLevelWidgets():
        stop = getattr(window, "shutdown", None)
        stop() if callable(stop) else window.close()
    QTimer.singleShot(0, app.quit)  # also when asked before the event loop ran


class _Stopper(QObject):
    """Carries a stop asked from another thread (the console handler) to the GUI."""

    asked = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.done = QSemaphore(0)  # (the console handler waits on it, off the GUI thread)
        self.asked.connect(self._stop)
        self._keep: list = []

    def _stop(self) -> None:
        log.info("stopping: closing the windows first")
        stop_stations(QApplication.instance())
        self.done.release()


def ask_stop() -> None:
    """Stop every station as at a shutdown (a locked kiosk too), asked from any thread:
    queued to the GUI thread. ``QApplication.quit`` alone is refused by a window that
    ignores its close (a locked kiosk)."""
    app = QApplication.instance()
    stopper = getattr(app, "_ult_stopper", None)
    if stopper is not None:
        stopper.asked.emit()
    elif app is not None:
        app.quit()  # (an application without :func:`install`: tests, tools)


def install(app: QApplication) -> None:
    """Stop *app*'s stations cleanly when the system asks (once per application)."""
    if getattr(app, "_ult_stop_installed", False):
        return
    app._ult_stop_installed = True
    stopper = app._ult_stopper = _Stopper(app)
    app.commitDataRequest.connect(lambda _manager: stopper._stop())
    if sys.platform == "win32":
        _console_handler(stopper)
    else:
        with contextlib.suppress(ValueError):  # (signals are the main thread's only)
            _posix_signals(stopper)


def _posix_signals(stopper: _Stopper) -> None:
    wake_read, wake_write = socket.socketpair()
    for sock in (wake_read, wake_write):
        sock.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno())
    notifier = QSocketNotifier(wake_read.fileno(), QSocketNotifier.Type.Read, stopper)
    notifier.activated.connect(lambda *_: wake_read.recv(64))  # Python runs the handler
    stopper._keep += [wake_read, wake_write, notifier]
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name)
        before = signal.getsignal(number)  # a host's own (``bench/run.py``): still told

        def stop(got: int, frame, before=before) -> None:
            log.info("signal %s: stopping", got)
            stopper._stop()
            if callable(before):
                before(got, frame)
        signal.signal(number, stop)


def _console_handler(stopper: _Stopper) -> None:
    import ctypes

    routine = ctypes.WINFUNCTYPE(ctypes.c_int, ctypes.c_uint)

    def handler(event: int) -> int:
        if event not in _CONSOLE_EVENTS:
            return 0  # Ctrl+C, Ctrl+Break: as before
        log.info("console %s: stopping", _CONSOLE_EVENTS[event])
        stopper.asked.emit()  # queued to the GUI thread
        stopper.done.tryAcquire(1, int(CONSOLE_WAIT_S * 1000))
        return 1

    callback = routine(handler)
    stopper._keep.append(callback)  # the C side holds only a pointer
    if not ctypes.windll.kernel32.SetConsoleCtrlHandler(callback, True):
        log.warning("console stop events cannot be heard")
