"""Counters keep serving while the shared file is away: acts
kept on each counter PC's disk, written to the record in one step when the file is back,
idempotent, and one rule for a number two counters called meanwhile."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, fkey, login
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.ui.common.station import OK, UNAVAILABLE

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = [pytest.mark.engines, pytest.mark.windows]


def choose(w, outcome: str = "answered") -> None:
    """The officer picks the visit's outcome in the strip's box (none is chosen for her)."""
    w.offline.outcome.setCurrentIndex(w.offline.outcome.findData(outcome))


def ticket(db, number: str):
    return db.query("SELECT state, counter_number, called_at, finished_at, outcome FROM "
                    "tickets WHERE number = ? ORDER BY id DESC LIMIT 1", (number,))[0]


def test_acts_kept_while_away_land_once_in_order(db, tmp_path):
    a1 = issue_ticket(db, service="A")
    a2 = issue_ticket(db, service="A")
    day = a1.day
    now = datetime.now(timezone.utc)
    desk = CounterJournal(tmp_path / "loket1.sqlite")
    desk.record(day=day, number=a1.number, counter=1, officer_id=2, kind="call", now=now)
    desk.record(day=day, number=a1.number, counter=1, officer_id=2, kind="serve",
                now=now + timedelta(minutes=1))
    desk.record(day=day, number=a1.number, counter=1, officer_id=2, kind="finish",
                now=now + timedelta(minutes=6))
    desk.record(day=day, number=a2.number, counter=1, officer_id=2, kind="call",
                now=now + timedelta(minutes=7))
    assert desk.waiting()[0] == 4 and desk.current(1).number == a2.number
    assert desk.land(db) == []
    done = ticket(db, a1.number)
    assert (done["state"], done["counter_number"], done["outcome"]) == ("done", 1, "answered")
    assert done["finished_at"].startswith(((now + timedelta(minutes=6)).isoformat())[:16])
    assert ticket(db, a2.number)["state"] == "called"
    assert desk.waiting()[0] == 0
    # a retry (the reply was lost): nothing twice
    landed = desk.acts()
    desk._conn.execute("UPDATE acts SET state = 'pending'")
    assert desk.land(db) == []
    events = db.query("SELECT COUNT(*) FROM events WHERE ticket_id = ?", (a1.id,))[0][0]
    assert events == 4  # issued, called, serving, finished
    assert [a.state for a in desk.acts()] == [a.state for a in landed]
    assert reconcile(db)["ok"]


def test_an_act_for_a_ticket_not_yet_landed_waits_for_it(db, tmp_path):
    first = issue_ticket(db, service="B")
    desk = CounterJournal(tmp_path / "loket2.sqlite")
    missing = f"B-{int(first.number.split('-')[1]) + 1:03d}"  # the kiosk's, still on its disk
    desk.record(day=first.day, number=missing, counter=2, officer_id=3, kind="call")
    assert desk.land(db) == [] and desk.waiting()[0] == 1
    issue_ticket(db, service="B")  # it lands
    assert desk.land(db) == [] and desk.waiting()[0] == 0
    assert ticket(db, missing)["state"] == "called"


@pytest.mark.parametrize("first_lands", [1, 2])
@pytest.mark.parametrize("finished_at", [(1, 2), ()], ids=["both-finished", "none-finished"])
def test_a_number_called_at_two_counters_is_recorded_and_both_are_told(db, tmp_path,
                                                                      first_lands, finished_at):
    """Neither counter finished the visit: the earlier call keeps it. Both did: the visit
    the record ended first is never taken from it (a landing never reopens an ended
    visit). Either way a call_conflict names both counters and the other officer's acts
    are set aside."""
    t = issue_ticket(db, service="A")
    now = datetime.now(timezone.utc)
    one = CounterJournal(tmp_path / "one.sqlite")
    two = CounterJournal(tmp_path / "two.sqlite")
    for desk, counter, minute in ((one, 1, 0), (two, 2, 2)):
        desk.record(day=t.day, number=t.number, counter=counter, officer_id=counter + 1,
                    kind="call", now=now + timedelta(minutes=minute))
        if counter in finished_at:
            desk.record(day=t.day, number=t.number, counter=counter, officer_id=counter + 1,
                        kind="finish", now=now + timedelta(minutes=minute + 5))
    order = (one, two) if first_lands == 1 else (two, one)
    set_aside = [a for desk in order for a in desk.land(db)]
    keeper = first_lands if finished_at else 1
    rule = "finished" if finished_at else "first"
    row = ticket(db, t.number)
    assert row["counter_number"] == keeper
    assert row["state"] == ("done" if finished_at else "called")
    conflicts = db.query("SELECT data FROM events WHERE kind = 'call_conflict'")
    assert conflicts and all(f'"kept_by": {keeper}' in r[0] and f'"rule": "{rule}"' in r[0]
                             for r in conflicts)
    if first_lands == 1 or finished_at:  # the officer who lands second is told
        assert {(a.number, a.winner) for a in set_aside} == {(t.number, keeper)}
    assert db.query("SELECT COUNT(*) FROM events WHERE kind = 'finished'")[0][0] == \
        (1 if finished_at else 0)
    assert reconcile(db)["ok"]


@pytest.mark.parametrize("first_lands", [1, 2])
def test_the_counter_that_finished_the_visit_keeps_it(db, tmp_path, first_lands):
    """Counter 1 called first and did nothing more (the visitor walked to counter 2, who
    served them): the visit is counter 2's, served once in the day's report."""
    from datetime import date

    from ult_desktop.reports.data import collect

    t = issue_ticket(db, service="A")
    now = datetime.now(timezone.utc)
    one = CounterJournal(tmp_path / "one.sqlite")
    two = CounterJournal(tmp_path / "two.sqlite")
    one.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="call", now=now)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="call",
               now=now + timedelta(minutes=2))
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="finish",
               now=now + timedelta(minutes=5))
    order = (one, two) if first_lands == 1 else (two, one)
    set_aside = [a for desk in order for a in desk.land(db)]
    row = ticket(db, t.number)
    assert (row["counter_number"], row["state"]) == (2, "done")
    conflicts = db.query("SELECT data FROM events WHERE kind = 'call_conflict'")
    assert conflicts and all('"kept_by": 2' in r[0] and '"rule": "finished"' in r[0]
                             for r in conflicts)
    if first_lands == 2:  # counter 1's officer is told
        assert {(a.number, a.winner) for a in set_aside} == {(t.number, 2)}
    day = date.fromisoformat(t.day)
    assert collect(db, day, day).totals()["served"] == 1
    assert reconcile(db)["ok"]


@pytest.mark.parametrize("first_lands, finished", [(1, True), (1, False), (2, True),
                                                     (2, False)])
def test_a_no_show_at_one_counter_then_served_at_another_is_a_conflict_in_both_orders(
        db, tmp_path, first_lands, finished):
    """Counter 1 called the number and marked it no-show (the visitor had gone to counter
    2, who served them): the record names the conflict whichever counter lands first,
    and whether or not counter 2 had finished when the share returned (*finished*); the
    visit is counter 2's (never counter 1's earlier call, then a no-show), and the
    report's wait runs to counter 2's call. Each counter is told what happened: never
    that counter 2 called first."""
    import json
    from datetime import date

    from ult_desktop.db.queue.offline import conflict_sentence
    from ult_desktop.reports.data import collect

    t = issue_ticket(db, service="A")
    now = datetime.now(timezone.utc)
    one = CounterJournal(tmp_path / "one.sqlite")
    two = CounterJournal(tmp_path / "two.sqlite")
    one.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="call", now=now)
    one.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="skip",
               now=now + timedelta(minutes=1))
    served_call = now + timedelta(minutes=3)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="call",
               now=served_call)
    order = (one, two) if first_lands == 1 else (two, one)
    if not finished:  # counter 2 still serves her when the share returns
        for desk in order:
            desk.land(db)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="finish",
               outcome="answered", now=now + timedelta(minutes=6))
    for desk in order:
        desk.land(db)
    row = ticket(db, t.number)
    assert (row["counter_number"], row["state"]) == (2, "done")
    conflicts = db.query("SELECT data FROM events WHERE kind = 'call_conflict'")
    assert len(conflicts) == 1, conflicts
    assert '"kept_by": 2' in conflicts[0][0] and '"set_aside": 1' in conflicts[0][0]
    told = {c: conflict_sentence(json.loads(conflicts[0][0]), t.number, c) for c in (1, 2)}
    assert told == ({
        1: (f"{t.number} ditandai tidak hadir di loket ini, lalu dipanggil di Loket 2 saat "
            "berkas tidak terjangkau dan dilayani di sana; kunjungan itu dicatat untuk "
            "Loket 2.", False),
        2: (f"{t.number} ditandai tidak hadir di Loket 1 saat berkas tidak terjangkau, lalu "
            "dipanggil di loket ini; kunjungan dicatat di sini.", True),
    } if (first_lands, finished) != (2, True) else {
        1: (f"{t.number} juga dipanggil di Loket 2 saat berkas tidak terjangkau dan "
            "diselesaikan di sana; kunjungan itu dicatat untuk Loket 2.", False),
        2: (f"{t.number} juga dipanggil di Loket 1 saat berkas tidak terjangkau; loket ini "
            "menyelesaikannya, kunjungan dicatat di sini.", True)})
    day = date.fromisoformat(t.day)
    [visit] = collect(db, day, day).tickets
    assert visit.first_called_at == served_call.replace(microsecond=0) or \
        abs((visit.first_called_at - served_call).total_seconds()) < 1
    assert reconcile(db)["ok"]


def test_a_call_whose_reply_was_lost_as_the_share_went_yields_to_the_counter_that_served(
        db, tmp_path):
    """Counter 1's call reached the file as the share went, its answer did not (the
    officer saw it fail and called nobody); counter 2 called the number by its paper and
    served the visitor: the record gives the visit to counter 2."""
    t = issue_ticket(db, service="A")
    assert call_next(db, counter=1).number == t.number
    now = datetime.now(timezone.utc)
    two = CounterJournal(tmp_path / "two.sqlite")
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="call", now=now)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="finish",
               now=now + timedelta(minutes=4))
    assert two.land(db) == []
    row = ticket(db, t.number)
    assert (row["counter_number"], row["state"]) == (2, "done")
    assert reconcile(db)["ok"]


def test_the_officer_serves_by_number_while_away_and_it_lands_when_back(
        qtbot, make_window, db):
    t = issue_ticket(db, service="A")
    w = make_window(station_id="counter-offline")
    login(qtbot, w, "sari", 1)
    qtbot.waitUntil(lambda: not w.journal.acts("pending"), timeout=WAIT)  # her sign-in landed
    station = w.session.station
    station.connection_changed.emit(UNAVAILABLE, "")  # the PC that holds the file is off
    assert not w.offline.isHidden()
    qtbot.keyClicks(w.offline.number, t.number.lower())
    qtbot.mouseClick(w.offline.buttons["call"], Qt.LeftButton)
    assert w.offline.current.text().endswith(t.number)
    choose(w)
    qtbot.mouseClick(w.offline.buttons["finish"], Qt.LeftButton)
    assert "2 kejadian menunggu disimpan" in w.banner.text()
    assert ticket(db, t.number)["state"] == "waiting"  # nothing reached the file yet
    station.connection_changed.emit(OK, "")  # it is back
    qtbot.waitUntil(lambda: ticket(db, t.number)["state"] == "done", timeout=WAIT)
    # the journal hears the landing's answer just after the record has it
    qtbot.waitUntil(lambda: w.journal.waiting()[0] == 0, timeout=WAIT)
    assert w.offline.isHidden()
    assert ticket(db, t.number)["counter_number"] == 1


def test_the_admin_sees_which_station_holds_acts_not_in_the_record(qtbot, db, tmp_path):
    """A counter whose acts wait for a kiosk's tickets (still on the kiosk's disk) says
    so with its heartbeat; Admin > Stations shows how many and since when."""
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.ui.admin.stations import StationsPage

    desk = CounterJournal(tmp_path / "loket3.sqlite")
    day = issue_ticket(db, service="C").day
    act = desk.record(day=day, number="C-077", counter=3, officer_id=2, kind="call")
    assert desk.land(db) == [] and desk.waiting() == (1, act.at)
    waiting = desk.waiting()
    assert heartbeat(db, detail={"pending": waiting[0], "pending_since": waiting[1]})
    page = StationsPage(_Stub(), poll_ms=60_000)
    qtbot.addWidget(page)
    page.show_data(StationsPage.fetch(db))
    [view] = [v for v in page.views if v.id == db.station]
    assert view.pending == 1
    assert "1 kejadian belum masuk catatan" in page.table.item(0, 7).text()


class _Stub:
    """A station the page never asks (its data is handed to it directly; a server's
    record: no pulse folder to watch)."""

    path = "postgresql://stub/office"

    def run(self, *args, **kwargs):
        return None


def test_a_counter_that_cannot_sign_in_serves_by_the_paper_too(qtbot, make_window, db):
    """The file went away before the officer signed in (no PIN can be checked): the PC's
    own counter serves by the paper; the acts name no officer and land when it is back."""
    t = issue_ticket(db, service="B")
    w = make_window(station_id="counter-early", counter=2)
    qtbot.waitUntil(lambda: w.login.officer.count() > 0, timeout=WAIT)
    w.session.station.connection_changed.emit(UNAVAILABLE, "")
    assert w.session.officer is None and not w.offline.isHidden()
    w.offline.number.setText(t.number)
    w.offline.call()
    choose(w)
    w.offline.act("finish")
    w.session.station.connection_changed.emit(OK, "")
    qtbot.waitUntil(lambda: ticket(db, t.number)["state"] == "done", timeout=WAIT)
    assert ticket(db, t.number)["counter_number"] == 2


@pytest.mark.parametrize("two_finishes", [False, True], ids=["calls-only", "two-finishes"])
def test_both_officers_hear_how_a_number_called_at_two_counters_was_decided(
        qtbot, station_window, db_path, two_finishes):
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station="kiosk", mode="kiosk")
    t = issue_ticket(db, service="A")
    one, two = station_window("counter-one"), station_window("counter-two")
    login(qtbot, one, "sari", 1)
    login(qtbot, two, "budi", 2)
    for w in (one, two):
        w.session.station.connection_changed.emit(UNAVAILABLE, "")
        w.offline.number.setText(t.number)
        w.offline.call()  # counter 1 first, then counter 2
    if two_finishes:  # the visitor was served at counter 2
        choose(two)
        two.offline.act("finish")
    two.session.station.connection_changed.emit(OK, "")  # counter 2 lands first ...
    qtbot.waitUntil(lambda: ticket(db, t.number)["counter_number"] == 2, timeout=WAIT)
    one.session.station.connection_changed.emit(OK, "")  # ... counter 1 called first
    if two_finishes:  # (once slower than one WAIT beside the Windows lane's build, on a
        # loaded two-core machine)
        qtbot.waitUntil(lambda: "diselesaikan di sana; kunjungan itu dicatat untuk Loket 2"
                        in one.status.label.text(), timeout=3 * WAIT)
        qtbot.waitUntil(lambda: "loket ini menyelesaikannya" in two.status.label.text(),
                        timeout=3 * WAIT)
        assert ticket(db, t.number)["counter_number"] == 2
    else:
        qtbot.waitUntil(lambda: ticket(db, t.number)["counter_number"] == 1, timeout=WAIT)
        qtbot.waitUntil(lambda: "loket ini memanggil lebih dulu" in one.status.label.text(),
                        timeout=WAIT)
        qtbot.waitUntil(lambda: "lebih dulu dipanggil di Loket 1" in two.status.label.text(),
                        timeout=WAIT)
    # told until the officer acknowledges it: not gone after the usual 8 s
    said = one.status.label.text()
    one.notify("Tersimpan.")  # another message meanwhile, cleared as usual
    one.status.timer.timeout.emit()
    assert one.status.label.text() == said and not one.status.ack.isHidden()
    qtbot.mouseClick(one.status.ack, Qt.LeftButton)
    assert one.status.label.text() == "" and one.status.ack.isHidden()
    db.close()


def test_the_visitor_at_the_desk_when_the_share_went_is_finished_from_the_strip(
        qtbot, make_window, db):
    """She was being served when the file went: the strip knows her, the officer
    finishes her with the outcome chosen ("dijawab setelah konsultasi"), and she is not
    called again."""
    t = issue_ticket(db, service="A")
    w = make_window(station_id="counter-at-desk")
    login(qtbot, w, "sari", 1)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.state is not None and w.queue.state.current is not None
                    and w.queue.state.current.number == t.number, timeout=WAIT)
    w.session.station.connection_changed.emit(UNAVAILABLE, "")
    assert w.offline.current.text().endswith(t.number)
    w.offline.outcome.setCurrentIndex(w.offline.outcome.findData("consulted"))
    qtbot.mouseClick(w.offline.buttons["finish"], Qt.LeftButton)
    assert w.offline.current.text() == ""  # nobody at the desk now
    assert [a.kind for a in w.journal.acts("pending") if a.kind != "signin"] == ["finish"]
    w.session.station.connection_changed.emit(OK, "")
    qtbot.waitUntil(lambda: ticket(db, t.number)["state"] == "done", timeout=WAIT)
    assert ticket(db, t.number)["outcome"] == "consulted"
    assert db.query("SELECT COUNT(*) FROM events WHERE kind IN ('called', 'recalled') "
                    "AND ticket_id = ?", (t.id,))[0][0] == 1  # never announced again


def test_each_visit_on_the_strip_gets_its_own_outcome(qtbot, make_window, db):
    """B-001 was answered after consulting the back office; the next visitor's plain
    answer is not stored as "consulted" because the box kept the last choice: the box is
    empty for each visit, and Selesai without a choice says what to do."""
    first, second = (issue_ticket(db, service="B") for _ in range(2))
    w = make_window(station_id="counter-outcomes")
    login(qtbot, w, "sari", 1)
    w.session.station.connection_changed.emit(UNAVAILABLE, "")
    w.offline.number.setText(first.number)
    w.offline.call()
    choose(w, "consulted")
    qtbot.mouseClick(w.offline.buttons["finish"], Qt.LeftButton)
    w.offline.number.setText(second.number)
    w.offline.call()
    assert w.offline.outcome.currentData() is None  # nothing carried over
    qtbot.mouseClick(w.offline.buttons["finish"], Qt.LeftButton)  # no choice made
    assert "Pilih dulu hasil kunjungan" in w.status.label.text()
    assert w.offline.current.text().endswith(second.number)  # still at the desk
    choose(w, "answered")
    qtbot.mouseClick(w.offline.buttons["finish"], Qt.LeftButton)
    assert w.offline.outcome.currentData() is None
    w.session.station.connection_changed.emit(OK, "")
    qtbot.waitUntil(lambda: ticket(db, second.number)["state"] == "done", timeout=WAIT)
    assert ticket(db, first.number)["outcome"] == "consulted"
    assert ticket(db, second.number)["outcome"] == "answered"


def test_visits_at_a_pc_nobody_could_sign_in_to_are_credited_when_the_officer_does(
        qtbot, make_window, db):
    t = issue_ticket(db, service="B")
    w = make_window(station_id="counter-credit", counter=2)
    qtbot.waitUntil(lambda: w.login.officer.count() > 0, timeout=WAIT)
    w.session.station.connection_changed.emit(UNAVAILABLE, "")
    w.offline.number.setText(t.number)
    w.offline.call()
    choose(w)
    w.offline.act("finish")
    w.session.station.connection_changed.emit(OK, "")
    qtbot.waitUntil(lambda: ticket(db, t.number)["state"] == "done", timeout=WAIT)
    assert db.query("SELECT officer_id FROM tickets WHERE id = ?", (t.id,))[0][0] is None
    login(qtbot, w, "budi", 2)
    budi = db.query("SELECT id FROM officers WHERE username = 'budi'")[0][0]
    qtbot.waitUntil(lambda: db.query("SELECT officer_id FROM tickets WHERE id = ?",
                                     (t.id,))[0][0] == budi, timeout=WAIT)


def test_a_counter_journal_under_another_path_spelling_lands(db, tmp_path):
    from ult_desktop.db.journals.journal import adopt_journals

    t = issue_ticket(db, service="A")
    old = CounterJournal(tmp_path / "j" / "counter-old.sqlite")
    adopt_journals(db, old)  # stamped while the share was there
    old.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call")
    old.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="finish")
    old.close()
    new = CounterJournal(tmp_path / "j" / "counter-new.sqlite")
    assert adopt_journals(db, new) == 2
    assert ticket(db, t.number)["state"] == "done"
    assert reconcile(db)["ok"]


def test_a_call_conflict_notice_stays_until_the_officer_acknowledges_it(qtbot, make_window,
                                                                        db):
    """The record says a number was called here and at counter 2 while the file was away:
    the notice stays past the 8 s of a passing message, and under another message, until
    the officer presses "Mengerti"."""
    from ult_desktop.db.record.events import append_event

    w = make_window()
    login(qtbot, w, "sari", 1)
    ticket = issue_ticket(db, service="A")
    db.write(lambda conn: append_event(
        conn, "counter-two", "call_conflict", ticket_id=ticket.id,
        ticket_number=ticket.number, service_prefix="A",
        data={"kept_by": 1, "set_aside": 2, "rule": "first"}))
    qtbot.waitUntil(lambda: "A-001 juga dipanggil" in w.status.label.text(), timeout=WAIT)
    assert not w.status.ack.isHidden()
    w.status.timer.timeout.emit()  # the 8 s of a passing message are over: it stays
    assert "A-001 juga dipanggil" in w.status.label.text()
    w.notify("pesan lain")  # another message passes, then the notice is back
    assert w.status.label.text() == "pesan lain"
    w.status.timer.timeout.emit()
    assert "A-001 juga dipanggil" in w.status.label.text() and not w.status.ack.isHidden()
    w.status.ack.click()
    assert w.status.label.text() == "" and w.status.ack.isHidden()


def test_a_counter_signed_in_after_a_conflict_landed_tells_it_until_acknowledged(
        qtbot, make_window, db):
    """The counter was closed when the record got the conflict: at its next sign-in the
    notice is there; acknowledged, it is not told again after a restart, while one that
    came meanwhile is."""
    from ult_desktop.db.record.events import append_event

    def conflict_told_at_sign_in():
        """A number called here and at counter 2 while the file was away; a counter
        window started and signed in after it landed, once it tells it."""
        ticket = issue_ticket(db, service="A")
        db.write(lambda conn: append_event(
            conn, "counter-two", "call_conflict", ticket_id=ticket.id,
            ticket_number=ticket.number, service_prefix="A",
            data={"kept_by": 1, "set_aside": 2, "rule": "first"}))
        w = make_window()
        login(qtbot, w, "sari", 1)
        qtbot.waitUntil(lambda: f"{ticket.number} juga dipanggil" in w.status.label.text(),
                        timeout=WAIT)
        return ticket, w

    first, w = conflict_told_at_sign_in()
    w.status.ack.click()
    assert w.status.label.text() == "" and w.status.ack.isHidden()
    w.close()
    _second, w = conflict_told_at_sign_in()
    assert [u[0] for u in w.status.unacked if first.number in u[0]] == []
    w.close()


def test_a_visitor_served_at_one_counter_is_handed_over_through_a_transition(db, tmp_path):
    """Counter 1 called and served the number offline; counter 2 called her too and
    finished her (she was at counter 2): the record hands her over by a move (the
    conflict's event at counter 2), called there and served from that call, not from
    counter 1's start. A note can no longer move a visitor between counters, change her
    wait, or who served her (it only fills in an officer where the record has none)."""
    from ult_desktop.db.queue.transition import note

    t = issue_ticket(db, service="A")
    now = datetime.now(timezone.utc)
    one = CounterJournal(tmp_path / "one.sqlite")
    two = CounterJournal(tmp_path / "two.sqlite")
    one.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="call", now=now)
    one.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="serve",
               now=now + timedelta(minutes=1))
    called = now + timedelta(minutes=2)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="call", now=called)
    two.record(day=t.day, number=t.number, counter=2, officer_id=3, kind="finish",
               now=now + timedelta(minutes=5))
    one.land(db)
    two.land(db)
    [row] = db.query("SELECT state, counter_number, called_at, serving_at, first_called_at "
                     "FROM tickets WHERE id = ?", (t.id,))
    assert (row["state"], row["counter_number"]) == ("done", 2)
    assert row["serving_at"] == row["called_at"] == row["first_called_at"]
    assert row["called_at"][:19] == called.isoformat()[:19]
    [conflict] = db.query("SELECT counter_number FROM events WHERE kind = 'call_conflict'")
    assert conflict[0] == 2
    assert reconcile(db)["ok"]
    with pytest.raises(ValueError, match="counter_number"):
        db.write(lambda conn: note(None, conn, t.id, counter_number=1))
    with pytest.raises(ValueError, match="called_at"):
        db.write(lambda conn: note(None, conn, t.id, called_at=now.isoformat()))
    with pytest.raises(ValueError, match="first_called_at"):
        db.write(lambda conn: note(None, conn, t.id, first_called_at=now.isoformat()))
    for officer in (3, 2):  # nobody signed in at counter 2: filled in once, then kept
        assert db.write(lambda conn, o=officer: note(None, conn, t.id, officer_id=o)
                        ).officer_id == 3
