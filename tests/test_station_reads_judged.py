"""A station acts only on what the record lets stand: the office's schedule, its desks and
their breaks are read from the judged record, never from the raw rows.

Each attack is made as an insider would: the TV's or a counter's registered key signs a
settings or break row through its own writer, or a share writer changes the table with
plain ``sqlite3`` (no key, no event). The kiosk's paper (the wait band it prints, the break
its tiles say) and the TV's list of desks stay as the office set them; the same change
made by the admin moves them at once (so the observation can fail). Real files, real keys.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from ult_desktop.core.numbering import zone
from ult_desktop.core.schedule import break_text
from ult_desktop.db.house.office import get_settings, set_settings
from ult_desktop.db.queries import queue_snapshot
from ult_desktop.db.record import judged
from ult_desktop.db.record.events import JUDGED_EVENTS, append_event

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _monday_at(db, hour: int) -> tuple[date, datetime]:
    """Next Monday at *hour* office time: a working day, its desks open."""
    tz = zone(get_settings(db, "timezone")["timezone"])
    today = datetime.now(tz).date()
    day = today + timedelta(days=7 - today.weekday())
    return day, datetime.combine(day, time(hour), tz).astimezone(timezone.utc)


def _signed_write(db, sql: str, params: tuple, kind: str = "settings_changed") -> None:
    """What a PC's key signs when its writer is used outside the app's checks."""
    def tx(conn) -> None:
        conn.execute(sql, params)
        append_event(conn, db.station, kind, data={})
    db.write(tx)


_SET = "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET " \
    "value = excluded.value"


def _share_writer(db_path: Path, sql: str, params: tuple) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute(sql, params)


@pytest.mark.parametrize("who", ["tv", "c1", "share"])
def test_a_break_set_by_no_admin_changes_no_kiosk_s_tiles_or_paper(office, db_path, who):
    """The break the kiosk's tiles, its paper and the TV say ("Istirahat 08.00–16.00"),
    and the desks the band counts on, stay as the admin set them."""
    day, now = _monday_at(office["admin"], 9)
    whole_day = json.dumps({"day": day.isoformat(), "span": "08:00-16:00", "reason": "rapat"})
    for key, value in (("planned_pause", whole_day), ("break_daily", json.dumps("08:00-16:00"))):
        if who == "share":
            _share_writer(db_path, _SET, (key, value))
        else:
            _signed_write(office[who], _SET, (key, value))

    for pc in ("kiosk", "tv", "c2"):
        seen = get_settings(office[pc], "break_daily", "planned_pause", "break_friday")
        assert break_text(seen, day) == "", (pc, seen)
    said = judged.set_aside(office["kiosk"])
    assert ("settings", "('planned_pause',)") in said, said  # said, once

    # the same change by the admin moves every kiosk at once (the observation can fail)
    set_settings(office["admin"], planned_pause={"day": day.isoformat(),
                                                 "span": "08:00-16:00", "reason": "rapat"})
    seen = get_settings(office["kiosk"], "break_daily", "planned_pause", "break_friday")
    assert break_text(seen, day) == "Istirahat 08.00–16.00"


@pytest.mark.parametrize("who", ["tv", "share"])
def test_a_desk_s_break_set_by_no_counter_of_that_desk_changes_no_screen(office, db_path, who):
    """A break row for desk 1 written by the TV's key or a share writer: the TV's list and
    the paper still show desk 1 serving."""
    now = datetime.now(timezone.utc)
    row = ("INSERT INTO counter_pauses (counter, reason, note, officer_id, since) "
           "VALUES (1, 'istirahat', '', NULL, ?)", (now.isoformat(),))
    if who == "share":
        _share_writer(db_path, *row)
    else:
        _signed_write(office[who], *row, kind="counter_paused")
    desks = {c["number"]: c for c in queue_snapshot(office["tv"])["counters"]}
    assert desks[1]["paused"] is None, desks[1]
    raw = office["tv"].query("SELECT COUNT(*) FROM counter_pauses")[0][0]
    assert raw == 1  # (the forged row is there, and changes nothing)


def test_a_desk_forged_by_a_share_writer_is_not_shown_and_a_deleted_one_stays(office,
                                                                             db_path):
    _share_writer(db_path, "INSERT INTO counters (number, name, service_ids, "
                  "priority_counter, active) VALUES (9, 'Loket Palsu', '[1]', 0, 1)", ())
    _share_writer(db_path, "DELETE FROM counters WHERE number = 2", ())
    shown = {c["number"] for c in queue_snapshot(office["tv"])["counters"]}
    assert 9 not in shown and 2 in shown, shown
    from ult_desktop.db.queries import read_phone_desks  # the visitors' phone page too
    phone = office["tv"].read(lambda c: read_phone_desks(c, datetime.now(timezone.utc)))
    assert 9 not in phone["counters"] and 2 in phone["counters"], phone["counters"]


def test_the_admin_s_own_schedule_is_read_at_once_and_said_nowhere(office):
    set_settings(office["admin"], break_daily="12:00-13:00")
    kiosk = get_settings(office["kiosk"], "break_daily")
    assert kiosk["break_daily"] == "12:00-13:00"
    assert judged.set_aside(office["kiosk"]) == []


def test_the_morning_check_names_the_rows_no_station_acts_on(office, db_path):
    from ult_desktop.app.selftest.office import set_aside_check

    assert list(set_aside_check(office["admin"])) == []
    _share_writer(db_path, _SET, ("break_daily", json.dumps("08:00-16:00")))
    (line,) = set_aside_check(office["admin"])
    said = line.sentence("id")
    assert line.status == "warn" and "settings ('break_daily',)" in said, said
    assert "tidak ada stasiun yang memakainya" in said


def test_heartbeat_rows_are_believed_only_as_their_station_s_key_signed_them(office,
                                                                            db_path):
    """A share writer's phantom station is waited for by no migration; a station left
    behind stays behind when its row is edited to say it reads the new schema."""
    from ult_desktop.db.house import fleet, stations
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    for name in ("kiosk", "tv"):
        assert stations.heartbeat(office[name])
    target = SCHEMA_VERSION + 1

    def behind() -> set[str]:
        return {s.station for s in fleet.left_behind(fleet.station_versions(office["admin"]),
                                                     target, file_schema=SCHEMA_VERSION)}

    # every registered station: read today's schema (a PC whose row is missing too: its
    # key signed lately)
    everyone = {"admin", "Kiosk 1", "Loket 1", "Loket 2", "Tablet SKM", "TV Ruang Tunggu"}
    assert behind() == everyone
    now = office["admin"].query("SELECT clock FROM stations WHERE id = 'Kiosk 1'")[0][0]
    _share_writer(db_path, "INSERT INTO stations (id, mode, version, clock, detail) VALUES "
                  "('Kiosk 9', 'kiosk', '0.1', ?, '{}')", (now,))
    _share_writer(db_path, "UPDATE stations SET detail = json_set(detail, '$.schema', ?) "
                  "WHERE id = 'TV Ruang Tunggu'", (target,))
    assert behind() == everyone  # no phantom, the TV still behind


def test_a_long_log_is_judged_in_the_background_a_chunk_a_read(office, db_path, monkeypatch):
    """A station opened on a log longer than one read judges (``INLINE_MAX``) reads it in
    the background, a few events a read; once judged, a forged break changes nothing."""
    import time

    from ult_desktop.db.open import open_database

    monkeypatch.setattr(judged, "INLINE_MAX", 5)
    monkeypatch.setattr(judged, "_CHUNK", 3)
    _share_writer(db_path, _SET, ("break_daily", json.dumps("08:00-16:00")))
    top = office["admin"].query("SELECT MAX(id) FROM events")[0][0]
    assert top > 5
    kiosk = open_database(db_path, station="Kiosk 1", mode="kiosk",
                          signer=office["kiosk"].identity.signer)
    try:
        deadline = time.monotonic() + 30
        while (getattr(kiosk.kept_record.get("judged"), "head", 0) < top
               and time.monotonic() < deadline):
            time.sleep(0.05)  # (a condition waited for, bounded)
        assert kiosk.kept_record["judged"].head >= top
        assert get_settings(kiosk, "break_daily")["break_daily"] == ""
    finally:
        kiosk.close()


@pytest.mark.parametrize("who", ["c1", "share"])
def test_a_stand_in_no_admin_recorded_gives_nobody_the_absent_officer_s_work(office, db_path,
                                                                            who):
    """A stand-in row (budi for dewi, the back office) written by a counter's key or a
    share writer: budi's sign-in gets no back-office work; the admin's own stand-in gives
    it at once (the observation can fail)."""
    from ult_desktop.db.house import office as house
    from ult_desktop.db.house.officers import record_standin

    ids = dict(office["admin"].query("SELECT username, id FROM officers"))
    day = office["admin"].read(house.office_today)
    row = ("INSERT INTO standins (absent_id, standin_id, first_day, last_day, created_by, "
           "created_at) VALUES (?, ?, ?, ?, 'admin', ?)",
           (ids["dewi"], ids["budi"], day.isoformat(), day.isoformat(), day.isoformat()))
    if who == "share":
        _share_writer(db_path, *row)
    else:
        _signed_write(office[who], *row, kind="standin_recorded")

    def acting(pc: str) -> list[int]:
        return office[pc].read(lambda c: house.acting_for(c, ids["budi"]))

    assert acting("c2") == [ids["budi"]] and acting("admin") == [ids["budi"]]
    assert ("standins", "(1,)") in judged.set_aside(office["c2"])
    record_standin(office["admin"], absent="dewi", standin="budi", first_day=day,
                   last_day=day, letter_no="800/1", letter_date=day)
    assert acting("c2") == [ids["budi"], ids["dewi"]]


def test_a_pin_lock_deleted_by_a_share_writer_still_locks(office, db_path):
    """Five wrong PINs lock sari; a share writer deleting or backdating the lock row
    unlocks nobody: the right PIN is still refused until the lock ends."""
    from ult_desktop.db.house import pinlock
    from ult_desktop.db.house.office import unlock_pin, verify_pin
    from ult_desktop.db.house.setup import DEMO_PINS

    for _ in range(4):
        assert verify_pin(office["c1"], "sari", "000000") is None
    with pytest.raises(pinlock.PinLocked):
        verify_pin(office["c1"], "sari", "000000")
    with pytest.raises(pinlock.PinLocked):
        verify_pin(office["c1"], "sari", DEMO_PINS["sari"])
    _share_writer(db_path, "DELETE FROM pin_lockouts", ())
    for pc in ("c1", "c2"):
        with pytest.raises(pinlock.PinLocked):
            verify_pin(office[pc], "sari", DEMO_PINS["sari"])
    _share_writer(db_path, "INSERT INTO pin_lockouts (subject, failures, lockouts, "
                  "locked_until) VALUES ('sari', 0, 1, '2000-01-01T00:00:00+00:00')", ())
    with pytest.raises(pinlock.PinLocked):
        verify_pin(office["c2"], "sari", DEMO_PINS["sari"])
    # the admin's unlock, an act, lifts it (the observation can fail)
    assert unlock_pin(office["admin"], username="sari")
    assert verify_pin(office["c2"], "sari", DEMO_PINS["sari"]) is not None


def test_a_step_target_set_by_no_admin_changes_no_case_s_deadline(office, db_path):
    """A share writer's Standar Pelayanan row (the answer due in 90 days) changes no
    desk's deadline; the admin's own value does."""
    from ult_desktop.core.sop import targets
    from ult_desktop.db.visit.handover import read_targets

    before = office["c1"].read(lambda c: read_targets(c, 1))
    assert before == targets({"resolution_days": before["resolution_days"]})
    step = next(iter(before))
    _share_writer(db_path, "INSERT INTO sop_targets (service_id, step, value) VALUES "
                  "(1, ?, 90)", (step,))
    assert office["c1"].read(lambda c: read_targets(c, 1)) == before
    assert office["admin"].query("SELECT value FROM sop_targets WHERE step = ?",
                                 (step,))[0][0] == 90  # (there, and changing nothing)


def test_a_deleted_heartbeat_row_hides_no_station(office, db_path):
    """A share writer deletes the TV's heartbeat row and plants one under a name never
    registered: the admin's list of stations still has the TV, offline, seen last when
    its key last signed; the migration to a newer schema still waits for it; the phantom
    is listed nowhere and waited for by no migration."""
    from ult_desktop.db.house import fleet, stations
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION
    from ult_desktop.ui.admin.stations import OFFLINE, HeartbeatTracker

    for name in ("kiosk", "tv"):
        assert stations.heartbeat(office[name])
    now = office["admin"].query("SELECT clock FROM stations WHERE id = 'Kiosk 1'")[0][0]
    _share_writer(db_path, "DELETE FROM stations WHERE id = 'TV Ruang Tunggu'", ())
    _share_writer(db_path, "INSERT INTO stations (id, mode, version, clock, detail) VALUES "
                  "('Kiosk 9', 'kiosk', '0.1', ?, '{}')", (now,))
    rows = {r["id"]: r for r in stations.list_stations(office["admin"])}
    assert "Kiosk 9" not in rows and "TV Ruang Tunggu" in rows, sorted(rows)
    [tv] = [v for v in HeartbeatTracker().observe([rows["TV Ruang Tunggu"]])]
    assert tv.status == OFFLINE and tv.seen_ago_s is not None and tv.seen_ago_s < 3600, tv
    waits = office["admin"].read(lambda conn: fleet.migration_waits_for(
        conn, SCHEMA_VERSION + 1))
    assert {s.station for s in waits} >= {"TV Ruang Tunggu"} and \
        "Kiosk 9" not in {s.station for s in waits}, waits


def test_judging_a_station_s_start_does_not_walk_the_tickets_log(office, db_path):
    """A station's first judged read costs what the judged acts cost, not the log: months
    of tickets' events between them (on a share, a round trip a page, every other
    station's write waiting on the read) leave the work of judging the office's
    registrations, sign-ins and settings about as it was. Counted in SQLite's own steps
    (its progress handler), on the real file, not in time."""
    def steps_to_judge() -> int:
        raw = sqlite3.connect(db_path)
        count = [0]

        def step() -> int:
            count[0] += 1
            return 0

        raw.set_progress_handler(step, 100)
        try:
            fresh = judged._bring_up_to_date(raw, None, whole=True)
            assert fresh is not None and fresh.authority.first  # judged by the registrations
        finally:
            raw.close()
        return count[0]

    before = steps_to_judge()

    def months_of_tickets(conn) -> None:  # as counter 1's key writes them, chained and signed
        at = datetime(2025, 10, 1, 2, tzinfo=timezone.utc)
        for i in range(6000):
            append_event(conn, "Loket 1", ("called", "finished")[i % 2],
                         ticket_number=f"A-{i // 2 % 150 + 1:03d}", service_prefix="A",
                         counter=1, at=at + timedelta(minutes=i))

    office["c1"].write(months_of_tickets)
    after = steps_to_judge()
    assert after < 2 * before + 50, (before, after)
    # and what the judge lets stand is as it was: the admin's settings, a forged break not
    _share_writer(db_path, _SET, ("break_daily", json.dumps("08:00-16:00")))
    assert get_settings(office["kiosk"], "break_daily")["break_daily"] == ""


def test_the_judged_events_index_names_every_table_and_act_the_judge_plays():
    """The judged events' index is written once by its migration; a table or act the judge
    plays that it does not name would be read by no station (a new one: a new index)."""
    from ult_desktop.core.authority import SIGN_IN
    from ult_desktop.core.hall_acts import SIGN_OUT
    from ult_desktop.core.slips import SLIP_ASKED
    from ult_desktop.core.verifier import KEY_REGISTERED

    where = JUDGED_EVENTS
    for table in judged.JUDGED_TABLES:
        assert f"rows LIKE '%\"{table}\"%'" in where, table
    for kind in (KEY_REGISTERED, SIGN_IN, SIGN_OUT, SLIP_ASKED):
        assert f"'{kind}'" in where, kind


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_ticket_no_act_issued_is_called_by_no_desk_and_shown_nowhere(office, db_path, who):
    """A ticket row a share writer inserts with plain ``sqlite3`` (or one the TV's key
    "issues", which its role may not): a priority visitor at the head of the line, first by
    its time. No desk calls it (counter 1 calls the visitor the kiosk gave a paper), the
    TV's lists and the counts leave it out; the kiosk's next paper is issued as before."""
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket

    kiosk, c1, tv = office["kiosk"], office["c1"], office["tv"]
    honest = issue_ticket(kiosk, service="A")
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    early = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    row = (honest.day, "A", 900, "A-900", "F0000001", service_a, 1, "waiting", "walk_in",
           early, early, "Kiosk 1")
    insert = ("INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, priority, "
              "state, channel, issued_at, sort_at, station) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
    if who == "share":
        _share_writer(db_path, insert, row)
    else:  # the TV's own writer, its key signing the "issued" event
        def forge(conn) -> None:
            tid = conn.execute(insert, row).lastrowid
            append_event(conn, "TV", "issued", ticket_id=tid, ticket_number="A-900",
                         service_prefix="A")
        tv.write(forge)
    snapshot = queue_snapshot(tv)
    shown = {n for s in snapshot["services"] for n in s["next"]}
    assert "A-900" not in shown and honest.number in shown, snapshot["services"]
    waiting_a = next(s for s in snapshot["services"] if s["prefix"] == "A")["waiting"]
    assert waiting_a == 1, snapshot["services"]
    called = call_next(c1, counter=1)
    assert called is not None and called.number == honest.number
    assert call_next(c1, counter=1, instead_of=honest.number) is None  # nobody else waits
    assert issue_ticket(kiosk, service="A").number != "A-900"


def test_a_ticket_no_act_issued_is_taken_found_rated_and_shown_by_no_station(office, db_path):
    """Rows a share writer inserts with plain ``sqlite3``, with codes made as the office
    makes them: a priority visitor sent to Dewi's back-office desk before the honest one,
    a visit finished a moment ago, a visitor called at counter 2. Dewi's list and her
    "take" give the honest visitor only, the counter's scanner and the survey tablet do not
    know the forged codes (and know the honest ones), the TV shows counter 2 free and the
    phone page holds none of them."""
    from ult_desktop.core.numbering import random_part, ticket_code
    from ult_desktop.core.skm import spent_code_hash
    from ult_desktop.db import errors
    from ult_desktop.db.queries import read_phone_day
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.rows import code_salt
    from ult_desktop.db.queue.transfers import transfer
    from ult_desktop.db.survey.skm import survey_ticket
    from ult_desktop.db.visit.handover import read_tickets_for_officer, take_ticket
    from ult_desktop.db.visit.visits import find_code

    kiosk, c1, c2, tv = office["kiosk"], office["c1"], office["c2"], office["tv"]
    dewi = c1.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    sent = issue_ticket(kiosk, service="A")
    assert call_next(c1, counter=1).number == sent.number
    transfer(c1, counter=1, to_officer=dewi)
    served = issue_ticket(kiosk, service="A")
    assert call_next(c1, counter=1).number == served.number
    finish(c1, counter=1)
    salt = c1.read(code_salt)
    service_a = kiosk.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    top = kiosk.query("SELECT MAX(id) FROM tickets")[0][0]
    early = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    now = datetime.now(timezone.utc).isoformat()
    codes = {}
    for n, (state, extra) in enumerate((
            ("transferred", {"target_officer_id": dewi}),
            ("done", {"counter_number": 1, "called_at": now, "serving_at": now,
                      "finished_at": now}),
            ("called", {"counter_number": 2, "called_at": now}))):
        tid = top + 100 + n
        codes[state] = ticket_code(random_part(), tid)
        row = {"id": tid, "day": sent.day, "prefix": "A", "seq": 900 + n,
               "number": f"A-{900 + n}", "code_hash": spent_code_hash(salt, codes[state]),
               "service_id": service_a, "priority": 1, "state": state, "channel": "walk_in",
               "issued_at": early, "sort_at": early, "station": "Kiosk 1", **extra}
        _share_writer(db_path, f"INSERT INTO tickets ({', '.join(row)}) VALUES "
                               f"({', '.join('?' * len(row))})", tuple(row.values()))
    forged = {top + 100, top + 101, top + 102}

    assert [t.number for t in c2.read(lambda conn: read_tickets_for_officer(
        conn, dewi, sent.day))] == [sent.number]
    with pytest.raises(errors.RuleViolation):
        take_ticket(c2, officer_id=dewi, ticket_id=top + 100)
    assert take_ticket(c2, officer_id=dewi)[0].number == sent.number
    with pytest.raises(errors.NotFound):
        find_code(c1, codes["transferred"])
    assert find_code(c1, served.code).ticket.number == served.number
    with pytest.raises(errors.NotFound):
        survey_ticket(office["tablet"], ticket_code=codes["done"])
    assert survey_ticket(office["tablet"], ticket_code=served.code).number == served.number
    desks = {c["number"]: c["ticket"] for c in queue_snapshot(tv)["counters"]}
    assert desks[2] is None, desks
    assert not forged & set(tv.read(read_phone_day)["tickets"])


@pytest.mark.parametrize("who", ["share", "tv"])
def test_a_kiosk_prints_only_what_a_desk_that_may_ask_it_asked(office, db_path, tmp_path, who):
    """A counter's request that the kiosk print a ticket again is printed; the same request
    written by a share writer with plain ``sqlite3`` or signed by the TV's key (a role that
    may not ask) prints nothing and renews no survey code."""
    from ult_desktop.db.queue.desk import request_reprint
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.kiosk import paper

    kiosk, c1, tv = office["kiosk"], office["c1"], office["tv"]
    ticket = issue_ticket(kiosk, service="A")
    folder = tmp_path / "kertas"
    printed = lambda: sorted(folder.glob("*.png")) if folder.is_dir() else []  # noqa: E731
    code = lambda: kiosk.query("SELECT code_hash FROM tickets WHERE id = ?",  # noqa: E731
                               (ticket.id,))[0][0]
    before = code()

    def asked_of(db):  # the newest request, as the kiosk's feed hands it over
        from ult_desktop.db.record.events import event_from_row

        return event_from_row(db.query("SELECT * FROM events WHERE kind = "
                                       "'reprint_requested' ORDER BY id DESC LIMIT 1")[0])
    if who == "share":
        _share_writer(db_path, "INSERT INTO events (kind, ticket_id, ticket_number, station, "
                               "at, data) VALUES ('reprint_requested', ?, ?, 'Loket 1', ?, ?)",
                      (ticket.id, ticket.number, datetime.now(timezone.utc).isoformat(),
                       json.dumps({"station": ticket.station})))
    else:
        tv.write(lambda conn: append_event(
            conn, tv.station, "reprint_requested", ticket_id=ticket.id,
            ticket_number=ticket.number, service_prefix="A", data={"station": ticket.station}))
    outcome = paper.asked(kiosk, asked_of(kiosk), f"virtual://{folder}")
    assert outcome.skipped and printed() == [] and code() == before
    # the counter's own request is printed, with a new code (the observation can fail)
    request_reprint(c1, number=ticket.number)
    outcome = paper.asked(kiosk, asked_of(kiosk), f"virtual://{folder}")
    assert outcome.ok and len(printed()) == 1 and code() != before
