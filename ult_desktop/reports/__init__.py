"""Reports for the head of office: the period PDF and CSV/XLSX exports.

* :func:`ult_desktop.reports.pdf.build_pdf` (db, date_from, date_to, out) - the PDF;
* :func:`ult_desktop.reports.export.export_csv` / :func:`~.export.export_xlsx` - tickets,
  service register, SKM answers;
* :func:`ult_desktop.reports.data.collect` - the figures themselves (for screens).

Figures and their definitions: ``docs/reports.md``.
"""
