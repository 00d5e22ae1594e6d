"""Named errors of the storage layer. ``str(error)`` is a one-line, translated message.

The base class lives in :mod:`ult_desktop.core.errors`; it is re-exported here, so
``from ult_desktop.db.errors import UltError`` keeps working.
"""

from __future__ import annotations

from ult_desktop.core.errors import UltError as UltError  # re-exported


class DatabaseBusy(UltError):
    """The write lock stayed taken for longer than the retry budget."""

    key, exit_code = "error.db_busy", 3


class ShareUnavailable(UltError):
    """The folder or file cannot be reached (share gone, I/O error)."""

    key, exit_code = "error.share_unavailable", 4


class DatabaseMissing(UltError):
    key, exit_code = "error.db_missing", 4


class DatabaseExists(UltError):
    key, exit_code = "error.db_exists", 4


class NotADatabase(UltError):
    key, exit_code = "error.not_a_database", 4


class NotInitialized(UltError):
    key, exit_code = "error.not_initialized", 4


class ReadOnlyDatabase(UltError):
    key, exit_code = "error.read_only", 4


class WalRefused(UltError):
    key, exit_code = "error.wal_refused", 4


class SchemaTooNew(UltError):
    """The file was written by a newer version: this station must not write to it."""

    key, exit_code = "error.schema_too_new", 5


class RuleViolation(UltError):
    """The request breaks a queue rule (unknown service, invalid transition, quota ...)."""

    exit_code = 6

    def __init__(self, key: str, **params: object):
        self.key = key
        super().__init__(**params)


class NotFound(RuleViolation):
    def __init__(self, key: str = "error.ticket_not_found", **params: object):
        super().__init__(key, **params)
