"""Folders named in the shared file must be on this PC or inside the database's folder.

Whoever can write the shared file can change a setting such as ``voice_pack``. If a
station opened the folder named there as it is, a UNC path (``\\\\host\\share``) would make
the lobby PC connect to any SMB server and hand it the Windows login's NTLM hash.
:func:`folder_problem` is the one rule, used when an admin saves the setting and again
when a station reads it (a refused folder is then ignored, logged and shown, never opened).

Accepted: a relative folder without ``..`` (found inside the database's folder), an
absolute folder on this PC (``C:\\ULT\\suara``, ``/srv/ult/voice``), and a UNC folder that
lies inside the database's own UNC folder (the station already talks to that server).
Refused: any other UNC or device path (``\\\\host\\...``, ``//host/...``, ``\\\\?\\UNC\\...``,
``\\\\.\\...``, ``\\??\\...``), any URL (``smb:``, ``file://host/...``, ``http:``), ``..``
anywhere, drive-relative ``C:folder``, control characters.

Pure: both path syntaxes are judged as text (``PureWindowsPath`` treats ``/`` and ``\\``
alike), so the same answer comes on Windows and elsewhere; nothing is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PureWindowsPath

#: ``smb:``, ``file:``, ``http:`` ... (two letters or more: ``C:`` is a drive).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_SEPARATORS = "/\\"


@dataclass(frozen=True)
class PathProblem:
    """Why a folder setting is refused: an i18n *key* and its *params*."""

    key: str
    params: dict


def folder_problem(value: str, base_dir: str | None = None) -> PathProblem | None:
    """``None`` when the folder *value* may be used; otherwise why not.

    :param value: the folder as written in the setting.
    :param base_dir: the database's folder (may itself be a UNC folder), as text.
    """
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
