"""The key sub-chain of the audit trail is found without an index on ``station_key``
(that index was one more page journaled and written by every signed event).

A station finds its key's previous event from the one it wrote last, or, when it has
not written yet, from ``chain_heads`` (moved forward by heartbeats); the verifier
(``audit.verify_chain``) must find every key chain whole in each case."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ult_desktop.app import station_key
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import audit, station_keys

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def _open(path: Path, name: str, key) -> Database:
    db = open_database(path, station=name, mode="test")
    db.set_signer(key)
    return db


def _registered(path: Path, tmp_path: Path, *names: str) -> dict:
    keys = {n: station_key.create_key(tmp_path / f"key-{n}")[0] for n in names}
    admin = _open(path, names[0], keys[names[0]])
    admin.set_actor("admin")  # an admin logged in approves
    for n in names:
        db = _open(path, n, keys[n])
        station_keys.request_registration(db, label=n)
        db.close()
        station_keys.approve_key(admin, keys[n].key_id, role="counter")
    admin.close()
    return keys


def test_the_events_table_has_no_station_key_index(db_path):
    with sqlite3.connect(db_path) as conn:
        names = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")}
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE id > 5 AND station_key = 'k' "
            "ORDER BY id DESC LIMIT 1"))
    assert "events_station_key" not in names
    assert "USING INTEGER PRIMARY KEY" in plan  # a rowid range, not a scan of the log


def test_two_processes_sharing_a_key_and_fresh_starts_keep_every_key_chain_whole(
        db_path, tmp_path):
    keys = _registered(db_path, tmp_path, "admin", "loket1", "kiosk")
    a = _open(db_path, "loket1", keys["loket1"])
    b = _open(db_path, "loket1-admin", keys["loket1"])  # same PC, same key
    kiosk = _open(db_path, "kiosk", keys["kiosk"])
    for _ in range(3):
        issue_ticket(kiosk, service="A")
        issue_ticket(a, service="A")
        issue_ticket(b, service="B")
        issue_ticket(a, service="A")
    heartbeat(kiosk)  # chain_heads now up to here
    issue_ticket(a, service="A")  # after the heads: found by the tail scan
    for db in (a, b, kiosk):
        db.close()
    heads = dict(sqlite3.connect(db_path).execute("SELECT key_id, event_id FROM chain_heads"))
    assert heads["*"] > 0 and keys["loket1"].key_id in heads

    # fresh processes: no own event yet, they start from chain_heads
    fresh = _open(db_path, "loket1", keys["loket1"])
    kiosk = _open(db_path, "kiosk", keys["kiosk"])
    call_next(fresh, counter=1)
    issue_ticket(kiosk, service="C")
    finish(fresh, counter=1)
    report = audit.verify_chain(fresh)
    fresh.close()
    kiosk.close()
    assert report["ok"], report["findings"]
    counts = {k["label"]: k["events"] for k in report["keys"]}
    assert counts["loket1"] >= 11 and counts["kiosk"] >= 5


def test_a_write_that_rolls_back_does_not_leave_the_station_pointing_at_its_event(
        db_path, tmp_path):
    keys = _registered(db_path, tmp_path, "admin", "loket1")
    db = _open(db_path, "loket1", keys["loket1"])
    issue_ticket(db, service="A")
    before = (db.identity.last_own, db.identity.last_own_id)

    def fails(conn):
        issue_ticket(db, service="A")
        raise RuntimeError("printer said no")

    try:
        db.write(fails)
    except RuntimeError:
        pass
    assert (db.identity.last_own, db.identity.last_own_id) == before
    issue_ticket(db, service="A")
    report = audit.verify_chain(db)
    db.close()
    assert report["ok"], report["findings"]


def test_what_stations_do_all_day_never_scans_the_log(db_path, tmp_path, monkeypatch):
    """Every statement a station runs at its start and all day (a kiosk's landing, a desk's
    call, Selesai and screen, heartbeats, the TV's feed, a station looking for the
    survey-code key, the office's trust with a revoked key in it) reads the events log
    through an index or by id, never a scan of the whole log: on a share each page of a
    scan is a round trip (a scan by kind had the office peak's tickets land in 27 s)."""
    import re
    from datetime import datetime, timezone

    from tests.drivers import judged_office
    from ult_desktop.app.pulse import Heartbeat
    from ult_desktop.core.numbering import office_day
    from ult_desktop.db.journals.journal import KioskJournal
    from ult_desktop.db.queue.rows import code_salt
    from ult_desktop.db.record.feed import ChangeFeed
    from ult_desktop.ui.counter import jobs

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    office = judged_office(db_path, tmp_path)
    station_keys.revoke_key(office["admin"], office["tablet"].identity.signer.key_id)
    signer = office["kiosk"].identity.signer
    office.pop("kiosk").close()
    desk, tv = office["c1"], office["tv"]
    statements: dict[str, tuple] = {}  # as written, with their parameters

    def execute(conn, sql, params=()):
        statements.setdefault(sql, params)
        return sqlite3.Connection.execute(conn, sql, params)

    monkeypatch.setattr(AuditedConnection, "execute", execute)
    try:
        kiosk = office["kiosk"] = _open(db_path, "Kiosk 1", signer)  # a start
        journal = KioskJournal(tmp_path / "kiosk.journal", station=kiosk.station,
                               signer=signer)
        feed, beats = ChangeFeed(tv), Heartbeat()
        now = datetime.now(timezone.utc)
        journal.write_with(kiosk, lambda conn: None, now)  # the day's numbers held
        for n in range(3):
            assert journal.take(day=office_day(now, "WIB").isoformat(), service="A",
                                prefix="A", request_id=f"t{n}", now=now) is not None
            journal.write_with(kiosk, lambda conn: None, datetime.now(timezone.utc))
            assert call_next(desk, counter=1) is not None
            jobs.counter_state(desk, counter=1, officer_id=None)
            finish(desk, counter=1)
            feed.poll()
        jobs.office_info(desk)
        for db in (kiosk, desk, tv):
            beats.beat(db)
        tv.read(code_salt)  # a station without the code key looks for it
        assert not journal.unlanded()
        journal.close()
    finally:
        monkeypatch.undo()
        for db in office.values():
            db.close()
    reads = {s: p for s, p in statements.items()
             if re.match(r"\s*(SELECT|WITH|INSERT|UPDATE|DELETE)", s, re.IGNORECASE)}
    assert any("station_key_revoked" in f"{s} {p}" for s, p in reads.items())  # trust read
    newest = re.compile(r"FROM events ORDER BY id (DESC )?LIMIT 1")  # one row by rowid
    with sqlite3.connect(db_path) as conn:
        scans = [(s, plan) for s, p in sorted(reads.items()) for plan in (" / ".join(
            r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + newest.sub(
                "FROM events WHERE id = 0", s), p)),)
            if re.search(r"\bSCAN (events|e)\b(?! USING)", plan)]
    assert scans == [], "\n".join(f"{s}\n   -> {p}" for s, p in scans)
