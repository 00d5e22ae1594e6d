"""The smaller things the officers met, each as they expect it: an empty break in Admin >
Profil reads as not set (no grey time that looks set); the priority mark at the desk
has no missing-glyph box."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtGui import QFontMetrics

from tests.drivers import WAIT, fkey, login, open_page, press, waiting_list
from ult_desktop.core.i18n import tr
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.admin.profile import ProfilePage

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_an_empty_break_reads_as_not_set(qtbot, admin_ws, db):
    set_settings(db, break_daily="", break_friday="")
    page = open_page(qtbot, admin_ws, ProfilePage)
    for edit in (page.break_daily, page.break_friday):
        assert edit.text() == ""
        assert edit.placeholderText() == tr("admin.profile.break_unset")
        assert not re.search(r"\d", edit.placeholderText())  # no time that reads as set


def _drawn(text: str, font) -> list[str]:
    """The characters of *text* the *font* has no glyph for (a box on screen)."""
    has = QFontMetrics(font).inFontUcs4
    return [c for c in text if not c.isspace() and not has(ord(c))]


def test_the_priority_mark_at_the_desk_has_no_missing_glyph(qtbot, make_window, db):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    issue_ticket(db, service="A", priority=True, priority_group="elderly")
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    note = waiting_list(w).text(0, 3)
    assert note.endswith(tr("priority.group.elderly"))
    assert _drawn(note, waiting_list(w).font()) == []
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    label = w.queue.card.service_label
    assert tr("priority.group.elderly") in label.text()
    assert _drawn(label.text(), label.font()) == []


def test_the_paper_says_only_a_break_still_to_come(db):
    from ult_desktop.app.print_service import ticket_print_data

    set_settings(db, timezone="WIB", break_daily="12:00-13:00", break_friday="")
    wib = timezone(timedelta(hours=7))
    morning = issue_ticket(db, service="A", now=datetime(2026, 3, 3, 9, 5, tzinfo=wib))
    lunch = issue_ticket(db, service="A", now=datetime(2026, 3, 3, 12, 20, tzinfo=wib))
    late = issue_ticket(db, service="A", now=datetime(2026, 3, 3, 14, 53, tzinfo=wib))
    said = tr("hours.break", start="12.00", end="13.00")
    assert [ticket_print_data(db, t).break_note for t in (morning, lunch, late)] == [
        said, said, ""]


def test_a_restarted_tv_shows_the_mornings_last_call_as_history(qtbot, open_display, db):
    from ult_desktop.db.queue.desk import call_next

    issue_ticket(db, service="A")
    morning = call_next(db, counter=1)
    w = open_display()  # started (again) after the call
    qtbot.waitUntil(lambda: w.model.latest is not None, timeout=WAIT)
    w._refresh_view()
    assert w.call_panel.texts() == [tr("display.no_call_yet")]
    assert any(morning.number in text for text in w.last_calls.texts())
    issue_ticket(db, service="B")
    now = call_next(db, counter=2)  # a call made while it runs is the one shown large
    qtbot.waitUntil(lambda: any(now.number in text for text in w.call_panel.texts()),
                    timeout=WAIT)


def test_a_priority_visitor_of_another_service_is_told_at_the_desk(qtbot, make_window, db):
    """Nobody at the priority desk (Loket 3): Loket 1 (A and B) calls a priority visitor
    of C, and its officer reads that she is of a service this desk did not choose."""
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    visitor = issue_ticket(db, service="C", priority=True, priority_group="elderly")
    qtbot.waitUntil(lambda: visitor.id in w.queue.state.callable, timeout=WAIT)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    assert w.queue.current().id == visitor.id
    said = tr("counter.priority_other_service", service=visitor.service_name)
    qtbot.waitUntil(lambda: w.queue.card.followup.text() == said, timeout=WAIT)


def test_the_forwarding_receipt_prints_on_the_desks_printer(qtbot, make_window, db,
                                                            tmp_path):
    w = make_window()
    w.session.printer = f"virtual://{tmp_path / 'receipts'}"
    login(qtbot, w, "sari", counter=1)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    form = w.queue.visit.form
    form.name.setText("Ibu Marni")
    form.question.setPlainText("Tunjangan profesi belum cair sejak Januari")
    fkey(qtbot, w, "finish")
    w.queue.dialog.set_outcome("escalated")
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: getattr(w.queue, "receipt", None) is not None, timeout=WAIT)
    receipt = w.queue.receipt
    assert receipt.print_btn.isVisible()
    press(qtbot, receipt.print_btn)
    qtbot.waitUntil(lambda: receipt.said.text() == tr("counter.visit.printed"), timeout=WAIT)
    printed = list((tmp_path / "receipts").glob("*.png"))
    assert len(printed) == 1 and printed[0].stat().st_size > 0


def test_the_priority_promise_is_published_where_visitors_look(qtbot, open_display, db):
    """The TV's line and every regular ticket's paper say the rule with the promise."""
    from ult_desktop.app.print_service import ticket_print_data

    set_settings(db, priority_promise_min=12)
    promise = tr("priority.promise", min=12)
    w = open_display()
    qtbot.waitUntil(lambda: w.model.priority_rule.endswith(promise), timeout=WAIT)
    regular = issue_ticket(db, service="A")
    assert ticket_print_data(db, regular).priority_rule.endswith(promise)


def test_the_promise_has_a_target_share_as_a_setting(qtbot, admin_ws, db):
    set_settings(db, priority_promise_share=85)
    page = open_page(qtbot, admin_ws, ProfilePage)
    assert page.promise_share.value() == 85
    page.promise_share.setValue(95)
    assert page.form_values()["priority_promise_share"] == 95
