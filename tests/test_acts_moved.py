"""Acts judged against what they move: the hall's help calls, the data-protection
register's answers, the SKM result's publications, sign-ins and sign-outs. Each attack is
made as an insider at one PC would (its registered key signs what the app would never
write) and named by a real ``check`` process (exit 9), its figure unmoved; each honest
road (choosing the counter's services at sign-in among them) keeps ``check`` at 0. Real
files, real keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import roomy_zone
from tests.drivers import sit_at
from tests.test_acts_judged import check_json, refused_acts
from ult_desktop.db.record.events import append_event

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def clean(target: Path) -> None:
    code, report = check_json(target)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def named(target: Path, *expected: tuple[str, str]) -> dict:
    """``check`` (a real process) exits 9 naming each (label, reason) act as refused."""
    code, report = check_json(target)
    assert code == 9, report["reconcile"]["differences"]
    assert set(expected) <= refused_acts(report), refused_acts(report)
    return report


def forge(db, kind: str, *, data: dict, at: datetime | None = None, **where) -> int:
    """A row-less event of the app's kind that the PC's key signs outside the app."""
    return db.write(lambda conn: append_event(conn, db.station, kind, at=at, data=data,
                                              **where))


def verified(db, day: date) -> bool:
    from ult_desktop.reports.verified import verify

    return verify(db, day.replace(day=1), day).ok


# -- the counter's services chosen at sign-in ---------------------------------------------
def test_choosing_the_counter_s_services_at_sign_in_is_clean(office, db_path):
    """Sari signs in at counter 1 and ticks only service C (docs/counter.md): the
    counter's write of its services is its own act, so ``check`` stays 0 and the month's
    report is verified. Its key changing anything else of a counter is still named."""
    from ult_desktop.ui.counter import jobs

    c1 = office["c1"]
    jobs.set_services(c1, 1, ["C"])
    assert c1.query("SELECT service_ids FROM counters WHERE number = 1")[0][0] != "[1, 2]"
    jobs.set_services(c1, 1, ["A", "B", "C"])
    clean(db_path)
    assert verified(office["admin"], datetime.now(timezone.utc).date())

    def rename(conn) -> None:
        conn.execute("UPDATE counters SET name = 'Loket VIP', priority_counter = 1 "
                     "WHERE number = 2")
        append_event(conn, c1.station, "settings_changed", counter=2, data={"counter": 2})
    c1.write(rename)
    code, report = check_json(db_path)
    assert code == 9
    assert {(d["table"], d["problem"]) for d in report["reconcile"]["differences"]} >= {
        ("counters", "authority")}, report["reconcile"]["differences"]


# -- the hall's help calls ------------------------------------------------------------------
def test_help_answers_stand_only_for_a_kiosk_s_unanswered_call_and_count_their_own_time(
        office, db_path):
    """A kiosk calls twice; counter 1 answers the first as the app does (4 minutes later),
    and its key answers the second in a write of its own that says 0.2 minutes (the
    call was 10 minutes before): the report counts 4 and 10, the events' own times.
    Counter 2's key then signs 12 answers, 0.2 minutes each, of calls no kiosk made (none,
    its own call, a ticket's event) and a second answer of an answered call: ``check``
    names each, the report is NOT VERIFIED, and its help minutes are still 4 and 10."""
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import hall
    from ult_desktop.reports.data import collect

    admin, kiosk, c1, c2 = office["admin"], office["kiosk"], office["c1"], office["c2"]
    sari = officer_id(admin, "sari")
    now = datetime.now(timezone.utc)
    first = hall.request_help(kiosk, now=now - timedelta(minutes=12))
    second = hall.request_help(kiosk, now=now - timedelta(minutes=10))
    hall.answer_help(c1, event_id=first, officer_id=sari, now=now - timedelta(minutes=8))
    forge(c1, "help_answered", at=now, data={"call": second, "kiosk": "Kiosk 1",
                                             "officer_id": sari, "minutes": 0.2})
    day = now.astimezone(WIB).date()  # (the days around it: whatever the hour)
    around = (day - timedelta(days=1), day + timedelta(days=1))
    assert sorted(collect(admin, *around).help_minutes) == [4.0, 10.0]
    clean(db_path)

    ticket = issue_ticket(kiosk, service="A")
    [(issued,)] = admin.query("SELECT issue_event FROM tickets WHERE id = ?", (ticket.id,))
    own = forge(c2, "help_requested", data={"kiosk": "Kiosk 1"})
    budi = officer_id(admin, "budi")
    for call in (None, 10**6, own, issued, *range(10**7, 10**7 + 8)):
        forge(c2, "help_answered", data={"call": call, "kiosk": "Kiosk 1",
                                         "officer_id": budi, "minutes": 0.2})
    forge(c2, "help_answered", data={"call": first, "kiosk": "Kiosk 1", "officer_id": budi,
                                     "minutes": 0.2})
    report = named(db_path, ("help_answered", "help_call"), ("help_answered", "help_twice"),
                   ("help_requested", "kind"))
    refused = [d for d in report["reconcile"]["differences"]
               if d["problem"] == "act" and d["table"] == "help_answered"]
    assert len(refused) == 13, refused
    assert not verified(admin, day)
    assert sorted(collect(admin, *around).help_minutes) == [4.0, 10.0]


WIB = timezone(timedelta(hours=7))


def officer_id(db, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


# -- the data-protection register and the SKM result's publications --------------------
def test_only_the_admin_station_gives_a_copy_or_publishes_the_skm_result(office, db_path,
                                                                          tmp_path):
    """The admin PC gives a person a copy and publishes the SKM result: ``check`` 0, the
    register holds one request and the evidence pack one publication. The lobby TV's key
    then signs 15 copies "given by admin" four days after their request, and six
    publications of the SKM result (as its settings' note, without the setting): each is
    named, the report is NOT VERIFIED, and neither figure moves. Asked on the TV's PC, a
    copy is refused before any file is written."""
    from ult_desktop.db import errors
    from ult_desktop.db.privacy import person
    from ult_desktop.db.privacy import requests as person_requests
    from ult_desktop.db.survey import skm as skm_db
    from ult_desktop.reports import evidence
    from ult_desktop.reports.person_pdf import save_copy

    admin, tv = office["admin"], office["tv"]
    now = datetime.now(timezone.utc)
    person.note_copy_given(admin, 1, "pdf", (now - timedelta(hours=5)).isoformat())
    skm_db.publish_result(admin, result={"period": f"{now.year}-S1", "ikm": 88.1})
    clean(db_path)

    def figures() -> tuple:
        def read(conn):
            requests = person_requests.read_requests(conn, now.year)
            return (len(requests), sum(r["within_72h"] for r in requests),
                    evidence._requests(conn, now.year, "WIB", "id").figure,
                    evidence._publication(conn, now.year, "id").figure)
        return admin.read(read)

    before = figures()
    assert before[:2] == (1, 1)
    tv.set_actor("admin")
    late = (now - timedelta(days=4)).isoformat()
    for n in range(15):
        forge(tv, "person_shown", data={"person": n + 1, "format": "pdf", "received": late})
    for _ in range(6):
        forge(tv, "settings_changed", data={"keys": ["skm_published"]})
    tv.set_actor(None)
    report = named(db_path, ("person_shown", "kind"), ("settings_changed", "role"))
    assert sum(d["problem"] == "act" for d in report["reconcile"]["differences"]) == 21
    assert not verified(admin, now.date())
    assert figures() == before
    out = tmp_path / "copy.json"
    with pytest.raises(errors.RuleViolation):
        save_copy(tv, 1, out)
    assert not out.exists()


# -- sign-ins and sign-outs (desk time) -------------------------------------------------
def test_a_sign_in_only_from_a_counter_and_a_sign_out_only_where_the_officer_signed_in(
        office, db_path):
    """Sari signed in at counter 1 an hour ago and served a visitor. The TV's key signs
    rahmat in at a counter, and counter 2's key signs sari out half an hour ago (she
    signed in at counter 1, never at 2): both named, the report is NOT VERIFIED, and its
    desk time is as it was. Budi signing out at counter 2, where he signed in, is clean."""
    from ult_desktop.db.queue.desk import call_next, finish, start_serving
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGIN, OFFICER_LOGOUT, record_session
    from ult_desktop.reports.data import collect

    admin, kiosk, c1, c2, tv = (office[n] for n in ("admin", "kiosk", "c1", "c2", "tv"))
    # the story keeps to one office day: the zone whose day has run longest (CI once ran
    # at 00:18 WIB: her sign-in fell on the day before the visitor she served)
    now = datetime.now(timezone.utc)
    midnight = roomy_zone(admin, now)
    day = (midnight + timedelta(hours=12)).date()  # (the zone's date: UTC+7..9 at noon)
    around = (day - timedelta(days=1), day + timedelta(days=1))
    sit_at(c1, 1, "sari", now=now - timedelta(hours=1))
    issue_ticket(kiosk, service="A")
    call_next(c1, counter=1, officer_id=officer_id(admin, "sari"))
    start_serving(c1, counter=1)
    finish(c1, counter=1)
    clean(db_path)

    def desk() -> dict:
        return {t.label: t.present for t in collect(admin, *around).officer_time}

    before = desk()
    assert sum(before.values()) >= 60, before
    record_session(tv, OFFICER_LOGIN, "rahmat", counter=3, screen="counter",
                   now=now - timedelta(hours=2))
    record_session(c2, OFFICER_LOGOUT, "sari", counter=1, screen="counter",
                   now=now - timedelta(minutes=30))
    report = named(db_path, ("officer_login", "kind"), ("officer_logout", "signed_out"))
    assert sum(d["problem"] == "act" for d in report["reconcile"]["differences"]) == 2
    assert desk() == before
    assert not verified(admin, day)


def test_a_sign_in_needs_the_officer_s_pin_typed_at_that_pc_for_that_desk(office, db_path):
    """Sari signs in at counter 1 with her PIN and serves. Counter 2's key then signs dewi
    in (her PIN never typed: a sign-in as the app writes it, but no proof), copies sari's
    proof onto a sign-in of its own, and calls a visitor to counter 3, where nobody signed
    in at that PC: each is named, and the served visitor's figures are not moved by them."""
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session

    admin, kiosk, c1, c2 = (office[n] for n in ("admin", "kiosk", "c1", "c2"))
    sit_at(c1, 1, "sari")
    sit_at(c2, 2, "budi")
    issue_ticket(kiosk, service="A")
    call_next(c1, counter=1, officer_id=officer_id(admin, "sari"))
    finish(c1, counter=1)
    clean(db_path)
    record_session(c2, OFFICER_LOGIN, "dewi", counter=2, screen="counter")
    import json

    [proof] = [d for (d,) in c1.query("SELECT data FROM events WHERE kind = 'officer_login' "
                                      "AND station = 'Loket 1' ORDER BY id DESC LIMIT 1")]
    record_session(c2, OFFICER_LOGIN, "sari", counter=1, screen="counter",
                   **{k: v for k, v in json.loads(proof).items() if k in ("desk", "proof")})
    record_session(c2, OFFICER_LOGIN, "budi", counter=2, screen="counter")  # (back as budi)
    issue_ticket(kiosk, service="A")
    call_next(c2, counter=3, officer_id=officer_id(admin, "budi"))
    report = named(db_path, ("officer_login", "sign_in_proof"))
    assert {why for _, why in refused_acts(report)} == {"sign_in_proof", "counter"}
    proofs = [d for d in report["reconcile"]["differences"] if d.get("column") ==
              "sign_in_proof"]
    assert len(proofs) == 3, proofs  # dewi's, sari's copied proof, budi's bare sign-in


