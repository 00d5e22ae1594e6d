"""A signature counts only from a key allowed to say it.

The office of each test: the admin PC (root of trust, admin signed in), a kiosk, a
counter and a survey tablet, each registered with its role, on the file and on a
PostgreSQL server. Each attack of the issue is made as an insider would (a key of their
own, or a station's key used outside the app's checks) and must be named by ``check``
(exit 9) with a sentence a head of office understands; the office's ordinary day must
stay clean.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import given_root, run_cli

from tests.drivers import admin_pc, people_served
from ult_desktop.app import station_key
from ult_desktop.core import verifier
from ult_desktop.core.i18n import difference_text
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.visit import register

pytestmark = pytest.mark.engines

ROLES = {"kiosk": ("Kiosk 1", "kiosk"), "counter": ("Loket 1", "counter"),
         "tablet": ("Tablet SKM", "survey")}
MONTH = datetime.now(timezone.utc).strftime("%Y-%m")


@pytest.fixture
def office(db_target: str, tmp_path: Path):
    admin, _ = admin_pc(db_target, tmp_path / "key-admin")
    dbs = {"admin": admin}
    for name, (label, role) in ROLES.items():
        db = open_database(db_target, station=label, mode=role)
        db.set_signer(station_key.create_key(tmp_path / f"key-{name}")[0])
        station_keys.request_registration(db, label=label)
        station_keys.approve_key(admin, db.identity.signer.key_id, role=role)
        dbs[name] = db
    dbs["counter"].set_actor("sari")
    yield dbs
    for db in dbs.values():
        db.close()


def a_day(dbs) -> list:
    """The office working as it should: tickets from the kiosk, served at the counter
    with a guest-book record, answers from the survey tablet, a setting from admin."""
    tickets = [issue_ticket(dbs["kiosk"], service="A") for _ in range(3)]
    for _ in tickets[:2]:
        called = call_next(dbs["counter"], counter=1)
        start_serving(dbs["counter"], counter=1)
        register.save_record(dbs["counter"], record=RecordInput(visitor_name="Budi",
                                                                topic="ijazah"),
                             channel="walk_in", ticket_id=called.id)
        finish(dbs["counter"], counter=1)
    skm_db.write_batch(dbs["tablet"], [{"code": t.code, "source": "tablet", "answers": [3] * 9}
                                       for t in tickets[:2]], batch_id="day")
    set_settings(dbs["admin"], running_text="Selamat datang")
    return tickets


def check_json(target: str, pc: Path | None = None) -> tuple[int, dict]:
    """``check --json`` as a real process; *pc*: the folder of the PC's own memory (its
    pinned root and the newest event it verified: a witness), given the office's root."""
    r = run_cli("check", "--db", target, "--json", *given_root(target),
                env={"ULT_KEY_DIR": str(pc)} if pc is not None else None)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def refused(report: dict) -> set[tuple[str, str]]:
    """(table, who) of every row the check did not replay for lack of authority."""
    return {(d["table"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "authority"}


def test_the_office_working_as_it_should_is_clean(office, db_target):
    a_day(office)
    code, report = check_json(db_target)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]
    assert refused(report) == set()


def _edits(conn, label: str) -> None:
    """What an insider wants: budi an admin, a finish time moved, a guest-book record
    gone and 40 survey answers, in one event under whatever label."""
    conn.execute("UPDATE officers SET role = 'admin' WHERE username = 'budi'")
    conn.execute("UPDATE tickets SET finished_at = called_at WHERE state = 'done'")
    conn.execute("DELETE FROM register_records WHERE id = (SELECT MIN(id) FROM "
                 "register_records)")
    for i in range(40):
        conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, a3, "
                     "a4, a5, a6, a7, a8, a9) VALUES (?, 1, ?, 'tablet', 4,4,4,4,4,4,4,4,4)",
                     (900_000 + i, MONTH))
    append_event(conn, label, "settings_changed", data={"keys": ["note"]})


