"""The wait band: how often the band printed on the ticket held, in the monthly report,
and the band calibrated on how long the office's own visitors waited (real office files)."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from tests.drivers import WAIT, free_tcp_port, phone_answer
from tests.reports_month import pdf_text
from ult_desktop.core.band import Band, ratios_for
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.phone import band_hit, hit_rate
from ult_desktop.db import queries
from ult_desktop.db.house.office import read_settings, set_settings
from ult_desktop.db.queue import wait
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
from ult_desktop.reports.data import collect
from ult_desktop.reports.pdf import build_pdf

pytestmark = pytest.mark.engines


def test_the_band_counts_a_call_inside_it():
    assert band_hit((10, 20), 10) and band_hit((10, 20), 20) and not band_hit((10, 20), 21)
    assert hit_rate([((10, 20), 15), ((0, 5), 9), ((0, 0), 1)]) == 0.5  # nobody ahead: none
    assert hit_rate([]) is None


def _yesterday_morning(db):
    """09:00 of the office's yesterday: its visits never cross the office's midnight,
    whatever the hour the test runs."""
    tz = db.read(lambda conn: read_settings(conn, ("timezone",)))["timezone"]
    local = local_time(utc_now(), tz) - timedelta(days=1)
    return local.replace(hour=9, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def _visit(db, *, issued, called_after_min: float, band, outbox: PrintOutbox | None = None):
    ticket = issue_ticket(db, service="A", now=issued)
    record_print_result(db, ticket_id=ticket.id, ok=True, printer="usb://x",
                        band=band, outbox=outbox, now=issued)
    if outbox is not None:
        outbox.flush(db)
    call_next(db, counter=1, now=issued + timedelta(minutes=called_after_min))
    start_serving(db, counter=1, now=issued + timedelta(minutes=called_after_min))
    finish(db, counter=1, now=issued + timedelta(minutes=called_after_min + 6))
    return ticket


def test_the_monthly_report_shows_how_often_the_printed_band_held(db, tmp_path):
    start = _yesterday_morning(db)
    _visit(db, issued=start, called_after_min=12, band=(10, 20))             # inside
    _visit(db, issued=start + timedelta(minutes=20), called_after_min=4,      # inside,
           band=(0, 5), outbox=PrintOutbox())                                 # kiosk's way
    _visit(db, issued=start + timedelta(minutes=40), called_after_min=25, band=(10, 20))
    _visit(db, issued=start + timedelta(minutes=70), called_after_min=1, band=None)
    day = utc_now().date()
    data = collect(db, day - timedelta(days=1), day + timedelta(days=1))
    assert sorted(b for b, _ in data.band_hits) == [[0, 5], [10, 20], [10, 20]]
    assert round(hit_rate(data.band_hits), 3) == 0.667
    out = tmp_path / "report.pdf"
    build_pdf(db, day - timedelta(days=1), day + timedelta(days=1), out)
    text = " ".join(pdf_text(out).split())
    assert "Perkiraan waktu tunggu pada tiket: 66,7% pengunjung dipanggil dalam rentang " \
           "yang tertulis (3 tiket; target 80%" in text


def _served_today(db, minutes):
    """A visit of service A an hour ago per service time in *minutes*, today in the
    office's zone; the last ticket."""
    from conftest import roomy_zone

    # an hour ago is today, whatever the hour (the office's zone), and the day's end
    # far enough ahead that the band is not cut by it ("mungkin tidak terlayani")
    roomy_zone(db, ahead=timedelta(minutes=45))
    start = utc_now() - timedelta(hours=1)
    for served in minutes:
        ticket = issue_ticket(db, service="A", now=start)
        call_next(db, counter=1, now=start)
        start_serving(db, counter=1, number=ticket.number, now=start)
        finish(db, counter=1, now=start + timedelta(minutes=served))
    return ticket


def test_a_band_that_held_too_seldom_yesterday_is_wider_today(db):
    """Yesterday every visitor waited 25 minutes where the run said 3: today's band for
    the same line reaches far further than the run's (the ratios learnt from the print
    events, which keep the run each band came from). The day told of is the office's
    yesterday and the day before it, not today: today's closing, an hour or two ahead in
    the evening, would cut the band whatever the ratios."""
    day = _yesterday_morning(db)
    before = day - timedelta(days=1)
    for n in range(25):  # every band printed the day before was too short
        _visit(db, issued=before + timedelta(minutes=10 * n), called_after_min=25,
               band=Band(0, 5, 3.0))
    set_settings(db, serving_until="23:59")
    start = day + timedelta(hours=3)
    for served in range(5, 11):  # the day's service times: 5 to 10 minutes
        ticket = issue_ticket(db, service="A", now=start)
        call_next(db, counter=1, now=start)
        start_serving(db, counter=1, number=ticket.number, now=start)
        finish(db, counter=1, now=start + timedelta(minutes=served))
    now = start + timedelta(hours=1)
    last = [issue_ticket(db, service="A", now=now) for _ in range(4)][-1]
    wait._ratios.clear()  # as on the day's first read
    today = db.read(queries.read_phone_day)  # the phone's today: both days behind it
    assert ratios_for(today["ratios"], last.service_id, 3.0)[0] > 3  # (25+2)/(3+2) the run
    low, high = db.read(lambda conn: queries.read_ticket_band(conn, last, now))[1]
    assert low > 3 * last_run(db, last, now) and high > low


