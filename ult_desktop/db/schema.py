"""Schema and numbered migrations, tracked in ``PRAGMA user_version``.

A newer station migrates an older file once, under the write lock; an older station
opens a newer file read-only (``Database.too_new``) and refuses to write.
To change the schema, append a migration; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[list[str]] = [
    # 1: office, queue, event log, stations
    [
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
    # 2: SKM survey responses (PermenPANRB 14/2017), one per served ticket (db/skm.py)
    [
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
    # 3: service register (digital guest book) and escalation cases (db/register.py, cases.py)
    [
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
    [
        "ALTER TABLE tickets ADD COLUMN request_id TEXT",
        "CREATE UNIQUE INDEX tickets_request ON tickets (request_id) "
        "WHERE request_id IS NOT NULL",
    ],
    # 5: tamper-evident audit: who acted, from which registered station, chained and
    #    signed (issue #12; db/audit.py)
    [],
    # 6: PIN policy: failed-login lockout kept in the shared file (issue #12)
    [],
    # 7: anonymous SKM: responses unlinked from tickets, respondent profile, spent codes,
    #    follow-up plan (issue #16; db/skm.py)
    [],
    # 8: back-office desk: handovers and SOP steps (issue #15; db/cases.py)
    [],
    # 9: fewer pages per action on a slow share: narrower indexes (issue #13), and a
    #    retry key for phone/online records (one save = one transaction). Every
    #    index is one more page journaled and written by each insert. tickets_day_number
    #    was never used (numbers are found through (day, prefix, seq)); events_ticket was
    #    written by every event but read only for 'issued' and 'called' events (reports):
    #    two partial indexes serve those, and finish, serving, register and print events
    #    touch no index at all.
    [
        "DROP INDEX IF EXISTS tickets_day_number",
        "CREATE INDEX IF NOT EXISTS events_ticket_issued ON events (ticket_id) "
        "WHERE kind = 'issued'",
        "CREATE INDEX IF NOT EXISTS events_ticket_called ON events (ticket_id) "
        "WHERE kind = 'called'",
        "DROP INDEX IF EXISTS events_ticket",
        # a phone/online record saved again after a lost reply updates the first one
        "ALTER TABLE register_records ADD COLUMN request_id TEXT",
        "CREATE UNIQUE INDEX register_records_request ON register_records (request_id) "
        "WHERE request_id IS NOT NULL",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply missing migrations inside the caller's write transaction; return the version.

    Re-reads the version under the lock: another station may have migrated meanwhile.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(current + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS[version - 1]:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    return max(current, SCHEMA_VERSION)
