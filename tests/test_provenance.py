"""Where a number comes from (``reports.provenance``, Admin > Asal angka, ``report
explain``): every figure of a month's report with the signed acts behind it.

Oracles: the report as printed (``collect`` reads the tables), plain SQL on the tables,
and the events table itself; never the layer's own counting. A generated honest month:
every figure's acts are exactly its things and their number is the printed figure. A
judged office where a kiosk's key forges a counter's move: ``check`` names it, the table's
figure counts it, and the forged event is behind no figure."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from conftest import run_cli
from reports_month import generate_month

from tests.drivers import book_visit_on, open_page, signed_in
from ult_desktop.core.dates import month_range
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, report_back, skip
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.visit import hall
from ult_desktop.reports.data import collect
from ult_desktop.reports.provenance import explain_month, printed_figures

WAIT = 30_000
#: a month wholly before today's, so nothing of it is dated ahead of the clock
LAST = month_range(datetime.now(timezone.utc).date(), 1)
MONTH = f"{LAST[0]:%Y-%m}"


@pytest.fixture(scope="module")
def month_file(tmp_path_factory) -> Path:
    """Last month of an office's work written by the app itself: tickets served, skipped,
    transferred and escalated, phone and online requests, complaints, cases, surveys."""
    from ult_desktop.db.house.setup import init_database

    path = init_database(tmp_path_factory.mktemp("month") / "office.db", demo=True)
    db = open_database(path, station="Loket 1", mode="test")
    generate_month(db, LAST[0].year, LAST[0].month, per_day=6, seed=5)
    db.close()
    return path


def _event_rows(path: Path) -> dict[int, tuple]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {r[0]: tuple(r[1:]) for r in conn.execute("SELECT id, at, station, kind "
                                                         "FROM events")}
    finally:
        conn.close()


def test_every_figure_of_an_honest_month_is_the_count_of_its_acts_things(month_file):
    db = open_database(month_file, station="admin", mode="report")
    try:
        assert reconcile(db)["ok"]
        now = datetime.now(timezone.utc)
        printed = printed_figures(collect(db, *LAST, now=now))
        month = explain_month(db, MONTH, now=now)
        tickets = db.query("SELECT number, day, state FROM tickets WHERE day BETWEEN ? AND ?",
                           (LAST[0].isoformat(), LAST[1].isoformat()))
    finally:
        db.close()
    events = _event_rows(month_file)
    assert len(printed) > 100 and set(printed) <= set(month.figures)
    _agree(month, printed)
    for key in printed:
        fig = month.figures[key]
        assert fig.printed == fig.value, key
        for act in fig.acts:  # each act is the event the log holds, as it holds it
            assert events[act.event_id] == (act.at, act.station, act.kind), key
    # the tickets behind two figures, by plain SQL on the tables
    assert month.figures["tickets"].things == {f"{n} ({d})" for n, d, _ in tickets}
    assert month.figures["served"].things == {
        f"{n} ({d})" for n, d, s in tickets if s in ("done", "escalated")}
    assert {a.kind for a in month.figures["served"].acts} >= {"issued", "called", "finished"}
    assert month.figures["complaints.received"].value > 0


def test_report_explain_prints_a_figure_and_its_acts(month_file):
    listed = run_cli("report", "explain", "--db", str(month_file), "--month", MONTH, "--json")
    assert listed.returncode == 0, listed.stderr
    keys = {f["key"]: f for f in json.loads(listed.stdout)["figures"]}
    done = run_cli("report", "explain", "--db", str(month_file), "--month", MONTH,
                   "--figure", "served")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f": {keys['served']['value']}." in lines[0]
    assert any(" finished " in line for line in lines[1:])
    assert run_cli("report", "explain", "--db", str(month_file), "--month", MONTH,
                   "--figure", "no.such").returncode == 2
    assert run_cli("report", "explain", "--db", str(month_file), "--month",
                   "2026-13").returncode == 2


def _agree(month, printed: dict | None = None) -> None:
    """Every figure is the number of its acts' things, and what the report prints."""
    for key, fig in month.figures.items():
        if not fig.how:  # (a statistic of its things: tests/test_provenance_stats.py)
            assert fig.value == len(fig.things), key
        assert fig.agrees, key
        if printed is not None and key in printed:
            assert printed[key] == fig.value, key


