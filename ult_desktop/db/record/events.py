"""The append-only event log: audit trail, report timings and the change feed.

Every event is chained (``hash`` over the previous hash, the same key's previous hash and
:data:`HASHED_FIELDS`; ``prev_link`` / ``key_link`` keep 8 bytes of each) and signed by
the station's key, which travels on the connection with the officer (``actor``). The
verifier is :mod:`ult_desktop.db.record.audit`; the threat model is in docs/security.md."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from ult_desktop.core import images as row_images
from ult_desktop.core.chain import (
    GENESIS,
    HASHED_FIELDS,
    LINK_BYTES,
    PERSONAL_COMMIT,
    PERSONAL_SALT,
    compact_json,
    event_hash,
    hashed_fields,
    json_dict,
    personal_values,
    seal_data,
    sig_message,
    verify_sig,
)
from ult_desktop.core.dates import stored_time
from ult_desktop.core.tickets import Event
from ult_desktop.db.engine import port
from ult_desktop.db.engine.config_cache import config_changed
from ult_desktop.db.engine.port import AuditIdentity, Connection
from ult_desktop.db.record import projection

_LAST_SQL = "SELECT hash, id FROM events ORDER BY id DESC LIMIT 1"
#: The key's newest event after an id (a backward rowid scan that stops at that id).
_KEY_AFTER_SQL = ("SELECT id, hash, sig FROM events WHERE id > ? AND station_key = ? "
                  "ORDER BY id DESC LIMIT 1")
_KEY_AT_SQL = "SELECT id, hash, sig FROM events WHERE id = ? AND station_key = ?"
#: The newest event of a key from the one this process wrote last: a newer one if another
#: process of this PC wrote since, else that one (``_KEY_AFTER_SQL`` then ``_KEY_AT_SQL``).
_KEY_FROM_SQL = ("SELECT id, hash, sig FROM events WHERE id >= ? AND station_key = ? "
                 "ORDER BY id DESC LIMIT 1")
_KEY_BEFORE_SQL = ("SELECT id, hash, sig FROM events WHERE station_key = ? AND id < ? "
                   "ORDER BY id DESC LIMIT 1")
_KEY_NEWEST_SQL = ("SELECT id, hash, sig FROM events WHERE station_key = ? "
                   "ORDER BY id DESC LIMIT 1")
#: ``chain_heads`` (migration fewer_index_pages): row '*' = up to which event id the other rows are
#: complete; row <key id> = that key's newest event id up to there.
HEADS_ALL = "*"
_HEADS_SQL = ("SELECT (SELECT event_id FROM chain_heads WHERE key_id = ?), "
              "(SELECT event_id FROM chain_heads WHERE key_id = ?)")


#: The events a station's judged state plays (``judged``): the condition of
#: their own partial index as migration judged_events_index made it (a later table judged
#: is a new index of a new migration, never this text changed).
JUDGED_EVENTS = (
    "(rows LIKE '%\"officers\"%' OR rows LIKE '%\"settings\"%' OR rows LIKE '%\"services\"%' "
    "OR rows LIKE '%\"counters\"%' OR rows LIKE '%\"counter_pauses\"%' OR rows LIKE "
    "'%\"cases\"%' OR rows LIKE '%\"standins\"%' OR rows LIKE '%\"sop_targets\"%' OR rows "
    "LIKE '%\"pin_lockouts\"%' OR kind IN ('station_key_registered', 'officer_login', "
    "'officer_logout', 'slip_print_requested'))")

def iso(moment: datetime) -> str:
    """UTC ISO-8601 with fixed precision, so stored times sort as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


#: A time column that may be empty (None also for a value that is no time).
parse_iso = stored_time


def parse_iso_set(text: str) -> datetime:
    """A time column that is always set (``issued_at``, ``created_at`` ...)."""
    return datetime.fromisoformat(text)


