#!/usr/bin/env python3
"""Screenshots of a TV whose phone-page port another program holds, for docs/screenshots/:
its red line, the running text without the page, at the size of the X screen.

    python scripts/screenshots.py --only display-phone-not-served
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))

from screens import spin, wait  # noqa: E402

from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    size = app.primaryScreen().size()
    folder = Path(tempfile.mkdtemp(prefix="ult-phone-taken-"))
    path = init_database(folder / "office.db", demo=True)
    blocker = socket.socket()  # another program holds the port
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    db = open_database(path, station="admin", mode="admin")
    set_settings(db, phone_address="127.0.0.1", phone_port=blocker.getsockname()[1])
    db.close()
    from ult_desktop.ui.display.window import DisplayWindow

    w = DisplayWindow(path, station_id="tv-lobi", tts=False, media_dir=folder / "no-media")
    w.setGeometry(0, 0, size.width(), size.height())  # the TV's whole screen
    w.show()
    wait(lambda: w.model.loaded and not w.phone_note.isHidden())
    spin(1500)
    name = out / f"display_phone_page_not_served_{size.width()}x{size.height()}.png"
    w.grab().save(str(name))  # the window as the TV shows it (no window manager needed)
    print(name)
    w.shutdown()
    spin(500)
    blocker.close()
