"""ULT Desktop on a simulated network share (tests/faultfs FUSE layer, no faults here).

For a 2 ms and a 10 ms round trip per file operation (SMB without client caching: every
read, write, lock, stat and fsync goes to the server):

* ``share_<d>ms_issue_p95_ms``: ``issue_ticket`` latency at a kiosk while a small office
  works on the same file (1 kiosk, 2 counters calling and finishing, 1 display following
  the feed, all separate processes): waiting for the write lock included.
* ``share_<d>ms_feed_p95_ms``: a counter's ``call_next`` returned -> the display's
  ``ChangeFeed`` delivered that call (poll every 200 ms), same office.
* ``share_<d>ms_issue_vs_raw_ratio``: issuance throughput of sequential single-writer
  ``issue_ticket`` divided by that of a bare sqlite3 transaction doing the same essential
  work (next number, ticket row, event row; rollback journal, synchronous=FULL) on the
  same share — the same sense as ``issue_vs_raw_ratio`` (1.0 = as fast as bare sqlite3;
  below 1 is the price of the real schema, settings lookup and policy).
* ``share_10ms_peak_*``: the ``office_peak`` load (a busy hour in real time: 2 kiosks,
  5 counters, 2 displays and an admin page; see ``PEAK``; the kiosks record a successful
  print after each ticket, as the real kiosk does): call -> display/admin p95, issue p95,
  Selesai p95 as the officer waits for it (kept on the counter PC: ``finish_visit``) and
  until the shared record has it (``finish_landed``). ``--peak SECONDS`` runs only this; ``--print-results immediate`` gives
  the figures with a write transaction of its own per print result (the old kiosk).
* ``share_ops_*``: file operations per action (issue, a kiosk visitor's ticket with its
  print result ``kiosk_ticket``, call, finish, register save,
  Selesai answered/escalated, idle feed poll, poll with news, heartbeat, and the bare
  sqlite3 issue), counted by the FUSE server with a cold cache (another station writes
  between two actions; the stations sign their events, as an office's do):
  deterministic, independent of delay and machine load. Alone:
  ``python bench/bench_share.py --ops --detail`` (``--unsigned``: stations without a key).
* ``share_ops_call_refresh``: the counter's F1 until its own screen shows the call: the
  job the queue panel runs (``ui/counter/jobs.act``: ``call_next``'s write, then the
  queue's one read). ``share_ops_call_own_event``: the counter's next feed poll after it
  and the refresh that poll causes (none: the feed's copy of its own ``called`` event is
  skipped, ``jobs.queue_news``). Measured before the feed skipped its own events (``call_next``, then
  ``counter_state``'s six read transactions, then the feed's ``called`` event read the
  queue again): 108 and 57; after: 68 and 9.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

try:
    from _common import Skipped, popen
except ImportError:  # imported as bench.<name> (the tests)
    from bench._common import Skipped, popen

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RAW_SCHEMA = """
CREATE TABLE tickets (id INTEGER PRIMARY KEY, day TEXT, prefix TEXT, seq INTEGER,
                      number TEXT, issued_at TEXT, state TEXT, UNIQUE (day, prefix, seq));
CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT, ticket_id INTEGER, at TEXT);
"""


def _raw_issue(con: sqlite3.Connection, day: str) -> None:
    con.execute("BEGIN IMMEDIATE")
    seq = con.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE day = ? AND "
                      "prefix = 'A'", (day,)).fetchone()[0]
    cur = con.execute("INSERT INTO tickets (day, prefix, seq, number, issued_at, state) "
                      "VALUES (?, 'A', ?, ?, datetime('now'), 'waiting')",
                      (day, seq, f"A-{seq:03d}"))
    con.execute("INSERT INTO events (kind, ticket_id, at) VALUES ('issued', ?, "
                "datetime('now'))", (cur.lastrowid,))
    con.execute("COMMIT")


# -- op counts ----------------------------------------------------------------------------
#: History put in the file before counting: a few months of a busy office, so the
#: B-trees are as deep as in real use (more history = more levels = more reads).
HISTORY_DAYS = 60
HISTORY_PER_DAY = 150


def _add_history(path: Path, *, raw: bool, signer=None) -> None:
    """Fill *path* (local disk, before it goes to the share) with past days' tickets,
    events and register records, the way an office's file looks after a few months.
    The events are written by the program's own :func:`append_event`: chained, and signed
    by *signer* (a station's registered key, as an office's history is; None: unsigned,
    an office that registered no key)."""
    if raw:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN")
        _history_rows(con, lambda kind, tid, seq, at: con.execute(
            "INSERT INTO events (kind, ticket_id, at) VALUES (?, ?, ?)",
            (kind, tid, at.isoformat())), raw=True)
        con.execute("COMMIT")
        con.close()
        return
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.events import advance_heads, append_event

    db = open_database(path, station="hist", mode="counter")
    if signer is not None:
        db.set_signer(signer)

    def write(conn) -> None:
        _history_rows(conn, lambda kind, tid, seq, at: append_event(
            conn, "hist", kind, ticket_id=tid, ticket_number=f"A-{seq:03d}",
            service_prefix="A", counter=1, at=at), raw=False)
        # the chain heads as the office's heartbeats keep them (a minute behind at most):
        # else each station's first write reads every past event for its key's last one
        advance_heads(conn)

    db.write(write)
    db.close()


def _history_rows(con, event, *, raw: bool) -> None:
    """The tickets of :data:`HISTORY_DAYS` past days (and register records), each ticket's
    four events written by *event(kind, ticket id, seq, at)*."""
    from datetime import datetime, timedelta, timezone

    start = datetime(2025, 10, 1, tzinfo=timezone.utc)
    tid = 0
    for d in range(HISTORY_DAYS):
        day = (start + timedelta(days=d)).date().isoformat()
        for seq in range(1, HISTORY_PER_DAY + 1):
            tid += 1
            at = start + timedelta(days=d, hours=2, minutes=seq % 60)
            text = at.isoformat(timespec="microseconds")
            if raw:
                con.execute("INSERT INTO tickets (day, prefix, seq, number, issued_at, state) "
                            "VALUES (?, 'A', ?, ?, ?, 'done')", (day, seq, f"A-{seq:03d}", text))
            else:  # naming its 'issued' event, as every ticket the program issues does
                # (``numbers.write_birth``): without it, a station judging whether a past
                # ticket stands (the band's recent visits) walks the whole log for it
                from ult_desktop.db.record.events import next_event_id

                con.execute(
                    "INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, "
                    "priority, state, channel, issued_at, sort_at, called_at, serving_at, "
                    "finished_at, counter_number, outcome, station, issue_event) VALUES "
                    "(?,?,?,?,?,?,1,0,'done','walk_in',?,?,?,?,?,1,'answered','hist',?)",
                    (tid, day, "A", seq, f"A-{seq:03d}", f"H{tid:07d}", *[text] * 5,
                     next_event_id(con)))
            for kind in ("issued", "called", "serving", "finished"):
                event(kind, tid, seq, at)
            if not raw and seq % 2:
                con.execute("INSERT INTO register_records (ticket_id, channel, day, service_id, "
                            "visitor_name, institution, created_at, updated_at, station) "
                            "VALUES (?, 'walk_in', ?, 1, 'Tamu', 'SD Negeri 1', ?, ?, 'hist')",
                            (tid, day, text, text))


class _BenchKey:
    """A station key in memory (the app's is ``app/station_key.StationKey``)."""

    def __init__(self) -> None:
        import hashlib

        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        self._private = Ed25519PrivateKey.generate()
        self.public_key = self._private.public_key().public_bytes(Encoding.Raw,
                                                                  PublicFormat.Raw)
        self.key_id = hashlib.sha256(self.public_key).hexdigest()[:16]

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


def op_counts(share, *, rounds: int = 9, detail: dict | None = None,
              signed: bool = True, print_results: str = "deferred") -> dict[str, float]:
    """File operations per action on the share, another station writing between two
    actions (so this station's page cache is cold, as on a real busy share).

    Counted with the FUSE server's op statistics; the median of *rounds*. Independent of
    the delay and of the machine's load: a figure to compare commits by."""
    import statistics

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
    from ult_desktop.db.record.feed import ChangeFeed
    from ult_desktop.db.visit import register

    share.set_delay(0)
    local = Path(tempfile.mkdtemp(prefix="ult-ops-"))
    init_database(local / "ops.db", demo=True)
    _add_history(local / "ops.db", raw=False)
    setup = open_database(local / "ops.db", station="setup", mode="admin")
    set_settings(setup, office_logo_png_b64=base64.b64encode(bytes(range(256)) * 160).decode())
    setup.close()  # (an office logo, as offices upload one: a settings read skips it)
    raw_local = local / "raw.db"
    raw = sqlite3.connect(raw_local, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.executescript(RAW_SCHEMA)
    raw.close()
    _add_history(raw_local, raw=True)
    for name in ("ops.db", "raw.db"):
        (share.backing / name).write_bytes((local / name).read_bytes())

    db = open_database(share.path / "ops.db", station="ops", mode="counter")
    other = open_database(share.path / "ops.db", station="other", mode="admin")
    if signed:  # as in the office: every station signs its events with its own key
        db.set_signer(_BenchKey())
        other.set_signer(_BenchKey())
    kiosk = open_database(share.path / "ops.db", station="kiosk", mode="kiosk")
    if signed:
        kiosk.set_signer(_BenchKey())
    outbox = PrintOutbox()  # the kiosk's kept print results (its link's)
    feed_db = open_database(share.path / "ops.db", station="display", mode="display")
    feed = ChangeFeed(feed_db)
    counter_feed = ChangeFeed(db)  # the counter's own worker follows the feed too

    from ult_desktop.db.journals.desk_journal import CounterJournal

    desk = CounterJournal(local / "desk.sqlite", signer=db.identity.signer)
    # the counter's officer is logged in, as at a real counter (call and record name them)
    officer = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]

    def touch() -> None:  # another station writes: every cache here is now stale
        heartbeat(other, detail={"ops": True})

    counts: dict[str, list[int]] = {k: [] for k in (
        "issue", "kiosk_ticket", "call", "finish", "register_save", "finish_visit",
        "finish_visit_escalated", "finish_landed",
        "feed_poll_idle", "feed_event", "heartbeat", "raw_issue", "call_refresh",
        "call_own_event")}
    record = RecordInput(visitor_name="Budi Santoso", institution="SMP Negeri 3 Semarang",
                         phone="081234567890", question="Tunjangan profesi belum cair")
    from ult_desktop.db.visit import cases
    from ult_desktop.ui.counter import jobs  # the counter's own job functions (no Qt)
    def count(res: dict, name: str, action) -> object:
        share.reset_stats()
        out = action()
        stats = share.stats()
        res[name] = sum(stats["ops"].values())
        if detail is not None:
            detail[name] = stats["by_file"]
        return out

    def one_round() -> dict[str, int]:
        res: dict[str, int] = {}
        touch()
        count(res, "issue", lambda: issue_ticket(db, service="A"))
        touch()
        # a kiosk visitor: the ticket and its (successful) print result, as the kiosk
        # writes them: the previous ticket's result rides along with this issue
        kiosk_ticket = issue_ticket(kiosk, service="A", outbox=outbox)
        record_print_result(kiosk, ticket_id=kiosk_ticket.id, ok=True,
                                 printer="virtual", outbox=outbox)
        touch()
        count(res, "kiosk_ticket", lambda: _kiosk_ticket(kiosk, print_results, outbox))
        issue_ticket(other, service="A")
        issue_ticket(other, service="A")
        feed.poll()
        count(res, "feed_poll_idle", feed.poll)
        touch()
        count(res, "feed_event", feed.poll)
        touch()
        called = count(res, "call", lambda: call_next(db, counter=1,
                                                           officer_id=officer))
        touch()
        count(res, "register_save", lambda: register.save_record(
            db, record=record, channel="walk_in", ticket_id=called.id, officer_id=officer))
        touch()
        count(res, "finish", lambda: finish(db, counter=1))
        for outcome, name in (("answered", "finish_visit"),
                              ("escalated", "finish_visit_escalated")):
            touch()
            nxt = call_next(db, counter=1, officer_id=officer)
            touch()
            count(res, name, lambda: cases.finish_visit(
                db, counter=1, ticket_id=nxt.id, outcome=outcome,  # noqa: B023
                record=record, officer_id=officer))
        # the counter's Selesai as it is kept (a finish act in its journal), then landed
        touch()
        nxt = call_next(db, counter=1, officer_id=officer)
        desk.record(day=nxt.day, number=nxt.number, counter=1, officer_id=None,
                    kind="finish", outcome="answered",
                    payload={"ticket_id": nxt.id, "base": None, "record": record.as_dict()})
        touch()
        count(res, "finish_landed", lambda: desk.land(db))
        # F1 at the counter until its screen shows the call, then its next feed poll
        counter_feed.poll()
        touch()
        acted = count(res, "call_refresh", lambda: jobs.act(
            db, call_next, desk=(1, officer), counter=1, officer_id=officer))

        def own_event() -> None:
            if jobs.queue_news(counter_feed.poll(), acted.state):
                jobs.counter_state(db, counter=1, officer_id=officer)

        count(res, "call_own_event", own_event)
        finish(db, counter=1)
        touch()
        count(res, "heartbeat", lambda: heartbeat(db))
        rawc = sqlite3.connect(share.path / "raw.db", isolation_level=None)
        rawo = sqlite3.connect(share.path / "raw.db", isolation_level=None)
        rawc.execute("PRAGMA synchronous=FULL")
        _raw_issue(rawc, "2026-01-05")
        _raw_issue(rawo, "2026-01-05")
        count(res, "raw_issue", lambda: _raw_issue(rawc, "2026-01-05"))
        rawc.close()
        rawo.close()
        return res

    one_round()  # the first round fills the schema cache etc.; not counted
    for _ in range(rounds):
        for k, v in one_round().items():
            counts[k].append(v)
    outbox.flush(kiosk)
    for d in (db, other, feed_db, kiosk):
        d.close()
    return {f"share_ops_{k}": int(statistics.median(v)) for k, v in counts.items()}


def _sequential(share, delay_ms: float, n: int) -> tuple[float, float]:
    """Mean seconds per issue: (ULT issue_ticket, raw sqlite3), one writer, no load."""
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    share.set_delay(0)
    path = init_database(share.path / "seq.db", demo=True)
    raw_path = share.path / "raw.db"
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.execute("PRAGMA synchronous=FULL")
    raw.executescript(RAW_SCHEMA)
    db = open_database(path, station="bench", mode="kiosk")
    issue_ticket(db, service="A")
    _raw_issue(raw, "2026-01-05")
    share.set_delay(delay_ms)
    t0 = time.perf_counter()
    for _ in range(n):
        issue_ticket(db, service="A")
    ult = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(n):
        _raw_issue(raw, "2026-01-05")
    bare = (time.perf_counter() - t0) / n
    db.close()
    raw.close()
    share.set_delay(0)
    return ult, bare


def _kiosk_ticket(db, print_results: str, outbox) -> None:
    """What a kiosk writes for one visitor: the ticket, then its print result (a
    success): "deferred" as the kiosk does it (kept for the next write), "immediate" in
    a transaction of its own (as before the print result rode along), "none": not recorded."""
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import record_print_result

    kept = outbox if print_results == "deferred" else None
    ticket = issue_ticket(db, service="A", outbox=kept)
    if print_results != "none":
        record_print_result(db, ticket_id=ticket.id, ok=True, printer="virtual",
                                 outbox=kept)


# -- office_peak: a realistic busy hour ---------------------------------------------------
#: Real time, no compression: 2 kiosks issuing every 15 s, 5 counters each finishing a
#: visitor every 90 s (Selesai with its register record) and calling the next, 2
#: displays and 1 admin page following the feed. Every station also polls the feed
#: every 200 ms (on a slow file the feed itself keeps counters and kiosks unhurried,
#: ``record.feed.UNHURRIED_S``) and beats every 60 s as the real stations do (the heartbeat
#: rides with the station's own next write that found the lock free; one that wrote no
#: such write writes it alone). A
#: counter reads its screen's queue as its window does: after each call and after feed news
#: that changes it (``ui/counter/jobs.py``: one read each, on the station's connection).
#: How long the office_peak load runs (real time): full run, --quick.
PEAK_SECONDS = {False: 300.0, True: 40.0}
#: --quick: visits of 15-30 s, so its minute calls and finishes too (at 90 s none did)
PEAK_QUICK = {"serve_s": 22.5}
#: Averages: kiosk arrivals are random (exponential gaps), a visit takes 60-120 s.
PEAK = {"kiosks": 2, "issue_every_s": 15.0, "counters": 5, "serve_s": 90.0,
        "followers": 3, "poll_s": 0.2, "heartbeat_s": 60.0, "print_results": "deferred",
    "journal": True}


def _jlog(fd: int, **data) -> None:
    os.write(fd, (json.dumps({"t": time.time(), **data}) + "\n").encode())


def peak_station(role: str, name: str, db_path: str, log_path: str, cfg_json: str) -> None:
    """One station of the office_peak load (its own process): see ``PEAK``."""
    import random

    from ult_desktop.app.pulse import Heartbeat
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db import errors
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import PrintOutbox, record_print_result
    from ult_desktop.db.record.feed import ChangeFeed
    from ult_desktop.ui.counter import jobs  # the counter's own job functions (no Qt)

    cfg = json.loads(cfg_json)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    rng = random.Random(name)
    held = role == "kiosk" and cfg.get("journal")  # as the kiosk: held numbers
    db = feed = None
    tv_reads = cfg.get("tv_reads") and name.startswith("display")
    lists, changing = None, frozenset()
    if tv_reads:  # the TV's own rules (Qt's modules: only in the TVs' processes)
        from ult_desktop.ui.display.model import QUEUE_CHANGING as changing
        from ult_desktop.ui.display.window import LISTS_EVERY_MS

        lists = _TvLists(db_path, name, role, fd, LISTS_EVERY_MS / 1000)

    if cfg.get("key_dir"):  # a key registered in the office's record (office_outage)
        from ult_desktop.app.station_key import load_key

        signer = load_key(Path(cfg["key_dir"]) / name)
    else:
        signer = _BenchKey()  # as in the office: every station signs its events
    ear = None

    def connect():
        db = open_database(db_path, station=name, mode=role)
        db.set_signer(signer)
        return db, ChangeFeed(db)

    for attempt in range(30):
        try:
            db, feed = connect()
            if cfg.get("lan_root") and name.startswith("display"):
                ear = _TvEar(db, cfg["lan_root"], fd)  # as the TV: the LAN's calls too
            break
        except errors.UltError as exc:
            if held:  # started while the share is away: the kiosk issues from its journal
                break
            if not isinstance(exc, errors.DatabaseBusy) or attempt == 29:
                raise
            time.sleep(1.0)  # opened while the record is busy: tries again
    outbox = PrintOutbox() if cfg["print_results"] == "deferred" else None
    desk = CounterJournal(Path(log_path).with_suffix(".desk.sqlite"), signer=signer) \
        if role == "counter" else None
    beats = Heartbeat()
    screen = None  # the counter's queue as its screen shows it (read first at its first call)
    lander = None
    if held:
        # where the kiosk keeps it: by the record it belongs to, however its path is
        # spelled (ULT_JOURNAL_DIR: the run's folder), else beside the station's log
        from ult_desktop.app.trust_memory import journal_path

        lander = _Lander(None, journal_path(db_path, name) if os.environ.get("ULT_JOURNAL_DIR")
                         else Path(log_path).with_suffix(".journal"), name, fd, signer)
        outbox = lander.journal
        try:
            if db is not None:
                lander.connected(db)
        except errors.UltError:  # the record busy as the hall starts: the loop connects again
            db.close()
            db = feed = None
    end = cfg["start_at"] + cfg["seconds"]
    while time.time() < cfg["start_at"]:
        time.sleep(0.01)
    now = time.monotonic()
    next_beat = now + rng.uniform(0, cfg["heartbeat_s"])
    next_action = now + rng.uniform(0, cfg["first_action_s"])
    next_poll = now
    current = None
    record = RecordInput(visitor_name="Tamu", institution="SD Negeri 1",
                         question="Pertanyaan layanan")
    while time.time() < end:
        now = time.monotonic()
        if db is None and now >= next_poll:  # the share back? then the journal lands
            try:
                db, feed = connect()
                # what it issued until now was issued while the share was away
                lander.journal.away = datetime.now(timezone.utc)
                lander.connected(db)
            except errors.UltError:
                if db is not None:  # opened, but the record too busy to land in yet
                    db.close()
                    db = feed = None
                next_poll = now + 1.0
        if db is not None and now >= next_poll:
            try:
                events = feed.poll()
                for e in events:
                    if e.kind == "called":
                        _jlog(fd, ev="seen", number=e.ticket_number, id=e.id, via="feed")
                if lists is not None and any(e.kind in changing for e in events):
                    lists.due.set()  # read on their own connection, as the TV's
                if screen is not None and jobs.queue_news(events, screen):
                    screen = jobs.counter_state(db, counter=cfg["counter"], officer_id=None)
            except errors.UltError as exc:
                _jlog(fd, ev="err", op="poll", error=type(exc).__name__)
            next_poll = now + cfg["poll_s"]
        if role in ("kiosk", "counter") and now >= next_action:
            t0 = time.perf_counter()
            try:
                if role == "kiosk" and lander is not None and lander.touch(rng.choice("ABC")):
                    next_action = now + rng.expovariate(1.0 / cfg["issue_every_s"])
                elif db is None:  # nothing held and no share: the kiosk says so
                    raise errors.ShareUnavailable(path=db_path)
                elif role == "kiosk":
                    ticket = issue_ticket(db, service=rng.choice("ABC"),
                                               request_id=f"{name}-{rng.random()}",
                                               outbox=outbox)
                    _jlog(fd, ev="issued", number=ticket.number,
                          ms=(time.perf_counter() - t0) * 1000,
                          parts_ms=[round(x * 1000) for x in db.last_write_times])
                    if cfg["print_results"] != "none":  # the kiosk's printer said "ok"
                        record_print_result(
                      db, ticket_id=ticket.id, ok=True, printer="virtual",
                      outbox=outbox)
                    # visitors walk in at random: every 15 s on average, not in step
                    # with the other kiosk (in step, one kiosk waited for the other's
                    # write on every ticket: an artefact, not an office)
                    next_action = now + rng.expovariate(1.0 / cfg["issue_every_s"])
                else:
                    if current is not None:
                        # as the counter's Selesai (ui/counter/session.Finishes): a finish
                        # act kept in the counter's journal (what the officer waits for),
                        # then landed in the record by the station's worker, the next
                        # call behind it
                        desk.record(day=current.day, number=current.number,
                                    counter=cfg["counter"], officer_id=None, kind="finish",
                                    outcome="answered", payload={
                                        "ticket_id": current.id, "base": None,
                                        "record": record.as_dict()})
                        _jlog(fd, ev="finished", ms=(time.perf_counter() - t0) * 1000)
                        desk.land(db)
                        _jlog(fd, ev="finish_landed", ms=(time.perf_counter() - t0) * 1000,
                              parts_ms=[round(x * 1000) for x in db.last_write_times])
                        current = None
                        t0 = time.perf_counter()
                    ticket = call_next(db, counter=cfg["counter"])
                    if ticket is None:
                        next_action = now + 3.0  # nobody waiting: look again soon
                    else:
                        current = ticket
                        _jlog(fd, ev="called", number=ticket.number,
                              ms=(time.perf_counter() - t0) * 1000)
                        if cfg.get("lan_root"):  # as the counter's say_call
                            from ult_desktop.devices import lan

                            lan.send(lan.signed_call(
                                signer, number=ticket.number, counter=cfg["counter"],
                                office=cfg["lan_root"], act=ticket.called_at))
                        next_action = time.monotonic() + rng.uniform(
                            cfg["serve_s"] * 2 / 3, cfg["serve_s"] * 4 / 3)
                        # its screen reads the queue after the call (the window's jobs.act)
                        screen = jobs.counter_state(db, counter=cfg["counter"],
                                                    officer_id=None)
            except errors.UltError as exc:
                _jlog(fd, ev="err", op=role, error=type(exc).__name__)
                next_action = time.monotonic() + 1.0
        if db is not None and time.monotonic() >= next_beat:
            try:
                beats.beat(db, outbox=outbox)  # as the Station's: rides with its writes
            except errors.UltError:
                pass
            next_beat = time.monotonic() + cfg["heartbeat_s"]
        wake = min(next_poll, next_beat, next_action if role != "follower" else next_poll)
        time.sleep(max(0.0, min(wake - time.monotonic(), cfg["poll_s"])))
    if lander is not None:
        lander.stop()
    if lists is not None:
        lists.stop()
    if ear is not None:
        ear.stop()
    if db is not None:
        db.close()


class _TvEar:
    """The TV's ear in the peak load (``ui/common/lan_ear``): a counter's call said on the
    LAN, believed as the TV believes it (``lan.believe``, the trust read from the record
    once), is on the TV when heard."""

    def __init__(self, db, root: str, fd: int) -> None:
        from ult_desktop.devices import lan
        from ult_desktop.ui.common.lan_ear import lan_trust

        self.trust, self.seen, self.fd = lan_trust(db, root), set(), fd
        self.listener = lan.Listener(self._heard, bind="127.0.0.1")

    def _heard(self, data: bytes) -> None:
        from ult_desktop.devices import lan

        message = lan.believe(data, self.trust, seen=self.seen)
        if isinstance(message, dict) and lan.act_of(message) is not None:
            _jlog(self.fd, ev="seen", number=message["number"], via="lan")

    def stop(self) -> None:
        self.listener.stop()


class _TvLists:
    """The TV's waiting lists in the peak load, read as the TV reads them
    (``ui/display/window.py``): on their own thread and connection (the TV's second
    Station), so the feed's poll never waits behind a list reading; a request made while
    one reads is read :data:`LISTS_EVERY_MS` after it ends."""

    def __init__(self, db_path: str, name: str, role: str, fd: int, every_s: float) -> None:
        import threading

        self.db_path, self.name, self.role, self.fd = db_path, name, role, fd
        self.every_s = every_s
        self.due, self._stop = threading.Event(), threading.Event()
        self.db = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from ult_desktop.db import errors, queries
        from ult_desktop.db.open import open_database

        while not self._stop.is_set():
            if not self.due.wait(0.2):
                continue
            self.due.clear()
            try:
                if self.db is None:
                    self.db = open_database(self.db_path, station=self.name, mode=self.role)
                queries.queue_snapshot(self.db)
            except errors.UltError as exc:
                _jlog(self.fd, ev="err", op="lists", error=type(exc).__name__)
            if self.due.is_set():  # asked again while reading: at most once a second
                self._stop.wait(self.every_s)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(30)
        if self.db is not None:
            self.db.close()


#: ``ui/kiosk/link.LAND_RETRY_MS``: a kiosk whose landing left tickets waiting tries again
#: after this (its link lands right after each touch, never on a clock while idle).
LAND_RETRY_S = 5.0


class _Lander:
    """The kiosk in the peak load: a touch takes a held number from the
    journal on local disk and renders the paper (touch -> paper); a thread, as the
    kiosk's database worker, lands the tickets in the shared record. Started while the
    share is away (*db* None) it issues from what its journal holds, with the settings it
    kept (as the kiosk keeps its start screen), and lands once :meth:`connected`."""

    def __init__(self, db, path: Path, name: str, fd: int, signer=None) -> None:
        import threading

        from ult_desktop.db.journals.journal import KioskJournal

        self.db, self.name, self.fd = None, name, fd
        self.journal = KioskJournal(path, station=name, signer=signer)  # signs each touch
        self.touched: dict = {}  # request id -> touch, until its landing is logged
        self.lock = threading.Lock()
        self.settings = json.loads(self.journal.kept("bench_settings") or "{}")
        if db is not None:
            self.connected(db)
        self.wake, self.done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._land, daemon=True)
        self.thread.start()

    def connected(self, db) -> None:
        from ult_desktop.db.house.office import get_settings

        self.settings = get_settings(db)
        self.journal.keep("bench_settings", json.dumps(self.settings))
        self._flush(db)  # the first claim, as the kiosk's first heartbeat (and what waits)
        self.db = db
        if hasattr(self, "wake"):
            self.wake.set()

    def touch(self, service: str) -> bool:
        from dataclasses import replace

        from ult_desktop.app.print_service import ticket_print_data
        from ult_desktop.core.numbering import format_number, office_day, utc_now
        from ult_desktop.core.ticket_layout import build_layout
        from ult_desktop.core.tickets import Ticket, TicketState
        from ult_desktop.devices.printer.escpos_render import render_escpos

        if not self.settings:  # never connected: nothing to print with
            return False
        t0 = time.perf_counter()
        now = utc_now()
        with self.lock:  # (a landing's log sees it once it may have landed)
            touch = self.journal.take(
                day=office_day(now, self.settings["timezone"]).isoformat(), service=service,
                prefix=service, now=now, request_id=f"{self.name}-{time.time_ns()}")
            if touch is not None:
                self.touched[touch.request_id] = touch
        if touch is None:
            return False  # nothing held: issued on the share, as the kiosk does
        ticket = Ticket(id=touch.ticket_id, number=format_number(service, touch.seq),
                        prefix=service, seq=touch.seq, day=touch.day, service_id=0,
                        service_prefix=service, service_name="Layanan", priority=False,
                        state=TicketState.WAITING, issued_at=now, sort_at=now, code=touch.code)
        data = ticket_print_data(None, ticket, settings=self.settings, waiting_ahead=3, go_to=())
        render_escpos(build_layout(replace(data, logo_png=None)))
        _jlog(self.fd, ev="paper", number=ticket.number, ms=(time.perf_counter() - t0) * 1000)
        self.journal.note_print(ticket.id, ok=True, printer="virtual")
        self.wake.set()
        return True

    def _land(self) -> None:
        from ult_desktop.db import errors

        retry = None  # as the kiosk's link: a landing after each touch, again after
        while not self.done.is_set():  # LAND_RETRY_MS while tickets still wait
            if not self.wake.wait(retry) and not self.journal.waiting()[0]:
                retry = None
                continue
            self.wake.clear()
            if self.db is None:  # not connected yet: the station's loop connects
                retry = 1.0
                continue
            try:
                self._flush(self.db)
            except errors.UltError as exc:
                _jlog(self.fd, ev="err", op="land", error=type(exc).__name__)
                retry = LAND_RETRY_S
                continue
            retry = LAND_RETRY_S if self.journal.waiting()[0] else None

    def _flush(self, db) -> None:
        """Land what the journal holds; log each ticket landed (touch -> record), those
        touched while the write waited for its lock too (they land with it)."""
        from datetime import datetime, timezone

        before = {t.request_id: t for t in self.journal.unlanded()}  # (kept from before)
        self.journal.flush(db)
        at = datetime.now(timezone.utc)
        parts = [round(x * 1000) for x in db.last_write_times]
        with self.lock:
            after = {t.request_id for t in self.journal.unlanded()}
            self.touched.update(before)
            landed = [t for rid, t in self.touched.items() if rid not in after]
            for t in landed:
                del self.touched[t.request_id]
        for t in landed:
            _jlog(self.fd, ev="landed", number=f"{t.prefix}-{t.seq:03d}", parts_ms=parts,
                  ms=(at - datetime.fromisoformat(t.touched_at)).total_seconds() * 1000)

    def stop(self) -> None:
        """As the kiosk closes (its worker stops after the write it is in): the journal
        is closed once the landing under way has ended, never under it."""
        self.done.set()
        self.wake.set()
        self.thread.join(120)  # (a write gives up within its budget: never this long)
        if self.thread.is_alive():
            print(f"# {self.name}: a landing still under way at the end; journal left open",
                  file=sys.stderr)
            return
        self.journal.close()


