"""The lobby display: state after events, calls from other processes, voice queue."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtGui import QColor, QImage

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT
from tests.conftest import run_cli
from tests.drivers import WAIT
from ult_desktop.core.i18n import tr
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, finish, recall, skip, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.display.app import open_demo_window
from ult_desktop.ui.display.window import DisplayWindow

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines




def _calls(w: DisplayWindow) -> list[str]:
    return [c.number for c in w.model.last_calls]


def test_started_mid_day_shows_current_state_without_repeating_old_calls(
        db, open_display, player):
    for service in "AAABBC":
        issue_ticket(db, service=service)
    call_next(db, counter=1)
    call_next(db, counter=2)            # B-001
    start_serving(db, counter=2)
    w = open_display()
    m = w.model
    assert m.counters[1]["ticket"] == "A-001" and m.counters[1]["state"] == "called"
    assert m.counters[2]["ticket"] == "B-001" and m.counters[2]["state"] == "serving"
    assert m.counters[3]["ticket"] is None
    assert m.latest.number == "B-001" and m.latest.counter == 2
    assert {s["prefix"]: s["next"] for s in m.services} == {
        "A": ["A-002", "A-003"], "B": ["B-002"], "C": ["C-001"]}
    assert m.office_name == "BPMP Provinsi Jawa Tengah"
    texts = w.texts()  # calls made before it started: history, none shown as called now
    assert tr("display.no_call_yet") in texts and "B-001 LOKET 2" in texts
    assert player.played == []  # calls made before the display started are not spoken


def test_sequence_of_events_updates_display_and_queues_calls_in_order(
        db, open_display, player, qtbot):
    w = open_display(flash_ms=40)  # each call keeps the big panel for its flash
    for service in "AAAABBC":
        issue_ticket(db, service=service)
    call_next(db, counter=1)                       # A-001 -> 1
    call_next(db, counter=2)                       # A-002 -> 2 (serves A? no: B, C)
    recall(db, counter=1)                          # A-001 again
    skip(db, counter=2)
    call_next(db, counter=2)
    finish(db, counter=1)
    call_next(db, counter=3)
    expected = [(e["ticket_number"], e["counter_number"]) for e in db.query(
        "SELECT ticket_number, counter_number FROM events WHERE kind IN ('called', 'recalled') "
        "ORDER BY id")]
    assert len(expected) == 5
    qtbot.waitUntil(lambda: len(player.played) == 5, timeout=WAIT)
    assert [(n, c) for n, c, _ in player.played] == expected
    assert all(speech for _, _, speech in player.played)
    assert [r.kind for r in w.queue.played] == ["called", "called", "recalled", "called",
                                                "called"]
    rows = db.query("SELECT counter_number, number FROM tickets WHERE state IN "
                    "('called', 'serving')")
    truth = {r["counter_number"]: r["number"] for r in rows}
    qtbot.waitUntil(lambda: {n: c["ticket"] for n, c in w.model.counters.items()
                             if c["ticket"]} == truth, timeout=WAIT)
    assert 1 not in truth  # counter 1 finished: it shows no number
    assert w.model.latest.number == expected[-1][0]
    qtbot.waitUntil(lambda: w.call_panel.texts()[1] == expected[-1][0], timeout=WAIT)
    # The last calls list has each ticket once, newest first.
    assert _calls(w)[0] == expected[-1][0] and len(set(_calls(w))) == len(_calls(w))
    waiting = [r["number"] for r in db.query(
        "SELECT number FROM tickets WHERE state = 'waiting' ORDER BY id")]
    qtbot.waitUntil(lambda: sorted(n for s in w.model.services for n in s["next"])
                    == sorted(waiting), timeout=WAIT)


def test_call_from_another_process_reaches_the_display(db, db_target, open_display, player,
                                                       qtbot):
    w = open_display()
    issue_ticket(db, service="B")
    issue_ticket(db, service="B")
    done = run_cli("call", "--db", str(db_target), "--counter", "2")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: w.model.latest is not None and w.model.latest.number == "B-001",
                    timeout=WAIT)
    assert w.model.counters[2]["ticket"] == "B-001"
    qtbot.waitUntil(lambda: player.played == [("B-001", 2, True)], timeout=WAIT)
    qtbot.waitUntil(lambda: [s["next"] for s in w.model.services if s["prefix"] == "B"]
                    == [["B-002"]], timeout=WAIT)


def test_display_never_shows_personal_data(db, open_display, qtbot):
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    now = datetime.now(timezone.utc).isoformat()

    def tx(conn):
        conn.execute(
            "INSERT INTO register_records (ticket_id, channel, day, service_id, visitor_name, "
            "institution, phone, email, id_number, created_at, updated_at, station) VALUES "
            "(?, 'walk_in', ?, ?, 'Siti Rahayu', 'SDN 1 Semarang', '081234567890', "
            "'siti@example.id', '3374012345678901', ?, ?, 'test')",
            (ticket.id, ticket.day, ticket.service_id, now, now))
    db.write(tx)
    w = open_display()
    qtbot.waitUntil(lambda: w.model.latest is not None, timeout=WAIT)
    screen = " ".join(w.texts())
    assert "A-001" in screen
    for secret in ("3374012345678901", "081234567890", "Siti", "siti@", "SDN 1"):
        assert secret not in screen


def test_running_text_and_office_name_follow_settings(db, open_display, qtbot):
    w = open_display()
    set_settings(db, running_text="Pelayanan hari ini sampai pukul 15.00",
                 office_name="BPMP Provinsi Papua")
    qtbot.waitUntil(lambda: w.marquee.text == "Pelayanan hari ini sampai pukul 15.00",
                    timeout=WAIT)
    qtbot.waitUntil(lambda: w.header.office == "BPMP Provinsi Papua", timeout=WAIT)


def test_latest_call_flashes_and_renders(db, open_display, qtbot):
    w = open_display(announce=False)
    issue_ticket(db, service="C")
    call_next(db, counter=2)
    qtbot.waitUntil(lambda: w.call_panel.flash > 0.3, timeout=WAIT)
    image: QImage = w.grab().toImage()
    assert image.width() == 1920 and image.height() == 1080
    # The call panel is painted in (part) accent colour while it flashes.
    centre = image.pixelColor(w.call_panel.geometry().center().x(),
                              w.call_panel.geometry().top() + 30)
    assert centre != QColor("#0a1a33")


def test_the_call_flash_blinks_between_readable_colours(db, open_display, qtbot):
    """The fade passed through grey text on gold; every
    frame is now the panel's own colours or gold with dark text, never half-way."""
    from ult_desktop.ui.display import theme

    w = open_display(announce=False)
    issue_ticket(db, service="C")
    call_next(db, counter=2)
    qtbot.waitUntil(lambda: w.call_panel.call is not None, timeout=WAIT)
    panel = w.call_panel
    for value, bg in ((0.45, theme.PANEL), (0.55, theme.ACCENT)):
        panel.flash = value
        assert panel.flash in (0.0, 1.0)
        image = panel.grab().toImage()
        seen = image.pixelColor(panel.width() // 2, panel.px(30))
        assert abs(seen.red() - bg.red()) + abs(seen.green() - bg.green()) < 24, (value, seen)


def test_media_area_shows_images_from_the_folder(open_display, tmp_path, qtbot):
    media = tmp_path / "media"
    media.mkdir()
    for i, colour in enumerate(("red", "blue")):
        img = QImage(160, 90, QImage.Format_RGB32)
        img.fill(QColor(colour))
        img.save(str(media / f"{i}.png"))
    (media / "notes.txt").write_text("ignored")
    w = open_display(media_dir=media, announce=False)
    # listed and read off the GUI thread, then shown
    qtbot.waitUntil(lambda: w.media.current == media / "0.png", timeout=WAIT)
    assert w.media.isVisibleTo(w)
    w.media.advance()
    qtbot.waitUntil(lambda: w.media.current == media / "1.png", timeout=WAIT)


def test_no_media_folder_means_no_media_area(open_display):
    w = open_display(announce=False)
    assert w.media.files == [] and not w.media.isVisibleTo(w)


@pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)
def test_missing_sound_device_is_a_warning_not_a_crash(qtbot, caplog):
    from ult_desktop.devices.audio.announcer import Announcer
    from ult_desktop.devices.audio.queue import CallRequest
    from ult_desktop.ui.common.voice.sound import QtSoundPlayer

    player = QtSoundPlayer()
    utt = Announcer(voice_pack="clips", tts=False).prepare(CallRequest(1, "A-001", 1))
    finished = []
    player(utt, lambda: finished.append(True))
    qtbot.waitUntil(lambda: finished == [True], timeout=WAIT)
    if player.available is False:  # this machine has no speakers (CI)
        assert "no sound output" in caplog.text
    player.stop()


