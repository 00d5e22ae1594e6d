"""Moving rendered bytes to the printer, and reading its status where the link allows.

Every failure is turned into a :class:`PrinterError` whose message says what to do.
Timeouts are bounded by the caller's deadline: no call here waits longer than the
time left for the job."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.exceptions import DeviceNotFoundError

from ult_desktop.devices.printer import escpos_adapter, libusb, win32spool
from ult_desktop.devices.printer.errors import PrinterError
from ult_desktop.devices.printer.url import PrinterConfig

log = logging.getLogger(__name__)

#: DLE EOT 2 (offline cause) and DLE EOT 3 (error cause)
RT_STATUS_OFFLINE, RT_STATUS_ERROR = b"\x10\x04\x02", b"\x10\x04\x03"

#: Longest wait for one status answer (a healthy printer answers in milliseconds).
STATUS_WAIT_S = 1.5


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself. ``None`` fields were not readable."""

    online: bool | None = None
    paper: str | None = None   # "ok", "low", "out"
    #: why it is offline, when it said (DLE EOT 2 and 3): cover_open, cutter_error,
    #: printer_error
    cause: str | None = None

    @property
    def state(self) -> str:
        """Short state for heartbeats and admin: ok, paper_low, paper_out, cover_open,
        cutter_error, printer_error, offline, unknown."""
        if self.paper == "out":
            return "paper_out"
        if self.online is False:
            return self.cause or "offline"
        if self.paper == "low":
            return "paper_low"
        if self.online is None and self.paper is None:
            return "unknown"
        return "ok"


def _remaining(deadline: float) -> float:
    return max(0.05, deadline - time.monotonic())


def _missing(kind: str, package: str) -> PrinterError:
    return PrinterError("printer.error.missing_driver", "unreachable", kind=kind,
                        package=package)


def _io_error(cfg: PrinterConfig, exc: BaseException) -> PrinterError:
    if isinstance(exc, TimeoutError):
        return PrinterError("printer.error.no_answer", "no_answer", target=cfg.display())
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return PrinterError("printer.error.io", "error", target=cfg.display(), detail=detail[:120])


def _unreachable(cfg: PrinterConfig) -> PrinterError:
    return PrinterError("printer.error.unreachable", "unreachable", target=cfg.display())


# -- opening python-escpos devices ---------------------------------------------------------

def open_device(cfg: PrinterConfig, deadline: float):
    """An opened python-escpos printer object for *cfg* (tcp, usb, serial, file, win32,
    cups with pycups)."""
    timeout = _remaining(deadline)
    try:
        dev = _device(cfg, timeout)
        dev.open()
        if cfg.kind == "serial":
            dev.device.write_timeout = timeout  # a stalled line must not block forever
        return dev
    except PrinterError:
        raise
    except Exception as exc:  # USBNotFoundError, serial/OS errors, pywin32 errors ...
        if type(exc).__name__ == "NoBackendError":
            raise _missing("usb", "libusb-1.0") from None
        gone = isinstance(exc, DeviceNotFoundError) or type(exc).__name__ == "USBNotFoundError"
        if gone or (isinstance(exc, OSError) and not isinstance(exc, TimeoutError)):
            raise _unreachable(cfg) from None
        raise _io_error(cfg, exc) from None


def _driver(name: str, kind: str = "", package: str = ""):
    """python-escpos's printer class *name*; refused when its *package* is missing."""
    import escpos.printer

    cls = getattr(escpos.printer, name)
    if package and not cls.is_usable():
        raise _missing(kind, package)
    return cls


