"""This station's own settings: a small local JSON file, never the shared database.

Every key is declared once in :data:`STATION_SETTINGS` with its default; where the file
is looked for: docs/deployment.md. A file that is not JSON is an error shown to the
person (:class:`StationConfigError`), never a silent return to defaults; a single bad
value falls back to its default, logged. Command-line options win over the file."""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, field, make_dataclass
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ult_desktop.app import db_secret
from ult_desktop.app.localfiles import SealedElsewhere, retry_transient, write_atomic
from ult_desktop.app.paths import roaming_config_dir, user_config_dir
from ult_desktop.core.i18n import languages, tr
from ult_desktop.core.localpaths import station_name_problem
from ult_desktop.core.settings import Setting
from ult_desktop.db.errors import UltError

log = logging.getLogger(__name__)

MODES = ("kiosk", "counter", "display", "admin", "survey")
PAPER_WIDTHS = (58, 80)
FILE_NAME = "station.json"

#: The version written into the file; older files are upgraded when read (:data:`UPGRADES`).
FILE_VERSION = 3

#: The one declaration of the station file: type, default, allowed values, label key.
STATION_FIELDS: dict[str, Setting] = {s.key: s for s in (
    Setting("mode", str, "kiosk",
            "Which screen this PC runs: kiosk, counter, display, admin or survey",
            "setup.finish.mode", choices=MODES),
    Setting("db", str, "", "Path of the shared database file, e.g. \\\\server\\ult\\ult.db",
            "setup.finish.db"),
    Setting("printer", str, "none",
            "Ticket printer URL (kiosk): usb://, tcp://host:9100, win32://Name, none",
            "setup.printer.url"),
    Setting("paper_width", int, 80, "Paper width of the ticket printer in mm: 58 or 80",
            "setup.printer.width", choices=PAPER_WIDTHS),
    Setting("counter", int, 1, "Counter number of this PC (counter mode)",
            "setup.counter.number", low=1, high=999),
    Setting("language", str, "id", "Language of this station's screens: id or en",
            "setup.language", choices=languages()),
    Setting("station", str, "", "Station name shown to admin (empty: mode@computer name)",
            "setup.finish.station"),
    Setting("root_key", str, "",
            "Key id of the office's root of trust this station was given: made here, or "
            "typed or scanned at setup; a file naming another root is refused",
            "setup.finish.root_key"),
    Setting("screen", str, "",
            "Display mode: the screen for the lobby TV, by Qt's name (HDMI-1, \\\\.\\DISPLAY2) "
            "or part of its maker and model; empty: the largest screen that is not the "
            "primary one",
            "setup.finish.screen"),
)}
#: key -> (default, description): the older view of :data:`STATION_FIELDS`.
STATION_SETTINGS: dict[str, tuple[Any, str]] = {
    k: (f.default, f.description) for k, f in STATION_FIELDS.items()}


class StationConfigError(UltError):
    """The station file exists but cannot be used (not JSON, unreadable). The message
    names the file, the place and what to do."""

    exit_code = 2

    def __init__(self, key: str, **params: object):
        self.key = key
        super().__init__(**params)


def db_path_text(value: str, *, windows: bool | None = None) -> str:
    """The database path as this OS writes it: on Windows forward slashes become
    backslashes (``//server/ult/ult.db`` -> ``\\\\server\\ult\\ult.db``)."""
    value = value.strip()
    windows = sys.platform == "win32" if windows is None else windows
    if windows and value and "/" in value and "://" not in value:
        return str(PureWindowsPath(value))
    return value


StationConfig = make_dataclass(
    "StationConfig", [(k, f.type, field(default=f.default)) for k, f in STATION_FIELDS.items()],
    namespace={"to_dict": lambda self: asdict(self),
               "__doc__": "This station's settings (fields: :data:`STATION_FIELDS`)."})
StationConfig.__module__ = __name__


def _check(key: str, value: Any) -> Any:
    """*value* for *key* as the right type. :raises ValueError: when it makes no sense."""
    f = STATION_FIELDS[key]  # KeyError: not a station setting
    if f.type is int and isinstance(value, str | float) and not isinstance(value, bool):
        value = int(value)  # "80" typed by hand
    problem = f.problem(value)
    if problem:
        raise ValueError(problem)
    if key == "station" and (bad := station_name_problem(value.strip())):
        raise ValueError(tr(bad.key, **bad.params))  # its pulse is a file named after it
    if f.type is str:
        return db_path_text(value) if key == "db" else value.strip()
    return value


def split_paper_width(url: str) -> tuple[str, int | None]:
    """The printer URL without a ``width=58|80`` the station file keeps as ``paper_width``
    (:func:`printer_url` adds it to the running kiosk's URL), and that width."""
    base, _, query = url.partition("?")
    params = parse_qsl(query, keep_blank_values=True)
    paper = [(key, value) for key, value in params if key.lower() == "width"
             and value.isdigit() and int(value) in PAPER_WIDTHS]
    if not paper:
        return url, None
    rest = [param for param in params if param not in paper]
    return (f"{base}?{urlencode(rest)}" if rest else base), int(paper[-1][1])


