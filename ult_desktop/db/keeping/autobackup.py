"""The daily automatic backup: made by whichever station runs first that day.

A short write claims today's copy (``backup_started``: the write lock lets one station
claim; rules in :mod:`ult_desktop.core.backup_plan`); the folder keeps the newest
``backup_keep`` copies. A failure is ``backup_failed``; a claim expires after an hour, so
another station tries again. Set-up: docs/deployment.md."""

from __future__ import annotations

import logging
import os
import platform
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ult_desktop.core import backup_plan
from ult_desktop.core.backup_plan import BackupStatus, LastBackup
from ult_desktop.core.dates import file_stamp
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.workdays import cuti_bersama_unknown
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import get_settings, read_settings, write_settings
from ult_desktop.db.keeping.backup import BACKUP_FAILED, BACKUP_STARTED, backup_database
from ult_desktop.db.keeping.maintenance import office_stem
from ult_desktop.db.record.events import append_event

log = logging.getLogger(__name__)

MADE = "made"
FAILED = "failed"

_KEYS = ("backup_folder", "backup_host", "backup_keep", "backup_state", "timezone")


def this_host() -> str:
    """This PC's name, as ``backup_host`` stores it."""
    return platform.node() or "pc"


@dataclass(frozen=True)
class DailyOutcome:
    """What one look at the daily backup did: :data:`MADE`, :data:`FAILED`, or why
    nothing was needed (``core.backup_plan``)."""

    outcome: str
    path: Path | None = None
    error: str | None = None
    deleted: tuple[Path, ...] = ()


def daily_backup_due(db: Database, *, now: datetime | None = None,
                     host: str | None = None) -> bool:
    """Whether this station should make today's copy now (one cheap read; the claim in
    :func:`run_daily_backup` decides)."""
    moment = now or _utc_now()
    s = get_settings(db, *_KEYS)
    if backup_plan.may_back_up_here(s["backup_folder"], s["backup_host"],
                                    host or this_host()) is not None:
        return False
    today = office_day(moment, s["timezone"])
    return backup_plan.not_due(s["backup_state"], today=today, now=moment) is None


def run_daily_backup(db: Database, *, now: datetime | None = None,
                     host: str | None = None) -> DailyOutcome:
    """Make today's copy if it is due and this station wins the claim (never on the GUI
    thread). :raises DatabaseBusy, ShareUnavailable: the claim could not be written (a
    failing backup folder is an outcome, not an exception)."""
    moment = now or _utc_now()
    settings = get_settings(db, *_KEYS)
    why = backup_plan.may_back_up_here(settings["backup_folder"], settings["backup_host"],
                                       host or this_host())
    if why is not None:
        return DailyOutcome(why)
    folder = Path(settings["backup_folder"].strip())

    def claim(conn: Connection) -> str | None:
        s = read_settings(conn, ("backup_state", "timezone"))
        today = office_day(moment, s["timezone"])
        reason = backup_plan.not_due(s["backup_state"], today=today, now=moment)
        if reason is not None:
            return reason
        state = dict(s["backup_state"])
        state["claim"] = {"station": db.station, "at": moment.isoformat(),
                          "day": today.isoformat()}
        images = write_settings(conn, {"backup_state": state})
        append_event(conn, db.station, BACKUP_STARTED, at=moment, images=images or None,
                     data={"folder": str(folder), "day": today.isoformat()})
        return None

    reason = db.write(claim)
    if reason is not None:
        return DailyOutcome(reason)
    target = folder / f"{office_stem(db)}-{file_stamp(settings['timezone'], moment)}.db"
    try:
        why = folder_problem(folder)  # never create it: an unmounted share would become local
        if why is not None:
            sentence = tr("backup.warn.unreachable_why", folder=str(folder), reason=why)
        else:
            made = backup_database(db, target, auto=True, now=moment)
            sentence = None
    except (errors.UltError, OSError) as exc:
        sentence = str(exc)
    if sentence is not None:
        log.warning("daily backup into %s failed: %s", folder, sentence)
        _record_failure(db, moment, folder, sentence)
        return DailyOutcome(FAILED, error=sentence)
    deleted = rotate(folder, office_stem(db), keep=settings["backup_keep"], newest=made)
    return DailyOutcome(MADE, path=made, deleted=tuple(deleted))


