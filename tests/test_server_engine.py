"""The same record on a PostgreSQL server: the signed log and ``check`` on
both engines, the station role that cannot rewrite history, the move from a file and
back, the LISTEN/NOTIFY feed, and a server that restarts or drops a connection mid-day.

A real throw-away cluster (tests/pg_cluster.py), never a mock."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.conftest import given_root, run_cli
from tests.drivers import admin_pc
from ult_desktop.db import errors
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    cancel,
    finish,
    pause_counter,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import audit, station_keys
from ult_desktop.db.record.feed import ChangeFeed
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.visit import cases

pytestmark = pytest.mark.engines


def morning(db) -> list:
    """A few visits through the app's own functions."""
    tickets = [issue_ticket(db, service=s) for s in "AABBC"]
    issue_ticket(db, service="A", priority=True)
    call_next(db, counter=1)
    start_serving(db, counter=1)
    finish(db, counter=1)
    call_next(db, counter=2)
    skip(db, counter=2)
    return tickets


def check_json(target: str) -> tuple[int, dict]:
    r = run_cli("check", "--db", target, "--json", *given_root(target))
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def test_chain_and_projections_check_clean_on_either_engine(db, db_target, tmp_path):
    from ult_desktop.app import station_key

    key = station_key.create_key(tmp_path / "key-admin")[0]
    db.set_signer(key)  # a registered, signing station, as an office's are
    db.set_actor("admin")
    station_keys.request_registration(db, label="admin")
    station_keys.request_registration(db, label="admin PC")  # asked again: the label changes
    station_keys.approve_key(db, key.key_id)
    morning(db)
    assert audit.verify_chain(db)["ok"]
    report = reconcile(db)
    assert report["ok"] and report["count"] == 0 and report["provable_from"] is not None
    code, full = check_json(db_target)
    assert code == 0 and full["ok"] and full["audit"]["ok"] and full["reconcile"]["ok"]


@pytest.fixture
def owner(engine, pg_url):
    """A session of the database owner, outside the app (``psql`` as an insider)."""
    if engine != "postgresql":
        pytest.skip("server only")
    import psycopg

    conn = psycopg.connect(pg_url, autocommit=True)
    yield conn
    conn.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_an_owner_edit_of_an_event_or_a_row_is_named_by_check(db, pg_url, owner):
    morning(db)
    called = owner.execute("SELECT id FROM events WHERE kind = 'called' ORDER BY id").fetchone()[0]
    owner.execute("UPDATE events SET counter_number = 3 WHERE id = %s", (called,))
    owner.execute("UPDATE tickets SET finished_at = called_at WHERE state = 'done'")
    code, report = check_json(pg_url)
    assert code == 9
    assert {(f["event"], f["problem"]) for f in report["audit"]["findings"]} == \
        {(called, "edited")}
    diffs = report["reconcile"]["differences"]
    assert [(d["table"], d["column"]) for d in diffs] == [("tickets", "finished_at")]


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_report_on_the_server_counts_the_acts_not_the_owner_s_edits(db, pg_url, owner):
    """The owner, in ``psql``, cancels a served visit and makes a missed one served: the
    month's figures as the report reads them (the record as the judge let it stand, on a
    connection of its own) are those printed before, though the tables say otherwise."""
    from datetime import date, timedelta

    from ult_desktop.db.record.figures_view import figures_record
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.verified import verify

    morning(db)
    today = date.today()
    period = (today - timedelta(days=1), today + timedelta(days=1))

    def figures(record) -> tuple:
        data = collect(record, *period)
        return data.totals(), [(t.number, t.state, t.outcome) for t in data.tickets]

    def as_printed() -> tuple:
        verification = verify(db, *period)
        with figures_record(db, verification.corrections) as record:
            return figures(record), verification.ok

    before, verified = as_printed()
    assert verified is False  # (the demo office has no root: never "verified")
    owner.execute("UPDATE tickets SET state = 'cancelled', outcome = NULL WHERE state = 'done'")
    owner.execute("UPDATE tickets SET state = 'done', outcome = 'answered', "
                  "finished_at = called_at WHERE state = 'skipped'")
    assert figures(db) != before  # the tables moved
    assert as_printed()[0] == before


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_an_owner_deleting_or_inserting_events_is_named_by_check(db, pg_url, owner):
    """What the audit-chain tests do to a file with plain sqlite3, done on the server by
    someone holding the owner's password."""
    db.set_signer(None)  # unsigned: the findings of the main chain only, whatever key
    # an earlier test left installed for the process (its own sub-chain adds findings)
    morning(db)
    top = db.query("SELECT MAX(id) FROM events")[0][0]
    called = db.query("SELECT id FROM events WHERE kind = 'called' ORDER BY id")[0][0]
    owner.execute("DELETE FROM events WHERE id = %s", (called,))
    owner.execute("DELETE FROM events WHERE id >= %s", (top - 1,))  # the end of the log
    code, report = check_json(pg_url)
    found = {(f["event"], f["problem"]) for f in report["audit"]["findings"]}
    # the end of the log: the high-water row is a hint no signed event backs
    assert code == 9 and found == {(called, "deleted")}
    assert report["audit"]["high_water_ahead"] == top
    owner.execute("INSERT INTO events (id, kind, station, at, data) VALUES (%s, "
                  "'settings_changed', 'admin', '2026-01-05T01:00:00+00:00', '{}')", (top + 5,))
    code, report = check_json(pg_url)
    found = {(f["event"], f["problem"]) for f in report["audit"]["findings"]}
    assert code == 9 and (top + 5, "inserted") in found and (called, "deleted") in found
    issue_ticket(db, service="C")  # the office goes on working
    assert check_json(pg_url)[0] == 9  # and the findings stay


