"""The record judges acts, not rows: a station's key may say only what that station does.

Each attack is made as an insider at one PC would: that PC's registered key (kiosk or
counter) signs a write the app would never make, through the station's own writer (its
checks bypassed) or its journal. Each is refused at landing or named by ``check`` (a real
process, exit 9) as an act that may not stand, and the report then stamps NOT VERIFIED;
the office's own roads (a backup without an admin, a day served at two counters) stay
clean. Real files, real keys.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import given_root, run_cli

from ult_desktop.core.i18n import difference_text
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    finish,
    pause_counter,
    request_interpreter,
    set_deaf,
    start_serving,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.events import append_event, iso

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)



@pytest.fixture(autouse=True)
def _own_pc_memory(tmp_path: Path, monkeypatch):
    """The PCs of a test remember its office on their own (``trust.json`` in the key
    folder): the tests' offices are copies of one demo file, and a root pinned here would
    make a later test's stations refuse their writes."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def check_json(target: Path) -> tuple[int, dict]:
    r = run_cli("check", "--db", str(target), "--json", *given_root(str(target)))
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def refused_acts(report: dict) -> set[tuple[str, str]]:
    """(label or kind, reason) of every act ``check`` would not replay."""
    return {(d["label"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "act"}


def officer_id(db, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


def test_the_daily_backup_without_an_admin_is_clean(office, db_path, tmp_path):
    """A routine ``ult-desktop backup`` on the admin PC with nobody signed in notes the
    backup in its one setting: any registered station may, so ``check`` stays 0."""
    r = run_cli("backup", "--db", str(db_path), "--out", str(tmp_path / "copy.db"),
                env={"ULT_KEY_DIR": str(tmp_path / "key-admin")})
    assert r.returncode == 0, r.stderr
    code, report = check_json(db_path)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def forge(db, sql: str, params: tuple, kind: str, *, at: datetime, ticket_id=None,
          data: dict | None = None) -> None:
    """What the PC's key signs when its writer is used outside the app's checks: a plain
    update and an event of the app's kind, in one signed write."""
    def tx(conn) -> None:
        if sql:
            conn.execute(sql, params)
        append_event(conn, db.station, kind, ticket_id=ticket_id, at=at, data=data or {})
    db.write(tx)


def ticket_row(db, ticket_id: int):
    return db.query("SELECT * FROM tickets WHERE id = ?", (ticket_id,))[0]


def named(db_path: Path, *expected: tuple[str, str]) -> dict:
    """``check`` (a real process) exits 9 naming each (label, reason) act as refused."""
    code, report = check_json(db_path)
    assert code == 9, report["reconcile"]["differences"]
    assert set(expected) <= refused_acts(report), refused_acts(report)
    return report


def not_verified(db, day: str) -> None:
    """The report of *day*'s month is stamped NOT VERIFIED."""
    from datetime import date

    from ult_desktop.reports.verified import verify

    first = date.fromisoformat(day[:7] + "-01")
    assert verify(db, first, date.fromisoformat(day[:10])).ok is False


def journal_of(db, tmp_path: Path, name: str):
    from ult_desktop.db.journals.desk_journal import CounterJournal

    return CounterJournal(tmp_path / f"{name}-desk.sqlite", signer=db.identity.signer)


def test_a_counter_journal_never_takes_a_visit_served_online_at_another_counter(
        office, db_path, tmp_path):
    """Budi serves B-001 at counter 2 online; counter 1's journal signs sari's sign-in, a
    call and a finish of B-001: landing sets them aside (the visit stays budi's), and the
    same move signed as a plain update is named by ``check``."""
    admin, c1, c2 = office["admin"], office["c1"], office["c2"]
    t = issue_ticket(office["kiosk"], service="B")
    budi, sari = officer_id(admin, "budi"), officer_id(admin, "sari")
    assert call_next(c2, counter=2, officer_id=budi).number == t.number
    start_serving(c2, counter=2)
    journal = journal_of(c1, tmp_path, "loket-1")
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=1, officer_id=sari, now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call", now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="finish",
                   now=now)
    told = journal.land(c1)
    journal.close()
    assert {(a.kind, a.state, a.winner) for a in told} >= {("call", "set_aside", 2)}
    row = ticket_row(admin, t.id)
    assert (row["counter_number"], row["state"], row["officer_id"]) == (2, "serving", budi)
    code, rep = check_json(db_path)
    assert code == 0, rep['reconcile']['differences']  # nothing the rules refuse was written
    at = datetime.now(timezone.utc)
    forge(c1, "UPDATE tickets SET state = 'done', counter_number = 1, officer_id = ?, "
              "finished_at = ? WHERE id = ?", (sari, iso(at), t.id), "finished", at=at,
          ticket_id=t.id)
    named(db_path, (f"{t.number} ({t.day})", "other_counter"))
    not_verified(admin, t.day)


def test_a_landed_act_is_verified_itself_by_check(office, db_path, tmp_path):
    """A counter's offline call lands carrying the act as its PC signed it: ``check``
    rebuilds its digest and verifies its signature, and passes. The same PC's key then
    writes a landing of another visitor with that act's fields altered after signing
    (its hash and signature kept): ``check`` names it (exit 9), NOT VERIFIED."""
    admin, c1 = office["admin"], office["c1"]
    t = issue_ticket(office["kiosk"], service="A")
    other = issue_ticket(office["kiosk"], service="A")
    sari = officer_id(admin, "sari")
    journal = journal_of(c1, tmp_path, "loket-1")
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=1, officer_id=sari, now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call", now=now)
    journal.land(c1)
    journal.close()
    assert ticket_row(admin, t.id)["state"] == "called"
    [(text,)] = admin.query("SELECT data FROM events WHERE ticket_id = ? AND kind = 'called'",
                            (t.id,))
    landed = json.loads(text)
    assert landed["act"]["number"] == t.number and landed["act"]["sig"]
    assert check_json(db_path)[0] == 0  # the act verifies
    act = {**landed["act"], "number": other.number, "request_id": "f" * 16}
    forge(c1, "UPDATE tickets SET state = 'called', counter_number = 1, officer_id = ?, "
              "called_at = ?, first_called_at = ? WHERE id = ?",
          (sari, iso(now), iso(now), other.id), "called", at=now, ticket_id=other.id,
          data={**landed, "request_id": act["request_id"], "act": act})
    report = named(db_path, (f"{other.number} ({other.day})", "act_edited"))
    text = [difference_text(d, lang) for d in report["reconcile"]["differences"]
            if d["problem"] == "act" for lang in ("id", "en")]
    assert any("diubah setelah ditandatangani" in line for line in text), text
    assert any("changed after its counter signed it" in line for line in text), text
    not_verified(admin, other.day)


def test_offline_acts_dated_while_the_counter_was_online_are_refused(office, db_path,
                                                                     tmp_path):
    """A visit nobody served, issued hours ago: counter 1 wrote online since, so no outage
    the record shows covers acts dated then."""
    from conftest import clear_of_midnight

    admin, c1 = office["admin"], office["c1"]
    now = clear_of_midnight(datetime.now(timezone.utc), before=timedelta(hours=4))
    then = now - timedelta(hours=3)
    t = issue_ticket(office["kiosk"], service="A", now=then - timedelta(minutes=5))
    pause_counter(c1, counter=1, reason="istirahat")  # written online, now
    sari = officer_id(admin, "sari")
    journal = journal_of(c1, tmp_path, "loket-1")
    journal.signin(day=t.day, counter=1, officer_id=sari, now=then)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call", now=then)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="finish",
                   now=then + timedelta(minutes=1))
    told = journal.land(c1)
    journal.close()
    assert {a.state for a in told} == {"refused"} and len(told) == 3
    assert ticket_row(admin, t.id)["state"] == "waiting"
    forge(c1, "UPDATE tickets SET state = 'done', counter_number = 1, called_at = ?, "
              "serving_at = ?, finished_at = ? WHERE id = ?",
          (iso(then), iso(then), iso(then), t.id), "finished", at=then, ticket_id=t.id,
          data={"offline": True})  # (words only: no act its station signed)
    named(db_path, (f"{t.number} ({t.day})", "act_edited"))
    not_verified(admin, t.day)


def test_an_officer_never_signed_in_is_never_credited(office, db_path, tmp_path):
    """Counter 1's journal signs dewi's sign-in (she never signed in anywhere): her
    sign-in is refused, the visits land with no officer; crediting her in a signed
    offline event is named."""
    admin, c1 = office["admin"], office["c1"]
    t = issue_ticket(office["kiosk"], service="A")
    dewi = officer_id(admin, "dewi")
    journal = journal_of(c1, tmp_path, "loket-1")
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=1, officer_id=dewi, now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=dewi, kind="call", now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=dewi, kind="finish",
                   now=now)
    told = journal.land(c1)
    journal.close()
    assert [a.kind for a in told if a.state == "refused"] == ["signin"]
    row = ticket_row(admin, t.id)
    assert (row["state"], row["officer_id"]) == ("done", None)
    assert check_json(db_path)[0] == 0
    forge(c1, "UPDATE tickets SET officer_id = ? WHERE id = ?", (dewi, t.id),
          "officer_credited", at=now, ticket_id=t.id, data={"offline": True})
    named(db_path, (f"{t.number} ({t.day})", "act_edited"))
    forge(c1, "UPDATE tickets SET officer_id = ? WHERE id = ?", (officer_id(admin, "budi"),
                                                                 t.id),
          "finished", at=datetime.now(timezone.utc), ticket_id=t.id)  # online: budi signed
    # in at counter 2, never here
    named(db_path, (f"{t.number} ({t.day})", "officer"))
    not_verified(admin, t.day)


