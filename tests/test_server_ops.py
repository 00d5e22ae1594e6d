"""The IT officer's operations on an office that lives on a PostgreSQL server:
restore from an office backup file, the daily automatic backup, schema repair, and the
declared foreign keys. Each works as on the file; the station role may do none of the
owner's work. A real throw-away cluster (tests/pg_cluster.py), never a mock."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from tests.conftest import given_root, run_cli
from tests.drivers import admin_pc
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.feed import ChangeFeed
from ult_desktop.db.record.reconcile import reconcile

WIB = timezone(timedelta(hours=7))
MORNING = datetime(2026, 11, 23, 7, 30, tzinfo=WIB)
ADMIN_ENV = {"ULT_ADMIN_PIN": DEMO_PINS["admin"]}


def check_json(target: str, pc: Path | None = None) -> tuple[int, dict]:
    env = {"ULT_KEY_DIR": str(pc)} if pc is not None else None
    r = run_cli("check", "--db", target, "--json", *given_root(target), env=env)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def station_url(pg_cluster, pg_url: str) -> str:
    return pg_cluster.url(pg_url.rsplit("/", 1)[1], user="ult_station", password="station-pw")


def admin_pc_env(tmp_path: Path) -> dict:
    """An admin command's environment on the admin PC of :func:`owner_db` (its key: the
    registered admin station; an admin command runs nowhere else)."""
    return {**ADMIN_ENV, "ULT_KEY_DIR": str(tmp_path / "key-admin")}


@pytest.fixture
def owner_db(pg_url, tmp_path):
    """The admin PC on the owner's URL, its key registered (the root of trust)."""
    db, _key = admin_pc(pg_url, tmp_path / "key-admin")
    yield db
    db.close()


def registered_station(url: str, owner: Database, tmp_path: Path, name: str) -> Database:
    """A station on *url* whose key the admin approved (an unsigned event is a finding)."""
    from ult_desktop.app import station_key

    key = station_key.create_key(tmp_path / f"key-{name}")[0]
    db = open_database(url, station=name, mode="counter")
    db.set_signer(key)
    station_keys.request_registration(db, label=name)
    station_keys.approve_key(owner, key.key_id, role="counter")
    return db


def rows(target, table: str) -> list[tuple]:
    """Every row of *table*, ordered, as plain values (a file path or a server URL)."""
    order = "day, prefix" if table == "ticket_counters" else "id" if table in (
        "events", "tickets") else "1"
    if isinstance(target, Path):
        conn = sqlite3.connect(target)
        try:
            got = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        finally:
            conn.close()
    else:
        with psycopg.connect(target) as conn:
            got = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in got]


# -- 1. restore ----------------------------------------------------------------------------
def test_restore_on_a_server_replaces_the_office_with_the_backup_and_checks_clean(
        pg_cluster, pg_url, owner_db, tmp_path):
    db = owner_db
    station = registered_station(station_url(pg_cluster, pg_url), db, tmp_path, "Loket 1")
    for s in "AAB":
        issue_ticket(db, service=s)
    call_next(db, counter=1)
    monday = backup.backup_database(db, tmp_path / "monday.db")
    feed = ChangeFeed(station)
    feed.poll()
    for s in "AAC":  # Tuesday's work, lost by the restore (kept in the before-restore copy)
        issue_ticket(station, service=s)
    office.set_settings(db, office_name="Nama Baru")
    pc = tmp_path / "admin-pc"
    assert check_json(pg_url, pc)[0] == 0  # this PC remembers the newest event now
    old_top = db.query("SELECT MAX(id) FROM events")[0][0]

    kept = backup.restore_database(db, monday)

    assert kept.parent == monday.parent and kept.name.startswith("office_")
    assert check_json(str(kept))[0] == 0  # what was there before, as an office file
    backup_events = rows(monday, "events")
    server_events = rows(pg_url, "events")
    assert server_events[:len(backup_events)] == backup_events  # byte for byte
    added = db.query("SELECT id, kind, station FROM events WHERE id > ? ORDER BY id",
                     (backup_events[-1][0],))
    assert [r[1] for r in added] == ["database_restored", "settings_changed"]
    assert added[0][0] > old_top  # ids go on above every id handed out
    assert rows(pg_url, "tickets") == rows(monday, "tickets")
    assert rows(pg_url, "ticket_counters") == [(d, p, m) for d, p, m in sorted(
        {(t[1], t[2]) + (max(x[3] for x in rows(monday, "tickets")
                              if (x[1], x[2]) == (t[1], t[2])),) for t in
         rows(monday, "tickets")})]
    high = db.query("SELECT value FROM ult_meta WHERE key = 'event_high_water'")[0][0]
    assert high >= added[-1][0] - 2
    assert office.get_settings(db)["office_name"] != "Nama Baru"
    # the station learns of it through the feed (and drops its cached settings)
    assert "database_restored" in [e.kind for e in feed.poll()]
    assert office.get_settings(station)["office_name"] != "Nama Baru"
    # the day's numbers go on from the backup's, without a gap or a repeat
    assert issue_ticket(station, service="A").number == "A-003"
    code, report = check_json(pg_url, pc)  # the PC that saw the newer events
    assert code == 0 and report["audit"]["ok"] and report["reconcile"]["ok"], report
    assert check_json(pg_url)[0] == 0
    feed.close()
    station.close()


