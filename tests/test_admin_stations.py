"""Stations online and clock skew, judged from heartbeat changes this PC observes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.drivers import WAIT
from ult_desktop.core.i18n import tr
from ult_desktop.ui.admin.stations import CHECKING, OFFLINE, ONLINE, HeartbeatTracker, StationsPage
from ult_desktop.ui.common.station import Station

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc)


class FakeClocks:
    def __init__(self):
        self.utc, self.mono = T0, 1000.0

    def advance(self, seconds: float) -> None:
        self.utc += timedelta(seconds=seconds)
        self.mono += seconds


def row(station: str, clock: datetime, **extra) -> dict:
    return {"id": station, "mode": "kiosk", "version": "0.1.0", "clock": clock.isoformat(),
            "printer_state": extra.get("printer"), "detail": json.dumps({"host": "pc-1"}),
            "seen_event": 1}


@pytest.fixture
def clocks():
    return FakeClocks()


@pytest.fixture
def tracker(clocks):
    return HeartbeatTracker(offline_after_s=75, clock=lambda: clocks.utc,
                            monotonic=lambda: clocks.mono)


def test_a_station_is_judged_on_opening_from_its_heartbeats_age(tracker, clocks):
    # right on opening: its row's age on the share's clock, not "checking" for a minute
    [view] = tracker.observe([row("kiosk-1", T0 - timedelta(seconds=10))])
    assert (view.status, view.skew_s, view.seen_ago_s, view.host) == (ONLINE, None, 10,
                                                                       "pc-1")
    [old] = tracker.observe([row("counter-9", T0 - timedelta(minutes=30))])
    assert old.status == OFFLINE and old.seen_ago_s == 1800


def test_a_row_that_cannot_be_dated_is_checked_until_it_changes(tracker, clocks):
    [view] = tracker.observe([{**row("kiosk-1", T0), "clock": "?"}])
    assert (view.status, view.seen_ago_s) == (CHECKING, None)
    clocks.advance(20)
    [view] = tracker.observe([row("kiosk-1", clocks.utc)])
    assert view.status == ONLINE and view.skew_s == 0 and view.seen_ago_s == 0
    assert not view.skew_warning


def test_clock_skew_is_measured_when_the_change_is_seen(tracker, clocks):
    tracker.observe([row("kiosk-1", T0)])
    clocks.advance(30)
    # the station's clock runs 3 minutes fast
    [view] = tracker.observe([row("kiosk-1", clocks.utc + timedelta(minutes=3))])
    assert view.skew_s == pytest.approx(180)
    assert view.skew_warning
    clocks.advance(5)  # same row again: skew is kept, not recomputed against a later time
    [view] = tracker.observe([row("kiosk-1", clocks.utc - timedelta(seconds=5) +
                                  timedelta(minutes=3))])
    assert view.skew_s == pytest.approx(180) and view.seen_ago_s == pytest.approx(5)


def test_small_differences_are_no_warning(tracker, clocks):
    tracker.observe([row("kiosk-1", T0)])
    clocks.advance(30)
    [view] = tracker.observe([row("kiosk-1", clocks.utc - timedelta(seconds=110))])
    assert view.skew_s == pytest.approx(-110) and not view.skew_warning


def test_a_station_whose_heartbeat_stops_goes_offline(tracker, clocks):
    tracker.observe([row("kiosk-1", T0)])
    clocks.advance(30)
    tracker.observe([row("kiosk-1", clocks.utc)])
    clocks.advance(60)
    assert tracker.observe([row("kiosk-1", T0 + timedelta(seconds=30))])[0].status == ONLINE
    clocks.advance(20)
    assert tracker.observe([row("kiosk-1", T0 + timedelta(seconds=30))])[0].status == OFFLINE


def test_a_station_never_seen_changing_goes_offline(tracker, clocks):
    # an old row from a PC switched off yesterday: its clock is no evidence of life
    tracker.observe([row("counter-2", T0 - timedelta(days=1))])
    clocks.advance(80)
    assert tracker.observe([row("counter-2", T0 - timedelta(days=1))])[0].status == OFFLINE


def _beat(db, station, clock, printer=None):
    db.write(lambda c: c.execute(
        "INSERT INTO stations (id, mode, version, clock, printer_state, detail) "
        "VALUES (?, 'kiosk', '0.1.0', ?, ?, '{}') ON CONFLICT(id) DO UPDATE SET "
        "clock = excluded.clock, printer_state = excluded.printer_state",
        (station, clock.isoformat(), printer)))


def test_stations_page_warns_about_skew_and_printers(qtbot, db_path, db):
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        now = datetime.now(timezone.utc)
        _beat(db, "kiosk-lobi", now - timedelta(minutes=10))
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        _beat(db, "kiosk-lobi", datetime.now(timezone.utc) + timedelta(minutes=5),
              printer="paper_out")
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        r = next(i for i, v in enumerate(page.views) if v.id == "kiosk-lobi")
        assert page.views[r].skew_warning
        assert page.table.item(r, 7).text() == tr("admin.stations.skew", minutes=5)
        assert page.table.item(r, 6).text() in ("+5:00", "+4:59")
        assert page.table.item(r, 4).text() == tr("printer.status.paper_out")
        assert page.table.item(r, 4).foreground().color().name() == "#b71c1c"
    finally:
        station.close()
