"""What the screenshot scripts share: wait for a screen without sleeping blindly, and
grab the whole X screen (window manager, frames and all) with ImageMagick's ``import``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer


def spin(ms: int) -> None:
    """Let Qt run for *ms* milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(cond, ms: int = 20_000) -> None:
    """Until *cond()* holds (the screen is ready), or stop the script."""
    for _ in range(ms // 50):
        if cond():
            return
        spin(50)
    raise SystemExit("timed out waiting for the screen")


def grab(out: Path, name: str, settle_ms: int = 600) -> None:
    spin(settle_ms)
    subprocess.run(["import", "-window", "root", str(out / name)], check=True)
    print(out / name)
