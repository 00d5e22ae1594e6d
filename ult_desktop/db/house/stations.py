"""The stations of the hall: their heartbeat rows (table ``stations``), the kiosks'
printer states and :func:`judge_printers`, and the morning check's device tests (each
device answers through the record) and its result."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import NamedTuple

from ult_desktop import __version__
from ult_desktop.core.chain import json_dict, verify_hex
from ult_desktop.core.dates import heartbeat_age_s, skews_of
from ult_desktop.core.phone import PHONE_BAND_DAY
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record import events
from ult_desktop.db.record.judged import judging, said_once
from ult_desktop.db.record.station_keys import last_sighting, registered_stations
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

#: A heartbeat waits at most this long for the write lock, then is skipped: it must
#: never hold up a click behind it on the station's worker (the next one comes anyway).
HEARTBEAT_BUDGET_S = 0.5
#: Rows of the stations table that are tools (a ``selftest --db``, a command), not
#: stations of the hall: no fleet waits for them, no view lists them.
TOOL_MODES = frozenset({"selftest", "cli", "check", "setup"})
#: The other stations' heartbeat rows (their clock and measured skew, what their key signed).
PEERS_SQL = "SELECT id, mode, version, clock, detail FROM stations WHERE id != ?"


#: What a heartbeat's signature covers, so it is never taken for another message.
HEARTBEAT_CONTEXT = b"ult-desktop heartbeat v1\n"


def heartbeat_body(station: str, mode: str, version: str, clock: str, detail: dict) -> bytes:
    """The bytes a station's key signs for its heartbeat row (its ``detail`` but ``sig``):
    a row edited or made by a share writer, or signed under another name, does not verify
    (``fleet.read_versions``)."""
    said = {k: v for k, v in detail.items() if k != "sig"}
    return HEARTBEAT_CONTEXT + json.dumps(
        {"station": station, "mode": mode, "version": version, "clock": clock,
         "detail": said}, sort_keys=True, separators=(",", ":")).encode("utf-8")


def heartbeat(db: Database, *, printer_state: str | None = None,
              detail: dict | None = None, seen_event: int | None = None,
              outbox=None, rode: Callable[[], None] | None = None) -> bool:
    """Record that this station is alive. Gives up after ``HEARTBEAT_BUDGET_S`` when others
    hold the lock and returns False (never slower clicks). *outbox*: a kiosk's kept print
    results, in the same write; with *rode* it joins the next write (``Database.ride``)."""
    now = datetime.now(timezone.utc)
    # the schema this version reads: the migration gate waits for every station (``fleet``)
    info = {"host": platform.node(), "schema": SCHEMA_VERSION, **(detail or {})}
    if db.clock_skew_s is not None:  # its clock against the share's, as last measured
        info["skew_s"] = round(db.clock_skew_s, 1)
    if "judged" not in db.kept_record:  # (its first: the registrations peers are judged by)
        with contextlib.suppress(errors.UltError):
            db.read(judging)
    peers_read = (PEERS_SQL, (db.station,))  # the others' skews: read in this write
    peers: list = []

    def tx(conn):
        peers[:] = conn.execute(*peers_read).fetchall()
        clock = events.iso(datetime.now(timezone.utc) if rode else now)
        signer = db.identity.signer
        if signer is not None:  # (its key's: the fleet believes only a signed row)
            info["sig"] = signer.sign(heartbeat_body(db.station, db.mode, __version__, clock,
                                                     info)).hex()
        conn.execute(
            "INSERT INTO stations (id, mode, version, clock, printer_state, detail, seen_event) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET mode = excluded.mode, "
            "version = excluded.version, clock = excluded.clock, "
            "printer_state = excluded.printer_state, detail = excluded.detail, "
            "seen_event = excluded.seen_event",
            (db.station, db.mode, __version__, clock, printer_state,
             json.dumps(info, ensure_ascii=False), seen_event))
        events.advance_heads(conn)  # the key sub-chain's starting points (db/record/events.py)

    def measured() -> None:  # just after this station's write: the share's clock
        db.clock_skew_s = measure_clock(db)
        db.peer_skews = list(skews_of(signed_peers(db, peers), db.clock_skew_s).values())
        if rode is not None:
            rode()

    if rode is not None:
        db.ride(tx, then=measured)
        return True
    ahead = (*events.HEADS_READS, peers_read)  # a server sends them with the BEGIN
    try:
        if outbox is None:
            db.write(tx, budget_s=HEARTBEAT_BUDGET_S, ahead=ahead)
        else:  # the kiosk's kept print results ride along
            outbox.write_with(db, tx, now, budget_s=HEARTBEAT_BUDGET_S, ahead=ahead)
    except errors.DatabaseBusy:
        return False
    measured()
    return True


def peer_skews(db: Database, *, within_s: float = 3600.0) -> dict[str, float]:
    """The clock skews the other stations measured with their heartbeats of the last
    *within_s*, by station (read now; a heartbeat reads them inside its write)."""
    try:
        rows = db.query(PEERS_SQL, (db.station,))
    except errors.UltError:
        return {}
    return skews_of(signed_peers(db, rows), db.clock_skew_s, within_s)


def signed_peers(db: Database, rows: list) -> list[tuple]:
    """``(station, clock, detail)`` of the heartbeat rows *rows* (:data:`PEERS_SQL`) that
    :func:`read_stations` believes, by the registrations this station last judged
    (``judged``): a row a share writer made or edited moves no kiosk's clock rule
    (``numbers.clock_problem``); before a root of trust, every row; none before this
    station judged the record (its first heartbeat does)."""
    kept = db.kept_record.get("judged")
    if kept is None:
        return []
    authority = kept.authority
    known = None if not authority.first else {
        label: (key, authority.public.get(key, b"")) for key, label in authority.labels.items()}
    return [(r[0], r[3], r[4]) for r in rows
            if known is None or _signed(tuple(r), known.get(r[0]))]


def _signed(row: tuple, key: tuple | None) -> bool:
    """Whether heartbeat row *row* (id, mode, version, clock, detail) verifies against the
    public key of *key* (``(key id, public key, ...)``, None: no station of that name)."""
    detail = json_dict(row[4])
    return key is not None and verify_hex(key[1], detail.get("sig"), heartbeat_body(
        row[0], row[1], row[2], row[3], detail))


def measure_clock(db: Database) -> float | None:
    """This PC's clock minus the share's (its file time) or the server's, just after this
    station wrote; None when unreadable."""
    try:
        if port.on_server(db):
            t0 = time.time()
            server = float(db.query("SELECT extract(epoch FROM clock_timestamp())")[0][0])
            return (t0 + time.time()) / 2 - server
        return time.time() - os.stat(db.file).st_mtime
    except (OSError, errors.UltError, ValueError, TypeError):
        return None


def list_stations(db: Database) -> list[dict]:
    """Stations with their last heartbeat (:func:`read_stations`). ``behind_file``: it read
    an older schema than the file has now, so it cannot write since the migration."""
    def read(conn) -> list[dict]:
        file_schema = port.schema_version(conn)
        rows = read_stations(conn)
        for row in rows:
            schema = row_detail(row).get("schema")
            row["behind_file"] = isinstance(schema, int) and schema < file_schema
        return rows
    return db.read(read)


#: A registered station whose heartbeat row is gone or does not verify (``detail``).
NO_HEARTBEAT = "no_heartbeat"


def read_stations(conn: Connection) -> list[dict]:
    """The stations' heartbeat rows as the record lets them stand, by name: a row its
    registered key signed; an unregistered name is left out (said once); a registered
    station whose row is missing or false is :data:`NO_HEARTBEAT`, ``clock`` its key's
    last event (``station_keys.last_sighting``)."""
    cursor = conn.execute("SELECT * FROM stations ORDER BY id")
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    known = registered_stations(conn) if port.columns(conn, "station_keys") else None
    if known is None:  # (no root of trust yet, or a file before keys: as they are)
        return rows
    out = {}
    for row in rows:
        if _signed(tuple(row[c] for c in ("id", "mode", "version", "clock", "detail")),
                   known.get(row["id"])):
            out[row["id"]] = row
        else:
            said_once(conn, "stations", (row["id"],), tuple(row.values()))
    for name, (key_id, public, role) in known.items():
        if name not in out:
            out[name] = {**dict.fromkeys(names), "id": name,
                         "mode": role, "version": "?", "clock": last_sighting(
                conn, key_id, public), "detail": json.dumps({NO_HEARTBEAT: True})}
    return [out[name] for name in sorted(out)]


def row_detail(row) -> dict:
    """A heartbeat row's ``detail`` (host, skew, journal, pending), {} when unreadable."""
    return json_dict(row["detail"])


