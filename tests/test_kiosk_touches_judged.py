"""A kiosk's touch is an act of the record, not a note: each is signed by the kiosk PC's key
when it happens and chained in its journal, and it lands only as its paper says it, in a
number range the record gave this kiosk, with the id that range implies, its day the
office day of its time, its service, channel, group and assist from their lists. A touch
that cannot land is set aside and named, and never stops the kiosk's other writes.

Real processes on the FUSE share: the kiosk PC (its key registered by the admin) claims
numbers and issues; an insider with that PC's disk and key forges a touch in its journal
(re-signed with the key, or edited without it); the kiosk lands with its heartbeat in a
process of its own; another station then issues."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.drivers import admin_pc
from ult_desktop.app import station_key
from ult_desktop.core.chain import sign_act
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.journals.journal import _SIGNED_COLUMNS, KioskJournal
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import station_keys
from ult_desktop.db.record.reconcile import reconcile

#: 10:00 WIB on a Monday: the demo office is open.
OPEN = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def kiosk_pc(db_path: str, key_dir: str, journal: str, action: str) -> None:
    """The kiosk PC (its own process): ``claim`` (its first write claims numbers, then a
    visitor's touch) or ``land`` (its heartbeat, which lands what the journal holds)."""
    from ult_desktop.db.house.stations import heartbeat

    key = station_key.load_key(Path(key_dir))
    db = open_database(db_path, station="kiosk-1", mode="kiosk")
    db.set_signer(key)
    j = KioskJournal(journal, station="kiosk-1", signer=key)
    if action == "claim":
        j.write_with(db, lambda conn: None, OPEN)
        j.take(day="2026-11-23", service="A", prefix="A", request_id="visitor-1",
               now=OPEN + timedelta(minutes=1))
    else:
        heartbeat(db, outbox=j)
    print(json.dumps({"waiting": j.waiting()[0], "aside": j.set_aside(),
                      "problem": j.problem()}))
    j.close()
    db.close()


def run_kiosk(office, action: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.test_kiosk_touches_judged import "
         "kiosk_pc; kiosk_pc(*sys.argv[1:])", str(office["db"]), str(office["key"]),
         str(office["journal"]), action],
        capture_output=True, text=True, cwd=str(ROOT), timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def office(slow_share, tmp_path):
    """The office's record on the share, the kiosk PC's key registered (role kiosk), its
    numbers claimed and one visitor's paper in its journal."""
    local = init_database(tmp_path / "o.db", demo=True)
    admin, _root = admin_pc(str(local), tmp_path / "admin-key")
    key = station_key.create_key(tmp_path / "kiosk-key")[0]
    db = open_database(local, station="kiosk-1", mode="kiosk")
    db.set_signer(key)
    station_keys.request_registration(db, label="kiosk-1")
    station_keys.approve_key(admin, key.key_id, role="kiosk")
    db.close()
    admin.close()
    (slow_share.backing / "o.db").write_bytes(Path(local).read_bytes())
    out = {"db": slow_share.path / "o.db", "key": tmp_path / "kiosk-key",
           "journal": tmp_path / "journal" / "kiosk-1.sqlite", "key_obj": key}
    run_kiosk(out, "claim")
    return out


def forge(office, *, sign: bool = True, **changes) -> None:
    """What an insider with the kiosk PC's disk (and its key, *sign*) adds to its journal:
    a touch like the visitor's, with *changes*, chained after it."""
    j = KioskJournal(office["journal"], station="kiosk-1")
    [real] = j.unlanded()
    j.close()
    fake = replace(real, request_id="forged", **changes)
    fake = sign_act(fake, real.hash, office["key_obj"]) if sign else replace(fake, prev=real.hash)
    raw = sqlite3.connect(office["journal"])
    raw.execute(f"INSERT INTO touches ({', '.join(_SIGNED_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(_SIGNED_COLUMNS))})",
                tuple(getattr(fake, c) for c in _SIGNED_COLUMNS))
    raw.commit()
    raw.close()


@pytest.mark.parametrize("changes, why", [
    ({"ticket_id": 2**63 - 2, "seq": 3}, "id"),           # every station's next id breaks
    ({"service": "Z", "seq": 3}, "service"),               # blocked every later write
    ({"channel": "<b>" + "x" * 5000 + "</b>", "seq": 3}, "channel"),
    ({"seq": 90, "ticket_id": 9_000}, "range"),            # a number nobody gave it
    ({"seq": 3, "day": "2026-11-24"}, "day"),              # not the day of its time
], ids=["huge-id", "unknown-service", "long-channel", "outside-range", "other-day"])
def test_a_forged_touch_is_set_aside_and_named_and_the_office_issues_on(office, changes, why):
    forge(office, **changes)
    told = run_kiosk(office, "land")
    assert told["waiting"] == 0, told  # the visitor's ticket landed, the forged one not
    assert told["aside"] == [[f"{changes.get('prefix', 'A')}-{changes['seq']:03d}", why]], told
    assert "disisihkan" in told["problem"], told
    assert Path(str(office["journal"]).replace(".sqlite", ".set-aside.jsonl")).exists()
    db = open_database(office["db"], station="loket-1", mode="counter")
    try:
        numbers = [r[0] for r in db.query("SELECT number FROM tickets")]
        assert numbers == ["A-001"], numbers  # the paper's number, nothing else
        beat = db.query("SELECT clock FROM stations WHERE id = 'kiosk-1'")
        assert beat, "the heartbeat was written with the landing"
        assert reconcile(db)["ok"]
        # every other station issues on (the huge id broke them all with TypeError)
        assert issue_ticket(db, service="B", now=OPEN + timedelta(minutes=5)).id < 2**40
    finally:
        db.close()


def test_a_touch_edited_without_the_key_is_set_aside(office):
    forge(office, sign=False, seq=2, ticket_id=0)
    told = run_kiosk(office, "land")
    assert told["aside"] == [["A-002", "edited"]], told
    assert told["waiting"] == 0
