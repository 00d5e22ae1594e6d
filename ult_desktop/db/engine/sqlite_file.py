"""The office file itself: where it is (a path, a share, a URL), whether it is SQLite at
all, and how to open it read-only or with an awkward name (the engine: ``sqlite.py``)."""

from __future__ import annotations

import contextlib
import math
import ntpath
import os
import posixpath
import random
import sqlite3
import stat
import threading
import time
from collections import deque
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
    # copies of personal data (a rebuild, a report's sort) never land in the temp folder
    conn.execute("PRAGMA temp_store=MEMORY")


def publish_new(tmp: Path, target: Path) -> None:
    """Give a finished new file its name atomically, never replacing an existing file
    (``os.link`` refuses an existing target on POSIX, ``os.rename`` on Windows)."""
    if os.name == "nt":
        os.rename(tmp, target)
    else:
        os.link(tmp, target)


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
    ``file:///C:/x.db``, the rest percent-encoded (``as_uri``'s SQLite on Windows rejects)."""
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
        # a flaky share's EIO often becomes SQLITE_CORRUPT: only a readable foreign header
        # means a foreign file
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


#: A slow file: the least of its last ``SLOW_SAMPLES`` header peeks took ``SLOW_TRIP_S``
#: or more (a wired LAN's share answers in about a millisecond; the bench's slow share 10).
SLOW_TRIP_S, SLOW_SAMPLES = 0.005, 8


class HeaderPeek:
    """Reads the header's *file change counter* (bytes 24-27) with no lock: every commit
    changes it, so an unchanged counter means "nothing new" (no lock taken). One descriptor
    per file, never closed: POSIX drops every fcntl lock of a process on a file when any
    descriptor of it closes (sqlite.org, "How To Corrupt", 2.2)."""

    _handles: dict[str, int] = {}
    _guard = threading.Lock()
    #: each file's last peeks, how long each took (s): one round trip to the share
    trips: dict[str, deque[float]] = {}
    #: each file's counter as this process last read it (any reader: the feed, a waiter),
    #: and when that read began (``time.monotonic``)
    _last: dict[str, tuple[bytes, float]] = {}

    @classmethod
    def counter(cls, path: Path) -> bytes | None:
        key = os.fspath(path)
        with cls._guard:
            fd = cls._handles.get(key)
            try:
                if fd is None:
                    fd = os.open(key, os.O_RDONLY | getattr(os, "O_BINARY", 0))
                    cls._handles[key] = fd
                began, began_at = time.perf_counter(), time.monotonic()
                head = os.pread(fd, 4, 24) if hasattr(os, "pread") else cls._seek_read(fd)
                cls.trips.setdefault(key, deque(maxlen=SLOW_SAMPLES)).append(
                    time.perf_counter() - began)
            except OSError:
                cls._forget(key)
                return None
            if len(head) != 4:
                return None
            cls._last[key] = (head, began_at)
        return head

    @classmethod
    def known(cls, path: Path, *, since: float) -> bytes | None:
        """The counter as this process last read it from *path*, if that read began after
        *since* (``time.monotonic``: no round trip), else as read now (one)."""
        head, at = cls._last.get(os.fspath(path), (None, -math.inf))
        return head if at > since else cls.counter(path)

    @classmethod
    def revalidate(cls, path: Path) -> None:
        """Drop the descriptor if *path* is now another file (replaced or recreated), so
        the next read opens the file the stations use. Two stats: call it rarely."""
        key = os.fspath(path)
        with cls._guard:
            fd = cls._handles.get(key)
            if fd is None:
                return
            try:
                mine, now = os.fstat(fd), os.stat(key)
                same = (mine.st_ino, mine.st_dev) == (now.st_ino, now.st_dev)
            except OSError:
                same = False
            if not same:
                cls._forget(key)

    @staticmethod
    def _seek_read(fd: int) -> bytes:
        os.lseek(fd, 24, os.SEEK_SET)
        return os.read(fd, 4)

    @classmethod
    def _forget(cls, key: str) -> None:
        fd = cls._handles.pop(key, None)
        cls._last.pop(key, None)
        if fd is not None and os.name == "nt":
            with contextlib.suppress(OSError):
                os.close(fd)


class FilePace:
    """Whether a station's file is slow (each round trip ``SLOW_TRIP_S`` or more), by the
    *least* of its last ``SLOW_SAMPLES`` header peeks: a busy CPU slows some peeks, a
    share's round trips all of them (lock holds grow with CPU load too, so they misjudge)."""

    def __init__(self, path: Path | None) -> None:
        self.key = os.fspath(path) if path is not None else ""

    @property
    def trips(self) -> deque[float]:
        return HeaderPeek.trips.setdefault(self.key, deque(maxlen=SLOW_SAMPLES))

    @property
    def slow(self) -> bool:
        trips = HeaderPeek.trips.get(self.key)
        return trips is not None and len(trips) == SLOW_SAMPLES and min(trips) >= SLOW_TRIP_S

    def forget(self) -> None:
        HeaderPeek.trips.pop(self.key, None)

    def judge(self, path: Path) -> None:
        """Take the peeks the file lacks of :data:`SLOW_SAMPLES` now (at the first refused
        write, so a kiosk started at the busy hour does not ask blindly; not at open: a
        peek keeps a descriptor a one-off command does not need)."""
        trips = HeaderPeek.trips.get(self.key)
        for _ in range(SLOW_SAMPLES - (0 if trips is None else len(trips))):
            if HeaderPeek.counter(path) is None:
                return


