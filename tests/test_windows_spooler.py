"""``win32://``: a spooled ticket is watched until printed, else cancelled.

The fake below stands in for pywin32's ``win32print`` and only for it: the calls and
JOB_INFO_1 / PRINTER_INFO_2 fields the spooler documents. Everything above it (status
loop, cancel, the print job and its result) is the real code.
"""

from __future__ import annotations

import sys
import time

import pytest

from tests.drivers import WAIT
from ult_desktop.devices.printer import backends, win32spool
from ult_desktop.devices.printer.errors import PrinterError
from ult_desktop.devices.printer.url import parse_printer_url
from ult_desktop.devices.printer.win32spool import (
    JOB_CONTROL_DELETE,
    JOB_STATUS_OFFLINE,
    JOB_STATUS_PAPEROUT,
    JOB_STATUS_PRINTED,
    JOB_STATUS_PRINTING,
    JOB_STATUS_SPOOLING,
    PRINTER_ATTRIBUTE_WORK_OFFLINE,
    PRINTER_STATUS_PAPER_OUT,
)

pytestmark = pytest.mark.windows


class SpoolerError(Exception):
    """pywintypes.error: (winerror, funcname, message)."""

    def __init__(self, winerror: int, func: str, text: str):
        super().__init__(winerror, func, text)
        self.winerror = winerror


class FakeWin32Print:
    """The spooler as win32print shows it. *statuses*: the job's Status on each GetJob;
    the last one repeats. "gone" means the job has left the queue (printed)."""

    def __init__(self, printers=("POS-80 Thermal",), statuses=(JOB_STATUS_PRINTED,),
                 printer_status: int = 0, attributes: int = 0, driver_attributes=None,
                 p_status: str | None = None):
        self.printers = list(printers)
        #: DRIVER_INFO_8's dwPrinterDriverAttributes; None: level 8 refused (as by an
        #: older pywin32), then level 2 answers cVersion 3
        self.driver_attributes = driver_attributes
        self.p_status = p_status
        self.datatypes: list[str] = []
        self.statuses = list(statuses)
        self.printer_status, self.attributes = printer_status, attributes
        self.written: list[bytes] = []
        self.deleted: list[int] = []
        self.opened: list[str] = []
        self.closed = 0
        self.polls = 0
        #: the queue as EnumJobs lists it (JOB_INFO_1); what is left prints when the
        #: printer returns (:meth:`printer_returns`)
        self.queue: list[dict] = []
        self.printed_later: list[int] = []

    def EnumPrinters(self, flags, name, level):
        assert level == 4
        return [{"pPrinterName": p, "pServerName": None, "Attributes": 0}
                for p in self.printers]

    def OpenPrinter(self, name):
        if name not in self.printers:  # the real call is case-insensitive; we pass the real name
            raise SpoolerError(1801, "OpenPrinter", "The printer name is invalid.")
        self.opened.append(name)
        return object()

    def GetPrinter(self, handle, level):
        return {"Status": self.printer_status, "Attributes": self.attributes}

    def GetPrinterDriver(self, handle, environment, level):
        if level == 8:
            if self.driver_attributes is None:
                raise SpoolerError(124, "GetPrinterDriver", "The system call level is not "
                                   "correct.")  # ERROR_INVALID_LEVEL
            return {"Version": 4 if self.driver_attributes & 2 else 3,
                    "PrinterDriverAttributes": self.driver_attributes}
        return {"Version": 3, "Name": "Generic / Text Only"}

    def StartDocPrinter(self, handle, level, info):
        assert info[2] in ("RAW", "XPS_PASS")
        self.datatypes.append(info[2])
        return 42

    def StartPagePrinter(self, handle):
        pass

    def WritePrinter(self, handle, data):
        self.written.append(bytes(data))
        return len(data)

    def EndPagePrinter(self, handle):
        pass

    def EndDocPrinter(self, handle):
        pass

    def GetJob(self, handle, job, level):
        status = self.statuses[min(self.polls, len(self.statuses) - 1)]
        self.polls += 1
        if status == "gone" or job in self.deleted:
            raise SpoolerError(87, "GetJob", "The parameter is incorrect.")
        return {"JobId": job, "Status": status, "pPrinterName": self.printers[0],
                "pStatus": self.p_status}

    def SetJob(self, handle, job, level, info, command):
        assert command == JOB_CONTROL_DELETE
        self.deleted.append(job)
        self.queue = [j for j in self.queue if j["JobId"] != job]

    def EnumJobs(self, handle, first, count, level):
        assert level == 1
        return tuple(self.queue[first:first + count])

    def printer_returns(self) -> None:
        """The spooler sends every job still queued to the printer that came back."""
        self.printed_later += [j["JobId"] for j in self.queue]
        self.queue = []

    def ClosePrinter(self, handle):
        self.closed += 1


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def spool(fake, *, name="POS-80 Thermal", timeout=3.0):
    clock = Clock()
    win32spool.print_raw(name, b"\x1b@ticket", timeout, wp=fake, clock=clock,
                         sleep=clock.sleep, poll_s=0.25)
    return clock


