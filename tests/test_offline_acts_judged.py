"""An offline act is an act of the record, not a note: each is signed by the counter PC's
key when it happens and chained in its journal, and landing judges it like a click (the
move must be allowed from the state the record has) plus what only offline needs. An
edited journal is refused at landing, never absorbed; real files, real keys."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import clear_of_midnight
from tests.drivers import admin_pc, sit_at
from ult_desktop.app import station_key
from ult_desktop.core.chain import act_digest
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.reconcile import reconcile

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

#: The acts of a test and its tickets fall on one office day, whenever the suite runs.
NOW = clear_of_midnight(datetime.now(timezone.utc))
#: NOW is a minute before each test starts: the office's own setup writes come after
#: the tests' acts (tests/conftest.py)
NOW_BEFORE = timedelta(minutes=1)  # NOW taken as each test starts (tests/conftest.py)
#: The acts fall from NOW - 12 to NOW + 3 minutes, and the counter PC writes online at the
#: real time as each test starts: near midnight NOW moves forward (at most 10 minutes)
#: rather than an hour back, where its acts would look done before the PC's online writes
NOW_WINDOW = {"before": timedelta(minutes=13), "after": timedelta(minutes=4),
              "ahead": timedelta(minutes=10)}



@pytest.fixture
def db_path(tmp_path):
    """A demo office made now, not the session's copy: that one's writes are dated when
    the run began, which may fall inside a test's outage."""
    from ult_desktop.db.house.setup import init_database

    return init_database(tmp_path / "office.db", demo=True)


@pytest.fixture
def counter_pc(db_path, tmp_path):
    """A counter PC whose key the admin registered (role counter), and its journal."""
    admin, _root = admin_pc(str(db_path), tmp_path / "admin-key")
    key = station_key.create_key(tmp_path / "counter-key")[0]
    db = open_database(db_path, station="loket-1", mode="counter")
    db.set_signer(key)
    station_keys.request_registration(db, label="loket-1")
    station_keys.approve_key(admin, key.key_id, role="counter")
    admin.close()
    # the officers who sign in at this PC offline signed in here before, online: an
    # offline sign-in credits only an officer the record saw sign in at that station
    for officer_id, desk in ((2, 1), (3, 2)):  # (this PC stands for both counters' desks)
        [(username,)] = db.query("SELECT username FROM officers WHERE id = ?", (officer_id,))
        sit_at(db, desk, username)
    db.set_actor(None)  # (both stay signed in: the acts below are in their sessions)
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=key)
    yield db, journal, key
    journal.close()
    db.close()


def ticket(db, number: str):
    prefix, seq = number.split("-")
    return db.query("SELECT * FROM tickets WHERE prefix = ? AND seq = ?", (prefix, int(seq)))[0]


def edit(journal: CounterJournal, sql: str, params: tuple = ()) -> None:
    """What someone with the PC's disk does to the journal file between outage and landing."""
    raw = sqlite3.connect(journal.path)
    raw.execute(sql, params)
    raw.commit()
    raw.close()


def test_signed_acts_land_and_name_the_signed_in_officer(counter_pc):
    db, journal, key = counter_pc
    t = issue_ticket(db, service="A", now=NOW)
    journal.signin(day=t.day, counter=1, officer_id=2, now=NOW)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="call", now=NOW)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="finish",
                   outcome="consulted", now=NOW)
    acts = journal.acts()
    assert all(a.key_id == key.key_id and a.sig for a in acts)
    assert [a.prev for a in acts[1:]] == [a.hash for a in acts[:-1]]  # chained
    assert journal.land(db) == []
    row = ticket(db, t.number)
    assert (row["state"], row["outcome"], row["officer_id"]) == ("done", "consulted", 2)
    assert reconcile(db)["ok"]


