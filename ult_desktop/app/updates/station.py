"""What a station does with updates: at its start (switch, check, go back), while it
runs a look at the share every few minutes and the switch at a safe moment, its own
start-up check, and the one-line summary its heartbeat carries to Admin > Stasiun and
the morning check."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.app.updates import client, install
from ult_desktop.core import schedule
from ult_desktop.core.dates import office_now
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

#: What :func:`summary` says, each a line of the morning check (``selftest.update.<state>``).
SUMMARY_STATES = ("running", "staged", "waiting", "went_back", "refused", "unreachable",
                  "no_trust", "unknown")
#: How often a running station looks at the share's update folder (seconds by its clock),
#: each wait stretched or shortened at random by up to :data:`LOOK_JITTER` (a share of
#: it), so the stations of an office that opened together do not copy a release in the
#: same second; a release published while they run is staged within
#: ``LOOK_EVERY_S * (1 + LOOK_JITTER)`` and taken at the next safe moment
#: (:func:`ready_to_switch`): on every station inside the office's window.
LOOK_EVERY_S = 300.0
LOOK_JITTER = 0.3
#: The first look after a start comes within this many seconds, at random: the PCs of an
#: office switched on together at opening copy a release published overnight over ten
#: minutes, not in the same second (each station's own random numbers).
FIRST_LOOK_S = 600.0
#: How long the start-up check waits for the office file held by another's write.
READ_WAIT_S = 10.0
#: The started version waits this long for the lock its predecessor still holds while it
#: closes (``ui/common/single.py``): set in the environment of a hand-over.
HANDED_OVER_ENV = "ULT_HANDED_OVER"

#: The logger of the update modules; :func:`log_handler` writes it to the update log.
UPDATE_LOGGER = "ult_desktop.app.updates"
UPDATE_LOG = "ult-desktop-update.log"


def log_handler() -> logging.Handler:
    """``ult-desktop-update.log`` in the user's log folder, rotated as the modes' logs
    (a handler that writes nothing when the folder cannot be made)."""
    from ult_desktop.app.logsetup import file_handler
    from ult_desktop.app.paths import user_log_dir

    return file_handler(user_log_dir() / UPDATE_LOG) or logging.NullHandler()


def keep_log() -> None:
    """A GUI mode's updates (the look, each switch and go-back) written to the update log
    for as long as it runs, besides its own log: from before its start's switch."""
    logger = logging.getLogger(UPDATE_LOGGER)
    if not any(getattr(h, "baseFilename", "").endswith(UPDATE_LOG) for h in logger.handlers):
        logger.addHandler(log_handler())
        logger.setLevel(logging.INFO)


def switch_now() -> str | None:
    """The start's switch (``install.at_start``: the new version's own check, seconds;
    never on the screen's thread): the version ``current`` now holds when it is not this
    process's, for :func:`relaunch`; None when this one runs on (no versioned install,
    nothing switched, the root not writable)."""
    root = install.install_root()
    if root is None:
        return None
    try:
        version = install.at_start(root).version
    except OSError:
        log.warning("update: the start could not switch versions in %s", root, exc_info=True)
        return None
    return version if version not in (None, __version__) else None


_STARTED: dict[str, subprocess.Popen] = {}
_STARTING = threading.Lock()


def relaunch(version: str) -> subprocess.Popen:
    """Start *version*'s own program (its folder's, not this process's: a frozen program's
    ``sys.executable`` is its resolved path, the old version's folder) with this one's
    arguments in this one's place, for the caller to end itself; once per process and
    version (the safe moment's switch and the worker's hand-over may both ask)."""
    program = str(install.program(install.install_root(), version))
    with _STARTING:
        started = _STARTED.get(program)
        if started is None:
            started = _STARTED[program] = subprocess.Popen(
                [program, *sys.argv[1:]], close_fds=True,
                env={**os.environ, HANDED_OVER_ENV: "1"})
        return started


def hand_over(*, anytime: bool = False) -> subprocess.Popen | None:
    """At a GUI mode's start, a release staged here switched to (:func:`switch_now`) and
    started in this one's place (:func:`relaunch`); a release that would migrate the office
    file only inside the office's window (:func:`window_open`: every station moves in the
    same window), any other at once (nobody is served by a station starting). *anytime*:
    the file moved to a newer schema under a running station (it never writes with the
    old version): also a switch its safe moment made while no quiet moment came since."""
    root = install.install_root()
    if root is None:
        return None
    state = install.read_state(root)
    pending = state.get("pending")
    if not pending and install.current_version(root) in (None, __version__):
        return None  # (else a switch already made waits for this one to end: started)
    if pending and not anytime and (state.get("pending_schema") or 0) > SCHEMA_VERSION \
            and not window_open(state, pending):
        log.info("update: %s migrates the office file: it waits for the window", pending)
        return None
    version = switch_now()
    if not version:
        return None
    try:
        return relaunch(version)
    except OSError:  # this one runs on: the next start or heartbeat asks again
        log.warning("update: %s could not be started", version, exc_info=True)
        return None