def peak_stations(load: dict) -> dict[str, str]:
    """Each station's name and role, as :func:`run_peak` starts them (``kiosk-day``: the
    kiosk that lands the journals after a run, ``bench_hall40``)."""
    names = {f"kiosk-{i}": "kiosk" for i in range(1, load["kiosks"] + 1)}
    names.update({f"counter-{i}": "counter" for i in range(1, load["counters"] + 1)})
    names.update({f"display-{i}": "display" for i in range(1, load["followers"])})
    return {**names, "admin": "admin", "kiosk-day": "kiosk"}


def register_office(target: str, keys: Path, load: dict, *, logo: bool = False) -> str:
    """The office as its admin sets it up, through the program's own acts signed by the
    admin's key: the load's counters, the zone whose midnight is furthest ahead (the run
    stays in one office day), an office logo (*logo*: as offices upload one; a settings
    read skips it), and a key for each of :func:`peak_stations`, registered with its
    role (a station's act stands only by a registered key). The root's key id."""
    from ult_desktop.app import station_key
    from ult_desktop.db.house.office import save_counter, set_settings
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    admin_key = station_key.create_key(keys / "admin")[0]
    admin = open_database(target, station="admin", mode="admin")
    admin.set_signer(admin_key)
    admin.set_actor("admin")
    station_keys.request_registration(admin, label="admin")
    station_keys.approve_key(admin, admin_key.key_id)
    for n in range(4, load["counters"] + 1):
        save_counter(admin, number=n, name=f"Loket {n}")
    offsets = {"WIB": 7, "WITA": 8, "WIT": 9}
    zone = max(offsets, key=lambda z: -(time.time() + offsets[z] * 3600) % 86400)
    set_settings(admin, timezone=zone, **(
        {"office_logo_png_b64": base64.b64encode(bytes(range(256)) * 160).decode()}
        if logo else {}))  # (40 KB, like a PNG logo)
    for name, role in peak_stations(load).items():
        if name == "admin":
            continue
        key = station_key.create_key(keys / name)[0]
        db = open_database(target, station=name, mode=role)
        db.set_signer(key)
        station_keys.request_registration(db, label=name)
        station_keys.approve_key(admin, key.key_id, role=role)
        db.close()
    root = station_keys.root_info(admin)
    admin.close()
    return root[0] if root else ""


