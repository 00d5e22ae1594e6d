"""The morning check: every station's heartbeat, printer and journal, the backup and the
disk, read from a real office file written by real stations; the outcome kept in the
record and shown on Admin > Stasiun."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import run_cli
from tests.drivers import WAIT
from ult_desktop.app.selftest.office import station_checks
from ult_desktop.core.i18n import tr
from ult_desktop.db.house.stations import heartbeat, last_morning_check, list_stations
from ult_desktop.db.open import open_database

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def _stations(db_path) -> None:
    """A kiosk out of paper, a counter that is on, a TV switched off two hours ago and a
    PC retired last month, each writing its heartbeat as the station does."""
    for name, mode, printer in (("kiosk@lobi", "kiosk", "paper_out"),
                                ("counter@loket1", "counter", None),
                                ("tv@lobi", "display", None),
                                ("counter@lama", "counter", None)):
        station = open_database(db_path, station=name, mode=mode)
        try:
            assert heartbeat(station, printer_state=printer,
                             detail={"journal_error": "disk penuh"} if mode == "counter"
                             and name == "counter@loket1" else None)
        finally:
            station.close()
    writer = open_database(db_path, station="setup", mode="cli")
    now = datetime.now(timezone.utc)
    for name, ago in (("tv@lobi", timedelta(hours=2)), ("counter@lama", timedelta(days=30))):
        writer.write(lambda c, n=name, a=ago: c.execute(
            "UPDATE stations SET clock = ?, detail = '{}' WHERE id = ?",
            ((now - a).isoformat(), n)))
    writer.close()


def test_each_station_is_judged_from_its_last_heartbeat(db_path):
    _stations(db_path)
    db = open_database(db_path, station="admin@pc", mode="admin")
    try:
        lines = {c.id: c for c in station_checks(list_stations(db), db.clock_skew_s)}
    finally:
        db.close()
    assert lines["office.station.kiosk@lobi"].status == "pass"
    assert lines["office.printer.kiosk@lobi"].status == "fail"
    assert tr("printer.status.paper_out") in lines["office.printer.kiosk@lobi"].sentence()
    assert lines["office.station.counter@loket1"].status == "pass"
    assert lines["office.journal.counter@loket1"].status == "fail"
    off = lines["office.station.tv@lobi"]
    assert off.status == "fail" and off.params["minutes"] in (119, 120)
    assert lines["office.station.counter@lama"].status == "warn"  # taken away, not a fault


def test_no_station_ever_seen_is_a_fault(db_path):
    [line] = station_checks([], None)
    assert line.status == "fail" and line.id == "office.stations"


def test_the_command_names_each_fault_and_keeps_the_outcome(db_path):
    from ult_desktop.app.pulse import Pulse

    _stations(db_path)
    beats = [Pulse(db_path, "kiosk@lobi", "kiosk"), Pulse(db_path, "counter@loket1", "counter")]
    try:  # the two stations that are on: their pulses move
        proc = run_cli("morning-check", "--db", str(db_path), "--no-print", "--no-sound",
                       "--no-qt", "--json", env={"QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    finally:
        for beat in beats:
            beat.stop()
    assert proc.returncode == 10, proc.stderr
    out = json.loads(proc.stdout)
    status = {c["id"]: c["status"] for c in out["checks"]}
    assert status["office.station.tv@lobi"] == "fail"
    assert status["office.station.kiosk@lobi"] == "pass"
    assert status["office.printer.kiosk@lobi"] == "fail"
    assert status["share.open"] == "pass"
    assert "office.disk" in status and "office.backup" in status  # never set up: a fault
    assert status["office.backup"] == "fail"
    assert out["seconds"] < 60
    db = open_database(db_path, station="admin@pc", mode="admin")
    try:
        at, kept = last_morning_check(db)
    finally:
        db.close()
    assert out["kept"] is not None
    assert kept["counts"] == out["counts"] and not kept["ok"]
    assert {line["id"] for line in kept["lines"]} == set(status)
    assert abs((datetime.now(timezone.utc) - at).total_seconds()) < 120


def test_the_stations_page_runs_it_and_shows_the_last_one(qtbot, db_path):
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    _stations(db_path)
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.refresh()
        assert page.morning.summary.text() == tr("admin.morning.never")
        page.morning.button.click()
        assert not page.morning.button.isEnabled()
        qtbot.waitUntil(lambda: page.morning.button.isEnabled(), timeout=60_000)
        qtbot.waitUntil(lambda: "di " in page.morning.summary.text() or
                        " on " in page.morning.summary.text(), timeout=WAIT)
        shown = [page.morning.lines.item(i).text() for i in range(page.morning.lines.count())]
        assert any("tv@lobi" in line and line.startswith(tr("selftest.status.fail"))
                   for line in shown)
        assert page.morning.summary.styleSheet() == "color:#b71c1c;"
    finally:
        station.close()


def test_in_an_office_that_signs_only_a_registered_pc_keeps_it(db_path, tmp_path):
    """Kept with this PC's registered key, the record stays clean for ``check``; a PC
    without one runs the check but adds nothing (an unsigned event would be named)."""
    from ult_desktop.app import station_key
    from ult_desktop.db.record import station_keys

    key = station_key.create_key(tmp_path / "admin-pc")[0]
    admin = open_database(db_path, station="admin", mode="test")
    admin.set_signer(key)
    admin.set_actor("admin")
    station_keys.request_registration(admin, label="admin")
    station_keys.approve_key(admin, key.key_id, role="counter")
    root = station_keys.root_info(admin)[0]
    admin.close()
    runs = {}
    for pc in ("admin-pc", "other-pc"):
        proc = run_cli("morning-check", "--db", str(db_path), "--no-print", "--no-sound",
                       "--no-qt", "--json", timeout=120,
                       env={"ULT_KEY_DIR": str(tmp_path / pc), "QT_QPA_PLATFORM": "offscreen"})
        assert "Traceback" not in proc.stderr
        runs[pc] = json.loads(proc.stdout)["kept"]
    assert runs["admin-pc"] is not None and runs["other-pc"] is None
    check = run_cli("check", "--db", str(db_path), "--json", "--root", root,
                    env={"ULT_KEY_DIR": str(tmp_path / "no-key-here")}, timeout=120)
    report = json.loads(check.stdout)
    assert check.returncode == 0, report["audit"]["findings"]


def test_the_morning_check_has_every_running_kiosk_print_and_every_tv_play(
        qtbot, request, db_path, tmp_path):
    """From one PC: the running kiosk prints the test ticket on its (loopback) printer and
    the running TV plays its chime through its calls' queue, asked through the record;
    each answers, one green line each. A kiosk whose printer's cover is open answers red
    with what to check; a station that is off is not waited for."""
    import threading

    from printer_fixtures import LoopbackPrinter

    from tests.drivers import WAIT, RecordingPlayer, make_kiosk
    from ult_desktop.app.selftest import office
    from ult_desktop.ui.display.window import DisplayWindow

    printer = LoopbackPrinter("ok")
    request.addfinalizer(printer.close)
    make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-pintu",
               printer_url=printer.url)
    player = RecordingPlayer()
    tv = DisplayWindow(db_path, station_id="tv-lobi", tts=False, player=player, poll_ms=50)
    qtbot.addWidget(tv)
    request.addfinalizer(tv.shutdown)
    office_db = open_database(db_path, station="admin-pc", mode="admin")
    request.addfinalizer(office_db.close)
    qtbot.waitUntil(lambda: {"kiosk-pintu", "tv-lobi"} <= {
        r[0] for r in office_db.query("SELECT id FROM stations")}, timeout=WAIT)

    def run() -> list:
        done: list = []
        t = threading.Thread(target=lambda: done.append(office.morning_check(
            str(db_path), do_print=False, do_sound=False, station="admin-pc",
            stations_test=("printer", "sound"))))
        t.start()
        qtbot.waitUntil(lambda: bool(done), timeout=60_000)
        t.join()
        return {c.id: c for c in done[0][0].checks}

    def printed() -> int:  # the kiosk's status probes connect too, and print nothing
        return sum(1 for ticket in printer.tickets() if ticket)

    before = printed()
    lines = run()
    kiosk_line, tv_line = lines["office.printer_test.kiosk-pintu"], lines["office.sound_test.tv-lobi"]
    assert kiosk_line.status == "pass" and "Tiket uji terkirim" in kiosk_line.sentence()
    assert tv_line.status == "pass" and "bunyi uji selesai diputar" in tv_line.sentence()
    assert printed() == before + 1  # the test ticket, on the kiosk's printer
    assert any(u.announcement is None for u in player.utterances)  # the chime alone
    printer.mode = "cover_open"
    lines = run()
    bad = lines["office.printer_test.kiosk-pintu"]
    assert bad.status == "fail" and "periksa kertas, penutup" in bad.sentence()


def test_a_tv_run_without_sound_answers_so_rather_than_not_at_all(qtbot, request, db_path):
    import threading

    from tests.drivers import WAIT
    from ult_desktop.app.selftest import office
    from ult_desktop.ui.display.window import DisplayWindow

    tv = DisplayWindow(db_path, station_id="tv-sunyi", announce=False, poll_ms=50)
    qtbot.addWidget(tv)
    request.addfinalizer(tv.shutdown)
    office_db = open_database(db_path, station="admin-pc", mode="admin")
    request.addfinalizer(office_db.close)
    qtbot.waitUntil(lambda: "tv-sunyi" in {r[0] for r in office_db.query(
        "SELECT id FROM stations")}, timeout=WAIT)
    done: list = []
    t = threading.Thread(target=lambda: done.append(office.morning_check(
        str(db_path), do_print=False, do_sound=False, station="admin-pc",
        stations_test=("sound",))))
    t.start()
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)  # well inside the 25 s wait
    t.join()
    line = {c.id: c for c in done[0][0].checks}["office.sound_test.tv-sunyi"]
    assert line.status == "skip" and "tanpa suara" in line.sentence()


def test_a_morning_check_no_admin_station_signed_is_never_shown(db_path, tmp_path):
    """A kiosk's registered key signs a green morning check, and a share writer plants an
    unsigned one: Admin > Stasiun (``last_morning_check``) shows the admin station's own
    red one, not theirs, before anyone runs ``check``."""
    from tests.drivers import register_stations
    from ult_desktop.db.house.stations import record_morning_check
    from ult_desktop.db.record.events import append_event

    admin, keys = register_stations(db_path, tmp_path, (("kiosk-pintu", "kiosk"),))
    record_morning_check(admin, {"ok": False, "status": "fail", "sentence": "GAGAL"})
    kiosk = open_database(db_path, station="kiosk-pintu", mode="kiosk")
    kiosk.set_signer(keys["kiosk-pintu"])
    kiosk.write(lambda conn: append_event(conn, "admin", "morning_check", data={
        "ok": True, "status": "ok", "sentence": "Semua baik"}))
    kiosk.close()
    plain = sqlite3.connect(db_path)
    plain.execute("INSERT INTO events (kind, station, at, data) VALUES ('morning_check', "
                  "'admin', ?, ?)", (datetime.now(timezone.utc).isoformat(),
                                     '{"ok": true, "status": "ok"}'))
    plain.commit()
    plain.close()
    at, shown = last_morning_check(admin)
    assert shown["status"] == "fail", shown
    admin.close()


def test_the_admin_pc_never_fails_the_morning_check_for_being_off(db_path):
    """The admin PC serves no visitor: off, or only its check running (no pulse of its
    own), it is no fault of the hall; a TV off still is."""
    _stations(db_path)
    admin = open_database(db_path, station="pc-admin", mode="admin")
    try:
        assert heartbeat(admin)
        admin.write(lambda c: c.execute("UPDATE stations SET clock = ? WHERE id = 'pc-admin'",
                                        ((datetime.now(timezone.utc) - timedelta(hours=3))
                                         .isoformat(),)))
        lines = {c.id: c for c in station_checks(list_stations(admin), admin.clock_skew_s,
                                                 alive={"kiosk@lobi", "counter@loket1"})}
    finally:
        admin.close()
    assert "office.station.pc-admin" not in lines
    assert lines["office.station.tv@lobi"].status == "fail"


def test_officers_whose_pin_has_no_sign_in_seal_are_named_until_the_admin_sets_it_again(
        db_path):
    """A PIN hash made before sign-in seals (six fields) proves no sign-in: the morning
    check names its officer; once the admin sets her PIN again the line is gone."""
    import hashlib

    from ult_desktop.app.selftest.office import seal_check
    from ult_desktop.db.house import office

    db = open_database(db_path, station="admin@pc", mode="admin")
    try:
        assert list(seal_check(db)) == []  # the demo office's PINs are all sealed
        salt = b"\x01" * 16
        old = "scrypt$256$8$1$" + salt.hex() + "$" + hashlib.scrypt(
            b"4821", salt=salt, n=256, r=8, p=1, dklen=32).hex()
        db.write(lambda conn: conn.execute(
            "UPDATE officers SET pin_hash = ? WHERE username = 'budi'", (old,)))
        [line] = seal_check(db)
        assert line.status == "warn" and "budi" in line.sentence("id") and "atur ulang PIN" in \
            line.sentence("id")
        office.reset_pin(db, username="budi", pin="739152")
        assert list(seal_check(db)) == []
    finally:
        db.close()