def test_the_station_role_appends_events_but_cannot_rewrite_them(pg_cluster, pg_url):
    dbname = pg_url.rsplit("/", 1)[1]
    station_url = pg_cluster.url(dbname, user="ult_station", password="station-pw")
    kiosk = open_database(station_url, station="kiosk", mode="kiosk")
    counter = open_database(station_url, station="loket", mode="counter")
    morning(kiosk)
    call_next(counter, counter=1)
    assert audit.verify_chain(kiosk)["ok"] and reconcile(kiosk)["ok"]
    for sql in ("UPDATE events SET station = 'x' WHERE id = 1", "DELETE FROM events",
                "TRUNCATE events"):
        with pytest.raises(errors.ReadOnlyDatabase):
            kiosk.write(lambda conn, s=sql: conn.execute(s))
    # re-sealing is for the caller's own, uncommitted event only
    with pytest.raises(errors.ReadOnlyDatabase):
        kiosk.write(lambda conn: conn.execute(
            "SELECT ult_reseal(1, '{}', NULL, NULL, NULL)"))
    assert issue_ticket(kiosk, service="A").number == "A-003"  # still works
    assert kiosk.query("SELECT COUNT(*) FROM events WHERE station = 'x'")[0][0] == 0


def test_an_office_file_moves_to_the_server_and_back_with_its_signed_history(
        db_path, pg_cluster, tmp_path, monkeypatch):
    db, key = admin_pc(db_path, tmp_path / "key-admin", mode="test")
    morning(db)
    db.close()
    file_code, file_report = check_json(str(db_path))
    assert file_code == 0

    url = pg_cluster.create_db("moved")
    monkeypatch.setenv("ULT_STATION_PASSWORD", "station-pw")
    r = run_cli("migrate-to-server", "--db", str(db_path), "--url", url)
    assert r.returncode == 0, r.stderr
    assert "disalin" in r.stdout
    code, report = check_json(url)
    assert code == 0 and report["audit"]["ok"] and report["reconcile"]["ok"], report
    assert report["counts"] == file_report["counts"]
    assert check_json(str(db_path))[0] == 0  # the file is left as it was

    # the day goes on on the server: numbers continue without a gap or a repeat
    server = open_database(url, station="admin", mode="kiosk")
    server.set_signer(key)  # a registered station (an unsigned one is a finding anywhere)
    assert issue_ticket(server, service="A").number == "A-003"
    assert issue_ticket(server, service="A", priority=True).number == "P-002"
    server.close()

    back = tmp_path / "back.db"
    r = run_cli("migrate-from-server", "--url", url, "--db", str(back))
    assert r.returncode == 0, r.stderr
    code, again = check_json(str(back))
    assert code == 0 and again["audit"]["ok"] and again["reconcile"]["ok"], again
    assert again["counts"]["events"] == report["counts"]["events"] + 2
    # and the file continues the numbering too
    assert issue_ticket(open_database(back), service="A").number == "A-004"
    assert again["audit"]["ok"] and not again["audit"]["findings"]
    r = run_cli("migrate-to-server", "--db", str(db_path), "--url", url)
    assert r.returncode == 4  # never over an office that is there


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_feed_wakes_on_notify_and_costs_no_round_trip_while_quiet(db_target):
    display = open_database(db_target, station="display", mode="display")
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    feed = ChangeFeed(display)
    assert feed.poll() == []  # the first poll: the listener is new, reads once
    before = display.conn.round_trips
    assert feed.poll() == []
    assert display.conn.round_trips == before  # nothing happened: no query at all
    issue_ticket(kiosk, service="A")
    import select

    select.select([feed._listener._raw.pgconn.socket], [], [], 5)  # the NOTIFY arrives
    assert [e.ticket_number for e in feed.poll()] == ["A-001"]
    feed.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_server_restarted_mid_day_stations_reconnect_and_nothing_is_issued_twice(
        pg_cluster, db_target):
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    counter = open_database(db_target, station="loket", mode="counter")
    display = open_database(db_target, station="display", mode="display")
    feed = ChangeFeed(display)
    issued = [issue_ticket(kiosk, service="A", request_id=f"k:{i}").number
              for i in range(3)]
    call_next(counter, counter=1)
    pg_cluster.restart()
    # the first action after the restart finds its connection gone: a clear error ...
    with pytest.raises(errors.ServerUnavailable) as info:
        issue_ticket(kiosk, service="A", request_id="k:3")
    assert "server" in str(info.value).lower()
    # ... and the retry (the kiosk retries with the same request id) reconnects
    issued.append(issue_ticket(kiosk, service="A", request_id="k:3").number)
    issued.append(issue_ticket(kiosk, service="A", request_id="k:3").number)
    _reconnected(counter)
    finish(counter, counter=1)
    assert call_next(counter, counter=1).number == "A-002"
    _reconnected(display)
    seen = [e.kind for e in feed.poll()]  # the listener reconnects, reads by id
    assert "called" in seen
    assert issued == ["A-001", "A-002", "A-003", "A-004", "A-004"]
    rows = kiosk.query("SELECT number FROM tickets ORDER BY id")
    assert [r[0] for r in rows] == ["A-001", "A-002", "A-003", "A-004"]
    assert audit.verify_chain(kiosk)["ok"] and reconcile(kiosk)["ok"]
    feed.close()


