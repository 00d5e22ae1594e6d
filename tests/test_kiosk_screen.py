"""Kiosk: a visitor touches a service (or the priority path) and gets one number."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.conftest import roomy_zone
from tests.drivers import (
    FAST,
    WAIT,
    button_status,
    closed_port,
    make_kiosk,
    service_button,
    shown_page,
    survey_responses,
    tickets_of_day,
    update_service,
)
from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import SEAT
from ult_desktop.db import queries
from ult_desktop.db.errors import UltError
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish, skip, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.kiosk.flow import PRIORITY, START, TICKET
from ult_desktop.ui.kiosk.pictograms import ELDERLY, GROUPS


def _tickets(db):
    return tickets_of_day(db)


def test_start_screen_has_one_button_per_service_with_waiting_and_estimate(
        qtbot, request, db, db_path, tmp_path):
    _served(db, "A", minutes=[4, 5, 6, 6, 7, 8])  # recent visits: 4-8 minutes each
    set_settings(db, serving_until="23:59")  # never past closing, whatever the hour
    issue_ticket(db, service="A")
    issue_ticket(db, service="A")
    issue_ticket(db, service="B")
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    assert list(w.view.start_page.buttons) == ["A", "B", "C"]
    a = service_button(w, "A")
    assert a.title == "Layanan Informasi Umum"
    assert a.description == "Informasi, surat, dan pengaduan"
    assert a.color.name() == "#1565c0"
    # the run of the call order (recent visits 4-8 min) at the desks really serving:
    # 2 ahead and the visit at counter 1, the only one that called today
    low, high = (int(x) for x in a.status.split("sekitar ")[1].split(" ")[0].split("–"))
    assert a.status.startswith("2 orang menunggu · sekitar ") and low <= 12 <= high
    # B has no finished visits of its own: the office's (A's) times, counter 1 calling
    # the oldest of A and B
    assert "menit" in button_status(w, "B")
    # C: nobody waits, but nobody sits at a desk serving it yet: no promise
    # C's desks (2 and 3): nobody signed in there, none called today
    assert button_status(w, "C") == "0 orang menunggu · " + tr("kiosk.no_open_counter")
    assert a.isEnabled() and w.view.start_page.priority.isEnabled()
    assert w.view.start_page.title.text() == "Sentuh layanan yang Anda butuhkan"


def _served(db, service: str, *, minutes: list[float]) -> None:
    """Visits of *service* already served, each taking *minutes* at the counter."""
    # the visits lie in today and the band's 40 minutes before closing (23:59) after now,
    # whatever the hour (a quarter of an hour a day has no such zone: skipped)
    start = datetime.now(timezone.utc) - timedelta(minutes=11 * len(minutes) + 25)
    roomy_zone(db, ahead=timedelta(minutes=40), behind=timedelta(minutes=11 * len(minutes) + 30))
    for i, m in enumerate(minutes):
        at = start + timedelta(minutes=11 * i)
        issue_ticket(db, service=service, now=at)
        called = call_next(db, counter=1, now=at + timedelta(minutes=1))
        start_serving(db, number=called.number, now=at + timedelta(minutes=2))
        finish(db, number=called.number,
                    now=at + timedelta(minutes=2) + timedelta(minutes=m))


def test_counts_follow_the_change_feed(qtbot, kiosk, db):
    issue_ticket(db, service="B")  # another station
    qtbot.waitUntil(lambda: "1 orang menunggu" in button_status(kiosk, "B"))
    call_next(db, counter=2)
    qtbot.waitUntil(lambda: "0 orang menunggu" in button_status(kiosk, "B"))


def test_touch_shows_the_number_then_prints_and_returns_to_start(qtbot, kiosk, db, tmp_path):
    """The kiosk (alone in the office) holds A-001..A-012; a ticket issued
    elsewhere meanwhile takes the number after them (A-013); the kiosk's visitor gets
    A-001 from its own disk, and is called after A-013, who came first."""
    qtbot.waitUntil(kiosk.link.holds_numbers)
    assert issue_ticket(db, service="A").number == "A-013"
    qtbot.waitUntil(lambda: "1 orang menunggu" in button_status(kiosk, "A"))
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    tp = kiosk.view.ticket_page
    assert tp.number.text() == "A-001"
    assert tp.service.text() == "Layanan Informasi Umum"
    assert tp.ahead.text() == "Di depan Anda: 1 orang"
    assert tp.estimate.text() == ""  # no visit served yet: no wait is promised
    assert tp.status.text() == "Silakan ambil tiket Anda"
    assert not tp.badge.isVisible()
    qtbot.waitUntil(lambda: kiosk.flow.print_outcome is not None, timeout=WAIT)
    assert kiosk.flow.print_outcome.ok, kiosk.flow.print_outcome
    assert tp.status.text() == "Silakan ambil tiket Anda"
    assert list((tmp_path / "tickets").iterdir()), "virtual printer wrote no preview"
    qtbot.waitUntil(lambda: shown_page(kiosk) == START)
    qtbot.waitUntil(kiosk.accepting)  # a late tap on "Selesai" is ignored a moment
    qtbot.mouseClick(service_button(kiosk, "B"), Qt.LeftButton)  # the next visitor
    # landed with its number, its touch time and its print outcome
    qtbot.waitUntil(lambda: _printed(db, "A-001"), timeout=WAIT)
    assert call_next(db, counter=1).number == "A-013"
    skip(db, counter=1)
    assert call_next(db, counter=1).number == "A-001"


def _print_status(db, number: str) -> str | None:
    """The ticket's print status; "none" while it has not landed yet."""
    try:
        return queries.get_ticket(db, number=number).print_status
    except UltError:
        return "none"


