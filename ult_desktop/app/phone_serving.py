"""Where the station serves the visitors' phone page (``app.phone_page``): the page runs
in a process of its own (:class:`PageProcess`), never in the station window's
interpreter, which a long paint or a busy worker would take from the phones; the station
binds its socket, follows the office's settings (:class:`Serving`), passes on the calls
it hears over the LAN and takes back each day's count of bands. See docs/phone.md."""

from __future__ import annotations

import errno
import logging
import socket
import time

from ult_desktop.app.phone_page import PageHttpServer, PhonePage, PhoneServer
from ult_desktop.core.phone import PAGE_NOT_SERVED, PAGE_SERVED, serves_here
from ult_desktop.db.open import open_database

log = logging.getLogger(__name__)

#: Why an address could not be bound (``phone.bind.<kind>``): the port held by another
#: program (EADDRINUSE; WSAEACCES when that one's bind is exclusive) or an address this
#: PC does not have (EADDRNOTAVAIL); Windows' and POSIX's numbers both.
BIND_KINDS = {"port_taken": {errno.EADDRINUSE, 10048, 10013},
              "not_this_pc": {errno.EADDRNOTAVAIL, 10049}}


def bind_problem(exc: OSError) -> str:
    """The kind of *exc* (:data:`BIND_KINDS`), ``other`` for anything else."""
    code = getattr(exc, "winerror", None) or exc.errno
    return next((kind for kind, codes in BIND_KINDS.items() if code in codes), "other")


RETRY_S = 30                    # an address not bound (yet) is tried again this often


def listen(host: str, port: int) -> socket.socket:
    """The page's socket, bound and listening (OSError: not this PC's address, or the port is
    taken). On Windows the bind is exclusive (``SO_EXCLUSIVEADDRUSE``): nothing binds over
    the page's port, nor the page over another's; elsewhere ``SO_REUSEADDR`` only lets a
    restart bind past TIME_WAIT."""
    if not hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
        return socket.create_server((host, port), backlog=PageHttpServer.request_queue_size)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        sock.bind((host, port))
        sock.listen(PageHttpServer.request_queue_size)
    except OSError:
        sock.close()
        raise
    return sock


def serve(path, station: str, listener: socket.socket, pipe, key_folder=None) -> None:
    """The page's own process: answers on *listener* until the station says ``stop`` (or is
    gone); the station's heard calls come in on *pipe*, each day's count goes back on it
    (``ended``), then ``stopped``. *key_folder*: the station's key, which opens the
    survey-code key visitors' codes are checked with."""
    logging.basicConfig(level=logging.WARNING)
    signer = None
    if key_folder is not None:
        from ult_desktop.app.station_key import read_key

        try:
            signer = read_key(key_folder)
        except (OSError, ValueError):
            log.warning("phone page: this station's key is not readable: codes unchecked")
    page = PhonePage(lambda: open_database(path, station=station, mode="phone",
                                           signer=signer))
    server = PhoneServer(page, listener=listener)
    try:
        while True:
            try:
                if pipe.poll(0.5):
                    message = pipe.recv()
                    if message[0] == "stop":
                        break
                    page.heard_call(*message[1:])
            except (EOFError, OSError):  # the station is gone: so is its page
                break
            while page.ended:
                pipe.send(("ended", page.ended.pop(0)))
    finally:
        server.stop()
        page.forget_past_day(today_too=True)
        try:
            for count in page.ended:
                pipe.send(("ended", count))
            pipe.send(("stopped",))
        except OSError:
            pass


