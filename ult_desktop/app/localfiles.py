"""Files this PC keeps for itself: written whole or not at all, and secrets kept secret.

- :func:`write_atomic`: temp file, fsync, ``os.replace``, retried while an antivirus or
  the indexer briefly holds the new file (WinError 5/32); :func:`read_json` reads back
  the JSON object such a file holds; :func:`folder_writable` says whether a folder
  takes all that.
- :func:`protect` / :func:`unprotect`: DPAPI for this user on Windows (a copied file is
  useless elsewhere), 0600 elsewhere; ``machine=True``: every account of this PC, which
  :func:`restrict_to` narrows with ``icacls``. Another account's blob raises
  :class:`SealedElsewhere`."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

#: WinError codes of a file briefly held by another program (antivirus, indexer, backup).
_TRANSIENT_WINERRORS = (5, 32, 33)
#: How long a replace waits out such a file before it gives up.
REPLACE_RETRY_S = 2.0
_MAGIC_DPAPI = b"ULTDPAPI1\n"
_MAGIC_DPAPI_MACHINE = b"ULTDPAPIM1\n"
_MAGIC_PLAIN = b"ULTPLAIN1\n"
#: Well-known SIDs (``icacls`` takes ``*SID``): the names are translated, these are not.
SID_SYSTEM, SID_ADMINISTRATORS, SID_USERS = "*S-1-5-18", "*S-1-5-32-544", "*S-1-5-32-545"
#: CryptProtectData flags: no UI; the machine's key instead of the account's.
CRYPTPROTECT_UI_FORBIDDEN = 0x01
CRYPTPROTECT_LOCAL_MACHINE = 0x04


class SealedElsewhere(ValueError):
    """Sealed (DPAPI) for another Windows account or another PC: only that account (or,
    for the machine scope, that PC) can read it; the secret must be given again here."""


def _is_transient(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in _TRANSIENT_WINERRORS or (
        sys.platform == "win32" and isinstance(exc, PermissionError))


def retry_transient(action: Callable[[], object], *, total_s: float = 2.0,
                    step_s: float = 0.05) -> object:
    """Run ``action``; while it fails because another program holds the file (Windows
    sharing violation / access denied), try again for up to ``total_s`` seconds."""
    deadline = time.monotonic() + total_s
    while True:
        try:
            return action()
        except OSError as exc:
            if not _is_transient(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(step_s)
            step_s = min(step_s * 2, 0.4)


def write_atomic(path: str | os.PathLike, data: bytes | str, *, private: bool = False,
                 mode: int | None = None) -> Path:
    """Replace ``path`` with ``data`` in one step (a crash leaves the old or the new file,
    never half of one). ``private``: readable by this account only (0600, folder 0700 on
    POSIX; Windows keeps the per-user ACL of the folder).

    :raises OSError: the folder cannot be written, or the file stayed locked."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if private and os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path.parent, 0o700)
    # its own name per thread too: two threads replacing one file never share a tmp
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                     mode if mode is not None else 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        retry_transient(lambda: os.replace(tmp, path), total_s=REPLACE_RETRY_S)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


def folder_writable(folder: str | os.PathLike) -> str | None:
    """None when a file can be made, written and synced, renamed and removed in *folder*
    (what SQLite's ``-journal`` beside the office file, :func:`write_atomic` and an
    update's staging do there); else the system's reason."""
    probe = Path(folder) / f".ult-write-check-{uuid.uuid4().hex[:8]}"
    try:
        with open(probe, "xb") as f:
            f.write(b"ult-desktop write test\n" * 64)
            f.flush()
            os.fsync(f.fileno())
        probe = probe.rename(probe.with_suffix(".moved"))
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
        return exc.strerror or str(exc)
    if probe.exists():
        return "file still there after delete"
    return None


def read_json(path: str | os.PathLike) -> dict:
    """The JSON object in the file *path* (read past a briefly held file, as
    :func:`retry_transient`); {} when it is missing, unreadable or broken (logged) or
    not one."""
    try:
        data = json.loads(retry_transient(lambda: Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("%s unreadable (%s): read as empty", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def protect(data: bytes, *, description: str = "ULT Desktop", machine: bool = False) -> bytes:
    """Seal ``data`` for this user on this PC (*machine*: for every account of this PC;
    DPAPI on Windows); see module docstring."""
    if sys.platform == "win32":
        import win32crypt  # pywin32

        flags = CRYPTPROTECT_UI_FORBIDDEN | (CRYPTPROTECT_LOCAL_MACHINE if machine else 0)
        sealed = win32crypt.CryptProtectData(data, description, None, None, None, flags)
        return (_MAGIC_DPAPI_MACHINE if machine else _MAGIC_DPAPI) + bytes(sealed)
    return _MAGIC_PLAIN + data


def unprotect(blob: bytes) -> bytes:
    """The bytes :func:`protect` sealed; :raises SealedElsewhere: sealed for another
    Windows account or PC; :raises ValueError: not a protected blob."""
    magic = next((m for m in (_MAGIC_DPAPI, _MAGIC_DPAPI_MACHINE) if blob.startswith(m)), None)
    if magic is not None:
        if sys.platform != "win32":
            raise SealedElsewhere("sealed with Windows DPAPI on another PC")
        import win32crypt
        try:
            _desc, data = win32crypt.CryptUnprotectData(blob[len(magic):], None, None, None,
                                                        CRYPTPROTECT_UI_FORBIDDEN)
        except Exception as exc:  # pywintypes.error: another account's or PC's key
            raise SealedElsewhere(f"cannot unseal: {exc}") from exc
        return bytes(data)
    if blob.startswith(_MAGIC_PLAIN):
        return blob[len(_MAGIC_PLAIN):]
    raise ValueError("not a protected file")


def write_private(path: str | os.PathLike, data: bytes | str, *,
                  machine: bool = False) -> Path:
    """:func:`protect` then :func:`write_atomic` with ``private=True`` (*machine*: for
    every account of this PC, see :func:`protect`)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if machine:
        return write_atomic(path, protect(data, machine=True), mode=0o644)
    return write_atomic(path, protect(data), private=True)


def read_private(path: str | os.PathLike) -> bytes:
    """Read what :func:`write_private` wrote; :raises FileNotFoundError: no such file;
    :raises ValueError: not a protected file of this user / PC."""
    blob = retry_transient(lambda: Path(path).read_bytes())
    return unprotect(blob)


def acl_command(path: str | os.PathLike, readers: list[str]) -> list[str]:
    """The ``icacls`` command that leaves *path* to SYSTEM and the Administrators (full
    control) and *readers* (Windows account names or ``*SID``; read only): inherited
    entries (the folder's "Users: read") are removed, not copied."""
    grants = [f"{SID_SYSTEM}:F", f"{SID_ADMINISTRATORS}:F"]
    grants += [f"{r}:R" for r in dict.fromkeys(r.strip() for r in readers) if r]
    return ["icacls", str(path), "/inheritance:r", "/grant:r", *grants]


def restrict_to(path: str | os.PathLike, readers: list[str]) -> bool:
    """On Windows, apply :func:`acl_command` to *path*; True when Windows took it (False
    elsewhere: POSIX modes are set on writing)."""
    if sys.platform != "win32":
        return False
    import subprocess  # pragma: no cover - Windows only

    done = subprocess.run(acl_command(path, readers), capture_output=True, text=True,
                          errors="replace", timeout=30,
                          creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    if done.returncode != 0:
        raise OSError(f"icacls failed ({done.returncode}): {(done.stdout + done.stderr).strip()}")
    return True