def _reconnected(db) -> None:
    """A station's next call after the restart meets its dropped connection (the banner);
    the one after it reconnects, as the station's worker does on its own."""
    try:
        db.query("SELECT 1")
    except errors.ServerUnavailable:
        db.query("SELECT 1")


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_connection_dropped_mid_transaction_leaves_no_trace(db_target, owner):
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    issue_ticket(kiosk, service="A")
    pid = kiosk.query("SELECT pg_backend_pid()")[0][0]
    inside = threading.Event()

    def tx(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('half', '1')")
        inside.set()
        owner.execute("SELECT pg_terminate_backend(%s)", (pid,))  # the LAN drops here
        conn.execute("SELECT 1")

    with pytest.raises(errors.ServerUnavailable):
        kiosk.write(tx)
    assert inside.is_set()
    assert issue_ticket(kiosk, service="A").number == "A-002"  # reconnected
    assert kiosk.query("SELECT COUNT(*) FROM settings WHERE key = 'half'")[0][0] == 0
    assert reconcile(kiosk)["ok"]


def test_the_sqlite_file_is_untouched_by_the_seam(db_path):
    """The file's own policy is what it was: rollback journal, its header's high water."""
    db = open_database(db_path, station="k", mode="kiosk")
    assert db.dialect == "sqlite" and db.query("PRAGMA journal_mode")[0][0] == "delete"
    issue_ticket(db, service="A")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == \
        conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ticket_counters'"
                            ).fetchone()
    assert Path(str(db_path) + "-wal").exists() is False