def test_a_key_of_ones_own_launders_nothing(office, db_target, tmp_path):
    """Anyone with the code and the share can make a key and sign under a new label:
    after the office's first registration its events prove nothing and its rows are not
    replayed, so every edit is named."""
    a_day(office)
    mallory = open_database(db_target, station="Tablet SKM 2", mode="survey")
    mallory.set_signer(station_key.create_key(tmp_path / "key-mallory")[0])
    mallory.write(lambda conn: _edits(conn, "Tablet SKM 2"))
    code, report = check_json(db_target)
    assert code == 9
    found = [f for f in report["audit"]["findings"] if f["problem"] == "unregistered"]
    assert found and "Tablet SKM 2" in found[0]["detail"]
    assert {("officers", "unregistered"), ("tickets", "unregistered"),
            ("register_records", "unregistered"),
            ("skm_responses", "unregistered")} <= refused(report)
    # and the tables are named where they differ from what the office wrote
    changed = {(d["table"], d["problem"]) for d in report["reconcile"]["differences"]}
    assert {("officers", "changed"), ("register_records", "deleted"),
            ("skm_responses", "count")} <= changed
    mallory.close()


def test_a_kiosk_key_cannot_make_an_officer_admin(office, db_target):
    a_day(office)

    def promote(conn) -> None:  # the kiosk's own writer, the app's checks bypassed
        conn.execute("UPDATE officers SET role = 'admin' WHERE username = 'budi'")
        append_event(conn, "Kiosk 1", "settings_changed", data={"keys": ["officers"]})

    office["kiosk"].write(promote)
    code, report = check_json(db_target)
    assert code == 9
    assert refused(report) == {("officers", "kiosk")}
    diff = next(d for d in report["reconcile"]["differences"] if d["problem"] == "authority")
    assert "Kiosk 1" in difference_text(diff, "en") and "kiosk" in difference_text(diff, "en")
    assert "kios" in difference_text(diff, "id") and "tidak berwenang" in difference_text(
        diff, "id")
    assert reconcile(office["admin"])["ok"] is False  # the report stamps NOT VERIFIED


def test_a_counter_key_cannot_add_survey_answers_inside_a_finish(office, db_target):
    """The survey rule is judged by the rows an event writes, not by its kind."""
    a_day(office)
    issue_ticket(office["kiosk"], service="A")
    call_next(office["counter"], counter=1)

    def stuffed(conn) -> None:
        for i in range(40):
            conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, "
                         "a3, a4, a5, a6, a7, a8, a9) VALUES (?, 1, ?, 'kiosk', "
                         "4,4,4,4,4,4,4,4,4)", (800_000 + i, MONTH))

    # the counter finishes its visitor, and the answers ride in the same event
    db = office["counter"]
    db.write(lambda conn: (stuffed(conn), finish(db, counter=1)))
    code, report = check_json(db_target)
    assert code == 9
    assert refused(report) == {("skm_responses", "counter")}


def test_paper_sheets_typed_at_a_counter_are_the_counters_to_write(office, db_target):
    a_day(office)
    people_served(office["counter"], service_id=1, month=MONTH, n=1)
    skm_db.record_response(office["counter"], service_id=1, period=MONTH, source="paper",
                           answers=[4] * 9, sheet_no=1)
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]


def test_a_station_waiting_for_approval_is_named_until_approved(office, db_target, tmp_path):
    """A new kiosk that issues before the admin approves it: its tickets are named as an
    unregistered key's until the admin approves the key, which vouches for them."""
    new = open_database(db_target, station="Kiosk 2", mode="kiosk")
    new.set_signer(station_key.create_key(tmp_path / "key-kiosk2")[0])
    station_keys.request_registration(new, label="Kiosk 2")
    issue_ticket(new, service="B")
    code, report = check_json(db_target)
    assert code == 9 and {f["problem"] for f in report["audit"]["findings"]} == {"unregistered"}
    station_keys.approve_key(office["admin"], new.identity.signer.key_id, role="kiosk")
    code, report = check_json(db_target)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]
    new.close()


