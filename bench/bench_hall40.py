"""A Mal Pelayanan Publik hall on one record: 40 counters, 6 kiosks and 4 TVs (and an
admin page), each its own process (``bench_share.peak_station``: the kiosk's held numbers
and its landing thread, the counter's Selesai kept on the PC then landed, the TV
following the feed and reading its lists as the TV does), with registered station keys.

The day: 2,000 tickets (800 with ``--quick``), 400 of them in the first hour. The first hour runs with the
office's clock sped up :data:`SPEED` times (visitors every 54 s at each kiosk, a visit of
6 minutes at each of the 40 desks: both divided by the speed-up), so the hall's writes
come that many times faster than in a real hall; the day's other tickets are
then issued, called and finished by one kiosk and one counter process, unmeasured, so
the file holds the whole day when the judge reads it.

* ``hall40_touch_to_paper_p95_ms``: a kiosk's touch -> its paper rendered (held numbers);
* ``hall40_call_to_tv_p95_ms``: a counter's call committed -> a TV has it, by whichever
  road comes first: the counter's signed word on the LAN naming the act (``lan_ear``), or
  the TV's feed; ``_call_to_feed_p95_ms``: the feed alone (and the admin page's);
  ``_lan_heard``: calls the TVs believed from the LAN;
* ``hall40_finish_on_pc_p95_ms``: Selesai as the officer waits for it (kept on the PC);
  ``_landed_p95_ms``: until the shared record has it;
* ``hall40_lost``: numbers printed on paper that the record does not hold after the day
  (the kiosks' journals landed, as a kiosk does when it starts again);
* ``hall40_doubled``: a number the record holds twice, or called at two counters;
* ``hall40_check_findings``: what ``python -m ult_desktop check --json`` (the signed
  record's judge, against the office's root) finds after the day (0: clean);
* ``hall40_tickets``, ``hall40_first_hour_tickets``, ``hall40_errors``.

On the 10 ms FUSE share (tests/faultfs, as ``bench_share``) and as ``hall40_pg_*`` on a
throw-away PostgreSQL server behind a 10 ms link (``bench_server``'s proxy);
``ULT_BENCH_HALL40=file`` (or ``=server``) runs that half only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The office's clock sped up this many times in the first hour (full run, --quick).
SPEED = {False: 6.0, True: 20.0}
#: The day's tickets (full run, --quick); the first hour's 400 are the same in both.
DAY_TICKETS = {False: 2000, True: 800}
FIRST_HOUR = 400
KIOSKS, COUNTERS, TVS = 6, 40, 4


def hall_load(quick: bool) -> tuple[dict, float]:
    """``bench_share.PEAK``'s keys for the first hour, and how long it runs (s)."""
    from bench_share import PEAK

    speed = SPEED[quick]
    hour = 3600 / speed
    return {**PEAK, "kiosks": KIOSKS, "counters": COUNTERS, "followers": TVS + 1,
            "issue_every_s": KIOSKS * 3600 / FIRST_HOUR / speed,
            "serve_s": COUNTERS * 3600 / FIRST_HOUR / speed, "tv_reads": True}, hour


def land_kiosks(target: str, keys: Path, work: Path, kiosks: int, named: str) -> None:
    """What each kiosk's journal still holds, landed (as the kiosk does when it starts);
    *named*: the record as the kiosks named it (where their journals are kept)."""
    from ult_desktop.app.station_key import load_key
    from ult_desktop.app.trust_memory import journal_path
    from ult_desktop.db.journals.journal import KioskJournal
    from ult_desktop.db.open import open_database

    for i in range(1, kiosks + 1):
        name = f"kiosk-{i}"
        path = journal_path(named, name) if os.environ.get("ULT_JOURNAL_DIR") else \
            work / f"{name}.journal"
        if not Path(path).exists():
            continue
        key = load_key(keys / name)
        journal = KioskJournal(path, station=name, signer=key)
        db = open_database(target, station=name, mode="kiosk")
        db.set_signer(key)
        try:
            journal.flush(db)
        finally:
            journal.close()
            db.close()


