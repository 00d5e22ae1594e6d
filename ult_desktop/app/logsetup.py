"""Log files of a running station: rotated, and a crash leaves a trace.

One ``ult-desktop-<mode>.log`` per mode (Windows cannot rename a log another process
writes), rotated at 1 MB with 5 kept. ``faulthandler`` writes every stack to
``crash.log`` on a hard fault; every uncaught exception is logged and the screens told
(:func:`on_uncaught`): the windowless ``ult-desktopw.exe`` has no stderr."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path

from ult_desktop.app.paths import user_log_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_crash_file = None  # kept open for faulthandler for the life of the process
_listeners: list = []  # called after an uncaught exception is logged (the screens)
_previous: dict = {}  # the hooks in place before ours, still called after the log


def setup_logging(mode: str, *, folder: Path | None = None, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS, level: int = logging.INFO) -> Path | None:
    """Send this process's log to a rotating file and arm faulthandler; returns the file,
    or None when the folder cannot be written (a station starts on a read-only profile)."""
    global _crash_file
    folder = folder or user_log_dir()
    path = folder / f"ult-desktop-{mode}.log"
    handler = file_handler(path, max_bytes, backups)
    if handler is None:
        return None
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
    install_error_hooks()
    return path


def file_handler(path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
                 ) -> logging.Handler | None:
    """A log file at *path* (its folder made) rotated at *max_bytes* with *backups*
    kept, in the stations' format; None when the folder cannot be made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def on_uncaught(listener) -> None:
    """Call *listener* (no arguments, from the thread that raised) after each uncaught
    exception has been logged."""
    _listeners.append(listener)


def install_error_hooks() -> None:
    """Uncaught exceptions of every thread go to the log with their traceback (once per
    process; the hooks in place before still run after)."""
    if _previous:
        return
    _previous.update(sys=sys.excepthook, thread=threading.excepthook)
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread


def _uncaught(kind, error, trace) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        _record(threading.current_thread().name, (kind, error, trace))
    _previous["sys"](kind, error, trace)


def _uncaught_in_thread(args) -> None:
    if args.exc_type is not SystemExit:
        name = args.thread.name if args.thread is not None else "?"
        _record(name, (args.exc_type, args.exc_value, args.exc_traceback))
    _previous["thread"](args)


def _record(thread: str, exc_info) -> None:
    logging.getLogger("ult_desktop.uncaught").error(
        "uncaught exception in thread %s", thread, exc_info=exc_info)
    for listener in list(_listeners):
        try:
            listener()
        except Exception:  # a screen already gone: the log has it all the same
            logging.getLogger("ult_desktop.uncaught").debug("listener failed", exc_info=True)


def rotate_crash_log(path: Path, max_bytes: int = MAX_BYTES) -> bool:
    """Move *path* to ``<path>.1`` when it is larger than *max_bytes*; True if moved."""
    try:
        if path.stat().st_size <= max_bytes:
            return False
        os.replace(path, path.with_name(path.name + ".1"))
    except OSError:  # missing, or held open by another process (WinError 32)
        return False
    return True
