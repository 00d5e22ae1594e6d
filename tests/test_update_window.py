"""The office's update window: a station stages a release at any time and switches only
inside the window the office set (any safe moment, the midday break, after closing), or
at once for a release the admin marked urgent; read from the settings as the record lets
them stand, at the office's clock."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest

from tests.test_updates import installed_station, make_bundle, which_program
from ult_desktop.app.updates import client, install, publish, station
from ult_desktop.core import numbering
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.open import open_database
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in programs are shell scripts")


def at(monkeypatch, wib: str) -> None:
    """The office's clock at *wib* (``YYYY-MM-DD HH:MM``, WIB = UTC+7)."""
    local = datetime.fromisoformat(wib)
    instant = local.replace(tzinfo=timezone.utc).timestamp() - 7 * 3600
    monkeypatch.setattr(numbering, "utc_now",
                        lambda: datetime.fromtimestamp(instant, timezone.utc))


@pytest.fixture
def staged(tmp_path, db_path, monkeypatch):
    """A station at 0.1.0 on the office *db_path* with 0.2.0 staged and ready (its own
    check passed), and the office's database open as the admin would write it."""
    ceremony, share, root, ran, stick = installed_station(tmp_path, monkeypatch, "kiosk")

    def release(version: str, schema: int | None = None) -> None:
        """*version* published (once), then the station's look: staged and checked."""
        if not (tmp_path / f"b-{version}").exists():
            publish.publish(which_program(make_bundle(tmp_path / f"b-{version}", version,
                                                      schema=schema), version, ran),
                            share, ceremony.keys_dir,
                            cosign=[stick])
        assert client.check(root, share, "0.1.0").outcome == client.STAGED
        install.precheck(root, version)

    release("0.2.0")
    db = open_database(db_path, station="admin-test", mode="admin")
    yield db, root, ran, release
    db.close()


def test_a_station_switches_only_inside_the_offices_window(staged, monkeypatch):
    db, root, _ran, release = staged
    set_settings(db, update_window="after_closing", open_time="08:00", close_time="15:00",
                 serving_until="16:00", open_days=[0, 1, 2, 3, 4], timezone="WIB")
    station.remember_window(db)  # the station's worker, at its heartbeat
    quiet = []
    at(monkeypatch, "2026-12-07 10:30")  # a Monday, the office serving
    assert not station.ready_to_switch(lambda: quiet.append(1) or True)
    assert quiet == []  # the screen is not even asked
    at(monkeypatch, "2026-12-07 16:05")  # after closing
    assert station.ready_to_switch(lambda: True)
    at(monkeypatch, "2026-12-08 07:40")  # before opening
    assert station.ready_to_switch(lambda: True)
    at(monkeypatch, "2026-12-12 11:00")  # a Saturday
    assert station.ready_to_switch(lambda: True)

    set_settings(db, update_window="break", break_daily="12:00-13:00",
                 break_friday="11:30-13:30")
    station.remember_window(db)
    for wib, open_ in (("2026-12-07 11:59", False), ("2026-12-07 12:00", True),
                       ("2026-12-07 12:59", True), ("2026-12-07 13:00", False),
                       ("2026-12-11 11:40", True), ("2026-12-11 13:20", True),
                       ("2026-12-11 13:40", False), ("2026-12-11 16:30", True)):
        at(monkeypatch, wib)
        assert station.ready_to_switch(lambda: True) is open_, wib

    at(monkeypatch, "2026-12-07 10:30")
    set_settings(db, update_now="0.2.0")  # the admin: this fix now
    station.remember_window(db)
    assert station.ready_to_switch(lambda: True)
    assert not station.ready_to_switch(lambda: False)  # still at a safe moment only
    set_settings(db, update_now="0.1.9")  # an older release's "now" opens nothing newer
    station.remember_window(db)
    assert not station.ready_to_switch(lambda: True)
    set_settings(db, update_window="any", update_now="")
    station.remember_window(db)
    assert station.ready_to_switch(lambda: True)  # the default: any safe moment
    assert install.current_version(root) == "0.1.0"  # asked, never switched here


