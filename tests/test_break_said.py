"""The office's break said where visitors look before and while they wait: the kiosk's
service tiles and the TV while the break is on or near, nowhere when it is far; the
planned pause (an apel, a meeting) set in Admin > Profil."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QDate

from tests.conftest import ZONES
from tests.drivers import WAIT, button_status, make_kiosk, open_page
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.ui.admin.profile import ProfilePage


def _break_around_now(db, minutes_before: int, minutes_after: int) -> str:
    """Sets a zone whose clock is clear of midnight and the daily break from
    *minutes_before* now to *minutes_after* it (negative: the break is ahead); returns
    the break as the screens say it."""
    now = datetime.now(timezone.utc)
    zone = next(z for z, h in ZONES.items()
                if timedelta(minutes=20) <= now + timedelta(hours=h) - (now + timedelta(
                    hours=h)).replace(hour=0, minute=0, second=0, microsecond=0)
                <= timedelta(hours=23, minutes=20))
    local = now.astimezone(timezone(timedelta(hours=ZONES[zone])))
    start = max(local - timedelta(minutes=minutes_before),
                local.replace(hour=0, minute=0, second=0, microsecond=0))
    end = min(local + timedelta(minutes=minutes_after), local.replace(hour=23, minute=59))
    office.set_settings(db, timezone=zone,
                        break_daily=f"{start:%H:%M}-{end:%H:%M}", break_friday="")
    return tr("hours.break", start=f"{start:%H.%M}", end=f"{end:%H.%M}")


def test_the_kiosk_tiles_say_the_break_while_it_is_on(qtbot, request, db, db_path, tmp_path):
    said = _break_around_now(db, 10, 30)
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: button_status(w, "A").endswith(" · " + said), timeout=WAIT)
    assert said.startswith("Istirahat ")


def test_the_kiosk_tiles_say_nothing_of_a_break_hours_away(qtbot, request, db, db_path,
                                                            tmp_path):
    _break_around_now(db, -300, 400)  # begins in five hours (or never today)
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: button_status(w, "A") != "", timeout=WAIT)
    assert "Istirahat" not in button_status(w, "A")


def test_the_tv_says_the_break_when_it_is_near(db, open_display, qtbot):
    office.set_settings(db, running_text="Selamat datang")
    w = open_display()
    said = _break_around_now(db, -20, 60)  # begins in 20 minutes
    qtbot.waitUntil(lambda: w.marquee.text == f"{said}   •   Selamat datang", timeout=WAIT)
    office.set_settings(db, break_daily="")
    qtbot.waitUntil(lambda: w.marquee.text == "Selamat datang", timeout=WAIT)


def test_admin_plans_a_pause_for_a_counter_and_the_day(qtbot, admin_ws, db):
    page = open_page(qtbot, admin_ws, ProfilePage)
    pause = page.planned_pause
    assert pause.span.text() == "" and pause.counters.text() == ""
    pause.day.setDate(QDate(2026, 3, 4))
    pause.span.setText("10:00 - 11:30")
    pause.counters.setText("2, 3")
    pause.reason.setText("rapat")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    assert office.get_settings(db)["planned_pause"] == {
        "day": "2026-03-04", "span": "10:00-11:30", "counters": [2, 3], "reason": "rapat"}
    pause.counters.setText("loket dua")
    page.save()
    assert page.status.text() == tr("admin.profile.pause_counters_bad")
    pause.counters.setText("")
    pause.span.setText("")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    assert office.get_settings(db)["planned_pause"] == {}
