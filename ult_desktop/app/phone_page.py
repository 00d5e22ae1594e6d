"""The visitors' phone page, served inside the office by one station.

A ``ThreadingHTTPServer`` in the page's own process (``app.phone_serving``): GET only,
three static files and one JSON answer per ticket code, strict headers. The record is
read at most four times a second for all phones, on a thread of its own (a request waits
for it at most ``ANSWER_WAIT_S``); without the record the page keeps its last reading plus
the LAN calls and says it is unsure. Memory holds the day's reading (keyed code hashes), a request count per address
and the first band shown per ticket, all gone when the office day ends. See docs/phone.md."""

from __future__ import annotations

import hmac
import html
import io
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ult_desktop.core.band import NOT_TODAY, band_for, said
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import resources_dir
from ult_desktop.core.numbering import code_ticket_id, local_time, office_day, utc_now
from ult_desktop.core.phone import IDLE_POLL_MS, POLL_MS, Lines, band_hit, page_state
from ult_desktop.core.schedule import break_text
from ult_desktop.core.skm import code_hashes
from ult_desktop.core.tickets import S
from ult_desktop.db import errors, queries
from ult_desktop.db.engine.config_cache import CONFIG_EVENT_KINDS
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.feed import ChangeFeed

log = logging.getLogger(__name__)

