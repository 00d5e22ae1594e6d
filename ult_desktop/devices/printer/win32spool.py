"""``win32://Printer Name``: a raw job through the Windows spooler, and its fate.

The spooler accepts a job whether or not the printer is there and prints it later in a
burst of stale tickets. So the job is watched (``GetJob`` level 1) until printed or gone;
still waiting at the deadline, or in error / offline / paper-out, it is deleted and
reported "not printed", so the visitor is told at once. ``PRINTED`` only means every
byte reached the printer (without a bidi driver an empty roll is never seen). Before
spooling only "use printer offline" and paper out refuse a job (other bits are often
stale on USB queues). ``win32print`` is a parameter so tests drive the loop with a fake."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

from ult_desktop.devices.printer.errors import PrinterError

log = logging.getLogger(__name__)

# winspool.h: JOB_INFO_1.Status
JOB_STATUS_PAUSED = 0x00000001
JOB_STATUS_ERROR = 0x00000002
JOB_STATUS_DELETING = 0x00000004
JOB_STATUS_SPOOLING = 0x00000008
JOB_STATUS_PRINTING = 0x00000010
JOB_STATUS_OFFLINE = 0x00000020
JOB_STATUS_PAPEROUT = 0x00000040
JOB_STATUS_PRINTED = 0x00000080
JOB_STATUS_DELETED = 0x00000100
JOB_STATUS_BLOCKED_DEVQ = 0x00000200
JOB_STATUS_USER_INTERVENTION = 0x00000400
JOB_STATUS_COMPLETE = 0x00001000
# PRINTER_INFO_2.Status / Attributes
PRINTER_STATUS_ERROR = 0x00000002
PRINTER_STATUS_PAPER_JAM = 0x00000008
PRINTER_STATUS_PAPER_OUT = 0x00000010
PRINTER_STATUS_OFFLINE = 0x00000080
PRINTER_STATUS_NOT_AVAILABLE = 0x00001000
PRINTER_STATUS_DOOR_OPEN = 0x00400000
PRINTER_ATTRIBUTE_WORK_OFFLINE = 0x00000400
JOB_CONTROL_DELETE = 5
#: DRIVER_INFO_8.dwPrinterDriverAttributes: a v4 (XPS) driver.
PRINTER_DRIVER_XPS = 0x00000002
PRINTER_ENUM_LOCAL = 0x00000002
PRINTER_ENUM_CONNECTIONS = 0x00000004
#: GetJob on a job that has left the queue: ERROR_INVALID_PARAMETER.
_JOB_GONE = (87,)

POLL_S = 0.25
#: The document name of our tickets in the queue (what a stale job is known by).
DOC_NAME = "ULT Desktop ticket"
#: A ticket of ours still queued this long after it was spooled is stale: every job is
#: watched until printed or cancelled well within this, so nobody waits for it any more.
STALE_AFTER_S = 20.0

#: Callables ``(job, status, words, pStatus)`` told of every job status seen (the
#: self-test records them; the log always has them).
job_watchers: list[Callable[[int, int, str, str], None]] = []

_FAILED = (JOB_STATUS_ERROR | JOB_STATUS_OFFLINE | JOB_STATUS_PAPEROUT |
           JOB_STATUS_BLOCKED_DEVQ | JOB_STATUS_USER_INTERVENTION | JOB_STATUS_DELETED |
           JOB_STATUS_DELETING | JOB_STATUS_PAUSED)


def load_win32print():
    """pywin32's ``win32print`` module. :raises PrinterError: off Windows or missing."""
    if sys.platform != "win32":
        raise PrinterError("printer.error.windows_only", "unreachable")
    try:
        import win32print  # pragma: no cover - Windows only
    except ImportError:  # pragma: no cover
        raise PrinterError("printer.error.missing_driver", "unreachable", kind="win32",
                           package="pywin32") from None
    return win32print  # pragma: no cover


def installed_printers(wp: Any = None) -> list[str]:
    """Names of the printer queues this Windows account sees (local and connections);
    empty where there are none, or off Windows."""
    if wp is None:
        try:
            wp = load_win32print()
        except PrinterError:
            return []
    try:
        found = wp.EnumPrinters(PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS, None, 4)
    except Exception:  # pywintypes.error: the spooler service is stopped
        log.warning("cannot list Windows printers", exc_info=True)
        return []
    names = [p["pPrinterName"] if isinstance(p, dict) else str(p[0]) for p in found]
    return sorted(dict.fromkeys(names), key=str.lower)


def resolve_name(wp: Any, wanted: str) -> str | None:
    """The installed queue called *wanted*, ignoring case (as Windows does)."""
    for name in installed_printers(wp):
        if name.lower() == wanted.strip().lower():
            return name
    return None


def _winerror(exc: BaseException) -> int | None:
    code = getattr(exc, "winerror", None)
    if code is None and getattr(exc, "args", None):
        first = exc.args[0]
        code = first if isinstance(first, int) else None
    return code


