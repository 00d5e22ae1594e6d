"""Self-test, bundle: versions, where the program runs from, and its signature.

H2 (issue #23): PyInstaller before 6.22.2 did not resolve the ``current`` junction the
installer switches on update, and it reopens the executable for lazy imports; a bundle
whose ``sys._MEIPASS`` lies inside ``current`` reads the *next* version's files after an
update. Such a bundle is a FAIL here, and ``scripts/build_installer.py`` refuses an older
PyInstaller.
"""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from pathlib import Path, PurePath, PureWindowsPath

from ult_desktop import __version__
from ult_desktop.app.selftest import Check, Options, failed, passed, skipped
from ult_desktop.core.versions import parse_version

#: The first PyInstaller whose bootloader resolves the install junction (issue #23, H2).
MIN_PYINSTALLER = "6.22.2"
BUILD_INFO = "build-info.json"


def dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def meipass_in_current(meipass: str, *, windows: bool | None = None) -> bool:
    """True when *meipass* runs through the ``current`` link of a versioned install
    (``...\\ULT Desktop\\current\\_internal``) instead of the version's own folder."""
    windows = sys.platform == "win32" if windows is None else windows
    parts = (PureWindowsPath(meipass) if windows else PurePath(meipass)).parts
    return any(part.lower() == "current" for part in parts)


def build_info(meipass: str | None) -> dict:
    """What the build wrote beside the bundle's libraries (PyInstaller and Python
    versions); empty when it is missing or unreadable."""
    if not meipass:
        return {}
    try:
        return json.loads((Path(meipass) / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def checks(options: Options, *, is_frozen: bool | None = None, meipass: str | None = None,
           executable: str | None = None) -> list[Check]:
    is_frozen = bool(getattr(sys, "frozen", False)) if is_frozen is None else is_frozen
    meipass = meipass if meipass is not None else getattr(sys, "_MEIPASS", None)
    executable = executable or sys.executable
    info = build_info(meipass) if is_frozen else {}
    pyinstaller = info.get("pyinstaller", "") if is_frozen else dist_version("pyinstaller")
    facts = {"version": __version__, "python": platform.python_version(),
             "qt": dist_version("PySide6-Essentials") or info.get("qt", ""),
             "pyinstaller": pyinstaller, "frozen": is_frozen, "meipass": meipass,
             "executable": executable}
    out = [passed("bundle.version", "selftest.bundle.version", facts, version=__version__,
                  python=facts["python"], qt=facts["qt"] or "-")]
    if not is_frozen:
        out.append(skipped("bundle.meipass", "selftest.bundle.not_frozen", facts))
        out.append(skipped("bundle.signature", "selftest.bundle.not_frozen", facts))
        return out
    if meipass and meipass_in_current(meipass):
        out.append(failed("bundle.meipass", "selftest.bundle.in_current", facts, path=meipass))
    elif pyinstaller and parse_version(pyinstaller) < parse_version(MIN_PYINSTALLER):
        out.append(failed("bundle.meipass", "selftest.bundle.old_pyinstaller", facts,
                          found=pyinstaller, need=MIN_PYINSTALLER))
    else:
        out.append(passed("bundle.meipass", "selftest.bundle.meipass_ok", facts,
                          path=meipass or "-", pyinstaller=pyinstaller or "-"))
    folder = Path(executable).parent
    unsigned = (folder / "UNSIGNED.txt").exists()
    sign = {"unsigned_marker": unsigned, "folder": str(folder)}
    if unsigned:
        out.append(failed("bundle.signature", "selftest.bundle.unsigned", sign))
    else:
        out.append(passed("bundle.signature", "selftest.bundle.signed", sign))
    return out
