"""Where ULT Desktop keeps its own files on this PC (never on the shared folder).

:func:`user_data_dir` (``$ULT_DATA_DIR`` overrides it), :func:`user_config_dir` (on
Windows ``%LOCALAPPDATA%``: the station file belongs to the PC, not the roaming profile),
:func:`user_log_dir`. A variable set but empty counts as unset. See docs/deployment.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_WINDOWS = "ULTDesktop"   # Windows and macOS folder name
APP_DIR_XDG = "ult-desktop"      # Linux and other XDG systems


def _env_dir(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def user_data_dir() -> Path:
    """The user's data folder for ULT Desktop (not created here)."""
    explicit = os.environ.get("ULT_DATA_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        return _env_dir("LOCALAPPDATA", Path.home() / "AppData" / "Local") / APP_DIR_WINDOWS
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_WINDOWS
    return _env_dir("XDG_DATA_HOME", Path.home() / ".local" / "share") / APP_DIR_XDG


def user_config_dir() -> Path:
    """The user's config folder for ULT Desktop (not created here)."""
    if sys.platform == "win32":
        return _env_dir("LOCALAPPDATA", Path.home() / "AppData" / "Local") / APP_DIR_WINDOWS
    return _env_dir("XDG_CONFIG_HOME", Path.home() / ".config") / APP_DIR_XDG


def roaming_config_dir() -> Path | None:
    """Where versions before 0.2 kept the station file on Windows (``%APPDATA%``);
    None elsewhere."""
    if sys.platform != "win32":
        return None
    return _env_dir("APPDATA", Path.home() / "AppData" / "Roaming") / APP_DIR_WINDOWS


def user_log_dir() -> Path:
    """Log folder: ``%LOCALAPPDATA%\\ult-desktop`` on Windows, ``$XDG_STATE_HOME/
    ult-desktop`` (``~/.local/state``) elsewhere (the folder ``error.log`` always used)."""
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_STATE_HOME") \
        or str(Path.home() / ".local" / "state")
    return Path(base) / "ult-desktop"


def stable_program(program: str) -> str:
    """*program* as shortcuts should name it. In a versioned install
    (``<root>/<version>/ult-desktopw.exe`` with the ``<root>/current`` junction, see
    docs/deployment.md) that is the path through ``current``, so a shortcut survives the
    next update; anything else is returned as it is."""
    path = Path(program)
    via_current = path.parent.parent / "current" / path.name
    if path.parent.name != "current" and via_current.is_file():
        return str(via_current)
    return program


def beside_database(target) -> Path:
    """The folder a station keeps files next to its database in (voice clips, display
    media): the office file's folder; for a database on a server, this PC's data folder."""
    from ult_desktop.db.engine.sqlite_file import is_server_url

    if target is None or is_server_url(str(target)):
        return user_data_dir()
    return Path(target).parent


def backup_base(target) -> Path:
    """What default backup names are made from: the office file, or for a database on a
    server a stand-in ``ult-server.db`` in this PC's data folder."""
    from ult_desktop.db.engine.sqlite_file import is_server_url

    if target is None or is_server_url(str(target)):
        return user_data_dir() / "ult-server.db"
    return Path(target)

