"""Thermal ticket printer: URL config, ESC/POS rendering, PNG preview, background jobs.

    cfg = parse_printer_url("tcp://192.168.1.50:9100?width=80&profile=TM-T20II")
    job = spooler_for(cfg).submit(ticket_print_data)  # returns at once
    job.add_done_callback(lambda job: ...)  # a Future: job.result().ok / .message()"""

from __future__ import annotations

import os
import tempfile

# python-escpos caches its printer database in a fresh temp dir per process unless told
# where; one shared cache dir avoids a leaked folder (and a YAML parse) per start.
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR",
                      os.path.join(tempfile.gettempdir(), "ult-desktop-escpos"))
os.makedirs(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"], exist_ok=True)

from ult_desktop.devices.printer.backends import PrinterStatus, read_status  # noqa: E402
from ult_desktop.devices.printer.errors import PrinterConfigError, PrinterError  # noqa: E402
from ult_desktop.devices.printer.escpos_render import render_escpos  # noqa: E402
from ult_desktop.devices.printer.jobs import PrintJob, PrintResult, PrintSpooler, spooler_for  # noqa: E402
from ult_desktop.devices.printer.preview import render_preview, save_preview  # noqa: E402
from ult_desktop.devices.printer.url import PrinterConfig, parse_printer_url  # noqa: E402

__all__ = [
    "PrintJob", "PrintResult", "PrintSpooler", "PrinterConfig", "PrinterConfigError",
    "PrinterError", "PrinterStatus", "parse_printer_url", "read_status", "render_escpos",
    "render_preview", "save_preview", "spooler_for",
]
