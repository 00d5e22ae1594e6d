"""Backup on the screens: the admin picks the second folder on the Backup page,
any running station makes the day's copy off the GUI thread, the page shows "Cadangan
terakhir" and what to act on; the Holidays page warns in December."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, open_page, signed_in
from ult_desktop.core import workdays
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.db.keeping import autobackup, backup
from ult_desktop.db.open import open_database
from ult_desktop.ui.admin.backup import BackupPage
from ult_desktop.ui.admin.holidays import HolidaysPage
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.common.this_pc import ThisPC


@pytest.fixture
def page(qtbot, admin_ws):
    return open_page(qtbot, admin_ws, BackupPage)


@pytest.fixture
def other(db_path):
    database = open_database(db_path, station="display-1", mode="display")
    yield database
    database.close()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "cadangan"
    path.mkdir()
    return path


def test_the_admin_chooses_the_folder_and_this_station_makes_the_copy(
        qtbot, admin_window, page, other, folder, monkeypatch):
    box = page.daily
    assert box.last.text() == tr("backup.last_never")
    assert tr("backup.warn.no_folder") in box.warnings.text()
    box.folder.setText(str(folder))
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        qtbot.mouseClick(box.save_button, Qt.LeftButton)
    settings = office.get_settings(other)
    assert settings["backup_folder"] == str(folder)
    assert settings["backup_host"] == autobackup.this_host()  # a local folder: this PC's
    qtbot.waitUntil(lambda: box.who.text() == tr("backup.daily.by_host",
                                                 host=autobackup.this_host()))
    threads = []
    real = autobackup.run_daily_backup

    def spy(db, **kw):
        threads.append(threading.current_thread())
        return real(db, **kw)

    monkeypatch.setattr(autobackup, "run_daily_backup", spy)
    admin_window.pc.daily_backup.look()  # what the station's timer does
    qtbot.waitUntil(lambda: str(folder) in box.last.text(), timeout=WAIT)
    made, = folder.glob("office-*.db")
    assert backup.inspect_backup(made).office_name
    assert threads and threads[0] is not threading.main_thread()
    assert box.last.text().startswith(tr("backup.last", when="", where="")[:19])
    assert not box.warnings.isVisible() and box.warnings.text() == ""
    admin_window.pc.daily_backup.look()  # again the same day: nothing more
    qtbot.waitUntil(lambda: not admin_window.pc.daily_backup.busy)
    assert list(folder.glob("office-*.db")) == [made] and len(threads) == 1


def test_any_running_station_makes_the_copy_into_a_network_folder(qtbot, db_path, other,
                                                                  folder):
    office.set_settings(other, backup_folder=str(folder), backup_host="")  # as for \\nas\x
    station = Station(db_path, station_id="Loket 1", mode="counter")
    pc = ThisPC(station)  # as each mode's window builds it
    try:
        with qtbot.waitSignal(pc.daily_backup.finished, timeout=WAIT) as made:
            pc.daily_backup.look()
        assert made.args[0].outcome == autobackup.MADE
        assert made.args[0].path.parent == folder
    finally:
        station.close()
    last = autobackup.backup_status(other).last
    assert last.station == "Loket 1" and last.auto


def test_the_page_warns_about_an_old_backup_and_a_folder_out_of_reach(qtbot, admin_window, other,
                                                                     folder, db_path):
    autobackup.set_backup_folder(other, folder=str(folder), host=autobackup.this_host())
    old = datetime.now(timezone.utc) - timedelta(days=4)
    backup.backup_database(other, folder / "office-lama.db", now=old)
    folder.rename(folder.with_name("moved"))
    page = open_page(qtbot, signed_in(qtbot, admin_window), BackupPage)
    text = page.daily.warnings.text()
    assert tr("backup.warn.unreachable", folder=str(folder)) in text
    assert tr("backup.warn.stale", days=4) in text
    assert "office-lama.db" in page.daily.last.text()


def test_holidays_page_warns_from_november_until_next_years_cuti_bersama_are_entered(
        qtbot, db_path, monkeypatch):
    real = workdays.cuti_bersama
    monkeypatch.setattr(workdays, "cuti_bersama",
                        lambda year, lang=None: {} if year == 2028 else real(year, lang))
    station = Station(db_path, station_id="admin-test", mode="admin")
    try:
        holidays = HolidaysPage(station, today=date(2027, 12, 1))
        qtbot.addWidget(holidays)
        with qtbot.waitSignal(holidays.loaded, timeout=WAIT):
            holidays.load()
        assert not holidays.cuti_warning.isHidden()
        assert "Cuti bersama 2028 belum diketahui" in holidays.cuti_warning.text()
        holidays.year.setValue(2028)
        holidays.day.setDate(date(2028, 1, 3))
        holidays.day_name.setText("Cuti bersama Tahun Baru")
        holidays.add_day()
        assert holidays.cuti_warning.isHidden()
        october = HolidaysPage(station, today=date(2027, 10, 31))
        qtbot.addWidget(october)
        with qtbot.waitSignal(october.loaded, timeout=WAIT):
            october.load()
        assert october.cuti_warning.isHidden()
        # from November, entered by hand in one step: a range of days
        november = HolidaysPage(station, today=date(2027, 11, 2))
        qtbot.addWidget(november)
        with qtbot.waitSignal(november.loaded, timeout=WAIT):
            november.load()
        assert not november.cuti_warning.isHidden() and not november.cuti_button.isHidden()
        november.cuti_button.click()
        assert november.year.value() == 2028 and november.day_name.text() == "Cuti bersama"
        november.day.setDate(date(2028, 5, 22))      # Monday ...
        november.until.setDate(date(2028, 5, 28))    # ... to Sunday
        november.add_day()
        official = workdays.official_holidays(2028)
        expected = [date(2028, 5, d) for d in range(22, 27) if date(2028, 5, d) not in official]
        assert sorted(november.extra) == expected  # working days only, none built in
        assert tr("admin.holidays.added_range", n=len(expected)) == november.status.text()
        assert november.cuti_warning.isHidden()
        with qtbot.waitSignal(november.saved, timeout=WAIT):
            november.save()
    finally:
        station.close()
