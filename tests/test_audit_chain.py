"""The tamper-evident audit trail: each attack is done with raw sqlite3 on a
real file, as a person with write access to the share would, and ``check --json`` (a
real process) must name it: the event and what was done to it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from ult_desktop.app import station_key
from ult_desktop.core import verifier
from ult_desktop.core.chain import (
    GENESIS,
    HASHED_FIELDS,
    LINK_BYTES,
    compact_json,
    event_hash,
    sig_message,
)
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, reclassify_priority
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import audit, station_keys
from ult_desktop.db.record.events import append_event


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    """Three registered stations (admin PC = root, counter 1, counter 2) and a morning."""
    keys = {name: station_key.create_key(tmp_path / f"key-{name}")[0]
            for name in ("admin", "loket1", "loket2")}
    dbs = {}
    for name, key in keys.items():
        db = open_database(db_path, station=name, mode="test")
        db.set_signer(key)
        dbs[name] = db
    dbs["admin"].set_actor("admin")
    for name in ("admin", "loket1", "loket2"):
        station_keys.request_registration(dbs[name], label=name)
        station_keys.approve_key(dbs["admin"], keys[name].key_id, role="counter")
    dbs["loket1"].set_actor("sari")
    dbs["loket2"].set_actor("budi")
    for _ in range(4):
        issue_ticket(dbs["loket1"], service="A")
    issue_ticket(dbs["loket2"], service="B")
    call_next(dbs["loket1"], counter=1)
    call_next(dbs["loket2"], counter=2)
    finish(dbs["loket1"], counter=1)
    yield db_path, dbs, keys
    for db in dbs.values():
        db.close()


def check_json(path: Path, tmp_path: Path) -> tuple[int, dict]:
    """``check --json`` on a PC given the file's root (when it has one)."""
    from ult_desktop.db.record.station_keys import root_info

    db = open_database(path, station="test", mode="test")
    root = root_info(db)
    db.close()
    r = run_cli("check", "--db", str(path), "--json", *(["--root", root[0]] if root else []),
                env={"ULT_KEY_DIR": str(tmp_path / "no-key-here")})
    assert "Traceback" not in r.stderr
    return r.returncode, json.loads(r.stdout)


def problems(report: dict) -> set[tuple[int, str]]:
    return {(f["event"], f["problem"]) for f in report["audit"]["findings"]}


def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def event_ids(path: Path, kind: str) -> list[int]:
    with raw(path) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM events WHERE kind = ? ORDER BY id",
                                           (kind,))]


def test_untouched_file_is_ok_and_names_every_station_key(office, tmp_path):
    path, dbs, keys = office
    code, report = check_json(path, tmp_path)
    assert code == 0 and report["ok"] and report["audit"]["findings"] == []
    by_label = {k["label"]: k for k in report["audit"]["keys"]}
    assert set(by_label) == {"admin", "loket1", "loket2"}
    assert by_label["admin"]["root"] and not by_label["loket1"]["root"]
    head = report["audit"]["head"]
    assert head["id"] == dbs["admin"].query("SELECT MAX(id) FROM events")[0][0]
    assert audit.chain_head(dbs["admin"]) == (head["id"], head["hash"])


def test_every_event_names_officer_and_signing_station(office):
    path, dbs, keys = office
    rows = dbs["admin"].query("SELECT kind, actor, station, station_key FROM events "
                              "WHERE kind IN ('issued', 'called')")
    assert {(r["kind"], r["actor"], r["station_key"]) for r in rows} == {
        ("issued", "sari", keys["loket1"].key_id), ("called", "sari", keys["loket1"].key_id),
        ("called", "budi", keys["loket2"].key_id), ("issued", "budi", keys["loket2"].key_id)}
    dbs["loket1"].set_actor(None)  # logout
    issue_ticket(dbs["loket1"], service="A")
    last = dbs["admin"].query("SELECT actor FROM events ORDER BY id DESC LIMIT 1")[0]
    assert last["actor"] is None


