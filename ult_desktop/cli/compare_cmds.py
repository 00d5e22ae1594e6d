"""``ult-desktop compare FOLDER --registry FILE``: many offices' monthly packs side by side,
each checked against the directorate's registry (no office file needed); ``--out`` writes
the directorate's PDF or XLSX; without a folder (or ``--window``) its window opens."""

from __future__ import annotations

from pathlib import Path

from ult_desktop.cli import UsageError
from ult_desktop.cli.common import emit, stderr
from ult_desktop.core.i18n import language, tr


def register(sub) -> None:
    p = sub.add_parser("compare", help="compare many offices' monthly packs")
    p.add_argument("folder", nargs="?")
    p.add_argument("--registry", metavar="CSV")
    p.add_argument("--out", metavar="FILE.pdf|FILE.xlsx")
    p.add_argument("--window", dest="open_window", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args) -> int:
    if args.open_window or not args.folder:
        from ult_desktop.cli.gui_cmds import need_display

        need_display("compare")
        from ult_desktop.ui.ministry.app import main

        return main(args)
    if not args.registry:
        raise UsageError(tr("ministry.error.registry", path="--registry"))
    from ult_desktop.reports import ministry

    try:
        c = ministry.compare_folder(args.folder, args.registry)
    except ministry.CannotRead as exc:
        stderr(str(exc))
        return 4
    lang = language()
    files = []
    if args.out:
        out = Path(args.out)
        build = {".xlsx": ministry.build_xlsx, ".pdf": ministry.build_pdf}.get(out.suffix.lower())
        if build is None:
            raise UsageError(tr("report.error.bad_format", format=out.suffix or "?",
                                known="pdf, xlsx"))
        try:
            files.append(build(c, out, lang=lang))
        except OSError:
            stderr(tr("report.error.cannot_write", path=out))
            return 4
    lines = [ministry.summary(c, lang), *(ministry.refusal(r, lang) for r in c.refused)]
    for o in c.offices:
        for m in c.months:
            if (o.code, m) in c.figures:
                lines.append(f"{o.code:<8} {m}  " + "  ".join(
                    f"{ministry.label(k, lang)}={ministry.shown(k, c.value(o.code, m, k), lang)}"
                    for k in ("visitors", "served", "wait_median", "ikm")))
    lines += [tr("report.cli.written", path=f) for f in files]
    emit(args, {"offices": [o.__dict__ for o in c.offices], "months": c.months,
                "figures": [{"office": k[0], "month": k[1], "file": c.files[k], **v}
                            for k, v in c.figures.items()],
                "medians": {m: {k: c.median(k, m) for k in c.keys()} for m in c.months},
                "refused": [{"file": r.file, "why": r.key, "text": ministry.refusal(r, lang)}
                            for r in c.refused], "files": [str(f) for f in files]},
         "\n".join(lines))
    return 0
