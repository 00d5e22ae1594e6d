"""The storage engines behind one seam (``port.py``): the office file (``sqlite.py``) and
a PostgreSQL server (``pg.py``). Nothing here imports the rooms above: what a write does
for them comes with each open (:class:`port.Hooks`, given by ``db/open.py:open_database``)."""

from __future__ import annotations

from ult_desktop.db.engine.port import Connection, Hooks
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import is_server_url

__all__ = ["Connection", "Database", "is_server_url", "open_server"]


def open_server(url: str, *, hooks: Hooks, station: str, mode: str,
                busy_budget_s: float, signer=None) -> Database:
    """The office on a PostgreSQL server (psycopg is imported only here, on demand)."""
    from ult_desktop.db.engine import pg

    return pg.open_url(url, hooks=hooks, station=station, mode=mode, busy_budget_s=busy_budget_s,
                       signer=signer)
