"""``ult-desktop``: the GUI modes and the headless commands (which never import Qt).
Errors are one line on stderr; exit codes: :data:`EXIT_CODES` and the README."""

from __future__ import annotations

import argparse
import codecs
import importlib
import importlib.util
import logging
import os
import re
import sys
import traceback
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.core.i18n import languages, set_language, tr

#: Modules that each define ``register(subparsers)`` (a missing one is skipped).
COMMAND_MODULES = (
    "ult_desktop.cli.queue_cmds",
    "ult_desktop.cli.print_cmds",
    "ult_desktop.cli.report_cmds",
    "ult_desktop.cli.compare_cmds",
    "ult_desktop.cli.admin_cmds",
    "ult_desktop.cli.maintenance_cmds",
    "ult_desktop.cli.person_cmds",
    "ult_desktop.cli.audit_cmds",
    "ult_desktop.cli.gui_cmds",
    "ult_desktop.cli.setup_cmds",
    "ult_desktop.cli.selftest_cmds",
    "ult_desktop.cli.server_cmds",
    "ult_desktop.cli.update_cmds",
)

#: The exit codes, each explained by ``cli.exit.<code>`` in the catalogue (and the README).
EXIT_CODES = tuple(range(11))


class UsageError(Exception):
    """A command's arguments make no sense; exits with 2."""


def _catalogue_text(*keys: str) -> str | None:
    """The first of *keys* the catalogue has, in the current language."""
    for key in keys:
        text = tr(key)
        if text != key:
            return text
    return None


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, tr("cli.help.usage") if prefix is None
                          else prefix)