def test_edited_event_is_named(office, tmp_path):
    path, dbs, _ = office
    target = event_ids(path, "called")[0]
    with raw(path) as conn:  # the officer "was" at counter 3, not 1
        conn.execute("UPDATE events SET counter_number = 3 WHERE id = ?", (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and not report["ok"]
    assert problems(report) == {(target, "edited")}


def test_deleted_event_is_named(office, tmp_path):
    path, dbs, _ = office
    target = event_ids(path, "called")[0]  # "nobody was called before 08:00"
    with raw(path) as conn:
        conn.execute("DELETE FROM events WHERE id = ?", (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9
    [finding] = report["audit"]["findings"]
    assert finding["problem"] == "deleted" and finding["event"] == target
    assert f"{target - 1} and {target + 1}" in finding["detail"]


def test_events_removed_from_the_end_are_named(office, tmp_path):
    """The file's counter is a hint: on a PC that never saw the removed
    events it is a note, and the rows they wrote name the cut; a station that saw them
    (its signed ``chain_break``) or this PC's witness names it in the chain."""
    path, dbs, _ = office
    top = dbs["admin"].query("SELECT MAX(id) FROM events")[0][0]
    with raw(path) as conn:
        conn.execute("DELETE FROM events WHERE id >= ?", (top - 1,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == set() and not report["reconcile"]["ok"]
    assert report["audit"]["high_water_ahead"] == top
    issue_ticket(dbs["loket1"], service="A")  # the office goes on working
    code, report = check_json(path, tmp_path)
    # the skipped ids are a note too (no signed event names them); the rows still tell
    assert code == 9 and problems(report) == set() and not report["reconcile"]["ok"]
    assert report["audit"]["skipped_ids"] == [[top - 1, top]]
    # a counter PC that had seen the newest events says so, signed: now it is a finding
    seen = {"id": top, "expected": "00" * 32, "found": None, "after": top - 2}
    dbs["loket2"].write(lambda conn: append_event(conn, "loket2", verifier.CHAIN_BREAK,
                                                  data=seen))
    code, report = check_json(path, tmp_path)
    assert code == 9 and (top - 1, "deleted") in problems(report)


def test_restore_is_not_taken_for_a_deletion(office, tmp_path):
    from ult_desktop.db.keeping.backup import backup_database, restore_database

    path, dbs, _ = office
    backup_database(dbs["admin"], tmp_path / "monday.db")
    issue_ticket(dbs["loket1"], service="C")
    restore_database(dbs["admin"], tmp_path / "monday.db")
    issue_ticket(dbs["loket2"], service="B")
    code, report = check_json(path, tmp_path)
    assert code == 0, report["audit"]["findings"]


def _insert_like(conn, after_id: int, new_id: int, **changes) -> None:
    """Copy event *after_id* as event *new_id*, chained after it, with *changes*."""
    row = dict(conn.execute("SELECT * FROM events WHERE id = ?", (after_id,)).fetchone())
    row.update(changes, id=new_id)
    fields = [row[c] for c in HASHED_FIELDS]
    digest = event_hash(bytes(row["hash"]) if False else bytes(
        conn.execute("SELECT hash FROM events WHERE id = ?", (after_id,)).fetchone()[0]),
        None, fields, row.get("rows"))
    row.update(prev_link=bytes(conn.execute("SELECT hash FROM events WHERE id = ?",
                                            (after_id,)).fetchone()[0])[:LINK_BYTES],
               key_link=None, hash=digest, sig=None)
    cols = ", ".join(row)
    conn.execute(f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(row))})",
                 tuple(row.values()))


def test_inserted_event_is_named(office, tmp_path):
    """A ticket "served" that never was: ids after it are moved up to make room, and the
    insert is even hashed correctly (the algorithm is public); the next event still
    links past it."""
    path, dbs, _ = office
    target = event_ids(path, "called")[0]
    with raw(path) as conn:
        conn.execute("BEGIN")
        conn.execute("UPDATE events SET id = -id WHERE id >= ?", (target,))
        conn.execute("UPDATE events SET id = -id + 1 WHERE id < 0")
        _insert_like(conn, target - 1, target, kind="finished", actor="sari", station_key=None,
                     data=json.dumps({"outcome": "answered"}))
        conn.execute("COMMIT")
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(target, "inserted")}


def test_event_inserted_without_a_hash_is_named(office, tmp_path):
    path, dbs, _ = office
    with raw(path) as conn:
        cur = conn.execute("INSERT INTO events (kind, station, at, data) VALUES "
                           "('settings_changed', 'admin', '2026-01-05T01:00:00+00:00', "
                           "'{\"officer\": \"budi\", \"keys\": [\"role\"]}')")
        new_id = cur.lastrowid
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(new_id, "inserted")}


def _forge(conn, claimed_key: str, with_key, **fields_in) -> int:
    """Append an event claiming *claimed_key*, chained perfectly, signed by *with_key*."""
    last = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()[0]
    key_prev = conn.execute("SELECT hash FROM events WHERE station_key = ? ORDER BY id DESC "
                            "LIMIT 1", (claimed_key,)).fetchone()
    key_prev = bytes(key_prev[0]) if key_prev else GENESIS
    fields = {"kind": "finished", "ticket_id": 1, "ticket_number": "A-001",
              "service_prefix": "A", "counter_number": 1, "station": "loket1",
              "at": "2026-01-05T02:00:00.000000+00:00", "data": '{"outcome": "answered"}',
              "actor": "sari", "station_key": claimed_key, **fields_in}
    values = [fields[c] for c in HASHED_FIELDS]
    digest = event_hash(bytes(last), key_prev, values)
    cur = conn.execute(
        f"INSERT INTO events ({', '.join(HASHED_FIELDS)}, prev_link, key_link, hash, sig) "
        f"VALUES ({', '.join('?' * (len(HASHED_FIELDS) + 4))})",
        (*values, bytes(last)[:LINK_BYTES], key_prev[:LINK_BYTES], digest,
         with_key.sign(sig_message(digest))))
    return cur.lastrowid


def test_event_forged_under_another_station_is_named(office, tmp_path):
    """Counter 2's PC (its own key in hand) writes an event as counter 1."""
    path, dbs, keys = office
    with raw(path) as conn:
        forged = _forge(conn, keys["loket1"].key_id, keys["loket2"])
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(forged, "forged")}
    # Counter 1 goes on working: it never links its own chain to the forgery, and the
    # forgery stays named.
    issue_ticket(dbs["loket1"], service="A")
    issue_ticket(dbs["loket2"], service="A")
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(forged, "forged")}


