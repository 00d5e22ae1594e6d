"""Reports for the head of office: the period PDF (``pdf.build_pdf``), CSV/XLSX exports
(``export``), the figures (``data.collect``); definitions: ``docs/reports.md``. A period's
files in any format are made through :func:`write_period`."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def write_period(db, fmt: str, date_from: date, date_to: date,
                 out, *, lang: str = "id") -> list[Path]:
    """The period's files in *fmt* at *out*, as ``ult-desktop report`` and Admin > Laporan
    make them: ``pdf``, ``xlsx``, ``csv`` (a file per table), ``lapor`` (the complaints for
    the SP4N-LAPOR! administrator), ``ultpack`` (the month of *date_from*, for the
    directorate) or ``evidence`` (the year of *date_from*, a folder). OSError: *out*
    cannot be written."""
    from ult_desktop.reports.export import export_csv, export_xlsx

    if fmt == "csv":
        return export_csv(db, date_from, date_to, out, lang=lang)
    if fmt == "evidence":
        from ult_desktop.reports.evidence import build_evidence

        return build_evidence(db, date_from.year, out, lang=lang)
    if fmt == "pdf":
        from ult_desktop.reports.pdf import build_pdf

        return [build_pdf(db, date_from, date_to, out, lang=lang)]
    if fmt == "lapor":
        from ult_desktop.reports.lapor import export_lapor

        return [export_lapor(db, date_from, date_to, out)]
    if fmt == "ultpack":
        from ult_desktop.reports.pack import build_pack

        return [build_pack(db, date_from, out)]
    return [export_xlsx(db, date_from, date_to, out, lang=lang)]