def test_an_officer_only_named_on_a_counter_s_events_is_never_credited(office, db_path,
                                                                        tmp_path):
    """Counter 1's key signs an online pause with dewi as its actor, though she never
    signed in there: that is no sign-in. Her offline sign-in is refused at landing, and
    crediting her with a visit in a signed offline event is named."""
    admin, c1 = office["admin"], office["c1"]
    t = issue_ticket(office["kiosk"], service="A")
    dewi, sari = officer_id(admin, "dewi"), officer_id(admin, "sari")
    assert call_next(c1, counter=1, officer_id=sari).number == t.number
    finish(c1, counter=1)
    c1.set_actor("dewi")
    pause_counter(c1, counter=1, reason="istirahat")
    assert admin.query("SELECT COUNT(*) FROM events WHERE actor = 'dewi'")[0][0] > 0
    journal = journal_of(c1, tmp_path, "loket-1")
    journal.signin(day=t.day, counter=1, officer_id=dewi, now=datetime.now(timezone.utc))
    assert [a.state for a in journal.land(c1)] == ["refused"]
    journal.close()
    assert check_json(db_path)[0] == 0
    now = datetime.now(timezone.utc)
    forge(c1, "UPDATE tickets SET officer_id = ? WHERE id = ?", (dewi, t.id),
          "officer_credited", at=now, ticket_id=t.id, data={"offline": True})
    named(db_path, (f"{t.number} ({t.day})", "act_edited"))
    forge(c1, "UPDATE tickets SET officer_id = ? WHERE id = ?", (officer_id(admin, "budi"),
                                                                 t.id),
          "finished", at=datetime.now(timezone.utc), ticket_id=t.id)  # online: budi signed
    # in at counter 2, never here
    named(db_path, (f"{t.number} ({t.day})", "officer"))
    not_verified(admin, t.day)


