"""A station acts only on what the record lets stand (the pattern of
``tests/test_station_reads_judged.py``): the admin PINs a kiosk keeps, the tickets it
prints again, the survey's spent codes, the officers the desks and Admin list.

Each attack is made as an insider would: a share writer changes a table with plain
``sqlite3`` (no key, no event), or a registered key that may not signs the change through
its own writer. The station does not act on it; the same change made by the rightful
station moves it (so the observation can fail). Real files, real keys.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ult_desktop.core import pins
from ult_desktop.db.house import office as office_db
from ult_desktop.db.record import judged
from ult_desktop.db.record.events import append_event

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _share_writer(db_path: Path, sql: str, params: tuple) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute(sql, params)


def test_an_admin_no_admin_made_opens_no_locked_kiosk(office, db_path):
    """A share writer adds an active admin with a PIN hash of their own, and swaps the
    real admin's hash for one they know: the admin PINs the kiosk keeps (to open while the
    share is away) hold neither; an admin the admin PC adds is kept at once."""
    known = pins.hash_pin("90817263")
    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('mallory', 'Mallory', 'admin', ?, 1)", (known,))
    _share_writer(db_path, "UPDATE officers SET pin_hash = ? WHERE username = 'admin'",
                  (known,))
    kept = office_db.admin_pin_hashes(office["kiosk"])
    assert [u for u, _, _ in kept] == ["admin"], kept
    assert kept[0][2] != known
    assert ("officers", str((office["kiosk"].query(
        "SELECT id FROM officers WHERE username = 'mallory'")[0][0],))) in \
        judged.set_aside(office["kiosk"])

    office_db.add_officer(office["admin"], username="wati", name="Wati", role="admin",
                          pin="90817263")
    assert [u for u, _, _ in office_db.admin_pin_hashes(office["kiosk"])] == ["admin", "wati"]


def _written(who: str, db_path: Path, tv, sql: tuple) -> None:
    """*sql* written by a share writer with plain ``sqlite3`` (*who* "share") or by the TV's
    own writer, its key signing a ``settings_changed`` event (a role that may not)."""
    if who == "share":
        _share_writer(db_path, *sql)
        return

    def forge(conn) -> None:
        conn.execute(*sql)
        append_event(conn, "TV", "settings_changed", data={})
    tv.write(forge)


def _forge_ticket(office, db_path, who: str, *, state: str = "waiting", seq: int = 900,
                  code_hash: str = "F0000001", **extra) -> int:
    """A ticket row A-<seq> of today a share writer inserts with plain ``sqlite3``, or
    one the TV's key "issues" (its role may not); its id."""
    from ult_desktop.db import queries
    from ult_desktop.db.record.events import append_event

    kiosk = office["kiosk"]
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    at = "2026-01-01T00:00:00+00:00"
    row = {"day": kiosk.read(queries.read_today), "prefix": "A", "seq": seq,
           "number": f"A-{seq}", "code_hash": code_hash, "service_id": service_a,
           "priority": 0, "state": state, "channel": "walk_in", "issued_at": at,
           "sort_at": at, "station": "Kiosk 1", **extra}
    insert = (f"INSERT INTO tickets ({', '.join(row)}) VALUES "
              f"({', '.join('?' * len(row))})", tuple(row.values()))
    if who == "share":
        _share_writer(db_path, *insert)
    else:
        def forge(conn) -> None:
            tid = conn.execute(*insert).lastrowid
            append_event(conn, "TV", "issued", ticket_id=tid, ticket_number=f"A-{seq}",
                         service_prefix="A")
        office["tv"].write(forge)
    return kiosk.query("SELECT id FROM tickets WHERE number = ?", (f"A-{seq}",))[0][0]


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_ticket_no_act_issued_is_printed_again_by_no_kiosk(office, db_path, who):
    """Asked to print "A-900" again (a counter's request on the feed, the admin's
    command), the kiosk prints no paper and gives no survey code for a ticket no act
    issued; its own ticket is printed again with a new code."""
    from ult_desktop.app.print_service import reprint_and_record
    from ult_desktop.db import errors
    from ult_desktop.db.queue.numbers import issue_ticket

    kiosk = office["kiosk"]
    forged = _forge_ticket(office, db_path, who)
    with pytest.raises(errors.NotFound):
        reprint_and_record(kiosk, number="A-900", printer="none")
    assert not kiosk.query("SELECT 1 FROM events WHERE ticket_id = ? AND kind IN "
                           "('survey_code_renewed', 'printed')", (forged,))
    honest = issue_ticket(kiosk, service="A")
    ticket, _ = reprint_and_record(kiosk, number=honest.number, printer="none")
    assert ticket.id == honest.id and ticket.code and ticket.code != honest.code


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_spent_set_s_key_no_survey_station_set_rates_no_visit_twice(office, db_path, who):
    """A visit rated at the tablet, then the spent set's key changed by a share writer (or
    signed by the TV's key, which may not): the tablet still says "already answered" and
    takes no second answer; a visit not rated yet is still taken."""
    import json

    from tests.drivers import submit_survey
    from ult_desktop.db import errors
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.survey.skm import SPENT_KEY, survey_ticket

    kiosk, c1, tablet = office["kiosk"], office["c1"], office["tablet"]
    visits = [issue_ticket(kiosk, service="A") for _ in range(2)]
    for _ in visits:
        call_next(c1, counter=1)
        finish(c1, counter=1)
    submit_survey(tablet, ticket_code=visits[0].code, answers=[4] * 9)
    with pytest.raises(errors.RuleViolation):
        survey_ticket(tablet, ticket_code=visits[0].code)
    sql = ("UPDATE settings SET value = ? WHERE key = ?", (json.dumps("0" * 32), SPENT_KEY))
    _written(who, db_path, office["tv"], sql)

    with pytest.raises(errors.RuleViolation):
        survey_ticket(tablet, ticket_code=visits[0].code)
    with pytest.raises(errors.RuleViolation):
        submit_survey(tablet, ticket_code=visits[0].code, answers=[1] * 9)
    assert submit_survey(tablet, ticket_code=visits[1].code, answers=[3] * 9)
    assert tablet.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 2


