"""db/admin: audit list, officer edits, backup with progress, restore, retention."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone

import pytest

from ult_desktop.core.dates import add_months
from ult_desktop.db import errors
from ult_desktop.db.house import office, officers
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy import retention
from ult_desktop.db.record.feed import ChangeFeed
from ult_desktop.db.schemas.schema import SCHEMA_VERSION


def test_audit_log_lists_admin_changes_newest_first(db):
    office.set_settings(db, running_text="Halo")
    office.save_service(db, prefix="D", name="Perizinan")
    officers.record_login(db, username="Admin", ok=True)
    entries = officers.audit_log(db)
    assert [e.kind for e in entries[:3]] == ["admin_login", "settings_changed",
                                             "settings_changed"]
    assert entries[0].data == {"username": "admin"}
    assert entries[1].service_prefix == "D"
    assert entries[2].data["keys"] == ["running_text"]
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)


def test_audit_log_filters_and_pages(db):
    from ult_desktop.db.queue.numbers import issue_ticket

    issue_ticket(db, service="A")
    office.set_settings(db, running_text="x")
    assert all(e.kind != "issued" for e in officers.audit_log(db))
    everything = officers.audit_log(db, kinds=None)
    assert {"issued", "settings_changed"} <= {e.kind for e in everything}
    older = officers.audit_log(db, kinds=None, before_id=everything[0].id)
    assert older[0].id == everything[1].id


def test_failed_login_is_recorded_without_the_pin(db):
    officers.record_login(db, username="budi", ok=False)
    entry = officers.audit_log(db)[0]
    assert entry.kind == "admin_login_failed" and entry.data == {"username": "budi"}


def test_update_officer_changes_role_and_is_audited(db):
    officers.update_officer(db, username="sari", role="supervisor", name="Sari W.")
    sari = next(o for o in office.list_officers(db) if o.username == "sari")
    assert (sari.role, sari.name) == ("supervisor", "Sari W.")
    assert officers.audit_log(db)[0].data == {"officer": "sari", "keys": ["name", "role"]}


def test_the_last_admin_cannot_be_removed(db):
    with pytest.raises(errors.RuleViolation) as info:
        officers.update_officer(db, username="admin", active=False)
    assert "admin" in str(info.value).lower()
    assert any(o.username == "admin" and o.active for o in office.list_officers(db))
    office.add_officer(db, username="it", name="IT", role="admin", pin="903417")
    officers.update_officer(db, username="admin", active=False)
    assert office.verify_pin(db, "admin", DEMO_PINS["admin"]) is None


def test_update_officer_rejects_unknown_role_and_person(db):
    with pytest.raises(errors.RuleViolation):
        officers.update_officer(db, username="sari", role="boss")
    with pytest.raises(errors.RuleViolation):
        officers.update_officer(db, username="nobody", name="X")


def test_backup_reports_progress_and_is_audited(db, tmp_path):
    seen = []
    out = backup.backup_database(db, tmp_path / "b.db", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    info = backup.inspect_backup(out)
    assert info.office_name == "BPMP Provinsi Jawa Tengah"
    assert info.schema_version == SCHEMA_VERSION
    assert officers.audit_log(db)[0].kind == "backup_made"
    with pytest.raises(errors.DatabaseExists):
        backup.backup_database(db, out)


def test_inspect_backup_refuses_what_is_not_a_ult_database(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("hello " * 50)
    with pytest.raises(errors.NotADatabase):
        backup.inspect_backup(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(errors.NotADatabase):
        backup.inspect_backup(other)
    with pytest.raises(errors.DatabaseMissing):
        backup.inspect_backup(tmp_path / "missing.db")


def test_inspect_backup_refuses_wal_and_newer_files(db, tmp_path):
    wal = backup.backup_database(db, tmp_path / "wal.db")
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    with pytest.raises(errors.NotADatabase):
        backup.inspect_backup(wal)
    newer = backup.backup_database(db, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(errors.SchemaTooNew):
        backup.inspect_backup(newer)


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(db, db_path, tmp_path):
    saved = backup.backup_database(db, tmp_path / "saved.db")
    office.set_settings(db, office_name="Nama Baru")
    other = open_database(db_path, station="display-1", mode="display")
    feed = ChangeFeed(other)
    try:
        before_max = feed.last_id
        kept = backup.restore_database(db, saved, now=datetime(2026, 1, 2, 3, 4, 5,
                                                                tzinfo=timezone.utc))
        # named by the office clock (WIB): 03:04:05 UTC is 10:04:05 in the office
        assert kept.name == "office.before-restore-20260102-100405.db"
        assert backup.inspect_backup(kept).office_name == "Nama Baru"
        assert office.get_settings(other)["office_name"] == "BPMP Provinsi Jawa Tengah"
        events = feed.poll()
        # the other station's feed goes on: new ids are above everything it saw
        assert [e.kind for e in events] == ["database_restored", "settings_changed"]
        assert all(e.id > before_max for e in events)
        assert other.query("PRAGMA journal_mode")[0][0] == "delete"
        assert other.query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        other.close()


def test_restore_of_a_bad_file_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(errors.NotADatabase):
        backup.restore_database(db, bad)
    assert office.get_settings(db)["office_name"] == "BPMP Provinsi Jawa Tengah"
    assert not list(tmp_path.glob("*before-restore*"))


def _make_register(db):
    rows = [("2023-05-01", "Ani", "0812", "3374", "Tunjangan?"),
            ("2024-02-10", "Budi", None, None, "Dapodik"),
            ("2026-01-05", "Citra", "0813", "3375", "PAK")]
    db.write(lambda c: c.executemany(
        "INSERT INTO register_records (day, channel, service_id, institution, region_name, "
        "visitor_name, phone, id_number, question, topic, created_at, updated_at, station) "
        "VALUES (?, 'walk_in', 1, 'SMA 1', 'Kota Semarang', ?, ?, ?, ?, 'tpg', 'x', 'x', 't')",
        rows))


def test_retention_empties_old_personal_columns_and_keeps_counts(db):
    _make_register(db)
    now = datetime(2026, 3, 1, 5, tzinfo=timezone.utc)
    due = retention.personal_data_due(db, months=24, now=now)
    assert due == {"register_records": 2, "cases": 0, "skm_responses": 0, "handovers": 0,
                   "events": 0}
    counts = retention.purge_personal_data(db, months=24, now=now)
    assert counts == due
    rows = [tuple(r) for r in db.query(
        "SELECT day, channel, institution, region_name, topic, visitor_name, phone, "
        "id_number, question FROM register_records ORDER BY day")]
    assert rows == [
        ("2023-05-01", "walk_in", "SMA 1", "Kota Semarang", "tpg", "", None, None, ""),
        ("2024-02-10", "walk_in", "SMA 1", "Kota Semarang", "tpg", "", None, None, ""),
        ("2026-01-05", "walk_in", "SMA 1", "Kota Semarang", "tpg", "Citra", "0813", "3375",
         "PAK")]
    entry = officers.audit_log(db)[0]
    assert entry.kind == "retention_applied"
    assert entry.data == {"months": 24, "before": "2024-03-01", "rows": counts}
    assert "Ani" not in str(entry.data)
    # nothing left to remove: a second run touches no row
    assert retention.purge_personal_data(db, months=24, now=now)["register_records"] == 0


def test_retention_works_over_any_declared_table(db):
    # a declaration names tables/columns a file may not have (an older backup, a table
    # a later version adds): those are skipped, the rest is purged
    db.write(lambda c: c.executemany(
        "INSERT INTO stations (id, mode, version, clock, detail) VALUES (?, 'kiosk', '1', ?, ?)",
        [("k1", "2020-01-01T08:00:00+00:00", "Ani"), ("k2", "2026-01-01T08:00:00+00:00",
                                                       "Budi")]))
    spec = (retention.PersonalData("stations", ("day", "clock"), ("detail", "nik")),
            retention.PersonalData("no_such_table", ("day",), ("name",)))
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert retention.purge_personal_data(db, months=12, now=now, spec=spec) == {"stations": 1}
    assert [tuple(r) for r in db.query("SELECT id, detail FROM stations ORDER BY id")] == [
        ("k1", ""), ("k2", "Budi")]


def test_retention_refuses_less_than_a_month(db):
    with pytest.raises(errors.RuleViolation):
        retention.purge_personal_data(db, months=0)


@pytest.mark.parametrize("day,months,expected", [
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 15), 24, date(2024, 1, 15)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
])
def test_months_before(day, months, expected):
    assert add_months(day, -months) == expected
    assert add_months(expected, months).month == day.month


def test_admin_login_accepts_only_admins_and_audits_every_try(db):
    assert officers.admin_login(db, username="admin", pin=DEMO_PINS["admin"]).role == "admin"
    assert officers.admin_login(db, username="admin", pin="9999") is None
    with pytest.raises(errors.RuleViolation):
        officers.admin_login(db, username="sari", pin=DEMO_PINS["sari"])
    kinds = [(e.kind, e.data["username"]) for e in officers.audit_log(db)[:3]]
    assert kinds == [("admin_login_failed", "sari"), ("admin_login_failed", "admin"),
                     ("admin_login", "admin")]


def test_set_service_counters_changes_only_that_service(db):
    before = {c.number: c.service_ids for c in office.list_counters(db)}
    b_id = next(s.id for s in office.list_services(db) if s.prefix == "B")
    officers.set_service_counters(db, prefix="b", counters=[3])
    after = {c.number: c.service_ids for c in office.list_counters(db)}
    assert b_id not in after[1] and b_id not in after[2] and b_id in after[3]
    assert set(after[1]) == set(before[1]) - {b_id}
    assert after[3] == before[3]
    assert officers.audit_log(db)[0].data == {"service": "B", "counters": [3]}


def test_restore_refuses_the_live_file_itself(db, db_path):
    with pytest.raises(errors.RuleViolation) as info:
        backup.restore_database(db, db_path)
    assert info.value.key == "admin.error.restore_same"
    assert not list(db_path.parent.glob("*before-restore*"))
