"""Every station's pulse: seen by the counters and Admin > Stasiun within seconds.

The heartbeat row in the record is written once a minute (:class:`Heartbeat`: riding with
the station's own writes where it can, since each write holds the file's lock the other
stations wait for). A station that stopped must be seen sooner, so each
running station also keeps a tiny file of its own beside the record,
``<record>.pulse/<station>.json``, rewritten every :data:`PULSE_S` seconds by a thread
of its own: no lock of the record is taken, and no station writes another's file. It
says the station's mode, when it wrote (its own clock), when its screen last drew a
frame and the last call it showed (the TV). A station closed properly removes its file.

Readers (a counter's hall strip, Admin > Stasiun) list the folder every few seconds and
judge by their own clock only (no two PCs' clocks compared): a pulse whose content has
not changed for :data:`STOPPED_AFTER_S` is a station that stopped (killed, hung, its PC
off); a pulse still written whose frame is older than :data:`FROZEN_AFTER_S` (both
times by the writer's clock) is a screen that froze: the process lives, nothing shows.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from ult_desktop.db.engine import Database
from ult_desktop.db.record.feed import heartbeat

log = logging.getLogger(__name__)

PULSE_S = 1.0
STOPPED_AFTER_S = 3.5  # four reads of an unchanged pulse: named within 5 s
FROZEN_AFTER_S = 3.5
#: A pulse left behind (a PC switched off at its plug) is forgotten after this long.
FORGOTTEN_AFTER_S = 12 * 3600


def pulse_dir(target) -> Path | None:
    """The pulse folder beside the record file *target*; None for a server's record."""
    text = str(target)
    if "://" in text:
        return None
    path = Path(text)
    return path.with_name(path.name + ".pulse")


class Pulse:
    """This station's pulse (a daemon thread). ``info`` holds what the screen adds:
    ``frame_at`` (time.time() of its last frame), ``shown`` (its last call), ``printer``."""

    def __init__(self, target, station: str, mode: str, period_s: float = PULSE_S):
        folder = pulse_dir(target)
        self.file = None if folder is None else folder / f"{station}.json"
        self.mode, self.period_s = mode, period_s
        self.info: dict = {}
        self._stop = threading.Event()
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="ult-pulse", daemon=True)
        if self.file is not None:
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.write()
            self._stop.wait(self.period_s)

    def write(self) -> None:
        data = {"mode": self.mode, "at": round(time.time(), 2), "pid": os.getpid(),
                **self.info}
        try:
            self.file.parent.mkdir(exist_ok=True)
            # overwritten in place, not replaced: a reader holding it open (Windows) never
            # makes the write fail; a half-written read is judged as "not changed"
            with open(self.file, "w", encoding="utf-8") as f:
                f.write(json.dumps(data))
        except OSError as exc:
            if not self._failed:  # the share away: said once, retried every beat
                log.warning("pulse not written (%s): %s", self.file, exc)
            self._failed = True
            return
        self._failed = False

    def stop(self) -> None:
        """Stop; the file is removed (a station closed on purpose is not a fault)."""
        self._stop.set()
        if self.file is None:
            return
        self._thread.join(timeout=2)
        try:
            self.file.unlink(missing_ok=True)
        except OSError as exc:
            log.info("pulse file not removed: %s", exc)


def read_pulses(folder: Path | None) -> dict[str, tuple[float, dict]]:
    """Every pulse in *folder*: station -> (file's mtime, content); {} when none."""
    out: dict[str, tuple[float, dict]] = {}
    if folder is None:
        return out
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        try:
            mtime = entry.stat().st_mtime
        except OSError:
            continue  # removed since listed: the station closed
        try:
            with open(entry.path, encoding="utf-8") as f:
                data = json.loads(f.read())
        except (OSError, ValueError):
            data = None  # being written now: judged as not changed
        out[entry.name[:-5]] = (mtime, data if isinstance(data, dict) else {})
    return out


def kiosk_printers(pulses: dict[str, tuple[float, dict]], *,
                   leave_out=()) -> dict[str, str]:
    """Each kiosk's printer state as its pulse says it (stations in *leave_out* left out:
    one that stopped says nothing new)."""
    return {s: data["printer"] for s, (_mtime, data) in pulses.items()
            if s not in leave_out and data.get("mode") == "kiosk"
            and isinstance(data.get("printer"), str)}


class PulseJudge:
    """Successive reads of the pulse folder -> the stations that stopped or froze."""

    def __init__(self, monotonic=time.monotonic, wall=time.time):
        self.monotonic, self.wall = monotonic, wall
        self.seen: dict[str, tuple[float, float, str]] = {}  # station: (at, since, mode)

    def judge(self, pulses: dict[str, tuple[float, dict]]) -> dict[str, tuple[str, str, int]]:
        """station -> (mode, ``stopped`` | ``frozen``, seconds), the stations in trouble."""
        now = self.monotonic()
        out: dict[str, tuple[str, str, int]] = {}
        for station in set(self.seen) - set(pulses):  # closed on purpose: file removed
            del self.seen[station]
        for station, (mtime, data) in pulses.items():
            at, mode = data.get("at"), data.get("mode")
            if not isinstance(at, int | float):
                at, mode = None, None
            before = self.seen.get(station)
            if before is None:
                if self.wall() - mtime > FORGOTTEN_AFTER_S:
                    continue  # left behind long ago
                # unreadable (half written, or left so by a station killed mid-write):
                # watched like any pulse, named stopped if it stays so
                self.seen[station] = before = (at, now, str(mode or ""))
            elif at is not None and at != before[0]:
                self.seen[station] = before = (at, now, str(mode))
            since = now - before[1]
            if since > STOPPED_AFTER_S:
                out[station] = (before[2], "stopped", int(since))
                continue
            frame = data.get("frame_at")
            if at is not None and isinstance(frame, int | float) and \
                    at - frame > FROZEN_AFTER_S:
                out[station] = (before[2], "frozen", int(at - frame))
        return out


class Heartbeat:
    """A station's heartbeat, :meth:`beat` once a minute. After each, the next one rides
    with the station's own next write (a kiosk's landing, a counter's act: inside that
    transaction, no write lock of its own); only a station that wrote nothing meanwhile
    (a TV, an idle desk) takes the lock for it. At the busy hour that is a third fewer
    writes on the share, each of which the others would wait behind."""

    def __init__(self) -> None:
        self.rode = False  # the last armed heartbeat went with one of the station's writes

    def _rode(self) -> None:
        self.rode = True

    def beat(self, db: Database, **kwargs: Any) -> bool:
        """Write the heartbeat unless one rode since the last beat; arm the next. False:
        the lock stayed busy (``heartbeat``)."""
        rode, self.rode = self.rode, False
        wrote = True
        if not rode:
            db.ride(None)  # this write is the heartbeat: nothing rides with it
            wrote = heartbeat(db, **kwargs)
        heartbeat(db, rode=self._rode, **{k: v for k, v in kwargs.items() if k != "outbox"})
        return wrote
