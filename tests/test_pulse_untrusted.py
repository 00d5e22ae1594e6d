"""A pulse file is untrusted input: anyone who may write the share may write one. Only a
regular file of bounded size is read, each field is checked, printer words come from the
catalogue, and in an office with a root of trust a pulse is believed only when signed by
the key the record registered for that station (app/pulse.py). Real files, real keys in
a real office file, a real FIFO and a real link to an endless device."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from tests.drivers import WAIT, login, register_stations
from ult_desktop.app import pulse
from ult_desktop.app.pulse import Pulse, PulseJudge, pulse_dir, read_file, read_pulses
from ult_desktop.db.record.station_keys import registered_keys

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(db_path, tmp_path):
    """An office with a root of trust, a registered TV (``tv-lobi``) and kiosk
    (``kiosk-pintu``); returns ``{station: key}`` and the keys as readers see them."""
    admin, keys = register_stations(db_path, tmp_path,
                                    (("tv-lobi", "display"), ("kiosk-pintu", "kiosk")))
    registered = admin.read(registered_keys)
    admin.close()
    assert set(registered) >= {"tv-lobi", "kiosk-pintu"}
    return keys, registered


def _write(db_path, station: str, data: dict | bytes) -> None:
    folder = pulse_dir(db_path)
    folder.mkdir(exist_ok=True)
    (folder / f"{station}.json").write_bytes(
        data if isinstance(data, bytes) else json.dumps(data).encode())


def _signed(db_path, station: str, key, mode: str, **extra) -> bytes:
    """What *station*'s pulse signed with *key* says now (written by the test)."""
    beat = Pulse("server://none", station, mode, signer=key)  # no folder: no thread
    beat.info.update(extra)
    return beat.content()


def test_only_the_registered_key_of_a_station_makes_its_pulse_believed(db_path, office):
    keys, registered = office
    _write(db_path, "tv-lobi", _signed(db_path, "tv-lobi", keys["tv-lobi"], "display"))
    # the kiosk's own key signing for the TV, and an unsigned pulse: nothing believed
    _write(db_path, "kiosk-pintu", _signed(db_path, "kiosk-pintu", keys["tv-lobi"], "kiosk"))
    _write(db_path, "tv-aula", {"mode": "display", "at": time.time()})  # no registration
    read = read_pulses(pulse_dir(db_path), registered)
    assert read["tv-lobi"]["mode"] == "display"
    assert read["kiosk-pintu"] is None
    assert "tv-aula" not in read


def test_a_share_writer_cannot_put_any_printer_text_on_every_counters_strip(
        qtbot, db_path, office, station_window):
    """Free text in the printer field is never shown; an unsigned pulse saying "paper
    out" is not believed either; the kiosk's own signed word is shown, in the catalogue's
    words."""
    keys, _registered = office
    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    _write(db_path, "kiosk-pintu", {"mode": "kiosk", "at": time.time(),
                                    "printer": "SILAKAN PULANG, LAYANAN DITUTUP"})

    def text() -> str:
        one.help.watch.look()
        return one.help.label.text() if not one.help.isHidden() else ""

    qtbot.waitUntil(lambda: one.help.watch.judge.seen.get("kiosk-pintu") is not None,
                    timeout=WAIT)
    for _ in range(3):
        _write(db_path, "kiosk-pintu", {"mode": "kiosk", "at": time.time(),
                                        "printer": "paper_out"})
        qtbot.wait(300)
        assert "SILAKAN" not in text() and "kertas habis" not in text()
    _write(db_path, "kiosk-pintu", _signed(db_path, "kiosk-pintu", keys["kiosk-pintu"],
                                           "kiosk", printer="SILAKAN PULANG"))
    qtbot.wait(300)
    assert "SILAKAN" not in text()
    _write(db_path, "kiosk-pintu", _signed(db_path, "kiosk-pintu", keys["kiosk-pintu"],
                                           "kiosk", printer="paper_out"))
    qtbot.waitUntil(lambda: "kiosk-pintu" in text() and "kertas habis" in text(),
                    timeout=WAIT)
    assert "SILAKAN" not in text()


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_dead_tv_is_not_kept_alive_by_a_share_writer(db_path, office):
    """The TV's last signed pulses copied back in turn, or unsigned ones with a fresh
    time: the TV stopped, and is named so."""
    keys, registered = office
    clock = Clock()
    judge = PulseJudge(monotonic=clock)
    folder = pulse_dir(db_path)
    written = []
    for _ in range(2):  # the TV alive: two pulses, a second apart
        written.append(_signed(db_path, "tv-lobi", keys["tv-lobi"], "display"))
        _write(db_path, "tv-lobi", written[-1])
        assert judge.judge(read_pulses(folder, registered)) == {}
        clock.t += 1
        time.sleep(0.02)
    assert judge.alive == {"tv-lobi"}
    for n in range(8):  # the TV killed; the writer keeps its file moving
        _write(db_path, "tv-lobi", written[n % 2] if n % 3 else
               {"mode": "display", "at": time.time(), "frame_at": time.time()})
        clock.t += 0.5
        trouble = judge.judge(read_pulses(folder, registered))
    assert trouble["tv-lobi"][:2] == ("display", "stopped")
    assert "tv-lobi" not in judge.alive


