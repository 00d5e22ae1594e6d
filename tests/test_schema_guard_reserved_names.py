"""The schema guard by exact allow-list: a ``sqlite_`` name is no hiding
place. With ``PRAGMA writable_schema=ON`` an insider creates ``sqlite_t1`` triggers and a
``sqlite_x`` table; each attack is planted with raw ``sqlite3`` on a real file, and
``ult-desktop check`` (a real process) must name it, ``repair`` remove it, and a restore
of a backup carrying it must be refused. Only SQLite's own ``sqlite_sequence``,
``sqlite_stat1``/``sqlite_stat4`` and SQL-less ``sqlite_autoindex_<table>_<n>`` are exempt.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone

import pytest

from tests.conftest import run_cli
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house import officers
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy import retention
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION
from ult_desktop.db.visit import register

NIK = "3374012345678901"
ADMIN_ENV = {"ULT_ADMIN_PIN": DEMO_PINS["admin"]}

#: Links every register record (and so its ticket, and the SKM answer given on that
#: ticket) to the visitor's NIK, in a table the retention never empties.
NIK_TO_SKM = ("CREATE TABLE sqlite_x (record_id INTEGER, ticket_id INTEGER, nik TEXT)",
              "CREATE TRIGGER sqlite_t1 AFTER INSERT ON register_records BEGIN "
              "INSERT INTO sqlite_x VALUES (new.id, new.ticket_id, new.id_number); END")
#: Undoes an admin's PIN reset of the officer "sari": her old PIN keeps working.
PIN_RESET_UNDONE = ("CREATE TRIGGER sqlite_t2 AFTER UPDATE OF pin_hash ON officers "
                    "WHEN old.username = 'sari' BEGIN "
                    "UPDATE officers SET pin_hash = old.pin_hash WHERE id = old.id; END",)
#: Keeps every NIK the retention purge empties.
PURGE_KEEPER = ("CREATE TABLE sqlite_keep (nik TEXT)",
                "CREATE TRIGGER sqlite_t3 BEFORE UPDATE OF id_number ON register_records "
                "WHEN old.id_number IS NOT NULL BEGIN "
                "INSERT INTO sqlite_keep VALUES (old.id_number); END")
#: The other object kinds under reserved names.
OTHERS = ("CREATE VIEW sqlite_v AS SELECT username, pin_hash FROM officers",
          "CREATE INDEX sqlite_i ON officers (pin_hash)",
          "CREATE INDEX sqlite_autoindex_officers_9 ON officers (name)")

ATTACKS = {
    "nik_to_skm": (NIK_TO_SKM, {("table", "sqlite_x"), ("trigger", "sqlite_t1")}),
    "pin_reset_undone": (PIN_RESET_UNDONE, {("trigger", "sqlite_t2")}),
    "purge_keeper": (PURGE_KEEPER, {("table", "sqlite_keep"), ("trigger", "sqlite_t3")}),
    "others": (OTHERS, {("view", "sqlite_v"), ("index", "sqlite_i"),
                        ("index", "sqlite_autoindex_officers_9")}),
}


def plant(path, *statements: str) -> None:
    """What the insider does: a raw connection with ``writable_schema`` on."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def names_in_file(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def check_json(path) -> tuple[int, dict]:
    out = run_cli("--lang", "en", "check", "--db", str(path), "--json")
    assert "Traceback" not in out.stderr
    return out.returncode, json.loads(out.stdout)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def visitor() -> RecordInput:
    return RecordInput(visitor_name="Siti Rahma", institution="SMA 1 Semarang",
                       id_number=NIK, topic="tpg", question="Kapan tunjangan cair?")


