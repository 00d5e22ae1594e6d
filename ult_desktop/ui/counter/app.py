"""``ult-desktop counter`` and the counter window of ``ult-desktop demo``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ult_desktop.ui.common.app import ensure_app, run_window, station_id
from ult_desktop.ui.common.update_switch import UpdateSwitch
from ult_desktop.ui.counter.window import CounterWindow, nobody_signed_in

#: The office monitor the screen is laid out for.
SIZE = (1366, 768)


def open_demo_window(db_path: Path, *, demo_dir: Path, signer=None) -> CounterWindow:
    """A windowed counter on the demo database, at the login page; drafts in *demo_dir*."""
    ensure_app()
    window = CounterWindow(db_path, station_id="counter@demo", counter=1, data_dir=demo_dir,
                           signer=signer)
    window.resize(*SIZE)
    return window


def main(args) -> int:
    def make() -> CounterWindow:
        window = CounterWindow(args.db, station_id=station_id("counter", args.station),
                               counter=args.counter, signer=getattr(args, "signer", None))
        window.session.printer = getattr(args, "printer", None) or "none"
        window.update_switch = UpdateSwitch(partial(nobody_signed_in, window), parent=window)
        window.resize(*SIZE)
        return window
    return run_window(args, make)
