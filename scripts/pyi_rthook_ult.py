"""PyInstaller runtime hook of the ULT Desktop bundle (runs before ult_desktop starts).

The console-less Windows launcher (``ult-desktopw.exe``) has no stdout/stderr, so a
``print`` would raise; its output goes to ``ult-desktop/console.log`` in the user's log
folder instead (the same folder as ``error.log``), and started without arguments (double-click)
it runs ``start``.

On Windows the program's folders are added to the DLL search path, so a
``libusb-1.0.dll`` shipped next to ``ult-desktop.exe`` or in ``_internal`` is found by
pyusb (``ctypes`` looks only on PATH; see ult_desktop/devices/printer/libusb.py).
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
        stream = open(folder / "console.log", "a", encoding="utf-8", buffering=1)
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream

    # Double-clicking the console-less launcher (no arguments) starts this station's
    # mode, or the setup wizard when the station is not set up yet.
    if len(sys.argv) == 1:
        sys.argv.append("start")

if sys.platform == "win32":
    for _folder in {Path(sys.executable).resolve().parent, Path(getattr(sys, "_MEIPASS", "."))}:
        if (_folder / "libusb-1.0.dll").is_file():
            try:
                os.add_dll_directory(str(_folder))
            except OSError:
                pass
            os.environ["PATH"] = f"{_folder}{os.pathsep}{os.environ.get('PATH', '')}"
