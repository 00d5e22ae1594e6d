"""A station hears counters' calls on the LAN (``devices.lan``): the TV, and a counter or
kiosk serving the visitors' phone page.

A call is believed when its key may call (as read while the file was there) and it is
recent, new, not dated ahead, and names a counter and prefix of this office
(``lan.believe``). While the file is away the TV shows and speaks it and records it when the
file is back (``lan_calls_spoken``). While the file is there only the TV listens, to calls
naming the record's act (``heard_held``): shown at once, then confirmed by the feed or taken
back (``DisplayModel.withdraw_unconfirmed``). Worker-side reads and writes live here too."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone

from PySide6.QtCore import QObject, Signal

from ult_desktop.app.localfiles import read_json
from ult_desktop.devices import lan
from ult_desktop.ui.common.off_gui import Relay

log = logging.getLogger(__name__)


#: The TV's record of the calls it spoke from the LAN while the file was away.
LAN_CALLS_SPOKEN = "lan_calls_spoken"
#: The states in which the file is away: the only time a call naming no act is heard.
_AWAY = ("unavailable", "too_new", "migration_waits")
#: While the file is there, a call is news for seconds (then the feed has it): one whose
#: act is further from this TV's clock is not heard (two PCs' clocks differ a little). Its
#: nonce is kept in memory only (no disk write per call on the GUI thread): a TV restarted
#: within this time could be made to show a replayed call again, and takes it back when
#: its feed does not confirm it (``DisplayModel.withdraw_unconfirmed``).
HELD_FRESH_S = 120


def _own_file(name: str):
    """*name* in this PC's own memory, beside trust.json: the nonces heard, the trust kept."""
    from ult_desktop.app.station_key import key_dir

    return key_dir() / name


def _keep(name: str, data, what: str) -> None:
    """*data* written to this PC's own file *name*; a full or read-only disk: *what* is
    kept for this run only."""
    from ult_desktop.app.localfiles import write_atomic

    try:
        write_atomic(_own_file(name), json.dumps(data), private=True)
    except OSError as exc:
        log.warning("%s not kept: %s", what, exc)


def _heard_before() -> dict[str, float]:
    """The calls' nonces this PC heard in the last MAX_AGE_S (a call older than that is
    refused anyway): a restarted TV does not speak a replayed call again."""
    now = time.time()
    return {str(n): float(t) for n, t in read_json(_own_file("lan-heard.json")).items()
            if isinstance(t, (int, float)) and now - t <= lan.MAX_AGE_S}


def _remember_heard(nonce: str) -> None:
    _keep("lan-heard.json", {**_heard_before(), nonce: time.time()}, "LAN nonces")


def _keep_trust(target: str, trust) -> None:
    root, keys, counters, prefixes = trust
    if root is not None:
        _keep("lan-trust.json", {
            "target": target, "root": root, "counters": sorted(counters),
            "prefixes": sorted(prefixes),
            "keys": {k: [bytes(public).hex(), role] for k, (public, role) in keys.items()}},
            "LAN trust")


def _kept_trust(target: str):
    """The trust this PC kept from its last clean read of *target* (root, keys, counters,
    prefixes), or None."""
    data = read_json(_own_file("lan-trust.json"))
    if data.get("target") != target:
        return None
    try:
        keys = {str(k): (bytes.fromhex(v[0]), str(v[1])) for k, v in data["keys"].items()}
        return (str(data["root"]), keys, {int(c) for c in data["counters"]},
                {str(p) for p in data["prefixes"]})
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def lan_trust(db, pinned: str | None = None):
    """The office's root key, the registered keys with their roles, and the office's
    counter numbers and ticket prefixes: what the TV believes on the LAN (``lan.believe``).
    *pinned*: the root this TV was given (None: the one this PC pinned), never the file's."""
    from ult_desktop.db.house.office import read_counters
    from ult_desktop.db.queue.numbers import read_line_prefixes
    from ult_desktop.db.record.station_keys import lan_trust as read

    pinned = pinned or (db.trust or {}).get("root")

    def trust(conn):
        root, keys = read(conn, pinned)
        return root, keys, {c.number for c in read_counters(conn) if c.active}, \
            read_line_prefixes(conn)

    return db.read(trust)