def test_a_start_outside_the_window_keeps_a_release_that_migrates_the_file(staged,
                                                                         monkeypatch):
    """A PC restarted mid-morning takes a plain release at its start (no visitor waits on
    a starting station), but not one that would migrate the office file: every station
    moves with the schema in the same window."""
    db, root, ran, release = staged
    set_settings(db, update_window="after_closing", timezone="WIB")
    station.remember_window(db)
    at(monkeypatch, "2026-12-07 10:30")
    release("0.3.0", schema=SCHEMA_VERSION + 1)
    assert install.read_state(root)["pending"] == "0.3.0"
    assert station.hand_over() is None  # outside the window: the old version runs on
    assert install.current_version(root) == "0.1.0"
    started = station.hand_over(anytime=True)  # the file moved on under this station
    assert started is not None and started.wait(timeout=30) == 0
    assert ran.read_text().strip() == "0.3.0 kiosk"
    assert install.current_version(root) == "0.3.0"


def test_a_plain_release_is_taken_at_a_start_whatever_the_window(staged, monkeypatch):
    db, root, ran, _release = staged
    set_settings(db, update_window="after_closing", timezone="WIB")
    station.remember_window(db)
    at(monkeypatch, "2026-12-07 10:30")
    started = station.hand_over()
    assert started is not None and started.wait(timeout=30) == 0
    assert ran.read_text().strip() == "0.2.0 kiosk"


def test_the_window_is_set_from_the_command_line(db_path):
    from tests.conftest import run_cli

    done = run_cli("update", "window", "--db", str(db_path), "--set", "after_closing",
                   "--now", "0.3.1")
    assert done.returncode == 0, done.stderr
    assert "Jendela pembaruan: Setelah tutup. Versi mendesak: 0.3.1." in done.stdout
    done = run_cli("update", "window", "--db", str(db_path), "--now", "")
    assert "Setelah tutup. Versi mendesak: -." in done.stdout
    assert run_cli("update", "window", "--db", str(db_path), "--set", "soon").returncode != 0


def migrated_by_another(db_path) -> None:
    """Another station's new version migrated the office file (a new table, the next
    schema number), as the last station became ready."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE arrived_with_the_next_schema (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def running_station(db_path):
    """The station's worker as its screen runs it (its file, its heartbeat), on this
    thread, and the connection states it reported."""
    from ult_desktop.ui.common.pc_duties import PCDuties
    from ult_desktop.ui.common.station import _Worker

    worker = _Worker(db_path, "kiosk-1", "kiosk", 60_000, PCDuties(db_path, beats=True))
    states: list[tuple[str, str]] = []
    worker.connection.connect(lambda state, message: states.append((state, message)))
    assert worker.ensure_open() is not None
    worker.beat_now()  # its heartbeat says the schema it reads
    return worker, states


def close(worker) -> None:
    if worker.feed is not None:
        worker.feed.close()
    worker.db.close()


def test_a_station_whose_file_migrated_under_it_runs_the_release_it_staged(qtbot, staged,
                                                                          db_path):
    """The file migrated while this station ran the old version with the release staged:
    at its next heartbeat (its write refused) it starts the staged version in its place,
    whatever the window, instead of running on with heartbeats that fail."""
    from ult_desktop.db.house.stations import list_stations

    db, root, ran, _release = staged
    worker, states = running_station(db_path)
    migrated_by_another(db_path)
    seen = {r["id"]: r for r in list_stations(db)}
    assert seen["kiosk-1"]["behind_file"] is True  # Admin > Stasiun: not "staged"
    worker.beat_now()
    qtbot.waitUntil(ran.exists, timeout=10_000)  # the new version's program, started
    assert ran.read_text().strip() == "0.2.0 kiosk"
    assert install.current_version(root) == "0.2.0"
    close(worker)


def test_a_locked_kiosk_under_which_the_file_migrated_closes_for_the_new_version(
        qtbot, request, staged, db_path, tmp_path, qapp):
    """The hand-over closes a locked kiosk's window too (as a shutdown does): a quit
    alone is refused by its close, and the old program ran on beside the new one."""
    from tests.drivers import make_kiosk
    from ult_desktop.ui.common import shutdown

    shutdown.install(qapp)  # (as ``ensure_app`` does for every mode)
    _db, _root, ran, _release = staged
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    assert kiosk.locked and kiosk.isVisible()
    worker, _states = running_station(db_path)
    migrated_by_another(db_path)
    worker.beat_now()
    qtbot.waitUntil(ran.exists, timeout=10_000)  # the new version started
    qtbot.waitUntil(lambda: not kiosk.isVisible(), timeout=10_000)  # and this one ends
    close(worker)


def test_a_station_with_nothing_staged_says_it_cannot_write_and_hands_over_later(
        qtbot, staged, db_path, caplog):
    db, root, ran, release = staged
    install.note(root, pending=None, ready=None)  # nothing staged here (yet)
    worker, states = running_station(db_path)
    migrated_by_another(db_path)
    with caplog.at_level("WARNING"):
        worker.beat_now()
    from ult_desktop.ui.common.station import TOO_NEW

    assert states[-1][0] == TOO_NEW  # the banner: this station must be updated
    assert "lebih baru dari stasiun ini" in states[-1][1]
    assert "cannot write the office file" in caplog.text and not ran.exists()
    release("0.2.0")  # its next look stages the release that reads the file
    worker.beat()  # the next heartbeat hands over
    qtbot.waitUntil(ran.exists, timeout=10_000)
    assert ran.read_text().strip() == "0.2.0 kiosk"
    close(worker)


def test_the_admin_sets_the_window_on_the_office_profile(qtbot, db_path):
    """Admin > Profil: the window the stations read, and an urgent release's version."""
    from tests.drivers import WAIT, open_page, signed_in
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.profile import ProfilePage

    window = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(window)
    page = open_page(qtbot, signed_in(qtbot, window), ProfilePage)
    assert page.update_window.currentText() == "Kapan saja, pada saat aman"
    page.update_window.setCurrentIndex(page.update_window.findData("break"))
    page.update_now.setText("0.3.1")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    db = open_database(db_path, station="kiosk-1", mode="kiosk")
    try:
        said = get_settings(db, "update_window", "update_now")
    finally:
        db.close()
    assert said == {"update_window": "break", "update_now": "0.3.1"}
    window.close()


