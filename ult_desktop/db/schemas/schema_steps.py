"""The data steps of the numbered migrations (``db/schemas/schema.py``): the tables rebuilt,
the rows copied or rehashed, as each migration first shipped. Never edited once shipped:
an older office file still takes these steps when a newer station opens it."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable

from ult_desktop.core.chain import LINK_BYTES
from ult_desktop.core.skm import fast_code_hash
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection


def unlink_skm_responses(conn: Connection) -> None:
    """Migration 7: copy the responses in random order under random ids without their
    links (service and month only), and spend their codes as salted hashes."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'skm_code_salt'").fetchone()
    salt = json.loads(row[0]) if row else secrets.token_hex(16)
    conn.execute("INSERT INTO settings (key, value) VALUES ('skm_code_salt', ?) "
                 "ON CONFLICT DO NOTHING", (json.dumps(salt),))
    codes = [r[0] for r in conn.execute(
        "SELECT t.code FROM skm_responses s JOIN tickets t ON t.id = s.ticket_id")]
    conn.executemany("INSERT INTO skm_spent_codes (code_hash) VALUES (?) ON CONFLICT DO NOTHING",
                     sorted((fast_code_hash(salt, c),) for c in codes))
    cols = ", ".join(f"a{i}" for i in range(1, 10))
    rows = [tuple(r) for r in conn.execute(
        f"SELECT service_id, substr(day, 1, 7), {cols}, suggestion FROM skm_responses")]
    rng = random.SystemRandom()
    rng.shuffle(rows)
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.add(rng.randrange(1, 2**53))
    conn.executemany(
        f"INSERT INTO skm_responses_v7 (id, service_id, period, source, {cols}, suggestion) "
        f"VALUES (?, ?, ?, 'tablet', {', '.join('?' * 9)}, ?)",
        [(i, *r) for i, r in zip(sorted(ids, key=lambda _: rng.random()), rows, strict=True)])
    conn.execute("PRAGMA secure_delete = ON")


#: Migration 20's survey responses: the source 'online' too (a requester's code).
SKM_RESPONSES_V20 = """CREATE TABLE skm_responses_v20 (
            id INTEGER PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services(id),
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
            source TEXT NOT NULL
                CHECK (source IN ('kiosk', 'tablet', 'paper', 'phone', 'online')),
            a1 INTEGER NOT NULL CHECK (a1 BETWEEN 1 AND 4),
            a2 INTEGER NOT NULL CHECK (a2 BETWEEN 1 AND 4),
            a3 INTEGER NOT NULL CHECK (a3 BETWEEN 1 AND 4),
            a4 INTEGER NOT NULL CHECK (a4 BETWEEN 1 AND 4),
            a5 INTEGER NOT NULL CHECK (a5 BETWEEN 1 AND 4),
            a6 INTEGER NOT NULL CHECK (a6 BETWEEN 1 AND 4),
            a7 INTEGER NOT NULL CHECK (a7 BETWEEN 1 AND 4),
            a8 INTEGER NOT NULL CHECK (a8 BETWEEN 1 AND 4),
            a9 INTEGER NOT NULL CHECK (a9 BETWEEN 1 AND 4),
            suggestion TEXT,
            gender TEXT,                       -- profile bands (core/skm.py PROFILE);
            age_band TEXT,                     -- 'x': did not want to answer,
            education TEXT,                    -- NULL: not asked (answers before v7)
            occupation TEXT,
            p1 INTEGER CHECK (p1 BETWEEN 1 AND 4),   -- SPAK items (core.skm.SPAK_ITEMS);
            p2 INTEGER CHECK (p2 BETWEEN 1 AND 4),   -- NULL: not asked
            p3 INTEGER CHECK (p3 BETWEEN 1 AND 4),
            p4 INTEGER CHECK (p4 BETWEEN 1 AND 4),
            p5 INTEGER CHECK (p5 BETWEEN 1 AND 4)
        )"""
#: Migration 10's tickets table: the code without its UNIQUE index (the code carries the
#: ticket id, see ``core.numbering.ticket_code``), and the first call's time on the row.
_TICKETS_V10 = """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                 -- office day, ISO date, office time zone
            prefix TEXT NOT NULL,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL,
            code TEXT NOT NULL,                -- QR / survey / reprint: random part + id
            service_id INTEGER NOT NULL,       -- services(id); see UNDECLARED_REFERENCES
            priority INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'walk_in',
            issued_at TEXT NOT NULL,           -- UTC ISO-8601, issuing station's clock
            sort_at TEXT NOT NULL,             -- fairness order; transfers keep it
            called_at TEXT, serving_at TEXT, finished_at TEXT,
            counter_number INTEGER,
            officer_id INTEGER,                -- officers(id)
            outcome TEXT,
            target_counter INTEGER,
            target_officer_id INTEGER,
            transfer_count INTEGER NOT NULL DEFAULT 0,
            print_status TEXT,                 -- NULL (not printed), 'printed', 'failed'
            print_error TEXT,
            station TEXT NOT NULL,
            request_id TEXT,                   -- the kiosk's retry key
            issue_event INTEGER,               -- id of its 'issued' event (reports)
            first_called_at TEXT,              -- UTC, its first call (reports: waiting time)
            record_id INTEGER,                 -- its register record (one per ticket)
            UNIQUE (day, prefix, seq)
        )"""
