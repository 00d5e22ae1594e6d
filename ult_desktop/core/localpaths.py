"""Folders named in the shared file must be on this PC or inside the database's folder.

A UNC path in a setting such as ``voice_pack`` would make a station hand its login's
NTLM hash to any SMB server: :func:`folder_problem` is the one rule, on saving and on
reading. Pure (paths judged as text). Also Windows' station-name, mapped-drive and
``MAX_PATH`` rules."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

#: ``smb:``, ``file:``, ``http:`` ... (two letters or more: ``C:`` is a drive).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_SEPARATORS = "/\\"


@dataclass(frozen=True)
class PathProblem:
    """Why a folder setting is refused: an i18n *key* and its *params*."""

    key: str
    params: dict


def folder_problem(value: str, base_dir: str | None = None) -> PathProblem | None:
    """None when the folder *value* (as written) may be used under the database's folder
    *base_dir*; otherwise why not."""
    text = (value or "").strip()
    params = {"value": text}
    if not text or any(ord(c) < 32 for c in text):
        return PathProblem("path.invalid", params)
    if _SCHEME.match(text):
        return PathProblem("path.remote", params)
    if ".." in _parts(text):
        return PathProblem("path.outside", params)
    if _is_network(text):
        if base_dir and _inside(text, base_dir):
            return None
        return PathProblem("path.remote", params)
    win = PureWindowsPath(text)
    if win.drive and not win.root:  # C:folder: relative to a drive's current folder
        return PathProblem("path.invalid", params)
    return None


def _is_network(text: str) -> bool:
    """UNC or device namespace: two separators first, or the NT ``\\??\\`` prefix."""
    return (len(text) >= 2 and text[0] in _SEPARATORS and text[1] in _SEPARATORS) or \
        text.replace("/", "\\").startswith("\\??\\")


def _parts(text: str) -> list[str]:
    return [p for p in re.split(r"[/\\]+", text) if p]


def _inside(text: str, base_dir: str) -> bool:
    """*text* is *base_dir* or below it (Windows rules: case does not matter)."""
    if not _is_network(base_dir) or ".." in _parts(base_dir):
        return False
    path = [p.casefold() for p in PureWindowsPath(text).parts]
    base = [p.casefold() for p in PureWindowsPath(base_dir).parts]
    return len(path) >= len(base) and path[:len(base)] == base


#: The office's export folder, beside the office file: where reports, exports and the
#: copies given to a person are written; the only place an erasure removes files from.
EXPORT_FOLDER = "laporan"


def inside_folder(path: str, folder: str) -> bool:
    """Whether the file *path* is below *folder*, judged as text: both absolute, no
    ``..``, each part of *folder* first (Windows rules when either is a Windows path: a
    drive or a backslash, case does not matter). The resolved path is judged again."""
    if not path or not folder or ".." in _parts(path) or ".." in _parts(folder):
        return False
    windows = any(bool(PureWindowsPath(t).drive) or "\\" in t for t in (path, folder))
    if windows:
        a, b = PureWindowsPath(path), PureWindowsPath(folder)
        if not (a.drive and a.root and b.drive and b.root):
            return False
        parts, base = [x.casefold() for x in a.parts], [x.casefold() for x in b.parts]
    else:
        if not (path.startswith("/") and folder.startswith("/")):
            return False
        parts, base = _parts(path), _parts(folder)
    return len(parts) > len(base) and parts[:len(base)] == base


def resources_dir() -> Path:
    """Where the shipped resources live (sounds, voice pack, icons, fonts): ``resources/``
    at the project root, in a frozen bundle where it unpacked, or ``$ULT_RESOURCES``."""
    env = os.environ.get("ULT_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def on_mapped_drive(path: str, network: Mapping[str, str]) -> tuple[str, str] | None:
    """``(drive, UNC path)`` when *path* starts with a drive letter *network* maps to a
    share: the UNC path is what the station file should say (a mapped drive belongs to
    one account and comes late). None otherwise."""
    drive = PureWindowsPath(path).drive.upper()
    if len(drive) != 2 or drive[1] != ":":
        return None
    share = next((v for k, v in network.items() if k.upper().rstrip("\\") == drive), None)
    if not share:
        return None
    rest = PureWindowsPath(path).parts[1:]
    return drive, str(PureWindowsPath(share.rstrip("\\/") + "\\", *rest))


#: Windows' classic path limit (MAX_PATH, 260 with the closing NUL). Explorer, Excel and
#: PDF readers keep it even where Windows allows longer paths, so files are kept within it.
MAX_PATH = 259


def longest_path(root: str, relative: Iterable[str]) -> tuple[int, str]:
    """``(length, path)`` of the longest of *root* joined with each of *relative*, as
    Windows writes it (``\\`` between the parts); ``(0, "")`` for none."""
    base = root.rstrip("\\/")
    paths = [base + "\\" + r.replace("/", "\\") for r in relative]
    longest = max(paths, key=len, default="")
    return len(longest), longest


#: Settings naming a folder a station opens, with the keywords that are not folders.
FOLDER_SETTINGS = {"voice_pack": ("default", "tts", "clips")}


def folder_setting_problem(key: str, value: object, base_dir: str | None):
    """Why the folder setting *key* = *value* must not be opened, ``None`` if it may."""
    keywords = FOLDER_SETTINGS.get(key)
    if keywords is None or str(value).strip() in (*keywords, ""):
        return None
    return folder_problem(str(value), base_dir)


#: Characters Windows refuses in a file name (besides control characters).
FILE_NAME_REFUSED = '\\/:*?"<>|'
#: Names Windows keeps for devices, with or without an extension (``CON.json``).
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")])
STATION_NAME_MAX = 64


def station_name_problem(name: str) -> PathProblem | None:
    """Why *name* cannot name a station, None if it can ("": mode@computer). It is a file
    name on the share and the PC, so Windows' file-name rules apply."""
    params = {"name": name, "max": STATION_NAME_MAX}
    if not name:
        return None
    if len(name) > STATION_NAME_MAX or name[-1] in ". " \
            or any(c in FILE_NAME_REFUSED or unicodedata.category(c) == "Cc" for c in name) \
            or name.partition(".")[0].rstrip(" ").upper() in RESERVED_NAMES:
        return PathProblem("station.name_bad", params)
    return None
