"""The tamper-evident audit trail (issue #12): each attack is done with raw sqlite3 on a
real file, as a person with write access to the share would, and ``check --json`` (a
real process) must name it: the event and what was done to it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from ult_desktop.app import station_key
from ult_desktop.db import audit, operations
from ult_desktop.db.connection import Database
from ult_desktop.db.events import GENESIS, HASHED_FIELDS, LINK_BYTES, event_hash, sig_message


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    """Three registered stations (admin PC = root, counter 1, counter 2) and a morning."""
    keys = {name: station_key.create_key(tmp_path / f"key-{name}")[0]
            for name in ("admin", "loket1", "loket2")}
    dbs = {}
    for name, key in keys.items():
        db = Database.open(db_path, station=name, mode="test")
        db.set_signer(key)
        dbs[name] = db
    dbs["admin"].set_actor("admin")
    for name in ("admin", "loket1", "loket2"):
        audit.request_registration(dbs[name], label=name)
        audit.approve_key(dbs["admin"], keys[name].key_id)
    dbs["loket1"].set_actor("sari")
    dbs["loket2"].set_actor("budi")
    for _ in range(4):
        operations.issue_ticket(dbs["loket1"], service="A")
    operations.issue_ticket(dbs["loket2"], service="B")
    operations.call_next(dbs["loket1"], counter=1)
    operations.call_next(dbs["loket2"], counter=2)
    operations.finish(dbs["loket1"], counter=1)
    yield db_path, dbs, keys
    for db in dbs.values():
        db.close()


def check_json(path: Path, tmp_path: Path) -> tuple[int, dict]:
    r = run_cli("check", "--db", str(path), "--json",
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
    operations.issue_ticket(dbs["loket1"], service="A")
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
    path, dbs, _ = office
    top = dbs["admin"].query("SELECT MAX(id) FROM events")[0][0]
    with raw(path) as conn:
        conn.execute("DELETE FROM events WHERE id >= ?", (top - 1,))
    code, report = check_json(path, tmp_path)
    assert code == 9 and problems(report) == {(top - 1, "deleted")}


def _insert_like(conn, after_id: int, new_id: int, **changes) -> None:
    """Copy event *after_id* as event *new_id*, chained after it, with *changes*."""
    row = dict(conn.execute("SELECT * FROM events WHERE id = ?", (after_id,)).fetchone())
    row.update(changes, id=new_id)
    fields = [row[c] for c in HASHED_FIELDS]
    digest = event_hash(bytes(row["hash"]) if False else bytes(
        conn.execute("SELECT hash FROM events WHERE id = ?", (after_id,)).fetchone()[0]),
        None, fields)
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
    operations.issue_ticket(dbs["loket1"], service="A")
    operations.issue_ticket(dbs["loket2"], service="A")
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
            digest = event_hash(prev, kp, [row[c] for c in HASHED_FIELDS])
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
    reg = event_ids(path, audit.KEY_REGISTERED)[1]  # counter 1's registration
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
    assert {problem for _, problem in found} <= {"registration", "forged"}


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
        digest = event_hash(bytes(prev), bytes(kp), [row[c] for c in HASHED_FIELDS])
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
    db = Database.open(db_path, station="pc", mode="test")
    db.set_signer(root)
    audit.request_registration(db, label="admin-pc")
    audit.approve_key(db, root.key_id)
    rogue = Database.open(db_path, station="rogue", mode="test")
    rogue.set_signer(other)
    audit.request_registration(rogue, label="rogue")
    with pytest.raises(errors.RuleViolation):
        audit.approve_key(rogue, other.key_id)


def test_unsigned_events_are_reported_not_failed(db_path, tmp_path):
    db = Database.open(db_path, station="kiosk-lobi", mode="test")
    operations.issue_ticket(db, service="A")
    code, report = check_json(db_path, tmp_path)
    assert code == 0 and report["audit"]["unsigned_events"] == {"kiosk-lobi": 1}


def test_free_text_station_name_does_not_change_identity(office, tmp_path):
    """``--station`` is a label: the identity in the event is the signing key."""
    path, dbs, keys = office
    r = run_cli("take", "--db", str(path), "--service", "A", "--station", "admin",
                env={"ULT_KEY_DIR": str(tmp_path / "key-loket2")})
    assert r.returncode == 0, r.stderr
    row = dbs["admin"].query("SELECT station, station_key FROM events ORDER BY id DESC "
                             "LIMIT 1")[0]
    assert row["station"] == "admin" and row["station_key"] == keys["loket2"].key_id
    code, report = check_json(path, tmp_path)
    assert code == 0


def test_legacy_events_are_chained_at_migration(tmp_path):
    """A version-4 file's events become "legacy, unsigned" links of the chain."""
    from ult_desktop.db.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    for version, steps in enumerate(MIGRATIONS[:4], start=1):
        for step in steps:
            conn.execute(step)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.executemany("INSERT INTO events (kind, station, at, data) VALUES (?, 'old', ?, '{}')",
                     [("settings_changed", f"2025-01-0{i}T01:00:00+00:00") for i in range(1, 6)])
    conn.close()
    db = Database.open(path, station="new", mode="test")
    assert db.schema_version == SCHEMA_VERSION
    started = db.query("SELECT data FROM events WHERE kind = 'audit_chain_started'")
    assert json.loads(started[0][0]) == {"legacy_events": 5, "last_legacy_id": 5}
    report = audit.verify_chain(db)
    assert report["ok"] and report["legacy_events"] == 5 and report["unsigned_events"] == {
        "migration": 1}
    db.close()
    with raw(path) as c:
        c.execute("UPDATE events SET kind = 'backup_made' WHERE id = 2")
    assert problems({"audit": audit.verify_chain(Database.open(path))}) == {(2, "edited")}