#: The office settings the update window is read from (``core/schedule.py``).
WINDOW_KEYS = ("update_window", "update_now", "timezone", "open_days", "open_time",
               "close_time", "serving_until", "break_daily", "break_friday", "planned_pause")


#: The window kept is read again after this long (s) with nothing staged: one staged
#: later is not switched by a window the office has changed since.
WINDOW_FRESH_S = 1800


def remember_window(db) -> None:
    """The office's update window as the record lets it stand (the judged settings), kept
    in the install's state file, where the switch reads it without the office file: read
    by the station's worker at its heartbeat while a release is staged here, else every
    :data:`WINDOW_FRESH_S`."""
    from ult_desktop.db.house.office import read_settings

    root = install.install_root()
    if root is None:
        return
    state = install.read_state(root)
    fresh = str(state.get("window_at", "")) > (datetime.now(timezone.utc) - timedelta(
        seconds=WINDOW_FRESH_S)).isoformat(timespec="seconds")
    if "window" in state and fresh and not state.get("pending"):
        return
    window = db.read(lambda conn: read_settings(conn, WINDOW_KEYS))
    if state.get("window") != window:
        log.info("update window: %s, urgent: %s", window["update_window"],
                 window["update_now"] or "-")
    if state.get("window") != window or not fresh:
        install.note(root, window=window, window_at=install.now_iso())


def window_open(state: dict, version: str) -> bool:
    """Does the office's window (:func:`remember_window`) let a station switch to
    *version* now (office time)? True while none was read yet: any safe moment, as an
    office that never chose one."""
    window = state.get("window")
    if not isinstance(window, dict) or not window:
        return True
    local = office_now(window.get("timezone") or "WIB")
    return schedule.update_window_open(window, local, version)


def check_now(db: str | None) -> client.CheckResult | None:
    """Look at the share's update folder now (:class:`Looks`); a release staged here runs
    its own start-up check at once (``install.precheck``); None when this PC is no
    versioned install or no update folder is known."""
    root = install.install_root()
    share = client.update_folder(db)
    if root is None or share is None:
        return None
    return look(root, share)[0]


def look(root: Path, share: Path) -> tuple[client.CheckResult, str]:
    """One look of the install *root* at the update folder *share* (a running station's,
    ``update look``'s): the bans Admin lifted (``client.ask_again``) lifted here, the
    check, and a release it staged checked at once from its own folder
    (``install.precheck``). Returns the result and why that check failed ("" if not)."""
    client.lift_asked(root, share)
    result = client.check(root, share, install.current_version(root) or __version__)
    failed = install.precheck(root, result.version) \
        if result.outcome == client.STAGED else ""
    return result, failed


class Looks:
    """When a running station looks at the update folder: within :data:`FIRST_LOOK_S`
    of its start, then every :data:`LOOK_EVERY_S` give or take :data:`LOOK_JITTER`, at
    any hour (taking the release waits for a safe moment, not the look). *clock*:
    seconds (``time.monotonic``; a test's own), *rng*: the jitter's."""

    def __init__(self, db: str | None, *, clock: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None) -> None:
        self.db, self.clock = db, clock
        self.rng = rng or random.Random()
        self.next_at = clock() + FIRST_LOOK_S * self.rng.random()

    def wait_s(self) -> float:
        """Seconds until the next look is due."""
        return max(0.0, self.next_at - self.clock())

    def look_if_due(self) -> client.CheckResult | None:
        """Look (:func:`check_now`) when due, and set the next; None when not due."""
        now = self.clock()
        if now < self.next_at:
            return None
        self.next_at = now + LOOK_EVERY_S * self.rng.uniform(1 - LOOK_JITTER, 1 + LOOK_JITTER)
        return check_now(self.db)


def watch_in_background(db: str | None) -> threading.Thread | None:
    """:class:`Looks` on a daemon thread for as long as the station runs (a look copying
    a release takes minutes: never on the screen's thread). None when this PC is no
    versioned install."""
    if install.install_root() is None:
        return None
    looks = Looks(db)

    def run() -> None:
        while True:
            time.sleep(looks.wait_s())
            try:
                result = looks.look_if_due()
            except Exception:  # a look must never end the station
                log.exception("update look failed")
            else:
                log.info("update look: %s", result)

    thread = threading.Thread(target=run, name="update-watch", daemon=True)
    thread.start()
    return thread


