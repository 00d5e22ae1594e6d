"""The TV hears a counter's calls on the LAN while the shared file is away: real
UDP sockets on this machine, keys registered in a real office file; only a
registered key whose role may call is believed."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT, admin_pc, login, register_stations
from ult_desktop.app import station_key
from ult_desktop.core import verifier
from ult_desktop.db.open import open_database
from ult_desktop.db.record import station_keys
from ult_desktop.devices import lan
from ult_desktop.ui.common.station import UNAVAILABLE

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(lan_office):
    """The admin PC (the root), a registered counter PC and a registered kiosk PC."""
    return lan_office


def trust(db_path):
    db = open_database(db_path, station="tv", mode="display")
    try:
        return db.read(station_keys.lan_trust)
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


def test_a_datagram_crosses_real_sockets_three_times(on_this_machine):
    got: list[bytes] = []
    arrived = threading.Event()
    listener = lan.Listener(lambda data: (got.append(data), len(got) == 3 and arrived.set()),
                            bind="127.0.0.1")
    try:
        lan.send(b"hello").join(5)
        assert arrived.wait(5) and got == [b"hello"] * 3  # Wi-Fi drops some: sent 3 times
    finally:
        listener.stop()


class _Flaky:
    """The listener's real socket, whose next receive fails as Windows' does when a
    datagram is larger than the buffer (WinError 10040)."""

    def __init__(self, sock):
        self.sock, self.failed = sock, False

    def recvfrom(self, size):
        if not self.failed:
            self.failed = True
            raise OSError(10040, "A message sent on a datagram socket was larger than the "
                                 "internal message buffer")
        return self.sock.recvfrom(size)

    def close(self):
        self.sock.close()


def test_a_malformed_datagram_is_logged_and_ignored(caplog):
    caplog.set_level(logging.INFO, logger="ult_desktop.devices.lan")
    for garbage in (b"\xff\x00{not json", b"[1, 2]", b'{"key": 1}'):
        assert lan.heard(garbage, {}, office="root") is None
    assert caplog.text.count("not an office call") == 3


def test_no_datagram_stops_the_listener(on_this_machine, caplog):
    got: list[bytes] = []
    good = threading.Event()
    listener = lan.Listener(lambda data: (got.append(data), data == b"good" and good.set()),
                            bind="127.0.0.1")
    caplog.set_level(logging.WARNING, logger="ult_desktop.devices.lan")
    try:
        listener._sock = _Flaky(listener._sock)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
            for data in (b"x" * 5000, b"\xff\x00{not json", b"good"):
                out.sendto(data, ("127.0.0.1", lan.port()))
        assert good.wait(5), "the listener stopped"
        assert got == [b"\xff\x00{not json", b"good"]  # the 5 KB one is not read
        text = caplog.text
        assert "10040" in text and "5000 bytes" in text
    finally:
        listener.stop()


def test_no_other_program_binds_the_tvs_port_beside_it(on_this_machine):
    """Another program asking for the TV's port (with SO_REUSEADDR, as a sniffer would)
    is refused while the TV listens: it can neither hear the calls nor answer them."""
    listener = lan.Listener(lambda _data: None)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
            other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            with pytest.raises(OSError):
                other.bind(("", lan.port()))
    finally:
        listener.stop()


def test_calls_go_to_every_adapters_broadcast_address():
    found = [("127.0.0.1", 8), ("192.168.1.23", 24), ("10.8.0.5", "255.255.0.0"),
             ("192.168.1.40", "255.255.255.0"), ("0.0.0.0", "0.0.0.0"),
             ("172.16.5.9", 32), ("169.254.7.7", 16), ("not an address", 24)]
    assert lan.broadcast_addresses(found) == [
        "192.168.1.255", "10.8.255.255", "169.254.255.255", "255.255.255.255"]
    assert lan.broadcast_addresses([]) == ["255.255.255.255"]


def test_this_machines_adapters_are_read():
    found = lan.interfaces()
    assert all(isinstance(address, str) for address, _mask in found)
    assert lan.targets()[-1] == "255.255.255.255"


def test_the_tv_shows_a_call_made_while_the_file_is_away(qtbot, db_path, office,
                                                           on_this_machine, tmp_path):
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office
    tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                       media_dir=tmp_path / "none", poll_ms=100)
    qtbot.addWidget(tv)
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root, timeout=WAIT)
        spoken, arrived = [], []
        tv.model.called.connect(spoken.append)
        tv.lan._datagram.handed.connect(arrived.append)
        tv.station.connection_changed.emit(UNAVAILABLE, "")  # the file goes away
        lan.send(lan.signed_call(keys["kiosk"], number="B-001", counter=1, office=root))
        lan.send(lan.signed_call(keys["counter"], number="B-002", counter=3, office=root))
        qtbot.waitUntil(lambda: len(arrived) == 6, timeout=WAIT)  # each one sent 3 times
        qtbot.waitUntil(lambda: bool(spoken), timeout=WAIT)
        qtbot.wait(200)  # the GUI thread judges what arrived; nothing more is said
        assert [(c.number, c.counter) for c in spoken] == [("B-002", 3)]  # said once
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


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)
def test_a_planted_key_row_and_registration_are_not_believed(db_target, tmp_path):
    """Write access to the share, no key: a ``station_keys`` row and a registration event
    that name a laptop's key as a counter, under the admin PC's key id. The chain never
    verified it: the TV does not speak the laptop's calls. A TV given another root trusts
    nothing of this file."""
    from ult_desktop.core.chain import GENESIS, LINK_BYTES

    admin, root = admin_pc(db_target, tmp_path / "admin-key")
    laptop = station_key.create_key(tmp_path / "laptop")[0]

    def plant(conn) -> None:
        last = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()[0]
        data = json.dumps({"key": laptop.key_id, "public_key": laptop.public_key.hex(),
                           "label": "Loket 9", "admin_station": False, "role": "counter"})
        cur = conn.execute(
            "INSERT INTO events (kind, station, at, data, actor, station_key, prev_link, "
            "key_link, hash, sig) VALUES (?, 'Admin', ?, ?, 'admin', ?, ?, ?, ?, ?) "
            "RETURNING id", (verifier.KEY_REGISTERED, datetime.now(timezone.utc).isoformat(), data,
                             root.key_id, bytes(last)[:LINK_BYTES], GENESIS[:LINK_BYTES],
                             b"\x01" * 32, b"\x02" * 64))
        event_id = cur.fetchone()[0]
        conn.execute("INSERT INTO station_keys (key_id, public_key, label, state, "
                     "requested_at, event_id) VALUES (?, ?, 'Loket 9', 'registered', ?, ?)",
                     (laptop.key_id, bytes(laptop.public_key),
                      datetime.now(timezone.utc).isoformat(), event_id))

    admin.capture_rows = False  # a raw write: no images, as plain sqlite3 would
    admin.write(plant)
    tv = open_database(db_target, station="tv", mode="display")
    try:
        office_root, keys = tv.read(station_keys.lan_trust)
        assert office_root == root.key_id and keys[root.key_id][1] == "admin"
        assert laptop.key_id not in keys
        call = lan.signed_call(laptop, number="A-077", counter=77, office=root.key_id)
        assert lan.heard(call, keys, office=root.key_id) is None
        assert tv.read(lambda conn: station_keys.lan_trust(conn, "0123456789abcdef")) == (None, {})
    finally:
        tv.close()
        admin.close()


def test_the_tv_hears_only_this_offices_calls_while_the_file_is_away_and_records_them(
        qtbot, db_path, office, on_this_machine, tmp_path):
    """While the file is there its feed says the calls: the LAN is not heard. Away, a
    call for counter 77 (not this office's) or dated ahead is refused; what the TV spoke
    is recorded in the file, signed, when the file is back."""
    import json as _json

    from ult_desktop.ui.common.station import OK
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office
    tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                       media_dir=tmp_path / "none", poll_ms=100)
    qtbot.addWidget(tv)
    db = open_database(db_path, station="check", mode="test")
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root, timeout=WAIT)
        spoken = []
        tv.model.called.connect(spoken.append)
        counter = keys["counter"]
        with qtbot.waitSignal(tv.lan.ignored, timeout=WAIT) as there:  # the file is there
            lan.send(lan.signed_call(counter, number="B-010", counter=2, office=root))
        assert there.args == ["file_there"]
        tv.station.connection_changed.emit(UNAVAILABLE, "")
        lan.send(lan.signed_call(counter, number="B-011", counter=77, office=root))
        lan.send(lan.signed_call(counter, number="B-012", counter=2, office=root,
                                 now=datetime.now(timezone.utc) + timedelta(minutes=10)))
        lan.send(lan.signed_call(counter, number="Z-013", counter=2, office=root))
        lan.send(lan.signed_call(counter, number="B-014", counter=2, office=root))
        qtbot.waitUntil(lambda: bool(spoken), timeout=WAIT)
        assert [(c.number, c.counter) for c in spoken] == [("B-014", 2)]
        tv.station.connection_changed.emit(OK, "")  # the file is back

        def recorded():
            rows = db.query("SELECT data FROM events WHERE kind = 'lan_calls_spoken'")
            return [_json.loads(r[0]) for r in rows]

        qtbot.waitUntil(lambda: bool(recorded()), timeout=WAIT)
        [data] = recorded()
        assert [(c["number"], c["counter"], c["key"]) for c in data["calls"]] == [
            ("B-014", 2, counter.key_id)]
    finally:
        db.close()
        tv.shutdown()


def test_a_restarted_tv_does_not_speak_a_replayed_call(qtbot, db_path, office,
                                                      on_this_machine, tmp_path):
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office
    call = lan.signed_call(keys["counter"], number="B-020", counter=2, office=root)
    fresh = lan.signed_call(keys["counter"], number="B-021", counter=2, office=root)
    for attempt, sent in ((1, [call]), (2, [call, fresh])):  # the TV restarted between
        tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                           media_dir=tmp_path / "none", poll_ms=100)
        qtbot.addWidget(tv)
        try:
            # connected first (a TV restarted knows the root from its disk at once; the
            # file's own "connected" must not come after the outage the test makes)
            qtbot.waitUntil(lambda tv=tv: tv.lan.root == root and tv.model.loaded,
                            timeout=WAIT)
            spoken = []
            tv.model.called.connect(spoken.append)
            tv.station.connection_changed.emit(UNAVAILABLE, "")
            for data in sent:
                lan.send(data)
            qtbot.waitUntil(lambda spoken=spoken: bool(spoken), timeout=WAIT)
            assert [c.number for c in spoken] == (["B-020"] if attempt == 1 else ["B-021"])
        finally:
            tv.shutdown()


def test_a_tv_started_while_the_file_is_away_believes_what_it_kept(qtbot, db_path, office,
                                                                   on_this_machine,
                                                                   tmp_path):
    """The TV keeps what the file said at its last clean read (the verified keys, the
    counters and prefixes) on its own disk: restarted while the share is away, it still
    speaks a registered counter's call."""
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office

    def open_tv():
        tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                           media_dir=tmp_path / "none", poll_ms=100)
        qtbot.addWidget(tv)
        return tv

    tv = open_tv()
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root, timeout=WAIT)
    finally:
        tv.shutdown()
    away = db_path.with_name("away.db")
    db_path.rename(away)  # the share is gone
    tv = open_tv()
    try:
        assert tv.lan.root == root  # from its own disk, before any read of the file
        qtbot.waitUntil(lambda: tv.lan.away, timeout=WAIT)
        spoken = []
        tv.model.called.connect(spoken.append)
        lan.send(lan.signed_call(keys["counter"], number="C-005", counter=3, office=root))
        qtbot.waitUntil(lambda: bool(spoken), timeout=WAIT)
        assert [(c.number, c.counter) for c in spoken] == [("C-005", 3)]
    finally:
        tv.shutdown()
        away.rename(db_path)