def record_lan_calls(db, calls: list[dict]) -> int:
    """One signed event with the calls the TV spoke from the LAN while the file was away
    (number, counter, the calling key, when, its nonce); returns its id."""
    from ult_desktop.db.record.events import append_event

    return db.write(lambda conn: append_event(conn, db.station, LAN_CALLS_SPOKEN,
                                              data={"calls": calls}))


class LanEar(QObject):
    """``heard(number, counter)``: a call the station may believe. *speaks*: the TV,
    whose spoken calls go into the file when it is back (a phone page's ear keeps none)."""

    heard = Signal(str, int)
    #: ``(number, counter, act)``: the TV heard, while the file is there, a call the
    #: record holds as its act at *act* (the feed confirms it, or the TV takes it back)
    heard_held = Signal(str, int, object)
    #: a datagram not believed: while the file is there, or a call refused (its reason)
    ignored = Signal(str)

    def __init__(self, station, parent=None, *, speaks: bool = True):
        super().__init__(parent)
        self.station, self.speaks = station, speaks
        self.root: str | None = None
        self.keys: dict[str, tuple[bytes, str]] = {}
        #: this office's counters and ticket prefixes, as the file had them
        self.counters: set[int] = set()
        self.prefixes: set[str] = set()
        self.away = False
        #: calls spoken while the file was away, recorded in it when it is back
        self.spoken: list[dict] = []
        self.seen: set[str] = set(_heard_before())  # replays, across restarts too
        kept = _kept_trust(str(station.path))  # a TV started while the file is away
        if kept is not None:
            self._trust(kept)
        self._datagram = Relay(self._judge, self)  # from the listener's thread to this one
        try:
            self.listener: lan.Listener | None = lan.Listener(self._datagram)
        except OSError as exc:  # the port is taken (a second display on this PC)
            log.warning("LAN port %s not open: %s", lan.port(), exc)
            self.listener = None
        station.connection_changed.connect(self._connection)
        if station.state is not None:  # an ear opened on a running station
            self._connection(station.state, station.message)

    def _connection(self, state: str, _message: str) -> None:
        self.away = state in _AWAY
        if state == "ok":  # who may say what, as the record has it now
            self.station.run(lan_trust, done=self._trusted, failed=lambda _e: None,
                             parent=self)
            if self.spoken:  # what the TV said while the file was away, into the record
                calls, self.spoken = self.spoken, []
                self.station.run(record_lan_calls, calls, done=lambda _n: None,
                                 failed=lambda _e, c=calls: self.spoken.extend(c),
                                 parent=self)

    def _trust(self, trust) -> None:
        self.root, self.keys, self.counters, self.prefixes = trust

    @property
    def trust(self):
        return self.root, self.keys, self.counters, self.prefixes

    def _trusted(self, trust) -> None:
        """What the file said, read cleanly: believed now, and kept on this PC's disk."""
        self._trust(trust)
        _keep_trust(str(self.station.path), trust)

    def _judge(self, data: bytes) -> None:
        if self.root is None or not (self.away or self.speaks):
            self.ignored.emit("file_there")  # the phone page: the feed says the calls
            return
        message = lan.believe(data, self.trust, seen=self.seen)
        if isinstance(message, str):
            if message == "refused":
                self.ignored.emit(message)
            return
        number, counter, act = str(message["number"]), message["counter"], lan.act_of(message)
        if not self.away:  # the TV, the file there: only news of a call the record holds
            if act is None or abs((datetime.now(timezone.utc) - act).total_seconds()) > \
                    HELD_FRESH_S:
                self.ignored.emit("file_there")
                return
            self.heard_held.emit(number, counter, act)  # replays: its nonce, in memory
            return
        if self.speaks:
            self.spoken.append({"number": number, "counter": counter, "key": message["key"],
                                "at": message["at"], "nonce": str(message.get("nonce"))})
        _remember_heard(str(message.get("nonce")))
        self.heard.emit(number, counter)

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
