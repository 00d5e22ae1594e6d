"""Shared fixtures: a fresh office database file per test, headless Qt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: A pytest-xdist worker (README's test command runs two): its own key folder, journals and
#: LAN port, never the ones its parent chose for both (a TV of one worker would hear the
#: other's calls; a root pinned by one would make the other's stations refuse).
_WORKER = bool(os.environ.get("PYTEST_XDIST_WORKER"))


def _own(name: str, value: str) -> None:
    if _WORKER:
        os.environ[name] = value
    else:
        os.environ.setdefault(name, value)


# Tests must not wait 10 s for a lock unless they say so.
os.environ.setdefault("ULT_BUSY_TIMEOUT", "5")
# Tests never create or sign with this PC's real station key.
_own("ULT_KEY_DIR", tempfile.mkdtemp(prefix="ult-test-keys-"))
# kiosks' journals (db/journals/journal.py) of this test run only
_own("ULT_JOURNAL_DIR", tempfile.mkdtemp(prefix="ult-test-journals-"))
# a counter's first-visitor chime plays nothing (the tests hear it through its ``play``)
os.environ.setdefault("ULT_SOUND", "off")
if os.name == "nt":
    # The user's profile folders of this test run only: on Windows the station file, the
    # demo office, the PC's trust memory and the Startup folder live there, not in XDG_*.
    os.environ["LOCALAPPDATA"] = tempfile.mkdtemp(prefix="ult-test-localappdata-")
    os.environ["APPDATA"] = tempfile.mkdtemp(prefix="ult-test-appdata-")
else:
    # ... and elsewhere in XDG_*: the modes' one-process locks, the TV's state, the admin
    # PIN memory are this run's own (another run beside it, or another pytest worker,
    # starts its kiosks and TVs without finding them taken).
    for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[_name] = tempfile.mkdtemp(prefix=f"ult-test-{_name[4:-5].lower()}-")


def _free_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The stations' LAN calls on a port of this run's own (a TV of another run or worker would
# hold the office's port, and hear this run's calls).
_own("ULT_LAN_PORT", str(_free_udp_port()))

ROOT = Path(__file__).resolve().parent.parent


def _patient(wait, ceiling_ms: int = 60_000):
    """pytest-qt's *wait* with *ceiling_ms* as its default timeout instead of 5 s: a test
    waits on its condition, and a loaded machine (the Windows lane beside it) is not a
    failure. A wait ends once its condition holds, so a passing test is no slower."""
    def patient(self, *args, timeout: int = ceiling_ms, **kwargs):
        return wait(self, *args, timeout=timeout, **kwargs)
    return patient


def _qtbot_waits_patiently() -> None:
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback"):
        setattr(QtBot, name, _patient(getattr(QtBot, name)))


_qtbot_waits_patiently()


def clear_of_midnight(now: datetime, *, before: timedelta = timedelta(hours=1),
                      after: timedelta = timedelta(hours=1),
                      ahead: timedelta = timedelta(0)) -> datetime:
    """*now*, moved back just enough for ``now - before .. now + after`` to keep to one
    office day (WIB): a test's visits issued before midnight and called after it are on
    another day's queue (CI once ran at 00:20 WIB). Moved forward past midnight instead
    when that is at most *ahead* (a test whose station writes at the real time: its acts
    may not fall far before those writes)."""
    end = (now + after).astimezone(timezone(timedelta(hours=7)))
    midnight = end.replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight > now - before:
        forward = midnight + before + timedelta(minutes=1)
        if forward - now <= ahead:
            return forward
        now -= end - midnight + timedelta(minutes=1)
    return now


#: Indonesia's office zones and their hours ahead of UTC.
ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}


def roomy_zone(db, now: datetime | None = None, *, ahead: timedelta = timedelta(0),
               behind: timedelta = timedelta(hours=2)) -> datetime:
    """Sets *db*'s office zone to the one (WIB, WITA, WIT) whose day has run longest at
    *now* and still has *ahead* of it before midnight (the office closes at 23:59, so a
    wait band near midnight says "maybe not today"): at least *behind* of today lies
    behind it (WIB's midnight is 17:00 UTC, WIT's 15:00). In the few minutes of a day
    when no zone has both, the test is skipped with that reason. Returns that zone's last
    midnight (UTC): a test's visits of "today, earlier" fit between it and *now*."""
    from ult_desktop.db.house.office import set_settings

    now = now or datetime.now(timezone.utc)

    def local(zone: str) -> datetime:
        return now.astimezone(timezone(timedelta(hours=ZONES[zone])))

    def run(zone: str) -> timedelta:
        t = local(zone)
        return t - t.replace(hour=0, minute=0, second=0, microsecond=0)

    fits = [z for z in ZONES if run(z) >= behind and timedelta(days=1) - run(z) >= ahead]
    if not fits:
        pytest.skip(f"no office zone has {behind} of today behind it and {ahead} ahead now")
    zone = max(fits, key=run)
    set_settings(db, timezone=zone, serving_until="23:59")  # (its closing cuts no band)
    return local(zone).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


@pytest.fixture(autouse=True)
def _now_when_the_test_starts(request):
    """A module that sets ``NOW_BEFORE`` gets its ``NOW`` taken when each test starts
    (that long before it), not when the file was collected: twenty minutes into a full
    run, a NOW from collection is an online act back-dated past what the record believes."""
    before = getattr(request.module, "NOW_BEFORE", None)
    if before is not None:
        window = getattr(request.module, "NOW_WINDOW", {})
        request.module.NOW = clear_of_midnight(datetime.now(timezone.utc), **window) - before


