"""The Station worker: database work off the GUI thread, feed, connection state."""

from __future__ import annotations

import threading

from tests.drivers import WAIT
from ult_desktop.db import errors
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.common.station import OK, UNAVAILABLE, Station


def test_jobs_run_off_the_gui_thread_and_answer_on_it(qtbot, db_path):
    station = Station(db_path, station_id="kiosk-t", mode="kiosk", poll_ms=50)
    try:
        gui = threading.get_ident()
        seen: dict = {}

        def job(db, service):
            seen["worker"] = threading.get_ident()
            return issue_ticket(db, service=service)

        def done(ticket):
            seen["number"], seen["callback"] = ticket.number, threading.get_ident()

        station.run(job, "A", done=done)
        qtbot.waitUntil(lambda: "number" in seen, timeout=WAIT)
        assert seen["number"] == "A-001"
        assert seen["worker"] != gui and seen["callback"] == gui
        failures: list = []
        station.run(issue_ticket, service="Z", failed=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
        assert isinstance(failures[0], errors.RuleViolation)
        assert station.state == OK  # a rule refusal is not a connection problem
    finally:
        station.close()


def test_feed_delivers_other_stations_events(qtbot, db_path):
    station = Station(db_path, station_id="display-t", mode="display", poll_ms=50)
    batches: list = []
    station.events_arrived.connect(batches.append)
    try:
        qtbot.waitUntil(lambda: station.state == OK, timeout=WAIT)
        other = open_database(db_path, station="kiosk-2", mode="kiosk")
        issue_ticket(other, service="B")
        qtbot.waitUntil(lambda: bool(batches), timeout=WAIT)
        assert [(e.kind, e.ticket_number) for e in batches[0]] == [("issued", "B-001")]
        other.close()
    finally:
        station.close()


def test_missing_file_is_reported_with_its_own_reason(qtbot, tmp_path):
    station = Station(tmp_path / "gone.db", station_id="k", mode="kiosk", poll_ms=50)
    try:
        qtbot.waitUntil(lambda: station.state == UNAVAILABLE, timeout=WAIT)
        assert "tidak ditemukan" in station.message
        failures: list = []
        station.run(issue_ticket, service="A", failed=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
        assert isinstance(failures[0], errors.DatabaseMissing)
        assert not (tmp_path / "gone.db").exists()
    finally:
        station.close()
