"""Printer URLs, backends and background jobs against real sockets and files.

The loopback printer (tests/printer_fixtures.py) is a listening TCP socket driven by the
real python-escpos ``Network`` backend."""

from __future__ import annotations

import os
import stat
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image
from printer_fixtures import LoopbackPrinter, PtyPrinter, refused_url

from ult_desktop.core.ticket_layout import TicketPrintData, build_layout
from ult_desktop.devices.printer.backends import read_status
from ult_desktop.devices.printer.errors import PrinterConfigError, PrinterError
from ult_desktop.devices.printer.escpos_render import render_escpos
from ult_desktop.devices.printer.jobs import PrintSpooler
from ult_desktop.devices.printer.url import parse_printer_url

pytestmark = pytest.mark.windows

TICKET = TicketPrintData(number="B-012", service_name="Dapodik",
                         issued_at=datetime(2025, 12, 1, 8, 0, tzinfo=timezone.utc),
                         waiting_ahead=2, code="K2M9QX7A", office_name="BPMP Jawa Tengah",
                         footer="Terima kasih atas kunjungan Anda")
EXPECTED = render_escpos(build_layout(TICKET))


# -- URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, fields", [
    ("usb://04b8:0202", {"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0202}),
    ("usb://0x0416:0x5011?width=58", {"kind": "usb", "product_id": 0x5011, "width_mm": 58}),
    ("tcp://192.168.1.50:9100", {"kind": "tcp", "target": "192.168.1.50", "port": 9100,
                                 "status": "on"}),
    ("tcp://printer.local", {"kind": "tcp", "target": "printer.local", "port": 9100}),
    ("serial:///dev/ttyUSB0?baud=19200", {"kind": "serial", "target": "/dev/ttyUSB0",
                                          "baudrate": 19200, "status": "auto"}),
    ("serial://COM3", {"kind": "serial", "target": "COM3"}),
    ("file:///dev/usb/lp0", {"kind": "file", "target": "/dev/usb/lp0"}),
    ("win32://EPSON TM-T82 Receipt", {"kind": "win32", "target": "EPSON TM-T82 Receipt"}),
    ("win32://POS%2058", {"kind": "win32", "target": "POS 58"}),
    ("cups://kiosk_printer", {"kind": "cups", "target": "kiosk_printer"}),
    ("virtual:///tmp/tickets?width=58", {"kind": "virtual",  # Windows: \\tmp\\tickets
                                         "target": str(Path("/tmp/tickets")), "width_mm": 58}),
    ("none", {"kind": "none", "enabled": False}),
    ("", {"kind": "none"}),
    ("tcp://10.0.0.9:9100?profile=tm-t20ii&timeout=3&status=off",
     {"profile": "TM-T20II", "timeout_s": 3.0, "status": "off"}),
])
def test_printer_urls(url, fields):
    cfg = parse_printer_url(url)
    for name, value in fields.items():
        assert getattr(cfg, name) == value, name


def test_station_options_override_the_url():
    cfg = parse_printer_url("tcp://10.0.0.9?width=80", width_mm="58", profile="POS-5890",
                            timeout_s=2)
    assert (cfg.width_mm, cfg.profile, cfg.timeout_s) == (58, "POS-5890", 2.0)
    assert cfg.display() == "tcp://10.0.0.9:9100"


@pytest.mark.parametrize("url, fragment", [
    ("192.168.1.50", "tidak dikenal"),
    ("lpt://1", "tidak dikenal"),
    ("usb://epson", "tidak dikenal"),
    ("tcp://host:99999", "tidak dikenal"),
    ("tcp://", "tidak dikenal"),
    ("tcp://host?width=76", "58 atau 80"),
    ("tcp://host?profile=TM-X999", "TM-T20II"),
    ("tcp://host?timeout=soon", "angka"),
    ("tcp://host?colour=red", "width"),
    ("usb://04b8:0202?baud=9600", "baud"),
])
def test_bad_urls_get_one_clear_sentence(url, fragment):
    with pytest.raises(PrinterConfigError) as info:
        parse_printer_url(url)
    message = str(info.value)
    assert fragment in message and "\n" not in message and "Traceback" not in message


