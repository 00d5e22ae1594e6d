"""Render one page of each kind of the evidence pack to PNG for docs/.

    python scripts/screenshots.py --only evidence-pack
A demo office with three generated months of 2025, the office's Standar Pelayanan set.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from tests.reports_month import generate_month  # noqa: E402
from ult_desktop.core.evidence import SP_OFFICE_KEYS  # noqa: E402
from ult_desktop.db.house import office  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.reports.evidence import build_evidence  # noqa: E402


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="ult-evidence-"))
    db = open_database(init_database(work / "office.db", demo=True), station="docs", mode="test")
    for month in (3, 4, 5):
        generate_month(db, 2025, month, per_day=10, seed=month)
    office.set_settings(db, standar_pelayanan={**{k: f"({k})" for k in SP_OFFICE_KEYS},
                                               "sk_number": "800/12/BPMP/2025",
                                               "sk_date": "2025-01-06"})
    files = build_evidence(db, 2025, work / "bukti-2025")
    db.close()
    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        if f.suffix == ".pdf":
            name = "evidence-" + f.stem.split(" ", 1)[0].replace(".", "_")
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", "1", "-l", "1",
                            str(f), str(out / name)], check=True)
            print(out / f"{name}.png")
