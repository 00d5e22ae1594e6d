"""The root of trust outside the file, stations as witnesses, and hints that never accuse.
Each attack is done with plain sqlite3 (and fresh
Ed25519 keys where the attacker makes some) on a real file; ``check`` (a real process)
must name it with exit 9, or the station must refuse."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import given_root, run_cli
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.drivers import WAIT, sit_at
from ult_desktop.app import station_key, trust_memory
from ult_desktop.core import chain, verifier
from ult_desktop.core.chain import (
    GENESIS,
    HASHED_FIELDS,
    LINK_BYTES,
    event_hash,
    hashed_fields,
    sig_message,
)
from ult_desktop.db import errors
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import audit, station_keys
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.feed import ChangeFeed

LABELS = {"admin": "Admin PC", "kiosk": "Kiosk", "loket1": "Loket 1"}


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    """Admin PC (root, approved by the admin), Kiosk and Loket 1, and a morning."""
    keys = {n: station_key.create_key(tmp_path / f"key-{n}")[0] for n in LABELS}
    dbs = {}
    for name, key in keys.items():
        db = open_database(db_path, station=LABELS[name], mode="test")
        db.set_signer(key)
        dbs[name] = db
    dbs["admin"].set_actor("admin")
    for name in LABELS:
        station_keys.request_registration(dbs[name], label=LABELS[name])
        station_keys.approve_key(dbs["admin"], keys[name].key_id,
                          role="kiosk" if name == "kiosk" else "counter")
    sit_at(dbs["loket1"], 1, "sari")  # (her session at desk 1: its acts stand)
    for _ in range(6):
        issue_ticket(dbs["kiosk"], service="A")
    for _ in range(3):
        call_next(dbs["loket1"], counter=1)
        finish(dbs["loket1"], counter=1)
    yield db_path, dbs, keys
    for db in dbs.values():
        db.close()


def check(path: Path, pc: Path, *extra: str) -> tuple[int, dict]:
    """``check --json`` on the PC whose memory (key folder) is *pc*."""
    r = run_cli("check", "--db", str(path), "--json", *extra, env={"ULT_KEY_DIR": str(pc)})
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def problems(report: dict) -> set[tuple[int, str]]:
    return {(f["event"], f["problem"]) for f in report["audit"]["findings"]}


def kinds(report: dict) -> set[str]:
    return {f["problem"] for f in report["audit"]["findings"]}


def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def top(path: Path) -> int:
    with raw(path) as conn:
        return conn.execute("SELECT MAX(id) FROM events").fetchone()[0]


def _raw_key() -> tuple[Ed25519PrivateKey, bytes, str]:
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    return private, public, chain.key_id_of(public)


def _resign_everything(conn: sqlite3.Connection, new: dict) -> None:
    """The attacker's rewrite: every event re-keyed (*new*: old key id -> (private,
    public, key id)), re-hashed and re-signed in id order, registrations included."""
    rows = [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]
    prev, key_last = GENESIS, {}
    for row in rows:
        old = row["station_key"]
        if row["kind"] in (verifier.KEY_REGISTERED, verifier.KEY_REQUESTED):
            data = json.loads(row["data"])
            _priv, public, key_id = new[data["key"]]
            data.update(key=key_id, public_key=public.hex())
            row["data"] = json.dumps(data)
        private = None
        if old:
            private, _public, row["station_key"] = new[old]
        key = row["station_key"]
        kp = key_last.get(key, GENESIS) if key else None
        digest = event_hash(prev, kp, hashed_fields(tuple(row[c] for c in HASHED_FIELDS)),
                            row["rows"])
        conn.execute("UPDATE events SET station_key = ?, data = ?, hash = ?, prev_link = ?, "
                     "key_link = ?, sig = ? WHERE id = ?",
                     (key, row["data"], digest, prev[:LINK_BYTES],
                      kp[:LINK_BYTES] if kp else None,
                      private.sign(sig_message(digest)) if private else None, row["id"]))
        prev = digest
        if key:
            key_last[key] = digest
    for old, (_priv, public, key_id) in new.items():
        conn.execute("UPDATE station_keys SET key_id = ?, public_key = ? WHERE key_id = ?",
                     (key_id, public, old))
    conn.execute("DELETE FROM chain_heads")


def test_resigning_everything_under_a_new_root_is_named_and_refused(office, tmp_path,
                                                                     monkeypatch):
    """Fresh keys for every station, a new root labelled "Admin PC", one event deleted
    and another moved, everything re-hashed and re-signed: the file agrees with itself,
    but not with what the PCs pinned and saw."""
    path, dbs, keys = office
    witness_pc = tmp_path / "pc-that-checked"
    code, report = check(path, witness_pc, *given_root(path))
    assert code == 0 and report["audit"]["root"]["label"] == "Admin PC"
    root_fp = report["audit"]["root"]["fingerprint"]
    called = [r[0] for r in raw(path).execute("SELECT id FROM events WHERE kind = 'called'")]
    with raw(path) as conn:
        conn.execute("BEGIN")
        conn.execute("DELETE FROM events WHERE id = ?", (called[0],))
        # moved: the second call now comes last (and the ids close the gap)
        conn.execute("UPDATE events SET id = (SELECT MAX(id) FROM events) + 1 WHERE id = ?",
                     (called[1],))
        conn.execute("UPDATE events SET id = -id")
        for n, (old,) in enumerate(conn.execute("SELECT id FROM events ORDER BY id DESC")
                                   .fetchall(), start=1):
            conn.execute("UPDATE events SET id = ? WHERE id = ?", (n, old))
        _resign_everything(conn, {k.key_id: _raw_key() for k in keys.values()})
        now_top = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
        conn.execute(f"PRAGMA application_id = {now_top}")
        conn.execute("COMMIT")
    fresh = tmp_path / "pc-that-never-checked"
    code, report = check(path, fresh)
    # a rewrite nobody saw agrees with itself as a chain ...
    assert report["audit"]["ok"], report["audit"]["findings"]
    # ... but not with the tables: the deleted call's ticket is still called
    assert code == 9 and not report["reconcile"]["ok"]
    code, report = check(path, witness_pc)  # ... the PC that checked before sees it
    assert code == 9
    assert "root" in kinds(report) and kinds(report) & {"edited", "deleted"}
    root_finding = next(f for f in report["audit"]["findings"] if f["problem"] == "root")
    assert root_fp in root_finding["detail"] and "replaced" in root_finding["detail"]
    code, report = check(path, tmp_path / "another-pc", "--root", root_fp)  # the report
    assert code == 9 and kinds(report) == {"root"}
    # Admin > Audit on the PC that checked before judges as check does
    from ult_desktop.ui.admin.jobs import verify_all_chains

    monkeypatch.setenv("ULT_KEY_DIR", str(witness_pc))
    reader = open_database(path, station="Admin PC", mode="test")
    try:
        seen = verify_all_chains(reader)
    finally:
        reader.close()
    assert not seen["ok"] and "root" in {f["problem"] for f in seen["findings"]}
    assert chain.fingerprint(seen["pinned"]) == root_fp  # the root it pinned, named
    # a station that pinned the root refuses to write, and says why in one sentence
    r = run_cli("--lang", "en", "take", "--db", str(path), "--service", "A",
                env={"ULT_KEY_DIR": str(witness_pc)})
    assert r.returncode == 9 and r.stderr.count("\n") == 1
    assert "refuses to write" in r.stderr and "station-key repin" in r.stderr
    assert root_fp in r.stderr
    r = run_cli("take", "--db", str(path), "--service", "A",
                env={"ULT_KEY_DIR": str(witness_pc)})
    assert r.returncode == 9 and "menolak menulis" in r.stderr


def test_cut_with_every_counter_lowered_is_named_by_a_pc_that_saw_it(office, tmp_path):
    """The newest 10 events removed, and application_id, stations.seen_event and
    chain_heads lowered to match: the file is self-consistent; the witnesses are not."""
    path, dbs, keys = office
    heartbeat(dbs["loket1"], seen_event=top(path))
    pc = tmp_path / "admin-pc-memory"
    assert check(path, pc, *given_root(path))[0] == 0
    feed = ChangeFeed(dbs["kiosk"])  # a running station follows the log
    last = top(path)
    remembered = trust_memory.load(path).seen  # this process' own PC memory: none yet
    assert remembered is None
    with raw(path) as conn:
        conn.execute("DELETE FROM events WHERE id > ?", (last - 10,))
        conn.execute(f"PRAGMA application_id = {last - 10}")
        conn.execute("UPDATE stations SET seen_event = ?", (last - 10,))
        conn.execute("UPDATE chain_heads SET event_id = MIN(event_id, ?)", (last - 10,))
    code, report = check(path, tmp_path / "fresh-pc")
    assert report["audit"]["ok"]  # nothing in the chain shows it; the tables still hold
    assert code == 9 and not report["reconcile"]["ok"]  # what the removed events wrote
    code, report = check(path, pc)
    assert code == 9 and (last, "deleted") in problems(report)
    detail = next(f["detail"] for f in report["audit"]["findings"] if f["event"] == last)
    assert "gone" in detail and "cut" in detail
    # the station that was running notices on its next read, and says what went missing
    issue_ticket(dbs["kiosk"], service="A")
    issue_ticket(dbs["kiosk"], service="A")
    issue_ticket(dbs["kiosk"], service="A")
    issue_ticket(dbs["kiosk"], service="A")
    for _ in range(8):
        issue_ticket(dbs["kiosk"], service="A")
    feed.poll()
    [brk] = feed.breaks
    assert brk["id"] == last and brk["found"] is not None  # the id was given out again
    event_id = audit.record_chain_break(dbs["kiosk"], brk)
    code, report = check(path, tmp_path / "yet-another-pc")
    assert code == 9 and (last, "edited") in problems(report)
    assert any(f"reported at event {event_id}" in f["detail"]
               for f in report["audit"]["findings"])


def test_station_start_notices_a_cut_below_what_it_verified(office, tmp_path, monkeypatch):
    path, dbs, keys = office
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "kiosk-pc"))
    mem = trust_memory.load(path)
    assert trust_memory.trust_problem(dbs["kiosk"], mem) is None  # nothing pinned ...
    assert trust_memory.load(path).root is None  # ... and nothing taken on first sight
    trust_memory.pin(mem, path, station_keys.root_info(dbs["admin"]))  # given at setup
    assert trust_memory.load(path).root == keys["admin"].key_id
    last = top(path)
    with raw(path) as conn:
        digest = conn.execute("SELECT hash FROM events WHERE id = ?", (last,)).fetchone()[0]
    trust_memory.remember_seen(mem, last, bytes(digest))
    trust_memory.save(mem)
    assert audit.witness_break(dbs["kiosk"], trust_memory.load(path).seen) is None
    with raw(path) as conn:
        conn.execute("DELETE FROM events WHERE id >= ?", (last - 2,))
    brk = audit.witness_break(dbs["kiosk"], trust_memory.load(path).seen)
    assert brk["id"] == last and brk["expected"] == bytes(digest).hex() and brk["found"] is None


def _copy_back_unsigned(conn: sqlite3.Connection, rows: list[dict], edits: dict) -> None:
    """Removed events written back, edited and unsigned, chained like the app would."""
    prev = bytes(conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()[0])
    for row in rows:
        row.update(edits.get(row["id"], {}), station_key=None, sig=None, key_link=None)
        digest = event_hash(prev, None, hashed_fields(tuple(row[c] for c in HASHED_FIELDS)),
                            row["rows"])
        row.update(hash=digest, prev_link=prev[:LINK_BYTES])
        cols = ", ".join(row)
        conn.execute(f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
        prev = digest


def test_unsigned_copies_under_registered_names_are_findings(office, tmp_path):
    path, dbs, keys = office
    last = top(path)
    with raw(path) as conn:
        conn.execute("BEGIN")
        rows = [dict(r) for r in conn.execute("SELECT * FROM events WHERE id > ? ORDER BY id",
                                              (last - 4,))]
        conn.execute("DELETE FROM events WHERE id > ?", (last - 4,))
        conn.execute(f"PRAGMA application_id = {last - 4}")
        _copy_back_unsigned(conn, rows, {rows[0]["id"]: {"station": "Kiosk"},
                                         rows[1]["id"]: {"counter_number": 2}})
        conn.execute("COMMIT")
    assert {r["station"] for r in rows} >= {"Kiosk", "Loket 1"}
    code, report = check(path, tmp_path / "fresh-pc")
    assert code == 9
    assert problems(report) == {(r["id"], "impersonated") for r in rows}
    assert report["audit"]["unsigned_events"] == {}  # no longer a mere note
    english = run_cli("--lang", "en", "check", "--db", str(path),
                      env={"ULT_KEY_DIR": str(tmp_path / "fresh-pc")})
    assert "bears the name of registered station 'Loket 1' but is unsigned" in english.stdout
    indonesian = run_cli("check", "--db", str(path),
                         env={"ULT_KEY_DIR": str(tmp_path / "fresh-pc")})
    assert "menyamar" in indonesian.stdout


def test_unsigned_events_of_an_unknown_station_after_registration_are_findings(office,
                                                                               tmp_path):
    path, dbs, keys = office
    stranger = open_database(path, station="pc-gudang", mode="test")
    issue_ticket(stranger, service="A")
    stranger.close()
    code, report = check(path, tmp_path / "pc")
    assert code == 9 and problems(report) == {(top(path), "unsigned")}


@pytest.mark.windows  # the audit chain and its trust on Windows (one case: each takes ~5-50 s under Wine)
def test_unsigned_events_before_any_registration_stay_notes(db_path, tmp_path):
    db = open_database(db_path, station="kiosk-lobi", mode="test")
    issue_ticket(db, service="A")
    code, report = check(db_path, tmp_path / "pc")
    # clean, and said to be clean against no known root: the file has none to give
    assert code == 11 and report["audit"]["ok"] and report["audit"]["unpinned"]
    assert report["audit"]["unsigned_events"] == {"kiosk-lobi": 1}


def test_a_kiosk_cannot_make_itself_the_root_and_the_admin_is_not_refused(db_path, tmp_path):
    kiosk_key, _ = station_key.create_key(tmp_path / "kiosk-key")
    kiosk = open_database(db_path, station="Kiosk", mode="kiosk")
    kiosk.set_signer(kiosk_key)
    station_keys.request_registration(kiosk, label="Kiosk")
    with pytest.raises(errors.RuleViolation) as no_pin:
        station_keys.approve_key(kiosk, kiosk_key.key_id)  # nobody signed in: no PIN
    assert no_pin.value.key == "audit.error.need_admin"
    kiosk.set_actor("admin")  # even an admin unlocking the kiosk: not the admin PC
    with pytest.raises(errors.RuleViolation) as not_here:
        station_keys.approve_key(kiosk, kiosk_key.key_id)
    assert not_here.value.key == "audit.error.root_not_here"
    kiosk.set_actor(None)
    # the insider writes the self-registration anyway, with the kiosk's own key
    rogue = kiosk.write(lambda conn: append_event(conn, "Kiosk", verifier.KEY_REGISTERED, data={
        "key": kiosk_key.key_id, "public_key": kiosk_key.public_key.hex(), "label": "Kiosk",
        "admin_station": True}))
    with raw(db_path) as conn:
        conn.execute("UPDATE station_keys SET state = 'registered', event_id = ?", (rogue,))
    assert station_keys.root_info(kiosk) is None  # not a root: no admin approved it
    admin_env = {"ULT_KEY_DIR": str(tmp_path / "admin-pc"), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}
    made = json.loads(run_cli("station-key", "create", "--json", env=admin_env).stdout)
    r = run_cli("station-key", "request", "--db", str(db_path), "--label", "Admin PC",
                env=admin_env)
    assert r.returncode == 0, r.stderr
    r = run_cli("station-key", "approve", made["key"], "--db", str(db_path), "--admin", "admin",
                env=admin_env)
    assert r.returncode == 0, r.stderr  # the real admin is not refused
    assert station_keys.root_info(kiosk)[0] == made["key"]
    assert chain.fingerprint(made["key"]) == made["fingerprint"]
    assert trust_memory.load(db_path).root is None  # (this process' PC pinned nothing)
    code, report = check(db_path, tmp_path / "admin-pc")
    assert code == 9 and problems(report) == {(rogue, "registration")}
    assert report["audit"]["root"]["key"] == made["key"]
    detail = report["audit"]["findings"][0]["detail"]
    assert "without an admin" in detail
    kiosk.close()


def test_edited_hints_accuse_no_genuine_event(office, tmp_path):
    """Two chain_heads rows edited: Loket 1's next process starts its key chain from an
    older event of its own; a planted stations row claims event 44 was seen."""
    path, dbs, keys = office
    heartbeat(dbs["admin"])  # chain_heads up to the newest event
    with raw(path) as conn:
        own = [r[0] for r in conn.execute("SELECT id FROM events WHERE station_key = ? "
                                          "ORDER BY id", (keys["loket1"].key_id,))]
        conn.execute("UPDATE chain_heads SET event_id = ? WHERE key_id = '*'", (top(path) + 50,))
        conn.execute("UPDATE chain_heads SET event_id = ? WHERE key_id = ?",
                     (own[-3], keys["loket1"].key_id))
        conn.execute("INSERT INTO stations (id, mode, version, clock, seen_event) VALUES "
                     "('Loket 9', 'counter', '1', '2026-01-05T01:00:00+00:00', ?)",
                     (top(path) + 20,))
    fresh = open_database(path, station="Loket 1", mode="test")  # a new process
    fresh.set_signer(keys["loket1"])
    issue_ticket(fresh, service="B")
    fresh.close()
    with raw(path) as conn:  # the writer was misled: its key chain branched off there
        link = conn.execute("SELECT key_link FROM events ORDER BY id DESC").fetchone()[0]
        branch = conn.execute("SELECT hash FROM events WHERE id = ?", (own[-3],)).fetchone()[0]
    assert bytes(link) == bytes(branch)[:LINK_BYTES]
    code, report = check(path, tmp_path / "pc", *given_root(path))
    assert code == 0, report["audit"]["findings"]
    # a real forgery among the same events is still named
    with raw(path) as conn:
        conn.execute("UPDATE events SET counter_number = 3 WHERE id = ?", (own[-2],))
    code, report = check(path, tmp_path / "pc2")
    assert code == 9 and (own[-2], "edited") in problems(report)


def test_repin_after_an_intended_rekeying_is_audited(office, tmp_path):
    path, dbs, keys = office
    pc = tmp_path / "loket-pc"
    assert check(path, pc, *given_root(path))[0] == 0
    with raw(path) as conn:  # the keys really were replaced (here: by hand)
        conn.execute("BEGIN")
        _resign_everything(conn, {k.key_id: _raw_key() for k in keys.values()})
        conn.execute("COMMIT")
    env = {"ULT_KEY_DIR": str(pc), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}
    assert run_cli("take", "--db", str(path), "--service", "A", env=env).returncode == 9
    r = run_cli("station-key", "repin", "--db", str(path), "--admin", "admin", "--json",
                env={**env, "ULT_ADMIN_PIN": "000000"})
    assert r.returncode == 6  # wrong PIN: nothing changed
    r = run_cli("station-key", "repin", "--db", str(path), "--admin", "admin", "--json",
                env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["label"] == "Admin PC"
    assert run_cli("take", "--db", str(path), "--service", "A", env=env).returncode == 0
    with raw(path) as conn:
        kinds_now = [r[0] for r in conn.execute("SELECT kind FROM events ORDER BY id")]
    assert verifier.REPINNED in kinds_now


def test_a_station_with_another_pinned_root_refuses_and_shows_why(qtbot, office, tmp_path,
                                                                   monkeypatch):
    """The GUI side: the banner shows the one sentence, and a write job fails with it."""
    from ult_desktop.ui.common.banner import ConnectionBanner
    from ult_desktop.ui.common.station import TRUST, Station

    path, dbs, keys = office
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "kiosk-pc"))
    mem = trust_memory.load(path)
    mem.root = "00112233aabbccdd"  # what this PC pinned at setup: another root
    trust_memory.save(mem)
    station = Station(path, station_id="Kiosk", mode="kiosk", poll_ms=50)
    banner = ConnectionBanner()
    station.connection_changed.connect(banner.set_state)
    failures = []
    try:
        qtbot.waitUntil(lambda: station.state == TRUST, timeout=WAIT)
        assert "0011 2233 aabb ccdd" in banner.text() and "repin" in banner.text()
        station.run(issue_ticket, service="A", failed=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
        assert isinstance(failures[0], errors.RootChanged)
    finally:
        station.close()


def test_the_first_write_as_a_window_starts_is_refused_under_another_root(
        qtbot, office, tmp_path, monkeypatch):
    """As each window starts: its Station, ThisPC right after, a write at once (nobody
    waits for the banner). The trust check comes before that write, on the station's
    worker and on a second one (the kiosk's printer)."""
    from ult_desktop.ui.common.station import Station
    from ult_desktop.ui.common.this_pc import ThisPC

    path, dbs, keys = office
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "kiosk-pc"))
    mem = trust_memory.load(path)
    mem.root = "00112233aabbccdd"
    trust_memory.save(mem)
    with raw(path) as conn:
        before = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    station = Station(path, station_id="Kiosk", mode="kiosk", poll_ms=50)
    ThisPC(station)
    helper = station.helper()
    failures = []
    try:
        station.run(issue_ticket, service="A", failed=failures.append)
        helper.run(issue_ticket, service="A", failed=failures.append)
        qtbot.waitUntil(lambda: len(failures) == 2, timeout=WAIT)
        assert all(isinstance(f, errors.RootChanged) for f in failures)
    finally:
        helper.close()
        station.close()
    with raw(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == before


def test_a_running_station_notices_the_cut_and_names_it(qtbot, office, tmp_path, monkeypatch):
    from ult_desktop.ui.common.station import TRUST, Station

    path, dbs, keys = office
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "display-pc"))
    station = Station(path, station_id="Display", mode="display", poll_ms=50)
    try:
        qtbot.waitUntil(lambda: station.state == "ok", timeout=WAIT)
        last = top(path)
        with raw(path) as conn:
            conn.execute("DELETE FROM events WHERE id > ?", (last - 3,))
            conn.execute(f"PRAGMA application_id = {last - 3}")
        for _ in range(4):
            issue_ticket(dbs["kiosk"], service="A")
        qtbot.waitUntil(lambda: station.state == TRUST, timeout=WAIT)
        assert f"#{last}" in station.message
    finally:
        station.close()
    assert [b["id"] for b in trust_memory.load(path).breaks] == [last]
    with raw(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'chain_break'"
                            ).fetchone()[0] == 1
    code, report = check(path, tmp_path / "display-pc")
    assert code == 9 and (last, "edited") in problems(report)


