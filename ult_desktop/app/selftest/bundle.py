"""Self-test, bundle: versions, where the program runs from, and its signature.

PyInstaller before 6.22.2 did not resolve the ``current`` junction the installer switches
on update, so a bundle whose ``sys._MEIPASS`` lies inside ``current`` reads the *next*
version's files after an update: a FAIL here (``scripts/build_installer.py`` refuses
such a PyInstaller)."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path, PurePath, PureWindowsPath

from ult_desktop import __version__
from ult_desktop.app.selftest import Check, Options, failed, passed, skipped, warned
from ult_desktop.core.versions import parse_version

#: The first PyInstaller whose bootloader resolves the install junction.
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


def qt_version() -> str:
    """Qt for Python's version from the installed package's metadata; a bundle carries
    none and reads it from ``build-info.json`` instead (it used to say "Qt -")."""
    return dist_version("PySide6-Essentials") or dist_version("PySide6")


def authenticode_status(path: str) -> str | None:
    """Windows' verdict on *path*'s signature (``Get-AuthenticodeSignature``: Valid,
    NotSigned, HashMismatch, NotTrusted, ...); None when it cannot be asked. Untested
    here: no Windows; tests pass the verdicts Windows gives."""
    import subprocess

    from ult_desktop.app.shortcuts import run_powershell

    command = f"(Get-AuthenticodeSignature -LiteralPath '{path.replace(chr(39), chr(39) * 2)}')" \
              ".Status.ToString()"
    try:
        done = run_powershell(command, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    status = done.stdout.strip()
    return status if done.returncode == 0 and status else None


def build_info(meipass: str | None) -> dict:
    """What the build wrote beside the bundle's libraries (PyInstaller and Python
    versions); empty when it is missing or unreadable."""
    from ult_desktop.app.localfiles import read_json

    return read_json(Path(meipass) / BUILD_INFO) if meipass else {}


def checks(options: Options, *, is_frozen: bool | None = None, meipass: str | None = None,
           executable: str | None = None,
           signature: Callable[[str], str | None] | None = None) -> list[Check]:
    """*signature*: how Windows judges the executable's signature (default
    :func:`authenticode_status` on Windows; nothing elsewhere)."""
    is_frozen = bool(getattr(sys, "frozen", False)) if is_frozen is None else is_frozen
    meipass = meipass if meipass is not None else getattr(sys, "_MEIPASS", None)
    executable = executable or sys.executable
    info = build_info(meipass) if is_frozen else {}
    pyinstaller = info.get("pyinstaller", "") if is_frozen else dist_version("pyinstaller")
    facts = {"version": __version__, "python": platform.python_version(),
             "qt": qt_version() or info.get("qt", ""),
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
    if signature is None and sys.platform == "win32":
        signature = authenticode_status
    status = signature(executable) if signature is not None else None
    sign = {"unsigned_marker": unsigned, "folder": str(folder), "authenticode": status}
    if unsigned or status == "NotSigned":
        out.append(failed("bundle.signature", "selftest.bundle.unsigned", sign))
    elif status == "Valid":
        out.append(passed("bundle.signature", "selftest.bundle.signed", sign))
    elif status is None:  # not on Windows, or PowerShell could not be asked
        out.append(skipped("bundle.signature", "selftest.bundle.signature_unknown", sign))
    else:  # HashMismatch (changed after signing), NotTrusted, UnknownError ...
        out.append(failed("bundle.signature", "selftest.bundle.signature_bad", sign,
                          status=status))
    out.insert(-1, update_line(is_frozen=is_frozen))  # the signature's line stays last
    return out


#: How each update state shows on the morning check: a tampered or foreign release is a
#: FAIL (someone wrote to the share who should not), what only waits is a WARN.
_UPDATE_FAILS = ("tampered", "untrusted", "one_key")


def update_line(root: Path | None = None, *, is_frozen: bool = True) -> Check:
    """``bundle.update``: the update state of this install (``app/updates``): the version
    running or staged, a new version that failed and was undone, a refused release."""
    from ult_desktop.app.updates import install
    from ult_desktop.app.updates.station import summary
    from ult_desktop.core.i18n import tr

    root = root if root is not None else install.install_root() if is_frozen else None
    if root is None:
        return skipped("bundle.update", "selftest.update.not_installed")
    facts = summary(root)
    state, version = facts.get("state", "unknown"), facts.get("version") or "-"
    key = f"selftest.update.{state}"
    if state == "refused" or facts.get("refusal"):  # a later refusal, not hidden by "staged"
        key = "selftest.update.refused"
        reason = facts.get("reason", "") if state == "refused" else facts["refusal"]["reason"]
        words = tr(f"update.refused.{reason}", version=version)
        make = failed if reason in _UPDATE_FAILS else warned
        return make("bundle.update", key, facts, reason=words)
    if state in ("went_back", "waiting", "unreachable", "no_trust", "unknown"):
        return warned("bundle.update", key, facts, version=version,
                      reason=facts.get("reason", ""))
    return passed("bundle.update", key, facts, version=version)