# -- the loopback printer -------------------------------------------------------------------

@pytest.fixture
def printer():
    healthy = LoopbackPrinter()
    yield healthy
    healthy.close()


def _spooler(url: str, **options) -> PrintSpooler:
    return PrintSpooler(parse_printer_url(url, **options))


def test_ticket_reaches_the_printer_complete(printer):
    job = _spooler(printer.url).submit(TICKET)
    result = job.wait(10)
    assert result.ok and result.state == "ok" and result.bytes_sent == len(EXPECTED)
    (conn,) = printer.wait_closed()
    assert conn.status_queries == [1, 4]          # online, then paper, before printing
    assert conn.ticket_bytes() == EXPECTED
    assert b"\x1d(k" in EXPECTED and EXPECTED.endswith(b"\x1dV\x00")


def test_paper_low_still_prints_with_a_warning(printer):
    printer.mode = "paper_low"
    result = _spooler(printer.url).submit(TICKET).wait(10)
    assert result.ok and result.state == "paper_low"
    assert "hampir habis" in result.message()
    assert printer.wait_closed()[0].ticket_bytes() == EXPECTED


@pytest.mark.parametrize("mode, state, words", [
    ("paper_out", "paper_out", "Kertas printer"),
    ("offline", "offline", "luring"),
    ("cover_open", "cover_open", "Penutup printer"),
    ("cutter_error", "cutter_error", "Pemotong kertas"),
])
def test_printer_reporting_a_problem_gets_nothing_and_the_failure_is_reported(mode, state,
                                                                               words):
    printer = LoopbackPrinter(mode)
    try:
        result = _spooler(printer.url, timeout_s=3).submit(TICKET).wait(10)
        assert not result.ok and result.state == state and words in result.error
        (conn,) = printer.wait_closed()
        assert conn.ticket_bytes() == b""          # nothing printed into an empty printer
        assert "B-012" in result.message() and "cetak ulang" in result.message()
    finally:
        printer.close()


def test_refused_connection_fails_fast_with_a_message():
    job = _spooler(refused_url(), timeout_s=3).submit(TICKET)
    result = job.wait(5)
    assert result is not None and not result.ok and result.state == "unreachable"
    assert "tidak dapat dihubungi" in result.error


@pytest.mark.parametrize("mode", ["hang", "silent"])
def test_printer_that_accepts_then_hangs_is_reported_within_the_timeout(mode):
    printer = LoopbackPrinter(mode)
    try:
        job = _spooler(printer.url, timeout_s=3).submit(TICKET)
        assert not job.done()                    # submitting did not wait for the printer
        result = job.wait(3 + 2)
        assert result is not None, "no result within the timeout"
        assert not result.ok and result.state == "no_answer"
        assert result.elapsed_ms < 3000 + 500
    finally:
        printer.close()


def test_status_off_prints_to_a_printer_without_status_support():
    printer = LoopbackPrinter("silent")
    try:
        result = _spooler(printer.url + "?status=off").submit(TICKET).wait(10)
        assert result.ok
        conn = printer.wait_closed()[0]
        assert conn.status_queries == [] and bytes(conn.data) == EXPECTED
    finally:
        printer.close()