class PageProcess:
    """The page as its own process (never the station window's interpreter, which a
    long paint or a busy worker would take from the phones): :func:`serve` on a socket
    the station bound; its days' counts are gathered into *ended*."""

    STOP_S = 5.0

    def __init__(self, path, station: str, listener: socket.socket,
                 ended: list, key_folder=None) -> None:
        import multiprocessing

        self.port, self.ended = listener.getsockname()[1], ended
        context = multiprocessing.get_context("spawn")  # as on Windows, everywhere
        self._pipe, theirs = context.Pipe()
        self.process = context.Process(target=serve, args=(path, station, listener, theirs,
                                                           key_folder),
                                       name="ult-phone-page", daemon=True)
        self.process.start()
        theirs.close()
        listener.close()  # the page's now

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def heard_call(self, number: str, counter: int) -> None:
        try:
            self._pipe.send(("heard", number, counter))
        except OSError:
            log.info("phone page: a call heard could not be passed on (the page stopped)")

    def collect(self, wait: float = 0.0) -> bool:
        """Take the counts the page sent (waiting up to *wait* s for ``stopped``)."""
        deadline = time.monotonic() + wait
        try:
            while self._pipe.poll(max(0.0, deadline - time.monotonic())):
                message = self._pipe.recv()
                if message[0] == "stopped":
                    return True
                self.ended.append(message[1])
        except (EOFError, OSError):
            pass
        return False

    def stop(self) -> None:
        try:
            self._pipe.send(("stop",))
        except OSError:
            pass
        self.collect(self.STOP_S)
        self.process.join(self.STOP_S)
        if self.process.is_alive():
            log.warning("phone page: its process did not stop; ended")
            self.process.kill()
            self.process.join(self.STOP_S)
        self._pipe.close()


class Serving:
    """The page as a station serves it: started, moved or stopped as the office's
    settings (:meth:`follow`) say; the calls its station hears go to it. An address
    that cannot be bound yet (the network not up at boot, the port taken) is tried
    again by :meth:`retry` (the station's timer), and :attr:`problem` says why not.
    :attr:`ended`: the pages' counts of days over (or stopped), for the station to write."""

    def __init__(self, path, station: str, mode: str, key_folder=None) -> None:
        self.path, self.station, self.mode = path, station, mode
        self.key_folder = key_folder  # the station's key's (:func:`serve`)
        self.server: PageProcess | None = None
        self.problem: str | None = None
        self.problem_kind = "other"  # what self.problem is, in words (BIND_KINDS)
        self.at: tuple[str, int] | None = None  # where the settings say, if here
        self.ended: list[tuple[str, int, int]] = []

    @property
    def state(self) -> str | None:
        """What this station says of the page (``core.phone.PAGE_WORDS``): served, or
        not served though the settings name it; None when it is not this station's."""
        if self.at is None:
            return None
        return PAGE_SERVED if self.server is not None and self.server.alive \
            else PAGE_NOT_SERVED

    @property
    def waiting(self) -> bool:
        """The page should be served here and is not (yet)."""
        return self.at is not None and self.server is None

    def follow(self, settings: dict) -> None:
        at = ((settings["phone_address"].strip(), settings["phone_port"])
              if serves_here(settings, self.station, self.mode) else None)
        if at != self.at:
            self.stop()
            self.at, self.problem = at, None
        self.retry()

    def retry(self) -> None:
        """Start the page where the settings say, if it should run and does not (or its
        process ended); gather the counts it sent."""
        if self.server is not None:
            self.server.collect()
            if not self.server.alive:
                log.warning("phone page: its process ended; started again")
                self.server.stop()
                self.server = None
        if not self.waiting:
            return
        host, port = self.at
        try:
            listener = listen(host, port)
        except OSError as exc:
            if str(exc) != self.problem:  # once per reason, not every try all day
                log.warning("phone page not started on %s:%s: %s (tried again every "
                            "%d s)", host, port, exc, RETRY_S)
            self.problem, self.problem_kind = str(exc), bind_problem(exc)
            return
        self.server = PageProcess(self.path, self.station, listener, self.ended,
                                  self.key_folder)
        if self.problem is not None:
            log.warning("phone page started on %s:%s after all", host, port)
        self.problem = None

    def heard_call(self, number: str, counter: int) -> None:
        if self.server is not None:
            self.server.heard_call(number, counter)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()  # today's count comes back with it, to write
            self.server = None