def office_peak(share, delay_ms: float, seconds: float, work: Path,
                print_results: str = "deferred", load: dict | None = None,
                prepare=None) -> dict[str, float]:
    """Run the office_peak load (or *load*, ``PEAK``'s keys) for *seconds* on *share* at
    *delay_ms*; figures in ms. *prepare(path, keys)*: more of the morning in the office file
    before it goes onto the share, by the stations' registered keys in *keys*
    (``bench_phone``: the visitors following on phones).
    The office is set up by its admin and every station's key registered
    (:func:`register_office`), as an office runs: no act of the run is set aside."""
    from ult_desktop.app.station_key import load_key
    from ult_desktop.db.house.setup import init_database

    load = {**PEAK, **(load or {})}
    share.set_delay(0)
    local = work / "peak-local"
    local.mkdir()
    init_database(local / "peak.db", demo=True)
    register_office(str(local / "peak.db"), work / "keys", load, logo=True)
    _add_history(local / "peak.db", raw=False, signer=load_key(work / "keys" / "counter-1"))
    if prepare is not None:
        prepare(local / "peak.db", work / "keys")
    (share.backing / "peak.db").write_bytes((local / "peak.db").read_bytes())
    db_path = share.path / "peak.db"
    share.set_delay(delay_ms)
    try:
        return run_peak(str(db_path), seconds, work, {**load, "key_dir": str(work / "keys")},
                        print_results)
    finally:
        share.set_delay(0)


