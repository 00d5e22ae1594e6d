"""A desk acts only on tickets an act brought in: a ticket row a share writer inserts with
plain ``sqlite3`` (no ``issued`` act) is no call of a desk's ``ratio`` run, no number a
visitor who reported back waits behind, and no ticket a counter's offline acts land on. Real
files, real keys (``tests.drivers.judged_office``); the same calls made by the desk move the
rule, the same acts of a ticket issued land (so each observation can fail)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish, report_back, skip
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _forge_calls(db_path: Path, day: str, service: int, first: int, n: int, *,
                 priority: bool, counter: int, after: datetime) -> None:
    """*n* visits at *counter* finished just now, written with plain ``sqlite3``."""
    at = (after + timedelta(seconds=1)).isoformat()
    with sqlite3.connect(db_path) as raw:
        for seq in range(first, first + n):
            raw.execute(
                "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                "priority, state, channel, issued_at, sort_at, station, counter_number, "
                "called_at, first_called_at, serving_at, finished_at) VALUES "
                "(?, 'A', ?, ?, 'F', ?, ?, 'done', 'walk_in', ?, ?, 'Kiosk 1', ?, ?, ?, ?, ?)",
                (day, seq, f"A-{seq}", service, int(priority), at, at, counter, at, at, at, at))


def _serve(db, counter: int) -> str:
    number = call_next(db, counter=counter).number
    finish(db, counter=counter)
    return number


def test_a_forged_priority_call_does_not_reset_a_desk_s_ratio_run(office, db_path):
    """``ratio:2``: after two regular calls counter 1 calls the priority visitor. Rows a
    share writer adds as priority visits finished there just now change nothing; the
    desk's own priority call does (the regular visitor is next)."""
    kiosk, c1 = office["kiosk"], office["c1"]
    set_settings(office["admin"], priority_order="ratio:2")
    regular = [issue_ticket(kiosk, service="A") for _ in range(3)]
    assert [_serve(c1, 1) for _ in range(2)] == [t.number for t in regular[:2]]
    priority = issue_ticket(kiosk, service="A", priority=True)
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    _forge_calls(db_path, priority.day, service_a, 900, 2, priority=True, counter=1,
                 after=datetime.now(timezone.utc))
    assert _serve(c1, 1) == priority.number
    assert _serve(c1, 1) == regular[2].number


def test_forged_calls_do_not_let_a_visitor_who_reported_back_jump_her_line(office, db_path):
    """A missed visitor reports back: she waits behind three numbers of her line. Rows a
    share writer adds as three visits of her line called since let her go first nowhere;
    the desk's three calls do."""
    kiosk, c1 = office["kiosk"], office["c1"]
    missed = issue_ticket(kiosk, service="A")
    others = [issue_ticket(kiosk, service="A") for _ in range(4)]
    assert call_next(c1, counter=1).number == missed.number
    skip(c1, counter=1)
    back = report_back(c1, number=missed.number)
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    _forge_calls(db_path, missed.day, service_a, 900, 3, priority=False, counter=2,
                 after=back.returned_at)
    assert [_serve(c1, 1) for _ in range(3)] == [t.number for t in others[:3]]
    assert _serve(c1, 1) == missed.number


