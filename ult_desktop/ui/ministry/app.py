"""``ult-desktop compare`` with no folder (or ``--window``): the comparison's own window."""

from __future__ import annotations

from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.common.fit import show_within_screen
from ult_desktop.ui.ministry.window import MinistryWindow


def main(args) -> int:
    app = ensure_app()
    window = MinistryWindow(getattr(args, "folder", None), getattr(args, "registry", None))
    show_within_screen(window)
    window.showMaximized()
    return app.exec()