def test_unsigned_rows_after_the_first_registration_are_not_replayed(office, db_target):
    a_day(office)
    anon = open_database(db_target, station="Loket 1", mode="counter")
    anon.write(lambda conn: _edits(conn, "Loket 1"))
    code, report = check_json(db_target)
    assert code == 9
    assert ("officers", "unsigned") in refused(report)
    anon.close()


def test_a_role_given_later_counts_from_its_registration(office, db_target):
    """Approving a key again with another role changes what it may write from then on:
    what it wrote before keeps the role it had."""
    a_day(office)
    kiosk = office["kiosk"]
    station_keys.approve_key(office["admin"], kiosk.identity.signer.key_id, role="counter")
    called = call_next(kiosk, counter=1)  # a counter's work, now allowed
    assert called is not None
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]


def test_an_officer_made_admin_must_take_an_admins_pin(office, db_target):
    """A front-office officer promoted to admin does not keep a 4-digit PIN."""
    from ult_desktop.db.errors import RuleViolation
    from ult_desktop.db.house.office import verify_pin
    from ult_desktop.db.house.officers import update_officer
    from ult_desktop.db.house.setup import DEMO_PINS

    admin = office["admin"]
    with pytest.raises(RuleViolation) as info:
        update_officer(admin, username="budi", role="admin")
    assert "PIN" in str(info.value) and "6" in str(info.value)
    with pytest.raises(RuleViolation):
        update_officer(admin, username="budi", role="admin", pin="4821")
    assert verify_pin(admin, "budi", DEMO_PINS["budi"]).role == "front_office"  # unchanged
    update_officer(admin, username="budi", role="admin", pin="583914")
    assert verify_pin(admin, "budi", "583914").role == "admin"
    assert verify_pin(admin, "budi", DEMO_PINS["budi"]) is None
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize("cover", ["restored", "repinned"])
def test_a_kiosk_key_cannot_undo_what_a_pc_witnessed(office, db_target, tmp_path, cover):
    """The file rolled back to an older copy, then four fillers and a kiosk-signed
    ``database_restored`` or ``root_repinned``: the PC that had verified the newer events
    still names the cut. Only an admin station with an admin signed in restores or
    re-pins, and a re-pin releases only the witnessed event it names."""
    import shutil

    a_day(office)
    older = tmp_path / "older.db"
    shutil.copyfile(db_target, older)
    for _ in range(3):
        issue_ticket(office["kiosk"], service="A")
    pc = tmp_path / "the-admin-pc"
    assert check_json(db_target, pc)[0] == 0  # this PC saw the newer events
    for db in office.values():
        db.close()
    shutil.copyfile(older, db_target)
    kiosk = open_database(db_target, station="Kiosk 1", mode="kiosk")
    kiosk.set_signer(office["kiosk"].identity.signer)
    for _ in range(4):  # fillers: the cover's id comes after the witnessed event's
        issue_ticket(kiosk, service="A")
    if cover == "restored":
        kiosk.write(lambda conn: append_event(conn, "Kiosk 1", verifier.RESTORED,
                                              data={"source": "backup.db"}))
    else:
        kiosk.write(lambda conn: append_event(conn, "Kiosk 1", verifier.REPINNED, data={
            "root": "x", "before": None, "acknowledged": []}))
    kiosk.close()
    code, report = check_json(db_target, pc)
    assert code == 9
    assert {f["problem"] for f in report["audit"]["findings"]} & {"deleted", "edited"}