def test_a_counter_s_offline_acts_land_on_no_ticket_row_no_act_issued(office, db_path,
                                                                     tmp_path):
    """Counter 1's journal kept sari's call and finish of A-900 (a paper the kiosk has not
    landed yet) and of a number the kiosk issued online. A share writer inserts A-900 as a
    waiting ticket: the landing keeps those acts pending (no visit of that row is credited
    to sari), and lands the other visit."""
    from ult_desktop.db.journals.desk_journal import CounterJournal

    kiosk, c1 = office["kiosk"], office["c1"]
    honest = issue_ticket(kiosk, service="A")
    sari = c1.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    early = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                    "priority, state, channel, issued_at, sort_at, station) VALUES "
                    "(?, 'A', 900, 'A-900', 'F', ?, 0, 'waiting', 'walk_in', ?, ?, 'Kiosk 1')",
                    (honest.day, service_a, early, early))
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=c1.identity.signer)
    now = datetime.now(timezone.utc)
    for n, number in enumerate(("A-900", honest.number)):
        for k, kind in enumerate(("call", "finish")):
            journal.record(day=honest.day, number=number, counter=1, officer_id=sari,
                           kind=kind, now=now + timedelta(seconds=10 * n + k))
    journal.land(c1)
    states = {a.number: a.state for a in journal.acts()}
    journal.close()
    assert states == {"A-900": "pending", honest.number: "landed"}, states
    rows = dict(c1.query("SELECT number, state FROM tickets WHERE day = ?", (honest.day,)))
    assert rows == {"A-900": "waiting", honest.number: "done"}, rows


def test_ticket_rows_no_act_issued_use_up_no_service_s_daily_quota(office, db_path):
    """Service A takes two visitors a day. A share writer inserts two of its tickets with
    plain ``sqlite3``: the kiosk's tile stays open and it issues both papers; the quota
    is used up by those two (the third is refused, the tile closed)."""
    from ult_desktop.db import errors
    from ult_desktop.db.house.office import save_service
    from ult_desktop.db.queries import queue_snapshot

    kiosk, tv = office["kiosk"], office["tv"]
    save_service(office["admin"], prefix="A", daily_quota=2)
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    first = issue_ticket(kiosk, service="A")
    _forge_calls(db_path, first.day, service_a, 900, 2, priority=False, counter=2,
                 after=datetime.now(timezone.utc))

    def issued_a() -> int:
        snapshot = queue_snapshot(tv)
        return next(s for s in snapshot["services"] if s["prefix"] == "A")["issued_today"]

    assert issued_a() == 1
    issue_ticket(kiosk, service="A")
    assert issued_a() == 2
    with pytest.raises(errors.RuleViolation):
        issue_ticket(kiosk, service="A")


def test_a_ticket_row_no_act_issued_checks_no_booked_visit_in(office, db_path):
    """A visit booked for today: a share writer inserts a waiting ticket of its case with
    plain ``sqlite3``. The kiosk still checks its visitor in (her slip's code); her own
    check-in then stands: a second one is refused."""
    from tests.test_codes_judged import CODE, booked_today
    from ult_desktop.db import errors
    from ult_desktop.db.visit import visits

    case = booked_today(office)
    kiosk = office["kiosk"]
    day = kiosk.query("SELECT visit_day FROM cases WHERE id = ?", (case,))[0][0]
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    early = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                    "priority, state, channel, issued_at, sort_at, station, followup_case) "
                    "VALUES (?, 'A', 900, 'A-900', 'F', ?, 0, 'waiting', 'walk_in', ?, ?, "
                    "'Kiosk 1', ?)", (day, service_a, early, early, case))
    ticket = visits.check_in(kiosk, code=CODE)
    assert ticket.followup_case == case and ticket.number != "A-900"
    with pytest.raises(errors.RuleViolation) as again:
        visits.check_in(kiosk, code=CODE)
    assert again.value.key == "error.visit_checked_in"