def rest_of_day(target: str, keys: Path, tickets: int, counters: int) -> None:
    """The day's other *tickets*, issued by one kiosk, each called and finished by the
    counter station of its desk (its own key: a desk's visit is its station's)."""
    from ult_desktop.app.station_key import load_key
    from ult_desktop.db import errors
    from ult_desktop.db.engine.sqlite import Database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    def station(name: str, role: str) -> Database:
        db = open_database(target, station=name, mode=role)
        db.set_signer(load_key(keys / name))
        return db

    kiosk = station("kiosk-day", "kiosk")
    desks = {n: station(f"counter-{n}", "counter") for n in range(1, counters + 1)}
    try:
        for n in range(tickets):
            issue_ticket(kiosk, service="ABC"[n % 3])
            counter = 1 + n % counters
            with contextlib.suppress(errors.UltError):  # nobody at that desk
                finish(desks[counter], counter=counter)
            call_next(desks[counter], counter=counter)
    finally:
        for db in (kiosk, *desks.values()):
            db.close()


def lost_and_doubled(target: str, work: Path) -> tuple[int, int, int]:
    """(numbers on paper the record lacks, numbers doubled, tickets in the record)."""
    from ult_desktop.db.open import open_database

    papers: list[str] = []
    called: dict[str, set[str]] = {}
    for log in work.glob("*.log"):
        for line in log.read_text().splitlines():
            r = json.loads(line)
            if r["ev"] in ("paper", "issued"):
                papers.append(r["number"])
            elif r["ev"] == "called" and log.stem.startswith("counter"):
                called.setdefault(r["number"], set()).add(log.stem)
    db = open_database(target, station="judge", mode="check")
    try:
        rows = db.query("SELECT number, COUNT(*) FROM tickets WHERE day = (SELECT MAX(day) "
                        "FROM tickets) GROUP BY number")
    finally:
        db.close()
    held = {r[0]: int(r[1]) for r in rows}
    doubled = {n for n, c in held.items() if c > 1} | {
        n for n, at in called.items() if len(at) > 1} | {
        n for n in papers if papers.count(n) > 1}
    return (len([n for n in set(papers) if n not in held]), len(doubled),
            sum(held.values()))


