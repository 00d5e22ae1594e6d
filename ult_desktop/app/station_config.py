"""This station's own settings: a small local JSON file, never the shared database.

Every key is declared once in :data:`STATION_SETTINGS` with its default; office-wide
settings live in the shared file instead (:mod:`ult_desktop.core.settings`).

Where the file is (first that exists is read; the wizard writes the user file):

1. ``$ULT_STATION_CONFIG`` when set (read and written there);
2. the user's config folder: ``%APPDATA%\\ULTDesktop\\station.json`` on Windows,
   ``$XDG_CONFIG_HOME/ult-desktop/station.json`` (``~/.config``) elsewhere;
3. the machine-wide file written by ``setup --all-users``: ``%PROGRAMDATA%\\ULTDesktop\\
   station.json`` or ``/etc/ult-desktop/station.json`` (a kiosk account that is not the
   account that ran the setup still finds it).

GUI modes call :func:`apply_station_config` on their parsed arguments: options given on
the command line (``--db``, ``--printer``, ``--counter``) win over the file.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

log = logging.getLogger(__name__)

MODES = ("kiosk", "counter", "display", "admin", "survey")
PAPER_WIDTHS = (58, 80)
FILE_NAME = "station.json"

#: key -> (default, description). The one list of station settings.
STATION_SETTINGS: dict[str, tuple[Any, str]] = {
    "mode": ("kiosk", "Which screen this PC runs: kiosk, counter, display, admin or survey"),
    "db": ("", "Path of the shared database file, e.g. \\\\server\\ult\\ult.db"),
    "printer": ("none", "Ticket printer URL (kiosk): usb://, tcp://host:9100, win32://Name, none"),
    "paper_width": (80, "Paper width of the ticket printer in mm: 58 or 80"),
    "counter": (1, "Counter number of this PC (counter mode)"),
    "language": ("id", "Language of this station's screens: id or en"),
    "station": ("", "Station name shown to admin (empty: mode@computer name)"),
}


@dataclass
class StationConfig:
    mode: str = STATION_SETTINGS["mode"][0]
    db: str = STATION_SETTINGS["db"][0]
    printer: str = STATION_SETTINGS["printer"][0]
    paper_width: int = STATION_SETTINGS["paper_width"][0]
    counter: int = STATION_SETTINGS["counter"][0]
    language: str = STATION_SETTINGS["language"][0]
    station: str = STATION_SETTINGS["station"][0]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(key: str, value: Any) -> Any:
    """*value* for *key* as the right type. :raises ValueError: when it makes no sense."""
    if key == "mode":
        if value not in MODES:
            raise ValueError(value)
        return value
    if key in ("db", "printer", "station"):
        if not isinstance(value, str):
            raise ValueError(value)
        return value.strip()
    if key == "paper_width":
        if isinstance(value, bool) or int(value) not in PAPER_WIDTHS:
            raise ValueError(value)
        return int(value)
    if key == "counter":
        if isinstance(value, bool) or int(value) < 1:
            raise ValueError(value)
        return int(value)
    if key == "language":
        if value not in ("id", "en"):
            raise ValueError(value)
        return value
    raise KeyError(key)


def from_dict(data: dict[str, Any]) -> StationConfig:
    """A config from *data*: unknown keys ignored, a bad value replaced by its default
    (logged), so a hand-edited file never stops the station from starting."""
    values: dict[str, Any] = {}
    for key, (default, _) in STATION_SETTINGS.items():
        if key not in data:
            continue
        try:
            values[key] = _check(key, data[key])
        except (ValueError, TypeError):
            log.warning("station config: bad %s=%r, using %r", key, data[key], default)
    return StationConfig(**values)


def user_config_path() -> Path:
    explicit = os.environ.get("ULT_STATION_CONFIG")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / "ULTDesktop" / FILE_NAME
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "ult-desktop" / FILE_NAME


def machine_config_path() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", "C:/ProgramData")) / "ULTDesktop" / FILE_NAME
    return Path("/etc/ult-desktop") / FILE_NAME


def find_config() -> Path | None:
    """The file that :func:`load_station_config` reads, or None when there is none."""
    candidates = [user_config_path()]
    if not os.environ.get("ULT_STATION_CONFIG"):
        candidates.append(machine_config_path())
    return next((p for p in candidates if p.is_file()), None)


def load_station_config(path: str | os.PathLike | None = None) -> StationConfig:
    """The saved settings (defaults when there is no file or it cannot be read)."""
    path = Path(path) if path else find_config()
    if path is None:
        return StationConfig()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("station config %s unreadable (%s); using defaults", path, exc)
        return StationConfig()
    return from_dict(data if isinstance(data, dict) else {})


def is_configured(path: str | os.PathLike | None = None) -> bool:
    """True once the wizard (or a person) has written a config with a database path."""
    if path is None and find_config() is None:
        return False
    return bool(load_station_config(path).db)


def save_station_config(config: StationConfig, path: str | os.PathLike | None = None) -> Path:
    """Write atomically (temp file, then replace), so a crash never leaves half a file.

    :raises ValueError: a value makes no sense (checked before anything is written).
    :raises OSError: the folder cannot be written.
    """
    for key, value in config.to_dict().items():
        _check(key, value)
    path = Path(path) if path else user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(config.to_dict(), f, indent=2, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def printer_url(config: StationConfig) -> str:
    """The printer URL with the paper width added unless the URL already names one."""
    url = (config.printer or "none").strip()
    if url.lower() in ("", "none", "off", "no"):
        return "none"
    query = url.partition("?")[2]
    if any(k.lower() == "width" for k, _ in parse_qsl(query, keep_blank_values=True)):
        return url
    return f"{url}{'&' if query else '?'}width={config.paper_width}"


def apply_station_config(args, config: StationConfig | None = None):
    """Fill the options a GUI mode did not get on the command line from the station
    config: ``db``, ``printer``, ``counter``, ``station``. Returns *args*."""
    config = config if config is not None else load_station_config()
    if not getattr(args, "db", None) and config.db:
        args.db = config.db
    if not getattr(args, "printer", None):
        args.printer = printer_url(config)
    if getattr(args, "counter", None) is None:
        args.counter = config.counter
    if not getattr(args, "station", None) and config.station:
        args.station = config.station
    return args
