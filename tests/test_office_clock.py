"""One office clock: "today", "this month", printed dates and cut-offs follow the
office's time zone, whatever zone and date the PC itself is set to."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import pytest

from ult_desktop.core import numbering
from ult_desktop.core.dates import day_start_utc, office_month, office_today
from ult_desktop.core.register import RecordInput
from ult_desktop.db import cases, register
from ult_desktop.db.office import set_settings

# 31 Mar 2026 15:30 UTC = 1 Apr 2026 00:30 WIT, while a PC in Los Angeles (UTC-7 in
# DST) reads 31 Mar 08:30 and a PC on UTC reads 31 Mar.
NEAR_MIDNIGHT = datetime(2026, 3, 31, 15, 30, tzinfo=timezone.utc)


@pytest.fixture
def pc_elsewhere(monkeypatch):
    """The PC's zone set far from the office's, and the clock at NEAR_MIDNIGHT."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    monkeypatch.setattr(numbering, "utc_now", lambda: NEAR_MIDNIGHT)
    yield
    monkeypatch.undo()
    time.tzset()  # back to the zone the tests started in


def test_today_and_this_month_are_the_offices(pc_elsewhere):
    assert office_today("WIT") == date(2026, 4, 1)
    assert office_today("WIB") == date(2026, 3, 31)
    assert office_month("WIT") == (date(2026, 4, 1), date(2026, 4, 30))
    assert office_month("WIT", 1) == (date(2026, 3, 1), date(2026, 3, 31))
    assert day_start_utc(date(2026, 4, 1), "WIT") == datetime(2026, 3, 31, 15, 0,
                                                              tzinfo=timezone.utc)


def test_printer_test_ticket_prints_the_office_day(pc_elsewhere):
    from ult_desktop.app.printing import test_ticket_data

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
    shown = cases.open_cases(db, include_closed_since=office_today("WIT"))
    assert [c.record.id for c in shown] == [rec.id]
    shown = cases.open_cases(db, include_closed_since="2026-04-01")
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
                        timeout=10_000)
        page.preset_month(1)
        assert page.period() == (date(2026, 3, 1), date(2026, 3, 31))
    finally:
        station.close()
