#!/usr/bin/env python3
"""Screenshots of a TV showing a counter's call it heard on the LAN while the file is
there, before its feed read the file (the feed reads once a minute here), for
docs/screenshots/, at the size of the X screen.

    python scripts/screenshots.py --only display-lan-call
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))

from screens import spin, wait  # noqa: E402

from tests.drivers import register_stations  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.record import station_keys  # noqa: E402
from ult_desktop.devices import lan  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        os.environ.update(ULT_LAN_PORT=str(s.getsockname()[1]), ULT_LAN_TARGETS="127.0.0.1")
    app = ensure_app()
    size = app.primaryScreen().size()
    folder = Path(tempfile.mkdtemp(prefix="ult-lan-call-"))
    os.environ["ULT_KEY_DIR"] = str(folder / "tv-keys")
    path = init_database(folder / "office.db", demo=True)
    admin, keys = register_stations(path, folder, (("counter-2", "counter"),))
    root = admin.read(station_keys.lan_trust)[0]
    tickets = [issue_ticket(admin, service=s) for s in "AAB"]
    from ult_desktop.ui.display.window import DisplayWindow

    w = DisplayWindow(path, station_id="tv-lobi", tts=False, announce=False,
                      media_dir=folder / "no-media", poll_ms=60_000)
    w.setGeometry(0, 0, size.width(), size.height())  # the TV's whole screen
    w.show()
    wait(lambda: w.model.loaded and w.lan.root == root)
    called = call_next(admin, counter=2)  # the record holds it; the feed sleeps
    lan.send(lan.signed_call(keys["counter-2"], number=called.number, counter=2,
                             office=root, act=called.called_at))
    wait(lambda: bool(w.model.unconfirmed))
    spin(1500)
    name = out / f"display_lan_call_heard_{size.width()}x{size.height()}.png"
    w.grab().save(str(name))
    print(name, [t.number for t in tickets])
    w.shutdown()
    admin.close()
    spin(500)
