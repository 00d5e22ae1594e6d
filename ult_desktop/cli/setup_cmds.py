"""Station setup commands: ``setup`` (wizard), ``start`` (the configured mode), and,
never loading Qt, ``setup --show``, ``shortcuts`` and ``version``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ult_desktop.cli.common import emit
from ult_desktop.core.i18n import set_language, tr

MODES = ("kiosk", "counter", "display", "admin", "survey")


def register(sub) -> None:
    p = sub.add_parser("setup", help=tr("setup.cli.setup"))
    p.add_argument("--config", help=tr("setup.cli.config") + " (env ULT_STATION_CONFIG)")
    p.add_argument("--all-users", action="store_true", help=tr("setup.cli.all_users"))
    p.add_argument("--station-account", action="append", default=[],
                   help=tr("setup.cli.station_account"))
    p.add_argument("--show", action="store_true", help=tr("setup.cli.show"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("version", help=tr("cli.version.help"))
    p.add_argument("--db")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_version)

    p = sub.add_parser("start", help=tr("setup.cli.start"))
    p.add_argument("--mode", choices=MODES, help=tr("setup.cli.mode"))
    p.add_argument("--config", help=tr("setup.cli.config"))
    p.add_argument("--windowed", action="store_true")
    p.set_defaults(func=cmd_start)

    p = sub.add_parser("shortcuts", help=tr("setup.cli.shortcuts"))
    p.add_argument("--mode", choices=MODES, help=tr("setup.cli.mode"))
    p.add_argument("--autostart", action="store_true", help=tr("setup.cli.autostart"))
    p.add_argument("--no-desktop", action="store_true", help=tr("setup.cli.no_desktop"))
    p.add_argument("--remove-autostart", action="store_true",
                   help=tr("setup.cli.remove_autostart"))
    p.set_defaults(func=cmd_shortcuts)


def _config_path(args):
    from ult_desktop.app.station_config import machine_config_path

    if getattr(args, "config", None):
        return args.config
    if getattr(args, "all_users", False):
        return str(machine_config_path())
    return None


def cmd_setup(args) -> int:
    from ult_desktop.app.station_config import find_config, load_station_config, user_config_path

    path = _config_path(args)
    if args.show:
        config = load_station_config(path)
        where = path or find_config()
        emit(args, {"file": str(where) if where else None, **config.to_dict()}, "\n".join(
            [tr("setup.cli.file", path=where or tr("setup.cli.no_file")),
             *(f"  {key} = {value}" for key, value in config.to_dict().items())]))
        return 0
    args.config = path or str(user_config_path())
    if args.station_account:  # read by db_secret when it seals the PC-wide password
        os.environ["ULT_STATION_ACCOUNT"] = ",".join(args.station_account)
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.ui.setup import app

    this_pc_key(create=True)  # set up = this PC gets its signing key (docs/security.md)

    return app.main(args)


def _kiosk_pc(args) -> bool:
    """Was this PC set up as a kiosk (its shortcut, the admins' PIN hashes a kiosk keeps,
    or the broken station file says so)?"""
    from ult_desktop.app import admin_pins
    from ult_desktop.app.station_config import find_config

    if args.mode == "kiosk" or admin_pins.load(args.config) is not None:
        return True
    path = Path(args.config) if args.config else find_config()
    try:
        return path is not None and b'"kiosk"' in path.read_bytes()
    except OSError:
        return False


def cmd_start(args) -> int:
    """Run the mode this station is set up for (the wizard first when it is not)."""
    from ult_desktop.app.station_config import (
        apply_station_config,
        is_configured,
        load_station_config,
    )
    from ult_desktop.cli import UsageError, station_name
    from ult_desktop.cli.gui_cmds import cmd_gui

    if not is_configured(args.config):
        if _kiosk_pc(args):
            # Never the wizard on the public screen: locked until an admin PIN.
            from ult_desktop.ui.kiosk import not_set_up

            config = Path(args.config) if args.config else None
            if not_set_up.main(config, locked=not args.windowed) != 0:
                return 0
        else:
            from ult_desktop.ui.setup import app

            if app.main(args) != 0:
                return 0  # cancelled: nothing to start
    config = load_station_config(args.config)
    if not config.db:
        raise UsageError(tr("cli.need_db"))
    if "--lang" not in sys.argv and not os.environ.get("ULT_LANG"):
        set_language(config.language)
    try:  # a station's name is a file name on the share, as --station checks it
        station = station_name(os.environ.get("ULT_STATION") or "") or None
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from exc
    run = argparse.Namespace(mode=args.mode or config.mode, windowed=args.windowed,
                             db=os.environ.get("ULT_DB"), printer=None, counter=None,
                             station=station, lang=config.language, config=args.config)
    apply_station_config(run, config)
    return cmd_gui(run)


def cmd_shortcuts(args) -> int:
    from ult_desktop.app import shortcuts

    if args.remove_autostart:
        for path in shortcuts.remove_autostart(args.mode):
            print(tr("setup.cli.removed", path=path))
        return 0
    try:
        written = shortcuts.create_shortcuts(args.mode, desktop=not args.no_desktop,
                                             autostart=args.autostart)
    except OSError as exc:
        print("ult-desktop: " + tr("setup.finish.shortcut_failed", reason=exc),
              file=sys.stderr)
        return 4
    for path in written:
        print(tr("setup.cli.written", path=path))
    return 0


def database_schema(db: str) -> int | None:
    """The schema version of the office database *db*, read without opening it as a
    station (which would migrate it); None when it cannot be read."""
    from ult_desktop.db.engine.sqlite_file import is_server_url

    try:
        if is_server_url(db):
            from ult_desktop.db.engine.pg import stored_schema_version

            return stored_schema_version(db)
        import sqlite3

        from ult_desktop.db.engine.sqlite_file import sqlite_uri

        if not Path(db).is_file():
            return None
        conn = sqlite3.connect(sqlite_uri(Path(db), mode="ro"), uri=True, timeout=10)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except Exception:  # unreachable, not a database: the installer says "unknown"
        return None


def cmd_version(args) -> int:
    """``ult-desktop version``: this program's schema and the office database's (the
    installer warns before a migration stops every station not updated)."""
    from ult_desktop import __version__
    from ult_desktop.app.db_secret import split
    from ult_desktop.app.selftest import station_options
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    db = args.db or station_options().db
    found = database_schema(db) if db else None
    result = {"version": __version__, "schema": SCHEMA_VERSION,
              "db": split(db)[0] if db else None, "db_schema": found,
              "migrates": found is not None and found < SCHEMA_VERSION,
              "too_old": found is not None and found > SCHEMA_VERSION,
              "unknown": bool(db) and found is None}
    if result["unknown"]:  # the installer prints this sentence as it is (both languages)
        result["warning"] = tr("cli.version.unknown", lang="id") + " / " + \
            tr("cli.version.unknown", lang="en")
    lines = [tr("cli.version.line", version=__version__, schema=SCHEMA_VERSION)]
    if db:
        lines.append(tr("cli.version.db_line", db=result["db"],
                        schema=found if found is not None else "?"))
    if result["migrates"]:
        lines.append(tr("cli.version.migrates", found=found, schema=SCHEMA_VERSION))
    elif result["too_old"]:
        lines.append(tr("cli.version.too_old", found=found, schema=SCHEMA_VERSION))
    elif result["unknown"]:
        lines.append(tr("cli.version.unknown"))
    emit(args, result, "\n".join(lines))
    return 0
