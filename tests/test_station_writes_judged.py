"""A write is judged against the state of what it moves, as the record holds it (the
pattern of ``tests/test_station_acts_judged.py``).

A share writer with plain ``sqlite3`` first writes the value the rightful station then
sets, or a row under the name, prefix or number it then makes: the rightful station's
write still reaches every station (its event carries every column it wrote, the forged row
is neither updated in place nor lets it stop). Real files, real keys.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from ult_desktop.db import errors
from ult_desktop.db.house import office as office_db
from ult_desktop.db.house import officers
from ult_desktop.db.record import judged

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _share_writer(db_path: Path, sql: str, params: tuple = ()) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute(sql, params)


def _listed(db) -> dict:
    return {o.username: o for o in office_db.list_officers(db)}


@pytest.mark.parametrize(("column", "value", "change", "seen"), [
    ("role", "'admin'", {"role": "admin", "pin": "51827364"}, lambda o: o.role == "admin"),
    ("name", "'Dewi L.'", {"name": "Dewi L."}, lambda o: o.name == "Dewi L."),
    ("active", "0", {"active": False}, lambda o: not o.active),
], ids=["role", "name", "active"])
def test_an_officer_s_change_a_share_writer_made_first_still_reaches_every_station(
        office, db_path, column, value, change, seen):
    """Dewi's role, name or state set by a share writer to what the admin then sets: the
    counter and the kiosk take the admin's change (not the record's old value)."""
    _share_writer(db_path, f"UPDATE officers SET {column} = {value} WHERE username = 'dewi'")
    assert not seen(_listed(office["c1"])["dewi"])
    officers.update_officer(office["admin"], username="dewi", **change)
    for pc in ("c1", "kiosk"):
        assert seen(_listed(office[pc])["dewi"]), pc
    if column == "role":
        assert "dewi" in {u for u, _, _ in office_db.admin_pin_hashes(office["kiosk"])}


def test_an_officer_the_record_never_held_is_changed_by_no_admin(office, db_path):
    """A share writer's officer (listed nowhere) is not the admin's to promote: refused,
    and her row moves nothing."""
    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('mallory', 'Mallory', 'back_office', 'x', 1)")
    with pytest.raises(errors.RuleViolation):
        officers.update_officer(office["admin"], username="mallory", role="admin",
                                pin="51827364")
    assert "mallory" not in _listed(office["kiosk"])


def test_a_username_a_share_writer_took_is_given_by_the_admin(office, db_path):
    """A share writer's row under "wati" neither stops the admin adding Wati nor is her:
    the kiosk keeps the admin's Wati and her PIN's hash."""
    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('wati', 'Mallory', 'admin', 'x', 1)")
    office_db.add_officer(office["admin"], username="wati", name="Wati", role="admin",
                          pin="90817263")
    kept = {u: (n, h) for u, n, h in office_db.admin_pin_hashes(office["kiosk"])}
    assert kept["wati"][0] == "Wati" and kept["wati"][1] != "x", kept
    assert office["kiosk"].query("SELECT name FROM officers WHERE username = 'wati'") \
        [0][0] == "Wati"


def test_a_pin_reset_of_an_officer_whose_row_a_share_writer_deleted_reaches_the_kiosk(
        office, db_path):
    """Dewi's row deleted with plain ``sqlite3``: the record still holds her, and the
    admin's reset of her PIN is in it (the kiosk's copy of the record's hash moves)."""
    before = judged.officers(office["kiosk"])["dewi"]["pin_hash"]
    _share_writer(db_path, "DELETE FROM officers WHERE username = 'dewi'")
    office_db.reset_pin(office["admin"], username="dewi", pin="51827364")
    assert judged.officers(office["kiosk"])["dewi"]["pin_hash"] != before


def test_a_service_a_share_writer_made_under_a_prefix_is_not_the_admin_s_new_one(
        office, db_path):
    """A share writer's service "Z" (its fee Rp 500.000): the admin's new service "Z" is
    the one every kiosk lists, with the fee she gave it (none: the office's default)."""
    _share_writer(db_path, "INSERT INTO services (prefix, name, biaya) VALUES "
                           "('Z', 'Palsu', 'Rp 500.000')")
    assert "Z" not in {s.prefix for s in office_db.list_services(office["kiosk"])}
    office_db.save_service(office["admin"], prefix="Z", name="Pengaduan")
    [z] = [s for s in office_db.list_services(office["kiosk"]) if s.prefix == "Z"]
    assert (z.name, z.biaya) == ("Pengaduan", "Tidak dipungut biaya"), z