#: ... and the register without the UNIQUE index on ``ticket_id``: the ticket row keeps
#: its record's id (``tickets.record_id``), so "this ticket's record" is found without it.
_RECORDS_V10 = """CREATE TABLE register_records (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES tickets(id),  -- NULL: phone / online; tickets.record_id
            channel TEXT NOT NULL CHECK (channel IN ('walk_in', 'phone', 'online')),
            day TEXT NOT NULL,                 -- office day of the visit / call, ISO date
            service_id INTEGER NOT NULL,       -- services(id)
            officer_id INTEGER,                -- officers(id)
            visitor_name TEXT NOT NULL,
            institution TEXT NOT NULL DEFAULT '',
            region_code TEXT,                  -- Kemendagri kabupaten/kota code, e.g. '33.74'
            region_name TEXT,
            phone TEXT, email TEXT,
            id_number TEXT,                    -- NIK/NIP, optional, personal data (UU 27/2022)
            on_behalf INTEGER NOT NULL DEFAULT 0,
            on_behalf_of TEXT, letter_type TEXT, letter_number TEXT,
            topic TEXT NOT NULL DEFAULT '',
            question TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT '',
            online_ref TEXT,                   -- request / queue number of the online app
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            station TEXT NOT NULL,
            request_id TEXT                    -- a phone/online form's retry key
        )"""
_RECORD_COLUMNS = (
    "id, ticket_id, channel, day, service_id, officer_id, visitor_name, institution, "
    "region_code, region_name, phone, email, id_number, on_behalf, on_behalf_of, letter_type, "
    "letter_number, topic, question, answer, online_ref, created_at, updated_at, station, "
    "request_id")
_TICKET_COLUMNS_V9 = (
    "id, day, prefix, seq, number, code, service_id, priority, state, channel, issued_at, "
    "sort_at, called_at, serving_at, finished_at, counter_number, officer_id, outcome, "
    "target_counter, target_officer_id, transfer_count, print_status, print_error, station, "
    "request_id, issue_event")


def rebuild_tickets(conn: Connection) -> None:
    """Migration 10: the tickets table without the index on ``code``, with each ticket's
    first call time and register record; rows through a local temporary table, ids kept;
    needs ``foreign_keys`` off (``Database.write_schema``)."""
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("migration one_write_few_pages rebuilds the tickets table: foreign_keys must be "
                           "off (use Database.write_schema)")
    # the copies hold personal data: stations keep temporary tables in memory, never in
    # a file in the PC's temp folder (connection.secure_connection: temp_store=MEMORY)
    _rebuild(conn, "tickets", _TICKETS_V10, f"{_TICKET_COLUMNS_V9}, first_called_at, record_id",
             f"SELECT {_TICKET_COLUMNS_V9}, "
             "(SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'called'), "
             "(SELECT r.id FROM register_records r WHERE r.ticket_id = t.id) "
             "FROM main.tickets t")
    _rebuild(conn, "register_records", _RECORDS_V10, _RECORD_COLUMNS)


def _rebuild(conn: Connection, table: str, create: str, columns: str,
             select: str | None = None) -> None:
    """*table* again from *create*, rows and ids kept, through a temporary copy of
    *columns* (made by *select*, default: the same columns of the old table)."""
    conn.execute(f"DROP TABLE IF EXISTS temp.{table}_old")
    conn.execute(f"CREATE TEMP TABLE {table}_old ({columns})")
    conn.execute(f"INSERT INTO temp.{table}_old "
                 f"{select or f'SELECT {columns} FROM main.{table}'}")
    conn.execute(f"DROP TABLE main.{table}")
    conn.execute(create)
    conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} "
                 f"FROM temp.{table}_old ORDER BY id")
    conn.execute(f"DROP TABLE temp.{table}_old")