def test_only_sqlites_own_objects_are_exempt(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("ANALYZE")  # sqlite_stat1 (and sqlite_stat4 where compiled in)
    conn.commit()
    own = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite%'")}
    assert "sqlite_stat1" in own and any(n.startswith("sqlite_autoindex_") for n in own)
    assert schema_guard.schema_drift(conn) == []
    conn.close()

    obj = schema_guard.SchemaObject
    tables = {"officers", "sqlite_sequence"}
    assert schema_guard.internal(obj("table", "sqlite_sequence", "sqlite_sequence",
                                     "CREATE TABLE sqlite_sequence(name,seq)"), tables)
    assert schema_guard.internal(obj("index", "sqlite_autoindex_officers_1", "officers", None),
                                 tables)
    for fake in (obj("table", "sqlite_sequence", "sqlite_sequence",
                     "CREATE TABLE sqlite_sequence(name,seq,nik)"),
                 obj("table", "sqlite_stat2", "sqlite_stat2", "CREATE TABLE sqlite_stat2(a)"),
                 obj("table", "sqlite_x", "sqlite_x", "CREATE TABLE sqlite_x(a)"),
                 obj("trigger", "sqlite_t1", "officers", "CREATE TRIGGER sqlite_t1 ..."),
                 obj("view", "sqlite_v", "sqlite_v", "CREATE VIEW sqlite_v AS SELECT 1"),
                 obj("index", "sqlite_autoindex_officers_1", "officers",
                     "CREATE INDEX sqlite_autoindex_officers_1 ON officers (name)"),
                 obj("index", "sqlite_autoindex_officers_1", "tickets", None),
                 obj("index", "sqlite_autoindex_ghost_1", "ghost", None),
                 obj("index", "sqlite_autoindex_officers_x", "officers", None)):
        assert not schema_guard.internal(fake, tables), fake


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_check_names_each_reserved_name_attack_and_repair_removes_it(db_path, attack):
    statements, objects = ATTACKS[attack]
    plant(db_path, *statements)
    db = open_database(db_path, station="counter-1", mode="counter")
    try:
        assert {(d.type, d.name) for d in db.drift} == objects
        with pytest.raises(schema_guard.SchemaDrift):  # no trigger runs in a station write
            issue_ticket(db, service="A")
    finally:
        db.close()

    code, report = check_json(db_path)
    assert code == 4 and not report["schema_ok"] and not report["ok"]
    assert {(d["type"], d["name"]) for d in report["schema_drift"]} == objects
    text = run_cli("--lang", "en", "check", "--db", str(db_path))
    assert text.returncode == 4
    assert all(f'"{name}"' in text.stdout for _, name in objects)

    fixed = run_cli("repair", "--db", str(db_path), "--admin", "admin", "--json", env=ADMIN_ENV)
    assert fixed.returncode == 0, fixed.stderr
    assert {(a["action"], a["type"], a["name"]) for a in json.loads(fixed.stdout)["actions"]} \
        == {("dropped", t, n) for t, n in objects}
    assert not names_in_file(db_path) & {n for _, n in objects}
    code, report = check_json(db_path)
    # sound again (11: the demo file has no root to verify the chain against)
    assert code == 11 and report["schema_drift"] == [] and report["integrity_ok"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    db = open_database(db_path, station="counter-1", mode="counter")
    try:  # opens without drift and writes again
        assert db.drift == [] and db.schema_version == SCHEMA_VERSION
        issue_ticket(db, service="A")
        entry = officers.audit_log(db)[0]
        assert entry.kind == "schema_repaired"
        assert {a["name"] for a in entry.data["actions"]} == {n for _, n in objects}
    finally:
        db.close()


def test_a_sqlite_t1_trigger_linking_nik_is_live_until_repaired(db, db_path):
    ticket = issue_ticket(db, service="B")
    plant(db_path, *NIK_TO_SKM)
    raw = sqlite3.connect(db_path)  # the attack works for any writer that lets it run
    raw.execute("INSERT INTO register_records (channel, day, service_id, visitor_name, "
                "id_number, created_at, updated_at, station) VALUES ('phone', '2026-03-02', 1, "
                "'X', '3374999988887777', 'now', 'now', 'x')")
    raw.commit()
    assert raw.execute("SELECT nik FROM sqlite_x").fetchall() == [("3374999988887777",)]
    raw.close()
    # the station that runs sees it before its next write, and writes nothing
    with pytest.raises(schema_guard.SchemaDrift) as info:
        register.save_record(db, record=visitor(), channel="walk_in", ticket_id=ticket.id)
    assert '"sqlite_t1"' in str(info.value)
    assert db.query("SELECT COUNT(*) FROM register_records WHERE id_number = ?", (NIK,)
                    )[0][0] == 0

    assert schema_guard.repair(db, username="admin")
    register.save_record(db, record=visitor(), channel="walk_in", ticket_id=ticket.id)
    assert not {"sqlite_x", "sqlite_t1"} & names_in_file(db_path)
    assert db.query("SELECT COUNT(*) FROM register_records WHERE id_number = ?", (NIK,)
                    )[0][0] == 1
    assert db.query("PRAGMA integrity_check")[0][0] == "ok"


def test_a_reserved_name_sharing_another_tables_pages_goes_without_them(db_path):
    """A ``sqlite_`` row pointing at the officers table's own pages: only the row goes."""
    raw = sqlite3.connect(db_path)
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'officers'").fetchone()[0]
    raw.execute("PRAGMA writable_schema=ON")
    raw.execute("INSERT INTO sqlite_master VALUES ('table', 'sqlite_alias', 'sqlite_alias', ?, "
                "'CREATE TABLE sqlite_alias (id INTEGER PRIMARY KEY, username, name, role, "
                "pin_hash, active, pin_weak)')", (root,))
    raw.commit()
    raw.close()
    db = open_database(db_path)
    try:
        assert [(d.type, d.name) for d in db.drift] == [("table", "sqlite_alias")]
        officers = db.query("SELECT COUNT(*) FROM officers")[0][0]
        assert schema_guard.repair(db, username="admin") == [
            {"action": "dropped", "type": "table", "name": "sqlite_alias"}]
        assert db.drift == [] and db.query("SELECT COUNT(*) FROM officers")[0][0] == officers
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        db.close()


def _pin_hash(path, username: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT pin_hash FROM officers WHERE username = ?",
                            (username,)).fetchone()[0]
    finally:
        conn.close()


def _reset_pin(path, new_pin: str):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k not in ("ULT_ADMIN", "ULT_ADMIN_PIN")}
    return subprocess.run([sys.executable, "-m", "ult_desktop", "--lang", "en", "officer",
                           "reset-pin", "--db", str(path), "--admin", "admin",
                           "--username", "sari"], input=f"{DEMO_PINS['admin']}\n{new_pin}\n",
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def test_a_trigger_undoing_a_pin_reset_stops_the_reset_until_repaired(db_path, tmp_path,
                                                                      monkeypatch):
    # this PC's own key folder: a PIN key another test's office left in the user's
    # folder would key the reset, and this unsigned test office could not check it
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    before = _pin_hash(db_path, "sari")
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE officers SET pin_hash = 'x' WHERE username = 'budi'")
    raw.commit()
    raw.close()
    plant(db_path, *PIN_RESET_UNDONE)
    raw = sqlite3.connect(db_path)  # the attack: the reset is silently undone
    raw.execute("UPDATE officers SET pin_hash = 'new' WHERE username = 'sari'")
    raw.commit()
    raw.close()
    assert _pin_hash(db_path, "sari") == before

    refused = _reset_pin(db_path, "826153")
    assert refused.returncode == 4 and '"sqlite_t2"' in refused.stderr
    assert _pin_hash(db_path, "sari") == before
    assert run_cli("repair", "--db", str(db_path), "--admin", "admin",
                   env=ADMIN_ENV).returncode == 0
    done = _reset_pin(db_path, "826153")
    assert done.returncode == 0, done.stderr
    assert _pin_hash(db_path, "sari") != before
    db = open_database(db_path)
    try:
        from ult_desktop.db.house import office

        assert office.verify_pin(db, "sari", "826153") is not None
    finally:
        db.close()


NOW = datetime(2026, 3, 2, 3, tzinfo=timezone.utc)


def _old_visitor(path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO register_records (channel, day, service_id, visitor_name, "
                "id_number, created_at, updated_at, station) VALUES ('phone', '2023-05-02', 1, "
                "'Siti Lama', ?, '2023-05-02T02:00:00+00:00', '2023-05-02T02:00:00+00:00', "
                "'counter-1')",
                (NIK,))
    raw.commit()
    raw.close()


def test_purged_niks_are_not_kept_by_a_reserved_name_trigger(db_path):
    _old_visitor(db_path)
    plant(db_path, *PURGE_KEEPER)
    purge = run_cli("--lang", "en", "purge", "--db", str(db_path), "--admin", "admin",
                    "--months", "24", env=ADMIN_ENV)
    assert purge.returncode == 4 and '"sqlite_t3"' in purge.stderr  # refused: nothing ran
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_keep").fetchone()[0] == 0
    conn.close()

    assert run_cli("repair", "--db", str(db_path), "--admin", "admin",
                   env=ADMIN_ENV).returncode == 0
    db = open_database(db_path, station="admin-pc", mode="admin")
    try:
        report = retention.purge_personal_data(db, months=24, now=NOW)
        assert report["register_records"] == 1
    finally:
        db.close()
    assert NIK.encode() not in db_path.read_bytes()
    assert not {"sqlite_keep", "sqlite_t3"} & names_in_file(db_path)


def test_backup_rotation_drops_reserved_name_objects_in_backups(db_path):
    _old_visitor(db_path)
    folder = db_path.parent / "backup"
    folder.mkdir()
    db = open_database(db_path, station="admin-pc", mode="admin")
    try:
        planted = backup.backup_database(db, folder / "planted.db")
        plant(planted, *PURGE_KEEPER, *NIK_TO_SKM, OTHERS[0])
        raw = sqlite3.connect(planted)  # the shadow table already holds the NIK
        raw.execute("INSERT INTO sqlite_keep VALUES (?)", (NIK,))
        raw.commit()
        raw.close()
        report = retention.purge_personal_data(db, months=24, now=NOW)
        assert report.backups_purged == [planted]
    finally:
        db.close()
    assert not {"sqlite_keep", "sqlite_t3", "sqlite_x", "sqlite_t1", "sqlite_v"} & \
        names_in_file(planted)
    conn = sqlite3.connect(planted)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert schema_guard.schema_drift(conn) == []
    conn.close()
    assert NIK.encode() not in planted.read_bytes()


def test_a_backup_carrying_a_reserved_name_object_is_never_restored(db, db_path):
    folder = db_path.parent / "backup"
    folder.mkdir()
    out = folder / "office-carrier.db"
    backup.backup_database(db, out)
    plant(out, *NIK_TO_SKM)  # the objects that used to survive backup + restore
    with pytest.raises(schema_guard.BackupRefused) as info:
        backup.inspect_backup(out)
    assert info.value.drift.name in ("sqlite_t1", "sqlite_x")
    before = digest(db_path)
    with pytest.raises(schema_guard.BackupRefused):
        backup.restore_database(db, out)
    assert digest(db_path) == before
    refused = run_cli("--lang", "en", "restore", "--db", str(db_path), "--from", str(out),
                      "--admin", "admin", env=ADMIN_ENV)
    assert refused.returncode == 4 and "sqlite_t1" in refused.stderr
    # the refused attempt wrote only the admin's login event, never the backup's pages
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT kind FROM events ORDER BY id DESC LIMIT 1").fetchone()[0] == \
        "admin_login"
    assert schema_guard.schema_drift(conn) == []
    conn.close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["backup", "office.db"]


def test_a_live_file_carrying_them_does_not_pass_them_on_through_backup_and_restore(db,
                                                                                    db_path):
    plant(db_path, *NIK_TO_SKM)
    out = db_path.parent / "copy.db"
    with pytest.raises(schema_guard.SchemaDrift):  # the backup event cannot be written
        backup.backup_database(db, out)
    # the copy itself exists (made before the event): restoring it is refused
    assert out.exists()
    with pytest.raises(schema_guard.BackupRefused):
        backup.inspect_backup(out)


def test_sqlites_own_index_made_to_name_another_table_is_given_it_back(db_path):
    """SQLite refuses to drop a UNIQUE constraint's index: repair restores its row."""
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA writable_schema=ON")
    raw.execute("UPDATE sqlite_master SET tbl_name = 'tickets' "
                "WHERE name = 'sqlite_autoindex_officers_1'")
    raw.commit()
    raw.close()
    db = open_database(db_path)
    try:
        assert [(d.type, d.name) for d in db.drift] == [("index", "sqlite_autoindex_officers_1")]
        assert schema_guard.repair(db, username="admin") == [
            {"action": "restored", "type": "index", "name": "sqlite_autoindex_officers_1"}]
        assert db.drift == [] and db.query("PRAGMA integrity_check")[0][0] == "ok"
        assert db.query("SELECT tbl_name FROM sqlite_master WHERE name = "
                        "'sqlite_autoindex_officers_1'")[0][0] == "officers"
    finally:
        db.close()
