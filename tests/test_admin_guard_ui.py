"""Admin backup page: schema check and repair; retention purge with progress on the
worker."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from tests.drivers import WAIT, open_page, signed_in
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import officers
from ult_desktop.db.open import open_database
from ult_desktop.ui.admin.backup import BackupPage, RetentionPage

TRIGGER = ("CREATE TRIGGER undo_reset AFTER UPDATE OF pin_hash ON officers "
           "BEGIN UPDATE officers SET pin_hash = old.pin_hash WHERE id = old.id; END")


def plant(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(TRIGGER)
    conn.commit()
    conn.close()


def test_admin_can_sign_in_to_a_drifted_file_check_and_repair_it(qtbot, admin_window, db_path,
                                                                 monkeypatch):
    plant(db_path)  # before the admin station opens the file: it refuses writes
    ws = signed_in(qtbot, admin_window)
    page = open_page(qtbot, ws, BackupPage)
    page.check_schema()
    qtbot.waitUntil(page.repair_button.isEnabled, timeout=WAIT)
    assert '"undo_reset"' in page.schema_info.text()
    monkeypatch.setattr(page, "confirm", lambda text: True)
    qtbot.mouseClick(page.repair_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.schema.repaired", n=1),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: page.schema_info.text().startswith(
        tr("admin.schema.ok", version="")[:10]), timeout=WAIT)
    assert not page.repair_button.isEnabled()
    other = open_database(db_path)
    try:
        assert other.drift == []
        entry = officers.audit_log(other)[0]
        assert entry.kind == "schema_repaired" and entry.data["username"] == "admin"
    finally:
        other.close()


def test_trigger_planted_while_admin_runs_is_found_by_the_check(qtbot, admin_window, db_path):
    ws = signed_in(qtbot, admin_window)
    page = open_page(qtbot, ws, BackupPage)
    plant(db_path)
    page.check_schema()
    qtbot.waitUntil(page.repair_button.isEnabled, timeout=WAIT)
    assert "undo_reset" in page.schema_info.text()


def test_purge_shows_its_steps_and_runs_off_the_gui_thread(qtbot, admin_window, db_path,
                                                           monkeypatch):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO register_records (day, channel, service_id, visitor_name, phone, "
                 "created_at, updated_at, station) VALUES ('2019-01-02', 'phone', 1, "
                 "'Nama Rahasia', '0812', 'x', 'x', 't')")
    conn.commit()
    conn.close()
    ws = signed_in(qtbot, admin_window)
    page = open_page(qtbot, ws, RetentionPage)
    steps = []
    page.steps.handed.connect(lambda step: steps.append(step[0]))
    monkeypatch.setattr(page, "confirm", lambda text: True)
    page.purge()
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.retention.done_full", n=1,
                                                     deleted=0, purged=0), timeout=WAIT)
    assert {"rows", "vacuum", "backups"} <= set(steps)
    assert page.purge_button.isEnabled() and page.bar.isHidden()
    assert b"Nama Rahasia" not in db_path.read_bytes()


def test_a_station_on_a_drifted_file_shows_it_and_recovers_after_the_repair(qtbot, db_path):
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.schemas import schema_guard
    from ult_desktop.ui.common.banner import ConnectionBanner
    from ult_desktop.ui.common.station import OK, SCHEMA_DRIFT, Station

    plant(db_path)
    station = Station(db_path, station_id="kiosk-1", mode="kiosk", poll_ms=50)
    banner = ConnectionBanner()
    qtbot.addWidget(banner)
    station.connection_changed.connect(banner.set_state)
    try:
        qtbot.waitUntil(lambda: station.state == SCHEMA_DRIFT, timeout=WAIT)
        assert '"undo_reset"' in station.message
        assert banner.text() == tr("ui.banner.schema_drift")
        failed = []
        station.run(issue_ticket, service="A", failed=failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=WAIT)
        assert isinstance(failed[0], schema_guard.SchemaDrift)
        assert station.state == SCHEMA_DRIFT
        admin_db = open_database(db_path, station="admin-pc", mode="admin")
        try:
            schema_guard.repair(admin_db, username="admin")
        finally:
            admin_db.close()
        qtbot.waitUntil(lambda: station.state == OK, timeout=WAIT)
        done = []
        station.run(issue_ticket, service="A", done=done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
        assert done[0].number == "A-001"
    finally:
        station.close()