REFRESH_S = 0.25                # the record is read at most this often (if it changed)
CONFIG_S = 60.0                 # its settings and service times at most this often
WHOLE_S = 600.0                 # the whole day again (a safety net) at most this often
ANSWER_WAIT_S = 3.0             # a request waits at most this long for a reading due
RATE, BURST = 4.0, 40           # requests per second per address, and its burst
MISS_BURST, MISS_EVERY_S = 10, 60.0  # unknown codes an address may try, one more a minute
#: Connections open at once (a thread each), in all and from one address. A request's head
#: arrives whole within ``HEAD_S`` or its connection is let go; and when the server (or an
#: address) is full, a newcomer takes the place of the oldest connection still sending its
#: head (stalled ``STALLED_S`` or more), of the address holding the most: a few slow
#: connections, behind one NAT address or many, never shut the page for the other phones.
MAX_OPEN, MAX_OPEN_PER_ADDRESS = 64, 8
HEAD_S, STALLED_S, HEAD_MAX = 3.0, 0.5, 8192
_CODE = re.compile(r"[A-Z0-9]{4,16}")
_FILES = {"/page.js": "application/javascript", "/page.css": "text/css"}
_HEADERS = {
    "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "connect-src 'self'; img-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'"}


class PhonePage:
    """The answers; *open_db* opens this page's own connection to the record."""

    def __init__(self, open_db: Callable[[], Database], *,
                 clock: Callable[[], float] = time.monotonic, now=utc_now) -> None:
        self._open_db, self._clock, self._now = open_db, clock, now
        self._db: Database | None = None
        self._lock = threading.Lock()
        self._reading: dict | None = None
        self._tried_at = self._config_at = self._whole_at = float("-inf")
        self._feed: ChangeFeed | None = None
        self.unsure = False
        self._heard: dict[str, int] = {}     # calls heard over the LAN today
        self._hits: dict[str, list[float]] = {}
        self._misses: dict[str, list[float]] = {}
        self._shown: dict[int, tuple[int, int, datetime]] = {}  # ticket id: first band, when
        self._tally = [0, 0]  # today's bands shown and held at the first call
        #: (day, shown, held) of each day over, for the station to write (appended here)
        self.ended: list[tuple[str, int, int]] = []

    # -- the record ------------------------------------------------------------------
    def reading(self) -> dict | None:
        """The day's reading, refreshed when older than ``REFRESH_S`` on a thread of its
        own, started by one request; that request waits for it at most ``ANSWER_WAIT_S``,
        the others not at all: they answer from the reading they have (none yet: they say
        so) and never queue up behind a slow share."""
        if self._clock() - self._tried_at >= REFRESH_S and self._lock.acquire(
                blocking=False):
            done = threading.Event()

            def refresh() -> None:
                try:
                    if self._clock() - self._tried_at >= REFRESH_S:  # not done meanwhile
                        self._refresh()
                finally:
                    self._lock.release()
                    done.set()
            threading.Thread(target=refresh, daemon=True, name="phone-reading").start()
            done.wait(ANSWER_WAIT_S)
        return self._reading

    def _refresh(self) -> None:
        self._tried_at = now_s = self._clock()
        now, old = self._now(), self._reading
        try:
            if self._db is None:
                self._db = self._open_db()
            # nothing committed since (the file's header, no lock): the reading stands
            events = self._feed.poll() if self._feed is not None else None
            if self._feed is None:
                self._feed = ChangeFeed(self._db)
            changed = events is None or bool(events)
            # the same day, no settings changed, the day read whole within WHOLE_S: its
            # tickets are kept and only what changed read again, the settings once a minute
            kept = old is not None and now_s - self._whole_at < WHOLE_S and \
                office_day(now, old["settings"]["timezone"]).isoformat() == old["day"] and \
                not any(e.kind in CONFIG_EVENT_KINDS for e in events or ())
            renew = kept and now_s - self._config_at >= CONFIG_S
            if not changed and kept and not renew:
                self._set_unsure(False)
                return
            reading = self._read(old if kept else None, events, now, renew)
        except errors.UltError as exc:
            log.info("phone page: the record is out of reach (%s)", type(exc).__name__)
            self._set_unsure(True)
            # the events taken are read in full next time
            self._config_at = self._whole_at = float("-inf")
            if old is not None and office_day(
                    now, old["settings"]["timezone"]).isoformat() != old["day"]:
                self._forget_day()  # codes die with their day, reachable or not
            return
        if not kept or renew:
            self._config_at = now_s
        if not kept:
            self._whole_at = now_s
        if old is not None and reading["day"] != old["day"]:
            self._forget_day()
        for tid in list(reading.pop("touched", self._shown)):  # called since: counted
            if tid not in self._shown:
                continue
            low, high, at = self._shown[tid]
            if called := getattr(reading["tickets"].get(tid, (0, None))[1], "called_at", None):
                del self._shown[tid]
                self._tally[0] += 1
                self._tally[1] += band_hit((low, high), (called - at).total_seconds() / 60)
        #: (ticket id, language): its answer, kept with the reading it was made from
        #: (a new one when the reading, the page's certainty or the LAN's word changes)
        reading["answers"] = {}
        self._reading, self.unsure = reading, False

    def _read(self, old: dict | None, events: list | None, now: datetime,
              renew: bool = False) -> dict:
        """The day's reading: by the change when only tickets changed since *old* (the
        tickets the events name, read again; *renew*: the page's slower settings, the
        counters and the services' pace read again too, in the same read), else in full
        (the settings kept from *old* when it is given)."""
        touched = {e.ticket_id for e in events or ()}
        if old is not None and None not in touched and (events or renew):
            day = old["day"]

            def read(conn) -> tuple[dict, dict]:
                rows = queries.read_phone_tickets(conn, day, touched) if touched else {}
                desks = queries.read_phone_desks(conn, now)
                if not renew:
                    return rows, desks
                return rows, {**queries.read_phone_config(conn, now), **desks}

            rows, slower = self._db.read(read)
            was = old["tickets"]
            return {**old, **slower, "tickets": {**was, **rows},
                    "lines": old["lines"].changed(
                        (was[i][1] if i in was else None, new) for i, (_, new) in rows.items()),
                    "last_id": max(old["last_id"], *rows) if rows else old["last_id"],
                    "touched": rows.keys()}
        config = {k: old[k] for k in ("settings", "salt", "ratios", "names_en")} \
            if old is not None else None
        reading = self._db.read(lambda conn: {**queries.read_phone_day(conn, now, config),
                                              "last_id": queries.read_last_ticket_id(conn)})
        reading["lines"] = Lines(t for _, t in reading["tickets"].values())
        return reading

    def _set_unsure(self, unsure: bool) -> None:
        if unsure != self.unsure:
            self.unsure = unsure
            self._answer_again()

    def _answer_again(self) -> None:
        """The answers kept are forgotten (the reading stays: a copy with none); holding
        the lock."""
        if (reading := self._reading) is not None:
            self._reading = {**reading, "answers": {}}

    def forget_past_day(self, today_too: bool = False) -> None:
        """The server's own loop, twice a second: a reading of an office day that has
        ended goes with all kept of it, whether or not a phone asks again; *today_too*:
        today's as well (the page stops), waiting for the lock."""
        old = self._reading
        if old is None or not today_too and office_day(
                self._now(), old["settings"]["timezone"]).isoformat() == old["day"] or \
                not self._lock.acquire(blocking=today_too):
            return
        try:
            if self._reading is old:  # not read again meanwhile
                self._forget_day()
        finally:
            self._lock.release()

    def _forget_day(self) -> None:
        old, self._reading, tally, self._tally = self._reading, None, self._tally, [0, 0]
        if old is not None and tally[0]:
            self.ended.append((old["day"], *tally))
        for kept in (self._shown, self._heard, self._hits, self._misses):
            kept.clear()

    def heard_call(self, number: str, counter: int) -> None:
        """A call the station heard over the LAN while the record was away."""
        with self._lock:  # never between a reading and its answers
            self._heard[number] = counter
            self._answer_again()

    # -- the answers -----------------------------------------------------------------
    def allowed(self, address: str) -> bool:
        """Whether *address* may ask now (a bucket of ``BURST``, ``RATE`` a second)."""
        bucket = _level(self._hits, address, self._clock(), RATE, BURST)
        ok = bucket[0] >= 1
        bucket[0] -= ok
        return ok

    def answer(self, code: str, lang: str, address: str) -> tuple[int, dict]:
        """The JSON for *code*; a wrong code, one of another day and one out of
        the reading's reach are answered alike (404). A code the page cannot judge yet
        (no reading, or a ticket newer than it) is answered "not sure yet" and costs
        the address nothing: that answer is the same for every code, so it tells a
        guesser nothing."""
        t = partial(tr, lang=lang)
        misses = _level(self._misses, address, self._clock(), 1 / MISS_EVERY_S, MISS_BURST)
        if misses[0] < 1:  # guessing codes: no more answers for a while
            return 429, {"status": "busy", "headline": t("phone.busy")}
        reading = self.reading()
        code = code.upper()
        tid = code_ticket_id(code) if _CODE.fullmatch(code) else None
        if reading is None or tid is not None and tid > reading["last_id"]:
            return 200, {"status": "pending", "headline": t("phone.status.pending"),
                         "lines": [t("phone.pending")], "unsure": "", "poll_ms": POLL_MS}
        found = self._ticket(reading, code, tid)
        if found is None:
            misses[0] -= 1
            return 404, {"status": "unknown", "headline": t("phone.status.unknown"),
                         "lines": [t("phone.unknown")],
                         "unsure": t("phone.unsure") if self.unsure else "",
                         # unsure: the code may be fine once the record is read again
                         "poll_ms": POLL_MS if self.unsure else IDLE_POLL_MS}
        answers = reading["answers"]  # its reading's: never kept past it
        if (kept := answers.get((found.id, lang))) is None:
            kept = answers[found.id, lang] = self._state(found, reading, t, lang)
        return 200, kept

    @staticmethod
    def _ticket(reading: dict, code: str, tid: int | None):
        if tid is None or not reading["salt"]:
            return None
        entry = reading["tickets"].get(tid)
        if entry is None or not any(hmac.compare_digest(entry[0] or "", h)
                                    for h in code_hashes(reading["salt"], code)):
            return None
        return entry[1]

    def _state(self, ticket, reading: dict, t, lang: str) -> dict:
        counter = self._heard.get(ticket.number) if self.unsure else None
        if counter is not None and ticket.state in (S.WAITING, S.TRANSFERRED):
            ticket = replace(ticket, state=S.CALLED, counter=counter)
        ahead = reading["lines"].ahead(ticket)
        settings = reading["settings"]
        band = said(band_for(reading["band_day"], ticket.id, reading["ratios"]), ahead or 0)
        waiting = ticket.state in (S.WAITING, S.TRANSFERRED)
        if ahead and band and band != NOT_TODAY and not ticket.called_at and waiting:
            self._shown.setdefault(ticket.id, (*band, self._now()))
        name = reading["names_en"].get(ticket.service_id) if lang == "en" else None
        state = page_state(ticket, t, ahead=ahead, band=band, service_name=name,
                           counter_name=reading["counters"].get(ticket.counter) or "",
                           missed_rule=settings["missed_call_rule"],
                           survey=bool(settings["survey_enabled"]), unsure=self.unsure)
        if waiting and (rest := break_text(settings, date.fromisoformat(ticket.day), t, after=(
                local_time(self._now(), settings["timezone"]).time()))):  # (not one passed)
            state["lines"].append(rest)  # "Istirahat 11.30–13.00"
        if waiting and ticket.priority:  # the office's promise to her, as the TV says it
            state["lines"].append(t("phone.priority_promise",
                                    min=settings["priority_promise_min"]))
        return state


def _level(buckets: dict[str, list[float]], key: str, now: float, rate: float,
           burst: int) -> list[float]:
    """*key*'s bucket ``[tokens, at]``, refilled *rate* a second up to *burst*."""
    if key not in buckets and len(buckets) > 10_000:  # a flood of made-up addresses
        buckets.clear()
    tokens, at = buckets.get(key, (burst, now))
    bucket = buckets[key] = [min(burst, tokens + (now - at) * rate), now]
    return bucket


class _Handler(BaseHTTPRequestHandler):
    server_version, sys_version = "ULT", ""
    timeout = 10  # a phone that stops reading its answer is let go

    def setup(self) -> None:
        super().setup()
        self.rfile = io.BytesIO(self._head())

    def _head(self) -> bytes:
        """The request's head, read whole within ``HEAD_S`` (b"": not in time, too
        long, or let go for a newcomer: the connection closes unanswered)."""
        server: PageHttpServer = self.server  # type: ignore[assignment]
        deadline, head = time.monotonic() + HEAD_S, b""
        server.heading(self.connection, self.client_address[0])
        try:
            while b"\r\n\r\n" not in head and b"\n\n" not in head:
                left = deadline - time.monotonic()
                if left <= 0 or len(head) > HEAD_MAX:
                    return b""
                self.connection.settimeout(left)
                chunk = self.connection.recv(4096)
                if not chunk:
                    return b""
                head += chunk
        except OSError:  # a timeout, or let go
            return b""
        finally:
            server.headed(self.connection)
            self.connection.settimeout(self.timeout)
        return head

    def parse_request(self) -> bool:
        """HTTP/1.x only: a request line without its version (HTTP/0.9, answered with
        no headers at all) or of another version is refused."""
        words = self.raw_requestline.split()
        if len(words) != 3 or not re.fullmatch(rb"HTTP/1\.[01]", words[2]):
            self.request_version, self.requestline = "HTTP/1.0", ""  # said with headers
            self.close_connection = True
            self._send(400, "", "text/plain")
            return False
        return super().parse_request()

    def do_GET(self) -> None:
        page: PhonePage = self.server.page  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        lang = "en" if parse_qs(url.query).get("lang") == ["en"] else "id"
        if not page.allowed(self.client_address[0]):
            return self._send(429, json.dumps({"status": "busy"}), "application/json")
        path = url.path
        if path.startswith("/s/"):
            status, body = page.answer(path[3:], lang, self.client_address[0])
            return self._send(status, json.dumps(body), "application/json")
        if path.startswith("/t/"):
            return self._send(200, _html(lang), "text/html")
        if path in _FILES:
            return self._send(200, _resource(path[1:]), _FILES[path])
        self._send(404, "", "text/plain")

    def _refuse(self) -> None:
        self._send(405, "", "text/plain", Allow="GET")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _refuse

    def _send(self, status: int, body: str, kind: str, **extra: str) -> None:
        data = body.encode()
        self.send_response(status)
        for name, value in {**_HEADERS, **extra, "Content-Type": f"{kind}; charset=utf-8",
                            "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:
        pass  # a request line carries a code: nothing of it is logged


def _resource(name: str) -> str:
    return (resources_dir() / "phone" / name).read_text(encoding="utf-8")


#: The words of ``resources/phone/page.html`` (its ``{{key}}`` places).
PAGE_WORDS = ("phone.title", "phone.number", "phone.loading", "phone.lang_switch", "phone.tap",
              "phone.tap_why", "phone.tap_done", "phone.offline", "phone.busy",
              "phone.noscript")


def _html(lang: str) -> str:
    """The page with its words in *lang* (``{{key}}`` filled, escaped)."""
    words = {key: tr(key, lang) for key in PAGE_WORDS}
    words.update(lang=lang, other="id" if lang == "en" else "en")
    return re.sub(r"\{\{([a-z_.]+)\}\}", lambda m: html.escape(words[m.group(1)]),
                  _resource("page.html"))


_BUSY = (b"HTTP/1.0 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: close\r\n"
         b"Cache-Control: no-store\r\n\r\n")


class PageHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of phones waits in the backlog, not refused

    def __init__(self, address, handler, bind_and_activate: bool = True) -> None:
        super().__init__(address, handler, bind_and_activate)
        self._open: dict[str, int] = {}
        self._heads: dict[socket.socket, tuple[float, str]] = {}  # still sending, since
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        """A thread for the connection; when too many are open (from its address or in
        all), it takes the place of a stalled head (:meth:`_let_go`), or is told 429 at
        once, no thread, and the phone asks again a little later."""
        address = client_address[0]
        with self._open_lock:
            mine = self._open.get(address, 0)
            full = mine >= MAX_OPEN_PER_ADDRESS and not self._let_go(address) or \
                sum(self._open.values()) >= MAX_OPEN and not self._let_go(None)
            if not full:
                self._open[address] = mine + 1
        if full:  # told at once, as a phone asking too often is, and let go
            try:
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._closed(address)
            raise

    def heading(self, conn, address: str) -> None:
        with self._open_lock:
            self._heads[conn] = (time.monotonic(), address)

    def headed(self, conn) -> None:
        with self._open_lock:
            self._heads.pop(conn, None)

    def _let_go(self, address: str | None) -> bool:
        """Close the oldest connection still sending its head after ``STALLED_S``, of
        *address* (None: of the address holding the most): its thread ends and its place
        is the newcomer's (the count may stay one over until it has). Holding the lock."""
        now = time.monotonic()
        stalled = [(-self._open.get(a, 0), at, c) for c, (at, a) in self._heads.items()
                   if address in (None, a) and now - at >= STALLED_S]
        if not stalled:
            return False
        conn = min(stalled, key=lambda x: x[:2])[2]
        del self._heads[conn]
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return True

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._closed(client_address[0])

    def _closed(self, address: str) -> None:
        with self._open_lock:
            if (left := self._open.pop(address, 0) - 1) > 0:
                self._open[address] = left

    def service_actions(self) -> None:
        super().service_actions()
        try:
            self.page.forget_past_day()  # type: ignore[attr-defined]
        except Exception:  # never the end of the loop that answers the phones
            log.warning("phone page: the day's end not checked", exc_info=True)

    def handle_error(self, request, client_address) -> None:
        log.debug("phone page: a request ended early", exc_info=True)  # a phone walked off


class PhoneServer:
    """:class:`PhonePage` listening on *host*:*port* (or on the bound *listener*) in a
    background thread."""

    def __init__(self, page: PhonePage, host: str = "", port: int = 0, *,
                 listener: socket.socket | None = None) -> None:
        self.page = page
        self.httpd = PageHttpServer((host, port), _Handler, bind_and_activate=listener is None)
        if listener is not None:  # bound (and listening) by the station
            self.httpd.socket.close()
            self.httpd.socket = listener
            self.httpd.server_address = listener.getsockname()
        self.httpd.page = self.page  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                        name="phone-page")
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
