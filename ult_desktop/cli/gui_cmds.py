"""GUI modes (kiosk, counter, display, admin, survey) and ``demo``; ui is imported only
when one starts."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import time
from pathlib import Path

from ult_desktop.app.paths import user_data_dir
from ult_desktop.cli import UsageError, add_db_option
from ult_desktop.core.i18n import tr

GUI_MODES = ("kiosk", "counter", "display", "admin", "survey")
#: How long a version started by an update in a running station's place waits for the
#: old one to close (its print results and journal written) and let go of the lock.
HANDOVER_WAIT_MS = 30_000


def demo_dir() -> Path:
    """The user's data folder, where the demo database lives."""
    return user_data_dir()


def mode_available(mode: str) -> bool:
    try:
        return importlib.util.find_spec(f"ult_desktop.ui.{mode}.app") is not None
    except ModuleNotFoundError:
        return False


def no_display() -> bool:
    """Linux with no display to open a window on (no X, no Wayland, no Qt platform
    chosen): Qt would abort with its own message; the person is told what to do instead."""
    return sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def need_display(mode: str) -> None:
    if no_display():
        raise UsageError(tr("cli.no_display", mode=mode))


def register(sub) -> None:
    for mode in GUI_MODES:
        p = sub.add_parser(mode)
        add_db_option(p)
        p.add_argument("--printer")
        p.add_argument("--counter", type=int)
        p.add_argument("--windowed", action="store_true")
        if mode == "display":
            p.add_argument("--screen", help=tr("setup.finish.screen_hint"))
        p.set_defaults(func=cmd_gui, mode=mode)

    p = sub.add_parser("demo")
    p.add_argument("--db")
    p.add_argument("--headless", action="store_true")
    p.set_defaults(func=cmd_demo, station=None)


def cmd_gui(args) -> int:
    if not mode_available(args.mode):
        raise UsageError(tr("cli.mode_unavailable", mode=args.mode))
    need_display(args.mode)
    # Options not given on the command line come from this PC's station config.
    from ult_desktop.app.station_config import apply_station_config

    apply_station_config(args)
    from ult_desktop.app.keep_awake import keep_awake
    from ult_desktop.app.logsetup import setup_logging
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.app.updates.station import HANDED_OVER_ENV, hand_over, keep_log
    from ult_desktop.ui.common.single import hold_lock

    keep_log()  # each switch and go-back in ult-desktop-update.log
    if hand_over():  # a staged release: switched, checked, and started in this one's place
        return 0
    station = getattr(args, "station", "") or ""
    if args.mode == "counter":
        station += f"-{getattr(args, 'counter', '') or ''}"
    # started by a running station's update in its place: the old one is closing
    wait_ms = HANDOVER_WAIT_MS if os.environ.pop(HANDED_OVER_ENV, "") else 0
    lock = hold_lock(args.mode, station.strip("-"), wait_ms=wait_ms)  # M6: one per mode
    if lock is None:
        print("ult-desktop: " + tr("cli.already_running", mode=args.mode), file=sys.stderr)
        return 0
    setup_logging(args.mode)  # rotating ult-desktop-<mode>.log, crash.log (faulthandler)
    # first start: this PC gets its signing key (docs/security.md); its windows' stations
    # hand it with each open
    args.signer = this_pc_key(create=True)
    from ult_desktop.app.updates.station import watch_in_background

    watch_in_background(args.db)  # the share's update folder, every few minutes
    app = importlib.import_module(f"ult_desktop.ui.{args.mode}.app")
    with keep_awake(args.mode):  # kiosk, display, survey: the screen never sleeps
        return int(app.main(args) or 0)


def cmd_demo(args) -> int:
    from ult_desktop.db.house.setup import init_database

    if not args.headless:
        need_display("demo")
    path = Path(args.db) if args.db else demo_dir() / "demo.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        from ult_desktop.app.station_key import this_pc_key

        init_database(path, demo=True, signer=this_pc_key())
        from ult_desktop.app.trust_memory import make_root_here

        make_root_here(path, admin="admin", demo=True)  # this PC's key: the demo's root of trust
        print(tr("cli.created_demo", path=path), flush=True)
    args.db = str(path)
    if not args.headless and importlib.util.find_spec("ult_desktop.ui.demo") is not None:
        from ult_desktop.app.logsetup import setup_logging

        setup_logging("demo")
        from ult_desktop.app.station_key import this_pc_key

        demo = importlib.import_module("ult_desktop.ui.demo")
        return int(demo.main(path, signer=this_pc_key()) or 0)
    return _live_status(args)


def _live_status(args) -> int:
    """Until the screens exist (or with --headless): print the live status."""
    from ult_desktop.cli.common import open_db, status_lines
    from ult_desktop.db import queries
    from ult_desktop.db.record.feed import ChangeFeed

    db = open_db(args, mode="demo")
    feed = ChangeFeed(db)
    # the lane's smoke run (scripts/windows_lane.py) reads these two lines and the status
    print(f"ULT Desktop demo: {db.path}\n"
          "Live status below, again whenever it changes; Ctrl+C to stop.", flush=True)
    snapshot = None
    while True:
        if feed.poll() or snapshot is None:
            snapshot = queries.queue_snapshot(db)
            for line in status_lines(snapshot):
                print(line, flush=True)
        time.sleep(0.2)
