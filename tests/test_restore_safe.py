"""Restore cannot break the live file and builds correct SQLite URIs for
local, mapped-drive and UNC paths."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import PureWindowsPath

import pytest

from tests.conftest import run_cli
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite_file import sqlite_uri
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

pytestmark = pytest.mark.windows


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _lying_backup(db, tmp_path):
    """The issue's attack: a backup whose user_version says 3 while it already holds
    version 4's column (tickets.request_id)."""
    from ult_desktop.db.schemas.schema import MIGRATIONS

    out = tmp_path / "backup" / "liar.db"
    out.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(out)
    for statements in MIGRATIONS[:4]:
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    return out


def _as_version(saved, version: int) -> None:
    """Rewrite ``saved`` as a sound file of an older schema ``version``, keeping its
    data in the columns that version has (whatever later migrations added)."""
    from ult_desktop.db.schemas.schema import MIGRATIONS

    old = saved.with_name(saved.name + ".src")
    saved.rename(old)
    conn = sqlite3.connect(saved)
    for statements in MIGRATIONS[:version]:
        for statement in statements:
            statement(conn) if callable(statement) else conn.execute(statement)
    conn.execute("ATTACH DATABASE ? AS src", (str(old),))
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        mine = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')]
        theirs = {r[1] for r in conn.execute(f'PRAGMA src.table_info("{table}")')}
        cols = ", ".join(f'"{c}"' for c in mine if c in theirs)
        if cols:
            conn.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM src."{table}"')
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.close()
    old.unlink()


