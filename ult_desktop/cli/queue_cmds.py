"""Headless queue commands: init, take, call, recall, skip, serve, finish, transfer,
cancel, reclassify, status, events, check, backup."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ult_desktop.cli import UsageError, command
from ult_desktop.cli.common import emit, emit_ticket, open_db, status_lines, stderr, ticket_json
from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import GROUPS


def register(sub) -> None:
    p = command(sub, "init", cmd_init, json=False)
    p.add_argument("--demo", action="store_true")
    p.add_argument("--office-name")
    p.add_argument("--admin", metavar="USERNAME")
    p.add_argument("--admin-name", metavar="NAME")

    p = command(sub, "take", cmd_take)
    p.add_argument("--service", required=True)
    p.add_argument("--priority", nargs="?", const="", default=None, metavar="GROUP")
    p.add_argument("--printer")

    p = command(sub, "call", cmd_call)
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--ticket", metavar="NUMBER")
    p.add_argument("--reason")

    for name in ("recall", "skip", "serve", "finish"):
        p = command(sub, name, cmd_desk)
        p.add_argument("--counter", type=int)
        p.add_argument("--ticket")
        if name == "finish":
            p.add_argument("--outcome", default="answered",
                           choices=("answered", "escalated", "referred", "rescheduled", "cancelled"))

    p = command(sub, "pause", cmd_pause)
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--reason", required=True)
    p = command(sub, "resume", cmd_pause, reason=None)
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--keep", dest="keep_serving", action="store_true")
    p = command(sub, "report-back", cmd_desk)
    p.add_argument("--ticket", required=True)
    p.add_argument("--reason")
    p = command(sub, "visit", cmd_visit)
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--day", required=True)
    p.add_argument("--from", dest="opens", required=True)
    p.add_argument("--to", dest="closes", required=True)
    p.add_argument("--printer")
    p = command(sub, "check-in", cmd_check_in)
    p.add_argument("--code", required=True)
    _register_more(sub)


def cmd_visit(args) -> int:
    from datetime import date

    from ult_desktop.db.visit import visits

    db = open_db(args, mode="counter")
    v = visits.book_visit(db, case_id=args.case, day=date.fromisoformat(args.day),
                          opens=args.opens, closes=args.closes)
    out = {"case": v.case_id, "day": v.day.isoformat(), "from": v.opens, "to": v.closes,
           "code": v.code}
    code = 0
    if args.printer:
        from ult_desktop.app.print_service import print_slip
        from ult_desktop.core.receipt import visit_slip
        from ult_desktop.db.house.office import get_settings

        result = print_slip(visit_slip(
            office_name=get_settings(db)["office_name"], case_id=v.case_id, day=v.day,
            opens=v.opens, closes=v.closes, code=v.code, topic=v.topic), args.printer)
        out["printed"] = bool(result and result.ok)
        if not out["printed"]:
            code, out["print_error"] = 8, result.error if result else "timeout"
    emit(args, out, tr("cli.visit_booked", day=v.day.isoformat(), opens=v.opens,
                       closes=v.closes, code=v.code))
    return code


def cmd_check_in(args) -> int:
    from ult_desktop.db.visit import visits

    db = open_db(args, mode="kiosk")
    ticket = visits.check_in(db, code=args.code)
    return emit_ticket(args, ticket)


def _register_more(sub) -> None:
    p = command(sub, "import-online", cmd_import_online)
    p.add_argument("--file", required=True)
    p.add_argument("--service", required=True)
    p.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER")
    p.add_argument("--admin", metavar="USERNAME", default=os.environ.get("ULT_ADMIN"))

    p = command(sub, "transfer", cmd_desk)
    p.add_argument("--ticket")
    p.add_argument("--counter", type=int)
    p.add_argument("--to-service")
    p.add_argument("--to-counter", type=int)
    p.add_argument("--reason")

    p = command(sub, "cancel", cmd_desk)
    p.add_argument("--ticket", required=True)
    p.add_argument("--reason")

    p = command(sub, "reclassify", cmd_desk)
    p.add_argument("--ticket", required=True)
    p.add_argument("--priority", choices=("yes", "no"), required=True)
    p.add_argument("--group")
    p.add_argument("--reason", required=True)

    command(sub, "status", cmd_status)

    p = command(sub, "events", cmd_events)
    p.add_argument("--after", type=int, default=None)
    p.add_argument("--follow", action="store_true")
    p.add_argument("--interval-ms", type=int, default=200)

    p = command(sub, "check", cmd_check)
    from ult_desktop.cli.audit_cmds import add_check_options

    add_check_options(p)

    p = command(sub, "backup", cmd_backup, json=False)
    p.add_argument("--out")
    p.add_argument("--daily", action="store_true")


def cmd_init(args) -> int:
    from ult_desktop.db.house.setup import init_database

    if not args.db:
        raise UsageError(tr("cli.need_db"))
    if args.admin and args.demo:
        raise UsageError(tr("cli.init.demo_has_admin"))
    first = None
    if args.admin:  # the PIN is asked and checked before any file exists
        from ult_desktop.app.station_check import FirstAdmin
        from ult_desktop.cli.admin_cmds import new_pin
        from ult_desktop.db.errors import RuleViolation

        user = args.admin.strip().lower()
        first = FirstAdmin(user, (args.admin_name or user).strip(), new_pin(user))
        problem = first.problem()
        if problem is not None:
            raise RuleViolation("cli.init.refused", reason=problem)
    from ult_desktop.app.station_key import this_pc_key

    path = init_database(args.db, demo=args.demo, office_name=args.office_name,
                         signer=this_pc_key())
    if args.demo:  # the demo admin on this PC's key: the demo's root of trust
        from ult_desktop.app.trust_memory import make_root_here

        make_root_here(path, admin="admin", demo=True)
    if first is not None:
        from ult_desktop.app.trust_memory import found_office
        from ult_desktop.core.chain import fingerprint

        root = found_office(path, username=first.username, name=first.name,
                            pin_code=first.pin)
        print(tr("cli.init.created_root", path=path, username=first.username,
                 fingerprint=fingerprint(root[0]) if root else "-"))
        return 0
    print(tr("cli.created_demo" if args.demo else "cli.created", path=path))
    if not args.demo:  # only this PC may add its first admin: no root anyone can take
        from ult_desktop.app.trust_memory import remember_founded

        remember_founded(path)
        print(tr("cli.init.no_root"))
    return 0


def _priority_mark(ticket) -> str:
    if not ticket.priority:
        return ""
    from ult_desktop.core.priority import group_key

    if ticket.priority_group in GROUPS:
        return tr("cli.priority_group_mark", group=tr(group_key(ticket.priority_group)))
    return tr("cli.priority_mark")


def _ticket_line(ticket, ahead: int | None, band: tuple[int, int] | None) -> str:
    from ult_desktop.core.queue import wait_text

    if ahead is None:
        return tr("cli.ticket_only", number=ticket.number, service=ticket.service_name,
                  priority=_priority_mark(ticket))
    wait = wait_text(band)
    return tr("cli.ticket", number=ticket.number, service=ticket.service_name,
              priority=_priority_mark(ticket), ahead=ahead,
              wait=f", {wait}" if wait else "")


def cmd_take(args) -> int:
    from ult_desktop.core.band import NOT_TODAY
    from ult_desktop.db import queries
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.queue.numbers import issue_ticket

    db = open_db(args, mode="kiosk")
    ticket = issue_ticket(db, service=args.service,
                               priority=args.priority is not None,
                               priority_group=args.priority or None)
    try:
        ahead, band = db.read(lambda conn: queries.read_ticket_band(conn, ticket))
    except UltError:  # the ticket is committed: report it (a retry would issue another)
        ahead, band = None, None
    code = 0
    # the band of the run of the call order, or null: too few visits to say
    not_today = band is not None and tuple(band) == NOT_TODAY
    extra: dict = {"waiting_ahead": ahead,
                   "wait_band": list(band) if band and not not_today else None,
                   **({"not_today": True} if not_today else {})}
    if args.printer:
        # Same code path as the kiosk: the ticket is committed first, then printed.
        from ult_desktop.app.print_service import print_and_record

        result = print_and_record(db, ticket, args.printer)
        extra["printed"] = result.ok
        if not result.ok:
            extra["print_error"] = result.error
            code = 8
    emit(args, ticket_json(ticket, **extra), _ticket_line(ticket, ahead, band))
    if code:
        stderr(extra["print_error"])
    return code


def cmd_call(args) -> int:
    """As F1 at the desk: during the office's break (its officer not serving on) nobody
    is called, said in one sentence, and a free desk pauses for the break."""
    from ult_desktop.core.numbering import utc_now
    from ult_desktop.db.errors import RuleViolation
    from ult_desktop.db.queue.breaks import read_desk_break
    from ult_desktop.db.queue.desk import call_next, pause_counter
    from ult_desktop.db.queue.rows import day_settings, read_pauses, ticket_at_counter

    db = open_db(args, mode="counter")
    now = utc_now()
    held = db.read(lambda conn: (read_desk_break(conn, args.counter, now), read_pauses(conn),
                                 ticket_at_counter(conn, day_settings(conn, now)[0],
                                                   args.counter)))
    on_break, pauses, busy = held
    if on_break is not None and not on_break.kept:
        pause = on_break.pause
        if busy is None and args.counter not in pauses:
            pause_counter(db, counter=args.counter, reason=pause.reason, now=now)
        raise RuleViolation("cli.break_no_call", counter=args.counter,
                                   start=pause.start.strftime("%H.%M"),
                                   end=pause.end.strftime("%H.%M"))
    ticket = call_next(db, counter=args.counter, number=args.ticket,
                            reason=args.reason)
    if ticket is None:
        emit(args, {"ticket": None, "counter": args.counter},
             tr("cli.nobody_waiting", counter=args.counter))
        return 7
    emit(args, ticket_json(ticket), tr("cli.called", number=ticket.number, counter=args.counter))
    return 0


def cmd_import_online(args) -> int:
    """``import-online``: as the counter's Impor button, the columns given or guessed."""
    from ult_desktop.app import online_import

    given = dict(m.split("=", 1) for m in args.map if "=" in m)
    if any(f not in online_import.FIELDS for f in given) or len(given) != len(args.map):
        raise UsageError(tr("cli.import_bad_map", fields=", ".join(online_import.FIELDS)))
    header, _rows = online_import.read_table(args.file)
    mapping = {**online_import.guess_mapping(header), **given}
    db = open_db(args, mode="counter")
    admin = None
    if args.admin:  # rows of a past month: only with an admin's PIN, on the admin PC
        from ult_desktop.cli.maintenance_cmds import authenticate

        admin = authenticate(db, args.admin)
    result = online_import.import_requests(db, args.file, mapping, admin=admin,
                                           default_service=args.service.upper())
    # the new requesters' survey codes: printed here for the officer, in no file
    emit(args, {"added": result.added, "existing": result.existing,
                "refused": [{"row": r, "reason": why} for r, why in result.refused],
                "codes": [{"online_ref": ref, "email": email, "code": code}
                          for ref, email, code in result.codes]},
         "\n".join([result.summary(), *result.code_lines()]))
    return 0