def test_server_init_makes_the_schema_and_the_station_role_once(pg_cluster, monkeypatch):
    url = pg_cluster.create_db("fresh_office")
    monkeypatch.setenv("ULT_STATION_PASSWORD", "s3cret-station")
    r = run_cli("server", "init", "--url", url, "--office-name", "ULT Uji")
    assert r.returncode == 0, r.stderr
    assert "ult_station" in r.stdout and "dibuat" in r.stdout
    station = open_database(pg_cluster.url("fresh_office", user="ult_station",
                                           password="s3cret-station"), station="k", mode="k")
    from ult_desktop.db.house.office import get_settings

    assert get_settings(station)["office_name"] == "ULT Uji"
    assert reconcile(station)["ok"]
    station.close()
    again = run_cli("server", "init", "--url", url)
    assert again.returncode == 4 and "sudah ada" in again.stderr
    assert run_cli("server", "init", "--url", "/tmp/x.db").returncode == 2


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_admins_backup_of_a_server_is_an_office_file_that_checks(db, tmp_path):
    from ult_desktop.db.keeping.backup import backup_database

    morning(db)
    seen = []
    out = backup_database(db, tmp_path / "arsip.db", progress=lambda a, b: seen.append((a, b)))
    assert seen and seen[-1][0] == seen[-1][1]
    code, report = check_json(str(out))
    assert code == 11 and report["reconcile"]["ok"]  # sound; the demo office has no root
    assert db.query("SELECT COUNT(*) FROM events WHERE kind = 'backup_made'")[0][0] == 1
    with pytest.raises(errors.DatabaseExists):
        backup_database(db, out)
    r = run_cli("backup", "--db", db.source, "--out", str(tmp_path / "cli.db"))
    assert r.returncode == 0, r.stderr
    assert check_json(str(tmp_path / "cli.db"))[0] == 11  # sound; no root


