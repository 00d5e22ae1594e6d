"""Helpers shared by the command modules (no Qt)."""

from __future__ import annotations

import getpass
import json
import platform
import sys
from datetime import datetime

from ult_desktop.core.i18n import tr
from ult_desktop.core.tickets import Ticket


def open_db(args, *, mode: str = "cli"):
    from ult_desktop.app import trust_memory
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.cli import UsageError
    from ult_desktop.db.open import open_database

    if not args.db:
        raise UsageError(tr("cli.need_db"))
    station = args.station or f"{mode}@{platform.node() or 'pc'}"
    # signed with this PC's key, if it has one: the station's identity is that key, never
    # the free-text ``--station`` label
    db = open_database(args.db, station=station, mode=mode, signer=this_pc_key())
    if mode not in ("check", "station-key"):
        # a CLI command that writes is a station too: it refuses to write when this PC's
        # pinned root of trust differs from the file's
        db.refusal = trust_memory.trust_problem(db)
        if not args.station:
            _as_registered(db)
    return db


def _as_registered(db) -> None:
    """A PC whose key the record registered writes under that key's label (a ticket it
    takes is born under it: ``core.authority.Acts._issued``), not under ``mode@host``."""
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.record.judged import authority_of

    signer = db.identity.signer
    try:
        label = authority_of(db).labels.get(signer.key_id) if signer is not None else None
    except UltError:
        return  # (the file unreadable now: the command says so itself)
    if label:
        db.station = label


def ticket_json(ticket: Ticket, **extra) -> dict:
    def t(v: datetime | None):
        return v.isoformat() if v else None

    return {
        "id": ticket.id, "number": ticket.number, "service": ticket.service_prefix,
        "service_name": ticket.service_name, "priority": ticket.priority,
        "priority_group": ticket.priority_group,
        "state": ticket.state.value, "counter": ticket.counter, "day": ticket.day,
        "code": ticket.code, "issued_at": t(ticket.issued_at), "called_at": t(ticket.called_at),
        "serving_at": t(ticket.serving_at), "finished_at": t(ticket.finished_at),
        "outcome": ticket.outcome, "print_status": ticket.print_status, **extra,
    }


def status_lines(snapshot: dict) -> list[str]:
    """The queue now (``db.queries.queue_snapshot``) as ``status`` and ``demo`` print it:
    a line per service, then one per counter."""
    return [*(tr("cli.status_line", **s) for s in snapshot["services"]),
            *(tr("cli.counter_line", number=c["number"], ticket=c["ticket"] or "-")
              for c in snapshot["counters"])]


def emit(args, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False), flush=True)
    else:
        print(text, flush=True)


def emit_ticket(args, ticket: Ticket) -> int:
    emit(args, ticket_json(ticket), tr("cli.state", number=ticket.number,
                                       state=tr(f"state.{ticket.state.value}")))
    return 0


def read_pin(prompt: str) -> str:
    """A PIN typed without echo at a console, else the next line of standard input
    (stripped; "" when there is none): a PIN never stands on the command line."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


def stderr(text: str) -> None:
    print(f"ult-desktop: {text}", file=sys.stderr)