def test_jobs_print_in_order_and_expired_jobs_are_never_printed_late(printer):
    spooler = _spooler(printer.url)
    jobs = [spooler.submit(TicketPrintData(number=f"A-{i:03d}", service_name="Umum",
                                           issued_at=TICKET.issued_at)) for i in range(1, 6)]
    assert all(job.wait(10).ok for job in jobs)
    tickets = [t for t in printer.wait_closed(5)]
    numbers = [next(n for n in (f"A-{i:03d}".encode() for i in range(1, 6))
                    if n in c.ticket_bytes()) for c in tickets]
    assert numbers == [b"A-001", b"A-002", b"A-003", b"A-004", b"A-005"]

    hanging = LoopbackPrinter("hang")
    try:
        slow = _spooler(hanging.url, timeout_s=3)
        first = slow.submit(TICKET)                     # occupies the worker ~1.5 s
        second = slow.submit(TICKET, timeout_s=0.2)     # expires while it waits its turn
        assert not second.wait(2).ok and second.result().state == "no_answer"
        assert not first.wait(5).ok
        third = slow.submit(TICKET)                     # queued behind the expired one
        assert not third.wait(5).ok
        # first and third reached the printer; the expired second one never did.
        assert len(hanging.connections) == 2
    finally:
        hanging.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_driver_call_blocked_forever_still_reports_within_the_timeout(tmp_path, monkeypatch):
    from ult_desktop.devices.printer import jobs

    monkeypatch.setattr(jobs, "STUCK_GRACE_S", 0.0)
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)               # opening it for writing blocks until a reader comes
    spooler = _spooler(f"file://{fifo}", timeout_s=1)
    try:
        first = spooler.submit(TICKET)
        result = first.wait(3)
        assert result is not None and not result.ok and result.state == "no_answer"
        # The worker is still stuck inside open(); the next job gets a fresh worker and
        # its own result within its own timeout.
        second = spooler.submit(TICKET)
        assert spooler._generation == 2
        assert second.wait(3) is not None and not second.result().ok
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # release the stuck threads
        os.close(reader)


def test_a_hung_driver_under_the_idle_probe_holds_one_thread_not_one_a_probe(monkeypatch):
    """A hung Windows spooler never answers the idle kiosk's probe: each probe after it
    says no_answer at once and none starts another worker (one a probe leaked a thread
    every 4 s); once the driver call returns, the next probe asks the printer again."""
    import threading
    import time

    from ult_desktop.devices.printer import jobs
    from ult_desktop.devices.printer.backends import PrinterStatus

    release = threading.Event()

    def hung(cfg, timeout_s=None):
        release.wait(30)
        return PrinterStatus(online=True, paper="ok")

    monkeypatch.setattr(jobs, "STUCK_GRACE_S", 0.0)
    monkeypatch.setattr(jobs, "read_status", hung)
    spooler = _spooler(refused_url(), timeout_s=0.2)
    before = set(threading.enumerate())
    try:
        assert spooler.submit([], probe=True).wait(3).state == "no_answer"
        for _ in range(10):
            assert spooler.submit([], probe=True).wait(3).state == "no_answer"
        workers = [t for t in set(threading.enumerate()) - before if t.name == "printer-tcp"]
        assert spooler._generation == 1 and workers == [spooler._worker]
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while spooler._current is not None and time.monotonic() < deadline:
        time.sleep(0.01)  # the driver call returning
    assert spooler.submit([], probe=True).wait(3).state == "ok"
    assert spooler._generation == 1  # the same worker, free again


def test_done_callback_runs_once_with_the_result(printer):
    seen = []
    job = _spooler(printer.url).submit(TICKET)
    job.add_done_callback(lambda done: seen.append(done.result()))
    result = job.wait(10)
    job.add_done_callback(lambda done: seen.append(done.result()))  # after the end: at once
    assert seen == [result, result]


def test_read_status(printer):
    cfg = parse_printer_url(printer.url)
    status = read_status(cfg)
    assert status.online is True and status.paper == "ok" and status.state == "ok"
    printer.mode = "paper_out"
    assert read_status(cfg).state == "paper_out"
    with pytest.raises(PrinterError) as info:
        read_status(parse_printer_url(refused_url()))
    assert info.value.state == "unreachable"


# -- other backends --------------------------------------------------------------------------

def test_file_backend_writes_the_bytes(tmp_path):
    target = tmp_path / "lp0"
    result = _spooler(f"file://{target}").submit(TICKET).wait(10)
    assert result.ok and target.read_bytes() == EXPECTED
    missing = _spooler(f"file://{tmp_path}/no/such/dir/lp0").submit(TICKET).wait(10)
    assert not missing.ok and missing.state == "unreachable"


