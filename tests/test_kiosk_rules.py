"""Kiosk: office rules from settings, and a busy or unreachable database."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from tests.drivers import (
    WAIT,
    button_status,
    make_kiosk,
    service_button,
    shown_page,
    tickets_of_day,
    update_service,
)
from ult_desktop.db import queries
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.kiosk import jobs
from ult_desktop.ui.kiosk.flow import MESSAGE, START, TICKET


def _all_buttons_disabled(w) -> bool:
    return (not w.view.start_page.priority.isEnabled() and
            not any(b.isEnabled() for b in w.view.start_page.buttons.values()))


def test_outside_opening_hours_the_kiosk_is_closed(qtbot, kiosk, db):
    set_settings(db, enforce_hours=True, open_days=[])  # closed every day
    qtbot.waitUntil(lambda: kiosk.view.start_page.notice.isVisible())
    assert kiosk.view.start_page.notice.text() == "Layanan hari ini telah ditutup"
    assert "Jam layanan" in kiosk.view.start_page.notice_detail.text()
    assert _all_buttons_disabled(kiosk)
    kiosk.touch_service("A")
    qtbot.mouseClick(kiosk.view.start_page.priority, Qt.LeftButton)
    assert shown_page(kiosk) == START
    assert tickets_of_day(db) == []
    set_settings(db, open_days=[0, 1, 2, 3, 4, 5, 6], open_time="00:00", close_time="23:59")
    qtbot.waitUntil(lambda: not kiosk.view.start_page.notice.isVisible())
    assert service_button(kiosk, "A").isEnabled()


def test_closed_text_in_english(qtbot, kiosk, db):
    set_settings(db, enforce_hours=True, open_days=[0, 1, 2, 3, 4])
    set_settings(db, open_days=[])
    qtbot.waitUntil(lambda: kiosk.view.start_page.notice.isVisible())
    qtbot.mouseClick(kiosk.view.lang_button, Qt.LeftButton)
    assert kiosk.view.start_page.notice.text() == "Service is closed for today"


def test_database_refusal_is_shown_in_one_sentence_then_start(qtbot, request, db, db_path,
                                                             tmp_path):
    # Closed behind the kiosk's back (no feed event): the db layer refuses the ticket
    # (a kiosk issuing every ticket on the share: it holds no numbers).
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, hold_numbers=0)
    db.write(lambda conn: conn.execute(
        "INSERT INTO settings (key, value) VALUES ('enforce_hours', 'true'), "
        "('open_days', '[]') ON CONFLICT(key) DO UPDATE SET value = excluded.value"))
    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == MESSAGE)
    mp = kiosk.view.message_page
    assert mp.heading.text() == "Nomor antrean belum dapat dibuat"
    assert mp.detail.text().startswith("Layanan hari ini telah ditutup")
    qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)
    qtbot.waitUntil(lambda: kiosk.view.start_page.notice.isVisible())
    assert tickets_of_day(db) == []


def test_daily_quota_disables_the_service(qtbot, kiosk, db):
    update_service(db, "A", daily_quota=1)
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: not service_button(kiosk, "A").isEnabled())
    assert button_status(kiosk, "A") == "Kuota hari ini sudah habis"
    assert service_button(kiosk, "B").isEnabled()
    kiosk.touch_service("A")
    assert shown_page(kiosk) == START


def test_service_hours_of_its_own(qtbot, kiosk, db):
    update_service(db, "C", opens="00:00", closes="00:01")
    set_settings(db, enforce_hours=True, open_days=[0, 1, 2, 3, 4, 5, 6], open_time="00:00",
                 close_time="23:59")
    qtbot.waitUntil(lambda: not service_button(kiosk, "C").isEnabled())
    assert button_status(kiosk, "C") == "Dibuka pukul 00:00–00:01"


def test_switched_off_service_disappears(qtbot, kiosk, db):
    update_service(db, "C", active=0)
    qtbot.waitUntil(lambda: list(kiosk.view.start_page.buttons) == ["A", "B"])
    update_service(db, "A", active=0)
    update_service(db, "B", active=0)
    qtbot.waitUntil(lambda: kiosk.view.start_page.notice.isVisible())
    assert kiosk.view.start_page.notice.text().startswith("Belum ada layanan yang aktif")
    assert not kiosk.view.start_page.priority.isEnabled()


def test_unreachable_database_banner_then_automatic_recovery(qtbot, request, tmp_path):
    share = tmp_path / "share"
    path = share / "office.db"
    w = make_kiosk(qtbot, request, path, tmp_path, wait_ready=False)
    qtbot.waitUntil(lambda: w.view.banner.isVisible())
    assert w.view.banner.text().startswith("Basis data tidak dapat dijangkau")
    assert not w.view.start_page.priority.isEnabled()
    w.touch_service("A")
    assert shown_page(w) == START
    share.mkdir()
    init_database(path, demo=True)  # the share is back
    qtbot.waitUntil(lambda: w.link.online and w.view.state is not None, timeout=WAIT)
    assert not w.view.banner.isVisible()
    assert service_button(w, "A").isEnabled()
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)


def test_busy_database_banner_buttons_disabled_and_recovery(qtbot, request, db_path, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr("ult_desktop.db.engine.sqlite.DEFAULT_BUSY_BUDGET_S", 0.3)
    w = make_kiosk(qtbot, request, db_path, tmp_path, hold_numbers=0)
    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another station holds the file for a long time
        qtbot.waitUntil(lambda: w.view.banner.isVisible(), timeout=WAIT)
        assert w.view.banner.text().startswith("Basis data sedang sibuk")
        assert _all_buttons_disabled(w)
        w.touch_service("A")
        assert shown_page(w) == START
        qtbot.mouseClick(w.view.lang_button, Qt.LeftButton)  # the GUI still answers at once
        assert w.view.start_page.title.text() == "Touch the service you need"
        assert w.view.banner.text().startswith("The database is busy")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    qtbot.waitUntil(lambda: not w.view.banner.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: service_button(w, "A").isEnabled())


def test_a_kiosk_holding_numbers_gives_paper_while_another_station_holds_the_file(
        qtbot, request, db_path, tmp_path, monkeypatch):
    """Touch -> paper never waits for the share. The file is locked by
    another station for as long as the visitor is there: the number is shown and
    printed at once from the kiosk's held numbers, and lands once the lock is gone."""
    monkeypatch.setattr("ult_desktop.db.engine.sqlite.DEFAULT_BUSY_BUDGET_S", 0.3)
    w = make_kiosk(qtbot, request, db_path, tmp_path)
    qtbot.waitUntil(w.link.holds_numbers)
    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        qtbot.mouseClick(service_button(w, "B"), Qt.LeftButton)
        qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=WAIT)
        assert w.view.ticket_page.number.text() == "B-001"
        qtbot.waitUntil(lambda: w.flow.print_outcome is not None, timeout=WAIT)
        assert w.flow.print_outcome.ok
        assert list((tmp_path / "tickets").iterdir())
        assert w.link.journal.waiting()[0] == 1  # on the kiosk's disk, not in the file yet
        assert not w.view.banner.isVisible()  # visitors are not alarmed
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    qtbot.waitUntil(lambda: w.link.journal.waiting()[0] == 0, timeout=WAIT)
    db = open_database(db_path, station="check", mode="cli")
    try:
        [ticket] = tickets_of_day(db)
        assert (ticket.number, ticket.station) == ("B-001", "kiosk-test")
        # its print outcome landed with it, or (the printer answered while it was
        # landing) rides with the kiosk's next write, as any kiosk's print result
        w.link.land()
        qtbot.waitUntil(lambda: tickets_of_day(db)[0].print_status == "printed",
                        timeout=WAIT)
    finally:
        db.close()


