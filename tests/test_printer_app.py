"""Issue then print, against the real database and the loopback printer; the CLI
commands as real processes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from conftest import run_cli
from printer_fixtures import LoopbackPrinter, refused_url

from ult_desktop.app.print_service import (
    print_and_record,
    print_test,
    printer_state,
    reprint_and_record,
    ticket_print_data,
)
from ult_desktop.db import queries
from ult_desktop.db.house.office import set_settings
from ult_desktop.devices.printer.url import parse_printer_url
from ult_desktop.ui.kiosk.jobs import take_ticket


@pytest.fixture
def printer():
    healthy = LoopbackPrinter()
    yield healthy
    healthy.close()


def issue_and_print(db, *, service, printer, priority=False):
    """The kiosk's path: take the ticket (one write, one read), then print it and record
    the printer's answer (on the kiosk's printer worker)."""
    issued = take_ticket(db, service=service, priority=priority)
    result = print_and_record(db, issued.ticket, printer, waiting_ahead=issued.ahead,
                              settings=issued.settings)
    return SimpleNamespace(ticket=issued.ticket, result=result, waiting_ahead=issued.ahead)


def _events(db, number):
    return [(r["kind"], json.loads(r["data"] or "{}")) for r in db.query(
        "SELECT kind, data FROM events WHERE ticket_number = ? ORDER BY id", (number,))]


def _issue_and_wait(db, url, **kwargs):
    issued = issue_and_print(db, service="A", printer=url, **kwargs)
    return issued, issued.result


def test_issue_prints_and_records(db, printer):
    set_settings(db, qr_content="https://skm.example.go.id/?t={code}")
    issue_and_print(db, service="A", printer="none")         # someone already waiting
    issued, result = _issue_and_wait(db, printer.url)
    ticket = issued.ticket
    assert result.ok and issued.waiting_ahead == 1
    (conn,) = printer.wait_closed()
    data = conn.ticket_bytes()
    for text in (ticket.number.encode(), b"BPMP Provinsi Jawa Tengah", b"Nomor Antrean",
                 b"1 orang menunggu di depan Anda",
                 f"https://skm.example.go.id/?t={ticket.code}".encode()):
        assert text in data
    stored = queries.get_ticket(db, ticket_id=ticket.id)
    assert stored.print_status == "printed" and stored.print_error is None
    assert _events(db, ticket.number)[-1][0] == "printed"


def test_dead_printer_costs_nothing_but_a_message(db):
    url = refused_url()
    issued, result = _issue_and_wait(db, url)
    ticket = issued.ticket
    assert not result.ok and ticket.number == "A-001"
    assert "A-001" in result.message() and "cetak ulang" in result.message()
    stored = queries.get_ticket(db, number="A-001")
    assert stored.state.value == "waiting"                  # the ticket is in the queue
    assert stored.print_status == "failed" and "tidak dapat dihubungi" in stored.print_error
    kind, data = _events(db, "A-001")[-1]
    assert kind == "print_failed" and data["printer"].startswith("tcp://127.0.0.1:")
    assert printer_state(url) == "unreachable"


def test_wrong_printer_address_does_not_lose_the_ticket(db):
    issued, result = _issue_and_wait(db, "lpt://1")
    assert not result.ok and result.state == "config" and "tcp://" in result.error
    stored = queries.get_ticket(db, ticket_id=issued.ticket.id)
    assert stored.state.value == "waiting" and stored.print_status == "failed"
    assert _events(db, issued.ticket.number)[-1] == ("print_failed", {
        "printer": "lpt://1", "error": stored.print_error})


@pytest.mark.parametrize("mode", ["hang", "paper_out"])
def test_hanging_or_empty_printer_ticket_still_issued_failure_recorded(db, mode):
    bad = LoopbackPrinter(mode)
    try:
        issued, result = _issue_and_wait(db, bad.url + "?timeout=2")
        assert not result.ok
        stored = queries.get_ticket(db, ticket_id=issued.ticket.id)
        assert stored.print_status == "failed" and stored.state.value == "waiting"
    finally:
        bad.close()


def test_reprint_after_failure(db, printer):
    issued, result = _issue_and_wait(db, refused_url())
    assert not result.ok
    ticket, result = reprint_and_record(db, number=issued.ticket.number, printer=printer.url)
    assert result.ok
    assert ticket.number.encode() in printer.wait_closed()[0].ticket_bytes()
    assert queries.get_ticket(db, ticket_id=ticket.id).print_status == "printed"
    assert [k for k, _ in _events(db, ticket.number)][-3:] == [
        "print_failed", "survey_code_renewed", "printed"]


def test_reprint_gives_a_waiting_visitor_a_new_survey_code_and_a_served_one_none(db,
                                                                                printer):
    """The file keeps only the code's hash: a reprint for a visitor still
    waiting prints a new code and the old one stops working; a visit already over is
    reprinted without a code (a new one would be a second chance to answer for them)."""
    from ult_desktop.db import errors
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.survey import skm as skm_db

    set_settings(db, qr_content="{code}")
    issued = issue_and_print(db, service="A", printer="none")
    old = issued.ticket.code
    ticket, result = reprint_and_record(db, number=issued.ticket.number, printer=printer.url)
    assert result.ok and ticket.code and ticket.code != old
    assert ticket.code.encode() in printer.wait_closed()[0].ticket_bytes()
    call_next(db, counter=1)
    finish(db, counter=1)
    assert skm_db.survey_ticket(db, ticket_code=ticket.code).id == ticket.id
    with pytest.raises(errors.NotFound):
        skm_db.survey_ticket(db, ticket_code=old)
    again, result = reprint_and_record(db, number=ticket.number, printer=printer.url)
    assert result.ok and not again.code
    second = printer.wait_closed(2)[1].ticket_bytes()
    assert ticket.number.encode() in second and ticket.code.encode() not in second
    assert skm_db.survey_ticket(db, ticket_code=ticket.code).id == ticket.id  # still valid
    from ult_desktop.db.record.reconcile import reconcile
    assert reconcile(db)["ok"]  # the new hash travels in the signed event


def test_print_data_comes_from_office_settings(db):
    set_settings(db, office_name="BPMP Provinsi Papua", timezone="WIT",
                 ticket_footer="Sampai jumpa", qr_content="{number}")
    issued = issue_and_print(db, service="B", priority=True, printer="none")
    data = ticket_print_data(db, issued.ticket)
    assert data.office_name == "BPMP Provinsi Papua" and data.timezone == "WIT"
    assert data.priority and data.number.startswith("P-") and data.qr_text() == data.number
    assert data.footer == "Sampai jumpa" and data.waiting_ahead == 0
    assert issued.result.skipped
    assert queries.get_ticket(db, ticket_id=issued.ticket.id).print_status is None


def test_print_test_shows_every_element(printer):
    result = print_test(parse_printer_url(printer.url)).wait(10)
    assert result.ok
    data = printer.wait_closed()[0].ticket_bytes()
    for text in (b"TES PRINTER", b"Nomor Antrean", b"A-123", b"PRIORITAS",
                 b"3 orang menunggu di depan Anda", b"\x1d(k", b"Kode tiket: TES12345"):
        assert text in data
    assert data.endswith(b"\x1dV\x00")


# -- CLI (real processes) -------------------------------------------------------------------

def test_cli_print_test_delivers_a_complete_ticket(printer, tmp_path):
    preview = tmp_path / "test.png"
    r = run_cli("print-test", "--printer", printer.url, "--preview", str(preview))
    assert r.returncode == 0, r.stderr
    assert printer.url.removeprefix("tcp://") in r.stdout
    data = printer.wait_closed()[0].ticket_bytes()
    assert b"TES PRINTER" in data and b"\x1d(k" in data and data.endswith(b"\x1dV\x00")
    assert preview.stat().st_size > 1000


def test_cli_print_test_dead_printer_and_bad_url():
    r = run_cli("print-test", "--printer", refused_url(), "--timeout", "3")
    assert r.returncode == 8 and "tidak dapat dihubungi" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    r = run_cli("print-test", "--printer", "lpt://1")
    assert r.returncode == 2 and "tcp://" in r.stderr and "Traceback" not in r.stderr


def test_cli_take_with_printer_and_reprint(db_path, printer):
    r = run_cli("take", "--db", str(db_path), "--service", "C", "--printer", printer.url,
                "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["number"] == "C-001" and out["printed"] is True
    assert b"C-001" in printer.wait_closed()[0].ticket_bytes()

    dead = refused_url()
    r = run_cli("take", "--db", str(db_path), "--service", "C", "--printer", dead)
    assert r.returncode == 8 and "C-002" in r.stdout          # issued, number shown
    assert "tidak dapat dihubungi" in r.stderr

    r = run_cli("reprint", "--db", str(db_path), "--ticket", "c-2", "--printer", printer.url,
                "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["print_status"] == "printed"
    assert b"C-002" in printer.wait_closed(2)[1].ticket_bytes()

    r = run_cli("reprint", "--db", str(db_path), "--ticket", "C-099", "--printer", printer.url)
    assert r.returncode == 6 and "C-099" in r.stderr

    r = run_cli("take", "--db", str(db_path), "--service", "C", "--printer", "tcp:/oops")
    assert r.returncode == 8 and "C-003" in r.stdout and "tcp://" in r.stderr


def test_cli_printer_status(printer):
    r = run_cli("printer-status", "--printer", printer.url, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"printer": printer.url, "state": "ok", "online": True,
                                    "paper": "ok"}
    printer.mode = "paper_out"
    r = run_cli("printer-status", "--printer", printer.url)
    assert r.returncode == 8 and "kertas habis" in r.stdout
    r = run_cli("printer-status", "--printer", refused_url())
    assert r.returncode == 8 and "tidak dapat dihubungi" in r.stderr


def test_a_counter_s_reprint_request_is_printed_by_the_kiosk_that_issued_the_ticket(
        qtbot, request, db_path, tmp_path):
    """The whole road: a counter asks (an event on the feed), the kiosk window hears it
    and its printer worker prints the ticket again, with a new survey code."""
    from tests.drivers import WAIT, make_kiosk
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import request_reprint
    from ult_desktop.db.queue.numbers import issue_ticket

    window = make_kiosk(qtbot, request, db_path, tmp_path)
    issuer = open_database(db_path, station=window.link.station_name, mode="kiosk")
    counter = open_database(db_path, station="loket-1", mode="counter")
    try:
        ticket = issue_ticket(issuer, service="A")
        before = counter.query("SELECT code_hash FROM tickets WHERE id = ?", (ticket.id,))
        request_reprint(counter, number=ticket.number)
        paper = tmp_path / "tickets"
        qtbot.waitUntil(lambda: paper.is_dir() and any(
            ticket.number.encode() in f.read_bytes() for f in paper.glob("*.escpos")),
            timeout=WAIT)
        assert counter.query("SELECT code_hash FROM tickets WHERE id = ?",
                             (ticket.id,)) != before
    finally:
        issuer.close()
        counter.close()
