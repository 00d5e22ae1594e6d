"""Print an issued ticket and record the outcome with it.

Printing never loses the ticket: a dead printer ends as ``print_status = 'failed'``, a
``print_failed`` event and a reprint. :func:`print_and_record` waits for the printer, so
it runs on the kiosk's printer worker or the CLI's own thread."""

from __future__ import annotations

import base64
import binascii
import logging
import threading
from dataclasses import replace
from datetime import date, datetime, timezone

from ult_desktop.app.pulse import page_verdict
from ult_desktop.core.dates import office_today
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.numbering import local_time
from ult_desktop.core.phone import VERDICT_KEY, ticket_page_url, wifi_qr
from ult_desktop.core.priority import DEAF, SEAT
from ult_desktop.core.queue import PriorityOrder, order_text
from ult_desktop.core.schedule import break_text
from ult_desktop.core.settings import defaults as default_settings
from ult_desktop.core.ticket_layout import Element, TicketPrintData
from ult_desktop.core.tickets import QUEUED_STATES, Ticket
from ult_desktop.db import queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.errors import UltError
from ult_desktop.db.house.office import get_settings, read_settings
from ult_desktop.db.queue.numbers import priority_desks, read_priority_desks
from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
from ult_desktop.db.queue.rows import find_ticket
from ult_desktop.db.record.standing import event_stands
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.devices.printer.errors import PrinterConfigError
from ult_desktop.devices.printer.jobs import PrintJob, PrintResult, spooler_for
from ult_desktop.devices.printer.url import PrinterConfig, parse_printer_url

log = logging.getLogger(__name__)



def printer_config(printer: PrinterConfig | str | None, **options) -> PrinterConfig:
    """A :class:`PrinterConfig` from a config or a URL (options: width_mm, profile ...)."""
    if isinstance(printer, PrinterConfig):
        return printer.with_options(**options) if options else printer
    return parse_printer_url(printer, **options)


def _logo(settings: dict) -> bytes | None:
    text = settings.get("office_logo_png_b64") or ""
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None


def _break(settings: dict, ticket: Ticket) -> str:
    """"Istirahat 11.30-13.00" on the paper, in the office's language: only a break still
    to come (or on) when the ticket was taken ("" for none)."""
    if not ticket.day or "break_daily" not in settings:
        return ""
    lang = settings.get("language", language())
    taken = local_time(ticket.issued_at, settings.get("timezone", "WIB")).time()
    return break_text(settings, date.fromisoformat(ticket.day),
                      lambda k, **p: tr(k, lang, **p), after=taken)


def ticket_print_data(db: Database | None, ticket: Ticket, *, settings: dict | None = None,
                      waiting_ahead: int | None = None,
                      go_to: tuple[int, ...] | None = None,
                      wait_band: tuple[int, int] | None = None) -> TicketPrintData:
    """What the paper shows for *ticket*, from the office settings in the shared file;
    what the caller read already (*settings*, *waiting_ahead*, a priority ticket's
    counters *go_to*) is not read again. No *db*: nothing is read (a kiosk's ticket
    issued from held numbers, printed with what the kiosk knows)."""
    if db is None:
        settings = settings if settings is not None else default_settings()
    settings = settings if settings is not None else get_settings(db)
    if waiting_ahead is None and ticket.state in QUEUED_STATES and db is not None:
        waiting_ahead = queries.waiting_ahead(db, ticket)
    if go_to is None and ticket.priority and ticket.state in QUEUED_STATES and db is not None:
        try:
            go_to = tuple(priority_desks(db, ticket))
        except UltError as exc:  # printed without it: the call names the counter anyway
            log.warning("ticket %s: printed without its priority counter (%s)",
                        ticket.number, exc)
    page = ticket_page_url(settings, page_verdict(db, settings) if db is not None
                           else settings.get(VERDICT_KEY))
    lang, order = settings.get("language", language()), PriorityOrder.of(settings)
    return TicketPrintData(
        number=ticket.number,
        service_name=ticket.service_name,
        issued_at=ticket.issued_at,
        timezone=settings.get("timezone", "WIB"),
        priority=ticket.priority,
        go_to=go_to or (),
        waiting_ahead=waiting_ahead,
        wait_band=wait_band if waiting_ahead else None,
        # the office's priority rule, for a regular ticket's paper
        priority_rule=order_text(order, lambda key, **p: tr(key, lang, **p)) if order else "",
        break_note=_break(settings, ticket),
        code=ticket.code,
        day=ticket.day,
        office_name=settings.get("office_name", ""),
        office_address=settings.get("office_address", ""),
        header=settings.get("ticket_header", ""),
        footer=settings.get("ticket_footer", ""),
        qr_content=page or settings.get("qr_content", "{code}"),
        phone_page=bool(page),
        wifi_qr=wifi_qr(settings), wifi_name=settings.get("guest_wifi_ssid", ""),
        logo_png=_logo(settings),
        language=lang,
        seat=SEAT in ticket.assist,
        deaf=DEAF in ticket.assist,
    )