def ready_to_switch(quiet: Callable[[], bool]) -> bool:
    """For a running station's timer (``ui/common/update_switch.py``), cheap (the
    install's state file): a release staged here whose own start-up check passed
    (``install.precheck``: not one that waits for the office file), inside the office's
    window (:func:`window_open`), and *quiet* says no visitor would notice (the kiosk
    between visitors, a counter nobody signed in at, the TV at any time). *quiet* is asked
    only when all the rest holds."""
    root = install.install_root()
    if root is None:
        return False
    state = install.read_state(root)
    pending = state.get("pending")
    return bool(pending) and state.get("ready") == pending \
        and window_open(state, pending) and quiet()


def summary(root: Path | None = None) -> dict:
    """The update state in a few words for the heartbeat and the morning check:
    ``state`` (running, staged, waiting, went_back, refused, stale, unreachable, no_trust,
    unknown) and the version and reason concerned; the last switch (``switched``: from,
    at) or go-back (``to``, ``at``), as the update log has them; with it the metadata
    versions this install trusts (``trusted``: the admin's view flags a station behind the
    folder), the versions banned here (``failed``) and the last look's refusal
    (``refusal``), which a release staged before it does not hide."""
    root = root if root is not None else install.install_root()
    if root is None:
        return {}
    state = install.read_state(root)
    last = state.get("last_check") or {}
    facts = _state_words(state, last)
    trusted = client.trusted_versions(root)
    if trusted:
        facts["trusted"] = trusted
    if state.get("failed"):
        facts["failed"] = sorted(state["failed"])
    if last.get("outcome") == client.REFUSED and facts["state"] != "refused" \
            and last.get("reason") != "failed_before":  # (that one is ``failed``)
        facts["refusal"] = {"reason": last.get("reason", ""), "version": last.get("version"),
                            "at": last.get("at")}
    return facts


def _state_words(state: dict, last: dict) -> dict:
    went_back = state.get("went_back") or {}
    if state.get("state") == "went_back" and went_back:
        return {"state": "went_back", "version": went_back.get("from"),
                "reason": went_back.get("why", "")[:120], "to": went_back.get("to"),
                "at": went_back.get("at")}
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
        said = {"state": "running", "version": state.get("running") or last.get("version")}
        if state.get("switched_at"):  # the last switch, for Admin > Stasiun
            said["switched"] = {"from": state.get("previous"), "at": state["switched_at"]}
        return said
    return {"state": "unknown"}


def fleet_words(state: str, about: str) -> str:
    """A station's state in the admin's view and ``update status`` (``fleet.judge``) in
    one sentence: a refusal says why, in the station's own words."""
    from ult_desktop.core.i18n import tr

    if state == "refusing" and about in client.REFUSALS:
        about = tr(f"update.refused.{about}", version="-")
    return tr(f"update.status.{state}", about=about)


def start_check(db: str | None, *, schema_version: int, station: str | None = None) -> str:
    """The headless half of a new version's start-up check: "" when it can start here,
    else why not. The office file is only read (never migrated here): a file newer than
    this version refuses it; an older one that may not migrate yet (stations seen lately
    read only its schema: ``db/house/fleet.py``) is :class:`install.NotYet`, naming them;
    a file that could not be read (held by a write longer than :data:`READ_WAIT_S`) is
    :class:`install.Retry`, no verdict on the release.
    The caller also loads the screens and checks the bundle (``update start-check``)."""
    from ult_desktop.db.engine.sqlite_file import sqlite_uri
    from ult_desktop.db.house import fleet

    if not db or "://" in db or not Path(db).exists():
        return ""
    try:  # a file held by a long write, or that cannot be read now: no verdict
        conn = sqlite3.connect(sqlite_uri(db, mode="ro"), uri=True, timeout=READ_WAIT_S)
    except sqlite3.Error as exc:
        return install.Retry(f"{Path(db).name}: {exc}")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        behind = fleet.left_behind(fleet.read_versions(conn), schema_version,
                                   file_schema=version, own=station)
    except sqlite3.Error as exc:
        return install.Retry(f"{Path(db).name}: {exc}")
    finally:
        conn.close()
    if version > schema_version:
        return f"{Path(db).name}: schema {version}, this version reads up to {schema_version}"
    if version < schema_version and behind:
        return install.NotYet(", ".join(s.station for s in behind))
    return ""