def _rechain(conn, start: int) -> None:
    """What a careful attacker does after an edit: recompute every hash and link from
    event *start* on (the algorithm is public; only the signatures need keys)."""
    rows = [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]
    prev, key_last = GENESIS, {}
    for row in rows:
        key = row["station_key"]
        kp = key_last.get(key, GENESIS) if key else None
        if row["id"] >= start:
            digest = event_hash(prev, kp, [row[c] for c in HASHED_FIELDS], row["rows"])
            conn.execute("UPDATE events SET hash = ?, prev_link = ?, key_link = ? WHERE id = ?",
                         (digest, prev[:LINK_BYTES], kp[:LINK_BYTES] if kp else None,
                          row["id"]))
        else:
            digest = bytes(row["hash"])
        prev = digest
        if key:
            key_last[key] = digest


def test_rewritten_key_registration_is_named(office, tmp_path):
    """Counter 2 swaps counter 1's registered public key for its own (so it could sign
    as counter 1) and re-hashes the whole chain from there: the hashes agree again, the
    admin's signature on the registration does not."""
    path, dbs, keys = office
    reg = event_ids(path, verifier.KEY_REGISTERED)[1]  # counter 1's registration
    with raw(path) as conn:
        data = json.loads(conn.execute("SELECT data FROM events WHERE id = ?",
                                       (reg,)).fetchone()[0])
        data["public_key"] = keys["loket2"].public_key.hex()
        conn.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(data), reg))
        conn.execute("UPDATE station_keys SET public_key = ? WHERE key_id = ?",
                     (keys["loket2"].public_key, keys["loket1"].key_id))
        _rechain(conn, reg)
    code, report = check_json(path, tmp_path)
    assert code == 9
    found = problems(report)
    assert (reg, "registration") in found
    # counter 1's registration no longer counts: its events are an unregistered key's
    assert {problem for _, problem in found} <= {"registration", "forged", "unregistered"}


