"""``ult-desktop``: the GUI modes and the headless commands.

Headless commands never import Qt, so they start fast and run on a machine with no
screen. Errors are one line on stderr; exit codes are listed in README and in
:data:`EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import traceback
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.core.i18n import set_language, tr

#: Modules that each define ``register(subparsers)``. A module that does not exist
#: yet is skipped, so a mode can be added without touching this list's users.
COMMAND_MODULES = (
    "ult_desktop.cli.queue_cmds",
    "ult_desktop.cli.print_cmds",
    "ult_desktop.cli.report_cmds",
    "ult_desktop.cli.admin_cmds",
    "ult_desktop.cli.gui_cmds",
    "ult_desktop.cli.setup_cmds",
)

EXIT_CODES = {
    0: "success",
    1: "unexpected internal error (details in the log file named in the message)",
    2: "usage error (bad command or option)",
    3: "database busy: another station held the lock too long; try again",
    4: "database unavailable: folder/share unreachable, file missing, read-only, not a "
       "database, or already exists (init/backup)",
    5: "schema too new: this station is older than the database; update it",
    6: "rejected by a queue rule (unknown service/counter/ticket, invalid state, quota, "
       "office closed)",
    7: "nothing to do (no visitor waiting for this counter)",
    8: "printer failed (the ticket was issued; reprint it)",
}


class UsageError(Exception):
    """A command's arguments make no sense; exits with 2."""


def log_dir() -> Path:
    from ult_desktop.app.paths import user_log_dir

    return user_log_dir()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ult-desktop",
        description="ULT Desktop: antrean dan layanan ULT (kiosk, counter, display, admin).",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()))
    parser.add_argument("--version", action="version", version=f"ult-desktop {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), default=os.environ.get("ULT_LANG", "id"),
                        help="language of messages (default id, env ULT_LANG)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).register(sub)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=os.environ.get("ULT_DB"),
                        help="database file (env ULT_DB)")
    parser.add_argument("--station", default=os.environ.get("ULT_STATION"),
                        help="station name written in events (default: host name)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from ult_desktop.db.errors import UltError

    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"ult-desktop: {exc}", file=sys.stderr)
        return 2
    except UltError as exc:
        print(f"ult-desktop: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # one line for the person, the traceback to the log
        path = log_dir() / "error.log"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as f:
                f.write(traceback.format_exc() + "\n")
        except OSError:
            path = Path("(stderr)")
        logging.getLogger(__name__).debug("unexpected", exc_info=True)
        print("ult-desktop: " + tr("error.internal", detail=type(exc).__name__, log=path),
              file=sys.stderr)
        return 1