@pytest.mark.parametrize("who", ["share", "tv"])
def test_an_officer_no_admin_made_is_listed_at_no_desk(office, db_path, who):
    """An active back-office officer added (and Dewi renamed) by a share writer or the
    TV's key: the counter's list of officers to send a visitor to, and Admin > Petugas,
    hold neither; an officer the admin adds is listed at once."""

    sqls = [("INSERT INTO officers (username, name, role, pin_hash, active) VALUES "
             "('mallory', 'Mallory', 'back_office', 'x', 1)", ()),
            ("UPDATE officers SET name = 'Dewi (pindah)' WHERE username = 'dewi'", ())]
    for sql in sqls:
        _written(who, db_path, office["tv"], sql)

    for pc in ("c1", "admin"):
        listed = {o.username: o.name for o in office_db.list_officers(office[pc])}
        assert "mallory" not in listed and listed["dewi"] == "Dewi Lestari", (pc, listed)
    office_db.add_officer(office["admin"], username="wati", name="Wati", role="back_office",
                          pin="581637")
    assert "wati" in {o.username for o in office_db.list_officers(office["c1"])}


@pytest.mark.parametrize("who", ["share", "tv"])
def test_an_absent_officer_s_role_no_admin_set_is_given_to_no_stand_in(office, db_path, who):
    """The admin records Sari standing in for Dewi (back office); Dewi's role then set to
    helpdesk by a share writer or the TV's key: Sari takes Dewi's role as the record gives
    it, not the helpdesk's; the admin's own change of Dewi's role moves it."""
    from ult_desktop.db.house import officers

    c1 = office["c1"]
    day = c1.read(office_db.office_today)
    officers.record_standin(office["admin"], absent="dewi", standin="sari", first_day=day,
                            last_day=day)
    sql = ("UPDATE officers SET role = 'helpdesk' WHERE username = 'dewi'", ())
    _written(who, db_path, office["tv"], sql)

    def roles() -> list[str]:
        return [s.absent_role for s in c1.read(lambda conn: office_db.read_standins(
            conn, first=day, last=day))]

    assert roles() == ["back_office"]
    officers.update_officer(office["admin"], username="dewi", role="front_office")
    assert roles() == ["front_office"]


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_survey_role_no_admin_gave_takes_no_answer(office, db_path, who):
    """The TV's key pointed at the survey tablet's registration in ``station_keys`` by a
    share writer (or by the TV's own writer): the TV still takes no survey answer; the
    admin registering it as a survey station lets it."""
    from ult_desktop.db.record import station_keys
    from ult_desktop.db.survey.skm import read_may_take_answers

    tv = office["tv"]
    tv_key, tablet_key = tv.identity.signer.key_id, office["tablet"].identity.signer.key_id
    assert not tv.read(read_may_take_answers)
    sql = ("UPDATE station_keys SET event_id = (SELECT event_id FROM station_keys WHERE "
           "key_id = ?) WHERE key_id = ?", (tablet_key, tv_key))
    _written(who, db_path, tv, sql)

    assert not tv.read(read_may_take_answers)
    assert office["tablet"].read(read_may_take_answers)
    station_keys.approve_key(office["admin"], tv_key, role="survey")
    assert tv.read(read_may_take_answers)


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_name_no_admin_set_is_in_no_person_s_copy(office, db_path, who):
    """A visitor's copy of her data names the officer who served her and the service as
    the record holds them, not as a share writer (or the TV's key) renamed them; the
    admin's own renaming is in it at once."""
    from datetime import datetime, timezone

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.privacy import person
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import register

    c1, admin = office["c1"], office["admin"]
    ticket = issue_ticket(office["kiosk"], service="A")
    call_next(c1, counter=1)
    sari = c1.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    register.save_record(c1, record=RecordInput(visitor_name="Ratna Dewi", topic="Legalisir"),
                         channel="walk_in", ticket_id=ticket.id, officer_id=sari,
                         now=datetime.now(timezone.utc))
    for sql in (("UPDATE officers SET name = 'Mallory' WHERE username = 'sari'", ()),
                ("UPDATE services SET name = 'Pungutan' WHERE prefix = 'A'", ())):
        _written(who, db_path, office["tv"], sql)

    def named() -> tuple[str, str]:
        [found] = person.find(admin, "Ratna Dewi")
        [record] = person.copy_of(admin, found["id"])["register_records"]
        return record["officer"], record["service"]

    officer, service = named()
    assert officer == "Sari Wulandari" and service != "Pungutan", (officer, service)
    office_db.save_service(admin, prefix="A", name="Legalisir")
    assert named() == ("Sari Wulandari", "Legalisir")