def _printed(db, number: str) -> bool:
    return _print_status(db, number) == "printed"


def test_closing_the_kiosk_writes_the_last_print_confirmation(qtbot, kiosk, db):
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: kiosk.flow.print_outcome is not None, timeout=WAIT)
    assert kiosk.flow.print_outcome.ok, kiosk.flow.print_outcome
    assert queries.get_ticket(db, number="A-001").print_status is None  # kept, not failed
    kiosk.shutdown()
    assert queries.get_ticket(db, number="A-001").print_status == "printed"


def test_one_touch_one_ticket_double_tap_and_bounce(qtbot, kiosk, db):
    button = service_button(kiosk, "C")
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.mouseClick(button, Qt.LeftButton)      # double tap while the first is in flight
    kiosk.touch_service("C")                      # a bouncing screen
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.flow.ignored_touches >= 2
    kiosk.touch_service("C")
    qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)
    assert [t.number for t in _tickets(db)] == ["C-001"]


def test_bounce_on_done_right_after_the_number_is_ignored(qtbot, request, db_path, tmp_path):
    from dataclasses import replace

    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   timings=replace(FAST, guard_ms=3_000, ticket_ms=60_000))
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)
    ignored = w.flow.ignored_touches
    w.view.ticket_page.done.click()  # the same finger bouncing onto "Done"
    assert shown_page(w) == TICKET and w.flow.ignored_touches == ignored + 1


def test_a_new_visitor_after_the_guard_gets_the_next_number(qtbot, kiosk, db):
    for expected in ("B-001", "B-002"):
        qtbot.waitUntil(kiosk.accepting, timeout=WAIT)
        qtbot.mouseClick(service_button(kiosk, "B"), Qt.LeftButton)
        qtbot.waitUntil(lambda n=expected: shown_page(kiosk) == TICKET and
                        kiosk.view.ticket_page.number.text() == n)
        qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)
    qtbot.waitUntil(lambda: len(_tickets(db)) == 2)  # landed from the kiosk's journal