def test_edited_and_rehashed_event_is_named(office, tmp_path):
    """Only the edited event re-hashed: the next event still links to its old hash."""
    path, dbs, _ = office
    target = event_ids(path, "called")[0]
    with raw(path) as conn:
        row = dict(conn.execute("SELECT * FROM events WHERE id = ?", (target,)).fetchone())
        row["counter_number"] = 3
        prev = conn.execute("SELECT hash FROM events WHERE id < ? ORDER BY id DESC LIMIT 1",
                            (target,)).fetchone()[0]
        kp = conn.execute("SELECT hash FROM events WHERE station_key = ? AND id < ? ORDER BY "
                          "id DESC LIMIT 1", (row["station_key"], target)).fetchone()[0]
        digest = event_hash(bytes(prev), bytes(kp), [row[c] for c in HASHED_FIELDS],
                            row["rows"])
        conn.execute("UPDATE events SET counter_number = 3, hash = ? WHERE id = ?",
                     (digest, target))
    code, report = check_json(path, tmp_path)
    assert code == 9 and (target, "edited") in problems(report)


def test_key_table_rewritten_alone_is_named(office, tmp_path):
    path, dbs, keys = office
    with raw(path) as conn:
        conn.execute("UPDATE station_keys SET public_key = ? WHERE key_id = ?",
                     (keys["loket2"].public_key, keys["loket1"].key_id))
    code, report = check_json(path, tmp_path)
    assert code == 9 and {p for _, p in problems(report)} == {"registration"}


def test_unregistered_station_may_not_register_keys(db_path, tmp_path):
    from ult_desktop.db import errors

    root, _ = station_key.create_key(tmp_path / "root")
    other, _ = station_key.create_key(tmp_path / "other")
    db = open_database(db_path, station="pc", mode="test")
    db.set_signer(root)
    db.set_actor("admin")
    station_keys.request_registration(db, label="admin-pc")
    station_keys.approve_key(db, root.key_id)
    rogue = open_database(db_path, station="rogue", mode="test")
    rogue.set_signer(other)
    rogue.set_actor("admin")  # even with an admin's name: rogue's key is not trusted
    station_keys.request_registration(rogue, label="rogue")
    with pytest.raises(errors.RuleViolation):
        station_keys.approve_key(rogue, other.key_id)


def test_counter_station_registering_a_key_is_named(office, tmp_path):
    """A registered counter PC (not an admin station) registers a rogue key itself,
    bypassing the app's refusal: the registration is named and the key not trusted."""
    from ult_desktop.db import errors
    from ult_desktop.db.record.events import append_event

    path, dbs, keys = office
    with pytest.raises(errors.RuleViolation):
        station_keys.approve_key(dbs["loket2"], keys["loket2"].key_id)
    rogue, _ = station_key.create_key(tmp_path / "rogue")
    reg = dbs["loket2"].write(lambda conn: append_event(conn, "loket2", verifier.KEY_REGISTERED,
                                                        data={"key": rogue.key_id,
                                                              "public_key": rogue.public_key.hex(),
                                                              "label": "admin"}))
    mallory = open_database(path, station="admin", mode="test")
    mallory.set_signer(rogue)
    ticket = issue_ticket(mallory, service="A")
    code, report = check_json(path, tmp_path)
    # the rogue key's ticket proves nothing either, and its row is not replayed
    assert code == 9 and problems(report) == {(reg, "registration"), (reg + 1, "unregistered")}
    assert [(d["table"], d["key"], d["problem"], d["column"])
            for d in report["reconcile"]["differences"]] == [
        (verifier.KEY_REGISTERED, [reg], "act", "kind"),  # a counter's key may not sign it
        # the rogue PC holds no sealed survey-code key: the salt row it made is named too
        ("settings", ["skm_code_salt"], "authority", "unregistered"),
        ("tickets", [ticket.id], "authority", "unregistered"),
        ("settings", ["skm_code_salt"], "added", None),
        ("tickets", [ticket.id], "added", None)]
    assert rogue.key_id in report["audit"]["unverified_keys"]