def _raw(target: str, sql: str) -> None:
    """An edit made outside the app: plain sqlite3 on the file, psql on the server."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(sql)
    else:
        import sqlite3

        with sqlite3.connect(target, isolation_level=None) as conn:
            conn.execute(sql)


def test_survey_answers_edited_in_place_are_named(office, db_target):
    """The log binds what the answers say, not only how many there are: an
    in-place edit of October's scores is named, and no event holds an answer."""
    a_day(office)
    assert check_json(db_target)[0] == 0
    _raw(db_target, "UPDATE skm_responses SET a1 = 4, a2 = 4, a3 = 4")
    code, report = check_json(db_target)
    assert code == 9
    diffs = [d for d in report["reconcile"]["differences"] if d["problem"] == "answers"]
    assert [d["key"][1:] for d in diffs] == [[MONTH, "tablet"]]
    assert "isinya diubah" in difference_text(diffs[0], "id")
    # the batch event carries counts and one sum per group: no scores
    rows = office["admin"].query("SELECT rows FROM events WHERE kind = 'survey_batch'")
    images = [i for i in json.loads(rows[0][0]) if i[1].startswith("skm_")]
    assert {i[0] for i in images} == {"n", "s"} and all(len(i) <= 4 for i in images)


def _pdf_text(db, tmp_path: Path) -> str:
    from datetime import date

    from pypdf import PdfReader

    from ult_desktop.reports.pdf import build_pdf

    pdf = build_pdf(db, date(2020, 1, 1), date(2030, 12, 31), tmp_path / "monthly.pdf")
    return " ".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", " ")


def test_a_report_verifies_the_chain_before_it_claims(office, db_target, tmp_path):
    """An event edited outside the app (its figures untouched, so the
    tables still reconcile) and the PDF made next is stamped NOT VERIFIED with the reason;
    before the edit it prints the clean footer."""
    a_day(office)
    admin = office["admin"]
    assert "Direkonsiliasi" in _pdf_text(admin, tmp_path)
    _raw(db_target, "UPDATE events SET station = 'someone else' WHERE id = (SELECT MIN(id) "
                    "FROM events WHERE kind = 'issued')")
    assert check_json(db_target)[0] == 9 and reconcile(admin)["ok"]
    text = _pdf_text(admin, tmp_path)
    assert "Direkonsiliasi" not in text and "jejak audit diubah" in text


def test_a_report_on_a_pc_that_pinned_another_root_is_not_verified(office, tmp_path):
    """The clean footer needs the chain against this PC's pinned root (db.trust)."""
    a_day(office)
    admin = office["admin"]
    admin.trust = {"root": "00112233aabbccdd"}  # this PC was given another office's root
    text = _pdf_text(admin, tmp_path)
    assert "Direkonsiliasi" not in text and "jejak audit diubah" in text


def test_a_raised_high_water_mark_accuses_nobody(office, db_target):
    """Anyone who can write the file (or ``ult_meta`` on a server) can
    raise the event counter; with no signed event naming such an id, check says so in a
    note and exits 0 (it used to report "events deleted" for ever)."""
    a_day(office)
    if db_target.startswith("postgresql://"):
        _raw(db_target, "UPDATE ult_meta SET value = value + 1000 WHERE key = "
                        "'event_high_water'")
    else:
        _raw(db_target, "PRAGMA application_id = 1000000")
    code, report = check_json(db_target)
    assert code == 0, report["audit"]["findings"]
    assert report["audit"]["high_water_ahead"] >= 1000
    issue_ticket(office["kiosk"], service="A")  # and the office goes on
    assert check_json(db_target)[0] == 0