def test_print_failure_keeps_number_longer_and_is_recorded(qtbot, request, db, db_path,
                                                           tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   printer_url=f"tcp://127.0.0.1:{closed_port()}?timeout=3")
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)
    qtbot.waitUntil(lambda: w.flow.print_outcome is not None, timeout=WAIT)
    tp = w.view.ticket_page
    assert not w.flow.print_outcome.ok
    assert tp.number.text() == "A-001"
    assert tp.status.text() == tr("kiosk.ticket.not_printed")
    assert w.return_timer.isActive()
    assert w.return_timer.interval() == FAST.not_printed_ms > FAST.ticket_ms
    # written at once: the counters and admin see the failure (landing after the answer)
    qtbot.waitUntil(lambda: _print_status(db, "A-001") == "failed", timeout=WAIT)
    ticket = queries.get_ticket(db, number="A-001")
    assert ticket.print_error
    kinds = [r["kind"] for r in db.query("SELECT kind FROM events WHERE ticket_id = ?",
                                         (ticket.id,))]
    assert "print_failed" in kinds
    qtbot.waitUntil(lambda: shown_page(w) == START, timeout=WAIT)


def test_without_printer_the_visitor_is_asked_to_note_the_number(qtbot, request, db, db_path,
                                                                 tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path, printer_url="none")
    qtbot.mouseClick(service_button(w, "B"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)
    assert w.view.ticket_page.status.text() == "Silakan catat nomor Anda dan tunggu panggilan"
    qtbot.waitUntil(lambda: _print_status(db, "B-001") != "none", timeout=WAIT)  # landed
    assert queries.get_ticket(db, number="B-001").print_status is None  # nothing printed
    # a regular visitor reads when priority may go first
    assert w.view.ticket_page.go_to.text() == "Prioritas kelompok rentan dipanggil lebih dulu" \
        + tr("priority.promise", min=10)  # the rule, with the office's promise


def test_priority_path_by_pictogram_issues_a_priority_ticket(qtbot, kiosk, db):
    issue_ticket(db, service="B")
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    assert shown_page(kiosk) == PRIORITY
    pp = kiosk.view.priority_page
    assert set(pp.group_buttons) == set(GROUPS)
    assert pp.group_buttons[ELDERLY].label == "Lanjut usia"
    qtbot.mouseClick(pp.group_buttons[ELDERLY], Qt.LeftButton)
    assert pp.steps.currentIndex() == 1
    assert list(pp.buttons) == ["A", "B", "C"]
    qtbot.mouseClick(service_button(kiosk, "B", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.number.text() == "P-001"
    assert kiosk.view.ticket_page.badge.isVisible()
    assert kiosk.view.ticket_page.ahead.text() == "Anda berikutnya dipanggil"  # before B-001
    qtbot.waitUntil(lambda: _print_status(db, "P-001") != "none", timeout=WAIT)
    ticket = queries.get_ticket(db, number="P-001")
    assert ticket.priority and ticket.service_prefix == "B"
    assert ticket.priority_group == ELDERLY


def test_priority_back_steps_out(qtbot, kiosk):
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(kiosk.view.priority_page.group_buttons["children"], Qt.LeftButton)
    qtbot.mouseClick(kiosk.view.priority_page.back, Qt.LeftButton)
    assert kiosk.view.priority_page.steps.currentIndex() == 0
    qtbot.mouseClick(kiosk.view.priority_page.back, Qt.LeftButton)
    assert shown_page(kiosk) == START


def test_priority_with_one_open_service_still_asks_how_the_visitor_is_met(qtbot, kiosk, db):
    update_service(db, "A", active=0)
    update_service(db, "C", active=0)
    qtbot.waitUntil(lambda: list(kiosk.view.start_page.buttons) == ["B"])
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    pp = kiosk.view.priority_page
    qtbot.mouseClick(pp.group_buttons["disability"], Qt.LeftButton)
    assert pp.steps.currentIndex() == 1 and pp.seat.isVisible() and pp.deaf.isVisible()
    assert list(pp.buttons) == ["B"]  # the one service, after the seat and Deaf choices
    qtbot.mouseClick(pp.seat, Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "B", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.number.text() == "P-001"
    assert kiosk.flow.issued.ticket.assist == {SEAT}
    assert kiosk.view.ticket_page.assist_note.text() == "Silakan duduk, petugas akan menjemput Anda"


def test_an_unfinished_visit_returns_to_start(qtbot, kiosk):
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    assert shown_page(kiosk) == PRIORITY
    qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)


def test_english_toggle_and_back_to_indonesian_for_the_next_visitor(qtbot, kiosk):
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)
    assert kiosk.view.start_page.title.text() == "Touch the service you need"
    assert service_button(kiosk, "A").title == "General Information"
    assert kiosk.view.start_page.priority.title == "Priority Service"
    assert kiosk.view.lang_button.text() == "Bahasa Indonesia"
    assert "waiting" in button_status(kiosk, "A")
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.heading.text() == "Your Queue Number"
    assert kiosk.view.ticket_page.ahead.text() == "You are next"
    qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)
    assert kiosk.view.start_page.title.text() == "Sentuh layanan yang Anda butuhkan"
    assert service_button(kiosk, "A").title == "Layanan Informasi Umum"


def test_language_left_on_english_reverts_when_idle(qtbot, kiosk):
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)
    assert kiosk.view.lang == "en"
    qtbot.waitUntil(lambda: kiosk.view.lang == "id", timeout=WAIT)


