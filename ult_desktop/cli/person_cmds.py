"""``person``: one person's data on request (UU 27/2022), with the words of Admin's page:
``find`` (each person with an ``id``), ``show`` (a copy, PDF or JSON), and the admin acts
``correct`` and ``erase`` (``--admin`` and its PIN, as ``purge`` takes them)."""

from __future__ import annotations

import sys

from ult_desktop.cli import UsageError, command
from ult_desktop.cli.common import emit
from ult_desktop.cli.maintenance_cmds import open_as_admin
from ult_desktop.core.i18n import tr


def register(sub) -> None:
    person = sub.add_parser("person")
    actions = person.add_subparsers(dest="person_action", metavar="ACTION", required=True)
    p = _action(actions, "find", cmd_find)
    p.add_argument("text")
    p = _action(actions, "show", cmd_show)
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--out", required=True, action="append")  # .pdf and/or .json: one request
    p = _action(actions, "correct", cmd_correct)
    p.add_argument("--id", type=int, required=True)
    p.add_argument("assignment")
    p.add_argument("--reason", default="")
    p = _action(actions, "erase", cmd_erase)
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--yes", action="store_true")  # the files listed removed without a prompt


def _action(actions, name: str, func):
    p = command(actions, name, func, admin=True)
    if name != "find":
        p.add_argument("--received")
    return p


def _received(db, args) -> str | None:
    from ult_desktop.db.house import office
    from ult_desktop.db.privacy import requests

    return requests.received_at(args.received, office.get_settings(db)["timezone"])


def cmd_find(args) -> int:
    from ult_desktop.db.privacy import person

    db = open_as_admin(args, required=False)
    found = person.find(db, args.text)
    lines = [tr("person.cli.found", id=p["id"], name=p["name"], records=p["records"],
                first_day=p["first_day"], last_day=p["last_day"],
                nik=", ".join(p["id_number"]) or "-", phone=", ".join(p["phone"]) or "-")
             for p in found] or [tr("person.cli.none", text=args.text)]
    emit(args, {"ok": True, "people": found}, "\n".join(lines))
    return 0


def cmd_show(args) -> int:
    from ult_desktop.reports.person_pdf import save_copy

    db = open_as_admin(args, required=False)
    out = save_copy(db, args.id, args.out, _received(db, args), lang=args.lang)
    emit(args, {"ok": True, "person": args.id, "out": [str(p) for p in out]},
         tr("person.cli.shown", person=args.id, out=", ".join(str(p) for p in out)))
    return 0


def cmd_correct(args) -> int:
    from ult_desktop.db.privacy import person

    field, sep, value = args.assignment.partition("=")
    if not sep or not field.strip():
        raise UsageError(tr("person.error.assignment"))
    db = open_as_admin(args)
    done = person.correct(db, args.id, field.strip(), value, reason=args.reason,
                          received=_received(db, args))
    emit(args, {"ok": True, **done}, tr("person.cli.corrected", field=done["field"],
                                        n=len(done["records"]), event=done["event"]))
    return 0


def cmd_erase(args) -> int:
    """The files to remove and those not removed are shown first: erased after ``--yes``
    or the admin's "y" at the prompt; without either (no terminal) nothing is done."""
    from ult_desktop.db.privacy import erasure

    db = open_as_admin(args)
    shown = erasure.files(db, args.id)
    listed = erasure.files_lines(shown)
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            emit(args, {"ok": False, "confirm": True, **shown},
                 "\n".join([*listed, tr("person.cli.erase_needs_yes")]))
            return 1
        print("\n".join(listed), flush=True)
        if input(tr("person.cli.erase_prompt") + " ").strip().lower() not in ("y", "ya",
                                                                             "yes"):
            print(tr("person.cli.erase_cancelled"), flush=True)
            return 1
    done = erasure.erase(db, args.id, args.reason, received=_received(db, args), shown=shown)
    emit(args, {"ok": True, **done}, "\n".join(erasure.answer(done)))
    return 0
