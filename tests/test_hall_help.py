"""*Butuh bantuan*: a visitor at the kiosk calls an officer; every counter sees which kiosk
and since when until one officer answers, and the time to help is kept (db.visit.hall)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.drivers import WAIT, login, make_kiosk, shown_page
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import stations
from ult_desktop.db.visit import hall
from ult_desktop.ui.kiosk.flow import MESSAGE


def test_a_visitor_calls_for_help_and_one_officer_answers(qtbot, request, db_path, tmp_path,
                                                           db, station_window):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-pintu")
    one, two = station_window("counter-one"), station_window("counter-two")
    login(qtbot, one, "sari", 1)
    login(qtbot, two, "budi", 2)
    qtbot.mouseClick(kiosk.help.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == MESSAGE and kiosk.help.calls == 1,
                    timeout=WAIT)
    assert kiosk.view.message_page.detail.text() == tr("kiosk.help.called")
    for w in (one, two):  # every counter sees it, with the kiosk's name
        qtbot.waitUntil(lambda w=w: not w.help.isHidden(), timeout=WAIT)
        assert "kiosk-pintu" in w.help.label.text()
    qtbot.mouseClick(one.help.go, Qt.LeftButton)
    for w in (one, two):  # answered once: gone everywhere
        qtbot.waitUntil(lambda w=w: w.help.isHidden(), timeout=WAIT)
    assert one.status.label.text().startswith(tr("counter.help.answered", minutes=0)[:20])
    [row] = db.query("SELECT data FROM events WHERE kind = ?", (hall.HELP_ANSWERED,))
    assert '"kiosk": "kiosk-pintu"' in row[0] and '"minutes"' in row[0]
    assert db.read(hall.read_open_calls) == []


def test_a_call_answered_by_another_officer_is_refused_in_one_sentence(db):
    kiosk_db = db
    call = hall.request_help(kiosk_db)
    hall.answer_help(db, event_id=call, officer_id=2)
    import pytest

    from ult_desktop.db.errors import RuleViolation
    with pytest.raises(RuleViolation) as refused:
        hall.answer_help(db, event_id=call, officer_id=3)
    assert str(refused.value) == tr("counter.help.taken")


def test_a_kiosk_that_cannot_send_the_call_sends_the_visitor_to_a_counter(
        qtbot, request, db_path, tmp_path):
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-sunyi")
    kiosk.help._failed(OSError("share gone"))  # the write could not reach the record
    assert shown_page(kiosk) == MESSAGE
    assert kiosk.view.message_page.detail.text() == tr("kiosk.help.go_to_counter")


def test_the_monthly_report_has_a_page_for_vulnerable_groups(db, tmp_path):
    """Help calls and their time to help, and each priority group's wait against the
    other visitors', in the monthly report (data and PDF)."""
    from datetime import date, datetime, timedelta, timezone

    from pypdf import PdfReader

    from tests.conftest import clear_of_midnight
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import build_pdf

    now = clear_of_midnight(datetime.now(timezone.utc))
    call = hall.request_help(db, now=now - timedelta(minutes=4))
    hall.answer_help(db, event_id=call, officer_id=2, now=now)
    elder = issue_ticket(db, service="A", priority_group="lansia", now=now)
    call_next(db, counter=3, now=now + timedelta(minutes=2))
    other = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now + timedelta(minutes=10))
    day = date.fromisoformat(elder.day)
    data = collect(db, day, day)
    assert data.help_minutes == [4.0]
    waits = dict(data.vulnerable_waits())
    assert waits["elderly"].median == 2.0 and waits[None].median == 10.0
    assert other.number
    out = build_pdf(db, day, day, tmp_path / "r.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Layanan ramah kelompok rentan" in text


def test_every_counter_sees_a_kiosk_printer_that_needs_an_officer(qtbot, request, db_path,
                                                                  tmp_path, db, station_window):
    """The kiosk's printer, asked between visitors, opens its cover: every counter reads
    which kiosk and what to do at once (an event of the record, not a guess), a counter
    signing in later too (from the heartbeat row); closed again, the line goes."""
    from printer_fixtures import LoopbackPrinter

    printer = LoopbackPrinter("cover_open")
    request.addfinalizer(printer.close)
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path, station_id="kiosk-pintu",
                       printer_url=printer.url)
    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    kiosk.link.printer.probe()
    words = tr("printer.status.cover_open")
    qtbot.waitUntil(lambda: not one.help.isHidden() and words in one.help.label.text(),
                    timeout=WAIT)
    assert "kiosk-pintu" in one.help.label.text() and one.help.go.isHidden()
    two = station_window("counter-two")
    login(qtbot, two, "budi", 2)  # signed in after: the stations table says it
    qtbot.waitUntil(lambda: words in two.help.label.text(), timeout=WAIT)
    printer.mode = "ok"
    kiosk.link.printer.probe()
    for w in (one, two):
        qtbot.waitUntil(lambda w=w: w.help.isHidden(), timeout=WAIT)
    import json

    told = [json.loads(r[0])["state"] for r in db.query(
        "SELECT data FROM events WHERE kind = ? ORDER BY id", (stations.PRINTER_STATE,))]
    assert told == ["cover_open", "ok"] and set(printer.tickets()) <= {b""}  # nothing printed


def test_a_help_call_only_a_kiosk_s_key_makes_by_its_registered_name(db_path, tmp_path):
    """In a signed office, a share writer's or a TV's help call with a 2,000-character
    rich-text label lists nowhere; a kiosk's is named by the label the admin registered
    for its key, never by the text its event carries."""
    from tests.drivers import register_stations
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.events import append_event
    from ult_desktop.db.visit.hall import open_calls

    admin, keys = register_stations(db_path, tmp_path, (("kiosk-pintu", "kiosk"),
                                                        ("tv-lobi", "display")))
    loud = "<h1 style='font-size:90px'>" + "TOLONG " * 290 + "</h1>"
    tv = open_database(db_path, station="tv-lobi", mode="display")
    tv.set_signer(keys["tv-lobi"])
    tv.write(lambda conn: append_event(conn, loud, "help_requested"))
    tv.close()
    kiosk = open_database(db_path, station="kiosk-pintu", mode="kiosk")
    kiosk.set_signer(keys["kiosk-pintu"])
    kiosk.write(lambda conn: append_event(conn, loud, "help_requested"))
    kiosk.close()
    calls = open_calls(admin)
    admin.close()
    assert [c.station for c in calls] == ["kiosk-pintu"]
