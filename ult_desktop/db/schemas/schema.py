"""Schema and named migrations, their count tracked in ``PRAGMA user_version``.

A newer station migrates an older file once, under the write lock; an older station
opens a newer file read-only (``Database.too_new``) and refuses to write.
To change the schema, append a migration; never edit one that has shipped."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from ult_desktop.core.verifier import KEY_REVOKED
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.events import JUDGED_EVENTS, chain_legacy
from ult_desktop.db.schemas.schema_steps import (
    SKM_RESPONSES_V20,
    STANDAR_PELAYANAN_PENGADUAN,
    Migration,
    add_key_prev_hint,
    add_priority_group,
    events_without_autoincrement,
    hash_ticket_codes,
    hash_visit_codes,
    projection_baseline,
    rebuild_tickets,
    unlink_skm_responses,
)

#: References migration one_write_few_pages no longer declares (a parent lookup per insert,
#: for rows never deleted); ``check`` still looks for broken ones.
UNDECLARED_REFERENCES = (("tickets", "service_id", "services"), ("tickets", "officer_id", "officers"),
                     ("register_records", "service_id", "services"),
                     ("register_records", "officer_id", "officers"),
                     ("tickets", "record_id", "register_records"))

#: The migrations by name, in order: the file after the *n*-th has schema version *n*
#: (what ``user_version``, or the server's meta row, stores). Code, tests and messages
#: name a migration; append a new one, never rename or reorder a shipped one.
NAMED_MIGRATIONS: dict[str, list[Migration]] = {
    # 1: office, queue, event log, stations
    "office_queue_log_stations": [
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL            -- JSON
        )""",
        """CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            prefix TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_en TEXT,
            description TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT '#1565c0',
            active INTEGER NOT NULL DEFAULT 1,
            sort_order INTEGER NOT NULL DEFAULT 0,
            daily_quota INTEGER,           -- NULL: no quota
            opens TEXT,                    -- 'HH:MM' local; NULL: office hours
            closes TEXT,
            target_wait_min INTEGER NOT NULL DEFAULT 15,
            target_service_min INTEGER NOT NULL DEFAULT 5,
            target_resolution_days INTEGER NOT NULL DEFAULT 1,
            persyaratan TEXT NOT NULL DEFAULT '',
            prosedur TEXT NOT NULL DEFAULT '',
            biaya TEXT NOT NULL DEFAULT 'Tidak dipungut biaya',
            produk TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE counters (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            service_ids TEXT NOT NULL DEFAULT '[]',   -- JSON list of services.id
            priority_counter INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            officer_id INTEGER REFERENCES officers(id)
        )""",
        """CREATE TABLE officers (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN
                ('front_office','back_office','helpdesk','supervisor','admin')),
            pin_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                 -- office day, ISO date, office time zone
            prefix TEXT NOT NULL,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,         -- random code for QR / survey / reprint
            service_id INTEGER NOT NULL REFERENCES services(id),
            priority INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'walk_in',
            issued_at TEXT NOT NULL,           -- UTC ISO-8601, issuing station's clock
            sort_at TEXT NOT NULL,             -- fairness order; transfers keep it
            called_at TEXT, serving_at TEXT, finished_at TEXT,
            counter_number INTEGER,
            officer_id INTEGER REFERENCES officers(id),
            outcome TEXT,
            target_counter INTEGER,
            target_officer_id INTEGER,
            transfer_count INTEGER NOT NULL DEFAULT 0,
            print_status TEXT,                 -- NULL (not printed), 'printed', 'failed'
            print_error TEXT,
            station TEXT NOT NULL,
            UNIQUE (day, prefix, seq)
        )""",
        "CREATE INDEX tickets_day_state ON tickets (day, state)",
        "CREATE INDEX tickets_day_number ON tickets (day, number)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of the feed: never by time
            kind TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id),
            ticket_number TEXT,
            service_prefix TEXT,
            counter_number INTEGER,
            station TEXT NOT NULL,
            at TEXT NOT NULL,                  -- UTC, the writing station's clock
            data TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX events_ticket ON events (ticket_id)",
        """CREATE TABLE stations (
            id TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            version TEXT NOT NULL,
            clock TEXT NOT NULL,               -- the station's own UTC clock at heartbeat
            printer_state TEXT,
            detail TEXT NOT NULL DEFAULT '{}',
            seen_event INTEGER
        )""",
    ],
    # 2: SKM survey responses (PermenPANRB 14/2017), one per served ticket (db/survey/skm.py)
    "skm_responses": [
        """CREATE TABLE skm_responses (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            day TEXT NOT NULL,                 -- office day of the answer, ISO date
            a1 INTEGER NOT NULL CHECK (a1 BETWEEN 1 AND 4),
            a2 INTEGER NOT NULL CHECK (a2 BETWEEN 1 AND 4),
            a3 INTEGER NOT NULL CHECK (a3 BETWEEN 1 AND 4),
            a4 INTEGER NOT NULL CHECK (a4 BETWEEN 1 AND 4),
            a5 INTEGER NOT NULL CHECK (a5 BETWEEN 1 AND 4),
            a6 INTEGER NOT NULL CHECK (a6 BETWEEN 1 AND 4),
            a7 INTEGER NOT NULL CHECK (a7 BETWEEN 1 AND 4),
            a8 INTEGER NOT NULL CHECK (a8 BETWEEN 1 AND 4),
            a9 INTEGER NOT NULL CHECK (a9 BETWEEN 1 AND 4),
            suggestion TEXT,                   -- saran, optional free text
            anonymous INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,          -- UTC, the answering station's clock
            station TEXT NOT NULL
        )""",
        "CREATE INDEX skm_responses_day ON skm_responses (day)",
    ],
    # 3: service register (digital guest book) and escalation cases (db/visit/register.py, cases.py)
    "register_and_cases": [
        """CREATE TABLE register_records (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER UNIQUE REFERENCES tickets(id),  -- NULL: phone / online
            channel TEXT NOT NULL CHECK (channel IN ('walk_in', 'phone', 'online')),
            day TEXT NOT NULL,                 -- office day of the visit / call, ISO date
            service_id INTEGER NOT NULL REFERENCES services(id),
            officer_id INTEGER REFERENCES officers(id),
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
            station TEXT NOT NULL
        )""",
        "CREATE INDEX register_records_day ON register_records (day)",
        """CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            record_id INTEGER NOT NULL UNIQUE REFERENCES register_records(id),
            escalated_to TEXT NOT NULL CHECK (escalated_to IN ('back_office', 'unit_utama')),
            unit TEXT,                         -- unit utama / unit terkait named
            state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
            opened_at TEXT NOT NULL,
            opened_by INTEGER REFERENCES officers(id),
            due_day TEXT NOT NULL,             -- ISO date, in working days from opening
            reschedule_count INTEGER NOT NULL DEFAULT 0,
            reschedule_reason TEXT,
            answer TEXT, answered_at TEXT, answered_by INTEGER REFERENCES officers(id),
            callback_needed INTEGER NOT NULL DEFAULT 0,   -- perlu dihubungi kembali
            callback_attempts INTEGER NOT NULL DEFAULT 0,
            callback_done_at TEXT, callback_note TEXT,
            closed_at TEXT, closed_by INTEGER REFERENCES officers(id)
        )""",
        "CREATE INDEX cases_state_due ON cases (state, due_day)",
    ],
    # 4: idempotent issuing: a retried request (reply lost on a flaky share) finds its
    #    ticket instead of making a second one
    "idempotent_issuing": [
        "ALTER TABLE tickets ADD COLUMN request_id TEXT",
        "CREATE UNIQUE INDEX tickets_request ON tickets (request_id) "
        "WHERE request_id IS NOT NULL",
    ],
    # 5: tamper-evident audit: who acted, from which registered station, chained and
    #    signed (db/record/events.py writes, db/record/audit.py verifies). Events already in
    #    the file are chained here as "legacy, unsigned".
    "signed_audit_chain": [
        "ALTER TABLE events ADD COLUMN actor TEXT",        # officer username; NULL: none
        "ALTER TABLE events ADD COLUMN station_key TEXT",  # key id of the signer; NULL: unsigned
        "ALTER TABLE events ADD COLUMN prev_link BLOB",    # first 8 bytes of the previous hash
        "ALTER TABLE events ADD COLUMN key_link BLOB",     # ... of this key's previous event
        "ALTER TABLE events ADD COLUMN hash BLOB",         # SHA-256, see db/record/events.py
        "ALTER TABLE events ADD COLUMN sig BLOB",          # Ed25519 signature of the hash
        "CREATE INDEX events_station_key ON events (station_key, id) "
        "WHERE station_key IS NOT NULL",
        # Keys stations asked to have registered, and the admin's decision. The chain's
        # station_key_registered events are what `check` trusts; this table is the
        # admin page's view of them (a rewrite here is reported as such).
        """CREATE TABLE station_keys (
            key_id TEXT PRIMARY KEY,           -- first 16 hex digits of SHA-256(public key)
            public_key BLOB NOT NULL,          -- raw Ed25519 public key (32 bytes)
            label TEXT NOT NULL,               -- the station's name when it asked
            state TEXT NOT NULL CHECK (state IN ('pending', 'registered', 'revoked')),
            requested_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT,                   -- admin username
            event_id INTEGER                   -- the station_key_registered event
        )""",
        chain_legacy,
    ],
    # 6: PIN policy: failed-login lockout kept in the shared file
    "pin_lockout": [
        """CREATE TABLE pin_lockouts (
            subject TEXT PRIMARY KEY,          -- username, or 'kiosk:<station>' (PIN only)
            failures INTEGER NOT NULL DEFAULT 0,   -- wrong PINs since the last success/lock
            lockouts INTEGER NOT NULL DEFAULT 0,   -- locks since the last success (doubling)
            locked_until TEXT,                 -- ISO 8601 UTC; NULL or past: not locked
            last_failed_at TEXT
        )""",
        # 1: the PIN was found below the policy at a login (set before the policy existed)
        "ALTER TABLE officers ADD COLUMN pin_weak INTEGER NOT NULL DEFAULT 0",
    ],
    # 7: anonymous SKM: responses unlinked from tickets, respondent profile, spent codes,
    #    follow-up plan (db/survey/skm.py)
    "anonymous_skm": [
        # no ticket, officer, station or exact time; the id is random (db/survey/skm.py)
        """CREATE TABLE skm_responses_v7 (
            id INTEGER PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services(id),
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
            source TEXT NOT NULL CHECK (source IN ('kiosk', 'tablet', 'paper', 'phone')),
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
            occupation TEXT
        )""",
        # Tickets whose survey is done: a code hash (core.skm.spent_code_hash), nothing else, no rowid.
        "CREATE TABLE skm_spent_codes (code_hash TEXT PRIMARY KEY) WITHOUT ROWID",
        unlink_skm_responses,
        "DROP TABLE skm_responses",
        "ALTER TABLE skm_responses_v7 RENAME TO skm_responses",
        "CREATE INDEX skm_responses_period ON skm_responses (period, service_id)",
        # Rencana tindak lanjut: what the office does about a weak unsur.
        """CREATE TABLE skm_followups (
            id INTEGER PRIMARY KEY,
            report_period TEXT NOT NULL,       -- '2026', '2026-S1': the report it answers
            service_id INTEGER REFERENCES services(id),   -- NULL: the whole office
            element INTEGER NOT NULL CHECK (element BETWEEN 1 AND 9),
            action TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            target_period TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX skm_followups_period ON skm_followups (report_period)",
    ],
    # 8: back-office desk: handovers and SOP steps (db/visit/handover.py)
    "back_office_desk": [
        """CREATE TABLE handovers (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('consultation', 'escalation', 'transfer')),
            ticket_id INTEGER REFERENCES tickets(id),
            record_id INTEGER REFERENCES register_records(id),
            case_id INTEGER REFERENCES cases(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            channel TEXT NOT NULL DEFAULT 'walk_in',
            day TEXT NOT NULL,                 -- office day it was sent, ISO date
            from_officer INTEGER REFERENCES officers(id),   -- front office, gets it back
            to_officer INTEGER REFERENCES officers(id),     -- NULL: any back office
            taken_by INTEGER REFERENCES officers(id),
            state TEXT NOT NULL CHECK (state IN ('sent', 'taken', 'coordinating',
                                                 'answered', 'returned', 'explained')),
            question TEXT NOT NULL DEFAULT '',
            unit TEXT,                         -- unit utama coordinated with
            disposition TEXT,
            explain_mode TEXT,                 -- in_person / callback
            served_at TEXT,                    -- FO started serving (start of step 10)
            sent_at TEXT NOT NULL, taken_at TEXT, coordinating_at TEXT, answered_at TEXT,
            returned_at TEXT, explained_at TEXT   -- UTC, the acting station's clock
        )""",
        "CREATE INDEX handovers_state ON handovers (state, to_officer)",
        "CREATE INDEX handovers_day ON handovers (day)",
        """CREATE TABLE sop_targets (          -- mutu baku per service (core/sop.py)
            service_id INTEGER NOT NULL REFERENCES services(id),
            step TEXT NOT NULL,
            value INTEGER NOT NULL CHECK (value >= 0),
            PRIMARY KEY (service_id, step)
        )""",
    ],
    # 9: fewer pages per action on a slow share (each index is a page journaled and
    #    written by each insert), and a retry key for phone/online records
    "fewer_index_pages": [
        "DROP INDEX IF EXISTS tickets_day_number",
        # the reports bound their scan of the log by a day's first and last issue event
        "ALTER TABLE tickets ADD COLUMN issue_event INTEGER",
        "UPDATE tickets SET issue_event = (SELECT MIN(e.id) FROM events e "
        "WHERE e.ticket_id = tickets.id AND e.kind = 'issued') WHERE id IN "
        "(SELECT MAX(id) FROM tickets GROUP BY day UNION SELECT MIN(id) FROM tickets "
        "GROUP BY day)",
        "DROP INDEX IF EXISTS events_ticket_issued",
        "CREATE INDEX IF NOT EXISTS events_ticket_called ON events (ticket_id) "
        "WHERE kind = 'called'",
        "DROP INDEX IF EXISTS events_ticket",
        # a phone/online record saved again after a lost reply updates the first one
        "ALTER TABLE register_records ADD COLUMN request_id TEXT",
        "CREATE UNIQUE INDEX register_records_request ON register_records (request_id) "
        "WHERE request_id IS NOT NULL",
        # The key sub-chain without an index every signed event writes (db/record/events.py):
        # each key's newest event up to the id in row '*', moved forward by heartbeats.
        """CREATE TABLE IF NOT EXISTS chain_heads (
            key_id TEXT PRIMARY KEY,           -- station key id, or '*'
            event_id INTEGER NOT NULL          -- its newest event; '*': complete up to here
        ) WITHOUT ROWID""",
        "INSERT OR REPLACE INTO chain_heads (key_id, event_id) SELECT station_key, MAX(id) "
        "FROM events WHERE station_key IS NOT NULL GROUP BY station_key",
        "INSERT OR REPLACE INTO chain_heads (key_id, event_id) "
        "SELECT '*', COALESCE(MAX(id), 0) FROM events",
        "DROP INDEX IF EXISTS events_station_key",
    ],
    # 10: one write, as few pages as bare SQLite: the indexes an insert or a state change
    #     need not touch go, and event ids no longer write sqlite_sequence
    "one_write_few_pages": [
        rebuild_tickets,
        "CREATE UNIQUE INDEX tickets_request ON tickets (request_id) "
        "WHERE request_id IS NOT NULL",
        "CREATE INDEX register_records_day ON register_records (day)",
        "CREATE UNIQUE INDEX register_records_request ON register_records (request_id) "
        "WHERE request_id IS NOT NULL",
        "DROP INDEX IF EXISTS events_ticket_called",
        events_without_autoincrement,
    ],
    # 11: the record is the signed events: each carries the images of the rows its
    #     transaction wrote (db/record/projection.py); the rows already there: a baseline
    "record_is_signed_events": [
        "ALTER TABLE events ADD COLUMN rows TEXT",
        projection_baseline,
    ],
    # 12: the priority group on the ticket (see add_priority_group)
    "priority_group": [add_priority_group],
    # 13: what each visitor came for: informasi, konsultasi, pengaduan or
    #     permohonan, as SOP 003 names the requests; older records stay NULL (not noted)
    "request_type": [
        "ALTER TABLE register_records ADD COLUMN request_type TEXT",
    ],
    # 14: Standar Pelayanan: penanganan pengaduan, saran dan masukan
    "standar_pelayanan_pengaduan": STANDAR_PELAYANAN_PENGADUAN,
    # 15: the survey that cannot be stuffed or unmasked: keyed code hashes, a role in
    #     every key registration, numbered paper sheets tied to service and month only
    "unstuffable_survey": [
        hash_ticket_codes,
        "ALTER TABLE station_keys ADD COLUMN role TEXT",
        """CREATE TABLE skm_paper_sheets (    -- SKM paper/phone sheet numbers per month
            period TEXT NOT NULL,              -- 'YYYY-MM'
            sheet_no INTEGER NOT NULL CHECK (sheet_no > 0),
            service_id INTEGER NOT NULL,       -- services(id)
            source TEXT NOT NULL,              -- paper / phone
            PRIMARY KEY (period, sheet_no)
        ) WITHOUT ROWID""",
    ],
    # 16: the kiosk never waits for the share: it holds a few numbers of each prefix and
    #     issues from them on its own disk; only live ranges are kept (one page)
    "kiosk_held_numbers": [
        """CREATE TABLE number_reserves (      -- numbers a kiosk holds
            day TEXT NOT NULL,                 -- office day 'YYYY-MM-DD'
            prefix TEXT NOT NULL,              -- ticket prefix (service or priority)
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            first_id INTEGER NOT NULL,         -- ticket id of first_seq; ids run with seq
            station TEXT NOT NULL,             -- the kiosk holding them
            PRIMARY KEY (day, prefix, first_seq)
        ) WITHOUT ROWID""",
    ],
    # 17: a counter on a break, with its reason. Only the breaks going on
    #     now (one page, read by every call and routing); the log keeps each break.
    "counter_breaks": [
        """CREATE TABLE counter_pauses (       -- counters paused now
            counter INTEGER PRIMARY KEY,       -- counters(number)
            reason TEXT NOT NULL,              -- core.queue.PAUSE_REASONS
            note TEXT,                         -- the officer's words for 'other'
            officer_id INTEGER,                -- who paused it
            since TEXT NOT NULL                -- UTC ISO
        ) WITHOUT ROWID""",
    ],
    # 18: when a ticket was sent to a counter or officer (back after route_wait_min)
    "routed_at": ["ALTER TABLE tickets ADD COLUMN routed_at TEXT"],
    # 19: a service's own priority rule ("per service where needed"); NULL:
    #     the office's (settings.priority_order)
    "service_priority_order": ["ALTER TABLE services ADD COLUMN priority_order TEXT"],
    # 20: officers as the office knows them, and who stands in for whom ("dengan surat
    #     penugasan"): read, never copied, ending by itself
    "officers_and_standins": [
        "ALTER TABLE officers ADD COLUMN nip TEXT",
        "ALTER TABLE officers ADD COLUMN jabatan TEXT",
        "ALTER TABLE officers ADD COLUMN unit TEXT",     # helpdesk category / work unit
        # a complaint's SP4N-LAPOR! tracking ID (its clocks: core.evidence)
        "ALTER TABLE register_records ADD COLUMN lapor_id TEXT",
        # a phone or online requester's survey code, keyed hash (db.survey.skm.remote_survey_code)
        "ALTER TABLE register_records ADD COLUMN code_hash TEXT",
        # their answers count as source 'online' (or 'phone'), and the optional SPAK items
        # go with the answer: the table again, the rows as they are (ids, order, content)
        SKM_RESPONSES_V20,
        "INSERT INTO skm_responses_v20 (id, service_id, period, source, a1, a2, a3, a4, a5, "
        "a6, a7, a8, a9, suggestion, gender, age_band, education, occupation) SELECT id, "
        "service_id, period, source, a1, a2, a3, a4, a5, a6, a7, a8, a9, suggestion, gender, "
        "age_band, education, occupation FROM skm_responses",
        "DROP TABLE skm_responses",
        "ALTER TABLE skm_responses_v20 RENAME TO skm_responses",
        "CREATE INDEX skm_responses_period ON skm_responses (period, service_id)",
        """CREATE TABLE standins (             -- penugasan
            id INTEGER PRIMARY KEY,
            absent_id INTEGER NOT NULL REFERENCES officers(id),
            standin_id INTEGER NOT NULL REFERENCES officers(id),
            first_day TEXT NOT NULL,           -- office days 'YYYY-MM-DD', both included
            last_day TEXT NOT NULL,
            letter_no TEXT,                    -- NULL: given orally ("lisan", SOP 000)
            letter_date TEXT,
            created_by TEXT,                   -- the admin or the Pimpinan who recorded it
            created_at TEXT NOT NULL
        )""",
    ],
    # 21: how the visitor is helped (core.priority.ASSISTS, joined by commas), and when
    #     an officer fetched a visitor served at the seat
    "visitor_assists": [
        "ALTER TABLE tickets ADD COLUMN assist TEXT",
        "ALTER TABLE tickets ADD COLUMN fetched_at TEXT",
    ],
    # 22: how many times a ticket was called since it last waited (NULL: never), and when
    #     a visitor marked missed reported back (re-enters after some numbers, once a day);
    #     a case's LAPOR! category
    "calls_and_missed_returns": [
        "ALTER TABLE tickets ADD COLUMN calls INTEGER",
        "ALTER TABLE tickets ADD COLUMN returned_at TEXT",
        # a LAPOR! report's category (core.evidence.LAPOR_DAYS): its deadline
        "ALTER TABLE cases ADD COLUMN lapor_category TEXT",
    ],
    # 23: a follow-up visit with a date (a rescheduled case, or an answer collected in
    #     person): its office day, window ('HH:MM' local) and the code on its slip; the
    #     ticket a follow-up visitor checked in with names its case
    "followup_visits": [
        "ALTER TABLE cases ADD COLUMN visit_day TEXT",
        "ALTER TABLE cases ADD COLUMN visit_opens TEXT",
        "ALTER TABLE cases ADD COLUMN visit_closes TEXT",
        "ALTER TABLE cases ADD COLUMN visit_code TEXT",
        "CREATE INDEX cases_visit_code ON cases (visit_code)",
        "ALTER TABLE tickets ADD COLUMN followup_case INTEGER",
    ],
    # 24: a visit's code kept as a keyed hash, as a ticket's survey code is
    "visit_codes_hashed": [hash_visit_codes],
    # 25: what the busiest paths look up, each through its own index (the "not today"
    #     papers, a visit's handovers, a service's last finished visits), not its table
    "hot_path_indexes": [
        "CREATE INDEX IF NOT EXISTS events_told_not_today ON events (ticket_id) "
        "WHERE kind = 'printed' AND data LIKE '%\"not_today\"%'",
        "CREATE INDEX IF NOT EXISTS handovers_ticket ON handovers (ticket_id)",
        "CREATE INDEX IF NOT EXISTS tickets_done_service ON tickets (service_id, id) "
        "WHERE state = 'done'",
    ],
    # 26: the events a station's judged state plays through their own index (a start
    #     read two months of the log: 38 s on a share)
    "judged_events_index": [
        f"CREATE INDEX IF NOT EXISTS events_judged ON events (id) WHERE {JUDGED_EVENTS}",
    ],
    # 27: the root's revocations of keys, read by every station's LAN trust (a scan of the
    #     log by kind: a kiosk's ticket landed in 27 s instead of 0.9 on a 10 ms share)
    "key_revocations_index": [
        f"CREATE INDEX IF NOT EXISTS events_key_revoked ON events (id) "
        f"WHERE kind = '{KEY_REVOKED}'",
    ],
    # 28: each signed event names its key's previous event (a hint, not hashed): a station
    #     judging an act finds what it links to in one read, not by walking the log back
    #     (a kiosk's first ticket after months of others' events: 20 s on a 10 ms share)
    "key_prev_hint": [add_key_prev_hint],
}
MIGRATION_NAMES = tuple(NAMED_MIGRATIONS)
MIGRATIONS: list[list[Migration]] = list(NAMED_MIGRATIONS.values())

SCHEMA_VERSION = len(MIGRATIONS)
#: Page size of new (and VACUUMed) office files: on a share each B-tree level is a round
#: trip per lookup, and 8 KB pages keep months of tickets and events a level shallower.
PAGE_SIZE = 8192


def apply_statements(conn: Connection, statements) -> None:
    """Run one migration's statements: SQL text, or a Python step taking the connection."""
    for statement in statements:
        if callable(statement):
            statement(conn)
        else:
            conn.execute(statement)


@contextlib.contextmanager
def schema_in_memory(version: int = SCHEMA_VERSION) -> Iterator[sqlite3.Connection]:
    """An in-memory SQLite database made by the first *version* migrations, in one
    transaction (the schema guard's expected schema, the server's DDL); closed after."""
    def build(conn: Connection) -> None:
        for statements in MIGRATIONS[:version]:
            apply_statements(conn, statements)

    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        port.in_transaction(mem, build, begin="BEGIN")
        yield mem
    finally:
        mem.close()


def migrate(conn: Connection) -> int:
    """Apply missing migrations inside the caller's write transaction; return the version.
    The version is read again under the lock: another station may have migrated."""
    current = port.schema_version(conn)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        apply_statements(conn, MIGRATIONS[version - 1])
        port.set_schema_version(conn, version)
    return max(current, SCHEMA_VERSION)


def version_after(name: str) -> int:
    """The schema version of a file once migration *name* has run.
    :raises ValueError: no migration has that name."""
    return MIGRATION_NAMES.index(name) + 1