def test_an_act_dated_in_the_future_is_refused(office, db_path, tmp_path):
    admin, c1 = office["admin"], office["c1"]
    t = issue_ticket(office["kiosk"], service="A")
    sari = officer_id(admin, "sari")
    later = datetime.now(timezone.utc) + timedelta(hours=3)
    journal = journal_of(c1, tmp_path, "loket-1")
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call",
                   now=later)
    told = journal.land(c1)
    journal.close()
    assert [a.state for a in told] == ["refused"]
    assert ticket_row(admin, t.id)["state"] == "waiting"
    forge(c1, "UPDATE tickets SET state = 'called', counter_number = 1, called_at = ?, "
              "first_called_at = ? WHERE id = ?", (iso(later), iso(later), t.id), "called",
          at=later, ticket_id=t.id, data={"offline": True})
    named(db_path, (f"{t.number} ({t.day})", "act_edited"))
    not_verified(admin, t.day)


def test_kiosk_and_counter_keys_never_rewrite_others_or_closed_months_tickets(office,
                                                                           db_path):
    """A plain signed update: the kiosk rewrites a visit counter 1 served (officer and
    finish time) and flags last month's tickets Deaf; counter 2 rewrites counter 1's visit;
    counter 1 ends a waiting ticket of last month. Each is named."""
    admin, kiosk, c1, c2 = office["admin"], office["kiosk"], office["c1"], office["c2"]
    past = datetime.now(timezone.utc) - timedelta(days=40)
    old = [issue_ticket(kiosk, service="A", now=past + timedelta(minutes=i))
           for i in range(5)]
    t = issue_ticket(kiosk, service="A")
    sari, dewi = officer_id(admin, "sari"), officer_id(admin, "dewi")
    assert call_next(c1, counter=1, officer_id=sari).number == t.number
    finish(c1, counter=1)
    now = datetime.now(timezone.utc)
    forge(kiosk, "UPDATE tickets SET officer_id = ?, finished_at = ? WHERE id = ?",
          (dewi, iso(now), t.id), "printed", at=now, ticket_id=t.id)
    ids = ",".join(str(o.id) for o in old)
    forge(kiosk, f"UPDATE tickets SET assist = 'deaf' WHERE id IN ({ids})", (), "deaf_marked",
          at=now)
    forge(c2, "UPDATE tickets SET officer_id = ? WHERE id = ?", (officer_id(admin, "budi"),
                                                                 t.id), "finished",
          at=now, ticket_id=t.id)
    forge(c1, "UPDATE tickets SET state = 'done', counter_number = 1, called_at = ?, "
              "serving_at = ?, finished_at = ? WHERE id = ?",
          (iso(now), iso(now), iso(now), old[0].id), "finished", at=now, ticket_id=old[0].id)
    report = named(db_path, (f"{t.number} ({t.day})", "column"),
                   (f"{t.number} ({t.day})", "other_counter"),
                   *((f"{o.number} ({o.day})", "closed_month") for o in old))
    text = [difference_text(d, "en") for d in report["reconcile"]["differences"]
            if d["problem"] == "act"]
    assert any("another counter" in line and "Loket 2" in line for line in text), text
    assert any("month is already closed" in line for line in text), text
    not_verified(admin, t.day)
    not_verified(admin, old[0].day)


