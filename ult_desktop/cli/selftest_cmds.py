"""``ult-desktop selftest``: every check of this PC (``app/selftest``, Qt's in
``ui/selftest_checks.py``), one line each, and a JSON report in the data folder."""

from __future__ import annotations

import json
import logging
import os
import sys

from ult_desktop.cli import station_name
from ult_desktop.cli.common import stderr
from ult_desktop.core.i18n import tr

log = logging.getLogger(__name__)

#: Exit code when at least one check failed (README, exit codes).
EXIT_FAILED = 10


def register(sub) -> None:
    p = sub.add_parser("selftest")
    p.add_argument("--db", default=os.environ.get("ULT_DB"))
    p.add_argument("--printer", default=os.environ.get("ULT_PRINTER"))
    p.add_argument("--print", dest="do_print", action="store_true")
    p.add_argument("--sound", dest="do_sound", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--only", action="append", default=[],
                   choices=("bundle", "local", "share", "power", "printer", "screens", "sound",
                            "speech"))
    p.add_argument("--no-qt", dest="no_qt", action="store_true")
    p.add_argument("--host", action="store_true", help=tr("selftest.cli.host"))
    p.set_defaults(func=cmd_selftest)

    m = sub.add_parser("morning-check", help=tr("cli.cmd.morning_check"))
    m.add_argument("--db", default=os.environ.get("ULT_DB"))
    m.add_argument("--printer", default=os.environ.get("ULT_PRINTER"),
                   help=tr("morning.cli.printer"))
    m.add_argument("--no-print", dest="do_print", action="store_false",
                   help=tr("morning.cli.no_print"))
    m.add_argument("--no-sound", dest="do_sound", action="store_false",
                   help=tr("morning.cli.no_sound"))
    m.add_argument("--json", action="store_true")
    m.add_argument("--no-qt", dest="no_qt", action="store_true", help=tr("morning.cli.no_qt"))
    m.add_argument("--station", type=station_name, default=None)
    m.set_defaults(func=cmd_morning_check)


def qt_areas(no_qt: bool) -> dict:
    """The Qt areas (screens, sound, speech), unless Qt is missing or unwanted."""
    if no_qt:
        return {}
    try:
        from ult_desktop.ui.selftest_checks import qt_areas as areas
    except ImportError:  # a bundle without Qt Multimedia still tests the rest
        log.warning("Qt self-test areas unavailable", exc_info=True)
        return {}
    return areas()


def cmd_morning_check(args) -> int:
    from ult_desktop.app.selftest.office import morning_check

    tests = (("printer",) if args.do_print else ()) + (
        ("sound", "speech") if args.do_sound else ())
    report, kept = morning_check(args.db, printer=args.printer, do_print=args.do_print,
                                 do_sound=args.do_sound, stations_test=tests,
                                 extra=qt_areas(args.no_qt),
                                 station=args.station, progress=_progress(args))
    counts = report.counts()
    summary = tr("morning.summary", passed=counts["pass"], failed=counts["fail"],
                 seconds=round(report.seconds))
    return _conclude(report, args.json, lambda path: summary if kept is not None else
                     f"{summary}\n{tr('morning.not_kept')}", kept=kept)


def _progress(args):
    """Each check's line as soon as it is known (none with ``--json``)."""
    return None if args.json else lambda check: print(check.line(), flush=True)


def _conclude(report, as_json: bool, summary, **more) -> int:
    """Save *report* in the data folder, print it as JSON (with *more*) or the line
    ``summary(path)``; the exit code."""
    from ult_desktop.app.selftest import save_report

    try:
        path = save_report(report)
    except OSError as exc:
        path = None
        stderr(tr("selftest.not_saved", error=exc))
    if as_json:
        data = report.as_json()
        data["report"] = str(path) if path else None
        print(json.dumps(data | more, ensure_ascii=False, default=str), flush=True)
    else:
        print(summary(path), flush=True)
    sys.stdout.flush()
    return 0 if report.ok else EXIT_FAILED


def cmd_selftest(args) -> int:
    from ult_desktop.app.selftest import run_checks, station_options

    options = station_options(db=args.db, printer=args.printer, do_print=args.do_print,
                              do_sound=args.do_sound, only=tuple(args.only),
                              host=args.host)
    report = run_checks(options, extra=qt_areas(args.no_qt), progress=_progress(args))
    counts = report.counts()
    return _conclude(report, args.json, lambda path: tr(
        "selftest.summary", passed=counts["pass"], failed=counts["fail"],
        skipped=counts["skip"], path=path or "-"))
