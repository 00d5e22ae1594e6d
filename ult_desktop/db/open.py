"""The door to the office's data: :func:`open_database` opens a file or a server with what
every write does in ``db/`` (sign, chain, guard, migrate) handed to the engine as
:data:`HOOKS`; the engine refuses an open without them (docs/architecture.md)."""

from __future__ import annotations

import os
from contextlib import closing

from ult_desktop.db.engine import port
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record import events, judged, projection
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, migrate


def _migrate(conn) -> int:
    """The file's migrations; on a server, the same translated (``upgrade_server``)."""
    if port.on_server(conn):
        from ult_desktop.db.schemas.server_repair import upgrade_server

        return upgrade_server(conn)
    return migrate(conn)


def _migration_gate(conn, station: str) -> list[str]:
    """The stations seen lately a migration to this schema would leave behind
    (``house/fleet.py``), on a file and on a server alike (there the owner's open
    migrates, and waits for them the same way)."""
    from ult_desktop.db.house.fleet import migration_waits_for

    return [s.station for s in migration_waits_for(conn, SCHEMA_VERSION, own=station)]


def _restoring(db, copy, station: str) -> None:
    from ult_desktop.db.privacy import erasure

    erasure.reapply_erasures(erasure.erasures(db), copy, station)


#: What the rooms do inside every write and at open.
HOOKS = port.Hooks(
    schema_version=SCHEMA_VERSION, migrate=_migrate,
    drift=schema_guard.schema_drift,
    install_capture=projection.install_capture,
    begin=events.begin_transaction, finish=events.finish_transaction,
    chain_reads=events.chain_reads, restoring=_restoring, migration_gate=_migration_gate)


def open_database(path: str | os.PathLike, *, station: str = "cli", mode: str = "cli",
                  busy_budget_s: float | None = None, signer: port.Signer | None = None
                  ) -> Database:
    """Open an existing office (a file, or a ``postgresql://`` URL) as *station* in *mode*,
    its writes signed by *signer* (this PC's key, ``app/station_key.py``; ``None``:
    unsigned); never creates one (``house/setup.py``). Raises what ``Database.open`` raises."""
    db = Database.open(path, hooks=HOOKS, station=station, mode=mode,
                       busy_budget_s=busy_budget_s, signer=signer)
    if mode in _STATIONS:
        judged.warm_if_long(db)  # (a long log judged in the background, a chunk a read)
    return db


#: The modes whose reads decide what a station does (``db.record.judged``).
_STATIONS = ("kiosk", "counter", "display", "survey", "admin")


def init_server(url: str, *, demo: bool = False, office_name: str | None = None,
                station_password: str | None = None) -> str:
    """Make the office on the empty PostgreSQL database at *url* (``setup.create_server``),
    then open it and write its settings (``setup.seed_server``); *url*."""
    from ult_desktop.db.house import setup

    setup.create_server(url, station_password=station_password)
    with closing(open_database(url, station="setup", mode="setup")) as db:
        setup.seed_server(db, demo=demo, office_name=office_name)
    return url