def _key_newest(conn: Connection, ident: AuditIdentity) -> sqlite3.Row | None:
    """(id, hash, sig) of the newest event signed with this identity's key, or None:
    after its own last event or ``chain_heads``, else by a backward scan of the log."""
    key = ident.signer.key_id  # type: ignore[union-attr]
    if ident.last_own_id is not None:
        row = conn.execute(_KEY_FROM_SQL, (ident.last_own_id, key)).fetchone()
        if row is not None:
            return row
    else:
        try:
            upto, head = conn.execute(_HEADS_SQL, (HEADS_ALL, key)).fetchone()
        except sqlite3.OperationalError:  # before migration fewer_index_pages (migrating now)
            upto = head = None
        if upto is not None:
            row = conn.execute(_KEY_AFTER_SQL, (upto, key)).fetchone()
            if row is not None:
                return row
            if head is None:
                return None
            row = conn.execute(_KEY_AT_SQL, (head, key)).fetchone()
            if row is not None:
                return row
    return conn.execute(_KEY_NEWEST_SQL, (key,)).fetchone()


def _key_prev(conn: Connection, ident: AuditIdentity) -> tuple[bytes, int | None]:
    """The hash and id of this key's own previous event: usually the one we wrote (no
    verify); else signatures are checked and a forgery under our key skipped, never
    endorsed. (GENESIS, None): its first."""
    signer = ident.signer
    assert signer is not None
    row = _key_newest(conn, ident)
    while row is not None:
        digest = bytes(row[1]) if row[1] else None
        if digest is not None and (digest == ident.last_own or
                                   verify_sig(signer.public_key, digest, row[2])):
            return digest, int(row[0])
        row = conn.execute(_KEY_BEFORE_SQL, (signer.key_id, row[0])).fetchone()
    return GENESIS, None


#: What :func:`advance_heads` reads first (``ahead`` of ``Database.write``).
HEADS_READS: tuple[tuple[str, tuple], ...] = (
    ("SELECT event_id FROM chain_heads WHERE key_id = ?", (HEADS_ALL,)),
    ("SELECT id FROM events ORDER BY id DESC LIMIT 1", ()))


def advance_heads(conn: Connection) -> None:
    """Move ``chain_heads`` up to the newest event (inside the caller's write); called by
    heartbeats, off the hot path, reading only the events since the last advance."""
    try:
        row = conn.execute(HEADS_READS[0][0], HEADS_READS[0][1]).fetchone()
    except sqlite3.OperationalError:  # file not migrated to 9 yet
        return
    upto = row[0] if row else 0
    top = conn.execute(HEADS_READS[1][0]).fetchone()
    if top is None or top[0] <= upto:
        return
    conn.execute(
        "INSERT INTO chain_heads (key_id, event_id) SELECT station_key, MAX(id) FROM events "
        "WHERE id > ? AND id <= ? AND station_key IS NOT NULL GROUP BY station_key "
        "ON CONFLICT (key_id) DO UPDATE SET event_id = excluded.event_id", (upto, top[0]))
    conn.execute("INSERT INTO chain_heads (key_id, event_id) VALUES (?, ?) ON CONFLICT "
                 "(key_id) DO UPDATE SET event_id = excluded.event_id", (HEADS_ALL, top[0]))


def append_event(conn: Connection, station: str, kind: str, *,
                 ticket_id: int | None = None, ticket_number: str | None = None,
                 service_prefix: str | None = None, counter: int | None = None,
                 at: datetime | None = None, data: dict | None = None,
                 images: list | None = None) -> int:
    """Append one event inside the caller's transaction, with the rows it wrote to the
    covered tables (*images*: more, e.g. a baseline); returns its id."""
    config_changed(conn, kind)
    ident: AuditIdentity | None = getattr(conn, "audit", None)
    actor = ident.actor if ident else None
    signer = ident.signer if ident else None
    prev, (key_prev, key_prev_id), event_id = _head(conn, ident)
    raw_images = [*(images or ()), *projection.take(conn)]
    base = (str(kind), _int(ticket_id), _str(ticket_number), _str(service_prefix),
            _int(counter), str(station), iso(at or datetime.now(timezone.utc)))
    tail = (actor, signer.key_id if signer else None)
    pending = _Pending(event_id, prev, key_prev, base, tail, dict(data or {}), raw_images,
                       images is not None)
    data_text, rows, digest, sig = pending.seal(signer)
    values = (event_id, *base, data_text, *tail, prev[:LINK_BYTES],
              key_prev[:LINK_BYTES] if key_prev else None, digest, sig)
    if rows is None:  # also a file before migration record_is_signed_events (no such column yet)
        port.record_write(conn, _INSERT_SQL, values)
    elif getattr(conn, "capturing", False):  # the schema of now: the key's previous event named
        port.record_write(conn, _INSERT_HINT_SQL, (*values, rows, key_prev_id))
    else:
        port.record_write(conn, _INSERT_ROWS_SQL, (*values, rows))
    port.set_high_water(conn, event_id)
    if ident and signer is not None:
        ident.last_own, ident.last_own_id = digest, event_id
    with contextlib.suppress(AttributeError):  # a plain sqlite3 connection (restore's copy)
        conn.head_ahead = None  # type: ignore[attr-defined]
        conn.last_event = pending  # type: ignore[attr-defined]
    return event_id


