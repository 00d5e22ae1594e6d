"""Every way the office file can be wrong gives a clear message and loses nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import run_cli

from ult_desktop.db import errors
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import cancel
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas.schema import SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unreachable_folder_is_reported_and_nothing_is_created(tmp_path):
    target = tmp_path / "share" / "ult.db"
    with pytest.raises(errors.ShareUnavailable):
        open_database(target)
    result = run_cli("take", "--db", str(target), "--service", "A")
    assert result.returncode == 4
    assert "tidak dapat dijangkau" in result.stderr and "Traceback" not in result.stderr
    assert not target.parent.exists()


def test_missing_file_is_never_replaced_by_an_empty_database(tmp_path):
    target = tmp_path / "ult.db"
    with pytest.raises(errors.DatabaseMissing):
        open_database(target)
    result = run_cli("--lang", "en", "status", "--db", str(target))
    assert result.returncode == 4 and "was not found" in result.stderr
    assert not target.exists()


def test_vanished_share_mid_session_then_back(tmp_path):
    (tmp_path / "share").mkdir()
    db_path = init_database(tmp_path / "share" / "ult.db", demo=True)
    db = open_database(db_path, station="k", mode="kiosk")
    issue_ticket(db, service="A")
    moved = tmp_path / "elsewhere"
    shutil.move(str(db_path.parent), str(moved))  # the share disappears
    try:
        with pytest.raises(errors.ShareUnavailable):
            db.close()
            issue_ticket(db, service="A")
        assert not db_path.exists(), "no new empty database appears in its place"
    finally:
        shutil.move(str(moved), str(db_path.parent))
    assert issue_ticket(db, service="A").number == "A-002"  # recovers by itself


def test_non_sqlite_file_is_refused_and_left_untouched(tmp_path):
    target = tmp_path / "ult.db"
    target.write_text("laporan bulanan, bukan database\n")
    before = digest(target)
    with pytest.raises(errors.NotADatabase):
        open_database(target)
    result = run_cli("take", "--db", str(target), "--service", "A")
    assert result.returncode == 4 and "bukan basis data" in result.stderr
    assert digest(target) == before


def test_empty_or_foreign_sqlite_file_is_not_initialized_silently(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(errors.NotInitialized):
        open_database(empty)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(errors.NotInitialized):
        open_database(foreign)
    assert empty.stat().st_size == 0


def test_init_never_overwrites(db_path):
    before = digest(db_path)
    with pytest.raises(errors.DatabaseExists):
        init_database(db_path)
    result = run_cli("init", "--db", str(db_path), "--demo")
    assert result.returncode == 4
    assert digest(db_path) == before


def test_newer_schema_station_refuses_to_write(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(db_path)
    db = open_database(db_path)  # reading is still possible
    assert db.too_new and db.query("SELECT COUNT(*) FROM services")[0][0] == 3
    with pytest.raises(errors.SchemaTooNew) as info:
        issue_ticket(db, service="A")
    assert "perbarui" in str(info.value)
    result = run_cli("take", "--db", str(db_path), "--service", "A")
    assert result.returncode == 5
    assert digest(db_path) == before


def test_file_from_an_older_version_is_migrated_on_open(tmp_path):
    from ult_desktop.db.schemas.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO services (prefix, name) VALUES ('A', 'Umum')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    db = open_database(path)
    assert db.schema_version == SCHEMA_VERSION > 1
    assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert db.query("SELECT name FROM services")[0][0] == "Umum"  # data kept
    monday_10_wib = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)
    assert issue_ticket(db, service="A", now=monday_10_wib).number == "A-001"


def _read_only_mount(src: Path, dst: Path) -> bool:
    """A read-only bind mount of *src* at *dst*: the file is really read-only, even to root."""
    if sys.platform != "linux":
        pytest.skip("a read-only bind mount (mount --bind) is Linux's")
    dst.mkdir()
    ok = subprocess.run(["mount", "--bind", str(src), str(dst)], capture_output=True).returncode
    if ok != 0:
        return False
    subprocess.run(["mount", "-o", "remount,bind,ro", str(dst)], check=True)
    return True


def test_read_only_share_gives_clear_message_and_loses_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    init_database(src / "ult.db", demo=True)
    before = digest(src / "ult.db")
    ro = tmp_path / "ro"
    if not _read_only_mount(src, ro):
        pytest.skip("cannot make a read-only bind mount here (needs root)")
    try:
        db = open_database(ro / "ult.db")
        with pytest.raises(errors.ReadOnlyDatabase):
            issue_ticket(db, service="A")
        db.close()
        result = run_cli("take", "--db", str(ro / "ult.db"), "--service", "A")
        assert result.returncode == 4, result.stderr
        assert "hanya dapat dibaca" in result.stderr
    finally:
        subprocess.run(["umount", str(ro)], check=True)
    assert digest(src / "ult.db") == before


def test_numbering_restarts_when_the_office_day_changes(db):
    before_midnight = datetime(2026, 3, 2, 16, 59, tzinfo=timezone.utc)  # 23:59 WIB
    after_midnight = datetime(2026, 3, 2, 17, 1, tzinfo=timezone.utc)    # 00:01 WIB
    assert issue_ticket(db, service="A", now=before_midnight).number == "A-001"
    assert issue_ticket(db, service="A", now=before_midnight).number == "A-002"
    fresh = issue_ticket(db, service="A", now=after_midnight)
    assert fresh.number == "A-001" and fresh.day == "2026-03-03"


def test_office_zone_decides_the_day(db):
    from ult_desktop.db.house.office import set_settings

    set_settings(db, timezone="WIT")
    moment = datetime(2026, 3, 2, 15, 30, tzinfo=timezone.utc)  # 22:30 WIB, 00:30 WIT
    assert issue_ticket(db, service="A", now=moment).day == "2026-03-03"


def test_a_bug_in_sql_is_not_reported_as_a_vanished_share(db):
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        db.write(lambda conn: conn.execute("SELECT * FROM no_such_table"))
    with pytest.raises(sqlite3.IntegrityError):
        db.write(lambda conn: conn.execute("INSERT INTO services (prefix, name) "
                                           "VALUES ('A', 'dup')"))
    assert cancel(db, number=issue_ticket(
        db, service="A", now=datetime(2026, 3, 2, 3, tzinfo=timezone.utc)).number,
        now=datetime(2026, 3, 2, 3, 5, tzinfo=timezone.utc)).state == "cancelled"


def test_an_old_station_open_while_a_newer_one_migrates_is_refused_and_loses_nothing(db_path):
    """A kiosk of the old version still running when a newer station migrates the file
    (its DDL, then the schema number): its next ticket is refused with the sentence that
    tells it to update, and every ticket issued before is still in the file."""
    db = open_database(db_path, station="kiosk@old", mode="kiosk")
    try:
        issue_ticket(db, service="A")
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE later_thing (a INTEGER)")  # what a migration adds
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
        with pytest.raises(errors.SchemaTooNew) as info:
            issue_ticket(db, service="A")
        assert "perbarui" in str(info.value)
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
    conn.close()
