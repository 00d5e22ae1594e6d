"""Kelompok rentan (SOP 004): the group is kept on the ticket, shown by the
counter, counted by the report, and a priority ticket goes to the priority counter and
says so on the kiosk and on paper."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import run_cli
from PySide6.QtCore import Qt

from tests.drivers import WAIT, make_kiosk, service_button, shown_page, sit_at
from ult_desktop.app.print_service import ticket_print_data
from ult_desktop.core.priority import GROUPS, mark, parse_group
from ult_desktop.core.queue import PRIORITY_FALLBACK
from ult_desktop.core.ticket_layout import Line, build_layout
from ult_desktop.db import errors, queries
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, reclassify_priority
from ult_desktop.db.queue.numbers import issue_ticket, priority_desks
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.reports.data import collect
from ult_desktop.ui.kiosk.flow import TICKET

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

WIB = timezone(timedelta(hours=7))


def _group(db, number: str) -> str | None:
    return db.query("SELECT priority_group FROM tickets WHERE number = ?", (number,))[0][0]


# -- A: the group is kept ----------------------------------------------------------------
def test_korban_bencana_is_a_group_and_indonesian_words_name_groups():
    assert GROUPS == ("disability", "elderly", "pregnant", "children", "disaster")
    assert parse_group("lansia") == "elderly"
    assert parse_group("Korban bencana") == "disaster"
    assert parse_group("") is None
    with pytest.raises(ValueError):
        parse_group("vip")


def test_the_kiosk_stores_the_group_the_visitor_touched(qtbot, request, db, db_target,
                                                         tmp_path):
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path)  # the kiosk GUI, file or server
    pp = kiosk.view.priority_page
    assert set(pp.group_buttons) == set(GROUPS)
    assert pp.group_buttons["disaster"].label == "Korban bencana"
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(pp.group_buttons["children"], Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "A", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    # issued from the kiosk's held numbers: in the record once it landed
    qtbot.waitUntil(lambda: kiosk.link.journal.waiting()[0] == 0 and
                    db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1, timeout=WAIT)
    ticket = queries.get_ticket(db, number="P-001")
    assert ticket.priority and ticket.priority_group == "children"
    issued = db.query("SELECT data FROM events WHERE kind = 'issued'")[-1][0]
    assert json.loads(issued)["priority_group"] == "children"
    assert reconcile(db)["ok"]


def test_the_counter_names_the_group_not_a_wheelchair_for_a_child():
    assert mark("children") == "🧒 prioritas: Anak-anak"
    assert mark("disability").startswith("♿")
    assert "♿" not in mark(None) and "♿" not in mark("disaster")
    assert mark("disaster", "en") == "⛑ priority: Disaster victims"


def test_reclassify_keeps_or_sets_the_group_and_a_normal_ticket_has_none(db):
    issue_ticket(db, service="A", priority_group="lansia")
    assert _group(db, "P-001") == "elderly"
    reclassify_priority(db, number="P-001", priority=True, reason="cucunya",
                             priority_group="anak")
    assert _group(db, "P-001") == "children"
    reclassify_priority(db, number="P-001", priority=False, reason="tidak berhak")
    assert _group(db, "P-001") is None
    with pytest.raises(errors.RuleViolation):
        issue_ticket(db, service="A", priority_group="vip")
    assert reconcile(db)["ok"]


def test_cli_take_priority_names_the_group(db_path):
    r = run_cli("take", "--db", str(db_path), "--service", "B", "--priority", "bencana",
                "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["priority"] and out["priority_group"] == "disaster"
    r = run_cli("take", "--db", str(db_path), "--service", "B", "--priority")
    assert r.returncode == 0 and "[PRIORITAS]" in r.stdout
    r = run_cli("check", "--db", str(db_path))
    assert r.returncode == 11, r.stdout + r.stderr  # sound (11: the demo file has no root)


def test_the_monthly_report_counts_priority_visitors_by_group(db):
    day = datetime(2026, 3, 17, 9, tzinfo=WIB)
    for i, group in enumerate(("elderly", "elderly", "disaster", None)):
        issue_ticket(db, service="A", priority=True, priority_group=group,
                          now=day + timedelta(minutes=i))
    issue_ticket(db, service="A", now=day)
    rows = collect(db, date(2026, 3, 1), date(2026, 3, 31)).per_priority_group()
    counts = {r["group"]: r["tickets"] for r in rows}
    assert counts == {"disability": 0, "elderly": 2, "pregnant": 0, "children": 0,
                      "disaster": 1, None: 1}


def test_the_report_pdf_has_the_group_table(db, tmp_path):
    from tests.reports_month import pdf_text
    from ult_desktop.reports.pdf import build_pdf

    day = datetime(2026, 3, 17, 9, tzinfo=WIB)
    issue_ticket(db, service="A", priority_group="hamil", now=day)
    pdf = build_pdf(db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / "r.pdf",
                    now=day + timedelta(days=20))
    text = " ".join(pdf_text(pdf).split())
    assert "Pengunjung prioritas per kelompok rentan" in text
    assert "Ibu hamil / menyusui" in text and "Korban bencana" in text


# -- B: the priority counter ----------------------------------------------------------------
def test_a_priority_ticket_goes_to_the_priority_counter_not_loket_1(db):
    t0 = datetime(2026, 3, 17, 9, tzinfo=WIB)
    sit_at(db, 3, now=t0)
    b = issue_ticket(db, service="B", now=t0)
    p = issue_ticket(db, service="B", priority_group="lansia", now=t0)
    assert call_next(db, counter=1, now=t0).id == b.id
    assert call_next(db, counter=3, now=t0).id == p.id


def test_nobody_at_the_priority_counter_then_any_counter_calls_it_first(db):
    t0 = datetime(2026, 3, 17, 9, tzinfo=WIB)
    issue_ticket(db, service="A", now=t0)
    p = issue_ticket(db, service="A", priority=True, now=t0)
    later = t0 + PRIORITY_FALLBACK
    assert call_next(db, counter=1, now=later).id == p.id


def test_the_ticket_says_where_to_go(db):
    sit_at(db, 3)
    p = issue_ticket(db, service="B", priority_group="disabilitas")
    assert priority_desks(db, p) == [3]
    data = ticket_print_data(db, p)
    lines = [e.text for e in build_layout(data) if isinstance(e, Line)]
    assert "Anda didahulukan di Loket 3" in lines
    a = issue_ticket(db, service="A")
    assert priority_desks(db, a) == []
    set_settings(db, priority_policy="first_everywhere")
    assert priority_desks(db, p) == []


def test_the_kiosk_ticket_page_says_where_to_go(qtbot, request, db, db_target, tmp_path):
    sit_at(db, 3)
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path)
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(kiosk.view.priority_page.group_buttons["elderly"], Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "B", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.go_to.isVisible()
    assert kiosk.view.ticket_page.go_to.text() == "Anda didahulukan di Loket 3"
