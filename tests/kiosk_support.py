"""Shared helpers for the kiosk tests (tests/test_kiosk_*.py)."""

from __future__ import annotations

import socket
from pathlib import Path

from ult_desktop.ui.kiosk.window import START, KioskWindow, Timings

#: Short on-screen times so the tests run fast (behaviour, not timing, is checked).
FAST = Timings(ticket_ms=250, not_printed_ms=700, error_ms=250, guard_ms=250, return_guard_ms=250,
               idle_ms=600,
               admin_idle_ms=800, refresh_ms=60_000, print_wait_ms=10_000)


def closed_port() -> int:
    """A local TCP port nobody listens on (connecting is refused at once)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_kiosk(qtbot, request, db_path: Path, tmp_path: Path, *, wait_ready: bool = True,
               size: tuple[int, int] = (540, 960), **options) -> KioskWindow:
    """A kiosk on *db_path*, shown, closed for good at the end of the test."""
    options.setdefault("printer_url", f"virtual://{tmp_path / 'tickets'}")
    options.setdefault("locked", True)
    options.setdefault("timings", FAST)
    options.setdefault("config_file", tmp_path / "station.json")
    options.setdefault("poll_ms", 50)
    options.setdefault("station_id", "kiosk-test")
    window = KioskWindow(db_path, **options)

    def close() -> None:
        window.shutdown()
        window.deleteLater()

    request.addfinalizer(close)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if wait_ready:
        qtbot.waitUntil(lambda: window.online and window.state is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.current_page() == START)
    return window


def button_status(window: KioskWindow, prefix: str, priority: bool = False) -> str:
    return window.service_button(prefix, priority=priority).status


def update_service(db, prefix: str, **fields) -> None:
    """Change columns of an existing service as admin would, with its feed event."""
    from ult_desktop.db.events import append_event

    sets = ", ".join(f"{k} = ?" for k in fields)

    def tx(conn):
        conn.execute(f"UPDATE services SET {sets} WHERE prefix = ?", (*fields.values(), prefix))
        append_event(conn, db.station, "settings_changed", service_prefix=prefix,
                     data={"service": prefix, "keys": sorted(fields)})

    db.write(tx)
