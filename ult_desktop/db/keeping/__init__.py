"""Keeping the whole office: consistent backups and restores that keep the chain going
(``backup``), the daily automatic copy made by whichever station runs first
(``autobackup``), the integrity check, drift report and SQLite URIs (``maintenance``),
and moving an office between its file and a PostgreSQL server with its whole signed
history (``server_move``)."""
