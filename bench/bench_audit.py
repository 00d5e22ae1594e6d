"""Audit trail: verifying the whole chain of a five-year database.

The synthetic office: 1,250 office days (five years of working days), 100 visitors a
day, five events per visit (issued, called, serving, finished, survey/other), written
by five registered stations, every event chained and signed with real Ed25519 keys:
625,000 events. ``check_chain_5y_s`` is the time ``verify_chain`` takes on it (local
file); the target is <= 10 s.

The events carry the row images the app writes (``db.projection``): the
ticket's insert, its call, serving and finish; the survey's spent code and its count; the
tables hold the rows those images describe. ``check_reconcile_5y_s`` is the time
``reconcile`` takes to replay them and compare every row (target <= 10 s; a log this long
is replayed by two processes, ``db.record.reconcile``).
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
    from ult_desktop.core.chain import GENESIS, LINK_BYTES, compact_json, event_hash, sig_message
    from ult_desktop.core.verifier import KEY_REGISTERED

    folder = Path(tempfile.mkdtemp(prefix="ult-bench-keys-"))
    keys = [create_key(folder / f"k{i}")[0] for i in range(5)]
    labels = ["admin-pc", "kiosk", "loket-1", "loket-2", "loket-3"]
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    prev, key_last, rows = bytes(last[0]) if last else GENESIS, {}, []
    tickets, codes, responses = [], [], []

    def add(kind, key, label, at, data, ticket=None, number=None, counter=None, actor=None,
            images=None):
        nonlocal prev
        kp = key_last.get(key.key_id, GENESIS)
        fields = (kind, ticket, number, number[0] if number else None, counter, label, at,
                  json.dumps(data), actor, key.key_id)
        text = compact_json(images) if images is not None else None
        digest = event_hash(prev, kp, fields, text)
        rows.append((*fields, prev[:LINK_BYTES], kp[:LINK_BYTES], digest,
                     key.sign(sig_message(digest)), text))
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
            prefix = "ABC"[visit % 3]
            number = f"{prefix}-{visit + 1:03d}"
            counter = visit % 3 + 2
            day_iso = (t0 + timedelta(days=day)).date().isoformat()
            row = {"id": ticket, "day": day_iso, "prefix": prefix, "seq": visit + 1,
                   "number": number, "code_hash": f"{ticket:064x}", "service_id": visit % 3 + 1,
                   "priority": 0, "state": "waiting", "channel": "walk_in",
                   "transfer_count": 0, "station": "kiosk"}
            for step, kind in enumerate(KINDS):
                at = (t0 + timedelta(days=day, minutes=visit * 4 + step)).isoformat(
                    timespec="microseconds")
                key = keys[1] if step == 0 else keys[counter]
                key_ = [ticket]
                if step == 0:
                    row.update(issued_at=at, sort_at=at)
                    change = {}
                    images = [["i", "tickets", key_, dict(row)]]
                elif step == 1:
                    change = {"state": "called", "called_at": at, "first_called_at": at,
                              "counter_number": counter - 1, "officer_id": 2}
                    images = [["u", "tickets", key_, change]]
                elif step == 2:
                    change = {"state": "serving", "serving_at": at}
                    images = [["u", "tickets", key_, change]]
                elif step == 3:
                    change = {"state": "done", "finished_at": at, "outcome": "answered"}
                    images = [["u", "tickets", key_, change]]
                else:
                    code = f"{ticket:064x}"
                    codes.append((code,))
                    responses.append((ticket, row["service_id"], day_iso[:7], "tablet"))
                    change = {}
                    images = [["i", "skm_spent_codes", [code], {"code_hash": code}],
                              ["n", "skm_responses", [row["service_id"], day_iso[:7],
                                                       "tablet"]]]
                row.update(change)
                add(kind, key, labels[1] if step == 0 else labels[counter], at, {}, ticket,
                    number, None if step == 0 else counter - 1, None if step == 0 else "sari",
                    images=images)
            tickets.append(dict(row))
        if len(rows) > 50_000:
            _flush(conn, rows, tickets, codes, responses)
    _flush(conn, rows, tickets, codes, responses)
    conn.close()
    return ticket * len(KINDS) + len(keys)


_TICKET_COLUMNS = ("id", "day", "prefix", "seq", "number", "code_hash", "service_id", "priority",
                   "state", "channel", "issued_at", "sort_at", "called_at", "serving_at",
                   "finished_at", "counter_number", "officer_id", "outcome", "transfer_count",
                   "station", "first_called_at")


def _flush(conn: sqlite3.Connection, rows: list, tickets: list | None = None,
           codes: list | None = None, responses: list | None = None) -> None:
    conn.executemany(
        "INSERT INTO events (kind, ticket_id, ticket_number, service_prefix, counter_number, "
        "station, at, data, actor, station_key, prev_link, key_link, hash, sig, rows) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    if tickets:
        conn.executemany(f"INSERT INTO tickets ({', '.join(_TICKET_COLUMNS)}) VALUES "
                         f"({', '.join('?' * len(_TICKET_COLUMNS))})",
                         [tuple(t.get(c) for c in _TICKET_COLUMNS) for t in tickets])
        tickets.clear()
    if codes:
        conn.executemany("INSERT INTO skm_spent_codes (code_hash) VALUES (?)", codes)
        codes.clear()
    if responses:
        conn.executemany("INSERT INTO skm_responses (id, service_id, period, source, a1, a2, "
                         "a3, a4, a5, a6, a7, a8, a9) VALUES (?,?,?,?,3,3,3,3,3,3,3,3,3)",
                         responses)
        responses.clear()
    top = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
    conn.execute(f"PRAGMA application_id = {int(top)}")
    conn.commit()
    rows.clear()


def check_chain(quick: bool) -> dict:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.audit import verify_chain
    from ult_desktop.db.record.reconcile import reconcile

    path = fresh_db()
    before = _count(path)
    events = _fill(path, DAYS // 25 if quick else DAYS) + before
    db = open_database(path, station="bench", mode="check")
    started = time.perf_counter()
    report = verify_chain(db)
    elapsed = time.perf_counter() - started
    if not report["ok"] or report["events"] != events:
        raise AssertionError(f"synthetic chain did not verify: {report['findings'][:3]}")
    started = time.perf_counter()
    result = reconcile(db)
    reconciled = time.perf_counter() - started
    db.close()
    if not result["ok"]:
        raise AssertionError(f"synthetic file did not reconcile: {result['differences'][:3]}")
    suffix = "_quick" if quick else ""
    return {f"check_chain_5y_s{suffix}": elapsed, f"check_chain_5y_events{suffix}": events,
            f"check_reconcile_5y_s{suffix}": reconciled,
            f"check_chain_5y_file_mb{suffix}": path.stat().st_size / 1e6}


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def run(quick: bool) -> dict:
    return check_chain(quick)


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=1))