def test_a_failed_restore_leaves_the_server_as_it_was(pg_url, owner_db, tmp_path):
    db = owner_db
    issue_ticket(db, service="A")
    broken = backup.backup_database(db, tmp_path / "broken.db")
    conn = sqlite3.connect(broken)  # a counter naming an officer that is not there
    conn.execute("UPDATE counters SET officer_id = 999 WHERE number = 1")
    conn.commit()
    conn.close()
    before = {t: rows(pg_url, t) for t in ("events", "tickets", "counters", "ticket_counters")}
    with pytest.raises(errors.RuleViolation) as info:
        backup.restore_database(db, broken)
    assert "check" in str(info.value)
    assert {t: rows(pg_url, t) for t in before} == before
    assert not list(tmp_path.glob("*before-restore*"))
    assert issue_ticket(db, service="A").number == "A-002"
    assert check_json(pg_url)[0] == 0


def test_a_server_whose_schema_drifted_is_not_restored_until_repaired(pg_url, owner_db,
                                                                     tmp_path):
    saved = backup.backup_database(owner_db, tmp_path / "saved.db")
    with psycopg.connect(pg_url, autocommit=True) as owner:  # it would fire while copying
        owner.execute("CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN RETURN NEW; END $$")
        owner.execute("CREATE TRIGGER sneaky AFTER INSERT ON events FOR EACH ROW "
                      "EXECUTE FUNCTION sneaky()")
    before = rows(pg_url, "events")
    with pytest.raises(errors.UltError) as info:
        backup.restore_database(owner_db, saved)
    assert "sneaky" in str(info.value) and "repair" in str(info.value)
    assert rows(pg_url, "events") == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_the_station_role_cannot_restore_and_is_told_to_use_the_owners_url(
        pg_cluster, pg_url, owner_db, tmp_path):
    saved = backup.backup_database(owner_db, tmp_path / "saved.db")
    r = run_cli("restore", "--db", station_url(pg_cluster, pg_url), "--from", str(saved),
                "--admin", "admin", env=admin_pc_env(tmp_path))
    assert r.returncode == 6 and r.stderr.strip().count("\n") == 0, r.stderr
    assert "pemilik basis data" in r.stderr and "ult_station" in r.stderr
    assert "ult-desktop restore --db postgresql://" in r.stderr
    r = run_cli("restore", "--db", pg_url, "--from", str(saved), "--admin", "admin",
                "--json", env=admin_pc_env(tmp_path))
    assert r.returncode == 0, r.stderr
    assert Path(json.loads(r.stdout)["kept"]).is_file()
    code, report = check_json(pg_url)
    # the chain and the tables hold; the restore's events are unsigned or signed by this
    # CLI process's key, which the office never registered: check names them,
    # as it does on the file
    assert report["reconcile"]["ok"] and report["schema_ok"]
    assert {f["problem"] for f in report["audit"]["findings"]} <= {
        "unsigned", "impersonated", "unregistered"}


