"""The priority rule an office chooses, published on the TV, the kiosk and the
ticket, and the order the counters call a mixed queue in, as published."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, make_kiosk, service_button, shown_page
from ult_desktop.app.print_service import ticket_print_data
from ult_desktop.core.i18n import tr
from ult_desktop.core.queue import PriorityOrder, order_text
from ult_desktop.core.ticket_layout import build_layout
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.kiosk.flow import TICKET

pytestmark = [pytest.mark.engines, pytest.mark.qt_log_ignore("propagateSizeHints")]

WIB = timezone(timedelta(hours=7))
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)


def _mixed_queue(db) -> None:
    """A-001..A-004 regular at 08:00-08:03, then two priority visitors (P-001, P-002)
    at 08:04 and 08:05, then A-005 at 08:06."""
    for i in range(4):
        issue_ticket(db, service="A", now=T0 + timedelta(minutes=i))
    for i in (4, 5):
        issue_ticket(db, service="A", priority_group="lansia",
                          now=T0 + timedelta(minutes=i))
    issue_ticket(db, service="A", now=T0 + timedelta(minutes=6))


def _calls(db, at: datetime, n: int) -> list[str]:
    """*n* visitors called one after another at Loket 1 (each finished at once)."""
    out = []
    for k in range(n):
        ticket = call_next(db, counter=1, now=at + timedelta(minutes=k))
        out.append(ticket.number)
        finish(db, counter=1, now=at + timedelta(minutes=k, seconds=30))
    return out


@pytest.fixture
def everywhere(db):
    """Priority tickets may be called at Loket 1 (the rule, not the priority counter)."""
    set_settings(db, priority_policy="first_everywhere")
    return db


def test_always_first(everywhere):
    set_settings(everywhere, priority_order="always")
    _mixed_queue(everywhere)
    assert _calls(everywhere, T0 + timedelta(minutes=10), 7) == [
        "P-001", "P-002", "A-001", "A-002", "A-003", "A-004", "A-005"]


def test_one_priority_after_every_two_regular(everywhere):
    set_settings(everywhere, priority_order="ratio:2")
    _mixed_queue(everywhere)
    assert _calls(everywhere, T0 + timedelta(minutes=10), 7) == [
        "A-001", "A-002", "P-001", "A-003", "A-004", "P-002", "A-005"]


def test_priority_waits_its_turn_then_goes_first_after_ten_minutes(everywhere):
    set_settings(everywhere, priority_order="after:10")
    _mixed_queue(everywhere)
    # at 08:10 nobody priority has waited 10 minutes: in turn
    assert _calls(everywhere, T0 + timedelta(minutes=10), 2) == ["A-001", "A-002"]
    # at 08:14 P-001 (08:04) has: it goes first; P-002 (08:05) too from 08:15
    assert _calls(everywhere, T0 + timedelta(minutes=14), 3) == ["P-001", "P-002", "A-003"]


def test_a_rule_that_is_no_rule_is_refused(db):
    from ult_desktop.db import errors

    for bad in ("ratio", "ratio:0", "after:x", "sometimes"):
        with pytest.raises((errors.RuleViolation, ValueError)):
            set_settings(db, priority_order=bad)
    assert PriorityOrder.parse("ratio:3") == PriorityOrder("ratio", 3)
    assert str(PriorityOrder.parse("after:10")) == "after:10"


def test_the_rule_is_published_on_the_tv_the_kiosk_and_the_regular_ticket(
        qtbot, request, db, db_target, tmp_path, open_display):
    set_settings(db, priority_order="ratio:3")
    rule = "Prioritas kelompok rentan: 1 nomor setelah setiap 3 nomor umum"
    assert order_text(PriorityOrder.parse("ratio:3")) == rule
    rule += tr("priority.promise", min=10)  # published with the office's promise
    tv = open_display()
    qtbot.waitUntil(lambda: rule in tv.next_waiting.texts(), timeout=WAIT)
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path, printer_url="none")
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    assert kiosk.view.ticket_page.go_to.text() == rule
    # the paper: a regular ticket says it, a priority ticket does not
    regular = issue_ticket(db, service="B")
    priority = issue_ticket(db, service="B", priority_group="lansia")
    texts = [[getattr(e, "text", "") for e in build_layout(ticket_print_data(db, t))]
             for t in (regular, priority)]
    assert rule in texts[0] and rule not in texts[1]


def test_a_service_with_a_rule_of_its_own(everywhere):
    """'Per service where needed': A keeps the office's rule (always first), B waits its
    turn and goes first after 10 minutes."""
    from ult_desktop.db.house.office import save_service

    db = everywhere
    set_settings(db, priority_order="always")
    save_service(db, prefix="B", priority_order="after:10")
    for service in "AB":
        for i in range(2):
            issue_ticket(db, service=service, now=T0 + timedelta(seconds=i))
        issue_ticket(db, service=service, priority_group="lansia",
                          now=T0 + timedelta(minutes=1))
    # A: priority first at once (P-001); B: in turn at 08:05, first after 08:11 (P-002)
    assert _numbers(db, 1, T0 + timedelta(minutes=5), 2) == ["P-001", "A-001"]
    assert _numbers(db, 2, T0 + timedelta(minutes=5), 1) == ["B-001"]
    assert _numbers(db, 2, T0 + timedelta(minutes=12), 2) == ["P-002", "B-002"]
    with pytest.raises(Exception, match="priority order"):
        save_service(db, prefix="C", priority_order="sometimes")


def _numbers(db, counter: int, at: datetime, n: int) -> list[str]:
    out = []
    for k in range(n):
        ticket = call_next(db, counter=counter, now=at + timedelta(seconds=k))
        out.append(ticket.number)
        finish(db, counter=counter, now=at + timedelta(seconds=k, milliseconds=500))
    return out


def test_the_kiosk_ticket_of_a_service_with_its_own_rule_says_that_rule(
        qtbot, request, db, db_target, tmp_path):
    from ult_desktop.db.house.office import save_service

    save_service(db, prefix="B", priority_order="after:10")
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path, printer_url="none")
    qtbot.mouseClick(service_button(kiosk, "B"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    assert kiosk.view.ticket_page.go_to.text() == \
        "Prioritas kelompok rentan menunggu giliran, didahulukan setelah 10 menit" + \
        tr("priority.promise", min=10)