def test_a_stopped_station_is_not_hidden_by_deleting_its_pulse(db_path, office):
    keys, registered = office
    judge = PulseJudge()
    folder = pulse_dir(db_path)
    _write(db_path, "kiosk-pintu", _signed(db_path, "kiosk-pintu", keys["kiosk-pintu"], "kiosk"))
    assert judge.judge(read_pulses(folder, registered)) == {}
    (folder / "kiosk-pintu.json").unlink()
    assert judge.judge(read_pulses(folder, registered))["kiosk-pintu"][:2] == (
        "kiosk", "missing")
    time.sleep(0.02)  # its pulses are a second apart
    _write(db_path, "kiosk-pintu", _signed(db_path, "kiosk-pintu", keys["kiosk-pintu"],
                                           "kiosk", closed=True))
    assert judge.judge(read_pulses(folder, registered)) == {}  # closed on purpose
    (folder / "kiosk-pintu.json").unlink()
    assert judge.judge(read_pulses(folder, registered)) == {}  # then removed: forgotten


def _in_thread(fn, *args, timeout: float = 5.0):
    out: list = []
    worker = threading.Thread(target=lambda: out.append(fn(*args)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"{fn.__name__} still reading after {timeout} s"
    return out[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_pulse_never_stops_the_watch(db_path, office):
    keys, registered = office
    _write(db_path, "tv-lobi", _signed(db_path, "tv-lobi", keys["tv-lobi"], "display"))
    os.mkfifo(pulse_dir(db_path) / "kiosk-pintu.json")
    read = _in_thread(read_pulses, pulse_dir(db_path), registered)
    assert read["tv-lobi"]["mode"] == "display" and read["kiosk-pintu"] is None
    assert _in_thread(read_file, str(pulse_dir(db_path) / "kiosk-pintu.json")) is None


@pytest.mark.skipif(os.name == "nt" or not os.path.exists("/dev/zero"),
                    reason="a link to an endless device is POSIX (/dev/zero)")
def test_a_link_to_an_endless_device_is_not_read(db_path, office):
    keys, registered = office
    folder = pulse_dir(db_path)
    _write(db_path, "tv-lobi", _signed(db_path, "tv-lobi", keys["tv-lobi"], "display"))
    (folder / "kiosk-pintu.json").symlink_to("/dev/zero")
    read = _in_thread(read_pulses, folder, registered)
    assert read["tv-lobi"] is not None and read["kiosk-pintu"] is None
    (folder / "kiosk-pintu.json").unlink()
    (folder / "kiosk-pintu.json").symlink_to(folder / "tv-lobi.json")  # a good one, linked
    assert _in_thread(read_pulses, folder, registered)["kiosk-pintu"] is None


def test_a_huge_file_is_not_read(db_path, office):
    keys, registered = office
    big = _signed(db_path, "kiosk-pintu", keys["kiosk-pintu"], "kiosk")
    _write(db_path, "kiosk-pintu", big[:-1] + b" " * pulse.MAX_BYTES + b"}")
    assert _in_thread(read_pulses, pulse_dir(db_path), registered)["kiosk-pintu"] is None


def test_a_huge_timestamp_does_not_break_admin_stations(qtbot, db_path, db):
    """A pulse whose times are absurd (1e300, Infinity) is not believed: the watch goes on
    and Admin > Stasiun shows its rows."""
    from datetime import datetime, timezone

    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    db.write(lambda c: c.execute(
        "INSERT INTO stations (id, mode, version, clock, detail) VALUES "
        "('tv-lobi', 'display', '0.1.0', ?, '{}')", (datetime.now(timezone.utc).isoformat(),)))
    _write(db_path, "tv-lobi", b'{"mode": "display", "at": 1e300, "frame_at": -Infinity, '
                               b'"shown": ["A-001", 1e300], "spoken": ["A-001", 1e300, true]}')
    _write(db_path, "tv-aula", b'{"mode": "display", "at": Infinity, "frame_at": 0}')
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        qtbot.waitUntil(lambda: (page.watch.look(), page.watch.alive is not None)[1],
                        timeout=WAIT)
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        r = next(i for i, v in enumerate(page.views) if v.id == "tv-lobi")
        assert "A-001" not in page.table.item(r, 7).text()
        assert page.watch.pulses.get("tv-lobi") is None
    finally:
        station.close()


def test_a_station_whose_clock_is_set_back_keeps_its_pulse_moving(db_path, office,
                                                                  monkeypatch):
    """Its count goes on while its clock goes back ten minutes: alive; restarted, a new
    run started later moves too."""
    keys, registered = office
    clock = Clock()
    judge = PulseJudge(monotonic=clock)
    beat = Pulse("server://none", "tv-lobi", "display", signer=keys["tv-lobi"])
    _write(db_path, "tv-lobi", beat.content())
    judge.judge(read_pulses(pulse_dir(db_path), registered))
    real = time.time
    monkeypatch.setattr(pulse.time, "time", lambda: real() - 600)  # the clock set back
    for _ in range(8):
        clock.t += 1
        _write(db_path, "tv-lobi", beat.content())
        assert judge.judge(read_pulses(pulse_dir(db_path), registered)) == {}
        assert judge.moved == {"tv-lobi"}
    # restarted (its clock put right), seconds later as a restart takes: its run's start
    # is later than the first's (kept to a hundredth of a second)
    monkeypatch.setattr(pulse.time, "time", lambda: real() + 5)
    restarted = Pulse("server://none", "tv-lobi", "display", signer=keys["tv-lobi"])
    clock.t += 1
    _write(db_path, "tv-lobi", restarted.content())
    judge.judge(read_pulses(pulse_dir(db_path), registered))
    assert judge.moved == {"tv-lobi"}


def _heartbeat(db_path, station: str, key, note: dict) -> None:
    """The station's heartbeat row carrying *note* (its pulse's run, as it signed it)."""
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station=station, mode="display")
    db.set_signer(key)
    try:
        assert heartbeat(db, detail=note)
    finally:
        db.close()


def test_a_dead_tv_s_own_pulses_replayed_to_a_new_reader_are_not_believed(db_path, office):
    """The TV's signed heartbeat names the run its pulses are of. Its own pulses of that
    run, copied back after it died, are believed only while that heartbeat is fresh: a
    reader that starts later (the morning check, a restarted counter) calls it stopped. A
    run started after the heartbeat (the TV restarted, not yet beaten) is believed at
    once; an older run never."""
    from ult_desktop.app.pulse import RUN_FRESH_S, heartbeat_runs
    from ult_desktop.db.open import open_database

    keys, registered = office
    folder = pulse_dir(db_path)
    tv = Pulse("server://none", "tv-lobi", "display", signer=keys["tv-lobi"])
    _heartbeat(db_path, "tv-lobi", keys["tv-lobi"], tv.note())
    reader = open_database(db_path, station="loket", mode="counter")
    runs = reader.read(lambda conn: heartbeat_runs(conn, registered))
    assert runs["tv-lobi"][0] == tv.run
    _write(db_path, "tv-lobi", tv.content())
    now = time.time()
    assert read_pulses(folder, registered, now, runs)["tv-lobi"] is not None
    # later, the TV dead: its pulse of that run copied back to a reader that starts now
    late = now + RUN_FRESH_S + 60
    assert read_pulses(folder, registered, late, runs)["tv-lobi"] is None
    # a share writer forging the heartbeat row's run (no signature of the TV's key)
    reader.write(lambda conn: conn.execute(
        "UPDATE stations SET detail = json_set(detail, '$.pulse.at', ?) WHERE id = 'tv-lobi'",
        (late,)))
    assert "tv-lobi" not in reader.read(lambda conn: heartbeat_runs(conn, registered))
    # an older run (a pulse of an earlier start) is never believed; a newer one at once
    older = Pulse("server://none", "tv-lobi", "display", signer=keys["tv-lobi"])
    older.started = tv.started - 3600
    _write(db_path, "tv-lobi", older.content())
    assert read_pulses(folder, registered, now, runs)["tv-lobi"] is None
    newer = Pulse("server://none", "tv-lobi", "display", signer=keys["tv-lobi"])
    newer.started = tv.started + 5
    _write(db_path, "tv-lobi", newer.content())
    assert read_pulses(folder, registered, now, runs)["tv-lobi"] is not None
    reader.close()


def test_the_pulse_writer_follows_no_link_and_never_blocks_on_a_fifo(db_path, office,
                                                                     tmp_path):
    """A link planted where the kiosk writes its pulse, pointing at a file of that PC
    (its trust file), is replaced by the pulse: the file is untouched. A FIFO planted
    there never blocks the writer."""
    keys, _ = office
    folder = pulse_dir(db_path)
    folder.mkdir(exist_ok=True)
    trust = tmp_path / "trust.json"
    trust.write_text('{"root": "kept"}', encoding="utf-8")
    (folder / "kiosk-pintu.json").symlink_to(trust)
    beat = Pulse(db_path, "kiosk-pintu", "kiosk", period_s=3600, signer=keys["kiosk-pintu"])
    try:
        beat.write()
        assert trust.read_text(encoding="utf-8") == '{"root": "kept"}'
        assert not (folder / "kiosk-pintu.json").is_symlink()
        assert json.loads((folder / "kiosk-pintu.json").read_bytes())["mode"] == "kiosk"
        if hasattr(os, "mkfifo"):
            beat.stop()  # its own thread ended: no beat of its own between the two steps
            (folder / "kiosk-pintu.json").unlink()
            os.mkfifo(folder / "kiosk-pintu.json")
            done = threading.Event()
            threading.Thread(target=lambda: (beat.write(), done.set()), daemon=True).start()
            assert done.wait(5), "the pulse writer blocked on a FIFO"
            assert (folder / "kiosk-pintu.json").is_file()
    finally:
        beat.stop()