@pytest.mark.parametrize("change", [
    "UPDATE acts SET officer_id = 5 WHERE kind = 'signin'",     # another officer
    "UPDATE acts SET number = 'A-002' WHERE kind = 'call'",     # another visitor
    "UPDATE acts SET at = '2026-10-05T02:00:00+00:00', day = '2026-10-05' WHERE kind = 'call'",
    "UPDATE acts SET outcome = 'escalated' WHERE kind = 'finish'",
], ids=["officer", "number", "earlier-day", "outcome"])
def test_an_edited_act_is_refused_and_the_record_keeps_its_state(counter_pc, change):
    db, journal, _ = counter_pc
    t = issue_ticket(db, service="A", now=NOW)
    issue_ticket(db, service="A", now=NOW)
    journal.signin(day=t.day, counter=1, officer_id=2, now=NOW)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="call", now=NOW)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=2, kind="finish", now=NOW)
    edit(journal, change)
    told = journal.land(db)
    assert any(a.state == "refused" for a in told)  # the officer is told, not absorbed
    assert journal.waiting()[0] == 0  # judged once: nothing waits for ever
    kinds = [r[0] for r in db.query("SELECT kind FROM events WHERE kind IN ('called', "
                                    "'finished', 'escalated')")]
    if "signin" in change:  # the sign-in is refused: the acts land with no officer
        assert ticket(db, t.number)["officer_id"] is None
    else:
        assert "escalated" not in kinds and ticket(db, "A-002")["state"] == "waiting"
    assert reconcile(db)["ok"]


def test_an_act_taken_out_of_the_journal_breaks_its_chain(counter_pc):
    """Deleting the 'skip' so a no-show looks served: the act after it names a hash the
    journal no longer has. It and every act after it are refused (each of those chains
    to the one before), the break is recorded once, and nothing wrong is in the record."""
    db, journal, _ = counter_pc
    t, u = (issue_ticket(db, service="A", now=NOW) for _ in range(2))
    for number, kind in ((t.number, "call"), (t.number, "skip"), (t.number, "finish"),
                         (u.number, "call"), (u.number, "finish")):
        journal.record(day=t.day, number=number, counter=1, officer_id=None, kind=kind,
                       now=NOW)
    edit(journal, "DELETE FROM acts WHERE kind = 'skip'")
    told = journal.land(db)
    assert [(a.number, a.kind, a.state) for a in told] == [
        (t.number, "finish", "refused"), (u.number, "call", "refused"),
        (u.number, "finish", "refused")]
    assert (ticket(db, t.number)["state"], ticket(db, u.number)["state"]) == (
        "called", "waiting")
    assert journal.land(db) == [] and journal.waiting()[0] == 0  # judged once
    [(counter, text)] = db.query("SELECT counter_number, data FROM events WHERE kind = "
                                 "'journal_broken'")
    assert (counter, json.loads(text)["request_id"], json.loads(text)["acts"]) == (
        1, told[0].request_id, 3)
    assert reconcile(db)["ok"]


def test_an_act_written_into_the_journal_without_the_key_is_refused(counter_pc):
    db, journal, _ = counter_pc
    t = issue_ticket(db, service="A", now=NOW)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call", now=NOW)
    forged = CounterJournal(journal.path, signer=station_key.create_key(
        journal.path.parent / "laptop")[0])  # a key nobody registered
    forged.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="finish", now=NOW)
    forged.close()
    unsigned = journal.acts()[-1]
    edit(journal, "UPDATE acts SET sig = NULL, key_id = NULL, hash = ? WHERE request_id = ?",
         (act_digest(unsigned, unsigned.prev).hex(), unsigned.request_id))
    refused = [a for a in journal.land(db) if a.state == "refused"]
    assert [a.kind for a in refused] == ["finish"]
    assert ticket(db, t.number)["state"] == "called"


def test_an_act_of_a_past_month_is_refused(counter_pc):
    """A signed act whose month is over (its report may be out) never lands there."""
    db, journal, _ = counter_pc
    t = issue_ticket(db, service="A", now=NOW)
    last_month = NOW.replace(day=1) - timedelta(days=3)
    tz_day = last_month.astimezone(timezone(timedelta(hours=7))).date().isoformat()
    journal.record(day=tz_day, number=t.number, counter=1, officer_id=None, kind="call",
                   now=last_month)
    assert [a.state for a in journal.land(db)] == ["refused"]
    assert ticket(db, t.number)["state"] == "waiting"


