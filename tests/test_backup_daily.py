"""Backup without thinking. Each day the first running station copies the
office file into the admin's second folder; the others find it done or claimed; a folder
out of reach is a recorded failure, retried later; "Cadangan terakhir" and the warnings
are on ``check``."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import run_cli

from ult_desktop.core import backup_plan, workdays
from ult_desktop.core.i18n import tr
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.house.office import read_settings, write_settings
from ult_desktop.db.keeping import autobackup, backup
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy import retention
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile

pytestmark = pytest.mark.windows

WIB = timezone(timedelta(hours=7))
MORNING = datetime(2026, 11, 23, 7, 30, tzinfo=WIB)  # Monday, before opening


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cadangan"
    path.mkdir()
    return path


@pytest.fixture
def two(db_path: Path, folder: Path):
    """Two stations on one file, the backup folder set by the admin on ADMIN-PC."""
    a = open_database(db_path, station="Loket 1", mode="test")
    b = open_database(db_path, station="Kiosk", mode="test")
    autobackup.set_backup_folder(a, folder=str(folder), host="ADMIN-PC")
    yield a, b
    a.close()
    b.close()


def system_reason(missing: Path) -> str:
    """What this system says when *missing* is looked at ("No such file or directory";
    Windows: "The system cannot find the file specified")."""
    try:
        os.stat(missing)
    except OSError as exc:
        return exc.strerror
    raise AssertionError(f"{missing} exists")


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("office-*.db"))


def kinds(db: Database, *wanted: str) -> list[tuple[str, str, dict]]:
    return [(r["kind"], r["station"], json.loads(r["data"])) for r in db.query(
        f"SELECT kind, station, data FROM events WHERE kind IN "
        f"({', '.join('?' * len(wanted))}) ORDER BY id", wanted)]


def test_the_first_station_makes_todays_copy_and_the_next_finds_it_done(two, folder):
    a, b = two
    first = autobackup.run_daily_backup(a, now=MORNING, host="ADMIN-PC")
    assert first.outcome == autobackup.MADE
    assert first.path == folder / "office-20261123-073000.db"
    assert backup.inspect_backup(first.path).office_name  # a sound, restorable copy
    later = autobackup.run_daily_backup(b, now=MORNING + timedelta(hours=3), host="admin-pc")
    assert later.outcome == backup_plan.DONE_TODAY
    assert not autobackup.daily_backup_due(b, now=MORNING + timedelta(hours=3),
                                           host="ADMIN-PC")
    assert copies(folder) == [first.path]
    assert [k for k, *_ in kinds(a, "backup_started", "backup_made")] == [
        "backup_started", "backup_made"]
    assert kinds(a, "backup_made")[0][2]["auto"] is True
    tomorrow = autobackup.run_daily_backup(b, now=MORNING + timedelta(days=1), host="ADMIN-PC")
    assert tomorrow.outcome == autobackup.MADE
    assert len(copies(folder)) == 2
    assert reconcile(a)["ok"], reconcile(a)["differences"][:3]  # every write has its event


def test_a_manual_backup_into_the_folder_counts_as_todays(two, folder):
    a, b = two
    backup.backup_database(a, folder / "office-manual.db", now=MORNING)
    assert not autobackup.daily_backup_due(b, now=MORNING + timedelta(minutes=5),
                                           host="ADMIN-PC")
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir()
    backup.backup_database(a, elsewhere / "x.db", now=MORNING + timedelta(days=1))
    assert autobackup.daily_backup_due(b, now=MORNING + timedelta(days=1, minutes=5),
                                       host="ADMIN-PC")  # not a copy in the second folder


def _claim(db: Database, station: str, at: datetime) -> None:
    def tx(conn: sqlite3.Connection) -> None:
        state = dict(read_settings(conn, ("backup_state",))["backup_state"])
        state["claim"] = {"station": station, "at": at.isoformat(),
                          "day": at.date().isoformat()}
        write_settings(conn, {"backup_state": state})
        append_event(conn, station, backup.BACKUP_STARTED, at=at, data={})

    db.write(tx)


def test_a_live_claim_keeps_other_stations_away_until_it_expires(two, folder):
    a, b = two
    _claim(a, "Loket 1", MORNING)  # Loket 1 is copying (or died copying)
    busy = autobackup.run_daily_backup(b, now=MORNING + timedelta(minutes=20), host="ADMIN-PC")
    assert busy.outcome == backup_plan.CLAIMED
    assert copies(folder) == []
    late = autobackup.run_daily_backup(b, now=MORNING + backup_plan.CLAIM_EXPIRES
                                       + timedelta(minutes=1), host="ADMIN-PC")
    assert late.outcome == autobackup.MADE
    assert "claim" not in office.get_settings(a)["backup_state"]


def test_a_folder_out_of_reach_is_a_recorded_failure_tried_again_later(two, folder):
    a, b = two
    folder.rmdir()  # the share is gone
    failed = autobackup.run_daily_backup(a, now=MORNING, host="ADMIN-PC")
    assert failed.outcome == autobackup.FAILED and str(folder) in failed.error
    # a folder that is not there said plainly (any other reason in the system's words)
    assert tr("backup.error.no_such_folder") in failed.error
    assert not folder.exists()  # never created: it would be a local folder, not the share
    (_, station, data), = kinds(a, "backup_failed")
    assert station == "Loket 1" and data["folder"] == str(folder)
    again = autobackup.run_daily_backup(b, now=MORNING + timedelta(minutes=10), host="ADMIN-PC")
    assert again.outcome == backup_plan.FAILED_RECENTLY
    status = autobackup.backup_status(b, now=MORNING + timedelta(minutes=10), host="ADMIN-PC")
    assert "backup.warn.unreachable" in [w.key for w in status.warnings]
    assert status.failed["station"] == "Loket 1"
    folder.mkdir()  # back
    ok = autobackup.run_daily_backup(b, now=MORNING + timedelta(minutes=70), host="ADMIN-PC")
    assert ok.outcome == autobackup.MADE
    status = autobackup.backup_status(b, now=MORNING + timedelta(minutes=71), host="ADMIN-PC")
    assert status.failed is None and status.warnings == ()
    assert status.last.station == "Kiosk" and status.last.file == str(ok.path)


def test_a_local_folder_is_copied_only_by_the_pc_that_chose_it(two, folder):
    a, b = two
    assert office.get_settings(a)["backup_host"] == "ADMIN-PC"
    other = autobackup.run_daily_backup(b, now=MORNING, host="LOKET-2")
    assert other.outcome == backup_plan.OTHER_HOST and copies(folder) == []
    assert autobackup.run_daily_backup(b, now=MORNING, host="admin-pc").outcome == "made"
    # a network folder means the same place on every PC: any station may copy
    assert backup_plan.host_for(r"\\nas\cadangan", "ADMIN-PC") == ""
    assert backup_plan.host_for("//nas/cadangan", "ADMIN-PC") == ""
    assert backup_plan.host_for(r"Z:\cadangan", "ADMIN-PC") == "ADMIN-PC"


def test_no_folder_no_copy(db):
    assert autobackup.run_daily_backup(db, now=MORNING).outcome == backup_plan.NOT_SET
    status = autobackup.backup_status(db, now=MORNING)
    assert [w.key for w in status.warnings] == ["backup.warn.no_folder", "backup.warn.never"]


def test_the_folder_keeps_the_newest_daily_copies(two, folder):
    a, _ = two
    office.set_settings(a, backup_keep=2)
    (folder / "catatan.txt").write_text("not a backup")
    (folder / "office-lama.db").write_bytes(b"kept: not a daily copy's name")
    made = [autobackup.run_daily_backup(a, now=MORNING + timedelta(days=d), host="ADMIN-PC")
            for d in range(3)]
    assert [m.outcome for m in made] == ["made"] * 3
    assert made[2].deleted == (made[0].path,)
    assert sorted(folder.iterdir()) == sorted([made[1].path, made[2].path,
                                               folder / "catatan.txt", folder / "office-lama.db"])


def test_the_retention_purge_covers_the_backup_folder(two, folder):
    a, _ = two
    assert folder in retention.default_backup_dirs(a)


def test_a_backup_older_than_two_days_is_warned_about(two, folder):
    a, _ = two
    autobackup.run_daily_backup(a, now=MORNING, host="ADMIN-PC")
    fresh = autobackup.backup_status(a, now=MORNING + timedelta(days=1, hours=23))
    assert fresh.warnings == ()
    stale = autobackup.backup_status(a, now=MORNING + timedelta(days=3, hours=1))
    assert [(w.key, dict(w.params)) for w in stale.warnings] == [
        ("backup.warn.stale", {"days": 3})]


def test_november_warns_until_next_years_cuti_bersama_are_known(monkeypatch):
    assert workdays.cuti_bersama(2027)  # the package knows 2027's SKB
    assert workdays.cuti_bersama_unknown(date(2026, 12, 1)) is None
    assert workdays.cuti_bersama_unknown(date(2027, 10, 31)) is None  # from November
    real = workdays.cuti_bersama
    monkeypatch.setattr(workdays, "cuti_bersama",
                        lambda year, lang=None: {} if year == 2028 else real(year, lang))
    assert workdays.cuti_bersama_unknown(date(2027, 12, 1)) == 2028
    assert workdays.cuti_bersama_unknown(date(2027, 11, 1)) == 2028
    named = [{"date": "2028-01-02", "name": "Libur kantor"}]
    assert workdays.cuti_bersama_unknown(date(2027, 12, 1), named) == 2028
    named.append({"date": "2028-05-12", "name": "Cuti Bersama Waisak"})
    assert workdays.cuti_bersama_unknown(date(2027, 12, 1), named) is None


def test_check_shows_the_last_backup_and_warns_when_it_is_old(db_path, folder):
    db = open_database(db_path, station="Loket 1", mode="test")
    autobackup.set_backup_folder(db, folder=str(folder))
    old = datetime.now(timezone.utc) - timedelta(days=3, hours=2)
    made = backup.backup_database(db, folder / "office-lama.db", now=old)
    db.close()
    r = run_cli("check", "--db", str(db_path))
    # a file with an old backup is sound (11: the demo file has no root to verify against)
    assert r.returncode == 11, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert any(line.startswith("Cadangan terakhir: ") and str(made) in line for line in lines)
    assert "Peringatan: Cadangan terakhir sudah 3 hari yang lalu" in r.stdout
    report = json.loads(run_cli("check", "--db", str(db_path), "--json").stdout)
    assert report["backup"]["last"]["file"] == str(made)
    assert report["backup"]["warnings"] == ["backup.warn.stale"]
    assert report["reconcile"]["ok"]
    folder.rename(folder.with_name("moved"))
    english = run_cli("--lang", "en", "check", "--db", str(db_path))
    assert f"Warning: The backup folder {folder} cannot be reached" in english.stdout
    assert english.returncode == 11


def test_backup_daily_command_makes_the_copy_once(db_path, folder):
    db = open_database(db_path, station="Loket 1", mode="test")
    autobackup.set_backup_folder(db, folder=str(folder))
    db.close()
    first = run_cli("backup", "--daily", "--db", str(db_path))
    assert first.returncode == 0 and "Cadangan harian dibuat" in first.stdout, first.stderr
    second = run_cli("backup", "--daily", "--db", str(db_path))
    assert "Cadangan hari ini sudah ada." in second.stdout
    assert len(copies(folder)) == 1


def test_a_station_whose_clock_is_behind_does_not_copy_again():
    today = date(2026, 11, 23)
    at = datetime(2026, 11, 23, 0, 5, tzinfo=WIB)
    ahead = {"done_day": "2026-11-24"}  # made by a station already past midnight
    assert backup_plan.not_due(ahead, today=today, now=at) == backup_plan.DONE_TODAY
    claimed = {"done_day": "2026-11-22",
               "claim": {"day": "2026-11-24", "at": (at + timedelta(minutes=3)).isoformat()}}
    assert backup_plan.not_due(claimed, today=today, now=at) == backup_plan.CLAIMED
    assert backup_plan.not_due({"done_day": "2026-11-22"}, today=today, now=at) is None


def test_a_backup_folder_that_is_a_file_is_refused_with_the_reason(db, tmp_path):
    plain = tmp_path / "cadangan.txt"
    plain.write_text("not a folder")
    with pytest.raises(errors.RuleViolation) as info:
        autobackup.set_backup_folder(db, folder=str(plain))
    assert "bukan folder" in str(info.value) and str(plain) in str(info.value)


def test_a_backup_into_a_folder_out_of_reach_names_the_systems_reason(db, tmp_path):
    """The folder is looked at with os.stat, whose error keeps the
    system's (on Windows: WinError's) reason; is_dir() used to hide it."""
    with pytest.raises(errors.ShareUnavailable) as info:
        backup.backup_database(db, tmp_path / "unplugged-usb" / "cadangan.db")
    assert system_reason(tmp_path / "unplugged-usb") in str(info.value)
    assert str(tmp_path / "unplugged-usb") in str(info.value)
