"""Printer commands: ``print-test`` and ``reprint`` (``take --printer`` lives in
queue_cmds and uses :func:`ult_desktop.app.print_service.print_and_record`)."""

from __future__ import annotations

import os

from ult_desktop.cli import command, station_name
from ult_desktop.cli.common import emit, open_db, stderr, ticket_json
from ult_desktop.core.i18n import tr


def _printer_options(p) -> None:
    default = os.environ.get("ULT_PRINTER")
    p.add_argument("--printer", required=not default, default=default,
                   help=tr("printer.cli.printer_url") + " (env ULT_PRINTER)")
    p.add_argument("--width", type=int, choices=(58, 80), help=tr("printer.cli.width"))
    p.add_argument("--profile", help=tr("printer.cli.profile"))
    p.add_argument("--timeout", type=float, help=tr("printer.cli.timeout"))


def register(sub) -> None:
    p = sub.add_parser("print-test", help=tr("printer.cli.print_test"))
    _printer_options(p)
    p.add_argument("--db", default=None)
    p.add_argument("--station", type=station_name, default=os.environ.get("ULT_STATION"))
    p.add_argument("--preview", metavar="PNG", help=tr("printer.cli.preview"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_print_test)

    p = sub.add_parser("printer-status", help=tr("printer.cli.status"))
    _printer_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_printer_status)

    p = command(sub, "reprint", cmd_reprint, tr("printer.cli.reprint"))
    p.add_argument("--ticket", required=True)
    _printer_options(p)


def _config(args):
    from ult_desktop.app.print_service import printer_config

    return printer_config(args.printer, width_mm=args.width, profile=args.profile,
                          timeout_s=args.timeout)


def cmd_print_test(args) -> int:
    from ult_desktop.app.print_service import print_test, test_ticket_data
    from ult_desktop.devices.printer.jobs import elements_of
    from ult_desktop.devices.printer.preview import save_preview

    config = _config(args)
    settings = None
    if args.db:
        from ult_desktop.db.house.office import get_settings

        settings = get_settings(open_db(args, mode="print-test"))
    lang = args.lang
    job = print_test(config, settings=settings, lang=lang)
    if args.preview:
        save_preview(elements_of(test_ticket_data(settings, lang=lang)), args.preview,
                     width_mm=config.width_mm, profile=config.profile, codepage=config.codepage)
    result = job.wait(config.timeout_s + 5)
    data = {"printer": config.display(), "ok": result.ok, "state": result.state,
            "bytes": result.bytes_sent, "elapsed_ms": round(result.elapsed_ms, 1),
            "output": result.output_path, "error": result.error}
    if result.ok:
        text = (result.message() if result.output_path or result.skipped else
                tr("printer.result.test_ok", target=config.display(), bytes=result.bytes_sent,
                   ms=round(result.elapsed_ms)))
        emit(args, data, text)
        return 0
    if args.json:
        emit(args, data, "")
    stderr(tr("printer.result.test_failed", error=result.error))
    return 8


def cmd_reprint(args) -> int:
    from ult_desktop.app.print_service import print_and_record
    from ult_desktop.db import queries

    config = _config(args)
    db = open_db(args, mode="reprint")
    ticket = queries.get_ticket(db, number=args.ticket)
    result = print_and_record(db, ticket, config)
    ticket = queries.get_ticket(db, ticket_id=ticket.id)
    emit(args, ticket_json(ticket, printed=result.ok, print_error=result.error),
         result.message())
    if not result.ok:
        if args.json:
            stderr(result.message())
        return 8
    return 0


def cmd_printer_status(args) -> int:
    from ult_desktop.devices.printer.backends import read_status

    config = _config(args)
    status = read_status(config)   # PrinterError (unreachable, no answer) -> exit 8
    data = {"printer": config.display(), "state": status.state, "online": status.online,
            "paper": status.paper}
    emit(args, data, f"{config.display()}: {tr('printer.status.' + status.state)}")
    return 0 if status.state in ("ok", "paper_low", "unknown") else 8