def test_an_offline_call_never_takes_a_visit_finished_online(counter_pc, tmp_path):
    """Counter 2 called and finished the visitor online; counter 1's journal says it called
    her earlier: the visit stays counter 2's, a call_conflict names both."""
    db, journal, _ = counter_pc
    t = issue_ticket(db, service="B", now=NOW)  # counters 1 and 2 both serve B
    earlier = NOW - timedelta(minutes=2)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call",
                   now=earlier)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="finish", now=NOW)
    assert call_next(db, counter=2, officer_id=3, now=NOW).number == t.number
    finish(db, counter=2, now=NOW)
    told = journal.land(db)
    assert {(a.kind, a.state, a.winner) for a in told} == {("call", "set_aside", 2),
                                                          ("finish", "set_aside", 2)}
    row = ticket(db, t.number)
    assert (row["counter_number"], row["officer_id"], row["state"]) == (2, 3, "done")
    [conflict] = db.query("SELECT data FROM events WHERE kind = 'call_conflict'")
    assert '"kept_by": 2' in conflict[0] and '"set_aside": 1' in conflict[0]
    assert reconcile(db)["ok"]


def test_a_selesai_for_a_visit_the_conflict_gave_to_another_counter_is_refused(counter_pc):
    """Counter 2 called the visitor offline too, and its journal landed first; counter 1's
    journal, which had called her earlier, lands (between two offline calls the earlier
    one keeps the visit) and counter 1 finishes her. Counter 2's Selesai is refused with
    a sentence, its typed record not written: before, it passed as "already saved" and
    the record vanished."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db import errors
    from ult_desktop.db.visit import cases

    db, journal, key = counter_pc
    t = issue_ticket(db, service="B", now=NOW - timedelta(minutes=3))  # 1 and 2 serve B
    journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call",
                   now=NOW - timedelta(minutes=2))
    other = CounterJournal(journal.path.parent / "loket-2-desk.sqlite", signer=key)
    other.record(day=t.day, number=t.number, counter=2, officer_id=None, kind="call",
                 now=NOW - timedelta(minutes=1))
    other.land(db)
    other.close()
    assert ticket(db, t.number)["counter_number"] == 2
    journal.land(db)
    finish(db, counter=1, number=t.number, now=NOW)
    with pytest.raises(errors.RuleViolation) as refused:
        cases.finish_visit(db, counter=2, ticket_id=t.id, outcome="answered", now=NOW,
                           record=RecordInput(visitor_name="Tamu", question="Layanan"))
    assert "Loket 2" in str(refused.value)
    assert db.query("SELECT COUNT(*) FROM register_records WHERE ticket_id = ?",
                    (t.id,))[0][0] == 0
    assert ticket(db, t.number)["counter_number"] == 1
    assert reconcile(db)["ok"]


def test_acts_before_sign_in_are_credited_when_the_officer_signs_in(counter_pc):
    """Nobody could sign in at the PC while the share was away: the visits land with no
    officer; when the officer signs in there, they are hers (the report counts them)."""
    db, journal, _ = counter_pc
    a, b = issue_ticket(db, service="A", now=NOW), issue_ticket(db, service="A", now=NOW)
    for t in (a, b):
        journal.record(day=t.day, number=t.number, counter=1, officer_id=7, kind="call", now=NOW)
        journal.record(day=t.day, number=t.number, counter=1, officer_id=7, kind="finish", now=NOW)
    journal.land(db)
    assert {ticket(db, t.number)["officer_id"] for t in (a, b)} == {None}  # 7 was typed
    journal.signin(day=a.day, counter=1, officer_id=2, now=NOW)
    journal.land(db)
    assert {ticket(db, t.number)["officer_id"] for t in (a, b)} == {2}
    assert db.query("SELECT COUNT(*) FROM events WHERE kind = 'officer_credited'")[0][0] == 2
    assert reconcile(db)["ok"]


def test_the_report_counts_by_officer_what_the_counters_served(counter_pc):
    """A visit served at a PC nobody could sign in to (never credited) has its own row in
    the report's per-officer table: the rows add up to the counters' served visits."""
    from datetime import date

    from ult_desktop.reports.data import collect

    db, journal, _ = counter_pc
    a, b = issue_ticket(db, service="A", now=NOW), issue_ticket(db, service="A", now=NOW)
    call_next(db, counter=1, officer_id=2, now=NOW)
    finish(db, counter=1, now=NOW)
    journal.record(day=b.day, number=b.number, counter=1, officer_id=None, kind="call", now=NOW)
    journal.record(day=b.day, number=b.number, counter=1, officer_id=None, kind="finish", now=NOW)
    journal.land(db)
    day = date.fromisoformat(a.day)
    data = collect(db, day, day)
    by_officer = {r.label: r.served for r in data.per_officer()}
    assert sum(by_officer.values()) == sum(r.served for r in data.per_counter()) == 2
    assert by_officer["(tanpa petugas tercatat)"] == 1


def test_the_monthly_report_states_the_outage_as_a_fact(counter_pc, tmp_path):
    """A counter served two visitors from its journal while the share was away: the
    report names the outage (bounded by the live writes around it), the acts done on the
    PC, and says
    each was counted once; the PDF prints it."""
    from datetime import date

    from pypdf import PdfReader

    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import build_pdf

    db, journal, _ = counter_pc
    a, b = issue_ticket(db, service="A", now=NOW), issue_ticket(db, service="A", now=NOW)
    start = NOW - timedelta(minutes=12)  # after the PC's last write online
    for i, t in enumerate((a, b)):
        journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call",
                       now=start + timedelta(minutes=5 * i))
        journal.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="finish",
                       now=start + timedelta(minutes=5 * i + 3))
    journal.land(db)
    day = date.fromisoformat(a.day)
    [outage] = collect(db, day, day).outages
    # from the first act (nothing written live before it) to the first write after it
    assert outage.offline_acts == 4 and (outage.since, outage.until) == (start, NOW)
    out = build_pdf(db, day, day, tmp_path / "r.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Berkas bersama tidak terjangkau" in text


def test_the_evidence_pack_states_the_years_outages_as_the_monthly_report_does(
        counter_pc, tmp_path):
    """The same outage in the year's evidence pack (Aspek 3, "Layanan saat gangguan"):
    one row with the acts done on the PC, equal to the monthly report's."""
    import csv
    from datetime import date

    from ult_desktop.reports.data import collect
    from ult_desktop.reports.evidence import build_evidence

    db, journal, _ = counter_pc
    a = issue_ticket(db, service="A", now=NOW)
    journal.record(day=a.day, number=a.number, counter=1, officer_id=None, kind="call",
                   now=NOW - timedelta(minutes=9))
    journal.record(day=a.day, number=a.number, counter=1, officer_id=None, kind="finish",
                   now=NOW - timedelta(minutes=2))
    journal.land(db)
    day = date.fromisoformat(a.day)
    [outage] = collect(db, day, day).outages
    files = build_evidence(db, day.year, tmp_path / "pack")
    [sheet] = [f for f in files if f.name == "3.2 Layanan saat gangguan.csv"]
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        body = list(csv.reader(f, delimiter=";"))[1:-1]
    assert [row[1:] for row in body] == [[str(outage.offline_acts), str(outage.held_tickets)]]
    assert outage.offline_acts == 2


