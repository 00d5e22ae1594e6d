"""What every station journal on a PC shares (``db/journals/journal.py``, ``db/journals/desk_journal.py``):
the local file, durable before the screen says so; the office it belongs to
(:func:`office_identity`); landing this station's other journals on the PC."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ult_desktop.core.chain import sign_act
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import secure_connection, sqlite_uri

T = TypeVar("T")
A = TypeVar("A")
log = logging.getLogger(__name__)


#: Which office's record a journal belongs to (:func:`office_identity`), set at its
#: first landing: a journal is found by it, not by how the database path was spelled.
META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
#: Keep (key, value) in a journal's ``meta``.
SET_META = ("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET "
            "value = excluded.value")


def open_local(path: Path, schema: tuple[str, ...], added: tuple = ()) -> sqlite3.Connection:
    """A station's own journal file: every commit durable, what it deletes zeroed
    (``secure_delete``: off on python.org's Windows build). *added*: (table, column, type)
    added after it first shipped. :raises sqlite3.Error, OSError: it cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)  # this account's only (what a visitor typed is in a counter's)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous = FULL")
    secure_connection(conn)  # (secure_delete on: the build's default may be off)
    for statement in (*schema, META):
        conn.execute(statement)
    for table, column, kind in added:
        have = port.columns(conn, table)
        if have and column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    return conn


def office_identity(conn: Connection) -> str:
    """The office's record as a journal names it: a digest of its first event's hash, the
    same for every spelling of the path and every copy, another for another office."""
    row = conn.execute("SELECT hash FROM events ORDER BY id LIMIT 1").fetchone()
    return hashlib.sha256(bytes(row[0])).hexdigest()[:24] if row and row[0] else ""


class Stamped:
    """The office a journal belongs to, kept in the journal itself."""

    _conn: sqlite3.Connection
    _local: threading.RLock
    path: Path
    office: str | None = None
    #: the other journals of this office on the PC were looked for (once a process)
    adopted = False
    #: ``kiosk`` or ``desk`` (which journals of the PC are its kind)
    KIND = ""
    closed = False
    #: the station's key that signs each act as it happens (None: unsigned)
    signer: Signer | None = None

    def _open(self, path: str | Path, schema: tuple[str, ...], added: tuple) -> None:
        self.path = Path(path)
        self._conn = open_local(self.path, schema, added)
        self._local = threading.RLock()
        self._read_office()

    def other(self, path: Path, signer: Signer | None) -> Stamped:
        """This kind's journal at *path* (another of this station's, to land)."""
        raise NotImplementedError

    def land_all(self, db: Database) -> object:
        """Write all it holds to the record (and give back what it holds)."""
        raise NotImplementedError

    #: ``COUNT(*), MIN(<its time>)`` of what waits to land (:meth:`waiting`)
    _WAITING = ""

    def waiting(self) -> tuple[int, str | None]:
        """How many wait to be written to the record, and the oldest one's time (iso)."""
        rows = self._rows(self._WAITING)
        return (int(rows[0][0]), rows[0][1]) if rows else (0, None)

    def close(self) -> None:
        with self._local:
            self.closed = True
            self._conn.close()

    def _rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """A statement's rows; nothing (and nothing done) once closed (a late question
        from the screen)."""
        with self._local:
            return [] if self.closed else self._conn.execute(sql, params).fetchall()

    def _tx(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._local:
            return port.in_transaction(self._conn, fn)

    def _append(self, conn: sqlite3.Connection, table: str, act: A, columns: tuple[str, ...],
                base: str = "", **more: object) -> A:
        """*act* chained to the last one kept in *table* (the first one: to *base*), signed
        by :attr:`signer` and kept, its *columns* and *more*; as signed."""
        last = conn.execute(f"SELECT hash FROM {table} ORDER BY rowid DESC LIMIT 1").fetchone()
        act = sign_act(act, last[0] if last else base, self.signer)
        names = (*columns, *more)
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                     f"({', '.join('?' * len(names))})",
                     (*(getattr(act, c) for c in columns), *more.values()))
        return act

    def _read_office(self) -> None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'office'").fetchone()
        self.office = row[0] if row else None

    def keep(self, key: str, value: str) -> None:
        """Keep *value* (what the station needs to start while the share is away)."""
        self._rows(SET_META, (key, value))

    def kept(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def stamp(self, office: str) -> None:
        """Name the office this journal belongs to (once known: the record is there)."""
        if not office or office == self.office:
            return
        with self._local:
            self._conn.execute(SET_META, ("office", office))
        self.office = office


def _journal_office(path: Path) -> tuple[str | None, str | None, str | None, bool]:
    """(office, kind: ``kiosk`` or ``desk``, its key, whether it holds anything to land or
    give back) of the journal at *path*, read-only."""
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) \
                if "meta" in tables else {}
            kind = "kiosk" if "touches" in tables else "desk" if "acts" in tables else None
            holds = bool(conn.execute(
                "SELECT EXISTS (SELECT 1 FROM held) OR EXISTS (SELECT 1 FROM touches WHERE "
                "landed_id IS NULL)" if kind == "kiosk" else
                "SELECT EXISTS (SELECT 1 FROM acts WHERE state = 'pending')").fetchone()[0]
            ) if kind else False
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None, None, None, False
    return meta.get("office"), kind, meta.get("key"), holds


def signer_of(db: Database, own: Stamped) -> Signer | None:
    return own.signer or (
        db.identity.signer if getattr(db, "identity", None) is not None else None)


def other_journals(own: Stamped, office: str, key: str | None,
                   folders: tuple[Path, ...] = ()) -> list[Path]:
    """This office's other journals of the same kind on the PC that hold something (under
    another path spelling, station name, or in *folders*); a kiosk's only by the same key."""
    kind = own.KIND
    found = []
    for folder in (own.path.parent, *folders):
        for path in sorted(folder.glob("*.sqlite")) if folder.is_dir() else ():
            theirs, their_kind, their_key, holds = _journal_office(path)
            if holds and (theirs, their_kind) == (office, kind) and \
                    path.resolve() != own.path.resolve() and (
                    kind == "desk" or not key or their_key in (None, key)):
                found.append(path)
    return found


def adopt_journals(db: Database, own: Stamped,
                   folders: tuple[Path, ...] = (), *, office: str | None = None) -> int:
    """Stamp *own* with the office of *db* and land what every other journal of this office
    on the PC holds (a kiosk's other journal gives back its held numbers); how many were
    waiting. *office*: :func:`office_identity`, when the caller read it already."""
    office = db.read(office_identity) if office is None else office
    own.stamp(office)
    own.adopted = True
    signer = signer_of(db, own)
    key = signer.key_id if signer is not None else None
    if key:
        own.keep("key", key)
    found = 0
    for path in other_journals(own, office, key, folders) if office else ():
        other = own.other(path, signer)
        other.adopted = True
        try:
            waiting = other.waiting()[0]
            log.warning("landing %d waiting in %s (another spelling of this office's path, "
                        "or another station name)", waiting, path)
            other.land_all(db)
            found += waiting
        finally:
            other.close()
    return found