def test_a_counter_started_while_the_file_is_away_still_calls_on_the_lan(
        qtbot, db_path, office, on_this_machine, monkeypatch, tmp_path):
    """A counter PC restarted during the outage never read the office from the file: its
    calls carry the root this PC pinned at setup, and the TV believes them."""
    from ult_desktop.app import trust_memory
    from ult_desktop.ui.counter.window import CounterWindow

    root, keys = office
    monkeypatch.setattr(station_key, "this_pc_key", lambda *a, **k: keys["counter"])
    # this PC's memory of its own (the tests' offices are copies of one demo file: a root
    # pinned in the shared one would make the next test's stations refuse to write)
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    memory = trust_memory.load(db_path)
    memory.root = root  # pinned at setup (the admin PC's fingerprint)
    trust_memory.save(memory)
    believed = trust(db_path)[1]
    away = db_path.with_name("away.db")
    db_path.rename(away)  # the share is gone before the counter starts
    got: list[bytes] = []
    listener = lan.Listener(got.append, bind="127.0.0.1")
    w = CounterWindow(db_path, station_id="counter-restarted", counter=2, poll_ms=50,
                      data_dir=tmp_path / "drafts")
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: not w.session.online and not w.offline.isHidden(), timeout=WAIT)
        assert w.session.info is None  # nothing read from the file
        qtbot.keyClicks(w.offline.number, "b-7")
        qtbot.mouseClick(w.offline.buttons["call"], Qt.LeftButton)

        def calls() -> list[tuple]:  # what the TV would believe of what reached the port
            return [(m["number"], m["counter"]) for m in
                    (lan.heard(d, believed, office=root) for d in list(got)) if m]
        qtbot.waitUntil(lambda: bool(calls()), timeout=WAIT)
        assert calls()[0] == ("B-007", 2)
    finally:
        listener.stop()
        w.close()
        w.session.station.close()
        away.rename(db_path)