def test_a_service_s_name_a_share_writer_set_first_is_the_admin_s_everywhere(office,
                                                                            db_path):
    _share_writer(db_path, "UPDATE services SET name = 'Legalisir Ijazah' WHERE prefix = 'A'")
    office_db.save_service(office["admin"], prefix="A", name="Legalisir Ijazah")
    names = {s.prefix: s.name for s in office_db.list_services(office["kiosk"])}
    assert names["A"] == "Legalisir Ijazah", names


def test_a_desk_s_services_a_share_writer_set_first_are_the_admin_s_everywhere(office,
                                                                              db_path):
    """Desk 2's services set to A alone by a share writer, then by the admin (and a
    forged service "Z"): the TV's desk 2 calls A alone; a desk given every service is
    given the record's, never the forged one."""
    a = office["tv"].query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    _share_writer(db_path, "UPDATE counters SET service_ids = ? WHERE number = 2",
                  (json.dumps([a]),))
    _share_writer(db_path, "INSERT INTO services (prefix, name) VALUES ('Z', 'Palsu')")
    office_db.save_counter(office["admin"], number=2, service_prefixes=["A"])
    office_db.save_counter(office["admin"], number=3)
    desks = {c.number: c for c in office_db.list_counters(office["tv"])}
    recorded = {s.id for s in office_db.list_services(office["tv"])}
    assert desks[2].service_ids == (a,), desks[2]
    assert set(desks[3].service_ids) == recorded, desks[3]


def test_the_services_a_counter_chose_that_a_share_writer_set_first_reach_the_tv(office,
                                                                                db_path):
    a = office["tv"].query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    _share_writer(db_path, "UPDATE counters SET service_ids = ? WHERE number = 1",
                  (json.dumps([a]),))
    office_db.set_counter_services(office["c1"], number=1, service_prefixes=["A"])
    desks = {c.number: c for c in office_db.list_counters(office["tv"])}
    assert desks[1].service_ids == (a,), desks[1]


def test_a_published_survey_result_a_share_writer_set_first_is_shown(office, db_path):
    from ult_desktop.db.survey.skm import publish_result

    result = {"period": "2026-01", "ikm": 88.1, "mutu": "B", "respondents": 40}
    _share_writer(db_path, "UPDATE settings SET value = ? WHERE key = 'skm_published'",
                  (json.dumps(result),))
    publish_result(office["admin"], result=result)
    assert office_db.get_settings(office["tv"], "skm_published")["skm_published"] == result


def test_a_stand_in_s_end_a_share_writer_set_first_ends_it_everywhere(office, db_path):
    """The admin ends Sari's stand-in for Dewi early, on the day a share writer had
    already written: the counter's stand-in ends that day, not five days on."""
    c1 = office["c1"]
    day = c1.read(office_db.office_today)
    made = officers.record_standin(office["admin"], absent="dewi", standin="sari",
                                   first_day=day, last_day=day + timedelta(days=5))
    _share_writer(db_path, "UPDATE standins SET last_day = ? WHERE id = ?",
                  (day.isoformat(), made.id))
    officers.end_standin(office["admin"], standin_id=made.id, last_day=day)
    assert [s.last_day for s in c1.read(office_db.read_standins)] == [day]


def test_a_pin_lock_whose_row_a_share_writer_deleted_is_lifted_by_the_admin(office, db_path):
    """Sari locked by five wrong PINs, the lock's row then deleted with plain ``sqlite3``
    (she is still locked): the admin's unlock lifts it at every counter."""
    from ult_desktop.db.house import pinlock
    from ult_desktop.db.house.setup import DEMO_PINS

    for _ in range(4):
        assert office_db.verify_pin(office["c1"], "sari", "000000") is None
    with pytest.raises(pinlock.PinLocked):
        office_db.verify_pin(office["c1"], "sari", "000000")
    _share_writer(db_path, "DELETE FROM pin_lockouts")
    with pytest.raises(pinlock.PinLocked):
        office_db.verify_pin(office["c2"], "sari", DEMO_PINS["sari"])
    assert office_db.unlock_pin(office["admin"], username="sari")
    assert office_db.verify_pin(office["c2"], "sari", DEMO_PINS["sari"]) is not None


