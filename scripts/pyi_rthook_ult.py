"""PyInstaller runtime hook of the ULT Desktop bundle (runs before ult_desktop starts).

The console-less Windows launcher (``ult-desktopw.exe``) has no stdout/stderr, so a
``print`` would raise; its output goes to ``ult-desktop/console.log`` in the user's log
folder instead (the same folder as ``error.log``), and started without arguments (double-click)
it runs ``start``.
"""

import os
import sys
from pathlib import Path

if sys.stdout is None or sys.stderr is None:
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_STATE_HOME") \
        or str(Path.home() / ".local" / "state")
    try:
        folder = Path(base) / "ult-desktop"
        folder.mkdir(parents=True, exist_ok=True)
        stream = open(folder / "console.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream

    # Double-clicking the console-less launcher (no arguments) starts this station's
    # mode, or the setup wizard when the station is not set up yet.
    if len(sys.argv) == 1:
        sys.argv.append("start")
