"""The attacks one step aside of last round's rules, each tried as an insider at one PC
would (its registered key, its journal), each refused at landing or named by ``check``
(a real process) because the one table of acts (``core/acts.py``) does not hold it; and
an honest office's own roads (a report of the running month, a station's report) named
nowhere. Real files, real keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.drivers import judged_office
from tests.test_acts_judged import (
    check_json,
    forge,
    journal_of,
    named,
    not_verified,
    officer_id,
    refused_acts,
)
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.audit import issue_report
from ult_desktop.db.record.events import append_event, iso

pytestmark = pytest.mark.windows


@pytest.fixture(autouse=True)
def _own_pc_memory(tmp_path, monkeypatch):
    """Each test's PCs remember its office on their own (``trust.json``)."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


@pytest.fixture
def office(db_path, tmp_path):
    dbs = judged_office(db_path, tmp_path)
    yield dbs
    for db in dbs.values():
        db.close()


def issue_month_report(station, tmp_path, first: date, last: date) -> None:
    """*station* issues the monthly report of *first* .. *last* (a file it made)."""
    paper = tmp_path / "report.pdf"
    paper.write_bytes(b"%PDF-1.4")
    issue_report(station, report="monthly", fmt="pdf", date_from=first, date_to=last,
                 files=[paper])


def test_offline_words_in_the_data_switch_no_rule_off(office, db_path):
    """The words ``"offline": true``, at the top of an event's data or nested in a note,
    make no act offline: a kiosk's key signing the admin's green morning check, the TV's
    device answer, and a counter's help, fetch, Deaf and interpreter acts (dated in
    October) is named for each, with or without the words."""
    kiosk = office["kiosk"]
    october = datetime.now(timezone.utc).replace(day=7) - timedelta(days=40)
    for kind, data in (("morning_check", {"ok": True, "status": "ok"}),
                       ("device_tested", {"request": 1, "device": "sound", "ok": True}),
                       ("help_answered", {"call": 1}), ("fetched", {}),
                       ("interpreter_requested", {}),
                       ("deaf_marked", {"by": "officer"})):
        forge(kiosk, "", (), kind, at=datetime.now(timezone.utc),
              data={**data, "note": {"offline": True}})
        forge(kiosk, "", (), kind, at=october, data={**data, "offline": True})
    code, report = check_json(db_path)
    assert code == 9
    acts = refused_acts(report)
    for kind in ("morning_check", "help_answered", "fetched", "interpreter_requested"):
        assert (kind, "kind") in acts, acts  # a kiosk's key never makes them
    for kind, online in (("device_tested", "label"), ("deaf_marked", "role")):
        assert {(kind, online), (kind, "offline_kind")} <= acts, acts


def test_a_counter_never_moves_its_visits_into_a_reported_month(office, db_path, tmp_path):
    """Last month is reported. Counter 1's key rewrites the day, number and sequence of
    visits it served today so they fall in last month (the figures of the reported
    month would grow): named ``born`` for each; the reprinted report is not verified."""
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    last = date.today().replace(day=1) - timedelta(days=1)
    issue_month_report(admin, tmp_path, last.replace(day=1), last)
    sari = officer_id(admin, "sari")
    served = []
    for _ in range(2):
        t = issue_ticket(kiosk, service="A")
        call_next(c1, counter=1, officer_id=sari)
        finish(c1, counter=1)
        served.append(t)
    assert check_json(db_path)[0] == 0
    now = datetime.now(timezone.utc)
    for n, t in enumerate(served):
        forge(c1, "UPDATE tickets SET day = ?, seq = ?, number = ? WHERE id = ?",
              (last.isoformat(), 900 + n, f"A-{900 + n}", t.id), "finished", at=now,
              ticket_id=t.id)
    report = named(db_path, *((f"{t.number} ({t.day})", "born") for t in served))
    assert report["reconcile"]["count"] >= 2
    not_verified(admin, last.isoformat())


def test_online_events_that_only_say_offline_move_no_visit(office, db_path):
    """Counter 1's key closes a visit dated two days back, its event saying it was
    offline but carrying no act its station signed: named; so is a landed act whose
    signed time is not the event's."""
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    back = datetime.now(timezone.utc) - timedelta(days=2)
    forge(c1, "UPDATE tickets SET state = 'done', counter_number = 1, called_at = ?, "
              "serving_at = ?, finished_at = ? WHERE id = ?",
          (iso(back), iso(back), iso(back), t.id), "finished", at=back, ticket_id=t.id,
          data={"offline": True, "request_id": "r-1"})
    code, report = check_json(db_path)
    assert code == 9  # (dated before acts were carried: outside its station's outage)
    assert {(f"{t.number} ({t.day})", "act_edited"), (f"{t.number} ({t.day})", "no_outage")
            } & refused_acts(report), refused_acts(report)
    not_verified(admin, t.day)


