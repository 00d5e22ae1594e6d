"""``ult-desktop report skm``: the SKM report of a year or a semester (PDF), the raw
anonymous answers (XLSX) or the poster (``--poster``, PDF or PNG)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from ult_desktop.cli import UsageError, add_db_option
from ult_desktop.cli.common import emit, open_db, stderr
from ult_desktop.core.i18n import language, tr


def register(report_parser):
    """Add ``skm`` under the ``report`` command; the subcommands' parsers (for more)."""
    kinds = report_parser.add_subparsers(dest="report_kind", required=False,
                                         metavar="{skm,explain}")
    p = kinds.add_parser("skm")
    add_db_option(p)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--semester", type=int, choices=(1, 2))
    p.add_argument("--out", required=True)
    p.add_argument("--poster", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_skm_report)
    return kinds


def cmd_skm_report(args) -> int:
    from ult_desktop.core.skm import ReportPeriod

    out = Path(args.out)
    suffix = out.suffix.lower()
    allowed = (".pdf", ".png") if args.poster else (".pdf", ".xlsx")
    if suffix not in allowed:
        raise UsageError(tr("skmr.cli.bad_out"))
    if not out.parent.is_dir():
        stderr(tr("report.error.cannot_write", path=out))
        return 4
    period = ReportPeriod(args.year, args.semester)
    lang = language()
    with closing(open_db(args, mode="report")) as db:
        try:
            if suffix == ".xlsx":
                from ult_desktop.reports.skm_publish import export_skm_xlsx

                written = export_skm_xlsx(db, period, out, lang=lang)
            elif args.poster:
                from ult_desktop.reports.skm_data import collect_skm
                from ult_desktop.reports.skm_publish import build_poster
                from ult_desktop.reports.verified import judged

                with judged(db) as record:  # (the answers the acts gave)
                    written = build_poster(collect_skm(record, period), out, lang=lang)
            else:
                from ult_desktop.reports.skm_pdf import build_skm_pdf

                written = build_skm_pdf(db, period, out, lang=lang)
        except OSError:
            stderr(tr("report.error.cannot_write", path=out))
            return 4
    emit(args, {"period": period.key, "file": str(written)},
         tr("skmr.cli.written", path=written))
    return 0