def test_demo_window(qtbot, db_path, tmp_path):
    w = open_demo_window(db_path, demo_dir=tmp_path)
    try:
        qtbot.waitUntil(lambda: w.model.loaded, timeout=WAIT)
        assert w.width() == 1280
    finally:
        w.shutdown()
        w.deleteLater()


def test_display_waits_for_a_missing_database_and_recovers(qtbot, tmp_path, player):
    from ult_desktop.db.house.setup import init_database

    path = tmp_path / "share" / "office.db"
    w = DisplayWindow(path, station_id="test-display", tts=False, poll_ms=50, player=player,
                      media_dir=tmp_path / "none")
    try:
        qtbot.waitUntil(lambda: w.station.state == "unavailable", timeout=WAIT)
        assert not w.banner.isHidden()
        assert not w.model.loaded and w.texts()[3] == "Belum ada panggilan"
        path.parent.mkdir()
        init_database(path, demo=True)
        qtbot.waitUntil(lambda: w.model.loaded and w.header.office != "", timeout=WAIT)
        assert w.banner.isHidden()
    finally:
        w.shutdown()
        w.deleteLater()


def test_display_command_without_database_says_what_to_do():
    done = run_cli("display", env={"ULT_DB": ""})
    assert done.returncode == 2
    assert "--db" in done.stderr and "Traceback" not in done.stderr


