"""Kiosk on a real (FUSE) share that goes away and comes back, or crawls."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from tests.drivers import (
    FAST,
    WAIT,
    enter_pin,
    make_kiosk,
    service_button,
    shown_page,
    tap_corner,
    tickets_of_day,
)
from ult_desktop.db.house.setup import DEMO_PINS, init_database
from ult_desktop.db.open import open_database
from ult_desktop.ui.kiosk.flow import SETTINGS, START, TICKET


def _take(qtbot, w, prefix: str, timeout: int = WAIT) -> str:
    """A visitor's touch on the start page once it accepts; the number shown and printed
    (the page then closed)."""
    qtbot.waitUntil(lambda: w.accepting() and shown_page(w) == START, timeout=timeout)
    qtbot.mouseClick(service_button(w, prefix), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET and w.flow.print_outcome is not None,
                    timeout=timeout)
    number = w.view.ticket_page.number.text()
    qtbot.mouseClick(w.view.ticket_page.done, Qt.LeftButton)
    return number


def test_share_outage_while_running_banner_then_recovery(qtbot, request, slow_share,
                                                         tmp_path):
    """A kiosk that holds no numbers stops during an outage, says so, and recovers."""
    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path, hold_numbers=0)
    slow_share.outage("EIO")
    try:
        qtbot.waitUntil(lambda: w.view.banner.isVisible(), timeout=WAIT)
        assert w.view.banner.text().startswith("Basis data tidak dapat dijangkau")
        assert not service_button(w, "A").isEnabled()
        assert not w.view.start_page.priority.isEnabled()
        w.touch_service("A")
        assert shown_page(w) == START
    finally:
        slow_share.restore()
    qtbot.waitUntil(lambda: not w.view.banner.isVisible() and service_button(w, "A").isEnabled(),
                    timeout=WAIT)
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=WAIT)
    assert w.view.ticket_page.number.text() == "A-001"


def test_kiosk_keeps_issuing_through_an_outage_and_everything_lands_once(
        qtbot, request, slow_share, tmp_path):
    """The share goes away; the kiosk keeps giving numbers from what it holds
    (printed at once, kept on its own disk), visitors see no alarm; when the share
    returns every ticket lands once, with its number, touch time and print outcome,
    the chain verifies and the tables equal the log."""
    from ult_desktop.db.record import reconcile
    from ult_desktop.db.record.audit import verify_chain

    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path)
    qtbot.waitUntil(w.link.holds_numbers, timeout=WAIT)
    slow_share.outage("EIO")
    shown = []
    try:
        qtbot.waitUntil(lambda: w.link.state == "unavailable", timeout=WAIT)
        for prefix in ("A", "A", "B", "A"):
            qtbot.waitUntil(lambda: w.accepting() and shown_page(w) == START, timeout=WAIT)
            assert not w.view.banner.isVisible() and service_button(w, prefix).isEnabled()
            qtbot.mouseClick(service_button(w, prefix), Qt.LeftButton)
            qtbot.waitUntil(lambda: shown_page(w) == TICKET and w.flow.print_outcome is not None,
                            timeout=WAIT)
            assert w.flow.print_outcome.ok
            shown.append(w.view.ticket_page.number.text())
            qtbot.mouseClick(w.view.ticket_page.done, Qt.LeftButton)
            qtbot.waitUntil(lambda: shown_page(w) == START, timeout=WAIT)
        assert shown == ["A-001", "A-002", "B-001", "A-003"]
        assert w.link.journal.waiting()[0] == 4
        assert len(list((tmp_path / "tickets").glob("*.escpos"))) == 4
    finally:
        slow_share.restore()
    qtbot.waitUntil(lambda: w.link.journal.waiting()[0] == 0, timeout=30_000)
    db = open_database(path, station="check", mode="cli")
    try:
        tickets = tickets_of_day(db)
        assert sorted(t.number for t in tickets) == sorted(shown)
        assert {t.print_status for t in tickets} == {"printed"}
        assert [t.number for t in sorted(tickets, key=lambda t: t.sort_at)] == shown
        assert verify_chain(db)["ok"]
        assert reconcile.reconcile(db)["ok"]
    finally:
        db.close()


def test_slow_share_never_freezes_the_screen(qtbot, request, slow_share, tmp_path):
    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path, printer_url="none", hold_numbers=0)
    slow_share.set_delay(40)  # every file operation of the share takes 40 ms
    qtbot.mouseClick(service_button(w, "B"), Qt.LeftButton)
    # while the ticket is being written the screen still answers touches at once
    assert shown_page(w) == START and not w.accepting()
    qtbot.mouseClick(w.view.lang_button, Qt.LeftButton)
    assert w.view.lang_button.text() == "Bahasa Indonesia"
    qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=30_000)
    assert w.view.ticket_page.number.text() == "B-001"
    slow_share.set_delay(0)
    db = open_database(path, station="check", mode="cli")
    try:
        assert [t.number for t in tickets_of_day(db)] == ["B-001"]
    finally:
        db.close()


def test_admin_unlocks_during_a_share_outage(qtbot, request, slow_share, tmp_path):
    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path,
                   timings=replace(FAST, admin_idle_ms=60_000))
    qtbot.waitUntil(lambda: w.door.admin_pins is not None, timeout=WAIT)
    slow_share.outage("EIO")
    try:
        qtbot.waitUntil(lambda: w.link.state == "unavailable", timeout=WAIT)
        tap_corner(qtbot, w)
        enter_pin(qtbot, w, DEMO_PINS["sari"])  # not an admin
        qtbot.waitUntil(lambda: w.view.pin_page.ok.isEnabled() and
                        w.view.pin_page.message.text().startswith("PIN salah"), timeout=WAIT)
        enter_pin(qtbot, w, DEMO_PINS["admin"])
        qtbot.waitUntil(lambda: shown_page(w) == SETTINGS, timeout=WAIT)
    finally:
        slow_share.restore()


def test_admin_unlocks_when_the_share_hangs(qtbot, request, slow_share, tmp_path):
    """The share answers so slowly that the PIN check would wait: after pin_wait_ms the
    kept hashes decide."""
    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path, printer_url="none",
                   timings=replace(FAST, admin_idle_ms=60_000, pin_wait_ms=300))
    qtbot.waitUntil(lambda: w.door.admin_pins is not None, timeout=WAIT)
    slow_share.set_delay(400)
    try:
        tap_corner(qtbot, w)
        enter_pin(qtbot, w, DEMO_PINS["admin"])
        qtbot.waitUntil(lambda: shown_page(w) == SETTINGS, timeout=WAIT)
        assert w.link.online  # the connection never failed: the answer was only late
    finally:
        slow_share.set_delay(0)


def test_touch_again_after_a_lost_reply_shows_the_same_ticket(qtbot, request, slow_share,
                                                              tmp_path):
    """The COMMIT reached the file but its reply was lost: the visitor sees an error and
    touches again; the retry carries the same request id and shows that ticket, so no
    second (ghost) ticket waits in the line."""
    path = init_database(slow_share.path / "ult.db", demo=True)
    w = make_kiosk(qtbot, request, path, tmp_path, printer_url="none", hold_numbers=0)
    qtbot.waitUntil(lambda: service_button(w, "A").isEnabled(), timeout=WAIT)
    slow_share.fail("unlink", "EIO", after=True, path="ult.db-journal")
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) not in (START, TICKET), timeout=WAIT)
    qtbot.waitUntil(lambda: w.accepting() and service_button(w, "A").isEnabled(),
                    timeout=30_000)
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=WAIT)
    assert w.view.ticket_page.number.text() == "A-001"
    db = open_database(path, station="check", mode="cli")
    try:
        assert [t.number for t in tickets_of_day(db)] == ["A-001"]
    finally:
        db.close()


def test_the_tv_stays_calm_while_the_share_is_away(qtbot, slow_share, tmp_path):
    """The lobby TV keeps the last calls it showed, with a small dot by the
    clock, and no alarm for the public; the dot goes when the share is back."""
    from tests.drivers import RecordingPlayer
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.display.window import DisplayWindow

    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="counter", mode="counter")
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    db.close()
    tv = DisplayWindow(path, station_id="tv", tts=False, poll_ms=50, player=RecordingPlayer(),
                       media_dir=tmp_path / "none")
    try:
        qtbot.waitUntil(lambda: tv.model.loaded and tv.model.latest is not None,
                        timeout=WAIT)
        slow_share.outage("EIO")
        try:
            qtbot.waitUntil(lambda: tv.station.state == "unavailable", timeout=WAIT)
            assert tv.header.offline and tv.banner.isHidden()
            assert tv.model.latest.number == "A-001"  # the last good state stays
        finally:
            slow_share.restore()
        qtbot.waitUntil(lambda: not tv.header.offline, timeout=WAIT)
        assert tv.banner.isHidden()
    finally:
        tv.shutdown()
        tv.deleteLater()


def test_a_kiosk_re_pointed_and_renamed_mid_outage_lands_its_old_journal_at_once(
        qtbot, request, slow_share, tmp_path):
    """The IT officer re-pointed a kiosk to another spelling of the share (a link to its
    folder) and started it under another name while the share was away: when the share
    returns, the paper its old journal holds lands within 10 s with no touch, with the
    numbers printed on it, and the kiosk never prints a number already issued (paper =
    record)."""

    path = init_database(slow_share.path / "ult.db", demo=True)
    alias = tmp_path / "alias"
    alias.symlink_to(slow_share.path, target_is_directory=True)
    w = make_kiosk(qtbot, request, path, tmp_path)
    qtbot.waitUntil(w.link.holds_numbers, timeout=WAIT)
    slow_share.outage("EIO")
    shown = []
    try:
        qtbot.waitUntil(lambda: w.link.state == "unavailable", timeout=WAIT)
        shown += [_take(qtbot, w, prefix) for prefix in ("A", "A")]
        w.shutdown()
        w2 = make_kiosk(qtbot, request, alias / "ult.db", tmp_path, wait_ready=False,
                        station_id="kiosk-renamed", config_file=tmp_path / "station2.json")
    finally:
        slow_share.restore()
    db = open_database(path, station="check", mode="cli")
    try:
        qtbot.waitUntil(lambda: sorted(t.number for t in tickets_of_day(db)) == shown,
                        timeout=WAIT)  # nobody touched the kiosk
        qtbot.waitUntil(lambda: w2.link.online and w2.view.state is not None
                        and shown_page(w2) == START, timeout=WAIT)
        qtbot.waitUntil(lambda: w2.accepting() and service_button(w2, "A").isEnabled(),
                        timeout=WAIT)
        qtbot.mouseClick(service_button(w2, "A"), Qt.LeftButton)
        qtbot.waitUntil(lambda: shown_page(w2) == TICKET, timeout=WAIT)
        printed = w2.view.ticket_page.number.text()
        assert printed not in shown  # never a number already issued
        qtbot.waitUntil(lambda: w2.link.journal.waiting()[0] == 0, timeout=WAIT)
        assert sorted(t.number for t in tickets_of_day(db)) == sorted([*shown, printed])
    finally:
        db.close()


def test_a_share_only_busy_is_no_outage_in_the_report(qtbot, request, db_path, tmp_path):
    """Another station's process holds the write lock for seconds while visitors take
    numbers: the kiosk gives them (from its held numbers if it must) and they land, but
    the share was never away, so the report names no outage and no held-number tickets."""
    import subprocess
    import sys

    from tests.conftest import ROOT
    from ult_desktop.reports.outages import read_outages

    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(w.link.holds_numbers, timeout=WAIT)
    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "workers.py"), "hold_lock", str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    shown = []
    try:
        assert holder.stdout.readline().strip() == "locked"
        shown += [_take(qtbot, w, prefix) for prefix in ("A", "B", "A")]
        qtbot.wait(6_000)  # a long busy spell: longer than a late landing
    finally:
        holder.stdin.close()
        holder.wait(10)
    qtbot.waitUntil(lambda: w.link.journal.waiting()[0] == 0, timeout=30_000)
    db = open_database(db_path, station="check", mode="cli")
    try:
        tickets = tickets_of_day(db)
        assert sorted(t.number for t in tickets) == sorted(shown)
        assert db.read(lambda conn: read_outages(conn, 0, {t.id for t in tickets})) == []
    finally:
        db.close()