def test_the_retention_purge_on_a_server_erases_only_personal_values_and_checks_clean(
        pg_cluster, pg_url):
    from datetime import date, timedelta

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.privacy.retention import personal_data_due, purge_personal_data

    dbname = pg_url.rsplit("/", 1)[1]
    station = open_database(pg_cluster.url(dbname, user="ult_station", password="station-pw"),
                            station="admin", mode="admin")  # the station role, not the owner
    morning(station)
    cancel(station, number="B-002", reason="Bapak Joko pulang, 0812-999")
    call_next(station, counter=1)
    ticket = start_serving(station, counter=1)
    cases.finish_visit(station, counter=1, ticket_id=ticket.id, outcome="answered",
                            record=RecordInput(visitor_name="Ibu Sri Rahayu",
                                               institution="SD 1", phone="081234567890",
                                               question="Tunjangan"))
    assert personal_data_due(station, months=1, now=None) is not None
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    report = purge_personal_data(station, before_day=tomorrow)
    assert report["events"] >= 1 and report["register_records"] == 1
    texts = " ".join(r[0] for r in station.query("SELECT data FROM events"))
    assert "Joko" not in texts and "0812-999" not in texts
    assert station.query("SELECT visitor_name, phone FROM register_records")[0] == ("", None)
    assert audit.verify_chain(station)["ok"] and reconcile(station)["ok"]
    code, full = check_json(pg_url)  # sound (11: the demo office has no root)
    assert code == 11 and full["audit"]["ok"] and full["reconcile"]["ok"]
    # the function erases personal keys only: anything else is refused
    with pytest.raises(errors.ReadOnlyDatabase):
        station.write(lambda conn: conn.execute(
            "SELECT ult_erase_personal(1, '{\"hacked\": 1}')"))


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_trigger_the_owner_plants_or_a_capture_trigger_dropped_stops_the_writes(
        db_target, owner):
    owner.execute("CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN RETURN NEW; END $$")
    owner.execute("CREATE TRIGGER sneaky AFTER INSERT ON tickets FOR EACH ROW "
                  "EXECUTE FUNCTION sneaky()")
    owner.execute("DROP TRIGGER ult_capture_officers ON officers")
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    assert {(d.problem, d.name) for d in kiosk.drift} == \
        {("unknown", "sneaky"), ("missing", "ult_capture_officers")}
    with pytest.raises(errors.UltError) as info:
        issue_ticket(kiosk, service="A")
    assert "sneaky" in str(info.value)
    code, report = check_json(db_target)
    assert code == 4 and not report["schema_ok"]
    assert kiosk.query("SELECT COUNT(*) FROM tickets")[0][0] == 0


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_trigger_planted_while_a_station_runs_never_fires_in_its_next_write(
        db_target, owner):
    """As on the file (``Database._guard_in_tx``): the schema's cookie is read with the
    write's BEGIN, so a station already running refuses its next write instead of
    running the owner's new trigger inside it."""
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    issue_ticket(kiosk, service="A")
    owner.execute("CREATE TABLE stolen (number TEXT)")
    owner.execute("CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN INSERT INTO stolen VALUES (NEW.number); RETURN NEW; END $$")
    owner.execute("CREATE TRIGGER sneaky AFTER INSERT ON tickets FOR EACH ROW "
                  "EXECUTE FUNCTION sneaky()")
    with pytest.raises(errors.UltError) as info:
        issue_ticket(kiosk, service="A")
    assert "sneaky" in str(info.value) or "stolen" in str(info.value)
    assert owner.execute("SELECT COUNT(*) FROM stolen").fetchone()[0] == 0
    assert kiosk.query("SELECT COUNT(*) FROM tickets")[0][0] == 1



@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_reads_ahead_sent_after_their_write_ended_answer_nothing_later(db_target):
    """Reads ahead that leave only with a write's COMMIT (the write asked nothing) keep
    no answer for the reads that follow: the next read of the newest event is fresh."""
    from ult_desktop.db.engine.pg import PgConnection, connect_raw
    from ult_desktop.db.record.events import HEADS_READS

    top_sql = HEADS_READS[1][0]
    conn = PgConnection(connect_raw(db_target))
    conn.start_write(piggyback=False)
    conn.defer("BEGIN", None)
    conn.read_ahead_sql(top_sql)
    conn.end_write()
    conn.script("COMMIT")
    assert conn.ahead == {} and not any(h.ahead for h in conn._pending)
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    before = conn.execute(top_sql).fetchone()[0]
    issue_ticket(kiosk, service="A")
    assert conn.execute(top_sql).fetchone()[0] > before
    conn.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_server_formats_numbers_past_999_as_format_number_does(db_target, owner):
    """The counter row and the ticket are one statement on a server, the number made in
    SQL: A-009, A-010, A-999, then A-1000 (all digits kept), as on the file."""
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    first = issue_ticket(kiosk, service="A")
    assert first.number == "A-001"
    seen = []
    for last in (8, 9, 998, 999):
        owner.execute("UPDATE ticket_counters SET last_seq = %s WHERE day = %s AND "
                      "prefix = 'A'", (last, first.day))
        seen.append(issue_ticket(kiosk, service="A").number)
    assert seen == ["A-009", "A-010", "A-999", "A-1000"]


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_forged_day_counter_on_a_server_stops_no_station(db_target, owner):
    """An insider with the station role sets the day's counter near the largest number
    PostgreSQL holds: the next tickets take the numbers after the day's real ones, as a
    file passes over a forged row (before: one more ticket, then every station failed
    to issue for the rest of the day)."""
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    first = issue_ticket(kiosk, service="A")
    owner.execute("UPDATE ticket_counters SET last_seq = %s WHERE day = %s AND prefix = 'A'",
                  (2 ** 63 - 2, first.day))
    assert [issue_ticket(kiosk, service="A").number for _ in range(3)] == [
        "A-002", "A-003", "A-004"]
    kiosk.close()