def test_a_switch_that_finds_a_station_left_behind_is_not_tried_again_every_tick(staged):
    """Ready when staged, but at the switch the file waits for a station seen since: the
    station stays on its version and the screen's timer does not switch again five
    seconds later (each try runs the new version's check); the next look decides."""
    _db, root, _ran, _release = staged
    assert station.ready_to_switch(lambda: True)
    waited = install.at_start(root, check=lambda r, v: install.NotYet("tv@pc9"))
    assert (waited.version, waited.went_back) == ("0.1.0", False)
    assert not station.ready_to_switch(lambda: True)
    assert install.read_state(root)["pending"] == "0.2.0"  # still staged, no ban


def test_two_hand_overs_at_once_switch_once_and_start_the_new_program_once(staged):
    """The safe moment's switch and the worker's hand-over (the file moved on) asked in
    the same second, as on a fleet kiosk: one switches and checks, the other finds it
    done. Before, the second took the first's check under way for a start that died: the
    new version banned, its folder removed, and the kiosk ran the old one for good while
    its state said the new one."""
    import threading

    _db, root, ran, _release = staged
    (root / "0.2.0" / "ult-desktop").write_text(  # its check takes a moment, as a PC's
        f'#!/bin/sh\n[ "$1" = update ] && sleep 1 && exit 0\necho "0.2.0 $*" >> {ran}\n')
    barrier, asked = threading.Barrier(2), {}

    def ask(name, how):
        barrier.wait()
        asked[name] = how()

    threads = [threading.Thread(target=ask, args=("moment", station.switch_now)),
               threading.Thread(target=ask, args=(
                   "worker", lambda: station.hand_over(anytime=True)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert asked["moment"] == "0.2.0" and asked["worker"] is not None
    again = station.relaunch(asked["moment"])  # the safe moment starts it when quiet
    assert again is asked["worker"] and again.wait(timeout=30) == 0
    assert ran.read_text().splitlines() == ["0.2.0 kiosk"]  # the new program, once
    state = install.read_state(root)
    assert install.current_version(root) == "0.2.0" and state["running"] == "0.2.0"
    assert "0.2.0" not in state.get("failed", {}) and (root / "0.2.0").is_dir()


def test_a_kiosk_switched_but_never_quiet_hands_over_when_the_file_migrates(staged, db_path,
                                                                           qtbot):
    """The safe moment's switch moved ``current`` to the release (checked), then no quiet
    moment came (a busy kiosk) and the file migrated: at its next heartbeat the old
    program starts the new one. Before, nothing was pending any more, so it ran the old
    program on the migrated file for good while its state said the new one (one kiosk of
    thirty in the fleet bench)."""
    _db, root, ran, _release = staged
    assert station.switch_now() == "0.2.0"  # switched and checked; not yet started
    assert install.read_state(root).get("pending") is None
    worker, _states = running_station(db_path)
    migrated_by_another(db_path)
    worker.beat_now()
    qtbot.waitUntil(ran.exists, timeout=10_000)
    assert ran.read_text().strip() == "0.2.0 kiosk"
    close(worker)
