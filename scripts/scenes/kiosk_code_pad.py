#!/usr/bin/env python3
"""The kiosk's start screen with "Punya kode kunjungan / nomor antrean?" and its touch
keypad (a number half typed), at 1366x768 and 1080x1920 portrait, plain and large text.

    python scripts/screenshots.py --only kiosk-code-pad

Writes ``docs/screenshots/kiosk_code_pad_<start|keypad|keypad_large>_<size>.png``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def _wait(app, condition, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the kiosk did not get ready")
        app.processEvents()
        time.sleep(0.02)


def _settle(app) -> None:
    for _ in range(30):
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    from ult_desktop.ui.kiosk.window import KioskWindow, Timings

    app = ensure_app()
    work = Path(tempfile.mkdtemp(prefix="ult-code-pad-shots-"))
    path = init_database(work / "office.db", demo=True)
    long = Timings(ticket_ms=600_000, not_printed_ms=600_000, error_ms=600_000,
                   idle_ms=600_000, refresh_ms=600_000, guard_ms=0)
    for size in ((1366, 768), (1080, 1920)):
        name = f"{size[0]}x{size[1]}"
        w = KioskWindow(path, printer_url=f"virtual://{work / 'tickets'}", locked=False,
                        station_id="kiosk-code-shots", timings=long,
                        config_file=work / "station.json", audio_outputs=list)
        w.resize(*size)
        w.show()
        _wait(app, lambda w=w: w.link.online and w.accepting())
        _settle(app)
        w.grab().save(str(out / f"kiosk_code_pad_start_{name}.png"))
        w.pad.open()
        for ch in "A-0":
            w.pad.key(ch)
        _settle(app)
        w.grab().save(str(out / f"kiosk_code_pad_keypad_{name}.png"))
        w.spoken.set_large(True)
        _wait(app, lambda w=w: w.view.large)
        _settle(app)
        w.grab().save(str(out / f"kiosk_code_pad_keypad_large_{name}.png"))
        w.shutdown()
        w.deleteLater()
        _settle(app)