def chain_reads(conn: Connection) -> list[tuple[str, tuple]]:
    """The reads :func:`append_event` makes first on a server, as ``(sql, params)``: a
    write sends them with its ``BEGIN`` (``engine_pg.PgDatabase.write``)."""
    out: list[tuple[str, tuple]] = [(port.LAST_AND_HIGH_PG, ())]
    ident: AuditIdentity | None = getattr(conn, "audit", None)
    if ident is not None and ident.signer is not None and ident.last_own_id is not None:
        out.append((_KEY_FROM_SQL, (ident.last_own_id, ident.signer.key_id)))
    return out


def _head(conn: Connection, ident: AuditIdentity | None
          ) -> tuple[bytes, tuple[bytes | None, int | None], int]:
    """(prev hash, (this key's prev hash, its id), id) of the event to append now (on a
    server, after this transaction's own event, that one: we hold the write lock)."""
    signer = ident.signer if ident else None
    pending: _Pending | None = getattr(conn, "last_event", None)
    key_prev: tuple[bytes | None, int | None] = (None, None)
    if (port.on_server(conn) and pending is not None
            and pending.digest is not None):
        own = signer is not None and pending.tail[1] == signer.key_id
        if ident and signer is not None:
            key_prev = (pending.digest, pending.event_id) if own else _key_prev(conn, ident)
        return pending.digest, key_prev, pending.event_id + 1
    # next_event_id's read in this transaction (no event written since), or one now
    prev, event_id = getattr(conn, "head_ahead", None) or _read_head(conn)
    if ident and signer is not None:
        key_prev = _key_prev(conn, ident)
    return prev, key_prev, event_id


def _read_head(conn: Connection) -> tuple[bytes, int]:
    if port.on_server(conn):  # one round trip for both
        top_hash, top_id, high = conn.execute(port.LAST_AND_HIGH_PG).fetchone()
        last = None if top_id is None else (top_hash, top_id)
    else:
        last = conn.execute(_LAST_SQL).fetchone()
        high = None
    prev = bytes(last[0]) if last and last[0] else GENESIS
    # above the last event and above every id the file ever gave out (page 1: cached)
    return prev, max(last[1] if last else 0,
                     port.high_water(conn) if high is None else int(high)) + 1


def next_event_id(conn: Connection) -> int:
    """The id the transaction's next :func:`append_event` will give its event (a row
    that names its own event is written with it, not updated after it)."""
    head = _head(conn, None)
    with contextlib.suppress(AttributeError):  # kept for that append_event
        conn.head_ahead = head[0], head[2]  # type: ignore[attr-defined]
    return head[2]


_INSERT_SQL = ("INSERT INTO events (id, kind, ticket_id, ticket_number, service_prefix, "
               "counter_number, station, at, data, actor, station_key, prev_link, key_link, "
               "hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_ROWS_SQL = _INSERT_SQL.replace(", sig)", ", sig, rows)").replace("?)", "?, ?)")
_INSERT_HINT_SQL = _INSERT_ROWS_SQL.replace(", rows)", ", rows, key_prev_id)").replace(
    "?)", "?, ?)")


@dataclass
class _Pending:
    """The newest event this transaction wrote, kept until its commit: rows written
    after it (an id it gave out, stored on a row) are added to it before the commit."""

    event_id: int
    prev: bytes
    key_prev: bytes | None
    base: tuple
    tail: tuple
    data: dict
    images: list
    explicit: bool
    #: the hash it was written with (sealed again if rows join it before the commit)
    digest: bytes | None = None

    def seal(self, signer) -> tuple[str, str | None, bytes, bytes | None]:
        salt_needed = row_images.has_personal(self.images)
        sealed = seal_data(self.data, salt_needed=salt_needed)
        rows = None
        if self.images or self.explicit:
            rows = compact_json(row_images.seal(self.images, sealed.get(PERSONAL_SALT)))
        data_text = json.dumps(sealed, ensure_ascii=False)
        fields = (*self.base, data_text, *self.tail)
        digest = event_hash(self.prev, self.key_prev, hashed_fields(fields), rows)
        sig = signer.sign(sig_message(digest)) if signer is not None else None
        self.digest = digest
        return data_text, rows, digest, sig


