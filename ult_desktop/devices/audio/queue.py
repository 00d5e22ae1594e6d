"""The announcement queue: calls and recalls spoken in event order, one at a time.

Requests are composed on a background thread and handed to the *player*
(``play(utterance, done)``) one after another, the next only once ``done()`` came; a
player that never answers is given up after the utterance's length plus a margin, so a
broken sound device cannot stall the queue."""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ult_desktop.devices.audio.compose import Utterance

log = logging.getLogger(__name__)

PLAY_MARGIN_S = 5.0
PLAYED_KEPT = 500


@dataclass(frozen=True)
class CallRequest:
    """One announcement to make: the event that caused it and what to say."""

    event_id: int
    number: str
    counter: int
    kind: str = "called"  # "called" or "recalled"
    #: the visitor waits seated and an officer comes: no counter said
    fetch: bool = False


Composer = Callable[[CallRequest], Utterance]
Player = Callable[[Utterance, Callable[[], None]], None]


class AnnouncementQueue:
    """FIFO of :class:`CallRequest` (module docstring). *compose* makes the
    :class:`Utterance` (an exception is logged and the request skipped); *play* starts it
    and calls ``done()`` from any thread when finished."""

    def __init__(self, compose: Composer, play: Player, *,
                 margin_s: float = PLAY_MARGIN_S) -> None:
        self._compose = compose
        self._play = play
        self._margin_s = margin_s
        self._requests: queue.Queue[CallRequest | None] = queue.Queue()
        self._last_id = 0
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        #: The most recent requests played (or given up on), oldest first.
        self.played: deque[CallRequest] = deque(maxlen=PLAYED_KEPT)
        #: Told of each request once its sound ended: ``on_played(request, finished)``
        #: (False: the output never said it finished), on the announcer's thread.
        self.on_played: Callable[[CallRequest, bool], None] | None = None
        self._thread = threading.Thread(target=self._run, name="ult-announcer", daemon=True)
        self._thread.start()

    def submit(self, request: CallRequest) -> bool:
        """Queue *request*; False for an event id not above the last one queued (a repeat:
        the feed re-read after an outage), which is ignored."""
        with self._lock:
            if self._closed or request.event_id <= self._last_id:
                return False
            self._last_id = request.event_id
            self._pending += 1
            self._idle.clear()
        self._requests.put(request)
        return True

    @property
    def pending(self) -> int:
        """Requests submitted but not yet finished playing."""
        with self._lock:
            return self._pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted request has been played (for tests and shutdown)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 2.0) -> None:
        with self._lock:
            self._closed = True
        self._requests.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            request = self._requests.get()
            if request is None:
                return
            try:
                utterance = self._compose(request)
            except Exception:  # a bad request must not stop the calls behind it
                log.exception("could not prepare announcement for %s", request.number)
            else:
                self._play_one(request, utterance)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()

    def _play_one(self, request: CallRequest, utterance: Utterance) -> None:
        finished = threading.Event()
        try:
            self._play(utterance, finished.set)
        except Exception:
            log.exception("sound output failed for %s", request.number)
            ended = False
        else:
            ended = finished.wait(utterance.duration_s + self._margin_s)
            if not ended:
                log.warning("sound output did not finish %s in time; continuing",
                            request.number)
            self.played.append(request)
        if self.on_played is not None:
            try:
                self.on_played(request, ended)
            except Exception:
                log.exception("on_played failed for %s", request.number)