def test_heartbeats_no_station_signed_let_no_kiosk_issue_by_a_wrong_clock(office, db_path):
    """A kiosk whose clock is ten minutes off refuses to issue unless the other stations
    see the share's clock off alike: heartbeat rows a share writer makes, saying so, do
    not count; the same said by the stations' own signed heartbeats does."""
    import json
    from datetime import datetime, timezone

    from ult_desktop.db.house import stations
    from ult_desktop.db.queue.numbers import clock_problem

    kiosk, off = office["kiosk"], 600.0
    now = datetime.now(timezone.utc).isoformat()
    for name in ("Loket 1", "Loket 2", "Loket 9", "Tablet SKM"):
        _share_writer(db_path, "INSERT INTO stations (id, mode, version, clock, detail) VALUES "
                               "(?, 'counter', '1', ?, ?) ON CONFLICT(id) DO UPDATE SET "
                               "clock = excluded.clock, detail = excluded.detail",
                      (name, now, json.dumps({"skew_s": off})))

    def issues() -> bool:
        assert stations.heartbeat(kiosk)
        kiosk.clock_skew_s = off  # (as this PC's clock measured it)
        return clock_problem(kiosk) is None

    assert not issues()
    for pc in ("c1", "c2", "tablet"):
        office[pc].clock_skew_s = off
        assert stations.heartbeat(office[pc])
    assert issues()