def test_a_server_office_of_an_older_schema_is_brought_up_to_date_by_its_owner(pg_cluster,
                                                                                 pg_url):
    """Migrations 16-23 (these rounds) on a server made before them: a station (its
    role may not change the schema) is told in one sentence to let the owner open it
    once; the owner's open applies them, as translated as the schema itself, with the
    row capture and the station role's grants; then the station works and nothing
    drifts."""
    import psycopg

    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    with psycopg.connect(pg_url, autocommit=True) as raw:  # as a server of schema 15
        for table in ("number_reserves", "counter_pauses", "standins"):
            raw.execute(f"DROP TABLE {table}")
        for column in ("nip", "jabatan", "unit"):
            raw.execute(f"ALTER TABLE officers DROP COLUMN {column}")
        raw.execute("ALTER TABLE register_records DROP COLUMN lapor_id")
        raw.execute("ALTER TABLE register_records DROP COLUMN code_hash")
        raw.execute("ALTER TABLE tickets DROP COLUMN routed_at")
        raw.execute("ALTER TABLE tickets DROP COLUMN assist")
        raw.execute("ALTER TABLE tickets DROP COLUMN fetched_at")
        raw.execute("ALTER TABLE tickets DROP COLUMN calls")
        raw.execute("ALTER TABLE tickets DROP COLUMN returned_at")
        raw.execute("ALTER TABLE cases DROP COLUMN lapor_category")
        for column in ("visit_day", "visit_opens", "visit_closes", "visit_code"):
            raw.execute(f"ALTER TABLE cases DROP COLUMN {column}")  # (its index with it)
        raw.execute("ALTER TABLE tickets DROP COLUMN followup_case")
        raw.execute("ALTER TABLE services DROP COLUMN priority_order")
        raw.execute("UPDATE ult_meta SET value = 15 WHERE key = 'schema_version'")
    dbname = pg_url.rsplit("/", 1)[1]
    station_url = pg_cluster.url(dbname, user="ult_station", password="station-pw")
    with pytest.raises(errors.ServerSchemaOld, match="pemilik basis data"):
        open_database(station_url, station="kiosk", mode="kiosk")
    owner = open_database(pg_url, station="admin", mode="admin")
    assert owner.schema_version == SCHEMA_VERSION and not owner.drift
    owner.close()
    kiosk = open_database(station_url, station="kiosk", mode="kiosk")
    try:
        assert not kiosk.drift
        pause_counter(kiosk, counter=2, reason="ishoma")  # a new table
        transferred = issue_ticket(kiosk, service="A")
        call_next(kiosk, counter=1)
        audit.record_session(kiosk, audit.OFFICER_LOGIN, "rahmat", counter=3, screen="counter")
        assert transfer(kiosk, counter=1, to_counter=3).routed_at is not None
        assert transferred.number and reconcile(kiosk)["ok"]
    finally:
        kiosk.close()
