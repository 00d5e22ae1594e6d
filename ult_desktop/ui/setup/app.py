"""``ult-desktop setup``: the first-run wizard as its own window."""

from __future__ import annotations

from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.setup.wizard import SetupWizard


def main(args) -> int:
    """Show the wizard; 0 once the config is saved, 1 when the person cancelled."""
    app = ensure_app()
    wizard = SetupWizard(getattr(args, "config", None))
    wizard.show()
    app.exec()
    return 0 if wizard.saved_path is not None else 1
