"""The schema guard: planted triggers, views and tables are named and
never run; check reports drift; an admin repairs it, audited."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.conftest import run_cli
from ult_desktop.db.house import officers
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import (
    MIGRATION_NAMES,
    MIGRATIONS,
    SCHEMA_VERSION,
    apply_statements,
    migrate,
    version_after,
)

#: The first attack of the issue: a trigger that deletes the restore's own event.
EVIL_TRIGGER = ("CREATE TRIGGER hide_events AFTER INSERT ON events "
                "BEGIN DELETE FROM events WHERE id = new.id; END")
#: ... and one that copies NIK and phone into a shadow table.
SHADOW = ["CREATE TABLE shadow (nik TEXT, phone TEXT)",
          "CREATE TRIGGER copy_nik AFTER INSERT ON register_records "
          "BEGIN INSERT INTO shadow VALUES (new.id_number, new.phone); END"]


def plant(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_expected_schema_is_derived_from_the_migrations_and_matches_a_new_file(db):
    assert schema_guard.schema_drift(db.conn) == []
    expected = schema_guard.expected_schema(SCHEMA_VERSION)
    assert {"settings", "tickets", "events", "tickets_request"} <= set(expected)
    assert not any(name.startswith("sqlite_") for name in expected)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_file_at_every_schema_version_passes_the_guard(tmp_path, version):
    conn = sqlite3.connect(tmp_path / "v.db")
    for statements in MIGRATIONS[:version]:
        apply_statements(conn, statements)
    conn.execute(f"PRAGMA user_version = {version}")
    assert schema_guard.schema_drift(conn) == []
    conn.close()


def test_every_connection_has_trusted_schema_off_and_secure_delete_on(db):
    assert db.query("PRAGMA trusted_schema")[0][0] == 0
    assert db.query("PRAGMA secure_delete")[0][0] == 1


def test_planted_trigger_refuses_writes_on_open_and_never_fires(db_path):
    plant(db_path, EVIL_TRIGGER)
    db = open_database(db_path, station="kiosk-1", mode="kiosk")
    try:
        assert [d.name for d in db.drift] == ["hide_events"]
        before = db.query("SELECT COUNT(*) FROM events")[0][0]
        with pytest.raises(schema_guard.SchemaDrift) as info:
            issue_ticket(db, service="A")
        assert '"hide_events"' in str(info.value) and "repair" in str(info.value)
        assert info.value.exit_code == 4
        assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 0
        assert db.query("SELECT COUNT(*) FROM events")[0][0] == before
        # reading still works: the lobby can show what is there
        assert db.query("SELECT COUNT(*) FROM services")[0][0] >= 3
    finally:
        db.close()


def test_trigger_planted_while_a_station_runs_stops_its_next_write(db, db_path):
    issue_ticket(db, service="A")
    plant(db_path, *SHADOW)
    with pytest.raises(schema_guard.SchemaDrift) as info:
        issue_ticket(db, service="A")
    assert "copy_nik" in str(info.value)
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1


@pytest.mark.parametrize("statement,name,problem", [
    ("CREATE VIEW officers_view AS SELECT * FROM officers", "officers_view", "unknown"),
    ("CREATE TABLE shadow (nik TEXT)", "shadow", "unknown"),
    ("CREATE INDEX extra ON tickets (code_hash)", "extra", "unknown"),
    ("DROP INDEX register_records_day", "register_records_day", "missing"),
])
def test_unknown_or_missing_objects_are_named(db_path, statement, name, problem):
    plant(db_path, statement)
    db = open_database(db_path)
    try:
        assert [(d.problem, d.name) for d in db.drift] == [(problem, name)]
    finally:
        db.close()


def test_a_changed_index_definition_is_drift(db_path):
    plant(db_path, "DROP INDEX register_records_day",
          "CREATE INDEX register_records_day ON register_records (id)")
    db = open_database(db_path)
    try:
        assert [(d.problem, d.type, d.name) for d in db.drift] == [
            ("changed", "index", "register_records_day")]
        assert schema_guard.repair(db) == [
            {"action": "dropped", "type": "index", "name": "register_records_day"},
            {"action": "recreated", "type": "index", "name": "register_records_day"}]
        assert db.drift == []
    finally:
        db.close()


def test_repair_drops_planted_objects_and_is_audited(db_path):
    plant(db_path, EVIL_TRIGGER, *SHADOW)
    db = open_database(db_path, station="admin-pc", mode="admin")
    try:
        actions = schema_guard.repair(db, username="admin")
        assert {(a["action"], a["name"]) for a in actions} == {
            ("dropped", "hide_events"), ("dropped", "copy_nik"), ("dropped", "shadow")}
        assert db.drift == []
        entry = officers.audit_log(db)[0]
        assert entry.kind == "schema_repaired" and entry.station == "admin-pc"
        assert entry.data["username"] == "admin"
        issue_ticket(db, service="A")  # writes again, and the event stays
        assert db.query("SELECT kind FROM events ORDER BY id DESC LIMIT 1")[0][0] == "issued"
    finally:
        db.close()


def test_repair_of_a_changed_table_is_refused_and_changes_nothing(db_path):
    plant(db_path, "ALTER TABLE officers ADD COLUMN backdoor TEXT", EVIL_TRIGGER)
    db = open_database(db_path)
    try:
        with pytest.raises(schema_guard.SchemaDrift) as info:
            schema_guard.repair(db)
        assert '"officers"' in str(info.value)
        assert {d.name for d in db.drift} == {"officers", "hide_events"}
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'hide_events'"
                        ).fetchone()[0] == 1
    conn.close()


def test_an_older_drifted_file_is_not_migrated_until_repaired(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    apply_statements(conn, MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO settings VALUES ('office_name', '\"X\"')")
    conn.execute("CREATE TRIGGER t1 AFTER INSERT ON tickets BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    db = open_database(path)
    try:
        assert db.schema_version == 1 and [d.name for d in db.drift] == ["t1"]
        schema_guard.repair(db)
        assert db.schema_version == SCHEMA_VERSION and db.drift == []
    finally:
        db.close()


def test_check_json_reports_drift_and_repair_needs_an_admin(db_path):
    plant(db_path, EVIL_TRIGGER, *SHADOW)
    out = run_cli("--lang", "en", "check", "--db", str(db_path), "--json")
    assert out.returncode == 4, out.stderr
    report = json.loads(out.stdout)
    assert report["integrity_ok"] and not report["schema_ok"] and not report["ok"]
    assert {(d["type"], d["name"]) for d in report["schema_drift"]} == {
        ("trigger", "hide_events"), ("trigger", "copy_nik"), ("table", "shadow")}
    text = run_cli("--lang", "en", "check", "--db", str(db_path))
    assert text.returncode == 4 and '"copy_nik"' in text.stdout and "repair" in text.stdout

    no_admin = run_cli("repair", "--db", str(db_path), env={"ULT_ADMIN": ""})
    assert no_admin.returncode == 2
    wrong = run_cli("--lang", "en", "repair", "--db", str(db_path), "--admin", "admin",
                    env={"ULT_ADMIN_PIN": "9999"})
    assert wrong.returncode == 6 and "PIN" in wrong.stderr
    not_admin = run_cli("repair", "--db", str(db_path), "--admin", "sari",
                        env={"ULT_ADMIN_PIN": DEMO_PINS["sari"]})
    assert not_admin.returncode == 6
    assert json.loads(run_cli("check", "--db", str(db_path), "--json").stdout)["schema_drift"]

    ok = run_cli("repair", "--db", str(db_path), "--admin", "admin", "--json",
                 env={"ULT_ADMIN_PIN": DEMO_PINS["admin"]})
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)["actions"]) == 3
    after = run_cli("check", "--db", str(db_path), "--json")
    assert after.returncode == 11 and json.loads(after.stdout)["schema_drift"] == []  # no root
    db = open_database(db_path)
    try:
        # the drifted file refused the login event: the repair event names the admin
        last = officers.audit_log(db)[0]
        assert last.kind == "schema_repaired" and last.data["username"] == "admin"
    finally:
        db.close()


def test_repair_pin_can_come_from_standard_input(db_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    plant(db_path, EVIL_TRIGGER)
    proc = subprocess.run([sys.executable, "-m", "ult_desktop", "repair", "--db", str(db_path),
                           "--admin", "admin"], input=DEMO_PINS["admin"] + "\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(db_path)
    assert schema_guard.schema_drift(conn) == []
    conn.close()


def test_migrate_is_untouched_by_the_guard_cache(tmp_path):
    # the expected schema comes from a private in-memory database, never the file
    conn = sqlite3.connect(tmp_path / "n.db", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn)
    conn.execute("COMMIT")
    assert schema_guard.schema_drift(conn) == []
    conn.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_drift_message_is_one_sentence_naming_the_object(lang):
    from ult_desktop.core.i18n import tr

    for problem in ("unknown", "changed", "missing"):
        for kind in ("table", "index", "trigger", "view"):
            text = schema_guard.Drift(problem, kind, "objek_x").error().message(lang)
            assert '"objek_x"' in text and text.count(". ") == 0 and text.endswith(".")
            assert ("repair" in text) or (tr("admin.page.backup", lang) in text or
                                          "Admin >" in text)


def test_a_planted_trigger_cannot_call_the_stations_capture_function(db, db_path):
    """The row capture hands rows to a function of the station's connection (``ult_touch``):
    a trigger planted in the shared file that calls it (to forge the images an event
    signs) is refused by SQLite itself (``trusted_schema=OFF``), even past the guard."""
    issue_ticket(db, service="A")  # the capture is set up: the function exists
    plant(db_path, "CREATE TRIGGER forge AFTER UPDATE ON services BEGIN "
                   "SELECT ult_touch('tickets', 'U', 1); END")
    with pytest.raises(sqlite3.OperationalError, match="unsafe use of ult_touch"):
        db.conn.execute("UPDATE services SET name = name")  # the guard's layer left out
    db.conn.rollback()


def test_every_migration_has_one_name_and_keeps_its_stored_version():
    """A migration is named, never known by number only; the names do not move the numbers
    files already store (a shipped migration keeps its place)."""
    assert len(MIGRATION_NAMES) == len(MIGRATIONS) == SCHEMA_VERSION
    assert len(set(MIGRATION_NAMES)) == len(MIGRATION_NAMES)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in MIGRATION_NAMES)
    shipped = {"office_queue_log_stations": 1, "signed_audit_chain": 5,
               "record_is_signed_events": 11, "kiosk_held_numbers": 16,
               "calls_and_missed_returns": 22}
    assert {name: version_after(name) for name in shipped} == shipped
    with pytest.raises(ValueError):
        version_after("no_such_migration")