def test_virtual_printer_writes_a_png_preview_and_the_bytes(tmp_path):
    folder = tmp_path / "previews"
    spooler = _spooler(f"virtual://{folder}?width=58")
    first, second = spooler.submit(TICKET).wait(10), spooler.submit(TICKET).wait(10)
    assert first.ok and first.state == "preview" and first.output_path != second.output_path
    img = Image.open(first.output_path)
    assert img.format == "PNG" and img.width < 600 and img.height > 500
    escpos = [p for p in os.listdir(folder) if p.endswith(".escpos")]
    assert len(escpos) == 2
    assert (folder / escpos[0]).read_bytes() == render_escpos(build_layout(TICKET), width_mm=58)
    assert "B-012" in first.message() and first.output_path in first.message()


def test_virtual_printer_in_an_unwritable_place_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _spooler(f"virtual://{blocker}/sub").submit(TICKET).wait(10)
    assert not result.ok and "tidak dapat ditulisi" in result.error


def test_no_printer_is_skipped_not_failed():
    job = _spooler("none").submit(TICKET)
    assert job.done() and job.result().ok and job.result().skipped
    assert "tanpa printer" in job.result().message()


@pytest.mark.skipif(sys.platform == "win32", reason="fake lp script is POSIX shell")
def test_cups_queue_through_lp(tmp_path, monkeypatch):
    pytest.importorskip("escpos")
    try:
        import cups  # noqa: F401
        pytest.skip("pycups installed: the CupsPrinter path is used instead of lp")
    except ImportError:
        pass
    out = tmp_path / "spooled.bin"
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\n[ "$2" = "kiosk" ] || {{ echo "lp: The printer or class does '
                  f'not exist." >&2; exit 1; }}\ncat > "{out}"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert _spooler("cups://kiosk").submit(TICKET).wait(10).ok
    assert out.read_bytes() == EXPECTED
    missing = _spooler("cups://nope").submit(TICKET).wait(10)
    assert not missing.ok and missing.state == "unreachable"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_serial_printer_on_a_pseudo_terminal():
    pytest.importorskip("serial")
    healthy = PtyPrinter("ok")
    try:
        result = _spooler(healthy.url).submit(TICKET).wait(10)
        assert result.ok, result.error
        data = healthy.wait_for(b"\x1dV\x00")
        assert healthy.status_queries[:2] == [1, 4] and data[6:] == EXPECTED
    finally:
        healthy.close()
    empty = PtyPrinter("paper_out")
    try:
        result = _spooler(empty.url).submit(TICKET).wait(10)
        assert not result.ok and result.state == "paper_out"
    finally:
        empty.close()
    missing = _spooler("serial:///dev/ttyNOPE0").submit(TICKET).wait(10)
    assert not missing.ok and missing.state == "unreachable"


def test_missing_drivers_and_windows_only_are_explained():
    if sys.platform != "win32":
        result = _spooler("win32://POS-80").submit(TICKET).wait(10)
        assert not result.ok and "Windows" in result.error
    # Without pyusb or libusb the message names what to install; with both, an absent
    # printer is "cannot be reached".
    result = _spooler("usb://04b8:0202?timeout=3").submit(TICKET).wait(10)
    assert not result.ok
    assert ("pyusb" in result.error or "libusb" in result.error
            or result.state == "unreachable"), result.error


@pytest.mark.parametrize("mode", ["ok", "paper_low", "paper_out", "offline", "cover_open",
                                  "cutter_error"])
def test_a_probe_asks_the_printer_in_turn_and_prints_nothing(mode):
    """Between tickets the kiosk asks how the printer is: its state, nothing on paper,
    and the spooler's last state is the printer's now."""
    printer = LoopbackPrinter(mode)
    try:
        spooler = _spooler(printer.url, timeout_s=3)
        first = spooler.submit(TICKET)
        probe = spooler.submit([], probe=True)
        assert probe.wait(10).state == mode and first.wait(10) is not None
        assert spooler.last_state == mode
        conns = printer.wait_closed(2)
        assert conns[-1].ticket_bytes() == b"" and conns[-1].status_queries[:1] == [1]
    finally:
        printer.close()


def test_a_probe_of_a_printer_that_is_gone_says_so():
    result = _spooler(refused_url(), timeout_s=2).submit([], probe=True).wait(10)
    assert not result.ok and result.state == "unreachable"


@pytest.mark.windows
def test_a_hung_windows_spooler_is_named_within_30_s_and_costs_one_thread(monkeypatch):
    """A Windows printer whose driver call never returns: the first probe times out,
    every later one (an idle kiosk asks every 4 s) says the print queue is stuck and
    what to do, from the one worker still waiting: never a thread per probe."""
    import threading
    import time

    from ult_desktop.core.i18n import tr
    from ult_desktop.devices.printer import jobs
    from ult_desktop.devices.printer.backends import PrinterStatus

    release = threading.Event()

    def hung(cfg, timeout_s=None):
        release.wait(30)
        return PrinterStatus(online=True, paper="ok")

    monkeypatch.setattr(jobs, "read_status", hung)
    spooler = _spooler("win32://EPSON TM-T82", timeout_s=0.5)
    started, before = time.monotonic(), threading.active_count()
    try:
        assert spooler.submit([], probe=True).wait(5).state == "no_answer"
        named = None
        while time.monotonic() - started < 30 and named is None:
            result = spooler.submit([], probe=True).wait(5)
            named = result if result.state == "spooler_hung" else None
            time.sleep(0.2)
        assert named is not None, "a hung spooler was not named within 30 s"
        assert "Print Spooler" in named.message()
        assert tr("printer.status.spooler_hung").startswith("antrean cetak Windows macet")
        assert threading.active_count() - before <= 2  # the one worker and its timer
    finally:
        release.set()


@pytest.mark.windows
def test_tickets_printed_through_a_hung_windows_spooler_hold_one_thread(monkeypatch):
    """Five tickets while Windows' spooler hangs: the first times out, each later one is
    told at once that the print queue is stuck, and no ticket starts a thread of its own
    (each had one, hung like the first); once the call returns, tickets print again."""
    import threading
    import time

    from ult_desktop.devices.printer import jobs
    release = threading.Event()

    def hung(job):
        release.wait(30)
        return jobs.PrintResult(True, "ok", job.number)

    monkeypatch.setattr(jobs, "STUCK_GRACE_S", 0.0)
    monkeypatch.setattr(jobs, "run_job", hung)
    spooler = _spooler("win32://EPSON TM-T82", timeout_s=0.3)
    before = set(threading.enumerate())
    try:
        assert spooler.submit(TICKET).wait(5).state == "no_answer"
        states = [spooler.submit(TICKET).wait(5).state for _ in range(4)]
        assert states == ["spooler_hung"] * 4
        workers = [t for t in set(threading.enumerate()) - before
                   if t.name == "printer-win32"]
        assert workers == [spooler._worker] and spooler._generation == 1
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while spooler._current is not None and time.monotonic() < deadline:
        time.sleep(0.01)  # the driver call returning
    assert spooler.submit(TICKET).wait(5).ok
    assert spooler._generation == 1  # the same worker, free again


def test_a_line_printer_stuck_twice_gets_one_new_worker_not_one_a_ticket(tmp_path, monkeypatch):
    import threading

    from ult_desktop.devices.printer import jobs

    release = threading.Event()
    monkeypatch.setattr(jobs, "STUCK_GRACE_S", 0.0)
    monkeypatch.setattr(jobs, "run_job", lambda job: release.wait(30))
    spooler = _spooler(refused_url(), timeout_s=0.3)
    try:
        states = [spooler.submit(TICKET).wait(5).state for _ in range(5)]
        assert states[:2] == ["no_answer", "no_answer"]  # the first, then its new worker
        assert set(states[2:]) == {"no_answer"} and spooler._generation == 2
    finally:
        release.set()
