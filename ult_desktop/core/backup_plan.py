"""The daily automatic backup's rules: where it may be made, when it is due, and what the
office is warned about. Pure: the state comes in as the ``backup_state`` setting.

A network ``backup_folder`` is the same place on every PC, so the first station that day
makes the copy; any other path only the PC where the admin chose it (``backup_host``).
``backup_state`` (written by ``db.keeping.autobackup``) holds ``last`` (at, file,
station, size, auto), ``done_day``, and ``claim`` / ``failed`` when there are some."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from ult_desktop.core.dates import long_datetime
from ult_desktop.core.i18n import tr

#: A backup older than this is warned about (admin page, ``check``).
STALE_AFTER = timedelta(days=2)
#: A station that claimed today's copy and did not finish within this is presumed gone.
CLAIM_EXPIRES = timedelta(minutes=60)
#: After a failed attempt the next station tries again no sooner than this.
RETRY_AFTER = timedelta(minutes=60)

# why today's copy is not made now (None from :func:`not_due`: it is due)
NOT_SET = "not_set"
OTHER_HOST = "other_host"
DONE_TODAY = "done_today"
CLAIMED = "claimed"
FAILED_RECENTLY = "failed_recently"


def is_network_folder(path: str) -> bool:
    """A UNC path (``\\\\server\\share``, ``//server/share``): the same place on every PC."""
    return path.strip().startswith(("\\\\", "//"))


def host_for(folder: str, host: str) -> str:
    """The ``backup_host`` to store with *folder* chosen on PC *host*: ``""`` (any
    station) for a network folder, else *host*."""
    return "" if not folder.strip() or is_network_folder(folder) else host


def may_back_up_here(folder: str, backup_host: str, host: str) -> str | None:
    """``None`` when this PC (*host*) may make the daily copy, else why not."""
    if not folder.strip():
        return NOT_SET
    if backup_host and backup_host.casefold() != host.casefold():
        return OTHER_HOST
    return None


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def not_due(state: Mapping, *, today: date, now: datetime) -> str | None:
    """None when today's copy should be made now, else why not."""
    # ">=": a station whose clock is behind (around midnight) must not copy again what a
    # station with the right clock already made for its "today"
    if str(state.get("done_day") or "") >= today.isoformat():
        return DONE_TODAY
    claim = state.get("claim") or {}
    at = _moment(claim.get("at"))
    if at is not None and str(claim.get("day") or "") >= today.isoformat() and \
            abs(now - at) < CLAIM_EXPIRES:
        return CLAIMED
    failed = _moment((state.get("failed") or {}).get("at"))
    if failed is not None and now - failed < RETRY_AFTER:
        return FAILED_RECENTLY
    return None


@dataclass(frozen=True)
class LastBackup:
    at: datetime
    file: str
    station: str
    size: int
    auto: bool

    @classmethod
    def from_state(cls, state: Mapping) -> LastBackup | None:
        last = state.get("last") or {}
        at = _moment(last.get("at"))
        if at is None:
            return None
        return cls(at=at, file=str(last.get("file", "")), station=str(last.get("station", "")),
                   size=int(last.get("size") or 0), auto=bool(last.get("auto")))


@dataclass(frozen=True)
class Warning:
    """One thing the admin should act on: an i18n key and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> Warning:
        return cls(key, tuple(sorted(params.items())))


@dataclass(frozen=True)
class BackupStatus:
    """What the admin page and ``check`` show: "Cadangan terakhir" and the warnings."""

    folder: str
    host: str
    last: LastBackup | None
    reachable: bool | None
    failed: dict | None
    warnings: tuple[Warning, ...]
    timezone: str

    def as_dict(self) -> dict:
        last = self.last
        return {"folder": self.folder, "host": self.host, "reachable": self.reachable,
                "last": None if last is None else {**asdict(last), "at": last.at.isoformat()},
                "failed": self.failed,
                "warnings": [w.key for w in self.warnings]}


def warnings(*, folder: str, reachable: bool | None, last: LastBackup | None,
             now: datetime, cuti_unknown_year: int | None = None) -> list[Warning]:
    """What the admin page and ``check`` warn about: no folder set, the folder cannot be
    reached (*reachable* False; ``None``: not looked at), no backup yet or the last one
    older than :data:`STALE_AFTER`, next year's cuti bersama not known."""
    out = []
    if not folder.strip():
        out.append(Warning.of("backup.warn.no_folder"))
    elif reachable is False:
        out.append(Warning.of("backup.warn.unreachable", folder=folder))
    if last is None:
        out.append(Warning.of("backup.warn.never"))
    elif now - last.at > STALE_AFTER:
        out.append(Warning.of("backup.warn.stale", days=(now - last.at).days))
    if cuti_unknown_year is not None:
        out.append(Warning.of("holidays.cuti_bersama_unknown", year=cuti_unknown_year))
    return out


def last_text(last: LastBackup | None, tz: str, lang: str | None = None) -> str:
    """"Cadangan terakhir: <when>, <where> (oleh <station>)" in the office's clock."""
    if last is None:
        return tr("backup.last_never", lang)
    text = tr("backup.last", lang, when=long_datetime(last.at, lang, tz), where=last.file)
    return f"{text} ({tr('backup.last_by', lang, station=last.station)})" if last.station \
        else text


def failed_text(failed: Mapping | None, tz: str, lang: str | None = None) -> str | None:
    """The last failed attempt, if it came after the last backup (else ``None``)."""
    failed = failed or {}
    at = _moment(failed.get("at"))
    if at is None:
        return None
    return tr("backup.last_failed", lang, when=long_datetime(at, lang, tz),
              station=failed.get("station", ""), error=failed.get("error", ""))


def warning_text(warning: Warning, lang: str | None = None) -> str:
    return tr(warning.key, lang, **dict(warning.params))
