"""Finding the libusb-1.0 library for ``usb://`` printers, next to the program first.

pyusb's ``ctypes.util.find_library`` searches only ``PATH`` on Windows, so a DLL shipped
beside ``ult-desktop.exe`` (or in ``_internal``) is never found; :func:`find_library`
looks there first, then asks the system. Windows also needs the printer on WinUSB
(Zadig): docs/windows.md; a printer with a Windows driver is simpler as ``win32://``."""

from __future__ import annotations

import ctypes.util
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

#: File names of libusb-1.0 per platform, most specific first.
LIBRARY_FILES = ("libusb-1.0.dll", "libusb-1.0.so.0", "libusb-1.0.so", "libusb-1.0.dylib",
                 "libusb-1.0.0.dylib")


def search_dirs() -> list[Path]:
    """Folders searched before the system: ``$ULT_LIBUSB_DIR``, the executable's folder
    and the bundle's data folder (PyInstaller ``_internal``), then this package's folder."""
    dirs: list[Path] = []
    explicit = os.environ.get("ULT_LIBUSB_DIR")
    if explicit:
        dirs.append(Path(explicit))
    if getattr(sys, "frozen", False):
        dirs.append(Path(sys.executable).resolve().parent)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle))
    dirs.append(Path(__file__).resolve().parent)
    return list(dict.fromkeys(dirs))


def find_library(name: str) -> str | None:
    """pyusb's ``find_library`` callback: a path to libusb-1.0 for candidate *name*
    (``usb-1.0``, ``libusb-1.0``, ``usb``), or the system's answer."""
    found = (folder / file_name for folder in search_dirs() for file_name in LIBRARY_FILES)
    shipped = next((str(path) for path in found if path.is_file()), None)
    return shipped or ctypes.util.find_library(name)


def usb_backend():
    """A pyusb libusb-1.0 backend using :func:`find_library`, or None if there is none."""
    try:
        import usb.backend.libusb1 as libusb1
    except ImportError:
        return None
    try:
        return libusb1.get_backend(find_library=find_library)
    except Exception:  # a broken DLL: say "missing libusb", not a traceback
        log.warning("libusb could not be loaded", exc_info=True)
        return None
