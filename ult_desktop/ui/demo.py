"""``ult-desktop demo``: every mode side by side on one demo database; each
``ui/<mode>/app.py`` provides ``open_demo_window(db_path, *, demo_dir)`` and ``main(args)``."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.common.fit import show_within_screen

DEMO_MODES = ("display", "counter", "kiosk", "admin")


def available_modes() -> list[str]:
    found = []
    for mode in DEMO_MODES:
        try:
            if importlib.util.find_spec(f"ult_desktop.ui.{mode}.app") is not None:
                found.append(mode)
        except ModuleNotFoundError:
            pass
    return found


def open_windows(db_path: Path, signer=None) -> list:
    demo_dir = db_path.parent
    windows = []
    for mode in available_modes():
        module = importlib.import_module(f"ult_desktop.ui.{mode}.app")
        window = module.open_demo_window(db_path, demo_dir=demo_dir, signer=signer)
        show_within_screen(window)
        windows.append(window)
    return windows


def main(db_path: Path, signer=None) -> int:
    """Every mode's window on *db_path*, their writes signed by *signer* (this PC's key)."""
    app = ensure_app()
    windows = open_windows(db_path, signer)
    if not windows:
        print("No screens are available in this build yet.")
        return 0
    return app.exec()
