"""A priority counter nobody serves serves nobody (SOP 004, docs/counter.md): the
vulnerable visitor goes first at any desk that serves her service now, and her ticket,
the TV and the phone page name that desk and count ahead only who really goes first.
A desk serves while an officer is signed in there, not on a break, its station alive."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from tests.drivers import WAIT, fkey, login, make_kiosk, service_button, shown_page, sit_at
from ult_desktop.app.phone_page import PhonePage
from ult_desktop.core.desks import GONE_AFTER_S, SIGN_IN, SIGN_OUT, DeskMark, StationLife
from ult_desktop.core.desks import serving as serving_rule
from ult_desktop.db import queries
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket, priority_desks
from ult_desktop.db.queue.serving import read_serving
from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session
from ult_desktop.ui.kiosk.flow import TICKET

WIB = timezone(timedelta(hours=7))


def _mark(kind, counter, station, user, at=0.0):
    return DeskMark(kind, counter, station, user, at)


def test_the_rule_reads_what_the_officers_did():
    marks = [_mark(SIGN_IN, 1, "c1", "sari"), _mark(SIGN_IN, 3, "c3", "dewi"),
             _mark(SIGN_OUT, 3, "c3", "dewi")]
    assert serving_rule(marks, active=[1, 2, 3], paused=[], stations={}) == {1}
    # a sign-out of another station closes nothing; an officer sits at one desk only
    marks = [_mark(SIGN_IN, 3, "c3", "dewi"), _mark(SIGN_OUT, 3, "c1", "dewi"),
             _mark(SIGN_IN, 1, "c1", "sari")]
    assert serving_rule(marks, active=[1, 3], paused=[], stations={}) == {1, 3}
    marks.append(_mark(SIGN_IN, 2, "c2", "dewi"))
    assert serving_rule(marks, active=[1, 2, 3], paused=[], stations={}) == {1, 2}
    # on a break, or its station gone (no heartbeat for long, started again since)
    assert serving_rule(marks, active=[1, 2], paused=[2], stations={}) == {1}
    gone = {"c1": StationLife(age_s=GONE_AFTER_S + 1), "c2": StationLife(5.0, started=1.0)}
    assert serving_rule(marks, active=[1, 2], paused=[], stations=gone) == set()
    # a counter driven without a sign-in that day: once it has called
    assert serving_rule([], active=[1, 2], paused=[], stations={}, called=[2]) == {2}


def _day(db, t0):
    sit_at(db, 1, "sari", now=t0)
    sit_at(db, 2, "budi", now=t0)
    a1 = issue_ticket(db, service="A", now=t0)
    a2 = issue_ticket(db, service="A", now=t0 + timedelta(minutes=1))
    p = issue_ticket(db, service="A", priority_group="lansia",
                     now=t0 + timedelta(minutes=2))
    return a1, a2, p


def test_nobody_at_the_priority_desk_she_goes_first_at_loket_1(db):
    t0 = datetime(2026, 3, 17, 8, tzinfo=WIB)
    a1, _, p = _day(db, t0)
    # Loket 3 (all services) nobody serves: the desks that serve take its duty
    assert priority_desks(db, p) == [1, 2]
    at = t0 + timedelta(minutes=3)
    assert call_next(db, counter=1, now=at).id == p.id
    assert call_next(db, counter=2, now=at) is None  # B and C only: nobody else
    finish(db, counter=1, now=at + timedelta(minutes=2))
    assert call_next(db, counter=1, now=at + timedelta(minutes=2)).id == a1.id


def test_someone_at_the_priority_desk_keeps_it_there(db):
    t0 = datetime(2026, 3, 17, 8, tzinfo=WIB)
    sit_at(db, 3, "dewi", now=t0)
    a1, _, p = _day(db, t0)
    assert priority_desks(db, p) == [3]
    at = t0 + timedelta(minutes=3)
    assert call_next(db, counter=1, now=at).id == a1.id
    # dewi signs out: the priority desk serves no more, Loket 1 calls her first
    record_session(db, OFFICER_LOGOUT, "dewi", counter=3, now=at, screen="counter")
    assert priority_desks(db, p) == [1, 2]
    finish(db, counter=1, now=at)
    assert call_next(db, counter=1, now=at).id == p.id


def test_a_sign_in_goes_stale_when_its_station_starts_again(db_path):
    counter3 = open_database(db_path, station="counter-3", mode="counter")
    try:
        sit_at(counter3, 3, "dewi")
        day, tz = queries.today(counter3), "WIB"
        assert 3 in counter3.read(lambda conn: read_serving(conn, day, tz))
        heartbeat(counter3, detail={"pulse": {"run": "r2", "started": time.time() + 1}})
        assert 3 not in counter3.read(lambda conn: read_serving(conn, day, tz))
    finally:
        counter3.close()


def _phone_ahead(page: PhonePage, ticket) -> int:
    status, answer = page.answer(ticket.code, "id", "127.0.0.9")
    assert status == 200, answer
    return answer["ahead"]


def test_ticket_tv_and_phone_count_only_who_really_goes_first(db, db_path):
    t0 = datetime.now(timezone.utc) - timedelta(minutes=5)
    a1, a2, p = _day(db, t0)
    page = PhonePage(lambda: open_database(db_path, station="tv", mode="phone"))
    said = {t.number: _phone_ahead(page, t) for t in (a1, a2, p)}
    assert said == {p.number: 0, a1.number: 1, a2.number: 2}
    assert db.read(lambda conn: queries.read_waiting_ahead(conn, p)) == 0
    snap = queries.queue_snapshot(db)
    [svc_a] = [s for s in snap["services"] if s["prefix"] == "A"]
    assert svc_a["next"] == [p.number, a1.number, a2.number]
    assert svc_a["open_counters"] == 1  # Loket 1; Loket 3 is nobody's
    called = []
    while (t := call_next(db, counter=1)) is not None:
        called.append(t.number)
        finish(db, counter=1)
    assert [called.index(n) for n in (p.number, a1.number, a2.number)] == [0, 1, 2]


def test_a_counter_window_and_a_kiosk_on_one_file(qtbot, request, make_window, db_path,
                                                  tmp_path):
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    a1 = issue_ticket(open_database(db_path, station="desk", mode="kiosk"),
                      service="A")
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    qtbot.mouseClick(kiosk.view.priority_page.group_buttons["elderly"], Qt.LeftButton)
    qtbot.mouseClick(service_button(kiosk, "A", priority=True), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    assert kiosk.view.ticket_page.go_to.text() == "Anda didahulukan di Loket 1"
    number = kiosk.view.ticket_page.number.text()
    assert number.startswith("P-")
    qtbot.waitUntil(lambda: w.queue.state is not None and any(
        t.number == number for t in w.queue.state.waiting), timeout=WAIT)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: queue_called(db_path, 1) is not None, timeout=WAIT)
    assert queue_called(db_path, 1) == number, f"{a1.number} was called before her"


def queue_called(db_path, counter: int) -> str | None:
    db = open_database(db_path, station="look", mode="admin")
    try:
        rows = db.query("SELECT number FROM tickets WHERE counter_number = ? AND state IN "
                        "('called', 'serving')", (counter,))
        return rows[0][0] if rows else None
    finally:
        db.close()