def events_without_autoincrement(conn: Connection) -> None:
    """Migration 10: event ids without ``sqlite_sequence`` (one page less per event): the
    high-water mark lives in the header (``engine.port.high_water``); the keyword leaves
    the stored schema by SQLite's documented ``writable_schema`` procedure."""
    top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence "
                       "WHERE name = 'events'").fetchone()[0]
    conn.execute(f"PRAGMA application_id = {int(max(top, seq))}")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                       "AND name = 'events'").fetchone()[0]
    if "AUTOINCREMENT" not in sql:
        return
    cookie = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'events'",
                     (sql.replace("PRIMARY KEY AUTOINCREMENT", "PRIMARY KEY", 1),))
        conn.execute(f"PRAGMA schema_version = {int(cookie) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    conn.execute("DELETE FROM sqlite_sequence WHERE name = 'events'")


def projection_baseline(conn: Connection) -> None:
    """Migration 11: the covered rows as they are now, as ``projection_baseline`` events
    (figures are provable from there on; ``check`` says from which event)."""
    from ult_desktop.db.record.events import record_baseline

    record_baseline(conn, "migration")


def hash_ticket_codes(conn: Connection) -> None:
    """Migration 15: the file keeps only a keyed hash of each ticket's survey code (the
    hash ``skm_spent_codes`` holds; the code stays on the paper)."""
    conn.execute("ALTER TABLE tickets RENAME COLUMN code TO code_hash")
    _hash_codes(conn, "tickets", "code_hash", "skm_codes_hashed")


def _hash_codes(conn: Connection, table: str, column: str, kind: str) -> None:
    """Each code in *table*'s *column* replaced by its keyed hash under ``skm_code_salt``
    (made if missing), logged as row images of one *kind* event per thousand rows, so
    ``check`` stays reconciled. The fast hash: those codes lay in clear already."""
    from ult_desktop.db.record.events import append_event
    from ult_desktop.db.record.projection import BASELINE_CHUNK

    codes = conn.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL "
                         "ORDER BY id").fetchall()
    if not codes:  # a new file: the first code makes the key (a captured write)
        return
    row = conn.execute("SELECT value FROM settings WHERE key = 'skm_code_salt'").fetchone()
    salt = json.loads(row[0]) if row else secrets.token_hex(16)
    images: list[list] = []
    if row is None:
        conn.execute("INSERT INTO settings (key, value) VALUES ('skm_code_salt', ?)",
                     (json.dumps(salt),))
        images.append(["i", "settings", ["skm_code_salt"],
                       {"key": "skm_code_salt", "value": json.dumps(salt)}])
    rows = [(fast_code_hash(salt, c), i) for i, c in codes]
    conn.executemany(f"UPDATE {table} SET {column} = ? WHERE id = ?", rows)
    images += [["u", table, [i], {column: h}] for h, i in rows]
    if "rows" not in port.columns(conn, "events"):
        return
    for part in range(0, len(images), BASELINE_CHUNK):
        append_event(conn, "migration", kind, data={"part": part // BASELINE_CHUNK + 1},
                     images=images[part:part + BASELINE_CHUNK])


def hash_visit_codes(conn: Connection) -> None:
    """Migration visit_codes_hashed: a follow-up visit's code kept as a ticket's survey
    code is, a keyed hash (``db.visit.visits``): whoever reads the file cannot check
    another visitor in. Logged as ``visit_codes_hashed`` events."""
    _hash_codes(conn, "cases", "visit_code", "visit_codes_hashed")


hash_visit_codes.on_server = True  # type: ignore[attr-defined]  # (plain SQL both engines read)


def add_priority_group(conn: Connection) -> None:
    """Migration 12: the kelompok rentan group of a priority ticket (``core.priority.GROUPS``;
    NULL: none, or issued before). Nullable without a default, so the rows keep their
    images in the log. A function of its own so merged branches can renumber it."""
    conn.execute("ALTER TABLE tickets ADD COLUMN priority_group TEXT")


def add_key_prev_hint(conn: Connection) -> None:
    """Migration 28: the id of each signed event's key's previous event (a reader's hint,
    not hashed), named for the events already there too: else every station's start walks
    a file's history back for each act of a key that acts seldom (an admin's monthly
    change: a month of others' events read over the share). A server reads its own log:
    no walk to spare it. Again on a file that has it (a server one schema behind)."""
    if "key_prev_id" not in port.columns(conn, "events"):
        conn.execute("ALTER TABLE events ADD COLUMN key_prev_id INTEGER")
    if port.on_server(conn):
        return
    newest: dict[str, dict[bytes, int]] = {}  # key -> its latest events' links -> id
    after = 0
    while rows := conn.execute("SELECT id, station_key, hash, key_link FROM events WHERE "
                               "id > ? AND station_key IS NOT NULL ORDER BY id LIMIT 20000",
                               (after,)).fetchall():
        hints = []
        for event_id, key, digest, link in rows:
            links = newest.setdefault(key, {})
            if link is not None and bytes(link) in links:
                hints.append((links[bytes(link)], event_id))
            if digest:
                prefix = bytes(digest)[:LINK_BYTES]
                links.pop(prefix, None)
                links[prefix] = event_id  # (the newest of a link last: the walk's choice)
                while len(links) > 16:  # (a chain passes over a few planted events at most)
                    links.pop(next(iter(links)))
        conn.executemany("UPDATE events SET key_prev_id = ? WHERE id = ?", hints)
        after = rows[-1][0]


add_key_prev_hint.on_server = True  # type: ignore[attr-defined]  # (plain SQL both engines read)

#: A step is SQL, or a function of the connection for work SQL cannot do (hashing).
Migration = str | Callable[[Connection], None]

#: Migration: the Standar Pelayanan's "penanganan pengaduan, saran dan masukan"
#: (PermenPANRB 15/2014). NULL in the rows already there, as in their signed images, so
#: they reconcile without a new event; ``office.service_from_row`` reads NULL as "".
STANDAR_PELAYANAN_PENGADUAN: list = [
    "ALTER TABLE services ADD COLUMN penanganan_pengaduan TEXT",
]
