"""The reports find a ticket's issue event through the ticket row (``tickets.issue_event``),
not through an index every issued ticket had to write (the fewer_index_pages migration)."""

from __future__ import annotations

import sqlite3

from ult_desktop.db.open import open_database
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas.schema import MIGRATIONS, apply_statements, version_after


def test_a_new_ticket_row_names_its_issue_event(db_path):
    db = open_database(db_path, station="kiosk", mode="kiosk")
    tickets = [issue_ticket(db, service="A") for _ in range(3)]
    rows = db.query("SELECT t.id, t.issue_event, e.kind, e.ticket_id FROM tickets t "
                    "JOIN events e ON e.id = t.issue_event ORDER BY t.id")
    db.close()
    assert [r[0] for r in rows] == [t.id for t in tickets]
    assert all(r["kind"] == "issued" and r["ticket_id"] == r["id"] for r in rows)


def test_the_fewer_index_pages_migration_fills_in_the_first_and_last_ticket_of_every_day(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    conn.execute("BEGIN")
    for statements in MIGRATIONS[:version_after("back_office_desk")]:
        apply_statements(conn, statements)
    conn.execute("INSERT INTO services (id, prefix, name) VALUES (1, 'A', 'Umum')")
    for n, day in enumerate(["2026-01-05"] * 3 + ["2026-01-06"] * 2, start=1):
        conn.execute("INSERT INTO tickets (id, day, prefix, seq, number, code, service_id, "
                     "state, issued_at, sort_at, station) VALUES (?, ?, 'A', ?, ?, ?, 1, "
                     "'done', 'x', 'x', 'k')", (n, day, n, f"A-{n:03d}", f"C{n}"))
        conn.execute("INSERT INTO events (kind, ticket_id, station, at) VALUES ('called', ?, "
                     "'k', 'x')", (n,))
        conn.execute("INSERT INTO events (kind, ticket_id, station, at) VALUES ('issued', ?, "
                     "'k', 'x')", (n,))
    apply_statements(conn, MIGRATIONS[version_after("fewer_index_pages") - 1])
    conn.execute("COMMIT")
    got = dict(conn.execute("SELECT id, issue_event FROM tickets"))
    issued = dict(conn.execute("SELECT ticket_id, id FROM events WHERE kind = 'issued'"))
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    conn.close()
    assert got == {1: issued[1], 2: None, 3: issued[3], 4: issued[4], 5: issued[5]}
    assert not {"events_ticket", "events_ticket_issued", "events_station_key"} & indexes

