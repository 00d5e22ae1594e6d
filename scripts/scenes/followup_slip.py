"""The follow-up visit's slip as the receipt printer draws it (``devices.printer.preview``,
the same elements the ESC/POS path prints), in both languages, into docs/screenshots/.

    python scripts/screenshots.py --only followup-slip
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ult_desktop.core.receipt import visit_slip
from ult_desktop.devices.printer.preview import save_preview


def main(out: Path) -> None:
    for lang in ("id", "en"):
        elements = visit_slip(office_name="BPMP Provinsi Jawa Tengah", case_id=42,
                              day=date(2026, 3, 17), opens="09:00", closes="10:00",
                              code="40718265", topic="Legalisir ijazah", lang=lang)
        print(save_preview(elements, out / f"followup_visit_slip_{lang}.png"))
