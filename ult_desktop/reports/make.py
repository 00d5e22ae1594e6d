"""A period's report file by its format: the one road ``ult-desktop report`` and Admin >
Laporan both take (formats: docs/reports.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ult_desktop.db.engine.sqlite import Database

#: Every format, in the order Admin > Laporan offers them; ``evidence``: the evidence
#: pack of the period's first year (a folder), ``ultpack``: the pack of its first month.
FORMATS = ("pdf", "xlsx", "csv", "lapor", "evidence", "ultpack")


def make_report(db: Database, fmt: str, date_from: date, date_to: date, out: Path,
                lang: str) -> list[Path]:
    """The report of office days *date_from* .. *date_to* in *fmt* at *out*; the files
    written. OSError: they cannot be written."""
    from ult_desktop.reports import evidence, export, lapor, pack, pdf

    if fmt == "pdf":
        return [pdf.build_pdf(db, date_from, date_to, out, lang=lang)]
    if fmt == "csv":
        return export.export_csv(db, date_from, date_to, out, lang=lang)
    if fmt == "lapor":  # the complaints for the SP4N-LAPOR! administrator
        return [lapor.export_lapor(db, date_from, date_to, out)]
    if fmt == "evidence":
        return evidence.build_evidence(db, date_from.year, out, lang=lang)
    if fmt == "ultpack":  # for the directorate
        return [pack.build_pack(db, date_from, out)]
    return [export.export_xlsx(db, date_from, date_to, out, lang=lang)]