def test_an_act_lands_once_however_its_journal_is_edited(office, db_path, tmp_path):
    """Counter 1's journal lands a call and a no-show; its unsigned ``state`` column set
    back to pending, landed again three times: no act is written twice (the record has
    one call and one no-show of that visit) and ``check`` stays clean. The same signed
    act copied into a second event is named ``repeated``."""
    import json
    import sqlite3

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    sari = officer_id(admin, "sari")
    journal = journal_of(c1, tmp_path, "loket-1")
    now = datetime.now(timezone.utc)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call",
                   now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="skip",
                   now=now + timedelta(seconds=30))
    assert journal.land(c1) == []  # (nothing set aside or refused)
    for _ in range(3):
        plain = sqlite3.connect(journal.path)
        plain.execute("UPDATE acts SET state = 'pending'")
        plain.commit()
        plain.close()
        journal.land(c1)
    journal.close()
    kinds = [k for (k,) in admin.query("SELECT kind FROM events WHERE ticket_id = ? ORDER "
                                       "BY id", (t.id,))]
    assert kinds.count("called") == 1 and kinds.count("skipped") == 1, kinds
    assert check_json(db_path)[0] == 0
    data = json.loads(admin.query("SELECT data FROM events WHERE ticket_id = ? AND kind = "
                                  "'skipped'", (t.id,))[0][0])
    at = datetime.fromisoformat(data["act"]["at"])
    forge(c1, "UPDATE tickets SET state = 'called', called_at = ? WHERE id = ?",
          (iso(at), t.id), "called", at=at, ticket_id=t.id, data=data)
    forge(c1, "UPDATE tickets SET state = 'skipped' WHERE id = ?", (t.id,), "skipped",
          at=at, ticket_id=t.id, data=data)
    code, report = check_json(db_path)
    assert code == 9
    assert (f"{t.number} ({t.day})", "repeated") in refused_acts(report), refused_acts(report)


def test_the_phone_count_comes_once_from_the_named_station_within_the_day(office, db_path):
    """The phone page's count: the TV (the default server) counts today's visitors, at
    most as many as today's tickets; a count of 100,000 visitors, a count of a day with
    no ticket, one from the survey tablet and one from a counter the settings do not
    name are each named."""
    from ult_desktop.db.house.stations import record_phone_bands

    tickets = [issue_ticket(office["kiosk"], service="A") for _ in range(3)]
    today = tickets[0].day
    record_phone_bands(office["tv"], today, 2, 2)
    record_phone_bands(office["tv"], today, 1, 0)
    assert check_json(db_path)[0] == 0
    record_phone_bands(office["tv"], today, 100_000, 100_000)
    record_phone_bands(office["tv"], "2026-10-07", 5, 5)
    record_phone_bands(office["tablet"], today, 1, 1)
    record_phone_bands(office["c1"], today, 1, 1)
    report = named(db_path, ("phone_band_day", "phone_count"), ("phone_band_day", "kind"),
                   ("phone_band_day", "phone_station"))
    assert sum(1 for d in report["reconcile"]["differences"]
               if d["table"] == "phone_band_day") == 4


def test_a_report_of_the_running_month_closes_nothing(office, db_path, tmp_path):
    """The admin prints November so far (1 to today), a counter's key signs a report of
    the whole month: the next ordinary visit is clean, and the month is still open to the
    office's own work. The kiosk's key signing one too is named: a kiosk makes no report
    (the table of acts), and it closes nothing either."""
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    today = date.today()
    first = today.replace(day=1)
    issue_month_report(admin, tmp_path, first, today)
    end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    issue_month_report(c1, tmp_path, first, end)
    t = issue_ticket(kiosk, service="A")
    call_next(c1, counter=1, officer_id=officer_id(admin, "sari"))
    finish(c1, counter=1)
    code, report = check_json(db_path)
    assert code == 0, report["reconcile"]["differences"]
    assert t.day[:7] not in report["reconcile"]["reported"]
    issue_month_report(kiosk, tmp_path, first, end)
    report = named(db_path, ("report_issued", "kind"))
    assert t.day[:7] not in report["reconcile"]["reported"]


