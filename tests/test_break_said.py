"""The office's day said where visitors and officers look: the break on the kiosk's
service tiles and the TV while it is on or near, nowhere when it is far; the planned
pause (an apel, a meeting) set in Admin > Profil; a visitor told she may not be served
today offered a booked visit at the counter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QDate

from tests.conftest import ZONES
from tests.drivers import (
    WAIT,
    button_status,
    child,
    login,
    make_kiosk,
    open_page,
    press,
    waiting_list,
)
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.ui.admin.profile import ProfilePage
from ult_desktop.ui.counter.waiting_lists import BOOK_LINK


def _break_around_now(db, minutes_before: int, minutes_after: int) -> str | None:
    """Sets a zone whose day holds the whole daily break from *minutes_before* now to
    *minutes_after* it (negative: the break is ahead, or over) and returns the break as the
    screens say it; None when no office zone's day holds it at this hour (a break five
    hours ahead, late in the evening)."""
    now = datetime.now(timezone.utc)
    for zone, hours in ZONES.items():
        local = now.astimezone(timezone(timedelta(hours=hours)))
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        start = local - timedelta(minutes=minutes_before)
        end = local + timedelta(minutes=minutes_after)
        if midnight <= start < end <= midnight.replace(hour=23, minute=59):
            office.set_settings(db, timezone=zone,
                                break_daily=f"{start:%H:%M}-{end:%H:%M}", break_friday="")
            return tr("hours.break", start=f"{start:%H.%M}", end=f"{end:%H.%M}")
    return None


def test_the_kiosk_tiles_say_the_break_while_it_is_on(qtbot, request, db, db_path, tmp_path):
    said = _break_around_now(db, 10, 30)
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: button_status(w, "A").endswith(" · " + said), timeout=WAIT)
    assert said.startswith("Istirahat ")


def test_the_kiosk_tiles_say_nothing_of_a_break_hours_away(qtbot, request, db, db_path,
                                                            tmp_path):
    # begins in five hours, or (late in the day) it ended five hours ago
    assert _break_around_now(db, -300, 400) or _break_around_now(db, 400, -300)
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(lambda: button_status(w, "A") != "", timeout=WAIT)
    assert "Istirahat" not in button_status(w, "A")


def test_the_tv_says_the_break_when_it_is_near(db, open_display, qtbot):
    office.set_settings(db, running_text="Selamat datang")
    w = open_display()
    said = _break_around_now(db, -20, 60)  # begins in 20 minutes
    assert said
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


def test_the_counter_offers_a_booked_visit_to_one_told_not_today(qtbot, make_window, db):
    """Two wait, one whose paper said she may not be served today: the list says so on
    her row only; called to the desk, the card offers her a booked visit, and its link
    opens the cases, where the visit is booked."""
    from ult_desktop.core.band import NOT_TODAY
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import record_print_result

    told = issue_ticket(db, service="A")
    record_print_result(db, ticket_id=told.id, ok=True, printer="usb://x",
                        band=NOT_TODAY)
    other = issue_ticket(db, service="A")
    record_print_result(db, ticket_id=other.id, ok=True, printer="usb://x",
                        band=(10, 20))
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    table = waiting_list(w)
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=WAIT)
    notes = {table.text(r, 0): table.text(r, 3) for r in range(2)}
    assert tr("counter.queue.not_today") in notes[told.number]
    assert tr("counter.queue.not_today") not in notes[other.number]
    press(qtbot, child(w, "btn_call_next"))
    card = child(w, "current_followup")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    assert w.queue.current().id == told.id
    assert card.text().startswith("Kertasnya: mungkin tidak terlayani hari ini")
    assert tr("counter.visit.button") in card.text() and card.isVisibleTo(w)
    card.linkActivated.emit(BOOK_LINK)
    assert w.tabs.currentWidget() is w.cases
