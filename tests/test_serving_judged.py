"""Which desks serve now (the wait band, the call rule, the TV's and the kiosk's "loket
buka") follows the officers' sessions as the record holds them: an officer's own sign-in
of that office day, at a registered key and a desk registered to it. A sign-in a share
writer forged with plain ``sqlite3``, one the TV's key signed, or one a counter's key made
at a desk it is not registered for opens no desk; the same desk opened by an honest
sign-in counts at once (so the observation can fail). Real files, real keys."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.drivers import sit_at
from ult_desktop.db.queries import queue_snapshot
from ult_desktop.db.record.audit import OFFICER_LOGIN, OFFICER_LOGOUT, record_session

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def open_for_a(db) -> int:
    """How many desks serve service A now, as the kiosk's and the TV's screens say it
    (desk 1 serves A and B, desk 2 B and C, desk 3, the priority desk, all three)."""
    [a] = [s for s in queue_snapshot(db)["services"] if s["prefix"] == "A"]
    return a["open_counters"]


def _forged_sign_in(db_path, desk: int, username: str) -> None:
    """A share writer's sign-in row: no key, the counter screen's data."""
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO events (kind, counter_number, station, actor, at, data) "
                    "VALUES (?, ?, 'Loket 3', ?, ?, ?)",
                    (OFFICER_LOGIN, desk, username, datetime.now(timezone.utc).isoformat(),
                     json.dumps({"username": username, "screen": "counter", "desk": desk})))


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_sign_in_no_counter_may_make_opens_no_desk(judged_pcs, db_path, who):
    office = judged_pcs
    assert open_for_a(office["kiosk"]) == 1  # sari at desk 1
    if who == "share":
        _forged_sign_in(db_path, 3, "dewi")
    else:
        record_session(office["tv"], OFFICER_LOGIN, "dewi", counter=3, screen="counter")
    for pc in ("kiosk", "tv", "c1"):
        assert open_for_a(office[pc]) == 1, pc
    sit_at(office["c2"], 3, "dewi")  # her PIN typed at a counter PC: desk 3 opens
    assert open_for_a(office["kiosk"]) == 2


def test_a_sign_in_at_a_desk_not_registered_to_the_key_opens_no_desk(db_path, tmp_path,
                                                                     monkeypatch):
    """Counter 2's key is registered for desk 2: dewi's right PIN typed there for desk 3
    opens nothing; counter 1's key registered for desk 1 opens desk 1."""
    from tests.test_desk_sessions_judged import office_of

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    office = office_of(db_path, tmp_path, desks=True)
    try:
        sit_at(office["c2"], 3, "dewi")
        assert open_for_a(office["kiosk"]) == 0
        sit_at(office["c1"], 1, "sari")
        assert open_for_a(office["kiosk"]) == 1
    finally:
        for db in office.values():
            db.close()


def test_a_sign_in_of_yesterday_or_signed_out_opens_no_desk_today(judged_pcs):
    """Dewi signed in at desk 3 yesterday and never out; sari signs out of desk 1 today:
    no desk serves A. Sari signing in again opens desk 1."""
    office = judged_pcs
    sit_at(office["c2"], 3, "dewi", now=datetime.now(timezone.utc) - timedelta(days=1))
    record_session(office["c1"], OFFICER_LOGOUT, "sari", counter=1, screen="counter")
    assert open_for_a(office["kiosk"]) == 0
    sit_at(office["c1"], 1, "sari")
    assert open_for_a(office["kiosk"]) == 1


def test_a_sign_in_the_record_refuses_credits_no_visit_landed_from_the_journal(
        judged_pcs, tmp_path):
    """Counter 1's key writes a sign-in for dewi without her PIN (no proof: refused by
    the record). Its journal then lands dewi's offline sign-in and a visit served: the
    sign-in is refused and the visit is not hers."""
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.queue.numbers import issue_ticket

    office = judged_pcs
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    dewi = admin.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    record_session(c1, OFFICER_LOGIN, "dewi", counter=1, screen="counter")
    t = issue_ticket(kiosk, service="A")
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=c1.identity.signer)
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=1, officer_id=dewi, now=now)
    for kind in ("call", "finish"):
        journal.record(day=t.day, number=t.number, counter=1, officer_id=dewi, kind=kind,
                       now=now)
    journal.land(c1)
    journal.close()
    [(officer, state)] = admin.query("SELECT officer_id, state FROM tickets WHERE id = ?",
                                     (t.id,))
    assert state == "done" and officer != dewi


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_call_no_counter_made_opens_no_desk_nobody_signed_in_at(judged_pcs, db_path, who):
    """A desk nobody signed in at serves once a counter called there that day (a desk
    driven from the command line); a call row a share writer forged, or one the TV's key
    signed, opens none. A counter's key calling there does (the observation can fail)."""
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket

    office = judged_pcs
    if who == "share":
        with sqlite3.connect(db_path) as raw:
            raw.execute("INSERT INTO events (kind, counter_number, station, at, data) "
                        "VALUES ('called', 3, 'Loket 3', ?, '{}')",
                        (datetime.now(timezone.utc).isoformat(),))
    else:
        from ult_desktop.db.record.events import append_event

        office["tv"].write(lambda conn: append_event(conn, office["tv"].station, "called",
                                                     counter=3, data={}))
    assert open_for_a(office["kiosk"]) == 1
    issue_ticket(office["kiosk"], service="C")
    assert call_next(office["c2"], counter=3) is not None
    assert open_for_a(office["kiosk"]) == 2