def run_peak(db_target: str, seconds: float, work: Path, load: dict,
             print_results: str = "deferred") -> dict[str, float]:
    """The peak stations (own processes) on *db_target* (a file or a server URL) for
    *seconds*; *load* has ``PEAK``'s keys (``followers``: displays plus one admin)."""
    import subprocess

    from bench.office_day import _percentile

    stations = ([("kiosk", f"kiosk-{i}", {}) for i in range(1, load["kiosks"] + 1)]
                + [("counter", f"counter-{i}", {"counter": i})
                   for i in range(1, load["counters"] + 1)]
                + [("follower", f"display-{i}", {}) for i in range(1, load["followers"])]
                + [("follower", "admin", {})])
    # every process started and the database opened (more stations: more time)
    start_at = time.time() + 3.0 + 0.15 * len(stations)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # load["lan_root"]: counters say their calls on the LAN, each TV on a port of its own
    ports = {name: _free_udp_port() for _, name, _ in stations
             if name.startswith("display") and load.get("lan_root")}
    lan_env = {"ULT_LAN_TARGETS": ",".join(f"127.0.0.1:{p}" for p in ports.values())}
    procs = []
    for role, name, extra in stations:
        cfg = {**load, **extra, "start_at": start_at, "seconds": seconds,
               "print_results": print_results,
               "first_action_s": load["issue_every_s"] if role == "kiosk" else
               (load["serve_s"] if role == "counter" else 0)}
        own = {**lan_env, "ULT_LAN_PORT": str(ports[name])} if name in ports else lan_env
        procs.append(popen(
            [sys.executable, str(Path(__file__).resolve()), "peak-station", role, name,
             db_target, str(work / f"{name}.log"), json.dumps(cfg)],
            stdin=subprocess.DEVNULL, env={**env, **own} if ports else env, cwd=str(ROOT)))
    for proc in procs:
        proc.wait(timeout=seconds + 180)
    logs = {name: [json.loads(line) for line in (work / f"{name}.log").read_text().splitlines()]
            for _, name, _ in stations if (work / f"{name}.log").exists()}
    calls = {r["number"]: r["t"] for name, rs in logs.items() if name.startswith("counter")
             for r in rs if r["ev"] == "called"}
    feed_ms = [(r["t"] - calls[r["number"]]) * 1000 for name, rs in logs.items()
               if name.startswith(("display", "admin")) for r in rs
               if r["ev"] == "seen" and r.get("via") == "feed" and r["number"] in calls]
    first: dict[tuple, float] = {}  # each TV's first news of each call, by either road
    for name, rs in logs.items():
        for r in rs:
            if name.startswith("display") and r["ev"] == "seen" and r["number"] in calls:
                key = (name, r["number"])
                first[key] = min(first.get(key, r["t"]), r["t"])
    tv_ms = [(t - calls[number]) * 1000 for (_, number), t in first.items()]
    issue_ms = [r["ms"] for name, rs in logs.items() if name.startswith("kiosk")
                for r in rs if r["ev"] == "issued"]
    paper_ms = [r["ms"] for name, rs in logs.items() if name.startswith("kiosk")
                for r in rs if r["ev"] == "paper"]
    land_ms = [r["ms"] for name, rs in logs.items() if name.startswith("kiosk")
               for r in rs if r["ev"] == "landed"]
    finish_ms = [r["ms"] for rs in logs.values() for r in rs if r["ev"] == "finished"]
    finish_landed_ms = [r["ms"] for rs in logs.values() for r in rs
                        if r["ev"] == "finish_landed"]
    errs = sum(1 for rs in logs.values() for r in rs if r["ev"] == "err")
    return {"feed_p95_ms": _percentile(feed_ms, 95), "feed_p50_ms": _percentile(feed_ms, 50),
            "on_tv_p95_ms": _percentile(tv_ms, 95), "on_tv_p50_ms": _percentile(tv_ms, 50),
            "lan_heard": float(sum(1 for rs in logs.values() for r in rs
                                   if r.get("via") == "lan")),
            "issue_p95_ms": _percentile(issue_ms, 95),
            # the kiosk's touch -> paper from held numbers, and touch -> in
            # the shared record (what the counters and the display then see)
            "touch_to_paper_p95_ms": _percentile(paper_ms, 95),
            "touch_to_record_p95_ms": _percentile(land_ms, 95),
            # Selesai: what the officer waits for (kept on the PC), and until the
            # shared record has it (what the other stations then see)
            "finish_visit_p95_ms": _percentile(finish_ms, 95),
            "finish_landed_p95_ms": _percentile(finish_landed_ms, 95),
            "calls_seen": float(len(feed_ms)), "tickets": float(len(issue_ms) + len(paper_ms)),
            "errors": float(errs)}


