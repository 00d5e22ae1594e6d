"""No station left behind: the versions the stations' heartbeats report, and whom a
migration of the office file would wait for (real office files)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ult_desktop.db.house import fleet, stations
from ult_desktop.db.schemas.schema import SCHEMA_VERSION


def beat_as(db, station: str, *, schema: int | None, days_ago: float = 0.0,
            version: str = "0.2.0") -> None:
    """A heartbeat row as another station's program wrote it (an old one says no schema)."""
    clock = (datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat()
    detail = {"host": station} | ({"schema": schema} if schema is not None else {})
    db.write(lambda conn: conn.execute(
        "INSERT INTO stations (id, mode, version, clock, detail) VALUES (?, 'kiosk', ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET version = excluded.version, clock = excluded.clock, "
        "detail = excluded.detail", (station, version, clock, json.dumps(detail))))


def test_every_heartbeat_names_the_schema_its_program_reads(db):
    stations.heartbeat(db)
    mine = {s.station: s for s in fleet.station_versions(db)}["test"]
    assert mine.schema == SCHEMA_VERSION


def test_a_migration_waits_for_every_station_seen_lately_that_cannot_read_it(db):
    nxt = SCHEMA_VERSION + 1
    beat_as(db, "kiosk@pc1", schema=None, version="0.1.0")  # an older program says nothing
    beat_as(db, "tv@pc2", schema=nxt, version="0.3.0")  # already runs the new version
    beat_as(db, "spare@pc3", schema=None, days_ago=30)  # not seen for a month
    seen = fleet.station_versions(db)
    assert [s.station for s in seen] == ["kiosk@pc1", "tv@pc2"]
    waits = db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="tv@pc2"))
    assert [(s.station, s.version) for s in waits] == [("kiosk@pc1", "0.1.0")]
    beat_as(db, "kiosk@pc1", schema=nxt, version="0.3.0")
    assert db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="tv@pc2")) == []


def test_the_migrating_station_never_waits_for_itself_nor_for_a_schema_the_file_has(db):
    stations.heartbeat(db)  # this station, still at today's schema
    nxt = SCHEMA_VERSION + 1
    assert db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="test")) == []
    assert [s.station for s in db.read(
        lambda conn: fleet.migration_waits_for(conn, nxt, own="other"))] == ["test"]
    assert db.read(lambda conn: fleet.migration_waits_for(conn, SCHEMA_VERSION)) == []


def test_a_station_with_the_new_version_staged_is_not_waited_for(db):
    nxt = SCHEMA_VERSION + 1
    beat_as(db, "kiosk@pc1", schema=SCHEMA_VERSION)
    waits = db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="x"))
    assert [s.station for s in waits] == ["kiosk@pc1"]
    staged = {"host": "pc1", "schema": SCHEMA_VERSION,
              "update": {"state": "staged", "version": "0.3.0", "schema": nxt}}
    db.write(lambda conn: conn.execute("UPDATE stations SET detail = ? WHERE id = 'kiosk@pc1'",
                                       (json.dumps(staged),)))
    assert db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="x")) == []
    staged["update"]["state"] = "waiting"  # it tried the new version: the file waited
    db.write(lambda conn: conn.execute("UPDATE stations SET detail = ? WHERE id = 'kiosk@pc1'",
                                       (json.dumps(staged),)))
    assert db.read(lambda conn: fleet.migration_waits_for(conn, nxt, own="x")) == []
    staged["update"]["state"] = "went_back"  # its new version failed here
    db.write(lambda conn: conn.execute("UPDATE stations SET detail = ? WHERE id = 'kiosk@pc1'",
                                       (json.dumps(staged),)))
    assert [s.station for s in db.read(
        lambda conn: fleet.migration_waits_for(conn, nxt, own="x"))] == ["kiosk@pc1"]


