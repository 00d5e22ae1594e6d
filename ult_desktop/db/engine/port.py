"""The seam between the storage engines and the rest of ``db/``.

The engines (``sqlite.py``, the office file; ``pg.py``, the same record on a server) know
how to connect, take the write lock, retry and commit. What happens *inside* a write
(the signed event log, the row images the projection captures, the schema and its guard)
belongs to the rooms above: they hand it to the engine once, at import of ``ult_desktop.db``
(``db/open.py`` calls :func:`register`), so the engine imports nothing above it.

Who writes travels with the connection: the logged-in officer and this station's key
(:class:`AuditIdentity`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ult_desktop.db.config_cache import ConfigCache


class Signer(Protocol):
    """A station's signing key as the db layer sees it (``app/station_key.py``)."""

    key_id: str
    public_key: bytes  # raw Ed25519 public key, 32 bytes

    def sign(self, data: bytes) -> bytes: ...


@dataclass
class AuditIdentity:
    """Who writes through one Database: the officer and the station's key."""

    actor: str | None = None
    signer: Signer | None = None
    #: Hash of the last event this signer wrote through this identity (skips a verify).
    last_own: bytes | None = None
    #: ... and its id: the key's newest event is that one or one after it.
    last_own_id: int | None = None


class AuditedConnection(sqlite3.Connection):
    """A sqlite3 connection that carries the writer's :class:`AuditIdentity`."""

    audit: AuditIdentity | None = None
    dialect = "sqlite"
    #: The station's kept office configuration (``db.config_cache``); set by
    #: ``Database`` on its connections, absent on a one-off one (read with getattr).
    config: ConfigCache


class Connection(Protocol):
    """What ``db/`` may ask of a connection, whichever engine is under it: the subset of
    ``sqlite3.Connection`` the operations use (``engine/pg.py`` gives the same)."""

    dialect: str

    def execute(self, sql: str, params: Sequence[Any] | dict = ..., /) -> Any: ...

    def executemany(self, sql: str, seq: Any, /) -> Any: ...


_process_signer: Signer | None = None


def set_process_signer(signer: Signer | None) -> None:
    """The key every Database opened from now on signs with (the app sets it at start)."""
    global _process_signer
    _process_signer = signer


def process_signer() -> Signer | None:
    return _process_signer


@dataclass(frozen=True)
class Hooks:
    """What the rooms above the engine do inside every write and at open."""

    #: The schema version this code writes (``schema.SCHEMA_VERSION``).
    schema_version: int
    #: Bring a file/server of an older version up to date (inside the schema write).
    migrate: Callable[[Any], Any]
    #: The schema guard: findings (``errors.Drift``) for *conn* (and a version), on a
    #: file and on a server.
    drift: Callable[..., list]
    server_drift: Callable[[Any], list]
    #: The tables with an ``id INTEGER PRIMARY KEY`` (a server returns the new id).
    id_tables: Callable[[], frozenset[str]]
    #: Install this connection's row capture (``record.projection``).
    install_capture: Callable[[Any], None]
    #: The tables whose rows the projection captures.
    covered_tables: frozenset[str]
    #: The event log's work at the start and end of every write (``record.events``).
    begin: Callable[[Any], None]
    finish: Callable[[Any, str], None]
    #: Reads the chain makes first in a write, sent ahead on a server.
    chain_reads: Callable[[Any], list]


_hooks: Hooks | None = None


def register(hooks: Hooks) -> None:
    global _hooks
    _hooks = hooks


def hooks() -> Hooks:
    if _hooks is None:  # pragma: no cover - ult_desktop.db registers them on import
        raise RuntimeError("ult_desktop.db.open has not registered the engine hooks")
    return _hooks