def test_an_offline_no_show_of_a_visitor_being_fetched_is_set_aside_and_the_rest_lands(
        counter_pc):
    """The counter called a visitor who waits seated to be fetched, then the share went
    away and its journal kept a no-show of her: the ticket's rule refuses it at landing
    too. That act is set aside with the rule's sentence (the officer is told), and the
    journal's later acts, a Selesai of another visitor, land: never a journal jammed."""
    from ult_desktop.core.priority import ELDERLY, SEAT

    db, journal, _ = counter_pc
    sit_at(db, 3, db.query("SELECT username FROM officers WHERE id = 2")[0][0])
    seated = issue_ticket(db, service="B", priority_group=ELDERLY, assist=(SEAT,),
                          now=NOW)
    other = issue_ticket(db, service="B", now=NOW)
    called = call_next(db, counter=3, officer_id=2, now=NOW)  # the priority desk
    assert called.number == seated.number and called.fetching
    journal.signin(day=seated.day, counter=3, officer_id=2, now=NOW)
    for number, kind in ((seated.number, "skip"), (other.number, "call"),
                         (other.number, "finish")):
        journal.record(day=seated.day, number=number, counter=3, officer_id=2, kind=kind,
                       now=NOW)
    told = journal.land(db)
    sentence = (f"{seated.number} menunggu dijemput di kursinya, bukan tidak hadir: jemput "
                "dulu, lalu tekan Dijemput.")
    assert [(a.kind, a.state, a.winner, a.why) for a in told] == [
        ("skip", "set_aside", 3, sentence)]
    assert journal.waiting()[0] == 0  # judged once: nothing waits for ever
    assert (ticket(db, seated.number)["state"], ticket(db, other.number)["state"]) == (
        "called", "done")
    assert reconcile(db)["ok"]