def record_result(db: Database | None, ticket: Ticket, result: PrintResult,
                  config: PrinterConfig, *, outbox: PrintOutbox | None = None,
                  band: tuple[int, int] | None = None) -> bool:
    """Store *result* with the ticket (no printer: nothing); False when the database
    could not be written. With *outbox* a success rides with the station's next write, a
    failure is written at once; *band*: the wait band the paper showed."""
    if result.skipped:
        return True
    try:
        record_print_result(db, ticket_id=ticket.id, ok=result.ok,
                                 error=result.error_text("id") if not result.ok else None,
                                 printer=config.display() if config.enabled else config.url,
                                 outbox=outbox, band=band)
        return True
    except UltError as exc:  # share gone / busy: the ticket itself is safe
        log.warning("%s", tr("printer.error.not_recorded", number=ticket.number, detail=exc))
        return False


def _printer(printer: PrinterConfig | str | None
             ) -> tuple[PrinterConfig, PrinterConfigError | None]:
    """The printer's config, or (a "none" printer, why) for a wrong address."""
    try:
        return printer_config(printer), None
    except PrinterConfigError as err:
        return PrinterConfig(kind="none", url=str(printer)), err


def _submit(db: Database | None, ticket: Ticket, printer: PrinterConfig | str | None, *,
            waiting_ahead: int | None,
            settings: dict | None, go_to: tuple[int, ...] | None,
            wait_band: tuple[int, int] | None = None) -> PrintJob:
    """Queue *ticket* on its printer's spooler. A wrong printer address gives a job that
    has failed already."""
    try:
        data = ticket_print_data(db, ticket, settings=settings, waiting_ahead=waiting_ahead,
                                 go_to=go_to, wait_band=wait_band)
    except UltError as exc:  # the ticket is committed: print it with what we have
        log.warning("ticket %s: printed without the office settings (%s)", ticket.number, exc)
        data = replace(ticket_print_data(db, ticket, settings=settings or default_settings(),
                                         waiting_ahead=0, go_to=go_to or ()),
                       waiting_ahead=waiting_ahead)
    config, err = _printer(printer)
    if err is not None:  # a wrong address must not lose the ticket: the failure is recorded
        return PrintJob.failed(str(printer), data, err, number=ticket.number)
    return spooler_for(config).submit(data)


def print_and_record(db: Database | None, ticket: Ticket, printer: PrinterConfig | str | None, *,
                     waiting_ahead: int | None = None, settings: dict | None = None,
                     go_to: tuple[int, ...] | None = None,
                     outbox: PrintOutbox | None = None,
                     wait_band: tuple[int, int] | None = None) -> PrintResult:
    """Print, wait for the printer's answer, record it on this thread (CLI, the kiosk's
    printer worker). Never waits longer than the printer timeout plus a moment.
    *outbox* (the kiosk's, which writes again soon): a success is kept there for the
    station's next write instead."""
    config, _ = _printer(printer)
    job = _submit(db, ticket, printer, waiting_ahead=waiting_ahead, settings=settings,
                  go_to=go_to, wait_band=wait_band)
    result = job.wait(job.timeout_s + 30)
    if result is not None:
        record_result(db, ticket, result, config, outbox=outbox,
                      band=wait_band if waiting_ahead else None)
    return result  # type: ignore[return-value]  # the job always ends by its deadline