def test_unsigned_events_are_reported_not_failed(db_path, tmp_path):
    db = open_database(db_path, station="kiosk-lobi", mode="test")
    issue_ticket(db, service="A")
    code, report = check_json(db_path, tmp_path)  # no root in the file: clean, unverified
    assert code == 11 and report["audit"]["unsigned_events"] == {"kiosk-lobi": 1}


def test_free_text_station_name_does_not_change_identity(office, tmp_path):
    """``--station`` is a label: the identity in the event is the signing key. Writing
    under another registered station's label is named ("impersonated")."""
    path, dbs, keys = office
    r = run_cli("take", "--db", str(path), "--service", "A", "--station", "loket2",
                env={"ULT_KEY_DIR": str(tmp_path / "key-loket2")})
    assert r.returncode == 0, r.stderr
    assert check_json(path, tmp_path)[0] == 0
    r = run_cli("take", "--db", str(path), "--service", "A", "--station", "admin",
                env={"ULT_KEY_DIR": str(tmp_path / "key-loket2")})
    assert r.returncode == 0, r.stderr
    row = dbs["admin"].query("SELECT id, station, station_key FROM events ORDER BY id DESC "
                             "LIMIT 1")[0]
    assert row["station"] == "admin" and row["station_key"] == keys["loket2"].key_id
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(row["id"], "impersonated")}


def test_legacy_events_are_chained_at_migration(tmp_path):
    """A version-4 file's events become "legacy, unsigned" links of the chain."""
    from ult_desktop.db.schemas.schema import MIGRATIONS, SCHEMA_VERSION, version_after

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    for version, steps in enumerate(MIGRATIONS[:version_after("idempotent_issuing")], start=1):
        for step in steps:
            conn.execute(step)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.executemany("INSERT INTO events (kind, station, at, data) VALUES (?, 'old', ?, '{}')",
                     [("settings_changed", f"2025-01-0{i}T01:00:00+00:00") for i in range(1, 6)])
    conn.close()
    db = open_database(path, station="new", mode="test")
    assert db.schema_version == SCHEMA_VERSION
    started = db.query("SELECT data FROM events WHERE kind = 'audit_chain_started'")
    assert json.loads(started[0][0]) == {"legacy_events": 5, "last_legacy_id": 5}
    report = audit.verify_chain(db)
    assert report["ok"] and report["legacy_events"] == 5 and report["unsigned_events"] == {
        "migration": 1}
    db.close()
    with raw(path) as c:
        c.execute("UPDATE events SET kind = 'backup_made' WHERE id = 2")
    assert problems({"audit": audit.verify_chain(open_database(path))}) == {(2, "edited")}



