"""What a station does with updates: at its start (switch, check, go back), a check of
the share now and in idle hours, its own start-up check, and the one-line summary its
heartbeat carries to Admin > Stasiun and the morning check."""

from __future__ import annotations

import logging
import random
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.app.updates import client, install

log = logging.getLogger(__name__)

#: What :func:`summary` says, each a line of the morning check (``selftest.update.<state>``).
SUMMARY_STATES = ("running", "staged", "waiting", "went_back", "refused", "unreachable",
                  "no_trust", "unknown")
#: How often the background watch asks :func:`check_if_due` (real seconds).
WATCH_EVERY_S = 900.0
#: The most hours between two looks at the share while the station runs (at idle times).
CHECK_EVERY_H = 4.0


def on_start() -> install.StartDecision | None:
    """The start of an installed station: ``install.at_start`` on its install root (None
    when this program is not a versioned install, or the root cannot be written)."""
    root = install.install_root()
    if root is None:
        return None
    try:
        return install.at_start(root)
    except OSError:
        log.warning("update: the start could not switch versions in %s", root, exc_info=True)
        return None


def relaunch(root: Path, version: str) -> subprocess.Popen:
    """Start *version*'s own program (its folder's, not this process's: a frozen program's
    ``sys.executable`` is its resolved path, the old version's folder) with this one's
    arguments, for the caller to end."""
    return subprocess.Popen([str(install.program(root, version)), *sys.argv[1:]],
                            close_fds=True)


def hand_over() -> subprocess.Popen | None:
    """The start's switch (:func:`on_start`) made now; when ``current`` holds another
    version than this process, that version's program started in this one's place (the
    process, for the caller to end itself), else None. At a GUI mode's start, when the
    office file moved to a newer schema under a running station that has the release
    reading it staged (it never writes with the old version)."""
    root = install.install_root()
    if root is None or not install.read_state(root).get("pending"):
        return None
    decision = on_start()
    if decision is None or decision.version in (None, __version__):
        return None
    return relaunch(root, decision.version)


def check_now(db: str | None) -> client.CheckResult | None:
    """Look at the share's update folder now (at start, and from :func:`check_if_due`);
    None when this PC is no versioned install or no update folder is known."""
    root = install.install_root()
    share = client.update_folder(db)
    if root is None or share is None:
        return None
    result = client.check(root, share, install.current_version(root) or __version__)
    if result.outcome == client.STAGED:
        install.precheck(root, result.version)
    return result


def check_if_due(db: str | None, *, idle: bool,
                 now: datetime | None = None) -> client.CheckResult | None:
    """For the station's timer: look again when *idle* (no visitor at the desk, outside
    opening hours) and the last look is older than :data:`CHECK_EVERY_H`."""
    root = install.install_root()
    if not idle or root is None:
        return None
    last = install.read_state(root).get("last_check", {}).get("at")
    now = now or datetime.now(timezone.utc)
    if last:
        try:
            if now - datetime.fromisoformat(last) < timedelta(hours=CHECK_EVERY_H):
                return None
        except ValueError:
            pass
    return check_now(db)


def quiet_hours(now: datetime | None = None) -> bool:
    """Outside the office's usual service hours (before 07:00, from 16:00, weekends), by
    this PC's clock: when a station fetches a release without slowing the hall's LAN."""
    now = now or datetime.now()
    return now.weekday() >= 5 or now.hour < 7 or now.hour >= 16


def watch_in_background(db: str | None) -> threading.Thread | None:
    """At start, then every :data:`WATCH_EVERY_S` (with a jitter, so thirty stations do not copy a
    release at once): :func:`check_if_due` in quiet hours, on a daemon thread; the first
    look is at once. None when this PC is no versioned install."""
    if install.install_root() is None:
        return None

    def run() -> None:
        result = check_now(db)
        log.info("update at start: %s", result)
        while True:
            time.sleep(WATCH_EVERY_S * random.uniform(0.5, 1.5))
            try:
                check_if_due(db, idle=quiet_hours())
            except Exception:  # a look must never end the station
                log.exception("update look failed")

    thread = threading.Thread(target=run, name="update-watch", daemon=True)
    thread.start()
    return thread


def summary(root: Path | None = None) -> dict:
    """The update state in a few words for the heartbeat and the morning check:
    ``state`` (running, staged, went_back, refused, stale, unreachable, no_trust, unknown),
    and the version and reason concerned."""
    root = root if root is not None else install.install_root()
    if root is None:
        return {}
    state = install.read_state(root)
    last = state.get("last_check") or {}
    went_back = state.get("went_back") or {}
    if state.get("state") == "went_back" and went_back:
        return {"state": "went_back", "version": went_back.get("from"),
                "reason": went_back.get("why", "")[:120]}
    if state.get("pending"):
        waiting = state.get("waiting") or {}
        if state.get("state") == "waiting" and waiting.get("version") == state["pending"]:
            return {"state": "waiting", "version": state["pending"],
                    "schema": state.get("pending_schema"), "reason": waiting.get("why", "")}
        return {"state": "staged", "version": state["pending"],
                "schema": state.get("pending_schema")}
    outcome = last.get("outcome")
    if outcome == client.REFUSED:
        return {"state": "refused", "version": last.get("version"),
                "reason": last.get("reason", "")}
    if outcome in (client.UNREACHABLE, client.NO_TRUST):
        return {"state": outcome}
    if outcome in (client.UP_TO_DATE, client.STAGED) or state.get("running"):
        return {"state": "running", "version": state.get("running") or last.get("version")}
    return {"state": "unknown"}


def start_check(db: str | None, *, schema_version: int, station: str | None = None) -> str:
    """The headless half of a new version's start-up check: "" when it can start here,
    else why not. The office file is only read (never migrated here): a file newer than
    this version refuses it; an older one that may not migrate yet (stations seen lately
    read only its schema: ``db/house/fleet.py``) is :class:`install.NotYet`, naming them.
    The caller also loads the screens and checks the bundle (``update start-check``)."""
    from ult_desktop.db.engine.sqlite_file import sqlite_uri
    from ult_desktop.db.house import fleet

    if not db or "://" in db or not Path(db).exists():
        return ""
    try:
        conn = sqlite3.connect(sqlite_uri(db, mode="ro"), uri=True, timeout=10)
    except sqlite3.Error as exc:
        return f"{Path(db).name}: {exc}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        behind = fleet.left_behind(fleet.read_versions(conn), schema_version,
                                   file_schema=version, own=station)
    except sqlite3.Error as exc:
        return f"{Path(db).name}: {exc}"
    finally:
        conn.close()
    if version > schema_version:
        return f"{Path(db).name}: schema {version}, this version reads up to {schema_version}"
    if version < schema_version and behind:
        return install.NotYet(", ".join(s.station for s in behind))
    return ""

