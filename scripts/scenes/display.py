#!/usr/bin/env python3
"""Screenshots of the lobby display at the three TV sizes, for docs/screenshots/.

    python scripts/screenshots.py --only display

Builds a demo office in a temp folder (with a generated logo, and a media image for the
``display_media_*`` shot), makes a morning's worth of calls and saves
``display_<w>x<h>.png``.
"""

from __future__ import annotations

import base64
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QRectF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter  # noqa: E402

from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish, start_serving  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402
from ult_desktop.ui.display.window import DisplayWindow  # noqa: E402

SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def logo_b64() -> str:
    img = QImage(256, 256, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    p.setBrush(QColor("#ffb300"))
    p.setPen(Qt.NoPen)
    p.drawEllipse(8, 8, 240, 240)
    p.setPen(QColor("#0a1a33"))
    f = QFont()
    f.setFamilies(["DejaVu Sans", "Arial"])
    f.setPixelSize(92)
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(0, 0, 256, 256), Qt.AlignCenter, "ULT")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    return base64.b64encode(bytes(data)).decode()


def media_image(path: Path) -> None:
    img = QImage(1280, 720, QImage.Format_RGB32)
    p = QPainter(img)
    grad = QLinearGradient(0, 0, 1280, 720)
    grad.setColorAt(0, QColor("#1565c0"))
    grad.setColorAt(1, QColor("#00897b"))
    p.fillRect(img.rect(), grad)
    p.setPen(QColor("white"))
    f = QFont()
    f.setFamilies(["DejaVu Sans", "Arial"])
    f.setPixelSize(64)
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(0, 0, 1280, 720), Qt.AlignCenter,
               "Survei Kepuasan\nMasyarakat\nscan QR pada tiket")
    p.end()
    img.save(str(path))


def office(folder: Path) -> Path:
    path = init_database(folder / "office.db", demo=True)
    db = open_database(path, station="screenshots", mode="counter")
    set_settings(db, office_logo_png_b64=logo_b64())
    for service in "AAAAAABBBBCCCA":
        issue_ticket(db, service=service)
    issue_ticket(db, service="B", priority=True)
    for counter in (1, 2, 3, 1, 2):
        if counter in (1, 2) and db.query(
                "SELECT 1 FROM tickets WHERE counter_number = ? AND state = 'called'",
                (counter,)):
            finish(db, counter=counter)
        call_next(db, counter=counter)
    start_serving(db, counter=3)
    db.close()
    return path


def shoot(path: Path, out: Path, size: tuple[int, int], media: Path | None, name: str) -> None:
    w = DisplayWindow(path, announce=False, media_dir=media or path.parent / "none")
    w.resize(*size)
    spin(1500)
    db = open_database(path, station="screenshots", mode="counter")
    finish(db, counter=2)
    call_next(db, counter=2)
    db.close()
    spin(4500)  # the attention flash has ended: the screenshot shows the resting state
    w.grab().save(str(out / name))
    print(out / name)
    w.shutdown()
    w.deleteLater()
    spin(50)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in SIZES:
            folder = Path(tmp) / f"{width}"
            folder.mkdir()
            shoot(office(folder), out, (width, height), None, f"display_{width}x{height}.png")
        folder = Path(tmp) / "media"
        folder.mkdir()
        (folder / "media").mkdir()
        media_image(folder / "media" / "skm.png")
        shoot(office(folder), out, (1920, 1080), folder / "media", "display_media_1920x1080.png")
