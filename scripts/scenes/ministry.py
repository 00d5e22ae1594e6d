#!/usr/bin/env python3
"""The directorate's comparison (docs/ministry.md) on the whole X screen (1366x768 or
1920x1080) under a window manager: 40 offices x 12 months of packs (bench/bench_compare.py),
one edited by a figure, one sent twice, one not a pack, one signed by a key no office's
root registered; IKM chosen, one office marked. Then page 1 of its PDF::

    python scripts/screenshots.py --only ministry-1366x768 --only ministry-1920x1080
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes"), str(ROOT / "bench")]

from bench_compare import _Key, make_packs  # noqa: E402
from screens import grab, wait  # noqa: E402


def main(out: Path) -> None:
    import random

    from ult_desktop.core.pack import seal
    from ult_desktop.reports.ministry import build_pdf
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.ministry.window import MinistryWindow

    folder = Path(tempfile.mkdtemp(prefix="ult-ministry-")) / "paket"
    registry = make_packs(folder, 40, 12)
    edited = json.loads((folder / "K07-2026-05.ultpack").read_text())
    edited["figures"]["served"] += 1
    (folder / "K07-2026-05.ultpack").write_text(json.dumps(edited))
    shutil.copyfile(folder / "K12-2026-12.ultpack", folder / "K12-2026-12-lagi.ultpack")
    (folder / "lampiran.ultpack").write_bytes(b"%PDF-1.4 not a pack")
    stranger = _Key(random.Random(99))
    forged = json.loads((folder / "K03-2026-06.ultpack").read_text())
    body = {k: forged[k] for k in ("program", "office", "month", "made_at", "figures", "proof")}
    (folder / "K03-2026-06-palsu.ultpack").write_text(json.dumps(seal(
        body, stranger, bytes.fromhex(forged["root_public_key"]), [])))
    app = ensure_app()
    screen = app.primaryScreen().geometry()
    size = f"{screen.width()}x{screen.height()}"
    w = MinistryWindow(str(folder), str(registry))
    w.resize(screen.width(), screen.height() - 28)
    w.show()
    wait(lambda: w.table.rowCount() > 40)
    w.figure.setCurrentIndex(w.figure.findData("ikm"))
    w.table.selectRow(3)
    grab(out, f"ministry-{size}.png")
    pdf = build_pdf(w.c, folder.parent / "perbandingan.pdf")
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l",
                        str(page), str(pdf), str(out / f"ministry-pdf-{page}")], check=True)
        print(out / f"ministry-pdf-{page}.png")
    w.close()
    shutil.rmtree(folder.parent, ignore_errors=True)