def cmd_pause(args) -> int:
    """``pause`` (with --reason) and ``resume`` (without)."""
    from ult_desktop.db.queue.desk import pause_counter, resume_counter
    from ult_desktop.db.queue.rows import read_pauses

    db = open_db(args, mode="counter")
    if args.reason is None:  # --keep: serving on through the office's break, recorded
        keep = None
        if args.keep_serving:
            from ult_desktop.core.numbering import utc_now
            from ult_desktop.db.queue.breaks import read_desk_break

            now = utc_now()
            held = db.read(lambda conn: read_desk_break(conn, args.counter, now))
            keep = held.pause.reason if held is not None else None
        resume_counter(db, counter=args.counter, keep=keep)
        emit(args, {"counter": args.counter, "paused": None},
             tr("cli.resumed", counter=args.counter))
        return 0
    pause_counter(db, counter=args.counter, reason=args.reason)
    reason = db.read(read_pauses)[args.counter]
    emit(args, {"counter": args.counter, "paused": reason},
         tr("cli.paused", counter=args.counter, reason=tr(f"counter.pause.{reason['reason']}")))
    return 0


#: The desk's acts on one ticket, each command's call of ``db.queue.desk`` (*desk*).
DESK_ACTS = {
    "recall": lambda desk, db, a: desk.recall(db, counter=a.counter, number=a.ticket),
    "skip": lambda desk, db, a: desk.skip(db, counter=a.counter, number=a.ticket),
    "serve": lambda desk, db, a: desk.start_serving(db, counter=a.counter, number=a.ticket),
    "finish": lambda desk, db, a: desk.finish(db, counter=a.counter, number=a.ticket,
                                              outcome=a.outcome),
    "report-back": lambda desk, db, a: desk.report_back(db, number=a.ticket, via="cli",
                                                        override=a.reason),
    "transfer": lambda desk, db, a: desk.transfer(
        db, number=a.ticket, counter=a.counter, to_service=a.to_service,
        to_counter=a.to_counter, reason=a.reason),
    "cancel": lambda desk, db, a: desk.cancel(db, number=a.ticket, reason=a.reason),
    "reclassify": lambda desk, db, a: desk.reclassify_priority(
        db, number=a.ticket, priority=a.priority == "yes", reason=a.reason,
        priority_group=a.group),
}


