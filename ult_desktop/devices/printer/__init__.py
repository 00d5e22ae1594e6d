"""Thermal ticket printer: URL config (``url``), ESC/POS rendering (``escpos_render``), PNG
preview (``preview``), background jobs (``jobs``); a name is imported from its module.

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