def reprint_and_record(db: Database, *, number: str, printer: PrinterConfig | str | None,
                       asked: int | None = None) -> tuple[Ticket, PrintResult] | None:
    """Print one of today's tickets again, waiting for the printer and recording its answer on
    this thread (a kiosk's printer worker): the ticket and its paper in one read, its new code
    and print outcome written. The file keeps no survey code in the clear, so a visitor still
    waiting gets a new one (``db.survey.skm.renew_code``); a visit over gets none. *asked*:
    the event of a counter's request; None (nothing printed) unless it stands as a desk's act
    (``standing.event_stands``)."""
    def read(conn):
        if asked is not None and not event_stands(conn, asked):
            return None
        ticket = find_ticket(conn, queries.read_today(conn), number)  # (issued by an act)
        return (ticket, read_settings(conn), queries.read_waiting_ahead(conn, ticket),
                tuple(read_priority_desks(conn, ticket)))

    found = db.read(read)
    if found is None:
        return None
    ticket, settings, ahead, go_to = found
    code = skm_db.renew_code(db, ticket_id=ticket.id)
    if code is not None:
        ticket = replace(ticket, code=code)
    return ticket, print_and_record(db, ticket, printer, waiting_ahead=ahead,
                                    settings=settings, go_to=go_to)


def printer_state(printer: PrinterConfig | str | None) -> str | None:
    """State left by the last print on this printer in this process (for heartbeats):
    ok, paper_low, paper_out, offline, unreachable, no_answer, preview, none; None when
    nothing was printed yet."""
    return spooler_for(printer_config(printer)).last_state


def can_probe(printer: PrinterConfig | str | None) -> bool:
    """Whether the printer can say how it is between tickets (a LAN, USB or serial
    ESC/POS printer, or a Windows queue); never raises."""
    try:
        config = printer_config(printer)
    except PrinterConfigError:
        return False
    return config.enabled and config.kind in ("tcp", "usb", "serial", "win32")


def probe_printer(printer: PrinterConfig | str | None) -> str | None:
    """Ask this station's printer how it is now (paper, cover, cutter, online), in turn
    with the tickets it prints; its state as in :func:`printer_state`, None for no
    printer. Waits for the answer: call it off the GUI thread."""
    config = printer_config(printer)
    if not config.enabled:
        return None
    job = spooler_for(config).submit([], probe=True, timeout_s=min(config.timeout_s, 5.0))
    result = job.wait(config.timeout_s + 1.0)
    return result.state if result is not None else "no_answer"


def test_ticket_data(settings: dict | None = None, *, lang: str | None = None,
                     now: datetime | None = None) -> TicketPrintData:
    """A ticket showing every layout element: office settings when given, else samples."""
    merged = {**default_settings(), **(settings or {})}
    lang = lang or merged.get("language") or language()
    sample_qr = merged.get("qr_content") or "{code}"
    moment = now or datetime.now(timezone.utc)
    return TicketPrintData(
        number="A-123",
        service_name=tr("printer.test.service", lang),
        issued_at=moment,
        timezone=merged.get("timezone", "WIB"),
        priority=True,
        waiting_ahead=3,
        code="TES12345",
        day=office_today(merged.get("timezone", "WIB"), moment).isoformat(),
        office_name=(settings or {}).get("office_name") or tr("printer.test.office", lang),
        office_address=merged.get("office_address") or "Jl. Contoh No. 1, Kota Contoh",
        header=merged.get("ticket_header") or "Unit Layanan Terpadu",
        footer=merged.get("ticket_footer") or tr("printer.test.footer", lang),
        qr_content=sample_qr,
        logo_png=_logo(merged),
        language=lang,
        test=True,
    )


def print_test(printer: PrinterConfig | str | None, *, settings: dict | None = None,
               lang: str | None = None) -> PrintJob:
    """Queue the test ticket on *printer* (nothing is recorded in the database)."""
    config = printer_config(printer)
    return spooler_for(config).submit(test_ticket_data(settings, lang=lang), number="A-123")


def print_slip(elements: list[Element], printer: PrinterConfig | str | None,
               timeout: float = 30.0) -> PrintResult | None:
    """Print a slip (a follow-up visit's) on *printer* and wait for its result (None:
    none within *timeout*); nothing is recorded."""
    config, err = _printer(printer)
    if err is not None:
        return PrintJob.failed(str(printer), elements, err).wait(0)
    return spooler_for(config).submit(elements).wait(timeout)


class PrintsUnderWay:
    """Prints still running on a pool thread, waited for before what keeps their outcomes
    (a kiosk's journal) closes: at most *timeout_s* each."""

    def __init__(self) -> None:
        self._running: set[threading.Event] = set()

    def start(self) -> threading.Event:
        """On the GUI thread, before the print is handed to the pool: its token."""
        token = threading.Event()
        self._running.add(token)
        return token

    def done(self, token: threading.Event) -> None:
        token.set()
        self._running.discard(token)

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, timeout_s: float) -> None:
        for token in list(self._running):
            token.wait(timeout_s)