def last_run(db, ticket, now=None):
    from ult_desktop.core.band import call_in

    return call_in(db.read(lambda conn: wait.read_band_day(conn, now or utc_now())),
                   ticket.id)


def test_the_band_shown_on_the_phone_is_counted_by_its_station_and_reported(
        db, open_display, qtbot, tmp_path):
    """The TV serves the page (a real socket); two visitors follow their tickets, are
    shown a band and called, one inside it and one before it: when the TV stops, its worker
    writes the day's one count (no ticket in it) and the monthly report shows the share."""
    from ult_desktop.core.phone import PHONE_BAND_DAY

    _served_today(db, (4, 4, 5, 5, 6, 6))  # today's service times: 4 to 6 minutes
    set_settings(db, serving_until="23:59")  # never past closing, whatever the hour
    tickets = [issue_ticket(db, service="A") for _ in range(4)]
    port = free_tcp_port()
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    w = open_display()
    qtbot.waitUntil(lambda: w.pc.phone.server is not None, timeout=WAIT)
    near, far = tickets[1], tickets[3]
    shown = {t.id: phone_answer(port, t.code)["lines"] for t in (near, far)}
    assert shown[near.id][-1].startswith("kurang dari") and "–" in shown[far.id][-1]
    for _ in tickets:  # called at once: inside the near one's band, before the far one's
        call_next(db, counter=1)
        finish(db, counter=1)
    qtbot.waitUntil(lambda: phone_answer(port, far.code)["status"] == "done", timeout=WAIT)
    w.shutdown()  # the station stops: today's count is written by its worker
    rows = db.query("SELECT ticket_id, ticket_number, data FROM events WHERE kind = ?",
                    (PHONE_BAND_DAY,))
    assert len(rows) == 1 and rows[0][:2] == (None, None)
    import json
    assert json.loads(rows[0][2]) == {"day": tickets[0].day, "shown": 2, "inside": 1}
    assert all(t.code not in rows[0][2] and t.number not in rows[0][2] for t in tickets)
    day = utc_now().date()
    data = collect(db, day - timedelta(days=1), day + timedelta(days=1))
    assert data.phone_bands == (2, 1)
    out = tmp_path / "report.pdf"
    build_pdf(db, day - timedelta(days=1), day + timedelta(days=1), out)
    text = " ".join(pdf_text(out).split())
    assert "Perkiraan waktu tunggu di ponsel: 50,0% pengunjung dipanggil dalam rentang " \
           "yang ditampilkan (2 pengunjung" in text


def test_the_calibration_reads_the_visitors_called_last_not_those_never_called(db):
    """An overloaded yesterday: its last visitors were never called (their bands say
    nothing yet), and the 30 called before them all waited 20 minutes where the run said
    5; the day before, every run was right. The sample is the visitors called last,
    newest call first."""
    yesterday = _yesterday_morning(db)
    before = yesterday - timedelta(days=1)
    for n in range(90):  # the day before: called when the run said
        _visit(db, issued=before + timedelta(minutes=n), called_after_min=3,
               band=Band(1, 6, 3.0))
    for n in range(30):  # yesterday: called at 20 minutes, four times the run
        _visit(db, issued=yesterday + timedelta(minutes=n), called_after_min=20,
               band=Band(3, 8, 5.0))
    for _ in range(110):  # and yesterday's last, never called
        ticket = issue_ticket(db, service="A", now=yesterday + timedelta(hours=2))
        record_print_result(db, ticket_id=ticket.id, ok=True, printer="usb://x",
                            band=Band(30, 60, 45.0), now=yesterday + timedelta(hours=2))
    today = local_time(utc_now(), "WIB").date().isoformat()
    runs = db.read(lambda conn: wait.recent_runs(conn, today, sample=100))
    assert len(runs) == 100 and [r[1:3] for r in runs[:30]] == [(5.0, pytest.approx(20))] * 30
    wait._ratios.clear()
    calibration = db.read(lambda conn: wait.read_ratios(conn, today))
    assert len(calibration.samples) == 120  # the 400 last called: all 120 here
    low, high = ratios_for(calibration, runs[0][0], 5.0, runs[0][3])
    assert low == pytest.approx(1.0) and high > 2  # the 30 alike waited 3x, others 1x
