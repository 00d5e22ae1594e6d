"""Penugasan: a stand-in recorded at the admin PC moves the absent
officer's desk items and routed visitors to the stand-in for its days, at another
station on the same file, and ends by itself."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.drivers import WAIT, login
from ult_desktop.core.register import RecordInput
from ult_desktop.core.sop import Handover
from ult_desktop.db import errors
from ult_desktop.db.house import office, officers
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, handover, register

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines


def officer_id(db, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


@pytest.fixture
def admin_pc(db_target: str):
    """The admin PC, the Pimpinan signed in."""
    database = open_database(db_target, station="admin-pc", mode="admin")
    database.set_actor("kepala")
    yield database
    database.close()


def today(db) -> date:
    return db.read(office.office_today)


def dewis_taken_case(db) -> Handover:
    """A phone request escalated to back office and taken by Dewi."""
    rec = register.save_record(db, record=RecordInput(visitor_name="Pak Yusuf",
                                                      phone="081233344455",
                                                      question="Sertifikat hilang"),
                               channel="phone", service="B")
    case = cases.open_case(db, record_id=rec.id)
    [hid] = [r[0] for r in db.query("SELECT id FROM handovers WHERE case_id = ?", (case.id,))]
    return handover.take(db, handover_id=hid, officer_id=officer_id(db, "dewi"))


def test_a_stand_in_gets_the_absent_officers_desk_and_routed_visitors(db, admin_pc):
    sari, budi, dewi = (officer_id(db, u) for u in ("sari", "budi", "dewi"))
    taken = dewis_taken_case(db)
    visitor = issue_ticket(db, service="A")
    call_next(db, counter=3, officer_id=budi)
    transfer(db, counter=3, to_officer=dewi)  # sent to Dewi, who is away
    day = today(db)

    def desk(who: int) -> set[int]:
        return {h.id for h in db.read(lambda c: handover.read_back_office_list(c, who))}

    assert taken.id not in desk(sari)
    with pytest.raises(errors.RuleViolation):  # not hers
        handover.answer(db, handover_id=taken.id, officer_id=sari, disposition="Sudah")
    # the Pimpinan assigns Sari to Dewi's work for two days, by letter
    made = officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                                   last_day=day + timedelta(days=1),
                                   letter_no="800/123/BPMP", letter_date=day)
    assert (made.absent_name, made.standin_name) == ("Dewi Lestari", "Sari Wulandari")
    # at the counter's station (another connection to the same file)
    assert taken.id in desk(sari)
    assert [t.number for t in db.read(lambda c: handover.read_tickets_for_officer(
        c, sari, day.isoformat()))] == [visitor.number]
    called = call_next(db, counter=2, officer_id=sari)  # the routed visitor,
    # though counter 2 does not serve A
    assert called.number == visitor.number
    # one more sent to Dewi, taken by Sari at the back-office desk from the list she sees
    second = issue_ticket(db, service="A")
    call_next(db, counter=3, officer_id=budi)
    transfer(db, counter=3, to_officer=dewi)
    [listed] = db.read(lambda c: handover.read_tickets_for_officer(c, sari, day.isoformat()))
    assert listed.number == second.number
    took, desk_work = handover.take_ticket(db, officer_id=sari, ticket_id=listed.id)
    assert (took.number, took.state.value, desk_work.to_officer) == (
        second.number, "serving", sari)
    assert db.read(lambda c: handover.read_tickets_for_officer(c, sari, day.isoformat())) == []
    answered = handover.answer(db, handover_id=taken.id, officer_id=sari,
                               disposition="Sertifikat diterbitkan ulang")
    assert answered.state.value == "answered"
    # the audit trail names it, and the month's report lists it
    [event] = admin_pc.query("SELECT actor, data FROM events WHERE kind = ?",
                             (officers.STANDIN_RECORDED,))
    assert event[0] == "kepala" and "800/123/BPMP" in event[1]


def test_the_monthly_report_lists_the_stand_ins_of_its_period(db, admin_pc, tmp_path):
    from tests.reports_month import pdf_text
    from ult_desktop.reports.pdf import build_pdf

    day = today(db)
    officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                            last_day=day, letter_no="800/123/BPMP", letter_date=day)
    officers.record_standin(admin_pc, absent="rahmat", standin="budi",
                            first_day=day - timedelta(days=40),
                            last_day=day - timedelta(days=35))  # orally, long before
    text = " ".join(pdf_text(build_pdf(db, day, day, tmp_path / "r.pdf")).split())
    assert "Penugasan (petugas pengganti)" in text
    assert "Dewi Lestari Sari Wulandari" in text and "800/123/BPMP" in text
    assert "Rahmat Hidayat" not in text  # not in this period


def test_a_stand_in_ends_by_itself_and_only_the_admin_or_the_head_records_one(db, admin_pc):
    sari, dewi = officer_id(db, "sari"), officer_id(db, "dewi")
    taken = dewis_taken_case(db)
    day = today(db)
    # a stand-in that was for the last two days, given orally: over today
    officers.record_standin(admin_pc, absent="dewi", standin="sari",
                            first_day=day - timedelta(days=2), last_day=day - timedelta(days=1))
    assert db.read(lambda c: office.acting_for(c, sari)) == [sari]
    assert taken.id not in {h.id for h in db.read(
        lambda c: handover.read_back_office_list(c, sari))}
    assert db.read(lambda c: office.acting_for(c, sari, day - timedelta(days=1))) == [sari, dewi]
    # the same days again for Dewi: refused; an end today: the next one is fine
    with pytest.raises(errors.RuleViolation) as clash:
        officers.record_standin(admin_pc, absent="dewi", standin="budi",
                                first_day=day - timedelta(days=1), last_day=day,
                                letter_no="1", letter_date=day)
    assert "sudah punya pengganti" in str(clash.value)
    with pytest.raises(errors.RuleViolation, match="surat penugasan"):
        officers.record_standin(admin_pc, absent="dewi", standin="budi", first_day=day,
                                last_day=day, letter_no="800/1")  # a number without a date
    admin_pc.set_actor("sari")  # a front-office officer at the admin PC
    with pytest.raises(errors.RuleViolation, match="admin atau pimpinan"):
        officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                                last_day=day)
    admin_pc.set_actor("admin")
    now = officers.record_standin(admin_pc, absent="dewi", standin="budi", first_day=day,
                                  last_day=day + timedelta(days=5))
    officers.end_standin(admin_pc, standin_id=now.id, last_day=day - timedelta(days=1))
    assert db.read(lambda c: office.acting_for(c, officer_id(db, "budi"))) == [
        officer_id(db, "budi")]


def test_the_stand_in_signs_in_at_the_counter_with_the_absent_officers_role(
        qtbot, make_window, db, admin_pc):
    """Sari (front office) standing in for Dewi (back office) gets the back-office desk
    and its answer button for those days, and the top bar says for whom."""
    taken = dewis_taken_case(db)
    day = today(db)
    officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                            last_day=day, letter_no="800/9", letter_date=day)
    w = make_window()
    login(qtbot, w, "sari", 1)
    assert "menggantikan Dewi Lestari" in w.who.text()
    assert w.tabs.isTabVisible(w.tabs.indexOf(w.queue))  # still her own queue too
    desk = w.backoffice
    assert w.tabs.isTabVisible(w.tabs.indexOf(desk)) and desk.back_office()
    w.tabs.setCurrentIndex(w.tabs.indexOf(desk))
    desk.refresh()
    qtbot.waitUntil(lambda: desk.state is not None and
                    taken.id in {h.id for h in desk.state.incoming}, timeout=WAIT)
    desk.list.select_handover(taken.id)
    what, item = desk.list.selected()
    assert (what, item.id) == ("handover", taken.id)


def test_no_stand_in_for_the_admin_or_the_head_nor_one_without_end(db, admin_pc):
    """A stand-in would pass the absent officer's role on: never the admin's or the
    head's; and none longer than 90 days (``9999-12-31`` was accepted). A row planted
    past the app (the table only) gives nobody that work or role either."""
    day = today(db)
    for absent in ("admin", "kepala"):
        with pytest.raises(errors.RuleViolation) as info:
            officers.record_standin(admin_pc, absent=absent, standin="sari", first_day=day,
                                    last_day=day)
        assert info.value.key == "admin.error.standin_not_for"
    with pytest.raises(errors.RuleViolation) as info:
        officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                                last_day=date(9999, 12, 31))
    assert info.value.key == "admin.error.standin_too_long" and "90" in str(info.value)
    officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                            last_day=day + timedelta(days=89))  # 90 days: allowed
    sari = officer_id(db, "sari")

    def plant(conn) -> None:
        for absent, last in (("admin", day), ("rahmat", date(9999, 12, 31))):
            conn.execute("INSERT INTO standins (absent_id, standin_id, first_day, last_day, "
                         "created_by, created_at) VALUES (?, ?, ?, ?, 'admin', ?)",
                         (officer_id(db, absent), sari, day.isoformat(), last.isoformat(),
                          day.isoformat()))

    db.write(plant)
    assert db.read(lambda c: office.acting_for(c, sari)) == [sari, officer_id(db, "dewi")]


def test_the_counter_panel_offers_exactly_whom_the_queue_lets_it_call(db, admin_pc):
    """The counter's list is the queue's own judgement (``core.queue.eligible``, as
    ``call_next`` judges): a visitor sent to the absent officer is offered at her
    stand-in's counter though it does not serve that service; a priority ticket the
    office keeps for the priority counter is listed at another counter as kept there,
    never as one it may call."""
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.ui.counter import jobs

    sari, budi, dewi = (officer_id(db, u) for u in ("sari", "budi", "dewi"))
    visitor = issue_ticket(db, service="A")
    call_next(db, counter=3, officer_id=budi)
    transfer(db, counter=3, to_officer=dewi)
    day = today(db)
    officers.record_standin(admin_pc, absent="dewi", standin="sari", first_day=day,
                            last_day=day, letter_no="800/124/BPMP", letter_date=day)
    panel = jobs.counter_state(db, counter=2, officer_id=sari)
    assert [t.number for t in panel.waiting] == [visitor.number]
    assert panel.callable == {visitor.id} and panel.held == []
    assert call_next(db, counter=2, officer_id=sari).number == visitor.number
    finish(db, counter=2)

    set_settings(admin_pc, priority_policy="priority_counter_only")
    kept = issue_ticket(db, service="A", priority=True)
    elsewhere = jobs.counter_state(db, counter=1, officer_id=budi)
    assert [t.number for t in elsewhere.waiting] == [kept.number]
    assert elsewhere.callable == frozenset()
    assert [(n, until) for n, _where, until in elsewhere.held] == [(kept.number, "")]
    assert call_next(db, counter=1, officer_id=budi) is None
    at_priority_desk = jobs.counter_state(db, counter=3, officer_id=budi)
    assert at_priority_desk.callable == {kept.id} and at_priority_desk.held == []