def test_report_chain_head_catches_a_later_rewrite(office, tmp_path):
    """The PDF prints the chain head; removing the newest events (which leaves the chain
    whole) or re-signing one's own events after it no longer matches that line."""
    from datetime import date

    from pypdf import PdfReader

    from ult_desktop.reports.pdf import build_pdf

    path, dbs, keys = office
    dbs["admin"].trust = {"root": station_keys.root_info(dbs["admin"])[0]}  # the admin PC's pin
    head_id, head_hash = audit.chain_head(dbs["admin"])
    pdf = build_pdf(dbs["admin"], date(2020, 1, 1), date(2030, 1, 1), tmp_path / "r.pdf")
    text = PdfReader(pdf).pages[0].extract_text()
    printed = f"{head_id}:{head_hash[:16]}"
    assert f"--head {printed}" in text.replace("\n", " ")
    code, report = check_json(path, tmp_path)
    assert code == 0
    r = run_cli("check", "--db", str(path), "--json", "--head", printed,
                "--root", keys["admin"].key_id)
    assert r.returncode == 0, r.stdout
    with raw(path) as conn:  # the newest events go, and the file's own counters too
        conn.execute("DELETE FROM events WHERE id >= ?", (head_id,))
        conn.execute(f"PRAGMA application_id = {head_id - 1}")  # the event high-water mark
        conn.execute("UPDATE stations SET seen_event = NULL")
    fresh = {"ULT_KEY_DIR": str(tmp_path / "a-pc-that-never-checked")}
    r = run_cli("check", "--db", str(path), "--json", env=fresh)
    fresh_report = json.loads(r.stdout)
    assert fresh_report["audit"]["ok"]  # nothing in the chain itself shows it ...
    # ... but the tables still hold what the removed events wrote
    assert r.returncode == 9 and not fresh_report["reconcile"]["ok"]
    r = run_cli("check", "--db", str(path), "--json", "--head", printed, env=fresh)
    assert r.returncode == 9  # ... and the printed head names the cut
    assert (head_id, "deleted") in problems(json.loads(r.stdout))
    code, report = check_json(path, tmp_path)  # ... and so does a PC that checked before
    assert code == 9 and {p for _, p in problems(report)} == {"deleted"}


def test_exports_and_cli_backup_are_audited(db_path, tmp_path):
    db = str(db_path)
    for fmt in ("csv", "xlsx", "pdf"):
        r = run_cli("report", "--db", db, "--from", "2026-01-01", "--to", "2026-01-31",
                    "--out", str(tmp_path / f"r.{fmt}"))
        assert r.returncode == 0, r.stderr
    r = run_cli("backup", "--db", db, "--out", str(tmp_path / "b.db"))
    assert r.returncode == 0, r.stderr
    with raw(db_path) as conn:
        rows = conn.execute("SELECT kind, data FROM events ORDER BY id").fetchall()
    # one signed report_issued event per report, no other
    exported = [json.loads(d)["format"] for k, d in rows if k in ("exported", "report_issued")]
    assert exported == ["csv", "xlsx", "pdf"]
    assert "exported" not in [k for k, _ in rows]
    assert [k for k, _ in rows][-1] == "backup_made"


def test_logins_logouts_and_refused_pins_are_audited(db):
    from ult_desktop.db import errors
    from ult_desktop.ui.counter import jobs
    from ult_desktop.ui.kiosk import jobs as kiosk_jobs

    with pytest.raises(errors.RuleViolation):
        jobs.login(db, "sari", "0000")
    jobs.login(db, "sari", DEMO_PINS["sari"])
    issue_ticket(db, service="A")
    jobs.logout(db, "sari")
    assert kiosk_jobs.check_admin_pin(db, "9999") is None
    assert kiosk_jobs.check_admin_pin(db, DEMO_PINS["admin"]).username == "admin"
    kiosk_jobs.record_exit(db, "admin")
    rows = db.query("SELECT kind, actor, data FROM events WHERE kind != 'projection_baseline' "
                    "ORDER BY id")
    seen = [(r["kind"], r["actor"], json.loads(r["data"]).get("username")) for r in rows]
    assert seen == [
        ("officer_login_failed", None, "sari"), ("officer_login", "sari", "sari"),
        ("issued", "sari", None), ("officer_logout", "sari", "sari"),
        ("kiosk_unlock_failed", None, None), ("kiosk_unlock", "admin", "admin"),
        ("kiosk_exit", "admin", "admin")]
    assert db.actor is None


