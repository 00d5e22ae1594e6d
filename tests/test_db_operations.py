"""Each queue operation: the state it leaves, the event it writes, the rules it keeps."""

from __future__ import annotations

import pytest

from ult_desktop.core.numbering import code_ticket_id
from ult_desktop.db import errors, queries
from ult_desktop.db.house.office import (
    add_officer,
    get_settings,
    save_service,
    set_settings,
    verify_pin,
)
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    cancel,
    finish,
    recall,
    reclassify_priority,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session
from ult_desktop.db.record.feed import ChangeFeed

#: Every test here runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines


def kinds(db, ticket_id):
    return [r[0] for r in db.query("SELECT kind FROM events WHERE ticket_id = ? ORDER BY id",
                                   (ticket_id,))]


def test_full_visit_writes_one_event_per_step(db):
    t = issue_ticket(db, service="A")
    assert t.number == "A-001" and t.state == "waiting" and code_ticket_id(t.code) == t.id
    called = call_next(db, counter=1)
    assert called.id == t.id and called.state == "called" and called.counter == 1
    assert recall(db, counter=1).state == "called"
    assert start_serving(db, counter=1).state == "serving"
    done = finish(db, counter=1, outcome="answered")
    assert done.state == "done" and done.outcome == "answered" and done.finished_at
    assert kinds(db, t.id) == ["issued", "called", "recalled", "serving", "finished"]


def test_call_next_respects_counter_services_and_priority(db):
    # every counter calls priority first (the demo's own rule, the priority counter,
    # is tests/test_priority_group.py)
    set_settings(db, priority_policy="first_everywhere")
    c = issue_ticket(db, service="C")
    b = issue_ticket(db, service="B")
    p = issue_ticket(db, service="B", priority=True)
    assert p.number == "P-001" and p.priority
    assert call_next(db, counter=1).id == p.id  # priority first
    assert call_next(db, counter=2).id == c.id  # then the oldest it serves
    finish(db, counter=1)
    assert call_next(db, counter=1).id == b.id
    finish(db, counter=1)
    issue_ticket(db, service="C")
    assert call_next(db, counter=1) is None  # counter 1 does not serve C


def test_counter_must_finish_before_calling_again(db):
    issue_ticket(db, service="A")
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    with pytest.raises(errors.RuleViolation) as info:
        call_next(db, counter=1)
    assert "A-001" in str(info.value)


def test_skip_then_recall_later_the_same_day(db):
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    skipped = skip(db, counter=1)
    assert skipped.state == "skipped"
    with pytest.raises(errors.RuleViolation):
        start_serving(db, number="A-001")
    again = recall(db, counter=3, number="A-001")
    assert again.state == "called" and again.counter == 3


def test_transfer_keeps_number_and_place_in_time(db):
    first = issue_ticket(db, service="A")
    later = issue_ticket(db, service="C")
    call_next(db, counter=1)
    moved = transfer(db, counter=1, to_service="C", reason="salah layanan")
    assert moved.number == first.number and moved.service_prefix == "C"
    assert moved.state == "transferred" and moved.sort_at == first.sort_at
    assert moved.transfer_count == 1 and moved.counter is None
    # it was issued before C-001, so it is called before it
    assert call_next(db, counter=2).id == first.id
    finish(db, counter=2)
    assert call_next(db, counter=2).id == later.id


def test_transfer_to_a_counter(db):
    issue_ticket(db, service="B")
    issue_ticket(db, service="B")
    call_next(db, counter=1)
    with pytest.raises(errors.RuleViolation):  # nobody sits at Loket 3: nobody would call her
        transfer(db, counter=1, to_counter=3)
    record_session(db, OFFICER_LOGIN, "rahmat", counter=3, screen="counter")
    transfer(db, counter=1, to_counter=3)
    assert call_next(db, counter=2).number == "B-002"
    assert call_next(db, counter=3).number == "B-001"


def test_reclassify_needs_a_reason_and_reorders(db):
    issue_ticket(db, service="A")
    second = issue_ticket(db, service="A")
    with pytest.raises(errors.RuleViolation):
        reclassify_priority(db, number=second.number, priority=True, reason=" ")
    r = reclassify_priority(db, number=second.number, priority=True,
                                 reason="lansia, tiket biasa")
    assert r.priority and r.number == "A-002"
    assert call_next(db, counter=3).number == "A-002"  # the priority counter
    ev = db.query("SELECT data FROM events WHERE kind = 'reclassified'")[0][0]
    assert "lansia" in ev


def test_cancel_and_invalid_transitions(db):
    issue_ticket(db, service="A")
    assert cancel(db, number="A-001", reason="pulang").state == "cancelled"
    with pytest.raises(errors.RuleViolation) as info:
        cancel(db, number="A-001")
    assert "dibatalkan" in str(info.value)
    with pytest.raises(errors.NotFound):
        skip(db, number="A-099")


def test_finish_escalated_ends_in_escalated_state(db):
    issue_ticket(db, service="B")
    call_next(db, counter=2)
    start_serving(db, counter=2)
    t = finish(db, counter=2, outcome="escalated")
    assert t.state == "escalated" and kinds(db, t.id)[-1] == "escalated"