def begin_transaction(conn: Connection) -> None:
    """A write transaction starts: no event of it yet."""
    with contextlib.suppress(AttributeError):
        conn.last_event = conn.head_ahead = None  # type: ignore[attr-defined]


def finish_transaction(conn: Connection, station: str) -> None:
    """Before COMMIT: rows written after the transaction's last event join it (re-hashed,
    re-signed: the log's newest, under our lock); rows without an event get their own."""
    images = projection.take(conn)
    if not images:
        return
    pending: _Pending | None = getattr(conn, "last_event", None)
    if pending is None:
        append_event(conn, station, ROWS_RECORDED, images=images)
        return
    ident: AuditIdentity | None = getattr(conn, "audit", None)
    signer = ident.signer if ident else None
    pending.images = [*pending.images, *images]
    data_text, rows, digest, sig = pending.seal(signer)
    port.reseal_event(conn, pending.event_id, data_text, rows, digest, sig)
    if ident and signer is not None and ident.last_own_id == pending.event_id:
        ident.last_own = digest


#: An event of rows a transaction wrote without any other event (rare: a lockout
#: bookkeeping of its own, a maintenance step).
ROWS_RECORDED = "rows_recorded"


def _int(value) -> int | None:
    return None if value is None else int(value)


def _str(value) -> str | None:
    return None if value is None else str(value)


def chain_legacy(conn: Connection) -> None:
    """Migration 5: chain the events written before the audit trail existed, as "legacy,
    unsigned"; one ``audit_chain_started`` event says up to which id."""
    cols = ", ".join(HASHED_FIELDS)
    rows = conn.execute(f"SELECT id, {cols} FROM events ORDER BY id").fetchall()
    if not rows:
        return
    prev = GENESIS
    updates = []
    data_at = HASHED_FIELDS.index("data") + 1
    for row in rows:
        fields = list(row)
        text = fields[data_at]
        try:
            value = json.loads(text) if text else {}
        except (TypeError, ValueError):
            value = None
        if isinstance(value, dict) and personal_values(value):  # committed like new events
            fields[data_at] = json.dumps(seal_data(value), ensure_ascii=False)
        digest = event_hash(prev, None, hashed_fields(tuple(fields)[1:]))
        updates.append((prev[:LINK_BYTES], digest, fields[data_at], row[0]))
        prev = digest
    conn.executemany("UPDATE events SET prev_link = ?, hash = ?, data = ? WHERE id = ?",
                     updates)
    append_event(conn, "migration", "audit_chain_started",
                 data={"legacy_events": len(rows), "last_legacy_id": rows[-1][0]})


def event_from_row(row: sqlite3.Row) -> Event:
    return Event(id=row["id"], kind=row["kind"], ticket_id=row["ticket_id"],
                 ticket_number=row["ticket_number"], service_prefix=row["service_prefix"],
                 counter=row["counter_number"], station=row["station"],
                 at=datetime.fromisoformat(row["at"]), data=readable_data(row["data"]))


def readable_data(text: str | None) -> dict:
    """An event's data for screens and reports: without the audit commitment's keys ({}
    when unreadable)."""
    data = json_dict(text or "{}")
    return {k: v for k, v in data.items() if k not in (PERSONAL_COMMIT, PERSONAL_SALT)} \
        if PERSONAL_COMMIT in data else data


def record_baseline(conn: Connection, station: str) -> int | None:
    """Inside a write transaction: append ``projection_baseline`` events holding every
    covered row as it is now. Returns the first event's id (None: no rows)."""
    first = None
    part = 0
    for batch in projection.baseline_images(conn):
        part += 1
        event_id = append_event(conn, station, projection.BASELINE, data={"part": part},
                                images=batch)
        first = first or event_id
    if first is None:
        first = append_event(conn, station, projection.BASELINE, data={"part": 0}, images=[])
    return first
