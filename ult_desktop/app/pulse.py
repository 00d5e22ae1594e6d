"""Every station's pulse: seen by the counters and Admin > Stasiun within seconds.

The record's heartbeat row is written once a minute (:class:`Heartbeat`, riding with the
station's own writes, since each write holds the lock others wait for). To see a stopped
station sooner, each station also rewrites its own small file every :data:`PULSE_S`
seconds, ``<record>.pulse/<station>.json``, taking no lock: its mode, its clock, its last
drawn frame and shown call, signed with its key (``closed`` in the last one).

Anyone who may write the share may write a pulse, so a pulse is untrusted: only a regular
file of at most :data:`MAX_BYTES` is read, only checked fields kept, and with a root of
trust only a pulse signed by the key registered for that name is believed. A pulse moves
only when later than the last believed one (a higher count of the same run, or a later
run), so an old pulse copied back says nothing new.

Readers judge by their own clock only: a believed pulse unmoved for
:data:`STOPPED_AFTER_S` is a stopped station; one vanished without its closing word is
*missing*; a frame older than :data:`FROZEN_AFTER_S` (writer's clock) is a frozen screen.
That is the one judgement of "alive" (:func:`alive_now` for a one-off look)."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ult_desktop.core.chain import verify_hex
from ult_desktop.core.errors import UltError
from ult_desktop.core.phone import PAGE_OFF, PAGE_UNKNOWN, PAGE_WORDS, page_judgement
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.house.stations import heartbeat
from ult_desktop.db.record.station_keys import registered_keys

log = logging.getLogger(__name__)

PULSE_S = 1.0
#: Read this often by a watch: a stopped station is named within
#: READ_S + STOPPED_AFTER_S + READ_S (< 5 s).
READ_S = 0.5
STOPPED_AFTER_S = 3.0  # six reads of a pulse that did not move
FROZEN_AFTER_S = 3.5
#: A pulse left behind (a PC switched off at its plug) is forgotten after this long.
FORGOTTEN_AFTER_S = 12 * 3600
#: A pulse is a few hundred bytes; a longer file is not one.
MAX_BYTES = 4096
#: A pulse's time more than this ahead of the reader's clock is not believed.
AHEAD_S = 86400.0
#: ... or further behind than this.
OLDEST_S = 30 * 86400.0
CONTEXT = b"ULT-PULSE-1\n"
RUN_CONTEXT = b"ULT-PULSE-RUN-1\n"
#: A run the station's signed heartbeat named is believed this long after that heartbeat
#: (beats come once a minute): a dead station's own pulses copied back keep it alive for
#: at most this long.
RUN_FRESH_S = 300.0
MODES = frozenset({"kiosk", "display", "counter", "admin", "survey"})
_STATION = re.compile(r"[\w.@() -]{1,80}")
_NUMBER = re.compile(r"[A-Z]{1,3}-\d{1,5}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_RUN = re.compile(r"[0-9a-f]{8}")


def printer_states() -> frozenset[str]:
    """The printer states a station may say (those the catalogue has words for)."""
    from ult_desktop.core.i18n import keys

    return frozenset(k[len("printer.status."):] for k in keys()
                     if k.startswith("printer.status."))


def pulse_dir(target) -> Path | None:
    """The pulse folder beside the record file *target*; None for a server's record."""
    text = str(target)
    if "://" in text:
        return None
    path = Path(text)
    return path.with_name(path.name + ".pulse")


def _body(station: str, data: dict, context: bytes = CONTEXT) -> bytes:
    """What *station*'s signature of *data* (a pulse; with :data:`RUN_CONTEXT`, the run its
    heartbeat names) covers: its fields but ``sig``, and the station's name."""
    return context + json.dumps({**{k: v for k, v in data.items() if k != "sig"},
                                 "station": station}, sort_keys=True,
                                separators=(",", ":")).encode("utf-8")