def _state_words(status: int) -> str:
    words = [name for flag, name in ((JOB_STATUS_OFFLINE, "offline"),
                                     (JOB_STATUS_PAPEROUT, "paper out"),
                                     (JOB_STATUS_ERROR, "error"),
                                     (JOB_STATUS_USER_INTERVENTION, "needs attention"),
                                     (JOB_STATUS_BLOCKED_DEVQ, "blocked"),
                                     (JOB_STATUS_PAUSED, "paused"),
                                     (JOB_STATUS_DELETED | JOB_STATUS_DELETING, "deleted"),
                                     (JOB_STATUS_PRINTING, "printing"),
                                     (JOB_STATUS_SPOOLING, "spooling"))
             if status & flag]
    return ", ".join(words) or "waiting"


def _check_queue(wp: Any, handle: Any, target: str) -> None:
    """Delete our stale tickets (:func:`cancel_stale`: while the printer is away, before
    it prints them), then refuse before spooling only when Windows is sure: "use printer
    offline" is set, or paper out (L5). Other status bits are logged; the job's own
    status decides. :raises PrinterError: offline or out of paper."""
    cancel_stale(wp, handle, target)
    try:
        info = wp.GetPrinter(handle, 2)
    except Exception:
        return
    status, attrs = int(info.get("Status", 0) or 0), int(info.get("Attributes", 0) or 0)
    if status & PRINTER_STATUS_PAPER_OUT:
        raise PrinterError("printer.error.paper_out", "paper_out", target=target)
    if attrs & PRINTER_ATTRIBUTE_WORK_OFFLINE:
        raise PrinterError("printer.error.offline", "offline", target=target)
    if status & (PRINTER_STATUS_OFFLINE | PRINTER_STATUS_NOT_AVAILABLE | PRINTER_STATUS_ERROR |
                 PRINTER_STATUS_PAPER_JAM | PRINTER_STATUS_DOOR_OPEN):
        log.info("%s: queue status 0x%x before spooling; spooling anyway", target, status)


def driver_version(wp: Any, handle: Any) -> int | None:
    """4 for a v4 (XPS-only) driver, 3 for a v3 one, None when Windows does not say:
    ``GetPrinterDriver`` level 8's ``PRINTER_DRIVER_XPS`` (as Microsoft's raw-printing
    sample), level 2's ``cVersion`` where 8 is refused."""
    try:
        info = wp.GetPrinterDriver(handle, None, 8)
        attrs = info.get("PrinterDriverAttributes", info.get("dwPrinterDriverAttributes", 0))
        return 4 if int(attrs or 0) & PRINTER_DRIVER_XPS \
            else 3
    except Exception:
        pass
    try:
        version = int(wp.GetPrinterDriver(handle, None, 2).get("Version", 0) or 0)
    except Exception:
        return None
    return version if version in (3, 4) else None


def datatype_for(wp: Any, handle: Any) -> str:
    """``XPS_PASS`` for a v4 driver (RAW would be rendered as XPS), else ``RAW``."""
    return "XPS_PASS" if driver_version(wp, handle) == 4 else "RAW"


def queue_info(name: str, *, wp: Any = None) -> dict:
    """The queue's status, attributes, driver version and port, for the self-test;
    :raises PrinterError: no such printer."""
    with _opened(wp, name) as (wp, handle, _target):
        try:
            info = wp.GetPrinter(handle, 2)
        except Exception as exc:
            info = {"error": str(exc)}
        driver = driver_version(wp, handle)
    status, attrs = int(info.get("Status", 0) or 0), int(info.get("Attributes", 0) or 0)
    return {"name": info.get("pPrinterName", name), "status": status, "attributes": attrs,
            "port": info.get("pPortName", ""), "driver": info.get("pDriverName", ""),
            "driver_version": driver, "jobs": info.get("cJobs"),
            "work_offline": bool(attrs & PRINTER_ATTRIBUTE_WORK_OFFLINE),
            "paper_out": bool(status & PRINTER_STATUS_PAPER_OUT)}


def print_raw(name: str, data: bytes, deadline: float, *, wp: Any = None,
              target: str | None = None, poll_s: float = POLL_S,
              clock: Callable[[], float] = time.monotonic,
              sleep: Callable[[float], None] = time.sleep) -> None:
    """Spool *data* raw to the printer queue *name* and wait until it is printed.

    :raises PrinterError: unknown printer (``unreachable``), the printer is known to be
        offline / out of paper before spooling, or the job did not print by *deadline*
        (``not_printed``; the job has been deleted from the queue)."""
    with _opened(wp, name, target) as (wp, handle, target):
        _check_queue(wp, handle, target)
        job = wp.StartDocPrinter(handle, 1, (DOC_NAME, None,
                                             datatype_for(wp, handle)))
        try:
            wp.StartPagePrinter(handle)
            wp.WritePrinter(handle, data)
            wp.EndPagePrinter(handle)
        finally:
            wp.EndDocPrinter(handle)
        _wait_for_job(wp, handle, job, deadline, target, poll_s, clock, sleep)