def cmd_desk(args) -> int:
    """One of :data:`DESK_ACTS` at a counter; the ticket it leaves said."""
    from ult_desktop.db.queue import desk

    if args.command in ("recall", "skip", "serve", "finish") and args.counter is None \
            and not args.ticket:
        raise UsageError(tr("cli.need_counter_or_ticket"))
    db = open_db(args, mode="counter")
    return emit_ticket(args, DESK_ACTS[args.command](desk, db, args))


def cmd_status(args) -> int:
    from ult_desktop.db import queries

    db = open_db(args)
    snap = queries.queue_snapshot(db)
    emit(args, snap, "\n".join(status_lines(snap)))
    return 0


def cmd_events(args) -> int:
    from ult_desktop.db.record.feed import ChangeFeed

    db = open_db(args, mode="events")
    after = args.after if args.after is not None else (None if args.follow else 0)
    feed = ChangeFeed(db, after_id=after)

    def show(events) -> None:
        for e in events:
            emit(args, e.as_json(), f"{e.id}\t{e.at.isoformat()}\t{e.kind}\t"
                 f"{e.ticket_number or '-'}\t{e.service_prefix or '-'}\t{e.counter or '-'}")

    from ult_desktop.db.errors import UltError

    show(feed.poll())
    warned = None
    while args.follow:
        time.sleep(args.interval_ms / 1000)
        try:
            show(feed.poll())
            warned = None
        except UltError as exc:  # share gone or busy: say it once, keep following
            if type(exc) is not warned:
                stderr(str(exc))
                warned = type(exc)
    return 0