# -- the share gone mid-morning --------------------------------------------
#: How long the share is away: full run (the issue's ten minutes), --quick.
OUTAGE_SECONDS = {False: 600.0, True: 60.0}
#: The bench office's outage reserve per service and kiosk. Its visitors come every 3 s at
#: each of two kiosks (a stress rate: about 65 a service at a kiosk in 10 minutes), so the
#: reserve runs out near the end of a 10-minute outage and ``outage_refused`` says so.
OUTAGE_RESERVE = 50


def outage_station(role: str, name: str, db_path: str, log_path: str, cfg_json: str) -> None:
    """A counter or the TV of :func:`office_outage` (its own process). A counter calls the
    record's next visitor while the share answers; while it is away it serves by the
    numbers on the kiosks' paper (claimed in the lobby folder: one visitor walks to one
    counter), keeps each act in its journal and says each call on the LAN; when the share
    answers again its journal lands. The TV listens on the LAN and follows the feed."""
    import random

    from ult_desktop.app.station_key import load_key
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db import errors
    from ult_desktop.db.house.stations import heartbeat
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.record.feed import ChangeFeed
    from ult_desktop.db.record.station_keys import lan_trust
    from ult_desktop.db.visit import cases
    from ult_desktop.devices import lan

    cfg = json.loads(cfg_json)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    key = load_key(Path(cfg["key_dir"]) / name)
    db = open_database(db_path, station=name, mode=role)
    db.set_signer(key)
    root, keys = db.read(lan_trust)
    end = cfg["start_at"] + cfg["seconds"]
    lobby = Path(cfg["lobby"])
    if role == "display":
        seen: set[str] = set()
        listener = lan.Listener(lambda data: (
            (m := lan.heard(data, keys, office=root, seen=seen)) is not None
            and _jlog(fd, ev="heard", number=m["number"], counter=m["counter"])),
            bind="127.0.0.1")
        feed = ChangeFeed(db)
        while time.time() < end:
            try:
                for e in feed.poll():
                    if e.kind == "called":
                        _jlog(fd, ev="seen", number=e.ticket_number,
                              offline=bool((e.data or {}).get("offline")))
            except errors.UltError:
                pass
            time.sleep(cfg["poll_s"])
        listener.stop()
        db.close()
        return
    rng = random.Random(name)
    journal = CounterJournal(Path(log_path).with_suffix(".desk"), signer=key)
    counter = cfg["counter"]
    record = RecordInput(visitor_name="Tamu", institution="SD Negeri 1", question="Layanan")
    current: tuple[int | None, str] | None = None  # (ticket id online, number)
    offline = False
    next_action = time.monotonic() + rng.uniform(0, 3)
    while time.time() < cfg["start_at"]:
        time.sleep(0.01)

    def papers() -> list[str]:
        out = []
        for path in sorted(Path(log_path).parent.glob("kiosk-*.log")):
            for line in path.read_text().splitlines():
                r = json.loads(line)
                if r.get("ev") in ("paper", "issued"):
                    out.append(r["number"])
        return out

    def claim(number: str) -> bool:  # one visitor walks to one counter
        try:
            os.close(os.open(lobby / number, os.O_CREAT | os.O_EXCL))
            return True
        except FileExistsError:
            return False

    while time.time() < end:
        now = time.monotonic()
        if offline or journal.waiting()[0]:
            try:  # is the share back? then the journal lands, in one write
                heartbeat(db)
                set_aside = journal.land(db)
                if not journal.waiting()[0]:
                    if offline:
                        _jlog(fd, ev="back")
                    offline = False
                for act in set_aside:
                    _jlog(fd, ev="set_aside", number=act.number)
            except errors.UltError:
                offline = True
        if now < next_action:
            time.sleep(0.1)
            continue
        try:
            if not offline:
                if current is not None and current[0] is not None:
                    cases.finish_visit(db, counter=counter, ticket_id=current[0],
                                            outcome="answered", record=record)
                    _jlog(fd, ev="finished", number=current[1])
                elif current is not None:  # called while away, landed since: finish it
                    finish(db, counter=counter, number=current[1])
                    _jlog(fd, ev="finished", number=current[1])
                current = None
                ticket = call_next(db, counter=counter)
                if ticket is not None:
                    claim(ticket.number)
                    current = (ticket.id, ticket.number)
                    _jlog(fd, ev="called", number=ticket.number)
                next_action = time.monotonic() + (rng.uniform(cfg["serve_s"] * 2 / 3,
                                                              cfg["serve_s"] * 4 / 3)
                                                  if ticket else 2.0)
                continue
        except errors.RuleViolation as exc:  # the record said no: not an outage
            _jlog(fd, ev="err", op="counter", error=str(exc))
            current, next_action = None, time.monotonic() + 1.0
            continue
        except errors.UltError:
            offline = True
        # the share is away: serve by the paper
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + cfg["utc_offset_h"] * 3600))
        if current is not None:
            journal.record(day=day, number=current[1], counter=counter, officer_id=None,
                           kind="finish")
            _jlog(fd, ev="offline_finish", number=current[1])
            current = None
        number = next((n for n in papers() if claim(n)), None)
        if number is not None:
            journal.record(day=day, number=number, counter=counter, officer_id=None,
                           kind="call")
            lan.send(lan.signed_call(key, number=number, counter=counter, office=root))
            _jlog(fd, ev="offline_call", number=number)
            current = (None, number)
        next_action = time.monotonic() + (rng.uniform(cfg["serve_s"] * 2 / 3,
                                                      cfg["serve_s"] * 4 / 3)
                                          if number else 2.0)
    journal.close()
    db.close()