def check_findings(target: str, root: str) -> float:
    """What the signed record's judge finds (``check --json``): the reconcile's
    differences and the audit's problems; one for a file it calls bad without naming."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "ult_desktop", "check", "--db", target,
                          "--json", *(["--root", root] if root else [])],
                         capture_output=True, text=True, timeout=900, cwd=str(ROOT), env=env)
    try:
        report = json.loads(out.stdout)
    except ValueError:
        print(f"# hall40: check said {out.returncode}: {out.stderr[-400:]}", file=sys.stderr)
        return float("nan")
    named = int(report.get("reconcile", {}).get("count") or 0) + len(
        report.get("audit", {}).get("problems") or ())
    if out.returncode not in (0,):
        print(f"# hall40: check exit {out.returncode}: " + json.dumps(
            {k: report.get(k) for k in ("ok", "audit", "reconcile")}, default=str)[:1500],
            file=sys.stderr)
    return float(named or (out.returncode != 0))


def hall_day(target: str, work: Path, quick: bool, slow=None) -> dict[str, float]:
    """The hall's day on *target* (a file or a server URL); *slow*: a context in which
    the record is behind its 10 ms link (the first hour runs in it)."""
    from bench_share import register_office, run_peak

    load, seconds = hall_load(quick)
    keys = work / "keys"
    root = register_office(target, keys, load)
    load["key_dir"] = str(keys)
    load["lan_root"] = root  # the counters say their calls on the LAN, as in the office
    with slow() if slow is not None else contextlib.nullcontext(target) as slow_target:
        peak = run_peak(slow_target, seconds, work, load)
        named = slow_target
    land_kiosks(target, keys, work, load["kiosks"], named)
    _, _, first = lost_and_doubled(target, work)
    rest_of_day(target, keys, max(0, DAY_TICKETS[quick] - first), load["counters"])
    lost, doubled, tickets = lost_and_doubled(target, work)
    return {"touch_to_paper_p95_ms": peak["touch_to_paper_p95_ms"],
            "call_to_tv_p95_ms": peak["on_tv_p95_ms"],
            "call_to_feed_p95_ms": peak["feed_p95_ms"], "lan_heard": peak["lan_heard"],
            "finish_on_pc_p95_ms": peak["finish_visit_p95_ms"],
            "finish_landed_p95_ms": peak["finish_landed_p95_ms"],
            "touch_to_record_p95_ms": peak["touch_to_record_p95_ms"],
            "lost": float(lost), "doubled": float(doubled),
            "check_findings": check_findings(target, root),
            "tickets": float(tickets), "first_hour_tickets": float(first),
            "calls_seen": peak["calls_seen"], "errors": peak["errors"]}


def on_share(quick: bool, work: Path) -> dict[str, float]:
    from _common import fresh_db

    from tests.faultfs import FaultShare, fuse_unavailable_reason

    reason = fuse_unavailable_reason()
    if reason:
        raise RuntimeError(f"the simulated share needs FUSE: {reason}")
    share = FaultShare(work / "fs").start()
    try:
        share.set_delay(0)
        shutil.copyfile(fresh_db(work), share.backing / "hall.db")

        @contextlib.contextmanager
        def slow():
            share.set_delay(10)
            try:
                yield str(share.path / "hall.db")
            finally:
                share.set_delay(0)

        (work / "day").mkdir()
        return hall_day(str(share.path / "hall.db"), work / "day", quick, slow)
    finally:
        share.stop()


def on_server(quick: bool, work: Path) -> dict[str, float]:
    from bench_server import ONE_WAY_DELAY_S, DelayProxy

    from tests.pg_cluster import Cluster, pg_bin
    from ult_desktop.db.open import init_server

    bindir = pg_bin()
    if bindir is None:
        print("# hall40: PostgreSQL not installed (no initdb/pg_ctl): the server half skipped")
        return {}
    pg_root = Path(tempfile.mkdtemp(prefix="ult-bench-pg-"))  # the server's own folder
    cluster = Cluster(bindir, pg_root)
    cluster.init()
    proxy = None
    try:
        url = cluster.create_db("hall")
        init_server(url, demo=True)
        proxy = DelayProxy(("127.0.0.1", cluster.port), ONE_WAY_DELAY_S)
        slow_url = f"postgresql://postgres@127.0.0.1:{proxy.port}/hall"
        (work / "day").mkdir()
        return hall_day(url, work / "day", quick, lambda: contextlib.nullcontext(slow_url))
    finally:
        if proxy is not None:
            proxy.close()
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        shutil.rmtree(pg_root, ignore_errors=True)


def run(quick: bool) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    figures: dict[str, float] = {}
    # ULT_BENCH_HALL40=file or =server: that half only (each takes its minutes)
    half = os.environ.get("ULT_BENCH_HALL40", "")
    for prefix, where in (("hall40", on_share), ("hall40_pg", on_server)):
        if half and half != ("server" if prefix == "hall40_pg" else "file"):
            continue
        work = Path(tempfile.mkdtemp(prefix=f"ult-bench-{prefix}-"))
        try:
            figures.update({f"{prefix}_{k}": v for k, v in where(quick, work).items()})
        except RuntimeError as exc:  # no FUSE here: the server's half still runs
            print(f"# {prefix}: {exc}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    quick = "--quick" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="ult-bench-hall40-"))
    where = {"file": on_share, "server": on_server}
    for name, fn in where.items():
        if only in (None, name):
            (work / name).mkdir()
            for key, value in fn(quick, work / name).items():
                print(f"hall40{'_pg' if name == 'server' else ''}_{key}: {value:.3f}")
