"""Reports for the head of office: the period PDF (``pdf.build_pdf``), CSV/XLSX exports
(``export``), the figures (``data.collect``); definitions: ``docs/reports.md``. A period's
files in any format are made through ``make.make_report``."""