@contextlib.contextmanager
def _opened(wp: Any, name: str, target: str | None = None) -> Iterator[tuple[Any, Any, str]]:
    """The queue *name* (matched ignoring case) opened, and closed afterwards: *wp* (None:
    pywin32's), its handle and *target* (None: ``win32://name``) for messages;
    :raises PrinterError: no such printer (``unreachable``), or no pywin32 here."""
    wp = wp if wp is not None else load_win32print()
    target = target or f"win32://{name}"
    real = resolve_name(wp, name)
    if real is None:
        raise PrinterError("printer.error.unreachable", "unreachable", target=target)
    handle = wp.OpenPrinter(real)
    try:
        yield wp, handle, target
    finally:
        try:
            wp.ClosePrinter(handle)
        except Exception:
            log.debug("ClosePrinter failed", exc_info=True)


def _wait_for_job(wp: Any, handle: Any, job: int, deadline: float, target: str,
                  poll_s: float, clock: Callable[[], float],
                  sleep: Callable[[float], None]) -> None:
    status = 0
    while True:
        try:
            info = wp.GetJob(handle, job, 1)
        except Exception as exc:
            if _winerror(exc) in _JOB_GONE:
                return  # the spooler removes a job once it has printed
            _cancel(wp, handle, job)  # not known to print: it must not print later
            raise PrinterError("printer.error.io", "error", target=target,
                               detail=str(exc)[:120]) from None
        status = int(info.get("Status", 0) or 0)
        said = str(info.get("pStatus") or "")
        _tell(job, status, target, said)
        if status & (JOB_STATUS_PRINTED | JOB_STATUS_COMPLETE):
            return  # the bytes reached the printer; DELETING only means "done, removing"
        failed = status & _FAILED
        if failed or clock() >= deadline:
            _cancel(wp, handle, job)
            state = ("paper_out" if status & JOB_STATUS_PAPEROUT else
                     "offline" if status & (JOB_STATUS_OFFLINE | JOB_STATUS_ERROR |
                                            JOB_STATUS_USER_INTERVENTION) else "no_answer")
            log.warning("win32 job %s on %s not printed (%s); deleted from the queue",
                        job, target, _state_words(status))
            raise PrinterError("printer.error.not_printed", state, target=target,
                               queue=_state_words(status) + (f" ({said})" if said else ""))
        sleep(poll_s)


def _tell(job: int, status: int, target: str, said: str) -> None:
    words = _state_words(status)
    log.info("win32 job %s on %s: status 0x%x (%s) pStatus %r", job, target, status, words,
             said)
    for watcher in list(job_watchers):
        watcher(job, status, words, said)


def _cancel(wp: Any, handle: Any, job: int) -> None:
    """Delete *job* so it never prints later in a burst of stale tickets."""
    try:
        wp.SetJob(handle, job, 0, None, JOB_CONTROL_DELETE)
    except Exception as exc:
        if _winerror(exc) not in _JOB_GONE:
            log.warning("could not delete print job %s: %s", job, exc)


def read_status(name: str, *, wp: Any = None, target: str | None = None) -> None:
    """Returns when Windows reports the queue ready (a USB queue often says "ok" until a
    job fails); :raises PrinterError: no such printer, or offline / out of paper."""
    with _opened(wp, name, target) as (wp, handle, target):
        _check_queue(wp, handle, target)


def stale_jobs(jobs: list[dict], *, now: datetime | None = None,
               user: str | None = None) -> list[int]:
    """The ids among *jobs* (``EnumJobs`` level 1) of our tickets (:data:`DOC_NAME`, this
    Windows account's) not printed and spooled over :data:`STALE_AFTER_S` ago: a ticket
    the visitor was told did not print (or whose kiosk stopped while it waited), which the
    spooler would otherwise print when the printer returns."""
    now = now or datetime.now(timezone.utc)
    user = (user if user is not None else os.environ.get("USERNAME", "")).lower()
    out = []
    for job in jobs:
        status = int(job.get("Status", 0) or 0)
        if job.get("pDocument") != DOC_NAME or status & (JOB_STATUS_PRINTED |
                                                         JOB_STATUS_COMPLETE):
            continue
        if user and str(job.get("pUserName") or "").lower() not in ("", user):
            continue  # another account's ticket on a shared queue: theirs to judge
        submitted = job.get("Submitted")
        if isinstance(submitted, datetime):
            if submitted.tzinfo is None:  # SYSTEMTIME: UTC
                submitted = submitted.replace(tzinfo=timezone.utc)
            if (now - submitted).total_seconds() < STALE_AFTER_S:
                continue  # being printed now (this process or another)
        out.append(int(job["JobId"]))
    return out


def cancel_stale(wp: Any, handle: Any, target: str) -> list[int]:
    """Delete our stale tickets from the queue (:func:`stale_jobs`); their ids."""
    try:
        jobs = list(wp.EnumJobs(handle, 0, 999, 1))
    except Exception as exc:  # the spooler stopped: the print itself says so
        log.info("%s: jobs not listed (%s)", target, exc)
        return []
    stale = stale_jobs(jobs)
    for job in stale:
        _cancel(wp, handle, job)
    if stale:
        log.warning("%s: %d stale ticket job(s) of ours deleted from the queue (%s): they "
                    "were reported not printed and must never print later", target,
                    len(stale), ", ".join(map(str, stale)))
    return stale