def test_an_officer_signing_out_where_they_signed_in_is_clean(office, db_path):
    from ult_desktop.ui.counter import jobs

    jobs.logout(office["c2"], "budi", counter=2)
    clean(db_path)


# -- a ticket's priority -------------------------------------------------------------------
def test_a_priority_is_corrected_only_on_the_day_s_ticket_whose_visit_has_not_ended(
        office, db_path):
    """Sari corrects a waiting visitor's priority with a reason (as the counter screen
    does): ``check`` 0. Counter 1's key then writes the same act on the visitor she has
    served: ``check`` names it and the month's report is NOT VERIFIED, and the figures
    explained from the acts keep one priority visitor."""
    from ult_desktop.db.queue.desk import call_next, finish, reclassify_priority
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.transition import note
    from ult_desktop.reports.provenance import explain_month

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    served, waiting = issue_ticket(kiosk, service="A"), issue_ticket(kiosk, service="A")
    call_next(c1, counter=1, officer_id=officer_id(admin, "sari"))
    finish(c1, counter=1)
    reclassify_priority(c1, number=waiting.number, priority=True, reason="lansia",
                        priority_group="lansia")
    clean(db_path)
    assert explain_month(admin, served.day[:7]).figures["priority"].value == 1

    now = datetime.now(timezone.utc)
    c1.write(lambda conn: note(c1, conn, served.id, priority=1, priority_group="lansia",
                               kind="reclassified", at=now, data={
                                   "priority": True, "was": False, "reason": "lansia"}))
    named(db_path, (f"{served.number} ({served.day})", "reclassify"))
    assert not verified(admin, date.fromisoformat(served.day))
    assert explain_month(admin, served.day[:7]).figures["priority"].value == 1


