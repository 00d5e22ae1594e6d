"""The office on a PostgreSQL server: ``server init``, ``migrate-to-server`` and
``migrate-from-server``, run with the owner's URL (docs/server.md)."""

from __future__ import annotations

import os

from ult_desktop.cli import UsageError
from ult_desktop.cli.common import emit
from ult_desktop.core.i18n import tr


def register(sub) -> None:
    ssub = sub.add_parser("server").add_subparsers(dest="server_command", required=True,
                                                   metavar=tr("cli.help.command_metavar"))
    p = ssub.add_parser("init")
    p.add_argument("--url", default=os.environ.get("ULT_SERVER_URL"))
    p.add_argument("--demo", action="store_true")
    p.add_argument("--office-name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_server_init)
    # the office file and the server's URL, each move's source first
    env = {"--db": "ULT_DB", "--url": "ULT_SERVER_URL"}
    for name, options in (("migrate-to-server", ("--db", "--url")),
                          ("migrate-from-server", ("--url", "--db"))):
        p = sub.add_parser(name)
        for option in options:
            p.add_argument(option, default=os.environ.get(env[option]))
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_migrate)


def _need(args, *names: str) -> None:
    for name in names:
        if not getattr(args, name, None):
            raise UsageError(tr("server.cli.need", option="--" + name.replace("_", "-")))
    if not args.url.startswith(("postgresql://", "postgres://")):
        raise UsageError(tr("server.cli.need_url"))


def _station_password() -> str | None:
    """The station role's password: ``ULT_STATION_PASSWORD`` (never an option: it would
    stay in the shell history); without it no role is made."""
    return os.environ.get("ULT_STATION_PASSWORD") or None


def cmd_server_init(args) -> int:
    from ult_desktop.db.engine.pg import safe_url
    from ult_desktop.db.open import init_server
    from ult_desktop.db.schemas.server_schema import STATION_ROLE

    _need(args, "url")
    password = _station_password()
    init_server(args.url, demo=args.demo, office_name=args.office_name,
                station_password=password)
    role = STATION_ROLE if password else None
    text = tr("server.cli.init_done", url=safe_url(args.url))
    if role:
        text += "\n" + tr("server.cli.role_made", role=role)
    else:
        text += "\n" + tr("server.cli.no_role")
    emit(args, {"ok": True, "url": safe_url(args.url), "station_role": role}, text)
    return 0


def cmd_migrate(args) -> int:
    """``migrate-to-server`` (the office file onto the server, with its station role) and
    ``migrate-from-server`` (the server's office into a file)."""
    from ult_desktop.db.engine.pg import safe_url
    from ult_desktop.db.keeping import server_move

    _need(args, "db", "url")
    if args.command == "migrate-to-server":
        done = server_move.migrate_to_server(args.db, args.url,
                                             station_password=_station_password())
        said, key = {"url": safe_url(args.url)}, "server.cli.migrated"
    else:
        done = server_move.migrate_from_server(args.url, args.db)
        said, key = {"path": args.db}, "server.cli.exported"
    emit(args, {"ok": True, **said, **done}, tr(key, path=args.db, url=safe_url(args.url),
                                                events=done["tables"].get("events", 0)))
    return 0