def test_after_the_merge_the_tv_shows_the_counter_that_keeps_the_visit(
        db, open_display, player, qtbot, tmp_path):
    """B-001 was called at counters 1 and 2 while the file was away; the TV heard both on
    the LAN. Counter 2's journal lands first, then counter 1's (it called first): the TV
    shows B-001 at counter 1 only, speaks nothing more, and a TV started afterwards too."""
    from datetime import timedelta

    from ult_desktop.db.journals.desk_journal import CounterJournal

    # the TV shows the real office day (WIB), so the visit and its calls keep to it
    now = datetime.now(timezone.utc)
    local = now + timedelta(hours=7)
    now += max(timedelta(0), timedelta(minutes=5) - (local - local.replace(
        hour=0, minute=0, second=0, microsecond=0)))
    t = issue_ticket(db, service="B", now=now)
    w = open_display()
    w.model.apply_lan_call(t.number, 1)
    w.model.apply_lan_call(t.number, 2)
    qtbot.waitUntil(lambda: len(player.played) == 2, timeout=WAIT)
    one, two = (CounterJournal(tmp_path / f"{n}.sqlite") for n in ("one", "two"))
    one.record(day=t.day, number=t.number, counter=1, officer_id=None, kind="call",
               now=now - timedelta(minutes=3))
    two.record(day=t.day, number=t.number, counter=2, officer_id=None, kind="call",
               now=now - timedelta(minutes=2))
    two.land(db)
    one.land(db)
    qtbot.waitUntil(lambda: w.model.counters[1]["ticket"] == t.number
                    and w.model.counters.get(2, {}).get("ticket") is None, timeout=WAIT)
    assert [(c.number, c.counter) for c in w.model.last_calls if c.number == t.number] == \
        [(t.number, 1)]
    assert len(player.played) == 2  # the landing is history, not a call to speak
    later = open_display()
    assert [(c.number, c.counter) for c in later.model.last_calls] == [(t.number, 1)]
    assert later.model.counters[1]["ticket"] == t.number


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen: the window is shown
def test_a_flashing_call_draws_the_big_panel_only_when_it_turns(db, open_display, qtbot):
    """A blink has two looks: the panel is drawn again when it turns, not at each of the
    animation's steps (60 a second kept a TV PC's core a third busy through each flash)."""
    from PySide6.QtCore import QEvent, QObject

    from ult_desktop.ui.display.spotlight import FLASH_LOOPS

    w = open_display(flash_ms=300)
    w.show()
    qtbot.waitExposed(w)
    paints: list[float] = []

    class Count(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                paints.append(w.call_panel.flash)
            return False

    counter = Count()
    w.call_panel.installEventFilter(counter)
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    qtbot.waitUntil(lambda: w.spotlight.current is not None and
                    w.spotlight.current.number == "A-001", timeout=WAIT)
    qtbot.waitUntil(lambda: not w.spotlight.busy, timeout=WAIT)
    turns = sum(a != b for a, b in zip(paints, paints[1:], strict=False))
    assert turns >= FLASH_LOOPS  # it blinked, visibly
    assert len(paints) <= 4 * FLASH_LOOPS  # and drawn for little else (each step: ~90)


def _lists(services: list[dict]) -> list[tuple]:
    from ult_desktop.ui.display.model import NEXT_PER_SERVICE

    return [(s["prefix"], s["waiting"], list(s["next"][:NEXT_PER_SERVICE])) for s in services]


def test_a_call_shows_while_a_list_reading_is_held_up(db, db_target, open_display, qtbot,
                                                      monkeypatch):
    """The TV's waiting lists are read on their own worker: while a list reading is held up
    (here: it waits for the test's word before it reads), a counter's call reaches the
    screen from the feed; once the reading goes on, the lists are the day read afresh."""
    import threading

    from ult_desktop.db import queries
    from ult_desktop.db.open import open_database

    w = open_display()
    for service in "AAB":
        issue_ticket(db, service=service)
    entered, release = threading.Event(), threading.Event()
    real = queries.queue_snapshot

    def held(conn, **kwargs):
        entered.set()
        release.wait(60)
        return real(conn, **kwargs)

    monkeypatch.setattr(queries, "queue_snapshot", held)
    try:
        issue_ticket(db, service="C")  # the lists are due again: that reading waits
        qtbot.waitUntil(entered.is_set, timeout=WAIT)
        call_next(db, counter=1)
        qtbot.waitUntil(lambda: w.model.latest is not None and
                        w.model.latest.number == "A-001" and
                        w.call_panel.texts()[1] == "A-001", timeout=WAIT)
        assert w.lists.busy and not release.is_set()  # the reading still held up
    finally:
        release.set()
    fresh = open_database(db_target, station="judge", mode="admin")
    try:
        truth = real(fresh)
    finally:
        fresh.close()
    qtbot.waitUntil(lambda: _lists(w.model.services) == _lists(truth["services"]) and
                    {n: c["ticket"] for n, c in w.model.counters.items()} ==
                    {c["number"]: c["ticket"] for c in truth["counters"]}, timeout=WAIT)
    assert [n for s in _lists(w.model.services) for n in s[2]] == ["A-002", "B-001", "C-001"]