#: On a slow file each ask (6-8 round trips) delays the holder: a waiter asks again once the
#: change counter moved, else after ``ASK_AFTER_HOLDS`` holds, peeking every
#: ``PEEK_PAUSE_MIN_S``, doubled per lost move up to ``..._MAX_S``.
PEEK_PAUSE_MIN_S, PEEK_PAUSE_MAX_S, ASK_AFTER_HOLDS = 0.05, 0.4, 2.0
#: After a move a waiter asks once the committer let go (``await_release``).
TAIL_PAUSE_S, TAIL_MAX_S = 0.02, 0.5
#: A read on a slow file waits while a write's journal is there, at most this long: the
#: commit must wait for every reader's shared lock to go.
READ_YIELD_MAX_S = 1.0

#: The longest a waiter goes without asking when no commit moves the counter (a rollback,
#: or a hot journal after a station died mid-write, moves nothing).
QUIET_MAX_S = 1.0


def rollback_journal(path: Path) -> Path:
    """The rollback journal SQLite keeps beside *path* while a write has changed a page."""
    return path.with_name(path.name + "-journal")


def await_release(path: Path, until: float, pause: float) -> None:
    """After a move, until *path*'s committer lets go of the lock: the move shows when it
    writes page 1, its journal goes just before it unlocks, some ten round trips later (an
    ask in that tail is refused and counted as lost). Looks every *pause* (jittered)."""
    journal = rollback_journal(path)
    while time.monotonic() < until and os.path.exists(journal):
        time.sleep(max(0.0, min(pause * random.uniform(0.5, 1.5), until - time.monotonic())))


def await_commit(path: Path, deadline: float, *, lost: int,
                 pauses: tuple[float, float, float], seen: bytes | None = None) -> bool:
    """Between two asks for the write lock on a slow file (``Database._begin_write``):
    peek at *path*'s change counter until a commit moved it (True: ask now), or until
    nothing moved for *quiet* s (False: a rollback moves nothing), or until the holder's
    journal is gone (False: it committed or rolled back in the ask's own round trips, which
    the counter alone missed). *seen*: the counter known before the refused ask, so a
    commit in between counts too. *pauses*: ``(first, most, quiet)``; peeks *first* apart,
    doubled per *lost* move, at most *most*, jittered. After a second lost move a waiter
    lets a random number of commits below ``2 ** (lost - 1)`` (at most 15) pass: binary
    exponential backoff counted in commits (40 waiters asking after each commit cost 280
    round trips a commit)."""
    first, most, quiet = pauses
    quiet = min(quiet, QUIET_MAX_S)
    skip = random.randrange(2 ** min(lost - 1, 4)) if lost > 1 else 0
    seen = HeaderPeek.counter(path) if seen is None else seen
    until = min(deadline, time.monotonic() + quiet)
    journal = rollback_journal(path)
    writing = not skip and os.path.exists(journal)  # the holder has changed a page
    while True:
        pause = min(most, first * 2 ** lost) * random.uniform(0.5, 1.5)
        time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        if time.monotonic() >= until:
            return False
        now = HeaderPeek.counter(path)
        if seen is None or now is None:
            return True
        commits = (int.from_bytes(now, "big") - int.from_bytes(seen, "big")) % 2 ** 32
        if commits:
            if commits > skip:
                return True
            skip, seen = skip - commits, now
            until = min(deadline, time.monotonic() + quiet)
        elif not skip:
            there = os.path.exists(journal)
            if writing and not there:
                return False
            writing = writing or there


def await_turn(path: Path, deadline: float, *, lost: int, hold: float,
               seen: bytes | None) -> bool:
    """A refused writer's wait on a slow file until it asks again: for a move
    (:func:`await_commit`, its quiet ``ASK_AFTER_HOLDS`` of its *hold*), then, after a move,
    for the committer to let go (:func:`await_release`). True: it was a move."""
    moved = await_commit(path, deadline, lost=lost, seen=seen,
                         pauses=(PEEK_PAUSE_MIN_S, PEEK_PAUSE_MAX_S, ASK_AFTER_HOLDS * hold))
    if moved:
        await_release(path, min(deadline, time.monotonic() + TAIL_MAX_S), TAIL_PAUSE_S)
    return moved


def let_write_commit(path: Path) -> None:
    """Before a read on a slow file: while another station's write is under way (its
    journal is there), let it commit first, at most ``READ_YIELD_MAX_S``."""
    await_release(path, time.monotonic() + READ_YIELD_MAX_S, TAIL_PAUSE_S)