#: Fixtures shared across files, registered once (no imports of fixtures in test files).
pytest_plugins = ["tests.faultfs.fixtures", "tests.drivers", "tests.pg_cluster"]


def _pin_cost_for_tests() -> None:
    """scrypt at the production cost (~250 ms a hash) would make every login of the suite
    slow. ``ULT_PIN_COST_TEST`` = log2 of scrypt's N for new hashes in this process
    (default 10), or ``production``. Only this file reads it: the application has no way
    to lower its cost (subprocesses started by tests hash at the production cost)."""
    from ult_desktop.core import pins

    wanted = os.environ.get("ULT_PIN_COST_TEST", "10")
    if wanted != "production":
        pins.set_cost_for_tests(pins.Cost(n=2 ** int(wanted), r=8, p=1))


_pin_cost_for_tests()


@pytest.fixture(autouse=True)
def _own_survey_queue(tmp_path_factory, monkeypatch):
    """Each test its own survey answer queue (app/survey_queue.py, a local file)."""
    monkeypatch.setenv("ULT_SURVEY_QUEUE_DIR", str(tmp_path_factory.mktemp("survey-queue")))


@pytest.fixture(autouse=True)
def _own_journals(tmp_path_factory, monkeypatch):
    """Each test its own stations' journals: the tests' offices are copies of one demo
    file, so to a station they are one office (db/journals/journal.py finds a journal by the
    office's record) and would land each other's."""
    monkeypatch.setenv("ULT_JOURNAL_DIR", str(tmp_path_factory.mktemp("journals")))


@pytest.fixture(autouse=True)
def _language_back_to_indonesian():
    """An in-process ``main(["--lang", "en", ...])`` sets the process-wide language and
    exits without restoring it; the next test must start in Indonesian again."""
    yield
    from ult_desktop.core.i18n import set_language

    set_language("id")


@pytest.fixture(autouse=True)
def _collect_garbage_in_the_gui_thread(request):
    """As the app does (ui/common/gc_guard.py): in a Qt test, cycles are collected here,
    in the main thread, never by a station worker in the middle of its work (a worker
    destroying a leftover widget can freeze both threads)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from ult_desktop.ui.common import gc_guard, plain_text

    app = request.getfixturevalue("qapp")
    plain_text.install(app)  # as ensure_app does: shared text is never HTML
    collector = gc_guard.install(app)
    yield
    collector.check()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    """A Qt test's windows are destroyed at its own end, after its fixtures: pytest-qt's
    ``deleteLater`` is delivered by the next running event loop, the next test's first
    wait, and a window no test registered (made by a mode's ``main``) lived on until a
    collection freed it, whenever that came. Either way a window (its station, page and
    dialogs) was destroyed in the middle of another test's events, where PySide can crash
    (a 1,066-widget pair of counters, seen). Closed and deleted here, on the GUI thread."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None or not (windows := QApplication.topLevelWidgets()):
        return  # nothing left: no collection (two per test cost 0.13 s each test)
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()  # a wrapper collected may let go of what it deletes later
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from ult_desktop.db.house.setup import init_database

    return init_database(tmp_path_factory.mktemp("template") / "office.db", demo=True)


@pytest.fixture
def judged_pcs(db_path: Path, tmp_path: Path, monkeypatch):
    """The admin PC (root of trust) and a kiosk, two counters, a survey tablet and a TV on
    *db_path*, each registered with its role (``tests.drivers.judged_office``); sari signed
    in at counter 1, budi at counter 2. The PCs remember their office on their own (a root
    pinned in a shared key folder would make a later test's stations refuse)."""
    from tests.drivers import judged_office

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    dbs = judged_office(db_path, tmp_path)
    yield dbs
    for db in dbs.values():
        db.close()


@pytest.fixture
def db_path(tmp_path: Path, _demo_template: Path) -> Path:
    """A new demo office database file (services A-C, counters 1-3, priority P).

    Copied from one made by ``init_database(demo=True)`` per session: hashing the demo
    officers' PINs with scrypt is deliberately slow.
    """
    target = tmp_path / "office.db"
    shutil.copyfile(_demo_template, target)
    return target


@pytest.fixture
def db(db_target: str):
    """The office database opened as a station: the demo file, or, in a module marked
    ``engines``, also the same demo office on a PostgreSQL server (tests/pg_cluster.py)."""
    from ult_desktop.db.open import open_database

    database = open_database(db_target, station="test", mode="test")
    yield database
    database.close()


def given_root(target) -> list[str]:
    """``--root KEY``: the office's root as its admin gives it to a PC (the file's root
    now: no PC takes it from the file by itself); nothing for a file with no
    root (its check is clean at best: exit 11, "not verified against a known root")."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.station_keys import root_info

    db = open_database(target, station="test", mode="test")
    try:
        root = root_info(db)
    finally:
        db.close()
    return ["--root", root[0]] if root else []


def run_cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``python -m ult_desktop ARGS`` as a real process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "ult_desktop", *args], capture_output=True,
                          text=True, timeout=timeout, env=full_env, cwd=ROOT)


@pytest.fixture(autouse=True)
def _no_office_code_key_from_another_test():
    """This run's shared station key (``ULT_KEY_DIR``) keeps no survey-code key an earlier
    test's office sealed to it: each test's office is a new office (a real PC serves one)."""
    from ult_desktop.app.station_key import CODE_KEY_NAME

    (Path(os.environ["ULT_KEY_DIR"]) / CODE_KEY_NAME).unlink(missing_ok=True)
    yield