def test_survey_answers_move_only_with_spent_codes_and_never_in_a_reported_month(
        office, db_path, tmp_path):
    """After October's report was issued the kiosk's key adds 40 answers of 4 to it in
    one signed event, with no code spent; and 40 more to this month: both named."""
    from datetime import date

    from ult_desktop.db.record.audit import issue_report

    admin, kiosk = office["admin"], office["kiosk"]
    this = date.today().replace(day=1)
    last = this - timedelta(days=1)
    paper = tmp_path / "report.pdf"
    paper.write_bytes(b"%PDF-1.4")
    issue_report(admin, report="monthly", fmt="pdf", date_from=last.replace(day=1),
                 date_to=last, files=[paper])

    def stuffed(month: str, first: int):
        def tx(conn) -> None:
            for i in range(40):
                conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, "
                             "a2, a3, a4, a5, a6, a7, a8, a9) VALUES (?, 1, ?, 'kiosk', "
                             "4,4,4,4,4,4,4,4,4)", (first + i, month))
            append_event(conn, kiosk.station, "survey_batch", data={"n": 40})
        kiosk.write(tx)

    stuffed(last.isoformat()[:7], 900_000)
    stuffed(this.isoformat()[:7], 910_000)
    code, report = check_json(db_path)
    assert code == 9
    reasons = {(d["day"], d["column"]) for d in report["reconcile"]["differences"]
               if d["problem"] == "act" and d["table"] == "skm_responses"}
    assert reasons == {(last.isoformat()[:7], "reported_month"),
                       (this.isoformat()[:7], "no_code")}
    not_verified(admin, last.isoformat())


def test_a_reported_month_changed_by_an_admin_says_so_on_its_report(office, tmp_path):
    """October's report is issued; regenerated unchanged it states nothing more. The
    admin then types 2 paper sheets into October: the regenerated report states, in one
    line, how many answers which admin added on which day after the report was issued."""
    from datetime import date

    from tests.drivers import sheet_before_36
    from tests.reports_month import pdf_text
    from ult_desktop.reports.pdf import build_pdf

    admin = office["admin"]
    last = date.today().replace(day=1) - timedelta(days=1)
    first = last.replace(day=1)
    line = "jawaban SKM (layanan/bulan/sumber) ditambahkan oleh admin"
    build_pdf(admin, first, last, tmp_path / "issued.pdf")
    again = " ".join(pdf_text(build_pdf(admin, first, last, tmp_path / "again.pdf")).split())
    assert line not in again
    for _ in range(2):
        sheet_before_36(admin, service_id=1, period=first.isoformat()[:7], source="paper",
                        answers=[4] * 9)
    changed = " ".join(pdf_text(build_pdf(admin, first, last, tmp_path / "after.pdf")).split())
    today = datetime.now(timezone.utc).date().isoformat()
    month = first.isoformat()[:7]
    assert f"2 {line} admin pada {today} setelah laporan {month} diterbitkan" in changed, \
        changed
    from ult_desktop.reports.verified import verify

    assert verify(admin, first, last).change_lines("en") == [
        f"2 SKM responses (service/month/source) added by admin admin on {today} after the "
        f"{month} report was issued"]