# -- 4. declared foreign keys ---------------------------------------------------------------
def test_the_server_refuses_a_row_that_names_a_row_that_is_not_there(pg_cluster, pg_url):
    station = open_database(station_url(pg_cluster, pg_url), station="k", mode="kiosk")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        station.write(lambda conn: conn.execute(
            "UPDATE counters SET officer_id = 999 WHERE number = 1"))
    with psycopg.connect(pg_url, autocommit=True) as owner:  # the owner too: the constraint is the server's
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            owner.execute("INSERT INTO sop_targets (service_id, step, value) VALUES (999, 'wait', 5)")
        names = {r[0] for r in owner.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f'").fetchall()}
    assert {"ult_fk_events_ticket_id", "ult_fk_counters_officer_id",
            "ult_fk_handovers_case_id"} <= names
    assert issue_ticket(station, service="A").number == "A-001"  # the app's order
    assert reconcile(station)["ok"]


# -- 2. the daily automatic backup ------------------------------------------------------------
def test_the_daily_backup_of_a_server_is_made_once_rotated_and_shown(pg_cluster, pg_url,
                                                                      tmp_path):
    import threading

    from ult_desktop.core import backup_plan
    from ult_desktop.db.keeping import autobackup

    folder = tmp_path / "cadangan"
    folder.mkdir()
    url = station_url(pg_cluster, pg_url)  # stations make it, with the station role
    a = open_database(url, station="Loket 1", mode="counter")
    b = open_database(url, station="Kiosk", mode="kiosk")
    autobackup.set_backup_folder(a, folder=str(folder), host="ADMIN-PC")
    office.set_settings(a, backup_keep=2)
    issue_ticket(b, service="A")
    # two stations notice at the same moment: the write lock serialises their claims
    outcomes: list = []
    gate = threading.Barrier(2)

    def look(db):
        gate.wait()
        outcomes.append(autobackup.run_daily_backup(db, now=MORNING, host="ADMIN-PC"))

    threads = [threading.Thread(target=look, args=(db,)) for db in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(o.outcome for o in outcomes) == sorted(
        [autobackup.MADE, backup_plan.CLAIMED]) or sorted(o.outcome for o in outcomes) == \
        sorted([autobackup.MADE, backup_plan.DONE_TODAY])
    made = next(o for o in outcomes if o.outcome == autobackup.MADE)
    dbname = pg_url.rsplit("/", 1)[1]
    assert made.path == folder / f"{dbname}-20261123-073000.db"
    assert backup.inspect_backup(made.path).tickets == 1  # an office file any station opens
    code, report = check_json(str(made.path))
    assert report["reconcile"]["ok"] and report["schema_ok"]
    assert [r[0] for r in a.query("SELECT kind FROM events WHERE kind IN ('backup_started', "
                                  "'backup_made') ORDER BY id")] == ["backup_started",
                                                                      "backup_made"]
    later = autobackup.run_daily_backup(b, now=MORNING + timedelta(hours=3), host="ADMIN-PC")
    assert later.outcome == backup_plan.DONE_TODAY
    status = autobackup.backup_status(b, now=MORNING + timedelta(hours=4), host="ADMIN-PC")
    assert status.last is not None and status.last.file == str(made.path)
    assert status.reachable and status.warnings == ()
    # rotation: the newest backup_keep copies of this database stay, other files too
    (folder / "catatan.txt").write_text("not a backup")
    days = [autobackup.run_daily_backup(a, now=MORNING + timedelta(days=d), host="ADMIN-PC")
            for d in (1, 2)]
    assert [d.outcome for d in days] == [autobackup.MADE, autobackup.MADE]
    assert days[1].deleted == (made.path,)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["catatan.txt", days[0].path.name, days[1].path.name])
    assert reconcile(a)["ok"]
    a.close()
    b.close()
    # the scheduled task's command, and "Cadangan terakhir" on check, with the URL
    r = run_cli("check", "--db", url)
    assert any(line.startswith("Cadangan terakhir: ") and days[1].path.name in line
               for line in r.stdout.splitlines()), r.stdout
    r = run_cli("backup", "--daily", "--db", url)
    assert "Cadangan hari ini sudah ada." in r.stdout or "Cadangan harian dibuat" in r.stdout, \
        r.stdout + r.stderr


# -- 3. repair -------------------------------------------------------------------------------
def test_repair_on_a_server_puts_back_a_dropped_trigger_and_the_stations_write_again(
        pg_cluster, pg_url):
    from ult_desktop.db.schemas import schema_guard

    url = station_url(pg_cluster, pg_url)
    kiosk = open_database(url, station="kiosk", mode="kiosk")
    issue_ticket(kiosk, service="A")
    with psycopg.connect(pg_url, autocommit=True) as owner:
        owner.execute("DROP TRIGGER ult_capture_tickets ON tickets")
        owner.execute("ALTER TABLE events DISABLE TRIGGER ult_events_notify")
        owner.execute("CREATE OR REPLACE FUNCTION ult_reseal(p_id BIGINT, p_data TEXT, "
                      "p_rows TEXT, p_hash BYTEA, p_sig BYTEA) RETURNS void LANGUAGE sql "
                      "SECURITY DEFINER AS $f$ UPDATE events SET data = p_data $f$")
    code, report = check_json(pg_url)
    assert code == 4 and {(d["problem"], d["type"], d["name"]) for d in report["schema_drift"]} \
        == {("missing", "trigger", "ult_capture_tickets"),
            ("changed", "trigger", "ult_events_notify"), ("changed", "function", "ult_reseal")}
    assert "ult_capture_tickets" in " ".join(report["schema_messages"])
    # a station opening now refuses to write (one already running does not look again
    # inside each write on a server: see docs/server.md, "What is not done yet")
    kiosk.close()
    kiosk = open_database(url, station="kiosk", mode="kiosk")
    assert kiosk.drift
    with pytest.raises(errors.UltError):
        issue_ticket(kiosk, service="A")
    # the station role may not repair: one sentence, the owner's URL
    r = run_cli("repair", "--db", url, "--admin", "admin", env=ADMIN_ENV)
    assert r.returncode == 6 and "pemilik basis data" in r.stderr, r.stderr
    assert r.stderr.strip().count("\n") == 0
    r = run_cli("repair", "--db", pg_url, "--admin", "admin", "--json", env=ADMIN_ENV)
    assert r.returncode == 0, r.stderr
    assert {(a["action"], a["name"]) for a in json.loads(r.stdout)["actions"]} == {
        ("recreated", "ult_capture_tickets"), ("recreated", "ult_events_notify"),
        ("recreated", "ult_reseal")}
    assert check_json(pg_url)[0] == 11  # sound; the demo office has no root to verify against
    assert schema_guard.recheck(kiosk) is False  # the station sees the repair, writes again
    assert issue_ticket(kiosk, service="A").number == "A-002"
    repaired = kiosk.query("SELECT data FROM events WHERE kind = 'schema_repaired'")
    assert len(repaired) == 1 and json.loads(repaired[0][0])["username"] == "admin"
    assert reconcile(kiosk)["ok"]  # the capture trigger is back: the rows have images


def test_repair_on_a_server_drops_what_it_did_not_make_only_when_asked(pg_url):
    from ult_desktop.db.schemas import schema_guard
    from ult_desktop.db.schemas.server_repair import UnknownObjectsKept

    with psycopg.connect(pg_url, autocommit=True) as owner:
        owner.execute("CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN RETURN NEW; END $$")
        owner.execute("CREATE TRIGGER sneaky AFTER INSERT ON tickets FOR EACH ROW "
                      "EXECUTE FUNCTION sneaky()")
        owner.execute("CREATE VIEW laporan_it AS SELECT number FROM tickets")
        owner.execute("DROP TRIGGER ult_capture_officers ON officers")
        owner.execute("ALTER TABLE counters DROP CONSTRAINT ult_fk_counters_officer_id")
    db = open_database(pg_url, station="admin", mode="admin")
    with pytest.raises(UnknownObjectsKept) as info:
        schema_guard.repair(db, username="admin")
    text = str(info.value)
    assert "sneaky" in text and "laporan_it" in text and "--drop-unknown" in text
    assert 'DROP TRIGGER "sneaky" ON "tickets"' in text and 'DROP VIEW "laporan_it"' in text
    assert {d.name for d in db.drift} >= {"sneaky", "laporan_it", "ult_capture_officers"}
    with psycopg.connect(pg_url, autocommit=True) as owner:  # nothing was changed
        assert owner.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'sneaky'").fetchone()
    done = schema_guard.repair(db, username="admin", drop_unknown=True)
    assert {(a["action"], a["name"]) for a in done} == {
        ("dropped", "sneaky"), ("dropped", "laporan_it"),
        ("recreated", "ult_capture_officers"), ("recreated", "ult_fk_counters_officer_id")}
    assert db.drift == [] and check_json(pg_url)[0] == 11  # sound; no root in the demo
    assert issue_ticket(db, service="A").number == "A-001"


def test_the_station_password_never_reaches_the_server_and_planted_row_security_is_drift(
        pg_cluster, pg_url, owner_db, tmp_path):
    """The station role's password is sent as a SCRAM verifier (the
    server's statement log never holds it); a row-level-security policy the owner plants
    (rows hidden from the stations) is drift: stations refuse to write, check names it,
    and repair --drop-unknown removes it."""
    from ult_desktop.db.engine.pg import PgConnection, connect_raw
    from ult_desktop.db.schemas.server_repair import server_drift
    from ult_desktop.db.schemas.server_schema import ensure_role

    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("SET log_statement = 'all'")
        ensure_role(raw, "ult_station", "n0t-in-the-log")
        stored = raw.execute("SELECT rolpassword FROM pg_authid WHERE rolname = "
                             "'ult_station'").fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "n0t-in-the-log" not in stored
    assert "n0t-in-the-log" not in pg_cluster.log_text()
    station = open_database(pg_cluster.url(pg_url.rsplit("/", 1)[1], user="ult_station",
                                           password="n0t-in-the-log"),
                            station="kiosk", mode="kiosk")
    assert issue_ticket(station, service="A").number == "A-001"
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("ALTER TABLE tickets ENABLE ROW LEVEL SECURITY")
        raw.execute("CREATE POLICY hide_a ON tickets FOR SELECT TO ult_station "
                    "USING (prefix <> 'A')")
    conn = PgConnection(connect_raw(pg_url))
    assert {d.name for d in server_drift(conn)} == {"hide_a ON tickets",
                                                    "ROW LEVEL SECURITY ON tickets"}
    conn.close()
    with pytest.raises(errors.UltError):  # the running station notices before writing
        issue_ticket(station, service="A")
    station.close()
    # (exit 9, not 4: this test's kiosk wrote unsigned after the office registered keys)
    code, report = check_json(pg_url)
    assert code == 9 and not report["schema_ok"]
    assert "hide_a" in " ".join(report["schema_messages"])
    r = run_cli("repair", "--db", pg_url, "--drop-unknown", "--admin", "admin",
                env=admin_pc_env(tmp_path))
    assert r.returncode == 0, r.stderr
    assert check_json(pg_url)[1]["schema_ok"]


def test_server_init_by_an_owner_without_createrole_says_what_to_do(pg_cluster, tmp_path):
    """The documented owner role works, and an owner that may not
    create the station role is told so (not "read-only file")."""
    with pg_cluster.admin() as su:
        su.execute("CREATE ROLE plain_owner LOGIN PASSWORD 'owner-pw'")
        su.execute("CREATE DATABASE ult_plain OWNER plain_owner")
    url = pg_cluster.url("ult_plain", user="plain_owner", password="owner-pw")
    r = run_cli("--lang", "en", "server", "init", "--url", url,
                env={"ULT_STATION_PASSWORD": "st-pw"})
    assert r.returncode == 6, r.stdout + r.stderr
    assert "CREATEROLE" in r.stderr and "read-only" not in r.stderr


def test_the_station_role_reaches_no_other_database_of_the_cluster(pg_cluster):
    """The stations' role connected to every database whose CONNECT PUBLIC had (the
    cluster's own ``postgres``, another application's): ``server init`` closes them,
    and another application's users keep their way in."""
    with pg_cluster.admin() as su:
        su.execute("CREATE ROLE other_app LOGIN PASSWORD 'other-pw'")
        su.execute("CREATE DATABASE other_app_db")
        su.execute("CREATE DATABASE ult_closed")
    r = run_cli("server", "init", "--url", pg_cluster.url("ult_closed"),
                env={"ULT_STATION_PASSWORD": "station-pw"})
    assert r.returncode == 0, r.stdout + r.stderr
    for name in ("postgres", "other_app_db"):
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(pg_cluster.url(name, user="ult_station", password="station-pw"))
    psycopg.connect(pg_cluster.url("other_app_db", user="other_app",
                                   password="other-pw")).close()
    psycopg.connect(pg_cluster.url("ult_closed", user="ult_station",
                                   password="station-pw")).close()


def test_the_station_role_can_only_raise_the_high_water_mark_to_an_event(
        pg_cluster, pg_url, owner_db, tmp_path):
    """On a server the station role cannot write ``ult_meta``; the
    owner's function raises the high-water mark, never lowers it and never past the
    newest event, so a station's password can neither hide a cut nor raise a false one."""
    import psycopg

    station = registered_station(station_url(pg_cluster, pg_url), owner_db, tmp_path, "Kiosk")
    issue_ticket(station, service="A")
    top = owner_db.query("SELECT MAX(id) FROM events")[0][0]
    mark = "SELECT value FROM ult_meta WHERE key = 'event_high_water'"
    assert owner_db.query(mark)[0][0] == top  # the app's own writes still raise it
    with psycopg.connect(station_url(pg_cluster, pg_url), autocommit=True) as conn:
        for sql in ("UPDATE ult_meta SET value = 1 WHERE key = 'event_high_water'",
                    "DELETE FROM ult_meta"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
        conn.execute("SELECT ult_raise_high_water(1)")          # lower: nothing
        conn.execute("SELECT ult_raise_high_water(%s)", (top + 1000,))  # past the log: nothing
    assert owner_db.query(mark)[0][0] == top
    code, report = check_json(pg_url)
    assert code == 0 and not report["audit"]["high_water_ahead"], report["audit"]["findings"]
    station.close()
