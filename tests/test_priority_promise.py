"""The office's published promise to priority visitors (setting ``priority_promise_min``):
the monthly report, the evidence pack and Admin > Profil print the share of priority
visitors first called within N minutes, counted from the tickets' real issue and call
times. The expected figures are counted by hand below, never by the code under test."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest

from ult_desktop.db.house import office
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.reports.pdf import build_pdf

WIB = timezone(timedelta(hours=7))
DAY = date(2026, 3, 2)  # a Monday


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hh, mm, ss, tzinfo=WIB)


#: (priority visitor's number taken, first called or None): minutes waited 5, 11,
#: 10.5, exactly 10, never called; plus a regular visitor called at once (not counted).
PRIORITY = [(at(9, 0), at(9, 5)), (at(9, 1), at(9, 12)), (at(9, 2), at(9, 12, 30)),
            (at(9, 3), at(9, 13)), (at(9, 4), None)]


@pytest.fixture
def office_day(db):
    officer = db.query("SELECT id FROM officers WHERE username = 'rahmat'")[0][0]
    for issued, _called in PRIORITY:
        issue_ticket(db, service="A", priority=True, now=issued)
    issue_ticket(db, service="A", now=at(9, 0, 30))
    for _issued, called in PRIORITY:
        if called is not None:  # the priority desk calls them in the order they came
            ticket = call_next(db, counter=3, officer_id=officer, now=called)
            assert ticket is not None and ticket.priority
            finish(db, counter=3, now=called + timedelta(seconds=20))
    regular = call_next(db, counter=1, now=at(9, 0, 40))
    assert regular is not None and not regular.priority
    return db


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _joined(text: str) -> str:
    return " ".join(text.split())


def test_the_monthly_report_prints_the_share_called_within_the_promise(office_day, tmp_path):
    out = tmp_path / "maret.pdf"
    build_pdf(office_day, date(2026, 3, 1), date(2026, 3, 31), out,
              now=datetime(2026, 4, 2, 10, 0, tzinfo=WIB))
    text = _joined(_pdf_text(out))
    # by hand: 5 and exactly 10 minutes are within 10; 11, 10.5 and never are not
    assert "dipanggil dalam 10 menit. Ditepati untuk 2 dari 5 pengunjung prioritas (40,0%)" \
        in text


def test_the_office_sets_n_and_the_report_follows(office_day, tmp_path):
    office.set_settings(office_day, priority_promise_min=11)
    out = tmp_path / "maret-en.pdf"
    build_pdf(office_day, date(2026, 3, 1), date(2026, 3, 31), out, lang="en",
              now=datetime(2026, 4, 2, 10, 0, tzinfo=WIB))
    text = _joined(_pdf_text(out))
    # within 11: 5, 11, 10.5 and 10 minutes; the one never called is not
    assert "called within 11 minutes. Kept for 4 of 5 priority visitors (80.0%)" in text


def test_the_evidence_pack_states_the_promise_in_the_standar_pelayanan(office_day, tmp_path):
    from ult_desktop.reports.evidence import build_evidence

    build_evidence(office_day, 2026, tmp_path / "bukti", now=datetime(2027, 1, 5, 9, 0,
                                                                       tzinfo=WIB))
    sp = next((tmp_path / "bukti").rglob("1.1 *.pdf"))
    text = _joined(_pdf_text(sp))
    assert "pengunjung prioritas dipanggil dalam 10 menit; tahun 2026 ditepati untuk 2 dari " \
           "5 (40,0%)" in text


def test_admin_profile_sets_the_promise_and_shows_this_month(qtbot, office_day, admin_ws,
                                                            monkeypatch):
    from tests.drivers import WAIT, open_page
    from ult_desktop.ui.admin import profile
    from ult_desktop.ui.admin.profile import ProfilePage

    # the page's month is the office's running month: March 2026
    monkeypatch.setattr(profile, "utc_now", lambda: at(15, 0).astimezone(timezone.utc))
    page = open_page(qtbot, admin_ws, ProfilePage)
    qtbot.waitUntil(lambda: "2 dari 5" in page.promise_kept.text(), timeout=WAIT)
    assert page.promise.value() == 10
    page.promise.setValue(12)
    page.save()
    qtbot.waitUntil(lambda: office.get_settings(office_day)["priority_promise_min"] == 12,
                    timeout=WAIT)

