"""The wait band in real layouts, on real office files driven at simulated moments: a
counter serving two services counts once, a counter nobody sits at counts not at all,
a few days of the bench's family (``bench/office_days.py``) hold, and the monthly report
counts what the bench counts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bench.office_days import FIRST_DAY, SCENARIOS, honesty, run_days
from ult_desktop.core.phone import band_hit, hit_rate
from ult_desktop.db import queries
from ult_desktop.db.house import office
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record import audit

#: 08:00 WIB of the test's office day
MORNING = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 1, tzinfo=timezone.utc)
VISIT = timedelta(minutes=5)


def _serve_until_called(db, ticket, counters, start):
    """Each counter finishes its visit and calls the next every 5 minutes until *ticket*
    is called: the minutes it waited from *start*."""
    now = start
    while True:
        for counter in counters:
            if _holds(db, counter):
                finish(db, counter=counter, now=now)
            called = call_next(db, counter=counter, now=now)
            if called is not None and called.id == ticket.id:
                return (now - start).total_seconds() / 60
        now += VISIT


def _holds(db, counter):
    return bool(db.query("SELECT 1 FROM tickets WHERE counter_number = ? AND "
                         "state IN ('called', 'serving')", (counter,)))


def _morning(db, counters, services):
    """An hour of visits 08:00-09:00 at *counters*, each a visit of 5 minutes, the
    services taking turns: the office's recent service times and each desk's calls."""
    now, turn = MORNING, 0
    while now < MORNING + timedelta(hours=1):
        for counter in counters:
            issue_ticket(db, service=services[turn % len(services)], now=now)
            call_next(db, counter=counter, now=now)
            finish(db, counter=counter, now=now + VISIT)
        now, turn = now + VISIT, turn + 1
    return now


def _line(db, services, count, now):
    """*count* visitors waiting, the services taking turns; then the one whose band is
    read: its ticket and that band."""
    for n in range(count):
        issue_ticket(db, service=services[n % len(services)], now=now)
    ticket = issue_ticket(db, service="A", now=now)
    _, band = db.read(lambda conn: queries.read_ticket_band(conn, ticket, now))
    return ticket, band


def test_a_counter_serving_two_services_counts_once_for_both(db):
    """Counters 1 and 2 both serve A and B and have been calling them in turn: for a
    visitor of A the line is both services' visitors over two desks, not A's over two
    desks each (the band said half the wait)."""
    for number in (1, 2):
        office.set_counter_services(db, number=number, service_prefixes=["A", "B"])
    office.set_counter_services(db, number=3, service_prefixes=["C"])
    now = _morning(db, (1, 2), ["A", "B"])
    ticket, band = _line(db, ["A", "B"], 16, now)  # 8 of A ahead, 8 of B among them
    waited = _serve_until_called(db, ticket, (1, 2), now)
    assert waited == pytest.approx(40, abs=5)
    assert band is not None and band_hit(band, waited), (band, waited)


def test_a_counter_nobody_came_to_does_not_shorten_the_wait(db):
    """Counters 1, 2 and 3 are set to serve A, but only counter 1 has anyone at it today
    (it calls): one desk, not three (the band said a third of the wait)."""
    for number in (1, 2, 3):
        office.set_counter_services(db, number=number, service_prefixes=["A"])
    now = _morning(db, (1,), ["A"])
    ticket, band = _line(db, ["A"], 8, now)
    waited = _serve_until_called(db, ticket, (1,), now)
    assert waited == pytest.approx(40, abs=5)
    assert band is not None and band_hit(band, waited), (band, waited)


def test_a_counter_whose_officer_signed_out_does_not_shorten_the_wait(db):
    """Counter 2 serves A too, but its officer signed out at 09:00: counter 1 alone
    calls, and the band says so; when the officer is back, the band is shorter."""
    for number in (1, 2):
        office.set_counter_services(db, number=number, service_prefixes=["A"])
    office.set_counter_services(db, number=3, service_prefixes=["C"])
    audit.record_session(db, audit.OFFICER_LOGIN, "budi", counter=2, now=MORNING)
    now = _morning(db, (1, 2), ["A"])
    audit.record_session(db, audit.OFFICER_LOGOUT, "budi", counter=2, now=now)
    ticket, band = _line(db, ["A"], 8, now)
    audit.record_session(db, audit.OFFICER_LOGIN, "budi", counter=2, now=now)
    _, again = db.read(lambda conn: queries.read_ticket_band(conn, ticket, now))
    assert again is not None and again[1] < band[1]
    audit.record_session(db, audit.OFFICER_LOGOUT, "budi", counter=2, now=now)
    waited = _serve_until_called(db, ticket, (1,), now)
    assert waited == pytest.approx(40, abs=5)
    assert band is not None and band_hit(band, waited), (band, waited)


@pytest.mark.parametrize("name", ["demo", "late_counter"])
def test_a_few_office_days_of_the_family_hold(tmp_path, name):
    """Three seeded days of the bench's family: most visitors called inside their band,
    few after it, bands not wider than the wait they promise."""
    scenario = next(s for s in SCENARIOS if s.name == name)
    path, shown = run_days(scenario, 3, 11, tmp_path)
    figures = honesty(path, shown, 3)
    # (enough bands to judge: no band is shown while no desk of the service serves)
    assert figures["bands"] >= 140 and figures["shown_share"] >= 0.9, figures
    assert figures["hit_rate"] >= 0.75 and figures["late_share"] <= 0.2, figures
    assert figures["median_width_ratio"] <= 2.5, figures


def test_the_monthly_report_counts_what_the_bench_counts(tmp_path):
    """On the bench's own file, the monthly report's share of visitors called inside
    the band on their paper is the bench's own count of its tickets."""
    from tests.reports_month import pdf_text
    from ult_desktop.db.open import open_database
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import build_pdf

    scenario = next(s for s in SCENARIOS if s.name == "ishoma")
    path, shown = run_days(scenario, 2, 3, tmp_path)
    figures = honesty(path, shown, 2)
    last = FIRST_DAY + timedelta(days=1)
    db = open_database(path, station="report", mode="admin")
    try:
        data = collect(db, FIRST_DAY, last)
        out = tmp_path / "report.pdf"
        build_pdf(db, FIRST_DAY, last, out)
    finally:
        db.close()
    assert len(data.band_hits) == figures["own_count"] > 50
    assert hit_rate(data.band_hits) == pytest.approx(figures["own_hit_rate"])
    assert figures["hit_rate"] == pytest.approx(figures["own_hit_rate"])  # what it prints
    share = f"{figures['own_hit_rate'] * 100:.1f}".replace(".", ",")
    assert f"Perkiraan waktu tunggu pada tiket: {share}% pengunjung dipanggil dalam " \
           f"rentang yang tertulis ({int(figures['own_count'])} tiket" in \
           " ".join(pdf_text(out).split())