def test_survey_button_opens_the_survey_on_the_kiosk(qtbot, kiosk, db):
    from ult_desktop.db.house.office import set_settings

    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    assert kiosk.view.survey_button.isVisible()
    qtbot.mouseClick(kiosk.view.survey_button, Qt.LeftButton)
    page = kiosk.survey_page
    assert kiosk.view.pages.currentWidget() is page and page.back.isVisible()
    flow = page.flow
    flow.start_page.code_edit.setText(ticket.code)
    qtbot.mouseClick(flow.start_page.go, Qt.LeftButton)
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.profile_page, timeout=WAIT)
    for buttons in flow.profile_page.buttons.values():
        qtbot.mouseClick(buttons["x"], Qt.LeftButton)
    qtbot.mouseClick(flow.profile_page.next, Qt.LeftButton)
    for _ in range(9):
        qtbot.mouseClick(flow.question_page.answer_buttons[2], Qt.LeftButton)
    qtbot.mouseClick(flow.suggestion_page.send, Qt.LeftButton)
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.thanks_page, timeout=WAIT)
    # the answer waits in the kiosk's queue for its batch
    assert survey_responses(db, date_from=ticket.day, date_to=ticket.day) == []
    next_month = (datetime.now(timezone.utc).replace(day=1) + timedelta(days=32)).replace(day=2)

    set_settings(db, skm_min_group=1)  # a group of one: written (it never is alone)
    assert flow.queue.flush(db, now=next_month) == 1
    [response] = survey_responses(db, date_from=ticket.day, date_to=ticket.day)
    assert response.source == "kiosk" and response.answers == (3,) * 9
    flow.thanks_timer.timeout.emit()  # the thank-you time is over: back to the start
    assert shown_page(kiosk) == START
    # "Kembali" on the code screen leaves too, forgetting what was typed
    qtbot.mouseClick(kiosk.view.survey_button, Qt.LeftButton)
    flow.start_page.code_edit.setText("ABCD")
    qtbot.mouseClick(page.back, Qt.LeftButton)
    assert shown_page(kiosk) == START and flow.start_page.code_edit.text() == ""
    set_settings(db, survey_enabled=False)
    qtbot.waitUntil(lambda: not kiosk.view.survey_button.isVisible())


