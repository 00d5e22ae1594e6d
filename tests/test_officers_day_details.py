"""The smaller things the officers met, each as they expect it: an empty break in Admin >
Profil reads as not set (no grey time that looks set); the priority mark at the desk
has no missing-glyph box."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtGui import QFontMetrics

from tests.drivers import WAIT, fkey, login, open_page, waiting_list
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