def test_service_rules_quota_switched_off_and_hours(db):
    save_service(db, prefix="A", daily_quota=1)  # only the field that changes
    assert queries.queue_snapshot(db)["services"][0]["name"] == "Layanan Informasi Umum"
    issue_ticket(db, service="A")
    with pytest.raises(errors.RuleViolation) as info:
        issue_ticket(db, service="A")
    assert "Kuota" in str(info.value)
    save_service(db, prefix="C", active=0)
    with pytest.raises(errors.RuleViolation):
        issue_ticket(db, service="C")
    set_settings(db, enforce_hours=True, open_time="00:00", close_time="00:00")
    with pytest.raises(errors.RuleViolation) as info:
        issue_ticket(db, service="B")
    assert "ditutup" in str(info.value)
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1


def test_waiting_ahead_and_snapshot_have_no_personal_data(db):
    for _ in range(3):
        issue_ticket(db, service="A")
    last = issue_ticket(db, service="A")
    assert queries.waiting_ahead(db, last) == 3
    call_next(db, counter=1)
    snap = queries.queue_snapshot(db)
    a = next(s for s in snap["services"] if s["prefix"] == "A")
    assert a["waiting"] == 3 and a["next"][0] == "A-002"
    assert a["wait_band"] is None  # no visit finished yet: no wait is promised
    assert snap["counters"][0]["ticket"] == "A-001"
    assert snap["last_calls"][0]["ticket"] == "A-001"
    assert queries.get_ticket(db, code=last.code).id == last.id


def test_feed_sees_other_stations_and_own_writes_in_order(db_target):
    display = open_database(db_target, station="display", mode="display")
    kiosk = open_database(db_target, station="kiosk", mode="kiosk")
    feed = ChangeFeed(display)
    assert feed.poll() == []
    issue_ticket(kiosk, service="A")
    issue_ticket(kiosk, service="B")
    seen = feed.poll()
    assert [e.kind for e in seen] == ["issued", "issued"]
    assert [e.ticket_number for e in seen] == ["A-001", "B-001"]
    assert feed.poll() == []  # nothing new: one cheap PRAGMA, no events read
    call_next(display, counter=1)  # own write through the same connection
    assert [e.kind for e in feed.poll()] == ["called"]


def test_officers_pins_and_settings(db):
    assert verify_pin(db, "sari", DEMO_PINS["sari"]).role == "front_office"
    assert verify_pin(db, "sari", "9999") is None
    add_officer(db, username="Tono", name="Tono", role="helpdesk", pin="809374")
    assert verify_pin(db, "tono", "809374").name == "Tono"
    stored = db.query("SELECT pin_hash FROM officers WHERE username = 'tono'")[0][0]
    # stored as a slow KDF hash, never in the clear (a random salt may contain "809374")
    assert stored.startswith("scrypt$") and "809374" not in stored.split("$")[:4]
    set_settings(db, running_text="Halo")
    assert get_settings(db)["running_text"] == "Halo"
    with pytest.raises(errors.RuleViolation):
        set_settings(db, no_such_setting=1)


def test_heartbeat_records_station_mode_version_and_printer(db):
    from ult_desktop import __version__
    from ult_desktop.db.house.stations import heartbeat, list_stations

    heartbeat(db, printer_state="paper_out", seen_event=0)
    heartbeat(db, printer_state="online", seen_event=5)
    stations = list_stations(db)
    assert len(stations) == 1
    row = stations[0]
    assert row["id"] == "test" and row["mode"] == "test" and row["version"] == __version__
    assert row["printer_state"] == "online" and row["seen_event"] == 5 and row["clock"]


def test_service_fields_are_checked(db):
    with pytest.raises(errors.RuleViolation):
        save_service(db, prefix="D", name="X", **{"name) VALUES ('x'); --": 1})
    with pytest.raises(errors.RuleViolation):
        save_service(db, prefix="1", name="Angka")
    with pytest.raises(errors.RuleViolation):
        save_service(db, prefix="D", color="#000000")  # new service without a name
    new_id = save_service(db, prefix="d", name="Perizinan")
    assert save_service(db, prefix="D", color="#000000") == new_id


def test_a_retried_request_returns_its_ticket_instead_of_a_second_one(db):
    first = issue_ticket(db, service="A", request_id="kiosk-1:42")
    again = issue_ticket(db, service="A", request_id="kiosk-1:42")
    assert again.id == first.id and again.number == "A-001"
    other = issue_ticket(db, service="A", request_id="kiosk-1:43")
    assert other.number == "A-002"
    assert issue_ticket(db, service="A").number == "A-003"  # no key: always new
    issued = db.query("SELECT COUNT(*) FROM events WHERE kind = 'issued'")[0][0]
    assert issued == 3


def test_operations_do_not_read_the_logo(db):
    """Queue operations read settings by key: the logo's overflow pages cost a round
    trip each on a share."""
    import base64

    from ult_desktop.db.house.office import read_settings

    set_settings(db, office_logo_png_b64=base64.b64encode(b"x" * 200_000).decode())
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        issue_ticket(db, service="A")
        call_next(db, counter=1)
    finally:
        db.conn.set_trace_callback(None)
    settings_reads = [s for s in seen if "FROM settings" in s]
    assert settings_reads and all("WHERE key IN" in s for s in settings_reads)
    assert get_settings(db)["office_logo_png_b64"]  # the full read still has it
    subset = db.read(lambda conn: read_settings(conn, ("timezone", "open_days")))
    assert subset == {"timezone": "WIB", "open_days": [0, 1, 2, 3, 4]}
