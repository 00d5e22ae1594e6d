"""One office clock: "today", "this month", printed dates and cut-offs follow the
office's time zone, whatever zone and date the PC itself is set to."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import pytest

from tests.drivers import WAIT
from ult_desktop.core import numbering, skm
from ult_desktop.core.dates import day_start_utc, month_range, office_today
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.visit import cases, register

# 31 Mar 2026 15:30 UTC = 1 Apr 2026 00:30 WIT, while a PC in Los Angeles (UTC-7 in
# DST) reads 31 Mar 08:30 and a PC on UTC reads 31 Mar.
NEAR_MIDNIGHT = datetime(2026, 3, 31, 15, 30, tzinfo=timezone.utc)


def _can_move_the_pcs_zone() -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset does not exist on Windows: a test cannot move the PC's zone")


@pytest.fixture
def pc_elsewhere(monkeypatch):
    """The PC's zone set far from the office's, and the clock at NEAR_MIDNIGHT."""
    _can_move_the_pcs_zone()
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    monkeypatch.setattr(numbering, "utc_now", lambda: NEAR_MIDNIGHT)
    yield
    monkeypatch.undo()
    time.tzset()  # back to the zone the tests started in


def test_today_and_this_month_are_the_offices(pc_elsewhere):
    assert office_today("WIT") == date(2026, 4, 1)
    assert office_today("WIB") == date(2026, 3, 31)
    assert month_range(office_today("WIT")) == (date(2026, 4, 1), date(2026, 4, 30))
    assert month_range(office_today("WIT"), 1) == (date(2026, 3, 1), date(2026, 3, 31))
    assert day_start_utc(date(2026, 4, 1), "WIT") == datetime(2026, 3, 31, 15, 0,
                                                              tzinfo=timezone.utc)


def test_printer_test_ticket_prints_the_office_day(pc_elsewhere):
    from ult_desktop.app.print_service import test_ticket_data

    data = test_ticket_data({"timezone": "WIT"}, now=NEAR_MIDNIGHT)
    assert data.day == "2026-04-01"
    assert data.local_time().date() == date(2026, 4, 1)


def test_cases_closed_today_means_since_the_offices_midnight(db, pc_elsewhere):
    set_settings(db, timezone="WIT")
    rec = register.save_record(db, record=RecordInput(visitor_name="Yohanes", phone="0812345678"),
                               channel="phone", service="A")
    before = register.save_record(db, record=RecordInput(visitor_name="Maria",
                                                         phone="0812345679"),
                                  channel="phone", service="A")
    for record, closed in ((rec, datetime(2026, 3, 31, 15, 10, tzinfo=timezone.utc)),
                           (before, datetime(2026, 3, 31, 14, 50, tzinfo=timezone.utc))):
        case = cases.open_case(db, record_id=record.id, now=closed)
        cases.answer_case(db, case_id=case.id, answer="ok", now=closed)
        cases.close_case(db, case_id=case.id, now=closed)
    # 15:10 UTC is 00:10 WIT on 1 April: closed "today"; 14:50 UTC was still 31 March.
    shown = db.read(lambda c: cases.read_open_cases(c, include_closed_since=office_today("WIT")))
    assert [c.record.id for c in shown] == [rec.id]
    shown = db.read(lambda c: cases.read_open_cases(c, include_closed_since=date(2026, 4, 1)))
    assert [c.record.id for c in shown] == [rec.id]


def test_admin_reports_this_month_is_the_offices_month(qtbot, db, db_path, pc_elsewhere):
    from ult_desktop.ui.admin.reports import ReportsPage
    from ult_desktop.ui.common.station import Station

    set_settings(db, timezone="WIT")
    station = Station(db_path, station_id="admin-clock", mode="admin")
    try:
        page = ReportsPage(station)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.period() == (date(2026, 4, 1), date(2026, 4, 30)),
                        timeout=WAIT)
        page.preset_month(1)
        assert page.period() == (date(2026, 3, 1), date(2026, 3, 31))
    finally:
        station.close()


# -- file names and cut-offs on the office clock -------------------------------------------

def test_backup_names_carry_the_office_time_not_the_pcs(db, db_path, pc_elsewhere, capsys):
    from ult_desktop.cli import main
    from ult_desktop.db.keeping.backup import default_backup_path

    # the PC reads 31 Mar 08:30 (Los Angeles); the office (WIT) is at 1 Apr 00:30
    assert default_backup_path(db_path, "WIT").name == f"{db_path.stem}-20260401-003000.db"
    assert default_backup_path(db_path, "WIB").name == f"{db_path.stem}-20260331-223000.db"
    set_settings(db, timezone="WIT")
    assert main(["backup", "--db", str(db_path)]) == 0
    made = db_path.parent / "backup" / f"{db_path.stem}-20260401-003000.db"
    assert made.exists() and str(made) in capsys.readouterr().out


def test_the_admin_backup_page_offers_the_office_time(qtbot, db, db_path, pc_elsewhere):
    from ult_desktop.ui.admin.backup import BackupPage
    from ult_desktop.ui.common.station import Station

    set_settings(db, timezone="WIT")
    station = Station(db_path, station_id="admin-backup-clock", mode="admin")
    try:
        page = BackupPage(station)
        qtbot.addWidget(page)
        page.load()
        qtbot.waitUntil(lambda: page.target.text().endswith("-20260401-003000.db"),
                        timeout=WAIT)
    finally:
        station.close()


def test_the_copy_kept_before_a_restore_is_named_by_the_office_clock(db, tmp_path,
                                                                     pc_elsewhere):
    from ult_desktop.db.keeping import backup

    set_settings(db, timezone="WIT")
    source = backup.backup_database(db, tmp_path / "earlier.db")
    kept = backup.restore_database(db, source, now=NEAR_MIDNIGHT)
    assert kept.name == f"{db.path.stem}.before-restore-20260401-003000{db.path.suffix}"
    assert kept.exists()


def test_retention_deletes_backups_by_the_offices_midnight(db, db_path, tmp_path,
                                                           pc_elsewhere):
    import os

    from ult_desktop.db.keeping import backup
    from ult_desktop.db.privacy import retention

    set_settings(db, timezone="WIT")
    folder = tmp_path / "backups"
    folder.mkdir()
    # cut-off 1 Jan 2026: its office midnight (WIT) is 31 Dec 15:00 UTC; the PC's own
    # midnight (Los Angeles) would be 1 Jan 08:00 UTC
    before = backup.backup_database(db, folder / "before.db")
    after = backup.backup_database(db, folder / "after.db")
    for path, written in ((before, datetime(2025, 12, 31, 14, 0, tzinfo=timezone.utc)),
                          (after, datetime(2025, 12, 31, 20, 0, tzinfo=timezone.utc))):
        os.utime(path, (written.timestamp(), written.timestamp()))
    report = retention.purge_personal_data(db, before_day="2026-01-01", rewrite=False,
                                       backup_dirs=[folder])
    assert report.backups_deleted == [before]  # 23:00 WIT on 31 Dec: past retention
    assert after.exists()                       # 05:00 WIT on 1 Jan: kept (and purged)


def test_skm_entry_offers_the_offices_month(qtbot, db, db_path, pc_elsewhere):
    from ult_desktop.ui.common.station import Station
    from ult_desktop.ui.survey.paper_entry import PaperEntryForm

    set_settings(db, timezone="WIT")
    station = Station(db_path, station_id="skm-clock", mode="admin")
    try:
        form = PaperEntryForm(station)
        qtbot.addWidget(form)
        qtbot.waitUntil(lambda: form.month.text() == "2026-04", timeout=WAIT)
    finally:
        station.close()


def test_skm_page_opens_on_the_offices_latest_closed_period(qtbot, db, db_path, monkeypatch):
    from ult_desktop.ui.admin.skm import SkmPage
    from ult_desktop.ui.common.station import Station

    # 31 Dec 2026 16:00 UTC: already 2027 in WIT, still 2026 in WIB and on a PC in Los
    # Angeles: the office's latest closed period is the year 2026, not its first half
    _can_move_the_pcs_zone()
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    monkeypatch.setattr(numbering, "utc_now",
                        lambda: datetime(2026, 12, 31, 16, 0, tzinfo=timezone.utc))
    set_settings(db, timezone="WIT")
    station = Station(db_path, station_id="skm-year-clock", mode="admin")
    try:
        page = SkmPage(station)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.period == skm.ReportPeriod(2026), timeout=WAIT)
    finally:
        station.close()
        monkeypatch.undo()
        time.tzset()


def test_virtual_printer_names_previews_by_the_office_clock(tmp_path, pc_elsewhere):
    from ult_desktop.app.print_service import test_ticket_data
    from ult_desktop.devices.printer.jobs import PrintJob, run_job
    from ult_desktop.devices.printer.url import parse_printer_url

    job = PrintJob(parse_printer_url(f"virtual://{tmp_path}"),
                   test_ticket_data({"timezone": "WIT"}, now=NEAR_MIDNIGHT))
    result = run_job(job)
    assert result.ok, result
    assert [p.name for p in tmp_path.glob("*.png")] == ["ticket_A-123_20260401-003000.png"]
