"""Personal data really gone: after the retention purge no purged NIK,
phone, e-mail, name or free-text reason is found in the bytes of the file, nor in any
backup left in the backup folder, even where the data was written with
``secure_delete`` off (SQLite's default on the offices' Windows PCs)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timezone

import pytest

from ult_desktop.db.house import officers
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy import retention

NOW = datetime(2026, 3, 2, 3, tzinfo=timezone.utc)
OLD_DAY = "2023-05-02"          # well past 24 months
RECENT_DAY = "2026-02-20"


def secret(i: int) -> dict[str, str]:
    return {"name": f"Zulkarnaen Rahasiawati {i:02d}", "nik": f"33749901{i:08d}",
            "phone": f"0812998877{i:02d}", "email": f"warga{i:02d}.rahasia@contoh.id",
            "reason": f"lansia-rahasia-{i:02d}", "note": f"catatan-rahasia-{i:02d}",
            "question": f"pertanyaan-rahasia-{i:02d}", "letter": f"SK-RAHASIA-{i:02d}"}


def _write_like_a_windows_station(path, day: str, first: int, count: int) -> None:
    """Records, cases and events written with secure_delete off, and edited once
    (the first version of every name stays in a freed cell without secure_delete)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA secure_delete=0")
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 0
    conn.execute("BEGIN IMMEDIATE")
    for i in range(first, first + count):
        s = secret(i)
        cur = conn.execute(
            "INSERT INTO register_records (day, channel, service_id, visitor_name, phone, email, "
            "id_number, on_behalf, on_behalf_of, letter_number, institution, topic, question, "
            "answer, created_at, updated_at, station) VALUES (?, 'walk_in', 1, ?, ?, ?, ?, 1, ?, "
            "?, 'SMA 1 Semarang', 'tpg', ?, ?, ?, ?, 'counter-1')",
            (day, s["name"] + " (draf)", s["phone"], s["email"], s["nik"],
             s["name"] + " kuasa", s["letter"], s["question"], "jawaban " + s["note"],
             day + "T02:00:00+00:00", day + "T02:00:00+00:00"))
        rid = cur.lastrowid
        conn.execute("UPDATE register_records SET visitor_name = ? WHERE id = ?",
                     (s["name"], rid))
        conn.execute(
            "INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day, "
            "reschedule_reason, answer, callback_note) VALUES (?, 'back_office', 'open', ?, ?, "
            "?, ?, ?)", (rid, day + "T02:00:00+00:00", day, s["reason"] + " kasus",
                         "jawaban kasus " + s["nik"], s["note"]))
        conn.execute("INSERT INTO events (kind, station, at, data) VALUES ('skipped', "
                     "'counter-1', ?, ?)", (day + "T02:05:00+00:00",
                                            f'{{"reason": "{s["reason"]}", "counter": 1}}'))
    conn.execute("COMMIT")
    conn.close()


def _values(i: int) -> list[bytes]:
    s = secret(i)
    return [v.encode() for v in (s["name"], s["nik"], s["phone"], s["email"], s["reason"],
                                 s["note"], s["question"], s["letter"])]


def _found(folder, needles: list[bytes]) -> dict[str, list[bytes]]:
    hits: dict[str, list[bytes]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found = [n for n in needles if n in data]
            if found:
                hits[str(path)] = found
    return hits


@pytest.fixture
def office(db_path):
    folder = db_path.parent
    (folder / "backup").mkdir()
    return folder


def test_purge_leaves_no_purged_value_in_the_file_or_any_remaining_backup(office, db_path):
    _write_like_a_windows_station(db_path, OLD_DAY, 0, 15)
    _write_like_a_windows_station(db_path, RECENT_DAY, 50, 3)
    conn = sqlite3.connect(db_path)  # an event whose data is not even JSON
    conn.execute("PRAGMA secure_delete=0")
    conn.execute("INSERT INTO events (kind, station, at, data) VALUES ('note', 'x', ?, ?)",
                 (OLD_DAY + "T01:00:00+00:00", "NIK 3374000099990000 tidak rapi"))
    conn.commit()
    conn.close()
    old = [n for i in range(15) for n in _values(i)] + [b"3374000099990000"]
    recent = [n for i in range(50, 53) for n in _values(i)]
    db = open_database(db_path, station="admin-pc", mode="admin")
    try:
        # copies that hold the old data: an old backup, a recent one, a restore's kept
        # copy, and a backup carrying a trigger that copies NIKs into a shadow table
        stale = backup.backup_database(db, office / "backup" / "office-20230601.db")
        past = time.time() - 3 * 365 * 86400
        os.utime(stale, (past, past))
        fresh = backup.backup_database(db, office / "backup" / "office-20260228.db")
        kept = backup.backup_database(db, office / "office.before-restore-20260201-080000.db")
        planted = backup.backup_database(db, office / "backup" / "planted.db")
        conn = sqlite3.connect(planted)
        conn.executescript(
            "CREATE TABLE shadow (nik TEXT);"
            "CREATE TRIGGER keep_nik BEFORE UPDATE ON register_records BEGIN "
            "INSERT INTO shadow VALUES (old.id_number); END;")
        conn.close()
        assert _found(office, old)  # the data is there before (the test can fail)

        report = retention.purge_personal_data(db, months=24, now=NOW)
        assert report["register_records"] == 15 and report["cases"] == 15
        assert report["events"] == 16
        assert report.rewritten
        assert report.backups_deleted == [stale]
        assert set(report.backups_purged) == {fresh, kept, planted}

        assert _found(office, old) == {}
        # what is within retention stays, in the file and in the backups
        assert set(recent) <= set(_found(office, recent).get(str(db_path), []))
        assert _found(office, recent).get(str(fresh))
        # rows and what reports count are kept
        rows = db.query("SELECT COUNT(*), MIN(institution), MIN(topic) FROM register_records "
                        "WHERE day = ?", (OLD_DAY,))[0]
        assert tuple(rows) == (15, "SMA 1 Semarang", "tpg")
        skipped = db.query("SELECT data FROM events WHERE kind = 'skipped' AND at < '2024'")
        assert all(r[0] == '{"counter":1}' for r in skipped)
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
        assert db.query("PRAGMA freelist_count")[0][0] == 0
        check = sqlite3.connect(planted)
        assert check.execute("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                             "('shadow', 'keep_nik')").fetchone()[0] == 0
        check.close()
    finally:
        db.close()


def test_register_purge_is_the_same_purge(office, db_path):
    _write_like_a_windows_station(db_path, OLD_DAY, 0, 3)
    db = open_database(db_path)
    try:
        assert retention.purge_personal_data(db, before_day="2024-01-01")["register_records"] == 3
        assert _found(office, [n for i in range(3) for n in _values(i)]) == {}
        entry = officers.audit_log(db)[0]
        assert entry.kind == "retention_applied" and entry.data["before"] == "2024-01-01"
    finally:
        db.close()


def test_purge_reports_progress_of_each_step(db):
    steps = []
    retention.purge_personal_data(db, months=24, now=NOW,
                              progress=lambda step, done, total: steps.append((step, done)))
    assert [s for s, _ in steps][:4] == ["rows", "rows", "vacuum", "vacuum"]
    assert steps[-1][0] == "backups"


def test_every_connection_overwrites_deleted_data(db):
    # what a later delete frees is zeroed at once, even before the next VACUUM
    assert db.query("PRAGMA secure_delete")[0][0] == 1
