"""Self-test, printer: the queues Windows (or CUPS) knows, the printer's status, and with
``--print`` a test ticket whose every spooler status is recorded until it leaves the
queue. What the spooler proves is said plainly: the bytes reached the printer (M4)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from ult_desktop.app.selftest import FAIL, Check, Options, failed, passed, skipped
from ult_desktop.devices.printer import win32spool


def installed_check(wp=None) -> Check:
    if wp is not None or sys.platform == "win32":
        names = win32spool.installed_printers(wp)
        if names:
            return passed("printer.installed", "selftest.printer.installed",
                          {"printers": names}, count=len(names), names=", ".join(names[:6]))
        return failed("printer.installed", "selftest.printer.none_installed", {"printers": []})
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return skipped("printer.installed", "selftest.printer.no_cups")
    out = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=15)
    names = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    return passed("printer.installed", "selftest.printer.cups_queues",
                  {"printers": names, "lpstat_rc": out.returncode}, count=len(names),
                  names=", ".join(names[:6]) or "-")


def queue_check(config, wp=None) -> Check:
    from ult_desktop.devices.printer.errors import PrinterError

    try:
        info = win32spool.queue_info(config.target, wp=wp)
    except PrinterError as exc:
        return failed("printer.queue", "selftest.printer.queue_bad", {"error": str(exc)},
                      error=exc)
    if info["work_offline"] or info["paper_out"]:
        return failed("printer.queue", "selftest.printer.queue_offline", info,
                      name=info["name"])
    return passed("printer.queue", "selftest.printer.queue_ok", info, name=info["name"],
                  driver=info["driver"] or "-", version=info["driver_version"] or "?",
                  port=info["port"] or "-")


def status_check(config) -> Check:
    from ult_desktop.devices.printer.backends import read_status
    from ult_desktop.devices.printer.errors import PrinterError

    try:
        status = read_status(config)
    except PrinterError as exc:
        return failed("printer.status", "selftest.printer.status_bad", {"error": str(exc)},
                      error=exc)
    data = {"state": status.state, "online": status.online, "paper": status.paper}
    if status.state in ("ok", "paper_low", "unknown"):
        return passed("printer.status", f"selftest.printer.status_{status.state}", data,
                      target=config.display())
    return failed("printer.status", "selftest.printer.status_bad", data,
                  error=status.state)


def print_check(config, options: Options) -> Check:
    from ult_desktop.app.print_service import print_test

    seen: list[dict] = []

    def watch(job, status, words, said):
        seen.append({"job": job, "status": status, "words": words, "pStatus": said})

    win32spool.job_watchers.append(watch)
    try:
        result = print_test(config).wait(config.timeout_s + 10)
    finally:
        win32spool.job_watchers.remove(watch)
    if result is None:
        return failed("printer.print", "selftest.printer.print_timeout", {"statuses": seen},
                      target=config.display())
    data = {"ok": result.ok, "state": result.state, "bytes": result.bytes_sent,
            "ms": round(result.elapsed_ms, 1), "output": result.output_path,
            "statuses": seen, "error": result.error}
    if not result.ok:
        return failed("printer.print", "selftest.printer.print_bad", data, error=result.error)
    if result.output_path:
        return passed("printer.print", "selftest.printer.print_preview", data,
                      path=result.output_path)
    key = "selftest.printer.print_spooled" if config.kind == "win32" else \
        "selftest.printer.print_ok"
    return passed("printer.print", key, data, target=config.display(),
                  bytes=result.bytes_sent)


def checks(options: Options, *, wp=None) -> list[Check]:
    from ult_desktop.app.print_service import printer_config
    from ult_desktop.devices.printer.errors import PrinterError

    out = [installed_check(wp)]
    spooled = (options.printer or "").strip().lower().startswith("win32:")
    if out[0].status == FAIL and not spooled:  # no Windows queue needed: none is fine
        out = [skipped("printer.installed", "selftest.printer.no_queue_needed")]
    if not options.printer or options.printer.strip().lower() == "none":
        key = "selftest.printer.none_kiosk" if options.mode == "kiosk" else \
            "selftest.printer.not_used"
        maker = failed if options.mode == "kiosk" else skipped
        return out + [maker("printer.status", key)]
    try:
        extra = {"width_mm": options.paper_width} if options.paper_width else {}
        config = printer_config(options.printer, **extra)
    except PrinterError as exc:
        return out + [failed("printer.status", "selftest.printer.bad_url", {"error": str(exc)},
                             error=exc)]
    if config.kind == "win32":
        out.append(queue_check(config, wp))
    out.append(status_check(config))
    if options.do_print:
        out.append(print_check(config, options))
    else:
        out.append(skipped("printer.print", "selftest.printer.print_not_asked"))
    return out
