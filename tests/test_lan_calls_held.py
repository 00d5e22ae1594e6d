"""While the file is there, a counter's call also goes out on the LAN naming the record's
act, and the TV shows it before its feed reads the file: spoken once whichever road comes
first, confirmed by the feed, and taken back when the record does not hold it. Real UDP
sockets, a real counter window and TV on one office file; the TV's rules over generated
orders of arrival."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from tests.drivers import WAIT, login
from ult_desktop.app import station_key
from ult_desktop.core.tickets import Event, EventKind
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import find_ticket
from ult_desktop.devices import lan
from ult_desktop.ui.display.model import LAN_IDS, DisplayModel

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)


def feed_call(event_id: int, number: str, counter: int, act: datetime,
              kind: str = EventKind.CALLED) -> Event:
    return Event(id=event_id, kind=kind, at=act, station=f"counter-{counter}",
                 ticket_id=event_id, ticket_number=number, counter=counter,
                 service_prefix=number.split("-")[0], data={})


@st.composite
def arrivals(draw):
    """The record's calls (event ids rising; a number may be called again), which of them
    a counter also said on the LAN (some datagrams twice), calls a key said that the
    record never holds, and one order in which the TV gets all of it: the feed's events
    in their order, each LAN word anywhere (the feed may lag any number of calls)."""
    calls = []
    for i in range(draw(st.integers(1, 12))):
        number = f"{draw(st.sampled_from('AB'))}-{draw(st.integers(1, 6)):03d}"
        calls.append(feed_call(10 + i, number, draw(st.integers(1, 3)),
                               T0 + timedelta(seconds=i, microseconds=draw(st.integers(0, 9))),
                               draw(st.sampled_from([EventKind.CALLED, EventKind.RECALLED]))))
    said = [(c.ticket_number, c.counter, c.at) for c in calls
            for _ in range(draw(st.sampled_from([0, 1, 1, 2])))]
    forged = [(f"C-{900 + i:03d}", draw(st.integers(1, 3)), T0 + timedelta(seconds=100 + i))
              for i in range(draw(st.integers(0, 3)))]
    order: list = [("feed", c) for c in calls]
    for word in said + forged:
        order.insert(draw(st.integers(0, len(order))), ("lan", word))
    return calls, forged, order


def shown(model: DisplayModel) -> list[tuple]:
    return [(c.number, c.counter, c.event_id) for c in model.last_calls]


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(arrivals())
def test_each_call_is_spoken_once_whichever_road_comes_first(qapp, case):
    calls, forged, order = case
    fed, both = DisplayModel(), DisplayModel()
    fed.apply_events(calls)
    spoken: list = []
    both.called.connect(lambda c: spoken.append((c.number, c.counter, c.at)))
    for road, item in order:
        if road == "feed":
            both.apply_events([item])
        else:
            both.apply_held_call(*item, heard_at=0.0)
    record = [(c.ticket_number, c.counter, c.at) for c in calls]
    assert sorted(spoken, key=str) == sorted(record + forged, key=str)  # each once
    assert set(both.unconfirmed) == set(forged)  # the record's all confirmed
    both.withdraw_unconfirmed(heard_before=1.0)  # the feed read past them all
    assert not both.unconfirmed
    assert all(c.event_id < LAN_IDS for c in both.last_calls)  # each one the record's
    if not forged:  # as a TV that only read the feed shows it
        assert shown(both) == shown(fed)
        assert both.counters == fed.counters
    else:  # the forged ones gone; the record's as the feed has them, in its order
        kept = shown(fed)
        assert all(c in kept for c in shown(both))
        assert [kept.index(c) for c in shown(both)] == sorted(kept.index(c)
                                                              for c in shown(both))
        assert all(both.counters.get(c, {}).get("ticket") in (None, fed.counters[c]["ticket"])
                   for c in fed.counters)


def tv_window(db_path, tmp_path, poll_ms: int):
    from ult_desktop.ui.display.window import DisplayWindow

    return DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                         media_dir=tmp_path / "none", poll_ms=poll_ms)


def test_the_tv_shows_an_online_call_from_the_lan_and_the_feed_confirms_it(
        qtbot, make_window, db_path, lan_office, on_this_machine, monkeypatch, tmp_path):
    """A counter calls and recalls with the file there: the TV hears each on the LAN (the
    datagram names the act), speaks each once, and the feed's events take their place."""
    root, keys = lan_office
    monkeypatch.setattr(station_key, "this_pc_key", lambda *a, **k: keys["counter"])
    kiosk = open_database(db_path, station="kiosk", mode="kiosk", signer=keys["kiosk"])
    tv = tv_window(db_path, tmp_path, poll_ms=2000)
    qtbot.addWidget(tv)
    try:
        ticket = issue_ticket(kiosk, service="A")
        qtbot.waitUntil(lambda: tv.lan.root == root and tv.model.loaded, timeout=WAIT)
        spoken, held = [], []
        tv.model.called.connect(lambda c: spoken.append((c.number, c.counter)))
        tv.lan.heard_held.connect(lambda *a: held.append(a))
        w = make_window(station_id="counter-lan")
        login(qtbot, w, "sari", 1)
        qtbot.waitUntil(lambda: w.session.info is not None and w.session.info.root == root,
                        timeout=WAIT)
        qtbot.waitUntil(lambda: w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
        qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
        qtbot.waitUntil(lambda: len(held) == 1, timeout=WAIT)
        called = kiosk.read(lambda conn: find_ticket(conn, ticket.day,
                                                                 ticket.number))
        assert held[0] == (ticket.number, 1, called.called_at)  # the act's own time
        assert tv.model.counters[1]["ticket"] == ticket.number
        qtbot.waitUntil(lambda: not tv.model.unconfirmed, timeout=WAIT)  # the feed's
        assert tv.model.latest.event_id < LAN_IDS
        qtbot.waitUntil(lambda: w.queue.buttons["recall"].isEnabled(), timeout=WAIT)
        qtbot.mouseClick(w.queue.buttons["recall"], Qt.LeftButton)
        qtbot.waitUntil(lambda: len(held) == 2, timeout=WAIT)
        qtbot.waitUntil(lambda: not tv.model.unconfirmed and len(spoken) == 2, timeout=WAIT)
        qtbot.wait(2 * 2000)  # two of the TV's reads more: nothing said a third time
        assert spoken == [(ticket.number, 1)] * 2
    finally:
        tv.shutdown()
        kiosk.close()


def test_a_call_the_record_does_not_hold_is_taken_back(
        qtbot, db_path, lan_office, on_this_machine, monkeypatch, tmp_path):
    """A registered counter key says a call the record never wrote: the TV shows it, and
    once its feed has read on past it, takes it back and shows the counters as the record
    has them. A call naming no act is not believed while the file is there."""
    import ult_desktop.ui.display.window as display

    monkeypatch.setattr(display, "CONFIRM_S", 1.0)
    root, keys = lan_office
    tv = tv_window(db_path, tmp_path, poll_ms=100)
    qtbot.addWidget(tv)
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root and tv.model.loaded, timeout=WAIT)
        ignored = []
        tv.lan.ignored.connect(ignored.append)
        lan.send(lan.signed_call(keys["counter"], number="B-050", counter=2, office=root))
        stale = datetime.now(timezone.utc) - timedelta(minutes=10)  # a replay, or no news
        lan.send(lan.signed_call(keys["counter"], number="B-052", counter=2, office=root,
                                 act=stale))
        qtbot.waitUntil(lambda: ignored == ["file_there"] * 2, timeout=WAIT)
        lan.send(lan.signed_call(keys["counter"], number="B-051", counter=2, office=root,
                                 act=datetime.now(timezone.utc)))
        qtbot.waitUntil(lambda: tv.model.counters.get(2, {}).get("ticket") == "B-051",
                        timeout=WAIT)
        shown_at = time.monotonic()
        qtbot.waitUntil(lambda: tv.model.counters[2]["ticket"] is None and
                        not tv.model.last_calls, timeout=WAIT)
        assert time.monotonic() - shown_at >= 0.5  # shown until the feed had its chance
    finally:
        tv.shutdown()
