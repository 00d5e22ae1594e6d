"""The signed record: every change of the office is an event, signed by its station and
chained to the one before, written in the same transaction as its rows; the tables are
projections of it (each module says which part it keeps)."""