def test_the_spent_set_cannot_be_joined_to_the_tickets(office, db_target):
    """The spent set uses its own key and the ticket's code hash is
    replaced once spent, so a join of the two names nobody; a second answer with the
    same code is still refused, with the ticket's number."""
    from ult_desktop.db.errors import RuleViolation

    tickets = a_day(office)  # the two served visitors answered
    tablet = office["tablet"]
    codes = [t.code for t in tickets[:2]]
    assert tablet.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 2
    joined = office["admin"].query("SELECT COUNT(*) FROM skm_spent_codes s JOIN tickets t "
                                   "ON t.code_hash = s.code_hash")[0][0]
    assert joined == 0
    with pytest.raises(RuleViolation) as info:
        skm_db.survey_ticket(tablet, ticket_code=codes[0])
    assert tickets[0].number in str(info.value)
    # a second batch with the same code (a second device) writes nothing
    assert skm_db.write_batch(tablet, [{"code": codes[1], "source": "tablet",
                                        "answers": [1] * 9}], batch_id="b2") == []
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]
    # the spend is in the answers' batch: no event of its own, and no image holds a
    # spent code's hash; the log binds them all the same
    spent = [r[0] for r in office["admin"].query("SELECT code_hash FROM skm_spent_codes")]
    logged = " ".join(r[0] for r in office["admin"].query(
        "SELECT rows FROM events WHERE rows IS NOT NULL"))
    assert spent and not any(h in logged for h in spent)
    # another first byte (never the one it had: 'ab' || ... once in 256 runs changed nothing)
    _raw(db_target, "UPDATE skm_spent_codes SET code_hash = CASE WHEN code_hash LIKE 'ab%' "
                    "THEN 'cd' ELSE 'ab' END || substr(code_hash, 3) "
                    f"WHERE code_hash = '{spent[0]}'")
    code, report = check_json(db_target)
    [diff] = report["reconcile"]["differences"]
    assert code == 9 and diff["problem"] == "codes" and diff["table"] == "skm_spent_codes"
    assert "kodenya diubah" in difference_text(diff, "id")
    _raw(db_target, "DELETE FROM skm_spent_codes")  # a visitor may answer again?
    code, report = check_json(db_target)
    [diff] = report["reconcile"]["differences"]
    assert code == 9 and diff["problem"] == "count" and diff["in_table"] == 0


def test_the_admin_pcs_key_needs_an_admin_signed_in(office, db_target):
    """Officers, roles, settings: only from the admin PC *with an admin signed in*,
    checked against the officers as the record had them at that event."""
    a_day(office)
    admin = office["admin"]
    admin.set_actor("sari")  # signed in as a front-office officer, not an admin

    def promote(conn) -> None:  # the admin PC's writer, the page's checks bypassed
        conn.execute("UPDATE officers SET role = 'admin' WHERE username = 'budi'")
        append_event(conn, "admin", "settings_changed", data={"keys": ["officers"]})

    admin.write(promote)
    code, report = check_json(db_target)
    assert code == 9 and refused(report) == {("officers", "no_admin")}
    admin.set_actor("admin")


def test_the_head_of_office_may_assign_a_stand_in_at_the_admin_pc(office, db_target):
    """A stand-in is the admin's or the Pimpinan's to sign at the admin PC; a
    front-office officer signed in there (the app's check bypassed) is named."""
    from datetime import date

    from ult_desktop.db.house import officers

    a_day(office)
    admin = office["admin"]
    admin.set_actor("kepala")
    day = date.today()
    officers.record_standin(admin, absent="dewi", standin="sari", first_day=day,
                            last_day=day, letter_no="800/7", letter_date=day)
    code, report = check_json(db_target)
    assert code == 0, report["reconcile"]["differences"]
    admin.set_actor("sari")

    def extend(conn) -> None:  # her own stand-in made longer, the page's checks bypassed
        conn.execute("UPDATE standins SET last_day = '2099-12-31'")
        append_event(conn, "admin", officers.STANDIN_RECORDED, data={})

    admin.write(extend)
    code, report = check_json(db_target)
    assert code == 9 and refused(report) == {("standins", "no_admin")}


def test_spak_answers_are_bound_like_the_nine(office, db_target):
    """The SPAK items go in the answer's row and its sum: an edit is named,
    while the answers written before the items existed keep the sums they had."""
    tickets = a_day(office)
    call_next(office["counter"], counter=1)
    finish(office["counter"], counter=1)
    [written] = skm_db.write_batch(office["tablet"], [{
        "code": tickets[2].code, "source": "tablet", "answers": [3] * 9,
        "spak": [4, 4, 3, 4, 4]}], batch_id="spak")
    assert written.spak == (4, 4, 3, 4, 4)
    assert check_json(db_target)[0] == 0
    _raw(db_target, "UPDATE skm_responses SET p3 = 4 WHERE p3 = 3")
    code, report = check_json(db_target)
    assert code == 9 and {d["problem"] for d in report["reconcile"]["differences"]} == {
        "answers"}