def test_wrong_pins_a_share_writer_counted_first_still_lock(office, db_path):
    """After Sari's first wrong PIN a share writer sets her count to 2, the one the
    station then writes: the record still counts each wrong PIN, the fifth locks her."""
    from ult_desktop.db.house import pinlock

    assert office_db.verify_pin(office["c1"], "sari", "000000") is None
    _share_writer(db_path, "UPDATE pin_lockouts SET failures = 2 WHERE subject = 'sari'")
    for _ in range(3):
        assert office_db.verify_pin(office["c1"], "sari", "000000") is None
    with pytest.raises(pinlock.PinLocked):
        office_db.verify_pin(office["c1"], "sari", "000000")


def test_a_desk_s_break_is_taken_and_ended_whatever_rows_a_share_writer_left(office,
                                                                            db_path):
    """A break row for desk 1 a share writer made stops no break of it (the TV shows the
    counter's own); that break's row then deleted with plain ``sqlite3`` stops no end of
    it (the TV shows desk 1 serving again)."""
    from ult_desktop.db.queries import queue_snapshot
    from ult_desktop.db.queue.desk import pause_counter, resume_counter

    def paused() -> object:
        desks = {c["number"]: c for c in queue_snapshot(office["tv"])["counters"]}
        return desks[1]["paused"]

    _share_writer(db_path, "INSERT INTO counter_pauses (counter, reason, note, since) "
                           "VALUES (1, 'lainnya', 'palsu', '2026-01-01T00:00:00+00:00')")
    pause_counter(office["c1"], counter=1, reason="istirahat")
    assert paused() is not None
    _share_writer(db_path, "DELETE FROM counter_pauses WHERE counter = 1")
    assert paused() is not None
    resume_counter(office["c1"], counter=1)
    assert paused() is None


def test_a_step_target_a_share_writer_set_first_is_the_admin_s_deadline(office, db_path):
    """A share writer's Standar Pelayanan row (90 days), then the admin setting 90: every
    desk's deadline is the admin's 90."""
    from ult_desktop.db.visit.handover import read_targets, set_step_targets

    step = next(iter(office["c1"].read(lambda c: read_targets(c, 1))))
    _share_writer(db_path, "INSERT INTO sop_targets (service_id, step, value) VALUES "
                  "(1, ?, 90)", (step,))
    set_step_targets(office["admin"], service_id=1, values={step: 90})
    assert office["c1"].read(lambda c: read_targets(c, 1))[step] == 90


def test_a_spent_set_s_key_a_share_writer_made_first_stops_no_survey(office, db_path):
    """The office's first survey answer makes the spent set's key; a share writer's row
    under that key, made before, stops no answer and rates no visit twice."""
    from tests.drivers import submit_survey
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.survey.skm import SPENT_KEY

    visit = issue_ticket(office["kiosk"], service="A")
    call_next(office["c1"], counter=1)
    finish(office["c1"], counter=1)
    _share_writer(db_path, "INSERT INTO settings (key, value) VALUES (?, ?)",
                  (SPENT_KEY, json.dumps("0" * 32)))
    assert submit_survey(office["tablet"], ticket_code=visit.code, answers=[4] * 9)
    with pytest.raises(errors.RuleViolation):
        submit_survey(office["tablet"], ticket_code=visit.code, answers=[1] * 9)


def test_a_survey_code_key_a_share_writer_planted_hashes_no_code(db, db_path):
    """An office without a root of trust keeps its survey codes' key in the file: a key a
    share writer put there is not the one its codes are hashed by."""
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.rows import code_salt

    planted = "0" * 32
    _share_writer(db_path, "INSERT OR REPLACE INTO settings (key, value) VALUES "
                           "('skm_code_salt', ?)", (json.dumps(planted),))
    issue_ticket(db, service="A")
    assert db.read(code_salt) not in (None, planted)


