"""One judgement of "alive": the pulse (app/pulse.py), for the counters' strip, Admin >
Stasiun and the morning check alike. A real TV process, idle, whose heartbeat row is
minutes old, is alive; killed, it is named on a counter within 5 s, and so is a killed
kiosk (the file on this
PC's disk, and on the FUSE share at 10 ms an operation)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from tests import drivers
from tests.drivers import WAIT, login
from ult_desktop.core.i18n import tr
from ult_desktop.db.open import open_database

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture(params=["disk", "share"])
def db_path(request, tmp_path, _demo_template):
    """The office file on this PC's disk, or on the FUSE share at 10 ms an operation."""
    import shutil

    folder = tmp_path
    if request.param == "share":
        share = request.getfixturevalue("slow_share")
        share.set_delay(10.0)
        folder = share.path
    target = folder / "office.db"
    shutil.copyfile(_demo_template, target)
    return target


@pytest.fixture
def tv_process(db_path, tmp_path):
    """A real TV (display) process on the office file, its pulse seen beside the record."""
    with drivers.tv_process(db_path, tmp_path) as tv:
        yield tv


def _heartbeat_minutes_ago(db_path, station: str, minutes: int) -> None:
    """The row as an idle station leaves it between two beats that rode with nothing."""
    db = open_database(db_path, station="setup", mode="cli")
    try:
        end = time.monotonic() + 30
        while not db.query("SELECT 1 FROM stations WHERE id = ?", (station,)):
            assert time.monotonic() < end, "the TV wrote no heartbeat row"
            time.sleep(0.2)
        at = (datetime.now(timezone.utc) - timedelta(minutes=minutes)).isoformat()
        db.write(lambda c: c.execute("UPDATE stations SET clock = ?, detail = '{}' "
                                     "WHERE id = ?", (at, station)))
    finally:
        db.close()


def test_an_idle_running_tv_is_alive_for_the_morning_check_and_admin_stations(
        qtbot, db_path, tv_process):
    from ult_desktop.app.selftest.office import morning_check
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    _heartbeat_minutes_ago(db_path, "tv-proses", 4)
    report, _kept = morning_check(str(db_path), do_print=False, do_sound=False,
                                  station="admin-pc")
    line = next(c for c in report.checks if c.id == "office.station.tv-proses")
    assert line.status == "pass", line.sentence()
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        qtbot.waitUntil(lambda: page.watch.alive is not None and
                        "tv-proses" in page.watch.alive, timeout=WAIT)
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        r = next(i for i, v in enumerate(page.views) if v.id == "tv-proses")
        assert page.table.item(r, 7).text().startswith(tr("admin.stations.online"))
        assert page.table.item(r, 5).text() == tr("admin.stations.seconds_ago", n=0)
    finally:
        station.close()


@pytest.fixture
def kiosk_process(db_path, tmp_path):
    """A real kiosk process on the office file (printing to a folder), its pulse seen."""
    with drivers.tv_process(db_path, tmp_path, "kiosk-lobi", "kiosk", "--printer",
                            f"virtual://{tmp_path / 'tickets'}") as kiosk:
        yield kiosk


def _killed_is_named(qtbot, station_window, process, station: str, what: str) -> None:
    """*process* killed at a steady moment is named on a counter's hall watch within 5 s."""
    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    watch = one.help.watch
    qtbot.waitUntil(lambda: watch.alive is not None and station in watch.alive,
                    timeout=WAIT)
    qtbot.wait(1500)  # a steady watch, as at any moment of the day
    process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
    killed = time.monotonic()
    qtbot.waitUntil(lambda: not one.help.isHidden() and station in one.help.label.text(),
                    timeout=WAIT)
    seconds = time.monotonic() - killed
    print(f"killed {what} named on the counter after {seconds:.1f} s")
    assert seconds < 5.0


def test_a_killed_tv_is_named_on_a_counter_within_five_seconds(
        qtbot, db_path, station_window, tv_process):
    _killed_is_named(qtbot, station_window, tv_process, "tv-proses", "TV")


def test_a_killed_kiosk_is_named_on_a_counter_within_five_seconds(
        qtbot, db_path, station_window, kiosk_process):
    _killed_is_named(qtbot, station_window, kiosk_process, "kiosk-lobi", "kiosk")