def test_the_wait_band_expects_only_the_visits_the_record_booked(office, db_path):
    """The band counts today's booked visitors not checked in yet. A share writer adds a
    case booked for today and a check-in of the real one with plain ``sqlite3``: the band
    still expects the real visitor and no other; her own check-in takes her out of it."""
    from tests.test_codes_judged import CODE, booked_today
    from ult_desktop.db.queue.wait import read_band_day
    from ult_desktop.db.visit import visits

    case = booked_today(office)
    kiosk = office["kiosk"]

    def expected() -> list[int]:
        day = kiosk.read(lambda conn: read_band_day(conn, datetime.now(timezone.utc)))
        return [-a.candidate.ticket_id for a in day.arrivals]

    assert expected() == [case]
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    early = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    with sqlite3.connect(db_path) as raw:
        raw.row_factory = sqlite3.Row
        real = dict(raw.execute("SELECT * FROM cases WHERE id = ?", (case,)).fetchone())
        day = real["visit_day"]
        for table, row in (("register_records", dict(raw.execute(
                "SELECT * FROM register_records WHERE id = ?", (real["record_id"],)
        ).fetchone())), ("cases", real)):  # (a copy of each: a case booked for today)
            row.update(id=row["id"] + 100, **({"record_id": row["record_id"] + 100,
                                               "visit_code": "forged"}
                                              if table == "cases" else {}))
            row = {k: v for k, v in row.items() if k not in ("request_id", "code_hash")}
            raw.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                        f"({', '.join('?' * len(row))})", tuple(row.values()))
        raw.execute("INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                    "priority, state, channel, issued_at, sort_at, station, followup_case) "
                    "VALUES (?, 'A', 900, 'A-900', 'F', ?, 0, 'waiting', 'walk_in', ?, ?, "
                    "'Kiosk 1', ?)", (day, service_a, early, early, case))
    assert expected() == [case]
    visits.check_in(kiosk, code=CODE)
    assert expected() == []


def test_the_wait_band_times_a_service_by_the_visits_the_record_holds(office, db_path):
    """The band's minutes per visit are the service's last visits: counter 1's visit is
    one; visits of five hours a share writer adds with plain ``sqlite3`` are none."""
    from ult_desktop.db.queue.wait import read_recent_minutes

    kiosk, c1 = office["kiosk"], office["c1"]
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]

    def minutes() -> list[float]:
        return kiosk.read(lambda conn: read_recent_minutes(conn, [service_a]))[service_a]

    assert minutes() == []
    issue_ticket(kiosk, service="A")
    _serve(c1, 1)
    served = minutes()
    assert len(served) == 1 and served[0] < 5
    day = kiosk.query("SELECT MAX(day) FROM tickets")[0][0]
    with sqlite3.connect(db_path) as raw:
        for seq in (900, 901, 902):
            at = datetime.now(timezone.utc)
            raw.execute(
                "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, "
                "priority, state, channel, issued_at, sort_at, station, counter_number, "
                "called_at, first_called_at, finished_at) VALUES (?, 'A', ?, ?, 'F', ?, 0, "
                "'done', 'walk_in', ?, ?, 'Kiosk 1', 2, ?, ?, ?)",
                (day, seq, f"A-{seq}", service_a, *[(at - timedelta(hours=5)).isoformat()] * 4,
                 at.isoformat()))
    assert minutes() == served


def test_the_wait_band_calibrates_by_no_visit_no_act_issued(office, db_path):
    """The band is calibrated by the days before's papers (each with its band's run and the
    wait till its call). A ticket of yesterday a share writer inserts with plain ``sqlite3``
    (its paper then printed by the kiosk) is no run the calibration reads."""
    from ult_desktop.db.queue.wait import recent_runs
    from ult_desktop.db.record.events import append_event

    kiosk = office["kiosk"]
    today = issue_ticket(kiosk, service="A").day
    before = (date.fromisoformat(today) - timedelta(days=1)).isoformat()
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    at = datetime.now(timezone.utc) - timedelta(days=1)
    with sqlite3.connect(db_path) as raw:
        forged = raw.execute(
            "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, priority, "
            "state, channel, issued_at, sort_at, station, first_called_at, called_at) VALUES "
            "(?, 'A', 900, 'A-900', 'F', ?, 0, 'done', 'walk_in', ?, ?, 'Kiosk 1', ?, ?)",
            (before, service_a, at.isoformat(), at.isoformat(),
             *[(at + timedelta(minutes=90)).isoformat()] * 2)).lastrowid
    event = kiosk.write(lambda conn: append_event(conn, kiosk.station, "printed",
                                                  ticket_id=forged, data={"expect": 5}))
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE tickets SET issue_event = ? WHERE id = ?", (event, forged))
    assert kiosk.read(lambda conn: recent_runs(conn, today)) == []
