"""Admin PIN hashes kept on this PC, so a locked kiosk opens while the share is away.

:func:`refresh` keeps the active admins' scrypt hashes (never a PIN) in a sealed
``admin-pins.json`` by the station file; :func:`check` verifies a typed PIN (~250 ms per
admin: off the GUI thread). An admin removed or re-PINned while this PC was cut off gets
in with the old PIN until the kiosk reconnects."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.station_config import find_config, user_config_path
from ult_desktop.core import pins
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office

log = logging.getLogger(__name__)

FILE_NAME = "admin-pins.json"
VERSION = 1


@dataclass(frozen=True)
class CachedAdmin:
    username: str
    name: str
    pin_hash: str


def fetch(db: Database) -> tuple[CachedAdmin, ...]:
    """The active admins of the shared file, hashes only."""
    return tuple(CachedAdmin(username=u, name=n, pin_hash=h)
                 for u, n, h in office.admin_pin_hashes(db))


def cache_paths(config_file: str | os.PathLike | None = None) -> list[Path]:
    """Where the file may be, best first: by *config_file* only when given; else by the
    station file this PC reads, then the user's config folder (the machine-wide station
    folder is often read-only for the kiosk account)."""
    if config_file:
        return [Path(config_file).parent / FILE_NAME]
    found = find_config()
    dirs = [found.parent] if found is not None else []
    dirs.append(user_config_path().parent)
    return list(dict.fromkeys(d / FILE_NAME for d in dirs))


def _read(path: Path) -> tuple[dict | None, bool]:
    """The file's JSON and whether it was still a plain (unprotected) file of an older
    version; ``(None, False)`` when there is no usable file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, False
    except OSError as exc:
        log.warning("admin PIN cache %s unreadable (%s)", path, exc)
        return None, False
    plain = raw.lstrip().startswith(b"{")
    try:
        text = raw if plain else localfiles.unprotect(raw)
        return json.loads(text.decode("utf-8")), plain
    except (ValueError, UnicodeDecodeError) as exc:
        log.warning("admin PIN cache %s unreadable (%s)", path, exc)
        return None, False


def _parse(path: Path) -> tuple[CachedAdmin, ...] | None:
    data, plain = _read(path)
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("admins"), list):
        log.warning("admin PIN cache %s has an unknown layout", path)
        return None
    admins = []
    for entry in data["admins"]:
        if (isinstance(entry, dict) and isinstance(entry.get("username"), str)
                and isinstance(entry.get("pin_hash"), str)
                and entry["pin_hash"].startswith("scrypt$")):
            name = entry.get("name")
            admins.append(CachedAdmin(username=entry["username"],
                                      name=name if isinstance(name, str) else entry["username"],
                                      pin_hash=entry["pin_hash"]))
    if plain:  # written in the clear by an older version: seal it now, once
        try:
            localfiles.write_private(path, _payload(tuple(admins), data.get("database", "")))
            log.info("admin PIN cache %s rewritten protected", path)
        except OSError as exc:
            log.warning("admin PIN cache %s left plain: %s", path, exc)
    return tuple(admins)


def load(config_file: str | os.PathLike | None = None) -> tuple[CachedAdmin, ...] | None:
    """The saved admins (the newest file of :func:`cache_paths`), ``None`` when there is
    no usable file: the kiosk has never reached a database from this PC. A plain file
    left by an older version is rewritten protected."""
    existing = []
    for path in cache_paths(config_file):
        try:
            existing.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(existing, reverse=True):
        admins = _parse(path)
        if admins is not None:
            return admins
    return None


def _payload(admins: tuple[CachedAdmin, ...], database: str) -> str:
    return json.dumps({
        "version": VERSION, "database": database,
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "admins": [asdict(a) for a in admins]}, indent=1, ensure_ascii=False)


def save(admins: tuple[CachedAdmin, ...], config_file: str | os.PathLike | None = None, *,
         database: str = "") -> Path:
    """Write sealed (``localfiles.write_private``) to the first writable folder of
    :func:`cache_paths`; :raises OSError: none could be written."""
    payload = _payload(admins, database)
    error: OSError | None = None
    for path in cache_paths(config_file):
        try:
            return localfiles.write_private(path, payload)
        except OSError as exc:
            log.info("admin PIN cache not written to %s: %s", path, exc)
            error = exc
    raise error or OSError("no folder for the admin PIN cache")


def refresh(db: Database, config_file: str | os.PathLike | None = None
            ) -> tuple[CachedAdmin, ...]:
    """Fetch the admins from the shared file (on the worker) and rewrite the local file
    if they changed (a failed write is logged); :raises UltError: unreadable file."""
    admins = fetch(db)
    if load(config_file) != admins:
        try:
            save(admins, config_file, database=str(db.path))
        except OSError as exc:
            log.warning("admin PIN cache not saved: %s", exc)
    return admins


def check(admins: tuple[CachedAdmin, ...], pin: str) -> CachedAdmin | None:
    """The admin whose hash matches *pin*, or ``None`` (slow: scrypt per admin); a hash
    made with the office's PIN key matches with the one this PC keeps."""
    if not (pin.isascii() and pin.isdigit() and pins.MIN_DIGITS <= len(pin) <= pins.MAX_DIGITS):
        return None
    from ult_desktop.app.station_key import load_key

    mine = load_key()
    key = mine.pin_key() if mine is not None else None
    for admin in admins:
        if pins.verify_pin(pin, admin.pin_hash, key):
            return admin
    return None