def cmd_check(args) -> int:
    from ult_desktop.cli.audit_cmds import chain_check, parse_heads, parse_root, reconcile_check
    from ult_desktop.db.keeping.maintenance import check

    heads = parse_heads(getattr(args, "head", []))
    root = parse_root(getattr(args, "root", None))
    db = open_db(args, mode="check")
    report = check(db)
    file_ok = report["ok"]
    if report["integrity_ok"] and not report["schema_ok"]:  # the schema guard's finding
        text = tr("guard.cli.drift", detail=" ".join(report["schema_messages"]))
    elif report["integrity_ok"] and not report["references_ok"]:
        text = tr("cli.check_references", detail="; ".join(report["references"][:3]))
    else:
        text = tr("cli.check_ok" if file_ok else "cli.check_bad", path=report["path"])
    chain_lines = chain_check(db, report, heads, root)
    if report["integrity_ok"]:
        chain_lines += reconcile_check(db, report)
        chain_lines += _backup_lines(db, report)
    emit(args, report, "\n".join([text, *chain_lines]))
    tampered = not report["audit"]["ok"] or not report.get("reconcile", {"ok": True})["ok"]
    if tampered:
        return 9
    if not report["ok"]:
        return 4
    return 11 if report["audit"]["unpinned"] else 0  # sound, but against no known root


def _backup_lines(db, report: dict) -> list[str]:
    """"Cadangan terakhir" and the backup warnings; never a failure: a
    missing backup is for the admin to act on, the file itself is fine."""
    from ult_desktop.core import backup_plan
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.keeping.autobackup import backup_status

    try:
        status = backup_status(db)
    except UltError as exc:  # an older file, a busy share: the check itself stands
        return [tr("backup.warning_line", text=str(exc))]
    report["backup"] = status.as_dict()
    lines = [backup_plan.last_text(status.last, status.timezone)]
    failed = backup_plan.failed_text(status.failed, status.timezone)
    if failed:
        lines.append(tr("backup.warning_line", text=failed))
    lines += [tr("backup.warning_line", text=backup_plan.warning_text(w))
              for w in status.warnings]
    return lines


def _daily_backup(db) -> int:
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.db.keeping import autobackup

    done = autobackup.run_daily_backup(db)
    if done.outcome == autobackup.MADE:
        print(tr("backup.daily.made", path=done.path))
        return 0
    if done.outcome == autobackup.FAILED:
        stderr(tr("backup.daily.outcome.failed", error=done.error))
        return 4
    host = get_settings(db, "backup_host")["backup_host"]
    print(tr(f"backup.daily.outcome.{done.outcome}", host=host))
    return 0


def cmd_backup(args) -> int:
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.db.keeping import autobackup
    from ult_desktop.db.keeping.backup import backup_database, default_backup_path

    db = open_db(args, mode="backup")
    if args.daily:  # a scheduled task: into the office's backup folder, once a day
        return _daily_backup(db)
    out = args.out
    folder = Path(out).parent if out else None
    why = autobackup.folder_problem(folder) if folder is not None else None
    if why is not None:  # never made: an unmounted share's letter would become local
        stderr(tr("backup.warn.unreachable_why", folder=str(folder), reason=why))
        return 4
    if not out:  # backup/<name>-<office time>.db next to the file
        # (a server: backup/ult-server-<office time>.db in this PC's data folder)
        from ult_desktop.app.paths import backup_base

        out = default_backup_path(backup_base(db.path), get_settings(db)["timezone"])
        out.parent.mkdir(parents=True, exist_ok=True)
    print(tr("cli.backup_done", path=backup_database(db, out)))  # audited
    return 0
