"""``officer``: add officers, reset a PIN, lift a wrong-PIN lock, list, from a console.

The first admin of a new file is added here; after that every command signs in as an
admin (``--admin NAME``) through the screens' PIN check. PINs never appear on the command
line: asked without echo, or one per line on standard input (the admin's first, or
``ULT_ADMIN_PIN``; then the new one)."""

from __future__ import annotations

import getpass
import os
import sys
from contextlib import closing

from ult_desktop.cli import add_db_option
from ult_desktop.cli.common import emit, open_db, read_pin
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import ROLES


def register(sub) -> None:
    officer = sub.add_parser("officer", help=tr("officer.cli.help"))
    actions = officer.add_subparsers(dest="officer_action", metavar="ACTION", required=True)

    parsers = {}
    for name, text, func, username in (
            ("add", "officer.cli.add", cmd_add, "officer.cli.username"),
            ("reset-pin", "officer.cli.reset", cmd_reset_pin, "officer.cli.username"),
            ("unlock", "officer.cli.unlock", cmd_unlock, "officer.cli.unlock_username"),
            ("list", "officer.cli.list", cmd_list, None)):
        parsers[name] = p = actions.add_parser(name, help=tr(text))
        add_db_option(p)
        p.add_argument("--admin", metavar="NAME", default=os.environ.get("ULT_ADMIN"))
        p.add_argument("--json", action="store_true")
        if username:
            p.add_argument("--username", required=True, help=tr(username))
        p.set_defaults(func=func)
    parsers["add"].add_argument("--name", required=True, help=tr("officer.cli.name"))
    parsers["add"].add_argument("--role", required=True, choices=ROLES,
                                help=tr("officer.cli.role"))


def new_pin(username: str) -> str:
    from ult_desktop.db.errors import RuleViolation

    console = sys.stdin is not None and sys.stdin.isatty()
    pin = read_pin(tr("officer.cli.prompt_new_pin", username=username))
    if not console and not pin:
        raise RuleViolation("officer.cli.no_pin")
    if console and getpass.getpass(tr("officer.cli.prompt_repeat")) != pin:
        raise RuleViolation("officer.cli.mismatch")
    return pin


def _sign_in(db, args, *, first_admin_ok: bool = False) -> str | None:
    """The admin named by ``--admin`` after their PIN is checked (audited, lockout); None
    only while the file has no active admin and *first_admin_ok*. Raises RuleViolation
    or PinLocked."""
    from ult_desktop.cli.maintenance_cmds import authenticate
    from ult_desktop.db.errors import RuleViolation
    from ult_desktop.db.house.office import read_officer_rows

    if not args.admin:
        admins = [r for r in db.read(read_officer_rows)  # (as the record holds them)
                  if r["role"] == "admin" and r["active"]]
        if not admins and first_admin_ok:
            return None
        raise RuleViolation("officer.cli.need_admin")
    return authenticate(db, args.admin)


def _station_mode() -> str | None:
    """What this PC was set up as (its station file), None if it was never set up."""
    from ult_desktop.app.station_config import is_configured, load_station_config

    try:
        return load_station_config().mode if is_configured() else None
    except Exception:  # an unreadable station file: not a reason to refuse or to allow
        return None


def cmd_add(args) -> int:
    from ult_desktop.app import trust_memory
    from ult_desktop.db.errors import RuleViolation
    from ult_desktop.db.house import office

    with closing(open_db(args, mode="admin")) as db:
        by = _sign_in(db, args, first_admin_ok=args.role == "admin")
        if by is None and args.role != "admin":
            raise RuleViolation("officer.cli.need_admin")
        from ult_desktop.core.authority import NOT_ADMIN_PC_MODES

        if by is None and _station_mode() in NOT_ADMIN_PC_MODES:
            # the first admin makes this PC's key the root of trust: only the admin PC's
            raise RuleViolation("audit.error.root_not_here")
        # only on the PC whose plain ``init`` made the file (it becomes the root)
        if by is None and not trust_memory.load(db.target).founded:
            raise RuleViolation("audit.error.root_not_founder")
        user = args.username.strip().lower()
        office.add_officer(db, username=user, name=args.name, role=args.role,
                           pin=new_pin(user))
        path = db.path
    text = tr("officer.cli.added", username=user, role_name=tr(f"admin.role.{args.role}"))
    result: dict = {"username": user, "role": args.role, "added": True}
    if by is None:  # the office's first admin, on this PC: it becomes the root of trust
        from ult_desktop.core import chain

        root = trust_memory.make_root_here(path, admin=user)
        if root is not None:
            result["root_fingerprint"] = chain.fingerprint(root[0])
            text += " " + tr("cli.officer.root_made", fingerprint=result["root_fingerprint"])
    emit(args, result, text)
    return 0


def cmd_reset_pin(args) -> int:
    from ult_desktop.db.house import office

    with closing(open_db(args, mode="admin")) as db:
        _sign_in(db, args)
        user = args.username.strip().lower()
        office.reset_pin(db, username=user, pin=new_pin(user))
    emit(args, {"username": user, "pin_reset": True}, tr("officer.cli.pin_reset", username=user))
    return 0


def cmd_unlock(args) -> int:
    from ult_desktop.db.house import office

    with closing(open_db(args, mode="admin")) as db:
        _sign_in(db, args)
        found = office.unlock_pin(db, username=args.username)
    emit(args, {"username": args.username, "unlocked": found},
         tr("officer.cli.unlocked" if found else "officer.cli.not_locked",
            username=args.username))
    return 0


def cmd_list(args) -> int:
    from ult_desktop.db.house import office

    with closing(open_db(args, mode="admin")) as db:
        _sign_in(db, args)
        officers = office.list_officers(db)
    rows = [{"username": o.username, "name": o.name, "role": o.role, "active": o.active,
             "pin_weak": o.pin_weak,
             "locked_until": o.locked_until.isoformat() if o.locked_until else None}
            for o in officers]
    if args.json:
        emit(args, {"officers": rows}, "")
        return 0
    for r in rows:
        marks = [m for m, on in (("locked", r["locked_until"]), ("weak PIN", r["pin_weak"]),
                                 ("inactive", not r["active"])) if on]
        print(f"{r['username']:<16} {r['role']:<13} {r['name']}"
              + (f"  [{', '.join(marks)}]" if marks else ""))
    return 0