def test_model_state_marks_blocked_services(db):
    update_service(db, "B", daily_quota=0)
    state = jobs.load_state(db)
    tiles = {t.prefix: t for t in state.services}
    assert tiles["B"].blocked == jobs.QUOTA
    assert tiles["A"].blocked is None
    assert state.office_open and state.any_available
    set_settings(db, enforce_hours=True, open_days=[])
    assert not jobs.load_state(db).office_open
    assert json.loads(db.query("SELECT value FROM settings WHERE key='open_days'")[0][0]) == []


def test_take_ticket_reports_people_ahead(db):
    issue_ticket(db, service="A")
    issued = jobs.take_ticket(db, service="A")
    assert issued.ticket.number == "A-002" and issued.ahead == 1
    assert issued.wait_band is None  # a new office: too few visits to promise a wait
    prio = jobs.take_ticket(db, service="A", priority=True)
    assert prio.ticket.number == "P-001" and prio.ahead == 0


def test_a_committed_ticket_is_shown_even_if_the_share_fails_right_after(db, monkeypatch):
    from ult_desktop.db import errors

    def vanished(*args, **kwargs):
        raise errors.ShareUnavailable(path="x")

    monkeypatch.setattr(queries, "read_waiting_ahead", vanished)  # the read after the write
    issued = jobs.take_ticket(db, service="A")
    assert issued.ticket.number == "A-001" and issued.ahead is None
    assert [t.number for t in tickets_of_day(db)] == ["A-001"]