def _device(cfg: PrinterConfig, timeout: float):
    """The python-escpos printer object for *cfg*, not opened yet."""
    kind, profile = cfg.kind, cfg.profile
    if kind == "tcp":
        return _driver("Network")(cfg.target, cfg.port, timeout=timeout, profile=profile)
    if kind == "usb":
        usb = _driver("Usb", "usb", "pyusb")
        backend = libusb.usb_backend()  # next to the program first (Windows: not PATH)
        if backend is None:
            raise _missing("usb", "libusb-1.0")
        return usb(cfg.vendor_id, cfg.product_id, usb_args={"backend": backend},
                   timeout=int(timeout * 1000), profile=profile)
    if kind == "serial":
        return _driver("Serial", "serial", "pyserial")(
            cfg.target, baudrate=cfg.baudrate, timeout=min(timeout, STATUS_WAIT_S),
            dsrdtr=False, profile=profile)
    if kind == "file":
        if not Path(cfg.target).parent.is_dir():
            raise _unreachable(cfg)
        return _driver("File")(cfg.target, profile=profile)
    if kind == "win32":
        if sys.platform != "win32":
            raise PrinterError("printer.error.windows_only", "unreachable")
        return _driver("Win32Raw", "win32", "pywin32")(cfg.target, profile=profile)
    if kind == "cups":
        return _driver("CupsPrinter", "cups", "pycups")(cfg.target, profile=profile)
    raise _unreachable(cfg)  # pragma: no cover - parse_printer_url only yields known kinds


def close_quietly(dev) -> None:
    try:
        dev.close()
    except Exception:  # closing a broken link must not hide the real error
        log.debug("closing printer failed", exc_info=True)


# -- status ------------------------------------------------------------------------------------

def _set_read_timeout(dev, seconds: float) -> None:
    sock = escpos_adapter.transport(dev)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)
    elif hasattr(sock, "timeout") and not isinstance(sock, int | float):
        try:
            sock.timeout = seconds  # pyserial
        except Exception:
            pass


def query_status(dev, cfg: PrinterConfig, deadline: float) -> PrinterStatus:
    """DLE EOT 1 (online) and 4 (paper) on an opened device; a silent printer raises
    :class:`PrinterError` ``no_answer`` in status mode ``on``, is "unknown" in ``auto``."""
    if cfg.status == "off" or not escpos_adapter.can_read(dev) or cfg.kind in ("file", "win32"):
        return PrinterStatus()
    wait = min(STATUS_WAIT_S, _remaining(deadline))
    _set_read_timeout(dev, wait)
    try:
        online_raw = _ask(dev, RT_STATUS_ONLINE)
        if not online_raw:
            raise TimeoutError
        paper_raw = _ask(dev, RT_STATUS_PAPER)
    except (TimeoutError, NotImplementedError):
        if cfg.status == "on":
            raise PrinterError("printer.error.no_answer", "no_answer",
                               target=cfg.display()) from None
        return PrinterStatus()
    except OSError as exc:
        raise _io_error(cfg, exc) from None
    finally:
        _set_read_timeout(dev, _remaining(deadline))
    if not _valid_status_byte(online_raw[0]) or (paper_raw and
                                                   not _valid_status_byte(paper_raw[0])):
        # Something answered, but not like an ESC/POS printer (wrong address or port?).
        if cfg.status == "on":
            raise PrinterError("printer.error.not_printer", "unreachable", target=cfg.display())
        return PrinterStatus()
    online = not (online_raw[0] & 0x08)
    cause = None if online else _offline_cause(dev)
    paper: str | None = None
    if paper_raw:
        byte = paper_raw[0]
        if byte & 0x60:            # roll paper end sensor
            paper = "out"
        elif byte & 0x0C:          # near-end sensor
            paper = "low"
        else:
            paper = "ok"
    return PrinterStatus(online=online, paper=paper, cause=cause)


def _offline_cause(dev) -> str | None:
    """Why an offline printer is offline (DLE EOT 2, then DLE EOT 3 for an error): the
    cover, the cutter, another error; None when it does not say."""
    try:
        raw = _ask(dev, RT_STATUS_OFFLINE)
        if not raw or not _valid_status_byte(raw[0]):
            return None
        if raw[0] & 0x04:
            return "cover_open"
        if raw[0] & 0x40:
            error = _ask(dev, RT_STATUS_ERROR)
            if error and _valid_status_byte(error[0]) and error[0] & 0x08:
                return "cutter_error"
            return "printer_error"
    except (TimeoutError, NotImplementedError, OSError):
        return None
    return None


def _ask(dev, request: bytes) -> bytes:
    """Send one real-time status request and read its one-byte answer."""
    escpos_adapter.write(dev, request)
    if type(dev).__name__ == "Serial":
        return dev.device.read(1)  # pyserial's read(16) would wait for 16 bytes
    return escpos_adapter.read(dev)