def test_a_refused_act_is_behind_no_figure(judged_pcs, db_path):
    """An honest morning with this round's acts (a no-show reported back at the kiosk, a
    follow-up visit booked and checked in, a call for help answered, a ticket in large
    text and spoken): every figure is its acts. Then the kiosk's key signs a ``finished`` that serves a waiting ticket (a
    counter's move), the TV's an answer to a kiosk's call for help: ``check`` names both
    and the table's report counts the ticket, but no figure lists either."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, register, visits

    kiosk, c1, admin = judged_pcs["kiosk"], judged_pcs["c1"], judged_pcs["admin"]
    for service in "ABAC":
        issue_ticket(kiosk, service=service)
    issue_ticket(kiosk, service="A", assist=("large", "spoken"))
    sari = admin.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    call_next(c1, counter=1, officer_id=sari)
    finish(c1, counter=1)
    missed = call_next(c1, counter=1, officer_id=sari)
    skip(c1, counter=1)
    report_back(kiosk, number=missed.number, via="kiosk")
    t = call_next(c1, counter=1, officer_id=sari)
    record = register.save_record(c1, record=RecordInput(
        visitor_name="Ibu Ratna", phone="081234567001", topic="Ijazah", question="Legalisir"),
        channel="walk_in", ticket_id=t.id)
    case = cases.open_case(c1, record_id=record.id, officer_id=sari)
    finish(c1, counter=1)
    today = admin.query("SELECT max(day) FROM tickets")[0][0]
    book_visit_on(c1, case.id, today, code="12345670")
    visits.check_in(kiosk, code="12345670")
    hall.request_help(kiosk)
    hall.answer_help(c1, event_id=hall.open_calls(c1)[0].event_id, officer_id=sari)
    hall.request_help(kiosk)
    unanswered = hall.open_calls(c1)[0].event_id
    assert reconcile(admin)["ok"]
    month = today[:7]
    honest = explain_month(admin, month)
    _agree(honest, printed_figures(collect(admin, *month_range(date.fromisoformat(today)))))
    assert honest.figures["served"].value == 2
    for key in ("reported_back", "followups_came", "help.answered", "escalated", "hall.large",
                "hall.spoken"):
        assert honest.figures[key].value == 1, key
    waiting = admin.query("SELECT id FROM tickets WHERE state = 'waiting' ORDER BY id")[0][0]

    def forge(conn) -> int:
        conn.execute("UPDATE tickets SET state = 'done' WHERE id = ?", (waiting,))
        return append_event(conn, kiosk.station, "finished")

    forged = kiosk.write(forge)
    tv = judged_pcs["tv"]  # the lobby TV's key answers the open call (no act of a TV)
    help_forged = tv.write(lambda conn: append_event(conn, tv.station, "help_answered",
                                                     data={"call": unanswered}))
    named = reconcile(admin)
    assert not named["ok"] and {forged, help_forged} <= {d["event"]
                                                         for d in named["differences"]}
    after = explain_month(admin, month)
    served = after.figures["served"]
    assert served.printed == served.value == 2  # the report reads the acts: not the forged
    assert after.figures["help.answered"].value == 1
    assert all(a.event_id not in (forged, help_forged) for f in after.figures.values()
               for a in f.acts)


def test_the_page_shows_a_figure_s_acts_and_exports_them(qtbot, month_file, tmp_path,
                                                           monkeypatch):
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.provenance import ProvenancePage

    path = tmp_path / "office.db"
    path.write_bytes(month_file.read_bytes())
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "keys"))
    w = AdminWindow(path, station_name="admin-pc", poll_ms=50)
    qtbot.addWidget(w)
    ws = signed_in(qtbot, w)
    page = open_page(qtbot, ws, ProvenancePage)
    page.month.setCurrentIndex(page.month.findData(MONTH))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.count_button.click()
    page.choose("served")
    db = open_database(path, station="reader", mode="report")
    try:
        served = db.query("SELECT COUNT(*) FROM tickets WHERE day BETWEEN ? AND ? AND state "
                          "IN ('done', 'escalated')", (LAST[0].isoformat(),
                                                       LAST[1].isoformat()))[0][0]
    finally:
        db.close()
    fig = page.month_figures.figures["served"]
    assert f": {served}." in page.summary.text()
    assert page.table.rowCount() == len(fig.acts) > served
    shown = {page.table.item(r, 3).text() for r in range(page.table.rowCount())}
    assert len(shown) == served
    out = tmp_path / "served.csv"
    page.export_to(out)
    qtbot.waitUntil(lambda: out.name in page.status.text(), timeout=WAIT)
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert len(rows) == 2 + len(fig.acts)
    assert not re.search(r"08\d{8,}", text)  # no phone number (nor a NIK) in clear
    page.choose("wait.all.median")  # a statistic: what it is made of, and how
    median = page.month_figures.figures["wait.all.median"]
    assert median.how in page.summary.text() and median.shown in page.summary.text()
    assert page.table.rowCount() == len(median.acts) == 2 * len(median.things)
    w.close()


def test_the_month_range_is_the_calendar_s():
    from ult_desktop.reports.provenance import month_range as months

    assert months("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert months("2026") == (date(2026, 1, 1), date(2026, 12, 31))  # the evidence pack's
    with pytest.raises(ValueError):
        months("2026-13")
