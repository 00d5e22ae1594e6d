"""The storage engines behind one seam (``port.py``): the office file (``sqlite.py``) and
a PostgreSQL server (``pg.py``). Nothing here imports the rooms above: what a write does
for them comes with each open (:class:`port.Hooks`, given by ``db/open.py:open_database``)."""


def server_database(url: str, **how):
    """The office on a PostgreSQL server, to connect (``pg.PgDatabase``; psycopg is
    imported only here, on demand)."""
    from ult_desktop.db.engine import pg

    return pg.PgDatabase(url, **how)