def test_kiosk_shows_the_number_without_extras_after_a_late_failure(qtbot, request, db_path,
                                                                   tmp_path, monkeypatch):
    from ult_desktop.db import errors

    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, hold_numbers=0)

    def vanished(*args, **kwargs):
        raise errors.ShareUnavailable(path="x")

    monkeypatch.setattr(queries, "read_waiting_ahead", vanished)
    qtbot.mouseClick(service_button(kiosk, "B"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert kiosk.view.ticket_page.number.text() == "B-001"
    assert not kiosk.view.ticket_page.ahead.isVisible()
    assert not kiosk.view.ticket_page.estimate.isVisible()


def test_a_kiosk_whose_clock_is_off_says_what_to_set_and_issues_nothing(
        qtbot, request, db, db_path, tmp_path, monkeypatch):
    """The kiosk's heartbeat found its clock an hour ahead of the share's
    (measured for real under faketime in tests/test_clock.py): the banner says what to
    set, no number is given; once the clock is right, the next heartbeat clears it."""
    from PySide6.QtCore import QMetaObject

    from ult_desktop.db.house import stations

    monkeypatch.setattr(stations, "measure_clock", lambda db: 3600.0)
    w = make_kiosk(qtbot, request, db_path, tmp_path, wait_ready=False)
    qtbot.waitUntil(lambda: w.view.banner.isVisible() and "lebih cepat" in
                    w.view.banner.text(), timeout=WAIT)
    assert "60 menit" in w.view.banner.text() and "zona waktu" in w.view.banner.text()
    qtbot.waitUntil(lambda: _all_buttons_disabled(w))
    w.touch_service("A")
    assert shown_page(w) == START and tickets_of_day(db) == []
    monkeypatch.setattr(stations, "measure_clock", lambda db: 1.5)  # set right
    QMetaObject.invokeMethod(w.link.station._worker, "beat_now", Qt.QueuedConnection)
    qtbot.waitUntil(lambda: not w.view.banner.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: service_button(w, "A").isEnabled())
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)


def test_a_kiosk_whose_journal_cannot_be_written_issues_on_the_share_and_says_so(
        qtbot, request, db_path, tmp_path, db):
    """A full disk or an antivirus lock on the journal: the kiosk still issues while the
    share answers, and the admin's station list names the problem."""
    from PySide6.QtCore import QMetaObject

    from ult_desktop.app.trust_memory import journal_path
    from ult_desktop.db.house.stations import list_stations
    from ult_desktop.ui.admin.stations import HeartbeatTracker

    journal_path(db_path, "kiosk-nojournal").mkdir(parents=True)  # a folder where the file goes
    w = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-nojournal")
    assert w.link.journal.error
    w.touch_service("A")
    qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=WAIT)
    assert w.view.ticket_page.number.text() == "A-001"
    assert db.query("SELECT station FROM tickets WHERE number = 'A-001'")[0][0] == \
        "kiosk-nojournal"  # on the share at once
    QMetaObject.invokeMethod(w.link.station._worker, "beat_now", Qt.QueuedConnection)  # its beat
    qtbot.waitUntil(lambda: any(v.journal_error for v in HeartbeatTracker().observe(
        list_stations(db)) if v.id == "kiosk-nojournal"), timeout=WAIT)


def test_a_kiosk_restarted_while_the_share_is_away_starts_from_its_disk(
        qtbot, request, db_path, tmp_path):
    """The kiosk PC restarted during the outage: its start screen, services and held
    numbers come from its own disk, the visitor gets paper, and it lands when the share
    is back."""
    first = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-restart")
    qtbot.waitUntil(first.link.holds_numbers, timeout=WAIT)
    first.shutdown()
    away = db_path.with_name("office.db.away")
    db_path.rename(away)  # the share is gone
    w = make_kiosk(qtbot, request, db_path, tmp_path / "again", wait_ready=False,
                   station_id="kiosk-restart")
    qtbot.waitUntil(lambda: w.view.state is not None and not w.link.online, timeout=WAIT)
    assert [s.prefix for s in w.view.state.services] == ["A", "B", "C"]
    qtbot.waitUntil(lambda: w.link.can_issue(), timeout=WAIT)
    w.touch_service("B")
    qtbot.waitUntil(lambda: shown_page(w) == TICKET, timeout=WAIT)
    number = w.view.ticket_page.number.text()
    assert number.startswith("B-")
    away.rename(db_path)  # back
    db = open_database(db_path, station="check", mode="test")
    try:
        qtbot.waitUntil(lambda: db.query("SELECT COUNT(*) FROM tickets WHERE number = ?",
                                         (number,))[0][0] == 1, timeout=WAIT)
    finally:
        db.close()
