"""A kiosk's number range is its own: it moves only by its holder's key and is never held
over numbers another range of that day holds, and the kiosk lands its touches only in
ranges the judge lets stand. A ticket is born under its key's registered label, and one
act a counter signed lands for its own ticket only.

Each attack is made as an insider would: the other kiosk's registered key signing a write
of ``number_reserves`` through its station's writer (the app's checks bypassed), a share
writer with plain ``sqlite3`` and no key, a kiosk PC started under a label nobody
registered, a counter's key landing one signed act for other visits. ``check`` is a real
process; the keys are real; the honest two kiosks' day stays ``check`` 0."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import given_root, run_cli

from tests.drivers import register_stations
from ult_desktop.core.i18n import difference_text
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.journals.journal import KioskJournal
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.events import append_event, iso

#: 10:00 WIB on a Monday: the demo office is open.
OPEN = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
DAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _own_pc_memory(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


def check(db_path: Path) -> tuple[int, dict]:
    r = run_cli("check", "--db", str(db_path), "--json", *given_root(str(db_path)))
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def refused(report: dict) -> set[tuple[str, str]]:
    return {(d["table"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "act"}


@pytest.fixture
def kiosks(db_path, tmp_path):
    """Two kiosk PCs, each key registered (role kiosk, its own label), each holding its
    numbers of the day: kiosk-2 claimed first (A-001..A-004), kiosk-1 then (A-005..A-008);
    kiosk-1 printed two papers from its range while the share was away (its journal)."""
    admin, keys = register_stations(db_path, tmp_path, (("kiosk-1", "kiosk"),
                                                        ("kiosk-2", "kiosk")))
    admin.close()
    out = {}
    for name in ("kiosk-1", "kiosk-2"):
        db = open_database(db_path, station=name, mode="kiosk")
        db.set_signer(keys[name])
        heartbeat(db)  # two kiosks in the office: each holds few numbers
        out[name] = (db, KioskJournal(tmp_path / f"{name}.journal", station=name,
                                      signer=keys[name]))
    for name in ("kiosk-2", "kiosk-1"):
        db, journal = out[name]
        journal.write_with(db, lambda conn: None, OPEN)
    journal = out["kiosk-1"][1]
    for i in range(2):
        journal.take(day=DAY, service="A", prefix="A", request_id=f"visitor-{i}",
                     now=OPEN + timedelta(minutes=1 + i))
    yield out
    for db, journal in out.values():
        journal.close()
        db.close()


def ranges(db) -> list[tuple]:
    return db.query("SELECT prefix, first_seq, last_seq, first_id, station FROM "
                    "number_reserves WHERE day = ? AND prefix = 'A' ORDER BY first_seq", (DAY,))


def signed_write(db, sql: str, params: tuple, kind: str, at: datetime) -> None:
    """What the PC's key signs when its writer is used outside the app's checks."""
    def tx(conn) -> None:
        conn.execute(sql, params)
        append_event(conn, db.station, kind, at=at, data={})
    db.write(tx)


def lands(kiosks) -> tuple[list, list]:
    """kiosk-1 back on the share: (what it set aside, the day's A numbers waiting)."""
    db, journal = kiosks["kiosk-1"]
    journal.write_with(db, lambda conn: None, OPEN + timedelta(minutes=5))
    return journal.set_aside(), [r[0] for r in db.query(
        "SELECT number FROM tickets WHERE day = ? AND state = 'waiting' ORDER BY sort_at",
        (DAY,))]


def test_two_kiosks_holding_ranges_and_landing_are_clean(kiosks, db_path, caplog):
    assert [r[1:3] for r in ranges(kiosks["kiosk-1"][0])] == [(1, 4), (5, 8)]
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006"]
    assert "number range" not in caplog.text
    code, report = check(db_path)
    assert code == 0, report["reconcile"]["differences"]


def test_a_range_held_over_another_kiosk_s_numbers_changes_nothing(kiosks, db_path):
    """kiosk-2's key holds A-002..A-008 (over kiosk-1's A-005..A-008): kiosk-1's papers
    land all the same and ``check`` names the range (``overlap``)."""
    k2 = kiosks["kiosk-2"][0]
    (_, first, _, first_id, _), _ = ranges(k2)
    signed_write(k2, "INSERT INTO number_reserves (day, prefix, first_seq, last_seq, "
                     "first_id, station) VALUES (?, 'A', 2, 8, ?, 'kiosk-2')",
                 (DAY, first_id + 1), "numbers_reserved", OPEN + timedelta(minutes=2))
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006"], aside
    code, report = check(db_path)
    assert code == 9 and ("number_reserves", "overlap") in refused(report), refused(report)
    text = [difference_text(d, "en") for d in report["reconcile"]["differences"]]
    assert any("another kiosk already holds" in line for line in text), text


def test_a_number_of_another_kiosk_s_range_taken_by_a_key_is_named(kiosks, db_path):
    """kiosk-2's key inserts a waiting ticket A-007, a number of kiosk-1's range (its
    next paper): ``check`` names it (``range``)."""
    k2 = kiosks["kiosk-2"][0]
    t = issue_ticket(k2, service="A", now=OPEN + timedelta(minutes=3))
    row = dict(k2.query("SELECT * FROM tickets WHERE id = ?", (t.id,))[0])
    first_id = next(r[3] for r in ranges(k2) if r[4] == "kiosk-1")
    row.update(id=first_id + 2, seq=7, number="A-007", code_hash="7" * 64, request_id=None)
    signed_write(k2, f"INSERT INTO tickets ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", tuple(row.values()), "issued",
                 OPEN + timedelta(minutes=4))
    code, report = check(db_path)
    assert code == 9 and ("tickets", "range") in refused(report), refused(report)


def test_a_range_released_by_another_kiosk_s_key_changes_nothing(kiosks, db_path):
    """kiosk-2's key deletes kiosk-1's range: kiosk-1's papers land all the same and
    ``check`` names the release (``not_holder``)."""
    k2 = kiosks["kiosk-2"][0]
    signed_write(k2, "DELETE FROM number_reserves WHERE station = 'kiosk-1'", (),
                 "numbers_released", OPEN + timedelta(minutes=2))
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006"], aside
    code, report = check(db_path)
    assert code == 9 and ("number_reserves", "not_holder") in refused(report), \
        refused(report)


def test_a_range_row_changed_on_the_share_without_a_key_changes_nothing(kiosks, db_path,
                                                                       caplog):
    """A share writer moves kiosk-1's range to kiosk-2 with plain ``sqlite3``: kiosk-1's
    papers land all the same; ``check`` names the row."""
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE number_reserves SET station = 'kiosk-2' WHERE station = 'kiosk-1'")
    raw.commit()
    raw.close()
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006"], aside
    kiosks["kiosk-1"][1].take(day=DAY, service="A", prefix="A", request_id="visitor-2",
                              now=OPEN + timedelta(minutes=6))
    assert lands(kiosks) == ([], ["A-005", "A-006", "A-007"])  # (said once)
    assert caplog.text.count(f"('{DAY}', 'A', 5) as written") == 1, caplog.text
    code, report = check(db_path)
    assert code != 0 and any(d["table"] == "number_reserves"
                             for d in report["reconcile"]["differences"])


def test_a_kiosk_claims_past_a_range_whose_row_a_share_writer_removed(kiosks, db_path):
    """A share writer deletes kiosk-1's ranges with plain ``sqlite3``; kiosk-2 then uses
    up its numbers and claims more: past kiosk-1's range (it stands), so both kiosks'
    papers land, none set aside."""
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM number_reserves WHERE station = 'kiosk-1'")
    raw.commit()
    raw.close()
    k2, j2 = kiosks["kiosk-2"]
    for i in range(3):
        j2.take(day=DAY, service="A", prefix="A", request_id=f"k2-{i}",
                now=OPEN + timedelta(minutes=2, seconds=i))
    j2.write_with(k2, lambda conn: None, OPEN + timedelta(minutes=3))  # lands, claims
    assert [r[1:3] for r in ranges(k2)] == [(1, 4), (9, 12)]
    touch = j2.take(day=DAY, service="A", prefix="A", request_id="k2-3",
                    now=OPEN + timedelta(minutes=4))
    assert touch.seq == 4
    touch = j2.take(day=DAY, service="A", prefix="A", request_id="k2-4",
                    now=OPEN + timedelta(minutes=4, seconds=1))
    assert touch.seq == 9
    j2.write_with(k2, lambda conn: None, OPEN + timedelta(minutes=5))
    aside, waiting = lands(kiosks)
    assert aside == [] and j2.set_aside() == [], (aside, j2.set_aside())
    assert sorted(waiting) == ["A-001", "A-002", "A-003", "A-004", "A-005", "A-006",
                               "A-009"], waiting


def test_a_ticket_under_a_label_nobody_registered_is_named(kiosks, db_path):
    """kiosk-1's key issues from a PC started as "Kiosk Lobi" (no key registered so)."""
    kiosks["kiosk-1"][1].write_with(kiosks["kiosk-1"][0], lambda conn: None,
                                    OPEN + timedelta(minutes=5))
    fake = open_database(db_path, station="Kiosk Lobi", mode="kiosk")
    fake.set_signer(kiosks["kiosk-1"][0].identity.signer)
    try:
        issue_ticket(fake, service="B", now=OPEN + timedelta(minutes=6))
    finally:
        fake.close()
    code, report = check(db_path)
    assert code == 9 and ("tickets", "station") in refused(report), refused(report)


def test_one_signed_act_lands_for_its_own_ticket_only(judged_pcs, db_path, tmp_path):
    """Counter 1's journal lands a call of one visitor; its key then lands that same
    signed act as the call of two other visitors: ``check`` names both (``act_ticket``)."""
    from ult_desktop.db.journals.desk_journal import CounterJournal

    admin, c1 = judged_pcs["admin"], judged_pcs["c1"]
    tickets = [issue_ticket(judged_pcs["kiosk"], service="A") for _ in range(3)]
    sari = admin.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=c1.identity.signer)
    now, t = datetime.now(timezone.utc), tickets[0]
    journal.signin(day=t.day, counter=1, officer_id=sari, now=now)
    journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind="call",
                   now=now)
    journal.land(c1)
    journal.close()
    [(text,)] = admin.query("SELECT data FROM events WHERE ticket_id = ? AND kind = "
                            "'called'", (t.id,))
    landed = json.loads(text)
    assert check(db_path)[0] == 0  # the honest landing
    at = datetime.fromisoformat(landed["act"]["at"])
    for n, other in enumerate(tickets[1:]):
        def tx(conn, other=other, n=n) -> None:
            conn.execute("UPDATE tickets SET state = 'called', counter_number = 1, "
                         "officer_id = ?, called_at = ?, first_called_at = ? WHERE id = ?",
                         (sari, iso(at), iso(at), other.id))
            append_event(conn, c1.station, "called", ticket_id=other.id, at=at,
                         data={**landed, "request_id": f"again-{n}"})
        c1.write(tx)
    code, report = check(db_path)
    assert code == 9, report["reconcile"]["differences"]
    named = {(d["label"], d["column"]) for d in report["reconcile"]["differences"]
             if d["problem"] == "act"}
    assert {(f"{o.number} ({o.day})", "act_ticket") for o in tickets[1:]} == named, named