def _record_failure(db: Database, moment: datetime, folder: Path, sentence: str) -> None:
    def tx(conn: Connection) -> None:
        state = dict(read_settings(conn, ("backup_state",))["backup_state"])
        state.pop("claim", None)
        state["failed"] = {"station": db.station, "at": moment.isoformat(),
                           "error": sentence[:300]}
        images = write_settings(conn, {"backup_state": state})
        append_event(conn, db.station, BACKUP_FAILED, at=moment, images=images or None,
                     data={"folder": str(folder), "error": sentence[:300]})

    db.write(tx)


def rotate(folder: Path, stem: str, *, keep: int, newest: Path | None = None) -> list[Path]:
    """Delete all but the *keep* newest ``<stem>-YYYYMMDD-HHMMSS.db`` copies in *folder*
    (names sort by the office's clock); other files are never touched."""
    pattern = re.compile(re.escape(stem) + r"-\d{8}-\d{6}\.db")
    try:
        copies = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))
    except OSError:
        return []
    deleted = []
    for path in copies[:max(0, len(copies) - max(1, keep))]:
        if newest is not None and path == newest:
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError:
            log.warning("old backup %s not deleted", path, exc_info=True)
    return deleted




def backup_status(db: Database, *, now: datetime | None = None,
                  host: str | None = None) -> BackupStatus:
    """The office's backup status, and whether the folder answers from PC *host*
    (slow on a dead share: off the GUI thread; another PC's local folder is not looked at)."""
    moment = now or _utc_now()
    s = get_settings(db, *_KEYS, "extra_holidays")
    folder = s["backup_folder"].strip()
    reachable = None
    if folder and backup_plan.may_back_up_here(folder, s["backup_host"],
                                                        host or this_host()) is None:
        reachable = folder_problem(folder) is None
    state = s["backup_state"]
    last = LastBackup.from_state(state)
    today = office_day(moment, s["timezone"])
    found = backup_plan.warnings(folder=folder, reachable=reachable, last=last, now=moment,
                                 cuti_unknown_year=cuti_bersama_unknown(
                                     today, s["extra_holidays"]))
    return BackupStatus(folder=folder, host=s["backup_host"], last=last, reachable=reachable,
                        failed=state.get("failed"), warnings=tuple(found),
                        timezone=s["timezone"])


def folder_problem(folder: str | os.PathLike) -> str | None:
    """Why *folder* cannot take backups, in Windows' own words (``os.stat`` keeps the
    reason; ``Path.is_dir`` swallows it) unless it simply does not exist, or None."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:  # WinError 2/3, ENOENT: said plainly, not in the OS's words
        return tr("backup.error.no_such_folder")
    except OSError as exc:
        code = getattr(exc, "winerror", None)
        return f"{exc.strerror or exc}" + (f" (WinError {code})" if code else "")
    return None if stat.S_ISDIR(info.st_mode) else tr("backup.error.not_a_folder")


def set_backup_folder(db: Database, *, folder: str, host: str | None = None) -> None:
    """Set the daily backup folder of PC *host* (default: this one; a network folder:
    every station's). :raises RuleViolation: the folder does not exist (from this PC)."""
    from ult_desktop.db.house.office import set_settings

    folder = folder.strip()
    why = folder_problem(folder) if folder else None
    if why is not None:
        raise errors.RuleViolation("backup.error.folder_why", folder=folder, reason=why)
    set_settings(db, backup_folder=folder,
                 backup_host=backup_plan.host_for(folder, host or this_host()))
