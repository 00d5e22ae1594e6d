"""The office file itself: where it is (a path, a share, a URL), whether it is SQLite at
all, and how to open it read-only or with an awkward name (the engine: ``sqlite.py``)."""

from __future__ import annotations

import ntpath
import os
import posixpath
import sqlite3
import stat
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote, urlencode

from ult_desktop.db import errors

SQLITE_MAGIC = b"SQLite format 3\x00"


def db_location(value):
    """A station's database setting as ``open_database`` takes it: a ``postgresql://``
    URL as the text it is (``Path`` would fold its ``//``), anything else as a Path."""
    return str(value) if is_server_url(str(value)) else Path(value)


def is_server_url(target) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL rather than a file path."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def secure_connection(conn: sqlite3.Connection) -> None:
    """Pragmas of every office connection: ``trusted_schema=OFF``, ``secure_delete=ON``
    (deleted personal data overwritten; off by default on Windows), ``temp_store=MEMORY``."""
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA secure_delete=ON")
    # temporary tables and sorts in memory: copies of personal data (migration one_write_few_pages's
    # rebuild, a report's sort) never land in a file in the PC's temp folder
    conn.execute("PRAGMA temp_store=MEMORY")


def header_is_foreign(path: Path) -> bool:
    """True only if *path* could be read and does not start with the SQLite magic."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return len(head) == len(SQLITE_MAGIC) and head != SQLITE_MAGIC


#: Windows' "no such file / folder" codes: the only refusals that mean plain absence.
_ABSENT_WINERRORS = (2, 3)


def probe_path(path: Path) -> tuple[bool, bool]:
    """``(exists, is_dir)`` of *path* from a raw ``os.stat``: Windows reports a share's
    troubles as ENOENT, so only a plain "not found" (no ``winerror``, or 2/3) means absent;
    any other OSError is raised as Windows gave it."""
    try:
        result = os.stat(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        code = getattr(exc, "winerror", None)
        if code is None or code in _ABSENT_WINERRORS:
            return False, False
        raise
    return True, stat.S_ISDIR(result.st_mode)


def check_file(path: Path) -> None:
    """Refuse to open anything that is not an existing SQLite file, with a clear reason."""
    folder = path.parent
    try:
        folder_ok = probe_path(folder)[1]
        exists = folder_ok and probe_path(path)[0]
    except OSError as exc:  # Windows says why: bad password, access denied, no server ...
        raise errors.share_error(str(folder), exc) from exc
    if not folder_ok:
        raise errors.share_error(str(folder), drive_missing=drive_missing_for(folder))
    if not exists:
        raise errors.DatabaseMissing(path=str(path))
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise errors.ReadOnlyDatabase(path=str(path)) from exc
    except OSError as exc:
        raise errors.share_error(str(folder), exc) from exc
    if not head:
        raise errors.NotInitialized(path=str(path))
    if head != SQLITE_MAGIC:
        raise errors.NotADatabase(path=str(path))


def drive_missing_for(folder: Path) -> bool:
    """True when *folder* is on a drive letter this Windows account does not have (a
    mapped drive of another account, or one not mapped yet at autostart)."""
    drive = folder.drive
    if os.name != "nt" or len(drive) != 2 or drive[1] != ":":
        return False
    try:
        return not Path(drive + "\\").exists()
    except OSError:
        return True


def sqlite_uri(path: str | os.PathLike, *, windows: bool | None = None, **params: str) -> str:
    r"""A SQLite ``file:`` URI for *path*: UNC -> ``file:////server/share/x.db``, drive ->
    ``file:///C:/x.db``, ``?#%``, spaces and non-ASCII percent-encoded (not ``as_uri``,
    whose authority SQLite on Windows rejects). *windows*: path rules (default: this OS)."""
    text = os.fspath(path)
    if windows is None:
        windows = os.name == "nt"
    if windows:
        if text.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
            text = "\\\\" + text[8:]
        elif text.startswith(("\\\\?\\", "//?/")):
            text = text[4:]
        if os.name == "nt":
            text = ntpath.abspath(text)
        text = text.replace("\\", "/")
        if ntpath.splitdrive(text)[0][1:2] == ":":   # C:/... -> file:///C:/...
            text = "/" + text
        encoded = quote(text, safe="/:")
    else:
        encoded = quote(posixpath.abspath(text) if os.name != "nt" else text, safe="/")
    # absolute: "file://" + empty authority + path; a UNC path keeps its two leading
    # slashes after that (file:////server/share/...)
    uri = f"file://{encoded}" if encoded.startswith("/") else f"file:{encoded}"
    return f"{uri}?{urlencode(params)}" if params else uri


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection to *path* (a backup), with the office pragmas."""
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_UNREACHABLE = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL,
                sqlite3.SQLITE_NOLFS}
_READONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_NOTADB = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_PROGRAMMING = {sqlite3.SQLITE_ERROR, sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_MISMATCH,
                sqlite3.SQLITE_MISUSE, sqlite3.SQLITE_RANGE}


def is_busy(exc: sqlite3.Error) -> bool:
    """True when *exc* only says another connection holds a lock, without building the
    translated error (a waiting write asks at every attempt)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(code, int) and (code & 0xFF) in _BUSY) or "locked" in str(exc).lower()


def classify(exc: sqlite3.Error, path: Path) -> errors.UltError | None:
    """Map a sqlite3 exception to the named error a person can act on; ``None`` for
    programming errors (bad SQL, constraints): bugs, not "the share is unavailable"."""
    if is_busy(exc):
        return errors.DatabaseBusy()
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in _READONLY or "readonly" in text:
        return errors.ReadOnlyDatabase(path=str(path))
    if primary in _NOTADB or "not a database" in text:
        # SQLite turns EIO on a read into SQLITE_IOERR_CORRUPTFS and then often into
        # SQLITE_CORRUPT ("malformed"): on a Linux client a flaky share looks like a bad
        # file. Only a file whose header is readable and not SQLite's is a foreign file.
        if header_is_foreign(path):
            return errors.NotADatabase(path=str(path))
        return errors.ShareUnavailable(path=str(path.parent))
    if primary in _UNREACHABLE or primary == sqlite3.SQLITE_FULL or "unable to open" in text \
            or "disk i/o" in text:
        return errors.ShareUnavailable(path=str(path.parent))
    if primary in _PROGRAMMING or isinstance(exc, sqlite3.ProgrammingError |
                                             sqlite3.IntegrityError | sqlite3.InterfaceError):
        return None  # a bug in our SQL, not the network: let it surface as itself
    return errors.ShareUnavailable(path=str(path.parent))


def fail(exc: sqlite3.Error, path: Path) -> NoReturn:
    """Raise the named error for *exc*, or *exc* itself if it is a programming error."""
    err = classify(exc, path)
    if err is None:
        raise exc
    raise err from exc