class LocalizedParser(argparse.ArgumentParser):
    """argparse whose every help text (its own words included) comes from the catalogue:
    ``cli.cmd.<command>``, ``cli.opt.<command>.<dest>``, ``cli.opt.<dest>``."""

    def __init__(self, *args, command: str = "", **kwargs):
        self.command = command
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("cli.help.positionals")
        self._optionals.title = tr("cli.help.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if action.help is not argparse.SUPPRESS:
            text = _catalogue_text(f"cli.opt.{self.command}.{action.dest}",
                                   f"cli.opt.{action.dest}")
            if text is not None:
                action.help = text
        return action

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {tr('cli.help.error')}: {argparse_words(message)}\n")

    def add_subparsers(self, **kwargs) -> Commands:
        """Commands of this parser (nested ones too: ``report skm``), each a
        :class:`LocalizedParser` helped from the catalogue."""
        kwargs.setdefault("parser_class", LocalizedParser)
        return Commands(super().add_subparsers(**kwargs))



#: argparse's own messages (English whatever the language) -> catalogue keys
#: ``cli.argparse.<name>``, their parts as the named parameters.
ARGPARSE_MESSAGES = (
    ("argument", r"argument (?P<name>\S+): (?P<message>.*)"),
    ("invalid_choice", r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
    ("unrecognized", r"unrecognized arguments: (?P<args>.+)"),
    ("required", r"the following arguments are required: (?P<args>.+)"),
    ("expected_one", r"expected one argument"),
    ("expected_some", r"expected at least one argument"),
    ("invalid_value", r"invalid (?P<type>\S+) value: (?P<value>.+)"),
    ("not_allowed", r"not allowed with argument (?P<other>.+)"),
    ("one_of", r"one of the arguments (?P<args>.+) is required"),
    ("ambiguous", r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
)


def argparse_words(message: str) -> str:
    """*message* of argparse in the catalogue's words (any it does not know: as it is)."""
    for name, pattern in ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            parts = found.groupdict()
            if "message" in parts:
                parts["message"] = argparse_words(parts["message"])
            return tr(f"cli.argparse.{name}", **parts)
    return message


class Commands:
    """What ``add_subparsers`` returns, through argparse's public ``add_parser`` only:
    a command's help from the catalogue (``cli.cmd.<name>``) and its name handed to its
    parser, which looks up its options' help by it."""

    def __init__(self, action) -> None:
        self.action = action

    def add_parser(self, name: str, *, key: str | None = None, **kwargs) -> LocalizedParser:
        """*key*: the catalogue's name of a nested command whose own name another command
        has (``release keys init`` is ``release-keys-init``, not ``init``)."""
        text = _catalogue_text(f"cli.cmd.{key or name}")
        if text is not None:
            kwargs["help"] = text
        kwargs.setdefault("description", kwargs.get("help"))
        return self.action.add_parser(name, command=key or name, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = LocalizedParser(
        prog="ult-desktop", description=tr("cli.help.description"),
        epilog=tr("cli.help.exit_codes") + " " + "; ".join(
            f"{k} {tr(f'cli.exit.{k}')}" for k in EXIT_CODES))
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    # "ult-desktop 0.2.0 (schema 16)": the installer reads both
    parser.add_argument("--version", action="version",
                        version=f"ult-desktop {__version__} (schema {SCHEMA_VERSION})")
    parser.add_argument("--lang", choices=languages(),
                        default=os.environ.get("ULT_LANG", "id"))
    sub = parser.add_subparsers(dest="command", metavar=tr("cli.help.command_metavar"),
                                title=tr("cli.help.commands"))
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).register(sub)
    return parser


def wanted_language(argv: list[str] | None) -> str:
    """``--lang`` from the command line (before the parser exists: the help is written
    in it), else ``ULT_LANG``, else Indonesian; only a language with a catalogue."""
    args = list(sys.argv[1:] if argv is None else argv)
    offered = languages()
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in offered:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in offered:
            return arg[7:]
    env = os.environ.get("ULT_LANG", "id")
    return env if env in offered else "id"


def command(sub, name: str, func, help: str | None = None, *, json: bool = True,
            admin: bool = False, **defaults) -> argparse.ArgumentParser:
    """A subcommand on the office file (``--db``, ``--station``) that runs *func*; *admin*:
    it takes ``--admin`` (the admin who signs in, ``cli.maintenance_cmds.open_as_admin``)."""
    parser = sub.add_parser(name, help=help)
    add_db_option(parser)
    if json:
        parser.add_argument("--json", action="store_true")
    if admin:
        parser.add_argument("--admin", default=os.environ.get("ULT_ADMIN"))
    parser.set_defaults(func=func, **defaults)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=os.environ.get("ULT_DB"))
    parser.add_argument("--station", type=station_name, default=os.environ.get("ULT_STATION"))


def station_name(text: str) -> str:
    """``--station`` (and ``$ULT_STATION``, which argparse checks the same way): a name
    Windows can make a file of, since the station's pulse on the share is named after it."""
    from ult_desktop.core.localpaths import station_name_problem

    text = text.strip()
    bad = station_name_problem(text)
    if bad:
        raise argparse.ArgumentTypeError(tr(bad.key, **bad.params))
    return text


#: What a character the output's code page lacks is written as (``→`` in a selftest
#: line piped on Windows, whose pipes and files are in the ANSI code page); any other
#: becomes ``?``.
PLAIN = {"→": "->", "←": "<-", "–": "-", "—": "-", "…": "...", "“": '"', "”": '"',
         "‘": "'", "’": "'", "•": "*", "×": "x", "≥": ">=", "≤": "<="}


def _plain(error: UnicodeEncodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return "".join(PLAIN.get(c, "?") for c in bad), error.end


codecs.register_error("ult-plain", _plain)


def safe_output_streams() -> None:
    """Redirected output on Windows is in the ANSI code page (no ``→``): such characters
    are written plainly (``->``; ``?`` for the rest) rather than a UnicodeEncodeError half
    way (the bundle ignores ``PYTHONIOENCODING``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and not stream.isatty():
                stream.reconfigure(errors="ult-plain")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream of the io module (a test's capture), or closed


def main(argv: list[str] | None = None) -> int:
    safe_output_streams()
    set_language(wanted_language(argv))
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
        from ult_desktop.app.paths import user_log_dir

        path = user_log_dir() / "error.log"
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
