"""A loopback "thermal printer" on a real TCP socket, for tests and the benchmark.

It listens on 127.0.0.1, records every byte of every connection, and answers the
ESC/POS real-time status requests (DLE EOT n) the way an Epson TM printer does, so the
real python-escpos ``Network`` backend talks to it exactly as to a LAN printer.

Behaviours (``mode``):
    ok         answers status: online, paper adequate
    paper_low  paper near-end sensor set
    paper_out  paper end sensor set
    offline    online status bit 3 set (cover open / error)
    cover_open offline, and says why: the cover (DLE EOT 2)
    cutter_error offline, an error, the autocutter's (DLE EOT 2 and 3)
    silent     reads everything, never answers status (printers without status support)
    hang       accepts the connection, then never reads and never answers
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import pytest

DLE_EOT = b"\x10\x04"

ONLINE_OK, ONLINE_OFF = 0x12, 0x1A
PAPER_OK, PAPER_LOW, PAPER_OUT = 0x12, 0x1E, 0x72
OFFLINE_MODES = ("offline", "cover_open", "cutter_error")


@dataclass
class Connection:
    data: bytearray = field(default_factory=bytearray)
    opened_at: float = 0.0
    last_byte_at: float = 0.0     # time.perf_counter() of the last byte received
    closed: bool = False
    status_queries: list[int] = field(default_factory=list)

    def ticket_bytes(self) -> bytes:
        """The bytes without the status requests in front."""
        out = bytes(self.data)
        while out.startswith(DLE_EOT) and len(out) >= 3:
            out = out[3:]
        return out


class LoopbackPrinter:
    def __init__(self, mode: str = "ok"):
        self.mode = mode
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.host, self.port = self._server.getsockname()[:2]
        self.connections: list[Connection] = []
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept_loop, daemon=True,
                                        name="loopback-printer")
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    # -- server ----------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            conn = Connection(opened_at=time.perf_counter())
            with self._cond:
                self.connections.append(conn)
                self._sockets.append(sock)
                self._cond.notify_all()
            if self.mode == "hang":
                continue  # keep the socket open, never read
            threading.Thread(target=self._serve, args=(sock, conn), daemon=True).start()

    def _answer(self, n: int) -> bytes | None:
        if self.mode == "silent":
            return None
        if n == 1:
            return bytes([ONLINE_OFF if self.mode in OFFLINE_MODES else ONLINE_OK])
        if n == 2:  # why offline: cover open (bit 2), an error (bit 6)
            return bytes([{"cover_open": 0x16, "cutter_error": 0x52}.get(self.mode, 0x12)])
        if n == 3:  # which error: the autocutter (bit 3)
            return bytes([0x1A if self.mode == "cutter_error" else 0x12])
        if n == 4:
            return bytes([{"paper_low": PAPER_LOW, "paper_out": PAPER_OUT}.get(self.mode,
                                                                               PAPER_OK)])
        return bytes([0x12])

    def _serve(self, sock: socket.socket, conn: Connection) -> None:
        sock.settimeout(0.2)
        scanned = 0
        while not self._stop.is_set():
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            with self._cond:
                conn.data += chunk
                conn.last_byte_at = now
                # Answer DLE EOT n requests (also when split across reads).
                while True:
                    at = conn.data.find(DLE_EOT, max(0, scanned - 2))
                    if at < 0 or at + 2 >= len(conn.data):
                        scanned = len(conn.data) if at < 0 else at
                        break
                    n = conn.data[at + 2]
                    conn.status_queries.append(n)
                    reply = self._answer(n)
                    if reply:
                        try:
                            sock.sendall(reply)
                        except OSError:
                            pass
                    scanned = at + 3
                self._cond.notify_all()
        with self._cond:
            conn.closed = True
            self._cond.notify_all()
        sock.close()

    # -- for tests ------------------------------------------------------------------------
    def wait_closed(self, count: int = 1, timeout: float = 10.0) -> list[Connection]:
        """Wait until *count* connections were opened and closed by the client."""
        with self._cond:
            ok = self._cond.wait_for(
                lambda: sum(1 for c in self.connections if c.closed) >= count, timeout)
            if not ok:
                raise AssertionError(f"printer saw {len(self.connections)} connection(s), "
                                     f"{sum(c.closed for c in self.connections)} closed")
            return [c for c in self.connections if c.closed]

    def wait_connections(self, count: int = 1, timeout: float = 10.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.connections) >= count, timeout):
                raise AssertionError("no connection reached the printer")

    def tickets(self) -> list[bytes]:
        with self._cond:
            return [c.ticket_bytes() for c in self.connections if c.closed]

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        for sock in self._sockets:
            try:
                sock.close()
            except OSError:
                pass
        self._thread.join(2)


def refused_url() -> str:
    """A tcp:// URL where nothing listens (connection refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"tcp://127.0.0.1:{port}"


@pytest.fixture
def loopback_printer():
    """A healthy loopback printer; set ``.mode`` before printing to change behaviour."""
    printer = LoopbackPrinter()
    yield printer
    printer.close()


class PtyPrinter:
    """A serial "printer" on a pseudo-terminal (POSIX): ``serial://`` opens the slave
    side with pyserial; this reads the master side, records bytes, answers status."""

    def __init__(self, mode: str = "ok"):
        import os
        import pty
        import tty

        self.mode = mode
        self._master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.data = bytearray()
        self.status_queries: list[int] = []
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="pty-printer")
        self._thread.start()

    @property
    def url(self) -> str:
        return f"serial://{self.path}?baud=19200"

    def _loop(self) -> None:
        import os
        import select

        scanned = 0
        answers = LoopbackPrinter.__new__(LoopbackPrinter)
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                break
            with self._cond:
                self.data += chunk
                while True:
                    at = self.data.find(DLE_EOT, max(0, scanned - 2))
                    if at < 0 or at + 2 >= len(self.data):
                        scanned = len(self.data) if at < 0 else at
                        break
                    n = self.data[at + 2]
                    self.status_queries.append(n)
                    answers.mode = self.mode
                    reply = answers._answer(n)
                    if reply:
                        os.write(self._master, reply)
                    scanned = at + 3
                self._cond.notify_all()

    def wait_for(self, needle: bytes, timeout: float = 10.0) -> bytes:
        with self._cond:
            if not self._cond.wait_for(lambda: needle in self.data, timeout):
                raise AssertionError(f"{needle!r} never reached the serial printer")
            return bytes(self.data)

    def close(self) -> None:
        import os

        self._stop.set()
        self._thread.join(2)
        for fd in (self._master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
