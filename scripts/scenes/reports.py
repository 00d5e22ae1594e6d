"""The month's report as the office prints it (``ult-desktop report``, pages by
``pdftoppm``), over the demo month of the hall scene (``hall.seed_month``)::

    python scripts/screenshots.py --only reports

``report_p1.png`` .. : every page of the clean report; ``report_root_qr-3.png``: the page
with the signature and the root of trust's QR. Then the file is changed with plain
``sqlite3`` (a served ticket deleted) and the report printed
again: ``report_judged_p1.png`` (the figures as the judge let them stand, stamped NOT
VERIFIED) and ``report_not_verified.png`` (the same page, smaller).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hall import seed_month
from pypdf import PdfReader


def _report(path: Path, d0: str, d1: str, pdf: Path) -> Path:
    subprocess.run([sys.executable, "-m", "ult_desktop", "report", "--db", str(path),
                    "--from", d0, "--to", d1, "--out", str(pdf)], check=False)
    return pdf


def _page(pdf: Path, page: int, png: Path, dpi: int) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf), str(png.with_suffix(""))], check=True)
    print(png)


def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ult-report-shots-"))
    os.environ["ULT_KEY_DIR"] = str(folder / "keys")  # this run's own PC key and memory
    path = folder / "office.db"
    subprocess.run([sys.executable, "-m", "ult_desktop", "init", "--db", str(path), "--demo"],
                   check=True)
    d0, d1 = seed_month(path, datetime.now(timezone.utc))
    clean = _report(path, d0, d1, folder / "clean.pdf")
    pages = PdfReader(str(clean)).pages
    for number in range(1, len(pages) + 1):
        _page(clean, number, out / f"report_p{number}.png", 90)
    qr = next(i + 1 for i, p in enumerate(pages) if "Kepala" in (p.extract_text() or ""))
    _page(clean, qr, out / "report_root_qr-3.png", 80)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("DELETE FROM tickets WHERE id = (SELECT MIN(id) FROM tickets "
                "WHERE state = 'done')")
    raw.close()
    judged = _report(path, d0, d1, folder / "judged.pdf")
    _page(judged, 1, out / "report_judged_p1.png", 70)
    _page(judged, 1, out / "report_not_verified.png", 60)
