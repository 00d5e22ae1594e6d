"""Named errors of the storage layer. ``str(error)`` is a one-line, translated message.
The base class :class:`UltError` (``core.errors``) is re-exported here."""

from __future__ import annotations

from dataclasses import dataclass

from ult_desktop.core.errors import UltError as UltError  # re-exported


class DatabaseBusy(UltError):
    """The write lock stayed taken for longer than the retry budget."""

    key, exit_code = "error.db_busy", 3


class ShareUnavailable(UltError):
    """The folder or file cannot be reached (share gone, I/O error)."""

    key, exit_code = "error.share_unavailable", 4


class ServerUnavailable(ShareUnavailable):
    """The database server cannot be reached (down, network gone, login refused): a kind
    of :class:`ShareUnavailable`, with the same banner and recovery."""

    key = "error.server_unavailable"

    def __init__(self, url: str = "", **params: object):
        super().__init__(url=url, path=url, **params)


class ServerLoginRefused(ServerUnavailable):
    """The server answered but refused the user name or password in the URL: retrying
    does not help, the station's database setting must be corrected."""

    key = "error.server_login_refused"


class ShareRefused(ShareUnavailable):
    """Windows named why the share refused (bad password, access denied, no server ...):
    the message says that reason and what to do (see :mod:`ult_desktop.core.share_errors`)."""

    def __init__(self, key: str, /, **params: object):  # a text may fill in its own {key}
        self.key = key
        super().__init__(**params)


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


class MigrationWaits(UltError):
    """This station would migrate the file to its schema, but stations seen lately read
    only the file's (``house/fleet.py``): nothing is migrated; it waits, and says for whom."""

    key, exit_code = "error.migration_waits", 5


class ServerSchemaOld(UltError):
    """The office on the server is of an older schema, and this connection may not bring
    it up to date (the station role): its owner opens it once."""

    key, exit_code = "error.server_schema_old", 5


class RuleViolation(UltError):
    """The request breaks a queue rule (unknown service, invalid transition, quota ...)."""

    exit_code = 6

    def __init__(self, key: str, /, **params: object):  # a text may fill in its own {key}
        self.key = key
        super().__init__(**params)


class ClockOff(RuleViolation):
    """This PC's clock is off from the share's (or the server's) by more than the
    tolerance: the ticket's day, its times and the opening hours would be wrong."""

    def __init__(self, *, skew_s: float, server: bool):
        from ult_desktop.core.i18n import tr

        minutes = max(1, round(abs(skew_s) / 60))
        super().__init__("error.clock_ahead" if skew_s > 0 else "error.clock_behind",
                         minutes=minutes,
                         against=tr("error.clock.server" if server else "error.clock.share"))


class NotFound(RuleViolation):
    def __init__(self, key: str = "error.ticket_not_found", /, **params: object):
        super().__init__(key, **params)


def share_error(folder: str, exc: BaseException | None = None, *,
                drive_missing: bool = False) -> ShareUnavailable:
    """The error for a share that failed with *exc*: :class:`ShareRefused` naming
    Windows' reason or words when it gave any, else :class:`ShareUnavailable`."""
    from ult_desktop.core.share_errors import share_detail, share_problem

    folder = folder or str(getattr(exc, "filename", None) or "")
    problem = share_problem(folder, exc, drive_missing=drive_missing)
    if problem is not None:
        return ShareRefused(problem.key, **problem.params)
    if exc is not None and (getattr(exc, "strerror", None) or getattr(exc, "winerror", None)):
        return ShareRefused("share.other", path=folder, detail=share_detail(exc))
    return ShareUnavailable(path=folder)


class RootChanged(UltError):
    """This station pinned another root of trust than the one the file names now (the
    station keys were replaced in the file): it refuses to write."""

    key, exit_code = "error.root_changed", 9


#: Caps on names and labels from people: long enough for any real one,
#: short enough that no screen, ticket or report is swamped by one.
NAME_MAX = 120
LABEL_MAX = 80
DESCRIPTION_MAX = 500


def check_length(what: str, value: object, limit: int) -> None:
    """Refuse *value* longer than *limit* characters, naming *what* (an i18n key)."""
    if isinstance(value, str) and len(value) > limit:
        from ult_desktop.core.i18n import tr

        raise RuleViolation("skm.error.text_too_long", what=tr(what), length=len(value),
                            limit=limit)


# -- the schema guard's findings (``schema_guard``, ``server_schema``) --------------------
UNKNOWN, CHANGED, MISSING = "unknown", "changed", "missing"


class SchemaDrift(UltError):
    """The file's schema is not the one its version should have: writes are refused. The
    message says repair (any object but a table) or restore a backup (a table)."""

    exit_code = 4

    def __init__(self, *, problem: str, type: str, name: str, repairable: bool = True):
        self.key = f"guard.error.{problem}" + ("_table" if type == "table" else "")
        self.repairable = repairable
        super().__init__(problem=problem, type=type, name=name)

    def message(self, lang: str | None = None) -> str:
        from ult_desktop.core.i18n import tr

        return tr(self.key, lang, kind=tr(f"guard.type.{self.params['type']}", lang),
                  **self.params)


@dataclass(frozen=True)
class Drift:
    """One difference between the file and the schema of its version."""

    problem: str         # UNKNOWN, CHANGED or MISSING
    type: str
    name: str

    @property
    def repairable(self) -> bool:
        """Tables cannot be rebuilt in place (their rows); everything else can."""
        return not (self.type == "table" and self.problem in (CHANGED, MISSING))

    def error(self) -> SchemaDrift:
        return SchemaDrift(problem=self.problem, type=self.type, name=self.name,
                           repairable=self.repairable)

    def as_dict(self) -> dict:
        return {"problem": self.problem, "type": self.type, "name": self.name,
                "repairable": self.repairable}