#: A kiosk's printer went wrong or right again (its own state, asked between visitors):
#: every counter sees which kiosk needs paper or its cover closed.
PRINTER_STATE = "printer_state"
#: Printer states nobody needs to act on.
PRINTER_FINE = frozenset({"ok", "paper_low", "preview", "none", "unknown"})
#: A recorded state is believed this long (a kiosk gone an hour says nothing of now).
RECORDED_FOR_S = 3600.0


def record_printer_state(db: Database, state: str) -> int:
    """This kiosk's printer is now *state* (``devices.printer`` states); the event's id."""
    return db.write(lambda conn: events.append_event(
        conn, db.station, PRINTER_STATE, data={"kiosk": db.station, "state": state}))


def recorded_printers(rows, own_skew: float | None) -> dict[str, tuple[str | None, float | None]]:
    """Each heartbeat row's printer state and its age on the share's clock, by station."""
    return {r["id"]: (r["printer_state"], heartbeat_age_s(r["clock"], r["detail"], own_skew))
            for r in rows}


def kiosk_printers(db: Database) -> dict[str, tuple[str | None, float | None]]:
    return recorded_printers([r for r in list_stations(db) if r["mode"] == "kiosk"],
                             db.clock_skew_s)


class PrinterVerdict(NamedTuple):
    state: str | None  # the newest word: its live pulse's, else the record's
    trouble: bool  # an officer must go (paper, cover, cutter): named on every counter


