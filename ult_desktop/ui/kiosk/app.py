"""``ult-desktop kiosk`` and the kiosk window of ``ult-desktop demo``.

Qt Widgets (not Qt Quick): the kiosk is a handful of big buttons and labels, which
Widgets paint crisply at any size; it is tested offscreen with pytest-qt like every
other screen, and it needs no QML toolchain or GPU on the old PCs kiosks run on."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ult_desktop.app.station_config import (
    apply_station_config,
    load_station_config,
    user_config_path,
)
from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.sqlite_file import db_location
from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.common.fit import fill_screen
from ult_desktop.ui.common.update_switch import UpdateSwitch
from ult_desktop.ui.kiosk.window import KioskWindow, between_visitors

DEMO_SIZE = (540, 960)


def main(args) -> int:
    """Start the kiosk: ``--db``/``--printer`` win over the station config file
    (:mod:`ult_desktop.app.station_config`), which the settings page also writes."""
    app = ensure_app()
    config_file = getattr(args, "config", None)  # ``start --config FILE``
    apply_station_config(args, load_station_config(config_file) if config_file else None)
    windowed = bool(getattr(args, "windowed", False))
    if not getattr(args, "db", None) and not windowed:
        # No valid station file on a locked kiosk: a locked screen, never the wizard.
        from ult_desktop.ui.kiosk import not_set_up

        if not_set_up.main(Path(config_file) if config_file else None) != 0:
            return 0
        apply_station_config(args, load_station_config(config_file) if config_file
                             else None)
    if not getattr(args, "db", None):
        print("ult-desktop: " + tr("cli.need_db") + f" ({config_file or user_config_path()})",
              file=sys.stderr)
        return 2
    window = KioskWindow(db_location(args.db), printer_url=args.printer,
                         station_id=getattr(args, "station", None), locked=not windowed,
                         config_file=Path(config_file) if config_file else None,
                         signer=getattr(args, "signer", None))
    window.update_switch = UpdateSwitch(partial(between_visitors, window), parent=window)
    if windowed:
        window.resize(*DEMO_SIZE)
        window.show()
    else:
        fill_screen(window)  # fullscreen with or without a window manager
    return app.exec()


def open_demo_window(db_path: Path, *, demo_dir: Path, signer=None) -> QWidget:
    """A windowed, unlocked kiosk printing PNG/text previews to ``demo_dir/tickets``."""
    ensure_app()
    window = KioskWindow(Path(db_path), printer_url=f"virtual://{Path(demo_dir) / 'tickets'}",
                         station_id="kiosk-demo", locked=False,
                         config_file=Path(demo_dir) / "kiosk-demo" / "station.json",
                         signer=signer)
    window.resize(*DEMO_SIZE)
    return window
