"""Keeping the whole office: backups and restores (``backup``), the daily automatic copy
(``autobackup``), the integrity check (``maintenance``), and moves between file and server
with the whole signed history (``server_move``)."""