def judge_printers(recorded: dict[str, tuple[str | None, float | None]],
                   live: dict[str, str]) -> dict[str, PrinterVerdict]:
    """The one judgement of the kiosks' printers, by station (counters' strip, Admin >
    Stasiun): *live*, a moving pulse's newest word; else *recorded* (:func:`kiosk_printers`),
    believed for :data:`RECORDED_FOR_S`."""
    out = {}
    for station in {*recorded, *live}:
        state, age = recorded.get(station, (None, None))
        fresh = age is not None and age < RECORDED_FOR_S
        if live.get(station):
            state, fresh = live[station], True
        out[station] = PrinterVerdict(state, fresh and bool(state) and state not in PRINTER_FINE)
    return out


#: The morning check asks every running kiosk to print a test line and every TV to play
#: its chime (``device_test``); each answers what happened (``device_tested``: request,
#: device ``printer`` | ``sound``, ok, detail), and the check waits for the answers.
DEVICE_TEST, DEVICE_TESTED = "device_test", "device_tested"


def ask_device_test(db: Database, devices: tuple[str, ...]) -> int:
    """Ask the running stations to test *devices*; the request's event id."""
    return db.write(lambda conn: events.append_event(
        conn, db.station, DEVICE_TEST, data={"devices": list(devices)}))


def answer_device_test(db: Database, *, request: int, device: str, ok: bool,
                       detail: str = "") -> int:
    return db.write(lambda conn: events.append_event(conn, db.station, DEVICE_TESTED, data={
        "request": request, "device": device, "ok": ok, "detail": detail[:300]}))


def device_answers(db: Database, request: int) -> dict[tuple[str, str], dict]:
    """(station, device) -> its answer to *request*."""
    answers = [(station, json.loads(data or "{}")) for station, data in db.query(
        "SELECT station, data FROM events WHERE id > ? AND kind = ?", (request, DEVICE_TESTED))]
    return {(s, str(a.get("device"))): a for s, a in answers if a.get("request") == request}


MORNING_CHECK = "morning_check"
#: How far back Admin > Stasiun looks for the last morning check (events, newest first:
#: never the whole log; a day of a busy office is far fewer).
MORNING_CHECK_RECENT = 20000


def record_morning_check(db: Database, result: dict) -> int:
    """Keep a morning check's outcome in the record (who ran it, when, each line's
    status and sentence): Admin > Stasiun shows the last one."""
    return db.write(lambda conn: events.append_event(conn, db.station, MORNING_CHECK, data=result))


def last_morning_check(db: Database) -> tuple[datetime, dict] | None:
    """The newest recent morning check signed soundly by a registered admin station (an
    office without a root of trust yet: the newest)."""
    from ult_desktop.db.record.station_keys import event_sound, lan_trust

    def read(conn) -> tuple[str, str] | None:
        root, keys = lan_trust(conn, (db.trust or {}).get("root"))
        for event_id, at, data, key in conn.execute(
                "SELECT id, at, data, station_key FROM events WHERE id > (SELECT "
                "COALESCE(MAX(id), 0) - ? FROM events) AND kind = ? ORDER BY id DESC LIMIT 20",
                (MORNING_CHECK_RECENT, MORNING_CHECK)).fetchall():
            if root is None or (keys.get(key or "", (b"", ""))[1] == "admin" and
                                event_sound(conn, event_id, keys[key][0])):
                return at, data
        return None

    row = db.read(read)
    if row is None:
        return None
    try:
        return events.parse_iso_set(row[0]), json.loads(row[1] or "{}")
    except (TypeError, ValueError):
        return None


def record_phone_bands(db: Database, day: str, shown: int, inside: int) -> int:
    """The phone page's count of *day* (``core.phone.PHONE_BAND_DAY``): bands shown, held."""
    return db.write(lambda conn: events.append_event(conn, db.station, PHONE_BAND_DAY, data={
        "day": day, "shown": shown, "inside": inside}))
