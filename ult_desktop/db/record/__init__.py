"""The signed record: every change of the office is an event, signed by its station and
chained to the one before, written in the same transaction as its rows; the tables are
projections of it. The log and its chain (``events``), the rows each event carries
(``projection``), the keys it trusts and their roles (``station_keys``), what the record
allows now (``judged``) and which events stand as acts (``standing``), the chain's
verification and what only the log records (``audit``), the tables checked against the
log (``reconcile``), and how stations learn what others did (``feed``)."""