class Pulse:
    """This station's pulse (a daemon thread). ``info`` holds what the screen adds:
    ``frame_at`` (time.time() of its last frame), ``shown`` (its last call), ``printer``,
    ``phone`` (the page it should serve: served or not).
    *signer*: the key that signs it (this PC's station key; None: unsigned)."""

    def __init__(self, target, station: str, mode: str, period_s: float = PULSE_S,
                 signer=None):
        folder = pulse_dir(target)
        self.station = station
        self.file = None if folder is None else folder / f"{station}.json"
        self.mode, self.period_s, self.signer = mode, period_s, signer
        self.info: dict = {}
        # this run and its count: a pulse is newer by its count, never by a clock that
        # may be set back; a new run by its start
        self.run, self.started, self.seq = os.urandom(4).hex(), round(time.time(), 2), 0
        self._stop = threading.Event()
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="ult-pulse", daemon=True)
        if self.file is not None:
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.write()
            self._stop.wait(self.period_s)

    def content(self, **extra: Any) -> bytes:
        """The pulse as written now: its fields and, with a key, its signature."""
        self.seq += 1
        data = {"mode": self.mode, "at": round(time.time(), 2), "run": self.run,
                "started": self.started, "seq": self.seq, **self.info, **extra}
        signer = self.signer
        if signer is not None:
            data["key"] = signer.key_id
            data["sig"] = signer.sign(_body(self.station, data)).hex()
        return json.dumps(data).encode("utf-8")

    def note(self) -> dict:
        """What this station's heartbeat says of its pulse, signed: the run it writes now
        (its start) and when; a reader believes no other run's pulses (:func:`believe`)."""
        signer = self.signer
        if signer is None:
            return {}
        run = {"run": self.run, "started": self.started, "at": round(time.time(), 2)}
        return {"pulse": {**run, "key": signer.key_id,
                          "sig": signer.sign(_body(self.station, run, RUN_CONTEXT)).hex()}}

    def write(self, **extra: Any) -> None:
        try:
            text = self.content(**extra)
            self.file.parent.mkdir(exist_ok=True)
            # a fresh file of its own, then renamed over the pulse: never written through
            # a link or into a FIFO someone put in its place (the rename replaces the name
            # itself). A reader holding the old file open (Windows) fails this beat only.
            fd, fresh = tempfile.mkstemp(prefix=f".{self.station}.", suffix=".tmp",
                                         dir=self.file.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(text)
                os.replace(fresh, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(fresh)
                raise
        except (OSError, ValueError) as exc:
            if not self._failed:  # the share away: said once, retried every beat
                log.warning("pulse not written (%s): %s", self.file, exc)
            self._failed = True
            return
        self._failed = False

    def stop(self) -> None:
        """Stop; the last pulse says the station closed (on purpose: not a fault)."""
        self._stop.set()
        if self.file is None:
            return
        self._thread.join(timeout=2)
        self.write(closed=True)


def read_file(path: str, *, checked: bool = False) -> bytes | None:
    """The bytes of the regular file *path* if it is one of at most :data:`MAX_BYTES`;
    None for anything else. No link is followed and nothing but a regular file is
    opened (a FIFO would block the reader for good, a device never end). *checked*: the
    caller's listing said it is a regular file, no link (``DirEntry.is_file``)."""
    try:
        if not checked and not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
            | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)  # a link or FIFO put here since the lstat: refused
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= MAX_BYTES else None


def _time(value, wall: float) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and \
        math.isfinite(value) and wall - OLDEST_S <= value <= wall + AHEAD_S
    return float(value) if ok else None


def _call(value, wall: float, length: int) -> list | None:
    """A ``[number, time]`` (``[number, time, finished]``) the TV said, checked."""
    if not isinstance(value, list) or len(value) != length or not isinstance(value[0], str) \
            or not _NUMBER.fullmatch(value[0]) or _time(value[1], wall) is None:
        return None
    if length == 3 and not isinstance(value[2], bool):
        return None
    return value


def believe(station: str, raw: bytes | None, keys: dict[str, bytes] | None,
            wall: float, runs: dict[str, tuple] | None = None) -> dict | None:
    """The checked fields of the pulse *raw* of *station*, or None when it says nothing
    to believe. *keys*: the public key the record registered for each station's name
    (None: an office whose record does not sign yet, where an unsigned pulse is read).
    *runs*: the run each station's signed heartbeat names (:func:`heartbeat_runs`): a
    pulse of that run is believed while the heartbeat is fresh, one of a run started
    after it (a restart not yet told), never one of an older run."""
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("mode") not in MODES:
        return None
    at = _time(data.get("at"), wall)
    if at is None:
        return None
    if keys is not None and not _signed(station, data, keys.get(station)):
        return None
    order = _order(data, at, wall)
    told = (runs or {}).get(station)
    if told is not None and not (order[0] == told[0] and wall - told[2] <= RUN_FRESH_S or
                                 order[0] != told[0] and order[1] > told[1]):
        return None  # a run the heartbeat does not name, or named too long ago
    out: dict = {"mode": data["mode"], "at": at, "closed": data.get("closed") is True,
                 "order": order}
    frame = _time(data.get("frame_at"), wall)
    if frame is not None:
        out["frame_at"] = frame
    if data.get("printer") in printer_states():
        out["printer"] = data["printer"]
    if data.get("phone") in PAGE_WORDS:
        out["phone"] = data["phone"]
    for name, length in (("shown", 2), ("spoken", 3)):
        call = _call(data.get(name), wall, length)
        if call is not None:
            out[name] = call
    return out


def _order(data: dict, at: float, wall: float) -> tuple[str, float, float]:
    """(run, its start, count): a later pulse of one run has a higher count; a later run
    a later start. A pulse without them (an older writer) is ordered by its time."""
    run, started, seq = data.get("run"), _time(data.get("started"), wall), data.get("seq")
    if isinstance(run, str) and _RUN.fullmatch(run) and started is not None and \
            isinstance(seq, int) and not isinstance(seq, bool) and 0 < seq < 2 ** 53:
        return run, started, float(seq)
    return "", 0.0, at


def _newer(order: tuple[str, float, float], before: tuple[str, float, float]) -> bool:
    return order[2] > before[2] if order[0] == before[0] else order[1] > before[1]


def _signed(station: str, data: dict, public: bytes | None) -> bool:
    return _KEY_ID.fullmatch(str(data.get("key"))) is not None and \
        verify_hex(public, data.get("sig"), _body(station, data))


def read_pulses(folder: Path | None, keys: dict[str, bytes] | None = None,
                wall: float | None = None, runs: dict[str, tuple] | None = None
                ) -> dict[str, dict | None] | None:
    """Every pulse in *folder*: station -> its believed fields (:func:`believe`), None
    for a file that says nothing believable; {} without a folder, None when the folder
    cannot be listed now (the share away: nothing is known, nothing vanished)."""
    if folder is None:
        return {}
    wall = time.time() if wall is None else wall
    out: dict[str, dict | None] = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    for entry in entries:
        station = entry.name[:-5]
        if not entry.name.endswith(".json") or not _STATION.fullmatch(station) or \
                (keys is not None and station not in keys):
            continue  # a name the record does not know is nobody's
        try:
            regular = entry.is_file(follow_symlinks=False)
        except OSError:
            regular = False
        out[station] = believe(station, read_file(entry.path, checked=True) if regular
                               else None, keys, wall, runs)
    return out


def heartbeat_runs(conn, keys: dict[str, bytes] | None) -> dict[str, tuple]:
    """Station name -> (run, its start, when) its heartbeat row says it writes its pulse
    as, where the key the record registered for that name signed it (:meth:`Pulse.note`)."""
    out: dict[str, tuple] = {}
    for station, detail in conn.execute("SELECT id, detail FROM stations").fetchall():
        try:
            note = json.loads(detail or "{}").get("pulse")
            run = {k: note[k] for k in ("run", "started", "at")}
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if keys is None or not isinstance(station, str) or not verify_hex(
                keys.get(station), note.get("sig"), _body(station, run, RUN_CONTEXT)):
            continue
        if isinstance(run["run"], str) and all(isinstance(run[k], int | float) and
                                               math.isfinite(run[k]) for k in ("started", "at")):
            out[station] = (run["run"], float(run["started"]), float(run["at"]))
    return out


@dataclass
class _Seen:
    order: tuple | None  # the last believed pulse's (run, start, count): _order
    since: float       # when this reader saw it move (its own monotonic clock)
    mode: str
    closed: bool = False


class PulseJudge:
    """Successive reads of the pulse folder -> the stations that stopped, froze or went
    missing; :attr:`alive` the others, :attr:`moved` those whose pulse moved in the last
    read, :attr:`last` each station's last believed fields."""

    def __init__(self, monotonic=time.monotonic, wall=time.time):
        self.monotonic, self.wall = monotonic, wall
        self.seen: dict[str, _Seen] = {}
        self.last: dict[str, dict] = {}
        self.alive: set[str] = set()
        self.moved: set[str] = set()

    def judge(self, pulses: dict[str, dict | None] | None
              ) -> dict[str, tuple[str, str, int]]:
        """station -> (mode, ``stopped`` | ``frozen`` | ``missing``, seconds), the
        stations in trouble. *pulses* None: the folder could not be read (no news)."""
        now = self.monotonic()
        if pulses is None:
            pulses = dict.fromkeys(self.seen)
        out: dict[str, tuple[str, str, int]] = {}
        self.alive, self.moved = set(), set()
        for station in set(self.seen) - set(pulses):  # its file gone
            seen = self.seen[station]
            if seen.closed or now - seen.since > FORGOTTEN_AFTER_S:
                del self.seen[station]
                self.last.pop(station, None)
            else:  # deleted, never closed: named, not forgotten
                out[station] = (seen.mode, "missing", int(now - seen.since))
        for station, data in pulses.items():
            seen = self.seen.get(station)
            if seen is None:
                if data is not None and self.wall() - data["at"] > FORGOTTEN_AFTER_S:
                    continue  # left behind long ago
                # unreadable (half written, a station killed mid-write, not signed):
                # watched like any pulse, named stopped if it stays so
                seen = self.seen[station] = _Seen(None, now, data["mode"] if data else "")
            if data is not None and (seen.order is None or _newer(data["order"], seen.order)):
                if seen.order is not None:
                    self.moved.add(station)
                seen.order, seen.since, seen.mode = data["order"], now, data["mode"]
                seen.closed = data["closed"]
                self.last[station] = data
            trouble = self._trouble(station, seen, now)
            if trouble is not None:
                out[station] = trouble
            elif not seen.closed:
                self.alive.add(station)
        return out

    def _trouble(self, station: str, seen: _Seen, now: float) -> tuple[str, str, int] | None:
        if seen.closed:
            return None
        since = now - seen.since
        if since > STOPPED_AFTER_S:
            return (seen.mode, "stopped", int(since))
        last = self.last.get(station) or {}
        if "frame_at" in last and last["at"] - last["frame_at"] > FROZEN_AFTER_S:
            return (seen.mode, "frozen", int(last["at"] - last["frame_at"]))
        return None


def alive_now(folder: Path | None, keys: dict[str, bytes] | None, *,
              runs: dict[str, tuple] | None = None) -> set[str] | None:
    """The stations whose pulse moves now, the morning check's one-off look: read until each
    one seen open moved, at most :data:`STOPPED_AFTER_S` and half a beat (a half-written
    pulse or a folder briefly unlistable waits for the next read). None without a pulse
    folder (a server's record) or when it could not be read at all."""
    if folder is None:
        return None
    judge = PulseJudge()
    moved: set[str] = set()
    waiting: set[str] = set()  # every station seen open, not only in the last read
    read = False
    end = time.monotonic() + STOPPED_AFTER_S + PULSE_S / 2
    while True:
        pulses = read_pulses(folder, keys, runs=runs)
        if pulses is not None:
            read = True
            judge.judge(pulses)
            moved |= judge.moved
            for station, data in pulses.items():
                if data is not None:
                    (waiting.discard if data["closed"] else waiting.add)(station)
        if (read and waiting <= moved) or time.monotonic() > end:
            return moved if read else None
        time.sleep(PULSE_S / 4)


def pulse_keys(db: Database) -> tuple[dict[str, bytes] | None, dict[str, tuple]]:
    """The public key the record registered for each station's name (``None``: an office
    without a root of trust yet), vouched for by the root this PC was given; and the run
    each station's signed heartbeat names (:func:`heartbeat_runs`): in one read."""
    def read(conn):
        keys = registered_keys(conn, (db.trust or {}).get("root"))
        return keys, heartbeat_runs(conn, keys)
    return db.read(read)


def phone_page_now(db: Database, settings: dict,
                   alive: set[str] | None = None) -> tuple[str, str]:
    """The office's phone page now (``core.phone.page_judgement``) from the pulses
    beside *db*'s record, read once: what a ticket, the morning check and Admin go by."""
    if not (settings.get("phone_address") or "").strip():
        return PAGE_OFF, ""
    folder = pulse_dir(db.path) if db.path is not None else None
    if folder is None:  # a server's record keeps no pulses: nobody can say
        return PAGE_UNKNOWN, ""
    keys, runs = pulse_keys(db)
    return page_judgement(settings, read_pulses(folder, keys, runs=runs), alive)


#: The settings the verdict reads (and the station named to serve the page follows).
PAGE_KEYS = ("phone_address", "phone_port", "phone_station")


def page_verdict(db: Database, settings: dict | None = None) -> str | None:
    """:func:`phone_page_now`'s verdict alone (*settings*: read when not given); None
    when the record could not be read (``core.phone.tickets_carry_page`` decides)."""
    try:
        if settings is None:
            settings = db.read(lambda conn: read_settings(conn, PAGE_KEYS))
        return phone_page_now(db, settings)[0]
    except UltError as exc:
        log.info("phone page state not read: %s", exc)
        return None


class Heartbeat:
    """A station's heartbeat, :meth:`beat` once a minute. The next one rides inside the
    station's own next write that finds the lock free (never one that waited); only a station
    with no such write meanwhile (a TV, an idle desk) takes the lock for it: at the busy hour
    a third fewer writes on the share."""

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
