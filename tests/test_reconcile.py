"""The tables are projections of the signed events, and ``check`` names every
row an insider changed with plain ``sqlite3`` (exit 9), while everything the app itself
writes, a lawful purge included, reconciles clean."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import run_cli
from reports_month import generate_month

from ult_desktop.core.register import RecordInput
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy.retention import purge_personal_data
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.schemas.schema import MIGRATIONS, apply_statements, version_after
from ult_desktop.db.visit import handover, register

WIB = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def month_file(tmp_path_factory) -> Path:
    """A month of an office's work written by the app itself (tickets, register,
    cases, surveys), plus a handover and a mutu baku change."""
    from ult_desktop.db.house.setup import init_database

    path = init_database(tmp_path_factory.mktemp("month") / "office.db", demo=True)
    db = open_database(path, station="Loket 1", mode="test")
    generate_month(db, 2026, 11, per_day=6, seed=3)
    officers = {r["username"]: r["id"] for r in db.query("SELECT id, username FROM officers")}
    record = register.save_record(db, record=RecordInput(visitor_name="Sri", phone="081234567890",
                                                         question="Tunjangan?"),
                                  channel="phone", service="B", officer_id=officers["sari"],
                                  now=datetime(2026, 11, 20, 9, tzinfo=WIB))
    h = handover.consult(db, from_officer=officers["sari"], question="Tunjangan?",
                         record_id=record.id, now=datetime(2026, 11, 20, 9, 5, tzinfo=WIB))
    handover.take(db, handover_id=h.id, officer_id=officers["dewi"],
                  now=datetime(2026, 11, 20, 9, 20, tzinfo=WIB))
    service_b = db.query("SELECT id FROM services WHERE prefix = 'B'")[0][0]
    handover.set_step_targets(db, service_id=service_b, values={"resolution_days": 1})
    db.close()
    return path


@pytest.fixture
def office_file(month_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "office.db"
    target.write_bytes(month_file.read_bytes())
    return target


def _check(path: Path) -> tuple[int, dict, str]:
    done = run_cli("check", "--db", str(path), "--json")
    text = run_cli("check", "--db", str(path)).stdout
    return done.returncode, json.loads(done.stdout), text


def _attack(path: Path, *sql: tuple) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for statement in sql:
            conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
    conn.close()


def test_what_the_app_writes_reconciles_clean(office_file: Path) -> None:
    code, report, text = _check(office_file)
    assert report["reconcile"]["ok"], report["reconcile"]["differences"][:5]
    assert report["reconcile"]["provable_from"] == 1
    assert code == 11, text  # clean; this file has no root to verify the chain against
    assert "TIDAK terverifikasi terhadap akar yang dikenal" in text
    assert "sesuai jejak audit" in text


def _differences(path: Path) -> list[dict]:
    db = open_database(path, station="check", mode="test")
    try:
        return reconcile(db)["differences"]
    finally:
        db.close()


def test_invented_survey_answers_are_named(office_file: Path) -> None:
    rows = [(900_000 + i, 1, "2026-11", "tablet", *([4] * 9)) for i in range(40)]
    conn = sqlite3.connect(office_file)
    with conn:
        conn.executemany("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, "
                         "a3, a4, a5, a6, a7, a8, a9) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    code, report, text = _check(office_file)
    assert code == 9
    diff = [d for d in report["reconcile"]["differences"] if d["table"] == "skm_responses"]
    assert diff and diff[0]["in_table"] - diff[0]["in_log"] == 40
    assert "jawaban SKM" in text


def test_shortened_service_time_is_named_with_both_times(office_file: Path) -> None:
    conn = sqlite3.connect(office_file)
    tid, number, day, finished = conn.execute(
        "SELECT id, number, day, finished_at FROM tickets WHERE finished_at IS NOT NULL "
        "ORDER BY id LIMIT 1").fetchone()
    conn.close()
    _attack(office_file, ("UPDATE tickets SET finished_at = serving_at WHERE id = ?", (tid,)))
    code, report, text = _check(office_file)
    assert code == 9
    [d] = [d for d in report["reconcile"]["differences"] if d["table"] == "tickets"]
    assert (d["column"], d["in_log"], d["label"]) == ("finished_at", finished,
                                                      f"{number} ({day})")
    assert f"antrean {number} ({day}): finished_at" in text


@pytest.mark.parametrize("attack, table, problem", [
    ("DELETE FROM register_records WHERE id = (SELECT MIN(id) FROM register_records)",
     "register_records", "deleted"),
    ("UPDATE handovers SET sent_at = '2026-11-20T00:40:00+00:00'", "handovers", "changed"),
    ("UPDATE sop_targets SET value = 99", "sop_targets", "changed"),
    ("UPDATE officers SET role = 'admin' WHERE username = 'budi'", "officers", "changed"),
    ("INSERT INTO officers (username, name, role, pin_hash) VALUES ('x', 'X', 'admin', 'h')",
     "officers", "added"),
    ("UPDATE settings SET value = '99' WHERE key = 'pin_max_failures'", "settings", "added"),
    ("UPDATE services SET target_service_min = 1 WHERE prefix = 'A'", "services", "changed"),
    ("UPDATE counters SET service_ids = '[]' WHERE number = 1", "counters", "changed"),
    ("UPDATE cases SET due_day = '2030-01-01' WHERE id = 1", "cases", "changed"),
    # a typed answer erased today is not a lawful purge
    ("UPDATE register_records SET answer = '' WHERE id = (SELECT MAX(id) FROM "
     "register_records WHERE answer != '')", "register_records", "erased"),
])
def test_each_table_edit_is_named(office_file: Path, attack: str, table: str,
                                  problem: str) -> None:
    _attack(office_file, attack)
    found = _differences(office_file)
    assert any(d["table"] == table for d in found), found
    code, report, _text = _check(office_file)
    assert code == 9
    if problem != "added":  # a settings row the log knows is 'changed', a new one 'added'
        assert any(d["table"] == table and d["problem"] == problem for d in found), found


def test_lifted_pin_lock_is_named(office_file: Path) -> None:
    db = open_database(office_file, station="Loket 1", mode="test")
    from ult_desktop.db.house.pinlock import PinLocked

    for _ in range(4):
        assert office.verify_pin(db, "budi", "0000") is None
    with pytest.raises(PinLocked):
        office.verify_pin(db, "budi", "0000")
    db.close()
    _attack(office_file, "DELETE FROM pin_lockouts")
    found = _differences(office_file)
    assert [d["problem"] for d in found if d["table"] == "pin_lockouts"] == ["deleted"]


def test_pin_hash_swapped_around_a_login_lets_nobody_in(office_file: Path) -> None:
    """A PIN hash the insider knows, swapped in with plain ``sqlite3`` for the login and
    back after: sign-in reads the hash the record gives the admin, so the swapped one
    opens nothing (it once did, and only ``check`` named it afterwards)."""
    from ult_desktop.core import pins

    conn = sqlite3.connect(office_file)
    real = conn.execute("SELECT pin_hash FROM officers WHERE username = 'admin'").fetchone()[0]
    conn.close()
    _attack(office_file, ("UPDATE officers SET pin_hash = ? WHERE username = 'admin'",
                          (pins.hash_pin("902741"),)))
    db = open_database(office_file, station="Admin", mode="test")
    assert office.verify_pin(db, "admin", "902741") is None  # the insider does not get in
    db.close()
    _attack(office_file, ("UPDATE officers SET pin_hash = ? WHERE username = 'admin'", (real,)))
    assert _differences(office_file) == []


def test_lawful_purge_reconciles_and_leaves_no_value_in_the_log(office_file: Path) -> None:
    db = open_database(office_file, station="Admin", mode="test")
    purge_personal_data(db, before_day="2026-12-01", backup_dirs=[])
    assert reconcile(db)["ok"]
    db.close()
    raw = office_file.read_bytes()
    assert b"Pengunjung 1" not in raw and b"081234567890" not in raw


def test_personal_values_never_enter_the_log(office_file: Path) -> None:
    conn = sqlite3.connect(office_file)
    rows = " ".join(r[0] for r in conn.execute("SELECT rows FROM events WHERE rows IS NOT NULL"))
    names = [r[0] for r in conn.execute("SELECT visitor_name FROM register_records")]
    conn.close()
    assert names and not any(n in rows for n in names)
    assert '"visitor_name":"c:' in rows


def test_stripping_the_images_from_an_event_breaks_its_hash(office_file: Path) -> None:
    _attack(office_file, "UPDATE events SET rows = NULL WHERE id = (SELECT MAX(id) FROM "
                         "events WHERE kind = 'finished')")
    code, report, _text = _check(office_file)
    assert code == 9 and not report["audit"]["ok"]


#: The last version before the record_is_signed_events migration recorded the rows as a
#: signed baseline.
BEFORE_BASELINE = version_after("record_is_signed_events") - 1


def test_a_file_of_the_previous_version_is_provable_from_its_baseline(tmp_path: Path) -> None:
    """A file of the version before the baseline is migrated through it and every later
    migration (columns added since, e.g. priority_group's, are NULL in its rows: still clean)."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for version in range(1, BEFORE_BASELINE + 1):
        apply_statements(conn, MIGRATIONS[version - 1])
    conn.execute(f"PRAGMA user_version = {BEFORE_BASELINE}")
    conn.execute("INSERT INTO services (prefix, name) VALUES ('A', 'Informasi')")
    conn.execute("INSERT INTO counters (number, name, service_ids) VALUES (1, 'Loket 1', '[1]')")
    conn.execute("COMMIT")
    conn.close()
    db = open_database(path, station="Loket 1", mode="test")
    issue_ticket(db, service="A", now=datetime(2026, 11, 23, 9, tzinfo=WIB))
    result = reconcile(db)
    baseline = db.query("SELECT MIN(id) FROM events WHERE kind = 'projection_baseline'")[0][0]
    db.close()
    assert result["ok"] and result["provable_from"] == baseline
    _attack(path, "UPDATE services SET name = 'X'")
    assert [d["table"] for d in _differences(path)] == ["services"]


def test_a_typed_reason_erased_today_is_not_a_lawful_purge(office_file: Path) -> None:
    conn = sqlite3.connect(office_file)
    target = conn.execute("SELECT MAX(id) FROM events WHERE data LIKE '%\"reason\"%'"
                          ).fetchone()[0]
    conn.close()
    assert target is not None
    _attack(office_file, ("UPDATE events SET data = json_remove(data, '$.reason', '$._ps') "
                          "WHERE id = ?", (target,)))
    code, report, text = _check(office_file)
    assert code == 9
    assert (target, "edited") in {(f["event"], f["problem"]) for f in report["audit"]["findings"]}
    # the same erasure by the purge, with its signed cut-off, is lawful
    db = open_database(office_file, station="Admin", mode="test")
    purge_personal_data(db, before_day="2026-12-01", rewrite=False, backup_dirs=[])
    db.close()
    code, report, text = _check(office_file)
    assert code == 11, text  # clean (no root in this file: 11, not 0)


def _result(path: Path, authority=None) -> dict:
    db = open_database(path, station="check", mode="test")
    try:
        return reconcile(db, authority=authority)
    finally:
        db.close()


@pytest.mark.windows  # the spawned second process, as check runs it on a PC
def test_tables_read_by_a_second_process_give_the_same_report(office_file: Path,
                                                               monkeypatch) -> None:
    """A long log has the counted tables and their images read and replayed by a spawned
    process while the rest is replayed: the report is the one read in a single process,
    differences and all (refused images of both parts, in the log's order)."""
    from ult_desktop.core.authority import Authority
    from ult_desktop.db.record import reconcile as module

    conn = sqlite3.connect(office_file)
    event = conn.execute("SELECT MAX(id) FROM events WHERE kind = 'finished'").fetchone()[0]
    ticket = conn.execute("SELECT MIN(id) FROM tickets").fetchone()[0]
    late = conn.execute("SELECT MAX(id) FROM events").fetchone()[0] - 150
    conn.close()
    images = json.dumps([["u", "tickets", [ticket], {"state": "x"}],
                         ["n", "skm_responses", [1, "2026-11", "tablet"]],
                         ["u", "tickets", [ticket + 1], {"state": "y"}]])
    _attack(office_file, ("UPDATE tickets SET finished_at = NULL WHERE id = "
                          "(SELECT MIN(id) FROM tickets WHERE finished_at IS NOT NULL)",),
            ("DELETE FROM skm_responses WHERE id = (SELECT MIN(id) FROM skm_responses)",),
            ("UPDATE events SET rows = ? WHERE id = ?", (images, event)))
    refusing = Authority(first=late)  # every later event: signed by no registered key
    alone = [_result(office_file), _result(office_file, refusing)]
    refused = [d["table"] for d in alone[1]["differences"] if d["problem"] == "authority"]
    assert "skm_responses" in refused and "tickets" in refused
    monkeypatch.setattr(module, "PARALLEL_FROM", 0)
    asides = []  # the second process's reads
    real_aside = module._read_aside
    monkeypatch.setattr(module, "_read_aside",
                        lambda db, *more: asides.append(real_aside(db, *more)) or asides[-1])
    assert [_result(office_file), _result(office_file, refusing)] == alone
    assert alone[0]["differences"]
    assert asides and asides[0].exception() is None and asides[0].result()[0] > 0


def _aside_then(office_file: Path, monkeypatch, then) -> None:
    """The second process's part read here, then *then* (a write, a failure)."""
    from concurrent.futures import Future

    from ult_desktop.db.record import reconcile as module

    def aside(db, *more):
        future: Future = Future()
        read = module._read_file_counted(str(db.path), *more)  # as the second process
        try:
            then(db)
            future.set_result(read)
        except RuntimeError as failed:
            future.set_exception(failed)
        return future

    monkeypatch.setattr(module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(module, "_read_aside", aside)


def _write(db: Database) -> None:
    other = open_database(db.path, station="Loket 1", mode="test")
    issue_ticket(other, service="A", now=datetime(2026, 11, 30, 9, tzinfo=WIB))
    other.close()


def _fail(db: Database) -> None:
    raise RuntimeError("the second process died")


@pytest.mark.parametrize("then", [_write, _fail])
@pytest.mark.windows  # the spawned second process, as check runs it on a PC
def test_a_write_between_the_two_reads_or_a_failed_second_process_changes_nothing(
        office_file: Path, monkeypatch, then) -> None:
    """An event written after the second process read its part, before this one read
    the other tables (or no part at all): all the tables are read again, here, in one
    read, and both parts played on up to it: the report is the single process's."""
    # always a change: the answer ids are random, and 1 in 30 answers already says 1
    _attack(office_file, ("UPDATE skm_responses SET a1 = CASE a1 WHEN 1 THEN 2 ELSE 1 END "
                          "WHERE id = (SELECT MIN(id) FROM skm_responses)",),
            ("DELETE FROM tickets WHERE id = (SELECT MIN(id) FROM tickets)",))
    _aside_then(office_file, monkeypatch, then)
    split = _differences(office_file)
    monkeypatch.undo()
    alone = _differences(office_file)
    assert split == alone and {d["problem"] for d in alone} >= {"answers", "deleted"}


def test_the_capture_set_up_again_beside_an_open_read_keeps_every_row(
        office_file: Path) -> None:
    """A write that rolled back makes the next write set up the row capture again; a read
    still open on the same connection must not stop that write, and what it wrote is
    in its event: the file reconciles and the ticket's row is named by its image."""
    db = open_database(office_file, station="Loket 1", mode="test")
    try:
        issue_ticket(db, service="A", now=datetime(2026, 11, 30, 9, tzinfo=WIB))

        def fails(conn) -> None:
            conn.execute("UPDATE settings SET value = value WHERE key = 'timezone'")
            raise RuntimeError("the act was refused")

        with pytest.raises(RuntimeError):
            db.write(fails)
        reading = db.conn.execute("SELECT id FROM events")
        assert reading.fetchone() is not None  # still open: more rows to come
        t = issue_ticket(db, service="A", now=datetime(2026, 11, 30, 9, 5, tzinfo=WIB))
        reading.close()
        [rows] = [r[0] for r in db.query("SELECT rows FROM events WHERE kind = 'issued' "
                                         "AND ticket_id = ?", (t.id,))]
        assert ["tickets", [t.id]] in [image[1:3] for image in json.loads(rows)]
        assert reconcile(db)["ok"]
    finally:
        db.close()