@pytest.mark.parametrize("on", ["number", "request"])
def test_a_ticket_row_forged_on_a_kiosk_s_paper_blocks_no_paper(kiosks, db_path, on):
    """A share writer inserts a ticket row with plain ``sqlite3`` on kiosk-1's printed
    A-005 (its number and id), or under the retry key of that paper: kiosk-1's papers land
    as printed all the same, and the forged row is said once (the morning check lists
    it)."""
    from ult_desktop.db.record.judged import set_aside

    k1 = kiosks["kiosk-1"][0]
    first_id = next(r[3] for r in ranges(k1) if r[4] == "kiosk-1")
    where = (DAY, 5, first_id) if on == "number" else (DAY, 99, first_id + 500)
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, "
                "state, issued_at, sort_at, station, request_id) VALUES (?, ?, 'A', ?, ?, "
                "'forged', (SELECT id FROM services WHERE prefix = 'A'), 'waiting', ?, ?, "
                "'kiosk-1', ?)", (where[2], where[0], where[1], f"A-{where[1]:03d}",
                                  iso(OPEN), iso(OPEN), None if on == "number" else
                                  "visitor-0"))
    raw.commit()
    raw.close()
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006"], (aside, waiting)
    assert k1.query("SELECT COUNT(*) FROM tickets WHERE code_hash = 'forged'")[0][0] == 0
    assert ("tickets", f"({where[2]},)") in set_aside(k1), set_aside(k1)


