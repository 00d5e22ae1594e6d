"""Admin figures on a real file holding a year of an office (tickets, events, register).

* ``admin_backup_s``: consistent backup with progress (``db.keeping.backup.backup_database``).
* ``admin_restore_s``: restore of that backup over the live file, kept copy included.
* ``admin_retention_s``: emptying the personal columns of the old register records.
* ``admin_audit_list_ms``: the audit page's query (newest 500 admin events).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from _common import fresh_db


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _fill(db, tickets: int) -> None:
    first = date(2025, 1, 2)

    def tx(conn):
        for i in range(tickets):
            day = (first + timedelta(days=i * 365 // tickets)).isoformat()
            conn.execute(
                "INSERT INTO tickets (day, prefix, seq, number, code_hash, service_id, state, "
                "issued_at, sort_at, station) VALUES (?, 'A', ?, ?, ?, 1, 'done', ?, ?, 'b')",
                (day, i + 1, f"A-{i + 1:03d}", f"C{i:07d}", day + "T01:00:00+00:00",
                 day + "T01:00:00+00:00"))
            conn.execute("INSERT INTO events (kind, ticket_id, station, at, data) "
                         "VALUES ('finished', ?, 'b', ?, '{}')", (i + 1, day))
            conn.execute(
                "INSERT INTO register_records (day, channel, service_id, visitor_name, phone, "
                "id_number, question, answer, created_at, updated_at, station) "
                "VALUES (?, 'walk_in', 1, 'Siti Aminah', '081234567890', '3374000000000001', "
                "'Kapan tunjangan cair?', 'Bulan depan', 'x', 'x', 'b')", (day,))
        for _ in range(tickets // 10):
            conn.execute("INSERT INTO events (kind, station, at, data) VALUES "
                         "('settings_changed', 'admin', '2025-06-01', '{\"keys\": [\"x\"]}')")

    db.write(tx)


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.db.house import officers
    from ult_desktop.db.keeping import backup
    from ult_desktop.db.open import open_database
    from ult_desktop.db.privacy import retention

    path = fresh_db()
    db = open_database(path, station="bench-admin", mode="admin")
    _fill(db, 2_000 if quick else 20_000)
    out = path.parent / "backup.db"
    figures = {"admin_backup_s": _seconds(lambda: backup.backup_database(
        db, out, progress=lambda done, total: None))}
    figures["admin_restore_s"] = _seconds(lambda: backup.restore_database(db, out))
    figures["admin_retention_s"] = _seconds(lambda: retention.purge_personal_data(
        db, months=6, now=None))
    figures["admin_audit_list_ms"] = _seconds(lambda: officers.audit_log(db, limit=500)) * 1000
    db.close()
    return figures