def test_a_visitor_is_sent_to_the_officers_the_record_holds(office, db_path):
    """A counter sends no visitor to an officer a share writer added (nobody would ever
    call her), and is not stopped sending one to Dewi, whose row a share writer set
    inactive."""
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.transfers import transfer

    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('mallory', 'Mallory', 'back_office', 'x', 1)")
    _share_writer(db_path, "UPDATE officers SET active = 0 WHERE username = 'dewi'")
    mallory, dewi = (office["c1"].query("SELECT id FROM officers WHERE username = ?", (u,))
                     [0][0] for u in ("mallory", "dewi"))
    issue_ticket(office["kiosk"], service="A")
    call_next(office["c1"], counter=1)
    with pytest.raises(errors.RuleViolation):
        transfer(office["c1"], counter=1, to_officer=mallory)
    assert transfer(office["c1"], counter=1, to_officer=dewi).target_officer_id == dewi


def test_a_service_s_desks_a_share_writer_set_first_are_the_admin_s_everywhere(office,
                                                                              db_path):
    """Service A taken off desk 3 by a share writer, then by the admin (Admin > Layanan's
    desks of a service): the TV's desk 3 calls A no more."""
    from ult_desktop.db.house.officers import set_service_counters

    a = office["tv"].query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    before = {c.number: c for c in office_db.list_counters(office["tv"])}
    assert a in before[3].service_ids
    _share_writer(db_path, "UPDATE counters SET service_ids = ? WHERE number = 3",
                  (json.dumps([i for i in before[3].service_ids if i != a]),))
    set_service_counters(office["admin"], prefix="A", counters=[
        n for n, c in before.items() if a in c.service_ids and n != 3])
    assert a not in {c.number: c for c in office_db.list_counters(office["tv"])}[3].service_ids


def _record(office) -> int:
    """A visit served at counter 1 and written in the register: its record's id."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import register

    ticket = issue_ticket(office["kiosk"], service="A")
    call_next(office["c1"], counter=1)
    return register.save_record(office["c1"], record=RecordInput(
        visitor_name="Ratna Dewi", question="Tunjangan belum cair"), channel="walk_in",
        ticket_id=ticket.id).id


def _recorded_cases(db) -> dict:
    return {k[0]: r for k, r in db.read(lambda c: judged.judged_rows(c, "cases")).items()}


def test_a_case_a_share_writer_made_for_a_visit_stops_no_escalation(office, db_path):
    """A closed case a share writer made for the visit's record: the counter's escalation
    still opens the visit's case in the record (the back office has it)."""
    from ult_desktop.db.visit import cases

    record_id = _record(office)
    _share_writer(db_path, "INSERT INTO cases (record_id, escalated_to, state, opened_at, "
                           "due_day) VALUES (?, 'back_office', 'closed', "
                           "'2026-01-01T00:00:00+00:00', '2026-01-02')", (record_id,))
    case = cases.open_case(office["c1"], record_id=record_id)
    assert _recorded_cases(office["c1"])[case.id]["state"] == "open"


def test_a_case_a_share_writer_closed_is_still_answered_and_closed(office, db_path):
    """The visit's case set closed with plain ``sqlite3``: the back office still answers
    it, then closes it, and the record holds both."""
    from ult_desktop.db.visit import cases

    case = cases.open_case(office["c1"], record_id=_record(office))
    _share_writer(db_path, "UPDATE cases SET state = 'closed' WHERE id = ?", (case.id,))
    cases.answer_case(office["c1"], case_id=case.id, answer="Sudah cair")
    assert _recorded_cases(office["c1"])[case.id]["state"] == "answered"
    _share_writer(db_path, "UPDATE cases SET state = 'closed' WHERE id = ?", (case.id,))
    cases.close_case(office["c1"], case_id=case.id)
    assert _recorded_cases(office["c1"])[case.id]["state"] == "closed"


def test_a_back_office_answer_reaches_a_case_a_share_writer_closed(office, db_path):
    """The escalated visit's case set closed with plain ``sqlite3``: Dewi's answer at the
    back office still answers it in the record."""
    from ult_desktop.db.visit import cases, handover

    case = cases.open_case(office["c1"], record_id=_record(office))
    hid = office["c1"].query("SELECT id FROM handovers WHERE case_id = ?", (case.id,))[0][0]
    dewi = office["c1"].query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    _share_writer(db_path, "UPDATE cases SET state = 'closed' WHERE id = ?", (case.id,))
    handover.take(office["c2"], handover_id=hid, officer_id=dewi)
    handover.answer(office["c2"], handover_id=hid, officer_id=dewi, disposition="Sudah cair")
    assert _recorded_cases(office["c1"])[case.id]["state"] == "answered"
