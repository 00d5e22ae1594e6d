"""Survey codes that cannot be replayed. Each attack of the issue on a
real office file: the code is read from the file (it is not there), answers written from
a counter PC with its registered key (refused by the app; forged ones named by a real
``check`` process), answers long after the visit (refused)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import clear_of_midnight, given_root, run_cli

from tests.drivers import submit_survey
from ult_desktop.app import station_key
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.events import append_event
from ult_desktop.db.survey import skm as skm_db

NOW = clear_of_midnight(datetime.now(timezone.utc))
NOW_BEFORE = timedelta(0)  # NOW taken as each test starts (tests/conftest.py)

LABELS = {"admin": ("Admin PC", "admin"), "kiosk": ("Kiosk", "kiosk"),
          "tablet": ("Tablet SKM", "survey"), "loket1": ("Loket 1", "counter")}


def served(db: Database, counter_db: Database | None = None, *, service: str = "A",
           now: datetime | None = None):
    now = now or NOW
    ticket = issue_ticket(db, service=service, now=now - timedelta(minutes=30))
    c = counter_db or db
    call_next(c, counter=1, now=now - timedelta(minutes=20))
    start_serving(c, counter=1, now=now - timedelta(minutes=19))
    finish(c, counter=1, now=now - timedelta(minutes=10))
    return ticket


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    keys = {n: station_key.create_key(tmp_path / f"key-{n}")[0] for n in LABELS}
    dbs = {}
    for name, key in keys.items():
        db = open_database(db_path, station=LABELS[name][0], mode="test")
        db.set_signer(key)
        dbs[name] = db
    dbs["admin"].set_actor("admin")
    for name in LABELS:
        station_keys.request_registration(dbs[name], label=LABELS[name][0])
        station_keys.approve_key(dbs["admin"], keys[name].key_id, role=LABELS[name][1])
    dbs["loket1"].set_actor("sari")
    yield db_path, dbs, keys
    for db in dbs.values():
        db.close()


def test_the_file_keeps_no_survey_code_only_its_keyed_hash(db: Database, db_path: Path):
    tickets = [issue_ticket(db, service="A") for _ in range(5)]
    db.close()
    blob = db_path.read_bytes()
    for extra in (Path(str(db_path) + "-wal"), Path(str(db_path) + "-journal")):
        if extra.exists():
            blob += extra.read_bytes()
    for t in tickets:
        assert len(t.code) >= 9
        assert t.code.encode() not in blob, "the clear code is in the file"
    conn = sqlite3.connect(db_path)
    assert "code" not in {r[1] for r in conn.execute("PRAGMA table_info(tickets)")}
    conn.close()
    db2 = open_database(db_path, station="t", mode="test")
    try:  # lookups by code still work
        from ult_desktop.db import queries
        assert queries.get_ticket(db2, code=tickets[2].code).id == tickets[2].id
        with pytest.raises(errors.NotFound):
            queries.get_ticket(db2, code=("Z" if tickets[2].code[0] != "Z" else "Y")
                               + tickets[2].code[1:])
    finally:
        db2.close()


def test_a_counter_pc_cannot_answer_for_the_visitors_it_served(office):
    _path, dbs, _keys = office
    tickets = [served(dbs["kiosk"], dbs["loket1"]) for _ in range(3)]
    for t in tickets:  # the insider has the codes (read off the paper, say)
        with pytest.raises(errors.RuleViolation) as info:
            skm_db.write_batch(dbs["loket1"], [{"code": t.code, "source": "tablet",
                                                "answers": [4] * 9}], batch_id="y")
        assert "kios atau tablet survei" in str(info.value)
        with pytest.raises(errors.RuleViolation):
            submit_survey(dbs["loket1"], ticket_code=t.code, answers=[4] * 9)
        with pytest.raises(errors.RuleViolation):
            skm_db.write_batch(dbs["loket1"], [{"service_id": 1, "period": NOW.strftime("%Y-%m"),
                                               "source": "tablet", "answers": [4] * 9}],
                               batch_id="x")
    assert dbs["loket1"].query("SELECT COUNT(*) FROM skm_responses")[0][0] == 0
    # the tablet and the kiosk may
    submit_survey(dbs["tablet"], ticket_code=tickets[0].code, answers=[3] * 9)
    submit_survey(dbs["kiosk"], ticket_code=tickets[1].code, answers=[3] * 9,
                         source="kiosk")
    assert dbs["tablet"].query("SELECT COUNT(*) FROM skm_responses")[0][0] == 2


def test_check_names_survey_events_signed_by_a_counter_key(office):
    path, dbs, _keys = office
    served(dbs["kiosk"], dbs["loket1"])
    baseline = run_cli("check", "--db", str(path), "--json", *given_root(path))
    assert baseline.returncode == 0, baseline.stdout + baseline.stderr

    def forge(conn: sqlite3.Connection) -> None:  # the app's own writer, its check bypassed
        conn.execute("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, a3, "
                     "a4, a5, a6, a7, a8, a9) VALUES (777, 1, ?, 'tablet', 4,4,4,4,4,4,4,4,4)",
                     (NOW.strftime("%Y-%m"),))
        append_event(conn, "Loket 1", skm_db.SURVEY_BATCH, data={"batch": "forged"})

    dbs["loket1"].write(forge)
    r = run_cli("check", "--db", str(path), "--json")
    assert r.returncode == 9, r.stdout + r.stderr
    report = json.loads(r.stdout)
    # judged by the rows it writes: a counter may not add tablet answers
    found = [d for d in report["reconcile"]["differences"] if d["problem"] == "authority"]
    assert [(d["table"], d["column"], d["in_table"]) for d in found] == [
        ("skm_responses", "counter", "Loket 1")]


def test_answers_are_taken_only_within_the_days_the_office_sets(db: Database):
    ticket = served(db, now=NOW - timedelta(days=10))
    with pytest.raises(errors.RuleViolation) as info:
        skm_db.survey_ticket(db, ticket_code=ticket.code)
    assert "7 hari" in str(info.value)
    from ult_desktop.db.house.office import set_settings
    set_settings(db, skm_answer_days=14)
    assert skm_db.survey_ticket(db, ticket_code=ticket.code).id == ticket.id


def test_paper_sheets_are_numbered_once_per_month(db: Database):
    served(db)
    month = NOW.strftime("%Y-%m")
    skm_db.record_response(db, service_id=1, period=month, source="paper", answers=[3] * 9,
                           sheet_no=12)
    with pytest.raises(errors.RuleViolation) as info:
        skm_db.record_response(db, service_id=1, period=month, source="paper",
                               answers=[2] * 9, sheet_no=12)
    assert "12" in str(info.value) and "sudah diinput" in str(info.value)
    row = db.query("SELECT * FROM skm_paper_sheets")
    assert [tuple(r) for r in row] == [(month, 12, 1, "paper")]


def test_a_suggestion_longer_than_the_form_is_refused_on_every_path(office):
    _path, dbs, _keys = office
    t = served(dbs["kiosk"], dbs["loket1"])
    from ult_desktop.core.skm import SUGGESTION_MAX, TextTooLong
    long = "x" * (SUGGESTION_MAX + 1)
    with pytest.raises(TextTooLong):
        submit_survey(dbs["tablet"], ticket_code=t.code, answers=[3] * 9,
                             suggestion=long)
    with pytest.raises(TextTooLong):
        skm_db.record_response(dbs["loket1"], service_id=1, period=NOW.strftime("%Y-%m"),
                               source="paper", answers=[3] * 9, suggestion=long)
    with pytest.raises(TextTooLong):
        skm_db.write_batch(dbs["tablet"], [{"service_id": 1, "period": NOW.strftime("%Y-%m"),
                                            "source": "tablet", "answers": [3] * 9,
                                            "suggestion": long}], batch_id="b")
    ok = submit_survey(dbs["tablet"], ticket_code=t.code, answers=[3] * 9,
                              suggestion="y" * SUGGESTION_MAX)
    assert len(ok.suggestion) == SUGGESTION_MAX