# -- a counter's break ---------------------------------------------------------------------
def test_a_break_is_taken_only_at_the_pc_s_own_desk_in_its_own_officer_s_name(office,
                                                                              db_path):
    """Sari's PC (counter 1) takes and ends its own break: ``check`` 0. It then puts
    counter 2 on a three-minute break in budi's name, as the app's break writes one (budi
    signed in at counter 2's PC, never at hers): ``check`` names it, and the report is
    NOT VERIFIED."""
    from ult_desktop.db.queue.desk import pause_counter, resume_counter

    admin, c1 = office["admin"], office["c1"]
    sari, budi = officer_id(admin, "sari"), officer_id(admin, "budi")
    now = datetime.now(timezone.utc)
    pause_counter(c1, counter=1, reason="ishoma", officer_id=sari, now=now)
    resume_counter(c1, counter=1, officer_id=sari, now=now + timedelta(seconds=30))
    clean(db_path)
    pause_counter(c1, counter=2, reason="ishoma", officer_id=budi,
                  now=now + timedelta(seconds=40))
    resume_counter(c1, counter=2, officer_id=budi, now=now + timedelta(minutes=3))
    report = named(db_path)
    assert {(d["table"], d["column"]) for d in report["reconcile"]["differences"]} >= {
        ("counter_pauses", "counter")}, report["reconcile"]["differences"]
    assert not verified(admin, now.astimezone(WIB).date())
