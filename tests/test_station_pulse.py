"""A station that stopped or froze is named within seconds, on the counters' hall strip and
in Admin > Stasiun, from the pulse each station keeps beside the record (app/pulse.py)."""

from __future__ import annotations

import json
import time

import pytest

from tests.drivers import WAIT, login, until
from ult_desktop.app import pulse
from ult_desktop.app.pulse import Pulse, PulseJudge, pulse_dir, read_pulses
from ult_desktop.app.selftest.office import printer_words
from ult_desktop.core.i18n import tr

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


T0 = time.time()


def _pulse(at: float, mode: str = "display", **info) -> dict:
    """A believed pulse's fields, *at* seconds after the test began (the writer's clock)."""
    return {"mode": mode, "at": T0 + at, "closed": False, "order": ("", 0.0, T0 + at),
            **{k: (T0 + v if k == "frame_at" else v) for k, v in info.items()}}


def test_a_pulse_that_stops_changing_is_a_station_that_stopped():
    clock = Clock()
    judge = PulseJudge(monotonic=clock)
    assert judge.judge({"tv": _pulse(1.0), "kiosk-1": _pulse(1.0, "kiosk")}) == {}
    n, start = 1, clock.t
    while clock.t + pulse.PULSE_S - start <= pulse.STOPPED_AFTER_S:  # the kiosk goes on, the TV not
        n += 1
        clock.t += pulse.PULSE_S
        assert judge.judge({"tv": _pulse(1.0), "kiosk-1": _pulse(n, "kiosk")}) == {}
    clock.t += pulse.PULSE_S
    assert judge.judge({"tv": _pulse(1.0), "kiosk-1": _pulse(n + 1, "kiosk")}) == {
        "tv": ("display", "stopped", int(clock.t - start))}
    assert judge.alive == {"kiosk-1"}
    closed = _pulse(n + 2, "kiosk") | {"closed": True}
    assert judge.judge({"tv": _pulse(1.0), "kiosk-1": closed}) == {
        "tv": ("display", "stopped", int(clock.t - start))}  # closed on purpose: no fault
    assert judge.judge({"tv": _pulse(1.0)}) == {"tv": ("display", "stopped",
                                                       int(clock.t - start))}
    assert "kiosk-1" not in judge.seen  # a closed station's file removed: forgotten


def test_a_pulse_still_written_without_frames_is_a_screen_that_froze():
    clock = Clock()
    judge = PulseJudge(monotonic=clock)
    assert judge.judge({"tv": _pulse(100.0, frame_at=99.0)}) == {}
    clock.t += pulse.PULSE_S
    assert judge.judge({"tv": _pulse(101.0, frame_at=99.0)}) == {}  # a slow frame: not yet
    clock.t += pulse.PULSE_S
    assert judge.judge({"tv": _pulse(120.0, frame_at=99.0)}) == {"tv": ("display", "frozen", 21)}


def test_a_pulse_left_empty_by_a_station_killed_mid_write_is_named_stopped(tmp_path):
    """Killed between the file's truncation and its new content, a station leaves an empty
    pulse that never changes again: it is named, not taken for one being written."""
    clock = Clock()
    judge = PulseJudge(monotonic=clock)
    folder = tmp_path / "ult.db.pulse"
    folder.mkdir()
    (folder / "tv.json").write_text(json.dumps({"mode": "display", "at": time.time()}))
    (folder / "kiosk-1.json").write_text("")  # killed mid-write before any reader saw it
    assert judge.judge(read_pulses(folder)) == {}
    (folder / "tv.json").write_text('{"mode": "disp')  # killed mid-write
    clock.t += pulse.STOPPED_AFTER_S + pulse.PULSE_S
    assert judge.judge(read_pulses(folder)) == {
        "tv": ("display", "stopped", int(pulse.STOPPED_AFTER_S + pulse.PULSE_S)),
        "kiosk-1": ("", "stopped", int(pulse.STOPPED_AFTER_S + pulse.PULSE_S))}


def test_the_one_off_look_waits_past_a_pulse_caught_half_written(tmp_path):
    """The morning check's look (``alive_now``): a TV's pulse read once whole and then
    caught between truncation and content (every second on a slow share) is still waited
    for until it moves, not dropped from the stations it waits for."""
    import threading

    folder = tmp_path / "ult.db.pulse"
    folder.mkdir()
    tv = folder / "tv.json"
    tv.write_text(json.dumps({"mode": "display", "at": time.time()}))

    def writer():
        time.sleep(0.1)
        tv.write_text("")  # truncated, its new content not yet there
        time.sleep(1.0)
        tv.write_text(json.dumps({"mode": "display", "at": time.time()}))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert pulse.alive_now(folder, None) == {"tv"}
    finally:
        thread.join()
    assert pulse.alive_now(tmp_path / "nothing-here", None) == set()  # no station yet