def office_outage(share, seconds: float, work: Path, *, lan_up: bool = True,
                  kill_kiosk: bool = False, reserve: int = 0,
                  repoint: bool = False) -> dict[str, float]:
    """The office through an outage: two kiosks (journals), three counters,
    the TV (each its own process, each PC's key registered in the record), the share away
    for *seconds*. Kiosks keep printing, counters serve by the paper and say their calls
    on the LAN, the TV hears them; once back, everything lands once. Figures: tickets,
    refused touches, lost, duplicates, calls made while away and the share of them the TV
    heard, and how long the landing took after the share returned. *lan_up* False: the
    LAN is down too (the TV hears nothing; everything lands all the same); *kill_kiosk*:
    kiosk-1 is killed a third of the way through the outage and started again at two
    thirds, the share still away: it prints from the numbers its journal holds, and its
    paper of the whole outage lands when the share is back; *reserve*: the office's outage
    reserve (Admin > Loket), numbers per service each kiosk keeps for a long outage;
    *repoint*: with *kill_kiosk*, kiosk-1 is started again on another spelling of the
    share (a link to its folder), as an IT officer re-pointing it: it never prints a
    number already issued (``numbers_reissued``)."""
    import signal
    import subprocess

    from ult_desktop.app import station_key
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys
    from ult_desktop.db.record.reconcile import reconcile

    share.set_delay(0)
    local = work / "outage-local"
    local.mkdir()
    path = init_database(local / "o.db", demo=True)
    keys = work / "keys"
    names = {"kiosk-1": "kiosk", "kiosk-2": "kiosk", "counter-1": "counter",
             "counter-2": "counter", "counter-3": "counter", "tv": "display"}
    admin_key = station_key.create_key(keys / "admin")[0]
    admin = open_database(path, station="admin", mode="admin")
    admin.set_signer(admin_key)
    admin.set_actor("admin")
    station_keys.request_registration(admin, label="admin")
    station_keys.approve_key(admin, admin_key.key_id)
    # the office's zone whose midnight is furthest ahead: the run stays in one office day
    # (numbers start again at 001 the next one)
    offsets = {"WIB": 7, "WITA": 8, "WIT": 9}
    zone = max(offsets, key=lambda z: -(time.time() + offsets[z] * 3600) % 86400)
    set_settings(admin, outage_reserve=reserve, timezone=zone)
    for name, role in names.items():
        key = station_key.create_key(keys / name)[0]
        db = open_database(path, station=name, mode=role)
        db.set_signer(key)
        station_keys.request_registration(db, label=name)
        station_keys.approve_key(admin, key.key_id, role=role)
        db.close()
    admin.close()
    (share.backing / "o.db").write_bytes(path.read_bytes())
    db_path = share.path / "o.db"
    lobby = work / "lobby"
    lobby.mkdir()
    share.set_delay(2)
    before, after = 12.0, 25.0
    start_at = time.time() + 5.0
    total = before + seconds + after
    port = _free_udp_port()
    alias = work / "alias"  # another spelling of the share: a link to its folder
    alias.symlink_to(share.path, target_is_directory=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               ULT_LAN_PORT=str(port), ULT_JOURNAL_DIR=str(work / "journals"),
               # LAN down: datagrams go to an address nobody answers (TEST-NET-1)
               ULT_LAN_TARGETS="127.0.0.1" if lan_up else "192.0.2.1")

    def start(n: int, name: str, role: str, at: float, length: float, path=db_path):
        cfg = {**PEAK, "issue_every_s": 3.0, "serve_s": 6.0, "counters": 0, "followers": 0,
               "start_at": at, "seconds": length, "first_action_s": 2.0,
               "key_dir": str(keys), "lobby": str(lobby), "counter": n - 1, "poll_s": 0.3,
               "utc_offset_h": offsets[zone]}
        command = "peak-station" if role == "kiosk" else "outage-station"
        return popen(
            [sys.executable, str(Path(__file__).resolve()), command, role, name,
             str(path), str(work / f"{name}.log"), json.dumps(cfg)],
            stdin=subprocess.DEVNULL, env=env, cwd=str(ROOT))

    procs = [start(n, name, role, start_at, total)
             for n, (name, role) in enumerate(names.items())]
    time.sleep(max(0.0, start_at + before - time.time()))
    down_at = time.time()  # the share may be away before the call returns
    share.outage("EIO")
    if kill_kiosk:  # its paper is out, its journal on its disk
        time.sleep(seconds / 3)
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=30)
        time.sleep(max(0.0, down_at + seconds * 2 / 3 - time.time()))
        # switched on again, the share still away: it issues from its journal
        procs[0] = start(0, "kiosk-1", "kiosk", time.time() + 0.5,
                         total - (time.time() - start_at),
                         alias / db_path.name if repoint else db_path)
    time.sleep(max(0.0, down_at + seconds - time.time()))
    share.restore()
    back_at = time.time()
    for proc in procs:
        proc.wait(timeout=total + 120)
    logs = {name: [json.loads(line) for line in (work / f"{name}.log").read_text()
                   .splitlines()] if (work / f"{name}.log").exists() else []
            for name in names}
    every = [r for rows in logs.values() for r in rows]
    papers = [(r["number"], r["t"]) for r in every if r["ev"] == "paper"]
    shared = [r["number"] for r in every if r["ev"] == "issued"]
    refused = [r for r in every if r["ev"] == "err" and r.get("op") == "kiosk"
               and down_at <= r["t"] <= back_at]
    during = {n for n, t in papers if down_at <= t <= back_at}
    offline_calls = [r["number"] for r in every if r["ev"] == "offline_call"]
    heard = {r["number"] for r in logs["tv"] if r["ev"] == "heard"}
    # from the share's return: each counter's journal landed, the outage's tickets landed
    landed_after = [min((r["t"] for r in logs[n] if r["ev"] == "back" and r["t"] >= back_at),
                        default=back_at) for n, role in names.items() if role == "counter"]
    landed_after += [r["t"] for r in every if r["ev"] == "landed" and r["number"] in during]
    share.set_delay(0)
    db = open_database(db_path, station="bench", mode="cli")
    try:
        rows = db.query("SELECT number, state FROM tickets")
        from datetime import date

        from ult_desktop.reports.data import collect

        day = db.query("SELECT MAX(day) FROM tickets")[0][0]
        report = collect(db, date.fromisoformat(day), date.fromisoformat(day))
        served = report.totals()
        calls = db.query("SELECT ticket_number, COUNT(*) FROM events WHERE kind = 'called' "
                         "GROUP BY ticket_id HAVING COUNT(*) > 1")
        clean = reconcile(db)["ok"]
    finally:
        db.close()
    in_record = [r[0] for r in rows]
    state = dict(rows)
    finishes = sum(1 for r in every if r["ev"] in ("finished", "offline_finish"))
    on_paper = [n for n, _ in papers] + shared
    return {"tickets": float(len(on_paper)),
            "tickets_during": float(len(during)),
            "refused": float(len(refused)),
            "lost": float(len(set(on_paper) - set(in_record))
                          + sum(1 for n in offline_calls if state.get(n) == "waiting")),
            "duplicates": float(len(in_record) - len(set(in_record))
                                + len(on_paper) - len(set(on_paper)) + len(calls)),
            # a number on two papers (a kiosk issuing again from numbers it had used)
            "numbers_reissued": float(len(on_paper) - len(set(on_paper))),
            "calls_during": float(len(offline_calls)),
            "calls_seen_ratio": (len(heard & set(offline_calls)) / len(offline_calls))
            if offline_calls else 1.0,
            "reconciled": float(clean),
            # the day's report counts each visit finished once, at a counter or offline
            "report_matches": float(served["served"] == finishes),
            # said with the figures, so that a mismatch tells which side it is on
            "served_in_report": float(served["served"]), "finishes_logged": float(finishes),
            "acts_set_aside": float(sum(1 for r in every if r["ev"] == "set_aside")),
            # the report's outage line against the share's real window and the paper
            "report_outages": float(len(report.outages)),
            "report_outage_held": float(sum(o.held_tickets for o in report.outages)),
            # papers within half a second of the share going or coming back: on either
            # side of the line, as the kiosk's landing found the share
            "tickets_at_edges": float(sum(1 for _, t in papers
                                          if min(abs(t - down_at), abs(t - back_at)) < 0.5)),
            "report_outage_since_s": min((o.since.timestamp() - down_at
                                          for o in report.outages), default=-1e9),
            "report_outage_until_s": max((o.until.timestamp() - back_at
                                          for o in report.outages), default=1e9),
            # from the share's return to the outage's last ticket and act in the record
            "merge_s": max(0.0, max(landed_after) - back_at) if landed_after else 0.0}