def _upgrade_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (no ``version`` key) kept the paper width inside the printer URL
    (``usb://0416:5011?width=58``) when the kiosk's settings page saved it."""
    printer = data.get("printer")
    url, width = split_paper_width(printer) if isinstance(printer, str) else (printer, None)
    if width is not None:
        data["printer"] = url
        data.setdefault("paper_width", width)
    return data


def _upgrade_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 had no pinned root of trust: an upgraded station has none until given
    one (the wizard, ``check --root``; never taken from the file on first sight)."""
    root = data.get("root_key")
    data["root_key"] = root.replace(" ", "").lower() if isinstance(root, str) else ""
    return data


#: version -> the step that turns a file of that version into the next one
UPGRADES = {1: _upgrade_1, 2: _upgrade_2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """*data* as read from a file of any version, as the current version."""
    version = data.pop("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version > FILE_VERSION:
        log.warning("station file version %r is newer than %s: known keys are read",
                    version, FILE_VERSION)
        return data
    while version < FILE_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
    return data


def from_dict(data: dict[str, Any]) -> StationConfig:
    """A config from *data*: unknown keys ignored, a bad value replaced by its default
    (logged), so a hand-edited file never stops the station from starting."""
    data = upgrade(dict(data))
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
    return user_config_dir() / FILE_NAME


def migrate_roaming_config() -> Path | None:
    """Move a station file an older version wrote in the roaming ``%APPDATA%`` to the
    local folder, once. Returns the new path when a file was moved."""
    old_dir = roaming_config_dir()
    if old_dir is None or os.environ.get("ULT_STATION_CONFIG"):
        return None
    old, new = old_dir / FILE_NAME, user_config_path()
    if new.exists() or not old.is_file() or old == new:
        return None
    try:
        write_atomic(new, retry_transient(old.read_bytes))
        retry_transient(lambda: os.replace(old, old.with_name(FILE_NAME + ".moved")))
    except OSError as exc:
        log.warning("could not move %s to %s: %s", old, new, exc)
        return None
    log.info("station file moved from %s to %s", old, new)
    return new


def machine_config_path() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", "C:/ProgramData")) / "ULTDesktop" / FILE_NAME
    return Path("/etc/ult-desktop") / FILE_NAME


def find_config() -> Path | None:
    """The file that :func:`load_station_config` reads, or None when there is none."""
    migrate_roaming_config()
    candidates = [user_config_path()]
    if not os.environ.get("ULT_STATION_CONFIG"):
        candidates.append(machine_config_path())
    return next((p for p in candidates if p.is_file()), None)


def load_station_config(path: str | os.PathLike | None = None) -> StationConfig:
    """The saved settings (defaults without a file); :raises StationConfigError: the file
    is not valid JSON or cannot be read."""
    path = Path(path) if path else find_config()
    if path is None:
        return StationConfig()
    try:
        text = retry_transient(lambda: Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return StationConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise StationConfigError("station.file_unreadable", path=str(path),
                                 detail=getattr(exc, "strerror", None) or exc) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if "escape" in exc.msg:  # "\\server\ult" typed by hand: \s, \u are not JSON
            raise StationConfigError("station.file_backslash", path=str(path),
                                     line=exc.lineno) from exc
        raise StationConfigError("station.file_broken", path=str(path), line=exc.lineno,
                                 column=exc.colno, detail=exc.msg) from exc
    if not isinstance(data, dict):
        raise StationConfigError("station.file_broken", path=str(path), line=1, column=1,
                                 detail="not a JSON object {...}")
    db = data.get("db")
    if isinstance(db, str) and any(ch in db for ch in "\n\t\r\b\f"):
        # "C:\new\ult.db" is valid JSON, with a newline where the backslash was
        line = next((i + 1 for i, row in enumerate(text.splitlines()) if '"db"' in row), 1)
        raise StationConfigError("station.file_backslash", path=str(path), line=line)
    config = from_dict(data)
    if config.db:  # a server URL's password is sealed beside the file (app/db_secret.py)
        try:
            config.db = db_secret.restore(path, config.db)
        except SealedElsewhere as exc:  # not a "login refused" later: what to do, now
            raise StationConfigError("setup.secret.other_account",
                                     path=str(db_secret.secret_path(path))) from exc
    return config


def is_configured(path: str | os.PathLike | None = None) -> bool:
    """True once the wizard (or a person) has written a config with a database path;
    False for a broken file (the wizard then opens and shows what is wrong)."""
    if path is None and find_config() is None:
        return False
    try:
        return bool(load_station_config(path).db)
    except StationConfigError:
        return False


def save_station_config(config: StationConfig, path: str | os.PathLike | None = None) -> Path:
    """Write atomically (a crash never leaves half a file); :raises ValueError: a value
    makes no sense (checked first); :raises OSError: the folder cannot be written."""
    for key, value in config.to_dict().items():
        _check(key, value)
    path = Path(path) if path else user_config_path()
    data = config.to_dict()
    every_account = os.path.normcase(os.path.abspath(path)) == \
        os.path.normcase(os.path.abspath(machine_config_path()))
    # never the password in clear text; the PC-wide file's for every account (N4)
    data["db"] = db_secret.store(path, data["db"], every_account=every_account)
    text = json.dumps({"version": FILE_VERSION, **data}, indent=2,
                      ensure_ascii=False) + "\n"
    return write_atomic(path, text)  # retried while antivirus/indexer hold the file


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
    if not getattr(args, "screen", None):
        args.screen = config.screen
    return args