def test_printed_job_is_reported_printed_after_waiting_for_it():
    fake = FakeWin32Print(statuses=[JOB_STATUS_SPOOLING, JOB_STATUS_PRINTING,
                                    JOB_STATUS_PRINTED])
    spool(fake)
    assert fake.written == [b"\x1b@ticket"]
    assert fake.polls == 3 and fake.deleted == []
    assert fake.closed == 1


def test_a_job_that_leaves_the_queue_has_printed():
    fake = FakeWin32Print(statuses=[JOB_STATUS_PRINTING, "gone"])
    spool(fake)
    assert fake.deleted == []


def test_unplugged_printer_job_still_queued_at_timeout_is_cancelled():
    fake = FakeWin32Print(statuses=[0])  # queued, nothing happening (USB cable out)
    with pytest.raises(PrinterError) as info:
        spool(fake, timeout=2.0)
    assert info.value.key == "printer.error.not_printed"
    assert fake.deleted == [42]  # nothing prints later in a burst
    assert "cancelled" in info.value.message("en") and "reprint" in info.value.message("en")
    assert fake.closed == 1


@pytest.mark.parametrize("status,state", [(JOB_STATUS_PAPEROUT, "paper_out"),
                                          (JOB_STATUS_OFFLINE, "offline")])
def test_job_in_error_is_cancelled_at_once(status, state):
    fake = FakeWin32Print(statuses=[JOB_STATUS_SPOOLING, status])
    with pytest.raises(PrinterError) as info:
        clock = Clock()
        win32spool.print_raw("POS-80 Thermal", b"x", 30.0, wp=fake, clock=clock,
                             sleep=clock.sleep)
    assert info.value.state == state
    assert fake.deleted == [42]
    assert clock.now < 1.0  # not waiting for the timeout


def test_printer_names_match_ignoring_case():
    fake = FakeWin32Print(printers=["EPSON TM-T82 Receipt"])
    spool(fake, name="epson tm-t82 receipt")
    assert fake.opened == ["EPSON TM-T82 Receipt"]


def test_unknown_printer_is_unreachable_and_nothing_is_spooled():
    fake = FakeWin32Print(printers=["Microsoft Print to PDF"])
    with pytest.raises(PrinterError) as info:
        spool(fake, name="POS-80")
    assert info.value.state == "unreachable" and fake.written == []


@pytest.mark.parametrize("kwargs,state", [
    ({"printer_status": PRINTER_STATUS_PAPER_OUT}, "paper_out"),
    ({"attributes": PRINTER_ATTRIBUTE_WORK_OFFLINE}, "offline"),
])
def test_printer_known_offline_refuses_before_spooling(kwargs, state):
    fake = FakeWin32Print(**kwargs)
    with pytest.raises(PrinterError) as info:
        spool(fake)
    assert info.value.state == state and fake.written == []


def test_installed_printers_are_listed_sorted_for_the_wizard():
    fake = FakeWin32Print(printers=["b-printer", "A printer", "b-printer"])
    assert win32spool.installed_printers(fake) == ["A printer", "b-printer"]
    assert win32spool.installed_printers() == [] or sys.platform == "win32"


