"""The installed bundle: size and start time of every mode (``dist/ult-desktop``).

Measures the bundle already built by ``python scripts/build_installer.py`` (building it
takes a minute, so this benchmark does not); without one it reports nothing. Start time
= process start to the first painted window, as the app logs it with
``ULT_SMOKE_EXIT_MS``; "cold" evicts the bundle's files from the page cache first (Linux).
Quick mode measures only warm starts of the kiosk and the display.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import build_installer as bi  # noqa: E402


def run(quick: bool) -> dict[str, float]:
    exe = bi.executable(Path(os.environ.get("ULT_BUNDLE_DIST", ROOT / "dist")))
    if not exe.exists():
        from _common import Skipped

        raise Skipped(f"no bundle at {exe}; build it with scripts/build_installer.py")
    figures: dict[str, float] = {"bundle_size_mb": bi.folder_size(exe.parent) / 1e6}
    started = time.perf_counter()
    subprocess.run([str(exe), "--version"], check=True, capture_output=True)
    figures["bundle_version_cmd_ms"] = (time.perf_counter() - started) * 1000
    modes = ("kiosk", "display") if quick else bi.GUI_MODES
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ult.db"
        subprocess.run([str(exe), "init", "--db", str(db), "--demo"], check=True,
                       capture_output=True, env=bi.smoke_env())
        for mode in modes:
            for kind in (("warm",) if quick else ("cold", "warm")):
                result = bi.start_mode(exe, mode, db, cold=kind == "cold")
                if result["frame_ms"] is not None:
                    figures[f"bundle_start_{mode}_{kind}_ms"] = float(result["frame_ms"])
    return figures
