"""Entry points of the display mode: ``main(args)`` and the demo window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.sqlite_file import db_location
from ult_desktop.ui.common.app import ensure_app, station_id
from ult_desktop.ui.common.fit import ScreenFollower
from ult_desktop.ui.common.update_switch import UpdateSwitch, always
from ult_desktop.ui.display.window import DisplayWindow


def open_demo_window(db_path: Path, *, demo_dir: Path, signer=None) -> QWidget:
    """The display for ``ult-desktop demo``: windowed, 1280×720, with voice."""
    window = DisplayWindow(db_path, station_id="demo-display",
                           media_dir=Path(demo_dir) / "media", signer=signer)
    window.setWindowTitle(tr("display.demo_title"))
    window.resize(1280, 720)
    return window


def main(args) -> int:
    if not args.db:
        print("ult-desktop: " + tr("cli.need_db"), file=sys.stderr)
        return 2
    app = ensure_app()
    window = DisplayWindow(db_location(args.db), station_id=station_id("display", args.station),
                           signer=getattr(args, "signer", None))
    window.update_switch = UpdateSwitch(always, parent=window)  # a release: at once
    if args.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.setCursor(Qt.BlankCursor)  # a lobby TV has no mouse pointer to show
        # on the TV (the station's screen setting, else the largest non-primary screen),
        # fullscreen with or without a window manager, following screens as they change
        window.follower = ScreenFollower(window, getattr(args, "screen", "") or "")
        window.follower.refit()
    return app.exec()