def test_win32_url_goes_through_the_job_watch(monkeypatch):
    """send_bytes (what print jobs call) uses the watched path, with the real deadline."""
    fake = FakeWin32Print(statuses=[0])
    monkeypatch.setattr(win32spool, "load_win32print", lambda: fake)
    cfg = parse_printer_url("win32://POS-80 Thermal?timeout=1")
    started = time.monotonic()
    with pytest.raises(PrinterError) as info:
        backends.send_bytes(cfg, b"ticket", time.monotonic() + 1.0)
    assert info.value.key == "printer.error.not_printed"
    assert fake.deleted == [42]
    assert time.monotonic() - started < 1.0  # before the job's own timeout fires


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_wizard_lists_installed_printers_to_pick_from(qtbot, tmp_path, monkeypatch):
    from ult_desktop.ui.setup.wizard import PAGE_PRINTER, SetupWizard

    fake = FakeWin32Print(printers=["POS-80 Thermal", "Microsoft Print to PDF"])
    monkeypatch.setattr(win32spool, "load_win32print", lambda: fake)
    wizard = SetupWizard(tmp_path / "station.json", make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.setStartId(PAGE_PRINTER)
    wizard.restart()
    page = wizard.printer_page
    qtbot.waitUntil(lambda: page.installed.count() == 3, timeout=WAIT)
    assert page.installed.isVisible()
    index = page.installed.findText("POS-80 Thermal")
    page.installed.activated.emit(index)
    assert page.url.text() == "win32://POS-80 Thermal"


def test_a_printed_job_being_deleted_is_printed_not_failed():
    """M3: the spooler sets DELETING on a job it removes after printing it."""
    fake = FakeWin32Print(statuses=[JOB_STATUS_PRINTING, JOB_STATUS_PRINTED |
                                    win32spool.JOB_STATUS_DELETING])
    spool(fake)
    assert fake.deleted == []


def test_v4_driver_gets_xps_pass_and_v3_gets_raw():
    """M5: v4 drivers (PRINTER_DRIVER_XPS) take XPS_PASS; level 8 refused -> cVersion."""
    for attrs, wanted in ((win32spool.PRINTER_DRIVER_XPS, "XPS_PASS"), (0, "RAW"),
                          (None, "RAW")):
        fake = FakeWin32Print(driver_attributes=attrs)
        spool(fake)
        assert fake.datatypes == [wanted]


def test_every_job_status_and_the_monitors_words_are_told(caplog):
    """M4: pStatus (the port monitor's own words) is logged and reaches the watchers."""
    seen = []
    fake = FakeWin32Print(statuses=[JOB_STATUS_SPOOLING, JOB_STATUS_OFFLINE],
                          p_status="Printer cover open")
    win32spool.job_watchers.append(lambda *a: seen.append(a))
    try:
        with caplog.at_level("INFO"), pytest.raises(PrinterError) as info:
            spool(fake)
    finally:
        win32spool.job_watchers.clear()
    assert [s[1] for s in seen] == [JOB_STATUS_SPOOLING, JOB_STATUS_OFFLINE]
    assert seen[-1][3] == "Printer cover open"
    assert "Printer cover open" in str(info.value.params) or \
        "Printer cover open" in caplog.text


def test_stale_printer_status_bits_do_not_refuse_a_job():
    """L5: only WORK_OFFLINE and paper out refuse before spooling; a USB queue's stale
    'offline' bit leaves the decision to the job's own status."""
    fake = FakeWin32Print(printer_status=win32spool.PRINTER_STATUS_OFFLINE |
                          win32spool.PRINTER_STATUS_DOOR_OPEN)
    spool(fake)
    assert fake.written == [b"\x1b@ticket"]


def test_queue_info_reports_status_attributes_and_driver_version():
    fake = FakeWin32Print(attributes=PRINTER_ATTRIBUTE_WORK_OFFLINE,
                          driver_attributes=win32spool.PRINTER_DRIVER_XPS)
    info = win32spool.queue_info("pos-80 thermal", wp=fake)
    assert info["work_offline"] and info["driver_version"] == 4


def _queued(job: int, age_s: float, *, doc=win32spool.DOC_NAME, user="kiosk", status=0):
    from datetime import datetime, timedelta, timezone

    return {"JobId": job, "pDocument": doc, "pUserName": user, "Status": status,
            "Submitted": (datetime.now(timezone.utc) - timedelta(seconds=age_s)).replace(
                tzinfo=None)}  # SYSTEMTIME: UTC, naive


def test_which_queued_jobs_are_stale_tickets_of_ours():
    jobs = [_queued(1, 600), _queued(2, 3), _queued(3, 600, status=JOB_STATUS_PRINTED),
            _queued(4, 600, doc="Invoice.pdf"), _queued(5, 600, user="someone-else"),
            _queued(6, 60, status=JOB_STATUS_OFFLINE)]
    assert win32spool.stale_jobs(jobs, user="KIOSK") == [1, 6]


def test_a_ticket_left_in_the_queue_by_a_stopped_kiosk_never_prints_when_the_printer_returns():
    """The kiosk stopped while its ticket waited (the visitor was told it did not print);
    the idle probe, while the printer is still away, deletes it; the printer back, nothing
    old comes out, and the next ticket prints once."""
    fake = FakeWin32Print(statuses=[JOB_STATUS_PRINTED], attributes=PRINTER_ATTRIBUTE_WORK_OFFLINE)
    user = __import__("os").environ.get("USERNAME", "")
    fake.queue = [_queued(7, 120, user=user), _queued(8, 90, user=user)]
    with pytest.raises(PrinterError):
        win32spool.read_status("POS-80 Thermal", wp=fake)  # still away: said, and swept
    assert fake.deleted == [7, 8] and fake.queue == []
    fake.attributes = 0
    fake.printer_returns()
    assert fake.printed_later == []
    spool(fake)
    assert fake.written == [b"\x1b@ticket"] and fake.deleted == [7, 8]


def test_a_job_whose_fate_cannot_be_read_is_cancelled_not_left_to_print_later():
    fake = FakeWin32Print(statuses=[JOB_STATUS_SPOOLING])

    def broken(handle, job, level):
        raise SpoolerError(1722, "GetJob", "The RPC server is unavailable.")

    fake.GetJob = broken
    with pytest.raises(PrinterError) as info:
        spool(fake)
    assert info.value.state == "error" and fake.deleted == [42]
