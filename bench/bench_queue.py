"""Storage and queue engine: issuance throughput vs raw sqlite3, feed latency, idle CPU,
call-next latency on an empty database vs five years of history."""

from __future__ import annotations

import functools
import json
import multiprocessing as mp
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from _common import Stalled, collect, end_children, fresh_db, percentile, process

WRITERS = 8
#: the longest a bench waits on its workers (their start, their answers)
PATIENCE_S = 300


# -- issuance throughput ---------------------------------------------------------------
def _issue_worker(path: str, count: int, ready, go, out) -> None:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    db = open_database(path, station=f"w{mp.current_process().pid}", mode="kiosk")
    try:  # every event is signed by the station's key, as in an office
        from ult_desktop.app.station_key import create_key

        db.set_signer(create_key(Path(tempfile.mkdtemp(prefix="ult-key-")))[0])
    except ImportError:  # a version without station keys
        pass
    ready.put(1)
    _go(go)
    for _ in range(count):
        issue_ticket(db, service="A")
    out.put(time.time())


def _raw_worker(path: str, count: int, ready, go, out, signed: bool = False) -> None:
    """Bare sqlite3, one transaction a ticket. *signed*: the least the record needs per
    ticket: the ticket row with its number and one event row carrying the SHA-256 of
    the event before it and an Ed25519 signature over its own bytes (``cryptography``,
    as ours)."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA synchronous=FULL")
    ready.put(1)
    _go(go)
    for _ in range(count):
        conn.execute("BEGIN IMMEDIATE")
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM raw WHERE day = ?",
                           ("2026-01-05",)).fetchone()[0]
        ticket = conn.execute("INSERT INTO raw (day, seq, number) VALUES (?, ?, ?)",
                              ("2026-01-05", seq, f"A-{seq:03d}")).lastrowid
        if signed:
            prev = conn.execute("SELECT hash FROM raw_events ORDER BY id DESC LIMIT 1"
                                ).fetchone()
            body = json.dumps({"kind": "issued", "ticket": ticket, "number": f"A-{seq:03d}",
                               "at": datetime.now(timezone.utc).isoformat()},
                              separators=(",", ":")).encode()
            digest = hashlib.sha256((prev[0] if prev else b"") + body).digest()
            conn.execute("INSERT INTO raw_events (ticket_id, body, prev, hash, sig) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (ticket, body, prev[0] if prev else None, digest, key.sign(digest)))
        conn.execute("COMMIT")
    out.put(time.time())


def _go(go) -> None:
    """A worker waits for the start, not for ever (its parent gave up)."""
    if not go.wait(PATIENCE_S):
        raise SystemExit("no start")


def _throughput(target, path: str, per_writer: int) -> float:
    """Tickets a second of WRITERS processes at once, timed from the moment every one
    has started and opened the file (a start-up slowed by a busy PC is not issuing)."""
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    name = getattr(target, "func", target).__name__.strip("_")
    try:
        procs = [process(ctx, target, path, per_writer, ready, go, out)
                 for _ in range(WRITERS)]
        collect(ready, WRITERS, f"{name} start", procs, PATIENCE_S)
        start = time.time()
        go.set()
        ends = collect(out, WRITERS, name, procs, PATIENCE_S)
    finally:
        end_children()
    return WRITERS * per_writer / (max(ends) - start)


def _kiosk_worker(path: str, count: int, ready, go, out) -> None:
    """A kiosk as it issues: each touch takes a number its journal holds (local disk), a
    thread lands what was taken in one write (and claims more), as the kiosk's link
    does; a touch with nothing held waits for the next landing."""
    import threading

    from ult_desktop.app.station_key import create_key
    from ult_desktop.core.numbering import office_day, utc_now
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.db.journals.journal import KioskJournal
    from ult_desktop.db.open import open_database

    folder = Path(tempfile.mkdtemp(prefix="ult-kiosk-"))
    db = open_database(path, station=f"k{mp.current_process().pid}", mode="kiosk")
    key = create_key(folder)[0]
    db.set_signer(key)
    journal = KioskJournal(folder / "kiosk.journal", station=db.station, signer=key)
    zone = get_settings(db)["timezone"]
    journal.flush(db)  # the first claim, as at the kiosk's start
    wake, done = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    def today() -> str:
        return office_day(utc_now(), zone).isoformat()

    def land() -> None:
        # lands what waits, and claims more once the held numbers ran out (a write's
        # touches taken while it worked land with it, leaving nothing to land and no
        # number held: the kiosk's next write is the one that claims)
        try:
            while not (done.is_set() and not journal.waiting()[0]):
                wake.wait(0.05)
                wake.clear()
                ran_out = not done.is_set() and not journal.left(today()).get("A")
                if journal.waiting()[0] or ran_out:
                    journal.flush(db)
        except BaseException as exc:  # the touches stop with the reason
            failed.append(exc)

    lander = threading.Thread(target=land, daemon=True)
    ready.put(1)
    _go(go)
    lander.start()
    give_up = time.monotonic() + PATIENCE_S
    for i in range(count):
        while journal.take(day=today(), service="A", prefix="A",
                           request_id=f"{db.station}-{i}") is None:
            if failed or not lander.is_alive() or time.monotonic() > give_up:
                raise SystemExit(f"kiosk worker: no number after {i} touches: "
                                 f"{failed[0] if failed else 'none claimed'}")
            wake.set()
            time.sleep(0.002)
        wake.set()
    done.set()
    wake.set()
    lander.join(PATIENCE_S)
    if failed or lander.is_alive():
        raise SystemExit(f"kiosk worker: the last landing: {failed[0] if failed else 'stuck'}")
    out.put(time.time())


def kiosk_issuance(quick: bool) -> dict:
    """Tickets a second that reach the record when eight kiosks issue as the kiosk does
    (from held numbers, landed in batches), against bare sqlite3's one transaction per
    ticket: informative, beside ``issue_vs_raw_ratio`` (which issues on the share)."""
    per_writer = 25 if quick else 100
    ours = _throughput(_kiosk_worker, str(fresh_db()), per_writer)
    raw = _throughput(_raw_worker, str(_raw_file()), per_writer)
    return {"kiosk_issue_per_s": ours, "kiosk_issue_vs_raw_ratio": ours / raw}


def _raw_file() -> Path:
    """The bare writers' file, in the office file's format: rollback journal and the
    same page size (``schema.PAGE_SIZE``, chosen for the share: at 4 KB the bare writer
    would write half the bytes per commit for a reason that is not its work)."""
    from ult_desktop.db.schemas.schema import PAGE_SIZE

    path = Path(tempfile.mkdtemp(prefix="ult-raw-")) / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, day TEXT, seq INTEGER, "
                 "number TEXT, UNIQUE (day, seq))")
    conn.execute("CREATE TABLE raw_events (id INTEGER PRIMARY KEY, ticket_id INTEGER, "
                 "body BLOB, prev BLOB, hash BLOB, sig BLOB)")
    conn.close()
    return path


def issuance(quick: bool) -> dict:
    """Ours and bare sqlite3 run in turn, each on a new file; the full run takes three
    such pairs and gives their medians (on a busy PC bare sqlite3 alone has swung from
    250 to 550 tickets a second between runs: one pair says little)."""
    per_writer = 25 if quick else 100
    pairs = []
    for _ in range(1 if quick else 3):  # interleaved: ours, bare, bare signed, each fresh
        ours = _throughput(_issue_worker, str(fresh_db()), per_writer)
        raw = _throughput(_raw_worker, str(_raw_file()), per_writer)
        signed = _throughput(functools.partial(_raw_worker, signed=True),
                             str(_raw_file()), per_writer)
        pairs.append((ours, raw, ours / raw, signed, ours / signed))
    return {"issue_per_s": statistics.median(p[0] for p in pairs),
            "raw_issue_per_s": statistics.median(p[1] for p in pairs),
            "issue_vs_raw_ratio": statistics.median(p[2] for p in pairs),
            "signed_raw_issue_per_s": statistics.median(p[3] for p in pairs),
            "issue_vs_signed_raw_ratio": statistics.median(p[4] for p in pairs)}


# -- change feed latency ---------------------------------------------------------------
def _feed_reader(path: str, n: int, ready, out) -> None:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed

    db = open_database(path, station="display", mode="display")
    feed = ChangeFeed(db)
    ready.set()
    seen: dict[int, float] = {}
    while len(seen) < n:
        for e in feed.poll():
            if e.kind == "called":
                seen[int(e.ticket_number.split("-")[1])] = time.time()
        time.sleep(DEFAULT_POLL_MS / 1000)
    out.put(seen)


def feed_latency(quick: bool) -> dict:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    n = 20 if quick else 60
    path = fresh_db()
    db = open_database(path, station="counter", mode="counter")
    for _ in range(n):
        issue_ticket(db, service="A")
    ctx = mp.get_context("spawn")
    ready, out = ctx.Event(), ctx.Queue()
    try:
        reader = process(ctx, _feed_reader, str(path), n, ready, out)
        if not ready.wait(PATIENCE_S):
            raise Stalled(f"feed reader: not ready in {PATIENCE_S} s")
        committed: dict[int, float] = {}
        rng = random.Random(1)
        for _ in range(n):
            time.sleep(rng.uniform(0.05, 0.35))  # calls come at arbitrary phases of the poll
            t = call_next(db, counter=1)
            committed[t.seq] = time.time()
            finish(db, counter=1)
        seen = collect(out, 1, "feed reader", [reader], 120)[0]
    finally:
        end_children()
    lat = [(seen[k] - committed[k]) * 1000 for k in committed]
    return {"feed_p50_ms": percentile(lat, 50), "feed_p95_ms": percentile(lat, 95)}


# -- idle station CPU ------------------------------------------------------------------
def _idle_station(path: str, seconds: float, out) -> None:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed

    db = open_database(path, station="idle", mode="display")
    feed = ChangeFeed(db)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    while time.monotonic() - t0 < seconds:
        feed.poll()
        time.sleep(DEFAULT_POLL_MS / 1000)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    out.put(100 * cpu / (time.monotonic() - t0))


def idle_cpu(quick: bool) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    try:
        p = process(ctx, _idle_station, str(fresh_db()), 3 if quick else 10, out)
        pct = collect(out, 1, "idle station", [p], 120)[0]
    finally:
        end_children()
    return {"idle_feed_cpu_pct": pct}


# -- call next with five years of history ----------------------------------------------
def _fill_history(path: Path, tickets: int) -> None:
    conn = sqlite3.connect(path)
    per_day = 400
    day0 = date(2021, 1, 4)
    t0 = datetime(2021, 1, 4, 1, tzinfo=timezone.utc)
    rows, events = [], []
    for i in range(tickets):
        d = day0 + timedelta(days=i // per_day)
        seq = i % per_day + 1
        svc = i % 3 + 1
        prefix = "ABC"[svc - 1]
        at = (t0 + timedelta(days=i // per_day, seconds=seq * 60)).isoformat(
            timespec="microseconds")
        rows.append((i + 1, d.isoformat(), prefix, seq, f"{prefix}-{seq:03d}",
                     f"H{i:07d}", svc, 0, "done", at, at, at, at, at, 1, "history"))
        events.append(("finished", i + 1, f"{prefix}-{seq:03d}", prefix, 1, "history", at))
    conn.executemany("INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, "
                     "priority, state, issued_at, sort_at, called_at, serving_at, finished_at, "
                     "counter_number, station) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO events (kind, ticket_id, ticket_number, service_prefix, "
                     "counter_number, station, at) VALUES (?,?,?,?,?,?,?)", events)
    conn.commit()
    conn.close()


def _call_latency(path: Path, rounds: int) -> float:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    db = open_database(path, station="counter", mode="counter")
    for _ in range(5):
        issue_ticket(db, service="A")
    times = []
    for _ in range(rounds):
        issue_ticket(db, service="A")
        t = time.perf_counter()
        call_next(db, counter=1)
        times.append(time.perf_counter() - t)
        finish(db, counter=1)
    return statistics.median(times) * 1000


def call_next_history(quick: bool) -> dict:
    rounds = 60 if quick else 200
    empty = fresh_db()
    history = fresh_db()
    _fill_history(history, 500_000)
    e = _call_latency(empty, rounds)
    h = _call_latency(history, rounds)
    return {"call_next_empty_ms": e, "call_next_500k_ms": h, "call_next_history_ratio": h / e}


def run(quick: bool) -> dict:
    figures: dict = {}
    for part in (issuance, kiosk_issuance, feed_latency, idle_cpu, call_next_history):
        figures.update(part(quick))
    return figures


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=1))
