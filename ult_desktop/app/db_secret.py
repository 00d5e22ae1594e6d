"""The password of a station's server URL, kept out of the plain ``station.json``.

:func:`split` seals it beside the file (``station.json.db-password``), :func:`join` puts
it back on reading. The PC-wide file's password (``setup --all-users``) is sealed for
every account of the PC and left to SYSTEM, the Administrators and the station's
accounts (:func:`station_accounts`). See docs/server.md."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ult_desktop.app.localfiles import (
    SID_USERS,
    SealedElsewhere,
    read_private,
    restrict_to,
    write_private,
)
from ult_desktop.db.engine.sqlite_file import is_server_url

log = logging.getLogger(__name__)


def split(db: str) -> tuple[str, str | None]:
    """(*db* without its password, the password) for a server URL; (*db*, None) for a
    file path or a URL without one. The password is kept as written (percent-encoded)."""
    if not is_server_url(db):
        return db, None
    scheme, _, rest = db.partition("://")
    netloc, slash, tail = rest.partition("/")
    if "@" not in netloc:
        return db, None
    userinfo, _, host = netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not colon:
        return db, None
    return f"{scheme}://{user}@{host}{slash}{tail}", password


def join(db: str, password: str) -> str:
    """*db* (a server URL without a password) with *password* put back."""
    scheme, _, rest = db.partition("://")
    netloc, slash, tail = rest.partition("/")
    user, _, host = netloc.rpartition("@")
    return f"{scheme}://{user}:{password}@{host}{slash}{tail}"


def secret_path(config_path: str | Path) -> Path:
    path = Path(config_path)
    return path.with_name(path.name + ".db-password")


def store(config_path: str | Path, db: str, *, every_account: bool = False) -> str:
    """Seal *db*'s password next to the station file at *config_path*; returns *db* without it.
    *every_account*: the PC-wide file (``setup --all-users``), sealed for every account of
    this PC, since the kiosk's account must read what the IT officer's set up."""
    bare, password = split(db)
    secret = secret_path(config_path)
    if password is None:
        secret.unlink(missing_ok=True)
        return db
    write_private(secret, password, machine=every_account)
    if every_account:
        readers = station_accounts()
        try:
            restrict_to(secret, readers or [SID_USERS])
        except OSError as exc:
            log.error("the sealed password %s keeps its folder's permissions: %s", secret, exc)
        if not readers and sys.platform == "win32":
            log.warning("no station account named (ULT_STATION_ACCOUNT, autologon): every "
                        "local account may read %s", secret)
    return bare


def station_accounts(env: dict | None = None, autologon: tuple[str, str, str] | None = None
                     ) -> list[str]:
    """The Windows accounts a station runs under, which must read the PC-wide sealed
    password: ``$ULT_STATION_ACCOUNT`` (comma-separated; ``setup --station-account``) and
    the account Windows signs in automatically (Winlogon ``AutoAdminLogon``,
    ``DefaultDomainName``, ``DefaultUserName``); *env*/*autologon*: given by tests."""
    env = os.environ if env is None else env
    names = [n.strip() for n in str(env.get("ULT_STATION_ACCOUNT") or "").split(",")]
    on, domain, user = autologon if autologon is not None else _autologon()
    if on == "1" and user:
        names.append(f"{domain}\\{user}" if domain else user)
    return list(dict.fromkeys(n for n in names if n))


def _autologon() -> tuple[str, str, str]:
    if sys.platform != "win32":
        return "", "", ""
    values = []
    try:  # pragma: no cover - Windows only
        import winreg

        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                            r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon") as key:
            for name in ("AutoAdminLogon", "DefaultDomainName", "DefaultUserName"):
                try:
                    values.append(str(winreg.QueryValueEx(key, name)[0]))
                except OSError:
                    values.append("")
    except (ImportError, OSError):  # pragma: no cover
        return "", "", ""
    return values[0], values[1], values[2]  # pragma: no cover


def restore(config_path: str | Path, db: str) -> str:
    """*db* with its sealed password put back, if any; :raises SealedElsewhere: it was
    sealed for another Windows account or PC."""
    if not is_server_url(db) or split(db)[1] is not None or "@" not in db:
        return db
    try:
        password = read_private(secret_path(config_path)).decode("utf-8")
    except FileNotFoundError:
        return db
    except SealedElsewhere:  # a login would only be "refused": the caller says why
        raise
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("the station file's sealed database password cannot be read: %s", exc)
        return db
    return join(db, password)
