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
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.app.updates import client, install

log = logging.getLogger(__name__)

#: What :func:`summary` says, each a line of the morning check (``selftest.update.<state>``).
SUMMARY_STATES = ("running", "staged", "waiting", "went_back", "refused", "unreachable",
                  "no_trust", "unknown")
#: How often a running station looks at the share's update folder (seconds by its clock),
#: each wait stretched or shortened at random by up to :data:`LOOK_JITTER` (a share of
#: it), so the stations of an office that opened together do not copy a release in the
#: same second; a release published while they run is staged within
#: ``LOOK_EVERY_S * (1 + LOOK_JITTER)`` and taken at the next safe moment
#: (:func:`take_if_ready`): on every station inside the office's 15 minutes.
LOOK_EVERY_S = 300.0
LOOK_JITTER = 0.3
#: The first look after a start comes within this many seconds (at random, as above).
FIRST_LOOK_S = 60.0
#: How long the start-up check waits for the office file held by another's write.
READ_WAIT_S = 10.0
#: The started version waits this long for the lock its predecessor still holds while it
#: closes (``ui/common/single.py``): set in the environment of a hand-over.
HANDED_OVER_ENV = "ULT_HANDED_OVER"

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
                            close_fds=True, env={**os.environ, HANDED_OVER_ENV: "1"})


def hand_over() -> subprocess.Popen | None:
    """The start's switch (:func:`on_start`) made now; when ``current`` holds another
    version than this process, that version's program started in this one's place (the
    process, for the caller to end itself), else None. At a GUI mode's start, when the
    office file moved to a newer schema under a running station that has the release
    reading it staged (it never writes with the old version), and at a running station's
    safe moment (:func:`take_if_ready`)."""
    root = install.install_root()
    if root is None or not install.read_state(root).get("pending"):
        return None
    decision = on_start()
    if decision is None or decision.version in (None, __version__):
        return None
    return relaunch(root, decision.version)


def check_now(db: str | None) -> client.CheckResult | None:
    """Look at the share's update folder now (:class:`Looks`); a release staged here runs
    its own start-up check at once (``install.precheck``); None when this PC is no
    versioned install or no update folder is known."""
    root = install.install_root()
    share = client.update_folder(db)
    if root is None or share is None:
        return None
    client.lift_asked(root, share)
    result = client.check(root, share, install.current_version(root) or __version__)
    if result.outcome == client.STAGED:
        install.precheck(root, result.version)
    return result


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


def take_if_ready(quiet: Callable[[], bool]) -> subprocess.Popen | None:
    """For a running station's timer (``ui/common/update_switch.py``): a release staged
    here whose own start-up check passed (``install.precheck``: not one that waits for
    the office file) is switched to and started in this one's place (:func:`hand_over`)
    when *quiet* says no visitor would notice (the kiosk between visitors, a counter
    nobody signed in at, the TV at any time); the started process, for the caller to
    close its windows and end, else None. *quiet* is asked only when a release is ready."""
    root = install.install_root()
    if root is None:
        return None
    state = install.read_state(root)
    pending = state.get("pending")
    if not pending or state.get("ready") != pending or not quiet():
        return None
    return hand_over()


def summary(root: Path | None = None) -> dict:
    """The update state in a few words for the heartbeat and the morning check:
    ``state`` (running, staged, waiting, went_back, refused, unreachable, no_trust,
    unknown) and the version and reason concerned; with it the metadata versions this
    install trusts (``trusted``: the admin's view flags a station behind the folder), the
    versions banned here (``failed``) and the last look's refusal (``refusal``), which a
    release staged before it does not hide."""
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