def test_an_admin_change_to_a_reported_month_is_stated_and_one_without_an_admin_named(
        office, db_path, tmp_path):
    """Last month's report is out. The admin (signed in) deletes its three lowest
    answers: the reprinted report states it, by whom. The admin PC with nobody signed in
    adds answers and changes a visit's finish: named (``no_admin``)."""
    from tests.drivers import sheet_before_36
    from ult_desktop.reports.verified import verify

    admin, kiosk = office["admin"], office["kiosk"]
    last = date.today().replace(day=1) - timedelta(days=1)
    month = last.isoformat()[:7]
    old = issue_ticket(kiosk, service="A", now=datetime.combine(
        last, datetime.min.time(), timezone.utc) + timedelta(hours=3))
    for score in (4, 4, 1, 1, 1):
        sheet_before_36(admin, service_id=1, period=month, source="phone",
                        answers=[score] * 9)
    issue_month_report(admin, tmp_path, last.replace(day=1), last)
    admin.write(lambda conn: (conn.execute(
        "DELETE FROM skm_responses WHERE period = ? AND a1 = 1", (month,)),
        append_event(conn, admin.station, "settings_changed", data={})))
    code, report = check_json(db_path)
    assert code == 0, report["reconcile"]["differences"]
    lines = verify(admin, last.replace(day=1), last).change_lines("en")
    assert any("deleted by admin admin" in line and month in line for line in lines), lines
    admin.set_actor(None)
    sheet_before_36(admin, service_id=1, period=month, source="phone", answers=[4] * 9)
    now = datetime.now(timezone.utc)
    forge(admin, "UPDATE tickets SET state = 'cancelled', finished_at = ? WHERE id = ?",
          (iso(now), old.id), "settings_changed", at=now)
    code, report = check_json(db_path)
    assert code == 9
    who = {(d["table"], d["column"]) for d in report["reconcile"]["differences"]
           if d["problem"] == "authority"}
    assert ("skm_responses", "no_admin") in who and ("tickets", "no_admin") in who, who
    lines = verify(admin, last.replace(day=1), last).change_lines("en")
    assert any("no admin signed in" in line for line in lines), lines


def test_check_follows_each_counter_s_chain_of_acts_through_its_landings(office, db_path,
                                                                          tmp_path):
    """Counter 1's journal lands a call and a finish: clean. Its key then lands, past the
    app, a call whose no-show before it was left out (the journal's chain has a missing
    link: ``act_chain``), and writes a landed call carrying a signed act no landing
    listed (``unlisted``)."""
    from ult_desktop.core.chain import signed_fields
    from ult_desktop.db.queue.offline import land_desk_acts

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t, u, v = (issue_ticket(kiosk, service="A") for _ in range(3))
    sari = officer_id(admin, "sari")
    journal = journal_of(c1, tmp_path, "loket-1")
    now = datetime.now(timezone.utc)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call",
                   now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="finish",
                   now=now + timedelta(seconds=20))
    assert journal.land(c1) == []
    assert check_json(db_path)[0] == 0
    call = journal.record(day=u.day, number=u.number, counter=1, officer_id=sari,
                          kind="call", now=now + timedelta(seconds=40))
    journal.record(day=u.day, number=u.number, counter=1, officer_id=sari, kind="skip",
                   now=now + timedelta(seconds=50))
    again = journal.record(day=v.day, number=v.number, counter=1, officer_id=sari,
                           kind="call", now=now + timedelta(seconds=60))
    journal.close()
    signer = c1.identity.signer
    c1.write(lambda conn: land_desk_acts(c1, conn, [call, again], chain=None, signed=True,
                                         own=signer))
    code, report = check_json(db_path)
    assert code == 9
    assert ("journal_landed", "act_chain") in refused_acts(report), refused_acts(report)
    loose = journal_of(c1, tmp_path, "loket-1-other").record(
        day=t.day, number=t.number, counter=1, officer_id=sari, kind="call",
        now=now + timedelta(seconds=70))
    forge(c1, "", (), "called", at=datetime.fromisoformat(loose.at), ticket_id=t.id,
          data={"request_id": loose.request_id, "officer_id": sari, "offline": True,
                "act": signed_fields(loose), "landed": iso(datetime.now(timezone.utc))})
    code, report = check_json(db_path)
    assert ("called", "unlisted") in refused_acts(report), refused_acts(report)