def test_bad_printer_url_is_shown_and_recorded(qtbot, request, db, db_path, tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path, printer_url="bogus://printer")
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: w.flow.print_outcome is not None, timeout=WAIT)
    assert w.view.ticket_page.status.text() == tr("kiosk.ticket.not_printed")
    # the ticket and its failure land from the kiosk's journal
    qtbot.waitUntil(lambda: _print_status(db, "A-001") == "failed", timeout=WAIT)
    ticket = queries.get_ticket(db, number="A-001")
    assert ticket.print_status == "failed" and ticket.print_error


def test_priority_page_closes_when_the_office_closes(qtbot, request, db, db_path, tmp_path):
    from dataclasses import replace

    from ult_desktop.db.house.office import set_settings

    kiosk = make_kiosk(qtbot, request, db_path, tmp_path,
                       timings=replace(FAST, idle_ms=60_000))
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    assert shown_page(kiosk) == PRIORITY
    set_settings(db, enforce_hours=True, open_days=[])
    qtbot.waitUntil(lambda: shown_page(kiosk) == START)
    assert kiosk.view.start_page.notice.text() == "Layanan hari ini telah ditutup"


def test_a_late_tap_on_done_after_the_auto_return_opens_nothing(qtbot, request, db_path,
                                                                tmp_path):
    """\"Selesai\" sits over the start page's priority banner; the visitor's tap
    that comes just after the number went away must not open the priority path."""
    from dataclasses import replace

    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   timings=replace(FAST, ticket_ms=200, return_guard_ms=60_000))
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)
    qtbot.waitUntil(lambda: w.view.ticket_page.done.isVisible())
    done_at = w.view.ticket_page.done.mapTo(w, w.view.ticket_page.done.rect().center())
    qtbot.waitUntil(lambda: shown_page(w) == START, timeout=WAIT)  # the auto-return
    ignored = w.flow.ignored_touches
    target = w.childAt(done_at) or w.view.start_page.priority  # what the finger lands on
    qtbot.mouseClick(target, Qt.LeftButton, pos=target.mapFrom(w, done_at))
    qtbot.mouseClick(w.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(service_button(w, "B"), Qt.LeftButton)
    assert shown_page(w) == START and w.flow.ignored_touches >= ignored + 2
    assert w.flow.in_flight is False


@pytest.mark.parametrize("size", [(1366, 160), (540, 160)])
def test_the_priority_door_shows_every_groups_pictogram(qtbot, monkeypatch, size):
    """The door drew four pictograms for the five groups
    its subtitle names; now each group has its own, wide (a row) or narrow (3 over 2)."""
    from ult_desktop.ui.kiosk import widgets

    drawn = []
    real = widgets.draw_pictogram
    monkeypatch.setattr(widgets, "draw_pictogram",
                        lambda p, rect, kind, color: (drawn.append(kind),
                                                      real(p, rect, kind, color)))
    door = widgets.PriorityButton()
    qtbot.addWidget(door)
    door.set_content(title="Layanan Prioritas", subtitle="…", enabled=True)
    door.resize(*size)
    door.grab()
    assert drawn == list(GROUPS)


def test_the_priority_path_issues_from_held_numbers_while_the_share_is_away(qtbot, kiosk, db):
    """SOP 004 steps 1-3 go on through an outage: the priority path asks "can this kiosk
    issue?" as the service tiles do, not "is the share reachable?"."""
    from ult_desktop.ui.common.station import UNAVAILABLE

    qtbot.waitUntil(kiosk.link.holds_numbers)
    kiosk.link.station.connection_changed.emit(UNAVAILABLE, "")
    qtbot.waitUntil(lambda: not kiosk.link.online)
    assert kiosk.link.can_issue()
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    assert shown_page(kiosk) == PRIORITY
    qtbot.mouseClick(kiosk.view.priority_page.group_buttons[ELDERLY], Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "B", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.number.text() == "P-001"  # a held number: no share asked