def test_back_dated_hall_events_are_named(office, db_path):
    """Help calls, their answers, interpreter requests, fetches and Deaf marks back-dated
    into last month by the kiosk's and a counter's keys, and a Deaf mark the kiosk's key
    signs as an officer's: the monthly accessibility page would count them."""
    kiosk, c1 = office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    back = datetime.now(timezone.utc) - timedelta(days=35)
    forge(kiosk, "", (), "help_requested", at=back, data={"kiosk": "Kiosk 1"})
    forge(c1, "", (), "help_answered", at=back, data={"call": 1, "minutes": 1.0})
    forge(c1, "", (), "interpreter_requested", at=back, ticket_id=t.id, data={})
    forge(c1, "", (), "fetched", at=back, ticket_id=t.id, data={"minutes": 2.0})
    forge(c1, "", (), "deaf_marked", at=back, ticket_id=t.id,
          data={"deaf": True, "by": "officer"})
    forge(kiosk, "", (), "deaf_marked", at=datetime.now(timezone.utc), ticket_id=t.id,
          data={"deaf": True, "officer_id": 1, "by": "officer"})
    report = named(db_path, ("help_requested", "backdated"), ("help_answered", "backdated"),
                   ("interpreter_requested", "backdated"), ("fetched", "backdated"),
                   ("deaf_marked", "backdated"), ("deaf_marked", "role"))
    text = [difference_text(d, "id") for d in report["reconcile"]["differences"]
            if d["problem"] == "act"]
    assert any("panggilan bantuan" in line and "mundur" in line for line in text), text
    not_verified(office["admin"], back.isoformat())


def test_a_morning_check_and_device_answers_only_from_their_own_stations(office, db_path):
    """The kiosk's key signs a green morning check, answers the TV's sound test under the
    TV's name and a sound test for itself: each named."""
    from ult_desktop.db.house import stations
    from ult_desktop.db.house.stations import record_morning_check

    kiosk = office["kiosk"]
    record_morning_check(kiosk, {"ok": True, "lines": []})
    request = stations.ask_device_test(office["admin"], ("printer", "sound"))
    stations.answer_device_test(kiosk, request=request, device="sound", ok=True)
    tv_name = open_database(db_path, station="TV Ruang Tunggu", mode="kiosk")
    tv_name.set_signer(kiosk.identity.signer)
    stations.answer_device_test(tv_name, request=request, device="sound", ok=True)
    tv_name.close()
    report = named(db_path, ("morning_check", "kind"), ("device_tested", "label"))
    assert sum(1 for d in report["reconcile"]["differences"]
               if d["problem"] == "act" and d["table"] == "device_tested") == 2


