"""The storage engines behind one seam (``port.py``): the office file (``sqlite.py``) and
a PostgreSQL server (``pg.py``). Nothing here imports the rooms above: they register
what a write does with :func:`port.register` (``db/open.py``)."""

from __future__ import annotations

from ult_desktop.db.engine.port import Connection, register
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import is_server_url

__all__ = ["Connection", "Database", "is_server_url", "open_server", "register"]


def open_server(url: str, *, station: str, mode: str, busy_budget_s: float) -> Database:
    """The office on a PostgreSQL server (psycopg is imported only here, on demand)."""
    from ult_desktop.db.engine import pg

    return pg.open_url(url, station=station, mode=mode, busy_budget_s=busy_budget_s)
