"""``ult-desktop report``: the period report as PDF, or the tickets/register as CSV/XLSX;
``ult-desktop skm-answer``: store one SKM response for a served ticket (scripts, tests)."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

from ult_desktop.cli import UsageError, add_db_option, command
from ult_desktop.cli.common import emit, open_db, stderr
from ult_desktop.core.i18n import language, tr

FORMATS = ("pdf", "csv", "xlsx", "lapor", "ultpack")


def register(sub) -> None:
    p = command(sub, "report", cmd_report)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=FORMATS)
    p.add_argument("--out")
    from ult_desktop.cli.skm_cmds import register as register_skm

    kinds = register_skm(p)  # ``report skm --year 2026 [--semester 1] --out skm.pdf``
    p = kinds.add_parser("explain")
    add_db_option(p)
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--figure", metavar="KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_explain)

    p = command(sub, "evidence", cmd_evidence)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True)

    p = command(sub, "skm-answer", cmd_survey)
    p.add_argument("--code", required=True)
    p.add_argument("--answers", required=True, metavar="4,3,3,4,3,4,4,3,3")
    p.add_argument("--suggestion")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(tr("report.error.bad_date", value=text)) from None


def cmd_report(args) -> int:
    from ult_desktop.reports.make import make_report

    if not (args.date_from and args.date_to and args.out):
        raise UsageError(tr("report.error.need_period"))
    start, end = _day(args.date_from), _day(args.date_to)
    if end < start:
        start, end = end, start
    out = Path(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(tr("report.error.bad_format", format=fmt or "?",
                              known=", ".join(FORMATS)))
    if not out.parent.is_dir():
        stderr(tr("report.error.cannot_write", path=out))
        return 4
    with closing(open_db(args, mode="report")) as db:
        try:
            files = make_report(db, fmt, start, end, out, language())
        except OSError:
            stderr(tr("report.error.cannot_write", path=out))
            return 4
    emit(args, {"format": fmt, "from": start.isoformat(), "to": end.isoformat(),
                "files": [str(f) for f in files]},
         "\n".join(tr("report.cli.written", path=f) for f in files))
    return 0


def cmd_explain(args) -> int:
    """``report explain --month 2026-11 [--figure KEY]``: as Admin > Asal angka."""
    from ult_desktop.reports import provenance

    try:
        provenance.month_range(args.month)
    except ValueError:
        raise UsageError(tr("prov.cli.bad_month", value=args.month)) from None
    with closing(open_db(args, mode="report")) as db:
        month = provenance.explain_month(db, args.month)
    if args.figure is None:
        figures = month.figures.values()
        emit(args, {"month": args.month, "figures": [
            {"key": f.key, "label": f.label, "value": f.value, "printed": f.printed,
             "how": f.how} for f in figures]}, "\n".join(f"{f.key:<28} {f.shown:>6}  {f.label}"
                                          for f in figures))
        return 0
    fig = month.figures.get(args.figure)
    if fig is None:
        raise UsageError(tr("prov.cli.unknown_figure", key=args.figure, month=args.month))
    emit(args, {"month": args.month, "key": fig.key, "label": fig.label, "value": fig.value,
                "printed": fig.printed, "how": fig.how, "acts": [
                    {"event": a.event_id, "at": a.at, "station": a.station, "kind": a.kind,
                     "thing": a.thing} for a in fig.acts]},
         provenance.explain_text(fig, month.timezone))
    return 0


def cmd_evidence(args) -> int:
    """``evidence --year 2026 --out DIR``: as Admin > Laporan's button."""
    from ult_desktop.reports.evidence import build_evidence

    with closing(open_db(args, mode="report")) as db:
        try:
            files = build_evidence(db, args.year, args.out, lang=language())
        except OSError:
            stderr(tr("report.error.cannot_write", path=args.out))
            return 4
    emit(args, {"year": args.year, "files": [str(f) for f in files]},
         tr("evidence.cli.written", n=len(files), path=args.out))
    return 0


def cmd_survey(args) -> int:
    """``skm-answer``: through this station's answer queue, like the tablet:
    only a kiosk or survey tablet may answer; the answer is written with its batch."""
    from ult_desktop.app.survey_queue import AnswerQueue
    from ult_desktop.core.skm import InvalidAnswers, TextTooLong

    try:
        answers = [int(x) for x in args.answers.replace(" ", "").split(",") if x]
    except ValueError:
        raise UsageError(tr("skm.error.invalid_answers")) from None
    with closing(open_db(args, mode="survey")) as db:
        try:
            queued = AnswerQueue().submit(db, ticket_code=args.code, answers=answers,
                                          suggestion=args.suggestion)
        except (InvalidAnswers, TextTooLong) as exc:
            raise UsageError(exc.message()) from None
    emit(args, {"waiting": queued.waiting, "written": queued.written}, tr("skm.thanks"))
    return 0
