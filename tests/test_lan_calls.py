"""The TV hears a counter's calls on the LAN while the shared file is away (issue #33
item 2): real UDP sockets on this machine, keys registered in a real office file; only a
registered key whose role may call is believed."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, admin_pc, login
from ult_desktop.app import station_key
from ult_desktop.db.engine import Database
from ult_desktop.db.record import audit
from ult_desktop.devices import lan
from ult_desktop.ui.common.station import UNAVAILABLE


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def on_this_machine(monkeypatch):
    monkeypatch.setenv("ULT_LAN_PORT", str(free_port()))
    monkeypatch.setenv("ULT_LAN_TARGETS", "127.0.0.1")


@pytest.fixture
def office(db_path, tmp_path):
    """The admin PC (the root), a registered counter PC and a registered kiosk PC."""
    admin, root = admin_pc(str(db_path), tmp_path / "admin-key")
    keys = {}
    for name, role in (("counter", "counter"), ("kiosk", "kiosk")):
        db = Database.open(db_path, station=name, mode=role)
        key = station_key.create_key(tmp_path / f"{name}-key")[0]
        db.set_signer(key)
        audit.request_registration(db, label=name)
        audit.approve_key(admin, key.key_id, role=role)
        db.close()
        keys[role] = key
    admin.close()
    return root.key_id, keys


def trust(db_path):
    db = Database.open(db_path, station="tv", mode="display")
    try:
        return db.read(audit.lan_trust)
    finally:
        db.close()


def test_only_a_registered_counter_key_is_believed(db_path, office):
    root, keys = office
    office_root, registered = trust(db_path)
    assert office_root == root and registered[keys["counter"].key_id][1] == "counter"
    call = lan.signed_call(keys["counter"], number="A-007", counter=2, office=root)
    seen: set[str] = set()
    assert lan.heard(call, registered, office=root, seen=seen)["number"] == "A-007"
    assert lan.heard(call, registered, office=root, seen=seen) is None  # heard once
    kiosk = lan.signed_call(keys["kiosk"], number="A-008", counter=2, office=root)
    assert lan.heard(kiosk, registered, office=root) is None  # a kiosk may not call
    phone = station_key.create_key(db_path.parent / "phone")[0]  # nobody registered it
    assert lan.heard(lan.signed_call(phone, number="A-009", counter=1, office=root),
                     registered, office=root) is None
    forged = call.replace(b'"A-007"', b'"A-099"')
    assert lan.heard(forged, registered, office=root) is None
    other = lan.signed_call(keys["counter"], number="A-007", counter=2, office="another")
    assert lan.heard(other, registered, office=root) is None
    old = lan.signed_call(keys["counter"], number="A-007", counter=2, office=root,
                          now=datetime.now(timezone.utc) - timedelta(hours=1))
    assert lan.heard(old, registered, office=root) is None


def test_a_datagram_crosses_real_sockets(on_this_machine):
    got: list[bytes] = []
    arrived = threading.Event()
    listener = lan.Listener(lambda data: (got.append(data), arrived.set()), bind="127.0.0.1")
    try:
        lan.send(b"hello")
        assert arrived.wait(5) and got == [b"hello"]
    finally:
        listener.stop()


def test_the_tv_shows_a_call_made_while_the_file_is_away(qtbot, db_path, office,
                                                           on_this_machine, tmp_path):
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office
    tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                       media_dir=tmp_path / "none", poll_ms=100)
    qtbot.addWidget(tv)
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root, timeout=WAIT)
        spoken = []
        tv.model.called.connect(spoken.append)
        lan.send(lan.signed_call(keys["kiosk"], number="B-001", counter=1, office=root))
        lan.send(lan.signed_call(keys["counter"], number="B-002", counter=3, office=root))
        qtbot.waitUntil(lambda: bool(spoken), timeout=WAIT)
        assert [(c.number, c.counter) for c in spoken] == [("B-002", 3)]
        assert tv.model.latest.number == "B-002"
    finally:
        tv.shutdown()


def test_the_counter_says_its_offline_call_on_the_lan(qtbot, make_window, db_path, office,
                                                      on_this_machine, monkeypatch, tmp_path):
    root, keys = office
    monkeypatch.setattr(station_key, "this_pc_key", lambda *a, **k: keys["counter"])
    got: list[bytes] = []
    listener = lan.Listener(got.append, bind="127.0.0.1")
    try:
        w = make_window(station_id="counter-lan")
        login(qtbot, w, "sari", 1)
        qtbot.waitUntil(lambda: w.session.info is not None and w.session.info.root == root,
                        timeout=WAIT)
        w.session.station.connection_changed.emit(UNAVAILABLE, "")
        qtbot.keyClicks(w.offline.number, "a-3")
        qtbot.mouseClick(w.offline.buttons["call"], Qt.LeftButton)
        qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
        message = lan.heard(got[0], trust(db_path)[1], office=root)
        assert (message["number"], message["counter"]) == ("A-003", 1)
    finally:
        listener.stop()