def test_station_key_commands_create_request_and_approve(db_path, tmp_path):
    """The CLI path: an admin PC becomes the root, then approves a counter PC's key."""
    db = str(db_path)
    admin_env = {"ULT_KEY_DIR": str(tmp_path / "admin-pc"), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}
    counter_env = {"ULT_KEY_DIR": str(tmp_path / "loket-1")}
    r = run_cli("station-key", "show", env=admin_env)
    assert r.returncode == 4 and "station-key create" in r.stdout
    made = json.loads(run_cli("station-key", "create", "--json", env=admin_env).stdout)
    assert made["created"] and len(made["key"]) == 16
    again = json.loads(run_cli("station-key", "create", "--json", env=admin_env).stdout)
    assert again["key"] == made["key"] and not again["created"]  # never replaced
    counter = json.loads(run_cli("station-key", "create", "--json", env=counter_env).stdout)
    for env, label in ((admin_env, "admin-pc"), (counter_env, "loket-1")):
        r = run_cli("station-key", "request", "--db", db, "--label", label, env=env)
        assert r.returncode == 0, r.stderr
    r = run_cli("station-key", "approve", made["fingerprint"], "--db", db, "--admin", "admin",
                env={**admin_env, "ULT_ADMIN_PIN": "000000"})
    assert r.returncode == 6 and r.stderr.count("\n") == 1  # wrong PIN: nothing approved
    r = run_cli("station-key", "approve", counter["key"], "--db", db, "--admin", "admin",
                env=admin_env)
    assert r.returncode == 6  # the admin PC is not registered yet: no root, no approval
    for key in (made["fingerprint"], counter["key"]):
        r = run_cli("station-key", "approve", key, "--db", db, "--admin", "admin", "--role",
                    "counter", env=admin_env)
        assert r.returncode == 0, r.stderr
    listed = json.loads(run_cli("station-key", "list", "--db", db, "--json").stdout)["keys"]
    assert {(k["label"], k["state"], k["decided_by"]) for k in listed} == {
        ("admin-pc", "registered", "admin"), ("loket-1", "registered", "admin")}
    run_cli("take", "--db", db, "--service", "A", env=counter_env)
    code, report = check_json(db_path, tmp_path)
    assert code == 0 and report["audit"]["unsigned_events"] == {}
    assert {k["label"]: k["events"] for k in report["audit"]["keys"]}["loket-1"] == 2