def test_no_pc_trusts_a_root_it_was_not_given(office, tmp_path, monkeypatch):
    """A PC nobody gave the office's root checks "not verified against
    a known root" (exit 11, never 0), writes without pinning the file's root, and its
    report says so on every page; given the root (``--root``, or the wizard's station
    file) it verifies, pins it, and then names another office's file copied over."""
    from datetime import date

    from pypdf import PdfReader

    from ult_desktop.reports.pdf import build_pdf

    path, dbs, keys = office
    genuine = keys["admin"].key_id
    kiosk_pc = tmp_path / "kiosk-pc"
    code, report = check(path, kiosk_pc)
    assert code == 11 and report["audit"]["ok"] and report["audit"]["unpinned"]
    text = run_cli("check", "--db", str(path), env={"ULT_KEY_DIR": str(kiosk_pc)}).stdout
    assert "TIDAK terverifikasi terhadap akar yang dikenal" in text
    monkeypatch.setenv("ULT_KEY_DIR", str(kiosk_pc))  # the kiosk station starts there
    assert trust_memory.trust_problem(dbs["kiosk"]) is None
    issue_ticket(dbs["kiosk"], service="A")
    assert trust_memory.load(path).root is None  # it writes, and took nothing on sight
    # (a counter PC may issue a report: a kiosk may not)
    pdf = build_pdf(dbs["loket1"], date(2020, 1, 1), date(2030, 1, 1), tmp_path / "k.pdf")
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert all("akar yang dikenal" in p for p in pages) and "Direkonsiliasi" not in pages[0]
    assert chain.fingerprint(genuine) not in " ".join(pages)  # no root printed as proof

    code, report = check(path, kiosk_pc, "--root", chain.fingerprint(genuine))
    assert code == 0 and trust_memory.load(path).root == genuine
    assert check(path, kiosk_pc)[0] == 0  # remembered: given once
    dbs["admin"].trust = trust_memory.load(path).to_dict()  # an admin PC given the root
    pdf = build_pdf(dbs["admin"], date(2020, 1, 1), date(2030, 1, 1), tmp_path / "a.pdf")
    last = PdfReader(pdf).pages[-1].extract_text()
    assert "Akar kepercayaan kantor" in last and chain.fingerprint(genuine) in last

    with raw(path) as conn:  # another office's file, or a forged one, copied over
        conn.execute("BEGIN")
        _resign_everything(conn, {k.key_id: _raw_key() for k in keys.values()})
        conn.execute("COMMIT")
    code, report = check(path, kiosk_pc)
    assert code == 9 and "root" in kinds(report)
    code, report = check(path, tmp_path / "never-given")
    # never "verified": unpinned (11), and sari's sign-in proof, made with her PIN, no
    # forger re-signs: named (9)
    assert code == 9 and report["audit"]["unpinned"]
    assert {d["column"] for d in report["reconcile"]["differences"]} == {"sign_in_proof"}
    code, report = check(path, tmp_path / "given-at-setup", "--root", genuine)
    assert code == 9 and kinds(report) == {"root"}
    assert trust_memory.load(path).root == genuine  # the forged root was not taken
