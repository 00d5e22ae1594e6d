#!/usr/bin/env python3
"""Screenshots of a counter PC serving the visitors' phone page through an outage, for
docs/screenshots/: the counter's screen online and with the share away, and the phone page
(Debian's chromium, 360 px wide) saying the call the counter heard on the LAN.

    python scripts/screenshots.py --only phone-duty

The share is the tests' fault share (FUSE, ``tests/faultfs``) pulled with EIO, as the
outage tests pull it; the call is what the counter's LAN ear hands the page
(``PhoneDuty.heard_call``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))

from screens import counter_signed_in, grab, wait  # noqa: E402

from tests.drivers import phone_answer  # noqa: E402
from tests.faultfs.control import FaultShare  # noqa: E402
from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def phone_shot(port: int, code: str, out: Path) -> None:
    """The visitor's page as her phone shows it (chromium, 360 x 780)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        f"--user-data-dir={profile}", "--hide-scrollbars",
                        "--window-size=360,780", "--virtual-time-budget=4000",
                        f"--screenshot={out}", f"http://127.0.0.1:{port}/t/{code}"],
                       check=True, capture_output=True, timeout=60)
    print(out)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    size = app.primaryScreen().size()
    tag = f"{size.width()}x{size.height()}_openbox"
    folder = Path(tempfile.mkdtemp(prefix="ult-phone-duty-"))
    share = FaultShare(folder / "share", delay_ms=1.0).start()
    path = init_database(share.path / "office.db", demo=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = open_database(path, station="kiosk", mode="kiosk")
    tickets = [issue_ticket(db, service="A") for _ in range(4)]
    set_settings(db, phone_address="127.0.0.1", phone_port=port, phone_station="counter-1")
    db.close()
    w = counter_signed_in(path, 1, "sari", folder / "data")
    duty = w.pc.phone
    wait(lambda: duty.server is not None and duty.ear is not None)
    grab(out, f"counter_serves_phone_page_{tag}.png")
    # the visitor's phone asked before the share went: the page holds that reading
    assert phone_answer(port, tickets[2].code)["status"] == "waiting"
    asked = iter(range(10, 10**6))  # asked from many addresses: no rate limit

    def said() -> dict:
        return phone_answer(port, tickets[2].code, source=f"127.0.{next(asked) % 250}.9")

    share.outage("EIO")  # the share is pulled
    try:
        wait(lambda: not w.session.online and bool(said()["unsure"]))
        duty.heard_call(tickets[2].number, 2)  # what the ear hands the page
        wait(lambda: said()["status"] == "called")
        grab(out, f"counter_serves_phone_page_share_away_{tag}.png", settle_ms=1500)
        if size.width() == 1366:  # the phone's picture does not depend on the PC's screen
            phone_shot(port, tickets[2].code, out / "phone_called_heard_on_lan_360.png")
    finally:
        share.restore()
    w.close()
    share.stop()
