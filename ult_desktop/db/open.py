"""Where the rooms of ``db/`` meet: the record and the schema hand the engines what every
write does, once, when ``ult_desktop.db`` is first imported."""

from __future__ import annotations

from ult_desktop.db.engine import port
from ult_desktop.db.record import events, projection
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.schemas.schema import SCHEMA_VERSION, migrate


def _server_drift(conn) -> list:
    from ult_desktop.db.schemas.server_repair import server_drift

    return server_drift(conn)


def _migrate(conn) -> int:
    """The file's migrations; on a server, the same translated (``upgrade_server``)."""
    if port.on_server(conn):
        from ult_desktop.db.schemas.server_repair import upgrade_server

        return upgrade_server(conn)
    return migrate(conn)


def _restoring(db, copy, station: str) -> None:
    from ult_desktop.db.privacy import erasure

    erasure.reapply_erasures(erasure.erasures(db), copy, station)


def install() -> None:
    port.register(port.Hooks(
        schema_version=SCHEMA_VERSION, migrate=_migrate,
        drift=schema_guard.schema_drift, server_drift=_server_drift,
        install_capture=projection.install_capture,
        begin=events.begin_transaction, finish=events.finish_transaction,
        chain_reads=events.chain_reads, restoring=_restoring))