def test_the_office_s_own_day_with_its_hall_aids_is_clean(office, db_path, tmp_path):
    """Every road the rules must keep open: the kiosk issues and prints, two counters
    serve, a help call answered, an interpreter asked for, Deaf marked at the kiosk and the
    desk, the survey answered with codes, the TV's and the kiosk's device answers, the
    admin's morning check, the backup with nobody signed in."""
    from ult_desktop.db.house import stations
    from ult_desktop.db.house.stations import record_morning_check
    from ult_desktop.db.survey import skm as skm_db
    from ult_desktop.db.visit import hall

    admin, kiosk, c1, c2 = office["admin"], office["kiosk"], office["c1"], office["c2"]
    sari, budi = officer_id(admin, "sari"), officer_id(admin, "budi")
    a = [issue_ticket(kiosk, service="A") for _ in range(2)]
    b = issue_ticket(kiosk, service="B")
    set_deaf(kiosk, deaf=True, ticket_id=a[0].id)
    call = hall.request_help(kiosk)
    hall.answer_help(c1, event_id=call, officer_id=sari)
    for _ in a:
        called = call_next(c1, counter=1, officer_id=sari)
        request_interpreter(c1, number=called.number, officer_id=sari)
        start_serving(c1, counter=1)
        finish(c1, counter=1)
    assert call_next(c2, counter=2, officer_id=budi).number == b.number
    set_deaf(c2, deaf=True, number=b.number, officer_id=budi)
    finish(c2, counter=2)
    skm_db.write_batch(office["tablet"], [{"code": t.code, "source": "tablet",
                                           "answers": [3] * 9} for t in a], batch_id="day")
    request = stations.ask_device_test(admin, ("printer", "sound"))
    stations.answer_device_test(kiosk, request=request, device="printer", ok=True)
    stations.answer_device_test(office["tv"], request=request, device="sound", ok=True)
    record_morning_check(admin, {"ok": True, "lines": []})
    r = run_cli("backup", "--db", str(db_path), "--out", str(tmp_path / "copy.db"),
                env={"ULT_KEY_DIR": str(tmp_path / "key-admin")})
    assert r.returncode == 0, r.stderr
    code, report = check_json(db_path)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def test_survey_answers_only_inside_the_answer_window(office, db_path):
    """The tablet's key spends a code and adds an answer for a visit four months ago (the
    answer window is 7 days): named, though a code was spent with it."""
    from datetime import date

    tablet = office["tablet"]
    month = (date.today().replace(day=1) - timedelta(days=100)).isoformat()[:7]

    def late(conn) -> None:
        conn.execute("INSERT INTO skm_spent_codes (code_hash) VALUES (?)", ("f" * 64,))
        conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, a3, "
                     "a4, a5, a6, a7, a8, a9) VALUES (920000, 1, ?, 'tablet', "
                     "4,4,4,4,4,4,4,4,4)", (month,))
        append_event(conn, tablet.station, "survey_batch", data={"n": 1})

    tablet.write(late)
    code, report = check_json(db_path)
    assert code == 9
    assert {(d["day"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "act"} == {(month, "answer_window")}


def forged_ticket(db, like: dict, **changed) -> None:
    """The PC's key inserts a ticket row of its own making (a copy of *like*, changed),
    with an ``issued`` event, in one signed write."""
    row = {**like, **changed}
    row["code_hash"] = f"{row['seq']:064x}"
    columns = ", ".join(row)
    forge(db, f"INSERT INTO tickets ({columns}) VALUES ({', '.join('?' * len(row))})",
          tuple(row.values()), "issued", at=datetime.now(timezone.utc), ticket_id=row["id"])


def test_kiosk_inserts_and_held_ranges_are_judged_and_a_huge_id_stops_no_one(office,
                                                                             db_path):
    """The kiosk's key inserts a ticket already done by sari at counter 1, one with id
    2^63-2, and holds ranges under another kiosk's name and with ids past the record's;
    counter 1's key inserts a ticket it is serving. Each is named; every station still
    issues."""
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    like = dict(ticket_row(admin, t.id))
    now = iso(datetime.now(timezone.utc))
    forged_ticket(kiosk, like, id=t.id + 1, seq=801, number="A-801", state="done",
                  counter_number=1, officer_id=officer_id(admin, "sari"), called_at=now,
                  serving_at=now, finished_at=now)
    forged_ticket(kiosk, like, id=2**63 - 2, seq=802, number="A-802")
    forged_ticket(c1, like, id=t.id + 2, seq=803, number="A-803", state="serving",
                  counter_number=3, called_at=now, serving_at=now)
    for station, first_id, seq in (("Kiosk 2", t.id + 10, 900), ("Kiosk 1", 2**62, 1)):
        forge(kiosk, "INSERT INTO number_reserves (day, prefix, first_seq, last_seq, "
                     "first_id, station) VALUES (?, 'B', ?, ?, ?, ?)",
              (t.day, seq, seq + 5, first_id, station),
              "numbers_reserved", at=datetime.now(timezone.utc))
    after = [issue_ticket(db, service="A") for db in (kiosk, kiosk, admin)]
    assert all(a.id < 2**53 for a in after) and len({a.id for a in after}) == 3
    assert call_next(c1, counter=1, officer_id=officer_id(admin, "sari")) is not None
    report = named(db_path, (f"A-801 ({t.day})", "not_waiting"),
                   (f"A-802 ({t.day})", "ticket_id"), (f"A-803 ({t.day})", "not_waiting"))
    assert {d["column"] for d in report["reconcile"]["differences"]
            if d["problem"] == "act" and d["table"] == "number_reserves"} == {
        "reserve", "ticket_id"}
    text = [difference_text(d, "en") for d in report["reconcile"]["differences"]
            if d["problem"] == "act"]
    assert any("only issue a waiting ticket" in line for line in text), text
    not_verified(admin, t.day)


@pytest.mark.parametrize("below", [1, 2])
def test_a_ticket_forged_just_under_the_id_bound_stops_no_one(office, db_path, below):
    """A kiosk key's ticket at the last ids the record would take: every station goes on
    issuing, each ticket its own id, and the forged one is named."""
    from ult_desktop.core.authority import ID_BOUND

    admin, kiosk = office["admin"], office["kiosk"]
    t = issue_ticket(kiosk, service="A")
    forged_ticket(kiosk, dict(ticket_row(admin, t.id)), id=ID_BOUND - below, seq=t.seq + 1,
                  number=f"A-{t.seq + 1:03d}")
    after = [issue_ticket(db, service="A") for db in (kiosk, admin, kiosk, admin)]
    assert len({a.id for a in after} | {t.id, ID_BOUND - below}) == 6
    named(db_path, (f"A-{t.seq + 1:03d} ({t.day})", "ticket_id"))


def test_an_online_event_dated_in_the_future_is_named_and_moves_no_time(office, db_path):
    """The kiosk's key signs a help call 3 hours ahead: named ``future``; counter 1's
    honest call and help answer after it are not named back-dated."""
    from ult_desktop.db.visit import hall

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    later = datetime.now(timezone.utc) + timedelta(hours=3)
    forge(kiosk, "", (), "help_requested", at=later, data={"kiosk": "Kiosk 1"})
    call = hall.request_help(kiosk)
    sari = officer_id(admin, "sari")
    assert call_next(c1, counter=1, officer_id=sari).number == t.number
    hall.answer_help(c1, event_id=call, officer_id=sari)
    finish(c1, counter=1)
    report = named(db_path, ("help_requested", "future"))
    assert refused_acts(report) == {("help_requested", "future")}, refused_acts(report)
    text = [difference_text(d, "en") for d in report["reconcile"]["differences"]
            if d["problem"] == "act"]
    assert any("dated in the future" in line for line in text), text
    not_verified(admin, t.day)


def test_one_key_dated_ahead_makes_no_other_station_s_honest_acts_back_dated(office,
                                                                            db_path):
    """The kiosk's key signs a help call 14 minutes ahead (inside the clocks' tolerance:
    not named); counter 1, whose PC runs 3 minutes slow, calls and finishes a visit after
    it. Judged against the time two stations agree on, not one key's newest, its honest
    acts are not named back-dated (they were: "17 minutes before the record's time")."""
    from conftest import clear_of_midnight

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    # the visit's ten minutes on one office day (at most 11 minutes back near midnight)
    slow = clear_of_midnight(datetime.now(timezone.utc), before=timedelta(minutes=10),
                             after=timedelta(0)) - timedelta(minutes=3)
    t = issue_ticket(kiosk, service="A", now=slow - timedelta(minutes=5))
    forge(kiosk, "", (), "help_requested", at=datetime.now(timezone.utc) +
          timedelta(minutes=14), data={"kiosk": "Kiosk 1"})
    sari = officer_id(admin, "sari")
    assert call_next(c1, counter=1, officer_id=sari, now=slow).number == t.number
    finish(c1, counter=1, now=slow + timedelta(minutes=1))
    code, report = check_json(db_path)
    assert code == 0 and not refused_acts(report), refused_acts(report)


def test_survey_answers_deleted_by_a_kiosk_key_are_named(office, db_path, tmp_path):
    """October holds three phone answers and its report is issued; the kiosk's key
    deletes the worst one in a signed event: named, the month NOT VERIFIED."""
    from datetime import date

    from tests.drivers import sheet_before_36
    from ult_desktop.db.record.audit import issue_report

    admin, kiosk = office["admin"], office["kiosk"]
    last = date.today().replace(day=1) - timedelta(days=1)
    month = last.isoformat()[:7]
    for score in (4, 4, 1):
        sheet_before_36(admin, service_id=1, period=month, source="phone",
                        answers=[score] * 9)
    paper = tmp_path / "report.pdf"
    paper.write_bytes(b"%PDF-1.4")
    issue_report(admin, report="monthly", fmt="pdf", date_from=last.replace(day=1),
                 date_to=last, files=[paper])
    assert check_json(db_path)[0] == 0
    forge(kiosk, "DELETE FROM skm_responses WHERE period = ? AND a1 = 1", (month,),
          "survey_batch", at=datetime.now(timezone.utc), data={"n": 0})
    code, report = check_json(db_path)
    assert code == 9, report["reconcile"]["differences"]
    assert {(d["day"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "act"} == {(month, "reported_month")}
    not_verified(admin, last.isoformat())


def test_a_counter_moves_a_ticket_only_as_the_queue_allows(office, db_path):
    """Counter 1's key brings a done ticket back to serving and ends a waiting one at
    once (never called): each move is named."""
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    served, waiting = (issue_ticket(kiosk, service="A") for _ in range(2))
    assert call_next(c1, counter=1, officer_id=officer_id(admin, "sari")).id == served.id
    finish(c1, counter=1)
    now = datetime.now(timezone.utc)
    forge(c1, "UPDATE tickets SET state = 'serving', serving_at = ? WHERE id = ?",
          (iso(now), served.id), "serving", at=now, ticket_id=served.id)
    forge(c1, "UPDATE tickets SET state = 'done', counter_number = 1, finished_at = ? "
              "WHERE id = ?", (iso(now), waiting.id), "finished", at=now, ticket_id=waiting.id)
    report = named(db_path, (f"{served.number} ({served.day})", "transition"),
                   (f"{waiting.number} ({waiting.day})", "transition"))
    assert {r for _, r in refused_acts(report)} == {"transition"}
    not_verified(admin, waiting.day)


def test_the_phone_page_s_day_count_from_its_serving_station_is_clean(office, db_path):
    """The TV's key writes its phone page's count of the day (bands shown, held): clean.
    The survey tablet's key cannot; a count carrying a ticket or dated before its day is
    named."""
    from ult_desktop.core.phone import PHONE_BAND_DAY
    from ult_desktop.db.house.stations import record_phone_bands

    today = issue_ticket(office["kiosk"], service="A").day
    record_phone_bands(office["tv"], today, 1, 1)
    code, report = check_json(db_path)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]
    record_phone_bands(office["tablet"], today, 3, 3)
    office["c1"].write(lambda conn: append_event(conn, "Loket 1", PHONE_BAND_DAY, data={
        "day": today, "shown": 1, "inside": 1, "ticket": 7}))
    record_phone_bands(office["kiosk"], "2099-01-01", 1, 0)
    report = named(db_path, (PHONE_BAND_DAY, "kind"), (PHONE_BAND_DAY, "label"))
    assert sum(1 for d in report["reconcile"]["differences"] if d["problem"] == "act" and
               d["table"] == PHONE_BAND_DAY) == 3


def test_a_kiosk_s_ticket_names_its_station_and_a_huge_number_stops_no_one(office, db_path):
    """The kiosk's key inserts a waiting ticket under another kiosk's name, one numbered
    with SQLite's largest integer, and holds a range ending there: each is named, and
    every station still issues the next number of that day."""
    from ult_desktop.core.numbering import format_number

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    t = issue_ticket(kiosk, service="A")
    like, huge = dict(ticket_row(admin, t.id)), 2**63 - 1
    forged_ticket(kiosk, like, id=t.id + 1, seq=t.seq + 1,
                  number=format_number("A", t.seq + 1), station="Kiosk 2")
    forged_ticket(kiosk, like, id=t.id + 2, seq=huge, number=format_number("A", huge))
    forge(kiosk, "INSERT INTO number_reserves (day, prefix, first_seq, last_seq, first_id, "
                 "station) VALUES (?, 'A', ?, ?, ?, 'Kiosk 1')",
          (t.day, huge - 5, huge, t.id + 3), "numbers_reserved", at=datetime.now(timezone.utc))
    after = [issue_ticket(db, service="A") for db in (kiosk, admin, c1)]
    assert [a.seq for a in after] == [t.seq + 2, t.seq + 3, t.seq + 4]
    assert call_next(c1, counter=1, officer_id=officer_id(admin, "sari")) is not None
    report = named(db_path, (f"{format_number('A', t.seq + 1)} ({t.day})", "station"),
                   (f"{format_number('A', huge)} ({t.day})", "ticket_id"))
    assert {d["column"] for d in report["reconcile"]["differences"]
            if d["problem"] == "act" and d["table"] == "number_reserves"} == {"reserve"}
    assert len(refused_acts(report)) == 3, refused_acts(report)  # the honest ones stand
    text = [difference_text(d, "en") for d in report["reconcile"]["differences"]
            if d["problem"] == "act"]
    assert any("another station" in line for line in text), text
    not_verified(admin, t.day)


@pytest.mark.parametrize("lands_at", ["c2", "c1"])
def test_a_revoked_pcs_journal_lands_nothing_though_its_row_is_put_back(
        office, db_path, tmp_path, lands_at):
    """Counter 2's PC is lost and the admin revokes its key; a share writer sets its row
    back to registered. Its journal's sign-in, call and Selesai of a waiting visitor, landed
    at that PC or carried to counter 1's, are refused: the root's act stands, not the row."""
    import sqlite3

    from ult_desktop.db.record import station_keys

    admin, c2 = office["admin"], office["c2"]
    t = issue_ticket(office["kiosk"], service="A")
    budi = officer_id(admin, "budi")
    journal = journal_of(c2, tmp_path, "loket-2")
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=2, officer_id=budi, now=now)
    journal.record(day=t.day, number=t.number, counter=2, officer_id=budi, kind="call", now=now)
    journal.record(day=t.day, number=t.number, counter=2, officer_id=budi, kind="finish",
                   now=now)
    key = c2.identity.signer.key_id
    station_keys.revoke_key(admin, key)
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE station_keys SET state = 'registered' WHERE key_id = ?", (key,))
    raw.close()
    told = journal.land(office[lands_at])
    journal.close()
    assert [(a.kind, a.state) for a in told] == [
        ("signin", "refused"), ("call", "refused"), ("finish", "refused")]
    assert ticket_row(admin, t.id)["state"] == "waiting"