def test_a_pulse_left_behind_long_ago_is_forgotten():
    judge = PulseJudge()
    old = _pulse(-pulse.FORGOTTEN_AFTER_S - 60, "kiosk")
    assert judge.judge({"kiosk-old": old}) == {} and judge.seen == {}


def test_a_station_writes_its_pulse_beside_the_record_and_says_when_it_closed(tmp_path):
    target = tmp_path / "office.db"
    beat = Pulse(target, "tv-1", "display", period_s=0.05)
    beat.info["shown"] = ["A-001", time.time()]
    def settled():  # a read mid-write says nothing (None): wait for a whole pulse
        seen = read_pulses(pulse_dir(target)) or {}
        return seen if "shown" in (seen.get("tv-1") or {}) else None
    read = until(settled)
    assert read["tv-1"]["mode"] == "display" and read["tv-1"]["shown"][0] == "A-001"
    beat.stop()
    assert read_pulses(pulse_dir(target))["tv-1"]["closed"] is True
    assert pulse_dir("postgresql://server/office") is None  # a server's record: none


def test_a_share_that_refuses_the_pulse_is_logged_once_and_never_raised(tmp_path, caplog):
    blocker = tmp_path / "office.db.pulse"
    blocker.write_text("a file where the folder goes")
    beat = Pulse(tmp_path / "office.db", "kiosk-1", "kiosk", period_s=0.02)
    until(lambda: beat.seq >= 4)  # refused beat after beat
    beat.stop()
    assert sum("pulse not written" in r.getMessage() for r in caplog.records) == 1


def _left_behind(db_path, station: str, mode: str, **info) -> None:
    """A pulse whose writer is gone (killed): the file stays, it changes no more."""
    folder = pulse_dir(db_path)
    folder.mkdir(exist_ok=True)
    (folder / f"{station}.json").write_text(json.dumps(
        {"mode": mode, "at": time.time(), **info}))


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(pulse, "STOPPED_AFTER_S", 0.5)


def test_every_counter_names_a_tv_that_stopped_and_a_kiosk_that_stopped(
        qtbot, db_path, station_window, fast):
    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    _left_behind(db_path, "tv-lobi", "display")
    _left_behind(db_path, "kiosk-pintu", "kiosk")
    _left_behind(db_path, "counter-two", "counter")  # not a counter's business
    one.help.watch.look()

    def named() -> bool:
        one.help.watch.look()
        text = one.help.label.text()
        return not one.help.isHidden() and "tv-lobi" in text and "kiosk-pintu" in text

    qtbot.waitUntil(named, timeout=WAIT)
    text = one.help.label.text()
    assert tr("pulse.stopped.display", station="tv-lobi", n=0).split("(")[0] in text
    assert "counter-two" not in text
    _left_behind(db_path, "tv-lobi", "display", closed=True)  # closed on purpose
    _left_behind(db_path, "kiosk-pintu", "kiosk", closed=True)
    qtbot.waitUntil(lambda: (one.help.watch.look(), one.help.isHidden())[1], timeout=WAIT)