def _free_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(quick: bool) -> dict[str, float]:
    from bench.office_day import Day, DayConfig
    from tests.faultfs import FaultShare, fuse_unavailable_reason

    reason = fuse_unavailable_reason()
    if reason:
        raise Skipped(f"the simulated share needs FUSE: {reason}")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ult-bench-ops-") as tmp:
        share = FaultShare(Path(tmp) / "fs").start()
        try:
            figures.update(op_counts(share, rounds=5 if quick else 9))
        finally:
            share.stop()
    seconds = OUTAGE_SECONDS[quick]
    label = "10min" if seconds == 600 else f"{seconds / 60:g}min"
    with tempfile.TemporaryDirectory(prefix="ult-bench-outage-") as tmp:
        share = FaultShare(Path(tmp) / "fs").start()
        try:
            for key, value in office_outage(share, seconds, Path(tmp), kill_kiosk=True,
                                            reserve=OUTAGE_RESERVE, repoint=True).items():
                figures[f"outage_{label}_{key}" if key != "merge_s" else "outage_merge_s"] = \
                    value
        finally:
            share.stop()
    for delay in (2, 10):
        tickets = {2: 20, 10: 8}[delay] if quick else {2: 100, 10: 30}[delay]
        seq_n = {2: 10, 10: 4}[delay] if quick else {2: 40, 10: 12}[delay]
        with tempfile.TemporaryDirectory(prefix="ult-bench-share-") as tmp:
            share = FaultShare(Path(tmp) / "fs").start()
            try:
                ult, bare = _sequential(share, delay, seq_n)
                run_dir = Path(tmp) / "run"
                run_dir.mkdir()
                cfg = DayConfig(tickets=tickets, kiosks=1, counters=2, displays=1,
                                delay_ms=delay, faults=[], kill_at=None, kiosk_pause_s=0.2,
                                service_s=0.2, recall_share=0.0, timeout_s=900)
                report = Day(share, cfg, run_dir).run()
                if delay == 10:
                    peak = office_peak(share, delay, PEAK_SECONDS[quick], Path(tmp),
                                       load=PEAK_QUICK if quick else None)
            finally:
                share.stop()
        if not report["ok"]:
            raise RuntimeError(f"the office run at {delay} ms broke an invariant: {report}")
        figures[f"share_{delay}ms_issue_p95_ms"] = report["issue_ms_p95"]
        figures[f"share_{delay}ms_feed_p95_ms"] = report["feed_ms_p95"]
        figures[f"share_{delay}ms_issue_vs_raw_ratio"] = bare / ult
        figures[f"share_{delay}ms_issue_seq_ms"] = ult * 1000
        figures[f"share_{delay}ms_raw_seq_ms"] = bare * 1000
        if delay == 10:
            for key, value in peak.items():
                figures[f"share_10ms_peak_{key}"] = value
    return figures


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--ops", action="store_true", help="only the op counts")
    parser.add_argument("--detail", action="store_true", help="with --ops: op kinds")
    parser.add_argument("--unsigned", action="store_true",
                        help="with --ops: stations without a key (events unsigned)")
    parser.add_argument("--outage", type=float, metavar="SECONDS",
                        help="only the office (kiosks, counters, TV) through a share "
                             "outage this long")
    parser.add_argument("--no-restart", action="store_true",
                        help="with --outage: no kiosk killed and started again (on another "
                             "spelling of the share's path) mid-outage")
    parser.add_argument("--reserve", type=int, default=OUTAGE_RESERVE,
                        help="with --outage: the office's outage reserve per service and "
                             "kiosk (Admin > Loket; 0: none)")
    parser.add_argument("--peak", type=float, metavar="SECONDS",
                        help="only the office_peak load on a 10 ms share, this long")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="with --peak: copy the stations' logs (one JSON line an act, "
                             "landings with their parts_ms) into DIR")
    parser.add_argument("--print-results", choices=("deferred", "immediate", "none"),
                        default="deferred",
                        help="with --ops/--peak: how a kiosk writes a successful print "
                             "(deferred: with its next write, as the kiosk does; "
                             "immediate: a transaction of its own, as before)")
    if len(sys.argv) > 1 and sys.argv[1] == "peak-station":
        peak_station(*sys.argv[2:7])
        raise SystemExit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "outage-station":
        outage_station(*sys.argv[2:7])
        raise SystemExit(0)
    args = parser.parse_args()
    if args.outage:
        from tests.faultfs import FaultShare

        with tempfile.TemporaryDirectory(prefix="ult-bench-outage-") as tmp:
            share = FaultShare(Path(tmp) / "fs").start()
            try:
                for key, value in office_outage(share, args.outage, Path(tmp),
                                                kill_kiosk=not args.no_restart,
                                                reserve=args.reserve,
                                                repoint=not args.no_restart).items():
                    print(f"outage_{key}: {value:.1f}")
            finally:
                share.stop()
        sys.exit(0)
    if args.peak:
        from tests.faultfs import FaultShare

        with tempfile.TemporaryDirectory(prefix="ult-bench-peak-") as tmp:
            share = FaultShare(Path(tmp) / "fs").start()
            try:
                for key, value in office_peak(share, 10, args.peak, Path(tmp),
                                              args.print_results).items():
                    print(f"share_10ms_peak_{key}: {value:.1f}")
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    for log in Path(tmp).glob("*.log"):
                        shutil.copy(log, args.keep / log.name)
            finally:
                share.stop()
        raise SystemExit(0)
    if args.ops:
        from tests.faultfs import FaultShare

        with tempfile.TemporaryDirectory(prefix="ult-bench-share-") as tmp:
            share = FaultShare(Path(tmp) / "fs").start()
            try:
                kinds: dict = {}
                for key, value in op_counts(share, detail=kinds, signed=not args.unsigned,
                                            print_results=args.print_results).items():
                    print(f"{key}: {value}")
                if args.detail:
                    for key, ops in kinds.items():
                        print(f"# {key}: " + ", ".join(f"{k} {v}" for k, v in
                                                       sorted(ops.items(), key=lambda x: -x[1])))
            finally:
                share.stop()
        raise SystemExit(0)
    for key, value in run(args.quick).items():
        print(f"{key}: {value:.3f}")