@pytest.mark.parametrize("raw_change", ["deleted", "forged"])
def test_a_walk_in_ticket_on_the_share_takes_no_number_of_a_range_that_stands(
        kiosks, db_path, raw_change):
    """A share writer deletes kiosk-1's range row (A-005..A-008), or adds one of its own
    (A-009..A-9000), with plain ``sqlite3``. A walk-in ticket issued on the share takes
    A-009, past the ranges as the judge lets them stand: none of kiosk-1's printed numbers
    or ids, and no number a forged row claims."""
    raw = sqlite3.connect(db_path)
    if raw_change == "deleted":
        raw.execute("DELETE FROM number_reserves WHERE station = 'kiosk-1'")
    else:
        raw.execute("INSERT INTO number_reserves (day, prefix, first_seq, last_seq, first_id, "
                    "station) VALUES (?, 'A', 9, 9000, 100000, 'kiosk-2')", (DAY,))
    raw.commit()
    raw.close()
    walk_in = issue_ticket(kiosks["kiosk-2"][0], service="A", now=OPEN + timedelta(minutes=4))
    assert walk_in.number == "A-009", walk_in.number
    aside, waiting = lands(kiosks)
    assert aside == [] and waiting == ["A-005", "A-006", "A-009"], (aside, waiting)
