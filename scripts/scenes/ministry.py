"""The ministry's comparison window (``ult-desktop ministry``) over 40 offices' signed packs
of a year (the compare bench's ``make_packs``), one of them changed after signing and one
file that is no pack; maximised under openbox, and the PDF it saves, page 1::

    python scripts/screenshots.py --only ministry
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from screens import grab, wait  # noqa: E402


def main(out: Path) -> None:
    from bench_compare import make_packs

    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.ministry.window import MinistryWindow

    app = ensure_app()
    folder = Path(tempfile.mkdtemp(prefix="ult-ministry-")) / "paket"
    registry = make_packs(folder)
    changed = folder / "K07-2026-05.ultpack"  # one figure changed after signing
    pack = json.loads(changed.read_text(encoding="utf-8"))
    pack["figures"]["served"] = pack["figures"]["served"] + 40
    changed.write_text(json.dumps(pack, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "lampiran.ultpack").write_bytes(b"{")  # not a pack
    w = MinistryWindow(str(folder), str(registry))
    w.showMaximized()
    wait(lambda: w.table.rowCount() > 40 and w.refused.count() == 2)
    w.figure.setCurrentIndex(w.figure.findData("ikm"))
    w.table.selectRow(3)
    screen = app.primaryScreen().geometry()
    grab(out, f"ministry-{screen.width()}x{screen.height()}.png")
    if screen.width() == 1366:
        pdf = folder.parent / "perbandingan.pdf"
        w.export("pdf", str(pdf))
        wait(lambda: pdf.exists() and str(pdf) in w.status.text())
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", "-f", "1", "-l", "1",
                        str(pdf), str(out / "ministry-pdf-1")], check=True)
        print(out / "ministry-pdf-1.png")
    w.close()
