"""Audit trail (issue #12): verifying the whole chain of a five-year database.

The synthetic office: 1,250 office days (five years of working days), 100 visitors a
day, five events per visit (issued, called, serving, finished, survey/other), written
by five registered stations, every event chained and signed with real Ed25519 keys:
625,000 events. ``check_chain_5y_s`` is the time ``verify_chain`` takes on it (local
file); the target is <= 10 s.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import fresh_db

DAYS = 1_250
VISITS_PER_DAY = 100
KINDS = ("issued", "called", "serving", "finished", "survey_submitted")


def _fill(path: Path, days: int) -> int:
    from ult_desktop.app.station_key import create_key
    from ult_desktop.db.audit import KEY_REGISTERED
    from ult_desktop.db.events import GENESIS, LINK_BYTES, event_hash, sig_message

    folder = Path(tempfile.mkdtemp(prefix="ult-bench-keys-"))
    keys = [create_key(folder / f"k{i}")[0] for i in range(5)]
    labels = ["admin-pc", "kiosk", "loket-1", "loket-2", "loket-3"]
    conn = sqlite3.connect(path)
    prev, key_last, rows = GENESIS, {}, []

    def add(kind, key, label, at, data, ticket=None, number=None, counter=None, actor=None):
        nonlocal prev
        kp = key_last.get(key.key_id, GENESIS)
        fields = (kind, ticket, number, number[0] if number else None, counter, label, at,
                  json.dumps(data), actor, key.key_id)
        digest = event_hash(prev, kp, fields)
        rows.append((*fields, prev[:LINK_BYTES], kp[:LINK_BYTES], digest,
                     key.sign(sig_message(digest))))
        prev, key_last[key.key_id] = digest, digest

    t0 = datetime(2021, 1, 4, 1, tzinfo=timezone.utc)
    for key, label in zip(keys, labels, strict=True):
        add(KEY_REGISTERED, keys[0], "admin-pc", t0.isoformat(),
            {"key": key.key_id, "public_key": key.public_key.hex(), "label": label},
            actor="admin")
    ticket = 0
    for day in range(days):
        for visit in range(VISITS_PER_DAY):
            ticket += 1
            number = f"{'ABC'[visit % 3]}-{visit + 1:03d}"
            counter = visit % 3 + 2
            for step, kind in enumerate(KINDS):
                at = (t0 + timedelta(days=day, minutes=visit * 4 + step)).isoformat(
                    timespec="microseconds")
                key = keys[1] if step == 0 else keys[counter]
                add(kind, key, labels[1] if step == 0 else labels[counter], at, {}, ticket,
                    number, None if step == 0 else counter - 1, None if step == 0 else "sari")
        if len(rows) > 50_000:
            _flush(conn, rows)
    _flush(conn, rows)
    conn.close()
    return ticket * len(KINDS) + len(keys)


def _flush(conn: sqlite3.Connection, rows: list) -> None:
    conn.executemany(
        "INSERT INTO events (kind, ticket_id, ticket_number, service_prefix, counter_number, "
        "station, at, data, actor, station_key, prev_link, key_link, hash, sig) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    rows.clear()


def check_chain(quick: bool) -> dict:
    from ult_desktop.db.audit import verify_chain
    from ult_desktop.db.connection import Database

    path = fresh_db()
    events = _fill(path, DAYS)
    db = Database.open(path, station="bench", mode="check")
    started = time.perf_counter()
    report = verify_chain(db)
    elapsed = time.perf_counter() - started
    db.close()
    if not report["ok"] or report["events"] != events:
        raise AssertionError(f"synthetic chain did not verify: {report['findings'][:3]}")
    return {"check_chain_5y_s": elapsed, "check_chain_5y_events": events,
            "check_chain_5y_file_mb": path.stat().st_size / 1e6}


def run(quick: bool) -> dict:
    return check_chain(quick)


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=1))
