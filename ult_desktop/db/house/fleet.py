"""No station left behind: which stations run which version, and whom a migration of the
office file would leave unable to write.

Every heartbeat names the station's version and the schema it reads (``stations.detail``);
a migration waits while any station seen in :data:`ACTIVE_DAYS` neither reads the new
schema nor has a release staged that does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ult_desktop.core.dates import stored_time
from ult_desktop.core.versions import parse_version
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.stations import TOOL_MODES, read_stations, row_detail

#: A station not seen for this long is not waited for (a PC retired, a spare).
ACTIVE_DAYS = 14


@dataclass(frozen=True)
class StationVersion:
    """One station as its last heartbeat says: program *version*, the *schema* it reads
    (None: not said, an older program), when its clock last beat, its update state."""

    station: str
    mode: str
    version: str
    schema: int | None
    seen: str
    update: dict = field(default_factory=dict)
    #: its clock against the share's as it measured it (the age of *seen* by the share's)
    skew_s: float | None = None


def read_versions(conn: Connection) -> list[StationVersion]:
    """The stations seen within :data:`ACTIVE_DAYS`, by id, as the record lets their rows
    stand (``stations.read_stations``)."""
    since = datetime.now(timezone.utc) - timedelta(days=ACTIVE_DAYS)
    found = []
    for row in read_stations(conn):
        seen = stored_time(row["clock"])
        if seen is None or seen < since or row["mode"] in TOOL_MODES:  # a selftest: none
            continue
        detail = row_detail(row)
        schema, update, skew = detail.get("schema"), detail.get("update"), detail.get("skew_s")
        found.append(StationVersion(row["id"], row["mode"], row["version"],
                                    schema if isinstance(schema, int) else None, row["clock"],
                                    update if isinstance(update, dict) else {},
                                    skew if isinstance(skew, int | float) else None))
    return found


#: Each station's state in the admin's view and ``update status`` (:func:`judge`).
CURRENT, BEHIND, OFFLINE, REFUSING, BANNED = (
    "current", "behind", "offline", "refusing", "banned")
FLEET_STATES = (CURRENT, BEHIND, OFFLINE, REFUSING, BANNED)


def judge(running: str, update: dict, published: str | None, targets: int = 0, *,
          online: bool) -> tuple[str, str]:
    """The state of a station running *running* with heartbeat *update*, against release
    *published* (*targets*: its metadata version), and what it concerns: :data:`OFFLINE`,
    :data:`BANNED` (a release failed its start-up check), :data:`REFUSING` (its last look
    refused the folder), :data:`BEHIND` (older program or metadata), else :data:`CURRENT`."""
    if not online:
        return OFFLINE, ""
    failed = update.get("failed")
    if published and isinstance(failed, list) and published in failed:
        return BANNED, published
    refusal = update.get("reason") if update.get("state") == "refused" else \
        (update.get("refusal") or {}).get("reason")
    if refusal:
        return REFUSING, str(refusal)
    trusted = (update.get("trusted") or {}).get("targets")
    if (published and parse_version(running) < parse_version(published)) or (
            isinstance(trusted, int) and trusted < targets):
        return BEHIND, published or ""
    return CURRENT, ""


def station_versions(db: Database) -> list[StationVersion]:
    """:func:`read_versions` in one read of the office."""
    return db.read(read_versions)


def left_behind(stations: list[StationVersion], target: int, *, file_schema: int,
                own: str | None = None) -> list[StationVersion]:
    """The stations a migration of the file from *file_schema* to *target* would leave
    unable to write: they read less than *target* (one that says nothing reads
    *file_schema*). *own*: the migrating station, never waited for."""
    return [s for s in stations if s.station != own
            and (s.schema if s.schema is not None else file_schema) < target
            and not ready_for(s, target)]


def ready_for(station: StationVersion, target: int) -> bool:
    """True when *station* has a verified release staged that reads *target*: it runs it at
    its next start (docs/updates.md)."""
    update = station.update
    schema = update.get("schema")
    return update.get("state") in ("staged", "waiting") and isinstance(schema, int) \
        and schema >= target


def migration_waits_for(conn: Connection, target: int, *,
                        own: str | None = None) -> list[StationVersion]:
    """Whom the migration of the file behind *conn* to *target* waits for (``[]``: it may
    go ahead). Read under the caller's write lock, so no heartbeat slips between."""
    file_schema = port.schema_version(conn)
    if file_schema >= target:
        return []
    return left_behind(read_versions(conn), target,
                       file_schema=file_schema, own=own)