def _valid_status_byte(byte: int) -> bool:
    """Real-time status bytes have bits 1 and 4 set and bits 0 and 7 clear."""
    return byte & 0x93 == 0x12


def check_status(status: PrinterStatus, cfg: PrinterConfig) -> None:
    if status.online is False and status.cause == "cover_open":
        raise PrinterError("printer.error.cover_open", "cover_open", target=cfg.display())
    if status.online is False and status.cause == "cutter_error":
        raise PrinterError("printer.error.cutter_error", "cutter_error", target=cfg.display())
    if status.online is False and status.paper != "out":
        raise PrinterError("printer.error.offline", "offline", target=cfg.display())
    if status.paper == "out":
        raise PrinterError("printer.error.paper_out", "paper_out", target=cfg.display())


# -- sending --------------------------------------------------------------------------------

def send_bytes(cfg: PrinterConfig, data: bytes, deadline: float) -> PrinterStatus:
    """Check the printer (where possible), send *data*, close. Returns the status read."""
    if cfg.kind == "cups":
        try:
            import cups  # noqa: F401
        except ImportError:
            return _send_lp(cfg, data, deadline)
    if cfg.kind == "win32":  # spooled, then watched until printed (or cancelled)
        # Half a second before the job's own timeout, so "not printed, cancelled" wins.
        win32spool.print_raw(cfg.target, data, deadline - 0.5, target=cfg.display())
        return PrinterStatus(online=True)
    dev = open_device(cfg, deadline)
    try:
        status = query_status(dev, cfg, deadline)
        check_status(status, cfg)
        try:
            escpos_adapter.write(dev, data)
            if cfg.kind == "file":
                dev.flush()
        except Exception as exc:
            if isinstance(exc, TimeoutError) or type(exc).__name__ == "SerialTimeoutException":
                raise PrinterError("printer.error.timeout", "no_answer", target=cfg.display(),
                                   seconds=f"{cfg.timeout_s:g}") from None
            raise _io_error(cfg, exc) from None
        if cfg.kind in ("win32", "cups"):
            dev.close()  # these spool the job on close
        return status
    finally:
        close_quietly(dev)


def _send_lp(cfg: PrinterConfig, data: bytes, deadline: float) -> PrinterStatus:
    """CUPS without pycups: ``lp -d QUEUE -o raw``."""
    lp = shutil.which("lp")
    if not lp:
        raise _missing("cups", "pycups")
    try:
        done = subprocess.run([lp, "-d", cfg.target, "-o", "raw", "-t", "ult-desktop"],
                              input=data, capture_output=True, timeout=_remaining(deadline),
                              env={**os.environ, "LC_ALL": "C"})
    except subprocess.TimeoutExpired:
        raise PrinterError("printer.error.timeout", "no_answer", target=cfg.display(),
                           seconds=f"{cfg.timeout_s:g}") from None
    except OSError as exc:
        raise _io_error(cfg, exc) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).decode(errors="replace").strip()
        if "not exist" in detail or "Unknown destination" in detail or "unknown" in detail:
            raise _unreachable(cfg)
        raise PrinterError("printer.error.io", "error", target=cfg.display(),
                           detail=(detail.splitlines() or ["lp"])[0][:120])
    return PrinterStatus()


def read_status(cfg: PrinterConfig, timeout_s: float | None = None) -> PrinterStatus:
    """Open the printer just to read its status (admin, heartbeat). Raises
    :class:`PrinterError` when it cannot be reached or does not answer."""
    if cfg.kind in ("none", "virtual", "cups"):
        return PrinterStatus(online=True if cfg.kind == "virtual" else None)
    deadline = time.monotonic() + (timeout_s or cfg.timeout_s)
    if cfg.kind == "win32":
        win32spool.read_status(cfg.target, target=cfg.display())
        return PrinterStatus(online=True)
    dev = open_device(cfg, deadline)
    try:
        mode = cfg.status if cfg.status != "off" else "auto"
        return query_status(dev, cfg.with_options(status=mode), deadline)
    finally:
        close_quietly(dev)
