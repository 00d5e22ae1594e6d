"""The one way a screen runs work off the GUI thread without the office's record::

    off_gui(paper.test_print, url, done=self.show, failed=self.show_error, parent=self)

``fn(*args, **kwargs)`` runs on Qt's thread pool; ``done``/``failed`` come on the GUI
thread, dropped if *parent* is gone (no *failed*: the error is logged). A widget's method
is refused as a job. The application keeps its one courier (its child, never a global)."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from ult_desktop.db import errors

log = logging.getLogger(__name__)


def plain_function(fn: Callable) -> Callable:
    """*fn*, unless it is a widget's (any QObject's) method: refused as background work."""
    if isinstance(getattr(fn, "__self__", None), QObject):
        raise TypeError(f"{fn.__qualname__} is a method of a Qt object; a background job "
                        "must not touch widgets (pass a plain function)")
    return fn


class Callbacks:
    """What to call on the GUI thread when a job ends, and for whom."""

    def __init__(self, done, failed, parent: QObject | None, fallback):
        self.done, self.failed, self.parent, self.fallback = done, failed, parent, fallback

    def deliver(self, result: Any, error: Any) -> None:
        if self.parent is not None and not isValid(self.parent):
            return  # the widget that asked is gone: nobody to tell
        if error is not None:
            if self.failed is not None:
                self.failed(error)
            else:
                self.fallback(error)
        elif self.done is not None:
            self.done(result)


class _Courier(QObject):
    """The application's child, on the GUI thread; keeps each pool job's call, callbacks and
    outcome, so that every reference a job touched is let go on the GUI thread (a widget's wrapper
    freed on a pool thread would delete the widget there), and a job hands back only its token."""

    arrived = Signal(int)
    NAME = "ultOffGuiCourier"

    def __init__(self, app: QCoreApplication):
        super().__init__(app, objectName=self.NAME)
        self.jobs: dict[int, list] = {}   # token -> [fn, args, kwargs, callbacks, outcome]
        self.tokens = itertools.count(1)
        self.arrived.connect(self._deliver)

    @Slot(int)
    def _deliver(self, token: int) -> None:
        _, _, _, callbacks, (result, error) = self.jobs.pop(token)
        callbacks.deliver(result, error)


class _Job(QRunnable):
    """One :func:`off_gui` call on a pool thread; it holds only its token."""

    def __init__(self, courier: _Courier, token: int) -> None:
        super().__init__()
        self.courier, self.token = courier, token

    def run(self) -> None:
        job = self.courier.jobs[self.token]
        fn = job[0]
        try:
            job[4] = fn(*job[1], **job[2]), None
        except Exception as exc:  # delivered like a job's error, never lost
            if not isinstance(exc, errors.UltError):
                log.exception("background call %s failed", fn)
            job[4] = None, exc
        del job, fn  # the courier keeps them; they are let go on the GUI thread
        try:
            self.courier.arrived.emit(self.token)
        except RuntimeError:  # the app closed while the call ran: nobody to tell
            log.debug("background call %d ended after the app closed", self.token)


class Relay(QObject):
    """A callable a job may call from its thread (its *progress*): *slot* gets the same
    arguments on the GUI thread (:attr:`handed`, queued); nothing once *parent* is gone."""

    handed = Signal(object)

    def __init__(self, slot: Callable[..., Any], parent: QObject) -> None:
        super().__init__(parent)
        self.slot = slot
        self.handed.connect(self._hand)

    def _hand(self, args: tuple) -> None:
        self.slot(*args)

    def __call__(self, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the page closed meanwhile: the job goes on
            self.handed.emit(args)


def log_failure(error: BaseException) -> None:
    log.warning("background job failed: %s", error)


def off_gui(fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None,
            parent: QObject | None = None, **kwargs: Any) -> None:
    """Run ``fn(*args, **kwargs)`` (no database) on a pool thread; callbacks as for
    ``Station.run`` (no *failed*: the error is logged). Call it on the GUI thread."""
    app = QCoreApplication.instance()
    courier = app.findChild(_Courier, _Courier.NAME)
    if courier is None:
        courier = _Courier(app)
    token = next(courier.tokens)
    courier.jobs[token] = [plain_function(fn), args, kwargs,
                           Callbacks(done, failed, parent, log_failure), None]
    QThreadPool.globalInstance().start(_Job(courier, token))