def test_the_fleet_command_names_each_station_and_whom_the_next_schema_waits_for(
        db_path, capsys):
    from ult_desktop.cli import main
    from ult_desktop.db.open import open_database

    office = open_database(db_path, station="kiosk@pc1", mode="kiosk")
    try:
        stations.heartbeat(office)
    finally:
        office.close()
    assert main(["update", "status", "--db", str(db_path), "--share", str(db_path.parent / "no-updates"),
                 "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert [s["station"] for s in said["stations"]] == ["kiosk@pc1"]
    assert said["next_schema_waits_for"] == ["kiosk@pc1"]


def older_office(path, *, heartbeats: dict[str, dict]) -> int:
    """An office file one schema behind this program, with the given stations' last
    heartbeats (just now); its schema version."""
    import sqlite3

    from ult_desktop.db.schemas.schema import MIGRATIONS, apply_statements

    old = SCHEMA_VERSION - 1
    conn = sqlite3.connect(path, isolation_level=None)
    for statements in MIGRATIONS[:old]:
        apply_statements(conn, statements)
    conn.execute(f"PRAGMA user_version = {old}")
    now = datetime.now(timezone.utc).isoformat()
    for station, detail in heartbeats.items():
        conn.execute("INSERT INTO stations (id, mode, version, clock, detail) "
                     "VALUES (?, 'kiosk', '0.1.0', ?, ?)", (station, now, json.dumps(detail)))
    conn.close()
    return old


def test_the_file_migrates_only_when_no_station_seen_lately_is_left_behind(tmp_path):
    import sqlite3

    import pytest

    from ult_desktop.db import errors
    from ult_desktop.db.open import open_database

    path = tmp_path / "office.db"
    old = older_office(path, heartbeats={"kiosk@pc1": {}, "admin@pc2": {"schema": 1}})
    with pytest.raises(errors.MigrationWaits) as waits:
        open_database(path, station="admin@pc2", mode="admin")  # its own old row aside
    assert "kiosk@pc1" in str(waits.value) and "admin@pc2" not in str(waits.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old  # nothing migrated
        conn.execute("UPDATE stations SET detail = ? WHERE id = 'kiosk@pc1'",
                     (json.dumps({"update": {"state": "staged", "schema": SCHEMA_VERSION}}),))
    db = open_database(path, station="admin@pc2", mode="admin")
    try:
        assert db.schema_version == SCHEMA_VERSION
    finally:
        db.close()


def test_a_station_whose_migration_waits_says_for_whom_and_goes_on_once_they_are_ready(
        qtbot, tmp_path):
    import sqlite3

    from tests.drivers import WAIT
    from ult_desktop.ui.common.banner import ConnectionBanner
    from ult_desktop.ui.common.station import OK, WAITS, Station

    path = tmp_path / "office.db"
    older_office(path, heartbeats={"kiosk@pc1": {}})
    station = Station(path, station_id="admin@pc2", mode="admin", poll_ms=50)
    banner = ConnectionBanner()
    qtbot.addWidget(banner)
    station.connection_changed.connect(banner.set_state)
    try:
        qtbot.waitUntil(lambda: station.state == WAITS, timeout=WAIT)
        said = banner.text()
        assert "kiosk@pc1" in said and "perbarui" in said  # who, and what to do
        assert "dijangkau" not in said  # not "the file cannot be reached"
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE stations SET detail = ? WHERE id = 'kiosk@pc1'",
                         (json.dumps({"update": {"state": "staged",
                                                 "schema": SCHEMA_VERSION}}),))
        qtbot.waitUntil(lambda: station.state == OK, timeout=WAIT)
        assert banner.isHidden()
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        station.close()


def test_a_server_office_migrates_only_when_no_station_seen_lately_is_left_behind(pg_url):
    """The owner's open migrates a server (a station's role may not): gated as a file is."""
    import psycopg
    import pytest

    from ult_desktop.db import errors
    from ult_desktop.db.open import open_database

    owner = open_database(pg_url, station="admin@pc2", mode="admin")
    try:
        beat_as(owner, "kiosk@pc1", schema=SCHEMA_VERSION - 1, version="0.1.0")
    finally:
        owner.close()
    with psycopg.connect(pg_url, autocommit=True) as raw:  # a server one schema behind
        raw.execute("UPDATE ult_meta SET value = %s WHERE key = 'schema_version'",
                    (SCHEMA_VERSION - 1,))
    with pytest.raises(errors.MigrationWaits) as waits:
        open_database(pg_url, station="admin@pc2", mode="admin")
    assert "kiosk@pc1" in str(waits.value)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        assert raw.execute("SELECT value FROM ult_meta WHERE key = 'schema_version'"
                           ).fetchone()[0] == SCHEMA_VERSION - 1  # nothing migrated
        raw.execute("UPDATE stations SET detail = %s WHERE id = 'kiosk@pc1'",
                    (json.dumps({"update": {"state": "staged", "schema": SCHEMA_VERSION}}),))
    owner = open_database(pg_url, station="admin@pc2", mode="admin")
    try:
        assert owner.schema_version == SCHEMA_VERSION
    finally:
        owner.close()
