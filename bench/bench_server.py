"""The office on a PostgreSQL server: round trips per ticket, the ticket's
time over a link with 10 ms added per round trip (a small asyncio proxy on loopback that
holds every chunk 5 ms each way), and how soon a display sees it (LISTEN/NOTIFY).

* ``server_roundtrips_issue``: round trips to the server per ticket as a kiosk issues
  it (signed, with a request id and the previous ticket's print result riding along);
  ``_bare``: an ``issue_ticket`` with nothing to carry.
* ``server_10ms_issue_p95_ms`` / ``_feed_p95_ms``: one kiosk alone; a display polling
  every 200 ms as stations do.
* ``server_10ms_peak_*``: bench_share's ``office_peak`` load (2 kiosks, 5 counters, 2
  displays, an admin page; the same station processes) on the server through the proxy.
* ``server_10ms_hall40_*``: ``HALL_40`` (4 kiosks, 40 counters, 6 displays and an admin
  page) on the server; ``share_10ms_hall40_*``: the same load on the 10 ms FUSE share
  (only in a full run where FUSE works, or with ``ULT_BENCH_HALL_FILE=1``).

Needs the PostgreSQL binaries (``initdb``/``pg_ctl``) and psycopg; the cluster is a
throw-away one in a temporary folder (tests/pg_cluster.py), stopped at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

from _common import percentile

ONE_WAY_DELAY_S = 0.005
#: A Mall Pelayanan Publik hall: 40 counters kept busy (a visit 60-120 s), 4 kiosks
#: (a visitor every 9 s each: 40 counters / 90 s), 6 lobby displays and an admin page.
HALL_40 = {"kiosks": 4, "counters": 40, "followers": 7, "issue_every_s": 9.0}


class DelayProxy:
    """Forwards TCP from a local port to *target*, holding each chunk *delay* seconds in
    each direction (order kept, chunks in flight overlap as on a real link)."""

    def __init__(self, target: tuple[str, int], delay: float):
        self.target, self.delay = target, delay
        self.loop = asyncio.new_event_loop()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def main():
            self._server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
            self._ready.set()
            async with self._server:
                await self._server.serve_forever()

        with contextlib.suppress(asyncio.CancelledError, RuntimeError):
            self.loop.run_until_complete(main())
        rest = asyncio.all_tasks(self.loop)  # (the links still open: ended, then the loop)
        for task in rest:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*rest, return_exceptions=True))
        self.loop.close()

    async def _pipe(self, reader, writer) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def send():
            while True:
                due, data = await queue.get()
                if data is None:
                    writer.close()
                    return
                wait = due - self.loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()

        sender = asyncio.ensure_future(send())
        try:
            while True:
                data = await reader.read(65536)
                await queue.put((self.loop.time() + self.delay, data or None))
                if not data:
                    break
            await sender
        except (ConnectionError, OSError, asyncio.CancelledError):
            sender.cancel()

    async def _client(self, reader, writer) -> None:
        try:
            up_r, up_w = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(self._pipe(reader, up_w), self._pipe(up_r, writer),
                                 return_exceptions=True)

    def close(self) -> None:
        def stop():
            self._server.close()
            for task in asyncio.all_tasks(self.loop):
                task.cancel()
        self.loop.call_soon_threadsafe(stop)
        self._thread.join(5)


def _issue_times(url: str, n: int) -> tuple[list[float], float, float]:
    """ms per ticket as a kiosk issues it (its key signs, a request id, the previous
    ticket's print result riding along), and round trips per such ticket and per bare
    ``issue_ticket`` (no print result to carry)."""
    import uuid

    from bench_share import _BenchKey

    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.queue.print_results import PrintOutbox

    db = open_database(url, station="kiosk", mode="kiosk")
    db.set_signer(_BenchKey())
    outbox = PrintOutbox()

    def kiosk_ticket():
        ticket = issue_ticket(db, service="A", request_id=uuid.uuid4().hex,
                                   outbox=outbox)
        outbox.add(ticket.id, printer="virtual")  # the printer said "ok"

    for _ in range(3):  # warm: settings and services kept, capture table made
        kiosk_ticket()
    before = db.conn.round_trips
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        kiosk_ticket()
        times.append((time.perf_counter() - t0) * 1000)
    trips = (db.conn.round_trips - before) / n
    outbox.flush(db)
    before = db.conn.round_trips
    for _ in range(10):
        issue_ticket(db, service="B", request_id=uuid.uuid4().hex)
    bare = (db.conn.round_trips - before) / 10
    db.close()
    return times, trips, bare


def _feed_times(url: str, n: int) -> list[float]:
    """ms from a kiosk's commit until a display polling every 200 ms (as stations do)
    has read the event."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.feed import DEFAULT_POLL_MS, ChangeFeed

    kiosk = open_database(url, station="kiosk2", mode="kiosk")
    display = open_database(url, station="display", mode="display")
    feed = ChangeFeed(display)
    feed.poll()
    out = []
    for i in range(n):
        time.sleep((i % 7) * DEFAULT_POLL_MS / 7000)  # commits at every phase of the poll
        issue_ticket(kiosk, service="B")
        done = time.perf_counter()
        while True:
            if feed.poll():
                out.append((time.perf_counter() - done) * 1000)
                break
            time.sleep(DEFAULT_POLL_MS / 1000)
    feed.close()
    kiosk.close()
    display.close()
    return out


def _load_on_server(cluster, proxy_port: int, name: str, load: dict, seconds: float,
                    work: Path) -> dict[str, float]:
    """bench_share's peak stations on a fresh demo office on the server (via the proxy)."""
    import os

    from bench_share import PEAK, register_office, run_peak

    from ult_desktop.db.open import init_server

    load = {**PEAK, **load}
    url = cluster.create_db(name)
    init_server(url, demo=True)
    folder = work / name
    os.makedirs(folder)
    register_office(url, folder / "keys", load)  # (its own admin and registered keys)
    return run_peak(f"postgresql://postgres@127.0.0.1:{proxy_port}/{name}", seconds, folder,
                    {**load, "key_dir": str(folder / "keys")})


def _hall_on_share(seconds: float, work: Path) -> dict[str, float]:
    from bench_share import office_peak

    from tests.faultfs import FaultShare

    share = FaultShare(work / "fs").start()
    try:
        return office_peak(share, 10, seconds, work, load=HALL_40)
    finally:
        share.stop()


def run(quick: bool) -> dict[str, float]:
    from tests.pg_cluster import Cluster, pg_bin

    bindir = pg_bin()
    if bindir is None:
        from _common import Skipped

        raise Skipped("PostgreSQL not installed (no initdb/pg_ctl)")
    from ult_desktop.db.open import init_server

    root = Path(tempfile.mkdtemp(prefix="ult-bench-pg-"))
    cluster = Cluster(bindir, root)
    cluster.init()
    proxy = None
    try:
        url = cluster.create_db("bench")
        init_server(url, demo=True, station_password="bench-pw")
        n = 30 if quick else 200
        local, trips, bare = _issue_times(url, n)
        proxy = DelayProxy(("127.0.0.1", cluster.port), ONE_WAY_DELAY_S)
        slow_url = f"postgresql://postgres@127.0.0.1:{proxy.port}/bench"
        slow, _, _ = _issue_times(slow_url, 20 if quick else 100)
        feed = _feed_times(slow_url, 15 if quick else 60)
        figures = {
            "server_roundtrips_issue": round(trips, 1),
            "server_roundtrips_issue_bare": round(bare, 1),
            "server_local_issue_p95_ms": percentile(local, 95),
            "server_10ms_issue_p50_ms": percentile(slow, 50),
            "server_10ms_issue_p95_ms": percentile(slow, 95),
            "server_10ms_feed_p95_ms": percentile(feed, 95),
        }
        from bench_share import PEAK_QUICK, PEAK_SECONDS

        seconds = PEAK_SECONDS[quick]
        visits = PEAK_QUICK if quick else {}  # (--quick: the peak's visits end and call again)
        work = root / "loads"
        work.mkdir()
        for key, value in _load_on_server(cluster, proxy.port, "peak", visits, seconds,
                                          work).items():
            figures[f"server_10ms_peak_{key}"] = value
        for key, value in _load_on_server(cluster, proxy.port, "hall", HALL_40, seconds,
                                          work).items():
            figures[f"server_10ms_hall40_{key}"] = value
        import os

        if os.environ.get("ULT_BENCH_HALL_FILE") == "1" or not quick:
            from tests.faultfs import fuse_unavailable_reason

            if fuse_unavailable_reason() is None:
                (work / "file").mkdir()
                for key, value in _hall_on_share(seconds, work / "file").items():
                    figures[f"share_10ms_hall40_{key}"] = value
        return figures
    finally:
        if proxy is not None:
            proxy.close()
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