def test_retention_purge_of_event_reasons_is_not_tampering(office, tmp_path):
    """The purge erases personal free text from event data (a reason may name a
    visitor's condition); the chain is built so that this lawful change still verifies,
    while an edit of the same event's other fields is still named."""
    from datetime import datetime, timedelta, timezone

    from ult_desktop.db.privacy.retention import purge_personal_data

    path, dbs, _ = office
    issue_ticket(dbs["loket1"], service="A")
    ticket = issue_ticket(dbs["loket1"], service="A")
    reclassify_priority(dbs["loket1"], number=ticket.number, priority=True,
                             reason="lansia, kursi roda")
    target = event_ids(path, "reclassified")[0]
    purge_personal_data(dbs["admin"], months=1,
                        now=datetime.now(timezone.utc) + timedelta(days=90), backup_dirs=[])
    with raw(path) as conn:
        data = conn.execute("SELECT data FROM events WHERE id = ?", (target,)).fetchone()[0]
    assert "lansia" not in data and "reason" not in data
    code, report = check_json(path, tmp_path)
    assert code == 0, report["audit"]["findings"]
    with raw(path) as conn:
        conn.execute("UPDATE events SET data = json_set(data, '$.priority', json('false')) "
                     "WHERE id = ?", (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(target, "edited")}


def test_edited_reason_is_named_until_the_purge_erases_it(office, tmp_path):
    """A reason is personal text the purge may erase, yet rewriting it before then
    ("lansia" -> nothing, to hide why a ticket jumped the queue) is named: the hash
    covers a salted commitment to it, and the salt goes with the values at the purge."""
    path, dbs, _ = office
    ticket = issue_ticket(dbs["loket1"], service="A")
    reclassify_priority(dbs["loket1"], number=ticket.number, priority=True,
                             reason="lansia, kursi roda")
    target = event_ids(path, "reclassified")[0]
    with raw(path) as conn:
        data = json.loads(conn.execute("SELECT data FROM events WHERE id = ?",
                                       (target,)).fetchone()[0])
    assert data["reason"] == "lansia, kursi roda" and data["_pc"] and data["_ps"]
    assert check_json(path, tmp_path)[0] == 0
    with raw(path) as conn:
        conn.execute("UPDATE events SET data = json_set(data, '$.reason', 'kenalan petugas') "
                     "WHERE id = ?", (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(target, "edited")}
    with raw(path) as conn:  # hiding the salt too does not pass for a purge
        conn.execute("UPDATE events SET data = json_remove(data, '$._ps') WHERE id = ?",
                     (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(target, "edited")}


def test_reason_added_to_an_event_that_had_none_is_named(office, tmp_path):
    path, dbs, _ = office
    target = event_ids(path, "issued")[0]
    with raw(path) as conn:
        conn.execute("UPDATE events SET data = json_set(data, '$.reason', 'disabilitas') "
                     "WHERE id = ?", (target,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(target, "edited")}


def test_check_explains_findings_in_the_persons_language(office, tmp_path):
    path, dbs, _ = office
    target = event_ids(path, "called")[0]
    with raw(path) as conn:
        conn.execute("UPDATE events SET counter_number = 3 WHERE id = ?", (target,))
    env = {"ULT_KEY_DIR": str(tmp_path / "no-key-here")}
    indonesian = run_cli("check", "--db", str(path), env=env)
    english = run_cli("--lang", "en", "check", "--db", str(path), env=env)
    assert indonesian.returncode == english.returncode == 9
    assert f"peristiwa #{target}: diubah - isi peristiwa ini diubah" in indonesian.stdout
    assert "its fields no longer give its hash" not in indonesian.stdout
    assert f"event #{target}: edited - its fields no longer give its hash" in english.stdout


# -- the bytes hashed and signed --------------------------------------------------------

#: Events hashed before the chain's JSON went through the public encoder (the C one
#: called by hand): the same fields must give the same hash, or old files fail.
SIGNED_BEFORE = [
    ((GENESIS, None, None),
     "8fc14ca8003f1e5bdad9c5f9416e301100f35b6d8da0955610abc5e52e45252c"),
    ((bytes(range(32)), b"\x01" * 32, '[{"t":"tickets","id":17}]'),
     "7f14a8077e971a9bdddd8ef31b885efc421738292a74cb0e1ef187ca2698473f"),
]
SIGNED_FIELDS = ("called", 17, "A-003", "A", 2, "loket-2", "2026-03-04T02:05:06.789+00:00",
                 '{"officer_id":3,"note":"Bu Siti \u00e9\u20ac \\"q\\" \\u0000"}', "sari",
                 "ab" * 16)


@pytest.mark.parametrize(("links", "expected"), SIGNED_BEFORE)
def test_events_hashed_before_hash_the_same_now(links, expected):
    prev, key_prev, rows = links
    assert event_hash(prev, key_prev, SIGNED_FIELDS, rows=rows).hex() == expected


_ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)  # surrogates too
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(_ANY_TEXT | st.integers() | st.booleans() | st.none(), inner,
                      max_size=4),
    max_leaves=20)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_JSON)
def test_the_signed_json_is_the_compact_dumps_with_or_without_the_c_encoder(value):
    """For every JSON value: the text hashed and signed is ``json.dumps`` compact and not
    ASCII-escaped, and the pure-Python encoder (an interpreter without the C speed-up)
    gives the same text, so a signature made on one verifies on the other."""
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert compact_json(value) == expected
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(json.encoder, "c_make_encoder", None)
        mp.setattr(json.encoder, "encode_basestring", json.encoder.py_encode_basestring)
        assert compact_json(value) == expected
    assert compact_json(value) == expected