def test_a_kiosks_paper_out_is_named_from_its_pulse_while_the_record_is_held(
        qtbot, db_path, station_window):
    """A station frozen mid-write holds the file's lock: the kiosk cannot record its
    printer's state, and every counter still names it, from the kiosk's pulse."""
    import sqlite3

    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    kiosk = Pulse(db_path, "kiosk-pintu", "kiosk", period_s=0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # the frozen station's write, never ended
        kiosk.info["printer"] = "paper_out"

        def line() -> str:
            one.help.watch.look()
            return one.help.label.text() if not one.help.isHidden() else ""

        qtbot.waitUntil(lambda: "kiosk-pintu" in line(), timeout=WAIT)
        assert tr("counter.help.printer", kiosk="kiosk-pintu",
                  state=printer_words("paper_out")) in line()
        kiosk.info["printer"] = "ok"  # paper put in: the pulse says so at once
        qtbot.waitUntil(lambda: "kiosk-pintu" not in line(), timeout=WAIT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        kiosk.stop()


def test_admin_stations_names_a_frozen_tv_in_its_row(qtbot, db_path, db):
    from datetime import datetime, timezone

    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    db.write(lambda c: c.execute(
        "INSERT INTO stations (id, mode, version, clock, detail) VALUES "
        "('tv-lobi', 'display', '0.1.0', ?, '{}')",
        (datetime.now(timezone.utc).isoformat(),)))
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        now = time.time()
        _left_behind(db_path, "tv-lobi", "display", frame_at=now - 40)
        with qtbot.waitSignal(page.watch.changed, timeout=WAIT):
            page.watch.look()
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        r = next(i for i, v in enumerate(page.views) if v.id == "tv-lobi")
        assert page.table.item(r, 7).text().startswith("TV tv-lobi macet")
        assert page.table.item(r, 7).foreground().color().name() == "#b71c1c"
    finally:
        station.close()


def test_the_tv_tells_its_pulse_the_calls_it_shows_and_that_it_draws(qtbot, db_path):
    from ult_desktop.ui.display.window import DisplayWindow

    w = DisplayWindow(db_path, station_id="tv-test", announce=False)
    qtbot.addWidget(w)
    try:
        keeper = w.pc.pulse
        qtbot.waitUntil(lambda: time.time() - keeper.pulse.info["frame_at"] < 2, timeout=WAIT)
        from ult_desktop.ui.display.model import Call

        w.model.called.emit(Call(event_id=1, number="A-007", counter=1, service="A",
                                    kind="called"))
        assert keeper.pulse.info["shown"][0] == "A-007"
        qtbot.waitUntil(lambda: "tv-test" in read_pulses(pulse_dir(db_path)), timeout=WAIT)
    finally:
        w.shutdown()
    assert read_pulses(pulse_dir(db_path))["tv-test"]["closed"] is True


@pytest.mark.parametrize("fault", ["killed", "frozen"])
def test_a_real_tv_process_killed_or_frozen_is_judged_stopped(db_path, tmp_path, monkeypatch,
                                                              fault):
    """The TV as its own process: its pulse appears beside the record; killed
    (SIGKILL, TerminateProcess) or frozen whole (SIGSTOP, NtSuspendProcess), the file
    stays and stops changing, and it is named."""
    from tests.drivers import freeze, tv_process

    monkeypatch.setattr(pulse, "STOPPED_AFTER_S", 2.0)
    judge = PulseJudge()
    with tv_process(db_path, tmp_path) as tv:
        assert judge.judge(read_pulses(pulse_dir(db_path))) == {}
        if fault == "killed":
            tv.kill()
        else:
            freeze(tv)
        end = time.monotonic() + 10
        trouble = {}
        while "tv-proses" not in trouble and time.monotonic() < end:
            time.sleep(0.5)
            trouble = judge.judge(read_pulses(pulse_dir(db_path)))
        assert trouble["tv-proses"][:2] == ("display", "stopped")
        assert tv.poll() is None if fault == "frozen" else tv.wait(10) is not None


def test_the_tv_tells_its_pulse_what_it_said_aloud_and_the_admin_reads_it(qtbot, db_path):
    """A call shown and said aloud: the TV's pulse carries both, and Admin > Stasiun's
    words for the TV's row name the number and when; a sound the output never finished
    is named (red) with what to check."""
    from tests.drivers import RecordingPlayer
    from ult_desktop.devices.audio.queue import AnnouncementQueue
    from ult_desktop.ui.admin.stations import tv_words
    from ult_desktop.ui.display.model import Call
    from ult_desktop.ui.display.window import DisplayWindow

    player = RecordingPlayer()
    w = DisplayWindow(db_path, station_id="tv-suara", tts=False, player=player)
    qtbot.addWidget(w)
    try:
        info = w.pc.pulse.pulse.info
        w.model.called.emit(Call(event_id=1, number="A-007", counter=1, service="A",
                                 kind="called"))
        qtbot.waitUntil(lambda: (info.get("spoken") or [None])[0] == "A-007", timeout=WAIT)
        words, silent = tv_words(dict(info))
        assert "terakhir tampil A-007" in words and "diucapkan pukul" in words and not silent
    finally:
        w.shutdown()
    said = []
    hung = AnnouncementQueue(lambda request: _utterance(), lambda u, done: None, margin_s=0.1)
    hung.on_played = lambda request, finished: said.append((request.number, finished))
    from ult_desktop.devices.audio.queue import CallRequest

    hung.submit(CallRequest(event_id=1, number="B-002", counter=2, kind="called"))
    assert hung.wait_idle(5) and said == [("B-002", False)]
    hung.close()
    words, silent = tv_words({"spoken": ["B-002", time.time(), False]})
    assert silent and "suara B-002" in words and "periksa pengeras suara" in words


def _utterance():
    from ult_desktop.devices.audio.compose import Utterance

    return Utterance(wav=b"", duration_s=0.0)