def test_an_admin_no_admin_made_lets_the_last_admin_go_nowhere(office, db_path):
    """An active admin a share writer adds does not count as a second admin: the office's
    only admin is still refused her own removal (no admin would be left in the record);
    with a second admin the admin PC added, she may go."""
    from ult_desktop.db import errors
    from ult_desktop.db.house import officers

    admin = office["admin"]
    _share_writer(db_path, "INSERT INTO officers (username, name, role, pin_hash, active) "
                           "VALUES ('mallory', 'Mallory', 'admin', 'x', 1)", ())
    for change in ({"active": False}, {"role": "front_office"}):
        with pytest.raises(errors.RuleViolation):
            officers.update_officer(admin, username="admin", **change)
    office_db.add_officer(admin, username="wati", name="Wati", role="admin", pin="90817263")
    officers.update_officer(admin, username="admin", active=False)
    assert not {o.username: o.active for o in office_db.list_officers(admin)}["admin"]


def test_a_role_no_admin_set_weakens_no_new_pin(office, db_path):
    """The office asks eight digits of an admin's PIN; the admin's role set to front office
    by a share writer: resetting her PIN still asks eight (a six-digit one is refused); a
    front-office officer's six digits are taken."""
    from ult_desktop.db import errors

    admin = office["admin"]
    office_db.set_settings(admin, pin_min_length_admin=8)
    _share_writer(db_path, "UPDATE officers SET role = 'front_office' WHERE username = 'admin'",
                  ())
    with pytest.raises(errors.RuleViolation):
        office_db.reset_pin(admin, username="admin", pin="518273")
    office_db.reset_pin(admin, username="admin", pin="51827364")
    office_db.reset_pin(admin, username="sari", pin="518273")


def test_a_role_no_admin_set_makes_no_admin_without_an_admin_s_pin(office, db_path):
    """Sari's role set to admin by a share writer: the admin promoting her is still asked
    for a new admin's PIN; with it, the promotion's PIN is in the record."""
    from ult_desktop.db import errors
    from ult_desktop.db.house import officers

    admin = office["admin"]
    _share_writer(db_path, "UPDATE officers SET role = 'admin' WHERE username = 'sari'", ())
    with pytest.raises(errors.RuleViolation):
        officers.update_officer(admin, username="sari", role="admin")
    before = judged.officers(admin)["sari"]["pin_hash"]
    officers.update_officer(admin, username="sari", role="admin", pin="51827364")
    assert judged.officers(admin)["sari"]["pin_hash"] != before


def test_a_heartbeat_no_station_signed_is_in_no_morning_check(office, db_path, tmp_path):
    """A heartbeat row a share writer makes for a kiosk nobody registered, its printer out
    of paper: the morning check names no such kiosk; once the admin registers a kiosk of
    that name and it beats, it is named."""
    from datetime import datetime, timezone

    from ult_desktop.app import station_key
    from ult_desktop.app.selftest import Options
    from ult_desktop.app.selftest.office import checks
    from ult_desktop.db.house import stations
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    now = datetime.now(timezone.utc).isoformat()
    _share_writer(db_path, "INSERT INTO stations (id, mode, version, clock, printer_state, "
                           "detail) VALUES ('Kiosk 9', 'kiosk', '1', ?, 'paper_out', '{}')",
                  (now,))

    def named() -> set[str]:
        return {c.id for c in checks(Options(db=str(db_path)))}

    lines = named()
    assert not {i for i in lines if i.endswith("Kiosk 9")}, lines
    kiosk9 = open_database(db_path, station="Kiosk 9", mode="kiosk")
    try:
        kiosk9.set_signer(station_key.create_key(tmp_path / "key-kiosk9")[0])
        station_keys.request_registration(kiosk9, label="Kiosk 9")
        station_keys.approve_key(office["admin"], kiosk9.identity.signer.key_id, role="kiosk")
        assert stations.heartbeat(kiosk9, printer_state="paper_out")
        assert "office.station.Kiosk 9" in named()
    finally:
        kiosk9.close()