def test_a_counter_with_no_root_says_the_tv_did_not_hear_its_call(
        qtbot, db_path, office, on_this_machine, monkeypatch, tmp_path):
    from ult_desktop.ui.counter.window import CounterWindow

    _root, keys = office
    monkeypatch.setattr(station_key, "this_pc_key", lambda *a, **k: keys["counter"])
    away = db_path.with_name("away.db")
    db_path.rename(away)
    w = CounterWindow(db_path, station_id="counter-unpinned", counter=2, poll_ms=50,
                      data_dir=tmp_path / "drafts")
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: not w.session.online and not w.offline.isHidden(), timeout=WAIT)
        qtbot.keyClicks(w.offline.number, "b-8")
        qtbot.mouseClick(w.offline.buttons["call"], Qt.LeftButton)
        qtbot.waitUntil(lambda: "TV tidak menerima" in w.status.label.text(), timeout=WAIT)
        assert "B-008" in w.status.label.text()
    finally:
        w.close()
        w.session.station.close()
        away.rename(db_path)


def _forged_call(key, number: str, counter: int, office: str) -> bytes:
    """A call signed by a registered counter's key whose number is whatever the key's
    holder typed (an insider at that PC: ``signed_call`` itself refuses such a number)."""
    import secrets

    message = {"v": 1, "kind": "called", "number": number, "counter": counter,
               "office": office, "key": key.key_id, "nonce": secrets.token_hex(8),
               "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    message["sig"] = key.sign(lan._body(message)).hex()
    return json.dumps(message, separators=(",", ":")).encode("utf-8")


def test_a_signed_call_carrying_free_text_is_neither_shown_nor_spoken(
        qtbot, db_path, office, on_this_machine, tmp_path):
    """While the share is away, a registered counter's key signs calls whose number is a
    sentence after the prefix, or not written as the office writes numbers: the TV shows
    and says none of them; the office's own number form is heard."""
    from ult_desktop.ui.display.window import DisplayWindow

    root, keys = office
    with pytest.raises(ValueError):
        lan.signed_call(keys["counter"], number="A-SILAKAN PULANG", counter=2, office=root)
    tv = DisplayWindow(db_path, station_id="tv", announce=False, tts=False,
                       media_dir=tmp_path / "none", poll_ms=100)
    qtbot.addWidget(tv)
    try:
        qtbot.waitUntil(lambda: tv.lan.root == root and tv.model.loaded, timeout=WAIT)
        spoken = []
        tv.model.called.connect(spoken.append)
        tv.station.connection_changed.emit(UNAVAILABLE, "")
        for number in ("A-SILAKAN PULANG, LAYANAN DITUTUP", "A-<b>7</b>", "A-0007", "A-000",
                       "A-12345", "a-007", "A-7 ", "Ａ-007"):
            lan.send(_forged_call(keys["counter"], number, 2, root))
        lan.send(lan.signed_call(keys["counter"], number="B-015", counter=2, office=root))
        qtbot.waitUntil(lambda: bool(spoken), timeout=WAIT)
        qtbot.wait(300)
        assert [c.number for c in spoken] == ["B-015"]
        assert tv.model.latest.number == "B-015"
    finally:
        tv.shutdown()


def test_a_counter_serving_the_phone_page_shows_a_lan_call_while_the_file_is_away(
        qtbot, slow_share, _demo_template, tmp_path, on_this_machine):
    """The admin named a counter PC to serve the visitors' page: while the share is away,
    another counter's signed call heard on the LAN is on the visitor's phone, as on the
    TV (before, only the TV's ear fed the page)."""
    import shutil

    from tests.drivers import _open_counter, free_tcp_port, phone_answer
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.queue.numbers import issue_ticket

    path = slow_share.path / "office.db"
    shutil.copyfile(_demo_template, path)
    admin, keys = register_stations(path, tmp_path, (("loket-2", "counter"),
                                                     ("loket-telepon", "counter")))
    root = admin.read(station_keys.lan_trust)[0]
    ticket = issue_ticket(admin, service="B")
    port = free_tcp_port()
    set_settings(admin, phone_address="127.0.0.1", phone_port=port,
                 phone_station="loket-telepon")
    admin.close()

    # (its key registered: the survey-code key it checks visitors' codes with is sealed)
    w = _open_counter(qtbot, path, station_id="loket-telepon", data_dir=tmp_path / "data",
                      signer=keys["loket-telepon"])
    duty = w.pc.phone
    qtbot.waitUntil(lambda: duty.ear is not None and duty.ear.root == root, timeout=WAIT)
    assert phone_answer(port, ticket.code)["status"] == "waiting"
    slow_share.outage("EIO")
    try:
        asked = iter(range(10, 10**6))

        def said() -> dict:  # the page's own process, asked from many addresses: no limit
            return phone_answer(port, ticket.code, source=f"127.0.{next(asked) % 250}.9")

        qtbot.waitUntil(lambda: duty.ear.away and bool(said()["unsure"]), timeout=WAIT)
        lan.send(lan.signed_call(keys["loket-2"], number=ticket.number, counter=2,
                                 office=root))
        qtbot.waitUntil(lambda: said()["status"] == "called", timeout=WAIT)
        answer = phone_answer(port, ticket.code)  # and on the phone, over HTTP
        assert (answer["status"], answer["counter"]) == ("called", 2) and answer["unsure"]
    finally:
        slow_share.restore()


def test_a_counter_naming_the_share_by_a_mapped_drive_calls_with_the_root_pinned_by_unc(
        db_path, office, on_this_machine, monkeypatch, tmp_path):
    """This PC pinned the office's root for ``\\\\server\\ult\\ult.db``; its counter's station
    file says ``Z:\\ult.db`` (Z: mapped to that share). Restarted while the share is away,
    its calls still carry the root: one file, however spelled (Windows' mapping call
    replaced here, the rest real: the memory file, the signed datagram)."""
    from ult_desktop.app import trust_memory
    from ult_desktop.ui.counter.jobs import lan_call

    root, keys = office
    monkeypatch.setattr(station_key, "this_pc_key", lambda *a, **k: keys["counter"])
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    monkeypatch.setattr(trust_memory, "drive_unc",
                        lambda drive: r"\\server\ult" if drive.upper() == "Z:" else None)
    memory = trust_memory.load(r"\\server\ult\ult.db")
    memory.root = root
    trust_memory.save(memory)
    assert trust_memory.file_id(r"z:\ult.db") == trust_memory.file_id(r"\\server\ult\ult.db")
    got: list[bytes] = []
    listener = lan.Listener(got.append, bind="127.0.0.1")
    try:
        assert lan_call("B-009", 2, None, r"Z:\ult.db")
        believed = trust(db_path)[1]
        deadline = time.monotonic() + 5
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        heard = [lan.heard(d, believed, office=root) for d in got]
        assert heard and heard[0]["number"] == "B-009"
    finally:
        listener.stop()
    monkeypatch.setattr(trust_memory, "drive_unc", lambda drive: None)  # a local drive
    assert not lan_call("B-010", 2, None, r"Y:\ult.db")  # nothing pinned for it