@pytest.fixture
def backup_dir(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    return folder


def test_a_backup_that_lies_about_its_version_is_refused_and_the_live_file_is_untouched(
        db, db_path, tmp_path, backup_dir):
    issue_ticket(db, service="A")
    liar = _lying_backup(db, tmp_path)
    before, files = digest(db_path), live_files(db_path.parent)
    with pytest.raises(schema_guard.BackupRefused) as info:
        backup.inspect_backup(liar)
    assert '"tickets"' in str(info.value) or '"tickets_request"' in str(info.value)
    with pytest.raises(schema_guard.BackupRefused) as info:
        backup.restore_database(db, liar)
    assert str(liar) in str(info.value)
    assert digest(db_path) == before
    assert live_files(db_path.parent) == files  # no kept copy, no temporary file left
    issue_ticket(db, service="A")   # the office goes on


def test_a_backup_with_a_planted_trigger_is_refused_by_inspection_and_restore(
        db, db_path, tmp_path, backup_dir):
    out = backup.backup_database(db, backup_dir / "planted.db")
    conn = sqlite3.connect(out)
    conn.execute("CREATE TRIGGER hide_restore AFTER INSERT ON events WHEN "
                 "new.kind = 'database_restored' BEGIN DELETE FROM events WHERE id = new.id; "
                 "END")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(schema_guard.BackupRefused) as info:
        backup.inspect_backup(out)
    assert '"hide_restore"' in str(info.value)
    with pytest.raises(schema_guard.BackupRefused):
        backup.restore_database(db, out)
    assert digest(db_path) == before


def test_restore_cli_refuses_the_lying_backup_and_leaves_the_file(db, db_path, tmp_path,
                                                                    backup_dir):
    liar = _lying_backup(db, tmp_path)
    db.close()
    before = digest(db_path)
    proc = run_cli("--lang", "en", "restore", "--db", str(db_path), "--from", str(liar),
                   "--admin", "admin", env={"ULT_ADMIN_PIN": DEMO_PINS["admin"]})
    assert proc.returncode == 4, proc.stderr
    assert "live database was not changed" in proc.stderr
    # the refused attempt wrote only the admin's login event, never the backup's pages
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT kind FROM events ORDER BY id DESC LIMIT 1").fetchone()[0] == \
        "admin_login"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_guard.schema_drift(conn) == []
    conn.close()
    assert not list(db_path.parent.glob("*before-restore*"))
    assert before != digest(liar)


def test_a_migration_failure_in_the_copy_leaves_the_live_file_untouched(db, db_path,
                                                                       backup_dir,
                                                                       monkeypatch):
    saved = backup.backup_database(db, backup_dir / "old.db")
    _as_version(saved, 3)  # a sound version-3 file
    assert backup.inspect_backup(saved).schema_version == 3

    from ult_desktop.db.schemas import schema

    broken = [list(m) for m in schema.MIGRATIONS]
    broken[3] = ["ALTER TABLE no_such_table ADD COLUMN x"]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    before = digest(db_path)
    with pytest.raises(schema_guard.RestoreFailed) as info:
        backup.restore_database(db, saved)
    assert "no_such_table" in str(info.value)
    assert digest(db_path) == before
    assert not list(db_path.parent.glob("*before-restore*"))
    assert not list(db_path.parent.glob(".*restore*"))


def test_restore_of_an_older_sound_backup_migrates_the_copy_and_swaps_it_in(db, db_path,
                                                                           backup_dir):
    office.set_settings(db, office_name="Kantor Lama")
    saved = backup.backup_database(db, backup_dir / "v3.db")
    _as_version(saved, 3)
    office.set_settings(db, office_name="Kantor Baru")
    kept = backup.restore_database(db, saved)
    assert office.get_settings(db)["office_name"] == "Kantor Lama"
    assert backup.inspect_backup(kept).office_name == "Kantor Baru"
    assert db.drift == [] and schema_guard.schema_drift(db.conn) == []
    assert issue_ticket(db, service="A", request_id="r-1").number == "A-001"
    assert not list(db_path.parent.glob(".*restore*"))


def test_restore_cli_brings_back_a_sound_backup(db, db_path, backup_dir):
    saved = backup.backup_database(db, backup_dir / "ok.db")
    office.set_settings(db, office_name="Sementara")
    db.close()
    proc = run_cli("restore", "--db", str(db_path), "--from", str(saved), "--admin", "admin",
                   "--json", env={"ULT_ADMIN_PIN": DEMO_PINS["admin"]})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kept"].endswith(".db")


# -- URIs ---------------------------------------------------------------
@pytest.mark.parametrize("path,uri", [
    (r"\\server\ult\ult.db", "file:////server/ult/ult.db?mode=ro"),
    (r"\\server\ult data\backup\ult #2.db", "file:////server/ult%20data/backup/ult%20%232.db"
                                            "?mode=ro"),
    (r"Z:\ULT\backup\ult-20260101.db", "file:///Z:/ULT/backup/ult-20260101.db?mode=ro"),
    (r"C:\Users\Admin ULT\Documents\what?.db",
     "file:///C:/Users/Admin%20ULT/Documents/what%3F.db?mode=ro"),
    (r"\\?\UNC\server\ult\ult.db", "file:////server/ult/ult.db?mode=ro"),
    (r"\\?\D:\data\100%.db", "file:///D:/data/100%25.db?mode=ro"),
])
def test_sqlite_uri_for_windows_local_mapped_and_unc_paths(path, uri):
    assert sqlite_uri(str(PureWindowsPath(path)), windows=True, mode="ro") == uri
    # never the authority form Windows SQLite rejects ("invalid uri authority")
    assert not sqlite_uri(path, windows=True).startswith("file://server")


def test_sqlite_uri_opens_a_local_file_with_awkward_characters(tmp_path):
    # "?" ends a URI's path; Windows allows no "?" in a file name: "%" is awkward there too
    path = tmp_path / "ULT data #1" / ("cadangan%3F.db" if os.name == "nt" else "cadangan?.db")
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    ro = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    assert ro.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("CREATE TABLE u (a)")
    ro.close()


def test_no_uri_is_built_with_as_uri_anywhere():
    from tests.conftest import ROOT

    offenders = [str(p) for p in (ROOT / "ult_desktop").rglob("*.py")
                 if ".as_uri()" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_restore_refuses_the_office_file_itself(db, db_path):
    with pytest.raises(errors.RuleViolation):
        backup.restore_database(db, db_path)


def test_restoring_a_sound_backup_cures_a_live_file_whose_table_was_changed(db, db_path,
                                                                          backup_dir):
    saved = backup.backup_database(db, backup_dir / "sound.db")
    conn = sqlite3.connect(db_path)
    conn.execute("ALTER TABLE officers ADD COLUMN backdoor TEXT")
    conn.commit()
    conn.close()
    with pytest.raises(schema_guard.SchemaDrift):
        issue_ticket(db, service="A")
    with pytest.raises(schema_guard.SchemaDrift):
        schema_guard.repair(db)  # a table cannot be repaired in place
    backup.restore_database(db, saved)
    assert db.drift == []
    assert issue_ticket(db, service="A").number == "A-001"
