"""Admin changes reach other stations through the change feed (settings_changed events)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.drivers import WAIT, open_page, signed_in
from ult_desktop.db.house import office
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.display import DisplayPage
from ult_desktop.ui.admin.services import ServicesPage
from ult_desktop.ui.common.station import Station

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def admin_ws(qtbot, db_target):
    w = AdminWindow(db_target, station_name="admin-pc", poll_ms=50)
    qtbot.addWidget(w)
    yield signed_in(qtbot, w)
    w.close()


@pytest.fixture
def display_station(db_target):
    station = Station(db_target, station_id="display-lobby", mode="display", poll_ms=50)
    yield station
    station.close()


def test_setting_changed_in_admin_is_seen_by_another_station(qtbot, admin_ws, display_station):
    seen: list = []
    display_station.events_arrived.connect(seen.extend)
    qtbot.waitUntil(lambda: display_station.online, timeout=WAIT)
    page = open_page(qtbot, admin_ws, DisplayPage)
    page.running_text.setPlainText("Hari ini layanan sampai pukul 12.00")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    qtbot.waitUntil(lambda: any(e.kind == "settings_changed" for e in seen), timeout=WAIT)
    event = next(e for e in seen if e.kind == "settings_changed")
    assert event.station == "admin-pc" and event.data["keys"] == ["running_text"]
    # the other station re-reads the settings through its own worker and gets the value
    got = []
    display_station.run(office.get_settings, done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert got[0]["running_text"] == "Hari ini layanan sampai pukul 12.00"


def test_service_switched_off_in_admin_reaches_another_station(qtbot, admin_ws,
                                                                display_station):
    seen: list = []
    display_station.events_arrived.connect(seen.extend)
    qtbot.waitUntil(lambda: display_station.online, timeout=WAIT)
    page = open_page(qtbot, admin_ws, ServicesPage)
    page.select_prefix("C")
    page.active.setChecked(False)
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    qtbot.waitUntil(lambda: any(e.service_prefix == "C" for e in seen), timeout=WAIT)
    got = []
    display_station.run(office.list_services, active_only=True, done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert [s.prefix for s in got[0]] == ["A", "B"]


WATCHER = textwrap.dedent("""
    import sys, time
    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.feed import ChangeFeed
    from ult_desktop.db.house.office import get_settings

    db = open_database(sys.argv[1], station="kiosk-proc", mode="kiosk")
    feed = ChangeFeed(db)
    print("ready", flush=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for event in feed.poll():
            if event.kind == "settings_changed" and "office_name" in event.data.get("keys", []):
                print(event.station, get_settings(db)["office_name"], flush=True)
                sys.exit(0)
        time.sleep(0.05)
    sys.exit(3)
""")


def test_setting_changed_in_admin_is_seen_by_another_process(qtbot, admin_ws, db_target):
    from ult_desktop.ui.admin.profile import ProfilePage

    proc = subprocess.Popen([sys.executable, "-c", WATCHER, str(db_target)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout.readline().strip() == "ready"
        page = open_page(qtbot, admin_ws, ProfilePage)
        page.name.setText("BPMP Provinsi Papua")
        with qtbot.waitSignal(page.saved, timeout=WAIT):
            page.save()
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
        out, err = proc.communicate(timeout=5)
        assert proc.returncode == 0, err
        assert out.strip() == "admin-pc BPMP Provinsi Papua"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
