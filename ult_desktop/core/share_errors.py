"""Why Windows refused a shared folder, as a message key a person can act on.

:func:`share_problem` reads an :class:`OSError`'s ``winerror`` (wrong password, access
denied, guest access blocked ...) and names the reason and the one thing to do (usually
``cmdkey`` as the station's own account). Pure: tested with hand-built ``OSError``s."""

from __future__ import annotations

import errno
import ntpath
from dataclasses import dataclass, field

#: winerror -> reason. Codes from the Win32 "System Error Codes" list.
_REASONS: dict[int, str] = {
    5: "denied",            # ERROR_ACCESS_DENIED
    65: "denied",           # ERROR_NETWORK_ACCESS_DENIED
    86: "logon",            # ERROR_INVALID_PASSWORD
    1326: "logon",          # ERROR_LOGON_FAILURE: unknown user name or bad password
    1327: "logon",          # ERROR_ACCOUNT_RESTRICTION (e.g. blank password over network)
    1330: "logon",          # ERROR_PASSWORD_EXPIRED
    1331: "logon",          # ERROR_ACCOUNT_DISABLED
    1907: "logon",          # ERROR_PASSWORD_MUST_CHANGE
    1909: "logon",          # ERROR_ACCOUNT_LOCKED_OUT
    1244: "logon",          # ERROR_NOT_AUTHENTICATED
    1272: "guest",          # ERROR_... insecure guest logon blocked by policy (Win10 1709+)
    53: "no_server",        # ERROR_BAD_NETPATH: the network path was not found
    51: "no_server",        # ERROR_REM_NOT_LIST: remote computer not available
    1231: "no_server",      # ERROR_NETWORK_UNREACHABLE
    1232: "no_server",      # ERROR_HOST_UNREACHABLE
    1203: "no_server",      # ERROR_NO_NET_OR_BAD_PATH
    1222: "no_server",      # ERROR_NO_NETWORK
    121: "no_server",       # ERROR_SEM_TIMEOUT: the server did not answer in time
    64: "lost",             # ERROR_NETNAME_DELETED: the connection dropped
    59: "lost",             # ERROR_UNEXP_NET_ERR
    67: "no_share",         # ERROR_BAD_NET_NAME: the server has no share of that name
    1219: "conflict",       # ERROR_SESSION_CREDENTIAL_CONFLICT
    15: "no_drive",         # ERROR_INVALID_DRIVE
    # Windows 11 24H2 requires signed SMB: an unsigning NAS gives NTE_BAD_SIGNATURE
    # 0x80090006 (winerror, a DWORD, may arrive signed or unsigned).
    0x80090006: "signing",
    0xC000A000: "signing",
}
# Matched by code only: ``strerror`` is in the PC's display language.


@dataclass(frozen=True)
class ShareProblem:
    """A named reason: ``key`` is the i18n key, ``params`` its fields."""

    reason: str
    key: str
    params: dict[str, object] = field(default_factory=dict)


def server_of(path: str) -> str:
    """``server`` for ``\\\\server\\share\\x.db`` or ``//server/share/x.db``; "" otherwise."""
    drive, _ = ntpath.splitdrive(str(path).replace("/", "\\"))
    return drive[2:].split("\\", 1)[0] if drive.startswith("\\\\") else ""


def drive_letter(path: str) -> str:
    """``Z:`` for ``Z:\\ult\\ult.db``; "" for UNC and relative paths."""
    drive, _ = ntpath.splitdrive(str(path))
    return drive.upper() if len(drive) == 2 and drive[1] == ":" else ""


def winerror_of(exc: BaseException | None) -> int | None:
    """The Windows error code of *exc* as an unsigned 32-bit number, or None."""
    code = getattr(exc, "winerror", None)
    return code & 0xFFFFFFFF if isinstance(code, int) else None


def share_problem(path: str, exc: BaseException | None = None, *,
                  drive_missing: bool = False) -> ShareProblem | None:
    """The reason Windows refused *path*, or None when *exc* names none; *drive_missing*:
    the path's drive letter does not exist for this account."""
    text = str(path)
    server = server_of(text) or "SERVER"
    code = winerror_of(exc)
    strerror = (getattr(exc, "strerror", None) or "").strip() if exc is not None else ""
    reason = _REASONS.get(code) if code is not None else None
    if reason is None and drive_missing and drive_letter(text):
        reason = "no_drive"
    if reason is None and exc is not None and getattr(exc, "errno", None) == errno.EACCES \
            and code is None:
        reason = "denied"
    if reason is None:
        return None
    params: dict[str, object] = {"path": text, "server": server,
                                 "code": code if code is not None else "-",
                                 "drive": drive_letter(text) or "-",
                                 "detail": strerror or "-"}
    return ShareProblem(reason, f"share.{reason}", params)


def share_detail(exc: BaseException | None) -> str:
    """Windows' own words for *exc* (``strerror`` and the code), for unnamed reasons."""
    if exc is None:
        return ""
    strerror = (getattr(exc, "strerror", None) or "").strip() or type(exc).__name__
    code = winerror_of(exc)
    return f"{strerror} (WinError {code})" if code is not None else strerror
