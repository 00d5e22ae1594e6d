"""The kiosk's door to the ticket printer: thin calls into ``ult_desktop.app.print_service``.

They block until the printer answers (bounded), so they run on the kiosk's printer
worker, never on the GUI thread nor the one issuing numbers. A failure is recorded at
once; a success waits in the kiosk's ``PrintOutbox`` for its next write (ticket or
heartbeat), so one visitor costs the shared file one write."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ult_desktop.app import print_service
from ult_desktop.core.i18n import tr
from ult_desktop.core.tickets import Event, Ticket
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.errors import UltError
from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
from ult_desktop.db.visit.visits import SLIP_PRINT_REQUESTED

log = logging.getLogger(__name__)

NO_PRINTER = "none"
_TEST_WAIT_S = 60.0


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    error: str | None = None
    skipped: bool = False   # no printer configured: nothing printed, nothing failed


def has_printer(url: str | None) -> bool:
    return bool(url) and url.strip().lower() != NO_PRINTER


#: Between visitors: can the printer say how it is, and how is it (``app.print_service``).
can_probe, probe_printer = print_service.can_probe, print_service.probe_printer


def _outcome(result, lang: str | None) -> PrintOutcome:
    if result is None:
        return PrintOutcome(ok=False, error=tr("printer.status.no_answer", lang))
    if result.skipped:
        return PrintOutcome(ok=False, skipped=True)
    return PrintOutcome(ok=result.ok, error=None if result.ok else result.error_text(lang))


def print_ticket(db: Database | None, ticket: Ticket, printer_url: str | None, *,
                 outbox: PrintOutbox, waiting_ahead: int | None = None,
                 settings: dict | None = None, go_to: tuple[int, ...] | None = None,
                 lang: str | None = None,
                 wait_band: tuple[int, int] | None = None) -> PrintOutcome:
    """Print *ticket*, wait for the printer and record the outcome (a success kept in
    *outbox*, a failure written at once); *settings*, *waiting_ahead*, *go_to* are not
    read again. No *db*: a ticket from held numbers, printed with what the kiosk knows;
    its outcome lands with it from the journal. Never raises for a printer problem."""
    if not has_printer(printer_url):
        return PrintOutcome(ok=False, skipped=True)
    try:
        result = print_service.print_and_record(db, ticket, printer_url,
                                                waiting_ahead=waiting_ahead, settings=settings,
                                                go_to=go_to, outbox=outbox, wait_band=wait_band)
    except UltError as exc:  # a bad printer URL in the station config: nothing printed
        log.warning("printing %s failed: %s", ticket.number, exc)
        try:
            record_print_result(db, ticket_id=ticket.id, ok=False,
                                     error=exc.message("id"), printer=printer_url,
                                     outbox=outbox if db is None else None)
        except UltError as record_exc:
            log.warning("print failure of %s not recorded: %s", ticket.number, record_exc)
        return PrintOutcome(ok=False, error=exc.message(lang))
    return _outcome(result, lang)


def reprint(db: Database, number: str, printer_url: str | None,
            asked: int | None = None) -> PrintOutcome:
    """Print today's ticket *number* again (a counter asked by event *asked*: its print had
    failed), with a new survey code; the outcome is written with the ticket at once. Nothing
    printed when the request does not stand (``print_service.reprint_and_record``)."""
    if not has_printer(printer_url):
        return PrintOutcome(ok=False, skipped=True)
    try:
        done = print_service.reprint_and_record(db, number=number, printer=printer_url,
                                                asked=asked)
    except UltError as exc:
        log.warning("reprint of %s failed: %s", number, exc)
        return PrintOutcome(ok=False, error=exc.message(None))
    if done is None:
        log.warning("a reprint of %s asked by no desk that may: not printed", number)
        return PrintOutcome(ok=False, skipped=True)
    return _outcome(done[1], None)


def asked(db: Database, event: Event, printer_url: str | None) -> PrintOutcome:
    """What a counter asked of this kiosk by *event*, done only when the request stands
    as the act of a desk that may ask it: its ticket again (:func:`reprint`) or its case's
    slip (:func:`print_visit_slip`: a slip asked that stands, ``core.slips``)."""
    if event.kind == SLIP_PRINT_REQUESTED:
        return print_visit_slip(db, (event.data or {}).get("case_id"), printer_url)
    return reprint(db, event.ticket_number, printer_url, asked=event.id)


def print_visit_slip(db: Database, case_id: int, printer_url: str | None) -> PrintOutcome:
    """Print case *case_id*'s follow-up slip (a counter without a printer asked) with a new
    code (the file keeps only the old one's hash)."""
    from ult_desktop.core.receipt import visit_slip
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.db.visit.visits import renew_code

    if not has_printer(printer_url):
        return PrintOutcome(ok=False, skipped=True)
    try:
        visit = renew_code(db, case_id=case_id)
        office = get_settings(db, "office_name")
    except UltError as exc:
        return PrintOutcome(ok=False, error=exc.message(None))
    if visit is None:
        return PrintOutcome(ok=False, skipped=True)
    return _outcome(print_service.print_slip(visit_slip(
        office_name=office["office_name"], case_id=visit.case_id, day=visit.day,
        opens=visit.opens, closes=visit.closes, code=visit.code, topic=visit.topic),
        printer_url), None)


def test_print(printer_url: str | None, lang: str | None = None) -> PrintOutcome:
    """Print the test ticket on *printer_url* (nothing is recorded)."""
    if not has_printer(printer_url):
        return PrintOutcome(ok=False, skipped=True, error=NO_PRINTER)
    try:
        job = print_service.print_test(printer_url, lang=lang)
    except UltError as exc:
        return PrintOutcome(ok=False, error=exc.message(lang))
    return _outcome(job.wait(_TEST_WAIT_S), lang)


def print_held(under_way: print_service.PrintsUnderWay, token, ticket: Ticket,
               printer_url: str | None, **kwargs) -> PrintOutcome:
    """On the pool: a held ticket's print (:func:`print_ticket`, no *db*), *token* of
    *under_way* done when it is, whatever happened (the kiosk's close waits for it)."""
    try:
        return print_ticket(None, ticket, printer_url, **kwargs)
    finally:
        under_way.done(token)
